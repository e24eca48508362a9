/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <string.h>

#include "mnr-country.h"
#include "mnr-store.h"
#include "mnr-sync-record.h"
#include "mnr-test-util.h"

/* What the store knows of sync, on a real disk: the outbox of dirty
 * records in dependency order, marking them pushed (an edit during the
 * upload keeps the record dirty), tombstones, records pulled from the
 * server (clean, unchanged, conflicts, never a resurrection or a loss),
 * resolving conflicts, refusing malformed records without a trace, the
 * protocol's members, the migration of a version-1 store, sync values. */

#define UUID_A "5b0e7c2a-3f41-4d8e-9a6b-2c7d1e0f4a93"
#define UUID_B "9d3c6a1e-7b25-4f80-8e14-63a2b9c0d5f7"
#define SHA_A  "df22fd2aded5206339f27cb17d41c94bb84f4e4b5bed0c160651ad07fdca67c1"

typedef MnrTestTempDir Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  mnr_test_temp_dir_set_up (fixture, "mnr-store-sync-XXXXXX");
}

static MnrStore *
open_store (Fixture *fixture)
{
  return mnr_test_temp_dir_open_store (fixture, "Maria Santos");
}

static MnrEvidence *
save_evidence (MnrStore   *store,
               const char *country,
               const char *title)
{
  g_autoptr(GError) error = NULL;
  MnrEvidence *evidence = mnr_evidence_new (country);

  mnr_evidence_set_title (evidence, title);
  mnr_evidence_set_kind (evidence, "legislation");
  mnr_evidence_set_date (evidence, "2022-07-30");
  mnr_evidence_set_source (evidence, "Official Gazette");
  mnr_evidence_set_summary (evidence, "Defines and penalises OSAEC.");
  mnr_evidence_set_elements (evidence, (const char *[]) { "enabler-legal-frameworks", "capability-4", NULL });
  g_assert_true (mnr_store_save_evidence (store, evidence, &error));
  g_assert_no_error (error);
  return evidence;
}

/* Pushes everything, then nothing is dirty. */
static void
push_all (MnrStore *store)
{
  g_autoptr(GPtrArray) dirty = NULL;

  mnr_test_push_all (store);
  dirty = mnr_test_list_dirty (store);
  g_assert_cmpuint (dirty->len, ==, 0);
}

static MnrSyncRecord *
parse_envelope (const char  *json,
                GError     **error)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  g_assert_nonnull (node);
  return mnr_sync_record_from_envelope (node, error);
}

/* A server envelope for evidence @id of PH at @rev. */
static char *
evidence_envelope (const char *id,
                   gint64      rev,
                   gboolean    deleted,
                   const char *title)
{
  return g_strdup_printf ("{\"type\": \"evidence\", \"id\": \"%s\", \"country\": \"PH\", \"rev\": %" G_GINT64_FORMAT ","
                          " \"seq\": 1042, \"deleted\": %s, \"updated_at\": \"2026-11-22T06:30:00Z\","
                          " \"updated_by\": \"Jose Rizal\", \"data\": {\"title\": \"%s\", \"kind\": \"policy\","
                          " \"date\": \"2023\", \"source\": \"\", \"summary\": \"From the server\","
                          " \"restricted\": true, \"elements\": [\"capability-2\"],"
                          " \"future_member\": {\"kept\": [1, 2]}}}",
                          id, rev, deleted ? "true" : "false", title);
}

static MnrApplyResult
apply_json (MnrStore    *store,
            const char  *json,
            GError     **error)
{
  g_autoptr(MnrSyncRecord) record = parse_envelope (json, error);

  if (record == NULL)
    return MNR_APPLY_FAILED;

  return mnr_store_apply_remote (store, record, error);
}

/* A checksum of every row of every table of the store. */
static char *
checksum_rows (Fixture *fixture)
{
  guint n_tables = 0;
  char *checksum = mnr_test_checksum_rows (fixture->path, &n_tables);

  g_assert_cmpint (n_tables, >, 5);
  return checksum;
}

static char *
write_file (Fixture    *fixture,
            const char *name,
            const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (fixture->path, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, &error));
  return path;
}

static gboolean
has_exactly (JsonObject         *object,
             const char * const *expected)
{
  g_autoptr(GList) names = json_object_get_members (object);

  if (g_list_length (names) != g_strv_length ((GStrv)expected))
    return FALSE;

  for (guint i = 0; expected[i] != NULL; i++)
    if (!json_object_has_member (object, expected[i]))
      return FALSE;

  return TRUE;
}

/* A round, a rating, evidence, an attachment and a group, new. */
static void
make_one_of_each (Fixture    *fixture,
                  MnrStore   *store,
                  MnrRound  **round_out,
                  char      **evidence_id,
                  char      **group_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MnrEvidence) evidence = NULL;
  g_autoptr(MnrAttachment) attachment = NULL;
  g_autofree char *file_path = write_file (fixture, "mou.txt", "Memorandum of understanding");
  g_autoptr(GFile) file = g_file_new_for_path (file_path);

  *group_id = mnr_store_save_group (store, NULL, "Association of Southeast Asian Nations", "ASEAN",
                                    (const char *[]) { "PH", "ID", NULL }, &error);
  g_assert_no_error (error);
  *round_out = mnr_store_create_round (store, "PH", "Review 2026", "2026-11-20", &error);
  g_assert_no_error (error);
  g_assert_true (mnr_store_set_rating (store, (*round_out)->id, "capability-4", "developing",
                                       "A dedicated unit exists.", &error));
  evidence = save_evidence (store, "PH", "Republic Act No. 11930");
  *evidence_id = g_strdup (mnr_evidence_get_id (evidence));
  attachment = mnr_store_add_attachment (store, *evidence_id, file, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (attachment);
}

