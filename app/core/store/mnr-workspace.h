/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "mnr-framework.h"
#include "mnr-sample-evidence.h"
#include "mnr-store.h"

G_BEGIN_DECLS

#define MNR_TYPE_WORKSPACE (mnr_workspace_get_type ())

G_DECLARE_FINAL_TYPE (MnrWorkspace, mnr_workspace, MNR, WORKSPACE, GObject)

/*
 * The user's working state over the store: the country and the round being
 * looked at, with that round's ratings and the country's evidence kept at
 * hand for the views. All writes go through here so every view hears of
 * them.
 *
 * Properties (read-only, notified): "country" (string, nullable),
 * "round-id" (string, nullable).
 *
 * Signals:
 *   "changed"          ()                    country or round switched: reload all
 *   "rating-changed"   (const char *element) one element's rating changed
 *   "evidence-changed" ()                    the country's evidence changed
 */

MnrWorkspace   *mnr_workspace_new                    (MnrStore          *store,
                                                      MnrFramework      *framework);
MnrStore       *mnr_workspace_get_store              (MnrWorkspace      *self);
MnrFramework   *mnr_workspace_get_framework          (MnrWorkspace      *self);

/* country and round */
const char     *mnr_workspace_get_country            (MnrWorkspace      *self);
gboolean        mnr_workspace_set_country            (MnrWorkspace      *self,
                                                      const char        *code,
                                                      GError           **error);
GStrv           mnr_workspace_list_countries         (MnrWorkspace      *self);
GPtrArray      *mnr_workspace_get_rounds             (MnrWorkspace      *self);
MnrRound       *mnr_workspace_get_round              (MnrWorkspace      *self);
const char     *mnr_workspace_get_round_id           (MnrWorkspace      *self);
gboolean        mnr_workspace_set_round              (MnrWorkspace      *self,
                                                      const char        *round_id,
                                                      GError           **error);
MnrRound       *mnr_workspace_new_round              (MnrWorkspace      *self,
                                                      const char        *name,
                                                      const char        *date,
                                                      GError           **error);
gboolean        mnr_workspace_rename_round           (MnrWorkspace      *self,
                                                      const char        *round_id,
                                                      const char        *name,
                                                      GError           **error);
gint            mnr_workspace_count_round_ratings    (MnrWorkspace      *self,
                                                      const char        *round_id,
                                                      GError           **error);
gboolean        mnr_workspace_remove_round           (MnrWorkspace      *self,
                                                      const char        *round_id,
                                                      GError           **error);
gboolean        mnr_workspace_restore_round          (MnrWorkspace      *self,
                                                      const char        *round_id,
                                                      GError           **error);

/* ratings of the current round */
MnrRating      *mnr_workspace_get_rating             (MnrWorkspace      *self,
                                                      const char        *element_id);
MnrLevel       *mnr_workspace_get_level              (MnrWorkspace      *self,
                                                      const char        *element_id);
gboolean        mnr_workspace_set_rating             (MnrWorkspace      *self,
                                                      const char        *element_id,
                                                      const char        *level_id,
                                                      const char        *rationale,
                                                      GError           **error);
GPtrArray      *mnr_workspace_get_rating_history     (MnrWorkspace      *self,
                                                      const char        *element_id,
                                                      GError           **error);

/* evidence of the current country */
GListModel     *mnr_workspace_get_evidence           (MnrWorkspace      *self);
guint           mnr_workspace_get_evidence_count     (MnrWorkspace      *self,
                                                      const char        *element_id);
GListModel     *mnr_workspace_search_evidence        (MnrWorkspace      *self,
                                                      const char        *text,
                                                      GError           **error);
gboolean        mnr_workspace_save_evidence          (MnrWorkspace      *self,
                                                      MnrEvidence       *evidence,
                                                      GError           **error);
gboolean        mnr_workspace_remove_evidence        (MnrWorkspace      *self,
                                                      const char        *evidence_id,
                                                      GError           **error);
gboolean        mnr_workspace_restore_evidence       (MnrWorkspace      *self,
                                                      const char        *evidence_id,
                                                      GError           **error);
MnrAttachment  *mnr_workspace_add_attachment         (MnrWorkspace      *self,
                                                      const char        *evidence_id,
                                                      GFile             *source,
                                                      GError           **error);
GPtrArray      *mnr_workspace_list_attachments       (MnrWorkspace      *self,
                                                      const char        *evidence_id,
                                                      GError           **error);

/* sample data */
guint           mnr_workspace_import_samples         (MnrWorkspace      *self,
                                                      MnrSampleEvidence *samples,
                                                      GError           **error);
gint64          mnr_workspace_mark_samples           (MnrWorkspace      *self,
                                                   MnrSampleEvidence  *samples,
                                                   GError            **error);
gint64          mnr_workspace_remove_samples      (MnrWorkspace       *self,
                                                   const char         *country,
                                                   GError            **error);

G_END_DECLS
