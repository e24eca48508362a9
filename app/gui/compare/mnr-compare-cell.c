/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-compare-cell"

#include "config.h"

#include <glib/gi18n.h>

#include "mnr-compare-cell.h"
#include "mnr-compare-row.h"

/* One cell of the Compare view's heat map: a light widget that draws its
 * colour and its short text itself, and carries the cell's accessible
 * name, so that a screen reader reads every cell, and the keyboard focus
 * lands on one. No CSS classes change when it is bound again: a row of 28
 * is cheap to reuse.
 *
 * Cheap enough for a frame: the few texts cells show ("3", "–", "▲3") are
 * laid out once for all cells of a kind, and accessible names, whose
 * every change is a message on the accessibility bus, are handed over
 * after the frame, in an idle, when they changed. */

/* Layouts by text, one table for country cells and one for the summary's
 * (a smaller font); emptied when a cell's style changes (zoom). */
static GHashTable *layouts[2];

/* Cells whose accessible name waits to be set (owned references). */
static GPtrArray *pending_names;
static guint pending_id;

/* Other widgets' names waiting (the rows'): Label. */
typedef struct
{
  GtkWidget *widget;
  char      *name;
} Label;

static GArray *pending_labels;

static void
label_clear (gpointer data)
{
  Label *label = data;

  g_object_unref (label->widget);
  g_free (label->name);
}

#define NAME_BUDGET_US 3000

struct _MnrCompareCell
{
  GtkWidget            parent_instance;

  guint                column;
  MnrCompareCellFrame  frame;
  GdkRGBA              background;
  GdkRGBA              foreground;
  char                *text;
  char                *name;         /* the accessible name to have; NULL: the name func's */
  char                *name_set;     /* the one set */
  gboolean             name_pending;
  MnrCompareCellNameFunc name_func;
  gpointer             name_data;
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
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = mnr_compare_scaled (mnr_compare_text_scale (widget), MNR_COMPARE_MIN_CELL_WIDTH);
      *natural = mnr_compare_scaled (mnr_compare_text_scale (widget), MNR_COMPARE_CELL_WIDTH);
    }
  else
    *minimum = *natural = mnr_compare_scaled (mnr_compare_text_scale (widget), MNR_COMPARE_CELL_HEIGHT);
}

static void
mnr_compare_cell_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  MnrCompareCell *self = MNR_COMPARE_CELL (widget);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  GskRoundedRect box;
  PangoLayout *layout;
  int text_width, text_height;

  gsk_rounded_rect_init_from_rect (&box, &GRAPHENE_RECT_INIT (1, 1, width - 2, height - 2), 0);

  switch (self->frame)
    {
    case MNR_COMPARE_CELL_FILLED:
      /* Square: a plain fill. A rounded clip around the colour costs the
       * cairo renderer a mask per cell, a quarter of a switch's frame. */
      gtk_snapshot_append_color (snapshot, &self->background, &box.bounds);
      break;

    case MNR_COMPARE_CELL_OUTLINED:
      {
        /* Four lines of colour: crisp in both renderers, where a border
         * node lost a side to the GL one at some positions. */
        const graphene_rect_t *b = &box.bounds;
        GdkRGBA line = self->foreground;

        line.alpha *= 0.5f;
        gtk_snapshot_append_color (snapshot, &line, &GRAPHENE_RECT_INIT (b->origin.x, b->origin.y, b->size.width, 1));
        gtk_snapshot_append_color (snapshot, &line, &GRAPHENE_RECT_INIT (b->origin.x, b->origin.y + b->size.height - 1,
                                                                         b->size.width, 1));
        gtk_snapshot_append_color (snapshot, &line, &GRAPHENE_RECT_INIT (b->origin.x, b->origin.y + 1, 1, b->size.height - 2));
        gtk_snapshot_append_color (snapshot, &line, &GRAPHENE_RECT_INIT (b->origin.x + b->size.width - 1, b->origin.y + 1,
                                                                         1, b->size.height - 2));
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

  {
    guint kind = gtk_widget_get_focusable (widget) ? 0 : 1;

    if (layouts[kind] == NULL)
      layouts[kind] = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
    layout = g_hash_table_lookup (layouts[kind], self->text);
    if (layout == NULL)
      {
        layout = gtk_widget_create_pango_layout (widget, self->text);
        g_hash_table_insert (layouts[kind], g_strdup (self->text), layout);
      }
  }

  pango_layout_get_pixel_size (layout, &text_width, &text_height);
  gtk_snapshot_save (snapshot);
  if (text_width > width - 4)
    {
      /* A narrow cell (a small window) and a long text ("▲12▼3"): smaller. */
      float scale = (float)(width - 4) / (float)text_width;

      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (2, (height - text_height * scale) / 2.0f));
      gtk_snapshot_scale (snapshot, scale, scale);
    }
  else
    gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT ((width - text_width) / 2.0f,
                                                            (height - text_height) / 2.0f));
  gtk_snapshot_append_layout (snapshot, layout, &self->foreground);
  gtk_snapshot_restore (snapshot);
}

