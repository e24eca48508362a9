/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-store"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "mnr-country.h"
#include "mnr-evidence-private.h"
#include "mnr-ids.h"
#include "mnr-store.h"
#include "mnr-store-schema.h"

/* The local store: the user's data, which is never lost.
 *
 * One SQLite database (WAL, foreign keys, synchronous=FULL, every change in
 * a transaction) in a folder of its own, with attachments beside it as
 * files named by their SHA-256 and rolling backups in backups/.
 *
 * A store is checked through a read-only connection before anything is
 * written to it: a store from a newer version, a damaged file or another
 * program's database is refused with its bytes untouched. A backup is
 * taken before any migration, and once a day.
 *
 * Every record has an id made here (UUIDs; ratings a deterministic id from
 * country, round and element), creation and update times and authors, so
 * that sync can add revisions and tombstones without a rewrite. Evidence
 * is removed by marking it (deleted_at), which makes removal undoable and
 * leaves a tombstone for sync. */

#define DB_NAME "mnr-tracker.db"
#define APPLICATION_ID_MAGIC 0x4d4e5254 /* "MNRT" */
#define BACKUP_INTERVAL (24 * G_TIME_SPAN_HOUR)

struct _MnrStore
{
  GObject  parent_instance;

  GFile   *directory;
  char    *db_path;
  sqlite3 *db;
  char    *author;
  int      schema_version;
  guint    batch_depth;
};

G_DEFINE_FINAL_TYPE (MnrStore, mnr_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (mnr-store-error-quark, mnr_store_error)

static gboolean remember_base (MnrStore    *self,
                               const char  *type,
                               const char  *id,
                               GError     **error);

void
mnr_rating_free (MnrRating *rating)
{
  if (rating == NULL)
    return;
  g_free (rating->id);
  g_free (rating->element_id);
  g_free (rating->level_id);
  g_free (rating->rationale);
  g_free (rating->updated_by);
  g_free (rating);
}

void
mnr_round_free (MnrRound *round)
{
  if (round == NULL)
    return;
  g_free (round->id);
  g_free (round->country);
  g_free (round->name);
  g_free (round->date);
  g_free (round);
}

void
mnr_attachment_free (MnrAttachment *attachment)
{
  if (attachment == NULL)
    return;
  g_free (attachment->id);
  g_free (attachment->evidence_id);
  g_free (attachment->sha256);
  g_free (attachment->name);
  g_free (attachment->content_type);
  g_free (attachment);
}

/* --- errors ------------------------------------------------------------ */

/* Turns an SQLite result into an error a person understands; @what says
 * what was being done ("saving the rating"). */
static gboolean
sqlite_error (GError    **error,
              sqlite3    *db,
              int         rc,
              const char *what)
{
  const char *detail = db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc);
  int system_errno = db != NULL ? sqlite3_system_errno (db) : 0;

  g_debug ("SQLite error %d (extended %d), errno %d: %s", rc & 0xff,
           db != NULL ? sqlite3_extended_errcode (db) : rc, system_errno, detail);

  /* A write that failed for want of space is "disk full", whatever
   * SQLite called it: past a quota or a file size limit, and on some file
   * systems when full, it reports a failed write, not a full disk. */
  if ((rc & 0xff) == SQLITE_IOERR &&
      (system_errno == ENOSPC || system_errno == EDQUOT || system_errno == EFBIG ||
       (db != NULL && sqlite3_extended_errcode (db) == SQLITE_IOERR_WRITE)))
    rc = SQLITE_FULL;

  switch (rc & 0xff)
    {
    case SQLITE_FULL:
      g_set_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_DISK_FULL,
                   _("The disk is full or cannot be written, so %s failed and nothing was changed. "
                     "Free some space and try again."), what);
      break;

    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
      g_set_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_READ_ONLY,
                   _("The data folder cannot be written, so %s failed and nothing was changed (%s)."),
                   what, detail);
      break;

    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_BUSY,
                   _("Another program is using the data, so %s failed. Close it and try again."),
                   what);
      break;

    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      g_set_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_DAMAGED,
                   _("The data file is damaged, so %s failed (%s). "
                     "It has been left as it is; restore a backup to go on."),
                   what, detail);
      break;

    case SQLITE_CONSTRAINT:
      g_set_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_INVALID,
                   _("The data was refused, so %s failed (%s)."), what, detail);
      break;

    default:
      g_set_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_FAILED,
                   _("%s failed: %s"), what, detail);
    }

  return FALSE;
}

static gboolean
invalid (GError    **error,
         const char *format,
         ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError    **error,
         const char *format,
         ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error_literal (error, MNR_STORE_ERROR, MNR_STORE_ERROR_INVALID, message);

  return FALSE;
}

/* --- small SQL helpers -------------------------------------------------- */

static gboolean
exec (sqlite3     *db,
      const char  *sql,
      const char  *what,
      GError     **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return sqlite_error (error, db, rc, what);

  return TRUE;
}

static sqlite3_stmt *
prepare (sqlite3     *db,
         const char  *sql,
         const char  *what,
         GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      sqlite_error (error, db, rc, what);
      return NULL;
    }

  return stmt;
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  sqlite3_bind_text (stmt, index, text != NULL ? text : "", -1, SQLITE_TRANSIENT);
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  return g_strdup (text != NULL ? (const char *)text : "");
}

/* Runs a statement that returns no rows. */
static gboolean
step_done (sqlite3_stmt *stmt,
           sqlite3      *db,
           const char   *what,
           GError      **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE)
    return sqlite_error (error, db, rc, what);

  return TRUE;
}

static gboolean ensure_open (MnrStore *self, GError **error);

/* Every change is a transaction of its own, or a savepoint inside a batch
 * (mnr_store_begin_batch()), so that many changes can share one commit. */
static gboolean
begin (MnrStore    *self,
       const char  *what,
       GError     **error)
{
  if (self->batch_depth > 0)
    return exec (self->db, "SAVEPOINT change", what, error);

  return exec (self->db, "BEGIN IMMEDIATE", what, error);
}

static gboolean
commit (MnrStore    *self,
        const char  *what,
        GError     **error)
{
  int rc = sqlite3_exec (self->db, self->batch_depth > 0 ? "RELEASE change" : "COMMIT", NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      /* Describe the failure before the rollback replaces its message. */
      sqlite_error (error, self->db, rc, what);
      if (!sqlite3_get_autocommit (self->db))
        sqlite3_exec (self->db, self->batch_depth > 0 ? "ROLLBACK TO change; RELEASE change" : "ROLLBACK",
                      NULL, NULL, NULL);
      return FALSE;
    }

  return TRUE;
}

static void
rollback (MnrStore *self)
{
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

  if (!ensure_open (self, error))
    return FALSE;

  if (self->batch_depth++ > 0)
    return TRUE;

  if (!exec (self->db, "BEGIN IMMEDIATE", _("starting the changes"), error))
    {
      self->batch_depth = 0;
      return FALSE;
    }

  return TRUE;
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

  rc = sqlite3_exec (self->db, keep ? "COMMIT" : "ROLLBACK", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      sqlite_error (error, self->db, rc, _("saving the changes"));
      if (!sqlite3_get_autocommit (self->db))
        sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }

  return TRUE;
}

/* --- validation --------------------------------------------------------- */

/* Whether @text is valid UTF-8 of at most @max characters: lengths are
 * counted as the sync protocol counts them (section 4.3), not in bytes,
 * so that a name in Thai or Khmer gets its 200 characters too, and the
 * store accepts what the server accepts. */
static gboolean
is_text_of_at_most (const char *text,
                    glong       max)
{
  return text != NULL && g_utf8_validate (text, -1, NULL) && g_utf8_strlen (text, -1) <= max;
}

/**
 * mnr_store_is_valid_sha256:
 *
 * Returns: whether @text is 64 lower-case hex digits, the only names
 *   attachment files have (so no name can lead out of the store)
 */
gboolean
mnr_store_is_valid_sha256 (const char *text)
{
  return mnr_id_is_sha256 (text);
}

/**
 * mnr_store_sanitize_file_name:
 *
 * Returns: (transfer full): @name fit to show and to offer when saving:
 *   only its last component, no control characters, at most 200 bytes;
 *   "attachment" when nothing is left
 */
char *
mnr_store_sanitize_file_name (const char *name)
{
  g_autofree char *base = NULL;
  GString *clean = g_string_new (NULL);
  const char *p;

  if (name != NULL && g_utf8_validate (name, -1, NULL))
    {
      base = g_path_get_basename (name);
      for (p = base; *p; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);

          if (g_unichar_iscntrl (c) || c == '/' || c == '\\')
            continue;
          if (clean->len + 6 > 200)
            break;
          g_string_append_unichar (clean, c);
        }
    }

  g_strstrip (clean->str);
  clean->len = strlen (clean->str);

  if (clean->len == 0 || g_str_equal (clean->str, ".") || g_str_equal (clean->str, ".."))
    {
      g_string_free (clean, TRUE);
      return g_strdup ("attachment");
    }

  return g_string_free (clean, FALSE);
}

/* --- opening ------------------------------------------------------------ */

static void
mnr_store_finalize (GObject *object)
{
  MnrStore *self = (MnrStore *)object;

  mnr_store_close (self);
  g_clear_object (&self->directory);
  g_clear_pointer (&self->db_path, g_free);
  g_clear_pointer (&self->author, g_free);

  G_OBJECT_CLASS (mnr_store_parent_class)->finalize (object);
}

static void
mnr_store_class_init (MnrStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mnr_store_finalize;
}

static void
mnr_store_init (MnrStore *self)
{
  const char *name = g_get_real_name ();

  if (name == NULL || name[0] == '\0' || g_str_equal (name, "Unknown"))
    name = g_get_user_name ();
  self->author = g_strdup (name);
}

static int
query_int (sqlite3    *db,
           const char *sql,
           int        *value)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    return rc;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *value = sqlite3_column_int (stmt, 0);
      return SQLITE_OK;
    }

  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static char *
backup_name (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");

  return g_strdup_printf ("mnr-tracker-%s-%06d.db", stamp, g_date_time_get_microsecond (now));
}

static gint
compare_files_newest_first (gconstpointer a,
                            gconstpointer b)
{
  g_autofree char *name_a = g_file_get_basename (*(GFile **)a);
  g_autofree char *name_b = g_file_get_basename (*(GFile **)b);

  /* The names hold the UTC time, so they sort as the times do. */
  return -g_strcmp0 (name_a, name_b);
}

/**
 * mnr_store_list_backups:
 * @directory: the store's folder
 *
 * Returns: (transfer container) (element-type GFile): the backups, newest
 *   first
 */
GPtrArray *
mnr_store_list_backups (GFile   *directory,
                        GError **error)
{
  g_autoptr(GFile) folder = g_file_get_child (directory, "backups");
  g_autoptr(GFileEnumerator) enumerator = NULL;
  g_autoptr(GPtrArray) backups = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) local_error = NULL;
  GFileInfo *info;

  enumerator = g_file_enumerate_children (folder, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                          G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS,
                                          NULL, &local_error);
  if (enumerator == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        return g_steal_pointer (&backups);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  while ((info = g_file_enumerator_next_file (enumerator, NULL, error)) != NULL)
    {
      const char *name = g_file_info_get_name (info);

      if (g_str_has_prefix (name, "mnr-tracker-") && g_str_has_suffix (name, ".db"))
        g_ptr_array_add (backups, g_file_get_child (folder, name));
      g_object_unref (info);
    }

  g_ptr_array_sort (backups, compare_files_newest_first);
  return g_steal_pointer (&backups);
}

/* Copies the database behind @db, consistently, to a new file in
 * backups/, then drops the oldest beyond MNR_STORE_N_BACKUPS. */
static GFile *
backup_connection (sqlite3  *db,
                   GFile    *directory,
                   GError  **error)
{
  g_autoptr(GFile) folder = g_file_get_child (directory, "backups");
  g_autofree char *name = backup_name ();
  g_autoptr(GFile) target = g_file_get_child (folder, name);
  g_autofree char *target_path = g_file_get_path (target);
  g_autofree char *temp_path = g_strconcat (target_path, ".part", NULL);
  g_autoptr(GPtrArray) backups = NULL;
  sqlite3 *copy = NULL;
  sqlite3_backup *backup;
  int rc;

  if (!g_file_make_directory_with_parents (folder, NULL, NULL) &&
      !g_file_query_exists (folder, NULL))
    {
      g_set_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_READ_ONLY,
                   _("The backup folder cannot be created."));
      return NULL;
    }

  rc = sqlite3_open_v2 (temp_path, &copy, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc == SQLITE_OK)
    {
      backup = sqlite3_backup_init (copy, "main", db, "main");
      if (backup != NULL)
        {
          rc = sqlite3_backup_step (backup, -1);
          sqlite3_backup_finish (backup);
          rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
        }
      else
        rc = sqlite3_errcode (copy);
    }

  if (rc != SQLITE_OK)
    {
      sqlite_error (error, copy, rc, _("making a backup"));
      sqlite3_close (copy);
      g_unlink (temp_path);
      return NULL;
    }

  sqlite3_close (copy);

  if (g_rename (temp_path, target_path) != 0)
    {
      int saved_errno = errno;

      g_unlink (temp_path);
      g_set_error (error, MNR_STORE_ERROR,
                   saved_errno == ENOSPC ? MNR_STORE_ERROR_DISK_FULL : MNR_STORE_ERROR_FAILED,
                   _("The backup could not be saved: %s"), g_strerror (saved_errno));
      return NULL;
    }

  backups = mnr_store_list_backups (directory, NULL);
  for (guint i = MNR_STORE_N_BACKUPS; backups != NULL && i < backups->len; i++)
    g_file_delete (g_ptr_array_index (backups, i), NULL, NULL);

  return g_steal_pointer (&target);
}

static gboolean
backup_is_due (GFile *directory)
{
  g_autoptr(GPtrArray) backups = mnr_store_list_backups (directory, NULL);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GDateTime) modified = NULL;
  g_autoptr(GDateTime) now = NULL;

  if (backups == NULL || backups->len == 0)
    return TRUE;

  info = g_file_query_info (g_ptr_array_index (backups, 0), G_FILE_ATTRIBUTE_TIME_MODIFIED,
                            G_FILE_QUERY_INFO_NONE, NULL, NULL);
  if (info == NULL)
    return TRUE;

  modified = g_file_info_get_modification_date_time (info);
  now = g_date_time_new_now_utc ();
  return modified == NULL || g_date_time_difference (now, modified) > BACKUP_INTERVAL;
}

/* Opens @path read-only. Without a write-ahead log beside it, as after a
 * clean close, it is opened as immutable, so that not even the -wal and
 * -shm side files are created; with one (after a crash), the log must be
 * read too, and SQLite needs its -shm beside it. */
static int
open_untouched (const char  *path,
                sqlite3    **db)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *uri = NULL;

  if (g_file_test (wal, G_FILE_TEST_EXISTS))
    return sqlite3_open_v2 (path, db, SQLITE_OPEN_READONLY, NULL);

  uri = g_filename_to_uri (path, NULL, NULL);
  if (uri == NULL)
    return SQLITE_CANTOPEN;

  {
    g_autofree char *immutable = g_strconcat (uri, "?immutable=1", NULL);
    return sqlite3_open_v2 (immutable, db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
  }
}

/* Looks at an existing store without writing a byte to it. Returns its
 * schema version, or -1 with @error set when it must be refused. Takes a
 * backup first when it is about to be migrated, or daily. */
