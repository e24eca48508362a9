/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-compare-row"

#include "config.h"

#include <glib/gi18n.h>

#include "mnr-compare-row.h"

/* One row of the Compare view's heat map, recycled by its list view: a
 * country (its name and round drawn here, its 28 cells as children), the
 * summary under the rows, or the header over them (domain bands, column
 * numbers; drawn only). The words of the cells, for the screen and for
 * screen readers, are made here too, so that the exported images say
 * the same. */

/* --- colours and words ------------------------------------------------- */

char *
mnr_compare_dup_markup (MnrCompareTextStyle  style,
                        const char          *text)
{
  switch (style)
    {
    case MNR_COMPARE_TEXT_BOLD:
      return g_markup_printf_escaped ("<b>%s</b>", text);
    case MNR_COMPARE_TEXT_SMALL:
      return g_markup_printf_escaped ("<small>%s</small>", text);
    case MNR_COMPARE_TEXT_BIG:
      return g_markup_printf_escaped ("<big><b>%s</b></big>", text);
    case MNR_COMPARE_TEXT_PLAIN:
    default:
      return g_markup_escape_text (text, -1);
    }
}

/* The widget's text colour (gtk_widget_get_color() is GTK 4.10). */
void
mnr_compare_widget_color (GtkWidget *widget,
                          GdkRGBA   *color)
{
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), color);
  G_GNUC_END_IGNORE_DEPRECATIONS
}

static void
parse_color (GdkRGBA    *color,
             const char *text)
{
  if (text == NULL || !gdk_rgba_parse (color, text))
    *color = (GdkRGBA) { 0.5f, 0.5f, 0.5f, 1 };
}

void
mnr_compare_palette_init (MnrComparePalette *palette,
                          MnrCompareMatrix  *matrix,
                          const GdkRGBA     *text)
{
  static const char *change_colors[4][2] = {
    { "#ffffff", "#3d3846" },  /* nothing to compare: outlined */
    { "#99c1f1", "#0b2a4a" },  /* up */
    { "#ffbe6f", "#4a1e0c" },  /* down */
    { "#deddda", "#241f31" },  /* same */
  };

  for (guint i = 0; i < mnr_compare_matrix_get_n_levels (matrix) && i < MNR_COMPARE_NO_DATA; i++)
    {
      MnrLevel *level = mnr_compare_matrix_get_level_object (matrix, i);

      parse_color (&palette->level_background[i], mnr_level_get_color (level));
      parse_color (&palette->level_foreground[i], mnr_level_get_text_color (level));
    }

  for (guint i = 0; i < 4; i++)
    {
      parse_color (&palette->change_background[i], change_colors[i][0]);
      parse_color (&palette->change_foreground[i], change_colors[i][1]);
    }

  palette->text = *text;
}

/* The geometry at @width; 0 for the natural one (the exported images').
 * Down to the natural width the cells shrink to 34 pixels, then the name
 * and count columns and the gaps to their least, then the cells to 26;
 * above it the cells grow to 48, for a projector. */
#define MIN_CELL_WIDTH    MNR_COMPARE_MIN_CELL_WIDTH
#define MID_CELL_WIDTH    34
#define MAX_CELL_WIDTH    48
#define MIN_NAME_WIDTH    140
#define MIN_COUNT_WIDTH   84
#define MIN_BAND_GAP      4
#define MIN_ENABLER_GAP   12

static int
fixed_width (int name,
             int count,
             int band_gap,
             int enabler_gap)
{
  return name + count + 5 * band_gap + enabler_gap;
}

/**
 * mnr_compare_text_scale:
 *
 * How much larger than at 100 % the desktop's text is (its font
 * resolution, as Large Text and text scaling set it), from 1 to 3: the
 * matrix's cells, columns and rows grow with it, or its names and numbers
 * would run into each other.
 */
double
mnr_compare_text_scale (GtkWidget *widget)
{
  int dpi = 0;

  g_object_get (gtk_widget_get_settings (widget), "gtk-xft-dpi", &dpi, NULL);

  return dpi > 0 ? CLAMP (dpi / (96.0 * 1024), 1.0, 3.0) : 1.0;
}

int
mnr_compare_scaled (double scale,
                    int    pixels)
{
  return (int)(pixels * scale + 0.5);
}

