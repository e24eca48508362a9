/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-groups-dialog"

#include "config.h"

#include "mnr-gui-resources.h"

#include <glib/gi18n.h>

#include "mnr-catalog-properties.h"
#include "mnr-group-editor.h"
#include "mnr-groups-dialog-private.h"

/* "Regional Groups": the groups bundled with the app (ASEAN, SAIEVAC …),
 * read-only, and the user's own, with New, Edit and Delete. The editing is
 * MnrGroupEditor's; deleting asks first. Both lists are list boxes bound
 * to models: the catalog's groups, and a copy of the store's that is
 * reloaded after every change made here. */

/* How many member names a row's subtitle shows before "and N more". */
#define N_NAMES_SHOWN 3

struct _MnrGroupsDialog
{
  AdwWindow          parent_instance;

  /* template widgets */
  AdwToastOverlay   *toast_overlay;
  GtkListBox        *bundled_list;
  GtkListBox        *own_list;
  GtkWidget         *empty_label;

  /* owned */
  MnrWorkspace      *workspace;
  MnrCountryCatalog *catalog;
  GListStore        *own_groups;
  AdwToast          *toast;
};

G_DEFINE_FINAL_TYPE (MnrGroupsDialog, mnr_groups_dialog, ADW_TYPE_WINDOW)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_toast (MnrGroupsDialog *self,
            const char      *title)
{
  g_clear_object (&self->toast);
  self->toast = adw_toast_new (title);
  adw_toast_set_timeout (self->toast, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, g_object_ref (self->toast));
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_utf8_collate (*(const char * const *)a, *(const char * const *)b);
}

/* The names of @group's members in the user's language, by name; a code
 * the catalog does not know stands for itself. */
static GPtrArray *
dup_member_names (MnrGroupsDialog  *self,
                  MnrRegionalGroup *group)
{
  const char * const *members = mnr_regional_group_get_members (group);
  GPtrArray *names = g_ptr_array_new ();

  for (guint i = 0; members != NULL && members[i] != NULL; i++)
    {
      MnrCountry *country = mnr_country_catalog_lookup (self->catalog, members[i]);

      g_ptr_array_add (names, (gpointer)(country != NULL ? mnr_country_get_name (country) : members[i]));
    }

  g_ptr_array_sort (names, compare_names);
  return names;
}

static char *
join_names (GPtrArray *names,
            guint      n)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < n && i < names->len; i++)
    {
      if (i > 0)
        /* Translators: between the countries of a list */
        g_string_append (text, C_("list separator", ", "));
      g_string_append (text, g_ptr_array_index (names, i));
    }

  return g_string_free (text, FALSE);
}

/* "11 members: Brunei Darussalam, Cambodia, Indonesia and 8 more" */
static char *
dup_summary (GPtrArray *names)
{
  g_autofree char *shown = join_names (names, N_NAMES_SHOWN);
  g_autofree char *listed = NULL;
  guint n = names->len;

  if (n == 0)
    return g_strdup (_("No members"));

  if (n > N_NAMES_SHOWN)
    /* Translators: the first member countries of a group, then how many
     * more it has ("Brunei Darussalam, Cambodia, Indonesia and 8 more") */
    listed = g_strdup_printf (ngettext ("%s and %u more", "%s and %u more", n - N_NAMES_SHOWN),
                              shown, n - N_NAMES_SHOWN);
  else
    listed = g_steal_pointer (&shown);

  /* Translators: how many member countries a group has, then their names */
  return g_strdup_printf (ngettext ("%u member: %s", "%u members: %s", n), n, listed);
}

/* "Association of Southeast Asian Nations (ASEAN)" */
static char *
dup_group_title (MnrRegionalGroup *group)
{
  const char *name = mnr_regional_group_get_name (group);
  const char *short_name = mnr_regional_group_get_short_name (group);

  if (short_name == NULL || short_name[0] == '\0' || g_str_equal (short_name, name))
    return g_strdup (name);

  /* Translators: a regional group's name, then its short name */
  return g_strdup_printf (C_("group title", "%s (%s)"), name, short_name);
}

