/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-server-store"

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "mnr-record-type.h"
#include "mnr-server-store-private.h"

/* MnrServerStore: who may read each record (docs/sync-protocol.md,
 * section 3.5), worked out once, on write, and kept in the record's row:
 *
 * - groups: the groups the record is shared with: a round's own
 *   `shared_with` (the field flagged MNR_FIELD_SHARES), or for a record
 *   that belongs to another (a rating to its round) that one's;
 * - restricted: the evidence's `restricted` (MNR_FIELD_RESTRICTS), or
 *   its evidence's for an attachment. A record whose parent has not come
 *   yet is restricted if its parent's type can be, and shared with no one:
 *   it opens up when the parent comes;
 * - withheld_groups, withheld_readers: who could read it once and may no
 *   longer (a group it was unshared from; the country's readers, for
 *   evidence made restricted), so that the feed tells them to drop their
 *   copy without telling anyone else that the record exists.
 *
 * When a record's audience changes, the records whose audience follows it
 * take new seqs in the same transaction; so does everything shared with a
 * group whose record is written (its members may have changed). */

static GStrv
strv_copy (const char * const *strv)
{
  return g_strdupv ((char **) (strv != NULL ? strv : (const char * const[]) { NULL }));
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The group ids of @array, sorted, each once; a list the sync record
 * checks already let through only with valid ids. */
static GStrv
sorted_ids (JsonArray *array)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      const char *id = JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
                       ? json_node_get_string (node) : NULL;

      if (id != NULL && mnr_record_type_is_group_id (id) &&
          !g_ptr_array_find_with_equal_func (ids, id, g_str_equal, NULL))
        g_ptr_array_add (ids, g_strdup (id));
    }

  g_ptr_array_sort (ids, compare_strings);
  g_ptr_array_add (ids, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&ids), FALSE);
}

/* (@withheld ∪ (@before − @after)) − @after */
static GStrv
withheld_after (const char * const *withheld,
                const char * const *before,
                const char * const *after)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  const char * const *sources[] = { withheld, before };

  for (guint s = 0; s < G_N_ELEMENTS (sources); s++)
    for (guint i = 0; sources[s] != NULL && sources[s][i] != NULL; i++)
      if (!g_strv_contains (after, sources[s][i]) &&
          !g_ptr_array_find_with_equal_func (ids, sources[s][i], g_str_equal, NULL))
        g_ptr_array_add (ids, g_strdup (sources[s][i]));

  g_ptr_array_sort (ids, compare_strings);
  g_ptr_array_add (ids, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&ids), FALSE);
}

/* Who lost sight of @record since @current (NULL: nobody). */
static void
set_withheld (MnrServerRecord       *record,
              const MnrServerRecord *current)
{
  g_clear_pointer (&record->withheld_groups, g_strfreev);

  if (current == NULL)
    {
      record->withheld_groups = strv_copy (NULL);
      record->withheld_readers = FALSE;
      return;
    }

  record->withheld_groups = withheld_after ((const char * const *) current->withheld_groups,
                                            (const char * const *) current->groups,
                                            (const char * const *) record->groups);
  record->withheld_readers = record->restricted &&
                             (current->withheld_readers || !current->restricted);
}

