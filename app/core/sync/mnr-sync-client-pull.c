/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "mnr-ids.h"
#include "mnr-json-reader.h"
#include "mnr-record-type.h"
#include "mnr-sync-client-private.h"

/* The pull half of a sync (sections 7.2, 7.3 and 7.7): the changes
 * feed page by page, applied to the store; then the files of
 * attachments that came from the server. */


/* Applies @record; FALSE with @error for a failure of the store itself. */
static gboolean
apply_one (GTask          *task,
           MnrSyncRecord  *record,
           gboolean        checked,
           gboolean       *waiting,
           GError        **error)
{
  SyncData *data = mnr_sync_task_get_data (task);
  MnrStore *store = mnr_sync_task_get_client (task)->store;
  g_autoptr(GError) local_error = NULL;
  MnrApplyResult result;

  *waiting = FALSE;
  result = checked ? mnr_store_apply_checked (store, record, &local_error)
                   : mnr_store_apply_remote (store, record, &local_error);
  switch (result)
    {
    case MNR_APPLY_UPDATED:
      data->report.applied++;
      return TRUE;
    case MNR_APPLY_UNCHANGED:
      data->report.unchanged++;
      return TRUE;
    case MNR_APPLY_CONFLICT:
      data->report.conflicts++;
      return TRUE;
    case MNR_APPLY_MERGED:
      data->report.merged++;  /* pushed by this sync's push */
      return TRUE;
    case MNR_APPLY_FAILED:
    default:
      break;
    }

  if (g_error_matches (local_error, MNR_STORE_ERROR, MNR_STORE_ERROR_NOT_FOUND))
    {
      *waiting = TRUE;  /* its round or evidence has not come yet */
      return TRUE;
    }

  if (local_error != NULL &&
      (local_error->domain == MNR_SYNC_RECORD_ERROR ||
       g_error_matches (local_error, MNR_STORE_ERROR, MNR_STORE_ERROR_INVALID)))
    {
      g_debug ("sync: %s %s refused: %s", record->type, record->id, local_error->message);
      data->report.rejected++;
      return TRUE;
    }

  if (local_error == NULL)
    g_set_error_literal (error, MNR_STORE_ERROR, MNR_STORE_ERROR_FAILED, "Applying a change failed.");
  else
    g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/* Applies the page's records (@checked: by mnr_store_check_from_envelope()
 * already); those whose round or evidence has not come yet are kept in
 * the store, and every record kept so is tried again. */
static gboolean
apply_page (GTask      *task,
            GPtrArray  *records,
            gboolean    checked,
            GError    **error)
{
  SyncData *data = mnr_sync_task_get_data (task);
  MnrStore *store = mnr_sync_task_get_client (task)->store;
  guint counts[5];
  int waiting;

  for (guint i = 0; i < records->len; i++)
    {
      gboolean parent_missing;

      if (!apply_one (task, records->pdata[i], checked, &parent_missing, error))
        return FALSE;
      if (parent_missing && !mnr_store_keep_waiting (store, records->pdata[i], error))
        return FALSE;
    }

  waiting = mnr_store_apply_waiting (store, counts, error);
  if (waiting < 0)
    return FALSE;

  data->report.applied += counts[MNR_APPLY_UPDATED];
  data->report.unchanged += counts[MNR_APPLY_UNCHANGED];
  data->report.conflicts += counts[MNR_APPLY_CONFLICT];
  data->report.merged += counts[MNR_APPLY_MERGED];
  data->report.rejected += counts[MNR_APPLY_FAILED];
  data->report.waiting = waiting;
  return TRUE;
}

/* Whether @element names a record the server withholds from now on
 * (section 3.5): {"type", "id", "seq", "withheld": true}. */
static gboolean
is_withheld (JsonNode *element)
{
  JsonObject *object = json_node_get_object (element);
  JsonNode *withheld = json_object_get_member (object, "withheld");

  return withheld != NULL && JSON_NODE_HOLDS_VALUE (withheld) &&
         json_node_get_value_type (withheld) == G_TYPE_BOOLEAN && json_node_get_boolean (withheld);
}

/* Drops the local copies of the page's withheld records; their files
 * are added to @files. */
static gboolean
drop_withheld (GTask      *task,
               GPtrArray  *withheld,
               GPtrArray  *files,
               GError    **error)
{
  SyncData *data = mnr_sync_task_get_data (task);
  MnrStore *store = mnr_sync_task_get_client (task)->store;

  for (guint i = 0; i < withheld->len; i++)
    {
      JsonObject *object = json_node_get_object (withheld->pdata[i]);
      const char *type = json_object_get_string_member_with_default (object, "type", NULL);
      const char *id = json_object_get_string_member_with_default (object, "id", NULL);
      guint dropped = 0;

      if (type == NULL || !mnr_id_is_uuid (id))
        {
          data->report.rejected++;
          continue;
        }
      if (!mnr_store_drop_withheld (store, type, id, files, &dropped, error))
        return FALSE;
      data->report.withdrawn += dropped;
    }

  return TRUE;
}

/* Whether @envelope is of a record type this client does not take: a
 * newer server's (section 2.4). Kept whole, never applied nor refused.
 * One without a plausible type, id and rev is left to the envelope's
 * checks, which refuse it. */
static gboolean
is_unknown_type (const char * const *known,
                 JsonNode           *envelope)
{
  JsonObject *object = json_node_get_object (envelope);
  JsonNode *type = json_object_get_member (object, "type");
  JsonNode *id = json_object_get_member (object, "id");
  JsonNode *rev = json_object_get_member (object, "rev");

  if (type == NULL || !JSON_NODE_HOLDS_VALUE (type) || json_node_get_value_type (type) != G_TYPE_STRING ||
      !mnr_id_is_slug (json_node_get_string (type)) || strlen (json_node_get_string (type)) > 64 ||
      id == NULL || !JSON_NODE_HOLDS_VALUE (id) || json_node_get_value_type (id) != G_TYPE_STRING ||
      !mnr_id_is_uuid (json_node_get_string (id)) ||
      rev == NULL || !JSON_NODE_HOLDS_VALUE (rev) || json_node_get_value_type (rev) != G_TYPE_INT64)
    return FALSE;

  return mnr_record_type_lookup (json_node_get_string (type)) == NULL ||
         (known != NULL && !g_strv_contains (known, json_node_get_string (type)));
}

/* Keeps the page's changes of unknown types in the store, in the page's
 * transaction. */
static gboolean
keep_unknown (GTask      *task,
              GPtrArray  *unknown,
              GError    **error)
{
  SyncData *data = mnr_sync_task_get_data (task);
  MnrStore *store = mnr_sync_task_get_client (task)->store;

  for (guint i = 0; i < unknown->len; i++)
    {
      JsonObject *object = json_node_get_object (unknown->pdata[i]);
      const char *type = json_object_get_string_member (object, "type");

      g_debug ("sync: a change of type %s kept for a version that knows it", type);
      if (!mnr_store_keep_unknown (store, type, json_object_get_string_member (object, "id"),
                                   json_object_get_int_member (object, "rev"), unknown->pdata[i], error))
        return FALSE;
      data->report.unknown++;
    }

  return TRUE;
}

/**
 * mnr_sync_task_apply_kept:
 *
 * Applies the changes an earlier sync kept because this client did not
 * take their type then, and takes it now (a newer version, or a type
 * turned on): as if they came in the feed again, which the cursor has
 * passed. Those of types still unknown stay kept.
 */
gboolean
mnr_sync_task_apply_kept (GTask   *task,
                          GError **error)
{
  MnrSyncClient *self = mnr_sync_task_get_client (task);
  g_autoptr(GPtrArray) kept = mnr_store_list_unknown (self->store, error);
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify)mnr_sync_record_free);

  if (kept == NULL)
    return FALSE;

  for (guint i = 0; i < kept->len; i++)
    if (JSON_NODE_HOLDS_OBJECT (kept->pdata[i]) && !is_unknown_type ((const char * const *)self->known, kept->pdata[i]))
      {
        g_autoptr(GError) record_error = NULL;
        MnrSyncRecord *record = mnr_sync_record_from_envelope (kept->pdata[i], &record_error);

        if (record == NULL)
          {
            JsonObject *object = json_node_get_object (kept->pdata[i]);

            /* Kept by a version that could not check it; refused now. */
            g_debug ("sync: a kept change was refused: %s", record_error->message);
            mnr_sync_task_get_data (task)->report.rejected++;
            if (!mnr_store_forget_unknown (self->store, json_object_get_string_member (object, "type"),
                                           json_object_get_string_member (object, "id"), error))
              return FALSE;
            continue;
          }
        g_ptr_array_add (records, record);
      }

  if (records->len == 0)
    return TRUE;

  if (!mnr_store_begin_bulk (self->store, error))
    return FALSE;

  if (!apply_page (task, records, FALSE, error))
    {
      mnr_store_end_batch (self->store, FALSE, NULL);
      return FALSE;
    }

  for (guint i = 0; i < records->len; i++)
    {
      MnrSyncRecord *record = records->pdata[i];

      if (!mnr_store_forget_unknown (self->store, record->type, record->id, error))
        {
          mnr_store_end_batch (self->store, FALSE, NULL);
          return FALSE;
        }
    }

  return mnr_store_end_batch (self->store, TRUE, error);
}

