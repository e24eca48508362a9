/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "mnr-json-reader.h"
#include "mnr-sync-client.h"

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

#define DEFAULT_TIMEOUT     30                  /* seconds without progress */
#define IDLE_TIMEOUT        60
#define REQUEST_DEADLINE    120                 /* seconds for a whole request */
#define FILE_DEADLINE_RATIO 10                  /* files may take ten times that */
#define PAGE_LIMIT          500
#define PAGE_MAX_BYTES      (16 * 1024 * 1024)
#define RECORD_MAX_BYTES    (2 * 1024 * 1024)   /* a record is at most 1 MiB */
#define SMALL_MAX_BYTES     (64 * 1024)         /* blob answers, problems */
#define READ_CHUNK          (64 * 1024)
#define MAX_DETAIL_CHARS    200
#define MAX_PUSH_ROUNDS     3                   /* passes over the outbox in one sync */

struct _MnrSyncClient
{
  GObject      parent_instance;

  MnrStore    *store;
  char        *base_url;      /* ends with '/' */
  char        *authorization; /* "Bearer …"; never logged */
  SoupSession *session;
  guint        deadline;      /* seconds a request may take in all */
  gboolean     busy;
  GPtrArray   *refusals;      /* of the last sync */
};

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

static void
add_refusal (MnrSyncClient      *self,
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

typedef struct
{
  MnrSyncReport  report;
  GCancellable  *io_cancellable;   /* cancelled with the caller's, or by us */
  GCancellable  *cancellable;      /* the caller's */
  gulong         cancelled_id;

  /* discovery */
  gint64         page_limit;       /* the server's page_max, at most PAGE_LIMIT */

  /* progress */
  gint64         progress_at;      /* monotonic time it was last told */

  /* pull */
  char          *cursor;
  gboolean       restarted;

  /* push */
  GPtrArray     *dirty;
  guint          index;
  guint          rounds;           /* times the outbox was listed */
  gboolean       push_again;       /* a 412 was merged: push the merge */
  gint64         blob_size;

  /* download of attachment files */
  GPtrArray     *missing;          /* MnrAttachment */
  guint          missing_index;
  GFile         *incoming;
} SyncData;

static void
sync_data_free (SyncData *data)
{
  if (data->cancellable != NULL)
    g_cancellable_disconnect (data->cancellable, data->cancelled_id);
  g_clear_object (&data->cancellable);
  g_clear_object (&data->io_cancellable);
  g_free (data->cursor);
  g_clear_pointer (&data->dirty, g_ptr_array_unref);
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
 * @endpoint_url: the protocol's base, "https://host/mnr/v1/"
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
  self->base_url = g_str_has_suffix (endpoint_url, "/")
                     ? g_strdup (endpoint_url)
                     : g_strconcat (endpoint_url, "/", NULL);
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

static gboolean
check_endpoint (const char  *url,
                GError     **error)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  const char *scheme, *host;

  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0' ||
      g_uri_get_userinfo (uri) != NULL || g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL)
    {
      g_set_error (error, MNR_SYNC_CLIENT_ERROR, MNR_SYNC_CLIENT_ERROR_INSECURE,
                   "The sync server address is not a valid URL.");
      return FALSE;
    }

  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);
  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return TRUE;

  if (g_ascii_strcasecmp (scheme, "http") == 0)
    {
      g_autoptr(GInetAddress) address = g_inet_address_new_from_string (host);

      if (g_ascii_strcasecmp (host, "localhost") == 0 ||
          (address != NULL && g_inet_address_get_is_loopback (address)))
        return TRUE;

      g_set_error (error, MNR_SYNC_CLIENT_ERROR, MNR_SYNC_CLIENT_ERROR_INSECURE,
                   "The sync server address must start with https:// (plain http:// is only for this computer).");
      return FALSE;
    }

  g_set_error (error, MNR_SYNC_CLIENT_ERROR, MNR_SYNC_CLIENT_ERROR_INSECURE,
               "The sync server address must start with https://.");
  return FALSE;
}

/* ---------------------------------------------------------------------- */
/* One request: send, check the declared size, read the body with a cap.  */

typedef void (*ReplyFunc) (GTask       *task,
                           SoupMessage *msg,
                           GBytes      *body);

typedef struct
{
  GTask         *task;
  SoupMessage   *msg;
  GInputStream  *stream;
  GByteArray    *buffer;
  GOutputStream *sink;       /* a 200's body goes here instead of @buffer */
  gsize          received;
  gsize          cap;
  ReplyFunc      func;
  guint          deadline_id;
  guint          deadline;   /* seconds */
  gboolean       timed_out;
} Request;

static void
request_free (Request *request)
{
  g_clear_handle_id (&request->deadline_id, g_source_remove);
  g_clear_object (&request->task);
  g_clear_object (&request->msg);
  g_clear_object (&request->stream);
  g_clear_pointer (&request->buffer, g_byte_array_unref);
  g_clear_object (&request->sink);
  g_free (request);
}

static SyncData *
get_data (GTask *task)
{
  return g_task_get_task_data (task);
}

static MnrSyncClient *
get_client (GTask *task)
{
  return g_task_get_source_object (task);
}

