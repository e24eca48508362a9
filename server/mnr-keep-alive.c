/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-keep-alive"

#include "config.h"

#include <errno.h>
#include <sys/socket.h>

#include "mnr-keep-alive.h"

/* Keeps SoupServer's HTTP/1.1 connections open between requests without
 * leaking them.
 *
 * libsoup 3.2 never closes a kept-alive connection whose client closes it
 * between two requests (fixed in 3.3 by commit d20c6601): the reader of
 * the next request meets the end of the stream before its first byte, has
 * no one to tell, and the connection stays with its descriptor for good,
 * one per sync. So this watches each connection between its requests,
 * from the end of an answer (request-finished, request-aborted) to the
 * next request's first bytes (request-started): its socket is polled at a
 * higher priority than libsoup's reader, which therefore never sees the
 * end first. When the socket turns readable:
 *   - bytes are waiting (looked at with MSG_PEEK, not read): the next
 *     request, left to libsoup, which from its first byte on closes the
 *     connection itself if the client goes;
 *   - the end of the stream, or an error: the client has gone. The
 *     connection is taken from SoupServer with
 *     soup_server_message_steal_connection() on its latest message (which
 *     makes SoupServer forget it) and closed.
 * A connection idle longer than the idle timeout, from its accept or its
 * last answer to the next request's headers, is closed the same way, so
 * that clients that keep connections without using them hold a bounded
 * number of descriptors for a bounded time.
 *
 * It also bounds what one client may hold (docs/sync-protocol.md,
 * section 6), since SoupServer itself waits for ever:
 *   - a request's headers must be in within the header timeout of its
 *     first byte (of the accept, for a connection's first request), and
 *     its body within the body timeout of its headers: a client that
 *     trickles them is answered 408 and its connection shut down, which
 *     libsoup then notices and closes. Only the client's own sending is
 *     timed, never the handler's work;
 *   - beyond the connection cap, a new connection is answered 503 and
 *     shut down at once.
 * Shutting the socket down rather than taking the connection leaves
 * libsoup in charge of its message, at whatever stage it is.
 *
 * Everything here runs on the server's thread, but for the count of open
 * connections the cap is on, which several servers (each on its thread)
 * may share. */

struct _MnrKeepAlive
{
  GObject       parent_instance;

  SoupServer   *server;       /* borrowed: it owns this */
  GMainContext *context;      /* owned: the server's */
  GHashTable   *connections;  /* GSocket * → Connection *, owned */
  guint         idle_seconds; /* 0: no timeout */
  guint         header_seconds;  /* 0: no deadline */
  guint         body_seconds;    /* 0: no deadline */
  guint         max_connections; /* 0: no cap */
  int          *n_open;       /* atomic: the connections of every keep-alive sharing the cap */
  int           own_count;    /* n_open's, unless shared */
};

G_DEFINE_FINAL_TYPE (MnrKeepAlive, mnr_keep_alive, G_TYPE_OBJECT)

typedef struct
{
  MnrKeepAlive      *owner;           /* borrowed */
  GSocket           *socket;          /* owned: the key */
  SoupServerMessage *msg;             /* owned: its latest request, to take it with */
  gulong             disconnected_id;
  gulong             got_headers_id;
  gulong             got_body_id;
  GSource           *watch;           /* owned: between two requests */
  GSource           *timeout;         /* owned: while idle */
  GSource           *deadline;        /* owned: while its request is read */
  gboolean           stealable;       /* its addresses are known (see on_request_started()) */
} Connection;

static void
clear_source (GSource **source)
{
  if (*source != NULL)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}

static void
forget_message (Connection *c)
{
  if (c->msg == NULL)
    return;
  g_clear_signal_handler (&c->disconnected_id, c->msg);
  g_clear_signal_handler (&c->got_headers_id, c->msg);
  g_clear_signal_handler (&c->got_body_id, c->msg);
  g_clear_object (&c->msg);
}

/* Writes a whole answer with a problem document (section 5.8) on
 * @socket, as far as its buffer takes it without waiting, and shuts the
 * connection down both ways. */
static void
refuse_connection (GSocket    *socket,
                   guint       status,
                   const char *slug,
                   const char *title,
                   const char *detail)
{
  g_autofree char *body = NULL;
  g_autofree char *answer = NULL;

  if (g_socket_is_closed (socket))
    return;

  body = g_strdup_printf ("{\"type\":\"https://mnrtracker.github.io/problems/%s\","
                          "\"title\":\"%s\",\"status\":%u,\"detail\":\"%s\"}",
                          slug, title, status, detail);
  answer = g_strdup_printf ("HTTP/1.1 %u %s\r\n"
                            "Content-Type: application/problem+json\r\n"
                            "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                            "Connection: close\r\n"
                            "\r\n%s",
                            status, soup_status_get_phrase (status), strlen (body), body);
  g_socket_send_with_blocking (socket, answer, strlen (answer), FALSE, NULL, NULL);
  g_socket_shutdown (socket, TRUE, TRUE, NULL);
}

