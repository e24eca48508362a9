/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define MNR_TYPE_EVIDENCE (mnr_evidence_get_type ())

G_DECLARE_FINAL_TYPE (MnrEvidence, mnr_evidence, MNR, EVIDENCE, GObject)

/* The kinds of evidence, as stored ("legislation", "policy" …). */
extern const char * const mnr_evidence_kinds[];

MnrEvidence        *mnr_evidence_new              (const char  *country);
gboolean            mnr_evidence_kind_is_valid    (const char  *kind);
const char         *mnr_evidence_kind_get_label   (const char  *kind);

const char         *mnr_evidence_get_id           (MnrEvidence *self);
const char         *mnr_evidence_get_country      (MnrEvidence *self);
const char         *mnr_evidence_get_title        (MnrEvidence *self);
void                mnr_evidence_set_title        (MnrEvidence *self,
                                                   const char  *title);
const char         *mnr_evidence_get_kind         (MnrEvidence *self);
void                mnr_evidence_set_kind         (MnrEvidence *self,
                                                   const char  *kind);
const char         *mnr_evidence_get_date         (MnrEvidence *self);
void                mnr_evidence_set_date         (MnrEvidence *self,
                                                   const char  *date);
const char         *mnr_evidence_get_source       (MnrEvidence *self);
void                mnr_evidence_set_source       (MnrEvidence *self,
                                                   const char  *source);
const char         *mnr_evidence_get_summary      (MnrEvidence *self);
const char         *mnr_evidence_get_display_title   (MnrEvidence *self);
const char         *mnr_evidence_get_display_summary (MnrEvidence *self);
void                mnr_evidence_set_summary      (MnrEvidence *self,
                                                   const char  *summary);
gboolean            mnr_evidence_get_restricted   (MnrEvidence *self);
void                mnr_evidence_set_restricted   (MnrEvidence *self,
                                                   gboolean     restricted);
gboolean            mnr_evidence_get_sample       (MnrEvidence *self);
void                mnr_evidence_set_sample       (MnrEvidence *self,
                                                   gboolean     sample);
const char * const *mnr_evidence_get_elements     (MnrEvidence *self);
void                mnr_evidence_set_elements     (MnrEvidence *self,
                                                   const char * const *element_ids);
gboolean            mnr_evidence_has_element      (MnrEvidence *self,
                                                   const char  *element_id);
gint64              mnr_evidence_get_created_at   (MnrEvidence *self);
gint64              mnr_evidence_get_updated_at   (MnrEvidence *self);
const char         *mnr_evidence_get_updated_by   (MnrEvidence *self);
guint               mnr_evidence_get_n_attachments (MnrEvidence *self);

G_END_DECLS
