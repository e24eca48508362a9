/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-report"

#include "config.h"

#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "mnr-format.h"
#include "mnr-record-type.h"
#include "mnr-report.h"

/* A country's report, for a minister's desk or a regional chapter: a
 * cover (country, round, date); the grid drawn in the levels' colours,
 * each cell with its level's name; every capability and enabler with its
 * level, rationale, who and when; what changed since the previous round;
 * the evidence with its citations (restricted evidence only when asked
 * for, sample data never); and the open action items. An MnrDocument, so
 * PDF or print. */

/* --- the grid, as a figure ---------------------------------------------- */

typedef struct
{
  MnrFramework *framework;
  GHashTable   *levels;   /* element id → MnrLevel (borrowed from the framework) */
} Grid;

static void
grid_free (Grid *grid)
{
  g_clear_object (&grid->framework);
  g_clear_pointer (&grid->levels, g_hash_table_unref);
  g_free (grid);
}

#define CELL_GAP     4.0
#define CELL_HEIGHT 46.0
#define BAND_LABEL  78.0

static void
set_color (cairo_t    *cr,
           const char *color)
{
  guint8 r = 0, g = 0, b = 0;

  mnr_color_parse (color, &r, &g, &b);
  cairo_set_source_rgb (cr, r / 255.0, g / 255.0, b / 255.0);
}

