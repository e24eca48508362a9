/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "bench-sync-common.h"
#include "crash-soak-common.h"
#include "mnr-store.h"
#include "mnr-sync-client.h"
#include "mnr-test-util.h"

/* The server's crash soak (bench/crash-soak.sh; not a test of the suite):
 * the real mnr-sync-server on loopback, a client store with a full outbox
 * and the real sync client pushing it; the server is killed with SIGKILL
 * at a random moment of the push (most often while it sends), started
 * again on the same data and port, and the same client syncs again, with
 * a growing pause, until a sync succeeds, as the app's next sync would.
 * After each round: the server's database passes integrity_check, the
 * outbox is empty without conflicts, and every record of the client is on
 * the server once, at the rev the client holds, no higher than the number
 * of writes the client made to it (a push applied twice would show), with
 * the same content for the records written in the round and the file of
 * every attachment in the server's blobs.
 *
 *   mnr-crash-soak-server [--kills N] [--seed S] [--seconds T] [--server PATH]
 */

#define COUNTRY "PE"

typedef struct
{
  char          *path;
  char          *binary;
  char          *token;
  char          *tokens_text;
  char          *listen;
  char          *endpoint;
  char          *server_db;
  char          *blobs;
  GSubprocess   *server;
  MnrStore      *store;
  MnrSyncClient *client;
  GRand         *rand;
  char          *round_id;
  GPtrArray     *evidence;   /* ids of live evidence */
  GHashTable    *writes;     /* "type/id" → writes made (GUINT_TO_POINTER) */
  GHashTable    *touched;    /* "type/id" written this round */
  guint          round_no;
  /* killing */
  gint64         push_us;     /* how long a whole push took, last seen */
  guint          kill_source;
  gboolean       killed;
  guint          delay_ms;
  /* figures */
  guint          kills;
  guint          kills_before;   /* no record of the outbox confirmed yet */
  guint          kills_mid;      /* some confirmed, some not */
  guint          kills_after;    /* the push confirmed whole */
  guint          kills_done;     /* the sync had ended */
  guint          syncs_cut;
  guint          retries;
  guint          max_retries;
  guint          records_written;
  guint          records_checked;
  guint          content_checked;
  guint          blobs_checked;
  guint          failures;
} Soak;

#define CHECK(cond, ...) G_STMT_START { \
  if (!(cond)) { g_printerr ("round %u: ", soak->round_no); g_printerr (__VA_ARGS__); \
                 g_printerr ("\n"); soak->failures++; } } G_STMT_END

static void
note_write (Soak       *soak,
            const char *type,
            const char *id)
{
  char *key = g_strdup_printf ("%s/%s", type, id);
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (soak->writes, key));

  g_hash_table_add (soak->touched, g_strdup (key));
  g_hash_table_insert (soak->writes, key, GUINT_TO_POINTER (n + 1));
  soak->records_written++;
}

static void
must (gboolean    ok,
      const char *what,
      GError     *error)
{
  if (!ok)
    g_error ("%s: %s", what, error != NULL ? error->message : "failed");
}

/* --- the server ---------------------------------------------------------- */

