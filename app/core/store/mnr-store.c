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
#include "mnr-store-private.h"
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
 * leaves a tombstone for sync.
 *
 * The class is split by concern over mnr-store-*.c around
 * mnr-store-private.h; this file holds the object, opening and
 * migrating, countries and backups; mnr-store-transactions.c the
 * transactions, batches and the changes they announce. */

G_DEFINE_FINAL_TYPE (MnrStore, mnr_store, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_CHECKED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_QUARK (mnr-store-error-quark, mnr_store_error)

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
  g_free (rating->review);
  g_free (rating->agreed_in);
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
gboolean
mnr_store_sqlite_error (GError    **error,
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

    case SQLITE_AUTH:
      /* Only the read-only connection of a store still being checked
       * has an authorizer (mnr-store-check.c): it refuses every write. */
      g_set_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_CHECKING,
                   _("Your data is still being checked, so %s was not done and nothing was changed. "
                     "Try again in a moment."), what);
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

gboolean
mnr_store_invalid (GError    **error,
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

gboolean
mnr_store_exec_sql (sqlite3     *db,
                    const char  *sql,
                    const char  *what,
                    GError     **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return mnr_store_sqlite_error (error, db, rc, what);

  return TRUE;
}

sqlite3_stmt *
mnr_store_prepare (sqlite3     *db,
                   const char  *sql,
                   const char  *what,
                   GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      mnr_store_sqlite_error (error, db, rc, what);
      return NULL;
    }

  return stmt;
}

/* A statement that the store keeps prepared, for the statements run many
 * times in a row (each record of a pull runs a dozen): preparing one
 * costs more than running it. Borrowed, reset and without bindings; it
 * must not be in use already (a query still being stepped). */
MnrCachedStmt *
mnr_store_prepare_cached (MnrStore    *self,
                          const char  *sql,
                          const char  *what,
                          GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_assert (self->db != NULL);

  stmt = g_hash_table_lookup (self->statements, sql);
  if (stmt != NULL && sqlite3_stmt_busy (stmt))
    {
      /* A bug: the same statement used inside its own loop. */
      g_critical ("a cached statement is already in use: %s", sql);
      mnr_store_sqlite_error (error, NULL, SQLITE_MISUSE, what);
      return NULL;
    }
  if (stmt != NULL)
    return stmt;

  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      mnr_store_sqlite_error (error, self->db, rc, what);
      return NULL;
    }

  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

void
mnr_store_release_cached (MnrCachedStmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

void
mnr_store_bind_text (sqlite3_stmt *stmt,
                     int           index,
                     const char   *text)
{
  sqlite3_bind_text (stmt, index, text != NULL ? text : "", -1, SQLITE_TRANSIENT);
}

char *
mnr_store_column_dup (sqlite3_stmt *stmt,
                      int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  return g_strdup (text != NULL ? (const char *)text : "");
}

/* Runs a statement that returns no rows. */
gboolean
mnr_store_step_done (sqlite3_stmt *stmt,
                     sqlite3      *db,
                     const char   *what,
                     GError      **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE)
    return mnr_store_sqlite_error (error, db, rc, what);

  return TRUE;
}

/* Emits MnrStore::changed, its detail the record type. */
void
mnr_store_emit_changed (MnrStore   *self,
                        const char *type,
                        const char *id,
                        gboolean    from_server)
{
  g_signal_emit (self, signals[CHANGED], g_quark_from_static_string (type), type, id, from_server);
}

/* --- validation --------------------------------------------------------- */

/* Whether @text is valid UTF-8 of at most @max characters: lengths are
 * counted as the sync protocol counts them (section 4.3), not in bytes,
 * so that a name in Thai or Khmer gets its 200 characters too, and the
 * store accepts what the server accepts. */
gboolean
mnr_store_is_text_of_at_most (const char *text,
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
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
mnr_store_finalize (GObject *object)
{
  MnrStore *self = (MnrStore *)object;

  mnr_store_close (self);
  g_clear_object (&self->directory);
  g_clear_pointer (&self->db_path, g_free);
  g_clear_pointer (&self->author, g_free);
  g_clear_pointer (&self->changes, g_array_unref);
  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->deferred_triggers, g_strfreev);

  G_OBJECT_CLASS (mnr_store_parent_class)->finalize (object);
}

static void
mnr_store_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  MnrStore *self = MNR_STORE (object);

  switch (prop_id)
    {
    case PROP_CHECKED:
      g_value_set_boolean (value, self->checked);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mnr_store_class_init (MnrStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mnr_store_finalize;
  object_class->get_property = mnr_store_get_property;

  /**
   * MnrStore:checked:
   *
   * Whether the store has passed its whole-file check and takes changes.
   * Only a store opened with %MNR_STORE_OPEN_DEFER_CHECK is ever
   * unchecked, until mnr_store_check_async() ends.
   */
  properties[PROP_CHECKED] =
    g_param_spec_boolean ("checked", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MnrStore::changed:
   * @type: the record type, as the sync protocol names it: "round",
   *   "rating", "evidence", "attachment", "group"; also the detail
   * @id: (nullable): the record, or %NULL when several of that type
   *   changed at once (sample data loaded or removed, a round copied)
   * @from_server: %TRUE when a sync brought the change, %FALSE when it
   *   was made here (and is now in the outbox, unless it is sample data)
   *
   * Emitted once a change is committed to disk: what views, the sync
   * indicator and automatic sync listen to.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_BOOLEAN);
}

void
mnr_store_set_checked (MnrStore *self)
{
  if (self->checked)
    return;

  self->checked = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHECKED]);
}

