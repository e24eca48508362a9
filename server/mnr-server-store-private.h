/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "mnr-server-store.h"

G_BEGIN_DECLS

/* The store the service holds is shared by every thread; each thread
 * that calls it works on a connection of its own, opened on its first
 * call (mnr_server_store_for_thread()), so that reads run side by side
 * in WAL mode. A connection is an MnrServerStore too, with its db. */
struct _MnrServerStore
{
  GObject         parent_instance;

  char           *data_dir;
  char           *blobs_dir;
  sqlite3        *db;           /* a connection's; NULL in the shared store */

  /* in a connection */
  GMutex         *write_lock;   /* borrowed: the shared store's */
  GHashTable     *statements;   /* SQL → sqlite3_stmt *, owned: prepared once */
  gboolean        in_batch;     /* a batch's transaction is open, its lock held:
                                 * writes are savepoints of it */

  /* in the shared store */
  GMutex          lock;         /* guards connections and closed */
  GHashTable     *connections;  /* GThread * → MnrServerStore *, owned */
  GMutex          writes;       /* one write transaction at a time */
  gboolean        closed;
};

#define MNR_SERVER_RECORD_COLUMNS \
  "type, id, country, rev, seq, deleted, data, updated_at, updated_by," \
  " parent, blob, groups, restricted, withheld_groups, withheld_readers"

G_GNUC_INTERNAL
gboolean         mnr_server_store_sqlite_error (GError          **error,
                                                sqlite3          *db,
                                                int               rc,
                                                const char       *what);
G_GNUC_INTERNAL
MnrServerRecord *mnr_server_record_from_row    (sqlite3_stmt     *stmt);
/* A connection's statement for @sql, prepared on its first use and kept
 * (so @sql must live as long: a literal, or g_intern_string()'s); back
 * with mnr_server_store_done() once done with it. */
G_GNUC_INTERNAL
int              mnr_server_store_prepare      (MnrServerStore   *self,
                                                const char       *sql,
                                                sqlite3_stmt    **stmt);
G_GNUC_INTERNAL
void             mnr_server_store_done         (MnrServerStore   *self,
                                                const char       *sql,
                                                sqlite3_stmt     *stmt);

/* Every function of the store that reads or writes the database starts
 * with `self = mnr_server_store_for_thread (self, error)` (returning on
 * NULL) and then uses self->db: the calling thread's connection. A write
 * transaction holds *self->write_lock from its BEGIN IMMEDIATE to its
 * COMMIT or ROLLBACK, so that this process's threads never wait on
 * SQLite's busy handler for one another. */
G_GNUC_INTERNAL
MnrServerStore  *mnr_server_store_for_thread   (MnrServerStore   *self,
                                                GError          **error);

G_GNUC_INTERNAL
gboolean         mnr_server_store_add_audience (MnrServerStore   *self,
                                                GError          **error);
G_GNUC_INTERNAL
gboolean         mnr_server_store_set_audience (MnrServerStore        *self,
                                                MnrServerRecord       *record,
                                                const MnrServerRecord *current,
                                                GError               **error);
G_GNUC_INTERNAL
gboolean         mnr_server_store_pass_audience (MnrServerStore        *self,
                                                 const MnrServerRecord *record,
                                                 const MnrServerRecord *current,
                                                 gint64                *next_seq,
                                                 GError               **error);

G_END_DECLS