/* Ends the sync and drops the reference the chain of callbacks holds;
 * a Request's own reference to the task is dropped by request_free(). */
static void
finish_sync (GTask  *task,
             GError *error)
{
  get_client (task)->busy = FALSE;
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static void
fail_sync (GTask      *task,
           GQuark      domain,
           int         code,
           const char *format,
           ...) G_GNUC_PRINTF (4, 5);

static void
fail_sync (GTask      *task,
           GQuark      domain,
           int         code,
           const char *format,
           ...)
{
  va_list args;
  GError *error;

  va_start (args, format);
  error = g_error_new_valist (domain, code, format, args);
  va_end (args);
  finish_sync (task, error);
}

static void
fail_transport (GTask  *task,
                GError *error)
{
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_prefix_error (&error, "Could not reach the sync server: ");
  finish_sync (task, error);
}

static void
fail_malformed (GTask      *task,
                const char *what)
{
  fail_sync (task, MNR_SYNC_CLIENT_ERROR, MNR_SYNC_CLIENT_ERROR_MALFORMED_REPLY,
             "The server sent a malformed reply (%s).", what);
}

static void read_more (Request *request);

/* A request that failed: past its deadline, or for a transport reason. */
static void
fail_request (Request *request,
              GError  *error)
{
  if (request->timed_out)
    {
      g_error_free (error);
      fail_sync (request->task, MNR_SYNC_CLIENT_ERROR, MNR_SYNC_CLIENT_ERROR_TIMED_OUT,
                 "The server took more than %u seconds to answer; the sync stopped. "
                 "Nothing was lost.", request->deadline);
    }
  else
    fail_transport (request->task, error);
}

static gboolean
deadline_cb (gpointer user_data)
{
  Request *request = user_data;

  request->deadline_id = 0;
  request->timed_out = TRUE;
  g_cancellable_cancel (get_data (request->task)->io_cancellable);
  return G_SOURCE_REMOVE;
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Request *request = user_data;
  g_autoptr(GBytes) chunk = NULL;
  g_autoptr(GError) error = NULL;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);
  if (chunk == NULL)
    {
      fail_request (request, g_steal_pointer (&error));
      request_free (request);
      return;
    }

  if (g_bytes_get_size (chunk) == 0)
    {
      g_autoptr(GBytes) body = g_byte_array_free_to_bytes (g_steal_pointer (&request->buffer));

      if (request->sink != NULL && !g_output_stream_close (request->sink, NULL, &error))
        {
          finish_sync (request->task, g_steal_pointer (&error));
          request_free (request);
          return;
        }

      request->func (request->task, request->msg, body);
      request_free (request);
      return;
    }

  if (request->received + g_bytes_get_size (chunk) > request->cap)
    {
      /* Stop reading: cancel the I/O so that dropping the stream does not
       * read the rest of a hostile body. */
      g_cancellable_cancel (get_data (request->task)->io_cancellable);
      fail_sync (request->task, MNR_SYNC_CLIENT_ERROR, MNR_SYNC_CLIENT_ERROR_REPLY_TOO_LARGE,
                 "The server's reply is larger than %" G_GSIZE_FORMAT " bytes.", request->cap);
      request_free (request);
      return;
    }

  request->received += g_bytes_get_size (chunk);
  if (request->sink == NULL)
    g_byte_array_append (request->buffer, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  else if (!g_output_stream_write_all (request->sink, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk),
                                       NULL, NULL, &error))
    {
      /* A local file that cannot be written (a full disk): the sync stops
       * with that error; the partial file is deleted with the sync. */
      g_cancellable_cancel (get_data (request->task)->io_cancellable);
      finish_sync (request->task, g_steal_pointer (&error));
      request_free (request);
      return;
    }
  read_more (request);
}

static void
read_more (Request *request)
{
  g_input_stream_read_bytes_async (request->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   get_data (request->task)->io_cancellable, read_cb, request);
}

static void
send_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Request *request = user_data;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;

  request->stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (request->stream == NULL)
    {
      fail_request (request, g_steal_pointer (&error));
      request_free (request);
      return;
    }

  /* Anything but the expected body (a problem document) is read into
   * memory, with the small cap. */
  if (request->sink != NULL && soup_message_get_status (request->msg) != SOUP_STATUS_OK)
    {
      g_clear_object (&request->sink);
      request->cap = SMALL_MAX_BYTES;
    }

  headers = soup_message_get_response_headers (request->msg);
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > (goffset)request->cap)
    {
      g_cancellable_cancel (get_data (request->task)->io_cancellable);
      fail_sync (request->task, MNR_SYNC_CLIENT_ERROR, MNR_SYNC_CLIENT_ERROR_REPLY_TOO_LARGE,
                 "The server's reply is larger than %" G_GSIZE_FORMAT " bytes.", request->cap);
      request_free (request);
      return;
    }

  request->buffer = g_byte_array_new ();
  read_more (request);
}

/* Takes @msg; a 200's body goes to @sink (not closed on error) if it is
 * not %NULL. The token goes along @with_token: with every request but
 * discovery's, which needs none (section 2.2). */
