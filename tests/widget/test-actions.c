/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "mnr-action-editor.h"
#include "mnr-action-list.h"
#include "mnr-detail-panel.h"
#include "mnr-element-tile.h"
#include "mnr-grid-view.h"
#include "mnr-screenshot.h"
#include "mnr-test-util.h"
#include "mnr-widget-test-util.h"

/* Action items in the capability panel, over a real store in a temporary
 * folder: added through the editor (a due date checked as it is typed),
 * shown with owner, due date and status, an overdue one marked so, edited
 * and deleted. Run under Xvfb (build-aux/run-tests.sh). */

static MnrFramework *framework;
static MnrCountryCatalog *catalog;

typedef struct
{
  char           *directory;
  MnrStore       *store;
  MnrWorkspace   *workspace;
  GtkWindow      *window;
  MnrDetailPanel *panel;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  fixture->store = mnr_test_open_temp_store ("mnr-actions-XXXXXX", &fixture->directory);
  mnr_store_set_author (fixture->store, "Ama Owusu");
  fixture->workspace = mnr_workspace_new (fixture->store, framework);
  g_assert_true (mnr_workspace_set_country (fixture->workspace, "GH", NULL));

  fixture->panel = MNR_DETAIL_PANEL (mnr_detail_panel_new ());
  mnr_detail_panel_set_framework (fixture->panel, framework);
  mnr_detail_panel_set_context (fixture->panel, fixture->workspace, catalog, NULL);
  mnr_detail_panel_set_element (fixture->panel, mnr_framework_lookup (framework, "capability-4"));

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 480, 900);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->panel));
  gtk_window_present (fixture->window);
  mnr_test_iterate ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  gtk_window_destroy (fixture->window);
  mnr_test_iterate ();

  g_assert_finalize_object (fixture->workspace);
  mnr_test_close_temp_store (&fixture->store, &fixture->directory);
}

static MnrActionEditor *
find_editor (void)
{
  MnrActionEditor *found = NULL;

  for (GList *l = gtk_window_list_toplevels (); l != NULL; l = g_list_delete_link (l, l))
    if (MNR_IS_ACTION_EDITOR (l->data) && gtk_widget_get_visible (l->data))
      found = l->data;

  g_assert_nonnull (found);
  return found;
}

static void
respond (MnrActionEditor *editor,
         const char      *response)
{
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (editor), response);
  gtk_window_destroy (GTK_WINDOW (editor));
  mnr_test_iterate ();
}

static void
test_actions_in_the_panel (Fixture       *fixture,
                           gconstpointer  user_data)
{
  MnrActionList *list = MNR_ACTION_LIST (mnr_widget_test_find (GTK_WIDGET (fixture->panel), MNR_TYPE_ACTION_LIST));
  g_autoptr(GPtrArray) actions = NULL;
  MnrActionEditor *editor;

  g_assert_nonnull (list);
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_first_child (GTK_WIDGET (list))));
  g_assert_cmpuint (mnr_action_list_get_n_items (list), ==, 0);

  /* A new item: Save waits for a description and a real day. */
  mnr_action_list_activate_add (list);
  mnr_test_iterate ();
  editor = find_editor ();
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (editor)));
  g_assert_false (mnr_action_editor_can_save (editor));
  mnr_action_editor_set_fields (editor, "Staff the regional offices of the unit", "Kwame Mensah",
                                "2027-02-30", "open");
  g_assert_false (mnr_action_editor_can_save (editor));
  mnr_action_editor_set_fields (editor, "Staff the regional offices of the unit", "Kwame Mensah",
                                "2020-06-30", "in-progress");
  g_assert_true (mnr_action_editor_can_save (editor));
  respond (editor, "save");

  /* Shown, and overdue: in progress past its date. */
  g_assert_cmpuint (mnr_action_list_get_n_items (list), ==, 1);
  g_assert_cmpuint (mnr_action_list_get_n_overdue (list), ==, 1);
  actions = mnr_store_list_actions (fixture->store, "GH", "capability-4", NULL);
  g_assert_cmpuint (actions->len, ==, 1);
  g_assert_cmpstr (((MnrAction *) actions->pdata[0])->status, ==, "in-progress");
  g_assert_cmpstr (((MnrAction *) actions->pdata[0])->due, ==, "2020-06-30");

  if (g_getenv ("MNR_TEST_SCREENSHOTS") != NULL)
    {
      g_autofree char *path = g_build_filename (g_getenv ("MNR_TEST_SCREENSHOTS"), "action-items.png", NULL);
      g_assert_true (mnr_widget_test_save_screenshot (GTK_WIDGET (fixture->window), path));
    }

  /* Done: no longer overdue. The row opens the item in the editor. */
  g_signal_emit_by_name (mnr_widget_test_find (GTK_WIDGET (list), GTK_TYPE_LIST_BOX), "row-activated",
                         gtk_list_box_get_row_at_index (GTK_LIST_BOX (mnr_widget_test_find (GTK_WIDGET (list),
                                                                                      GTK_TYPE_LIST_BOX)), 0));
  mnr_test_iterate ();
  editor = find_editor ();
  mnr_action_editor_set_fields (editor, "Staff the regional offices of the unit", "Kwame Mensah",
                                "2020-06-30", "done");
  respond (editor, "save");
  g_assert_cmpuint (mnr_action_list_get_n_items (list), ==, 1);
  g_assert_cmpuint (mnr_action_list_get_n_overdue (list), ==, 0);

  /* Deleted from the editor. */
  g_signal_emit_by_name (mnr_widget_test_find (GTK_WIDGET (list), GTK_TYPE_LIST_BOX), "row-activated",
                         gtk_list_box_get_row_at_index (GTK_LIST_BOX (mnr_widget_test_find (GTK_WIDGET (list),
                                                                                      GTK_TYPE_LIST_BOX)), 0));
  mnr_test_iterate ();
  respond (find_editor (), "delete");
  g_assert_cmpuint (mnr_action_list_get_n_items (list), ==, 0);

  /* An outcome has no action items. */
  mnr_detail_panel_set_element (fixture->panel, mnr_framework_lookup (framework, "outcome-commitment"));
  mnr_test_iterate ();
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_first_child (GTK_WIDGET (list))));
}

