/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-level-style"

#include "config.h"

#include "mnr-level-style.h"

/* The scale is data, so the colours of its levels are too: this turns the
 * levels of the loaded framework into CSS classes "level-<id>" for the
 * chips that show a level. The chip always carries the level's name, so
 * colour is never the only cue. */

static char *
class_name (MnrLevel *level)
{
  return g_strconcat ("level-", mnr_level_get_id (level), NULL);
}

/**
 * mnr_level_style_dup_css:
 * @levels: a list of #MnrLevel
 *
 * Returns: (transfer full): the style sheet of the levels' chips
 */
char *
mnr_level_style_dup_css (GListModel *levels)
{
  GString *css = g_string_new (NULL);
  guint n = g_list_model_get_n_items (levels);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MnrLevel) level = g_list_model_get_item (levels, i);
      g_autofree char *name = class_name (level);

      if (mnr_level_get_assessed (level))
        {
          const char *color = mnr_level_get_color (level);

          g_string_append_printf (css,
                                  ".level-chip.%s { background-color: %s; color: %s; }\n",
                                  name, color, mnr_level_get_text_color (level));
          /* A rated tile is tinted in its level's colour, readable from
           * the back of a room; its chip still says the level in words. */
          g_string_append_printf (css,
                                  "button.element-tile.%s { background-color: mix(@card_bg_color, %s, 0.2); }\n"
                                  "button.element-tile.%s:hover { background-color: mix(@card_bg_color, %s, 0.28); }\n"
                                  "button.element-tile.%s:checked { background-color: mix(@card_bg_color, %s, 0.3); }\n",
                                  name, color, name, color, name, color);
        }
      else
        /* "Not assessed" is an absence: an outline, not a fill. */
        g_string_append_printf (css,
                                ".level-chip.%s { background-color: transparent; color: inherit;"
                                " border: 1px dashed alpha(currentColor, 0.55); }\n",
                                name);
    }

  return g_string_free (css, FALSE);
}

/**
 * mnr_level_style_install:
 *
 * Adds the levels' style sheet to @display, replacing an earlier one.
 */
void
mnr_level_style_install (GdkDisplay *display,
                         GListModel *levels)
{
  static GtkCssProvider *provider;
  g_autofree char *css = NULL;

  g_return_if_fail (GDK_IS_DISPLAY (display));
  g_return_if_fail (G_IS_LIST_MODEL (levels));

  if (provider == NULL)
    {
      provider = gtk_css_provider_new ();
      gtk_style_context_add_provider_for_display (display,
                                                  GTK_STYLE_PROVIDER (provider),
                                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION + 1);
    }

  css = mnr_level_style_dup_css (levels);
  gtk_css_provider_load_from_data (provider, css, -1);
}

void
mnr_level_style_add_classes (GtkWidget *widget,
                             MnrLevel  *level)
{
  g_autofree char *name = class_name (level);

  gtk_widget_add_css_class (widget, name);
}

void
mnr_level_style_remove_classes (GtkWidget *widget,
                                MnrLevel  *level)
{
  g_autofree char *name = class_name (level);

  gtk_widget_remove_css_class (widget, name);
}
