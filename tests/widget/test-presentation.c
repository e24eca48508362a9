/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "mnr-action-editor.h"
#include "mnr-gui-resources.h"
#include "mnr-level-style.h"
#include "mnr-meetings-dialog.h"
#include "mnr-minute-editor.h"
#include "mnr-presentation-window.h"
#include "mnr-test-util.h"
#include "mnr-widget-test-util.h"
#include "mnr-window.h"

/* Presentation mode over a real store in a temporary folder: the slides a
 * meeting's agenda gives (its items, the whole grid, or what changed), the
 * actions its keys are bound to, and a decision, a note and an action
 * item recorded without leaving it. Run under Xvfb; with
 * MNR_TEST_SCREENSHOTS set, slides are saved there as PNGs at 1920×1080
 * in light and dark, and at 1024×600. */

static MnrCountryCatalog *catalog;

typedef MnrWidgetTestWorkspace Fixture;

static MnrMeeting *
save_meeting (Fixture    *fixture,
              const char *title,
              const char *date,
              const char *agenda_kind,
              GStrv       agenda)
{
  g_autoptr(GError) error = NULL;
  MnrMeeting *meeting = g_new0 (MnrMeeting, 1);

  meeting->country = g_strdup ("GH");
  meeting->title = g_strdup (title);
  meeting->date = g_strdup (date);
  meeting->place = g_strdup ("Accra");
  meeting->attendees = g_strdup ("Ama Owusu (chair)\nKwame Mensah (Ghana Police Service)");
  meeting->apologies = g_strdup ("Efua Asante (Ministry of Education)");
  meeting->agenda_kind = g_strdup (agenda_kind);
  meeting->agenda = agenda;
  g_assert_true (mnr_store_save_meeting (fixture->store, meeting, &error));
  g_assert_no_error (error);
  return meeting;
}

static MnrPresentationWindow *
present (Fixture    *fixture,
         const char *meeting_id,
         int         width,
         int         height)
{
  GtkWidget *window = mnr_presentation_window_new (NULL, fixture->window, fixture->workspace, meeting_id);

  g_assert_nonnull (window);
  mnr_presentation_window_set_catalog (MNR_PRESENTATION_WINDOW (window), catalog);
  /* Xvfb has no window manager to make it full screen: its size, then. */
  gtk_window_unfullscreen (GTK_WINDOW (window));
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  mnr_test_iterate ();
  return MNR_PRESENTATION_WINDOW (window);
}

static gpointer
find_toplevel (GType type)
{
  gpointer found = NULL;

  for (GList *l = gtk_window_list_toplevels (); l != NULL; l = g_list_delete_link (l, l))
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && gtk_widget_get_visible (l->data))
      found = l->data;

  g_assert_nonnull (found);
  return found;
}

static void
step (MnrPresentationWindow *window,
      const char            *action_name)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), action_name, NULL));
  mnr_test_iterate ();
}

/* The action @accelerator ("Page_Down", "<Control>d") is bound to on its
 * way to the focus (capture phase), before GtkWindow's own keys (the
 * arrows move the focus, Space activates it) could take it. */
static char *
dup_action_of_key (GtkWidget  *widget,
                   const char *accelerator)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller) ||
          gtk_event_controller_get_propagation_phase (controller) != GTK_PHASE_CAPTURE)
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          g_autofree char *trigger = gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);

          if (g_strcmp0 (trigger, accelerator) == 0 && GTK_IS_NAMED_ACTION (action))
            return g_strdup (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)));
        }
    }

  return NULL;
}

/* What a clicker, a keyboard and a remote send, and what each does. */
static void
assert_keys (GtkWidget *window)
{
  static const struct { const char *key; const char *action; } keys[] = {
    { "Page_Down", "presentation.next" }, { "Down", "presentation.next" }, { "space", "presentation.next" },
    { "Right", "presentation.right" }, { "Page_Up", "presentation.previous" }, { "Up", "presentation.previous" },
    { "BackSpace", "presentation.previous" }, { "Left", "presentation.left" }, { "Home", "presentation.first" },
    { "End", "presentation.last" }, { "Escape", "presentation.leave" }, { "d", "presentation.record-decision" },
    { "<Control>d", "presentation.record-decision" }, { "n", "presentation.add-note" },
    { "a", "presentation.add-action" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autofree char *action = dup_action_of_key (window, keys[i].key);

      g_assert_cmpstr (action, ==, keys[i].action);
    }
}

static void
screenshot (gpointer    widget,
            const char *name)
{
  g_autofree char *path = NULL;

  if (g_getenv ("MNR_TEST_SCREENSHOTS") == NULL)
    return;
  path = g_build_filename (g_getenv ("MNR_TEST_SCREENSHOTS"), name, NULL);
  g_assert_true (mnr_widget_test_save_screenshot (widget, path));
}

static void
respond (gpointer    dialog,
         const char *response)
{
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), response);
  gtk_window_destroy (GTK_WINDOW (dialog));
  mnr_test_iterate ();
}

