/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void mnr_accessible_install_name_fix (void);
void mnr_accessible_fix_names        (GtkWidget *root);

GtkListItemFactory *mnr_accessible_string_item_factory (void);

G_END_DECLS
