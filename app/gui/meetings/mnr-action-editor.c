/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-action-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "mnr-alert.h"
#include "mnr-action-editor.h"
#include "mnr-ids.h"
#include "mnr-record-type.h"
#include "mnr-entry-row.h"

/* "New Action Item" / "Edit Action Item": what is to be done, by whom, by
 * when, and how far it is. A due date is typed as YYYY-MM-DD (or left
 * empty) and checked as it is typed; Save waits for a description and a
 * real day. An existing item can be deleted from here. */

struct _MnrActionEditor
{
  AdwMessageDialog  parent_instance;

  MnrStore         *store;    /* owned */
  MnrAction        *action;   /* owned: a copy, saved back */

  AdwEntryRow      *description_row;
  AdwEntryRow      *owner_row;
  AdwEntryRow      *due_row;
  AdwComboRow      *status_row;
};

G_DEFINE_FINAL_TYPE (MnrActionEditor, mnr_action_editor, ADW_TYPE_MESSAGE_DIALOG)

static void
mnr_action_editor_finalize (GObject *object)
{
  MnrActionEditor *self = MNR_ACTION_EDITOR (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->action, mnr_action_free);

  G_OBJECT_CLASS (mnr_action_editor_parent_class)->finalize (object);
}

static void
mnr_action_editor_class_init (MnrActionEditorClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mnr_action_editor_finalize;
}

static void
mnr_action_editor_init (MnrActionEditor *self)
{
}

static gboolean
due_is_valid (MnrActionEditor *self)
{
  const char *due = gtk_editable_get_text (GTK_EDITABLE (self->due_row));

  return due[0] == '\0' || mnr_id_is_date (due, FALSE);
}

gboolean
mnr_action_editor_can_save (MnrActionEditor *self)
{
  g_autofree char *description = NULL;

  g_return_val_if_fail (MNR_IS_ACTION_EDITOR (self), FALSE);

  description = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->description_row))));
  return description[0] != '\0' && due_is_valid (self);
}

static void
on_changed_cb (MnrActionEditor *self)
{
  gboolean valid = due_is_valid (self);

  if (valid)
    gtk_widget_remove_css_class (GTK_WIDGET (self->due_row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->due_row), "error");
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->due_row),
                               GTK_ACCESSIBLE_STATE_INVALID,
                               valid ? GTK_ACCESSIBLE_INVALID_FALSE : GTK_ACCESSIBLE_INVALID_TRUE,
                               -1);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "save",
                                           mnr_action_editor_can_save (self));
}

gboolean
mnr_action_editor_save (MnrActionEditor  *self,
                        GError          **error)
{
  guint status = adw_combo_row_get_selected (self->status_row);

  g_return_val_if_fail (MNR_IS_ACTION_EDITOR (self), FALSE);

  g_free (self->action->description);
  self->action->description = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->description_row)));
  g_free (self->action->owner);
  self->action->owner = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->owner_row)));
  g_free (self->action->due);
  self->action->due = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->due_row)));
  g_free (self->action->status);
  self->action->status = g_strdup (mnr_action_statuses[MIN (status, g_strv_length ((char **) mnr_action_statuses) - 1)]);

  return mnr_store_save_action (self->store, self->action, error);
}

static void
on_response_cb (MnrActionEditor *self,
                const char      *response)
{
  g_autoptr(GError) error = NULL;

  if (g_str_equal (response, "save") && !mnr_action_editor_save (self, &error))
    mnr_alert_error (gtk_window_get_transient_for (GTK_WINDOW (self)), _("Could Not Save the Action Item"), error);
  else if (g_str_equal (response, "delete") &&
           !mnr_store_remove_action (self->store, self->action->id, &error))
    mnr_alert_error (gtk_window_get_transient_for (GTK_WINDOW (self)), _("Could Not Delete the Action Item"), error);
}

void
mnr_action_editor_set_fields (MnrActionEditor *self,
                              const char      *description,
                              const char      *owner,
                              const char      *due,
                              const char      *status)
{
  g_return_if_fail (MNR_IS_ACTION_EDITOR (self));

  gtk_editable_set_text (GTK_EDITABLE (self->description_row), description != NULL ? description : "");
  gtk_editable_set_text (GTK_EDITABLE (self->owner_row), owner != NULL ? owner : "");
  gtk_editable_set_text (GTK_EDITABLE (self->due_row), due != NULL ? due : "");
  for (guint i = 0; mnr_action_statuses[i] != NULL; i++)
    if (g_strcmp0 (mnr_action_statuses[i], status) == 0)
      adw_combo_row_set_selected (self->status_row, i);
}

static AdwEntryRow *
add_entry_row (GtkWidget  *group,
               const char *title)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  /* Return in any field saves, as in Record Decision: no Tab round to the button. */
  adw_entry_row_set_activates_default (ADW_ENTRY_ROW (row), TRUE);
  mnr_entry_row_expose_focus (ADW_ENTRY_ROW (row));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  return ADW_ENTRY_ROW (row);
}

/**
 * mnr_action_editor_new:
 * @action: the item to edit, or a new one (without an id) with its
 *   country and element set, perhaps its meeting
 *
 * Returns: (transfer floating): the dialog, to present
 */
GtkWidget *
mnr_action_editor_new (GtkWindow       *parent,
                       MnrStore        *store,
                       const MnrAction *action)
{
  g_autoptr(GtkStringList) statuses = gtk_string_list_new (NULL);
  gboolean is_new = action->id == NULL;
  MnrActionEditor *self;
  GtkWidget *group;

  self = g_object_new (MNR_TYPE_ACTION_EDITOR,
                       "transient-for", parent,
                       "modal", TRUE,
                       "heading", is_new ? _("New Action Item") : _("Edit Action Item"),
                       NULL);
  self->store = g_object_ref (store);
  self->action = g_new0 (MnrAction, 1);
  self->action->id = g_strdup (action->id);
  self->action->country = g_strdup (action->country);
  self->action->element_id = g_strdup (action->element_id);
  self->action->meeting_id = g_strdup (action->meeting_id != NULL ? action->meeting_id : "");

  group = adw_preferences_group_new ();
  self->description_row = add_entry_row (group, _("What is to be done"));
  self->owner_row = add_entry_row (group, _("Owner"));
  /* Translators: the due date's entry; YYYY-MM-DD is how to type it */
  self->due_row = add_entry_row (group, _("Due date (YYYY-MM-DD, or empty)"));
  for (guint i = 0; mnr_action_statuses[i] != NULL; i++)
    gtk_string_list_append (statuses, mnr_record_choice_get_label (mnr_action_statuses, mnr_action_statuses[i]));
  self->status_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->status_row), _("Status"));
  adw_combo_row_set_model (self->status_row, G_LIST_MODEL (statuses));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->status_row));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (self), group);

  mnr_action_editor_set_fields (self, action->description, action->owner, action->due,
                                action->status != NULL ? action->status : "open");

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (self), "cancel", _("_Cancel"));
  if (!is_new)
    {
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (self), "delete", _("_Delete"));
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (self), "delete", ADW_RESPONSE_DESTRUCTIVE);
    }
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (self), "save", _("_Save"));
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (self), "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (self), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (self), "cancel");

  g_signal_connect_swapped (self->description_row, "changed", G_CALLBACK (on_changed_cb), self);
  g_signal_connect_swapped (self->due_row, "changed", G_CALLBACK (on_changed_cb), self);
  g_signal_connect (self, "response", G_CALLBACK (on_response_cb), NULL);
  on_changed_cb (self);

  return GTK_WIDGET (self);
}