static void
test_present_items (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(MnrMeeting) meeting = NULL;
  g_autoptr(MnrAction) overdue = g_new0 (MnrAction, 1);
  g_autoptr(GPtrArray) minutes = NULL;
  g_autoptr(GPtrArray) actions = NULL;
  g_autoptr(GError) error = NULL;
  MnrPresentationWindow *window;
  MnrMinuteEditor *minute_editor;
  MnrActionEditor *action_editor;
  MnrMinute *decision;
  MnrAction *made = NULL;

  g_assert_true (mnr_workspace_set_rating (fixture->workspace, "capability-4", "developing",
                                           "A cybercrime unit works in Accra; none yet in the regions.", &error));
  overdue->country = g_strdup ("GH");
  overdue->element_id = g_strdup ("capability-4");
  overdue->description = g_strdup ("Train regional police officers");
  overdue->owner = g_strdup ("Kwame Mensah");
  overdue->due = g_strdup ("2020-01-31");
  overdue->status = g_strdup ("open");
  g_assert_true (mnr_store_save_action (fixture->store, overdue, &error));
  meeting = save_meeting (fixture, "Oversight committee, March", "2027-03-04", "items",
                          g_strdupv ((char *[]) { "capability-4", "capability-1", "enabler-legal-frameworks", NULL }));

  window = present (fixture, meeting->id, 1920, 1080);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (window)) == fixture->window);
  assert_keys (GTK_WIDGET (window));
  /* Nothing takes the focus, so those keys always reach the window. */
  g_assert_null (gtk_root_get_focus (GTK_ROOT (window)));

  /* The opening, three items, the summary. */
  g_assert_cmpuint (mnr_presentation_window_get_n_slides (window), ==, 5);
  g_assert_cmpuint (mnr_presentation_window_get_slide (window), ==, 0);
  g_assert_cmpstr (mnr_presentation_window_get_slide_title (window), ==, "Oversight committee, March");
  g_assert_cmpstr (mnr_presentation_window_get_position_text (window), ==, "Opening · 3 items");
  g_assert_true (mnr_widget_test_shows_text (GTK_WIDGET (window), "Ghana · 4 March 2027 · Accra"));
  g_assert_true (mnr_widget_test_shows_text (GTK_WIDGET (window), "Kwame Mensah (Ghana Police Service)"));
  g_assert_true (mnr_widget_test_shows_text (GTK_WIDGET (window), "3. Enabler: "));
  g_assert_null (mnr_presentation_window_get_element_id (window));

  /* A note on the opening slide is on the meeting as a whole. */
  step (window, "presentation.add-note");
  minute_editor = find_toplevel (MNR_TYPE_MINUTE_EDITOR);
  mnr_minute_editor_set_fields (minute_editor, "The chair welcomed the new member for education", NULL);
  respond (minute_editor, "save");
  g_assert_true (mnr_widget_test_shows_text (GTK_WIDGET (window), "Note: The chair welcomed the new member for education"));
  screenshot (window, "presentation-opening.png");

  /* Page Down's action: the first item, its level in words, the
   * rationale, the overdue action item said to be so. */
  step (window, "presentation.next");
  g_assert_cmpstr (mnr_presentation_window_get_position_text (window), ==, "Item 1 of 3");
  g_assert_cmpstr (mnr_presentation_window_get_element_id (window), ==, "capability-4");
  g_assert_true (g_str_has_prefix (mnr_presentation_window_get_slide_title (window), "Capability 4: "));
  g_assert_true (mnr_widget_test_shows_text (GTK_WIDGET (window), "Developing"));
  g_assert_true (mnr_widget_test_shows_text (GTK_WIDGET (window), "none yet in the regions"));
  g_assert_true (mnr_widget_test_shows_text (GTK_WIDGET (window), "Overdue: was due 31 January 2020"));
  g_assert_true (mnr_widget_test_shows_text (GTK_WIDGET (window), "Proposed: for the committee to agree"));

  /* Right and Left go on and back, mirrored right to left. */
  step (window, "presentation.right");
  g_assert_cmpstr (mnr_presentation_window_get_position_text (window), ==, "Item 2 of 3");
  step (window, "presentation.left");
  g_assert_cmpstr (mnr_presentation_window_get_position_text (window), ==, "Item 1 of 3");
  gtk_widget_set_direction (GTK_WIDGET (window), GTK_TEXT_DIR_RTL);
  step (window, "presentation.left");
  g_assert_cmpstr (mnr_presentation_window_get_position_text (window), ==, "Item 2 of 3");
  step (window, "presentation.right");
  g_assert_cmpstr (mnr_presentation_window_get_position_text (window), ==, "Item 1 of 3");
  gtk_widget_set_direction (GTK_WIDGET (window), GTK_TEXT_DIR_LTR);
  step (window, "presentation.previous");
  g_assert_cmpuint (mnr_presentation_window_get_slide (window), ==, 0);
  step (window, "presentation.last");
  g_assert_cmpstr (mnr_presentation_window_get_position_text (window), ==, "Summary");
  step (window, "presentation.first");
  step (window, "presentation.next");

  /* D: a decision with the level agreed, in a dialog over the slides. */
  step (window, "presentation.record-decision");
  minute_editor = find_toplevel (MNR_TYPE_MINUTE_EDITOR);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (minute_editor)) == GTK_WINDOW (window));
  g_assert_false (mnr_minute_editor_can_save (minute_editor));
  mnr_minute_editor_set_fields (minute_editor, "The committee agreed the level of the cybercrime unit", "developing");
  g_assert_true (mnr_minute_editor_can_save (minute_editor));
  screenshot (minute_editor, "presentation-decision.png");
  respond (minute_editor, "save");

  /* N: a note. */
  step (window, "presentation.add-note");
  minute_editor = find_toplevel (MNR_TYPE_MINUTE_EDITOR);
  mnr_minute_editor_set_fields (minute_editor, "Regional units to be costed", NULL);
  respond (minute_editor, "save");

  minutes = mnr_store_list_minutes (fixture->store, meeting->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (minutes->len, ==, 3);
  g_assert_cmpstr (((MnrMinute *) minutes->pdata[0])->element_id, ==, "");
  decision = minutes->pdata[1];
  g_assert_cmpstr (decision->kind, ==, "decision");
  g_assert_cmpstr (decision->level_id, ==, "developing");
  g_assert_cmpstr (decision->element_id, ==, "capability-4");
  g_assert_cmpstr (((MnrMinute *) minutes->pdata[2])->kind, ==, "note");
  g_assert_cmpstr (((MnrMinute *) minutes->pdata[2])->element_id, ==, "capability-4");

  /* A: an action item of this item and this meeting, with an owner and a
   * due date. */
  step (window, "presentation.add-action");
  action_editor = find_toplevel (MNR_TYPE_ACTION_EDITOR);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (action_editor)) == GTK_WINDOW (window));
  mnr_action_editor_set_fields (action_editor, "Cost two regional cybercrime units", "Efua Asante",
                                "2027-06-30", "open");
  respond (action_editor, "save");
  actions = mnr_store_list_actions (fixture->store, "GH", "capability-4", &error);
  for (guint i = 0; i < actions->len; i++)
    if (g_strcmp0 (((MnrAction *) actions->pdata[i])->meeting_id, meeting->id) == 0)
      made = actions->pdata[i];
  g_assert_nonnull (made);
  g_assert_cmpstr (made->owner, ==, "Efua Asante");
  g_assert_cmpstr (made->due, ==, "2027-06-30");
  g_assert_cmpstr (made->description, ==, "Cost two regional cybercrime units");

  /* Still presenting, the same slide, showing all three. */
  g_assert_nonnull (window);
  g_assert_null (gtk_root_get_focus (GTK_ROOT (window)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_cmpstr (mnr_presentation_window_get_position_text (window), ==, "Item 1 of 3");
  g_assert_true (mnr_widget_test_shows_text (GTK_WIDGET (window), "Decision: The committee agreed the level of the cybercrime unit "
                                                  "(level agreed: Developing)"));
  g_assert_true (mnr_widget_test_shows_text (GTK_WIDGET (window), "Note: Regional units to be costed"));
  g_assert_true (mnr_widget_test_shows_text (GTK_WIDGET (window), "Cost two regional cybercrime units"));
  /* The decision agreed the level: the slide says so at once. */
  g_assert_true (mnr_widget_test_shows_text (GTK_WIDGET (window), "Agreed at this meeting."));
  g_assert_false (mnr_widget_test_shows_text (GTK_WIDGET (window), "Proposed: for the committee to agree"));
  screenshot (window, "presentation.png");

  if (g_getenv ("MNR_TEST_SCREENSHOTS") != NULL)
    {
      AdwStyleManager *style = adw_style_manager_get_default ();

      adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
      screenshot (window, "presentation-dark.png");
      step (window, "presentation.last");
      screenshot (window, "presentation-summary-dark.png");
      adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
      step (window, "presentation.first");
      step (window, "presentation.next");
    }

  /* The summary: the meeting's decision and its action item. */
  step (window, "presentation.last");
  g_assert_true (mnr_widget_test_shows_text (GTK_WIDGET (window), "The committee agreed the level of the cybercrime unit"));
  g_assert_true (mnr_widget_test_shows_text (GTK_WIDGET (window), "Cost two regional cybercrime units"));
  g_assert_false (mnr_widget_test_shows_text (GTK_WIDGET (window), "Train regional police officers"));
  screenshot (window, "presentation-summary.png");

  /* Escape's action leaves: the window is gone. */
  step (window, "presentation.leave");
  g_assert_null (window);
}

/* The whole grid: 21 capabilities, then 7 enablers, at 1024×600. */
static void
test_present_grid (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(MnrMeeting) meeting = save_meeting (fixture, "Annual review", "2027-03-04", "grid", NULL);
  MnrPresentationWindow *window = present (fixture, meeting->id, 1024, 600);

  g_assert_cmpuint (mnr_presentation_window_get_n_slides (window), ==, 28 + 2);
  mnr_presentation_window_set_slide (window, 21);
  mnr_test_iterate ();
  g_assert_cmpstr (mnr_presentation_window_get_position_text (window), ==, "Item 21 of 28");
  g_assert_true (g_str_has_prefix (mnr_presentation_window_get_slide_title (window), "Capability 21: "));
  step (window, "presentation.next");
  g_assert_true (g_str_has_prefix (mnr_presentation_window_get_slide_title (window), "Enabler: "));
  mnr_presentation_window_set_slide (window, 4);
  mnr_test_iterate ();
  screenshot (window, "presentation-small.png");
  if (g_getenv ("MNR_TEST_SCREENSHOTS") != NULL)
    {
      /* Right to left, as in Arabic: the layout mirrored. */
      gtk_widget_set_default_direction (GTK_TEXT_DIR_RTL);
      screenshot (window, "presentation-small-rtl.png");
      gtk_widget_set_default_direction (GTK_TEXT_DIR_LTR);
    }
  step (window, "presentation.last");
  g_assert_cmpstr (mnr_presentation_window_get_position_text (window), ==, "Summary");
  g_assert_true (mnr_widget_test_shows_text (GTK_WIDGET (window), "No decision recorded."));

  gtk_window_destroy (GTK_WINDOW (window));
  mnr_test_iterate ();
}

/* Changes since the previous meeting: none, then one. */
static void
test_present_changes (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(MnrMeeting) previous = save_meeting (fixture, "Oversight committee, 2020", "2020-01-15", "items", NULL);
  g_autoptr(MnrMeeting) meeting = save_meeting (fixture, "What changed", "2099-12-31", "changes", NULL);
  g_autoptr(GError) error = NULL;
  MnrPresentationWindow *window = present (fixture, meeting->id, 1920, 1080);

  g_assert_nonnull (previous);
  g_assert_cmpuint (mnr_presentation_window_get_n_slides (window), ==, 3);
  g_assert_true (mnr_widget_test_shows_text (GTK_WIDGET (window), "0 items changed since the previous meeting (15 January 2020)"));
  step (window, "presentation.next");
  g_assert_cmpstr (mnr_presentation_window_get_slide_title (window), ==, "Nothing Changed Since the Previous Meeting");
  g_assert_cmpstr (mnr_presentation_window_get_position_text (window), ==, "Agenda");
  g_assert_null (mnr_presentation_window_get_element_id (window));
  screenshot (window, "presentation-nothing-changed.png");

  /* A level set now: an item of the agenda at once. */
  g_assert_true (mnr_workspace_set_rating (fixture->workspace, "capability-7", "developing", "", &error));
  g_assert_no_error (error);
  mnr_test_iterate ();
  g_assert_cmpuint (mnr_presentation_window_get_n_slides (window), ==, 3);
  g_assert_cmpstr (mnr_presentation_window_get_element_id (window), ==, "capability-7");
  g_assert_cmpstr (mnr_presentation_window_get_position_text (window), ==, "Item 1 of 1");

  gtk_window_destroy (GTK_WINDOW (window));
  mnr_test_iterate ();
}

static gboolean
has_toplevel (GType type)
{
  gboolean found = FALSE;

  for (GList *l = gtk_window_list_toplevels (); l != NULL; l = g_list_delete_link (l, l))
    found |= G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && gtk_widget_get_visible (l->data);
  return found;
}

/* The button of @widget's descendants labelled @label. */
static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* From the main window: F5's action presents the latest meeting (none:
 * nothing opens); the meetings dialog's Present button presents its row's
 * meeting; leaving comes back to the main window. */