void
mnr_compare_geometry_init_scaled (MnrCompareGeometry *geometry,
                                  int                 width,
                                  double              scale)
{
#define S(v) mnr_compare_scaled (scale, (v))
  int natural_fixed = fixed_width (S (MNR_COMPARE_NAME_WIDTH), S (MNR_COMPARE_COUNT_WIDTH),
                                   S (MNR_COMPARE_BAND_GAP), S (MNR_COMPARE_ENABLER_GAP));
  int least_fixed = fixed_width (S (MIN_NAME_WIDTH), S (MIN_COUNT_WIDTH), S (MIN_BAND_GAP), S (MIN_ENABLER_GAP));
  int cells = MNR_COMPARE_N_COLUMNS;

  *geometry = (MnrCompareGeometry) {
    S (MNR_COMPARE_CELL_WIDTH), S (MNR_COMPARE_NAME_WIDTH), S (MNR_COMPARE_COUNT_WIDTH),
    S (MNR_COMPARE_BAND_GAP), S (MNR_COMPARE_ENABLER_GAP), scale,
  };
  if (width <= 0)
    return;

  if (width >= natural_fixed + cells * S (MID_CELL_WIDTH))
    {
      geometry->cell_width = MIN ((width - natural_fixed) / cells, S (MAX_CELL_WIDTH));
      return;
    }

  geometry->cell_width = S (MID_CELL_WIDTH);
  if (width >= least_fixed + cells * S (MID_CELL_WIDTH))
    {
      /* Each fixed part between its least and natural width, alike. */
      double t = (double)(width - least_fixed - cells * S (MID_CELL_WIDTH)) / (natural_fixed - least_fixed);

      geometry->name_width = S (MIN_NAME_WIDTH) + (int)(t * (S (MNR_COMPARE_NAME_WIDTH) - S (MIN_NAME_WIDTH)));
      geometry->count_width = S (MIN_COUNT_WIDTH) + (int)(t * (S (MNR_COMPARE_COUNT_WIDTH) - S (MIN_COUNT_WIDTH)));
      geometry->band_gap = S (MIN_BAND_GAP) + (int)(t * (S (MNR_COMPARE_BAND_GAP) - S (MIN_BAND_GAP)));
      geometry->enabler_gap = S (MIN_ENABLER_GAP) + (int)(t * (S (MNR_COMPARE_ENABLER_GAP) - S (MIN_ENABLER_GAP)));
      return;
    }

  geometry->name_width = S (MIN_NAME_WIDTH);
  geometry->count_width = S (MIN_COUNT_WIDTH);
  geometry->band_gap = S (MIN_BAND_GAP);
  geometry->enabler_gap = S (MIN_ENABLER_GAP);
  geometry->cell_width = MAX ((width - least_fixed) / cells, S (MIN_CELL_WIDTH));
#undef S
}

/* At 100 % text, as the exported images are drawn. */
void
mnr_compare_geometry_init (MnrCompareGeometry *geometry,
                           int                 width)
{
  mnr_compare_geometry_init_scaled (geometry, width, 1.0);
}

/* Where a column starts, from the row's start: the capabilities in their
 * domain bands, a wider gap, then the enablers. */
int
mnr_compare_geometry_column_x (const MnrCompareGeometry *geometry,
                               MnrCompareMatrix         *matrix,
                               guint                     column)
{
  int x = geometry->name_width + (int)column * geometry->cell_width;
  MnrElement *element;

  if (matrix == NULL)
    return x;

  element = mnr_compare_matrix_get_column (matrix, column);
  if (mnr_element_get_kind (element) == MNR_ELEMENT_CAPABILITY)
    return x + (int)mnr_element_get_position (mnr_element_get_domain (element)) * geometry->band_gap;

  return x + 5 * geometry->band_gap + geometry->enabler_gap;
}

/* Where the count column starts: after the last cell. */
int
mnr_compare_geometry_counts_x (const MnrCompareGeometry *geometry)
{
  return geometry->name_width + MNR_COMPARE_N_COLUMNS * geometry->cell_width +
         5 * geometry->band_gap + geometry->enabler_gap;
}

int
mnr_compare_column_x (MnrCompareMatrix *matrix,
                      guint             column)
{
  MnrCompareGeometry natural;

  mnr_compare_geometry_init (&natural, 0);
  return mnr_compare_geometry_column_x (&natural, matrix, column);
}

/* A row's natural or least width at a text scale. */
int
mnr_compare_row_scaled_width (double   scale,
                              gboolean minimum)
{
  MnrCompareGeometry g;

  mnr_compare_geometry_init_scaled (&g, 0, scale);
  if (!minimum)
    return mnr_compare_geometry_counts_x (&g) + g.count_width;

  return fixed_width (mnr_compare_scaled (scale, MIN_NAME_WIDTH), mnr_compare_scaled (scale, MIN_COUNT_WIDTH),
                      mnr_compare_scaled (scale, MIN_BAND_GAP), mnr_compare_scaled (scale, MIN_ENABLER_GAP)) +
         MNR_COMPARE_N_COLUMNS * mnr_compare_scaled (scale, MIN_CELL_WIDTH);
}

/* The natural width, the exported images'. */
int
mnr_compare_row_width (void)
{
  return fixed_width (MNR_COMPARE_NAME_WIDTH, MNR_COMPARE_COUNT_WIDTH, MNR_COMPARE_BAND_GAP, MNR_COMPARE_ENABLER_GAP) +
         MNR_COMPARE_N_COLUMNS * MNR_COMPARE_CELL_WIDTH;
}

/* The least: below it the view scrolls sideways. */
int
mnr_compare_row_min_width (void)
{
  return fixed_width (MIN_NAME_WIDTH, MIN_COUNT_WIDTH, MIN_BAND_GAP, MIN_ENABLER_GAP) +
         MNR_COMPARE_N_COLUMNS * MIN_CELL_WIDTH;
}

static gboolean
in_change_mode (MnrCompareMatrix *matrix)
{
  return mnr_compare_matrix_get_against (matrix) != MNR_COMPARE_AGAINST_NOTHING;
}

void
mnr_compare_cell_look (MnrCompareMatrix        *matrix,
                       const MnrComparePalette *palette,
                       guint                    row,
                       guint                    column,
                       MnrCompareCellFrame     *frame,
                       GdkRGBA                 *background,
                       GdkRGBA                 *foreground)
{
  guint level = mnr_compare_matrix_get_level (matrix, row, FALSE, column);
  MnrLevel *object = mnr_compare_matrix_get_level_object (matrix, level);

  *background = palette->text;
  *foreground = palette->text;

  if (object == NULL)
    {
      *frame = MNR_COMPARE_CELL_EMPTY;
      return;
    }

  if (in_change_mode (matrix))
    {
      MnrCompareChange change = mnr_compare_matrix_get_change (matrix, row, column);

      *frame = change == MNR_COMPARE_CHANGE_NONE ? MNR_COMPARE_CELL_OUTLINED : MNR_COMPARE_CELL_FILLED;
      if (change != MNR_COMPARE_CHANGE_NONE)
        {
          *background = palette->change_background[change];
          *foreground = palette->change_foreground[change];
        }
      return;
    }

  *frame = mnr_level_get_assessed (object) ? MNR_COMPARE_CELL_FILLED : MNR_COMPARE_CELL_OUTLINED;
  if (mnr_level_get_assessed (object))
    {
      *background = palette->level_background[level];
      *foreground = palette->level_foreground[level];
    }
}

