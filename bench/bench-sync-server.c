/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Throughput and latency of the reference sync server under concurrent
 * small reads and conditional writes, on loopback, with a check that no
 * update is lost.
 *
 * Starts the real mnr-sync-server (a child process on 127.0.0.1:0, fresh
 * data dir, a tokens file with the hash of a random secretariat token),
 * seeds it with one round, a few "hot" ratings and a set of "cold"
 * evidence records, then runs C clients for a fixed time or number of
 * operations: by default plain HTTP/1.1 clients, every connection driven
 * by one thread (bench-sync-server-raw.c), a few tens of µs of CPU per
 * request; with --client soup, a thread each with its own SoupSession and
 * libsoup's blocking API, which costs about as much CPU per request as the
 * server does. Each operation is, at random:
 *
 *   - a read of a record (GET records/<type>/<id>, cold or hot);
 *   - a read of a page of the changes feed (GET changes?limit=N), each
 *     client walking the feed with the cursors it is given;
 *   - a read-modify-write of a hot rating: GET it, PUT it back with
 *     If-Match of its rev and its counter (the rationale, a number) plus
 *     one; on 412, take rev and counter from the answer's `current` and
 *     PUT again, until it is accepted.
 *
 * Every request is timed on its own (send to whole body read). At the
 * end each hot rating must hold as its counter exactly the number of 200
 * answers its PUTs got, and its rev must be that number plus one: any
 * difference is a lost (or phantom) update and the exit status is 1.
 *
 * The clients share the machine with the server: the CPU time per
 * request of both is printed beside the latencies.
 *
 *   mnr-bench-sync-server [--server PATH] [--clients 8] [--seconds 10]
 *                         [--client raw|soup]
 *                         [--ops N] [--hot 8] [--records 1000]
 *                         [--write-percent 20] [--page 20]
 *                         [--server-arg ARG ...]
 *
 * Each client keeps its connection (as a SoupSession does) unless the
 * server closes it. The server's open files are counted before the load,
 * halfway through it and after the clients have closed their
 * connections: with kept-alive connections the middle count holds one
 * per client, the last must come back to the first.
 */
#define G_LOG_DOMAIN "mnr-bench-sync-server"

#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <stdlib.h>
#include <string.h>

#include "bench-sync-common.h"
#include "bench-sync-server-private.h"
#include "mnr-store.h"

#define MAX_ERRORS_SHOWN 5

static void
worker_free (Worker *worker)
{
  g_rand_free (worker->rand);
  g_free (worker->cursor);
  g_array_unref (worker->get_ms);
  g_array_unref (worker->changes_ms);
  g_array_unref (worker->put_ms);
  g_free (worker);
}

void
bench_report_error (Bench      *bench,
                    const char *format,
                    ...)
{
  va_list args;
  g_autofree char *message = NULL;

  if (g_atomic_int_add (&bench->errors_shown, 1) >= MAX_ERRORS_SHOWN)
    return;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("error: %s\n", message);
}

gboolean
bench_worker_may_go_on (Worker *worker)
{
  Bench *bench = worker->bench;

  if (bench->deadline != 0)
    return g_get_monotonic_time () < bench->deadline;

  return g_atomic_int_add (&bench->ops_left, -1) > 0;
}

/* The next operation, with the record to read (an index over the cold
 * records, then the hot ones) or the hot rating to write. */
BenchOp
bench_worker_pick_op (Worker *worker,
                      guint  *out_index)
{
  Bench *bench = worker->bench;
  guint dice = g_rand_int_range (worker->rand, 0, 100);

  if (dice < bench->write_percent)
    {
      *out_index = g_rand_int_range (worker->rand, 0, bench->hot_ids->len);
      return BENCH_OP_WRITE_HOT;
    }

  if ((dice - bench->write_percent) % 2 == 0)
    {
      *out_index = g_rand_int_range (worker->rand, 0, bench->cold_ids->len + bench->hot_ids->len);
      return BENCH_OP_READ_RECORD;
    }

  *out_index = 0;
  return BENCH_OP_READ_CHANGES;
}

/* records/TYPE/ID of the @index-th record (cold, then hot). */
char *
bench_record_path (Bench *bench,
                   guint  index)
{
  guint n_cold = bench->cold_ids->len;

  if (index < n_cold)
    return g_strconcat ("records/evidence/", (const char *)g_ptr_array_index (bench->cold_ids, index), NULL);

  return g_strconcat ("records/rating/", (const char *)g_ptr_array_index (bench->hot_ids, index - n_cold), NULL);
}

