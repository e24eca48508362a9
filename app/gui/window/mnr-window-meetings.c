/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-window"

#include "config.h"

#include <glib/gi18n.h>

#include "mnr-actions-dialog.h"
#include "mnr-meetings-dialog.h"
#include "mnr-presentation-window.h"
#include "mnr-since-dialog.h"
#include "mnr-window-private.h"

/**
 * mnr_window_require_country:
 *
 * Returns: whether a country is shown; when not, a toast says to choose one
 */
gboolean
mnr_window_require_country (MnrWindow *self)
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

/* The main window's way to the oversight committee's meetings: Meetings…
 * in the main menu (Ctrl+M) lists the country's meetings, to make one,
 * change its agenda, or present it; F5 presents the country's latest
 * meeting full screen (Escape comes back here). */

static void
present_meeting (MnrWindow  *self,
                 const char *meeting_id)
{
  GtkWidget *presentation = mnr_presentation_window_new (gtk_window_get_application (GTK_WINDOW (self)),
                                                         GTK_WINDOW (self), self->workspace, meeting_id);

  if (presentation == NULL)
    {
      mnr_window_add_toast (self, _("That meeting is no longer there."));
      return;
    }
  mnr_presentation_window_set_catalog (MNR_PRESENTATION_WINDOW (presentation), self->catalog);
  gtk_window_present (GTK_WINDOW (presentation));
}

static void
on_present_cb (MnrMeetingsDialog *dialog,
               const char        *meeting_id,
               MnrWindow         *self)
{
  /* The list makes way for the slides. */
  gtk_window_destroy (GTK_WINDOW (dialog));
  present_meeting (self, meeting_id);
}

static void
meetings_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  MnrWindow *self = MNR_WINDOW (widget);
  GtkWidget *dialog;

  if (!mnr_window_require_country (self))
    return;

  dialog = mnr_meetings_dialog_new (GTK_WINDOW (self), self->workspace, self->catalog);
  g_signal_connect_object (dialog, "present", G_CALLBACK (on_present_cb), self, 0);
  /* Now that something answers "present", the rows show their Present button. */
  mnr_meetings_dialog_reload (MNR_MEETINGS_DIALOG (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Action Items… (Ctrl+Shift+A): every action item of the country. */
static void
action_items_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  MnrWindow *self = MNR_WINDOW (widget);

  if (mnr_window_require_country (self))
    gtk_window_present (GTK_WINDOW (mnr_actions_dialog_new (GTK_WINDOW (self), self->workspace, self->catalog)));
}

static void
present_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  MnrWindow *self = MNR_WINDOW (widget);
  g_autoptr(GPtrArray) meetings = NULL;

  if (!mnr_window_require_country (self))
    return;

  /* Latest first. */
  meetings = mnr_store_list_meetings (mnr_workspace_get_store (self->workspace),
                                      mnr_workspace_get_country (self->workspace), NULL);
  if (meetings == NULL || meetings->len == 0)
    {
      mnr_window_add_toast (self, _("Make a meeting first: Meetings (Ctrl+M), then New Meeting."));
      return;
    }
  present_meeting (self, ((MnrMeeting *) meetings->pdata[0])->id);
}

static void
on_since_destroyed_cb (MnrWindow *self)
{
  self->since_dialog = NULL;
  mnr_grid_view_set_show_since (self->grid_view, FALSE);
}

static void
on_since_element_cb (MnrWindow  *self,
                     const char *element_id)
{
  MnrElement *element = mnr_framework_lookup (self->framework, element_id);

  if (element == NULL)
    return;
  mnr_window_show_view (self, "grid");
  mnr_window_select (self, element);
  mnr_grid_view_focus_element (self->grid_view, element);
}

static void
on_since_evidence_cb (MnrWindow   *self,
                      MnrEvidence *evidence)
{
  if (mnr_window_ensure_evidence_page (self) == NULL)
    return;
  mnr_window_show_view (self, "evidence");
  mnr_evidence_page_edit (self->evidence_page, evidence);
}

/* Since the Last Meeting (Ctrl+L): the list, and the grid's marks while
 * it is open; again, or closing the list, ends both. */
static void
since_last_meeting_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  MnrWindow *self = MNR_WINDOW (widget);

  if (self->since_dialog != NULL)
    {
      gtk_window_destroy (GTK_WINDOW (self->since_dialog));
      return;
    }
  if (!mnr_window_require_country (self))
    return;

  self->since_dialog = mnr_since_dialog_new (GTK_WINDOW (self), self->workspace);
  g_signal_connect_object (self->since_dialog, "destroy", G_CALLBACK (on_since_destroyed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->since_dialog, "element-activated", G_CALLBACK (on_since_element_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->since_dialog, "evidence-activated", G_CALLBACK (on_since_evidence_cb), self,
                           G_CONNECT_SWAPPED);
  mnr_grid_view_set_show_since (self->grid_view, TRUE);
  gtk_window_present (GTK_WINDOW (self->since_dialog));
}

void
mnr_window_class_add_meeting_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.meetings", NULL, meetings_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_m, GDK_CONTROL_MASK, "win.meetings", NULL);
  gtk_widget_class_install_action (widget_class, "win.action-items", NULL, action_items_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.action-items", NULL);
  gtk_widget_class_install_action (widget_class, "win.since-last-meeting", NULL, since_last_meeting_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "win.since-last-meeting", NULL);
  gtk_widget_class_install_action (widget_class, "win.present", NULL, present_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.present", NULL);
}