static void
send_request_full (GTask         *task,
                   SoupMessage   *msg,
                   gsize          cap,
                   GOutputStream *sink,
                   gboolean       with_token,
                   ReplyFunc      func)
{
  MnrSyncClient *self = get_client (task);
  Request *request = g_new0 (Request, 1);
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);
  gboolean file;

  /* No redirects at all: the server never sends one, and one could take
   * the token elsewhere. A 3xx is then an error (check_status()). */
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  if (with_token)
    soup_message_headers_replace (headers, "Authorization", self->authorization);

  request->task = g_object_ref (task);
  request->msg = msg;
  request->cap = cap;
  request->sink = sink != NULL ? g_object_ref (sink) : NULL;
  request->func = func;
  /* A file, down (to @sink) or up (PUT blobs/…), may take longer. */
  file = sink != NULL ||
         (g_str_equal (soup_message_get_method (msg), SOUP_METHOD_PUT) &&
          strstr (g_uri_get_path (soup_message_get_uri (msg)), "/blobs/") != NULL);
  request->deadline = file ? self->deadline * FILE_DEADLINE_RATIO : self->deadline;
  request->deadline_id = g_timeout_add_seconds (request->deadline, deadline_cb, request);
  soup_session_send_async (self->session, msg, G_PRIORITY_DEFAULT, get_data (task)->io_cancellable,
                           send_cb, request);
}

static void
send_request (GTask       *task,
              SoupMessage *msg,
              gsize        cap,
              ReplyFunc    func)
{
  send_request_full (task, msg, cap, NULL, TRUE, func);
}

static SoupMessage *
new_message (GTask      *task,
             const char *method,
             const char *path)
{
  g_autofree char *url = g_strconcat (get_client (task)->base_url, path, NULL);

  return soup_message_new (method, url);
}

/* The "detail" of a problem document, if it is a short plain string. */
static char *
problem_detail (GBytes *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  const char *detail;
  gsize size = 0;
  const char *text = g_bytes_get_data (body, &size);

  if (size == 0 || !mnr_json_check_nesting (text, size, MNR_SYNC_MAX_DEPTH) ||
      !json_parser_load_from_data (parser, text, size, NULL))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  detail = json_object_get_string_member_with_default (json_node_get_object (root), "detail", NULL);
  if (detail == NULL || g_utf8_strlen (detail, -1) > MAX_DETAIL_CHARS)
    return NULL;

  return g_strdup (detail);
}

/* The answers that end a sync wherever they come: 401, 3xx, 5xx. Returns
 * FALSE (and finishes the task) for those. */
static gboolean
check_fatal_status (GTask       *task,
                    SoupMessage *msg,
                    GBytes      *body)
{
  guint status = soup_message_get_status (msg);

  if (status == SOUP_STATUS_UNAUTHORIZED)
    {
      g_autofree char *detail = problem_detail (body);

      fail_sync (task, MNR_SYNC_CLIENT_ERROR, MNR_SYNC_CLIENT_ERROR_UNAUTHORIZED,
                 "The sync server refused the token (authorization failed%s%s). "
                 "Nothing was changed; sync again with a valid token.",
                 detail != NULL ? ": " : "", detail != NULL ? detail : "");
      return FALSE;
    }

  if (status >= 300 && status < 400)
    {
      fail_sync (task, MNR_SYNC_CLIENT_ERROR, MNR_SYNC_CLIENT_ERROR_UNEXPECTED_STATUS,
                 "The sync server answered with a redirect (HTTP %u), which the protocol does not allow.", status);
      return FALSE;
    }

  if (status >= 500)
    {
      fail_sync (task, MNR_SYNC_CLIENT_ERROR, MNR_SYNC_CLIENT_ERROR_SERVER,
                 "The sync server failed (HTTP %u); try again later.", status);
      return FALSE;
    }

  return TRUE;
}

static JsonNode *
parse_json (GBytes      *body,
            GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  gsize size = 0;
  const char *text = g_bytes_get_data (body, &size);
  JsonNode *root;

  if (size == 0)
    {
      g_set_error_literal (error, MNR_SYNC_CLIENT_ERROR, MNR_SYNC_CLIENT_ERROR_MALFORMED_REPLY, "empty body");
      return NULL;
    }

  /* json-glib recurses once per level: a reply of many "[" must not
   * reach it (section 6). */
  if (!mnr_json_check_nesting (text, size, MNR_SYNC_MAX_DEPTH))
    {
      g_set_error_literal (error, MNR_SYNC_CLIENT_ERROR, MNR_SYNC_CLIENT_ERROR_MALFORMED_REPLY,
                           "not JSON, or nested too deeply");
      return NULL;
    }

  if (!json_parser_load_from_data (parser, text, size, error))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, MNR_SYNC_CLIENT_ERROR, MNR_SYNC_CLIENT_ERROR_MALFORMED_REPLY,
                           "not a JSON object");
      return NULL;
    }

  return json_node_ref (root);
}

/* Tells how far the sync is; @force at a phase's end, else rate-limited. */
static void
tell_progress (GTask        *task,
               MnrSyncPhase  phase,
               guint         done,
               guint         total,
               gboolean      force)
{
  SyncData *data = get_data (task);
  gint64 now = g_get_monotonic_time ();

  if (!force && now - data->progress_at < PROGRESS_INTERVAL)
    return;

  data->progress_at = now;
  g_signal_emit (get_client (task), signals[PROGRESS], 0, phase, done, total);
}

