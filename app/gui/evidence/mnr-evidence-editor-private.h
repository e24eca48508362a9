/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mnr-evidence-editor.h"

G_BEGIN_DECLS

/* What the widget tests drive: the form's fields as a person fills them. */

void       mnr_evidence_editor_set_title_text     (MnrEvidenceEditor *self,
                                                   const char        *text);
void       mnr_evidence_editor_set_date_text      (MnrEvidenceEditor *self,
                                                   const char        *text);
void       mnr_evidence_editor_set_kind           (MnrEvidenceEditor *self,
                                                   const char        *kind);
gboolean   mnr_evidence_editor_get_element_active (MnrEvidenceEditor *self,
                                                   const char        *element_id);
gboolean   mnr_evidence_editor_get_date_valid     (MnrEvidenceEditor *self);
GtkWidget *mnr_evidence_editor_get_save_button    (MnrEvidenceEditor *self);
guint      mnr_evidence_editor_get_n_pending      (MnrEvidenceEditor *self);
AdwToast  *mnr_evidence_editor_get_toast          (MnrEvidenceEditor *self);
gboolean   mnr_evidence_editor_get_dirty          (MnrEvidenceEditor *self);
GtkWidget *mnr_evidence_editor_get_discard_dialog (MnrEvidenceEditor *self);

G_END_DECLS
