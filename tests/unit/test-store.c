/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#include "mnr-country.h"
#include "mnr-framework.h"
#include "mnr-store.h"
#include "mnr-store-compare.h"
#include "mnr-test-util.h"

/* The store on a real disk: round trips, migration from a version-1 store,
 * refusal of stores it cannot trust (their bytes unchanged), search,
 * attachments and backups. */

typedef MnrTestTempDir Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  mnr_test_temp_dir_set_up (fixture, "mnr-store-XXXXXX");
}

static MnrStore *
open_store (Fixture *fixture)
{
  return mnr_test_temp_dir_open_store (fixture, "Test Focal Point");
}

static char *
db_path (Fixture *fixture)
{
  return g_build_filename (fixture->path, "mnr-tracker.db", NULL);
}

static MnrEvidence *
make_evidence (const char         *country,
               const char         *title,
               const char         *summary,
               const char * const *elements)
{
  MnrEvidence *evidence = mnr_evidence_new (country);

  mnr_evidence_set_title (evidence, title);
  mnr_evidence_set_summary (evidence, summary);
  mnr_evidence_set_kind (evidence, "institution");
  mnr_evidence_set_date (evidence, "2017-05");
  mnr_evidence_set_source (evidence, "https://example.org/unit");
  mnr_evidence_set_elements (evidence, elements);
  return evidence;
}

/* Every file under the store's folder, with a checksum of its bytes. */
static char *
snapshot_folder (const char *path)
{
  g_autofree char *command = g_strdup_printf ("sh -c \"cd '%s' && find . -type f | sort | xargs -r sha256sum\"", path);
  char *output = NULL;

  g_assert_true (g_spawn_command_line_sync (command, &output, NULL, NULL, NULL));
  return output;
}

static void
run_sql (const char *path,
         const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s", message);
  sqlite3_close (db);
}

static void
test_round_trip (Fixture       *fixture,
                 gconstpointer  data)
{
  const char *elements[] = { "capability-4", "capability-7", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(MnrRound) round = NULL;
  g_autoptr(MnrEvidence) evidence = NULL;
  g_autofree char *evidence_id = NULL;
  MnrStore *store = open_store (fixture);

  g_assert_cmpint (mnr_store_get_schema_version (store), ==, MNR_STORE_SCHEMA_VERSION);
  g_assert_true (mnr_store_add_country (store, "GR", &error));
  g_assert_no_error (error);

  round = mnr_store_create_round (store, "GR", "Baseline 2016", "2016-09-30", &error);
  g_assert_no_error (error);
  g_assert_true (g_uuid_string_is_valid (round->id));

  g_assert_true (mnr_store_set_rating (store, round->id, "capability-4", "established",
                                       "A dedicated online child protection department.", &error));
  g_assert_no_error (error);

  evidence = make_evidence ("GR", "Online Protection of Minors department",
                            "Investigates offences against minors committed online; has ICSE access.",
                            elements);
  evidence_id = g_strdup (mnr_evidence_get_id (evidence));
  g_assert_true (mnr_store_save_evidence (store, evidence, &error));
  g_assert_no_error (error);
  g_assert_cmpint (mnr_evidence_get_created_at (evidence), >, 0);
  g_assert_cmpstr (mnr_evidence_get_updated_by (evidence), ==, "Test Focal Point");

  g_assert_finalize_object (store);

  /* Everything is there after reopening. */
  store = open_store (fixture);
  {
    g_auto(GStrv) countries = mnr_store_list_countries (store, &error);
    g_autoptr(GPtrArray) rounds = mnr_store_list_rounds (store, "GR", &error);
    g_autoptr(MnrRating) rating = mnr_store_get_rating (store, round->id, "capability-4", &error);
    g_autoptr(MnrRating) none = mnr_store_get_rating (store, round->id, "capability-5", &error);
    g_autoptr(MnrEvidence) loaded = mnr_store_get_evidence (store, evidence_id, &error);
    g_autoptr(GListModel) list = mnr_store_list_evidence (store, "GR", NULL, &error);
    g_autofree char *expected_id = mnr_store_rating_id ("GR", round->id, "capability-4");

    g_assert_no_error (error);
    g_assert_cmpstrv (countries, ((const char *[]) { "GR", NULL }));
    g_assert_cmpuint (rounds->len, ==, 1);
    g_assert_cmpstr (((MnrRound *)rounds->pdata[0])->name, ==, "Baseline 2016");
    g_assert_cmpstr (((MnrRound *)rounds->pdata[0])->date, ==, "2016-09-30");

    g_assert_nonnull (rating);
    g_assert_cmpstr (rating->id, ==, expected_id);
    g_assert_cmpstr (rating->level_id, ==, "established");
    g_assert_cmpstr (rating->rationale, ==, "A dedicated online child protection department.");
    g_assert_cmpstr (rating->updated_by, ==, "Test Focal Point");
    g_assert_null (none);

    g_assert_cmpstr (mnr_evidence_get_title (loaded), ==, "Online Protection of Minors department");
    g_assert_cmpstr (mnr_evidence_get_kind (loaded), ==, "institution");
    g_assert_cmpstr (mnr_evidence_get_date (loaded), ==, "2017-05");
    g_assert_cmpstr (mnr_evidence_get_source (loaded), ==, "https://example.org/unit");
    g_assert_cmpstrv (mnr_evidence_get_elements (loaded), elements);
    g_assert_false (mnr_evidence_get_restricted (loaded));
    g_assert_cmpuint (g_list_model_get_n_items (list), ==, 1);
  }
  g_assert_finalize_object (store);
}

static void
test_rating_ids (void)
{
  g_autofree char *a = mnr_store_rating_id ("PH", "round-1", "capability-4");
  g_autofree char *b = mnr_store_rating_id ("PH", "round-1", "capability-4");
  g_autofree char *c = mnr_store_rating_id ("PH", "round-1", "capability-5");
  g_autofree char *d = mnr_store_rating_id ("VN", "round-1", "capability-4");

  /* The same on every machine, different for anything else. */
  g_assert_cmpstr (a, ==, b);
  g_assert_cmpstr (a, !=, c);
  g_assert_cmpstr (a, !=, d);
  g_assert_true (g_uuid_string_is_valid (a));
  g_assert_cmpint (a[14], ==, '5');
}

static void
test_rounds_copy_latest (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MnrRound) baseline = NULL;
  g_autoptr(MnrRound) review = NULL;
  g_autoptr(GPtrArray) copied = NULL;
  g_autoptr(GPtrArray) original = NULL;
  g_autoptr(GPtrArray) rounds = NULL;
  g_autoptr(MnrStore) store = open_store (fixture);

  baseline = mnr_store_create_round (store, "PH", "Baseline 2016", "2016-06-01", &error);
  g_assert_no_error (error);
  mnr_store_set_rating (store, baseline->id, "capability-1", "building", "Plan drafted", &error);
  mnr_store_set_rating (store, baseline->id, "enabler-data-evidence", "developing", "", &error);
  g_assert_no_error (error);

  review = mnr_store_create_round (store, "PH", "Review 2018", "2018-06-01", &error);
  g_assert_no_error (error);

  /* The new round starts as a copy, under its own ids … */
  copied = mnr_store_list_ratings (store, review->id, &error);
  g_assert_cmpuint (copied->len, ==, 2);
  g_assert_cmpstr (((MnrRating *)copied->pdata[0])->element_id, ==, "capability-1");
  g_assert_cmpstr (((MnrRating *)copied->pdata[0])->level_id, ==, "building");
  g_assert_cmpstr (((MnrRating *)copied->pdata[0])->rationale, ==, "Plan drafted");

  /* … and changing it leaves the earlier round as it was. */
  mnr_store_set_rating (store, review->id, "capability-1", "established", "Plan adopted", &error);
  g_assert_no_error (error);
  original = mnr_store_list_ratings (store, baseline->id, &error);
  g_assert_cmpstr (((MnrRating *)original->pdata[0])->level_id, ==, "building");
  g_assert_cmpstr (((MnrRating *)original->pdata[0])->id, !=, ((MnrRating *)copied->pdata[0])->id);

  rounds = mnr_store_list_rounds (store, "PH", &error);
  g_assert_cmpuint (rounds->len, ==, 2);
  g_assert_cmpstr (((MnrRound *)rounds->pdata[0])->name, ==, "Review 2018");

  /* Bad input is refused with a reason. */
  g_assert_null (mnr_store_create_round (store, "PH", "Later", "2018-02-30", &error));
  g_assert_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (mnr_store_create_round (store, "ph", "Later", "2019-01-01", &error));
  g_assert_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (mnr_store_create_round (store, "PH", "   ", "2019-01-01", &error));
  g_assert_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_INVALID);
  g_clear_error (&error);
  /* Names are measured in characters, as the sync protocol does: 200
   * Thai letters (600 bytes) are a name, 201 are not. */
  {
    g_autoptr(GString) thai = g_string_new (NULL);
    g_autoptr(MnrRound) long_name = NULL;

    for (guint i = 0; i < 200; i++)
      g_string_append (thai, "ก");
    long_name = mnr_store_create_round (store, "TH", thai->str, "2019-01-01", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (long_name->name, ==, thai->str);
    g_string_append (thai, "ก");
    g_assert_null (mnr_store_create_round (store, "TH", thai->str, "2019-01-01", &error));
    g_assert_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_INVALID);
    g_clear_error (&error);
  }
  g_assert_false (mnr_store_set_rating (store, "no-such-round", "capability-1", "mature", "", &error));
  g_assert_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (mnr_store_set_rating (store, review->id, "outcome-prevention", "mature", "", &error));
  g_assert_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (mnr_store_set_rating (store, review->id, "capability-1", "Mature; DROP TABLE", "", &error));
  g_assert_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_INVALID);
}

