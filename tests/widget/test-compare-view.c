/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "mnr-compare-rows.h"
#include "mnr-compare-view.h"
#include "mnr-gui-resources.h"
#include "mnr-test-util.h"
#include "mnr-widget-test-util.h"

/* The Compare view in a window: its columns fit the window's width (no
 * sideways scrolling at 1024 pixels, larger cells on a wide screen), and
 * a scroll that takes the focused cell's row out of view leaves the
 * focus waiting for that row, not on another country's cell. */

#define N_COUNTRIES 60

static MnrCountryCatalog *catalog;

/* Rounds for the catalog's first countries, one capability rated. */
static void
add_countries (MnrStore *store)
{
  GListModel *countries = mnr_country_catalog_get_countries (catalog);

  for (guint i = 0; i < N_COUNTRIES; i++)
    {
      g_autoptr(MnrCountry) country = g_list_model_get_item (countries, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(MnrRound) round = mnr_store_create_round (store, mnr_country_get_code (country), "Review 2024",
                                                          "2024-06-30", &error);

      g_assert_no_error (error);
      mnr_store_set_rating (store, round->id, "capability-4", i % 2 ? "developing" : "mature", "", &error);
      g_assert_no_error (error);
    }
}

/* Frames drawn: the rows are laid out and bound in a frame. */
static gboolean
count_frame_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  (*(guint *)user_data)++;
  return G_SOURCE_CONTINUE;
}

static void
wait_frames (GtkWidget *widget,
             guint      n)
{
  guint frames = 0;
  guint id = gtk_widget_add_tick_callback (widget, count_frame_cb, &frames, NULL);

  for (guint i = 0; frames < n && i < 500; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (10000);
    }
  gtk_widget_remove_tick_callback (widget, id);
  g_assert_cmpuint (frames, >=, n);
}

static MnrCompareView *
show_view (MnrWidgetTestWorkspace *fixture,
           int                     width,
           int                     height)
{
  GtkWidget *view;

  add_countries (fixture->store);
  view = mnr_compare_view_new (fixture->workspace, catalog);
  gtk_window_set_child (fixture->window, view);
  gtk_window_set_default_size (fixture->window, width, height);
  g_assert_true (mnr_compare_view_set_group (MNR_COMPARE_VIEW (view), MNR_COMPARE_GROUP_ALL));
  wait_frames (view, 3);
  g_assert_cmpuint (mnr_compare_matrix_get_n_rows (mnr_compare_view_get_matrix (MNR_COMPARE_VIEW (view))), ==,
                    N_COUNTRIES);
  return MNR_COMPARE_VIEW (view);
}

static MnrCompareRows *
find_rows (MnrCompareView *view)
{
  GtkWidget *rows = mnr_widget_test_find (GTK_WIDGET (view), MNR_TYPE_COMPARE_ROWS);

  g_assert_nonnull (rows);
  return MNR_COMPARE_ROWS (rows);
}

/* A cell's bounds in the view's coordinates. */
static graphene_rect_t
cell_bounds (MnrCompareView *view,
             guint           row,
             guint           column)
{
  MnrCompareRow *widget = mnr_compare_rows_get_row (find_rows (view), row);
  graphene_rect_t bounds;

  g_assert_nonnull (widget);
  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (mnr_compare_row_get_cell (widget, column)),
                                            GTK_WIDGET (view), &bounds));
  return bounds;
}

static void
test_fits_width (MnrWidgetTestWorkspace *fixture,
                 gconstpointer           user_data)
{
  MnrCompareView *view = show_view (fixture, 1024, 600);
  graphene_rect_t first = cell_bounds (view, 0, 0);
  graphene_rect_t last = cell_bounds (view, 0, MNR_COMPARE_N_COLUMNS - 1);
  int width = gtk_widget_get_width (GTK_WIDGET (view));

  /* Every column in the window, the last enabler's cell included, with
   * room for the count column after it: nothing to scroll sideways to. */
  g_assert_cmpint (width, <=, 1024);
  g_assert_cmpfloat (first.origin.x, >, 0);
  g_assert_cmpfloat (last.origin.x + last.size.width, <=, width - 60);
  g_assert_cmpfloat (first.size.width, >=, MNR_COMPARE_MIN_CELL_WIDTH);
  g_assert_cmpfloat (first.size.width, <, MNR_COMPARE_CELL_WIDTH);

  /* Wider: the cells grow (a projector), in the same order. */
  gtk_window_set_default_size (fixture->window, 1900, 900);
  wait_frames (GTK_WIDGET (view), 3);
  first = cell_bounds (view, 0, 0);
  last = cell_bounds (view, 0, MNR_COMPARE_N_COLUMNS - 1);
  g_assert_cmpfloat (first.size.width, >, MNR_COMPARE_CELL_WIDTH);
  g_assert_cmpfloat (last.origin.x, >, first.origin.x);
  g_assert_cmpfloat (last.origin.x + last.size.width, <=, gtk_widget_get_width (GTK_WIDGET (view)));

  if (g_getenv ("MNR_TEST_SCREENSHOTS") != NULL)
    {
      g_autofree char *path = g_build_filename (g_getenv ("MNR_TEST_SCREENSHOTS"), "compare-view-1900.png", NULL);

      g_assert_true (mnr_widget_test_save_screenshot (view, path));
    }
}

