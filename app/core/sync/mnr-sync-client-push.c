/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "mnr-json-reader.h"
#include "mnr-record-type.h"
#include "mnr-sync-client-private.h"

/* The push half of a sync (docs/sync-protocol.md, sections 7.4 to 7.6):
 * the outbox in order, in batches where the server takes them
 * (-batch.c), else record by record; blobs before the attachments that
 * name them, whose records go one by one; a 412 merged and pushed again.
 * What an answer means for one record is decided here, the same for a
 * record sent alone and one of a batch. */

static void push_record (GTask *task);

static MnrSyncRecord *
current_record (GTask *task)
{
  SyncData *data = mnr_sync_task_get_data (task);

  return data->dirty->pdata[data->index];
}

/* @record stays in the outbox, for the reason @why, and the person is
 * told (section 7.6). */
void
mnr_sync_task_refuse (GTask              *task,
                      MnrSyncRecord      *record,
                      MnrSyncRefusalKind  kind,
                      const char         *why)
{
  g_debug ("sync: %s %s not pushed: %s", record->type, record->id, why);
  mnr_sync_client_add_refusal (mnr_sync_task_get_client (task), kind, record->type, record->id, record->country, why);
  mnr_sync_task_get_data (task)->report.rejected++;
}

static void
skip_record (GTask              *task,
             MnrSyncRefusalKind  kind,
             const char         *why)
{
  mnr_sync_task_refuse (task, current_record (task), kind, why);
  mnr_sync_task_get_data (task)->index++;
  mnr_sync_task_push_next (task);
}

/* The server stored @record at @server_rev: the version sent leaves the
 * outbox. The local_rev captured when the body was built goes with it,
 * so that an edit made meanwhile keeps the record dirty (section 7.2).
 * %FALSE with @error when the store fails: the sync stops. */
gboolean
mnr_sync_task_mark_pushed (GTask          *task,
                           MnrSyncRecord  *record,
                           gint64          server_rev,
                           GError        **error)
{
  if (!mnr_store_mark_pushed (mnr_sync_task_get_client (task)->store, record->type, record->id,
                              record->local_rev, server_rev, error))
    return FALSE;

  mnr_sync_task_get_data (task)->report.pushed++;
  return TRUE;
}

/* Keeps what is about to be sent of @records (the store's sync_sent),
 * so that a 412 that shows it after a lost answer is known as our own
 * write even if the record is edited again meanwhile (section 7.5, rule
 * 1). %FALSE when the store failed: the sync has ended. */
gboolean
mnr_sync_task_note_sent (GTask                 *task,
                         MnrSyncRecord * const *records,
                         guint                  n_records)
{
  g_autoptr(GError) error = NULL;

  if (mnr_store_note_sent (mnr_sync_task_get_client (task)->store, records, n_records, &error))
    return TRUE;

  mnr_sync_task_finish (task, g_steal_pointer (&error));
  return FALSE;
}

/* Applies @current, the server's copy a 412 carried for @record (section
 * 7.5): confirms our own write, merges, or records the conflict. %FALSE
 * with @error when the store fails: the sync stops. */
gboolean
mnr_sync_task_take_current (GTask          *task,
                            MnrSyncRecord  *record,
                            MnrSyncRecord  *current,
                            GError        **error)
{
  SyncData *data = mnr_sync_task_get_data (task);
  g_autoptr(GError) local_error = NULL;

  switch (mnr_store_apply_remote (mnr_sync_task_get_client (task)->store, current, &local_error))
    {
    case MNR_APPLY_UPDATED:
      data->report.pushed++;  /* our own write, whose answer was lost */
      break;
    case MNR_APPLY_CONFLICT:
      data->report.conflicts++;
      break;
    case MNR_APPLY_MERGED:
      /* Our changes and the server's, with If-Match of its rev: pushed
       * once this pass over the outbox is done. */
      data->report.merged++;
      data->push_again = TRUE;
      break;
    case MNR_APPLY_UNCHANGED:
      /* The server's rev is not newer than our base: it was restored from
       * an older backup (section 7.5, rule 6). A person must look. */
      mnr_sync_task_refuse (task, record, MNR_SYNC_REFUSAL_NEEDS_PERSON,
                            "the server's record is older than the one this copy is based on");
      break;
    case MNR_APPLY_FAILED:
    default:
      if (local_error != NULL && local_error->domain != MNR_STORE_ERROR &&
          local_error->domain != MNR_SYNC_RECORD_ERROR)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      mnr_sync_task_refuse (task, record, MNR_SYNC_REFUSAL_INVALID,
                            local_error != NULL ? local_error->message : "refused by the store");
      break;
    }

  return TRUE;
}

/* The server's copy in a 412's problem document, checked: the record
 * @record names. NULL with @error for anything else. */