static const char *
level_name (MnrCompareMatrix *matrix,
            guint             level)
{
  MnrLevel *object = mnr_compare_matrix_get_level_object (matrix, level);

  return object != NULL ? mnr_level_get_name (object) : "";
}

/* "capability 4, Dedicated Law Enforcement", in the middle of a sentence. */
static char *
dup_element_words (MnrElement *element)
{
  if (mnr_element_get_kind (element) == MNR_ELEMENT_ENABLER)
    /* Translators: inside a cell's name, "Vietnam, enabler 2, Willingness to prosecute…: Building, Review 2018" */
    return g_strdup_printf (_("enabler %u, %s"), mnr_element_get_number (element), mnr_element_get_title (element));

  /* Translators: inside a cell's name, "Vietnam, capability 4, Dedicated Law Enforcement: Developing, Review 2018" */
  return g_strdup_printf (_("capability %u, %s"), mnr_element_get_number (element), mnr_element_get_title (element));
}

/**
 * mnr_compare_dup_cell_name:
 *
 * Returns: (transfer full): what a screen reader reads for a cell, as
 *   "Vietnam, capability 4, Dedicated Law Enforcement: Developing,
 *   Review 2018", with the change in change mode
 */
char *
mnr_compare_dup_cell_name (MnrCompareMatrix *matrix,
                           guint             row,
                           guint             column)
{
  g_autofree char *element = dup_element_words (mnr_compare_matrix_get_column (matrix, column));
  const char *country = mnr_compare_matrix_get_name (matrix, row);
  const char *round = mnr_compare_matrix_get_round_name (matrix, row, FALSE);
  const char *earlier = mnr_compare_matrix_get_round_name (matrix, row, TRUE);
  guint level = mnr_compare_matrix_get_level (matrix, row, FALSE, column);
  guint before = mnr_compare_matrix_get_level (matrix, row, TRUE, column);
  g_autofree char *base = NULL;

  if (round == NULL)
    /* Translators: a cell's name: the country, the capability; the country shared no round */
    return g_strdup_printf (_("%s, %s: no round shared"), country, element);

  /* Translators: a cell's name: the country, "capability 4, Dedicated Law Enforcement", the level, the round */
  base = g_strdup_printf (_("%s, %s: %s, %s"), country, element, level_name (matrix, level), round);

  if (!in_change_mode (matrix))
    return g_steal_pointer (&base);

  switch (mnr_compare_matrix_get_change (matrix, row, column))
    {
    case MNR_COMPARE_CHANGE_UP:
      /* Translators: a cell's name in change mode: the name as above, then the earlier level and round */
      return g_strdup_printf (_("%s; up from %s, %s"), base, level_name (matrix, before), earlier);
    case MNR_COMPARE_CHANGE_DOWN:
      /* Translators: a cell's name in change mode: the name as above, then the earlier level and round */
      return g_strdup_printf (_("%s; down from %s, %s"), base, level_name (matrix, before), earlier);
    case MNR_COMPARE_CHANGE_SAME:
      /* Translators: a cell's name in change mode: the name as above, then the earlier round */
      return g_strdup_printf (_("%s; same as in %s"), base, earlier);
    case MNR_COMPARE_CHANGE_NONE:
    default:
      /* Translators: a cell's name in change mode, when there is nothing to compare it with */
      return g_strdup_printf (_("%s; no change to compare"), base);
    }
}

char *
mnr_compare_dup_row_name (MnrCompareMatrix *matrix,
                          guint             row)
{
  const char *country = mnr_compare_matrix_get_name (matrix, row);
  g_autofree char *round = mnr_compare_dup_round_text (matrix, row);
  guint up, down, same;

  if (mnr_compare_matrix_get_round_id (matrix, row, FALSE) == NULL || !in_change_mode (matrix))
    /* Translators: a row of the Compare view: the country, its round */
    return g_strdup_printf (_("%s, %s"), country, round);

  mnr_compare_matrix_count_row_changes (matrix, row, &up, &down, &same);
  /* Translators: a row in change mode: the country, its rounds, then how many capabilities went up, down, stayed */
  return g_strdup_printf (_("%s, %s: %u up, %u down, %u same"), country, round, up, down, same);
}

char *
mnr_compare_dup_round_text (MnrCompareMatrix *matrix,
                            guint             row)
{
  const char *round = mnr_compare_matrix_get_round_name (matrix, row, FALSE);
  const char *earlier = mnr_compare_matrix_get_round_name (matrix, row, TRUE);

  if (round == NULL)
    return g_strdup (_("No round shared"));
  if (!in_change_mode (matrix))
    return g_strdup (round);
  if (earlier == NULL)
    /* Translators: the round shown, in change mode, when the country has no earlier one */
    return g_strdup_printf (_("%s, no earlier round"), round);
  /* Translators: the round shown, then the round it is compared with */
  return g_strdup_printf (_("%s, against %s"), round, earlier);
}

/* @now without the words it begins with that @earlier begins with too:
 * "Review 2020" after "Review 2018" is "2020". */
static const char *
without_common_words (const char *now,
                      const char *earlier)
{
  const char *rest = now;

  for (guint i = 0; now[i] != '\0' && now[i] == earlier[i]; i++)
    if (now[i] == ' ')
      rest = now + i + 1;
  return rest[0] != '\0' ? rest : now;
}