static void
connection_free (Connection *c)
{
  g_atomic_int_add (c->owner->n_open, -1);
  clear_source (&c->watch);
  clear_source (&c->timeout);
  clear_source (&c->deadline);
  forget_message (c);
  g_clear_object (&c->socket);
  g_free (c);
}

/* Takes @c's connection from SoupServer and closes it; frees @c. */
static void
connection_close (Connection *c)
{
  g_autoptr(SoupServerMessage) msg = g_object_ref (c->msg);
  g_autoptr(GIOStream) stream = NULL;
  gboolean stealable = c->stealable;

  /* First forget it, so that its "disconnected" finds nothing. */
  g_hash_table_remove (c->owner->connections, c->socket);

  if (!stealable)
    return;  /* libsoup closes it: see on_request_started() */
  stream = soup_server_message_steal_connection (msg);
  if (stream != NULL)
    g_io_stream_close (stream, NULL, NULL);
}

static gboolean
on_idle_timeout (gpointer user_data)
{
  Connection *c = user_data;

  connection_close (c);
  return G_SOURCE_REMOVE;
}

static void
start_timeout (Connection *c)
{
  clear_source (&c->timeout);
  if (c->owner->idle_seconds == 0)
    return;

  c->timeout = g_timeout_source_new_seconds (c->owner->idle_seconds);
  g_source_set_callback (c->timeout, on_idle_timeout, c, NULL);
  g_source_set_static_name (c->timeout, "[mnr-keep-alive] idle");
  g_source_attach (c->timeout, c->owner->context);
}

static gboolean
on_deadline (gpointer user_data)
{
  Connection *c = user_data;

  g_clear_pointer (&c->deadline, g_source_unref);
  refuse_connection (c->socket, SOUP_STATUS_REQUEST_TIMEOUT, "request-timeout",
                     "Request timeout",
                     "the request was not sent in time; the connection is closed");
  return G_SOURCE_REMOVE;
}

/* The client has @seconds from now to send the next part of its request. */
static void
start_deadline (Connection *c,
                guint       seconds)
{
  clear_source (&c->deadline);
  if (seconds == 0)
    return;

  c->deadline = g_timeout_source_new_seconds (seconds);
  g_source_set_callback (c->deadline, on_deadline, c, NULL);
  g_source_set_static_name (c->deadline, "[mnr-keep-alive] deadline");
  g_source_attach (c->deadline, c->owner->context);
}

static gboolean
on_readable (GSocket      *socket,
             GIOCondition  condition,
             gpointer      user_data)
{
  Connection *c = user_data;
  char byte;
  gssize n = recv (g_socket_get_fd (socket), &byte, 1, MSG_PEEK | MSG_DONTWAIT);

  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
    return G_SOURCE_CONTINUE;

  if (n > 0)
    {
      /* The next request: libsoup reads it at its own priority. */
      g_clear_pointer (&c->watch, g_source_unref);
      return G_SOURCE_REMOVE;
    }

  connection_close (c);
  return G_SOURCE_REMOVE;
}

static void
on_disconnected (SoupServerMessage *msg,
                 gpointer           user_data)
{
  Connection *c = user_data;

  g_hash_table_remove (c->owner->connections, c->socket);
}

static void
on_got_headers (SoupServerMessage *msg,
                gpointer           user_data)
{
  Connection *c = user_data;

  clear_source (&c->timeout);
  start_deadline (c, c->owner->body_seconds);
}

/* The request is in: what follows is the server's work, not timed. */
static void
on_got_body (SoupServerMessage *msg,
             gpointer           user_data)
{
  Connection *c = user_data;

  clear_source (&c->deadline);
}

static void
on_request_started (SoupServer        *server,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  MnrKeepAlive *self = MNR_KEEP_ALIVE (user_data);
  GSocket *socket = soup_server_message_get_socket (msg);
  Connection *c;

  if (socket == NULL)
    return;

  c = g_hash_table_lookup (self->connections, socket);
  if (c == NULL)
    {
      g_autoptr(GSocketAddress) remote = NULL;

      if (g_atomic_int_add (self->n_open, 1) >= (int) self->max_connections &&
          self->max_connections > 0)
        {
          g_atomic_int_add (self->n_open, -1);
          refuse_connection (socket, SOUP_STATUS_SERVICE_UNAVAILABLE, "unavailable",
                             "Service unavailable",
                             "the server has as many connections as it takes; try again later");
          return;
        }

      remote = g_socket_get_remote_address (socket, NULL);
      /* Just accepted: nothing read yet. Taking a connection makes libsoup
       * look up its addresses, with a warning if the client has gone by
       * then: they are looked up now, while it is there. A client gone
       * already is one whose first request libsoup ends itself, closing
       * the connection; it is never taken. */
      c = g_new0 (Connection, 1);
      c->owner = self;
      c->socket = g_object_ref (socket);
      c->stealable = remote != NULL &&
                     soup_server_message_get_local_address (msg) != NULL &&
                     soup_server_message_get_remote_address (msg) != NULL;
      g_hash_table_insert (self->connections, socket, c);
      start_timeout (c);
    }
  else
    {
      /* The next request's first bytes are read. */
      clear_source (&c->watch);
      forget_message (c);
    }

  c->msg = g_object_ref (msg);
  c->disconnected_id = g_signal_connect (msg, "disconnected", G_CALLBACK (on_disconnected), c);
  c->got_headers_id = g_signal_connect (msg, "got-headers", G_CALLBACK (on_got_headers), c);
  c->got_body_id = g_signal_connect (msg, "got-body", G_CALLBACK (on_got_body), c);
  start_deadline (c, self->header_seconds);
}

