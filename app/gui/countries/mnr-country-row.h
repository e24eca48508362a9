/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "mnr-country.h"

G_BEGIN_DECLS

/* A country as the lists that pick countries show it (the country switcher,
 * the group editor): its flag, its name and its ISO code side by side,
 * the row named "Philippines, PH" for screen readers. */

void mnr_country_row_add_labels (GtkBox     *box,
                                 GtkWidget  *row);
void mnr_country_row_bind       (GtkWidget  *row,
                                 MnrCountry *country);

G_END_DECLS
