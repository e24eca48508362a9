/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define MNR_TYPE_VERTICAL_LABEL (mnr_vertical_label_get_type ())

G_DECLARE_FINAL_TYPE (MnrVerticalLabel, mnr_vertical_label, MNR, VERTICAL_LABEL, GtkWidget)

GtkWidget  *mnr_vertical_label_new       (const char       *text);
const char *mnr_vertical_label_get_text  (MnrVerticalLabel *self);

G_END_DECLS
