/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-store"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mnr-country.h"
#include "mnr-evidence-private.h"
#include "mnr-ids.h"
#include "mnr-record-type.h"
#include "mnr-store-private.h"
#include "mnr-store-schema.h"

/* MnrStore: what sync reads of the store: records, their bases, the outbox. */

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

/* The store's side of each type of mnr-record-type.c, in the same order:
 * what others refer to first. Columns and bindings follow the order of
 * the descriptor's fields. */
static const SyncTable sync_tables[] = {
  { "round", "rounds",
    SYNC_COMMON ("t.country", "t.updated_at") "t.name, t.date,"
    " (SELECT group_concat (grp, ' ') FROM"
    "   (SELECT grp FROM round_shares WHERE round = t.id ORDER BY grp))"
    " FROM rounds t",
    "INSERT INTO rounds (id, country, name, date, created_at, created_by,"
    " updated_at, updated_by, deleted_at, data_extra, server_rev, synced_rev)"
    " VALUES (?1, ?2, ?9, ?10, ?5, ?6, ?5, ?6, ?7, ?8, ?3, ?4)"
    " ON CONFLICT (id) DO UPDATE SET country = excluded.country, name = excluded.name,"
    " date = excluded.date, updated_at = excluded.updated_at,"
    " updated_by = excluded.updated_by, deleted_at = excluded.deleted_at,"
    " data_extra = excluded.data_extra",
    "name",
    "DELETE FROM round_shares WHERE round = ?1",
    "INSERT OR IGNORE INTO round_shares (round, grp) VALUES (?1, ?2)",
    NULL, NULL },
  { "rating", "ratings",
    SYNC_COMMON ("p.country", "t.updated_at") "t.level, t.rationale, t.element, t.round, t.review, t.agreed_in"
    " FROM ratings t JOIN rounds p ON p.id = t.round",
    "INSERT INTO ratings (id, level, rationale, element, round, review, agreed_in, created_at, created_by,"
    " updated_at, updated_by, deleted_at, data_extra, server_rev, synced_rev)"
    " VALUES (?1, ?9, ?10, ?11, ?12, ?13, ?14, ?5, ?6, ?5, ?6, ?7, ?8, ?3, ?4)"
    " ON CONFLICT (id) DO UPDATE SET round = excluded.round, element = excluded.element,"
    " level = excluded.level, rationale = excluded.rationale,"
    " review = excluded.review, agreed_in = excluded.agreed_in,"
    " updated_at = excluded.updated_at, updated_by = excluded.updated_by,"
    " deleted_at = excluded.deleted_at, data_extra = excluded.data_extra",
    NULL, NULL, NULL, NULL, mnr_store_rating_written },
  { "evidence", "evidence",
    SYNC_COMMON ("t.country", "t.updated_at") "t.title, t.kind, t.date, t.source, t.summary, t.restricted,"
    " (SELECT group_concat (element, ' ') FROM"
    "   (SELECT element FROM evidence_links WHERE evidence = t.id ORDER BY element))"
    " FROM evidence t",
    "INSERT INTO evidence (id, country, title, kind, date, source, summary, restricted,"
    " created_at, created_by, updated_at, updated_by, deleted_at, data_extra, server_rev, synced_rev)"
    " VALUES (?1, ?2, ?9, ?10, ?11, ?12, ?13, ?14, ?5, ?6, ?5, ?6, ?7, ?8, ?3, ?4)"
    " ON CONFLICT (id) DO UPDATE SET country = excluded.country, title = excluded.title,"
    " kind = excluded.kind, date = excluded.date, source = excluded.source,"
    " summary = excluded.summary, restricted = excluded.restricted,"
    " updated_at = excluded.updated_at, updated_by = excluded.updated_by,"
    " deleted_at = CASE WHEN excluded.deleted_at IS NULL THEN NULL"
    "   ELSE coalesce (evidence.deleted_at, excluded.deleted_at) END,"
    " data_extra = excluded.data_extra",
    NULL,
    "DELETE FROM evidence_links WHERE evidence = ?1",
    "INSERT OR IGNORE INTO evidence_links (evidence, element) VALUES (?1, ?2)",
    mnr_store_check_evidence_record, NULL },
  { "attachment", "attachments",
    SYNC_COMMON ("p.country", "t.created_at") "t.name, t.size, t.content_type, t.sha256, t.evidence"
    " FROM attachments t JOIN evidence p ON p.id = t.evidence",
    "INSERT INTO attachments (id, name, size, content_type, sha256, evidence,"
    " created_at, created_by, updated_by, deleted_at, data_extra, server_rev, synced_rev)"
    " VALUES (?1, ?9, ?10, ?11, ?12, ?13, ?5, ?6, ?6, ?7, ?8, ?3, ?4)"
    " ON CONFLICT (id) DO UPDATE SET evidence = excluded.evidence, sha256 = excluded.sha256,"
    " name = excluded.name, content_type = excluded.content_type, size = excluded.size,"
    " updated_by = excluded.updated_by, deleted_at = excluded.deleted_at,"
    " data_extra = excluded.data_extra",
    NULL, NULL, NULL, NULL, NULL },
  { "group", "groups",
    SYNC_COMMON ("NULL", "t.updated_at") "t.name, t.short_name,"
    " (SELECT group_concat (country, ' ') FROM"
    "   (SELECT country FROM group_members WHERE grp = t.id ORDER BY country))"
    " FROM groups t",
    "INSERT INTO groups (id, name, short_name, created_at, updated_at, updated_by,"
    " deleted_at, data_extra, server_rev, synced_rev)"
    " VALUES (?1, ?9, ?10, ?5, ?5, ?6, ?7, ?8, ?3, ?4)"
    " ON CONFLICT (id) DO UPDATE SET name = excluded.name, short_name = excluded.short_name,"
    " updated_at = excluded.updated_at, updated_by = excluded.updated_by,"
    " deleted_at = excluded.deleted_at, data_extra = excluded.data_extra",
    "name",
    "DELETE FROM group_members WHERE grp = ?1",
    "INSERT OR IGNORE INTO group_members (grp, country) VALUES (?1, ?2)",
    NULL, NULL },
  { "meeting", "meetings",
    SYNC_COMMON ("t.country", "t.updated_at") "t.title, t.date, t.place, t.attendees, t.apologies,"
    " t.agenda_kind,"
    " (SELECT group_concat (element, ' ') FROM"
    "   (SELECT element FROM meeting_agenda WHERE meeting = t.id ORDER BY position))"
    " FROM meetings t",
    "INSERT INTO meetings (id, country, title, date, place, attendees, apologies, agenda_kind,"
    " created_at, created_by, updated_at, updated_by, deleted_at, data_extra, server_rev, synced_rev)"
    " VALUES (?1, ?2, ?9, ?10, ?11, ?12, ?13, ?14, ?5, ?6, ?5, ?6, ?7, ?8, ?3, ?4)"
    " ON CONFLICT (id) DO UPDATE SET country = excluded.country, title = excluded.title,"
    " date = excluded.date, place = excluded.place, attendees = excluded.attendees,"
    " apologies = excluded.apologies, agenda_kind = excluded.agenda_kind,"
    " updated_at = excluded.updated_at, updated_by = excluded.updated_by,"
    " deleted_at = excluded.deleted_at, data_extra = excluded.data_extra",
    "title",
    "DELETE FROM meeting_agenda WHERE meeting = ?1",
    "INSERT OR IGNORE INTO meeting_agenda (meeting, element, position)"
    " VALUES (?1, ?2, (SELECT count (*) FROM meeting_agenda WHERE meeting = ?1))",
    NULL, NULL },
  { "minute", "minutes",
    SYNC_COMMON ("p.country", "t.updated_at") "t.kind, t.text, t.level, t.element, t.meeting"
    " FROM minutes t JOIN meetings p ON p.id = t.meeting",
    "INSERT INTO minutes (id, kind, text, level, element, meeting, created_at, created_by,"
    " updated_at, updated_by, deleted_at, data_extra, server_rev, synced_rev)"
    " VALUES (?1, ?9, ?10, ?11, ?12, ?13, ?5, ?6, ?5, ?6, ?7, ?8, ?3, ?4)"
    " ON CONFLICT (id) DO UPDATE SET meeting = excluded.meeting, kind = excluded.kind,"
    " text = excluded.text, level = excluded.level, element = excluded.element,"
    " updated_at = excluded.updated_at, updated_by = excluded.updated_by,"
    " deleted_at = excluded.deleted_at, data_extra = excluded.data_extra",
    NULL, NULL, NULL, NULL, NULL },
  { "action", "actions",
    SYNC_COMMON ("t.country", "t.updated_at") "t.description, t.owner, t.due, t.status, t.element,"
    " t.meeting FROM actions t",
    "INSERT INTO actions (id, country, description, owner, due, status, element, meeting,"
    " created_at, created_by, updated_at, updated_by, deleted_at, data_extra, server_rev, synced_rev)"
    " VALUES (?1, ?2, ?9, ?10, ?11, ?12, ?13, ?14, ?5, ?6, ?5, ?6, ?7, ?8, ?3, ?4)"
    " ON CONFLICT (id) DO UPDATE SET country = excluded.country,"
    " description = excluded.description, owner = excluded.owner, due = excluded.due,"
    " status = excluded.status, element = excluded.element, meeting = excluded.meeting,"
    " updated_at = excluded.updated_at, updated_by = excluded.updated_by,"
    " deleted_at = excluded.deleted_at, data_extra = excluded.data_extra",
    "description", NULL, NULL, NULL, NULL },
};

