/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-window"

#include "config.h"

#include "mnr-gui-resources.h"

#include <glib/gi18n.h>

#include "mnr-accessible.h"
#include "mnr-application.h"
#include "mnr-conflicts-dialog.h"
#include "mnr-country-switcher.h"
#include "mnr-detail-panel.h"
#include "mnr-evidence-page.h"
#include "mnr-round-switcher.h"
#include "mnr-sync-controller.h"
#include "mnr-sync-indicator.h"
#include "mnr-tooltip.h"
#include "mnr-window-private.h"

/* The main window: the grid in the middle, the selected element's panel on
 * the end side (it slides over the grid when the window is too narrow for
 * both), and the window's size and zoom kept in GSettings. */


G_DEFINE_FINAL_TYPE (MnrWindow, mnr_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_FRAMEWORK,
  PROP_SETTINGS,
  PROP_WORKSPACE,
  PROP_CATALOG,
  PROP_SAMPLES,
  PROP_STORE_ERROR,
  PROP_ZOOM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Scrolls the grid so that the selected tile is in view, once the grid
 * is laid out: a tile chosen in the last rows (Media, at 1024×600) or
 * opened from elsewhere is never left below the window's edge. */
static gboolean
reveal_selected_tick_cb (GtkWidget     *widget,
                         GdkFrameClock *clock,
                         gpointer       user_data)
{
  MnrWindow *self = MNR_WINDOW (widget);
  MnrElement *selected = mnr_grid_view_get_selected (self->grid_view);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->grid_scroller);
  GtkWidget *tile = selected != NULL ? mnr_grid_view_get_tile (self->grid_view, selected) : NULL;
  double value, page, margin = 12;
  graphene_rect_t bounds;

  /* Not laid out yet (the first frame): the next tick. */
  page = gtk_adjustment_get_page_size (adjustment);
  if (tile != NULL && (page <= 0 || gtk_widget_get_height (tile) <= 0))
    return G_SOURCE_CONTINUE;

  self->reveal_tick_id = 0;

  if (tile == NULL || !gtk_widget_compute_bounds (tile, GTK_WIDGET (self->grid_view), &bounds))
    return G_SOURCE_REMOVE;

  value = gtk_adjustment_get_value (adjustment);
  if (bounds.origin.y < value + margin)
    gtk_adjustment_set_value (adjustment, bounds.origin.y - margin);
  else if (bounds.origin.y + bounds.size.height > value + page - margin)
    gtk_adjustment_set_value (adjustment, MIN (bounds.origin.y - margin,
                                               bounds.origin.y + bounds.size.height - page + margin));

  return G_SOURCE_REMOVE;
}

static void
on_selected_changed_cb (MnrWindow   *self,
                        GParamSpec  *pspec,
                        MnrGridView *grid_view)
{
  MnrElement *selected = mnr_grid_view_get_selected (grid_view);

  if (selected != NULL)
    mnr_detail_panel_set_element (mnr_window_ensure_detail_panel (self), selected);

  adw_flap_set_reveal_flap (self->flap, selected != NULL);

  if (selected != NULL && self->reveal_tick_id == 0)
    self->reveal_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), reveal_selected_tick_cb, NULL, NULL);
}

static void
on_flap_folded_cb (MnrWindow  *self,
                   GParamSpec *pspec,
                   AdwFlap    *flap)
{
  /* AdwFlap hides the panel when it folds; the selection says otherwise. */
  adw_flap_set_reveal_flap (flap, mnr_grid_view_get_selected (self->grid_view) != NULL);
}

static void
on_element_activated_cb (MnrWindow      *self,
                         MnrElement     *element,
                         MnrDetailPanel *panel)
{
  mnr_window_select (self, element);
  mnr_grid_view_focus_element (self->grid_view, element);
}





static gboolean
mnr_window_close_request (GtkWindow *window)
{
  MnrWindow *self = MNR_WINDOW (window);

  if (self->settings != NULL)
    {
      int width, height;

      gtk_window_get_default_size (window, &width, &height);
      g_settings_delay (self->settings);
      g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
      if (!gtk_window_is_maximized (window) && width > 0 && height > 0)
        {
          g_settings_set_int (self->settings, "window-width", width);
          g_settings_set_int (self->settings, "window-height", height);
        }
      g_settings_apply (self->settings);
    }

  return GTK_WINDOW_CLASS (mnr_window_parent_class)->close_request (window);
}


/**
 * mnr_window_add_toast:
 *
 * Shows a short message at the bottom of the window.
 */
