/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-drop-down"

#include "config.h"

#include "mnr-drop-down.h"

/* Drop-downs of strings whose button shortens its text ("Association of
 * Southeast Asian…") when the window is narrow, so that a bar of them
 * fits a small screen, while the pop-up shows each choice whole. */

static void
setup_choice_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  max_width_chars)
{
  GtkWidget *label = gtk_label_new (NULL);
  int chars = GPOINTER_TO_INT (max_width_chars);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (chars == 0)
    {
      /* In the pop-up: whole choices. */
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 48);
    }
  else
    {
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (GTK_LABEL (label), chars);
    }

  gtk_list_item_set_child (item, label);
}

static void
bind_choice_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  max_width_chars)
{
  GtkStringObject *string = gtk_list_item_get_item (item);

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)), gtk_string_object_get_string (string));
}

static GtkListItemFactory *
choice_factory (int max_width_chars)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_choice_cb), GINT_TO_POINTER (max_width_chars));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_choice_cb), GINT_TO_POINTER (max_width_chars));
  return factory;
}

/**
 * mnr_drop_down_set_short_button:
 * @dropdown: a drop-down of #GtkStringObject
 * @max_width_chars: the most its button shows, when there is room
 *
 * Gives @dropdown a button whose text is cut short with an ellipsis when
 * room is short, and a pop-up with whole choices.
 */
void
mnr_drop_down_set_short_button (GtkDropDown *dropdown,
                                int          max_width_chars)
{
  g_autoptr(GtkListItemFactory) factory = choice_factory (MAX (max_width_chars, 1));
  g_autoptr(GtkListItemFactory) list_factory = choice_factory (0);

  g_return_if_fail (GTK_IS_DROP_DOWN (dropdown));

  gtk_drop_down_set_factory (dropdown, factory);
  gtk_drop_down_set_list_factory (dropdown, list_factory);
}
