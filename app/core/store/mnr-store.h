/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "mnr-evidence.h"
#include "mnr-sync-record.h"

G_BEGIN_DECLS

#define MNR_STORE_ERROR (mnr_store_error_quark ())

/**
 * MnrStoreError:
 * @MNR_STORE_ERROR_NEWER_VERSION: made by a newer MNR Tracker; left untouched
 * @MNR_STORE_ERROR_DAMAGED: not a store, or damaged; left untouched
 * @MNR_STORE_ERROR_READ_ONLY: the store or its folder cannot be written
 * @MNR_STORE_ERROR_DISK_FULL: the disk is full; the change was not saved
 * @MNR_STORE_ERROR_BUSY: another program holds the store
 * @MNR_STORE_ERROR_INVALID: a record the store refuses (bad id, kind …)
 * @MNR_STORE_ERROR_NOT_FOUND: no such record
 * @MNR_STORE_ERROR_TOO_LARGE: an attachment over the size limit
 * @MNR_STORE_ERROR_FAILED: any other failure of the database
 * @MNR_STORE_ERROR_CHECKING: a change asked for while the store is still
 *   being checked (mnr_store_check_async()); nothing was changed
 */
typedef enum
{
  MNR_STORE_ERROR_NEWER_VERSION,
  MNR_STORE_ERROR_DAMAGED,
  MNR_STORE_ERROR_READ_ONLY,
  MNR_STORE_ERROR_DISK_FULL,
  MNR_STORE_ERROR_BUSY,
  MNR_STORE_ERROR_INVALID,
  MNR_STORE_ERROR_NOT_FOUND,
  MNR_STORE_ERROR_TOO_LARGE,
  MNR_STORE_ERROR_FAILED,
  MNR_STORE_ERROR_CHECKING,
} MnrStoreError;

/**
 * MnrStoreOpenFlags:
 * @MNR_STORE_OPEN_DEFAULT: an existing store is checked whole before
 *   mnr_store_open_full() returns
 * @MNR_STORE_OPEN_DEFER_CHECK: a store closed cleanly last time (no
 *   write-ahead log left beside it) opens read-only at once, and
 *   mnr_store_check_async() checks it; after a crash, or when it must be
 *   migrated, it is checked first as with %MNR_STORE_OPEN_DEFAULT
 */
typedef enum
{
  MNR_STORE_OPEN_DEFAULT     = 0,
  MNR_STORE_OPEN_DEFER_CHECK = 1 << 0,
} MnrStoreOpenFlags;

/* The schema version this build writes; it migrates every earlier one. */
#define MNR_STORE_SCHEMA_VERSION 11
/* Attachments larger than this are refused. */
#define MNR_STORE_MAX_ATTACHMENT_SIZE (100 * 1024 * 1024)
/* How many rolling backups are kept. */
#define MNR_STORE_N_BACKUPS 7

/**
 * MnrRating:
 * @id: deterministic, from country, round and element
 * @element_id: "capability-4", "enabler-justice" …
 * @level_id: a level of the scale, "not-assessed" included
 * @rationale: why this level
 * @updated_at: microseconds since 1970, UTC
 * @updated_by: who set it
 * @review: "proposed" until a meeting agrees the level, then "agreed"
 * @agreed_in: the meeting that agreed it, or ""
 */
typedef struct
{
  char   *id;
  char   *element_id;
  char   *level_id;
  char   *rationale;
  gint64  updated_at;
  char   *updated_by;
  char   *review;
  char   *agreed_in;
} MnrRating;

/**
 * MnrRound:
 * @id: a UUID
 * @country: ISO 3166-1 alpha-2
 * @name: "Baseline 2016"
 * @date: "YYYY-MM-DD"
 */
typedef struct
{
  char   *id;
  char   *country;
  char   *name;
  char   *date;
  gint64  created_at;
} MnrRound;

/**
 * MnrAttachment:
 * @sha256: the content's hash, 64 lower-case hex digits; names its file
 * @name: the file name shown to people
 */
typedef struct
{
  char   *id;
  char   *evidence_id;
  char   *sha256;
  char   *name;
  char   *content_type;
  gint64  size;
} MnrAttachment;

