/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-store"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mnr-country.h"
#include "mnr-evidence-private.h"
#include "mnr-ids.h"
#include "mnr-record-type.h"
#include "mnr-store-private.h"
#include "mnr-store-schema.h"

/* MnrStore: assessment rounds, ratings and their history. */

/* --- rounds -------------------------------------------------------------- */

static MnrRound *
round_from_row (sqlite3_stmt *stmt)
{
  MnrRound *round = g_new0 (MnrRound, 1);

  round->id = mnr_store_column_dup (stmt, 0);
  round->country = mnr_store_column_dup (stmt, 1);
  round->name = mnr_store_column_dup (stmt, 2);
  round->date = mnr_store_column_dup (stmt, 3);
  round->created_at = sqlite3_column_int64 (stmt, 4);
  return round;
}

#define ROUND_COLUMNS "id, country, name, date, created_at"

static MnrRound *
find_round (MnrStore    *self,
            const char  *round_id,
            GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = mnr_store_prepare (self->db, "SELECT " ROUND_COLUMNS " FROM rounds WHERE id = ?1 AND deleted_at IS NULL",
                            _("reading the round"), error);
  if (stmt == NULL)
    return NULL;

  mnr_store_bind_text (stmt, 1, round_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return round_from_row (stmt);

  if (rc == SQLITE_DONE)
    g_set_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_NOT_FOUND,
                 _("There is no assessment round “%s”."), round_id);
  else
    mnr_store_sqlite_error (error, self->db, rc, _("reading the round"));

  return NULL;
}

/**
 * mnr_store_rating_id:
 *
 * Returns: (transfer full): the rating's id, the same on every machine for
 *   the same country, round and element, so two people rating the same
 *   capability update one record
 */
char *
mnr_store_rating_id (const char *country,
                     const char *round_id,
                     const char *element_id)
{
  const char *parts[] = { country, round_id, element_id, NULL };

  return mnr_store_name_uuid ("mnr-rating", parts);
}

/**
 * mnr_store_name_uuid:
 * @tag: what kind of name it is, as "mnr-rating"
 * @parts: the name
 *
 * The SHA-256 of @tag and @parts, one per line, shaped as a name-based
 * UUID (version 5 layout, variant 1): the same name gives the same id on
 * every machine.
 *
 * Returns: (transfer full): the id
 */
char *
mnr_store_name_uuid (const char         *tag,
                     const char * const *parts)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 d[32];
  gsize length = sizeof d;

  g_checksum_update (checksum, (const guchar *)tag, -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_checksum_update (checksum, (const guchar *)"\n", 1);
      g_checksum_update (checksum, (const guchar *)parts[i], -1);
    }
  g_checksum_get_digest (checksum, d, &length);

  d[6] = (d[6] & 0x0f) | 0x50;
  d[8] = (d[8] & 0x3f) | 0x80;

  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                          d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7],
                          d[8], d[9], d[10], d[11], d[12], d[13], d[14], d[15]);
}

static MnrRound *create_round (MnrStore    *self,
                               char        *id,
                               const char  *country,
                               const char  *name,
                               const char  *date,
                               gboolean     copy_latest,
                               GError     **error);

/**
 * mnr_store_create_round:
 * @date: "YYYY-MM-DD"
 *
 * Starts a new assessment round for @country (adding the country if
 * needed) as a copy of its latest round's ratings.
 *
 * Returns: (transfer full) (nullable): the new round
 */
MnrRound *
mnr_store_create_round (MnrStore    *self,
                        const char  *country,
                        const char  *name,
                        const char  *date,
                        GError     **error)
{
  return create_round (self, g_uuid_string_random (), country, name, date, TRUE, error);
}

/**
 * mnr_store_create_round_with_id:
 * @id: (nullable): the round's UUID, as a file being imported gives it,
 *   or %NULL for a new one
 *
 * Starts a round that holds nothing yet (no copy of an earlier round's
 * ratings): for an import, which brings every rating the round has.
 *
 * Returns: (transfer full) (nullable): the new round
 */
MnrRound *
mnr_store_create_round_with_id (MnrStore    *self,
                                const char  *id,
                                const char  *country,
                                const char  *name,
                                const char  *date,
                                GError     **error)
{
  if (id != NULL && !mnr_id_is_uuid (id))
    {
      mnr_store_invalid (error, _("“%s” is not a round’s id (a lower-case UUID)."), id);
      return NULL;
    }
  return create_round (self, id != NULL ? g_strdup (id) : g_uuid_string_random (), country, name, date, FALSE,
                       error);
}

