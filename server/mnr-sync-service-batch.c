/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-sync-service"

#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "mnr-ids.h"
#include "mnr-record-type.h"
#include "mnr-sync-record.h"
#include "mnr-sync-service-private.h"

/* Record writes: the decision every write of one record goes through,
 * whether it came alone (PUT records/<type>/<id>) or in a batch, and the
 * batch endpoint, POST /mnr/v1/batch (docs/sync-protocol.md, section
 * 5.9).
 *
 * A batch is one SQLite transaction: each record is a savepoint of it,
 * applied or undone alone (mnr_server_store_write() inside
 * mnr_server_store_begin_batch()), and the batch is committed once, so
 * that its records share one fsync. Results are sent only after that
 * commit: a rev or seq in an answer is always durable. */

void
mnr_write_outcome_clear (MnrWriteOutcome *outcome)
{
  g_clear_pointer (&outcome->detail, g_free);
  g_clear_pointer (&outcome->record, mnr_server_record_free);
}

void
mnr_write_outcome_audit_entry (const MnrWriteOutcome *outcome,
                               const MnrTokenEntry   *token,
                               MnrAuditEntry         *entry)
{
  entry->label = token->label;
  entry->action = outcome->record->deleted ? "delete"
                  : outcome->status == SOUP_STATUS_CREATED ? "create" : "update";
  entry->type = outcome->record->type;
  entry->id = outcome->record->id;
  entry->rev = outcome->record->rev;
  entry->seq = outcome->record->seq;
}

static gboolean
refuse (MnrWriteOutcome *outcome,
        guint            status,
        const char      *slug,
        char            *detail)
{
  outcome->status = status;
  outcome->slug = slug;
  outcome->detail = detail;
  return TRUE;
}

/* A record's data as the store keeps it: compact JSON text. */
static char *
data_to_json (JsonObject *data)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), data);

  return json_to_string (node, FALSE);
}

/**
 * mnr_sync_service_write:
 * @if_match_tag: (nullable): the `If-Match` tag as sent ("\"3\""), or
 *   %NULL for a create (`If-None-Match: *`)
 * @body: the write body (section 4.3), parsed but not checked
 *
 * Checks and writes one record: the record is valid (422), the token may
 * write its new country and the stored record's (403), the precondition
 * holds against the stored record (412 with it, or 404), then the write.
 * In a batch (mnr_server_store_begin_batch()), the write is a savepoint.
 *
 * Returns: %FALSE with @error only for a failure of the server itself;
 *   any other outcome, refusals included, is in @outcome
 */