static void
mnr_compare_cell_css_changed (GtkWidget         *widget,
                              GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (mnr_compare_cell_parent_class)->css_changed (widget, change);

  /* Perhaps a new font (zoom, text scale): lay the texts out again. */
  if (layouts[gtk_widget_get_focusable (widget) ? 0 : 1] != NULL)
    g_hash_table_remove_all (layouts[gtk_widget_get_focusable (widget) ? 0 : 1]);
}

/* Sets the accessible name the cell is to have, if it is not the one set. */
static void
update_name (MnrCompareCell *self)
{
  g_autofree char *made = NULL;
  const char *name = self->name;

  if (name == NULL && self->name_func != NULL)
    name = made = self->name_func (self, self->name_data);
  if (name == NULL || g_strcmp0 (name, self->name_set) == 0)
    return;

  g_free (self->name_set);
  self->name_set = g_strdup (name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

static gboolean
set_pending_names_cb (gpointer user_data)
{
  gint64 start = g_get_monotonic_time ();
  guint done = 0;

  while (done < pending_names->len && g_get_monotonic_time () - start < NAME_BUDGET_US)
    {
      MnrCompareCell *self = g_ptr_array_index (pending_names, done++);

      self->name_pending = FALSE;
      update_name (self);
    }

  g_ptr_array_remove_range (pending_names, 0, done);

  done = 0;
  while (pending_labels != NULL && done < pending_labels->len &&
         g_get_monotonic_time () - start < NAME_BUDGET_US)
    {
      Label *label = &g_array_index (pending_labels, Label, done++);

      gtk_accessible_update_property (GTK_ACCESSIBLE (label->widget), GTK_ACCESSIBLE_PROPERTY_LABEL, label->name, -1);
    }
  if (pending_labels != NULL)
    g_array_remove_range (pending_labels, 0, done);

  if (pending_names->len > 0 || (pending_labels != NULL && pending_labels->len > 0))
    return G_SOURCE_CONTINUE;

  pending_id = 0;
  return G_SOURCE_REMOVE;
}

static void
schedule_names (void)
{
  if (pending_names == NULL)
    pending_names = g_ptr_array_new_with_free_func (g_object_unref);
  if (pending_id == 0)
    pending_id = g_idle_add_full (G_PRIORITY_LOW, set_pending_names_cb, NULL, NULL);
}

/**
 * mnr_compare_label_later:
 *
 * Sets @widget's accessible name after the frame, with the cells'.
 */
void
mnr_compare_label_later (GtkWidget  *widget,
                         const char *name)
{
  Label label = { g_object_ref (widget), g_strdup (name) };

  if (pending_labels == NULL)
    {
      pending_labels = g_array_new (FALSE, FALSE, sizeof (Label));
      g_array_set_clear_func (pending_labels, label_clear);
    }
  g_array_append_val (pending_labels, label);
  schedule_names ();
}

/**
 * mnr_compare_cell_flush_names:
 *
 * Sets every accessible name still waiting (tests, and before a screen
 * reader is told the focus moved).
 */
void
mnr_compare_cell_flush_names (void)
{
  while (pending_id != 0)
    set_pending_names_cb (NULL);
}

static void
mnr_compare_cell_finalize (GObject *object)
{
  MnrCompareCell *self = (MnrCompareCell *)object;

  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->name_set, g_free);

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
 * mnr_compare_cell_set_name_func:
 *
 * Sets what makes the cell's accessible name when mnr_compare_cell_set()
 * is given none: formatting the names of every cell on screen would cost
 * a switch of group a millisecond before its frame.
 */
void
mnr_compare_cell_set_name_func (MnrCompareCell        *self,
                                MnrCompareCellNameFunc func,
                                gpointer               data)
{
  g_return_if_fail (MNR_IS_COMPARE_CELL (self));

  self->name_func = func;
  self->name_data = data;
}

/**
 * mnr_compare_cell_set:
 * @text: what it shows beside its colour ("3", "▲3")
 * @accessible_name: (nullable): what a screen reader reads; %NULL: what
 *   the name func makes, after the frame
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
    }

  self->frame = frame;
  self->background = *background;
  self->foreground = *foreground;

  gtk_widget_queue_draw (GTK_WIDGET (self));

  if (accessible_name != NULL && g_strcmp0 (accessible_name, self->name) == 0)
    return;
  g_free (self->name);
  self->name = g_strdup (accessible_name);

  /* The focused cell's name at once: it is being read out. */
  if (gtk_widget_has_focus (GTK_WIDGET (self)))
    {
      update_name (self);
      return;
    }

  schedule_names ();
  if (!self->name_pending)
    {
      g_ptr_array_add (pending_names, g_object_ref (self));
      self->name_pending = TRUE;
    }
}
