/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define MNR_DOCUMENT_ERROR (mnr_document_error_quark ())

typedef enum
{
  MNR_DOCUMENT_ERROR_WRITE,
  MNR_DOCUMENT_ERROR_NOTHING,
} MnrDocumentError;

GQuark mnr_document_error_quark (void);

typedef enum
{
  MNR_DOCUMENT_TITLE,
  MNR_DOCUMENT_SUBTITLE,
  MNR_DOCUMENT_HEADING,
  MNR_DOCUMENT_ITEM,
  MNR_DOCUMENT_BODY,
  MNR_DOCUMENT_NOTE,
  MNR_DOCUMENT_PAGE_BREAK,
} MnrDocumentStyle;

typedef enum
{
  MNR_PAPER_A4,
  MNR_PAPER_LETTER,
} MnrPaper;

/**
 * MnrDocumentDrawFunc:
 * @cr: drawn on from the figure's top left, in points
 * @context: the document's Pango context, for text
 * @width: the width of the text column
 *
 * Draws a figure (or, with @cr %NULL, only measures it).
 *
 * Returns: the figure's height, in points
 */
typedef double (*MnrDocumentDrawFunc) (cairo_t      *cr,
                                       PangoContext *context,
                                       double        width,
                                       gpointer      data);

typedef struct _MnrDocument MnrDocument;

MnrDocument *mnr_document_new          (const char          *title);
void         mnr_document_free         (MnrDocument         *self);
const char  *mnr_document_get_title    (MnrDocument         *self);
void         mnr_document_set_paper    (MnrDocument         *self,
                                        MnrPaper             paper);
void         mnr_document_add          (MnrDocument         *self,
                                        MnrDocumentStyle     style,
                                        const char          *format,
                                        ...) G_GNUC_PRINTF (3, 4);
void         mnr_document_addv         (MnrDocument         *self,
                                        MnrDocumentStyle     style,
                                        const char          *format,
                                        va_list              args) G_GNUC_PRINTF (3, 0);
void         mnr_document_add_lines    (MnrDocument         *self,
                                        const char          *text,
                                        const char          *none);
void         mnr_document_add_figure   (MnrDocument         *self,
                                        MnrDocumentDrawFunc  draw,
                                        gpointer             data,
                                        GDestroyNotify       destroy);
guint        mnr_document_get_n_pages  (MnrDocument         *self);
gboolean     mnr_document_save_pdf     (MnrDocument         *self,
                                        const char          *path,
                                        GError             **error);
void         mnr_document_print        (MnrDocument         *self,
                                        GtkWindow           *parent);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MnrDocument, mnr_document_free)

G_END_DECLS
