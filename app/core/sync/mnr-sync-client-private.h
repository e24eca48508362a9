/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "mnr-sync-client.h"

/* What the files of MnrSyncClient share: mnr-sync-client.c (the object,
 * discovery and the start of a sync), -request.c (one request and the
 * ways a sync ends), -pull.c and -push.c (the two halves of a sync), and
 * -batch.c (the push's batches).
 * A sync is a GTask whose task data is a SyncData; the chain of
 * callbacks holds one reference to it until mnr_sync_task_finish(). */

G_BEGIN_DECLS

#define DEFAULT_TIMEOUT     30                  /* seconds without progress */
#define IDLE_TIMEOUT        60
#define REQUEST_DEADLINE    120                 /* seconds for a whole request */
#define FILE_DEADLINE_RATIO 10                  /* files may take ten times that */
#define PAGE_LIMIT          MNR_SYNC_MAX_PAGE   /* changes per page, if the server takes as many */
#define PAGE_MAX_BYTES      (16 * 1024 * 1024)
#define RECORD_MAX_BYTES    (2 * 1024 * 1024)   /* a record is at most 1 MiB */
#define SMALL_MAX_BYTES     (64 * 1024)         /* blob answers, problems */
#define READ_CHUNK          (64 * 1024)
#define MAX_DETAIL_CHARS    200
#define MAX_PUSH_ROUNDS     3                   /* passes over the outbox in one sync */
#define BATCH_MAX_RECORDS   1000                /* records in one batch, at most */
#define BATCH_MAX_BYTES     (8 * 1024 * 1024)   /* and bytes */

struct _MnrSyncClient
{
  GObject      parent_instance;

  MnrStore    *store;
  char        *base_url;      /* ends with '/' */
  char        *authorization; /* "Bearer …"; never logged */
  SoupSession *session;
  guint        deadline;      /* seconds a request may take in all */
  gboolean     busy;
  GPtrArray   *refusals;      /* of the last sync */
  GStrv        known;         /* the types it takes; NULL: every type it knows */
};

typedef struct
{
  MnrSyncReport  report;
  GCancellable  *io_cancellable;   /* cancelled with the caller's, or by us */
  GCancellable  *cancellable;      /* the caller's */
  gulong         cancelled_id;

  /* discovery */
  gint64         page_limit;       /* the server's page_max, at most PAGE_LIMIT */
  GStrv          server_types;     /* the types the server announced */

  /* progress */
  gint64         progress_at;      /* monotonic time it was last told */

  /* pull */
  char          *cursor;
  gboolean       restarted;
  gboolean       finished;         /* returned: a page asked for ahead is dropped */
  gboolean       bulk_pages;       /* a page was a bulk batch */
  gpointer       pending;          /* a page read, applied once the next one is in */
  GDestroyNotify pending_free;
  gboolean       reading;          /* a page is being read on a worker */
  char          *asked_ahead;      /* the cursor of the page asked for before it was read */
  SoupMessage   *early_msg;        /* that page's answer, in before the one before was read */
  GBytes        *early_body;

  /* push */
  GPtrArray     *dirty;
  guint          index;
  guint          rounds;           /* times the outbox was listed */
  gboolean       push_again;       /* a 412 was merged: push the merge */
  gint64         blob_size;
  guint          batch_records;    /* records per batch; 0: no batches */
  gsize          batch_bytes;      /* a batch's body, at most */
  guint          batch_count;      /* records in the batch in flight */
  gboolean       batch_in_flight;
  GHashTable    *alone;            /* "type/id" of records to send alone */
  GBytes        *next_body;        /* the next batch, built meanwhile */
  guint          next_start;
  guint          next_count;
  GArray        *batch_results;    /* the last answer's results, applied meanwhile */
  guint          batch_results_start;
  GError        *batch_error;      /* applying them failed: the sync ends */

  /* download of attachment files */
  GPtrArray     *missing;          /* MnrAttachment */
  guint          missing_index;
  GFile         *incoming;
} SyncData;

typedef void (*ReplyFunc) (GTask       *task,
                           SoupMessage *msg,
                           GBytes      *body);

static inline SyncData *
mnr_sync_task_get_data (GTask *task)
{
  return g_task_get_task_data (task);
}

