/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mnr-action-filter.h"
#include "mnr-country-catalog.h"
#include "mnr-workspace.h"

G_BEGIN_DECLS

#define MNR_TYPE_ACTIONS_DIALOG (mnr_actions_dialog_get_type ())
G_DECLARE_FINAL_TYPE (MnrActionsDialog, mnr_actions_dialog, MNR, ACTIONS_DIALOG, AdwWindow)

GtkWidget *mnr_actions_dialog_new          (GtkWindow         *parent,
                                            MnrWorkspace      *workspace,
                                            MnrCountryCatalog *catalog);
void       mnr_actions_dialog_reload       (MnrActionsDialog  *self);

/* For tests: what a user chooses, and what is listed. */
void       mnr_actions_dialog_set_filter   (MnrActionsDialog  *self,
                                            MnrActionShow      show,
                                            MnrActionDue       due,
                                            MnrActionSort      sort,
                                            const char        *owner);
GPtrArray *mnr_actions_dialog_get_shown    (MnrActionsDialog  *self);
const char *mnr_actions_dialog_get_summary (MnrActionsDialog  *self);

G_END_DECLS
