/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-sync-controller"

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "mnr-sync-client.h"
#include "mnr-sync-endpoint.h"
#include "mnr-sync-controller.h"

/* The GUI's side of sync: where the server is (GSettings), the access token
 * (the keyring, through libsecret; only in memory when there is no keyring,
 * never in GSettings or a file), when to sync (on demand, and every five
 * minutes and shortly after a local change when automatic sync is on) and
 * what the last sync left behind, in words for the user. */

#define AUTOMATIC_INTERVAL_SECONDS 300
#define LOCAL_CHANGE_DELAY_MS 10000
#define SYNC_TIMEOUT_SECONDS       30
/* How long the keyring may take before the app goes on without it: a
 * keyring that asks for a password nobody types must not stop anything. */
#define KEYRING_PATIENCE_MS        4000

struct _MnrSyncController
{
  GObject        parent_instance;

  /* owned */
  MnrStore      *store;
  GSettings     *settings;
  MnrSyncClient *client;          /* while a sync runs */
  GCancellable  *cancellable;
  char          *last_error;
  char          *refused;         /* what the last sync could not send, in words */
  char          *memory_token;    /* only when there is no keyring */
  char          *memory_endpoint; /* the endpoint memory_token is for */

  MnrSyncState   state;
  MnrSyncPhase   progress_phase;
  guint          progress_done;
  guint          progress_total;
  gboolean       has_progress;    /* of the running sync */
  guint          pending;
  guint          conflicts;
  gint64         last_success;
  guint          periodic_id;
  guint          change_id;
  guint          keyring_patience_ms;
  guint          change_delay_ms;
  guint          has_token : 1;
  guint          token_remembered : 1;
  guint          keyring_waiting : 1;  /* a keyring call has not answered in time */
  guint          sync_when_checked : 1; /* asked for while the store was being checked */
};

G_DEFINE_FINAL_TYPE (MnrSyncController, mnr_sync_controller, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (MnrSyncState, mnr_sync_state,
  G_DEFINE_ENUM_VALUE (MNR_SYNC_STATE_IDLE, "idle"),
  G_DEFINE_ENUM_VALUE (MNR_SYNC_STATE_SYNCING, "syncing"),
  G_DEFINE_ENUM_VALUE (MNR_SYNC_STATE_ERROR, "error"),
  G_DEFINE_ENUM_VALUE (MNR_SYNC_STATE_OFFLINE, "offline"))

enum {
  PROP_0,
  PROP_STORE,
  PROP_SETTINGS,
  PROP_STATE,
  PROP_PENDING,
  PROP_CONFLICTS,
  PROP_LAST_SUCCESS,
  PROP_LAST_ERROR,
  PROP_REFUSED,
  PROP_PROGRESS,
  PROP_HAS_TOKEN,
  PROP_TOKEN_REMEMBERED,
  PROP_KEYRING_WAITING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SYNCED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const SecretSchema *
token_schema (void)
{
  static const SecretSchema schema = {
    .name = "io.github.mnrtracker.MnrTracker.SyncToken",
    .flags = SECRET_SCHEMA_NONE,
    .attributes = {
      { "endpoint", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

static void
set_state (MnrSyncController *self,
           MnrSyncState       state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_last_error (MnrSyncController *self,
                const char        *message)
{
  if (g_strcmp0 (self->last_error, message) == 0)
    return;

  g_free (self->last_error);
  self->last_error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
}

/* What the last sync could not send or download (docs/sync-protocol.md
 * 7.6: tell the person), one line per kind of reason, or %NULL. The
 * records stay in the outbox. */
static char *
describe_refusals (GPtrArray *refusals)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) countries = g_ptr_array_new ();
  guint counts[MNR_SYNC_REFUSAL_UNKNOWN_TYPE + 1] = { 0 };
  guint n;

  for (guint i = 0; refusals != NULL && i < refusals->len; i++)
    {
      MnrSyncRefusal *refusal = refusals->pdata[i];

      counts[refusal->kind]++;
      if (refusal->kind == MNR_SYNC_REFUSAL_NOT_PERMITTED && refusal->country != NULL &&
          !g_ptr_array_find_with_equal_func (countries, refusal->country, g_str_equal, NULL))
        g_ptr_array_add (countries, refusal->country);
    }

  if ((n = counts[MNR_SYNC_REFUSAL_NOT_PERMITTED]) > 0)
    {
      g_autofree char *codes = NULL;

      g_ptr_array_add (countries, NULL);
      codes = g_strjoinv (", ", (char **)countries->pdata);
      if (codes[0] != '\0')
        /* Translators: %u is a number of changes, %s country codes, as "GH, VN" */
        g_ptr_array_add (lines, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
          "%u change was not sent: your access token does not allow changes for %s.",
          "%u changes were not sent: your access token does not allow changes for %s.", n), n, codes));
      else
        g_ptr_array_add (lines, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
          "%u change was not sent: your access token does not allow it.",
          "%u changes were not sent: your access token does not allow them.", n), n));
    }

  if ((n = counts[MNR_SYNC_REFUSAL_INVALID]) > 0)
    g_ptr_array_add (lines, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
      "%u change was refused by the server as it is; it is kept here.",
      "%u changes were refused by the server as they are; they are kept here.", n), n));

  if ((n = counts[MNR_SYNC_REFUSAL_NEEDS_PERSON]) > 0)
    g_ptr_array_add (lines, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
      "%u change was not sent: the server holds an older copy of it. Ask the server’s administrator.",
      "%u changes were not sent: the server holds older copies of them. Ask the server’s administrator.",
      n), n));

  if ((n = counts[MNR_SYNC_REFUSAL_FILE]) > 0)
    g_ptr_array_add (lines, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
      "%u attached file could not be sent or received; the next sync tries again.",
      "%u attached files could not be sent or received; the next sync tries again.", n), n));

  if ((n = counts[MNR_SYNC_REFUSAL_UNKNOWN_TYPE]) > 0)
    g_ptr_array_add (lines, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
      "%u change waits: the server does not take records of its kind yet. It is sent once the server is updated.",
      "%u changes wait: the server does not take records of their kind yet. They are sent once the server is updated.",
      n), n));

  if (lines->len == 0)
    return NULL;

  g_ptr_array_add (lines, NULL);
  return g_strjoinv ("\n", (char **)lines->pdata);
}