/* With MNR_TEST_SCREENSHOTS set, the grid in a window of its own, saved. */
static void
save_grid_screenshot (GtkWidget  *grid,
                      const char *name)
{
  g_autofree char *path = NULL;
  GtkWindow *window;

  if (g_getenv ("MNR_TEST_SCREENSHOTS") == NULL)
    return;

  path = g_build_filename (g_getenv ("MNR_TEST_SCREENSHOTS"), name, NULL);
  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, 1280, 800);
  gtk_window_set_child (window, grid);
  gtk_window_present (window);
  g_assert_true (mnr_widget_test_save_screenshot (window, path));
  gtk_window_set_child (window, NULL);
  gtk_window_destroy (window);
}

/* The grid marks a tile with the action items overdue on it, as they are
 * saved or done. */
static void
test_overdue_on_the_tile (Fixture       *fixture,
                          gconstpointer  user_data)
{
  GtkWidget *grid = mnr_grid_view_new_for_workspace (fixture->workspace);
  g_autoptr(MnrAction) late = g_new0 (MnrAction, 1);
  g_autoptr(MnrAction) later = g_new0 (MnrAction, 1);
  g_autoptr(GError) error = NULL;
  MnrElementTile *tile;

  g_object_ref_sink (grid);
  tile = MNR_ELEMENT_TILE (mnr_grid_view_get_tile (MNR_GRID_VIEW (grid), mnr_framework_lookup (framework, "capability-4")));
  g_assert_cmpuint (mnr_element_tile_get_overdue (tile), ==, 0);

  late->country = g_strdup ("GH");
  late->description = g_strdup ("Sign the MoU with the regulator");
  late->due = g_strdup ("2020-01-31");
  late->element_id = g_strdup ("capability-4");
  g_assert_true (mnr_store_save_action (fixture->store, late, &error));
  later->country = g_strdup ("GH");
  later->description = g_strdup ("Train every regional office");
  later->due = g_strdup ("2999-01-31");
  later->element_id = g_strdup ("capability-4");
  g_assert_true (mnr_store_save_action (fixture->store, later, &error));
  g_assert_no_error (error);
  mnr_test_iterate ();
  g_assert_cmpuint (mnr_element_tile_get_overdue (tile), ==, 1);

  save_grid_screenshot (grid, "overdue-tile.png");

  g_free (late->status);
  late->status = g_strdup ("done");
  g_assert_true (mnr_store_save_action (fixture->store, late, &error));
  mnr_test_iterate ();
  g_assert_cmpuint (mnr_element_tile_get_overdue (tile), ==, 0);

  g_object_unref (grid);
}

/* A level is proposed until a meeting agrees it: the tile says so (once
 * the country's committee meets at all), and the panel says which
 * meeting agreed it; a decision saved in the store reaches both. */