static void
test_rating_history (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MnrRound) round = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(MnrStore) store = open_store (fixture);

  round = mnr_store_create_round (store, "JO", "Review 2018", "2018-03-01", &error);
  mnr_store_set_rating (store, round->id, "capability-4", "developing", "Unit set up", &error);
  mnr_store_set_author (store, "Committee Secretary");
  mnr_store_set_rating (store, round->id, "capability-4", "established", "All cases investigated", &error);
  g_assert_no_error (error);

  history = mnr_store_list_rating_history (store, round->id, "capability-4", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 2);
  g_assert_cmpstr (((MnrRating *)history->pdata[0])->level_id, ==, "established");
  g_assert_cmpstr (((MnrRating *)history->pdata[0])->updated_by, ==, "Committee Secretary");
  g_assert_cmpstr (((MnrRating *)history->pdata[1])->level_id, ==, "developing");
  g_assert_cmpstr (((MnrRating *)history->pdata[1])->updated_by, ==, "Test Focal Point");
  g_assert_cmpint (((MnrRating *)history->pdata[0])->updated_at, >=, ((MnrRating *)history->pdata[1])->updated_at);
}

static guint
count_search (MnrStore   *store,
              const char *country,
              const char *search)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) results = mnr_store_list_evidence (store, country, search, &error);

  g_assert_no_error (error);
  return g_list_model_get_n_items (results);
}

