/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-store"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mnr-country.h"
#include "mnr-evidence-private.h"
#include "mnr-ids.h"
#include "mnr-store-private.h"
#include "mnr-store-schema.h"

/* MnrStore: evidence, its search, and sample data. */

/* --- evidence ------------------------------------------------------------ */

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; p != NULL && *p; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;

  return TRUE;
}

gboolean
mnr_store_validate_evidence (MnrEvidence  *evidence,
                             GError      **error)
{
  return mnr_store_validate_evidence_fields (mnr_evidence_get_id (evidence), mnr_evidence_get_country (evidence),
                                             mnr_evidence_get_title (evidence), mnr_evidence_get_kind (evidence),
                                             mnr_evidence_get_date (evidence), mnr_evidence_get_source (evidence),
                                             mnr_evidence_get_summary (evidence), mnr_evidence_get_elements (evidence),
                                             error);
}

/* The store's rules for an item of evidence, from its fields: for a
 * local save (mnr_store_validate_evidence()), and for a record from the
 * server, which needs no MnrEvidence made for it. */
gboolean
mnr_store_validate_evidence_fields (const char          *id,
                                    const char          *country,
                                    const char          *title,
                                    const char          *kind,
                                    const char          *date,
                                    const char          *source,
                                    const char          *summary,
                                    const char * const  *elements,
                                    GError             **error)
{
  if (!mnr_id_is_uuid (id))
    return mnr_store_invalid (error, _("The evidence has a malformed id."));
  if (!mnr_id_is_country_code (country))
    return mnr_store_invalid (error, _("The evidence is not about a country (no ISO code)."));
  if (is_blank (title))
    return mnr_store_invalid (error, _("The evidence needs a title."));
  if (!mnr_evidence_kind_is_valid (kind))
    return mnr_store_invalid (error, _("“%s” is not a kind of evidence."), kind);
  if (!mnr_id_is_date (date, TRUE))
    return mnr_store_invalid (error, _("“%s” is not a date of the form 2018, 2018-06 or 2018-06-30."), date);

  for (const char * const *s = (const char * const[]) { title, source, summary, NULL }; *s; s++)
    if (!mnr_store_is_text_of_at_most (*s, MNR_SYNC_MAX_STRING_CHARS))
      return mnr_store_invalid (error, _("The evidence holds text that is not valid or is longer than 100,000 characters."));

  for (guint i = 0; elements[i] != NULL; i++)
    if (!mnr_id_is_element (elements[i]))
      return mnr_store_invalid (error, _("“%s” is not a capability or an enabler."), elements[i]);

  return TRUE;
}

/**
 * mnr_store_save_evidence:
 *
 * Adds or updates an item of evidence and its links; the item's times and
 * authors are set from the store.
 */
