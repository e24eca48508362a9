/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "mnr-store.h"
#include "mnr-sync-client.h"
#include "mnr-test-util.h"
#include "test-sync-client.h"

/* The sync client against the real reference server (a child process on
 * an ephemeral loopback port, with its own data dir and tokens file) and
 * against a tiny in-process SoupServer for answers the real one never
 * gives: two clients exchanging rounds, ratings, evidence and a file; a
 * concurrent edit kept as a conflict; a refused token; a writer of another
 * country; an edit made while its upload is in flight; an unreachable
 * server; malformed, mistyped, huge and missing answers. Stores are real,
 * in temporary folders; async calls run in a GMainLoop. */


/* Five changes over three pages: a rating waits on the first page for its
 * round, which comes on the last; evidence on the second. @PAD@ at the start
 * of each one's data is replaced: padding (a member this
 * version does not know) makes the last two pages large enough to be read
 * on a worker thread, the first is read at once. */
#define PAGED_ROUND(n, seq) \
  "{\"type\": \"round\", \"id\": \"5b0e7c2a-3f41-4d8e-9a6b-2c7d1e0f4a9" n "\", \"country\": \"GH\"," \
  " \"rev\": 1, \"seq\": " seq ", \"deleted\": false, \"updated_by\": \"Kwame Mensah\"," \
  " \"data\": {@PAD@\"name\": \"Review 202" n "\", \"date\": \"202" n "-11-20\"}}"
static const char * const paged_feed[] = {
  PAGED_ROUND ("1", "1"),
  "{\"type\": \"rating\", \"id\": \"c47427ff-d963-5aa8-b169-0adcc80e99de\", \"country\": \"GH\","
  " \"rev\": 1, \"seq\": 2, \"deleted\": false, \"updated_by\": \"Kwame Mensah\","
  " \"data\": {@PAD@\"round\": \"5b0e7c2a-3f41-4d8e-9a6b-2c7d1e0f4a93\", \"element\": \"capability-4\","
  " \"level\": \"established\", \"rationale\": \"A unit exists in Accra.\"}}",
  PAGED_ROUND ("2", "3"),
  "{\"type\": \"evidence\", \"id\": \"9d3c6a1e-7b25-4f80-8e14-63a2b9c0d5f7\", \"country\": \"GH\","
  " \"rev\": 1, \"seq\": 4, \"deleted\": false, \"updated_by\": \"Kwame Mensah\","
  " \"data\": {@PAD@\"title\": \"Cybercrime Act\", \"kind\": \"legislation\", \"date\": \"2020\","
  " \"source\": \"\", \"summary\": \"\", \"restricted\": false, \"elements\": [\"capability-4\"]}}",
  PAGED_ROUND ("3", "5"),
};

#define ORPHAN_FEED \
  "{\"changes\": [" \
  "{\"type\": \"rating\", \"id\": \"c47427ff-d963-5aa8-b169-0adcc80e99de\", \"country\": \"GH\"," \
  " \"rev\": 3, \"seq\": 7, \"deleted\": false, \"updated_by\": \"Kwame Mensah\"," \
  " \"data\": {\"round\": \"5b0e7c2a-3f41-4d8e-9a6b-2c7d1e0f4a93\", \"element\": \"capability-4\"," \
  " \"level\": \"established\", \"rationale\": \"A unit exists in Accra.\"}}]," \
  " \"cursor\": \"s7\", \"more\": false}"
#define PARENT_FEED \
  "{\"changes\": [" \
  "{\"type\": \"round\", \"id\": \"5b0e7c2a-3f41-4d8e-9a6b-2c7d1e0f4a93\", \"country\": \"GH\"," \
  " \"rev\": 2, \"seq\": 8, \"deleted\": false, \"updated_by\": \"Kwame Mensah\"," \
  " \"data\": {\"name\": \"Review 2026\", \"date\": \"2026-11-20\"}}]," \
  " \"cursor\": \"s8\", \"more\": false}"

#define NEWER_FEED \
  "{\"changes\": [" \
  "{\"type\": \"survey\", \"id\": \"0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f\", \"country\": \"GH\"," \
  " \"rev\": 4, \"seq\": 9, \"deleted\": false, \"updated_by\": \"Kwame Mensah\"," \
  " \"data\": {\"title\": \"Committee, March\", \"agenda\": [{\"element\": \"capability-4\"}]," \
  " \"something\": {\"nested\": [1, 2.5, null]}}}," \
  "{\"type\": \"survey\", \"id\": \"not-a-uuid\", \"rev\": 1, \"data\": {}}," \
  "{\"type\": \"round\", \"id\": \"5b0e7c2a-3f41-4d8e-9a6b-2c7d1e0f4a93\", \"country\": \"GH\"," \
  " \"rev\": 2, \"seq\": 10, \"deleted\": false, \"updated_by\": \"Kwame Mensah\"," \
  " \"data\": {\"name\": \"Review 2026\", \"date\": \"2026-11-20\"}}]," \
  " \"cursor\": \"s10\", \"more\": false}"