void
mnr_window_add_toast (MnrWindow  *self,
                      const char *message)
{
  g_autofree char *escaped = NULL;
  AdwToast *toast;

  g_return_if_fail (MNR_IS_WINDOW (self));

  /* A toast's title is markup: an error may hold "<" or "&". */
  escaped = g_markup_escape_text (message, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
on_error_cb (MnrWindow  *self,
             const char *message)
{
  mnr_window_add_toast (self, message);
}

static void
on_toast_cb (MnrWindow *self,
             AdwToast  *toast)
{
  adw_toast_overlay_add_toast (self->toast_overlay, g_object_ref (toast));
}

static void on_compare_open_cell_cb (MnrWindow  *self,
                                     const char *country,
                                     const char *round_id,
                                     MnrElement *element);

/* The Compare view is built on first use: until then neither the first
 * frame nor the accessibility tree carries its hundreds of cells. */
static MnrCompareView *
ensure_compare_view (MnrWindow *self)
{
  if (self->compare_view != NULL || self->workspace == NULL || self->catalog == NULL)
    return self->compare_view;

  self->compare_view = MNR_COMPARE_VIEW (mnr_compare_view_new (self->workspace, self->catalog));
  gtk_widget_set_vexpand (GTK_WIDGET (self->compare_view), TRUE);
  gtk_box_append (self->compare_box, GTK_WIDGET (self->compare_view));
  mnr_accessible_fix_names (GTK_WIDGET (self->compare_view));   /* made after the window was shown */
  g_signal_connect_object (self->compare_view, "open-cell", G_CALLBACK (on_compare_open_cell_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->compare_view, "message", G_CALLBACK (on_error_cb), self, G_CONNECT_SWAPPED);

  return self->compare_view;
}

/* The Evidence view is built on first use too: its list, filters and
 * rows cost the first frame a tenth of a second with a country's evidence,
 * and a view stack measures its hidden pages. */
MnrEvidencePage *
mnr_window_ensure_evidence_page (MnrWindow *self)
{
  if (self->evidence_page != NULL || self->workspace == NULL || self->catalog == NULL)
    return self->evidence_page;

  self->evidence_page = MNR_EVIDENCE_PAGE (mnr_evidence_page_new (self->workspace));
  gtk_widget_set_vexpand (GTK_WIDGET (self->evidence_page), TRUE);
  gtk_box_append (self->evidence_box, GTK_WIDGET (self->evidence_page));
  mnr_accessible_fix_names (GTK_WIDGET (self->evidence_page));   /* made after the window was shown */

  return self->evidence_page;
}

/* Compare, with the focus on the cell it was last on (the switch itself
 * would put it on the first cell in view). */
static void
show_compare (MnrWindow *self)
{
  g_autofree char *code = NULL;
  guint column;

  if (ensure_compare_view (self) == NULL)
    return;
  code = mnr_compare_view_dup_focus (self->compare_view, &column);
  adw_view_stack_set_visible_child_name (self->view_stack, "compare");
  mnr_compare_view_focus_country (self->compare_view, code, column);
}

/**
 * mnr_window_show_view:
 * @name: "grid", "compare" or "evidence", or "conflicts" to open the
 *   Conflicts window
 */
void
mnr_window_show_view (MnrWindow  *self,
                      const char *name)
{
  g_return_if_fail (MNR_IS_WINDOW (self));

  if (g_str_equal (name, "evidence") && mnr_window_ensure_evidence_page (self) == NULL)
    return;
  if (g_str_equal (name, "compare") && ensure_compare_view (self) == NULL)
    return;

  /* Not a view of the stack: a window of its own. */
  if (g_str_equal (name, "conflicts"))
    {
      mnr_window_review_conflicts (self);
      return;
    }

  if (g_str_equal (name, "compare"))
    {
      show_compare (self);
      return;
    }

  adw_view_stack_set_visible_child_name (self->view_stack, name);
}




void
mnr_window_add_evidence (MnrWindow  *self,
                         const char *element_id)
{
  if (mnr_window_ensure_evidence_page (self) == NULL)
    return;

  if (mnr_workspace_get_country (self->workspace) == NULL)
    {
      mnr_window_add_toast (self, _("Choose a country first."));
      mnr_country_switcher_popup (self->country_switcher);
      return;
    }

  mnr_evidence_page_add_evidence (self->evidence_page,
                                  element_id != NULL && element_id[0] != '\0' ? element_id : NULL);
}


/* A cell of the Compare view: that country, its round, the capability's
 * tile selected in the Grid; Back (Alt+Left) returns to the cell. */
static void
on_compare_open_cell_cb (MnrWindow  *self,
                         const char *country,
                         const char *round_id,
                         MnrElement *element)
{
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (mnr_workspace_get_country (self->workspace), country) != 0 &&
      !mnr_workspace_set_country (self->workspace, country, &error))
    {
      mnr_window_add_toast (self, error->message);
      return;
    }
  if (round_id != NULL && g_strcmp0 (mnr_workspace_get_round_id (self->workspace), round_id) != 0 &&
      !mnr_workspace_set_round (self->workspace, round_id, &error))
    {
      mnr_window_add_toast (self, error->message);
      return;
    }

  adw_view_stack_set_visible_child_name (self->view_stack, "grid");
  mnr_window_select (self, element);
  mnr_grid_view_focus_element (self->grid_view, element);
  gtk_widget_set_visible (self->back_button, TRUE);
}

void
mnr_window_back_to_compare (MnrWindow *self)
{
  if (ensure_compare_view (self) == NULL)
    return;

  mnr_grid_view_set_selected (self->grid_view, NULL);
  show_compare (self);
  gtk_widget_set_visible (self->back_button, FALSE);
}

static void
on_visible_view_cb (MnrWindow *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->view_stack);
  GtkWidget *shown = adw_view_stack_get_visible_child (self->view_stack);

  /* GTK 4.8 keeps the views not shown in the accessibility tree, where a
   * screen reader's review would wander into the Grid's tiles from the
   * Evidence view: out of it until shown. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->view_stack));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_accessible_update_state (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_STATE_HIDDEN, child != shown, -1);

  /* Back is for the way from a cell to the Grid: it goes once Compare is
   * shown again, however it was reached. */
  if (g_strcmp0 (name, "compare") == 0)
    {
      ensure_compare_view (self);
      gtk_widget_set_visible (self->back_button, FALSE);
    }
  else if (g_strcmp0 (name, "evidence") == 0)
    mnr_window_ensure_evidence_page (self);
}

static void
on_panel_evidence_activated_cb (MnrWindow   *self,
                                MnrEvidence *evidence)
{
  if (mnr_window_ensure_evidence_page (self) != NULL)
    mnr_evidence_page_edit (self->evidence_page, evidence);
}

/* The details panel is made when a tile is first selected: until then
 * neither the first frame nor the accessibility tree carries it. */
MnrDetailPanel *
mnr_window_ensure_detail_panel (MnrWindow *self)
{
  g_autofree char *zoom_class = NULL;

  if (self->detail_panel != NULL)
    return self->detail_panel;

  self->detail_panel = g_object_new (MNR_TYPE_DETAIL_PANEL, NULL);
  gtk_widget_add_css_class (GTK_WIDGET (self->detail_panel), "background");
  zoom_class = g_strdup_printf ("zoom-%d", self->zoom);
  gtk_widget_add_css_class (GTK_WIDGET (self->detail_panel), zoom_class);

  mnr_detail_panel_set_framework (self->detail_panel, self->framework);
  mnr_detail_panel_set_context (self->detail_panel, self->workspace, self->catalog, self->samples);
  g_signal_connect_object (self->detail_panel, "element-activated",
                           G_CALLBACK (on_element_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->detail_panel, "error", G_CALLBACK (on_error_cb), self, G_CONNECT_SWAPPED);
  if (self->workspace != NULL && self->catalog != NULL)
    {
      g_signal_connect_object (self->detail_panel, "add-evidence", G_CALLBACK (mnr_window_add_evidence),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->detail_panel, "evidence-activated",
                               G_CALLBACK (on_panel_evidence_activated_cb), self, G_CONNECT_SWAPPED);
    }

  adw_flap_set_flap (self->flap, GTK_WIDGET (self->detail_panel));
  mnr_accessible_fix_names (GTK_WIDGET (self->detail_panel));
  return self->detail_panel;
}

static void
open_data_folder (MnrWindow *self)
{
  const char *override = g_getenv ("MNR_TRACKER_DATA_DIR");
  g_autofree char *path = override != NULL && override[0] != '\0'
    ? g_strdup (override) : g_build_filename (g_get_user_data_dir (), "mnr-tracker", NULL);
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);

  if (uri != NULL)
    gtk_show_uri (GTK_WINDOW (self), uri, GDK_CURRENT_TIME);
}

/* A banner button's label, with its mnemonic; its accessible name is the
 * label without the underscore (GTK 4.8 would read "_Remove"). */
static void
set_banner_button (GtkButton  *button,
                   const char *mnemonic)
{
  GString *plain = g_string_new (NULL);

  for (const char *p = mnemonic; *p != '\0'; p++)
    {
      if (*p == '_' && p[1] != '\0')
        p++;
      g_string_append_c (plain, *p);
    }

  gtk_button_set_use_underline (button, TRUE);
  gtk_button_set_label (button, mnemonic);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, plain->str,
                                  -1);
  mnr_accessible_fix_names (GTK_WIDGET (button));   /* a new label: said once */
  g_string_free (plain, TRUE);
}

