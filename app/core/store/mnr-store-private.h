/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the files of MnrStore share: mnr-store.c (the object, opening,
 * migrations, countries, backups), mnr-store-groups.c, -rounds.c (rounds
 * and ratings), -evidence.c, -attachments.c, -sync.c (the outbox and the
 * bases of merges) and -apply.c (records from the server, conflicts). Not
 * installed, not for the app: the store's public API is mnr-store.h. */

#include <sqlite3.h>

#include "mnr-store.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

#define DB_NAME "mnr-tracker.db"
#define APPLICATION_ID_MAGIC 0x4d4e5254 /* "MNRT" */
#define BACKUP_INTERVAL (24 * G_TIME_SPAN_HOUR)
#define BULK_CACHE_KIB  32768 /* the page cache of a bulk batch: 32 MiB */
#define BULK_CHECKPOINT_PAGES 8192 /* the WAL's size before a checkpoint then: 32 MiB */

struct _MnrStore
{
  GObject  parent_instance;

  GFile   *directory;
  char    *db_path;
  sqlite3 *db;
  char    *author;
  int      schema_version;
  guint    batch_depth;

  /* FALSE while a store opened with MNR_STORE_OPEN_DEFER_CHECK waits for
   * its whole-file check: db is then a read-only connection that refuses
   * every write (mnr-store-check.c). */
  gboolean checked;
  gboolean check_started;

  /* Changes of the transaction under way (MnrStoreChange), emitted as
   * MnrStore::changed once it is committed; changes_mark is where the
   * batch's current savepoint began. */
  GArray  *changes;
  guint    changes_mark;

  /* A recorded batch's session (mnr-store-undo.c), and the AUTOINCREMENT
   * counters before it. */
  gpointer    recording;
  GHashTable *recording_sequences;

  /* Statements kept prepared for the changes made many times in a row
   * (mnr_store_prepare_cached()), by their SQL; finalized on closing. */
  GHashTable *statements;

  /* The search index's triggers set aside over a bulk batch
   * (mnr-store-search-index.c), to put back at its end. */
  GStrv       deferred_triggers;

  /* The page cache's size (PRAGMA cache_size) to go back to after bulk
   * batches, which have a larger one (mnr_store_shrink_cache()); 0 when
   * the cache has its usual size. */
  int         cache_size;
  gboolean    bulk;        /* synchronous = NORMAL until the batch ends */
  int         autocheckpoint; /* PRAGMA wal_autocheckpoint to go back to */
};

/* --- sync tables (mnr-store-sync.c) --- */

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

/* How the store keeps one record type of mnr-record-type.c: its table,
 * the query that reads a record (SYNC_COMMON, then the descriptor's
 * fields in their order, a list as words), the upsert that writes one
 * (?1 id, ?2 country, ?3 server_rev and ?4 synced_rev of a new row, ?5
 * now, ?6 author, ?7 deleted_at, ?8 data_extra, then the fields that have a column, in the descriptor's order, from
 * ?9), the list field's own table, and the rules of the store's own
 * saves beyond the protocol's. */
typedef struct
{
  const char  *type;
  const char  *table;
  const char  *select;
  const char  *upsert;
  const char  *strip;          /* a field saved without surrounding space */
  const char  *list_clear;     /* ?1 the record */
  const char  *list_add;       /* ?1 the record, ?2 an item */
  gboolean   (*check) (const MnrSyncRecord  *record,
                       GError              **error);
  gboolean   (*after_write) (MnrStore             *self,
                             const MnrSyncRecord  *record,
                             GError              **error);
} SyncTable;

/* --- opening (mnr-store.c) and the deferred check (mnr-store-check.c) --- */

typedef enum
{
  MNR_STORE_UNCHECKED_OPEN,        /* open read-only, its check to come */
  MNR_STORE_UNCHECKED_REFUSED,     /* refused, with the error */
  MNR_STORE_UNCHECKED_NEEDS_CHECK, /* to be checked before it opens */
} MnrStoreUnchecked;

G_GNUC_INTERNAL
int
mnr_store_open_untouched (const char  *path,
                          sqlite3    **db);

G_GNUC_INTERNAL
int
mnr_store_read_header (sqlite3     *db,
                       int          rc,
                       const char  *path,
                       int         *n_tables,
                       GError     **error);

