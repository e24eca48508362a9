/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The real sync client (MnrSyncClient) against the real reference server
 * with the world-size store: time, HTTP requests and bytes on the wire of
 *
 *   1. a first full push of the world store (a copy of it) by the
 *      secretariat, which may write every country;
 *   2. a first full pull of everything into a fresh, empty store;
 *   3. a sync with nothing to do;
 *   4. one rating changed locally and synced (a push of one record);
 *   5. that change reaching the other copy (a pull of one record);
 *
 * plus the pushing copy's first sync after its push, which shows what a
 * client pulls back of its own writes, and how long the store takes to
 * read an empty outbox. The bytes are those on the wire: the server
 * gzips its larger answers.
 *
 * The client talks to the server through a counting TCP proxy in this
 * process (a GThreadedSocketService on 127.0.0.1 that forwards each
 * connection to the server, one thread per direction): "sent" is every
 * byte of the requests (request lines, headers, bodies), "received" every
 * byte of the answers, as they cross the sockets; TCP/IP headers are not
 * counted. The proxy also counts requests (by framing the request stream
 * with Content-Length) and connections. Each sync uses a new
 * MnrSyncClient, as the app does, and so a new connection.
 *
 *   mnr-bench-sync-client WORLD_DIR [--server PATH] [--repeat 5] [--keep]
 *                         [--no-proxy] [--reuse DIR] [--pull-only]
 *
 * --no-proxy connects the client straight to the server, to see what
 * the proxy's hop adds to the times (it counts nothing then).
 *
 * --reuse DIR keeps the server's data dir and the pushing copy in DIR
 * between runs: the first run with DIR pushes the world store as usual
 * (about 2.5 minutes) and marks DIR as holding it; the next runs skip
 * the push (and the pushing copy's sync after it) and start with the
 * full pull, into a new empty store each time. For working on the pull.
 * A run that did not finish its push leaves DIR unmarked, and the next
 * run starts it again from nothing.
 *
 * --pull-only stops after the full pull: with --reuse, a run that is
 * the pull alone, to profile it (valgrind --tool=callgrind
 * --toggle-collect=measure_sync counts its instructions).
 *
 * WORLD_DIR (made by mnr-bench-generate) is copied first and never
 * changed.
 */
#define G_LOG_DOMAIN "mnr-bench-sync-client"

#include "config.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <time.h>

#include "bench-sync-common.h"
#include "mnr-store.h"
#include "mnr-sync-client.h"
#include "mnr-test-util.h"

#define PROXY_BUFFER (64 * 1024)
#define SYNC_TIMEOUT 300

/* ---------------------------------------------------------------------- */
/* The counting proxy                                                     */

typedef struct
{
  guint64 sent;         /* client → server */
  guint64 received;     /* server → client */
  guint64 requests;
  guint64 connections;
} Counts;

typedef struct
{
  GSocketService *service;
  GSocketAddress *upstream;

  GMutex          mutex;
  Counts          counts;
  gboolean        unframed;     /* a request without Content-Length */
} Proxy;

/* Finds where each request of a client's byte stream ends: a head up to
 * an empty line, then Content-Length bytes of body. The client never
 * sends chunked bodies; if it did, counting requests would stop. */
typedef struct
{
  GString *head;
  guint64  body_left;
  gboolean lost;
} RequestFramer;

static guint64
parse_content_length (const char *head,
                      gboolean   *chunked)
{
  g_auto(GStrv) lines = g_strsplit (head, "\r\n", -1);
  guint64 length = 0;

  *chunked = FALSE;
  for (guint i = 1; lines[i] != NULL; i++)
    {
      if (g_ascii_strncasecmp (lines[i], "Content-Length:", 15) == 0)
        length = g_ascii_strtoull (lines[i] + 15, NULL, 10);
      else if (g_ascii_strncasecmp (lines[i], "Transfer-Encoding:", 18) == 0)
        *chunked = TRUE;
    }

  return length;
}

/* Returns how many requests' heads were completed by @data. */
static guint
framer_feed (RequestFramer *framer,
             const char    *data,
             gsize          size)
{
  guint requests = 0;

  while (size > 0 && !framer->lost)
    {
      gsize old_len, from, head_len, taken;
      const char *end;
      gboolean chunked;

      if (framer->body_left > 0)
        {
          taken = MIN (size, framer->body_left);
          framer->body_left -= taken;
          data += taken;
          size -= taken;
          continue;
        }

      old_len = framer->head->len;
      g_string_append_len (framer->head, data, size);
      from = old_len > 3 ? old_len - 3 : 0;
      end = g_strstr_len (framer->head->str + from, framer->head->len - from, "\r\n\r\n");
      if (end == NULL)
        return requests;

      head_len = end + 4 - framer->head->str;
      g_string_truncate (framer->head, head_len);
      requests++;
      framer->body_left = parse_content_length (framer->head->str, &chunked);
      framer->lost = chunked;
      g_string_truncate (framer->head, 0);

      taken = head_len - old_len;
      data += taken;
      size -= taken;
    }

  return requests;
}

typedef struct
{
  Proxy   *proxy;
  GSocket *from;
  GSocket *to;
  gboolean upstream;    /* client → server */
} Pump;

static gboolean
send_all (GSocket    *socket,
          const char *data,
          gsize       size)
{
  while (size > 0)
    {
      gssize n = g_socket_send_with_blocking (socket, data, size, TRUE, NULL, NULL);

      if (n <= 0)
        return FALSE;
      data += n;
      size -= n;
    }

  return TRUE;
}

/* Copies one direction until its end, counting, then passes the end on. */
static gpointer
pump_run (gpointer user_data)
{
  Pump *pump = user_data;
  Proxy *proxy = pump->proxy;
  g_autofree char *buffer = g_malloc (PROXY_BUFFER);
  RequestFramer framer = { g_string_new (NULL), 0, FALSE };

  for (;;)
    {
      gssize n = g_socket_receive_with_blocking (pump->from, buffer, PROXY_BUFFER, TRUE, NULL, NULL);
      guint requests = 0;

      if (n <= 0)
        break;

      if (pump->upstream)
        requests = framer_feed (&framer, buffer, n);

      /* Counted before it is passed on: once the client has an answer,
       * every byte of it and of its request is counted. */
      g_mutex_lock (&proxy->mutex);
      if (pump->upstream)
        {
          proxy->counts.sent += n;
          proxy->counts.requests += requests;
          proxy->unframed |= framer.lost;
        }
      else
        {
          proxy->counts.received += n;
        }
      g_mutex_unlock (&proxy->mutex);

      if (!send_all (pump->to, buffer, n))
        break;
    }

  /* The client's end closes the connection: do not wait for the server
   * to close its side (libsoup 3.2's server does not). The server's
   * end is passed on to the client, which then closes. */
  if (pump->upstream)
    g_socket_shutdown (pump->to, TRUE, TRUE, NULL);
  else
    g_socket_shutdown (pump->to, FALSE, TRUE, NULL);
  g_string_free (framer.head, TRUE);
  return NULL;
}

static gboolean
proxy_run_cb (GThreadedSocketService *service,
              GSocketConnection      *connection,
              GObject                *source_object,
              gpointer                user_data)
{
  Proxy *proxy = user_data;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) upstream = NULL;
  g_autoptr(GError) error = NULL;
  GThread *thread;
  Pump up, down;

  upstream = g_socket_client_connect (client, G_SOCKET_CONNECTABLE (proxy->upstream), NULL, &error);
  if (upstream == NULL)
    {
      g_printerr ("proxy: %s\n", error->message);
      return TRUE;
    }

  g_mutex_lock (&proxy->mutex);
  proxy->counts.connections++;
  g_mutex_unlock (&proxy->mutex);

  /* Without this, Nagle's algorithm on the proxy's sockets holds a
   * request's body until the server acknowledges its head: 40 ms of
   * delayed ACK per write, which is the proxy's, not the client's. */
  g_socket_set_option (g_socket_connection_get_socket (connection), IPPROTO_TCP, TCP_NODELAY, 1, NULL);
  g_socket_set_option (g_socket_connection_get_socket (upstream), IPPROTO_TCP, TCP_NODELAY, 1, NULL);

  up = (Pump) { proxy, g_socket_connection_get_socket (connection),
                g_socket_connection_get_socket (upstream), TRUE };
  down = (Pump) { proxy, g_socket_connection_get_socket (upstream),
                  g_socket_connection_get_socket (connection), FALSE };

  thread = g_thread_new ("proxy-down", pump_run, &down);
  pump_run (&up);
  g_thread_join (thread);

  g_io_stream_close (G_IO_STREAM (upstream), NULL, NULL);
  return TRUE;
}

