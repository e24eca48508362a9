/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-backup-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "mnr-backup-dialog.h"
#include "mnr-store.h"

/* Lists the store's rolling backups, newest first, and asks before one is
 * restored. The restore itself is the application's (it must close the
 * store first): the dialog emits "restore" with the chosen file. */

struct _MnrBackupDialog
{
  AdwWindow  parent_instance;

  GFile     *directory;
  GtkWidget *list;
};

G_DEFINE_FINAL_TYPE (MnrBackupDialog, mnr_backup_dialog, ADW_TYPE_WINDOW)

enum {
  RESTORE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* "mnr-tracker-20261122-054410-123456.db" → a local date and time */
static char *
dup_backup_label (GFile *file)
{
  g_autofree char *name = g_file_get_basename (file);
  int y, mo, d, h, mi, s;

  if (sscanf (name, "mnr-tracker-%4d%2d%2d-%2d%2d%2d", &y, &mo, &d, &h, &mi, &s) == 6)
    {
      g_autoptr(GDateTime) utc = g_date_time_new_utc (y, mo, d, h, mi, s);
      g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;

      if (local != NULL)
        /* Translators: when a backup was taken, see g_date_time_format() */
        return g_date_time_format (local, _("%e %B %Y, %H:%M:%S"));
    }

  return g_steal_pointer (&name);
}

static void
on_confirm_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        MnrBackupDialog  *self)
{
  GFile *backup = g_object_get_data (G_OBJECT (dialog), "mnr-backup");

  if (g_strcmp0 (response, "restore") == 0 && backup != NULL)
    {
      g_signal_emit (self, signals[RESTORE], 0, backup);
      gtk_window_destroy (GTK_WINDOW (self));
    }
}

static void
on_restore_clicked_cb (GtkButton       *button,
                       MnrBackupDialog *self)
{
  GFile *backup = g_object_get_data (G_OBJECT (button), "mnr-backup");
  g_autofree char *when = dup_backup_label (backup);
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Restore This Backup?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("Your data will be as it was on %s. The data you have now is "
                                    "kept as a backup too, so this can be undone."),
                                  when);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "restore", _("_Restore"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "restore",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "mnr-backup", g_object_ref (backup), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_confirm_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
fill (MnrBackupDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) backups = mnr_store_list_backups (self->directory, &error);
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("A backup is taken every day the app is used and before "
                                           "any upgrade of the data; the newest seven are kept."));

  if (backups == NULL || backups->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     error != NULL ? error->message : _("No backups yet"));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }

  for (guint i = 0; backups != NULL && i < backups->len; i++)
    {
      GFile *backup = g_ptr_array_index (backups, i);
      g_autofree char *when = dup_backup_label (backup);
      g_autofree char *label = g_strdup_printf (_("Restore the backup of %s"), when);
      g_autoptr(GFileInfo) info = g_file_query_info (backup, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                                     G_FILE_QUERY_INFO_NONE, NULL, NULL);
      g_autofree char *size = info != NULL ? g_format_size (g_file_info_get_size (info)) : g_strdup ("");
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Restore"));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), when);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), size);
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      g_object_set_data_full (G_OBJECT (button), "mnr-backup", g_object_ref (backup), g_object_unref);
      g_signal_connect_object (button, "clicked", G_CALLBACK (on_restore_clicked_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }

  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self->list), ADW_PREFERENCES_GROUP (group));
}

static void
mnr_backup_dialog_finalize (GObject *object)
{
  MnrBackupDialog *self = (MnrBackupDialog *)object;

  g_clear_object (&self->directory);

  G_OBJECT_CLASS (mnr_backup_dialog_parent_class)->finalize (object);
}

static void
mnr_backup_dialog_class_init (MnrBackupDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = mnr_backup_dialog_finalize;

  /**
   * MnrBackupDialog::restore:
   * @backup: the backup file the user chose and confirmed
   */
  signals[RESTORE] =
    g_signal_new ("restore", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_FILE);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
mnr_backup_dialog_init (MnrBackupDialog *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();

  gtk_window_set_title (GTK_WINDOW (self), _("Restore a Backup"));
  gtk_window_set_default_size (GTK_WINDOW (self), 480, 520);
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);

  self->list = adw_preferences_page_new ();
  gtk_widget_set_vexpand (self->list, TRUE);
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), self->list);
  adw_window_set_content (ADW_WINDOW (self), box);
}

GtkWidget *
mnr_backup_dialog_new (GtkWindow *parent,
                       GFile     *store_directory)
{
  MnrBackupDialog *self;

  g_return_val_if_fail (G_IS_FILE (store_directory), NULL);

  self = g_object_new (MNR_TYPE_BACKUP_DIALOG, "transient-for", parent, NULL);
  self->directory = g_object_ref (store_directory);
  fill (self);
  return GTK_WIDGET (self);
}
