/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "mnr-sync-client.h"
#include "mnr-sync-endpoint.h"

/* The address of a sync server, in whatever form a person types or copies
 * it, made into the one form the protocol's paths hang off (section 2.1):
 *
 *   127.0.0.1:8080                 → http://127.0.0.1:8080/mnr/v1/
 *   http://127.0.0.1:8080/         → http://127.0.0.1:8080/mnr/v1/
 *   HTTPS://Sync.Example.org:443   → https://sync.example.org/mnr/v1/
 *   https://example.org/region/    → https://example.org/region/mnr/v1/
 *   https://example.org/mnr/v1     → https://example.org/mnr/v1/
 *
 * The server prints its root address when it starts; that, the endpoint,
 * or either without its scheme or trailing slash all name one server, so
 * they share one form, and the token kept for it. */

#define ENDPOINT_PATH "/mnr/v1"

static gboolean
host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;
  g_autofree char *bare = NULL;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  /* GUri keeps an IPv6 literal without its brackets; text typed by a
   * person may still have them. */
  if (host[0] == '[' && g_str_has_suffix (host, "]"))
    bare = g_strndup (host + 1, strlen (host) - 2);
  address = g_inet_address_new_from_string (bare != NULL ? bare : host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

/* A name of letters, digits, dots and hyphens (once made ASCII), or an
 * IP address: not "not a url". */
static gboolean
host_is_valid (const char *host)
{
  g_autofree char *ascii = NULL;

  if (g_hostname_is_ip_address (host))
    return TRUE;

  ascii = g_hostname_to_ascii (host);
  if (ascii == NULL || ascii[0] == '\0' || ascii[0] == '.' || ascii[0] == '-')
    return FALSE;

  for (const char *c = ascii; *c != '\0'; c++)
    if (!g_ascii_isalnum (*c) && *c != '.' && *c != '-')
      return FALSE;

  return TRUE;
}

/* "localhost:8080/x" → "localhost": the host of an address typed without
 * a scheme, to choose one for it. */
static char *
bare_host (const char *text)
{
  const char *end;

  if (text[0] == '[')
    {
      end = strchr (text, ']');
      return end != NULL ? g_strndup (text, end - text + 1) : g_strdup (text);
    }

  end = text + strcspn (text, ":/");
  return g_strndup (text, end - text);
}

static gboolean
fail (GError     **error,
      const char  *message)
{
  g_set_error_literal (error, MNR_SYNC_CLIENT_ERROR, MNR_SYNC_CLIENT_ERROR_INSECURE, message);
  return FALSE;
}

/**
 * mnr_sync_endpoint_check:
 * @url: an endpoint, normalized or not
 *
 * Whether the app may send a token to @url: https, or plain http to this
 * computer only (section 7.8); no user name or password, query or
 * fragment in it.
 */
gboolean
mnr_sync_endpoint_check (const char  *url,
                         GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme, *host;

  g_return_val_if_fail (url != NULL, FALSE);

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0' ||
      g_uri_get_userinfo (uri) != NULL || g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL)
    return fail (error, "The sync server address is not a valid URL.");

  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);
  if (!host_is_valid (host))
    return fail (error, "The sync server address is not a valid URL.");

  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return TRUE;

  if (g_ascii_strcasecmp (scheme, "http") == 0)
    {
      if (host_is_loopback (host))
        return TRUE;
      return fail (error, "The sync server address must start with https:// (plain http:// is only for this computer).");
    }

  return fail (error, "The sync server address must start with https://.");
}

/**
 * mnr_sync_endpoint_normalize:
 * @text: an address as typed: the server's root, its endpoint, with or
 *   without scheme, port or trailing slash
 *
 * Returns: (transfer full) (nullable): the endpoint, "scheme://host[:port]/…/mnr/v1/",
 *   scheme and host in lower case and a default port left out; %NULL with
 *   @error if @text is no address the app may send a token to
 */
char *
mnr_sync_endpoint_normalize (const char  *text,
                             GError     **error)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *full = NULL;
  g_autofree char *scheme = NULL;
  g_autofree char *host = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GUri) uri = NULL;
  gsize len;
  int port;

  g_return_val_if_fail (text != NULL, NULL);

  trimmed = g_strstrip (g_strdup (text));
  if (trimmed[0] == '\0')
    {
      fail (error, "The sync server address is empty.");
      return NULL;
    }

  if (strstr (trimmed, "://") == NULL)
    {
      g_autofree char *first = bare_host (trimmed);

      full = g_strconcat (host_is_loopback (first) ? "http://" : "https://", trimmed, NULL);
    }
  else
    full = g_steal_pointer (&trimmed);

  if (!mnr_sync_endpoint_check (full, error))
    return NULL;

  uri = g_uri_parse (full, G_URI_FLAGS_NONE, NULL);
  scheme = g_ascii_strdown (g_uri_get_scheme (uri), -1);
  host = g_ascii_strdown (g_uri_get_host (uri), -1);
  port = g_uri_get_port (uri);
  if ((port == 443 && g_str_equal (scheme, "https")) || (port == 80 && g_str_equal (scheme, "http")))
    port = -1;

  path = g_strdup (g_uri_get_path (uri));
  len = strlen (path);
  while (len > 0 && path[len - 1] == '/')
    path[--len] = '\0';

  if (!g_str_has_suffix (path, ENDPOINT_PATH))
    {
      char *longer = g_str_has_suffix (path, "/mnr") ? g_strconcat (path, "/v1", NULL)
                                                     : g_strconcat (path, ENDPOINT_PATH, NULL);
      g_free (path);
      path = longer;
    }

  {
    g_autofree char *with_slash = g_strconcat (path, "/", NULL);
    g_autoptr(GUri) endpoint = g_uri_build (G_URI_FLAGS_NONE, scheme, NULL, host, port,
                                            with_slash, NULL, NULL);

    return g_uri_to_string (endpoint);
  }
}

/**
 * mnr_sync_endpoint_same:
 *
 * Whether @a and @b name the same endpoint, whatever their forms; two
 * addresses that cannot be normalized are the same only as strings.
 */
gboolean
mnr_sync_endpoint_same (const char *a,
                        const char *b)
{
  g_autofree char *na = NULL;
  g_autofree char *nb = NULL;

  if (a == NULL || b == NULL)
    return a == b;

  na = mnr_sync_endpoint_normalize (a, NULL);
  nb = mnr_sync_endpoint_normalize (b, NULL);
  if (na == NULL || nb == NULL)
    return g_str_equal (a, b);

  return g_str_equal (na, nb);
}
