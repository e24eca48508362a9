/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "mnr-preferences.h"
#include "mnr-sync-controller.h"
#include "mnr-sync-indicator.h"
#include "mnr-test-util.h"
#include "mnr-widget-test-util.h"

/* The sync controller, its header bar indicator and the Preferences window
 * against the real reference server (a child process on an ephemeral
 * loopback port), over a real store in a temporary folder. Settings live
 * in memory (GSETTINGS_BACKEND=memory). The keyring is what the test's
 * bus offers: tests/keyring/session.sh runs this program once with a
 * private unlocked gnome-keyring (MNR_TEST_KEYRING=private) and once with
 * no secrets service at all (MNR_TEST_KEYRING=absent), and each run checks
 * its own path; elsewhere either path is accepted. Run under Xvfb
 * (build-aux/run-tests.sh). */

#define GOOD_TOKEN "writer-gh-token-sync-ui-7d21"
#define BAD_TOKEN  "not-a-known-token-sync-ui"
#define SECRETARIAT_TOKEN "secretariat-token-sync-ui-5e90"

typedef struct
{
  char              *directory;   /* the client's store */
  char              *server_dir;  /* the server's data and tokens */
  GSubprocess       *server;
  char              *endpoint;
  MnrStore          *store;
  GSettings         *settings;
  MnrSyncController *controller;
  MnrSyncIndicator  *indicator;
  GtkWindow         *window;
  guint              n_synced;
  GPtrArray         *said;        /* what the indicator said during a sync */
} Fixture;

/* Runs after the indicator's own handler: its description is current. */
static void
note_description (gpointer user_data)
{
  Fixture *fixture = user_data;

  if (fixture->said != NULL)
    g_ptr_array_add (fixture->said, g_strdup (mnr_sync_indicator_get_description (fixture->indicator)));
}

static gboolean
tick_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Iterates until *@pointer is NULL or @seconds passed; a ticker keeps a
 * blocking iteration from waiting for ever. */
static void
wait_for_null (gpointer *pointer,
               int       seconds)
{
  guint ticker = g_timeout_add (50, tick_cb, NULL);

  for (gint64 end = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;
       *pointer != NULL && g_get_monotonic_time () < end;)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (ticker);
}

/* Whether @needle is in any file under @path. */
static gboolean
tree_contains (const char *path,
               const char *needle)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      if (g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        {
          if (tree_contains (child, needle))
            return TRUE;
          continue;
        }
      if (g_file_get_contents (child, &contents, &length, NULL) &&
          g_strstr_len (contents, length, needle) != NULL)
        {
          g_test_message ("%s holds the token", child);
          return TRUE;
        }
      /* also in sqlite's binary pages, where strstr stops at a NUL */
      for (gsize i = 0; contents != NULL && i + strlen (needle) <= length; i++)
        if (memcmp (contents + i, needle, strlen (needle)) == 0)
          return TRUE;
    }

  return FALSE;
}

/* Whether @needle is the value, or in the value, of any key. */
static gboolean
settings_contain (GSettings  *settings,
                  const char *needle)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autoptr(GVariant) value = g_settings_get_value (settings, keys[i]);
      g_autofree char *text = g_variant_print (value, FALSE);

      if (strstr (text, needle) != NULL)
        return TRUE;
    }

  return FALSE;
}

/* Starts mnr-sync-server; FALSE (test skipped) if it was not built. */
static gboolean
start_server (Fixture *fixture)
{
  g_autofree char *writer = mnr_test_token_line (GOOD_TOKEN, "writer GH");
  g_autofree char *secretariat = mnr_test_token_line (SECRETARIAT_TOKEN, "secretariat");
  g_autofree char *tokens = g_strconcat (writer, secretariat, NULL);

  fixture->server = mnr_test_start_server (fixture->server_dir, tokens, &fixture->endpoint);
  return fixture->server != NULL;
}

static void
on_synced_cb (MnrSyncController *controller,
              gpointer           report,
              Fixture           *fixture)
{
  g_assert_nonnull (report);
  fixture->n_synced++;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->store = mnr_test_open_temp_store ("mnr-sync-ui-XXXXXX", &fixture->directory);
  fixture->server_dir = g_dir_make_tmp ("mnr-sync-ui-server-XXXXXX", &error);
  g_assert_no_error (error);
  mnr_store_set_author (fixture->store, "Test Writer");

  /* The memory backend keeps values for the whole process. */
  fixture->settings = g_settings_new (APPLICATION_ID);
  g_settings_reset (fixture->settings, "sync-endpoint");
  g_settings_reset (fixture->settings, "sync-automatic");

  fixture->controller = mnr_sync_controller_new (fixture->store, fixture->settings);
  g_signal_connect (fixture->controller, "synced", G_CALLBACK (on_synced_cb), fixture);
  fixture->indicator = MNR_SYNC_INDICATOR (mnr_sync_indicator_new (fixture->controller));

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->indicator));
  gtk_window_present (fixture->window);
  mnr_test_iterate ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  MnrSyncController *controller = fixture->controller;
  MnrStore *store;

  gtk_window_destroy (fixture->window);
  mnr_test_iterate ();

  /* Anything in flight holds the controller until it ends. */
  g_object_add_weak_pointer (G_OBJECT (controller), (gpointer *)&controller);
  g_clear_object (&fixture->controller);
  wait_for_null ((gpointer *)&controller, 10);
  g_assert_null (controller);

  mnr_test_stop_server (&fixture->server);
  g_clear_object (&fixture->settings);
  /* The sync client lets go of the store once its task is done. */
  store = fixture->store;
  mnr_store_close (store);
  g_object_add_weak_pointer (G_OBJECT (store), (gpointer *)&store);
  g_clear_object (&fixture->store);
  /* Every sync, failed ones included, lets go of it. */
  wait_for_null ((gpointer *)&store, 5);
  g_assert_null (store);

  mnr_test_remove_tree (fixture->directory);
  mnr_test_remove_tree (fixture->server_dir);
  g_free (fixture->directory);
  g_free (fixture->server_dir);
  g_free (fixture->endpoint);
}