/* A page of the changes feed, read and checked on a worker thread while
 * the main thread is free (section 7.3): the JSON parsed, each change
 * sorted out (withheld, of a type this client does not take, or a record)
 * and each record checked by the protocol's and the store's rules. */
typedef struct
{
  /* in */
  GBytes    *body;
  GStrv      known;       /* the types the client takes; NULL: every one it knows */

  /* out */
  char      *malformed;   /* why the page cannot be taken at all */
  GPtrArray *records;     /* MnrSyncRecord, checked */
  GPtrArray *unknown;     /* JsonNode */
  GPtrArray *withheld;    /* JsonNode */
  char      *cursor;
  gboolean   more;
  guint      pulled;
  guint      rejected;
} Page;

static void
page_free (Page *page)
{
  g_clear_pointer (&page->body, g_bytes_unref);
  g_clear_pointer (&page->known, g_strfreev);
  g_free (page->malformed);
  g_clear_pointer (&page->records, g_ptr_array_unref);
  g_clear_pointer (&page->unknown, g_ptr_array_unref);
  g_clear_pointer (&page->withheld, g_ptr_array_unref);
  g_free (page->cursor);
  g_free (page);
}

/* Fills @page from its body, or says in page->malformed why not. */
static void
read_page (Page *page)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  JsonNode *changes, *cursor, *more;
  JsonArray *array;

  if (!(root = mnr_sync_parse_json_full (page->body, FALSE, &error)))
    {
      page->malformed = g_strdup (error->message);
      return;
    }

  object = json_node_get_object (root);
  changes = json_object_get_member (object, "changes");
  cursor = json_object_get_member (object, "cursor");
  more = json_object_get_member (object, "more");
  if (changes == NULL || !JSON_NODE_HOLDS_ARRAY (changes) ||
      cursor == NULL || !JSON_NODE_HOLDS_VALUE (cursor) || json_node_get_value_type (cursor) != G_TYPE_STRING ||
      more == NULL || !JSON_NODE_HOLDS_VALUE (more) || json_node_get_value_type (more) != G_TYPE_BOOLEAN)
    {
      page->malformed = g_strdup ("changes, cursor or more missing or of the wrong type");
      return;
    }

  array = json_node_get_array (changes);
  if (json_array_get_length (array) > MNR_SYNC_MAX_PAGE || *json_node_get_string (cursor) == '\0' ||
      strlen (json_node_get_string (cursor)) > 1024)
    {
      page->malformed = g_strdup ("a page or a cursor out of bounds");
      return;
    }
  page->cursor = g_strdup (json_node_get_string (cursor));
  page->more = json_node_get_boolean (more);

  /* Check the whole page before applying any of it. */
  page->records = g_ptr_array_new_with_free_func ((GDestroyNotify)mnr_sync_record_free);
  page->unknown = g_ptr_array_new_with_free_func ((GDestroyNotify)json_node_unref);
  page->withheld = g_ptr_array_new_with_free_func ((GDestroyNotify)json_node_unref);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autoptr(GError) record_error = NULL;
      g_autoptr(MnrSyncRecord) record = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          page->malformed = g_strdup ("a change that is not an object");
          return;
        }

      page->pulled++;
      if (is_withheld (element))
        {
          g_ptr_array_add (page->withheld, json_node_ref (element));
          continue;
        }
      if (is_unknown_type ((const char * const *)page->known, element))
        {
          g_ptr_array_add (page->unknown, json_node_ref (element));
          continue;
        }

      record = mnr_sync_record_take_from_envelope (element, &record_error);
      if (record == NULL || !mnr_store_check_from_envelope (record, &record_error))
        {
          /* A record this client cannot take (a member out of the
           * rules): reported, never a reason to stop. */
          g_debug ("sync: a change was refused: %s", record_error->message);
          page->rejected++;
          continue;
        }
      g_ptr_array_add (page->records, g_steal_pointer (&record));
    }
}

