/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "mnr-audit-log.h"
#include "mnr-server-store.h"
#include "mnr-tokens.h"

G_BEGIN_DECLS

#define MNR_TYPE_SYNC_SERVICE (mnr_sync_service_get_type ())

G_DECLARE_FINAL_TYPE (MnrSyncService, mnr_sync_service, MNR, SYNC_SERVICE, GObject)

/* Reads handled at once, each on a thread with its own database
 * connection; writes have threads of their own, as many as can use the
 * store at once (one in its write transaction, one getting ready). */
#define MNR_SYNC_SERVICE_DEFAULT_THREADS      8
#define MNR_SYNC_SERVICE_WRITE_THREADS        2
/* SoupServers listening on the port, each on its own thread, so that
 * libsoup's own work (reading, parsing and writing HTTP) may use more than
 * one core. One by default: on 2 cores a second one cost about a tenth
 * more CPU per request and did not lower the 95th percentiles
 * (bench/SYNC-FIGURES.md, server-p95). */
#define MNR_SYNC_SERVICE_DEFAULT_LISTENERS    1
/* A connection idle this long between requests is closed. */
#define MNR_SYNC_SERVICE_DEFAULT_IDLE_SECONDS 60
/* A client has this long to send a request's headers (from its first
 * byte), and then its body (from its headers): 408 past it. */
#define MNR_SYNC_SERVICE_DEFAULT_HEADER_SECONDS 30
#define MNR_SYNC_SERVICE_DEFAULT_BODY_SECONDS   120
/* Connections open at once; one more is answered 503 and closed. */
#define MNR_SYNC_SERVICE_DEFAULT_MAX_CONNECTIONS 512
/* The request line and headers together, in bytes: 431 past it. */
#define MNR_SYNC_SERVICE_MAX_HEADER_BYTES     (16 * 1024)
/* On SIGTERM, how long the requests in progress have to finish. */
#define MNR_SYNC_SERVICE_DRAIN_SECONDS        10

MnrSyncService *mnr_sync_service_new        (MnrServerStore *store,
                                             MnrTokens      *tokens,
                                             gsize           max_blob_bytes,
                                             gboolean        verbose);
gboolean        mnr_sync_service_set_types  (MnrSyncService      *self,
                                             const char * const  *types,
                                             GError             **error);
void            mnr_sync_service_set_threads (MnrSyncService     *self,
                                             guint                n_threads);
void            mnr_sync_service_set_listeners (MnrSyncService   *self,
                                             guint                n_listeners);
void            mnr_sync_service_set_idle_timeout (MnrSyncService *self,
                                             guint                seconds);
void            mnr_sync_service_set_limits (MnrSyncService *self,
                                             guint           header_seconds,
                                             guint           body_seconds,
                                             guint           max_connections);
void            mnr_sync_service_set_audit_log (MnrSyncService *self,
                                             MnrAuditLog    *audit);
gboolean        mnr_sync_service_listen     (MnrSyncService *self,
                                             GSocketAddress *address,
                                             GError        **error);
char           *mnr_sync_service_dup_uri    (MnrSyncService *self);
void            mnr_sync_service_disconnect (MnrSyncService *self,
                                             guint           timeout_seconds);

G_END_DECLS
