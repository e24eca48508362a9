/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <string.h>

#include "mnr-csv.h"
#include "mnr-ratings-csv.h"
#include "mnr-ratings-sheet.h"
#include "mnr-test-util.h"

/* Sheets a country already keeps, imported through a mapping of their
 * columns: French headers and level names, a title row above a
 * tab-separated header, a file from older Excel in Windows-1252, a guess
 * that is wrong and set right by hand, a mapping that lacks what every
 * rating needs, and an import taken back that leaves the store as it
 * was, byte for byte. The names in other languages come from the
 * compiled catalogs of the build. */

static MnrFramework *framework;

static MnrRatingsSheet *
read_sheet (const char *text,
            gssize      length)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, length >= 0 ? (gsize) length : strlen (text));
  g_autoptr(GError) error = NULL;
  MnrRatingsSheet *sheet = mnr_ratings_sheet_new (framework, bytes, &error);

  g_assert_no_error (error);
  g_assert_nonnull (sheet);
  return sheet;
}

/* What each column is read as, "element,level,…" ("-": ignored). */
static char *
fields_of (MnrRatingsSheet *sheet)
{
  static const char * const names[] = {
    "-", "element", "level", "rationale", "country", "round", "round_date", "round_id", "changed_by", "changed_at",
  };
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) fields = NULL;

  for (guint c = 0; c < mnr_ratings_sheet_get_n_columns (sheet); c++)
    g_strv_builder_add (builder, names[mnr_ratings_sheet_get_field (sheet, c)]);
  fields = g_strv_builder_end (builder);
  return g_strjoinv (",", fields);
}

static const char *
first_problem (MnrRatingsImport *import)
{
  GPtrArray *problems = mnr_ratings_import_get_problems (import);

  return problems->len > 0 ? ((MnrCsvProblem *) problems->pdata[0])->message : NULL;
}

static MnrRating *
rating_of (MnrStore   *store,
           const char *country,
           const char *round_name,
           const char *element)
{
  g_autoptr(GPtrArray) rounds = mnr_store_list_rounds (store, country, NULL);

  for (guint i = 0; i < rounds->len; i++)
    if (g_str_equal (((MnrRound *) rounds->pdata[i])->name, round_name))
      return mnr_store_get_rating (store, ((MnrRound *) rounds->pdata[i])->id, element, NULL);
  return NULL;
}

/* French headers, semicolons, levels by their French names, elements by
 * number, id and French title; no country or round column: the open one. */