G_GNUC_INTERNAL
gboolean
mnr_store_check_pages (sqlite3     *db,
                       const char  *path,
                       GError     **error);

G_GNUC_INTERNAL
sqlite3 *
mnr_store_open_writable (const char  *path,
                         GError     **error);

G_GNUC_INTERNAL
void
mnr_store_remove_stale_incoming (GFile *attachments);

G_GNUC_INTERNAL
MnrStoreUnchecked
mnr_store_open_unchecked (MnrStore  *self,
                          GError   **error);

G_GNUC_INTERNAL
void
mnr_store_set_checked (MnrStore *self);

G_GNUC_INTERNAL
gboolean
mnr_store_ensure_writable (MnrStore    *self,
                           const char  *what,
                           GError     **error);

G_GNUC_INTERNAL
void
mnr_store_note_change (MnrStore   *self,
                       const char *type,
                       const char *id,
                       gboolean    from_server);

/* mnr-store-transactions.c */
G_GNUC_INTERNAL
GArray *
mnr_store_new_changes (void);

/* mnr-store.c */
G_GNUC_INTERNAL
void
mnr_store_emit_changed (MnrStore   *self,
                        const char *type,
                        const char *id,
                        gboolean    from_server);

G_GNUC_INTERNAL
int
mnr_store_query_int (sqlite3    *db,
                     const char *sql,
                     int        *value);

G_GNUC_INTERNAL
gboolean
mnr_store_sqlite_error (GError    **error,
                        sqlite3    *db,
                        int         rc,
                        const char *what);

G_GNUC_INTERNAL
MnrSyncRecord *
mnr_store_record_from_row (const SyncTable *table,
                           sqlite3_stmt    *stmt);

G_GNUC_INTERNAL
gboolean
mnr_store_write_record (MnrStore             *self,
                        const SyncTable      *table,
                        const MnrSyncRecord  *record,
                        const char           *author,
                        GError              **error);

G_GNUC_INTERNAL
gboolean
mnr_store_write_new_record (MnrStore             *self,
                            const SyncTable      *table,
                            const MnrSyncRecord  *record,
                            gint64                server_rev,
                            gint64                synced_rev,
                            gboolean              parent_checked,
                            GError              **error);

G_GNUC_INTERNAL
GFile *
mnr_store_attachment_file (MnrStore   *self,
                           const char *sha256);

G_GNUC_INTERNAL
int
mnr_store_compare_strings (gconstpointer a,
                           gconstpointer b);

G_GNUC_INTERNAL
gboolean
mnr_store_invalid (GError    **error,
                   const char *format,
                   ...) G_GNUC_PRINTF (2, 3);

G_GNUC_INTERNAL
gboolean
mnr_store_exec_sql (sqlite3     *db,
                    const char  *sql,
                    const char  *what,
                    GError     **error);

G_GNUC_INTERNAL
sqlite3_stmt *
mnr_store_prepare (sqlite3     *db,
                   const char  *sql,
                   const char  *what,
                   GError     **error);

/* A statement of the store's cache, borrowed: g_autoptr(MnrCachedStmt)
 * resets it (and clears its bindings) when it goes out of scope, ready
 * for the next use. Never finalized by its user. */
typedef sqlite3_stmt MnrCachedStmt;

G_GNUC_INTERNAL
MnrCachedStmt *
mnr_store_prepare_cached (MnrStore    *self,
                          const char  *sql,
                          const char  *what,
                          GError     **error);

G_GNUC_INTERNAL
void
mnr_store_release_cached (MnrCachedStmt *stmt);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MnrCachedStmt, mnr_store_release_cached)

G_GNUC_INTERNAL
void
mnr_store_defer_search_index (MnrStore *self);

G_GNUC_INTERNAL
gboolean
mnr_store_flush_search_index (MnrStore  *self,
                              GError   **error);

G_GNUC_INTERNAL
void
mnr_store_forget_deferred_search_index (MnrStore *self);

G_GNUC_INTERNAL
void
mnr_store_shrink_cache (MnrStore *self);

G_GNUC_INTERNAL
void
mnr_store_bind_text (sqlite3_stmt *stmt,
                     int           index,
                     const char   *text);

G_GNUC_INTERNAL
char *
mnr_store_column_dup (sqlite3_stmt *stmt,
                      int           column);