gboolean
mnr_sync_service_write (MnrSyncService      *self,
                        const MnrTokenEntry *entry,
                        const char          *type,
                        const char          *id,
                        const char          *if_match_tag,
                        JsonNode            *body,
                        MnrWriteOutcome     *outcome,
                        GError             **error)
{
  g_autoptr(MnrSyncRecord) input = NULL;
  g_autoptr(MnrServerRecord) current = NULL;
  g_autoptr(MnrServerRecord) record = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *data_json = NULL;
  gint64 expected_rev;
  gboolean conflict = FALSE;

  memset (outcome, 0, sizeof *outcome);

  input = mnr_sync_record_from_json (type, id, body, &local_error);
  if (input == NULL)
    return refuse (outcome, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid-record",
                   g_strdup (local_error->message));

  /* A single write's body is within the limit already; a batch's
   * records are held to it one by one. */
  data_json = data_to_json (input->data);
  if (strlen (data_json) > MNR_SYNC_MAX_RECORD_BYTES)
    return refuse (outcome, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "payload-too-large",
                   g_strdup_printf ("a record's data may have at most %d bytes",
                                    MNR_SYNC_MAX_RECORD_BYTES));

  if (!mnr_token_entry_may_write (entry, type, input->country))
    {
      if (mnr_record_type_lookup (type)->scope == MNR_RECORD_SCOPE_SHARED)
        return refuse (outcome, SOUP_STATUS_FORBIDDEN, "forbidden",
                       g_strdup_printf ("only the secretariat may write records of type %s", type));
      return refuse (outcome, SOUP_STATUS_FORBIDDEN, "forbidden",
                     g_strdup_printf ("this token may not write records of %s", input->country));
    }

  if (!mnr_server_store_get (self->store, type, id, &current, error))
    return FALSE;

  if (current != NULL && !mnr_token_entry_may_write (entry, type, current->country))
    return refuse (outcome, SOUP_STATUS_FORBIDDEN, "forbidden",
                   g_strdup_printf ("this token may not change records of %s", current->country));

  if (if_match_tag != NULL)
    {
      g_autofree char *current_tag = NULL;

      if (current == NULL)
        return refuse (outcome, SOUP_STATUS_NOT_FOUND, "not-found",
                       g_strdup ("no such record to update; use If-None-Match: * to create it"));
      current_tag = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", current->rev);
      if (!g_str_equal (if_match_tag, current_tag))
        {
          outcome->record = g_steal_pointer (&current);
          return refuse (outcome, SOUP_STATUS_PRECONDITION_FAILED, "precondition-failed",
                         g_strdup ("the record has changed on the server"));
        }
      expected_rev = current->rev;
    }
  else
    {
      if (current != NULL)
        {
          outcome->record = g_steal_pointer (&current);
          return refuse (outcome, SOUP_STATUS_PRECONDITION_FAILED, "precondition-failed",
                         g_strdup ("the record already exists"));
        }
      expected_rev = 0;
    }

  record = g_new0 (MnrServerRecord, 1);
  record->type = g_strdup (type);
  record->id = g_strdup (id);
  record->country = g_steal_pointer (&input->country);
  record->deleted = input->deleted;
  record->data_json = g_steal_pointer (&data_json);
  record->data = json_object_ref (input->data);
  record->updated_by = g_steal_pointer (&input->updated_by);

  if (!mnr_server_store_write (self->store, record, expected_rev, &conflict, error))
    return FALSE;

  if (conflict)
    {
      g_clear_pointer (&current, mnr_server_record_free);
      if (!mnr_server_store_get (self->store, type, id, &current, error))
        return FALSE;
      if (current == NULL)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "record vanished");
          return FALSE;
        }
      outcome->record = g_steal_pointer (&current);
      return refuse (outcome, SOUP_STATUS_PRECONDITION_FAILED, "precondition-failed",
                     g_strdup ("the record has changed on the server"));
    }

  outcome->status = expected_rev == 0 ? SOUP_STATUS_CREATED : SOUP_STATUS_OK;
  outcome->record = g_steal_pointer (&record);
  return TRUE;
}

/* --- the batch endpoint ------------------------------------------------- */

/* The discovery document's word on batches (section 2.2): their limits,
 * whose presence says that this server takes them. */
void
mnr_sync_service_add_batch_limits (JsonBuilder *builder)
{
  json_builder_set_member_name (builder, "batch_records");
  json_builder_add_int_value (builder, MNR_SYNC_MAX_BATCH_RECORDS);
  json_builder_set_member_name (builder, "batch_bytes");
  json_builder_add_int_value (builder, MNR_SYNC_MAX_BATCH_BYTES);
}

/* The precondition of one write of a batch: exactly one of
 * "if_none_match": "*" (a create; *@tag NULL) and "if_match": <rev ≥ 1>
 * (an update; *@tag its tag, as If-Match would carry it). */
static gboolean
read_item_precondition (JsonObject  *item,
                        char       **tag)
{
  JsonNode *if_match = json_object_get_member (item, "if_match");
  JsonNode *if_none_match = json_object_get_member (item, "if_none_match");

  *tag = NULL;

  if ((if_match == NULL) == (if_none_match == NULL))
    return FALSE;

  if (if_none_match != NULL)
    return JSON_NODE_HOLDS_VALUE (if_none_match) &&
           json_node_get_value_type (if_none_match) == G_TYPE_STRING &&
           g_str_equal (json_node_get_string (if_none_match), "*");

  if (!JSON_NODE_HOLDS_VALUE (if_match) || json_node_get_value_type (if_match) != G_TYPE_INT64 ||
      json_node_get_int (if_match) < 1)
    return FALSE;

  *tag = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", json_node_get_int (if_match));
  return TRUE;
}

