/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-compare-rows"

#include "config.h"

#include "mnr-compare-rows.h"

/* The country rows of the Compare view, scrolled: as many row widgets as
 * the height shows (and one more), made once and kept, each bound to the
 * matrix row in its place. Rows are all as tall, so where each is comes
 * from its index alone.
 *
 * A GtkListView did this before, but it makes and destroys a row widget
 * (28 cells, their CSS nodes and accessible objects) for each row its
 * model gains or loses: switching from every country to ASEAN destroyed
 * the rows, and back made them again, some 30 ms each way. Here a switch
 * only binds the rows on screen to the new matrix; the widgets beyond the
 * group's last row are hidden, and kept for the next larger group.
 *
 * Widget for row r: pool[r % pool->len], a ring, so that a scroll by one
 * row binds one widget; the children stay in the rows' order, for the
 * screen reader. */

struct _MnrCompareRows
{
  GtkWidget                parent_instance;

  GtkAdjustment           *hadjustment;
  GtkAdjustment           *vadjustment;
  guint                    hscroll_policy;
  guint                    vscroll_policy;

  GPtrArray               *pool;      /* MnrCompareRow, children */
  MnrCompareMatrix        *matrix;
  const MnrComparePalette *palette;   /* the view's */
  guint                    n_rows;
  int                      height;    /* allocated */
  gboolean                 allocating;

  /* The focused cell's row, scrolled out of view (the wheel, the
   * scrollbar): its widget shows another row now, so the focus waits on
   * this widget until the row comes back. -1: none. */
  int                      held_row;
  guint                    held_column;
};

enum
{
  PROP_0,
  PROP_HADJUSTMENT,
  PROP_VADJUSTMENT,
  PROP_HSCROLL_POLICY,
  PROP_VSCROLL_POLICY,
};

G_DEFINE_FINAL_TYPE_WITH_CODE (MnrCompareRows, mnr_compare_rows, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SCROLLABLE, NULL))

/* Taller with the text (mnr_compare_text_scale ()). */
#define ROW_HEIGHT (mnr_compare_scaled (mnr_compare_text_scale (GTK_WIDGET (self)), MNR_COMPARE_ROWS_ROW_HEIGHT))

static double
scroll_value (MnrCompareRows *self)
{
  return self->vadjustment != NULL ? gtk_adjustment_get_value (self->vadjustment) : 0;
}

/* The rows in view: [*first, *last). */
static void
rows_in_view (MnrCompareRows *self,
              guint          *first,
              guint          *last)
{
  double value = scroll_value (self);

  *first = MIN ((guint)(value / ROW_HEIGHT), self->n_rows);
  *last = MIN ((guint)((value + self->height + ROW_HEIGHT - 1) / ROW_HEIGHT), self->n_rows);
}

static void
show_widget (MnrCompareRow *row,
             gboolean       shown)
{
  if (gtk_widget_get_child_visible (GTK_WIDGET (row)) == shown)
    return;

  gtk_widget_set_child_visible (GTK_WIDGET (row), shown);
  /* Out of the screen reader's tree too, with its old country's names. */
  gtk_accessible_update_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_HIDDEN, !shown, -1);
}

/* The focus is in @row's widget, about to show another row: it waits on
 * the list instead of moving to that other country's cell. */