/* The next page of @worker's walk of the feed. */
char *
bench_changes_path (Worker *worker)
{
  g_autofree char *escaped = NULL;

  if (worker->cursor == NULL)
    return g_strdup_printf ("changes?limit=%u", worker->bench->page);

  escaped = g_uri_escape_string (worker->cursor, NULL, FALSE);
  return g_strdup_printf ("changes?since=%s&limit=%u", escaped, worker->bench->page);
}

/* A hot rating's body with @counter as its rationale. */
char *
bench_hot_body (Bench      *bench,
                guint       hot,
                const char *author,
                gint64      counter)
{
  return g_strdup_printf ("{\"country\": \"" BENCH_COUNTRY "\", \"updated_by\": \"%s\", \"deleted\": false, "
                          "\"data\": {\"round\": \"%s\", \"element\": \"%s\", "
                          "\"level\": \"developing\", \"rationale\": \"%" G_GINT64_FORMAT "\"}}",
                          author, bench->round_id,
                          (const char *)g_ptr_array_index (bench->hot_elements, hot), counter);
}

/* One request with the blocking API, timed into @times. Returns the body
 * (empty for none) and the status, or NULL after a transport error. */
static GBytes *
send_timed (SoupSession *session,
            Bench       *bench,
            const char  *method,
            const char  *path,
            const char  *if_match,
            const char  *if_none_match,
            GBytes      *body,
            GArray      *times,
            guint       *status)
{
  g_autofree char *url = g_strconcat (bench->endpoint, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) answer = NULL;
  gint64 start;
  double ms;

  soup_message_headers_replace (headers, "Authorization", bench->authorization);
  if (if_match != NULL)
    soup_message_headers_replace (headers, "If-Match", if_match);
  if (if_none_match != NULL)
    soup_message_headers_replace (headers, "If-None-Match", if_none_match);
  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, "application/json", body);

  start = g_get_monotonic_time ();
  answer = soup_session_send_and_read (session, msg, NULL, &error);
  ms = (g_get_monotonic_time () - start) / 1000.0;

  if (answer == NULL)
    {
      bench_report_error (bench, "%s %s: %s", method, path, error->message);
      return NULL;
    }

  if (times != NULL)
    g_array_append_val (times, ms);
  *status = soup_message_get_status (msg);
  return g_steal_pointer (&answer);
}

static JsonObject *
object_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* rev and counter (the rationale) of a record envelope, or of the
 * `current` of a 412 problem. */
