/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-server-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#include "mnr-server-store-private.h"

/* The server's store: one SQLite database (WAL, synchronous=FULL) in
 * DATA_DIR/server.db, and blobs as files DATA_DIR/blobs/<xx>/<sha256>.
 *
 * Every accepted write is one IMMEDIATE transaction that checks the
 * expected rev, takes the next seq (MAX(seq)+1) and replaces the row: the
 * seq counter and the record change together, so the changes feed ordered
 * by seq can never skip a write.
 *
 * The store may be called from any thread: each thread gets a connection
 * of its own (mnr_server_store_for_thread()). Readers never wait for one
 * another or for the writer (WAL); writers take turns on the store's
 * write lock, and the rev check inside the IMMEDIATE transaction keeps a
 * conditional write atomic whatever the other threads do. */

#define DB_NAME "server.db"
/* user_version 2: each record's audience (mnr-server-store-audience.c). */
#define DB_VERSION 2

G_DEFINE_FINAL_TYPE (MnrServerStore, mnr_server_store, G_TYPE_OBJECT)

static const char schema_sql[] =
  "CREATE TABLE IF NOT EXISTS records ("
  "  type TEXT NOT NULL,"
  "  id TEXT NOT NULL,"
  "  country TEXT,"
  "  rev INTEGER NOT NULL,"
  "  seq INTEGER NOT NULL UNIQUE,"
  "  deleted INTEGER NOT NULL DEFAULT 0,"
  "  data TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL,"
  "  updated_by TEXT NOT NULL,"
  "  PRIMARY KEY (type, id)"
  ");";

#define RECORD_COLUMNS MNR_SERVER_RECORD_COLUMNS

/* The statements every request runs, prepared once per connection. */
#define GET_SQL     "SELECT " RECORD_COLUMNS " FROM records WHERE type = ?1 AND id = ?2"
#define CHANGES_SQL "SELECT " RECORD_COLUMNS " FROM records WHERE seq > ?1 ORDER BY seq LIMIT ?2"

void
mnr_server_record_free (MnrServerRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->type);
  g_free (record->id);
  g_free (record->country);
  g_free (record->data_json);
  g_free (record->updated_at);
  g_free (record->updated_by);
  g_free (record->parent);
  g_free (record->blob);
  g_clear_pointer (&record->data, json_object_unref);
  g_strfreev (record->groups);
  g_strfreev (record->withheld_groups);
  g_free (record);
}

gboolean
mnr_server_store_sqlite_error (GError    **error,
                               sqlite3    *db,
                               int         rc,
                               const char *what)
{
  /* A full disk (or the database's page limit) is told apart: the
   * service answers it 507, not 500 (docs/sync-protocol.md, 5.8). */
  gboolean full = (rc & 0xff) == SQLITE_FULL ||
                  (db != NULL && ((sqlite3_extended_errcode (db) & 0xff) == SQLITE_FULL ||
                                  sqlite3_system_errno (db) == ENOSPC ||
                                  sqlite3_system_errno (db) == EDQUOT));

  g_set_error (error, G_IO_ERROR, full ? G_IO_ERROR_NO_SPACE : G_IO_ERROR_FAILED,
               "%s failed: %s", what, db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
  return FALSE;
}

static gboolean
exec (sqlite3     *db,
      const char  *sql,
      const char  *what,
      GError     **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return mnr_server_store_sqlite_error (error, db, rc, what);
  return TRUE;
}

static void
mnr_server_store_finalize (GObject *object)
{
  MnrServerStore *self = MNR_SERVER_STORE (object);

  mnr_server_store_close (self);
  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->connections, g_hash_table_unref);
  g_mutex_clear (&self->lock);
  g_mutex_clear (&self->writes);
  g_clear_pointer (&self->data_dir, g_free);
  g_clear_pointer (&self->blobs_dir, g_free);

  G_OBJECT_CLASS (mnr_server_store_parent_class)->finalize (object);
}

static void
mnr_server_store_class_init (MnrServerStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mnr_server_store_finalize;
}