/**
 * mnr_sync_check_changes_page:
 * @body: the body of a GET changes reply
 * @known: (nullable): the types the client takes; %NULL: every one it knows
 * @n_records: (out): the records that would be applied
 * @n_rejected: (out): the changes refused one by one
 *
 * Reads @body as a page of the changes feed exactly as a pull does,
 * without a store or a connection: for tests and the fuzz targets.
 *
 * Returns: (transfer full) (nullable): why the page cannot be taken at
 *   all, or %NULL when it can
 */
char *
mnr_sync_check_changes_page (GBytes             *body,
                             const char * const *known,
                             guint              *n_records,
                             guint              *n_rejected)
{
  Page *page = g_new0 (Page, 1);
  char *malformed;

  page->body = g_bytes_ref (body);
  page->known = g_strdupv ((char **)known);
  read_page (page);
  *n_records = page->records != NULL ? page->records->len : 0;
  *n_rejected = page->rejected;
  malformed = g_steal_pointer (&page->malformed);
  page_free (page);
  return malformed;
}

static void
read_page_in_thread (GTask        *job,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  read_page (task_data);
  g_task_return_boolean (job, TRUE);
}

static void changes_cb (GTask       *task,
                        SoupMessage *msg,
                        GBytes      *body);
static void send_changes_request (GTask      *task,
                                  const char *cursor);

