/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-json-reader"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mnr-json-reader.h"

/**
 * mnr_json_invalid:
 *
 * Reports a problem through the reader's error function.
 *
 * Returns: %FALSE, to return it from a check
 */
gboolean
mnr_json_invalid (const MnrJsonReader  *reader,
                  GError              **error,
                  const char           *format,
                  ...)
{
  g_autofree char *problem = NULL;
  va_list args;

  va_start (args, format);
  problem = g_strdup_vprintf (format, args);
  va_end (args);

  reader->invalid (error, problem, reader->data);
  return FALSE;
}

/**
 * mnr_json_get_string:
 * @where: names the object for a message, as "capability 4"
 * @out: (out) (transfer none) (nullable): the text, %NULL when absent
 *
 * Reads a member that must be text (valid UTF-8) if it is there.
 */
gboolean
mnr_json_get_string (const MnrJsonReader  *reader,
                     JsonObject           *object,
                     const char           *member,
                     const char           *where,
                     MnrJsonFlags          flags,
                     const char          **out,
                     GError              **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (flags & MNR_JSON_REQUIRED)
        return mnr_json_invalid (reader, error, _("%s has no “%s”"), where, member);
      return TRUE;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return mnr_json_invalid (reader, error, _("“%s” of %s must be text"), member, where);

  *out = json_node_get_string (node);

  if ((flags & MNR_JSON_NON_EMPTY) && (*out)[0] == '\0')
    return mnr_json_invalid (reader, error, _("“%s” of %s is empty"), member, where);

  if (!g_utf8_validate (*out, -1, NULL))
    return mnr_json_invalid (reader, error, _("“%s” of %s is not valid UTF-8"), member, where);

  return TRUE;
}

/**
 * mnr_json_get_array:
 *
 * Reads a member that must be a list with at least one element.
 */
gboolean
mnr_json_get_array (const MnrJsonReader  *reader,
                    JsonObject           *object,
                    const char           *member,
                    const char           *where,
                    JsonArray           **out,
                    GError              **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;

  if (node == NULL)
    return mnr_json_invalid (reader, error, _("%s has no “%s”"), where, member);

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return mnr_json_invalid (reader, error, _("“%s” of %s must be a list"), member, where);

  *out = json_node_get_array (node);

  if (json_array_get_length (*out) == 0)
    return mnr_json_invalid (reader, error, _("“%s” of %s is empty"), member, where);

  return TRUE;
}

/**
 * mnr_json_get_object_element:
 *
 * Returns: (transfer none) (nullable): element @index of @array, which
 *   must be an object
 */
JsonObject *
mnr_json_get_object_element (const MnrJsonReader  *reader,
                             JsonArray            *array,
                             guint                 index,
                             const char           *where,
                             GError              **error)
{
  JsonNode *node = json_array_get_element (array, index);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      mnr_json_invalid (reader, error, _("%s must be an object"), where);
      return NULL;
    }

  return json_node_get_object (node);
}

/**
 * mnr_json_load_bytes:
 * @bytes: the contents of a data file
 *
 * Parses @bytes, which must be one JSON object of at most the reader's
 * max_size bytes. A text too large, empty or not JSON is reported through
 * the reader's unreadable function, any other root through its invalid one.
 *
 * Returns: (transfer full) (nullable): the root object, or %NULL with
 *   @error set
 */
