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
 * LF, and a semicolon (as Excel saves where the decimal mark is a comma)
 * or a tab for separator, decided from the first records. */

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

/* The separator: of comma, semicolon and tab, the one the first records
 * (outside quotes) hold the same number of times most often, so that a
 * title row above the header or commas in a rationale do not mislead;
 * on a tie, the one with more fields, then the comma. */
#define GUESS_RECORDS 20

static char
guess_separator (const char *p,
                 const char *end)
{
  static const char candidates[] = { ',', ';', '\t' };
  guint counts[G_N_ELEMENTS (candidates)][GUESS_RECORDS] = { { 0 } };
  guint n_records = 0, best_often = 0, best_fields = 0;
  gboolean quoted = FALSE;
  char best = ',';

  for (; p < end && n_records < GUESS_RECORDS; p++)
    {
      if (*p == '"')
        quoted = !quoted;
      else if (!quoted && *p == '\n')
        n_records++;
      else if (!quoted)
        for (guint c = 0; c < G_N_ELEMENTS (candidates); c++)
          counts[c][n_records] += *p == candidates[c];
    }
  n_records = MIN (n_records + 1, GUESS_RECORDS);

  for (guint c = 0; c < G_N_ELEMENTS (candidates); c++)
    for (guint i = 0; i < n_records; i++)
      {
        guint often = 0;

        if (counts[c][i] == 0)
          continue;
        for (guint j = 0; j < n_records; j++)
          often += counts[c][j] == counts[c][i];
        if (often > best_often || (often == best_often && counts[c][i] > best_fields))
          {
            best_often = often;
            best_fields = counts[c][i];
            best = candidates[c];
          }
      }
  return best;
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
  return mnr_csv_parse_full (data, length, NULL, NULL, error);
}

/**
 * mnr_csv_parse_full:
 * @separator: (out) (optional): the separator it read the rows with
 * @lines: (out) (optional) (element-type guint): the line each row starts on
 *
 * Reads @data as mnr_csv_parse() does, and says how.
 */
GPtrArray *
mnr_csv_parse_full (const char  *data,
                    gsize        length,
                    char        *separator_out,
                    GArray     **lines,
                    GError     **error)
{
  g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (guint));
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
          row = g_ptr_array_new_with_free_func (g_free);
          g_array_append_val (starts, line);
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
  if (separator_out != NULL)
    *separator_out = separator;
  if (lines != NULL)
    *lines = g_steal_pointer (&starts);
  return g_steal_pointer (&rows);
}