#define BULK_FROM_CHANGES 50
#define SMALL_PAGE_BYTES  (16 * 1024)   /* read on the main thread */

/* Applies @page in one transaction with its cursor, so that an
 * interrupted sync never skips a change; the page's records waiting for
 * a parent are kept in the store. */
static gboolean
apply_read_page (GTask   *task,
                 Page    *page,
                 GError **error)
{
  MnrSyncClient *self = mnr_sync_task_get_client (task);
  SyncData *data = mnr_sync_task_get_data (task);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  gboolean bulk;

  data->report.pulled += page->pulled;
  data->report.rejected += page->rejected;

  /* A large page as a bulk batch (its evidence indexed for search once,
   * at its end); a small one would pay more for setting that up than it
   * saves. */
  bulk = page->records->len + page->withheld->len >= BULK_FROM_CHANGES;
  if (!(bulk ? mnr_store_begin_bulk (self->store, error) : mnr_store_begin_batch (self->store, error)))
    return FALSE;
  data->bulk_pages |= bulk;

  if (!apply_page (task, page->records, TRUE, error) ||
      !drop_withheld (task, page->withheld, files, error) ||
      !keep_unknown (task, page->unknown, error) ||
      !mnr_store_set_sync_value (self->store, "cursor", page->cursor, error))
    {
      mnr_store_end_batch (self->store, FALSE, NULL);
      return FALSE;
    }

  if (!mnr_store_end_batch (self->store, TRUE, error))
    return FALSE;
  mnr_store_remove_unused_files (self->store, files);

  g_free (data->cursor);
  data->cursor = g_strdup (page->cursor);

  /* The last page of a long pull: the log of its bulk batches copied back
   * now, not at the next change someone makes. */
  if (!page->more && data->bulk_pages)
    mnr_store_checkpoint (self->store);
  return TRUE;
}