/**
 * MnrMeeting:
 * @agenda_kind: "items" (@agenda, in order), "changes" (everything changed
 *   since the last meeting) or "grid" (the whole grid)
 * @attendees: names and roles as text, one a line; @apologies likewise
 */
typedef struct
{
  char   *id;
  char   *country;
  char   *title;
  char   *date;
  char   *place;
  char   *attendees;
  char   *apologies;
  char   *agenda_kind;
  GStrv   agenda;
  gint64  updated_at;
  char   *updated_by;
} MnrMeeting;

/**
 * MnrMinute:
 * @kind: "note" or "decision"
 * @level_id: a decision's level agreed, or ""
 * @element_id: the agenda item it is recorded against, or "" for the meeting
 */
typedef struct
{
  char   *id;
  char   *meeting_id;
  char   *kind;
  char   *text;
  char   *level_id;
  char   *element_id;
  gint64  updated_at;
  char   *updated_by;
} MnrMinute;

/**
 * MnrAction:
 * @due: "YYYY-MM-DD", or "" for none
 * @status: "open", "in-progress", "done" or "dropped"
 * @meeting_id: the meeting that made it, or ""
 */
typedef struct
{
  char   *id;
  char   *country;
  char   *description;
  char   *owner;
  char   *due;
  char   *status;
  char   *element_id;
  char   *meeting_id;
  gint64  updated_at;
  char   *updated_by;
} MnrAction;

void mnr_meeting_free    (MnrMeeting    *meeting);
void mnr_minute_free     (MnrMinute     *minute);
void mnr_action_free     (MnrAction     *action);
void mnr_rating_free     (MnrRating     *rating);
void mnr_round_free      (MnrRound      *round);
void mnr_attachment_free (MnrAttachment *attachment);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MnrMeeting, mnr_meeting_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MnrMinute, mnr_minute_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MnrAction, mnr_action_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MnrRating, mnr_rating_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MnrRound, mnr_round_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MnrAttachment, mnr_attachment_free)

#define MNR_TYPE_STORE (mnr_store_get_type ())

G_DECLARE_FINAL_TYPE (MnrStore, mnr_store, MNR, STORE, GObject)

GQuark         mnr_store_error_quark           (void);

MnrStore      *mnr_store_open                  (GFile        *directory,
                                                GError      **error);
MnrStore      *mnr_store_open_full             (GFile              *directory,
                                                MnrStoreOpenFlags   flags,
                                                GError            **error);