static void
test_scroll_keeps_focus (MnrWidgetTestWorkspace *fixture,
                         gconstpointer           user_data)
{
  MnrCompareView *view = show_view (fixture, 1200, 600);
  MnrCompareRows *rows = find_rows (view);
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (rows));
  MnrCompareCell *focused;
  guint row = G_MAXUINT, column = 0;

  g_assert_true (mnr_compare_view_focus_cell (view, 1, 5));
  wait_frames (GTK_WIDGET (view), 2);
  focused = mnr_compare_view_get_focused_cell (view, &row);
  g_assert_nonnull (focused);
  g_assert_cmpuint (row, ==, 1);

  /* The wheel: the focused row goes out of view, its widget is bound to
   * another country's row. The focus is on no cell of that country. */
  gtk_adjustment_set_value (adjustment, 30 * MNR_COMPARE_ROWS_ROW_HEIGHT);
  wait_frames (GTK_WIDGET (view), 2);
  g_assert_null (mnr_compare_rows_get_row (rows, 1));
  g_assert_null (mnr_compare_view_get_focused_cell (view, NULL));
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (rows)));
  g_assert_cmpint (mnr_compare_rows_get_held_focus (rows, &column), ==, 1);
  g_assert_cmpuint (column, ==, 5);

  /* Back: the focus is on its cell again. */
  gtk_adjustment_set_value (adjustment, 0);
  wait_frames (GTK_WIDGET (view), 2);
  focused = mnr_compare_view_get_focused_cell (view, &row);
  g_assert_true (focused == mnr_compare_row_get_cell (mnr_compare_rows_get_row (rows, 1), 5));
  g_assert_cmpuint (row, ==, 1);
  g_assert_cmpint (mnr_compare_rows_get_held_focus (rows, &column), ==, -1);
  g_assert_false (gtk_widget_get_focusable (GTK_WIDGET (rows)));
}

/* The Export button at the end of the toolbar's second line, past the
 * controls that wrap before it: the right edge, the left in RTL (the
 * toolbar's margins are 12 pixels). */
static void
test_export_at_end (MnrWidgetTestWorkspace *fixture,
                    gconstpointer           user_data)
{
  MnrCompareView *view = show_view (fixture, 1200, 700);
  GtkWidget *export = mnr_widget_test_find (GTK_WIDGET (view), GTK_TYPE_MENU_BUTTON);
  GtkWidget *sort = mnr_widget_test_find (GTK_WIDGET (view), GTK_TYPE_DROP_DOWN);
  graphene_rect_t bounds, first;
  int width = gtk_widget_get_width (GTK_WIDGET (view));

  g_assert_nonnull (export);
  g_assert_nonnull (sort);
  g_assert_true (gtk_widget_compute_bounds (export, GTK_WIDGET (view), &bounds));
  g_assert_true (gtk_widget_compute_bounds (sort, GTK_WIDGET (view), &first));
  g_assert_cmpfloat (bounds.origin.x + bounds.size.width, >=, width - 13);
  g_assert_cmpfloat (bounds.origin.x, >, first.origin.x + first.size.width);

  gtk_widget_set_default_direction (GTK_TEXT_DIR_RTL);
  wait_frames (GTK_WIDGET (view), 3);
  g_assert_true (gtk_widget_compute_bounds (export, GTK_WIDGET (view), &bounds));
  gtk_widget_set_default_direction (GTK_TEXT_DIR_LTR);
  g_assert_cmpfloat (bounds.origin.x, <=, 13);
}