static gboolean
parse_hot (GBytes  *body,
           gboolean problem,
           gint64  *rev,
           gint64  *counter)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  gsize size = 0;
  const char *text = g_bytes_get_data (body, &size);
  JsonNode *root;
  JsonObject *record, *data;
  const char *rationale;

  if (size == 0 || !json_parser_load_from_data (parser, text, size, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;

  record = json_node_get_object (root);
  if (problem)
    {
      record = object_member (record, "current");
      if (record == NULL)
        return FALSE;
    }

  data = object_member (record, "data");
  *rev = json_object_get_int_member_with_default (record, "rev", -1);
  rationale = data != NULL ? json_object_get_string_member_with_default (data, "rationale", NULL) : NULL;
  if (*rev < 1 || rationale == NULL ||
      !g_ascii_string_to_signed (rationale, 10, 0, G_MAXINT64, counter, NULL))
    return FALSE;

  return TRUE;
}

static GBytes *
hot_body (Bench      *bench,
          guint       hot,
          const char *author,
          gint64      counter)
{
  char *text = bench_hot_body (bench, hot, author, counter);

  return g_bytes_new_take (text, strlen (text));
}

static void
read_record (Worker      *worker,
             SoupSession *session,
             guint        pick)
{
  Bench *bench = worker->bench;
  g_autofree char *path = bench_record_path (bench, pick);
  g_autoptr(GBytes) body = NULL;
  guint status = 0;

  body = send_timed (session, bench, SOUP_METHOD_GET, path, NULL, NULL, NULL, worker->get_ms, &status);
  if (body == NULL || status != SOUP_STATUS_OK)
    {
      if (body != NULL)
        bench_report_error (bench, "GET %s: HTTP %u", path, status);
      worker->errors++;
    }
}

static void
read_changes (Worker      *worker,
              SoupSession *session)
{
  Bench *bench = worker->bench;
  g_autofree char *path = bench_changes_path (worker);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;
  JsonObject *page;
  const char *cursor;
  guint status = 0;
  gsize size = 0;
  const char *text;

  body = send_timed (session, bench, SOUP_METHOD_GET, path, NULL, NULL, NULL, worker->changes_ms, &status);
  if (body == NULL || status != SOUP_STATUS_OK)
    {
      if (body != NULL)
        bench_report_error (bench, "GET %s: HTTP %u", path, status);
      worker->errors++;
      return;
    }

  text = g_bytes_get_data (body, &size);
  if (!json_parser_load_from_data (parser, text, size, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      (cursor = json_object_get_string_member_with_default (page = json_node_get_object (root),
                                                            "cursor", NULL)) == NULL)
    {
      bench_report_error (bench, "GET %s: not a changes page", path);
      worker->errors++;
      return;
    }

  /* Walk the feed; start again at its end. */
  g_free (worker->cursor);
  worker->cursor = json_object_get_boolean_member_with_default (page, "more", FALSE) ? g_strdup (cursor) : NULL;
}

static void
write_hot (Worker      *worker,
           SoupSession *session,
           guint        hot)
{
  Bench *bench = worker->bench;
  g_autofree char *path = g_strconcat ("records/rating/", (const char *)g_ptr_array_index (bench->hot_ids, hot), NULL);
  g_autofree char *author = g_strdup_printf ("bench client %u", worker->index);
  g_autoptr(GBytes) answer = NULL;
  gint64 rev = 0, counter = 0;
  guint status = 0;

  worker->write_ops++;

  answer = send_timed (session, bench, SOUP_METHOD_GET, path, NULL, NULL, NULL, worker->get_ms, &status);
  if (answer == NULL || status != SOUP_STATUS_OK || !parse_hot (answer, FALSE, &rev, &counter))
    {
      bench_report_error (bench, "GET %s before a write failed (HTTP %u)", path, status);
      worker->errors++;
      return;
    }

  for (guint attempt = 0; attempt < BENCH_MAX_ATTEMPTS; attempt++)
    {
      g_autoptr(GBytes) body = hot_body (bench, hot, author, counter + 1);
      g_autofree char *etag = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", rev);

      g_clear_pointer (&answer, g_bytes_unref);
      answer = send_timed (session, bench, SOUP_METHOD_PUT, path, etag, NULL, body, worker->put_ms, &status);
      if (answer == NULL)
        {
          /* The outcome is unknown: the check at the end will say so. */
          worker->errors++;
          return;
        }

      if (status == SOUP_STATUS_OK)
        {
          worker->accepted++;
          g_atomic_int_inc (&bench->hot_accepted[hot]);
          return;
        }

      if (status != SOUP_STATUS_PRECONDITION_FAILED || !parse_hot (answer, TRUE, &rev, &counter))
        {
          bench_report_error (bench, "PUT %s: HTTP %u", path, status);
          worker->errors++;
          return;
        }

      worker->retries++;
    }

  bench_report_error (bench, "PUT %s: still 412 after %d attempts", path, BENCH_MAX_ATTEMPTS);
  worker->errors++;
}

static gpointer
worker_run (gpointer user_data)
{
  Worker *worker = user_data;
  Bench *bench = worker->bench;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(SoupSession) session = NULL;

  /* The session belongs to this thread and its context. */
  g_main_context_push_thread_default (context);
  session = soup_session_new_with_options ("timeout", 60, NULL);

  g_mutex_lock (&bench->mutex);
  while (!bench->started)
    g_cond_wait (&bench->cond, &bench->mutex);
  g_mutex_unlock (&bench->mutex);

  while (bench_worker_may_go_on (worker))
    {
      guint index = 0;

      switch (bench_worker_pick_op (worker, &index))
        {
        case BENCH_OP_WRITE_HOT:
          write_hot (worker, session, index);
          break;
        case BENCH_OP_READ_RECORD:
          read_record (worker, session, index);
          break;
        case BENCH_OP_READ_CHANGES:
          read_changes (worker, session);
          break;
        }
    }

  g_clear_object (&session);
  g_main_context_pop_thread_default (context);
  return worker;
}

/* Creates a record with If-None-Match: *, on the main thread. */
static gboolean
seed_one (SoupSession *session,
          Bench       *bench,
          const char  *type,
          const char  *id,
          const char  *body_text,
          GArray      *times)
{
  g_autofree char *path = g_strdup_printf ("records/%s/%s", type, id);
  g_autoptr(GBytes) body = g_bytes_new (body_text, strlen (body_text));
  g_autoptr(GBytes) answer = NULL;
  guint status = 0;

  answer = send_timed (session, bench, SOUP_METHOD_PUT, path, NULL, "*", body, times, &status);
  if (answer == NULL || status != SOUP_STATUS_CREATED)
    {
      g_printerr ("seeding %s %s failed (HTTP %u)\n", type, id, status);
      return FALSE;
    }

  return TRUE;
}

static gboolean
seed (Bench  *bench,
      guint   n_hot,
      guint   n_records,
      GArray *times)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  const char *round = "{\"country\": \"" BENCH_COUNTRY "\", \"updated_by\": \"bench\", \"deleted\": false, "
                      "\"data\": {\"name\": \"Benchmark round\", \"date\": \"2026-11-22\"}}";

  bench->round_id = g_uuid_string_random ();
  if (!seed_one (session, bench, "round", bench->round_id, round, times))
    return FALSE;

  for (guint i = 0; i < n_hot; i++)
    {
      g_autofree char *element = g_strdup_printf ("capability-%u", i + 1);
      g_autofree char *id = mnr_store_rating_id (BENCH_COUNTRY, bench->round_id, element);
      g_autoptr(GBytes) body = NULL;

      g_ptr_array_add (bench->hot_elements, g_strdup (element));
      body = hot_body (bench, i, "bench", 0);
      if (!seed_one (session, bench, "rating", id, g_bytes_get_data (body, NULL), times))
        return FALSE;
      g_ptr_array_add (bench->hot_ids, g_steal_pointer (&id));
    }

  for (guint i = 0; i < n_records; i++)
    {
      g_autofree char *id = g_uuid_string_random ();
      g_autofree char *text = NULL;

      text = g_strdup_printf ("{\"country\": \"" BENCH_COUNTRY "\", \"updated_by\": \"bench\", \"deleted\": false, "
                              "\"data\": {\"title\": \"Benchmark evidence %u\", \"kind\": \"policy\", "
                              "\"date\": \"2024\", \"source\": \"\", "
                              "\"summary\": \"A national action plan with training for police, prosecutors and judges, "
                              "a helpline for children and a campaign in schools.\", "
                              "\"restricted\": false, \"elements\": [\"capability-%u\"]}}",
                              i, 1 + i % 21);
      if (!seed_one (session, bench, "evidence", id, text, times))
        return FALSE;
      g_ptr_array_add (bench->cold_ids, g_steal_pointer (&id));
    }

  return TRUE;
}

static void
print_latencies (const char *label,
                 GArray     *times,
                 double      seconds)
{
  mnr_bench_sort (times);
  g_print ("%-26s %7u requests, %7.0f req/s, median %6.2f ms, p95 %6.2f ms, p99 %6.2f ms, max %7.2f ms\n",
           label, times->len, times->len / seconds,
           mnr_bench_percentile (times, 50), mnr_bench_percentile (times, 95),
           mnr_bench_percentile (times, 99), mnr_bench_percentile (times, 100));
}

/* Reads every hot rating back; returns the number of lost updates (or of
 * unexplained writes), 0 if every counter is right. */
static gint64
check_hot (Bench *bench)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  gint64 sum_counters = 0, sum_accepted = 0, sum_revs = 0;
  gint64 wrong = 0;

  for (guint i = 0; i < bench->hot_ids->len; i++)
    {
      g_autofree char *path = g_strconcat ("records/rating/", (const char *)g_ptr_array_index (bench->hot_ids, i), NULL);
      g_autoptr(GBytes) answer = NULL;
      gint64 rev = 0, counter = 0;
      int accepted = g_atomic_int_get (&bench->hot_accepted[i]);
      guint status = 0;

      answer = send_timed (session, bench, SOUP_METHOD_GET, path, NULL, NULL, NULL, NULL, &status);
      if (answer == NULL || status != SOUP_STATUS_OK || !parse_hot (answer, FALSE, &rev, &counter))
        {
          g_printerr ("hot rating %u cannot be read back (HTTP %u)\n", i, status);
          return MAX (accepted, 1);
        }

      if (counter != accepted || rev - 1 != accepted)
        {
          g_printerr ("hot rating %u: counter %" G_GINT64_FORMAT ", rev %" G_GINT64_FORMAT
                      ", but %d writes were accepted\n", i, counter, rev, accepted);
          wrong += ABS (accepted - counter) + ABS (accepted - (rev - 1));
        }

      sum_counters += counter;
      sum_revs += rev - 1;
      sum_accepted += accepted;
    }

  g_print ("hot counters: sum %" G_GINT64_FORMAT ", accepted writes %" G_GINT64_FORMAT
           ", revisions added %" G_GINT64_FORMAT "\n", sum_counters, sum_accepted, sum_revs);
  return wrong;
}