G_STATIC_ASSERT (G_N_ELEMENTS (sync_tables) == 8);

const SyncTable *
mnr_store_find_sync_table (const char  *type,
                           GError     **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (sync_tables); i++)
    if (g_strcmp0 (sync_tables[i].type, type) == 0)
      return &sync_tables[i];

  mnr_store_invalid (error, _("“%s” is not a type of record."), type != NULL ? type : "");
  return NULL;
}

const char *
mnr_store_column_text (sqlite3_stmt *stmt,
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
  g_auto(GStrv) words = g_strsplit (mnr_store_column_text (stmt, column), " ", -1);
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
                 gint64          *synced_rev);

MnrSyncRecord *
mnr_store_record_from_row (const SyncTable *table,
                           sqlite3_stmt    *stmt)
{
  return record_from_row (table, stmt, NULL);
}

static MnrSyncRecord *
record_from_row (const SyncTable *table,
                 sqlite3_stmt    *stmt,
                 gint64          *synced_rev)
{
  const MnrRecordType *type = mnr_record_type_lookup (table->type);
  MnrSyncRecord *record = mnr_sync_record_new (table->type, mnr_store_column_text (stmt, SYNC_COL_ID));
  JsonObject *data = record->data;
  const int d = SYNC_COL_DATA;

  if (sqlite3_column_type (stmt, SYNC_COL_COUNTRY) != SQLITE_NULL)
    record->country = g_strdup (mnr_store_column_text (stmt, SYNC_COL_COUNTRY));
  record->deleted = sqlite3_column_int (stmt, SYNC_COL_DELETED) != 0;
  record->server_rev = sqlite3_column_int64 (stmt, SYNC_COL_SERVER_REV);
  record->local_rev = sqlite3_column_int64 (stmt, SYNC_COL_LOCAL_REV);
  g_free (record->updated_by);
  record->updated_by = g_strdup (mnr_store_column_text (stmt, SYNC_COL_UPDATED_BY));
  record->updated_at = sqlite3_column_int64 (stmt, SYNC_COL_UPDATED_AT);
  if (synced_rev != NULL)
    *synced_rev = sqlite3_column_int64 (stmt, SYNC_COL_SYNCED_REV);

  /* The descriptor's fields, in its order, from SYNC_COL_DATA. */
  for (guint i = 0; i < type->n_fields; i++)
    {
      const MnrRecordField *field = &type->fields[i];

      if (field->kind == MNR_FIELD_BOOLEAN)
        json_object_set_boolean_member (data, field->name, sqlite3_column_int (stmt, d + i) != 0);
      else if (field->kind == MNR_FIELD_SIZE)
        json_object_set_int_member (data, field->name, sqlite3_column_int64 (stmt, d + i));
      else if (mnr_record_field_is_list (field))
        add_word_list (data, field->name, stmt, d + i);
      else
        json_object_set_string_member (data, field->name, mnr_store_column_text (stmt, d + i));
    }

  /* Members of data a newer client sent, kept as they came. */
  if (sqlite3_column_type (stmt, SYNC_COL_EXTRA) != SQLITE_NULL)
    {
      g_autoptr(JsonNode) extra = json_from_string (mnr_store_column_text (stmt, SYNC_COL_EXTRA), NULL);

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
gboolean
mnr_store_read_record (MnrStore         *self,
                       const SyncTable  *table,
                       const char       *id,
                       MnrSyncRecord   **record,
                       gint64           *synced_rev,
                       GError          **error)
{
  g_autofree char *sql = g_strconcat (table->select, " WHERE t.id = ?1", NULL);
  g_autoptr(MnrCachedStmt) stmt = mnr_store_prepare_cached (self, sql, _("reading the changes to sync"), error);
  int rc;

  *record = NULL;
  if (stmt == NULL)
    return FALSE;

  mnr_store_bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *record = record_from_row (table, stmt, synced_rev);
  else if (rc != SQLITE_DONE)
    return mnr_store_sqlite_error (error, self->db, rc, _("reading the changes to sync"));

  return TRUE;
}

char *
mnr_store_record_to_text (const MnrSyncRecord *record)
{
  g_autoptr(JsonNode) node = mnr_sync_record_to_envelope (record);

  return json_to_string (node, FALSE);
}

gboolean
mnr_store_save_base (MnrStore             *self,
                     const MnrSyncRecord  *base,
                     GError              **error)
{
  const char *what = _("saving what was synced");
  g_autofree char *text = mnr_store_record_to_text (base);
  g_autoptr(MnrCachedStmt) stmt = mnr_store_prepare_cached (self,
                                                            "INSERT INTO sync_base (type, id, record) VALUES (?1, ?2, ?3)"
                                                            " ON CONFLICT (type, id) DO UPDATE SET record = excluded.record",
                                                            what, error);

  if (stmt == NULL)
    return FALSE;

  mnr_store_bind_text (stmt, 1, base->type);
  mnr_store_bind_text (stmt, 2, base->id);
  mnr_store_bind_text (stmt, 3, text);
  return mnr_store_step_done (stmt, self->db, what, error);
}

/* Runs @sql, a statement of the parameters type (?1) and id (?2). */
static gboolean
run_on_record (MnrStore    *self,
               const char  *sql,
               const char  *type,
               const char  *id,
               GError     **error)
{
  const char *what = _("saving what was synced");
  g_autoptr(MnrCachedStmt) stmt = mnr_store_prepare_cached (self, sql, what, error);

  if (stmt == NULL)
    return FALSE;

  mnr_store_bind_text (stmt, 1, type);
  mnr_store_bind_text (stmt, 2, id);
  return mnr_store_step_done (stmt, self->db, what, error);
}

#define FORGET_SENT_SQL "DELETE FROM sync_sent WHERE type = ?1 AND id = ?2"

/* The record is in step with the server again (or changed since from a
 * version whose content is not kept): its base is no base any more, and
 * what was sent of it is confirmed or superseded. */
gboolean
mnr_store_forget_base (MnrStore    *self,
                       const char  *type,
                       const char  *id,
                       GError     **error)
{
  return run_on_record (self, "DELETE FROM sync_base WHERE type = ?1 AND id = ?2", type, id, error) &&
         run_on_record (self, FORGET_SENT_SQL, type, id, error);
}

/**
 * mnr_store_note_sent:
 * @records: the records about to be sent, each at the @local_rev it is
 *   sent at
 * @n_records: how many
 *
 * Keeps, for each of @records, the digest of the version sent
 * (mnr_sync_record_content_digest()) until the server confirms it, in
 * one transaction. A 412 (or a pulled change) that shows one of them is
 * then known as this client's own write even after the record was
 * edited again (docs/sync-protocol.md, section 7.5, rule 1).
 */
gboolean
mnr_store_note_sent (MnrStore              *self,
                     MnrSyncRecord * const *records,
                     guint                  n_records,
                     GError               **error)
{
  const char *what = _("saving what was synced");
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (MNR_IS_STORE (self), FALSE);
  g_return_val_if_fail (records != NULL || n_records == 0, FALSE);

  if (n_records == 0)
    return TRUE;

  if (!mnr_store_begin_batch (self, error))
    return FALSE;

  stmt = mnr_store_prepare (self->db,
                            "INSERT INTO sync_sent (type, id, local_rev, digest) VALUES (?1, ?2, ?3, ?4)"
                            " ON CONFLICT (type, id, local_rev) DO UPDATE SET digest = excluded.digest",
                            what, error);
  if (stmt == NULL)
    goto fail;

  for (guint i = 0; i < n_records; i++)
    {
      g_autofree char *digest = mnr_sync_record_content_digest (records[i]);
      gboolean ok;

      mnr_store_bind_text (stmt, 1, records[i]->type);
      mnr_store_bind_text (stmt, 2, records[i]->id);
      sqlite3_bind_int64 (stmt, 3, records[i]->local_rev);
      mnr_store_bind_text (stmt, 4, digest);
      ok = mnr_store_step_done (stmt, self->db, what, error);
      sqlite3_reset (stmt);
      if (!ok)
        goto fail;
    }

  g_clear_pointer (&stmt, sqlite3_finalize);
  return mnr_store_end_batch (self, TRUE, error);

fail:
  g_clear_pointer (&stmt, sqlite3_finalize);
  mnr_store_end_batch (self, FALSE, NULL);
  return FALSE;
}

/* The newest local_rev sent of @remote's record, not yet confirmed
 * (above @synced_rev), whose content is @remote's; 0 in @sent_rev when
 * none is. */
gboolean
mnr_store_find_sent (MnrStore             *self,
                     const MnrSyncRecord  *remote,
                     gint64                synced_rev,
                     gint64               *sent_rev,
                     GError              **error)
{
  const char *what = _("reading the changes to sync");
  g_autoptr(MnrCachedStmt) stmt = mnr_store_prepare_cached (self,
                                                            "SELECT max (local_rev) FROM sync_sent"
                                                            " WHERE type = ?1 AND id = ?2 AND digest = ?3 AND local_rev > ?4",
                                                            what, error);
  g_autofree char *digest = NULL;
  int rc;

  *sent_rev = 0;
  if (stmt == NULL)
    return FALSE;

  digest = mnr_sync_record_content_digest (remote);
  mnr_store_bind_text (stmt, 1, remote->type);
  mnr_store_bind_text (stmt, 2, remote->id);
  mnr_store_bind_text (stmt, 3, digest);
  sqlite3_bind_int64 (stmt, 4, synced_rev);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *sent_rev = sqlite3_column_int64 (stmt, 0);
  else
    return mnr_store_sqlite_error (error, self->db, rc, what);

  return TRUE;
}

/* The base kept for @local, or %NULL in @base when there is none that
 * @local is based on. */
gboolean
mnr_store_read_base (MnrStore             *self,
                     const MnrSyncRecord  *local,
                     MnrSyncRecord       **base,
                     GError              **error)
{
  const char *what = _("reading the changes to sync");
  g_autoptr(MnrCachedStmt) stmt = mnr_store_prepare_cached (self, "SELECT record FROM sync_base WHERE type = ?1 AND id = ?2",
                                                            what, error);
  int rc;

  *base = NULL;
  if (stmt == NULL)
    return FALSE;

  mnr_store_bind_text (stmt, 1, local->type);
  mnr_store_bind_text (stmt, 2, local->id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      g_autoptr(GError) local_error = NULL;

      *base = mnr_store_parse_stored (mnr_store_column_text (stmt, 0), &local_error);
      /* A base that is not the one the local copy is at is no base. */
      if (*base != NULL && (*base)->server_rev != local->server_rev)
        g_clear_pointer (base, mnr_sync_record_free);
      return TRUE;
    }
  if (rc != SQLITE_DONE)
    return mnr_store_sqlite_error (error, self->db, rc, what);

  return TRUE;
}

/* Called just before every local change of a record: if it is in step
 * with the server, what it holds now is the server's version the change
 * starts from. */
gboolean
mnr_store_remember_base (MnrStore    *self,
                         const char  *type,
                         const char  *id,
                         GError     **error)
{
  const SyncTable *table = mnr_store_find_sync_table (type, error);
  g_autoptr(MnrSyncRecord) record = NULL;
  gint64 synced_rev = 0;

  if (table == NULL || !mnr_store_read_record (self, table, id, &record, &synced_rev, error))
    return FALSE;

  if (record == NULL || record->server_rev < 1 || record->local_rev > synced_rev)
    return TRUE;  /* new here, or already changed since its base was kept */

  return mnr_store_save_base (self, record, error);
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

  if (!mnr_store_ensure_open (self, error))
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (sync_tables); i++)
    {
      const SyncTable *table = &sync_tables[i];
      g_autofree char *sql = g_strdup_printf ("%s" OUTBOX_WHERE " ORDER BY t.rowid",
                                              table->select, table->type);
      g_autoptr(sqlite3_stmt) stmt = mnr_store_prepare (self->db, sql, _("reading the changes to sync"), error);
      int rc;

      if (stmt == NULL)
        return NULL;

      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_ptr_array_add (records, record_from_row (table, stmt, NULL));

      if (rc != SQLITE_DONE)
        {
          mnr_store_sqlite_error (error, self->db, rc, _("reading the changes to sync"));
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

  if (!mnr_store_ensure_open (self, error))
    return -1;

  for (guint i = 0; i < G_N_ELEMENTS (sync_tables); i++)
    {
      const SyncTable *table = &sync_tables[i];
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s t" OUTBOX_WHERE,
                                              table->table, table->type);
      g_autoptr(sqlite3_stmt) stmt = mnr_store_prepare (self->db, sql, what, error);
      int rc;

      if (stmt == NULL)
        return -1;
      if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
        {
          mnr_store_sqlite_error (error, self->db, rc, what);
          return -1;
        }
      total += sqlite3_column_int64 (stmt, 0);
    }

  if (n_conflicts != NULL && (*n_conflicts = mnr_store_count_conflicts (self, error)) < 0)
    return -1;

  return total;
}

#define MARK_PUSHED_SQL \
  "UPDATE %s SET synced_rev = max (synced_rev, ?2), server_rev = ?3" \
  " WHERE id = ?1 AND ?2 <= local_rev"
#define FORGET_BASE_SQL "DELETE FROM sync_base WHERE type = ?1 AND id = ?2"

/* mnr_store_mark_pushed() with its two statements prepared, reset after. */
static gboolean
mark_pushed_with (MnrStore      *self,
                  sqlite3_stmt  *update,
                  sqlite3_stmt  *forget,
                  const char    *type,
                  const char    *id,
                  gint64         pushed_local_rev,
                  gint64         server_rev,
                  GError       **error)
{
  const char *what = _("saving what was synced");
  gboolean ok;

  if (pushed_local_rev < 1 || server_rev < 1)
    return mnr_store_invalid (error, _("A record can only be marked as synced at a revision of 1 or more."));

  mnr_store_bind_text (update, 1, id);
  sqlite3_bind_int64 (update, 2, pushed_local_rev);
  sqlite3_bind_int64 (update, 3, server_rev);
  ok = mnr_store_step_done (update, self->db, what, error);
  sqlite3_reset (update);
  if (!ok)
    return FALSE;

  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_NOT_FOUND,
                   _("There is no such record at that revision."));
      return FALSE;
    }

  /* In step again, or changed during the upload from a version whose
   * content is not kept: either way the old base is no base any more,
   * and what was sent is confirmed. */
  mnr_store_bind_text (forget, 1, type);
  mnr_store_bind_text (forget, 2, id);
  ok = mnr_store_step_done (forget, self->db, what, error);
  sqlite3_reset (forget);
  return ok && run_on_record (self, FORGET_SENT_SQL, type, id, error);
}