static int
inspect_existing (const char  *path,
                  GFile       *directory,
                  GError     **error)
{
  sqlite3 *db = NULL;
  int rc, version = 0, application_id = 0, n_tables = 0;
  g_autofree char *check = NULL;

  rc = open_untouched (path, &db);
  if (rc == SQLITE_OK)
    rc = query_int (db, "PRAGMA application_id", &application_id);
  if (rc == SQLITE_OK)
    rc = query_int (db, "PRAGMA user_version", &version);
  if (rc == SQLITE_OK)
    rc = query_int (db, "SELECT count(*) FROM sqlite_master", &n_tables);

  if (rc != SQLITE_OK)
    {
      if ((rc & 0xff) == SQLITE_NOTADB || (rc & 0xff) == SQLITE_CORRUPT)
        g_set_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_DAMAGED,
                     _("The data file “%s” is damaged or is not MNR Tracker data. "
                       "It has been left as it is; restore a backup to go on."), path);
      else
        sqlite_error (error, db, rc, _("opening the data"));
      sqlite3_close (db);
      return -1;
    }

  if ((application_id != 0 && application_id != APPLICATION_ID_MAGIC) ||
      (application_id == 0 && version == 0 && n_tables > 0))
    {
      g_set_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_DAMAGED,
                   _("The file “%s” belongs to another program, not MNR Tracker. "
                     "It has been left as it is."), path);
      sqlite3_close (db);
      return -1;
    }

  if (version > MNR_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_NEWER_VERSION,
                   _("This data was saved by a newer version of MNR Tracker (data version %d; "
                     "this version reads up to %d). It has been left as it is: "
                     "update MNR Tracker to open it."),
                   version, MNR_STORE_SCHEMA_VERSION);
      sqlite3_close (db);
      return -1;
    }

  {
    g_autoptr(sqlite3_stmt) stmt = NULL;

    rc = sqlite3_prepare_v2 (db, "PRAGMA quick_check", -1, &stmt, NULL);
    if (rc == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
      check = column_dup (stmt, 0);
  }

  if (g_strcmp0 (check, "ok") != 0)
    {
      g_set_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_DAMAGED,
                   _("The data file “%s” is damaged (%s). It has been left as it is; "
                     "restore a backup to go on."),
                   path, check != NULL ? check : sqlite3_errmsg (db));
      sqlite3_close (db);
      return -1;
    }

  /* Before an upgrade, a backup is a must; the daily one can wait until
   * the app is on screen (mnr_store_backup_is_due()). */
  if (n_tables > 0 && version < MNR_STORE_SCHEMA_VERSION)
    {
      g_autoptr(GFile) backup = backup_connection (db, directory, error);

      if (backup == NULL)
        {
          sqlite3_close (db);
          return -1;
        }
    }

  sqlite3_close (db);
  return version;
}

static gboolean
migrate (MnrStore  *self,
         int        version,
         GError   **error)
{
  g_autofree char *pragmas = NULL;

  if (version == MNR_STORE_SCHEMA_VERSION)
    return TRUE;

  if (!begin (self, _("preparing the data"), error))
    return FALSE;

  /* A new store is built the way an old one is upgraded, so that both
   * paths always end at the same schema. */
  if (version == 0 && !exec (self->db, MNR_STORE_SCHEMA_V1, _("creating the data"), error))
    goto fail;

  if (version <= 1 && !exec (self->db, MNR_STORE_MIGRATE_1_TO_2, _("upgrading the data"), error))
    goto fail;

  if (version <= 2 && !exec (self->db, MNR_STORE_MIGRATE_2_TO_3, _("upgrading the data"), error))
    goto fail;

  if (version <= 3 && !exec (self->db, MNR_STORE_MIGRATE_3_TO_4, _("upgrading the data"), error))
    goto fail;

  if (version <= 4 && !exec (self->db, MNR_STORE_MIGRATE_4_TO_5, _("upgrading the data"), error))
    goto fail;

  pragmas = g_strdup_printf ("PRAGMA user_version = %d; PRAGMA application_id = %d;",
                             MNR_STORE_SCHEMA_VERSION, APPLICATION_ID_MAGIC);
  if (!exec (self->db, pragmas, _("upgrading the data"), error))
    goto fail;

  return commit (self, _("upgrading the data"), error);

fail:
  rollback (self);
  return FALSE;
}

/* Files of attachments whose download was cut short by a crash or a
 * kill (mnr_store_create_incoming_file()): removed once a day old, so
 * that one being written by a running sync is never touched. */
static void
remove_stale_incoming (GFile *attachments)
{
  g_autoptr(GFileEnumerator) children = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  GFileInfo *info;

  children = g_file_enumerate_children (attachments,
                                        G_FILE_ATTRIBUTE_STANDARD_NAME "," G_FILE_ATTRIBUTE_TIME_MODIFIED,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  while (children != NULL &&
         g_file_enumerator_iterate (children, &info, NULL, NULL, NULL) && info != NULL)
    {
      const char *name = g_file_info_get_name (info);
      guint64 modified = g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED);

      if (g_str_has_prefix (name, ".incoming-") && (gint64)modified + 24 * 60 * 60 < now)
        {
          g_autoptr(GFile) child = g_file_get_child (attachments, name);

          g_file_delete (child, NULL, NULL);
        }
    }
}

/**
 * mnr_store_open:
 * @directory: the store's folder, created if needed
 *
 * Opens the store in @directory, creating it if there is none and
 * migrating it if an earlier version made it.
 *
 * Returns: (transfer full) (nullable): the store, or %NULL with @error in
 *   #MNR_STORE_ERROR; a store that cannot be read is never changed
 */
MnrStore *
mnr_store_open (GFile   *directory,
                GError **error)
{
  g_autoptr(MnrStore) self = NULL;
  g_autoptr(GFile) attachments = NULL;
  g_autoptr(GError) local_error = NULL;
  int version = 0, rc;

  g_return_val_if_fail (G_IS_FILE (directory), NULL);

  self = g_object_new (MNR_TYPE_STORE, NULL);
  self->directory = g_object_ref (directory);

  if (!g_file_make_directory_with_parents (directory, NULL, &local_error) &&
      !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      g_set_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_READ_ONLY,
                   _("The data folder cannot be created: %s"), local_error->message);
      return NULL;
    }

  {
    g_autoptr(GFile) db_file = g_file_get_child (directory, DB_NAME);
    self->db_path = g_file_get_path (db_file);
  }

  if (g_file_test (self->db_path, G_FILE_TEST_EXISTS))
    {
      version = inspect_existing (self->db_path, directory, error);
      if (version < 0)
        return NULL;
    }

  rc = sqlite3_open_v2 (self->db_path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc != SQLITE_OK)
    {
      sqlite_error (error, self->db, rc, _("opening the data"));
      return NULL;
    }

  sqlite3_busy_timeout (self->db, 5000);
  sqlite3_extended_result_codes (self->db, TRUE);

  /* A write reported done is on disk: a crash or a kill cannot take it. */
  if (!exec (self->db,
             "PRAGMA foreign_keys = ON;"
             "PRAGMA journal_mode = WAL;"
             "PRAGMA synchronous = FULL;",
             _("opening the data"), error) ||
      !migrate (self, version, error))
    return NULL;

  self->schema_version = MNR_STORE_SCHEMA_VERSION;

  attachments = g_file_get_child (directory, "attachments");
  g_file_make_directory (attachments, NULL, NULL);
  remove_stale_incoming (attachments);

  return g_steal_pointer (&self);
}

/**
 * mnr_store_close:
 *
 * Closes the database; the object can only be unreferenced after this.
 */
void
mnr_store_close (MnrStore *self)
{
  g_return_if_fail (MNR_IS_STORE (self));

  if (self->db != NULL)
    {
      sqlite3_close_v2 (self->db);
      self->db = NULL;
    }
}

GFile *
mnr_store_get_directory (MnrStore *self)
{
  g_return_val_if_fail (MNR_IS_STORE (self), NULL);
  return self->directory;
}

int
mnr_store_get_schema_version (MnrStore *self)
{
  g_return_val_if_fail (MNR_IS_STORE (self), 0);
  return self->schema_version;
}

const char *
mnr_store_get_author (MnrStore *self)
{
  g_return_val_if_fail (MNR_IS_STORE (self), NULL);
  return self->author;
}

/**
 * mnr_store_set_author:
 *
 * Sets the name recorded with every change made from now on.
 */
void
mnr_store_set_author (MnrStore   *self,
                      const char *author)
{
  g_return_if_fail (MNR_IS_STORE (self));
  g_return_if_fail (author != NULL);

  g_free (self->author);
  self->author = g_strdup (author);
}

static gboolean
ensure_open (MnrStore  *self,
             GError   **error)
{
  if (self->db != NULL)
    return TRUE;

  g_set_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_FAILED, _("The data is closed."));
  return FALSE;
}

/* --- countries ----------------------------------------------------------- */

static gboolean
insert_country (MnrStore    *self,
                const char  *code,
                GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = prepare (self->db,
                  "INSERT INTO countries (code, added_at, added_by) VALUES (?1, ?2, ?3)"
                  " ON CONFLICT (code) DO NOTHING",
                  _("adding the country"), error);
  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, code);
  sqlite3_bind_int64 (stmt, 2, g_get_real_time ());
  bind_text (stmt, 3, self->author);
  return step_done (stmt, self->db, _("adding the country"), error);
}

/**
 * mnr_store_add_country:
 * @code: ISO 3166-1 alpha-2, upper case
 *
 * Adds a country to the store; adding it again does nothing.
 */
gboolean
mnr_store_add_country (MnrStore    *self,
                       const char  *code,
                       GError     **error)
{
  g_return_val_if_fail (MNR_IS_STORE (self), FALSE);

  if (!ensure_open (self, error))
    return FALSE;

  if (!mnr_id_is_country_code (code))
    return invalid (error, _("“%s” is not a country code (two capital letters, as “PH”)."),
                    code != NULL ? code : "");

  return insert_country (self, code, error);
}

/**
 * mnr_store_list_countries:
 *
 * Returns: (transfer full): the codes of the countries in the store
 */
GStrv
mnr_store_list_countries (MnrStore  *self,
                          GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  int rc;

  g_return_val_if_fail (MNR_IS_STORE (self), NULL);

  if (!ensure_open (self, error) ||
      !(stmt = prepare (self->db, "SELECT code FROM countries ORDER BY code",
                        _("listing the countries"), error)))
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (builder, (const char *)sqlite3_column_text (stmt, 0));

  if (rc != SQLITE_DONE)
    {
      sqlite_error (error, self->db, rc, _("listing the countries"));
      return NULL;
    }

  return g_strv_builder_end (builder);
}

/* --- groups a user defines ----------------------------------------------- */

/**
 * mnr_store_save_group:
 * @id: (nullable): the group's id to update it, %NULL for a new group
 * @members: ISO 3166-1 alpha-2 codes
 *
 * Saves a regional group of the user's own (the bundled ones are data).
 *
 * Returns: (transfer full) (nullable): the group's id
 */
char *
mnr_store_save_group (MnrStore            *self,
                      const char          *id,
                      const char          *name,
                      const char          *short_name,
                      const char * const  *members,
                      GError             **error)
{
  g_autoptr(sqlite3_stmt) upsert = NULL;
  g_autoptr(sqlite3_stmt) clear = NULL;
  g_autoptr(sqlite3_stmt) add = NULL;
  g_autofree char *group_id = id != NULL ? g_strdup (id) : g_uuid_string_random ();
  g_autofree char *clean_name = g_strstrip (g_strdup (name != NULL ? name : ""));
  gint64 now = g_get_real_time ();

  g_return_val_if_fail (MNR_IS_STORE (self), NULL);

  if (!ensure_open (self, error))
    return NULL;

  if (!mnr_id_is_uuid (group_id))
    {
      invalid (error, _("The group has a malformed id."));
      return NULL;
    }

  if (clean_name[0] == '\0' || !is_text_of_at_most (clean_name, 200))
    {
      invalid (error, _("A group needs a name of at most 200 characters."));
      return NULL;
    }

  for (guint i = 0; members != NULL && members[i] != NULL; i++)
    if (!mnr_id_is_country_code (members[i]))
      {
        invalid (error, _("“%s” is not a country code (two capital letters, as “PH”)."), members[i]);
        return NULL;
      }

  if (!begin (self, _("saving the group"), error))
    return NULL;

  if (!remember_base (self, "group", group_id, error))
    goto fail;

  upsert = prepare (self->db,
                    "INSERT INTO groups (id, name, short_name, created_at, updated_at, updated_by)"
                    " VALUES (?1, ?2, ?3, ?4, ?4, ?5)"
                    " ON CONFLICT (id) DO UPDATE SET name = excluded.name, short_name = excluded.short_name,"
                    " updated_at = excluded.updated_at, updated_by = excluded.updated_by,"
                    " deleted_at = NULL, local_rev = groups.local_rev + 1",
                    _("saving the group"), error);
  clear = prepare (self->db, "DELETE FROM group_members WHERE grp = ?1", _("saving the group"), error);
  add = prepare (self->db, "INSERT OR IGNORE INTO group_members (grp, country) VALUES (?1, ?2)",
                 _("saving the group"), error);
  if (upsert == NULL || clear == NULL || add == NULL)
    goto fail;

  bind_text (upsert, 1, group_id);
  bind_text (upsert, 2, clean_name);
  bind_text (upsert, 3, short_name);
  sqlite3_bind_int64 (upsert, 4, now);
  bind_text (upsert, 5, self->author);
  bind_text (clear, 1, group_id);
  if (!step_done (upsert, self->db, _("saving the group"), error) ||
      !step_done (clear, self->db, _("saving the group"), error))
    goto fail;

  for (guint i = 0; members != NULL && members[i] != NULL; i++)
    {
      sqlite3_reset (add);
      bind_text (add, 1, group_id);
      bind_text (add, 2, members[i]);
      if (!step_done (add, self->db, _("saving the group"), error))
        goto fail;
    }

  if (!commit (self, _("saving the group"), error))
    return NULL;

  return g_steal_pointer (&group_id);

fail:
  rollback (self);
  return NULL;
}

gboolean
mnr_store_remove_group (MnrStore    *self,
                        const char  *id,
                        GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (MNR_IS_STORE (self), FALSE);

  if (!ensure_open (self, error) || !remember_base (self, "group", id, error) ||
      !(stmt = prepare (self->db,
                        "UPDATE groups SET deleted_at = ?2, updated_at = ?2, updated_by = ?3,"
                        " local_rev = local_rev + 1 WHERE id = ?1 AND deleted_at IS NULL",
                        _("removing the group"), error)))
    return FALSE;

  bind_text (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, g_get_real_time ());
  bind_text (stmt, 3, self->author);
  if (!step_done (stmt, self->db, _("removing the group"), error))
    return FALSE;

  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_NOT_FOUND, _("There is no such group."));
      return FALSE;
    }

  return TRUE;
}

/**
 * mnr_store_list_groups:
 *
 * Returns: (transfer container) (element-type MnrRegionalGroup): the
 *   user's own groups, by name
 */
GPtrArray *
mnr_store_list_groups (MnrStore  *self,
                       GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func (g_object_unref);
  int rc;

  g_return_val_if_fail (MNR_IS_STORE (self), NULL);

  if (!ensure_open (self, error) ||
      !(stmt = prepare (self->db,
                        "SELECT g.id, g.name, g.short_name,"
                        " (SELECT group_concat (country, ' ') FROM"
                        "   (SELECT country FROM group_members WHERE grp = g.id ORDER BY country))"
                        " FROM groups g WHERE g.deleted_at IS NULL ORDER BY g.name",
                        _("listing the groups"), error)))
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *members_text = column_dup (stmt, 3);
      g_auto(GStrv) members = members_text[0] != '\0' ? g_strsplit (members_text, " ", -1) : g_new0 (char *, 1);
      g_autofree char *group_id = column_dup (stmt, 0);
      g_autofree char *name = column_dup (stmt, 1);
      g_autofree char *short_name = column_dup (stmt, 2);

      g_ptr_array_add (groups, mnr_regional_group_new (group_id, name,
                                                       short_name[0] != '\0' ? short_name : NULL,
                                                       (const char * const *)members, TRUE));
    }

  if (rc != SQLITE_DONE)
    {
      sqlite_error (error, self->db, rc, _("listing the groups"));
      return NULL;
    }

  return g_steal_pointer (&groups);
}