static Proxy *
proxy_start (const char  *server_endpoint,
             char       **out_endpoint,
             GError     **error)
{
  g_autoptr(GUri) uri = g_uri_parse (server_endpoint, G_URI_FLAGS_NONE, error);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  Proxy *proxy;

  if (uri == NULL)
    return NULL;

  proxy = g_new0 (Proxy, 1);
  g_mutex_init (&proxy->mutex);
  proxy->upstream = g_inet_socket_address_new (loopback, g_uri_get_port (uri));
  proxy->service = g_threaded_socket_service_new (-1);
  g_signal_connect (proxy->service, "run", G_CALLBACK (proxy_run_cb), proxy);

  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (proxy->service), any_port,
                                      G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                      NULL, &bound, error))
    {
      g_object_unref (proxy->service);
      g_object_unref (proxy->upstream);
      g_mutex_clear (&proxy->mutex);
      g_free (proxy);
      return NULL;
    }

  g_socket_service_start (proxy->service);
  *out_endpoint = g_strdup_printf ("http://127.0.0.1:%u/mnr/v1/",
                                   g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  return proxy;
}

static Counts
proxy_get_counts (Proxy *proxy)
{
  Counts counts;

  g_mutex_lock (&proxy->mutex);
  counts = proxy->counts;
  g_mutex_unlock (&proxy->mutex);
  return counts;
}