/* Applies the page kept by page_read_cb(), if there is one; FALSE when
 * that failed and the sync ended. */
static gboolean
apply_pending (GTask *task)
{
  SyncData *data = mnr_sync_task_get_data (task);
  g_autoptr(GError) error = NULL;
  Page *page = g_steal_pointer (&data->pending);
  gboolean ok, last;

  if (page == NULL)
    return TRUE;

  ok = apply_read_page (task, page, &error);
  last = !page->more;
  page_free (page);
  if (!ok)
    {
      /* A request asked ahead, or a page being read, ends with the sync. */
      g_cancellable_cancel (data->io_cancellable);
      mnr_sync_task_finish (task, g_steal_pointer (&error));
      return FALSE;
    }

  mnr_sync_task_tell_progress (task, MNR_SYNC_PHASE_RECEIVING, data->report.pulled, 0, last);
  return TRUE;
}

/* Goes on with @page (taken), read. */
static void
page_read (GTask *task,
           Page  *page)
{
  SyncData *data = mnr_sync_task_get_data (task);
  g_autofree char *asked_ahead = NULL;

  data->reading = FALSE;

  /* The page before this one failed to be written. */
  if (data->finished)
    {
      page_free (page);
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    {
      page_free (page);
      data->finished = TRUE;
      mnr_sync_task_get_client (task)->busy = FALSE;
      g_object_unref (task);  /* the chain's */
      return;
    }

  if (page->malformed != NULL)
    {
      mnr_sync_task_fail_malformed (task, page->malformed);
      page_free (page);
      return;
    }

  /* The next page asked for by the cursor of this one's header must be
   * the one its body says comes next. */
  asked_ahead = g_steal_pointer (&data->asked_ahead);
  if (asked_ahead != NULL && (!page->more || g_strcmp0 (asked_ahead, page->cursor) != 0))
    {
      mnr_sync_task_fail_malformed (task, "the page's cursor is not the one its MNR-Next-Cursor header gave");
      page_free (page);
      return;
    }

  g_assert (data->pending == NULL);
  data->pending = page;
  data->pending_free = (GDestroyNotify)page_free;
  if (!page->more)
    {
      if (apply_pending (task))
        mnr_sync_task_push (task);
      return;
    }

  /* The next page is asked for, and this one kept until the answer comes:
   * then the next one is read on the worker while this one is written
   * (changes_cb()), and the server makes a page while the client writes
   * one. Pages are still applied in order, each with its cursor. */
  if (asked_ahead == NULL)
    {
      send_changes_request (task, page->cursor);
      return;
    }

  /* Asked for already, from this page's header: its answer may be in. */
  if (data->early_msg != NULL)
    {
      g_autoptr(SoupMessage) msg = g_steal_pointer (&data->early_msg);
      g_autoptr(GBytes) body = g_steal_pointer (&data->early_body);

      changes_cb (task, msg, body);
    }
}

static void
page_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;  /* the job's own reference */

  page_read (task, g_task_get_task_data (G_TASK (result)));
}

