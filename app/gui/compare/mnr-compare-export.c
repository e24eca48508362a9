/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-compare-export"

#include "config.h"

#include <glib/gi18n.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "mnr-compare-export.h"
#include "mnr-compare-view.h"
#include "mnr-store-compare.h"

/* The Compare view exported for a regional report: the matrix as CSV (the
 * core writes it), or the heat map as a PNG or PDF image drawn with cairo
 * in the view's geometry and colours, with the title, the summary row and
 * the legend, so that a printed page says what its colours mean. Also
 * `mnr-tracker --export-compare=FILE --group=ID`, with no window. */

#define MARGIN 24
#define TITLE_HEIGHT 40
#define LEGEND_HEIGHT 36
#define ROW_HEIGHT (MNR_COMPARE_CELL_HEIGHT + 2 * MNR_COMPARE_ROW_PADDING)

static void
set_source (cairo_t       *cr,
            const GdkRGBA *color)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha);
}

static void
draw_text (cairo_t       *cr,
           const char    *markup,
           double         x,
           double         y,
           int            width,
           gboolean       centred,
           const GdkRGBA *color)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string ("Sans 9");
  int text_width, text_height;

  pango_layout_set_font_description (layout, font);
  pango_layout_set_markup (layout, markup, -1);
  if (width > 0)
    {
      pango_layout_set_width (layout, width * PANGO_SCALE);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
    }
  pango_layout_get_pixel_size (layout, &text_width, &text_height);
  set_source (cr, color);
  cairo_move_to (cr, centred ? x + (width - text_width) / 2.0 : x, y);
  pango_cairo_show_layout (cr, layout);
  pango_font_description_free (font);
  g_object_unref (layout);
}

static void
draw_plain (cairo_t       *cr,
            const char    *text,
            double         x,
            double         y,
            int            width,
            gboolean       centred,
            const GdkRGBA *color,
            MnrCompareTextStyle style)
{
  g_autofree char *markup = mnr_compare_dup_markup (style, text);

  draw_text (cr, markup, x, y, width, centred, color);
}

static void
draw_cell (cairo_t             *cr,
           double               x,
           double               y,
           MnrCompareCellFrame  frame,
           const GdkRGBA       *background,
           const GdkRGBA       *foreground,
           const char          *text)
{
  double w = MNR_COMPARE_CELL_WIDTH - 2, h = MNR_COMPARE_CELL_HEIGHT - 2;

  cairo_new_path (cr);
  cairo_rectangle (cr, x + 1, y + 1, w, h);
  if (frame == MNR_COMPARE_CELL_FILLED)
    {
      set_source (cr, background);
      cairo_fill (cr);
    }
  else if (frame == MNR_COMPARE_CELL_OUTLINED)
    {
      GdkRGBA line = *foreground;

      line.alpha = 0.5;
      set_source (cr, &line);
      cairo_set_line_width (cr, 1);
      cairo_stroke (cr);
    }
  cairo_new_path (cr);

  if (text != NULL && text[0] != '\0')
    draw_plain (cr, text, x, y + MNR_COMPARE_CELL_HEIGHT / 2.0 - 8, MNR_COMPARE_CELL_WIDTH, TRUE, foreground, MNR_COMPARE_TEXT_BOLD);
}

static void
draw_header (cairo_t          *cr,
             MnrCompareMatrix *matrix,
             double            y,
             const GdkRGBA    *ink)
{
  GListModel *domains = mnr_framework_get_domains (mnr_compare_matrix_get_framework (matrix));

  draw_plain (cr, _("Country and round"), MARGIN + 8, y + 26, MNR_COMPARE_NAME_WIDTH - 16, FALSE, ink, MNR_COMPARE_TEXT_BOLD);
  for (guint c = 0; c < MNR_COMPARE_N_COLUMNS; c++)
    {
      g_autofree char *label = mnr_compare_dup_column_label (matrix, c);
      MnrElement *element = mnr_compare_matrix_get_column (matrix, c);
      gboolean first_of_band = c == 0 ||
        mnr_element_get_domain (element) != mnr_element_get_domain (mnr_compare_matrix_get_column (matrix, c - 1));

      draw_plain (cr, label, MARGIN + mnr_compare_column_x (matrix, c), y + 26, MNR_COMPARE_CELL_WIDTH, TRUE, ink,
                  MNR_COMPARE_TEXT_BOLD);
      if (first_of_band)
        {
          guint last = c;
          MnrElement *domain = mnr_element_get_domain (element);
          double x = MARGIN + mnr_compare_column_x (matrix, c);

          while (last + 1 < MNR_COMPARE_N_COLUMNS &&
                 mnr_element_get_domain (mnr_compare_matrix_get_column (matrix, last + 1)) == domain)
            last++;
          draw_plain (cr, domain != NULL ? mnr_element_get_title (domain) : _("Enablers"), x, y + 4,
                      (int)(mnr_compare_column_x (matrix, last) + MNR_COMPARE_CELL_WIDTH + MARGIN - x), TRUE, ink,
                      MNR_COMPARE_TEXT_SMALL);
        }
    }
  (void)domains;
}

