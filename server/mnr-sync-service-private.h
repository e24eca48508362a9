/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "mnr-server-store.h"
#include "mnr-sync-service.h"
#include "mnr-tokens.h"

/* What the files of MnrSyncService share: mnr-sync-service.c (the object,
 * routing, replies, reads, single writes and blobs) and -batch.c (the
 * write decision every record write goes through, and the batch
 * endpoint). */

G_BEGIN_DECLS

struct _MnrSyncService
{
  GObject         parent_instance;

  /* owned */
  SoupServer     *server;
  MnrServerStore *store;
  MnrTokens      *tokens;

  gsize           max_blob_bytes;
  gboolean        verbose;
  GStrv           types;     /* the record types served, in the table's order */
  GHashTable     *bundled_members; /* group id → GStrv, the bundled groups' */
};

/* What a write of one record came to: a success with the record as
 * stored, or a problem (section 5.8), with the server's current copy for
 * a 412. */
typedef struct
{
  guint            status;   /* 200, 201, or the problem's status */
  const char      *slug;     /* the problem's type; NULL on success */
  char            *detail;
  MnrServerRecord *record;   /* 200/201: as stored; 412: the current one */
} MnrWriteOutcome;

void        mnr_write_outcome_clear (MnrWriteOutcome *outcome);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (MnrWriteOutcome, mnr_write_outcome_clear)

/* mnr-sync-service-batch.c */
gboolean    mnr_sync_service_write  (MnrSyncService      *self,
                                     const MnrTokenEntry *entry,
                                     const char          *type,
                                     const char          *id,
                                     const char          *if_match_tag,
                                     JsonNode            *body,
                                     MnrWriteOutcome     *outcome,
                                     GError             **error);
void        mnr_sync_service_handle_batch (MnrSyncService    *self,
                                           SoupServerMessage *msg);
void        mnr_sync_service_add_batch_limits (JsonBuilder *builder);

/* mnr-sync-service.c */
void        reply_json              (SoupServerMessage     *msg,
                                     guint                  status,
                                     const char            *content_type,
                                     JsonNode              *root);
JsonNode   *problem_to_node         (guint                  status,
                                     const char            *slug,
                                     const char            *detail,
                                     JsonNode              *current);
void        reply_problem           (SoupServerMessage     *msg,
                                     guint                  status,
                                     const char            *slug,
                                     const char            *detail,
                                     JsonNode              *current);
void        reply_internal_error    (SoupServerMessage     *msg,
                                     const GError          *error);
void        reply_method_not_allowed (SoupServerMessage    *msg,
                                      const char           *allow);
JsonNode   *record_to_node          (const MnrServerRecord *record);
const MnrTokenEntry *authenticate   (MnrSyncService        *self,
                                     SoupServerMessage     *msg);
gboolean    has_content_type        (SoupServerMessage     *msg,
                                     const char            *expected);
GBytes     *get_body                (SoupServerMessage     *msg,
                                     gsize                  limit);
JsonNode   *parse_json_body         (SoupServerMessage     *msg,
                                     GBytes                *body);

G_END_DECLS
