/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <string.h>

#include "mnr-store.h"
#include "mnr-sync-record.h"
#include "mnr-test-util.h"

/* A bulk batch (mnr_store_begin_bulk(), a page of the changes feed) on a
 * real store on disk: the evidence search index it leaves is the one the
 * same changes leave record by record, word for word, whatever the batch
 * did to a row (new, changed once or twice, removed, new and removed); a
 * batch dropped or refused leaves the index and its triggers as they
 * were; the statements a store keeps prepared do not outlive it. */

#define UUID_A "3c1f0e52-7a44-4b1e-8f02-5d9e6b7a1c01"
#define UUID_B "3c1f0e52-7a44-4b1e-8f02-5d9e6b7a1c02"
#define UUID_C "3c1f0e52-7a44-4b1e-8f02-5d9e6b7a1c03"
#define UUID_D "3c1f0e52-7a44-4b1e-8f02-5d9e6b7a1c04"
#define UUID_E "3c1f0e52-7a44-4b1e-8f02-5d9e6b7a1c05"

typedef struct
{
  MnrTestTempDir single;  /* changes applied one by one */
  MnrTestTempDir bulk;    /* the same, a batch at a time */
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  mnr_test_temp_dir_set_up (&fixture->single, "mnr-store-bulk-single-XXXXXX");
  mnr_test_temp_dir_set_up (&fixture->bulk, "mnr-store-bulk-XXXXXX");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  mnr_test_temp_dir_tear_down (&fixture->single, data);
  mnr_test_temp_dir_tear_down (&fixture->bulk, data);
}

/* Applies a server envelope for evidence @id of PH at @rev. */
static void
apply_evidence (MnrStore   *store,
                const char *id,
                gint64      rev,
                gboolean    deleted,
                const char *title,
                const char *summary)
{
  g_autofree char *json = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(MnrSyncRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  json = g_strdup_printf ("{\"type\": \"evidence\", \"id\": \"%s\", \"country\": \"PH\", \"rev\": %" G_GINT64_FORMAT ","
                          " \"seq\": 1, \"deleted\": %s, \"updated_at\": \"2026-12-07T06:30:00Z\","
                          " \"updated_by\": \"Jose Rizal\", \"data\": {\"title\": \"%s\", \"kind\": \"policy\","
                          " \"date\": \"2023\", \"source\": \"Official Gazette\", \"summary\": \"%s\","
                          " \"restricted\": false, \"elements\": [\"capability-2\"]}}",
                          id, rev, deleted ? "true" : "false", title, summary);
  node = json_from_string (json, &error);
  g_assert_no_error (error);
  record = mnr_sync_record_from_envelope (node, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mnr_store_apply_remote (store, record, &error), ==, MNR_APPLY_UPDATED);
  g_assert_no_error (error);
}

static void
drop_evidence (MnrStore   *store,
               const char *id)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  guint dropped = 0;

  g_assert_true (mnr_store_drop_withheld (store, "evidence", id, files, &dropped, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (dropped, ==, 1);
}

/* The first changes: three new items. */
static void
first_changes (MnrStore *store)
{
  apply_evidence (store, UUID_A, 1, FALSE, "Cybercrime prevention act", "Defines online abuse offences");
  apply_evidence (store, UUID_B, 1, FALSE, "National hotline", "Reports from children and parents");
  apply_evidence (store, UUID_C, 1, FALSE, "Police training", "Specialist investigators");
}

/* Then every kind of change to a row, some twice over. */
static void
second_changes (MnrStore *store)
{
  apply_evidence (store, UUID_A, 2, FALSE, "Revised cybercrime act", "Defines online abuse offences");
  apply_evidence (store, UUID_B, 2, TRUE, "National hotline", "Reports from children and parents");
  apply_evidence (store, UUID_C, 2, FALSE, "Police academy", "Specialist investigators");
  apply_evidence (store, UUID_C, 3, FALSE, "Police academy curriculum", "Victim identification");
  apply_evidence (store, UUID_D, 1, FALSE, "Court guidelines", "Child witnesses");
  apply_evidence (store, UUID_D, 2, FALSE, "Court guidelines for judges", "Child witnesses in court");
  apply_evidence (store, UUID_E, 1, FALSE, "Shelter standards", "Care for survivors");
  drop_evidence (store, UUID_E);
  drop_evidence (store, UUID_A);
}

/* Every word the index holds, with the record and column it is in, as
 * text: what searching can find, read through fts5vocab. */
static char *
dump_index (const char *directory)
{
  g_autofree char *path = g_build_filename (directory, "mnr-tracker.db", NULL);
  g_autoptr(GString) dump = g_string_new (NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *message = NULL;
  int rc;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  rc = sqlite3_exec (db, "INSERT INTO evidence_fts (evidence_fts) VALUES ('integrity-check');"
                         "CREATE VIRTUAL TABLE temp.words USING fts5vocab (main, evidence_fts, 'instance');",
                     NULL, NULL, &message);
  g_assert_cmpstr (message, ==, NULL);
  g_assert_cmpint (rc, ==, SQLITE_OK);

  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT e.id, w.col, w.offset, w.term FROM temp.words w"
                                       " JOIN evidence e ON e.rowid = w.doc ORDER BY e.id, w.col, w.offset",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_string_append_printf (dump, "%s %s %d %s\n", sqlite3_column_text (stmt, 0), sqlite3_column_text (stmt, 1),
                            sqlite3_column_int (stmt, 2), sqlite3_column_text (stmt, 3));
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  sqlite3_finalize (stmt);

  /* The schema's triggers are all there. */
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'"
                                       " AND tbl_name = 'evidence' AND sql LIKE '%evidence_fts%'",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 3);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return g_string_free (g_steal_pointer (&dump), FALSE);
}

static guint
count_found (MnrStore   *store,
             const char *words)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) found = mnr_store_list_evidence (store, "PH", words, &error);

  g_assert_no_error (error);
  return g_list_model_get_n_items (found);
}