gboolean
mnr_store_save_evidence (MnrStore     *self,
                         MnrEvidence  *evidence,
                         GError      **error)
{
  g_autoptr(sqlite3_stmt) upsert = NULL;
  g_autoptr(sqlite3_stmt) unlink_all = NULL;
  g_autoptr(sqlite3_stmt) link = NULL;
  g_autoptr(sqlite3_stmt) created = NULL;
  const char * const *elements;
  gint64 now = g_get_real_time ();
  gint64 created_at = now;
  g_autofree char *created_by = NULL;

  g_return_val_if_fail (MNR_IS_STORE (self), FALSE);
  g_return_val_if_fail (MNR_IS_EVIDENCE (evidence), FALSE);

  if (!mnr_store_ensure_open (self, error) || !mnr_store_validate_evidence (evidence, error))
    return FALSE;

  if (!mnr_store_begin (self, _("saving the evidence"), error))
    return FALSE;

  if (!mnr_store_insert_country (self, mnr_evidence_get_country (evidence), error) ||
      !mnr_store_remember_base (self, "evidence", mnr_evidence_get_id (evidence), error))
    goto fail;

  upsert = mnr_store_prepare (self->db,
                              "INSERT INTO evidence (id, country, title, kind, date, source, summary, restricted,"
                              " created_at, created_by, updated_at, updated_by, sample)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?9, ?10, ?11)"
                              " ON CONFLICT (id) DO UPDATE SET title = excluded.title, kind = excluded.kind,"
                              " date = excluded.date, source = excluded.source, summary = excluded.summary,"
                              " restricted = excluded.restricted, updated_at = excluded.updated_at,"
                              " updated_by = excluded.updated_by, local_rev = evidence.local_rev + 1"
                              " WHERE evidence.country = excluded.country",
                              _("saving the evidence"), error);
  if (upsert == NULL)
    goto fail;

  mnr_store_bind_text (upsert, 1, mnr_evidence_get_id (evidence));
  mnr_store_bind_text (upsert, 2, mnr_evidence_get_country (evidence));
  mnr_store_bind_text (upsert, 3, mnr_evidence_get_title (evidence));
  mnr_store_bind_text (upsert, 4, mnr_evidence_get_kind (evidence));
  mnr_store_bind_text (upsert, 5, mnr_evidence_get_date (evidence));
  mnr_store_bind_text (upsert, 6, mnr_evidence_get_source (evidence));
  mnr_store_bind_text (upsert, 7, mnr_evidence_get_summary (evidence));
  sqlite3_bind_int (upsert, 8, mnr_evidence_get_restricted (evidence));
  sqlite3_bind_int64 (upsert, 9, now);
  mnr_store_bind_text (upsert, 10, self->author);
  sqlite3_bind_int (upsert, 11, mnr_evidence_get_sample (evidence));
  if (!mnr_store_step_done (upsert, self->db, _("saving the evidence"), error))
    goto fail;

  if (sqlite3_changes (self->db) == 0)
    {
      mnr_store_invalid (error, _("This evidence belongs to another country; it cannot be moved."));
      goto fail;
    }

  unlink_all = mnr_store_prepare (self->db, "DELETE FROM evidence_links WHERE evidence = ?1",
                                  _("saving the evidence"), error);
  link = mnr_store_prepare (self->db, "INSERT OR IGNORE INTO evidence_links (evidence, element) VALUES (?1, ?2)",
                            _("saving the evidence"), error);
  created = mnr_store_prepare (self->db, "SELECT created_at, created_by FROM evidence WHERE id = ?1",
                               _("saving the evidence"), error);
  if (unlink_all == NULL || link == NULL || created == NULL)
    goto fail;

  mnr_store_bind_text (unlink_all, 1, mnr_evidence_get_id (evidence));
  if (!mnr_store_step_done (unlink_all, self->db, _("saving the evidence"), error))
    goto fail;

  elements = mnr_evidence_get_elements (evidence);
  for (guint i = 0; elements[i] != NULL; i++)
    {
      sqlite3_reset (link);
      mnr_store_bind_text (link, 1, mnr_evidence_get_id (evidence));
      mnr_store_bind_text (link, 2, elements[i]);
      if (!mnr_store_step_done (link, self->db, _("saving the evidence"), error))
        goto fail;
    }

  mnr_store_bind_text (created, 1, mnr_evidence_get_id (evidence));
  if (sqlite3_step (created) == SQLITE_ROW)
    {
      created_at = sqlite3_column_int64 (created, 0);
      created_by = mnr_store_column_dup (created, 1);
    }

  mnr_store_note_change (self, "evidence", mnr_evidence_get_id (evidence), FALSE);
  if (!mnr_store_commit (self, _("saving the evidence"), error))
    return FALSE;

  mnr_evidence_set_times (evidence, created_at, now,
                          created_by != NULL ? created_by : self->author, self->author);
  return TRUE;

fail:
  mnr_store_rollback (self);
  return FALSE;
}

#define EVIDENCE_COLUMNS \
  "e.id, e.country, e.title, e.kind, e.date, e.source, e.summary, e.restricted," \
  " e.created_at, e.created_by, e.updated_at, e.updated_by," \
  " (SELECT group_concat (element, ' ') FROM evidence_links WHERE evidence = e.id)," \
  " (SELECT count (*) FROM attachments WHERE evidence = e.id AND deleted_at IS NULL)," \
  " e.sample"

/* For g_ptr_array_sort() of strings. */
int
mnr_store_compare_strings (gconstpointer a,
                           gconstpointer b)
{
  return g_strcmp0 (*(const char * const *)a, *(const char * const *)b);
}

