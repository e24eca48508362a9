/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-document"

#include "config.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "mnr-document.h"
#include "mnr-format.h"

/* A document for paper: the minutes of a meeting, a country's report.
 * Its text is a list of blocks (Pango markup in a style) and figures
 * (drawn with cairo, kept on one page), laid out with Pango at the
 * page's width and cut into pages, headings never last on a page. The
 * same pages are drawn on a cairo PDF surface (fonts embedded, text
 * selectable) or on a GtkPrintOperation's context, so that what is
 * printed is what is exported. */

#define MARGIN        56.0   /* points */
#define FOOTER_SPACE  24.0

G_DEFINE_QUARK (mnr-document-error-quark, mnr_document_error)

static const struct { double size; double before; PangoWeight weight; } styles[] = {
  [MNR_DOCUMENT_TITLE] = { 20, 0, PANGO_WEIGHT_BOLD },
  [MNR_DOCUMENT_SUBTITLE] = { 11, 4, PANGO_WEIGHT_NORMAL },
  [MNR_DOCUMENT_HEADING] = { 14, 18, PANGO_WEIGHT_BOLD },
  [MNR_DOCUMENT_ITEM] = { 12, 12, PANGO_WEIGHT_BOLD },
  [MNR_DOCUMENT_BODY] = { 10.5, 4, PANGO_WEIGHT_NORMAL },
  [MNR_DOCUMENT_NOTE] = { 9.5, 4, PANGO_WEIGHT_NORMAL },
  [MNR_DOCUMENT_PAGE_BREAK] = { 10.5, 0, PANGO_WEIGHT_NORMAL },
};

typedef struct
{
  MnrDocumentStyle     style;
  char                *markup;   /* NULL for a figure */
  MnrDocumentDrawFunc  draw;
  gpointer             data;
  GDestroyNotify       destroy;
} Block;

struct _MnrDocument
{
  char      *title;
  MnrPaper   paper;
  GPtrArray *blocks;   /* Block */

  /* laid out for one width */
  GPtrArray *layouts;  /* PangoLayout, or NULL for a figure */
  GArray    *tops;     /* double: y of each block on its page */
  GArray    *pages;    /* guint: the page of each block */
  guint      n_pages;
  PangoContext *context;
  double     width;
};

static void
block_free (Block *block)
{
  g_free (block->markup);
  if (block->destroy != NULL)
    block->destroy (block->data);
  g_free (block);
}

MnrDocument *
mnr_document_new (const char *title)
{
  MnrDocument *self = g_new0 (MnrDocument, 1);

  self->title = g_strdup (title);
  self->blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) block_free);
  return self;
}

static void
clear_layout (MnrDocument *self)
{
  g_clear_pointer (&self->layouts, g_ptr_array_unref);
  g_clear_pointer (&self->tops, g_array_unref);
  g_clear_pointer (&self->pages, g_array_unref);
  g_clear_object (&self->context);
}

void
mnr_document_free (MnrDocument *self)
{
  if (self == NULL)
    return;
  clear_layout (self);
  g_free (self->title);
  g_clear_pointer (&self->blocks, g_ptr_array_unref);
  g_free (self);
}

const char *
mnr_document_get_title (MnrDocument *self)
{
  return self->title;
}

void
mnr_document_set_paper (MnrDocument *self,
                        MnrPaper     paper)
{
  self->paper = paper;
}

/* Adds a block; %s arguments are escaped for markup. */
void
mnr_document_addv (MnrDocument      *self,
                   MnrDocumentStyle  style,
                   const char       *format,
                   va_list           args)
{
  Block *block = g_new0 (Block, 1);

  block->style = style;
  block->markup = g_markup_vprintf_escaped (format, args);
  g_ptr_array_add (self->blocks, block);
}

void
mnr_document_add (MnrDocument      *self,
                  MnrDocumentStyle  style,
                  const char       *format,
                  ...)
{
  va_list args;

  va_start (args, format);
  mnr_document_addv (self, style, format, args);
  va_end (args);
}

/**
 * mnr_document_add_lines:
 *
 * Every line of @text as a bullet ("• Ama Owusu (chair)"), or @none.
 */