/* --- rounds -------------------------------------------------------------- */

static MnrRound *
round_from_row (sqlite3_stmt *stmt)
{
  MnrRound *round = g_new0 (MnrRound, 1);

  round->id = column_dup (stmt, 0);
  round->country = column_dup (stmt, 1);
  round->name = column_dup (stmt, 2);
  round->date = column_dup (stmt, 3);
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

  stmt = prepare (self->db, "SELECT " ROUND_COLUMNS " FROM rounds WHERE id = ?1 AND deleted_at IS NULL",
                  _("reading the round"), error);
  if (stmt == NULL)
    return NULL;

  bind_text (stmt, 1, round_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return round_from_row (stmt);

  if (rc == SQLITE_DONE)
    g_set_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_NOT_FOUND,
                 _("There is no assessment round “%s”."), round_id);
  else
    sqlite_error (error, self->db, rc, _("reading the round"));

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
  return create_round (self, g_uuid_string_random (), country, name, date, error);
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

  if (!ensure_open (self, error) ||
      !(find = prepare (self->db, "SELECT 1 FROM rounds WHERE id = ?1", _("creating the round"), error)))
    {
      g_free (id);
      return NULL;
    }

  bind_text (find, 1, id);
  if (sqlite3_step (find) != SQLITE_DONE)
    {
      g_free (id);
      id = g_uuid_string_random ();
    }

  return create_round (self, id, country, name, date, error);
}

/* Takes @id_in. */
static MnrRound *
create_round (MnrStore    *self,
              char        *id_in,
              const char  *country,
              const char  *name,
              const char  *date,
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

  if (!ensure_open (self, error))
    return NULL;

  if (!mnr_id_is_country_code (country))
    {
      invalid (error, _("“%s” is not a country code (two capital letters, as “PH”)."),
               country != NULL ? country : "");
      return NULL;
    }

  clean_name = g_strstrip (g_strdup (name != NULL ? name : ""));
  if (clean_name[0] == '\0' || !is_text_of_at_most (clean_name, 200))
    {
      invalid (error, _("A round needs a name of at most 200 characters, as “Review 2018”."));
      return NULL;
    }

  if (!mnr_id_is_date (date, FALSE))
    {
      invalid (error, _("“%s” is not a date of the form 2018-06-30."), date != NULL ? date : "");
      return NULL;
    }

  if (!begin (self, _("creating the round"), error))
    return NULL;

  if (!insert_country (self, country, error))
    goto fail;

  latest = prepare (self->db,
                    "SELECT id FROM rounds WHERE country = ?1 AND deleted_at IS NULL"
                    " ORDER BY date DESC, created_at DESC LIMIT 1",
                    _("creating the round"), error);
  if (latest == NULL)
    goto fail;
  bind_text (latest, 1, country);
  rc = sqlite3_step (latest);
  if (rc == SQLITE_ROW)
    previous = column_dup (latest, 0);
  else if (rc != SQLITE_DONE)
    {
      sqlite_error (error, self->db, rc, _("creating the round"));
      goto fail;
    }

  insert = prepare (self->db,
                    "INSERT INTO rounds (id, country, name, date, created_at, created_by, updated_at, updated_by)"
                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?5, ?6)",
                    _("creating the round"), error);
  if (insert == NULL)
    goto fail;
  bind_text (insert, 1, id);
  bind_text (insert, 2, country);
  bind_text (insert, 3, clean_name);
  bind_text (insert, 4, date);
  sqlite3_bind_int64 (insert, 5, now);
  bind_text (insert, 6, self->author);
  if (!step_done (insert, self->db, _("creating the round"), error))
    goto fail;

  if (previous != NULL)
    {
      ratings = prepare (self->db, "SELECT element, level, rationale FROM ratings"
                         " WHERE round = ?1 AND deleted_at IS NULL",
                         _("copying the ratings"), error);
      copy = prepare (self->db,
                      "INSERT INTO ratings (id, round, element, level, rationale,"
                      " created_at, created_by, updated_at, updated_by)"
                      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?6, ?7)",
                      _("copying the ratings"), error);
      if (ratings == NULL || copy == NULL)
        goto fail;

      bind_text (ratings, 1, previous);
      while ((rc = sqlite3_step (ratings)) == SQLITE_ROW)
        {
          g_autofree char *element = column_dup (ratings, 0);
          g_autofree char *rating_id = mnr_store_rating_id (country, id, element);

          sqlite3_reset (copy);
          bind_text (copy, 1, rating_id);
          bind_text (copy, 2, id);
          bind_text (copy, 3, element);
          sqlite3_bind_text (copy, 4, (const char *)sqlite3_column_text (ratings, 1), -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (copy, 5, (const char *)sqlite3_column_text (ratings, 2), -1, SQLITE_TRANSIENT);
          sqlite3_bind_int64 (copy, 6, now);
          bind_text (copy, 7, self->author);
          if (!step_done (copy, self->db, _("copying the ratings"), error))
            goto fail;
        }
      if (rc != SQLITE_DONE)
        {
          sqlite_error (error, self->db, rc, _("copying the ratings"));
          goto fail;
        }
    }

  if (!commit (self, _("creating the round"), error))
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
  rollback (self);
  return NULL;
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

  if (!ensure_open (self, error) ||
      !(stmt = prepare (self->db,
                        "SELECT " ROUND_COLUMNS " FROM rounds WHERE country = ?1 AND deleted_at IS NULL"
                        " ORDER BY date DESC, created_at DESC",
                        _("listing the rounds"), error)))
    return NULL;

  bind_text (stmt, 1, country);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rounds, round_from_row (stmt));

  if (rc != SQLITE_DONE)
    {
      sqlite_error (error, self->db, rc, _("listing the rounds"));
      return NULL;
    }

  return g_steal_pointer (&rounds);
}

/* --- ratings ------------------------------------------------------------- */

#define RATING_COLUMNS "id, element, level, rationale, updated_at, updated_by"

static MnrRating *
rating_from_row (sqlite3_stmt *stmt)
{
  MnrRating *rating = g_new0 (MnrRating, 1);

  rating->id = column_dup (stmt, 0);
  rating->element_id = column_dup (stmt, 1);
  rating->level_id = column_dup (stmt, 2);
  rating->rationale = column_dup (stmt, 3);
  rating->updated_at = sqlite3_column_int64 (stmt, 4);
  rating->updated_by = column_dup (stmt, 5);
  return rating;
}

/**
 * mnr_store_set_rating:
 * @element_id: "capability-4", "enabler-justice" …
 * @level_id: the id of a level of the framework's scale
 * @rationale: (nullable): why
 *
 * Records a level and its rationale, and the change in the history.
 */
gboolean
mnr_store_set_rating (MnrStore    *self,
                      const char  *round_id,
                      const char  *element_id,
                      const char  *level_id,
                      const char  *rationale,
                      GError     **error)
{
  g_autoptr(MnrRound) round = NULL;
  g_autoptr(sqlite3_stmt) upsert = NULL;
  g_autoptr(sqlite3_stmt) history = NULL;
  g_autofree char *id = NULL;
  gint64 now = g_get_real_time ();

  g_return_val_if_fail (MNR_IS_STORE (self), FALSE);

  if (!ensure_open (self, error))
    return FALSE;

  if (!mnr_id_is_element (element_id))
    return invalid (error, _("“%s” is not a capability or an enabler."), element_id != NULL ? element_id : "");
  if (!mnr_id_is_slug (level_id))
    return invalid (error, _("“%s” is not a level of the scale."), level_id != NULL ? level_id : "");
  if (rationale != NULL && !is_text_of_at_most (rationale, MNR_SYNC_MAX_STRING_CHARS))
    return invalid (error, _("The rationale is not valid text of at most 100,000 characters."));

  if (!begin (self, _("saving the rating"), error))
    return FALSE;

  if (!(round = find_round (self, round_id, error)))
    goto fail;

  id = mnr_store_rating_id (round->country, round->id, element_id);
  if (!remember_base (self, "rating", id, error))
    goto fail;

  /* Ratings made before ids were deterministic (by a version-1 store)
   * keep their id: the conflict is on the round and the element. */
  upsert = prepare (self->db,
                    "INSERT INTO ratings (id, round, element, level, rationale,"
                    " created_at, created_by, updated_at, updated_by)"
                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?6, ?7)"
                    " ON CONFLICT (round, element) DO UPDATE SET level = excluded.level,"
                    " rationale = excluded.rationale, updated_at = excluded.updated_at,"
                    " updated_by = excluded.updated_by, deleted_at = NULL,"
                    " local_rev = ratings.local_rev + 1",
                    _("saving the rating"), error);
  history = prepare (self->db,
                     "INSERT INTO rating_history (rating, round, element, level, rationale, changed_at, changed_by)"
                     " SELECT id, round, element, level, rationale, updated_at, updated_by"
                     " FROM ratings WHERE round = ?1 AND element = ?2",
                     _("saving the rating"), error);
  if (upsert == NULL || history == NULL)
    goto fail;

  bind_text (upsert, 1, id);
  bind_text (upsert, 2, round->id);
  bind_text (upsert, 3, element_id);
  bind_text (upsert, 4, level_id);
  bind_text (upsert, 5, rationale);
  sqlite3_bind_int64 (upsert, 6, now);
  bind_text (upsert, 7, self->author);
  if (!step_done (upsert, self->db, _("saving the rating"), error))
    goto fail;

  bind_text (history, 1, round->id);
  bind_text (history, 2, element_id);
  if (!step_done (history, self->db, _("saving the rating"), error))
    goto fail;

  return commit (self, _("saving the rating"), error);

fail:
  rollback (self);
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

  if (!ensure_open (self, error) ||
      !(stmt = prepare (self->db,
                        "SELECT " RATING_COLUMNS " FROM ratings"
                        " WHERE round = ?1 AND element = ?2 AND deleted_at IS NULL",
                        _("reading the rating"), error)))
    return NULL;

  bind_text (stmt, 1, round_id);
  bind_text (stmt, 2, element_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return rating_from_row (stmt);
  if (rc != SQLITE_DONE)
    sqlite_error (error, self->db, rc, _("reading the rating"));
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

  if (!ensure_open (self, error) ||
      !(stmt = prepare (self->db, sql, _("reading the ratings"), error)))
    return NULL;

  bind_text (stmt, 1, a);
  if (b != NULL)
    bind_text (stmt, 2, b);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (ratings, rating_from_row (stmt));

  if (rc != SQLITE_DONE)
    {
      sqlite_error (error, self->db, rc, _("reading the ratings"));
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

/* --- evidence ------------------------------------------------------------ */

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; p != NULL && *p; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;

  return TRUE;
}

static gboolean
validate_evidence (MnrEvidence  *evidence,
                   GError      **error)
{
  const char * const *elements = mnr_evidence_get_elements (evidence);
  const char *title = mnr_evidence_get_title (evidence);

  if (!mnr_id_is_uuid (mnr_evidence_get_id (evidence)))
    return invalid (error, _("The evidence has a malformed id."));
  if (!mnr_id_is_country_code (mnr_evidence_get_country (evidence)))
    return invalid (error, _("The evidence is not about a country (no ISO code)."));
  if (is_blank (title))
    return invalid (error, _("The evidence needs a title."));
  if (!mnr_evidence_kind_is_valid (mnr_evidence_get_kind (evidence)))
    return invalid (error, _("“%s” is not a kind of evidence."), mnr_evidence_get_kind (evidence));
  if (!mnr_id_is_date (mnr_evidence_get_date (evidence), TRUE))
    return invalid (error, _("“%s” is not a date of the form 2018, 2018-06 or 2018-06-30."),
                    mnr_evidence_get_date (evidence));

  for (const char * const *s = (const char * const[]) {
         title, mnr_evidence_get_source (evidence), mnr_evidence_get_summary (evidence), NULL };
       *s; s++)
    if (!is_text_of_at_most (*s, MNR_SYNC_MAX_STRING_CHARS))
      return invalid (error, _("The evidence holds text that is not valid or is longer than 100,000 characters."));

  for (guint i = 0; elements[i] != NULL; i++)
    if (!mnr_id_is_element (elements[i]))
      return invalid (error, _("“%s” is not a capability or an enabler."), elements[i]);

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

  if (!ensure_open (self, error) || !validate_evidence (evidence, error))
    return FALSE;

  if (!begin (self, _("saving the evidence"), error))
    return FALSE;

  if (!insert_country (self, mnr_evidence_get_country (evidence), error) ||
      !remember_base (self, "evidence", mnr_evidence_get_id (evidence), error))
    goto fail;

  upsert = prepare (self->db,
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

  bind_text (upsert, 1, mnr_evidence_get_id (evidence));
  bind_text (upsert, 2, mnr_evidence_get_country (evidence));
  bind_text (upsert, 3, mnr_evidence_get_title (evidence));
  bind_text (upsert, 4, mnr_evidence_get_kind (evidence));
  bind_text (upsert, 5, mnr_evidence_get_date (evidence));
  bind_text (upsert, 6, mnr_evidence_get_source (evidence));
  bind_text (upsert, 7, mnr_evidence_get_summary (evidence));
  sqlite3_bind_int (upsert, 8, mnr_evidence_get_restricted (evidence));
  sqlite3_bind_int64 (upsert, 9, now);
  bind_text (upsert, 10, self->author);
  sqlite3_bind_int (upsert, 11, mnr_evidence_get_sample (evidence));
  if (!step_done (upsert, self->db, _("saving the evidence"), error))
    goto fail;

  if (sqlite3_changes (self->db) == 0)
    {
      invalid (error, _("This evidence belongs to another country; it cannot be moved."));
      goto fail;
    }

  unlink_all = prepare (self->db, "DELETE FROM evidence_links WHERE evidence = ?1",
                        _("saving the evidence"), error);
  link = prepare (self->db, "INSERT OR IGNORE INTO evidence_links (evidence, element) VALUES (?1, ?2)",
                  _("saving the evidence"), error);
  created = prepare (self->db, "SELECT created_at, created_by FROM evidence WHERE id = ?1",
                     _("saving the evidence"), error);
  if (unlink_all == NULL || link == NULL || created == NULL)
    goto fail;

  bind_text (unlink_all, 1, mnr_evidence_get_id (evidence));
  if (!step_done (unlink_all, self->db, _("saving the evidence"), error))
    goto fail;

  elements = mnr_evidence_get_elements (evidence);
  for (guint i = 0; elements[i] != NULL; i++)
    {
      sqlite3_reset (link);
      bind_text (link, 1, mnr_evidence_get_id (evidence));
      bind_text (link, 2, elements[i]);
      if (!step_done (link, self->db, _("saving the evidence"), error))
        goto fail;
    }

  bind_text (created, 1, mnr_evidence_get_id (evidence));
  if (sqlite3_step (created) == SQLITE_ROW)
    {
      created_at = sqlite3_column_int64 (created, 0);
      created_by = column_dup (created, 1);
    }

  if (!commit (self, _("saving the evidence"), error))
    return FALSE;

  mnr_evidence_set_times (evidence, created_at, now,
                          created_by != NULL ? created_by : self->author, self->author);
  return TRUE;

fail:
  rollback (self);
  return FALSE;
}

#define EVIDENCE_COLUMNS \
  "e.id, e.country, e.title, e.kind, e.date, e.source, e.summary, e.restricted," \
  " e.created_at, e.created_by, e.updated_at, e.updated_by," \
  " (SELECT group_concat (element, ' ') FROM evidence_links WHERE evidence = e.id)," \
  " (SELECT count (*) FROM attachments WHERE evidence = e.id AND deleted_at IS NULL)," \
  " e.sample"

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *)a, *(const char * const *)b);
}

