/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mnr-workspace.h"

G_BEGIN_DECLS

#define MNR_TYPE_SINCE_DIALOG (mnr_since_dialog_get_type ())
G_DECLARE_FINAL_TYPE (MnrSinceDialog, mnr_since_dialog, MNR, SINCE_DIALOG, AdwWindow)

GtkWidget *mnr_since_dialog_new       (GtkWindow      *parent,
                                       MnrWorkspace   *workspace);
void       mnr_since_dialog_reload    (MnrSinceDialog *self);

/* For tests: what is listed, a line each, by group. */
GStrv      mnr_since_dialog_dup_lines (MnrSinceDialog *self);

G_END_DECLS
