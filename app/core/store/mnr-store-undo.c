/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-store"

#include "config.h"

/* SQLite's session extension, which Debian's and Ubuntu's libsqlite3
 * are built with: it records what a transaction changed, row by row,
 * and makes the changes that take it back. */
#define SQLITE_ENABLE_SESSION 1
#define SQLITE_ENABLE_PREUPDATE_HOOK 1
#include <sqlite3.h>

#include <glib/gi18n.h>

#include "mnr-store-private.h"

/* An undo that leaves the store as it was: a batch recorded as it is
 * written, then taken back by the inverse of what it changed, every
 * table's rows as before (the AUTOINCREMENT counters too). When a row
 * has changed since (an edit, a sync), taking it back is refused whole
 * and the caller undoes by its own means. */

struct _MnrStoreUndo
{
  GBytes     *changes;
  GHashTable *sequences;  /* sqlite_sequence before: table → counter */
};

void
mnr_store_undo_free (MnrStoreUndo *undo)
{
  if (undo == NULL)
    return;
  g_clear_pointer (&undo->changes, g_bytes_unref);
  g_clear_pointer (&undo->sequences, g_hash_table_unref);
  g_free (undo);
}

static GHashTable *
read_sequences (MnrStore *self)
{
  GHashTable *sequences = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, "SELECT name, seq FROM sqlite_sequence", -1, &stmt, NULL) == SQLITE_OK)
    while (sqlite3_step (stmt) == SQLITE_ROW)
      g_hash_table_insert (sequences, g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                           GINT_TO_POINTER (sqlite3_column_int (stmt, 1)));
  sqlite3_finalize (stmt);
  return sequences;
}

/**
 * mnr_store_begin_recorded_batch:
 *
 * Begins a batch (mnr_store_begin_batch()) whose changes are recorded
 * for mnr_store_undo(). Batches do not nest inside a recorded one.
 */
gboolean
mnr_store_begin_recorded_batch (MnrStore  *self,
                                GError   **error)
{
  sqlite3_session *session = NULL;
  int rc;

  g_return_val_if_fail (MNR_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->batch_depth == 0 && self->recording == NULL, FALSE);

  if (!mnr_store_begin_batch (self, error))
    return FALSE;
  rc = sqlite3session_create (self->db, "main", &session);
  if (rc == SQLITE_OK)
    rc = sqlite3session_attach (session, NULL);
  if (rc != SQLITE_OK)
    {
      if (session != NULL)
        sqlite3session_delete (session);
      mnr_store_end_batch (self, FALSE, NULL);
      return mnr_store_sqlite_error (error, self->db, rc, _("starting the changes"));
    }
  self->recording = session;
  self->recording_sequences = read_sequences (self);
  return TRUE;
}

/**
 * mnr_store_end_recorded_batch:
 * @keep: %TRUE to commit the batch, %FALSE to drop it
 * @undo: (out) (optional): what takes it back, once committed
 */
gboolean
mnr_store_end_recorded_batch (MnrStore      *self,
                              gboolean       keep,
                              MnrStoreUndo **undo,
                              GError       **error)
{
  sqlite3_session *session = self->recording;
  g_autoptr(GHashTable) sequences = g_steal_pointer (&self->recording_sequences);
  void *data = NULL;
  int size = 0, rc = SQLITE_OK;

  g_return_val_if_fail (MNR_IS_STORE (self), FALSE);
  g_return_val_if_fail (session != NULL, FALSE);

  self->recording = NULL;
  if (keep)
    rc = sqlite3session_changeset (session, &size, &data);
  sqlite3session_delete (session);
  if (rc != SQLITE_OK)
    {
      mnr_store_end_batch (self, FALSE, NULL);
      return mnr_store_sqlite_error (error, self->db, rc, _("saving the changes"));
    }
  if (!mnr_store_end_batch (self, keep, error))
    {
      sqlite3_free (data);
      return FALSE;
    }
  if (undo != NULL && keep)
    {
      *undo = g_new0 (MnrStoreUndo, 1);
      (*undo)->changes = g_bytes_new (data, size);
      (*undo)->sequences = g_steal_pointer (&sequences);
    }
  sqlite3_free (data);
  return TRUE;
}

static int
refuse_conflict (void                   *user_data,
                 int                     conflict,
                 sqlite3_changeset_iter *iter)
{
  return SQLITE_CHANGESET_ABORT;
}

/* The records the undo changes, for MnrStore::changed. */
static void
note_changes (MnrStore *self,
              void     *inverse,
              int       size)
{
  static const char * const types[][2] = { { "ratings", "rating" }, { "rounds", "round" } };
  sqlite3_changeset_iter *iter = NULL;

  if (sqlite3changeset_start (&iter, size, inverse) != SQLITE_OK)
    return;
  while (sqlite3changeset_next (iter) == SQLITE_ROW)
    {
      const char *table;
      sqlite3_value *id = NULL;
      int n_columns, op, indirect;

      if (sqlite3changeset_op (iter, &table, &n_columns, &op, &indirect) != SQLITE_OK)
        continue;
      if (op == SQLITE_INSERT ? sqlite3changeset_new (iter, 0, &id) : sqlite3changeset_old (iter, 0, &id))
        continue;
      for (guint t = 0; t < G_N_ELEMENTS (types); t++)
        if (g_str_equal (table, types[t][0]) && id != NULL)
          mnr_store_note_change (self, types[t][1], (const char *) sqlite3_value_text (id), FALSE);
    }
  sqlite3changeset_finalize (iter);
}

