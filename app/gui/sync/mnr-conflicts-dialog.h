/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mnr-country-catalog.h"
#include "mnr-framework.h"
#include "mnr-store.h"

G_BEGIN_DECLS

#define MNR_TYPE_CONFLICTS_DIALOG (mnr_conflicts_dialog_get_type ())

G_DECLARE_FINAL_TYPE (MnrConflictsDialog, mnr_conflicts_dialog, MNR, CONFLICTS_DIALOG, AdwWindow)

GtkWidget *mnr_conflicts_dialog_new    (GtkWindow          *parent,
                                        MnrStore           *store,
                                        MnrFramework       *framework,
                                        MnrCountryCatalog  *catalog);
void       mnr_conflicts_dialog_reload (MnrConflictsDialog *self);
void                mnr_conflicts_dialog_set_zoom         (MnrConflictsDialog    *self,
                                                           int                    percent);

G_END_DECLS
