/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-vertical-label"

#include "config.h"

#include <string.h>

#include "mnr-vertical-label.h"

/* Text that reads from bottom to top, as the domain names run down the
 * side of their bands in the official MNR graphic. It costs the grid a
 * line's height of width instead of a column of wrapped words. Text longer
 * than MAX_LINE_WIDTH is set on two balanced lines. */

#define MAX_LINE_WIDTH 110

struct _MnrVerticalLabel
{
  GtkWidget    parent_instance;

  char        *text;
  PangoLayout *layout;
};

G_DEFINE_FINAL_TYPE (MnrVerticalLabel, mnr_vertical_label, GTK_TYPE_WIDGET)

static int
line_width (MnrVerticalLabel *self,
            const char       *text)
{
  int width;

  pango_layout_set_text (self->layout, text, -1);
  pango_layout_get_pixel_size (self->layout, &width, NULL);
  return width;
}

/* Lays the text out again for the current font: one line, or two lines
 * broken at the space that makes the longer one shortest. */
static void
update_layout (MnrVerticalLabel *self)
{
  g_autofree char *best = NULL;
  int best_width;

  g_clear_object (&self->layout);
  self->layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  pango_layout_set_alignment (self->layout, PANGO_ALIGN_CENTER);

  best = g_strdup (self->text);
  best_width = line_width (self, self->text);

  if (best_width > MAX_LINE_WIDTH)
    {
      for (const char *p = strchr (self->text, ' '); p != NULL; p = strchr (p + 1, ' '))
        {
          g_autofree char *first = g_strndup (self->text, p - self->text);
          int width = MAX (line_width (self, first), line_width (self, p + 1));

          if (width < best_width)
            {
              g_free (best);
              best = g_strconcat (first, "\n", p + 1, NULL);
              best_width = width;
            }
        }
    }

  pango_layout_set_text (self->layout, best, -1);
}

static void
mnr_vertical_label_css_changed (GtkWidget         *widget,
                                GtkCssStyleChange *change)
{
  MnrVerticalLabel *self = MNR_VERTICAL_LABEL (widget);
  int old_width = -1, old_height = -1, width, height;

  GTK_WIDGET_CLASS (mnr_vertical_label_parent_class)->css_changed (widget, change);

  if (self->layout != NULL)
    pango_layout_get_pixel_size (self->layout, &old_width, &old_height);

  update_layout (self);
  pango_layout_get_pixel_size (self->layout, &width, &height);

  /* Most style changes (hover, focus, the window going to the back) leave
   * the text's size alone: then the grid need not be laid out again. */
  if (width != old_width || height != old_height)
    gtk_widget_queue_resize (widget);
  else
    gtk_widget_queue_draw (widget);
}

static void
mnr_vertical_label_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  MnrVerticalLabel *self = MNR_VERTICAL_LABEL (widget);
  int width, height;

  if (self->layout == NULL)
    update_layout (self);

  pango_layout_get_pixel_size (self->layout, &width, &height);

  /* Turned a quarter: the text's width is the widget's height. */
  *minimum = *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? height : width;
}

static void
mnr_vertical_label_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  MnrVerticalLabel *self = MNR_VERTICAL_LABEL (widget);
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  GtkStyleContext *context = gtk_widget_get_style_context (widget);
  G_GNUC_END_IGNORE_DEPRECATIONS
  GdkRGBA color;
  int width, height;

  if (self->layout == NULL)
    update_layout (self);

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (context, &color);
  G_GNUC_END_IGNORE_DEPRECATIONS
  pango_layout_get_pixel_size (self->layout, &width, &height);

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot,
                          &GRAPHENE_POINT_INIT ((gtk_widget_get_width (widget) - height) / 2.0f,
                                                (gtk_widget_get_height (widget) + width) / 2.0f));
  gtk_snapshot_rotate (snapshot, -90);
  gtk_snapshot_append_layout (snapshot, self->layout, &color);
  gtk_snapshot_restore (snapshot);
}

static void
mnr_vertical_label_finalize (GObject *object)
{
  MnrVerticalLabel *self = (MnrVerticalLabel *)object;

  g_clear_pointer (&self->text, g_free);
  g_clear_object (&self->layout);

  G_OBJECT_CLASS (mnr_vertical_label_parent_class)->finalize (object);
}

static void
mnr_vertical_label_class_init (MnrVerticalLabelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = mnr_vertical_label_finalize;

  widget_class->measure = mnr_vertical_label_measure;
  widget_class->snapshot = mnr_vertical_label_snapshot;
  widget_class->css_changed = mnr_vertical_label_css_changed;

  gtk_widget_class_set_css_name (widget_class, "verticallabel");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
mnr_vertical_label_init (MnrVerticalLabel *self)
{
}

GtkWidget *
mnr_vertical_label_new (const char *text)
{
  MnrVerticalLabel *self = g_object_new (MNR_TYPE_VERTICAL_LABEL, NULL);

  self->text = g_strdup (text != NULL ? text : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->text,
                                  -1);
  return GTK_WIDGET (self);
}

const char *
mnr_vertical_label_get_text (MnrVerticalLabel *self)
{
  g_return_val_if_fail (MNR_IS_VERTICAL_LABEL (self), NULL);

  return self->text;
}
