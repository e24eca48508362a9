/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-accessible"

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

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

static gboolean
has_name (GtkWidget *widget)
{
  return gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL);
}

/* Names widget in words. What GTK or libadwaita said it is labelled by
 * (a button's image, a group's empty title) named it by a type
 * ("GtkImage", "GtkListBox"), or would say its name twice: forgotten. */
static void
set_name (GtkWidget  *widget,
          const char *name)
{
  if (name == NULL || name[0] == '\0')
    return;
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

/* The title a list inside a widget of libadwaita's is known by: that of
 * its row (an expander row's, a combo row's drop-down), of its
 * preferences group, of its page, or else of its window. */
static const char *
title_around (GtkWidget *widget)
{
  for (GtkWidget *up = gtk_widget_get_parent (widget); up != NULL; up = gtk_widget_get_parent (up))
    {
      const char *title = NULL;

      if (ADW_IS_PREFERENCES_ROW (up))
        title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (up));
      else if (ADW_IS_PREFERENCES_GROUP (up))
        title = adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (up));
      else if (ADW_IS_PREFERENCES_PAGE (up))
        title = adw_preferences_page_get_title (ADW_PREFERENCES_PAGE (up));
      else if (GTK_IS_WINDOW (up))
        title = gtk_window_get_title (GTK_WINDOW (up));
      if (title != NULL && title[0] != '\0')
        return title;
    }
  return NULL;
}

/* The words of the labels inside widget ("Shortcuts", the section menu
 * button's), or NULL. */
static void
append_label_text (GtkWidget *widget,
                   GString   *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget))
    {
      const char *words = gtk_label_get_text (GTK_LABEL (widget));

      if (words != NULL && words[0] != '\0')
        {
          if (text->len > 0)
            g_string_append_c (text, ' ');
          g_string_append (text, words);
        }
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    append_label_text (child, text);
}

static const char *
icon_of (GtkWidget *widget)
{
  if (GTK_IS_IMAGE (widget) && gtk_image_get_storage_type (GTK_IMAGE (widget)) == GTK_IMAGE_ICON_NAME)
    return gtk_image_get_icon_name (GTK_IMAGE (widget));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      const char *icon = icon_of (child);

      if (icon != NULL)
        return icon;
    }
  return NULL;
}

/* What the icons of GTK's and libadwaita's own icon-only buttons mean. */
static const char *
icon_meaning (const char *icon)
{
  static const struct { const char *icon; const char *words; } meanings[] = {
    { "edit-find-symbolic", N_("Search") },
    { "go-previous-symbolic", N_("Back") },
    { "go-previous-symbolic-rtl", N_("Back") },
    { "window-close-symbolic", N_("Close") },
    { "open-menu-symbolic", N_("Menu") },
  };

  for (gsize i = 0; icon != NULL && i < G_N_ELEMENTS (meanings); i++)
    if (g_str_equal (icon, meanings[i].icon))
      return _(meanings[i].words);
  return NULL;
}

/* A button GTK or libadwaita made with an icon and no name (the
 * preferences and shortcuts windows' search buttons, the About window's
 * back buttons, the shortcuts window's section menu): named by its
 * tooltip, by the words in it, or by what its icon means. */
static void
name_unnamed_button (GtkWidget *widget)
{
  g_autoptr(GString) text = g_string_new (NULL);
  const char *tooltip;

  if (!(GTK_IS_MENU_BUTTON (widget) || GTK_IS_BUTTON (widget)) || has_name (widget))
    return;
  /* A menu button's own toggle is named with it. */
  if (GTK_IS_MENU_BUTTON (gtk_widget_get_parent (widget)))
    return;
  if (GTK_IS_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)) != NULL)
    return;
  append_label_text (widget, text);
  /* A button with words in it is named by them already; a menu button
   * (GTK 4.8) is not. */
  if (text->len > 0 && !GTK_IS_MENU_BUTTON (widget))
    return;
  tooltip = gtk_widget_get_tooltip_text (widget);
  if (text->len == 0 && tooltip != NULL && tooltip[0] != '\0')
    g_string_append (text, tooltip);
  if (text->len == 0 && icon_meaning (icon_of (widget)) != NULL)
    g_string_append (text, icon_meaning (icon_of (widget)));
  /* The shortcuts window's section switcher (GTK 4.8) shows an arrow
   * and, with one section, no words. */
  if (text->len == 0 && GTK_IS_MENU_BUTTON (widget) &&
      gtk_widget_get_ancestor (widget, GTK_TYPE_SHORTCUTS_WINDOW) != NULL)
    g_string_append (text, _("Shortcut sections"));
  if (text->len > 0)
    set_name (widget, text->str);
  else
    g_debug ("A %s with no name under %s", G_OBJECT_TYPE_NAME (widget),
             G_OBJECT_TYPE_NAME (gtk_widget_get_parent (widget)));
}