/* ---------------------------------------------------------------------- */
/* Download of attachment files (section 7.7)                             */

static void fetch_next (GTask *task);

static MnrAttachment *
current_missing (GTask *task)
{
  SyncData *data = get_data (task);

  return data->missing->pdata[data->missing_index];
}

static void
fetch_skip (GTask      *task,
            const char *why)
{
  SyncData *data = get_data (task);

  g_debug ("sync: file %s not downloaded: %s", current_missing (task)->sha256, why);
  add_refusal (get_client (task), MNR_SYNC_REFUSAL_FILE, "attachment", current_missing (task)->id, NULL, why);
  data->report.rejected++;
  data->missing_index++;
  fetch_next (task);
}

static void
blob_get_cb (GTask       *task,
             SoupMessage *msg,
             GBytes      *body)
{
  SyncData *data = get_data (task);
  MnrAttachment *attachment = current_missing (task);
  g_autoptr(GFile) incoming = g_steal_pointer (&data->incoming);
  g_autoptr(GError) error = NULL;
  guint status = soup_message_get_status (msg);

  if (status != SOUP_STATUS_OK)
    g_file_delete (incoming, NULL, NULL);

  if (!check_fatal_status (task, msg, body))
    return;

  if (status != SOUP_STATUS_OK)
    {
      fetch_skip (task, "the server does not have it");
      return;
    }

  if (!mnr_store_add_incoming_file (get_client (task)->store, incoming, attachment->sha256, &error))
    {
      if (!g_error_matches (error, MNR_STORE_ERROR, MNR_STORE_ERROR_INVALID))
        {
          finish_sync (task, g_steal_pointer (&error));
          return;
        }
      fetch_skip (task, error->message);
      return;
    }

  data->report.downloaded++;
  data->missing_index++;
  fetch_next (task);
}

static void
fetch_next (GTask *task)
{
  SyncData *data = get_data (task);
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  MnrAttachment *attachment;

  if (g_task_return_error_if_cancelled (task))
    {
      get_client (task)->busy = FALSE;
      g_object_unref (task);
      return;
    }

  if (data->missing->len > 0)
    tell_progress (task, MNR_SYNC_PHASE_FILES, data->missing_index, data->missing->len,
                   data->missing_index >= data->missing->len);

  if (data->missing_index >= data->missing->len)
    {
      finish_sync (task, NULL);
      return;
    }

  attachment = current_missing (task);
  if (attachment->size < 0 || attachment->size > MNR_STORE_MAX_ATTACHMENT_SIZE)
    {
      fetch_skip (task, "its size is out of bounds");
      return;
    }

  data->incoming = mnr_store_create_incoming_file (get_client (task)->store, &stream, &error);
  if (data->incoming == NULL)
    {
      finish_sync (task, g_steal_pointer (&error));
      return;
    }

  path = g_strconcat ("blobs/", attachment->sha256, NULL);
  send_request_full (task, new_message (task, SOUP_METHOD_GET, path), attachment->size,
                     G_OUTPUT_STREAM (stream), TRUE, blob_get_cb);
}

/* After the push: the files of attachments that came from the server. */
static void
fetch_start (GTask *task)
{
  SyncData *data = get_data (task);
  GError *error = NULL;

  data->missing = mnr_store_list_missing_files (get_client (task)->store, &error);
  if (data->missing == NULL)
    {
      finish_sync (task, error);
      return;
    }

  data->missing_index = 0;
  fetch_next (task);
}

/* ---------------------------------------------------------------------- */
/* Push                                                                   */

static void push_next (GTask *task);
static void push_record (GTask *task);
static void push_start (GTask *task);

static MnrSyncRecord *
current_record (GTask *task)
{
  SyncData *data = get_data (task);

  return data->dirty->pdata[data->index];
}

static void
skip_record (GTask              *task,
             MnrSyncRefusalKind  kind,
             const char         *why)
{
  SyncData *data = get_data (task);
  MnrSyncRecord *record = current_record (task);

  g_debug ("sync: %s %s not pushed: %s", record->type, record->id, why);
  add_refusal (get_client (task), kind, record->type, record->id, record->country, why);
  data->report.rejected++;
  data->index++;
  push_next (task);
}

/* Applies the server's `current` of a 412 (section 7.5): confirms our own
 * write, or records the conflict. */