static void
test_french (void)
{
  static const char text[] =
    "Capacité;Niveau;Justification;Modifié par;Date de modification\r\n"
    "C4;En développement;Unité spécialisée créée en 2017, « cybercriminalité »;Awa Diop;2018-06-30\r\n"
    "Services répressifs spécialisés;Établi;;;\r\n"
    "E2;Développement;Tribunaux;;\r\n"
    "capability-12;3;;;\r\n"
    "Leadership;non évalué;;;\r\n";
  g_autofree char *directory = NULL;
  g_autoptr(MnrStore) store = mnr_test_open_temp_store ("mnr-csv-map-fr-XXXXXX", &directory);
  g_autoptr(MnrRatingsSheet) sheet = read_sheet (text, -1);
  MnrRatingsDefaults defaults = { "SN", NULL, "Revue 2018", "2018-06-30" };
  g_autoptr(MnrRatingsImport) import = NULL;
  g_autoptr(MnrRating) c4 = NULL;
  g_autoptr(MnrRating) e2 = NULL;
  g_autoptr(MnrRating) c1 = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *fields = fields_of (sheet);

  g_assert_cmpstr (mnr_ratings_sheet_get_encoding (sheet), ==, "UTF-8");
  g_assert_cmpint (mnr_ratings_sheet_get_separator (sheet), ==, ';');
  g_assert_cmpstr (fields, ==, "element,level,rationale,changed_by,changed_at");
  g_assert_cmpstr (mnr_ratings_sheet_match_element (sheet, "Services répressifs spécialisés"), ==, "capability-4");
  g_assert_cmpstr (mnr_ratings_sheet_match_element (sheet, "Fuerzas del orden especializadas"), ==, "capability-4");
  g_assert_cmpstr (mnr_ratings_sheet_match_element (sheet, "Capacidad 4"), ==, "capability-4");
  g_assert_cmpstr (mnr_ratings_sheet_match_element (sheet, "E2"), ==, "enabler-justice");
  g_assert_null (mnr_ratings_sheet_match_element (sheet, "C22"));
  g_assert_cmpstr (mnr_ratings_sheet_match_level (sheet, "En desarrollo"), ==, "developing");
  g_assert_cmpstr (mnr_ratings_sheet_match_level (sheet, "5"), ==, "mature");
  g_assert_cmpstr (mnr_ratings_sheet_match_level (sheet, "Niveau 2"), ==, "building");
  g_assert_cmpstr (mnr_ratings_sheet_match_level (sheet, "3 - Developing"), ==, "developing");
  g_assert_cmpstr (mnr_ratings_sheet_match_element (sheet, "Enabler: Willingness to prosecute, functioning justice system and rule of law"), ==, "enabler-justice");
  g_assert_null (mnr_ratings_sheet_match_level (sheet, "6"));

  /* The element column without a country: refused, with no country open. */
  g_assert_null (mnr_ratings_import_read_sheet (store, sheet, NULL, &error));
  g_assert_nonnull (strstr (error->message, "No column is read as the country"));
  g_clear_error (&error);

  import = mnr_ratings_import_read_sheet (store, sheet, &defaults, &error);
  g_assert_no_error (error);
  /* Capability 4 twice: by number and by title. */
  g_assert_cmpuint (mnr_ratings_import_get_problems (import)->len, ==, 1);
  g_assert_cmpuint (((MnrCsvProblem *) mnr_ratings_import_get_problems (import)->pdata[0])->line, ==, 3);
  g_assert_cmpstr (first_problem (import), ==, "The round rates capability-4 already, on line 2.");
  g_clear_pointer (&import, mnr_ratings_import_free);

  /* Without the repeated row: every rating, with who and when. */
  {
    g_autoptr(GString) good = g_string_new (text);
    const char *repeat = strstr (good->str, "Services");

    g_string_erase (good, repeat - good->str, strstr (repeat, "\r\n") + 2 - repeat);
    g_clear_pointer (&sheet, mnr_ratings_sheet_free);
    sheet = read_sheet (good->str, good->len);
  }
  import = mnr_ratings_import_read_sheet (store, sheet, &defaults, &error);
  g_assert_no_error (error);
  g_assert_null (first_problem (import));
  g_assert_cmpuint (mnr_ratings_import_get_n_rows (import), ==, 4);
  g_assert_cmpuint (mnr_ratings_import_get_n_new_rounds (import), ==, 1);
  g_assert_true (mnr_ratings_import_apply (import, &error));
  g_assert_no_error (error);

  c4 = rating_of (store, "SN", "Revue 2018", "capability-4");
  g_assert_cmpstr (c4->level_id, ==, "developing");
  g_assert_cmpstr (c4->rationale, ==, "Unité spécialisée créée en 2017, « cybercriminalité »");
  g_assert_cmpstr (c4->updated_by, ==, "Awa Diop");
  g_assert_cmpint (c4->updated_at, ==, (gint64) 1530316800 * G_USEC_PER_SEC);
  e2 = rating_of (store, "SN", "Revue 2018", "enabler-justice");
  g_assert_cmpstr (e2->level_id, ==, "developing");
  c1 = rating_of (store, "SN", "Revue 2018", "capability-1");
  g_assert_cmpstr (c1->level_id, ==, "not-assessed");
}

/* A title row and a blank row above a tab-separated header in English
 * words that are not ours; each problem on its own line of the file. */