/* ---------------------------------------------------------------------- */
/* Syncs and their figures                                                */

typedef struct
{
  const char  *endpoint;    /* the proxy's, or the server's with --no-proxy */
  const char  *token;
  Proxy       *proxy;
  GSubprocess *server;
} Bench;

typedef struct
{
  double        seconds;
  double        client_cpu; /* CPU seconds of this process (client and proxy) */
  double        main_cpu;   /* of its main thread: the client's own thread */
  double        server_cpu; /* and of the server */
  Counts        counts;     /* of this sync alone */
  MnrSyncReport report;
} Figures;

/* CPU seconds of the calling thread. */
static double
thread_cpu (void)
{
  struct timespec now;

  if (clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now) != 0)
    return -1;

  return now.tv_sec + now.tv_nsec / 1e9;
}

/* One sync of @store through the proxy with a new client, as the app
 * does it; FALSE with the error printed if it failed. */
static gboolean
measure_sync (Bench    *bench,
              MnrStore *store,
              Figures  *figures)
{
  g_autoptr(MnrSyncClient) client = mnr_sync_client_new (store, bench->endpoint, bench->token);
  g_autoptr(GError) error = NULL;
  Counts before, after;
  double client_cpu, main_cpu, server_cpu;
  gint64 start;
  gboolean ok;

  mnr_sync_client_set_timeout (client, SYNC_TIMEOUT);
  before = proxy_get_counts (bench->proxy);
  client_cpu = mnr_bench_self_cpu ();
  main_cpu = thread_cpu ();
  server_cpu = mnr_bench_process_cpu (bench->server);
  start = g_get_monotonic_time ();
  ok = mnr_test_run_sync (client, &figures->report, &error);
  figures->seconds = (g_get_monotonic_time () - start) / 1e6;
  figures->client_cpu = mnr_bench_self_cpu () - client_cpu;
  figures->main_cpu = thread_cpu () - main_cpu;
  figures->server_cpu = mnr_bench_process_cpu (bench->server) - server_cpu;
  after = proxy_get_counts (bench->proxy);

  figures->counts.sent = after.sent - before.sent;
  figures->counts.received = after.received - before.received;
  figures->counts.requests = after.requests - before.requests;
  figures->counts.connections = after.connections - before.connections;

  if (!ok)
    g_printerr ("sync failed: %s\n", error->message);
  return ok;
}