/* Evidence of GH with one attachment of FILE_BYTES, as the server sends. */
#define FILE_BYTES "Memorandum of understanding, Accra, 2024.\n"
#define FILE_FEED \
  "{\"changes\": [" \
  "{\"type\": \"evidence\", \"id\": \"5b0e7c2a-3f41-4d8e-9a6b-2c7d1e0f4a93\", \"country\": \"GH\"," \
  " \"rev\": 1, \"seq\": 1, \"deleted\": false, \"updated_at\": \"2026-11-22T06:12:09Z\"," \
  " \"updated_by\": \"Kwame Mensah\", \"data\": {\"title\": \"Memorandum\", \"kind\": \"agreement\"," \
  " \"date\": \"2024\", \"source\": \"\", \"summary\": \"\", \"restricted\": false, \"elements\": []}}," \
  "{\"type\": \"attachment\", \"id\": \"9d3c6a1e-7b25-4f80-8e14-63a2b9c0d5f7\", \"country\": \"GH\"," \
  " \"rev\": 1, \"seq\": 2, \"deleted\": false, \"updated_at\": \"2026-11-22T06:12:10Z\"," \
  " \"updated_by\": \"Kwame Mensah\", \"data\": {\"evidence\": \"5b0e7c2a-3f41-4d8e-9a6b-2c7d1e0f4a93\"," \
  " \"sha256\": \"%s\", \"name\": \"memorandum.txt\", \"size\": %d, \"content_type\": \"text/plain\"}}]," \
  " \"cursor\": \"s2\", \"more\": false}"


static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->path = g_dir_make_tmp ("mnr-sync-client-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->paused = g_ptr_array_new_with_free_func (g_object_unref);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  mnr_test_stop_server (&fixture->server);
  if (fixture->fake != NULL)
    soup_server_disconnect (fixture->fake);
  g_clear_object (&fixture->fake);
  g_clear_pointer (&fixture->paused, g_ptr_array_unref);
  g_clear_object (&fixture->edit_store);
  g_clear_pointer (&fixture->edit_round, g_free);
  g_clear_pointer (&fixture->endpoint, g_free);
  g_clear_pointer (&fixture->fake_endpoint, g_free);

  mnr_test_remove_tree (fixture->path);
  g_clear_pointer (&fixture->path, g_free);
}

/* Starts mnr-sync-server; FALSE (test skipped) if it was not built. */
gboolean
start_server (Fixture *fixture)
{
  g_autofree char *gh = mnr_test_token_line (WRITER_GH, "writer GH");
  g_autofree char *vn = mnr_test_token_line (WRITER_VN, "writer VN");
  g_autofree char *tokens = g_strconcat (gh, vn, NULL);

  fixture->server = mnr_test_start_server (fixture->path, tokens, &fixture->endpoint);
  return fixture->server != NULL;
}

MnrStore *
open_store (Fixture    *fixture,
            const char *name,
            const char *author)
{
  g_autofree char *path = g_build_filename (fixture->path, name, NULL);
  g_autoptr(GFile) dir = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  MnrStore *store;

  g_assert_cmpint (g_mkdir_with_parents (path, 0700), ==, 0);
  store = mnr_store_open (dir, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  mnr_store_set_author (store, author);
  return store;
}

/* Every member of @report is set first to 0xff, so that one that
 * mnr_sync_client_sync_finish() does not set shows. */
gboolean
run_sync (MnrSyncClient  *client,
          MnrSyncReport  *report,
          GError        **error)
{
  memset (report, 0xff, sizeof *report);
  return mnr_test_run_sync (client, report, error);
}

void
set_rating (MnrStore   *store,
            const char *round_id,
            const char *level)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (mnr_store_set_rating (store, round_id, "capability-4", level, "A unit exists in Accra.", &error));
  g_assert_no_error (error);
}

MnrRating *
get_rating (MnrStore   *store,
            const char *round_id)
{
  g_autoptr(GError) error = NULL;
  MnrRating *rating = mnr_store_get_rating (store, round_id, "capability-4", &error);

  g_assert_no_error (error);
  g_assert_nonnull (rating);
  return rating;
}

/* "type id local_rev server_rev" of each dirty record. */
char *
describe_dirty (MnrStore *store)
{
  g_autoptr(GPtrArray) dirty = mnr_test_list_dirty (store);
  GString *text = g_string_new ("");

  for (guint i = 0; i < dirty->len; i++)
    {
      MnrSyncRecord *record = dirty->pdata[i];

      g_string_append_printf (text, "%s %s %" G_GINT64_FORMAT " %" G_GINT64_FORMAT "\n",
                              record->type, record->id, record->local_rev, record->server_rev);
    }

  return g_string_free (text, FALSE);
}

/* A checksum of every row of every table of the store @name. */
char *
checksum_rows (Fixture    *fixture,
               const char *name)
{
  g_autofree char *path = g_build_filename (fixture->path, name, NULL);

  return mnr_test_checksum_rows (path, NULL);
}

