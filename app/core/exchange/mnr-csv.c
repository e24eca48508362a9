/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-csv"

#include "config.h"

#include <glib/gi18n.h>
#include <gio/gio.h>
#include <string.h>

#include "mnr-csv.h"

/* CSV as RFC 4180 writes it, for spreadsheets: UTF-8 with a byte-order
 * mark (without it, Excel reads UTF-8 as the system's code page), CRLF
 * line endings, and fields quoted when they hold a comma, a quote, a
 * line break or a leading or trailing space, quotes doubled inside. The
 * reader takes what spreadsheets save: with or without the mark, CRLF or
 * LF, and a semicolon for separator (as Excel saves where the decimal
 * mark is a comma), decided from the first line. */

/**
 * mnr_csv_begin:
 *
 * Returns: (transfer full): an empty CSV text: the byte-order mark
 */
GString *
mnr_csv_begin (void)
{
  return g_string_new ("\xEF\xBB\xBF");
}

static gboolean
needs_quotes (const char *field)
{
  gsize length = strlen (field);

  return strpbrk (field, ",\"\r\n;") != NULL ||
         (length > 0 && (g_ascii_isspace (field[0]) || g_ascii_isspace (field[length - 1])));
}

/**
 * mnr_csv_add_row:
 * @fields: the row's fields, %NULL-terminated; a %NULL field is not
 *   possible, "" is an empty one
 *
 * Appends a row and its CRLF.
 */
void
mnr_csv_add_row (GString            *csv,
                 const char * const *fields)
{
  g_return_if_fail (csv != NULL && fields != NULL);

  for (guint i = 0; fields[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (csv, ',');
      if (!needs_quotes (fields[i]))
        {
          g_string_append (csv, fields[i]);
          continue;
        }
      g_string_append_c (csv, '"');
      for (const char *p = fields[i]; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (csv, '"');
          g_string_append_c (csv, *p);
        }
      g_string_append_c (csv, '"');
    }
  g_string_append (csv, "\r\n");
}

/* The separator of the first line: ';' when it has more of them than
 * commas outside quotes, else ','. */
static char
guess_separator (const char *p,
                 const char *end)
{
  guint commas = 0, semicolons = 0;
  gboolean quoted = FALSE;

  for (; p < end && (quoted || (*p != '\n' && *p != '\r')); p++)
    {
      if (*p == '"')
        quoted = !quoted;
      else if (!quoted && *p == ',')
        commas++;
      else if (!quoted && *p == ';')
        semicolons++;
    }
  return semicolons > commas ? ';' : ',';
}

static void
finish_row (GPtrArray *rows,
            GPtrArray *row)
{
  g_ptr_array_add (row, NULL);
  g_ptr_array_add (rows, g_ptr_array_free (row, FALSE));
}

/**
 * mnr_csv_parse:
 *
 * Reads @data. Blank lines are left out; the rows keep the number of
 * fields they have.
 *
 * Returns: (transfer full) (element-type GStrv): the rows, or %NULL with
 *   an error naming the line when @data is not CSV (not UTF-8, a quote
 *   not closed, text after a closing quote, too large)
 */
GPtrArray *
mnr_csv_parse (const char  *data,
               gsize        length,
               GError     **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GPtrArray) row = NULL;
  g_autoptr(GString) field = g_string_new (NULL);
  const char *p = data, *end = data + length, *invalid = NULL;
  guint line = 1;
  char separator;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (length > MNR_CSV_MAX_BYTES)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The file is larger than %d MB: it is not a country’s ratings."), MNR_CSV_MAX_BYTES / (1024 * 1024));
      return NULL;
    }
  if (!g_utf8_validate_len (data, length, &invalid))
    {
      guint bad_line = 1;

      for (const char *q = data; q < invalid; q++)
        bad_line += *q == '\n';
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("Line %u is not UTF-8 text (or holds a NUL byte): save the spreadsheet as “CSV UTF-8”."),
                   bad_line);
      return NULL;
    }

  if (length >= 3 && memcmp (p, "\xEF\xBB\xBF", 3) == 0)
    p += 3;
  separator = guess_separator (p, end);

  while (p < end)
    {
      gboolean quoted = FALSE;

      if (row == NULL)
        {
          /* A blank line is no row. */
          if (*p == '\n' || *p == '\r')
            {
              line += *p == '\n';
              p++;
              continue;
            }
          row = g_ptr_array_new ();
        }

      g_string_truncate (field, 0);
      if (*p == '"')
        {
          guint start = line;

          quoted = TRUE;
          for (p++; ; p++)
            {
              if (p >= end)
                {
                  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("Line %u: a quoted field is never closed."), start);
                  g_ptr_array_free (g_steal_pointer (&row), TRUE);
                  return NULL;
                }
              if (*p == '"' && p + 1 < end && p[1] == '"')
                {
                  g_string_append_c (field, '"');
                  p++;
                }
              else if (*p == '"')
                {
                  p++;
                  break;
                }
              else
                {
                  line += *p == '\n';
                  g_string_append_c (field, *p);
                }
            }
        }

      /* The rest of an unquoted field, or what may follow a quoted one. */
      for (; p < end && *p != separator && *p != '\n' && *p != '\r'; p++)
        {
          if (quoted)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("Line %u: text after a closing quote; a quote inside a field is written twice."),
                           line);
              g_ptr_array_free (g_steal_pointer (&row), TRUE);
              return NULL;
            }
          g_string_append_c (field, *p);
        }
      g_ptr_array_add (row, g_strdup (field->str));

      if (p < end && *p == separator)
        {
          p++;
          if (p == end)
            g_ptr_array_add (row, g_strdup (""));
          continue;
        }

      /* The end of the row: CRLF, LF or CR. */
      if (p < end && *p == '\r')
        p++;
      if (p < end && *p == '\n')
        p++;
      line++;
      finish_row (rows, g_steal_pointer (&row));
      if (rows->len > MNR_CSV_MAX_ROWS)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("The file has more than %d rows."), MNR_CSV_MAX_ROWS);
          return NULL;
        }
    }

  if (row != NULL)
    finish_row (rows, g_steal_pointer (&row));
  return g_steal_pointer (&rows);
}
