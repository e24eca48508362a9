/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-conflicts-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "mnr-conflicts-dialog-private.h"

/* The fields of the conflict shown: what happened to each on both sides,
 * the choice made for it, and what can be saved. */

void
mnr_conflicts_dialog_field_free (MnrConflictField *field)
{
  if (field->use_mine != NULL)
    g_signal_handlers_disconnect_by_data (field->use_mine, field);
  if (field->use_theirs != NULL)
    g_signal_handlers_disconnect_by_data (field->use_theirs, field);
  if (field->merged_view != NULL)
    g_signal_handlers_disconnect_by_data (gtk_text_view_get_buffer (GTK_TEXT_VIEW (field->merged_view)), field);

  g_free (field->member);
  g_free (field);
}

MnrConflictField *
mnr_conflicts_dialog_find_field (MnrConflictsDialog *self,
                                 const char         *member)
{
  for (guint i = 0; i < self->fields->len; i++)
    {
      MnrConflictField *field = g_ptr_array_index (self->fields, i);

      if (g_str_equal (field->member, member))
        return field;
    }

  return NULL;
}

guint
mnr_conflicts_dialog_count_undecided (MnrConflictsDialog *self)
{
  guint n = 0;

  for (guint i = 0; i < self->fields->len; i++)
    {
      MnrConflictField *field = g_ptr_array_index (self->fields, i);

      if (field->state == MNR_CONFLICT_FIELD_CONFLICT && field->choice == MNR_CONFLICT_CHOICE_NONE)
        n++;
    }

  return n;
}

void
mnr_conflicts_dialog_update_actions (MnrConflictsDialog *self)
{
  gboolean shown = self->current != NULL;
  guint undecided = shown ? mnr_conflicts_dialog_count_undecided (self) : 0;
  guint n_conflicting = self->conflicting != NULL ? g_strv_length (self->conflicting) : 0;
  g_autofree char *hint = NULL;

  gtk_widget_set_visible (self->keep_mine_button, !self->deletion);
  gtk_widget_set_visible (self->take_theirs_button, !self->deletion);
  gtk_widget_set_visible (self->save_merged_button, !self->deletion);
  gtk_widget_set_visible (self->accept_deletion_button, self->deletion);
  gtk_widget_set_visible (self->keep_edited_button, self->deletion);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "conflicts.keep-mine", shown && !self->deletion);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "conflicts.take-theirs", shown && !self->deletion);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "conflicts.save-merged",
                                 shown && !self->deletion && undecided == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "conflicts.accept-deletion", shown && self->deletion);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "conflicts.keep-edited", shown && self->deletion);

  if (!shown)
    hint = g_strdup ("");
  else if (self->deletion)
    hint = g_strdup (_("Deleting and editing cannot be merged: choose one."));
  else if (undecided > 0)
    hint = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Choose a version of %u more field to save a merged version.",
                                         "Choose a version of %u more fields to save a merged version.",
                                         undecided), undecided);
  else if (n_conflicting > 0)
    hint = g_strdup (_("Every field has a choice: the merged version can be saved."));
  else
    hint = g_strdup (_("Save Merged keeps the changes made on both sides."));

  gtk_label_set_label (self->hint_label, hint);
}

static const char *
status_text (MnrConflictsDialog *self,
             MnrConflictField   *field)
{
  if (self->deletion)
    {
      switch (field->state)
        {
        case MNR_CONFLICT_FIELD_CHANGED_HERE:
          return _("Changed in your edit");
        case MNR_CONFLICT_FIELD_CHANGED_THERE:
          return _("Changed in the edit on the server");
        case MNR_CONFLICT_FIELD_SAME:
        case MNR_CONFLICT_FIELD_CHANGED_ALIKE:
        case MNR_CONFLICT_FIELD_CONFLICT:
        default:
          return "";
        }
    }

  switch (field->state)
    {
    case MNR_CONFLICT_FIELD_CHANGED_ALIKE:
      return _("Changed the same way on both sides");
    case MNR_CONFLICT_FIELD_CHANGED_HERE:
      return _("Only changed by you — kept");
    case MNR_CONFLICT_FIELD_CHANGED_THERE:
      return _("Only changed on the server — taken");
    case MNR_CONFLICT_FIELD_CONFLICT:
      switch (field->choice)
        {
        case MNR_CONFLICT_CHOICE_MINE:
          return _("Changed on both sides — yours chosen");
        case MNR_CONFLICT_CHOICE_THEIRS:
          return _("Changed on both sides — the server’s chosen");
        case MNR_CONFLICT_CHOICE_EDITED:
          return _("Changed on both sides — merged text");
        case MNR_CONFLICT_CHOICE_NONE:
        default:
          return field->free_text ? _("Changed on both sides — choose one, or edit the merged text")
                                  : _("Changed on both sides — choose one");
        }
    case MNR_CONFLICT_FIELD_SAME:
    default:
      return "";
    }
}