static void
draw_matrix (cairo_t                 *cr,
             MnrCompareMatrix        *matrix,
             const MnrComparePalette *palette,
             const char              *title,
             int                      width)
{
  const GdkRGBA *ink = &palette->text;
  guint n_rows = mnr_compare_matrix_get_n_rows (matrix);
  double y = MARGIN;

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);

  draw_plain (cr, title, MARGIN, y, width - 2 * MARGIN, FALSE, ink, MNR_COMPARE_TEXT_BIG);
  y += TITLE_HEIGHT;
  draw_header (cr, matrix, y, ink);
  y += MNR_COMPARE_HEADER_HEIGHT;

  for (guint r = 0; r <= n_rows; r++, y += ROW_HEIGHT)
    {
      gboolean summary = r == n_rows;
      g_autofree char *name = summary ? mnr_compare_dup_summary_title (matrix, palette)
                                      : g_strdup (mnr_compare_matrix_get_name (matrix, r));
      g_autofree char *round = summary ? mnr_compare_dup_summary_subtitle (matrix) : mnr_compare_dup_round_short (matrix, r);

      draw_plain (cr, name, MARGIN + 8, y + 2, MNR_COMPARE_NAME_WIDTH - 16, FALSE, ink, MNR_COMPARE_TEXT_BOLD);
      if (round != NULL)
        draw_plain (cr, round, MARGIN + 8, y + 19, MNR_COMPARE_NAME_WIDTH - 16, FALSE, ink, MNR_COMPARE_TEXT_SMALL);

      for (guint c = 0; c < MNR_COMPARE_N_COLUMNS; c++)
        {
          g_autofree char *text = summary ? mnr_compare_dup_summary_text (matrix, palette, c, FALSE)
                                          : mnr_compare_matrix_dup_cell_text (matrix, r, c);
          MnrCompareCellFrame frame = MNR_COMPARE_CELL_OUTLINED;
          GdkRGBA background = *ink, foreground = *ink;

          if (!summary)
            mnr_compare_cell_look (matrix, palette, r, c, &frame, &background, &foreground);
          draw_cell (cr, MARGIN + mnr_compare_column_x (matrix, c), y + MNR_COMPARE_ROW_PADDING,
                     frame, &background, &foreground, text);
        }
    }

  /* The legend: what the numbers and colours mean. */
  {
    double x = MARGIN;

    y += 10;
    for (guint l = 0; l < mnr_compare_matrix_get_n_levels (matrix); l++)
      {
        MnrLevel *level = mnr_compare_matrix_get_level_object (matrix, l);
        g_autofree char *text = mnr_level_get_assessed (level) ? g_strdup_printf ("%u", l) : g_strdup ("–");
        gboolean change = mnr_compare_matrix_get_against (matrix) != MNR_COMPARE_AGAINST_NOTHING;

        if (change)
          break;
        draw_cell (cr, x, y, mnr_level_get_assessed (level) ? MNR_COMPARE_CELL_FILLED : MNR_COMPARE_CELL_OUTLINED,
                   &palette->level_background[l], mnr_level_get_assessed (level) ? &palette->level_foreground[l] : ink,
                   text);
        draw_plain (cr, mnr_level_get_name (level), x + MNR_COMPARE_CELL_WIDTH + 4, y + 9, 120, FALSE, ink, MNR_COMPARE_TEXT_PLAIN);
        x += MNR_COMPARE_CELL_WIDTH + 130;
      }
    draw_plain (cr, _("Empty: no round shared"), x, y + 9, 0, FALSE, ink, MNR_COMPARE_TEXT_PLAIN);

    if (mnr_compare_matrix_get_against (matrix) != MNR_COMPARE_AGAINST_NOTHING)
      {
        const char *words[] = { NULL, _("up"), _("down"), _("same") };
        const char *marks[] = { NULL, "▲", "▼", "=" };

        for (guint i = 1; i < 4; i++)
          {
            draw_cell (cr, x, y, MNR_COMPARE_CELL_FILLED, &palette->change_background[i],
                       &palette->change_foreground[i], marks[i]);
            draw_plain (cr, words[i], x + MNR_COMPARE_CELL_WIDTH + 4, y + 9, 100, FALSE, ink, MNR_COMPARE_TEXT_PLAIN);
            x += MNR_COMPARE_CELL_WIDTH + 110;
          }
        draw_plain (cr, _("The number is the level now; outlined: nothing to compare."), x, y + 9, 0, FALSE, ink, MNR_COMPARE_TEXT_PLAIN);
      }
  }
}

