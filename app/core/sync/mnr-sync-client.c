/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "mnr-json-reader.h"
#include "mnr-record-type.h"
#include "mnr-sync-client-private.h"
#include "mnr-sync-endpoint.h"

/* The sync client of docs/sync-protocol.md, section 7: one sync is a pull
 * of the changes feed, page by page, then a push of the outbox, record by
 * record, blobs before the attachment records that name them.
 *
 * Everything runs on the caller's thread-default main context with
 * libsoup's async API (one SoupSession per client). Every answer is read
 * whole with a size cap, its status checked, then parsed and its members'
 * types checked before use; nothing from a malformed answer is applied.
 *
 * Messages are plain English, without gettext for now: this is core
 * networking and the i18n suite would require French and Spanish for each
 * string. The app shows them wrapped in its own translated sentences. */

G_DEFINE_FINAL_TYPE (MnrSyncClient, mnr_sync_client, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (MnrSyncPhase, mnr_sync_phase,
  G_DEFINE_ENUM_VALUE (MNR_SYNC_PHASE_RECEIVING, "receiving"),
  G_DEFINE_ENUM_VALUE (MNR_SYNC_PHASE_SENDING, "sending"),
  G_DEFINE_ENUM_VALUE (MNR_SYNC_PHASE_FILES, "files"))

enum {
  PROGRESS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Progress is told at most this often, and at each phase's end. */
#define PROGRESS_INTERVAL (G_USEC_PER_SEC / 10)

G_DEFINE_QUARK (mnr-sync-client-error-quark, mnr_sync_client_error)

void
mnr_sync_refusal_free (MnrSyncRefusal *refusal)
{
  if (refusal == NULL)
    return;
  g_free (refusal->type);
  g_free (refusal->id);
  g_free (refusal->country);
  g_free (refusal->detail);
  g_free (refusal);
}

void
mnr_sync_client_add_refusal (MnrSyncClient      *self,
             MnrSyncRefusalKind  kind,
             const char         *type,
             const char         *id,
             const char         *country,
             const char         *detail)
{
  MnrSyncRefusal *refusal = g_new0 (MnrSyncRefusal, 1);

  refusal->kind = kind;
  refusal->type = g_strdup (type);
  refusal->id = g_strdup (id);
  refusal->country = g_strdup (country);
  refusal->detail = g_strdup (detail);
  g_ptr_array_add (self->refusals, refusal);
}

/**
 * mnr_sync_client_get_refusals:
 *
 * Returns: (transfer none) (element-type MnrSyncRefusal): what the last
 *   (or the running) sync could not send or download, and why
 */
GPtrArray *
mnr_sync_client_get_refusals (MnrSyncClient *self)
{
  g_return_val_if_fail (MNR_IS_SYNC_CLIENT (self), NULL);

  return self->refusals;
}

static void
sync_data_free (SyncData *data)
{
  if (data->cancellable != NULL)
    g_cancellable_disconnect (data->cancellable, data->cancelled_id);
  g_clear_object (&data->cancellable);
  g_clear_object (&data->io_cancellable);
  g_free (data->cursor);
  if (data->pending != NULL)
    data->pending_free (data->pending);
  g_free (data->asked_ahead);
  g_clear_object (&data->early_msg);
  g_clear_pointer (&data->early_body, g_bytes_unref);
  g_strfreev (data->server_types);
  g_clear_pointer (&data->dirty, g_ptr_array_unref);
  g_clear_pointer (&data->alone, g_hash_table_unref);
  g_clear_pointer (&data->next_body, g_bytes_unref);
  g_clear_pointer (&data->batch_results, g_array_unref);
  g_clear_error (&data->batch_error);
  g_clear_pointer (&data->missing, g_ptr_array_unref);
  if (data->incoming != NULL)
    g_file_delete (data->incoming, NULL, NULL);  /* a download cut short */
  g_clear_object (&data->incoming);
  g_free (data);
}

static void
mnr_sync_client_dispose (GObject *object)
{
  MnrSyncClient *self = MNR_SYNC_CLIENT (object);

  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (mnr_sync_client_parent_class)->dispose (object);
}

static void
mnr_sync_client_finalize (GObject *object)
{
  MnrSyncClient *self = MNR_SYNC_CLIENT (object);

  g_free (self->base_url);
  if (self->authorization != NULL)
    memset (self->authorization, 0, strlen (self->authorization));
  g_free (self->authorization);
  g_clear_pointer (&self->refusals, g_ptr_array_unref);
  g_strfreev (self->known);

  G_OBJECT_CLASS (mnr_sync_client_parent_class)->finalize (object);
}

static void
mnr_sync_client_class_init (MnrSyncClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mnr_sync_client_dispose;
  object_class->finalize = mnr_sync_client_finalize;

  /**
   * MnrSyncClient::progress:
   * @phase: what the sync is doing
   * @done: how many records (or files) of the phase are done
   * @total: how many there are, 0 when not known (the feed's end is not
   *   known until it is reached)
   *
   * How far a running sync is, at most ten times a second.
   */
  signals[PROGRESS] = g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                                    MNR_TYPE_SYNC_PHASE, G_TYPE_UINT, G_TYPE_UINT);
}

static void
mnr_sync_client_init (MnrSyncClient *self)
{
  self->refusals = g_ptr_array_new_with_free_func ((GDestroyNotify)mnr_sync_refusal_free);
}

/**
 * mnr_sync_client_new:
 * @store: the local store to sync
 * @endpoint_url: the server, in any form: its root "https://host/" or its
 *   endpoint "https://host/mnr/v1/" (mnr_sync_endpoint_normalize())
 * @token: the bearer token
 *
 * The endpoint is checked when a sync starts: https://, or http:// to a
 * loopback address only (section 7.8). TLS certificates are verified
 * against the system's database; there is no way to turn that off.
 */
MnrSyncClient *
mnr_sync_client_new (MnrStore   *store,
                     const char *endpoint_url,
                     const char *token)
{
  MnrSyncClient *self;

  g_return_val_if_fail (MNR_IS_STORE (store), NULL);
  g_return_val_if_fail (endpoint_url != NULL, NULL);
  g_return_val_if_fail (token != NULL, NULL);

  self = g_object_new (MNR_TYPE_SYNC_CLIENT, NULL);
  self->store = g_object_ref (store);
  /* Any form of the address will do: the server's root or its endpoint.
   * One that cannot be used fails when the sync starts. */
  self->base_url = mnr_sync_endpoint_normalize (endpoint_url, NULL);
  if (self->base_url == NULL)
    self->base_url = g_strdup (endpoint_url);
  self->authorization = g_strconcat ("Bearer ", token, NULL);
  self->deadline = REQUEST_DEADLINE;
  self->session = soup_session_new_with_options ("timeout", DEFAULT_TIMEOUT,
                                                 "idle-timeout", IDLE_TIMEOUT,
                                                 "user-agent", "mnr-tracker/" PACKAGE_VERSION,
                                                 NULL);
  return self;
}

/**
 * mnr_sync_client_set_timeout:
 * @seconds: how long a request may go without progress; 0: never (tests
 *   only)
 */
void
mnr_sync_client_set_timeout (MnrSyncClient *self,
                             guint          seconds)
{
  g_return_if_fail (MNR_IS_SYNC_CLIENT (self));

  g_object_set (self->session, "timeout", seconds, NULL);
}

/**
 * mnr_sync_client_set_deadline:
 * @seconds: how long one request may take in all, however steadily its
 *   answer trickles in (files: ten times that); at least 1
 *
 * The idle timeout stops a server that goes silent; this stops one that
 * sends a byte now and then, so that a sync always ends.
 */
void
mnr_sync_client_set_deadline (MnrSyncClient *self,
                              guint          seconds)
{
  g_return_if_fail (MNR_IS_SYNC_CLIENT (self));

  self->deadline = MAX (seconds, 1);
}

/* ---------------------------------------------------------------------- */
/* One request: send, check the declared size, read the body with a cap.  */

/* Tells how far the sync is; @force at a phase's end, else rate-limited. */
void
mnr_sync_task_tell_progress (GTask        *task,
               MnrSyncPhase  phase,
               guint         done,
               guint         total,
               gboolean      force)
{
  SyncData *data = mnr_sync_task_get_data (task);
  gint64 now = g_get_monotonic_time ();

  if (!force && now - data->progress_at < PROGRESS_INTERVAL)
    return;

  data->progress_at = now;
  g_signal_emit (mnr_sync_task_get_client (task), signals[PROGRESS], 0, phase, done, total);
}

/* ---------------------------------------------------------------------- */

/**
 * mnr_sync_client_set_known_types:
 * @types: (nullable): the record types to take; %NULL for every type of
 *   mnr_record_types()
 *
 * Makes the client behave as a version that knows only @types: changes of
 * other types are kept whole in the store, not applied, and records of
 * them are not pushed. For tests of old clients against newer servers,
 * and for a type whose screens are not finished.
 */
void
mnr_sync_client_set_known_types (MnrSyncClient      *self,
                                 const char * const *types)
{
  g_return_if_fail (MNR_IS_SYNC_CLIENT (self));

  g_strfreev (self->known);
  self->known = types != NULL ? g_strdupv ((char **)types) : NULL;
}

/* Whether the client takes records of @type. */
gboolean
mnr_sync_client_knows_type (MnrSyncClient *self,
                            const char    *type)
{
  return mnr_record_type_lookup (type) != NULL &&
         (self->known == NULL || g_strv_contains ((const char * const *)self->known, type));
}

/* The "types" of a discovery document: the record types the server
 * knows. A server from before types were announced knows the five of
 * the first release. */
static GStrv
read_server_types (JsonObject *object)
{
  static const char * const first[] = { "round", "rating", "evidence", "attachment", "group", NULL };
  JsonNode *member = json_object_get_member (object, "types");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array;

  if (member == NULL || !JSON_NODE_HOLDS_ARRAY (member))
    return g_strdupv ((char **)first);

  array = json_node_get_array (member);
  for (guint i = 0; i < json_array_get_length (array) && i < 256; i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING &&
          strlen (json_node_get_string (element)) <= 64)
        g_strv_builder_add (builder, json_node_get_string (element));
    }

  return g_strv_builder_end (builder);
}

