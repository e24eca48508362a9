/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "mnr-compare-row.h"
#include "mnr-country-catalog.h"
#include "mnr-store.h"

G_BEGIN_DECLS

gboolean mnr_compare_export_write        (MnrCompareMatrix        *matrix,
                                          const MnrComparePalette *palette,
                                          const char              *title,
                                          const char              *format,
                                          GFile                   *file,
                                          GError                 **error);
int      mnr_compare_export_command_line (const char              *filename,
                                          const char              *group_id);
gboolean mnr_compare_find_members        (MnrCountryCatalog       *catalog,
                                          MnrStore                *store,
                                          const char              *group_id,
                                          GStrv                   *members,
                                          char                   **label,
                                          GError                 **error);

G_END_DECLS