static void
test_title_row_tab (void)
{
  static const char text[] =
    "\xEF\xBB\xBF" "MNR self-assessment, Ghana, 2018\t\t\t\t\t\n"
    "\t\t\t\t\t\n"
    "Country\tAssessment round\tDate\tMNR item\tMaturity\tComments\n"
    "GH\tReview 2018\t2018-06-30\tCapability 4\t3\tUnit in Accra, opened 2017\n"
    "GH\tReview 2018\t2018-06-30\tC 21\tEstablished\t\"Two\nlines\"\n"
    "GH\tReview 2018\t2018-06-30\tC99\tEstablished\t\n"
    "\n"
    "GH\tReview 2018\t2018-06-30\tE7\tMature\tData\n";
  g_autofree char *directory = NULL;
  g_autoptr(MnrStore) store = mnr_test_open_temp_store ("mnr-csv-map-tab-XXXXXX", &directory);
  g_autoptr(MnrRatingsSheet) sheet = read_sheet (text, -1);
  g_autoptr(MnrRatingsImport) import = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *fields = fields_of (sheet);
  GPtrArray *problems;

  g_assert_cmpint (mnr_ratings_sheet_get_separator (sheet), ==, '\t');
  g_assert_cmpuint (mnr_ratings_sheet_get_header_line (sheet), ==, 3);
  g_assert_cmpstr (mnr_ratings_sheet_get_header (sheet, 3), ==, "MNR item");
  g_assert_cmpuint (mnr_ratings_sheet_get_n_rows (sheet), ==, 4);
  g_assert_cmpuint (mnr_ratings_sheet_get_line (sheet, 3), ==, 9);
  g_assert_cmpstr (fields, ==, "country,round,round_date,element,level,rationale");

  import = mnr_ratings_import_read_sheet (store, sheet, NULL, &error);
  g_assert_no_error (error);
  problems = mnr_ratings_import_get_problems (import);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_cmpuint (((MnrCsvProblem *) problems->pdata[0])->line, ==, 7);
  g_assert_cmpstr (first_problem (import), ==,
                   "“C99” is not a capability or an enabler of the framework, as capability-4.");
  g_assert_cmpuint (mnr_ratings_import_get_n_rows (import), ==, 3);
}

/* Saved by older Excel: Windows-1252, with its curly apostrophe; and
 * Latin-1 where a byte is no Windows-1252 character. */
static void
test_latin1 (void)
{
  static const char cp1252[] = "Pa\xEDs;Capacidad;Nivel;Observaciones\r\n"
                               "GH;C4;En construcci\xF3n;Unit\x92s office\r\n";
  static const char latin1[] = "country,round,round_date,element,level,rationale\r\n"
                               "GH,R\xE9vision 2018,2018-06-30,capability-4,developing,\x81\xE9t\xE9\r\n";
  g_autoptr(MnrRatingsSheet) sheet = read_sheet (cp1252, sizeof cp1252 - 1);
  g_autoptr(MnrRatingsSheet) other = read_sheet (latin1, sizeof latin1 - 1);
  g_autofree char *fields = fields_of (sheet);

  g_assert_cmpstr (mnr_ratings_sheet_get_encoding (sheet), ==, "Windows-1252");
  g_assert_cmpstr (mnr_ratings_sheet_get_header (sheet, 0), ==, "País");
  g_assert_cmpstr (fields, ==, "country,element,level,rationale");
  g_assert_cmpstr (mnr_ratings_sheet_get_value (sheet, 0, 3), ==, "Unit’s office");
  g_assert_cmpstr (mnr_ratings_sheet_match_level (sheet, mnr_ratings_sheet_get_value (sheet, 0, 2)), ==, "building");

  g_assert_cmpuint (mnr_ratings_sheet_get_header_line (sheet), ==, 1);
  g_assert_cmpstr (mnr_ratings_sheet_get_encoding (other), ==, "ISO-8859-1");
  g_assert_cmpstr (mnr_ratings_sheet_get_value (other, 0, 1), ==, "Révision 2018");
  g_assert_cmpstr (mnr_ratings_sheet_get_value (other, 0, 5), ==, "\xC2\x81été");
}