static char *
format_bytes (guint64 bytes)
{
  if (bytes >= 10 * 1024 * 1024)
    return g_strdup_printf ("%" G_GUINT64_FORMAT " B (%.1f MiB)", bytes, bytes / 1048576.0);
  if (bytes >= 10 * 1024)
    return g_strdup_printf ("%" G_GUINT64_FORMAT " B (%.1f KiB)", bytes, bytes / 1024.0);
  return g_strdup_printf ("%" G_GUINT64_FORMAT " B", bytes);
}

static void
print_figures (const char    *label,
               const Figures *figures,
               const char    *time_note)
{
  g_autofree char *sent = format_bytes (figures->counts.sent);
  g_autofree char *received = format_bytes (figures->counts.received);
  g_autofree char *total = format_bytes (figures->counts.sent + figures->counts.received);

  g_print ("%s\n", label);
  g_print ("  time %.3f s%s; %" G_GUINT64_FORMAT " HTTP requests on %" G_GUINT64_FORMAT " connection%s\n",
           figures->seconds, time_note != NULL ? time_note : "",
           figures->counts.requests, figures->counts.connections,
           figures->counts.connections == 1 ? "" : "s");
  g_print ("  CPU: client %.2f s (proxy included; its main thread %.2f s), server %.2f s\n",
           figures->client_cpu, figures->main_cpu, figures->server_cpu);
  g_print ("  bytes: sent %s, received %s, total %s\n", sent, received, total);
  g_print ("  report: pulled %u, applied %u, unchanged %u, pushed %u, conflicts %u, rejected %u\n",
           figures->report.pulled, figures->report.applied, figures->report.unchanged,
           figures->report.pushed, figures->report.conflicts, figures->report.rejected);
}

static int
compare_figures (gconstpointer a,
                 gconstpointer b)
{
  const Figures *x = a, *y = b;

  return x->seconds < y->seconds ? -1 : x->seconds > y->seconds;
}

/* The median run of @runs (by time), labelled with the spread. */
static void
print_median (const char *label,
              GArray     *runs)
{
  g_autofree char *note = NULL;
  Figures median;

  g_array_sort (runs, compare_figures);
  median = g_array_index (runs, Figures, (runs->len - 1) / 2);
  note = g_strdup_printf (" (median of %u; min %.3f s, max %.3f s)", runs->len,
                          g_array_index (runs, Figures, 0).seconds,
                          g_array_index (runs, Figures, runs->len - 1).seconds);
  print_figures (label, &median, note);
}

static MnrStore *
open_store (const char  *path,
            const char  *author,
            GError     **error)
{
  g_autoptr(GFile) dir = g_file_new_for_path (path);
  MnrStore *store;

  if (g_mkdir_with_parents (path, 0700) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot make %s", path);
      return NULL;
    }

  store = mnr_store_open (dir, error);
  if (store != NULL)
    mnr_store_set_author (store, author);
  return store;
}

static guint
count_dirty (MnrStore *store)
{
  g_autoptr(GPtrArray) dirty = mnr_store_list_dirty (store, NULL);

  return dirty != NULL ? dirty->len : G_MAXUINT;
}

/* Changes the level of one rating of the first round of the first
 * country, a different element each time. */
