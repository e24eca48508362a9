/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-window"

#include "config.h"

#include <glib/gi18n.h>

#include "mnr-window-private.h"

/* The main window's actions and keys: the views, the zoom, and moving by
 * keyboard. F6 goes from the grid to the panel to the header bar and
 * round again (Shift+F6 back); with a capability or an enabler open, the
 * digits 0 to 5 choose its level, as the panel's buttons do, so that a
 * committee rates by keyboard in a few keys. */

static const int zoom_steps[] = { MNR_WINDOW_ZOOM_MIN, 80, 90, 100, 115, 130, 150, 175, MNR_WINDOW_ZOOM_MAX };

static void
close_panel_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  MnrWindow *self = MNR_WINDOW (widget);
  MnrElement *selected = mnr_grid_view_get_selected (self->grid_view);

  if (selected == NULL)
    return;

  /* Give the focus back to the tile the panel was about. */
  g_object_ref (selected);
  mnr_grid_view_set_selected (self->grid_view, NULL);
  mnr_grid_view_focus_element (self->grid_view, selected);
  g_object_unref (selected);
}

static int
nearest_zoom_step (int percent)
{
  guint best = 0;

  for (guint i = 1; i < G_N_ELEMENTS (zoom_steps); i++)
    {
      if (ABS (zoom_steps[i] - percent) < ABS (zoom_steps[best] - percent))
        best = i;
    }

  return (int)best;
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  MnrWindow *self = MNR_WINDOW (widget);
  int step = nearest_zoom_step (self->zoom);

  if (g_str_equal (action_name, "win.zoom-in"))
    step = MIN (step + 1, (int)G_N_ELEMENTS (zoom_steps) - 1);
  else if (g_str_equal (action_name, "win.zoom-out"))
    step = MAX (step - 1, 0);
  else
    step = nearest_zoom_step (100);

  mnr_window_set_zoom (self, zoom_steps[step]);
}

void
mnr_window_update_zoom_actions (MnrWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.zoom-in",
                                 self->zoom < zoom_steps[G_N_ELEMENTS (zoom_steps) - 1]);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.zoom-out",
                                 self->zoom > zoom_steps[0]);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.zoom-reset",
                                 self->zoom != 100);
}

static void
show_view_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  mnr_window_show_view (MNR_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
back_to_compare_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  mnr_window_back_to_compare (MNR_WINDOW (widget));
}

static void
choose_country_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  MnrWindow *self = MNR_WINDOW (widget);

  if (self->country_switcher != NULL)
    mnr_country_switcher_popup (self->country_switcher);
}

static void
search_evidence_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  MnrWindow *self = MNR_WINDOW (widget);

  if (mnr_window_ensure_evidence_page (self) == NULL)
    return;

  mnr_window_show_view (self, "evidence");
  mnr_evidence_page_focus_search (self->evidence_page);
}

static void
add_evidence_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  mnr_window_add_evidence (MNR_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
sync_now_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  MnrWindow *self = MNR_WINDOW (widget);

  if (self->sync == NULL)
    return;

  if (mnr_sync_controller_is_set_up (self->sync))
    mnr_sync_controller_sync_now (self->sync);
  else
    gtk_widget_activate_action (widget, "app.preferences", NULL);
}

static void
review_conflicts_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  mnr_window_review_conflicts (MNR_WINDOW (widget));
}

int
mnr_window_nearest_zoom (int percent)
{
  return zoom_steps[nearest_zoom_step (percent)];
}

/* --- F6: the grid, the panel, the header bar ------------------------- */

typedef enum
{
  REGION_GRID,
  REGION_PANEL,
  REGION_HEADER,
  N_REGIONS
} Region;

static Region
focused_region (MnrWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  if (focus != NULL && self->detail_panel != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->detail_panel)))
    return REGION_PANEL;
  if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->header_bar)))
    return REGION_HEADER;
  return REGION_GRID;
}

static gboolean
focus_region (MnrWindow *self,
              Region     region)
{
  switch (region)
    {
    case REGION_GRID:
      {
        MnrElement *element = mnr_grid_view_get_selected (self->grid_view);

        if (!gtk_widget_get_mapped (GTK_WIDGET (self->grid_view)))
          return FALSE;
        if (element == NULL)
          element = mnr_grid_view_get_focused (self->grid_view);
        if (element == NULL)
          element = mnr_framework_get_capability (self->framework, 1);
        return mnr_grid_view_focus_element (self->grid_view, element);
      }

    case REGION_PANEL:
      if (!mnr_window_get_panel_revealed (self) || self->detail_panel == NULL)
        return FALSE;
      return mnr_detail_panel_focus_level (self->detail_panel) ||
             gtk_widget_child_focus (GTK_WIDGET (self->detail_panel), GTK_DIR_TAB_FORWARD);

    case REGION_HEADER:
      return gtk_widget_child_focus (GTK_WIDGET (self->header_bar), GTK_DIR_TAB_FORWARD);

    case N_REGIONS:
    default:
      g_assert_not_reached ();
    }
}

