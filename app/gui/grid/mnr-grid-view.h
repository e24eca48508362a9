/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "mnr-framework.h"
#include "mnr-grid-navigation.h"
#include "mnr-workspace.h"

G_BEGIN_DECLS

#define MNR_TYPE_GRID_VIEW (mnr_grid_view_get_type ())

G_DECLARE_FINAL_TYPE (MnrGridView, mnr_grid_view, MNR, GRID_VIEW, GtkWidget)

GtkWidget    *mnr_grid_view_new                (MnrFramework *framework);
GtkWidget    *mnr_grid_view_new_for_workspace  (MnrWorkspace *workspace);
MnrFramework *mnr_grid_view_get_framework      (MnrGridView  *self);
MnrElement   *mnr_grid_view_get_selected       (MnrGridView  *self);
void          mnr_grid_view_set_selected       (MnrGridView  *self,
                                                MnrElement   *element);
GtkWidget    *mnr_grid_view_get_tile           (MnrGridView  *self,
                                                MnrElement   *element);
GtkWidget    *mnr_grid_view_get_domain_band    (MnrGridView  *self,
                                                MnrElement   *domain);
MnrElement   *mnr_grid_view_get_focused        (MnrGridView  *self);
gboolean      mnr_grid_view_focus_element      (MnrGridView  *self,
                                                MnrElement   *element);
gboolean      mnr_grid_view_move_focus         (MnrGridView  *self,
                                                MnrGridMove   move);
MnrElement   *mnr_grid_view_get_highlighted_domain (MnrGridView *self);

void          mnr_grid_view_set_show_since     (MnrGridView  *self,
                                                gboolean      show);
gboolean      mnr_grid_view_get_show_since     (MnrGridView  *self);

G_END_DECLS
