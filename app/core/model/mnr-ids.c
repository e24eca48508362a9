/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-ids"

#include "config.h"

#include <string.h>

#include "mnr-ids.h"

static gboolean
is_lower_hex (char c)
{
  return g_ascii_isdigit (c) || (c >= 'a' && c <= 'f');
}

/**
 * mnr_id_is_uuid:
 *
 * Returns: whether @text is a UUID in lower case, as clients make them
 */
gboolean
mnr_id_is_uuid (const char *text)
{
  static const char layout[] = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";

  if (text == NULL || strlen (text) != 36)
    return FALSE;

  for (guint i = 0; i < 36; i++)
    if (layout[i] == '-' ? text[i] != '-' : !is_lower_hex (text[i]))
      return FALSE;

  return TRUE;
}

/**
 * mnr_id_is_slug:
 *
 * Returns: whether @text is 1 to 80 lower-case letters, digits and hyphens
 */
gboolean
mnr_id_is_slug (const char *text)
{
  gsize n = text != NULL ? strlen (text) : 0;

  if (n < 1 || n > 80)
    return FALSE;

  for (const char *p = text; *p; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '-')
      return FALSE;

  return TRUE;
}

/**
 * mnr_id_is_element:
 *
 * Returns: whether @text names what can be rated or backed by evidence:
 *   "capability-N" (N from 1, no leading zero) or "enabler-<slug>"
 */
gboolean
mnr_id_is_element (const char *text)
{
  if (text == NULL || strlen (text) > 80)
    return FALSE;

  if (g_str_has_prefix (text, "capability-"))
    {
      const char *n = text + strlen ("capability-");

      if (n[0] < '1' || n[0] > '9')
        return FALSE;
      for (const char *p = n; *p; p++)
        if (!g_ascii_isdigit (*p))
          return FALSE;
      return TRUE;
    }

  return g_str_has_prefix (text, "enabler-") && mnr_id_is_slug (text + strlen ("enabler-"));
}

/**
 * mnr_id_is_country_code:
 *
 * Returns: whether @text is two capital letters, an ISO 3166-1 alpha-2 shape
 */
gboolean
mnr_id_is_country_code (const char *text)
{
  return text != NULL && strlen (text) == 2 &&
         text[0] >= 'A' && text[0] <= 'Z' && text[1] >= 'A' && text[1] <= 'Z';
}

/**
 * mnr_id_is_sha256:
 *
 * Returns: whether @text is 64 lower-case hex digits, the only names
 *   attachment files have (so no name can lead out of a store)
 */
gboolean
mnr_id_is_sha256 (const char *text)
{
  if (text == NULL || strlen (text) != 64)
    return FALSE;

  for (guint i = 0; i < 64; i++)
    if (!is_lower_hex (text[i]))
      return FALSE;

  return TRUE;
}

/**
 * mnr_id_is_date:
 * @partial: whether "" (unknown), "YYYY" and "YYYY-MM" are allowed too
 *
 * The protocol's dates (docs/sync-protocol.md, section 4.4): YYYY-MM-DD,
 * a real calendar day of a year from 1, in ASCII digits. The store keeps
 * the same rule, so that it takes every date the server takes (a law of
 * 1860 is evidence too).
 *
 * Returns: whether @text is such a date
 */
gboolean
mnr_id_is_date (const char *text,
                gboolean    partial)
{
  gsize n = text != NULL ? strlen (text) : 0;
  guint year = 0, month = 1, day = 1;

  if (partial && n == 0)
    return TRUE;
  if (n != 10 && !(partial && (n == 4 || n == 7)))
    return FALSE;

  for (gsize i = 0; i < n; i++)
    if ((i == 4 || i == 7) ? text[i] != '-' : !g_ascii_isdigit (text[i]))
      return FALSE;

  year = (guint)g_ascii_strtoull (text, NULL, 10);
  if (n >= 7)
    month = (guint)g_ascii_strtoull (text + 5, NULL, 10);
  if (n == 10)
    day = (guint)g_ascii_strtoull (text + 8, NULL, 10);

  return year >= 1 && g_date_valid_dmy ((GDateDay)day, (GDateMonth)month, (GDateYear)year);
}
