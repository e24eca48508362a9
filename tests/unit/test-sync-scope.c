/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "mnr-store.h"
#include "mnr-sync-client.h"
#include "mnr-test-util.h"

/* Consent and read scope, end to end: real stores in temporary folders,
 * syncing with the real reference server over loopback. Ghana's writer
 * shares a round with the African Union, whose reader
 * then has it; takes it back, and the reader's copy goes, without a trace
 * in its outbox; evidence made restricted leaves a country reader's store
 * with its file. */

#define WRITER_GH "scope-writer-gh-71d2"
#define READER_AU "scope-reader-au-0e4b"
#define READER_GH "scope-reader-gh-c93a"
#define READER_EU "scope-reader-eu-58f0"

static const char * const scope_tokens[] = {
  WRITER_GH, "writer GH",
  READER_AU, "reader group:african-union",
  READER_GH, "reader GH",
  READER_EU, "reader group:european-union",
  NULL
};

typedef MnrTestServer Fixture;

static guint
count_rounds (MnrStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rounds = mnr_store_list_rounds (store, "GH", &error);

  g_assert_no_error (error);
  return rounds->len;
}

static void
test_shared_round (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(MnrStore) writer = NULL;
  g_autoptr(MnrStore) au = NULL;
  g_autoptr(MnrStore) eu = NULL;
  g_autoptr(MnrRound) round = NULL;
  g_autoptr(MnrRound) unshared = NULL;
  g_autoptr(MnrRating) rating = NULL;
  g_autoptr(GPtrArray) dirty = NULL;
  g_auto(GStrv) shares = NULL;
  g_autoptr(GError) error = NULL;
  MnrSyncReport report;

  if (fixture->server == NULL)
    return;

  writer = mnr_test_server_open_store (fixture, "writer");
  au = mnr_test_server_open_store (fixture, "au");
  eu = mnr_test_server_open_store (fixture, "eu");

  round = mnr_test_create_round (writer);
  unshared = mnr_store_create_round (writer, "GH", "Baseline 2016", "2016-03-01", &error);
  g_assert_no_error (error);
  g_assert_true (mnr_store_set_rating (writer, round->id, "capability-4", "developing", "", &error));
  g_assert_true (mnr_store_set_rating (writer, unshared->id, "capability-4", "absent", "", &error));
  g_assert_no_error (error);

  /* Shared with a bundled group (and a duplicate, kept once). */
  g_assert_true (mnr_store_set_round_shares (writer, round->id,
                                             (const char *[]) { "african-union", "african-union", NULL },
                                             &error));
  g_assert_no_error (error);
  shares = mnr_store_list_round_shares (writer, round->id, &error);
  g_assert_true (g_strv_equal ((const char * const *) shares, (const char *[]) { "african-union", NULL }));
  g_assert_false (mnr_store_set_round_shares (writer, round->id, (const char *[]) { "Not A Group", NULL },
                                              &error));
  g_assert_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_INVALID);
  g_clear_error (&error);
  mnr_test_sync_ok (writer, fixture->endpoint, WRITER_GH, &report);
  g_assert_cmpuint (report.pushed, ==, 4);

  /* The AU's reader has the shared round and its rating, not the other. */
  mnr_test_sync_ok (au, fixture->endpoint, READER_AU, &report);
  g_assert_cmpuint (report.applied, ==, 2);
  g_assert_cmpuint (count_rounds (au), ==, 1);
  rating = mnr_store_get_rating (au, round->id, "capability-4", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rating->level_id, ==, "developing");
  g_clear_pointer (&shares, g_strfreev);
  shares = mnr_store_list_round_shares (au, round->id, &error);
  g_assert_true (g_strv_equal ((const char * const *) shares, (const char *[]) { "african-union", NULL }));

  /* The EU's reader has nothing of Ghana. */
  mnr_test_sync_ok (eu, fixture->endpoint, READER_EU, &report);
  g_assert_cmpuint (report.pulled, ==, 0);
  g_assert_cmpuint (count_rounds (eu), ==, 0);

  /* Ghana takes it back: the AU reader's copy goes, and nothing of it is
   * pushed or left in its outbox. */
  g_assert_true (mnr_store_set_round_shares (writer, round->id, (const char *[]) { NULL }, &error));
  g_assert_no_error (error);
  mnr_test_sync_ok (writer, fixture->endpoint, WRITER_GH, &report);
  g_assert_cmpuint (report.pushed, ==, 1);

  mnr_test_sync_ok (au, fixture->endpoint, READER_AU, &report);
  g_assert_cmpuint (report.withdrawn, ==, 2);
  g_assert_cmpuint (report.pushed, ==, 0);
  g_assert_cmpuint (report.rejected, ==, 0);
  g_assert_cmpuint (count_rounds (au), ==, 0);
  g_assert_null (mnr_store_get_rating (au, round->id, "capability-4", NULL));
  dirty = mnr_test_list_dirty (au);
  g_assert_cmpuint (dirty->len, ==, 0);

  /* A second sync finds nothing more to do. */
  mnr_test_sync_ok (au, fixture->endpoint, READER_AU, &report);
  g_assert_cmpuint (report.pulled, ==, 0);
  g_assert_cmpuint (report.withdrawn, ==, 0);
}

