/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-minutes"

#include "config.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "mnr-agenda.h"
#include "mnr-format.h"
#include "mnr-minutes.h"
#include "mnr-record-type.h"

/* The minutes of a meeting, for the minister's desk: the meeting, who
 * came and who sent apologies, the agenda, what was noted and decided on
 * each item, the action items it gave, and what changed in the ratings
 * since the country's previous meeting.
 *
 * The text is a list of blocks (Pango markup in a style), laid out with
 * Pango at the page's width and cut into pages; the same pages are drawn
 * on a cairo PDF surface (fonts embedded, text selectable) or on a
 * GtkPrintOperation's context, so that what is printed is what is
 * exported. A4 by default; printing takes the printer's paper. */

#define PDF_WIDTH   595.0   /* A4, in points */
#define PDF_HEIGHT  842.0
#define MARGIN       56.0

G_DEFINE_QUARK (mnr-minutes-error-quark, mnr_minutes_error)

typedef enum
{
  STYLE_TITLE,
  STYLE_SUBTITLE,
  STYLE_HEADING,
  STYLE_ITEM,
  STYLE_BODY,
  STYLE_NOTE,
} Style;

static const struct { double size; double before; const char *weight; } styles[] = {
  [STYLE_TITLE] = { 20, 0, "bold" },
  [STYLE_SUBTITLE] = { 11, 4, "normal" },
  [STYLE_HEADING] = { 14, 18, "bold" },
  [STYLE_ITEM] = { 12, 12, "bold" },
  [STYLE_BODY] = { 10.5, 4, "normal" },
  [STYLE_NOTE] = { 9.5, 4, "normal" },
};

typedef struct
{
  Style  style;
  char  *markup;
} Block;

struct _MnrMinutes
{
  char      *title;
  GPtrArray *blocks;   /* Block */

  /* laid out for one width: layouts and the page each starts */
  GPtrArray *layouts;  /* PangoLayout */
  GArray    *tops;     /* double: y of each block on its page */
  GArray    *pages;    /* guint: the page of each block */
  guint      n_pages;
};

static void
block_free (Block *block)
{
  g_free (block->markup);
  g_free (block);
}

void
mnr_minutes_free (MnrMinutes *minutes)
{
  if (minutes == NULL)
    return;
  g_free (minutes->title);
  g_clear_pointer (&minutes->blocks, g_ptr_array_unref);
  g_clear_pointer (&minutes->layouts, g_ptr_array_unref);
  g_clear_pointer (&minutes->tops, g_array_unref);
  g_clear_pointer (&minutes->pages, g_array_unref);
  g_free (minutes);
}

const char *
mnr_minutes_get_title (MnrMinutes *minutes)
{
  return minutes->title;
}

static void add (MnrMinutes *minutes, Style style, const char *format, ...) G_GNUC_PRINTF (3, 4);

/* Adds a block; %s arguments are escaped for markup. */
static void
add (MnrMinutes *minutes,
     Style       style,
     const char *format,
     ...)
{
  Block *block = g_new0 (Block, 1);
  va_list args;

  va_start (args, format);
  block->style = style;
  block->markup = g_markup_vprintf_escaped (format, args);
  va_end (args);
  g_ptr_array_add (minutes->blocks, block);
}

/* Every line of @text as a block ("Ama Owusu (chair)"), or @none. */
static void
add_lines (MnrMinutes *minutes,
           const char *text,
           const char *none)
{
  g_auto(GStrv) lines = g_strsplit (text != NULL ? text : "", "\n", -1);
  gboolean any = FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strstrip (lines[i]);
      if (lines[i][0] == '\0')
        continue;
      add (minutes, STYLE_BODY, "• %s", lines[i]);
      any = TRUE;
    }
  if (!any)
    add (minutes, STYLE_BODY, "%s", none);
}

static const char *
level_name (MnrWorkspace *workspace,
            const char   *level_id)
{
  MnrLevel *level = level_id != NULL && level_id[0] != '\0'
                    ? mnr_framework_lookup_level (mnr_workspace_get_framework (workspace), level_id) : NULL;

  return level != NULL ? mnr_level_get_name (level) : level_id;
}

static char *
element_label (MnrWorkspace *workspace,
               const char   *element_id)
{
  MnrElement *element = mnr_framework_lookup (mnr_workspace_get_framework (workspace), element_id);

  return element != NULL ? mnr_element_dup_label (element) : g_strdup (element_id);
}

