/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <sqlite3.h>
#include <string.h>

#include "mnr-action-editor.h"
#include "mnr-actions-dialog.h"
#include "mnr-element-tile.h"
#include "mnr-grid-view.h"
#include "mnr-meeting-editor.h"
#include "mnr-meetings-dialog.h"
#include "mnr-test-util.h"
#include "mnr-since-dialog.h"
#include "mnr-widget-test-util.h"
#include "mnr-window.h"

/* The committee's meetings: the list of a country's meetings and the
 * meeting editor (text, people, an agenda in an order the chair sets),
 * the Actions list, and what changed since the last meeting, over a real
 * store in a temporary folder. Run under Xvfb. */

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

/* The main window closed while a meeting is being written: the list's
 * rows go first, and its editor closes while the list is being disposed
 * (as its "destroy" closes windows that go with it); the editor's closing
 * must not reach the rows, gone by then. */
static void
test_close_with_editor_open (Fixture       *fixture,
                             gconstpointer  user_data)
{
  GtkWidget *dialog = mnr_meetings_dialog_new (fixture->window, fixture->workspace, catalog);
  GtkWidget *editor;

  g_object_ref (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (gtk_widget_activate_action (dialog, "meetings.new-meeting", NULL));
  mnr_test_iterate ();
  editor = GTK_WIDGET (find_editor ());
  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *) &editor);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (editor), TRUE);

  gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_run_dispose (G_OBJECT (dialog));
  mnr_test_iterate ();
  g_assert_null (editor);
  g_assert_cmpuint (mnr_meetings_dialog_get_n_meetings (MNR_MEETINGS_DIALOG (dialog)), ==, 0);
  g_object_unref (dialog);
}

static void
save_action (Fixture    *fixture,
             const char *description,
             const char *owner,
             const char *due,
             const char *status,
             const char *element_id)
{
  g_autoptr(MnrAction) action = g_new0 (MnrAction, 1);
  g_autoptr(GError) error = NULL;

  action->country = g_strdup ("GH");
  action->description = g_strdup (description);
  action->owner = g_strdup (owner);
  action->due = g_strdup (due);
  action->status = g_strdup (status);
  action->element_id = g_strdup (element_id);
  g_assert_true (mnr_store_save_action (fixture->store, action, &error));
  g_assert_no_error (error);
}

static char *
listed (MnrActionsDialog *dialog)
{
  GPtrArray *shown = mnr_actions_dialog_get_shown (dialog);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < shown->len; i++)
    g_string_append_printf (text, "%s%s", i > 0 ? "; " : "", ((MnrAction *) shown->pdata[i])->description);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The Actions list: every element's items, open ones first by due date,
 * filtered and sorted as chosen, following the store; a row opens the
 * item in its editor. */