MnrSyncRecord *
mnr_sync_read_current (JsonObject     *problem,
                       MnrSyncRecord  *record,
                       GError        **error)
{
  JsonNode *member = json_object_get_member (problem, "current");
  g_autoptr(MnrSyncRecord) current = NULL;

  if (member == NULL)
    {
      g_set_error_literal (error, MNR_SYNC_CLIENT_ERROR, MNR_SYNC_CLIENT_ERROR_MALFORMED_REPLY,
                           "a 412 without current");
      return NULL;
    }

  current = mnr_sync_record_from_envelope (member, error);
  if (current == NULL)
    return NULL;

  if (!g_str_equal (current->type, record->type) || !g_str_equal (current->id, record->id))
    {
      g_set_error_literal (error, MNR_SYNC_CLIENT_ERROR, MNR_SYNC_CLIENT_ERROR_MALFORMED_REPLY,
                           "current is another record");
      return NULL;
    }

  return g_steal_pointer (&current);
}

/* A 4xx other than 412 to a write of @record (section 7.6), with the
 * problem's @detail and type @slug if it had them: 403 (not this token's
 * country), 404 with If-Match (a conflict for a person), 404
 * unknown-type (an older server), 413/422 (the record must change),
 * 400/415/428 (a bug). The record stays dirty; the push goes on. */
void
mnr_sync_task_refuse_status (GTask         *task,
                             MnrSyncRecord *record,
                             guint          status,
                             const char    *detail,
                             gboolean       unknown_type)
{
  g_autofree char *why = g_strdup_printf ("HTTP %u%s%s", status,
                                          detail != NULL ? ": " : "", detail != NULL ? detail : "");

  mnr_sync_task_refuse (task, record,
                        status == SOUP_STATUS_FORBIDDEN ? MNR_SYNC_REFUSAL_NOT_PERMITTED :
                        status == SOUP_STATUS_NOT_FOUND && unknown_type ? MNR_SYNC_REFUSAL_UNKNOWN_TYPE :
                        status == SOUP_STATUS_NOT_FOUND ? MNR_SYNC_REFUSAL_NEEDS_PERSON : MNR_SYNC_REFUSAL_INVALID,
                        why);
}

/* A 412 to a record sent alone. */
static void
handle_precondition_failed (GTask  *task,
                            GBytes *body)
{
  MnrSyncRecord *record = current_record (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = mnr_sync_parse_json (body, &error);
  g_autoptr(MnrSyncRecord) current = NULL;

  if (root == NULL ||
      !(current = mnr_sync_read_current (json_node_get_object (root), record, &error)))
    {
      mnr_sync_task_fail_malformed (task, error->message);
      return;
    }

  if (!mnr_sync_task_take_current (task, record, current, &error))
    {
      mnr_sync_task_finish (task, g_steal_pointer (&error));
      return;
    }

  mnr_sync_task_get_data (task)->index++;
  mnr_sync_task_push_next (task);
}

static void
record_put_cb (GTask       *task,
               SoupMessage *msg,
               GBytes      *body)
{
  SyncData *data = mnr_sync_task_get_data (task);
  MnrSyncRecord *record = current_record (task);
  guint status = soup_message_get_status (msg);
  g_autoptr(GError) error = NULL;

  if (!mnr_sync_task_check_fatal_status (task, msg, body))
    return;

  if (status == SOUP_STATUS_OK || status == SOUP_STATUS_CREATED)
    {
      g_autoptr(JsonNode) root = mnr_sync_parse_json (body, &error);
      g_autoptr(MnrSyncRecord) stored = NULL;

      if (root == NULL || !(stored = mnr_sync_record_from_envelope (root, &error)))
        {
          mnr_sync_task_fail_malformed (task, error->message);
          return;
        }

      if (!g_str_equal (stored->type, record->type) || !g_str_equal (stored->id, record->id))
        {
          mnr_sync_task_fail_malformed (task, "the answer is another record");
          return;
        }

      if (!mnr_sync_task_mark_pushed (task, record, stored->server_rev, &error))
        {
          mnr_sync_task_finish (task, g_steal_pointer (&error));
          return;
        }

      data->index++;
      mnr_sync_task_push_next (task);
    }
  else if (status == SOUP_STATUS_PRECONDITION_FAILED)
    handle_precondition_failed (task, body);
  else if (status >= 400 && status < 500)
    {
      g_autofree char *detail = mnr_sync_problem_detail (body);

      mnr_sync_task_refuse_status (task, record, status, detail,
                                   mnr_sync_problem_is (body, "unknown-type"));
      data->index++;
      mnr_sync_task_push_next (task);
    }
  else
    mnr_sync_task_fail (task, MNR_SYNC_CLIENT_ERROR, MNR_SYNC_CLIENT_ERROR_UNEXPECTED_STATUS,
               "The sync server answered a write with HTTP %u.", status);
}

static void
push_record (GTask *task)
{
  MnrSyncRecord *record = current_record (task);
  g_autofree char *path = g_strdup_printf ("records/%s/%s", record->type, record->id);
  g_autoptr(JsonNode) node = mnr_sync_record_to_json (record);
  g_autofree char *text = json_to_string (node, FALSE);
  gsize length = strlen (text);
  g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&text), length);
  SoupMessage *msg = mnr_sync_task_new_message (task, SOUP_METHOD_PUT, path);
  SoupMessageHeaders *headers;

  if (msg == NULL)
    {
      skip_record (task, MNR_SYNC_REFUSAL_INVALID, "not a valid path");
      return;
    }

  if (!mnr_sync_task_note_sent (task, &record, 1))
    {
      g_object_unref (msg);
      return;
    }

  headers = soup_message_get_request_headers (msg);
  if (record->server_rev == 0)
    soup_message_headers_replace (headers, "If-None-Match", "*");
  else
    {
      g_autofree char *etag = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", record->server_rev);

      soup_message_headers_replace (headers, "If-Match", etag);
    }
  soup_message_headers_replace (headers, "Accept", "application/json");
  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
  mnr_sync_task_send (task, msg, RECORD_MAX_BYTES, record_put_cb);
}