static void
mnr_server_store_init (MnrServerStore *self)
{
  g_mutex_init (&self->lock);
  g_mutex_init (&self->writes);
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

/* @sql's statement on the connection @self, prepared on its first use;
 * back with keep_statement() once done with it. */
static int
prepare_kept (MnrServerStore  *self,
              const char      *sql,
              sqlite3_stmt   **stmt)
{
  if (g_hash_table_steal_extended (self->statements, sql, NULL, (gpointer *) stmt))
    return SQLITE_OK;

  return sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, stmt, NULL);
}

static void
keep_statement (MnrServerStore *self,
                const char     *sql,
                sqlite3_stmt   *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  g_hash_table_insert (self->statements, (gpointer) sql, stmt);
}

int
mnr_server_store_prepare (MnrServerStore  *self,
                          const char      *sql,
                          sqlite3_stmt   **stmt)
{
  return prepare_kept (self, sql, stmt);
}

void
mnr_server_store_done (MnrServerStore *self,
                       const char     *sql,
                       sqlite3_stmt   *stmt)
{
  if (stmt != NULL)
    keep_statement (self, sql, stmt);
}

/* Runs @sql, one statement without rows, through the kept statements. */
static int
run (MnrServerStore *self,
     const char     *sql)
{
  sqlite3_stmt *stmt = NULL;
  int rc = prepare_kept (self, sql, &stmt);

  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  mnr_server_store_done (self, sql, stmt);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* A new connection to @shared's database, for the calling thread. */
static MnrServerStore *
open_connection (MnrServerStore  *shared,
                 GError         **error)
{
  g_autoptr(MnrServerStore) self = g_object_new (MNR_TYPE_SERVER_STORE, NULL);
  g_autofree char *db_path = g_build_filename (shared->data_dir, DB_NAME, NULL);
  int rc;

  self->data_dir = g_strdup (shared->data_dir);
  self->blobs_dir = g_strdup (shared->blobs_dir);
  self->write_lock = &shared->writes;
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, finalize_statement);

  /* One thread uses it at a time: SQLite's own mutex is not needed. */
  rc = sqlite3_open_v2 (db_path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot open %s: %s", db_path,
                   self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return NULL;
    }

  sqlite3_busy_timeout (self->db, 5000);

  if (!exec (self->db,
             "PRAGMA journal_mode = WAL;"
             "PRAGMA synchronous = FULL;",
             "setting up the database", error))
    return NULL;

  /* For testing a full disk where no small filesystem can be mounted:
   * SQLite answers SQLITE_FULL past this many pages, as on a full disk. */
  if (g_getenv ("MNR_SERVER_MAX_PAGE_COUNT") != NULL)
    {
      guint64 pages = g_ascii_strtoull (g_getenv ("MNR_SERVER_MAX_PAGE_COUNT"), NULL, 10);
      g_autofree char *sql = g_strdup_printf ("PRAGMA max_page_count = %" G_GUINT64_FORMAT, pages);

      if (pages > 0 && !exec (self->db, sql, "limiting the database", error))
        return NULL;
    }

  return g_steal_pointer (&self);
}

/* The calling thread's connection to @self's database (@self itself if
 * it is a connection), opened on the thread's first call; borrowed. */
MnrServerStore *
mnr_server_store_for_thread (MnrServerStore  *self,
                             GError         **error)
{
  MnrServerStore *connection;

  g_return_val_if_fail (MNR_IS_SERVER_STORE (self), NULL);

  if (self->write_lock != NULL)
    return self;

  g_mutex_lock (&self->lock);
  connection = self->closed ? NULL : g_hash_table_lookup (self->connections, g_thread_self ());
  if (connection == NULL && !self->closed)
    {
      connection = open_connection (self, error);
      if (connection != NULL)
        g_hash_table_insert (self->connections, g_thread_self (), connection);
    }
  else if (self->closed)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CLOSED, "the store is closed");
  g_mutex_unlock (&self->lock);

  return connection;
}

/* Brings a database of an older server up to DB_VERSION, in one
 * transaction. */
static gboolean
upgrade (MnrServerStore  *self,
         GError         **error)
{
  sqlite3_stmt *stmt = NULL;
  int version = 0;

  if (sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);

  if (version > DB_VERSION)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "the database was written by a newer server (version %d; this one reads up to %d)",
                   version, DB_VERSION);
      return FALSE;
    }
  if (version == DB_VERSION)
    return TRUE;

  if (!exec (self->db, "BEGIN IMMEDIATE", "upgrading the database", error))
    return FALSE;
  if (!mnr_server_store_add_audience (self, error) ||
      !exec (self->db, "PRAGMA user_version = 2; COMMIT", "upgrading the database", error))
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }

  return TRUE;
}

