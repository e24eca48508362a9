/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-store"

#include "config.h"

#include <glib/gi18n.h>
#include <sqlite3.h>

#include "mnr-store.h"
#include "mnr-store-private.h"

/* MnrStore: transactions. Every change is a transaction of its own, or a
 * savepoint of a batch that many changes share; a bulk batch (a page of
 * the changes feed) also defers the search index and waits less for the
 * disk. The changes a transaction makes are announced (MnrStore::changed)
 * once it is committed, each once. */

typedef struct
{
  const char *type;  /* interned */
  char       *id;
  gboolean    from_server;
} MnrStoreChange;

static void
clear_change (gpointer data)
{
  MnrStoreChange *change = data;

  g_clear_pointer (&change->id, g_free);
}

/* An empty list of changes noted (MnrStoreChange). */
GArray *
mnr_store_new_changes (void)
{
  GArray *changes = g_array_new (FALSE, FALSE, sizeof (MnrStoreChange));

  g_array_set_clear_func (changes, clear_change);
  return changes;
}

/* Runs one statement of no rows kept prepared: the savepoints of a batch,
 * two per record, parsed each time cost more than they do. */
static int
step_cached (MnrStore   *self,
             const char *sql)
{
  g_autoptr(MnrCachedStmt) stmt = mnr_store_prepare_cached (self, sql, "", NULL);
  int rc;

  if (stmt == NULL)
    return sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  rc = sqlite3_step (stmt);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Every change is a transaction of its own, or a savepoint inside a batch
 * (mnr_store_begin_batch()), so that many changes can share one commit. */
gboolean
mnr_store_begin (MnrStore    *self,
                 const char  *what,
                 GError     **error)
{
  if (!mnr_store_ensure_writable (self, what, error))
    return FALSE;

  if (self->batch_depth > 0)
    {
      int rc = step_cached (self, "SAVEPOINT change");

      self->changes_mark = self->changes->len;
      return rc == SQLITE_OK || mnr_store_sqlite_error (error, self->db, rc, what);
    }

  mnr_store_shrink_cache (self);
  return mnr_store_exec_sql (self->db, "BEGIN IMMEDIATE", what, error);
}

/* Forgets the changes noted since the savepoint began (in a batch) or
 * since the transaction began. */
static void
drop_changes (MnrStore *self)
{
  g_array_set_size (self->changes, self->batch_depth > 0 ? self->changes_mark : 0);
}

/* Emits MnrStore::changed for each change noted, once each. */
static void
emit_changes (MnrStore *self)
{
  g_autoptr(GArray) changes = NULL;
  g_autoptr(GHashTable) seen = NULL;

  if (self->changes->len == 0)
    return;

  changes = g_steal_pointer (&self->changes);
  self->changes = mnr_store_new_changes ();
  self->changes_mark = 0;
  seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_object_ref (self);
  for (guint i = 0; i < changes->len; i++)
    {
      MnrStoreChange *change = &g_array_index (changes, MnrStoreChange, i);
      char *key = g_strdup_printf ("%s %s %d", change->type, change->id != NULL ? change->id : "",
                                   change->from_server);

      if (!g_hash_table_add (seen, key))
        continue;
      mnr_store_emit_changed (self, change->type, change->id, change->from_server);
    }
  g_object_unref (self);
}

/* Notes that a record of @type (@id, or several when %NULL) changed:
 * emitted at once outside a transaction, else when it is committed. */
void
mnr_store_note_change (MnrStore   *self,
                       const char *type,
                       const char *id,
                       gboolean    from_server)
{
  MnrStoreChange change = { g_intern_string (type), g_strdup (id), from_server };

  g_array_append_val (self->changes, change);
  if (self->batch_depth == 0 && sqlite3_get_autocommit (self->db))
    emit_changes (self);
}

gboolean
mnr_store_commit (MnrStore    *self,
                  const char  *what,
                  GError     **error)
{
  int rc = self->batch_depth > 0 ? step_cached (self, "RELEASE change")
                                 : sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      /* Describe the failure before the rollback replaces its message. */
      mnr_store_sqlite_error (error, self->db, rc, what);
      if (!sqlite3_get_autocommit (self->db))
        sqlite3_exec (self->db, self->batch_depth > 0 ? "ROLLBACK TO change; RELEASE change" : "ROLLBACK",
                      NULL, NULL, NULL);
      drop_changes (self);
      return FALSE;
    }

  if (self->batch_depth == 0)
    emit_changes (self);
  return TRUE;
}