/**
 * mnr_compare_dup_round_short:
 *
 * Returns: (transfer full): the round text under a row's name, short
 *   enough for it: in change mode "Review 2018 → 2020", the earlier
 *   round first; the row's accessible name has the long one
 */
char *
mnr_compare_dup_round_short (MnrCompareMatrix *matrix,
                             guint             row)
{
  const char *round = mnr_compare_matrix_get_round_name (matrix, row, FALSE);
  const char *earlier = mnr_compare_matrix_get_round_name (matrix, row, TRUE);

  if (round == NULL || earlier == NULL || !in_change_mode (matrix))
    return mnr_compare_dup_round_text (matrix, row);

  /* Translators: under a country's name in change mode: the earlier round, an arrow, the round shown
   * ("Review 2018 → 2020"); in a right-to-left language the arrow points left */
  return g_strdup_printf (_("%s → %s"), earlier, without_common_words (round, earlier));
}

/**
 * mnr_compare_dup_summary_text:
 * @accessible: the words for a screen reader, rather than the short text
 *
 * Returns: (transfer full): a column's summary: how many members stand at
 *   the palette's threshold or above ("7", of the members with data the
 *   row's title says), or in change mode how many
 *   went up and down ("▲3▼1")
 */
char *
mnr_compare_dup_summary_text (MnrCompareMatrix        *matrix,
                              const MnrComparePalette *palette,
                              guint                    column,
                              gboolean                 accessible)
{
  g_autofree char *label = mnr_element_dup_label (mnr_compare_matrix_get_column (matrix, column));
  guint members = mnr_compare_matrix_count_rows_with_data (matrix);

  if (in_change_mode (matrix))
    {
      guint up, down, same;

      mnr_compare_matrix_count_column_changes (matrix, column, &up, &down, &same);
      if (!accessible)
        return g_strdup_printf ("▲%u▼%u", up, down);
      /* Translators: a column's summary in change mode: the capability, then counts of members */
      return g_strdup_printf (_("%s: %u up, %u down, %u same"), label, up, down, same);
    }

  {
    guint n = mnr_compare_matrix_count_at_or_above (matrix, column, palette->threshold);

    if (!accessible)
      return g_strdup_printf ("%u", n);
    /* Translators: a column's summary: "Capability 4: Dedicated Law Enforcement: 7 of 11 members: Established or above" */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s: %u of %u member: %s or above",
                                         "%s: %u of %u members: %s or above", members),
                            label, n, members, level_name (matrix, palette->threshold));
  }
}

char *
mnr_compare_dup_summary_title (MnrCompareMatrix        *matrix,
                               const MnrComparePalette *palette)
{
  if (in_change_mode (matrix))
    return g_strdup (_("Up and down"));

  /* Translators: the title of the summary row: "Established or above" */
  return g_strdup_printf (_("%s or above"), level_name (matrix, palette->threshold));
}

char *
mnr_compare_dup_summary_subtitle (MnrCompareMatrix *matrix)
{
  guint n = mnr_compare_matrix_count_rows_with_data (matrix);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "of %u member with data", "of %u members with data", n), n);
}

/* A column's header: the capability's number, or the enabler's ("E2"). */
char *
mnr_compare_dup_column_label (MnrCompareMatrix *matrix,
                              guint             column)
{
  MnrElement *element = mnr_compare_matrix_get_column (matrix, column);

  if (mnr_element_get_kind (element) == MNR_ELEMENT_ENABLER)
    /* Translators: the short header of an enabler's column: E and its number */
    return g_strdup_printf (_("E%u"), mnr_element_get_number (element));

  return g_strdup_printf ("%u", mnr_element_get_number (element));
}

/* --- the widget -------------------------------------------------------- */

#define N_BANDS 7

struct _MnrCompareRow
{
  GtkWidget          parent_instance;

  MnrCompareRowKind  kind;
  int                index;       /* the matrix's row, -1 when unbound */

  /* borrowed: children */
  MnrCompareCell    *cells[MNR_COMPARE_N_COLUMNS];

  /* owned */
  MnrCompareMatrix  *matrix;      /* nullable */
  MnrCompareGeometry geometry;    /* at its width */
  char              *name;        /* accessible */
  char              *title;
  char              *subtitle;
  char              *counts;
  char              *columns[MNR_COMPARE_N_COLUMNS];  /* header */
  char              *bands[N_BANDS];                  /* header */
  PangoLayout       *title_layout;
  PangoLayout       *subtitle_layout;
  PangoLayout       *counts_layout;
  PangoLayout       *column_layouts[MNR_COMPARE_N_COLUMNS];
  PangoLayout       *band_layouts[N_BANDS];
};

G_DEFINE_FINAL_TYPE (MnrCompareRow, mnr_compare_row, GTK_TYPE_WIDGET)

static void
clear_layouts (MnrCompareRow *self)
{
  g_clear_object (&self->title_layout);
  g_clear_object (&self->subtitle_layout);
  g_clear_object (&self->counts_layout);
  for (guint i = 0; i < MNR_COMPARE_N_COLUMNS; i++)
    g_clear_object (&self->column_layouts[i]);
  for (guint i = 0; i < N_BANDS; i++)
    g_clear_object (&self->band_layouts[i]);
}

