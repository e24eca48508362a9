/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/**
 * MnrCompareCellFrame:
 * @MNR_COMPARE_CELL_FILLED: a level (or a change): filled with its colour
 * @MNR_COMPARE_CELL_OUTLINED: not assessed, or nothing to compare: an outline
 * @MNR_COMPARE_CELL_EMPTY: no round: nothing drawn but the text
 */
typedef enum
{
  MNR_COMPARE_CELL_FILLED,
  MNR_COMPARE_CELL_OUTLINED,
  MNR_COMPARE_CELL_EMPTY,
} MnrCompareCellFrame;

#define MNR_TYPE_COMPARE_CELL (mnr_compare_cell_get_type ())

G_DECLARE_FINAL_TYPE (MnrCompareCell, mnr_compare_cell, MNR, COMPARE_CELL, GtkWidget)

GtkWidget *mnr_compare_cell_new        (guint                column,
                                        gboolean             focusable);
guint      mnr_compare_cell_get_column (MnrCompareCell      *self);
void       mnr_compare_cell_set        (MnrCompareCell      *self,
                                        MnrCompareCellFrame  frame,
                                        const GdkRGBA       *background,
                                        const GdkRGBA       *foreground,
                                        const char          *text,
                                        const char          *accessible_name);

/* Makes a cell's accessible name when it is wanted (after the frame). */
typedef char *(*MnrCompareCellNameFunc) (MnrCompareCell *cell,
                                         gpointer        data);

void       mnr_compare_cell_set_name_func (MnrCompareCell        *self,
                                           MnrCompareCellNameFunc func,
                                           gpointer               data);
void       mnr_compare_cell_flush_names (void);
void       mnr_compare_label_later      (GtkWidget           *widget,
                                         const char          *name);

G_END_DECLS
