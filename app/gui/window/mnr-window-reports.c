/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-window"

#include "config.h"

#include <glib/gi18n.h>

#include "mnr-alert.h"
#include "mnr-bundle.h"
#include "mnr-csv.h"
#include "mnr-import-preview.h"
#include "mnr-ratings-csv.h"
#include "mnr-report.h"
#include "mnr-window-private.h"

/* The main window's reports and exchange, in the main menu: the
 * country's report as a PDF (A4 or Letter, restricted evidence only when
 * asked for) or printed; its ratings as CSV, out, and in after a preview
 * that lists each row's problem and writes nothing until confirmed. Files
 * go through the portal's file chooser. */

/* After a save: "Saved “name”." in a toast, or the error in a dialog. */
static void
report_saved (MnrWindow  *self,
              gboolean    saved,
              const char *path,
              const char *heading,
              GError     *error)
{
  if (saved)
    {
      g_autofree char *name = g_path_get_basename (path);
      g_autofree char *text = g_strdup_printf (_("Saved “%s”."), name);

      mnr_window_add_toast (self, text);
    }
  else
    mnr_alert_error (GTK_WINDOW (self), heading, error);
}

static gboolean
has_round (MnrWindow *self)
{
  if (!mnr_window_require_country (self))
    return FALSE;
  if (mnr_workspace_get_round (self->workspace) == NULL)
    {
      mnr_window_add_toast (self, _("Rate a capability first: the country has no round to report on."));
      return FALSE;
    }
  return TRUE;
}

static GtkFileChooserNative *
new_chooser (MnrWindow            *self,
             const char           *title,
             GtkFileChooserAction  action,
             const char           *accept,
             const char           *filter_name,
             const char           *mime_type,
             const char           *file_name)
{
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (self), action, accept,
                                                               _("_Cancel"));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, filter_name);
  gtk_file_filter_add_mime_type (filter, mime_type);
  if (g_str_equal (mime_type, "application/vnd.sqlite3"))
    gtk_file_filter_add_pattern (filter, "*.mnrbundle");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  if (file_name != NULL)
    {
      g_autofree char *safe = g_strdup (file_name);

      g_strdelimit (safe, "/\\:", '-');
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), safe);
    }
  return chooser;
}

static char *
chosen_path (GtkNativeDialog *chooser,
             int              response)
{
  g_autoptr(GFile) file = NULL;

  if (response != GTK_RESPONSE_ACCEPT)
    return NULL;
  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  return file != NULL ? g_file_get_path (file) : NULL;
}

static MnrDocument *
new_report (MnrWindow *self,
            MnrPaper   paper,
            gboolean   with_restricted)
{
  MnrReportOptions options = { paper, with_restricted };
  g_autoptr(GError) error = NULL;
  MnrDocument *report = mnr_report_new (self->workspace, self->catalog, &options, &error);

  if (report == NULL)
    mnr_alert_error (GTK_WINDOW (self), _("Could Not Make the Report"), error);
  return report;
}

static void
on_export_report_cb (GtkNativeDialog *chooser,
                     int              response,
                     MnrWindow       *self)
{
  g_autofree char *path = chosen_path (chooser, response);
  const char *paper = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (chooser), "paper");
  const char *restricted = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (chooser), "restricted");
  g_autoptr(MnrDocument) report = NULL;
  g_autoptr(GError) error = NULL;

  if (path != NULL &&
      (report = new_report (self, g_strcmp0 (paper, "letter") == 0 ? MNR_PAPER_LETTER : MNR_PAPER_A4,
                            g_strcmp0 (restricted, "true") == 0)) != NULL)
    {
      gboolean saved = mnr_document_save_pdf (report, path, &error);

      report_saved (self, saved, path, _("Could Not Export the Report"), error);
    }
  g_object_unref (chooser);
}

