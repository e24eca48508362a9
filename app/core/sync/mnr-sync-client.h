/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "mnr-store.h"

G_BEGIN_DECLS

#define MNR_SYNC_CLIENT_ERROR (mnr_sync_client_error_quark ())

/**
 * MnrSyncClientError:
 * @MNR_SYNC_CLIENT_ERROR_UNAUTHORIZED: the server refused the token (401);
 *   nothing was changed, a new token is needed
 * @MNR_SYNC_CLIENT_ERROR_MALFORMED_REPLY: an answer that is not what
 *   docs/sync-protocol.md says; nothing of it was applied
 * @MNR_SYNC_CLIENT_ERROR_REPLY_TOO_LARGE: an answer over the size cap
 * @MNR_SYNC_CLIENT_ERROR_SERVER: the server failed (5xx); retry later
 * @MNR_SYNC_CLIENT_ERROR_UNEXPECTED_STATUS: a redirect or another status
 *   the protocol does not allow there
 * @MNR_SYNC_CLIENT_ERROR_INSECURE: plain http:// to a host that is not a
 *   loopback address, or an endpoint that is not an http(s) URL
 * @MNR_SYNC_CLIENT_ERROR_BUSY: a sync of this client is already running
 * @MNR_SYNC_CLIENT_ERROR_NOT_A_SERVER: the address does not answer as an
 *   MNR sync server of protocol 1 (section 2.2): a wrong address
 * @MNR_SYNC_CLIENT_ERROR_TIMED_OUT: one request took longer than its total
 *   deadline (a server or proxy that trickles its answer); nothing of it
 *   was applied
 * @MNR_SYNC_CLIENT_ERROR_UNSUPPORTED_PROTOCOL: the address answers as an
 *   MNR sync server, but of another version of the protocol than 1
 *
 * Transport errors (refused connection, timeout, TLS) keep their own
 * domain (%G_IO_ERROR, %G_TLS_ERROR, %G_RESOLVER_ERROR …).
 */
typedef enum
{
  MNR_SYNC_CLIENT_ERROR_UNAUTHORIZED,
  MNR_SYNC_CLIENT_ERROR_MALFORMED_REPLY,
  MNR_SYNC_CLIENT_ERROR_REPLY_TOO_LARGE,
  MNR_SYNC_CLIENT_ERROR_SERVER,
  MNR_SYNC_CLIENT_ERROR_UNEXPECTED_STATUS,
  MNR_SYNC_CLIENT_ERROR_INSECURE,
  MNR_SYNC_CLIENT_ERROR_BUSY,
  MNR_SYNC_CLIENT_ERROR_NOT_A_SERVER,
  MNR_SYNC_CLIENT_ERROR_TIMED_OUT,
  MNR_SYNC_CLIENT_ERROR_UNSUPPORTED_PROTOCOL,
} MnrSyncClientError;

/**
 * MnrSyncReport:
 * @pulled: records received from the changes feed
 * @applied: of those, written to (or confirmed in) the store
 * @unchanged: of those, not newer than the local copy
 * @conflicts: conflicts recorded, by the pull or by a 412 on a push
 * @merged: local records changed on the server too, in other members,
 *   that now hold both sides' changes (by the pull or a 412); they are
 *   pushed in the same sync
 * @pushed: local records the server accepted (a 412 that shows our own
 *   write included)
 * @rejected: records refused (by the store on a pull; by the server on a
 *   push: 403, 404, 413, 422 …, or a blob that could not be sent); pushed
 *   ones stay dirty. Files of attachments that could not be downloaded
 *   (missing on the server, or not matching their hash) count here too.
 * @downloaded: files of attachments downloaded and checked
 * @waiting: records from the server kept until the round or evidence
 *   they belong to comes (after this sync)
 * @unknown: records of a type this version does not know, kept whole for
 *   a version that does (section 2.4)
 *
 * What one sync did. Filled even when the sync failed half-way.
 */
