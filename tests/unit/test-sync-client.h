/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What test-sync-client.c (the fake server's cases, main) and
 * test-sync-client-server.c (two stores through the real server) share. */

#include <libsoup/soup.h>

#include "mnr-store.h"
#include "mnr-sync-client.h"

#define WRITER_GH   "writer-gh-token-4f1c"
#define WRITER_VN   "writer-vn-token-93ab"
#define BAD_TOKEN   "not-a-known-token"
#define EMPTY_FEED  "{\"changes\": [], \"cursor\": \"s0\", \"more\": false}"

typedef enum
{
  FAKE_EMPTY,         /* an empty changes feed, writes accepted */
  FAKE_MALFORMED,     /* not JSON */
  FAKE_WRONG_TYPES,   /* {"changes": 5} */
  FAKE_DEEP,          /* 200,000 "[": deep enough to crash a recursive parser */
  FAKE_HUGE,          /* 20 MiB with Content-Length */
  FAKE_HUGE_CHUNKED,  /* 20 MiB, chunked */
  FAKE_SILENT,        /* never answers */
  FAKE_TRICKLE,       /* answers a byte every 200 ms, for ever */
  FAKE_FILE_CHANGED,  /* an attachment whose file is not the bytes of its hash */
  FAKE_FILE_HUGE,     /* an attachment whose file is larger than it says */
  FAKE_ORPHAN,        /* a rating whose round is not in the feed (yet) */
  FAKE_PARENT,        /* then the round */
  FAKE_NOT_A_SERVER,  /* discovery answers 404, as a web site would */
  FAKE_PROTOCOL_2,    /* discovery says protocol 2 */
  FAKE_NEWER,         /* a feed with a "survey", a type no version knows yet */
  FAKE_PAGES,         /* paged_feed, two changes a page */
} FakeMode;

typedef struct
{
  char        *path;
  GSubprocess *server;
  char        *endpoint;

  SoupServer  *fake;
  char        *fake_endpoint;
  FakeMode     fake_mode;
  GPtrArray   *paused;
  MnrStore    *edit_store;   /* FAKE_EMPTY: edited while a rating is uploaded */
  char        *edit_round;
  guint        fake_seq;
  guint        discoveries;           /* GET /mnr/v1/ received */
  guint        discoveries_with_token;
  guint        pages_asked;           /* FAKE_PAGES: GET changes received */
  const char  *next_cursor;           /* FAKE_PAGES: an MNR-Next-Cursor header, "" the true one */
} Fixture;

gboolean start_server (Fixture *fixture);
MnrStore *open_store (Fixture *fixture, const char *name, const char *author);
gboolean run_sync (MnrSyncClient *client, MnrSyncReport *report, GError **error);
void set_rating (MnrStore *store, const char *round_id, const char *level);
MnrRating *get_rating (MnrStore *store, const char *round_id);
char *describe_dirty (MnrStore *store);
char *checksum_rows (Fixture *fixture, const char *name);

/* test-sync-client-server.c */
void test_two_clients (Fixture *fixture, gconstpointer data);
void test_large_attachment (Fixture *fixture, gconstpointer data);
void test_concurrent_edit (Fixture *fixture, gconstpointer data);
void test_one_sided_merge (Fixture *fixture, gconstpointer data);
void test_first_round_shared (Fixture *fixture, gconstpointer data);
void test_unauthorized (Fixture *fixture, gconstpointer data);
void test_other_country (Fixture *fixture, gconstpointer data);
void test_answer_lost (Fixture *fixture, gconstpointer data);
void test_answer_lost_edited_again (Fixture *fixture, gconstpointer data);
void test_answer_lost_edited_again_412 (Fixture *fixture, gconstpointer data);
void test_answer_lost_other_write (Fixture *fixture, gconstpointer data);
