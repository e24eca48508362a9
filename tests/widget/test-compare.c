/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "mnr-compare-export.h"
#include "mnr-store-compare.h"
#include "mnr-test-util.h"
#include "mnr-widget-test-util.h"

/* The Compare view's model over a real store: which round each country
 * shows, the change against an earlier round, the counts per capability
 * and per domain, and the CSV of the matrix to the byte. */

static MnrFramework *framework;
static MnrCountryCatalog *catalog;

enum { NOT_ASSESSED, NOT_IN_PLACE, BUILDING, DEVELOPING, ESTABLISHED, MATURE };

typedef struct
{
  char     *directory;
  MnrStore *store;
} Fixture;

static char *
make_round (MnrStore   *store,
            const char *country,
            const char *name,
            const char *date)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MnrRound) round = mnr_store_create_round (store, country, name, date, &error);

  g_assert_no_error (error);
  return g_strdup (round->id);
}

static void
rate (MnrStore   *store,
      const char *round_id,
      const char *element,
      const char *level)
{
  g_autoptr(GError) error = NULL;

  mnr_store_set_rating (store, round_id, element, level, "", &error);
  g_assert_no_error (error);
}

/* VN: 2016 then 2018 (a copy, then changes); TH: 2017; LA: no round. */
static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autofree char *vn16 = NULL, *vn18 = NULL, *th17 = NULL;

  fixture->store = mnr_test_open_temp_store ("mnr-compare-XXXXXX", &fixture->directory);

  vn16 = make_round (fixture->store, "VN", "Baseline 2016", "2016-06-30");
  rate (fixture->store, vn16, "capability-1", "developing");
  rate (fixture->store, vn16, "capability-2", "established");
  rate (fixture->store, vn16, "capability-4", "building");
  rate (fixture->store, vn16, "enabler-justice", "mature");
  vn18 = make_round (fixture->store, "VN", "Review 2018", "2018-06-30");
  rate (fixture->store, vn18, "capability-2", "building");
  rate (fixture->store, vn18, "capability-3", "mature");
  rate (fixture->store, vn18, "capability-4", "developing");

  th17 = make_round (fixture->store, "TH", "Review 2017", "2017-03-01");
  rate (fixture->store, th17, "capability-1", "established");
  rate (fixture->store, th17, "capability-2", "mature");
  rate (fixture->store, th17, "capability-3", "established");
  rate (fixture->store, th17, "capability-4", "established");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  mnr_test_close_temp_store (&fixture->store, &fixture->directory);
}

static MnrCompareMatrix *
load (Fixture           *fixture,
      const char        *as_of,
      MnrCompareAgainst  against,
      const char        *against_date)
{
  const char *members[] = { "VN", "TH", "LA", NULL };
  MnrCompareQuery query = { members, as_of, against, against_date };
  g_autoptr(GError) error = NULL;
  MnrCompareMatrix *matrix = mnr_store_load_compare (fixture->store, framework, &query, &error);

  g_assert_no_error (error);
  g_assert_nonnull (matrix);
  mnr_compare_matrix_set_names (matrix, catalog);
  return matrix;
}

static guint
row_of (MnrCompareMatrix *matrix,
        const char       *code)
{
  int row = mnr_compare_matrix_find_row (matrix, code);

  g_assert_cmpint (row, >=, 0);
  return (guint)row;
}