static MnrEvidence *
evidence_from_row (sqlite3_stmt *stmt)
{
  g_autofree char *id = mnr_store_column_dup (stmt, 0);
  g_autofree char *country = mnr_store_column_dup (stmt, 1);
  g_autofree char *elements = mnr_store_column_dup (stmt, 12);
  g_autofree char *created_by = mnr_store_column_dup (stmt, 9);
  g_autofree char *updated_by = mnr_store_column_dup (stmt, 11);
  g_auto(GStrv) element_ids = NULL;
  MnrEvidence *evidence = mnr_evidence_new_full (id, country);

  mnr_evidence_set_title (evidence, (const char *)sqlite3_column_text (stmt, 2));
  mnr_evidence_set_kind (evidence, mnr_evidence_kind_is_valid ((const char *)sqlite3_column_text (stmt, 3))
                                   ? (const char *)sqlite3_column_text (stmt, 3) : "other");
  mnr_evidence_set_date (evidence, (const char *)sqlite3_column_text (stmt, 4));
  mnr_evidence_set_source (evidence, (const char *)sqlite3_column_text (stmt, 5));
  mnr_evidence_set_summary (evidence, (const char *)sqlite3_column_text (stmt, 6));
  mnr_evidence_set_restricted (evidence, sqlite3_column_int (stmt, 7));
  mnr_evidence_set_times (evidence, sqlite3_column_int64 (stmt, 8), sqlite3_column_int64 (stmt, 10),
                          created_by, updated_by);

  element_ids = g_strsplit (elements, " ", -1);
  if (elements[0] != '\0')
    {
      /* group_concat gives no order: keep capabilities in number order */
      g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
      for (guint i = 0; element_ids[i] != NULL; i++)
        g_ptr_array_add (sorted, element_ids[i]);
      g_ptr_array_sort (sorted, mnr_store_compare_strings);
      g_ptr_array_add (sorted, NULL);
      mnr_evidence_set_elements (evidence, (const char * const *)sorted->pdata);
    }

  mnr_evidence_set_n_attachments (evidence, (guint)sqlite3_column_int (stmt, 13));
  mnr_evidence_set_sample (evidence, sqlite3_column_int (stmt, 14));
  return evidence;
}

/**
 * mnr_store_get_evidence:
 *
 * Returns: (transfer full) (nullable): the item, removed or not
 */
MnrEvidence *
mnr_store_get_evidence (MnrStore    *self,
                        const char  *id,
                        GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (MNR_IS_STORE (self), NULL);

  if (!mnr_store_ensure_open (self, error) ||
      !(stmt = mnr_store_prepare (self->db, "SELECT " EVIDENCE_COLUMNS " FROM evidence e WHERE e.id = ?1",
                                  _("reading the evidence"), error)))
    return NULL;

  mnr_store_bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return evidence_from_row (stmt);

  if (rc == SQLITE_DONE)
    g_set_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_NOT_FOUND,
                 _("There is no such evidence."));
  else
    mnr_store_sqlite_error (error, self->db, rc, _("reading the evidence"));
  return NULL;
}

static gboolean
mark_evidence (MnrStore    *self,
               const char  *id,
               gboolean     removed,
               GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *what = removed ? _("removing the evidence") : _("restoring the evidence");

  if (!mnr_store_ensure_open (self, error) || !mnr_store_remember_base (self, "evidence", id, error) ||
      !(stmt = mnr_store_prepare (self->db,
                                  "UPDATE evidence SET deleted_at = ?2, updated_at = ?3, updated_by = ?4,"
                                  " local_rev = local_rev + 1 WHERE id = ?1",
                                  what, error)))
    return FALSE;

  mnr_store_bind_text (stmt, 1, id);
  if (removed)
    sqlite3_bind_int64 (stmt, 2, g_get_real_time ());
  else
    sqlite3_bind_null (stmt, 2);
  sqlite3_bind_int64 (stmt, 3, g_get_real_time ());
  mnr_store_bind_text (stmt, 4, self->author);

  if (!mnr_store_step_done (stmt, self->db, what, error))
    return FALSE;

  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_NOT_FOUND, _("There is no such evidence."));
      return FALSE;
    }

  mnr_store_note_change (self, "evidence", id, FALSE);
  return TRUE;
}

/**
 * mnr_store_remove_evidence:
 *
 * Removes an item from every list; mnr_store_restore_evidence() undoes it.
 * The record stays as a tombstone for sync.
 */
