/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-sync-service"

#include "config.h"

#include <errno.h>
#include <gio/gnetworking.h>
#include <libsoup/soup.h>

#include "mnr-sync-service-private.h"

/* The listeners: several SoupServers on one port.
 *
 * A SoupServer does all its work (accepting, reading and parsing each
 * request, writing each answer, watching its connections) on the thread
 * of its main context. With one, that thread was the server's bottleneck
 * under many small requests: libsoup's work is about half of a request's
 * CPU time, and it ran on one core while the other waited. So the service
 * may listen with several (--listeners; one by default, see
 * mnr-sync-service.h), each a SoupServer with
 * its own GMainContext and thread (the first on the caller's thread, as
 * before), its own listening socket bound to the same address with
 * SO_REUSEPORT: the kernel spreads the connections over their sockets,
 * and each keeps its connections on its thread. The workers are shared:
 * a request handed to one is answered on its own listener's context.
 * Each listener's thread has its own store connection for the single
 * reads it answers itself.
 *
 * SO_REUSEPORT would also let a second server on the same port (of the
 * same user) take half its connections: before binding, the address is
 * bound once without it, so that a port in use is refused as it was. */

#define LISTEN_BACKLOG 256

MnrSyncListener *
mnr_sync_listener_new (MnrSyncService *self,
                       GMainContext   *context)
{
  MnrSyncListener *listener = g_new0 (MnrSyncListener, 1);

  listener->service = self;
  listener->context = g_main_context_ref (context);
  g_mutex_init (&listener->mutex);
  g_cond_init (&listener->cond);

  /* The server's and the keep-alive's sources go to the context. */
  g_main_context_push_thread_default (context);
  listener->server = soup_server_new ("server-header", SERVER_NAME,
                                      "raw-paths", TRUE,
                                      NULL);
  soup_server_add_early_handler (listener->server, NULL, mnr_sync_service_handle_early, self, NULL);
  soup_server_add_handler (listener->server, NULL, mnr_sync_service_dispatch, listener, NULL);
  if (self->verbose)
    g_signal_connect (listener->server, "request-finished",
                      G_CALLBACK (mnr_sync_service_on_request_finished), NULL);
  listener->keep_alive = mnr_keep_alive_new (listener->server, self->idle_seconds);
  mnr_keep_alive_set_limits (listener->keep_alive, self->header_seconds, self->body_seconds,
                             self->max_connections);
  mnr_keep_alive_share_count (listener->keep_alive, &self->n_connections);
  g_main_context_pop_thread_default (context);

  return listener;
}

/* Its thread has ended (or it never had one). */
void
mnr_sync_listener_free (MnrSyncListener *listener)
{
  g_assert (listener->thread == NULL);

  g_main_context_push_thread_default (listener->context);
  g_clear_object (&listener->keep_alive);
  soup_server_disconnect (listener->server);
  g_clear_object (&listener->server);
  g_main_context_pop_thread_default (listener->context);
  g_main_context_unref (listener->context);
  g_mutex_clear (&listener->mutex);
  g_cond_clear (&listener->cond);
  g_free (listener);
}

/* The requests of every listener handed to a worker and not yet answered. */
guint
mnr_sync_service_in_flight (MnrSyncService *self)
{
  guint n = 0;

  for (guint i = 0; i < self->listeners->len; i++)
    n += g_atomic_int_get (&((MnrSyncListener *) self->listeners->pdata[i])->n_in_flight);

  return n;
}

/* A listener's thread: opens its store connection, then runs its
 * context until told to end. */
static gpointer
listener_run (gpointer data)
{
  MnrSyncListener *listener = data;
  g_autoptr(GError) error = NULL;

  g_main_context_push_thread_default (listener->context);
  if (!mnr_server_store_connect (listener->service->store, &error))
    g_error ("cannot open the database on a listener's thread: %s", error->message);
  g_mutex_lock (&listener->mutex);
  listener->ready = TRUE;
  g_cond_signal (&listener->cond);
  g_mutex_unlock (&listener->mutex);

  while (!g_atomic_int_get (&listener->quit))
    g_main_context_iteration (listener->context, TRUE);

  g_main_context_pop_thread_default (listener->context);
  return NULL;
}

/* Ends every listener's thread but the caller's; their servers stay, idle,
 * until the service is disposed. */
void
mnr_sync_service_stop_listeners (MnrSyncService *self)
{
  for (guint i = 0; i < self->listeners->len; i++)
    {
      MnrSyncListener *listener = self->listeners->pdata[i];

      if (listener->thread == NULL)
        continue;
      g_atomic_int_set (&listener->quit, TRUE);
      g_main_context_wakeup (listener->context);
      g_thread_join (g_steal_pointer (&listener->thread));
    }
}