static inline MnrSyncClient *
mnr_sync_task_get_client (GTask *task)
{
  return g_task_get_source_object (task);
}

/* mnr-sync-client.c */
void         mnr_sync_client_add_refusal      (MnrSyncClient      *self,
                                               MnrSyncRefusalKind  kind,
                                               const char         *type,
                                               const char         *id,
                                               const char         *country,
                                               const char         *detail);
void         mnr_sync_task_tell_progress      (GTask              *task,
                                               MnrSyncPhase        phase,
                                               guint               done,
                                               guint               total,
                                               gboolean            force);

gboolean     mnr_sync_client_knows_type       (MnrSyncClient      *self,
                                               const char         *type);

/* mnr-sync-client-request.c */
void         mnr_sync_task_finish             (GTask              *task,
                                               GError             *error);
void         mnr_sync_task_fail               (GTask              *task,
                                               GQuark              domain,
                                               int                 code,
                                               const char         *format,
                                               ...) G_GNUC_PRINTF (4, 5);
void         mnr_sync_task_fail_transport     (GTask              *task,
                                               GError             *error);
void         mnr_sync_task_fail_malformed     (GTask              *task,
                                               const char         *what);
void         mnr_sync_task_send_full          (GTask              *task,
                                               SoupMessage        *msg,
                                               gsize               cap,
                                               GOutputStream      *sink,
                                               gboolean            with_token,
                                               ReplyFunc           func);
void         mnr_sync_task_send               (GTask              *task,
                                               SoupMessage        *msg,
                                               gsize               cap,
                                               ReplyFunc           func);
SoupMessage *mnr_sync_task_new_message        (GTask              *task,
                                               const char         *method,
                                               const char         *path);
char        *mnr_sync_problem_detail          (GBytes             *body);
gboolean     mnr_sync_problem_is              (GBytes             *body,
                                               const char         *slug);
gboolean     mnr_sync_task_check_fatal_status (GTask              *task,
                                               SoupMessage        *msg,
                                               GBytes             *body);
JsonNode    *mnr_sync_parse_json              (GBytes             *body,
                                               GError            **error);
JsonNode    *mnr_sync_parse_json_full         (GBytes             *body,
                                               gboolean            immutable,
                                               GError            **error);

/* mnr-sync-client-pull.c */
gboolean     mnr_sync_task_apply_kept         (GTask              *task,
                                               GError            **error);
void         mnr_sync_task_pull               (GTask              *task);
void         mnr_sync_task_fetch_files        (GTask              *task);
char        *mnr_sync_check_changes_page      (GBytes             *body,
                                               const char * const *known,
                                               guint              *n_records,
                                               guint              *n_rejected);

/* mnr-sync-client-push.c */
void         mnr_sync_task_push               (GTask              *task);
void         mnr_sync_task_push_next          (GTask              *task);
gboolean     mnr_sync_task_server_takes       (GTask              *task,
                                               MnrSyncRecord      *record);
gboolean     mnr_sync_record_has_file         (MnrSyncRecord      *record);
void         mnr_sync_task_refuse             (GTask              *task,
                                               MnrSyncRecord      *record,
                                               MnrSyncRefusalKind  kind,
                                               const char         *why);
void         mnr_sync_task_refuse_status      (GTask              *task,
                                               MnrSyncRecord      *record,
                                               guint               status,
                                               const char         *detail,
                                               gboolean            unknown_type);
gboolean     mnr_sync_task_note_sent          (GTask                 *task,
                                               MnrSyncRecord * const *records,
                                               guint                  n_records);
gboolean     mnr_sync_task_mark_pushed        (GTask              *task,
                                               MnrSyncRecord      *record,
                                               gint64              server_rev,
                                               GError            **error);
MnrSyncRecord *mnr_sync_read_current          (JsonObject         *problem,
                                               MnrSyncRecord      *record,
                                               GError            **error);
gboolean     mnr_sync_task_take_current       (GTask              *task,
                                               MnrSyncRecord      *record,
                                               MnrSyncRecord      *current,
                                               GError            **error);

/* mnr-sync-client-batch.c */
void         mnr_sync_task_read_batch_limits  (GTask              *task,
                                               JsonObject         *limits);
gboolean     mnr_sync_task_push_batch         (GTask              *task);

G_END_DECLS