static void blob_upload (GTask *task);

/* HEAD blobs/<sha>: 200 with the right size means the server has it. */
static gboolean
blob_confirmed (SoupMessage *msg,
                gint64       size)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (msg);

  return soup_message_get_status (msg) == SOUP_STATUS_OK &&
         soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
         soup_message_headers_get_content_length (headers) == size;
}

static void
blob_verify_cb (GTask       *task,
                SoupMessage *msg,
                GBytes      *body)
{
  if (!mnr_sync_task_check_fatal_status (task, msg, body))
    return;

  if (blob_confirmed (msg, mnr_sync_task_get_data (task)->blob_size))
    push_record (task);
  else
    skip_record (task, MNR_SYNC_REFUSAL_FILE, "the server did not confirm the uploaded file");
}

static void
blob_put_cb (GTask       *task,
             SoupMessage *msg,
             GBytes      *body)
{
  MnrSyncRecord *record = current_record (task);
  guint status = soup_message_get_status (msg);

  if (!mnr_sync_task_check_fatal_status (task, msg, body))
    return;

  if (status == SOUP_STATUS_OK || status == SOUP_STATUS_CREATED)
    {
      /* Section 7.7: confirm with HEAD before pushing the record. */
      const char *sha256 = json_object_get_string_member_with_default (record->data, "sha256", "");
      g_autofree char *path = g_strconcat ("blobs/", sha256, NULL);

      mnr_sync_task_send (task, mnr_sync_task_new_message (task, SOUP_METHOD_HEAD, path), SMALL_MAX_BYTES, blob_verify_cb);
    }
  else if (status >= 400 && status < 500)
    {
      g_autofree char *detail = mnr_sync_problem_detail (body);
      g_autofree char *why = g_strdup_printf ("its file was refused, HTTP %u%s%s", status,
                                              detail != NULL ? ": " : "", detail != NULL ? detail : "");

      skip_record (task, status == SOUP_STATUS_FORBIDDEN ? MNR_SYNC_REFUSAL_NOT_PERMITTED : MNR_SYNC_REFUSAL_FILE, why);
    }
  else
    mnr_sync_task_fail (task, MNR_SYNC_CLIENT_ERROR, MNR_SYNC_CLIENT_ERROR_UNEXPECTED_STATUS,
               "The sync server answered an upload with HTTP %u.", status);
}

static void
blob_head_cb (GTask       *task,
              SoupMessage *msg,
              GBytes      *body)
{
  guint status = soup_message_get_status (msg);

  if (!mnr_sync_task_check_fatal_status (task, msg, body))
    return;

  if (blob_confirmed (msg, mnr_sync_task_get_data (task)->blob_size))
    push_record (task);
  else if (status == SOUP_STATUS_OK || status == SOUP_STATUS_NOT_FOUND)
    blob_upload (task);  /* missing, or a different size: send ours */
  else
    mnr_sync_task_fail (task, MNR_SYNC_CLIENT_ERROR, MNR_SYNC_CLIENT_ERROR_UNEXPECTED_STATUS,
               "The sync server answered a file check with HTTP %u.", status);
}

