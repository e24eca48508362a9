/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* For the targets that write into a store (bundle): every input starts
 * from the same store. mnr_fuzz_store_keep() copies the store's database,
 * as it is after LLVMFuzzerInitialize(), into memory with SQLite's backup
 * API and notes its attachments' files; mnr_fuzz_store_reset(), after an
 * input that changed anything, copies the database back over the store's
 * own connection and deletes the files the input wrote. The importer
 * under test runs as in the app: its own transaction, commit, files. An
 * input that changes nothing (most: refused before any write) costs one
 * call to sqlite3_total_changes64(). Fuzz only: it reads the store's
 * private connection. */

#include <sqlite3.h>

#include "mnr-fuzz.h"
#include "mnr-store-private.h"

static sqlite3 *mnr_fuzz_pristine;
static sqlite3_int64 mnr_fuzz_changes;
static GHashTable *mnr_fuzz_files;   /* paths under attachments/ */

static inline void
mnr_fuzz_copy_db (sqlite3 *to,
                  sqlite3 *from)
{
  sqlite3_backup *backup = sqlite3_backup_init (to, "main", from, "main");
  int rc;

  g_assert_nonnull (backup);
  rc = sqlite3_backup_step (backup, -1);
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  g_assert_cmpint (sqlite3_backup_finish (backup), ==, SQLITE_OK);
}

/* Calls @func on each file under @path, with its path. */
static inline void
mnr_fuzz_walk_files (const char *path,
                     void      (*func) (const char *file))
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        mnr_fuzz_walk_files (child, func);
      else
        func (child);
      g_free (child);
    }
  g_dir_close (dir);
}

static inline void
mnr_fuzz_note_file (const char *file)
{
  g_hash_table_add (mnr_fuzz_files, g_strdup (file));
}

static inline void
mnr_fuzz_remove_new_file (const char *file)
{
  if (!g_hash_table_contains (mnr_fuzz_files, file))
    g_remove (file);
}

static inline char *
mnr_fuzz_attachments_path (MnrStore *store)
{
  return g_build_filename (g_file_peek_path (store->directory), "attachments", NULL);
}

static inline void
mnr_fuzz_store_keep (MnrStore *store)
{
  g_autofree char *attachments = mnr_fuzz_attachments_path (store);

  g_assert_cmpint (sqlite3_open (":memory:", &mnr_fuzz_pristine), ==, SQLITE_OK);
  mnr_fuzz_copy_db (mnr_fuzz_pristine, store->db);
  mnr_fuzz_changes = sqlite3_total_changes64 (store->db);
  mnr_fuzz_files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  mnr_fuzz_walk_files (attachments, mnr_fuzz_note_file);
}

static inline void
mnr_fuzz_store_reset (MnrStore *store)
{
  g_autofree char *attachments = NULL;

  if (sqlite3_total_changes64 (store->db) == mnr_fuzz_changes)
    return;
  g_assert_cmpuint (store->batch_depth, ==, 0);
  mnr_fuzz_copy_db (store->db, mnr_fuzz_pristine);
  mnr_fuzz_changes = sqlite3_total_changes64 (store->db);
  attachments = mnr_fuzz_attachments_path (store);
  mnr_fuzz_walk_files (attachments, mnr_fuzz_remove_new_file);
}
