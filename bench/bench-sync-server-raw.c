/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The cheap load generator of mnr-bench-sync-server: plain HTTP/1.1 over
 * kept-alive connections, one per client, every one of them driven by the
 * calling thread with non-blocking sockets and poll().
 *
 * A libsoup client (a thread and a SoupSession each) costs about as much
 * CPU per request as the server: on the same 2 cores the benchmark then
 * measured its own clients as much as the server. Here a request is a
 * send() of bytes written with one printf, its answer a few recv()s read
 * only as far as the benchmark needs: the status line, Content-Length,
 * Content-Encoding and Connection, the end of the headers, then the
 * body's bytes. A changes page (gzipped, as a SoupSession asks for it
 * too) is inflated to find its cursor; a hot rating's rev and counter
 * are found in its text, the 412's in its `current`. The operations, their
 * mix and their random sequence per client are those of the libsoup
 * clients (bench_worker_pick_op()); each request is timed from its send
 * to the last byte of its answer. */
#define G_LOG_DOMAIN "mnr-bench-sync-server"

#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <gio/gnetworking.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include "bench-sync-server-private.h"

#define MAX_FAILURES 3

/* What a connection is waiting for the answer of. */
typedef enum
{
  STEP_GET_RECORD,
  STEP_GET_CHANGES,
  STEP_GET_HOT,     /* a write's first step */
  STEP_PUT_HOT,
} Step;

typedef struct
{
  Worker       *worker;
  GSocket      *socket;          /* NULL: not connected */
  gboolean      done;            /* no more operations */
  guint         failures;        /* in a row */

  /* the request being sent */
  GString      *out;
  gsize         out_sent;
  gint64        sent_at;         /* monotonic µs */
  char         *path;            /* for messages */

  /* its answer */
  GByteArray   *in;
  gsize         header_end;      /* 0: not yet seen */
  gsize         content_length;
  guint         status;
  gboolean      gzipped;
  gboolean      close_after;

  /* the operation */
  Step          step;
  guint         hot;
  gint64        rev;
  gint64        counter;
  guint         attempts;
} Conn;

typedef struct
{
  Bench          *bench;
  GSocketAddress *address;
  char           *headers;       /* Host, Authorization, Accept-Encoding */
  const char     *base_path;     /* /mnr/v1/ */
  GConverter     *inflater;
  GByteArray     *inflated;
} Raw;

static void
conn_close (Conn *conn)
{
  if (conn->socket != NULL)
    g_socket_close (conn->socket, NULL);
  g_clear_object (&conn->socket);
}

static gboolean
conn_connect (Raw  *raw,
              Conn *conn)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, &error);

  if (socket == NULL || !g_socket_connect (socket, raw->address, NULL, &error))
    {
      bench_report_error (raw->bench, "connect: %s", error->message);
      return FALSE;
    }

  g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, TRUE, NULL);
  g_socket_set_blocking (socket, FALSE);
  conn->socket = g_steal_pointer (&socket);
  return TRUE;
}

/* Writes what is left of the request; FALSE after an error. */
static gboolean
conn_send_some (Raw  *raw,
                Conn *conn)
{
  while (conn->out_sent < conn->out->len)
    {
      g_autoptr(GError) error = NULL;
      gssize n = g_socket_send (conn->socket, conn->out->str + conn->out_sent,
                                conn->out->len - conn->out_sent, NULL, &error);

      if (n < 0)
        {
          if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
            return TRUE;
          bench_report_error (raw->bench, "%s: send: %s", conn->path, error->message);
          return FALSE;
        }
      conn->out_sent += n;
    }

  return TRUE;
}

static void conn_fail (Raw *raw, Conn *conn);

/* Sends METHOD BASE_PATH@path, with @if_match and @body if not NULL. */
static void
conn_request (Raw        *raw,
              Conn       *conn,
              Step        step,
              const char *method,
              char       *path,
              const char *if_match,
              const char *body)
{
  g_free (conn->path);
  conn->path = path;
  conn->step = step;

  g_string_printf (conn->out, "%s %s%s HTTP/1.1\r\n%s", method, raw->base_path, path, raw->headers);
  if (if_match != NULL)
    g_string_append_printf (conn->out, "If-Match: %s\r\n", if_match);
  if (body != NULL)
    g_string_append_printf (conn->out, "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n%s",
                            strlen (body), body);
  else
    g_string_append (conn->out, "\r\n");
  conn->out_sent = 0;
  g_byte_array_set_size (conn->in, 0);
  conn->header_end = 0;

  if (conn->socket == NULL && !conn_connect (raw, conn))
    {
      conn->worker->errors++;
      conn->done = TRUE;
      return;
    }

  conn->sent_at = g_get_monotonic_time ();
  if (!conn_send_some (raw, conn))
    conn_fail (raw, conn);
}