/* The hash of a statement's SQL for the cache of prepared statements:
 * its length and some 32 of its bytes, spread over it. g_str_hash() read
 * the whole of each statement (several hundred bytes) at every use, 5 %
 * of a full pull; statements of the same length that differ only between
 * the bytes read just share a bucket. */
static guint
sql_hash (gconstpointer key)
{
  const char *sql = key;
  gsize length = strlen (sql);
  gsize step = length / 32 + 1;
  guint hash = (guint)length;

  for (gsize i = 0; i < length; i += step)
    hash = hash * 31 + (guchar)sql[i];

  return hash;
}

static void
mnr_store_init (MnrStore *self)
{
  const char *name = g_get_real_name ();

  if (name == NULL || name[0] == '\0' || g_str_equal (name, "Unknown"))
    name = g_get_user_name ();
  self->author = g_strdup (name);
  self->changes = mnr_store_new_changes ();
  self->statements = g_hash_table_new_full (sql_hash, g_str_equal, g_free, finalize_statement);
}

/* The first column of the first row of @sql, an integer; SQLITE_OK when
 * it has no row (@value unchanged). */
int
mnr_store_query_int (sqlite3    *db,
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
      mnr_store_sqlite_error (error, copy, rc, _("making a backup"));
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
int
mnr_store_open_untouched (const char  *path,
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

/* Reads what the store opened as @db (with @rc, the result of opening
 * it) says of itself, and refuses another program's database and a newer
 * version's store. Returns its schema version, or -1 with @error set;
 * @n_tables tells an empty file from a store. */
int
mnr_store_read_header (sqlite3     *db,
                       int          rc,
                       const char  *path,
                       int         *n_tables,
                       GError     **error)
{
  int version = 0, application_id = 0;

  *n_tables = 0;
  if (rc == SQLITE_OK)
    rc = mnr_store_query_int (db, "PRAGMA application_id", &application_id);
  if (rc == SQLITE_OK)
    rc = mnr_store_query_int (db, "PRAGMA user_version", &version);
  if (rc == SQLITE_OK)
    rc = mnr_store_query_int (db, "SELECT count(*) FROM sqlite_master", n_tables);

  if (rc != SQLITE_OK)
    {
      if ((rc & 0xff) == SQLITE_NOTADB || (rc & 0xff) == SQLITE_CORRUPT)
        g_set_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_DAMAGED,
                     _("The data file “%s” is damaged or is not MNR Tracker data. "
                       "It has been left as it is; restore a backup to go on."), path);
      else
        mnr_store_sqlite_error (error, db, rc, _("opening the data"));
      return -1;
    }

  if ((application_id != 0 && application_id != APPLICATION_ID_MAGIC) ||
      (application_id == 0 && version == 0 && *n_tables > 0))
    {
      g_set_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_DAMAGED,
                   _("The file “%s” belongs to another program, not MNR Tracker. "
                     "It has been left as it is."), path);
      return -1;
    }

  if (version > MNR_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_NEWER_VERSION,
                   _("This data was saved by a newer version of MNR Tracker (data version %d; "
                     "this version reads up to %d). It has been left as it is: "
                     "update MNR Tracker to open it."),
                   version, MNR_STORE_SCHEMA_VERSION);
      return -1;
    }

  return version;
}

/* SQLite's check of every page of the file behind @db (PRAGMA
 * quick_check): it reads the whole file, 90 ms at 60 MB. */