static void
test_search_remove_restore (Fixture       *fixture,
                            gconstpointer  data)
{
  const char *cap4[] = { "capability-4", NULL };
  const char *cap11[] = { "capability-11", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(MnrEvidence) unit = make_evidence ("TR", "Forensic interview rooms",
                                               "Thirty child-friendly interview rooms in 23 provinces.", cap4);
  g_autoptr(MnrEvidence) helpline = make_evidence ("TR", "Child helpline",
                                                   "Counsellors trained to support victims; référence.", cap11);
  g_autoptr(MnrEvidence) elsewhere = make_evidence ("UG", "Child helpline counsellors",
                                                    "Specialist counsellors in Uganda.", cap11);
  g_autoptr(MnrStore) store = open_store (fixture);

  g_assert_true (mnr_store_save_evidence (store, unit, &error));
  g_assert_true (mnr_store_save_evidence (store, helpline, &error));
  g_assert_true (mnr_store_save_evidence (store, elsewhere, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (count_search (store, "TR", NULL), ==, 2);
  g_assert_cmpuint (count_search (store, "TR", "helpline"), ==, 1);
  g_assert_cmpuint (count_search (store, "TR", "help"), ==, 1);          /* prefix */
  g_assert_cmpuint (count_search (store, "TR", "Counsellors victims"), ==, 1); /* every word */
  g_assert_cmpuint (count_search (store, "TR", "counsellors rooms"), ==, 0);
  g_assert_cmpuint (count_search (store, "TR", "reference"), ==, 1);     /* accents folded */
  g_assert_cmpuint (count_search (store, "TR", "example.org"), ==, 2);   /* the source */
  g_assert_cmpuint (count_search (store, "TR", "\"; DROP TABLE evidence; --"), ==, 0);
  g_assert_cmpuint (count_search (store, "TR", "   "), ==, 2);
  g_assert_cmpuint (count_search (store, "UG", "helpline"), ==, 1);

  /* An edit is found by its new words, not its old ones. */
  mnr_evidence_set_title (unit, "Child-friendly interview rooms");
  mnr_evidence_set_summary (unit, "Waiting, interview and observation rooms in courthouses.");
  g_assert_true (mnr_store_save_evidence (store, unit, &error));
  g_assert_cmpuint (count_search (store, "TR", "forensic"), ==, 0);
  g_assert_cmpuint (count_search (store, "TR", "courthouses"), ==, 1);

  /* Removal hides it; undo brings it back whole. */
  g_assert_true (mnr_store_remove_evidence (store, mnr_evidence_get_id (helpline), &error));
  g_assert_cmpuint (count_search (store, "TR", NULL), ==, 1);
  g_assert_cmpuint (count_search (store, "TR", "helpline"), ==, 0);
  g_assert_true (mnr_store_restore_evidence (store, mnr_evidence_get_id (helpline), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_search (store, "TR", "helpline"), ==, 1);

  g_assert_false (mnr_store_remove_evidence (store, "4a4c6e44-0000-4000-8000-000000000000", &error));
  g_assert_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_NOT_FOUND);
}

static void
test_batches (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(MnrStore) store = open_store (fixture);
  g_autoptr(GError) error = NULL;
  g_autoptr(MnrEvidence) a = make_evidence ("CR", "Baseline study of 400 adults and 400 children", "", NULL);
  g_autoptr(MnrEvidence) bad = make_evidence ("CR", "E-learning platform", "", NULL);
  g_autoptr(MnrEvidence) b = make_evidence ("CR", "E-learning platform for 2,800 adults", "", NULL);
  g_autoptr(MnrEvidence) dropped = make_evidence ("CR", "Dropped with its batch", "", NULL);

  /* A failing change inside a batch is undone alone; the rest commits. */
  g_assert_true (mnr_store_begin_batch (store, &error));
  g_assert_true (mnr_store_save_evidence (store, a, &error));
  mnr_evidence_set_date (bad, "20xx");
  g_assert_false (mnr_store_save_evidence (store, bad, &error));
  g_clear_error (&error);
  g_assert_true (mnr_store_save_evidence (store, b, &error));
  g_assert_true (mnr_store_end_batch (store, TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_search (store, "CR", NULL), ==, 2);

  /* A batch ended without keeping leaves nothing behind. */
  g_assert_true (mnr_store_begin_batch (store, &error));
  g_assert_true (mnr_store_save_evidence (store, dropped, &error));
  g_assert_true (mnr_store_end_batch (store, FALSE, &error));
  g_assert_cmpuint (count_search (store, "CR", NULL), ==, 2);
  g_assert_cmpuint (count_search (store, "CR", "dropped"), ==, 0);
}

/* In a child limited to a file size (as a full disk would), a large
 * change fails as "disk full", and the store opens afterwards with every
 * earlier change. */
static void
test_disk_full (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  MnrStore *store = open_store (fixture);
  g_autoptr(MnrEvidence) small = make_evidence ("NO", "Police2peer", "Targets sharing on peer-to-peer networks.", NULL);
  g_autofree char *small_id = g_strdup (mnr_evidence_get_id (small));
  pid_t pid;
  int status;

  g_assert_true (mnr_store_save_evidence (store, small, &error));
  g_assert_finalize_object (store);

  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      struct rlimit limit = { 2 * 1024 * 1024, 2 * 1024 * 1024 };
      g_autoptr(MnrStore) child_store = NULL;
      g_autofree char *summary = g_strnfill (90000, 'x');
      GError *child_error = NULL;
      gboolean full = FALSE;

      signal (SIGXFSZ, SIG_IGN);
      child_store = mnr_store_open (fixture->dir, &child_error);
      if (child_store == NULL)
        _exit (3);
      setrlimit (RLIMIT_FSIZE, &limit);

      /* Grow the data until the "disk" is full. */
      for (guint i = 0; i < 200 && !full; i++)
        {
          g_autoptr(MnrEvidence) item = make_evidence ("NO", "Filler", summary, NULL);
          if (!mnr_store_save_evidence (child_store, item, &child_error))
            {
              full = g_error_matches (child_error, MNR_STORE_ERROR, MNR_STORE_ERROR_DISK_FULL) &&
                     strstr (child_error->message, "disk is full") != NULL;
              if (!full)
                g_printerr ("unexpected: %s (code %d)\n", child_error->message, child_error->code);
              g_clear_error (&child_error);
              break;
            }
        }
      _exit (full ? 0 : 4);
    }

  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);

  /* Without the limit: it opens, is sound, and has the earlier change. */
  store = open_store (fixture);
  {
    g_autoptr(MnrEvidence) again = mnr_store_get_evidence (store, small_id, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (mnr_evidence_get_title (again), ==, "Police2peer");
  }
  g_assert_finalize_object (store);
}

static void
test_user_groups (Fixture       *fixture,
                  gconstpointer  data)
{
  const char *members[] = { "PK", "NP", "LK", NULL };
  const char *bad[] = { "PK", "Nepal", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *same = NULL;
  g_autoptr(GPtrArray) groups = NULL;
  MnrStore *store = open_store (fixture);

  id = mnr_store_save_group (store, NULL, "  Regional framework pilots ", "Pilots", members, &error);
  g_assert_no_error (error);
  g_assert_true (g_uuid_string_is_valid (id));

  g_assert_null (mnr_store_save_group (store, NULL, "Bad", NULL, bad, &error));
  g_assert_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (mnr_store_save_group (store, NULL, "", NULL, members, &error));
  g_assert_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_finalize_object (store);

  /* Kept across a restart, members in code order, and updatable. */
  store = open_store (fixture);
  groups = mnr_store_list_groups (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (groups->len, ==, 1);
  g_assert_cmpstr (mnr_regional_group_get_name (groups->pdata[0]), ==, "Regional framework pilots");
  g_assert_cmpstr (mnr_regional_group_get_short_name (groups->pdata[0]), ==, "Pilots");
  g_assert_cmpstrv (mnr_regional_group_get_members (groups->pdata[0]), ((const char *[]) { "LK", "NP", "PK", NULL }));
  g_assert_true (mnr_regional_group_get_user_defined (groups->pdata[0]));

  same = mnr_store_save_group (store, id, "Pilots 2019", NULL, (const char *[]) { "BT", NULL }, &error);
  g_assert_cmpstr (same, ==, id);
  g_clear_pointer (&groups, g_ptr_array_unref);
  groups = mnr_store_list_groups (store, &error);
  g_assert_cmpuint (mnr_regional_group_get_n_members (groups->pdata[0]), ==, 1);

  g_assert_true (mnr_store_remove_group (store, id, &error));
  g_assert_false (mnr_store_remove_group (store, id, &error));
  g_assert_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_NOT_FOUND);
  g_assert_finalize_object (store);
}

static void
test_evidence_validation (Fixture       *fixture,
                          gconstpointer  data)
{
  const char *bad_element[] = { "capability-4", "../../etc", NULL };
  g_autoptr(MnrStore) store = open_store (fixture);
  g_autoptr(MnrEvidence) evidence = make_evidence ("AL", "Child helpline ALO 116", "", NULL);
  g_autoptr(MnrEvidence) moved = NULL;
  g_autoptr(GError) error = NULL;

  mnr_evidence_set_date (evidence, "2018-13");
  g_assert_false (mnr_store_save_evidence (store, evidence, &error));
  g_assert_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_INVALID);
  g_clear_error (&error);

  mnr_evidence_set_date (evidence, "2018");
  mnr_evidence_set_elements (evidence, bad_element);
  g_assert_false (mnr_store_save_evidence (store, evidence, &error));
  g_assert_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_INVALID);
  g_clear_error (&error);

  mnr_evidence_set_elements (evidence, NULL);
  mnr_evidence_set_title (evidence, "  ");
  g_assert_false (mnr_store_save_evidence (store, evidence, &error));
  g_assert_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_INVALID);
  g_clear_error (&error);

  mnr_evidence_set_title (evidence, "Child helpline ALO 116");
  g_assert_true (mnr_store_save_evidence (store, evidence, &error));
  g_assert_no_error (error);

  /* The same id cannot be moved to another country. */
  moved = g_object_new (MNR_TYPE_EVIDENCE, NULL);
  g_clear_object (&moved);
  {
    g_autoptr(MnrEvidence) reloaded = mnr_store_get_evidence (store, mnr_evidence_get_id (evidence), &error);
    g_assert_no_error (error);
    g_assert_cmpstr (mnr_evidence_get_country (reloaded), ==, "AL");
  }

  g_assert_cmpuint (count_search (store, "AL", NULL), ==, 1);
  g_assert_false (mnr_store_add_country (store, "Albania", &error));
  g_assert_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_INVALID);
}

