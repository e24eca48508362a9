/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define MNR_TYPE_HELP_WINDOW (mnr_help_window_get_type ())

G_DECLARE_FINAL_TYPE (MnrHelpWindow, mnr_help_window, MNR, HELP_WINDOW, AdwWindow)

GtkWidget  *mnr_help_window_new            (GtkWindow     *parent);
guint       mnr_help_window_get_n_sections (MnrHelpWindow *self);
const char *mnr_help_window_get_section_title (MnrHelpWindow *self,
                                               guint          index);

G_END_DECLS