static void
test_dirty_order (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(MnrStore) store = open_store (fixture);
  g_autoptr(MnrRound) round = NULL;
  g_autofree char *evidence_id = NULL;
  g_autofree char *group_id = NULL;
  g_autoptr(GPtrArray) dirty = NULL;
  g_autoptr(GError) error = NULL;
  const char *order[] = { "round", "rating", "evidence", "attachment", "group" };

  make_one_of_each (fixture, store, &round, &evidence_id, &group_id);

  /* Every new record is dirty, never on the server, in dependency order
   * (the group was saved first, and still comes where groups go). */
  dirty = mnr_test_list_dirty (store);
  g_assert_cmpuint (dirty->len, ==, 5);
  {
    gint64 n_conflicts = -1;

    g_assert_cmpint (mnr_store_count_dirty (store, &n_conflicts, &error), ==, 5);
    g_assert_no_error (error);
    g_assert_cmpint (n_conflicts, ==, 0);
  }
  for (guint i = 0; i < dirty->len; i++)
    {
      MnrSyncRecord *record = dirty->pdata[i];

      g_assert_cmpstr (record->type, ==, order[i]);
      g_assert_cmpint (record->server_rev, ==, 0);
      g_assert_cmpint (record->local_rev, ==, 1);
      g_assert_false (record->deleted);
      g_assert_cmpstr (record->updated_by, ==, "Maria Santos");
      if (g_str_equal (record->type, "group"))
        g_assert_null (record->country);
      else
        g_assert_cmpstr (record->country, ==, "PH");
    }
  g_assert_cmpstr (((MnrSyncRecord *)dirty->pdata[0])->id, ==, round->id);
  {
    g_autofree char *rating_id = mnr_store_rating_id ("PH", round->id, "capability-4");
    g_assert_cmpstr (((MnrSyncRecord *)dirty->pdata[1])->id, ==, rating_id);
  }
  g_assert_cmpstr (((MnrSyncRecord *)dirty->pdata[2])->id, ==, evidence_id);
  g_assert_cmpstr (((MnrSyncRecord *)dirty->pdata[4])->id, ==, group_id);

  /* Pushed: clean, kept across a restart. */
  push_all (store);
  g_clear_object (&store);
  store = open_store (fixture);
  g_clear_pointer (&dirty, g_ptr_array_unref);
  dirty = mnr_test_list_dirty (store);
  g_assert_cmpuint (dirty->len, ==, 0);

  /* Each kind of local change makes its record dirty again, once. */
  g_assert_true (mnr_store_set_rating (store, round->id, "capability-4", "established", "", &error));
  g_assert_no_error (error);
  {
    g_autofree char *same = mnr_store_save_group (store, group_id, "ASEAN members", "ASEAN", NULL, &error);
    g_assert_cmpstr (same, ==, group_id);
  }
  g_clear_pointer (&dirty, g_ptr_array_unref);
  dirty = mnr_test_list_dirty (store);
  g_assert_cmpuint (dirty->len, ==, 2);
  g_assert_cmpstr (((MnrSyncRecord *)dirty->pdata[0])->type, ==, "rating");
  g_assert_cmpint (((MnrSyncRecord *)dirty->pdata[0])->local_rev, ==, 2);
  g_assert_cmpint (((MnrSyncRecord *)dirty->pdata[0])->server_rev, ==, 1);
  g_assert_cmpstr (((MnrSyncRecord *)dirty->pdata[1])->type, ==, "group");

  /* A new round copies the ratings: the round and each copy are dirty. */
  push_all (store);
  {
    g_autoptr(MnrRound) next = mnr_store_create_round (store, "PH", "Review 2027", "2027-11-20", &error);
    g_assert_no_error (error);
    g_clear_pointer (&dirty, g_ptr_array_unref);
    dirty = mnr_test_list_dirty (store);
    g_assert_cmpuint (dirty->len, ==, 2);
    g_assert_cmpstr (((MnrSyncRecord *)dirty->pdata[0])->id, ==, next->id);
    g_assert_cmpstr (((MnrSyncRecord *)dirty->pdata[1])->type, ==, "rating");
  }

  /* Marking a record that does not exist, or at a revision not reached. */
  g_assert_false (mnr_store_mark_pushed (store, "round", UUID_B, 1, 1, &error));
  g_assert_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (mnr_store_mark_pushed (store, "round", round->id, 9, 9, &error));
  g_assert_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (mnr_store_mark_pushed (store, "lecture", round->id, 1, 1, &error));
  g_assert_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_INVALID);
}

static void
test_edit_during_upload (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(MnrStore) store = open_store (fixture);
  g_autoptr(MnrEvidence) evidence = save_evidence (store, "PH", "First title");
  g_autoptr(MnrSyncRecord) sent = NULL;
  g_autoptr(MnrSyncRecord) after = NULL;
  g_autoptr(GError) error = NULL;
  const char *id = mnr_evidence_get_id (evidence);

  /* The push takes the record... */
  sent = mnr_test_find_dirty (store, "evidence", id);
  g_assert_nonnull (sent);
  g_assert_cmpint (sent->local_rev, ==, 1);

  /* ...the person edits it while the upload is in flight... */
  mnr_evidence_set_title (evidence, "Second title");
  g_assert_true (mnr_store_save_evidence (store, evidence, &error));
  g_assert_no_error (error);

  /* ...and the answer marks only what was sent. */
  g_assert_true (mnr_store_mark_pushed (store, "evidence", id, sent->local_rev, 1, &error));
  g_assert_no_error (error);

  after = mnr_test_find_dirty (store, "evidence", id);
  g_assert_nonnull (after);
  g_assert_cmpint (after->local_rev, ==, 2);
  g_assert_cmpint (after->server_rev, ==, 1);
  g_assert_cmpstr (json_object_get_string_member (after->data, "title"), ==, "Second title");

  /* A late answer for the older push does not undo the newer one. */
  g_assert_true (mnr_store_mark_pushed (store, "evidence", id, 2, 2, &error));
  g_assert_true (mnr_store_mark_pushed (store, "evidence", id, 1, 2, &error));
  g_assert_null (mnr_test_find_dirty (store, "evidence", id));
}

static void
test_tombstones (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(MnrStore) store = open_store (fixture);
  g_autoptr(MnrEvidence) evidence = save_evidence (store, "PH", "To be removed");
  g_autoptr(MnrSyncRecord) record = NULL;
  g_autoptr(GPtrArray) groups = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *group_id = NULL;

  group_id = mnr_store_save_group (store, NULL, "Pilots", NULL, (const char *[]) { "PK", NULL }, &error);
  g_assert_no_error (error);
  push_all (store);

  g_assert_true (mnr_store_remove_evidence (store, mnr_evidence_get_id (evidence), &error));
  record = mnr_test_find_dirty (store, "evidence", mnr_evidence_get_id (evidence));
  g_assert_nonnull (record);
  g_assert_true (record->deleted);
  g_assert_cmpint (record->local_rev, ==, 2);
  g_assert_cmpint (record->server_rev, ==, 1);
  g_clear_pointer (&record, mnr_sync_record_free);

  /* Restoring is a change too. */
  g_assert_true (mnr_store_restore_evidence (store, mnr_evidence_get_id (evidence), &error));
  record = mnr_test_find_dirty (store, "evidence", mnr_evidence_get_id (evidence));
  g_assert_false (record->deleted);
  g_assert_cmpint (record->local_rev, ==, 3);
  g_clear_pointer (&record, mnr_sync_record_free);

  /* A removed group is a tombstone, hidden from the list. */
  g_assert_true (mnr_store_remove_group (store, group_id, &error));
  record = mnr_test_find_dirty (store, "group", group_id);
  g_assert_nonnull (record);
  g_assert_true (record->deleted);
  g_assert_null (record->country);
  groups = mnr_store_list_groups (store, &error);
  g_assert_cmpuint (groups->len, ==, 0);
  g_assert_false (mnr_store_remove_group (store, group_id, &error));
  g_assert_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_NOT_FOUND);
}

