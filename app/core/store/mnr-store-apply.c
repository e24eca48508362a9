/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-store"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mnr-country.h"
#include "mnr-ids.h"
#include "mnr-record-type.h"
#include "mnr-store-private.h"
#include "mnr-store-schema.h"

/* MnrStore: records from the server, merges, conflicts and the waiting room. */

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

/* Whether a deletion that carries no data ({}): only the flag changes. */
static gboolean
is_bare_deletion (const MnrSyncRecord *record)
{
  return record->deleted && json_object_get_size (record->data) == 0;
}

/* The store's own rule for evidence, as for a local save. */
gboolean
mnr_store_check_evidence_record (const MnrSyncRecord  *record,
                                 GError              **error)
{
  g_auto(GStrv) elements = data_strings (record->data, "elements");

  /* From the data itself: an MnrEvidence made for it, with a notification
   * for each member set, cost a pull's worker thread a tenth of its time. */
  return mnr_store_validate_evidence_fields (record->id, record->country, data_string (record->data, "title"),
                                             data_string (record->data, "kind"), data_string (record->data, "date"),
                                             data_string (record->data, "source"), data_string (record->data, "summary"),
                                             (const char * const *)elements, error);
}

/* A record from the server (or a person's choice) checked by the
 * protocol's rules (its type's descriptor), then by the table's own;
 * @data_checked: its data by the descriptor already
 * (mnr_sync_record_from_envelope()). */
static gboolean
check_incoming_full (const MnrSyncRecord  *record,
                     gboolean              data_checked,
                     GError              **error)
{
  const SyncTable *table = mnr_store_find_sync_table (record->type, NULL);
  g_autoptr(GError) local_error = NULL;
  const MnrRecordType *type = mnr_record_type_lookup (record->type);
  JsonObject *data = record->data;

  if (type == NULL || table == NULL)
    return mnr_store_invalid (error, _("“%s” is not a type of record."), record->type != NULL ? record->type : "");

  if (!mnr_id_is_uuid (record->id) || strlen (record->id) != 36)
    return mnr_store_invalid (error, _("The record from the server was refused: %s"), "id: must be a lower-case UUID");
  for (const char *p = record->id; *p; p++)
    if (g_ascii_isupper (*p))
      return mnr_store_invalid (error, _("The record from the server was refused: %s"), "id: must be a lower-case UUID");

  if (!mnr_record_type_country_is_valid (type, record->country))
    return mnr_store_invalid (error, _("The record from the server was refused: %s"), "country");

  if (data == NULL)
    return mnr_store_invalid (error, _("The record from the server was refused: %s"), "data: missing");

  if (is_bare_deletion (record))
    return TRUE;

  if (!data_checked && !mnr_sync_record_validate_data (record->type, data, &local_error))
    return mnr_store_invalid (error, _("The record from the server was refused: %s"), local_error->message);

  return table->check == NULL || table->check (record, error);
}

static gboolean
check_incoming (const MnrSyncRecord  *record,
                GError              **error)
{
  return check_incoming_full (record, FALSE, error);
}

/* The members of @record's data this version does not store in columns,
 * as JSON text, or %NULL when there are none. */
