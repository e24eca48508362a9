/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-sync-service"

#include "config.h"

#include <math.h>
#include <string.h>

#include "mnr-json-body.h"
#include "mnr-json-reader.h"
#include "mnr-sync-record.h"

/* A request body is parsed with json-glib only once it is known to be
 * I-JSON (RFC 7493), with one more rule (docs/sync-protocol.md, 4.8):
 *   - UTF-8, with no NUL byte, and no "\u0000" or lone surrogate escape:
 *     json-glib cuts a string at its first NUL, and would store a
 *     different string from the one sent;
 *   - no object with the same member twice: json-glib keeps the last
 *     silently, so that the server and another reader could see
 *     different records in the same bytes;
 *   - numbers finite (json-glib reads 1e999 as infinity, which it writes
 *     back as "inf.0", not JSON) and integers within ±(2^53 - 1)
 *     (json-glib wraps integers past 2^63 around: 99999999999999999999
 *     reads as -1);
 *   - nested at most MNR_SYNC_MAX_DEPTH deep, checked before the parser,
 *     which recurses once per level;
 *   - one value, with nothing but white space after it (json-glib parses
 *     on after the first value, and leaks it).
 * -0 and -0.0 are zero, and accepted as such.
 *
 * Nothing here touches the store or the message: it is what the fuzz
 * target of the server's bodies calls. */

static gboolean
fail (GError    **error,
      const char *format,
      ...) G_GNUC_PRINTF (2, 3);

static gboolean
fail (GError    **error,
      const char *format,
      ...)
{
  va_list args;

  if (error == NULL)
    return FALSE;
  va_start (args, format);
  *error = g_error_new_valist (G_IO_ERROR, G_IO_ERROR_INVALID_DATA, format, args);
  va_end (args);
  return FALSE;
}

static int
hex4 (const char *p,
      const char *end)
{
  int value = 0;

  if (end - p < 4)
    return -1;
  for (int i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value (p[i]);

      if (digit < 0)
        return -1;
      value = value * 16 + digit;
    }
  return value;
}

/* A number token from @p: finite, and a safe integer if it is one. */
static gboolean
check_number (const char  *p,
              gsize        length,
              GError     **error)
{
  g_autofree char *text = g_strndup (p, length);
  const char *digits = text[0] == '-' ? text + 1 : text;

  if (strpbrk (text, ".eE") == NULL)
    {
      guint64 value = 0;

      if (strlen (digits) > 16 ||
          !g_ascii_string_to_unsigned (digits, 10, 0, G_MAXUINT64, &value, NULL) ||
          value > (guint64) MNR_JSON_BODY_MAX_SAFE_INTEGER)
        return fail (error, "the integer %.40s%s is beyond ±(2^53 - 1), which not every JSON"
                     " reader holds exactly", text, length > 40 ? "…" : "");
      return TRUE;
    }

  if (!isfinite (g_ascii_strtod (text, NULL)))
    return fail (error, "the number %.40s%s is too large for a double", text,
                 length > 40 ? "…" : "");
  return TRUE;
}

/* The rules on the text itself: escapes and numbers. Only needs to be
 * right for JSON text; the parser refuses the rest. */
static gboolean
check_text (const char  *data,
            gsize        size,
            GError     **error)
{
  const char *p = data, *end = data + size;
  gboolean in_string = FALSE;

  while (p < end)
    {
      if (in_string)
        {
          if (*p == '"')
            in_string = FALSE;
          else if (*p == '\\' && p + 1 < end)
            {
              p++;
              if (*p == 'u')
                {
                  int unit = hex4 (p + 1, end);

                  if (unit == 0)
                    return fail (error, "a string holds \\u0000: NUL is not allowed in strings");
                  if (unit >= 0xdc00 && unit <= 0xdfff)
                    return fail (error, "a string holds a lone low surrogate escape");
                  if (unit >= 0xd800 && unit <= 0xdbff)
                    {
                      int low = p + 5 < end && p[5] == '\\' && p + 6 < end && p[6] == 'u'
                                ? hex4 (p + 7, end) : -1;

                      if (low < 0xdc00 || low > 0xdfff)
                        return fail (error, "a string holds a lone high surrogate escape");
                      p += 6;
                    }
                  p += 4;
                }
            }
          p++;
          continue;
        }

      if (*p == '"')
        {
          in_string = TRUE;
          p++;
        }
      else if (*p == '-' || g_ascii_isdigit (*p))
        {
          const char *start = p;

          while (p < end && (g_ascii_isdigit (*p) || strchr ("+-.eE", *p) != NULL))
            p++;
          if (!check_number (start, p - start, error))
            return FALSE;
        }
      else
        p++;
    }

  return TRUE;
}

/* Members seen per object while parsing: an object with fewer members
 * than were seen in it had one twice. */
typedef struct
{
  GHashTable *seen;       /* JsonObject * → count */
  char       *duplicate;  /* the first member seen twice */
} Members;

static void
on_object_member (JsonParser *parser,
                  JsonObject *object,
                  const char *name,
                  gpointer    user_data)
{
  Members *members = user_data;
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (members->seen, object)) + 1;

  g_hash_table_insert (members->seen, object, GUINT_TO_POINTER (count));
  if (members->duplicate == NULL && json_object_get_size (object) < count)
    members->duplicate = g_strdup (name);
}

/**
 * mnr_json_body_parse:
 * @data: a request body, not necessarily NUL-terminated
 *
 * Returns: (transfer full): its JSON, or %NULL with @error (its message
 *   says what was wrong, for the answer's detail) if it is not I-JSON
 *   as section 4.8 of the protocol has it
 */
JsonNode *
mnr_json_body_parse (const char  *data,
                     gsize        size,
                     GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GHashTable) seen = NULL;
  Members members = { NULL, NULL };

  /* g_utf8_validate_len() refuses NUL bytes too. */
  if (size == 0 || !g_utf8_validate_len (data, size, NULL))
    {
      fail (error, "the body is not JSON text in UTF-8 (with no NUL byte)");
      return NULL;
    }

  /* Also refuses text after the value, which json-glib would parse on
   * (and leak what it had built). */
  if (!mnr_json_check_text (data, size, MNR_SYNC_MAX_DEPTH, &local_error))
    {
      fail (error, "the body is not one JSON value: %s", local_error->message);
      return NULL;
    }

  if (!check_text (data, size, error))
    return NULL;

  seen = g_hash_table_new (NULL, NULL);
  members.seen = seen;
  parser = json_parser_new ();
  g_signal_connect (parser, "object-member", G_CALLBACK (on_object_member), &members);
  if (!json_parser_load_from_data (parser, data, (gssize) size, &local_error) ||
      json_parser_get_root (parser) == NULL)
    {
      g_free (members.duplicate);
      fail (error, "%s", local_error != NULL ? local_error->message : "the body is not JSON text");
      return NULL;
    }

  if (members.duplicate != NULL)
    {
      fail (error, "an object has the member \"%.64s\" twice", members.duplicate);
      g_free (members.duplicate);
      return NULL;
    }

  return json_node_ref (json_parser_get_root (parser));
}
