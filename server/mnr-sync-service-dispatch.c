/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-sync-service"

#include "config.h"

#include <libsoup/soup.h>

#include "mnr-sync-service-private.h"

/* The threads the handlers run on.
 *
 * SoupServer calls mnr_sync_service_dispatch() on its listener's thread
 * (mnr-sync-service-listen.c) once a request's body is read. It copies what the handler needs into an
 * MnrSyncRequest, pauses the message and hands the request to a worker,
 * so that requests are handled side by side: reads with one another and
 * with a write (each worker has its own connection to the store, in WAL
 * mode; writes take turns in the store). Reads (GET, HEAD) and writes
 * have pools of their own: a write may wait for the store's write lock,
 * and reads must not wait behind it for a thread. The worker runs the
 * handler (mnr_sync_service_route()), a GET or HEAD inside one read
 * transaction so that it sees the store as it was at one moment, as when
 * requests were handled one at a time. The answer then goes back to the
 * listener's main context, where it is set on the message and the message
 * unpaused: every SoupServerMessage call is made on its listener's thread.
 *
 * Not g_main_context_invoke(): a worker could acquire the listener's
 * context between two iterations of its loop and so run the answer on
 * itself. A source attached to the context always runs on the thread
 * that iterates it. */

/* The workers' first jobs: each opens its thread's connection to the
 * store, then waits for the others, so that every thread gets one.
 * Shared by them and the server's thread (g_atomic_rc_box). */
typedef struct
{
  GMutex  mutex;
  GCond   cond;
  guint   waiting;   /* threads still to open theirs */
} Opening;

static void
opening_clear (gpointer data)
{
  Opening *opening = data;

  g_mutex_clear (&opening->mutex);
  g_cond_clear (&opening->cond);
}

static void
opening_release (Opening *opening)
{
  g_atomic_rc_box_release_full (opening, opening_clear);
}

typedef struct
{
  MnrSyncService *service;         /* owned */
  MnrSyncListener *listener;       /* borrowed: the request's; it outlives the workers */
  MnrSyncRequest *request;         /* owned; NULL for an opening */
  Opening        *opening;         /* owned; only for an opening */
  gulong          disconnected_id;
  gboolean        disconnected;    /* the message can no longer be answered */
} Job;

static void
job_free (Job *job)
{
  if (job->request != NULL)
    {
      g_clear_signal_handler (&job->disconnected_id, mnr_sync_request_get_message (job->request));
      mnr_sync_request_free (job->request);
    }
  g_clear_pointer (&job->opening, opening_release);
  g_object_unref (job->service);
  g_free (job);
}

/* On a worker: opens its connection, or fails the server's start. */
static void
open_connection (Job *job)
{
  g_autoptr(GError) error = NULL;
  Opening *opening = job->opening;

  if (!mnr_server_store_connect (job->service->store, &error))
    g_error ("cannot open the database on a worker: %s", error->message);

  g_mutex_lock (&opening->mutex);
  opening->waiting--;
  g_cond_broadcast (&opening->cond);
  while (opening->waiting > 0)
    g_cond_wait (&opening->cond, &opening->mutex);
  g_mutex_unlock (&opening->mutex);
  job_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_free)

static void
on_job_disconnected (SoupServerMessage *msg,
                     gpointer           user_data)
{
  Job *job = user_data;

  job->disconnected = TRUE;
}

/* On the listener's thread: the answer is ready. */
static gboolean
answer_job (gpointer user_data)
{
  g_autoptr(Job) job = user_data;
  SoupServerMessage *msg = mnr_sync_request_get_message (job->request);

  if (!job->disconnected)
    {
      mnr_sync_request_apply (job->request);
      soup_server_message_unpause (msg);
    }
  else
    g_atomic_int_add (&job->listener->n_in_flight, -1);  /* it will never finish */

  return G_SOURCE_REMOVE;
}

static gboolean
is_read (const char *method)
{
  return method == SOUP_METHOD_GET || method == SOUP_METHOD_HEAD;
}

/* Runs the handler of @request on the calling thread, a GET or HEAD
 * inside one read transaction of the thread's connection. */