void
mnr_document_add_lines (MnrDocument *self,
                        const char  *text,
                        const char  *none)
{
  g_auto(GStrv) lines = mnr_split_lines (text);

  for (guint i = 0; lines[i] != NULL; i++)
    mnr_document_add (self, MNR_DOCUMENT_BODY, "• %s", lines[i]);
  if (lines[0] == NULL)
    mnr_document_add (self, MNR_DOCUMENT_BODY, "%s", none);
}

/**
 * mnr_document_add_figure:
 * @draw: draws (or measures) it
 * @destroy: (nullable): frees @data with the document
 */
void
mnr_document_add_figure (MnrDocument         *self,
                         MnrDocumentDrawFunc  draw,
                         gpointer             data,
                         GDestroyNotify       destroy)
{
  Block *block = g_new0 (Block, 1);

  block->style = MNR_DOCUMENT_BODY;
  block->draw = draw;
  block->data = data;
  block->destroy = destroy;
  g_ptr_array_add (self->blocks, block);
}

/* Lays the blocks out at @width on @context and cuts them into pages of
 * @height. */
static void
paginate (MnrDocument  *self,
          PangoContext *context,
          double        width,
          double        height)
{
  double y = 0;
  guint page = 0;

  clear_layout (self);
  self->layouts = g_ptr_array_new_with_free_func ((GDestroyNotify) g_object_unref);
  self->tops = g_array_new (FALSE, FALSE, sizeof (double));
  self->pages = g_array_new (FALSE, FALSE, sizeof (guint));
  self->context = g_object_ref (context);
  self->width = width;

  for (guint i = 0; i < self->blocks->len; i++)
    {
      Block *block = self->blocks->pdata[i];
      PangoLayout *layout = pango_layout_new (context);
      g_autoptr(PangoFontDescription) font = pango_font_description_from_string ("Sans");
      double before = y > 0 ? styles[block->style].before : 0;
      double h;

      pango_font_description_set_size (font, (int) (styles[block->style].size * PANGO_SCALE));
      pango_font_description_set_weight (font, styles[block->style].weight);
      pango_layout_set_font_description (layout, font);
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);

      if (block->style == MNR_DOCUMENT_PAGE_BREAK)
        h = 0;
      else if (block->draw != NULL)
        {
          before = y > 0 ? 12 : 0;
          h = block->draw (NULL, context, width, block->data);
        }
      else
        {
          int w, ph;

          pango_layout_set_markup (layout, block->markup, -1);
          pango_layout_get_size (layout, &w, &ph);
          h = ph / (double) PANGO_SCALE;
        }

      /* A page break, a block that does not fit, or a heading that would
       * end a page, begins a page. */
      if (y > 0 && (block->style == MNR_DOCUMENT_PAGE_BREAK || y + before + h > height ||
                    ((block->style == MNR_DOCUMENT_HEADING || block->style == MNR_DOCUMENT_ITEM) &&
                     y + before + 3 * h > height)))
        {
          page++;
          y = 0;
          before = 0;
        }

      /* What follows a page break starts the page as the first block does. */
      if (block->style == MNR_DOCUMENT_PAGE_BREAK)
        before = 0;
      y += before;
      g_ptr_array_add (self->layouts, layout);
      g_array_append_val (self->tops, y);
      g_array_append_val (self->pages, page);
      y += h;
    }

  self->n_pages = page + 1;
}

static void
draw_page (MnrDocument *self,
           cairo_t     *cr,
           guint        page,
           double       height)
{
  g_autofree char *footer = NULL;
  PangoLayout *layout;

  for (guint i = 0; i < self->layouts->len; i++)
    {
      Block *block = self->blocks->pdata[i];

      if (g_array_index (self->pages, guint, i) != page)
        continue;
      cairo_save (cr);
      cairo_translate (cr, 0, g_array_index (self->tops, double, i));
      if (block->draw != NULL)
        block->draw (cr, self->context, self->width, block->data);
      else
        {
          cairo_move_to (cr, 0, 0);
          pango_cairo_show_layout (cr, self->layouts->pdata[i]);
        }
      cairo_restore (cr);
    }

  /* Translators: the foot of each page of a document: its title, the page's number, how many */
  footer = g_strdup_printf (_("%s — page %u of %u"), self->title, page + 1, self->n_pages);
  layout = pango_layout_new (self->context);
  {
    g_autoptr(PangoFontDescription) font = pango_font_description_from_string ("Sans 8.5");

    pango_layout_set_font_description (layout, font);
  }
  pango_layout_set_width (layout, (int) (self->width * PANGO_SCALE));
  pango_layout_set_text (layout, footer, -1);
  pango_layout_set_alignment (layout, PANGO_ALIGN_RIGHT);
  cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
  cairo_move_to (cr, 0, height + 12);
  pango_cairo_show_layout (cr, layout);
  g_object_unref (layout);
}