gboolean
mnr_store_check_pages (sqlite3     *db,
                       const char  *path,
                       GError     **error)
{
  g_autofree char *check = NULL;

  {
    g_autoptr(sqlite3_stmt) stmt = NULL;

    if (sqlite3_prepare_v2 (db, "PRAGMA quick_check", -1, &stmt, NULL) == SQLITE_OK &&
        sqlite3_step (stmt) == SQLITE_ROW)
      check = mnr_store_column_dup (stmt, 0);
  }

  if (g_strcmp0 (check, "ok") != 0)
    {
      g_set_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_DAMAGED,
                   _("The data file “%s” is damaged (%s). It has been left as it is; "
                     "restore a backup to go on."),
                   path, check != NULL ? check : sqlite3_errmsg (db));
      return FALSE;
    }

  return TRUE;
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
  int rc, version, n_tables;

  rc = mnr_store_open_untouched (path, &db);
  version = mnr_store_read_header (db, rc, path, &n_tables, error);
  if (version < 0 || !mnr_store_check_pages (db, path, error))
    {
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

  if (!mnr_store_begin (self, _("preparing the data"), error))
    return FALSE;

  /* A new store is built the way an old one is upgraded, so that both
   * paths always end at the same schema. */
  if (version == 0 && !mnr_store_exec_sql (self->db, MNR_STORE_SCHEMA_V1, _("creating the data"), error))
    goto fail;

  if (version <= 1 && !mnr_store_exec_sql (self->db, MNR_STORE_MIGRATE_1_TO_2, _("upgrading the data"), error))
    goto fail;

  if (version <= 2 && !mnr_store_exec_sql (self->db, MNR_STORE_MIGRATE_2_TO_3, _("upgrading the data"), error))
    goto fail;

  if (version <= 3 && !mnr_store_exec_sql (self->db, MNR_STORE_MIGRATE_3_TO_4, _("upgrading the data"), error))
    goto fail;

  if (version <= 4 && !mnr_store_exec_sql (self->db, MNR_STORE_MIGRATE_4_TO_5, _("upgrading the data"), error))
    goto fail;

  if (version <= 5 && !mnr_store_exec_sql (self->db, MNR_STORE_MIGRATE_5_TO_6, _("upgrading the data"), error))
    goto fail;

  if (version <= 6 && !mnr_store_exec_sql (self->db, MNR_STORE_MIGRATE_6_TO_7, _("upgrading the data"), error))
    goto fail;

  if (version <= 7 && !mnr_store_exec_sql (self->db, MNR_STORE_MIGRATE_7_TO_8, _("upgrading the data"), error))
    goto fail;

  if (version <= 8 && !mnr_store_exec_sql (self->db, MNR_STORE_MIGRATE_8_TO_9, _("upgrading the data"), error))
    goto fail;

  if (version <= 9 && !mnr_store_exec_sql (self->db, MNR_STORE_MIGRATE_9_TO_10, _("upgrading the data"), error))
    goto fail;

  if (version <= 10 && !mnr_store_exec_sql (self->db, MNR_STORE_MIGRATE_10_TO_11, _("upgrading the data"), error))
    goto fail;

  pragmas = g_strdup_printf ("PRAGMA user_version = %d; PRAGMA application_id = %d;",
                             MNR_STORE_SCHEMA_VERSION, APPLICATION_ID_MAGIC);
  if (!mnr_store_exec_sql (self->db, pragmas, _("upgrading the data"), error))
    goto fail;

  return mnr_store_commit (self, _("upgrading the data"), error);

fail:
  mnr_store_rollback (self);
  return FALSE;
}

/* Files of attachments whose download or copy was cut short by a crash
 * or a kill (mnr_store_create_incoming_file(), copy_in()): removed once a day old, so
 * that one being written by a running sync is never touched. */
void
mnr_store_remove_stale_incoming (GFile *attachments)
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

/* The store's own connection, which writes: WAL, foreign keys, and every
 * write on disk once reported done. */
sqlite3 *
mnr_store_open_writable (const char  *path,
                         GError     **error)
{
  sqlite3 *db = NULL;
  int rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);

  if (rc != SQLITE_OK)
    {
      mnr_store_sqlite_error (error, db, rc, _("opening the data"));
      sqlite3_close (db);
      return NULL;
    }

  sqlite3_busy_timeout (db, 5000);
  sqlite3_extended_result_codes (db, TRUE);

  /* A write reported done is on disk: a crash or a kill cannot take it.
   * Temporary files in memory: what a savepoint must be able to undo
   * (each change in a batch is one) went to a temporary file once over
   * 64 KiB, a write() of every page a change touched (a sixth of a full
   * pull); they are never needed after a crash, the WAL is. */
  if (!mnr_store_exec_sql (db,
                           "PRAGMA foreign_keys = ON;"
                           "PRAGMA journal_mode = WAL;"
                           "PRAGMA synchronous = FULL;"
                           "PRAGMA temp_store = MEMORY;",
                           _("opening the data"), error))
    {
      sqlite3_close (db);
      return NULL;
    }

  return db;
}

/**
 * mnr_store_open:
 * @directory: the store's folder, created if needed
 *
 * Opens the store in @directory, creating it if there is none and
 * migrating it if an earlier version made it. An existing store is
 * checked whole first (mnr_store_open_full() can leave that for later).
 *
 * Returns: (transfer full) (nullable): the store, or %NULL with @error in
 *   #MNR_STORE_ERROR; a store that cannot be read is never changed
 */
