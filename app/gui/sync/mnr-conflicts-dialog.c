/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-conflicts-dialog"

#include "config.h"

#include "mnr-gui-resources.h"

#include <glib/gi18n.h>

#include "mnr-conflicts-dialog-private.h"

/* "Conflicts": the records changed both here and on the server since the
 * last sync (docs/sync-protocol.md, section 7.5), each named in words on the
 * start side; on the end side the selected one, field by field, yours
 * beside the server's, with who changed each and when.
 *
 * A field changed on one side only is merged automatically (rule 4) and
 * says so; a field changed on both sides to different values needs a
 * person's choice: yours, the server's, or for free text a merged text.
 * A deletion against an edit (rule 3) is said in plain words, with its two
 * choices: accept the deletion, or keep the edited version.
 *
 * Whatever is chosen becomes the local version through
 * mnr_store_resolve_conflict() and goes to the server at the next sync;
 * ::resolved tells the window to show the new state. The conflicts are
 * few, so the list is rebuilt from the store after every change. */

G_DEFINE_FINAL_TYPE (MnrConflictsDialog, mnr_conflicts_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  PROP_FRAMEWORK,
  PROP_CATALOG,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  RESOLVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Tells the window a conflict was resolved: see ::resolved. */
void
mnr_conflicts_dialog_emit_resolved (MnrConflictsDialog *self,
                                    const char         *type,
                                    const char         *id)
{
  g_assert (MNR_IS_CONFLICTS_DIALOG (self));

  g_signal_emit (self, signals[RESOLVED], 0, type, id);
}

void
mnr_conflicts_dialog_show_toast (MnrConflictsDialog *self,
                                 const char         *title)
{
  g_clear_object (&self->toast);
  self->toast = adw_toast_new (title);
  adw_toast_set_timeout (self->toast, 8);
  adw_toast_overlay_add_toast (self->toast_overlay, g_object_ref (self->toast));
}

/* ------------------------------------------------------------------ */
/* The list */

static void
on_row_selected_cb (MnrConflictsDialog *self,
                    GtkListBoxRow      *row,
                    GtkListBox         *list)
{
  int index;

  if (self->rebuilding || row == NULL)
    return;

  index = gtk_list_box_row_get_index (row);
  if (index < 0 || (guint)index >= self->conflicts->len)
    return;

  mnr_conflicts_dialog_show_conflict (self, g_ptr_array_index (self->conflicts, index));
}

/**
 * mnr_conflicts_dialog_reload:
 *
 * Reads the conflicts from the store again (after a sync, after one was
 * resolved), keeping the one shown when it is still there, and what was
 * chosen for it when it did not change.
 */
void
mnr_conflicts_dialog_reload (MnrConflictsDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autofree char *shown_type = NULL;
  g_autofree char *shown_id = NULL;
  g_autofree char *subtitle = NULL;
  GtkWidget *child;
  GtkListBoxRow *selected;
  int index = 0;

  g_return_if_fail (MNR_IS_CONFLICTS_DIALOG (self));

  conflicts = mnr_store_list_conflicts (self->store, &error);
  if (conflicts == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The conflicts could not be read: %s"), error->message);

      mnr_conflicts_dialog_show_toast (self, message);
      return;
    }

  if (self->current != NULL)
    {
      shown_type = g_strdup (self->current->type);
      shown_id = g_strdup (self->current->id);
    }
  selected = gtk_list_box_get_selected_row (self->conflict_list);
  if (selected != NULL)
    index = gtk_list_box_row_get_index (selected);

  /* @current points into the old list until the new one is shown. */
  self->current = NULL;
  g_hash_table_remove_all (self->round_names);
  g_clear_pointer (&self->conflicts, g_ptr_array_unref);
  self->conflicts = g_steal_pointer (&conflicts);

  self->rebuilding = TRUE;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->conflict_list))) != NULL)
    gtk_list_box_remove (self->conflict_list, child);
  for (guint i = 0; i < self->conflicts->len; i++)
    {
      MnrSyncConflict *conflict = g_ptr_array_index (self->conflicts, i);

      gtk_list_box_append (self->conflict_list, mnr_conflicts_dialog_new_conflict_row (self, conflict));
      if (shown_type != NULL && g_str_equal (conflict->type, shown_type) && g_str_equal (conflict->id, shown_id))
        index = (int)i;
    }
  self->rebuilding = FALSE;

  if (self->conflicts->len == 0)
    {
      mnr_conflicts_dialog_clear_shown (self);
      adw_window_title_set_subtitle (self->window_title, "");
      gtk_stack_set_visible_child_name (self->main_stack, "empty");
      gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->close_button));
      mnr_conflicts_dialog_update_actions (self);
      if (gtk_widget_get_mapped (GTK_WIDGET (self)))
        gtk_widget_grab_focus (GTK_WIDGET (self->close_button));
      return;
    }

  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u to resolve", "%u to resolve",
                                           self->conflicts->len), self->conflicts->len);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_stack_set_visible_child_name (self->main_stack, "conflicts");

  index = CLAMP (index, 0, (int)self->conflicts->len - 1);
  mnr_conflicts_dialog_show_conflict (self, g_ptr_array_index (self->conflicts, index));
  gtk_list_box_select_row (self->conflict_list, gtk_list_box_get_row_at_index (self->conflict_list, index));
}