gboolean
mnr_store_remove_evidence (MnrStore    *self,
                           const char  *id,
                           GError     **error)
{
  g_return_val_if_fail (MNR_IS_STORE (self), FALSE);
  return mark_evidence (self, id, TRUE, error);
}

gboolean
mnr_store_restore_evidence (MnrStore    *self,
                            const char  *id,
                            GError     **error)
{
  g_return_val_if_fail (MNR_IS_STORE (self), FALSE);
  return mark_evidence (self, id, FALSE, error);
}

/**
 * mnr_store_mark_sample:
 * @ids: (array zero-terminated=1): ids of evidence loaded as examples
 *
 * Marks these items of evidence, where they exist, as sample data: a store
 * an older version filled with the booklet's examples gets them marked
 * the first time this version opens it. Marking takes them out of the
 * outbox; it never changes them otherwise.
 *
 * Returns: how many were newly marked, or -1 with @error set
 */
gint64
mnr_store_mark_sample (MnrStore            *self,
                       const char * const  *ids,
                       GError             **error)
{
  const char *what = _("marking the sample data");
  g_autoptr(sqlite3_stmt) evidence = NULL;
  g_autoptr(sqlite3_stmt) attachments = NULL;
  gint64 marked = 0;

  g_return_val_if_fail (MNR_IS_STORE (self), -1);
  g_return_val_if_fail (ids != NULL, -1);

  if (!mnr_store_ensure_open (self, error) || !mnr_store_begin (self, what, error))
    return -1;

  evidence = mnr_store_prepare (self->db, "UPDATE evidence SET sample = 1 WHERE id = ?1 AND sample = 0", what, error);
  attachments = mnr_store_prepare (self->db, "UPDATE attachments SET sample = 1 WHERE evidence = ?1 AND sample = 0",
                                   what, error);
  if (evidence == NULL || attachments == NULL)
    goto fail;

  for (guint i = 0; ids[i] != NULL; i++)
    {
      sqlite3_reset (evidence);
      sqlite3_reset (attachments);
      mnr_store_bind_text (evidence, 1, ids[i]);
      mnr_store_bind_text (attachments, 1, ids[i]);
      if (!mnr_store_step_done (evidence, self->db, what, error))
        goto fail;
      marked += sqlite3_changes (self->db);
      if (!mnr_store_step_done (attachments, self->db, what, error))
        goto fail;
    }

  if (marked > 0)
    mnr_store_note_change (self, "evidence", NULL, FALSE);
  if (!mnr_store_commit (self, what, error))
    return -1;
  return marked;

fail:
  mnr_store_rollback (self);
  return -1;
}

/**
 * mnr_store_count_sample:
 * @country: (nullable): a country code, or %NULL for every country
 *
 * Returns: the number of items of sample evidence shown (not removed),
 *   or -1 with @error set
 */
gint64
mnr_store_count_sample (MnrStore    *self,
                        const char  *country,
                        GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (MNR_IS_STORE (self), -1);

  /* A country's through its index: "?1 IS NULL OR country = ?1" read the
   * whole table (15 ms at 50,000 items, for the bar under the header). */
  if (!mnr_store_ensure_open (self, error) ||
      !(stmt = mnr_store_prepare (self->db,
                                  country != NULL
                                    ? "SELECT count (*) FROM evidence WHERE country = ?1 AND deleted_at IS NULL"
                                      " AND sample = 1"
                                    : "SELECT count (*) FROM evidence WHERE sample = 1 AND deleted_at IS NULL",
                                  _("reading the sample data"), error)))
    return -1;

  if (country != NULL)
    mnr_store_bind_text (stmt, 1, country);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      mnr_store_sqlite_error (error, self->db, sqlite3_errcode (self->db), _("reading the sample data"));
      return -1;
    }
  return sqlite3_column_int64 (stmt, 0);
}

/**
 * mnr_store_remove_sample:
 * @country: (nullable): a country code, or %NULL for every country
 *
 * Removes the sample data of @country (or all of it). Examples the server
 * never saw leave the store for good; those an older version pushed become
 * tombstones, whose removal is the one change of sample data the outbox
 * holds, so that they leave the server too. The country's own records are
 * not touched.
 *
 * Returns: how many items of evidence were removed, or -1 with @error set
 */