typedef struct
{
  GMainLoop *loop;
  gboolean   ok;
  GError    *error;
} Wait;

static void
credentials_done_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  Wait *wait = user_data;

  wait->ok = mnr_sync_controller_set_credentials_finish (MNR_SYNC_CONTROLLER (source), result, &wait->error);
  g_main_loop_quit (wait->loop);
}

static void
set_credentials (Fixture    *fixture,
                 const char *url,
                 const char *token)
{
  Wait wait = { g_main_loop_new (NULL, FALSE), FALSE, NULL };

  mnr_sync_controller_set_credentials_async (fixture->controller, url, token, NULL, credentials_done_cb, &wait);
  g_main_loop_run (wait.loop);
  g_main_loop_unref (wait.loop);
  g_assert_no_error (wait.error);
  g_assert_true (wait.ok);
}

/* Runs a sync and waits for it to end. */
static MnrSyncState
sync_and_wait (Fixture *fixture)
{
  mnr_sync_controller_sync_now (fixture->controller);

  for (gint64 end = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
       mnr_sync_controller_get_state (fixture->controller) == MNR_SYNC_STATE_SYNCING &&
       g_get_monotonic_time () < end;)
    g_main_context_iteration (NULL, TRUE);

  mnr_test_iterate ();
  return mnr_sync_controller_get_state (fixture->controller);
}

static void
create_round (Fixture    *fixture,
              const char *name)
{
  g_autoptr(GError) error = NULL;
  MnrRound *round = mnr_store_create_round (fixture->store, "GH", name, "2026-11-20", &error);

  g_assert_no_error (error);
  g_assert_nonnull (round);
  mnr_round_free (round);
  mnr_sync_controller_note_local_change (fixture->controller);
}

static GtkWidget *
find_button_with_action (GtkWidget  *widget,
                         const char *action)
{
  if (GTK_IS_BUTTON (widget) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button_with_action (child, action);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkWidget *
popover_child (Fixture *fixture)
{
  GtkWidget *button = gtk_widget_get_first_child (GTK_WIDGET (fixture->indicator));

  g_assert_true (GTK_IS_MENU_BUTTON (button));
  return GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));
}