static void
export_report_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  MnrWindow *self = MNR_WINDOW (widget);
  g_autoptr(MnrDocument) report = NULL;
  g_autofree char *name = NULL;
  GtkFileChooserNative *chooser;

  if (!has_round (self) || !(report = new_report (self, MNR_PAPER_A4, FALSE)))
    return;

  /* Translators: the report's file name: its title and the round */
  name = g_strdup_printf (_("%s — %s.pdf"), mnr_document_get_title (report),
                          mnr_workspace_get_round (self->workspace)->name);
  chooser = new_chooser (self, _("Export the Report"), GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"),
                         _("PDF documents"), "application/pdf", name);
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (chooser), "paper", _("Paper"),
                               (const char *[]) { "a4", "letter", NULL },
                               (const char *[]) { _("A4"), _("Letter"), NULL });
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (chooser), "paper", "a4");
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (chooser), "restricted", _("Include restricted evidence"), NULL, NULL);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (chooser), "restricted", "false");
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_export_report_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
print_report_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  MnrWindow *self = MNR_WINDOW (widget);
  MnrDocument *report;

  if (has_round (self) && (report = new_report (self, MNR_PAPER_A4, FALSE)) != NULL)
    mnr_document_print (report, GTK_WINDOW (self));
}

/* --- ratings as CSV ------------------------------------------------------- */

static void
on_export_csv_cb (GtkNativeDialog *chooser,
                  int              response,
                  MnrWindow       *self)
{
  g_autofree char *path = chosen_path (chooser, response);
  g_autoptr(GBytes) csv = NULL;
  g_autoptr(GError) error = NULL;
  const char *country = mnr_workspace_get_country (self->workspace);

  if (path != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (path);
      const char *countries[] = { country, NULL };

      if (g_object_get_data (G_OBJECT (chooser), "mnr-evidence") != NULL)
        csv = mnr_evidence_csv_export (mnr_workspace_get_store (self->workspace), countries,
                                       g_strcmp0 (gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (chooser),
                                                                               "restricted"), "true") == 0,
                                       &error);
      else
        csv = mnr_ratings_csv_export (mnr_workspace_get_store (self->workspace),
                                      mnr_workspace_get_framework (self->workspace), self->catalog, countries,
                                      &error);
      report_saved (self, csv != NULL && g_file_replace_contents (file, g_bytes_get_data (csv, NULL),
                                                                  g_bytes_get_size (csv), NULL, FALSE,
                                                                  G_FILE_CREATE_REPLACE_DESTINATION, NULL, NULL,
                                                                  &error),
                    path, _("Could Not Export the Ratings"), error);
    }
  g_object_unref (chooser);
}

static void
export_csv_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  MnrWindow *self = MNR_WINDOW (widget);
  gboolean evidence = g_str_equal (action_name, "win.export-evidence-csv");
  const char *country = self->workspace != NULL ? mnr_workspace_get_country (self->workspace) : NULL;
  MnrCountry *entry = country != NULL && self->catalog != NULL ? mnr_country_catalog_lookup (self->catalog, country)
                                                               : NULL;
  g_autofree char *name = NULL;
  GtkFileChooserNative *chooser;

  if (!has_round (self))
    return;
  /* Translators: the file name of a country's ratings, or of its evidence, as CSV */
  name = g_strdup_printf (evidence ? _("Evidence of %s.csv") : _("Ratings of %s.csv"),
                          entry != NULL ? mnr_country_get_name (entry) : country);
  chooser = new_chooser (self, evidence ? _("Export the Evidence") : _("Export the Ratings"),
                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("CSV spreadsheets"), "text/csv", name);
  if (evidence)
    {
      g_object_set_data (G_OBJECT (chooser), "mnr-evidence", GINT_TO_POINTER (TRUE));
      gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (chooser), "restricted", _("Include restricted evidence"),
                                   NULL, NULL);
      gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (chooser), "restricted", "false");
    }
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_export_csv_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* The workspace reads its round again; a new round shows in the switcher. */
static void
reload_country (MnrWindow *self)
{
  g_autofree char *country = g_strdup (mnr_workspace_get_country (self->workspace));
  g_autofree char *round = g_strdup (mnr_workspace_get_round_id (self->workspace));

  if (country != NULL && mnr_workspace_set_country (self->workspace, country, NULL) && round != NULL)
    mnr_workspace_set_round (self->workspace, round, NULL);
}

static void
on_undo_import_cb (AdwToast  *toast,
                   MnrWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (!mnr_ratings_import_undo (g_object_get_data (G_OBJECT (toast), "mnr-import"), &error))
    mnr_alert_error (GTK_WINDOW (self), _("Could Not Undo the Import"), error);
  reload_country (self);
}

