/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mnr-country-catalog.h"
#include "mnr-framework.h"
#include "mnr-ratings-sheet.h"
#include "mnr-store.h"

G_BEGIN_DECLS

/**
 * MnrCsvProblem:
 * @line: the file's line the row starts on (1 is the header)
 * @message: what is wrong with it, for people
 */
typedef struct
{
  guint  line;
  char  *message;
} MnrCsvProblem;

typedef struct _MnrRatingsImport MnrRatingsImport;

GBytes           *mnr_ratings_csv_export        (MnrStore           *store,
                                                 MnrFramework       *framework,
                                                 MnrCountryCatalog  *catalog,
                                                 const char * const *countries,
                                                 GError            **error);

GBytes           *mnr_evidence_csv_export       (MnrStore           *store,
                                                 const char * const *countries,
                                                 gboolean            with_restricted,
                                                 GError            **error);

MnrRatingsImport *mnr_ratings_import_read       (MnrStore           *store,
                                                 MnrFramework       *framework,
                                                 GBytes             *csv,
                                                 GError            **error);
MnrRatingsImport *mnr_ratings_import_read_sheet (MnrStore                 *store,
                                                 MnrRatingsSheet          *sheet,
                                                 const MnrRatingsDefaults *defaults,
                                                 GError                  **error);
guint             mnr_ratings_import_get_n_rows (MnrRatingsImport   *self);
guint             mnr_ratings_import_get_n_new_rounds (MnrRatingsImport *self);
GPtrArray        *mnr_ratings_import_get_problems (MnrRatingsImport *self);
gboolean          mnr_ratings_import_apply      (MnrRatingsImport   *self,
                                                 GError            **error);
gboolean          mnr_ratings_import_undo       (MnrRatingsImport   *self,
                                                 GError            **error);
void              mnr_ratings_import_free       (MnrRatingsImport   *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MnrRatingsImport, mnr_ratings_import_free)

G_END_DECLS