static const char *
data_string (JsonObject *data,
             const char *name)
{
  JsonNode *node = data != NULL && name != NULL ? json_object_get_member (data, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/**
 * mnr_server_store_set_audience:
 * @current: (nullable): the version stored now, whose audience a
 *   deletion without data keeps
 *
 * Fills in @record's parent, blob and audience from its data and, for a
 * record that belongs to another, from that one's row.
 */
gboolean
mnr_server_store_set_audience (MnrServerStore         *self,
                               MnrServerRecord        *record,
                               const MnrServerRecord  *current,
                               GError                **error)
{
  const MnrRecordType *type = mnr_record_type_lookup (record->type);
  g_autoptr(JsonNode) root = record->data == NULL && record->data_json != NULL
                              ? json_from_string (record->data_json, NULL) : NULL;
  JsonObject *data = record->data != NULL ? record->data :
                     root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  const char *parent, *blob;

  g_return_val_if_fail (type != NULL, FALSE);

  g_clear_pointer (&record->parent, g_free);
  g_clear_pointer (&record->blob, g_free);
  g_clear_pointer (&record->groups, g_strfreev);

  parent = data_string (data, type->parent);
  blob = data_string (data, type->blob);
  record->parent = g_strdup (parent != NULL ? parent : current != NULL ? current->parent : NULL);
  record->blob = g_strdup (blob != NULL ? blob : current != NULL ? current->blob : NULL);

  if (type->parent != NULL)
    {
      const MnrRecordField *field = mnr_record_type_get_field (type, type->parent);
      g_autoptr(MnrServerRecord) owner = NULL;

      if (record->parent != NULL &&
          !mnr_server_store_get (self, field->reference, record->parent, &owner, error))
        return FALSE;

      if (owner != NULL)
        {
          record->groups = strv_copy ((const char * const *) owner->groups);
          record->restricted = owner->restricted;
        }
      else
        {
          const MnrRecordType *owner_type = mnr_record_type_lookup (field->reference);

          record->groups = strv_copy (NULL);
          record->restricted = mnr_record_type_find_flagged (owner_type, MNR_FIELD_RESTRICTS) != NULL;
        }
    }
  else
    {
      const MnrRecordField *shares = mnr_record_type_find_flagged (type, MNR_FIELD_SHARES);
      const MnrRecordField *restricts = mnr_record_type_find_flagged (type, MNR_FIELD_RESTRICTS);
      JsonNode *node;

      node = shares != NULL && data != NULL ? json_object_get_member (data, shares->name) : NULL;
      if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
        record->groups = sorted_ids (json_node_get_array (node));
      else if (node == NULL && record->deleted && current != NULL)
        record->groups = strv_copy ((const char * const *) current->groups);
      else
        record->groups = strv_copy (NULL);

      node = restricts != NULL && data != NULL ? json_object_get_member (data, restricts->name) : NULL;
      if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
        record->restricted = json_node_get_boolean (node);
      else if (node == NULL && record->deleted && current != NULL)
        record->restricted = current->restricted;
      else
        record->restricted = FALSE;
    }

  set_withheld (record, current);
  return TRUE;
}

static gboolean
same_audience (const MnrServerRecord *a,
               const MnrServerRecord *b)
{
  return a->restricted == b->restricted &&
         g_strv_equal ((const char * const *) a->groups, (const char * const *) b->groups);
}

#define UPDATE_AUDIENCE_SQL \
  "UPDATE records SET parent = ?3, blob = ?4, groups = ?5, restricted = ?6," \
  " withheld_groups = ?7, withheld_readers = ?8," \
  " seq = CASE WHEN ?9 > 0 THEN ?9 ELSE seq END" \
  " WHERE type = ?1 AND id = ?2"

/* Writes @record's audience, and @seq if it is not 0. */
static gboolean
update_audience (MnrServerStore         *self,
                 const MnrServerRecord  *record,
                 gint64                  seq,
                 GError                **error)
{
  g_autofree char *groups = g_strjoinv (" ", record->groups);
  g_autofree char *withheld = g_strjoinv (" ", record->withheld_groups);
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = mnr_server_store_prepare (self, UPDATE_AUDIENCE_SQL, &stmt);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, record->type, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, record->id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, record->parent, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 4, record->blob, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 5, groups, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (stmt, 6, record->restricted ? 1 : 0);
      sqlite3_bind_text (stmt, 7, withheld, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (stmt, 8, record->withheld_readers ? 1 : 0);
      sqlite3_bind_int64 (stmt, 9, seq);
      rc = sqlite3_step (stmt);
    }
  mnr_server_store_done (self, UPDATE_AUDIENCE_SQL, stmt);

  if (rc != SQLITE_DONE)
    return mnr_server_store_sqlite_error (error, self->db, rc, "saving who may read a record");
  return TRUE;
}

/* The rows of @sql (a literal or an interned string: its statement is
 * kept), with ?1 bound to @value. */
static GPtrArray *
select_records (MnrServerStore  *self,
                const char      *sql,
                const char      *value,
                GError         **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) mnr_server_record_free);
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = mnr_server_store_prepare (self, sql, &stmt);
  if (rc == SQLITE_OK)
    {
      if (value != NULL)
        sqlite3_bind_text (stmt, 1, value, -1, SQLITE_TRANSIENT);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_ptr_array_add (records, mnr_server_record_from_row (stmt));
    }
  mnr_server_store_done (self, sql, stmt);

  if (rc != SQLITE_DONE)
    {
      mnr_server_store_sqlite_error (error, self->db, rc, "reading who may read a record");
      return NULL;
    }
  return g_steal_pointer (&records);
}

