/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>

#include "mnr-detail-panel.h"
#include "mnr-element-tile.h"
#include "mnr-grid-view.h"
#include "mnr-level-style.h"
#include "mnr-window.h"
#include "mnr-wrap-label.h"
#include "mnr-test-util.h"
#include "mnr-widget-test-util.h"

/* The grid and the window as widgets: what selecting, focusing and the
 * arrow keys do to them. Run under Xvfb (build-aux/run-tests.sh). */

static MnrFramework *framework;

static MnrElement *
element (const char *id)
{
  MnrElement *found = mnr_framework_lookup (framework, id);

  g_assert_nonnull (found);
  return found;
}

static GtkWidget *
tile (MnrGridView *grid,
      const char  *id)
{
  GtkWidget *widget = mnr_grid_view_get_tile (grid, element (id));

  g_assert_true (MNR_IS_ELEMENT_TILE (widget));
  return widget;
}

static gboolean
is_pressed (MnrGridView *grid,
            const char  *id)
{
  return gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (tile (grid, id)));
}

static GtkWidget *
band (MnrGridView *grid,
      const char  *domain_id)
{
  return mnr_grid_view_get_domain_band (grid, element (domain_id));
}

static guint
count_tiles (GtkWidget      *widget,
             MnrElementKind  kind)
{
  guint n = 0;

  if (MNR_IS_ELEMENT_TILE (widget) &&
      mnr_element_get_kind (mnr_element_tile_get_element (MNR_ELEMENT_TILE (widget))) == kind)
    n++;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_tiles (child, kind);

  return n;
}

static gboolean
shows_label (GtkWidget  *widget,
             const char *text)
{
  if (GTK_IS_LABEL (widget) &&
      gtk_widget_is_drawable (widget) &&
      g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0)
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (shows_label (child, text))
      return TRUE;

  return FALSE;
}

/* A window around a grid, shown, so that focus works. */
static GtkWindow *
grid_window (MnrGridView **grid)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());

  *grid = MNR_GRID_VIEW (mnr_grid_view_new (framework));
  gtk_window_set_child (window, GTK_WIDGET (*grid));
  gtk_window_set_default_size (window, 1280, 800);
  gtk_window_present (window);
  mnr_test_iterate ();

  return window;
}

static void
move (MnrGridView *grid,
      const char  *direction)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (grid), "grid.move", "s", direction));
}

static const char *
focused_id (MnrGridView *grid)
{
  MnrElement *focused = mnr_grid_view_get_focused (grid);

  return focused != NULL ? mnr_element_get_id (focused) : NULL;
}

static void
test_builds_every_element (void)
{
  MnrGridView *grid = MNR_GRID_VIEW (mnr_grid_view_new (framework));

  g_object_ref_sink (grid);

  g_assert_cmpuint (count_tiles (GTK_WIDGET (grid), MNR_ELEMENT_CAPABILITY), ==, 21);
  g_assert_cmpuint (count_tiles (GTK_WIDGET (grid), MNR_ELEMENT_ENABLER), ==, 7);
  g_assert_cmpuint (count_tiles (GTK_WIDGET (grid), MNR_ELEMENT_OUTCOME), ==, 6);

  for (guint n = 1; n <= 21; n++)
    {
      MnrElement *capability = mnr_framework_get_capability (framework, n);
      GtkWidget *widget = mnr_grid_view_get_tile (grid, capability);

      g_assert_true (mnr_element_tile_get_element (MNR_ELEMENT_TILE (widget)) == capability);
      /* Every tile starts "Not assessed", with the level's name shown. */
      g_assert_cmpstr (mnr_level_get_id (mnr_element_tile_get_level (MNR_ELEMENT_TILE (widget))), ==, "not-assessed");
      g_assert_true (gtk_widget_get_focusable (widget));
    }

  /* Outcomes carry no level; domains have bands, not tiles. */
  g_assert_null (mnr_element_tile_get_level (MNR_ELEMENT_TILE (tile (grid, "outcome-prevention"))));
  g_assert_null (mnr_grid_view_get_tile (grid, element ("domain-victim")));
  g_assert_nonnull (band (grid, "domain-victim"));

  g_assert_null (mnr_grid_view_get_selected (grid));
  g_assert_finalize_object (grid);
}