static void
start_server (Soak *soak)
{
  const char *args[] = { "--listen", soak->listen, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *endpoint = NULL;

  /* The port of a killed server may take a moment to be free again. */
  for (guint attempt = 0; attempt < 50; attempt++)
    {
      g_clear_error (&error);
      soak->server = mnr_bench_start_server_with (soak->binary, soak->path, soak->tokens_text,
                                                  soak->listen != NULL ? args : NULL, &endpoint, &error);
      if (soak->server != NULL)
        break;
      g_usleep (100 * 1000);
    }
  must (soak->server != NULL, "starting the server", error);

  if (soak->listen == NULL)
    {
      /* "http://127.0.0.1:PORT/mnr/v1/": the same port every time after. */
      const char *host = endpoint + strlen ("http://");
      const char *slash = strchr (host, '/');

      soak->listen = g_strndup (host, slash - host);
      soak->endpoint = g_steal_pointer (&endpoint);
    }
  else
    CHECK (g_str_equal (endpoint, soak->endpoint), "the server came back on %s", endpoint);
}

static void
kill_server (Soak *soak)
{
  g_subprocess_force_exit (soak->server);   /* SIGKILL */
  g_subprocess_wait (soak->server, NULL, NULL);
  g_clear_object (&soak->server);
}

/* --- the client's writes ------------------------------------------------- */

static void
make_changes (Soak *soak)
{
  g_autoptr(GError) error = NULL;

  if (soak->round_id == NULL || soak->round_no % 20 == 0)
    {
      g_autofree char *name = g_strdup_printf ("Round %u", soak->round_no);
      g_autoptr(MnrRound) round = mnr_store_create_round (soak->store, COUNTRY, name, "2021-01-01", &error);

      g_autoptr(GPtrArray) copied = NULL;

      must (round != NULL, "creating a round", error);
      g_free (soak->round_id);
      soak->round_id = g_strdup (round->id);
      note_write (soak, "round", round->id);

      /* A new round starts as a copy of the latest one's ratings: each
       * copy is a write of the client's too (a rating of the new round).
       * Not counting them once showed as "pushed twice" (73 failures in
       * 1,000 kills): a copy pushed at rev 1, then a write in a later
       * round at rev 2, against one write counted. */
      copied = mnr_store_list_ratings (soak->store, round->id, &error);
      must (copied != NULL, "listing the new round's ratings", error);
      for (guint i = 0; i < copied->len; i++)
        note_write (soak, "rating", ((MnrRating *) g_ptr_array_index (copied, i))->id);
    }

  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *element = g_strdup_printf ("capability-%u", g_rand_int_range (soak->rand, 1, 22));
      g_autofree char *rationale = g_strdup_printf ("round %u write %u", soak->round_no, i);
      g_autofree char *id = mnr_store_rating_id (COUNTRY, soak->round_id, element);

      must (mnr_store_set_rating (soak->store, soak->round_id, element, "established", rationale, &error),
            "rating", error);
      note_write (soak, "rating", id);
    }

  for (guint i = 0; i < 6; i++)
    {
      g_autoptr(MnrEvidence) evidence = mnr_evidence_new (COUNTRY);
      g_autofree char *title = g_strdup_printf ("Evidence of round %u, %u", soak->round_no, i);

      mnr_evidence_set_title (evidence, title);
      mnr_evidence_set_kind (evidence, "policy");
      must (mnr_store_save_evidence (soak->store, evidence, &error), "new evidence", error);
      note_write (soak, "evidence", mnr_evidence_get_id (evidence));
      g_ptr_array_add (soak->evidence, g_strdup (mnr_evidence_get_id (evidence)));
    }

  for (guint i = 0; i < 6 && soak->evidence->len > 0; i++)
    {
      const char *id = g_ptr_array_index (soak->evidence, g_rand_int_range (soak->rand, 0, soak->evidence->len));
      g_autoptr(MnrEvidence) evidence = mnr_store_get_evidence (soak->store, id, &error);
      g_autofree char *summary = g_strdup_printf ("Edited in round %u.", soak->round_no);

      must (evidence != NULL, "reading evidence", error);
      mnr_evidence_set_summary (evidence, summary);
      must (mnr_store_save_evidence (soak->store, evidence, &error), "editing evidence", error);
      note_write (soak, "evidence", id);
    }

  for (guint i = 0; i < 6 && soak->evidence->len > 0; i++)
    {
      const char *id = g_ptr_array_index (soak->evidence, g_rand_int_range (soak->rand, 0, soak->evidence->len));
      g_autofree char *file_path = g_build_filename (soak->path, "attach.bin", NULL);
      g_autoptr(GFile) file = g_file_new_for_path (file_path);
      gsize size = g_rand_int_range (soak->rand, 16 * 1024, 256 * 1024);
      g_autofree guint32 *bytes = g_new (guint32, size / 4 + 1);
      g_autoptr(MnrAttachment) attachment = NULL;

      for (gsize b = 0; b < size / 4 + 1; b++)
        bytes[b] = g_rand_int (soak->rand);
      must (g_file_set_contents (file_path, (const char *) bytes, size, &error), "a file to attach", error);
      attachment = mnr_store_add_attachment (soak->store, id, file, NULL, &error);
      must (attachment != NULL, "attaching", error);
      note_write (soak, "attachment", attachment->id);
    }

  for (guint i = 0; i < 3 && soak->evidence->len > 10; i++)
    {
      guint index = g_rand_int_range (soak->rand, 0, soak->evidence->len);
      const char *id = g_ptr_array_index (soak->evidence, index);

      must (mnr_store_remove_evidence (soak->store, id, &error), "deleting evidence", error);
      note_write (soak, "evidence", id);
      g_ptr_array_remove_index_fast (soak->evidence, index);
    }
}

