/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-minute-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "mnr-alert.h"
#include "mnr-minute-editor.h"
#include "mnr-entry-row.h"

/* "Record Decision" / "Add Note": one line of the minutes, against the
 * agenda item shown (or the meeting as a whole). A decision on an item
 * may agree a level, chosen from the scale; "No level agreed" is the
 * first choice. Save waits for some text. Opened from presentation mode,
 * transient for it, so the room never leaves the slide. */

struct _MnrMinuteEditor
{
  AdwMessageDialog  parent_instance;

  MnrStore         *store;      /* owned */
  MnrFramework     *framework;  /* owned */
  MnrMinute        *minute;     /* owned: a copy, saved */
  GPtrArray        *level_ids;  /* char *: the combo's choices after "none" */

  AdwEntryRow      *text_row;
  AdwComboRow      *level_row;  /* nullable: a note, or a decision on no item */
};

G_DEFINE_FINAL_TYPE (MnrMinuteEditor, mnr_minute_editor, ADW_TYPE_MESSAGE_DIALOG)

static void
mnr_minute_editor_finalize (GObject *object)
{
  MnrMinuteEditor *self = MNR_MINUTE_EDITOR (object);

  g_clear_object (&self->store);
  g_clear_object (&self->framework);
  g_clear_pointer (&self->minute, mnr_minute_free);
  g_clear_pointer (&self->level_ids, g_ptr_array_unref);

  G_OBJECT_CLASS (mnr_minute_editor_parent_class)->finalize (object);
}

static void
mnr_minute_editor_class_init (MnrMinuteEditorClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mnr_minute_editor_finalize;
}

static void
mnr_minute_editor_init (MnrMinuteEditor *self)
{
  self->level_ids = g_ptr_array_new_with_free_func (g_free);
}

gboolean
mnr_minute_editor_can_save (MnrMinuteEditor *self)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (MNR_IS_MINUTE_EDITOR (self), FALSE);

  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->text_row))));
  return text[0] != '\0';
}

static void
on_changed_cb (MnrMinuteEditor *self)
{
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "save",
                                           mnr_minute_editor_can_save (self));
}

/**
 * mnr_minute_editor_set_fields:
 * @level_id: (nullable): the level a decision agrees, or %NULL / "" for none
 */
void
mnr_minute_editor_set_fields (MnrMinuteEditor *self,
                              const char      *text,
                              const char      *level_id)
{
  g_return_if_fail (MNR_IS_MINUTE_EDITOR (self));

  gtk_editable_set_text (GTK_EDITABLE (self->text_row), text != NULL ? text : "");
  if (self->level_row == NULL)
    return;

  adw_combo_row_set_selected (self->level_row, 0);
  for (guint i = 0; i < self->level_ids->len; i++)
    if (g_strcmp0 (self->level_ids->pdata[i], level_id) == 0)
      adw_combo_row_set_selected (self->level_row, i + 1);
}

gboolean
mnr_minute_editor_save (MnrMinuteEditor  *self,
                        GError          **error)
{
  guint chosen = self->level_row != NULL ? adw_combo_row_get_selected (self->level_row) : 0;
  g_autofree char *text = NULL;

  g_return_val_if_fail (MNR_IS_MINUTE_EDITOR (self), FALSE);

  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->text_row))));
  g_free (self->minute->text);
  self->minute->text = g_steal_pointer (&text);
  g_free (self->minute->level_id);
  self->minute->level_id = g_strdup (chosen >= 1 && chosen <= self->level_ids->len
                                     ? self->level_ids->pdata[chosen - 1] : "");

  return mnr_store_save_minute (self->store, self->minute, error);
}

/**
 * mnr_minute_editor_get_saved_id:
 *
 * Returns: (nullable): the id of the minute saved, once it is
 */
const char *
mnr_minute_editor_get_saved_id (MnrMinuteEditor *self)
{
  g_return_val_if_fail (MNR_IS_MINUTE_EDITOR (self), NULL);

  return self->minute->id;
}

static void
on_response_cb (MnrMinuteEditor *self,
                const char      *response)
{
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "save") || mnr_minute_editor_save (self, &error))
    return;

  mnr_alert_error (gtk_window_get_transient_for (GTK_WINDOW (self)), _("Could Not Save the Minutes"), error);
}

static AdwComboRow *
level_row_new (MnrMinuteEditor *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  GListModel *levels = mnr_framework_get_levels (self->framework);
  GtkWidget *row = adw_combo_row_new ();

  gtk_string_list_append (names, _("No level agreed"));
  for (guint i = 0; i < g_list_model_get_n_items (levels); i++)
    {
      g_autoptr(MnrLevel) level = g_list_model_get_item (levels, i);

      gtk_string_list_append (names, mnr_level_get_name (level));
      g_ptr_array_add (self->level_ids, g_strdup (mnr_level_get_id (level)));
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Level agreed"));
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (names));
  return ADW_COMBO_ROW (row);
}

/**
 * mnr_minute_editor_new:
 * @minute: a new minute (no id): its meeting, its kind ("note" or
 *   "decision") and its agenda item ("" for the meeting) set
 *
 * Returns: (transfer floating): the dialog, to present
 */
GtkWidget *
mnr_minute_editor_new (GtkWindow       *parent,
                       MnrStore        *store,
                       MnrFramework    *framework,
                       const MnrMinute *minute)
{
  gboolean decision = g_strcmp0 (minute->kind, "decision") == 0;
  MnrElement *element = minute->element_id != NULL && minute->element_id[0] != '\0'
                        ? mnr_framework_lookup (framework, minute->element_id) : NULL;
  g_autofree char *about = element != NULL ? mnr_element_dup_label (element) : NULL;
  MnrMinuteEditor *self;
  GtkWidget *group;

  g_return_val_if_fail (MNR_IS_STORE (store), NULL);
  g_return_val_if_fail (MNR_IS_FRAMEWORK (framework), NULL);

  self = g_object_new (MNR_TYPE_MINUTE_EDITOR,
                       "transient-for", parent,
                       "modal", TRUE,
                       "heading", decision ? _("Record Decision") : _("Add Note"),
                       "body", about != NULL ? about : _("The meeting as a whole"),
                       NULL);
  self->store = g_object_ref (store);
  self->framework = g_object_ref (framework);
  self->minute = g_new0 (MnrMinute, 1);
  self->minute->meeting_id = g_strdup (minute->meeting_id);
  self->minute->kind = g_strdup (decision ? "decision" : "note");
  self->minute->element_id = g_strdup (element != NULL ? minute->element_id : "");

  group = adw_preferences_group_new ();
  self->text_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->text_row),
                                 decision ? _("What the committee decided") : _("Note"));
  adw_entry_row_set_activates_default (self->text_row, TRUE);
  mnr_entry_row_expose_focus (self->text_row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->text_row));
  if (decision && element != NULL)
    {
      self->level_row = level_row_new (self);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->level_row));
    }
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (self), group);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (self), "cancel", _("_Cancel"));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (self), "save", _("_Save"));
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (self), "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (self), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (self), "cancel");

  mnr_minute_editor_set_fields (self, minute->text, minute->level_id);
  g_signal_connect_swapped (self->text_row, "changed", G_CALLBACK (on_changed_cb), self);
  g_signal_connect (self, "response", G_CALLBACK (on_response_cb), NULL);
  on_changed_cb (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->text_row));

  return GTK_WIDGET (self);
}
