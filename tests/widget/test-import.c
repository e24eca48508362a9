/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "mnr-bundle.h"
#include "mnr-import-preview.h"
#include "mnr-test-util.h"
#include "mnr-widget-test-util.h"
#include "mnr-window.h"

/* The imports of the main window, past the file chooser, on real files
 * and the real store: a sheet of ratings in French whose guessed level
 * column is the wrong one, set right in the preview's column chooser,
 * imported, then taken back with the toast's Undo, the store as it was;
 * and a bundle from another store merged in, and a file that is none. */

static MnrCountryCatalog *catalog;

typedef MnrWidgetTestWorkspace Fixture;

static MnrWindow *
new_window (Fixture *fixture)
{
  MnrWindow *window = mnr_window_new_with_data (NULL, mnr_workspace_get_framework (fixture->workspace), NULL,
                                                fixture->workspace, catalog, NULL, NULL);

  g_object_ref (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  mnr_test_iterate ();
  return window;
}

static void
close_window (MnrWindow *window)
{
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_destroy (GTK_WINDOW (window));
  mnr_test_iterate ();
  g_object_unref (window);
  g_assert_null (window);
}

/* The open window of @type, other than the main one. */
static GtkWindow *
find_toplevel (GType type)
{
  g_autoptr(GList) windows = gtk_window_list_toplevels ();

  for (GList *l = windows; l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

/* The button under @widget whose label is @label, as a user sees it. */
static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0 &&
      gtk_widget_get_mapped (widget))
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

static GFile *
write_file (Fixture    *fixture,
            const char *name,
            const char *text)
{
  g_autofree char *path = g_build_filename (fixture->directory, name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, text, -1, &error));
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

/* For a person to look at, with MNR_TEST_SCREENSHOTS: @window light and
 * dark; resized, as it opens on a 1024×600 screen and on a wider one. */
static void
save_screenshot (GtkWindow  *window,
                 const char *name,
                 gboolean    resize)
{
  static const struct { const char *suffix; int width, height; AdwColorScheme scheme; } shots[] = {
    { "", 760, 540, ADW_COLOR_SCHEME_FORCE_LIGHT }, { "-dark", 760, 540, ADW_COLOR_SCHEME_FORCE_DARK },
    { "-wide", 1200, 800, ADW_COLOR_SCHEME_FORCE_LIGHT }, { "-wide-dark", 1200, 800, ADW_COLOR_SCHEME_FORCE_DARK },
  };
  AdwStyleManager *style = adw_style_manager_get_default ();

  if (g_getenv ("MNR_TEST_SCREENSHOTS") == NULL)
    return;
  for (guint i = 0; i < (resize ? G_N_ELEMENTS (shots) : 2); i++)
    {
      g_autofree char *file = g_strdup_printf ("%s%s.png", name, shots[i].suffix);
      g_autofree char *path = g_build_filename (g_getenv ("MNR_TEST_SCREENSHOTS"), file, NULL);

      adw_style_manager_set_color_scheme (style, shots[i].scheme);
      if (resize)
        gtk_window_set_default_size (window, shots[i].width, shots[i].height);
      mnr_test_iterate ();
      g_assert_true (mnr_widget_test_save_screenshot (window, path));
    }
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

static void
test_ratings_columns (Fixture       *fixture,
                      gconstpointer  user_data)
{
  static const char text[] = "Évaluation MNR du Ghana\n"
                             "\n"
                             "Capacité;Niveau visé;Situation actuelle;Commentaire\n"
                             "C4;Mature;En développement;Nouvelle unité à Accra\n"
                             "C5;Établi;Inexistant;\n"
                             "Leadership;Excellent;En construction;Comité créé\n";
  g_autoptr(GFile) file = write_file (fixture, "Évaluation Ghana.csv", text);
  g_autoptr(GError) error = NULL;
  g_autoptr(MnrRating) rating = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *round = NULL;
  MnrWindow *window;
  GtkWindow *preview;
  GtkWidget *import, *undo;

  g_assert_true (mnr_workspace_set_rating (fixture->workspace, "capability-4", "building", "Kept", &error));
  g_assert_no_error (error);
  round = g_strdup (mnr_workspace_get_round_id (fixture->workspace));
  window = new_window (fixture);
  before = mnr_test_dump_store (fixture->directory);

  preview = mnr_window_import_ratings_file (window, file);
  mnr_test_iterate ();
  g_assert_true (MNR_IS_IMPORT_PREVIEW (preview));
  g_assert_true (find_toplevel (MNR_TYPE_IMPORT_PREVIEW) == preview);
  g_assert_true (gtk_window_get_transient_for (preview) == GTK_WINDOW (window));
  import = mnr_import_preview_get_import_button (MNR_IMPORT_PREVIEW (preview));

  /* The guess: the header on line 3, the target's column as the level,
   * and the row whose target is no level has a problem. */
  g_assert_true (mnr_widget_test_shows_text (GTK_WIDGET (preview), "Column 2, “Niveau visé”"));
  g_assert_true (mnr_widget_test_shows_text (GTK_WIDGET (preview), "Mature · Établi · Excellent"));
  g_assert_true (mnr_widget_test_shows_text (GTK_WIDGET (preview), "header on line 3"));
  g_assert_cmpuint (gtk_drop_down_get_selected (mnr_import_preview_get_column_chooser (MNR_IMPORT_PREVIEW (preview), 1)),
                    ==, MNR_RATINGS_FIELD_LEVEL);
  g_assert_cmpuint (gtk_drop_down_get_selected (mnr_import_preview_get_column_chooser (MNR_IMPORT_PREVIEW (preview), 2)),
                    ==, MNR_RATINGS_FIELD_IGNORE);
  g_assert_true (mnr_widget_test_shows_text (GTK_WIDGET (preview), "“Excellent” is not a level of the scale"));
  g_assert_true (mnr_widget_test_shows_text (GTK_WIDGET (preview), "Line 4: Capability 4: Dedicated Law Enforcement — Mature"));
  g_assert_true (g_str_has_prefix (mnr_import_preview_get_status (MNR_IMPORT_PREVIEW (preview)),
                                   "Nothing is imported while a row has a problem; 1 has."));
  g_assert_false (gtk_widget_get_sensitive (import));
  save_screenshot (preview, "import-preview-problem", TRUE);

  /* Every column's choice is reached with Tab. */
  for (guint c = 0; c < 4; c++)
    {
      GtkWidget *chooser = GTK_WIDGET (mnr_import_preview_get_column_chooser (MNR_IMPORT_PREVIEW (preview), c));
      gboolean reached = FALSE;

      for (guint i = 0; i < 60 && !reached; i++)
        {
          GtkWidget *focus;

          gtk_widget_child_focus (GTK_WIDGET (preview), GTK_DIR_TAB_FORWARD);
          focus = gtk_root_get_focus (GTK_ROOT (preview));
          reached = focus != NULL && (focus == chooser || gtk_widget_is_ancestor (focus, chooser));
        }
      g_assert_true (reached);
    }

  /* No level column: Import stays off, and says why. */
  gtk_drop_down_set_selected (mnr_import_preview_get_column_chooser (MNR_IMPORT_PREVIEW (preview), 1),
                              MNR_RATINGS_FIELD_IGNORE);
  mnr_test_iterate ();
  g_assert_true (mnr_widget_test_shows_text (GTK_WIDGET (preview), "No column is read as the level"));
  g_assert_false (mnr_widget_test_shows_text (GTK_WIDGET (preview), "“Excellent” is not a level"));
  g_assert_false (gtk_widget_get_sensitive (import));

  /* The current level's column: every row reads, Import is on. */
  gtk_drop_down_set_selected (mnr_import_preview_get_column_chooser (MNR_IMPORT_PREVIEW (preview), 2),
                              MNR_RATINGS_FIELD_LEVEL);
  mnr_test_iterate ();
  g_assert_true (mnr_widget_test_shows_text (GTK_WIDGET (preview), "Line 4: Capability 4: Dedicated Law Enforcement — Developing"));
  g_assert_true (mnr_widget_test_shows_text (GTK_WIDGET (preview), "Line 6: Capability 1: Leadership — Building"));
  g_assert_false (mnr_widget_test_shows_text (GTK_WIDGET (preview), "is not a level"));
  g_assert_cmpstr (mnr_import_preview_get_status (MNR_IMPORT_PREVIEW (preview)), ==,
                   "3 ratings will be written (0 new rounds); levels already set are replaced. "
                   "Nothing is written until you import.");
  g_assert_true (gtk_widget_get_sensitive (import));
  save_screenshot (preview, "import-preview-ready", TRUE);

  /* Choosing the level for the target's column again takes it from the other. */
  gtk_drop_down_set_selected (mnr_import_preview_get_column_chooser (MNR_IMPORT_PREVIEW (preview), 1),
                              MNR_RATINGS_FIELD_LEVEL);
  mnr_test_iterate ();
  g_assert_cmpuint (gtk_drop_down_get_selected (mnr_import_preview_get_column_chooser (MNR_IMPORT_PREVIEW (preview), 2)),
                    ==, MNR_RATINGS_FIELD_IGNORE);
  g_assert_false (gtk_widget_get_sensitive (import));
  gtk_drop_down_set_selected (mnr_import_preview_get_column_chooser (MNR_IMPORT_PREVIEW (preview), 2),
                              MNR_RATINGS_FIELD_LEVEL);
  mnr_test_iterate ();
  g_assert_true (gtk_widget_get_sensitive (import));

  /* Nothing is written before Import. */
  after = mnr_test_dump_store (fixture->directory);
  g_assert_cmpstr (after, ==, before);
  g_clear_pointer (&after, g_free);

  g_object_add_weak_pointer (G_OBJECT (preview), (gpointer *) &preview);
  g_signal_emit_by_name (import, "clicked");
  mnr_test_iterate ();
  g_assert_null (find_toplevel (MNR_TYPE_IMPORT_PREVIEW));
  g_assert_null (preview);
  rating = mnr_store_get_rating (fixture->store, round, "capability-4", &error);
  g_assert_cmpstr (rating->level_id, ==, "developing");
  g_assert_cmpstr (rating->rationale, ==, "Nouvelle unité à Accra");
  g_clear_pointer (&rating, mnr_rating_free);
  rating = mnr_store_get_rating (fixture->store, round, "capability-1", &error);
  g_assert_cmpstr (rating->level_id, ==, "building");
  g_clear_pointer (&rating, mnr_rating_free);

  /* The toast's Undo: the store as it was, every table. */
  undo = find_button (GTK_WIDGET (window), "_Undo");
  g_assert_nonnull (undo);
  g_signal_emit_by_name (undo, "clicked");
  mnr_test_iterate ();
  after = mnr_test_dump_store (fixture->directory);
  g_assert_cmpstr (after, ==, before);
  rating = mnr_store_get_rating (fixture->store, round, "capability-4", &error);
  g_assert_cmpstr (rating->level_id, ==, "building");

  close_window (window);
}

/* The app's own export, read back: every column where it belongs, the
 * names beside the ids ignored, nothing to fix. */
static void
test_ratings_own_export (Fixture       *fixture,
                         gconstpointer  user_data)
{
  static const MnrRatingsField expected[] = {
    MNR_RATINGS_FIELD_COUNTRY, MNR_RATINGS_FIELD_IGNORE, MNR_RATINGS_FIELD_ROUND_ID, MNR_RATINGS_FIELD_ROUND,
    MNR_RATINGS_FIELD_ROUND_DATE, MNR_RATINGS_FIELD_ELEMENT, MNR_RATINGS_FIELD_IGNORE, MNR_RATINGS_FIELD_LEVEL,
    MNR_RATINGS_FIELD_IGNORE, MNR_RATINGS_FIELD_RATIONALE, MNR_RATINGS_FIELD_CHANGED_BY,
    MNR_RATINGS_FIELD_CHANGED_AT,
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) csv = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = g_build_filename (fixture->directory, "Ratings of Ghana.csv", NULL);
  MnrWindow *window;
  GtkWindow *preview;

  g_assert_true (mnr_workspace_set_rating (fixture->workspace, "capability-4", "developing", "Unit, \"new\"", &error));
  g_assert_true (mnr_workspace_set_rating (fixture->workspace, "enabler-justice", "building", "", &error));
  csv = mnr_ratings_csv_export (fixture->store, mnr_workspace_get_framework (fixture->workspace), catalog,
                                (const char *[]) { "GH", NULL }, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (csv, NULL), g_bytes_get_size (csv), &error));
  file = g_file_new_for_path (path);
  window = new_window (fixture);

  preview = mnr_window_import_ratings_file (window, file);
  mnr_test_iterate ();
  g_assert_nonnull (preview);
  for (guint c = 0; c < G_N_ELEMENTS (expected); c++)
    g_assert_cmpuint (gtk_drop_down_get_selected (mnr_import_preview_get_column_chooser (MNR_IMPORT_PREVIEW (preview),
                                                                                          c)), ==, expected[c]);
  g_assert_null (mnr_import_preview_get_column_chooser (MNR_IMPORT_PREVIEW (preview), G_N_ELEMENTS (expected)));
  g_assert_true (mnr_widget_test_shows_text (GTK_WIDGET (preview), "Line 3: Enabler: "));
  g_assert_cmpstr (mnr_import_preview_get_status (MNR_IMPORT_PREVIEW (preview)), ==,
                   "2 ratings will be written (0 new rounds); levels already set are replaced. "
                   "Nothing is written until you import.");
  g_assert_true (gtk_widget_get_sensitive (mnr_import_preview_get_import_button (MNR_IMPORT_PREVIEW (preview))));
  save_screenshot (preview, "import-preview-own-export", TRUE);

  gtk_window_destroy (preview);
  close_window (window);
}

/* A file that is no sheet: said at once, no preview. */
static void
test_ratings_unreadable (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autoptr(GFile) file = write_file (fixture, "broken.csv", "a,b\n\"never closed,c\n");
  MnrWindow *window = new_window (fixture);
  AdwMessageDialog *alert;

  g_assert_null (mnr_window_import_ratings_file (window, file));
  mnr_test_iterate ();
  g_assert_null (find_toplevel (MNR_TYPE_IMPORT_PREVIEW));
  alert = ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (alert);
  g_assert_cmpstr (adw_message_dialog_get_heading (alert), ==, "Could Not Read the File");
  g_assert_cmpstr (adw_message_dialog_get_body (alert), ==, "Line 2: a quoted field is never closed.");
  gtk_window_destroy (GTK_WINDOW (alert));
  close_window (window);
}

/* A bundle of another store's Ghana, merged: the report says what came;
 * a file that is no bundle is refused, the store untouched. */
static void
test_bundle (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autofree char *other_dir = NULL;
  g_autoptr(MnrStore) other = mnr_test_open_temp_store ("mnr-widget-bundle-XXXXXX", &other_dir);
  g_autoptr(MnrRound) round = mnr_store_create_round (other, "GH", "Review 2018", "2018-06-30", NULL);
  g_autofree char *path = g_build_filename (fixture->directory, "Ghana.mnrbundle", NULL);
  g_autoptr(GFile) junk = write_file (fixture, "junk.mnrbundle", "not a bundle");
  g_autofree char *junk_path = g_file_get_path (junk);
  g_autoptr(MnrRating) rating = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  AdwMessageDialog *alert;
  MnrWindow *window;

  g_assert_true (mnr_store_set_rating (other, round->id, "capability-4", "established", "From the bundle", &error));
  g_assert_true (mnr_bundle_export (other, "GH", path, NULL, &error));
  g_assert_no_error (error);
  window = new_window (fixture);

  alert = ADW_MESSAGE_DIALOG (mnr_window_import_bundle_file (window, path));
  mnr_test_iterate ();
  g_assert_nonnull (alert);
  g_assert_cmpstr (adw_message_dialog_get_heading (alert), ==, "Bundle of Ghana Imported");
  g_assert_true (g_str_has_prefix (adw_message_dialog_get_body (alert), "2 new, 0 updated, 0 merged, 0 unchanged, 0 in conflict."));
  save_screenshot (GTK_WINDOW (alert), "import-bundle", FALSE);
  gtk_window_destroy (GTK_WINDOW (alert));
  rating = mnr_store_get_rating (fixture->store, round->id, "capability-4", &error);
  g_assert_nonnull (rating);
  g_assert_cmpstr (rating->rationale, ==, "From the bundle");
  g_assert_cmpstr (mnr_workspace_get_round_id (fixture->workspace), ==, round->id);

  before = mnr_test_dump_store (fixture->directory);
  g_assert_null (mnr_window_import_bundle_file (window, junk_path));
  mnr_test_iterate ();
  alert = ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (alert);
  g_assert_cmpstr (adw_message_dialog_get_heading (alert), ==, "Could Not Import the Bundle");
  gtk_window_destroy (GTK_WINDOW (alert));
  after = mnr_test_dump_store (fixture->directory);
  g_assert_cmpstr (after, ==, before);

  close_window (window);
  mnr_test_close_temp_store (&other, &other_dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *locale = NULL;
  int status;

  if (!mnr_widget_test_init (&argc, &argv))
    return 77;

  /* The build's catalogs: the sheet's French names are matched with them. */
  locale = g_build_filename (g_getenv ("MNR_BUILD_ROOT") != NULL ? g_getenv ("MNR_BUILD_ROOT") : ".", "po", NULL);
  bindtextdomain (GETTEXT_PACKAGE, locale);
  catalog = mnr_test_load_catalog ();

  g_test_add ("/import/ratings-columns", Fixture, "GH", mnr_widget_test_workspace_set_up, test_ratings_columns,
              mnr_widget_test_workspace_tear_down);
  g_test_add ("/import/ratings-own-export", Fixture, "GH", mnr_widget_test_workspace_set_up,
              test_ratings_own_export, mnr_widget_test_workspace_tear_down);
  g_test_add ("/import/ratings-unreadable", Fixture, "GH", mnr_widget_test_workspace_set_up,
              test_ratings_unreadable, mnr_widget_test_workspace_tear_down);
  g_test_add ("/import/bundle", Fixture, "GH", mnr_widget_test_workspace_set_up, test_bundle,
              mnr_widget_test_workspace_tear_down);

  status = g_test_run ();
  g_clear_object (&catalog);
  return status;
}