static void
mnr_compare_row_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  MnrCompareRow *self = MNR_COMPARE_ROW (widget);

  double scale = mnr_compare_text_scale (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = mnr_compare_row_scaled_width (scale, TRUE);
      *natural = mnr_compare_row_scaled_width (scale, FALSE);
    }
  else if (self->kind == MNR_COMPARE_ROW_HEADER)
    *minimum = *natural = mnr_compare_scaled (scale, MNR_COMPARE_HEADER_HEIGHT);
  else
    *minimum = *natural = mnr_compare_scaled (scale, MNR_COMPARE_CELL_HEIGHT) + 2 * MNR_COMPARE_ROW_PADDING;
}

static int
mirrored (GtkWidget *widget,
          int        x,
          int        width)
{
  if (gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL)
    return gtk_widget_get_width (widget) - x - width;
  return x;
}

static void
mnr_compare_row_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  MnrCompareRow *self = MNR_COMPARE_ROW (widget);
  const MnrCompareGeometry *g = &self->geometry;

  mnr_compare_geometry_init_scaled (&self->geometry, width, mnr_compare_text_scale (widget));
  for (guint c = 0; c < MNR_COMPARE_N_COLUMNS; c++)
    {
      int x = mnr_compare_geometry_column_x (g, self->matrix, c);

      gtk_widget_size_allocate (GTK_WIDGET (self->cells[c]),
                                &(GtkAllocation) { mirrored (widget, x, g->cell_width),
                                                   MNR_COMPARE_ROW_PADDING,
                                                   g->cell_width, mnr_compare_scaled (g->scale, MNR_COMPARE_CELL_HEIGHT) },
                                -1);
    }
}

static PangoAttrList *
attributes_for (MnrCompareTextStyle style)
{
  PangoAttrList *list = pango_attr_list_new ();

  if (style == MNR_COMPARE_TEXT_BOLD || style == MNR_COMPARE_TEXT_BIG)
    pango_attr_list_insert (list, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  if (style == MNR_COMPARE_TEXT_SMALL)
    pango_attr_list_insert (list, pango_attr_scale_new (PANGO_SCALE_SMALL));
  if (style == MNR_COMPARE_TEXT_BIG)
    pango_attr_list_insert (list, pango_attr_scale_new (PANGO_SCALE_LARGE));
  return list;
}

static PangoLayout *
make_layout (GtkWidget           *widget,
             const char          *text,
             MnrCompareTextStyle  style,
             int                  width)
{
  PangoAttrList *attributes = attributes_for (style);
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, text);

  pango_layout_set_attributes (layout, attributes);
  pango_attr_list_unref (attributes);
  pango_layout_set_width (layout, width * PANGO_SCALE);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_single_paragraph_mode (layout, TRUE);
  return layout;
}

/* The country rows' names and rounds, laid out once for all rows: a row
 * bound to another country finds its name's layout made (after a first
 * switch to its group), not shaped again. By text, one table for the
 * names and one for the rounds; emptied when a row's style changes. */
#define MAX_SHARED_LAYOUTS 2000
static GHashTable *shared_layouts[2];

static PangoLayout *
shared_layout (MnrCompareRow       *self,
               guint                table,
               const char          *text,
               MnrCompareTextStyle  style,
               int                  width)
{
  PangoLayout *layout;

  if (text == NULL || text[0] == '\0')
    return NULL;
  if (shared_layouts[table] == NULL)
    shared_layouts[table] = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  if ((layout = g_hash_table_lookup (shared_layouts[table], text)) != NULL)
    {
      if (pango_layout_get_width (layout) != width * PANGO_SCALE)
        pango_layout_set_width (layout, width * PANGO_SCALE);
      return layout;
    }

  if (g_hash_table_size (shared_layouts[table]) >= MAX_SHARED_LAYOUTS)
    g_hash_table_remove_all (shared_layouts[table]);
  layout = make_layout (GTK_WIDGET (self), text, style, width);
  g_hash_table_insert (shared_layouts[table], g_strdup (text), layout);
  return layout;
}

/* Draws @text in a box from @x (start side) of @width, at @y; the layout
 * is made once and kept. */
static void
draw_text (MnrCompareRow  *self,
           GtkSnapshot    *snapshot,
           PangoLayout   **layout,
           const char     *text,
           int             x,
           int             y,
           int             width,
           gboolean        centred,
           MnrCompareTextStyle style,
           double          alpha)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GdkRGBA color;
  PangoRectangle logical;
  int offset = 0;

  if (text == NULL || text[0] == '\0')
    return;

  if (*layout == NULL)
    *layout = make_layout (widget, text, style, width);
  else if (pango_layout_get_width (*layout) != width * PANGO_SCALE)
    pango_layout_set_width (*layout, width * PANGO_SCALE);   /* the view's width changed */

  /* Placed by its logical extents, whatever pango's own alignment in
   * the width: centred, or on the start side (the right in RTL). */
  pango_layout_get_pixel_extents (*layout, NULL, &logical);
  mnr_compare_widget_color (widget, &color);
  color.alpha *= (float)alpha;

  if (centred)
    offset = (width - logical.width) / 2;
  else if (gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL)
    offset = width - logical.width;

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (mirrored (widget, x, width) + offset - logical.x, y));
  gtk_snapshot_append_layout (snapshot, *layout, &color);
  gtk_snapshot_restore (snapshot);
}

/* A row's counts ("▲10 ▼11 =0"), whole: smaller when the column is
 * narrow (a small window), never cut short. */