static void
test_selection (void)
{
  MnrGridView *grid;
  GtkWindow *window = grid_window (&grid);

  /* A click presses the tile and selects its capability. */
  g_signal_emit_by_name (tile (grid, "capability-5"), "clicked");
  g_assert_true (mnr_grid_view_get_selected (grid) == element ("capability-5"));
  g_assert_true (is_pressed (grid, "capability-5"));
  g_assert_false (is_pressed (grid, "capability-4"));

  /* Its domain and outcome light up together. */
  g_assert_true (gtk_widget_has_css_class (band (grid, "domain-criminal-justice"), "highlighted"));
  g_assert_true (mnr_element_tile_get_highlighted (MNR_ELEMENT_TILE (tile (grid, "outcome-investigations"))));
  g_assert_false (gtk_widget_has_css_class (band (grid, "domain-victim"), "highlighted"));
  g_assert_false (mnr_element_tile_get_highlighted (MNR_ELEMENT_TILE (tile (grid, "outcome-prevention"))));
  g_assert_true (mnr_grid_view_get_highlighted_domain (grid) == element ("domain-criminal-justice"));

  /* Another click moves the selection: one tile pressed at a time. */
  g_signal_emit_by_name (tile (grid, "enabler-resources"), "clicked");
  g_assert_true (mnr_grid_view_get_selected (grid) == element ("enabler-resources"));
  g_assert_true (is_pressed (grid, "enabler-resources"));
  g_assert_false (is_pressed (grid, "capability-5"));
  g_assert_false (gtk_widget_has_css_class (band (grid, "domain-criminal-justice"), "highlighted"));

  /* An outcome lights up its domain. */
  mnr_grid_view_set_selected (grid, element ("outcome-awareness"));
  g_assert_true (is_pressed (grid, "outcome-awareness"));
  g_assert_true (gtk_widget_has_css_class (band (grid, "domain-media-communications"), "highlighted"));

  /* Clicking the pressed tile again releases it: nothing selected. */
  g_signal_emit_by_name (tile (grid, "outcome-awareness"), "clicked");
  g_assert_null (mnr_grid_view_get_selected (grid));
  g_assert_false (is_pressed (grid, "outcome-awareness"));
  g_assert_false (gtk_widget_has_css_class (band (grid, "domain-media-communications"), "highlighted"));

  /* Domains are not selectable on their own. */
  mnr_grid_view_set_selected (grid, element ("domain-victim"));
  g_assert_null (mnr_grid_view_get_selected (grid));

  gtk_window_destroy (window);
  mnr_test_iterate ();
}

static void
test_focus_highlights (void)
{
  MnrGridView *grid;
  GtkWindow *window = grid_window (&grid);

  /* Focusing a tile of a domain lights up its outcome … */
  g_assert_true (mnr_grid_view_focus_element (grid, element ("capability-13")));
  mnr_test_iterate ();
  g_assert_cmpstr (focused_id (grid), ==, "capability-13");
  g_assert_true (mnr_element_tile_get_highlighted (MNR_ELEMENT_TILE (tile (grid, "outcome-prevention"))));
  g_assert_true (gtk_widget_has_css_class (band (grid, "domain-societal"), "highlighted"));

  /* … and focusing an outcome lights up its domain. */
  g_assert_true (mnr_grid_view_focus_element (grid, element ("outcome-support-services")));
  mnr_test_iterate ();
  g_assert_true (gtk_widget_has_css_class (band (grid, "domain-victim"), "highlighted"));
  g_assert_false (gtk_widget_has_css_class (band (grid, "domain-societal"), "highlighted"));
  g_assert_false (mnr_element_tile_get_highlighted (MNR_ELEMENT_TILE (tile (grid, "outcome-prevention"))));

  /* An enabler belongs to no domain: nothing lit. */
  g_assert_true (mnr_grid_view_focus_element (grid, element ("enabler-justice")));
  mnr_test_iterate ();
  g_assert_null (mnr_grid_view_get_highlighted_domain (grid));

  gtk_window_destroy (window);
  mnr_test_iterate ();
}

