/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "mnr-server-store.h"
#include "mnr-tokens.h"

G_BEGIN_DECLS

#define MNR_TYPE_SYNC_SERVICE (mnr_sync_service_get_type ())

G_DECLARE_FINAL_TYPE (MnrSyncService, mnr_sync_service, MNR, SYNC_SERVICE, GObject)

MnrSyncService *mnr_sync_service_new        (MnrServerStore *store,
                                             MnrTokens      *tokens,
                                             gsize           max_blob_bytes,
                                             gboolean        verbose);
gboolean        mnr_sync_service_set_types  (MnrSyncService      *self,
                                             const char * const  *types,
                                             GError             **error);
gboolean        mnr_sync_service_listen     (MnrSyncService *self,
                                             GSocketAddress *address,
                                             GError        **error);
char           *mnr_sync_service_dup_uri    (MnrSyncService *self);
void            mnr_sync_service_disconnect (MnrSyncService *self);

G_END_DECLS
