/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>

#include "mnr-test-util.h"

/**
 * mnr_test_load_framework:
 *
 * Returns: (transfer full): the framework bundled with the app
 */
MnrFramework *
mnr_test_load_framework (void)
{
  g_autoptr(GError) error = NULL;
  MnrFramework *framework = mnr_framework_new_default (&error);

  g_assert_no_error (error);
  return framework;
}

/**
 * mnr_test_load_catalog:
 *
 * Returns: (transfer full): the system's countries and the bundled groups
 */
MnrCountryCatalog *
mnr_test_load_catalog (void)
{
  g_autoptr(GError) error = NULL;
  MnrCountryCatalog *catalog = mnr_country_catalog_new (&error);

  g_assert_no_error (error);
  return catalog;
}

/**
 * mnr_test_iterate:
 *
 * Runs the default main context until it has nothing left to dispatch.
 */
void
mnr_test_iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/**
 * mnr_test_remove_tree:
 * @path: a folder
 *
 * Deletes @path and everything in it; symbolic links are removed, never
 * followed. Errors are ignored.
 */
void
mnr_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        mnr_test_remove_tree (child);
      else
        g_unlink (child);
    }

  g_rmdir (path);
}

/**
 * mnr_test_model_has_country:
 * @model: a list of #MnrCountry
 * @code: a country code, e.g. "PH"
 *
 * Returns: whether @model holds the country @code
 */
gboolean
mnr_test_model_has_country (GListModel *model,
                            const char *code)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(MnrCountry) country = g_list_model_get_item (model, i);

      if (g_str_equal (mnr_country_get_code (country), code))
        return TRUE;
    }

  return FALSE;
}

/**
 * mnr_test_temp_dir_set_up:
 * @tmpl: a template for g_dir_make_tmp(), e.g. "mnr-store-XXXXXX"
 *
 * Makes a new temporary folder for @fixture; a test's own set-up function
 * calls it with its template.
 */
void
mnr_test_temp_dir_set_up (MnrTestTempDir *fixture,
                          const char     *tmpl)
{
  g_autoptr(GError) error = NULL;

  fixture->path = g_dir_make_tmp (tmpl, &error);
  g_assert_no_error (error);
  fixture->dir = g_file_new_for_path (fixture->path);
}

/**
 * mnr_test_temp_dir_tear_down:
 *
 * Deletes the folder of @fixture with everything in it; a tear-down
 * function for g_test_add().
 */
void
mnr_test_temp_dir_tear_down (MnrTestTempDir *fixture,
                             gconstpointer   data)
{
  mnr_test_remove_tree (fixture->path);
  g_clear_pointer (&fixture->path, g_free);
  g_clear_object (&fixture->dir);
}

/**
 * mnr_test_temp_dir_open_store:
 * @author: the name the store signs changes with
 *
 * Opens the store in the folder of @fixture, a new one the first time.
 *
 * Returns: (transfer full): the store
 */
MnrStore *
mnr_test_temp_dir_open_store (MnrTestTempDir *fixture,
                              const char     *author)
{
  g_autoptr(GError) error = NULL;
  MnrStore *store = mnr_store_open (fixture->dir, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  mnr_store_set_author (store, author);
  return store;
}

/**
 * mnr_test_open_temp_store:
 * @tmpl: a template for g_dir_make_tmp(), e.g. "mnr-groups-XXXXXX"
 * @directory: (out): the new temporary folder
 *
 * Opens a new, empty store in a new temporary folder.
 *
 * Returns: (transfer full): the store
 */
MnrStore *
mnr_test_open_temp_store (const char  *tmpl,
                          char       **directory)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  MnrStore *store;

  *directory = g_dir_make_tmp (tmpl, &error);
  g_assert_no_error (error);

  file = g_file_new_for_path (*directory);
  store = mnr_store_open (file, &error);
  g_assert_no_error (error);
  return store;
}

/**
 * mnr_test_close_temp_store:
 * @store: (inout): a store from mnr_test_open_temp_store()
 * @directory: (inout): its folder
 *
 * Closes *@store, asserts that nothing else holds it (it is finalized),
 * deletes *@directory with everything in it, and sets both to %NULL.
 */