static void
set_refused (MnrSyncController *self,
             char              *refused)
{
  g_autofree char *text = refused;

  if (g_strcmp0 (self->refused, text) == 0)
    return;

  g_free (self->refused);
  self->refused = g_steal_pointer (&text);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REFUSED]);
}

static void
set_token_flags (MnrSyncController *self,
                 gboolean           has_token,
                 gboolean           remembered)
{
  has_token = !!has_token;
  remembered = !!remembered;

  if (self->has_token != has_token)
    {
      self->has_token = has_token;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_TOKEN]);
    }
  if (self->token_remembered != remembered)
    {
      self->token_remembered = remembered;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOKEN_REMEMBERED]);
    }
}

static void
set_keyring_waiting (MnrSyncController *self,
                     gboolean           waiting)
{
  waiting = !!waiting;
  if (self->keyring_waiting != waiting)
    {
      self->keyring_waiting = waiting;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEYRING_WAITING]);
    }
}

static void
clear_memory_token (MnrSyncController *self)
{
  if (self->memory_token != NULL)
    {
      memset (self->memory_token, 0, strlen (self->memory_token));
      g_clear_pointer (&self->memory_token, g_free);
    }
  g_clear_pointer (&self->memory_endpoint, g_free);
}

/* The memory token, if it is for @endpoint. */
static const char *
memory_token_for (MnrSyncController *self,
                  const char        *endpoint)
{
  if (self->memory_token != NULL && g_strcmp0 (self->memory_endpoint, endpoint) == 0)
    return self->memory_token;

  return NULL;
}

/* "sync.example.org", "127.0.0.1:8080": how the user knows the server. */
static char *
describe_server (const char *endpoint)
{
  g_autoptr(GUri) uri = g_uri_parse (endpoint, G_URI_FLAGS_NONE, NULL);

  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return g_strdup (endpoint);
  if (g_uri_get_port (uri) > 0)
    return g_strdup_printf ("%s:%d", g_uri_get_host (uri), g_uri_get_port (uri));
  return g_strdup (g_uri_get_host (uri));
}

/* A sync error in words the user understands, naming the server where
 * the address is what is wrong. */