static void
on_banner_primary_cb (MnrWindow *self)
{
  if (self->store_error != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "app.restore-backup", NULL);
  else if (self->banner_conflicts)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.review-conflicts", NULL);
  else if (self->banner_sample)
    gtk_widget_activate_action (GTK_WIDGET (self), "app.remove-samples", "s",
                                mnr_workspace_get_country (self->workspace));
  else
    gtk_widget_activate_action (GTK_WIDGET (self), "app.load-samples", NULL);
}

static void
on_banner_secondary_cb (MnrWindow *self)
{
  if (self->store_error != NULL)
    open_data_folder (self);
  else
    gtk_widget_activate_action (GTK_WIDGET (self), "win.choose-country", NULL);
}

/* The bar under the header: why the data could not be opened, or, on a
 * first run, an invitation to start, or the conflicts that wait for a
 * person's decision, or that the country shown holds sample data. */
static void
update_banner (MnrWindow *self)
{
  gboolean show = FALSE;
  guint conflicts = self->sync != NULL ? mnr_sync_controller_get_conflicts (self->sync) : 0;

  self->banner_conflicts = FALSE;
  self->banner_sample = FALSE;
  gtk_widget_remove_css_class (self->banner, "warning");

  if (self->store_error != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Your data could not be opened, so nothing can be saved "
                                                 "and nothing was changed. %s"), self->store_error);
      gtk_label_set_label (self->banner_label, text);
      set_banner_button (self->banner_primary, _("Restore a _Backup…"));
      set_banner_button (self->banner_secondary, _("Open Data _Folder"));
      gtk_widget_set_visible (GTK_WIDGET (self->banner_secondary), TRUE);
      gtk_widget_add_css_class (self->banner, "error");
      show = TRUE;
    }
  else if (self->workspace != NULL)
    {
      g_auto(GStrv) countries = mnr_workspace_list_countries (self->workspace);

      if (countries[0] == NULL)
        {
          gtk_label_set_label (self->banner_label,
                               _("Start by choosing a country to assess, or explore the app with the "
                                 "working examples of the 2018 WePROTECT booklet as sample evidence."));
          set_banner_button (self->banner_primary, _("Explore with _Sample Data"));
          set_banner_button (self->banner_secondary, _("_Choose a Country"));
          gtk_widget_set_visible (GTK_WIDGET (self->banner_secondary), TRUE);
          show = TRUE;
        }
      else if (conflicts > 0)
        {
          g_autofree char *text =
            g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%u record was changed both here and on the server. Both versions "
                                          "are kept until you choose.",
                                          "%u records were changed both here and on the server. Both versions "
                                          "are kept until you choose.", conflicts), conflicts);

          gtk_label_set_label (self->banner_label, text);
          set_banner_button (self->banner_primary, _("_Review Conflicts…"));
          gtk_widget_set_visible (GTK_WIDGET (self->banner_secondary), FALSE);
          gtk_widget_add_css_class (self->banner, "warning");
          self->banner_conflicts = TRUE;
          show = TRUE;
        }
      else if (mnr_workspace_get_country (self->workspace) != NULL &&
               mnr_store_count_sample (mnr_workspace_get_store (self->workspace),
                                       mnr_workspace_get_country (self->workspace), NULL) > 0)
        {
          gtk_label_set_label (self->banner_label,
                               _("This country shows sample data: working examples from the 2018 "
                                 "WePROTECT booklet, not its own evidence. Examples are never synced."));
          set_banner_button (self->banner_primary, _("_Remove Sample Data…"));
          gtk_widget_set_visible (GTK_WIDGET (self->banner_secondary), FALSE);
          self->banner_sample = TRUE;
          show = TRUE;
        }
    }

  gtk_revealer_set_reveal_child (self->banner_revealer, show);
  /* Closed, out of the screen reader's tree too (GTK 4.8 keeps it). */
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->banner_revealer), GTK_ACCESSIBLE_STATE_HIDDEN, !show, -1);
}