static void
test_migrates_version_1 (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *fixture_path = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "unit", "fixtures", "store-v1.sql", NULL);
  g_autofree char *sql = NULL;
  g_autofree char *path = db_path (fixture);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) backups = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(MnrRating) rating = NULL;
  g_autoptr(MnrEvidence) evidence = NULL;
  g_autoptr(MnrStore) store = NULL;
  int version = -1;

  g_assert_true (g_file_get_contents (fixture_path, &sql, NULL, &error));
  run_sql (path, sql);

  store = open_store (fixture);
  g_assert_cmpint (mnr_store_get_schema_version (store), ==, MNR_STORE_SCHEMA_VERSION);

  /* A backup of the version-1 data was taken before the upgrade. */
  backups = mnr_store_list_backups (fixture->dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (backups->len, ==, 1);
  {
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_open_v2 (g_file_peek_path (backups->pdata[0]), &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
    sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    version = sqlite3_column_int (stmt, 0);
    sqlite3_finalize (stmt);
    sqlite3_close (db);
  }
  g_assert_cmpint (version, ==, 1);

  /* Every record came through, searchable, with its history started. */
  rating = mnr_store_get_rating (store, "6f1f3c52-4bd5-4c52-9b7e-0d9e8a1f2a10", "capability-1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rating->level_id, ==, "building");
  g_assert_cmpstr (rating->rationale, ==, "A cyber security centre with a child online protection unit.");

  history = mnr_store_list_rating_history (store, "6f1f3c52-4bd5-4c52-9b7e-0d9e8a1f2a10", "capability-1", &error);
  g_assert_cmpuint (history->len, ==, 1);

  evidence = mnr_store_get_evidence (store, "e3b8d1ef-2222-4b4b-9c9c-23456789abcd", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mnr_evidence_get_summary (evidence), ==, "");
  g_assert_cmpstr (mnr_evidence_get_source (evidence), ==, "Ministry of Gender Equality and Child Welfare");
  g_assert_cmpint (mnr_evidence_get_created_at (evidence), ==, 1500000000000400);
  g_assert_cmpuint (count_search (store, "GH", "protection unit"), ==, 1);
  g_assert_cmpuint (count_search (store, "NA", "road map"), ==, 1);

  /* And it works as a version-3 store from now on. */
  g_assert_true (mnr_store_set_rating (store, "6f1f3c52-4bd5-4c52-9b7e-0d9e8a1f2a10", "capability-1",
                                       "developing", "Unit staffed", &error));
  g_assert_no_error (error);
}

static void
assert_refused_untouched (Fixture    *fixture,
                          int         code,
                          const char *fragment)
{
  g_autofree char *before = snapshot_folder (fixture->path);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MnrStore) store = mnr_store_open (fixture->dir, &error);

  g_assert_null (store);
  g_assert_error (error, MNR_STORE_ERROR, code);
  if (strstr (error->message, fragment) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, fragment);

  after = snapshot_folder (fixture->path);
  g_assert_cmpstr (before, ==, after);
}

static void
test_refuses_newer (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *path = db_path (fixture);
  MnrStore *store = open_store (fixture);

  mnr_store_add_country (store, "NO", NULL);
  g_assert_finalize_object (store);
  {
    g_autofree char *newer = g_strdup_printf ("PRAGMA user_version = %d", MNR_STORE_SCHEMA_VERSION + 1);
    run_sql (path, newer);
  }

  assert_refused_untouched (fixture, MNR_STORE_ERROR_NEWER_VERSION, "newer version");
}

static void
test_refuses_damaged (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *path = db_path (fixture);
  g_autoptr(GError) error = NULL;
  MnrStore *store = open_store (fixture);
  g_autoptr(MnrRound) round = mnr_store_create_round (store, "MX", "Baseline", "2017-01-01", NULL);
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_nonnull (round);
  for (guint i = 0; i < 200; i++)
    {
      g_autoptr(MnrEvidence) evidence = make_evidence ("MX", "Training of state child protection lawyers",
                                                       "Online material for 1,280 professionals.", NULL);
      mnr_store_save_evidence (store, evidence, NULL);
    }
  g_assert_finalize_object (store);

  /* Scribble over the middle of the file. */
  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_cmpuint (length, >, 16384);
  memset (contents + 8192, 0xa5, 4096);
  g_assert_true (g_file_set_contents (path, contents, length, &error));

  assert_refused_untouched (fixture, MNR_STORE_ERROR_DAMAGED, "damaged");
}

static void
test_refuses_not_a_store (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *path = db_path (fixture);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, "This is not a database, just text.\n", -1, &error));
  assert_refused_untouched (fixture, MNR_STORE_ERROR_DAMAGED, "damaged");

  /* Another program's SQLite database is not ours to change either. */
  g_unlink (path);
  run_sql (path, "CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('x');");
  assert_refused_untouched (fixture, MNR_STORE_ERROR_DAMAGED, "another program");
}

