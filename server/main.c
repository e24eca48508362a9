/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-sync-server"

#include "config.h"

#include <glib-unix.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mnr-server-store.h"
#include "mnr-sync-record.h"
#include "mnr-sync-service.h"
#include "mnr-tokens.h"

/* mnr-sync-server: the reference server of MNR sync protocol 1.
 * Messages are English: this is a service, its log is read by admins. */

#define DEFAULT_LISTEN "127.0.0.1:8765"

static gboolean
on_signal (gpointer user_data)
{
  GMainLoop *loop = user_data;

  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

/* HOST:PORT or [HOST]:PORT, HOST an IP address, PORT 0..65535. */
static GSocketAddress *
parse_listen (const char  *listen,
              GError     **error)
{
  g_autoptr(GInetAddress) address = NULL;
  g_autofree char *host = NULL;
  const char *colon = strrchr (listen, ':');
  guint64 port;

  if (colon == NULL || colon == listen ||
      !g_ascii_string_to_unsigned (colon + 1, 10, 0, 65535, &port, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "--listen must be HOST:PORT, e.g. 127.0.0.1:8765 (got \"%s\")", listen);
      return NULL;
    }

  host = g_strndup (listen, colon - listen);
  if (host[0] == '[' && host[strlen (host) - 1] == ']')
    {
      char *inner = g_strndup (host + 1, strlen (host) - 2);

      g_free (host);
      host = inner;
    }

  address = g_inet_address_new_from_string (host);
  if (address == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "--listen: \"%s\" is not an IP address", host);
      return NULL;
    }

  return g_inet_socket_address_new (address, (guint16) port);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MnrTokens) tokens = NULL;
  g_autoptr(MnrServerStore) store = NULL;
  g_autoptr(MnrSyncService) service = NULL;
  g_autoptr(MnrAuditLog) audit = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *tokens_path = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *record_types = NULL;
  gint64 max_blob_bytes = MNR_SYNC_MAX_BLOB_BYTES;
  int threads = MNR_SYNC_SERVICE_DEFAULT_THREADS;
  int listeners = MNR_SYNC_SERVICE_DEFAULT_LISTENERS;
  int idle_timeout = MNR_SYNC_SERVICE_DEFAULT_IDLE_SECONDS;
  int header_timeout = MNR_SYNC_SERVICE_DEFAULT_HEADER_SECONDS;
  int body_timeout = MNR_SYNC_SERVICE_DEFAULT_BODY_SECONDS;
  int max_connections = MNR_SYNC_SERVICE_DEFAULT_MAX_CONNECTIONS;
  gboolean verbose = FALSE;
  gboolean show_version = FALSE;
  GOptionEntry entries[] = {
    { "listen", 'l', 0, G_OPTION_ARG_STRING, &listen,
      "Address to listen on; PORT 0 picks a free port (default " DEFAULT_LISTEN ")",
      "HOST:PORT" },
    { "data-dir", 'd', 0, G_OPTION_ARG_FILENAME, &data_dir,
      "Directory for the database and blobs, created if missing (required)", "DIR" },
    { "tokens", 't', 0, G_OPTION_ARG_FILENAME, &tokens_path,
      "Tokens file: one \"<sha256-of-token> <role> [<scope>]\" per line (required)",
      "FILE" },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose,
      "Log one line per request (method, path, status) to stderr", NULL },
    { "max-blob-bytes", 0, 0, G_OPTION_ARG_INT64, &max_blob_bytes,
      "Largest blob accepted, in bytes (for testing; default 104857600)", "N" },
    { "threads", 0, 0, G_OPTION_ARG_INT, &threads,
      "Reads handled at once, each on a thread with its own database connection; writes"
      " have " G_STRINGIFY (MNR_SYNC_SERVICE_WRITE_THREADS) " threads of their own"
      " (default " G_STRINGIFY (MNR_SYNC_SERVICE_DEFAULT_THREADS) ")", "N" },
    { "listeners", 0, 0, G_OPTION_ARG_INT, &listeners,
      "HTTP servers on the port, each on a thread of its own that reads requests and writes"
      " answers, with SO_REUSEPORT (default " G_STRINGIFY (MNR_SYNC_SERVICE_DEFAULT_LISTENERS) ")", "N" },
    { "idle-timeout", 0, 0, G_OPTION_ARG_INT, &idle_timeout,
      "Close a connection left idle this long between requests; 0: never"
      " (default " G_STRINGIFY (MNR_SYNC_SERVICE_DEFAULT_IDLE_SECONDS) ")", "SECONDS" },
    { "header-timeout", 0, 0, G_OPTION_ARG_INT, &header_timeout,
      "Answer 408 and close a connection whose request headers take longer than this"
      " from their first byte; 0: never"
      " (default " G_STRINGIFY (MNR_SYNC_SERVICE_DEFAULT_HEADER_SECONDS) ")", "SECONDS" },
    { "body-timeout", 0, 0, G_OPTION_ARG_INT, &body_timeout,
      "Answer 408 and close a connection whose request body takes longer than this"
      " after its headers; 0: never"
      " (default " G_STRINGIFY (MNR_SYNC_SERVICE_DEFAULT_BODY_SECONDS) ")", "SECONDS" },
    { "max-connections", 0, 0, G_OPTION_ARG_INT, &max_connections,
      "Connections open at once; one more is answered 503 and closed; 0: no cap"
      " (default " G_STRINGIFY (MNR_SYNC_SERVICE_DEFAULT_MAX_CONNECTIONS) ")", "N" },
    { "record-types", 0, 0, G_OPTION_ARG_STRING, &record_types,
      "Serve only these record types, as an older server would (for testing clients;"
      " default: all)", "TYPE,TYPE,..." },
    { "version", 0, 0, G_OPTION_ARG_NONE, &show_version, "Print the version and exit", NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");

  context = g_option_context_new ("- MNR Tracker reference sync server");
  g_option_context_set_summary (context,
    "Serves MNR sync protocol 1 under /mnr/v1/ over HTTP, storing records in\n"
    "DIR/server.db (SQLite) and attachment contents in DIR/blobs/.\n"
    "Clients authenticate with bearer tokens; the tokens file holds only their\n"
    "SHA-256 hashes, with a role: reader (with its countries and groups, as\n"
    "PH,group:asean), writer (with its countries) or secretariat. A group's\n"
    "readers see a round only once its country shared it with the group;\n"
    "restricted evidence reaches its country's writers and the secretariat only.\n"
    "Serve it to the network only behind a reverse proxy with TLS.\n"
    "\n"
    "Example:\n"
    "  mnr-sync-server --listen 127.0.0.1:8765 --data-dir /var/lib/mnr \\\n"
    "                  --tokens /etc/mnr/tokens");
  g_option_context_add_main_entries (context, entries, NULL);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("mnr-sync-server: %s\nTry --help.\n", error->message);
      return 2;
    }

  if (show_version)
    {
      g_print ("mnr-sync-server %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (data_dir == NULL || tokens_path == NULL)
    {
      g_printerr ("mnr-sync-server: --data-dir and --tokens are required.\nTry --help.\n");
      return 2;
    }

  if (max_blob_bytes < 1)
    {
      g_printerr ("mnr-sync-server: --max-blob-bytes must be at least 1.\n");
      return 2;
    }

  if (threads < 1 || threads > 256)
    {
      g_printerr ("mnr-sync-server: --threads must be from 1 to 256.\n");
      return 2;
    }

  if (listeners < 1 || listeners > 64)
    {
      g_printerr ("mnr-sync-server: --listeners must be from 1 to 64.\n");
      return 2;
    }

  if (idle_timeout < 0 || idle_timeout > 24 * 3600)
    {
      g_printerr ("mnr-sync-server: --idle-timeout must be from 0 to 86400 seconds.\n");
      return 2;
    }

  if (header_timeout < 0 || header_timeout > 24 * 3600 ||
      body_timeout < 0 || body_timeout > 24 * 3600)
    {
      g_printerr ("mnr-sync-server: --header-timeout and --body-timeout must be from 0 to"
                  " 86400 seconds.\n");
      return 2;
    }

  if (max_connections < 0 || max_connections > 1000000)
    {
      g_printerr ("mnr-sync-server: --max-connections must be from 0 to 1000000.\n");
      return 2;
    }

  address = parse_listen (listen != NULL ? listen : DEFAULT_LISTEN, &error);
  if (address == NULL)
    {
      g_printerr ("mnr-sync-server: %s\n", error->message);
      return 2;
    }

  tokens = mnr_tokens_load (tokens_path, &error);
  if (tokens == NULL)
    {
      g_printerr ("mnr-sync-server: %s\n", error->message);
      return 1;
    }

  store = mnr_server_store_open (data_dir, &error);
  if (store == NULL)
    {
      g_printerr ("mnr-sync-server: %s\n", error->message);
      return 1;
    }

  audit = mnr_audit_log_open (data_dir, &error);
  if (audit == NULL)
    {
      g_printerr ("mnr-sync-server: %s\n", error->message);
      return 1;
    }

  service = mnr_sync_service_new (store, tokens, (gsize) max_blob_bytes, verbose);
  mnr_sync_service_set_audit_log (service, g_steal_pointer (&audit));
  mnr_sync_service_set_threads (service, (guint) threads);
  mnr_sync_service_set_listeners (service, (guint) listeners);
  mnr_sync_service_set_idle_timeout (service, (guint) idle_timeout);
  mnr_sync_service_set_limits (service, (guint) header_timeout, (guint) body_timeout,
                               (guint) max_connections);
  if (record_types != NULL)
    {
      g_auto(GStrv) types = g_strsplit (record_types, ",", -1);

      if (!mnr_sync_service_set_types (service, (const char * const *) types, &error))
        {
          g_printerr ("mnr-sync-server: --record-types: %s\n", error->message);
          return 2;
        }
    }
  if (!mnr_sync_service_listen (service, address, &error))
    {
      g_printerr ("mnr-sync-server: cannot listen on %s: %s\n",
                  listen != NULL ? listen : DEFAULT_LISTEN, error->message);
      return 1;
    }

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGTERM, on_signal, loop);
  g_unix_signal_add (SIGINT, on_signal, loop);

  uri = mnr_sync_service_dup_uri (service);
  g_print ("listening on %s\n", uri);
  fflush (stdout);

  g_main_loop_run (loop);

  /* The requests in progress finish and their answers go out; then the
   * workers stop, and only then the store closes. */
  mnr_sync_service_disconnect (service, MNR_SYNC_SERVICE_DRAIN_SECONDS);
  g_clear_object (&service);
  mnr_server_store_close (store);
  g_printerr ("mnr-sync-server: stopped\n");

  return EXIT_SUCCESS;
}
