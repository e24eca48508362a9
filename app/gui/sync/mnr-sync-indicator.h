/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mnr-sync-controller.h"

G_BEGIN_DECLS

#define MNR_TYPE_SYNC_INDICATOR (mnr_sync_indicator_get_type ())

G_DECLARE_FINAL_TYPE (MnrSyncIndicator, mnr_sync_indicator, MNR, SYNC_INDICATOR, GtkWidget)

GtkWidget         *mnr_sync_indicator_new             (MnrSyncController *controller);
MnrSyncController *mnr_sync_indicator_get_controller  (MnrSyncIndicator  *self);
const char        *mnr_sync_indicator_get_description (MnrSyncIndicator  *self);
const char        *mnr_sync_indicator_get_icon_name   (MnrSyncIndicator  *self);
const char        *mnr_sync_indicator_get_short_label (MnrSyncIndicator  *self);
const char        *mnr_sync_indicator_get_details     (MnrSyncIndicator  *self);
char              *mnr_sync_indicator_describe        (MnrSyncController *controller,
                                                       gint64             now);

G_END_DECLS