/**
 * mnr_store_create_first_round:
 * @year: the year, as 2026
 * @name: its name, as "Assessment 2026"
 *
 * The round a country gets when it is first opened and has none, dated
 * 1 January of @year. Its id is name-based on the country and the year,
 * so that two people who open the same country offline make the same
 * round, and their ratings of one capability meet as one record
 * (docs/sync-protocol.md, section 4.5). If that round is here already
 * (removed, say), a round with a random id is made instead.
 *
 * Returns: (transfer full) (nullable): the new round
 */
MnrRound *
mnr_store_create_first_round (MnrStore    *self,
                              const char  *country,
                              int          year,
                              const char  *name,
                              GError     **error)
{
  g_autofree char *year_text = g_strdup_printf ("%04d", year);
  g_autofree char *date = g_strdup_printf ("%04d-01-01", year);
  char *id = mnr_store_name_uuid ("mnr-first-round",
                                  (const char * const[]) { country != NULL ? country : "", year_text, NULL });
  g_autoptr(sqlite3_stmt) find = NULL;

  g_return_val_if_fail (MNR_IS_STORE (self), NULL);

  if (!mnr_store_ensure_open (self, error) ||
      !(find = mnr_store_prepare (self->db, "SELECT 1 FROM rounds WHERE id = ?1", _("creating the round"), error)))
    {
      g_free (id);
      return NULL;
    }

  mnr_store_bind_text (find, 1, id);
  if (sqlite3_step (find) != SQLITE_DONE)
    {
      g_free (id);
      id = g_uuid_string_random ();
    }

  return create_round (self, id, country, name, date, TRUE, error);
}

/* Takes @id_in. With @copy, the round starts with the country's latest
 * round's ratings. */