/* What changed in the round's ratings after @since and up to @until
 * (days), an element a line: "Capability 4 …: Building → Developing". */
static void
add_changes (MnrMinutes   *minutes,
             MnrWorkspace *workspace,
             const char   *since,
             const char   *until)
{
  MnrFramework *framework = mnr_workspace_get_framework (workspace);
  GListModel *sources[] = { mnr_framework_get_capabilities (framework), mnr_framework_get_enablers (framework) };
  gboolean any = FALSE;

  for (guint s = 0; s < G_N_ELEMENTS (sources); s++)
    for (guint i = 0; i < g_list_model_get_n_items (sources[s]); i++)
      {
        g_autoptr(MnrElement) element = g_list_model_get_item (sources[s], i);
        g_autofree char *before = NULL;
        g_autofree char *after = NULL;
        g_autofree char *label = NULL;

        if (!mnr_agenda_find_change (workspace, mnr_element_get_id (element), since, until, &before, &after))
          continue;

        label = mnr_element_dup_label (element);
        if (before != NULL)
          /* Translators: a change in the minutes: element: level before → level now */
          add (minutes, STYLE_BODY, _("• %s: %s → %s"), label, level_name (workspace, before),
               level_name (workspace, after));
        else
          /* Translators: a first rating in the minutes: element: level */
          add (minutes, STYLE_BODY, _("• %s: %s (first rated)"), label, level_name (workspace, after));
        any = TRUE;
      }

  if (!any)
    add (minutes, STYLE_BODY, "%s", _("No level changed."));
}

static void
add_minutes_of (MnrMinutes   *minutes,
                MnrWorkspace *workspace,
                GPtrArray    *entries,
                const char   *element_id)
{
  for (guint i = 0; i < entries->len; i++)
    {
      MnrMinute *minute = entries->pdata[i];

      if (g_strcmp0 (minute->element_id, element_id) != 0)
        continue;

      if (g_strcmp0 (minute->kind, "decision") == 0 && minute->level_id[0] != '\0')
        /* Translators: a decision in the minutes, with the level it agreed */
        add (minutes, STYLE_BODY, _("<b>Decision:</b> %s (level agreed: %s)"), minute->text,
             level_name (workspace, minute->level_id));
      else if (g_strcmp0 (minute->kind, "decision") == 0)
        add (minutes, STYLE_BODY, _("<b>Decision:</b> %s"), minute->text);
      else
        add (minutes, STYLE_BODY, _("<i>Note:</i> %s"), minute->text);
    }
}