MnrStore *
mnr_store_open (GFile   *directory,
                GError **error)
{
  return mnr_store_open_full (directory, MNR_STORE_OPEN_DEFAULT, error);
}

/**
 * mnr_store_open_full:
 * @directory: the store's folder, created if needed
 * @flags: with %MNR_STORE_OPEN_DEFER_CHECK, a store closed cleanly last
 *   time opens read-only without its whole-file check, which
 *   mnr_store_check_async() then runs
 *
 * As mnr_store_open().
 *
 * Returns: (transfer full) (nullable): the store, or %NULL with @error in
 *   #MNR_STORE_ERROR; a store that cannot be read is never changed
 */
MnrStore *
mnr_store_open_full (GFile              *directory,
                     MnrStoreOpenFlags   flags,
                     GError            **error)
{
  g_autoptr(MnrStore) self = NULL;
  g_autoptr(GFile) attachments = NULL;
  g_autoptr(GError) local_error = NULL;
  int version = 0;

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
      if ((flags & MNR_STORE_OPEN_DEFER_CHECK) != 0)
        {
          switch (mnr_store_open_unchecked (self, error))
            {
            case MNR_STORE_UNCHECKED_OPEN:
              return g_steal_pointer (&self);
            case MNR_STORE_UNCHECKED_REFUSED:
              return NULL;
            case MNR_STORE_UNCHECKED_NEEDS_CHECK:
            default:
              break;
            }
        }

      version = inspect_existing (self->db_path, directory, error);
      if (version < 0)
        return NULL;
    }

  /* Checked, or new: the store takes changes, its migration first. */
  self->db = mnr_store_open_writable (self->db_path, error);
  self->checked = TRUE;
  if (self->db == NULL || !migrate (self, version, error))
    return NULL;

  self->schema_version = MNR_STORE_SCHEMA_VERSION;

  attachments = g_file_get_child (directory, "attachments");
  g_file_make_directory (attachments, NULL, NULL);
  mnr_store_remove_stale_incoming (attachments);

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

  /* Before the database, which cannot close with statements left. */
  g_hash_table_remove_all (self->statements);
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

gboolean
mnr_store_ensure_open (MnrStore  *self,
                       GError   **error)
{
  if (self->db != NULL)
    return TRUE;

  g_set_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_FAILED, _("The data is closed."));
  return FALSE;
}

/* --- countries ----------------------------------------------------------- */

gboolean
mnr_store_insert_country (MnrStore    *self,
                          const char  *code,
                          GError     **error)
{
  g_autoptr(MnrCachedStmt) stmt = NULL;

  stmt = mnr_store_prepare_cached (self,
                                   "INSERT INTO countries (code, added_at, added_by) VALUES (?1, ?2, ?3)"
                                   " ON CONFLICT (code) DO NOTHING",
                                   _("adding the country"), error);
  if (stmt == NULL)
    return FALSE;

  mnr_store_bind_text (stmt, 1, code);
  sqlite3_bind_int64 (stmt, 2, g_get_real_time ());
  mnr_store_bind_text (stmt, 3, self->author);
  return mnr_store_step_done (stmt, self->db, _("adding the country"), error);
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

  if (!mnr_store_ensure_open (self, error))
    return FALSE;

  if (!mnr_id_is_country_code (code))
    return mnr_store_invalid (error, _("“%s” is not a country code (two capital letters, as “PH”)."),
                              code != NULL ? code : "");

  /* One already listed is not written again: a store being checked
   * (mnr-store-check.c) shows it. */
  {
    g_autoptr(sqlite3_stmt) stmt = mnr_store_prepare (self->db, "SELECT 1 FROM countries WHERE code = ?1",
                                                      _("adding the country"), error);

    if (stmt == NULL)
      return FALSE;
    mnr_store_bind_text (stmt, 1, code);
    if (sqlite3_step (stmt) == SQLITE_ROW)
      return TRUE;
  }

  return mnr_store_insert_country (self, code, error);
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

  if (!mnr_store_ensure_open (self, error) ||
      !(stmt = mnr_store_prepare (self->db, "SELECT code FROM countries ORDER BY code",
                                  _("listing the countries"), error)))
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (builder, (const char *)sqlite3_column_text (stmt, 0));

  if (rc != SQLITE_DONE)
    {
      mnr_store_sqlite_error (error, self->db, rc, _("listing the countries"));
      return NULL;
    }

  return g_strv_builder_end (builder);
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

  if (!mnr_store_ensure_open (self, error))
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

      if (mnr_store_open_untouched (db_path, &current) == SQLITE_OK)
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