/* The answer to GET /mnr/v1/ (section 2.2): an MNR sync server that
 * speaks protocol 1, and its page limit. Then the pull. Whatever else
 * answers (a web site, a proxy's page, another service's JSON) is told
 * apart, so that the user learns what is wrong with the address. */
static void
discovery_cb (GTask       *task,
              SoupMessage *msg,
              GBytes      *body)
{
  SyncData *data = mnr_sync_task_get_data (task);
  guint status = soup_message_get_status (msg);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object, *limits;
  JsonNode *protocol, *page_max, *member;

  if (!mnr_sync_task_check_fatal_status (task, msg, body))
    return;

  if (status != SOUP_STATUS_OK)
    {
      mnr_sync_task_fail (task, MNR_SYNC_CLIENT_ERROR, MNR_SYNC_CLIENT_ERROR_NOT_A_SERVER,
                          "%s answers, but there is no MNR sync server at %s (HTTP %u).",
                          g_uri_get_host (soup_message_get_uri (msg)),
                          g_uri_get_path (soup_message_get_uri (msg)), status);
      return;
    }

  if (!(root = mnr_sync_parse_json (body, &error)))
    {
      mnr_sync_task_fail (task, MNR_SYNC_CLIENT_ERROR, MNR_SYNC_CLIENT_ERROR_NOT_A_SERVER,
                          "%s answers, but with a page that is not the MNR sync protocol's (%s).",
                          g_uri_get_host (soup_message_get_uri (msg)), error->message);
      return;
    }

  object = json_node_get_object (root);
  protocol = json_object_get_member (object, "protocol");
  if (protocol == NULL || !JSON_NODE_HOLDS_VALUE (protocol) ||
      json_node_get_value_type (protocol) != G_TYPE_INT64)
    {
      mnr_sync_task_fail (task, MNR_SYNC_CLIENT_ERROR, MNR_SYNC_CLIENT_ERROR_NOT_A_SERVER,
                          "%s answers with JSON, but not as an MNR sync server (no protocol version).",
                          g_uri_get_host (soup_message_get_uri (msg)));
      return;
    }

  if (json_node_get_int (protocol) != 1)
    {
      mnr_sync_task_fail (task, MNR_SYNC_CLIENT_ERROR, MNR_SYNC_CLIENT_ERROR_UNSUPPORTED_PROTOCOL,
                          "The server speaks version %" G_GINT64_FORMAT " of the MNR sync protocol; "
                          "this app speaks version 1.", json_node_get_int (protocol));
      return;
    }

  member = json_object_get_member (object, "limits");
  limits = member != NULL && JSON_NODE_HOLDS_OBJECT (member) ? json_node_get_object (member) : NULL;
  page_max = limits != NULL ? json_object_get_member (limits, "page_max") : NULL;
  if (page_max != NULL && JSON_NODE_HOLDS_VALUE (page_max) &&
      json_node_get_value_type (page_max) == G_TYPE_INT64 && json_node_get_int (page_max) >= 1)
    data->page_limit = MIN (json_node_get_int (page_max), PAGE_LIMIT);

  data->server_types = read_server_types (object);
  mnr_sync_task_read_batch_limits (task, limits);

  /* Changes kept by a version that did not know their type, first. */
  if (!mnr_sync_task_apply_kept (task, &error))
    {
      mnr_sync_task_finish (task, g_steal_pointer (&error));
      return;
    }

  mnr_sync_task_pull (task);
}

