/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mnr-framework.h"

G_BEGIN_DECLS

/**
 * MnrRatingsField:
 * @MNR_RATINGS_FIELD_IGNORE: the column is not read
 * @MNR_RATINGS_FIELD_ELEMENT: the capability or enabler (needed)
 * @MNR_RATINGS_FIELD_LEVEL: the level on the scale (needed)
 * @MNR_RATINGS_FIELD_RATIONALE: why that level
 * @MNR_RATINGS_FIELD_COUNTRY: the country's ISO 3166 code
 * @MNR_RATINGS_FIELD_ROUND: the round's name
 * @MNR_RATINGS_FIELD_ROUND_DATE: the round's date
 * @MNR_RATINGS_FIELD_ROUND_ID: the round's id, as the app exports it
 * @MNR_RATINGS_FIELD_CHANGED_BY: who set the level
 * @MNR_RATINGS_FIELD_CHANGED_AT: when
 *
 * What a column of a sheet of ratings holds, for the import.
 */
typedef enum
{
  MNR_RATINGS_FIELD_IGNORE,
  MNR_RATINGS_FIELD_ELEMENT,
  MNR_RATINGS_FIELD_LEVEL,
  MNR_RATINGS_FIELD_RATIONALE,
  MNR_RATINGS_FIELD_COUNTRY,
  MNR_RATINGS_FIELD_ROUND,
  MNR_RATINGS_FIELD_ROUND_DATE,
  MNR_RATINGS_FIELD_ROUND_ID,
  MNR_RATINGS_FIELD_CHANGED_BY,
  MNR_RATINGS_FIELD_CHANGED_AT,
  MNR_RATINGS_N_FIELDS
} MnrRatingsField;

/**
 * MnrRatingsDefaults:
 * @country: (nullable): the country of rows with no country column
 * @round_id: (nullable): the store's round of rows with no round column
 * @round_name: (nullable): without @round_id, the round to use or make
 * @round_date: (nullable): its date
 * @round_is_first: @round_name and @round_date are the country's first
 *   round, made as mnr_store_create_first_round() makes it (dated 1
 *   January, with the id every computer gives it)
 *
 * What the rows of a sheet that does not say it are about: the country
 * and round open in the app.
 */
typedef struct
{
  const char *country;
  const char *round_id;
  const char *round_name;
  const char *round_date;
  gboolean    round_is_first;
} MnrRatingsDefaults;

typedef struct _MnrRatingsSheet MnrRatingsSheet;

const char      *mnr_ratings_field_get_label        (MnrRatingsField  field);

MnrRatingsSheet *mnr_ratings_sheet_new              (MnrFramework    *framework,
                                                     GBytes          *data,
                                                     GError         **error);
void             mnr_ratings_sheet_free             (MnrRatingsSheet *self);

const char      *mnr_ratings_sheet_get_encoding     (MnrRatingsSheet *self);
char             mnr_ratings_sheet_get_separator    (MnrRatingsSheet *self);
guint            mnr_ratings_sheet_get_header_line  (MnrRatingsSheet *self);
guint            mnr_ratings_sheet_get_n_columns    (MnrRatingsSheet *self);
const char      *mnr_ratings_sheet_get_header       (MnrRatingsSheet *self,
                                                     guint            column);
guint            mnr_ratings_sheet_get_n_rows       (MnrRatingsSheet *self);
guint            mnr_ratings_sheet_get_line         (MnrRatingsSheet *self,
                                                     guint            row);
const char      *mnr_ratings_sheet_get_value        (MnrRatingsSheet *self,
                                                     guint            row,
                                                     guint            column);

MnrRatingsField  mnr_ratings_sheet_get_field        (MnrRatingsSheet *self,
                                                     guint            column);
void             mnr_ratings_sheet_set_field        (MnrRatingsSheet *self,
                                                     guint            column,
                                                     MnrRatingsField  field);
int              mnr_ratings_sheet_find_field       (MnrRatingsSheet *self,
                                                     MnrRatingsField  field);
gboolean         mnr_ratings_sheet_check_mapping    (MnrRatingsSheet          *self,
                                                     const MnrRatingsDefaults *defaults,
                                                     GError                  **error);

const char      *mnr_ratings_sheet_match_element    (MnrRatingsSheet *self,
                                                     const char      *text);
const char      *mnr_ratings_sheet_match_level      (MnrRatingsSheet *self,
                                                     const char      *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MnrRatingsSheet, mnr_ratings_sheet_free)

G_END_DECLS