static void
test_latest_round (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(MnrCompareMatrix) matrix = load (fixture, NULL, MNR_COMPARE_AGAINST_NOTHING, NULL);
  guint vn = row_of (matrix, "VN"), la = row_of (matrix, "LA");
  int cap4 = mnr_compare_matrix_column_for (matrix, "capability-4");
  int justice = mnr_compare_matrix_column_for (matrix, "enabler-justice");

  g_assert_cmpuint (mnr_compare_matrix_get_n_rows (matrix), ==, 3);
  /* In the order of their names, from the catalog. */
  g_assert_cmpstr (mnr_compare_matrix_get_code (matrix, 0), ==, "LA");
  g_assert_cmpstr (mnr_compare_matrix_get_code (matrix, 1), ==, "TH");
  g_assert_cmpstr (mnr_compare_matrix_get_name (matrix, vn), ==, "Vietnam");
  g_assert_cmpint (cap4, ==, 3);
  g_assert_cmpint (justice, ==, 22);
  g_assert_cmpstr (mnr_compare_matrix_get_round_name (matrix, vn, FALSE), ==, "Review 2018");
  g_assert_cmpuint (mnr_compare_matrix_get_level (matrix, vn, FALSE, cap4), ==, DEVELOPING);
  /* Copied from the round before. */
  g_assert_cmpuint (mnr_compare_matrix_get_level (matrix, vn, FALSE, justice), ==, MATURE);
  g_assert_cmpuint (mnr_compare_matrix_get_level (matrix, vn, FALSE, 10), ==, NOT_ASSESSED);
  /* A member with no round: no data, not "not assessed". */
  g_assert_null (mnr_compare_matrix_get_round_id (matrix, la, FALSE));
  g_assert_cmpuint (mnr_compare_matrix_get_level (matrix, la, FALSE, cap4), ==, MNR_COMPARE_NO_DATA);
  g_assert_cmpuint (mnr_compare_matrix_count_rows_with_data (matrix), ==, 2);
  g_assert_cmpuint (mnr_compare_matrix_get_change (matrix, vn, cap4), ==, MNR_COMPARE_CHANGE_NONE);
}

static void
test_as_of_date (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr(MnrCompareMatrix) matrix = load (fixture, "2017-12-31", MNR_COMPARE_AGAINST_NOTHING, NULL);
  g_autoptr(MnrCompareMatrix) early = load (fixture, "2016-12-31", MNR_COMPARE_AGAINST_NOTHING, NULL);
  g_autoptr(MnrCompareMatrix) on_day = load (fixture, "2018-06-30", MNR_COMPARE_AGAINST_NOTHING, NULL);
  guint vn = row_of (matrix, "VN");

  g_assert_cmpstr (mnr_compare_matrix_get_round_name (matrix, vn, FALSE), ==, "Baseline 2016");
  g_assert_cmpuint (mnr_compare_matrix_get_level (matrix, vn, FALSE, 3), ==, BUILDING);
  g_assert_cmpstr (mnr_compare_matrix_get_round_name (matrix, row_of (matrix, "TH"), FALSE), ==, "Review 2017");
  /* Thailand had no round yet in 2016. */
  g_assert_null (mnr_compare_matrix_get_round_id (early, row_of (early, "TH"), FALSE));
  g_assert_cmpuint (mnr_compare_matrix_count_rows_with_data (early), ==, 1);
  /* A round dated that day counts as of that day. */
  g_assert_cmpstr (mnr_compare_matrix_get_round_name (on_day, row_of (on_day, "VN"), FALSE), ==, "Review 2018");
}

