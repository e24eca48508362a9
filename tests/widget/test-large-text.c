/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>

#include "mnr-compare-view.h"
#include "mnr-sample-evidence.h"
#include "mnr-test-util.h"
#include "mnr-vertical-label.h"
#include "mnr-widget-test-util.h"
#include "mnr-window.h"
#include "mnr-wrap-label.h"

/* The main window at 200 % text, as the desktop's text scaling sets it
 * (the font resolution), and in the desktop's high-contrast style, as
 * GNOME's Settings sets it (the GSettings key libadwaita reads). In each
 * view, and with the panel open, every label that is drawn must have the
 * room its text needs (or say that it is cut, with an ellipsis), and lie
 * inside the window: inside every widget that clips it, sideways always,
 * and up and down unless a scrolled view scrolls it there. Also the
 * window itself must keep the size it is given, as a screen of that size
 * would hold it. Set MNR_TEST_SCREENSHOT_DIR to keep a PNG of each view. */

#define TEXT_SCALE 2

typedef struct
{
  int         width;
  int         height;
  gboolean    high_contrast;
  gboolean    dark;
  const char *name;
} Case;

static const Case cases[] = {
  { 1280, 800, FALSE, FALSE, "1280x800" },
  { 1920, 1080, FALSE, FALSE, "1920x1080" },
  { 1280, 800, TRUE, FALSE, "high-contrast-1280x800" },
  { 1280, 800, TRUE, TRUE, "high-contrast-dark-1280x800" },
};

static MnrFramework *framework;

static gboolean
count_frame_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  (*(guint *)user_data)++;
  return G_SOURCE_CONTINUE;
}

/* Lets the window draw a few frames, so that its sizes have settled (as
 * --screenshot does); it waits for frames, not for a time. */
static void
settle (GtkWidget *window)
{
  guint frames = 0;
  guint id = gtk_widget_add_tick_callback (window, count_frame_cb, &frames, NULL);

  while (frames < 8)
    g_main_context_iteration (NULL, TRUE);
  gtk_widget_remove_tick_callback (window, id);
  mnr_test_iterate ();
}

static const char *
text_of (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget))
    return gtk_label_get_text (GTK_LABEL (widget));
  if (MNR_IS_WRAP_LABEL (widget))
    return mnr_wrap_label_get_text (MNR_WRAP_LABEL (widget));
  if (MNR_IS_VERTICAL_LABEL (widget))
    return mnr_vertical_label_get_text (MNR_VERTICAL_LABEL (widget));
  return NULL;
}

/* What a widget's measured size has beyond its content: its margins,
 * border and padding (gtk_widget_get_width() is the content's). */
static void
box_extra (GtkWidget *widget,
           int       *width,
           int       *height)
{
  GtkStyleContext *style = gtk_widget_get_style_context (widget);
  GtkBorder margin, border, padding;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_margin (style, &margin);
  gtk_style_context_get_border (style, &border);
  gtk_style_context_get_padding (style, &padding);
  G_GNUC_END_IGNORE_DEPRECATIONS

  *width = gtk_widget_get_margin_start (widget) + gtk_widget_get_margin_end (widget) +
           margin.left + margin.right + border.left + border.right + padding.left + padding.right;
  *height = gtk_widget_get_margin_top (widget) + gtk_widget_get_margin_bottom (widget) +
            margin.top + margin.bottom + border.top + border.bottom + padding.top + padding.bottom;
}

/* Where a label is cut: by its own allocation, or by the window or a
 * widget between them that clips what it draws. NULL when nothing. */