static GtkWidget *
create_bundled_row_cb (gpointer item,
                       gpointer user_data)
{
  MnrGroupsDialog *self = user_data;
  MnrRegionalGroup *group = item;
  g_autoptr(GPtrArray) names = dup_member_names (self, group);
  g_autofree char *title = dup_group_title (group);
  g_autofree char *summary = dup_summary (names);
  g_autofree char *all = join_names (names, names->len);
  GtkWidget *row, *members, *label;

  row = adw_expander_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), summary);

  /* Expanded, the row lists every member. */
  label = g_object_new (GTK_TYPE_LABEL,
                        "label", all,
                        "xalign", 0.0f,
                        "wrap", TRUE,
                        "selectable", TRUE,
                        "margin-top", 12,
                        "margin-bottom", 12,
                        "margin-start", 12,
                        "margin-end", 12,
                        NULL);
  members = g_object_new (GTK_TYPE_LIST_BOX_ROW,
                          "child", label,
                          "activatable", FALSE,
                          "selectable", FALSE,
                          NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (members),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, all,
                                  -1);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), members);

  return row;
}

static GtkWidget *
create_own_row_cb (gpointer item,
                   gpointer user_data)
{
  MnrGroupsDialog *self = user_data;
  MnrRegionalGroup *group = item;
  g_autoptr(GPtrArray) names = dup_member_names (self, group);
  g_autofree char *title = dup_group_title (group);
  g_autofree char *summary = dup_summary (names);
  g_autofree char *edit_label = NULL;
  g_autofree char *delete_label = NULL;
  g_autoptr(GVariant) target = g_variant_ref_sink (g_variant_new_string (mnr_regional_group_get_id (group)));
  GtkWidget *row, *edit_button, *delete_button;

  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), summary);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);

  /* Translators: the accessible name of a group's Edit button */
  edit_label = g_strdup_printf (_("Edit “%s”"), mnr_regional_group_get_name (group));
  edit_button = g_object_new (GTK_TYPE_BUTTON,
                              "label", _("_Edit"),
                              "use-underline", TRUE,
                              "valign", GTK_ALIGN_CENTER,
                              "action-name", "groups-dialog.edit",
                              "action-target", target,
                              NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (edit_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, edit_label,
                                  -1);

  /* Translators: the accessible name of a group's Delete button */
  delete_label = g_strdup_printf (_("Delete “%s”"), mnr_regional_group_get_name (group));
  delete_button = g_object_new (GTK_TYPE_BUTTON,
                                "label", _("_Delete"),
                                "use-underline", TRUE,
                                "valign", GTK_ALIGN_CENTER,
                                "action-name", "groups-dialog.delete",
                                "action-target", target,
                                NULL);
  gtk_widget_add_css_class (delete_button, "destructive-action");
  gtk_accessible_update_property (GTK_ACCESSIBLE (delete_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, delete_label,
                                  -1);

  adw_action_row_add_suffix (ADW_ACTION_ROW (row), edit_button);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), delete_button);

  return row;
}

static void
reload_own_groups (MnrGroupsDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) groups = NULL;

  g_assert (MNR_IS_GROUPS_DIALOG (self));

  groups = mnr_store_list_groups (mnr_workspace_get_store (self->workspace), &error);
  if (groups == NULL)
    {
      g_autofree char *title = NULL;

      /* Translators: why the user's groups could not be listed */
      title = g_strdup_printf (_("Could not list your groups: %s"), error->message);
      show_toast (self, title);
      groups = g_ptr_array_new ();
    }

  g_list_store_splice (self->own_groups, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->own_groups)),
                       groups->pdata, groups->len);
}

static MnrRegionalGroup *
find_own_group (MnrGroupsDialog *self,
                const char      *id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->own_groups));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MnrRegionalGroup) group = g_list_model_get_item (G_LIST_MODEL (self->own_groups), i);

      if (g_strcmp0 (mnr_regional_group_get_id (group), id) == 0)
        return group;  /* the store holds a reference */
    }

  return NULL;
}

