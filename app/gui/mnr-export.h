/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int mnr_export_minutes_from_command_line (const char *path,
                                          const char *country);
int mnr_export_csv_from_command_line     (const char *path,
                                          const char *country,
                                          const char *group,
                                          gboolean    evidence);
int mnr_export_report_from_command_line  (const char *path,
                                          const char *country,
                                          const char *round,
                                          const char *paper);

int mnr_export_bundle_from_command_line  (const char *path,
                                          const char *country);
int mnr_import_bundle_from_command_line  (const char *path);

G_END_DECLS
