/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-sync-service"

#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "mnr-sync-record.h"
#include "mnr-sync-service-private.h"

/* What the service does on the server's thread as soon as a request's
 * headers are in, before its body is read: the header and body limits. */

/* --- refusing a declared body before reading it ------------------------- */

/* SoupServer reads a request's whole body before it sends any answer,
 * even one set as soon as the headers are in; only "Expect: 100-continue"
 * lets it answer first. So for a Content-Length over the limit the
 * connection is taken from SoupServer (soup_server_message_steal_connection()
 * from the early handler), the 413 is written on it by hand, the sending
 * side is shut down, and what the client still sends is read and dropped
 * for a moment before the connection is closed: closing a socket with
 * unread data resets it, and a reset can destroy the answer before the
 * client reads it. No byte of the body is kept. */

#define LINGER_SECONDS   2
#define LINGER_MAX_BYTES (8 * 1024 * 1024)

typedef struct
{
  GIOStream    *stream;
  GSocket      *socket;
  GBytes       *answer;
  GCancellable *cancellable;
  GSource      *timeout;      /* on the listener's context, as the stream's I/O */
  gsize         discarded;
  char          buffer[16 * 1024];
} Refusal;

static void
clear_timeout (Refusal *refusal)
{
  if (refusal->timeout != NULL)
    {
      g_source_destroy (refusal->timeout);
      g_clear_pointer (&refusal->timeout, g_source_unref);
    }
}

static void
refusal_free (Refusal *refusal)
{
  clear_timeout (refusal);
  g_clear_object (&refusal->stream);
  g_clear_object (&refusal->socket);
  g_clear_pointer (&refusal->answer, g_bytes_unref);
  g_clear_object (&refusal->cancellable);
  g_free (refusal);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Refusal, refusal_free)

static void
on_refusal_closed (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  /* The close was the refusal's last step. The client may have gone
   * already: nothing to report. */
  g_io_stream_close_finish (G_IO_STREAM (source), result, NULL);
  refusal_free (user_data);
}

static void
refusal_close (Refusal *refusal)
{
  clear_timeout (refusal);
  g_io_stream_close_async (refusal->stream, G_PRIORITY_DEFAULT, NULL, on_refusal_closed, refusal);
}

static gboolean
on_refusal_timeout (gpointer user_data)
{
  Refusal *refusal = user_data;

  g_clear_pointer (&refusal->timeout, g_source_unref);
  g_cancellable_cancel (refusal->cancellable);
  return G_SOURCE_REMOVE;
}

static void
on_refusal_drained (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Refusal *refusal = user_data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, NULL);

  /* Until the end of the client's data, an error, or enough waiting. */
  if (n <= 0 || refusal->discarded + (gsize) n >= LINGER_MAX_BYTES)
    {
      refusal_close (refusal);
      return;
    }

  refusal->discarded += (gsize) n;
  g_input_stream_read_async (G_INPUT_STREAM (source), refusal->buffer, sizeof refusal->buffer,
                             G_PRIORITY_DEFAULT, refusal->cancellable, on_refusal_drained,
                             refusal);
}

static void
on_refusal_written (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Refusal *refusal = user_data;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL))
    {
      refusal_close (refusal);
      return;
    }

  g_socket_shutdown (refusal->socket, FALSE, TRUE, NULL);
  g_input_stream_read_async (g_io_stream_get_input_stream (refusal->stream), refusal->buffer,
                             sizeof refusal->buffer, G_PRIORITY_DEFAULT, refusal->cancellable,
                             on_refusal_drained, refusal);
}

/* The whole answer, status line to body, as it goes on the wire. */
static GBytes *
too_large_answer (const char *detail)
{
  g_autoptr(JsonNode) problem = mnr_sync_service_problem_node (SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE,
                                                               "payload-too-large", detail, NULL);
  g_autofree char *body = json_to_string (problem, FALSE);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *date = soup_date_time_to_string (now, SOUP_DATE_HTTP);
  GString *answer = g_string_new (NULL);

  g_string_append_printf (answer,
                          "HTTP/1.1 413 %s\r\n"
                          "Date: %s\r\n"
                          "Server: " SERVER_NAME "\r\n"
                          "Content-Type: application/problem+json\r\n"
                          "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                          "Connection: close\r\n"
                          "\r\n"
                          "%s",
                          soup_status_get_phrase (SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE),
                          date, strlen (body), body);

  return g_string_free_to_bytes (answer);
}

/* Answers 413 for a declared size over @limit without reading the body;
 * %FALSE when the connection cannot be taken (then the caller answers
 * the usual way). */
static gboolean
refuse_declared_body (MnrSyncService    *self,
                      SoupServer        *server,
                      SoupServerMessage *msg,
                      gsize              limit,
                      goffset            declared)
{
  g_autoptr(Refusal) refusal = NULL;
  g_autofree char *detail = NULL;
  GSocket *socket = soup_server_message_get_socket (msg);
  Refusal *owned;

  if (soup_server_is_https (server) || socket == NULL ||
      soup_server_message_get_http_version (msg) == SOUP_HTTP_2_0)
    return FALSE;

  if (self->verbose)
    g_printerr ("%s %s %u\n", soup_server_message_get_method (msg),
                g_uri_get_path (soup_server_message_get_uri (msg)),
                SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE);

  detail = g_strdup_printf ("the body is larger than %" G_GSIZE_FORMAT " bytes: it declares %"
                            G_GOFFSET_FORMAT, limit, declared);

  refusal = g_new0 (Refusal, 1);
  refusal->socket = g_object_ref (socket);
  refusal->answer = too_large_answer (detail);
  refusal->cancellable = g_cancellable_new ();
  refusal->stream = soup_server_message_steal_connection (msg);  /* msg may be gone now */
  if (refusal->stream == NULL)
    return TRUE;  /* no connection left to answer on */

  /* From here the callbacks own it, and on_refusal_closed() frees it. */
  owned = g_steal_pointer (&refusal);
  owned->timeout = g_timeout_source_new_seconds (LINGER_SECONDS);
  g_source_set_callback (owned->timeout, on_refusal_timeout, owned, NULL);
  g_source_attach (owned->timeout, g_main_context_get_thread_default ());
  g_output_stream_write_all_async (g_io_stream_get_output_stream (owned->stream),
                                   g_bytes_get_data (owned->answer, NULL),
                                   g_bytes_get_size (owned->answer),
                                   G_PRIORITY_DEFAULT, owned->cancellable,
                                   on_refusal_written, owned);
  return TRUE;
}