static MnrRound *
create_round (MnrStore    *self,
              char        *id_in,
              const char  *country,
              const char  *name,
              const char  *date,
              gboolean     copy_latest,
              GError     **error)
{
  g_autoptr(sqlite3_stmt) latest = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(sqlite3_stmt) ratings = NULL;
  g_autoptr(sqlite3_stmt) copy = NULL;
  g_autofree char *id = id_in;
  g_autofree char *previous = NULL;
  g_autofree char *clean_name = NULL;
  gint64 now = g_get_real_time ();
  int rc;

  g_return_val_if_fail (MNR_IS_STORE (self), NULL);

  if (!mnr_store_ensure_open (self, error))
    return NULL;

  if (!mnr_id_is_country_code (country))
    {
      mnr_store_invalid (error, _("“%s” is not a country code (two capital letters, as “PH”)."),
                         country != NULL ? country : "");
      return NULL;
    }

  clean_name = g_strstrip (g_strdup (name != NULL ? name : ""));
  if (clean_name[0] == '\0' || !mnr_store_is_text_of_at_most (clean_name, 200))
    {
      mnr_store_invalid (error, _("A round needs a name of at most 200 characters, as “Review 2018”."));
      return NULL;
    }

  if (!mnr_id_is_date (date, FALSE))
    {
      mnr_store_invalid (error, _("“%s” is not a date of the form 2018-06-30."), date != NULL ? date : "");
      return NULL;
    }

  if (!mnr_store_begin (self, _("creating the round"), error))
    return NULL;

  if (!mnr_store_insert_country (self, country, error))
    goto fail;

  latest = mnr_store_prepare (self->db,
                              "SELECT id FROM rounds WHERE country = ?1 AND deleted_at IS NULL"
                              " ORDER BY date DESC, created_at DESC LIMIT 1",
                              _("creating the round"), error);
  if (latest == NULL)
    goto fail;
  mnr_store_bind_text (latest, 1, country);
  rc = sqlite3_step (latest);
  if (rc == SQLITE_ROW)
    previous = mnr_store_column_dup (latest, 0);
  else if (rc != SQLITE_DONE)
    {
      mnr_store_sqlite_error (error, self->db, rc, _("creating the round"));
      goto fail;
    }

  insert = mnr_store_prepare (self->db,
                              "INSERT INTO rounds (id, country, name, date, created_at, created_by, updated_at, updated_by)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?5, ?6)",
                              _("creating the round"), error);
  if (insert == NULL)
    goto fail;
  mnr_store_bind_text (insert, 1, id);
  mnr_store_bind_text (insert, 2, country);
  mnr_store_bind_text (insert, 3, clean_name);
  mnr_store_bind_text (insert, 4, date);
  sqlite3_bind_int64 (insert, 5, now);
  mnr_store_bind_text (insert, 6, self->author);
  if (!mnr_store_step_done (insert, self->db, _("creating the round"), error))
    goto fail;

  if (previous != NULL && copy_latest)
    {
      ratings = mnr_store_prepare (self->db, "SELECT element, level, rationale FROM ratings"
                                   " WHERE round = ?1 AND deleted_at IS NULL",
                                   _("copying the ratings"), error);
      copy = mnr_store_prepare (self->db,
                                "INSERT INTO ratings (id, round, element, level, rationale,"
                                " created_at, created_by, updated_at, updated_by)"
                                " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?6, ?7)",
                                _("copying the ratings"), error);
      if (ratings == NULL || copy == NULL)
        goto fail;

      mnr_store_bind_text (ratings, 1, previous);
      while ((rc = sqlite3_step (ratings)) == SQLITE_ROW)
        {
          g_autofree char *element = mnr_store_column_dup (ratings, 0);
          g_autofree char *rating_id = mnr_store_rating_id (country, id, element);

          sqlite3_reset (copy);
          mnr_store_bind_text (copy, 1, rating_id);
          mnr_store_bind_text (copy, 2, id);
          mnr_store_bind_text (copy, 3, element);
          sqlite3_bind_text (copy, 4, (const char *)sqlite3_column_text (ratings, 1), -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (copy, 5, (const char *)sqlite3_column_text (ratings, 2), -1, SQLITE_TRANSIENT);
          sqlite3_bind_int64 (copy, 6, now);
          mnr_store_bind_text (copy, 7, self->author);
          if (!mnr_store_step_done (copy, self->db, _("copying the ratings"), error))
            goto fail;
          mnr_store_note_change (self, "rating", rating_id, FALSE);
        }
      if (rc != SQLITE_DONE)
        {
          mnr_store_sqlite_error (error, self->db, rc, _("copying the ratings"));
          goto fail;
        }
    }

  mnr_store_note_change (self, "round", id, FALSE);
  if (!mnr_store_commit (self, _("creating the round"), error))
    return NULL;

  {
    MnrRound *round = g_new0 (MnrRound, 1);

    round->id = g_steal_pointer (&id);
    round->country = g_strdup (country);
    round->name = g_steal_pointer (&clean_name);
    round->date = g_strdup (date);
    round->created_at = now;
    return round;
  }

fail:
  mnr_store_rollback (self);
  return NULL;
}

/**
 * mnr_store_round_exists:
 *
 * Returns: whether the store has a round @id, of any country, removed or not
 */
gboolean
mnr_store_round_exists (MnrStore   *self,
                        const char *id)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (MNR_IS_STORE (self), FALSE);

  if (!mnr_store_ensure_open (self, NULL) ||
      !(stmt = mnr_store_prepare (self->db, "SELECT 1 FROM rounds WHERE id = ?1", _("reading the rounds"), NULL)))
    return FALSE;
  mnr_store_bind_text (stmt, 1, id);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

/**
 * mnr_store_list_rounds:
 *
 * Returns: (transfer container) (element-type MnrRound): the country's
 *   rounds, latest first
 */
GPtrArray *
mnr_store_list_rounds (MnrStore    *self,
                       const char  *country,
                       GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) rounds = g_ptr_array_new_with_free_func ((GDestroyNotify)mnr_round_free);
  int rc;

  g_return_val_if_fail (MNR_IS_STORE (self), NULL);

  if (!mnr_store_ensure_open (self, error) ||
      !(stmt = mnr_store_prepare (self->db,
                                  "SELECT " ROUND_COLUMNS " FROM rounds WHERE country = ?1 AND deleted_at IS NULL"
                                  " ORDER BY date DESC, created_at DESC",
                                  _("listing the rounds"), error)))
    return NULL;

  mnr_store_bind_text (stmt, 1, country);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rounds, round_from_row (stmt));

  if (rc != SQLITE_DONE)
    {
      mnr_store_sqlite_error (error, self->db, rc, _("listing the rounds"));
      return NULL;
    }

  return g_steal_pointer (&rounds);
}

/**
 * mnr_store_rename_round:
 *
 * Gives a round another name (at most 200 characters, not blank).
 */
