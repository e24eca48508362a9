/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-sync-request"

#include "config.h"

#include "mnr-sync-request.h"

/* SoupMessageHeaders and GBytes are plain values: a copy made on the
 * server's thread may be read and written on a worker, as long as one
 * thread at a time does. */
struct _MnrSyncRequest
{
  /* the server's thread only */
  SoupServerMessage  *msg;             /* owned */

  /* copied from the message */
  const char         *method;          /* interned, as SOUP_METHOD_* */
  char               *path;
  GHashTable         *query;           /* owned; nullable */
  SoupMessageHeaders *request_headers; /* owned */
  GBytes             *body;            /* owned */

  /* the answer */
  guint               status;
  char               *reason;
  SoupMessageHeaders *response_headers; /* owned */
  GBytes             *response_body;    /* owned; nullable */
};

static void
copy_header (const char *name,
             const char *value,
             gpointer    user_data)
{
  soup_message_headers_append (user_data, name, value);
}

/**
 * mnr_sync_request_new:
 * @query: (nullable): the query as SoupServer decoded it
 *
 * On the server's thread, once @msg's body is read.
 */
MnrSyncRequest *
mnr_sync_request_new (SoupServerMessage *msg,
                      const char        *path,
                      GHashTable        *query)
{
  MnrSyncRequest *self = g_new0 (MnrSyncRequest, 1);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);

  self->msg = g_object_ref (msg);
  self->method = soup_server_message_get_method (msg);
  self->path = g_strdup (path);
  self->query = query != NULL ? g_hash_table_ref (query) : NULL;
  self->request_headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  soup_message_headers_foreach (soup_server_message_get_request_headers (msg), copy_header,
                                self->request_headers);
  /* A body refused as it came in is no longer kept (accumulate off). */
  if (body->length > 0 && soup_message_body_get_accumulate (body))
    self->body = soup_message_body_flatten (body);
  else
    self->body = g_bytes_new (NULL, 0);
  self->response_headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);

  return self;
}

void
mnr_sync_request_free (MnrSyncRequest *self)
{
  if (self == NULL)
    return;

  g_clear_object (&self->msg);
  g_free (self->path);
  g_clear_pointer (&self->query, g_hash_table_unref);
  g_clear_pointer (&self->request_headers, soup_message_headers_unref);
  g_clear_pointer (&self->body, g_bytes_unref);
  g_free (self->reason);
  g_clear_pointer (&self->response_headers, soup_message_headers_unref);
  g_clear_pointer (&self->response_body, g_bytes_unref);
  g_free (self);
}

/* The server's thread only. */
SoupServerMessage *
mnr_sync_request_get_message (MnrSyncRequest *self)
{
  return self->msg;
}

static void
replace_header (const char *name,
                const char *value,
                gpointer    user_data)
{
  soup_message_headers_replace (user_data, name, value);
}

/* Sets the answer on the message; on the server's thread. */
void
mnr_sync_request_apply (MnrSyncRequest *self)
{
  SoupMessageBody *body = soup_server_message_get_response_body (self->msg);

  soup_server_message_set_status (self->msg, self->status, self->reason);
  soup_message_headers_foreach (self->response_headers, replace_header,
                                soup_server_message_get_response_headers (self->msg));
  soup_message_body_truncate (body);
  if (self->response_body != NULL && g_bytes_get_size (self->response_body) > 0)
    soup_message_body_append_bytes (body, self->response_body);
}

const char *
mnr_sync_request_get_method (MnrSyncRequest *self)
{
  return self->method;
}

const char *
mnr_sync_request_get_path (MnrSyncRequest *self)
{
  return self->path;
}

/* (nullable) */
GHashTable *
mnr_sync_request_get_query (MnrSyncRequest *self)
{
  return self->query;
}

SoupMessageHeaders *
mnr_sync_request_get_request_headers (MnrSyncRequest *self)
{
  return self->request_headers;
}

/* The whole body, empty for none. */
GBytes *
mnr_sync_request_get_body (MnrSyncRequest *self)
{
  return self->body;
}

/* 0 until an answer is set. */
guint
mnr_sync_request_get_status (MnrSyncRequest *self)
{
  return self->status;
}

/* @reason: (nullable): the reason phrase, libsoup's for @status if NULL */
void
mnr_sync_request_set_status (MnrSyncRequest *self,
                             guint           status,
                             const char     *reason)
{
  self->status = status;
  g_free (self->reason);
  self->reason = g_strdup (reason);
}

SoupMessageHeaders *
mnr_sync_request_get_response_headers (MnrSyncRequest *self)
{
  return self->response_headers;
}

/* Replaces the answer's body. */
void
mnr_sync_request_set_response_body (MnrSyncRequest *self,
                                    GBytes         *body)
{
  g_clear_pointer (&self->response_body, g_bytes_unref);
  self->response_body = body != NULL ? g_bytes_ref (body) : NULL;
}