/* The import is written: the grid shows it, and Undo, while the toast
 * shows, takes it back (the import keeps what it replaced). */
static void
on_imported_cb (MnrImportPreview *preview,
                MnrRatingsImport *import,
                MnrWindow        *self)
{
  AdwToast *toast;

  reload_country (self);
  toast = adw_toast_new (_("The ratings were imported."));
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_timeout (toast, 10);
  g_object_set_data_full (G_OBJECT (toast), "mnr-import", import, (GDestroyNotify) mnr_ratings_import_free);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_undo_import_cb), self, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);  /* (transfer full) */
}

/**
 * mnr_window_import_ratings_file:
 *
 * Reads @file as a sheet of ratings and shows the import's preview, where
 * its columns are chosen; what Import Ratings from CSV… does once the
 * file is chosen.
 *
 * Returns: (transfer none) (nullable): the preview; %NULL when the file
 *   could not be read, said in a dialog
 */
GtkWindow *
mnr_window_import_ratings_file (MnrWindow *self,
                                GFile     *file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *name = NULL;
  MnrRatingsSheet *sheet = NULL;
  GtkWidget *preview;

  g_return_val_if_fail (MNR_IS_WINDOW (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (self->workspace == NULL)
    return NULL;
  name = g_file_get_basename (file);
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, 0, NULL, &error);
  /* Refused before it is read whole: a spreadsheet is never this large. */
  if (info != NULL && g_file_info_get_size (info) > MNR_CSV_MAX_BYTES)
    g_set_error (&error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                 _("The file is larger than %d MB: it is not a country’s ratings."), MNR_CSV_MAX_BYTES / (1024 * 1024));
  if (error == NULL)
    bytes = g_file_load_bytes (file, NULL, NULL, &error);
  if (bytes != NULL)
    sheet = mnr_ratings_sheet_new (mnr_workspace_get_framework (self->workspace), bytes, &error);
  if (sheet == NULL)
    {
      mnr_alert_error (GTK_WINDOW (self), _("Could Not Read the File"), error);
      return NULL;
    }

  preview = mnr_import_preview_new (GTK_WINDOW (self), self->workspace, name, sheet);
  g_signal_connect_object (preview, "imported", G_CALLBACK (on_imported_cb), self, 0);
  gtk_window_present (GTK_WINDOW (preview));
  return GTK_WINDOW (preview);
}

static void
on_import_csv_cb (GtkNativeDialog *chooser,
                  int              response,
                  MnrWindow       *self)
{
  g_autoptr(GFile) file = response == GTK_RESPONSE_ACCEPT ? gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))
                                                          : NULL;

  if (file != NULL)
    mnr_window_import_ratings_file (self, file);
  g_object_unref (chooser);
}


/* --- bundles ---------------------------------------------------------------- */

static void
on_export_bundle_cb (GtkNativeDialog *chooser,
                     int              response,
                     MnrWindow       *self)
{
  g_autofree char *path = chosen_path (chooser, response);
  g_autoptr(GError) error = NULL;

  if (path != NULL)
    {
      gboolean saved = mnr_bundle_export (mnr_workspace_get_store (self->workspace),
                                          mnr_workspace_get_country (self->workspace), path, NULL, &error);

      report_saved (self, saved, path, _("Could Not Export the Bundle"), error);
    }
  g_object_unref (chooser);
}

static void
export_bundle_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  MnrWindow *self = MNR_WINDOW (widget);
  const char *country;
  MnrCountry *entry;
  g_autofree char *name = NULL;
  GtkFileChooserNative *chooser;

  if (!mnr_window_require_country (self))
    return;
  country = mnr_workspace_get_country (self->workspace);
  entry = self->catalog != NULL ? mnr_country_catalog_lookup (self->catalog, country) : NULL;
  /* Translators: the file name of a country's bundle */
  name = g_strdup_printf (_("%s.mnrbundle"), entry != NULL ? mnr_country_get_name (entry) : country);
  chooser = new_chooser (self, _("Export a Bundle"), GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"),
                         _("MNR Tracker bundles"), "application/vnd.sqlite3", name);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_export_bundle_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
