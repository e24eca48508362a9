/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-actions-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "mnr-action-editor.h"
#include "mnr-action-list.h"
#include "mnr-actions-dialog.h"
#include "mnr-format.h"

/* The Actions list (Ctrl+Shift+A): every action item of the country, on
 * every capability and enabler, for the committee's secretary. Filtered by
 * status (open and in progress first), owner and due date, sorted by due
 * date, element, owner or status; a row opens the item in its editor. It
 * follows the store: items saved here, in a panel or by a sync. */

struct _MnrActionsDialog
{
  AdwWindow          parent_instance;

  MnrWorkspace      *workspace;   /* owned */
  GHashTable        *rank;        /* element id → place in the framework + 1 */
  GPtrArray         *actions;     /* MnrAction: all of the country's */
  GPtrArray         *shown;       /* borrowed from actions, as listed */
  char              *summary;

  GtkDropDown       *show_dropdown;
  GtkDropDown       *due_dropdown;
  GtkDropDown       *sort_dropdown;
  GtkEditable       *owner_entry;
  GtkLabel          *summary_label;
  GtkListBox        *list;
  GtkWidget         *stack;
  AdwStatusPage     *empty_page;
};

G_DEFINE_FINAL_TYPE (MnrActionsDialog, mnr_actions_dialog, ADW_TYPE_WINDOW)

static void
on_editor_response_cb (MnrActionsDialog *self)
{
  mnr_actions_dialog_reload (self);
}

static void
on_row_activated_cb (MnrActionsDialog *self,
                     GtkListBoxRow    *row)
{
  int index = gtk_list_box_row_get_index (row);
  GtkWidget *editor;

  if (self->shown == NULL || index < 0 || (guint) index >= self->shown->len)
    return;

  editor = mnr_action_editor_new (GTK_WINDOW (self), mnr_workspace_get_store (self->workspace),
                                  self->shown->pdata[index]);
  g_signal_connect_object (editor, "response", G_CALLBACK (on_editor_response_cb), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  gtk_window_present (GTK_WINDOW (editor));
}

static char *
element_label (MnrActionsDialog *self,
               const char       *element_id)
{
  MnrElement *element = mnr_framework_lookup (mnr_workspace_get_framework (self->workspace), element_id);

  return element != NULL ? mnr_element_dup_label (element) : g_strdup (element_id);
}

/* Lists what the filters show, from the items read last. */
static void
show_filtered (MnrActionsDialog *self)
{
  g_autofree char *today = mnr_today ();
  MnrActionFilter filter = { 0 };
  GtkWidget *child;
  guint n_overdue = 0;

  if (self->actions == NULL)
    return;  /* still being built */

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  g_clear_pointer (&self->shown, g_ptr_array_unref);

  filter.show = gtk_drop_down_get_selected (self->show_dropdown);
  filter.due = gtk_drop_down_get_selected (self->due_dropdown);
  filter.sort = gtk_drop_down_get_selected (self->sort_dropdown);
  filter.owner = gtk_editable_get_text (self->owner_entry);
  filter.today = today;
  filter.element_rank = self->rank;
  self->shown = mnr_action_filter_apply (self->actions, &filter);

  for (guint i = 0; i < self->shown->len; i++)
    {
      MnrAction *action = self->shown->pdata[i];
      g_autofree char *about = element_label (self, action->element_id);
      gboolean overdue = mnr_action_is_overdue (action, today);

      n_overdue += overdue;
      gtk_list_box_append (self->list, mnr_action_row_new (action, overdue, about));
    }

  g_free (self->summary);
  if (n_overdue > 0)
    /* Translators: above the Actions list: how many are listed, of how
     * many, and how many of those listed are overdue */
    self->summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u action item listed, %u overdue",
                                                  "%u of %u action items listed, %u overdue", self->actions->len),
                                     self->shown->len, self->actions->len, n_overdue);
  else
    /* Translators: above the Actions list: how many are listed, of how many */
    self->summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u action item listed",
                                                  "%u of %u action items listed", self->actions->len),
                                     self->shown->len, self->actions->len);
  gtk_label_set_label (self->summary_label, self->summary);

  if (self->actions->len == 0)
    {
      adw_status_page_set_title (self->empty_page, _("No Action Items Yet"));
      adw_status_page_set_description (self->empty_page,
                                       _("Action items are given by meetings, or added in a capability’s panel."));
    }
  else
    {
      adw_status_page_set_title (self->empty_page, _("No Action Item Matches"));
      adw_status_page_set_description (self->empty_page, _("Choose other filters to see more."));
    }
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), self->shown->len > 0 ? "list" : "empty");
}

