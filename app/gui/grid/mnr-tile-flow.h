/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define MNR_TYPE_TILE_FLOW (mnr_tile_flow_get_type ())

G_DECLARE_FINAL_TYPE (MnrTileFlow, mnr_tile_flow, MNR, TILE_FLOW, GtkWidget)

GtkWidget *mnr_tile_flow_new    (int          spacing);
void       mnr_tile_flow_append (MnrTileFlow *self,
                                 GtkWidget   *child);

G_END_DECLS