static void
draw_counts (MnrCompareRow *self,
             GtkSnapshot   *snapshot,
             int            x,
             int            y,
             int            width)
{
  GtkWidget *widget = GTK_WIDGET (self);
  PangoRectangle logical;
  GdkRGBA color;
  float scale = 1;

  if (self->counts == NULL || self->counts[0] == '\0')
    return;

  if (self->counts_layout == NULL)
    {
      self->counts_layout = make_layout (widget, self->counts, MNR_COMPARE_TEXT_PLAIN, width);
      pango_layout_set_width (self->counts_layout, -1);
    }
  pango_layout_get_pixel_extents (self->counts_layout, NULL, &logical);
  if (logical.width > width)
    scale = (float)width / (float)logical.width;
  mnr_compare_widget_color (widget, &color);

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot,
                          &GRAPHENE_POINT_INIT (mirrored (widget, x, (int)(logical.width * scale)) - logical.x * scale,
                                                y + logical.height * (1 - scale) / 2));
  gtk_snapshot_scale (snapshot, scale, scale);
  gtk_snapshot_append_layout (snapshot, self->counts_layout, &color);
  gtk_snapshot_restore (snapshot);
}

static void
snapshot_header (MnrCompareRow *self,
                 GtkSnapshot   *snapshot)
{
  const MnrCompareGeometry *g = &self->geometry;
  guint c = 0;

  draw_text (self, snapshot, &self->title_layout, self->title, 8, mnr_compare_scaled (g->scale, 26),
             g->name_width - 16, FALSE, MNR_COMPARE_TEXT_BOLD, 1.0);
  draw_text (self, snapshot, &self->counts_layout, self->counts,
             mnr_compare_geometry_counts_x (g) + 8, mnr_compare_scaled (g->scale, 26), g->count_width - 8,
             FALSE, MNR_COMPARE_TEXT_BOLD, 1.0);

  /* The bands: each domain's title over its columns, then the enablers'. */
  for (guint band = 0; band < N_BANDS && self->matrix != NULL; band++)
    {
      guint first = c;
      int x, width;

      while (c < MNR_COMPARE_N_COLUMNS)
        {
          MnrElement *element = mnr_compare_matrix_get_column (self->matrix, c);
          guint of = mnr_element_get_kind (element) == MNR_ELEMENT_CAPABILITY
                     ? mnr_element_get_position (mnr_element_get_domain (element)) : N_BANDS - 1;
          if (of != band)
            break;
          c++;
        }
      if (c == first)
        continue;

      x = mnr_compare_geometry_column_x (g, self->matrix, first);
      width = mnr_compare_geometry_column_x (g, self->matrix, c - 1) + g->cell_width - x;
      draw_text (self, snapshot, &self->band_layouts[band], self->bands[band], x + 2, 4, width - 4,
                 TRUE, MNR_COMPARE_TEXT_SMALL, 0.8);

      {
        GdkRGBA line;
        mnr_compare_widget_color (GTK_WIDGET (self), &line);
        line.alpha *= 0.35f;
        gtk_snapshot_append_color (snapshot, &line,
                                   &GRAPHENE_RECT_INIT (mirrored (GTK_WIDGET (self), x + 2, width - 4),
                                                       mnr_compare_scaled (g->scale, 22), width - 4, 1));
      }
    }

  for (c = 0; c < MNR_COMPARE_N_COLUMNS && self->matrix != NULL; c++)
    draw_text (self, snapshot, &self->column_layouts[c], self->columns[c],
               mnr_compare_geometry_column_x (g, self->matrix, c), mnr_compare_scaled (g->scale, 26), g->cell_width,
               TRUE, MNR_COMPARE_TEXT_BOLD, 1.0);
}

static void
mnr_compare_row_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  MnrCompareRow *self = MNR_COMPARE_ROW (widget);
  const MnrCompareGeometry *g = &self->geometry;
  int y = MNR_COMPARE_ROW_PADDING, name_width = g->name_width - 16;

  if (self->kind == MNR_COMPARE_ROW_HEADER)
    {
      snapshot_header (self, snapshot);
      return;
    }

  if (self->kind == MNR_COMPARE_ROW_COUNTRY)
    {
      PangoLayout *title = shared_layout (self, 0, self->title, MNR_COMPARE_TEXT_BOLD, name_width);
      PangoLayout *subtitle = shared_layout (self, 1, self->subtitle, MNR_COMPARE_TEXT_SMALL, name_width);

      draw_text (self, snapshot, &title, self->title, 8, y, name_width, FALSE, MNR_COMPARE_TEXT_BOLD, 1.0);
      draw_text (self, snapshot, &subtitle, self->subtitle, 8, y + mnr_compare_scaled (g->scale, MNR_COMPARE_CELL_HEIGHT) / 2,
                 name_width, FALSE, MNR_COMPARE_TEXT_SMALL, 0.75);
    }
  else
    {
      draw_text (self, snapshot, &self->title_layout, self->title, 8, y, name_width,
                 FALSE, MNR_COMPARE_TEXT_BOLD, 1.0);
      draw_text (self, snapshot, &self->subtitle_layout, self->subtitle, 8, y + mnr_compare_scaled (g->scale, MNR_COMPARE_CELL_HEIGHT) / 2,
                 name_width, FALSE, MNR_COMPARE_TEXT_SMALL, 0.75);
    }
  draw_counts (self, snapshot, mnr_compare_geometry_counts_x (g) + 8, y + mnr_compare_scaled (g->scale, MNR_COMPARE_CELL_HEIGHT) / 4,
               g->count_width - 8);

  GTK_WIDGET_CLASS (mnr_compare_row_parent_class)->snapshot (widget, snapshot);
}

static void
mnr_compare_row_css_changed (GtkWidget         *widget,
                             GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (mnr_compare_row_parent_class)->css_changed (widget, change);
  clear_layouts (MNR_COMPARE_ROW (widget));
  /* Perhaps a new font (zoom, text scale), or direction. */
  for (guint i = 0; i < G_N_ELEMENTS (shared_layouts) && MNR_COMPARE_ROW (widget)->kind == MNR_COMPARE_ROW_COUNTRY; i++)
    if (shared_layouts[i] != NULL)
      g_hash_table_remove_all (shared_layouts[i]);
}

