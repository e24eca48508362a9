/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "mnr-evidence-private.h"
#include "mnr-workspace.h"
#include "mnr-test-util.h"

/* The workspace over a real store: switching country and round, rating,
 * evidence counts, and the sample data. */

typedef struct
{
  char         *path;
  MnrStore     *store;
  MnrFramework *framework;
  MnrWorkspace *workspace;
  guint         changed;
  guint         rating_changed;
  guint         evidence_changed;
} Fixture;

static void
count_cb (gpointer  instance,
          guint    *counter)
{
  (*counter)++;
}

static void
count_rating_cb (gpointer    instance,
                 const char *element,
                 Fixture    *fixture)
{
  fixture->rating_changed++;
}

static void
set_up (Fixture       *fixture,
        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) dir = NULL;

  fixture->path = g_dir_make_tmp ("mnr-workspace-XXXXXX", &error);
  dir = g_file_new_for_path (fixture->path);
  fixture->store = mnr_store_open (dir, &error);
  g_assert_no_error (error);
  fixture->framework = mnr_framework_new_default (&error);
  g_assert_no_error (error);
  fixture->workspace = mnr_workspace_new (fixture->store, fixture->framework);

  g_signal_connect (fixture->workspace, "changed", G_CALLBACK (count_cb), &fixture->changed);
  g_signal_connect (fixture->workspace, "evidence-changed", G_CALLBACK (count_cb), &fixture->evidence_changed);
  g_signal_connect (fixture->workspace, "rating-changed", G_CALLBACK (count_rating_cb), fixture);
}

static void
tear_down (Fixture       *fixture,
           gconstpointer  data)
{
  g_assert_finalize_object (fixture->workspace);
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->framework);
  mnr_test_remove_tree (fixture->path);
  g_free (fixture->path);
}