static void
test_arrow_keys (void)
{
  MnrGridView *grid;
  GtkWindow *window = grid_window (&grid);

  /* With nothing focused, the first move lands on capability 1. */
  gtk_window_set_focus (window, NULL);
  g_assert_null (focused_id (grid));
  move (grid, "down");
  g_assert_cmpstr (focused_id (grid), ==, "capability-1");

  move (grid, "down");
  g_assert_cmpstr (focused_id (grid), ==, "capability-4");
  move (grid, "right");
  g_assert_cmpstr (focused_id (grid), ==, "capability-5");
  move (grid, "row-end");
  g_assert_cmpstr (focused_id (grid), ==, "capability-7");
  move (grid, "right");
  g_assert_cmpstr (focused_id (grid), ==, "outcome-investigations");
  move (grid, "down");
  g_assert_cmpstr (focused_id (grid), ==, "outcome-support-services");
  move (grid, "left");
  g_assert_cmpstr (focused_id (grid), ==, "capability-11");
  move (grid, "row-start");
  g_assert_cmpstr (focused_id (grid), ==, "capability-8");
  move (grid, "left");
  g_assert_cmpstr (focused_id (grid), ==, "enabler-reporting-environment");
  move (grid, "last");
  g_assert_cmpstr (focused_id (grid), ==, "capability-21");
  move (grid, "first");
  g_assert_cmpstr (focused_id (grid), ==, "capability-1");

  /* At an edge the focus stays. */
  move (grid, "up");
  g_assert_cmpstr (focused_id (grid), ==, "capability-1");

  /* Moving the focus does not select: Enter or Space does. */
  g_assert_null (mnr_grid_view_get_selected (grid));
  g_assert_true (gtk_widget_activate (tile (grid, "capability-1")));
  /* A button's keyboard activation clicks after a short visual press. */
  for (gint64 end = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
       mnr_grid_view_get_selected (grid) == NULL && g_get_monotonic_time () < end;)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (mnr_grid_view_get_selected (grid) == element ("capability-1"));

  /* Right to left: the arrows follow what the eye sees. */
  gtk_widget_set_direction (GTK_WIDGET (grid), GTK_TEXT_DIR_RTL);
  mnr_grid_view_focus_element (grid, element ("capability-5"));
  move (grid, "left");
  g_assert_cmpstr (focused_id (grid), ==, "capability-6");
  move (grid, "right");
  move (grid, "right");
  g_assert_cmpstr (focused_id (grid), ==, "capability-4");
  move (grid, "right");
  g_assert_cmpstr (focused_id (grid), ==, "enabler-justice");

  gtk_window_destroy (window);
  mnr_test_iterate ();
}

static void
test_window_panel (void)
{
  MnrWindow *window = mnr_window_new (NULL, framework, NULL);
  MnrGridView *grid = mnr_window_get_grid_view (window);
  GtkWidget *panel = mnr_window_get_detail_panel (window);

  gtk_window_present (GTK_WINDOW (window));
  mnr_test_iterate ();

  g_assert_false (mnr_window_get_panel_revealed (window));

  /* Selecting a capability opens the panel on its text. */
  g_signal_emit_by_name (tile (grid, "capability-4"), "clicked");
  mnr_test_iterate ();
  g_assert_true (mnr_window_get_panel_revealed (window));
  g_assert_true (mnr_detail_panel_get_element (MNR_DETAIL_PANEL (panel)) == element ("capability-4"));
  g_assert_true (shows_label (panel, "Dedicated Law Enforcement"));
  g_assert_true (shows_label (panel, "National remit; trained officers; proactive and reactive "
                                     "investigations; victim-focused; international cooperation"));
  g_assert_true (shows_label (panel, "Capability 4 · Criminal Justice"));

  /* The outcome it serves is one activation away. */
  g_signal_emit_by_name (panel, "element-activated", element ("outcome-investigations"));
  mnr_test_iterate ();
  g_assert_true (mnr_grid_view_get_selected (grid) == element ("outcome-investigations"));
  g_assert_true (shows_label (panel, "Outcome · Criminal Justice"));
  g_assert_true (shows_label (panel, "Law Enforcement and judiciary have the knowledge, skills, systems and "
                                     "tools required to enable them to perform victim-focused investigations "
                                     "and secure positive judicial outcomes. CSEA offenders are managed and "
                                     "reoffending prevented."));

  /* An edition difference is shown with its source. */
  mnr_window_select (window, element ("capability-16"));
  mnr_test_iterate ();
  g_assert_true (shows_label (panel, "Notice and Takedown Procedures"));
  g_assert_true (shows_label (panel, "Other Editions"));

  /* An enabler shows its text too. */
  mnr_window_select (window, element ("enabler-data-evidence"));
  mnr_test_iterate ();
  g_assert_true (shows_label (panel, "Data and evidence on CSEA"));
  g_assert_true (shows_label (panel, "Enabler 7 of 7"));
  g_assert_false (shows_label (panel, "Other Editions"));

  /* Closing the panel deselects and gives the focus back to the tile. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.close-panel", NULL));
  mnr_test_iterate ();
  g_assert_false (mnr_window_get_panel_revealed (window));
  g_assert_null (mnr_grid_view_get_selected (grid));
  g_assert_cmpstr (focused_id (grid), ==, "enabler-data-evidence");

  gtk_window_destroy (GTK_WINDOW (window));
  mnr_test_iterate ();
}

static void
test_window_zoom (void)
{
  MnrWindow *window = mnr_window_new (NULL, framework, NULL);
  GtkWidget *grid = GTK_WIDGET (mnr_window_get_grid_view (window));

  g_assert_cmpint (mnr_window_get_zoom (window), ==, 100);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-in", NULL));
  g_assert_cmpint (mnr_window_get_zoom (window), ==, 115);
  g_assert_true (gtk_widget_has_css_class (grid, "zoom-115"));

  for (guint i = 0; i < 20; i++)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-in", NULL);
  g_assert_cmpint (mnr_window_get_zoom (window), ==, 200);
  g_assert_false (gtk_widget_has_css_class (grid, "zoom-115"));
  g_assert_true (gtk_widget_has_css_class (grid, "zoom-200"));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-reset", NULL);
  g_assert_cmpint (mnr_window_get_zoom (window), ==, 100);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-out", NULL);
  g_assert_cmpint (mnr_window_get_zoom (window), ==, 90);

  /* Odd values settle on the nearest step. */
  mnr_window_set_zoom (window, 121);
  g_assert_cmpint (mnr_window_get_zoom (window), ==, 115);

  gtk_window_destroy (GTK_WINDOW (window));
  mnr_test_iterate ();
}