gint64
mnr_store_remove_sample (MnrStore    *self,
                         const char  *country,
                         GError     **error)
{
  const char *what = _("removing the sample data");
  g_autoptr(sqlite3_stmt) pushed = NULL;
  g_autoptr(sqlite3_stmt) forget = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  gint64 removed = 0;
  int rc;

  g_return_val_if_fail (MNR_IS_STORE (self), -1);

  if (!mnr_store_ensure_open (self, error) || !mnr_store_begin (self, what, error))
    return -1;

  pushed = mnr_store_prepare (self->db,
                              "SELECT id FROM evidence WHERE sample = 1 AND deleted_at IS NULL AND server_rev > 0"
                              " AND (?1 IS NULL OR country = ?1)",
                              what, error);
  if (pushed == NULL)
    goto fail;
  if (country != NULL)
    mnr_store_bind_text (pushed, 1, country);
  while ((rc = sqlite3_step (pushed)) == SQLITE_ROW)
    g_ptr_array_add (ids, mnr_store_column_dup (pushed, 0));
  if (rc != SQLITE_DONE)
    {
      mnr_store_sqlite_error (error, self->db, rc, what);
      goto fail;
    }

  for (guint i = 0; i < ids->len; i++)
    {
      if (!mark_evidence (self, g_ptr_array_index (ids, i), TRUE, error))
        goto fail;
      removed++;
    }

  forget = mnr_store_prepare (self->db,
                              "DELETE FROM evidence WHERE sample = 1 AND server_rev = 0"
                              " AND (?1 IS NULL OR country = ?1)",
                              what, error);
  if (forget == NULL)
    goto fail;
  if (country != NULL)
    mnr_store_bind_text (forget, 1, country);
  if (!mnr_store_step_done (forget, self->db, what, error))
    goto fail;
  removed += sqlite3_changes (self->db);

  if (!mnr_store_exec_sql (self->db,
                           "DELETE FROM sync_base WHERE type = 'evidence'"
                           " AND id NOT IN (SELECT id FROM evidence);"
                           "DELETE FROM sync_base WHERE type = 'attachment'"
                           " AND id NOT IN (SELECT id FROM attachments);",
                           what, error))
    goto fail;

  if (removed > 0)
    mnr_store_note_change (self, "evidence", NULL, FALSE);
  if (!mnr_store_commit (self, what, error))
    return -1;
  return removed;

fail:
  mnr_store_rollback (self);
  return -1;
}

/* Words of @search as an FTS5 query within one country: each word quoted,
 * as a prefix, all needed. The country is a column of the index, so the
 * search walks that country's entries only. */
static char *
fts_query (const char *country,
           const char *search)
{
  g_auto(GStrv) words = g_str_tokenize_and_fold (search, NULL, NULL);
  GString *query = g_string_new (NULL);

  for (guint i = 0; words != NULL && words[i] != NULL; i++)
    {
      g_autofree char *escaped = NULL;
      g_auto(GStrv) parts = g_strsplit (words[i], "\"", -1);

      escaped = g_strjoinv ("\"\"", parts);
      g_string_append_printf (query, " AND \"%s\"*", escaped);
    }

  if (query->len == 0)
    return g_string_free (query, TRUE);

  g_string_prepend (query, "\"");
  g_string_prepend (query, country);
  g_string_prepend (query, "country : \"");
  return g_string_free (query, FALSE);
}

/* Every word of @words begins a word of @text (or its ASCII form), as
 * the index's prefix search matches. */
static gboolean
words_begin_words (char       **words,
                   const char  *text)
{
  g_auto(GStrv) ascii = NULL;
  g_auto(GStrv) tokens = text != NULL ? g_str_tokenize_and_fold (text, NULL, &ascii) : NULL;

  for (guint i = 0; words[i] != NULL; i++)
    {
      gboolean found = FALSE;

      for (guint t = 0; !found && tokens != NULL && tokens[t] != NULL; t++)
        found = g_str_has_prefix (tokens[t], words[i]);
      for (guint t = 0; !found && ascii != NULL && ascii[t] != NULL; t++)
        found = g_str_has_prefix (ascii[t], words[i]);
      if (!found)
        return FALSE;
    }

  return TRUE;
}

