/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "mnr-server-store.h"

G_BEGIN_DECLS

struct _MnrServerStore
{
  GObject  parent_instance;

  char    *data_dir;
  char    *blobs_dir;
  sqlite3 *db;
  gboolean in_batch;  /* a batch's transaction is open: writes are savepoints */
  GHashTable *statements; /* in a batch: SQL → its prepared statement */
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
G_GNUC_INTERNAL
int              mnr_server_store_prepare      (MnrServerStore   *self,
                                                const char       *sql,
                                                sqlite3_stmt    **stmt);
G_GNUC_INTERNAL
void             mnr_server_store_done         (MnrServerStore   *self,
                                                sqlite3_stmt     *stmt);

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