static void
begin_bulk (MnrStore *store)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (mnr_store_begin_bulk (store, &error));
  g_assert_no_error (error);
}

static void
end_batch (MnrStore *store,
           gboolean  keep)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (mnr_store_end_batch (store, keep, &error));
  g_assert_no_error (error);
}

static void
test_search_index (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(MnrStore) single = mnr_test_temp_dir_open_store (&fixture->single, "Maria Santos");
  g_autoptr(MnrStore) bulk = mnr_test_temp_dir_open_store (&fixture->bulk, "Maria Santos");
  g_autofree char *single_index = NULL;
  g_autofree char *bulk_index = NULL;

  first_changes (single);
  second_changes (single);

  begin_bulk (bulk);
  first_changes (bulk);
  /* Inside the batch the index is the one before it. */
  g_assert_cmpuint (count_found (bulk, "hotline"), ==, 0);
  end_batch (bulk, TRUE);
  g_assert_cmpuint (count_found (bulk, "hotline"), ==, 1);

  begin_bulk (bulk);
  second_changes (bulk);
  end_batch (bulk, TRUE);

  /* Found as when applied one by one: the old words are gone. */
  g_assert_cmpuint (count_found (bulk, "cybercrime"), ==, 0);
  g_assert_cmpuint (count_found (bulk, "hotline"), ==, 0);     /* deleted */
  g_assert_cmpuint (count_found (bulk, "training"), ==, 0);
  g_assert_cmpuint (count_found (bulk, "curriculum"), ==, 1);
  g_assert_cmpuint (count_found (bulk, "judges"), ==, 1);
  g_assert_cmpuint (count_found (bulk, "shelter"), ==, 0);
  g_assert_cmpuint (count_found (single, "curriculum"), ==, 1);
  g_assert_cmpuint (count_found (single, "judges"), ==, 1);

  mnr_store_close (single);
  mnr_store_close (bulk);
  single_index = dump_index (fixture->single.path);
  bulk_index = dump_index (fixture->bulk.path);
  g_assert_cmpstr (bulk_index, !=, "");
  g_assert_cmpstr (bulk_index, ==, single_index);
}

/* A bulk batch dropped leaves the index and its triggers; so does one
 * inside another batch, which is a plain batch; a local save after them
 * is indexed at once. */
static void
test_dropped (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(MnrStore) store = mnr_test_temp_dir_open_store (&fixture->bulk, "Maria Santos");
  g_autoptr(MnrEvidence) evidence = mnr_evidence_new ("PH");
  g_autoptr(GError) error = NULL;
  g_autofree char *index = NULL;

  first_changes (store);

  begin_bulk (store);
  apply_evidence (store, UUID_A, 2, FALSE, "Revised cybercrime act", "Defines online abuse offences");
  drop_evidence (store, UUID_B);
  end_batch (store, FALSE);
  g_assert_cmpuint (count_found (store, "cybercrime"), ==, 1);
  g_assert_cmpuint (count_found (store, "revised"), ==, 0);
  g_assert_cmpuint (count_found (store, "hotline"), ==, 1);

  g_assert_true (mnr_store_begin_batch (store, &error));
  begin_bulk (store);
  apply_evidence (store, UUID_A, 2, FALSE, "Revised cybercrime act", "Defines online abuse offences");
  g_assert_cmpuint (count_found (store, "revised"), ==, 1);  /* a plain batch */
  end_batch (store, TRUE);
  end_batch (store, TRUE);

  mnr_evidence_set_title (evidence, "Safeguarding policy for schools");
  mnr_evidence_set_kind (evidence, "policy");
  mnr_evidence_set_elements (evidence, (const char *[]) { "capability-2", NULL });
  g_assert_true (mnr_store_save_evidence (store, evidence, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_found (store, "safeguarding"), ==, 1);

  mnr_store_close (store);
  index = dump_index (fixture->bulk.path);
  g_assert_nonnull (strstr (index, " title 0 safeguarding\n"));
}

/* The statements kept prepared go with the store: it closes, and opens
 * again, with its changes there. */
static void
test_close_reopen (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(MnrStore) store = mnr_test_temp_dir_open_store (&fixture->bulk, "Maria Santos");

  begin_bulk (store);
  first_changes (store);
  end_batch (store, TRUE);
  mnr_store_close (store);
  g_clear_object (&store);

  store = mnr_test_temp_dir_open_store (&fixture->bulk, "Maria Santos");
  g_assert_cmpuint (count_found (store, "hotline"), ==, 1);
  apply_evidence (store, UUID_B, 2, FALSE, "National hotline and chat", "Reports from children and parents");
  g_assert_cmpuint (count_found (store, "chat"), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/store-bulk/search-index", test_search_index);
  ADD ("/store-bulk/dropped", test_dropped);
  ADD ("/store-bulk/close-reopen", test_close_reopen);
#undef ADD

  return g_test_run ();
}
