/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-tooltip"

#include "config.h"

#include "mnr-tooltip.h"

/* A tooltip given when it is asked for. gtk_widget_set_tooltip_text() on
 * a visible widget asks the display where the pointer is, in case the
 * tooltip should show at once: on X11 a round trip to the server for
 * each of the grid's forty tiles and chips, before the first frame. The
 * text is kept with the widget and handed over in ::query-tooltip. */

#define TOOLTIP_KEY "mnr-tooltip-text"

static gboolean
query_tooltip_cb (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard,
                  GtkTooltip *tooltip,
                  gpointer    user_data)
{
  const char *text = g_object_get_data (G_OBJECT (widget), TOOLTIP_KEY);

  if (text == NULL)
    return FALSE;

  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/**
 * mnr_tooltip_set_text:
 * @text: (nullable): the tooltip, %NULL for none
 *
 * As gtk_widget_set_tooltip_text(), without asking the display anything.
 */
void
mnr_tooltip_set_text (GtkWidget  *widget,
                      const char *text)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (text != NULL && text[0] == '\0')
    text = NULL;

  if (g_object_get_data (G_OBJECT (widget), TOOLTIP_KEY) == NULL && text != NULL &&
      g_signal_handler_find (widget, G_SIGNAL_MATCH_FUNC, 0, 0, NULL, query_tooltip_cb, NULL) == 0)
    g_signal_connect (widget, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);

  g_object_set_data_full (G_OBJECT (widget), TOOLTIP_KEY, g_strdup (text), g_free);
  gtk_widget_set_has_tooltip (widget, text != NULL);
}

/**
 * mnr_tooltip_get_text:
 *
 * Returns: (nullable): the tooltip mnr_tooltip_set_text() gave
 */
const char *
mnr_tooltip_get_text (GtkWidget *widget)
{
  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  return g_object_get_data (G_OBJECT (widget), TOOLTIP_KEY);
}
