/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mnr-workspace.h"

G_BEGIN_DECLS

#define MNR_TYPE_MEETING_EDITOR (mnr_meeting_editor_get_type ())

G_DECLARE_FINAL_TYPE (MnrMeetingEditor, mnr_meeting_editor, MNR, MEETING_EDITOR, AdwWindow)

GtkWidget *mnr_meeting_editor_new        (GtkWindow        *parent,
                                          MnrWorkspace     *workspace,
                                          const char       *meeting_id);

/* For tests: what a user types and chooses. */
void       mnr_meeting_editor_set_text   (MnrMeetingEditor *self,
                                          const char       *title,
                                          const char       *date,
                                          const char       *place,
                                          const char       *attendees,
                                          const char       *apologies);
void       mnr_meeting_editor_set_agenda_kind (MnrMeetingEditor *self,
                                          const char       *kind);
void       mnr_meeting_editor_add_item   (MnrMeetingEditor *self,
                                          const char       *element_id);
void       mnr_meeting_editor_move_item  (MnrMeetingEditor *self,
                                          guint             index,
                                          int               delta);
void       mnr_meeting_editor_remove_item (MnrMeetingEditor *self,
                                          guint             index);
GStrv      mnr_meeting_editor_dup_agenda (MnrMeetingEditor *self);
gboolean   mnr_meeting_editor_can_save   (MnrMeetingEditor *self);
gboolean   mnr_meeting_editor_save       (MnrMeetingEditor *self,
                                          GError          **error);

G_END_DECLS
