/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-meetings-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "mnr-alert.h"
#include "mnr-format.h"
#include "mnr-meeting-editor.h"
#include "mnr-meetings-dialog.h"
#include "mnr-minutes.h"

/* "Meetings of Ghana": the oversight committee's meetings, latest first,
 * each with its date, place and what it recorded; a row opens the meeting
 * in its editor, its Present button starts presentation mode (the
 * "present" signal, which the main window answers), and its menu exports
 * the minutes as a PDF or prints them. "New Meeting…" (Ctrl+N) makes
 * one, today. */

struct _MnrMeetingsDialog
{
  AdwWindow          parent_instance;

  MnrWorkspace      *workspace;   /* owned */
  MnrCountryCatalog *catalog;     /* owned, nullable */
  GPtrArray         *meetings;    /* MnrMeeting, as listed */

  GtkWidget         *stack;     /* NULL once disposed */
  GtkListBox        *list;      /* NULL once disposed */
};

G_DEFINE_FINAL_TYPE (MnrMeetingsDialog, mnr_meetings_dialog, ADW_TYPE_WINDOW)

enum {
  PRESENT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
on_editor_destroyed_cb (MnrMeetingsDialog *self)
{
  mnr_meetings_dialog_reload (self);
}

static void
open_editor (MnrMeetingsDialog *self,
             const char        *meeting_id)
{
  GtkWidget *editor = mnr_meeting_editor_new (GTK_WINDOW (self), self->workspace, meeting_id);

  if (editor == NULL)
    return;
  g_signal_connect_object (editor, "destroy", G_CALLBACK (on_editor_destroyed_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (editor));
}

void
mnr_meetings_dialog_new_meeting (MnrMeetingsDialog *self)
{
  g_return_if_fail (MNR_IS_MEETINGS_DIALOG (self));

  open_editor (self, NULL);
}

static void
on_row_activated_cb (MnrMeetingsDialog *self,
                     GtkListBoxRow     *row)
{
  int index = gtk_list_box_row_get_index (row);

  if (self->meetings != NULL && index >= 0 && (guint) index < self->meetings->len)
    open_editor (self, ((MnrMeeting *) self->meetings->pdata[index])->id);
}

static void
on_present_clicked_cb (GtkButton         *button,
                       MnrMeetingsDialog *self)
{
  const char *meeting_id = g_object_get_data (G_OBJECT (button), "meeting-id");

  g_signal_emit (self, signals[PRESENT], 0, meeting_id);
}

static void
on_export_response_cb (GtkNativeDialog   *chooser,
                       int                response,
                       MnrMeetingsDialog *self)
{
  const char *meeting_id = g_object_get_data (G_OBJECT (chooser), "meeting-id");
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(MnrMinutes) minutes = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL)
    path = g_file_get_path (file);

  if (path != NULL &&
      (!(minutes = mnr_minutes_new (self->workspace, self->catalog, meeting_id, &error)) ||
       !mnr_minutes_save_pdf (minutes, path, &error)))
    mnr_alert_error (GTK_WINDOW (self), _("Could Not Export the Minutes"), error);

  g_object_unref (chooser);
}

static void
export_minutes_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  MnrMeetingsDialog *self = MNR_MEETINGS_DIALOG (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr(MnrMinutes) minutes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  GtkFileChooserNative *chooser;

  minutes = mnr_minutes_new (self->workspace, self->catalog, g_variant_get_string (parameter, NULL), &error);
  if (minutes == NULL)
    {
      mnr_alert_error (GTK_WINDOW (self), _("Could Not Export the Minutes"), error);
      return;
    }

  chooser = gtk_file_chooser_native_new (_("Export Minutes"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  name = g_strdup_printf ("%s.pdf", mnr_minutes_get_title (minutes));
  g_strdelimit (name, "/\\:", '-');
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_object_set_data_full (G_OBJECT (chooser), "meeting-id", g_variant_dup_string (parameter, NULL), g_free);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_export_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
print_minutes_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  MnrMeetingsDialog *self = MNR_MEETINGS_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  MnrMinutes *minutes = mnr_minutes_new (self->workspace, self->catalog, g_variant_get_string (parameter, NULL),
                                         &error);

  if (minutes == NULL)
    mnr_alert_error (GTK_WINDOW (self), _("Could Not Print the Minutes"), error);
  else
    mnr_minutes_print (minutes, GTK_WINDOW (self));
}

static GtkWidget *
minutes_menu_button (MnrMeeting *meeting)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autofree char *export_action = g_strdup_printf ("meetings.export-minutes('%s')", meeting->id);
  g_autofree char *print_action = g_strdup_printf ("meetings.print-minutes('%s')", meeting->id);
  /* Translators: a menu button's accessible name, %s a meeting's title */
  g_autofree char *name = g_strdup_printf (_("Minutes of “%s”"), meeting->title);
  GtkWidget *button = gtk_menu_button_new ();

  g_menu_append (menu, _("_Export Minutes as PDF…"), export_action);
  g_menu_append (menu, _("_Print Minutes…"), print_action);
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (button), G_MENU_MODEL (menu));
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "document-print-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Minutes"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  return button;
}

static char *
describe (MnrMeetingsDialog *self,
          MnrMeeting        *meeting)
{
  MnrStore *store = mnr_workspace_get_store (self->workspace);
  g_autoptr(GPtrArray) minutes = mnr_store_list_minutes (store, meeting->id, NULL);
  g_autoptr(GPtrArray) actions = mnr_store_list_actions (store, meeting->country, NULL, NULL);
  g_autofree char *day = mnr_format_day (meeting->date);
  g_autofree char *decided = NULL;
  g_autofree char *acted = NULL;
  guint n_decisions = 0, n_actions = 0;

  for (guint i = 0; minutes != NULL && i < minutes->len; i++)
    n_decisions += g_strcmp0 (((MnrMinute *) minutes->pdata[i])->kind, "decision") == 0;
  for (guint i = 0; actions != NULL && i < actions->len; i++)
    n_actions += g_strcmp0 (((MnrAction *) actions->pdata[i])->meeting_id, meeting->id) == 0;

  decided = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u decision", "%u decisions", n_decisions), n_decisions);
  acted = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u action item", "%u action items", n_actions), n_actions);

  if (meeting->place[0] != '\0')
    /* Translators: under a meeting's title: date · place · decisions · action items */
    return g_strdup_printf (_("%s · %s · %s · %s"), day, meeting->place, decided, acted);
  /* Translators: under a meeting's title: date · decisions · action items */
  return g_strdup_printf (_("%s · %s · %s"), day, decided, acted);
}

void
mnr_meetings_dialog_reload (MnrMeetingsDialog *self)
{
  const char *country;
  GtkWidget *child;

  g_return_if_fail (MNR_IS_MEETINGS_DIALOG (self));

  /* An editor closed after this window (closing the main window closes
   * both) tells it so once its rows are gone. */
  if (self->list == NULL)
    return;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  g_clear_pointer (&self->meetings, g_ptr_array_unref);

  country = mnr_workspace_get_country (self->workspace);
  if (country != NULL)
    self->meetings = mnr_store_list_meetings (mnr_workspace_get_store (self->workspace), country, NULL);
  if (self->meetings == NULL)
    self->meetings = g_ptr_array_new_with_free_func ((GDestroyNotify) mnr_meeting_free);

  for (guint i = 0; i < self->meetings->len; i++)
    {
      MnrMeeting *meeting = self->meetings->pdata[i];
      g_autofree char *subtitle = describe (self, meeting);
      /* Translators: a button's accessible name, %s a meeting's title */
      g_autofree char *present_name = g_strdup_printf (_("Present “%s”"), meeting->title);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), meeting->title);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);

      /* Present, where something presents it. */
      if (g_signal_has_handler_pending (self, signals[PRESENT], 0, FALSE))
        {
          GtkWidget *present = gtk_button_new_with_label (_("Present"));

          gtk_widget_set_valign (present, GTK_ALIGN_CENTER);
          gtk_accessible_update_property (GTK_ACCESSIBLE (present), GTK_ACCESSIBLE_PROPERTY_LABEL, present_name, -1);
          g_object_set_data_full (G_OBJECT (present), "meeting-id", g_strdup (meeting->id), g_free);
          g_signal_connect (present, "clicked", G_CALLBACK (on_present_clicked_cb), self);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), present);
        }
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), minutes_menu_button (meeting));
      gtk_list_box_append (self->list, row);
    }

  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), self->meetings->len > 0 ? "list" : "empty");
}

