/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>

#include "mnr-screenshot.h"
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
