/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "mnr-country-catalog.h"
#include "mnr-country.h"
#include "mnr-framework.h"
#include "mnr-store.h"
#include "mnr-sync-client.h"
#include "mnr-sync-record.h"

/* Helpers shared by the unit and widget tests (and the sync client's
 * benchmark): GLib, GIO, SQLite and the core only, no GTK. */

G_BEGIN_DECLS

MnrFramework      *mnr_test_load_framework (void);
MnrCountryCatalog *mnr_test_load_catalog   (void);

void           mnr_test_iterate            (void);
void           mnr_test_remove_tree        (const char   *path);
gboolean       mnr_test_model_has_country  (GListModel   *model,
                                            const char   *code);

/* A test's own temporary folder, as a GTest fixture. */
typedef struct
{
  char  *path;
  GFile *dir;
} MnrTestTempDir;

void           mnr_test_temp_dir_set_up    (MnrTestTempDir *fixture,
                                            const char     *tmpl);
void           mnr_test_temp_dir_tear_down (MnrTestTempDir *fixture,
                                            gconstpointer   data);
MnrStore      *mnr_test_temp_dir_open_store (MnrTestTempDir *fixture,
                                             const char     *author);

MnrStore      *mnr_test_open_temp_store    (const char   *tmpl,
                                            char        **directory);
void           mnr_test_close_temp_store   (MnrStore    **store,
                                            char        **directory);
char          *mnr_test_dump_store         (const char   *directory);

GPtrArray     *mnr_test_list_dirty         (MnrStore     *store);
MnrSyncRecord *mnr_test_find_dirty         (MnrStore     *store,
                                            const char   *type,
                                            const char   *id);
void           mnr_test_push_all           (MnrStore     *store);
guint          mnr_test_count_unknown      (MnrStore     *store);
void           mnr_test_sync_ok            (MnrStore      *store,
                                            const char    *endpoint,
                                            const char    *token,
                                            MnrSyncReport *report);
MnrRound      *mnr_test_create_round       (MnrStore     *store);

gboolean       mnr_test_run_sync           (MnrSyncClient *client,
                                            MnrSyncReport *report,
                                            GError       **error);

char          *mnr_test_checksum_rows      (const char   *directory,
                                            guint        *n_tables);

char          *mnr_test_token_line         (const char   *token,
                                            const char   *rest);
GSubprocess   *mnr_test_start_server       (const char   *directory,
                                            const char   *tokens,
                                            char        **endpoint);
GSubprocess   *mnr_test_start_server_full  (const char         *directory,
                                            const char         *tokens,
                                            const char * const *options,
                                            char              **endpoint);
void           mnr_test_stop_server        (GSubprocess **server);

/* The real server in a temporary folder, as a GTest fixture: set up with
 * a NULL-terminated array of token, rights pairs as its data
 * ({ "tok-1", "writer GH", "tok-2", "reader group:asean", NULL }). */
typedef struct
{
  char        *path;
  GSubprocess *server;    /* NULL: not built, the test is skipped */
  char        *endpoint;
} MnrTestServer;

void           mnr_test_server_set_up      (MnrTestServer  *fixture,
                                            gconstpointer   tokens);
void           mnr_test_server_tear_down   (MnrTestServer  *fixture,
                                            gconstpointer   data);
MnrStore      *mnr_test_server_open_store  (MnrTestServer  *fixture,
                                            const char     *author);

gboolean       mnr_test_check_store         (MnrStore       *store,
                                             GError        **error);

G_END_DECLS