static void
test_sync_flow (Fixture       *fixture,
                gconstpointer  user_data)
{
  MnrSyncController *controller = fixture->controller;
  g_autofree char *saved = NULL;
  GtkWidget *button, *popover;

  /* Nothing set up: the indicator says so and offers to. */
  g_assert_false (mnr_sync_controller_is_set_up (controller));
  g_assert_cmpstr (mnr_sync_indicator_get_description (fixture->indicator), ==, "Sync is not set up");
  button = gtk_widget_get_first_child (GTK_WIDGET (fixture->indicator));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, "Sync is not set up");
  popover = popover_child (fixture);
  g_assert_true (gtk_widget_get_visible (find_button_with_action (popover, "sync-indicator.set-up")));
  g_assert_false (gtk_widget_get_visible (find_button_with_action (popover, "sync-indicator.sync-now")));

  /* Syncing without a server does nothing. */
  mnr_sync_controller_sync_now (controller);
  g_assert_cmpint (mnr_sync_controller_get_state (controller), ==, MNR_SYNC_STATE_IDLE);

  if (!start_server (fixture))
    return;

  /* A plain http address elsewhere than here is refused. */
  g_assert_false (mnr_sync_controller_endpoint_is_valid ("http://sync.example.org/mnr/v1/"));
  g_assert_true (mnr_sync_controller_endpoint_is_valid ("https://sync.example.org/mnr/v1/"));
  g_assert_true (mnr_sync_controller_endpoint_is_valid (fixture->endpoint));

  set_credentials (fixture, fixture->endpoint, GOOD_TOKEN);
  g_assert_true (mnr_sync_controller_is_set_up (controller));
  g_assert_true (mnr_sync_controller_get_has_token (controller));
  if (g_strcmp0 (g_getenv ("MNR_TEST_KEYRING"), "private") == 0)
    g_assert_true (mnr_sync_controller_get_token_remembered (controller));
  else if (g_strcmp0 (g_getenv ("MNR_TEST_KEYRING"), "absent") == 0)
    g_assert_false (mnr_sync_controller_get_token_remembered (controller));
  if (!mnr_sync_controller_get_token_remembered (controller))
    g_assert_cmpstr (mnr_sync_controller_get_last_error (controller), ==,
                     "No keyring is available; the token will not be remembered.");
  else
    g_test_message ("the test bus has a keyring");

  /* The token is nowhere but the keyring or memory. */
  g_assert_false (settings_contain (fixture->settings, GOOD_TOKEN));
  g_assert_true (settings_contain (fixture->settings, fixture->endpoint));
  g_assert_false (tree_contains (fixture->directory, GOOD_TOKEN));

  /* A local change waits to be sent. */
  g_assert_cmpuint (mnr_sync_controller_get_pending (controller), ==, 0);
  create_round (fixture, "Review 2026");
  g_assert_cmpuint (mnr_sync_controller_get_pending (controller), ==, 1);
  g_assert_cmpstr (mnr_sync_indicator_get_short_label (fixture->indicator), ==, "1 pending");
  g_assert_cmpstr (mnr_sync_indicator_get_description (fixture->indicator), ==, "1 change waiting to be sent");
  g_assert_true (gtk_widget_get_visible (find_button_with_action (popover, "sync-indicator.sync-now")));
  g_assert_false (gtk_widget_get_visible (find_button_with_action (popover, "sync-indicator.set-up")));

  /* Sent, the indicator saying how far the sync is while it runs. */
  {
    g_autoptr(GPtrArray) said = g_ptr_array_new_with_free_func (g_free);
    gulong id = g_signal_connect_swapped (controller, "notify::progress",
                                          G_CALLBACK (note_description), fixture);

    fixture->said = said;
    g_assert_cmpint (sync_and_wait (fixture), ==, MNR_SYNC_STATE_IDLE);
    g_signal_handler_disconnect (controller, id);
    fixture->said = NULL;
    for (guint i = 0; i < said->len; i++)
      g_test_message ("while syncing: %s", (char *)said->pdata[i]);
    g_assert_true (g_ptr_array_find_with_equal_func (said, "Syncing… 1 of 1 change sent", g_str_equal, NULL));
  }
  g_assert_null (mnr_sync_controller_get_last_error (controller));
  g_assert_cmpuint (mnr_sync_controller_get_pending (controller), ==, 0);
  g_assert_cmpuint (mnr_sync_controller_get_conflicts (controller), ==, 0);
  g_assert_cmpint (mnr_sync_controller_get_last_success (controller), >, 0);
  g_assert_cmpuint (fixture->n_synced, ==, 1);
  saved = mnr_store_get_sync_value (fixture->store, "last-success");
  g_assert_cmpint (g_ascii_strtoll (saved, NULL, 10), ==, mnr_sync_controller_get_last_success (controller));
  g_assert_nonnull (strstr (mnr_sync_indicator_get_description (fixture->indicator), "Synced"));
  g_assert_cmpstr (mnr_sync_indicator_get_icon_name (fixture->indicator), ==, "emblem-ok-symbolic");
  g_assert_null (mnr_sync_indicator_get_short_label (fixture->indicator));
  g_assert_false (tree_contains (fixture->directory, GOOD_TOKEN));

  /* A refused token. */
  set_credentials (fixture, fixture->endpoint, BAD_TOKEN);
  create_round (fixture, "Review 2027");
  g_assert_cmpint (sync_and_wait (fixture), ==, MNR_SYNC_STATE_ERROR);
  g_assert_nonnull (strstr (mnr_sync_controller_get_last_error (controller), "access token"));
  g_assert_cmpuint (mnr_sync_controller_get_pending (controller), ==, 1);
  g_assert_true (g_str_has_prefix (mnr_sync_indicator_get_description (fixture->indicator), "Not synced: "));
  g_assert_cmpstr (mnr_sync_indicator_get_icon_name (fixture->indicator), ==, "dialog-warning-symbolic");
  g_assert_false (settings_contain (fixture->settings, BAD_TOKEN));
  g_assert_false (tree_contains (fixture->directory, BAD_TOKEN));

  /* A change the token does not allow (another country's) is kept, and
   * the person is told why it does not leave. */
  set_credentials (fixture, fixture->endpoint, GOOD_TOKEN);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(MnrRound) round = mnr_store_create_round (fixture->store, "VN", "Đánh giá 2026", "2026-11-20", &error);

    g_assert_no_error (error);
    g_assert_nonnull (round);
    mnr_sync_controller_note_local_change (controller);
  }
  g_assert_null (mnr_sync_controller_get_refused (controller));
  g_assert_cmpint (sync_and_wait (fixture), ==, MNR_SYNC_STATE_IDLE);
  g_assert_cmpuint (mnr_sync_controller_get_pending (controller), ==, 1);
  g_assert_cmpstr (mnr_sync_controller_get_refused (controller), ==,
                   "1 change was not sent: your access token does not allow changes for VN.");
  g_assert_nonnull (strstr (mnr_sync_indicator_get_details (fixture->indicator),
                            "your access token does not allow changes for VN"));
  g_assert_cmpstr (mnr_sync_indicator_get_icon_name (fixture->indicator), ==, "dialog-warning-symbolic");

  /* The server gone: the changes stay. */
  set_credentials (fixture, fixture->endpoint, GOOD_TOKEN);
  mnr_test_stop_server (&fixture->server);
  g_assert_cmpint (sync_and_wait (fixture), ==, MNR_SYNC_STATE_OFFLINE);
  g_assert_nonnull (strstr (mnr_sync_controller_get_last_error (controller), "Nothing answers at 127.0.0.1:"));
  g_assert_cmpuint (mnr_sync_controller_get_pending (controller), ==, 1);
  g_assert_nonnull (strstr (mnr_sync_indicator_get_description (fixture->indicator), "Nothing answers at"));
  g_assert_cmpstr (mnr_sync_indicator_get_icon_name (fixture->indicator), ==, "network-offline-symbolic");
  g_assert_cmpuint (fixture->n_synced, ==, 2);
}

