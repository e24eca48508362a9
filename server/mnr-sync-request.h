/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* One request as a handler sees it, on whichever thread it runs: what it
 * needs of the SoupServerMessage, copied on the server's thread (method,
 * path, query, request headers, body), and the answer it makes (status,
 * response headers, body), set on the message back on the server's
 * thread. SoupServerMessage itself is never touched off that thread. */
typedef struct _MnrSyncRequest MnrSyncRequest;

MnrSyncRequest     *mnr_sync_request_new                  (SoupServerMessage *msg,
                                                           const char        *path,
                                                           GHashTable        *query);
void                mnr_sync_request_free                 (MnrSyncRequest    *self);

SoupServerMessage  *mnr_sync_request_get_message          (MnrSyncRequest    *self);
void                mnr_sync_request_apply                (MnrSyncRequest    *self);

const char         *mnr_sync_request_get_method           (MnrSyncRequest    *self);
const char         *mnr_sync_request_get_path             (MnrSyncRequest    *self);
GHashTable         *mnr_sync_request_get_query            (MnrSyncRequest    *self);
SoupMessageHeaders *mnr_sync_request_get_request_headers  (MnrSyncRequest    *self);
GBytes             *mnr_sync_request_get_body             (MnrSyncRequest    *self);

guint               mnr_sync_request_get_status           (MnrSyncRequest    *self);
void                mnr_sync_request_set_status           (MnrSyncRequest    *self,
                                                           guint              status,
                                                           const char        *reason);
SoupMessageHeaders *mnr_sync_request_get_response_headers (MnrSyncRequest    *self);
void                mnr_sync_request_set_response_body    (MnrSyncRequest    *self,
                                                           GBytes            *body);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MnrSyncRequest, mnr_sync_request_free)

G_END_DECLS
