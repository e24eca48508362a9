/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-store"

#include "config.h"

#include <glib/gi18n.h>
#include <sqlite3.h>

#include "mnr-store.h"
#include "mnr-store-private.h"

/* The whole-file check of a store, after it has opened.
 *
 * mnr_store_open() checks every page of an existing store (PRAGMA
 * quick_check, 90 ms at 60 MB) before it returns, so that nothing is ever
 * written to a damaged file. With MNR_STORE_OPEN_DEFER_CHECK, a store that
 * was closed cleanly opens at once instead, through a read-only
 * connection that SQLite itself keeps from writing, and an authorizer
 * that refuses every change with MNR_STORE_ERROR_CHECKING (the words say
 * so). mnr_store_check_async() then reads the file in a worker thread,
 * with a connection of its own; once the file passes, the store opens its
 * writing connection and takes changes. A store that fails is closed, and
 * the check's error is the one mnr_store_open() would have given: its
 * bytes are untouched either way.
 *
 * "Closed cleanly" is what SQLite leaves: the store's connection runs in
 * WAL mode, and the write-ahead log beside the file exists from the
 * moment it opens until the last connection closes properly. A log left
 * behind means a crash or a kill, or another program with the store open:
 * the store is then checked before it opens, as always. */

static int
refuse_writes_cb (void       *user_data,
                  int         action,
                  const char *first,
                  const char *second,
                  const char *database,
                  const char *trigger)
{
  switch (action)
    {
    /* The store's own tables. Not the schema's: a virtual table (the
     * full-text index, json_each ()) declares itself when it is first
     * read, which SQLite authorizes as a change of sqlite_master, and the
     * read-only connection refuses any real change of the schema. */
    case SQLITE_INSERT:
    case SQLITE_UPDATE:
    case SQLITE_DELETE:
      return first != NULL && g_str_has_prefix (first, "sqlite_") ? SQLITE_OK : SQLITE_DENY;

    case SQLITE_TRANSACTION:
    case SQLITE_SAVEPOINT:
      /* Ending one is harmless; a change begins with one. */
      return g_strcmp0 (first, "BEGIN") == 0 ? SQLITE_DENY : SQLITE_OK;

    default:
      return SQLITE_OK;
    }
}

/* Opens @self read-only without its check, when it may: closed cleanly,
 * of this version's schema (a migration writes, so it needs the check
 * first). */
MnrStoreUnchecked
mnr_store_open_unchecked (MnrStore  *self,
                          GError   **error)
{
  g_autofree char *wal = g_strconcat (self->db_path, "-wal", NULL);
  sqlite3 *db = NULL;
  int rc, version, n_tables;

  if (g_file_test (wal, G_FILE_TEST_EXISTS))
    return MNR_STORE_UNCHECKED_NEEDS_CHECK;

  rc = mnr_store_open_untouched (self->db_path, &db);
  version = mnr_store_read_header (db, rc, self->db_path, &n_tables, error);
  if (version < 0)
    {
      sqlite3_close (db);
      return MNR_STORE_UNCHECKED_REFUSED;
    }

  if (version != MNR_STORE_SCHEMA_VERSION)
    {
      sqlite3_close (db);
      return MNR_STORE_UNCHECKED_NEEDS_CHECK;
    }

  sqlite3_extended_result_codes (db, TRUE);
  sqlite3_set_authorizer (db, refuse_writes_cb, NULL);
  self->db = db;
  self->schema_version = version;
  self->checked = FALSE;
  return MNR_STORE_UNCHECKED_OPEN;
}

/**
 * mnr_store_is_checked:
 *
 * Returns: whether the store has passed its check and takes changes;
 *   always %TRUE for a store opened without %MNR_STORE_OPEN_DEFER_CHECK
 */
gboolean
mnr_store_is_checked (MnrStore *self)
{
  g_return_val_if_fail (MNR_IS_STORE (self), FALSE);

  return self->checked;
}

gboolean
mnr_store_ensure_writable (MnrStore    *self,
                           const char  *what,
                           GError     **error)
{
  if (self->checked)
    return TRUE;

  g_set_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_CHECKING,
               _("Your data is still being checked, so %s was not done and nothing was changed. "
                 "Try again in a moment."), what);
  return FALSE;
}

/* In the worker: the file's own connection, never the store's. */
static void
check_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  const char *path = task_data;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;
  int rc, n_tables;

  rc = mnr_store_open_untouched (path, &db);
  if (mnr_store_read_header (db, rc, path, &n_tables, &error) < 0 ||
      !mnr_store_check_pages (db, path, &error))
    {
      sqlite3_close (db);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  sqlite3_close (db);
  g_task_return_boolean (task, TRUE);
}

/* Back on the store's thread: the writing connection takes the place of
 * the read-only one, or the store closes. */
static void
check_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  MnrStore *self = MNR_STORE (source);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) attachments = NULL;
  sqlite3 *db;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      mnr_store_close (self);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!mnr_store_ensure_open (self, &error) ||
      (db = mnr_store_open_writable (self->db_path, &error)) == NULL)
    {
      mnr_store_close (self);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The statements prepared on the read-only connection go with it: kept,
   * they would go on reading through it (opened immutable: blind to the
   * changes made since) and keep it open, as close_v2 only marks a
   * connection with statements left. */
  g_hash_table_remove_all (self->statements);
  sqlite3_close_v2 (self->db);
  self->db = db;

  attachments = g_file_get_child (self->directory, "attachments");
  g_file_make_directory (attachments, NULL, NULL);
  mnr_store_remove_stale_incoming (attachments);

  mnr_store_set_checked (self);
  g_task_return_boolean (task, TRUE);
}

/**
 * mnr_store_check_async:
 *
 * Checks every page of a store opened with %MNR_STORE_OPEN_DEFER_CHECK in
 * a worker thread; once it passes, the store takes changes
 * (#MnrStore:checked). A store that fails is closed. For a store already
 * checked this ends at once. Call it once.
 */
void
mnr_store_check_async (MnrStore            *self,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) check = NULL;

  g_return_if_fail (MNR_IS_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mnr_store_check_async);

  if (self->checked)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (self->check_started)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING, "The store is being checked already.");
      return;
    }
  self->check_started = TRUE;

  check = g_task_new (self, NULL, check_done_cb, g_steal_pointer (&task));
  g_task_set_source_tag (check, check_thread);
  g_task_set_task_data (check, g_strdup (self->db_path), g_free);
  g_task_run_in_thread (check, check_thread);
}

/**
 * mnr_store_check_finish:
 *
 * Returns: %TRUE when the store passed and takes changes; %FALSE with
 *   @error (#MNR_STORE_ERROR_DAMAGED for a damaged file, as
 *   mnr_store_open() says it) when it failed and was closed
 */
gboolean
mnr_store_check_finish (MnrStore      *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