/* (f) Nothing listens on the port: a transport error, nothing changed. */
static void
test_unreachable (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(MnrStore) b = NULL;
  g_autoptr(MnrRound) round = NULL;
  g_autoptr(MnrSyncClient) client = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *endpoint = NULL;
  g_autofree char *rows_before = NULL;
  g_autofree char *rows_after = NULL;
  MnrSyncReport report;

  /* A port that was free a moment ago, closed again. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_assert_true (g_socket_bind (socket, any, FALSE, &error));
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  endpoint = g_strdup_printf ("http://127.0.0.1:%u/mnr/v1/",
                              g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_assert_true (g_socket_close (socket, &error));

  b = open_store (fixture, "b", "Ama Owusu");
  round = mnr_test_create_round (b);
  rows_before = checksum_rows (fixture, "b");

  client = mnr_sync_client_new (b, endpoint, WRITER_GH);
  g_assert_false (run_sync (client, &report, &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == G_IO_ERROR);
  g_assert_nonnull (strstr (error->message, "Could not reach the sync server"));

  rows_after = checksum_rows (fixture, "b");
  g_assert_cmpstr (rows_after, ==, rows_before);
}

/* Plain http:// to another host is refused before anything is sent. */
static void
test_insecure_endpoint (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(MnrStore) b = open_store (fixture, "b", "Ama Owusu");
  g_autoptr(MnrSyncClient) client = mnr_sync_client_new (b, "http://sync.example.org/mnr/v1/", WRITER_GH);
  g_autoptr(GError) error = NULL;
  MnrSyncReport report;

  g_assert_false (run_sync (client, &report, &error));
  g_assert_error (error, MNR_SYNC_CLIENT_ERROR, MNR_SYNC_CLIENT_ERROR_INSECURE);
}

/* The in-process server. */

static void
fake_put_record (Fixture           *fixture,
                 SoupServerMessage *msg,
                 const char        *type,
                 const char        *id)
{
  SoupMessageBody *request = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (request);
  g_autoptr(JsonNode) node = json_from_string (g_bytes_get_data (bytes, NULL), NULL);
  JsonObject *object;
  g_autofree char *reply = NULL;

  g_assert_nonnull (node);
  g_assert_cmpstr (soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "If-None-Match"),
                   ==, "*");

  /* A person edits the rating while its upload is on its way. */
  if (g_str_equal (type, "rating") && fixture->edit_store != NULL)
    set_rating (fixture->edit_store, fixture->edit_round, "mature");

  object = json_node_get_object (node);
  json_object_set_string_member (object, "type", type);
  json_object_set_string_member (object, "id", id);
  json_object_set_int_member (object, "rev", 1);
  json_object_set_int_member (object, "seq", ++fixture->fake_seq);
  json_object_set_string_member (object, "updated_at", "2026-11-22T06:12:09Z");
  reply = json_to_string (node, FALSE);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "ETag", "\"1\"");
  soup_server_message_set_status (msg, SOUP_STATUS_CREATED, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, reply, strlen (reply));
}

/* One more byte of an answer that never ends, as a slow proxy sends. */
static gboolean
trickle_cb (gpointer user_data)
{
  SoupServerMessage *msg = user_data;

  if (g_object_get_data (G_OBJECT (msg), "trickle-done") != NULL)
    return G_SOURCE_REMOVE;
  soup_message_body_append (soup_server_message_get_response_body (msg), SOUP_MEMORY_STATIC, " ", 1);
  soup_server_message_unpause (msg);
  return G_SOURCE_CONTINUE;
}

static void
trickle_finished_cb (SoupServerMessage *msg)
{
  g_object_set_data (G_OBJECT (msg), "trickle-done", GINT_TO_POINTER (1));
}