/**
 * mnr_actions_dialog_reload:
 *
 * Reads the country's action items again and lists them.
 */
void
mnr_actions_dialog_reload (MnrActionsDialog *self)
{
  const char *country;

  g_return_if_fail (MNR_IS_ACTIONS_DIALOG (self));

  country = mnr_workspace_get_country (self->workspace);
  g_clear_pointer (&self->shown, g_ptr_array_unref);
  g_clear_pointer (&self->actions, g_ptr_array_unref);
  if (country != NULL)
    self->actions = mnr_store_list_actions (mnr_workspace_get_store (self->workspace), country, NULL, NULL);
  if (self->actions == NULL)
    self->actions = g_ptr_array_new_with_free_func ((GDestroyNotify) mnr_action_free);
  show_filtered (self);
}

void
mnr_actions_dialog_set_filter (MnrActionsDialog *self,
                               MnrActionShow     show,
                               MnrActionDue      due,
                               MnrActionSort     sort,
                               const char       *owner)
{
  g_return_if_fail (MNR_IS_ACTIONS_DIALOG (self));

  gtk_drop_down_set_selected (self->show_dropdown, show);
  gtk_drop_down_set_selected (self->due_dropdown, due);
  gtk_drop_down_set_selected (self->sort_dropdown, sort);
  gtk_editable_set_text (self->owner_entry, owner != NULL ? owner : "");
  show_filtered (self);
}

/**
 * mnr_actions_dialog_get_shown:
 *
 * Returns: (transfer none) (element-type MnrAction): the items listed
 */
GPtrArray *
mnr_actions_dialog_get_shown (MnrActionsDialog *self)
{
  g_return_val_if_fail (MNR_IS_ACTIONS_DIALOG (self), NULL);

  return self->shown;
}

const char *
mnr_actions_dialog_get_summary (MnrActionsDialog *self)
{
  g_return_val_if_fail (MNR_IS_ACTIONS_DIALOG (self), NULL);

  return self->summary;
}

static void
mnr_actions_dialog_finalize (GObject *object)
{
  MnrActionsDialog *self = MNR_ACTIONS_DIALOG (object);

  g_clear_pointer (&self->shown, g_ptr_array_unref);
  g_clear_pointer (&self->actions, g_ptr_array_unref);
  g_clear_pointer (&self->rank, g_hash_table_unref);
  g_clear_pointer (&self->summary, g_free);
  g_clear_object (&self->workspace);

  G_OBJECT_CLASS (mnr_actions_dialog_parent_class)->finalize (object);
}

static void
mnr_actions_dialog_class_init (MnrActionsDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = mnr_actions_dialog_finalize;
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
mnr_actions_dialog_init (MnrActionsDialog *self)
{
}

/* A labelled choice of the filter bar: its label says what it chooses,
 * and is the dropdown's accessible name and mnemonic. */
static GtkDropDown *
add_choice (MnrActionsDialog   *self,
            GtkWidget          *bar,
            const char         *mnemonic,
            const char         *name,
            const char * const *choices)
{
  GtkWidget *label = gtk_label_new_with_mnemonic (mnemonic);
  GtkWidget *dropdown = gtk_drop_down_new_from_strings (choices);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  gtk_label_set_mnemonic_widget (GTK_LABEL (label), dropdown);
  gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  g_signal_connect_object (dropdown, "notify::selected", G_CALLBACK (show_filtered), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), dropdown);
  gtk_flow_box_append (GTK_FLOW_BOX (bar), box);
  return GTK_DROP_DOWN (dropdown);
}

static GHashTable *
element_ranks (MnrFramework *framework)
{
  GListModel *sources[] = { mnr_framework_get_capabilities (framework), mnr_framework_get_enablers (framework) };
  GHashTable *rank = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n = 0;

  for (guint s = 0; s < G_N_ELEMENTS (sources); s++)
    for (guint i = 0; i < g_list_model_get_n_items (sources[s]); i++)
      {
        g_autoptr(MnrElement) element = g_list_model_get_item (sources[s], i);

        g_hash_table_insert (rank, g_strdup (mnr_element_get_id (element)), GUINT_TO_POINTER (++n));
      }
  return rank;
}

/**
 * mnr_actions_dialog_new:
 *
 * Returns: (transfer floating): the action items of the workspace's country
 */
