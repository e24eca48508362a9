/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-screenshot"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "mnr-screenshot.h"

/**
 * mnr_screenshot_save:
 * @widget: a realized widget, typically a window
 * @filename: where to write the PNG
 *
 * Renders @widget as it is drawn now, with the renderer of its window, and
 * saves it as a PNG of the widget's size. Used by `--screenshot` for the
 * metainfo, the README and the tests.
 */
gboolean
mnr_screenshot_save (GtkWidget   *widget,
                     const char  *filename,
                     GError     **error)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GtkSnapshot *snapshot;
  GskRenderer *renderer;
  GtkNative *native;
  graphene_rect_t bounds;
  int width, height;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), FALSE);
  g_return_val_if_fail (filename != NULL, FALSE);

  native = gtk_widget_get_native (widget);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);

  if (native == NULL || width <= 0 || height <= 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                   _("The window is not shown yet, so there is nothing to capture."));
      return FALSE;
    }

  /* The paintable is the widget's bounds, a window's shadow and margin
   * included (1440 × 900 for a window of 1430 × 890 under Xvfb): drawn at
   * the widget's size it was scaled down by 0.7 %, which put every edge
   * between pixels and lost a column of pixels here and there (the right
   * edge of Compare's column 15 at 1440 px). Drawn at its own size, and
   * the widget's part rendered. */
  if (!gtk_widget_compute_bounds (widget, widget, &bounds))
    bounds = GRAPHENE_RECT_INIT (0, 0, width, height);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), ceilf (bounds.size.width), ceilf (bounds.size.height));
  node = gtk_snapshot_free_to_node (snapshot);

  if (node == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("The window drew nothing to capture."));
      return FALSE;
    }

  renderer = gtk_native_get_renderer (native);
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (-bounds.origin.x, -bounds.origin.y, width, height));

  if (!gdk_texture_save_to_png (texture, filename))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not write the screenshot to “%s”."), filename);
      return FALSE;
    }

  return TRUE;
}