static char *
describe_error (const GError *error,
                const char   *endpoint)
{
  g_autofree char *server = describe_server (endpoint);

  if (error->domain == MNR_SYNC_CLIENT_ERROR)
    {
      switch ((MnrSyncClientError)error->code)
        {
        case MNR_SYNC_CLIENT_ERROR_UNAUTHORIZED:
          return g_strdup (_("The server refused the access token. Check it in Preferences."));

        case MNR_SYNC_CLIENT_ERROR_MALFORMED_REPLY:
        case MNR_SYNC_CLIENT_ERROR_REPLY_TOO_LARGE:
          return g_strdup (_("The server sent a reply the app could not use."));

        case MNR_SYNC_CLIENT_ERROR_NOT_A_SERVER:
          /* Translators: %s is a server's name, "sync.example.org" */
          return g_strdup_printf (_("%s answers, but not as an MNR sync server. Check the address in Preferences."),
                                  server);

        case MNR_SYNC_CLIENT_ERROR_UNSUPPORTED_PROTOCOL:
          /* Translators: %s is a server's name */
          return g_strdup_printf (_("The server %s speaks another version of the sync protocol. A newer MNR Tracker may be needed."),
                                  server);

        case MNR_SYNC_CLIENT_ERROR_TIMED_OUT:
          return g_strdup (_("The server took too long to answer, so the sync stopped. Your changes are kept and will be sent later."));

        case MNR_SYNC_CLIENT_ERROR_SERVER:
        case MNR_SYNC_CLIENT_ERROR_UNEXPECTED_STATUS:
        case MNR_SYNC_CLIENT_ERROR_INSECURE:
        case MNR_SYNC_CLIENT_ERROR_BUSY:
        default:
          return g_strdup (error->message);
        }
    }

  if (error->domain == G_TLS_ERROR)
    return g_strdup (_("The server’s certificate could not be verified."));

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    /* Translators: %s is a server's name and port, "127.0.0.1:8080" */
    return g_strdup_printf (_("Nothing answers at %s. Check the address, and that the server is running. Your changes are kept."),
                            server);

  if (g_error_matches (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND))
    /* Translators: %s is a server's name */
    return g_strdup_printf (_("No server named %s was found. Check the address, or the network. Your changes are kept."),
                            server);

  if (error->domain == G_IO_ERROR || error->domain == G_RESOLVER_ERROR)
    return g_strdup (_("The sync server could not be reached. Your changes are kept and will be sent later."));

  return g_strdup (error->message);
}

static gboolean
error_is_offline (const GError *error)
{
  return error->domain == G_IO_ERROR || error->domain == G_RESOLVER_ERROR;
}

static void
set_counts (MnrSyncController *self,
            guint              pending,
            guint              n_conflicts)
{
  if (pending != self->pending)
    {
      self->pending = pending;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
    }
  if (n_conflicts != self->conflicts)
    {
      self->conflicts = n_conflicts;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONFLICTS]);
    }
}

/**
 * mnr_sync_controller_refresh:
 *
 * Counts again the changes waiting to be sent and the conflicts.
 */
void
mnr_sync_controller_refresh (MnrSyncController *self)
{
  gint64 dirty, conflicts = 0;
  guint pending, n_conflicts;

  g_return_if_fail (MNR_IS_SYNC_CONTROLLER (self));

  /* Counted, not listed: this runs after every change, and an outbox can
   * hold a whole store before its first sync. */
  dirty = mnr_store_count_dirty (self->store, &conflicts, NULL);
  pending = dirty >= 0 ? (guint)MIN (dirty, G_MAXUINT) : self->pending;
  n_conflicts = dirty >= 0 ? (guint)MIN (conflicts, G_MAXUINT) : self->conflicts;
  set_counts (self, pending, n_conflicts);
}

static void
sync_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(MnrSyncController) self = user_data;
  g_autoptr(GError) error = NULL;
  MnrSyncReport report = { 0 };
  gboolean ok;

  ok = mnr_sync_client_sync_finish (MNR_SYNC_CLIENT (source), result, &report, &error);
  if (self->has_progress)
    {
      self->has_progress = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
    }
  set_refused (self, describe_refusals (mnr_sync_client_get_refusals (MNR_SYNC_CLIENT (source))));
  g_clear_object (&self->client);

  mnr_sync_controller_refresh (self);

  if (ok)
    {
      g_autofree char *value = NULL;

      self->last_success = g_get_real_time () / G_USEC_PER_SEC;
      value = g_strdup_printf ("%" G_GINT64_FORMAT, self->last_success);
      if (!mnr_store_set_sync_value (self->store, "last-success", value, &error))
        {
          g_debug ("Could not keep the time of the last sync: %s", error->message);
          g_clear_error (&error);
        }
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SUCCESS]);
      set_last_error (self, NULL);
      set_state (self, MNR_SYNC_STATE_IDLE);
    }
  else
    {
      g_autofree char *endpoint = mnr_sync_controller_dup_endpoint (self);
      g_autofree char *message = describe_error (error, endpoint);

      set_last_error (self, message);
      set_state (self, error_is_offline (error) ? MNR_SYNC_STATE_OFFLINE : MNR_SYNC_STATE_ERROR);
    }

  /* Pulled records change what the window shows, even half-way. */
  if (ok || report.applied > 0 || report.conflicts > 0 || report.merged > 0 || report.withdrawn > 0)
    g_signal_emit (self, signals[SYNCED], 0, &report);
}