char *
mnr_store_data_extra (const SyncTable     *table,
                      const MnrSyncRecord *record)
{
  g_autoptr(JsonObject) extra = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  const MnrRecordType *type = mnr_record_type_lookup (table->type);

  /* Nearly always none: no object is made for them until one is seen. */
  json_object_iter_init (&iter, record->data);
  while (json_object_iter_next (&iter, &name, &value))
    if (mnr_record_type_get_field (type, name) == NULL)
      {
        if (extra == NULL)
          extra = json_object_new ();
        json_object_set_member (extra, name, json_node_copy (value));
      }

  if (extra == NULL)
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
  g_autoptr(MnrCachedStmt) stmt = mnr_store_prepare_cached (self, sql, _("applying a change from the server"), error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  mnr_store_bind_text (stmt, 1, parent_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_NOT_FOUND,
                   _("The record refers to a round or an item of evidence that is not here yet."));
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return mnr_store_sqlite_error (error, self->db, rc, _("applying a change from the server"));

  if (g_strcmp0 (mnr_store_column_text (stmt, 0), record->country) != 0)
    return mnr_store_invalid (error, _("The record from the server was refused: %s"),
                              "country: not the country of the record it belongs to");

  return TRUE;
}

/* The parent row of @record, a record of @type that has one, must be
 * here (else %MNR_STORE_ERROR_NOT_FOUND) and of the record's country. */
static gboolean
check_record_parent (MnrStore             *self,
                     const MnrRecordType  *type,
                     const MnrSyncRecord  *record,
                     GError              **error)
{
  const MnrRecordField *parent = mnr_record_type_get_field (type, type->parent);
  const SyncTable *parent_table = mnr_store_find_sync_table (parent->reference, error);
  g_autofree char *sql = NULL;

  if (parent_table == NULL)
    return FALSE;
  sql = g_strdup_printf ("SELECT country FROM %s WHERE id = ?1", parent_table->table);
  return check_parent (self, sql, data_string (record->data, type->parent), record, error);
}

/* How write_record() may spare itself work. */
typedef enum
{
  WRITE_NEW            = 1 << 0,  /* not here, not even as a tombstone: no list to clear */
  WRITE_PARENT_CHECKED = 1 << 1,  /* its round or evidence was found, of its country */
} WriteFlags;

static gboolean write_record (MnrStore             *self,
                              const SyncTable      *table,
                              const MnrSyncRecord  *record,
                              const char           *author,
                              gint64                server_rev,
                              gint64                synced_rev,
                              WriteFlags            flags,
                              GError              **error);

/* Writes @record's content into the local tables (inserted or updated),
 * leaving the revision counters to the caller; @author is who is named
 * as having made the change. */
gboolean
mnr_store_write_record (MnrStore             *self,
                        const SyncTable      *table,
                        const MnrSyncRecord  *record,
                        const char           *author,
                        GError              **error)
{
  return write_record (self, table, record, author, 0, 0, 0, error);
}

/* mnr_store_write_record() of a record that is not here (not even as a
 * tombstone), by its author, with its revision counters in the same
 * statement: an UPDATE of each new row after it was written cost a full
 * pull a tenth of its time. Nor is its list cleared: no row of it can be
 * there without the record (foreign keys). @parent_checked: its parent
 * was found already in this transaction (mnr_store_apply_checked() in a
 * batch), so it is not looked up twice. */
gboolean
mnr_store_write_new_record (MnrStore             *self,
                            const SyncTable      *table,
                            const MnrSyncRecord  *record,
                            gint64                server_rev,
                            gint64                synced_rev,
                            gboolean              parent_checked,
                            GError              **error)
{
  return write_record (self, table, record, record->updated_by, server_rev, synced_rev,
                       WRITE_NEW | (parent_checked ? WRITE_PARENT_CHECKED : 0), error);
}

/* Binds @text (%NULL: "") without copying it: for the upsert of
 * write_record(), whose texts (the record's, @author, the data's extra
 * members) outlive its step, after which its bindings are cleared (a
 * cached statement's). Copying each cost a pull 2 % of its time. */
static void
bind_static (sqlite3_stmt *stmt,
             int           index,
             const char   *text)
{
  sqlite3_bind_text (stmt, index, text != NULL ? text : "", -1, SQLITE_STATIC);
}

static gboolean
write_record (MnrStore             *self,
              const SyncTable      *table,
              const MnrSyncRecord  *record,
              const char           *author,
              gint64                server_rev,
              gint64                synced_rev,
              WriteFlags            flags,
              GError              **error)
{
  const char *what = _("applying a change from the server");
  g_autofree char *extra = mnr_store_data_extra (table, record);
  const MnrRecordType *type = mnr_record_type_lookup (table->type);
  g_autoptr(MnrCachedStmt) stmt = NULL;
  JsonObject *data = record->data;
  gint64 now = g_get_real_time ();

  if (is_bare_deletion (record))
    {
      g_autofree char *sql = g_strdup_printf ("UPDATE %s SET deleted_at = coalesce (deleted_at, ?2),"
                                              " updated_by = ?3 WHERE id = ?1", table->table);

      if (!(stmt = mnr_store_prepare_cached (self, sql, what, error)))
        return FALSE;
      mnr_store_bind_text (stmt, 1, record->id);
      sqlite3_bind_int64 (stmt, 2, now);
      mnr_store_bind_text (stmt, 3, author);
      return mnr_store_step_done (stmt, self->db, what, error);
    }

  /* The record this one belongs to must be here, and of its country. */
  if (type->parent != NULL)
    {
      if ((flags & WRITE_PARENT_CHECKED) == 0 && !check_record_parent (self, type, record, error))
        return FALSE;
    }
  else if (type->scope == MNR_RECORD_SCOPE_COUNTRY &&
           !mnr_store_insert_country (self, record->country, error))
    return FALSE;

  if (!(stmt = mnr_store_prepare_cached (self, table->upsert, what, error)))
    return FALSE;

  /* The fields with a column, from ?9 in the descriptor's order. */
  for (guint i = 0, n = 9; i < type->n_fields; i++)
    {
      const MnrRecordField *field = &type->fields[i];

      if (mnr_record_field_is_list (field))
        continue;  /* in the list's table, below */

      if (field->kind == MNR_FIELD_BOOLEAN)
        sqlite3_bind_int (stmt, n++, data_boolean (data, field->name));
      else if (field->kind == MNR_FIELD_SIZE)
        sqlite3_bind_int64 (stmt, n++, data_int (data, field->name));
      else if (g_strcmp0 (table->strip, field->name) == 0)
        {
          g_autofree char *stripped = g_strstrip (g_strdup (data_string (data, field->name)));

          mnr_store_bind_text (stmt, n++, stripped);
        }
      else if ((field->flags & MNR_FIELD_OPTIONAL) != 0 && !json_object_has_member (data, field->name))
        bind_static (stmt, n++, mnr_record_field_get_default (field));
      else
        bind_static (stmt, n++, data_string (data, field->name));
    }

  /* ?2 is the country where the table has one; unused elsewhere. */
  bind_static (stmt, 1, record->id);
  if (record->country != NULL && sqlite3_bind_parameter_count (stmt) >= 2)
    bind_static (stmt, 2, record->country);
  sqlite3_bind_int64 (stmt, 3, server_rev);
  sqlite3_bind_int64 (stmt, 4, synced_rev);
  sqlite3_bind_int64 (stmt, 5, now);
  bind_static (stmt, 6, author);
  if (record->deleted)
    sqlite3_bind_int64 (stmt, 7, now);
  else
    sqlite3_bind_null (stmt, 7);
  if (extra != NULL)
    bind_static (stmt, 8, extra);
  else
    sqlite3_bind_null (stmt, 8);

  if (!mnr_store_step_done (stmt, self->db, what, error))
    return FALSE;

  /* The list that belongs to the record, in a table of its own. */
  if (table->list_clear != NULL)
    {
      const MnrRecordField *list = NULL;
      g_auto(GStrv) items = NULL;
      g_autoptr(MnrCachedStmt) clear = NULL;
      g_autoptr(MnrCachedStmt) add = NULL;

      for (guint i = 0; i < type->n_fields; i++)
        if (mnr_record_field_is_list (&type->fields[i]))
          list = &type->fields[i];
      g_assert (list != NULL);

      items = data_strings (data, list->name);
      clear = mnr_store_prepare_cached (self, table->list_clear, what, error);
      add = mnr_store_prepare_cached (self, table->list_add, what, error);
      if (clear == NULL || add == NULL)
        return FALSE;

      mnr_store_bind_text (clear, 1, record->id);
      if ((flags & WRITE_NEW) == 0 && !mnr_store_step_done (clear, self->db, what, error))
        return FALSE;

      for (guint i = 0; items[i] != NULL; i++)
        {
          sqlite3_reset (add);
          mnr_store_bind_text (add, 1, record->id);
          mnr_store_bind_text (add, 2, items[i]);
          if (!mnr_store_step_done (add, self->db, what, error))
            return FALSE;
        }
    }

  return table->after_write == NULL || table->after_write (self, record, error);
}

/* A rating's level from elsewhere goes into its history too. */
gboolean
mnr_store_rating_written (MnrStore             *self,
                          const MnrSyncRecord  *record,
                          GError              **error)
{
  if (record->deleted)
    return TRUE;

  return mnr_store_keep_rating_history (self, data_string (record->data, "round"),
                                        data_string (record->data, "element"),
                                        _("applying a change from the server"), error);
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
  g_autoptr(MnrCachedStmt) stmt = mnr_store_prepare_cached (self, sql, what, error);

  if (stmt == NULL)
    return FALSE;

  mnr_store_bind_text (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, server_rev);
  return mnr_store_step_done (stmt, self->db, what, error);
}

gboolean
mnr_store_save_conflict (MnrStore             *self,
                const MnrSyncRecord  *local,
                const MnrSyncRecord  *remote,
                const MnrSyncRecord  *base,
                GError              **error)
{
  g_autofree char *local_text = mnr_store_record_to_text (local);
  g_autofree char *remote_text = mnr_store_record_to_text (remote);
  g_autofree char *base_text = base != NULL ? mnr_store_record_to_text (base) : NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = mnr_store_prepare (self->db,
                            "INSERT INTO conflicts (type, id, local, remote, detected_at, base) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
                            " ON CONFLICT (type, id) DO UPDATE SET local = excluded.local, remote = excluded.remote,"
                            " detected_at = excluded.detected_at",
                            _("saving the conflict"), error);
  if (stmt == NULL)
    return FALSE;

  mnr_store_bind_text (stmt, 1, local->type);
  mnr_store_bind_text (stmt, 2, local->id);
  mnr_store_bind_text (stmt, 3, local_text);
  mnr_store_bind_text (stmt, 4, remote_text);
  sqlite3_bind_int64 (stmt, 5, g_get_real_time ());
  if (base_text != NULL)
    mnr_store_bind_text (stmt, 6, base_text);
  else
    sqlite3_bind_null (stmt, 6);
  return mnr_store_step_done (stmt, self->db, _("saving the conflict"), error);
}

static gboolean
check_remote (const MnrSyncRecord  *remote,
              gboolean              data_checked,
              GError              **error)
{
  if (!check_incoming_full (remote, data_checked, error))
    return FALSE;

  if (remote->server_rev < 1)
    return mnr_store_invalid (error, _("The record from the server was refused: %s"), "rev: must be an integer >= 1");

  return TRUE;
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
 * - a dirty local copy whose content is that of a version it sent and has
 *   not seen confirmed (mnr_store_note_sent()): the client's own write
 *   too, whose answer was lost, edited again since; the local copy keeps
 *   its content, takes the server's rev and stays dirty
 *   (%MNR_APPLY_MERGED);
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
  g_return_val_if_fail (MNR_IS_STORE (self), MNR_APPLY_FAILED);
  g_return_val_if_fail (remote != NULL, MNR_APPLY_FAILED);

  if (!mnr_store_check_remote (remote, error))
    return MNR_APPLY_FAILED;

  return mnr_store_apply_checked (self, remote, error);
}

/**
 * mnr_store_check_remote:
 * @remote: a record from the server
 *
 * The checks mnr_store_apply_remote() makes of a record before it writes
 * anything: the protocol's rules for its type, then those of local saves.
 * They need no store, so a client may make them on another thread (a page
 * of the changes feed is checked while the previous one is applied), then
 * apply the record with mnr_store_apply_checked().
 *
 * Returns: whether @remote may be applied; if not, @error says why
 *   (%MNR_STORE_ERROR_INVALID)
 */
gboolean
mnr_store_check_remote (const MnrSyncRecord  *remote,
                        GError              **error)
{
  g_return_val_if_fail (remote != NULL, FALSE);

  return check_remote (remote, FALSE, error);
}

/**
 * mnr_store_check_from_envelope:
 * @remote: a record that mnr_sync_record_from_envelope() made, and that
 *   has not changed since
 *
 * mnr_store_check_remote() without checking the data by the protocol's
 * rules again: mnr_sync_record_from_envelope() did (checking it twice cost
 * a pull's worker thread a tenth of its time). The store's own rules are
 * checked.
 *
 * Returns: whether @remote may be applied; if not, @error says why
 *   (%MNR_STORE_ERROR_INVALID)
 */
gboolean
mnr_store_check_from_envelope (const MnrSyncRecord  *remote,
                               GError              **error)
{
  g_return_val_if_fail (remote != NULL, FALSE);

  return check_remote (remote, TRUE, error);
}

/**
 * mnr_store_apply_checked:
 * @remote: a record that mnr_store_check_remote() accepted, and that has
 *   not changed since
 *
 * mnr_store_apply_remote() without its checks, made already.
 *
 * Returns: what was done, %MNR_APPLY_FAILED with @error set
 */
MnrApplyResult
mnr_store_apply_checked (MnrStore             *self,
                         const MnrSyncRecord  *remote,
                         GError              **error)
{
  const char *what = _("applying a change from the server");
  g_autoptr(MnrSyncRecord) local = NULL;
  const SyncTable *table;
  MnrApplyResult result;
  gint64 synced_rev = 0;
  gboolean parent_checked = FALSE;

  g_return_val_if_fail (MNR_IS_STORE (self), MNR_APPLY_FAILED);
  g_return_val_if_fail (remote != NULL, MNR_APPLY_FAILED);

  if (!mnr_store_ensure_open (self, error))
    return MNR_APPLY_FAILED;

  table = mnr_store_find_sync_table (remote->type, error);
  if (table == NULL)
    return MNR_APPLY_FAILED;

  /* In a batch (a transaction that holds the write lock already), a
   * record that changes nothing is seen before its savepoint: undoing a
   * savepoint after the schema changed in the transaction (a bulk batch
   * sets the search index's triggers aside) makes SQLite reload the
   * schema and prepare every statement again, 0.4 ms a record. A
   * client's first sync after its push pulls back all it pushed. */
  if (self->batch_depth > 0)
    {
      if (!mnr_store_read_record (self, table, remote->id, &local, &synced_rev, error))
        return MNR_APPLY_FAILED;
      if (local != NULL && remote->server_rev <= local->server_rev)
        return MNR_APPLY_UNCHANGED;

      /* So is a new record whose round or evidence has not come yet (it
       * waits), or is of another country (refused). */
      if (local == NULL && !is_bare_deletion (remote))
        {
          const MnrRecordType *type = mnr_record_type_lookup (remote->type);

          if (type->parent != NULL && !check_record_parent (self, type, remote, error))
            return MNR_APPLY_FAILED;
          parent_checked = TRUE;
        }
    }

  if (!mnr_store_begin (self, what, error))
    return MNR_APPLY_FAILED;

  if (self->batch_depth == 0 &&
      !mnr_store_read_record (self, table, remote->id, &local, &synced_rev, error))
    goto fail;

  if (local != NULL && remote->server_rev <= local->server_rev)
    {
      mnr_store_rollback (self);
      return MNR_APPLY_UNCHANGED;
    }

  if (local != NULL && local->local_rev > synced_rev)
    {
      if (mnr_sync_record_same_content (local, remote))
        {
          if (!set_revs (self, table, remote->id, "server_rev = ?2, synced_rev = local_rev",
                         remote->server_rev, what, error) ||
              !mnr_store_forget_base (self, remote->type, remote->id, error))
            goto fail;
          result = MNR_APPLY_UPDATED;
        }
      else
        {
          g_autoptr(MnrSyncRecord) base = NULL;
          g_autoptr(MnrSyncRecord) merged = NULL;
          g_auto(GStrv) conflicting = NULL;
          gint64 sent_rev = 0;

          if (!mnr_store_find_sent (self, remote, synced_rev, &sent_rev, error))
            goto fail;

          if (sent_rev > 0)
            {
              /* A version this copy sent and has not seen confirmed (its
               * answer was lost), edited again since: the local copy is
               * based on it now, and still to be pushed. */
              if (!set_revs (self, table, remote->id, "server_rev = ?2", remote->server_rev, what, error) ||
                  !mnr_store_save_base (self, remote, error))
                goto fail;
              result = MNR_APPLY_MERGED;
              goto done;
            }

          if (!mnr_store_read_base (self, local, &base, error))
            goto fail;

          merged = mnr_sync_record_merge (base, local, remote, &conflicting);
          if (conflicting[0] != NULL)
            {
              if (!mnr_store_save_conflict (self, local, remote, base, error))
                goto fail;
              result = MNR_APPLY_CONFLICT;
            }
          else if (mnr_sync_record_same_content (merged, remote))
            {
              /* The local changes were the server's too. */
              if (!mnr_store_write_record (self, table, remote, remote->updated_by, error) ||
                  !set_revs (self, table, remote->id, "server_rev = ?2, synced_rev = local_rev",
                             remote->server_rev, what, error) ||
                  !mnr_store_forget_base (self, remote->type, remote->id, error))
                goto fail;
              result = MNR_APPLY_UPDATED;
            }
          else
            {
              if (!mnr_store_write_record (self, table, merged, self->author, error) ||
                  !set_revs (self, table, remote->id, "server_rev = ?2, local_rev = local_rev + 1",
                             remote->server_rev, what, error) ||
                  !mnr_store_save_base (self, remote, error))
                goto fail;
              result = MNR_APPLY_MERGED;
            }
        }
    }
  else if (local == NULL && is_bare_deletion (remote))
    result = MNR_APPLY_UPDATED;  /* a record never seen here, already gone */
  else if (local == NULL)
    {
      /* New here: clean at the server's rev (synced_rev = local_rev, 1). */
      if (!mnr_store_write_new_record (self, table, remote, remote->server_rev, 1, parent_checked, error) ||
          !mnr_store_forget_base (self, remote->type, remote->id, error))
        goto fail;
      result = MNR_APPLY_UPDATED;
    }
  else
    {
      if (!mnr_store_write_record (self, table, remote, remote->updated_by, error) ||
          !set_revs (self, table, remote->id, "server_rev = ?2, synced_rev = local_rev",
                     remote->server_rev, what, error) ||
          !mnr_store_forget_base (self, remote->type, remote->id, error))
        goto fail;
      result = MNR_APPLY_UPDATED;
    }

done:
  mnr_store_note_change (self, remote->type, remote->id, TRUE);
  if (!mnr_store_commit (self, what, error))
    return MNR_APPLY_FAILED;

  return result;

fail:
  mnr_store_rollback (self);
  return MNR_APPLY_FAILED;
}

MnrSyncRecord *
mnr_store_parse_stored (const char  *text,
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
  g_autoptr(MnrCachedStmt) stmt = NULL;

  g_return_val_if_fail (MNR_IS_STORE (self), FALSE);
  g_return_val_if_fail (remote != NULL, FALSE);

  if (!mnr_store_ensure_open (self, error) || !check_incoming (remote, error))
    return FALSE;

  text = mnr_store_record_to_text (remote);
  stmt = mnr_store_prepare_cached (self,
                                   "INSERT INTO sync_waiting (type, id, rev, record) VALUES (?1, ?2, ?3, ?4)"
                                   " ON CONFLICT (type, id) DO UPDATE SET rev = excluded.rev, record = excluded.record"
                                   " WHERE excluded.rev > sync_waiting.rev",
                                   what, error);
  if (stmt == NULL)
    return FALSE;

  mnr_store_bind_text (stmt, 1, remote->type);
  mnr_store_bind_text (stmt, 2, remote->id);
  sqlite3_bind_int64 (stmt, 3, remote->server_rev);
  mnr_store_bind_text (stmt, 4, text);
  return mnr_store_step_done (stmt, self->db, what, error);
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

  if (!mnr_store_ensure_open (self, error))
    return -1;

  while (progress)
    {
      g_autoptr(sqlite3_stmt) list = mnr_store_prepare (self->db, "SELECT type, id, record FROM sync_waiting ORDER BY rowid",
                                                        what, error);
      g_autoptr(sqlite3_stmt) drop = mnr_store_prepare (self->db, "DELETE FROM sync_waiting WHERE type = ?1 AND id = ?2",
                                                        what, error);
      g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify)mnr_sync_record_free);
      int rc;

      if (list == NULL || drop == NULL)
        return -1;

      /* An unreadable row becomes an empty record, which the store
       * refuses below like any invalid one. */
      while ((rc = sqlite3_step (list)) == SQLITE_ROW)
        {
          MnrSyncRecord *record = mnr_store_parse_stored (mnr_store_column_text (list, 2), NULL);

          g_ptr_array_add (records, record != NULL ? record
                                                   : mnr_sync_record_new (mnr_store_column_text (list, 0), mnr_store_column_text (list, 1)));
        }
      if (rc != SQLITE_DONE)
        {
          mnr_store_sqlite_error (error, self->db, rc, what);
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
          mnr_store_bind_text (drop, 1, record->type);
          mnr_store_bind_text (drop, 2, record->id);
          if (!mnr_store_step_done (drop, self->db, what, error))
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

  if (!mnr_store_ensure_open (self, error) ||
      !(stmt = mnr_store_prepare (self->db,
                                  "SELECT type, id, local, remote, detected_at, base FROM conflicts ORDER BY detected_at, type, id",
                                  _("reading the conflicts"), error)))
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(MnrSyncConflict) conflict = g_new0 (MnrSyncConflict, 1);
      g_autoptr(GError) local_error = NULL;

      conflict->type = mnr_store_column_dup (stmt, 0);
      conflict->id = mnr_store_column_dup (stmt, 1);
      conflict->local = mnr_store_parse_stored (mnr_store_column_text (stmt, 2), &local_error);
      if (conflict->local != NULL)
        conflict->remote = mnr_store_parse_stored (mnr_store_column_text (stmt, 3), &local_error);
      conflict->detected_at = sqlite3_column_int64 (stmt, 4);
      if (conflict->remote != NULL && sqlite3_column_type (stmt, 5) != SQLITE_NULL &&
          !(conflict->base = mnr_store_parse_stored (mnr_store_column_text (stmt, 5), &local_error)))
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
      mnr_store_sqlite_error (error, self->db, rc, _("reading the conflicts"));
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

  if (!mnr_store_ensure_open (self, error) || !(table = mnr_store_find_sync_table (type, error)))
    return FALSE;

  if (g_strcmp0 (chosen->type, type) != 0 || g_strcmp0 (chosen->id, id) != 0)
    return mnr_store_invalid (error, _("The chosen version is not of the record in conflict."));

  if (!check_incoming (chosen, error) || !mnr_store_begin (self, what, error))
    return FALSE;

  find = mnr_store_prepare (self->db, "SELECT remote FROM conflicts WHERE type = ?1 AND id = ?2", what, error);
  drop = mnr_store_prepare (self->db, "DELETE FROM conflicts WHERE type = ?1 AND id = ?2", what, error);
  if (find == NULL || drop == NULL)
    goto fail;

  mnr_store_bind_text (find, 1, type);
  mnr_store_bind_text (find, 2, id);
  rc = sqlite3_step (find);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_NOT_FOUND, _("There is no such conflict."));
      goto fail;
    }
  if (rc != SQLITE_ROW)
    {
      mnr_store_sqlite_error (error, self->db, rc, what);
      goto fail;
    }

  if (!(remote = mnr_store_parse_stored (mnr_store_column_text (find, 0), error)) ||
      !mnr_store_read_record (self, table, id, &local, NULL, error))
    goto fail;

  if (local == NULL && is_bare_deletion (chosen))
    ;  /* nothing here to mark */
  else if (mnr_sync_record_same_content (chosen, remote))
    {
      /* The server's version: in step with the server, nothing to push. */
      if (!mnr_store_write_record (self, table, remote, remote->updated_by, error) ||
          !set_revs (self, table, id, "server_rev = ?2, synced_rev = local_rev",
                     remote->server_rev, what, error) ||
          !mnr_store_forget_base (self, type, id, error))
        goto fail;
    }
  else if (!mnr_store_write_record (self, table, chosen, self->author, error) ||
           !set_revs (self, table, id, "server_rev = ?2, local_rev = local_rev + 1",
                      remote->server_rev, what, error) ||
           !mnr_store_save_base (self, remote, error))
    goto fail;

  mnr_store_bind_text (drop, 1, type);
  mnr_store_bind_text (drop, 2, id);
  if (!mnr_store_step_done (drop, self->db, what, error))
    goto fail;

  mnr_store_note_change (self, type, id, FALSE);
  return mnr_store_commit (self, what, error);

fail:
  mnr_store_rollback (self);
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
      !(stmt = mnr_store_prepare (self->db, "SELECT value FROM sync_state WHERE key = ?1", _("reading the sync settings"), NULL)))
    return NULL;

  mnr_store_bind_text (stmt, 1, key);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;

  return mnr_store_column_dup (stmt, 0);
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

  if (!mnr_store_ensure_open (self, error) ||
      !(stmt = mnr_store_prepare (self->db,
                                  value != NULL
                                    ? "INSERT INTO sync_state (key, value) VALUES (?1, ?2)"
                                      " ON CONFLICT (key) DO UPDATE SET value = excluded.value"
                                    : "DELETE FROM sync_state WHERE key = ?1",
                                  _("saving the sync settings"), error)))
    return FALSE;

  mnr_store_bind_text (stmt, 1, key);
  if (value != NULL)
    mnr_store_bind_text (stmt, 2, value);
  return mnr_store_step_done (stmt, self->db, _("saving the sync settings"), error);
}