gboolean       mnr_store_is_checked            (MnrStore     *self);
void           mnr_store_check_async           (MnrStore            *self,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean       mnr_store_check_finish          (MnrStore     *self,
                                                GAsyncResult *result,
                                                GError      **error);
GFile         *mnr_store_get_directory         (MnrStore     *self);
int            mnr_store_get_schema_version    (MnrStore     *self);
const char    *mnr_store_get_author            (MnrStore     *self);
void           mnr_store_set_author            (MnrStore     *self,
                                                const char   *author);
void           mnr_store_close                 (MnrStore     *self);
gboolean       mnr_store_begin_batch           (MnrStore     *self,
                                                GError      **error);
gboolean       mnr_store_begin_bulk            (MnrStore     *self,
                                                GError      **error);
void           mnr_store_checkpoint            (MnrStore     *self);
gboolean       mnr_store_end_batch             (MnrStore     *self,
                                                gboolean      keep,
                                                GError      **error);

/* countries */
gboolean       mnr_store_add_country           (MnrStore     *self,
                                                const char   *code,
                                                GError      **error);
GStrv          mnr_store_list_countries        (MnrStore     *self,
                                                GError      **error);

/* regional groups a user defines */
char          *mnr_store_save_group            (MnrStore           *self,
                                                const char         *id,
                                                const char         *name,
                                                const char         *short_name,
                                                const char * const *members,
                                                GError            **error);
gboolean       mnr_store_remove_group          (MnrStore     *self,
                                                const char   *id,
                                                GError      **error);
GPtrArray     *mnr_store_list_groups           (MnrStore     *self,
                                                GError      **error);

/* rounds */
MnrRound      *mnr_store_create_first_round    (MnrStore     *self,
                                                const char   *country,
                                                int           year,
                                                const char   *name,
                                                GError      **error);
MnrRound      *mnr_store_create_round          (MnrStore     *self,
                                                const char   *country,
                                                const char   *name,
                                                const char   *date,
                                                GError      **error);
MnrRound      *mnr_store_create_round_with_id  (MnrStore     *self,
                                                const char   *id,
                                                const char   *country,
                                                const char   *name,
                                                const char   *date,
                                                GError      **error);
gboolean       mnr_store_round_exists          (MnrStore     *self,
                                                const char   *id);
GPtrArray     *mnr_store_list_rounds           (MnrStore     *self,
                                                const char   *country,
                                                GError      **error);
gboolean       mnr_store_rename_round          (MnrStore     *self,
                                                const char   *round_id,
                                                const char   *name,
                                                GError      **error);
gboolean       mnr_store_remove_round          (MnrStore     *self,
                                                const char   *round_id,
                                                GError      **error);
gboolean       mnr_store_restore_round         (MnrStore     *self,
                                                const char   *round_id,
                                                GError      **error);
GStrv          mnr_store_list_round_shares     (MnrStore     *self,
                                                const char   *round_id,
                                                GError      **error);
gboolean       mnr_store_set_round_shares      (MnrStore     *self,
                                                const char   *round_id,
                                                const char * const *groups,
                                                GError      **error);

/* ratings */
char          *mnr_store_name_uuid             (const char         *tag,
                                                const char * const *parts);
char          *mnr_store_rating_id             (const char   *country,
                                                const char   *round_id,
                                                const char   *element_id);
/* A batch that can be taken back exactly (mnr-store-undo.c). */
typedef struct _MnrStoreUndo MnrStoreUndo;

gboolean       mnr_store_begin_recorded_batch  (MnrStore      *self,
                                                GError       **error);
gboolean       mnr_store_end_recorded_batch    (MnrStore      *self,
                                                gboolean       keep,
                                                MnrStoreUndo **undo,
                                                GError       **error);
gboolean       mnr_store_undo                  (MnrStore      *self,
                                                MnrStoreUndo  *undo,
                                                GError       **error);
void           mnr_store_undo_free             (MnrStoreUndo  *undo);

gboolean       mnr_store_set_rating            (MnrStore     *self,
                                                const char   *round_id,
                                                const char   *element_id,
                                                const char   *level_id,
                                                const char   *rationale,
                                                GError      **error);
gboolean       mnr_store_set_rating_as         (MnrStore     *self,
                                                const char   *round_id,
                                                const char   *element_id,
                                                const char   *level_id,
                                                const char   *rationale,
                                                const char   *author,
                                                gint64        when,
                                                GError      **error);
gboolean       mnr_store_remove_rating         (MnrStore     *self,
                                                const char   *round_id,
                                                const char   *element_id,
                                                GError      **error);
MnrRating     *mnr_store_get_rating            (MnrStore     *self,
                                                const char   *round_id,
                                                const char   *element_id,
                                                GError      **error);
GPtrArray     *mnr_store_list_ratings          (MnrStore     *self,
                                                const char   *round_id,
                                                GError      **error);
GPtrArray     *mnr_store_list_rating_history   (MnrStore     *self,
                                                const char   *round_id,
                                                const char   *element_id,
                                                GError      **error);

/* meetings, their minutes and action items */
gboolean       mnr_store_save_meeting          (MnrStore     *self,
                                                MnrMeeting   *meeting,
                                                GError      **error);
GPtrArray     *mnr_store_list_meetings         (MnrStore     *self,
                                                const char   *country,
                                                GError      **error);
MnrMeeting    *mnr_store_get_meeting           (MnrStore     *self,
                                                const char   *id,
                                                GError      **error);
gboolean       mnr_store_remove_meeting        (MnrStore     *self,
                                                const char   *id,
                                                GError      **error);
gboolean       mnr_store_save_minute           (MnrStore     *self,
                                                MnrMinute    *minute,
                                                GError      **error);
char          *mnr_store_dup_round_for_meeting (MnrStore         *self,
                                                const MnrMeeting *meeting,
                                                GError          **error);
gboolean       mnr_store_agree_rating          (MnrStore     *self,
                                                const char   *round_id,
                                                const char   *element_id,
                                                const char   *level_id,
                                                const char   *meeting_id,
                                                GError      **error);
GPtrArray     *mnr_store_list_minutes          (MnrStore     *self,
                                                const char   *meeting_id,
                                                GError      **error);
gboolean       mnr_store_remove_minute         (MnrStore     *self,
                                                const char   *id,
                                                GError      **error);
gboolean       mnr_store_save_action           (MnrStore     *self,
                                                MnrAction    *action,
                                                GError      **error);
GPtrArray     *mnr_store_list_actions          (MnrStore     *self,
                                                const char   *country,
                                                const char   *element_id,
                                                GError      **error);
gboolean       mnr_store_remove_action         (MnrStore     *self,
                                                const char   *id,
                                                GError      **error);
gboolean       mnr_action_is_overdue           (const MnrAction *action,
                                                const char      *today);

/* evidence */
gboolean       mnr_store_save_evidence         (MnrStore     *self,
                                                MnrEvidence  *evidence,
                                                GError      **error);
MnrEvidence   *mnr_store_get_evidence          (MnrStore     *self,
                                                const char   *id,
                                                GError      **error);
gboolean       mnr_store_remove_evidence       (MnrStore     *self,
                                                const char   *id,
                                                GError      **error);
gboolean       mnr_store_restore_evidence      (MnrStore     *self,
                                                const char   *id,
                                                GError      **error);
gint64         mnr_store_mark_sample           (MnrStore            *self,
                                                const char * const  *ids,
                                                GError             **error);
gint64         mnr_store_count_sample          (MnrStore     *self,
                                                const char   *country,
                                                GError      **error);
gint64         mnr_store_remove_sample         (MnrStore     *self,
                                                const char   *country,
                                                GError      **error);
GListModel    *mnr_store_list_evidence         (MnrStore     *self,
                                                const char   *country,
                                                const char   *search,
                                                GError      **error);

/* attachments */
MnrAttachment *mnr_store_add_attachment        (MnrStore     *self,
                                                const char   *evidence_id,
                                                GFile        *source,
                                                GCancellable *cancellable,
                                                GError      **error);
GPtrArray     *mnr_store_list_attachments      (MnrStore     *self,
                                                const char   *evidence_id,
                                                GError      **error);
GFile         *mnr_store_get_attachment_file   (MnrStore     *self,
                                                const char   *sha256,
                                                GError      **error);
GFile         *mnr_store_get_attachment_for_opening (MnrStore *self,
                                                     const char *sha256,
                                                     GError    **error);
GPtrArray     *mnr_store_list_missing_files    (MnrStore     *self,
                                                GError      **error);
GFile         *mnr_store_create_incoming_file  (MnrStore           *self,
                                                GFileOutputStream **stream,
                                                GError            **error);
gboolean       mnr_store_add_incoming_file     (MnrStore     *self,
                                                GFile        *file,
                                                const char   *sha256,
                                                GError      **error);
gboolean       mnr_store_is_valid_sha256       (const char   *text);
char          *mnr_store_sanitize_file_name    (const char   *name);

/* backups */
GFile         *mnr_store_backup                (MnrStore     *self,
                                                GError      **error);
gboolean       mnr_store_backup_is_due         (MnrStore     *self);
GPtrArray     *mnr_store_list_backups          (GFile        *directory,
                                                GError      **error);
gboolean       mnr_store_restore_backup        (GFile        *directory,
                                                GFile        *backup,
                                                GError      **error);

/* sync (docs/sync-protocol.md, section 7) */

/**
 * MnrApplyResult:
 * @MNR_APPLY_FAILED: refused or failed; the error says why, nothing was written
 * @MNR_APPLY_UPDATED: the local copy is now the server's (or was already
 *   the same content: the client's own write), and clean
 * @MNR_APPLY_UNCHANGED: the server's rev is not newer than the one the
 *   local copy is based on; nothing was written
 * @MNR_APPLY_CONFLICT: the local copy has unsynced changes, some of the
 *   same members as the server's; it was left untouched and both versions
 *   were kept as a conflict
 * @MNR_APPLY_MERGED: the local copy has unsynced changes to other members
 *   than the server's: it now holds both sides' changes, is based on the
 *   server's version and is still to be pushed. Also when the server's
 *   version is one this copy sent (its answer lost) and edited again since
 *   (docs/sync-protocol.md, section 7.5, rule 1)
 */
typedef enum
{
  MNR_APPLY_FAILED,
  MNR_APPLY_UPDATED,
  MNR_APPLY_UNCHANGED,
  MNR_APPLY_CONFLICT,
  MNR_APPLY_MERGED,
} MnrApplyResult;

/**
 * MnrSyncConflict:
 * @local: the local version, as it was when the conflict was found
 * @remote: the server's version
 * @base: (nullable): the server's version the local changes started
 *   from, %NULL when it is not known (a record made on both sides, or
 *   edited during its upload): then every difference is a conflict
 * @detected_at: microseconds since 1970, UTC
 */
typedef struct
{
  char          *type;
  char          *id;
  MnrSyncRecord *local;
  MnrSyncRecord *remote;
  MnrSyncRecord *base;
  gint64         detected_at;
} MnrSyncConflict;

void mnr_sync_conflict_free (MnrSyncConflict *conflict);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MnrSyncConflict, mnr_sync_conflict_free)

