/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "mnr-test-util.h"
#include "test-sync-client.h"

/* The sync client's cases between stores through the real reference
 * server (started for each case by the fixture of test-sync-client.c). */

/* The server started and two people's stores open: Kwame Mensah's "a"
 * and Ama Owusu's "b". FALSE: the server is not built, skip the case. */
static gboolean
start_with_two_stores (Fixture   *fixture,
                       MnrStore **a,
                       MnrStore **b)
{
  if (!start_server (fixture))
    return FALSE;
  *a = open_store (fixture, "a", "Kwame Mensah");
  *b = open_store (fixture, "b", "Ama Owusu");
  return TRUE;
}

/* @store syncs; then its rating of capability 4 in @round_id is at
 * @level, with @rationale unless that is NULL. */
static void
sync_and_check_rating (Fixture    *fixture,
                       MnrStore   *store,
                       const char *round_id,
                       const char *level,
                       const char *rationale)
{
  g_autoptr(MnrRating) rating = NULL;
  MnrSyncReport report;

  mnr_test_sync_ok (store, fixture->endpoint, WRITER_GH, &report);
  rating = get_rating (store, round_id);
  g_assert_cmpstr (rating->level_id, ==, level);
  if (rationale != NULL)
    g_assert_cmpstr (rating->rationale, ==, rationale);
}

/* The client's state once its push has no more to send: nothing dirty,
 * no conflict, nothing refused. */
static void
assert_in_sync (MnrStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conflicts = mnr_store_list_conflicts (store, &error);
  g_autoptr(GPtrArray) dirty = mnr_test_list_dirty (store);

  g_assert_no_error (error);
  g_assert_cmpuint (conflicts->len, ==, 0);
  g_assert_cmpuint (dirty->len, ==, 0);
}

/* @store's one conflict: its rating of capability 4 in @round_id, kept
 * at @local here, @remote on the server. */
static void
assert_rating_conflict (MnrStore   *store,
                        const char *round_id,
                        const char *local,
                        const char *remote)
{
  g_autoptr(MnrRating) rating = get_rating (store, round_id);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conflicts = mnr_store_list_conflicts (store, &error);
  MnrSyncConflict *conflict;

  g_assert_no_error (error);
  g_assert_cmpstr (rating->level_id, ==, local);
  g_assert_cmpuint (conflicts->len, ==, 1);
  conflict = conflicts->pdata[0];
  g_assert_cmpstr (conflict->type, ==, "rating");
  g_assert_cmpstr (conflict->id, ==, rating->id);
  g_assert_cmpstr (json_object_get_string_member (conflict->local->data, "level"), ==, local);
  g_assert_cmpstr (json_object_get_string_member (conflict->remote->data, "level"), ==, remote);
}

/* An attachment larger than 64 KiB goes up and comes down. The server's
 * answer to the HEAD that looks for its file (before and after the upload)
 * gives the file's size as Content-Length; the client once took it for
 * the size of a body and refused it as over its 64 KiB cap for such
 * answers, so every sync failed from then on and the attachment never
 * left the outbox (found by bench/crash-soak.sh's server soak). */
