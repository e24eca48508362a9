/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "mnr-store.h"
#include "mnr-sync-client.h"
#include "mnr-test-util.h"

/* The push in batches (docs/sync-protocol.md, section 5.9), against the
 * real server (a child process on a loopback port) through a small proxy
 * in this process that reads the requests one by one (a connection is
 * kept for several), tells them apart by their request line, and can act
 * while a request is on its way: a push of thousands of
 * records goes in batches of at most a thousand, and loses nothing; a
 * conflict, a merge and a refusal inside a batch are handled as they are
 * for a record sent alone; a record edited while its batch is in flight
 * stays in the outbox, with the server's rev as its base; a proxy that
 * refuses batches (413: smaller ones go; 404: the records go one by one).
 * The single-PUT push, for a server that announces no batches, is
 * test-sync-client's /sync-client/edit-during-upload. */

#define WRITER_GH "batch-writer-gh-51d0"
#define WRITER_VN "batch-writer-vn-c7e2"

static const char * const tokens[] = { WRITER_GH, "writer GH", WRITER_VN, "writer VN", NULL };

/* --- a counting proxy ------------------------------------------------------ */

typedef struct
{
  GSocketService *service;
  guint16         upstream_port;
  char           *endpoint;   /* the server's, through the proxy */

  guint           batches;    /* POST …/batch */
  guint           record_puts;
  guint           other;
  GFunc           on_batch;   /* called once a batch's request is seen */
  gpointer        on_batch_data;
  guint           refuse;     /* answer this status to batches, … */
  guint           refusals;   /* … this many of them, instead of the server */
} Proxy;

typedef struct
{
  Proxy             *proxy;
  GSocketConnection *down;       /* the client's */
  GSocketConnection *up;         /* to the server */
  guint              open;       /* directions still running */
  GByteArray        *pending;    /* of the client's stream, not yet sent on */
  goffset            body_left;  /* of the request under way */
  gboolean           refusing;   /* that request is answered by the proxy */
  char              *answer;     /* the proxy's own answer */
  char               chunk[16 * 1024];
} Link;

static void
link_close (Link *link)
{
  g_io_stream_close (G_IO_STREAM (link->down), NULL, NULL);
  if (link->up != NULL)
    g_io_stream_close (G_IO_STREAM (link->up), NULL, NULL);
}

static void
link_unref (Link *link)
{
  if (--link->open > 0)
    return;
  link_close (link);
  g_clear_object (&link->down);
  g_clear_object (&link->up);
  g_clear_pointer (&link->pending, g_byte_array_unref);
  g_free (link->answer);
  g_free (link);
}

static void
spliced_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_output_stream_splice_finish (G_OUTPUT_STREAM (source), result, NULL);
  link_unref (user_data);
}

/* The proxy's answer to a batch it refuses, once the batch is read whole
 * (a client still sending when the connection closes may miss it). It
 * goes on the socket itself: the answers' splice holds the stream. */
static void
answer_refusal (Link *link)
{
  static const char problem[] = "{\"type\": \"https://mnrtracker.github.io/problems/payload-too-large\","
                                " \"title\": \"Payload too large\", \"status\": 413, \"detail\": \"a proxy's limit\"}";
  GSocket *socket = g_socket_connection_get_socket (link->down);
  gsize sent = 0;

  link->answer = g_strdup_printf ("HTTP/1.1 %u Refused\r\nContent-Type: application/problem+json\r\n"
                                  "Content-Length: %u\r\nConnection: close\r\n\r\n%s",
                                  link->proxy->refuse, (guint) strlen (problem), problem);
  while (sent < strlen (link->answer))
    {
      gssize n = g_socket_send (socket, link->answer + sent, strlen (link->answer) - sent, NULL, NULL);

      g_assert_cmpint (n, >, 0);
      sent += n;
    }
  link_close (link);
  link_unref (link);
}

/* A request's head, whole in link->pending up to @head_length: its
 * request line says what it is. A batch's hook runs now, while the
 * request is on its way and before the server has it whole. */
static void
take_head (Link  *link,
           guint  head_length)
{
  Proxy *proxy = link->proxy;
  g_autofree char *head = g_strndup ((const char *) link->pending->data, head_length);
  const char *length = strstr (head, "Content-Length: ");

  link->body_left = length != NULL ? g_ascii_strtoll (length + strlen ("Content-Length: "), NULL, 10) : 0;
  link->refusing = FALSE;

  if (g_str_has_prefix (head, "POST /mnr/v1/batch "))
    {
      proxy->batches++;
      if (proxy->refusals > 0)
        {
          proxy->refusals--;
          link->refusing = TRUE;
        }
      else if (proxy->on_batch != NULL)
        proxy->on_batch (proxy, proxy->on_batch_data);
    }
  else if (g_str_has_prefix (head, "PUT /mnr/v1/records/"))
    proxy->record_puts++;
  else
    proxy->other++;
}

