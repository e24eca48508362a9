/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-store"

#include "config.h"

#include <glib/gi18n.h>

#include "mnr-record-type.h"
#include "mnr-store-private.h"

/* MnrStore: what a bundle (exchange without a server) reads and writes.
 * A bundle's record meets the local one in the same three-way merge as
 * a pulled one does, against the version the last bundle brought (kept in
 * bundle_bases, apart from the server's base that sync merges against):
 * unchanged here since, it is taken; unchanged there, the local one
 * stays; changed on both sides, the fields merge, and what both changed
 * differently is a conflict for the Conflicts window. What a bundle
 * brings is a local change here, sent to the server at the next sync. */

/**
 * mnr_store_list_country_records:
 *
 * Returns: (transfer container) (element-type MnrSyncRecord): every record
 *   of @country, tombstones included and sample data left out, in push
 *   order (rounds before their ratings, evidence before its attachments)
 */
GPtrArray *
mnr_store_list_country_records (MnrStore    *self,
                                const char  *country,
                                GError     **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) mnr_sync_record_free);
  const MnrRecordType * const *types = mnr_record_types ();

  g_return_val_if_fail (MNR_IS_STORE (self), NULL);

  if (!mnr_store_ensure_open (self, error))
    return NULL;

  for (guint t = 0; types[t] != NULL; t++)
    {
      const SyncTable *table;
      g_autofree char *sql = NULL;
      g_autoptr(sqlite3_stmt) stmt = NULL;
      int rc;

      if (types[t]->scope != MNR_RECORD_SCOPE_COUNTRY)
        continue;
      if (!(table = mnr_store_find_sync_table (types[t]->name, error)))
        return NULL;
      sql = g_strdup_printf ("SELECT * FROM (%s) WHERE country = ?1 AND id IN (SELECT id FROM %s WHERE sample = 0)",
                             table->select, table->table);
      if (!(stmt = mnr_store_prepare (self->db, sql, _("reading the records"), error)))
        return NULL;
      mnr_store_bind_text (stmt, 1, country);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_ptr_array_add (records, mnr_store_record_from_row (table, stmt));
      if (rc != SQLITE_DONE)
        {
          mnr_store_sqlite_error (error, self->db, rc, _("reading the records"));
          return NULL;
        }
    }

  return g_steal_pointer (&records);
}

static MnrSyncRecord *
read_bundle_base (MnrStore    *self,
                  const char  *type,
                  const char  *id,
                  GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = mnr_store_prepare (self->db, "SELECT record FROM bundle_bases WHERE type = ?1 AND id = ?2",
                                                    _("reading the records"), error);
  g_autoptr(JsonNode) node = NULL;

  if (stmt == NULL)
    return NULL;
  mnr_store_bind_text (stmt, 1, type);
  mnr_store_bind_text (stmt, 2, id);
  if (sqlite3_step (stmt) != SQLITE_ROW ||
      !(node = json_from_string (mnr_store_column_text (stmt, 0), NULL)))
    return NULL;
  return mnr_sync_record_from_stored (node, NULL);
}

static gboolean
write_bundle_base (MnrStore             *self,
                   const MnrSyncRecord  *record,
                   GError              **error)
{
  g_autofree char *text = mnr_store_record_to_text (record);
  g_autoptr(sqlite3_stmt) stmt = mnr_store_prepare (self->db,
                                                    "INSERT OR REPLACE INTO bundle_bases (type, id, record) VALUES (?1, ?2, ?3)",
                                                    _("importing the bundle"), error);

  if (stmt == NULL)
    return FALSE;
  mnr_store_bind_text (stmt, 1, record->type);
  mnr_store_bind_text (stmt, 2, record->id);
  mnr_store_bind_text (stmt, 3, text);
  return mnr_store_step_done (stmt, self->db, _("importing the bundle"), error);
}

/* Writes @record as a local change (a tombstone marks the record deleted). */
static gboolean
take (MnrStore            *self,
      const MnrSyncRecord *record,
      GError             **error)
{
  g_autoptr(MnrSyncRecord) copy = mnr_sync_record_copy (record);

  copy->server_rev = 0;
  copy->local_rev = 0;
  return mnr_store_save_local_record (self, copy, _("importing the bundle"), error);
}

/**
 * mnr_store_merge_bundle_record:
 * @record: a record of a bundle, checked by the protocol's rules
 * @was_new: (out): whether the store had no such record
 *
 * Merges @record into the store (see above), within the caller's batch.
 *
 * Returns: what was done; %MNR_APPLY_FAILED with @error set
 */
MnrApplyResult
mnr_store_merge_bundle_record (MnrStore             *self,
                               const MnrSyncRecord  *record,
                               gboolean             *was_new,
                               GError              **error)
{
  const SyncTable *table;
  g_autoptr(MnrSyncRecord) local = NULL;
  g_autoptr(MnrSyncRecord) base = NULL;
  MnrApplyResult result;

  g_return_val_if_fail (MNR_IS_STORE (self), MNR_APPLY_FAILED);

  if (!(table = mnr_store_find_sync_table (record->type, error)) ||
      !mnr_store_read_record (self, table, record->id, &local, NULL, error))
    return MNR_APPLY_FAILED;
  base = read_bundle_base (self, record->type, record->id, NULL);
  *was_new = local == NULL;

  if (local == NULL && record->deleted)
    result = MNR_APPLY_UNCHANGED;
  else if (local == NULL)
    result = take (self, record, error) ? MNR_APPLY_UPDATED : MNR_APPLY_FAILED;
  else if (mnr_sync_record_same_content (local, record))
    result = MNR_APPLY_UNCHANGED;
  else if (base != NULL && mnr_sync_record_same_content (local, base))
    result = take (self, record, error) ? MNR_APPLY_UPDATED : MNR_APPLY_FAILED;   /* unchanged here */
  else if (base != NULL && mnr_sync_record_same_content (record, base))
    result = MNR_APPLY_UNCHANGED;                                                /* unchanged there */
  else
    {
      g_auto(GStrv) conflicting = NULL;
      g_autoptr(MnrSyncRecord) merged = NULL;

      if (base != NULL && !local->deleted && !record->deleted)
        merged = mnr_sync_record_merge (base, local, record, &conflicting);
      if (merged != NULL && (conflicting == NULL || conflicting[0] == NULL))
        result = take (self, merged, error) ? MNR_APPLY_MERGED : MNR_APPLY_FAILED;
      else
        result = mnr_store_save_conflict (self, local, record, base, error) ? MNR_APPLY_CONFLICT : MNR_APPLY_FAILED;
    }

  if (result == MNR_APPLY_FAILED || !write_bundle_base (self, record, error))
    return MNR_APPLY_FAILED;
  return result;
}