static void
hold_focus (MnrCompareRows *self,
            MnrCompareRow  *row)
{
  GtkWidget *cell = gtk_widget_get_focus_child (GTK_WIDGET (row));

  if (cell == NULL || !MNR_IS_COMPARE_CELL (cell) || !gtk_widget_has_focus (cell))
    return;

  self->held_row = mnr_compare_row_get_index (row);
  self->held_column = mnr_compare_cell_get_column (MNR_COMPARE_CELL (cell));
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

/* The held row is in view again, and the focus still waits: back on its
 * cell. */
static void
release_focus (MnrCompareRows *self,
               guint           first,
               guint           last)
{
  MnrCompareRow *row;

  if (self->held_row < 0)
    return;

  if (!gtk_widget_has_focus (GTK_WIDGET (self)) || (guint)self->held_row >= self->n_rows)
    {
      /* The user went elsewhere meanwhile. */
      self->held_row = -1;
      gtk_widget_set_focusable (GTK_WIDGET (self), FALSE);
      return;
    }
  if ((guint)self->held_row < first || (guint)self->held_row >= last)
    return;

  row = g_ptr_array_index (self->pool, (guint)self->held_row % self->pool->len);
  self->held_row = -1;
  gtk_widget_grab_focus (GTK_WIDGET (mnr_compare_row_get_cell (row, self->held_column)));
  gtk_widget_set_focusable (GTK_WIDGET (self), FALSE);
}

/**
 * mnr_compare_rows_get_held_focus:
 * @column: (out): the column of the cell the focus waits for
 *
 * Returns: the row whose cell had the focus before it was scrolled out of
 *   view, while the focus waits on @self; or -1
 */
int
mnr_compare_rows_get_held_focus (MnrCompareRows *self,
                                 guint          *column)
{
  g_return_val_if_fail (MNR_IS_COMPARE_ROWS (self), -1);

  if (self->held_row < 0 || !gtk_widget_has_focus (GTK_WIDGET (self)))
    return -1;
  *column = self->held_column;
  return self->held_row;
}

/* Binds the widgets of the rows in view (every one of them when @all: a
 * new matrix), and hides the others. */
static void
update_rows (MnrCompareRows *self,
             gboolean        all)
{
  guint first, last, len, capacity;
  GtkWidget *previous = NULL;

  rows_in_view (self, &first, &last);

  /* Room for as many rows as the height shows, whatever this group's
   * count, and one more for a scroll by less than a row: made when the
   * view is first shown, a small group's, not at the first switch to a
   * larger group (some 15 ms of that frame for every country after
   * ASEAN). A larger ring maps rows to other widgets: all bound again. */
  capacity = MAX ((guint)((self->height + ROW_HEIGHT - 1) / ROW_HEIGHT), last - first) + 1;
  if (self->pool->len < capacity && self->matrix != NULL)
    {
      while (self->pool->len < capacity)
        {
          GtkWidget *row = mnr_compare_row_new (MNR_COMPARE_ROW_COUNTRY);

          gtk_widget_set_parent (row, GTK_WIDGET (self));
          gtk_widget_set_child_visible (row, FALSE);
          gtk_accessible_update_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
          g_ptr_array_add (self->pool, row);
        }
      all = TRUE;
    }

  len = self->pool->len;
  if (len == 0)
    return;

  for (guint i = 0; i < len; i++)
    {
      MnrCompareRow *row = g_ptr_array_index (self->pool, i);
      guint index = first + (i + len - first % len) % len;

      if (index >= last)
        {
          if (mnr_compare_row_get_index (row) >= 0)
            {
              if (!all)
                hold_focus (self, row);
              mnr_compare_row_unbind (row);
            }
          show_widget (row, FALSE);
          continue;
        }

      if (all || mnr_compare_row_get_index (row) != (int)index)
        {
          if (!all)
            hold_focus (self, row);
          mnr_compare_row_bind (row, self->matrix, self->palette, index);
        }
      show_widget (row, TRUE);
    }

  /* The children in the rows' order: after a scroll, one moves. */
  for (guint r = first; r < last; r++)
    {
      GtkWidget *row = g_ptr_array_index (self->pool, r % len);

      if (gtk_widget_get_prev_sibling (row) != previous)
        gtk_widget_insert_after (row, GTK_WIDGET (self), previous);
      previous = row;
    }

  if (all && self->held_row >= 0)
    {
      /* Another matrix: its rows are others; the view places the focus. */
      self->held_row = -1;
      if (!gtk_widget_has_focus (GTK_WIDGET (self)))
        gtk_widget_set_focusable (GTK_WIDGET (self), FALSE);
    }
  release_focus (self, first, last);
}

static void
on_value_changed_cb (MnrCompareRows *self)
{
  if (self->allocating)
    return;

  update_rows (self, FALSE);
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}

static void
set_adjustment (MnrCompareRows  *self,
                GtkAdjustment  **field,
                GtkAdjustment   *adjustment,
                gboolean         vertical)
{
  if (adjustment == NULL)
    adjustment = gtk_adjustment_new (0, 0, 0, 0, 0, 0);
  if (*field == adjustment)
    return;

  if (*field != NULL)
    g_signal_handlers_disconnect_by_data (*field, self);
  g_set_object (field, adjustment);
  if (vertical)
    g_signal_connect_object (adjustment, "value-changed", G_CALLBACK (on_value_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}

static void
mnr_compare_rows_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  MnrCompareRows *self = MNR_COMPARE_ROWS (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = mnr_compare_row_scaled_width (mnr_compare_text_scale (widget), TRUE);
      *natural = mnr_compare_row_scaled_width (mnr_compare_text_scale (widget), FALSE);
    }
  else
    {
      *minimum = MIN (self->n_rows, 1) * ROW_HEIGHT;
      *natural = (int)self->n_rows * ROW_HEIGHT;
    }
}

static void
mnr_compare_rows_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  MnrCompareRows *self = MNR_COMPARE_ROWS (widget);
  int upper = (int)self->n_rows * ROW_HEIGHT;
  double value = CLAMP (scroll_value (self), 0, MAX (upper - height, 0));
  guint first, last;

  self->height = height;

  self->allocating = TRUE;
  gtk_adjustment_configure (self->vadjustment, value, 0, MAX (upper, height),
                            ROW_HEIGHT, height * 0.9, height);
  gtk_adjustment_configure (self->hadjustment, 0, 0, width, width * 0.1, width * 0.9, width);
  self->allocating = FALSE;

  update_rows (self, FALSE);
  rows_in_view (self, &first, &last);
  for (guint r = first; r < last; r++)
    {
      GtkWidget *row = g_ptr_array_index (self->pool, r % self->pool->len);
      GskTransform *transform = gsk_transform_translate (NULL, &GRAPHENE_POINT_INIT (0, (float)(r * ROW_HEIGHT - value)));

      gtk_widget_allocate (row, width, ROW_HEIGHT, -1, transform);
    }
}

/* Tab enters the cells (the first in its direction) and leaves them: the
 * arrows, the view's, move between them. */
static gboolean
mnr_compare_rows_focus (GtkWidget        *widget,
                        GtkDirectionType  direction)
{
  if (gtk_widget_get_focus_child (widget) != NULL &&
      (direction == GTK_DIR_TAB_FORWARD || direction == GTK_DIR_TAB_BACKWARD))
    return FALSE;

  return GTK_WIDGET_CLASS (mnr_compare_rows_parent_class)->focus (widget, direction);
}

static void
mnr_compare_rows_dispose (GObject *object)
{
  MnrCompareRows *self = (MnrCompareRows *)object;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  if (self->pool != NULL)
    g_ptr_array_set_size (self->pool, 0);
  if (self->hadjustment != NULL)
    g_signal_handlers_disconnect_by_data (self->hadjustment, self);
  if (self->vadjustment != NULL)
    g_signal_handlers_disconnect_by_data (self->vadjustment, self);
  g_clear_object (&self->hadjustment);
  g_clear_object (&self->vadjustment);
  g_clear_object (&self->matrix);

  G_OBJECT_CLASS (mnr_compare_rows_parent_class)->dispose (object);
}

static void
mnr_compare_rows_finalize (GObject *object)
{
  MnrCompareRows *self = (MnrCompareRows *)object;

  g_clear_pointer (&self->pool, g_ptr_array_unref);

  G_OBJECT_CLASS (mnr_compare_rows_parent_class)->finalize (object);
}

static void
mnr_compare_rows_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  MnrCompareRows *self = MNR_COMPARE_ROWS (object);

  switch (prop_id)
    {
    case PROP_HADJUSTMENT:
      g_value_set_object (value, self->hadjustment);
      break;
    case PROP_VADJUSTMENT:
      g_value_set_object (value, self->vadjustment);
      break;
    case PROP_HSCROLL_POLICY:
      g_value_set_enum (value, self->hscroll_policy);
      break;
    case PROP_VSCROLL_POLICY:
      g_value_set_enum (value, self->vscroll_policy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mnr_compare_rows_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  MnrCompareRows *self = MNR_COMPARE_ROWS (object);

  switch (prop_id)
    {
    case PROP_HADJUSTMENT:
      set_adjustment (self, &self->hadjustment, g_value_get_object (value), FALSE);
      break;
    case PROP_VADJUSTMENT:
      set_adjustment (self, &self->vadjustment, g_value_get_object (value), TRUE);
      break;
    case PROP_HSCROLL_POLICY:
      self->hscroll_policy = g_value_get_enum (value);
      break;
    case PROP_VSCROLL_POLICY:
      self->vscroll_policy = g_value_get_enum (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mnr_compare_rows_class_init (MnrCompareRowsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mnr_compare_rows_dispose;
  object_class->finalize = mnr_compare_rows_finalize;
  object_class->get_property = mnr_compare_rows_get_property;
  object_class->set_property = mnr_compare_rows_set_property;
  widget_class->measure = mnr_compare_rows_measure;
  widget_class->size_allocate = mnr_compare_rows_size_allocate;
  widget_class->focus = mnr_compare_rows_focus;

  g_object_class_override_property (object_class, PROP_HADJUSTMENT, "hadjustment");
  g_object_class_override_property (object_class, PROP_VADJUSTMENT, "vadjustment");
  g_object_class_override_property (object_class, PROP_HSCROLL_POLICY, "hscroll-policy");
  g_object_class_override_property (object_class, PROP_VSCROLL_POLICY, "vscroll-policy");

  gtk_widget_class_set_css_name (widget_class, "compare-rows");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LIST);
}

static void
mnr_compare_rows_init (MnrCompareRows *self)
{
  self->pool = g_ptr_array_new ();
  self->held_row = -1;
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  set_adjustment (self, &self->hadjustment, NULL, FALSE);
  set_adjustment (self, &self->vadjustment, NULL, TRUE);
}

GtkWidget *
mnr_compare_rows_new (void)
{
  return g_object_new (MNR_TYPE_COMPARE_ROWS, NULL);
}

/**
 * mnr_compare_rows_show:
 * @palette: the view's, kept as long as @self
 *
 * Shows the rows of @matrix: the widgets on screen are bound to it now;
 * none is made or destroyed.
 */
void
mnr_compare_rows_show (MnrCompareRows          *self,
                       MnrCompareMatrix        *matrix,
                       const MnrComparePalette *palette)
{
  guint n_rows;

  g_return_if_fail (MNR_IS_COMPARE_ROWS (self));
  g_return_if_fail (MNR_IS_COMPARE_MATRIX (matrix));

  n_rows = mnr_compare_matrix_get_n_rows (matrix);
  g_set_object (&self->matrix, matrix);
  self->palette = palette;

  if (n_rows != self->n_rows)
    {
      self->n_rows = n_rows;
      /* Its natural height: the summary stays under the last row. */
      gtk_widget_queue_resize (GTK_WIDGET (self));
    }
  else
    gtk_widget_queue_allocate (GTK_WIDGET (self));

  update_rows (self, TRUE);
}

/**
 * mnr_compare_rows_scroll_to:
 *
 * Scrolls @row into view; its widget is bound at once.
 */
void
mnr_compare_rows_scroll_to (MnrCompareRows *self,
                            guint           row)
{
  double value, top, page;

  g_return_if_fail (MNR_IS_COMPARE_ROWS (self));

  if (row >= self->n_rows)
    return;

  value = scroll_value (self);
  page = self->height;
  top = (double)row * ROW_HEIGHT;
  if (top < value)
    value = top;
  else if (top + ROW_HEIGHT > value + page)
    value = top + ROW_HEIGHT - page;
  else
    return;

  gtk_adjustment_set_value (self->vadjustment, value);
}

/**
 * mnr_compare_rows_get_row:
 *
 * Returns: (transfer none) (nullable): the widget showing @row, if it is
 *   in view
 */
MnrCompareRow *
mnr_compare_rows_get_row (MnrCompareRows *self,
                          guint           row)
{
  MnrCompareRow *widget;

  g_return_val_if_fail (MNR_IS_COMPARE_ROWS (self), NULL);

  if (self->pool->len == 0)
    return NULL;

  widget = g_ptr_array_index (self->pool, row % self->pool->len);
  if (mnr_compare_row_get_index (widget) != (int)row || !gtk_widget_get_child_visible (GTK_WIDGET (widget)))
    return NULL;
  return widget;
}