typedef struct
{
  GSubprocess *server;
  int          seconds;
  int          fds;     /* out */
} Halfway;

/* The server's open files halfway through the load. */
static gpointer
count_fds_halfway (gpointer data)
{
  Halfway *halfway = data;

  g_usleep ((gulong) halfway->seconds * G_USEC_PER_SEC / 2);
  halfway->fds = mnr_bench_process_fds (halfway->server);
  return NULL;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(GPtrArray) workers = g_ptr_array_new_with_free_func ((GDestroyNotify)worker_free);
  g_autoptr(GArray) seed_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) get_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) changes_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) put_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) all_reads = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *server_path = NULL;
  g_autofree char *binary = NULL;
  g_autofree char *directory = NULL;
  g_autofree char *token = NULL;
  g_autofree char *tokens_text = NULL;
  g_autofree char *line = NULL;
  g_auto(GStrv) server_args = NULL;
  int n_clients = 8, seconds = 10, ops = 0, n_hot = 8, n_records = 1000, write_percent = 20, page = 20;
  guint64 accepted = 0, retries = 0, write_ops = 0, errors = 0;
  double server_cpu0, server_cpu1, self_cpu0, self_cpu1, wall;
  gint64 start, seed_start, lost;
  int fds_before, fds_during = -1, fds_after;
  g_autofree char *client = NULL;
  gboolean use_soup;
  Bench bench = { 0 };
  GOptionEntry entries[] = {
    { "server", 0, 0, G_OPTION_ARG_FILENAME, &server_path, "The mnr-sync-server to run (default: the one built next to this)", "PATH" },
    { "clients", 'c', 0, G_OPTION_ARG_INT, &n_clients, "Concurrent clients (default 8)", "C" },
    { "seconds", 's', 0, G_OPTION_ARG_INT, &seconds, "How long to run (default 10)", "S" },
    { "ops", 'n', 0, G_OPTION_ARG_INT, &ops, "Run this many operations instead of a time", "N" },
    { "hot", 0, 0, G_OPTION_ARG_INT, &n_hot, "Hot ratings the writes share (default 8)", "N" },
    { "records", 0, 0, G_OPTION_ARG_INT, &n_records, "Cold evidence records to read (default 1000)", "N" },
    { "write-percent", 'w', 0, G_OPTION_ARG_INT, &write_percent, "Operations that are read-modify-writes (default 20)", "P" },
    { "page", 0, 0, G_OPTION_ARG_INT, &page, "Records per changes page (default 20)", "N" },
    { "client", 0, 0, G_OPTION_ARG_STRING, &client, "raw: plain HTTP/1.1, every connection on one thread (default); "
      "soup: a thread and a SoupSession each", "raw|soup" },
    { "server-arg", 0, 0, G_OPTION_ARG_STRING_ARRAY, &server_args, "An argument for the server, such as --threads=4 (repeatable)", "ARG" },
    { NULL }
  };

  context = g_option_context_new ("- load the reference sync server with concurrent small reads and writes");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  if (n_clients < 1 || n_clients > 256 || seconds < 1 || ops < 0 || n_hot < 1 || n_hot > 1000 ||
      n_records < 1 || write_percent < 0 || write_percent > 100 || page < 1 || page > 1000)
    {
      g_printerr ("an option is out of range; see --help\n");
      return 2;
    }

  use_soup = g_strcmp0 (client, "soup") == 0;
  if (client != NULL && !use_soup && !g_str_equal (client, "raw"))
    {
      g_printerr ("--client must be raw or soup\n");
      return 2;
    }

  binary = mnr_bench_find_server (argv[0], server_path);
  if (binary == NULL)
    {
      g_printerr ("mnr-sync-server not found; pass --server PATH\n");
      return 2;
    }

  directory = g_dir_make_tmp ("mnr-bench-sync-server-XXXXXX", &error);
  if (directory == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  token = mnr_bench_random_token ();
  line = mnr_bench_token_line (token, "secretariat");
  tokens_text = g_strconcat ("# benchmark\n", line, NULL);
  server = mnr_bench_start_server_with (binary, directory, tokens_text,
                                        (const char * const *) server_args, &bench.endpoint, &error);
  if (server == NULL)
    {
      g_printerr ("%s\n", error->message);
      mnr_bench_remove_tree (directory);
      return 1;
    }

  bench.authorization = g_strconcat ("Bearer ", token, NULL);
  bench.cold_ids = g_ptr_array_new_with_free_func (g_free);
  bench.hot_ids = g_ptr_array_new_with_free_func (g_free);
  bench.hot_elements = g_ptr_array_new_with_free_func (g_free);
  bench.hot_accepted = g_new0 (int, n_hot);
  bench.write_percent = write_percent;
  bench.page = page;
  bench.ops_left = ops;
  g_mutex_init (&bench.mutex);
  g_cond_init (&bench.cond);

  seed_start = g_get_monotonic_time ();
  if (!seed (&bench, n_hot, n_records, seed_ms))
    {
      mnr_bench_stop_server (server);
      mnr_bench_remove_tree (directory);
      return 1;
    }
  g_print ("sync server: %s, 127.0.0.1, %u CPU cores\n", binary, g_get_num_processors ());
  g_print ("seed: %u records created one after another by 1 client in %.2f s\n",
           seed_ms->len, (g_get_monotonic_time () - seed_start) / 1e6);
  print_latencies ("  creates (PUT If-None-Match)", seed_ms, (g_get_monotonic_time () - seed_start) / 1e6);

  for (int i = 0; i < n_clients; i++)
    {
      Worker *worker = g_new0 (Worker, 1);

      worker->bench = &bench;
      worker->index = i;
      worker->rand = g_rand_new_with_seed (1000 + i);
      worker->get_ms = g_array_new (FALSE, FALSE, sizeof (double));
      worker->changes_ms = g_array_new (FALSE, FALSE, sizeof (double));
      worker->put_ms = g_array_new (FALSE, FALSE, sizeof (double));
      g_ptr_array_add (workers, worker);
    }

  if (use_soup)
    {
      g_autoptr(GPtrArray) threads = g_ptr_array_new ();

      for (guint i = 0; i < workers->len; i++)
        g_ptr_array_add (threads, g_thread_new ("bench-client", worker_run, workers->pdata[i]));

      /* Let the threads make their sessions, then start them together. */
      g_usleep (100 * 1000);
      fds_before = mnr_bench_process_fds (server);
      server_cpu0 = mnr_bench_process_cpu (server);
      self_cpu0 = mnr_bench_self_cpu ();
      g_mutex_lock (&bench.mutex);
      start = g_get_monotonic_time ();
      bench.deadline = ops > 0 ? 0 : start + (gint64)seconds * G_USEC_PER_SEC;
      bench.started = TRUE;
      g_cond_broadcast (&bench.cond);
      g_mutex_unlock (&bench.mutex);

      if (bench.deadline != 0)
        {
          g_usleep ((gulong) seconds * G_USEC_PER_SEC / 2);
          fds_during = mnr_bench_process_fds (server);
        }

      for (guint i = 0; i < threads->len; i++)
        g_thread_join (threads->pdata[i]);
    }
  else
    {
      /* Every client on this thread; the count halfway on another. */
      Halfway halfway = { server, seconds, -1 };
      GThread *counter = NULL;

      /* As long as the libsoup clients wait: the seeding's connection
       * is closed by then. */
      g_usleep (100 * 1000);
      fds_before = mnr_bench_process_fds (server);
      server_cpu0 = mnr_bench_process_cpu (server);
      self_cpu0 = mnr_bench_self_cpu ();
      start = g_get_monotonic_time ();
      bench.deadline = ops > 0 ? 0 : start + (gint64)seconds * G_USEC_PER_SEC;
      if (bench.deadline != 0)
        counter = g_thread_new ("bench-fds", count_fds_halfway, &halfway);
      if (!bench_run_raw (&bench, workers, &error))
        g_error ("%s", error->message);
      if (counter != NULL)
        g_thread_join (counter);
      fds_during = halfway.fds;
    }

  wall = (g_get_monotonic_time () - start) / 1e6;
  server_cpu1 = mnr_bench_process_cpu (server);
  self_cpu1 = mnr_bench_self_cpu ();

  /* Every client has closed its connection by now. */
  g_usleep (500 * 1000);
  fds_after = mnr_bench_process_fds (server);

  for (guint i = 0; i < workers->len; i++)
    {
      Worker *worker = workers->pdata[i];

      g_array_append_vals (get_ms, worker->get_ms->data, worker->get_ms->len);
      g_array_append_vals (changes_ms, worker->changes_ms->data, worker->changes_ms->len);
      g_array_append_vals (put_ms, worker->put_ms->data, worker->put_ms->len);
      accepted += worker->accepted;
      retries += worker->retries;
      write_ops += worker->write_ops;
      errors += worker->errors;
    }
  g_array_append_vals (all_reads, get_ms->data, get_ms->len);
  g_array_append_vals (all_reads, changes_ms->data, changes_ms->len);

  g_print ("load: %d clients (%s), %.1f s, %d%% read-modify-writes on %d hot ratings, "
           "reads over %d evidence records and changes pages of %d\n",
           n_clients, use_soup ? "a thread and a SoupSession each" : "plain HTTP/1.1, all on one thread",
           wall, write_percent, n_hot, n_records, page);
  g_print ("all requests: %u in %.1f s = %.0f req/s\n",
           get_ms->len + changes_ms->len + put_ms->len, wall,
           (get_ms->len + changes_ms->len + put_ms->len) / wall);
  print_latencies ("reads (all)", all_reads, wall);
  print_latencies ("  GET a record", get_ms, wall);
  print_latencies ("  GET a changes page", changes_ms, wall);
  print_latencies ("writes (PUT If-Match)", put_ms, wall);
  g_print ("write operations: %" G_GUINT64_FORMAT " (%.0f/s), accepted (200) %" G_GUINT64_FORMAT
           ", 412 retries %" G_GUINT64_FORMAT " (%.2f per accepted write)\n",
           write_ops, write_ops / wall, accepted, retries, accepted > 0 ? (double)retries / accepted : 0.0);
  g_print ("cpu: server %.0f%% of one core, clients %.0f%% of one core\n",
           100 * (server_cpu1 - server_cpu0) / wall, 100 * (self_cpu1 - self_cpu0) / wall);
  /* The steadier figure on a shared machine: what one request costs. */
  g_print ("cpu per request: server %.0f us, clients %.0f us (user + sys)\n",
           1e6 * (server_cpu1 - server_cpu0) / MAX (1, get_ms->len + changes_ms->len + put_ms->len),
           1e6 * (self_cpu1 - self_cpu0) / MAX (1, get_ms->len + changes_ms->len + put_ms->len));
  g_print ("server open files: %d before the load, %d halfway through, %d after its %d clients closed their connections\n",
           fds_before, fds_during, fds_after, n_clients);
  if (server_args != NULL)
    {
      g_autofree char *joined = g_strjoinv (" ", server_args);

      g_print ("server arguments: %s\n", joined);
    }
  g_print ("errors: %" G_GUINT64_FORMAT "\n", errors);

  lost = check_hot (&bench);
  g_print ("lost updates: %" G_GINT64_FORMAT "\n", lost);

  mnr_bench_stop_server (server);
  mnr_bench_remove_tree (directory);

  memset (bench.authorization, 0, strlen (bench.authorization));
  memset (token, 0, strlen (token));
  g_free (bench.authorization);
  g_free (bench.endpoint);
  g_free (bench.round_id);
  g_free (bench.hot_accepted);
  g_ptr_array_unref (bench.cold_ids);
  g_ptr_array_unref (bench.hot_ids);
  g_ptr_array_unref (bench.hot_elements);
  g_mutex_clear (&bench.mutex);
  g_cond_clear (&bench.cond);

  return lost == 0 && errors == 0 ? 0 : 1;
}