static void
fake_handler (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  Fixture *fixture = user_data;
  const char *method = soup_server_message_get_method (msg);
  gsize huge = 20 * 1024 * 1024;

  if (g_str_has_prefix (path, "/mnr/v1/records/") && g_str_equal (method, "PUT"))
    {
      g_auto(GStrv) parts = g_strsplit (path + strlen ("/mnr/v1/records/"), "/", -1);

      g_assert_cmpuint (g_strv_length (parts), ==, 2);
      fake_put_record (fixture, msg, parts[0], parts[1]);
      return;
    }

  if (g_str_equal (path, "/mnr/v1/") && g_str_equal (method, "GET"))
    {
      const char *info = fixture->fake_mode == FAKE_PROTOCOL_2
                           ? "{\"protocol\": 2, \"server\": \"later\"}"
                           : fixture->fake_mode == FAKE_PAGES
                           ? "{\"protocol\": 1, \"server\": \"fake\", \"limits\": {\"record_bytes\": 1048576,"
                             " \"blob_bytes\": 104857600, \"page_max\": 2}}"
                           : "{\"protocol\": 1, \"server\": \"fake\", \"limits\": {\"record_bytes\": 1048576,"
                             " \"blob_bytes\": 104857600, \"page_max\": 1000}}";

      fixture->discoveries++;
      if (soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization") != NULL)
        fixture->discoveries_with_token++;
      if (fixture->fake_mode == FAKE_NOT_A_SERVER)
        {
          soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
          soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC, "<h1>Not found</h1>", 18);
          return;
        }
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, info, strlen (info));
      return;
    }

  if (g_str_has_prefix (path, "/mnr/v1/blobs/") && g_str_equal (method, "GET"))
    {
      const char *bytes = fixture->fake_mode == FAKE_FILE_CHANGED
                            ? "Memorandum of understanding, Hohoe, 2024.\n"  /* same size, other bytes */
                            : FILE_BYTES FILE_BYTES FILE_BYTES;

      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "application/octet-stream", SOUP_MEMORY_STATIC, bytes, strlen (bytes));
      return;
    }

  g_assert_cmpstr (path, ==, "/mnr/v1/changes");
  g_assert_cmpstr (method, ==, "GET");

  switch (fixture->fake_mode)
    {
    case FAKE_EMPTY:
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                        EMPTY_FEED, strlen (EMPTY_FEED));
      break;
    case FAKE_MALFORMED:
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, "{\"changes\": [", strlen ("{\"changes\": ["));
      break;
    case FAKE_WRONG_TYPES:
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, "{\"changes\": 5}", strlen ("{\"changes\": 5}"));
      break;
    case FAKE_DEEP:
      {
        gsize n = 200000;
        char *deep = g_malloc (n);

        memset (deep, '[', n);
        soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
        soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, deep, n);
      }
      break;
    case FAKE_HUGE:
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, g_malloc0 (huge), huge);
      break;
    case FAKE_HUGE_CHUNKED:
      {
        SoupMessageBody *body = soup_server_message_get_response_body (msg);

        soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
        soup_message_headers_set_encoding (soup_server_message_get_response_headers (msg), SOUP_ENCODING_CHUNKED);
        soup_message_headers_set_content_type (soup_server_message_get_response_headers (msg), "application/json", NULL);
        for (guint i = 0; i < 20; i++)
          soup_message_body_append_take (body, g_malloc0 (1024 * 1024), 1024 * 1024);
        soup_message_body_complete (body);
      }
      break;
    case FAKE_SILENT:
      g_ptr_array_add (fixture->paused, g_object_ref (msg));
      soup_server_message_pause (msg);
      break;
    case FAKE_TRICKLE:
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_message_headers_set_encoding (soup_server_message_get_response_headers (msg), SOUP_ENCODING_CHUNKED);
      soup_message_headers_set_content_type (soup_server_message_get_response_headers (msg), "application/json", NULL);
      soup_message_body_append (soup_server_message_get_response_body (msg), SOUP_MEMORY_STATIC, "{", 1);
      g_signal_connect (msg, "finished", G_CALLBACK (trickle_finished_cb), NULL);
      g_signal_connect (msg, "disconnected", G_CALLBACK (trickle_finished_cb), NULL);
      g_timeout_add_full (G_PRIORITY_DEFAULT, 200, trickle_cb, g_object_ref (msg), g_object_unref);
      break;
    case FAKE_ORPHAN:
    case FAKE_PARENT:
    case FAKE_NEWER:
      {
        const char *feed = fixture->fake_mode == FAKE_ORPHAN ? ORPHAN_FEED :
                           fixture->fake_mode == FAKE_PARENT ? PARENT_FEED : NEWER_FEED;

        soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
        soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, feed, strlen (feed));
      }
      break;
    case FAKE_FILE_CHANGED:
    case FAKE_FILE_HUGE:
      {
        g_autofree char *sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, FILE_BYTES, -1);
        char *feed = g_strdup_printf (FILE_FEED, sha256, (int)strlen (FILE_BYTES));

        soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
        soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, feed, strlen (feed));
      }
      break;
    case FAKE_PAGES:
      {
        const char *since = query != NULL ? g_hash_table_lookup (query, "since") : NULL;
        guint from = since != NULL ? (guint)g_ascii_strtoull (since + 1, NULL, 10) : 0;
        guint to = MIN (from + 2, G_N_ELEMENTS (paged_feed));
        g_autoptr(GString) page = g_string_new ("{\"changes\": [");
        g_autofree char *filler = g_strnfill (20000, 'x');
        g_autofree char *padding = g_strdup_printf ("\"padding\": \"%s\", ", filler);
        gsize length;

        g_assert_cmpstr (g_hash_table_lookup (query, "limit"), ==, "2");
        fixture->pages_asked++;
        for (guint i = from; i < to; i++)
          {
            g_autoptr(GString) change = g_string_new (paged_feed[i]);

            g_string_replace (change, "@PAD@", i >= 3 ? padding : "", 1);
            g_string_append_printf (page, "%s%s", i > from ? ", " : "", change->str);
          }
        g_string_append_printf (page, "], \"cursor\": \"s%u\", \"more\": %s}", to,
                                to < G_N_ELEMENTS (paged_feed) ? "true" : "false");
        if (fixture->next_cursor != NULL && to < G_N_ELEMENTS (paged_feed))
          {
            g_autofree char *next = g_strdup_printf ("s%u", to);

            soup_message_headers_replace (soup_server_message_get_response_headers (msg), "MNR-Next-Cursor",
                                          fixture->next_cursor[0] != '\0' ? fixture->next_cursor : next);
          }
        length = page->len;
        soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
        soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE,
                                          g_string_free (g_steal_pointer (&page), FALSE), length);
      }
      break;
    case FAKE_NOT_A_SERVER:  /* answered at discovery */
    case FAKE_PROTOCOL_2:
    default:
      g_assert_not_reached ();
    }
}

static void
start_fake (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;
  g_autofree char *base = NULL;

  fixture->fake = soup_server_new (NULL, NULL);
  soup_server_add_handler (fixture->fake, "/mnr/v1/", fake_handler, fixture, NULL);
  g_assert_true (soup_server_listen_local (fixture->fake, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);

  uris = soup_server_get_uris (fixture->fake);
  g_assert_nonnull (uris);
  base = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);
  fixture->fake_endpoint = g_strconcat (base, g_str_has_suffix (base, "/") ? "" : "/", "mnr/v1/", NULL);
}

/* (e) An edit made while the record's upload is in flight keeps it dirty,
 * with the server's rev as its new base. */
static void
test_edit_during_upload (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(MnrStore) b = NULL;
  g_autoptr(MnrRound) round = NULL;
  g_autoptr(GPtrArray) dirty = NULL;
  MnrSyncRecord *record;
  MnrSyncReport report;

  start_fake (fixture);
  fixture->fake_mode = FAKE_EMPTY;
  b = open_store (fixture, "b", "Ama Owusu");
  round = mnr_test_create_round (b);
  set_rating (b, round->id, "developing");
  fixture->edit_store = g_object_ref (b);
  fixture->edit_round = g_strdup (round->id);

  mnr_test_sync_ok (b, fixture->fake_endpoint, WRITER_GH, &report);
  g_assert_cmpuint (report.pushed, ==, 2);
  g_assert_cmpuint (report.rejected, ==, 0);

  dirty = mnr_test_list_dirty (b);
  g_assert_cmpuint (dirty->len, ==, 1);
  record = dirty->pdata[0];
  g_assert_cmpstr (record->type, ==, "rating");
  g_assert_cmpint (record->server_rev, ==, 1);
  g_assert_cmpstr (json_object_get_string_member (record->data, "level"), ==, "mature");

  /* The cursor of the empty feed was kept. */
  {
    g_autofree char *cursor = mnr_store_get_sync_value (b, "cursor");

    g_assert_cmpstr (cursor, ==, "s0");
  }
}

