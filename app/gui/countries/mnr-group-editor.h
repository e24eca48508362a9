/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mnr-country-catalog.h"
#include "mnr-workspace.h"

G_BEGIN_DECLS

#define MNR_TYPE_GROUP_EDITOR (mnr_group_editor_get_type ())

G_DECLARE_FINAL_TYPE (MnrGroupEditor, mnr_group_editor, MNR, GROUP_EDITOR, AdwWindow)

GtkWidget *mnr_group_editor_new (GtkWindow         *parent,
                                 MnrWorkspace      *workspace,
                                 MnrCountryCatalog *catalog,
                                 MnrRegionalGroup  *group);

G_END_DECLS