MnrServerStore *
mnr_server_store_open (const char  *data_dir,
                       GError     **error)
{
  g_autoptr(MnrServerStore) self = NULL;
  MnrServerStore *connection;

  g_return_val_if_fail (data_dir != NULL, NULL);

  self = g_object_new (MNR_TYPE_SERVER_STORE, NULL);
  self->data_dir = g_strdup (data_dir);
  self->blobs_dir = g_build_filename (data_dir, "blobs", NULL);
  self->connections = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);

  if (g_mkdir_with_parents (self->blobs_dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "cannot create the data directory %s: %s",
                   self->blobs_dir, g_strerror (saved_errno));
      return NULL;
    }

  /* The schema and its upgrades, on the opening thread's connection. */
  connection = mnr_server_store_for_thread (self, error);
  if (connection == NULL ||
      !exec (connection->db, schema_sql, "creating the records table", error) ||
      !upgrade (connection, error))
    return NULL;

  return g_steal_pointer (&self);
}

/* Closes the database, every thread's connection to it; the store can no
 * longer be used. Only once no other thread uses it. */
void
mnr_server_store_close (MnrServerStore *self)
{
  g_return_if_fail (MNR_IS_SERVER_STORE (self));

  if (self->statements != NULL)
    g_hash_table_remove_all (self->statements);
  if (self->db != NULL)
    {
      sqlite3_close_v2 (self->db);
      self->db = NULL;
    }

  g_mutex_lock (&self->lock);
  self->closed = TRUE;
  if (self->connections != NULL)
    g_hash_table_remove_all (self->connections);
  g_mutex_unlock (&self->lock);
}

/* Opens the calling thread's connection now, rather than at its first
 * use. */
gboolean
mnr_server_store_connect (MnrServerStore  *self,
                          GError         **error)
{
  return mnr_server_store_for_thread (self, error) != NULL;
}

/**
 * mnr_server_store_begin_read:
 *
 * Starts a read transaction on the calling thread's connection: every
 * read until mnr_server_store_end_read() sees the database as it was at
 * the first of them, whatever other threads write meanwhile.
 */
gboolean
mnr_server_store_begin_read (MnrServerStore  *self,
                             GError         **error)
{
  int rc;

  if (!(self = mnr_server_store_for_thread (self, error)))
    return FALSE;

  rc = run (self, "BEGIN");
  if (rc != SQLITE_OK)
    return mnr_server_store_sqlite_error (error, self->db, rc, "starting a read");
  return TRUE;
}

/* Ends the calling thread's read transaction; it has written nothing. */
void
mnr_server_store_end_read (MnrServerStore *self)
{
  if (!(self = mnr_server_store_for_thread (self, NULL)))
    return;

  if (!sqlite3_get_autocommit (self->db))
    run (self, "ROLLBACK");
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  return text != NULL ? g_strdup ((const char *) text) : NULL;
}

static GStrv
column_words (sqlite3_stmt *stmt,
              int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) words = g_strsplit (text != NULL ? text : "", " ", -1);

  for (guint i = 0; words[i] != NULL; i++)
    if (words[i][0] != '\0')
      g_strv_builder_add (builder, words[i]);

  return g_strv_builder_end (builder);
}

MnrServerRecord *
mnr_server_record_from_row (sqlite3_stmt *stmt)
{
  MnrServerRecord *record = g_new0 (MnrServerRecord, 1);

  record->type = column_dup (stmt, 0);
  record->id = column_dup (stmt, 1);
  record->country = column_dup (stmt, 2);
  record->rev = sqlite3_column_int64 (stmt, 3);
  record->seq = sqlite3_column_int64 (stmt, 4);
  record->deleted = sqlite3_column_int (stmt, 5) != 0;
  record->data_json = column_dup (stmt, 6);
  record->updated_at = column_dup (stmt, 7);
  record->updated_by = column_dup (stmt, 8);
  record->parent = column_dup (stmt, 9);
  record->blob = column_dup (stmt, 10);
  record->groups = column_words (stmt, 11);
  record->restricted = sqlite3_column_int (stmt, 12) != 0;
  record->withheld_groups = column_words (stmt, 13);
  record->withheld_readers = sqlite3_column_int (stmt, 14) != 0;

  return record;
}