/* A string member of @item if it is one, else NULL. */
static const char *
item_string (JsonObject *item,
             const char *name)
{
  JsonNode *node = json_object_get_member (item, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* Checks and writes the @index-th write of a batch, as a PUT of it alone
 * would be checked (section 5.2, steps 1, 7, 9 and 10). */
static gboolean
write_item (MnrSyncService      *self,
            const MnrTokenEntry *entry,
            JsonNode            *node,
            guint                index,
            const char         **type,
            const char         **id,
            MnrWriteOutcome     *outcome,
            GError             **error)
{
  g_autofree char *tag = NULL;
  JsonObject *item;

  memset (outcome, 0, sizeof *outcome);
  *type = *id = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return refuse (outcome, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid-batch",
                   g_strdup_printf ("writes[%u]: not an object", index));

  item = json_node_get_object (node);
  *type = item_string (item, "type");
  *id = item_string (item, "id");

  if (*type == NULL)
    return refuse (outcome, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid-batch",
                   g_strdup_printf ("writes[%u].type: must be a string", index));
  if (!g_strv_contains ((const char * const *) self->types, *type))
    {
      g_autofree char *known = g_strjoinv (", ", self->types);

      return refuse (outcome, SOUP_STATUS_NOT_FOUND, "unknown-type",
                     g_strdup_printf ("this server does not know records of type \"%.64s\"; it knows %s",
                                      *type, known));
    }
  if (*id == NULL || !mnr_id_is_uuid (*id))
    return refuse (outcome, SOUP_STATUS_BAD_REQUEST, "invalid-id",
                   g_strdup_printf ("writes[%u].id: a record id is a lower-case UUID", index));

  if (!read_item_precondition (item, &tag))
    return refuse (outcome, 428, "precondition-required",
                   g_strdup_printf ("writes[%u]: give \"if_none_match\": \"*\" to create or "
                                    "\"if_match\": <rev> to update, one of them", index));

  return mnr_sync_service_write (self, entry, *type, *id, tag,
                                 json_object_get_member (item, "body"), outcome, error);
}

/* One element of "results". A 412's current copy is sent while the
 * copies sent so far (@current_bytes) stay within the batch limit, so
 * that the answer stays bounded; past it the client reads or writes that
 * record alone. */
static void
add_result (JsonBuilder           *builder,
            const char            *type,
            const char            *id,
            const MnrWriteOutcome *outcome,
            gsize                 *current_bytes)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  if (type != NULL && strlen (type) <= 64)
    json_builder_add_string_value (builder, type);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "id");
  if (id != NULL && mnr_id_is_uuid (id))
    json_builder_add_string_value (builder, id);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_int_value (builder, outcome->status);

  if (outcome->slug == NULL)
    {
      /* What the server gave the record; the rest is what was sent. */
      json_builder_set_member_name (builder, "rev");
      json_builder_add_int_value (builder, outcome->record->rev);
      json_builder_set_member_name (builder, "seq");
      json_builder_add_int_value (builder, outcome->record->seq);
      json_builder_set_member_name (builder, "updated_at");
      json_builder_add_string_value (builder, outcome->record->updated_at);
    }
  else
    {
      g_autoptr(JsonNode) current = NULL;

      if (outcome->record != NULL &&
          *current_bytes + strlen (outcome->record->data_json) <= MNR_SYNC_MAX_BATCH_BYTES)
        {
          *current_bytes += strlen (outcome->record->data_json);
          current = record_to_node (outcome->record);
        }
      json_builder_set_member_name (builder, "problem");
      json_builder_add_value (builder, mnr_sync_service_problem_node (outcome->status, outcome->slug,
                                                                      outcome->detail, current));
    }
  json_builder_end_object (builder);
}

