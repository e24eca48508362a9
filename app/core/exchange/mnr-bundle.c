/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-bundle"

#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "mnr-bundle.h"
#include "mnr-ids.h"
#include "mnr-json-reader.h"
#include "mnr-record-type.h"
#include "mnr-sync-record.h"

/* A bundle: one file with a country's records (rounds, ratings,
 * evidence and its attachments, meetings, minutes, action items) and the
 * attachments' files, for exchange by USB stick or e-mail where the sync
 * server cannot be reached.
 *
 * The container is SQLite, read-only on import: one file that is its own
 * index; a page-checked format (`PRAGMA integrity_check` finds a file cut
 * short or damaged); no compression, so no decompression bomb; bounded
 * reads (a record's envelope is at most the protocol's 1 MiB, a file the
 * 100 MB an attachment may be); and files addressed only by their SHA-256,
 * checked before anything is written, so no name in a bundle reaches the
 * file system. Records are the sync protocol's envelopes, checked by its
 * rules, and meet the local ones in the three-way merge of
 * mnr_store_merge_bundle_record(). Everything is checked before anything
 * is written; the records are then written in one transaction. */

/* PRAGMA application_id 1296978498 is "MNRB". */
#define FORMAT         "mnr-tracker-bundle"
#define MAX_RECORDS    2000000


static gboolean
fail (GError     **error,
      const char  *format,
      ...) G_GNUC_PRINTF (2, 3);

static gboolean
fail (GError     **error,
      const char  *format,
      ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (G_IO_ERROR, G_IO_ERROR_INVALID_DATA, format, args));
  va_end (args);
  return FALSE;
}

/* The bundle being written failed: SQLite says why. */
static gboolean
write_failed (sqlite3  *db,
              GError  **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not write the bundle: %s"),
               db != NULL ? sqlite3_errmsg (db) : g_strerror (ENOMEM));
  return FALSE;
}

static gboolean
exec (sqlite3     *db,
      const char  *sql,
      GError     **error)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) == SQLITE_OK)
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not write the bundle: %s"),
               message != NULL ? message : sqlite3_errmsg (db));
  sqlite3_free (message);
  return FALSE;
}

