/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-action-list"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "mnr-action-editor.h"
#include "mnr-action-list.h"
#include "mnr-format.h"
#include "mnr-record-type.h"

/* The capability panel's "Action Items": those of the country on the
 * element shown, due first; each with its owner, due date and status, an
 * overdue one marked so in words and in colour; a row opens the item in
 * the editor, and "Add Action Item" makes one. */

struct _MnrActionList
{
  GtkWidget     parent_instance;

  GtkWidget    *box;
  GtkWidget    *heading;
  GtkWidget    *list;

  MnrWorkspace *workspace;   /* owned */
  char         *element_id;
  GPtrArray    *actions;     /* MnrAction, as shown */
  guint         n_overdue;
};

G_DEFINE_FINAL_TYPE (MnrActionList, mnr_action_list, GTK_TYPE_WIDGET)

static void
on_editor_response_cb (MnrActionList *self,
                       const char    *response)
{
  mnr_action_list_reload (self);
}

static void
open_editor (MnrActionList   *self,
             const MnrAction *action)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *editor;

  editor = mnr_action_editor_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                  mnr_workspace_get_store (self->workspace), action);
  g_signal_connect_object (editor, "response", G_CALLBACK (on_editor_response_cb), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  gtk_window_present (GTK_WINDOW (editor));
}

/**
 * mnr_action_list_activate_add:
 *
 * As a click on "Add Action Item": the editor, for a new item.
 */
void
mnr_action_list_activate_add (MnrActionList *self)
{
  MnrAction action = { 0 };

  g_return_if_fail (MNR_IS_ACTION_LIST (self));

  if (self->workspace == NULL || mnr_workspace_get_country (self->workspace) == NULL)
    return;

  action.country = (char *) mnr_workspace_get_country (self->workspace);
  action.element_id = self->element_id;
  action.status = (char *) "open";
  open_editor (self, &action);
}

static void
on_row_activated_cb (MnrActionList *self,
                     GtkListBoxRow *row)
{
  int index = gtk_list_box_row_get_index (row);

  if (self->actions != NULL && index >= 0 && (guint) index < self->actions->len)
    open_editor (self, self->actions->pdata[index]);
}

/**
 * mnr_action_row_new:
 * @about: (nullable): the element it is on, for a list of every element's
 *   ("Capability 4: Dedicated Law Enforcement")
 *
 * Returns: (transfer floating): a row for @action: its description; owner
 *   and due date (and @about) under it; its status, or "Overdue" in the
 *   error colour
 */
GtkWidget *
mnr_action_row_new (const MnrAction *action,
                    gboolean         overdue,
                    const char      *about)
{
  g_autofree char *due = action->due[0] != '\0' ? mnr_format_day (action->due) : NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *accessible = NULL;
  const char *status = mnr_record_choice_get_label (mnr_action_statuses, action->status);
  const char *owner = action->owner[0] != '\0' ? action->owner : _("No owner");
  GtkWidget *row, *label;

  if (due != NULL)
    /* Translators: under an action item: its owner and due date */
    subtitle = g_strdup_printf (_("%s · due %s"), owner, due);
  else
    subtitle = g_strdup (owner);
  if (about != NULL)
    {
      /* Translators: under an action item in the Actions list: the
       * capability or enabler, then owner and due date */
      char *longer = g_strdup_printf (_("%s · %s"), about, subtitle);

      g_free (subtitle);
      subtitle = longer;
    }

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), action->description);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);

  /* Overdue says so in words, not only in red. */
  label = gtk_label_new (overdue ? _("Overdue") : status != NULL ? status : action->status);
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (label, overdue ? "error" : "dim-label");
  if (overdue)
    gtk_widget_add_css_class (label, "heading");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);

  /* Translators: an action item read by screen readers: description,
   * owner and due date, status */
  accessible = g_strdup_printf (_("%s, %s, %s"), action->description, subtitle,
                                overdue ? _("Overdue") : status != NULL ? status : action->status);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);

  return row;
}

