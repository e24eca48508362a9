/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mnr-groups-dialog.h"

G_BEGIN_DECLS

/* What the widget tests look at and drive. */

GListModel *mnr_groups_dialog_get_bundled_groups (MnrGroupsDialog *self);
GListModel *mnr_groups_dialog_get_own_groups     (MnrGroupsDialog *self);
gboolean    mnr_groups_dialog_get_empty_visible  (MnrGroupsDialog *self);
GtkWidget  *mnr_groups_dialog_edit_group         (MnrGroupsDialog *self,
                                                  const char      *id);
GtkWidget  *mnr_groups_dialog_ask_delete         (MnrGroupsDialog *self,
                                                  const char      *id);
gboolean    mnr_groups_dialog_delete_group       (MnrGroupsDialog *self,
                                                  const char      *id);
AdwToast   *mnr_groups_dialog_get_toast          (MnrGroupsDialog *self);

G_END_DECLS