static void
paper_size (MnrPaper  paper,
            double   *width,
            double   *height)
{
  /* In points: A4 is 210 × 297 mm, Letter 8.5 × 11 in. */
  *width = paper == MNR_PAPER_LETTER ? 612.0 : 595.0;
  *height = paper == MNR_PAPER_LETTER ? 792.0 : 842.0;
}

/**
 * mnr_document_get_n_pages:
 *
 * Returns: how many pages the document took when last laid out, 0 before
 */
guint
mnr_document_get_n_pages (MnrDocument *self)
{
  return self->layouts != NULL ? self->n_pages : 0;
}

/**
 * mnr_document_save_pdf:
 *
 * Writes the document to @path as a PDF on its paper, fonts embedded and
 * text selectable, through a temporary file renamed into place, so that a
 * failure leaves no half-written file.
 */
gboolean
mnr_document_save_pdf (MnrDocument  *self,
                       const char   *path,
                       GError      **error)
{
  g_autofree char *tmp_path = g_strconcat (path, ".part", NULL);
  double paper_width, paper_height, width, height;
  cairo_surface_t *surface;
  cairo_status_t status;
  PangoContext *context;
  cairo_t *cr;

  g_return_val_if_fail (self != NULL && path != NULL, FALSE);

  paper_size (self->paper, &paper_width, &paper_height);
  width = paper_width - 2 * MARGIN;
  height = paper_height - 2 * MARGIN - FOOTER_SPACE;
  surface = cairo_pdf_surface_create (tmp_path, paper_width, paper_height);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, self->title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "MNR Tracker " PACKAGE_VERSION);
  cr = cairo_create (surface);
  context = pango_cairo_create_context (cr);
  pango_cairo_context_set_resolution (context, 72);
  paginate (self, context, width, height);

  for (guint page = 0; page < self->n_pages; page++)
    {
      cairo_save (cr);
      cairo_translate (cr, MARGIN, MARGIN);
      cairo_set_source_rgb (cr, 0, 0, 0);
      draw_page (self, cr, page, height);
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
      g_set_error (error, MNR_DOCUMENT_ERROR, MNR_DOCUMENT_ERROR_WRITE, _("Could not write “%s”: %s"), path,
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
                   MnrDocument       *self)
{
  PangoContext *pango = gtk_print_context_create_pango_context (context);

  /* The layouts keep the context they were made on. */
  paginate (self, pango, gtk_print_context_get_width (context),
            gtk_print_context_get_height (context) - FOOTER_SPACE);
  g_object_unref (pango);
  gtk_print_operation_set_n_pages (operation, (int) self->n_pages);
}

static void
on_draw_page_cb (GtkPrintOperation *operation,
                 GtkPrintContext   *context,
                 int                page,
                 MnrDocument       *self)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);

  cairo_set_source_rgb (cr, 0, 0, 0);
  draw_page (self, cr, (guint) page, gtk_print_context_get_height (context) - FOOTER_SPACE);
}

/**
 * mnr_document_print:
 * @self: (transfer full): the document, freed once printed
 *
 * Prints the document through the print dialog (its preview and its
 * "Print to File" included), on the printer's paper.
 */
void
mnr_document_print (MnrDocument *self,
                    GtkWindow   *parent)
{
  g_autoptr(GtkPrintOperation) operation = gtk_print_operation_new ();
  g_autoptr(GError) error = NULL;

  gtk_print_operation_set_job_name (operation, self->title);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  g_signal_connect (operation, "begin-print", G_CALLBACK (on_begin_print_cb), self);
  g_signal_connect (operation, "draw-page", G_CALLBACK (on_draw_page_cb), self);
  g_object_set_data_full (G_OBJECT (operation), "mnr-document", self, (GDestroyNotify) mnr_document_free);

  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, parent, &error) ==
      GTK_PRINT_OPERATION_RESULT_ERROR)
    g_warning ("Printing “%s” failed: %s", self->title, error->message);
}