static void
test_apply_clean (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(MnrStore) store = open_store (fixture);
  g_autoptr(MnrEvidence) evidence = save_evidence (store, "PH", "Local title");
  g_autoptr(MnrEvidence) reloaded = NULL;
  g_autoptr(MnrSyncRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  const char *id = mnr_evidence_get_id (evidence);

  push_all (store);

  json = evidence_envelope (id, 2, FALSE, "Server title");
  g_assert_cmpint (apply_json (store, json, &error), ==, MNR_APPLY_UPDATED);
  g_assert_no_error (error);

  reloaded = mnr_store_get_evidence (store, id, &error);
  g_assert_cmpstr (mnr_evidence_get_title (reloaded), ==, "Server title");
  g_assert_cmpstr (mnr_evidence_get_kind (reloaded), ==, "policy");
  g_assert_true (mnr_evidence_get_restricted (reloaded));
  g_assert_cmpstrv (mnr_evidence_get_elements (reloaded), ((const char *[]) { "capability-2", NULL }));
  g_assert_cmpstr (mnr_evidence_get_updated_by (reloaded), ==, "Jose Rizal");
  g_assert_null (mnr_test_find_dirty (store, "evidence", id));

  /* The same rev again, or an older one: nothing happens. */
  before = checksum_rows (fixture);
  g_assert_cmpint (apply_json (store, json, &error), ==, MNR_APPLY_UNCHANGED);
  g_clear_pointer (&json, g_free);
  json = evidence_envelope (id, 1, FALSE, "Older title");
  g_assert_cmpint (apply_json (store, json, &error), ==, MNR_APPLY_UNCHANGED);
  g_assert_no_error (error);
  after = checksum_rows (fixture);
  g_assert_cmpstr (before, ==, after);

  /* The next local edit goes out with the server's unknown members. */
  mnr_evidence_set_summary (reloaded, "Edited here");
  g_assert_true (mnr_store_save_evidence (store, reloaded, &error));
  record = mnr_test_find_dirty (store, "evidence", id);
  g_assert_cmpint (record->server_rev, ==, 2);
  g_assert_true (json_object_has_member (record->data, "future_member"));
  g_assert_cmpstr (json_object_get_string_member (record->data, "summary"), ==, "Edited here");
  g_clear_pointer (&record, mnr_sync_record_free);

  /* Records never seen here are stored, clean: a round, its rating. */
  g_clear_pointer (&json, g_free);
  json = g_strdup ("{\"type\": \"round\", \"id\": \"" UUID_A "\", \"country\": \"ID\", \"rev\": 3, \"seq\": 7,"
                   " \"deleted\": false, \"updated_by\": \"Ani\", \"data\": {\"name\": \"Baseline 2016\", \"date\": \"2016-09-01\"}}");
  g_assert_cmpint (apply_json (store, json, &error), ==, MNR_APPLY_UPDATED);
  g_assert_no_error (error);
  g_clear_pointer (&json, g_free);
  {
    g_autofree char *rating_id = mnr_store_rating_id ("ID", UUID_A, "enabler-legal-frameworks");
    g_autoptr(MnrRating) rating = NULL;

    json = g_strdup_printf ("{\"type\": \"rating\", \"id\": \"%s\", \"country\": \"ID\", \"rev\": 1, \"seq\": 8,"
                            " \"deleted\": false, \"updated_by\": \"Ani\", \"data\": {\"round\": \"" UUID_A "\","
                            " \"element\": \"enabler-legal-frameworks\", \"level\": \"building\", \"rationale\": \"Draft law\"}}",
                            rating_id);
    g_assert_cmpint (apply_json (store, json, &error), ==, MNR_APPLY_UPDATED);
    g_assert_no_error (error);
    rating = mnr_store_get_rating (store, UUID_A, "enabler-legal-frameworks", &error);
    g_assert_nonnull (rating);
    g_assert_cmpstr (rating->level_id, ==, "building");
  }
  {
    g_autoptr(GPtrArray) rounds = mnr_store_list_rounds (store, "ID", &error);
    g_assert_cmpuint (rounds->len, ==, 1);
  }
  g_assert_null (mnr_test_find_dirty (store, "round", UUID_A));

  /* A remote deletion of a clean record makes it a tombstone here. */
  g_clear_pointer (&json, g_free);
  json = g_strdup ("{\"type\": \"round\", \"id\": \"" UUID_A "\", \"country\": \"ID\", \"rev\": 4, \"seq\": 9,"
                   " \"deleted\": true, \"updated_by\": \"Ani\", \"data\": {}}");
  g_assert_cmpint (apply_json (store, json, &error), ==, MNR_APPLY_UPDATED);
  {
    g_autoptr(GPtrArray) rounds = mnr_store_list_rounds (store, "ID", &error);
    g_assert_cmpuint (rounds->len, ==, 0);
  }
  g_assert_null (mnr_test_find_dirty (store, "round", UUID_A));
}

static void
test_apply_dirty_conflict (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(MnrStore) store = open_store (fixture);
  g_autoptr(MnrEvidence) evidence = save_evidence (store, "PH", "Base title");
  g_autoptr(MnrEvidence) reloaded = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GPtrArray) dirty = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  const char *id = mnr_evidence_get_id (evidence);
  MnrSyncConflict *conflict;

  push_all (store);
  mnr_evidence_set_title (evidence, "My local edit");
  g_assert_true (mnr_store_save_evidence (store, evidence, &error));

  json = evidence_envelope (id, 2, FALSE, "Their server edit");
  g_assert_cmpint (apply_json (store, json, &error), ==, MNR_APPLY_CONFLICT);
  g_assert_no_error (error);

  /* The local version is untouched... */
  reloaded = mnr_store_get_evidence (store, id, &error);
  g_assert_cmpstr (mnr_evidence_get_title (reloaded), ==, "My local edit");

  /* ...both are kept, and it is not pushed until a person decides. */
  conflicts = mnr_store_list_conflicts (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  conflict = conflicts->pdata[0];
  g_assert_cmpstr (conflict->type, ==, "evidence");
  g_assert_cmpstr (conflict->id, ==, id);
  g_assert_cmpstr (json_object_get_string_member (conflict->local->data, "title"), ==, "My local edit");
  g_assert_cmpint (conflict->local->server_rev, ==, 1);
  g_assert_cmpint (conflict->local->local_rev, ==, 2);
  g_assert_cmpstr (json_object_get_string_member (conflict->remote->data, "title"), ==, "Their server edit");
  g_assert_cmpint (conflict->remote->server_rev, ==, 2);
  g_assert_cmpstr (conflict->remote->updated_by, ==, "Jose Rizal");
  dirty = mnr_test_list_dirty (store);
  g_assert_cmpuint (dirty->len, ==, 0);

  /* The same server version again changes nothing but the record. */
  g_assert_cmpint (apply_json (store, json, &error), ==, MNR_APPLY_CONFLICT);
  g_clear_pointer (&conflicts, g_ptr_array_unref);
  conflicts = mnr_store_list_conflicts (store, &error);
  g_assert_cmpuint (conflicts->len, ==, 1);
}

static void
test_own_write_confirmed (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(MnrStore) store = open_store (fixture);
  g_autoptr(MnrEvidence) evidence = save_evidence (store, "PH", "Pushed, answer lost");
  g_autoptr(MnrSyncRecord) mine = mnr_test_find_dirty (store, "evidence", mnr_evidence_get_id (evidence));
  g_autoptr(GError) error = NULL;

  /* The create reached the server, its answer did not: the pull brings
   * the same content back, which confirms it. */
  mine->server_rev = 1;
  g_assert_cmpint (mnr_store_apply_remote (store, mine, &error), ==, MNR_APPLY_UPDATED);
  g_assert_no_error (error);
  g_assert_null (mnr_test_find_dirty (store, "evidence", mnr_evidence_get_id (evidence)));
}

static void
test_delete_vs_edit (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(MnrStore) store = open_store (fixture);
  g_autoptr(MnrEvidence) removed_here = save_evidence (store, "PH", "Removed here");
  g_autoptr(MnrEvidence) edited_here = save_evidence (store, "PH", "Edited here");
  g_autoptr(MnrEvidence) reloaded = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GListModel) listed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *edit = NULL;
  g_autofree char *deletion = NULL;

  push_all (store);

  /* Deleted here, edited there: a conflict, not a resurrection. */
  g_assert_true (mnr_store_remove_evidence (store, mnr_evidence_get_id (removed_here), &error));
  edit = evidence_envelope (mnr_evidence_get_id (removed_here), 2, FALSE, "Edited there");
  g_assert_cmpint (apply_json (store, edit, &error), ==, MNR_APPLY_CONFLICT);
  g_assert_no_error (error);

  /* Edited here, deleted there: a conflict, not a loss. */
  mnr_evidence_set_title (edited_here, "Edited here again");
  g_assert_true (mnr_store_save_evidence (store, edited_here, &error));
  deletion = g_strdup_printf ("{\"type\": \"evidence\", \"id\": \"%s\", \"country\": \"PH\", \"rev\": 2, \"seq\": 5,"
                              " \"deleted\": true, \"updated_by\": \"Jose Rizal\", \"data\": {}}",
                              mnr_evidence_get_id (edited_here));
  g_assert_cmpint (apply_json (store, deletion, &error), ==, MNR_APPLY_CONFLICT);
  g_assert_no_error (error);

  listed = mnr_store_list_evidence (store, "PH", NULL, &error);
  g_assert_cmpuint (g_list_model_get_n_items (listed), ==, 1);
  reloaded = g_list_model_get_item (listed, 0);
  g_assert_cmpstr (mnr_evidence_get_title (reloaded), ==, "Edited here again");

  conflicts = mnr_store_list_conflicts (store, &error);
  g_assert_cmpuint (conflicts->len, ==, 2);
  for (guint i = 0; i < conflicts->len; i++)
    {
      MnrSyncConflict *conflict = conflicts->pdata[i];

      if (g_str_equal (conflict->id, mnr_evidence_get_id (removed_here)))
        {
          g_assert_true (conflict->local->deleted);
          g_assert_false (conflict->remote->deleted);
        }
      else
        {
          g_assert_false (conflict->local->deleted);
          g_assert_true (conflict->remote->deleted);
        }
    }
}

