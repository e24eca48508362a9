/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-conflicts-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "mnr-conflicts-dialog-private.h"

/* The window's actions: resolving the conflict shown, one way or
 * another, and zoom. */

typedef enum
{
  RESOLVED_MINE,
  RESOLVED_THEIRS,
  RESOLVED_MERGED,
  RESOLVED_DELETED,
  RESOLVED_RESTORED,
} Resolution;

/* What was done, in words, for @name (the record's). */
static char *
describe_resolution (Resolution  resolution,
                     const char *name)
{
  switch (resolution)
    {
    case RESOLVED_MINE:
      /* Translators: in these five, %s names a record, capitalised, as
       * "Evidence “National Plan of Action”" */
      return g_strdup_printf (_("Your version of %s was kept. It is sent at the next sync."), name);
    case RESOLVED_THEIRS:
      return g_strdup_printf (_("The server’s version of %s was taken."), name);
    case RESOLVED_MERGED:
      return g_strdup_printf (_("The merged version of %s was saved. It is sent at the next sync."), name);
    case RESOLVED_DELETED:
      return g_strdup_printf (_("%s stays deleted."), name);
    case RESOLVED_RESTORED:
      return g_strdup_printf (_("%s was restored with the edit. It is sent at the next sync."), name);
    default:
      g_return_val_if_reached (NULL);
    }
}

static void
resolve (MnrConflictsDialog *self,
         MnrSyncRecord      *chosen,
         Resolution          resolution)
{
  g_autoptr(MnrSyncRecord) record = chosen;
  g_autoptr(GError) error = NULL;
  g_autofree char *type = NULL;
  g_autofree char *id = NULL;
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;

  if (self->current == NULL)
    return;

  type = g_strdup (self->current->type);
  id = g_strdup (self->current->id);
  name = mnr_conflicts_dialog_describe_conflict_name (self, self->current);

  if (!mnr_store_resolve_conflict (self->store, type, id, record, &error))
    {
      /* Translators: %s is why, e.g. "A round needs a name …"; the
       * choices made stay on screen */
      message = g_strdup_printf (_("Not saved, and nothing was lost: %s"), error->message);
      mnr_conflicts_dialog_show_toast (self, message);
      return;
    }

  message = describe_resolution (resolution, name);
  mnr_conflicts_dialog_show_toast (self, message);

  mnr_conflicts_dialog_emit_resolved (self, type, id);
  mnr_conflicts_dialog_reload (self);
}

/* Forwards Ctrl+plus, minus and 0 to the main window, whose zoom this
 * window follows (mnr_conflicts_dialog_set_zoom()). */
static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (widget));
  const char *name = strchr (action_name, '.') + 1;
  g_autofree char *window_action = g_strconcat ("win.", name, NULL);

  if (parent != NULL)
    gtk_widget_activate_action (GTK_WIDGET (parent), window_action, NULL);
}

static void
keep_mine_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  MnrConflictsDialog *self = MNR_CONFLICTS_DIALOG (widget);

  if (self->current == NULL)
    return;

  /* The merge holds your value of every field changed on both sides, and
   * every change made on one side only: nothing is dropped unasked. */
  resolve (self, mnr_sync_record_copy (self->merged != NULL ? self->merged : self->current->local),
           RESOLVED_MINE);
}

static void
take_theirs_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  MnrConflictsDialog *self = MNR_CONFLICTS_DIALOG (widget);
  g_autoptr(MnrSyncRecord) record = NULL;

  if (self->current == NULL)
    return;

  if (self->merged == NULL || self->conflicting == NULL)
    {
      resolve (self, mnr_sync_record_copy (self->current->remote), RESOLVED_THEIRS);
      return;
    }

  /* The merge, with the server's value of every field changed on both
   * sides: changes made here only to other fields stay. */
  record = mnr_sync_record_copy (self->merged);
  for (guint i = 0; self->conflicting[i] != NULL; i++)
    {
      const char *name = self->conflicting[i];
      JsonNode *theirs;

      if (g_str_equal (name, "country"))
        {
          g_free (record->country);
          record->country = g_strdup (self->current->remote->country);
          continue;
        }

      theirs = json_object_get_member (self->current->remote->data, name);
      if (theirs != NULL)
        json_object_set_member (record->data, name, json_node_copy (theirs));
      else
        json_object_remove_member (record->data, name);
    }

  resolve (self, g_steal_pointer (&record), RESOLVED_THEIRS);
}