static void
handle_precondition_failed (GTask  *task,
                            GBytes *body)
{
  SyncData *data = get_data (task);
  MnrSyncRecord *record = current_record (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = parse_json (body, &error);
  g_autoptr(MnrSyncRecord) current = NULL;
  JsonNode *member;

  if (root == NULL)
    {
      fail_malformed (task, error->message);
      return;
    }

  member = json_object_get_member (json_node_get_object (root), "current");
  if (member == NULL || !(current = mnr_sync_record_from_envelope (member, &error)))
    {
      fail_malformed (task, error != NULL ? error->message : "a 412 without current");
      return;
    }

  if (!g_str_equal (current->type, record->type) || !g_str_equal (current->id, record->id))
    {
      fail_malformed (task, "current is another record");
      return;
    }

  switch (mnr_store_apply_remote (get_client (task)->store, current, &error))
    {
    case MNR_APPLY_UPDATED:
      data->report.pushed++;  /* our own write, whose answer was lost */
      break;
    case MNR_APPLY_CONFLICT:
      data->report.conflicts++;
      break;
    case MNR_APPLY_MERGED:
      /* Our changes and the server's, with If-Match of its rev: pushed
       * once this pass over the outbox is done. */
      data->report.merged++;
      data->push_again = TRUE;
      break;
    case MNR_APPLY_UNCHANGED:
      /* The server's rev is not newer than our base: it was restored from
       * an older backup (section 7.5, rule 6). A person must look. */
      skip_record (task, MNR_SYNC_REFUSAL_NEEDS_PERSON,
                   "the server's record is older than the one this copy is based on");
      return;
    case MNR_APPLY_FAILED:
    default:
      if (error != NULL && error->domain != MNR_STORE_ERROR && error->domain != MNR_SYNC_RECORD_ERROR)
        {
          finish_sync (task, g_steal_pointer (&error));
          return;
        }
      skip_record (task, MNR_SYNC_REFUSAL_INVALID, error != NULL ? error->message : "refused by the store");
      return;
    }

  data->index++;
  push_next (task);
}

static void
record_put_cb (GTask       *task,
               SoupMessage *msg,
               GBytes      *body)
{
  SyncData *data = get_data (task);
  MnrSyncRecord *record = current_record (task);
  guint status = soup_message_get_status (msg);
  g_autoptr(GError) error = NULL;

  if (!check_fatal_status (task, msg, body))
    return;

  if (status == SOUP_STATUS_OK || status == SOUP_STATUS_CREATED)
    {
      g_autoptr(JsonNode) root = parse_json (body, &error);
      g_autoptr(MnrSyncRecord) stored = NULL;

      if (root == NULL || !(stored = mnr_sync_record_from_envelope (root, &error)))
        {
          fail_malformed (task, error->message);
          return;
        }

      if (!g_str_equal (stored->type, record->type) || !g_str_equal (stored->id, record->id))
        {
          fail_malformed (task, "the answer is another record");
          return;
        }

      /* The local_rev captured when the body was built: an edit made
       * meanwhile keeps the record dirty (section 7.2). */
      if (!mnr_store_mark_pushed (get_client (task)->store, record->type, record->id,
                                  record->local_rev, stored->server_rev, &error))
        {
          finish_sync (task, g_steal_pointer (&error));
          return;
        }

      data->report.pushed++;
      data->index++;
      push_next (task);
    }
  else if (status == SOUP_STATUS_PRECONDITION_FAILED)
    handle_precondition_failed (task, body);
  else if (status >= 400 && status < 500)
    {
      g_autofree char *detail = problem_detail (body);
      g_autofree char *why = g_strdup_printf ("HTTP %u%s%s", status,
                                              detail != NULL ? ": " : "", detail != NULL ? detail : "");

      /* 403 (not this token's country), 404 with If-Match (a conflict for
       * a person), 413/422 (the record must change), 400/415/428 (a bug):
       * keep the record dirty and go on (section 7.6). */
      skip_record (task,
                   status == SOUP_STATUS_FORBIDDEN ? MNR_SYNC_REFUSAL_NOT_PERMITTED :
                   status == SOUP_STATUS_NOT_FOUND ? MNR_SYNC_REFUSAL_NEEDS_PERSON : MNR_SYNC_REFUSAL_INVALID,
                   why);
    }
  else
    fail_sync (task, MNR_SYNC_CLIENT_ERROR, MNR_SYNC_CLIENT_ERROR_UNEXPECTED_STATUS,
               "The sync server answered a write with HTTP %u.", status);
}

static void
push_record (GTask *task)
{
  MnrSyncRecord *record = current_record (task);
  g_autofree char *path = g_strdup_printf ("records/%s/%s", record->type, record->id);
  g_autoptr(JsonNode) node = mnr_sync_record_to_json (record);
  g_autofree char *text = json_to_string (node, FALSE);
  gsize length = strlen (text);
  g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&text), length);
  SoupMessage *msg = new_message (task, SOUP_METHOD_PUT, path);
  SoupMessageHeaders *headers;

  if (msg == NULL)
    {
      skip_record (task, MNR_SYNC_REFUSAL_INVALID, "not a valid path");
      return;
    }

  headers = soup_message_get_request_headers (msg);
  if (record->server_rev == 0)
    soup_message_headers_replace (headers, "If-None-Match", "*");
  else
    {
      g_autofree char *etag = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", record->server_rev);

      soup_message_headers_replace (headers, "If-Match", etag);
    }
  soup_message_headers_replace (headers, "Accept", "application/json");
  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
  send_request (task, msg, RECORD_MAX_BYTES, record_put_cb);
}

static void blob_upload (GTask *task);

/* HEAD blobs/<sha>: 200 with the right size means the server has it. */
static gboolean
blob_confirmed (SoupMessage *msg,
                gint64       size)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (msg);

  return soup_message_get_status (msg) == SOUP_STATUS_OK &&
         soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
         soup_message_headers_get_content_length (headers) == size;
}