static void
test_actions_dialog (Fixture       *fixture,
                     gconstpointer  user_data)
{
  GtkWidget *dialog;
  g_autofree char *text = NULL;
  GtkListBoxRow *row;
  MnrActionsDialog *actions;

  save_action (fixture, "Staff the regional offices", "Kwame Mensah", "2020-06-30", "open", "capability-4");
  save_action (fixture, "Report to the minister", "Ama Owusu", "2999-01-31", "in-progress", "capability-1");
  save_action (fixture, "Publish the helpline number", "", "", "done", "capability-11");

  dialog = mnr_actions_dialog_new (fixture->window, fixture->workspace, catalog);
  actions = MNR_ACTIONS_DIALOG (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  mnr_test_iterate ();
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Action Items of Ghana");
  text = listed (actions);
  g_assert_cmpstr (text, ==, "Staff the regional offices; Report to the minister");
  g_assert_cmpstr (mnr_actions_dialog_get_summary (actions), ==, "2 of 3 action items listed, 1 overdue");

  /* The row says the element, the owner, the date and "Overdue". */
  row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (mnr_widget_test_find (dialog, GTK_TYPE_LIST_BOX)), 0);
  g_assert_true (ADW_IS_ACTION_ROW (row));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Capability 4: Dedicated Law Enforcement"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Kwame Mensah"));

  mnr_actions_dialog_set_filter (actions, MNR_ACTION_SHOW_ALL, MNR_ACTION_DUE_ANY, MNR_ACTION_SORT_ELEMENT, NULL);
  g_clear_pointer (&text, g_free);
  text = listed (actions);
  g_assert_cmpstr (text, ==, "Report to the minister; Staff the regional offices; Publish the helpline number");
  mnr_actions_dialog_set_filter (actions, MNR_ACTION_SHOW_ALL, MNR_ACTION_DUE_NONE, MNR_ACTION_SORT_DUE, NULL);
  g_clear_pointer (&text, g_free);
  text = listed (actions);
  g_assert_cmpstr (text, ==, "Publish the helpline number");
  mnr_actions_dialog_set_filter (actions, MNR_ACTION_SHOW_PENDING, MNR_ACTION_DUE_ANY, MNR_ACTION_SORT_DUE, "ama");
  g_clear_pointer (&text, g_free);
  text = listed (actions);
  g_assert_cmpstr (text, ==, "Report to the minister");

  /* Saved elsewhere (a panel, a sync): listed at once. */
  save_action (fixture, "Brief the new minister", "Ama Owusu", "2999-02-28", "open", "enabler-resources");
  mnr_test_iterate ();
  g_clear_pointer (&text, g_free);
  text = listed (actions);
  g_assert_cmpstr (text, ==, "Report to the minister; Brief the new minister");

  /* Nothing matches: said so. */
  mnr_actions_dialog_set_filter (actions, MNR_ACTION_SHOW_DROPPED, MNR_ACTION_DUE_ANY, MNR_ACTION_SORT_DUE, NULL);
  g_assert_cmpuint (mnr_actions_dialog_get_shown (actions)->len, ==, 0);
  g_assert_cmpstr (mnr_actions_dialog_get_summary (actions), ==, "0 of 4 action items listed");

  /* A row opens its item in the editor. */
  mnr_actions_dialog_set_filter (actions, MNR_ACTION_SHOW_PENDING, MNR_ACTION_DUE_ANY, MNR_ACTION_SORT_DUE, NULL);
  row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (mnr_widget_test_find (dialog, GTK_TYPE_LIST_BOX)), 0);
  g_signal_emit_by_name (row, "activate");
  mnr_test_iterate ();
  {
    MnrActionEditor *editor = NULL;

    for (GList *l = gtk_window_list_toplevels (); l != NULL; l = g_list_delete_link (l, l))
      if (MNR_IS_ACTION_EDITOR (l->data) && gtk_widget_get_visible (l->data))
        editor = l->data;
    g_assert_nonnull (editor);
    g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (editor)) == GTK_WINDOW (dialog));
    gtk_window_destroy (GTK_WINDOW (editor));
  }

  if (g_getenv ("MNR_TEST_SCREENSHOTS") != NULL)
    {
      g_autofree char *path = g_build_filename (g_getenv ("MNR_TEST_SCREENSHOTS"), "action-items-list.png", NULL);

      g_assert_true (mnr_widget_test_save_screenshot (GTK_WINDOW (dialog), path));
    }

  gtk_window_destroy (GTK_WINDOW (dialog));
  mnr_test_iterate ();
}

/* Since the last meeting: a store where a round was rated three weeks
 * ago, the committee met ten days ago, and since then a level went up,
 * another was rated for the first time, evidence was added, an action
 * item was done and another fell overdue. The main window's Ctrl+L
 * lists it all and marks the tiles; closing the list ends the marks. */

/* "YYYY-MM-DD", @days from today (negative: before). */
static char *
day_from_today (int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, days);

  return g_date_time_format (then, "%Y-%m-%d");
}

/* Moves every line of the ratings' history, as if set @days ago. */
static void
backdate_history (Fixture *fixture,
                  int      days)
{
  g_autofree char *path = g_build_filename (fixture->directory, "mnr-tracker.db", NULL);
  g_autofree char *sql = NULL;
  char *message = NULL;
  sqlite3 *db = NULL;

  sql = g_strdup_printf ("UPDATE rating_history SET changed_at = %" G_GINT64_FORMAT,
                         g_get_real_time () + (gint64) days * 24 * 3600 * G_USEC_PER_SEC);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, &message), ==, SQLITE_OK);
  g_assert_null (message);
  sqlite3_close (db);
}