on_bundle_report_cb (AdwMessageDialog *alert,
                     const char       *response,
                     MnrWindow        *self)
{
  if (g_strcmp0 (response, "conflicts") == 0)
    mnr_window_review_conflicts (self);
}

/**
 * mnr_window_import_bundle_file:
 *
 * Merges the bundle at @path into the store and says what it brought;
 * what Import a Bundle… does once the file is chosen.
 *
 * Returns: (transfer none) (nullable): the dialog that says what was
 *   merged; %NULL when nothing was, said in a dialog
 */
GtkWindow *
mnr_window_import_bundle_file (MnrWindow  *self,
                               const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  g_autofree char *heading = NULL;
  MnrBundleReport report;
  MnrCountry *entry;
  GtkWidget *alert;

  g_return_val_if_fail (MNR_IS_WINDOW (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  if (!mnr_bundle_import (mnr_workspace_get_store (self->workspace), path, &report, &error))
    {
      mnr_alert_error (GTK_WINDOW (self), _("Could Not Import the Bundle"), error);
      return NULL;
    }

  /* Translators: after a bundle's import: how many records of each kind */
  body = g_strdup_printf (_("%u new, %u updated, %u merged, %u unchanged, %u in conflict."), report.added,
                          report.updated, report.merged, report.unchanged, report.conflicts);
  entry = self->catalog != NULL ? mnr_country_catalog_lookup (self->catalog, report.country) : NULL;
  /* Translators: the heading after a bundle's import, %s its country */
  heading = g_strdup_printf (_("Bundle of %s Imported"), entry != NULL ? mnr_country_get_name (entry) : report.country);
  alert = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (alert), "close", _("_Close"));
  if (report.conflicts > 0)
    {
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (alert), "conflicts", _("_Review Conflicts"));
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (alert), "conflicts", ADW_RESPONSE_SUGGESTED);
    }
  g_signal_connect_object (alert, "response", G_CALLBACK (on_bundle_report_cb), self, 0);
  gtk_window_present (GTK_WINDOW (alert));
  if (mnr_workspace_get_country (self->workspace) == NULL ||
      g_strcmp0 (mnr_workspace_get_country (self->workspace), report.country) == 0)
    mnr_workspace_set_country (self->workspace, report.country, NULL);
  mnr_bundle_report_clear (&report);
  return GTK_WINDOW (alert);
}

static void
on_import_bundle_cb (GtkNativeDialog *chooser,
                     int              response,
                     MnrWindow       *self)
{
  g_autofree char *path = chosen_path (chooser, response);

  if (path != NULL)
    mnr_window_import_bundle_file (self, path);
  g_object_unref (chooser);
}

/* Import Ratings from CSV… and Import a Bundle…: the file, then its check. */
static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  MnrWindow *self = MNR_WINDOW (widget);
  gboolean bundle = g_str_equal (action_name, "win.import-bundle");
  GtkFileChooserNative *chooser;

  if (self->workspace == NULL)
    return;
  chooser = new_chooser (self, bundle ? _("Import a Bundle") : _("Import Ratings"), GTK_FILE_CHOOSER_ACTION_OPEN,
                         _("_Open"), bundle ? _("MNR Tracker bundles") : _("CSV spreadsheets"),
                         bundle ? "application/vnd.sqlite3" : "text/csv", NULL);
  g_signal_connect_object (chooser, "response", bundle ? G_CALLBACK (on_import_bundle_cb)
                                                       : G_CALLBACK (on_import_csv_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

void
mnr_window_class_add_report_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.export-report", NULL, export_report_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.export-report", NULL);
  gtk_widget_class_install_action (widget_class, "win.print-report", NULL, print_report_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "win.print-report", NULL);
  gtk_widget_class_install_action (widget_class, "win.export-csv", NULL, export_csv_action);
  gtk_widget_class_install_action (widget_class, "win.export-evidence-csv", NULL, export_csv_action);
  gtk_widget_class_install_action (widget_class, "win.import-csv", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.export-bundle", NULL, export_bundle_action);
  gtk_widget_class_install_action (widget_class, "win.import-bundle", NULL, import_action);
}
