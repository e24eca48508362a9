/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "mnr-country-catalog.h"
#include "mnr-framework.h"
#include "mnr-sample-evidence.h"
#include "mnr-workspace.h"

G_BEGIN_DECLS

#define MNR_TYPE_DETAIL_PANEL (mnr_detail_panel_get_type ())

G_DECLARE_FINAL_TYPE (MnrDetailPanel, mnr_detail_panel, MNR, DETAIL_PANEL, GtkWidget)

GtkWidget    *mnr_detail_panel_new          (void);
void          mnr_detail_panel_set_framework (MnrDetailPanel *self,
                                              MnrFramework   *framework);
MnrElement   *mnr_detail_panel_get_element  (MnrDetailPanel *self);
void          mnr_detail_panel_set_element  (MnrDetailPanel *self,
                                             MnrElement     *element);
void          mnr_detail_panel_set_context  (MnrDetailPanel    *self,
                                             MnrWorkspace      *workspace,
                                             MnrCountryCatalog *catalog,
                                             MnrSampleEvidence *samples);
void          mnr_detail_panel_choose_level (MnrDetailPanel *self,
                                             const char     *level_id);
gboolean      mnr_detail_panel_choose_level_at (MnrDetailPanel *self,
                                                guint           index);
gboolean      mnr_detail_panel_focus_level  (MnrDetailPanel *self);
void          mnr_detail_panel_set_rationale_text (MnrDetailPanel *self,
                                                   const char     *text);

G_END_DECLS