static void
changes_cb (GTask       *task,
            SoupMessage *msg,
            GBytes      *body)
{
  MnrSyncClient *self = mnr_sync_task_get_client (task);
  SyncData *data = mnr_sync_task_get_data (task);
  guint status = soup_message_get_status (msg);

  /* Asked for ahead of a page whose writing then failed. */
  if (data->finished)
    return;

  /* Asked for ahead, and in before the page before it was read: kept
   * until that page is (page_read()), so that pages go on in order. */
  if (data->reading)
    {
      g_assert (data->early_msg == NULL);
      data->early_msg = g_object_ref (msg);
      data->early_body = body != NULL ? g_bytes_ref (body) : NULL;
      return;
    }

  if (status == SOUP_STATUS_OK && g_bytes_get_size (body) < SMALL_PAGE_BYTES)
    {
      /* A few changes: read here, at once (a worker would only add its
       * wake-up to a small sync). */
      Page *page = g_new0 (Page, 1);

      page->body = g_bytes_ref (body);
      page->known = g_strdupv (self->known);
      read_page (page);
      if (apply_pending (task))
        page_read (task, page);
      else
        page_free (page);
      return;
    }

  if (status == SOUP_STATUS_OK)
    {
      /* Read and checked on a worker thread, while the page before is
       * written; the chain goes on in page_read_cb(). */
      g_autoptr(GTask) job = g_task_new (NULL, NULL, page_read_cb, g_object_ref (task));
      Page *page = g_new0 (Page, 1);

      page->body = g_bytes_ref (body);
      page->known = g_strdupv (self->known);
      const char *next = soup_message_headers_get_one (soup_message_get_response_headers (msg), "MNR-Next-Cursor");

      g_task_set_source_tag (job, changes_cb);
      g_task_set_task_data (job, page, NULL);  /* page_read_cb() takes it */
      data->reading = TRUE;
      g_task_run_in_thread (job, read_page_in_thread);

      /* A server that gives the next page's cursor in a header (section
       * 5.5) makes that page while this one is read and the one before
       * written: a page's wait for the server is no longer the client's. */
      if (next != NULL && next[0] != '\0' && strlen (next) <= 1024)
        {
          data->asked_ahead = g_strdup (next);
          send_changes_request (task, next);
        }
      apply_pending (task);
      return;
    }

  /* Whatever the answer, the page before it is kept. */
  if (!apply_pending (task))
    return;

  if (!mnr_sync_task_check_fatal_status (task, msg, body))
    return;

  if (status == SOUP_STATUS_BAD_REQUEST && data->cursor != NULL && !data->restarted)
    {
      /* invalid-cursor: the server was replaced or reset. Pull again from
       * the start; applying is idempotent (section 7.8). */
      data->restarted = TRUE;
      g_clear_pointer (&data->cursor, g_free);
      mnr_sync_task_pull (task);
      return;
    }

  mnr_sync_task_fail (task, MNR_SYNC_CLIENT_ERROR, MNR_SYNC_CLIENT_ERROR_UNEXPECTED_STATUS,
             "The sync server answered the changes feed with HTTP %u.", status);
}

static void
send_changes_request (GTask      *task,
                      const char *cursor)
{
  SyncData *data = mnr_sync_task_get_data (task);
  g_autofree char *path = NULL;
  SoupMessage *msg;

  if (cursor != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (cursor, NULL, FALSE);

      path = g_strdup_printf ("changes?since=%s&limit=%" G_GINT64_FORMAT, escaped, data->page_limit);
    }
  else
    path = g_strdup_printf ("changes?limit=%" G_GINT64_FORMAT, data->page_limit);

  msg = mnr_sync_task_new_message (task, SOUP_METHOD_GET, path);
  if (msg == NULL)
    {
      mnr_sync_task_fail (task, MNR_SYNC_CLIENT_ERROR, MNR_SYNC_CLIENT_ERROR_INSECURE,
                 "The sync server address is not a valid URL.");
      return;
    }

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept", "application/json");
  mnr_sync_task_send (task, msg, PAGE_MAX_BYTES, changes_cb);
}

