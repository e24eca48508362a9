/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "mnr-csv.h"
#include "mnr-ratings-csv.h"
#include "mnr-test-util.h"

/* CSV out and in: the RFC 4180 writer and reader with the fields that
 * break naive ones, then a country's ratings exported from one real
 * store and imported into an empty one, every rating the same; then bad
 * rows, each refused with its line and reason, and the store unchanged. */

static MnrFramework *framework;

static const char *hostile[] = {
  "plain", "", "a, comma", "a \"quoted\" word", "two\r\nlines", "one\nline break", " leading space",
  "trailing space ", "semi;colon", "قانون حماية الطفل رقم ١٢", "Côte d’Ivoire — « ENFANTS »", "😀 emoji", NULL
};

static void
test_csv_round_trip (void)
{
  g_autoptr(GString) csv = mnr_csv_begin ();
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;

  mnr_csv_add_row (csv, hostile);
  mnr_csv_add_row (csv, (const char *[]) { "x", "", NULL });
  g_assert_true (g_str_has_prefix (csv->str, "\xEF\xBB\xBF" "plain,,\"a, comma\",\"a \"\"quoted\"\" word\","));
  g_assert_true (g_str_has_suffix (csv->str, "x,\r\n"));

  rows = mnr_csv_parse (csv->str, csv->len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpstrv (rows->pdata[0], hostile);
  g_assert_cmpstrv (rows->pdata[1], ((const char *[]) { "x", "", NULL }));
}

/* What spreadsheets save: no mark, LF, semicolons, blank lines; and what
 * is not CSV, refused with its line. */
static void
test_csv_reader (void)
{
  static const struct { const char *text; const char *error; } bad[] = {
    { "a,b\n\"never closed,c\n", "Line 2: a quoted field is never closed." },
    { "a,b\n\"x\"y,c\n", "Line 2: text after a closing quote; a quote inside a field is written twice." },
    { "a,b\nok,\xff\n", "Line 2 is not UTF-8 text (or holds a NUL byte): save the spreadsheet as “CSV UTF-8”." },
    /* Refused after a field of the row was read (found by fuzz-csv: the
     * fields read were leaked). */
    { "a,b\nok,\"never closed\n", "Line 2: a quoted field is never closed." },
    { "a,b\nok,\"x\"y\n", "Line 2: text after a closing quote; a quote inside a field is written twice." },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  const char nul[] = "a,b\nc\0d,e\n";

  rows = mnr_csv_parse ("a;b;c\n\n1;\"2;3\";\n", strlen ("a;b;c\n\n1;\"2;3\";\n"), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpstrv (rows->pdata[1], ((const char *[]) { "1", "2;3", "", NULL }));
  g_clear_pointer (&rows, g_ptr_array_unref);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_null (mnr_csv_parse (bad[i].text, strlen (bad[i].text), &error));
      g_assert_cmpstr (error->message, ==, bad[i].error);
      g_clear_error (&error);
    }
  g_assert_null (mnr_csv_parse (nul, sizeof nul - 1, &error));
  g_assert_nonnull (strstr (error->message, "NUL byte"));
  g_clear_error (&error);
}

static guint
n_rounds (MnrStore   *store,
          const char *country)
{
  g_autoptr(GPtrArray) rounds = mnr_store_list_rounds (store, country, NULL);

  return rounds->len;
}

static char *
ratings_as_text (MnrStore   *store,
                 const char *country)
{
  g_autoptr(GPtrArray) rounds = mnr_store_list_rounds (store, country, NULL);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint r = 0; r < rounds->len; r++)
    {
      MnrRound *round = rounds->pdata[r];
      g_autoptr(GPtrArray) ratings = mnr_store_list_ratings (store, round->id, NULL);

      g_string_append_printf (text, "%s|%s|%s\n", round->id, round->name, round->date);
      for (guint i = 0; i < ratings->len; i++)
        {
          MnrRating *rating = ratings->pdata[i];

          g_string_append_printf (text, "  %s|%s|%s\n", rating->element_id, rating->level_id, rating->rationale);
        }
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
test_ratings_round_trip (void)
{
  g_autofree char *dir_a = NULL;
  g_autofree char *dir_b = NULL;
  g_autoptr(MnrStore) a = mnr_test_open_temp_store ("mnr-csv-a-XXXXXX", &dir_a);
  g_autoptr(MnrStore) b = mnr_test_open_temp_store ("mnr-csv-b-XXXXXX", &dir_b);
  g_autoptr(MnrRound) baseline = NULL;
  g_autoptr(MnrRound) review = NULL;
  g_autoptr(GBytes) csv = NULL;
  g_autoptr(MnrRatingsImport) import = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  const char *elements[] = { "capability-1", "capability-4", "capability-12", "enabler-justice", NULL };

  baseline = mnr_store_create_round (a, "GH", "Baseline, 2016 \"first\"", "2016-03-01", &error);
  g_assert_no_error (error);
  for (guint i = 0; elements[i] != NULL; i++)
    g_assert_true (mnr_store_set_rating (a, baseline->id, elements[i], "building", hostile[i + 2], &error));
  review = mnr_store_create_round (a, "GH", "Révision 2018 — العربية", "2018-06-30", &error);
  g_assert_true (mnr_store_set_rating (a, review->id, "capability-4", "developing", hostile[9], &error));
  g_assert_true (mnr_store_set_rating (a, review->id, "capability-12", "not-assessed", "", &error));
  g_assert_no_error (error);
  before = ratings_as_text (a, "GH");

  csv = mnr_ratings_csv_export (a, framework, NULL, (const char *[]) { "GH", NULL }, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (g_bytes_get_data (csv, NULL), "\xEF\xBB\xBF" "country,country_name,round_id,"));

  import = mnr_ratings_import_read (b, framework, csv, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mnr_ratings_import_get_problems (import)->len, ==, 0);
  g_assert_cmpuint (mnr_ratings_import_get_n_rows (import), ==, 8);
  g_assert_cmpuint (mnr_ratings_import_get_n_new_rounds (import), ==, 2);
  g_assert_true (mnr_ratings_import_apply (import, &error));
  g_assert_no_error (error);

  /* The same rounds (ids, names, dates) and ratings, exactly; the copy a
   * new round starts with is not made by an import. */
  after = ratings_as_text (b, "GH");
  g_assert_cmpstr (after, ==, before);
}

static GBytes *
sheet (const char *rows)
{
  char *text = g_strconcat ("country,round,round_date,element,level,rationale\r\n", rows, NULL);

  return g_bytes_new_take (text, strlen (text));
}

static void
test_ratings_refused (void)
{
  static const struct { const char *rows; guint line; const char *message; } cases[] = {
    { "XX1,Review 2018,2018-06-30,capability-4,developing,\r\n", 2, "“XX1” is not a country’s ISO 3166 code, as GH." },
    { "GH,Review 2018,2018-06-30,capability-40,developing,\r\n", 2,
      "“capability-40” is not a capability or an enabler of the framework, as capability-4." },
    { "GH,Review 2018,2018-06-30,outcome-prevention,developing,\r\n", 2,
      "“outcome-prevention” is not a capability or an enabler of the framework, as capability-4." },
    { "GH,Review 2018,2018-06-30,capability-4,excellent,\r\n", 2, "“excellent” is not a level of the scale, as developing." },
    { "GH,Review 2018,30/06/2018,capability-4,developing,\r\n", 2,
      "The round’s date “30/06/2018” is not a day written 2018-06-30." },
    { "GH,,2018-06-30,capability-4,developing,\r\n", 2, "The round has no name." },
    { "GH,Review 2018,2018-06-30,capability-4,developing,\"a\r\nb\"\r\nGH,Review 2018,2018-06-30,capability-4,building,\r\n",
      4, "The round rates capability-4 already, on line 2." },
    { "GH,Review 2018,2018-06-30,capability-4,developing,\r\nGH,Review 2018,2018-07-01,capability-5,building,\r\n",
      3, "The round “Review 2018” is dated 2018-07-01 here, and 2018-06-30 on line 2." },
    { "gh,Baseline 2016,2016-01-01,capability-4,developing,\r\n", 2,
      "The round “Baseline 2016” of GH is dated 2016-03-01 in this store, not 2016-01-01." },
  };
  g_autofree char *directory = NULL;
  g_autoptr(MnrStore) store = mnr_test_open_temp_store ("mnr-csv-bad-XXXXXX", &directory);
  g_autoptr(MnrRound) round = mnr_store_create_round (store, "GH", "Baseline 2016", "2016-03-01", NULL);
  g_autofree char *dump = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (mnr_store_set_rating (store, round->id, "capability-4", "building", "Kept", &error));
  dump = mnr_test_dump_store (directory);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) csv = sheet (cases[i].rows);
      g_autoptr(MnrRatingsImport) import = mnr_ratings_import_read (store, framework, csv, &error);
      GPtrArray *problems;
      g_autofree char *now = NULL;

      g_assert_no_error (error);
      problems = mnr_ratings_import_get_problems (import);
      g_test_message ("case %u: %s", i, problems->len > 0 ? ((MnrCsvProblem *) problems->pdata[0])->message : "-");
      g_assert_cmpuint (problems->len, ==, 1);
      g_assert_cmpuint (((MnrCsvProblem *) problems->pdata[0])->line, ==, cases[i].line);
      g_assert_cmpstr (((MnrCsvProblem *) problems->pdata[0])->message, ==, cases[i].message);
      g_assert_false (mnr_ratings_import_apply (import, &error));
      g_assert_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_INVALID);
      g_clear_error (&error);
      now = mnr_test_dump_store (directory);
      g_assert_cmpstr (now, ==, dump);
    }

  /* A file that is not a sheet of ratings: refused whole. */
  {
    g_autoptr(GBytes) text = g_bytes_new_static ("name,age\r\nAma,12\r\n", strlen ("name,age\r\nAma,12\r\n"));

    g_assert_null (mnr_ratings_import_read (store, framework, text, &error));
    g_assert_nonnull (strstr (error->message, "No column is read as the level"));
    g_clear_error (&error);
  }

  /* A good row beside the existing round: written, and nothing else. */
  {
    g_autoptr(GBytes) csv = sheet ("GH,Baseline 2016,2016-03-01,capability-5,developing,Court in Accra\r\n");
    g_autoptr(MnrRatingsImport) import = mnr_ratings_import_read (store, framework, csv, &error);
    g_autoptr(MnrRating) rating = NULL;

    g_assert_cmpuint (mnr_ratings_import_get_n_new_rounds (import), ==, 0);
    g_assert_true (mnr_ratings_import_apply (import, &error));
    g_assert_no_error (error);
    rating = mnr_store_get_rating (store, round->id, "capability-5", &error);
    g_assert_cmpstr (rating->rationale, ==, "Court in Accra");
    g_assert_cmpuint (n_rounds (store, "GH"), ==, 1);
  }
}

