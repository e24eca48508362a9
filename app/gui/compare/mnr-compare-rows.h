/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "mnr-compare-row.h"

G_BEGIN_DECLS

/* A country row's height: its cells and their padding. */
#define MNR_COMPARE_ROWS_ROW_HEIGHT (MNR_COMPARE_CELL_HEIGHT + 2 * MNR_COMPARE_ROW_PADDING)

#define MNR_TYPE_COMPARE_ROWS (mnr_compare_rows_get_type ())

G_DECLARE_FINAL_TYPE (MnrCompareRows, mnr_compare_rows, MNR, COMPARE_ROWS, GtkWidget)

GtkWidget     *mnr_compare_rows_new        (void);
void           mnr_compare_rows_show       (MnrCompareRows          *self,
                                            MnrCompareMatrix        *matrix,
                                            const MnrComparePalette *palette);
void           mnr_compare_rows_scroll_to  (MnrCompareRows          *self,
                                            guint                    row);
MnrCompareRow *mnr_compare_rows_get_row    (MnrCompareRows          *self,
                                            guint                    row);
int            mnr_compare_rows_get_held_focus (MnrCompareRows      *self,
                                            guint                   *column);

G_END_DECLS