/**
 * mnr_store_count_conflicts:
 *
 * The number of records in conflict, without counting the outbox
 * (mnr_store_count_dirty() counts both).
 *
 * Returns: the number, or -1 with @error set
 */
gint64
mnr_store_count_conflicts (MnrStore  *self,
                           GError   **error)
{
  const char *what = _("reading the changes to sync");
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (MNR_IS_STORE (self), -1);

  if (!mnr_store_ensure_open (self, error) ||
      (stmt = mnr_store_prepare (self->db, "SELECT count(*) FROM conflicts", what, error)) == NULL)
    return -1;

  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    {
      mnr_store_sqlite_error (error, self->db, rc, what);
      return -1;
    }

  return sqlite3_column_int64 (stmt, 0);
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
  const char *what = _("saving what was synced");
  const SyncTable *table;
  g_autofree char *sql = NULL;
  g_autoptr(sqlite3_stmt) update = NULL;
  g_autoptr(sqlite3_stmt) forget = NULL;

  g_return_val_if_fail (MNR_IS_STORE (self), FALSE);

  if (!mnr_store_ensure_open (self, error) || !(table = mnr_store_find_sync_table (type, error)))
    return FALSE;

  sql = g_strdup_printf (MARK_PUSHED_SQL, table->table);
  if (!(update = mnr_store_prepare (self->db, sql, what, error)) ||
      !(forget = mnr_store_prepare (self->db, FORGET_BASE_SQL, what, error)))
    return FALSE;

  return mark_pushed_with (self, update, forget, type, id, pushed_local_rev, server_rev, error);
}

