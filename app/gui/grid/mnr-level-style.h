/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "mnr-level.h"

G_BEGIN_DECLS

char *mnr_level_style_dup_css        (GListModel *levels);
void  mnr_level_style_install        (GdkDisplay *display,
                                      GListModel *levels);
void  mnr_level_style_add_classes    (GtkWidget  *widget,
                                      MnrLevel   *level);
void  mnr_level_style_remove_classes (GtkWidget  *widget,
                                      MnrLevel   *level);

G_END_DECLS