/* The classes that show, beside the words, what happens to the field. */
void
mnr_conflicts_dialog_update_field (MnrConflictField *field)
{
  MnrConflictsDialog *self = field->dialog;
  const char *status = status_text (self, field);
  gboolean mine_wins = field->state == MNR_CONFLICT_FIELD_CHANGED_HERE ||
                       (field->state == MNR_CONFLICT_FIELD_CONFLICT && field->choice == MNR_CONFLICT_CHOICE_MINE);
  gboolean theirs_wins = field->state == MNR_CONFLICT_FIELD_CHANGED_THERE ||
                         (field->state == MNR_CONFLICT_FIELD_CONFLICT && field->choice == MNR_CONFLICT_CHOICE_THEIRS);

  gtk_label_set_label (GTK_LABEL (field->status_label), status);
  gtk_widget_set_visible (field->status_label, status[0] != '\0');
  if (status[0] != '\0')
    gtk_widget_add_css_class (field->row, "has-status");
  else
    gtk_widget_remove_css_class (field->row, "has-status");

  if (field->state == MNR_CONFLICT_FIELD_CONFLICT && field->choice == MNR_CONFLICT_CHOICE_NONE)
    gtk_widget_add_css_class (field->row, "needs-choice");
  else
    gtk_widget_remove_css_class (field->row, "needs-choice");

  if (self->deletion)
    return;

  if (mine_wins)
    gtk_widget_add_css_class (field->mine_cell, "chosen");
  else
    gtk_widget_remove_css_class (field->mine_cell, "chosen");

  if (theirs_wins)
    gtk_widget_add_css_class (field->theirs_cell, "chosen");
  else
    gtk_widget_remove_css_class (field->theirs_cell, "chosen");
}

static void
set_merged_text (MnrConflictField *field,
                 const char       *text)
{
  GtkTextBuffer *buffer;

  if (field->merged_view == NULL)
    return;

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (field->merged_view));
  field->updating = TRUE;
  gtk_text_buffer_set_text (buffer, text, -1);
  field->updating = FALSE;
}

static void
choose (MnrConflictField  *field,
        MnrConflictChoice  choice)
{
  MnrConflictsDialog *self = field->dialog;

  field->choice = choice;

  field->updating = TRUE;
  if (field->use_mine != NULL)
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (field->use_mine), choice == MNR_CONFLICT_CHOICE_MINE);
  if (field->use_theirs != NULL)
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (field->use_theirs), choice == MNR_CONFLICT_CHOICE_THEIRS);
  field->updating = FALSE;

  if (choice == MNR_CONFLICT_CHOICE_MINE)
    set_merged_text (field, mnr_conflicts_dialog_record_string (self->current->local, field->member));
  else if (choice == MNR_CONFLICT_CHOICE_THEIRS)
    set_merged_text (field, mnr_conflicts_dialog_record_string (self->current->remote, field->member));

  mnr_conflicts_dialog_update_field (field);
  mnr_conflicts_dialog_update_actions (self);
}

static void
on_use_toggled_cb (GtkToggleButton  *button,
                   MnrConflictField *field)
{
  gboolean mine = GTK_WIDGET (button) == field->use_mine;

  if (field->updating)
    return;

  if (gtk_toggle_button_get_active (button))
    choose (field, mine ? MNR_CONFLICT_CHOICE_MINE : MNR_CONFLICT_CHOICE_THEIRS);
  else if (field->choice == (mine ? MNR_CONFLICT_CHOICE_MINE : MNR_CONFLICT_CHOICE_THEIRS))
    choose (field, MNR_CONFLICT_CHOICE_NONE);
}

static void
on_merged_changed_cb (GtkTextBuffer    *buffer,
                      MnrConflictField *field)
{
  if (field->updating)
    return;

  choose (field, MNR_CONFLICT_CHOICE_EDITED);
}