static PangoLayout *
cell_layout (PangoContext *context,
             const char   *markup,
             double        width,
             double        height,
             double        size)
{
  PangoLayout *layout = pango_layout_new (context);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string ("Sans");

  pango_font_description_set_size (font, (int) (size * PANGO_SCALE));
  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_height (layout, (int) (height * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_markup (layout, markup, -1);
  return layout;
}

/* One cell: the level's colour, a border (for the palest levels on white
 * paper), the number and title, and at its foot the level's name, never
 * cut: colour never alone. */
static void
draw_cell (cairo_t      *cr,
           PangoContext *context,
           MnrElement   *element,
           MnrLevel     *level,
           double        x,
           double        y,
           double        width)
{
  g_autofree char *title = NULL;
  g_autofree char *name = g_markup_printf_escaped ("<b>%s</b>", mnr_level_get_name (level));
  g_autoptr(PangoLayout) name_layout = cell_layout (context, name, width - 8, -1, 7);
  g_autoptr(PangoLayout) title_layout = NULL;
  int w, name_height;

  if (mnr_element_get_kind (element) == MNR_ELEMENT_CAPABILITY)
    title = g_markup_printf_escaped ("<b>%u</b> %s", mnr_element_get_number (element), mnr_element_get_title (element));
  else
    title = g_markup_escape_text (mnr_element_get_title (element), -1);
  pango_layout_get_size (name_layout, &w, &name_height);
  title_layout = cell_layout (context, title, width - 8, CELL_HEIGHT - 10 - name_height / (double) PANGO_SCALE, 7);

  cairo_rectangle (cr, x, y, width, CELL_HEIGHT);
  set_color (cr, mnr_level_get_color (level));
  cairo_fill_preserve (cr);
  cairo_set_source_rgb (cr, 0.55, 0.55, 0.55);
  cairo_set_line_width (cr, 0.5);
  cairo_stroke (cr);

  set_color (cr, mnr_level_get_text_color (level));
  cairo_move_to (cr, x + 4, y + 4);
  pango_cairo_show_layout (cr, title_layout);
  cairo_move_to (cr, x + 4, y + CELL_HEIGHT - 4 - name_height / (double) PANGO_SCALE);
  pango_cairo_show_layout (cr, name_layout);
}

static void
draw_band_label (cairo_t      *cr,
                 PangoContext *context,
                 const char   *text,
                 double        y,
                 double        height)
{
  g_autofree char *markup = g_markup_printf_escaped ("<b>%s</b>", text);
  g_autoptr(PangoLayout) layout = cell_layout (context, markup, BAND_LABEL - 6, CELL_HEIGHT, 7.5);
  int w, h;

  pango_layout_get_size (layout, &w, &h);
  cairo_set_source_rgb (cr, 0.15, 0.15, 0.15);
  cairo_move_to (cr, 0, y + MAX (0, (height - h / (double) PANGO_SCALE) / 2));
  pango_cairo_show_layout (cr, layout);
}

/* A band: its label on the left, then its elements' cells in rows of at
 * most @per_row. Returns its height. */
static double
draw_band (cairo_t      *cr,
           PangoContext *context,
           Grid         *grid,
           const char   *label,
           GPtrArray    *elements,
           guint         per_row,
           double        y,
           double        width)
{
  guint rows = (elements->len + per_row - 1) / per_row;
  double cell_width = (width - BAND_LABEL - CELL_GAP * (per_row - 1)) / per_row;
  double height = rows * CELL_HEIGHT + (rows > 0 ? rows - 1 : 0) * CELL_GAP;

  if (cr == NULL)
    return height;

  draw_band_label (cr, context, label, y, height);
  for (guint i = 0; i < elements->len; i++)
    {
      MnrElement *element = elements->pdata[i];
      MnrLevel *level = g_hash_table_lookup (grid->levels, mnr_element_get_id (element));

      if (level == NULL)
        level = mnr_framework_lookup_level (grid->framework, "not-assessed");
      draw_cell (cr, context, element, level, BAND_LABEL + (i % per_row) * (cell_width + CELL_GAP),
                 y + (i / per_row) * (CELL_HEIGHT + CELL_GAP), cell_width);
    }
  return height;
}

static GPtrArray *
elements_of (GListModel *model,
             MnrElement *domain)
{
  GPtrArray *elements = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      MnrElement *element = g_list_model_get_item (model, i);

      if (domain == NULL || mnr_element_get_domain (element) == domain)
        g_ptr_array_add (elements, element);
      else
        g_object_unref (element);
    }
  return elements;
}

/* The capabilities in their domain bands, then the enablers; below, the
 * scale as a legend. */
static double
draw_grid (cairo_t      *cr,
           PangoContext *context,
           double        width,
           gpointer      data)
{
  Grid *grid = data;
  GListModel *domains = mnr_framework_get_domains (grid->framework);
  GListModel *levels = mnr_framework_get_levels (grid->framework);
  g_autoptr(GPtrArray) enablers = elements_of (mnr_framework_get_enablers (grid->framework), NULL);
  double y = 0, chip = (width - BAND_LABEL) / MAX (1, g_list_model_get_n_items (levels));

  for (guint d = 0; d < g_list_model_get_n_items (domains); d++)
    {
      g_autoptr(MnrElement) domain = g_list_model_get_item (domains, d);
      g_autoptr(GPtrArray) capabilities = elements_of (mnr_framework_get_capabilities (grid->framework), domain);

      y += draw_band (cr, context, grid, mnr_element_get_title (domain), capabilities, 4, y, width) + CELL_GAP * 2;
    }
  y += CELL_GAP * 2;
  y += draw_band (cr, context, grid, _("Enablers"), enablers, 4, y, width) + CELL_GAP * 4;

  /* The legend: each level's colour with its name. */
  if (cr != NULL)
    {
      draw_band_label (cr, context, _("Maturity scale"), y, 18);
      for (guint i = 0; i < g_list_model_get_n_items (levels); i++)
        {
          g_autoptr(MnrLevel) level = g_list_model_get_item (levels, i);
          g_autoptr(PangoLayout) layout = cell_layout (context, mnr_level_get_name (level), chip - 10, 14, 7);

          cairo_rectangle (cr, BAND_LABEL + i * chip, y, chip - 4, 18);
          set_color (cr, mnr_level_get_color (level));
          cairo_fill_preserve (cr);
          cairo_set_source_rgb (cr, 0.55, 0.55, 0.55);
          cairo_set_line_width (cr, 0.5);
          cairo_stroke (cr);
          set_color (cr, mnr_level_get_text_color (level));
          cairo_move_to (cr, BAND_LABEL + i * chip + 4, y + 4);
          pango_cairo_show_layout (cr, layout);
        }
    }
  return y + 18;
}

/* --- the text ------------------------------------------------------------ */

static const char *
level_name (MnrFramework *framework,
            const char   *level_id)
{
  MnrLevel *level = mnr_framework_lookup_level (framework, level_id);

  return level != NULL ? mnr_level_get_name (level) : level_id;
}

static void
add_element (MnrDocument  *document,
             MnrWorkspace *workspace,
             MnrElement   *element)
{
  MnrRating *rating = mnr_workspace_get_rating (workspace, mnr_element_get_id (element));
  MnrLevel *level = mnr_workspace_get_level (workspace, mnr_element_get_id (element));
  g_autofree char *label = mnr_element_dup_label (element);

  /* Translators: a capability or enabler in the report, and its level */
  mnr_document_add (document, MNR_DOCUMENT_ITEM, _("%s — %s"), label, mnr_level_get_name (level));
  if (rating == NULL)
    return;
  mnr_document_add (document, MNR_DOCUMENT_BODY, "%s",
                    rating->rationale[0] != '\0' ? rating->rationale : _("No rationale recorded."));
  {
    g_autofree char *day = mnr_local_day (rating->updated_at);
    g_autofree char *when = mnr_format_day (day);

    /* Translators: who set a level in the report, and on what day */
    mnr_document_add (document, MNR_DOCUMENT_NOTE, _("Set by %s on %s."),
                      rating->updated_by[0] != '\0' ? rating->updated_by : _("someone unnamed"), when);
  }
}

/* Levels that differ from the previous round's (by date), an element a line. */
static void
add_changes (MnrDocument  *document,
             MnrWorkspace *workspace,
             MnrRound     *round)
{
  MnrStore *store = mnr_workspace_get_store (workspace);
  MnrFramework *framework = mnr_workspace_get_framework (workspace);
  GListModel *sources[] = { mnr_framework_get_capabilities (framework), mnr_framework_get_enablers (framework) };
  g_autoptr(GPtrArray) rounds = mnr_store_list_rounds (store, round->country, NULL);
  g_autoptr(GPtrArray) before = NULL;
  MnrRound *previous = NULL;
  gboolean any = FALSE;

  /* Latest first: the one after the round shown is the one before it. */
  for (guint i = 0; rounds != NULL && i + 1 < rounds->len; i++)
    if (g_strcmp0 (((MnrRound *) rounds->pdata[i])->id, round->id) == 0)
      previous = rounds->pdata[i + 1];

  if (previous == NULL)
    {
      mnr_document_add (document, MNR_DOCUMENT_HEADING, "%s", _("Change since the Previous Round"));
      mnr_document_add (document, MNR_DOCUMENT_BODY, "%s", _("This is the country’s first round: there is nothing "
                                                              "to compare it with."));
      return;
    }

  /* Translators: a heading of the report, %s the previous round's name */
  mnr_document_add (document, MNR_DOCUMENT_HEADING, _("Change since “%s”"), previous->name);
  before = mnr_store_list_ratings (store, previous->id, NULL);
  for (guint s = 0; s < G_N_ELEMENTS (sources); s++)
    for (guint i = 0; i < g_list_model_get_n_items (sources[s]); i++)
      {
        g_autoptr(MnrElement) element = g_list_model_get_item (sources[s], i);
        MnrRating *now = mnr_workspace_get_rating (workspace, mnr_element_get_id (element));
        const char *was = "not-assessed";
        g_autofree char *label = NULL;

        for (guint b = 0; before != NULL && b < before->len; b++)
          if (g_strcmp0 (((MnrRating *) before->pdata[b])->element_id, mnr_element_get_id (element)) == 0)
            was = ((MnrRating *) before->pdata[b])->level_id;
        if (g_strcmp0 (was, now != NULL ? now->level_id : "not-assessed") == 0)
          continue;

        label = mnr_element_dup_label (element);
        /* Translators: a change in the report: element: level before → level now */
        mnr_document_add (document, MNR_DOCUMENT_BODY, _("• %s: %s → %s"), label, level_name (framework, was),
                          level_name (framework, now != NULL ? now->level_id : "not-assessed"));
        any = TRUE;
      }
  if (!any)
    mnr_document_add (document, MNR_DOCUMENT_BODY, "%s", _("No level changed."));
}

static void
add_evidence (MnrDocument            *document,
              MnrWorkspace           *workspace,
              const MnrReportOptions *options)
{
  GListModel *evidence = mnr_workspace_get_evidence (workspace);
  MnrFramework *framework = mnr_workspace_get_framework (workspace);
  guint n_restricted = 0, n_listed = 0;

  mnr_document_add (document, MNR_DOCUMENT_HEADING, "%s", _("Evidence"));
  for (guint i = 0; i < g_list_model_get_n_items (evidence); i++)
    {
      g_autoptr(MnrEvidence) item = g_list_model_get_item (evidence, i);
      const char * const *elements = mnr_evidence_get_elements (item);
      g_autoptr(GString) about = g_string_new (NULL);
      const char *date = mnr_evidence_get_date (item);
      const char *source = mnr_evidence_get_source (item);

      /* Sample data is an example, never a country's evidence. */
      if (mnr_evidence_get_sample (item))
        continue;
      if (mnr_evidence_get_restricted (item) && !options->with_restricted)
        {
          n_restricted++;
          continue;
        }

      for (guint e = 0; elements != NULL && elements[e] != NULL; e++)
        {
          MnrElement *element = mnr_framework_lookup (framework, elements[e]);
          g_autofree char *label = element != NULL ? mnr_element_dup_label (element) : g_strdup (elements[e]);

          g_string_append_printf (about, "%s%s", about->len > 0 ? "; " : "", label);
        }

      /* Translators: an item of evidence in the report: its title, kind and date */
      mnr_document_add (document, MNR_DOCUMENT_BODY, _("• <b>%s</b> (%s, %s)"), mnr_evidence_get_display_title (item),
                        mnr_evidence_kind_get_label (mnr_evidence_get_kind (item)),
                        date != NULL && date[0] != '\0' ? date : _("undated"));
      if (source != NULL && source[0] != '\0')
        /* Translators: an item of evidence's citation in the report */
        mnr_document_add (document, MNR_DOCUMENT_NOTE, _("Source: %s"), source);
      if (about->len > 0)
        /* Translators: what an item of evidence in the report is about */
        mnr_document_add (document, MNR_DOCUMENT_NOTE, _("About: %s"), about->str);
      if (mnr_evidence_get_restricted (item))
        mnr_document_add (document, MNR_DOCUMENT_NOTE, "%s", _("Restricted: not for readers outside the country’s team."));
      n_listed++;
    }

  if (n_listed == 0)
    mnr_document_add (document, MNR_DOCUMENT_BODY, "%s", _("No evidence recorded."));
  if (n_restricted > 0)
    mnr_document_add (document, MNR_DOCUMENT_NOTE,
                      g_dngettext (GETTEXT_PACKAGE, "%u item of restricted evidence is left out of this report.",
                                   "%u items of restricted evidence are left out of this report.", n_restricted),
                      n_restricted);
}

static void
add_actions (MnrDocument  *document,
             MnrWorkspace *workspace)
{
  MnrFramework *framework = mnr_workspace_get_framework (workspace);
  g_autoptr(GPtrArray) actions = mnr_store_list_actions (mnr_workspace_get_store (workspace),
                                                         mnr_workspace_get_country (workspace), NULL, NULL);
  g_autofree char *today = mnr_today ();
  gboolean any = FALSE;

  mnr_document_add (document, MNR_DOCUMENT_HEADING, "%s", _("Open Action Items"));
  for (guint i = 0; actions != NULL && i < actions->len; i++)
    {
      MnrAction *action = actions->pdata[i];
      MnrElement *element = mnr_framework_lookup (framework, action->element_id);
      g_autofree char *label = element != NULL ? mnr_element_dup_label (element) : g_strdup (action->element_id);
      g_autofree char *due = action->due[0] != '\0' ? mnr_format_day (action->due) : g_strdup (_("no due date"));

      if (g_strcmp0 (action->status, "open") != 0 && g_strcmp0 (action->status, "in-progress") != 0)
        continue;
      /* Translators: an open action item in the report: description — owner, due date, status */
      mnr_document_add (document, MNR_DOCUMENT_BODY, _("• <b>%s</b> — %s, due %s, %s"), action->description,
                        action->owner[0] != '\0' ? action->owner : _("no owner"), due,
                        mnr_action_is_overdue (action, today)
                        ? _("overdue") : mnr_record_choice_get_label (mnr_action_statuses, action->status));
      mnr_document_add (document, MNR_DOCUMENT_NOTE, "%s", label);
      any = TRUE;
    }
  if (!any)
    mnr_document_add (document, MNR_DOCUMENT_BODY, "%s", _("No action item is open."));
}

/**
 * mnr_report_new:
 * @catalog: (nullable): for the country's name
 * @options: (nullable): A4, without restricted evidence, by default
 *
 * The report of the workspace's country, on the round it shows.
 *
 * Returns: (transfer full) (nullable): the document, or %NULL with an
 *   error when no country or round is shown
 */
MnrDocument *
mnr_report_new (MnrWorkspace           *workspace,
                MnrCountryCatalog      *catalog,
                const MnrReportOptions *options,
                GError                **error)
{
  static const MnrReportOptions defaults = { MNR_PAPER_A4, FALSE };
  const char *code = mnr_workspace_get_country (workspace);
  MnrRound *round = mnr_workspace_get_round (workspace);
  MnrFramework *framework = mnr_workspace_get_framework (workspace);
  MnrCountry *country = catalog != NULL && code != NULL ? mnr_country_catalog_lookup (catalog, code) : NULL;
  const char *name = country != NULL ? mnr_country_get_name (country) : code;
  g_autofree char *title = NULL;
  g_autofree char *today = mnr_today ();
  g_autofree char *today_text = mnr_format_day (today);
  g_autofree char *round_day = NULL;
  MnrDocument *document;
  GListModel *domains;
  Grid *grid;

  g_return_val_if_fail (MNR_IS_WORKSPACE (workspace), NULL);

  if (options == NULL)
    options = &defaults;
  if (code == NULL || round == NULL)
    {
      if (code == NULL)
        g_set_error_literal (error, MNR_DOCUMENT_ERROR, MNR_DOCUMENT_ERROR_NOTHING, _("Choose a country first."));
      else
        g_set_error (error, MNR_DOCUMENT_ERROR, MNR_DOCUMENT_ERROR_NOTHING,
                     _("%s has no assessment round yet: there is nothing to report."), name);
      return NULL;
    }

  /* Translators: the title of a country's report, %s the country */
  title = g_strdup_printf (_("Model National Response: %s"), name);
  document = mnr_document_new (title);
  mnr_document_set_paper (document, options->paper);
  round_day = mnr_format_day (round->date);

  mnr_document_add (document, MNR_DOCUMENT_TITLE, "%s", title);
  /* Translators: under the report's title: the round's name and date */
  mnr_document_add (document, MNR_DOCUMENT_SUBTITLE, _("Round “%s” of %s"), round->name, round_day);
  /* Translators: under the report's title: the day it was written */
  mnr_document_add (document, MNR_DOCUMENT_NOTE, _("Report written on %s by MNR Tracker."), today_text);
  mnr_document_add (document, MNR_DOCUMENT_BODY, "%s",
                    _("The WePROTECT Global Alliance’s Model National Response sets out the capabilities a "
                      "country needs to prevent and tackle online child sexual exploitation and abuse: 21 "
                      "capabilities in six domains, resting on seven enablers. Each is placed here on the "
                      "maturity scale, with the reason and the evidence behind it."));

  grid = g_new0 (Grid, 1);
  grid->framework = g_object_ref (framework);
  grid->levels = g_hash_table_new (g_str_hash, g_str_equal);
  {
    GListModel *sources[] = { mnr_framework_get_capabilities (framework), mnr_framework_get_enablers (framework) };

    for (guint s = 0; s < G_N_ELEMENTS (sources); s++)
      for (guint i = 0; i < g_list_model_get_n_items (sources[s]); i++)
        {
          g_autoptr(MnrElement) element = g_list_model_get_item (sources[s], i);

          g_hash_table_insert (grid->levels, (gpointer) mnr_element_get_id (element),
                               mnr_workspace_get_level (workspace, mnr_element_get_id (element)));
        }
  }
  mnr_document_add_figure (document, draw_grid, grid, (GDestroyNotify) grid_free);

  mnr_document_add (document, MNR_DOCUMENT_PAGE_BREAK, "%s", "");
  domains = mnr_framework_get_domains (framework);
  for (guint d = 0; d < g_list_model_get_n_items (domains); d++)
    {
      g_autoptr(MnrElement) domain = g_list_model_get_item (domains, d);
      g_autoptr(GPtrArray) capabilities = elements_of (mnr_framework_get_capabilities (framework), domain);

      /* Translators: a heading of the report: a domain of the framework's capabilities */
      mnr_document_add (document, MNR_DOCUMENT_HEADING, _("Capabilities: %s"), mnr_element_get_title (domain));
      for (guint i = 0; i < capabilities->len; i++)
        add_element (document, workspace, capabilities->pdata[i]);
    }
  mnr_document_add (document, MNR_DOCUMENT_HEADING, "%s", _("Enablers"));
  {
    g_autoptr(GPtrArray) enablers = elements_of (mnr_framework_get_enablers (framework), NULL);

    for (guint i = 0; i < enablers->len; i++)
      add_element (document, workspace, enablers->pdata[i]);
  }

  add_changes (document, workspace, round);
  add_evidence (document, workspace, options);
  add_actions (document, workspace);
  return document;
}