static gboolean
insert_text (sqlite3            *db,
             const char         *sql,
             const char * const *values,
             GError            **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return write_failed (db, error);
  for (int i = 0; values[i] != NULL; i++)
    sqlite3_bind_text (stmt, i + 1, values[i], -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  return rc == SQLITE_DONE || write_failed (db, error);
}

static gboolean
add_file (sqlite3     *db,
          MnrStore    *store,
          const char  *sha256,
          GError     **error)
{
  g_autoptr(GFile) file = mnr_store_get_attachment_file (store, sha256, NULL);
  g_autoptr(GBytes) bytes = NULL;
  sqlite3_stmt *stmt = NULL;
  gsize size;
  const void *data;
  int rc;

  /* A file this copy has not downloaded yet is not sent: a sync brings it. */
  if (file == NULL || !(bytes = g_file_load_bytes (file, NULL, NULL, NULL)))
    return TRUE;
  data = g_bytes_get_data (bytes, &size);
  if (sqlite3_prepare_v2 (db, "INSERT OR IGNORE INTO files (sha256, data) VALUES (?1, ?2)", -1, &stmt, NULL) != SQLITE_OK)
    return write_failed (db, error);
  sqlite3_bind_text (stmt, 1, sha256, -1, SQLITE_TRANSIENT);
  sqlite3_bind_blob64 (stmt, 2, data, size, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  return rc == SQLITE_DONE || write_failed (db, error);
}

/**
 * mnr_bundle_export:
 * @n_records: (out) (optional): how many records went in
 *
 * Writes @country's records and files to @path, whole or not at all.
 */
gboolean
mnr_bundle_export (MnrStore    *store,
                   const char  *country,
                   const char  *path,
                   guint       *n_records,
                   GError     **error)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autofree char *tmp = g_strconcat (path, ".part", NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *created = g_date_time_format_iso8601 (now);
  g_autofree char *version = g_strdup_printf ("%d", MNR_BUNDLE_VERSION);
  sqlite3 *db = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (MNR_IS_STORE (store), FALSE);

  if (!mnr_id_is_country_code (country))
    return fail (error, _("“%s” is not a country’s ISO 3166 code, as GH."), country != NULL ? country : "");
  if (!(records = mnr_store_list_country_records (store, country, error)))
    return FALSE;
  if (records->len == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("%s has nothing recorded to put in a bundle."), country);
      return FALSE;
    }

  g_unlink (tmp);
  if (sqlite3_open_v2 (tmp, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
    {
      write_failed (db, error);
      sqlite3_close (db);
      return FALSE;
    }

  if (!exec (db, "PRAGMA application_id = 1296978498; PRAGMA user_version = 1; BEGIN;"
                 "CREATE TABLE bundle (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
                 "CREATE TABLE records (seq INTEGER PRIMARY KEY, type TEXT NOT NULL, id TEXT NOT NULL,"
                 "  envelope TEXT NOT NULL, UNIQUE (type, id));"
                 "CREATE TABLE files (sha256 TEXT PRIMARY KEY, data BLOB NOT NULL);", error))
    goto out;

  {
    const char *meta[][2] = {
      { "format", FORMAT }, { "version", version }, { "country", country }, { "created_at", created },
      { "created_by", mnr_store_get_author (store) != NULL ? mnr_store_get_author (store) : "" },
      { "app", "MNR Tracker " PACKAGE_VERSION },
    };

    for (guint i = 0; i < G_N_ELEMENTS (meta); i++)
      if (!insert_text (db, "INSERT INTO bundle (key, value) VALUES (?1, ?2)",
                        (const char * const[]) { meta[i][0], meta[i][1], NULL }, error))
        goto out;
  }

  for (guint i = 0; i < records->len; i++)
    {
      MnrSyncRecord *record = records->pdata[i];
      g_autoptr(JsonNode) envelope = mnr_sync_record_to_envelope (record);
      g_autofree char *text = json_to_string (envelope, FALSE);

      if (!insert_text (db, "INSERT INTO records (type, id, envelope) VALUES (?1, ?2, ?3)",
                        (const char * const[]) { record->type, record->id, text, NULL }, error))
        goto out;
      if (g_str_equal (record->type, "attachment") && !record->deleted &&
          !add_file (db, store, json_object_get_string_member_with_default (record->data, "sha256", ""), error))
        goto out;
    }

  if (!exec (db, "COMMIT", error))
    goto out;
  ok = TRUE;

out:
  /* The handle is gone once closed: a failure to close says so itself. */
  if (ok && sqlite3_close (db) != SQLITE_OK)
    ok = write_failed (db, error);
  else if (!ok)
    sqlite3_close (db);
  if (ok && g_rename (tmp, path) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("Could not write “%s”: %s"), path,
                   g_strerror (saved));
      ok = FALSE;
    }
  if (!ok)
    g_unlink (tmp);
  else if (n_records != NULL)
    *n_records = records->len;
  return ok;
}

/* --- import ------------------------------------------------------------- */

void
mnr_bundle_report_clear (MnrBundleReport *report)
{
  g_clear_pointer (&report->country, g_free);
  memset (report, 0, sizeof *report);
}

static char *
query_text (sqlite3    *db,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW &&
      sqlite3_column_text (stmt, 0) != NULL)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return text;
}

/* Ends a query that read rows until @rc: whether it read them all, with
 * no error of a row's check either. */
static gboolean
finish_query (sqlite3       *db,
              sqlite3_stmt  *stmt,
              int            rc,
              GError       **error)
{
  sqlite3_finalize (stmt);
  if (error != NULL && *error != NULL)
    return FALSE;
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return fail (error, _("The bundle is damaged: %s"), sqlite3_errmsg (db));
  return TRUE;
}

/* The bundle's records, each checked by the protocol's rules and its
 * country; %NULL with an error naming the first that is not. */
static GPtrArray *
read_records (sqlite3     *db,
              const char  *country,
              GError     **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) mnr_sync_record_free);
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (db, "SELECT type, id, envelope, length (envelope) FROM records ORDER BY seq", -1, &stmt,
                          NULL) != SQLITE_OK)
    {
      fail (error, _("The file is not an MNR Tracker bundle: it has no records."));
      return NULL;
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *type = (const char *) sqlite3_column_text (stmt, 0);
      const char *id = (const char *) sqlite3_column_text (stmt, 1);
      const char *text = (const char *) sqlite3_column_text (stmt, 2);
      gint64 length = sqlite3_column_int64 (stmt, 3);
      const MnrRecordType *descriptor = type != NULL ? mnr_record_type_lookup (type) : NULL;
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(GError) local_error = NULL;
      MnrSyncRecord *record = NULL;

      if (records->len >= MAX_RECORDS)
        {
          fail (error, _("The bundle holds more than %d records: no country has so many."), MAX_RECORDS);
          break;
        }
      if (descriptor == NULL || descriptor->scope != MNR_RECORD_SCOPE_COUNTRY)
        {
          fail (error, _("Record %u is of a type this version does not take from a bundle (“%s”)."),
                records->len + 1, type != NULL ? type : "");
          break;
        }
      if (text == NULL || length > MNR_SYNC_MAX_RECORD_BYTES ||
          !mnr_json_check_nesting (text, (gsize) length, MNR_SYNC_MAX_DEPTH) ||
          !(node = json_from_string (text, &local_error)) ||
          !(record = mnr_sync_record_from_stored (node, &local_error)))
        {
          fail (error, _("Record %u (%s) is damaged: %s"), records->len + 1, type,
                local_error != NULL ? local_error->message : _("too large or too deeply nested"));
          break;
        }
      g_ptr_array_add (records, record);
      if (g_strcmp0 (record->type, type) != 0 || g_strcmp0 (record->id, id) != 0 || !mnr_id_is_uuid (record->id))
        {
          fail (error, _("Record %u (%s) does not have the id it is filed under."), records->len, type);
          break;
        }
      if (g_strcmp0 (record->country, country) != 0)
        {
          fail (error, _("Record %u (%s %s) is of %s, not of the bundle’s country, %s."), records->len, type, id,
                record->country != NULL ? record->country : "?", country);
          break;
        }
      if (!mnr_sync_record_validate_data (record->type, record->data, &local_error))
        {
          fail (error, _("Record %u (%s %s) breaks the protocol’s rules: %s"), records->len, type, id,
                local_error->message);
          break;
        }
    }
  if (!finish_query (db, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&records);
}