static void down_read_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data);

/* The client's bytes, request by request (a head, then Content-Length
 * bytes of body), on to the server: written at once, the server reading
 * a request whole before it answers. */
static void
down_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Link *link = user_data;
  GOutputStream *up = g_io_stream_get_output_stream (G_IO_STREAM (link->up));
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, NULL);

  if (n <= 0)
    {
      link_close (link);
      link_unref (link);
      return;
    }

  g_byte_array_append (link->pending, (const guint8 *) link->chunk, n);
  while (link->pending->len > 0)
    {
      if (link->body_left > 0)
        {
          guint take = (guint) MIN ((goffset) link->pending->len, link->body_left);

          if (!link->refusing)
            g_assert_true (g_output_stream_write_all (up, link->pending->data, take, NULL, NULL, NULL));
          g_byte_array_remove_range (link->pending, 0, take);
          link->body_left -= take;
        }
      else
        {
          const char *end = g_strstr_len ((const char *) link->pending->data, link->pending->len, "\r\n\r\n");
          guint head_length;

          if (end == NULL)
            break;
          head_length = end + 4 - (const char *) link->pending->data;
          take_head (link, head_length);
          if (!link->refusing)
            g_assert_true (g_output_stream_write_all (up, link->pending->data, head_length, NULL, NULL, NULL));
          g_byte_array_remove_range (link->pending, 0, head_length);
        }

      if (link->refusing && link->body_left == 0)
        {
          answer_refusal (link);
          return;
        }
    }

  g_input_stream_read_async (G_INPUT_STREAM (source), link->chunk, sizeof link->chunk,
                             G_PRIORITY_DEFAULT, NULL, down_read_cb, link);
}

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Link *link = user_data;

  link->up = g_socket_client_connect_to_host_finish (G_SOCKET_CLIENT (source), result, NULL);
  g_assert_nonnull (link->up);

  /* The answers down as they come; the requests up as they are read. */
  link->open = 2;
  g_output_stream_splice_async (g_io_stream_get_output_stream (G_IO_STREAM (link->down)),
                                g_io_stream_get_input_stream (G_IO_STREAM (link->up)),
                                G_OUTPUT_STREAM_SPLICE_NONE, G_PRIORITY_DEFAULT, NULL,
                                spliced_cb, link);
  g_input_stream_read_async (g_io_stream_get_input_stream (G_IO_STREAM (link->down)),
                             link->chunk, sizeof link->chunk, G_PRIORITY_DEFAULT, NULL,
                             down_read_cb, link);
}

static gboolean
incoming_cb (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source,
             gpointer           user_data)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  Link *link = g_new0 (Link, 1);

  link->proxy = user_data;
  link->down = g_object_ref (connection);
  link->pending = g_byte_array_new ();
  link->open = 1;
  g_socket_client_connect_to_host_async (client, "127.0.0.1", link->proxy->upstream_port, NULL,
                                         connected_cb, link);
  return TRUE;
}

static Proxy *
proxy_start (const char *server_endpoint)
{
  g_autoptr(GUri) uri = g_uri_parse (server_endpoint, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GError) error = NULL;
  Proxy *proxy = g_new0 (Proxy, 1);
  guint16 port;

  g_assert_nonnull (uri);
  proxy->upstream_port = (guint16) g_uri_get_port (uri);
  proxy->service = g_socket_service_new ();
  port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (proxy->service), NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (proxy->service, "incoming", G_CALLBACK (incoming_cb), proxy);
  g_socket_service_start (proxy->service);
  proxy->endpoint = g_strdup_printf ("http://127.0.0.1:%u/mnr/v1/", port);
  return proxy;
}

static void
proxy_free (Proxy *proxy)
{
  g_socket_service_stop (proxy->service);
  g_socket_listener_close (G_SOCKET_LISTENER (proxy->service));
  g_clear_object (&proxy->service);
  g_free (proxy->endpoint);
  g_free (proxy);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Proxy, proxy_free)

static void
proxy_reset (Proxy *proxy)
{
  proxy->batches = proxy->record_puts = proxy->other = 0;
}