typedef struct
{
  guint pulled;
  guint applied;
  guint unchanged;
  guint conflicts;
  guint merged;
  guint pushed;
  guint rejected;
  guint downloaded;
  guint waiting;
  guint unknown;
  guint withdrawn;  /* copies dropped: the server withholds them now */
} MnrSyncReport;

/**
 * MnrSyncRefusalKind:
 * @MNR_SYNC_REFUSAL_NOT_PERMITTED: the token does not allow it (403): another
 *   country's record, or a group without the secretariat's token
 * @MNR_SYNC_REFUSAL_INVALID: the server refused its content (413, 422) or
 *   the request (400, 415, 428); the record must change
 * @MNR_SYNC_REFUSAL_NEEDS_PERSON: the server's copy is older than ours, or
 *   gone (section 7.5, rule 6): a person must look
 * @MNR_SYNC_REFUSAL_FILE: an attachment whose file could not be sent, or a
 *   file from the server that could not be kept
 * @MNR_SYNC_REFUSAL_UNKNOWN_TYPE: a record of a type the server does not
 *   know (an older server, section 2.4); it is sent once the server does
 */
typedef enum
{
  MNR_SYNC_REFUSAL_NOT_PERMITTED,
  MNR_SYNC_REFUSAL_INVALID,
  MNR_SYNC_REFUSAL_NEEDS_PERSON,
  MNR_SYNC_REFUSAL_FILE,
  MNR_SYNC_REFUSAL_UNKNOWN_TYPE,
} MnrSyncRefusalKind;

/**
 * MnrSyncRefusal:
 * @country: (nullable): the record's country, %NULL for a group
 * @detail: what the server or the store said, in English, for the curious
 *
 * A record the last sync could not send (it stays in the outbox) or a
 * file it could not download, and why.
 */
typedef struct
{
  MnrSyncRefusalKind  kind;
  char               *type;
  char               *id;
  char               *country;
  char               *detail;
} MnrSyncRefusal;

void mnr_sync_refusal_free (MnrSyncRefusal *refusal);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MnrSyncRefusal, mnr_sync_refusal_free)

/**
 * MnrSyncPhase:
 * @MNR_SYNC_PHASE_RECEIVING: pulling the changes feed
 * @MNR_SYNC_PHASE_SENDING: pushing the outbox
 * @MNR_SYNC_PHASE_FILES: downloading attachments' files
 */
typedef enum
{
  MNR_SYNC_PHASE_RECEIVING,
  MNR_SYNC_PHASE_SENDING,
  MNR_SYNC_PHASE_FILES,
} MnrSyncPhase;

#define MNR_TYPE_SYNC_PHASE (mnr_sync_phase_get_type ())
GType mnr_sync_phase_get_type (void) G_GNUC_CONST;

#define MNR_TYPE_SYNC_CLIENT (mnr_sync_client_get_type ())

G_DECLARE_FINAL_TYPE (MnrSyncClient, mnr_sync_client, MNR, SYNC_CLIENT, GObject)

GQuark         mnr_sync_client_error_quark   (void);

MnrSyncClient *mnr_sync_client_new           (MnrStore             *store,
                                              const char           *endpoint_url,
                                              const char           *token);
GPtrArray     *mnr_sync_client_get_refusals  (MnrSyncClient        *self);
void           mnr_sync_client_set_timeout   (MnrSyncClient        *self,
                                              guint                 seconds);
void           mnr_sync_client_set_deadline  (MnrSyncClient        *self,
                                              guint                 seconds);
void           mnr_sync_client_set_known_types (MnrSyncClient      *self,
                                               const char * const *types);
void           mnr_sync_client_sync_async    (MnrSyncClient        *self,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
gboolean       mnr_sync_client_sync_finish   (MnrSyncClient        *self,
                                              GAsyncResult         *result,
                                              MnrSyncReport        *out_report,
                                              GError              **error);

G_END_DECLS
