/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "mnr-store.h"
#include "mnr-sync-client.h"

G_BEGIN_DECLS

/**
 * MnrSyncState:
 * @MNR_SYNC_STATE_IDLE: nothing running; the last sync (if any) worked
 * @MNR_SYNC_STATE_SYNCING: a sync is running
 * @MNR_SYNC_STATE_ERROR: the last sync failed; see #MnrSyncController:last-error
 * @MNR_SYNC_STATE_OFFLINE: the last sync could not reach the server
 */
typedef enum
{
  MNR_SYNC_STATE_IDLE,
  MNR_SYNC_STATE_SYNCING,
  MNR_SYNC_STATE_ERROR,
  MNR_SYNC_STATE_OFFLINE,
} MnrSyncState;

#define MNR_TYPE_SYNC_STATE (mnr_sync_state_get_type ())
GType mnr_sync_state_get_type (void);

#define MNR_TYPE_SYNC_CONTROLLER (mnr_sync_controller_get_type ())

G_DECLARE_FINAL_TYPE (MnrSyncController, mnr_sync_controller, MNR, SYNC_CONTROLLER, GObject)

MnrSyncController *mnr_sync_controller_new                   (MnrStore            *store,
                                                              GSettings           *settings);
MnrStore          *mnr_sync_controller_get_store             (MnrSyncController   *self);
GSettings         *mnr_sync_controller_get_settings          (MnrSyncController   *self);
MnrSyncState       mnr_sync_controller_get_state             (MnrSyncController   *self);
guint              mnr_sync_controller_get_pending           (MnrSyncController   *self);
guint              mnr_sync_controller_get_conflicts         (MnrSyncController   *self);
gint64             mnr_sync_controller_get_last_success      (MnrSyncController   *self);
const char        *mnr_sync_controller_get_last_error        (MnrSyncController   *self);
const char        *mnr_sync_controller_get_refused           (MnrSyncController   *self);
gboolean           mnr_sync_controller_get_progress          (MnrSyncController   *self,
                                                              MnrSyncPhase        *phase,
                                                              guint               *done,
                                                              guint               *total);
gboolean           mnr_sync_controller_get_has_token         (MnrSyncController   *self);
gboolean           mnr_sync_controller_get_token_remembered  (MnrSyncController   *self);
gboolean           mnr_sync_controller_get_keyring_waiting   (MnrSyncController   *self);
void               mnr_sync_controller_set_keyring_patience  (MnrSyncController   *self,
                                                              guint                milliseconds);
void               mnr_sync_controller_set_change_delay      (MnrSyncController   *self,
                                                              guint                milliseconds);
char              *mnr_sync_controller_dup_endpoint          (MnrSyncController   *self);
gboolean           mnr_sync_controller_is_set_up             (MnrSyncController   *self);
gboolean           mnr_sync_controller_endpoint_is_valid     (const char          *url);

void               mnr_sync_controller_set_credentials_async (MnrSyncController   *self,
                                                              const char          *url,
                                                              const char          *token,
                                                              GCancellable        *cancellable,
                                                              GAsyncReadyCallback  callback,
                                                              gpointer             user_data);
gboolean           mnr_sync_controller_set_credentials_finish (MnrSyncController  *self,
                                                               GAsyncResult       *result,
                                                               GError            **error);
void               mnr_sync_controller_sync_now              (MnrSyncController   *self);
void               mnr_sync_controller_refresh               (MnrSyncController   *self);
void               mnr_sync_controller_note_local_change     (MnrSyncController   *self);

G_END_DECLS