static void
test_country_and_rounds (Fixture       *fixture,
                         gconstpointer  data)
{
  MnrWorkspace *ws = fixture->workspace;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) countries = NULL;
  MnrRound *first, *second;

  g_assert_null (mnr_workspace_get_country (ws));
  g_assert_null (mnr_workspace_get_round (ws));

  /* Opening a country writes no round: looking is not writing. */
  g_assert_true (mnr_workspace_set_country (ws, "na", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (mnr_workspace_get_country (ws), ==, "NA");
  g_assert_cmpuint (mnr_workspace_get_rounds (ws)->len, ==, 0);
  g_assert_null (mnr_workspace_get_round (ws));
  g_assert_cmpint (mnr_store_count_dirty (fixture->store, NULL, &error), ==, 0);
  {
    g_autoptr(GPtrArray) stored = mnr_store_list_rounds (fixture->store, "NA", &error);
    g_assert_cmpuint (stored->len, ==, 0);
  }
  g_assert_cmpuint (fixture->changed, ==, 1);

  countries = mnr_workspace_list_countries (ws);
  g_assert_cmpstrv (countries, ((const char *[]) { "NA", NULL }));

  /* Unrated elements are "not assessed", with or without a round. */
  g_assert_cmpstr (mnr_level_get_id (mnr_workspace_get_level (ws, "capability-1")), ==, "not-assessed");
  {
    g_autoptr(GPtrArray) history = mnr_workspace_get_rating_history (ws, "capability-1", &error);
    g_assert_cmpuint (history->len, ==, 0);
  }

  /* The first rating makes the first round, and shows it. */
  g_assert_true (mnr_workspace_set_rating (ws, "capability-1", "building", "Road map drafted", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (mnr_workspace_get_rounds (ws)->len, ==, 1);
  first = mnr_workspace_get_round (ws);
  g_assert_nonnull (first);
  g_assert_true (g_str_has_prefix (first->name, "Assessment "));
  g_assert_cmpuint (fixture->changed, ==, 2);
  g_assert_cmpuint (fixture->rating_changed, ==, 1);
  g_assert_cmpstr (mnr_level_get_id (mnr_workspace_get_level (ws, "capability-1")), ==, "building");
  g_assert_cmpstr (mnr_workspace_get_rating (ws, "capability-1")->rationale, ==, "Road map drafted");

  /* Not on the scale, or not in the framework: refused. */
  g_assert_false (mnr_workspace_set_rating (ws, "capability-1", "excellent", "", &error));
  g_assert_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (mnr_workspace_set_rating (ws, "capability-22", "building", "", &error));
  g_assert_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* A new round copies the levels and becomes the one shown. */
  second = mnr_workspace_new_round (ws, "Review 2030", "2030-01-31", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mnr_workspace_get_round_id (ws), ==, second->id);
  g_assert_cmpstr (mnr_level_get_id (mnr_workspace_get_level (ws, "capability-1")), ==, "building");
  g_assert_true (mnr_workspace_set_rating (ws, "capability-1", "developing", "Task force running", &error));

  /* Back to the first: its own levels. */
  g_assert_true (mnr_workspace_set_round (ws, mnr_workspace_get_rounds (ws)->len == 2
                                              ? ((MnrRound *)mnr_workspace_get_rounds (ws)->pdata[1])->id
                                              : "", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (mnr_level_get_id (mnr_workspace_get_level (ws, "capability-1")), ==, "building");

  {
    g_autoptr(GPtrArray) history = mnr_workspace_get_rating_history (ws, "capability-1", &error);
    g_assert_cmpuint (history->len, ==, 1);
  }

  g_assert_false (mnr_workspace_set_round (ws, "no-such-round", &error));
  g_assert_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_NOT_FOUND);
}

static void
test_evidence (Fixture       *fixture,
               gconstpointer  data)
{
  MnrWorkspace *ws = fixture->workspace;
  const char *links[] = { "capability-4", "enabler-justice", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(MnrEvidence) evidence = NULL;
  g_autoptr(GListModel) found = NULL;

  g_assert_true (mnr_workspace_set_country (ws, "GR", &error));

  evidence = mnr_evidence_new ("GR");
  mnr_evidence_set_title (evidence, "Online Protection of Minors department");
  mnr_evidence_set_kind (evidence, "institution");
  mnr_evidence_set_elements (evidence, links);
  g_assert_true (mnr_workspace_save_evidence (ws, evidence, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (fixture->evidence_changed, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (mnr_workspace_get_evidence (ws)), ==, 1);
  g_assert_cmpuint (mnr_workspace_get_evidence_count (ws, "capability-4"), ==, 1);
  g_assert_cmpuint (mnr_workspace_get_evidence_count (ws, "enabler-justice"), ==, 1);
  g_assert_cmpuint (mnr_workspace_get_evidence_count (ws, "capability-5"), ==, 0);

  found = mnr_workspace_search_evidence (ws, "minors", &error);
  g_assert_cmpuint (g_list_model_get_n_items (found), ==, 1);

  g_assert_true (mnr_workspace_remove_evidence (ws, mnr_evidence_get_id (evidence), &error));
  g_assert_cmpuint (mnr_workspace_get_evidence_count (ws, "capability-4"), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (mnr_workspace_get_evidence (ws)), ==, 0);
  g_assert_true (mnr_workspace_restore_evidence (ws, mnr_evidence_get_id (evidence), &error));
  g_assert_cmpuint (mnr_workspace_get_evidence_count (ws, "capability-4"), ==, 1);
}

static void
test_samples (Fixture       *fixture,
              gconstpointer  data)
{
  MnrWorkspace *ws = fixture->workspace;
  g_autoptr(GError) error = NULL;
  g_autoptr(MnrSampleEvidence) samples = mnr_sample_evidence_new_default (&error);
  g_auto(GStrv) countries = NULL;
  guint added;

  g_assert_no_error (error);
  added = mnr_workspace_import_samples (ws, samples, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (added, >=, 40);

  /* Twice adds nothing twice. */
  g_assert_cmpuint (mnr_workspace_import_samples (ws, samples, &error), ==, 0);
  g_assert_no_error (error);

  countries = mnr_workspace_list_countries (ws);
  g_assert_true (g_strv_contains ((const char * const *)countries, "PH"));
  g_assert_true (g_strv_contains ((const char * const *)countries, "GR"));

  g_assert_true (mnr_workspace_set_country (ws, "GR", &error));
  g_assert_cmpuint (mnr_workspace_get_evidence_count (ws, "capability-4"), >=, 1);

  /* Sample data never rates a real country. */
  for (guint n = 1; n <= 21; n++)
    {
      g_autofree char *element = g_strdup_printf ("capability-%u", n);
      g_assert_null (mnr_workspace_get_rating (ws, element));
    }

  {
    g_autoptr(MnrEvidence) first = g_list_model_get_item (mnr_workspace_get_evidence (ws), 0);
    g_assert_nonnull (strstr (mnr_evidence_get_source (first), "2018"));
  }
}

static gboolean
dirty_has (MnrStore   *store,
           const char *id,
           gboolean   *deleted)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) dirty = mnr_store_list_dirty (store, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < dirty->len; i++)
    {
      MnrSyncRecord *record = g_ptr_array_index (dirty, i);
      if (g_strcmp0 (record->id, id) == 0)
        {
          if (deleted != NULL)
            *deleted = record->deleted;
          return TRUE;
        }
    }
  return FALSE;
}

/* Sample data is marked, never in the outbox, and removable by country
 * or all at once; an example an older version pushed leaves the server
 * as a removal. The country's own evidence is never touched. */
static void
test_samples_never_synced (Fixture       *fixture,
                           gconstpointer  data)
{
  MnrWorkspace *ws = fixture->workspace;
  MnrStore *store = fixture->store;
  g_autoptr(GError) error = NULL;
  g_autoptr(MnrSampleEvidence) samples = mnr_sample_evidence_new_default (&error);
  g_autoptr(MnrEvidence) own = mnr_evidence_new ("GR");
  g_autoptr(MnrEvidence) pushed = NULL;
  g_autoptr(MnrEvidence) example = NULL;
  g_autofree char *pushed_id = NULL;
  gint64 before, total;
  gboolean deleted = FALSE;
  GListModel *list;

  g_assert_no_error (error);

  /* The country's own evidence, and one example an older version added
   * without a mark and pushed: it has the id import gives it. */
  mnr_evidence_set_title (own, "Law on online child sexual exploitation");
  mnr_evidence_set_kind (own, "legislation");
  g_assert_true (mnr_store_save_evidence (store, own, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (mnr_workspace_import_samples (ws, samples, &error), >=, 40);
  g_assert_no_error (error);
  total = mnr_store_count_sample (store, NULL, &error);
  g_assert_cmpint (total, >=, 40);

  /* Not one example in the outbox: only the country's own evidence. */
  g_assert_cmpint (mnr_store_count_dirty (store, NULL, &error), ==, 1);
  g_assert_true (dirty_has (store, mnr_evidence_get_id (own), NULL));

  g_assert_true (mnr_workspace_set_country (ws, "GR", &error));
  list = mnr_workspace_get_evidence (ws);
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(MnrEvidence) item = g_list_model_get_item (list, i);
      if (g_strcmp0 (mnr_evidence_get_id (item), mnr_evidence_get_id (own)) == 0)
        g_assert_false (mnr_evidence_get_sample (item));
      else if (example == NULL)
        example = g_object_ref (item);
    }
  g_assert_nonnull (example);
  g_assert_true (mnr_evidence_get_sample (example));

  /* As an older version left it: unmarked, and on the server. */
  pushed_id = g_strdup (mnr_evidence_get_id (example));
  g_assert_true (mnr_store_remove_sample (store, "GR", &error) >= 1);
  pushed = mnr_evidence_new_full (pushed_id, "GR");
  mnr_evidence_set_title (pushed, mnr_evidence_get_title (example));
  mnr_evidence_set_kind (pushed, mnr_evidence_get_kind (example));
  g_assert_true (mnr_store_save_evidence (store, pushed, &error));
  g_assert_true (dirty_has (store, pushed_id, NULL));
  g_assert_true (mnr_store_mark_pushed (store, "evidence", pushed_id, 1, 7, &error));
  g_assert_no_error (error);
  g_assert_false (dirty_has (store, pushed_id, NULL));

  /* This version marks it when it opens the store ... */
  g_assert_cmpint (mnr_workspace_mark_samples (ws, samples, &error), ==, 1);
  g_assert_cmpint (mnr_workspace_mark_samples (ws, samples, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_cmpint (mnr_store_count_sample (store, "GR", &error), ==, 1);

  /* ... and removing the sample data sends its removal, alone. */
  before = mnr_store_count_dirty (store, NULL, &error);
  g_assert_cmpint (mnr_workspace_remove_samples (ws, "GR", &error), ==, 1);
  g_assert_no_error (error);
  g_assert_cmpint (mnr_store_count_sample (store, "GR", &error), ==, 0);
  g_assert_true (dirty_has (store, pushed_id, &deleted));
  g_assert_true (deleted);
  g_assert_cmpint (mnr_store_count_dirty (store, NULL, &error), ==, before + 1);

  /* Other countries keep theirs until all go; the own evidence stays. */
  g_assert_cmpint (mnr_store_count_sample (store, NULL, &error), >, 0);
  g_assert_cmpint (mnr_workspace_remove_samples (ws, NULL, &error), >, 0);
  g_assert_cmpint (mnr_store_count_sample (store, NULL, &error), ==, 0);
  g_assert_cmpint (mnr_workspace_remove_samples (ws, NULL, &error), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (mnr_workspace_get_evidence (ws)), ==, 1);
  {
    g_autoptr(MnrEvidence) kept = g_list_model_get_item (mnr_workspace_get_evidence (ws), 0);
    g_assert_cmpstr (mnr_evidence_get_id (kept), ==, mnr_evidence_get_id (own));
  }

  /* Loading them again brings them back, still out of the outbox; the
   * one whose removal is on its way to the server stays removed. */
  before = mnr_store_count_dirty (store, NULL, &error);
  g_assert_cmpuint (mnr_workspace_import_samples (ws, samples, &error), ==, (guint)total - 1);
  g_assert_true (dirty_has (store, pushed_id, &deleted));
  g_assert_cmpint (mnr_store_count_dirty (store, NULL, &error), ==, before);
  g_assert_no_error (error);
}

/* A round can be renamed, and deleted with its ratings: the deletions go
 * to the outbox as tombstones, and restoring brings back the ratings that
 * went with the round, not those removed before. */
static void
test_rename_delete_round (Fixture       *fixture,
                          gconstpointer  data)
{
  MnrWorkspace *ws = fixture->workspace;
  MnrStore *store = fixture->store;
  g_autoptr(GError) error = NULL;
  g_autofree char *first_id = NULL;
  g_autofree char *second_id = NULL;
  g_autofree char *rating_id = NULL;
  gboolean deleted = FALSE;

  g_assert_true (mnr_workspace_set_country (ws, "GH", &error));
  g_assert_true (mnr_workspace_set_rating (ws, "capability-1", "building", "Road map drafted", &error));
  g_assert_true (mnr_workspace_set_rating (ws, "capability-2", "developing", "", &error));
  g_assert_no_error (error);
  first_id = g_strdup (mnr_workspace_get_round_id (ws));
  rating_id = g_strdup (mnr_workspace_get_rating (ws, "capability-1")->id);
  mnr_test_push_all (store);

  /* Renamed: blank and overlong names are refused, the name is trimmed. */
  g_assert_false (mnr_workspace_rename_round (ws, first_id, "   ", &error));
  g_assert_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_INVALID);
  g_clear_error (&error);
  {
    g_autofree char *long_name = g_strnfill (201, 'x');
    g_assert_false (mnr_workspace_rename_round (ws, first_id, long_name, &error));
    g_assert_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_INVALID);
    g_clear_error (&error);
  }
  g_assert_false (mnr_workspace_rename_round (ws, "no-such-round", "Review", &error));
  g_assert_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (mnr_store_count_dirty (store, NULL, &error), ==, 0);

  g_assert_true (mnr_workspace_rename_round (ws, first_id, "  Review 2018 ", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (mnr_workspace_get_round (ws)->name, ==, "Review 2018");
  g_assert_cmpstr (mnr_workspace_get_round_id (ws), ==, first_id);
  g_assert_true (dirty_has (store, first_id, NULL));
  g_assert_cmpint (mnr_store_count_dirty (store, NULL, &error), ==, 1);

  /* A second round, then the first deleted with its two ratings. */
  g_assert_nonnull (mnr_workspace_new_round (ws, "Review 2030", "2030-01-31", &error));
  second_id = g_strdup (mnr_workspace_get_round_id (ws));
  g_assert_cmpint (mnr_workspace_count_round_ratings (ws, first_id, &error), ==, 2);
  g_assert_cmpint (mnr_workspace_count_round_ratings (ws, second_id, &error), ==, 2);
  g_assert_true (mnr_workspace_set_round (ws, first_id, &error));

  /* One of its ratings set back to "not assessed": it counts for nothing. */
  g_assert_true (mnr_workspace_set_rating (ws, "capability-2", "not-assessed", "", &error));
  g_assert_no_error (error);
  g_assert_cmpint (mnr_workspace_count_round_ratings (ws, first_id, &error), ==, 1);
  mnr_test_push_all (store);

  g_assert_true (mnr_workspace_remove_round (ws, first_id, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (mnr_workspace_get_rounds (ws)->len, ==, 1);
  g_assert_cmpstr (mnr_workspace_get_round_id (ws), ==, second_id);
  g_assert_cmpstr (mnr_level_get_id (mnr_workspace_get_level (ws, "capability-1")), ==, "building");
  g_assert_cmpint (mnr_workspace_count_round_ratings (ws, first_id, &error), ==, 0);
  {
    g_autoptr(MnrSyncRecord) round = mnr_test_find_dirty (store, "round", first_id);
    g_autoptr(MnrSyncRecord) rating = mnr_test_find_dirty (store, "rating", rating_id);
    g_assert_nonnull (round);
    g_assert_true (round->deleted);
    g_assert_nonnull (rating);
    g_assert_true (rating->deleted);
  }
  g_assert_cmpint (mnr_store_count_dirty (store, NULL, &error), ==, 3);
  g_assert_false (mnr_workspace_remove_round (ws, first_id, &error));
  g_assert_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Undo: the round and the ratings it had when deleted. */
  g_assert_true (mnr_workspace_restore_round (ws, first_id, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (mnr_workspace_get_rounds (ws)->len, ==, 2);
  g_assert_cmpstr (mnr_workspace_get_round_id (ws), ==, first_id);
  g_assert_cmpstr (mnr_workspace_get_round (ws)->name, ==, "Review 2018");
  g_assert_cmpstr (mnr_level_get_id (mnr_workspace_get_level (ws, "capability-1")), ==, "building");
  g_assert_cmpstr (mnr_level_get_id (mnr_workspace_get_level (ws, "capability-2")), ==, "not-assessed");
  g_assert_cmpint (mnr_workspace_count_round_ratings (ws, first_id, &error), ==, 1);
  g_assert_true (dirty_has (store, rating_id, &deleted));
  g_assert_false (deleted);
  g_assert_false (mnr_workspace_restore_round (ws, first_id, &error));
  g_assert_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* The last round deleted: the country has none, as when first opened. */
  g_assert_true (mnr_workspace_remove_round (ws, first_id, &error));
  g_assert_true (mnr_workspace_remove_round (ws, second_id, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (mnr_workspace_get_rounds (ws)->len, ==, 0);
  g_assert_null (mnr_workspace_get_round (ws));
  g_assert_cmpstr (mnr_level_get_id (mnr_workspace_get_level (ws, "capability-1")), ==, "not-assessed");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/workspace/country-and-rounds", Fixture, NULL, set_up, test_country_and_rounds, tear_down);
  g_test_add ("/workspace/evidence", Fixture, NULL, set_up, test_evidence, tear_down);
  g_test_add ("/workspace/samples", Fixture, NULL, set_up, test_samples, tear_down);
  g_test_add ("/workspace/samples-never-synced", Fixture, NULL, set_up, test_samples_never_synced, tear_down);
  g_test_add ("/workspace/rename-delete-round", Fixture, NULL, set_up, test_rename_delete_round, tear_down);

  return g_test_run ();
}