/* (g) Hostile answers to the changes feed: an error, and no local change. */
static void
test_hostile (Fixture       *fixture,
              gconstpointer  data)
{
  static const struct
  {
    FakeMode    mode;
    GQuark      domain;
    int         code;
  } cases[] = {
    { FAKE_MALFORMED, 0, MNR_SYNC_CLIENT_ERROR_MALFORMED_REPLY },
    { FAKE_WRONG_TYPES, 0, MNR_SYNC_CLIENT_ERROR_MALFORMED_REPLY },
    { FAKE_DEEP, 0, MNR_SYNC_CLIENT_ERROR_MALFORMED_REPLY },
    { FAKE_HUGE, 0, MNR_SYNC_CLIENT_ERROR_REPLY_TOO_LARGE },
    { FAKE_HUGE_CHUNKED, 0, MNR_SYNC_CLIENT_ERROR_REPLY_TOO_LARGE },
    { FAKE_SILENT, 1, G_IO_ERROR_TIMED_OUT },
    /* Past the idle timeout (2 s) by a byte every 200 ms: the deadline. */
    { FAKE_TRICKLE, 0, MNR_SYNC_CLIENT_ERROR_TIMED_OUT },
  };
  g_autoptr(MnrStore) b = NULL;
  g_autoptr(MnrRound) round = NULL;
  g_autofree char *rows_before = NULL;

  start_fake (fixture);
  b = open_store (fixture, "b", "Ama Owusu");
  round = mnr_test_create_round (b);
  rows_before = checksum_rows (fixture, "b");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(MnrSyncClient) client = mnr_sync_client_new (b, fixture->fake_endpoint, WRITER_GH);
      g_autoptr(GError) error = NULL;
      g_autofree char *rows_after = NULL;
      gint64 start = g_get_monotonic_time ();
      MnrSyncReport report;

      fixture->fake_mode = cases[i].mode;
      mnr_sync_client_set_timeout (client, 2);
      mnr_sync_client_set_deadline (client, 3);
      g_assert_false (run_sync (client, &report, &error));
      if (cases[i].domain == 0)
        g_assert_error (error, MNR_SYNC_CLIENT_ERROR, cases[i].code);
      else
        g_assert_error (error, G_IO_ERROR, cases[i].code);
      if (cases[i].code == MNR_SYNC_CLIENT_ERROR_MALFORMED_REPLY && cases[i].domain == 0)
        g_assert_true (g_str_has_prefix (error->message, "The server sent a malformed reply"));
      g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
      g_assert_cmpuint (report.pushed, ==, 0);
      g_assert_cmpuint (report.applied, ==, 0);

      rows_after = checksum_rows (fixture, "b");
      g_assert_cmpstr (rows_after, ==, rows_before);
    }
}

/* Files of attachments from the server are checked: bytes that are not
 * those of the hash are not kept (and asked for again at the next sync),
 * a body larger than the record says is cut off with a clear error, and
 * neither leaves a partial file behind. */
static void
test_bad_files (Fixture       *fixture,
                gconstpointer  data)
{
  static const FakeMode modes[] = { FAKE_FILE_CHANGED, FAKE_FILE_HUGE };

  start_fake (fixture);
  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      g_autofree char *name = g_strdup_printf ("store-%u", i);
      g_autofree char *folder = g_build_filename (fixture->path, name, "attachments", NULL);
      g_autoptr(MnrStore) b = open_store (fixture, name, "Ama Owusu");
      g_autoptr(MnrSyncClient) client = mnr_sync_client_new (b, fixture->fake_endpoint, WRITER_GH);
      g_autoptr(GPtrArray) missing = NULL;
      g_autoptr(GPtrArray) attachments = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GDir) dir = NULL;
      MnrSyncReport report;
      const char *entry;

      fixture->fake_mode = modes[i];
      if (modes[i] == FAKE_FILE_CHANGED)
        {
          run_sync (client, &report, &error);
          g_assert_no_error (error);
          g_assert_cmpuint (report.downloaded, ==, 0);
          g_assert_cmpuint (report.rejected, ==, 1);
          g_assert_cmpuint (mnr_sync_client_get_refusals (client)->len, ==, 1);
          g_assert_cmpint (((MnrSyncRefusal *)mnr_sync_client_get_refusals (client)->pdata[0])->kind, ==,
                           MNR_SYNC_REFUSAL_FILE);
        }
      else
        {
          g_assert_false (run_sync (client, &report, &error));
          g_assert_error (error, MNR_SYNC_CLIENT_ERROR, MNR_SYNC_CLIENT_ERROR_REPLY_TOO_LARGE);
          g_clear_error (&error);
        }

      /* The records are here; the file is still missing, to fetch later. */
      attachments = mnr_store_list_attachments (b, "5b0e7c2a-3f41-4d8e-9a6b-2c7d1e0f4a93", &error);
      g_assert_no_error (error);
      g_assert_cmpuint (attachments->len, ==, 1);
      missing = mnr_store_list_missing_files (b, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (missing->len, ==, 1);

      /* Nothing but empty folders in attachments/. */
      dir = g_dir_open (folder, 0, NULL);
      while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (folder, entry, NULL);

          g_test_message ("attachments/%s", entry);
          g_assert_true (g_file_test (child, G_FILE_TEST_IS_DIR));
          g_assert_false (g_str_has_prefix (entry, ".incoming"));
        }
    }
}