static void
conn_put_hot (Raw  *raw,
              Conn *conn)
{
  Bench *bench = raw->bench;
  g_autofree char *author = g_strdup_printf ("bench client %u", conn->worker->index);
  g_autofree char *body = bench_hot_body (bench, conn->hot, author, conn->counter + 1);
  char etag[32];

  g_snprintf (etag, sizeof etag, "\"%" G_GINT64_FORMAT "\"", conn->rev);
  conn_request (raw, conn, STEP_PUT_HOT, "PUT",
                g_strconcat ("records/rating/", (const char *)g_ptr_array_index (bench->hot_ids, conn->hot), NULL),
                etag, body);
}

/* The next operation, or none when the client may not go on. */
static void
conn_next (Raw  *raw,
           Conn *conn)
{
  Worker *worker = conn->worker;
  guint index = 0;

  if (!bench_worker_may_go_on (worker))
    {
      conn_close (conn);
      conn->done = TRUE;
      return;
    }

  switch (bench_worker_pick_op (worker, &index))
    {
    case BENCH_OP_WRITE_HOT:
      worker->write_ops++;
      conn->hot = index;
      conn->attempts = 0;
      conn_request (raw, conn, STEP_GET_HOT, "GET",
                    g_strconcat ("records/rating/", (const char *)g_ptr_array_index (raw->bench->hot_ids, index), NULL),
                    NULL, NULL);
      break;
    case BENCH_OP_READ_RECORD:
      conn_request (raw, conn, STEP_GET_RECORD, "GET", bench_record_path (raw->bench, index), NULL, NULL);
      break;
    case BENCH_OP_READ_CHANGES:
      conn_request (raw, conn, STEP_GET_CHANGES, "GET", bench_changes_path (worker), NULL, NULL);
      break;
    }
}

/* The operation cannot go on: counted, the connection dropped (its state
 * is unknown), and the next operation started on a new one. */
static void
conn_fail (Raw  *raw,
           Conn *conn)
{
  conn->worker->errors++;
  conn_close (conn);
  if (++conn->failures >= MAX_FAILURES)
    conn->done = TRUE;  /* the server is not answering any more */
  else
    conn_next (raw, conn);
}

/* The header @name's value in the header block [@start, @end), or NULL. */
static const char *
find_header (const char *start,
             const char *end,
             const char *name,
             gsize      *out_length)
{
  gsize name_length = strlen (name);

  for (const char *line = start; line < end;)
    {
      const char *eol = memchr (line, '\r', end - line);

      if (eol == NULL)
        eol = end;
      if ((gsize)(eol - line) > name_length && line[name_length] == ':' &&
          g_ascii_strncasecmp (line, name, name_length) == 0)
        {
          const char *value = line + name_length + 1;

          while (value < eol && *value == ' ')
            value++;
          *out_length = eol - value;
          return value;
        }
      line = eol + 2;
    }

  return NULL;
}

/* Reads the status line and the headers the benchmark needs once they
 * are all in; FALSE if the answer is not one it can read. */
static gboolean
parse_head (Raw  *raw,
            Conn *conn)
{
  const char *text = (const char *) conn->in->data;
  const char *end = g_strstr_len (text, conn->in->len, "\r\n\r\n");
  const char *value, *headers;
  gsize length = 0;
  guint64 number = 0;
  char digits[24];

  if (end == NULL)
    return TRUE;  /* more to come */

  conn->header_end = end + 4 - text;
  if (conn->header_end < 16 || strncmp (text, "HTTP/1.1 ", 9) != 0)
    return FALSE;
  conn->status = (guint) g_ascii_strtoull (text + 9, NULL, 10);
  headers = strchr (text, '\n') + 1;

  value = find_header (headers, end, "Content-Length", &length);
  if (value == NULL || length == 0 || length >= sizeof digits)
    {
      bench_report_error (raw->bench, "%s: HTTP %u without a Content-Length", conn->path, conn->status);
      return FALSE;
    }
  memcpy (digits, value, length);
  digits[length] = '\0';
  if (!g_ascii_string_to_unsigned (digits, 10, 0, 1 << 30, &number, NULL))
    return FALSE;
  conn->content_length = number;

  value = find_header (headers, end, "Content-Encoding", &length);
  conn->gzipped = value != NULL && length == 4 && strncmp (value, "gzip", 4) == 0;
  value = find_header (headers, end, "Connection", &length);
  conn->close_after = value != NULL && length == 5 && g_ascii_strncasecmp (value, "close", 5) == 0;
  return TRUE;
}