static void
test_window_remembers_size (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  MnrWindow *window;
  int width, height;

  g_settings_set_int (settings, "window-width", 1111);
  g_settings_set_int (settings, "window-height", 666);
  g_settings_set_int (settings, "grid-zoom", 130);

  window = mnr_window_new (NULL, framework, settings);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 1111);
  g_assert_cmpint (height, ==, 666);
  g_assert_cmpint (mnr_window_get_zoom (window), ==, 130);

  /* The zoom is kept as it changes; the size when the window closes. */
  mnr_window_set_zoom (window, 150);
  g_assert_cmpint (g_settings_get_int (settings, "grid-zoom"), ==, 150);

  gtk_window_present (GTK_WINDOW (window));
  mnr_test_iterate ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 700);
  gtk_window_close (GTK_WINDOW (window));
  mnr_test_iterate ();
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1200);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 700);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));
}

static void
test_window_rates_a_capability (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(MnrStore) store = mnr_test_open_temp_store ("mnr-window-XXXXXX", &path);
  g_autoptr(MnrWorkspace) workspace = NULL;
  g_autoptr(MnrCountryCatalog) catalog = mnr_country_catalog_new (&error);
  MnrWindow *window;
  MnrGridView *grid;
  GtkWidget *panel;
  MnrElementTile *tile4;

  g_assert_no_error (error);
  workspace = mnr_workspace_new (store, framework);
  window = mnr_window_new_with_data (NULL, framework, NULL, workspace, catalog, NULL, NULL);
  grid = mnr_window_get_grid_view (window);
  panel = mnr_window_get_detail_panel (window);
  gtk_window_present (GTK_WINDOW (window));
  mnr_test_iterate ();

  g_assert_true (mnr_workspace_set_country (workspace, "UG", &error));
  g_assert_no_error (error);
  mnr_test_iterate ();

  tile4 = MNR_ELEMENT_TILE (tile (grid, "capability-4"));
  g_assert_cmpint (mnr_element_tile_get_evidence_count (tile4), ==, 0);

  /* Open capability 4, write a rationale, choose a level: it is saved,
   * and the tile shows it. */
  g_signal_emit_by_name (tile4, "clicked");
  mnr_test_iterate ();
  mnr_detail_panel_set_rationale_text (MNR_DETAIL_PANEL (panel), "Specialist counsellors trained");
  mnr_detail_panel_choose_level (MNR_DETAIL_PANEL (panel), "developing");
  mnr_test_iterate ();

  g_assert_cmpstr (mnr_level_get_id (mnr_workspace_get_level (workspace, "capability-4")), ==, "developing");
  g_assert_cmpstr (mnr_workspace_get_rating (workspace, "capability-4")->rationale, ==, "Specialist counsellors trained");
  g_assert_cmpstr (mnr_level_get_id (mnr_element_tile_get_level (tile4)), ==, "developing");

  /* The digit keys choose by place on the scale: 0 "not assessed", 5
   * "mature"; none past its end. */
  g_assert_true (mnr_detail_panel_choose_level_at (MNR_DETAIL_PANEL (panel), 5));
  g_assert_cmpstr (mnr_level_get_id (mnr_workspace_get_level (workspace, "capability-4")), ==, "mature");
  g_assert_false (mnr_detail_panel_choose_level_at (MNR_DETAIL_PANEL (panel), 6));
  g_assert_true (mnr_detail_panel_choose_level_at (MNR_DETAIL_PANEL (panel), 3));
  g_assert_cmpstr (mnr_level_get_id (mnr_workspace_get_level (workspace, "capability-4")), ==, "developing");

  /* F6: the grid, then the panel (on the chosen level), then the header
   * bar, then the grid again on the open tile; Shift+F6 goes back. */
  g_assert_true (mnr_grid_view_focus_element (grid, element ("capability-4")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.focus-next-region", NULL));
  {
    GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));
    g_assert_true (GTK_IS_TOGGLE_BUTTON (focus));
    g_assert_true (gtk_widget_is_ancestor (focus, panel));
    g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (focus)));
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.focus-next-region", NULL));
  g_assert_false (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)), panel));
  g_assert_false (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)), GTK_WIDGET (grid)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.focus-next-region", NULL));
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) == GTK_WIDGET (tile4));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.focus-previous-region", NULL));
  g_assert_false (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)), GTK_WIDGET (grid)));
  g_assert_false (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)), panel));

  /* An enabler's level reads as a condition, not as a capability. */
  mnr_window_select (window, element ("enabler-data-evidence"));
  mnr_test_iterate ();
  g_assert_true (mnr_detail_panel_choose_level_at (MNR_DETAIL_PANEL (panel), 5));
  mnr_test_iterate ();
  g_assert_true (shows_label (panel, "The condition is sustained, reviewed against evidence and strengthened over time."));
  g_assert_false (shows_label (panel, "The capability is sustained, reviewed against evidence and improved over time."));

  /* An outcome has no level: the keys do nothing. */
  mnr_window_select (window, element ("outcome-prevention"));
  mnr_test_iterate ();
  g_assert_false (mnr_detail_panel_choose_level_at (MNR_DETAIL_PANEL (panel), 2));
  mnr_window_select (window, element ("capability-4"));
  mnr_test_iterate ();

  /* Evidence saved elsewhere shows on the tile at once. */
  {
    const char *links[] = { "capability-4", NULL };
    g_autoptr(MnrEvidence) evidence = mnr_evidence_new ("UG");

    mnr_evidence_set_title (evidence, "Helpline counsellors for online abuse");
    mnr_evidence_set_elements (evidence, links);
    g_assert_true (mnr_workspace_save_evidence (workspace, evidence, &error));
    mnr_test_iterate ();
    g_assert_cmpint (mnr_element_tile_get_evidence_count (tile4), ==, 1);
    g_assert_true (shows_label (panel, "Evidence (1)"));
  }

  gtk_window_destroy (GTK_WINDOW (window));
  mnr_test_iterate ();
  mnr_store_close (store);
  mnr_test_remove_tree (path);
}