/**
 * mnr_store_mark_pushed_many:
 * @records: (element-type MnrSyncRecord): records that were sent, each
 *   with the @local_rev it was sent at
 * @server_revs: the rev the server gave each
 *
 * mnr_store_mark_pushed() for each of @records, in one transaction, with
 * its statements prepared once: for the answer to a batch of a thousand
 * records. Stops at the first failure; called alone, it then keeps none.
 */
gboolean
mnr_store_mark_pushed_many (MnrStore      *self,
                            GPtrArray     *records,
                            const gint64  *server_revs,
                            GError       **error)
{
  const char *what = _("saving what was synced");
  g_autoptr(sqlite3_stmt) forget = NULL;
  g_autoptr(sqlite3_stmt) update = NULL;
  const SyncTable *table = NULL;

  g_return_val_if_fail (MNR_IS_STORE (self), FALSE);
  g_return_val_if_fail (records != NULL, FALSE);

  if (records->len == 0)
    return TRUE;

  if (!mnr_store_begin_batch (self, error))
    return FALSE;

  if (!(forget = mnr_store_prepare (self->db, FORGET_BASE_SQL, what, error)))
    goto fail;

  for (guint i = 0; i < records->len; i++)
    {
      const MnrSyncRecord *record = records->pdata[i];

      /* The outbox lists a table's records together: a statement per run. */
      if (table == NULL || g_strcmp0 (table->type, record->type) != 0)
        {
          g_autofree char *sql = NULL;

          g_clear_pointer (&update, sqlite3_finalize);
          if (!(table = mnr_store_find_sync_table (record->type, error)))
            goto fail;
          sql = g_strdup_printf (MARK_PUSHED_SQL, table->table);
          if (!(update = mnr_store_prepare (self->db, sql, what, error)))
            goto fail;
        }

      if (!mark_pushed_with (self, update, forget, record->type, record->id, record->local_rev,
                             server_revs[i], error))
        goto fail;
    }

  g_clear_pointer (&update, sqlite3_finalize);
  g_clear_pointer (&forget, sqlite3_finalize);
  return mnr_store_end_batch (self, TRUE, error);

fail:
  g_clear_pointer (&update, sqlite3_finalize);
  g_clear_pointer (&forget, sqlite3_finalize);
  mnr_store_end_batch (self, FALSE, NULL);
  return FALSE;
}

