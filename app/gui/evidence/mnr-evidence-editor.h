/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mnr-evidence.h"
#include "mnr-workspace.h"

G_BEGIN_DECLS

#define MNR_TYPE_EVIDENCE_EDITOR (mnr_evidence_editor_get_type ())

G_DECLARE_FINAL_TYPE (MnrEvidenceEditor, mnr_evidence_editor, MNR, EVIDENCE_EDITOR, AdwWindow)

GtkWidget   *mnr_evidence_editor_new                 (GtkWindow         *parent,
                                                      MnrWorkspace      *workspace,
                                                      MnrEvidence       *evidence,
                                                      const char        *preselected_element_id);
MnrEvidence *mnr_evidence_editor_get_evidence        (MnrEvidenceEditor *self);
gboolean     mnr_evidence_editor_get_is_new          (MnrEvidenceEditor *self);
gboolean     mnr_evidence_editor_add_attachment_file (MnrEvidenceEditor *self,
                                                      GFile             *file);

G_END_DECLS