static void
test_change (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autoptr(MnrCompareMatrix) matrix = load (fixture, NULL, MNR_COMPARE_AGAINST_PREVIOUS, NULL);
  g_autoptr(MnrCompareMatrix) by_date = load (fixture, NULL, MNR_COMPARE_AGAINST_DATE, "2017-01-01");
  guint vn = row_of (matrix, "VN"), th = row_of (matrix, "TH");
  guint up, down, same;

  g_assert_cmpstr (mnr_compare_matrix_get_round_name (matrix, vn, TRUE), ==, "Baseline 2016");
  g_assert_cmpuint (mnr_compare_matrix_get_change (matrix, vn, 0), ==, MNR_COMPARE_CHANGE_SAME);
  g_assert_cmpuint (mnr_compare_matrix_get_change (matrix, vn, 1), ==, MNR_COMPARE_CHANGE_DOWN);
  g_assert_cmpuint (mnr_compare_matrix_get_change (matrix, vn, 3), ==, MNR_COMPARE_CHANGE_UP);
  /* Not assessed before: nothing to compare. */
  g_assert_cmpuint (mnr_compare_matrix_get_change (matrix, vn, 2), ==, MNR_COMPARE_CHANGE_NONE);
  /* Thailand has one round only. */
  g_assert_null (mnr_compare_matrix_get_round_id (matrix, th, TRUE));
  g_assert_cmpuint (mnr_compare_matrix_get_change (matrix, th, 0), ==, MNR_COMPARE_CHANGE_NONE);

  mnr_compare_matrix_count_row_changes (matrix, vn, &up, &down, &same);
  g_assert_cmpuint (up, ==, 1);
  g_assert_cmpuint (down, ==, 1);
  g_assert_cmpuint (same, ==, 2); /* capability 1 and the justice enabler */
  mnr_compare_matrix_count_column_changes (matrix, 3, &up, &down, &same);
  g_assert_cmpuint (up, ==, 1);
  g_assert_cmpuint (down + same, ==, 0);

  {
    g_autofree char *text = mnr_compare_matrix_dup_cell_text (matrix, vn, 3);
    g_autofree char *down_text = mnr_compare_matrix_dup_cell_text (matrix, vn, 1);
    g_autofree char *none_text = mnr_compare_matrix_dup_cell_text (matrix, vn, 5);
    g_assert_cmpstr (text, ==, "▲3");
    g_assert_cmpstr (down_text, ==, "▼2");
    g_assert_cmpstr (none_text, ==, "–");
  }

  /* As of a date: Viet Nam's 2016 round, Thailand none (2017-03-01 is later). */
  vn = row_of (by_date, "VN");
  g_assert_cmpstr (mnr_compare_matrix_get_round_name (by_date, vn, TRUE), ==, "Baseline 2016");
  g_assert_cmpuint (mnr_compare_matrix_get_change (by_date, vn, 3), ==, MNR_COMPARE_CHANGE_UP);
  g_assert_null (mnr_compare_matrix_get_round_id (by_date, row_of (by_date, "TH"), TRUE));
}

static void
test_counts (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autoptr(MnrCompareMatrix) matrix = load (fixture, NULL, MNR_COMPARE_AGAINST_NOTHING, NULL);
  MnrElement *policy = mnr_element_get_domain (mnr_framework_get_capability (framework, 1));
  MnrElement *justice = mnr_element_get_domain (mnr_framework_get_capability (framework, 4));

  /* Capability 4: VN Developing, TH Established, LA no data. */
  g_assert_cmpuint (mnr_compare_matrix_count_at_level (matrix, 3, DEVELOPING), ==, 1);
  g_assert_cmpuint (mnr_compare_matrix_count_at_level (matrix, 3, ESTABLISHED), ==, 1);
  g_assert_cmpuint (mnr_compare_matrix_count_at_or_above (matrix, 3, DEVELOPING), ==, 2);
  g_assert_cmpuint (mnr_compare_matrix_count_at_or_above (matrix, 3, ESTABLISHED), ==, 1);
  g_assert_cmpuint (mnr_compare_matrix_count_at_or_above (matrix, 3, MATURE), ==, 0);
  /* Policy and Governance (1–3): VN's lowest is Building (capability 2),
   * TH's Established. */
  g_assert_cmpuint (mnr_compare_matrix_count_domain_at_level (matrix, policy, BUILDING), ==, 1);
  g_assert_cmpuint (mnr_compare_matrix_count_domain_at_level (matrix, policy, ESTABLISHED), ==, 1);
  g_assert_cmpuint (mnr_compare_matrix_count_domain_at_or_above (matrix, policy, BUILDING), ==, 2);
  g_assert_cmpuint (mnr_compare_matrix_count_domain_at_or_above (matrix, policy, ESTABLISHED), ==, 1);
  /* Criminal Justice (4–7): 5 to 7 not assessed anywhere. */
  g_assert_cmpuint (mnr_compare_matrix_count_domain_at_level (matrix, justice, NOT_ASSESSED), ==, 2);
  g_assert_cmpuint (mnr_compare_matrix_count_domain_at_or_above (matrix, justice, NOT_IN_PLACE), ==, 0);

  /* One column at a time: highest first, then by name; no data last. */
  mnr_compare_matrix_sort_by_column (matrix, 3);
  g_assert_cmpstr (mnr_compare_matrix_get_code (matrix, 0), ==, "TH");
  g_assert_cmpstr (mnr_compare_matrix_get_code (matrix, 1), ==, "VN");
  g_assert_cmpstr (mnr_compare_matrix_get_code (matrix, 2), ==, "LA");
  mnr_compare_matrix_sort_by_name (matrix);
  g_assert_cmpstr (mnr_compare_matrix_get_code (matrix, 0), ==, "LA");
}