static MnrSyncConflict *
only_conflict (MnrStore *store)
{
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GError) error = NULL;

  conflicts = mnr_store_list_conflicts (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  return g_ptr_array_steal_index (conflicts, 0);
}

static void
test_resolve (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(MnrStore) store = open_store (fixture);
  g_autoptr(MnrEvidence) evidence = save_evidence (store, "PH", "Base");
  g_autoptr(MnrEvidence) reloaded = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(MnrSyncRecord) record = NULL;
  g_autoptr(MnrSyncConflict) conflict = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  const char *id = mnr_evidence_get_id (evidence);

  push_all (store);
  mnr_evidence_set_title (evidence, "Local");
  g_assert_true (mnr_store_save_evidence (store, evidence, &error));
  json = evidence_envelope (id, 5, FALSE, "Remote");
  g_assert_cmpint (apply_json (store, json, &error), ==, MNR_APPLY_CONFLICT);

  conflict = only_conflict (store);
  g_assert_cmpstr (conflict->remote->updated_by, ==, "Jose Rizal");
  g_assert_cmpint (conflict->remote->updated_at, ==, G_GINT64_CONSTANT (1795329000) * G_USEC_PER_SEC);
  g_assert_cmpint (conflict->local->updated_at, >, 0);
  g_assert_nonnull (conflict->base);
  g_assert_cmpstr (json_object_get_string_member (conflict->base->data, "title"), ==, "Base");

  /* Choosing a record of another id is refused. */
  {
    g_autoptr(MnrSyncRecord) other = mnr_sync_record_copy (conflict->remote);

    g_free (other->id);
    other->id = g_strdup (UUID_B);
    g_assert_false (mnr_store_resolve_conflict (store, "evidence", id, other, &error));
    g_assert_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_INVALID);
    g_clear_error (&error);
  }

  /* The person keeps a merge: a local change, based on the server's
   * version, with the server's members the merge took. */
  record = mnr_sync_record_copy (conflict->remote);
  json_object_set_string_member (record->data, "title", "Local and Remote");
  g_assert_true (mnr_store_resolve_conflict (store, "evidence", id, record, &error));
  g_assert_no_error (error);
  g_clear_pointer (&record, mnr_sync_record_free);

  reloaded = mnr_store_get_evidence (store, id, &error);
  g_assert_cmpstr (mnr_evidence_get_title (reloaded), ==, "Local and Remote");
  g_assert_cmpstr (mnr_evidence_get_summary (reloaded), ==, "From the server");
  record = mnr_test_find_dirty (store, "evidence", id);
  g_assert_nonnull (record);
  g_assert_cmpint (record->server_rev, ==, 5);
  g_assert_cmpint (record->local_rev, ==, 3);
  g_assert_cmpstr (record->updated_by, ==, "Maria Santos");
  g_assert_true (json_object_has_member (record->data, "future_member"));

  conflicts = mnr_store_list_conflicts (store, &error);
  g_assert_cmpuint (conflicts->len, ==, 0);

  g_assert_false (mnr_store_resolve_conflict (store, "evidence", id, record, &error));
  g_assert_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Pushed with If-Match 5, accepted as 6: clean. */
  g_assert_true (mnr_store_mark_pushed (store, "evidence", id, record->local_rev, 6, &error));
  g_assert_null (mnr_test_find_dirty (store, "evidence", id));

  /* Again, and this time the person takes the server's version as it is:
   * in step with the server, nothing to push. */
  mnr_evidence_set_title (evidence, "Local again");
  g_assert_true (mnr_store_save_evidence (store, evidence, &error));
  g_free (json);
  json = evidence_envelope (id, 7, FALSE, "Remote again");
  g_assert_cmpint (apply_json (store, json, &error), ==, MNR_APPLY_CONFLICT);
  g_clear_pointer (&conflict, mnr_sync_conflict_free);
  conflict = only_conflict (store);
  g_assert_true (mnr_store_resolve_conflict (store, "evidence", id, conflict->remote, &error));
  g_assert_no_error (error);
  g_assert_null (mnr_test_find_dirty (store, "evidence", id));
  g_clear_object (&reloaded);
  reloaded = mnr_store_get_evidence (store, id, &error);
  g_assert_cmpstr (mnr_evidence_get_title (reloaded), ==, "Remote again");

  /* A later edit starts from that version: rev 7, future member kept. */
  mnr_evidence_set_summary (reloaded, "Edited after taking the server's");
  g_assert_true (mnr_store_save_evidence (store, reloaded, &error));
  g_clear_pointer (&record, mnr_sync_record_free);
  record = mnr_test_find_dirty (store, "evidence", id);
  g_assert_cmpint (record->server_rev, ==, 7);
  g_assert_true (json_object_has_member (record->data, "future_member"));
}

/* Section 7.5, rule 4, in the store: members changed on one side only
 * merge without asking; the merge stays dirty, based on the server's
 * version; a member changed on both sides is a conflict with the base. */