gboolean
mnr_store_rename_round (MnrStore    *self,
                        const char  *round_id,
                        const char  *name,
                        GError     **error)
{
  const char *what = _("renaming the round");
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *clean_name = NULL;
  g_autoptr(MnrRound) round = NULL;

  g_return_val_if_fail (MNR_IS_STORE (self), FALSE);

  if (!mnr_store_ensure_open (self, error))
    return FALSE;

  clean_name = g_strstrip (g_strdup (name != NULL ? name : ""));
  if (clean_name[0] == '\0' || !mnr_store_is_text_of_at_most (clean_name, 200))
    return mnr_store_invalid (error, _("A round needs a name of at most 200 characters, as “Review 2018”."));

  if (!(round = find_round (self, round_id, error)))
    return FALSE;
  if (g_str_equal (round->name, clean_name))
    return TRUE;

  if (!mnr_store_begin (self, what, error))
    return FALSE;

  if (!mnr_store_remember_base (self, "round", round_id, error) ||
      !(stmt = mnr_store_prepare (self->db,
                                  "UPDATE rounds SET name = ?2, updated_at = ?3, updated_by = ?4,"
                                  " local_rev = local_rev + 1 WHERE id = ?1",
                                  what, error)))
    goto fail;

  mnr_store_bind_text (stmt, 1, round_id);
  mnr_store_bind_text (stmt, 2, clean_name);
  sqlite3_bind_int64 (stmt, 3, g_get_real_time ());
  mnr_store_bind_text (stmt, 4, self->author);
  if (!mnr_store_step_done (stmt, self->db, what, error))
    goto fail;

  mnr_store_note_change (self, "round", round_id, FALSE);
  return mnr_store_commit (self, what, error);

fail:
  mnr_store_rollback (self);
  return FALSE;
}

/**
 * mnr_store_list_round_shares:
 *
 * Returns: (transfer full): the ids of the groups @round_id is shared
 *   with, sorted (a bundled group's slug or a group record's id), or
 *   %NULL with @error set
 */