static void
on_click_released_cb (GtkGestureClick *gesture,
                      int              n_press,
                      double           x,
                      double           y,
                      MnrCompareRow   *self)
{
  GtkWidget *picked = gtk_widget_pick (GTK_WIDGET (self), x, y, GTK_PICK_DEFAULT);

  if (self->index < 0 || !MNR_IS_COMPARE_CELL (picked))
    return;

  gtk_widget_grab_focus (picked);
  gtk_widget_activate_action (GTK_WIDGET (self), "compare.open-cell", "(uu)",
                              (guint)self->index, mnr_compare_cell_get_column (MNR_COMPARE_CELL (picked)));
}

/* A summary cell's tooltip, made when asked for: how many members stand
 * at each level of its column. */
static gboolean
on_summary_tooltip_cb (GtkWidget     *cell,
                       int            x,
                       int            y,
                       gboolean       keyboard,
                       GtkTooltip    *tooltip,
                       MnrCompareRow *self)
{
  guint column = mnr_compare_cell_get_column (MNR_COMPARE_CELL (cell));
  g_autoptr(GString) text = g_string_new (NULL);

  if (self->matrix == NULL)
    return FALSE;

  for (guint l = mnr_compare_matrix_get_n_levels (self->matrix); l-- > 0;)
    g_string_append_printf (text, "%s%s: %u", text->len > 0 ? "\n" : "", level_name (self->matrix, l),
                            mnr_compare_matrix_count_at_level (self->matrix, column, l));
  gtk_tooltip_set_text (tooltip, text->str);
  return TRUE;
}

/* Sets a text; its layout is made again only when the text changed. */
static void
set_text (char        **field,
          PangoLayout **layout,
          char         *value)
{
  if (g_strcmp0 (*field, value) == 0)
    {
      g_free (value);
      return;
    }

  g_free (*field);
  *field = value;
  if (*layout != NULL)
    pango_layout_set_text (*layout, value != NULL ? value : "", -1);
}


static void
mnr_compare_row_dispose (GObject *object)
{
  MnrCompareRow *self = (MnrCompareRow *)object;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (mnr_compare_row_parent_class)->dispose (object);
}

static void
mnr_compare_row_finalize (GObject *object)
{
  MnrCompareRow *self = (MnrCompareRow *)object;

  clear_layouts (self);
  g_clear_object (&self->matrix);
  g_free (self->name);
  g_free (self->title);
  g_free (self->subtitle);
  g_free (self->counts);
  for (guint i = 0; i < MNR_COMPARE_N_COLUMNS; i++)
    g_free (self->columns[i]);
  for (guint i = 0; i < N_BANDS; i++)
    g_free (self->bands[i]);

  G_OBJECT_CLASS (mnr_compare_row_parent_class)->finalize (object);
}

static void
mnr_compare_row_class_init (MnrCompareRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mnr_compare_row_dispose;
  object_class->finalize = mnr_compare_row_finalize;
  widget_class->measure = mnr_compare_row_measure;
  widget_class->size_allocate = mnr_compare_row_size_allocate;
  widget_class->snapshot = mnr_compare_row_snapshot;
  widget_class->css_changed = mnr_compare_row_css_changed;

  gtk_widget_class_set_css_name (widget_class, "compare-row");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
mnr_compare_row_init (MnrCompareRow *self)
{
  self->index = -1;
  mnr_compare_geometry_init (&self->geometry, 0);
}

static char *
dup_cell_name_cb (MnrCompareCell *cell,
                  gpointer        data)
{
  MnrCompareRow *self = data;

  if (self->matrix == NULL || self->index < 0)
    return NULL;
  return mnr_compare_dup_cell_name (self->matrix, (guint)self->index, mnr_compare_cell_get_column (cell));
}

GtkWidget *
mnr_compare_row_new (MnrCompareRowKind kind)
{
  MnrCompareRow *self = g_object_new (MNR_TYPE_COMPARE_ROW, NULL);

  self->kind = kind;
  for (guint c = 0; c < MNR_COMPARE_N_COLUMNS; c++)
    {
      self->cells[c] = MNR_COMPARE_CELL (mnr_compare_cell_new (c, kind == MNR_COMPARE_ROW_COUNTRY));
      gtk_widget_set_parent (GTK_WIDGET (self->cells[c]), GTK_WIDGET (self));
      gtk_widget_set_visible (GTK_WIDGET (self->cells[c]), kind != MNR_COMPARE_ROW_HEADER);
      if (kind == MNR_COMPARE_ROW_COUNTRY)
        mnr_compare_cell_set_name_func (self->cells[c], dup_cell_name_cb, self);
      if (kind == MNR_COMPARE_ROW_SUMMARY)
        {
          gtk_widget_set_has_tooltip (GTK_WIDGET (self->cells[c]), TRUE);
          g_signal_connect_object (self->cells[c], "query-tooltip", G_CALLBACK (on_summary_tooltip_cb), self, 0);
        }
    }

  if (kind == MNR_COMPARE_ROW_SUMMARY)
    gtk_widget_add_css_class (GTK_WIDGET (self), "summary");
  if (kind == MNR_COMPARE_ROW_HEADER)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    _("Columns: the 21 capabilities by domain, then the 7 enablers"), -1);

  if (kind == MNR_COMPARE_ROW_COUNTRY)
    {
      GtkGesture *click = gtk_gesture_click_new ();

      g_signal_connect_object (click, "released", G_CALLBACK (on_click_released_cb), self, 0);
      gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
    }

  return GTK_WIDGET (self);
}