void
mnr_sync_task_pull (GTask *task)
{
  if (g_task_return_error_if_cancelled (task))
    {
      mnr_sync_task_get_client (task)->busy = FALSE;
      g_object_unref (task);
      return;
    }

  send_changes_request (task, mnr_sync_task_get_data (task)->cursor);
}


static void fetch_next (GTask *task);

static MnrAttachment *
current_missing (GTask *task)
{
  SyncData *data = mnr_sync_task_get_data (task);

  return data->missing->pdata[data->missing_index];
}

static void
fetch_skip (GTask      *task,
            const char *why)
{
  SyncData *data = mnr_sync_task_get_data (task);

  g_debug ("sync: file %s not downloaded: %s", current_missing (task)->sha256, why);
  mnr_sync_client_add_refusal (mnr_sync_task_get_client (task), MNR_SYNC_REFUSAL_FILE, "attachment", current_missing (task)->id, NULL, why);
  data->report.rejected++;
  data->missing_index++;
  fetch_next (task);
}

static void
blob_get_cb (GTask       *task,
             SoupMessage *msg,
             GBytes      *body)
{
  SyncData *data = mnr_sync_task_get_data (task);
  MnrAttachment *attachment = current_missing (task);
  g_autoptr(GFile) incoming = g_steal_pointer (&data->incoming);
  g_autoptr(GError) error = NULL;
  guint status = soup_message_get_status (msg);

  if (status != SOUP_STATUS_OK)
    g_file_delete (incoming, NULL, NULL);

  if (!mnr_sync_task_check_fatal_status (task, msg, body))
    return;

  if (status != SOUP_STATUS_OK)
    {
      fetch_skip (task, "the server does not have it");
      return;
    }

  if (!mnr_store_add_incoming_file (mnr_sync_task_get_client (task)->store, incoming, attachment->sha256, &error))
    {
      if (!g_error_matches (error, MNR_STORE_ERROR, MNR_STORE_ERROR_INVALID))
        {
          mnr_sync_task_finish (task, g_steal_pointer (&error));
          return;
        }
      fetch_skip (task, error->message);
      return;
    }

  data->report.downloaded++;
  data->missing_index++;
  fetch_next (task);
}

static void
fetch_next (GTask *task)
{
  SyncData *data = mnr_sync_task_get_data (task);
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  MnrAttachment *attachment;

  if (g_task_return_error_if_cancelled (task))
    {
      mnr_sync_task_get_client (task)->busy = FALSE;
      g_object_unref (task);
      return;
    }

  if (data->missing->len > 0)
    mnr_sync_task_tell_progress (task, MNR_SYNC_PHASE_FILES, data->missing_index, data->missing->len,
                   data->missing_index >= data->missing->len);

  if (data->missing_index >= data->missing->len)
    {
      mnr_sync_task_finish (task, NULL);
      return;
    }

  attachment = current_missing (task);
  if (attachment->size < 0 || attachment->size > MNR_STORE_MAX_ATTACHMENT_SIZE)
    {
      fetch_skip (task, "its size is out of bounds");
      return;
    }

  data->incoming = mnr_store_create_incoming_file (mnr_sync_task_get_client (task)->store, &stream, &error);
  if (data->incoming == NULL)
    {
      mnr_sync_task_finish (task, g_steal_pointer (&error));
      return;
    }

  path = g_strconcat ("blobs/", attachment->sha256, NULL);
  mnr_sync_task_send_full (task, mnr_sync_task_new_message (task, SOUP_METHOD_GET, path), attachment->size,
                     G_OUTPUT_STREAM (stream), TRUE, blob_get_cb);
}

/* After the push: the files of attachments that came from the server. */
void
mnr_sync_task_fetch_files (GTask *task)
{
  SyncData *data = mnr_sync_task_get_data (task);
  GError *error = NULL;

  data->missing = mnr_store_list_missing_files (mnr_sync_task_get_client (task)->store, &error);
  if (data->missing == NULL)
    {
      mnr_sync_task_finish (task, error);
      return;
    }

  data->missing_index = 0;
  fetch_next (task);
}
