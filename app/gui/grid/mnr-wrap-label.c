/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-wrap-label"

#include "config.h"

#include "mnr-wrap-label.h"

/* A wrapping title for the grid's tiles. GtkLabel lays its text out anew
 * for every size it is asked about, and a grid of 34 wrapping titles is
 * asked about many sizes while it settles: most of the app's start-up went
 * into text layout. This label keeps one layout, measures its widths once
 * per font, and remembers the height it found for each width. It breaks
 * lines between words only: it is never narrower than its widest word, so
 * that "Compensation," never reads ", remedies" on a projector. */

#define N_CACHED 8

struct _MnrWrapLabel
{
  GtkWidget    parent_instance;

  char        *text;
  PangoLayout *layout;
  int          min_chars;
  int          max_chars;

  /* measured for the current font; -1 when unknown */
  int          min_width;
  int          nat_width;
  int          word_width;  /* the widest word */
  struct {
    int width;
    int height;
  }            heights[N_CACHED];
  guint        next_slot;
};

G_DEFINE_FINAL_TYPE (MnrWrapLabel, mnr_wrap_label, GTK_TYPE_WIDGET)

static void
invalidate (MnrWrapLabel *self)
{
  self->min_width = -1;
  self->nat_width = -1;
  for (guint i = 0; i < N_CACHED; i++)
    self->heights[i].width = -1;
}

static PangoLayout *
ensure_layout (MnrWrapLabel *self)
{
  if (self->layout == NULL)
    {
      self->layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), self->text);
      pango_layout_set_wrap (self->layout, PANGO_WRAP_WORD_CHAR);
    }

  return self->layout;
}

static void
measure_widths (MnrWrapLabel *self)
{
  PangoLayout *layout = ensure_layout (self);
  PangoContext *context;
  PangoFontMetrics *metrics;
  int char_width, width;

  if (self->min_width >= 0)
    return;

  /* Unwrapped: the natural width. */
  pango_layout_set_width (layout, -1);
  pango_layout_get_pixel_size (layout, &self->nat_width, NULL);

  /* Broken at every word: the widest word is the least width that does
   * not break one. */
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD);
  pango_layout_set_width (layout, 1);
  pango_layout_get_pixel_size (layout, &width, NULL);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  self->min_width = width;
  self->word_width = width;

  context = pango_layout_get_context (layout);
  metrics = pango_context_get_metrics (context, pango_context_get_font_description (context), NULL);
  char_width = pango_font_metrics_get_approximate_char_width (metrics) / PANGO_SCALE;
  pango_font_metrics_unref (metrics);

  /* As GtkLabel's width-chars: at least that much, and never less than
   * the widest word. */
  if (self->min_chars > 0)
    self->min_width = MAX (self->min_width, char_width * self->min_chars);
  self->min_width = MAX (self->min_width, 1);

  if (self->max_chars > 0)
    self->nat_width = MIN (self->nat_width, char_width * self->max_chars);
  self->nat_width = MAX (self->nat_width, self->min_width);
}

static int
height_for_width (MnrWrapLabel *self,
                  int           width)
{
  PangoLayout *layout = ensure_layout (self);
  int height;

  for (guint i = 0; i < N_CACHED; i++)
    if (self->heights[i].width == width)
      return self->heights[i].height;

  pango_layout_set_width (layout, width >= 0 ? width * PANGO_SCALE : -1);
  pango_layout_get_pixel_size (layout, NULL, &height);

  self->heights[self->next_slot].width = width;
  self->heights[self->next_slot].height = height;
  self->next_slot = (self->next_slot + 1) % N_CACHED;

  return height;
}

static GtkSizeRequestMode
mnr_wrap_label_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
mnr_wrap_label_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  MnrWrapLabel *self = MNR_WRAP_LABEL (widget);

  measure_widths (self);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = self->min_width;
      *natural = self->nat_width;
    }
  else
    {
      *minimum = height_for_width (self, for_size >= 0 ? MAX (for_size, self->min_width) : self->nat_width);
      *natural = *minimum;
    }
}

static void
mnr_wrap_label_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  MnrWrapLabel *self = MNR_WRAP_LABEL (widget);
  PangoLayout *layout = ensure_layout (self);
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  GtkStyleContext *context = gtk_widget_get_style_context (widget);
  G_GNUC_END_IGNORE_DEPRECATIONS
  GdkRGBA color;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (context, &color);
  G_GNUC_END_IGNORE_DEPRECATIONS

  pango_layout_set_width (layout, gtk_widget_get_width (widget) * PANGO_SCALE);
  /* The widget's layout has its direction as base direction, in which
   * "left" is the start side: right in right-to-left. */
  pango_layout_set_alignment (layout, PANGO_ALIGN_LEFT);
  gtk_snapshot_append_layout (snapshot, layout, &color);
}