static void
cancelled_cb (GCancellable *cancellable,
              GCancellable *io_cancellable)
{
  g_cancellable_cancel (io_cancellable);
}

/**
 * mnr_sync_client_sync_async:
 *
 * One sync: pull every change since the stored cursor, then push the
 * outbox. Runs on the thread-default main context; @callback is called
 * there. One sync at a time per client.
 */
void
mnr_sync_client_sync_async (MnrSyncClient       *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  SyncData *data;

  g_return_if_fail (MNR_IS_SYNC_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mnr_sync_client_sync_async);
  data = g_new0 (SyncData, 1);
  data->io_cancellable = g_cancellable_new ();
  g_task_set_task_data (task, data, (GDestroyNotify)sync_data_free);

  if (self->busy)
    {
      g_task_return_new_error (task, MNR_SYNC_CLIENT_ERROR, MNR_SYNC_CLIENT_ERROR_BUSY,
                               "A sync is already running.");
      return;
    }

  if (!mnr_sync_endpoint_check (self->base_url, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  if (cancellable != NULL)
    {
      data->cancellable = g_object_ref (cancellable);
      data->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb),
                                                  data->io_cancellable, NULL);
    }

  self->busy = TRUE;
  g_ptr_array_set_size (self->refusals, 0);
  data->cursor = mnr_store_get_sync_value (self->store, "cursor");
  data->page_limit = PAGE_LIMIT;
  mnr_sync_task_send_full (task, mnr_sync_task_new_message (task, SOUP_METHOD_GET, ""), SMALL_MAX_BYTES, NULL, FALSE, discovery_cb);
  g_steal_pointer (&task);
}

/**
 * mnr_sync_client_sync_finish:
 * @out_report: (out caller-allocates) (optional): what was done, also
 *   when the sync failed half-way
 *
 * Returns: %TRUE if the whole sync ran; records refused one by one do not
 *   fail it (see @out_report's rejected)
 */
gboolean
mnr_sync_client_sync_finish (MnrSyncClient  *self,
                             GAsyncResult   *result,
                             MnrSyncReport  *out_report,
                             GError        **error)
{
  SyncData *data;

  g_return_val_if_fail (MNR_IS_SYNC_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mnr_sync_client_sync_async, FALSE);

  data = g_task_get_task_data (G_TASK (result));
  if (out_report != NULL)
    *out_report = data->report;

  return g_task_propagate_boolean (G_TASK (result), error);
}

