/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "mnr-document.h"
#include "mnr-minutes.h"
#include "mnr-report.h"
#include "mnr-test-util.h"
#include "mnr-widget-test-util.h"

/* A meeting's minutes and a country's report as PDFs, read back with
 * pdftotext and pdfinfo (poppler-utils, which build-aux/install-deps.sh
 * installs): from the store through the API, and through
 * `mnr-tracker --export-minutes` and `--export-report` as a script would
 * run them, with their failures. */

typedef MnrWidgetTestWorkspace Fixture;

static char *
pdf_text (const char *path)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "pdftotext", "-layout", path, "-", NULL };
  int status = -1;

  g_assert_nonnull (g_find_program_in_path ("pdftotext"));
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status,
                               &error));
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);
  return g_steal_pointer (&out);
}

/* Runs `mnr-tracker @args` (up to a NULL: the later ones may be left
 * out) on the fixture's store, in English; returns its exit status. */
static int
run_app (Fixture             *fixture,
         const char * const  *args,
         char               **err)
{
  g_autofree char *binary = g_build_filename (g_getenv ("MNR_BUILD_ROOT"), "app", "mnr-tracker", NULL);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  g_ptr_array_add (argv, binary);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_subprocess_launcher_setenv (launcher, "MNR_TRACKER_DATA_DIR", fixture->directory, TRUE);
  g_subprocess_launcher_setenv (launcher, "LANGUAGE", "en", TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &out, err, &error));
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (process);
}

/* Two meetings of Ghana, the second with a decision, a note, an action
 * item and a level changed between them. */
static char *
make_meetings (Fixture *fixture)
{
  g_autoptr(MnrMeeting) first = g_new0 (MnrMeeting, 1);
  g_autoptr(MnrMeeting) second = g_new0 (MnrMeeting, 1);
  g_autoptr(MnrMinute) decision = g_new0 (MnrMinute, 1);
  g_autoptr(MnrMinute) note = g_new0 (MnrMinute, 1);
  g_autoptr(MnrAction) action = g_new0 (MnrAction, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) before = g_date_time_add_days (now, -30);

  first->country = g_strdup ("GH");
  first->title = g_strdup ("Oversight committee, January");
  first->date = g_date_time_format (before, "%Y-%m-%d");
  g_assert_true (mnr_store_save_meeting (fixture->store, first, &error));

  g_assert_true (mnr_workspace_set_rating (fixture->workspace, "capability-4", "developing",
                                           "A unit exists in Accra.", &error));
  g_assert_no_error (error);

  second->country = g_strdup ("GH");
  second->title = g_strdup ("Oversight committee, March");
  second->date = g_date_time_format (now, "%Y-%m-%d");
  second->place = g_strdup ("Accra");
  second->attendees = g_strdup ("Ama Owusu (chair)\nKwame Mensah (Ghana Police Service)");
  second->apologies = g_strdup ("Efua Asante (Ministry of Education)");
  second->agenda = g_strdupv ((char *[]) { "capability-4", "enabler-legal-frameworks", NULL });
  g_assert_true (mnr_store_save_meeting (fixture->store, second, &error));

  decision->meeting_id = g_strdup (second->id);
  decision->kind = g_strdup ("decision");
  decision->text = g_strdup ("The committee agreed the level of the cybercrime unit");
  decision->level_id = g_strdup ("developing");
  decision->element_id = g_strdup ("capability-4");
  g_assert_true (mnr_store_save_minute (fixture->store, decision, &error));
  note->meeting_id = g_strdup (second->id);
  note->kind = g_strdup ("note");
  note->text = g_strdup ("Budget questions go to the next meeting");
  g_assert_true (mnr_store_save_minute (fixture->store, note, &error));

  action->country = g_strdup ("GH");
  action->description = g_strdup ("Staff the regional offices of the unit");
  action->owner = g_strdup ("Kwame Mensah");
  action->due = g_strdup ("2027-06-30");
  action->element_id = g_strdup ("capability-4");
  action->meeting_id = g_strdup (second->id);
  g_assert_true (mnr_store_save_action (fixture->store, action, &error));
  g_assert_no_error (error);

  return g_strdup (second->id);
}

static void
assert_minutes_text (const char *text)
{
  const char *expected[] = {
    "Minutes: Oversight committee, March", "Ghana", "Accra",
    "Ama Owusu (chair)", "Kwame Mensah (Ghana Police Service)", "Efua Asante (Ministry of Education)",
    "Dedicated Law Enforcement", "National legal and policy frameworks", "The committee agreed the level of the cybercrime unit",
    "level agreed: Developing", "Budget questions go to the next meeting",
    "Staff the regional offices of the unit", "Kwame Mensah", "Open",
    "Changes since the Previous Meeting", "Developing (first rated)", "page 1 of",
  };

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    if (strstr (text, expected[i]) == NULL)
      g_error ("the minutes do not say “%s”:\n%s", expected[i], text);
}

