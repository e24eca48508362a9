/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The largest CSV file read, and its most rows: a country's spreadsheet
 * is far smaller; anything larger is refused before it is parsed. */
#define MNR_CSV_MAX_BYTES (32 * 1024 * 1024)
#define MNR_CSV_MAX_ROWS  200000

GString   *mnr_csv_begin   (void);
void       mnr_csv_add_row (GString            *csv,
                            const char * const *fields);
GPtrArray *mnr_csv_parse   (const char         *data,
                            gsize               length,
                            GError            **error);
GPtrArray *mnr_csv_parse_full (const char         *data,
                               gsize               length,
                               char               *separator,
                               GArray            **lines,
                               GError            **error);

G_END_DECLS
