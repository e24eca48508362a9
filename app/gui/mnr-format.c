/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "mnr-format.h"

/* How dates are shown to people, in one place. */

/**
 * mnr_format_day:
 * @day: (nullable): "2018-06-01"
 *
 * Returns: (transfer full): @day as the reader's language writes a date
 *   ("1 June 2018"), or as it is when it is not a day
 */
char *
mnr_format_day (const char *day)
{
  g_autoptr(GDateTime) date_time = NULL;
  g_autofree char *iso = NULL;

  if (day == NULL)
    return g_strdup ("");

  iso = g_strconcat (day, "T00:00:00Z", NULL);
  date_time = g_date_time_new_from_iso8601 (iso, NULL);
  if (date_time == NULL)
    return g_strdup (day);

  /* Translators: how a day is shown, a strftime format, as "1 June 2018" */
  return g_date_time_format (date_time, _("%-d %B %Y"));
}

/**
 * mnr_today:
 *
 * Returns: (transfer full): today here, "YYYY-MM-DD"
 */
char *
mnr_today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

/**
 * mnr_local_day:
 * @usec: microseconds since 1970, UTC, as the store keeps times
 *
 * Returns: (transfer full): the day it fell on here, "YYYY-MM-DD"
 */
char *
mnr_local_day (gint64 usec)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (usec / G_USEC_PER_SEC);

  return when != NULL ? g_date_time_format (when, "%Y-%m-%d") : g_strdup ("");
}

/**
 * mnr_split_lines:
 * @text: (nullable): names and roles a line, as a meeting's attendees
 *
 * Returns: (transfer full): its lines, each stripped, the blank ones left out
 */
GStrv
mnr_split_lines (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text != NULL ? text : "", "\n", -1);
  g_autoptr(GStrvBuilder) kept = g_strv_builder_new ();

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strstrip (lines[i]);
      if (lines[i][0] != '\0')
        g_strv_builder_add (kept, lines[i]);
    }
  return g_strv_builder_end (kept);
}