/* Answered (or failed): if SoupServer keeps the connection, it is idle
 * from now on. If it closes it, "disconnected" follows at once. */
static void
on_request_done (SoupServer        *server,
                 SoupServerMessage *msg,
                 gpointer           user_data)
{
  MnrKeepAlive *self = MNR_KEEP_ALIVE (user_data);
  GSocket *socket = soup_server_message_get_socket (msg);
  Connection *c = socket != NULL ? g_hash_table_lookup (self->connections, socket) : NULL;

  if (c == NULL || c->msg != msg)
    return;

  clear_source (&c->watch);
  clear_source (&c->deadline);
  c->watch = g_socket_create_source (socket, G_IO_IN | G_IO_HUP | G_IO_ERR, NULL);
  g_source_set_priority (c->watch, G_PRIORITY_HIGH);
  g_source_set_callback (c->watch, G_SOURCE_FUNC (on_readable), c, NULL);
  g_source_set_static_name (c->watch, "[mnr-keep-alive] between requests");
  g_source_attach (c->watch, self->context);
  start_timeout (c);
}

static void
mnr_keep_alive_dispose (GObject *object)
{
  MnrKeepAlive *self = MNR_KEEP_ALIVE (object);

  if (self->connections != NULL)
    g_hash_table_remove_all (self->connections);

  G_OBJECT_CLASS (mnr_keep_alive_parent_class)->dispose (object);
}

static void
mnr_keep_alive_finalize (GObject *object)
{
  MnrKeepAlive *self = MNR_KEEP_ALIVE (object);

  g_clear_pointer (&self->connections, g_hash_table_unref);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (mnr_keep_alive_parent_class)->finalize (object);
}

static void
mnr_keep_alive_class_init (MnrKeepAliveClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = mnr_keep_alive_dispose;
  G_OBJECT_CLASS (klass)->finalize = mnr_keep_alive_finalize;
}

static void
mnr_keep_alive_init (MnrKeepAlive *self)
{
  self->connections = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) connection_free);
  self->n_open = &self->own_count;
}

/**
 * mnr_keep_alive_new:
 * @server: a server on the thread-default main context; it must outlive
 *   the result
 * @idle_seconds: how long a connection may wait for its next request;
 *   0 for ever
 */
MnrKeepAlive *
mnr_keep_alive_new (SoupServer *server,
                    guint       idle_seconds)
{
  MnrKeepAlive *self;

  g_return_val_if_fail (SOUP_IS_SERVER (server), NULL);

  self = g_object_new (MNR_TYPE_KEEP_ALIVE, NULL);
  self->server = server;
  self->context = g_main_context_ref_thread_default ();
  self->idle_seconds = idle_seconds;

  g_signal_connect_object (server, "request-started", G_CALLBACK (on_request_started), self, 0);
  g_signal_connect_object (server, "request-finished", G_CALLBACK (on_request_done), self, 0);
  g_signal_connect_object (server, "request-aborted", G_CALLBACK (on_request_done), self, 0);

  return self;
}

/* For the connections that become idle from now on. */
void
mnr_keep_alive_set_idle_timeout (MnrKeepAlive *self,
                                 guint         idle_seconds)
{
  g_return_if_fail (MNR_IS_KEEP_ALIVE (self));

  self->idle_seconds = idle_seconds;
}

/**
 * mnr_keep_alive_set_limits:
 * @header_seconds: how long a request's headers may take from its first
 *   byte; 0 for ever
 * @body_seconds: how long its body may take from its headers; 0 for ever
 * @max_connections: the most connections open at once; 0 for no cap
 *
 * For the requests and connections that start from now on.
 */
void
mnr_keep_alive_set_limits (MnrKeepAlive *self,
                           guint         header_seconds,
                           guint         body_seconds,
                           guint         max_connections)
{
  g_return_if_fail (MNR_IS_KEEP_ALIVE (self));

  self->header_seconds = header_seconds;
  self->body_seconds = body_seconds;
  self->max_connections = max_connections;
}

/**
 * mnr_keep_alive_share_count:
 * @count: (atomic): where the connections open are counted, for the cap;
 *   it must outlive @self
 *
 * Counts the connections in @count, with those of every other keep-alive
 * given it: the cap is then on all of them together. Before the first
 * connection.
 */
void
mnr_keep_alive_share_count (MnrKeepAlive *self,
                            int          *count)
{
  g_return_if_fail (MNR_IS_KEEP_ALIVE (self));
  g_return_if_fail (g_hash_table_size (self->connections) == 0);

  self->n_open = count;
}