static void
on_progress_cb (MnrSyncController *self,
                MnrSyncPhase       phase,
                guint              done,
                guint              total,
                MnrSyncClient     *client)
{
  self->progress_phase = phase;
  self->progress_done = done;
  self->progress_total = total;
  self->has_progress = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

static void
start_client (MnrSyncController *self,
              const char        *endpoint,
              const char        *token)
{
  g_assert (MNR_IS_SYNC_CONTROLLER (self));

  self->client = mnr_sync_client_new (self->store, endpoint, token);
  mnr_sync_client_set_timeout (self->client, SYNC_TIMEOUT_SECONDS);
  g_signal_connect_object (self->client, "progress", G_CALLBACK (on_progress_cb), self, G_CONNECT_SWAPPED);
  mnr_sync_client_sync_async (self->client, self->cancellable, sync_done_cb, g_object_ref (self));
}

/* A keyring lookup. It is given up on (given_up) when the keyring does
 * not answer in time; its answer, when it comes, then only updates what
 * is known of the token. */
typedef struct
{
  MnrSyncController *self;
  char              *endpoint;
  guint              timeout_id;
  gboolean           given_up;
} Lookup;

static void
lookup_free (Lookup *lookup)
{
  g_clear_handle_id (&lookup->timeout_id, g_source_remove);
  g_clear_object (&lookup->self);
  g_free (lookup->endpoint);
  g_free (lookup);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Lookup, lookup_free)

static void
lookup_for_sync_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(Lookup) lookup = user_data;
  MnrSyncController *self = lookup->self;
  g_autoptr(GError) error = NULL;
  char *token = secret_password_lookup_finish (result, &error);
  const char *memory = memory_token_for (self, lookup->endpoint);

  set_keyring_waiting (self, FALSE);
  if (lookup->given_up)
    {
      /* The sync went on without it; remember what the keyring holds. */
      if (token != NULL)
        set_token_flags (self, TRUE, TRUE);
      secret_password_free (token);
      return;
    }

  if (token != NULL)
    {
      set_token_flags (self, TRUE, TRUE);
      start_client (self, lookup->endpoint, token);
      secret_password_free (token);
      return;
    }

  if (memory != NULL)
    {
      start_client (self, lookup->endpoint, memory);
      return;
    }

  if (error != NULL)
    g_debug ("No keyring: %s", error->message);

  set_token_flags (self, FALSE, FALSE);
  set_last_error (self, error != NULL
                  ? _("No keyring is available; the token will not be remembered. Enter it again in Preferences.")
                  : _("No access token is set. Add one in Preferences."));
  set_state (self, MNR_SYNC_STATE_ERROR);
}

static gboolean
lookup_for_sync_timeout_cb (gpointer user_data)
{
  Lookup *lookup = user_data;
  MnrSyncController *self = lookup->self;

  lookup->timeout_id = 0;
  lookup->given_up = TRUE;
  set_keyring_waiting (self, TRUE);
  set_last_error (self, _("The keyring does not answer: it may be waiting for its password. "
                          "Unlock it, or enter the token again in Preferences to use it until "
                          "the app closes."));
  set_state (self, MNR_SYNC_STATE_ERROR);
  return G_SOURCE_REMOVE;
}

static gboolean
lookup_presence_timeout_cb (gpointer user_data)
{
  Lookup *lookup = user_data;

  lookup->timeout_id = 0;
  lookup->given_up = TRUE;
  set_keyring_waiting (lookup->self, TRUE);
  return G_SOURCE_REMOVE;
}

/* Asks the keyring for the token of @lookup's endpoint; @on_timeout runs
 * if it does not answer in time, @callback when it answers. */
static void
lookup_token (Lookup              *lookup,
              GSourceFunc          on_timeout,
              GAsyncReadyCallback  callback)
{
  MnrSyncController *self = lookup->self;

  lookup->timeout_id = g_timeout_add (self->keyring_patience_ms, on_timeout, lookup);
  secret_password_lookup (token_schema (), self->cancellable, callback, lookup,
                          "endpoint", lookup->endpoint,
                          NULL);
}

/**
 * mnr_sync_controller_sync_now:
 *
 * Sends the local changes and fetches the server's; does nothing when a
 * sync is running or sync is not set up. Watch #MnrSyncController:state.
 */
void
mnr_sync_controller_sync_now (MnrSyncController *self)
{
  g_autofree char *endpoint = NULL;
  Lookup *lookup;

  g_return_if_fail (MNR_IS_SYNC_CONTROLLER (self));

  if (self->state == MNR_SYNC_STATE_SYNCING)
    return;

  /* A sync writes what it brings: it waits for the store's check. */
  if (!mnr_store_is_checked (self->store))
    {
      self->sync_when_checked = TRUE;
      return;
    }

  endpoint = mnr_sync_controller_dup_endpoint (self);
  if (endpoint[0] == '\0')
    return;

  set_state (self, MNR_SYNC_STATE_SYNCING);

  /* Asked the keyring first: it is where the token lives when there is
   * one, and a token typed this session is only a fallback. */
  lookup = g_new0 (Lookup, 1);
  lookup->self = g_object_ref (self);
  lookup->endpoint = g_steal_pointer (&endpoint);
  if (memory_token_for (self, lookup->endpoint) != NULL)
    {
      start_client (self, lookup->endpoint, self->memory_token);
      lookup_free (lookup);
      return;
    }

  lookup_token (lookup, lookup_for_sync_timeout_cb, lookup_for_sync_cb);
}

