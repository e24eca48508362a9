/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "mnr-country.h"
#include "mnr-record-type.h"
#include "mnr-store.h"
#include "mnr-sync-client.h"
#include "mnr-sync-endpoint.h"
#include "mnr-test-util.h"

/* How the sync client finds a server and lives with other versions of
 * the protocol (docs/sync-protocol.md, sections 2.1 and 2.4), against the
 * real reference server as a child process on a loopback port: every
 * form of an address; the root URL the server prints; a client that
 * knows fewer record types than the server, and a server that knows
 * fewer than the client (mnr-sync-server --record-types). Stores are
 * real, in a temporary folder. */

#define WRITER_GH   "writer-gh-token-versions-61d2"
#define SECRETARIAT "secretariat-token-versions-c0de"

typedef struct
{
  MnrTestTempDir temp;     /* first: the folder is the fixture's start */
  GSubprocess   *server;
  char          *endpoint;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  mnr_test_temp_dir_set_up (&fixture->temp, "mnr-sync-versions-XXXXXX");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  mnr_test_stop_server (&fixture->server);
  g_clear_pointer (&fixture->endpoint, g_free);
  mnr_test_temp_dir_tear_down (&fixture->temp, data);
}

/* A store of its own in the test's folder, signed by @author. */
static MnrStore *
open_store (Fixture    *fixture,
            const char *name,
            const char *author)
{
  g_autofree char *path = g_build_filename (fixture->temp.path, name, NULL);
  g_autoptr(GFile) dir = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  MnrStore *store = mnr_store_open (dir, &error);

  g_assert_no_error (error);
  mnr_store_set_author (store, author);
  return store;
}

/* The real server with a secretariat token too, and @options. */
static gboolean
start_server_with (Fixture            *fixture,
                   const char * const *options)
{
  g_autofree char *gh = mnr_test_token_line (WRITER_GH, "writer GH");
  g_autofree char *secretariat = mnr_test_token_line (SECRETARIAT, "secretariat");
  g_autofree char *tokens = g_strconcat (gh, secretariat, NULL);

  g_clear_pointer (&fixture->endpoint, g_free);
  fixture->server = mnr_test_start_server_full (fixture->temp.path, tokens, options, &fixture->endpoint);
  return fixture->server != NULL;
}

static char *
save_group (MnrStore   *store,
            const char *id,
            const char *name)
{
  static const char * const members[] = { "GH", "NG", NULL };
  g_autoptr(GError) error = NULL;
  char *saved = mnr_store_save_group (store, id, name, "", members, &error);

  g_assert_no_error (error);
  g_assert_nonnull (saved);
  return saved;
}

static const char *
only_group_name (MnrStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) groups = mnr_store_list_groups (store, &error);
  static char name[256];

  g_assert_no_error (error);
  if (groups->len == 0)
    return NULL;
  g_assert_cmpuint (groups->len, ==, 1);
  g_strlcpy (name, mnr_regional_group_get_name (groups->pdata[0]), sizeof name);
  return name;
}
/* Every form a person may type or copy names one endpoint (section 2.1);
 * what the app may not send a token to is refused in any form. */