/* The server prints its root URL; the app takes that, or any other form
 * of the address, keeps one form of it, and keeps the token when only
 * the form changes. An address where something else answers is told
 * apart from one where nothing does. */
static void
test_address_forms (Fixture       *fixture,
                    gconstpointer  user_data)
{
  MnrSyncController *controller = fixture->controller;
  g_autofree char *root = NULL;
  g_autofree char *bare = NULL;
  g_autofree char *other = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *again = NULL;

  if (!start_server (fixture))
    return;

  /* "http://127.0.0.1:PORT/", as the server prints it */
  g_assert_true (g_str_has_suffix (fixture->endpoint, "/mnr/v1/"));
  root = g_strndup (fixture->endpoint, strlen (fixture->endpoint) - strlen ("mnr/v1/"));
  bare = g_strndup (root + strlen ("http://"), strlen (root) - strlen ("http://") - 1);
  other = g_strconcat (root, "elsewhere/", NULL);
  g_assert_true (mnr_sync_controller_endpoint_is_valid (root));
  g_assert_true (mnr_sync_controller_endpoint_is_valid (bare));

  set_credentials (fixture, root, GOOD_TOKEN);
  kept = mnr_sync_controller_dup_endpoint (controller);
  g_assert_cmpstr (kept, ==, fixture->endpoint);
  create_round (fixture, "Review 2026");
  g_assert_cmpint (sync_and_wait (fixture), ==, MNR_SYNC_STATE_IDLE);
  g_assert_cmpuint (mnr_sync_controller_get_pending (controller), ==, 0);

  /* Another form of the same address, no token typed: the token stays. */
  set_credentials (fixture, bare, NULL);
  again = mnr_sync_controller_dup_endpoint (controller);
  g_assert_cmpstr (again, ==, fixture->endpoint);
  g_assert_true (mnr_sync_controller_get_has_token (controller));
  create_round (fixture, "Review 2027");
  g_assert_cmpint (sync_and_wait (fixture), ==, MNR_SYNC_STATE_IDLE);
  g_assert_null (mnr_sync_controller_get_last_error (controller));
  g_assert_cmpuint (mnr_sync_controller_get_pending (controller), ==, 0);

  /* Something answers there, but not an MNR server: said so, nothing lost. */
  set_credentials (fixture, other, GOOD_TOKEN);
  create_round (fixture, "Review 2028");
  g_assert_cmpint (sync_and_wait (fixture), ==, MNR_SYNC_STATE_ERROR);
  g_test_message ("%s", mnr_sync_controller_get_last_error (controller));
  g_assert_nonnull (strstr (mnr_sync_controller_get_last_error (controller),
                            "answers, but not as an MNR sync server"));
  g_assert_cmpuint (mnr_sync_controller_get_pending (controller), ==, 1);

  /* No server at all on that port. */
  mnr_test_stop_server (&fixture->server);
  set_credentials (fixture, root, GOOD_TOKEN);
  g_assert_cmpint (sync_and_wait (fixture), ==, MNR_SYNC_STATE_OFFLINE);
  g_test_message ("%s", mnr_sync_controller_get_last_error (controller));
  g_assert_true (g_str_has_prefix (mnr_sync_controller_get_last_error (controller), "Nothing answers at 127.0.0.1:"));
  g_assert_cmpuint (mnr_sync_controller_get_pending (controller), ==, 1);
}

