/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void mnr_drop_down_set_short_button (GtkDropDown *dropdown,
                                     int          max_width_chars);

G_END_DECLS