static void
blob_verify_cb (GTask       *task,
                SoupMessage *msg,
                GBytes      *body)
{
  if (!check_fatal_status (task, msg, body))
    return;

  if (blob_confirmed (msg, get_data (task)->blob_size))
    push_record (task);
  else
    skip_record (task, MNR_SYNC_REFUSAL_FILE, "the server did not confirm the uploaded file");
}

static void
blob_put_cb (GTask       *task,
             SoupMessage *msg,
             GBytes      *body)
{
  MnrSyncRecord *record = current_record (task);
  guint status = soup_message_get_status (msg);

  if (!check_fatal_status (task, msg, body))
    return;

  if (status == SOUP_STATUS_OK || status == SOUP_STATUS_CREATED)
    {
      /* Section 7.7: confirm with HEAD before pushing the record. */
      const char *sha256 = json_object_get_string_member_with_default (record->data, "sha256", "");
      g_autofree char *path = g_strconcat ("blobs/", sha256, NULL);

      send_request (task, new_message (task, SOUP_METHOD_HEAD, path), SMALL_MAX_BYTES, blob_verify_cb);
    }
  else if (status >= 400 && status < 500)
    {
      g_autofree char *detail = problem_detail (body);
      g_autofree char *why = g_strdup_printf ("its file was refused, HTTP %u%s%s", status,
                                              detail != NULL ? ": " : "", detail != NULL ? detail : "");

      skip_record (task, status == SOUP_STATUS_FORBIDDEN ? MNR_SYNC_REFUSAL_NOT_PERMITTED : MNR_SYNC_REFUSAL_FILE, why);
    }
  else
    fail_sync (task, MNR_SYNC_CLIENT_ERROR, MNR_SYNC_CLIENT_ERROR_UNEXPECTED_STATUS,
               "The sync server answered an upload with HTTP %u.", status);
}

static void
blob_head_cb (GTask       *task,
              SoupMessage *msg,
              GBytes      *body)
{
  guint status = soup_message_get_status (msg);

  if (!check_fatal_status (task, msg, body))
    return;

  if (blob_confirmed (msg, get_data (task)->blob_size))
    push_record (task);
  else if (status == SOUP_STATUS_OK || status == SOUP_STATUS_NOT_FOUND)
    blob_upload (task);  /* missing, or a different size: send ours */
  else
    fail_sync (task, MNR_SYNC_CLIENT_ERROR, MNR_SYNC_CLIENT_ERROR_UNEXPECTED_STATUS,
               "The sync server answered a file check with HTTP %u.", status);
}

static void
blob_upload (GTask *task)
{
  MnrSyncClient *self = get_client (task);
  SyncData *data = get_data (task);
  MnrSyncRecord *record = current_record (task);
  const char *sha256 = json_object_get_string_member_with_default (record->data, "sha256", "");
  g_autofree char *path = g_strconcat ("blobs/", sha256, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = mnr_store_get_attachment_file (self->store, sha256, &error);
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GFileInfo) info = NULL;
  SoupMessage *msg;

  if (file == NULL ||
      !(stream = g_file_read (file, NULL, &error)) ||
      !(info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE, NULL, &error)))
    {
      skip_record (task, MNR_SYNC_REFUSAL_FILE, error->message);
      return;
    }

  if (g_file_info_get_size (info) != data->blob_size)
    {
      skip_record (task, MNR_SYNC_REFUSAL_FILE, "the attached file does not have the size its record says");
      return;
    }

  msg = new_message (task, SOUP_METHOD_PUT, path);
  soup_message_set_request_body (msg, "application/octet-stream", G_INPUT_STREAM (stream), data->blob_size);
  send_request (task, msg, SMALL_MAX_BYTES, blob_put_cb);
}

static void
push_next (GTask *task)
{
  SyncData *data = get_data (task);
  MnrSyncRecord *record;

  if (g_task_return_error_if_cancelled (task))
    {
      get_client (task)->busy = FALSE;
      g_object_unref (task);
      return;
    }

  if (data->dirty->len > 0)
    tell_progress (task, MNR_SYNC_PHASE_SENDING, data->index, data->dirty->len,
                   data->index >= data->dirty->len);

  if (data->index >= data->dirty->len)
    {
      /* Merges made by 412s go out now, with a bound in case the record
       * keeps changing on the server. */
      if (data->push_again && data->rounds < MAX_PUSH_ROUNDS)
        push_start (task);
      else
        fetch_start (task);
      return;
    }

  record = current_record (task);
  if (g_str_equal (record->type, "attachment") && !record->deleted)
    {
      const char *sha256 = json_object_get_string_member_with_default (record->data, "sha256", "");
      g_autofree char *path = NULL;

      data->blob_size = json_object_get_int_member_with_default (record->data, "size", -1);
      if (!mnr_store_is_valid_sha256 (sha256) || data->blob_size < 0)
        {
          skip_record (task, MNR_SYNC_REFUSAL_FILE, "the attachment record names no valid file");
          return;
        }

      path = g_strconcat ("blobs/", sha256, NULL);
      send_request (task, new_message (task, SOUP_METHOD_HEAD, path), SMALL_MAX_BYTES, blob_head_cb);
      return;
    }

  push_record (task);
}