G_GNUC_INTERNAL
gboolean
mnr_store_step_done (sqlite3_stmt *stmt,
                     sqlite3      *db,
                     const char   *what,
                     GError      **error);

G_GNUC_INTERNAL
gboolean
mnr_store_begin (MnrStore    *self,
                 const char  *what,
                 GError     **error);

G_GNUC_INTERNAL
gboolean
mnr_store_commit (MnrStore    *self,
                  const char  *what,
                  GError     **error);

G_GNUC_INTERNAL
void
mnr_store_rollback (MnrStore *self);

G_GNUC_INTERNAL
gboolean
mnr_store_is_text_of_at_most (const char *text,
                              glong       max);

G_GNUC_INTERNAL
gboolean
mnr_store_ensure_open (MnrStore  *self,
                       GError   **error);

G_GNUC_INTERNAL
gboolean
mnr_store_insert_country (MnrStore    *self,
                          const char  *code,
                          GError     **error);

G_GNUC_INTERNAL
gboolean
mnr_store_validate_evidence (MnrEvidence  *evidence,
                             GError      **error);

G_GNUC_INTERNAL
gboolean
mnr_store_validate_evidence_fields (const char          *id,
                                    const char          *country,
                                    const char          *title,
                                    const char          *kind,
                                    const char          *date,
                                    const char          *source,
                                    const char          *summary,
                                    const char * const  *elements,
                                    GError             **error);

G_GNUC_INTERNAL
const SyncTable *
mnr_store_find_sync_table (const char  *type,
                           GError     **error);

G_GNUC_INTERNAL
gboolean
mnr_store_keep_rating_history (MnrStore    *self,
                               const char  *round_id,
                               const char  *element_id,
                               const char  *what,
                               GError     **error);

G_GNUC_INTERNAL
gboolean
mnr_store_check_evidence_record (const MnrSyncRecord  *record,
                                 GError              **error);

G_GNUC_INTERNAL
gboolean
mnr_store_rating_written (MnrStore             *self,
                          const MnrSyncRecord  *record,
                          GError              **error);

G_GNUC_INTERNAL
const char *
mnr_store_column_text (sqlite3_stmt *stmt,
                       int           column);

G_GNUC_INTERNAL
gboolean
mnr_store_read_record (MnrStore         *self,
                       const SyncTable  *table,
                       const char       *id,
                       MnrSyncRecord   **record,
                       gint64           *synced_rev,
                       GError          **error);

G_GNUC_INTERNAL
char *
mnr_store_record_to_text (const MnrSyncRecord *record);

G_GNUC_INTERNAL
gboolean
mnr_store_save_base (MnrStore             *self,
                     const MnrSyncRecord  *base,
                     GError              **error);

G_GNUC_INTERNAL
gboolean
mnr_store_forget_base (MnrStore    *self,
                       const char  *type,
                       const char  *id,
                       GError     **error);

G_GNUC_INTERNAL
gboolean
mnr_store_find_sent (MnrStore             *self,
                     const MnrSyncRecord  *remote,
                     gint64                synced_rev,
                     gint64               *sent_rev,
                     GError              **error);

G_GNUC_INTERNAL
gboolean
mnr_store_read_base (MnrStore             *self,
                     const MnrSyncRecord  *local,
                     MnrSyncRecord       **base,
                     GError              **error);

G_GNUC_INTERNAL
gboolean
mnr_store_remember_base (MnrStore    *self,
                         const char  *type,
                         const char  *id,
                         GError     **error);

G_GNUC_INTERNAL
char *
mnr_store_data_extra (const SyncTable     *table,
                      const MnrSyncRecord *record);

G_GNUC_INTERNAL
MnrSyncRecord *
mnr_store_parse_stored (const char  *text,
                        GError     **error);
G_GNUC_INTERNAL
gboolean mnr_store_save_local_record (MnrStore             *self,
                                      MnrSyncRecord        *record,
                                      const char           *what,
                                      GError              **error);
G_GNUC_INTERNAL
gboolean mnr_store_save_conflict     (MnrStore             *self,
                                      const MnrSyncRecord  *local,
                                      const MnrSyncRecord  *remote,
                                      const MnrSyncRecord  *base,
                                      GError              **error);