static void
bind_header (MnrCompareRow *self)
{
  GListModel *domains = mnr_framework_get_domains (mnr_compare_matrix_get_framework (self->matrix));

  set_text (&self->title, &self->title_layout, g_strdup (_("Country and round")));
  set_text (&self->counts, &self->counts_layout, in_change_mode (self->matrix) ? g_strdup (_("Changes")) : NULL);
  for (guint c = 0; c < MNR_COMPARE_N_COLUMNS; c++)
    set_text (&self->columns[c], &self->column_layouts[c], mnr_compare_dup_column_label (self->matrix, c));
  for (guint band = 0; band < N_BANDS; band++)
    {
      g_autoptr(MnrElement) domain = band + 1 < N_BANDS ? g_list_model_get_item (domains, band) : NULL;

      set_text (&self->bands[band], &self->band_layouts[band], domain != NULL ? g_strdup (mnr_element_get_title (domain))
                                                     : g_strdup (_("Enablers")));
    }
}

static void
bind_summary (MnrCompareRow           *self,
              const MnrComparePalette *palette)
{
  set_text (&self->title, &self->title_layout, mnr_compare_dup_summary_title (self->matrix, palette));
  set_text (&self->subtitle, &self->subtitle_layout, mnr_compare_dup_summary_subtitle (self->matrix));
  set_text (&self->counts, &self->counts_layout, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, self->title, -1);

  for (guint c = 0; c < MNR_COMPARE_N_COLUMNS; c++)
    {
      g_autofree char *text = mnr_compare_dup_summary_text (self->matrix, palette, c, FALSE);
      g_autofree char *name = mnr_compare_dup_summary_text (self->matrix, palette, c, TRUE);

      mnr_compare_cell_set (self->cells[c], MNR_COMPARE_CELL_OUTLINED, &palette->text, &palette->text, text, name);
    }
}

static void
bind_country (MnrCompareRow           *self,
              const MnrComparePalette *palette)
{
  g_autofree char *name = mnr_compare_dup_row_name (self->matrix, (guint)self->index);

  set_text (&self->title, &self->title_layout, g_strdup (mnr_compare_matrix_get_name (self->matrix, (guint)self->index)));
  set_text (&self->subtitle, &self->subtitle_layout, mnr_compare_dup_round_short (self->matrix, (guint)self->index));
  if (in_change_mode (self->matrix) && mnr_compare_matrix_get_round_id (self->matrix, (guint)self->index, TRUE) != NULL)
    {
      guint up, down, same;

      mnr_compare_matrix_count_row_changes (self->matrix, (guint)self->index, &up, &down, &same);
      set_text (&self->counts, &self->counts_layout, g_strdup_printf ("▲%u ▼%u =%u", up, down, same));
    }
  else
    set_text (&self->counts, &self->counts_layout, NULL);
  if (g_strcmp0 (name, self->name) != 0)
    {
      mnr_compare_label_later (GTK_WIDGET (self), name);
      g_free (self->name);
      self->name = g_strdup (name);
    }

  for (guint c = 0; c < MNR_COMPARE_N_COLUMNS; c++)
    {
      g_autofree char *text = mnr_compare_matrix_dup_cell_text (self->matrix, (guint)self->index, c);
      MnrCompareCellFrame frame;
      GdkRGBA background, foreground;

      /* Its name made after the frame, by dup_cell_name_cb(). */
      mnr_compare_cell_look (self->matrix, palette, (guint)self->index, c, &frame, &background, &foreground);
      mnr_compare_cell_set (self->cells[c], frame, &background, &foreground, text, NULL);
    }
}

/**
 * mnr_compare_row_bind:
 * @index: the matrix's row (ignored by the header and the summary)
 *
 * Shows a row of @matrix; its text is laid out again when next drawn.
 */
void
mnr_compare_row_bind (MnrCompareRow           *self,
                      MnrCompareMatrix        *matrix,
                      const MnrComparePalette *palette,
                      guint                    index)
{
  g_return_if_fail (MNR_IS_COMPARE_ROW (self));
  g_return_if_fail (MNR_IS_COMPARE_MATRIX (matrix));

  g_set_object (&self->matrix, matrix);
  self->index = self->kind == MNR_COMPARE_ROW_COUNTRY ? (int)index : -1;

  switch (self->kind)
    {
    case MNR_COMPARE_ROW_HEADER:
      bind_header (self);
      break;
    case MNR_COMPARE_ROW_SUMMARY:
      bind_summary (self, palette);
      break;
    case MNR_COMPARE_ROW_COUNTRY:
    default:
      bind_country (self, palette);
      break;
    }

  gtk_widget_queue_allocate (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
mnr_compare_row_unbind (MnrCompareRow *self)
{
  g_return_if_fail (MNR_IS_COMPARE_ROW (self));

  self->index = -1;
  g_clear_object (&self->matrix);
}

/**
 * mnr_compare_row_get_index:
 *
 * Returns: the matrix's row shown, or -1
 */
int
mnr_compare_row_get_index (MnrCompareRow *self)
{
  g_return_val_if_fail (MNR_IS_COMPARE_ROW (self), -1);

  return self->index;
}

/**
 * mnr_compare_row_get_cell:
 *
 * Returns: (transfer none): the cell of a column
 */
MnrCompareCell *
mnr_compare_row_get_cell (MnrCompareRow *self,
                          guint          column)
{
  g_return_val_if_fail (MNR_IS_COMPARE_ROW (self), NULL);
  g_return_val_if_fail (column < MNR_COMPARE_N_COLUMNS, NULL);

  return self->cells[column];
}