static void
test_minutes_pdf (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autofree char *meeting_id = make_meetings (fixture);
  g_autofree char *path = g_build_filename (fixture->directory, "minutes.pdf", NULL);
  g_autoptr(MnrCountryCatalog) catalog = mnr_test_load_catalog ();
  g_autoptr(MnrMinutes) minutes = NULL;
  g_autoptr(MnrMinutes) latest = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  minutes = mnr_minutes_new (fixture->workspace, catalog, meeting_id, &error);
  g_assert_no_error (error);
  g_assert_true (mnr_minutes_save_pdf (minutes, path, &error));
  g_assert_no_error (error);
  text = pdf_text (path);
  assert_minutes_text (text);
  if (g_getenv ("MNR_TEST_SCREENSHOTS") != NULL)
    {
      g_autofree char *copy = g_build_filename (g_getenv ("MNR_TEST_SCREENSHOTS"), "minutes.pdf", NULL);

      g_assert_true (mnr_minutes_save_pdf (minutes, copy, &error));
    }

  /* The latest meeting is that one. */
  latest = mnr_minutes_new_latest (fixture->workspace, catalog, &error);
  g_assert_cmpstr (mnr_minutes_get_title (latest), ==, mnr_minutes_get_title (minutes));

  /* A folder that is not there: an error, and no file left behind. */
  {
    g_autofree char *nowhere = g_build_filename (fixture->directory, "no-such-folder", "minutes.pdf", NULL);

    g_assert_false (mnr_minutes_save_pdf (minutes, nowhere, &error));
    g_assert_error (error, MNR_DOCUMENT_ERROR, MNR_DOCUMENT_ERROR_WRITE);
    g_clear_error (&error);
    g_assert_false (g_file_test (nowhere, G_FILE_TEST_EXISTS));
  }

  /* A country without meetings has no minutes. */
  g_assert_true (mnr_workspace_set_country (fixture->workspace, "PH", NULL));
  g_assert_null (mnr_minutes_new_latest (fixture->workspace, catalog, &error));
  g_assert_error (error, MNR_MINUTES_ERROR, MNR_MINUTES_ERROR_NO_MEETING);
}

/* `mnr-tracker --export-minutes=FILE --country=CC`: 0 and the file; 2 for a
 * command line without a country; 1 with a message for one without
 * meetings or a file that cannot be written. */
/* An export from the command line never adds a country to the store. */
static void
assert_country_absent (MnrStore   *store,
                       const char *code)
{
  g_auto(GStrv) countries = mnr_store_list_countries (store, NULL);

  g_assert_nonnull (countries);
  g_assert_false (g_strv_contains ((const char * const *)countries, code));
}

static void
test_minutes_command_line (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autofree char *meeting_id = make_meetings (fixture);
  g_autofree char *path = g_build_filename (fixture->directory, "cli-minutes.pdf", NULL);
  g_autofree char *option = g_strconcat ("--export-minutes=", path, NULL);
  g_autofree char *nowhere = g_strconcat ("--export-minutes=", fixture->directory, "/no/such/minutes.pdf", NULL);
  struct { const char *country; const char *file_option; int status; const char *message; } cases[] = {
    { "--country=gh", option, 0, NULL },
    { NULL, option, 2, "--country" },
    { "--country=UG", option, 1, "no meeting" },
    { "--country=PH", option, 1, "nothing recorded for PH" },
    { "--country=GH", nowhere, 1, "Could not write" },
  };

  g_assert_nonnull (meeting_id);

  /* Uganda is in the store, with no meeting; the Philippines are not, and
   * an export does not add them. */
  g_assert_true (mnr_store_add_country (fixture->store, "UG", NULL));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *err = NULL;
      int status;

      g_unlink (path);
      status = run_app (fixture, (const char *[]) { cases[i].file_option, cases[i].country, NULL }, &err);
      g_test_message ("case %u: status %d, stderr: %s", i, status, err);
      g_assert_cmpint (status, ==, cases[i].status);
      if (cases[i].status == 0)
        {
          g_autofree char *text = pdf_text (path);

          assert_minutes_text (text);
        }
      else
        {
          g_assert_nonnull (strstr (err, cases[i].message));
          g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
        }
    }
  assert_country_absent (fixture->store, "PH");
}

/* The PDF's words, a space between each: lines wrap where the page says. */
static char *
pdf_words (const char *path)
{
  g_autofree char *text = pdf_text (path);
  g_autoptr(GRegex) space = g_regex_new ("\\s+", 0, 0, NULL);

  return g_regex_replace_literal (space, text, -1, 0, " ", 0, NULL);
}