static MnrEvidence *
evidence_from_row (sqlite3_stmt *stmt)
{
  g_autofree char *id = column_dup (stmt, 0);
  g_autofree char *country = column_dup (stmt, 1);
  g_autofree char *elements = column_dup (stmt, 12);
  g_autofree char *created_by = column_dup (stmt, 9);
  g_autofree char *updated_by = column_dup (stmt, 11);
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
      g_ptr_array_sort (sorted, compare_strings);
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

  if (!ensure_open (self, error) ||
      !(stmt = prepare (self->db, "SELECT " EVIDENCE_COLUMNS " FROM evidence e WHERE e.id = ?1",
                        _("reading the evidence"), error)))
    return NULL;

  bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return evidence_from_row (stmt);

  if (rc == SQLITE_DONE)
    g_set_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_NOT_FOUND,
                 _("There is no such evidence."));
  else
    sqlite_error (error, self->db, rc, _("reading the evidence"));
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

  if (!ensure_open (self, error) || !remember_base (self, "evidence", id, error) ||
      !(stmt = prepare (self->db,
                        "UPDATE evidence SET deleted_at = ?2, updated_at = ?3, updated_by = ?4,"
                        " local_rev = local_rev + 1 WHERE id = ?1",
                        what, error)))
    return FALSE;

  bind_text (stmt, 1, id);
  if (removed)
    sqlite3_bind_int64 (stmt, 2, g_get_real_time ());
  else
    sqlite3_bind_null (stmt, 2);
  sqlite3_bind_int64 (stmt, 3, g_get_real_time ());
  bind_text (stmt, 4, self->author);

  if (!step_done (stmt, self->db, what, error))
    return FALSE;

  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_NOT_FOUND, _("There is no such evidence."));
      return FALSE;
    }

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

  if (!ensure_open (self, error) || !begin (self, what, error))
    return -1;

  evidence = prepare (self->db, "UPDATE evidence SET sample = 1 WHERE id = ?1 AND sample = 0", what, error);
  attachments = prepare (self->db, "UPDATE attachments SET sample = 1 WHERE evidence = ?1 AND sample = 0",
                         what, error);
  if (evidence == NULL || attachments == NULL)
    goto fail;

  for (guint i = 0; ids[i] != NULL; i++)
    {
      sqlite3_reset (evidence);
      sqlite3_reset (attachments);
      bind_text (evidence, 1, ids[i]);
      bind_text (attachments, 1, ids[i]);
      if (!step_done (evidence, self->db, what, error))
        goto fail;
      marked += sqlite3_changes (self->db);
      if (!step_done (attachments, self->db, what, error))
        goto fail;
    }

  if (!commit (self, what, error))
    return -1;
  return marked;

fail:
  rollback (self);
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

  if (!ensure_open (self, error) ||
      !(stmt = prepare (self->db,
                        "SELECT count (*) FROM evidence WHERE sample = 1 AND deleted_at IS NULL"
                        " AND (?1 IS NULL OR country = ?1)",
                        _("reading the sample data"), error)))
    return -1;

  if (country != NULL)
    bind_text (stmt, 1, country);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite_error (error, self->db, sqlite3_errcode (self->db), _("reading the sample data"));
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

  if (!ensure_open (self, error) || !begin (self, what, error))
    return -1;

  pushed = prepare (self->db,
                    "SELECT id FROM evidence WHERE sample = 1 AND deleted_at IS NULL AND server_rev > 0"
                    " AND (?1 IS NULL OR country = ?1)",
                    what, error);
  if (pushed == NULL)
    goto fail;
  if (country != NULL)
    bind_text (pushed, 1, country);
  while ((rc = sqlite3_step (pushed)) == SQLITE_ROW)
    g_ptr_array_add (ids, column_dup (pushed, 0));
  if (rc != SQLITE_DONE)
    {
      sqlite_error (error, self->db, rc, what);
      goto fail;
    }

  for (guint i = 0; i < ids->len; i++)
    {
      if (!mark_evidence (self, g_ptr_array_index (ids, i), TRUE, error))
        goto fail;
      removed++;
    }

  forget = prepare (self->db,
                    "DELETE FROM evidence WHERE sample = 1 AND server_rev = 0"
                    " AND (?1 IS NULL OR country = ?1)",
                    what, error);
  if (forget == NULL)
    goto fail;
  if (country != NULL)
    bind_text (forget, 1, country);
  if (!step_done (forget, self->db, what, error))
    goto fail;
  removed += sqlite3_changes (self->db);

  if (!exec (self->db,
             "DELETE FROM sync_base WHERE type = 'evidence'"
             " AND id NOT IN (SELECT id FROM evidence);"
             "DELETE FROM sync_base WHERE type = 'attachment'"
             " AND id NOT IN (SELECT id FROM attachments);",
             what, error))
    goto fail;

  if (!commit (self, what, error))
    return -1;
  return removed;

fail:
  rollback (self);
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

  if (!ensure_open (self, error))
    return NULL;

  if (query != NULL)
    stmt = prepare (self->db,
                    "SELECT " EVIDENCE_COLUMNS " FROM evidence_fts f"
                    " JOIN evidence e ON e.rowid = f.rowid"
                    " WHERE evidence_fts MATCH ?2 AND e.country = ?1 AND e.deleted_at IS NULL"
                    " ORDER BY f.rank",
                    _("searching the evidence"), error);
  else
    stmt = prepare (self->db,
                    "SELECT " EVIDENCE_COLUMNS " FROM evidence e"
                    " WHERE e.country = ?1 AND e.deleted_at IS NULL ORDER BY e.updated_at DESC",
                    _("listing the evidence"), error);
  if (stmt == NULL)
    return NULL;

  bind_text (stmt, 1, country);
  if (query != NULL)
    bind_text (stmt, 2, query);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(MnrEvidence) evidence = evidence_from_row (stmt);
      g_list_store_append (items, evidence);
    }

  if (rc != SQLITE_DONE)
    {
      sqlite_error (error, self->db, rc, _("listing the evidence"));
      return NULL;
    }

  return G_LIST_MODEL (g_steal_pointer (&items));
}

/* --- attachments --------------------------------------------------------- */

static GFile *
attachment_file (MnrStore   *self,
                 const char *sha256)
{
  g_autofree char *prefix = g_strndup (sha256, 2);
  g_autoptr(GFile) folder = g_file_get_child (self->directory, "attachments");
  g_autoptr(GFile) sub = g_file_get_child (folder, prefix);

  return g_file_get_child (sub, sha256);
}

/**
 * mnr_store_get_attachment_file:
 * @sha256: the attachment's hash
 *
 * Returns: (transfer full) (nullable): the stored file, to open with the
 *   user's application; %NULL for a malformed hash or a missing file
 */
GFile *
mnr_store_get_attachment_file (MnrStore    *self,
                               const char  *sha256,
                               GError     **error)
{
  g_autoptr(GFile) file = NULL;

  g_return_val_if_fail (MNR_IS_STORE (self), NULL);

  if (!mnr_store_is_valid_sha256 (sha256))
    {
      invalid (error, _("“%s” is not the name of an attachment."), sha256 != NULL ? sha256 : "");
      return NULL;
    }

  file = attachment_file (self, sha256);
  if (!g_file_query_exists (file, NULL))
    {
      g_set_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_NOT_FOUND,
                   _("The attached file is missing from the data folder."));
      return NULL;
    }

  return g_steal_pointer (&file);
}

static char *
hash_file (GFile         *file,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GFileInputStream) input = g_file_read (file, cancellable, error);
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 buffer[64 * 1024];
  gssize n;

  if (input == NULL)
    return NULL;

  while ((n = g_input_stream_read (G_INPUT_STREAM (input), buffer, sizeof buffer, cancellable, error)) > 0)
    g_checksum_update (checksum, buffer, n);

  if (n < 0)
    return NULL;

  return g_strdup (g_checksum_get_string (checksum));
}

/* Copies @source to a temporary file inside the store, hashing on the way;
 * refuses it past the size limit. */
static GFile *
copy_in (MnrStore      *self,
         GFile         *source,
         const char    *display_name,
         char         **sha256,
         gint64        *size,
         GCancellable  *cancellable,
         GError       **error)
{
  g_autoptr(GFile) folder = g_file_get_child (self->directory, "attachments");
  g_autoptr(GFileInputStream) input = NULL;
  g_autoptr(GFileIOStream) temp_stream = NULL;
  g_autoptr(GFile) temp = NULL;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GError) local_error = NULL;
  GOutputStream *output;
  guint8 buffer[64 * 1024];
  gssize n;

  *size = 0;

  input = g_file_read (source, cancellable, &local_error);
  if (input == NULL)
    {
      g_set_error (error, MNR_STORE_ERROR,
                   g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND)
                     ? MNR_STORE_ERROR_NOT_FOUND : MNR_STORE_ERROR_FAILED,
                   _("“%s” cannot be read: %s"), display_name, local_error->message);
      return NULL;
    }

  g_file_make_directory_with_parents (folder, NULL, NULL);
  temp = g_file_get_child (folder, "incoming.part");
  {
    g_autofree char *template = g_build_filename (g_file_peek_path (folder), "incoming-XXXXXX", NULL);
    int fd = g_mkstemp (template);

    if (fd < 0)
      {
        g_set_error (error, MNR_STORE_ERROR,
                     errno == ENOSPC ? MNR_STORE_ERROR_DISK_FULL : MNR_STORE_ERROR_READ_ONLY,
                     _("“%s” cannot be copied into the data folder: %s"),
                     display_name, g_strerror (errno));
        return NULL;
      }
    close (fd);
    g_clear_object (&temp);
    temp = g_file_new_for_path (template);
  }

  temp_stream = g_file_open_readwrite (temp, cancellable, &local_error);
  if (temp_stream == NULL)
    goto io_fail;
  output = g_io_stream_get_output_stream (G_IO_STREAM (temp_stream));

  while ((n = g_input_stream_read (G_INPUT_STREAM (input), buffer, sizeof buffer,
                                   cancellable, &local_error)) > 0)
    {
      *size += n;
      if (*size > MNR_STORE_MAX_ATTACHMENT_SIZE)
        {
          g_file_delete (temp, NULL, NULL);
          g_set_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_TOO_LARGE,
                       _("“%s” is larger than %d MB, the limit for an attachment."),
                       display_name, MNR_STORE_MAX_ATTACHMENT_SIZE / (1024 * 1024));
          return NULL;
        }
      g_checksum_update (checksum, buffer, n);
      if (!g_output_stream_write_all (output, buffer, n, NULL, cancellable, &local_error))
        goto io_fail;
    }

  if (n < 0 ||
      !g_output_stream_flush (output, cancellable, &local_error) ||
      !g_io_stream_close (G_IO_STREAM (temp_stream), cancellable, &local_error))
    goto io_fail;

  *sha256 = g_strdup (g_checksum_get_string (checksum));
  return g_steal_pointer (&temp);

io_fail:
  g_file_delete (temp, NULL, NULL);
  g_set_error (error, MNR_STORE_ERROR,
               g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NO_SPACE)
                 ? MNR_STORE_ERROR_DISK_FULL : MNR_STORE_ERROR_FAILED,
               _("“%s” cannot be copied into the data folder: %s"),
               display_name, local_error != NULL ? local_error->message : "");
  return NULL;
}

/**
 * mnr_store_add_attachment:
 * @source: the file chosen by the user
 *
 * Copies @source into the store under its SHA-256, checks the copy against
 * the hash, and attaches it to the evidence.
 *
 * Returns: (transfer full) (nullable): the attachment
 */
MnrAttachment *
mnr_store_add_attachment (MnrStore      *self,
                          const char    *evidence_id,
                          GFile         *source,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autoptr(GFile) temp = NULL;
  g_autoptr(GFile) target = NULL;
  g_autoptr(GFile) parent = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(MnrEvidence) evidence = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *name = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *check = NULL;
  g_autoptr(GError) local_error = NULL;
  MnrAttachment *attachment;
  gint64 size = 0;
  const char *content_type = "";

  g_return_val_if_fail (MNR_IS_STORE (self), NULL);
  g_return_val_if_fail (G_IS_FILE (source), NULL);

  if (!ensure_open (self, error))
    return NULL;

  if (!(evidence = mnr_store_get_evidence (self, evidence_id, error)))
    return NULL;

  basename = g_file_get_basename (source);
  name = mnr_store_sanitize_file_name (basename);

  info = g_file_query_info (source,
                            G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                            G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                            G_FILE_ATTRIBUTE_STANDARD_CONTENT_TYPE,
                            G_FILE_QUERY_INFO_NONE, cancellable, &local_error);
  if (info == NULL)
    {
      g_set_error (error, MNR_STORE_ERROR,
                   g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND)
                     ? MNR_STORE_ERROR_NOT_FOUND : MNR_STORE_ERROR_FAILED,
                   _("“%s” cannot be attached: %s"), name, local_error->message);
      return NULL;
    }

  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      invalid (error, _("“%s” is not a file that can be attached."), name);
      return NULL;
    }

  if (g_file_info_get_size (info) > MNR_STORE_MAX_ATTACHMENT_SIZE)
    {
      g_set_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_TOO_LARGE,
                   _("“%s” is larger than %d MB, the limit for an attachment."),
                   name, MNR_STORE_MAX_ATTACHMENT_SIZE / (1024 * 1024));
      return NULL;
    }

  if (g_file_info_get_content_type (info) != NULL)
    content_type = g_file_info_get_content_type (info);

  temp = copy_in (self, source, name, &sha256, &size, cancellable, error);
  if (temp == NULL)
    return NULL;

  /* The copy must hash as the original did while it was read. */
  check = hash_file (temp, cancellable, NULL);
  if (g_strcmp0 (check, sha256) != 0)
    {
      g_file_delete (temp, NULL, NULL);
      g_set_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_FAILED,
                   _("The copy of “%s” does not match the original; it was not attached."), name);
      return NULL;
    }

  target = attachment_file (self, sha256);
  parent = g_file_get_parent (target);
  g_file_make_directory_with_parents (parent, NULL, NULL);

  if (g_file_query_exists (target, NULL))
    g_file_delete (temp, NULL, NULL);  /* the same content is stored already */
  else if (!g_file_move (temp, target, G_FILE_COPY_NONE, cancellable, NULL, NULL, &local_error))
    {
      g_file_delete (temp, NULL, NULL);
      g_set_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_FAILED,
                   _("“%s” cannot be stored: %s"), name, local_error->message);
      return NULL;
    }

  attachment = g_new0 (MnrAttachment, 1);
  attachment->id = g_uuid_string_random ();
  attachment->evidence_id = g_strdup (evidence_id);
  attachment->sha256 = g_steal_pointer (&sha256);
  attachment->name = g_steal_pointer (&name);
  attachment->content_type = g_strdup (content_type);
  attachment->size = size;

  stmt = prepare (self->db,
                  "INSERT INTO attachments (id, evidence, sha256, name, content_type, size,"
                  " created_at, created_by, updated_by, sample)"
                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8,"
                  " coalesce ((SELECT sample FROM evidence WHERE id = ?2), 0))",
                  _("attaching the file"), error);
  if (stmt == NULL)
    {
      mnr_attachment_free (attachment);
      return NULL;
    }

  bind_text (stmt, 1, attachment->id);
  bind_text (stmt, 2, attachment->evidence_id);
  bind_text (stmt, 3, attachment->sha256);
  bind_text (stmt, 4, attachment->name);
  bind_text (stmt, 5, attachment->content_type);
  sqlite3_bind_int64 (stmt, 6, attachment->size);
  sqlite3_bind_int64 (stmt, 7, g_get_real_time ());
  bind_text (stmt, 8, self->author);

  if (!step_done (stmt, self->db, _("attaching the file"), error))
    {
      mnr_attachment_free (attachment);
      return NULL;
    }

  return attachment;
}