static void
test_preferences (Fixture       *fixture,
                  gconstpointer  user_data)
{
  MnrPreferences *preferences;

  preferences = MNR_PREFERENCES (mnr_preferences_new (fixture->window, fixture->controller));
  g_object_ref_sink (preferences);
  gtk_window_present (GTK_WINDOW (preferences));
  mnr_test_iterate ();

  /* Empty turns sync off: allowed. */
  g_assert_false (mnr_preferences_get_endpoint_error (preferences));
  g_assert_true (mnr_preferences_get_save_sensitive (preferences));

  mnr_preferences_set_endpoint_text (preferences, "http://sync.example.org/mnr/v1/");
  g_assert_true (mnr_preferences_get_endpoint_error (preferences));
  g_assert_false (mnr_preferences_get_save_sensitive (preferences));

  mnr_preferences_set_endpoint_text (preferences, "not a url");
  g_assert_true (mnr_preferences_get_endpoint_error (preferences));

  mnr_preferences_set_endpoint_text (preferences, "http://127.0.0.1:8080/mnr/v1/");
  g_assert_false (mnr_preferences_get_endpoint_error (preferences));

  /* The root URL the server prints, or the address without a scheme. */
  mnr_preferences_set_endpoint_text (preferences, "http://127.0.0.1:8080/");
  g_assert_false (mnr_preferences_get_endpoint_error (preferences));
  mnr_preferences_set_endpoint_text (preferences, "localhost:8080");
  g_assert_false (mnr_preferences_get_endpoint_error (preferences));
  mnr_preferences_set_endpoint_text (preferences, "sync.example.org");
  g_assert_false (mnr_preferences_get_endpoint_error (preferences));

  mnr_preferences_set_endpoint_text (preferences, "https://sync.example.org/mnr/v1/");
  g_assert_false (mnr_preferences_get_endpoint_error (preferences));
  g_assert_true (mnr_preferences_get_save_sensitive (preferences));

  /* Saved: the address in settings, the token not, and not shown back. */
  mnr_preferences_set_token_text (preferences, GOOD_TOKEN);
  mnr_preferences_save (preferences);
  for (gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
       !mnr_sync_controller_get_has_token (fixture->controller) && g_get_monotonic_time () < end;)
    g_main_context_iteration (NULL, TRUE);
  mnr_test_iterate ();
  g_assert_true (mnr_sync_controller_get_has_token (fixture->controller));
  g_assert_true (mnr_sync_controller_is_set_up (fixture->controller));
  g_assert_false (settings_contain (fixture->settings, GOOD_TOKEN));
  g_assert_false (tree_contains (fixture->directory, GOOD_TOKEN));
  g_assert_nonnull (strstr (mnr_preferences_get_status (preferences), "Access token: "));

  /* Automatic sync follows the switch's setting. */
  g_settings_set_boolean (fixture->settings, "sync-automatic", TRUE);
  mnr_test_iterate ();
  g_settings_set_boolean (fixture->settings, "sync-automatic", FALSE);

  gtk_window_destroy (GTK_WINDOW (preferences));
  mnr_test_iterate ();
  g_assert_finalize_object (preferences);
}

static void
wait_until (gboolean (*done) (MnrSyncController *controller),
            MnrSyncController *controller,
            guint              seconds)
{
  for (gint64 end = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;
       !done (controller) && g_get_monotonic_time () < end;)
    g_main_context_iteration (NULL, TRUE);
  mnr_test_iterate ();
}

static gboolean
is_remembered (MnrSyncController *controller)
{
  return mnr_sync_controller_get_token_remembered (controller);
}

static gboolean
is_not_waiting (MnrSyncController *controller)
{
  return !mnr_sync_controller_get_keyring_waiting (controller);
}

/* With a keyring, the token outlives the app: a controller made anew, as
 * at the next start, finds it there and syncs with it. */
static void
test_keyring_restart (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(MnrSyncController) again = NULL;

  if (g_strcmp0 (g_getenv ("MNR_TEST_KEYRING"), "private") != 0)
    {
      g_test_skip ("needs the private keyring of tests/keyring/session.sh keyring");
      return;
    }
  if (!start_server (fixture))
    return;

  set_credentials (fixture, fixture->endpoint, GOOD_TOKEN);
  g_assert_true (mnr_sync_controller_get_token_remembered (fixture->controller));
  g_assert_null (mnr_sync_controller_get_last_error (fixture->controller));

  /* The next start: nothing in memory, the keyring has it. */
  g_clear_object (&fixture->controller);
  again = mnr_sync_controller_new (fixture->store, fixture->settings);
  fixture->controller = g_object_ref (again);
  wait_until (is_remembered, again, 10);
  g_assert_true (mnr_sync_controller_get_has_token (again));
  g_assert_true (mnr_sync_controller_get_token_remembered (again));

  create_round (fixture, "Review 2026");
  g_assert_cmpint (sync_and_wait (fixture), ==, MNR_SYNC_STATE_IDLE);
  g_assert_null (mnr_sync_controller_get_last_error (again));
  g_assert_cmpuint (mnr_sync_controller_get_pending (again), ==, 0);
  g_assert_false (tree_contains (fixture->directory, GOOD_TOKEN));
}

/* A secrets service that takes every call and never answers, as a
 * keyring does while it asks for a password nobody types. */