static void
test_merge_one_sided (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(MnrStore) store = open_store (fixture);
  g_autoptr(MnrEvidence) evidence = save_evidence (store, "PH", "Title");
  g_autoptr(MnrEvidence) reloaded = NULL;
  g_autoptr(MnrSyncRecord) record = NULL;
  g_autoptr(MnrSyncRecord) remote = NULL;
  g_autoptr(MnrSyncConflict) conflict = NULL;
  g_autoptr(GError) error = NULL;
  const char *id = mnr_evidence_get_id (evidence);

  push_all (store);
  record = mnr_test_find_dirty (store, "evidence", id);
  g_assert_null (record);

  /* The server's version 2 is what we pushed; someone changes the summary
   * there (rev 3) while we change the title here. */
  mnr_evidence_set_title (evidence, "Title changed here");
  g_assert_true (mnr_store_save_evidence (store, evidence, &error));
  record = mnr_test_find_dirty (store, "evidence", id);
  g_assert_nonnull (record);
  remote = mnr_sync_record_copy (record);
  g_clear_pointer (&record, mnr_sync_record_free);
  remote->server_rev = 2;
  remote->local_rev = 0;
  g_free (remote->updated_by);
  remote->updated_by = g_strdup ("Jose Rizal");
  json_object_set_string_member (remote->data, "title", "Title");
  json_object_set_string_member (remote->data, "summary", "Summary changed there");
  g_assert_cmpint (mnr_store_apply_remote (store, remote, &error), ==, MNR_APPLY_MERGED);
  g_assert_no_error (error);

  reloaded = mnr_store_get_evidence (store, id, &error);
  g_assert_cmpstr (mnr_evidence_get_title (reloaded), ==, "Title changed here");
  g_assert_cmpstr (mnr_evidence_get_summary (reloaded), ==, "Summary changed there");
  record = mnr_test_find_dirty (store, "evidence", id);
  g_assert_nonnull (record);
  g_assert_cmpint (record->server_rev, ==, 2);
  {
    g_autoptr(GPtrArray) none = mnr_store_list_conflicts (store, &error);

    g_assert_cmpuint (none->len, ==, 0);
  }
  g_clear_pointer (&record, mnr_sync_record_free);

  /* The same server version again: nothing to do. */
  g_assert_cmpint (mnr_store_apply_remote (store, remote, &error), ==, MNR_APPLY_UNCHANGED);

  /* Now both change the title, differently, and the server the date: a
   * conflict on the title only, with the base (rev 2) kept. */
  remote->server_rev = 3;
  json_object_set_string_member (remote->data, "title", "Title changed there");
  json_object_set_string_member (remote->data, "date", "2024-01-15");
  g_assert_cmpint (mnr_store_apply_remote (store, remote, &error), ==, MNR_APPLY_CONFLICT);
  conflict = only_conflict (store);
  {
    gint64 n_conflicts = -1;

    /* Out of the outbox while in conflict, and counted as such. */
    g_assert_cmpint (mnr_store_count_dirty (store, &n_conflicts, &error), ==, 0);
    g_assert_cmpint (n_conflicts, ==, 1);
  }
  g_assert_nonnull (conflict->base);
  g_assert_cmpint (conflict->base->server_rev, ==, 2);
  g_assert_cmpstr (json_object_get_string_member (conflict->base->data, "summary"), ==, "Summary changed there");
  {
    g_auto(GStrv) conflicting = NULL;
    g_autoptr(MnrSyncRecord) merged = mnr_sync_record_merge (conflict->base, conflict->local,
                                                             conflict->remote, &conflicting);

    g_assert_cmpstrv (conflicting, ((const char *[]) { "title", NULL }));
    g_assert_cmpstr (json_object_get_string_member (merged->data, "date"), ==, "2024-01-15");
    g_assert_cmpstr (json_object_get_string_member (merged->data, "title"), ==, "Title changed here");
  }

  /* The local copy is untouched and out of the outbox until resolved. */
  g_clear_object (&reloaded);
  reloaded = mnr_store_get_evidence (store, id, &error);
  g_assert_cmpstr (mnr_evidence_get_title (reloaded), ==, "Title changed here");
  g_assert_null (mnr_test_find_dirty (store, "evidence", id));

  /* The same change on both sides is no conflict: it is the server's. */
  {
    g_autoptr(MnrEvidence) rating_like = save_evidence (store, "PH", "Second");
    g_autoptr(MnrSyncRecord) second = NULL;
    const char *second_id = mnr_evidence_get_id (rating_like);

    push_all (store);
    mnr_evidence_set_summary (rating_like, "Agreed wording");
    g_assert_true (mnr_store_save_evidence (store, rating_like, &error));
    second = mnr_test_find_dirty (store, "evidence", second_id);
    second->server_rev = 2;
    second->local_rev = 0;
    g_assert_cmpint (mnr_store_apply_remote (store, second, &error), ==, MNR_APPLY_UPDATED);
    g_assert_null (mnr_test_find_dirty (store, "evidence", second_id));
  }
}

/* The three-way merge itself, member by member. */
static void
test_merge_rules (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(MnrSyncRecord) base = mnr_sync_record_new ("rating", UUID_A);
  g_autoptr(MnrSyncRecord) local = NULL;
  g_autoptr(MnrSyncRecord) remote = NULL;
  g_autoptr(MnrSyncRecord) merged = NULL;
  g_auto(GStrv) conflicting = NULL;

  base->country = g_strdup ("PH");
  base->server_rev = 4;
  json_object_set_string_member (base->data, "round", UUID_B);
  json_object_set_string_member (base->data, "element", "capability-4");
  json_object_set_string_member (base->data, "level", "building");
  json_object_set_string_member (base->data, "rationale", "Draft law");

  /* Level here, rationale there: both taken. */
  local = mnr_sync_record_copy (base);
  remote = mnr_sync_record_copy (base);
  remote->server_rev = 5;
  json_object_set_string_member (local->data, "level", "developing");
  json_object_set_string_member (remote->data, "rationale", "Law passed in May");
  json_object_set_string_member (remote->data, "new_member", "from a newer client");
  merged = mnr_sync_record_merge (base, local, remote, &conflicting);
  g_assert_cmpstrv (conflicting, ((const char *[]) { NULL }));
  g_assert_cmpint (merged->server_rev, ==, 5);
  g_assert_cmpstr (json_object_get_string_member (merged->data, "level"), ==, "developing");
  g_assert_cmpstr (json_object_get_string_member (merged->data, "rationale"), ==, "Law passed in May");
  g_assert_cmpstr (json_object_get_string_member (merged->data, "new_member"), ==, "from a newer client");
  g_clear_pointer (&merged, mnr_sync_record_free);
  g_clear_pointer (&conflicting, g_strfreev);

  /* Without a base every difference is a conflict. */
  merged = mnr_sync_record_merge (NULL, local, remote, &conflicting);
  g_assert_cmpstrv (conflicting, ((const char *[]) { "level", "rationale", "new_member", NULL }));
  g_assert_cmpstr (json_object_get_string_member (merged->data, "level"), ==, "developing");
  g_assert_false (json_object_has_member (merged->data, "new_member"));
  g_clear_pointer (&merged, mnr_sync_record_free);
  g_clear_pointer (&conflicting, g_strfreev);

  /* A member removed on one side only is removed. */
  json_object_remove_member (remote->data, "new_member");
  json_object_set_string_member (base->data, "old_member", "x");
  json_object_set_string_member (local->data, "old_member", "x");
  merged = mnr_sync_record_merge (base, local, remote, &conflicting);
  g_assert_cmpstrv (conflicting, ((const char *[]) { NULL }));
  g_assert_false (json_object_has_member (merged->data, "old_member"));
  g_clear_pointer (&merged, mnr_sync_record_free);
  g_clear_pointer (&conflicting, g_strfreev);

  /* Deleted there, edited here: only "deleted", and the merge is ours. */
  remote->deleted = TRUE;
  merged = mnr_sync_record_merge (base, local, remote, &conflicting);
  g_assert_cmpstrv (conflicting, ((const char *[]) { "deleted", NULL }));
  g_assert_false (merged->deleted);
  g_assert_cmpstr (json_object_get_string_member (merged->data, "level"), ==, "developing");
  g_clear_pointer (&merged, mnr_sync_record_free);
  g_clear_pointer (&conflicting, g_strfreev);

  /* Deleted on both sides: the server's tombstone, nothing to ask. */
  local->deleted = TRUE;
  merged = mnr_sync_record_merge (base, local, remote, &conflicting);
  g_assert_cmpstrv (conflicting, ((const char *[]) { NULL }));
  g_assert_true (merged->deleted);
  g_clear_pointer (&merged, mnr_sync_record_free);
  g_clear_pointer (&conflicting, g_strfreev);

  /* A list is one value: both changed it differently → a conflict. */
  {
    g_autoptr(MnrSyncRecord) group = mnr_sync_record_new ("group", UUID_A);
    g_autoptr(MnrSyncRecord) mine = NULL;
    g_autoptr(MnrSyncRecord) theirs = NULL;
    JsonArray *members = json_array_new ();

    json_array_add_string_element (members, "PH");
    json_object_set_array_member (group->data, "members", members);
    mine = mnr_sync_record_copy (group);
    theirs = mnr_sync_record_copy (group);
    json_array_add_string_element (json_object_get_array_member (mine->data, "members"), "TH");
    json_array_add_string_element (json_object_get_array_member (theirs->data, "members"), "VN");
    merged = mnr_sync_record_merge (group, mine, theirs, &conflicting);
    g_assert_cmpstrv (conflicting, ((const char *[]) { "members", NULL }));
  }
}

