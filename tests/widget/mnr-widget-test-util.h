/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "mnr-workspace.h"

/* What every widget test does first, beside mnr-test-util.h (which needs
 * no GTK). */

G_BEGIN_DECLS

gboolean mnr_widget_test_init (int    *argc,
                               char ***argv);
GtkWidget *mnr_widget_test_find (GtkWidget *widget,
                                 GType      type);
gboolean mnr_widget_test_shows_text (GtkWidget  *widget,
                                     const char *text);
gboolean mnr_widget_test_save_screenshot (gpointer    widget,
                                          const char *path);

/* A store in a temporary folder, a workspace on it showing the country
 * given as the fixture's data (NULL: none), and a window to parent
 * dialogs, as a GTest fixture. */
typedef struct
{
  char         *directory;
  MnrStore     *store;
  MnrWorkspace *workspace;
  GtkWindow    *window;
} MnrWidgetTestWorkspace;

void     mnr_widget_test_workspace_set_up    (MnrWidgetTestWorkspace *fixture,
                                              gconstpointer           country);
void     mnr_widget_test_workspace_tear_down (MnrWidgetTestWorkspace *fixture,
                                              gconstpointer           data);

G_END_DECLS