GStrv
mnr_store_list_round_shares (MnrStore    *self,
                             const char  *round_id,
                             GError     **error)
{
  const char *what = _("reading the round");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(MnrRound) round = NULL;
  int rc;

  g_return_val_if_fail (MNR_IS_STORE (self), NULL);

  if (!mnr_store_ensure_open (self, error) || !(round = find_round (self, round_id, error)))
    return NULL;

  stmt = mnr_store_prepare (self->db, "SELECT grp FROM round_shares WHERE round = ?1 ORDER BY grp",
                            what, error);
  if (stmt == NULL)
    return NULL;
  mnr_store_bind_text (stmt, 1, round_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (builder, mnr_store_column_text (stmt, 0));
  if (rc != SQLITE_DONE)
    {
      mnr_store_sqlite_error (error, self->db, rc, what);
      return NULL;
    }

  return g_strv_builder_end (builder);
}

/**
 * mnr_store_set_round_shares:
 * @groups: the ids of the groups to share the round with; empty to share
 *   it with none
 *
 * Shares @round_id (and its ratings) with @groups, in place of the groups
 * it was shared with: the consent of its country that a group's readers
 * on the server see it (docs/sync-protocol.md, section 3.5). A local
 * change, synced like any other.
 */
gboolean
mnr_store_set_round_shares (MnrStore            *self,
                            const char          *round_id,
                            const char * const  *groups,
                            GError             **error)
{
  const char *what = _("sharing the round");
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
  g_auto(GStrv) current = NULL;
  g_autoptr(sqlite3_stmt) clear = NULL;
  g_autoptr(sqlite3_stmt) add = NULL;
  g_autoptr(sqlite3_stmt) touch = NULL;
  gboolean same;

  g_return_val_if_fail (MNR_IS_STORE (self), FALSE);
  g_return_val_if_fail (groups != NULL, FALSE);

  for (guint i = 0; groups[i] != NULL; i++)
    {
      if (!mnr_record_type_is_group_id (groups[i]))
        return mnr_store_invalid (error, _("“%s” is not a group."), groups[i]);
      if (!g_ptr_array_find_with_equal_func (sorted, groups[i], g_str_equal, NULL))
        g_ptr_array_add (sorted, (gpointer) groups[i]);
    }
  g_ptr_array_sort (sorted, mnr_store_compare_strings);
  g_ptr_array_add (sorted, NULL);

  if (!(current = mnr_store_list_round_shares (self, round_id, error)))
    return FALSE;
  same = g_strv_equal ((const char * const *) current, (const char * const *) sorted->pdata);
  if (same)
    return TRUE;

  if (!mnr_store_begin (self, what, error))
    return FALSE;

  if (!mnr_store_remember_base (self, "round", round_id, error) ||
      !(clear = mnr_store_prepare (self->db, "DELETE FROM round_shares WHERE round = ?1", what, error)) ||
      !(add = mnr_store_prepare (self->db, "INSERT INTO round_shares (round, grp) VALUES (?1, ?2)", what, error)) ||
      !(touch = mnr_store_prepare (self->db,
                                   "UPDATE rounds SET updated_at = ?2, updated_by = ?3,"
                                   " local_rev = local_rev + 1 WHERE id = ?1",
                                   what, error)))
    goto fail;

  mnr_store_bind_text (clear, 1, round_id);
  if (!mnr_store_step_done (clear, self->db, what, error))
    goto fail;
  for (guint i = 0; sorted->pdata[i] != NULL; i++)
    {
      sqlite3_reset (add);
      mnr_store_bind_text (add, 1, round_id);
      mnr_store_bind_text (add, 2, sorted->pdata[i]);
      if (!mnr_store_step_done (add, self->db, what, error))
        goto fail;
    }

  mnr_store_bind_text (touch, 1, round_id);
  sqlite3_bind_int64 (touch, 2, g_get_real_time ());
  mnr_store_bind_text (touch, 3, self->author);
  if (!mnr_store_step_done (touch, self->db, what, error))
    goto fail;

  mnr_store_note_change (self, "round", round_id, FALSE);
  return mnr_store_commit (self, what, error);

fail:
  mnr_store_rollback (self);
  return FALSE;
}

/* Marks @round_id and the ratings that went with it removed (@removed)
 * or back. A round's ratings are removed with it, at the same instant, so
 * that restoring it brings back those, and not ratings removed before. */
static gboolean
mark_round (MnrStore    *self,
            const char  *round_id,
            gboolean     removed,
            GError     **error)
{
  const char *what = removed ? _("deleting the round") : _("restoring the round");
  g_autoptr(sqlite3_stmt) when = NULL;
  g_autoptr(sqlite3_stmt) ratings = NULL;
  g_autoptr(sqlite3_stmt) mark_ratings = NULL;
  g_autoptr(sqlite3_stmt) mark = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  gint64 now = g_get_real_time ();
  gint64 removed_at = 0;
  int rc;

  if (!mnr_store_ensure_open (self, error) || !mnr_store_begin (self, what, error))
    return FALSE;

  when = mnr_store_prepare (self->db, "SELECT deleted_at FROM rounds WHERE id = ?1", what, error);
  if (when == NULL)
    goto fail;
  mnr_store_bind_text (when, 1, round_id);
  rc = sqlite3_step (when);
  if (rc != SQLITE_ROW || (sqlite3_column_type (when, 0) == SQLITE_NULL) != removed)
    {
      g_set_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_NOT_FOUND,
                   removed ? _("There is no assessment round “%s”.") : _("The round “%s” is not deleted."),
                   round_id);
      goto fail;
    }
  removed_at = sqlite3_column_int64 (when, 0);

  /* The ratings that go (those shown now) or come back (those removed
   * with the round). */
  ratings = mnr_store_prepare (self->db,
                               removed ? "SELECT id FROM ratings WHERE round = ?1 AND deleted_at IS NULL"
                                       : "SELECT id FROM ratings WHERE round = ?1 AND deleted_at = ?2",
                               what, error);
  if (ratings == NULL)
    goto fail;
  mnr_store_bind_text (ratings, 1, round_id);
  sqlite3_bind_int64 (ratings, 2, removed_at);
  while ((rc = sqlite3_step (ratings)) == SQLITE_ROW)
    g_ptr_array_add (ids, mnr_store_column_dup (ratings, 0));
  if (rc != SQLITE_DONE)
    {
      mnr_store_sqlite_error (error, self->db, rc, what);
      goto fail;
    }

  mark_ratings = mnr_store_prepare (self->db,
                                    "UPDATE ratings SET deleted_at = ?2, updated_at = ?3, updated_by = ?4,"
                                    " local_rev = local_rev + 1 WHERE id = ?1",
                                    what, error);
  if (mark_ratings == NULL)
    goto fail;
  for (guint i = 0; i < ids->len; i++)
    {
      sqlite3_reset (mark_ratings);
      if (!mnr_store_remember_base (self, "rating", g_ptr_array_index (ids, i), error))
        goto fail;
      mnr_store_bind_text (mark_ratings, 1, g_ptr_array_index (ids, i));
      if (removed)
        sqlite3_bind_int64 (mark_ratings, 2, now);
      else
        sqlite3_bind_null (mark_ratings, 2);
      sqlite3_bind_int64 (mark_ratings, 3, now);
      mnr_store_bind_text (mark_ratings, 4, self->author);
      if (!mnr_store_step_done (mark_ratings, self->db, what, error))
        goto fail;
      mnr_store_note_change (self, "rating", g_ptr_array_index (ids, i), FALSE);
    }

  if (!mnr_store_remember_base (self, "round", round_id, error) ||
      !(mark = mnr_store_prepare (self->db,
                                  "UPDATE rounds SET deleted_at = ?2, updated_at = ?3, updated_by = ?4,"
                                  " local_rev = local_rev + 1 WHERE id = ?1",
                                  what, error)))
    goto fail;
  mnr_store_bind_text (mark, 1, round_id);
  if (removed)
    sqlite3_bind_int64 (mark, 2, now);
  else
    sqlite3_bind_null (mark, 2);
  sqlite3_bind_int64 (mark, 3, now);
  mnr_store_bind_text (mark, 4, self->author);
  if (!mnr_store_step_done (mark, self->db, what, error))
    goto fail;

  mnr_store_note_change (self, "round", round_id, FALSE);
  return mnr_store_commit (self, what, error);

fail:
  mnr_store_rollback (self);
  return FALSE;
}

