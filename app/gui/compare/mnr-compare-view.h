/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "mnr-compare-matrix.h"
#include "mnr-compare-row.h"
#include "mnr-country-catalog.h"
#include "mnr-workspace.h"

G_BEGIN_DECLS

/* The id of the group of every country with data. */
#define MNR_COMPARE_GROUP_ALL "all"

#define MNR_TYPE_COMPARE_VIEW (mnr_compare_view_get_type ())

G_DECLARE_FINAL_TYPE (MnrCompareView, mnr_compare_view, MNR, COMPARE_VIEW, GtkWidget)

/*
 * Signals:
 *   "open-cell" (const char *country, const char *round_id, MnrElement *element)
 *       a cell was chosen: show that country's capability in the Grid
 *   "message"   (const char *text)   something to tell the user (a toast)
 */
GtkWidget        *mnr_compare_view_new            (MnrWorkspace      *workspace,
                                                   MnrCountryCatalog *catalog);
const char       *mnr_compare_view_get_group      (MnrCompareView    *self);
gboolean          mnr_compare_view_set_group      (MnrCompareView    *self,
                                                   const char        *group_id);
void              mnr_compare_view_set_change     (MnrCompareView    *self,
                                                   gboolean           change);
void              mnr_compare_view_reload         (MnrCompareView    *self);
gint64            mnr_compare_view_get_load_time  (MnrCompareView    *self);
MnrCompareMatrix *mnr_compare_view_get_matrix     (MnrCompareView    *self);
const MnrComparePalette *mnr_compare_view_get_palette (MnrCompareView *self);
char             *mnr_compare_view_dup_title      (MnrCompareView    *self);
void              mnr_compare_view_restore_focus  (MnrCompareView    *self);
char             *mnr_compare_view_dup_focus      (MnrCompareView    *self,
                                                   guint             *column);
void              mnr_compare_view_focus_country  (MnrCompareView    *self,
                                                   const char        *code,
                                                   guint              column);
gboolean          mnr_compare_view_focus_cell     (MnrCompareView    *self,
                                                   guint              row,
                                                   guint              column);
MnrCompareCell   *mnr_compare_view_get_focused_cell (MnrCompareView  *self,
                                                     guint           *row);

G_END_DECLS