static void
test_present_from_window (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autoptr(MnrMeeting) older = NULL;
  g_autoptr(MnrMeeting) latest = NULL;
  MnrWindow *window = mnr_window_new_with_data (NULL, mnr_workspace_get_framework (fixture->workspace), NULL,
                                                fixture->workspace, catalog, NULL, NULL);
  MnrPresentationWindow *presentation;
  MnrMeetingsDialog *dialog;
  GtkWidget *button;

  g_object_ref (window);
  gtk_window_present (GTK_WINDOW (window));
  mnr_test_iterate ();

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.present", NULL));
  mnr_test_iterate ();
  g_assert_false (has_toplevel (MNR_TYPE_PRESENTATION_WINDOW));

  older = save_meeting (fixture, "Oversight committee, January", "2027-01-14", "items",
                        g_strdupv ((char *[]) { "capability-1", NULL }));
  latest = save_meeting (fixture, "Oversight committee, March", "2027-03-04", "grid", NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.present", NULL));
  mnr_test_iterate ();
  presentation = find_toplevel (MNR_TYPE_PRESENTATION_WINDOW);
  g_assert_cmpstr (mnr_presentation_window_get_slide_title (presentation), ==, "Oversight committee, March");
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (presentation)) == GTK_WINDOW (window));
  step (presentation, "presentation.leave");
  g_assert_false (has_toplevel (MNR_TYPE_PRESENTATION_WINDOW));

  /* Ctrl+M's list: a Present button on each row, now that the window
   * answers it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.meetings", NULL));
  mnr_test_iterate ();
  dialog = find_toplevel (MNR_TYPE_MEETINGS_DIALOG);
  g_assert_cmpuint (mnr_meetings_dialog_get_n_meetings (dialog), ==, 2);
  button = find_button (GTK_WIDGET (dialog), "Present");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  mnr_test_iterate ();
  g_assert_false (has_toplevel (MNR_TYPE_MEETINGS_DIALOG));
  presentation = find_toplevel (MNR_TYPE_PRESENTATION_WINDOW);
  /* The first row is the latest meeting. */
  g_assert_cmpuint (mnr_presentation_window_get_n_slides (presentation), ==, 30);
  step (presentation, "presentation.leave");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));

  gtk_window_destroy (GTK_WINDOW (window));
  mnr_test_iterate ();
  g_assert_finalize_object (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(MnrFramework) framework = NULL;
  g_autoptr(GtkCssProvider) style = NULL;
  int status;

  if (!mnr_widget_test_init (&argc, &argv))
    return 77;

  catalog = mnr_test_load_catalog ();
  framework = mnr_test_load_framework ();
  /* The app's style sheet and the level chips' colours, as the
   * application installs them. */
  g_assert_nonnull (mnr_gui_get_resource ());  /* linked in, so registered */
  style = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (style, "/io/github/mnrtracker/MnrTracker/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (style),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  mnr_level_style_install (gdk_display_get_default (), mnr_framework_get_levels (framework));

  g_test_add ("/presentation/items", Fixture, "GH", mnr_widget_test_workspace_set_up,
              test_present_items, mnr_widget_test_workspace_tear_down);
  g_test_add ("/presentation/grid", Fixture, "GH", mnr_widget_test_workspace_set_up,
              test_present_grid, mnr_widget_test_workspace_tear_down);
  g_test_add ("/presentation/changes", Fixture, "GH", mnr_widget_test_workspace_set_up,
              test_present_changes, mnr_widget_test_workspace_tear_down);
  g_test_add ("/presentation/from-window", Fixture, "GH", mnr_widget_test_workspace_set_up,
              test_present_from_window, mnr_widget_test_workspace_tear_down);

  status = g_test_run ();
  g_clear_object (&catalog);
  return status;
}