static void
save_evidence (MnrStore   *store,
               const char *title,
               const char *summary,
               gboolean    restricted,
               gboolean    sample)
{
  g_autoptr(MnrEvidence) evidence = mnr_evidence_new ("GH");
  g_autoptr(GError) error = NULL;

  mnr_evidence_set_title (evidence, title);
  mnr_evidence_set_kind (evidence, "legislation");
  mnr_evidence_set_summary (evidence, summary);
  mnr_evidence_set_elements (evidence, (const char * const[]) { "capability-3", "capability-4", NULL });
  mnr_evidence_set_restricted (evidence, restricted);
  mnr_evidence_set_sample (evidence, sample);
  g_assert_true (mnr_store_save_evidence (store, evidence, &error));
  g_assert_no_error (error);
}

/* The evidence list: every field a spreadsheet reads back as it was;
 * restricted evidence only when asked for; sample data never. */
static void
test_evidence_export (void)
{
  g_autofree char *directory = NULL;
  g_autoptr(MnrStore) store = mnr_test_open_temp_store ("mnr-csv-evidence-XXXXXX", &directory);
  g_autoptr(GBytes) csv = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;
  const char *data;

  save_evidence (store, "Children's Act, \"amended\"", "Two\r\nlines, and a comma", FALSE, FALSE);
  save_evidence (store, "Internal review", "", TRUE, FALSE);
  save_evidence (store, "Booklet example", "", FALSE, TRUE);

  csv = mnr_evidence_csv_export (store, (const char *[]) { "GH", NULL }, FALSE, &error);
  g_assert_no_error (error);
  data = g_bytes_get_data (csv, &length);
  rows = mnr_csv_parse (data, length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpstr (((GStrv) rows->pdata[0])[2], ==, "title");
  g_assert_cmpstr (((GStrv) rows->pdata[1])[2], ==, "Children's Act, \"amended\"");
  g_assert_cmpstr (((GStrv) rows->pdata[1])[6], ==, "Two\r\nlines, and a comma");
  g_assert_cmpstr (((GStrv) rows->pdata[1])[7], ==, "capability-3 capability-4");
  g_assert_cmpstr (((GStrv) rows->pdata[1])[8], ==, "public");

  g_clear_pointer (&csv, g_bytes_unref);
  g_clear_pointer (&rows, g_ptr_array_unref);
  csv = mnr_evidence_csv_export (store, NULL, TRUE, &error);
  data = g_bytes_get_data (csv, &length);
  rows = mnr_csv_parse (data, length, &error);
  g_assert_cmpuint (rows->len, ==, 3);
}

/* An import taken back: a changed level gets its level and rationale
 * again, an added one goes, a round it made is deleted. */
static void
test_ratings_undo (void)
{
  g_autofree char *directory = NULL;
  g_autoptr(MnrStore) store = mnr_test_open_temp_store ("mnr-csv-undo-XXXXXX", &directory);
  g_autoptr(MnrRound) round = mnr_store_create_round (store, "GH", "Baseline 2016", "2016-03-01", NULL);
  g_autoptr(GBytes) csv = sheet ("GH,Baseline 2016,2016-03-01,capability-4,developing,New\r\n"
                                 "GH,Baseline 2016,2016-03-01,capability-5,mature,Added\r\n"
                                 "GH,Review 2018,2018-06-30,capability-4,established,Made\r\n");
  g_autoptr(MnrRatingsImport) import = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_true (mnr_store_set_rating (store, round->id, "capability-4", "building", "Kept", &error));
  before = ratings_as_text (store, "GH");
  import = mnr_ratings_import_read (store, framework, csv, &error);
  g_assert_no_error (error);
  g_assert_true (mnr_ratings_import_apply (import, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_rounds (store, "GH"), ==, 2);

  g_assert_true (mnr_ratings_import_undo (import, &error));
  g_assert_no_error (error);
  after = ratings_as_text (store, "GH");
  g_assert_cmpstr (after, ==, before);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  framework = mnr_test_load_framework ();

  g_test_add_func ("/csv/round-trip", test_csv_round_trip);
  g_test_add_func ("/csv/reader", test_csv_reader);
  g_test_add_func ("/csv/ratings-round-trip", test_ratings_round_trip);
  g_test_add_func ("/csv/ratings-refused", test_ratings_refused);
  g_test_add_func ("/csv/evidence-export", test_evidence_export);
  g_test_add_func ("/csv/ratings-undo", test_ratings_undo);

  status = g_test_run ();
  g_clear_object (&framework);
  return status;
}