/**
 * mnr_store_get_attachment_for_opening:
 * @sha256: the attachment's hash
 *
 * Attachments are stored under their hash, without a name. To open one
 * with the user's application, it is copied (once) to the cache under the
 * name it was attached with, so that application sees a proper file name
 * and type, and cannot change the stored original.
 *
 * Returns: (transfer full) (nullable): the copy to open
 */
GFile *
mnr_store_get_attachment_for_opening (MnrStore    *self,
                                      const char  *sha256,
                                      GError     **error)
{
  g_autoptr(GFile) stored = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GFile) copy = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *folder_path = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (MNR_IS_STORE (self), NULL);

  if (!(stored = mnr_store_get_attachment_file (self, sha256, error)) || !ensure_open (self, error))
    return NULL;

  stmt = prepare (self->db, "SELECT name FROM attachments WHERE sha256 = ?1 ORDER BY created_at LIMIT 1",
                  _("opening the attachment"), error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, sha256);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    name = mnr_store_sanitize_file_name ((const char *)sqlite3_column_text (stmt, 0));
  else
    name = g_strdup ("attachment");

  folder_path = g_build_filename (g_get_user_cache_dir (), "mnr-tracker", "open", sha256, NULL);
  folder = g_file_new_for_path (folder_path);
  copy = g_file_get_child (folder, name);

  if (g_file_query_exists (copy, NULL))
    return g_steal_pointer (&copy);

  if ((!g_file_make_directory_with_parents (folder, NULL, &local_error) &&
       !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS)) ||
      (g_clear_error (&local_error),
       !g_file_copy (stored, copy, G_FILE_COPY_NONE, NULL, NULL, NULL, &local_error)))
    {
      g_set_error (error, MNR_STORE_ERROR,
                   g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NO_SPACE)
                     ? MNR_STORE_ERROR_DISK_FULL : MNR_STORE_ERROR_FAILED,
                   _("“%s” could not be prepared for opening: %s"), name,
                   local_error != NULL ? local_error->message : "");
      return NULL;
    }

  return g_steal_pointer (&copy);
}

/**
 * mnr_store_list_attachments:
 *
 * Returns: (transfer container) (element-type MnrAttachment): the item's
 *   attachments, oldest first
 */
/* The attachments of a query of "id, evidence, sha256, name,
 * content_type, size". */
static GPtrArray *
read_attachments (MnrStore      *self,
                  sqlite3_stmt  *stmt,
                  GError       **error)
{
  g_autoptr(GPtrArray) attachments = g_ptr_array_new_with_free_func ((GDestroyNotify)mnr_attachment_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      MnrAttachment *attachment = g_new0 (MnrAttachment, 1);

      attachment->id = column_dup (stmt, 0);
      attachment->evidence_id = column_dup (stmt, 1);
      attachment->sha256 = column_dup (stmt, 2);
      attachment->name = column_dup (stmt, 3);
      attachment->content_type = column_dup (stmt, 4);
      attachment->size = sqlite3_column_int64 (stmt, 5);
      g_ptr_array_add (attachments, attachment);
    }

  if (rc != SQLITE_DONE)
    {
      sqlite_error (error, self->db, rc, _("listing the attachments"));
      return NULL;
    }

  return g_steal_pointer (&attachments);
}

GPtrArray *
mnr_store_list_attachments (MnrStore    *self,
                            const char  *evidence_id,
                            GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (MNR_IS_STORE (self), NULL);

  if (!ensure_open (self, error) ||
      !(stmt = prepare (self->db,
                        "SELECT id, evidence, sha256, name, content_type, size FROM attachments"
                        " WHERE evidence = ?1 AND deleted_at IS NULL ORDER BY created_at, id",
                        _("listing the attachments"), error)))
    return NULL;

  bind_text (stmt, 1, evidence_id);
  return read_attachments (self, stmt, error);
}

/**
 * mnr_store_list_missing_files:
 *
 * The attachments whose file is not in the store yet: those that came
 * from the server, whose bytes are still to be downloaded
 * (docs/sync-protocol.md, section 7.7). One per file.
 *
 * Returns: (transfer container) (element-type MnrAttachment): the
 *   attachments, of removed evidence too
 */
GPtrArray *
mnr_store_list_missing_files (MnrStore  *self,
                              GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) attachments = NULL;

  g_return_val_if_fail (MNR_IS_STORE (self), NULL);

  if (!ensure_open (self, error) ||
      !(stmt = prepare (self->db,
                        "SELECT min (id), min (evidence), sha256, min (name), min (content_type), max (size)"
                        " FROM attachments WHERE deleted_at IS NULL GROUP BY sha256 ORDER BY min (created_at)",
                        _("listing the attachments"), error)) ||
      !(attachments = read_attachments (self, stmt, error)))
    return NULL;

  for (guint i = attachments->len; i > 0; i--)
    {
      MnrAttachment *attachment = attachments->pdata[i - 1];
      g_autoptr(GFile) file = NULL;

      if (mnr_store_is_valid_sha256 (attachment->sha256))
        file = attachment_file (self, attachment->sha256);
      if (file == NULL || g_file_query_exists (file, NULL))
        g_ptr_array_remove_index (attachments, i - 1);
    }

  return g_steal_pointer (&attachments);
}

/**
 * mnr_store_create_incoming_file:
 * @stream: (out): where to write the bytes
 *
 * A new, empty private file inside the store, for the bytes of an
 * attachment on their way from the server; give it to
 * mnr_store_add_incoming_file() once complete, or delete it.
 *
 * Returns: (transfer full) (nullable): the file
 */
GFile *
mnr_store_create_incoming_file (MnrStore           *self,
                                GFileOutputStream **stream,
                                GError            **error)
{
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *name = g_strconcat (".incoming-", uuid, NULL);

  g_return_val_if_fail (MNR_IS_STORE (self), NULL);
  g_return_val_if_fail (stream != NULL, NULL);

  folder = g_file_get_child (self->directory, "attachments");
  file = g_file_get_child (folder, name);
  g_file_make_directory_with_parents (folder, NULL, NULL);
  *stream = g_file_create (file, G_FILE_CREATE_PRIVATE, NULL, &local_error);
  if (*stream == NULL)
    {
      g_set_error (error, MNR_STORE_ERROR,
                   g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NO_SPACE)
                     ? MNR_STORE_ERROR_DISK_FULL : MNR_STORE_ERROR_FAILED,
                   _("An attachment cannot be saved in the data folder: %s"), local_error->message);
      return NULL;
    }

  return g_steal_pointer (&file);
}

/**
 * mnr_store_add_incoming_file:
 * @file: from mnr_store_create_incoming_file(), complete and closed
 * @sha256: the hash the attachment record names
 *
 * Keeps @file as the stored bytes of @sha256 if it hashes to it; deletes
 * it in every case.
 *
 * Returns: %TRUE if the file is now in the store;
 *   %MNR_STORE_ERROR_INVALID when its bytes do not match the hash
 */
gboolean
mnr_store_add_incoming_file (MnrStore    *self,
                             GFile       *file,
                             const char  *sha256,
                             GError     **error)
{
  g_autoptr(GFile) target = NULL;
  g_autoptr(GFile) parent = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *check = NULL;

  g_return_val_if_fail (MNR_IS_STORE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (!mnr_store_is_valid_sha256 (sha256))
    {
      g_file_delete (file, NULL, NULL);
      return invalid (error, _("“%s” is not the name of an attachment."), sha256 != NULL ? sha256 : "");
    }

  check = hash_file (file, NULL, &local_error);
  if (g_strcmp0 (check, sha256) != 0)
    {
      g_file_delete (file, NULL, NULL);
      if (check == NULL)
        {
          g_set_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_FAILED,
                       _("A downloaded attachment cannot be read: %s"), local_error->message);
          return FALSE;
        }
      return invalid (error, _("The attachment from the server does not match its checksum; it was not kept."));
    }

  target = attachment_file (self, sha256);
  parent = g_file_get_parent (target);
  g_file_make_directory_with_parents (parent, NULL, NULL);

  if (g_file_query_exists (target, NULL))
    g_file_delete (file, NULL, NULL);  /* the same bytes are here already */
  else if (!g_file_move (file, target, G_FILE_COPY_NONE, NULL, NULL, NULL, &local_error))
    {
      g_file_delete (file, NULL, NULL);
      g_set_error (error, MNR_STORE_ERROR,
                   g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NO_SPACE)
                     ? MNR_STORE_ERROR_DISK_FULL : MNR_STORE_ERROR_FAILED,
                   _("A downloaded attachment cannot be stored: %s"), local_error->message);
      return FALSE;
    }

  return TRUE;
}

/* --- backups ------------------------------------------------------------- */

/**
 * mnr_store_backup:
 *
 * Copies the store, consistently, into backups/; keeps the newest
 * #MNR_STORE_N_BACKUPS.
 *
 * Returns: (transfer full) (nullable): the backup file
 */
GFile *
mnr_store_backup (MnrStore  *self,
                  GError   **error)
{
  g_return_val_if_fail (MNR_IS_STORE (self), NULL);

  if (!ensure_open (self, error))
    return NULL;

  return backup_connection (self->db, self->directory, error);
}

/**
 * mnr_store_backup_is_due:
 *
 * Returns: whether the newest backup is more than a day old, or missing
 */
gboolean
mnr_store_backup_is_due (MnrStore *self)
{
  g_return_val_if_fail (MNR_IS_STORE (self), FALSE);

  return backup_is_due (self->directory);
}

/**
 * mnr_store_restore_backup:
 * @directory: the store's folder; no #MnrStore may have it open
 * @backup: one of mnr_store_list_backups()
 *
 * Puts a backup in place of the current data. The current data is first
 * kept aside (as a backup if it can be read, else as a file named
 * "mnr-tracker.db.replaced-…"), so a restore loses nothing either.
 */
gboolean
mnr_store_restore_backup (GFile   *directory,
                          GFile   *backup,
                          GError **error)
{
  g_autoptr(GFile) db_file = g_file_get_child (directory, DB_NAME);
  g_autofree char *db_path = g_file_get_path (db_file);
  g_autofree char *backup_path = g_file_get_path (backup);
  g_autofree char *temp_path = g_strconcat (db_path, ".restoring", NULL);
  g_autoptr(GFile) temp = g_file_new_for_path (temp_path);
  g_autoptr(GError) local_error = NULL;
  int version;

  g_return_val_if_fail (G_IS_FILE (directory), FALSE);
  g_return_val_if_fail (G_IS_FILE (backup), FALSE);

  /* The backup itself must be sound and not from the future. */
  {
    g_autoptr(GFile) scratch = g_file_get_child (directory, "backups");

    version = inspect_existing (backup_path, scratch, error);
    if (version < 0)
      return FALSE;
  }

  if (g_file_test (db_path, G_FILE_TEST_EXISTS))
    {
      sqlite3 *current = NULL;
      g_autoptr(GFile) kept = NULL;

      if (open_untouched (db_path, &current) == SQLITE_OK)
        kept = backup_connection (current, directory, NULL);
      sqlite3_close (current);

      if (kept == NULL)
        {
          g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
          g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
          g_autofree char *aside = g_strdup_printf ("%s.replaced-%s", db_path, stamp);

          if (g_rename (db_path, aside) != 0)
            {
              g_set_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_FAILED,
                           _("The current data could not be kept aside: %s"), g_strerror (errno));
              return FALSE;
            }
        }
    }

  if (!g_file_copy (backup, temp, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &local_error))
    {
      g_file_delete (temp, NULL, NULL);
      g_set_error (error, MNR_STORE_ERROR,
                   g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NO_SPACE)
                     ? MNR_STORE_ERROR_DISK_FULL : MNR_STORE_ERROR_FAILED,
                   _("The backup could not be restored: %s"), local_error->message);
      return FALSE;
    }

  /* The write-ahead log of the data being replaced must not be replayed
   * onto the restored file. */
  for (const char * const *suffix = (const char * const[]) { "-wal", "-shm", NULL }; *suffix; suffix++)
    {
      g_autofree char *side = g_strconcat (db_path, *suffix, NULL);
      g_unlink (side);
    }

  if (g_rename (temp_path, db_path) != 0)
    {
      g_set_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_FAILED,
                   _("The backup could not be restored: %s"), g_strerror (errno));
      return FALSE;
    }

  return TRUE;
}

/* --- sync ---------------------------------------------------------------- */

/* What the store keeps for sync (docs/sync-protocol.md, section 7.1): on
 * every synced row, server_rev (the base rev), local_rev (+1 in the same
 * transaction as every local change) and synced_rev (the local_rev the
 * server last accepted); dirty means local_rev > synced_rev. Records the
 * server sent are written without touching local_rev, and made clean by
 * synced_rev = local_rev. Just before a clean record's first local
 * change, its content (the server's version it is at) is kept in
 * sync_base; when a newer server version meets the dirty record, members
 * changed on one side only merge (section 7.5, rule 4) and the rest is a
 * conflict, kept in `conflicts` with the base for a person. The base is
 * dropped once the record is clean again; it is dropped too when the
 * record was changed during its upload (the server's version it would
 * start from is not kept), so that a merge never uses a wrong base. */

void
mnr_sync_conflict_free (MnrSyncConflict *conflict)
{
  if (conflict == NULL)
    return;
  g_free (conflict->type);
  g_free (conflict->id);
  g_clear_pointer (&conflict->local, mnr_sync_record_free);
  g_clear_pointer (&conflict->remote, mnr_sync_record_free);
  g_clear_pointer (&conflict->base, mnr_sync_record_free);
  g_free (conflict);
}

/* Columns every type's query starts with, then the type's own from 9. */
enum
{
  SYNC_COL_ID,
  SYNC_COL_COUNTRY,
  SYNC_COL_DELETED,
  SYNC_COL_SERVER_REV,
  SYNC_COL_LOCAL_REV,
  SYNC_COL_SYNCED_REV,
  SYNC_COL_UPDATED_BY,
  SYNC_COL_EXTRA,
  SYNC_COL_UPDATED_AT,
  SYNC_COL_DATA,
};

#define SYNC_COMMON(country, updated_at) \
  "SELECT t.id, " country ", t.deleted_at IS NOT NULL, t.server_rev, t.local_rev, t.synced_rev," \
  " t.updated_by, t.data_extra, " updated_at ", "

typedef struct
{
  const char         *type;
  const char         *table;
  const char         *select;
  const char * const *members;   /* the members of `data` this version stores */
} SyncTable;

/* In the order records are pushed: what others refer to first. */
static const SyncTable sync_tables[] = {
  { "round", "rounds",
    SYNC_COMMON ("t.country", "t.updated_at") "t.name, t.date FROM rounds t",
    (const char * const[]) { "name", "date", NULL } },
  { "rating", "ratings",
    SYNC_COMMON ("p.country", "t.updated_at") "t.round, t.element, t.level, t.rationale"
    " FROM ratings t JOIN rounds p ON p.id = t.round",
    (const char * const[]) { "round", "element", "level", "rationale", NULL } },
  { "evidence", "evidence",
    SYNC_COMMON ("t.country", "t.updated_at") "t.title, t.kind, t.date, t.source, t.summary, t.restricted,"
    " (SELECT group_concat (element, ' ') FROM"
    "   (SELECT element FROM evidence_links WHERE evidence = t.id ORDER BY element))"
    " FROM evidence t",
    (const char * const[]) { "title", "kind", "date", "source", "summary", "restricted", "elements", NULL } },
  { "attachment", "attachments",
    SYNC_COMMON ("p.country", "t.created_at") "t.evidence, t.sha256, t.name, t.size, t.content_type"
    " FROM attachments t JOIN evidence p ON p.id = t.evidence",
    (const char * const[]) { "evidence", "sha256", "name", "size", "content_type", NULL } },
  { "group", "groups",
    SYNC_COMMON ("NULL", "t.updated_at") "t.name, t.short_name,"
    " (SELECT group_concat (country, ' ') FROM"
    "   (SELECT country FROM group_members WHERE grp = t.id ORDER BY country))"
    " FROM groups t",
    (const char * const[]) { "name", "short_name", "members", NULL } },
};

