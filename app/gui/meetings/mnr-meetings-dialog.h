/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mnr-country-catalog.h"
#include "mnr-workspace.h"

G_BEGIN_DECLS

#define MNR_TYPE_MEETINGS_DIALOG (mnr_meetings_dialog_get_type ())

G_DECLARE_FINAL_TYPE (MnrMeetingsDialog, mnr_meetings_dialog, MNR, MEETINGS_DIALOG, AdwWindow)

GtkWidget *mnr_meetings_dialog_new        (GtkWindow         *parent,
                                           MnrWorkspace      *workspace,
                                           MnrCountryCatalog *catalog);
void       mnr_meetings_dialog_reload     (MnrMeetingsDialog *self);
guint      mnr_meetings_dialog_get_n_meetings (MnrMeetingsDialog *self);
void       mnr_meetings_dialog_new_meeting (MnrMeetingsDialog *self);

G_END_DECLS