static void
test_refuses_malformed (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(MnrStore) store = open_store (fixture);
  g_autoptr(MnrEvidence) evidence = save_evidence (store, "PH", "Untouched");
  g_autoptr(MnrRound) round = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *rating_id = NULL;
  const char *id = mnr_evidence_get_id (evidence);
  struct { const char *json; const char *member; } envelopes[] = {
    /* refused by the protocol's rules */
    { "{\"type\": \"evidence\", \"id\": \"9D3C6A1E-7B25-4F80-8E14-63A2B9C0D5F7\", \"country\": \"PH\", \"rev\": 2,"
      " \"deleted\": false, \"updated_by\": \"\", \"data\": {}}", "id" },
    { "{\"type\": \"evidence\", \"id\": \"not-a-uuid\", \"country\": \"PH\", \"rev\": 2,"
      " \"deleted\": false, \"updated_by\": \"\", \"data\": {}}", "id" },
    { "{\"type\": \"lecture\", \"id\": \"" UUID_B "\", \"country\": \"PH\", \"rev\": 2,"
      " \"deleted\": false, \"updated_by\": \"\", \"data\": {}}", "type" },
    { "{\"type\": \"evidence\", \"id\": \"" UUID_B "\", \"country\": \"PH\", \"rev\": 2, \"deleted\": false,"
      " \"updated_by\": \"\", \"data\": {\"title\": \"T\", \"kind\": \"lecture\", \"date\": \"\", \"source\": \"\","
      " \"summary\": \"\", \"restricted\": false, \"elements\": []}}", "data.kind" },
    { "{\"type\": \"evidence\", \"id\": \"" UUID_B "\", \"country\": \"PH\", \"rev\": 2, \"deleted\": false,"
      " \"updated_by\": \"\"}", "data" },
    { "{\"type\": \"evidence\", \"id\": \"" UUID_B "\", \"country\": \"PH\", \"rev\": 2, \"deleted\": false,"
      " \"updated_by\": \"\", \"data\": [\"title\"]}", "data" },
    { "[{\"type\": \"evidence\"}]", "object" },
    { "{\"type\": \"evidence\", \"id\": \"" UUID_B "\", \"country\": \"ph\", \"rev\": 2, \"deleted\": false,"
      " \"updated_by\": \"\", \"data\": {}}", "country" },
    { "{\"type\": \"group\", \"id\": \"" UUID_B "\", \"country\": \"PH\", \"rev\": 2, \"deleted\": false,"
      " \"updated_by\": \"\", \"data\": {\"name\": \"G\", \"short_name\": \"\", \"members\": []}}", "country" },
    { "{\"type\": \"evidence\", \"id\": \"" UUID_B "\", \"country\": \"PH\", \"rev\": 0, \"deleted\": true,"
      " \"updated_by\": \"\", \"data\": {}}", "rev" },
    { "{\"type\": \"evidence\", \"id\": \"" UUID_B "\", \"country\": \"PH\", \"rev\": 2.5, \"deleted\": true,"
      " \"updated_by\": \"\", \"data\": {}}", "rev" },
    { "{\"type\": \"evidence\", \"id\": \"" UUID_B "\", \"country\": \"PH\", \"rev\": 2, \"deleted\": \"no\","
      " \"updated_by\": \"\", \"data\": {}}", "deleted" },
    { "{\"type\": \"attachment\", \"id\": \"" UUID_B "\", \"country\": \"PH\", \"rev\": 2, \"deleted\": false,"
      " \"updated_by\": \"\", \"data\": {\"evidence\": \"" UUID_A "\", \"sha256\": \"" SHA_A "\", \"name\": \"a/b\","
      " \"size\": 3, \"content_type\": \"\"}}", "data.name" },
    { "{\"type\": \"attachment\", \"id\": \"" UUID_B "\", \"country\": \"PH\", \"rev\": 2, \"deleted\": false,"
      " \"updated_by\": \"\", \"data\": {\"evidence\": \"" UUID_A "\", \"sha256\": \"" SHA_A "\", \"name\": \"a\","
      " \"size\": 3.0, \"content_type\": \"\"}}", "data.size" },
    { "{\"type\": \"round\", \"id\": \"" UUID_B "\", \"country\": \"PH\", \"rev\": 2, \"deleted\": false,"
      " \"updated_by\": \"\", \"data\": {\"name\": \"R\", \"date\": \"2026-02-30\"}}", "data.date" },
  };

  round = mnr_store_create_round (store, "PH", "Review 2026", "2026-11-20", &error);
  g_assert_no_error (error);
  push_all (store);
  before = checksum_rows (fixture);

  for (guint i = 0; i < G_N_ELEMENTS (envelopes); i++)
    {
      g_autoptr(MnrSyncRecord) record = parse_envelope (envelopes[i].json, &error);

      g_test_message ("envelope %u: %s", i, error != NULL ? error->message : "(accepted)");
      g_assert_null (record);
      g_assert_error (error, MNR_SYNC_RECORD_ERROR, MNR_SYNC_RECORD_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, envelopes[i].member));
      g_clear_error (&error);
    }

  /* The wire's rules are the store's: a name of nothing but spaces, which
   * the store never saves, is refused by the envelope's checks already. */
  {
    g_autofree char *json = g_strdup_printf ("{\"type\": \"round\", \"id\": \"%s\", \"country\": \"PH\", \"rev\": 2,"
                                             " \"deleted\": false, \"updated_by\": \"\","
                                             " \"data\": {\"name\": \" \u3000 \", \"date\": \"2018-01-01\"}}", round->id);
    g_assert_cmpint (apply_json (store, json, &error), ==, MNR_APPLY_FAILED);
    g_assert_error (error, MNR_SYNC_RECORD_ERROR, MNR_SYNC_RECORD_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "data.name"));
    g_clear_error (&error);
  }

  /* Records made by hand, past the envelope's checks, are refused too. */
  rating_id = mnr_store_rating_id ("PH", round->id, "capability-4");
  {
    g_autoptr(MnrSyncRecord) rating = mnr_sync_record_new ("rating", rating_id);

    rating->country = g_strdup ("PH");
    rating->server_rev = 3;
    json_object_set_string_member (rating->data, "round", round->id);
    json_object_set_string_member (rating->data, "element", "capability-4");
    json_object_set_string_member (rating->data, "level", "Excellent!");
    json_object_set_string_member (rating->data, "rationale", "");
    g_assert_cmpint (mnr_store_apply_remote (store, rating, &error), ==, MNR_APPLY_FAILED);
    g_assert_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "data.level"));
    g_clear_error (&error);
  }
  {
    g_autofree char *json = evidence_envelope (id, 2, FALSE, "Changed");
    g_autoptr(MnrSyncRecord) record = parse_envelope (json, &error);

    g_assert_no_error (error);
    json_object_set_string_member (record->data, "kind", "lecture");
    g_assert_cmpint (mnr_store_apply_remote (store, record, &error), ==, MNR_APPLY_FAILED);
    g_assert_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_INVALID);
    g_clear_error (&error);

    json_object_remove_member (record->data, "title");
    json_object_set_string_member (record->data, "kind", "policy");
    g_assert_cmpint (mnr_store_apply_remote (store, record, &error), ==, MNR_APPLY_FAILED);
    g_assert_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "data.title"));
    g_clear_error (&error);
  }

  /* A rating whose round has not arrived is held back, not dropped in. */
  {
    g_autofree char *orphan_id = mnr_store_rating_id ("PH", UUID_A, "capability-1");
    g_autofree char *json = g_strdup_printf ("{\"type\": \"rating\", \"id\": \"%s\", \"country\": \"PH\", \"rev\": 1,"
                                             " \"deleted\": false, \"updated_by\": \"\", \"data\": {\"round\": \"" UUID_A "\","
                                             " \"element\": \"capability-1\", \"level\": \"building\", \"rationale\": \"\"}}",
                                             orphan_id);
    g_assert_cmpint (apply_json (store, json, &error), ==, MNR_APPLY_FAILED);
    g_assert_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }

  after = checksum_rows (fixture);
  g_assert_cmpstr (before, ==, after);
}

/* What the wire takes, the store takes: a penal code of 1860 is
 * evidence, saved here and pulled from the server alike. */