/* The RGBA pixel at @x, @y of @pixels, a texture downloaded @stride bytes a row. */
static guint32
pixel_at (const guchar *pixels,
          gsize         stride,
          int           x,
          int           y)
{
  const guchar *p = pixels + (gsize) y * stride + (gsize) x * 4;

  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
}

/* At 1440 × 900 every cell of the first row is whole in a screenshot of
 * the window, where its widget is: its first and last columns of pixels
 * (its box, 1 pixel in from each side) have the same colour, its level's
 * or its outline's. The screenshot once drew the window's bounds (its
 * shadow and margin included) scaled down into the window's size, which
 * moved every cell and lost the right edge of column 15 in every row. */
static void
test_screenshot_cells_whole (MnrWidgetTestWorkspace *fixture,
                             gconstpointer           user_data)
{
  MnrCompareView *view = NULL;
  MnrCompareRow *row = NULL;
  g_autofree char *dir = g_dir_make_tmp ("mnr-compare-shot-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "compare.png", NULL);
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guchar *pixels = NULL;
  g_autoptr(GError) error = NULL;
  int width, height;
  gsize stride;

  /* Client-side decorations, as the app's window has: a shadow around it. */
  gtk_window_destroy (fixture->window);
  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_titlebar (fixture->window, gtk_header_bar_new ());
  gtk_window_present (fixture->window);
  view = show_view (fixture, 1440, 900);
  row = mnr_compare_rows_get_row (find_rows (view), 0);
  g_assert_nonnull (row);
  g_assert_true (mnr_widget_test_save_screenshot (fixture->window, path));
  texture = gdk_texture_new_from_filename (path, &error);
  g_assert_no_error (error);
  width = gdk_texture_get_width (texture);
  height = gdk_texture_get_height (texture);
  g_assert_cmpint (width, ==, gtk_widget_get_width (GTK_WIDGET (fixture->window)));
  g_assert_cmpint (height, ==, gtk_widget_get_height (GTK_WIDGET (fixture->window)));
  stride = (gsize) width * 4;
  pixels = g_malloc (stride * height);
  gdk_texture_download (texture, pixels, stride);

  for (guint c = 0; c < MNR_COMPARE_N_COLUMNS; c++)
    {
      graphene_rect_t bounds;
      int x, y, w;

      g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (mnr_compare_row_get_cell (row, c)),
                                                GTK_WIDGET (fixture->window), &bounds));
      x = (int) bounds.origin.x;
      y = (int) bounds.origin.y + 4;
      w = (int) bounds.size.width;
      g_assert_cmpint (x + w, <=, width);
      g_assert_cmphex (pixel_at (pixels, stride, x + 1, y), ==, pixel_at (pixels, stride, x + w - 2, y));
      /* and it is not the window's background beside it */
      g_assert_cmphex (pixel_at (pixels, stride, x + w - 2, y), !=, pixel_at (pixels, stride, x + w, y));
    }

  g_remove (path);
  g_rmdir (dir);
}

/* The app's style sheet, as the application installs it: the cells'
 * sizes and the focus ring are the app's. */
static void
install_style (void)
{
  g_autoptr(GtkCssProvider) style = gtk_css_provider_new ();

  g_assert_nonnull (mnr_gui_get_resource ());  /* linked in, so registered */
  gtk_css_provider_load_from_resource (style, "/io/github/mnrtracker/MnrTracker/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (style),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  if (mnr_widget_test_init (&argc, &argv) == FALSE)
    return 77;
  install_style ();
  catalog = mnr_test_load_catalog ();

  g_test_add ("/compare/view/fits-width", MnrWidgetTestWorkspace, NULL, mnr_widget_test_workspace_set_up,
              test_fits_width, mnr_widget_test_workspace_tear_down);
  g_test_add ("/compare/view/screenshot-cells-whole", MnrWidgetTestWorkspace, NULL, mnr_widget_test_workspace_set_up,
              test_screenshot_cells_whole, mnr_widget_test_workspace_tear_down);
  g_test_add ("/compare/view/export-at-end", MnrWidgetTestWorkspace, NULL, mnr_widget_test_workspace_set_up,
              test_export_at_end, mnr_widget_test_workspace_tear_down);
  g_test_add ("/compare/view/scroll-keeps-focus", MnrWidgetTestWorkspace, NULL, mnr_widget_test_workspace_set_up,
              test_scroll_keeps_focus, mnr_widget_test_workspace_tear_down);
  status = g_test_run ();

  g_clear_object (&catalog);
  return status;
}