void
mnr_action_list_reload (MnrActionList *self)
{
  g_autofree char *today = mnr_today ();
  g_autofree char *heading = NULL;
  const char *country;
  GtkWidget *child;

  g_return_if_fail (MNR_IS_ACTION_LIST (self));

  while ((child = gtk_widget_get_first_child (self->list)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (self->list), child);
  g_clear_pointer (&self->actions, g_ptr_array_unref);
  self->n_overdue = 0;

  country = self->workspace != NULL ? mnr_workspace_get_country (self->workspace) : NULL;
  gtk_widget_set_visible (self->box, country != NULL && self->element_id != NULL);
  if (country == NULL || self->element_id == NULL)
    return;

  self->actions = mnr_store_list_actions (mnr_workspace_get_store (self->workspace), country,
                                          self->element_id, NULL);
  if (self->actions == NULL)
    self->actions = g_ptr_array_new_with_free_func ((GDestroyNotify) mnr_action_free);

  for (guint i = 0; i < self->actions->len; i++)
    {
      gboolean overdue = mnr_action_is_overdue (self->actions->pdata[i], today);

      self->n_overdue += overdue;
      gtk_list_box_append (GTK_LIST_BOX (self->list), mnr_action_row_new (self->actions->pdata[i], overdue, NULL));
    }

  if (self->n_overdue > 0)
    /* Translators: the heading of the panel's action items, with how many
     * of them are overdue */
    heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Action Items (%u overdue)",
                                            "Action Items (%u overdue)", self->n_overdue),
                               self->n_overdue);
  else
    heading = g_strdup (_("Action Items"));
  gtk_label_set_label (GTK_LABEL (self->heading), heading);
}

void
mnr_action_list_set_context (MnrActionList *self,
                             MnrWorkspace  *workspace,
                             const char    *element_id)
{
  g_return_if_fail (MNR_IS_ACTION_LIST (self));

  if (self->workspace != workspace)
    {
      if (self->workspace != NULL)
        {
          g_signal_handlers_disconnect_by_data (self->workspace, self);
          g_signal_handlers_disconnect_by_data (mnr_workspace_get_store (self->workspace), self);
        }
      g_set_object (&self->workspace, workspace);
      /* Items saved here, and those a sync brings. */
      if (workspace != NULL)
        g_signal_connect_object (mnr_workspace_get_store (workspace), "changed::action",
                                 G_CALLBACK (mnr_action_list_reload), self, G_CONNECT_SWAPPED);
    }
  g_free (self->element_id);
  self->element_id = g_strdup (element_id);
  mnr_action_list_reload (self);
}

guint
mnr_action_list_get_n_items (MnrActionList *self)
{
  g_return_val_if_fail (MNR_IS_ACTION_LIST (self), 0);

  return self->actions != NULL ? self->actions->len : 0;
}

guint
mnr_action_list_get_n_overdue (MnrActionList *self)
{
  g_return_val_if_fail (MNR_IS_ACTION_LIST (self), 0);

  return self->n_overdue;
}

static void
mnr_action_list_dispose (GObject *object)
{
  MnrActionList *self = MNR_ACTION_LIST (object);

  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_data (mnr_workspace_get_store (self->workspace), self);
  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (mnr_action_list_parent_class)->dispose (object);
}

static void
mnr_action_list_finalize (GObject *object)
{
  MnrActionList *self = MNR_ACTION_LIST (object);

  g_clear_object (&self->workspace);
  g_clear_pointer (&self->element_id, g_free);
  g_clear_pointer (&self->actions, g_ptr_array_unref);

  G_OBJECT_CLASS (mnr_action_list_parent_class)->finalize (object);
}

static void
mnr_action_list_class_init (MnrActionListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mnr_action_list_dispose;
  object_class->finalize = mnr_action_list_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "mnractionlist");
}

static void
mnr_action_list_init (MnrActionList *self)
{
  GtkWidget *header, *add, *placeholder;

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  gtk_widget_set_margin_top (self->box, 12);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  self->heading = gtk_label_new (_("Action Items"));
  gtk_label_set_xalign (GTK_LABEL (self->heading), 0);
  gtk_widget_set_hexpand (self->heading, TRUE);
  gtk_widget_add_css_class (self->heading, "heading");
  add = gtk_button_new_with_mnemonic (_("Add _Action Item"));
  gtk_widget_add_css_class (add, "flat");
  gtk_accessible_update_property (GTK_ACCESSIBLE (add), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Add an action item on this element"), -1);
  g_signal_connect_swapped (add, "clicked", G_CALLBACK (mnr_action_list_activate_add), self);
  gtk_box_append (GTK_BOX (header), self->heading);
  gtk_box_append (GTK_BOX (header), add);

  self->list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (self->list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Action items on this element"), -1);
  placeholder = gtk_label_new (_("No action items yet"));
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_list_box_set_placeholder (GTK_LIST_BOX (self->list), placeholder);
  g_signal_connect_swapped (self->list, "row-activated", G_CALLBACK (on_row_activated_cb), self);

  gtk_box_append (GTK_BOX (self->box), header);
  gtk_box_append (GTK_BOX (self->box), self->list);
  gtk_widget_set_visible (self->box, FALSE);
}

GtkWidget *
mnr_action_list_new (void)
{
  return g_object_new (MNR_TYPE_ACTION_LIST, NULL);
}
