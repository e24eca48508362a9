/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mnr-country-catalog.h"
#include "mnr-workspace.h"

G_BEGIN_DECLS

#define MNR_TYPE_GROUPS_DIALOG (mnr_groups_dialog_get_type ())

G_DECLARE_FINAL_TYPE (MnrGroupsDialog, mnr_groups_dialog, MNR, GROUPS_DIALOG, AdwWindow)

GtkWidget *mnr_groups_dialog_new (GtkWindow         *parent,
                                  MnrWorkspace      *workspace,
                                  MnrCountryCatalog *catalog);

G_END_DECLS