void
mnr_store_rollback (MnrStore *self)
{
  drop_changes (self);
  if (sqlite3_get_autocommit (self->db))
    return;

  if (self->batch_depth > 0)
    sqlite3_exec (self->db, "ROLLBACK TO change; RELEASE change", NULL, NULL, NULL);
  else
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

/**
 * mnr_store_begin_batch:
 *
 * Groups the changes that follow into one transaction, committed by
 * mnr_store_end_batch(): for imports and generators. A change that fails
 * inside a batch is undone alone; the batch goes on.
 */
gboolean
mnr_store_begin_batch (MnrStore  *self,
                       GError   **error)
{
  g_return_val_if_fail (MNR_IS_STORE (self), FALSE);

  if (!mnr_store_ensure_open (self, error) ||
      !mnr_store_ensure_writable (self, _("starting the changes"), error))
    return FALSE;

  if (self->batch_depth++ > 0)
    return TRUE;

  if (!mnr_store_exec_sql (self->db, "BEGIN IMMEDIATE", _("starting the changes"), error))
    {
      self->batch_depth = 0;
      return FALSE;
    }

  return TRUE;
}

/**
 * mnr_store_begin_bulk:
 *
 * As mnr_store_begin_batch(), for a batch of many records (a page of the
 * changes feed): the evidence search index is brought up to date once, at
 * mnr_store_end_batch(), instead of after each record. Searching the
 * evidence inside the batch sees it as it was before. Inside another
 * batch, the same as mnr_store_begin_batch().
 */
gboolean
mnr_store_begin_bulk (MnrStore  *self,
                      GError   **error)
{
  gboolean outermost;

  g_return_val_if_fail (MNR_IS_STORE (self), FALSE);

  /* Committed without waiting for the disk (synchronous=NORMAL; WAL keeps
   * it atomic): a bulk batch holds what a server sent, with the cursor
   * that says so. A power cut may take the last such batches back, never
   * a local change (those wait for the disk, and so flush the batches
   * before them); the next sync pulls them again. */
  outermost = self->db != NULL && self->batch_depth == 0;
  if (outermost)
    self->bulk = mnr_store_exec_sql (self->db, "PRAGMA synchronous = NORMAL", "", NULL);

  /* And the WAL is copied back into the database every 32 MiB rather than
   * every 4 MiB: a page of the feed writes more than 4 MiB, and each copy
   * wrote the indexes' pages (touched by every page, ids being random)
   * again, and waited for the disk twice. What is left is copied back by
   * mnr_store_checkpoint(), or at the next commit after the bulk batches. */
  if (outermost && self->bulk &&
      (mnr_store_query_int (self->db, "PRAGMA wal_autocheckpoint", &self->autocheckpoint) != SQLITE_OK ||
       !mnr_store_exec_sql (self->db, "PRAGMA wal_autocheckpoint = " G_STRINGIFY (BULK_CHECKPOINT_PAGES), "", NULL)))
    self->autocheckpoint = 0;

  if (!mnr_store_begin_batch (self, error))
    {
      if (outermost && self->bulk)
        sqlite3_exec (self->db, "PRAGMA synchronous = FULL", NULL, NULL, NULL);
      self->bulk = FALSE;
      return FALSE;
    }

  if (!outermost)
    return TRUE;

  mnr_store_defer_search_index (self);

  /* A page of the feed writes rows all over the tables' indexes (ids are
   * random): in SQLite's default cache of 2 MiB their pages were written
   * out and read back many times within one transaction. The larger cache
   * stays from one bulk batch to the next (mnr_store_shrink_cache()):
   * made small again after each page, it dropped the pages it held, and
   * the next page read them back, 67 MiB of a full pull's reads. */
  if (self->cache_size == 0 &&
      (mnr_store_query_int (self->db, "PRAGMA main.cache_size", &self->cache_size) != SQLITE_OK || self->cache_size == 0 ||
       !mnr_store_exec_sql (self->db, "PRAGMA main.cache_size = -" G_STRINGIFY (BULK_CACHE_KIB), "", NULL)))
    self->cache_size = 0;
  return TRUE;
}

/* The page cache back to its usual size after bulk batches, once they
 * are over: at mnr_store_checkpoint(), or when a change of another kind
 * begins. */
void
mnr_store_shrink_cache (MnrStore *self)
{
  g_autofree char *sql = NULL;

  if (self->cache_size == 0 || self->db == NULL)
    return;

  sql = g_strdup_printf ("PRAGMA main.cache_size = %d", self->cache_size);
  sqlite3_exec (self->db, sql, NULL, NULL, NULL);
  self->cache_size = 0;
}

/* After a batch: a bulk batch's settings back as they were, but for its
 * cache (mnr_store_shrink_cache()). */
static void
end_bulk (MnrStore *self)
{
  mnr_store_forget_deferred_search_index (self);
  if (self->bulk)
    sqlite3_exec (self->db, "PRAGMA synchronous = FULL", NULL, NULL, NULL);
  self->bulk = FALSE;
  if (self->autocheckpoint > 0)
    {
      g_autofree char *checkpoint = g_strdup_printf ("PRAGMA wal_autocheckpoint = %d", self->autocheckpoint);

      sqlite3_exec (self->db, checkpoint, NULL, NULL, NULL);
      self->autocheckpoint = 0;
    }
}

/**
 * mnr_store_checkpoint:
 *
 * Copies what the write-ahead log holds into the database and empties the
 * log: after bulk batches (mnr_store_begin_bulk()), which leave up to 32
 * MiB in it, so that the next change does not pay for copying them and
 * the log does not stay that large on disk.
 */
void
mnr_store_checkpoint (MnrStore *self)
{
  g_return_if_fail (MNR_IS_STORE (self));
  g_return_if_fail (self->batch_depth == 0);

  if (self->db != NULL)
    sqlite3_wal_checkpoint_v2 (self->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
  mnr_store_shrink_cache (self);
}

/**
 * mnr_store_end_batch:
 * @commit: %TRUE to keep the batch's changes, %FALSE to drop them all
 */
gboolean
mnr_store_end_batch (MnrStore  *self,
                     gboolean   keep,
                     GError   **error)
{
  int rc;

  g_return_val_if_fail (MNR_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->batch_depth > 0, FALSE);

  if (--self->batch_depth > 0)
    return TRUE;

  if (keep && !mnr_store_flush_search_index (self, error))
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      end_bulk (self);
      drop_changes (self);
      return FALSE;
    }

  rc = sqlite3_exec (self->db, keep ? "COMMIT" : "ROLLBACK", NULL, NULL, NULL);
  end_bulk (self);
  if (rc != SQLITE_OK || !keep)
    drop_changes (self);
  if (rc != SQLITE_OK)
    {
      mnr_store_sqlite_error (error, self->db, rc, _("saving the changes"));
      if (!sqlite3_get_autocommit (self->db))
        sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }

  emit_changes (self);
  return TRUE;
}