/* The answer's body as NUL-terminated text, inflated if it was gzipped;
 * NULL if it cannot be. */
static const char *
answer_text (Raw  *raw,
             Conn *conn)
{
  const guchar *body = conn->in->data + conn->header_end;
  gsize done = 0;
  const guint8 nul = 0;

  if (!conn->gzipped)
    {
      /* Past the answer's end: never sent, never counted. */
      g_byte_array_append (conn->in, &nul, 1);
      return (const char *) body;
    }

  g_converter_reset (raw->inflater);
  g_byte_array_set_size (raw->inflated, 0);
  for (;;)
    {
      guchar chunk[16384];
      gsize n_read = 0, n_written = 0;
      GConverterResult result;

      result = g_converter_convert (raw->inflater, body + done, conn->content_length - done,
                                    chunk, sizeof chunk, G_CONVERTER_INPUT_AT_END,
                                    &n_read, &n_written, NULL);
      if (result == G_CONVERTER_ERROR)
        return NULL;
      done += n_read;
      g_byte_array_append (raw->inflated, chunk, n_written);
      if (result == G_CONVERTER_FINISHED)
        break;
    }

  g_byte_array_append (raw->inflated, &nul, 1);
  return (const char *) raw->inflated->data;
}

/* The integer after @key (as "\"rev\":") in @text, or -1. */
static gint64
number_after (const char *text,
              const char *key)
{
  const char *at = strstr (text, key);

  if (at == NULL)
    return -1;
  at += strlen (key);
  while (*at == ' ' || *at == ':' || *at == '"')
    at++;

  return g_ascii_isdigit (*at) ? g_ascii_strtoll (at, NULL, 10) : -1;
}

/* A hot rating's rev and counter (its rationale, a number), from the
 * record's text (@text), or the 412's `current`. */
static gboolean
parse_hot_text (const char *text,
                gboolean    problem,
                gint64     *rev,
                gint64     *counter)
{
  if (text == NULL)
    return FALSE;
  if (problem && (text = strstr (text, "\"current\":")) == NULL)
    return FALSE;

  *rev = number_after (text, "\"rev\":");
  *counter = number_after (text, "\"rationale\"");
  return *rev >= 1 && *counter >= 0;
}

/* The changes page's cursor and whether there is more: they end it. */
static gboolean
walk_feed (Worker     *worker,
           const char *text)
{
  const char *cursor = text != NULL ? g_strrstr (text, "\"cursor\":\"") : NULL;
  const char *end;

  if (cursor == NULL || (end = strchr (cursor += 10, '"')) == NULL)
    return FALSE;

  g_free (worker->cursor);
  worker->cursor = strstr (end, "\"more\":true") != NULL ? g_strndup (cursor, end - cursor) : NULL;
  return TRUE;
}

/* A whole answer is in: what it means for the operation. */
static void
conn_answered (Raw  *raw,
               Conn *conn)
{
  Worker *worker = conn->worker;
  Bench *bench = raw->bench;
  double ms = (g_get_monotonic_time () - conn->sent_at) / 1000.0;
  gboolean ok = TRUE;

  switch (conn->step)
    {
    case STEP_GET_RECORD:
      g_array_append_val (worker->get_ms, ms);
      ok = conn->status == 200;
      break;
    case STEP_GET_CHANGES:
      g_array_append_val (worker->changes_ms, ms);
      ok = conn->status == 200 && walk_feed (worker, answer_text (raw, conn));
      break;
    case STEP_GET_HOT:
      g_array_append_val (worker->get_ms, ms);
      ok = conn->status == 200 && parse_hot_text (answer_text (raw, conn), FALSE, &conn->rev, &conn->counter);
      break;
    case STEP_PUT_HOT:
      g_array_append_val (worker->put_ms, ms);
      if (conn->status == 200)
        {
          worker->accepted++;
          g_atomic_int_inc (&bench->hot_accepted[conn->hot]);
        }
      else if (conn->status == 412 && ++conn->attempts < BENCH_MAX_ATTEMPTS &&
               parse_hot_text (answer_text (raw, conn), TRUE, &conn->rev, &conn->counter))
        worker->retries++;
      else
        ok = FALSE;
      break;
    }

  if (!ok)
    {
      bench_report_error (bench, "%s: HTTP %u, not the answer expected", conn->path, conn->status);
      conn_fail (raw, conn);
      return;
    }

  conn->failures = 0;
  if (conn->close_after)
    conn_close (conn);

  if (conn->step == STEP_GET_HOT || (conn->step == STEP_PUT_HOT && conn->status == 412))
    conn_put_hot (raw, conn);
  else
    conn_next (raw, conn);
}