static void
test_level_css (void)
{
  g_autofree char *css = mnr_level_style_dup_css (mnr_framework_get_levels (framework));

  g_assert_nonnull (strstr (css, ".level-chip.level-building { background-color: #ecb03e; color: #3b2a00; }"));
  g_assert_nonnull (strstr (css, ".level-chip.level-not-assessed { background-color: transparent;"));
  /* Rated tiles are tinted; "not assessed" ones are not. */
  g_assert_nonnull (strstr (css, "button.element-tile.level-building { background-color: mix(@card_bg_color, #ecb03e, 0.2); }"));
  g_assert_null (strstr (css, "button.element-tile.level-not-assessed"));
}

/* Counts, under @widget, the wrapping titles narrower than their widest
 * word (a word broken on screen) and the labels narrower than their text
 * (an ellipsis, as "Dev…"). */
static void
count_cut_text (GtkWidget *widget,
                guint     *broken,
                guint     *cut,
                guint     *seen)
{
  if (!gtk_widget_get_mapped (widget))
    return;

  if (MNR_IS_WRAP_LABEL (widget))
    {
      (*seen)++;
      if (gtk_widget_get_width (widget) < mnr_wrap_label_get_word_width (MNR_WRAP_LABEL (widget)))
        {
          g_test_message ("broken: %s", mnr_wrap_label_get_text (MNR_WRAP_LABEL (widget)));
          (*broken)++;
        }
    }
  else if (GTK_IS_LABEL (widget) && gtk_label_get_ellipsize (GTK_LABEL (widget)) != PANGO_ELLIPSIZE_NONE)
    {
      (*seen)++;
      if (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (widget))))
        {
          g_test_message ("ellipsized: %s", gtk_label_get_label (GTK_LABEL (widget)));
          (*cut)++;
        }
    }
  else if (GTK_IS_LABEL (widget) && !gtk_label_get_wrap (GTK_LABEL (widget)))
    {
      graphene_rect_t box;
      int natural;

      /* Measured and laid out as the border box (the dashed outline of
       * "Not assessed" included). */
      (*seen)++;
      gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
      g_assert_true (gtk_widget_compute_bounds (widget, widget, &box));
      if (box.size.width + 0.5 < natural)
        {
          g_test_message ("cut: %s %.0f < %d", gtk_label_get_label (GTK_LABEL (widget)), box.size.width, natural);
          (*cut)++;
        }
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    count_cut_text (child, broken, cut, seen);
}