static void
handle_request (MnrSyncService *self,
                MnrSyncRequest *request)
{
  gboolean read_only = is_read (mnr_sync_request_get_method (request));
  g_autoptr(GError) error = NULL;

  if (read_only && !mnr_server_store_begin_read (self->store, &error))
    {
      g_warning ("%s", error->message);
      mnr_sync_service_reply_problem (request, SOUP_STATUS_INTERNAL_SERVER_ERROR,
                                      "internal-error",
                                      "the server could not complete the request; see its log");
    }
  else
    mnr_sync_service_route (self, request);

  if (read_only)
    mnr_server_store_end_read (self->store);
}

/* On a worker. */
static void
run_job (gpointer data,
         gpointer user_data)
{
  Job *job = data;
  MnrSyncService *self = job->service;
  GSource *source;

  if (job->opening != NULL)
    {
      open_connection (job);
      return;
    }

  handle_request (self, job->request);

  source = g_idle_source_new ();
  /* At the sockets' priority, not an idle's: the server's thread runs
   * only the highest priority of the sources ready, so an idle answer
   * waited until no connection had anything to read or write. */
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, answer_job, job, NULL);
  g_source_set_static_name (source, "[mnr-sync-service] answer");
  g_source_attach (source, job->listener->context);
  g_source_unref (source);
}

/* A read of one record (the store's row written out as text around its
 * data, some 20-50 µs) or the discovery document: answered here, on the
 * listener's thread, in less time than handing it to a worker and back
 * takes (waking the worker, then the server's thread again: two context
 * switches, which on a 2-core machine under load were a third of a small
 * read's CPU time, and a wait for each thread to be scheduled). Pages of
 * the feed, blobs, the audit log and every write go to the workers: they
 * can take milliseconds, and the listener's thread must not wait for them. */
static gboolean
is_small_read (SoupServerMessage *msg,
               const char        *path)
{
  return is_read (soup_server_message_get_method (msg)) &&
         (g_str_equal (path, BASE_PATH) ||
          g_str_has_prefix (path, BASE_PATH "records/"));
}

/* A dispatched message has been answered, or has failed. */
static void
on_message_finished (SoupServerMessage *msg,
                     gpointer           user_data)
{
  MnrSyncListener *listener = user_data;

  g_assert (g_atomic_int_get (&listener->n_in_flight) > 0);
  g_atomic_int_add (&listener->n_in_flight, -1);
}

/* The SoupServer handler, on its listener's thread. */
void
mnr_sync_service_dispatch (SoupServer        *server,
                           SoupServerMessage *msg,
                           const char        *path,
                           GHashTable        *query,
                           gpointer           user_data)
{
  MnrSyncListener *listener = user_data;
  MnrSyncService *self = listener->service;
  Job *job;

  if (g_atomic_int_get (&self->stopping) || self->readers == NULL)
    {
      g_autoptr(MnrSyncRequest) answer = mnr_sync_request_new (msg, path, NULL);

      soup_message_headers_replace (mnr_sync_request_get_response_headers (answer),
                                    "Connection", "close");
      mnr_sync_service_reply_problem (answer, SOUP_STATUS_SERVICE_UNAVAILABLE, "unavailable",
                                      "the server is stopping; try again later");
      mnr_sync_request_apply (answer);
      return;
    }

  if (is_small_read (msg, path))
    {
      g_autoptr(MnrSyncRequest) request = mnr_sync_request_new (msg, path, query);

      handle_request (self, request);
      mnr_sync_request_apply (request);
      return;
    }

  job = g_new0 (Job, 1);
  job->service = g_object_ref (self);
  job->listener = listener;
  job->request = mnr_sync_request_new (msg, path, query);
  job->disconnected_id = g_signal_connect (msg, "disconnected",
                                           G_CALLBACK (on_job_disconnected), job);
  /* The listener outlives its server's messages. */
  g_signal_connect (msg, "finished", G_CALLBACK (on_message_finished), listener);
  g_atomic_int_add (&listener->n_in_flight, 1);

  soup_server_message_pause (msg);
  if (is_read (mnr_sync_request_get_method (job->request)))
    g_thread_pool_push (self->readers, job, NULL);
  else
    g_thread_pool_push (self->writers, job, NULL);
}

