/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-sync-service"

#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "mnr-feed-text.h"
#include "mnr-ids.h"
#include "mnr-json-body.h"
#include "mnr-read-scope.h"
#include "mnr-record-type.h"
#include "mnr-sync-record.h"
#include "mnr-sync-service-private.h"

/* The HTTP side of the reference server: protocol 1 under /mnr/v1/.
 *
 * Requests are handled on worker threads, side by side
 * (mnr-sync-service-dispatch.c); each write is checked completely (route, method, token, ids, content type, size,
 * JSON, record, precondition, permission) before the store is touched.
 * Ids and records are checked by the core (mnr-ids.h, mnr-sync-record.h),
 * with the rules the app's sync client applies to what it pulls, so the
 * server accepts exactly the records the app accepts.
 * Paths are matched raw (SoupServer:raw-paths), so an encoded "/" or ".."
 * never reaches a file name: it is simply not a valid id.
 *
 * Body sizes are checked as soon as the headers are in (an early
 * handler, mnr-sync-service-early.c): a Content-Length over the limit is
 * answered 413 at once and the connection closed without reading the
 * body; a chunked body growing past the limit is answered 413 and the
 * rest of it discarded, not kept; headers over 16 KiB are answered 431.
 * Slow and numerous clients are bounded by mnr-keep-alive.c, bodies that
 * are not I-JSON refused by mnr-json-body.c, a full disk answered 507,
 * and accepted writes logged by mnr-audit-log.c. SoupServer is not
 * hardened against hostile clients: deploy it behind a reverse proxy that
 * terminates TLS. */

#define PAGE_DEFAULT 500
#define SCAN_PAGES   20

G_DEFINE_FINAL_TYPE (MnrSyncService, mnr_sync_service, G_TYPE_OBJECT)

static const struct
{
  const char *slug;
  const char *title;
} problem_titles[] = {
  { "unauthorized", "Unauthorized" },
  { "forbidden", "Forbidden" },
  { "not-found", "Not found" },
  { "unknown-version", "Unknown protocol version" },
  { "unknown-type", "Unknown record type" },
  { "method-not-allowed", "Method not allowed" },
  { "precondition-failed", "Precondition failed" },
  { "precondition-required", "Precondition required" },
  { "payload-too-large", "Payload too large" },
  { "unsupported-media-type", "Unsupported media type" },
  { "malformed-json", "Malformed JSON" },
  { "invalid-record", "Invalid record" },
  { "invalid-batch", "Invalid batch" },
  { "hash-mismatch", "Hash mismatch" },
  { "invalid-id", "Invalid id" },
  { "invalid-cursor", "Invalid cursor" },
  { "internal-error", "Internal server error" },
  { "unavailable", "Service unavailable" },
  { "headers-too-large", "Request header fields too large" },
  { "insufficient-storage", "Insufficient storage" },
};

/* --- replies ------------------------------------------------------------ */

/* Each thread keeps its compressor and resets it between answers:
 * making one allocates and clears zlib's state (about 256 KiB), which
 * cost a 20-record page of the feed as much as compressing it. */
static GPrivate compressor_key = G_PRIVATE_INIT (g_object_unref);

/* @data gzipped, or %NULL if that failed. */
static GBytes *
gzip_bytes (const char *data,
            gsize       length)
{
  GConverter *compressor = g_private_get (&compressor_key);
  gsize size = length / 2 + 256, done = 0, used = 0;
  guchar *out;

  if (compressor == NULL)
    {
      compressor = G_CONVERTER (g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 4));
      g_private_set (&compressor_key, compressor);
    }
  else
    g_converter_reset (compressor);

  out = g_malloc (size);
  for (;;)
    {
      g_autoptr(GError) error = NULL;
      gsize n_read = 0, n_written = 0;
      GConverterResult result;

      result = g_converter_convert (compressor, data + done, length - done, out + used,
                                    size - used, G_CONVERTER_INPUT_AT_END, &n_read,
                                    &n_written, &error);
      if (result == G_CONVERTER_ERROR &&
          !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE))
        {
          g_free (out);
          return NULL;
        }

      done += n_read;
      used += n_written;
      if (result == G_CONVERTER_FINISHED)
        break;
      if (result == G_CONVERTER_ERROR || size - used < 64)
        {
          size *= 2;
          out = g_realloc (out, size);
        }
    }

  return g_bytes_new_take (g_realloc (out, MAX (used, 1)), used);
}

/* Answers larger than this go gzipped to a client that accepts it: a
 * first pull of a world-size store is then about a sixth of the bytes. */
#define COMPRESS_FROM_BYTES 1024

/* Answers with the JSON text @data (taken). */
static void
reply_text (MnrSyncRequest *msg,
            guint           status,
            const char     *content_type,
            char           *data,
            gsize           length)
{
  SoupMessageHeaders *request = mnr_sync_request_get_request_headers (msg);
  SoupMessageHeaders *response = mnr_sync_request_get_response_headers (msg);
  g_autoptr(GBytes) body = g_bytes_new_take (data, length);

  soup_message_headers_append (response, "Vary", "Accept-Encoding");
  if (length >= COMPRESS_FROM_BYTES &&
      soup_message_headers_header_contains (request, "Accept-Encoding", "gzip"))
    {
      GBytes *gzipped = gzip_bytes (data, length);

      if (gzipped != NULL)
        {
          g_bytes_unref (body);
          body = gzipped;
          soup_message_headers_replace (response, "Content-Encoding", "gzip");
        }
    }

  /* libsoup 3.2 has no reason phrase for 428 and 431 (RFC 6585). */
  mnr_sync_request_set_status (msg, status, status == 428 ? "Precondition Required" :
                                            status == 431 ? "Request Header Fields Too Large"
                                                          : NULL);
  soup_message_headers_set_content_type (response, content_type, NULL);
  mnr_sync_request_set_response_body (msg, body);
}

