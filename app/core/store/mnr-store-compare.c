/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-store"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mnr-store-compare.h"
#include "mnr-store-private.h"

/* MnrStore: the Compare view's matrix, read in two queries. The first
 * lists the rounds of the countries asked for, newest first, and picks on
 * the way the round shown and the one compared with; the second reads the
 * ratings of those rounds only (through ratings_round), each landing in
 * its byte of the matrix. One query joining every round to its ratings
 * sorted some 16,000 rows for the world-size store, most of them of
 * rounds never shown: 17 ms for every country, against 6.5 ms for these
 * two (bench/mnr-bench-compare, a loaded 2-core machine). */

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

/* A round chosen, for its ratings: its row, and as what. */
typedef struct
{
  int      row;
  gboolean shown;
  gboolean earlier;
} Chosen;

/* Picks each row's rounds, newest first: the round shown (the newest,
 * or the newest by @query's date) and the one compared with. Fills
 * @chosen (round id → Chosen) and @ids (a JSON array of them). */
static gboolean
pick_rounds (MnrStore              *self,
             MnrCompareMatrix      *matrix,
             const MnrCompareQuery *query,
             const char            *countries,
             GHashTable            *rows,
             GArray                *picked,
             GHashTable            *chosen,
             GString               *ids,
             GError               **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!(stmt = mnr_store_prepare (self->db,
                                  "SELECT r.country, r.id, r.name, r.date FROM rounds r"
                                  " WHERE r.deleted_at IS NULL AND " COUNTRY_FILTER
                                  " ORDER BY r.country, r.date DESC, r.created_at DESC, r.id",
                                  _("reading the comparison"), error)))
    return FALSE;
  if (countries != NULL)
    sqlite3_bind_text (stmt, 1, countries, -1, SQLITE_STATIC);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *country = (const char *)sqlite3_column_text (stmt, 0);
      const char *round_id = (const char *)sqlite3_column_text (stmt, 1);
      const char *name = (const char *)sqlite3_column_text (stmt, 2);
      const char *date = (const char *)sqlite3_column_text (stmt, 3);
      int row = GPOINTER_TO_INT (g_hash_table_lookup (rows, country)) - 1;
      gboolean as_shown, as_earlier;
      Picked *p;

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

      if (as_shown || as_earlier)
        {
          Chosen *c = g_new (Chosen, 1);

          *c = (Chosen) { row, as_shown, as_earlier };
          g_hash_table_insert (chosen, g_strdup (round_id), c);
          /* Round ids are the store's own (UUIDs): no quoting needed, but
           * escape anyway rather than trust that. */
          g_string_append (ids, ids->len > 1 ? ",\"" : "\"");
          for (const char *q = round_id; *q != '\0'; q++)
            if (*q == '"' || *q == '\\')
              g_string_append_printf (ids, "\\u%04x", *q);
            else
              g_string_append_c (ids, *q);
          g_string_append_c (ids, '"');
        }
    }

  if (rc != SQLITE_DONE)
    {
      mnr_store_sqlite_error (error, self->db, rc, _("reading the comparison"));
      return FALSE;
    }
  return TRUE;
}

/* Reads the ratings of the rounds chosen into their rows. */
static gboolean
read_ratings (MnrStore         *self,
              MnrCompareMatrix *matrix,
              GHashTable       *chosen,
              const char       *ids,
              GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!(stmt = mnr_store_prepare (self->db,
                                  "SELECT t.round, t.element, t.level FROM ratings t"
                                  " WHERE t.round IN (SELECT value FROM json_each (?1)) AND t.deleted_at IS NULL",
                                  _("reading the comparison"), error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, ids, -1, SQLITE_STATIC);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const Chosen *c = g_hash_table_lookup (chosen, (const char *)sqlite3_column_text (stmt, 0));
      int column = mnr_compare_matrix_column_for (matrix, (const char *)sqlite3_column_text (stmt, 1));
      guint level;

      if (c == NULL || column < 0)
        continue;
      level = mnr_compare_matrix_level_for (matrix, (const char *)sqlite3_column_text (stmt, 2));
      if (c->shown)
        mnr_compare_matrix_set_level (matrix, c->row, FALSE, column, level);
      if (c->earlier)
        mnr_compare_matrix_set_level (matrix, c->row, TRUE, column, level);
    }

  if (rc != SQLITE_DONE)
    {
      mnr_store_sqlite_error (error, self->db, rc, _("reading the comparison"));
      return FALSE;
    }
  return TRUE;
}

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
  g_autoptr(MnrCompareMatrix) matrix = NULL;
  g_autoptr(GHashTable) rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) chosen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GArray) picked = g_array_new (FALSE, TRUE, sizeof (Picked));
  g_autoptr(GString) ids = g_string_new ("[");
  g_autofree char *json = NULL;

  g_return_val_if_fail (MNR_IS_STORE (self), NULL);
  g_return_val_if_fail (MNR_IS_FRAMEWORK (framework), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  if (!mnr_store_ensure_open (self, error))
    return NULL;

  matrix = mnr_compare_matrix_new (framework, query->against);

  if (query->countries != NULL)
    {
      json = countries_json (query->countries);
      for (guint i = 0; query->countries[i] != NULL; i++)
        if (!g_hash_table_contains (rows, query->countries[i]))
          {
            g_hash_table_insert (rows, g_strdup (query->countries[i]),
                                 GUINT_TO_POINTER (mnr_compare_matrix_add_row (matrix, query->countries[i]) + 1));
            g_array_set_size (picked, picked->len + 1);
          }
    }

  if (!pick_rounds (self, matrix, query, json, rows, picked, chosen, ids, error))
    return NULL;
  g_string_append_c (ids, ']');
  if (g_hash_table_size (chosen) > 0 && !read_ratings (self, matrix, chosen, ids->str, error))
    return NULL;

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