static void
cycle_focus_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  MnrWindow *self = MNR_WINDOW (widget);
  int step = g_str_equal (action_name, "win.focus-previous-region") ? N_REGIONS - 1 : 1;
  Region region = focused_region (self);

  /* The next region that can take the focus (the panel only when open,
   * the grid only when it is the view shown). */
  for (int i = 0; i < N_REGIONS - 1; i++)
    {
      region = (region + step) % N_REGIONS;
      if (focus_region (self, region))
        return;
    }
}

/* --- the keyboard shortcuts window ------------------------------------ */

/* win.show-help-overlay (Ctrl+?), the shortcuts window built on first
 * use: GtkApplication would build it with every window, before the
 * first frame. The window's own action stays, and presents it. */
static void
show_help_overlay_cb (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  GtkApplicationWindow *window = GTK_APPLICATION_WINDOW (user_data);
  GtkShortcutsWindow *overlay = gtk_application_window_get_help_overlay (window);

  if (overlay == NULL)
    {
      g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource (RESOURCE_PREFIX "/ui/help-overlay.ui");

      overlay = GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
      gtk_application_window_set_help_overlay (window, overlay);
    }

  gtk_window_present (GTK_WINDOW (overlay));
}

void
mnr_window_add_help_overlay_action (MnrWindow *self)
{
  g_autoptr(GSimpleAction) action = g_simple_action_new ("show-help-overlay", NULL);

  g_signal_connect_object (action, "activate", G_CALLBACK (show_help_overlay_cb), self, 0);
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (action));
}

/* The main menu's popover, a hundred widgets, is made when it first
 * opens (by a click, F10 or a test through accessibility). */
static void
create_primary_menu_cb (GtkMenuButton *button,
                        gpointer       user_data)
{
  MnrWindow *self = MNR_WINDOW (user_data);

  gtk_menu_button_set_menu_model (button, self->primary_menu);
}

void
mnr_window_defer_primary_menu (MnrWindow *self)
{
  gtk_menu_button_set_create_popup_func (self->menu_button, create_primary_menu_cb, self, NULL);
}

/* --- digits: the level of what the panel shows ----------------------- */

static gboolean
level_key_cb (GtkWidget *widget,
              GVariant  *args,
              gpointer   user_data)
{
  MnrWindow *self = MNR_WINDOW (widget);

  if (!mnr_window_get_panel_revealed (self) || self->detail_panel == NULL)
    return FALSE;

  return mnr_detail_panel_choose_level_at (self->detail_panel, (guint)g_variant_get_int32 (args));
}

void
mnr_window_class_add_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.close-panel", NULL, close_panel_action);
  gtk_widget_class_install_action (widget_class, "win.show-view", "s", show_view_action);
  gtk_widget_class_install_action (widget_class, "win.add-evidence", "s", add_evidence_action);
  gtk_widget_class_install_action (widget_class, "win.choose-country", NULL, choose_country_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK, "win.show-view", "s", "grid");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_ALT_MASK, "win.show-view", "s", "evidence");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_ALT_MASK, "win.show-view", "s", "compare");
  gtk_widget_class_install_action (widget_class, "win.back-to-compare", NULL, back_to_compare_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.back-to-compare", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, GDK_CONTROL_MASK, "win.choose-country", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.add-evidence", "s", "");
  gtk_widget_class_install_action (widget_class, "win.search-evidence", NULL, search_evidence_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search-evidence", NULL);
  gtk_widget_class_install_action (widget_class, "win.sync-now", NULL, sync_now_action);
  gtk_widget_class_install_action (widget_class, "win.review-conflicts", NULL, review_conflicts_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.sync-now", NULL);
  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-reset", NULL, zoom_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.close-panel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "win.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "win.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "win.zoom-reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_0, GDK_CONTROL_MASK, "win.zoom-reset", NULL);

  gtk_widget_class_install_action (widget_class, "win.focus-next-region", NULL, cycle_focus_action);
  gtk_widget_class_install_action (widget_class, "win.focus-previous-region", NULL, cycle_focus_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F6, 0, "win.focus-next-region", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F6, GDK_SHIFT_MASK, "win.focus-previous-region", NULL);

  /* Digits choose a level; a text field that has the focus takes them
   * first, so typing a rationale is never a rating. */
  for (int i = 0; i <= 9; i++)
    {
      gtk_widget_class_add_binding (widget_class, GDK_KEY_0 + i, 0, level_key_cb, "i", i);
      gtk_widget_class_add_binding (widget_class, GDK_KEY_KP_0 + i, 0, level_key_cb, "i", i);
    }
}