static void
test_review_on_the_tile (Fixture       *fixture,
                         gconstpointer  user_data)
{
  GtkWidget *grid = mnr_grid_view_new_for_workspace (fixture->workspace);
  g_autoptr(MnrMeeting) meeting = g_new0 (MnrMeeting, 1);
  g_autoptr(MnrMinute) decision = g_new0 (MnrMinute, 1);
  g_autoptr(GError) error = NULL;
  MnrElementTile *tile;
  MnrElementTile *other;

  g_object_ref_sink (grid);
  tile = MNR_ELEMENT_TILE (mnr_grid_view_get_tile (MNR_GRID_VIEW (grid), mnr_framework_lookup (framework, "capability-4")));
  other = MNR_ELEMENT_TILE (mnr_grid_view_get_tile (MNR_GRID_VIEW (grid), mnr_framework_lookup (framework, "capability-5")));
  g_assert_true (mnr_workspace_set_rating (fixture->workspace, "capability-4", "building", "Two officers", &error));
  g_assert_true (mnr_workspace_set_rating (fixture->workspace, "capability-5", "developing", NULL, &error));
  g_assert_no_error (error);
  mnr_test_iterate ();

  /* No meeting yet: nothing said of a review. */
  g_assert_false (mnr_element_tile_get_proposed (tile));
  g_assert_false (mnr_widget_test_shows_text (GTK_WIDGET (fixture->panel), "Proposed"));

  meeting->country = g_strdup ("GH");
  meeting->title = g_strdup ("Oversight committee, March");
  meeting->date = g_strdup ("2099-03-04");
  meeting->agenda_kind = g_strdup ("items");
  meeting->agenda = g_strdupv ((char *[]) { "capability-4", NULL });
  g_assert_true (mnr_store_save_meeting (fixture->store, meeting, &error));
  g_assert_no_error (error);
  mnr_test_iterate ();
  g_assert_true (mnr_element_tile_get_proposed (tile));
  g_assert_true (mnr_element_tile_get_proposed (other));
  mnr_detail_panel_set_element (fixture->panel, mnr_framework_lookup (framework, "capability-5"));
  mnr_detail_panel_set_element (fixture->panel, mnr_framework_lookup (framework, "capability-4"));
  mnr_test_iterate ();
  g_assert_true (mnr_widget_test_shows_text (GTK_WIDGET (fixture->panel), "Proposed: no meeting has agreed this level yet."));

  /* The meeting agrees Developing for capability 4. */
  decision->meeting_id = g_strdup (meeting->id);
  decision->kind = g_strdup ("decision");
  decision->text = g_strdup ("Level of capability 4 agreed: Developing");
  decision->level_id = g_strdup ("developing");
  decision->element_id = g_strdup ("capability-4");
  g_assert_true (mnr_store_save_minute (fixture->store, decision, &error));
  g_assert_no_error (error);
  mnr_test_iterate ();
  g_assert_false (mnr_element_tile_get_proposed (tile));
  g_assert_true (mnr_element_tile_get_proposed (other));
  g_assert_cmpstr (mnr_level_get_id (mnr_workspace_get_level (fixture->workspace, "capability-4")), ==, "developing");
  g_assert_true (mnr_widget_test_shows_text (GTK_WIDGET (fixture->panel), "Agreed by the meeting “Oversight committee, March”"));
  save_grid_screenshot (grid, "review-tiles.png");

  /* A new level from the panel's owner is proposed again. */
  g_assert_true (mnr_workspace_set_rating (fixture->workspace, "capability-4", "established", NULL, &error));
  mnr_test_iterate ();
  g_assert_true (mnr_element_tile_get_proposed (tile));

  g_object_unref (grid);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  if (!mnr_widget_test_init (&argc, &argv))
    return 77;

  framework = mnr_test_load_framework ();
  catalog = mnr_test_load_catalog ();

  g_test_add ("/actions/in-the-panel", Fixture, NULL, fixture_set_up, test_actions_in_the_panel, fixture_tear_down);
  g_test_add ("/actions/overdue-on-the-tile", Fixture, NULL, fixture_set_up, test_overdue_on_the_tile,
              fixture_tear_down);
  g_test_add ("/actions/review-on-the-tile", Fixture, NULL, fixture_set_up, test_review_on_the_tile,
              fixture_tear_down);

  status = g_test_run ();
  g_clear_object (&catalog);
  g_clear_object (&framework);
  return status;
}