static void
build (MnrMinutes        *minutes,
       MnrWorkspace      *workspace,
       MnrCountryCatalog *catalog,
       MnrMeeting        *meeting,
       MnrMeeting        *previous)
{
  MnrStore *store = mnr_workspace_get_store (workspace);
  MnrCountry *country = catalog != NULL ? mnr_country_catalog_lookup (catalog, meeting->country) : NULL;
  const char *country_name = country != NULL ? mnr_country_get_name (country) : meeting->country;
  g_autoptr(GPtrArray) agenda = mnr_agenda_list_items (workspace, meeting, previous);
  g_autoptr(GPtrArray) entries = mnr_store_list_minutes (store, meeting->id, NULL);
  g_autoptr(GPtrArray) actions = mnr_store_list_actions (store, meeting->country, NULL, NULL);
  g_autofree char *day = mnr_format_day (meeting->date);
  g_autofree char *today = mnr_today ();
  g_autofree char *today_text = mnr_format_day (today);
  gboolean any_general = FALSE, any_action = FALSE;
  MnrRound *round = mnr_workspace_get_round (workspace);

  if (entries == NULL)
    entries = g_ptr_array_new ();

  /* Translators: the title of a meeting's minutes, %s the meeting's title */
  minutes->title = g_strdup_printf (_("Minutes: %s"), meeting->title);
  add (minutes, STYLE_TITLE, "%s", minutes->title);
  if (meeting->place[0] != '\0')
    /* Translators: under the minutes' title: country · date · place */
    add (minutes, STYLE_SUBTITLE, _("%s · %s · %s"), country_name, day, meeting->place);
  else
    /* Translators: under the minutes' title: country · date */
    add (minutes, STYLE_SUBTITLE, _("%s · %s"), country_name, day);
  if (round != NULL)
    /* Translators: the round whose levels the minutes show */
    add (minutes, STYLE_NOTE, _("Levels are those of the round “%s”."), round->name);

  add (minutes, STYLE_HEADING, "%s", _("Present"));
  add_lines (minutes, meeting->attendees, _("Not recorded."));
  add (minutes, STYLE_HEADING, "%s", _("Apologies"));
  add_lines (minutes, meeting->apologies, _("None."));

  add (minutes, STYLE_HEADING, "%s", _("Agenda and Decisions"));
  if (agenda->len == 0)
    add (minutes, STYLE_BODY, "%s", mnr_record_choice_get_label (mnr_agenda_kinds, meeting->agenda_kind));
  for (guint i = 0; i < agenda->len; i++)
    {
      const char *element_id = agenda->pdata[i];
      g_autofree char *label = element_label (workspace, element_id);
      MnrLevel *level = mnr_workspace_get_level (workspace, element_id);

      add (minutes, STYLE_ITEM, "%u. %s", i + 1, label);
      if (level != NULL)
        /* Translators: an agenda item's level in the minutes */
        add (minutes, STYLE_NOTE, _("Level: %s"), mnr_level_get_name (level));
      add_minutes_of (minutes, workspace, entries, element_id);
    }

  for (guint i = 0; i < entries->len; i++)
    any_general |= ((MnrMinute *) entries->pdata[i])->element_id[0] == '\0';
  if (any_general)
    {
      add (minutes, STYLE_ITEM, "%s", _("Other business"));
      add_minutes_of (minutes, workspace, entries, "");
    }

  add (minutes, STYLE_HEADING, "%s", _("Action Items"));
  for (guint i = 0; actions != NULL && i < actions->len; i++)
    {
      MnrAction *action = actions->pdata[i];
      g_autofree char *label = NULL;
      g_autofree char *due = NULL;

      if (g_strcmp0 (action->meeting_id, meeting->id) != 0)
        continue;
      label = element_label (workspace, action->element_id);
      due = action->due[0] != '\0' ? mnr_format_day (action->due) : g_strdup (_("no date"));
      /* Translators: an action item in the minutes: description — owner,
       * due date, status; then the element it is about */
      add (minutes, STYLE_BODY, _("• <b>%s</b> — %s, due %s, %s\n   <small>%s</small>"), action->description,
           action->owner[0] != '\0' ? action->owner : _("no owner"), due,
           mnr_record_choice_get_label (mnr_action_statuses, action->status), label);
      any_action = TRUE;
    }
  if (!any_action)
    add (minutes, STYLE_BODY, "%s", _("The meeting gave no action items."));

  if (previous != NULL)
    {
      g_autofree char *previous_day = mnr_format_day (previous->date);

      /* Translators: a heading of the minutes, %s the previous meeting's date */
      add (minutes, STYLE_HEADING, _("Changes since the Previous Meeting (%s)"), previous_day);
      add_changes (minutes, workspace, previous->date, meeting->date);
    }
  else
    {
      add (minutes, STYLE_HEADING, "%s", _("Levels Recorded Before This Meeting"));
      add_changes (minutes, workspace, NULL, meeting->date);
    }

  /* Translators: the last line of the minutes, %s today's date */
  add (minutes, STYLE_NOTE, _("Written by MNR Tracker on %s."), today_text);
}

static MnrMinutes *
minutes_for (MnrWorkspace      *workspace,
             MnrCountryCatalog *catalog,
             GPtrArray         *meetings,
             guint              index)
{
  MnrMinutes *minutes = g_new0 (MnrMinutes, 1);

  minutes->blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) block_free);
  build (minutes, workspace, catalog, meetings->pdata[index],
         index + 1 < meetings->len ? meetings->pdata[index + 1] : NULL);
  return minutes;
}

/**
 * mnr_minutes_new:
 * @meeting_id: a meeting of the workspace's country
 *
 * Returns: (transfer full) (nullable): its minutes, or %NULL with @error
 */
