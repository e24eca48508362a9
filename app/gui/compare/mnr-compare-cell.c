/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-compare-cell"

#include "config.h"

#include <glib/gi18n.h>

#include "mnr-compare-cell.h"
#include "mnr-compare-row.h"

/* One cell of the Compare view's heat map: a light widget that draws its
 * colour and its short text itself (the text's layout kept until it
 * changes), and carries the cell's accessible name, so that a screen
 * reader reads every cell, and the keyboard focus lands on one. No CSS
 * classes change when it is bound again: a row of 28 is cheap to reuse. */

struct _MnrCompareCell
{
  GtkWidget            parent_instance;

  guint                column;
  MnrCompareCellFrame  frame;
  GdkRGBA              background;
  GdkRGBA              foreground;
  char                *text;
  PangoLayout         *layout;   /* owned, nullable: made when first drawn */
};

G_DEFINE_FINAL_TYPE (MnrCompareCell, mnr_compare_cell, GTK_TYPE_WIDGET)

static void
mnr_compare_cell_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  *minimum = *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? MNR_COMPARE_CELL_WIDTH
                                                                  : MNR_COMPARE_CELL_HEIGHT;
}

static void
mnr_compare_cell_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  MnrCompareCell *self = MNR_COMPARE_CELL (widget);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  GskRoundedRect box;
  int text_width, text_height;

  gsk_rounded_rect_init_from_rect (&box, &GRAPHENE_RECT_INIT (1, 1, width - 2, height - 2), 4);

  switch (self->frame)
    {
    case MNR_COMPARE_CELL_FILLED:
      gtk_snapshot_push_rounded_clip (snapshot, &box);
      gtk_snapshot_append_color (snapshot, &self->background, &box.bounds);
      gtk_snapshot_pop (snapshot);
      break;

    case MNR_COMPARE_CELL_OUTLINED:
      {
        GdkRGBA line = self->foreground;
        float widths[4] = { 1, 1, 1, 1 };
        GdkRGBA colors[4];

        line.alpha *= 0.5f;
        for (guint i = 0; i < 4; i++)
          colors[i] = line;
        gtk_snapshot_append_border (snapshot, &box, widths, colors);
      }
      break;

    case MNR_COMPARE_CELL_EMPTY:
    default:
      break;
    }

  if (gtk_widget_has_visible_focus (widget))
    {
      float widths[4] = { 3, 3, 3, 3 };
      GdkRGBA accent = { 0.21f, 0.52f, 0.89f, 1 };
      GdkRGBA colors[4] = { accent, accent, accent, accent };
      GskRoundedRect ring;

      gsk_rounded_rect_init_from_rect (&ring, &GRAPHENE_RECT_INIT (0, 0, width, height), 5);
      gtk_snapshot_append_border (snapshot, &ring, widths, colors);
    }

  if (self->text == NULL || self->text[0] == '\0')
    return;

  if (self->layout == NULL)
    self->layout = gtk_widget_create_pango_layout (widget, self->text);

  pango_layout_get_pixel_size (self->layout, &text_width, &text_height);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT ((width - text_width) / 2.0f,
                                                          (height - text_height) / 2.0f));
  gtk_snapshot_append_layout (snapshot, self->layout, &self->foreground);
  gtk_snapshot_restore (snapshot);
}

static void
mnr_compare_cell_css_changed (GtkWidget         *widget,
                              GtkCssStyleChange *change)
{
  MnrCompareCell *self = MNR_COMPARE_CELL (widget);

  GTK_WIDGET_CLASS (mnr_compare_cell_parent_class)->css_changed (widget, change);

  /* A new font (zoom, text scale): lay the text out again. */
  g_clear_object (&self->layout);
}

static void
mnr_compare_cell_finalize (GObject *object)
{
  MnrCompareCell *self = (MnrCompareCell *)object;

  g_clear_object (&self->layout);
  g_clear_pointer (&self->text, g_free);

  G_OBJECT_CLASS (mnr_compare_cell_parent_class)->finalize (object);
}

static void
mnr_compare_cell_class_init (MnrCompareCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = mnr_compare_cell_finalize;
  widget_class->measure = mnr_compare_cell_measure;
  widget_class->snapshot = mnr_compare_cell_snapshot;
  widget_class->css_changed = mnr_compare_cell_css_changed;

  gtk_widget_class_set_css_name (widget_class, "compare-cell");
  /* A button: Enter opens the country's capability in the Grid. */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_BUTTON);
}

static void
mnr_compare_cell_init (MnrCompareCell *self)
{
  self->frame = MNR_COMPARE_CELL_EMPTY;
}

/**
 * mnr_compare_cell_new:
 * @column: its column of the matrix
 * @focusable: whether the keyboard reaches it (the cells of countries)
 */
GtkWidget *
mnr_compare_cell_new (guint    column,
                      gboolean focusable)
{
  MnrCompareCell *self = g_object_new (MNR_TYPE_COMPARE_CELL, NULL);

  self->column = column;
  gtk_widget_set_focusable (GTK_WIDGET (self), focusable);
  return GTK_WIDGET (self);
}

guint
mnr_compare_cell_get_column (MnrCompareCell *self)
{
  g_return_val_if_fail (MNR_IS_COMPARE_CELL (self), 0);

  return self->column;
}

/**
 * mnr_compare_cell_set:
 * @text: what it shows beside its colour ("3", "▲3")
 * @accessible_name: what a screen reader reads
 *
 * Shows a cell; redraws only what changed.
 */
void
mnr_compare_cell_set (MnrCompareCell      *self,
                      MnrCompareCellFrame  frame,
                      const GdkRGBA       *background,
                      const GdkRGBA       *foreground,
                      const char          *text,
                      const char          *accessible_name)
{
  g_return_if_fail (MNR_IS_COMPARE_CELL (self));

  if (g_strcmp0 (text, self->text) != 0)
    {
      g_free (self->text);
      self->text = g_strdup (text);
      if (self->layout != NULL)
        pango_layout_set_text (self->layout, text != NULL ? text : "", -1);
    }

  self->frame = frame;
  self->background = *background;
  self->foreground = *foreground;

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_name,
                                  -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
