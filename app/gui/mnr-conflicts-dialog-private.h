/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mnr-conflicts-dialog.h"

G_BEGIN_DECLS

/* What the widget tests look at and drive. */

/**
 * MnrConflictPart:
 * @MNR_CONFLICT_PART_NAME: the field's name ("Rationale")
 * @MNR_CONFLICT_PART_STATUS: what happened to it ("Only changed on the
 *   server — taken"); empty when it is the same on both sides
 * @MNR_CONFLICT_PART_MINE: the value in the "Yours" column
 * @MNR_CONFLICT_PART_THEIRS: the value in the "On the server" column
 * @MNR_CONFLICT_PART_USE_MINE: the toggle choosing yours (only for a field
 *   changed on both sides)
 * @MNR_CONFLICT_PART_USE_THEIRS: the toggle choosing the server's
 * @MNR_CONFLICT_PART_MERGED: the merged text (only for a free-text field
 *   changed on both sides)
 */
typedef enum
{
  MNR_CONFLICT_PART_NAME,
  MNR_CONFLICT_PART_STATUS,
  MNR_CONFLICT_PART_MINE,
  MNR_CONFLICT_PART_THEIRS,
  MNR_CONFLICT_PART_USE_MINE,
  MNR_CONFLICT_PART_USE_THEIRS,
  MNR_CONFLICT_PART_MERGED,
} MnrConflictPart;

guint       mnr_conflicts_dialog_get_n_conflicts  (MnrConflictsDialog *self);
const char *mnr_conflicts_dialog_get_page         (MnrConflictsDialog *self);
GtkListBox *mnr_conflicts_dialog_get_list         (MnrConflictsDialog *self);
gboolean    mnr_conflicts_dialog_select           (MnrConflictsDialog *self,
                                                   const char         *type,
                                                   const char         *id);
GtkLabel   *mnr_conflicts_dialog_get_heading      (MnrConflictsDialog *self);
GtkLabel   *mnr_conflicts_dialog_get_explanation  (MnrConflictsDialog *self);
GtkLabel   *mnr_conflicts_dialog_get_column_title (MnrConflictsDialog *self,
                                                   gboolean            mine);
GStrv       mnr_conflicts_dialog_list_fields      (MnrConflictsDialog *self);
GtkWidget  *mnr_conflicts_dialog_get_field_part   (MnrConflictsDialog *self,
                                                   const char         *member,
                                                   MnrConflictPart     part);
gboolean    mnr_conflicts_dialog_field_needs_choice (MnrConflictsDialog *self,
                                                     const char         *member);
GtkWidget  *mnr_conflicts_dialog_get_button       (MnrConflictsDialog *self,
                                                   const char         *action);
AdwToast   *mnr_conflicts_dialog_get_toast        (MnrConflictsDialog *self);

G_END_DECLS
