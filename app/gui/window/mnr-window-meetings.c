/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-window"

#include "config.h"

#include <glib/gi18n.h>

#include "mnr-actions-dialog.h"
#include "mnr-meetings-dialog.h"
#include "mnr-window-private.h"

/* The main window's way to the oversight committee's meetings: Meetings…
 * in the main menu (Ctrl+M) lists the country's meetings, to make one,
 * change its agenda, or present it. */

/* The country's meetings or action items need a country. */
static gboolean
shows_country (MnrWindow *self)
{
  if (self->workspace == NULL)
    return FALSE;
  if (mnr_workspace_get_country (self->workspace) == NULL)
    {
      mnr_window_add_toast (self, _("Choose a country first."));
      return FALSE;
    }
  return TRUE;
}

static void
meetings_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  MnrWindow *self = MNR_WINDOW (widget);

  if (shows_country (self))
    gtk_window_present (GTK_WINDOW (mnr_meetings_dialog_new (GTK_WINDOW (self), self->workspace, self->catalog)));
}

/* Action Items… (Ctrl+Shift+A): every action item of the country. */
static void
action_items_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  MnrWindow *self = MNR_WINDOW (widget);

  if (shows_country (self))
    gtk_window_present (GTK_WINDOW (mnr_actions_dialog_new (GTK_WINDOW (self), self->workspace, self->catalog)));
}

void
mnr_window_class_add_meeting_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.meetings", NULL, meetings_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_m, GDK_CONTROL_MASK, "win.meetings", NULL);
  gtk_widget_class_install_action (widget_class, "win.action-items", NULL, action_items_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.action-items", NULL);
}