/* The "writes" of a batch body, or NULL after answering. */
static JsonArray *
read_writes (MnrSyncRequest *msg,
             JsonNode       *root)
{
  JsonNode *writes = JSON_NODE_HOLDS_OBJECT (root)
                       ? json_object_get_member (json_node_get_object (root), "writes") : NULL;
  guint n;

  if (writes == NULL || !JSON_NODE_HOLDS_ARRAY (writes))
    {
      reply_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid-batch",
                     "the body must be an object whose \"writes\" is an array", NULL);
      return NULL;
    }

  n = json_array_get_length (json_node_get_array (writes));
  if (n > MNR_SYNC_MAX_BATCH_RECORDS)
    {
      g_autofree char *detail = g_strdup_printf ("a batch may hold at most %d writes; this one has %u",
                                                 MNR_SYNC_MAX_BATCH_RECORDS, n);

      reply_problem (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "payload-too-large", detail, NULL);
      return NULL;
    }

  return json_node_get_array (writes);
}

/* POST /mnr/v1/batch: checked as a record PUT is up to its body (section
 * 5.2, steps 2 to 6 and 9), then each write on its own, in order. */
void
mnr_sync_service_handle_batch (MnrSyncService    *self,
                               MnrSyncRequest    *msg)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  const MnrTokenEntry *entry;
  JsonArray *writes;
  gsize current_bytes = 0;
  g_autoptr(GArray) accepted = g_array_new (FALSE, FALSE, sizeof (MnrAuditEntry));

  if (g_strcmp0 (mnr_sync_request_get_method (msg), SOUP_METHOD_POST) != 0)
    {
      reply_method_not_allowed (msg, "POST");
      return;
    }

  entry = authenticate (self, msg);
  if (entry == NULL)
    return;

  if (entry->role == MNR_ROLE_READER)
    {
      reply_problem (msg, SOUP_STATUS_FORBIDDEN, "forbidden", "a reader may not write", NULL);
      return;
    }

  if (!has_content_type (msg, "application/json"))
    return;

  body = get_body (msg, MNR_SYNC_MAX_BATCH_BYTES);
  if (body == NULL)
    return;

  root = parse_json_body (msg, body);
  if (root == NULL)
    return;

  writes = read_writes (msg, root);
  if (writes == NULL)
    return;

  if (!mnr_server_store_begin_batch (self->store, &error))
    {
      reply_internal_error (msg, error);
      return;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "results");
  json_builder_begin_array (builder);
  for (guint i = 0; i < json_array_get_length (writes); i++)
    {
      g_auto(MnrWriteOutcome) outcome = { 0, };
      const char *type, *id;

      /* A failure of the server itself undoes the whole batch: its
       * answer is a 500, and nothing of it is stored. */
      if (!write_item (self, entry, json_array_get_element (writes, i), i, &type, &id,
                       &outcome, &error))
        {
          mnr_server_store_end_batch (self->store, FALSE, NULL);
          reply_internal_error (msg, error);
          return;
        }
      add_result (builder, type, id, &outcome, &current_bytes);
      if (outcome.slug == NULL)
        {
          MnrAuditEntry audit_entry;

          /* Its record goes with the outcome: its type and id are the
           * body's, which stays, and its numbers are copied. */
          mnr_write_outcome_audit_entry (&outcome, entry, &audit_entry);
          audit_entry.type = type;
          audit_entry.id = id;
          g_array_append_val (accepted, audit_entry);
        }
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  if (!mnr_server_store_end_batch (self->store, TRUE, &error))
    {
      reply_internal_error (msg, error);
      return;
    }

  /* Committed: now, and before the answer, the audit trail. */
  if (self->audit != NULL)
    mnr_audit_log_append (self->audit, (MnrAuditEntry *) accepted->data, accepted->len);

  answer = json_builder_get_root (builder);
  reply_json (msg, SOUP_STATUS_OK, "application/json", answer);
}
