/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-window"

#include "config.h"

#include "mnr-gui-resources.h"

#include <glib/gi18n.h>

#include "mnr-detail-panel.h"
#include "mnr-window.h"

/* The main window: the grid in the middle, the selected element's panel on
 * the end side (it slides over the grid when the window is too narrow for
 * both), and the window's size and zoom kept in GSettings. */

static const int zoom_steps[] = { 70, 80, 90, 100, 115, 130, 150, 175, 200 };

struct _MnrWindow
{
  AdwApplicationWindow  parent_instance;

  /* template widgets */
  AdwWindowTitle       *window_title;
  AdwFlap              *flap;
  GtkScrolledWindow    *grid_scroller;
  MnrDetailPanel       *detail_panel;

  /* owned */
  MnrFramework         *framework;
  GSettings            *settings;

  /* borrowed: a child of grid_scroller */
  MnrGridView          *grid_view;

  int                   zoom;
};

G_DEFINE_FINAL_TYPE (MnrWindow, mnr_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_FRAMEWORK,
  PROP_SETTINGS,
  PROP_ZOOM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
on_selected_changed_cb (MnrWindow   *self,
                        GParamSpec  *pspec,
                        MnrGridView *grid_view)
{
  MnrElement *selected = mnr_grid_view_get_selected (grid_view);

  if (selected != NULL)
    mnr_detail_panel_set_element (self->detail_panel, selected);

  adw_flap_set_reveal_flap (self->flap, selected != NULL);
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

static void
update_zoom_actions (MnrWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.zoom-in",
                                 self->zoom < zoom_steps[G_N_ELEMENTS (zoom_steps) - 1]);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.zoom-out",
                                 self->zoom > zoom_steps[0]);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.zoom-reset",
                                 self->zoom != 100);
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

static void
mnr_window_constructed (GObject *object)
{
  MnrWindow *self = (MnrWindow *)object;

  G_OBJECT_CLASS (mnr_window_parent_class)->constructed (object);

  g_return_if_fail (MNR_IS_FRAMEWORK (self->framework));

  adw_window_title_set_subtitle (self->window_title, mnr_framework_get_edition (self->framework));
  mnr_detail_panel_set_framework (self->detail_panel, self->framework);

  self->grid_view = MNR_GRID_VIEW (mnr_grid_view_new (self->framework));
  gtk_scrolled_window_set_child (self->grid_scroller, GTK_WIDGET (self->grid_view));
  g_signal_connect_object (self->grid_view, "notify::selected",
                           G_CALLBACK (on_selected_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->flap, "notify::folded",
                           G_CALLBACK (on_flap_folded_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->detail_panel, "element-activated",
                           G_CALLBACK (on_element_activated_cb), self,
                           G_CONNECT_SWAPPED);

  if (self->settings != NULL)
    {
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (self->settings, "window-width"),
                                   g_settings_get_int (self->settings, "window-height"));
      if (g_settings_get_boolean (self->settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));

      g_settings_bind (self->settings, "grid-zoom", self, "zoom", G_SETTINGS_BIND_DEFAULT);
    }

  mnr_window_set_zoom (self, self->zoom);
}

static void
mnr_window_dispose (GObject *object)
{
  MnrWindow *self = (MnrWindow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), MNR_TYPE_WINDOW);

  G_OBJECT_CLASS (mnr_window_parent_class)->dispose (object);
}

static void
mnr_window_finalize (GObject *object)
{
  MnrWindow *self = (MnrWindow *)object;

  g_clear_object (&self->framework);
  g_clear_object (&self->settings);

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

  properties[PROP_FRAMEWORK] =
    g_param_spec_object ("framework", NULL, NULL,
                         MNR_TYPE_FRAMEWORK,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ZOOM] =
    g_param_spec_int ("zoom", NULL, NULL,
                      zoom_steps[0], zoom_steps[G_N_ELEMENTS (zoom_steps) - 1], 100,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (MNR_TYPE_DETAIL_PANEL);

  /* keeps the bundle (and its registration) in a static link */
  (void) mnr_gui_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/mnr-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MnrWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, MnrWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, MnrWindow, grid_scroller);
  gtk_widget_class_bind_template_child (widget_class, MnrWindow, detail_panel);

  gtk_widget_class_install_action (widget_class, "win.close-panel", NULL, close_panel_action);
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
}

static void
mnr_window_init (MnrWindow *self)
{
  self->zoom = 100;

  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * mnr_window_new:
 * @application: (nullable): the application, %NULL in tests
 * @settings: (nullable): where the window keeps its size and zoom
 */
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
 * Returns: (transfer none): the side panel
 */
GtkWidget *
mnr_window_get_detail_panel (MnrWindow *self)
{
  g_return_val_if_fail (MNR_IS_WINDOW (self), NULL);

  return GTK_WIDGET (self->detail_panel);
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

  percent = zoom_steps[nearest_zoom_step (percent)];

  if (self->grid_view != NULL)
    {
      old_class = g_strdup_printf ("zoom-%d", self->zoom);
      new_class = g_strdup_printf ("zoom-%d", percent);
      gtk_widget_remove_css_class (GTK_WIDGET (self->grid_view), old_class);
      gtk_widget_add_css_class (GTK_WIDGET (self->grid_view), new_class);
    }

  if (self->zoom != percent)
    {
      self->zoom = percent;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
    }

  update_zoom_actions (self);
}
