/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "mnr-audit-log.h"
#include "mnr-keep-alive.h"
#include "mnr-sync-request.h"
#include "mnr-sync-service.h"
#include "mnr-server-store.h"
#include "mnr-tokens.h"

G_BEGIN_DECLS

#define PROBLEM_BASE "https://mnrtracker.github.io/problems/"
#define BASE_PATH    "/mnr/v1/"
#define SERVER_NAME  "mnr-sync-server " PACKAGE_VERSION

/* MnrSyncService is one class over four files: the handlers
 * (mnr-sync-service.c), record writes and batches of them
 * (mnr-sync-service-batch.c), what is done on the server's thread before
 * a request's body is read (mnr-sync-service-early.c), and the threads
 * the handlers run on (mnr-sync-service-dispatch.c).
 *
 * A handler runs on a worker thread, called from
 * mnr_sync_service_route(). It:
 *   - reads its request and writes its answer through the MnrSyncRequest
 *     (named msg, as the SoupServerMessage it stands for was): method,
 *     path, query, request headers and body in; status, response headers
 *     and body out. Never a SoupServerMessage, never self->server: those
 *     are the server's thread's;
 *   - calls the store as it likes: each worker has its own connection.
 *     A GET or HEAD runs inside a read transaction that the dispatcher
 *     opens and closes, so it must not begin one, nor write; every other
 *     method runs on a writer thread, and a write goes through a store
 *     function that holds the write lock for its transaction
 *     (mnr-server-store-private.h);
 *   - reads only the fields below marked "read only", which do not change
 *     once the server listens, and keeps no state of its own between
 *     requests (or guards it with a lock). */
/* One SoupServer with its thread and main context: the service listens
 * on its port with one or more of them (mnr-sync-service-listen.c). The
 * first is made by mnr_sync_service_new() on the thread-default context
 * of its caller, who runs it; the others each have a thread of their own.
 * Everything of a listener but the fields marked otherwise is its
 * thread's. */
typedef struct
{
  MnrSyncService *service;         /* borrowed: it owns this */
  SoupServer     *server;          /* owned */
  GMainContext   *context;         /* owned */
  MnrKeepAlive   *keep_alive;      /* owned */
  GThread        *thread;          /* owned; NULL: the service's caller runs it */
  GMutex          mutex;           /* any thread: for ready */
  GCond           cond;
  gboolean        ready;           /* its thread has its store connection */
  int             quit;            /* atomic: its thread ends */
  int             n_in_flight;     /* atomic: requests handed to a worker, not yet answered */
} MnrSyncListener;

struct _MnrSyncService
{
  GObject         parent_instance;

  /* owned; read only */
  MnrServerStore *store;           /* any thread */
  MnrTokens      *tokens;
  MnrAuditLog    *audit;           /* any thread: it has its own lock; NULL: none */

  gsize           max_blob_bytes;
  gboolean        verbose;
  GStrv           types;           /* the record types served, in the table's order */
  GHashTable     *bundled_members; /* group id → GStrv, the bundled groups' */

  /* the listeners (mnr-sync-service-listen.c), on the caller's thread */
  GPtrArray      *listeners;       /* owned: MnrSyncListener *, the first the caller's */
  guint           n_listeners;     /* how many to listen with */
  guint           idle_seconds;    /* the keep-alive settings of each */
  guint           header_seconds;
  guint           body_seconds;
  guint           max_connections;
  int             n_connections;   /* atomic: open, over every listener */

  /* the threading layer (mnr-sync-service-dispatch.c) */
  GThreadPool    *readers;         /* owned: GET and HEAD */
  GThreadPool    *writers;         /* owned: the other methods */
  guint           n_threads;       /* the readers' */
  int             stopping;        /* atomic; draining: new requests are refused */
};

/* mnr-sync-service.c: runs on a worker */
G_GNUC_INTERNAL
void      mnr_sync_service_route            (MnrSyncService    *self,
                                             MnrSyncRequest    *msg);
G_GNUC_INTERNAL
JsonNode *mnr_sync_service_problem_node     (guint              status,
                                             const char        *slug,
                                             const char        *detail,
                                             JsonNode          *current);
G_GNUC_INTERNAL
void      mnr_sync_service_reply_problem    (MnrSyncRequest    *msg,
                                             guint              status,
                                             const char        *slug,
                                             const char        *detail);
G_GNUC_INTERNAL
void      mnr_sync_service_reply_too_large  (MnrSyncRequest    *msg,
                                             gsize              limit);

/* What a write of one record came to: a success with the record as
 * stored, or a problem (section 5.8), with the server's current copy for
 * a 412. */