/**
 * mnr_store_remove_round:
 *
 * Deletes a round and its ratings; mnr_store_restore_round() undoes it.
 * They stay as tombstones for sync, so that they leave the server too.
 */
gboolean
mnr_store_remove_round (MnrStore    *self,
                        const char  *round_id,
                        GError     **error)
{
  g_return_val_if_fail (MNR_IS_STORE (self), FALSE);
  return mark_round (self, round_id, TRUE, error);
}

/**
 * mnr_store_restore_round:
 *
 * Brings back a deleted round with the ratings deleted with it.
 */
gboolean
mnr_store_restore_round (MnrStore    *self,
                         const char  *round_id,
                         GError     **error)
{
  g_return_val_if_fail (MNR_IS_STORE (self), FALSE);
  return mark_round (self, round_id, FALSE, error);
}

/* --- ratings ------------------------------------------------------------- */

#define RATING_COLUMNS "id, element, level, rationale, updated_at, updated_by, review, agreed_in"

static MnrRating *
rating_from_row (sqlite3_stmt *stmt)
{
  MnrRating *rating = g_new0 (MnrRating, 1);

  rating->id = mnr_store_column_dup (stmt, 0);
  rating->element_id = mnr_store_column_dup (stmt, 1);
  rating->level_id = mnr_store_column_dup (stmt, 2);
  rating->rationale = mnr_store_column_dup (stmt, 3);
  rating->updated_at = sqlite3_column_int64 (stmt, 4);
  rating->updated_by = mnr_store_column_dup (stmt, 5);
  rating->review = mnr_store_column_dup (stmt, 6);
  rating->agreed_in = mnr_store_column_dup (stmt, 7);
  return rating;
}

/**
 * mnr_store_set_rating:
 * @element_id: "capability-4", "enabler-justice" …
 * @level_id: the id of a level of the framework's scale
 * @rationale: (nullable): why
 *
 * Records a level and its rationale, and the change in the history. A
 * new level is proposed, until a meeting agrees it; a new rationale
 * alone leaves the review as it was.
 */
gboolean
mnr_store_set_rating (MnrStore    *self,
                      const char  *round_id,
                      const char  *element_id,
                      const char  *level_id,
                      const char  *rationale,
                      GError     **error)
{
  return mnr_store_set_rating_as (self, round_id, element_id, level_id, rationale, NULL, 0, error);
}

/**
 * mnr_store_set_rating_as:
 * @author: (nullable): who set it; %NULL: the store's author
 * @when: when, in microseconds since 1970; 0: now
 *
 * Records a rating as mnr_store_set_rating() does, as set by @author at
 * @when: for an import of ratings a country kept elsewhere.
 */