guint
mnr_meetings_dialog_get_n_meetings (MnrMeetingsDialog *self)
{
  g_return_val_if_fail (MNR_IS_MEETINGS_DIALOG (self), 0);

  return self->meetings != NULL ? self->meetings->len : 0;
}

static void
mnr_meetings_dialog_dispose (GObject *object)
{
  MnrMeetingsDialog *self = MNR_MEETINGS_DIALOG (object);

  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_data (mnr_workspace_get_store (self->workspace), self);
  self->stack = NULL;
  self->list = NULL;

  G_OBJECT_CLASS (mnr_meetings_dialog_parent_class)->dispose (object);
}

static void
mnr_meetings_dialog_finalize (GObject *object)
{
  MnrMeetingsDialog *self = MNR_MEETINGS_DIALOG (object);

  g_clear_object (&self->workspace);
  g_clear_object (&self->catalog);
  g_clear_pointer (&self->meetings, g_ptr_array_unref);

  G_OBJECT_CLASS (mnr_meetings_dialog_parent_class)->finalize (object);
}

static void
new_meeting_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  mnr_meetings_dialog_new_meeting (MNR_MEETINGS_DIALOG (widget));
}

static void
mnr_meetings_dialog_class_init (MnrMeetingsDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = mnr_meetings_dialog_dispose;
  G_OBJECT_CLASS (klass)->finalize = mnr_meetings_dialog_finalize;

  /**
   * MnrMeetingsDialog::present:
   * @meeting_id: the meeting to present
   */
  signals[PRESENT] =
    g_signal_new ("present", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_install_action (widget_class, "meetings.new-meeting", NULL, new_meeting_action);
  gtk_widget_class_install_action (widget_class, "meetings.export-minutes", "s", export_minutes_action);
  gtk_widget_class_install_action (widget_class, "meetings.print-minutes", "s", print_minutes_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "meetings.new-meeting", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
mnr_meetings_dialog_init (MnrMeetingsDialog *self)
{
}

static GtkWidget *
new_meeting_button (void)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_New Meeting…"));

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "meetings.new-meeting");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, _("New meeting"), -1);
  return button;
}