static char *
write_file (Fixture    *fixture,
            const char *name,
            const char *contents,
            gssize      length)
{
  g_autofree char *folder = g_build_filename (fixture->path, "outside", NULL);
  char *path = g_build_filename (folder, name, NULL);
  g_autoptr(GError) error = NULL;

  g_mkdir_with_parents (folder, 0700);
  g_assert_true (g_file_set_contents (path, contents, length, &error));
  return path;
}

static void
test_attachments (Fixture       *fixture,
                  gconstpointer  data)
{
  const char *report = "%PDF-1.4 training report: 50 officers trained\n";
  g_autofree char *path = write_file (fixture, "training report.pdf", report, -1);
  g_autofree char *expected = g_compute_checksum_for_string (G_CHECKSUM_SHA256, report, -1);
  g_autoptr(GFile) source = g_file_new_for_path (path);
  g_autoptr(MnrEvidence) evidence = make_evidence ("GH", "Media sensitisation", "", NULL);
  g_autoptr(MnrStore) store = open_store (fixture);
  g_autoptr(MnrAttachment) first = NULL;
  g_autoptr(MnrAttachment) again = NULL;
  g_autoptr(GFile) stored = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stored_contents = NULL;

  g_assert_true (mnr_store_save_evidence (store, evidence, &error));

  first = mnr_store_add_attachment (store, mnr_evidence_get_id (evidence), source, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (first->sha256, ==, expected);
  g_assert_cmpstr (first->name, ==, "training report.pdf");
  g_assert_cmpint (first->size, ==, (gint64)strlen (report));

  /* Stored under its hash, byte for byte. */
  stored = mnr_store_get_attachment_file (store, first->sha256, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (g_file_peek_path (stored), expected));
  g_assert_true (g_file_load_contents (stored, NULL, &stored_contents, NULL, NULL, &error));
  g_assert_cmpstr (stored_contents, ==, report);

  /* The same content twice is one file. */
  again = mnr_store_add_attachment (store, mnr_evidence_get_id (evidence), source, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again->sha256, ==, first->sha256);
  listed = mnr_store_list_attachments (store, mnr_evidence_get_id (evidence), &error);
  g_assert_cmpuint (listed->len, ==, 2);

  {
    g_autoptr(MnrEvidence) reloaded = mnr_store_get_evidence (store, mnr_evidence_get_id (evidence), &error);
    g_assert_cmpuint (mnr_evidence_get_n_attachments (reloaded), ==, 2);
  }

  /* Opened through a copy that bears its name, not the stored original. */
  {
    g_autoptr(GFile) copy = mnr_store_get_attachment_for_opening (store, first->sha256, &error);
    g_autofree char *copy_contents = NULL;

    g_assert_no_error (error);
    g_assert_true (g_str_has_suffix (g_file_peek_path (copy), "/training report.pdf"));
    g_assert_false (g_file_equal (copy, stored));
    g_assert_true (g_file_load_contents (copy, NULL, &copy_contents, NULL, NULL, &error));
    g_assert_cmpstr (copy_contents, ==, report);
  }
}

static void
test_attachment_refusals (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(MnrEvidence) evidence = make_evidence ("SV", "Gesell chambers", "", NULL);
  g_autoptr(MnrStore) store = open_store (fixture);
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = g_build_filename (fixture->path, "outside", NULL);
  g_autofree char *big_path = NULL;
  g_autoptr(GFile) missing = NULL;
  g_autoptr(GFile) directory = NULL;
  g_autoptr(GFile) big = NULL;
  g_autoptr(GFile) found = NULL;
  g_autoptr(MnrAttachment) attachment = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_true (mnr_store_save_evidence (store, evidence, &error));
  g_mkdir_with_parents (folder, 0700);

  missing = g_file_new_for_path ("/nonexistent/protocol.pdf");
  attachment = mnr_store_add_attachment (store, mnr_evidence_get_id (evidence), missing, NULL, &error);
  g_assert_null (attachment);
  g_assert_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "protocol.pdf"));
  g_clear_error (&error);

  directory = g_file_new_for_path (folder);
  g_assert_null (mnr_store_add_attachment (store, mnr_evidence_get_id (evidence), directory, NULL, &error));
  g_assert_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* Over the limit: refused before a byte is copied. */
  big_path = g_build_filename (folder, "video.mp4", NULL);
  {
    int fd = g_open (big_path, O_CREAT | O_WRONLY, 0600);
    g_assert_cmpint (fd, >=, 0);
    g_assert_cmpint (ftruncate (fd, MNR_STORE_MAX_ATTACHMENT_SIZE + 1), ==, 0);
    close (fd);
  }
  big = g_file_new_for_path (big_path);
  before = snapshot_folder (fixture->path);
  g_assert_null (mnr_store_add_attachment (store, mnr_evidence_get_id (evidence), big, NULL, &error));
  g_assert_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_TOO_LARGE);
  g_clear_error (&error);
  after = snapshot_folder (fixture->path);
  g_assert_cmpstr (before, ==, after);

  /* Unknown evidence. */
  {
    g_autofree char *path = write_file (fixture, "note.txt", "note", -1);
    g_autoptr(GFile) note = g_file_new_for_path (path);
    g_assert_null (mnr_store_add_attachment (store, "1e2d3c4b-0000-4000-8000-000000000000", note, NULL, &error));
    g_assert_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }

  /* Names that try to lead out of the store lead nowhere. */
  found = mnr_store_get_attachment_file (store, "../../../etc/passwd", &error);
  g_assert_null (found);
  g_assert_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (mnr_store_get_attachment_file (store, "ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789", &error));
  g_assert_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (mnr_store_get_attachment_file (store, "0000000000000000000000000000000000000000000000000000000000000000", &error));
  g_assert_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (mnr_store_is_valid_sha256 ("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"));
  g_assert_false (mnr_store_is_valid_sha256 ("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde/"));
  g_assert_false (mnr_store_is_valid_sha256 (NULL));
}

