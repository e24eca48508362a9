/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <sqlite3.h>

#include "crash-soak-common.h"

/**
 * soak_integrity_ok:
 * @db_path: an SQLite database a killed process was writing
 *
 * Opens @db_path read-write, as its owner opens it, so that the
 * write-ahead log a kill left is taken in first, and runs
 * `PRAGMA integrity_check`.
 *
 * Returns: whether the check answered "ok"
 */
gboolean
soak_integrity_ok (const char *db_path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;

  if (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    ok = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") == 0;
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return ok;
}
