/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "mnr-json-reader.h"
#include "mnr-sync-client-private.h"

/* The push's batches (docs/sync-protocol.md, section 5.9): where the
 * server announces them, the outbox goes out as runs of records in one
 * POST batch each, within the server's limits and the client's own, in
 * the outbox's order; each record's result is then what the same PUT
 * alone would have answered, and is handled as that answer is
 * (-push.c). Records with a file (attachments) are sent alone, after
 * their file. A server without batches gets the records one by one.
 *
 * An answer is checked whole before any of it is applied; then all of
 * its records are applied in one store transaction. */

/* A batch answer holds a result per record, and the 412s' current
 * copies: at most the server's batch_bytes of them (section 5.9). */
#define BATCH_REPLY_MAX_BYTES(batch_bytes) (2 * (batch_bytes) + 2 * 1024 * 1024)

/* The discovery document's batch limits (section 2.2): batches are used
 * only when it has them. */
void
mnr_sync_task_read_batch_limits (GTask      *task,
                                 JsonObject *limits)
{
  SyncData *data = mnr_sync_task_get_data (task);
  gint64 records, bytes;

  data->batch_records = 0;
  if (limits == NULL)
    return;

  records = json_object_get_int_member_with_default (limits, "batch_records", 0);
  bytes = json_object_get_int_member_with_default (limits, "batch_bytes", 0);
  if (records < 1 || bytes < 1)
    return;

  data->batch_records = (guint) MIN (records, BATCH_MAX_RECORDS);
  data->batch_bytes = (gsize) MIN (bytes, BATCH_MAX_BYTES);
}

static char *
alone_key (MnrSyncRecord *record)
{
  return g_strconcat (record->type, "/", record->id, NULL);
}

/* @record goes alone from now on, in this sync. */
static void
send_alone (SyncData      *data,
            MnrSyncRecord *record)
{
  if (data->alone == NULL)
    data->alone = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_add (data->alone, alone_key (record));
}

static gboolean
may_batch (GTask         *task,
           MnrSyncRecord *record)
{
  SyncData *data = mnr_sync_task_get_data (task);
  g_autofree char *key = NULL;

  if (!mnr_sync_task_server_takes (task, record) || mnr_sync_record_has_file (record))
    return FALSE;
  if (data->alone == NULL)
    return TRUE;

  key = alone_key (record);
  return !g_hash_table_contains (data->alone, key);
}

/* One write of a batch, as JSON text: the record's body with its
 * precondition (section 5.9). */