/* bundles */
GPtrArray     *mnr_store_list_country_records  (MnrStore     *self,
                                                const char   *country,
                                                GError      **error);
MnrApplyResult mnr_store_merge_bundle_record   (MnrStore             *self,
                                                const MnrSyncRecord  *record,
                                                gboolean             *was_new,
                                                GError              **error);

GPtrArray     *mnr_store_list_dirty            (MnrStore     *self,
                                                GError      **error);
gint64         mnr_store_count_dirty           (MnrStore     *self,
                                                gint64       *n_conflicts,
                                                GError      **error);
gint64         mnr_store_count_conflicts       (MnrStore     *self,
                                                GError      **error);
gboolean       mnr_store_mark_pushed           (MnrStore     *self,
                                                const char   *type,
                                                const char   *id,
                                                gint64        pushed_local_rev,
                                                gint64        server_rev,
                                                GError      **error);
gboolean       mnr_store_note_sent             (MnrStore              *self,
                                                MnrSyncRecord * const *records,
                                                guint                  n_records,
                                                GError               **error);
gboolean       mnr_store_mark_pushed_many      (MnrStore      *self,
                                                GPtrArray     *records,
                                                const gint64  *server_revs,
                                                GError       **error);
MnrApplyResult mnr_store_apply_remote          (MnrStore            *self,
                                                const MnrSyncRecord *remote,
                                                GError             **error);