static void
lookup_presence_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(Lookup) lookup = user_data;
  g_autoptr(GError) error = NULL;
  char *token = secret_password_lookup_finish (result, &error);

  set_keyring_waiting (lookup->self, FALSE);
  if (token != NULL)
    set_token_flags (lookup->self, TRUE, TRUE);
  else if (memory_token_for (lookup->self, lookup->endpoint) == NULL)
    set_token_flags (lookup->self, FALSE, FALSE);

  secret_password_free (token);
}

/* Whether the keyring has a token for the endpoint: for the preferences. */
static void
check_token (MnrSyncController *self)
{
  g_autofree char *endpoint = mnr_sync_controller_dup_endpoint (self);
  Lookup *lookup;

  if (endpoint[0] == '\0')
    {
      set_token_flags (self, FALSE, FALSE);
      return;
    }

  lookup = g_new0 (Lookup, 1);
  lookup->self = g_object_ref (self);
  lookup->endpoint = g_steal_pointer (&endpoint);
  lookup_token (lookup, lookup_presence_timeout_cb, lookup_presence_cb);
}

typedef struct
{
  char *endpoint;
  char *token;
} Credentials;

static void
credentials_free (Credentials *credentials)
{
  g_free (credentials->endpoint);
  if (credentials->token != NULL)
    memset (credentials->token, 0, strlen (credentials->token));
  g_free (credentials->token);
  g_free (credentials);
}

/* Saving a token in the keyring. When the keyring does not answer in
 * time the token is kept in memory and the save ends (task becomes
 * NULL); the keyring's answer, when it comes, then only updates where the
 * token is. */
typedef struct
{
  MnrSyncController *self;
  GTask             *task;
  Credentials       *credentials;
  guint              timeout_id;
} StoreToken;

static void
store_token_free (StoreToken *op)
{
  g_clear_handle_id (&op->timeout_id, g_source_remove);
  g_clear_object (&op->task);
  g_clear_object (&op->self);
  credentials_free (op->credentials);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StoreToken, store_token_free)

/* The token is kept for this session only, never on disk. */
static void
keep_in_memory (MnrSyncController *self,
                Credentials       *credentials)
{
  clear_memory_token (self);
  self->memory_token = g_strdup (credentials->token);
  self->memory_endpoint = g_strdup (credentials->endpoint);
  set_token_flags (self, TRUE, FALSE);
}

static gboolean
store_token_timeout_cb (gpointer user_data)
{
  StoreToken *op = user_data;

  op->timeout_id = 0;
  keep_in_memory (op->self, op->credentials);
  set_keyring_waiting (op->self, TRUE);
  set_last_error (op->self, NULL);
  g_task_return_boolean (op->task, TRUE);
  g_clear_object (&op->task);
  return G_SOURCE_REMOVE;
}

static void
store_token_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(StoreToken) op = user_data;
  MnrSyncController *self = op->self;
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&op->timeout_id, g_source_remove);
  set_keyring_waiting (self, FALSE);

  if (secret_password_store_finish (result, &error))
    {
      clear_memory_token (self);
      set_token_flags (self, TRUE, TRUE);
      set_last_error (self, NULL);
      if (op->task != NULL)
        g_task_return_boolean (op->task, TRUE);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (op->task != NULL)
        g_task_return_error (op->task, g_steal_pointer (&error));
      return;
    }

  g_debug ("The keyring could not keep the token: %s", error->message);
  keep_in_memory (self, op->credentials);
  set_last_error (self, _("No keyring is available; the token will not be remembered."));
  if (op->task != NULL)
    g_task_return_boolean (op->task, TRUE);
}

/**
 * mnr_sync_controller_set_credentials_async:
 * @url: the server's address; https, or http for this computer only
 * @token: (nullable): the access token, %NULL or empty to keep the one
 *   known for @url
 *
 * Saves the address in GSettings and the token in the keyring (in memory
 * only, for this session, when there is no keyring).
 */
