/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-entry-row"

#include "config.h"

#include "mnr-entry-row.h"

/* With libadwaita 1.2 on GTK 4.8, Tab does reach an AdwEntryRow: the focus
 * goes to the GtkText inside it, and typing goes there. But a screen reader
 * is never told: the row (the "text" object on AT-SPI) does not have the
 * focus itself, and GTK 4.8 offers no public way for it to say its text
 * has it (libadwaita 1.3 does so with GTK 4.10's
 * gtk_editable_delegate_get_accessible_platform_state ()); the GtkText,
 * with the role "none", is not on AT-SPI at all. So the GtkText is given
 * the role of a text box, before its accessible is realized, and is named
 * by the row: the object that takes the focus is then the one that says
 * so. The row itself, which never takes the focus, no longer says it is
 * focusable. */

/**
 * mnr_entry_row_expose_focus:
 * @row: an entry row, not yet shown
 *
 * Makes the focus in @row seen on the accessibility bus.
 */
void
mnr_entry_row_expose_focus (AdwEntryRow *row)
{
  GtkEditable *text;

  g_return_if_fail (ADW_IS_ENTRY_ROW (row));

  text = gtk_editable_get_delegate (GTK_EDITABLE (row));
  g_return_if_fail (GTK_IS_TEXT (text));

  if (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (text)) == GTK_ACCESSIBLE_ROLE_NONE)
    g_object_set (text, "accessible-role", GTK_ACCESSIBLE_ROLE_TEXT_BOX, NULL);
  /* Named as the row is: by its accessible label, or else its title. */
  if (gtk_test_accessible_has_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL))
    gtk_accessible_update_relation (GTK_ACCESSIBLE (text), GTK_ACCESSIBLE_RELATION_LABELLED_BY, row, NULL, -1);
  else
    gtk_accessible_update_property (GTK_ACCESSIBLE (text), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), -1);
  gtk_widget_set_focusable (GTK_WIDGET (row), FALSE);
}