static void
test_old_dates (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(MnrStore) store = open_store (fixture);
  g_autoptr(MnrEvidence) old_law = mnr_evidence_new ("PH");
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;

  mnr_evidence_set_title (old_law, "Penal Code");
  mnr_evidence_set_kind (old_law, "legislation");
  mnr_evidence_set_date (old_law, "1860-10-06");
  g_assert_true (mnr_store_save_evidence (store, old_law, &error));
  g_assert_no_error (error);
  json = g_strdup_printf ("{\"type\": \"round\", \"id\": \"%s\", \"country\": \"PH\", \"rev\": 1,"
                          " \"deleted\": false, \"updated_by\": \"\","
                          " \"data\": {\"name\": \"Baseline\", \"date\": \"1899-12-31\"}}", UUID_A);
  g_assert_cmpint (apply_json (store, json, &error), ==, MNR_APPLY_UPDATED);
  g_assert_no_error (error);
}

/* Files on their way from the server: kept only when they hash as their
 * record says; left behind by a crash, removed once a day old. */
static void
test_incoming_files (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(MnrStore) store = open_store (fixture);
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GFileOutputStream) old_stream = NULL;
  g_autoptr(GFile) incoming = NULL;
  g_autoptr(GFile) stale = NULL;
  g_autoptr(GFile) fresh = NULL;
  g_autoptr(GFile) stored = NULL;
  g_autoptr(GError) error = NULL;
  const char *bytes = "Memorandum of understanding, Accra, 2024.\n";
  g_autofree char *sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, bytes, -1);

  /* Bytes that are not those of the hash: refused, and gone. */
  incoming = mnr_store_create_incoming_file (store, &stream, &error);
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (G_OUTPUT_STREAM (stream), "other bytes", 11, NULL, NULL, &error));
  g_assert_true (g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, &error));
  g_assert_false (mnr_store_add_incoming_file (store, incoming, sha256, &error));
  g_assert_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (g_file_query_exists (incoming, NULL));
  g_clear_object (&stream);
  g_clear_object (&incoming);

  /* The right bytes: stored under their hash. */
  incoming = mnr_store_create_incoming_file (store, &stream, &error);
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (G_OUTPUT_STREAM (stream), bytes, strlen (bytes), NULL, NULL, &error));
  g_assert_true (g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, &error));
  g_assert_true (mnr_store_add_incoming_file (store, incoming, sha256, &error));
  g_assert_no_error (error);
  stored = mnr_store_get_attachment_file (store, sha256, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_query_exists (stored, NULL));
  g_assert_false (g_file_query_exists (incoming, NULL));

  /* Two left behind, one two days old: the old one goes at the next open. */
  stale = mnr_store_create_incoming_file (store, &old_stream, &error);
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (G_OUTPUT_STREAM (old_stream), NULL, &error));
  g_assert_true (g_file_set_attribute_uint64 (stale, G_FILE_ATTRIBUTE_TIME_MODIFIED,
                                              g_get_real_time () / G_USEC_PER_SEC - 2 * 24 * 60 * 60,
                                              G_FILE_QUERY_INFO_NONE, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&stream);
  fresh = mnr_store_create_incoming_file (store, &stream, &error);
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, &error));

  g_clear_object (&store);
  store = open_store (fixture);
  g_assert_false (g_file_query_exists (stale, NULL));
  g_assert_true (g_file_query_exists (fresh, NULL));
  g_assert_true (g_file_query_exists (stored, NULL));
}

static void
test_to_json_members (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(MnrStore) store = open_store (fixture);
  g_autoptr(MnrRound) round = NULL;
  g_autofree char *evidence_id = NULL;
  g_autofree char *group_id = NULL;
  g_autoptr(GPtrArray) dirty = NULL;
  const char * const body[] = { "country", "updated_by", "deleted", "data", NULL };
  const struct { const char *type; const char * const *members; } expected[] = {
    { "round", (const char * const[]) { "name", "date", "shared_with", NULL } },
    { "rating", (const char * const[]) { "round", "element", "level", "rationale", "review", "agreed_in", NULL } },
    { "evidence", (const char * const[]) { "title", "kind", "date", "source", "summary", "restricted", "elements", NULL } },
    { "attachment", (const char * const[]) { "evidence", "sha256", "name", "size", "content_type", NULL } },
    { "group", (const char * const[]) { "name", "short_name", "members", NULL } },
  };

  make_one_of_each (fixture, store, &round, &evidence_id, &group_id);
  dirty = mnr_test_list_dirty (store);
  g_assert_cmpuint (dirty->len, ==, G_N_ELEMENTS (expected));

  for (guint i = 0; i < dirty->len; i++)
    {
      MnrSyncRecord *record = dirty->pdata[i];
      g_autoptr(JsonNode) node = mnr_sync_record_to_json (record);
      g_autoptr(GError) error = NULL;
      JsonObject *object = json_node_get_object (node);
      JsonObject *record_data = json_object_get_object_member (object, "data");

      g_assert_cmpstr (record->type, ==, expected[i].type);
      g_assert_true (has_exactly (object, body));
      g_assert_true (has_exactly (record_data, expected[i].members));
      g_assert_true (mnr_sync_record_validate_data (record->type, record_data, &error));
      g_assert_no_error (error);
      if (g_str_equal (record->type, "group"))
        g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (object, "country")));
      else
        g_assert_cmpstr (json_object_get_string_member (object, "country"), ==, "PH");
      g_assert_false (json_object_get_boolean_member (object, "deleted"));
    }

  /* Types and values as section 4.4 has them. */
  {
    JsonObject *evidence = ((MnrSyncRecord *)dirty->pdata[2])->data;
    JsonObject *attachment = ((MnrSyncRecord *)dirty->pdata[3])->data;
    JsonObject *group = ((MnrSyncRecord *)dirty->pdata[4])->data;
    JsonArray *elements = json_object_get_array_member (evidence, "elements");

    g_assert_cmpuint (json_array_get_length (elements), ==, 2);
    g_assert_cmpstr (json_array_get_string_element (elements, 0), ==, "capability-4");
    g_assert_cmpint (json_node_get_value_type (json_object_get_member (evidence, "restricted")), ==, G_TYPE_BOOLEAN);
    g_assert_cmpint (json_node_get_value_type (json_object_get_member (attachment, "size")), ==, G_TYPE_INT64);
    g_assert_cmpint (json_object_get_int_member (attachment, "size"), ==, strlen ("Memorandum of understanding"));
    g_assert_cmpstr (json_object_get_string_member (attachment, "evidence"), ==, evidence_id);
    g_assert_cmpstr (json_object_get_string_member (attachment, "name"), ==, "mou.txt");
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (group, "members")), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (((MnrSyncRecord *)dirty->pdata[1])->data, "round"), ==, round->id);
  }

  /* An envelope read back gives the same record. */
  {
    MnrSyncRecord *record = dirty->pdata[2];
    g_autoptr(JsonNode) envelope = mnr_sync_record_to_envelope (record);
    g_autoptr(MnrSyncRecord) back = NULL;
    g_autoptr(GError) error = NULL;

    record->server_rev = 4;
    g_clear_pointer (&envelope, json_node_unref);
    envelope = mnr_sync_record_to_envelope (record);
    back = mnr_sync_record_from_envelope (envelope, &error);
    g_assert_no_error (error);
    g_assert_true (mnr_sync_record_same_content (record, back));
    g_assert_cmpint (back->server_rev, ==, 4);
  }
}