void
reply_json (MnrSyncRequest *msg,
            guint           status,
            const char     *content_type,
            JsonNode       *root)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  gsize length = 0;
  char *data;

  json_generator_set_root (generator, root);
  data = json_generator_to_data (generator, &length);
  reply_text (msg, status, content_type, data, length);
}

/* A problem document (section 5.8). */
JsonNode *
mnr_sync_service_problem_node (guint       status,
                               const char *slug,
                               const char *detail,
                               JsonNode   *current)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *type = g_strconcat (PROBLEM_BASE, slug, NULL);
  const char *title = slug;

  for (guint i = 0; i < G_N_ELEMENTS (problem_titles); i++)
    if (g_str_equal (problem_titles[i].slug, slug))
      title = problem_titles[i].title;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, title);
  json_builder_set_member_name (builder, "status");
  json_builder_add_int_value (builder, status);
  json_builder_set_member_name (builder, "detail");
  json_builder_add_string_value (builder, detail);
  if (current != NULL)
    {
      json_builder_set_member_name (builder, "current");
      json_builder_add_value (builder, json_node_copy (current));
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

void
reply_problem (MnrSyncRequest *msg,
               guint           status,
               const char     *slug,
               const char     *detail,
               JsonNode       *current)
{
  g_autoptr(JsonNode) root = mnr_sync_service_problem_node (status, slug, detail, current);

  reply_json (msg, status, "application/problem+json", root);
}

void
mnr_sync_service_reply_problem (MnrSyncRequest *msg,
                                guint           status,
                                const char     *slug,
                                const char     *detail)
{
  reply_problem (msg, status, slug, detail, NULL);
}

void
reply_internal_error (MnrSyncRequest *msg,
                      const GError   *error)
{
  /* A full disk is the admin's to fix, not a fault of the server's:
   * the write was undone whole, reads go on, and the client retries. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE))
    {
      g_message ("storage full, write refused: %s", error->message);
      reply_problem (msg, SOUP_STATUS_INSUFFICIENT_STORAGE, "insufficient-storage",
                     "the server has no room left to store this; nothing of it was stored,"
                     " try again later", NULL);
      return;
    }

  g_warning ("%s", error->message);
  reply_problem (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal-error",
                 "the server could not complete the request; see its log", NULL);
}

void
reply_method_not_allowed (MnrSyncRequest *msg,
                          const char     *allow)
{
  g_autofree char *detail = g_strdup_printf ("allowed methods: %s", allow);

  soup_message_headers_replace (mnr_sync_request_get_response_headers (msg), "Allow", allow);
  reply_problem (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method-not-allowed", detail, NULL);
}

/* Ends the connection after the answer, since the client may still be
 * sending (see mnr-sync-service-early.c). */
void
mnr_sync_service_reply_too_large (MnrSyncRequest *msg,
                                  gsize           limit)
{
  g_autofree char *detail = g_strdup_printf ("the body is larger than %" G_GSIZE_FORMAT " bytes",
                                             limit);

  soup_message_headers_replace (mnr_sync_request_get_response_headers (msg),
                                "Connection", "close");
  reply_problem (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "payload-too-large", detail, NULL);
}

JsonNode *
record_to_node (const MnrServerRecord *record)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) data = NULL;

  data = json_from_string (record->data_json, NULL);
  if (data == NULL)
    data = json_node_init_object (json_node_alloc (), json_object_new ());

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, record->type);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, record->id);
  json_builder_set_member_name (builder, "country");
  if (record->country != NULL)
    json_builder_add_string_value (builder, record->country);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "rev");
  json_builder_add_int_value (builder, record->rev);
  json_builder_set_member_name (builder, "seq");
  json_builder_add_int_value (builder, record->seq);
  json_builder_set_member_name (builder, "deleted");
  json_builder_add_boolean_value (builder, record->deleted);
  json_builder_set_member_name (builder, "updated_at");
  json_builder_add_string_value (builder, record->updated_at);
  json_builder_set_member_name (builder, "updated_by");
  json_builder_add_string_value (builder, record->updated_by);
  json_builder_set_member_name (builder, "data");
  json_builder_add_value (builder, g_steal_pointer (&data));
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
set_etag (MnrSyncRequest *msg,
          gint64          rev)
{
  g_autofree char *etag = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", rev);

  soup_message_headers_replace (mnr_sync_request_get_response_headers (msg), "ETag", etag);
}

/* Answers with @text (taken). */
static void
reply_string (MnrSyncRequest *msg,
              guint           status,
              const char     *content_type,
              GString        *text)
{
  gsize length = text->len;

  reply_text (msg, status, content_type, g_string_free (text, FALSE), length);
}

/* One record's envelope, written as text around its stored data as the
 * feed's records are (mnr-feed-text.c): the members and values
 * record_to_node() gives, without parsing the data into a tree and
 * writing it out again (most of a single read's time). */
static void
reply_record (MnrSyncRequest        *msg,
              guint                  status,
              const MnrServerRecord *record)
{
  GString *text = g_string_sized_new (256 + (record->data_json != NULL ? strlen (record->data_json) : 0));

  set_etag (msg, record->rev);
  mnr_feed_text_append_record (text, record);
  reply_string (msg, status, "application/json", text);
}

/* The 412 problem with the current record, written as text too: the
 * answer a conflicting write gets, as often as the write itself when
 * several clients write the same record. */