gboolean
mnr_store_set_rating_as (MnrStore    *self,
                         const char  *round_id,
                         const char  *element_id,
                         const char  *level_id,
                         const char  *rationale,
                         const char  *author,
                         gint64       when,
                         GError     **error)
{
  g_autoptr(MnrRound) round = NULL;
  g_autoptr(sqlite3_stmt) upsert = NULL;
  g_autofree char *id = NULL;
  gint64 now = when > 0 ? when : g_get_real_time ();

  g_return_val_if_fail (MNR_IS_STORE (self), FALSE);

  if (!mnr_store_ensure_open (self, error))
    return FALSE;

  if (!mnr_id_is_element (element_id))
    return mnr_store_invalid (error, _("“%s” is not a capability or an enabler."), element_id != NULL ? element_id : "");
  if (!mnr_id_is_slug (level_id))
    return mnr_store_invalid (error, _("“%s” is not a level of the scale."), level_id != NULL ? level_id : "");
  if (rationale != NULL && !mnr_store_is_text_of_at_most (rationale, MNR_SYNC_MAX_STRING_CHARS))
    return mnr_store_invalid (error, _("The rationale is not valid text of at most 100,000 characters."));

  if (!mnr_store_begin (self, _("saving the rating"), error))
    return FALSE;

  if (!(round = find_round (self, round_id, error)))
    goto fail;

  id = mnr_store_rating_id (round->country, round->id, element_id);
  if (!mnr_store_remember_base (self, "rating", id, error))
    goto fail;

  /* Ratings made before ids were deterministic (by a version-1 store)
   * keep their id: the conflict is on the round and the element. */
  upsert = mnr_store_prepare (self->db,
                              "INSERT INTO ratings (id, round, element, level, rationale,"
                              " created_at, created_by, updated_at, updated_by)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?6, ?7)"
                              " ON CONFLICT (round, element) DO UPDATE SET level = excluded.level,"
                              " rationale = excluded.rationale, updated_at = excluded.updated_at,"
                              " updated_by = excluded.updated_by, deleted_at = NULL,"
                              " review = CASE WHEN ratings.level = excluded.level AND ratings.deleted_at IS NULL"
                              "   THEN ratings.review ELSE 'proposed' END,"
                              " agreed_in = CASE WHEN ratings.level = excluded.level AND ratings.deleted_at IS NULL"
                              "   THEN ratings.agreed_in ELSE '' END,"
                              " local_rev = ratings.local_rev + 1",
                              _("saving the rating"), error);
  if (upsert == NULL)
    goto fail;

  mnr_store_bind_text (upsert, 1, id);
  mnr_store_bind_text (upsert, 2, round->id);
  mnr_store_bind_text (upsert, 3, element_id);
  mnr_store_bind_text (upsert, 4, level_id);
  mnr_store_bind_text (upsert, 5, rationale);
  sqlite3_bind_int64 (upsert, 6, now);
  mnr_store_bind_text (upsert, 7, author != NULL && author[0] != '\0' ? author : self->author);
  if (!mnr_store_step_done (upsert, self->db, _("saving the rating"), error))
    goto fail;

  if (!mnr_store_keep_rating_history (self, round->id, element_id, _("saving the rating"), error))
    goto fail;

  mnr_store_note_change (self, "rating", id, FALSE);
  return mnr_store_commit (self, _("saving the rating"), error);

fail:
  mnr_store_rollback (self);
  return FALSE;
}

/**
 * mnr_store_remove_rating:
 *
 * Removes the rating of @element_id in @round_id (a tombstone, synced),
 * so that the element is not assessed there; nothing when it has none.
 */