/* Gives the records that belong to @owner its audience, each changed one
 * with a new seq, and so on down. */
static gboolean
pass_to_children (MnrServerStore         *self,
                  const MnrServerRecord  *owner,
                  gint64                 *next_seq,
                  GError                **error)
{
  const MnrRecordType * const *types = mnr_record_types ();

  for (guint t = 0; types[t] != NULL; t++)
    {
      const MnrRecordField *field = types[t]->parent != NULL
                                    ? mnr_record_type_get_field (types[t], types[t]->parent) : NULL;
      g_autoptr(GPtrArray) children = NULL;
      g_autofree char *sql = NULL;

      if (field == NULL || g_strcmp0 (field->reference, owner->type) != 0)
        continue;

      sql = g_strdup_printf ("SELECT " MNR_SERVER_RECORD_COLUMNS " FROM records"
                             " WHERE type = '%s' AND parent = ?1", types[t]->name);
      if (!(children = select_records (self, g_intern_string (sql), owner->id, error)))
        return FALSE;

      for (guint i = 0; i < children->len; i++)
        {
          MnrServerRecord *child = children->pdata[i];
          g_autoptr(MnrServerRecord) before = NULL;

          if (same_audience (child, owner))
            continue;

          before = g_new0 (MnrServerRecord, 1);
          before->groups = g_steal_pointer (&child->groups);
          before->restricted = child->restricted;
          before->withheld_groups = g_steal_pointer (&child->withheld_groups);
          before->withheld_readers = child->withheld_readers;

          child->groups = strv_copy ((const char * const *) owner->groups);
          child->restricted = owner->restricted;
          set_withheld (child, before);

          if (!update_audience (self, child, (*next_seq)++, error) ||
              !pass_to_children (self, child, next_seq, error))
            return FALSE;
        }
    }

  return TRUE;
}

/**
 * mnr_server_store_pass_audience:
 * @record: just written, with its audience
 * @current: (nullable): the version it replaced
 * @next_seq: (inout): the seq the next change takes
 *
 * In @record's write transaction: a changed audience goes to the records
 * that belong to it; a group written brings the records shared with it
 * to the feed again, for members it may have gained.
 */
gboolean
mnr_server_store_pass_audience (MnrServerStore         *self,
                                const MnrServerRecord  *record,
                                const MnrServerRecord  *current,
                                gint64                 *next_seq,
                                GError                **error)
{
  const MnrRecordType *type = mnr_record_type_lookup (record->type);

  if (current == NULL || !same_audience (record, current))
    if (!pass_to_children (self, record, next_seq, error))
      return FALSE;

  if (type->scope == MNR_RECORD_SCOPE_SHARED)
    {
      g_autoptr(GPtrArray) shared = NULL;

      shared = select_records (self,
                               "SELECT " MNR_SERVER_RECORD_COLUMNS " FROM records"
                               " WHERE instr (' ' || groups || ' ', ' ' || ?1 || ' ') > 0",
                               record->id, error);
      if (shared == NULL)
        return FALSE;
      for (guint i = 0; i < shared->len; i++)
        if (!update_audience (self, shared->pdata[i], (*next_seq)++, error))
          return FALSE;
    }

  return TRUE;
}