static void
test_restricted_evidence (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(MnrStore) writer = NULL;
  g_autoptr(MnrStore) reader = NULL;
  g_autoptr(MnrEvidence) evidence = NULL;
  g_autoptr(MnrEvidence) copy = NULL;
  g_autoptr(MnrAttachment) attachment = NULL;
  g_autoptr(GFile) stored = NULL;
  g_autofree char *file_path = g_build_filename (fixture->path, "memo.txt", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (file_path);
  g_autoptr(GError) error = NULL;
  MnrSyncReport report;

  if (fixture->server == NULL)
    return;

  writer = mnr_test_server_open_store (fixture, "writer");
  reader = mnr_test_server_open_store (fixture, "reader");

  evidence = mnr_evidence_new ("GH");
  mnr_evidence_set_title (evidence, "Memorandum with the telecoms regulator");
  mnr_evidence_set_kind (evidence, "agreement");
  mnr_evidence_set_elements (evidence, (const char *[]) { "capability-4", NULL });
  g_assert_true (mnr_store_save_evidence (writer, evidence, &error));
  g_assert_true (g_file_set_contents (file_path, "Memorandum, Accra.\n", -1, &error));
  attachment = mnr_store_add_attachment (writer, mnr_evidence_get_id (evidence), file, NULL, &error);
  g_assert_no_error (error);
  mnr_test_sync_ok (writer, fixture->endpoint, WRITER_GH, &report);

  /* Public: Ghana's reader has it, and its file. */
  mnr_test_sync_ok (reader, fixture->endpoint, READER_GH, &report);
  g_assert_cmpuint (report.applied, ==, 2);
  g_assert_cmpuint (report.downloaded, ==, 1);
  stored = mnr_store_get_attachment_file (reader, attachment->sha256, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_query_exists (stored, NULL));

  /* Made restricted: the reader's copy and the file go. */
  mnr_evidence_set_restricted (evidence, TRUE);
  g_assert_true (mnr_store_save_evidence (writer, evidence, &error));
  g_assert_no_error (error);
  mnr_test_sync_ok (writer, fixture->endpoint, WRITER_GH, &report);

  mnr_test_sync_ok (reader, fixture->endpoint, READER_GH, &report);
  g_assert_cmpuint (report.withdrawn, ==, 2);
  copy = mnr_store_get_evidence (reader, mnr_evidence_get_id (evidence), NULL);
  g_assert_null (copy);
  g_assert_false (g_file_query_exists (stored, NULL));

  /* The writer keeps both. */
  g_clear_object (&copy);
  copy = mnr_store_get_evidence (writer, mnr_evidence_get_id (evidence), &error);
  g_assert_no_error (error);
  g_assert_true (mnr_evidence_get_restricted (copy));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/sync-scope/shared-round", Fixture, scope_tokens, mnr_test_server_set_up, test_shared_round,
              mnr_test_server_tear_down);
  g_test_add ("/sync-scope/restricted-evidence", Fixture, scope_tokens, mnr_test_server_set_up,
              test_restricted_evidence,
              mnr_test_server_tear_down);

  return g_test_run ();
}
