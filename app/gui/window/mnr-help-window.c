/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-help-window"

#include "config.h"

#include <glib/gi18n.h>

#include "mnr-help-window.h"

/* The short user guide, shipped inside the app so that F1 works on any
 * machine, with or without a help browser: a few sections of plain text,
 * each a heading and its paragraphs, all translated. */

typedef struct
{
  const char *title;
  const char *paragraphs[4];
} HelpSection;

static const HelpSection sections[] = {
  {
    N_("What the Grid Shows"),
    {
      N_("The grid is the Model National Response as one table: the seven enablers on the left, "
         "the 21 capabilities in their six domains in the middle, and the six outcomes on the right."),
      N_("Each capability and enabler is a tile that shows the level recorded for it in the current "
         "round, in words and in the level’s colour. A tile with no level reads “Not assessed”."),
      N_("Choose the country at the top of the window. Zoom the grid with Ctrl++ and Ctrl+− when "
         "it is shown on a projector."),
      NULL
    }
  },
  {
    N_("Rating a Capability by Keyboard"),
    {
      N_("Move between tiles with the arrow keys; Home and End go to the first or last tile of a row. "
         "Press Enter or Space to open the tile’s details in the panel beside the grid."),
      N_("While the panel is open, a number key sets the level, as the level buttons are numbered: "
         "0 for Not assessed, 1 for Not in place, and so on up to 5 for Mature. F6 moves between "
         "the grid, the panel and the header bar, and Escape closes the panel."),
      N_("All the shortcuts are listed in Keyboard Shortcuts, in the main menu (Ctrl+?)."),
      NULL
    }
  },
  {
    N_("Evidence"),
    {
      N_("Evidence is what backs a level: a law, a policy, a unit, a training, a service, a study, "
         "statistics, a memorandum of understanding or a campaign. Add it from a tile’s panel or with "
         "Ctrl+N, and tick the capabilities and enablers it supports."),
      N_("Files can be attached to an item of evidence. Mark an item as restricted when it must not "
         "be shared beyond your team. The Evidence page (Alt+2) lists everything, with search (Ctrl+F) "
         "and filters."),
      N_("If you close the editor with changes that are not saved, the app asks before it discards them."),
      NULL
    }
  },
  {
    N_("Rounds"),
    {
      N_("An assessment round holds the levels recorded at one time, so that progress can be seen "
         "between rounds. Opening a country creates no round: the first level you set does, or "
         "“New Round”."),
      N_("Rounds can be renamed and deleted from the round switcher at the top of the window; a deletion can be undone."),
      NULL
    }
  },
  {
    N_("Sync"),
    {
      N_("Everything is kept on your computer first, so the app works offline. To share it with your "
         "committee or your regional body, connect to your shared server in Preferences: its address "
         "and the access token you were given."),
      N_("The header bar shows how many changes wait to be sent. Sync now with Ctrl+R; when two people "
         "changed the same record, Review Conflicts, in the main menu, lets you choose what is kept."),
      NULL
    }
  },
  {
    N_("Sample Data"),
    {
      N_("Load Sample Data, in the main menu, adds the 2018 working examples of the Model National "
         "Response for several countries, to look around with. They are marked as examples."),
      N_("Sample data is never sent to a server. Remove Sample Data removes it, for one country or for all, "
         "and leaves your own ratings and evidence as they were."),
      NULL
    }
  },
};

struct _MnrHelpWindow
{
  AdwWindow parent_instance;
};

G_DEFINE_FINAL_TYPE (MnrHelpWindow, mnr_help_window, ADW_TYPE_WINDOW)

static GtkWidget *
text_label (const char *text,
            const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_selectable (GTK_LABEL (label), FALSE);
  gtk_widget_set_halign (label, GTK_ALIGN_FILL);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);

  return label;
}

static void
mnr_help_window_class_init (MnrHelpWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
mnr_help_window_init (MnrHelpWindow *self)
{
  GtkWidget *toolbar = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);

  gtk_window_set_title (GTK_WINDOW (self), _("MNR Tracker Help"));
  gtk_window_set_default_size (GTK_WINDOW (self), 640, 720);

  gtk_box_append (GTK_BOX (toolbar), header);

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (toolbar), scrolled);

  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 640);
  gtk_widget_set_margin_top (content, 24);
  gtk_widget_set_margin_bottom (content, 24);
  gtk_widget_set_margin_start (content, 18);
  gtk_widget_set_margin_end (content, 18);
  adw_clamp_set_child (ADW_CLAMP (clamp), content);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);

  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      GtkWidget *section = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
      GtkWidget *heading = text_label (_(sections[i].title), "title-3");

      gtk_accessible_update_property (GTK_ACCESSIBLE (heading),
                                      GTK_ACCESSIBLE_PROPERTY_LEVEL, 2,
                                      -1);
      gtk_box_append (GTK_BOX (section), heading);

      for (guint p = 0; sections[i].paragraphs[p] != NULL; p++)
        gtk_box_append (GTK_BOX (section), text_label (_(sections[i].paragraphs[p]), NULL));

      gtk_box_append (GTK_BOX (content), section);
    }

  adw_window_set_content (ADW_WINDOW (self), toolbar);
}

/**
 * mnr_help_window_new:
 * @parent: (nullable): the window it belongs to
 *
 * Returns: (transfer none): the user guide; present it
 */
GtkWidget *
mnr_help_window_new (GtkWindow *parent)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (MNR_TYPE_HELP_WINDOW,
                       "transient-for", parent,
                       NULL);
}

guint
mnr_help_window_get_n_sections (MnrHelpWindow *self)
{
  g_return_val_if_fail (MNR_IS_HELP_WINDOW (self), 0);

  return G_N_ELEMENTS (sections);
}

/**
 * mnr_help_window_get_section_title:
 *
 * Returns: (nullable): the translated heading of section @index
 */
const char *
mnr_help_window_get_section_title (MnrHelpWindow *self,
                                   guint          index)
{
  g_return_val_if_fail (MNR_IS_HELP_WINDOW (self), NULL);

  return index < G_N_ELEMENTS (sections) ? _(sections[index].title) : NULL;
}