static void
mnr_wrap_label_css_changed (GtkWidget         *widget,
                            GtkCssStyleChange *change)
{
  MnrWrapLabel *self = MNR_WRAP_LABEL (widget);
  g_autofree char *old_font = NULL;
  g_autofree char *new_font = NULL;

  GTK_WIDGET_CLASS (mnr_wrap_label_parent_class)->css_changed (widget, change);

  if (self->layout != NULL)
    old_font = pango_font_description_to_string (pango_context_get_font_description (pango_layout_get_context (self->layout)));

  g_clear_object (&self->layout);
  ensure_layout (self);
  new_font = pango_font_description_to_string (pango_context_get_font_description (pango_layout_get_context (self->layout)));

  /* Colour and state changes keep the sizes; a new font or size does not. */
  if (g_strcmp0 (old_font, new_font) != 0)
    {
      invalidate (self);
      gtk_widget_queue_resize (widget);
    }
  else
    gtk_widget_queue_draw (widget);
}

static void
mnr_wrap_label_direction_changed (GtkWidget        *widget,
                                  GtkTextDirection  previous)
{
  MnrWrapLabel *self = MNR_WRAP_LABEL (widget);

  GTK_WIDGET_CLASS (mnr_wrap_label_parent_class)->direction_changed (widget, previous);
  g_clear_object (&self->layout);
  invalidate (self);
  gtk_widget_queue_resize (widget);
}

static void
mnr_wrap_label_finalize (GObject *object)
{
  MnrWrapLabel *self = (MnrWrapLabel *)object;

  g_clear_pointer (&self->text, g_free);
  g_clear_object (&self->layout);

  G_OBJECT_CLASS (mnr_wrap_label_parent_class)->finalize (object);
}

static void
mnr_wrap_label_class_init (MnrWrapLabelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = mnr_wrap_label_finalize;

  widget_class->get_request_mode = mnr_wrap_label_get_request_mode;
  widget_class->measure = mnr_wrap_label_measure;
  widget_class->snapshot = mnr_wrap_label_snapshot;
  widget_class->css_changed = mnr_wrap_label_css_changed;
  widget_class->direction_changed = mnr_wrap_label_direction_changed;

  gtk_widget_class_set_css_name (widget_class, "label");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
mnr_wrap_label_init (MnrWrapLabel *self)
{
  self->text = g_strdup ("");
  invalidate (self);
}

GtkWidget *
mnr_wrap_label_new (const char *text)
{
  MnrWrapLabel *self = g_object_new (MNR_TYPE_WRAP_LABEL, NULL);

  mnr_wrap_label_set_text (self, text);
  return GTK_WIDGET (self);
}

/**
 * mnr_wrap_label_get_word_width:
 *
 * Returns: the width of the widest word of the text, in pixels: the least
 *   width at which no word is broken
 */
int
mnr_wrap_label_get_word_width (MnrWrapLabel *self)
{
  g_return_val_if_fail (MNR_IS_WRAP_LABEL (self), 0);

  measure_widths (self);
  return self->word_width;
}

const char *
mnr_wrap_label_get_text (MnrWrapLabel *self)
{
  g_return_val_if_fail (MNR_IS_WRAP_LABEL (self), NULL);
  return self->text;
}

void
mnr_wrap_label_set_text (MnrWrapLabel *self,
                         const char   *text)
{
  g_return_if_fail (MNR_IS_WRAP_LABEL (self));

  if (g_strcmp0 (self->text, text) == 0)
    return;

  g_free (self->text);
  self->text = g_strdup (text != NULL ? text : "");
  if (self->layout != NULL)
    pango_layout_set_text (self->layout, self->text, -1);
  invalidate (self);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, self->text, -1);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/**
 * mnr_wrap_label_set_width_chars:
 * @min_chars: the least width, in average characters; 0 for the widest word
 * @max_chars: the natural width at most, in average characters; 0 for none
 */
void
mnr_wrap_label_set_width_chars (MnrWrapLabel *self,
                                int           min_chars,
                                int           max_chars)
{
  g_return_if_fail (MNR_IS_WRAP_LABEL (self));

  self->min_chars = MAX (min_chars, 0);
  self->max_chars = MAX (max_chars, 0);
  invalidate (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}
