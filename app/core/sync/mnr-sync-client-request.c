/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "mnr-json-reader.h"
#include "mnr-sync-client-private.h"

/* One request of a sync: sent with the token, its answer read whole
 * under a size cap and a total deadline, its status checked; and the
 * ways a sync ends. */

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

/* Ends the sync and drops the reference the chain of callbacks holds;
 * a Request's own reference to the task is dropped by request_free().
 * Once only: a page of the changes feed is asked for before the one
 * before it is written, and that request may end after the sync did. */
void
mnr_sync_task_finish (GTask  *task,
             GError *error)
{
  SyncData *data = mnr_sync_task_get_data (task);

  if (data->finished)
    {
      g_clear_error (&error);
      return;
    }
  data->finished = TRUE;

  /* A pull that stopped part way: the store's cache of its bulk batches
   * back to its size, and their log emptied, as at a pull's end. */
  if (error != NULL && data->bulk_pages)
    mnr_store_checkpoint (mnr_sync_task_get_client (task)->store);

  mnr_sync_task_get_client (task)->busy = FALSE;
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

void
mnr_sync_task_fail (GTask      *task,
           GQuark      domain,
           int         code,
           const char *format,
           ...) G_GNUC_PRINTF (4, 5);

void
mnr_sync_task_fail (GTask      *task,
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
  mnr_sync_task_finish (task, error);
}

void
mnr_sync_task_fail_transport (GTask  *task,
                GError *error)
{
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_prefix_error (&error, "Could not reach the sync server: ");
  mnr_sync_task_finish (task, error);
}

void
mnr_sync_task_fail_malformed (GTask      *task,
                const char *what)
{
  mnr_sync_task_fail (task, MNR_SYNC_CLIENT_ERROR, MNR_SYNC_CLIENT_ERROR_MALFORMED_REPLY,
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
      mnr_sync_task_fail (request->task, MNR_SYNC_CLIENT_ERROR, MNR_SYNC_CLIENT_ERROR_TIMED_OUT,
                 "The server took more than %u seconds to answer; the sync stopped. "
                 "Nothing was lost.", request->deadline);
    }
  else
    mnr_sync_task_fail_transport (request->task, error);
}

static gboolean
deadline_cb (gpointer user_data)
{
  Request *request = user_data;

  request->deadline_id = 0;
  request->timed_out = TRUE;
  g_cancellable_cancel (mnr_sync_task_get_data (request->task)->io_cancellable);
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
          mnr_sync_task_finish (request->task, g_steal_pointer (&error));
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
      g_cancellable_cancel (mnr_sync_task_get_data (request->task)->io_cancellable);
      mnr_sync_task_fail (request->task, MNR_SYNC_CLIENT_ERROR, MNR_SYNC_CLIENT_ERROR_REPLY_TOO_LARGE,
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
      g_cancellable_cancel (mnr_sync_task_get_data (request->task)->io_cancellable);
      mnr_sync_task_finish (request->task, g_steal_pointer (&error));
      request_free (request);
      return;
    }
  read_more (request);
}

static void
read_more (Request *request)
{
  g_input_stream_read_bytes_async (request->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   mnr_sync_task_get_data (request->task)->io_cancellable, read_cb, request);
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

  /* A HEAD's Content-Length is the size of the file it asks about (a blob
   * of up to 100 MB), not of a body: there is none to read. */
  headers = soup_message_get_response_headers (request->msg);
  if (!g_str_equal (soup_message_get_method (request->msg), SOUP_METHOD_HEAD) &&
      soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > (goffset)request->cap)
    {
      g_cancellable_cancel (mnr_sync_task_get_data (request->task)->io_cancellable);
      mnr_sync_task_fail (request->task, MNR_SYNC_CLIENT_ERROR, MNR_SYNC_CLIENT_ERROR_REPLY_TOO_LARGE,
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
void
mnr_sync_task_send_full (GTask         *task,
                   SoupMessage   *msg,
                   gsize          cap,
                   GOutputStream *sink,
                   gboolean       with_token,
                   ReplyFunc      func)
{
  MnrSyncClient *self = mnr_sync_task_get_client (task);
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
  soup_session_send_async (self->session, msg, G_PRIORITY_DEFAULT, mnr_sync_task_get_data (task)->io_cancellable,
                           send_cb, request);
}

void
mnr_sync_task_send (GTask       *task,
              SoupMessage *msg,
              gsize        cap,
              ReplyFunc    func)
{
  mnr_sync_task_send_full (task, msg, cap, NULL, TRUE, func);
}

SoupMessage *
mnr_sync_task_new_message (GTask      *task,
             const char *method,
             const char *path)
{
  g_autofree char *url = g_strconcat (mnr_sync_task_get_client (task)->base_url, path, NULL);

  return soup_message_new (method, url);
}

/* The problem document in @body, if it is one. */
static JsonObject *
parse_problem (GBytes *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  gsize size = 0;
  const char *text = g_bytes_get_data (body, &size);

  if (size == 0 || !mnr_json_check_nesting (text, size, MNR_SYNC_MAX_DEPTH) ||
      !json_parser_load_from_data (parser, text, size, NULL))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  return json_object_ref (json_node_get_object (root));
}

/* The "detail" of a problem document, if it is a short plain string. */
char *
mnr_sync_problem_detail (GBytes *body)
{
  g_autoptr(JsonObject) problem = parse_problem (body);
  const char *detail;

  if (problem == NULL)
    return NULL;

  detail = json_object_get_string_member_with_default (problem, "detail", NULL);
  if (detail == NULL || g_utf8_strlen (detail, -1) > MAX_DETAIL_CHARS)
    return NULL;

  return g_strdup (detail);
}

/* Whether @body is a problem document of type …/@slug (section 5.8). */
gboolean
mnr_sync_problem_is (GBytes     *body,
                     const char *slug)
{
  g_autoptr(JsonObject) problem = parse_problem (body);
  const char *type;

  if (problem == NULL)
    return FALSE;

  type = json_object_get_string_member_with_default (problem, "type", "");
  return g_str_has_suffix (type, slug) && strlen (type) > strlen (slug) &&
         type[strlen (type) - strlen (slug) - 1] == '/';
}

/* The answers that end a sync wherever they come: 401, 3xx, 5xx. Returns
 * FALSE (and finishes the task) for those. */
gboolean
mnr_sync_task_check_fatal_status (GTask       *task,
                    SoupMessage *msg,
                    GBytes      *body)
{
  guint status = soup_message_get_status (msg);

  if (status == SOUP_STATUS_UNAUTHORIZED)
    {
      g_autofree char *detail = mnr_sync_problem_detail (body);

      mnr_sync_task_fail (task, MNR_SYNC_CLIENT_ERROR, MNR_SYNC_CLIENT_ERROR_UNAUTHORIZED,
                 "The sync server refused the token (authorization failed%s%s). "
                 "Nothing was changed; sync again with a valid token.",
                 detail != NULL ? ": " : "", detail != NULL ? detail : "");
      return FALSE;
    }

  if (status >= 300 && status < 400)
    {
      mnr_sync_task_fail (task, MNR_SYNC_CLIENT_ERROR, MNR_SYNC_CLIENT_ERROR_UNEXPECTED_STATUS,
                 "The sync server answered with a redirect (HTTP %u), which the protocol does not allow.", status);
      return FALSE;
    }

  if (status >= 500)
    {
      mnr_sync_task_fail (task, MNR_SYNC_CLIENT_ERROR, MNR_SYNC_CLIENT_ERROR_SERVER,
                 "The sync server failed (HTTP %u); try again later.", status);
      return FALSE;
    }

  return TRUE;
}

JsonNode *
mnr_sync_parse_json (GBytes      *body,
            GError     **error)
{
  return mnr_sync_parse_json_full (body, TRUE, error);
}

/* mnr_sync_parse_json(), into a tree that is sealed (@immutable) or not:
 * a page of the changes feed gives its records' data objects away
 * (mnr_sync_record_take_from_envelope()), and sealing each cost too. */
JsonNode *
mnr_sync_parse_json_full (GBytes    *body,
                          gboolean   immutable,
                          GError   **error)
{
  g_autoptr(JsonParser) parser = immutable ? json_parser_new_immutable () : json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  gsize size = 0;
  const char *text = g_bytes_get_data (body, &size);
  JsonNode *root;

  if (size == 0)
    {
      g_set_error_literal (error, MNR_SYNC_CLIENT_ERROR, MNR_SYNC_CLIENT_ERROR_MALFORMED_REPLY, "empty body");
      return NULL;
    }

  /* json-glib recurses once per level: a reply of many "[" must not
   * reach it (section 6), nor one with text after its value, which
   * json-glib parses on (leaking the first). */
  if (!mnr_json_check_text (text, size, MNR_SYNC_MAX_DEPTH, &local_error))
    {
      g_set_error_literal (error, MNR_SYNC_CLIENT_ERROR, MNR_SYNC_CLIENT_ERROR_MALFORMED_REPLY,
                           local_error->message);
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
