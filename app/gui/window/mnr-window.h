/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mnr-country-catalog.h"
#include "mnr-framework.h"
#include "mnr-sample-evidence.h"
#include "mnr-workspace.h"
#include "mnr-grid-view.h"
#include "mnr-sync-controller.h"

G_BEGIN_DECLS

#define MNR_TYPE_WINDOW (mnr_window_get_type ())

G_DECLARE_FINAL_TYPE (MnrWindow, mnr_window, MNR, WINDOW, AdwApplicationWindow)

MnrWindow   *mnr_window_new            (AdwApplication *application,
                                        MnrFramework   *framework,
                                        GSettings      *settings);
MnrWindow   *mnr_window_new_with_data  (AdwApplication    *application,
                                        MnrFramework      *framework,
                                        GSettings         *settings,
                                        MnrWorkspace      *workspace,
                                        MnrCountryCatalog *catalog,
                                        MnrSampleEvidence *samples,
                                        const char        *store_error);
MnrGridView *mnr_window_get_grid_view  (MnrWindow      *self);
GtkWidget   *mnr_window_get_evidence_page (MnrWindow   *self);
GtkWidget   *mnr_window_get_compare_view (MnrWindow    *self);
MnrSyncController *mnr_window_get_sync_controller (MnrWindow *self);
GtkWindow   *mnr_window_review_conflicts (MnrWindow    *self);
void         mnr_window_add_toast      (MnrWindow      *self,
                                        const char     *message);
void         mnr_window_show_view      (MnrWindow      *self,
                                        const char     *name);
GtkWidget   *mnr_window_get_detail_panel (MnrWindow    *self);
gboolean     mnr_window_get_panel_revealed (MnrWindow  *self);
void         mnr_window_select         (MnrWindow      *self,
                                        MnrElement     *element);
int          mnr_window_get_zoom       (MnrWindow      *self);
void         mnr_window_set_zoom       (MnrWindow      *self,
                                        int             percent);
GtkWindow   *mnr_window_import_ratings_file (MnrWindow *self,
                                             GFile     *file);
GtkWindow   *mnr_window_import_bundle_file  (MnrWindow  *self,
                                             const char *path);

G_END_DECLS