MnrMinutes *
mnr_minutes_new (MnrWorkspace      *workspace,
                 MnrCountryCatalog *catalog,
                 const char        *meeting_id,
                 GError           **error)
{
  const char *country = mnr_workspace_get_country (workspace);
  g_autoptr(GPtrArray) meetings = NULL;

  g_return_val_if_fail (MNR_IS_WORKSPACE (workspace), NULL);

  if (country != NULL)
    meetings = mnr_store_list_meetings (mnr_workspace_get_store (workspace), country, error);
  for (guint i = 0; meetings != NULL && i < meetings->len; i++)
    if (g_strcmp0 (((MnrMeeting *) meetings->pdata[i])->id, meeting_id) == 0)
      return minutes_for (workspace, catalog, meetings, i);

  if (error != NULL && *error == NULL)
    g_set_error_literal (error, MNR_MINUTES_ERROR, MNR_MINUTES_ERROR_NO_MEETING,
                         _("There is no such meeting of the country shown."));
  return NULL;
}

/**
 * mnr_minutes_new_latest:
 *
 * Returns: (transfer full) (nullable): the minutes of the country's
 *   latest meeting, or %NULL with @error when it has none
 */
MnrMinutes *
mnr_minutes_new_latest (MnrWorkspace      *workspace,
                        MnrCountryCatalog *catalog,
                        GError           **error)
{
  const char *country = mnr_workspace_get_country (workspace);
  g_autoptr(GPtrArray) meetings = NULL;

  g_return_val_if_fail (MNR_IS_WORKSPACE (workspace), NULL);

  if (country != NULL)
    meetings = mnr_store_list_meetings (mnr_workspace_get_store (workspace), country, error);
  if (meetings == NULL)
    return NULL;
  if (meetings->len == 0)
    {
      g_set_error (error, MNR_MINUTES_ERROR, MNR_MINUTES_ERROR_NO_MEETING,
                   _("%s has no meeting recorded, so there are no minutes to write."), country);
      return NULL;
    }

  return minutes_for (workspace, catalog, meetings, 0);
}

/* --- layout and pages ---------------------------------------------------- */

/* Lays the blocks out at @width on @context and cuts them into pages of
 * @height. */
static void
paginate (MnrMinutes   *minutes,
          PangoContext *context,
          double        width,
          double        height)
{
  double y = 0;
  guint page = 0;

  g_clear_pointer (&minutes->layouts, g_ptr_array_unref);
  g_clear_pointer (&minutes->tops, g_array_unref);
  g_clear_pointer (&minutes->pages, g_array_unref);
  minutes->layouts = g_ptr_array_new_with_free_func (g_object_unref);
  minutes->tops = g_array_new (FALSE, FALSE, sizeof (double));
  minutes->pages = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; i < minutes->blocks->len; i++)
    {
      Block *block = minutes->blocks->pdata[i];
      PangoLayout *layout = pango_layout_new (context);
      g_autoptr(PangoFontDescription) font = pango_font_description_from_string ("Sans");
      double before = y > 0 ? styles[block->style].before : 0;
      int w, h;

      pango_font_description_set_size (font, (int) (styles[block->style].size * PANGO_SCALE));
      pango_font_description_set_weight (font, g_str_equal (styles[block->style].weight, "bold")
                                               ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
      pango_layout_set_font_description (layout, font);
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
      pango_layout_set_markup (layout, block->markup, -1);
      pango_layout_get_size (layout, &w, &h);

      /* A heading never ends a page: it goes with what follows. */
      if (y > 0 && (y + before + h / (double) PANGO_SCALE > height ||
                    ((block->style == STYLE_HEADING || block->style == STYLE_ITEM) &&
                     y + before + 3 * h / (double) PANGO_SCALE > height)))
        {
          page++;
          y = 0;
          before = 0;
        }

      y += before;
      g_ptr_array_add (minutes->layouts, layout);
      g_array_append_val (minutes->tops, y);
      g_array_append_val (minutes->pages, page);
      y += h / (double) PANGO_SCALE;
    }

  minutes->n_pages = page + 1;
}

static void
draw_page (MnrMinutes *minutes,
           cairo_t    *cr,
           guint       page,
           double      width,
           double      height)
{
  g_autofree char *footer = NULL;
  PangoLayout *layout;
  int w, h;

  for (guint i = 0; i < minutes->layouts->len; i++)
    {
      if (g_array_index (minutes->pages, guint, i) != page)
        continue;
      cairo_move_to (cr, 0, g_array_index (minutes->tops, double, i));
      pango_cairo_show_layout (cr, minutes->layouts->pdata[i]);
    }

  /* Translators: the foot of each page of the minutes */
  footer = g_strdup_printf (_("%s — page %u of %u"), minutes->title, page + 1, minutes->n_pages);
  layout = pango_layout_copy (minutes->layouts->pdata[minutes->layouts->len - 1]);
  pango_layout_set_text (layout, footer, -1);
  pango_layout_set_alignment (layout, PANGO_ALIGN_RIGHT);
  pango_layout_get_size (layout, &w, &h);
  cairo_move_to (cr, 0, height + 12);
  pango_cairo_show_layout (cr, layout);
  g_object_unref (layout);
}