/**
 * mnr_server_store_add_audience:
 *
 * In a transaction: gives the records of a database written before
 * audiences existed theirs (a type's parents first), keeping their seqs:
 * every token could read every record then, so nothing is withheld.
 */
gboolean
mnr_server_store_add_audience (MnrServerStore  *self,
                               GError         **error)
{
  const MnrRecordType * const *types = mnr_record_types ();
  int rc;

  rc = sqlite3_exec (self->db,
                     "ALTER TABLE records ADD COLUMN parent TEXT;"
                     "ALTER TABLE records ADD COLUMN blob TEXT;"
                     "ALTER TABLE records ADD COLUMN groups TEXT NOT NULL DEFAULT '';"
                     "ALTER TABLE records ADD COLUMN restricted INTEGER NOT NULL DEFAULT 0;"
                     "ALTER TABLE records ADD COLUMN withheld_groups TEXT NOT NULL DEFAULT '';"
                     "ALTER TABLE records ADD COLUMN withheld_readers INTEGER NOT NULL DEFAULT 0;"
                     "CREATE INDEX records_parent ON records (type, parent);"
                     "CREATE INDEX records_blob ON records (blob);",
                     NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    return mnr_server_store_sqlite_error (error, self->db, rc, "adding who may read each record");

  for (guint t = 0; types[t] != NULL; t++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT " MNR_SERVER_RECORD_COLUMNS " FROM records"
                                              " WHERE type = '%s' ORDER BY seq", types[t]->name);
      g_autoptr(GPtrArray) records = select_records (self, sql, NULL, error);

      if (records == NULL)
        return FALSE;
      for (guint i = 0; i < records->len; i++)
        if (!mnr_server_store_set_audience (self, records->pdata[i], NULL, error) ||
            !update_audience (self, records->pdata[i], 0, error))
          return FALSE;
    }

  return TRUE;
}

/**
 * mnr_server_store_group_members:
 *
 * Returns: (transfer full) (element-type utf8 GStrv): the members of each
 *   group record that is not deleted, by its id
 */
GHashTable *
mnr_server_store_group_members (MnrServerStore  *self,
                                GError         **error)
{
  g_autoptr(GHashTable) members = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         (GDestroyNotify) g_strfreev);
  const MnrRecordType *type = mnr_record_type_lookup ("group");
  const MnrRecordField *list = NULL;
  g_autoptr(GPtrArray) groups = NULL;

  g_return_val_if_fail (MNR_IS_SERVER_STORE (self), NULL);

  if (!(self = mnr_server_store_for_thread (self, error)))
    return NULL;
  for (guint i = 0; i < type->n_fields; i++)
    if (type->fields[i].kind == MNR_FIELD_COUNTRY_LIST)
      list = &type->fields[i];

  groups = select_records (self, "SELECT " MNR_SERVER_RECORD_COLUMNS " FROM records"
                                 " WHERE type = 'group' AND deleted = 0", NULL, error);
  if (groups == NULL)
    return NULL;

  for (guint i = 0; i < groups->len; i++)
    {
      MnrServerRecord *group = groups->pdata[i];
      g_autoptr(JsonNode) root = json_from_string (group->data_json, NULL);
      JsonObject *data = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
      JsonNode *node = data != NULL ? json_object_get_member (data, list->name) : NULL;
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

      for (guint j = 0; node != NULL && JSON_NODE_HOLDS_ARRAY (node) &&
                        j < json_array_get_length (json_node_get_array (node)); j++)
        {
          JsonNode *element = json_array_get_element (json_node_get_array (node), j);

          if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
            g_strv_builder_add (builder, json_node_get_string (element));
        }

      g_hash_table_insert (members, g_strdup (group->id), g_strv_builder_end (builder));
    }

  return g_steal_pointer (&members);
}