/* --- one round ----------------------------------------------------------- */

static gboolean
kill_cb (gpointer user_data)
{
  Soak *soak = user_data;

  soak->kill_source = 0;
  kill_server (soak);
  soak->killed = TRUE;
  return G_SOURCE_REMOVE;
}

/* Every record of the client is on the server once, at the client's rev. */
static void
compare_with_server (Soak *soak)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = mnr_store_list_country_records (soak->store, COUNTRY, &error);
  g_autoptr(GHashTable) server = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(JsonParser) parser = json_parser_new ();
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  guint n_server = 0;

  must (records != NULL, "listing the client's records", error);
  if (sqlite3_open_v2 (soak->server_db, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, "SELECT type, id, rev, deleted, data FROM records WHERE country = ?1",
                          -1, &stmt, NULL) != SQLITE_OK)
    g_error ("reading the server's database: %s", sqlite3_errmsg (db));
  sqlite3_bind_text (stmt, 1, COUNTRY, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      char *key = g_strdup_printf ("%s/%s", sqlite3_column_text (stmt, 0), sqlite3_column_text (stmt, 1));
      char *value = g_strdup_printf ("%lld %d %s", sqlite3_column_int64 (stmt, 2), sqlite3_column_int (stmt, 3),
                                     sqlite3_column_text (stmt, 4));

      g_hash_table_insert (server, key, value);
      n_server++;
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  CHECK (n_server == records->len, "the server has %u records of %s, the client %u", n_server, COUNTRY,
         records->len);

  for (guint i = 0; i < records->len; i++)
    {
      MnrSyncRecord *record = g_ptr_array_index (records, i);
      g_autofree char *key = g_strdup_printf ("%s/%s", record->type, record->id);
      const char *row = g_hash_table_lookup (server, key);
      guint writes = GPOINTER_TO_UINT (g_hash_table_lookup (soak->writes, key));
      gint64 rev;
      char *end = NULL;
      int deleted;

      soak->records_checked++;
      if (row == NULL)
        {
          CHECK (FALSE, "%s is not on the server", key);
          continue;
        }
      rev = g_ascii_strtoll (row, &end, 10);
      deleted = end[1] == '1';
      CHECK (rev == record->server_rev, "%s is at rev %" G_GINT64_FORMAT " on the server, %" G_GINT64_FORMAT
             " at the client", key, rev, record->server_rev);
      CHECK (writes == 0 || rev <= writes, "%s is at rev %" G_GINT64_FORMAT " after %u writes: pushed twice",
             key, rev, writes);
      CHECK (deleted == record->deleted, "%s is %sdeleted on the server only", key, deleted ? "" : "not ");

      if (g_hash_table_contains (soak->touched, key) && !record->deleted)
        {
          JsonNode *server_data;
          g_autoptr(JsonNode) client_data = json_node_new (JSON_NODE_OBJECT);

          json_node_set_object (client_data, record->data);
          must (json_parser_load_from_data (parser, end + 3, -1, &error), "the server's data", error);
          server_data = json_parser_get_root (parser);
          CHECK (json_node_equal (server_data, client_data), "%s differs on the server", key);
          soak->content_checked++;

          if (g_str_equal (record->type, "attachment"))
            {
              const char *sha256 = json_object_get_string_member_with_default (record->data, "sha256", "");
              gint64 size = json_object_get_int_member_with_default (record->data, "size", -1);
              g_autofree char *prefix = g_strndup (sha256, 2);
              g_autofree char *blob = g_build_filename (soak->blobs, prefix, sha256, NULL);
              struct stat st;

              CHECK (stat (blob, &st) == 0 && (size < 0 || st.st_size == size),
                     "the file of %s is missing or short on the server", key);
              soak->blobs_checked++;
            }
        }
    }
}