static const SyncTable *
find_sync_table (const char  *type,
                 GError     **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (sync_tables); i++)
    if (g_strcmp0 (sync_tables[i].type, type) == 0)
      return &sync_tables[i];

  invalid (error, _("“%s” is not a type of record."), type != NULL ? type : "");
  return NULL;
}

static const char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  return text != NULL ? (const char *)text : "";
}

static void
add_word_list (JsonObject   *data,
               const char   *name,
               sqlite3_stmt *stmt,
               int           column)
{
  g_auto(GStrv) words = g_strsplit (column_text (stmt, column), " ", -1);
  JsonArray *array = json_array_new ();

  for (guint i = 0; words[i] != NULL; i++)
    if (words[i][0] != '\0')
      json_array_add_string_element (array, words[i]);

  json_object_set_array_member (data, name, array);
}

/* The record of the current row of a sync_tables[] query. */
static MnrSyncRecord *
record_from_row (const SyncTable *table,
                 sqlite3_stmt    *stmt,
                 gint64          *synced_rev)
{
  MnrSyncRecord *record = mnr_sync_record_new (table->type, column_text (stmt, SYNC_COL_ID));
  JsonObject *data = record->data;
  const int d = SYNC_COL_DATA;

  if (sqlite3_column_type (stmt, SYNC_COL_COUNTRY) != SQLITE_NULL)
    record->country = g_strdup (column_text (stmt, SYNC_COL_COUNTRY));
  record->deleted = sqlite3_column_int (stmt, SYNC_COL_DELETED) != 0;
  record->server_rev = sqlite3_column_int64 (stmt, SYNC_COL_SERVER_REV);
  record->local_rev = sqlite3_column_int64 (stmt, SYNC_COL_LOCAL_REV);
  g_free (record->updated_by);
  record->updated_by = g_strdup (column_text (stmt, SYNC_COL_UPDATED_BY));
  record->updated_at = sqlite3_column_int64 (stmt, SYNC_COL_UPDATED_AT);
  if (synced_rev != NULL)
    *synced_rev = sqlite3_column_int64 (stmt, SYNC_COL_SYNCED_REV);

  if (g_str_equal (table->type, "round"))
    {
      json_object_set_string_member (data, "name", column_text (stmt, d));
      json_object_set_string_member (data, "date", column_text (stmt, d + 1));
    }
  else if (g_str_equal (table->type, "rating"))
    {
      json_object_set_string_member (data, "round", column_text (stmt, d));
      json_object_set_string_member (data, "element", column_text (stmt, d + 1));
      json_object_set_string_member (data, "level", column_text (stmt, d + 2));
      json_object_set_string_member (data, "rationale", column_text (stmt, d + 3));
    }
  else if (g_str_equal (table->type, "evidence"))
    {
      json_object_set_string_member (data, "title", column_text (stmt, d));
      json_object_set_string_member (data, "kind", column_text (stmt, d + 1));
      json_object_set_string_member (data, "date", column_text (stmt, d + 2));
      json_object_set_string_member (data, "source", column_text (stmt, d + 3));
      json_object_set_string_member (data, "summary", column_text (stmt, d + 4));
      json_object_set_boolean_member (data, "restricted", sqlite3_column_int (stmt, d + 5) != 0);
      add_word_list (data, "elements", stmt, d + 6);
    }
  else if (g_str_equal (table->type, "attachment"))
    {
      json_object_set_string_member (data, "evidence", column_text (stmt, d));
      json_object_set_string_member (data, "sha256", column_text (stmt, d + 1));
      json_object_set_string_member (data, "name", column_text (stmt, d + 2));
      json_object_set_int_member (data, "size", sqlite3_column_int64 (stmt, d + 3));
      json_object_set_string_member (data, "content_type", column_text (stmt, d + 4));
    }
  else
    {
      json_object_set_string_member (data, "name", column_text (stmt, d));
      json_object_set_string_member (data, "short_name", column_text (stmt, d + 1));
      add_word_list (data, "members", stmt, d + 2);
    }

  /* Members of data a newer client sent, kept as they came. */
  if (sqlite3_column_type (stmt, SYNC_COL_EXTRA) != SQLITE_NULL)
    {
      g_autoptr(JsonNode) extra = json_from_string (column_text (stmt, SYNC_COL_EXTRA), NULL);

      if (extra != NULL && JSON_NODE_HOLDS_OBJECT (extra))
        {
          JsonObjectIter iter;
          const char *name;
          JsonNode *value;

          json_object_iter_init (&iter, json_node_get_object (extra));
          while (json_object_iter_next (&iter, &name, &value))
            if (!json_object_has_member (data, name))
              json_object_set_member (data, name, json_node_copy (value));
        }
    }

  return record;
}

/* The local record @type/@id, or %NULL in @record when there is none. */
static gboolean
read_record (MnrStore         *self,
             const SyncTable  *table,
             const char       *id,
             MnrSyncRecord   **record,
             gint64           *synced_rev,
             GError          **error)
{
  g_autofree char *sql = g_strconcat (table->select, " WHERE t.id = ?1", NULL);
  g_autoptr(sqlite3_stmt) stmt = prepare (self->db, sql, _("reading the changes to sync"), error);
  int rc;

  *record = NULL;
  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *record = record_from_row (table, stmt, synced_rev);
  else if (rc != SQLITE_DONE)
    return sqlite_error (error, self->db, rc, _("reading the changes to sync"));

  return TRUE;
}

static char *
record_to_text (const MnrSyncRecord *record)
{
  g_autoptr(JsonNode) node = mnr_sync_record_to_envelope (record);

  return json_to_string (node, FALSE);
}

static MnrSyncRecord *parse_stored (const char  *text,
                                    GError     **error);

static gboolean
save_base (MnrStore             *self,
           const MnrSyncRecord  *base,
           GError              **error)
{
  const char *what = _("saving what was synced");
  g_autofree char *text = record_to_text (base);
  g_autoptr(sqlite3_stmt) stmt = prepare (self->db,
                                          "INSERT INTO sync_base (type, id, record) VALUES (?1, ?2, ?3)"
                                          " ON CONFLICT (type, id) DO UPDATE SET record = excluded.record",
                                          what, error);

  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, base->type);
  bind_text (stmt, 2, base->id);
  bind_text (stmt, 3, text);
  return step_done (stmt, self->db, what, error);
}

static gboolean
forget_base (MnrStore    *self,
             const char  *type,
             const char  *id,
             GError     **error)
{
  const char *what = _("saving what was synced");
  g_autoptr(sqlite3_stmt) stmt = prepare (self->db, "DELETE FROM sync_base WHERE type = ?1 AND id = ?2",
                                          what, error);

  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, type);
  bind_text (stmt, 2, id);
  return step_done (stmt, self->db, what, error);
}

/* The base kept for @local, or %NULL in @base when there is none that
 * @local is based on. */
static gboolean
read_base (MnrStore             *self,
           const MnrSyncRecord  *local,
           MnrSyncRecord       **base,
           GError              **error)
{
  const char *what = _("reading the changes to sync");
  g_autoptr(sqlite3_stmt) stmt = prepare (self->db, "SELECT record FROM sync_base WHERE type = ?1 AND id = ?2",
                                          what, error);
  int rc;

  *base = NULL;
  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, local->type);
  bind_text (stmt, 2, local->id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      g_autoptr(GError) local_error = NULL;

      *base = parse_stored (column_text (stmt, 0), &local_error);
      /* A base that is not the one the local copy is at is no base. */
      if (*base != NULL && (*base)->server_rev != local->server_rev)
        g_clear_pointer (base, mnr_sync_record_free);
      return TRUE;
    }
  if (rc != SQLITE_DONE)
    return sqlite_error (error, self->db, rc, what);

  return TRUE;
}

/* Called just before every local change of a record: if it is in step
 * with the server, what it holds now is the server's version the change
 * starts from. */
static gboolean
remember_base (MnrStore    *self,
               const char  *type,
               const char  *id,
               GError     **error)
{
  const SyncTable *table = find_sync_table (type, error);
  g_autoptr(MnrSyncRecord) record = NULL;
  gint64 synced_rev = 0;

  if (table == NULL || !read_record (self, table, id, &record, &synced_rev, error))
    return FALSE;

  if (record == NULL || record->server_rev < 1 || record->local_rev > synced_rev)
    return TRUE;  /* new here, or already changed since its base was kept */

  return save_base (self, record, error);
}

/* The outbox of a table aliased t, for its type (%s): dirty, not in
 * conflict, and not sample data (unless it is the removal of a sample
 * record an older version pushed, which must leave the server too). "= 1" is the form in which SQLite uses the *_dirty indexes on
 * the expression, so that an empty outbox costs no scan of the store. */
#define OUTBOX_WHERE \
  " WHERE (t.local_rev > t.synced_rev) = 1" \
  " AND (t.sample = 0 OR (t.server_rev > 0 AND t.deleted_at IS NOT NULL))" \
  " AND NOT EXISTS (SELECT 1 FROM conflicts c WHERE c.type = '%s' AND c.id = t.id)"

/**
 * mnr_store_list_dirty:
 *
 * The outbox: every record changed here since the server last accepted it
 * (tombstones included), rounds before ratings before evidence before
 * attachments, then groups, so that what a record refers to reaches the
 * server first. Records waiting for a person to resolve a conflict are
 * left out (section 7.5): they are pushed once resolved.
 *
 * Returns: (transfer container) (element-type MnrSyncRecord): the records,
 *   each with its @local_rev (to give mnr_store_mark_pushed()) and
 *   @server_rev (0: create with If-None-Match, else If-Match)
 */
GPtrArray *
mnr_store_list_dirty (MnrStore  *self,
                      GError   **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify)mnr_sync_record_free);

  g_return_val_if_fail (MNR_IS_STORE (self), NULL);

  if (!ensure_open (self, error))
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (sync_tables); i++)
    {
      const SyncTable *table = &sync_tables[i];
      g_autofree char *sql = g_strdup_printf ("%s" OUTBOX_WHERE " ORDER BY t.rowid",
                                              table->select, table->type);
      g_autoptr(sqlite3_stmt) stmt = prepare (self->db, sql, _("reading the changes to sync"), error);
      int rc;

      if (stmt == NULL)
        return NULL;

      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_ptr_array_add (records, record_from_row (table, stmt, NULL));

      if (rc != SQLITE_DONE)
        {
          sqlite_error (error, self->db, rc, _("reading the changes to sync"));
          return NULL;
        }
    }

  return g_steal_pointer (&records);
}

/**
 * mnr_store_count_dirty:
 * @n_conflicts: (out) (optional): the number of records in conflict
 *
 * The size of the outbox as mnr_store_list_dirty() would list it, without
 * reading its records: cheap enough to call after every change, whatever
 * the size of the store.
 *
 * Returns: the number of records to push, or -1 with @error set
 */
gint64
mnr_store_count_dirty (MnrStore  *self,
                       gint64    *n_conflicts,
                       GError   **error)
{
  const char *what = _("reading the changes to sync");
  gint64 total = 0;

  g_return_val_if_fail (MNR_IS_STORE (self), -1);

  if (!ensure_open (self, error))
    return -1;

  for (guint i = 0; i < G_N_ELEMENTS (sync_tables); i++)
    {
      const SyncTable *table = &sync_tables[i];
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s t" OUTBOX_WHERE,
                                              table->table, table->type);
      g_autoptr(sqlite3_stmt) stmt = prepare (self->db, sql, what, error);
      int rc;

      if (stmt == NULL)
        return -1;
      if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
        {
          sqlite_error (error, self->db, rc, what);
          return -1;
        }
      total += sqlite3_column_int64 (stmt, 0);
    }

  if (n_conflicts != NULL)
    {
      g_autoptr(sqlite3_stmt) stmt = prepare (self->db, "SELECT count(*) FROM conflicts", what, error);
      int rc;

      if (stmt == NULL)
        return -1;
      if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
        {
          sqlite_error (error, self->db, rc, what);
          return -1;
        }
      *n_conflicts = sqlite3_column_int64 (stmt, 0);
    }

  return total;
}

/**
 * mnr_store_mark_pushed:
 * @pushed_local_rev: the @local_rev of the record that was sent
 * @server_rev: the rev the server gave it
 *
 * Records that the server accepted the version @pushed_local_rev of a
 * record (section 7.2). The record stays dirty if it was changed again
 * while it was on its way.
 */
gboolean
mnr_store_mark_pushed (MnrStore    *self,
                       const char  *type,
                       const char  *id,
                       gint64       pushed_local_rev,
                       gint64       server_rev,
                       GError     **error)
{
  const SyncTable *table;
  g_autofree char *sql = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (MNR_IS_STORE (self), FALSE);

  if (!ensure_open (self, error) || !(table = find_sync_table (type, error)))
    return FALSE;

  if (pushed_local_rev < 1 || server_rev < 1)
    return invalid (error, _("A record can only be marked as synced at a revision of 1 or more."));

  sql = g_strdup_printf ("UPDATE %s SET synced_rev = max (synced_rev, ?2), server_rev = ?3"
                         " WHERE id = ?1 AND ?2 <= local_rev", table->table);
  stmt = prepare (self->db, sql, _("saving what was synced"), error);
  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, pushed_local_rev);
  sqlite3_bind_int64 (stmt, 3, server_rev);
  if (!step_done (stmt, self->db, _("saving what was synced"), error))
    return FALSE;

  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_NOT_FOUND,
                   _("There is no such record at that revision."));
      return FALSE;
    }

  /* In step again, or changed during the upload from a version whose
   * content is not kept: either way the old base is no base any more. */
  return forget_base (self, type, id, error);
}

/* The string member @name of validated @data ("" if it is not one). */
static const char *
data_string (JsonObject *data,
             const char *name)
{
  JsonNode *node = json_object_get_member (data, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return "";

  return json_node_get_string (node);
}

static GStrv
data_strings (JsonObject *data,
              const char *name)
{
  JsonNode *node = json_object_get_member (data, name);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
            g_strv_builder_add (builder, json_node_get_string (element));
        }
    }

  return g_strv_builder_end (builder);
}

