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
 * accessibility tree. Rows follow the text direction.
 *
 * Not homogeneous (a toolbar, a legend), each child has its natural width
 * (at most the flow's) and goes on the next line when the line is full. */

struct _MnrTileFlow
{
  GtkWidget parent_instance;

  int       spacing;
  gboolean  homogeneous;
};

G_DEFINE_FINAL_TYPE (MnrTileFlow, mnr_tile_flow, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SPACING,
  PROP_HOMOGENEOUS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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

static int
line_child_width (GtkWidget *child,
                  int        width)
{
  int child_min, child_nat;

  gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &child_min, &child_nat, NULL, NULL);

  return width < 0 ? child_nat : MAX (child_min, MIN (child_nat, width));
}

/* Lines of children at their natural widths, at most @width each: their
 * heights, summed in @minimum and @natural; with @allocate, each child
 * placed on its line, as high as the line's minimum. */
static void
layout_lines (MnrTileFlow *self,
              int          width,
              gboolean     allocate,
              int         *minimum,
              int         *natural)
{
  gboolean rtl = gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL;
  GtkWidget *line_start = gtk_widget_get_first_child (GTK_WIDGET (self));
  guint n_lines = 0;

  *minimum = *natural = 0;
  while (line_start != NULL)
    {
      GtkWidget *line_end = NULL, *child;
      int x = 0, line_min = 0, line_nat = 0;
      gboolean empty = TRUE;

      /* Which children the line holds, and its height. */
      for (child = line_start; child != NULL; child = gtk_widget_get_next_sibling (child))
        {
          int w, h_min, h_nat;

          if (!gtk_widget_should_layout (child))
            continue;
          w = line_child_width (child, width);
          if (!empty && width >= 0 && x + self->spacing + w > width)
            break;
          x += (empty ? 0 : self->spacing) + w;
          empty = FALSE;
          gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, w, &h_min, &h_nat, NULL, NULL);
          line_min = MAX (line_min, h_min);
          line_nat = MAX (line_nat, h_nat);
        }
      line_end = child;
      if (empty)
        break;

      if (allocate)
        for (child = line_start, x = 0; child != line_end; child = gtk_widget_get_next_sibling (child))
          {
            int w;

            if (!gtk_widget_should_layout (child))
              continue;
            w = line_child_width (child, width);
            gtk_widget_size_allocate (child,
                                      &(GtkAllocation) { rtl ? width - x - w : x,
                                                         *minimum + (int)n_lines * self->spacing,
                                                         w, line_min },
                                      -1);
            x += w + self->spacing;
          }

      *minimum += line_min;
      *natural += line_nat;
      n_lines++;
      line_start = line_end;
    }

  if (n_lines > 1)
    {
      *minimum += (int)(n_lines - 1) * self->spacing;
      *natural += (int)(n_lines - 1) * self->spacing;
    }
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
      if (self->homogeneous)
        *natural = n > 0 ? (int)n * column_nat + (int)(n - 1) * self->spacing : 0;
      else
        {
          *natural = n > 0 ? (int)(n - 1) * self->spacing : 0;
          for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
               child = gtk_widget_get_next_sibling (child))
            if (gtk_widget_should_layout (child))
              *natural += line_child_width (child, -1);
        }
    }
  else if (!self->homogeneous)
    {
      layout_lines (self, for_size, FALSE, minimum, natural);
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
  guint columns, rows;
  int child_width, extra, y = 0;
  guint i = 0;

  if (!self->homogeneous)
    {
      int minimum, natural;

      layout_lines (self, width, TRUE, &minimum, &natural);
      return;
    }

  rows = measure_rows (self, width, &columns, &row_min, &row_nat);
  child_width = column_width (self, columns, width);
  extra = height - (rows > 0 ? (int)(rows - 1) * self->spacing : 0);

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
mnr_tile_flow_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  MnrTileFlow *self = MNR_TILE_FLOW (object);

  switch (prop_id)
    {
    case PROP_SPACING:
      g_value_set_int (value, self->spacing);
      break;

    case PROP_HOMOGENEOUS:
      g_value_set_boolean (value, self->homogeneous);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mnr_tile_flow_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  MnrTileFlow *self = MNR_TILE_FLOW (object);

  switch (prop_id)
    {
    case PROP_SPACING:
      self->spacing = g_value_get_int (value);
      gtk_widget_queue_resize (GTK_WIDGET (self));
      break;

    case PROP_HOMOGENEOUS:
      self->homogeneous = g_value_get_boolean (value);
      gtk_widget_queue_resize (GTK_WIDGET (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mnr_tile_flow_class_init (MnrTileFlowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mnr_tile_flow_dispose;
  object_class->get_property = mnr_tile_flow_get_property;
  object_class->set_property = mnr_tile_flow_set_property;

  properties[PROP_SPACING] =
    g_param_spec_int ("spacing", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Equal columns, the tiles shared out evenly; else lines of natural widths. */
  properties[PROP_HOMOGENEOUS] =
    g_param_spec_boolean ("homogeneous", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  widget_class->get_request_mode = mnr_tile_flow_get_request_mode;
  widget_class->measure = mnr_tile_flow_measure;
  widget_class->size_allocate = mnr_tile_flow_size_allocate;
}

static void
mnr_tile_flow_init (MnrTileFlow *self)
{
  self->homogeneous = TRUE;
}

/**
 * mnr_tile_flow_new:
 * @spacing: the room between columns and between rows, in pixels
 */
GtkWidget *
mnr_tile_flow_new (int spacing)
{
  return g_object_new (MNR_TYPE_TILE_FLOW, "spacing", spacing, NULL);
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