/* The bundle's files, each checked against its name, its SHA-256; the
 * bytes are kept for writing once everything is checked. */
static GHashTable *
read_files (sqlite3     *db,
            GError     **error)
{
  g_autoptr(GHashTable) files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (db, "SELECT sha256, length (data), data FROM files", -1, &stmt, NULL) != SQLITE_OK)
    {
      fail (error, _("The file is not an MNR Tracker bundle: it has no table of files."));
      return NULL;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 0);
      gint64 length = sqlite3_column_int64 (stmt, 1);
      g_autofree char *hash = NULL;

      if (!mnr_store_is_valid_sha256 (name))
        {
          fail (error, _("A file of the bundle is not named by its SHA-256 (“%s”): nothing of the bundle was imported."),
                name != NULL ? name : "");
          break;
        }
      if (length > MNR_SYNC_MAX_BLOB_BYTES)
        {
          fail (error, _("The file %s of the bundle is larger than an attachment may be (100 MB)."), name);
          break;
        }
      hash = g_compute_checksum_for_data (G_CHECKSUM_SHA256, sqlite3_column_blob (stmt, 2), (gsize) length);
      if (g_strcmp0 (hash, name) != 0)
        {
          fail (error, _("The file %s of the bundle does not have the bytes its SHA-256 names: the bundle was altered "
                         "or damaged, and nothing of it was imported."), name);
          break;
        }
      g_hash_table_insert (files, g_strdup (name), g_bytes_new (sqlite3_column_blob (stmt, 2), (gsize) length));
    }
  if (!finish_query (db, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&files);
}

/* Opens @path read-only and checks it is a whole bundle of this format. */
static sqlite3 *
open_bundle (const char  *path,
             char       **country,
             GError     **error)
{
  g_autofree char *format = NULL;
  g_autofree char *version = NULL;
  g_autofree char *check = NULL;
  GStatBuf info;
  sqlite3 *db = NULL;
  guint64 number = 0;

  if (g_stat (path, &info) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("Could not read “%s”: %s"), path,
                   g_strerror (saved));
      return NULL;
    }
  if ((gint64) info.st_size > MNR_BUNDLE_MAX_BYTES)
    {
      fail (error, _("The file is larger than 2 GB: it is not a country’s bundle."));
      return NULL;
    }

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    {
      fail (error, _("The file is not an MNR Tracker bundle."));
      sqlite3_close (db);
      return NULL;
    }
  check = query_text (db, "PRAGMA application_id");
  if (check == NULL || g_strcmp0 (check, "1296978498") != 0)
    {
      fail (error, _("The file is not an MNR Tracker bundle (or is damaged or cut short)."));
      sqlite3_close (db);
      return NULL;
    }
  g_clear_pointer (&check, g_free);
  check = query_text (db, "PRAGMA integrity_check");
  if (g_strcmp0 (check, "ok") != 0)
    {
      fail (error, _("The bundle is damaged or cut short (%s): ask for it again."), check != NULL ? check : "?");
      sqlite3_close (db);
      return NULL;
    }

  format = query_text (db, "SELECT value FROM bundle WHERE key = 'format'");
  version = query_text (db, "SELECT value FROM bundle WHERE key = 'version'");
  *country = query_text (db, "SELECT value FROM bundle WHERE key = 'country'");
  if (g_strcmp0 (format, FORMAT) != 0 || version == NULL ||
      !g_ascii_string_to_unsigned (version, 10, 1, G_MAXUINT, &number, NULL))
    fail (error, _("The file is not an MNR Tracker bundle."));
  else if (number > MNR_BUNDLE_VERSION)
    fail (error, _("The bundle was made by a newer version of MNR Tracker (format %s): update the app to import it."),
          version);
  else if (!mnr_id_is_country_code (*country))
    fail (error, _("The bundle does not say whose it is."));
  if (error != NULL && *error != NULL)
    {
      g_clear_pointer (country, g_free);
      sqlite3_close (db);
      return NULL;
    }
  return db;
}