static gboolean
data_boolean (JsonObject *data,
              const char *name)
{
  JsonNode *node = json_object_get_member (data, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_BOOLEAN && json_node_get_boolean (node);
}

static gint64
data_int (JsonObject *data,
          const char *name)
{
  JsonNode *node = json_object_get_member (data, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return 0;

  return json_node_get_int (node);
}

static MnrEvidence *
evidence_from_record (const MnrSyncRecord *record)
{
  g_auto(GStrv) elements = data_strings (record->data, "elements");
  MnrEvidence *evidence = mnr_evidence_new_full (record->id, record->country);

  mnr_evidence_set_title (evidence, data_string (record->data, "title"));
  mnr_evidence_set_kind (evidence, data_string (record->data, "kind"));
  mnr_evidence_set_date (evidence, data_string (record->data, "date"));
  mnr_evidence_set_source (evidence, data_string (record->data, "source"));
  mnr_evidence_set_summary (evidence, data_string (record->data, "summary"));
  mnr_evidence_set_restricted (evidence, data_boolean (record->data, "restricted"));
  mnr_evidence_set_elements (evidence, (const char * const *)elements);
  return evidence;
}

/* Whether a deletion that carries no data ({}): only the flag changes. */
static gboolean
is_bare_deletion (const MnrSyncRecord *record)
{
  return record->deleted && json_object_get_size (record->data) == 0;
}

/* A record from the server (or a person's choice) checked by the
 * protocol's rules, then by the rules of the store's own saves. */
static gboolean
check_incoming (const MnrSyncRecord  *record,
                GError              **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonObject *data = record->data;
  const char *type = record->type;

  if (!mnr_sync_record_type_is_valid (type))
    return invalid (error, _("“%s” is not a type of record."), type != NULL ? type : "");

  if (!mnr_id_is_uuid (record->id) || strlen (record->id) != 36)
    return invalid (error, _("The record from the server was refused: %s"), "id: must be a lower-case UUID");
  for (const char *p = record->id; *p; p++)
    if (g_ascii_isupper (*p))
      return invalid (error, _("The record from the server was refused: %s"), "id: must be a lower-case UUID");

  if (g_str_equal (type, "group") ? record->country != NULL : !mnr_id_is_country_code (record->country))
    return invalid (error, _("The record from the server was refused: %s"), "country");

  if (data == NULL)
    return invalid (error, _("The record from the server was refused: %s"), "data: missing");

  if (is_bare_deletion (record))
    return TRUE;

  if (!mnr_sync_record_validate_data (type, data, &local_error))
    return invalid (error, _("The record from the server was refused: %s"), local_error->message);

  /* The store's own rules, as for a local save. */
  if (g_str_equal (type, "round"))
    {
      g_autofree char *name = g_strstrip (g_strdup (data_string (data, "name")));

      if (name[0] == '\0' || !is_text_of_at_most (name, 200))
        return invalid (error, _("A round needs a name of at most 200 characters, as “Review 2018”."));
      if (!mnr_id_is_date (data_string (data, "date"), FALSE))
        return invalid (error, _("“%s” is not a date of the form 2018-06-30."), data_string (data, "date"));
    }
  else if (g_str_equal (type, "rating"))
    {
      const char *rationale = data_string (data, "rationale");

      if (!mnr_id_is_uuid (data_string (data, "round")))
        return invalid (error, _("There is no assessment round “%s”."), data_string (data, "round"));
      if (!mnr_id_is_element (data_string (data, "element")))
        return invalid (error, _("“%s” is not a capability or an enabler."), data_string (data, "element"));
      if (!mnr_id_is_slug (data_string (data, "level")))
        return invalid (error, _("“%s” is not a level of the scale."), data_string (data, "level"));
      if (!is_text_of_at_most (rationale, MNR_SYNC_MAX_STRING_CHARS))
        return invalid (error, _("The rationale is not valid text of at most 100,000 characters."));
    }
  else if (g_str_equal (type, "evidence"))
    {
      g_autoptr(MnrEvidence) evidence = evidence_from_record (record);

      if (!validate_evidence (evidence, error))
        return FALSE;
    }
  else if (g_str_equal (type, "attachment"))
    {
      if (!mnr_id_is_uuid (data_string (data, "evidence")))
        return invalid (error, _("There is no such evidence."));
      if (!mnr_store_is_valid_sha256 (data_string (data, "sha256")))
        return invalid (error, _("“%s” is not the name of an attachment."), data_string (data, "sha256"));
      if (data_int (data, "size") > MNR_STORE_MAX_ATTACHMENT_SIZE)
        return invalid (error, _("“%s” is larger than %d MB, the limit for an attachment."),
                        data_string (data, "name"), MNR_STORE_MAX_ATTACHMENT_SIZE / (1024 * 1024));
    }
  else
    {
      g_autofree char *name = g_strstrip (g_strdup (data_string (data, "name")));
      g_auto(GStrv) members = data_strings (data, "members");

      if (name[0] == '\0' || !is_text_of_at_most (name, 200))
        return invalid (error, _("A group needs a name of at most 200 characters."));
      for (guint i = 0; members[i] != NULL; i++)
        if (!mnr_id_is_country_code (members[i]))
          return invalid (error, _("“%s” is not a country code (two capital letters, as “PH”)."), members[i]);
    }

  return TRUE;
}

/* The members of @record's data this version does not store in columns,
 * as JSON text, or %NULL when there are none. */
static char *
data_extra (const SyncTable     *table,
            const MnrSyncRecord *record)
{
  g_autoptr(JsonObject) extra = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  json_object_iter_init (&iter, record->data);
  while (json_object_iter_next (&iter, &name, &value))
    if (!g_strv_contains (table->members, name))
      json_object_set_member (extra, name, json_node_copy (value));

  if (json_object_get_size (extra) == 0)
    return NULL;

  node = json_node_init_object (json_node_alloc (), extra);
  return json_to_string (node, FALSE);
}

/* The country of the parent row (round of a rating, evidence of an
 * attachment), which must be there and of the record's country. */
static gboolean
check_parent (MnrStore             *self,
              const char           *sql,
              const char           *parent_id,
              const MnrSyncRecord  *record,
              GError              **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self->db, sql, _("applying a change from the server"), error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, parent_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_NOT_FOUND,
                   _("The record refers to a round or an item of evidence that is not here yet."));
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return sqlite_error (error, self->db, rc, _("applying a change from the server"));

  if (g_strcmp0 (column_text (stmt, 0), record->country) != 0)
    return invalid (error, _("The record from the server was refused: %s"),
                    "country: not the country of the record it belongs to");

  return TRUE;
}

/* Writes @record's content into the local tables (inserted or updated),
 * leaving the revision counters to the caller; @author is who is named
 * as having made the change. */
static gboolean
write_record (MnrStore             *self,
              const SyncTable      *table,
              const MnrSyncRecord  *record,
              const char           *author,
              GError              **error)
{
  const char *what = _("applying a change from the server");
  g_autofree char *extra = data_extra (table, record);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  JsonObject *data = record->data;
  gint64 now = g_get_real_time ();

  if (is_bare_deletion (record))
    {
      g_autofree char *sql = g_strdup_printf ("UPDATE %s SET deleted_at = coalesce (deleted_at, ?2),"
                                              " updated_by = ?3 WHERE id = ?1", table->table);

      if (!(stmt = prepare (self->db, sql, what, error)))
        return FALSE;
      bind_text (stmt, 1, record->id);
      sqlite3_bind_int64 (stmt, 2, now);
      bind_text (stmt, 3, author);
      return step_done (stmt, self->db, what, error);
    }

  if (g_str_equal (table->type, "round"))
    {
      g_autofree char *name = g_strstrip (g_strdup (data_string (data, "name")));

      if (!insert_country (self, record->country, error) ||
          !(stmt = prepare (self->db,
                            "INSERT INTO rounds (id, country, name, date, created_at, created_by,"
                            " updated_at, updated_by, deleted_at, data_extra)"
                            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?5, ?6, ?7, ?8)"
                            " ON CONFLICT (id) DO UPDATE SET country = excluded.country, name = excluded.name,"
                            " date = excluded.date, updated_at = excluded.updated_at,"
                            " updated_by = excluded.updated_by, deleted_at = excluded.deleted_at,"
                            " data_extra = excluded.data_extra",
                            what, error)))
        return FALSE;
      bind_text (stmt, 3, name);
      bind_text (stmt, 4, data_string (data, "date"));
    }
  else if (g_str_equal (table->type, "rating"))
    {
      if (!check_parent (self, "SELECT country FROM rounds WHERE id = ?1",
                         data_string (data, "round"), record, error) ||
          !(stmt = prepare (self->db,
                            "INSERT INTO ratings (id, round, element, level, rationale, created_at, created_by,"
                            " updated_at, updated_by, deleted_at, data_extra)"
                            " VALUES (?1, ?3, ?4, ?9, ?10, ?5, ?6, ?5, ?6, ?7, ?8)"
                            " ON CONFLICT (id) DO UPDATE SET round = excluded.round, element = excluded.element,"
                            " level = excluded.level, rationale = excluded.rationale,"
                            " updated_at = excluded.updated_at, updated_by = excluded.updated_by,"
                            " deleted_at = excluded.deleted_at, data_extra = excluded.data_extra",
                            what, error)))
        return FALSE;
      bind_text (stmt, 3, data_string (data, "round"));
      bind_text (stmt, 4, data_string (data, "element"));
      bind_text (stmt, 9, data_string (data, "level"));
      bind_text (stmt, 10, data_string (data, "rationale"));
    }
  else if (g_str_equal (table->type, "evidence"))
    {
      if (!insert_country (self, record->country, error) ||
          !(stmt = prepare (self->db,
                            "INSERT INTO evidence (id, country, title, kind, date, source, summary, restricted,"
                            " created_at, created_by, updated_at, updated_by, deleted_at, data_extra)"
                            " VALUES (?1, ?2, ?3, ?4, ?9, ?10, ?11, ?12, ?5, ?6, ?5, ?6, ?7, ?8)"
                            " ON CONFLICT (id) DO UPDATE SET country = excluded.country, title = excluded.title,"
                            " kind = excluded.kind, date = excluded.date, source = excluded.source,"
                            " summary = excluded.summary, restricted = excluded.restricted,"
                            " updated_at = excluded.updated_at, updated_by = excluded.updated_by,"
                            " deleted_at = CASE WHEN excluded.deleted_at IS NULL THEN NULL"
                            "   ELSE coalesce (evidence.deleted_at, excluded.deleted_at) END,"
                            " data_extra = excluded.data_extra",
                            what, error)))
        return FALSE;
      bind_text (stmt, 3, data_string (data, "title"));
      bind_text (stmt, 4, data_string (data, "kind"));
      bind_text (stmt, 9, data_string (data, "date"));
      bind_text (stmt, 10, data_string (data, "source"));
      bind_text (stmt, 11, data_string (data, "summary"));
      sqlite3_bind_int (stmt, 12, data_boolean (data, "restricted"));
    }
  else if (g_str_equal (table->type, "attachment"))
    {
      if (!check_parent (self, "SELECT country FROM evidence WHERE id = ?1",
                         data_string (data, "evidence"), record, error) ||
          !(stmt = prepare (self->db,
                            "INSERT INTO attachments (id, evidence, sha256, name, content_type, size,"
                            " created_at, created_by, updated_by, deleted_at, data_extra)"
                            " VALUES (?1, ?3, ?4, ?9, ?10, ?11, ?5, ?6, ?6, ?7, ?8)"
                            " ON CONFLICT (id) DO UPDATE SET evidence = excluded.evidence, sha256 = excluded.sha256,"
                            " name = excluded.name, content_type = excluded.content_type, size = excluded.size,"
                            " updated_by = excluded.updated_by, deleted_at = excluded.deleted_at,"
                            " data_extra = excluded.data_extra",
                            what, error)))
        return FALSE;
      bind_text (stmt, 3, data_string (data, "evidence"));
      bind_text (stmt, 4, data_string (data, "sha256"));
      bind_text (stmt, 9, data_string (data, "name"));
      bind_text (stmt, 10, data_string (data, "content_type"));
      sqlite3_bind_int64 (stmt, 11, data_int (data, "size"));
    }
  else
    {
      g_autofree char *name = g_strstrip (g_strdup (data_string (data, "name")));

      if (!(stmt = prepare (self->db,
                            "INSERT INTO groups (id, name, short_name, created_at, updated_at, updated_by,"
                            " deleted_at, data_extra)"
                            " VALUES (?1, ?3, ?4, ?5, ?5, ?6, ?7, ?8)"
                            " ON CONFLICT (id) DO UPDATE SET name = excluded.name, short_name = excluded.short_name,"
                            " updated_at = excluded.updated_at, updated_by = excluded.updated_by,"
                            " deleted_at = excluded.deleted_at, data_extra = excluded.data_extra",
                            what, error)))
        return FALSE;
      bind_text (stmt, 3, name);
      bind_text (stmt, 4, data_string (data, "short_name"));
    }

  /* ?2 is the country where the table has one; unused elsewhere. */
  bind_text (stmt, 1, record->id);
  if (record->country != NULL && sqlite3_bind_parameter_count (stmt) >= 2)
    bind_text (stmt, 2, record->country);
  sqlite3_bind_int64 (stmt, 5, now);
  bind_text (stmt, 6, author);
  if (record->deleted)
    sqlite3_bind_int64 (stmt, 7, now);
  else
    sqlite3_bind_null (stmt, 7);
  if (extra != NULL)
    bind_text (stmt, 8, extra);
  else
    sqlite3_bind_null (stmt, 8);

  if (!step_done (stmt, self->db, what, error))
    return FALSE;

  /* The lists that belong to the record. */
  if (g_str_equal (table->type, "evidence") || g_str_equal (table->type, "group"))
    {
      gboolean is_group = g_str_equal (table->type, "group");
      g_auto(GStrv) items = data_strings (data, is_group ? "members" : "elements");
      g_autoptr(sqlite3_stmt) clear = NULL;
      g_autoptr(sqlite3_stmt) add = NULL;

      clear = prepare (self->db, is_group ? "DELETE FROM group_members WHERE grp = ?1"
                                          : "DELETE FROM evidence_links WHERE evidence = ?1", what, error);
      add = prepare (self->db, is_group ? "INSERT OR IGNORE INTO group_members (grp, country) VALUES (?1, ?2)"
                                        : "INSERT OR IGNORE INTO evidence_links (evidence, element) VALUES (?1, ?2)",
                     what, error);
      if (clear == NULL || add == NULL)
        return FALSE;

      bind_text (clear, 1, record->id);
      if (!step_done (clear, self->db, what, error))
        return FALSE;

      for (guint i = 0; items[i] != NULL; i++)
        {
          sqlite3_reset (add);
          bind_text (add, 1, record->id);
          bind_text (add, 2, items[i]);
          if (!step_done (add, self->db, what, error))
            return FALSE;
        }
    }

  /* A rating's level from elsewhere goes into its history too. */
  if (g_str_equal (table->type, "rating") && !record->deleted)
    {
      g_autoptr(sqlite3_stmt) history = NULL;

      history = prepare (self->db,
                         "INSERT INTO rating_history (rating, round, element, level, rationale, changed_at, changed_by)"
                         " SELECT id, round, element, level, rationale, updated_at, updated_by FROM ratings WHERE id = ?1",
                         what, error);
      if (history == NULL)
        return FALSE;
      bind_text (history, 1, record->id);
      if (!step_done (history, self->db, what, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
set_revs (MnrStore         *self,
          const SyncTable  *table,
          const char       *id,
          const char       *assignments,
          gint64            server_rev,
          const char       *what,
          GError          **error)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE %s SET %s WHERE id = ?1", table->table, assignments);
  g_autoptr(sqlite3_stmt) stmt = prepare (self->db, sql, what, error);

  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, server_rev);
  return step_done (stmt, self->db, what, error);
}

static gboolean
store_conflict (MnrStore             *self,
                const MnrSyncRecord  *local,
                const MnrSyncRecord  *remote,
                const MnrSyncRecord  *base,
                GError              **error)
{
  g_autofree char *local_text = record_to_text (local);
  g_autofree char *remote_text = record_to_text (remote);
  g_autofree char *base_text = base != NULL ? record_to_text (base) : NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = prepare (self->db,
                  "INSERT INTO conflicts (type, id, local, remote, detected_at, base) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
                  " ON CONFLICT (type, id) DO UPDATE SET local = excluded.local, remote = excluded.remote,"
                  " detected_at = excluded.detected_at",
                  _("saving the conflict"), error);
  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, local->type);
  bind_text (stmt, 2, local->id);
  bind_text (stmt, 3, local_text);
  bind_text (stmt, 4, remote_text);
  sqlite3_bind_int64 (stmt, 5, g_get_real_time ());
  if (base_text != NULL)
    bind_text (stmt, 6, base_text);
  else
    sqlite3_bind_null (stmt, 6);
  return step_done (stmt, self->db, _("saving the conflict"), error);
}

/**
 * mnr_store_apply_remote:
 * @remote: a record from the server (mnr_sync_record_from_envelope())
 *
 * Applies a record pulled from the server (section 7.4), in one
 * transaction, without counting it as a local change:
 *
 * - its rev is not newer than the local copy's base: nothing to do;
 * - no local copy, or a clean one: the server's version is written
 *   (a tombstone marks the local record deleted) and is clean;
 * - a dirty local copy with the same content: the client's own write, now
 *   confirmed; clean;
 * - a dirty local copy otherwise: merged with the server's version
 *   member by member against the base (mnr_sync_record_merge()). When
 *   no member was changed on both sides to different values, the local
 *   copy takes the merge and the server's rev (still dirty, unless the
 *   merge is the server's version); otherwise (a deletion against an
 *   edit included) it is left untouched and both versions, with the
 *   base, are kept in the conflicts.
 *
 * The record is checked first by the protocol's rules and those of local
 * saves; a record that breaks one is refused and nothing is written. A
 * rating whose round, or an attachment whose evidence, is not here yet is
 * refused with %MNR_STORE_ERROR_NOT_FOUND: apply it again once its parent
 * came.
 *
 * Returns: what was done, %MNR_APPLY_FAILED with @error set
 */
MnrApplyResult
mnr_store_apply_remote (MnrStore             *self,
                        const MnrSyncRecord  *remote,
                        GError              **error)
{
  const char *what = _("applying a change from the server");
  g_autoptr(MnrSyncRecord) local = NULL;
  const SyncTable *table;
  MnrApplyResult result;
  gint64 synced_rev = 0;

  g_return_val_if_fail (MNR_IS_STORE (self), MNR_APPLY_FAILED);
  g_return_val_if_fail (remote != NULL, MNR_APPLY_FAILED);

  if (!ensure_open (self, error) || !check_incoming (remote, error))
    return MNR_APPLY_FAILED;

  if (remote->server_rev < 1)
    {
      invalid (error, _("The record from the server was refused: %s"), "rev: must be an integer >= 1");
      return MNR_APPLY_FAILED;
    }

  table = find_sync_table (remote->type, error);
  if (table == NULL || !begin (self, what, error))
    return MNR_APPLY_FAILED;

  if (!read_record (self, table, remote->id, &local, &synced_rev, error))
    goto fail;

  if (local != NULL && remote->server_rev <= local->server_rev)
    {
      rollback (self);
      return MNR_APPLY_UNCHANGED;
    }

  if (local != NULL && local->local_rev > synced_rev)
    {
      if (mnr_sync_record_same_content (local, remote))
        {
          if (!set_revs (self, table, remote->id, "server_rev = ?2, synced_rev = local_rev",
                         remote->server_rev, what, error) ||
              !forget_base (self, remote->type, remote->id, error))
            goto fail;
          result = MNR_APPLY_UPDATED;
        }
      else
        {
          g_autoptr(MnrSyncRecord) base = NULL;
          g_autoptr(MnrSyncRecord) merged = NULL;
          g_auto(GStrv) conflicting = NULL;

          if (!read_base (self, local, &base, error))
            goto fail;

          merged = mnr_sync_record_merge (base, local, remote, &conflicting);
          if (conflicting[0] != NULL)
            {
              if (!store_conflict (self, local, remote, base, error))
                goto fail;
              result = MNR_APPLY_CONFLICT;
            }
          else if (mnr_sync_record_same_content (merged, remote))
            {
              /* The local changes were the server's too. */
              if (!write_record (self, table, remote, remote->updated_by, error) ||
                  !set_revs (self, table, remote->id, "server_rev = ?2, synced_rev = local_rev",
                             remote->server_rev, what, error) ||
                  !forget_base (self, remote->type, remote->id, error))
                goto fail;
              result = MNR_APPLY_UPDATED;
            }
          else
            {
              if (!write_record (self, table, merged, self->author, error) ||
                  !set_revs (self, table, remote->id, "server_rev = ?2, local_rev = local_rev + 1",
                             remote->server_rev, what, error) ||
                  !save_base (self, remote, error))
                goto fail;
              result = MNR_APPLY_MERGED;
            }
        }
    }
  else if (local == NULL && is_bare_deletion (remote))
    result = MNR_APPLY_UPDATED;  /* a record never seen here, already gone */
  else
    {
      if (!write_record (self, table, remote, remote->updated_by, error) ||
          !set_revs (self, table, remote->id, "server_rev = ?2, synced_rev = local_rev",
                     remote->server_rev, what, error) ||
          !forget_base (self, remote->type, remote->id, error))
        goto fail;
      result = MNR_APPLY_UPDATED;
    }

  if (!commit (self, what, error))
    return MNR_APPLY_FAILED;

  return result;

fail:
  rollback (self);
  return MNR_APPLY_FAILED;
}

static MnrSyncRecord *
parse_stored (const char  *text,
              GError     **error)
{
  g_autoptr(JsonNode) node = json_from_string (text, error);

  if (node == NULL)
    return NULL;

  return mnr_sync_record_from_stored (node, error);
}

/**
 * mnr_store_keep_waiting:
 * @remote: a record from the server that mnr_store_apply_remote() refused
 *   with %MNR_STORE_ERROR_NOT_FOUND: its round or evidence is not here yet
 *
 * Keeps @remote (the newest rev of it) until mnr_store_apply_waiting()
 * can apply it, so that the changes feed can go on past it.
 */
gboolean
mnr_store_keep_waiting (MnrStore             *self,
                        const MnrSyncRecord  *remote,
                        GError              **error)
{
  const char *what = _("applying a change from the server");
  g_autofree char *text = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (MNR_IS_STORE (self), FALSE);
  g_return_val_if_fail (remote != NULL, FALSE);

  if (!ensure_open (self, error) || !check_incoming (remote, error))
    return FALSE;

  text = record_to_text (remote);
  stmt = prepare (self->db,
                  "INSERT INTO sync_waiting (type, id, rev, record) VALUES (?1, ?2, ?3, ?4)"
                  " ON CONFLICT (type, id) DO UPDATE SET rev = excluded.rev, record = excluded.record"
                  " WHERE excluded.rev > sync_waiting.rev",
                  what, error);
  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, remote->type);
  bind_text (stmt, 2, remote->id);
  sqlite3_bind_int64 (stmt, 3, remote->server_rev);
  bind_text (stmt, 4, text);
  return step_done (stmt, self->db, what, error);
}