/* --- helpers ---------------------------------------------------------------- */

static MnrEvidence *
add_evidence (MnrStore   *store,
              const char *country,
              guint       n)
{
  g_autoptr(MnrEvidence) evidence = mnr_evidence_new (country);
  g_autofree char *title = g_strdup_printf ("Evidence %u", n);
  g_autoptr(GError) error = NULL;

  mnr_evidence_set_title (evidence, title);
  mnr_evidence_set_kind (evidence, "policy");
  mnr_evidence_set_date (evidence, "2024");
  mnr_evidence_set_summary (evidence, "Made by the batch test.");
  mnr_evidence_set_elements (evidence, (const char *[]) { "capability-4", NULL });
  g_assert_true (mnr_store_save_evidence (store, evidence, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&evidence);
}

static void
set_rating (MnrStore   *store,
            const char *round_id,
            const char *element,
            const char *level,
            const char *rationale)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (mnr_store_set_rating (store, round_id, element, level, rationale, &error));
  g_assert_no_error (error);
}

static MnrRating *
get_rating (MnrStore   *store,
            const char *round_id,
            const char *element)
{
  g_autoptr(GError) error = NULL;
  MnrRating *rating = mnr_store_get_rating (store, round_id, element, &error);

  g_assert_no_error (error);
  g_assert_nonnull (rating);
  return rating;
}

static guint
count_dirty (MnrStore *store)
{
  g_autoptr(GPtrArray) dirty = mnr_test_list_dirty (store);

  return dirty->len;
}

/* --- tests ------------------------------------------------------------------ */

/* 2,500 records of a country, and one with a file: three batches (1,000,
 * 1,000 and the rest) and the file's record alone after its file; then
 * every record, field for field, in another store. */
static void
test_many_records (MnrTestServer *fixture,
                   gconstpointer  data)
{
  g_autoptr(MnrStore) a = NULL;
  g_autoptr(MnrStore) b = NULL;
  g_autoptr(Proxy) proxy = NULL;
  g_autoptr(MnrRound) round = NULL;
  g_autoptr(MnrEvidence) with_file = NULL;
  g_autoptr(MnrAttachment) attachment = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *file_path = g_build_filename (fixture->path, "act.txt", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (file_path);
  g_autoptr(GError) error = NULL;
  MnrSyncReport report;
  guint outbox;

  if (fixture->server == NULL)
    return;

  proxy = proxy_start (fixture->endpoint);
  a = mnr_test_server_open_store (fixture, "Kwame Mensah");
  b = mnr_test_server_open_store (fixture, "Ama Owusu");

  g_assert_true (mnr_store_begin_batch (a, &error));
  round = mnr_test_create_round (a);
  set_rating (a, round->id, "capability-4", "developing", "A unit exists in Accra.");
  for (guint i = 0; i < 2497; i++)
    {
      g_autoptr(MnrEvidence) evidence = add_evidence (a, "GH", i);

      g_ptr_array_add (ids, g_strdup (mnr_evidence_get_id (evidence)));
    }
  g_assert_true (mnr_store_end_batch (a, TRUE, &error));
  g_assert_no_error (error);

  with_file = add_evidence (a, "GH", 2497);
  g_assert_true (g_file_set_contents (file_path, "Cybersecurity Act, 2020.\n", -1, &error));
  attachment = mnr_store_add_attachment (a, mnr_evidence_get_id (with_file), file, NULL, &error);
  g_assert_no_error (error);
  outbox = count_dirty (a);
  g_assert_cmpuint (outbox, ==, 2501);

  mnr_test_sync_ok (a, proxy->endpoint, WRITER_GH, &report);
  g_assert_cmpuint (report.pushed, ==, 2501);
  g_assert_cmpuint (report.rejected, ==, 0);
  g_assert_cmpuint (report.conflicts, ==, 0);
  g_assert_cmpuint (count_dirty (a), ==, 0);
  /* 2,500 records in three batches; the attachment's record alone, after
   * its file (HEAD, PUT, HEAD), with discovery and a page of the feed. */
  g_assert_cmpuint (proxy->batches, ==, 3);
  g_assert_cmpuint (proxy->record_puts, ==, 1);
  g_assert_cmpuint (proxy->other, ==, 5);

  proxy_reset (proxy);
  mnr_test_sync_ok (b, proxy->endpoint, WRITER_GH, &report);
  g_assert_cmpuint (report.applied, ==, 2501);
  g_assert_cmpuint (report.downloaded, ==, 1);
  g_assert_cmpuint (proxy->batches, ==, 0);

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(MnrEvidence) mine = mnr_store_get_evidence (a, ids->pdata[i], &error);
      g_autoptr(MnrEvidence) theirs = mnr_store_get_evidence (b, ids->pdata[i], &error);

      g_assert_no_error (error);
      g_assert_nonnull (theirs);
      g_assert_cmpstr (mnr_evidence_get_title (theirs), ==, mnr_evidence_get_title (mine));
      g_assert_cmpstr (mnr_evidence_get_summary (theirs), ==, mnr_evidence_get_summary (mine));
      g_assert_cmpstr (mnr_evidence_get_kind (theirs), ==, mnr_evidence_get_kind (mine));
    }
  {
    g_autoptr(MnrRating) rating = get_rating (b, round->id, "capability-4");
    g_autoptr(GPtrArray) attachments = mnr_store_list_attachments (b, mnr_evidence_get_id (with_file), &error);

    g_assert_cmpstr (rating->level_id, ==, "developing");
    g_assert_cmpuint (attachments->len, ==, 1);
    g_assert_cmpstr (((MnrAttachment *)attachments->pdata[0])->sha256, ==, attachment->sha256);
  }

  /* A's own writes come back as no-ops; nothing is left to push. */
  mnr_test_sync_ok (a, proxy->endpoint, WRITER_GH, &report);
  g_assert_cmpuint (report.unchanged, ==, 2501);
  g_assert_cmpuint (report.pushed, ==, 0);
}

