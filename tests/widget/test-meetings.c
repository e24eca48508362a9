/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "mnr-meeting-editor.h"
#include "mnr-meetings-dialog.h"
#include "mnr-test-util.h"
#include "mnr-widget-test-util.h"

/* The committee's meetings: the list of a country's meetings and the
 * meeting editor (text, people, an agenda in an order the chair sets),
 * over a real store in a temporary folder. Run under Xvfb. */

static MnrCountryCatalog *catalog;

typedef MnrWidgetTestWorkspace Fixture;

static MnrMeetingEditor *
find_editor (void)
{
  MnrMeetingEditor *found = NULL;

  for (GList *l = gtk_window_list_toplevels (); l != NULL; l = g_list_delete_link (l, l))
    if (MNR_IS_MEETING_EDITOR (l->data) && gtk_widget_get_visible (l->data))
      found = l->data;

  g_assert_nonnull (found);
  return found;
}

static void
test_meetings_dialog (Fixture       *fixture,
                      gconstpointer  user_data)
{
  GtkWidget *dialog = mnr_meetings_dialog_new (fixture->window, fixture->workspace, catalog);
  g_autoptr(GPtrArray) meetings = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) agenda = NULL;
  MnrMeetingEditor *editor;
  MnrMeeting *meeting;

  gtk_window_present (GTK_WINDOW (dialog));
  mnr_test_iterate ();
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Meetings of Ghana");
  g_assert_cmpuint (mnr_meetings_dialog_get_n_meetings (MNR_MEETINGS_DIALOG (dialog)), ==, 0);

  /* Ctrl+N's action opens a new meeting, today, with nothing to save yet. */
  g_assert_true (gtk_widget_activate_action (dialog, "meetings.new-meeting", NULL));
  mnr_test_iterate ();
  editor = find_editor ();
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (editor)) == GTK_WINDOW (dialog));
  g_assert_false (mnr_meeting_editor_can_save (editor));
  mnr_meeting_editor_set_text (editor, "Oversight committee, March", "2027-02-30", "Accra",
                               "Ama Owusu (chair)\nKwame Mensah (police)", "Efua Asante (education)");
  g_assert_false (mnr_meeting_editor_can_save (editor));
  mnr_meeting_editor_set_text (editor, "Oversight committee, March", "2027-03-04", "Accra",
                               "Ama Owusu (chair)\nKwame Mensah (police)", "Efua Asante (education)");
  g_assert_true (mnr_meeting_editor_can_save (editor));

  /* The agenda: added once each, moved, removed. */
  mnr_meeting_editor_add_item (editor, "capability-1");
  mnr_meeting_editor_add_item (editor, "capability-4");
  mnr_meeting_editor_add_item (editor, "capability-4");
  mnr_meeting_editor_add_item (editor, "enabler-legal-frameworks");
  mnr_meeting_editor_move_item (editor, 1, -1);
  mnr_meeting_editor_move_item (editor, 0, -1);
  mnr_meeting_editor_move_item (editor, 2, 1);
  mnr_meeting_editor_add_item (editor, "capability-2");
  mnr_meeting_editor_remove_item (editor, 3);
  agenda = mnr_meeting_editor_dup_agenda (editor);
  g_assert_true (g_strv_equal ((const char * const *) agenda,
                               (const char *[]) { "capability-4", "capability-1", "enabler-legal-frameworks", NULL }));

  g_assert_true (mnr_meeting_editor_save (editor, &error));
  g_assert_no_error (error);
  gtk_window_destroy (GTK_WINDOW (editor));
  mnr_test_iterate ();
  g_assert_cmpuint (mnr_meetings_dialog_get_n_meetings (MNR_MEETINGS_DIALOG (dialog)), ==, 1);

  meetings = mnr_store_list_meetings (fixture->store, "GH", &error);
  g_assert_cmpuint (meetings->len, ==, 1);
  meeting = meetings->pdata[0];
  g_assert_cmpstr (meeting->title, ==, "Oversight committee, March");
  g_assert_cmpstr (meeting->attendees, ==, "Ama Owusu (chair)\nKwame Mensah (police)");
  g_assert_cmpstr (meeting->agenda_kind, ==, "items");
  g_assert_true (g_strv_equal ((const char * const *) meeting->agenda, (const char * const *) agenda));

  /* Opened again: the same, and the whole grid as its agenda now. */
  {
    GtkWidget *again = mnr_meeting_editor_new (GTK_WINDOW (dialog), fixture->workspace, meeting->id);
    g_autoptr(MnrMeeting) saved = NULL;
    g_auto(GStrv) kept = mnr_meeting_editor_dup_agenda (MNR_MEETING_EDITOR (again));

    g_assert_true (g_strv_equal ((const char * const *) kept, (const char * const *) agenda));
    mnr_meeting_editor_set_agenda_kind (MNR_MEETING_EDITOR (again), "grid");
    g_assert_true (mnr_meeting_editor_save (MNR_MEETING_EDITOR (again), &error));
    gtk_window_destroy (GTK_WINDOW (again));
    saved = mnr_store_get_meeting (fixture->store, meeting->id, &error);
    g_assert_cmpstr (saved->agenda_kind, ==, "grid");
    g_assert_cmpuint (g_strv_length (saved->agenda), ==, 3);
  }

  g_assert_null (mnr_meeting_editor_new (GTK_WINDOW (dialog), fixture->workspace,
                                         "0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f"));

  if (g_getenv ("MNR_TEST_SCREENSHOTS") != NULL)
    {
      g_autofree char *list_path = g_build_filename (g_getenv ("MNR_TEST_SCREENSHOTS"), "meetings.png", NULL);
      g_autofree char *editor_path = g_build_filename (g_getenv ("MNR_TEST_SCREENSHOTS"), "meeting-editor.png", NULL);
      GtkWidget *shown = mnr_meeting_editor_new (GTK_WINDOW (dialog), fixture->workspace, meeting->id);

      g_assert_true (mnr_widget_test_save_screenshot (dialog, list_path));
      mnr_meeting_editor_set_agenda_kind (MNR_MEETING_EDITOR (shown), "items");
      gtk_window_present (GTK_WINDOW (shown));
      g_assert_true (mnr_widget_test_save_screenshot (shown, editor_path));
      gtk_window_destroy (GTK_WINDOW (shown));
    }

  gtk_window_destroy (GTK_WINDOW (dialog));
  mnr_test_iterate ();
}

int
main (int   argc,
      char *argv[])
{
  int status;

  if (!mnr_widget_test_init (&argc, &argv))
    return 77;

  catalog = mnr_test_load_catalog ();

  g_test_add ("/meetings/dialog-and-editor", Fixture, "GH", mnr_widget_test_workspace_set_up,
              test_meetings_dialog, mnr_widget_test_workspace_tear_down);

  status = g_test_run ();
  g_clear_object (&catalog);
  return status;
}