static void
save_merged_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  MnrConflictsDialog *self = MNR_CONFLICTS_DIALOG (widget);
  g_autoptr(MnrSyncRecord) record = NULL;

  if (self->current == NULL || self->merged == NULL || mnr_conflicts_dialog_count_undecided (self) > 0)
    return;

  record = mnr_sync_record_copy (self->merged);
  for (guint i = 0; i < self->fields->len; i++)
    {
      MnrConflictField *field = g_ptr_array_index (self->fields, i);
      const MnrSyncRecord *side;
      JsonNode *value;

      if (field->state != MNR_CONFLICT_FIELD_CONFLICT)
        continue;

      if (field->merged_view != NULL)
        {
          GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (field->merged_view));
          GtkTextIter start, end;
          g_autofree char *text = NULL;

          gtk_text_buffer_get_bounds (buffer, &start, &end);
          text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
          json_object_set_string_member (record->data, field->member, text);
          continue;
        }

      side = field->choice == MNR_CONFLICT_CHOICE_THEIRS ? self->current->remote : self->current->local;
      if (g_str_equal (field->member, "country"))
        {
          g_free (record->country);
          record->country = g_strdup (side->country);
          continue;
        }

      value = mnr_conflicts_dialog_record_member (side, field->member);
      if (value != NULL)
        json_object_set_member (record->data, field->member, json_node_copy (value));
      else if (json_object_has_member (record->data, field->member))
        json_object_remove_member (record->data, field->member);
    }

  resolve (self, g_steal_pointer (&record), RESOLVED_MERGED);
}

static void
accept_deletion_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  MnrConflictsDialog *self = MNR_CONFLICTS_DIALOG (widget);
  const MnrSyncRecord *deleted;

  if (self->current == NULL || !self->deletion)
    return;

  deleted = self->current->local->deleted ? self->current->local : self->current->remote;
  resolve (self, mnr_sync_record_copy (deleted), RESOLVED_DELETED);
}

static void
keep_edited_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  MnrConflictsDialog *self = MNR_CONFLICTS_DIALOG (widget);
  MnrSyncRecord *edited;

  if (self->current == NULL || !self->deletion)
    return;

  edited = mnr_sync_record_copy (self->current->local->deleted ? self->current->remote : self->current->local);
  edited->deleted = FALSE;
  resolve (self, edited, RESOLVED_RESTORED);
}

/* Installs the window's actions and their keys on its class. */
void
mnr_conflicts_dialog_class_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "conflicts.keep-mine", NULL, keep_mine_action);
  gtk_widget_class_install_action (widget_class, "conflicts.take-theirs", NULL, take_theirs_action);
  gtk_widget_class_install_action (widget_class, "conflicts.save-merged", NULL, save_merged_action);
  gtk_widget_class_install_action (widget_class, "conflicts.accept-deletion", NULL, accept_deletion_action);
  gtk_widget_class_install_action (widget_class, "conflicts.keep-edited", NULL, keep_edited_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  /* Zoom is the main window's, for a projector: the same keys here. */
  gtk_widget_class_install_action (widget_class, "conflicts.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "conflicts.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "conflicts.zoom-reset", NULL, zoom_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "conflicts.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "conflicts.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "conflicts.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "conflicts.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "conflicts.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "conflicts.zoom-reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_0, GDK_CONTROL_MASK, "conflicts.zoom-reset", NULL);
}