/**
 * mnr_conflicts_dialog_set_zoom:
 * @percent: one of the main window's zoom steps, 100 for none
 *
 * Shows the window's text at the main window's zoom, for a projector.
 */
void
mnr_conflicts_dialog_set_zoom (MnrConflictsDialog *self,
                               int                 percent)
{
  g_autofree char *old_class = NULL;
  g_autofree char *new_class = NULL;

  g_return_if_fail (MNR_IS_CONFLICTS_DIALOG (self));

  old_class = g_strdup_printf ("zoom-%d", self->zoom);
  new_class = g_strdup_printf ("zoom-%d", percent);
  gtk_widget_remove_css_class (GTK_WIDGET (self->toast_overlay), old_class);
  gtk_widget_add_css_class (GTK_WIDGET (self->toast_overlay), new_class);
  self->zoom = percent;
}

static void
mnr_conflicts_dialog_constructed (GObject *object)
{
  MnrConflictsDialog *self = (MnrConflictsDialog *)object;

  G_OBJECT_CLASS (mnr_conflicts_dialog_parent_class)->constructed (object);

  g_return_if_fail (MNR_IS_STORE (self->store));
  g_return_if_fail (MNR_IS_FRAMEWORK (self->framework));

  g_signal_connect_object (self->conflict_list, "row-selected", G_CALLBACK (on_row_selected_cb), self,
                           G_CONNECT_SWAPPED);
  mnr_conflicts_dialog_reload (self);
}

static void
mnr_conflicts_dialog_dispose (GObject *object)
{
  MnrConflictsDialog *self = (MnrConflictsDialog *)object;

  /* The fields point at widgets the template is about to drop. */
  if (self->fields != NULL)
    g_ptr_array_set_size (self->fields, 0);
  self->current = NULL;

  gtk_widget_dispose_template (GTK_WIDGET (self), MNR_TYPE_CONFLICTS_DIALOG);

  G_OBJECT_CLASS (mnr_conflicts_dialog_parent_class)->dispose (object);
}

static void
mnr_conflicts_dialog_finalize (GObject *object)
{
  MnrConflictsDialog *self = (MnrConflictsDialog *)object;

  g_clear_pointer (&self->fields, g_ptr_array_unref);
  g_clear_pointer (&self->conflicts, g_ptr_array_unref);
  g_clear_pointer (&self->round_names, g_hash_table_unref);
  g_clear_pointer (&self->merged, mnr_sync_record_free);
  g_clear_pointer (&self->conflicting, g_strfreev);
  g_clear_pointer (&self->shown_key, g_free);
  g_clear_object (&self->toast);
  g_clear_object (&self->store);
  g_clear_object (&self->framework);
  g_clear_object (&self->catalog);

  G_OBJECT_CLASS (mnr_conflicts_dialog_parent_class)->finalize (object);
}