void
test_large_attachment (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(MnrStore) a = NULL;
  g_autoptr(MnrStore) b = NULL;
  g_autoptr(MnrEvidence) evidence = NULL;
  g_autoptr(MnrAttachment) attachment = NULL;
  g_autoptr(GPtrArray) dirty = NULL;
  g_autoptr(GFile) stored = NULL;
  g_autofree char *file_path = g_build_filename (fixture->path, "report.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (file_path);
  g_autofree char *contents = NULL;
  g_autofree char *copy = NULL;
  gsize size = 200 * 1024, copy_size = 0;
  g_autoptr(GError) error = NULL;
  MnrSyncReport report;

  if (!start_with_two_stores (fixture, &a, &b))
    return;

  evidence = mnr_evidence_new ("GH");
  mnr_evidence_set_title (evidence, "Annual report of the helpline");
  mnr_evidence_set_kind (evidence, "research");
  g_assert_true (mnr_store_save_evidence (a, evidence, &error));
  g_assert_no_error (error);

  contents = g_malloc (size);
  for (gsize i = 0; i < size; i++)
    contents[i] = (char) (i * 7 + i / 251);
  g_assert_true (g_file_set_contents (file_path, contents, size, &error));
  g_assert_no_error (error);
  attachment = mnr_store_add_attachment (a, mnr_evidence_get_id (evidence), file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (attachment->size, ==, size);

  mnr_test_sync_ok (a, fixture->endpoint, WRITER_GH, &report);
  g_assert_cmpuint (report.pushed, ==, 2);
  g_assert_cmpuint (report.rejected, ==, 0);
  dirty = mnr_test_list_dirty (a);
  g_assert_cmpuint (dirty->len, ==, 0);

  mnr_test_sync_ok (b, fixture->endpoint, WRITER_GH, &report);
  g_assert_cmpuint (report.downloaded, ==, 1);
  g_assert_cmpuint (report.rejected, ==, 0);
  stored = mnr_store_get_attachment_file (b, attachment->sha256, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_load_contents (stored, NULL, &copy, &copy_size, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (copy_size, ==, size);
  g_assert_true (memcmp (copy, contents, size) == 0);
}

/* (a) A creates a round, a rating, evidence with a file; B gets them. */
void
test_two_clients (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(MnrStore) a = NULL;
  g_autoptr(MnrStore) b = NULL;
  g_autoptr(MnrRound) round = NULL;
  g_autoptr(MnrEvidence) evidence = NULL;
  g_autoptr(MnrEvidence) copy = NULL;
  g_autoptr(MnrRating) rating_a = NULL;
  g_autoptr(MnrRating) rating_b = NULL;
  g_autoptr(MnrAttachment) attachment = NULL;
  g_autoptr(GPtrArray) attachments = NULL;
  g_autoptr(GPtrArray) dirty = NULL;
  g_autofree char *file_path = g_build_filename (fixture->path, "memorandum.txt", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (file_path);
  g_autofree char *blob_url = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(SoupMessage) head = NULL;
  g_autoptr(GBytes) head_body = NULL;
  g_autoptr(GError) error = NULL;
  MnrSyncReport report;

  if (!start_with_two_stores (fixture, &a, &b))
    return;

  round = mnr_test_create_round (a);
  set_rating (a, round->id, "developing");
  evidence = mnr_evidence_new ("GH");
  mnr_evidence_set_title (evidence, "Cybersecurity Act, 2020 (Act 1038)");
  mnr_evidence_set_kind (evidence, "legislation");
  mnr_evidence_set_date (evidence, "2020-12-29");
  mnr_evidence_set_source (evidence, "Ghana Publishing Company");
  mnr_evidence_set_summary (evidence, "Protects children online.");
  mnr_evidence_set_elements (evidence, (const char *[]) { "capability-4", "enabler-legal-frameworks", NULL });
  g_assert_true (mnr_store_save_evidence (a, evidence, &error));
  g_assert_no_error (error);

  g_assert_true (g_file_set_contents (file_path, "Memorandum of understanding, Accra, 2024.\n", -1, &error));
  g_assert_no_error (error);
  attachment = mnr_store_add_attachment (a, mnr_evidence_get_id (evidence), file, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (attachment);

  mnr_test_sync_ok (a, fixture->endpoint, WRITER_GH, &report);
  g_assert_cmpuint (report.pushed, ==, 4);
  g_assert_cmpuint (report.rejected, ==, 0);
  g_assert_cmpuint (report.conflicts, ==, 0);
  dirty = mnr_test_list_dirty (a);
  g_assert_cmpuint (dirty->len, ==, 0);

  /* The blob is on the server, with its size. */
  session = soup_session_new ();
  blob_url = g_strconcat (fixture->endpoint, "blobs/", attachment->sha256, NULL);
  head = soup_message_new (SOUP_METHOD_HEAD, blob_url);
  soup_message_headers_replace (soup_message_get_request_headers (head), "Authorization", "Bearer " WRITER_GH);
  head_body = soup_session_send_and_read (session, head, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (head), ==, SOUP_STATUS_OK);
  g_assert_cmpint (soup_message_headers_get_content_length (soup_message_get_response_headers (head)), ==,
                   attachment->size);

  /* A's own writes come back as no-ops. */
  mnr_test_sync_ok (a, fixture->endpoint, WRITER_GH, &report);
  g_assert_cmpuint (report.pulled, ==, 4);
  g_assert_cmpuint (report.applied, ==, 0);
  g_assert_cmpuint (report.unchanged, ==, 4);
  g_assert_cmpuint (report.pushed, ==, 0);

  mnr_test_sync_ok (b, fixture->endpoint, WRITER_GH, &report);
  g_assert_cmpuint (report.pulled, ==, 4);
  g_assert_cmpuint (report.applied, ==, 4);
  g_assert_cmpuint (report.conflicts, ==, 0);
  g_assert_cmpuint (report.rejected, ==, 0);
  g_assert_cmpuint (report.pushed, ==, 0);

  rating_a = get_rating (a, round->id);
  rating_b = get_rating (b, round->id);
  g_assert_cmpstr (rating_b->id, ==, rating_a->id);
  g_assert_cmpstr (rating_b->level_id, ==, "developing");
  g_assert_cmpstr (rating_b->rationale, ==, rating_a->rationale);

  copy = mnr_store_get_evidence (b, mnr_evidence_get_id (evidence), &error);
  g_assert_no_error (error);
  g_assert_nonnull (copy);
  g_assert_cmpstr (mnr_evidence_get_country (copy), ==, "GH");
  g_assert_cmpstr (mnr_evidence_get_title (copy), ==, mnr_evidence_get_title (evidence));
  g_assert_cmpstr (mnr_evidence_get_kind (copy), ==, mnr_evidence_get_kind (evidence));
  g_assert_cmpstr (mnr_evidence_get_date (copy), ==, mnr_evidence_get_date (evidence));
  g_assert_cmpstr (mnr_evidence_get_source (copy), ==, mnr_evidence_get_source (evidence));
  g_assert_cmpstr (mnr_evidence_get_summary (copy), ==, mnr_evidence_get_summary (evidence));
  g_assert_true (g_strv_equal ((const char * const *)mnr_evidence_get_elements (copy),
                               (const char * const *)mnr_evidence_get_elements (evidence)));

  attachments = mnr_store_list_attachments (b, mnr_evidence_get_id (evidence), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (attachments->len, ==, 1);
  g_assert_cmpstr (((MnrAttachment *)attachments->pdata[0])->sha256, ==, attachment->sha256);

  /* The file came too, checked against its hash. */
  g_assert_cmpuint (report.downloaded, ==, 1);
  {
    g_autoptr(GFile) stored = mnr_store_get_attachment_file (b, attachment->sha256, &error);
    g_autofree char *contents = NULL;
    g_autoptr(GPtrArray) missing = NULL;

    g_assert_no_error (error);
    g_assert_nonnull (stored);
    g_assert_true (g_file_load_contents (stored, NULL, &contents, NULL, NULL, &error));
    g_assert_cmpstr (contents, ==, "Memorandum of understanding, Accra, 2024.\n");
    missing = mnr_store_list_missing_files (b, &error);
    g_assert_cmpuint (missing->len, ==, 0);
  }

  g_clear_pointer (&dirty, g_ptr_array_unref);
  dirty = mnr_test_list_dirty (b);
  g_assert_cmpuint (dirty->len, ==, 0);
}

/* (b) The same rating edited on A and B: A wins the race, B keeps both. */
void
test_concurrent_edit (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(MnrStore) a = NULL;
  g_autoptr(MnrStore) b = NULL;
  g_autoptr(MnrStore) c = NULL;
  g_autoptr(MnrRound) round = NULL;
  MnrSyncReport report;

  if (!start_with_two_stores (fixture, &a, &b))
    return;
  round = mnr_test_create_round (a);
  set_rating (a, round->id, "developing");
  mnr_test_sync_ok (a, fixture->endpoint, WRITER_GH, &report);
  mnr_test_sync_ok (b, fixture->endpoint, WRITER_GH, &report);
  g_assert_cmpuint (report.applied, ==, 2);

  set_rating (a, round->id, "established");
  set_rating (b, round->id, "building");

  mnr_test_sync_ok (a, fixture->endpoint, WRITER_GH, &report);
  g_assert_cmpuint (report.pushed, ==, 1);

  mnr_test_sync_ok (b, fixture->endpoint, WRITER_GH, &report);
  g_assert_cmpuint (report.conflicts, ==, 1);
  g_assert_cmpuint (report.pushed, ==, 0);
  g_assert_cmpuint (report.rejected, ==, 0);

  assert_rating_conflict (b, round->id, "building", "established");

  /* The server still has A's version. */
  c = open_store (fixture, "c", "Kofi Boateng");
  sync_and_check_rating (fixture, c, round->id, "established", NULL);
}

/* Two people change different members of the same rating while apart:
 * both changes are kept without asking anyone (section 7.5, rule 4). */
void
test_one_sided_merge (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(MnrStore) a = NULL;
  g_autoptr(MnrStore) b = NULL;
  g_autoptr(MnrRound) round = NULL;
  g_autoptr(MnrRating) rating_b = NULL;
  g_autoptr(GError) error = NULL;
  MnrSyncReport report;

  if (!start_with_two_stores (fixture, &a, &b))
    return;
  round = mnr_test_create_round (a);
  set_rating (a, round->id, "developing");
  mnr_test_sync_ok (a, fixture->endpoint, WRITER_GH, &report);
  mnr_test_sync_ok (b, fixture->endpoint, WRITER_GH, &report);

  /* A raises the level; B, offline, rewrites the rationale. */
  set_rating (a, round->id, "established");
  g_assert_true (mnr_store_set_rating (b, round->id, "capability-4", "developing",
                                       "The unit in Accra now has 12 trained officers.", &error));
  g_assert_no_error (error);

  mnr_test_sync_ok (a, fixture->endpoint, WRITER_GH, &report);
  g_assert_cmpuint (report.pushed, ==, 1);

  mnr_test_sync_ok (b, fixture->endpoint, WRITER_GH, &report);
  g_assert_cmpuint (report.merged, ==, 1);
  g_assert_cmpuint (report.conflicts, ==, 0);
  g_assert_cmpuint (report.pushed, ==, 1);
  assert_in_sync (b);

  rating_b = get_rating (b, round->id);
  g_assert_cmpstr (rating_b->level_id, ==, "established");
  g_assert_cmpstr (rating_b->rationale, ==, "The unit in Accra now has 12 trained officers.");

  sync_and_check_rating (fixture, a, round->id, "established",
                         "The unit in Accra now has 12 trained officers.");
}

/* Two people open Ghana for the first time, offline: their automatic
 * rounds are one round, so their ratings land together, and the one
 * capability both rated is a conflict, not two invisible ratings. */
void
test_first_round_shared (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(MnrStore) a = NULL;
  g_autoptr(MnrStore) b = NULL;
  g_autoptr(MnrRound) round_a = NULL;
  g_autoptr(MnrRound) round_b = NULL;
  g_autoptr(GPtrArray) rounds = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GError) error = NULL;
  MnrSyncReport report;

  if (!start_with_two_stores (fixture, &a, &b))
    return;
  round_a = mnr_store_create_first_round (a, "GH", 2026, "Assessment 2026", &error);
  g_assert_no_error (error);
  round_b = mnr_store_create_first_round (b, "GH", 2026, "Assessment 2026", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (round_a->id, ==, round_b->id);
  g_assert_cmpstr (round_a->date, ==, "2026-01-01");

  g_assert_true (mnr_store_set_rating (a, round_a->id, "capability-5", "building", "", &error));
  g_assert_true (mnr_store_set_rating (a, round_a->id, "capability-4", "developing", "", &error));
  g_assert_true (mnr_store_set_rating (b, round_b->id, "capability-6", "mature", "", &error));
  g_assert_true (mnr_store_set_rating (b, round_b->id, "capability-4", "established", "", &error));
  g_assert_no_error (error);

  mnr_test_sync_ok (a, fixture->endpoint, WRITER_GH, &report);
  mnr_test_sync_ok (b, fixture->endpoint, WRITER_GH, &report);
  g_assert_cmpuint (report.conflicts, ==, 1);
  mnr_test_sync_ok (a, fixture->endpoint, WRITER_GH, &report);

  /* One round on each side, holding both people's ratings. */
  rounds = mnr_store_list_rounds (b, "GH", &error);
  g_assert_cmpuint (rounds->len, ==, 1);
  g_clear_pointer (&rounds, g_ptr_array_unref);
  rounds = mnr_store_list_rounds (a, "GH", &error);
  g_assert_cmpuint (rounds->len, ==, 1);
  {
    g_autoptr(MnrRating) five = mnr_store_get_rating (b, round_b->id, "capability-5", &error);
    g_autoptr(MnrRating) six = mnr_store_get_rating (a, round_a->id, "capability-6", &error);

    g_assert_nonnull (five);
    g_assert_cmpstr (five->level_id, ==, "building");
    g_assert_nonnull (six);
    g_assert_cmpstr (six->level_id, ==, "mature");
  }

  conflicts = mnr_store_list_conflicts (b, &error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  g_assert_cmpstr (((MnrSyncConflict *)conflicts->pdata[0])->type, ==, "rating");

  /* A round made so once, then removed, is not made again with its id. */
  {
    g_autoptr(MnrRound) again = mnr_store_create_first_round (a, "GH", 2026, "Assessment 2026", &error);

    g_assert_no_error (error);
    g_assert_cmpstr (again->id, !=, round_a->id);
  }
}

/* (c) A refused token stops the sync and changes nothing. */
void
test_unauthorized (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(MnrStore) b = NULL;
  g_autoptr(MnrRound) round = NULL;
  g_autoptr(MnrSyncClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dirty_before = NULL;
  g_autofree char *dirty_after = NULL;
  g_autofree char *rows_before = NULL;
  g_autofree char *rows_after = NULL;
  MnrSyncReport report;

  if (!start_server (fixture))
    return;

  b = open_store (fixture, "b", "Ama Owusu");
  round = mnr_test_create_round (b);
  set_rating (b, round->id, "developing");
  dirty_before = describe_dirty (b);
  rows_before = checksum_rows (fixture, "b");

  client = mnr_sync_client_new (b, fixture->endpoint, BAD_TOKEN);
  g_assert_false (run_sync (client, &report, &error));
  g_assert_error (error, MNR_SYNC_CLIENT_ERROR, MNR_SYNC_CLIENT_ERROR_UNAUTHORIZED);
  g_assert_nonnull (strstr (error->message, "authoriz"));
  g_assert_null (strstr (error->message, BAD_TOKEN));
  g_assert_cmpuint (report.pushed, ==, 0);
  g_assert_cmpuint (report.applied, ==, 0);

  dirty_after = describe_dirty (b);
  rows_after = checksum_rows (fixture, "b");
  g_assert_cmpstr (dirty_after, ==, dirty_before);
  g_assert_cmpstr (rows_after, ==, rows_before);
}

/* (d) A writer for VN pushing GH records: each refused with 403, kept
 * dirty; the sync goes on and succeeds (section 7.6). */
void
test_other_country (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(MnrStore) b = NULL;
  g_autoptr(MnrStore) c = NULL;
  g_autoptr(MnrRound) round = NULL;
  g_autoptr(GPtrArray) rounds = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dirty_before = NULL;
  g_autofree char *dirty_after = NULL;
  MnrSyncReport report;

  if (!start_server (fixture))
    return;

  b = open_store (fixture, "b", "Nguyen Van An");
  round = mnr_test_create_round (b);
  set_rating (b, round->id, "developing");
  dirty_before = describe_dirty (b);

  {
    g_autoptr(MnrSyncClient) client = mnr_sync_client_new (b, fixture->endpoint, WRITER_VN);
    GPtrArray *refusals;

    g_assert_true (run_sync (client, &report, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (report.pushed, ==, 0);
    g_assert_cmpuint (report.rejected, ==, 2);

    /* Each refusal says what and why, for the person to be told. */
    refusals = mnr_sync_client_get_refusals (client);
    g_assert_cmpuint (refusals->len, ==, 2);
    for (guint i = 0; i < refusals->len; i++)
      {
        MnrSyncRefusal *refusal = refusals->pdata[i];

        g_assert_cmpint (refusal->kind, ==, MNR_SYNC_REFUSAL_NOT_PERMITTED);
        g_assert_cmpstr (refusal->country, ==, "GH");
        g_assert_nonnull (strstr (refusal->detail, "HTTP 403"));
      }
    g_assert_cmpstr (((MnrSyncRefusal *)refusals->pdata[0])->type, ==, "round");
    g_assert_cmpstr (((MnrSyncRefusal *)refusals->pdata[1])->type, ==, "rating");
  }

  dirty_after = describe_dirty (b);
  g_assert_cmpstr (dirty_after, ==, dirty_before);

  /* Nothing reached the server. */
  c = open_store (fixture, "c", "Kofi Boateng");
  mnr_test_sync_ok (c, fixture->endpoint, WRITER_GH, &report);
  g_assert_cmpuint (report.pulled, ==, 0);
  rounds = mnr_store_list_rounds (c, "GH", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rounds->len, ==, 0);
}

/* Copies the folder @from (a closed store) to @to, files and folders. */
static void
copy_tree (const char *from,
           const char *to)
{
  g_autoptr(GDir) dir = g_dir_open (from, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  g_assert_cmpint (g_mkdir_with_parents (to, 0700), ==, 0);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *source = g_build_filename (from, name, NULL);
      g_autofree char *target = g_build_filename (to, name, NULL);
      g_autoptr(GFile) source_file = g_file_new_for_path (source);
      g_autoptr(GFile) target_file = g_file_new_for_path (target);
      g_autoptr(GError) error = NULL;

      if (g_file_test (source, G_FILE_TEST_IS_DIR))
        copy_tree (source, target);
      else
        g_assert_true (g_file_copy (source_file, target_file, G_FILE_COPY_NONE, NULL, NULL, NULL, &error));
      g_assert_no_error (error);
    }
}

static gint
compare_lines (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* "type/id rev" of every record of Ghana in @store, one a line, sorted. */
static char *
describe_revs (MnrStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = mnr_store_list_country_records (store, "GH", &error);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

  g_assert_no_error (error);
  for (guint i = 0; i < records->len; i++)
    {
      MnrSyncRecord *record = g_ptr_array_index (records, i);

      g_ptr_array_add (lines, g_strdup_printf ("%s/%s %" G_GINT64_FORMAT, record->type, record->id,
                                               record->server_rev));
    }
  g_ptr_array_sort (lines, compare_lines);
  g_ptr_array_add (lines, NULL);
  return g_strjoinv ("\n", (char **) lines->pdata);
}

/* @store holds the records @expected (describe_revs()) at those revs. */
static void
assert_revs (MnrStore   *store,
             const char *expected)
{
  g_autofree char *revs = describe_revs (store);

  g_assert_cmpstr (revs, ==, expected);
}

/* A push that the server committed but whose answer never came back (the
 * server killed between its commit and its answer, as the crash soak
 * does): the client, still holding its outbox as it was, sends the same
 * writes again with the same preconditions, a create (If-None-Match) and
 * an update (If-Match "1"), in a batch. Each is answered 412 with the
 * client's own write, taken as the success it was (section 7.5, rule 1):
 * no write is applied twice, no rev moves, no conflict. The same client
 * whose pull brings its writes back first ends the same way, with nothing
 * to push. Two copies of the store made before the push stand for the
 * client that lost the answer. */
void
test_answer_lost (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(MnrStore) a = NULL;
  g_autoptr(MnrStore) lost = NULL;
  g_autoptr(MnrStore) lost_pulling = NULL;
  g_autoptr(MnrRound) round = NULL;
  g_autoptr(MnrEvidence) evidence = mnr_evidence_new ("GH");
  g_autoptr(MnrRating) rating = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *a_path = g_build_filename (fixture->path, "a", NULL);
  g_autofree char *lost_path = g_build_filename (fixture->path, "lost", NULL);
  g_autofree char *lost_pulling_path = g_build_filename (fixture->path, "lost-pulling", NULL);
  g_autoptr(GPtrArray) dirty = NULL;
  g_autofree char *rating_id = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *revs = NULL;
  MnrSyncReport report;

  if (!start_server (fixture))
    return;

  a = open_store (fixture, "a", "Kwame Mensah");
  round = mnr_test_create_round (a);
  set_rating (a, round->id, "developing");
  mnr_test_sync_ok (a, fixture->endpoint, WRITER_GH, &report);

  /* An update of the rating (rev 1 on the server) and new evidence. */
  set_rating (a, round->id, "established");
  mnr_evidence_set_title (evidence, "Cybercrime Act 2020 (Act 1038)");
  mnr_evidence_set_kind (evidence, "legislation");
  g_assert_true (mnr_store_save_evidence (a, evidence, &error));
  g_assert_no_error (error);
  mnr_store_close (a);
  g_clear_object (&a);
  copy_tree (a_path, lost_path);
  copy_tree (a_path, lost_pulling_path);

  /* The push the server commits; then the pull that brings it back, which
   * moves the cursor past it. */
  a = open_store (fixture, "a", "Kwame Mensah");
  mnr_test_sync_ok (a, fixture->endpoint, WRITER_GH, &report);
  g_assert_cmpuint (report.pushed, ==, 2);
  mnr_test_sync_ok (a, fixture->endpoint, WRITER_GH, &report);
  g_assert_cmpuint (report.pushed, ==, 0);
  revs = describe_revs (a);
  rating = get_rating (a, round->id);
  rating_id = g_strdup_printf ("rating/%s 2\n", rating->id);
  g_assert_nonnull (strstr (revs, rating_id));
  g_clear_pointer (&rating, mnr_rating_free);
  cursor = mnr_store_get_sync_value (a, "cursor");
  g_assert_nonnull (cursor);

  /* The client that never read the answer, its pull past the writes (the
   * pull of the sync the kill cut had already run): its push is the
   * retry. */
  lost = open_store (fixture, "lost", "Kwame Mensah");
  dirty = mnr_test_list_dirty (lost);
  g_assert_cmpuint (dirty->len, ==, 2);
  g_assert_true (mnr_store_set_sync_value (lost, "cursor", cursor, &error));
  g_assert_no_error (error);
  mnr_test_sync_ok (lost, fixture->endpoint, WRITER_GH, &report);
  g_assert_cmpuint (report.pulled, ==, 0);
  g_assert_cmpuint (report.pushed, ==, 2);     /* each a 412 showing its own write */
  g_assert_cmpuint (report.conflicts, ==, 0);
  g_assert_cmpuint (report.merged, ==, 0);
  assert_in_sync (lost);
  assert_revs (lost, revs);
  rating = get_rating (lost, round->id);
  g_assert_cmpstr (rating->level_id, ==, "established");

  /* The same client, its pull bringing its writes back first. */
  lost_pulling = open_store (fixture, "lost-pulling", "Kwame Mensah");
  mnr_test_sync_ok (lost_pulling, fixture->endpoint, WRITER_GH, &report);
  g_assert_cmpuint (report.pushed, ==, 0);
  g_assert_cmpuint (report.conflicts, ==, 0);
  assert_in_sync (lost_pulling);
  assert_revs (lost_pulling, revs);

  /* The server took nothing new: the first client's pull finds no change
   * and its records are at the same revs. */
  mnr_test_sync_ok (a, fixture->endpoint, WRITER_GH, &report);
  g_assert_cmpuint (report.pulled, ==, 0);
  assert_revs (a, revs);
}

/* --- answers lost on their way back -------------------------------------- */

/* A gateway in this process in front of the real server: it passes every
 * request on and every answer back, except that, while @lose_writes is
 * set, it answers a write (a PUT of a record, a batch) that the server
 * has committed with 502, as a proxy whose server went away before it
 * answered would: the client never learns what became of its write. */
typedef struct
{
  SoupServer  *server;
  SoupSession *session;
  char        *upstream;   /* the server's endpoint, ends with "/mnr/v1/" */
  char        *endpoint;   /* the same through the gateway */
  gboolean     lose_writes;
  guint        lost;       /* writes whose answer it did not pass back */
} Gateway;

typedef struct
{
  Gateway           *gateway;
  SoupServerMessage *msg;
} Passing;

static void
passed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Passing *passing = user_data;
  SoupMessage *upstream = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  const char *method = soup_server_message_get_method (passing->msg);
  const char *path = g_uri_get_path (soup_server_message_get_uri (passing->msg));
  gboolean write = g_str_equal (method, SOUP_METHOD_POST) ||
                   (g_str_equal (method, SOUP_METHOD_PUT) && strstr (path, "/records/") != NULL);

  g_assert_no_error (error);
  if (write && passing->gateway->lose_writes)
    {
      passing->gateway->lost++;
      soup_server_message_set_status (passing->msg, SOUP_STATUS_BAD_GATEWAY, NULL);
    }
  else
    {
      const char *type = soup_message_headers_get_content_type (soup_message_get_response_headers (upstream), NULL);
      gsize size = 0;
      const char *text = g_bytes_get_data (body, &size);

      soup_server_message_set_status (passing->msg, soup_message_get_status (upstream), NULL);
      soup_server_message_set_response (passing->msg, type != NULL ? type : "application/json",
                                        SOUP_MEMORY_COPY, text, size);
    }
  soup_server_message_unpause (passing->msg);
  g_object_unref (passing->msg);
  g_free (passing);
}

static void
copy_header (const char *name,
             const char *value,
             gpointer    user_data)
{
  if (g_ascii_strcasecmp (name, "Host") != 0 && g_ascii_strcasecmp (name, "Content-Length") != 0 &&
      g_ascii_strcasecmp (name, "Connection") != 0)
    soup_message_headers_append (user_data, name, value);
}

static void
gateway_handler (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  Gateway *gateway = user_data;
  GUri *uri = soup_server_message_get_uri (msg);
  g_autofree char *url = g_strconcat (gateway->upstream, path + strlen ("/mnr/v1/"),
                                      g_uri_get_query (uri) != NULL ? "?" : "",
                                      g_uri_get_query (uri) != NULL ? g_uri_get_query (uri) : "", NULL);
  g_autoptr(SoupMessage) upstream = soup_message_new (soup_server_message_get_method (msg), url);
  SoupMessageBody *request = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) body = soup_message_body_flatten (request);
  Passing *passing = g_new0 (Passing, 1);

  g_assert_nonnull (upstream);
  soup_message_headers_foreach (soup_server_message_get_request_headers (msg), copy_header,
                                soup_message_get_request_headers (upstream));
  if (g_bytes_get_size (body) > 0)
    soup_message_set_request_body_from_bytes (upstream,
                                              soup_message_headers_get_content_type (soup_server_message_get_request_headers (msg), NULL),
                                              body);
  passing->gateway = gateway;
  passing->msg = g_object_ref (msg);
  soup_server_message_pause (msg);
  soup_session_send_and_read_async (gateway->session, upstream, G_PRIORITY_DEFAULT, NULL, passed_cb, passing);
}

static Gateway *
gateway_start (const char *upstream)
{
  Gateway *gateway = g_new0 (Gateway, 1);
  g_autoptr(GError) error = NULL;
  GSList *uris;

  gateway->upstream = g_strdup (upstream);
  gateway->session = soup_session_new ();
  gateway->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (gateway->server, "/mnr/v1/", gateway_handler, gateway, NULL);
  g_assert_true (soup_server_listen_local (gateway->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (gateway->server);
  gateway->endpoint = g_strdup_printf ("http://127.0.0.1:%d/mnr/v1/", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return gateway;
}

static void
gateway_free (Gateway *gateway)
{
  soup_server_disconnect (gateway->server);
  g_clear_object (&gateway->server);
  g_clear_object (&gateway->session);
  g_free (gateway->upstream);
  g_free (gateway->endpoint);
  g_free (gateway);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Gateway, gateway_free)

/* Kwame Mensah's store "a" with a round and its rating of capability 4,
 * synced (the rating at rev 1, "developing"); then the rating
 * "established", pushed through a gateway that loses the answer: the
 * server holds it at rev 2, the client does not know, and its rating is
 * still in the outbox, based on rev 1. FALSE: the server is not built. */
static gboolean
lose_an_answer (Fixture    *fixture,
                MnrStore  **a,
                MnrRound  **round)
{
  g_autoptr(Gateway) gateway = NULL;
  g_autoptr(MnrSyncClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dirty = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(MnrRating) rating = NULL;
  MnrSyncReport report;

  if (!start_server (fixture))
    return FALSE;

  *a = open_store (fixture, "a", "Kwame Mensah");
  *round = mnr_test_create_round (*a);
  set_rating (*a, (*round)->id, "developing");
  mnr_test_sync_ok (*a, fixture->endpoint, WRITER_GH, &report);
  assert_in_sync (*a);

  set_rating (*a, (*round)->id, "established");
  gateway = gateway_start (fixture->endpoint);
  gateway->lose_writes = TRUE;
  client = mnr_sync_client_new (*a, gateway->endpoint, WRITER_GH);
  g_assert_false (run_sync (client, &report, &error));
  g_assert_error (error, MNR_SYNC_CLIENT_ERROR, MNR_SYNC_CLIENT_ERROR_SERVER);
  g_assert_cmpuint (gateway->lost, ==, 1);

  rating = get_rating (*a, (*round)->id);
  dirty = describe_dirty (*a);
  expected = g_strdup_printf ("rating %s 2 1\n", rating->id);
  g_assert_cmpstr (dirty, ==, expected);
  return TRUE;
}

/* The rev the server gives the rating of @round_id, as another
 * person's store "c" pulls it, with its level. */
static void
assert_server_rating (Fixture    *fixture,
                      const char *round_id,
                      gint64      rev,
                      const char *level)
{
  g_autoptr(MnrStore) c = open_store (fixture, "c", "Kofi Boateng");
  g_autoptr(MnrRating) rating = NULL;
  g_autofree char *revs = NULL;
  g_autofree char *line = NULL;

  sync_and_check_rating (fixture, c, round_id, level, NULL);
  rating = get_rating (c, round_id);
  revs = describe_revs (c);
  line = g_strdup_printf ("rating/%s %" G_GINT64_FORMAT, rating->id, rev);
  g_assert_nonnull (strstr (revs, line));
}

/* After lose_an_answer(): the rating of @round_id edited again ("mature")
 * and synced with the server, straight: no conflict, nothing refused, the
 * edit on the server at rev 3 (@past_own_write: the pull brings nothing,
 * the push meets the lost write as a 412's current). */
static void
edit_again_and_sync (Fixture    *fixture,
                     MnrStore   *a,
                     const char *round_id,
                     gboolean    past_own_write)
{
  g_autoptr(MnrRating) rating = NULL;
  MnrSyncReport report;

  set_rating (a, round_id, "mature");
  mnr_test_sync_ok (a, fixture->endpoint, WRITER_GH, &report);
  g_assert_cmpuint (report.pulled, ==, past_own_write ? 0 : 1);
  g_assert_cmpuint (report.conflicts, ==, 0);
  g_assert_cmpuint (report.rejected, ==, 0);
  g_assert_cmpuint (report.pushed, ==, 1);
  assert_in_sync (a);
  rating = get_rating (a, round_id);
  g_assert_cmpstr (rating->level_id, ==, "mature");

  assert_server_rating (fixture, round_id, 3, "mature");
}

/* A push the server committed but whose answer was lost (section 7.3),
 * and the same rating edited again before the next sync: that sync's
 * pull brings back the client's own write, which is not the rating as it
 * is now, but is the version the client sent (section 7.5, rule 1). It
 * is taken as the base of the new edit, which goes out with If-Match of
 * its rev: no conflict with itself for the person to resolve. */
void
test_answer_lost_edited_again (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(MnrStore) a = NULL;
  g_autoptr(MnrRound) round = NULL;

  if (!lose_an_answer (fixture, &a, &round))
    return;

  edit_again_and_sync (fixture, a, round->id, FALSE);
}

/* The same, the client's cursor already past its own write (the pull of
 * the sync whose push lost its answer came after it: another sync of the
 * same copy, say): the push meets it as the current of a 412. */
void
test_answer_lost_edited_again_412 (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(MnrStore) a = NULL;
  g_autoptr(MnrStore) b = NULL;
  g_autoptr(MnrRound) round = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;

  if (!lose_an_answer (fixture, &a, &round))
    return;

  b = open_store (fixture, "b", "Kwame Mensah");
  sync_and_check_rating (fixture, b, round->id, "established", NULL);
  cursor = mnr_store_get_sync_value (b, "cursor");
  g_assert_true (mnr_store_set_sync_value (a, "cursor", cursor, &error));
  g_assert_no_error (error);

  edit_again_and_sync (fixture, a, round->id, TRUE);
}

/* After the lost answer, someone else changes the rating: the next
 * sync's pull brings a version the client never sent, and its new edit
 * of the same member is a conflict for a person, as it must be. */
void
test_answer_lost_other_write (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(MnrStore) a = NULL;
  g_autoptr(MnrStore) b = NULL;
  g_autoptr(MnrRound) round = NULL;
  MnrSyncReport report;

  if (!lose_an_answer (fixture, &a, &round))
    return;

  b = open_store (fixture, "b", "Ama Owusu");
  sync_and_check_rating (fixture, b, round->id, "established", NULL);
  set_rating (b, round->id, "building");
  mnr_test_sync_ok (b, fixture->endpoint, WRITER_GH, &report);
  g_assert_cmpuint (report.pushed, ==, 1);

  set_rating (a, round->id, "mature");
  mnr_test_sync_ok (a, fixture->endpoint, WRITER_GH, &report);
  g_assert_cmpuint (report.conflicts, ==, 1);
  g_assert_cmpuint (report.pushed, ==, 0);
  assert_rating_conflict (a, round->id, "mature", "building");

  assert_server_rating (fixture, round->id, 3, "building");
}