/* Two columns of levels: the guess takes the first, the target; the
 * current one, set by hand, is the one read. */
static void
test_explicit (void)
{
  static const char text[] = "Capacité,Niveau visé,Niveau actuel,Pays\n"
                             "C4,Mature,En construction,GH\n"
                             "C5,Établi,Inexistant,GH\n";
  g_autofree char *directory = NULL;
  g_autoptr(MnrStore) store = mnr_test_open_temp_store ("mnr-csv-map-set-XXXXXX", &directory);
  g_autoptr(MnrRatingsSheet) sheet = read_sheet (text, -1);
  MnrRatingsDefaults defaults = { NULL, NULL, "Revue 2018", "2018-06-30" };
  g_autoptr(MnrRatingsImport) import = NULL;
  g_autoptr(MnrRating) rating = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *guessed = fields_of (sheet);
  g_autofree char *set = NULL;

  g_assert_cmpstr (guessed, ==, "element,level,-,country");

  mnr_ratings_sheet_set_field (sheet, 2, MNR_RATINGS_FIELD_LEVEL);
  set = fields_of (sheet);
  g_assert_cmpstr (set, ==, "element,-,level,country");
  g_assert_cmpint (mnr_ratings_sheet_find_field (sheet, MNR_RATINGS_FIELD_LEVEL), ==, 2);

  import = mnr_ratings_import_read_sheet (store, sheet, &defaults, &error);
  g_assert_no_error (error);
  g_assert_null (first_problem (import));
  g_assert_true (mnr_ratings_import_apply (import, &error));
  rating = rating_of (store, "GH", "Revue 2018", "capability-4");
  g_assert_cmpstr (rating->level_id, ==, "building");
}

/* Without the element or the level column nothing is read, and the
 * message says which column to choose. */