void
mnr_sync_controller_set_credentials_async (MnrSyncController   *self,
                                           const char          *url,
                                           const char          *token,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *label = NULL;
  g_autofree char *old = NULL;
  g_autofree char *normalized = NULL;
  Credentials *credentials;
  StoreToken *op;

  g_return_if_fail (MNR_IS_SYNC_CONTROLLER (self));
  g_return_if_fail (url != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mnr_sync_controller_set_credentials_async);

  /* Kept in one form whatever was typed: the server's root URL or its
   * endpoint, with or without the scheme or the last slash. A change of
   * form alone changes nothing, and keeps the token. */
  if (url[0] != '\0')
    {
      normalized = mnr_sync_endpoint_normalize (url, NULL);
      if (normalized == NULL)
        {
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                   _("The server address must start with https://"));
          return;
        }
      url = normalized;
    }

  old = mnr_sync_controller_dup_endpoint (self);
  if (g_strcmp0 (old, url) != 0)
    g_settings_set_string (self->settings, "sync-endpoint", url);

  if (token == NULL || token[0] == '\0' || url[0] == '\0')
    {
      if (g_strcmp0 (old, url) != 0)
        check_token (self);
      g_task_return_boolean (task, TRUE);
      return;
    }

  credentials = g_new0 (Credentials, 1);
  credentials->endpoint = g_strdup (url);
  credentials->token = g_strdup (token);

  op = g_new0 (StoreToken, 1);
  op->self = g_object_ref (self);
  op->task = g_steal_pointer (&task);
  op->credentials = credentials;
  op->timeout_id = g_timeout_add (self->keyring_patience_ms, store_token_timeout_cb, op);

  /* Translators: the label of the token in the user's keyring */
  label = g_strdup_printf (_("MNR Tracker sync token for %s"), url);
  secret_password_store (token_schema (), SECRET_COLLECTION_DEFAULT, label, token,
                         cancellable, store_token_cb, op,
                         "endpoint", url,
                         NULL);
}

