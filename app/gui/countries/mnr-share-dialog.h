/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mnr-country-catalog.h"
#include "mnr-workspace.h"

G_BEGIN_DECLS

#define MNR_TYPE_SHARE_DIALOG (mnr_share_dialog_get_type ())

G_DECLARE_FINAL_TYPE (MnrShareDialog, mnr_share_dialog, MNR, SHARE_DIALOG, AdwMessageDialog)

GtkWidget *mnr_share_dialog_new          (GtkWindow         *parent,
                                          MnrWorkspace      *workspace,
                                          MnrCountryCatalog *catalog,
                                          const char        *round_id);

/* For tests: what a user ticks and clicks. */
GStrv      mnr_share_dialog_list_offered (MnrShareDialog    *self);
void       mnr_share_dialog_set_chosen   (MnrShareDialog    *self,
                                          const char        *group_id,
                                          gboolean           chosen);
gboolean   mnr_share_dialog_save         (MnrShareDialog    *self,
                                          GError           **error);

char      *mnr_share_dialog_describe     (MnrCountryCatalog *catalog,
                                          MnrStore          *store,
                                          const char * const *group_ids);

G_END_DECLS