static gboolean
change_one_rating (MnrStore  *store,
                   guint      index,
                   GError   **error)
{
  static const char *levels[] = { "not-in-place", "building", "developing", "established", "mature" };
  g_auto(GStrv) countries = mnr_store_list_countries (store, error);
  g_autoptr(GPtrArray) rounds = NULL;
  g_autoptr(MnrRating) rating = NULL;
  g_autofree char *element = g_strdup_printf ("capability-%u", 1 + index % 21);
  const MnrRound *round;
  const char *level;

  if (countries == NULL || countries[0] == NULL ||
      (rounds = mnr_store_list_rounds (store, countries[0], error)) == NULL || rounds->len == 0)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the store has no round");
      return FALSE;
    }

  round = g_ptr_array_index (rounds, 0);
  rating = mnr_store_get_rating (store, round->id, element, NULL);
  level = levels[index % G_N_ELEMENTS (levels)];
  if (rating != NULL && g_str_equal (rating->level_id, level))
    level = levels[(index + 1) % G_N_ELEMENTS (levels)];

  return mnr_store_set_rating (store, round->id, element, level,
                               rating != NULL ? rating->rationale : "", error);
}

/* The file that says a --reuse folder holds the pushed world store: the
 * number of records pushed. */
#define REUSE_MARK "pushed-records"

/* How many records the --reuse folder @directory says its server holds
 * (0 when it holds no finished push). */
static guint
reused_records (const char *directory)
{
  g_autofree char *path = g_build_filename (directory, REUSE_MARK, NULL);
  g_autofree char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return 0;
  return (guint) g_ascii_strtoull (text, NULL, 10);
}

static gboolean
mark_reusable (const char  *directory,
               guint        records,
               GError     **error)
{
  g_autofree char *path = g_build_filename (directory, REUSE_MARK, NULL);
  g_autofree char *text = g_strdup_printf ("%u\n", records);

  return g_file_set_contents (path, text, -1, error);
}

