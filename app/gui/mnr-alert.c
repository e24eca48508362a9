/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "mnr-alert.h"

/**
 * mnr_alert_error:
 * @parent: (nullable): the window it is about
 * @heading: what could not be done ("Could Not Export the Report")
 *
 * Says why in a message dialog with a Close button: for a failure the
 * user asked for and must read, not a passing toast.
 */
void
mnr_alert_error (GtkWindow    *parent,
                 const char   *heading,
                 const GError *error)
{
  GtkWidget *alert = adw_message_dialog_new (parent, heading, error != NULL ? error->message : NULL);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (alert), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (alert));
}
