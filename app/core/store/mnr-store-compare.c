/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-store"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mnr-store-compare.h"
#include "mnr-store-private.h"

/* MnrStore: the Compare view's matrix, read in one pass of one query.
 * Every round of the countries asked for comes with its ratings, newest
 * round first; the round shown and the one compared with are picked on
 * the way, and each rating lands in its byte of the matrix. */

/* The countries as a JSON array for json_each(): ISO codes are letters,
 * anything else is left out. */
static char *
countries_json (const char * const *countries)
{
  GString *json = g_string_new ("[");

  for (guint i = 0; countries[i] != NULL; i++)
    {
      gboolean plain = countries[i][0] != '\0';

      for (const char *p = countries[i]; *p != '\0'; p++)
        plain = plain && g_ascii_isalnum (*p);
      if (!plain)
        continue;
      g_string_append_printf (json, "%s\"%s\"", json->len > 1 ? "," : "", countries[i]);
    }

  g_string_append_c (json, ']');
  return g_string_free (json, FALSE);
}

#define COUNTRY_FILTER "(?1 IS NULL OR r.country IN (SELECT value FROM json_each (?1)))"

typedef struct
{
  gboolean shown;    /* the row's round is chosen */
  gboolean earlier;  /* the round compared with is chosen */
} Picked;

/**
 * mnr_store_load_compare:
 * @framework: the scale and the columns
 * @query: the rows, the date and what to compare with
 *
 * Returns: (transfer full) (nullable): the matrix, its rows in the order
 *   of @query's countries (or of their codes); name them with
 *   mnr_compare_matrix_set_names()
 */
MnrCompareMatrix *
mnr_store_load_compare (MnrStore               *self,
                        MnrFramework           *framework,
                        const MnrCompareQuery  *query,
                        GError                **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(MnrCompareMatrix) matrix = NULL;
  g_autoptr(GHashTable) rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GArray) picked = g_array_new (FALSE, TRUE, sizeof (Picked));
  g_autofree char *json = NULL;
  gint64 last_round = -1;
  int row = -1;
  int rc;
  /* The roles of the round being read: shown, earlier. */
  gboolean as_shown = FALSE, as_earlier = FALSE;

  g_return_val_if_fail (MNR_IS_STORE (self), NULL);
  g_return_val_if_fail (MNR_IS_FRAMEWORK (framework), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  if (!mnr_store_ensure_open (self, error) ||
      !(stmt = mnr_store_prepare (self->db,
                                  "SELECT r.country, r.id, r.name, r.date, t.element, t.level, r.rowid"
                                  " FROM rounds r LEFT JOIN ratings t ON t.round = r.id AND t.deleted_at IS NULL"
                                  " WHERE r.deleted_at IS NULL AND " COUNTRY_FILTER
                                  " ORDER BY r.country, r.date DESC, r.created_at DESC, r.id",
                                  _("reading the comparison"), error)))
    return NULL;

  matrix = mnr_compare_matrix_new (framework, query->against);

  if (query->countries != NULL)
    {
      json = countries_json (query->countries);
      sqlite3_bind_text (stmt, 1, json, -1, SQLITE_STATIC);
      for (guint i = 0; query->countries[i] != NULL; i++)
        if (!g_hash_table_contains (rows, query->countries[i]))
          {
            g_hash_table_insert (rows, g_strdup (query->countries[i]),
                                 GUINT_TO_POINTER (mnr_compare_matrix_add_row (matrix, query->countries[i]) + 1));
            g_array_set_size (picked, picked->len + 1);
          }
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *country = (const char *)sqlite3_column_text (stmt, 0);
      const char *round_id = (const char *)sqlite3_column_text (stmt, 1);
      const char *element = (const char *)sqlite3_column_text (stmt, 4);
      Picked *p;

      /* A new country, or a new round of it: what is this round for? */
      if (sqlite3_column_int64 (stmt, 6) != last_round)
        {
          const char *date = (const char *)sqlite3_column_text (stmt, 3);
          const char *name = (const char *)sqlite3_column_text (stmt, 2);

          last_round = sqlite3_column_int64 (stmt, 6);

          row = GPOINTER_TO_INT (g_hash_table_lookup (rows, country)) - 1;
          if (row < 0)
            {
              row = (int)mnr_compare_matrix_add_row (matrix, country);
              g_hash_table_insert (rows, g_strdup (country), GINT_TO_POINTER (row + 1));
              g_array_set_size (picked, picked->len + 1);
            }

          p = &g_array_index (picked, Picked, row);
          as_shown = !p->shown && (query->as_of == NULL || g_strcmp0 (date, query->as_of) <= 0);
          switch (query->against)
            {
            case MNR_COMPARE_AGAINST_PREVIOUS:
              as_earlier = !p->earlier && p->shown;
              break;
            case MNR_COMPARE_AGAINST_DATE:
              as_earlier = !p->earlier && query->against_date != NULL && g_strcmp0 (date, query->against_date) <= 0;
              break;
            case MNR_COMPARE_AGAINST_NOTHING:
            default:
              as_earlier = FALSE;
              break;
            }

          if (as_shown)
            mnr_compare_matrix_set_round (matrix, row, FALSE, round_id, name, date);
          if (as_earlier)
            mnr_compare_matrix_set_round (matrix, row, TRUE, round_id, name, date);
          p->shown = p->shown || as_shown;
          p->earlier = p->earlier || as_earlier;
        }

      if (element != NULL && (as_shown || as_earlier))
        {
          int column = mnr_compare_matrix_column_for (matrix, element);
          guint level;

          if (column < 0)
            continue;
          level = mnr_compare_matrix_level_for (matrix, (const char *)sqlite3_column_text (stmt, 5));
          if (as_shown)
            mnr_compare_matrix_set_level (matrix, row, FALSE, column, level);
          if (as_earlier)
            mnr_compare_matrix_set_level (matrix, row, TRUE, column, level);
        }
    }

  if (rc != SQLITE_DONE)
    {
      mnr_store_sqlite_error (error, self->db, rc, _("reading the comparison"));
      return NULL;
    }

  return g_steal_pointer (&matrix);
}

/**
 * mnr_store_list_round_dates:
 * @countries: (nullable): %NULL for every country
 *
 * Returns: (transfer full): the dates of the countries' rounds, newest
 *   first, each once
 */
GStrv
mnr_store_list_round_dates (MnrStore            *self,
                            const char * const  *countries,
                            GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *json = NULL;
  int rc;

  g_return_val_if_fail (MNR_IS_STORE (self), NULL);

  if (!mnr_store_ensure_open (self, error) ||
      !(stmt = mnr_store_prepare (self->db,
                                  "SELECT DISTINCT r.date FROM rounds r WHERE r.deleted_at IS NULL AND "
                                  COUNTRY_FILTER " ORDER BY r.date DESC",
                                  _("reading the comparison"), error)))
    return NULL;

  if (countries != NULL)
    {
      json = countries_json (countries);
      sqlite3_bind_text (stmt, 1, json, -1, SQLITE_STATIC);
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (builder, (const char *)sqlite3_column_text (stmt, 0));

  if (rc != SQLITE_DONE)
    {
      mnr_store_sqlite_error (error, self->db, rc, _("reading the comparison"));
      return NULL;
    }

  return g_strv_builder_end (builder);
}