/* A listening socket on @address; with SO_REUSEPORT when @shared. */
static GSocket *
listen_on (GSocketAddress  *address,
           gboolean         shared,
           GError         **error)
{
  g_autoptr(GSocket) socket = NULL;
  GSocketFamily family = g_socket_address_get_family (address);
  gsize size = g_socket_address_get_native_size (address);
  g_autofree gpointer native = g_malloc0 (MAX (size, 1));

  socket = g_socket_new (family, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT, error);
  if (socket == NULL)
    return NULL;
  if (family == G_SOCKET_FAMILY_IPV6)
    g_socket_set_option (socket, IPPROTO_IPV6, IPV6_V6ONLY, TRUE, NULL);

  /* What soup_server_listen() does, but with room for many clients
   * connecting at once: GSocket's backlog of 10 lets the kernel drop
   * their SYNs, which they send again only a second later. */
  g_socket_set_listen_backlog (socket, LISTEN_BACKLOG);
  if (!shared)
    {
      if (!g_socket_bind (socket, address, TRUE, error) || !g_socket_listen (socket, error))
        return NULL;
      return g_steal_pointer (&socket);
    }

  /* g_socket_bind() turns SO_REUSEPORT off for a stream socket. */
  if (!g_socket_set_option (socket, SOL_SOCKET, SO_REUSEADDR, TRUE, error) ||
      !g_socket_set_option (socket, SOL_SOCKET, SO_REUSEPORT, TRUE, error) ||
      !g_socket_address_to_native (address, native, size, error))
    return NULL;
  if (bind (g_socket_get_fd (socket), native, size) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s", g_strerror (saved));
      return NULL;
    }
  if (!g_socket_listen (socket, error))
    return NULL;

  return g_steal_pointer (&socket);
}

/* Refuses @address if anything listens on it already (see above). */
static gboolean
check_free (GSocketAddress  *address,
            GError         **error)
{
  g_autoptr(GSocket) probe = NULL;

  if (g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address)) == 0)
    return TRUE;  /* the kernel picks a free one */

  probe = g_socket_new (g_socket_address_get_family (address), G_SOCKET_TYPE_STREAM,
                        G_SOCKET_PROTOCOL_DEFAULT, error);
  if (probe == NULL)
    return FALSE;
  if (g_socket_address_get_family (address) == G_SOCKET_FAMILY_IPV6)
    g_socket_set_option (probe, IPPROTO_IPV6, IPV6_V6ONLY, TRUE, NULL);

  return g_socket_bind (probe, address, TRUE, error) && g_socket_close (probe, error);
}

static gboolean
listener_listen (MnrSyncListener  *listener,
                 GSocket          *socket,
                 GError          **error)
{
  gboolean listening;

  /* The SoupServer watches the socket on the thread-default context. */
  g_main_context_push_thread_default (listener->context);
  listening = soup_server_listen_socket (listener->server, socket, 0, error);
  g_main_context_pop_thread_default (listener->context);

  return listening;
}

gboolean
mnr_sync_service_listen (MnrSyncService  *self,
                         GSocketAddress  *address,
                         GError         **error)
{
  gboolean shared;
  g_autoptr(GSocket) first = NULL;
  g_autoptr(GSocketAddress) bound = NULL;

  g_return_val_if_fail (MNR_IS_SYNC_SERVICE (self), FALSE);
  g_return_val_if_fail (G_IS_INET_SOCKET_ADDRESS (address), FALSE);
  g_return_val_if_fail (self->readers == NULL, FALSE);

  shared = self->n_listeners > 1;
  if (shared && !check_free (address, error))
    return FALSE;

  first = listen_on (address, shared, error);
  if (first == NULL || !listener_listen (self->listeners->pdata[0], first, error))
    return FALSE;

  /* The others on the port the first has, which port 0 chose. */
  bound = g_socket_get_local_address (first, error);
  if (bound == NULL)
    return FALSE;
  for (guint i = 1; i < self->n_listeners; i++)
    {
      g_autoptr(GMainContext) context = g_main_context_new ();
      MnrSyncListener *listener = mnr_sync_listener_new (self, context);
      g_autoptr(GSocket) socket = NULL;

      g_ptr_array_add (self->listeners, listener);
      socket = listen_on (bound, TRUE, error);
      if (socket == NULL || !listener_listen (listener, socket, error))
        return FALSE;
    }

  mnr_sync_service_start_workers (self);
  for (guint i = 1; i < self->listeners->len; i++)
    {
      MnrSyncListener *listener = self->listeners->pdata[i];

      listener->thread = g_thread_new ("mnr-listener", listener_run, listener);
      /* Its store connection is open before the server says it listens. */
      g_mutex_lock (&listener->mutex);
      while (!listener->ready)
        g_cond_wait (&listener->cond, &listener->mutex);
      g_mutex_unlock (&listener->mutex);
    }

  return TRUE;
}

/* The first URI the server listens on, with the real port. */
char *
mnr_sync_service_dup_uri (MnrSyncService *self)
{
  MnrSyncListener *first;
  GSList *uris;
  char *uri = NULL;

  g_return_val_if_fail (MNR_IS_SYNC_SERVICE (self), NULL);

  first = self->listeners->pdata[0];
  uris = soup_server_get_uris (first->server);
  if (uris != NULL)
    uri = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  return uri;
}

/* Lets the requests in progress finish (new ones are answered 503 in
 * the meantime), for @timeout_seconds at most, then stops listening and
 * closes every connection. Runs the thread-default main context. */
void
mnr_sync_service_disconnect (MnrSyncService *self,
                             guint           timeout_seconds)
{
  g_return_if_fail (MNR_IS_SYNC_SERVICE (self));

  mnr_sync_service_stop_workers (self, timeout_seconds);
  mnr_sync_service_stop_listeners (self);
  for (guint i = 0; i < self->listeners->len; i++)
    {
      MnrSyncListener *listener = self->listeners->pdata[i];

      g_main_context_push_thread_default (listener->context);
      soup_server_disconnect (listener->server);
      g_main_context_pop_thread_default (listener->context);
    }
}