/**
 * mnr_minutes_save_pdf:
 *
 * Writes the minutes to @path as an A4 PDF, fonts embedded and text
 * selectable, through a temporary file renamed into place, so that a
 * failure leaves no half-written file.
 */
gboolean
mnr_minutes_save_pdf (MnrMinutes  *minutes,
                      const char  *path,
                      GError     **error)
{
  g_autofree char *tmp_path = g_strconcat (path, ".part", NULL);
  double width = PDF_WIDTH - 2 * MARGIN, height = PDF_HEIGHT - 2 * MARGIN - 24;
  cairo_surface_t *surface;
  cairo_status_t status;
  PangoContext *context;
  cairo_t *cr;

  g_return_val_if_fail (minutes != NULL && path != NULL, FALSE);

  surface = cairo_pdf_surface_create (tmp_path, PDF_WIDTH, PDF_HEIGHT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, minutes->title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "MNR Tracker " PACKAGE_VERSION);
  cr = cairo_create (surface);
  context = pango_cairo_create_context (cr);
  pango_cairo_context_set_resolution (context, 72);
  paginate (minutes, context, width, height);

  for (guint page = 0; page < minutes->n_pages; page++)
    {
      cairo_save (cr);
      cairo_translate (cr, MARGIN, MARGIN);
      cairo_set_source_rgb (cr, 0, 0, 0);
      draw_page (minutes, cr, page, width, height);
      cairo_restore (cr);
      cairo_show_page (cr);
    }

  g_object_unref (context);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS || g_rename (tmp_path, path) != 0)
    {
      g_set_error (error, MNR_MINUTES_ERROR, MNR_MINUTES_ERROR_WRITE, _("Could not write “%s”: %s"), path,
                   status != CAIRO_STATUS_SUCCESS ? cairo_status_to_string (status) : g_strerror (errno));
      g_unlink (tmp_path);
      return FALSE;
    }

  return TRUE;
}

/* --- printing ------------------------------------------------------------ */

static void
on_begin_print_cb (GtkPrintOperation *operation,
                   GtkPrintContext   *context,
                   MnrMinutes        *minutes)
{
  PangoContext *pango = gtk_print_context_create_pango_context (context);

  /* The layouts keep the context they were made on. */
  paginate (minutes, pango, gtk_print_context_get_width (context),
            gtk_print_context_get_height (context) - 24);
  g_object_unref (pango);
  gtk_print_operation_set_n_pages (operation, (int) minutes->n_pages);
}

static void
on_draw_page_cb (GtkPrintOperation *operation,
                 GtkPrintContext   *context,
                 int                page,
                 MnrMinutes        *minutes)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);

  cairo_set_source_rgb (cr, 0, 0, 0);
  draw_page (minutes, cr, (guint) page, gtk_print_context_get_width (context),
             gtk_print_context_get_height (context) - 24);
}

/**
 * mnr_minutes_print:
 * @minutes: (transfer full): the minutes, freed once printed
 *
 * Prints the minutes through the print dialog (its preview and its
 * "Print to File" included).
 */
void
mnr_minutes_print (MnrMinutes *minutes,
                   GtkWindow  *parent)
{
  g_autoptr(GtkPrintOperation) operation = gtk_print_operation_new ();
  g_autoptr(GError) error = NULL;

  gtk_print_operation_set_job_name (operation, minutes->title);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  g_signal_connect (operation, "begin-print", G_CALLBACK (on_begin_print_cb), minutes);
  g_signal_connect (operation, "draw-page", G_CALLBACK (on_draw_page_cb), minutes);
  g_object_set_data_full (G_OBJECT (operation), "mnr-minutes", minutes, (GDestroyNotify) mnr_minutes_free);

  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, parent, &error) ==
      GTK_PRINT_OPERATION_RESULT_ERROR)
    g_warning ("Printing the minutes failed: %s", error->message);
}
