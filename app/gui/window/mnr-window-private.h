/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the files of MnrWindow share: mnr-window.c (the window, its data,
 * banner and sync) and mnr-window-actions.c (its actions and keys: views,
 * zoom, F6 between the regions, the level keys). */

#include "mnr-compare-view.h"
#include "mnr-conflicts-dialog.h"
#include "mnr-country-switcher.h"
#include "mnr-detail-panel.h"
#include "mnr-evidence-page.h"
#include "mnr-sync-controller.h"
#include "mnr-window.h"

G_BEGIN_DECLS

#define MNR_WINDOW_ZOOM_MIN 70
#define MNR_WINDOW_ZOOM_MAX 200

struct _MnrWindow
{
  AdwApplicationWindow  parent_instance;

  /* template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwHeaderBar         *header_bar;
  GtkBox               *switchers_box;
  GtkBox               *sync_box;
  AdwSqueezer          *title_squeezer;
  AdwWindowTitle       *window_title;
  GtkRevealer          *banner_revealer;
  GtkWidget            *banner;
  GtkLabel             *banner_label;
  GtkButton            *banner_primary;
  GtkButton            *banner_secondary;
  AdwViewStack         *view_stack;
  GtkBox               *evidence_box;
  GtkBox               *compare_box;
  GtkWidget            *back_button;
  AdwFlap              *flap;
  GtkScrolledWindow    *grid_scroller;

  /* owned */
  MnrFramework         *framework;
  GSettings            *settings;
  MnrWorkspace         *workspace;   /* nullable: no store */
  MnrCountryCatalog    *catalog;     /* nullable */
  MnrSampleEvidence    *samples;     /* nullable */
  char                 *store_error; /* why there is no store */
  MnrSyncController    *sync;        /* nullable: no store or no settings */

  /* borrowed: windows of their own */
  MnrConflictsDialog   *conflicts_dialog;  /* nullable: not open */
  GtkWidget            *since_dialog;      /* nullable: not open; the grid marks changes while it is */

  /* borrowed: children */
  MnrGridView          *grid_view;
  MnrEvidencePage      *evidence_page;  /* nullable: no data, or not shown yet */
  MnrCountrySwitcher   *country_switcher;
  MnrCompareView       *compare_view;   /* nullable: no data, or not shown yet */
  MnrDetailPanel       *detail_panel;   /* nullable: no tile selected yet */
  GtkMenuButton        *menu_button;
  GtkBox               *main_box;
  GtkWidget            *switcher_bar;   /* nullable: the window has not been narrow yet */
  GMenuModel           *primary_menu;

  int                   zoom;
  guint                 reveal_tick_id;
  gboolean              banner_conflicts; /* the banner is about conflicts */
  gboolean              banner_sample;    /* the banner is about sample data */
};

G_GNUC_INTERNAL
void  mnr_window_class_add_actions   (GtkWidgetClass *widget_class);
void  mnr_window_class_add_meeting_actions (GtkWidgetClass *widget_class);
void  mnr_window_class_add_report_actions (GtkWidgetClass *widget_class);
G_GNUC_INTERNAL
gboolean mnr_window_require_country (MnrWindow    *self);
G_GNUC_INTERNAL
void  mnr_window_update_zoom_actions (MnrWindow      *self);
G_GNUC_INTERNAL
int   mnr_window_nearest_zoom        (int             percent);
G_GNUC_INTERNAL
void  mnr_window_back_to_compare     (MnrWindow      *self);
G_GNUC_INTERNAL
MnrEvidencePage *mnr_window_ensure_evidence_page (MnrWindow *self);
G_GNUC_INTERNAL
MnrDetailPanel *mnr_window_ensure_detail_panel (MnrWindow *self);
G_GNUC_INTERNAL
void  mnr_window_add_help_overlay_action (MnrWindow   *self);
G_GNUC_INTERNAL
void  mnr_window_defer_primary_menu  (MnrWindow      *self);
G_GNUC_INTERNAL
void  mnr_window_add_evidence        (MnrWindow      *self,
                                      const char     *element_id);

G_END_DECLS
