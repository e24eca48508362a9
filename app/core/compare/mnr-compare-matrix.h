/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "mnr-country-catalog.h"
#include "mnr-framework.h"

G_BEGIN_DECLS

/* The 21 capabilities, then the 7 enablers. */
#define MNR_COMPARE_N_COLUMNS 28
/* A cell of a country with no round (or no earlier round): no level. */
#define MNR_COMPARE_NO_DATA 0xff

/**
 * MnrCompareChange:
 * @MNR_COMPARE_CHANGE_NONE: nothing to compare: no round, or no earlier one
 * @MNR_COMPARE_CHANGE_UP: higher on the scale than in the earlier round
 * @MNR_COMPARE_CHANGE_DOWN: lower than in the earlier round
 * @MNR_COMPARE_CHANGE_SAME: the same level as in the earlier round
 */
typedef enum
{
  MNR_COMPARE_CHANGE_NONE,
  MNR_COMPARE_CHANGE_UP,
  MNR_COMPARE_CHANGE_DOWN,
  MNR_COMPARE_CHANGE_SAME,
} MnrCompareChange;

/**
 * MnrCompareAgainst:
 * @MNR_COMPARE_AGAINST_NOTHING: levels only, no change
 * @MNR_COMPARE_AGAINST_PREVIOUS: each country's round before the one shown
 * @MNR_COMPARE_AGAINST_DATE: each country's round as of an earlier date
 */
typedef enum
{
  MNR_COMPARE_AGAINST_NOTHING,
  MNR_COMPARE_AGAINST_PREVIOUS,
  MNR_COMPARE_AGAINST_DATE,
} MnrCompareAgainst;

/**
 * MnrCompareQuery:
 * @countries: (nullable): ISO codes of the rows, %NULL for every country
 *   with a round in the store
 * @as_of: (nullable): "YYYY-MM-DD": each country's latest round on or
 *   before it; %NULL for each country's latest round
 * @against: what each round is compared with
 * @against_date: (nullable): with %MNR_COMPARE_AGAINST_DATE, the date
 */
typedef struct
{
  const char * const *countries;
  const char         *as_of;
  MnrCompareAgainst   against;
  const char         *against_date;
} MnrCompareQuery;

#define MNR_TYPE_COMPARE_MATRIX (mnr_compare_matrix_get_type ())

G_DECLARE_FINAL_TYPE (MnrCompareMatrix, mnr_compare_matrix, MNR, COMPARE_MATRIX, GObject)

/* building (the store's loader, the tests) */
MnrCompareMatrix *mnr_compare_matrix_new              (MnrFramework      *framework,
                                                       MnrCompareAgainst  against);
guint             mnr_compare_matrix_add_row          (MnrCompareMatrix  *self,
                                                       const char        *code);
void              mnr_compare_matrix_set_round        (MnrCompareMatrix  *self,
                                                       guint              row,
                                                       gboolean           earlier,
                                                       const char        *round_id,
                                                       const char        *name,
                                                       const char        *date);
void              mnr_compare_matrix_set_level        (MnrCompareMatrix  *self,
                                                       guint              row,
                                                       gboolean           earlier,
                                                       guint              column,
                                                       guint              level);
void              mnr_compare_matrix_set_names        (MnrCompareMatrix  *self,
                                                       MnrCountryCatalog *catalog);
int               mnr_compare_matrix_column_for       (MnrCompareMatrix  *self,
                                                       const char        *element_id);
guint             mnr_compare_matrix_level_for        (MnrCompareMatrix  *self,
                                                       const char        *level_id);

/* reading */
MnrFramework     *mnr_compare_matrix_get_framework    (MnrCompareMatrix  *self);
MnrCompareAgainst mnr_compare_matrix_get_against      (MnrCompareMatrix  *self);
guint             mnr_compare_matrix_get_n_rows       (MnrCompareMatrix  *self);
guint             mnr_compare_matrix_get_n_levels     (MnrCompareMatrix  *self);
MnrLevel         *mnr_compare_matrix_get_level_object (MnrCompareMatrix  *self,
                                                       guint              level);
MnrElement       *mnr_compare_matrix_get_column       (MnrCompareMatrix  *self,
                                                       guint              column);
int               mnr_compare_matrix_find_row         (MnrCompareMatrix  *self,
                                                       const char        *code);
const char       *mnr_compare_matrix_get_code         (MnrCompareMatrix  *self,
                                                       guint              row);
const char       *mnr_compare_matrix_get_name         (MnrCompareMatrix  *self,
                                                       guint              row);
const char       *mnr_compare_matrix_get_round_id     (MnrCompareMatrix  *self,
                                                       guint              row,
                                                       gboolean           earlier);
const char       *mnr_compare_matrix_get_round_name   (MnrCompareMatrix  *self,
                                                       guint              row,
                                                       gboolean           earlier);
const char       *mnr_compare_matrix_get_round_date   (MnrCompareMatrix  *self,
                                                       guint              row,
                                                       gboolean           earlier);
guint             mnr_compare_matrix_get_level        (MnrCompareMatrix  *self,
                                                       guint              row,
                                                       gboolean           earlier,
                                                       guint              column);
MnrCompareChange  mnr_compare_matrix_get_change       (MnrCompareMatrix  *self,
                                                       guint              row,
                                                       guint              column);

/* counts: no ranking, no score */
guint             mnr_compare_matrix_count_rows_with_data (MnrCompareMatrix *self);
guint             mnr_compare_matrix_count_at_level   (MnrCompareMatrix  *self,
                                                       guint              column,
                                                       guint              level);
guint             mnr_compare_matrix_count_at_or_above (MnrCompareMatrix *self,
                                                        guint             column,
                                                        guint             level);
guint             mnr_compare_matrix_count_domain_at_or_above (MnrCompareMatrix *self,
                                                               MnrElement       *domain,
                                                               guint             level);
guint             mnr_compare_matrix_count_domain_at_level (MnrCompareMatrix *self,
                                                            MnrElement       *domain,
                                                            guint             level);
void              mnr_compare_matrix_count_row_changes (MnrCompareMatrix *self,
                                                        guint             row,
                                                        guint            *up,
                                                        guint            *down,
                                                        guint            *same);
void              mnr_compare_matrix_count_column_changes (MnrCompareMatrix *self,
                                                           guint             column,
                                                           guint            *up,
                                                           guint            *down,
                                                           guint            *same);

/* order: by name, or by one column; never by a total */
void              mnr_compare_matrix_sort_by_name     (MnrCompareMatrix  *self);
void              mnr_compare_matrix_sort_by_column   (MnrCompareMatrix  *self,
                                                       guint              column);

/* export */
char             *mnr_compare_matrix_dup_cell_text    (MnrCompareMatrix  *self,
                                                       guint              row,
                                                       guint              column);
GBytes           *mnr_compare_matrix_to_csv           (MnrCompareMatrix  *self);

G_END_DECLS