static gboolean
copy_tree (const char  *from,
           const char  *to,
           GError     **error)
{
  const char *argv[] = { "cp", "-a", "--", from, to, NULL };
  int status = 0;

  return g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, error) &&
         g_spawn_check_wait_status (status, error);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(MnrStore) pusher = NULL;
  g_autoptr(MnrStore) puller = NULL;
  g_autoptr(GArray) idle_runs = g_array_new (FALSE, FALSE, sizeof (Figures));
  g_autoptr(GArray) push_one_runs = g_array_new (FALSE, FALSE, sizeof (Figures));
  g_autoptr(GArray) pull_one_runs = g_array_new (FALSE, FALSE, sizeof (Figures));
  g_autofree char *server_path = NULL;
  g_autofree char *binary = NULL;
  g_autofree char *directory = NULL;
  g_autofree char *world_db = NULL;
  g_autofree char *pusher_path = NULL;
  g_autofree char *puller_path = NULL;
  g_autofree char *server_data = NULL;
  g_autofree char *token = NULL;
  g_autofree char *tokens_text = NULL;
  g_autofree char *line = NULL;
  g_autofree char *server_endpoint = NULL;
  g_autofree char *proxy_endpoint = NULL;
  g_autofree char *reuse = NULL;
  g_auto(GStrv) countries = NULL;
  int repeat = 5;
  gboolean keep = FALSE;
  gboolean no_proxy = FALSE;
  gboolean pull_only = FALSE;
  gboolean ok = FALSE;
  guint outbox;
  guint reused = 0;
  Proxy *proxy;
  Bench bench;
  Figures figures;
  GOptionEntry entries[] = {
    { "server", 0, 0, G_OPTION_ARG_FILENAME, &server_path, "The mnr-sync-server to run (default: the one built next to this)", "PATH" },
    { "repeat", 'r', 0, G_OPTION_ARG_INT, &repeat, "Runs of the small syncs (default 5)", "N" },
    { "keep", 0, 0, G_OPTION_ARG_NONE, &keep, "Keep the temporary folder", NULL },
    { "pull-only", 0, 0, G_OPTION_ARG_NONE, &pull_only, "Stop after the first full pull", NULL },
    { "no-proxy", 0, 0, G_OPTION_ARG_NONE, &no_proxy, "Connect straight to the server: times without the proxy's hop, no bytes counted", NULL },
    { "reuse", 0, 0, G_OPTION_ARG_FILENAME, &reuse, "Keep the pushed server and the pushing copy in DIR between runs; later runs start with the pull", "DIR" },
    { NULL }
  };

  context = g_option_context_new ("WORLD_DIR - the sync client against the server with the world-size store");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  if (argc != 2 || repeat < 1)
    {
      g_printerr ("usage: %s WORLD_DIR [--server PATH] [--repeat N] [--keep] [--no-proxy] [--reuse DIR] [--pull-only]\n", argv[0]);
      return 2;
    }

  world_db = g_build_filename (argv[1], "mnr-tracker.db", NULL);
  binary = mnr_bench_find_server (argv[0], server_path);
  if (!g_file_test (world_db, G_FILE_TEST_IS_REGULAR) || binary == NULL)
    {
      g_printerr (binary == NULL ? "mnr-sync-server not found; pass --server PATH\n"
                                 : "no store in WORLD_DIR; make one with mnr-bench-generate\n");
      return 2;
    }

  if (reuse != NULL)
    {
      directory = g_strdup (reuse);
      reused = reused_records (directory);
      /* An unfinished push, or another folder: start from nothing. */
      if (reused == 0)
        mnr_bench_remove_tree (directory);
      if (g_mkdir_with_parents (directory, 0700) != 0)
        {
          g_printerr ("cannot make %s\n", directory);
          return 1;
        }
      keep = TRUE;
    }
  else
    directory = g_dir_make_tmp ("mnr-bench-sync-client-XXXXXX", &error);
  if (directory == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  pusher_path = g_build_filename (directory, "pusher", NULL);
  puller_path = g_build_filename (directory, "puller", NULL);
  server_data = g_build_filename (directory, "server-data", NULL);
  /* The puller always starts empty. */
  mnr_bench_remove_tree (puller_path);

  token = mnr_bench_random_token ();
  line = mnr_bench_token_line (token, "secretariat");
  tokens_text = g_strconcat ("# benchmark\n", line, NULL);

  if ((reused == 0 && !copy_tree (argv[1], pusher_path, &error)) ||
      !(pusher = open_store (pusher_path, "Benchmark secretariat", &error)) ||
      !(puller = open_store (puller_path, "Benchmark focal point", &error)) ||
      !(server = mnr_bench_start_server (binary, directory, tokens_text, &server_endpoint, &error)) ||
      !(proxy = proxy_start (server_endpoint, &proxy_endpoint, &error)))
    {
      g_printerr ("%s\n", error->message);
      goto out;
    }

  bench = (Bench) { no_proxy ? server_endpoint : proxy_endpoint, token, proxy, server };
  countries = mnr_store_list_countries (pusher, NULL);
  outbox = count_dirty (pusher);
  g_print ("sync client: MnrSyncClient -> %s%s, 127.0.0.1, %u CPU cores\n",
           no_proxy ? "" : "counting proxy -> ", binary, g_get_num_processors ());
  if (no_proxy)
    g_print ("no proxy: times only; bytes, requests and connections are not counted (0)\n");
  g_print ("world store: %u countries, %u records in the outbox\n",
           countries != NULL ? g_strv_length (countries) : 0, outbox);
  g_print ("server: process %s, data dir %s\n", g_subprocess_get_identifier (server), server_data);

  /* 1. */
  if (reused > 0)
    {
      g_print ("first full push: skipped, %s holds it (%u records)\n", directory, reused);
      outbox = reused;
    }
  else
    {
      if (!measure_sync (&bench, pusher, &figures))
        goto out;
      print_figures ("first full push (a copy of the world store, secretariat token)", &figures, NULL);
      g_print ("  %.0f records/s; server data dir now %.1f MiB\n",
               figures.report.pushed / figures.seconds, mnr_bench_tree_size (server_data) / 1048576.0);
      if (figures.report.pushed != outbox || count_dirty (pusher) != 0)
        {
          g_printerr ("the push left %u records unsynced\n", count_dirty (pusher));
          goto out;
        }
      if (reuse != NULL && !mark_reusable (directory, outbox, &error))
        {
          g_printerr ("%s\n", error->message);
          goto out;
        }
    }

  /* 2. */
  if (!measure_sync (&bench, puller, &figures))
    goto out;
  print_figures ("first full pull into an empty store", &figures, NULL);
  g_print ("  %.0f records/s; the pulled store is %.1f MiB\n",
           figures.report.applied / figures.seconds, mnr_bench_tree_size (puller_path) / 1048576.0);
  if (figures.report.applied != outbox || figures.report.rejected != 0 || count_dirty (puller) != 0)
    {
      g_printerr ("the pull applied %u of %u records\n", figures.report.applied, outbox);
      goto out;
    }
  if (pull_only)
    {
      ok = TRUE;
      goto out;
    }

  /* The pushing copy's next sync: its cursor is still before its own
   * writes. A reused one has made it before. */
  if (!measure_sync (&bench, pusher, &figures))
    goto out;
  print_figures (reused > 0 ? "the pushing copy's next sync (reused: not its first after the push)"
                            : "the pushing copy's first sync after its push", &figures, NULL);

  /* 3. */
  for (int i = 0; i < repeat; i++)
    {
      if (!measure_sync (&bench, puller, &figures))
        goto out;
      g_array_append_val (idle_runs, figures);
    }
  print_median ("no-change sync", idle_runs);
  {
    /* What of that is the store's: reading the outbox (dirty records). */
    gint64 start = g_get_monotonic_time ();
    guint n_dirty = count_dirty (puller);

    g_print ("  of which reading the empty outbox (mnr_store_list_dirty, %u records): %.1f ms\n",
             n_dirty, (g_get_monotonic_time () - start) / 1000.0);
  }

  /* 4. and 5. */
  for (int i = 0; i < repeat; i++)
    {
      /* Settle first: the previous run's own write comes back in the
       * next pull (section 7.4), which is not this figure. */
      if (!measure_sync (&bench, puller, &figures))
        goto out;

      if (!change_one_rating (puller, i, &error))
        {
          g_printerr ("%s\n", error->message);
          goto out;
        }
      if (!measure_sync (&bench, puller, &figures))
        goto out;
      if (figures.report.pushed != 1)
        {
          g_printerr ("the change was not pushed\n");
          goto out;
        }
      g_array_append_val (push_one_runs, figures);

      if (!measure_sync (&bench, pusher, &figures))
        goto out;
      if (figures.report.applied != 1)
        {
          g_printerr ("the change did not reach the other copy\n");
          goto out;
        }
      g_array_append_val (pull_one_runs, figures);
    }
  print_median ("one rating changed locally, then synced (push of one record)", push_one_runs);
  print_median ("that change reaching the other copy (pull of one record)", pull_one_runs);

  g_mutex_lock (&proxy->mutex);
  if (proxy->unframed)
    g_print ("note: a request without Content-Length was seen; request counts are low\n");
  g_mutex_unlock (&proxy->mutex);

  ok = TRUE;

out:
  if (server != NULL)
    mnr_bench_stop_server (server);
  if (pusher != NULL)
    mnr_store_close (pusher);
  if (puller != NULL)
    mnr_store_close (puller);
  if (reuse != NULL)
    {
      mnr_bench_remove_tree (puller_path);
      g_print ("kept %s for the next --reuse\n", directory);
    }
  else if (keep)
    g_print ("kept %s\n", directory);
  else
    mnr_bench_remove_tree (directory);
  if (token != NULL)
    memset (token, 0, strlen (token));

  return ok ? 0 : 1;
}
