/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-accessible"

#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "mnr-accessible.h"

/* GTK 4.8 names a button by its accessible label, then adds the names of
 * the widgets it is labelled by: GtkButton and GtkCheckButton make their
 * label property their accessible label (mnemonic underscore included)
 * and say they are labelled by their label widget. A button "_Save" was
 * read "_Save Save"; given the label "Save" in words, "Save Save"; a check
 * box in a row given its own label too, "1 · Leadership 1 · Leadership".
 * (Later GTK versions take the label alone.) So when a window is shown,
 * each of its buttons that has a label forgets what it is labelled by, and
 * one with a mnemonic is named by its text without the underscore unless
 * the app named it. A check box in a row is labelled by the row's title:
 * it is given no label of its own. */

static char *
strip_mnemonic (const char *label)
{
  GString *text = g_string_new (NULL);

  for (const char *p = label; *p != '\0'; p++)
    {
      if (*p == '_' && p[1] != '\0')
        p++;
      g_string_append_c (text, *p);
    }
  return g_string_free (text, FALSE);
}

static void
fix_button (GtkWidget *widget)
{
  const char *label = NULL;

  if (GTK_IS_BUTTON (widget) && ADW_IS_BUTTON_CONTENT (gtk_button_get_child (GTK_BUTTON (widget))))
    {
      AdwButtonContent *content = ADW_BUTTON_CONTENT (gtk_button_get_child (GTK_BUTTON (widget)));

      label = adw_button_content_get_label (content);
    }
  else if (GTK_IS_BUTTON (widget))
    {
      label = gtk_button_get_label (GTK_BUTTON (widget));
    }
  else if (GTK_IS_CHECK_BUTTON (widget))
    {
      label = gtk_check_button_get_label (GTK_CHECK_BUTTON (widget));
    }
  /* A button without a label of its own (an icon, a menu button's
   * toggle, a row's check box) is named by what labels it: kept. */
  if (label == NULL || label[0] == '\0')
    return;

  gtk_accessible_reset_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY);

  /* Named by its accessible label then. If that is still GtkButton's own
   * copy of the label, underscore included ("_Save"), it is the text in
   * words instead; one the app gave ("New assessment round") is kept.
   * GTK 4.8 has no getter for an accessible property but this one. */
  if (strchr (label, '_') != NULL)
    {
      g_autofree char *differs = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget),
                                                                     GTK_ACCESSIBLE_PROPERTY_LABEL, label);

      if (differs == NULL)
        {
          g_autofree char *text = strip_mnemonic (label);

          gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
        }
    }
}

/**
 * mnr_accessible_fix_names:
 * @root: a widget, and all that is in it
 *
 * Makes each button and check box under @root say its name once.
 */
void
mnr_accessible_fix_names (GtkWidget *root)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  fix_button (root);
  /* A search entry GTK or libadwaita made (the shortcuts window's) was
   * named by its type: by its placeholder, then, unless the app named it. */
  if (GTK_IS_SEARCH_ENTRY (root) && !gtk_test_accessible_has_property (GTK_ACCESSIBLE (root),
                                                                        GTK_ACCESSIBLE_PROPERTY_LABEL))
    {
      g_autofree char *placeholder = NULL;

      g_object_get (root, "placeholder-text", &placeholder, NULL);
      if (placeholder != NULL && placeholder[0] != '\0')
        gtk_accessible_update_property (GTK_ACCESSIBLE (root), GTK_ACCESSIBLE_PROPERTY_LABEL, placeholder, -1);
    }
  /* An expander row (libadwaita 1.2) had no name: its title. */
  if (ADW_IS_EXPANDER_ROW (root) && !gtk_test_accessible_has_property (GTK_ACCESSIBLE (root),
                                                                        GTK_ACCESSIBLE_PROPERTY_LABEL))
    {
      const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root));

      if (title != NULL && title[0] != '\0')
        gtk_accessible_update_property (GTK_ACCESSIBLE (root), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    mnr_accessible_fix_names (child);
}

static void
on_window_map_cb (GtkWidget *window)
{
  mnr_accessible_fix_names (window);
}

/* A dialog closing hands the keyboard back to the window it belonged to.
 * Without a window manager doing it (under Xvfb, or some kiosk set-ups),
 * the focus stayed nowhere and the next key press was lost. */
static void
on_window_hide_cb (GtkWindow *window)
{
  GtkWindow *parent = gtk_window_get_transient_for (window);

  if (parent != NULL && gtk_window_is_active (window) &&
      gtk_widget_get_visible (GTK_WIDGET (parent)))
    gtk_window_present (parent);
}

static void
on_toplevels_changed_cb (GListModel *toplevels,
                         guint       position,
                         guint       removed,
                         guint       added)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (g_object_get_data (G_OBJECT (window), "mnr-accessible-fix") != NULL)
        continue;
      g_object_set_data (G_OBJECT (window), "mnr-accessible-fix", GINT_TO_POINTER (1));
      g_signal_connect (window, "map", G_CALLBACK (on_window_map_cb), NULL);
      if (GTK_IS_WINDOW (window))
        g_signal_connect (window, "unmap", G_CALLBACK (on_window_hide_cb), NULL);
    }
}

/**
 * mnr_accessible_install_name_fix:
 *
 * Applies mnr_accessible_fix_names() to every window of the process as
 * it is shown, and gives the keyboard focus back to a dialog's parent
 * window when the dialog closes. Call once, after gtk_init().
 */
void
mnr_accessible_install_name_fix (void)
{
  static gsize installed = 0;

  if (g_once_init_enter (&installed))
    {
      GListModel *toplevels = gtk_window_get_toplevels ();

      g_signal_connect (toplevels, "items-changed", G_CALLBACK (on_toplevels_changed_cb), NULL);
      on_toplevels_changed_cb (toplevels, 0, 0, g_list_model_get_n_items (toplevels));
      g_once_init_leave (&installed, 1);
    }
}