static void
name_unnamed (GtkWidget *widget)
{
  if ((GTK_IS_LIST_BOX (widget) || GTK_IS_LIST_VIEW (widget)) && !has_name (widget))
    set_name (widget, title_around (widget));
  else
    name_unnamed_button (widget);

  /* The app's icon in the About window: the app's name. */
  if (GTK_IS_IMAGE (widget) && !has_name (widget))
    {
      GtkRoot *root = gtk_widget_get_root (widget);

      if (ADW_IS_ABOUT_WINDOW (root) &&
          g_strcmp0 (icon_of (widget), adw_about_window_get_application_icon (ADW_ABOUT_WINDOW (root))) == 0)
        set_name (widget, adw_about_window_get_application_name (ADW_ABOUT_WINDOW (root)));
    }

  /* The About window's version button (libadwaita 1.2) shows the
   * version and copies it; GTK 4.8 does not name it by its words. */
  if (GTK_IS_BUTTON (widget) && gtk_widget_has_css_class (widget, "app-version") &&
      ADW_IS_ABOUT_WINDOW (gtk_widget_get_root (widget)) && !has_name (widget))
    {
      const char *version = adw_about_window_get_version (ADW_ABOUT_WINDOW (gtk_widget_get_root (widget)));
      /* Translators: the accessible name of the About window's version
       * button, which copies the version; %s is the version, "1.4.0" */
      g_autofree char *name = g_strdup_printf (_("Version %s"), version != NULL ? version : "");

      set_name (widget, name);
    }

  /* A view switcher over one page (the preferences window's) is never
   * shown, but libadwaita 1.2 keeps it visible behind the title, where a
   * screen reader finds its tab Tab never reaches. */
  if (ADW_IS_VIEW_SWITCHER (widget))
    {
      AdwViewStack *stack = adw_view_switcher_get_stack (ADW_VIEW_SWITCHER (widget));
      g_autoptr(GtkSelectionModel) pages = stack != NULL ? adw_view_stack_get_pages (stack) : NULL;

      if (pages != NULL && g_list_model_get_n_items (G_LIST_MODEL (pages)) < 2)
        gtk_widget_set_visible (widget, FALSE);
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
      set_name (root, placeholder != NULL && placeholder[0] != '\0' ? placeholder : _("Search"));
    }
  /* An expander row (libadwaita 1.2) had no name: its title. */
  if (ADW_IS_EXPANDER_ROW (root) && !gtk_test_accessible_has_property (GTK_ACCESSIBLE (root),
                                                                        GTK_ACCESSIBLE_PROPERTY_LABEL))
    {
      const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root));

      if (title != NULL && title[0] != '\0')
        gtk_accessible_update_property (GTK_ACCESSIBLE (root), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
    }
  name_unnamed (root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    mnr_accessible_fix_names (child);
}

/* GTK 4.8 cannot name the item of a GtkListView itself; a screen reader
 * reads it by what is inside. AdwComboRow (libadwaita 1.2) shows its
 * chosen value in a list view of one item, and its default items put
 * their label in a box named by nothing: the item was read as nothing.
 * These items are their label, in the row and in its pop-up list; the
 * one in the row, which Tab never reached, no longer says it is
 * focusable. */
static void
on_string_item_setup_cb (GtkSignalListItemFactory *factory,
                         GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_list_item_set_child (item, label);
}

static void
on_string_item_bind_cb (GtkSignalListItemFactory *factory,
                        GtkListItem              *item)
{
  GObject *string = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  GtkWidget *row = gtk_widget_get_parent (label);

  gtk_label_set_text (GTK_LABEL (label),
                      GTK_IS_STRING_OBJECT (string) ? gtk_string_object_get_string (GTK_STRING_OBJECT (string)) : "");
  /* The row's own display of its value is no control: the row is. Only
   * the items of the pop-up list take the focus. */
  if (row != NULL && gtk_widget_get_ancestor (row, GTK_TYPE_POPOVER) == NULL)
    gtk_widget_set_focusable (row, FALSE);
}

/**
 * mnr_accessible_string_item_factory:
 *
 * Returns: (transfer full): a factory for a combo row or drop-down over
 *   a #GtkStringList whose items are read by their string
 */
GtkListItemFactory *
mnr_accessible_string_item_factory (void)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (on_string_item_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_string_item_bind_cb), NULL);
  return factory;
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