static void
push_start (GTask *task)
{
  SyncData *data = get_data (task);
  GError *error = NULL;

  data->dirty = mnr_store_list_dirty (get_client (task)->store, &error);
  if (data->dirty == NULL)
    {
      finish_sync (task, error);
      return;
    }

  data->index = 0;
  data->rounds++;
  data->push_again = FALSE;
  push_next (task);
}

/* ---------------------------------------------------------------------- */
/* Pull                                                                   */

static void pull_page (GTask *task);

/* Applies @record; FALSE with @error for a failure of the store itself. */
static gboolean
apply_one (GTask          *task,
           MnrSyncRecord  *record,
           gboolean       *waiting,
           GError        **error)
{
  SyncData *data = get_data (task);
  g_autoptr(GError) local_error = NULL;

  *waiting = FALSE;
  switch (mnr_store_apply_remote (get_client (task)->store, record, &local_error))
    {
    case MNR_APPLY_UPDATED:
      data->report.applied++;
      return TRUE;
    case MNR_APPLY_UNCHANGED:
      data->report.unchanged++;
      return TRUE;
    case MNR_APPLY_CONFLICT:
      data->report.conflicts++;
      return TRUE;
    case MNR_APPLY_MERGED:
      data->report.merged++;  /* pushed by this sync's push */
      return TRUE;
    case MNR_APPLY_FAILED:
    default:
      break;
    }

  if (g_error_matches (local_error, MNR_STORE_ERROR, MNR_STORE_ERROR_NOT_FOUND))
    {
      *waiting = TRUE;  /* its round or evidence has not come yet */
      return TRUE;
    }

  if (local_error != NULL &&
      (local_error->domain == MNR_SYNC_RECORD_ERROR ||
       g_error_matches (local_error, MNR_STORE_ERROR, MNR_STORE_ERROR_INVALID)))
    {
      g_debug ("sync: %s %s refused: %s", record->type, record->id, local_error->message);
      data->report.rejected++;
      return TRUE;
    }

  if (local_error == NULL)
    g_set_error_literal (error, MNR_STORE_ERROR, MNR_STORE_ERROR_FAILED, "Applying a change failed.");
  else
    g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/* Applies the page's records; those whose round or evidence has not come
 * yet are kept in the store, and every record kept so is tried again. */
static gboolean
apply_page (GTask      *task,
            GPtrArray  *records,
            GError    **error)
{
  SyncData *data = get_data (task);
  MnrStore *store = get_client (task)->store;
  guint counts[5];
  int waiting;

  for (guint i = 0; i < records->len; i++)
    {
      gboolean parent_missing;

      if (!apply_one (task, records->pdata[i], &parent_missing, error))
        return FALSE;
      if (parent_missing && !mnr_store_keep_waiting (store, records->pdata[i], error))
        return FALSE;
    }

  waiting = mnr_store_apply_waiting (store, counts, error);
  if (waiting < 0)
    return FALSE;

  data->report.applied += counts[MNR_APPLY_UPDATED];
  data->report.unchanged += counts[MNR_APPLY_UNCHANGED];
  data->report.conflicts += counts[MNR_APPLY_CONFLICT];
  data->report.merged += counts[MNR_APPLY_MERGED];
  data->report.rejected += counts[MNR_APPLY_FAILED];
  data->report.waiting = waiting;
  return TRUE;
}

static void
changes_cb (GTask       *task,
            SoupMessage *msg,
            GBytes      *body)
{
  MnrSyncClient *self = get_client (task);
  SyncData *data = get_data (task);
  guint status = soup_message_get_status (msg);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) records = NULL;
  JsonObject *object;
  JsonNode *changes, *cursor, *more;
  JsonArray *array;

  if (!check_fatal_status (task, msg, body))
    return;

  if (status == SOUP_STATUS_BAD_REQUEST && data->cursor != NULL && !data->restarted)
    {
      /* invalid-cursor: the server was replaced or reset. Pull again from
       * the start; applying is idempotent (section 7.8). */
      data->restarted = TRUE;
      g_clear_pointer (&data->cursor, g_free);
      pull_page (task);
      return;
    }

  if (status != SOUP_STATUS_OK)
    {
      fail_sync (task, MNR_SYNC_CLIENT_ERROR, MNR_SYNC_CLIENT_ERROR_UNEXPECTED_STATUS,
                 "The sync server answered the changes feed with HTTP %u.", status);
      return;
    }

  if (!(root = parse_json (body, &error)))
    {
      fail_malformed (task, error->message);
      return;
    }

  object = json_node_get_object (root);
  changes = json_object_get_member (object, "changes");
  cursor = json_object_get_member (object, "cursor");
  more = json_object_get_member (object, "more");
  if (changes == NULL || !JSON_NODE_HOLDS_ARRAY (changes) ||
      cursor == NULL || !JSON_NODE_HOLDS_VALUE (cursor) || json_node_get_value_type (cursor) != G_TYPE_STRING ||
      more == NULL || !JSON_NODE_HOLDS_VALUE (more) || json_node_get_value_type (more) != G_TYPE_BOOLEAN)
    {
      fail_malformed (task, "changes, cursor or more missing or of the wrong type");
      return;
    }

  array = json_node_get_array (changes);
  if (json_array_get_length (array) > 1000 || *json_node_get_string (cursor) == '\0' ||
      strlen (json_node_get_string (cursor)) > 1024)
    {
      fail_malformed (task, "a page or a cursor out of bounds");
      return;
    }

  /* Check the whole page before applying any of it. */
  records = g_ptr_array_new_with_free_func ((GDestroyNotify)mnr_sync_record_free);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autoptr(GError) record_error = NULL;
      MnrSyncRecord *record;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          fail_malformed (task, "a change that is not an object");
          return;
        }

      record = mnr_sync_record_from_envelope (element, &record_error);
      data->report.pulled++;
      if (record == NULL)
        {
          /* A record this client cannot take (an unknown type, a member
           * out of the rules): reported, never a reason to stop. */
          g_debug ("sync: a change was refused: %s", record_error->message);
          data->report.rejected++;
          continue;
        }
      g_ptr_array_add (records, record);
    }

  /* One transaction per page: its records (those waiting for a parent
   * kept in the store) and its cursor, so that an interrupted sync never
   * skips one. */
  if (!mnr_store_begin_batch (self->store, &error))
    {
      finish_sync (task, g_steal_pointer (&error));
      return;
    }

  if (!apply_page (task, records, &error) ||
      !mnr_store_set_sync_value (self->store, "cursor", json_node_get_string (cursor), &error))
    {
      mnr_store_end_batch (self->store, FALSE, NULL);
      finish_sync (task, g_steal_pointer (&error));
      return;
    }

  if (!mnr_store_end_batch (self->store, TRUE, &error))
    {
      finish_sync (task, g_steal_pointer (&error));
      return;
    }

  g_free (data->cursor);
  data->cursor = g_strdup (json_node_get_string (cursor));
  tell_progress (task, MNR_SYNC_PHASE_RECEIVING, data->report.pulled, 0, !json_node_get_boolean (more));

  if (json_node_get_boolean (more))
    {
      pull_page (task);
      return;
    }

  push_start (task);
}