typedef struct
{
  MnrStore   *store;
  const char *endpoint;
  guint       syncs;
} SyncFirst;

/* Another person's sync, which reaches the server just before the batch. */
static void
sync_first (gpointer proxy,
            gpointer user_data)
{
  SyncFirst *first = user_data;
  MnrSyncReport report;

  if (first->syncs++ == 0)
    {
      mnr_test_sync_ok (first->store, first->endpoint, WRITER_GH, &report);
      g_assert_cmpuint (report.pushed, ==, 2);
    }
}

/* In one batch, after B's pull and before B's push reached the server, A
 * changed two ratings: one that B changed too (412, a conflict, both
 * kept), one whose rationale A changed while B changed its level (412,
 * merged, and pushed in a second batch of the same sync). With them, a
 * round of a country the token may not write (403, refused, kept) and
 * new evidence (pushed). */
static void
test_conflict_in_batch (MnrTestServer *fixture,
                        gconstpointer  data)
{
  g_autoptr(MnrStore) a = NULL;
  g_autoptr(MnrStore) b = NULL;
  g_autoptr(MnrStore) c = NULL;
  g_autoptr(Proxy) proxy = NULL;
  g_autoptr(MnrRound) round = NULL;
  g_autoptr(MnrRound) vn_round = NULL;
  g_autoptr(MnrRating) conflicted = NULL;
  g_autoptr(MnrRating) merged = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GError) error = NULL;
  MnrSyncConflict *conflict;
  MnrSyncRefusal *refusal;
  GPtrArray *refusals;
  MnrSyncReport report;
  SyncFirst first = { 0, };

  if (fixture->server == NULL)
    return;

  proxy = proxy_start (fixture->endpoint);
  a = mnr_test_server_open_store (fixture, "Kwame Mensah");
  b = mnr_test_server_open_store (fixture, "Ama Owusu");

  round = mnr_test_create_round (a);
  set_rating (a, round->id, "capability-4", "developing", "A unit exists in Accra.");
  set_rating (a, round->id, "capability-5", "building", "Two prosecutors trained.");
  mnr_test_sync_ok (a, fixture->endpoint, WRITER_GH, &report);
  mnr_test_sync_ok (b, fixture->endpoint, WRITER_GH, &report);
  g_assert_cmpuint (report.applied, ==, 3);

  /* Both change the ratings, apart; A syncs while B's batch is on its way. */
  set_rating (a, round->id, "capability-4", "established", "A unit exists in Accra.");
  set_rating (a, round->id, "capability-5", "building", "Four prosecutors trained.");
  first.store = a;
  first.endpoint = fixture->endpoint;
  proxy->on_batch = sync_first;
  proxy->on_batch_data = &first;

  set_rating (b, round->id, "capability-4", "building", "A unit exists in Accra.");
  set_rating (b, round->id, "capability-5", "developing", "Two prosecutors trained.");
  for (guint i = 0; i < 5; i++)
    g_object_unref (add_evidence (b, "GH", i));
  vn_round = mnr_store_create_round (b, "VN", "Review 2026", "2026-11-20", &error);
  g_assert_no_error (error);

  {
    g_autoptr(MnrSyncClient) client = mnr_sync_client_new (b, proxy->endpoint, WRITER_GH);

    memset (&report, 0xff, sizeof report);
    g_assert_true (mnr_test_run_sync (client, &report, &error));
    g_assert_no_error (error);
    /* Once per pass over the outbox: the merge made a second one. */
    refusals = mnr_sync_client_get_refusals (client);
    g_assert_cmpuint (refusals->len, ==, 2);
    for (guint i = 0; i < refusals->len; i++)
      {
        refusal = refusals->pdata[i];
        g_assert_cmpint (refusal->kind, ==, MNR_SYNC_REFUSAL_NOT_PERMITTED);
        g_assert_cmpstr (refusal->type, ==, "round");
        g_assert_cmpstr (refusal->id, ==, vn_round->id);
        g_assert_nonnull (strstr (refusal->detail, "HTTP 403"));
      }
  }
  g_assert_cmpuint (first.syncs, ==, 2);
  g_assert_cmpuint (report.conflicts, ==, 1);
  g_assert_cmpuint (report.merged, ==, 1);
  g_assert_cmpuint (report.rejected, ==, 2);
  g_assert_cmpuint (report.pushed, ==, 6);  /* 5 evidence, then the merge */
  g_assert_cmpuint (proxy->record_puts, ==, 0);
  g_assert_cmpuint (proxy->batches, ==, 2);  /* the outbox, then the merge */

  conflicted = get_rating (b, round->id, "capability-4");
  g_assert_cmpstr (conflicted->level_id, ==, "building");
  conflicts = mnr_store_list_conflicts (b, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  conflict = conflicts->pdata[0];
  g_assert_cmpstr (conflict->id, ==, conflicted->id);
  g_assert_cmpstr (json_object_get_string_member (conflict->local->data, "level"), ==, "building");
  g_assert_cmpstr (json_object_get_string_member (conflict->remote->data, "level"), ==, "established");

  /* The server has A's conflicted rating, the merge and B's evidence, not
   * the refused round; B's outbox keeps the conflict and the round. */
  g_assert_cmpuint (count_dirty (b), ==, 1);  /* the round; the conflict waits apart */
  c = mnr_test_server_open_store (fixture, "Kofi Boateng");
  mnr_test_sync_ok (c, fixture->endpoint, WRITER_GH, &report);
  g_assert_cmpuint (report.applied, ==, 3 + 5);
  g_clear_pointer (&conflicted, mnr_rating_free);
  conflicted = get_rating (c, round->id, "capability-4");
  g_assert_cmpstr (conflicted->level_id, ==, "established");
  merged = get_rating (c, round->id, "capability-5");
  g_assert_cmpstr (merged->level_id, ==, "developing");
  g_assert_cmpstr (merged->rationale, ==, "Four prosecutors trained.");
}