static void
image_size (MnrCompareMatrix *matrix,
            int              *width,
            int              *height)
{
  *width = mnr_compare_row_width () + 2 * MARGIN;
  *height = 2 * MARGIN + TITLE_HEIGHT + MNR_COMPARE_HEADER_HEIGHT +
            (int)(mnr_compare_matrix_get_n_rows (matrix) + 1) * ROW_HEIGHT + 10 + LEGEND_HEIGHT;
}

static gboolean
cairo_failed (cairo_status_t   status,
              GFile           *file,
              GError         **error)
{
  g_autofree char *name = g_file_get_basename (file);

  if (status == CAIRO_STATUS_SUCCESS)
    return FALSE;

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
               /* Translators: a file name, then why it could not be written */
               _("Could not write “%s”: %s"), name, cairo_status_to_string (status));
  return TRUE;
}

/**
 * mnr_compare_export_write:
 * @format: "csv", "png" or "pdf"
 *
 * Writes the matrix to @file, replacing it.
 */
gboolean
mnr_compare_export_write (MnrCompareMatrix         *matrix,
                          const MnrComparePalette  *palette,
                          const char               *title,
                          const char               *format,
                          GFile                    *file,
                          GError                  **error)
{
  g_autofree char *path = g_file_get_path (file);
  MnrComparePalette print = *palette;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  int width, height;

  g_return_val_if_fail (MNR_IS_COMPARE_MATRIX (matrix), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (g_strcmp0 (format, "csv") == 0)
    {
      g_autoptr(GBytes) csv = mnr_compare_matrix_to_csv (matrix);

      return g_file_replace_contents (file, g_bytes_get_data (csv, NULL), g_bytes_get_size (csv), NULL, FALSE,
                                      G_FILE_CREATE_REPLACE_DESTINATION, NULL, NULL, error);
    }

  if (path == NULL || (g_strcmp0 (format, "png") != 0 && g_strcmp0 (format, "pdf") != 0))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("The comparison is exported as a .csv, .png or .pdf file, to a local folder."));
      return FALSE;
    }

  /* Printed on white: dark ink, whatever the app's style. */
  print.text = (GdkRGBA) { 0.14f, 0.12f, 0.19f, 1 };
  image_size (matrix, &width, &height);

  if (g_str_equal (format, "pdf"))
    surface = cairo_pdf_surface_create (path, width, height);
  else
    surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);

  cr = cairo_create (surface);
  draw_matrix (cr, matrix, &print, title, width);
  cairo_destroy (cr);

  if (g_str_equal (format, "png"))
    status = cairo_surface_write_to_png (surface, path);
  else
    {
      cairo_surface_finish (surface);
      status = cairo_surface_status (surface);
    }
  cairo_surface_destroy (surface);

  return !cairo_failed (status, file, error);
}

static const char *
format_of (const char *filename)
{
  const char *dot = strrchr (filename, '.');

  if (dot == NULL)
    return NULL;
  if (g_ascii_strcasecmp (dot, ".csv") == 0)
    return "csv";
  if (g_ascii_strcasecmp (dot, ".png") == 0)
    return "png";
  if (g_ascii_strcasecmp (dot, ".pdf") == 0)
    return "pdf";
  return NULL;
}