static void
blob_upload (GTask *task)
{
  MnrSyncClient *self = mnr_sync_task_get_client (task);
  SyncData *data = mnr_sync_task_get_data (task);
  MnrSyncRecord *record = current_record (task);
  const char *sha256 = json_object_get_string_member_with_default (record->data, "sha256", "");
  g_autofree char *path = g_strconcat ("blobs/", sha256, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = mnr_store_get_attachment_file (self->store, sha256, &error);
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GFileInfo) info = NULL;
  SoupMessage *msg;

  if (file == NULL ||
      !(stream = g_file_read (file, NULL, &error)) ||
      !(info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE, NULL, &error)))
    {
      skip_record (task, MNR_SYNC_REFUSAL_FILE, error->message);
      return;
    }

  if (g_file_info_get_size (info) != data->blob_size)
    {
      skip_record (task, MNR_SYNC_REFUSAL_FILE, "the attached file does not have the size its record says");
      return;
    }

  msg = mnr_sync_task_new_message (task, SOUP_METHOD_PUT, path);
  soup_message_set_request_body (msg, "application/octet-stream", G_INPUT_STREAM (stream), data->blob_size);
  mnr_sync_task_send (task, msg, SMALL_MAX_BYTES, blob_put_cb);
}

/* Whether the server can take @record now: a type both sides know. An
 * older server's records wait in the outbox until it knows their type
 * (section 2.4). */
gboolean
mnr_sync_task_server_takes (GTask         *task,
                            MnrSyncRecord *record)
{
  SyncData *data = mnr_sync_task_get_data (task);

  return mnr_sync_client_knows_type (mnr_sync_task_get_client (task), record->type) &&
         (data->server_types == NULL ||
          g_strv_contains ((const char * const *)data->server_types, record->type));
}

/* Whether @record names a file that must reach the server first. */
gboolean
mnr_sync_record_has_file (MnrSyncRecord *record)
{
  const MnrRecordType *type = mnr_record_type_lookup (record->type);

  return type != NULL && type->blob != NULL && !record->deleted;
}

void
mnr_sync_task_push_next (GTask *task)
{
  SyncData *data = mnr_sync_task_get_data (task);
  const MnrRecordType *type;
  MnrSyncRecord *record;

  if (g_task_return_error_if_cancelled (task))
    {
      mnr_sync_task_get_client (task)->busy = FALSE;
      g_object_unref (task);
      return;
    }

  if (data->dirty->len > 0)
    mnr_sync_task_tell_progress (task, MNR_SYNC_PHASE_SENDING, data->index, data->dirty->len,
                   data->index >= data->dirty->len);

  if (data->index >= data->dirty->len)
    {
      /* Merges made by 412s go out now, with a bound in case the record
       * keeps changing on the server. */
      if (data->push_again && data->rounds < MAX_PUSH_ROUNDS)
        mnr_sync_task_push (task);
      else
        mnr_sync_task_fetch_files (task);
      return;
    }

  record = current_record (task);
  type = mnr_record_type_lookup (record->type);

  if (!mnr_sync_task_server_takes (task, record))
    {
      g_autofree char *why = g_strdup_printf ("the server does not know records of type %s", record->type);

      skip_record (task, MNR_SYNC_REFUSAL_UNKNOWN_TYPE, why);
      return;
    }

  if (mnr_sync_record_has_file (record))
    {
      const char *sha256 = json_object_get_string_member_with_default (record->data, type->blob, "");
      g_autofree char *path = NULL;

      /* The file goes first: its hash and its size are the record's. */
      data->blob_size = -1;
      for (guint i = 0; i < type->n_fields; i++)
        if (type->fields[i].kind == MNR_FIELD_SIZE)
          data->blob_size = json_object_get_int_member_with_default (record->data, type->fields[i].name, -1);
      if (!mnr_store_is_valid_sha256 (sha256) || data->blob_size < 0)
        {
          skip_record (task, MNR_SYNC_REFUSAL_FILE, "the attachment record names no valid file");
          return;
        }

      path = g_strconcat ("blobs/", sha256, NULL);
      mnr_sync_task_send (task, mnr_sync_task_new_message (task, SOUP_METHOD_HEAD, path), SMALL_MAX_BYTES, blob_head_cb);
      return;
    }

  /* With the records that follow it, if the server takes batches. */
  if (!mnr_sync_task_push_batch (task))
    push_record (task);
}

void
mnr_sync_task_push (GTask *task)
{
  SyncData *data = mnr_sync_task_get_data (task);
  GError *error = NULL;

  g_clear_pointer (&data->dirty, g_ptr_array_unref);
  data->dirty = mnr_store_list_dirty (mnr_sync_task_get_client (task)->store, &error);
  if (data->dirty == NULL)
    {
      mnr_sync_task_finish (task, error);
      return;
    }

  data->index = 0;
  data->rounds++;
  data->push_again = FALSE;
  mnr_sync_task_push_next (task);
}