typedef struct
{
  MnrStore   *store;
  const char *round_id;
  guint       edits;
} EditInFlight;

static void
edit_in_flight (gpointer proxy,
                gpointer user_data)
{
  EditInFlight *edit = user_data;

  if (edit->edits++ == 0)
    set_rating (edit->store, edit->round_id, "capability-4", "mature", "Edited while on its way.");
}

/* A rating edited while its batch is on its way: the server stores the
 * version sent, and the edit stays in the outbox with the server's rev
 * as its base, for the next sync (section 7.2). */
static void
test_edit_during_batch (MnrTestServer *fixture,
                        gconstpointer  data)
{
  g_autoptr(MnrStore) a = NULL;
  g_autoptr(MnrStore) c = NULL;
  g_autoptr(Proxy) proxy = NULL;
  g_autoptr(MnrRound) round = NULL;
  g_autoptr(MnrRating) rating = NULL;
  g_autoptr(GPtrArray) dirty = NULL;
  MnrSyncRecord *record;
  MnrSyncReport report;
  EditInFlight edit = { 0, };

  if (fixture->server == NULL)
    return;

  proxy = proxy_start (fixture->endpoint);
  a = mnr_test_server_open_store (fixture, "Kwame Mensah");
  round = mnr_test_create_round (a);
  set_rating (a, round->id, "capability-4", "developing", "A unit exists in Accra.");
  set_rating (a, round->id, "capability-5", "building", "Two prosecutors trained.");

  edit.store = a;
  edit.round_id = round->id;
  proxy->on_batch = edit_in_flight;
  proxy->on_batch_data = &edit;
  mnr_test_sync_ok (a, proxy->endpoint, WRITER_GH, &report);
  g_assert_cmpuint (edit.edits, ==, 1);
  g_assert_cmpuint (proxy->batches, ==, 1);
  g_assert_cmpuint (report.pushed, ==, 3);

  dirty = mnr_test_list_dirty (a);
  g_assert_cmpuint (dirty->len, ==, 1);
  record = dirty->pdata[0];
  g_assert_cmpstr (record->type, ==, "rating");
  g_assert_cmpint (record->server_rev, ==, 1);
  g_assert_cmpstr (json_object_get_string_member (record->data, "level"), ==, "mature");

  /* The server has the version sent. */
  c = mnr_test_server_open_store (fixture, "Kofi Boateng");
  mnr_test_sync_ok (c, fixture->endpoint, WRITER_GH, &report);
  rating = get_rating (c, round->id, "capability-4");
  g_assert_cmpstr (rating->level_id, ==, "developing");

  /* The next sync sends the edit, on the server's rev 1. */
  mnr_test_sync_ok (a, proxy->endpoint, WRITER_GH, &report);
  g_assert_cmpuint (report.pushed, ==, 1);
  g_assert_cmpuint (report.conflicts, ==, 0);
  g_assert_cmpuint (count_dirty (a), ==, 0);
  mnr_test_sync_ok (c, fixture->endpoint, WRITER_GH, &report);
  g_clear_pointer (&rating, mnr_rating_free);
  rating = get_rating (c, round->id, "capability-4");
  g_assert_cmpstr (rating->level_id, ==, "mature");
}