/* The socket has something to read. */
static void
conn_receive (Raw  *raw,
              Conn *conn)
{
  g_autoptr(GError) error = NULL;
  gsize old_length = conn->in->len;
  gssize n;

  g_byte_array_set_size (conn->in, old_length + 65536);
  n = g_socket_receive (conn->socket, (char *) conn->in->data + old_length, 65536, NULL, &error);
  g_byte_array_set_size (conn->in, old_length + MAX (n, 0));
  if (n < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
    return;
  if (n <= 0)
    {
      bench_report_error (raw->bench, "%s: %s", conn->path,
                          n == 0 ? "the server closed the connection" : error->message);
      conn_fail (raw, conn);
      return;
    }

  if (conn->header_end == 0 && !parse_head (raw, conn))
    {
      conn_fail (raw, conn);
      return;
    }

  if (conn->header_end == 0 || conn->in->len < conn->header_end + conn->content_length)
    return;  /* more to come */
  if (conn->in->len > conn->header_end + conn->content_length)
    {
      bench_report_error (raw->bench, "%s: bytes after the answer", conn->path);
      conn_fail (raw, conn);
      return;
    }

  conn_answered (raw, conn);
}

gboolean
bench_run_raw (Bench      *bench,
               GPtrArray  *workers,
               GError    **error)
{
  g_autoptr(GUri) uri = g_uri_parse (bench->endpoint, G_URI_FLAGS_NONE, error);
  g_autoptr(GInetAddress) host = NULL;
  g_autofree struct pollfd *fds = g_new0 (struct pollfd, workers->len);
  g_autofree Conn **polled = g_new0 (Conn *, workers->len);
  g_autofree Conn *conns = g_new0 (Conn, workers->len);
  Raw raw = { .bench = bench };
  guint n_active;

  if (uri == NULL)
    return FALSE;
  host = g_inet_address_new_from_string (g_uri_get_host (uri));
  if (host == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "%s: not an IP address", bench->endpoint);
      return FALSE;
    }

  raw.address = g_inet_socket_address_new (host, g_uri_get_port (uri));
  raw.base_path = g_uri_get_path (uri);
  raw.headers = g_strdup_printf ("Host: %s:%d\r\nAuthorization: %s\r\nAccept-Encoding: gzip, deflate\r\n",
                                 g_uri_get_host (uri), g_uri_get_port (uri), bench->authorization);
  raw.inflater = G_CONVERTER (g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP));
  raw.inflated = g_byte_array_new ();

  for (guint i = 0; i < workers->len; i++)
    {
      conns[i].worker = workers->pdata[i];
      conns[i].out = g_string_sized_new (1024);
      conns[i].in = g_byte_array_sized_new (65536 + 1);
    }
  for (guint i = 0; i < workers->len; i++)
    conn_next (&raw, &conns[i]);

  do
    {
      n_active = 0;
      for (guint i = 0; i < workers->len; i++)
        if (!conns[i].done)
          {
            fds[n_active].fd = g_socket_get_fd (conns[i].socket);
            fds[n_active].events = conns[i].out_sent < conns[i].out->len ? POLLOUT : POLLIN;
            fds[n_active].revents = 0;
            polled[n_active++] = &conns[i];
          }

      if (n_active > 0 && poll (fds, n_active, -1) < 0 && errno != EINTR)
        g_error ("poll: %s", g_strerror (errno));

      for (guint i = 0; i < n_active; i++)
        {
          Conn *conn = polled[i];

          if (fds[i].revents == 0)
            continue;
          if (conn->out_sent < conn->out->len)
            {
              if (!conn_send_some (&raw, conn))
                conn_fail (&raw, conn);
            }
          else
            conn_receive (&raw, conn);
        }
    }
  while (n_active > 0);

  for (guint i = 0; i < workers->len; i++)
    {
      conn_close (&conns[i]);
      g_string_free (conns[i].out, TRUE);
      g_byte_array_unref (conns[i].in);
      g_free (conns[i].path);
    }
  g_object_unref (raw.address);
  g_object_unref (raw.inflater);
  g_byte_array_unref (raw.inflated);
  g_free (raw.headers);
  return TRUE;
}