void
mnr_test_close_temp_store (MnrStore **store,
                           char     **directory)
{
  mnr_store_close (*store);
  g_assert_finalize_object (*store);
  *store = NULL;

  mnr_test_remove_tree (*directory);
  g_clear_pointer (directory, g_free);
}

/**
 * mnr_test_list_dirty:
 * @store: a store
 *
 * Returns: (transfer container): the dirty records of @store, as
 * mnr_store_list_dirty() gives them; asserts that it did not fail
 */
GPtrArray *
mnr_test_list_dirty (MnrStore *store)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *dirty = mnr_store_list_dirty (store, &error);

  g_assert_no_error (error);
  g_assert_nonnull (dirty);
  return dirty;
}

/**
 * mnr_test_find_dirty:
 * @store: a store
 * @type: a record type, e.g. "evidence"
 * @id: the record's id
 *
 * Returns: (transfer full) (nullable): a copy of the dirty record @type
 * @id of @store, or %NULL if that record is not dirty
 */
MnrSyncRecord *
mnr_test_find_dirty (MnrStore   *store,
                     const char *type,
                     const char *id)
{
  g_autoptr(GPtrArray) dirty = mnr_test_list_dirty (store);

  for (guint i = 0; i < dirty->len; i++)
    {
      MnrSyncRecord *record = dirty->pdata[i];

      if (g_str_equal (record->type, type) && g_str_equal (record->id, id))
        return mnr_sync_record_copy (record);
    }

  return NULL;
}

/**
 * mnr_test_push_all:
 * @store: a store
 *
 * Marks every dirty record of @store pushed at the next server revision,
 * as a sync whose writes all succeeded does.
 */
void
mnr_test_push_all (MnrStore *store)
{
  g_autoptr(GPtrArray) dirty = mnr_test_list_dirty (store);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < dirty->len; i++)
    {
      MnrSyncRecord *record = dirty->pdata[i];

      g_assert_true (mnr_store_mark_pushed (store, record->type, record->id, record->local_rev,
                                            record->server_rev + 1, &error));
      g_assert_no_error (error);
    }
}

/**
 * mnr_test_sync_ok:
 * @report: (out): what the sync did, every member set by it
 *
 * One sync of @store with @endpoint and @token that must succeed.
 */
void
mnr_test_sync_ok (MnrStore      *store,
                  const char    *endpoint,
                  const char    *token,
                  MnrSyncReport *report)
{
  g_autoptr(MnrSyncClient) client = mnr_sync_client_new (store, endpoint, token);
  g_autoptr(GError) error = NULL;

  memset (report, 0xff, sizeof *report);
  g_assert_true (mnr_test_run_sync (client, report, &error));
  g_assert_no_error (error);
}

/**
 * mnr_test_create_round:
 *
 * Returns: (transfer full): a new round of Ghana, "Review 2026"
 */
MnrRound *
mnr_test_create_round (MnrStore *store)
{
  g_autoptr(GError) error = NULL;
  MnrRound *round = mnr_store_create_round (store, "GH", "Review 2026", "2026-11-20", &error);

  g_assert_no_error (error);
  g_assert_nonnull (round);
  return round;
}

/**
 * mnr_test_count_unknown:
 *
 * Returns: how many changes of unknown types @store keeps
 */
guint
mnr_test_count_unknown (MnrStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) kept = mnr_store_list_unknown (store, &error);

  g_assert_no_error (error);
  return kept->len;
}

typedef struct
{
  GMainLoop    *loop;
  GAsyncResult *result;
} Wait;

static void
sync_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
  g_main_loop_quit (wait->loop);
}

/**
 * mnr_test_run_sync:
 * @report: (out): what the sync did
 *
 * Runs one sync of @client on a main loop of its own until it ends.
 *
 * Returns: what mnr_sync_client_sync_finish() returns
 */
gboolean
mnr_test_run_sync (MnrSyncClient  *client,
                   MnrSyncReport  *report,
                   GError        **error)
{
  Wait wait = { g_main_loop_new (NULL, FALSE), NULL };
  gboolean ok;

  mnr_sync_client_sync_async (client, NULL, sync_done_cb, &wait);
  g_main_loop_run (wait.loop);
  ok = mnr_sync_client_sync_finish (client, wait.result, report, error);
  g_object_unref (wait.result);
  g_main_loop_unref (wait.loop);
  return ok;
}