gboolean
mnr_server_store_get (MnrServerStore   *self,
                      const char       *type,
                      const char       *id,
                      MnrServerRecord **record,
                      GError          **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (MNR_IS_SERVER_STORE (self), FALSE);
  g_return_val_if_fail (record != NULL, FALSE);

  *record = NULL;
  if (!(self = mnr_server_store_for_thread (self, error)))
    return FALSE;

  rc = prepare_kept (self, GET_SQL, &stmt);
  if (rc != SQLITE_OK)
    return mnr_server_store_sqlite_error (error, self->db, rc, "reading a record");

  sqlite3_bind_text (stmt, 1, type, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_TRANSIENT);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *record = mnr_server_record_from_row (stmt);
  keep_statement (self, GET_SQL, stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return mnr_server_store_sqlite_error (error, self->db, rc, "reading a record");

  return TRUE;
}

static char *
now_utc (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

#define NEXT_SEQ_SQL "SELECT COALESCE(MAX(seq), 0) + 1 FROM records"
#define INSERT_SQL \
  "INSERT OR REPLACE INTO records (" RECORD_COLUMNS ") " \
  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)"

/* Undoes the write under way (on the connection @self): its transaction,
 * releasing the write lock, or in a batch its savepoint alone (the
 * batch's earlier writes stay, and the lock with the batch). */
static void
rollback_write (MnrServerStore *self)
{
  if (self->in_batch)
    {
      if (run (self, "ROLLBACK TO record") == SQLITE_OK)
        run (self, "RELEASE record");
      return;
    }

  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  g_mutex_unlock (self->write_lock);
}

/* Opens, on the calling thread's connection, one write transaction for
 * the writes that follow, up to mnr_server_store_end_batch(): each
 * mnr_server_store_write() is then a savepoint of it, applied or undone
 * alone, and the batch pays for one commit (one fsync of the WAL) in
 * all. The write lock is held from here to the end of the batch. */
gboolean
mnr_server_store_begin_batch (MnrServerStore  *self,
                              GError         **error)
{
  g_return_val_if_fail (MNR_IS_SERVER_STORE (self), FALSE);

  if (!(self = mnr_server_store_for_thread (self, error)))
    return FALSE;
  g_return_val_if_fail (!self->in_batch, FALSE);

  g_mutex_lock (self->write_lock);
  if (!exec (self->db, "BEGIN IMMEDIATE", "starting a batch", error))
    {
      g_mutex_unlock (self->write_lock);
      return FALSE;
    }

  self->in_batch = TRUE;
  return TRUE;
}

/* Commits the batch's writes (@keep) or undoes them all, and releases the
 * write lock. The revs and seqs the writes were given hold only once this
 * returns %TRUE with @keep. */
gboolean
mnr_server_store_end_batch (MnrServerStore  *self,
                            gboolean         keep,
                            GError         **error)
{
  int rc;

  g_return_val_if_fail (MNR_IS_SERVER_STORE (self), FALSE);

  if (!(self = mnr_server_store_for_thread (self, error)))
    return FALSE;
  g_return_val_if_fail (self->in_batch, FALSE);

  self->in_batch = FALSE;
  rc = sqlite3_exec (self->db, keep ? "COMMIT" : "ROLLBACK", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      mnr_server_store_sqlite_error (error, self->db, rc, "saving a batch");
      if (!sqlite3_get_autocommit (self->db))
        sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
    }
  g_mutex_unlock (self->write_lock);
  return rc == SQLITE_OK;
}

/* Writes @record (type, id, country, deleted, data_json, updated_by) if
 * the stored rev is @expected_rev (0: the record must not exist). On
 * success fills in rev, seq, updated_at and the audience; on a changed
 * rev sets @conflict and changes nothing. The records whose audience
 * follows this one's (a round's ratings) take a new seq in the same
 * transaction when it changed, so that the feed brings them to those
 * who may now read them (mnr_server_store_pass_audience()). */
gboolean
mnr_server_store_write (MnrServerStore   *self,
                        MnrServerRecord  *record,
                        gint64            expected_rev,
                        gboolean         *conflict,
                        GError          **error)
{
  sqlite3_stmt *stmt = NULL;
  const char *sql = NEXT_SEQ_SQL;  /* stmt's */
  g_autoptr(MnrServerRecord) current = NULL;
  gint64 current_rev = 0, next_seq = 1, own_seq;
  g_autofree char *updated_at = NULL;
  g_autofree char *groups = NULL;
  g_autofree char *withheld_groups = NULL;
  int rc;

  g_return_val_if_fail (MNR_IS_SERVER_STORE (self), FALSE);
  g_return_val_if_fail (record != NULL && conflict != NULL, FALSE);

  *conflict = FALSE;
  if (!(self = mnr_server_store_for_thread (self, error)))
    return FALSE;

  if (self->in_batch)
    rc = run (self, "SAVEPOINT record");
  else
    {
      g_mutex_lock (self->write_lock);
      rc = sqlite3_exec (self->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    }
  if (rc != SQLITE_OK)
    {
      mnr_server_store_sqlite_error (error, self->db, rc, "starting a write");
      if (!self->in_batch)
        g_mutex_unlock (self->write_lock);
      return FALSE;
    }

  if (!mnr_server_store_get (self, record->type, record->id, &current, error))
    goto fail_quietly;
  if (current != NULL)
    current_rev = current->rev;

  if (current_rev != expected_rev)
    {
      rollback_write (self);
      *conflict = TRUE;
      return TRUE;
    }

  if (!mnr_server_store_set_audience (self, record, current, error))
    goto fail_quietly;

  rc = prepare_kept (self, NEXT_SEQ_SQL, &stmt);
  if (rc != SQLITE_OK)
    goto fail;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    goto fail;
  next_seq = own_seq = sqlite3_column_int64 (stmt, 0);
  keep_statement (self, NEXT_SEQ_SQL, g_steal_pointer (&stmt));

  updated_at = now_utc ();
  groups = g_strjoinv (" ", record->groups);
  withheld_groups = g_strjoinv (" ", record->withheld_groups);

  sql = INSERT_SQL;
  rc = prepare_kept (self, INSERT_SQL, &stmt);
  if (rc != SQLITE_OK)
    goto fail;
  sqlite3_bind_text (stmt, 1, record->type, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, record->id, -1, SQLITE_TRANSIENT);
  if (record->country != NULL)
    sqlite3_bind_text (stmt, 3, record->country, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 3);
  sqlite3_bind_int64 (stmt, 4, current_rev + 1);
  sqlite3_bind_int64 (stmt, 5, next_seq);
  sqlite3_bind_int (stmt, 6, record->deleted ? 1 : 0);
  sqlite3_bind_text (stmt, 7, record->data_json, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 8, updated_at, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 9, record->updated_by != NULL ? record->updated_by : "", -1,
                     SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 10, record->parent, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 11, record->blob, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 12, groups, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 13, record->restricted ? 1 : 0);
  sqlite3_bind_text (stmt, 14, withheld_groups, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 15, record->withheld_readers ? 1 : 0);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    goto fail;
  keep_statement (self, INSERT_SQL, g_steal_pointer (&stmt));

  next_seq++;
  if (!mnr_server_store_pass_audience (self, record, current, &next_seq, error))
    goto fail_quietly;

  if (self->in_batch)
    rc = run (self, "RELEASE record");
  else
    rc = sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    goto fail;
  if (!self->in_batch)
    g_mutex_unlock (self->write_lock);

  record->rev = current_rev + 1;
  record->seq = own_seq;
  g_free (record->updated_at);
  record->updated_at = g_steal_pointer (&updated_at);

  return TRUE;

fail:
  mnr_server_store_sqlite_error (error, self->db, rc, "saving a record");
fail_quietly:
  if (stmt != NULL)
    keep_statement (self, sql, stmt);
  rollback_write (self);
  return FALSE;
}

/* Records with seq > @since in seq order, at most @limit of them. */
GPtrArray *
mnr_server_store_changes (MnrServerStore  *self,
                          gint64           since,
                          guint            limit,
                          gboolean        *more,
                          GError         **error)
{
  g_autoptr(GPtrArray) records = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (MNR_IS_SERVER_STORE (self), NULL);
  g_return_val_if_fail (more != NULL, NULL);

  records = g_ptr_array_new_with_free_func ((GDestroyNotify) mnr_server_record_free);
  *more = FALSE;
  if (!(self = mnr_server_store_for_thread (self, error)))
    return NULL;

  rc = prepare_kept (self, CHANGES_SQL, &stmt);
  if (rc != SQLITE_OK)
    {
      mnr_server_store_sqlite_error (error, self->db, rc, "reading the changes");
      return NULL;
    }

  sqlite3_bind_int64 (stmt, 1, since);
  sqlite3_bind_int64 (stmt, 2, (gint64) limit + 1);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (records->len == limit)
        {
          *more = TRUE;
          rc = SQLITE_DONE;
          break;
        }
      g_ptr_array_add (records, mnr_server_record_from_row (stmt));
    }
  keep_statement (self, CHANGES_SQL, stmt);

  if (rc != SQLITE_DONE)
    {
      mnr_server_store_sqlite_error (error, self->db, rc, "reading the changes");
      return NULL;
    }

  return g_steal_pointer (&records);
}

/* The records (of any state) whose file is the blob @sha256: who may read
 * one of them may read the blob. */
GPtrArray *
mnr_server_store_list_blob_records (MnrServerStore  *self,
                                    const char      *sha256,
                                    GError         **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) mnr_server_record_free);
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (MNR_IS_SERVER_STORE (self), NULL);

  if (!(self = mnr_server_store_for_thread (self, error)))
    return NULL;
  rc = sqlite3_prepare_v2 (self->db, "SELECT " RECORD_COLUMNS " FROM records WHERE blob = ?1",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      mnr_server_store_sqlite_error (error, self->db, rc, "looking up a blob");
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, sha256, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (records, mnr_server_record_from_row (stmt));
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      mnr_server_store_sqlite_error (error, self->db, rc, "looking up a blob");
      return NULL;
    }

  return g_steal_pointer (&records);
}