static char *
dup_cut (GtkWidget *label,
         GtkWidget *window)
{
  /* The size of its content, without its margins, border and padding. */
  int width = gtk_widget_get_width (label), height = gtk_widget_get_height (label);
  int min_width, min_height;
  int extra_width, extra_height;
  gboolean scrolled = FALSE;

  box_extra (label, &extra_width, &extra_height);
  gtk_widget_measure (label, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  gtk_widget_measure (label, GTK_ORIENTATION_VERTICAL, MAX (width + extra_width, min_width),
                      &min_height, NULL, NULL, NULL);
  min_width -= extra_width;
  min_height -= extra_height;
  if (width < min_width || height < min_height)
    return g_strdup_printf ("given %d×%d, needs %d×%d", width, height, min_width, min_height);

  /* What GTK's label draws, beyond what it asked for (as a word wider than
   * a wrapping label's width). An ellipsis says that text is left out. */
  if (GTK_IS_LABEL (label) && gtk_label_get_ellipsize (GTK_LABEL (label)) == PANGO_ELLIPSIZE_NONE)
    {
      PangoRectangle logical;

      pango_layout_get_pixel_extents (gtk_label_get_layout (GTK_LABEL (label)), NULL, &logical);
      if (logical.width > width + 1 || logical.height > height + 1)
        return g_strdup_printf ("draws %d×%d in %d×%d", logical.width, logical.height, width, height);
    }

  for (GtkWidget *ancestor = gtk_widget_get_parent (label); ancestor != NULL;
       ancestor = gtk_widget_get_parent (ancestor))
    {
      graphene_rect_t bounds;
      int ancestor_width = gtk_widget_get_width (ancestor), ancestor_height = gtk_widget_get_height (ancestor);

      /* A long page scrolls down; nothing is to be found sideways. */
      if (GTK_IS_SCROLLABLE (ancestor) || GTK_IS_SCROLLED_WINDOW (ancestor))
        scrolled = TRUE;

      if (ancestor == window || gtk_widget_get_overflow (ancestor) == GTK_OVERFLOW_HIDDEN)
        {
          g_assert_true (gtk_widget_compute_bounds (label, ancestor, &bounds));
          if (bounds.origin.x < -1 || bounds.origin.x + bounds.size.width > ancestor_width + 1 ||
              (!scrolled && (bounds.origin.y < -1 || bounds.origin.y + bounds.size.height > ancestor_height + 1)))
            return g_strdup_printf ("at %.0f,%.0f %.0f×%.0f, outside %s %d×%d",
                                    bounds.origin.x, bounds.origin.y, bounds.size.width, bounds.size.height,
                                    G_OBJECT_TYPE_NAME (ancestor), ancestor_width, ancestor_height);
        }
      if (ancestor == window)
        break;
    }

  return NULL;
}

/* Whether @label is drawn on top where it is, not under another widget
 * (as the grid under the panel that slides over it). */
static gboolean
is_on_top (GtkWidget *label,
           GtkWidget *window)
{
  graphene_point_t centre;
  GtkWidget *picked;

  if (!gtk_widget_compute_point (label, window,
                                 &GRAPHENE_POINT_INIT (gtk_widget_get_width (label) / 2.f,
                                                       gtk_widget_get_height (label) / 2.f),
                                 &centre))
    return FALSE;
  picked = gtk_widget_pick (window, centre.x, centre.y, GTK_PICK_INSENSITIVE);

  return picked == label || (picked != NULL && gtk_widget_is_ancestor (label, picked));
}

/* What is seen of @label, in @window's coordinates: its bounds within
 * every widget that clips it (as a scrolled grid's viewport, above the
 * bar below it). FALSE when nothing is. */
static gboolean
compute_seen_bounds (GtkWidget       *label,
                     GtkWidget       *window,
                     graphene_rect_t *seen)
{
  g_assert_true (gtk_widget_compute_bounds (label, window, seen));
  for (GtkWidget *ancestor = gtk_widget_get_parent (label); ancestor != NULL && ancestor != window;
       ancestor = gtk_widget_get_parent (ancestor))
    {
      graphene_rect_t clip;

      if (gtk_widget_get_overflow (ancestor) != GTK_OVERFLOW_HIDDEN)
        continue;
      g_assert_true (gtk_widget_compute_bounds (ancestor, window, &clip));
      if (!graphene_rect_intersection (seen, &clip, seen))
        return FALSE;
    }

  return TRUE;
}

/* Two labels side by side on a line, with no room between them, read as
 * one ("EvidenceCompare"). */
static void
check_apart (GPtrArray  *labels,
             GtkWidget  *window,
             const char *view,
             GString    *problems)
{
  for (guint i = 0; i < labels->len; i++)
    for (guint j = i + 1; j < labels->len; j++)
      {
        GtkWidget *a = labels->pdata[i], *b = labels->pdata[j];
        graphene_rect_t ra, rb;
        float line, gap;

        if (!compute_seen_bounds (a, window, &ra) || !compute_seen_bounds (b, window, &rb))
          continue;
        line = MIN (ra.origin.y + ra.size.height, rb.origin.y + rb.size.height) - MAX (ra.origin.y, rb.origin.y);
        gap = MAX (ra.origin.x, rb.origin.x) - MIN (ra.origin.x + ra.size.width, rb.origin.x + rb.size.width);
        if (line > MIN (ra.size.height, rb.size.height) / 2 && gap < 2)
          g_string_append_printf (problems, "  %s: “%s” and “%s” run into each other (%.0f px apart)\n",
                                  view, text_of (a), text_of (b), gap);
      }
}

static void
check_labels (GtkWidget  *widget,
              GtkWidget  *window,
              const char *view,
              GString    *problems,
              GPtrArray  *on_top,
              guint      *n_checked)
{
  const char *text;

  if (!gtk_widget_is_drawable (widget) || gtk_widget_get_width (widget) <= 0)
    return;
  /* Popovers are windows of their own, not open here. */
  if (GTK_IS_NATIVE (widget) && widget != window)
    return;

  text = text_of (widget);
  if (text != NULL && text[0] != '\0')
    {
      g_autofree char *cut = dup_cut (widget, window);

      (*n_checked)++;
      if (cut != NULL)
        g_string_append_printf (problems, "  %s: “%s” (%s) is cut: %s\n",
                                view, text, G_OBJECT_TYPE_NAME (widget), cut);
      if (is_on_top (widget, window))
        g_ptr_array_add (on_top, widget);
      return;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    check_labels (child, window, view, problems, on_top, n_checked);
}

static void
check_view (MnrWindow  *window,
            const Case *c,
            const char *view,
            GString    *problems)
{
  const char *directory = g_getenv ("MNR_TEST_SCREENSHOT_DIR");
  g_autoptr(GPtrArray) on_top = g_ptr_array_new ();
  guint n_checked = 0;
  int width, height;

  settle (GTK_WIDGET (window));

  /* The window has kept the size asked for: on a screen of that size, a
   * window that grew wider would go past its edge. */
  width = gtk_widget_get_width (GTK_WIDGET (window));
  height = gtk_widget_get_height (GTK_WIDGET (window));
  if (width > c->width || height > c->height)
    g_string_append_printf (problems, "  %s: the window needs %d×%d, more than %d×%d\n",
                            view, width, height, c->width, c->height);

  if (directory != NULL)
    {
      g_autofree char *name = g_strdup_printf ("large-text-%s-%s.png", c->name, view);
      g_autofree char *path = g_build_filename (directory, name, NULL);

      g_assert_true (mnr_widget_test_save_screenshot (window, path));
    }

  check_labels (GTK_WIDGET (window), GTK_WIDGET (window), view, problems, on_top, &n_checked);
  check_apart (on_top, GTK_WIDGET (window), view, problems);
  g_test_message ("%s, %s: %u labels checked", c->name, view, n_checked);
  /* The walk found the view's text: a walk that saw nothing would pass. */
  g_assert_cmpuint (n_checked, >, 20);
}

static void
set_high_contrast (gboolean high_contrast)
{
  g_autoptr(GSettings) a11y = g_settings_new ("org.gnome.desktop.a11y.interface");

  g_settings_set_boolean (a11y, "high-contrast", high_contrast);
  mnr_test_iterate ();
  g_assert_cmpint (adw_style_manager_get_high_contrast (adw_style_manager_get_default ()), ==, high_contrast);
}

static void
test_window (gconstpointer data)
{
  const Case *c = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *directory = NULL;
  g_autoptr(MnrStore) store = mnr_test_open_temp_store ("mnr-large-text-XXXXXX", &directory);
  g_autoptr(MnrWorkspace) workspace = mnr_workspace_new (store, framework);
  g_autoptr(MnrCountryCatalog) catalog = mnr_country_catalog_new (&error);
  g_autoptr(MnrSampleEvidence) samples = mnr_sample_evidence_new_default (&error);
  g_autoptr(GString) problems = g_string_new (NULL);
  MnrWindow *window;

  g_assert_no_error (error);
  set_high_contrast (c->high_contrast);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      c->dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);

  /* Ghana with the booklet's examples: the banner, evidence to list. */
  g_assert_true (mnr_workspace_set_country (workspace, "GH", &error));
  g_assert_no_error (error);
  g_assert_cmpint (mnr_workspace_import_samples (workspace, samples, &error), >, 0);
  g_assert_no_error (error);

  window = mnr_window_new_with_data (NULL, framework, NULL, workspace, catalog, samples, NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), c->width, c->height);
  gtk_window_present (GTK_WINDOW (window));

  check_view (window, c, "grid", problems);
  mnr_window_select (window, mnr_framework_get_capability (framework, 4));
  check_view (window, c, "panel", problems);
  g_assert_true (mnr_window_get_panel_revealed (window));

  mnr_window_show_view (window, "evidence");
  check_view (window, c, "evidence", problems);

  mnr_window_show_view (window, "compare");
  g_assert_true (mnr_compare_view_set_group (MNR_COMPARE_VIEW (mnr_window_get_compare_view (window)), "asean"));
  check_view (window, c, "compare", problems);

  gtk_window_destroy (GTK_WINDOW (window));
  mnr_test_iterate ();
  mnr_test_remove_tree (directory);

  if (problems->len > 0)
    g_error ("At %d %% text in %s, text is cut:\n%s", TEXT_SCALE * 100, c->name, problems->str);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AdwApplication) application = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  /* libadwaita reads the desktop's GSettings, as it does on a desktop
   * without the settings portal, wherever the test runs. */
  g_setenv ("ADW_DISABLE_PORTAL", "1", TRUE);
  if (!mnr_widget_test_init (&argc, &argv))
    return 77;

  /* The app's style sheets as the app has them: AdwApplication loads
   * style.css, and style-hc.css while in high contrast, from its base
   * path. The window itself is made as in the other tests. */
  application = adw_application_new ("io.github.mnrtracker.MnrTracker", G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (application), NULL, &error));
  g_assert_no_error (error);

  /* What the desktop's Large Text and text scaling set. */
  g_object_set (gtk_settings_get_default (), "gtk-xft-dpi", 96 * 1024 * TEXT_SCALE, NULL);

  framework = mnr_test_load_framework ();
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/large-text/%s", cases[i].name);

      g_test_add_data_func (path, &cases[i], test_window);
    }

  status = g_test_run ();
  g_clear_object (&framework);

  return status;
}
