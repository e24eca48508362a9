/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-store"

#include "config.h"

#include <glib/gi18n.h>

#include "mnr-record-type.h"
#include "mnr-store-private.h"

/* MnrStore: records the server no longer lets this client read.
 *
 * A country may take a round back from a group, or make evidence
 * restricted; the server's feed then names the record as withheld from
 * those who had it (docs/sync-protocol.md, section 3.5). Their copy goes,
 * with the records that belong to it (a round's ratings and their history,
 * evidence's attachments and their files): it is not theirs to keep, and
 * it is not a deletion to push. */

/* The ids of @type's records whose parent field is @parent_id. */
static GPtrArray *
list_children (MnrStore             *self,
               const MnrRecordType  *type,
               const SyncTable      *table,
               const char           *parent_id,
               GError              **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM %s WHERE %s = ?1", table->table, type->parent);
  g_autoptr(sqlite3_stmt) stmt = mnr_store_prepare (self->db, sql, _("applying a change from the server"), error);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  int rc;

  if (stmt == NULL)
    return NULL;

  mnr_store_bind_text (stmt, 1, parent_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (ids, mnr_store_column_dup (stmt, 0));
  if (rc != SQLITE_DONE)
    {
      mnr_store_sqlite_error (error, self->db, rc, _("applying a change from the server"));
      return NULL;
    }

  return g_steal_pointer (&ids);
}

/* Runs @sql with ?1 @type and ?2 @id. */
static gboolean
run_on (MnrStore    *self,
        const char  *sql,
        const char  *type,
        const char  *id,
        GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = mnr_store_prepare (self->db, sql, _("applying a change from the server"), error);

  if (stmt == NULL)
    return FALSE;
  mnr_store_bind_text (stmt, 1, type);
  mnr_store_bind_text (stmt, 2, id);
  return mnr_store_step_done (stmt, self->db, _("applying a change from the server"), error);
}

/* Drops @type/@id and, first, what belongs to it; adds the files of
 * attachments dropped to @files, and the records dropped to @n_dropped. */
static gboolean
drop_record (MnrStore             *self,
             const MnrRecordType  *type,
             const char           *id,
             GPtrArray            *files,
             guint                *n_dropped,
             GError              **error)
{
  const MnrRecordType * const *types = mnr_record_types ();
  const SyncTable *table = mnr_store_find_sync_table (type->name, error);
  g_autofree char *sql = NULL;

  if (table == NULL)
    return FALSE;

  for (guint t = 0; types[t] != NULL; t++)
    {
      const MnrRecordField *parent = types[t]->parent != NULL
                                     ? mnr_record_type_get_field (types[t], types[t]->parent) : NULL;
      const SyncTable *child_table;
      g_autoptr(GPtrArray) children = NULL;

      if (parent == NULL || g_strcmp0 (parent->reference, type->name) != 0)
        continue;
      if (!(child_table = mnr_store_find_sync_table (types[t]->name, error)) ||
          !(children = list_children (self, types[t], child_table, id, error)))
        return FALSE;
      for (guint i = 0; i < children->len; i++)
        if (!drop_record (self, types[t], children->pdata[i], files, n_dropped, error))
          return FALSE;
    }

  if (type->blob != NULL)
    {
      g_autofree char *select = g_strdup_printf ("SELECT %s FROM %s WHERE id = ?1", type->blob, table->table);
      g_autoptr(sqlite3_stmt) stmt = mnr_store_prepare (self->db, select, _("applying a change from the server"), error);

      if (stmt == NULL)
        return FALSE;
      mnr_store_bind_text (stmt, 1, id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        g_ptr_array_add (files, mnr_store_column_dup (stmt, 0));
    }

  (*n_dropped)++;
  sql = g_strdup_printf ("DELETE FROM %s WHERE id = ?2 AND ?1 IS NOT NULL", table->table);
  return run_on (self, sql, type->name, id, error) &&
         run_on (self, "DELETE FROM sync_base WHERE type = ?1 AND id = ?2", type->name, id, error) &&
         run_on (self, "DELETE FROM sync_sent WHERE type = ?1 AND id = ?2", type->name, id, error) &&
         run_on (self, "DELETE FROM sync_waiting WHERE type = ?1 AND id = ?2", type->name, id, error) &&
         run_on (self, "DELETE FROM conflicts WHERE type = ?1 AND id = ?2", type->name, id, error) &&
         (g_strcmp0 (type->name, "rating") != 0 ||
          run_on (self, "DELETE FROM rating_history WHERE rating = ?2 AND ?1 IS NOT NULL", type->name, id, error));
}

/**
 * mnr_store_drop_withheld:
 * @files: (element-type utf8): gets the SHA-256 of each attachment
 *   dropped, whose file mnr_store_remove_unused_files() removes once the
 *   transaction is committed
 * @n_dropped: (out): how many records were dropped: the copy and those
 *   that belong to it; 0 when it was kept, or not here
 *
 * Drops the local copy of @type/@id, which the server withholds from now
 * on, with the records that belong to it; nothing of it is pushed. A copy
 * with changes not pushed yet is kept, and so is one of a sample.
 */
gboolean
mnr_store_drop_withheld (MnrStore    *self,
                         const char  *type_name,
                         const char  *id,
                         GPtrArray   *files,
                         guint       *n_dropped,
                         GError     **error)
{
  const char *what = _("applying a change from the server");
  const MnrRecordType *type = mnr_record_type_lookup (type_name);
  const SyncTable *table;
  g_autofree char *sql = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (MNR_IS_STORE (self), FALSE);
  g_return_val_if_fail (n_dropped != NULL, FALSE);

  *n_dropped = 0;
  if (type == NULL || !(table = mnr_store_find_sync_table (type_name, NULL)))
    return TRUE;  /* a type this version does not keep */

  if (!mnr_store_ensure_open (self, error))
    return FALSE;

  sql = g_strdup_printf ("SELECT local_rev > synced_rev OR sample FROM %s WHERE id = ?1", table->table);
  if (!(stmt = mnr_store_prepare (self->db, sql, what, error)))
    return FALSE;
  mnr_store_bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return run_on (self, "DELETE FROM sync_waiting WHERE type = ?1 AND id = ?2", type_name, id, error);
  if (rc != SQLITE_ROW)
    return mnr_store_sqlite_error (error, self->db, rc, what);
  if (sqlite3_column_int (stmt, 0) != 0)
    return TRUE;
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (!mnr_store_begin (self, what, error))
    return FALSE;
  if (!drop_record (self, type, id, files, n_dropped, error))
    {
      *n_dropped = 0;
      mnr_store_rollback (self);
      return FALSE;
    }

  mnr_store_note_change (self, type_name, id, TRUE);
  if (!mnr_store_commit (self, what, error))
    {
      *n_dropped = 0;
      return FALSE;
    }

  return TRUE;
}

/**
 * mnr_store_remove_unused_files:
 * @sha256s: (element-type utf8): files that may no longer be attached
 *
 * Removes those of @sha256s that no attachment in the store names.
 */
void
mnr_store_remove_unused_files (MnrStore  *self,
                               GPtrArray *sha256s)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_if_fail (MNR_IS_STORE (self));

  stmt = mnr_store_prepare (self->db, "SELECT 1 FROM attachments WHERE sha256 = ?1",
                            _("removing files no longer attached"), NULL);
  for (guint i = 0; stmt != NULL && i < sha256s->len; i++)
    {
      const char *sha256 = sha256s->pdata[i];
      g_autoptr(GFile) file = NULL;

      sqlite3_reset (stmt);
      mnr_store_bind_text (stmt, 1, sha256);
      if (!mnr_store_is_valid_sha256 (sha256) || sqlite3_step (stmt) != SQLITE_DONE)
        continue;
      file = mnr_store_attachment_file (self, sha256);
      g_file_delete (file, NULL, NULL);
    }
}