/* --- body limits -------------------------------------------------------- */

typedef struct
{
  gsize limit;
  gsize received;
} BodyWatch;

/* 413 for a body over @limit as it is read: keeps nothing more of it. */
static void
reply_too_large (SoupServerMessage *msg,
                 gsize              limit)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(MnrSyncRequest) answer = NULL;

  soup_message_body_set_accumulate (body, FALSE);
  soup_message_body_truncate (body);
  answer = mnr_sync_request_new (msg, g_uri_get_path (soup_server_message_get_uri (msg)), NULL);
  mnr_sync_service_reply_too_large (answer, limit);
  mnr_sync_request_apply (answer);
}

static void
on_got_chunk (SoupServerMessage *msg,
              GBytes            *chunk,
              gpointer           user_data)
{
  BodyWatch *watch = user_data;

  watch->received += g_bytes_get_size (chunk);
  if (watch->received > watch->limit && soup_server_message_get_status (msg) == 0)
    reply_too_large (msg, watch->limit);
}

/* --- header limit ------------------------------------------------------ */

static void
add_header_size (const char *name,
                 const char *value,
                 gpointer    user_data)
{
  gsize *size = user_data;

  *size += strlen (name) + strlen (value) + 4;  /* ": " and CRLF */
}

/* The request line and headers, as sent, give or take folding. libsoup
 * 3.2 reads at most 64 KiB of them and closes the connection beyond,
 * with no answer; this answers a clear 431 from a smaller limit on. */
static gsize
header_size (SoupServerMessage *msg)
{
  GUri *uri = soup_server_message_get_uri (msg);
  const char *query = g_uri_get_query (uri);
  gsize size = strlen (soup_server_message_get_method (msg)) + strlen (g_uri_get_path (uri)) +
               (query != NULL ? strlen (query) + 1 : 0) + strlen (" HTTP/1.1\r\n");

  soup_message_headers_foreach (soup_server_message_get_request_headers (msg),
                                add_header_size, &size);
  return size;
}

static void
reply_headers_too_large (SoupServerMessage *msg)
{
  g_autoptr(MnrSyncRequest) answer = NULL;
  g_autofree char *detail = g_strdup_printf ("the request line and headers are larger than %d bytes",
                                             MNR_SYNC_SERVICE_MAX_HEADER_BYTES);

  /* Whatever body follows is read (within the body deadline) and dropped. */
  soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
  answer = mnr_sync_request_new (msg, g_uri_get_path (soup_server_message_get_uri (msg)), NULL);
  soup_message_headers_replace (mnr_sync_request_get_response_headers (answer),
                                "Connection", "close");
  mnr_sync_service_reply_problem (answer, 431, "headers-too-large", detail);
  mnr_sync_request_apply (answer);
}

void
mnr_sync_service_handle_early (SoupServer        *server,
                               SoupServerMessage *msg,
                               const char        *path,
                               GHashTable        *query,
                               gpointer           user_data)
{
  MnrSyncService *self = MNR_SYNC_SERVICE (user_data);
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  gsize limit = g_str_has_prefix (path, BASE_PATH "blobs/") ? self->max_blob_bytes :
                g_str_equal (path, BASE_PATH "batch") ? MNR_SYNC_MAX_BATCH_BYTES
                                                      : MNR_SYNC_MAX_RECORD_BYTES;
  BodyWatch *watch;
  goffset declared;

  if (header_size (msg) > MNR_SYNC_SERVICE_MAX_HEADER_BYTES)
    {
      reply_headers_too_large (msg);
      return;
    }

  switch (soup_message_headers_get_encoding (request))
    {
    case SOUP_ENCODING_CONTENT_LENGTH:
      declared = soup_message_headers_get_content_length (request);
      if ((guint64) declared <= limit)
        break;
      /* With "Expect: 100-continue" SoupServer answers before the body. */
      if ((soup_message_headers_get_expectations (request) & SOUP_EXPECTATION_CONTINUE) ||
          !refuse_declared_body (self, server, msg, limit, declared))
        reply_too_large (msg, limit);
      break;

    case SOUP_ENCODING_NONE:
      break;

    case SOUP_ENCODING_UNRECOGNIZED:
    case SOUP_ENCODING_EOF:
    case SOUP_ENCODING_CHUNKED:
    case SOUP_ENCODING_BYTERANGES:
    default:
      watch = g_new0 (BodyWatch, 1);
      watch->limit = limit;
      g_object_set_data_full (G_OBJECT (msg), "mnr-body-watch", watch, g_free);
      g_signal_connect (msg, "got-chunk", G_CALLBACK (on_got_chunk), watch);
      break;
    }
}