/**
 * mnr_compare_find_members:
 * @group_id: "all", a bundled group's id ("asean") or one of the user's
 * @members: (out) (transfer full): the members; %NULL for every country
 * @label: (out) (transfer full): the group's name, for titles
 *
 * Returns: %FALSE with an error when there is no such group
 */
gboolean
mnr_compare_find_members (MnrCountryCatalog  *catalog,
              MnrStore           *store,
              const char         *group_id,
              GStrv              *members,
              char              **label,
              GError            **error)
{
  MnrRegionalGroup *group;
  g_autoptr(GPtrArray) own = NULL;

  if (g_strcmp0 (group_id, MNR_COMPARE_GROUP_ALL) == 0)
    {
      *members = NULL;
      *label = g_strdup (_("Every country with data"));
      return TRUE;
    }

  if ((group = mnr_country_catalog_lookup_group (catalog, group_id)) == NULL &&
      (own = mnr_store_list_groups (store, error)) != NULL)
    for (guint i = 0; i < own->len && group == NULL; i++)
      if (g_strcmp0 (mnr_regional_group_get_id (g_ptr_array_index (own, i)), group_id) == 0)
        group = g_ptr_array_index (own, i);

  if (group == NULL)
    {
      g_clear_error (error);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("There is no group “%s”: use all, or a group's id such as asean."), group_id);
      return FALSE;
    }

  *members = g_strdupv ((GStrv)mnr_regional_group_get_members (group));
  *label = g_strdup (mnr_regional_group_get_name (group));
  return TRUE;
}

static gboolean
export_from_store (const char  *filename,
                   const char  *group_id,
                   GError     **error)
{
  const char *override = g_getenv ("MNR_TRACKER_DATA_DIR");
  g_autofree char *path = override != NULL && override[0] != '\0'
    ? g_strdup (override) : g_build_filename (g_get_user_data_dir (), "mnr-tracker", NULL);
  g_autoptr(GFile) directory = g_file_new_for_path (path);
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (filename);
  g_autoptr(MnrFramework) framework = NULL;
  g_autoptr(MnrCountryCatalog) catalog = NULL;
  g_autoptr(MnrStore) store = NULL;
  g_autoptr(MnrCompareMatrix) matrix = NULL;
  g_auto(GStrv) members = NULL;
  g_autofree char *label = NULL;
  g_autofree char *title = NULL;
  const char *format = format_of (filename);
  MnrCompareQuery query = { 0 };
  MnrComparePalette palette = { 0 };
  GdkRGBA ink = { 0.14f, 0.12f, 0.19f, 1 };

  if (format == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("The comparison is exported as a .csv, .png or .pdf file, to a local folder."));
      return FALSE;
    }

  if ((framework = mnr_framework_new_default (error)) == NULL ||
      (catalog = mnr_country_catalog_new (error)) == NULL ||
      (store = mnr_store_open (directory, error)) == NULL ||
      !mnr_compare_find_members (catalog, store, group_id != NULL ? group_id : MNR_COMPARE_GROUP_ALL, &members, &label, error))
    return FALSE;

  query.countries = (const char * const *)members;
  if ((matrix = mnr_store_load_compare (store, framework, &query, error)) == NULL)
    return FALSE;
  mnr_compare_matrix_set_names (matrix, catalog);

  mnr_compare_palette_init (&palette, matrix, &ink);
  palette.threshold = MIN (4, mnr_compare_matrix_get_n_levels (matrix) - 1);
  /* Translators: the title of an exported comparison: the group, then which rounds */
  title = g_strdup_printf (_("%s — %s"), label, _("Each country’s latest round"));
  return mnr_compare_export_write (matrix, &palette, title, format, file, error);
}

/**
 * mnr_compare_export_command_line:
 * @group_id: (nullable): the group, every country with data by default
 *
 * `--export-compare=FILE`: the group's comparison (each country's latest
 * round) written to FILE, its format from its name.
 *
 * Returns: the exit status: 0, or 1 with a message on standard error
 */
int
mnr_compare_export_command_line (const char *filename,
                                 const char *group_id)
{
  g_autoptr(GError) error = NULL;

  if (!export_from_store (filename, group_id, &error))
    {
      g_printerr (_("Could not export the comparison: %s\n"), error->message);
      return 1;
    }

  return 0;
}