/* Sample evidence is stored, and indexed, in English and shown in the
 * user's language: a search in that language looks in what is shown too,
 * after what the index found. Its title and summary together, as the
 * index takes a row's columns together. */
static gboolean
append_shown_samples (MnrStore    *self,
                      GListStore  *items,
                      const char  *country,
                      const char  *search,
                      GError     **error)
{
  g_auto(GStrv) words = g_str_tokenize_and_fold (search, NULL, NULL);
  g_autoptr(GHashTable) found = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (words == NULL || words[0] == NULL)
    return TRUE;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (items)); i++)
    {
      g_autoptr(MnrEvidence) evidence = g_list_model_get_item (G_LIST_MODEL (items), i);
      g_hash_table_add (found, (gpointer)mnr_evidence_get_id (evidence));
    }

  stmt = mnr_store_prepare (self->db,
                            "SELECT " EVIDENCE_COLUMNS " FROM evidence e"
                            " WHERE e.country = ?1 AND e.sample = 1 AND e.deleted_at IS NULL"
                            " ORDER BY e.updated_at DESC",
                            _("searching the evidence"), error);
  if (stmt == NULL)
    return FALSE;
  mnr_store_bind_text (stmt, 1, country);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(MnrEvidence) evidence = evidence_from_row (stmt);
      const char *title = mnr_evidence_get_display_title (evidence);
      const char *summary = mnr_evidence_get_display_summary (evidence);
      g_autofree char *shown = NULL;

      /* Shown as stored (English, or rewritten): the index has it. */
      if (g_hash_table_contains (found, mnr_evidence_get_id (evidence)) ||
          (title == mnr_evidence_get_title (evidence) && summary == mnr_evidence_get_summary (evidence)))
        continue;

      shown = g_strjoin ("\n", title, summary, NULL);
      if (words_begin_words (words, shown))
        g_list_store_append (items, evidence);
    }

  if (rc != SQLITE_DONE)
    {
      mnr_store_sqlite_error (error, self->db, rc, _("searching the evidence"));
      return FALSE;
    }

  return TRUE;
}

/**
 * mnr_store_list_evidence:
 * @country: ISO 3166-1 alpha-2
 * @search: (nullable): words to find in titles, summaries and sources
 *
 * Returns: (transfer full): a list of #MnrEvidence, not removed, most
 *   recently changed first (best match first when searching)
 */
GListModel *
mnr_store_list_evidence (MnrStore    *self,
                         const char  *country,
                         const char  *search,
                         GError     **error)
{
  g_autoptr(GListStore) items = g_list_store_new (MNR_TYPE_EVIDENCE);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *query = search != NULL && mnr_id_is_country_code (country) ? fts_query (country, search) : NULL;
  int rc;

  g_return_val_if_fail (MNR_IS_STORE (self), NULL);

  if (!mnr_store_ensure_open (self, error))
    return NULL;

  if (query != NULL)
    stmt = mnr_store_prepare (self->db,
                              "SELECT " EVIDENCE_COLUMNS " FROM evidence_fts f"
                              " JOIN evidence e ON e.rowid = f.rowid"
                              " WHERE evidence_fts MATCH ?2 AND e.country = ?1 AND e.deleted_at IS NULL"
                              " ORDER BY f.rank",
                              _("searching the evidence"), error);
  else
    stmt = mnr_store_prepare (self->db,
                              "SELECT " EVIDENCE_COLUMNS " FROM evidence e"
                              " WHERE e.country = ?1 AND e.deleted_at IS NULL ORDER BY e.updated_at DESC",
                              _("listing the evidence"), error);
  if (stmt == NULL)
    return NULL;

  mnr_store_bind_text (stmt, 1, country);
  if (query != NULL)
    mnr_store_bind_text (stmt, 2, query);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(MnrEvidence) evidence = evidence_from_row (stmt);
      g_list_store_append (items, evidence);
    }

  if (rc != SQLITE_DONE)
    {
      mnr_store_sqlite_error (error, self->db, rc, _("listing the evidence"));
      return NULL;
    }

  if (query != NULL && !append_shown_samples (self, items, country, search, error))
    return NULL;

  return G_LIST_MODEL (g_steal_pointer (&items));
}