GtkWidget *
mnr_actions_dialog_new (GtkWindow         *parent,
                        MnrWorkspace      *workspace,
                        MnrCountryCatalog *catalog)
{
  const char *shows[] = { C_("actions shown", "Open and in progress"), C_("actions shown", "Overdue"),
                          C_("actions shown", "Open"), C_("actions shown", "In progress"),
                          C_("actions shown", "Done"), C_("actions shown", "Dropped"),
                          C_("actions shown", "Every status"), NULL };
  const char *dues[] = { C_("actions due", "Any due date"), C_("actions due", "Due within 30 days"),
                         C_("actions due", "Due date passed"), C_("actions due", "No due date"), NULL };
  const char *sorts[] = { C_("actions sorted", "Due date"), C_("actions sorted", "Capability or enabler"),
                          C_("actions sorted", "Owner"), C_("actions sorted", "Status"), NULL };
  const char *country = mnr_workspace_get_country (workspace);
  MnrCountry *entry = catalog != NULL && country != NULL ? mnr_country_catalog_lookup (catalog, country) : NULL;
  MnrActionsDialog *self;
  GtkWidget *box, *header, *bar, *owner_box, *owner_label, *clamp, *content, *scroller, *title;
  g_autofree char *window_title = NULL;

  g_return_val_if_fail (MNR_IS_WORKSPACE (workspace), NULL);

  /* Translators: the Actions list's window title, %s a country */
  window_title = g_strdup_printf (_("Action Items of %s"), entry != NULL ? mnr_country_get_name (entry)
                                                                         : country != NULL ? country : "");
  self = g_object_new (MNR_TYPE_ACTIONS_DIALOG,
                       "transient-for", parent,
                       "destroy-with-parent", TRUE,
                       "title", window_title,
                       "default-width", 760,
                       "default-height", 640,
                       NULL);
  self->workspace = g_object_ref (workspace);
  self->rank = element_ranks (mnr_workspace_get_framework (workspace));

  header = adw_header_bar_new ();
  title = adw_window_title_new (_("Action Items"), entry != NULL ? mnr_country_get_name (entry) : country);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), title);

  /* The filters, wrapping on narrow windows. */
  bar = gtk_flow_box_new ();
  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (bar), GTK_SELECTION_NONE);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (bar), 4);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (bar), 12);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (bar), 6);
  self->show_dropdown = add_choice (self, bar, _("_Show"), _("Which action items are shown"), shows);
  self->due_dropdown = add_choice (self, bar, _("_Due"), _("Due date"), dues);
  self->sort_dropdown = add_choice (self, bar, _("So_rt by"), _("Sort by"), sorts);
  owner_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  owner_label = gtk_label_new_with_mnemonic (_("_Owner"));
  self->owner_entry = GTK_EDITABLE (gtk_search_entry_new ());
  g_object_set (self->owner_entry, "placeholder-text", _("Any owner"), NULL);
  gtk_label_set_mnemonic_widget (GTK_LABEL (owner_label), GTK_WIDGET (self->owner_entry));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->owner_entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Owner’s name, or part of it"), -1);
  g_signal_connect_object (self->owner_entry, "search-changed", G_CALLBACK (show_filtered), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (owner_box), owner_label);
  gtk_box_append (GTK_BOX (owner_box), GTK_WIDGET (self->owner_entry));
  gtk_flow_box_append (GTK_FLOW_BOX (bar), owner_box);

  self->summary_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->summary_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->summary_label), "dim-label");

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_widget_set_valign (GTK_WIDGET (self->list), GTK_ALIGN_START);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Action items"), -1);
  g_signal_connect_swapped (self->list, "row-activated", G_CALLBACK (on_row_activated_cb), self);

  self->empty_page = ADW_STATUS_PAGE (adw_status_page_new ());
  adw_status_page_set_icon_name (self->empty_page, "checkbox-checked-symbolic");
  self->stack = gtk_stack_new ();
  gtk_widget_set_vexpand (self->stack, TRUE);
  gtk_stack_add_named (GTK_STACK (self->stack), GTK_WIDGET (self->list), "list");
  gtk_stack_add_named (GTK_STACK (self->stack), GTK_WIDGET (self->empty_page), "empty");

  content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_top (content, 12);
  gtk_widget_set_margin_bottom (content, 18);
  gtk_widget_set_margin_start (content, 12);
  gtk_widget_set_margin_end (content, 12);
  gtk_box_append (GTK_BOX (content), bar);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->summary_label));
  gtk_box_append (GTK_BOX (content), self->stack);
  clamp = adw_clamp_new ();
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 900);
  adw_clamp_set_child (ADW_CLAMP (clamp), content);
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), clamp);
  gtk_widget_set_vexpand (scroller, TRUE);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), scroller);
  adw_window_set_content (ADW_WINDOW (self), box);

  g_signal_connect_object (mnr_workspace_get_store (workspace), "changed::action",
                           G_CALLBACK (mnr_actions_dialog_reload), self, G_CONNECT_SWAPPED);
  mnr_actions_dialog_reload (self);
  return GTK_WIDGET (self);
}