static char *
pdf_info (const char *path)
{
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "pdfinfo", path, NULL };
  int status = -1;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL, &status,
                               &error));
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);
  return g_steal_pointer (&out);
}

static void
add_evidence (Fixture    *fixture,
              const char *title,
              gboolean    restricted,
              gboolean    sample)
{
  g_autoptr(MnrEvidence) evidence = mnr_evidence_new ("GH");
  g_autoptr(GError) error = NULL;

  mnr_evidence_set_title (evidence, title);
  mnr_evidence_set_kind (evidence, "legislation");
  mnr_evidence_set_date (evidence, "2017-05-01");
  mnr_evidence_set_source (evidence, "Parliament of Ghana, Act 1038");
  mnr_evidence_set_elements (evidence, (const char * const[]) { "capability-3", NULL });
  mnr_evidence_set_restricted (evidence, restricted);
  mnr_evidence_set_sample (evidence, sample);
  g_assert_true (mnr_workspace_save_evidence (fixture->workspace, evidence, &error));
  g_assert_no_error (error);
}

/* Ghana: a baseline, then a review with one level up, a rationale in
 * Arabic and accents, evidence (public, restricted, sample) and an open
 * action item. */
static void
make_report_data (Fixture *fixture)
{
  g_autoptr(MnrRound) baseline = NULL;
  g_autoptr(MnrRound) review = NULL;
  g_autoptr(MnrAction) action = g_new0 (MnrAction, 1);
  g_autoptr(GError) error = NULL;

  baseline = mnr_store_create_round (fixture->store, "GH", "Baseline 2016", "2016-06-30", &error);
  g_assert_true (mnr_store_set_rating (fixture->store, baseline->id, "capability-4", "building", NULL, &error));
  review = mnr_store_create_round (fixture->store, "GH", "Review 2018", "2018-06-30", &error);
  g_assert_true (mnr_store_set_rating (fixture->store, review->id, "capability-4", "developing",
                                       "Unité spécialisée à Accra — وحدة متخصصة", &error));
  g_assert_true (mnr_store_set_rating (fixture->store, review->id, "enabler-justice", "established", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (mnr_workspace_set_country (fixture->workspace, "GH", &error));

  add_evidence (fixture, "Cybersecurity Act 2020", FALSE, FALSE);
  add_evidence (fixture, "Internal police review of the unit", TRUE, FALSE);
  add_evidence (fixture, "Booklet example of a helpline", FALSE, TRUE);

  action->country = g_strdup ("GH");
  action->description = g_strdup ("Open regional offices of the unit");
  action->owner = g_strdup ("Kwame Mensah");
  action->due = g_strdup ("2019-06-30");
  action->element_id = g_strdup ("capability-4");
  g_assert_true (mnr_store_save_action (fixture->store, action, &error));
  g_assert_no_error (error);
}

/* The report: every capability and enabler with its level, the change
 * since the baseline, the public evidence with its citation and not the
 * restricted (said so) nor the sample, the open action; A4 by default,
 * Letter when asked, restricted evidence when asked; a page to look at. */
static void
test_report_pdf (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autofree char *path = g_build_filename (fixture->directory, "report.pdf", NULL);
  g_autofree char *text = NULL;
  g_autofree char *info = NULL;
  g_autoptr(MnrDocument) report = NULL;
  g_autoptr(GError) error = NULL;
  MnrFramework *framework = mnr_workspace_get_framework (fixture->workspace);
  MnrReportOptions letter = { MNR_PAPER_LETTER, TRUE };
  GListModel *sources[] = { mnr_framework_get_capabilities (framework), mnr_framework_get_enablers (framework) };

  make_report_data (fixture);
  report = mnr_report_new (fixture->workspace, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (mnr_document_save_pdf (report, path, &error));
  g_assert_no_error (error);
  text = pdf_words (path);

  for (guint s = 0; s < G_N_ELEMENTS (sources); s++)
    for (guint i = 0; i < g_list_model_get_n_items (sources[s]); i++)
      {
        g_autoptr(MnrElement) element = g_list_model_get_item (sources[s], i);
        g_autofree char *label = mnr_element_dup_label (element);

        g_assert_nonnull (strstr (text, label));
      }
  g_assert_nonnull (strstr (text, "Capability 4: Dedicated Law Enforcement — Developing"));
  g_assert_nonnull (strstr (text, "Unité spécialisée à Accra"));
  g_assert_nonnull (strstr (text, "Change since “Baseline 2016”"));
  g_assert_nonnull (strstr (text, "Capability 4: Dedicated Law Enforcement: Building → Developing"));
  g_assert_nonnull (strstr (text, "Cybersecurity Act 2020"));
  g_assert_nonnull (strstr (text, "Source: Parliament of Ghana, Act 1038"));
  g_assert_null (strstr (text, "Internal police review"));
  g_assert_nonnull (strstr (text, "1 item of restricted evidence is left out of this report."));
  g_assert_null (strstr (text, "Booklet example"));
  g_assert_nonnull (strstr (text, "Open regional offices of the unit"));
  g_assert_nonnull (strstr (text, "Kwame Mensah"));
  g_assert_nonnull (strstr (text, "overdue"));
  info = pdf_info (path);
  g_assert_nonnull (strstr (info, "(A4)"));
  g_assert_nonnull (strstr (info, "Title:           Model National Response: GH"));

  if (g_getenv ("MNR_TEST_SCREENSHOTS") != NULL)
    {
      g_autofree char *png = g_build_filename (g_getenv ("MNR_TEST_SCREENSHOTS"), "report-page", NULL);
      const char *argv[] = { "pdftoppm", "-r", "80", "-f", "1", "-l", "2", "-png", path, png, NULL };

      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL,
                                   &error));
    }

  /* Letter, restricted evidence included. */
  g_clear_pointer (&report, mnr_document_free);
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&info, g_free);
  report = mnr_report_new (fixture->workspace, NULL, &letter, &error);
  g_assert_true (mnr_document_save_pdf (report, path, &error));
  text = pdf_words (path);
  g_assert_nonnull (strstr (text, "Internal police review of the unit"));
  g_assert_nonnull (strstr (text, "Restricted: not for readers outside the country’s team."));
  info = pdf_info (path);
  g_assert_nonnull (strstr (info, "612 x 792 pts (letter)"));
}