static gboolean
restore_sequences (MnrStore    *self,
                   GHashTable  *before,
                   GError     **error)
{
  g_autoptr(GHashTable) now = read_sequences (self);
  GHashTableIter iter;
  gpointer name;

  g_hash_table_iter_init (&iter, now);
  while (g_hash_table_iter_next (&iter, &name, NULL))
    {
      sqlite3_stmt *stmt = NULL;
      gboolean done;

      if (sqlite3_prepare_v2 (self->db, g_hash_table_contains (before, name)
                                          ? "UPDATE sqlite_sequence SET seq = ?2 WHERE name = ?1"
                                          : "DELETE FROM sqlite_sequence WHERE name = ?1",
                              -1, &stmt, NULL) != SQLITE_OK)
        return mnr_store_sqlite_error (error, self->db, sqlite3_errcode (self->db), _("undoing the changes"));
      sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
      if (g_hash_table_contains (before, name))
        sqlite3_bind_int (stmt, 2, GPOINTER_TO_INT (g_hash_table_lookup (before, name)));
      done = sqlite3_step (stmt) == SQLITE_DONE;
      sqlite3_finalize (stmt);
      if (!done)
        return mnr_store_sqlite_error (error, self->db, sqlite3_errcode (self->db), _("undoing the changes"));
    }
  return TRUE;
}

static gboolean
changed_since (GError **error)
{
  g_set_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_NOT_FOUND,
               _("The records have changed since: they are not as the change left them."));
  return FALSE;
}

/* The inverse changes, in the transaction under way. Foreign keys are off
 * meanwhile, so that deleting a row the batch made cascades to nothing;
 * a row made since that refers to one (evidence of a country the batch
 * first brought, say) is then a violation, and nothing is undone. */
static gboolean
apply_inverse (MnrStore     *self,
               void         *inverse,
               int           size,
               MnrStoreUndo *undo,
               GError      **error)
{
  sqlite3_stmt *check = NULL;
  gboolean violated;
  int rc = sqlite3changeset_apply (self->db, size, inverse, NULL, refuse_conflict, NULL);

  if (rc == SQLITE_ABORT)
    return changed_since (error);
  if (rc != SQLITE_OK)
    return mnr_store_sqlite_error (error, self->db, rc, _("undoing the changes"));

  rc = sqlite3_prepare_v2 (self->db, "PRAGMA foreign_key_check", -1, &check, NULL);
  if (rc != SQLITE_OK)
    return mnr_store_sqlite_error (error, self->db, rc, _("undoing the changes"));
  violated = sqlite3_step (check) == SQLITE_ROW;
  sqlite3_finalize (check);
  if (violated)
    return changed_since (error);

  /* The counters of AUTOINCREMENT tables, as they were. */
  return restore_sequences (self, undo->sequences, error);
}

/**
 * mnr_store_undo:
 *
 * Takes a recorded batch back, in one transaction, leaving every row as
 * it was before the batch.
 *
 * Returns: %FALSE with %MNR_STORE_ERROR_NOT_FOUND, and nothing changed,
 *   when a row it wrote has changed since or a row made since refers to
 *   one it made; %FALSE with another error when the store cannot be
 *   written
 */
gboolean
mnr_store_undo (MnrStore      *self,
                MnrStoreUndo  *undo,
                GError       **error)
{
  void *inverse = NULL;
  int size = 0, rc;
  gboolean done;

  g_return_val_if_fail (MNR_IS_STORE (self), FALSE);
  g_return_val_if_fail (undo != NULL, FALSE);
  g_return_val_if_fail (self->batch_depth == 0, FALSE);

  rc = sqlite3changeset_invert (g_bytes_get_size (undo->changes), (void *) g_bytes_get_data (undo->changes, NULL),
                                &size, &inverse);
  if (rc != SQLITE_OK)
    return mnr_store_sqlite_error (error, self->db, rc, _("undoing the changes"));

  /* Only outside a transaction does the pragma take. */
  done = mnr_store_exec_sql (self->db, "PRAGMA foreign_keys = OFF", _("undoing the changes"), error) &&
         mnr_store_begin (self, _("undoing the changes"), error);
  if (done && apply_inverse (self, inverse, size, undo, error))
    {
      note_changes (self, inverse, size);
      done = mnr_store_commit (self, _("undoing the changes"), error);
    }
  else if (done)
    {
      mnr_store_rollback (self);
      done = FALSE;
    }
  sqlite3_free (inverse);
  if (!mnr_store_exec_sql (self->db, "PRAGMA foreign_keys = ON", _("undoing the changes"), done ? error : NULL))
    return FALSE;
  return done;
}