/* A record that comes before the round it belongs to waits in the store,
 * across syncs and restarts, while the feed moves on; it is applied when
 * the round comes. */
static void
test_waiting_for_parent (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(MnrStore) b = NULL;
  g_autoptr(MnrRating) rating = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  MnrSyncReport report;

  start_fake (fixture);
  b = open_store (fixture, "b", "Ama Owusu");

  fixture->fake_mode = FAKE_ORPHAN;
  mnr_test_sync_ok (b, fixture->fake_endpoint, WRITER_GH, &report);
  g_assert_cmpuint (report.pulled, ==, 1);
  g_assert_cmpuint (report.waiting, ==, 1);
  g_assert_cmpuint (report.applied, ==, 0);
  cursor = mnr_store_get_sync_value (b, "cursor");
  g_assert_cmpstr (cursor, ==, "s7");
  g_assert_null (mnr_store_get_rating (b, "5b0e7c2a-3f41-4d8e-9a6b-2c7d1e0f4a93", "capability-4", NULL));

  /* Closed and opened again: still waiting. */
  g_clear_object (&b);
  b = open_store (fixture, "b", "Ama Owusu");

  fixture->fake_mode = FAKE_PARENT;
  mnr_test_sync_ok (b, fixture->fake_endpoint, WRITER_GH, &report);
  g_assert_cmpuint (report.waiting, ==, 0);
  g_assert_cmpuint (report.applied, ==, 2);
  rating = mnr_store_get_rating (b, "5b0e7c2a-3f41-4d8e-9a6b-2c7d1e0f4a93", "capability-4", &error);
  g_assert_no_error (error);
  g_assert_nonnull (rating);
  g_assert_cmpstr (rating->level_id, ==, "established");
  g_free (cursor);
  cursor = mnr_store_get_sync_value (b, "cursor");
  g_assert_cmpstr (cursor, ==, "s8");

  /* Nothing is left waiting to be applied twice. */
  fixture->fake_mode = FAKE_EMPTY;
  mnr_test_sync_ok (b, fixture->fake_endpoint, WRITER_GH, &report);
  g_assert_cmpuint (report.applied, ==, 0);
  g_assert_cmpuint (report.waiting, ==, 0);
}

/* Discovery (section 2.2) before anything else: without the token; an
 * address that is not an MNR server of protocol 1 gets a clear error
 * before any record or the token is sent. */
static void
test_discovery (Fixture       *fixture,
                gconstpointer  data)
{
  static const struct { FakeMode mode; int code; } modes[] = {
    { FAKE_NOT_A_SERVER, MNR_SYNC_CLIENT_ERROR_NOT_A_SERVER },
    { FAKE_PROTOCOL_2, MNR_SYNC_CLIENT_ERROR_UNSUPPORTED_PROTOCOL },
  };
  g_autoptr(MnrStore) b = NULL;
  g_autoptr(MnrRound) round = NULL;
  g_autofree char *rows_before = NULL;
  MnrSyncReport report;

  start_fake (fixture);
  b = open_store (fixture, "b", "Ama Owusu");
  round = mnr_test_create_round (b);
  rows_before = checksum_rows (fixture, "b");

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      g_autoptr(MnrSyncClient) client = mnr_sync_client_new (b, fixture->fake_endpoint, WRITER_GH);
      g_autoptr(GError) error = NULL;
      g_autofree char *rows_after = NULL;

      fixture->fake_mode = modes[i].mode;
      g_assert_false (run_sync (client, &report, &error));
      g_assert_error (error, MNR_SYNC_CLIENT_ERROR, modes[i].code);
      g_test_message ("%s", error->message);
      g_assert_cmpuint (fixture->fake_seq, ==, 0);  /* no record was sent */
      rows_after = checksum_rows (fixture, "b");
      g_assert_cmpstr (rows_after, ==, rows_before);
    }

  fixture->fake_mode = FAKE_EMPTY;
  mnr_test_sync_ok (b, fixture->fake_endpoint, WRITER_GH, &report);
  g_assert_cmpuint (report.pushed, ==, 1);
  g_assert_cmpuint (fixture->discoveries, ==, 3);
  g_assert_cmpuint (fixture->discoveries_with_token, ==, 0);
}

typedef struct
{
  MnrSyncPhase phase;
  guint        done;
  guint        total;
} Progress;

static void
on_progress_cb (MnrSyncClient *client,
                MnrSyncPhase   phase,
                guint          done,
                guint          total,
                GArray        *seen)
{
  Progress progress = { phase, done, total };

  g_array_append_val (seen, progress);
}

/* A sync tells how far it is: records sent out of how many, records
 * received so far, each phase's end told whatever the rate limit. */
