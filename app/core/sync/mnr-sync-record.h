/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define MNR_SYNC_RECORD_ERROR (mnr_sync_record_error_quark ())

/* The limits of protocol 1 (docs/sync-protocol.md, section 6), the same
 * for the sync client, the store and the reference server. */
#define MNR_SYNC_MAX_RECORD_BYTES      (1024 * 1024)
#define MNR_SYNC_MAX_BLOB_BYTES        (100 * 1024 * 1024)
#define MNR_SYNC_MAX_PAGE              1000
#define MNR_SYNC_MAX_BATCH_RECORDS     1000
#define MNR_SYNC_MAX_BATCH_BYTES       (4 * 1024 * 1024)
#define MNR_SYNC_MAX_STRING_CHARS      100000
#define MNR_SYNC_MAX_UPDATED_BY_CHARS  200
#define MNR_SYNC_MAX_DEPTH             64

/**
 * MnrSyncRecordError:
 * @MNR_SYNC_RECORD_ERROR_INVALID: an envelope or a `data` that breaks the
 *   rules of docs/sync-protocol.md, section 4; the message names the member
 */
typedef enum
{
  MNR_SYNC_RECORD_ERROR_INVALID,
} MnrSyncRecordError;

/**
 * MnrSyncRecord:
 * @type: "round", "rating", "evidence", "attachment" or "group"
 * @id: a lower-case UUID
 * @country: ISO 3166-1 alpha-2 in upper case; %NULL for a group
 * @deleted: whether the record is a tombstone
 * @server_rev: the server's rev (0: never on the server)
 * @local_rev: the local revision counter (0 for a record from the server)
 * @updated_by: who made the change, as the client says
 * @updated_at: when, in microseconds since 1970 UTC; 0 when unknown. The
 *   server's clock for its versions, this computer's for local ones:
 *   shown to people, never used to decide anything (section 7.5)
 * @data: the type's `data` member, as the protocol defines it, unknown
 *   members included
 *
 * One record as it goes over the wire (docs/sync-protocol.md, section 4).
 * Plain data: the store makes them, the sync client sends and reads them.
 */
typedef struct
{
  char       *type;
  char       *id;
  char       *country;
  gboolean    deleted;
  gint64      server_rev;
  gint64      local_rev;
  char       *updated_by;
  gint64      updated_at;
  JsonObject *data;
} MnrSyncRecord;

#define MNR_TYPE_SYNC_RECORD (mnr_sync_record_get_type ())

GType          mnr_sync_record_get_type        (void) G_GNUC_CONST;
GQuark         mnr_sync_record_error_quark     (void);

MnrSyncRecord *mnr_sync_record_new             (const char           *type,
                                                const char           *id);
MnrSyncRecord *mnr_sync_record_copy            (const MnrSyncRecord  *record);
void           mnr_sync_record_free            (MnrSyncRecord        *record);

gboolean       mnr_sync_record_type_is_valid   (const char           *type);
gboolean       mnr_sync_record_validate_data   (const char           *type,
                                                JsonObject           *data,
                                                GError              **error);
gboolean       mnr_sync_record_same_content    (const MnrSyncRecord  *a,
                                                const MnrSyncRecord  *b);
char          *mnr_sync_record_content_digest  (const MnrSyncRecord  *record);
gboolean       mnr_sync_record_members_equal   (JsonNode             *a,
                                                JsonNode             *b);
MnrSyncRecord *mnr_sync_record_merge           (const MnrSyncRecord  *base,
                                                const MnrSyncRecord  *local,
                                                const MnrSyncRecord  *remote,
                                                GStrv                *conflicting);

JsonNode      *mnr_sync_record_to_json         (const MnrSyncRecord  *record);
JsonNode      *mnr_sync_record_to_envelope     (const MnrSyncRecord  *record);
MnrSyncRecord *mnr_sync_record_from_json       (const char           *type,
                                                const char           *id,
                                                JsonNode             *body,
                                                GError              **error);
MnrSyncRecord *mnr_sync_record_from_envelope   (JsonNode             *server_envelope,
                                                GError              **error);
MnrSyncRecord *mnr_sync_record_take_from_envelope (JsonNode           *server_envelope,
                                                    GError             **error);
MnrSyncRecord *mnr_sync_record_from_stored     (JsonNode             *envelope,
                                                GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MnrSyncRecord, mnr_sync_record_free)

G_END_DECLS