static void
test_endpoint_forms (Fixture       *fixture,
                     gconstpointer  data)
{
  static const struct { const char *text; const char *endpoint; } forms[] = {
    { "http://127.0.0.1:8080/", "http://127.0.0.1:8080/mnr/v1/" },
    { "http://127.0.0.1:8080", "http://127.0.0.1:8080/mnr/v1/" },
    { "127.0.0.1:8080", "http://127.0.0.1:8080/mnr/v1/" },
    { "  localhost:8080/mnr/v1  ", "http://localhost:8080/mnr/v1/" },
    { "http://[::1]:8080/mnr", "http://[::1]:8080/mnr/v1/" },
    { "http://127.0.0.1:8080/mnr/v1/", "http://127.0.0.1:8080/mnr/v1/" },
    { "HTTPS://Sync.Example.ORG:443", "https://sync.example.org/mnr/v1/" },
    { "sync.example.org", "https://sync.example.org/mnr/v1/" },
    { "sync.example.org:80", "https://sync.example.org:80/mnr/v1/" },
    { "https://sync.example.org:8443/region//", "https://sync.example.org:8443/region/mnr/v1/" },
    { "https://example.org/region/mnr/v1", "https://example.org/region/mnr/v1/" },
  };
  static const char *refused[] = {
    "", "   ", "http://sync.example.org/", "not a url", "ftp://example.org/",
    "https://user:secret@example.org/", "https://example.org/?token=1", "https://example.org/#x",
    "https://", "http://127.0.0.1.example.org/",
  };

  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *endpoint = mnr_sync_endpoint_normalize (forms[i].text, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (endpoint, ==, forms[i].endpoint);
      g_assert_true (mnr_sync_endpoint_same (forms[i].text, forms[i].endpoint));
    }
  g_assert_false (mnr_sync_endpoint_same ("https://a.example.org/", "https://b.example.org/"));

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *endpoint = mnr_sync_endpoint_normalize (refused[i], &error);

      g_test_message ("%s: %s", refused[i], error != NULL ? error->message : "(accepted)");
      g_assert_null (endpoint);
      g_assert_error (error, MNR_SYNC_CLIENT_ERROR, MNR_SYNC_CLIENT_ERROR_INSECURE);
    }
}

/* The real server, by the root URL it prints and without a scheme. */
static void
test_root_url (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(MnrStore) a = NULL;
  g_autoptr(MnrStore) b = NULL;
  g_autoptr(MnrRound) round = NULL;
  g_autofree char *root = NULL;
  MnrSyncReport report;

  if (!start_server_with (fixture, NULL))
    return;

  root = g_strndup (fixture->endpoint, strlen (fixture->endpoint) - strlen ("mnr/v1/"));
  a = open_store (fixture, "a", "Kwame Mensah");
  round = mnr_test_create_round (a);
  mnr_test_sync_ok (a, root, WRITER_GH, &report);
  g_assert_cmpuint (report.pushed, ==, 1);

  b = open_store (fixture, "b", "Ama Owusu");
  mnr_test_sync_ok (b, root + strlen ("http://"), WRITER_GH, &report);
  g_assert_cmpuint (report.applied, ==, 1);
}


/* An older client, one that knows fewer record types (here, no groups),
 * against a server that knows more (section 2.4): it syncs what it knows,
 * keeps the rest whole, and once it knows the type (a newer version),
 * applies what it kept without pulling the feed again. Nothing is lost. */
