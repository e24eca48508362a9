/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "mnr-element.h"
#include "mnr-level.h"

G_BEGIN_DECLS

#define MNR_TYPE_ELEMENT_TILE (mnr_element_tile_get_type ())

G_DECLARE_FINAL_TYPE (MnrElementTile, mnr_element_tile, MNR, ELEMENT_TILE, GtkToggleButton)

GtkWidget  *mnr_element_tile_new             (MnrElement     *element);
MnrElement *mnr_element_tile_get_element     (MnrElementTile *self);
void        mnr_element_tile_set_level       (MnrElementTile *self,
                                              MnrLevel       *level);
MnrLevel   *mnr_element_tile_get_level       (MnrElementTile *self);
void        mnr_element_tile_set_evidence_count (MnrElementTile *self,
                                                 int             count);
int         mnr_element_tile_get_evidence_count (MnrElementTile *self);
void        mnr_element_tile_set_overdue     (MnrElementTile *self,
                                              guint           n_overdue);
guint       mnr_element_tile_get_overdue     (MnrElementTile *self);
void        mnr_element_tile_set_proposed    (MnrElementTile *self,
                                              gboolean        proposed);
gboolean    mnr_element_tile_get_proposed    (MnrElementTile *self);
void        mnr_element_tile_set_since       (MnrElementTile *self,
                                              const char     *mark,
                                              const char     *description);
const char *mnr_element_tile_get_since       (MnrElementTile *self);
void        mnr_element_tile_set_highlighted (MnrElementTile *self,
                                              gboolean        highlighted);
gboolean    mnr_element_tile_get_highlighted (MnrElementTile *self);

G_END_DECLS