/**
 * mnr_meetings_dialog_new:
 *
 * Returns: (transfer floating): the meetings of the workspace's country
 */
GtkWidget *
mnr_meetings_dialog_new (GtkWindow         *parent,
                         MnrWorkspace      *workspace,
                         MnrCountryCatalog *catalog)
{
  MnrMeetingsDialog *self;
  const char *country = mnr_workspace_get_country (workspace);
  MnrCountry *entry = catalog != NULL && country != NULL ? mnr_country_catalog_lookup (catalog, country) : NULL;
  g_autofree char *title = NULL;
  GtkWidget *box, *header, *page, *group, *status, *start;

  g_return_val_if_fail (MNR_IS_WORKSPACE (workspace), NULL);

  /* Translators: the meetings window's title, %s a country */
  title = g_strdup_printf (_("Meetings of %s"), entry != NULL ? mnr_country_get_name (entry)
                                                              : country != NULL ? country : "");
  self = g_object_new (MNR_TYPE_MEETINGS_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       "destroy-with-parent", TRUE,
                       "title", title,
                       "default-width", 600,
                       "default-height", 560,
                       NULL);
  self->workspace = g_object_ref (workspace);
  self->catalog = catalog != NULL ? g_object_ref (catalog) : NULL;

  header = adw_header_bar_new ();
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), new_meeting_button ());

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Meetings"), -1);
  g_signal_connect_swapped (self->list, "row-activated", G_CALLBACK (on_row_activated_cb), self);
  group = adw_preferences_group_new ();
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("The oversight committee’s meetings, latest first. Open one to change "
                                           "its agenda; Present shows it full screen, item by item."));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->list));
  page = adw_preferences_page_new ();
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));

  status = adw_status_page_new ();
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), "x-office-calendar-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (status), _("No Meetings Yet"));
  adw_status_page_set_description (ADW_STATUS_PAGE (status),
                                   _("Record the committee’s meetings: who came, the agenda, what was "
                                     "decided and the action items."));
  start = new_meeting_button ();
  gtk_widget_set_halign (start, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (start, "pill");
  gtk_widget_add_css_class (start, "suggested-action");
  adw_status_page_set_child (ADW_STATUS_PAGE (status), start);

  self->stack = gtk_stack_new ();
  gtk_widget_set_vexpand (self->stack, TRUE);
  gtk_stack_add_named (GTK_STACK (self->stack), page, "list");
  gtk_stack_add_named (GTK_STACK (self->stack), status, "empty");

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), self->stack);
  adw_window_set_content (ADW_WINDOW (self), box);

  g_signal_connect_object (mnr_workspace_get_store (workspace), "changed::meeting",
                           G_CALLBACK (mnr_meetings_dialog_reload), self, G_CONNECT_SWAPPED);
  mnr_meetings_dialog_reload (self);
  return GTK_WIDGET (self);
}
