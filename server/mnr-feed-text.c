/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-sync-service"

#include "config.h"

#include <string.h>

#include "mnr-feed-text.h"

/* The changes feed written out as JSON text.
 *
 * A record's data is kept by the store as compact JSON text (written by
 * the server itself from data it checked). Each page of the feed parsed
 * every record's text into a tree and wrote the tree out again: most of
 * the server's time on a full pull. The envelope is written here
 * directly around the data's text, with the members and values
 * record_to_node() gives a single read. */

/* @text as a JSON string, quoted. The store's strings are UTF-8 (checked
 * when written); only what JSON forbids raw is escaped. */
void
mnr_feed_text_append_string (GString    *out,
                             const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c == '"' || c == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, c);
        }
      else if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\r')
        g_string_append (out, "\\r");
      else if (c == '\t')
        g_string_append (out, "\\t");
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, c);
    }
  g_string_append_c (out, '"');
}

/* The data's text if it is an object, as the store writes it; "{}" for
 * anything else, as a single read gives. */
static void
append_data (GString    *out,
             const char *data_json)
{
  gsize length = data_json != NULL ? strlen (data_json) : 0;

  if (length >= 2 && data_json[0] == '{' && data_json[length - 1] == '}')
    g_string_append_len (out, data_json, length);
  else
    g_string_append (out, "{}");
}

void
mnr_feed_text_append_record (GString               *out,
                             const MnrServerRecord *record)
{
  g_string_append (out, "{\"type\":");
  mnr_feed_text_append_string (out, record->type);
  g_string_append (out, ",\"id\":");
  mnr_feed_text_append_string (out, record->id);
  g_string_append (out, ",\"country\":");
  if (record->country != NULL)
    mnr_feed_text_append_string (out, record->country);
  else
    g_string_append (out, "null");
  g_string_append_printf (out, ",\"rev\":%" G_GINT64_FORMAT ",\"seq\":%" G_GINT64_FORMAT ",\"deleted\":%s",
                          record->rev, record->seq, record->deleted ? "true" : "false");
  g_string_append (out, ",\"updated_at\":");
  mnr_feed_text_append_string (out, record->updated_at != NULL ? record->updated_at : "");
  g_string_append (out, ",\"updated_by\":");
  mnr_feed_text_append_string (out, record->updated_by != NULL ? record->updated_by : "");
  g_string_append (out, ",\"data\":");
  append_data (out, record->data_json);
  g_string_append_c (out, '}');
}

/* A record the token may not read: its name and seq only. */
void
mnr_feed_text_append_withheld (GString               *out,
                               const MnrServerRecord *record)
{
  g_string_append (out, "{\"type\":");
  mnr_feed_text_append_string (out, record->type);
  g_string_append (out, ",\"id\":");
  mnr_feed_text_append_string (out, record->id);
  g_string_append_printf (out, ",\"seq\":%" G_GINT64_FORMAT ",\"withheld\":true}", record->seq);
}