static void
test_file_names (void)
{
  static const struct {
    const char *in, *out;
  } cases[] = {
    { "report.pdf", "report.pdf" },
    { "../../etc/passwd", "passwd" },
    { "/home/user/Documents/MoU 2018.docx", "MoU 2018.docx" },
    { "bad\nname\t.pdf", "badname.pdf" },
    { "..", "attachment" },
    { "", "attachment" },
    { "Acuerdo de cooperación.pdf", "Acuerdo de cooperación.pdf" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *clean = mnr_store_sanitize_file_name (cases[i].in);
      g_assert_cmpstr (clean, ==, cases[i].out);
    }

  {
    g_autofree char *clean = mnr_store_sanitize_file_name (NULL);
    g_autofree char *invalid_utf8 = mnr_store_sanitize_file_name ("\xff\xfe.pdf");
    g_autofree char *long_name = g_strnfill (500, 'x');
    g_autofree char *long_clean = mnr_store_sanitize_file_name (long_name);

    g_assert_cmpstr (clean, ==, "attachment");
    g_assert_cmpstr (invalid_utf8, ==, "attachment");
    g_assert_cmpuint (strlen (long_clean), <=, 200);
  }
}

static void
test_backup_and_restore (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) backup = NULL;
  g_autoptr(GPtrArray) backups = NULL;
  g_autoptr(MnrRound) round = NULL;
  MnrStore *store = open_store (fixture);

  round = mnr_store_create_round (store, "CO", "Baseline 2016", "2016-01-01", &error);
  mnr_store_set_rating (store, round->id, "capability-3", "established", "Law 679 of 2001", &error);
  g_assert_no_error (error);

  backup = mnr_store_backup (store, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_query_exists (backup, NULL));

  /* A later, regretted change … */
  mnr_store_set_rating (store, round->id, "capability-3", "not-in-place", "mistake", &error);
  g_assert_finalize_object (store);

  /* … undone by restoring; the data replaced is kept as a backup too. */
  g_assert_true (mnr_store_restore_backup (fixture->dir, backup, &error));
  g_assert_no_error (error);

  store = open_store (fixture);
  {
    g_autoptr(MnrRating) rating = mnr_store_get_rating (store, round->id, "capability-3", &error);
    g_assert_cmpstr (rating->level_id, ==, "established");
  }

  backups = mnr_store_list_backups (fixture->dir, &error);
  g_assert_cmpuint (backups->len, >=, 2);

  /* Only the newest few are kept. */
  for (guint i = 0; i < MNR_STORE_N_BACKUPS + 3; i++)
    {
      g_autoptr(GFile) more = mnr_store_backup (store, &error);

      g_assert_no_error (error);
      g_assert_nonnull (more);
    }
  g_clear_pointer (&backups, g_ptr_array_unref);
  backups = mnr_store_list_backups (fixture->dir, &error);
  g_assert_cmpuint (backups->len, ==, MNR_STORE_N_BACKUPS);

  g_assert_finalize_object (store);

  /* A damaged backup is not restored. */
  {
    g_autofree char *bad = g_build_filename (fixture->path, "backups", "mnr-tracker-29990101-000000-000000.db", NULL);
    g_autoptr(GFile) bad_file = g_file_new_for_path (bad);
    g_assert_true (g_file_set_contents (bad, "garbage", -1, NULL));
    g_assert_false (mnr_store_restore_backup (fixture->dir, bad_file, &error));
    g_assert_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_DAMAGED);
  }
}

