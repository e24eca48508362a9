/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "mnr-document.h"
#include "mnr-minutes.h"
#include "mnr-test-util.h"
#include "mnr-widget-test-util.h"

/* A meeting's minutes as a PDF, read back with pdftotext (poppler-utils,
 * which build-aux/install-deps.sh installs): from the store through the
 * API, and through `mnr-tracker --export-minutes` as a script would run
 * it, with its failures. */

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
static void
test_minutes_command_line (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autofree char *meeting_id = make_meetings (fixture);
  g_autofree char *binary = g_build_filename (g_getenv ("MNR_BUILD_ROOT"), "app", "mnr-tracker", NULL);
  g_autofree char *path = g_build_filename (fixture->directory, "cli-minutes.pdf", NULL);
  g_autofree char *option = g_strconcat ("--export-minutes=", path, NULL);
  g_autofree char *nowhere = g_strconcat ("--export-minutes=", fixture->directory, "/no/such/minutes.pdf", NULL);
  struct { const char *country; const char *file_option; int status; const char *message; } cases[] = {
    { "--country=gh", option, 0, NULL },
    { NULL, option, 2, "--country" },
    { "--country=PH", option, 1, "no meeting" },
    { "--country=GH", nowhere, 1, "Could not write" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                           G_SUBPROCESS_FLAGS_STDERR_PIPE);
      g_autoptr(GSubprocess) process = NULL;
      g_autofree char *out = NULL, *err = NULL;
      g_autoptr(GError) error = NULL;

      g_unlink (path);
      g_subprocess_launcher_setenv (launcher, "MNR_TRACKER_DATA_DIR", fixture->directory, TRUE);
      g_subprocess_launcher_setenv (launcher, "LANGUAGE", "en", TRUE);
      process = cases[i].country != NULL
                ? g_subprocess_launcher_spawn (launcher, &error, binary, cases[i].file_option, cases[i].country, NULL)
                : g_subprocess_launcher_spawn (launcher, &error, binary, cases[i].file_option, NULL);
      g_assert_no_error (error);
      g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error));
      g_assert_no_error (error);
      g_test_message ("case %u: status %d, stderr: %s", i, g_subprocess_get_exit_status (process), err);
      g_assert_cmpint (g_subprocess_get_exit_status (process), ==, cases[i].status);
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

  return g_test_run ();
}