typedef struct
{
  guint            status;   /* 200, 201, or the problem's status */
  const char      *slug;     /* the problem's type; NULL on success */
  char            *detail;
  MnrServerRecord *record;   /* 200/201: as stored; 412: the current one */
} MnrWriteOutcome;

/* The audit entry of a successful write of @outcome's record. */
G_GNUC_INTERNAL
void      mnr_write_outcome_audit_entry     (const MnrWriteOutcome *outcome,
                                             const MnrTokenEntry   *token,
                                             MnrAuditEntry         *entry);

G_GNUC_INTERNAL
void      mnr_write_outcome_clear           (MnrWriteOutcome   *outcome);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (MnrWriteOutcome, mnr_write_outcome_clear)

/* mnr-sync-service.c's helpers that the batch's handler uses too: on a
 * worker */
G_GNUC_INTERNAL
void      reply_json                        (MnrSyncRequest        *msg,
                                             guint                  status,
                                             const char            *content_type,
                                             JsonNode              *root);
G_GNUC_INTERNAL
void      reply_problem                     (MnrSyncRequest        *msg,
                                             guint                  status,
                                             const char            *slug,
                                             const char            *detail,
                                             JsonNode              *current);
G_GNUC_INTERNAL
void      reply_internal_error              (MnrSyncRequest        *msg,
                                             const GError          *error);
G_GNUC_INTERNAL
void      reply_method_not_allowed          (MnrSyncRequest        *msg,
                                             const char            *allow);
G_GNUC_INTERNAL
JsonNode *record_to_node                    (const MnrServerRecord *record);
G_GNUC_INTERNAL
const MnrTokenEntry *authenticate           (MnrSyncService        *self,
                                             MnrSyncRequest        *msg);
G_GNUC_INTERNAL
gboolean  has_content_type                  (MnrSyncRequest        *msg,
                                             const char            *expected);
G_GNUC_INTERNAL
GBytes   *get_body                          (MnrSyncRequest        *msg,
                                             gsize                  limit);
G_GNUC_INTERNAL
JsonNode *mnr_sync_service_parse_body       (GBytes                *body,
                                             char                 **detail);
G_GNUC_INTERNAL
JsonNode *parse_json_body                   (MnrSyncRequest        *msg,
                                             GBytes                *body);

/* mnr-sync-service-batch.c: the decision every record write goes through,
 * and the batch endpoint (section 5.9); on a writer thread */
G_GNUC_INTERNAL
gboolean  mnr_sync_service_write            (MnrSyncService      *self,
                                             const MnrTokenEntry *entry,
                                             const char          *type,
                                             const char          *id,
                                             const char          *if_match_tag,
                                             JsonNode            *body,
                                             MnrWriteOutcome     *outcome,
                                             GError             **error);
G_GNUC_INTERNAL
void      mnr_sync_service_handle_batch     (MnrSyncService    *self,
                                             MnrSyncRequest    *msg);
G_GNUC_INTERNAL
void      mnr_sync_service_add_batch_limits (JsonBuilder       *builder);

/* mnr-sync-service-early.c: the server's thread */
G_GNUC_INTERNAL
void      mnr_sync_service_handle_early     (SoupServer        *server,
                                             SoupServerMessage *msg,
                                             const char        *path,
                                             GHashTable        *query,
                                             gpointer           user_data);

/* mnr-sync-service-listen.c: the caller's thread */
G_GNUC_INTERNAL
MnrSyncListener *mnr_sync_listener_new      (MnrSyncService    *self,
                                             GMainContext      *context);
G_GNUC_INTERNAL
void      mnr_sync_listener_free            (MnrSyncListener   *listener);
G_GNUC_INTERNAL
void      mnr_sync_service_stop_listeners   (MnrSyncService    *self);
/* mnr-sync-service.c: the --verbose log */
G_GNUC_INTERNAL
void      mnr_sync_service_on_request_finished (SoupServer        *server,
                                                SoupServerMessage *msg,
                                                gpointer           user_data);
G_GNUC_INTERNAL
guint     mnr_sync_service_in_flight        (MnrSyncService    *self);

/* mnr-sync-service-dispatch.c: the server's thread */
G_GNUC_INTERNAL
void      mnr_sync_service_start_workers    (MnrSyncService    *self);
G_GNUC_INTERNAL
void      mnr_sync_service_dispatch         (SoupServer        *server,
                                             SoupServerMessage *msg,
                                             const char        *path,
                                             GHashTable        *query,
                                             gpointer           user_data);
G_GNUC_INTERNAL
void      mnr_sync_service_stop_workers     (MnrSyncService    *self,
                                             guint              timeout_seconds);

G_END_DECLS
