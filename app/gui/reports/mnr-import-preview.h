/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mnr-ratings-csv.h"
#include "mnr-workspace.h"

G_BEGIN_DECLS

#define MNR_TYPE_IMPORT_PREVIEW (mnr_import_preview_get_type ())

G_DECLARE_FINAL_TYPE (MnrImportPreview, mnr_import_preview, MNR, IMPORT_PREVIEW, AdwWindow)

GtkWidget   *mnr_import_preview_new              (GtkWindow        *parent,
                                                  MnrWorkspace     *workspace,
                                                  const char       *name,
                                                  MnrRatingsSheet  *sheet);
GtkDropDown *mnr_import_preview_get_column_chooser (MnrImportPreview *self,
                                                    guint             column);
GtkWidget   *mnr_import_preview_get_import_button (MnrImportPreview *self);
const char  *mnr_import_preview_get_status       (MnrImportPreview *self);

G_END_DECLS