gboolean
mnr_sync_controller_set_credentials_finish (MnrSyncController  *self,
                                            GAsyncResult       *result,
                                            GError            **error)
{
  g_return_val_if_fail (MNR_IS_SYNC_CONTROLLER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * mnr_sync_controller_endpoint_is_valid:
 *
 * Whether @url is, in any of its forms, an address the app will send a
 * token to: https, or plain http to this computer (localhost, 127.0.0.1,
 * ::1). See mnr_sync_endpoint_normalize().
 */
gboolean
mnr_sync_controller_endpoint_is_valid (const char *url)
{
  g_autofree char *endpoint = NULL;

  if (url == NULL)
    return FALSE;

  endpoint = mnr_sync_endpoint_normalize (url, NULL);
  return endpoint != NULL;
}

static gboolean
periodic_cb (gpointer user_data)
{
  MnrSyncController *self = user_data;

  mnr_sync_controller_refresh (self);
  mnr_sync_controller_sync_now (self);
  return G_SOURCE_CONTINUE;
}

static gboolean
change_cb (gpointer user_data)
{
  MnrSyncController *self = user_data;

  self->change_id = 0;
  mnr_sync_controller_sync_now (self);
  return G_SOURCE_REMOVE;
}

/**
 * mnr_sync_controller_note_local_change:
 *
 * Tells the controller the store changed here: the pending count is
 * updated and, with automatic sync on, a sync starts ten seconds later.
 * The store's #MnrStore::changed calls it for every local change.
 */
void
mnr_sync_controller_note_local_change (MnrSyncController *self)
{
  g_return_if_fail (MNR_IS_SYNC_CONTROLLER (self));

  mnr_sync_controller_refresh (self);

  if (!g_settings_get_boolean (self->settings, "sync-automatic"))
    return;

  g_clear_handle_id (&self->change_id, g_source_remove);
  self->change_id = g_timeout_add (self->change_delay_ms, change_cb, self);
}

static void
update_automatic (MnrSyncController *self)
{
  gboolean automatic = g_settings_get_boolean (self->settings, "sync-automatic");

  if (automatic && self->periodic_id == 0)
    self->periodic_id = g_timeout_add_seconds (AUTOMATIC_INTERVAL_SECONDS, periodic_cb, self);
  else if (!automatic)
    {
      g_clear_handle_id (&self->periodic_id, g_source_remove);
      g_clear_handle_id (&self->change_id, g_source_remove);
    }
}

static void
on_settings_changed_cb (MnrSyncController *self,
                        const char        *key,
                        GSettings         *settings)
{
  if (g_str_equal (key, "sync-automatic"))
    update_automatic (self);
}

static void
on_store_checked_cb (MnrSyncController *self)
{
  if (mnr_store_is_checked (self->store) && self->sync_when_checked)
    {
      self->sync_when_checked = FALSE;
      mnr_sync_controller_sync_now (self);
    }
}

/* Every change made here counts as pending at once, and is sent soon when
 * sync is automatic; what a sync brings is counted when it ends. */
static void
on_store_changed_cb (MnrSyncController *self,
                     const char        *type,
                     const char        *id,
                     gboolean           from_server,
                     MnrStore          *store)
{
  if (!from_server)
    mnr_sync_controller_note_local_change (self);
}

static void
mnr_sync_controller_constructed (GObject *object)
{
  MnrSyncController *self = (MnrSyncController *)object;
  g_autofree char *last = NULL;

  G_OBJECT_CLASS (mnr_sync_controller_parent_class)->constructed (object);

  g_return_if_fail (MNR_IS_STORE (self->store));
  g_return_if_fail (G_IS_SETTINGS (self->settings));

  last = mnr_store_get_sync_value (self->store, "last-success");
  if (last != NULL)
    self->last_success = g_ascii_strtoll (last, NULL, 10);

  g_signal_connect_object (self->settings, "changed", G_CALLBACK (on_settings_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->store, "changed", G_CALLBACK (on_store_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->store, "notify::checked", G_CALLBACK (on_store_checked_cb),
                           self, G_CONNECT_SWAPPED);
  update_automatic (self);

  /* Until sync is set up the outbox's size is shown nowhere, and counting
   * a whole store's takes a while (25 ms at 67,000 records): the window
   * has it counted after its first frame. The conflicts are in the bar. */
  if (mnr_sync_controller_is_set_up (self))
    mnr_sync_controller_refresh (self);
  else
    {
      gint64 conflicts = mnr_store_count_conflicts (self->store, NULL);

      set_counts (self, 0, conflicts >= 0 ? (guint)MIN (conflicts, G_MAXUINT) : 0);
    }
  check_token (self);
}

static void
mnr_sync_controller_dispose (GObject *object)
{
  MnrSyncController *self = (MnrSyncController *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->periodic_id, g_source_remove);
  g_clear_handle_id (&self->change_id, g_source_remove);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (mnr_sync_controller_parent_class)->dispose (object);
}

static void
mnr_sync_controller_finalize (GObject *object)
{
  MnrSyncController *self = (MnrSyncController *)object;

  clear_memory_token (self);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->last_error, g_free);
  g_clear_pointer (&self->refused, g_free);

  G_OBJECT_CLASS (mnr_sync_controller_parent_class)->finalize (object);
}

static void
mnr_sync_controller_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  MnrSyncController *self = MNR_SYNC_CONTROLLER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_PENDING:
      g_value_set_uint (value, self->pending);
      break;

    case PROP_CONFLICTS:
      g_value_set_uint (value, self->conflicts);
      break;

    case PROP_LAST_SUCCESS:
      g_value_set_int64 (value, self->last_success);
      break;

    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;

    case PROP_REFUSED:
      g_value_set_string (value, self->refused);
      break;

    case PROP_PROGRESS:
      g_value_set_uint (value, self->has_progress ? self->progress_done : 0);
      break;

    case PROP_HAS_TOKEN:
      g_value_set_boolean (value, self->has_token);
      break;

    case PROP_TOKEN_REMEMBERED:
      g_value_set_boolean (value, self->token_remembered);
      break;

    case PROP_KEYRING_WAITING:
      g_value_set_boolean (value, self->keyring_waiting);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mnr_sync_controller_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  MnrSyncController *self = MNR_SYNC_CONTROLLER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mnr_sync_controller_class_init (MnrSyncControllerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = mnr_sync_controller_constructed;
  object_class->dispose = mnr_sync_controller_dispose;
  object_class->finalize = mnr_sync_controller_finalize;
  object_class->get_property = mnr_sync_controller_get_property;
  object_class->set_property = mnr_sync_controller_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, MNR_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, MNR_TYPE_SYNC_STATE, MNR_SYNC_STATE_IDLE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PENDING] =
    g_param_spec_uint ("pending", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONFLICTS] =
    g_param_spec_uint ("conflicts", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_SUCCESS] =
    g_param_spec_int64 ("last-success", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REFUSED] =
    g_param_spec_string ("refused", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROGRESS] =
    g_param_spec_uint ("progress", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HAS_TOKEN] =
    g_param_spec_boolean ("has-token", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOKEN_REMEMBERED] =
    g_param_spec_boolean ("token-remembered", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * MnrSyncController:keyring-waiting:
   *
   * Whether a call to the keyring has not answered in time (it may be
   * asking for a password): the app goes on, with the token in memory.
   */
  properties[PROP_KEYRING_WAITING] =
    g_param_spec_boolean ("keyring-waiting", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MnrSyncController::synced:
   * @report: (type gpointer): what the sync did, an #MnrSyncReport
   *
   * Emitted after a sync changed the store, so views can reload.
   */
  signals[SYNCED] =
    g_signal_new ("synced", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
mnr_sync_controller_init (MnrSyncController *self)
{
  self->cancellable = g_cancellable_new ();
  self->keyring_patience_ms = KEYRING_PATIENCE_MS;
  self->change_delay_ms = LOCAL_CHANGE_DELAY_MS;
}

MnrSyncController *
mnr_sync_controller_new (MnrStore  *store,
                         GSettings *settings)
{
  g_return_val_if_fail (MNR_IS_STORE (store), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (MNR_TYPE_SYNC_CONTROLLER, "store", store, "settings", settings, NULL);
}

MnrStore *
mnr_sync_controller_get_store (MnrSyncController *self)
{
  g_return_val_if_fail (MNR_IS_SYNC_CONTROLLER (self), NULL);
  return self->store;
}

GSettings *
mnr_sync_controller_get_settings (MnrSyncController *self)
{
  g_return_val_if_fail (MNR_IS_SYNC_CONTROLLER (self), NULL);
  return self->settings;
}

MnrSyncState
mnr_sync_controller_get_state (MnrSyncController *self)
{
  g_return_val_if_fail (MNR_IS_SYNC_CONTROLLER (self), MNR_SYNC_STATE_IDLE);
  return self->state;
}

guint
mnr_sync_controller_get_pending (MnrSyncController *self)
{
  g_return_val_if_fail (MNR_IS_SYNC_CONTROLLER (self), 0);
  return self->pending;
}

guint
mnr_sync_controller_get_conflicts (MnrSyncController *self)
{
  g_return_val_if_fail (MNR_IS_SYNC_CONTROLLER (self), 0);
  return self->conflicts;
}

gint64
mnr_sync_controller_get_last_success (MnrSyncController *self)
{
  g_return_val_if_fail (MNR_IS_SYNC_CONTROLLER (self), 0);
  return self->last_success;
}

const char *
mnr_sync_controller_get_last_error (MnrSyncController *self)
{
  g_return_val_if_fail (MNR_IS_SYNC_CONTROLLER (self), NULL);
  return self->last_error;
}

/**
 * mnr_sync_controller_get_refused:
 *
 * Returns: (nullable): what the last sync could not send or download and
 *   why, in words, one line per reason; %NULL when it sent everything
 */
/**
 * mnr_sync_controller_get_progress:
 * @phase: (out) (optional): what the running sync is doing
 * @done: (out) (optional): how many records or files of it are done
 * @total: (out) (optional): how many there are, 0 when not known
 *
 * Returns: whether a running sync has told how far it is
 */
gboolean
mnr_sync_controller_get_progress (MnrSyncController *self,
                                  MnrSyncPhase      *phase,
                                  guint             *done,
                                  guint             *total)
{
  g_return_val_if_fail (MNR_IS_SYNC_CONTROLLER (self), FALSE);

  if (phase != NULL)
    *phase = self->progress_phase;
  if (done != NULL)
    *done = self->progress_done;
  if (total != NULL)
    *total = self->progress_total;
  return self->has_progress && self->state == MNR_SYNC_STATE_SYNCING;
}

const char *
mnr_sync_controller_get_refused (MnrSyncController *self)
{
  g_return_val_if_fail (MNR_IS_SYNC_CONTROLLER (self), NULL);

  return self->refused;
}

gboolean
mnr_sync_controller_get_has_token (MnrSyncController *self)
{
  g_return_val_if_fail (MNR_IS_SYNC_CONTROLLER (self), FALSE);
  return self->has_token;
}

gboolean
mnr_sync_controller_get_token_remembered (MnrSyncController *self)
{
  g_return_val_if_fail (MNR_IS_SYNC_CONTROLLER (self), FALSE);
  return self->token_remembered;
}

gboolean
mnr_sync_controller_get_keyring_waiting (MnrSyncController *self)
{
  g_return_val_if_fail (MNR_IS_SYNC_CONTROLLER (self), FALSE);
  return self->keyring_waiting;
}

/**
 * mnr_sync_controller_set_keyring_patience:
 * @milliseconds: how long a keyring call may take before the app goes on
 *   without it
 *
 * For tests; the default suits people.
 */
void
mnr_sync_controller_set_keyring_patience (MnrSyncController *self,
                                          guint              milliseconds)
{
  g_return_if_fail (MNR_IS_SYNC_CONTROLLER (self));
  self->keyring_patience_ms = MAX (milliseconds, 1);
}

/**
 * mnr_sync_controller_dup_endpoint:
 *
 * Returns: (transfer full): the server's address, "" when not set up
 */
char *
mnr_sync_controller_dup_endpoint (MnrSyncController *self)
{
  g_return_val_if_fail (MNR_IS_SYNC_CONTROLLER (self), NULL);
  return g_settings_get_string (self->settings, "sync-endpoint");
}

gboolean
mnr_sync_controller_is_set_up (MnrSyncController *self)
{
  g_autofree char *endpoint = NULL;

  g_return_val_if_fail (MNR_IS_SYNC_CONTROLLER (self), FALSE);

  endpoint = mnr_sync_controller_dup_endpoint (self);
  return endpoint[0] != '\0';
}

/**
 * mnr_sync_controller_set_change_delay:
 * @milliseconds: how long after a local change automatic sync starts
 *
 * For tests: ten seconds otherwise, so that a burst of edits is one sync.
 */
void
mnr_sync_controller_set_change_delay (MnrSyncController *self,
                                      guint              milliseconds)
{
  g_return_if_fail (MNR_IS_SYNC_CONTROLLER (self));

  self->change_delay_ms = MAX (milliseconds, 1);
}