static void
pull_page (GTask *task)
{
  SyncData *data = get_data (task);
  g_autofree char *path = NULL;
  SoupMessage *msg;

  if (g_task_return_error_if_cancelled (task))
    {
      get_client (task)->busy = FALSE;
      g_object_unref (task);
      return;
    }

  if (data->cursor != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (data->cursor, NULL, FALSE);

      path = g_strdup_printf ("changes?since=%s&limit=%" G_GINT64_FORMAT, escaped, data->page_limit);
    }
  else
    path = g_strdup_printf ("changes?limit=%" G_GINT64_FORMAT, data->page_limit);

  msg = new_message (task, SOUP_METHOD_GET, path);
  if (msg == NULL)
    {
      fail_sync (task, MNR_SYNC_CLIENT_ERROR, MNR_SYNC_CLIENT_ERROR_INSECURE,
                 "The sync server address is not a valid URL.");
      return;
    }

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept", "application/json");
  send_request (task, msg, PAGE_MAX_BYTES, changes_cb);
}

/* ---------------------------------------------------------------------- */

/* The answer to GET /mnr/v1/ (section 2.2): an MNR sync server that
 * speaks protocol 1, and its page limit. Then the pull. */
static void
discovery_cb (GTask       *task,
              SoupMessage *msg,
              GBytes      *body)
{
  SyncData *data = get_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object, *limits;
  JsonNode *protocol, *page_max, *member;

  if (!check_fatal_status (task, msg, body))
    return;

  if (soup_message_get_status (msg) != SOUP_STATUS_OK || !(root = parse_json (body, &error)))
    {
      fail_sync (task, MNR_SYNC_CLIENT_ERROR, MNR_SYNC_CLIENT_ERROR_NOT_A_SERVER,
                 "This address does not answer as an MNR sync server (HTTP %u).",
                 soup_message_get_status (msg));
      return;
    }

  object = json_node_get_object (root);
  protocol = json_object_get_member (object, "protocol");
  if (protocol == NULL || !JSON_NODE_HOLDS_VALUE (protocol) ||
      json_node_get_value_type (protocol) != G_TYPE_INT64 || json_node_get_int (protocol) != 1)
    {
      fail_sync (task, MNR_SYNC_CLIENT_ERROR, MNR_SYNC_CLIENT_ERROR_NOT_A_SERVER,
                 "The server does not speak version 1 of the MNR sync protocol.");
      return;
    }

  member = json_object_get_member (object, "limits");
  limits = member != NULL && JSON_NODE_HOLDS_OBJECT (member) ? json_node_get_object (member) : NULL;
  page_max = limits != NULL ? json_object_get_member (limits, "page_max") : NULL;
  if (page_max != NULL && JSON_NODE_HOLDS_VALUE (page_max) &&
      json_node_get_value_type (page_max) == G_TYPE_INT64 && json_node_get_int (page_max) >= 1)
    data->page_limit = MIN (json_node_get_int (page_max), PAGE_LIMIT);

  pull_page (task);
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

  if (!check_endpoint (self->base_url, &error))
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
  send_request_full (task, new_message (task, SOUP_METHOD_GET, ""), SMALL_MAX_BYTES, NULL, FALSE, discovery_cb);
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