/* --- record types this version does not know ------------------------------ */

/**
 * mnr_store_keep_unknown:
 * @envelope: a change from the feed of a type this version does not
 *   know (or does not take yet), as the server sent it
 *
 * Keeps @envelope, whole and as it came, the newest rev of each record,
 * until a version that knows its type applies it (section 2.4).
 */
gboolean
mnr_store_keep_unknown (MnrStore    *self,
                        const char  *type,
                        const char  *id,
                        gint64       rev,
                        JsonNode    *envelope,
                        GError     **error)
{
  const char *what = _("keeping a change from the server");
  g_autofree char *text = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (MNR_IS_STORE (self), FALSE);
  g_return_val_if_fail (type != NULL && id != NULL && envelope != NULL, FALSE);

  if (!mnr_store_ensure_open (self, error))
    return FALSE;

  text = json_to_string (envelope, FALSE);
  stmt = mnr_store_prepare (self->db,
                            "INSERT INTO sync_unknown (type, id, rev, envelope) VALUES (?1, ?2, ?3, ?4)"
                            " ON CONFLICT (type, id) DO UPDATE SET rev = excluded.rev, envelope = excluded.envelope"
                            " WHERE excluded.rev > sync_unknown.rev",
                            what, error);
  if (stmt == NULL)
    return FALSE;

  mnr_store_bind_text (stmt, 1, type);
  mnr_store_bind_text (stmt, 2, id);
  sqlite3_bind_int64 (stmt, 3, rev);
  mnr_store_bind_text (stmt, 4, text);
  return mnr_store_step_done (stmt, self->db, what, error);
}