/* A proxy in front that takes smaller batches than the server says
 * (413): the client halves its batches; one that does not route batches
 * at all (404): the client sends the rest record by record. Nothing is
 * lost either way. */
static void
test_refused_batches (MnrTestServer *fixture,
                      gconstpointer  data)
{
  g_autoptr(MnrStore) a = NULL;
  g_autoptr(MnrStore) b = NULL;
  g_autoptr(Proxy) proxy = NULL;
  g_autoptr(GError) error = NULL;
  MnrSyncReport report;

  if (fixture->server == NULL)
    return;

  proxy = proxy_start (fixture->endpoint);
  a = mnr_test_server_open_store (fixture, "Kwame Mensah");
  g_assert_true (mnr_store_begin_batch (a, &error));
  for (guint i = 0; i < 1500; i++)
    g_object_unref (add_evidence (a, "GH", i));
  g_assert_true (mnr_store_end_batch (a, TRUE, &error));

  /* 1,000 refused, then 500 and 500 refused again, then 250 at a time. */
  proxy->refuse = 413;
  proxy->refusals = 2;
  mnr_test_sync_ok (a, proxy->endpoint, WRITER_GH, &report);
  g_assert_cmpuint (report.pushed, ==, 1500);
  g_assert_cmpuint (report.rejected, ==, 0);
  g_assert_cmpuint (count_dirty (a), ==, 0);
  g_assert_cmpuint (proxy->batches, ==, 2 + 6);
  g_assert_cmpuint (proxy->record_puts, ==, 0);

  for (guint i = 0; i < 3; i++)
    g_object_unref (add_evidence (a, "GH", 2000 + i));
  proxy_reset (proxy);
  proxy->refuse = 404;
  proxy->refusals = 1;
  mnr_test_sync_ok (a, proxy->endpoint, WRITER_GH, &report);
  g_assert_cmpuint (report.pushed, ==, 3);
  g_assert_cmpuint (proxy->batches, ==, 1);
  g_assert_cmpuint (proxy->record_puts, ==, 3);
  g_assert_cmpuint (count_dirty (a), ==, 0);

  b = mnr_test_server_open_store (fixture, "Ama Owusu");
  mnr_test_sync_ok (b, fixture->endpoint, WRITER_GH, &report);
  g_assert_cmpuint (report.applied, ==, 1503);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, MnrTestServer, tokens, mnr_test_server_set_up, func, mnr_test_server_tear_down)
  ADD ("/sync-batch/many-records", test_many_records);
  ADD ("/sync-batch/conflict", test_conflict_in_batch);
  ADD ("/sync-batch/edit-during-batch", test_edit_during_batch);
  ADD ("/sync-batch/refused", test_refused_batches);
#undef ADD

  return g_test_run ();
}
