/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void mnr_accessible_install_name_fix (void);
void mnr_accessible_fix_names        (GtkWidget *root);

G_END_DECLS