JsonObject *
mnr_json_load_bytes (const MnrJsonReader  *reader,
                     GBytes               *bytes,
                     GError              **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;
  const char *data;
  gsize size;

  g_return_val_if_fail (reader != NULL && reader->unreadable != NULL, NULL);
  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (bytes, &size);

  if (size > reader->max_size)
    {
      reader->unreadable (error, MNR_JSON_TOO_LARGE, (gint64)size, NULL, reader->data);
      return NULL;
    }

  if (size == 0)
    {
      reader->unreadable (error, MNR_JSON_EMPTY, 0, NULL, reader->data);
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!mnr_json_check_text (data, size, MNR_JSON_MAX_DEPTH, &local_error) ||
      !json_parser_load_from_data (parser, data, (gssize)size, &local_error))
    {
      reader->unreadable (error, MNR_JSON_NOT_JSON, (gint64)size, local_error->message,
                          reader->data);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      mnr_json_invalid (reader, error, _("the file must hold one JSON object"));
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

/**
 * mnr_json_load_file:
 *
 * Reads @file whole, refusing one larger than the reader's max_size before
 * reading it into memory (through the reader's unreadable function). A file
 * that cannot be read gives an error in #G_IO_ERROR.
 *
 * Returns: (transfer full) (nullable): the contents, to give to
 *   mnr_json_load_bytes()
 */
GBytes *
mnr_json_load_file (const MnrJsonReader  *reader,
                    GFile                *file,
                    GError              **error)
{
  g_autoptr(GFileInfo) info = NULL;

  g_return_val_if_fail (reader != NULL && reader->unreadable != NULL, NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, NULL, error);
  if (info == NULL)
    return NULL;

  if (g_file_info_get_size (info) > (goffset)reader->max_size)
    {
      reader->unreadable (error, MNR_JSON_TOO_LARGE, g_file_info_get_size (info), NULL,
                          reader->data);
      return NULL;
    }

  return g_file_load_bytes (file, NULL, NULL, error);
}

/**
 * mnr_json_get_format:
 * @out: (out): the format the file says it is written in
 *
 * Reads the whole number "format" of a data file's root object.
 */
gboolean
mnr_json_get_format (const MnrJsonReader  *reader,
                     JsonObject           *root,
                     gint64               *out,
                     GError              **error)
{
  JsonNode *format = json_object_get_member (root, "format");

  if (format == NULL ||
      !JSON_NODE_HOLDS_VALUE (format) ||
      json_node_get_value_type (format) != G_TYPE_INT64)
    return mnr_json_invalid (reader, error, _("the file does not say which “format” it is written in"));

  *out = json_node_get_int (format);
  return TRUE;
}

/**
 * mnr_json_is_id:
 *
 * Returns: whether @text can be the id of something a data file defines:
 *   1 to 64 lower-case letters, digits and hyphens
 */
gboolean
mnr_json_is_id (const char *text)
{
  if (text == NULL || text[0] == '\0' || strlen (text) > 64)
    return FALSE;

  for (const char *p = text; *p; p++)
    {
      if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '-')
        return FALSE;
    }

  return TRUE;
}

/* The classes of a byte for mnr_json_check_text(), one table lookup per
 * byte (it reads every byte from outside; strchr() per byte was most of
 * the time of reading a data file). */
enum
{
  JSON_OUTSIDE = 1 << 0,  /* may stand outside strings: white space,
                           * punctuation, numbers and the letters of
                           * true, false and null */
  JSON_SPACE = 1 << 1,    /* white space */
  JSON_ENDS_SCALAR = 1 << 2, /* ends a number, true, false or null */
  JSON_ESCAPE = 1 << 3,   /* may follow a backslash in a string */
};

#define OUT JSON_OUTSIDE
#define END JSON_ENDS_SCALAR
static const guint8 json_byte_class[256] = {
  [' '] = OUT | JSON_SPACE | END, ['\t'] = OUT | JSON_SPACE | END,
  ['\n'] = OUT | JSON_SPACE | END, ['\r'] = OUT | JSON_SPACE | END,
  ['['] = OUT | END, [']'] = OUT | END, ['{'] = OUT | END, ['}'] = OUT | END,
  [':'] = OUT | END, [','] = OUT | END, ['"'] = END | JSON_ESCAPE,
  ['-'] = OUT, ['+'] = OUT, ['.'] = OUT,
  ['0'] = OUT, ['1'] = OUT, ['2'] = OUT, ['3'] = OUT, ['4'] = OUT,
  ['5'] = OUT, ['6'] = OUT, ['7'] = OUT, ['8'] = OUT, ['9'] = OUT,
  ['e'] = OUT, ['E'] = OUT, ['t'] = OUT | JSON_ESCAPE, ['r'] = OUT | JSON_ESCAPE,
  ['u'] = OUT | JSON_ESCAPE, ['f'] = OUT | JSON_ESCAPE, ['a'] = OUT, ['l'] = OUT,
  ['s'] = OUT, ['n'] = OUT | JSON_ESCAPE,
  ['\\'] = JSON_ESCAPE, ['/'] = JSON_ESCAPE, ['b'] = JSON_ESCAPE,
};
#undef OUT
#undef END

static inline gboolean
json_byte_is (char  c,
              guint what)
{
  return (json_byte_class[(guchar) c] & what) != 0;
}

static gboolean
is_json_outside_string (char c)
{
  return json_byte_is (c, JSON_OUTSIDE);
}

static gboolean
is_json_space (char c)
{
  return json_byte_is (c, JSON_SPACE);
}

/* What mnr_json_check_text() refuses at a byte. */
typedef enum
{
  REFUSED_NOT_JSON,
  REFUSED_TRAILING_TEXT,
} Refused;

static gboolean
refuse_at (GError  **error,
           Refused   why,
           gsize     offset)
{
  g_autofree char *where = NULL;

  if (error == NULL)
    return FALSE;
  where = g_strdup_printf ("%" G_GSIZE_FORMAT, offset + 1);
  if (why == REFUSED_TRAILING_TEXT)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                 _("there is more text after the JSON value (at byte %s)"), where);
  else
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                 _("the text is not JSON (at byte %s)"), where);
  return FALSE;
}

