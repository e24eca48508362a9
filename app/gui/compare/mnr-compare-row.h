/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "mnr-compare-cell.h"
#include "mnr-compare-matrix.h"

G_BEGIN_DECLS

/* The heat map's geometry: the exported images' and the view's natural
 * one. The view's follows its width (MnrCompareGeometry). */
#define MNR_COMPARE_CELL_WIDTH   38
#define MNR_COMPARE_CELL_HEIGHT  30
#define MNR_COMPARE_NAME_WIDTH   200
#define MNR_COMPARE_COUNT_WIDTH  100
#define MNR_COMPARE_BAND_GAP     6
#define MNR_COMPARE_ENABLER_GAP  18
#define MNR_COMPARE_ROW_PADDING  2
#define MNR_COMPARE_HEADER_HEIGHT 52
#define MNR_COMPARE_MIN_CELL_WIDTH 26

/**
 * MnrCompareGeometry:
 *
 * Where a row's parts are, for a width: cells from 26 to 48 pixels wide,
 * the name and count columns narrower at small widths. Every row of the
 * view is as wide, so they all agree.
 */
typedef struct
{
  int cell_width;
  int name_width;
  int count_width;
  int band_gap;
  int enabler_gap;
  double scale;      /* the text's: 2 at the desktop's 200 % */
} MnrCompareGeometry;

/**
 * MnrComparePalette:
 *
 * The colours of a matrix's cells: each level's (from the scale's data),
 * and in change mode one a direction (blue up, orange down, grey same:
 * apart for colour-blind viewers, and always with an arrow in the text).
 */
typedef struct
{
  GdkRGBA level_background[MNR_COMPARE_NO_DATA];
  GdkRGBA level_foreground[MNR_COMPARE_NO_DATA];
  GdkRGBA change_background[4];
  GdkRGBA change_foreground[4];
  GdkRGBA text;   /* the theme's, for outlines and empty cells */
  guint   threshold;  /* summaries count members at this level or above */
} MnrComparePalette;

typedef enum
{
  MNR_COMPARE_ROW_COUNTRY,
  MNR_COMPARE_ROW_SUMMARY,
  MNR_COMPARE_ROW_HEADER,
} MnrCompareRowKind;

typedef enum
{
  MNR_COMPARE_TEXT_PLAIN,
  MNR_COMPARE_TEXT_BOLD,
  MNR_COMPARE_TEXT_SMALL,
  MNR_COMPARE_TEXT_BIG,
} MnrCompareTextStyle;

char  *mnr_compare_dup_markup        (MnrCompareTextStyle  style,
                                      const char          *text);
void   mnr_compare_widget_color      (GtkWidget           *widget,
                                      GdkRGBA             *color);
void   mnr_compare_palette_init      (MnrComparePalette   *palette,
                                      MnrCompareMatrix    *matrix,
                                      const GdkRGBA       *text);
int    mnr_compare_column_x          (MnrCompareMatrix    *matrix,
                                      guint                column);
int    mnr_compare_row_width         (void);
int    mnr_compare_row_min_width     (void);
double mnr_compare_text_scale        (GtkWidget           *widget);
int    mnr_compare_scaled            (double               scale,
                                      int                  pixels);
int    mnr_compare_row_scaled_width  (double               scale,
                                      gboolean             minimum);
void   mnr_compare_geometry_init_scaled (MnrCompareGeometry *geometry,
                                      int                  width,
                                      double               scale);
void   mnr_compare_geometry_init     (MnrCompareGeometry  *geometry,
                                      int                  width);
int    mnr_compare_geometry_column_x (const MnrCompareGeometry *geometry,
                                      MnrCompareMatrix         *matrix,
                                      guint                     column);
int    mnr_compare_geometry_counts_x (const MnrCompareGeometry *geometry);
void   mnr_compare_cell_look         (MnrCompareMatrix        *matrix,
                                      const MnrComparePalette *palette,
                                      guint                    row,
                                      guint                    column,
                                      MnrCompareCellFrame     *frame,
                                      GdkRGBA                 *background,
                                      GdkRGBA                 *foreground);
char  *mnr_compare_dup_cell_name     (MnrCompareMatrix    *matrix,
                                      guint                row,
                                      guint                column);
char  *mnr_compare_dup_row_name      (MnrCompareMatrix    *matrix,
                                      guint                row);
char  *mnr_compare_dup_round_text    (MnrCompareMatrix    *matrix,
                                      guint                row);
char  *mnr_compare_dup_round_short   (MnrCompareMatrix    *matrix,
                                      guint                row);
char  *mnr_compare_dup_summary_text  (MnrCompareMatrix        *matrix,
                                      const MnrComparePalette *palette,
                                      guint                    column,
                                      gboolean                 accessible);
char  *mnr_compare_dup_column_label  (MnrCompareMatrix    *matrix,
                                      guint                column);
char  *mnr_compare_dup_summary_subtitle (MnrCompareMatrix *matrix);
char  *mnr_compare_dup_summary_title (MnrCompareMatrix        *matrix,
                                      const MnrComparePalette *palette);

#define MNR_TYPE_COMPARE_ROW (mnr_compare_row_get_type ())

G_DECLARE_FINAL_TYPE (MnrCompareRow, mnr_compare_row, MNR, COMPARE_ROW, GtkWidget)

GtkWidget      *mnr_compare_row_new       (MnrCompareRowKind        kind);
void            mnr_compare_row_bind      (MnrCompareRow           *self,
                                           MnrCompareMatrix        *matrix,
                                           const MnrComparePalette *palette,
                                           guint                    index);
void            mnr_compare_row_unbind    (MnrCompareRow           *self);
int             mnr_compare_row_get_index (MnrCompareRow           *self);
MnrCompareCell *mnr_compare_row_get_cell  (MnrCompareRow           *self,
                                           guint                    column);

G_END_DECLS