char *
mnr_server_store_blob_path (MnrServerStore *self,
                            const char     *sha256)
{
  char prefix[3] = { sha256[0], sha256[1], '\0' };

  g_return_val_if_fail (MNR_IS_SERVER_STORE (self), NULL);

  return g_build_filename (self->blobs_dir, prefix, sha256, NULL);
}

static gboolean
fsync_directory (const char  *path,
                 GError     **error)
{
  int fd = open (path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd < 0 || fsync (fd) != 0)
    {
      int saved_errno = errno;

      if (fd >= 0)
        close (fd);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "cannot sync %s: %s", path, g_strerror (saved_errno));
      return FALSE;
    }

  close (fd);
  return TRUE;
}

/* Stores @bytes, already checked against @sha256, as a blob: written to
 * a temporary file, fsync'ed and renamed, so a blob file is always whole. */
gboolean
mnr_server_store_put_blob (MnrServerStore  *self,
                           const char      *sha256,
                           GBytes          *bytes,
                           gboolean        *created,
                           GError         **error)
{
  g_autofree char *path = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *tmp_path = NULL;
  const guint8 *data;
  gsize size, written = 0;
  int fd;

  g_return_val_if_fail (MNR_IS_SERVER_STORE (self), FALSE);
  g_return_val_if_fail (created != NULL, FALSE);

  *created = FALSE;
  path = mnr_server_store_blob_path (self, sha256);
  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return TRUE;

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "cannot create %s: %s", dir, g_strerror (saved_errno));
      return FALSE;
    }

  tmp_path = g_strconcat (path, ".XXXXXX.tmp", NULL);
  fd = g_mkstemp_full (tmp_path, O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "cannot create a temporary file in %s: %s", dir, g_strerror (saved_errno));
      return FALSE;
    }

  data = g_bytes_get_data (bytes, &size);
  while (written < size)
    {
      gssize n = write (fd, data + written, size - written);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        goto fail;
      written += n;
    }

  if (fsync (fd) != 0)
    goto fail;
  if (close (fd) != 0)
    {
      fd = -1;
      goto fail;
    }
  fd = -1;

  if (g_rename (tmp_path, path) != 0)
    goto fail;

  *created = TRUE;
  return fsync_directory (dir, error);

fail:
  {
    int saved_errno = errno;

    if (fd >= 0)
      close (fd);
    g_unlink (tmp_path);
    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                 "cannot write the blob: %s", g_strerror (saved_errno));
    return FALSE;
  }
}