/* --- the whole-file check after opening (MNR_STORE_OPEN_DEFER_CHECK) --- */

/* A store with a round, a rating and evidence in MX, closed cleanly. */
static char *
make_closed_store (Fixture *fixture)
{
  MnrStore *store = open_store (fixture);
  g_autoptr(MnrRound) round = mnr_store_create_round (store, "MX", "Baseline", "2017-01-01", NULL);
  g_autofree char *wal = NULL;

  g_assert_nonnull (round);
  g_assert_true (mnr_store_set_rating (store, round->id, "capability-4", "building", "A unit", NULL));
  for (guint i = 0; i < 200; i++)
    {
      g_autoptr(MnrEvidence) evidence = make_evidence ("MX", "Training of state child protection lawyers",
                                                       "Online material for 1,280 professionals.", NULL);
      g_assert_true (mnr_store_save_evidence (store, evidence, NULL));
    }
  g_assert_finalize_object (store);

  /* Closed cleanly: SQLite has taken its write-ahead log away. */
  wal = g_strconcat (fixture->path, "/mnr-tracker.db-wal", NULL);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  return g_strdup (round->id);
}

static void
on_checked_notify_cb (MnrStore   *store,
                      GParamSpec *pspec,
                      guint      *notified)
{
  (*notified)++;
}

static void
test_deferred_check_clean (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *round_id = make_closed_store (fixture);
  g_autofree char *before = snapshot_folder (fixture->path);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MnrStore) store = mnr_store_open_full (fixture->dir, MNR_STORE_OPEN_DEFER_CHECK, &error);
  g_autoptr(MnrRating) rating = NULL;
  g_autoptr(MnrEvidence) evidence = make_evidence ("MX", "Helpline", "", NULL);
  g_auto(GStrv) countries = NULL;
  guint notified = 0;

  g_assert_no_error (error);
  g_assert_false (mnr_store_is_checked (store));
  g_signal_connect (store, "notify::checked", G_CALLBACK (on_checked_notify_cb), &notified);

  /* It shows its data at once. */
  rating = mnr_store_get_rating (store, round_id, "capability-4", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rating->level_id, ==, "building");
  countries = mnr_store_list_countries (store, &error);
  g_assert_true (g_strv_contains ((const char * const *)countries, "MX"));
  g_assert_true (mnr_store_add_country (store, "MX", &error));  /* listed: nothing to write */
  g_assert_no_error (error);

  /* Virtual tables too: the full-text search, and json_each () in the
   * Compare view's query. */
  g_assert_cmpuint (count_search (store, "MX", "lawyers"), ==, 200);
  {
    g_autoptr(MnrFramework) framework = mnr_framework_new_default (&error);
    const char *members[] = { "MX", "NO", NULL };
    MnrCompareQuery query = { members, NULL, MNR_COMPARE_AGAINST_PREVIOUS, NULL };
    g_autoptr(MnrCompareMatrix) matrix = mnr_store_load_compare (store, framework, &query, &error);

    g_assert_no_error (error);
    g_assert_nonnull (matrix);
  }

  /* It takes no change, and says why. */
  g_assert_false (mnr_store_set_rating (store, round_id, "capability-4", "mature", "", &error));
  g_assert_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_CHECKING);
  g_assert_nonnull (strstr (error->message, "still being checked"));
  g_clear_error (&error);
  g_assert_false (mnr_store_save_evidence (store, evidence, &error));
  g_assert_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_CHECKING);
  g_clear_error (&error);
  g_assert_false (mnr_store_add_country (store, "NO", &error));
  g_assert_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_CHECKING);
  g_clear_error (&error);
  g_assert_false (mnr_store_begin_batch (store, &error));
  g_assert_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_CHECKING);
  g_clear_error (&error);

  /* Not a byte of the folder changed, not even a side file. */
  after = snapshot_folder (fixture->path);
  g_assert_cmpstr (before, ==, after);

  /* Checked, it takes changes. */
  g_assert_true (mnr_test_check_store (store, &error));
  g_assert_no_error (error);
  g_assert_true (mnr_store_is_checked (store));
  g_assert_cmpuint (notified, ==, 1);
  g_assert_true (mnr_store_set_rating (store, round_id, "capability-4", "mature", "", &error));
  g_assert_no_error (error);
  g_assert_true (mnr_store_save_evidence (store, evidence, &error));
  g_assert_no_error (error);
  g_assert_finalize_object (g_steal_pointer (&store));

  store = open_store (fixture);
  g_clear_pointer (&rating, mnr_rating_free);
  rating = mnr_store_get_rating (store, round_id, "capability-4", &error);
  g_assert_cmpstr (rating->level_id, ==, "mature");
}

/* A file damaged while the app was closed opens, shows nothing wrong
 * until its check, and is then refused as mnr_store_open() refuses it:
 * the same error, its bytes untouched, the store closed. */