static void
test_older_client (Fixture       *fixture,
                   gconstpointer  data)
{
  static const char * const older[] = { "round", "rating", "evidence", "attachment", NULL };
  g_autoptr(MnrStore) a = NULL;
  g_autoptr(MnrStore) b = NULL;
  g_autoptr(MnrRound) round = NULL;
  g_autoptr(MnrRound) round_b = NULL;
  g_autofree char *group = NULL;
  g_autofree char *renamed = NULL;
  MnrSyncReport report;

  if (!start_server_with (fixture, NULL))
    return;

  a = open_store (fixture, "a", "ASEAN secretariat");
  round = mnr_test_create_round (a);
  group = save_group (a, NULL, "West Africa");
  mnr_test_sync_ok (a, fixture->endpoint, SECRETARIAT, &report);
  g_assert_cmpuint (report.pushed, ==, 2);

  /* The older client: the round applied, the group kept aside. */
  b = open_store (fixture, "b", "Ama Owusu");
  {
    g_autoptr(MnrSyncClient) client = mnr_sync_client_new (b, fixture->endpoint, SECRETARIAT);
    g_autoptr(GError) error = NULL;

    mnr_sync_client_set_known_types (client, older);
    g_assert_true (mnr_test_run_sync (client, &report, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (report.pulled, ==, 2);
    g_assert_cmpuint (report.applied, ==, 1);
    g_assert_cmpuint (report.unknown, ==, 1);
    g_assert_cmpuint (report.rejected, ==, 0);
    g_assert_null (only_group_name (b));
    g_assert_cmpuint (mnr_test_count_unknown (b), ==, 1);

    /* It works on what it knows; the group changes meanwhile elsewhere. */
    round_b = mnr_store_create_round (b, "GH", "Review 2027", "2027-01-15", &error);
    g_assert_no_error (error);
    renamed = save_group (a, group, "West African States");
    mnr_test_sync_ok (a, fixture->endpoint, SECRETARIAT, &report);
    g_assert_cmpuint (report.pushed, ==, 1);

    g_assert_true (mnr_test_run_sync (client, &report, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (report.pushed, ==, 1);       /* its round */
    g_assert_cmpuint (report.unknown, ==, 1);      /* the group's newer rev */
    g_assert_cmpuint (mnr_test_count_unknown (b), ==, 1);   /* one record, kept once */
    g_assert_null (only_group_name (b));
  }

  /* The same store, by a version that knows groups: the kept group is
   * applied, at its newest rev, though the feed has nothing new. */
  mnr_test_sync_ok (b, fixture->endpoint, SECRETARIAT, &report);
  g_assert_cmpuint (report.pulled, ==, 1);       /* its own round, back */
  g_assert_cmpuint (report.unchanged, ==, 1);
  g_assert_cmpuint (report.applied, ==, 1);      /* the group, from the store */
  g_assert_cmpuint (report.rejected, ==, 0);
  g_assert_cmpuint (mnr_test_count_unknown (b), ==, 0);
  g_assert_cmpstr (only_group_name (b), ==, "West African States");

  /* And the first client sees the round the older one made. */
  mnr_test_sync_ok (a, fixture->endpoint, SECRETARIAT, &report);
  g_assert_cmpuint (report.applied, ==, 1);
}

/* A newer client against an older server, one that does not know groups:
 * what the server knows is sent; the group waits in the outbox, said so,
 * and goes once the server knows the type. */
static void
test_older_server (Fixture       *fixture,
                   gconstpointer  data)
{
  static const char * const older[] = { "--record-types=round,rating,evidence,attachment", NULL };
  g_autoptr(MnrStore) a = NULL;
  g_autoptr(MnrStore) b = NULL;
  g_autoptr(MnrRound) round = NULL;
  g_autofree char *group = NULL;
  MnrSyncReport report;

  if (!start_server_with (fixture, older))
    return;

  a = open_store (fixture, "a", "ASEAN secretariat");
  round = mnr_test_create_round (a);
  group = save_group (a, NULL, "West Africa");
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(MnrSyncClient) client = mnr_sync_client_new (a, fixture->endpoint, SECRETARIAT);
      g_autoptr(GError) error = NULL;
      GPtrArray *refusals;

      g_assert_true (mnr_test_run_sync (client, &report, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (report.pushed, ==, i == 0 ? 1 : 0);
      g_assert_cmpuint (report.rejected, ==, 1);
      refusals = mnr_sync_client_get_refusals (client);
      g_assert_cmpuint (refusals->len, ==, 1);
      g_assert_cmpint (((MnrSyncRefusal *)refusals->pdata[0])->kind, ==, MNR_SYNC_REFUSAL_UNKNOWN_TYPE);
      g_assert_cmpstr (((MnrSyncRefusal *)refusals->pdata[0])->type, ==, "group");
      g_test_message ("%s", ((MnrSyncRefusal *)refusals->pdata[0])->detail);
    }

  /* The server updated, on the same data: the group goes. */
  mnr_test_stop_server (&fixture->server);
  if (!start_server_with (fixture, NULL))
    return;
  mnr_test_sync_ok (a, fixture->endpoint, SECRETARIAT, &report);
  g_assert_cmpuint (report.pushed, ==, 1);
  g_assert_cmpuint (report.rejected, ==, 0);

  b = open_store (fixture, "b", "Ama Owusu");
  mnr_test_sync_ok (b, fixture->endpoint, SECRETARIAT, &report);
  g_assert_cmpuint (report.applied, ==, 2);
  g_assert_cmpstr (only_group_name (b), ==, "West Africa");
}

int
main (int   argc,
      char *argv[])
{
  static const struct
  {
    const char *path;
    void      (*func) (Fixture *, gconstpointer);
  } tests[] = {
    { "/sync-versions/endpoint-forms", test_endpoint_forms },
    { "/sync-versions/root-url", test_root_url },
    { "/sync-versions/older-client", test_older_client },
    { "/sync-versions/older-server", test_older_server },
  };

  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (tests); i++)
    g_test_add (tests[i].path, Fixture, NULL, fixture_set_up, tests[i].func, fixture_tear_down);

  return g_test_run ();
}