static void
test_missing_columns (void)
{
  static const char text[] = "country,round,round_date,element,level\nGH,Review 2018,2018-06-30,C4,3\n";
  g_autofree char *directory = NULL;
  g_autoptr(MnrStore) store = mnr_test_open_temp_store ("mnr-csv-map-miss-XXXXXX", &directory);
  g_autoptr(MnrRatingsSheet) sheet = read_sheet (text, -1);
  g_autoptr(GError) error = NULL;
  g_autofree char *dump = mnr_test_dump_store (directory);
  g_autofree char *now = NULL;

  g_assert_true (mnr_ratings_sheet_check_mapping (sheet, NULL, &error));
  mnr_ratings_sheet_set_field (sheet, 3, MNR_RATINGS_FIELD_IGNORE);
  g_assert_false (mnr_ratings_sheet_check_mapping (sheet, NULL, &error));
  g_assert_cmpstr (error->message, ==, "No column is read as the element: choose the column that names the "
                                       "capability or enabler (as C4, E2 or its title).");
  g_clear_error (&error);
  g_assert_null (mnr_ratings_import_read_sheet (store, sheet, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);

  mnr_ratings_sheet_set_field (sheet, 3, MNR_RATINGS_FIELD_ELEMENT);
  mnr_ratings_sheet_set_field (sheet, 4, MNR_RATINGS_FIELD_IGNORE);
  g_assert_null (mnr_ratings_import_read_sheet (store, sheet, NULL, &error));
  g_assert_cmpstr (error->message, ==, "No column is read as the level: choose the column that gives the level "
                                       "on the scale.");
  now = mnr_test_dump_store (directory);
  g_assert_cmpstr (now, ==, dump);
}

/* Through a mapping into the open round, then Undo: the store's every
 * table as it was. */
static void
test_undo_dump (void)
{
  static const char text[] = "Élément;Niveau;Commentaire\n"
                             "C4;En développement;Nouveau\n"
                             "C5;Mature;Ajouté\n";
  g_autofree char *directory = NULL;
  g_autoptr(MnrStore) store = mnr_test_open_temp_store ("mnr-csv-map-undo-XXXXXX", &directory);
  g_autoptr(MnrRound) round = mnr_store_create_round (store, "GH", "Baseline 2016", "2016-03-01", NULL);
  g_autoptr(MnrRatingsSheet) sheet = read_sheet (text, -1);
  MnrRatingsDefaults defaults = { "GH", round->id, NULL, NULL };
  g_autoptr(MnrRatingsImport) import = NULL;
  g_autoptr(MnrRating) rating = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_true (mnr_store_set_rating (store, round->id, "capability-4", "building", "Kept", &error));
  before = mnr_test_dump_store (directory);

  import = mnr_ratings_import_read_sheet (store, sheet, &defaults, &error);
  g_assert_no_error (error);
  g_assert_null (first_problem (import));
  g_assert_cmpuint (mnr_ratings_import_get_n_new_rounds (import), ==, 0);
  g_assert_true (mnr_ratings_import_apply (import, &error));
  rating = mnr_store_get_rating (store, round->id, "capability-4", NULL);
  g_assert_cmpstr (rating->level_id, ==, "developing");
  after = mnr_test_dump_store (directory);
  g_assert_cmpstr (after, !=, before);
  g_clear_pointer (&after, g_free);

  g_assert_true (mnr_ratings_import_undo (import, &error));
  g_assert_no_error (error);
  after = mnr_test_dump_store (directory);
  g_assert_cmpstr (after, ==, before);
  g_clear_pointer (&import, mnr_ratings_import_free);

  /* A rating changed by hand since: each rating the import wrote gets its
   * level back, the hand's change on another stays. */
  import = mnr_ratings_import_read_sheet (store, sheet, &defaults, &error);
  g_assert_true (mnr_ratings_import_apply (import, &error));
  g_assert_true (mnr_store_set_rating (store, round->id, "capability-5", "building", "By hand", &error));
  g_assert_true (mnr_store_set_rating (store, round->id, "capability-6", "building", "Other", &error));
  g_assert_true (mnr_ratings_import_undo (import, &error));
  g_assert_no_error (error);
  g_clear_pointer (&rating, mnr_rating_free);
  rating = mnr_store_get_rating (store, round->id, "capability-4", NULL);
  g_assert_cmpstr (rating->level_id, ==, "building");
  g_assert_cmpstr (rating->rationale, ==, "Kept");
  g_clear_pointer (&rating, mnr_rating_free);
  g_assert_null (mnr_store_get_rating (store, round->id, "capability-5", NULL));
  rating = mnr_store_get_rating (store, round->id, "capability-6", NULL);
  g_assert_cmpstr (rating->level_id, ==, "building");
}

/* A country without a round: the rows go to its first round, made as
 * opening it and rating would make it, with the id every computer gives. */
static void
test_first_round (void)
{
  static const char text[] = "Capability,Level\n4,Developing\n";
  g_autofree char *directory = NULL;
  g_autofree char *other_dir = NULL;
  g_autoptr(MnrStore) store = mnr_test_open_temp_store ("mnr-csv-map-first-XXXXXX", &directory);
  g_autoptr(MnrStore) other = mnr_test_open_temp_store ("mnr-csv-map-other-XXXXXX", &other_dir);
  g_autoptr(MnrRatingsSheet) sheet = read_sheet (text, -1);
  MnrRatingsDefaults defaults = { "GH", NULL, "Assessment 2026", "2026-01-01", TRUE };
  g_autoptr(MnrRatingsImport) import = NULL;
  g_autoptr(MnrRound) expected = mnr_store_create_first_round (other, "GH", 2026, "Assessment 2026", NULL);
  g_autoptr(GPtrArray) rounds = NULL;
  g_autoptr(GError) error = NULL;

  g_autofree char *before = mnr_test_dump_store (directory);
  g_autofree char *after = NULL;

  import = mnr_ratings_import_read_sheet (store, sheet, &defaults, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mnr_ratings_import_get_n_new_rounds (import), ==, 1);
  g_assert_true (mnr_ratings_import_apply (import, &error));
  g_assert_no_error (error);
  rounds = mnr_store_list_rounds (store, "GH", NULL);
  g_assert_cmpuint (rounds->len, ==, 1);
  g_assert_cmpstr (((MnrRound *) rounds->pdata[0])->id, ==, expected->id);
  g_assert_cmpstr (((MnrRound *) rounds->pdata[0])->date, ==, "2026-01-01");

  /* Undo: no round, no country, as before. */
  g_assert_true (mnr_ratings_import_undo (import, &error));
  g_assert_no_error (error);
  after = mnr_test_dump_store (directory);
  g_assert_cmpstr (after, ==, before);
  g_clear_pointer (&import, mnr_ratings_import_free);

  /* Evidence of the country added since: Undo takes the ratings and the
   * round back, and the evidence stays. */
  {
    g_autoptr(MnrEvidence) evidence = mnr_evidence_new ("GH");
    g_autoptr(GListModel) listed = NULL;
    g_auto(GStrv) countries = NULL;

    import = mnr_ratings_import_read_sheet (store, sheet, &defaults, &error);
    g_assert_true (mnr_ratings_import_apply (import, &error));
    mnr_evidence_set_title (evidence, "Children's Act 1998");
    mnr_evidence_set_kind (evidence, "legislation");
    g_assert_true (mnr_store_save_evidence (store, evidence, &error));
    g_assert_true (mnr_ratings_import_undo (import, &error));
    g_assert_no_error (error);
    listed = mnr_store_list_evidence (store, "GH", NULL, &error);
    g_assert_cmpuint (g_list_model_get_n_items (listed), ==, 1);
    countries = mnr_store_list_countries (store, &error);
    g_assert_true (g_strv_contains ((const char * const *) countries, "GH"));
    g_clear_pointer (&rounds, g_ptr_array_unref);
    rounds = mnr_store_list_rounds (store, "GH", NULL);
    g_assert_cmpuint (rounds->len, ==, 0);
  }
  mnr_test_close_temp_store (&other, &other_dir);
}

/* No header: the first row is a rating, and the columns are guessed from
 * the values alone. */
static void
test_no_header (void)
{
  static const char text[] = "C4;En développement;Unité spécialisée créée en 2017 à Dakar\n"
                             "E2;Établi;Tribunaux pour enfants dans trois régions\n";
  g_autoptr(MnrRatingsSheet) sheet = read_sheet (text, -1);
  g_autofree char *fields = fields_of (sheet);

  g_assert_cmpuint (mnr_ratings_sheet_get_header_line (sheet), ==, 0);
  g_assert_cmpstr (mnr_ratings_sheet_get_header (sheet, 0), ==, "");
  g_assert_cmpuint (mnr_ratings_sheet_get_n_rows (sheet), ==, 2);
  g_assert_cmpuint (mnr_ratings_sheet_get_line (sheet, 0), ==, 1);
  g_assert_cmpstr (fields, ==, "element,level,rationale");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *locale = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  /* The build's catalogs, for the titles in French and Spanish. */
  locale = g_build_filename (g_getenv ("MNR_BUILD_ROOT") != NULL ? g_getenv ("MNR_BUILD_ROOT") : ".", "po", NULL);
  bindtextdomain (GETTEXT_PACKAGE, locale);
  framework = mnr_test_load_framework ();

  g_test_add_func ("/csv-mapping/french", test_french);
  g_test_add_func ("/csv-mapping/title-row-tab", test_title_row_tab);
  g_test_add_func ("/csv-mapping/latin1", test_latin1);
  g_test_add_func ("/csv-mapping/explicit", test_explicit);
  g_test_add_func ("/csv-mapping/missing-columns", test_missing_columns);
  g_test_add_func ("/csv-mapping/undo-dump", test_undo_dump);
  g_test_add_func ("/csv-mapping/first-round", test_first_round);
  g_test_add_func ("/csv-mapping/no-header", test_no_header);

  status = g_test_run ();
  g_clear_object (&framework);
  return status;
}