/* `--export-report`: 0 and a PDF for a country with a round (its latest,
 * or --round); 2 without a country or with a paper that is none; 1 with
 * a message for a country with no round. */
static void
test_report_command_line (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autofree char *path = g_build_filename (fixture->directory, "cli-report.pdf", NULL);
  g_autofree char *option = g_strconcat ("--export-report=", path, NULL);
  g_autoptr(GPtrArray) rounds = NULL;
  g_autofree char *round_option = NULL;
  struct { const char *a, *b, *c; int status; const char *expect; } cases[] = {
    { "--country=gh", NULL, NULL, 0, "Round “Review 2018”" },
    { "--country=GH", "--paper=letter", NULL, 0, "Round “Review 2018”" },
    { "--country=GH", NULL, NULL, 0, NULL },  /* --round, below */
    { NULL, NULL, NULL, 2, "--country" },
    { "--country=GH", "--paper=a5", NULL, 2, "--paper" },
    { "--country=UG", NULL, NULL, 1, "no assessment round" },
    { "--country=PH", NULL, NULL, 1, "nothing recorded for PH" },
  };

  make_report_data (fixture);
  g_assert_true (mnr_store_add_country (fixture->store, "UG", NULL));
  rounds = mnr_store_list_rounds (fixture->store, "GH", NULL);
  round_option = g_strconcat ("--round=", ((MnrRound *) rounds->pdata[1])->id, NULL);
  cases[2].b = round_option;
  cases[2].expect = "Round “Baseline 2016”";

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *err = NULL;
      int status;

      g_unlink (path);
      status = run_app (fixture, (const char *[]) { option, cases[i].a, cases[i].b, cases[i].c, NULL }, &err);
      g_test_message ("case %u: status %d, stderr: %s", i, status, err);
      g_assert_cmpint (status, ==, cases[i].status);
      if (status == 0)
        {
          g_autofree char *text = pdf_text (path);

          g_assert_nonnull (strstr (text, cases[i].expect));
        }
      else
        {
          g_assert_nonnull (strstr (err, cases[i].expect));
          g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
        }
    }
  assert_country_absent (fixture->store, "PH");
}

int
main (int   argc,
      char *argv[])
{
  if (!mnr_widget_test_init (&argc, &argv))
    return 77;

  g_test_add ("/minutes/pdf", Fixture, "GH", mnr_widget_test_workspace_set_up, test_minutes_pdf,
              mnr_widget_test_workspace_tear_down);
  g_test_add ("/minutes/command-line", Fixture, "GH", mnr_widget_test_workspace_set_up, test_minutes_command_line,
              mnr_widget_test_workspace_tear_down);
  g_test_add ("/report/pdf", Fixture, "GH", mnr_widget_test_workspace_set_up, test_report_pdf,
              mnr_widget_test_workspace_tear_down);
  g_test_add ("/report/command-line", Fixture, "GH", mnr_widget_test_workspace_set_up, test_report_command_line,
              mnr_widget_test_workspace_tear_down);

  return g_test_run ();
}