/**
 * mnr_test_check_store:
 *
 * Runs mnr_store_check_async() on a main loop of its own until it ends.
 *
 * Returns: what mnr_store_check_finish() returns
 */
gboolean
mnr_test_check_store (MnrStore  *store,
                      GError   **error)
{
  Wait wait = { g_main_loop_new (NULL, FALSE), NULL };
  gboolean ok;

  mnr_store_check_async (store, NULL, sync_done_cb, &wait);
  g_main_loop_run (wait.loop);
  ok = mnr_store_check_finish (store, wait.result, error);
  g_object_unref (wait.result);
  g_main_loop_unref (wait.loop);
  return ok;
}

/**
 * mnr_test_checksum_rows:
 * @directory: a store's folder
 * @n_tables: (out) (optional): how many tables the store has
 *
 * Reads the store's SQLite file in @directory directly, read-only.
 *
 * Returns: (transfer full): a SHA-256 of every row of every table, in
 * table name order
 */
char *
mnr_test_checksum_rows (const char *directory,
                        guint      *n_tables)
{
  g_autofree char *path = g_build_filename (directory, "mnr-tracker.db", NULL);
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (tables, g_strdup ((const char *)sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);

  for (guint i = 0; i < tables->len; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\"", (char *)tables->pdata[i]);

      g_checksum_update (checksum, (const guchar *)tables->pdata[i], -1);
      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        for (int c = 0; c < sqlite3_column_count (stmt); c++)
          {
            const unsigned char *text = sqlite3_column_text (stmt, c);

            g_checksum_update (checksum, text != NULL ? text : (const guchar *)"<null>", -1);
            g_checksum_update (checksum, (const guchar *)"\x1f", 1);
          }
      sqlite3_finalize (stmt);
    }

  if (n_tables != NULL)
    *n_tables = tables->len;

  sqlite3_close (db);
  return g_strdup (g_checksum_get_string (checksum));
}

/**
 * mnr_test_token_line:
 * @token: a bearer token
 * @rest: what follows its hash, e.g. "writer GH"
 *
 * Returns: (transfer full): a line of the server's tokens file: the
 * SHA-256 of @token, @rest and a newline
 */
char *
mnr_test_token_line (const char *token,
                     const char *rest)
{
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);

  return g_strdup_printf ("%s %s\n", hash, rest);
}

/**
 * mnr_test_start_server:
 * @directory: a folder for the server's tokens file and data
 * @tokens: the tokens file's lines, from mnr_test_token_line()
 * @endpoint: (out): the server's API endpoint, "http://…/mnr/v1/"
 *
 * Starts the real mnr-sync-server ($MNR_BUILD_ROOT/server) as a child
 * process on an ephemeral loopback port and waits for its "listening on"
 * line.
 *
 * Returns: (transfer full) (nullable): the server, or %NULL with the test
 * skipped if the server is not built
 */
GSubprocess *
mnr_test_start_server (const char  *directory,
                       const char  *tokens,
                       char       **endpoint)
{
  return mnr_test_start_server_full (directory, tokens, NULL, endpoint);
}

/**
 * mnr_test_start_server_full:
 * @options: (nullable): more options of the server, as "--record-types=round"
 *
 * mnr_test_start_server() with @options; a server started again on the
 * same @directory keeps its data.
 */