static void
on_country_changed_cb (MnrWindow *self)
{
  const char *country = mnr_workspace_get_country (self->workspace);

  update_banner (self);

  if (self->settings != NULL && country != NULL)
    g_settings_set_string (self->settings, "last-country", country);
}


/* The store changed under the workspace (a sync, a resolved conflict):
 * show its data again, in the same round. Reloading the country alone
 * would show its latest round, which may be one that just arrived from
 * someone else: the window would switch rounds under the person, and
 * their next rating would go to that round. */
static void
reload_data (MnrWindow *self)
{
  g_autofree char *country = NULL;
  g_autofree char *round_id = NULL;
  g_autoptr(GError) error = NULL;

  if (self->workspace == NULL || mnr_workspace_get_country (self->workspace) == NULL)
    return;

  country = g_strdup (mnr_workspace_get_country (self->workspace));
  round_id = g_strdup (mnr_workspace_get_round_id (self->workspace));
  if (!mnr_workspace_set_country (self->workspace, country, &error))
    {
      mnr_window_add_toast (self, error->message);
      return;
    }

  /* A round deleted elsewhere is gone: the latest one stays shown. */
  if (round_id != NULL && !mnr_workspace_set_round (self->workspace, round_id, &error))
    g_debug ("The round shown before the sync is gone: %s", error->message);
}

static void
on_synced_cb (MnrWindow *self)
{
  reload_data (self);

  if (self->conflicts_dialog != NULL)
    mnr_conflicts_dialog_reload (self->conflicts_dialog);
}