static void
test_deferred_check_damaged (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *round_id = make_closed_store (fixture);
  g_autofree char *path = db_path (fixture);
  g_autofree char *contents = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) refused = NULL;
  g_autoptr(MnrStore) store = NULL;
  g_autoptr(MnrStore) none = NULL;
  g_auto(GStrv) countries = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_cmpuint (length, >, 16384);
  memset (contents + 8192, 0xa5, 4096);
  g_assert_true (g_file_set_contents (path, contents, length, &error));
  before = snapshot_folder (fixture->path);

  none = mnr_store_open (fixture->dir, &refused);
  g_assert_null (none);
  g_assert_error (refused, MNR_STORE_ERROR, MNR_STORE_ERROR_DAMAGED);

  store = mnr_store_open_full (fixture->dir, MNR_STORE_OPEN_DEFER_CHECK, &error);
  g_assert_no_error (error);
  g_assert_false (mnr_store_is_checked (store));

  g_assert_false (mnr_test_check_store (store, &error));
  g_assert_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_DAMAGED);
  g_assert_cmpstr (error->message, ==, refused->message);
  g_clear_error (&error);
  g_assert_false (mnr_store_is_checked (store));

  /* Closed: it neither reads nor writes any more. */
  countries = mnr_store_list_countries (store, &error);
  g_assert_null (countries);
  g_assert_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_false (mnr_store_set_rating (store, round_id, "capability-4", "mature", "", &error));
  g_assert_nonnull (error);

  after = snapshot_folder (fixture->path);
  g_assert_cmpstr (before, ==, after);
}

/* Copies the store's folder while @store has it open, as a crash or a
 * kill leaves it: the write-ahead log beside the file. */
static GFile *
copy_open_store (Fixture    *fixture,
                 const char *name)
{
  g_autofree char *copy = g_build_filename (fixture->path, name, NULL);

  g_assert_cmpint (g_mkdir (copy, 0700), ==, 0);
  for (const char * const *suffix = (const char * const[]) { "", "-wal", NULL }; *suffix; suffix++)
    {
      g_autofree char *from = g_strconcat (fixture->path, "/mnr-tracker.db", *suffix, NULL);
      g_autofree char *to = g_strconcat (copy, "/mnr-tracker.db", *suffix, NULL);
      g_autofree char *bytes = NULL;
      gsize length;

      g_assert_true (g_file_get_contents (from, &bytes, &length, NULL));
      g_assert_true (g_file_set_contents (to, bytes, length, NULL));
    }

  return g_file_new_for_path (copy);
}

/* After a crash the check comes first, as it always did: the store opens
 * checked, with what the log held, or not at all. */
static void
test_deferred_check_after_crash (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autofree char *round_id = make_closed_store (fixture);
  g_autoptr(GError) error = NULL;
  g_autoptr(MnrStore) store = open_store (fixture);
  g_autoptr(GFile) crashed = NULL;
  g_autoptr(GFile) damaged = NULL;
  g_autoptr(MnrStore) reopened = NULL;
  g_autoptr(MnrStore) refused = NULL;
  g_autoptr(MnrRating) rating = NULL;

  g_assert_true (mnr_store_set_rating (store, round_id, "capability-1", "developing", "", &error));
  crashed = copy_open_store (fixture, "crashed");
  damaged = copy_open_store (fixture, "damaged");
  g_assert_finalize_object (g_steal_pointer (&store));

  reopened = mnr_store_open_full (crashed, MNR_STORE_OPEN_DEFER_CHECK, &error);
  g_assert_no_error (error);
  g_assert_true (mnr_store_is_checked (reopened));
  rating = mnr_store_get_rating (reopened, round_id, "capability-1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rating->level_id, ==, "developing");
  g_assert_true (mnr_test_check_store (reopened, &error));

  /* Damaged as well, where the log does not reach: refused on opening,
   * as before. */
  {
    g_autofree char *path = g_build_filename (g_file_peek_path (damaged), "mnr-tracker.db", NULL);
    g_autofree char *contents = NULL;
    gsize length;

    g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
    memset (contents + 8192, 0xa5, 4096);
    g_assert_true (g_file_set_contents (path, contents, length, NULL));
  }
  refused = mnr_store_open_full (damaged, MNR_STORE_OPEN_DEFER_CHECK, &error);
  g_assert_null (refused);
  g_assert_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_DAMAGED);
}

/* A store that needs a migration writes: it is checked first. */
static void
test_deferred_check_migration (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autofree char *fixture_path = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "unit", "fixtures", "store-v1.sql", NULL);
  g_autofree char *sql = NULL;
  g_autofree char *path = db_path (fixture);
  g_autoptr(GError) error = NULL;
  g_autoptr(MnrStore) store = NULL;

  g_assert_true (g_file_get_contents (fixture_path, &sql, NULL, &error));
  run_sql (path, sql);

  store = mnr_store_open_full (fixture->dir, MNR_STORE_OPEN_DEFER_CHECK, &error);
  g_assert_no_error (error);
  g_assert_true (mnr_store_is_checked (store));
  g_assert_cmpint (mnr_store_get_schema_version (store), ==, MNR_STORE_SCHEMA_VERSION);
  g_assert_true (mnr_store_add_country (store, "NO", &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, mnr_test_temp_dir_tear_down)
  ADD ("/store/round-trip", test_round_trip);
  g_test_add_func ("/store/rating-ids", test_rating_ids);
  ADD ("/store/rounds-copy-latest", test_rounds_copy_latest);
  ADD ("/store/rating-history", test_rating_history);
  ADD ("/store/search-remove-restore", test_search_remove_restore);
  ADD ("/store/evidence-validation", test_evidence_validation);
  ADD ("/store/batches", test_batches);
  ADD ("/store/disk-full", test_disk_full);
  ADD ("/store/user-groups", test_user_groups);
  ADD ("/store/migrates-version-1", test_migrates_version_1);
  ADD ("/store/refuses-newer", test_refuses_newer);
  ADD ("/store/refuses-damaged", test_refuses_damaged);
  ADD ("/store/refuses-not-a-store", test_refuses_not_a_store);
  ADD ("/store/attachments", test_attachments);
  ADD ("/store/attachment-refusals", test_attachment_refusals);
  g_test_add_func ("/store/file-names", test_file_names);
  ADD ("/store/backup-and-restore", test_backup_and_restore);
  ADD ("/store/deferred-check/clean", test_deferred_check_clean);
  ADD ("/store/deferred-check/damaged", test_deferred_check_damaged);
  ADD ("/store/deferred-check/after-crash", test_deferred_check_after_crash);
  ADD ("/store/deferred-check/migration", test_deferred_check_migration);
#undef ADD

  return g_test_run ();
}