static void
reply_precondition_failed (MnrSyncRequest        *msg,
                           const MnrServerRecord *current,
                           const char            *detail)
{
  GString *text = g_string_sized_new (512 + (current->data_json != NULL ? strlen (current->data_json) : 0));

  set_etag (msg, current->rev);
  g_string_append (text, "{\"type\":\"" PROBLEM_BASE "precondition-failed\","
                         "\"title\":\"Precondition failed\",\"status\":412,\"detail\":");
  mnr_feed_text_append_string (text, detail != NULL ? detail : "");
  g_string_append (text, ",\"current\":");
  mnr_feed_text_append_record (text, current);
  g_string_append_c (text, '}');
  reply_string (msg, SOUP_STATUS_PRECONDITION_FAILED, "application/problem+json", text);
}

/* --- request helpers ---------------------------------------------------- */

/* The token's rights, or NULL after answering 401. The token itself is
 * only hashed, never kept, logged or echoed. */
const MnrTokenEntry *
authenticate (MnrSyncService *self,
              MnrSyncRequest *msg)
{
  SoupMessageHeaders *request = mnr_sync_request_get_request_headers (msg);
  SoupMessageHeaders *response = mnr_sync_request_get_response_headers (msg);
  const char *header = soup_message_headers_get_one (request, "Authorization");
  const MnrTokenEntry *entry = NULL;

  if (header != NULL && g_ascii_strncasecmp (header, "Bearer ", 7) == 0)
    {
      g_autofree char *token = g_strstrip (g_strdup (header + 7));

      entry = mnr_tokens_lookup (self->tokens, token);
      if (entry != NULL)
        return entry;

      soup_message_headers_replace (response, "WWW-Authenticate",
                                    "Bearer realm=\"mnr\", error=\"invalid_token\"");
      reply_problem (msg, SOUP_STATUS_UNAUTHORIZED, "unauthorized",
                     "the bearer token is not known to this server", NULL);
      return NULL;
    }

  soup_message_headers_replace (response, "WWW-Authenticate", "Bearer realm=\"mnr\"");
  reply_problem (msg, SOUP_STATUS_UNAUTHORIZED, "unauthorized",
                 "an Authorization: Bearer token is required", NULL);
  return NULL;
}

/* What @entry may read, from the groups as they stand; NULL after
 * answering 500. */
static MnrReadScope *
read_scope (MnrSyncService      *self,
            MnrSyncRequest      *msg,
            const MnrTokenEntry *entry)
{
  g_autoptr(GHashTable) record_members = NULL;
  g_autoptr(GError) error = NULL;

  if (entry->role == MNR_ROLE_WRITER)
    {
      record_members = mnr_server_store_group_members (self->store, &error);
      if (record_members == NULL)
        {
          reply_internal_error (msg, error);
          return NULL;
        }
    }

  return mnr_read_scope_new (entry, self->bundled_members, record_members);
}

gboolean
has_content_type (MnrSyncRequest *msg,
                  const char     *expected)
{
  SoupMessageHeaders *request = mnr_sync_request_get_request_headers (msg);
  const char *content_type = soup_message_headers_get_content_type (request, NULL);

  if (content_type != NULL && g_ascii_strcasecmp (content_type, expected) == 0)
    return TRUE;

  {
    g_autofree char *detail = g_strdup_printf ("the body must be %s", expected);

    reply_problem (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
                   detail, NULL);
  }
  return FALSE;
}

/* The request body, or NULL after answering 413. */
GBytes *
get_body (MnrSyncRequest *msg,
          gsize           limit)
{
  g_autoptr(GBytes) bytes = g_bytes_ref (mnr_sync_request_get_body (msg));

  if (g_bytes_get_size (bytes) > limit)
    {
      mnr_sync_service_reply_too_large (msg, limit);
      return NULL;
    }

  return g_steal_pointer (&bytes);
}

/* Parses "\"<rev>\""; -1 for anything else. */
static gint64
parse_etag_rev (const char *value)
{
  g_autofree char *copy = g_strstrip (g_strdup (value));
  gsize len = strlen (copy);
  guint64 rev;

  if (len < 3 || copy[0] != '"' || copy[len - 1] != '"')
    return -1;

  copy[len - 1] = '\0';
  if (!g_ascii_string_to_unsigned (copy + 1, 10, 1, G_MAXINT64, &rev, NULL))
    return -1;

  return (gint64) rev;
}

static gboolean
etag_list_matches (const char *header,
                   gint64      rev)
{
  g_auto(GStrv) items = g_strsplit (header, ",", -1);

  for (guint i = 0; items[i] != NULL; i++)
    {
      const char *item = g_strstrip (items[i]);

      if (g_str_has_prefix (item, "W/"))
        item += 2;
      if (g_str_equal (item, "*") || parse_etag_rev (item) == rev)
        return TRUE;
    }

  return FALSE;
}

/* The precondition of a record write (section 5.3): exactly one of
 * "If-None-Match: *" (a create, *@rev 0) or "If-Match" with one strong
 * tag of decimal digits (an update, *@tag the tag as sent, compared as a
 * string with the current rev's). Anything else (no header, both, a weak
 * tag, a list, "*" in If-Match) is no precondition: FALSE, a 428. */