static void
test_migrates_version_1 (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *fixture_path = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "unit", "fixtures", "store-v1.sql", NULL);
  g_autofree char *path = g_build_filename (fixture->path, "mnr-tracker.db", NULL);
  g_autofree char *sql = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) backups = NULL;
  g_autoptr(GPtrArray) dirty = NULL;
  g_autoptr(MnrStore) store = NULL;
  const char *types[] = { "round", "rating", "rating", "evidence", "evidence" };
  sqlite3 *db = NULL;

  g_assert_true (g_file_get_contents (fixture_path, &sql, NULL, &error));
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = open_store (fixture);
  g_assert_cmpint (mnr_store_get_schema_version (store), ==, MNR_STORE_SCHEMA_VERSION);
  g_assert_cmpint (MNR_STORE_SCHEMA_VERSION, ==, 11);

  backups = mnr_store_list_backups (fixture->dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (backups->len, ==, 1);

  /* Nothing of it was ever on a server: all dirty, to be created. */
  dirty = mnr_test_list_dirty (store);
  g_assert_cmpuint (dirty->len, ==, G_N_ELEMENTS (types));
  for (guint i = 0; i < dirty->len; i++)
    {
      MnrSyncRecord *record = dirty->pdata[i];

      g_assert_cmpstr (record->type, ==, types[i]);
      g_assert_cmpint (record->local_rev, ==, 1);
      g_assert_cmpint (record->server_rev, ==, 0);
      /* No meeting agreed a level of an older store. */
      if (g_str_equal (record->type, "rating"))
        g_assert_cmpstr (json_object_get_string_member (record->data, "review"), ==, "proposed");
    }

  /* Ratings keep the ids they had. */
  g_assert_cmpstr (((MnrSyncRecord *)dirty->pdata[1])->id, ==, "0b6e0e1a-7f35-5a4e-8f00-9a1b2c3d4e5f");
  g_assert_cmpstr (json_object_get_string_member (((MnrSyncRecord *)dirty->pdata[4])->data, "summary"), ==, "");
}

static void
test_sync_values (Fixture       *fixture,
                  gconstpointer  data)
{
  MnrStore *store = open_store (fixture);
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *endpoint = NULL;

  g_assert_null (mnr_store_get_sync_value (store, "cursor"));
  g_assert_true (mnr_store_set_sync_value (store, "cursor", "c1", &error));
  g_assert_true (mnr_store_set_sync_value (store, "cursor", "eyJzZXEiOjEwNDJ9", &error));
  g_assert_true (mnr_store_set_sync_value (store, "endpoint", "https://sync.example.org/mnr/v1/", &error));
  g_assert_no_error (error);
  g_assert_finalize_object (store);

  store = open_store (fixture);
  cursor = mnr_store_get_sync_value (store, "cursor");
  endpoint = mnr_store_get_sync_value (store, "endpoint");
  g_assert_cmpstr (cursor, ==, "eyJzZXEiOjEwNDJ9");
  g_assert_cmpstr (endpoint, ==, "https://sync.example.org/mnr/v1/");
  g_assert_true (mnr_store_set_sync_value (store, "cursor", NULL, &error));
  g_assert_null (mnr_store_get_sync_value (store, "cursor"));
  g_assert_finalize_object (store);
}

static void
record_change (MnrStore   *store,
               const char *type,
               const char *id,
               gboolean    from_server,
               GString    *seen)
{
  g_string_append_printf (seen, "%s %s%s\n", type, id != NULL ? id : "*", from_server ? " server" : "");
}

/* The store tells what changed once it is on disk: each local write once,
 * a batch when it ends (nothing when it is dropped), nothing for a write
 * refused, and what a sync applies as from the server; the detail is the
 * type. */
static void
test_changed (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(MnrStore) store = open_store (fixture);
  g_autoptr(GString) seen = g_string_new ("");
  g_autoptr(GString) ratings = g_string_new ("");
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *json = NULL;
  g_autofree char *rating_id = NULL;
  MnrRound *round;

  g_signal_connect (store, "changed", G_CALLBACK (record_change), seen);
  g_signal_connect (store, "changed::rating", G_CALLBACK (record_change), ratings);

  round = mnr_store_create_round (store, "PH", "Review 2026", "2026-11-20", &error);
  g_assert_no_error (error);
  g_assert_true (mnr_store_set_rating (store, round->id, "capability-2", "developing", "", &error));
  rating_id = mnr_store_rating_id ("PH", round->id, "capability-2");
  expected = g_strdup_printf ("round %s\nrating %s\n", round->id, rating_id);
  g_assert_cmpstr (seen->str, ==, expected);
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("rating %s\n", rating_id);
  g_assert_cmpstr (ratings->str, ==, expected);
  g_string_truncate (seen, 0);

  /* Refused: nothing written, nothing told. */
  g_assert_false (mnr_store_set_rating (store, round->id, "capability-2", "Not A Level", "", &error));
  g_clear_error (&error);
  g_assert_false (mnr_store_set_rating (store, "no-such-round", "capability-2", "developing", "", &error));
  g_clear_error (&error);
  g_assert_cmpstr (seen->str, ==, "");

  /* In a batch: told when it is committed, each record once. */
  g_assert_true (mnr_store_begin_batch (store, &error));
  g_assert_true (mnr_store_set_rating (store, round->id, "capability-2", "established", "", &error));
  g_assert_true (mnr_store_set_rating (store, round->id, "capability-2", "advanced", "", &error));
  g_assert_false (mnr_store_set_rating (store, "no-such-round", "capability-3", "developing", "", &error));
  g_clear_error (&error);
  g_assert_cmpstr (seen->str, ==, "");
  g_assert_true (mnr_store_end_batch (store, TRUE, &error));
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("rating %s\n", rating_id);
  g_assert_cmpstr (seen->str, ==, expected);
  g_string_truncate (seen, 0);

  /* A batch dropped: nothing happened, nothing told. */
  g_assert_true (mnr_store_begin_batch (store, &error));
  g_assert_true (mnr_store_set_rating (store, round->id, "capability-3", "developing", "", &error));
  g_assert_true (mnr_store_end_batch (store, FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (seen->str, ==, "");

  /* From the server. */
  json = evidence_envelope ("7a1e43f0-2b5c-4d8e-9f60-1c2d3e4f5a6b", 3, FALSE, "National plan");
  g_assert_cmpint (apply_json (store, json, &error), ==, MNR_APPLY_UPDATED);
  g_assert_cmpstr (seen->str, ==, "evidence 7a1e43f0-2b5c-4d8e-9f60-1c2d3e4f5a6b server\n");
  g_string_truncate (seen, 0);
  /* The same again changes nothing: not told. */
  g_assert_cmpint (apply_json (store, json, &error), ==, MNR_APPLY_UNCHANGED);
  g_assert_cmpstr (seen->str, ==, "");

  g_signal_handlers_disconnect_by_data (store, seen);
  g_signal_handlers_disconnect_by_data (store, ratings);
  mnr_round_free (round);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, mnr_test_temp_dir_tear_down)
  ADD ("/store-sync/dirty-order", test_dirty_order);
  ADD ("/store-sync/changed", test_changed);
  ADD ("/store-sync/edit-during-upload", test_edit_during_upload);
  ADD ("/store-sync/tombstones", test_tombstones);
  ADD ("/store-sync/apply-clean", test_apply_clean);
  ADD ("/store-sync/apply-dirty-conflict", test_apply_dirty_conflict);
  ADD ("/store-sync/own-write-confirmed", test_own_write_confirmed);
  ADD ("/store-sync/delete-vs-edit", test_delete_vs_edit);
  ADD ("/store-sync/resolve", test_resolve);
  ADD ("/store-sync/merge-one-sided", test_merge_one_sided);
  ADD ("/store-sync/merge-rules", test_merge_rules);
  ADD ("/store-sync/refuses-malformed", test_refuses_malformed);
  ADD ("/store-sync/old-dates", test_old_dates);
  ADD ("/store-sync/incoming-files", test_incoming_files);
  ADD ("/store-sync/to-json-members", test_to_json_members);
  ADD ("/store-sync/migrates-version-1", test_migrates_version_1);
  ADD ("/store-sync/sync-values", test_sync_values);
#undef ADD

  return g_test_run ();
}
