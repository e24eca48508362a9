/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-country-row"

#include "config.h"

#include <glib/gi18n.h>

#include "mnr-country-row.h"

/**
 * mnr_country_row_add_labels:
 * @box: where the labels go, after what it holds already
 * @row: the list item's child, which keeps the labels for
 *   mnr_country_row_bind() as its data "flag", "name" and "code"
 *
 * Makes the labels of a country's row, empty until the row is bound.
 */
void
mnr_country_row_add_labels (GtkBox    *box,
                            GtkWidget *row)
{
  GtkWidget *flag, *name, *code;

  g_return_if_fail (GTK_IS_BOX (box));
  g_return_if_fail (GTK_IS_WIDGET (row));

  /* The row's accessible name says it all: the flag is decoration. */
  flag = g_object_new (GTK_TYPE_LABEL,
                       "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                       NULL);
  name = g_object_new (GTK_TYPE_LABEL,
                       "xalign", 0.0f,
                       "hexpand", TRUE,
                       "ellipsize", PANGO_ELLIPSIZE_END,
                       NULL);
  code = g_object_new (GTK_TYPE_LABEL,
                       "width-chars", 2,
                       NULL);
  gtk_widget_add_css_class (code, "dim-label");
  gtk_widget_add_css_class (code, "caption");

  gtk_box_append (box, flag);
  gtk_box_append (box, name);
  gtk_box_append (box, code);

  g_object_set_data (G_OBJECT (row), "flag", flag);
  g_object_set_data (G_OBJECT (row), "name", name);
  g_object_set_data (G_OBJECT (row), "code", code);
}

/**
 * mnr_country_row_bind:
 * @row: a row given to mnr_country_row_add_labels()
 *
 * Shows @country in the row's labels and names the row after it.
 */
void
mnr_country_row_bind (GtkWidget  *row,
                      MnrCountry *country)
{
  GtkLabel *flag = g_object_get_data (G_OBJECT (row), "flag");
  GtkLabel *name = g_object_get_data (G_OBJECT (row), "name");
  GtkLabel *code = g_object_get_data (G_OBJECT (row), "code");
  g_autofree char *accessible = NULL;

  g_return_if_fail (GTK_IS_LABEL (flag) && GTK_IS_LABEL (name) && GTK_IS_LABEL (code));
  g_return_if_fail (MNR_IS_COUNTRY (country));

  gtk_label_set_label (flag, mnr_country_get_flag (country) != NULL ? mnr_country_get_flag (country) : "");
  gtk_label_set_label (name, mnr_country_get_name (country));
  gtk_label_set_label (code, mnr_country_get_code (country));

  /* Translators: a country in the list, read by screen readers:
   * its name, then its ISO code ("Philippines, PH") */
  accessible = g_strdup_printf (C_("country row", "%s, %s"), mnr_country_get_name (country), mnr_country_get_code (country));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}
