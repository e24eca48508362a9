/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-tile-flow"

#include "config.h"

#include "mnr-tile-flow.h"

/* A domain band's capability tiles: side by side in equal columns while
 * each column has its tile's natural width (no word of a title broken),
 * else in as few rows as that takes, the tiles shared out evenly between
 * them (five tiles in three and two, four in two and two). At 200 % text
 * a band of five no longer fits a 1280 px window on one row; a GtkFlowBox
 * would wrap each tile in a child of its own, in the focus chain and the
 * accessibility tree. Rows follow the text direction. */

struct _MnrTileFlow
{
  GtkWidget parent_instance;

  int       spacing;
};

G_DEFINE_FINAL_TYPE (MnrTileFlow, mnr_tile_flow, GTK_TYPE_WIDGET)

static guint
count_children (GtkWidget *widget)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_should_layout (child))
      n++;

  return n;
}

/* The widest minimum and natural widths of the children. */
static void
measure_columns (GtkWidget *widget,
                 int       *minimum,
                 int       *natural)
{
  *minimum = *natural = 0;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int child_min, child_nat;

      if (!gtk_widget_should_layout (child))
        continue;
      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &child_min, &child_nat, NULL, NULL);
      *minimum = MAX (*minimum, child_min);
      *natural = MAX (*natural, child_nat);
    }
}

/* How many columns @width holds (a width < 0: no limit). */
static guint
columns_for_width (MnrTileFlow *self,
                   guint        n,
                   int          width)
{
  int minimum, natural;
  guint columns, rows;

  if (n == 0)
    return 1;
  if (width < 0)
    return n;

  measure_columns (GTK_WIDGET (self), &minimum, &natural);
  columns = natural > 0 ? (guint)MAX (1, (width + self->spacing) / (natural + self->spacing)) : n;
  columns = MIN (columns, n);
  rows = (n + columns - 1) / columns;

  return (n + rows - 1) / rows;
}

static int
column_width (MnrTileFlow *self,
              guint        columns,
              int          width)
{
  return MAX (0, (width - (int)(columns - 1) * self->spacing) / (int)columns);
}

/* The heights of the rows at @width; returns the number of rows. */
static guint
measure_rows (MnrTileFlow *self,
              int          width,
              guint       *columns_out,
              int        **minimum,
              int        **natural)
{
  guint n = count_children (GTK_WIDGET (self));
  guint columns = columns_for_width (self, n, width);
  guint rows = n > 0 ? (n + columns - 1) / columns : 0;
  int child_width = width < 0 ? -1 : column_width (self, columns, width);
  guint i = 0;

  *minimum = g_new0 (int, MAX (rows, 1));
  *natural = g_new0 (int, MAX (rows, 1));
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int child_min, child_nat;

      if (!gtk_widget_should_layout (child))
        continue;
      gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, child_width, &child_min, &child_nat, NULL, NULL);
      (*minimum)[i / columns] = MAX ((*minimum)[i / columns], child_min);
      (*natural)[i / columns] = MAX ((*natural)[i / columns], child_nat);
      i++;
    }
  *columns_out = columns;

  return rows;
}

static GtkSizeRequestMode
mnr_tile_flow_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
mnr_tile_flow_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  MnrTileFlow *self = MNR_TILE_FLOW (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      guint n = count_children (widget);
      int column_min, column_nat;

      /* One column at the least; all in one row as natural. */
      measure_columns (widget, &column_min, &column_nat);
      *minimum = column_min;
      *natural = n > 0 ? (int)n * column_nat + (int)(n - 1) * self->spacing : 0;
    }
  else
    {
      g_autofree int *row_min = NULL;
      g_autofree int *row_nat = NULL;
      guint columns;
      guint rows = measure_rows (self, for_size, &columns, &row_min, &row_nat);

      *minimum = *natural = rows > 0 ? (int)(rows - 1) * self->spacing : 0;
      for (guint r = 0; r < rows; r++)
        {
          *minimum += row_min[r];
          *natural += row_nat[r];
        }
    }
}

static void
mnr_tile_flow_size_allocate (GtkWidget *widget,
                             int        width,
                             int        height,
                             int        baseline)
{
  MnrTileFlow *self = MNR_TILE_FLOW (widget);
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  g_autofree int *row_min = NULL;
  g_autofree int *row_nat = NULL;
  guint columns;
  guint rows = measure_rows (self, width, &columns, &row_min, &row_nat);
  int child_width = column_width (self, columns, width);
  int extra = height - (rows > 0 ? (int)(rows - 1) * self->spacing : 0);
  int y = 0;
  guint i = 0;

  /* The height beyond the rows' minimum is shared out evenly. */
  for (guint r = 0; r < rows; r++)
    extra -= row_min[r];
  extra = MAX (0, extra);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      guint row, column;
      int row_height, x;

      if (!gtk_widget_should_layout (child))
        continue;
      row = i / columns;
      column = i % columns;
      row_height = row_min[row] + extra / (int)rows + (row == rows - 1 ? extra % (int)rows : 0);
      if (column == 0 && row > 0)
        y += row_min[row - 1] + extra / (int)rows + self->spacing;
      x = (int)column * (child_width + self->spacing);
      if (rtl)
        x = width - x - child_width;
      gtk_widget_size_allocate (child, &(GtkAllocation) { x, y, child_width, row_height }, -1);
      i++;
    }
}

static void
mnr_tile_flow_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (mnr_tile_flow_parent_class)->dispose (object);
}

static void
mnr_tile_flow_class_init (MnrTileFlowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mnr_tile_flow_dispose;
  widget_class->get_request_mode = mnr_tile_flow_get_request_mode;
  widget_class->measure = mnr_tile_flow_measure;
  widget_class->size_allocate = mnr_tile_flow_size_allocate;
}

static void
mnr_tile_flow_init (MnrTileFlow *self)
{
}

/**
 * mnr_tile_flow_new:
 * @spacing: the room between columns and between rows, in pixels
 */
GtkWidget *
mnr_tile_flow_new (int spacing)
{
  MnrTileFlow *self = g_object_new (MNR_TYPE_TILE_FLOW, NULL);

  self->spacing = spacing;

  return GTK_WIDGET (self);
}

/**
 * mnr_tile_flow_append:
 * @child: a tile, placed after the others
 */
void
mnr_tile_flow_append (MnrTileFlow *self,
                      GtkWidget   *child)
{
  g_return_if_fail (MNR_IS_TILE_FLOW (self));
  g_return_if_fail (GTK_IS_WIDGET (child));

  gtk_widget_set_parent (child, GTK_WIDGET (self));
}