static gboolean
read_write_precondition (SoupMessageHeaders  *request,
                         char               **tag)
{
  const char *if_match = soup_message_headers_get_one (request, "If-Match");
  const char *if_none_match = soup_message_headers_get_one (request, "If-None-Match");
  g_autofree char *value = NULL;
  gsize len;

  *tag = NULL;

  if ((if_match == NULL) == (if_none_match == NULL))
    return FALSE;

  if (if_none_match != NULL)
    {
      value = g_strstrip (g_strdup (if_none_match));
      return g_str_equal (value, "*");
    }

  value = g_strstrip (g_strdup (if_match));
  len = strlen (value);
  if (len < 3 || value[0] != '"' || value[len - 1] != '"')
    return FALSE;
  for (gsize i = 1; i < len - 1; i++)
    if (!g_ascii_isdigit (value[i]))
      return FALSE;

  *tag = g_steal_pointer (&value);
  return TRUE;
}

/* --- handlers ----------------------------------------------------------- */

static void
handle_info (MnrSyncService *self,
             MnrSyncRequest *msg)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "protocol");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "server");
  json_builder_add_string_value (builder, SERVER_NAME);
  json_builder_set_member_name (builder, "types");
  json_builder_begin_array (builder);
  for (guint i = 0; self->types[i] != NULL; i++)
    json_builder_add_string_value (builder, self->types[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "limits");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "record_bytes");
  json_builder_add_int_value (builder, MNR_SYNC_MAX_RECORD_BYTES);
  json_builder_set_member_name (builder, "blob_bytes");
  json_builder_add_int_value (builder, (gint64) self->max_blob_bytes);
  json_builder_set_member_name (builder, "page_max");
  json_builder_add_int_value (builder, MNR_SYNC_MAX_PAGE);
  mnr_sync_service_add_batch_limits (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  reply_json (msg, SOUP_STATUS_OK, "application/json", root);
}

