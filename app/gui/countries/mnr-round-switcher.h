/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "mnr-country-catalog.h"
#include "mnr-workspace.h"

G_BEGIN_DECLS

#define MNR_TYPE_ROUND_SWITCHER (mnr_round_switcher_get_type ())

G_DECLARE_FINAL_TYPE (MnrRoundSwitcher, mnr_round_switcher, MNR, ROUND_SWITCHER, GtkWidget)

GtkWidget    *mnr_round_switcher_new           (MnrWorkspace      *workspace,
                                                MnrCountryCatalog *catalog);
MnrWorkspace *mnr_round_switcher_get_workspace (MnrRoundSwitcher *self);
void          mnr_round_switcher_popup         (MnrRoundSwitcher *self);
void          mnr_round_switcher_select        (MnrRoundSwitcher *self,
                                                const char       *round_id);
GListModel   *mnr_round_switcher_get_rounds    (MnrRoundSwitcher *self);

G_END_DECLS