/* On a projector: at 200 % zoom with the panel open, at 1920×1080 and at
 * 1024×600, no word of a tile is broken, no level chip is cut short, and
 * the panel zooms with the grid. */
static void
test_window_zoom_whole_words (void)
{
  static const int sizes[][2] = { { 1920, 1080 }, { 1024, 600 } };
  g_autoptr(GtkCssProvider) style = gtk_css_provider_new ();

  /* The app's own style sheet, as the application loads it: the zoom
   * steps are in it. */
  gtk_css_provider_load_from_resource (style, "/io/github/mnrtracker/MnrTracker/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (style),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      MnrWindow *window = mnr_window_new (NULL, framework, NULL);
      GtkWidget *panel = mnr_window_get_detail_panel (window);
      guint broken = 0, cut = 0, seen = 0;

      gtk_window_set_default_size (GTK_WINDOW (window), sizes[i][0], sizes[i][1]);
      mnr_window_set_zoom (window, 200);
      gtk_window_present (GTK_WINDOW (window));
      mnr_window_select (window, element ("capability-10"));
      /* A few frames: the panel slides in and the grid settles. */
      for (gint64 end = g_get_monotonic_time () + G_USEC_PER_SEC / 2; g_get_monotonic_time () < end;)
        g_main_context_iteration (NULL, FALSE);
      mnr_test_iterate ();

      g_assert_true (mnr_window_get_panel_revealed (window));
      g_assert_true (gtk_widget_has_css_class (panel, "zoom-200"));
      count_cut_text (GTK_WIDGET (mnr_window_get_grid_view (window)), &broken, &cut, &seen);
      count_cut_text (panel, &broken, &cut, &seen);
      g_assert_cmpuint (seen, >, 40);
      g_assert_cmpuint (broken, ==, 0);
      g_assert_cmpuint (cut, ==, 0);

      gtk_window_destroy (GTK_WINDOW (window));
      mnr_test_iterate ();
    }

  gtk_style_context_remove_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (style));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  if (!mnr_widget_test_init (&argc, &argv))
    return 77;

  framework = mnr_test_load_framework ();
  mnr_level_style_install (gdk_display_get_default (), mnr_framework_get_levels (framework));


  g_test_add_func ("/grid-view/builds-every-element", test_builds_every_element);
  g_test_add_func ("/grid-view/selection", test_selection);
  g_test_add_func ("/grid-view/focus-highlights", test_focus_highlights);
  g_test_add_func ("/grid-view/arrow-keys", test_arrow_keys);
  g_test_add_func ("/window/panel", test_window_panel);
  g_test_add_func ("/window/zoom", test_window_zoom);
  g_test_add_func ("/window/zoom-whole-words", test_window_zoom_whole_words);
  g_test_add_func ("/window/remembers-size", test_window_remembers_size);
  g_test_add_func ("/window/rates-a-capability", test_window_rates_a_capability);
  g_test_add_func ("/level-style/css", test_level_css);

  status = g_test_run ();
  g_clear_object (&framework);
  return status;
}