static gboolean
parse_cursor (const char *cursor,
              gint64     *seq)
{
  guint64 value;

  if (cursor == NULL || cursor[0] != 's' || strlen (cursor) > 20)
    return FALSE;
  for (const char *p = cursor + 1; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  if (!g_ascii_string_to_unsigned (cursor + 1, 10, 0, G_MAXINT64, &value, NULL))
    return FALSE;

  *seq = (gint64) value;
  return TRUE;
}

static void
handle_changes (MnrSyncService *self,
                MnrSyncRequest *msg,
                GHashTable     *query)
{
  g_autoptr(MnrReadScope) scope = NULL;
  g_autoptr(GString) page = NULL;
  g_autoptr(GError) error = NULL;
  const char *since_text = query != NULL ? g_hash_table_lookup (query, "since") : NULL;
  const char *limit_text = query != NULL ? g_hash_table_lookup (query, "limit") : NULL;
  const MnrTokenEntry *entry;
  gint64 since = 0, last;
  guint64 limit = PAGE_DEFAULT, n_sent = 0;
  gboolean more = FALSE;

  entry = authenticate (self, msg);
  if (entry == NULL)
    return;

  if (since_text != NULL && !parse_cursor (since_text, &since))
    {
      reply_problem (msg, SOUP_STATUS_BAD_REQUEST, "invalid-cursor",
                     "since must be a cursor returned by this server", NULL);
      return;
    }

  if (limit_text != NULL &&
      (limit_text[0] == '+' || limit_text[0] == '-' ||
       !g_ascii_string_to_unsigned (limit_text, 10, 1, MNR_SYNC_MAX_PAGE, &limit, NULL)))
    {
      g_autofree char *detail = g_strdup_printf ("limit must be an integer from 1 to %d",
                                                 MNR_SYNC_MAX_PAGE);

      reply_problem (msg, SOUP_STATUS_BAD_REQUEST, "invalid-cursor", detail, NULL);
      return;
    }

  scope = read_scope (self, msg, entry);
  if (scope == NULL)
    return;

  /* Written as text around each record's stored data (mnr-feed-text.c). */
  page = g_string_sized_new (64 * 1024);
  g_string_append (page, "{\"changes\":[");

  /* Records the token may not read are passed over (section 3.5): the
   * cursor moves past them, and a page may hold fewer than @limit, none
   * even, with more still to come. At most SCAN_PAGES × @limit rows are
   * looked at per request, so that a narrow scope pays for a page of its
   * own, not for the whole feed. */
  last = since;
  more = TRUE;
  for (guint scans = 0; more && n_sent < limit && scans < SCAN_PAGES; scans++)
    {
      g_autoptr(GPtrArray) records = mnr_server_store_changes (self->store, last, (guint) limit,
                                                                &more, &error);
      if (records == NULL)
        {
          reply_internal_error (msg, error);
          return;
        }

      for (guint i = 0; i < records->len && n_sent < limit; i++)
        {
          const MnrServerRecord *record = g_ptr_array_index (records, i);

          switch (mnr_read_scope_check (scope, record))
            {
            case MNR_READ_ALLOWED:
              if (n_sent++ > 0)
                g_string_append_c (page, ',');
              mnr_feed_text_append_record (page, record);
              break;
            case MNR_READ_WITHHELD:
              if (n_sent++ > 0)
                g_string_append_c (page, ',');
              mnr_feed_text_append_withheld (page, record);
              break;
            case MNR_READ_HIDDEN:
            default:
              break;
            }
          last = record->seq;
          if (n_sent == limit && i + 1 < records->len)
            more = TRUE;
        }
    }
  g_string_append_printf (page, "],\"cursor\":\"s%" G_GINT64_FORMAT "\",\"more\":%s}",
                          last, more ? "true" : "false");
  /* The next page's cursor ahead of the body too, so that a client may ask
   * for that page before it has read this one (section 5.5). */
  if (more)
    {
      g_autofree char *next = g_strdup_printf ("s%" G_GINT64_FORMAT, last);

      soup_message_headers_replace (mnr_sync_request_get_response_headers (msg), "MNR-Next-Cursor", next);
    }
  {
    gsize length = page->len;

    reply_text (msg, SOUP_STATUS_OK, "application/json", g_string_free (g_steal_pointer (&page), FALSE), length);
  }
}

static void
handle_record_get (MnrSyncService      *self,
                   MnrSyncRequest      *msg,
                   const MnrTokenEntry *entry,
                   const char          *type,
                   const char          *id)
{
  g_autoptr(MnrReadScope) scope = NULL;
  SoupMessageHeaders *request = mnr_sync_request_get_request_headers (msg);
  g_autoptr(MnrServerRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  const char *if_none_match;

  if (!mnr_server_store_get (self->store, type, id, &record, &error))
    {
      reply_internal_error (msg, error);
      return;
    }

  /* A record the token may not read is one it cannot tell from one that
   * was never written. */
  if (record != NULL)
    {
      scope = read_scope (self, msg, entry);
      if (scope == NULL)
        return;
      if (mnr_read_scope_check (scope, record) != MNR_READ_ALLOWED)
        g_clear_pointer (&record, mnr_server_record_free);
    }

  if (record == NULL)
    {
      reply_problem (msg, SOUP_STATUS_NOT_FOUND, "not-found", "no such record", NULL);
      return;
    }

  set_etag (msg, record->rev);

  if_none_match = soup_message_headers_get_one (request, "If-None-Match");
  if (if_none_match != NULL && etag_list_matches (if_none_match, record->rev))
    {
      mnr_sync_request_set_status (msg, SOUP_STATUS_NOT_MODIFIED, NULL);
      return;
    }

  reply_record (msg, SOUP_STATUS_OK, record);
}

/* The body of a write as JSON, I-JSON as section 4.8 has it
 * (mnr-json-body.c); else NULL with *@detail saying why. Pure, so that
 * the fuzz targets read bodies as the server does. */
JsonNode *
mnr_sync_service_parse_body (GBytes  *body,
                             char   **detail)
{
  g_autoptr(GError) error = NULL;
  const char *data;
  gsize size;
  JsonNode *root;

  *detail = NULL;
  data = g_bytes_get_data (body, &size);
  root = mnr_json_body_parse (data, size, &error);
  if (root == NULL)
    *detail = g_strdup (error->message);
  return root;
}

/* The body of a write as JSON, or NULL after answering 400. */
JsonNode *
parse_json_body (MnrSyncRequest *msg,
                 GBytes         *body)
{
  g_autofree char *detail = NULL;
  JsonNode *root = mnr_sync_service_parse_body (body, &detail);

  if (root == NULL)
    reply_problem (msg, SOUP_STATUS_BAD_REQUEST, "malformed-json", detail, NULL);
  return root;
}

static void
handle_record_put (MnrSyncService      *self,
                   MnrSyncRequest      *msg,
                   const MnrTokenEntry *entry,
                   const char          *type,
                   const char          *id)
{
  SoupMessageHeaders *request = mnr_sync_request_get_request_headers (msg);
  g_auto(MnrWriteOutcome) outcome = { 0, };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *if_match_tag = NULL;

  if (entry->role == MNR_ROLE_READER)
    {
      reply_problem (msg, SOUP_STATUS_FORBIDDEN, "forbidden", "a reader may not write", NULL);
      return;
    }

  if (!has_content_type (msg, "application/json"))
    return;

  /* Before the body is looked at (section 5.2, step 7). */
  if (!read_write_precondition (request, &if_match_tag))
    {
      reply_problem (msg, 428, "precondition-required",
                     "send If-None-Match: * to create or If-Match: \"<rev>\" (one strong tag) to update",
                     NULL);
      return;
    }

  body = get_body (msg, MNR_SYNC_MAX_RECORD_BYTES);
  if (body == NULL)
    return;

  root = parse_json_body (msg, body);
  if (root == NULL)
    return;

  if (!mnr_sync_service_write (self, entry, type, id, if_match_tag, root, &outcome, &error))
    {
      reply_internal_error (msg, error);
      return;
    }

  if (outcome.status == SOUP_STATUS_OK || outcome.status == SOUP_STATUS_CREATED)
    {
      /* Committed: now, and before the answer, the audit trail. */
      if (self->audit != NULL)
        {
          MnrAuditEntry audit_entry;

          mnr_write_outcome_audit_entry (&outcome, entry, &audit_entry);
          mnr_audit_log_append (self->audit, &audit_entry, 1);
        }

      reply_record (msg, outcome.status, outcome.record);
    }
  else if (outcome.status == SOUP_STATUS_PRECONDITION_FAILED)
    reply_precondition_failed (msg, outcome.record, outcome.detail);
  else
    reply_problem (msg, outcome.status, outcome.slug, outcome.detail, NULL);
}

static void
handle_record (MnrSyncService *self,
               MnrSyncRequest *msg,
               const char     *type,
               const char     *id)
{
  const char *method = mnr_sync_request_get_method (msg);
  const MnrTokenEntry *entry;
  gboolean is_read = method == SOUP_METHOD_GET || method == SOUP_METHOD_HEAD;

  if (!is_read && method != SOUP_METHOD_PUT)
    {
      reply_method_not_allowed (msg, "GET, HEAD, PUT");
      return;
    }

  entry = authenticate (self, msg);
  if (entry == NULL)
    return;

  if (!mnr_id_is_uuid (id))
    {
      reply_problem (msg, SOUP_STATUS_BAD_REQUEST, "invalid-id",
                     "a record id is a lower-case UUID", NULL);
      return;
    }

  if (is_read)
    handle_record_get (self, msg, entry, type, id);
  else
    handle_record_put (self, msg, entry, type, id);
}

/* Whether @entry may read the blob @sha256: when it may read a record
 * whose file it is (section 3.5). Whether a blob is there at all (HEAD)
 * is answered to those who upload, who must know before they push the
 * record (section 7.7), and who could learn it by uploading anyway.
 * Otherwise answers 404, as for a blob that is not there. */
static gboolean
may_read_blob (MnrSyncService      *self,
               MnrSyncRequest      *msg,
               const MnrTokenEntry *entry,
               gboolean             head,
               const char          *sha256)
{
  g_autoptr(MnrReadScope) scope = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;

  if (entry->role == MNR_ROLE_SECRETARIAT || (head && mnr_token_entry_may_upload (entry)))
    return TRUE;

  records = mnr_server_store_list_blob_records (self->store, sha256, &error);
  if (records == NULL)
    {
      reply_internal_error (msg, error);
      return FALSE;
    }

  scope = read_scope (self, msg, entry);
  if (scope == NULL)
    return FALSE;

  for (guint i = 0; i < records->len; i++)
    if (mnr_read_scope_check (scope, records->pdata[i]) == MNR_READ_ALLOWED)
      return TRUE;

  reply_problem (msg, SOUP_STATUS_NOT_FOUND, "not-found", "no such blob", NULL);
  return FALSE;
}

static void
handle_blob (MnrSyncService *self,
             MnrSyncRequest *msg,
             const char     *sha256)
{
  const char *method = mnr_sync_request_get_method (msg);
  const MnrTokenEntry *entry;
  g_autoptr(GError) error = NULL;

  if (method != SOUP_METHOD_GET && method != SOUP_METHOD_HEAD && method != SOUP_METHOD_PUT)
    {
      reply_method_not_allowed (msg, "GET, HEAD, PUT");
      return;
    }

  entry = authenticate (self, msg);
  if (entry == NULL)
    return;

  if (!mnr_id_is_sha256 (sha256))
    {
      reply_problem (msg, SOUP_STATUS_BAD_REQUEST, "invalid-id",
                     "a blob is named by its SHA-256 in 64 lower-case hex digits", NULL);
      return;
    }

  if (method == SOUP_METHOD_PUT)
    {
      g_autoptr(GBytes) body = NULL;
      g_autofree char *actual = NULL;
      gboolean created = FALSE;

      if (!mnr_token_entry_may_upload (entry))
        {
          reply_problem (msg, SOUP_STATUS_FORBIDDEN, "forbidden", "a reader may not upload", NULL);
          return;
        }

      if (!has_content_type (msg, "application/octet-stream"))
        return;

      body = get_body (msg, self->max_blob_bytes);
      if (body == NULL)
        return;

      actual = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, body);
      if (!g_str_equal (actual, sha256))
        {
          reply_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "hash-mismatch",
                         "the SHA-256 of the body is not the one in the path; nothing was stored",
                         NULL);
          return;
        }

      if (!mnr_server_store_put_blob (self->store, sha256, body, &created, &error))
        {
          reply_internal_error (msg, error);
          return;
        }

      if (self->audit != NULL)
        {
          MnrAuditEntry audit_entry = { entry->label, "upload", "blob", sha256, 0, 0 };

          mnr_audit_log_append (self->audit, &audit_entry, 1);
        }
      mnr_sync_request_set_status (msg, created ? SOUP_STATUS_CREATED : SOUP_STATUS_OK, NULL);
    }
  else
    {
      g_autofree char *path = mnr_server_store_blob_path (self->store, sha256);
      g_autoptr(GMappedFile) file = NULL;
      g_autoptr(GBytes) bytes = NULL;

      if (!may_read_blob (self, msg, entry, method == SOUP_METHOD_HEAD, sha256))
        return;

      file = g_mapped_file_new (path, FALSE, &error);
      if (file == NULL)
        {
          if (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
            reply_problem (msg, SOUP_STATUS_NOT_FOUND, "not-found", "no such blob", NULL);
          else
            reply_internal_error (msg, error);
          return;
        }

      bytes = g_mapped_file_get_bytes (file);
      mnr_sync_request_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_message_headers_set_content_type (mnr_sync_request_get_response_headers (msg),
                                             "application/octet-stream", NULL);
      mnr_sync_request_set_response_body (msg, bytes);
    }
}

/* GET /mnr/v1/audit?since=N&limit=M: the audit trail, to the
 * secretariat only (section 5.10). */
static void
handle_audit (MnrSyncService *self,
              MnrSyncRequest *msg,
              GHashTable     *query)
{
  const char *since_text = query != NULL ? g_hash_table_lookup (query, "since") : NULL;
  const char *limit_text = query != NULL ? g_hash_table_lookup (query, "limit") : NULL;
  const MnrTokenEntry *entry;
  g_autoptr(JsonNode) page = NULL;
  g_autoptr(GError) error = NULL;
  guint64 since = 0, limit = PAGE_DEFAULT;

  entry = authenticate (self, msg);
  if (entry == NULL)
    return;

  if (entry->role != MNR_ROLE_SECRETARIAT)
    {
      reply_problem (msg, SOUP_STATUS_FORBIDDEN, "forbidden",
                     "only the secretariat reads the audit log", NULL);
      return;
    }

  if ((since_text != NULL &&
       (!g_ascii_isdigit (since_text[0]) ||
        !g_ascii_string_to_unsigned (since_text, 10, 0, G_MAXINT64, &since, NULL))) ||
      (limit_text != NULL &&
       (!g_ascii_isdigit (limit_text[0]) ||
        !g_ascii_string_to_unsigned (limit_text, 10, 1, MNR_SYNC_MAX_PAGE, &limit, NULL))))
    {
      g_autofree char *detail = g_strdup_printf ("since must be a line count (the \"next\" of a"
                                                 " page) and limit an integer from 1 to %d",
                                                 MNR_SYNC_MAX_PAGE);

      reply_problem (msg, SOUP_STATUS_BAD_REQUEST, "invalid-cursor", detail, NULL);
      return;
    }

  if (self->audit == NULL)
    {
      reply_problem (msg, SOUP_STATUS_NOT_FOUND, "not-found", "this server keeps no audit log",
                     NULL);
      return;
    }

  page = mnr_audit_log_read (self->audit, since, (guint) limit, &error);
  if (page == NULL)
    {
      reply_internal_error (msg, error);
      return;
    }

  reply_json (msg, SOUP_STATUS_OK, "application/json", page);
}

/* "/mnr/v<digits>" followed by "/" or the end, other than v1. */
static gboolean
is_other_version (const char *path)
{
  const char *p;

  if (!g_str_has_prefix (path, "/mnr/v"))
    return FALSE;

  p = path + strlen ("/mnr/v");
  if (!g_ascii_isdigit (*p))
    return FALSE;
  while (g_ascii_isdigit (*p))
    p++;

  return (*p == '/' || *p == '\0') && !g_str_has_prefix (path, BASE_PATH);
}

/* Runs on a worker (mnr-sync-service-dispatch.c). */
void
mnr_sync_service_route (MnrSyncService *self,
                        MnrSyncRequest *msg)
{
  const char *path = mnr_sync_request_get_path (msg);
  GHashTable *query = mnr_sync_request_get_query (msg);
  const char *method = mnr_sync_request_get_method (msg);
  g_auto(GStrv) segments = NULL;
  guint n_segments;

  if (g_str_equal (path, BASE_PATH))
    {
      if (method == SOUP_METHOD_GET || method == SOUP_METHOD_HEAD)
        handle_info (self, msg);
      else
        reply_method_not_allowed (msg, "GET, HEAD");
      return;
    }

  if (!g_str_has_prefix (path, BASE_PATH))
    {
      if (is_other_version (path))
        reply_problem (msg, SOUP_STATUS_NOT_FOUND, "unknown-version",
                       "this server speaks protocol 1 only, under /mnr/v1/", NULL);
      else
        reply_problem (msg, SOUP_STATUS_NOT_FOUND, "not-found", "no such resource", NULL);
      return;
    }

  segments = g_strsplit (path + strlen (BASE_PATH), "/", -1);
  n_segments = g_strv_length (segments);

  if (n_segments == 1 && g_str_equal (segments[0], "changes"))
    {
      if (method == SOUP_METHOD_GET || method == SOUP_METHOD_HEAD)
        handle_changes (self, msg, query);
      else
        reply_method_not_allowed (msg, "GET, HEAD");
    }
  else if (n_segments == 3 && g_str_equal (segments[0], "records"))
    {
      /* A type this server does not serve, whether a newer client's or
       * a misspelling, is told apart from a missing record (section 2.4). */
      if (g_strv_contains ((const char * const *) self->types, segments[1]))
        handle_record (self, msg, segments[1], segments[2]);
      else
        {
          g_autofree char *known = g_strjoinv (", ", self->types);
          g_autofree char *detail = g_strdup_printf ("this server does not know records of type \"%.64s\";"
                                                     " it knows %s", segments[1], known);

          reply_problem (msg, SOUP_STATUS_NOT_FOUND, "unknown-type", detail, NULL);
        }
    }
  else if (n_segments == 2 && g_str_equal (segments[0], "blobs"))
    handle_blob (self, msg, segments[1]);
  else if (n_segments == 1 && g_str_equal (segments[0], "audit"))
    {
      if (method == SOUP_METHOD_GET || method == SOUP_METHOD_HEAD)
        handle_audit (self, msg, query);
      else
        reply_method_not_allowed (msg, "GET, HEAD");
    }
  else if (n_segments == 1 && g_str_equal (segments[0], "batch"))
    mnr_sync_service_handle_batch (self, msg);
  else
    reply_problem (msg, SOUP_STATUS_NOT_FOUND, "not-found", "no such resource", NULL);
}

void
mnr_sync_service_on_request_finished (SoupServer        *server,
                                      SoupServerMessage *msg,
                                      gpointer           user_data)
{
  /* Method, path and status only: never headers, so never a token. */
  g_printerr ("%s %s %u\n", soup_server_message_get_method (msg),
              g_uri_get_path (soup_server_message_get_uri (msg)),
              soup_server_message_get_status (msg));
}

/* --- object ------------------------------------------------------------- */

static void
mnr_sync_service_dispose (GObject *object)
{
  MnrSyncService *self = MNR_SYNC_SERVICE (object);

  mnr_sync_service_stop_workers (self, 0);
  g_clear_pointer (&self->listeners, g_ptr_array_unref);
  g_clear_object (&self->store);
  g_clear_object (&self->tokens);
  g_clear_pointer (&self->audit, mnr_audit_log_free);

  G_OBJECT_CLASS (mnr_sync_service_parent_class)->dispose (object);
}

static void
mnr_sync_service_finalize (GObject *object)
{
  MnrSyncService *self = MNR_SYNC_SERVICE (object);

  g_strfreev (self->types);
  g_clear_pointer (&self->bundled_members, g_hash_table_unref);

  G_OBJECT_CLASS (mnr_sync_service_parent_class)->finalize (object);
}

static void
mnr_sync_service_class_init (MnrSyncServiceClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = mnr_sync_service_dispose;
  G_OBJECT_CLASS (klass)->finalize = mnr_sync_service_finalize;
}

static void
mnr_sync_service_init (MnrSyncService *self)
{
  mnr_sync_service_set_types (self, NULL, NULL);
  self->n_threads = MNR_SYNC_SERVICE_DEFAULT_THREADS;
  self->n_listeners = MNR_SYNC_SERVICE_DEFAULT_LISTENERS;
  self->idle_seconds = MNR_SYNC_SERVICE_DEFAULT_IDLE_SECONDS;
  self->header_seconds = MNR_SYNC_SERVICE_DEFAULT_HEADER_SECONDS;
  self->body_seconds = MNR_SYNC_SERVICE_DEFAULT_BODY_SECONDS;
  self->max_connections = MNR_SYNC_SERVICE_DEFAULT_MAX_CONNECTIONS;
}

/**
 * mnr_sync_service_set_types:
 * @types: (nullable): the record types to serve; %NULL for every type
 *   this server knows
 *
 * Serves only @types, as an older server that knows fewer would: the
 * discovery document lists them, and a record of another type is
 * refused with `unknown-type`. For testing clients against such a server.
 *
 * Returns: %FALSE with @error if one of @types is not a type at all
 */
gboolean
mnr_sync_service_set_types (MnrSyncService      *self,
                            const char * const  *types,
                            GError             **error)
{
  const MnrRecordType * const *known = mnr_record_types ();
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (MNR_IS_SYNC_SERVICE (self), FALSE);

  for (guint i = 0; types != NULL && types[i] != NULL; i++)
    if (mnr_record_type_lookup (types[i]) == NULL)
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                     "\"%s\" is not a record type", types[i]);
        return FALSE;
      }

  for (guint i = 0; known[i] != NULL; i++)
    if (types == NULL || g_strv_contains (types, known[i]->name))
      g_strv_builder_add (builder, known[i]->name);

  g_strfreev (self->types);
  self->types = g_strv_builder_end (builder);
  return TRUE;
}