static void
one_round (Soak *soak)
{
  g_autoptr(GError) error = NULL;
  MnrSyncReport report = { 0 };
  gint64 conflicts = 0, dirty, dirty_before, dirty_at_kill, started;
  gboolean ok;
  guint delay = 50, attempts = 0;

  g_hash_table_remove_all (soak->touched);
  make_changes (soak);

  /* The kill falls at a random moment of the sync (as long as the last
   * whole one took, and a little more). */
  dirty_before = mnr_store_count_dirty (soak->store, NULL, NULL);
  soak->killed = FALSE;
  soak->delay_ms = g_rand_int_range (soak->rand, 0, MAX (20, (guint) (soak->push_us * 11 / 10000)));
  soak->kill_source = g_timeout_add (soak->delay_ms, kill_cb, soak);

  started = g_get_monotonic_time ();
  ok = mnr_test_run_sync (soak->client, &report, &error);
  g_clear_handle_id (&soak->kill_source, g_source_remove);
  dirty_at_kill = mnr_store_count_dirty (soak->store, NULL, NULL);
  if (!soak->killed)
    {
      /* The sync was quicker than the kill: kill the server now, after. */
      soak->push_us = (soak->push_us + g_get_monotonic_time () - started) / 2;
      kill_server (soak);
      soak->kills_done++;
    }
  else if (dirty_at_kill == dirty_before)
    soak->kills_before++;
  else if (dirty_at_kill > 0)
    soak->kills_mid++;
  else
    soak->kills_after++;
  if (soak->killed && !ok)
    soak->syncs_cut++;
  soak->kills++;
  g_clear_error (&error);

  CHECK (soak_integrity_ok (soak->server_db), "the server's database fails integrity_check");
  start_server (soak);

  /* The client tries again, the same client as the app's next sync, with
   * a pause that doubles, until a sync goes through. */
  for (;;)
    {
      MnrSyncReport again = { 0 };

      ok = mnr_test_run_sync (soak->client, &again, &error);
      attempts++;
      if (ok)
        break;
      if (attempts >= 12)
        {
          CHECK (FALSE, "no sync succeeds after the restart: %s", error->message);
          return;
        }
      g_clear_error (&error);
      g_usleep (delay * 1000);
      delay = MIN (delay * 2, 2000);
    }
  soak->retries += attempts;
  soak->max_retries = MAX (soak->max_retries, attempts);

  dirty = mnr_store_count_dirty (soak->store, &conflicts, &error);
  CHECK (dirty == 0 && conflicts == 0, "%" G_GINT64_FORMAT " changes left in the outbox, %" G_GINT64_FORMAT
         " conflicts", dirty, conflicts);
  CHECK (mnr_sync_client_get_refusals (soak->client)->len == 0, "the server refused records");
  compare_with_server (soak);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *server_arg = NULL;
  g_autofree char *client_dir = NULL;
  g_autoptr(GFile) dir = NULL;
  gint kills = 1000, seconds = 0;
  gint64 seed = -1, start;
  GOptionEntry entries[] = {
    { "kills", 0, 0, G_OPTION_ARG_INT, &kills, "How many times to kill the server (1000)", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "The random seed, to repeat a run", "S" },
    { "seconds", 0, 0, G_OPTION_ARG_INT, &seconds, "Stop after this long, kills or not (0: never)", "T" },
    { "server", 0, 0, G_OPTION_ARG_FILENAME, &server_arg, "The mnr-sync-server binary", "PATH" },
    { NULL }
  };
  Soak soak = { 0 };

  context = g_option_context_new ("- kill the sync server mid-push, check nothing is lost");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || kills < 1)
    {
      g_printerr ("%s\n", error != NULL ? error->message : "--kills must be at least 1");
      return 2;
    }
  if (!(soak.binary = mnr_bench_find_server (argv[0], server_arg)))
    {
      g_printerr ("mnr-sync-server is not built (ninja -C build), or give --server\n");
      return 2;
    }
  if (seed < 0)
    seed = g_random_int ();
  soak.rand = g_rand_new_with_seed ((guint32) seed);
  soak.writes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  soak.touched = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  soak.evidence = g_ptr_array_new_with_free_func (g_free);
  soak.push_us = 200 * 1000;

  soak.path = g_dir_make_tmp ("mnr-crash-soak-server-XXXXXX", &error);
  must (soak.path != NULL, "a temporary folder", error);
  soak.server_db = g_build_filename (soak.path, "server-data", "server.db", NULL);
  soak.blobs = g_build_filename (soak.path, "server-data", "blobs", NULL);
  soak.token = mnr_bench_random_token ();
  soak.tokens_text = mnr_bench_token_line (soak.token, "writer " COUNTRY);
  start_server (&soak);

  client_dir = g_build_filename (soak.path, "client", NULL);
  g_mkdir_with_parents (client_dir, 0700);
  dir = g_file_new_for_path (client_dir);
  soak.store = mnr_store_open (dir, &error);
  must (soak.store != NULL, "opening the client's store", error);
  soak.client = mnr_sync_client_new (soak.store, soak.endpoint, soak.token);
  mnr_sync_client_set_timeout (soak.client, 30);

  start = g_get_monotonic_time ();
  for (gint i = 0; i < kills; i++)
    {
      if (seconds > 0 && g_get_monotonic_time () - start > (gint64) seconds * G_USEC_PER_SEC)
        break;
      soak.round_no = i;
      one_round (&soak);
      if ((i + 1) % 50 == 0)
        g_printerr ("server: %d kills, %u failures, %" G_GINT64_FORMAT " s\n", i + 1, soak.failures,
                    (g_get_monotonic_time () - start) / G_USEC_PER_SEC);
    }

  printf ("server: seed %" G_GINT64_FORMAT ", kills %u (before the client had any of its outbox confirmed %u, "
          "with part of it confirmed %u, with all of it confirmed %u, after the sync had ended %u), "
          "syncs cut short %u, syncs to recover %u "
          "(at most %u in a round), record writes %u, records compared %u (content %u, blobs %u), "
          "failures %u, time %" G_GINT64_FORMAT " s\n",
          seed, soak.kills, soak.kills_before, soak.kills_mid, soak.kills_after,
          soak.kills_done, soak.syncs_cut, soak.retries, soak.max_retries, soak.records_written,
          soak.records_checked, soak.content_checked, soak.blobs_checked, soak.failures,
          (g_get_monotonic_time () - start) / G_USEC_PER_SEC);

  mnr_bench_stop_server (soak.server);
  mnr_store_close (soak.store);
  if (soak.failures == 0)
    mnr_bench_remove_tree (soak.path);
  else
    printf ("server: kept in %s\n", soak.path);
  return soak.failures == 0 ? 0 : 1;
}