/* Exclusive: the threads are the pool's until it is freed, each with its
 * connection to the store, opened now: the server's open files are then
 * as many from its start as under load. */
static GThreadPool *
new_pool (MnrSyncService *self,
          guint           n_threads)
{
  g_autoptr(GError) error = NULL;
  GThreadPool *pool = g_thread_pool_new (run_job, NULL, (int) n_threads, TRUE, &error);
  Opening *opening = g_atomic_rc_box_new0 (Opening);

  if (pool == NULL)
    g_error ("cannot start %u threads: %s", n_threads, error->message);

  g_mutex_init (&opening->mutex);
  g_cond_init (&opening->cond);
  opening->waiting = n_threads;
  for (guint i = 0; i < n_threads; i++)
    {
      Job *job = g_new0 (Job, 1);

      job->service = g_object_ref (self);
      job->opening = g_atomic_rc_box_acquire (opening);
      g_thread_pool_push (pool, job, NULL);
    }

  g_mutex_lock (&opening->mutex);
  while (opening->waiting > 0)
    g_cond_wait (&opening->cond, &opening->mutex);
  g_mutex_unlock (&opening->mutex);
  opening_release (opening);

  return pool;
}

void
mnr_sync_service_start_workers (MnrSyncService *self)
{
  g_return_if_fail (self->readers == NULL);

  /* The caller's thread's own, for the reads its listener answers
   * itself; the other listeners' threads open theirs as they start. */
  {
    g_autoptr(GError) error = NULL;

    if (!mnr_server_store_connect (self->store, &error))
      g_error ("cannot open the database on the server's thread: %s", error->message);
  }
  self->readers = new_pool (self, self->n_threads);
  self->writers = new_pool (self, MNR_SYNC_SERVICE_WRITE_THREADS);
}

static gboolean
on_drain_timeout (gpointer user_data)
{
  gboolean *expired = user_data;

  *expired = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
on_drain_tick (gpointer user_data)
{
  return G_SOURCE_CONTINUE;  /* only wakes the loop below up */
}

/* Answers new requests 503 from now on; lets those in progress finish
 * (answered and written) for @timeout_seconds at most, running the
 * caller's listener while the others run on their threads; then stops
 * those threads, waits for the workers and sets the answers they still
 * made. */
void
mnr_sync_service_stop_workers (MnrSyncService *self,
                               guint           timeout_seconds)
{
  MnrSyncListener *first = self->listeners->pdata[0];
  gboolean expired = FALSE;

  if (self->readers == NULL)
    return;

  g_atomic_int_set (&self->stopping, TRUE);

  if (timeout_seconds > 0 && mnr_sync_service_in_flight (self) > 0)
    {
      GSource *timeout = g_timeout_source_new_seconds (timeout_seconds);
      /* The other listeners' answers do not wake this context up. */
      GSource *tick = g_timeout_source_new (10);

      g_source_set_callback (timeout, on_drain_timeout, &expired, NULL);
      g_source_attach (timeout, first->context);
      g_source_set_callback (tick, on_drain_tick, NULL, NULL);
      g_source_attach (tick, first->context);
      while (mnr_sync_service_in_flight (self) > 0 && !expired)
        g_main_context_iteration (first->context, TRUE);
      g_source_destroy (tick);
      g_source_unref (tick);
      g_source_destroy (timeout);
      g_source_unref (timeout);
    }

  mnr_sync_service_stop_listeners (self);
  g_thread_pool_free (g_steal_pointer (&self->readers), FALSE, TRUE);
  g_thread_pool_free (g_steal_pointer (&self->writers), FALSE, TRUE);
  /* Every listener's thread has ended: this one runs what they left,
   * each as the thread-default context, as on its own thread. */
  for (guint i = 0; i < self->listeners->len; i++)
    {
      MnrSyncListener *listener = self->listeners->pdata[i];

      g_main_context_push_thread_default (listener->context);
      while (g_main_context_pending (listener->context))
        g_main_context_iteration (listener->context, FALSE);
      g_main_context_pop_thread_default (listener->context);
    }
}