MnrSyncService *
mnr_sync_service_new (MnrServerStore *store,
                      MnrTokens      *tokens,
                      gsize           max_blob_bytes,
                      gboolean        verbose)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainContext) context = NULL;
  MnrSyncService *self;

  g_return_val_if_fail (MNR_IS_SERVER_STORE (store), NULL);
  g_return_val_if_fail (MNR_IS_TOKENS (tokens), NULL);

  self = g_object_new (MNR_TYPE_SYNC_SERVICE, NULL);
  self->store = g_object_ref (store);
  self->tokens = g_object_ref (tokens);
  self->max_blob_bytes = max_blob_bytes;
  self->verbose = verbose;

  /* The core bundles them: they cannot fail to be there. */
  self->bundled_members = mnr_read_scope_load_bundled_groups (&error);
  if (self->bundled_members == NULL)
    g_error ("cannot read the bundled groups: %s", error->message);

  /* The first listener is the caller's: it runs this context. */
  context = g_main_context_ref_thread_default ();
  self->listeners = g_ptr_array_new_with_free_func ((GDestroyNotify) mnr_sync_listener_free);
  g_ptr_array_add (self->listeners, mnr_sync_listener_new (self, context));

  return self;
}

/* How many requests are handled at once; before listening. */
void
mnr_sync_service_set_threads (MnrSyncService *self,
                              guint           n_threads)
{
  g_return_if_fail (MNR_IS_SYNC_SERVICE (self));
  g_return_if_fail (n_threads >= 1);
  g_return_if_fail (self->readers == NULL);

  self->n_threads = n_threads;
}