/**
 * mnr_store_list_unknown:
 *
 * Returns: (transfer container) (element-type JsonNode): the envelopes
 *   mnr_store_keep_unknown() kept, in the order they came
 */
GPtrArray *
mnr_store_list_unknown (MnrStore  *self,
                        GError   **error)
{
  const char *what = _("reading the changes to sync");
  g_autoptr(GPtrArray) envelopes = g_ptr_array_new_with_free_func ((GDestroyNotify)json_node_unref);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (MNR_IS_STORE (self), NULL);

  if (!mnr_store_ensure_open (self, error) ||
      !(stmt = mnr_store_prepare (self->db, "SELECT envelope FROM sync_unknown ORDER BY rowid", what, error)))
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JsonNode *node = json_from_string (mnr_store_column_text (stmt, 0), NULL);

      if (node != NULL)
        g_ptr_array_add (envelopes, node);
    }
  if (rc != SQLITE_DONE)
    {
      mnr_store_sqlite_error (error, self->db, rc, what);
      return NULL;
    }

  return g_steal_pointer (&envelopes);
}

/**
 * mnr_store_forget_unknown:
 *
 * Drops the kept change of @type/@id, once applied.
 */
gboolean
mnr_store_forget_unknown (MnrStore    *self,
                          const char  *type,
                          const char  *id,
                          GError     **error)
{
  const char *what = _("applying a change from the server");
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (MNR_IS_STORE (self), FALSE);

  if (!mnr_store_ensure_open (self, error) ||
      !(stmt = mnr_store_prepare (self->db, "DELETE FROM sync_unknown WHERE type = ?1 AND id = ?2", what, error)))
    return FALSE;

  mnr_store_bind_text (stmt, 1, type);
  mnr_store_bind_text (stmt, 2, id);
  return mnr_store_step_done (stmt, self->db, what, error);
}