static MnrConflictFieldState
field_state (MnrConflictsDialog *self,
             const char         *member,
             JsonNode           *base,
             JsonNode           *mine,
             JsonNode           *theirs)
{
  const MnrSyncConflict *conflict = self->current;
  gboolean has_base = conflict->base != NULL && !mnr_conflicts_dialog_record_is_empty (conflict->base);
  JsonNode *merged;

  if (self->deletion)
    {
      /* What the edit changed, when the base tells. */
      const MnrSyncRecord *edited = conflict->local->deleted ? conflict->remote : conflict->local;
      JsonNode *value = edited == conflict->local ? mine : theirs;

      if (has_base && !mnr_sync_record_members_equal (base, value))
        return edited == conflict->local ? MNR_CONFLICT_FIELD_CHANGED_HERE : MNR_CONFLICT_FIELD_CHANGED_THERE;
      return MNR_CONFLICT_FIELD_SAME;
    }

  if (self->conflicting != NULL && g_strv_contains ((const char * const *)self->conflicting, member))
    return MNR_CONFLICT_FIELD_CONFLICT;

  if (mnr_sync_record_members_equal (mine, theirs))
    return has_base && !mnr_sync_record_members_equal (base, mine) ? MNR_CONFLICT_FIELD_CHANGED_ALIKE
                                                                   : MNR_CONFLICT_FIELD_SAME;

  /* Different but not a conflict: the merge took one side. */
  if (has_base && mnr_sync_record_members_equal (base, mine))
    return MNR_CONFLICT_FIELD_CHANGED_THERE;
  if (has_base && mnr_sync_record_members_equal (base, theirs))
    return MNR_CONFLICT_FIELD_CHANGED_HERE;

  merged = mnr_conflicts_dialog_record_member (self->merged, member);
  return mnr_sync_record_members_equal (merged, theirs) ? MNR_CONFLICT_FIELD_CHANGED_THERE
                                                        : MNR_CONFLICT_FIELD_CHANGED_HERE;
}

/**
 * mnr_conflicts_dialog_field_new:
 * @base: (nullable): @member's value in the base
 * @mine: (nullable): its value here
 * @theirs: (nullable): its value on the server
 *
 * A field of the conflict shown, its state found, added to the fields;
 * its widgets are the caller's to make.
 *
 * Returns: (transfer none): the field
 */
MnrConflictField *
mnr_conflicts_dialog_field_new (MnrConflictsDialog *self,
                                const char         *member,
                                gboolean            free_text,
                                JsonNode           *base,
                                JsonNode           *mine,
                                JsonNode           *theirs)
{
  MnrConflictField *field;

  g_assert (MNR_IS_CONFLICTS_DIALOG (self));

  field = g_new0 (MnrConflictField, 1);
  field->dialog = self;
  field->member = g_strdup (member);
  field->free_text = free_text;
  field->state = field_state (self, member, base, mine, theirs);
  g_ptr_array_add (self->fields, field);

  return field;
}

/* Once its widgets are made: a toggle or the merged text makes a choice.
 * mnr_conflicts_dialog_field_free() disconnects them. */
void
mnr_conflicts_dialog_field_connect (MnrConflictField *field)
{
  if (field->use_mine != NULL)
    g_signal_connect (field->use_mine, "toggled", G_CALLBACK (on_use_toggled_cb), field);
  if (field->use_theirs != NULL)
    g_signal_connect (field->use_theirs, "toggled", G_CALLBACK (on_use_toggled_cb), field);
  if (field->merged_view != NULL)
    g_signal_connect (gtk_text_view_get_buffer (GTK_TEXT_VIEW (field->merged_view)), "changed",
                      G_CALLBACK (on_merged_changed_cb), field);
}

/* Whether @member differs between any two of the versions. */
gboolean
mnr_conflicts_dialog_member_differs (const MnrSyncConflict *conflict,
                                     const char            *member)
{
  JsonNode *mine = mnr_conflicts_dialog_record_member (conflict->local, member);
  JsonNode *theirs = mnr_conflicts_dialog_record_member (conflict->remote, member);
  gboolean has_mine = !mnr_conflicts_dialog_record_is_empty (conflict->local);
  gboolean has_theirs = !mnr_conflicts_dialog_record_is_empty (conflict->remote);

  if (has_mine && has_theirs && !mnr_sync_record_members_equal (mine, theirs))
    return TRUE;

  if (conflict->base != NULL && !mnr_conflicts_dialog_record_is_empty (conflict->base))
    {
      JsonNode *base = mnr_conflicts_dialog_record_member (conflict->base, member);

      return (has_mine && !mnr_sync_record_members_equal (base, mine)) ||
             (has_theirs && !mnr_sync_record_members_equal (base, theirs));
    }

  return FALSE;
}