static MnrSinceDialog *
find_since_dialog (void)
{
  MnrSinceDialog *found = NULL;

  for (GList *l = gtk_window_list_toplevels (); l != NULL; l = g_list_delete_link (l, l))
    if (MNR_IS_SINCE_DIALOG (l->data))
      found = l->data;
  return found;
}

static MnrElementTile *
tile_of (MnrWindow  *window,
         const char *element_id)
{
  MnrGridView *grid = mnr_window_get_grid_view (window);

  return MNR_ELEMENT_TILE (mnr_grid_view_get_tile (grid, mnr_framework_lookup (mnr_grid_view_get_framework (grid),
                                                                              element_id)));
}

static void
test_since_last_meeting (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autofree char *round_day = day_from_today (-30);
  g_autofree char *meeting_day = day_from_today (-10);
  g_autofree char *overdue_day = day_from_today (-5);
  g_autofree char *later_day = day_from_today (60);
  g_autoptr(MnrRound) round = NULL;
  g_autoptr(MnrMeeting) meeting = g_new0 (MnrMeeting, 1);
  g_autoptr(MnrEvidence) evidence = mnr_evidence_new ("GH");
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *joined = NULL;
  MnrWindow *window;
  MnrSinceDialog *dialog;

  /* Three weeks ago: the round rated. */
  round = mnr_store_create_round (fixture->store, "GH", "Review", round_day, &error);
  g_assert_no_error (error);
  g_assert_true (mnr_workspace_set_country (fixture->workspace, "GH", &error));
  g_assert_true (mnr_workspace_set_rating (fixture->workspace, "capability-4", "building", NULL, &error));
  g_assert_true (mnr_workspace_set_rating (fixture->workspace, "capability-5", "developing", NULL, &error));
  g_assert_no_error (error);
  backdate_history (fixture, -21);

  /* Ten days ago: the committee met. */
  meeting->country = g_strdup ("GH");
  meeting->title = g_strdup ("Oversight committee");
  meeting->date = g_strdup (meeting_day);
  meeting->agenda_kind = g_strdup ("grid");
  g_assert_true (mnr_store_save_meeting (fixture->store, meeting, &error));
  g_assert_no_error (error);

  /* Since: a level up, a first rating, evidence, an item done, one overdue. */
  g_assert_true (mnr_workspace_set_rating (fixture->workspace, "capability-4", "developing", NULL, &error));
  g_assert_true (mnr_workspace_set_rating (fixture->workspace, "capability-12", "established", NULL, &error));
  mnr_evidence_set_title (evidence, "Cybercrime unit's regional offices opened");
  mnr_evidence_set_kind (evidence, "institution");
  mnr_evidence_set_elements (evidence, (const char * const[]) { "capability-4", NULL });
  g_assert_true (mnr_workspace_save_evidence (fixture->workspace, evidence, &error));
  g_assert_no_error (error);
  save_action (fixture, "Train the regional offices", "Kwame Mensah", later_day, "done", "capability-4");
  save_action (fixture, "Sign the MoU with the regulator", "Kwame Mensah", overdue_day, "open", "capability-4");

  window = mnr_window_new_with_data (NULL, mnr_workspace_get_framework (fixture->workspace), NULL,
                                     fixture->workspace, catalog, NULL, NULL);
  g_object_ref (window);
  gtk_window_present (GTK_WINDOW (window));
  mnr_test_iterate ();
  g_assert_null (mnr_element_tile_get_since (tile_of (window, "capability-4")));

  /* Ctrl+L: the list, and the marks. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.since-last-meeting", NULL));
  mnr_test_iterate ();
  dialog = find_since_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  lines = mnr_since_dialog_dup_lines (dialog);
  joined = g_strjoinv ("\n", lines);
  g_test_message ("%s", joined);
  g_assert_nonnull (strstr (joined, "Levels Changed (2)\n"
                                    "Capability 4: Dedicated Law Enforcement — Building → Developing\n"
                                    "Capability 12: CSEA Hotline — First rated: Established\n"));
  g_assert_nonnull (strstr (joined, "Evidence Added or Changed (1)\nCybercrime unit's regional offices opened — "));
  g_assert_nonnull (strstr (joined, "Action Items Done (1)\nTrain the regional offices — "));
  g_assert_nonnull (strstr (joined, "Action Items Overdue (1)\nSign the MoU with the regulator — "));
  g_assert_null (strstr (joined, "Capability 5"));

  g_assert_cmpstr (mnr_element_tile_get_since (tile_of (window, "capability-4")), ==,
                   "Since the last meeting: up from Building; 1 item of evidence added or changed.");
  g_assert_cmpstr (mnr_element_tile_get_since (tile_of (window, "capability-12")), ==,
                   "Since the last meeting: first rated.");
  g_assert_null (mnr_element_tile_get_since (tile_of (window, "capability-5")));

  /* A change made now is counted at once: down, this time. */
  g_assert_true (mnr_workspace_set_rating (fixture->workspace, "capability-5", "building", NULL, &error));
  mnr_test_iterate ();
  g_assert_cmpstr (mnr_element_tile_get_since (tile_of (window, "capability-5")), ==,
                   "Since the last meeting: down from Developing.");
  g_clear_pointer (&lines, g_strfreev);
  lines = mnr_since_dialog_dup_lines (dialog);
  g_assert_true (g_strv_contains ((const char * const *) lines, "Levels Changed (3)"));

  if (g_getenv ("MNR_TEST_SCREENSHOTS") != NULL)
    {
      g_autofree char *grid = g_build_filename (g_getenv ("MNR_TEST_SCREENSHOTS"), "since-grid.png", NULL);
      g_autofree char *list = g_build_filename (g_getenv ("MNR_TEST_SCREENSHOTS"), "since-list.png", NULL);

      g_assert_true (mnr_widget_test_save_screenshot (GTK_WINDOW (window), grid));
      g_assert_true (mnr_widget_test_save_screenshot (GTK_WINDOW (dialog), list));
    }

  /* Again: both end. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.since-last-meeting", NULL));
  mnr_test_iterate ();
  g_assert_null (find_since_dialog ());
  g_assert_null (mnr_element_tile_get_since (tile_of (window, "capability-4")));

  /* Open when the window closes: it goes first, while the grid is there. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.since-last-meeting", NULL));
  mnr_test_iterate ();
  g_assert_nonnull (find_since_dialog ());
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
  mnr_test_iterate ();
  g_assert_null (find_since_dialog ());
}

/* A country whose committee has not met: the list says how it begins,
 * and no tile is marked. */
static void
test_since_no_meeting (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  MnrWindow *window = mnr_window_new_with_data (NULL, mnr_workspace_get_framework (fixture->workspace), NULL,
                                                fixture->workspace, catalog, NULL, NULL);
  MnrSinceDialog *dialog;
  g_auto(GStrv) lines = NULL;

  g_object_ref (window);
  g_assert_true (mnr_workspace_set_rating (fixture->workspace, "capability-4", "building", NULL, &error));
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.since-last-meeting", NULL));
  mnr_test_iterate ();
  dialog = find_since_dialog ();
  g_assert_nonnull (dialog);
  lines = mnr_since_dialog_dup_lines (dialog);
  g_assert_cmpuint (g_strv_length (lines), ==, 0);
  g_assert_null (mnr_element_tile_get_since (tile_of (window, "capability-4")));

  /* Closing the list ends the mode. */
  gtk_window_destroy (GTK_WINDOW (dialog));
  mnr_test_iterate ();
  g_assert_false (mnr_grid_view_get_show_since (mnr_window_get_grid_view (window)));

  gtk_window_destroy (GTK_WINDOW (window));
  mnr_test_iterate ();
  g_object_unref (window);
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
  g_test_add ("/meetings/close-with-editor-open", Fixture, "GH", mnr_widget_test_workspace_set_up,
              test_close_with_editor_open, mnr_widget_test_workspace_tear_down);
  g_test_add ("/meetings/actions-list", Fixture, "GH", mnr_widget_test_workspace_set_up,
              test_actions_dialog, mnr_widget_test_workspace_tear_down);
  g_test_add ("/meetings/since-last-meeting", Fixture, "GH", mnr_widget_test_workspace_set_up,
              test_since_last_meeting, mnr_widget_test_workspace_tear_down);
  g_test_add ("/meetings/since-no-meeting", Fixture, "GH", mnr_widget_test_workspace_set_up,
              test_since_no_meeting, mnr_widget_test_workspace_tear_down);

  status = g_test_run ();
  g_clear_object (&catalog);
  return status;
}