typedef struct
{
  GDBusConnection *bus;
  guint            owner_id;
  guint            filter_id;
  GPtrArray       *held;        /* the calls it holds (GDBusMessage) */
  GMutex           lock;
} SilentKeyring;

static GDBusMessage *
hold_calls_cb (GDBusConnection *connection,
               GDBusMessage    *message,
               gboolean         incoming,
               gpointer         user_data)
{
  SilentKeyring *keyring = user_data;
  const char *path = g_dbus_message_get_path (message);

  if (incoming && g_dbus_message_get_message_type (message) == G_DBUS_MESSAGE_TYPE_METHOD_CALL &&
      path != NULL && g_str_has_prefix (path, "/org/freedesktop/secrets"))
    {
      g_mutex_lock (&keyring->lock);
      g_ptr_array_add (keyring->held, g_object_ref (message));
      g_mutex_unlock (&keyring->lock);
      g_object_unref (message);
      return NULL;
    }
  return message;
}

static void
silent_keyring_release (SilentKeyring *keyring)
{
  g_autoptr(GPtrArray) held = NULL;

  g_mutex_lock (&keyring->lock);
  held = g_steal_pointer (&keyring->held);
  keyring->held = g_ptr_array_new_with_free_func (g_object_unref);
  g_mutex_unlock (&keyring->lock);

  /* At last it answers: it has no keyring to offer. */
  for (guint i = 0; i < held->len; i++)
    {
      g_autoptr(GDBusMessage) reply =
        g_dbus_message_new_method_error_literal (held->pdata[i], "org.freedesktop.DBus.Error.ServiceUnknown",
                                                 "The test's keyring gave up");
      g_dbus_connection_send_message (keyring->bus, reply, G_DBUS_SEND_MESSAGE_FLAGS_NONE, NULL, NULL);
    }
}

static gboolean
silent_keyring_held_any (SilentKeyring *keyring)
{
  gboolean any;

  g_mutex_lock (&keyring->lock);
  any = keyring->held->len > 0;
  g_mutex_unlock (&keyring->lock);
  return any;
}

/* The app never waits on a keyring that does not answer: the token is
 * kept in memory, Preferences says it waits for the keyring and stays
 * usable, sync works; when the keyring answers at last, that is shown. */
static void
test_keyring_silent (Fixture       *fixture,
                     gconstpointer  user_data)
{
  SilentKeyring keyring = { 0 };
  g_autoptr(GError) error = NULL;
  MnrPreferences *preferences;

  if (g_strcmp0 (g_getenv ("MNR_TEST_KEYRING"), "absent") != 0)
    {
      g_test_skip ("needs a bus without a secrets service (tests/keyring/session.sh none)");
      return;
    }
  if (!start_server (fixture))
    return;

  keyring.bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  g_mutex_init (&keyring.lock);
  keyring.held = g_ptr_array_new_with_free_func (g_object_unref);
  keyring.filter_id = g_dbus_connection_add_filter (keyring.bus, hold_calls_cb, &keyring, NULL);
  keyring.owner_id = g_bus_own_name_on_connection (keyring.bus, "org.freedesktop.secrets",
                                                   G_BUS_NAME_OWNER_FLAGS_NONE, NULL, NULL, NULL, NULL);
  for (gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC; g_get_monotonic_time () < end;)
    {
      g_autoptr(GVariant) owner =
        g_dbus_connection_call_sync (keyring.bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                     "org.freedesktop.DBus", "NameHasOwner",
                                     g_variant_new ("(s)", "org.freedesktop.secrets"), G_VARIANT_TYPE ("(b)"),
                                     G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
      gboolean has = FALSE;

      if (owner != NULL)
        g_variant_get (owner, "(b)", &has);
      if (has)
        break;
      g_main_context_iteration (NULL, FALSE);
    }

  preferences = MNR_PREFERENCES (mnr_preferences_new (fixture->window, fixture->controller));
  g_object_ref_sink (preferences);
  gtk_window_present (GTK_WINDOW (preferences));
  mnr_test_iterate ();

  mnr_sync_controller_set_keyring_patience (fixture->controller, 300);
  set_credentials (fixture, fixture->endpoint, GOOD_TOKEN);
  g_assert_true (silent_keyring_held_any (&keyring));

  /* The save ended without the keyring: the token is in memory. */
  g_assert_true (mnr_sync_controller_get_keyring_waiting (fixture->controller));
  g_assert_true (mnr_sync_controller_get_has_token (fixture->controller));
  g_assert_false (mnr_sync_controller_get_token_remembered (fixture->controller));
  g_assert_nonnull (strstr (mnr_preferences_get_status (preferences), "waiting for the keyring"));
  g_assert_true (mnr_preferences_get_save_sensitive (preferences));

  /* Sync goes on with it. */
  create_round (fixture, "Review 2026");
  g_assert_cmpint (sync_and_wait (fixture), ==, MNR_SYNC_STATE_IDLE);
  g_assert_cmpuint (mnr_sync_controller_get_pending (fixture->controller), ==, 0);

  /* The keyring answers at last, with no keyring. */
  silent_keyring_release (&keyring);
  wait_until (is_not_waiting, fixture->controller, 10);
  g_assert_false (mnr_sync_controller_get_keyring_waiting (fixture->controller));
  g_assert_true (mnr_sync_controller_get_has_token (fixture->controller));
  g_assert_null (strstr (mnr_preferences_get_status (preferences), "waiting for the keyring"));
  g_assert_false (tree_contains (fixture->directory, GOOD_TOKEN));

  gtk_window_destroy (GTK_WINDOW (preferences));
  mnr_test_iterate ();
  g_assert_finalize_object (preferences);

  g_bus_unown_name (keyring.owner_id);
  g_dbus_connection_remove_filter (keyring.bus, keyring.filter_id);
  silent_keyring_release (&keyring);
  g_ptr_array_unref (keyring.held);
  g_mutex_clear (&keyring.lock);
  g_object_unref (keyring.bus);
}

/* Waits for the automatic sync a local change started (after @before
 * syncs) to end with nothing left to send. */
static void
wait_for_automatic_sync (Fixture *fixture,
                         guint    before)
{
  MnrSyncController *controller = fixture->controller;

  for (gint64 end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
       (fixture->n_synced <= before || mnr_sync_controller_get_pending (controller) > 0 ||
        mnr_sync_controller_get_state (controller) == MNR_SYNC_STATE_SYNCING) &&
       g_get_monotonic_time () < end;)
    g_main_context_iteration (NULL, TRUE);
  mnr_test_iterate ();

  g_assert_cmpuint (fixture->n_synced, >, before);
  g_assert_cmpint (mnr_sync_controller_get_state (controller), ==, MNR_SYNC_STATE_IDLE);
  g_assert_cmpuint (mnr_sync_controller_get_pending (controller), ==, 0);
}

static void
reader_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Wait *wait = user_data;

  wait->ok = mnr_sync_client_sync_finish (MNR_SYNC_CLIENT (source), result, NULL, &wait->error);
  g_main_loop_quit (wait->loop);
}