static gboolean
write_file (MnrStore    *store,
            const char  *sha256,
            GBytes      *bytes,
            GError     **error)
{
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GFile) incoming = mnr_store_create_incoming_file (store, &stream, error);
  gsize size;
  const void *data = g_bytes_get_data (bytes, &size);

  if (incoming == NULL)
    return FALSE;
  if (!g_output_stream_write_all (G_OUTPUT_STREAM (stream), data, size, NULL, NULL, error) ||
      !g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, error))
    {
      g_file_delete (incoming, NULL, NULL);
      return FALSE;
    }
  return mnr_store_add_incoming_file (store, incoming, sha256, error);
}

/**
 * mnr_bundle_import:
 * @report: (out caller-allocates): what was done
 *
 * Checks the whole bundle (its form, its records by the protocol's rules
 * and its country, its files by their SHA-256), and only then writes its
 * files and merges its records, in one transaction. A bundle that fails
 * a check changes nothing.
 */
gboolean
mnr_bundle_import (MnrStore         *store,
                   const char       *path,
                   MnrBundleReport  *report,
                   GError          **error)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GHashTable) files = NULL;
  g_autoptr(GPtrArray) written = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *country = NULL;
  GHashTableIter iter;
  gpointer key, value;
  sqlite3 *db;

  g_return_val_if_fail (MNR_IS_STORE (store), FALSE);
  g_return_val_if_fail (report != NULL, FALSE);

  memset (report, 0, sizeof *report);
  if (!(db = open_bundle (path, &country, error)))
    return FALSE;
  records = read_records (db, country, error);
  if (records != NULL)
    files = read_files (db, error);
  sqlite3_close (db);
  if (records == NULL || files == NULL)
    return FALSE;

  /* Every attachment's file: in the bundle, here already, or to come. */
  for (guint i = 0; i < records->len; i++)
    {
      MnrSyncRecord *record = records->pdata[i];
      const char *sha256;
      g_autoptr(GFile) here = NULL;

      if (!g_str_equal (record->type, "attachment") || record->deleted)
        continue;
      sha256 = json_object_get_string_member_with_default (record->data, "sha256", "");
      if (g_hash_table_contains (files, sha256))
        {
          GBytes *bytes = g_hash_table_lookup (files, sha256);

          if ((gint64) g_bytes_get_size (bytes) != json_object_get_int_member_with_default (record->data, "size", -1))
            return fail (error, _("The attachment %s does not have the size its record gives: nothing of the bundle "
                                  "was imported."), record->id);
          continue;
        }
      here = mnr_store_get_attachment_file (store, sha256, NULL);
      if (here == NULL || !g_file_query_exists (here, NULL))
        report->files_missing++;
    }

  g_hash_table_iter_init (&iter, files);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autoptr(GFile) here = mnr_store_get_attachment_file (store, key, NULL);

      if (here != NULL && g_file_query_exists (here, NULL))
        continue;
      if (!write_file (store, key, value, error))
        goto fail_files;
      g_ptr_array_add (written, g_strdup (key));
      report->files++;
    }

  if (!mnr_store_begin_batch (store, error))
    goto fail_files;
  for (guint i = 0; i < records->len; i++)
    {
      gboolean was_new = FALSE;

      switch (mnr_store_merge_bundle_record (store, records->pdata[i], &was_new, error))
        {
        case MNR_APPLY_UPDATED:
          /* New here, or taken over a copy unchanged since the last bundle. */
          if (was_new)
            report->added++;
          else
            report->updated++;
          break;
        case MNR_APPLY_MERGED:
          report->merged++;
          break;
        case MNR_APPLY_UNCHANGED:
          report->unchanged++;
          break;
        case MNR_APPLY_CONFLICT:
          report->conflicts++;
          break;
        case MNR_APPLY_FAILED:
        default:
          g_prefix_error (error, _("Nothing of the bundle was imported: "));
          mnr_store_end_batch (store, FALSE, NULL);
          goto fail_files;
        }
    }
  if (!mnr_store_end_batch (store, TRUE, error))
    goto fail_files;

  report->country = g_steal_pointer (&country);
  return TRUE;

fail_files:
  /* The files written for records that were not: gone again. */
  mnr_store_remove_unused_files (store, written);
  memset (report, 0, sizeof *report);
  return FALSE;
}