/* How long a connection may stay open between requests. */
void
mnr_sync_service_set_idle_timeout (MnrSyncService *self,
                                   guint           seconds)
{
  g_return_if_fail (MNR_IS_SYNC_SERVICE (self));

  self->idle_seconds = seconds;
  for (guint i = 0; i < self->listeners->len; i++)
    mnr_keep_alive_set_idle_timeout (((MnrSyncListener *) self->listeners->pdata[i])->keep_alive,
                                     seconds);
}

/* Logs every accepted write to @audit (taken); before listening. */
void
mnr_sync_service_set_audit_log (MnrSyncService *self,
                                MnrAuditLog    *audit)
{
  g_return_if_fail (MNR_IS_SYNC_SERVICE (self));
  g_return_if_fail (self->readers == NULL);

  g_clear_pointer (&self->audit, mnr_audit_log_free);
  self->audit = audit;
}

/* The deadlines of a request's headers and body, and the connection
 * cap (mnr-keep-alive.c); 0 for none. */
void
mnr_sync_service_set_limits (MnrSyncService *self,
                             guint           header_seconds,
                             guint           body_seconds,
                             guint           max_connections)
{
  g_return_if_fail (MNR_IS_SYNC_SERVICE (self));

  self->header_seconds = header_seconds;
  self->body_seconds = body_seconds;
  self->max_connections = max_connections;
  for (guint i = 0; i < self->listeners->len; i++)
    mnr_keep_alive_set_limits (((MnrSyncListener *) self->listeners->pdata[i])->keep_alive,
                               header_seconds, body_seconds, max_connections);
}

/* How many SoupServers listen on the port, each on a thread of its own
 * (the first on the caller's); before listening. */
void
mnr_sync_service_set_listeners (MnrSyncService *self,
                                guint           n_listeners)
{
  g_return_if_fail (MNR_IS_SYNC_SERVICE (self));
  g_return_if_fail (n_listeners >= 1);
  g_return_if_fail (self->readers == NULL);

  self->n_listeners = n_listeners;
}