static void
on_editor_saved_cb (MnrGroupsDialog *self,
                    const char      *id,
                    MnrGroupEditor  *editor)
{
  g_assert (MNR_IS_GROUPS_DIALOG (self));

  reload_own_groups (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
on_delete_response_cb (MnrGroupsDialog  *self,
                       const char       *response,
                       AdwMessageDialog *dialog)
{
  const char *id = g_object_get_data (G_OBJECT (dialog), "mnr-group-id");

  if (g_strcmp0 (response, "delete") == 0 && id != NULL)
    mnr_groups_dialog_delete_group (self, id);
}

static void
new_group_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  mnr_groups_dialog_edit_group (MNR_GROUPS_DIALOG (widget), NULL);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  mnr_groups_dialog_edit_group (MNR_GROUPS_DIALOG (widget), g_variant_get_string (parameter, NULL));
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  mnr_groups_dialog_ask_delete (MNR_GROUPS_DIALOG (widget), g_variant_get_string (parameter, NULL));
}

static void
mnr_groups_dialog_constructed (GObject *object)
{
  MnrGroupsDialog *self = (MnrGroupsDialog *)object;

  G_OBJECT_CLASS (mnr_groups_dialog_parent_class)->constructed (object);

  g_return_if_fail (MNR_IS_WORKSPACE (self->workspace));
  g_return_if_fail (MNR_IS_COUNTRY_CATALOG (self->catalog));

  gtk_list_box_bind_model (self->bundled_list,
                           mnr_country_catalog_get_groups (self->catalog),
                           create_bundled_row_cb, self, NULL);
  gtk_list_box_bind_model (self->own_list,
                           G_LIST_MODEL (self->own_groups),
                           create_own_row_cb, self, NULL);
  reload_own_groups (self);
}

static void
mnr_groups_dialog_dispose (GObject *object)
{
  MnrGroupsDialog *self = (MnrGroupsDialog *)object;

  if (self->own_list != NULL)
    gtk_list_box_bind_model (self->own_list, NULL, NULL, NULL, NULL);
  if (self->bundled_list != NULL)
    gtk_list_box_bind_model (self->bundled_list, NULL, NULL, NULL, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), MNR_TYPE_GROUPS_DIALOG);

  G_OBJECT_CLASS (mnr_groups_dialog_parent_class)->dispose (object);
}

static void
mnr_groups_dialog_finalize (GObject *object)
{
  MnrGroupsDialog *self = (MnrGroupsDialog *)object;

  g_clear_object (&self->own_groups);
  g_clear_object (&self->toast);
  g_clear_object (&self->catalog);
  g_clear_object (&self->workspace);

  G_OBJECT_CLASS (mnr_groups_dialog_parent_class)->finalize (object);
}

static void
mnr_groups_dialog_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  MnrGroupsDialog *self = MNR_GROUPS_DIALOG (object);

  if (!mnr_catalog_properties_get (prop_id, value, self->workspace, self->catalog))
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
mnr_groups_dialog_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  MnrGroupsDialog *self = MNR_GROUPS_DIALOG (object);

  if (!mnr_catalog_properties_set (prop_id, value, &self->workspace, &self->catalog))
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
mnr_groups_dialog_class_init (MnrGroupsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = mnr_groups_dialog_constructed;
  object_class->dispose = mnr_groups_dialog_dispose;
  object_class->finalize = mnr_groups_dialog_finalize;
  object_class->get_property = mnr_groups_dialog_get_property;
  object_class->set_property = mnr_groups_dialog_set_property;

  mnr_catalog_properties_install (object_class);

  /**
   * MnrGroupsDialog::changed:
   *
   * A group of the user's was added, changed or deleted here.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /* keeps the bundle (and its registration) in a static link */
  (void) mnr_gui_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/mnr-groups-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, MnrGroupsDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, MnrGroupsDialog, bundled_list);
  gtk_widget_class_bind_template_child (widget_class, MnrGroupsDialog, own_list);
  gtk_widget_class_bind_template_child (widget_class, MnrGroupsDialog, empty_label);

  gtk_widget_class_install_action (widget_class, "groups-dialog.new-group", NULL, new_group_action);
  gtk_widget_class_install_action (widget_class, "groups-dialog.edit", "s", edit_action);
  gtk_widget_class_install_action (widget_class, "groups-dialog.delete", "s", delete_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "groups-dialog.new-group", NULL);
}

