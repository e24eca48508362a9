/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mnr-evidence.h"
#include "mnr-workspace.h"

G_BEGIN_DECLS

#define MNR_TYPE_EVIDENCE_PAGE (mnr_evidence_page_get_type ())

G_DECLARE_FINAL_TYPE (MnrEvidencePage, mnr_evidence_page, MNR, EVIDENCE_PAGE, GtkWidget)

GtkWidget    *mnr_evidence_page_new                   (MnrWorkspace    *workspace);
MnrWorkspace *mnr_evidence_page_get_workspace         (MnrEvidencePage *self);
void          mnr_evidence_page_add_evidence          (MnrEvidencePage *self,
                                                       const char      *element_id);
void          mnr_evidence_page_edit                  (MnrEvidencePage *self,
                                                       MnrEvidence     *evidence);
void          mnr_evidence_page_remove                (MnrEvidencePage *self,
                                                       MnrEvidence     *evidence);
gboolean      mnr_evidence_page_undo_last_removal     (MnrEvidencePage *self);
void          mnr_evidence_page_focus_search          (MnrEvidencePage *self);
void          mnr_evidence_page_set_search_text       (MnrEvidencePage *self,
                                                       const char      *text);
void          mnr_evidence_page_set_filter_element    (MnrEvidencePage *self,
                                                       const char      *element_id);
void          mnr_evidence_page_set_filter_kind       (MnrEvidencePage *self,
                                                       const char      *kind);

/* What the list shows, for tests and for the window: the country's
 * evidence after search, filters and sorting. */
GListModel   *mnr_evidence_page_get_model             (MnrEvidencePage *self);
const char   *mnr_evidence_page_get_state             (MnrEvidencePage *self);
AdwToast     *mnr_evidence_page_get_toast             (MnrEvidencePage *self);

G_END_DECLS
