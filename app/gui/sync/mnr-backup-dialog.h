/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define MNR_TYPE_BACKUP_DIALOG (mnr_backup_dialog_get_type ())

G_DECLARE_FINAL_TYPE (MnrBackupDialog, mnr_backup_dialog, MNR, BACKUP_DIALOG, AdwWindow)

GtkWidget *mnr_backup_dialog_new (GtkWindow *parent,
                                  GFile     *store_directory);

G_END_DECLS
