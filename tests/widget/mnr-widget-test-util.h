/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

/* What every widget test does first, beside mnr-test-util.h (which needs
 * no GTK). */

G_BEGIN_DECLS

gboolean mnr_widget_test_init (int    *argc,
                               char ***argv);
gboolean mnr_widget_test_save_screenshot (gpointer    widget,
                                          const char *path);

G_END_DECLS