/* What the server holds, as another computer sees it after a sync. */
static void
sync_reader (Fixture  *fixture,
             MnrStore *reader)
{
  g_autoptr(MnrSyncClient) client = mnr_sync_client_new (reader, fixture->endpoint, SECRETARIAT_TOKEN);
  Wait wait = { g_main_loop_new (NULL, FALSE), FALSE, NULL };

  mnr_sync_client_sync_async (client, NULL, reader_done_cb, &wait);
  g_main_loop_run (wait.loop);
  g_main_loop_unref (wait.loop);
  g_assert_no_error (wait.error);
  g_assert_true (wait.ok);
}

static void
count_change (MnrStore   *store,
              const char *type,
              const char *id,
              gboolean    from_server,
              GPtrArray  *seen)
{
  g_ptr_array_add (seen, g_strdup_printf ("%s %s%s", type, id != NULL ? id : "*",
                                          from_server ? " (server)" : ""));
}

/* With automatic sync on, an edit of every record type counts as pending
 * at once, through the store's change notice alone, and reaches the
 * server: another store that syncs sees it. */
static void
test_automatic_every_type (Fixture       *fixture,
                           gconstpointer  user_data)
{
  MnrSyncController *controller = fixture->controller;
  MnrStore *store = fixture->store;
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(MnrEvidence) evidence = mnr_evidence_new ("GH");
  g_autoptr(MnrRating) rating = NULL;
  g_autofree char *reader_dir = NULL;
  g_autofree char *file_path = NULL;
  g_autofree char *group_id = NULL;
  g_autofree char *round_id = NULL;
  g_autoptr(GFile) file = NULL;
  MnrAttachment *attachment;
  MnrStore *reader;
  MnrRound *round;
  guint before;

  if (!start_server (fixture))
    return;

  set_credentials (fixture, fixture->endpoint, SECRETARIAT_TOKEN);
  mnr_sync_controller_set_change_delay (controller, 50);
  g_settings_set_boolean (fixture->settings, "sync-automatic", TRUE);
  g_assert_cmpuint (mnr_sync_controller_get_pending (controller), ==, 0);
  g_signal_connect (store, "changed", G_CALLBACK (count_change), seen);
  reader = mnr_test_open_temp_store ("mnr-sync-ui-reader-XXXXXX", &reader_dir);

  /* A round. */
  before = fixture->n_synced;
  round = mnr_store_create_round (store, "GH", "Review 2026", "2026-11-20", &error);
  g_assert_no_error (error);
  round_id = g_strdup (round->id);
  mnr_round_free (round);
  g_assert_cmpuint (mnr_sync_controller_get_pending (controller), ==, 1);
  wait_for_automatic_sync (fixture, before);

  /* A rating. */
  before = fixture->n_synced;
  g_assert_true (mnr_store_set_rating (store, round_id, "capability-4", "developing", "A unit in Accra.", &error));
  g_assert_cmpuint (mnr_sync_controller_get_pending (controller), ==, 1);
  wait_for_automatic_sync (fixture, before);

  /* Evidence, then a file attached to it. */
  before = fixture->n_synced;
  mnr_evidence_set_title (evidence, "Cybercrime Act 2020");
  mnr_evidence_set_kind (evidence, "legislation");
  g_assert_true (mnr_store_save_evidence (store, evidence, &error));
  g_assert_cmpuint (mnr_sync_controller_get_pending (controller), ==, 1);
  wait_for_automatic_sync (fixture, before);

  before = fixture->n_synced;
  file_path = g_build_filename (fixture->directory, "act.txt", NULL);
  g_assert_true (g_file_set_contents (file_path, "Cybercrime Act, 2020.\n", -1, &error));
  file = g_file_new_for_path (file_path);
  attachment = mnr_store_add_attachment (store, mnr_evidence_get_id (evidence), file, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (attachment);
  mnr_attachment_free (attachment);
  g_assert_cmpuint (mnr_sync_controller_get_pending (controller), ==, 1);
  wait_for_automatic_sync (fixture, before);

  /* A regional group. */
  before = fixture->n_synced;
  group_id = mnr_store_save_group (store, NULL, "West Africa", "WA",
                                   (const char *[]) { "GH", "NG", "SN", NULL }, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mnr_sync_controller_get_pending (controller), ==, 1);
  wait_for_automatic_sync (fixture, before);

  /* Each change was told once, as made here. */
  g_assert_cmpuint (seen->len, >=, 5);
  for (guint i = 0; i < seen->len; i++)
    g_assert_null (strstr (g_ptr_array_index (seen, i), "(server)"));

  /* The other computer has all of it. */
  sync_reader (fixture, reader);
  {
    g_autoptr(GPtrArray) rounds = mnr_store_list_rounds (reader, "GH", &error);
    g_autoptr(GPtrArray) attachments = mnr_store_list_attachments (reader, mnr_evidence_get_id (evidence), &error);
    g_autoptr(GPtrArray) groups = mnr_store_list_groups (reader, &error);
    g_autoptr(MnrEvidence) got = mnr_store_get_evidence (reader, mnr_evidence_get_id (evidence), &error);

    g_assert_no_error (error);
    g_assert_cmpuint (rounds->len, ==, 1);
    rating = mnr_store_get_rating (reader, round_id, "capability-4", &error);
    g_assert_nonnull (rating);
    g_assert_cmpstr (rating->level_id, ==, "developing");
    g_assert_nonnull (got);
    g_assert_cmpstr (mnr_evidence_get_title (got), ==, "Cybercrime Act 2020");
    g_assert_cmpuint (attachments->len, ==, 1);
    g_assert_cmpuint (groups->len, ==, 1);
  }

  /* A round renamed, then deleted with its rating: both reach it too. */
  before = fixture->n_synced;
  g_assert_true (mnr_store_rename_round (store, round_id, "Review 2026 (draft)", &error));
  g_assert_cmpuint (mnr_sync_controller_get_pending (controller), ==, 1);
  wait_for_automatic_sync (fixture, before);
  sync_reader (fixture, reader);
  {
    g_autoptr(GPtrArray) rounds = mnr_store_list_rounds (reader, "GH", &error);
    g_assert_cmpstr (((MnrRound *)rounds->pdata[0])->name, ==, "Review 2026 (draft)");
  }

  before = fixture->n_synced;
  g_assert_true (mnr_store_remove_round (store, round_id, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (mnr_sync_controller_get_pending (controller), ==, 2);
  wait_for_automatic_sync (fixture, before);
  sync_reader (fixture, reader);
  {
    g_autoptr(GPtrArray) rounds = mnr_store_list_rounds (reader, "GH", &error);
    g_autoptr(GPtrArray) ratings = mnr_store_list_ratings (reader, round_id, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (rounds->len, ==, 0);
    g_assert_cmpuint (ratings->len, ==, 0);
  }

  g_signal_handlers_disconnect_by_data (store, seen);
  g_settings_set_boolean (fixture->settings, "sync-automatic", FALSE);
  mnr_test_close_temp_store (&reader, &reader_dir);
}

int
main (int   argc,
      char *argv[])
{
  if (!mnr_widget_test_init (&argc, &argv))
    return 77;

  g_test_add ("/sync-ui/flow", Fixture, NULL, fixture_set_up, test_sync_flow, fixture_tear_down);
  g_test_add ("/sync-ui/address-forms", Fixture, NULL, fixture_set_up, test_address_forms, fixture_tear_down);
  g_test_add ("/sync-ui/preferences", Fixture, NULL, fixture_set_up, test_preferences, fixture_tear_down);
  g_test_add ("/sync-ui/keyring-restart", Fixture, NULL, fixture_set_up, test_keyring_restart, fixture_tear_down);
  g_test_add ("/sync-ui/keyring-silent", Fixture, NULL, fixture_set_up, test_keyring_silent, fixture_tear_down);
  g_test_add ("/sync-ui/automatic-every-type", Fixture, NULL, fixture_set_up, test_automatic_every_type, fixture_tear_down);

  return g_test_run ();
}
