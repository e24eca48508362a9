/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "mnr-bundle.h"
#include "mnr-test-util.h"

/* Bundles, between real stores in temporary folders: Ghana moved with its
 * attachment's file, a second import changing nothing; a later bundle
 * taken over an unchanged copy, merged with edits of other fields, and a
 * conflict where both changed the same; hostile bundles (cut short, a
 * file's bytes altered, a newer format, another country's record, a
 * record breaking the protocol, a path in a name, a file too large, not a
 * bundle at all), each refused with its message and the store unchanged. */

static char *
records_as_text (MnrStore *store)
{
  g_autoptr(GPtrArray) records = mnr_store_list_country_records (store, "GH", NULL);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < records->len; i++)
    {
      MnrSyncRecord *record = records->pdata[i];
      g_autoptr(JsonNode) data = json_node_init_object (json_node_alloc (), record->data);
      g_autofree char *json = json_to_string (data, FALSE);

      g_string_append_printf (text, "%s %s %d %s\n", record->type, record->id, record->deleted, json);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Ghana: a round with two ratings, evidence with a file, an action item. */
static MnrRound *
make_ghana (MnrStore   *store,
            const char *directory)
{
  g_autofree char *source_path = g_build_filename (directory, "act.txt", NULL);
  g_autoptr(GFile) source = g_file_new_for_path (source_path);
  g_autoptr(MnrEvidence) evidence = mnr_evidence_new ("GH");
  g_autoptr(MnrAttachment) attachment = NULL;
  g_autoptr(MnrAction) action = g_new0 (MnrAction, 1);
  g_autoptr(GError) error = NULL;
  MnrRound *round;

  round = mnr_store_create_round (store, "GH", "Review 2018", "2018-06-30", &error);
  g_assert_no_error (error);
  g_assert_true (mnr_store_set_rating (store, round->id, "capability-4", "developing", "A unit in Accra", &error));
  g_assert_true (mnr_store_set_rating (store, round->id, "capability-5", "building", "Judges trained", &error));
  mnr_evidence_set_title (evidence, "Cybersecurity Act, 2020 — قانون");
  mnr_evidence_set_kind (evidence, "legislation");
  mnr_evidence_set_elements (evidence, (const char * const[]) { "capability-3", NULL });
  g_assert_true (mnr_store_save_evidence (store, evidence, &error));
  g_assert_true (g_file_set_contents (source_path, "The Act, section 62.\n", -1, &error));
  attachment = mnr_store_add_attachment (store, mnr_evidence_get_id (evidence), source, NULL, &error);
  g_assert_no_error (error);
  action->country = g_strdup ("GH");
  action->description = g_strdup ("Open regional offices");
  action->owner = g_strdup ("Kwame Mensah");
  action->due = g_strdup ("2019-06-30");
  action->element_id = g_strdup ("capability-4");
  g_assert_true (mnr_store_save_action (store, action, &error));
  g_assert_no_error (error);
  return round;
}

static void
test_bundle_moves_ghana (void)
{
  g_autofree char *dir_a = NULL, *dir_b = NULL;
  g_autoptr(MnrStore) a = mnr_test_open_temp_store ("mnr-bundle-a-XXXXXX", &dir_a);
  g_autoptr(MnrStore) b = mnr_test_open_temp_store ("mnr-bundle-b-XXXXXX", &dir_b);
  g_autoptr(MnrRound) round = make_ghana (a, dir_a);
  g_autofree char *path = g_build_filename (dir_a, "ghana.mnrbundle", NULL);
  g_autofree char *sent = records_as_text (a);
  g_autofree char *got = NULL;
  g_autofree char *dump = NULL;
  g_autofree char *again = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) missing = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  MnrBundleReport report;
  guint n = 0;

  g_assert_true (mnr_bundle_export (a, "GH", path, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 6);

  g_assert_true (mnr_bundle_import (b, path, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (report.country, ==, "GH");
  g_assert_cmpuint (report.added, ==, 6);
  g_assert_cmpuint (report.files, ==, 1);
  g_assert_cmpuint (report.files_missing, ==, 0);
  mnr_bundle_report_clear (&report);
  got = records_as_text (b);
  g_assert_cmpstr (got, ==, sent);
  missing = mnr_store_list_missing_files (b, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (missing->len, ==, 0);

  /* Again: nothing changes. */
  dump = mnr_test_dump_store (dir_b);
  g_assert_true (mnr_bundle_import (b, path, &report, &error));
  g_assert_cmpuint (report.unchanged, ==, 6);
  g_assert_cmpuint (report.added + report.updated + report.merged + report.conflicts + report.files, ==, 0);
  mnr_bundle_report_clear (&report);
  again = mnr_test_dump_store (dir_b);
  g_assert_cmpstr (again, ==, dump);

  /* A changes capability 4's level, B its rationale of capability 5 and
   * its own level of capability 5: taken, merged, and a conflict. */
  g_assert_true (mnr_store_set_rating (a, round->id, "capability-4", "established", "A unit in Accra", &error));
  g_assert_true (mnr_store_set_rating (a, round->id, "capability-5", "developing", "Judges trained", &error));
  g_assert_true (mnr_store_set_rating (b, round->id, "capability-5", "mature", "Judges trained", &error));
  g_assert_true (mnr_bundle_export (a, "GH", path, NULL, &error));
  g_assert_true (mnr_bundle_import (b, path, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.updated, ==, 1);
  g_assert_cmpuint (report.conflicts, ==, 1);
  mnr_bundle_report_clear (&report);
  {
    g_autoptr(MnrRating) four = mnr_store_get_rating (b, round->id, "capability-4", NULL);
    g_autoptr(MnrRating) five = mnr_store_get_rating (b, round->id, "capability-5", NULL);

    g_assert_cmpstr (four->level_id, ==, "established");
    g_assert_cmpstr (five->level_id, ==, "mature");   /* B's, until a person decides */
  }
  conflicts = mnr_store_list_conflicts (b, &error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  g_assert_cmpstr (((MnrSyncConflict *) conflicts->pdata[0])->type, ==, "rating");
}

/* Runs one SQL change on a copy of @path, for a hostile bundle. */
static char *
altered (const char *path,
         const char *name,
         const char *sql)
{
  g_autofree char *dir = g_path_get_dirname (path);
  char *copy = g_build_filename (dir, name, NULL);
  g_autofree char *bytes = NULL;
  gsize length;
  sqlite3 *db = NULL;

  g_assert_true (g_file_get_contents (path, &bytes, &length, NULL));
  g_assert_true (g_file_set_contents (copy, bytes, length, NULL));
  if (sql != NULL)
    {
      g_assert_cmpint (sqlite3_open (copy, &db), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
      sqlite3_close (db);
    }
  return copy;
}

static void
test_bundle_hostile (void)
{
  g_autofree char *dir_a = NULL, *dir_b = NULL;
  g_autoptr(MnrStore) a = mnr_test_open_temp_store ("mnr-bundle-ha-XXXXXX", &dir_a);
  g_autoptr(MnrStore) b = mnr_test_open_temp_store ("mnr-bundle-hb-XXXXXX", &dir_b);
  g_autoptr(MnrRound) round = make_ghana (a, dir_a);
  g_autoptr(MnrRound) own = mnr_store_create_round (b, "GH", "Baseline 2016", "2016-06-30", NULL);
  g_autofree char *path = g_build_filename (dir_a, "ghana.mnrbundle", NULL);
  g_autofree char *dump = NULL;
  g_autoptr(GError) error = NULL;
  struct { const char *name; const char *sql; const char *message; } cases[] = {
    { "altered-file", "UPDATE files SET data = CAST ('The Act, section 63.\n' AS BLOB)",
      "does not have the bytes its SHA-256 names" },
    { "newer", "UPDATE bundle SET value = '2' WHERE key = 'version'", "made by a newer version" },
    { "other-country", "UPDATE records SET envelope = replace (envelope, '\"GH\"', '\"SN\"') WHERE type = 'action'",
      "not of the bundle’s country" },
    { "bad-level", "UPDATE records SET envelope = replace (envelope, '\"developing\"', '\"de veloping\"')",
      "breaks the protocol’s rules" },
    { "path-in-name", "UPDATE records SET envelope = replace (envelope, '\"act.txt\"', '\"../../etc/passwd\"')",
      "breaks the protocol’s rules" },
    { "not-a-bundle", "PRAGMA application_id = 0", "not an MNR Tracker bundle" },
    { "wrong-type", "UPDATE records SET type = 'group' WHERE seq = 1", "does not take from a bundle" },
    { "no-files-table", "DROP TABLE files", "no table of files" },
  };

  g_assert_nonnull (round);
  g_assert_nonnull (own);
  g_assert_true (mnr_bundle_export (a, "GH", path, NULL, &error));
  g_assert_no_error (error);
  dump = mnr_test_dump_store (dir_b);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *copy = altered (path, cases[i].name, cases[i].sql);
      g_autofree char *now = NULL;
      MnrBundleReport report;

      g_assert_false (mnr_bundle_import (b, copy, &report, &error));
      g_test_message ("%s: %s", cases[i].name, error->message);
      g_assert_nonnull (strstr (error->message, cases[i].message));
      g_clear_error (&error);
      now = mnr_test_dump_store (dir_b);
      g_assert_cmpstr (now, ==, dump);
    }

  /* Cut short, a text file, and a sparse file larger than any bundle. */
  {
    g_autofree char *bytes = NULL;
    g_autofree char *cut = g_build_filename (dir_a, "cut.mnrbundle", NULL);
    g_autofree char *text = g_build_filename (dir_a, "text.mnrbundle", NULL);
    g_autofree char *huge = g_build_filename (dir_a, "huge.mnrbundle", NULL);
    const char *paths[] = { cut, text, huge };
    gsize length;
    FILE *file;
    MnrBundleReport report;

    g_assert_true (g_file_get_contents (path, &bytes, &length, NULL));
    g_assert_true (g_file_set_contents (cut, bytes, length / 2, NULL));
    g_assert_true (g_file_set_contents (text, "country,round\nGH,Review\n", -1, NULL));
    file = g_fopen (huge, "wb");
    g_assert_nonnull (file);
    g_assert_cmpint (fseeko (file, (off_t) 3 * 1024 * 1024 * 1024, SEEK_SET), ==, 0);
    g_assert_cmpint (fputc ('x', file), !=, EOF);
    fclose (file);

    for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
      {
        g_autofree char *now = NULL;

        g_assert_false (mnr_bundle_import (b, paths[i], &report, &error));
        g_test_message ("%s: %s", paths[i], error->message);
        g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
        g_clear_error (&error);
        now = mnr_test_dump_store (dir_b);
        g_assert_cmpstr (now, ==, dump);
      }
    g_unlink (huge);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bundle/moves-ghana", test_bundle_moves_ghana);
  g_test_add_func ("/bundle/hostile", test_bundle_hostile);

  return g_test_run ();
}