gboolean       mnr_store_check_remote          (const MnrSyncRecord *remote,
                                                GError             **error);
gboolean       mnr_store_check_from_envelope   (const MnrSyncRecord *remote,
                                                GError             **error);
MnrApplyResult mnr_store_apply_checked         (MnrStore            *self,
                                                const MnrSyncRecord *remote,
                                                GError             **error);
gboolean       mnr_store_drop_withheld         (MnrStore            *self,
                                                const char          *type,
                                                const char          *id,
                                                GPtrArray           *files,
                                                guint               *n_dropped,
                                                GError             **error);
void           mnr_store_remove_unused_files   (MnrStore            *self,
                                                GPtrArray           *sha256s);
gboolean       mnr_store_keep_waiting          (MnrStore            *self,
                                                const MnrSyncRecord *remote,
                                                GError             **error);
int            mnr_store_apply_waiting         (MnrStore     *self,
                                                guint         counts[5],
                                                GError      **error);
gboolean       mnr_store_keep_unknown          (MnrStore     *self,
                                                const char   *type,
                                                const char   *id,
                                                gint64        rev,
                                                JsonNode     *envelope,
                                                GError      **error);
GPtrArray     *mnr_store_list_unknown          (MnrStore     *self,
                                                GError      **error);
gboolean       mnr_store_forget_unknown        (MnrStore     *self,
                                                const char   *type,
                                                const char   *id,
                                                GError      **error);
GPtrArray     *mnr_store_list_conflicts        (MnrStore     *self,
                                                GError      **error);
gboolean       mnr_store_resolve_conflict      (MnrStore            *self,
                                                const char          *type,
                                                const char          *id,
                                                const MnrSyncRecord *chosen,
                                                GError             **error);
char          *mnr_store_get_sync_value        (MnrStore     *self,
                                                const char   *key);
gboolean       mnr_store_set_sync_value        (MnrStore     *self,
                                                const char   *key,
                                                const char   *value,
                                                GError      **error);

G_END_DECLS