/**
 * mnr_json_check_text:
 * @text: JSON text from outside, not necessarily nul-terminated
 * @size: the length of @text in bytes
 * @max_depth: how many arrays and objects may be nested in one another
 *
 * A scan of the bytes, to run before json-glib's parser sees them, that
 * refuses what the parser would mishandle:
 *   - arrays and objects nested deeper than @max_depth: the parser
 *     recurses once per level, so a small text of many "[" could exhaust
 *     the stack;
 *   - anything but white space after one complete value ("x"{"a":1}, 1 2):
 *     json-glib 1.6 parses on, and loses (leaks) the value it had built;
 *   - outside strings, anything JSON does not allow there (a quote ', a
 *     comment, json-glib's "var x =" extension), so that no text the
 *     parser might read differently gets through.
 *   - inside strings, a raw control character or an escape JSON does not
 *     have ("\x", "\u12" with fewer than four hex digits): json-glib 1.6
 *     loses the string it was building on a broken \u escape.
 * Every text from outside (sync replies, request bodies, data files,
 * bundles) goes through here first.
 *
 * Returns: whether @text could be one JSON value (the parser still
 *   decides), else %FALSE with @error (#G_IO_ERROR_INVALID_DATA) saying
 *   which rule it breaks
 */
gboolean
mnr_json_check_text (const char  *text,
                     gsize        size,
                     guint        max_depth,
                     GError     **error)
{
  gboolean in_string = FALSE, in_scalar = FALSE, complete = FALSE;
  guint depth = 0;

  g_return_val_if_fail (text != NULL || size == 0, FALSE);

  for (gsize i = 0; i < size; i++)
    {
      char c = text[i];

      if (in_string)
        {
          /* JSON's own string rules: json-glib 1.6 leaks the string it
           * was reading on a broken \u escape, and lets a raw control
           * character through. */
          if ((guchar) c < 0x20)
            return refuse_at (error, REFUSED_NOT_JSON, i);
          if (c == '\\')
            {
              if (++i >= size || !json_byte_is (text[i], JSON_ESCAPE))
                return refuse_at (error, REFUSED_NOT_JSON, MIN (i, size - 1));
              if (text[i] == 'u')
                for (guint h = 0; h < 4; h++)
                  if (++i >= size || !g_ascii_isxdigit (text[i]))
                    return refuse_at (error, REFUSED_NOT_JSON, MIN (i, size - 1));
            }
          else if (c == '"')
            {
              in_string = FALSE;
              complete = depth == 0;
            }
          continue;
        }

      /* A number, true, false or null as the whole text ends at the
       * first character that cannot be part of it. */
      if (in_scalar && json_byte_is (c, JSON_ENDS_SCALAR))
        {
          in_scalar = FALSE;
          complete = TRUE;
        }

      if (complete)
        {
          if (is_json_space (c))
            continue;
          return refuse_at (error, REFUSED_TRAILING_TEXT, i);
        }

      if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > max_depth)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("arrays and objects are nested deeper than %u levels"), max_depth);
              return FALSE;
            }
        }
      else if (c == ']' || c == '}')
        {
          if (depth == 0)
            return refuse_at (error, REFUSED_NOT_JSON, i);
          complete = --depth == 0;
        }
      else if (!is_json_outside_string (c))
        return refuse_at (error, REFUSED_NOT_JSON, i);
      else if (depth == 0 && !is_json_space (c))
        in_scalar = TRUE;
    }

  return TRUE;
}

/**
 * mnr_json_check_nesting:
 *
 * mnr_json_check_text() without the reason.
 *
 * Returns: whether @text could be one JSON value with arrays and objects
 *   nested at most @max_depth deep
 */
gboolean
mnr_json_check_nesting (const char *text,
                        gsize       size,
                        guint       max_depth)
{
  return mnr_json_check_text (text, size, max_depth, NULL);
}
