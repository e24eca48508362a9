/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "mnr-screenshot.h"
#include "mnr-test-util.h"
#include "mnr-widget-test-util.h"

/**
 * mnr_widget_test_init:
 *
 * Initialises GTK's tests and libadwaita, with animations off so that
 * toasts, windows and sliding panels are there at once.
 *
 * Returns: %FALSE, with a message, when there is no display; main() then
 *   returns 77 and the test counts as skipped
 */
gboolean
mnr_widget_test_init (int    *argc,
                      char ***argv)
{
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_printerr ("No display: the widget tests run under Xvfb (build-aux/run-tests.sh).\n");
      return FALSE;
    }

  gtk_test_init (argc, argv, NULL);
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  return TRUE;
}

/**
 * mnr_widget_test_save_screenshot:
 * @widget: a #GtkWidget shown in a window
 *
 * Saves @widget as a PNG at @path for a person to look at, once a frame
 * has drawn it (a few tries over up to two seconds).
 */
gboolean
mnr_widget_test_save_screenshot (gpointer    widget,
                                 const char *path)
{
  for (guint i = 0; i < 100; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (20000);
      if (mnr_screenshot_save (GTK_WIDGET (widget), path, NULL))
        return TRUE;
    }

  return FALSE;
}

void
mnr_widget_test_workspace_set_up (MnrWidgetTestWorkspace *fixture,
                                  gconstpointer           country)
{
  g_autoptr(MnrFramework) framework = mnr_test_load_framework ();

  fixture->store = mnr_test_open_temp_store ("mnr-widget-test-XXXXXX", &fixture->directory);
  mnr_store_set_author (fixture->store, "Ama Owusu");
  fixture->workspace = mnr_workspace_new (fixture->store, framework);
  if (country != NULL)
    g_assert_true (mnr_workspace_set_country (fixture->workspace, country, NULL));
  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_present (fixture->window);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

void
mnr_widget_test_workspace_tear_down (MnrWidgetTestWorkspace *fixture,
                                     gconstpointer           data)
{
  gtk_window_destroy (fixture->window);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (fixture->workspace);
  mnr_test_close_temp_store (&fixture->store, &fixture->directory);
}

/**
 * mnr_widget_test_find:
 *
 * Returns: (transfer none) (nullable): @widget or its first descendant of
 *   @type, depth first
 */
GtkWidget *
mnr_widget_test_find (GtkWidget *widget,
                      GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = mnr_widget_test_find (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/**
 * mnr_widget_test_shows_text:
 *
 * Returns: whether a label under @widget, on screen, shows text
 *   containing @text
 */
gboolean
mnr_widget_test_shows_text (GtkWidget  *widget,
                            const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL)
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (mnr_widget_test_shows_text (child, text))
      return TRUE;

  return FALSE;
}
