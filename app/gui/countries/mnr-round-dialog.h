/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mnr-workspace.h"

G_BEGIN_DECLS

#define MNR_TYPE_ROUND_DIALOG (mnr_round_dialog_get_type ())

G_DECLARE_FINAL_TYPE (MnrRoundDialog, mnr_round_dialog, MNR, ROUND_DIALOG, AdwWindow)

GtkWidget *mnr_round_dialog_new (GtkWindow    *parent,
                                 MnrWorkspace *workspace);

G_END_DECLS