GSubprocess *
mnr_test_start_server_full (const char         *directory,
                            const char         *tokens,
                            const char * const *options,
                            char              **endpoint)
{
  const char *build_root = g_getenv ("MNR_BUILD_ROOT");
  g_autofree char *binary = NULL;
  g_autofree char *tokens_path = g_build_filename (directory, "tokens", NULL);
  g_autofree char *data_dir = g_build_filename (directory, "server-data", NULL);
  g_autofree char *contents = g_strconcat ("# test tokens\n", tokens, NULL);
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  g_autoptr(GError) error = NULL;

  binary = g_build_filename (build_root != NULL ? build_root : "", "server", "mnr-sync-server", NULL);
  if (build_root == NULL || !g_file_test (binary, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("mnr-sync-server is not built (set MNR_BUILD_ROOT)");
      return NULL;
    }

  g_assert_true (g_file_set_contents (tokens_path, contents, -1, &error));
  g_assert_no_error (error);

  {
    g_autoptr(GStrvBuilder) argv = g_strv_builder_new ();
    g_auto(GStrv) args = NULL;

    g_strv_builder_add_many (argv, binary, "--listen", "127.0.0.1:0", "--data-dir", data_dir,
                             "--tokens", tokens_path, NULL);
    for (guint i = 0; options != NULL && options[i] != NULL; i++)
      g_strv_builder_add (argv, options[i]);
    args = g_strv_builder_end (argv);
    server = g_subprocess_newv ((const char * const *) args, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  }
  g_assert_no_error (error);

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "listening on http://"));
  g_assert_true (g_str_has_suffix (line, "/"));
  *endpoint = g_strconcat (line + strlen ("listening on "), "mnr/v1/", NULL);
  return g_steal_pointer (&server);
}

/**
 * mnr_test_stop_server:
 * @server: (inout) (nullable): a server from mnr_test_start_server(), or
 *   a pointer to %NULL
 *
 * Stops *@server with SIGTERM, waits for it to exit and sets it to %NULL.
 */
void
mnr_test_stop_server (GSubprocess **server)
{
  if (*server == NULL)
    return;

  g_subprocess_send_signal (*server, SIGTERM);
  g_subprocess_wait (*server, NULL, NULL);
  g_clear_object (server);
}

/**
 * mnr_test_server_set_up:
 * @tokens: (array zero-terminated=1): token, rights, token, rights…
 *
 * Starts the real server in a new temporary folder, with @tokens.
 */
void
mnr_test_server_set_up (MnrTestServer *fixture,
                        gconstpointer  tokens)
{
  const char * const *pairs = tokens;
  g_autoptr(GString) lines = g_string_new ("");
  g_autoptr(GError) error = NULL;

  for (guint i = 0; pairs[i] != NULL && pairs[i + 1] != NULL; i += 2)
    {
      g_autofree char *line = mnr_test_token_line (pairs[i], pairs[i + 1]);

      g_string_append (lines, line);
    }

  fixture->path = g_dir_make_tmp ("mnr-test-server-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->server = mnr_test_start_server (fixture->path, lines->str, &fixture->endpoint);
}

void
mnr_test_server_tear_down (MnrTestServer *fixture,
                           gconstpointer  data)
{
  mnr_test_stop_server (&fixture->server);
  g_clear_pointer (&fixture->endpoint, g_free);
  mnr_test_remove_tree (fixture->path);
  g_clear_pointer (&fixture->path, g_free);
}

/**
 * mnr_test_server_open_store:
 *
 * Returns: (transfer full): a new store in the fixture's folder, named
 *   and written by @author
 */
MnrStore *
mnr_test_server_open_store (MnrTestServer *fixture,
                            const char    *author)
{
  g_autofree char *path = g_build_filename (fixture->path, author, NULL);
  g_autoptr(GFile) dir = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  MnrStore *store = mnr_store_open (dir, &error);

  g_assert_no_error (error);
  mnr_store_set_author (store, author);
  return store;
}

/**
 * mnr_test_dump_store:
 *
 * Returns: every table's rows in the store in @directory, as text: what
 *   `.dump` would show of its data, to compare before and after
 */
char *
mnr_test_dump_store (const char *directory)
{
  g_autofree char *path = g_build_filename (directory, "mnr-tracker.db", NULL);
  g_autoptr(GString) dump = g_string_new (NULL);
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (tables, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);

  for (guint t = 0; t < tables->len; t++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\"", (char *) tables->pdata[t]);

      g_string_append_printf (dump, "[%s]\n", (char *) tables->pdata[t]);
      if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
        continue;  /* a virtual table's shadow, say */
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            g_string_append_printf (dump, "%s|", sqlite3_column_text (stmt, c) != NULL
                                    ? (const char *) sqlite3_column_text (stmt, c) : "NULL");
          g_string_append_c (dump, '\n');
        }
      sqlite3_finalize (stmt);
    }
  sqlite3_close (db);
  return g_string_free (g_steal_pointer (&dump), FALSE);
}

