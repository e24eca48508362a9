/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *mnr_format_day (const char *day);
char *mnr_today      (void);
char *mnr_local_day  (gint64 usec);
GStrv mnr_split_lines (const char *text);

G_END_DECLS