static void
on_conflict_resolved_cb (MnrWindow *self)
{
  /* The resolved record waits to be sent: the store's change notice
   * counts it, and sends it soon. */
  reload_data (self);
}

/**
 * mnr_window_review_conflicts:
 *
 * Opens the Conflicts window, or brings it forward.
 *
 * Returns: (transfer none) (nullable): the Conflicts window, %NULL when
 *   there is no data to review
 */
GtkWindow *
mnr_window_review_conflicts (MnrWindow *self)
{
  g_return_val_if_fail (MNR_IS_WINDOW (self), NULL);

  if (self->workspace == NULL)
    return NULL;

  if (self->conflicts_dialog == NULL)
    {
      self->conflicts_dialog =
        MNR_CONFLICTS_DIALOG (mnr_conflicts_dialog_new (GTK_WINDOW (self),
                                                        mnr_workspace_get_store (self->workspace),
                                                        self->framework, self->catalog));
      g_object_add_weak_pointer (G_OBJECT (self->conflicts_dialog), (gpointer *)&self->conflicts_dialog);
      g_signal_connect_object (self->conflicts_dialog, "resolved",
                               G_CALLBACK (on_conflict_resolved_cb), self, G_CONNECT_SWAPPED);
      mnr_conflicts_dialog_set_zoom (self->conflicts_dialog, self->zoom);
    }
  else
    mnr_conflicts_dialog_reload (self->conflicts_dialog);

  gtk_window_present (GTK_WINDOW (self->conflicts_dialog));
  return GTK_WINDOW (self->conflicts_dialog);
}


/* What the first frame does not show waits for it to be on screen: the
 * outbox's size, when sync is not set up (the header does not say it
 * then). */
static gboolean
after_first_frame_cb (gpointer user_data)
{
  MnrWindow *self = user_data;

  if (self->sync != NULL)
    mnr_sync_controller_refresh (self->sync);
  return G_SOURCE_REMOVE;
}

static void
on_first_frame_cb (GdkFrameClock *clock,
                   MnrWindow     *self)
{
  g_signal_handlers_disconnect_by_func (clock, on_first_frame_cb, self);

  /* Once the frame is done with, not inside it. */
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, after_first_frame_cb, g_object_ref (self), g_object_unref);
}

static void
mnr_window_realize (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (mnr_window_parent_class)->realize (widget);

  g_signal_connect_object (gtk_widget_get_frame_clock (widget), "after-paint",
                           G_CALLBACK (on_first_frame_cb), widget, 0);
}