static void
mnr_groups_dialog_init (MnrGroupsDialog *self)
{
  self->own_groups = g_list_store_new (MNR_TYPE_REGIONAL_GROUP);

  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * mnr_groups_dialog_new:
 * @parent: (nullable): the window it belongs to
 * @workspace: whose store keeps the user's groups
 * @catalog: the bundled groups, and the countries' names
 */
GtkWidget *
mnr_groups_dialog_new (GtkWindow         *parent,
                       MnrWorkspace      *workspace,
                       MnrCountryCatalog *catalog)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (MNR_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (MNR_IS_COUNTRY_CATALOG (catalog), NULL);

  return g_object_new (MNR_TYPE_GROUPS_DIALOG,
                       "transient-for", parent,
                       "workspace", workspace,
                       "catalog", catalog,
                       NULL);
}

/* --- what the actions do, and the tests call --- */

/**
 * mnr_groups_dialog_edit_group:
 * @id: (nullable): one of the user's groups, or %NULL for a new group
 *
 * Opens the group editor over the dialog.
 *
 * Returns: (transfer none) (nullable): the editor, or %NULL if there is
 *   no such group
 */
GtkWidget *
mnr_groups_dialog_edit_group (MnrGroupsDialog *self,
                              const char      *id)
{
  MnrRegionalGroup *group = NULL;
  GtkWidget *editor;

  g_return_val_if_fail (MNR_IS_GROUPS_DIALOG (self), NULL);

  if (id != NULL && (group = find_own_group (self, id)) == NULL)
    {
      g_warning ("No group of the user's has the id %s", id);
      return NULL;
    }

  editor = mnr_group_editor_new (GTK_WINDOW (self), self->workspace, self->catalog, group);
  g_signal_connect_object (editor, "saved", G_CALLBACK (on_editor_saved_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (editor));

  return editor;
}

/**
 * mnr_groups_dialog_ask_delete:
 * @id: one of the user's groups
 *
 * Asks whether to delete the group; its "delete" response deletes it.
 *
 * Returns: (transfer none) (nullable): the question, an #AdwMessageDialog,
 *   or %NULL if there is no such group
 */
GtkWidget *
mnr_groups_dialog_ask_delete (MnrGroupsDialog *self,
                              const char      *id)
{
  MnrRegionalGroup *group;
  GtkWidget *dialog;
  g_autofree char *heading = NULL;

  g_return_val_if_fail (MNR_IS_GROUPS_DIALOG (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  if ((group = find_own_group (self, id)) == NULL)
    {
      g_warning ("No group of the user's has the id %s", id);
      return NULL;
    }

  /* Translators: asked before one of the user's groups is deleted */
  heading = g_strdup_printf (_("Delete “%s”?"), mnr_regional_group_get_name (group));
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                   _("The group is removed from your list. The countries, their "
                                     "ratings and their evidence stay as they are."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "mnr-group-id", g_strdup (id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_delete_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));

  return dialog;
}

/**
 * mnr_groups_dialog_delete_group:
 * @id: one of the user's groups
 *
 * Deletes the group, as confirming the question does. A failure is shown
 * as a toast.
 *
 * Returns: %TRUE if the group was deleted
 */
gboolean
mnr_groups_dialog_delete_group (MnrGroupsDialog *self,
                                const char      *id)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (MNR_IS_GROUPS_DIALOG (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (!mnr_store_remove_group (mnr_workspace_get_store (self->workspace), id, &error))
    {
      g_autofree char *title = NULL;

      /* Translators: why the group could not be deleted */
      title = g_strdup_printf (_("Could not delete the group: %s"), error->message);
      show_toast (self, title);
      reload_own_groups (self);
      return FALSE;
    }

  reload_own_groups (self);
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

/**
 * mnr_groups_dialog_get_bundled_groups:
 *
 * Returns: (transfer none): the groups of the first list
 */
GListModel *
mnr_groups_dialog_get_bundled_groups (MnrGroupsDialog *self)
{
  g_return_val_if_fail (MNR_IS_GROUPS_DIALOG (self), NULL);

  return mnr_country_catalog_get_groups (self->catalog);
}

/**
 * mnr_groups_dialog_get_own_groups:
 *
 * Returns: (transfer none): the user's groups, as listed
 */
GListModel *
mnr_groups_dialog_get_own_groups (MnrGroupsDialog *self)
{
  g_return_val_if_fail (MNR_IS_GROUPS_DIALOG (self), NULL);

  return G_LIST_MODEL (self->own_groups);
}

/* Whether "No groups of your own yet" is what the second list shows. */
gboolean
mnr_groups_dialog_get_empty_visible (MnrGroupsDialog *self)
{
  g_return_val_if_fail (MNR_IS_GROUPS_DIALOG (self), FALSE);

  return gtk_widget_get_visible (self->empty_label) &&
         gtk_widget_get_child_visible (self->empty_label) &&
         g_list_model_get_n_items (G_LIST_MODEL (self->own_groups)) == 0;
}

/**
 * mnr_groups_dialog_get_toast:
 *
 * Returns: (transfer none) (nullable): the last error shown
 */
AdwToast *
mnr_groups_dialog_get_toast (MnrGroupsDialog *self)
{
  g_return_val_if_fail (MNR_IS_GROUPS_DIALOG (self), NULL);

  return self->toast;
}