static void
mnr_conflicts_dialog_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  MnrConflictsDialog *self = MNR_CONFLICTS_DIALOG (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_FRAMEWORK:
      g_value_set_object (value, self->framework);
      break;

    case PROP_CATALOG:
      g_value_set_object (value, self->catalog);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mnr_conflicts_dialog_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  MnrConflictsDialog *self = MNR_CONFLICTS_DIALOG (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_FRAMEWORK:
      self->framework = g_value_dup_object (value);
      break;

    case PROP_CATALOG:
      self->catalog = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mnr_conflicts_dialog_class_init (MnrConflictsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = mnr_conflicts_dialog_constructed;
  object_class->dispose = mnr_conflicts_dialog_dispose;
  object_class->finalize = mnr_conflicts_dialog_finalize;
  object_class->get_property = mnr_conflicts_dialog_get_property;
  object_class->set_property = mnr_conflicts_dialog_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, MNR_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FRAMEWORK] =
    g_param_spec_object ("framework", NULL, NULL, MNR_TYPE_FRAMEWORK,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CATALOG] =
    g_param_spec_object ("catalog", NULL, NULL, MNR_TYPE_COUNTRY_CATALOG,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MnrConflictsDialog::resolved:
   * @type: the record's type
   * @id: the record's id
   *
   * A conflict was resolved here: the store's local version changed and
   * waits to be sent.
   */
  signals[RESOLVED] =
    g_signal_new ("resolved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  /* keeps the bundle (and its registration) in a static link */
  (void) mnr_gui_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/mnr-conflicts-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, MnrConflictsDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, MnrConflictsDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, MnrConflictsDialog, main_stack);
  gtk_widget_class_bind_template_child (widget_class, MnrConflictsDialog, close_button);
  gtk_widget_class_bind_template_child (widget_class, MnrConflictsDialog, conflict_list);
  gtk_widget_class_bind_template_child (widget_class, MnrConflictsDialog, detail_scroller);
  gtk_widget_class_bind_template_child (widget_class, MnrConflictsDialog, heading_label);
  gtk_widget_class_bind_template_child (widget_class, MnrConflictsDialog, subheading_label);
  gtk_widget_class_bind_template_child (widget_class, MnrConflictsDialog, explanation_label);
  gtk_widget_class_bind_template_child (widget_class, MnrConflictsDialog, fields_box);
  gtk_widget_class_bind_template_child (widget_class, MnrConflictsDialog, hint_label);
  gtk_widget_class_bind_template_child (widget_class, MnrConflictsDialog, keep_mine_button);
  gtk_widget_class_bind_template_child (widget_class, MnrConflictsDialog, take_theirs_button);
  gtk_widget_class_bind_template_child (widget_class, MnrConflictsDialog, save_merged_button);
  gtk_widget_class_bind_template_child (widget_class, MnrConflictsDialog, accept_deletion_button);
  gtk_widget_class_bind_template_child (widget_class, MnrConflictsDialog, keep_edited_button);

  mnr_conflicts_dialog_class_actions_init (widget_class);
}

static void
mnr_conflicts_dialog_init (MnrConflictsDialog *self)
{
  self->fields = g_ptr_array_new_with_free_func ((GDestroyNotify)mnr_conflicts_dialog_field_free);
  self->round_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify)mnr_sync_conflict_free);

  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * mnr_conflicts_dialog_new:
 * @parent: (nullable): the window it is about
 * @catalog: (nullable): to name countries; codes are shown without it
 *
 * Returns: (transfer floating): the Conflicts window, showing the store's
 *   conflicts
 */
GtkWidget *
mnr_conflicts_dialog_new (GtkWindow         *parent,
                          MnrStore          *store,
                          MnrFramework      *framework,
                          MnrCountryCatalog *catalog)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (MNR_IS_STORE (store), NULL);
  g_return_val_if_fail (MNR_IS_FRAMEWORK (framework), NULL);
  g_return_val_if_fail (catalog == NULL || MNR_IS_COUNTRY_CATALOG (catalog), NULL);

  return g_object_new (MNR_TYPE_CONFLICTS_DIALOG,
                       "transient-for", parent,
                       "store", store,
                       "framework", framework,
                       "catalog", catalog,
                       NULL);
}

/* ------------------------------------------------------------------ */
/* For the tests */

guint
mnr_conflicts_dialog_get_n_conflicts (MnrConflictsDialog *self)
{
  g_return_val_if_fail (MNR_IS_CONFLICTS_DIALOG (self), 0);

  return self->conflicts->len;
}

/**
 * mnr_conflicts_dialog_get_page:
 *
 * Returns: "conflicts", or "empty" when there are none
 */
const char *
mnr_conflicts_dialog_get_page (MnrConflictsDialog *self)
{
  g_return_val_if_fail (MNR_IS_CONFLICTS_DIALOG (self), NULL);

  return gtk_stack_get_visible_child_name (self->main_stack);
}

GtkListBox *
mnr_conflicts_dialog_get_list (MnrConflictsDialog *self)
{
  g_return_val_if_fail (MNR_IS_CONFLICTS_DIALOG (self), NULL);

  return self->conflict_list;
}

/**
 * mnr_conflicts_dialog_select:
 *
 * Selects the conflict of @type/@id in the list, as a click would.
 *
 * Returns: whether it is there
 */
gboolean
mnr_conflicts_dialog_select (MnrConflictsDialog *self,
                             const char         *type,
                             const char         *id)
{
  g_return_val_if_fail (MNR_IS_CONFLICTS_DIALOG (self), FALSE);

  for (guint i = 0; i < self->conflicts->len; i++)
    {
      MnrSyncConflict *conflict = g_ptr_array_index (self->conflicts, i);

      if (g_str_equal (conflict->type, type) && g_str_equal (conflict->id, id))
        {
          gtk_list_box_select_row (self->conflict_list, gtk_list_box_get_row_at_index (self->conflict_list, (int)i));
          return self->current == conflict;
        }
    }

  return FALSE;
}