static void
setup_sync (MnrWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sync-now", FALSE);

  if (self->workspace == NULL || self->settings == NULL)
    return;

  self->sync = mnr_sync_controller_new (mnr_workspace_get_store (self->workspace), self->settings);
  mnr_benchmark_mark ("window: sync controller");
  g_signal_connect_object (self->sync, "synced", G_CALLBACK (on_synced_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sync, "notify::conflicts", G_CALLBACK (update_banner), self, G_CONNECT_SWAPPED);
  gtk_box_append (self->sync_box, mnr_sync_indicator_new (self->sync));
  mnr_benchmark_mark ("window: sync indicator");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sync-now", TRUE);
}

/**
 * mnr_window_get_sync_controller:
 *
 * Returns: (nullable) (transfer none): the window's sync, %NULL without a
 *   store or settings
 */
MnrSyncController *
mnr_window_get_sync_controller (MnrWindow *self)
{
  g_return_val_if_fail (MNR_IS_WINDOW (self), NULL);

  return self->sync;
}

static void
setup_workspace (MnrWindow *self)
{
  GtkWidget *round_switcher;

  g_signal_connect_object (self->banner_primary, "clicked", G_CALLBACK (on_banner_primary_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->banner_secondary, "clicked", G_CALLBACK (on_banner_secondary_cb), self, G_CONNECT_SWAPPED);

  if (self->workspace == NULL || self->catalog == NULL)
    {
      /* No data: the framework alone, to read. */
      gtk_widget_set_visible (GTK_WIDGET (self->switchers_box), FALSE);
      adw_view_stack_page_set_visible (adw_view_stack_get_page (self->view_stack, GTK_WIDGET (self->evidence_box)), FALSE);
      adw_view_stack_page_set_visible (adw_view_stack_get_page (self->view_stack,
                                                                 adw_view_stack_get_child_by_name (self->view_stack, "compare")),
                                       FALSE);
      return;
    }

  self->country_switcher = MNR_COUNTRY_SWITCHER (mnr_country_switcher_new (self->workspace, self->catalog));
  round_switcher = mnr_round_switcher_new (self->workspace, self->catalog);
  gtk_box_append (self->switchers_box, GTK_WIDGET (self->country_switcher));
  gtk_box_append (self->switchers_box, round_switcher);
  g_signal_connect_object (self->country_switcher, "error", G_CALLBACK (on_error_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (round_switcher, "error", G_CALLBACK (on_error_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (round_switcher, "toast", G_CALLBACK (on_toast_cb), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (self->view_stack, "notify::visible-child-name", G_CALLBACK (on_visible_view_cb), self,
                           G_CONNECT_SWAPPED);
  on_visible_view_cb (self);

  g_signal_connect_object (self->workspace, "changed", G_CALLBACK (on_country_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->workspace, "evidence-changed", G_CALLBACK (update_banner), self, G_CONNECT_SWAPPED);
}

static void
mnr_window_constructed (GObject *object)
{
  MnrWindow *self = (MnrWindow *)object;

  G_OBJECT_CLASS (mnr_window_parent_class)->constructed (object);
  mnr_benchmark_mark ("window: properties");

  g_return_if_fail (MNR_IS_FRAMEWORK (self->framework));

  adw_window_title_set_subtitle (self->window_title, mnr_framework_get_edition (self->framework));
  if (self->workspace != NULL)
    self->grid_view = MNR_GRID_VIEW (mnr_grid_view_new_for_workspace (self->workspace));
  else
    self->grid_view = MNR_GRID_VIEW (mnr_grid_view_new (self->framework));
  gtk_scrolled_window_set_child (self->grid_scroller, GTK_WIDGET (self->grid_view));
  g_signal_connect_object (self->grid_view, "notify::selected",
                           G_CALLBACK (on_selected_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->flap, "notify::folded",
                           G_CALLBACK (on_flap_folded_cb), self,
                           G_CONNECT_SWAPPED);

  mnr_benchmark_mark ("window: grid");
  setup_workspace (self);
  mnr_benchmark_mark ("window: switchers, evidence page");
  setup_sync (self);
  update_banner (self);
  mnr_benchmark_mark ("window: sync, banner");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.review-conflicts", self->workspace != NULL);

  if (self->settings != NULL)
    {
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (self->settings, "window-width"),
                                   g_settings_get_int (self->settings, "window-height"));
      if (g_settings_get_boolean (self->settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));

      g_settings_bind (self->settings, "grid-zoom", self, "zoom", G_SETTINGS_BIND_DEFAULT);
    }
  mnr_benchmark_mark ("window: settings");

  mnr_window_set_zoom (self, self->zoom);
  mnr_benchmark_mark ("window: zoom");
}

static void
mnr_window_dispose (GObject *object)
{
  MnrWindow *self = (MnrWindow *)object;

  if (self->conflicts_dialog != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->conflicts_dialog), (gpointer *)&self->conflicts_dialog);
      gtk_window_destroy (GTK_WINDOW (self->conflicts_dialog));
      self->conflicts_dialog = NULL;
    }
  /* While the grid is there: closing it takes the grid's marks away. */
  if (self->since_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->since_dialog));

  gtk_widget_dispose_template (GTK_WIDGET (self), MNR_TYPE_WINDOW);
  g_clear_object (&self->sync);

  G_OBJECT_CLASS (mnr_window_parent_class)->dispose (object);
}

static void
mnr_window_finalize (GObject *object)
{
  MnrWindow *self = (MnrWindow *)object;

  g_clear_object (&self->framework);
  g_clear_object (&self->settings);
  g_clear_object (&self->workspace);
  g_clear_object (&self->catalog);
  g_clear_object (&self->samples);
  g_clear_pointer (&self->store_error, g_free);

  G_OBJECT_CLASS (mnr_window_parent_class)->finalize (object);
}

static void
mnr_window_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  MnrWindow *self = MNR_WINDOW (object);

  switch (prop_id)
    {
    case PROP_FRAMEWORK:
      g_value_set_object (value, self->framework);
      break;

    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;

    case PROP_CATALOG:
      g_value_set_object (value, self->catalog);
      break;

    case PROP_SAMPLES:
      g_value_set_object (value, self->samples);
      break;

    case PROP_STORE_ERROR:
      g_value_set_string (value, self->store_error);
      break;

    case PROP_ZOOM:
      g_value_set_int (value, self->zoom);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mnr_window_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  MnrWindow *self = MNR_WINDOW (object);

  switch (prop_id)
    {
    case PROP_FRAMEWORK:
      self->framework = g_value_dup_object (value);
      break;

    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    case PROP_WORKSPACE:
      self->workspace = g_value_dup_object (value);
      break;

    case PROP_CATALOG:
      self->catalog = g_value_dup_object (value);
      break;

    case PROP_SAMPLES:
      self->samples = g_value_dup_object (value);
      break;

    case PROP_STORE_ERROR:
      self->store_error = g_value_dup_string (value);
      break;

    case PROP_ZOOM:
      mnr_window_set_zoom (self, g_value_get_int (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mnr_window_class_init (MnrWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = mnr_window_constructed;
  object_class->dispose = mnr_window_dispose;
  object_class->finalize = mnr_window_finalize;
  object_class->get_property = mnr_window_get_property;
  object_class->set_property = mnr_window_set_property;

  window_class->close_request = mnr_window_close_request;
  widget_class->realize = mnr_window_realize;

  properties[PROP_FRAMEWORK] =
    g_param_spec_object ("framework", NULL, NULL,
                         MNR_TYPE_FRAMEWORK,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL, MNR_TYPE_WORKSPACE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CATALOG] =
    g_param_spec_object ("catalog", NULL, NULL, MNR_TYPE_COUNTRY_CATALOG,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SAMPLES] =
    g_param_spec_object ("samples", NULL, NULL, MNR_TYPE_SAMPLE_EVIDENCE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STORE_ERROR] =
    g_param_spec_string ("store-error", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ZOOM] =
    g_param_spec_int ("zoom", NULL, NULL,
                      MNR_WINDOW_ZOOM_MIN, MNR_WINDOW_ZOOM_MAX, 100,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (MNR_TYPE_DETAIL_PANEL);

  /* keeps the bundle (and its registration) in a static link */
  (void) mnr_gui_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/mnr-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MnrWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, MnrWindow, switchers_box);
  gtk_widget_class_bind_template_child (widget_class, MnrWindow, sync_box);
  gtk_widget_class_bind_template_child (widget_class, MnrWindow, title_squeezer);
  gtk_widget_class_bind_template_child (widget_class, MnrWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, MnrWindow, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, MnrWindow, banner);
  gtk_widget_class_bind_template_child (widget_class, MnrWindow, banner_label);
  gtk_widget_class_bind_template_child (widget_class, MnrWindow, banner_primary);
  gtk_widget_class_bind_template_child (widget_class, MnrWindow, banner_secondary);
  gtk_widget_class_bind_template_child (widget_class, MnrWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, MnrWindow, evidence_box);
  gtk_widget_class_bind_template_child (widget_class, MnrWindow, compare_box);
  gtk_widget_class_bind_template_child (widget_class, MnrWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, MnrWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, MnrWindow, grid_scroller);
  gtk_widget_class_bind_template_child (widget_class, MnrWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, MnrWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, MnrWindow, main_box);
  gtk_widget_class_bind_template_child (widget_class, MnrWindow, primary_menu);

  mnr_window_class_add_actions (widget_class);
  mnr_window_class_add_meeting_actions (widget_class);
  mnr_window_class_add_report_actions (widget_class);


}

static GtkWidget *
view_switcher_new (AdwViewStack          *stack,
                   AdwViewSwitcherPolicy  policy)
{
  GtkWidget *switcher = adw_view_switcher_new ();

  adw_view_switcher_set_stack (ADW_VIEW_SWITCHER (switcher), stack);
  adw_view_switcher_set_policy (ADW_VIEW_SWITCHER (switcher), policy);

  return switcher;
}

/* A window too narrow for the view switcher in the header bar shows the
 * window's title there and the views at the bottom instead: that bar is
 * made the first time, then revealed and hidden as the header's squeezer
 * turns from the switcher to the title and back. Unlike libadwaita's view
 * switcher bar, it keeps each view's label beside its icon while they fit:
 * under their icons, at large text, "Evidence" and "Compare" run into
 * each other. */
static void
on_title_visible_cb (MnrWindow *self)
{
  gboolean narrow = adw_squeezer_get_visible_child (self->title_squeezer) == GTK_WIDGET (self->window_title);

  if (self->switcher_bar == NULL && !narrow)
    return;

  if (self->switcher_bar == NULL)
    {
      GtkWidget *squeezer = adw_squeezer_new ();

      adw_squeezer_set_homogeneous (ADW_SQUEEZER (squeezer), FALSE);
      adw_squeezer_add (ADW_SQUEEZER (squeezer), view_switcher_new (self->view_stack, ADW_VIEW_SWITCHER_POLICY_WIDE));
      adw_squeezer_add (ADW_SQUEEZER (squeezer), view_switcher_new (self->view_stack, ADW_VIEW_SWITCHER_POLICY_NARROW));
      self->switcher_bar = gtk_action_bar_new ();
      gtk_action_bar_set_center_widget (GTK_ACTION_BAR (self->switcher_bar), squeezer);
      gtk_box_append (self->main_box, self->switcher_bar);
    }
  gtk_action_bar_set_revealed (GTK_ACTION_BAR (self->switcher_bar), narrow);
}

static void
mnr_window_init (MnrWindow *self)
{
  self->zoom = 100;

  mnr_benchmark_mark ("window: class");
  gtk_widget_init_template (GTK_WIDGET (self));
  mnr_benchmark_mark ("window: template");
  mnr_window_add_help_overlay_action (self);
  mnr_tooltip_set_text (GTK_WIDGET (self->menu_button), _("Main Menu"));
  g_signal_connect_object (self->title_squeezer, "notify::visible-child",
                           G_CALLBACK (on_title_visible_cb), self, G_CONNECT_SWAPPED);
  mnr_window_defer_primary_menu (self);
}

/**
 * mnr_window_new:
 * @application: (nullable): the application, %NULL in tests
 * @settings: (nullable): where the window keeps its size and zoom
 */
/**
 * mnr_window_new_with_data:
 * @workspace: (nullable): the user's data, %NULL when the store could not
 *   be opened
 * @store_error: (nullable): why it could not
 */
MnrWindow *
mnr_window_new_with_data (AdwApplication    *application,
                          MnrFramework      *framework,
                          GSettings         *settings,
                          MnrWorkspace      *workspace,
                          MnrCountryCatalog *catalog,
                          MnrSampleEvidence *samples,
                          const char        *store_error)
{
  return g_object_new (MNR_TYPE_WINDOW,
                       "application", application,
                       "framework", framework,
                       "settings", settings,
                       "workspace", workspace,
                       "catalog", catalog,
                       "samples", samples,
                       "store-error", store_error,
                       NULL);
}

MnrWindow *
mnr_window_new (AdwApplication *application,
                MnrFramework   *framework,
                GSettings      *settings)
{
  g_return_val_if_fail (application == NULL || ADW_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (MNR_IS_FRAMEWORK (framework), NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  return g_object_new (MNR_TYPE_WINDOW,
                       "application", application,
                       "framework", framework,
                       "settings", settings,
                       NULL);
}

/**
 * mnr_window_get_grid_view:
 *
 * Returns: (transfer none): the grid
 */
MnrGridView *
mnr_window_get_grid_view (MnrWindow *self)
{
  g_return_val_if_fail (MNR_IS_WINDOW (self), NULL);

  return self->grid_view;
}

/**
 * mnr_window_get_detail_panel:
 *
 * The panel is made when a tile is first selected; this makes it.
 *
 * Returns: (transfer none): the side panel
 */
GtkWidget *
mnr_window_get_detail_panel (MnrWindow *self)
{
  g_return_val_if_fail (MNR_IS_WINDOW (self), NULL);

  return GTK_WIDGET (mnr_window_ensure_detail_panel (self));
}

gboolean
mnr_window_get_panel_revealed (MnrWindow *self)
{
  g_return_val_if_fail (MNR_IS_WINDOW (self), FALSE);

  return adw_flap_get_reveal_flap (self->flap);
}

/**
 * mnr_window_select:
 * @element: (nullable): what to show in the panel, %NULL to close it
 */
void
mnr_window_select (MnrWindow  *self,
                   MnrElement *element)
{
  g_return_if_fail (MNR_IS_WINDOW (self));

  mnr_grid_view_set_selected (self->grid_view, element);
}

int
mnr_window_get_zoom (MnrWindow *self)
{
  g_return_val_if_fail (MNR_IS_WINDOW (self), 100);

  return self->zoom;
}

/**
 * mnr_window_set_zoom:
 * @percent: the grid's text size, as a percentage; rounded to the nearest
 *   step from 70 to 200
 *
 * Makes the grid's text larger for a projector or smaller for a small
 * screen.
 */
void
mnr_window_set_zoom (MnrWindow *self,
                     int        percent)
{
  g_autofree char *old_class = NULL;
  g_autofree char *new_class = NULL;

  g_return_if_fail (MNR_IS_WINDOW (self));

  percent = mnr_window_nearest_zoom (percent);

  /* The panel zooms with the grid: it is what a room reads while the
   * committee decides on a level. */
  old_class = g_strdup_printf ("zoom-%d", self->zoom);
  new_class = g_strdup_printf ("zoom-%d", percent);
  if (self->grid_view != NULL)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->grid_view), old_class);
      gtk_widget_add_css_class (GTK_WIDGET (self->grid_view), new_class);
    }
  if (self->detail_panel != NULL)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->detail_panel), old_class);
      gtk_widget_add_css_class (GTK_WIDGET (self->detail_panel), new_class);
    }

  if (self->conflicts_dialog != NULL)
    mnr_conflicts_dialog_set_zoom (self->conflicts_dialog, percent);

  if (self->zoom != percent)
    {
      self->zoom = percent;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
    }

  mnr_window_update_zoom_actions (self);
}

/**
 * mnr_window_get_evidence_page:
 *
 * The view is built on first use; this builds it.
 *
 * Returns: (transfer none) (nullable): the Evidence view, %NULL without data
 */
GtkWidget *
mnr_window_get_evidence_page (MnrWindow *self)
{
  g_return_val_if_fail (MNR_IS_WINDOW (self), NULL);

  return GTK_WIDGET (mnr_window_ensure_evidence_page (self));
}

/**
 * mnr_window_get_compare_view:
 *
 * The view is built on first use; this builds it.
 *
 * Returns: (transfer none) (nullable): the Compare view, %NULL without data
 */
GtkWidget *
mnr_window_get_compare_view (MnrWindow *self)
{
  g_return_val_if_fail (MNR_IS_WINDOW (self), NULL);

  return GTK_WIDGET (ensure_compare_view (self));
}