/**
 * mnr_store_apply_waiting:
 * @counts: (array fixed-size=5) (out caller-allocates) (optional): how many
 *   ended as each #MnrApplyResult, %MNR_APPLY_FAILED counting those
 *   refused for good (they are dropped)
 *
 * Applies the records kept by mnr_store_keep_waiting() whose round or
 * evidence is here now, over and over while that makes progress (an
 * attachment may wait for evidence that waits for nothing). Those still
 * without their parent stay.
 *
 * Returns: the number still waiting, or -1 with @error set when the store
 *   failed
 */
int
mnr_store_apply_waiting (MnrStore  *self,
                         guint      counts[5],
                         GError   **error)
{
  const char *what = _("applying a change from the server");
  gboolean progress = TRUE;
  int waiting = 0;

  g_return_val_if_fail (MNR_IS_STORE (self), -1);

  if (counts != NULL)
    memset (counts, 0, 5 * sizeof (guint));

  if (!ensure_open (self, error))
    return -1;

  while (progress)
    {
      g_autoptr(sqlite3_stmt) list = prepare (self->db, "SELECT type, id, record FROM sync_waiting ORDER BY rowid",
                                              what, error);
      g_autoptr(sqlite3_stmt) drop = prepare (self->db, "DELETE FROM sync_waiting WHERE type = ?1 AND id = ?2",
                                              what, error);
      g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify)mnr_sync_record_free);
      int rc;

      if (list == NULL || drop == NULL)
        return -1;

      /* An unreadable row becomes an empty record, which the store
       * refuses below like any invalid one. */
      while ((rc = sqlite3_step (list)) == SQLITE_ROW)
        {
          MnrSyncRecord *record = parse_stored (column_text (list, 2), NULL);

          g_ptr_array_add (records, record != NULL ? record
                                                   : mnr_sync_record_new (column_text (list, 0), column_text (list, 1)));
        }
      if (rc != SQLITE_DONE)
        {
          sqlite_error (error, self->db, rc, what);
          return -1;
        }

      progress = FALSE;
      waiting = 0;
      for (guint i = 0; i < records->len; i++)
        {
          MnrSyncRecord *record = records->pdata[i];
          g_autoptr(GError) local_error = NULL;
          MnrApplyResult result = mnr_store_apply_remote (self, record, &local_error);

          if (result == MNR_APPLY_FAILED &&
              g_error_matches (local_error, MNR_STORE_ERROR, MNR_STORE_ERROR_NOT_FOUND))
            {
              waiting++;
              continue;
            }

          if (result == MNR_APPLY_FAILED && local_error != NULL &&
              local_error->domain != MNR_SYNC_RECORD_ERROR &&
              !g_error_matches (local_error, MNR_STORE_ERROR, MNR_STORE_ERROR_INVALID))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return -1;
            }

          /* Applied, or refused for good: no longer waiting. */
          if (counts != NULL)
            counts[result]++;
          progress = TRUE;
          sqlite3_reset (drop);
          bind_text (drop, 1, record->type);
          bind_text (drop, 2, record->id);
          if (!step_done (drop, self->db, what, error))
            return -1;
        }
    }

  return waiting;
}

/**
 * mnr_store_list_conflicts:
 *
 * Returns: (transfer container) (element-type MnrSyncConflict): the
 *   records changed both here and on the server, oldest first
 */
GPtrArray *
mnr_store_list_conflicts (MnrStore  *self,
                          GError   **error)
{
  g_autoptr(GPtrArray) conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify)mnr_sync_conflict_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (MNR_IS_STORE (self), NULL);

  if (!ensure_open (self, error) ||
      !(stmt = prepare (self->db,
                        "SELECT type, id, local, remote, detected_at, base FROM conflicts ORDER BY detected_at, type, id",
                        _("reading the conflicts"), error)))
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(MnrSyncConflict) conflict = g_new0 (MnrSyncConflict, 1);
      g_autoptr(GError) local_error = NULL;

      conflict->type = column_dup (stmt, 0);
      conflict->id = column_dup (stmt, 1);
      conflict->local = parse_stored (column_text (stmt, 2), &local_error);
      if (conflict->local != NULL)
        conflict->remote = parse_stored (column_text (stmt, 3), &local_error);
      conflict->detected_at = sqlite3_column_int64 (stmt, 4);
      if (conflict->remote != NULL && sqlite3_column_type (stmt, 5) != SQLITE_NULL &&
          !(conflict->base = parse_stored (column_text (stmt, 5), &local_error)))
        g_clear_pointer (&conflict->remote, mnr_sync_record_free);

      if (conflict->remote == NULL)
        {
          g_set_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_DAMAGED,
                       _("The data file is damaged, so %s failed (%s). "
                         "It has been left as it is; restore a backup to go on."),
                       _("reading the conflicts"), local_error->message);
          return NULL;
        }

      g_ptr_array_add (conflicts, g_steal_pointer (&conflict));
    }

  if (rc != SQLITE_DONE)
    {
      sqlite_error (error, self->db, rc, _("reading the conflicts"));
      return NULL;
    }

  return g_steal_pointer (&conflicts);
}

/**
 * mnr_store_resolve_conflict:
 * @chosen: what the person chose: the local version, the server's, or a
 *   merge of the two
 *
 * Ends a conflict: @chosen becomes the local version as a local change
 * (dirty, local_rev + 1), based on the server's version of the conflict
 * (server_rev = its rev), so that the next push sends it with If-Match of
 * the server's current rev. Choosing the server's version as it is makes
 * the record clean: there is nothing to push.
 */
gboolean
mnr_store_resolve_conflict (MnrStore             *self,
                            const char           *type,
                            const char           *id,
                            const MnrSyncRecord  *chosen,
                            GError              **error)
{
  const char *what = _("resolving the conflict");
  g_autoptr(sqlite3_stmt) find = NULL;
  g_autoptr(sqlite3_stmt) drop = NULL;
  g_autoptr(MnrSyncRecord) remote = NULL;
  g_autoptr(MnrSyncRecord) local = NULL;
  const SyncTable *table;
  int rc;

  g_return_val_if_fail (MNR_IS_STORE (self), FALSE);
  g_return_val_if_fail (chosen != NULL, FALSE);

  if (!ensure_open (self, error) || !(table = find_sync_table (type, error)))
    return FALSE;

  if (g_strcmp0 (chosen->type, type) != 0 || g_strcmp0 (chosen->id, id) != 0)
    return invalid (error, _("The chosen version is not of the record in conflict."));

  if (!check_incoming (chosen, error) || !begin (self, what, error))
    return FALSE;

  find = prepare (self->db, "SELECT remote FROM conflicts WHERE type = ?1 AND id = ?2", what, error);
  drop = prepare (self->db, "DELETE FROM conflicts WHERE type = ?1 AND id = ?2", what, error);
  if (find == NULL || drop == NULL)
    goto fail;

  bind_text (find, 1, type);
  bind_text (find, 2, id);
  rc = sqlite3_step (find);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_NOT_FOUND, _("There is no such conflict."));
      goto fail;
    }
  if (rc != SQLITE_ROW)
    {
      sqlite_error (error, self->db, rc, what);
      goto fail;
    }

  if (!(remote = parse_stored (column_text (find, 0), error)) ||
      !read_record (self, table, id, &local, NULL, error))
    goto fail;

  if (local == NULL && is_bare_deletion (chosen))
    ;  /* nothing here to mark */
  else if (mnr_sync_record_same_content (chosen, remote))
    {
      /* The server's version: in step with the server, nothing to push. */
      if (!write_record (self, table, remote, remote->updated_by, error) ||
          !set_revs (self, table, id, "server_rev = ?2, synced_rev = local_rev",
                     remote->server_rev, what, error) ||
          !forget_base (self, type, id, error))
        goto fail;
    }
  else if (!write_record (self, table, chosen, self->author, error) ||
           !set_revs (self, table, id, "server_rev = ?2, local_rev = local_rev + 1",
                      remote->server_rev, what, error) ||
           !save_base (self, remote, error))
    goto fail;

  bind_text (drop, 1, type);
  bind_text (drop, 2, id);
  if (!step_done (drop, self->db, what, error))
    goto fail;

  return commit (self, what, error);

fail:
  rollback (self);
  return FALSE;
}

/**
 * mnr_store_get_sync_value:
 * @key: "cursor", "endpoint" …
 *
 * Returns: (transfer full) (nullable): the value, %NULL if it was never set
 */
char *
mnr_store_get_sync_value (MnrStore   *self,
                          const char *key)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (MNR_IS_STORE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  if (self->db == NULL ||
      !(stmt = prepare (self->db, "SELECT value FROM sync_state WHERE key = ?1", _("reading the sync settings"), NULL)))
    return NULL;

  bind_text (stmt, 1, key);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;

  return column_dup (stmt, 0);
}

/**
 * mnr_store_set_sync_value:
 * @value: (nullable): the value, %NULL to forget it
 */
gboolean
mnr_store_set_sync_value (MnrStore    *self,
                          const char  *key,
                          const char  *value,
                          GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (MNR_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  if (!ensure_open (self, error) ||
      !(stmt = prepare (self->db,
                        value != NULL
                          ? "INSERT INTO sync_state (key, value) VALUES (?1, ?2)"
                            " ON CONFLICT (key) DO UPDATE SET value = excluded.value"
                          : "DELETE FROM sync_state WHERE key = ?1",
                        _("saving the sync settings"), error)))
    return FALSE;

  bind_text (stmt, 1, key);
  if (value != NULL)
    bind_text (stmt, 2, value);
  return step_done (stmt, self->db, _("saving the sync settings"), error);
}