static void
test_every_country (Fixture       *fixture,
                    gconstpointer  user_data)
{
  MnrCompareQuery query = { NULL, NULL, MNR_COMPARE_AGAINST_NOTHING, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(MnrCompareMatrix) matrix = mnr_store_load_compare (fixture->store, framework, &query, &error);
  g_auto(GStrv) dates = mnr_store_list_round_dates (fixture->store, NULL, &error);

  g_assert_no_error (error);
  /* Every country with a round: Laos has none. */
  g_assert_cmpuint (mnr_compare_matrix_get_n_rows (matrix), ==, 2);
  g_assert_cmpint (mnr_compare_matrix_find_row (matrix, "LA"), ==, -1);
  g_assert_cmpuint (g_strv_length (dates), ==, 3);
  g_assert_cmpstr (dates[0], ==, "2018-06-30");
  g_assert_cmpstr (dates[2], ==, "2016-06-30");
}

/* Accents, commas and quotes, in names the catalog and a person gave. */
static void
test_csv (Fixture       *fixture,
          gconstpointer  user_data)
{
  const char *members[] = { "CI", "CD", NULL };
  MnrCompareQuery query = { members, NULL, MNR_COMPARE_AGAINST_PREVIOUS, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(MnrCompareMatrix) matrix = NULL;
  g_autoptr(GBytes) csv = NULL;
  g_autofree char *ci1 = make_round (fixture->store, "CI", "Revue \"initiale\", 2019", "2019-01-15");
  g_autofree char *ci2 = NULL;
  g_autoptr(GString) expected = g_string_new ("\xef\xbb\xbf");
  const char *text;
  gsize size;

  rate (fixture->store, ci1, "capability-1", "building");
  rate (fixture->store, ci1, "enabler-data-evidence", "mature");
  ci2 = make_round (fixture->store, "CI", "Revue 2021", "2021-01-15");
  rate (fixture->store, ci2, "capability-1", "established");
  rate (fixture->store, ci2, "enabler-data-evidence", "developing");

  matrix = mnr_store_load_compare (fixture->store, framework, &query, &error);
  g_assert_no_error (error);
  mnr_compare_matrix_set_names (matrix, catalog);
  csv = mnr_compare_matrix_to_csv (matrix);
  text = g_bytes_get_data (csv, &size);

  g_string_append (expected, "Country,ISO 3166 code,Round,Round date,Earlier round,Earlier round date");
  for (guint c = 0; c < MNR_COMPARE_N_COLUMNS; c++)
    {
      g_autofree char *label = mnr_element_dup_label (mnr_compare_matrix_get_column (matrix, c));
      if (strchr (label, ',') != NULL)
        g_string_append_printf (expected, ",\"%s\"", label);
      else
        g_string_append_printf (expected, ",%s", label);
    }
  g_string_append (expected, "\r\n\"Congo, The Democratic Republic of the\",CD,,,,");
  for (guint c = 0; c < MNR_COMPARE_N_COLUMNS; c++)
    g_string_append_c (expected, ',');
  g_string_append (expected, "\r\nCôte d'Ivoire,CI,Revue 2021,2021-01-15,\"Revue \"\"initiale\"\", 2019\",2019-01-15,"
                             "Established (up from Building)");
  for (guint c = 1; c < MNR_COMPARE_N_COLUMNS - 1; c++)
    g_string_append (expected, ",Not assessed");
  g_string_append (expected, ",Developing (down from Mature)\r\n");

  g_assert_cmpmem (text, size, expected->str, expected->len);
  /* A label with a comma is quoted: the second enabler’s title has one. */
  g_assert_nonnull (strstr (text, ",\"Enabler: Willingness to prosecute, functioning justice system and rule of law\","));
}

static gboolean
file_starts_with (const char *path,
                  const char *magic,
                  gsize       length)
{
  g_autofree char *contents = NULL;
  gsize size = 0;

  return g_file_get_contents (path, &contents, &size, NULL) && size >= length && memcmp (contents, magic, length) == 0;
}

/* The three files of Export, and the command line's answers. */
static void
test_export (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autoptr(MnrCompareMatrix) matrix = load (fixture, NULL, MNR_COMPARE_AGAINST_PREVIOUS, NULL);
  GdkRGBA ink = { 0, 0, 0, 1 };
  MnrComparePalette palette = { 0 };
  g_autoptr(GBytes) csv = mnr_compare_matrix_to_csv (matrix);
  const char *formats[] = { "csv", "png", "pdf" };
  const char *magic[] = { "\xef\xbb\xbf", "\x89PNG", "%PDF" };

  mnr_compare_palette_init (&palette, matrix, &ink);
  palette.threshold = ESTABLISHED;

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *name = g_strconcat ("compare.", formats[i], NULL);
      g_autofree char *path = g_build_filename (fixture->directory, name, NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GError) error = NULL;

      g_assert_true (mnr_compare_export_write (matrix, &palette, "ASEAN", formats[i], file, &error));
      g_assert_no_error (error);
      g_assert_true (file_starts_with (path, magic[i], strlen (magic[i])));
      if (i == 0)
        {
          g_autofree char *contents = NULL;
          gsize size;

          g_assert_true (g_file_get_contents (path, &contents, &size, NULL));
          g_assert_cmpmem (contents, size, g_bytes_get_data (csv, NULL), g_bytes_get_size (csv));
        }
    }

  /* --export-compare: the store of MNR_TRACKER_DATA_DIR (opened a second
   * time, as another process would), no window. */
  g_setenv ("MNR_TRACKER_DATA_DIR", fixture->directory, TRUE);
  {
    g_autofree char *path = g_build_filename (fixture->directory, "cli.csv", NULL);
    g_autofree char *wrong = g_build_filename (fixture->directory, "cli.txt", NULL);
    g_autofree char *contents = NULL;

    g_assert_cmpint (mnr_compare_export_command_line (path, "asean"), ==, 0);
    g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
    g_assert_nonnull (strstr (contents, "\r\nVietnam,VN,Review 2018,2018-06-30,"));
    g_assert_cmpint (mnr_compare_export_command_line (path, "no-such-group"), ==, 1);
    g_assert_cmpint (mnr_compare_export_command_line (wrong, "asean"), ==, 1);
  }
  g_unsetenv ("MNR_TRACKER_DATA_DIR");
}

static int
run_with_data (void)
{
  int status;

  catalog = mnr_test_load_catalog ();
  framework = mnr_test_load_framework ();
  status = g_test_run ();
  g_clear_object (&catalog);
  g_clear_object (&framework);
  return status;
}

int
main (int   argc,
      char *argv[])
{
  /* The model needs no display, but runs with the widget suite's start. */
  if (!mnr_widget_test_init (&argc, &argv))
    return 77;

  g_test_add ("/compare/model/latest-round", Fixture, NULL, fixture_set_up, test_latest_round, fixture_tear_down);
  g_test_add ("/compare/model/as-of-date", Fixture, NULL, fixture_set_up, test_as_of_date, fixture_tear_down);
  g_test_add ("/compare/model/change", Fixture, NULL, fixture_set_up, test_change, fixture_tear_down);
  g_test_add ("/compare/model/counts", Fixture, NULL, fixture_set_up, test_counts, fixture_tear_down);
  g_test_add ("/compare/model/every-country", Fixture, NULL, fixture_set_up, test_every_country, fixture_tear_down);
  g_test_add ("/compare/model/csv", Fixture, NULL, fixture_set_up, test_csv, fixture_tear_down);
  g_test_add ("/compare/export", Fixture, NULL, fixture_set_up, test_export, fixture_tear_down);

  return run_with_data ();
}