gboolean
mnr_store_remove_rating (MnrStore    *self,
                         const char  *round_id,
                         const char  *element_id,
                         GError     **error)
{
  g_autoptr(MnrRating) rating = NULL;
  g_autoptr(sqlite3_stmt) mark = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *what = _("removing the rating");

  g_return_val_if_fail (MNR_IS_STORE (self), FALSE);

  if (!(rating = mnr_store_get_rating (self, round_id, element_id, &local_error)))
    {
      if (local_error == NULL)
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (!mnr_store_begin (self, what, error))
    return FALSE;
  if (!mnr_store_remember_base (self, "rating", rating->id, error) ||
      !(mark = mnr_store_prepare (self->db,
                                  "UPDATE ratings SET deleted_at = ?2, updated_at = ?2, updated_by = ?3,"
                                  " local_rev = local_rev + 1 WHERE id = ?1",
                                  what, error)))
    goto fail;
  mnr_store_bind_text (mark, 1, rating->id);
  sqlite3_bind_int64 (mark, 2, g_get_real_time ());
  mnr_store_bind_text (mark, 3, self->author);
  if (!mnr_store_step_done (mark, self->db, what, error))
    goto fail;

  mnr_store_note_change (self, "rating", rating->id, FALSE);
  return mnr_store_commit (self, what, error);

fail:
  mnr_store_rollback (self);
  return FALSE;
}

/**
 * mnr_store_get_rating:
 *
 * Returns: (transfer full) (nullable): the rating, or %NULL without an
 *   error when the element has not been rated in that round
 */
MnrRating *
mnr_store_get_rating (MnrStore    *self,
                      const char  *round_id,
                      const char  *element_id,
                      GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (MNR_IS_STORE (self), NULL);

  if (!mnr_store_ensure_open (self, error) ||
      !(stmt = mnr_store_prepare (self->db,
                                  "SELECT " RATING_COLUMNS " FROM ratings"
                                  " WHERE round = ?1 AND element = ?2 AND deleted_at IS NULL",
                                  _("reading the rating"), error)))
    return NULL;

  mnr_store_bind_text (stmt, 1, round_id);
  mnr_store_bind_text (stmt, 2, element_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return rating_from_row (stmt);
  if (rc != SQLITE_DONE)
    mnr_store_sqlite_error (error, self->db, rc, _("reading the rating"));
  return NULL;
}

static GPtrArray *
list_ratings_query (MnrStore    *self,
                    const char  *sql,
                    const char  *a,
                    const char  *b,
                    GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) ratings = g_ptr_array_new_with_free_func ((GDestroyNotify)mnr_rating_free);
  int rc;

  if (!mnr_store_ensure_open (self, error) ||
      !(stmt = mnr_store_prepare (self->db, sql, _("reading the ratings"), error)))
    return NULL;

  mnr_store_bind_text (stmt, 1, a);
  if (b != NULL)
    mnr_store_bind_text (stmt, 2, b);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (ratings, rating_from_row (stmt));

  if (rc != SQLITE_DONE)
    {
      mnr_store_sqlite_error (error, self->db, rc, _("reading the ratings"));
      return NULL;
    }

  return g_steal_pointer (&ratings);
}

/**
 * mnr_store_list_ratings:
 *
 * Returns: (transfer container) (element-type MnrRating): the round's
 *   ratings
 */
GPtrArray *
mnr_store_list_ratings (MnrStore    *self,
                        const char  *round_id,
                        GError     **error)
{
  g_return_val_if_fail (MNR_IS_STORE (self), NULL);

  return list_ratings_query (self,
                             "SELECT " RATING_COLUMNS " FROM ratings"
                             " WHERE round = ?1 AND deleted_at IS NULL ORDER BY element",
                             round_id, NULL, error);
}

/* The rating of @element_id in @round_id, as it is now, as a line of its
 * history: after every save, local or from the server. */
gboolean
mnr_store_keep_rating_history (MnrStore    *self,
                               const char  *round_id,
                               const char  *element_id,
                               const char  *what,
                               GError     **error)
{
  g_autoptr(sqlite3_stmt) history = NULL;

  history = mnr_store_prepare (self->db,
                               "INSERT INTO rating_history (rating, round, element, level, rationale, changed_at, changed_by)"
                               " SELECT id, round, element, level, rationale, updated_at, updated_by"
                               " FROM ratings WHERE round = ?1 AND element = ?2",
                               what, error);
  if (history == NULL)
    return FALSE;

  mnr_store_bind_text (history, 1, round_id);
  mnr_store_bind_text (history, 2, element_id);
  return mnr_store_step_done (history, self->db, what, error);
}

/**
 * mnr_store_list_rating_history:
 *
 * Returns: (transfer container) (element-type MnrRating): every level the
 *   element had in the round, newest first, with who set it and when
 */
GPtrArray *
mnr_store_list_rating_history (MnrStore    *self,
                               const char  *round_id,
                               const char  *element_id,
                               GError     **error)
{
  g_return_val_if_fail (MNR_IS_STORE (self), NULL);

  return list_ratings_query (self,
                             "SELECT rating, element, level, rationale, changed_at, changed_by"
                             " FROM rating_history WHERE round = ?1 AND element = ?2 ORDER BY seq DESC",
                             round_id, element_id, error);
}