static char *
write_to_text (MnrSyncRecord *record)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, record->type);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, record->id);
  if (record->server_rev == 0)
    {
      json_builder_set_member_name (builder, "if_none_match");
      json_builder_add_string_value (builder, "*");
    }
  else
    {
      json_builder_set_member_name (builder, "if_match");
      json_builder_add_int_value (builder, record->server_rev);
    }
  json_builder_set_member_name (builder, "body");
  json_builder_add_value (builder, mnr_sync_record_to_json (record));
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/* The member @name of @object if it is an object (an array), else NULL. */
static JsonObject *
object_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
array_member (JsonObject *object,
              const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/* What one result says, checked before anything is applied. */
typedef struct
{
  guint          status;
  gint64         rev;       /* 200, 201 */
  MnrSyncRecord *current;   /* 412: the server's copy, if it came */
  char          *detail;    /* other 4xx */
  gboolean       unknown_type;
} Result;

static void
result_clear (Result *result)
{
  g_clear_pointer (&result->current, mnr_sync_record_free);
  g_clear_pointer (&result->detail, g_free);
}

/* Reads @node, the result for @record; FALSE with @error if it is not
 * one the protocol allows. */
static gboolean
read_result (JsonNode       *node,
             MnrSyncRecord  *record,
             Result         *result,
             GError        **error)
{
  JsonObject *object, *member;
  gint64 status;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    goto malformed;
  object = json_node_get_object (node);
  status = json_object_get_int_member_with_default (object, "status", 0);
  if (g_strcmp0 (json_object_get_string_member_with_default (object, "type", NULL), record->type) != 0 ||
      g_strcmp0 (json_object_get_string_member_with_default (object, "id", NULL), record->id) != 0)
    {
      g_set_error_literal (error, MNR_SYNC_CLIENT_ERROR, MNR_SYNC_CLIENT_ERROR_MALFORMED_REPLY,
                           "a batch result for another record");
      return FALSE;
    }

  result->status = (guint) status;
  if (status == SOUP_STATUS_OK || status == SOUP_STATUS_CREATED)
    {
      result->rev = json_object_get_int_member_with_default (object, "rev", 0);
      return result->rev >= 1 || (g_set_error_literal (error, MNR_SYNC_CLIENT_ERROR,
                                                       MNR_SYNC_CLIENT_ERROR_MALFORMED_REPLY,
                                                       "a batch result without a rev"), FALSE);
    }

  if (status < 400 || status >= 500 ||
      !(member = object_member (object, "problem")))
    goto malformed;

  if (status == SOUP_STATUS_PRECONDITION_FAILED)
    {
      /* Without its current copy (the answer's share of copies was
       * spent): that record goes alone. */
      if (json_object_get_member (member, "current") == NULL)
        return TRUE;
      result->current = mnr_sync_read_current (member, record, error);
      return result->current != NULL;
    }

  result->detail = g_strdup (json_object_get_string_member_with_default (member, "detail", NULL));
  if (result->detail != NULL && g_utf8_strlen (result->detail, -1) > MAX_DETAIL_CHARS)
    g_clear_pointer (&result->detail, g_free);
  result->unknown_type = g_str_has_suffix (json_object_get_string_member_with_default (member, "type", ""),
                                           "/unknown-type");
  return TRUE;

malformed:
  g_set_error_literal (error, MNR_SYNC_CLIENT_ERROR, MNR_SYNC_CLIENT_ERROR_MALFORMED_REPLY,
                       "a batch result that is not one");
  return FALSE;
}

/* Applies one checked result other than a success, as the same answer
 * to a PUT alone would be (-push.c); FALSE with @error if the store
 * failed. */
static gboolean
apply_result (GTask          *task,
              MnrSyncRecord  *record,
              Result         *result,
              GError        **error)
{
  SyncData *data = mnr_sync_task_get_data (task);

  switch (result->status)
    {
    case SOUP_STATUS_PRECONDITION_FAILED:
      if (result->current != NULL)
        return mnr_sync_task_take_current (task, record, result->current, error);
      send_alone (data, record);
      data->push_again = TRUE;
      return TRUE;
    default:
      mnr_sync_task_refuse_status (task, record, result->status, result->detail,
                                   result->unknown_type);
      return TRUE;
    }
}

/* Applies the checked @results of the batch that began at @start, in one
 * transaction of the store (one commit per batch), the records stored
 * together. FALSE with @error if the store failed. */
static gboolean
apply_results (GTask    *task,
               GArray   *results,
               guint     start,
               GError  **error)
{
  SyncData *data = mnr_sync_task_get_data (task);
  MnrStore *store = mnr_sync_task_get_client (task)->store;
  g_autoptr(GPtrArray) pushed = g_ptr_array_new ();
  g_autoptr(GArray) revs = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) local_error = NULL;

  if (!mnr_store_begin_batch (store, error))
    return FALSE;

  for (guint i = 0; i < results->len && local_error == NULL; i++)
    {
      MnrSyncRecord *record = data->dirty->pdata[start + i];
      Result *result = &g_array_index (results, Result, i);

      if (result->status == SOUP_STATUS_OK || result->status == SOUP_STATUS_CREATED)
        {
          g_ptr_array_add (pushed, record);
          g_array_append_val (revs, result->rev);
        }
      else
        apply_result (task, record, result, &local_error);
    }
  if (local_error == NULL &&
      mnr_store_mark_pushed_many (store, pushed, (gint64 *) revs->data, &local_error))
    data->report.pushed += pushed->len;

  /* What was applied before a failure holds: it is the server's word. */
  if (!mnr_store_end_batch (store, TRUE, local_error == NULL ? &local_error : NULL) ||
      local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

/* The body of a batch of the records from @start on, as many as the
 * limits allow (*@count), or NULL when the record at @start must go
 * alone. */
static GBytes *
build_batch (GTask *task,
             guint  start,
             guint *count)
{
  SyncData *data = mnr_sync_task_get_data (task);
  g_autoptr(GString) text = NULL;
  guint n = 0;

  *count = 0;
  if (data->batch_records == 0 || start >= data->dirty->len ||
      !may_batch (task, data->dirty->pdata[start]))
    return NULL;

  text = g_string_new ("{\"writes\": [");
  while (n < data->batch_records && start + n < data->dirty->len &&
         may_batch (task, data->dirty->pdata[start + n]))
    {
      g_autofree char *write = write_to_text (data->dirty->pdata[start + n]);

      /* ",", and "]}" at the end */
      if (text->len + strlen (write) + 3 > data->batch_bytes)
        break;
      if (n > 0)
        g_string_append_c (text, ',');
      g_string_append (text, write);
      n++;
    }
  if (n == 0)
    return NULL;  /* larger than a batch: alone, to be refused as it should */

  g_string_append (text, "]}");
  *count = n;
  return g_string_free_to_bytes (g_steal_pointer (&text));
}

/* The client's work that can wait for a batch's body to be on its way:
 * applying the previous batch's answer, and building the next batch, so
 * that the client and the server work at the same time. Done at the
 * latest when the answer comes; a failure of the store waits for it. */
static void
catch_up (GTask *task)
{
  SyncData *data = mnr_sync_task_get_data (task);

  if (data->batch_results != NULL)
    {
      g_autoptr(GArray) pending = g_steal_pointer (&data->batch_results);

      if (data->batch_error == NULL)
        apply_results (task, pending, data->batch_results_start, &data->batch_error);
    }

  if (data->batch_in_flight && data->next_body == NULL && data->batch_error == NULL)
    {
      data->next_start = data->index + data->batch_count;
      data->next_body = build_batch (task, data->next_start, &data->next_count);
    }
}

static gboolean
catch_up_idle (gpointer user_data)
{
  /* A sync that ended meanwhile leaves the store as it ended it. */
  if (!g_task_get_completed (user_data))
    catch_up (user_data);
  return G_SOURCE_REMOVE;
}

static void
wrote_body_cb (SoupMessage *msg,
               GTask       *task)
{
  g_idle_add_full (G_PRIORITY_DEFAULT, catch_up_idle, g_object_ref (task), g_object_unref);
}

static void
drop_next (SyncData *data)
{
  g_clear_pointer (&data->next_body, g_bytes_unref);
}

static void
batch_cb (GTask       *task,
          SoupMessage *msg,
          GBytes      *body)
{
  SyncData *data = mnr_sync_task_get_data (task);
  guint status = soup_message_get_status (msg);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GArray) results = NULL;
  JsonArray *array;
  guint start;

  catch_up (task);
  data->batch_in_flight = FALSE;
  if (data->batch_error != NULL)
    {
      mnr_sync_task_finish (task, g_steal_pointer (&data->batch_error));
      return;
    }

  if (!mnr_sync_task_check_fatal_status (task, msg, body))
    return;

  if (status == SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE)
    {
      /* Smaller than the server said (a proxy's limit, say): halve the
       * batches; a record alone over it goes as a PUT. */
      g_debug ("sync: a batch of %u records was too large", data->batch_count);
      drop_next (data);
      if (data->batch_count > 1)
        data->batch_records = data->batch_count / 2;
      else
        send_alone (data, data->dirty->pdata[data->index]);
      mnr_sync_task_push_next (task);
      return;
    }

  if (status != SOUP_STATUS_OK)
    {
      /* Not the batch endpoint after all (a proxy that does not route
       * it): the rest goes record by record, which loses nothing. */
      g_debug ("sync: batches answered HTTP %u; sending records one by one", status);
      drop_next (data);
      data->batch_records = 0;
      mnr_sync_task_push_next (task);
      return;
    }

  root = mnr_sync_parse_json (body, &error);
  if (root == NULL)
    {
      mnr_sync_task_fail_malformed (task, error->message);
      return;
    }
  array = array_member (json_node_get_object (root), "results");
  if (array == NULL || json_array_get_length (array) != data->batch_count)
    {
      mnr_sync_task_fail_malformed (task, "a batch answer without a result for each record");
      return;
    }

  results = g_array_sized_new (FALSE, TRUE, sizeof (Result), data->batch_count);
  g_array_set_clear_func (results, (GDestroyNotify) result_clear);
  g_array_set_size (results, data->batch_count);
  for (guint i = 0; i < data->batch_count; i++)
    if (!read_result (json_array_get_element (array, i), data->dirty->pdata[data->index + i],
                      &g_array_index (results, Result, i), &error))
      {
        mnr_sync_task_fail_malformed (task, error->message);
        return;
      }

  start = data->index;
  data->index += data->batch_count;
  data->batch_count = 0;

  /* The next batch is ready: it goes now, and this answer is applied
   * while it is on its way. Anything else waits for this answer. */
  if (data->next_body != NULL && data->next_start == data->index)
    {
      data->batch_results = g_steal_pointer (&results);
      data->batch_results_start = start;
    }
  else if (!apply_results (task, results, start, &error))
    {
      mnr_sync_task_finish (task, g_steal_pointer (&error));
      return;
    }
  mnr_sync_task_push_next (task);
}

/**
 * mnr_sync_task_push_batch:
 *
 * Sends the record at the outbox's index with those that follow it, as
 * many as the limits allow, in one batch; the answer goes on with the
 * push.
 *
 * Returns: %FALSE (nothing sent) when that record must go alone: the
 *   server takes no batches, it has a file, or it does not fit in one
 */
gboolean
mnr_sync_task_push_batch (GTask *task)
{
  SyncData *data = mnr_sync_task_get_data (task);
  g_autoptr(GBytes) bytes = NULL;
  SoupMessage *msg;

  if (data->next_body != NULL && data->next_start == data->index)
    {
      bytes = g_steal_pointer (&data->next_body);
      data->batch_count = data->next_count;
    }
  else
    {
      drop_next (data);
      bytes = build_batch (task, data->index, &data->batch_count);
    }

  if (bytes == NULL)
    {
      /* An answer held back for a batch that is not sent after all. */
      catch_up (task);
      return FALSE;
    }

  if (!mnr_sync_task_note_sent (task, (MnrSyncRecord * const *) data->dirty->pdata + data->index,
                                data->batch_count))
    return TRUE;  /* the sync has ended */

  data->batch_in_flight = TRUE;
  msg = mnr_sync_task_new_message (task, SOUP_METHOD_POST, "batch");
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept", "application/json");
  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
  g_signal_connect_object (msg, "wrote-body", G_CALLBACK (wrote_body_cb), task, 0);
  mnr_sync_task_send (task, msg, BATCH_REPLY_MAX_BYTES (data->batch_bytes), batch_cb);
  return TRUE;
}