GtkLabel *
mnr_conflicts_dialog_get_heading (MnrConflictsDialog *self)
{
  g_return_val_if_fail (MNR_IS_CONFLICTS_DIALOG (self), NULL);

  return self->heading_label;
}

GtkLabel *
mnr_conflicts_dialog_get_explanation (MnrConflictsDialog *self)
{
  g_return_val_if_fail (MNR_IS_CONFLICTS_DIALOG (self), NULL);

  return self->explanation_label;
}

/**
 * mnr_conflicts_dialog_get_column_title:
 * @mine: the "Yours" column, else "On the server"
 *
 * Returns: (nullable): the column's heading, %NULL when none is shown
 */
GtkLabel *
mnr_conflicts_dialog_get_column_title (MnrConflictsDialog *self,
                                       gboolean            mine)
{
  g_return_val_if_fail (MNR_IS_CONFLICTS_DIALOG (self), NULL);

  return mine ? self->mine_title : self->theirs_title;
}

/**
 * mnr_conflicts_dialog_list_fields:
 *
 * Returns: (transfer full): the members shown, in order
 */
GStrv
mnr_conflicts_dialog_list_fields (MnrConflictsDialog *self)
{
  GStrvBuilder *builder;
  GStrv fields;

  g_return_val_if_fail (MNR_IS_CONFLICTS_DIALOG (self), NULL);

  builder = g_strv_builder_new ();
  for (guint i = 0; i < self->fields->len; i++)
    g_strv_builder_add (builder, ((MnrConflictField *)g_ptr_array_index (self->fields, i))->member);
  fields = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);

  return fields;
}

/**
 * mnr_conflicts_dialog_get_field_part:
 *
 * Returns: (nullable) (transfer none): that part of the field shown for
 *   @member, %NULL when it has none (no choice needed, not free text)
 */
GtkWidget *
mnr_conflicts_dialog_get_field_part (MnrConflictsDialog *self,
                                     const char         *member,
                                     MnrConflictPart     part)
{
  MnrConflictField *field;

  g_return_val_if_fail (MNR_IS_CONFLICTS_DIALOG (self), NULL);

  field = mnr_conflicts_dialog_find_field (self, member);
  if (field == NULL)
    return NULL;

  switch (part)
    {
    case MNR_CONFLICT_PART_NAME:
      return field->name_label;
    case MNR_CONFLICT_PART_STATUS:
      return field->status_label;
    case MNR_CONFLICT_PART_MINE:
      return field->mine_label;
    case MNR_CONFLICT_PART_THEIRS:
      return field->theirs_label;
    case MNR_CONFLICT_PART_USE_MINE:
      return field->use_mine;
    case MNR_CONFLICT_PART_USE_THEIRS:
      return field->use_theirs;
    case MNR_CONFLICT_PART_MERGED:
      return field->merged_view;
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
mnr_conflicts_dialog_field_needs_choice (MnrConflictsDialog *self,
                                         const char         *member)
{
  MnrConflictField *field;

  g_return_val_if_fail (MNR_IS_CONFLICTS_DIALOG (self), FALSE);

  field = mnr_conflicts_dialog_find_field (self, member);
  return field != NULL && field->state == MNR_CONFLICT_FIELD_CONFLICT;
}

/**
 * mnr_conflicts_dialog_get_button:
 * @action: "keep-mine", "take-theirs", "save-merged", "accept-deletion"
 *   or "keep-edited"
 *
 * Returns: (transfer none): the button of that action
 */
GtkWidget *
mnr_conflicts_dialog_get_button (MnrConflictsDialog *self,
                                 const char         *action)
{
  g_return_val_if_fail (MNR_IS_CONFLICTS_DIALOG (self), NULL);

  if (g_str_equal (action, "keep-mine"))
    return self->keep_mine_button;
  if (g_str_equal (action, "take-theirs"))
    return self->take_theirs_button;
  if (g_str_equal (action, "save-merged"))
    return self->save_merged_button;
  if (g_str_equal (action, "accept-deletion"))
    return self->accept_deletion_button;
  if (g_str_equal (action, "keep-edited"))
    return self->keep_edited_button;

  g_return_val_if_reached (NULL);
}

AdwToast *
mnr_conflicts_dialog_get_toast (MnrConflictsDialog *self)
{
  g_return_val_if_fail (MNR_IS_CONFLICTS_DIALOG (self), NULL);

  return self->toast;
}