static void
test_progress (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(MnrStore) a = NULL;
  g_autoptr(MnrStore) b = NULL;
  g_autoptr(MnrRound) round = NULL;
  g_autoptr(GArray) seen = g_array_new (FALSE, FALSE, sizeof (Progress));
  g_autoptr(GError) error = NULL;
  const char *elements[] = { "capability-1", "capability-2", "capability-3", "capability-4", "capability-5" };
  MnrSyncReport report;
  Progress *last;

  if (!start_server (fixture))
    return;

  a = open_store (fixture, "a", "Kwame Mensah");
  b = open_store (fixture, "b", "Ama Owusu");
  round = mnr_test_create_round (a);
  for (guint i = 0; i < G_N_ELEMENTS (elements); i++)
    g_assert_true (mnr_store_set_rating (a, round->id, elements[i], "building", "", &error));
  g_assert_no_error (error);

  {
    g_autoptr(MnrSyncClient) client = mnr_sync_client_new (a, fixture->endpoint, WRITER_GH);

    g_signal_connect (client, "progress", G_CALLBACK (on_progress_cb), seen);
    g_assert_true (run_sync (client, &report, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpuint (report.pushed, ==, 6);
  g_assert_cmpuint (seen->len, >=, 1);
  for (guint i = 0; i < seen->len; i++)
    {
      Progress *p = &g_array_index (seen, Progress, i);

      if (p->phase == MNR_SYNC_PHASE_SENDING)
        {
          g_assert_cmpuint (p->total, ==, 6);
          g_assert_cmpuint (p->done, <=, p->total);
        }
    }
  last = &g_array_index (seen, Progress, seen->len - 1);
  g_assert_cmpint (last->phase, ==, MNR_SYNC_PHASE_SENDING);
  g_assert_cmpuint (last->done, ==, 6);

  g_array_set_size (seen, 0);
  {
    g_autoptr(MnrSyncClient) client = mnr_sync_client_new (b, fixture->endpoint, WRITER_GH);

    g_signal_connect (client, "progress", G_CALLBACK (on_progress_cb), seen);
    g_assert_true (run_sync (client, &report, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpuint (seen->len, >=, 1);
  last = &g_array_index (seen, Progress, seen->len - 1);
  g_assert_cmpint (last->phase, ==, MNR_SYNC_PHASE_RECEIVING);
  g_assert_cmpuint (last->done, ==, 6);
  g_assert_cmpuint (last->total, ==, 0);
}

/* A feed of several pages: each applied with its cursor, a rating waiting
 * on one page for its round on another, each page asked for once. */
static void
test_pages (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(MnrStore) b = NULL;
  g_autoptr(MnrRating) rating = NULL;
  g_autoptr(GListModel) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  MnrSyncReport report;

  start_fake (fixture);
  fixture->fake_mode = FAKE_PAGES;
  b = open_store (fixture, "b", "Ama Owusu");

  mnr_test_sync_ok (b, fixture->fake_endpoint, WRITER_GH, &report);
  g_assert_cmpuint (fixture->pages_asked, ==, 3);
  g_assert_cmpuint (report.pulled, ==, 5);
  g_assert_cmpuint (report.applied, ==, 5);
  g_assert_cmpuint (report.waiting, ==, 0);
  g_assert_cmpuint (report.rejected, ==, 0);
  cursor = mnr_store_get_sync_value (b, "cursor");
  g_assert_cmpstr (cursor, ==, "s5");
  rating = mnr_store_get_rating (b, "5b0e7c2a-3f41-4d8e-9a6b-2c7d1e0f4a93", "capability-4", &error);
  g_assert_no_error (error);
  g_assert_nonnull (rating);
  found = mnr_store_list_evidence (b, "GH", "cybercrime", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (found), ==, 1);
}

/* The same feed with each page's next cursor in a header as well: the
 * large pages' next page is asked for before they are read, and all goes
 * as without it. */
static void
test_pages_asked_ahead (Fixture       *fixture,
                        gconstpointer  data)
{
  fixture->next_cursor = "";
  test_pages (fixture, data);
}

/* A header that names another next page than the page's body: the sync
 * stops before that page is written, with what came before it kept. */
static void
test_pages_wrong_header (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(MnrStore) b = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  MnrSyncReport report;

  start_fake (fixture);
  fixture->fake_mode = FAKE_PAGES;
  fixture->next_cursor = "s9";
  b = open_store (fixture, "b", "Ama Owusu");

  {
    g_autoptr(MnrSyncClient) client = mnr_sync_client_new (b, fixture->fake_endpoint, WRITER_GH);

    g_assert_false (run_sync (client, &report, &error));
    g_assert_error (error, MNR_SYNC_CLIENT_ERROR, MNR_SYNC_CLIENT_ERROR_MALFORMED_REPLY);
    for (guint i = 0; i < 20; i++)
      mnr_test_iterate ();
  }

  cursor = mnr_store_get_sync_value (b, "cursor");
  g_assert_cmpstr (cursor, ==, "s2");
}

static void
close_store_cb (MnrStore   *store,
                const char *type,
                const char *id,
                gboolean    from_server,
                gpointer    user_data)
{
  guint *seen = user_data;

  if ((*seen)++ == 0)
    mnr_store_close (store);
}

/* The store fails while the next page is already asked for (here it is
 * closed once the first page is in): the sync ends once, with the store's
 * error, and what was committed stays. */
static void
test_page_fails (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(MnrStore) b = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  MnrSyncReport report;
  guint seen = 0;

  start_fake (fixture);
  fixture->fake_mode = FAKE_PAGES;
  b = open_store (fixture, "b", "Ama Owusu");
  g_signal_connect (b, "changed", G_CALLBACK (close_store_cb), &seen);

  {
    g_autoptr(MnrSyncClient) client = mnr_sync_client_new (b, fixture->fake_endpoint, WRITER_GH);

    g_assert_false (run_sync (client, &report, &error));
    g_assert_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_FAILED);
    g_assert_cmpuint (fixture->pages_asked, >=, 2);
    /* The request asked ahead ends quietly. */
    for (guint i = 0; i < 20; i++)
      mnr_test_iterate ();
  }
  g_signal_handlers_disconnect_by_data (b, &seen);
  g_clear_object (&b);

  b = open_store (fixture, "b", "Ama Owusu");
  cursor = mnr_store_get_sync_value (b, "cursor");
  g_assert_cmpstr (cursor, ==, "s2");
}

/* A server whose certificate does not verify gets nothing: a clear error
 * before any request, and no local change. */
static void
test_untrusted_certificate (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *pem = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "unit", "fixtures",
                                           "untrusted-server.pem", NULL);
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(MnrStore) b = NULL;
  g_autoptr(MnrRound) round = NULL;
  g_autoptr(MnrSyncClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *endpoint = NULL;
  g_autofree char *rows_before = NULL;
  g_autofree char *rows_after = NULL;
  g_autofree char *dirty_before = NULL;
  g_autofree char *dirty_after = NULL;
  guint port;
  GSList *uris;
  MnrSyncReport report;

  if (!g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    {
      g_test_skip ("no TLS backend (glib-networking)");
      return;
    }

  certificate = g_tls_certificate_new_from_file (pem, &error);
  g_assert_no_error (error);
  server = soup_server_new ("tls-certificate", certificate, NULL);
  soup_server_add_handler (server, "/mnr/v1/", fake_handler, fixture, NULL);
  fixture->fake_mode = FAKE_EMPTY;
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY | SOUP_SERVER_LISTEN_HTTPS,
                                           &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);
  endpoint = g_strdup_printf ("https://127.0.0.1:%u/mnr/v1/", port);

  b = open_store (fixture, "b", "Ama Owusu");
  round = mnr_test_create_round (b);
  set_rating (b, round->id, "developing");
  rows_before = checksum_rows (fixture, "b");
  dirty_before = describe_dirty (b);

  client = mnr_sync_client_new (b, endpoint, WRITER_GH);
  g_assert_false (run_sync (client, &report, &error));
  g_test_message ("%s", error->message);
  g_assert_true (error->domain == G_TLS_ERROR);
  g_assert_nonnull (strstr (error->message, "certificate"));
  g_assert_cmpuint (report.pushed, ==, 0);
  g_assert_cmpuint (fixture->fake_seq, ==, 0);  /* no record reached it */

  rows_after = checksum_rows (fixture, "b");
  dirty_after = describe_dirty (b);
  g_assert_cmpstr (rows_after, ==, rows_before);
  g_assert_cmpstr (dirty_after, ==, dirty_before);

  soup_server_disconnect (server);
}

/* A newer server's feed carries a type this version does not know: it is
 * kept whole, byte for byte the same JSON, its neighbours applied, the
 * cursor moved on; a malformed one is refused as before. */
static void
test_unknown_type_kept (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(MnrStore) b = NULL;
  g_autoptr(GPtrArray) kept = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *text = NULL;
  JsonObject *survey;
  MnrSyncReport report;

  start_fake (fixture);
  b = open_store (fixture, "b", "Ama Owusu");
  fixture->fake_mode = FAKE_NEWER;
  mnr_test_sync_ok (b, fixture->fake_endpoint, WRITER_GH, &report);
  g_assert_cmpuint (report.pulled, ==, 3);
  g_assert_cmpuint (report.unknown, ==, 1);
  g_assert_cmpuint (report.applied, ==, 1);
  g_assert_cmpuint (report.rejected, ==, 1);
  cursor = mnr_store_get_sync_value (b, "cursor");
  g_assert_cmpstr (cursor, ==, "s10");

  kept = mnr_store_list_unknown (b, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kept->len, ==, 1);
  survey = json_node_get_object (kept->pdata[0]);
  g_assert_cmpstr (json_object_get_string_member (survey, "type"), ==, "survey");
  text = json_to_string (json_object_get_member (survey, "data"), FALSE);
  g_assert_cmpstr (text, ==, "{\"title\":\"Committee, March\",\"agenda\":[{\"element\":\"capability-4\"}],"
                             "\"something\":{\"nested\":[1,2.5,null]}}");

  /* Again: kept once, nothing pushed of it. */
  mnr_test_sync_ok (b, fixture->fake_endpoint, WRITER_GH, &report);
  g_assert_cmpuint (mnr_test_count_unknown (b), ==, 1);
  g_assert_cmpuint (report.pushed, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/sync-client/two-clients", test_two_clients);
  ADD ("/sync-client/large-attachment", test_large_attachment);
  ADD ("/sync-client/concurrent-edit", test_concurrent_edit);
  ADD ("/sync-client/one-sided-merge", test_one_sided_merge);
  ADD ("/sync-client/first-round-shared", test_first_round_shared);
  ADD ("/sync-client/unauthorized", test_unauthorized);
  ADD ("/sync-client/other-country", test_other_country);
  ADD ("/sync-client/answer-lost", test_answer_lost);
  ADD ("/sync-client/answer-lost-edited-again", test_answer_lost_edited_again);
  ADD ("/sync-client/answer-lost-edited-again-412", test_answer_lost_edited_again_412);
  ADD ("/sync-client/answer-lost-other-write", test_answer_lost_other_write);
  ADD ("/sync-client/edit-during-upload", test_edit_during_upload);
  ADD ("/sync-client/unreachable", test_unreachable);
  ADD ("/sync-client/insecure-endpoint", test_insecure_endpoint);
  ADD ("/sync-client/hostile", test_hostile);
  ADD ("/sync-client/bad-files", test_bad_files);
  ADD ("/sync-client/discovery", test_discovery);
  ADD ("/sync-client/unknown-type-kept", test_unknown_type_kept);
  ADD ("/sync-client/progress", test_progress);
  ADD ("/sync-client/waiting-for-parent", test_waiting_for_parent);
  ADD ("/sync-client/pages", test_pages);
  ADD ("/sync-client/pages-asked-ahead", test_pages_asked_ahead);
  ADD ("/sync-client/pages-wrong-header", test_pages_wrong_header);
  ADD ("/sync-client/page-fails", test_page_fails);
  ADD ("/sync-client/untrusted-certificate", test_untrusted_certificate);

#undef ADD

  return g_test_run ();
}
