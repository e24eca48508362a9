/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-application"

#include "config.h"

#include <glib/gi18n.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mnr-application.h"
#include "mnr-accessible.h"
#include "mnr-backup-dialog.h"
#include "mnr-compare-benchmark.h"
#include "mnr-compare-export.h"
#include "mnr-groups-dialog.h"
#include "mnr-help-window.h"
#include "mnr-level-style.h"
#include "mnr-preferences.h"
#include "mnr-export.h"
#include "mnr-screenshot.h"
#include "mnr-window.h"

/* The application: loads the bundled framework once, opens the main window
 * and, with --screenshot, renders that window to a PNG and exits. */

/* Frames to let pass after the window is mapped before a screenshot, so
 * that sizes have settled. Animations are off in that mode. */
#define SCREENSHOT_FRAMES 8
#define SCREENSHOT_MAX_FRAMES 600

struct _MnrApplication
{
  AdwApplication  parent_instance;

  MnrFramework   *framework;
  GSettings      *settings;
  MnrStore       *store;
  MnrWorkspace   *workspace;
  MnrCountryCatalog *catalog;
  MnrSampleEvidence *samples;
  char           *store_error;
  GFile          *data_dir;

  /* --screenshot and its companions */
  char           *screenshot;
  char           *select;
  char           *country;
  char           *view;
  char           *group;
  gboolean        load_samples;
  gboolean        benchmark;
  gboolean        benchmark_compare;
  gboolean        show_change;
  int             width;
  int             height;
  int             zoom;        /* 0: the saved one */
  double          text_scale;  /* 0: the desktop's */
  guint           frames;
  gboolean        check_due;   /* the store's check waits for the first frame */
  guint           check_anyway_id;
  guint           backup_id;
  char           *pending_country; /* to show once the store takes changes: not listed yet */
  char           *loader_last_country; /* for load_data_thread() */

  int             exit_status;
};

G_DEFINE_FINAL_TYPE (MnrApplication, mnr_application, ADW_TYPE_APPLICATION)

static gint64 process_start_time;
static double process_start_cpu_ms;
static gboolean benchmark_phases;  /* --benchmark: mnr_benchmark_mark() prints */

/* The calling thread's CPU time, in ms. */
static double
thread_cpu_ms (void)
{
  struct timespec cpu;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &cpu);
  return cpu.tv_sec * 1000.0 + cpu.tv_nsec / 1e6;
}

static const GOptionEntry option_entries[] = {
  { "screenshot", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Render the main window to a PNG file and exit"), N_("FILE") },
  { "size", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Size of the window, as 1280x800"), N_("WIDTHxHEIGHT") },
  { "select", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Open the panel of a capability (a number, or an id such as outcome-prevention)"), N_("ID") },
  { "zoom", 0, 0, G_OPTION_ARG_INT, NULL,
    N_("Zoom the grid and the panel, in percent (70 to 200), as Ctrl+plus does"), N_("PERCENT") },
  { "text-scale", 0, 0, G_OPTION_ARG_DOUBLE, NULL,
    N_("Scale all text, as the desktop’s Large Text does (1 to 3)"), N_("FACTOR") },
  { "color-scheme", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Use the light or dark style"), N_("light|dark") },
  { "high-contrast", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Use the desktop’s high-contrast style, as its High Contrast setting does"), NULL },
  { "text-direction", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Lay out left-to-right or right-to-left"), N_("ltr|rtl") },
  { "country", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Show a country, by its ISO 3166 code (as PH)"), N_("CODE") },
  { "view", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Open on a view: grid, evidence, compare, or conflicts (the Conflicts window)"), N_("VIEW") },
  { "group", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("The group the Compare view shows: all (every country with data), or a group’s id such as asean"), N_("ID") },
  { "show-change", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Open the Compare view in change mode, against each country’s previous round"), NULL },
  { "export-compare", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Write the comparison of --group to a .csv, .png or .pdf file and exit, with no window"), N_("FILE") },
  { "benchmark-compare", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Print the times to load and draw the Compare view of each bundled group, then exit"), NULL },
  { "sample-data", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Add the working examples of the 2018 booklet as sample evidence"), NULL },
  { "export-minutes", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Write the minutes of the latest meeting of --country to a PDF file and exit"), N_("FILE") },
  { "export-csv", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Write the ratings of --country, of --group’s members, or of every country to a CSV file and exit"),
    N_("FILE") },
  { "export-evidence-csv", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Write the evidence of --country, of --group’s members, or of every country to a CSV file and exit "
       "(restricted evidence left out)"), N_("FILE") },
  { "export-bundle", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Write the records and files of --country to a bundle file, for exchange without a server, and exit"),
    N_("FILE") },
  { "import-bundle", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Check a bundle file whole, merge it into the data, and exit"), N_("FILE") },
  { "export-report", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Write the report of --country (its latest round, or --round) to a PDF file and exit"), N_("FILE") },
  { "round", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("With --export-report: the round, by its id"), N_("ID") },
  { "paper", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("With --export-report: a4 (the default) or letter"), N_("PAPER") },
  { "benchmark", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Print the time to the first frame and the peak memory, then exit"), NULL },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Print the version and exit"), NULL },
  { NULL }
};

static MnrElement *
lookup_element (MnrFramework *framework,
                const char   *text)
{
  guint64 number;

  if (g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT, &number, NULL))
    return mnr_framework_get_capability (framework, (guint)number);

  return mnr_framework_lookup (framework, text);
}

static int
mnr_application_handle_local_options (GApplication *application,
                                      GVariantDict *options)
{
  MnrApplication *self = MNR_APPLICATION (application);
  const char *size = NULL, *scheme = NULL, *direction = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("mnr-tracker %s\n", PACKAGE_VERSION);
      return 0;
    }

  /* Exports for scripts: no window, an exit status. */
  {
    g_autofree char *minutes_path = NULL;

    if (g_variant_dict_lookup (options, "export-minutes", "^ay", &minutes_path))
      {
        const char *country = NULL;

        g_variant_dict_lookup (options, "country", "&s", &country);
        return mnr_export_minutes_from_command_line (minutes_path, country);
      }
  }
  {
    g_autofree char *bundle_path = NULL;

    if (g_variant_dict_lookup (options, "export-bundle", "^ay", &bundle_path))
      {
        const char *country = NULL;

        g_variant_dict_lookup (options, "country", "&s", &country);
        return mnr_export_bundle_from_command_line (bundle_path, country);
      }
    if (g_variant_dict_lookup (options, "import-bundle", "^ay", &bundle_path))
      return mnr_import_bundle_from_command_line (bundle_path);
  }
  {
    g_autofree char *report_path = NULL;

    if (g_variant_dict_lookup (options, "export-report", "^ay", &report_path))
      {
        const char *country = NULL, *round = NULL, *paper = NULL;

        g_variant_dict_lookup (options, "country", "&s", &country);
        g_variant_dict_lookup (options, "round", "&s", &round);
        g_variant_dict_lookup (options, "paper", "&s", &paper);
        return mnr_export_report_from_command_line (report_path, country, round, paper);
      }
  }
  {
    g_autofree char *csv_path = NULL;

    gboolean evidence = FALSE;

    if (g_variant_dict_lookup (options, "export-csv", "^ay", &csv_path) ||
        (evidence = g_variant_dict_lookup (options, "export-evidence-csv", "^ay", &csv_path)))
      {
        const char *country = NULL, *group = NULL;

        g_variant_dict_lookup (options, "country", "&s", &country);
        g_variant_dict_lookup (options, "group", "&s", &group);
        return mnr_export_csv_from_command_line (csv_path, country, group, evidence);
      }
  }

  g_variant_dict_lookup (options, "screenshot", "^ay", &self->screenshot);
  g_variant_dict_lookup (options, "select", "s", &self->select);
  g_variant_dict_lookup (options, "country", "s", &self->country);
  g_variant_dict_lookup (options, "view", "s", &self->view);
  g_variant_dict_lookup (options, "group", "s", &self->group);
  self->show_change = g_variant_dict_contains (options, "show-change");

  /* No window: the comparison, written to a file. */
  {
    g_autofree char *export = NULL;

    if (g_variant_dict_lookup (options, "export-compare", "^ay", &export))
      return mnr_compare_export_command_line (export, self->group);
  }

  self->benchmark_compare = g_variant_dict_contains (options, "benchmark-compare");
  if (self->benchmark_compare)
    {
      g_free (self->view);
      self->view = g_strdup ("compare");
      g_application_set_flags (application,
                               g_application_get_flags (application) | G_APPLICATION_NON_UNIQUE);
    }
  self->load_samples = g_variant_dict_contains (options, "sample-data");
  self->benchmark = g_variant_dict_contains (options, "benchmark");
  benchmark_phases = self->benchmark;
  mnr_benchmark_mark ("options");
  if (self->benchmark)
    g_application_set_flags (application,
                             g_application_get_flags (application) | G_APPLICATION_NON_UNIQUE);
  g_variant_dict_lookup (options, "size", "&s", &size);
  g_variant_dict_lookup (options, "zoom", "i", &self->zoom);
  g_variant_dict_lookup (options, "text-scale", "d", &self->text_scale);
  g_variant_dict_lookup (options, "color-scheme", "&s", &scheme);
  g_variant_dict_lookup (options, "text-direction", "&s", &direction);

  if (size != NULL &&
      (sscanf (size, "%dx%d", &self->width, &self->height) != 2 ||
       self->width < 200 || self->height < 200 || self->width > 8192 || self->height > 8192))
    {
      g_printerr (_("The size “%s” is not of the form 1280x800.\n"), size);
      return 2;
    }

  if (g_variant_dict_contains (options, "zoom") && (self->zoom < 70 || self->zoom > 200))
    {
      g_printerr (_("The zoom must be a percentage from 70 to 200.\n"));
      return 2;
    }

  if (g_variant_dict_contains (options, "text-scale") && (self->text_scale < 1.0 || self->text_scale > 3.0))
    {
      g_printerr (_("The text scale must be a factor from 1 to 3, as 1.5.\n"));
      return 2;
    }

  if (scheme != NULL && !g_str_equal (scheme, "light") && !g_str_equal (scheme, "dark"))
    {
      g_printerr (_("The colour scheme must be “light” or “dark”.\n"));
      return 2;
    }

  if (direction != NULL && !g_str_equal (direction, "ltr") && !g_str_equal (direction, "rtl"))
    {
      g_printerr (_("The text direction must be “ltr” or “rtl”.\n"));
      return 2;
    }

  /* gtk_init() sets the direction from the locale: apply ours after it. */
  if (direction != NULL)
    g_object_set_data (G_OBJECT (self), "mnr-text-direction",
                       GINT_TO_POINTER (g_str_equal (direction, "rtl") ? GTK_TEXT_DIR_RTL
                                                                       : GTK_TEXT_DIR_LTR));

  /* libadwaita 1.2 reads the desktop's high contrast once, when it starts
   * (after these options): from the settings portal, else the GSettings
   * key org.gnome.desktop.a11y.interface high-contrast, which GNOME's
   * Settings turns on. Its own override comes first and leaves the user's
   * desktop settings alone; everything after it (AdwStyleManager,
   * libadwaita's high-contrast style sheet and our style-hc.css) is what a
   * desktop in high contrast gets. */
  if (g_variant_dict_contains (options, "high-contrast"))
    g_setenv ("ADW_DEBUG_HIGH_CONTRAST", "1", TRUE);

  if (scheme != NULL)
    g_object_set_data (G_OBJECT (self), "mnr-color-scheme",
                       GINT_TO_POINTER (g_str_equal (scheme, "dark") ? ADW_COLOR_SCHEME_FORCE_DARK
                                                                     : ADW_COLOR_SCHEME_FORCE_LIGHT));

  /* A screenshot is its own short-lived instance: never hand it to a
   * running one, never touch the user's saved window state. */
  if (self->screenshot != NULL)
    g_application_set_flags (application,
                             g_application_get_flags (application) | G_APPLICATION_NON_UNIQUE);

  /* Another data folder is another app: handed to a running instance, the
   * request would silently show that instance's data instead. This is also
   * how two instances with separate stores run side by side (tests/e2e). */
  {
    const char *override = g_getenv ("MNR_TRACKER_DATA_DIR");

    if (override != NULL && override[0] != '\0')
      g_application_set_flags (application,
                               g_application_get_flags (application) | G_APPLICATION_NON_UNIQUE);
  }

  return -1;
}

/* F1: the user guide, one window however often it is asked for. */
static void
help_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  MnrApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWidget *help = NULL;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (MNR_IS_HELP_WINDOW (l->data))
      help = l->data;

  if (help == NULL)
    {
      if (MNR_IS_HELP_WINDOW (parent))
        parent = NULL;
      help = mnr_help_window_new (parent);
      gtk_window_set_application (GTK_WINDOW (help), GTK_APPLICATION (self));
    }

  gtk_window_present (GTK_WINDOW (help));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  MnrApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  const char *developers[] = { _("MNR Tracker developers"), NULL };
  GtkWidget *about;
  g_autofree char *framework_note = NULL;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "modal", TRUE,
                        "application-name", _("MNR Tracker"),
                        "application-icon", APPLICATION_ID,
                        "developer-name", _("MNR Tracker developers"),
                        "developers", developers,
                        "version", PACKAGE_VERSION,
                        "website", "https://github.com/mnrtracker/MnrTracker",
                        "issue-url", "https://github.com/mnrtracker/MnrTracker/issues",
                        "comments", _("Track a country’s progress on the WePROTECT Model National Response "
                                      "to child sexual exploitation and abuse online: where it stands on "
                                      "each capability, and the evidence behind it.\n\n"
                                      "MNR Tracker holds evidence about national capabilities. "
                                      "It holds no data about victims or offenders."),
                        "copyright", "© 2026 MNR Tracker developers",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "translator-credits", _("translator-credits"),
                        NULL);

  /* Translators: the placeholders are the framework's title and its publisher */
  framework_note = g_strdup_printf (_("The framework shown, “%s”, is the work of the %s. "
                                      "MNR Tracker reproduces its structure and wording to help "
                                      "countries put it into practice; it is not endorsed by its publisher."),
                                    mnr_framework_get_title (self->framework),
                                    mnr_framework_get_publisher (self->framework));
  adw_about_window_add_legal_section (ADW_ABOUT_WINDOW (about),
                                      _("Model National Response"),
                                      mnr_framework_get_publisher (self->framework),
                                      GTK_LICENSE_CUSTOM,
                                      framework_note);

  gtk_window_present (GTK_WINDOW (about));
}

static guint
import_samples (MnrApplication  *self,
                GError         **error)
{
  guint added;

  if (self->workspace == NULL || self->samples == NULL)
    {
      g_set_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_FAILED,
                   _("Your data could not be opened, so nothing can be added to it."));
      return 0;
    }

  added = mnr_workspace_import_samples (self->workspace, self->samples, error);

  /* Show a country that has examples, rather than an empty grid. */
  if (added > 0 && mnr_workspace_get_country (self->workspace) == NULL)
    mnr_workspace_set_country (self->workspace, "PH", NULL);

  return added;
}

static void
load_samples_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  MnrApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  guint added = import_samples (self, &error);

  if (error != NULL)
    message = g_strdup (error->message);
  else if (added == 0)
    message = g_strdup (_("The sample evidence is already in your data."));
  else
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%u working example from the 2018 booklet added as sample evidence.",
                                            "%u working examples from the 2018 booklet added as sample evidence.",
                                            added),
                               added);

  if (MNR_IS_WINDOW (window))
    mnr_window_add_toast (MNR_WINDOW (window), message);
}

static void
on_remove_samples_response_cb (AdwMessageDialog *dialog,
                               const char       *response,
                               MnrApplication   *self)
{
  const char *country = g_object_get_data (G_OBJECT (dialog), "country");
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  gint64 removed;

  if (g_strcmp0 (response, "remove") != 0 || self->workspace == NULL)
    return;

  removed = mnr_workspace_remove_samples (self->workspace, country, &error);
  if (removed < 0)
    message = g_strdup (error->message);
  else
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%u working example removed.",
                                            "%u working examples removed.", (gulong)removed),
                               (guint)removed);

  if (MNR_IS_WINDOW (window))
    mnr_window_add_toast (MNR_WINDOW (window), message);
}

/* app.remove-samples: the sample data of one country (its code), or of
 * every country (""), after the user has seen what goes. */
static void
remove_samples_action (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  MnrApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  const char *code = g_variant_get_string (parameter, NULL);
  const char *country = code[0] != '\0' ? code : NULL;
  MnrCountry *entry = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;
  gint64 n;

  if (self->workspace == NULL)
    return;

  n = mnr_store_count_sample (self->store, country, NULL);
  if (n <= 0)
    {
      if (MNR_IS_WINDOW (window))
        mnr_window_add_toast (MNR_WINDOW (window), _("There is no sample data to remove."));
      return;
    }

  if (country != NULL && self->catalog != NULL)
    entry = mnr_country_catalog_lookup (self->catalog, country);

  if (country != NULL)
    body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%u working example of %s will be removed. Its own ratings "
                                         "and evidence stay as they are.",
                                         "%u working examples of %s will be removed. Its own ratings "
                                         "and evidence stay as they are.", (gulong)n),
                            (guint)n, entry != NULL ? mnr_country_get_name (entry) : country);
  else
    body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%u working example will be removed from every country. The "
                                         "countries' own ratings and evidence stay as they are.",
                                         "%u working examples will be removed from every country. The "
                                         "countries' own ratings and evidence stay as they are.", (gulong)n),
                            (guint)n);

  dialog = adw_message_dialog_new (window, _("Remove Sample Data?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "country", g_strdup (country), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_remove_samples_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void open_data (MnrApplication *self,
                       const char     *last_country);

/* Examples an older version added unmarked leave the outbox: a change,
 * made once the store takes changes. */
static void
mark_samples (MnrApplication *self)
{
  g_autoptr(GError) error = NULL;

  if (self->samples != NULL && self->workspace != NULL &&
      mnr_workspace_mark_samples (self->workspace, self->samples, &error) < 0)
    g_warning ("The sample data could not be marked: %s", error->message);
}

/* Nothing may hold the store while it is replaced or given up: every
 * window goes, with the workspace and the store. */
static void
close_data (MnrApplication *self)
{
  GtkWindow *window;

  while ((window = gtk_application_get_active_window (GTK_APPLICATION (self))) != NULL)
    gtk_window_destroy (window);
  g_clear_object (&self->workspace);
  if (self->store != NULL)
    mnr_store_close (self->store);
  g_clear_object (&self->store);
}

static void
on_restore_cb (MnrApplication *self,
               GFile          *backup)
{
  g_autoptr(GError) error = NULL;
  GtkWindow *window;
  g_autofree char *country = self->workspace != NULL && mnr_workspace_get_country (self->workspace) != NULL
    ? g_strdup (mnr_workspace_get_country (self->workspace)) : NULL;

  g_application_hold (G_APPLICATION (self));
  close_data (self);

  mnr_store_restore_backup (self->data_dir, backup, &error);

  g_free (self->country);
  self->country = g_steal_pointer (&country);
  {
    g_autofree char *last = self->settings != NULL ? g_settings_get_string (self->settings, "last-country") : NULL;

    open_data (self, last);
  }
  g_application_activate (G_APPLICATION (self));
  g_application_release (G_APPLICATION (self));

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (MNR_IS_WINDOW (window))
    mnr_window_add_toast (MNR_WINDOW (window),
                          error != NULL ? error->message : _("The backup was restored."));
}

static void
restore_backup_action (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  MnrApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWidget *dialog;

  if (self->data_dir == NULL)
    return;

  dialog = mnr_backup_dialog_new (parent, self->data_dir);
  g_signal_connect_object (dialog, "restore", G_CALLBACK (on_restore_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
groups_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  MnrApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (self->workspace == NULL || self->catalog == NULL)
    return;

  gtk_window_present (GTK_WINDOW (mnr_groups_dialog_new (parent, self->workspace, self->catalog)));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GtkApplication *application = user_data;
  GtkWindow *window;

  /* Closing each window lets it save its state. */
  while ((window = gtk_application_get_active_window (application)) != NULL)
    gtk_window_destroy (window);
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  MnrApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  MnrSyncController *sync;

  if (!MNR_IS_WINDOW (parent))
    return;

  sync = mnr_window_get_sync_controller (MNR_WINDOW (parent));
  if (sync == NULL)
    {
      mnr_window_add_toast (MNR_WINDOW (parent), _("Sync needs your data to be open."));
      return;
    }

  gtk_window_present (GTK_WINDOW (mnr_preferences_new (parent, sync)));
}

static const GActionEntry app_actions[] = {
  { "about", about_action },
  { "help", help_action },
  { "load-samples", load_samples_action },
  { "remove-samples", remove_samples_action, "s" },
  { "restore-backup", restore_backup_action },
  { "groups", groups_action },
  { "preferences", preferences_action },
  { "quit", quit_action },
};

/* The user's data: the store, and what the views need beside it. A store
 * that cannot be opened leaves the app usable to read the framework, with
 * the reason shown; nothing is ever overwritten. Core only, no GTK: at
 * start-up it runs in a thread while GTK starts (load_data_thread()). */
static void
open_data (MnrApplication *self,
           const char     *last_country)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) directory = NULL;
  const char *override = g_getenv ("MNR_TRACKER_DATA_DIR");

  g_clear_object (&self->catalog);
  g_clear_object (&self->samples);
  g_clear_object (&self->workspace);
  g_clear_pointer (&self->store_error, g_free);
  if (self->store != NULL)
    mnr_store_close (self->store);
  g_clear_object (&self->store);
  self->check_due = FALSE;

  self->catalog = mnr_country_catalog_new (&error);
  if (self->catalog == NULL)
    {
      g_warning ("The list of countries is not available: %s", error->message);
      g_clear_error (&error);
    }

  mnr_benchmark_mark ("country catalog");
  self->samples = mnr_sample_evidence_new_default (&error);
  if (self->samples == NULL)
    {
      g_warning ("The sample evidence is not available: %s", error->message);
      g_clear_error (&error);
    }

  if (override != NULL && override[0] != '\0')
    directory = g_file_new_for_path (override);
  else
    {
      g_autofree char *path = g_build_filename (g_get_user_data_dir (), "mnr-tracker", NULL);
      directory = g_file_new_for_path (path);
    }

  mnr_benchmark_mark ("sample evidence");
  g_set_object (&self->data_dir, directory);
  /* The store's check of its whole file waits for the first frame, when
   * the store was closed cleanly: until then it shows its data and takes
   * no change (mnr-store-check.c). A screenshot, or sample data to add
   * first, has the store checked at once. */
  self->store = mnr_store_open_full (directory,
                                     self->screenshot == NULL && !self->load_samples && !self->benchmark_compare
                                       ? MNR_STORE_OPEN_DEFER_CHECK : MNR_STORE_OPEN_DEFAULT,
                                     &error);
  mnr_benchmark_mark ("store opened");
  if (self->store == NULL)
    {
      self->store_error = g_strdup (error->message);
      return;
    }

  self->workspace = mnr_workspace_new (self->store, self->framework);
  self->check_due = !mnr_store_is_checked (self->store);
  if (!self->check_due)
    mark_samples (self);

  if (self->load_samples)
    {
      if (import_samples (self, &error) == 0 && error != NULL)
        g_printerr ("%s\n", error->message);
      g_clear_error (&error);
    }

  /* Open on the country asked for, or the one last shown. */
  {
    const char *code = self->country != NULL ? self->country : last_country;

    g_clear_pointer (&self->pending_country, g_free);
    if (code != NULL && code[0] != '\0' &&
        !mnr_workspace_set_country (self->workspace, code, &error))
      {
        /* A country not in the store yet is added to it: after the check. */
        if (g_error_matches (error, MNR_STORE_ERROR, MNR_STORE_ERROR_CHECKING))
          self->pending_country = g_strdup (code);
        else
          g_printerr ("%s\n", error->message);
        g_clear_error (&error);
      }
  }
  mnr_benchmark_mark ("country set");
}

/* In a thread, while GTK starts: core only (the main thread waits for
 * it before it touches any of it). Returns the framework's error, if it
 * could not be loaded. */
static gpointer
load_data_thread (gpointer user_data)
{
  MnrApplication *self = user_data;
  g_autofree char *last_country = g_steal_pointer (&self->loader_last_country);
  GError *error = NULL;

  self->framework = mnr_framework_new_default (&error);
  mnr_benchmark_mark ("framework loaded");
  if (self->framework != NULL)
    open_data (self, last_country);

  return error;
}

static void
mnr_application_startup (GApplication *application)
{
  MnrApplication *self = MNR_APPLICATION (application);
  g_autoptr(GError) error = NULL;
  GThread *loader;
  const char *quit_accels[] = { "<Control>q", NULL };
  const char *help_accels[] = { "<Control>question", NULL };
  const char *guide_accels[] = { "F1", NULL };
  const char *preferences_accels[] = { "<Control>comma", NULL };
  /* The first of each is what menus show: "Ctrl++", not "Ctrl+KP +". */
  const char *zoom_in_accels[] = { "<Control>plus", "<Control>equal", "<Control>KP_Add", NULL };
  const char *zoom_out_accels[] = { "<Control>minus", "<Control>KP_Subtract", NULL };
  const char *zoom_reset_accels[] = { "<Control>0", "<Control>KP_0", NULL };
  gpointer scheme, direction;

  mnr_benchmark_mark ("startup");
  /* Starting GTK takes a good part of a second core's worth of waiting
   * (the display, GL, the theme): the framework, the countries and the
   * store load meanwhile, in a thread. */
  if (self->screenshot == NULL)
    self->settings = g_settings_new (APPLICATION_ID);
  self->loader_last_country = self->settings != NULL ? g_settings_get_string (self->settings, "last-country") : NULL;
  loader = g_thread_new ("mnr-load-data", load_data_thread, self);
  G_APPLICATION_CLASS (mnr_application_parent_class)->startup (application);
  mnr_benchmark_mark ("gtk and libadwaita started");
  mnr_accessible_install_name_fix ();

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-help-overlay", help_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.help", guide_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.zoom-in", zoom_in_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.zoom-out", zoom_out_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.zoom-reset", zoom_reset_accels);

  direction = g_object_get_data (G_OBJECT (self), "mnr-text-direction");
  if (direction != NULL)
    gtk_widget_set_default_direction (GPOINTER_TO_INT (direction));

  scheme = g_object_get_data (G_OBJECT (self), "mnr-color-scheme");
  if (scheme != NULL)
    adw_style_manager_set_color_scheme (adw_style_manager_get_default (), GPOINTER_TO_INT (scheme));

  if (self->screenshot != NULL)
    g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  /* The framework and the data, loaded while GTK started. */
  error = g_thread_join (g_steal_pointer (&loader));
  mnr_benchmark_mark ("data loaded");
  if (self->framework == NULL)
    {
      /* The framework is built in: this only happens to a broken build. */
      g_printerr ("Cannot load the bundled framework: %s\n", error->message);
      self->exit_status = 1;
      return;
    }

  mnr_level_style_install (gdk_display_get_default (), mnr_framework_get_levels (self->framework));
  mnr_benchmark_mark ("level style");
}

static gboolean
destroy_window_cb (gpointer user_data)
{
  gtk_window_destroy (GTK_WINDOW (user_data));
  return G_SOURCE_REMOVE;
}

static gboolean
screenshot_tick_cb (GtkWidget     *widget,
                    GdkFrameClock *frame_clock,
                    gpointer       user_data)
{
  MnrApplication *self = user_data;
  g_autoptr(GError) error = NULL;
  GtkWindow *parent;

  if (++self->frames < SCREENSHOT_FRAMES || !gtk_widget_get_mapped (widget))
    return G_SOURCE_CONTINUE;

  if (!mnr_screenshot_save (widget, self->screenshot, &error))
    {
      /* A window can take a few more frames to draw for the first time. */
      if (self->frames < SCREENSHOT_MAX_FRAMES)
        return G_SOURCE_CONTINUE;

      g_printerr ("%s\n", error->message);
      self->exit_status = 1;
    }

  /* A window over the main one (--view=conflicts) takes it along, once
   * this one is gone: the frame clock holds it until this returns. */
  parent = gtk_window_get_transient_for (GTK_WINDOW (widget));
  if (parent != NULL)
    g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, destroy_window_cb, g_object_ref (parent), g_object_unref);
  gtk_window_destroy (GTK_WINDOW (widget));
  return G_SOURCE_REMOVE;
}

/* Peak resident memory of this process, in KiB, from /proc. */
static long
peak_memory_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, "VmHWM:")) == NULL)
    return -1;

  return strtol (line + strlen ("VmHWM:"), NULL, 10);
}

static void
daily_backup_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  MnrStore *store = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) backup = mnr_store_backup (store, &error);

  if (backup == NULL)
    g_message ("The daily backup could not be taken: %s", error->message);

  g_task_return_boolean (task, backup != NULL);
}

/* The daily backup, once the window is up, in a thread: a large store
 * takes a moment to copy and the user should not wait for it. */
static gboolean
start_daily_backup_cb (gpointer user_data)
{
  MnrApplication *self = user_data;
  g_autoptr(GTask) task = NULL;

  self->backup_id = 0;

  if (self->store == NULL || !mnr_store_is_checked (self->store) || !mnr_store_backup_is_due (self->store))
    return G_SOURCE_REMOVE;

  task = g_task_new (self, NULL, NULL, NULL);
  g_task_set_source_tag (task, start_daily_backup_cb);
  g_task_set_task_data (task, g_object_ref (self->store), g_object_unref);
  g_task_run_in_thread (task, daily_backup_thread);
  return G_SOURCE_REMOVE;
}

static void
schedule_daily_backup (MnrApplication *self)
{
  if (self->benchmark || self->screenshot != NULL || self->backup_id != 0)
    return;

  self->backup_id = g_timeout_add_seconds_full (G_PRIORITY_LOW, 5, start_daily_backup_cb,
                                                g_object_ref (self), g_object_unref);
}

/* --benchmark: the peak memory once the store is checked (the check is
 * part of a start), then the end. */
static void
end_benchmark (MnrApplication *self)
{
  GtkWindow *window;

  if (!self->benchmark)
    return;

  g_print ("store-checked-ms: %.1f\n", (g_get_monotonic_time () - mnr_process_start_time ()) / 1000.0);
  g_print ("peak-memory-kib: %ld\n", peak_memory_kib ());
  self->benchmark = FALSE;
  while ((window = gtk_application_get_active_window (GTK_APPLICATION (self))) != NULL)
    gtk_window_destroy (window);
}

static void
on_store_checked_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(MnrApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = mnr_store_check_finish (MNR_STORE (source), result, &error);

  mnr_benchmark_mark ("store checked");

  /* Replaced meanwhile (a backup restored): that store is not this one. */
  if ((gpointer)source != (gpointer)self->store)
    return;

  if (ok)
    {
      if (self->pending_country != NULL &&
          !mnr_workspace_set_country (self->workspace, self->pending_country, &error))
        g_printerr ("%s\n", error->message);
      g_clear_pointer (&self->pending_country, g_free);
      mark_samples (self);
      schedule_daily_backup (self);
      end_benchmark (self);
      return;
    }

  /* What a store that fails its check on opening gives: the framework
   * alone, and the reason in the bar under the header. */
  g_application_hold (G_APPLICATION (self));
  close_data (self);
  g_free (self->store_error);
  self->store_error = g_strdup (error->message);
  if (self->benchmark)
    end_benchmark (self);
  else
    g_application_activate (G_APPLICATION (self));
  g_application_release (G_APPLICATION (self));
}

/* Starts the store's check, once. */
static gboolean
start_store_check (MnrApplication *self)
{
  /* The timeout holds the application: left, it kept it (and so its
   * store) from being finalized by a quit within 3 s, and the store, never
   * closed, left its write-ahead log behind, so that the next start took
   * the store for one closed uncleanly and checked it before its first
   * frame (every other run of --benchmark). */
  g_clear_handle_id (&self->check_anyway_id, g_source_remove);
  if (!self->check_due || self->store == NULL)
    return FALSE;

  self->check_due = FALSE;
  mnr_store_check_async (self->store, NULL, on_store_checked_cb, g_object_ref (self));
  return TRUE;
}

/* A window that is never drawn (hidden, on a compositor that sends no
 * frames to it) must not leave the store unchecked. */
static gboolean
check_store_anyway_cb (gpointer user_data)
{
  MnrApplication *self = user_data;

  self->check_anyway_id = 0;
  start_store_check (self);
  return G_SOURCE_REMOVE;
}

/* The first frame is on screen: the store's check can take its turn. */
static void
on_first_frame_cb (GdkFrameClock *clock,
                   gpointer       user_data)
{
  MnrApplication *self = user_data;

  g_signal_handlers_disconnect_by_func (clock, on_first_frame_cb, user_data);

  /* Measured from the start of the process, as the benchmark of a minimal
   * window measures it (bench/). */
  if (self->benchmark)
    {
      g_print ("first-frame-ms: %.1f\n", (g_get_monotonic_time () - mnr_process_start_time ()) / 1000.0);
      /* The main thread's CPU time since main() began, as
       * bench/minimal-window.c prints it. */
      g_print ("first-frame-cpu-ms: %.1f\n", thread_cpu_ms () - process_start_cpu_ms);
    }
  mnr_benchmark_mark ("first frame");

  if (!start_store_check (self))
    end_benchmark (self);
}

static void
on_layout_cb (GdkFrameClock *clock,
              gpointer       user_data)
{
  mnr_benchmark_mark ("layout");
  g_signal_handlers_disconnect_by_func (clock, on_layout_cb, user_data);
}

static void
on_window_realize_cb (GtkWidget      *window,
                      MnrApplication *self)
{
  mnr_benchmark_mark ("realized");
  g_signal_connect (gtk_widget_get_frame_clock (window), "layout",
                    G_CALLBACK (on_layout_cb), NULL);
  g_signal_connect_object (gtk_widget_get_frame_clock (window), "after-paint",
                           G_CALLBACK (on_first_frame_cb), self, 0);
}

static void
mnr_application_activate (GApplication *application)
{
  MnrApplication *self = MNR_APPLICATION (application);
  gboolean conflicts = g_strcmp0 (self->view, "conflicts") == 0;
  GtkWindow *window, *shown;

  if (self->framework == NULL)
    return;

  mnr_benchmark_mark ("activate");
  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (window == NULL)
    {
      window = GTK_WINDOW (mnr_window_new_with_data (ADW_APPLICATION (self), self->framework, self->settings,
                                                     self->workspace, self->catalog, self->samples,
                                                     self->store_error));
      if (!self->benchmark_compare)
        g_signal_connect_object (window, "realize", G_CALLBACK (on_window_realize_cb), self, 0);
    }
  mnr_benchmark_mark ("window built");

  if (self->width > 0 && self->height > 0)
    gtk_window_set_default_size (window, self->width, self->height);
  if (self->zoom > 0)
    mnr_window_set_zoom (MNR_WINDOW (window), self->zoom);
  if (self->text_scale > 0)
    /* What the desktop's text scaling sets: the font resolution. */
    g_object_set (gtk_settings_get_default (), "gtk-xft-dpi", (int)(96 * 1024 * self->text_scale), NULL);

  if (self->select != NULL)
    {
      MnrElement *element = lookup_element (self->framework, self->select);

      if (element == NULL)
        g_printerr (_("There is no element “%s” in the framework.\n"), self->select);
      else
        mnr_window_select (MNR_WINDOW (window), element);
    }

  if (self->view != NULL && !conflicts)
    mnr_window_show_view (MNR_WINDOW (window), self->view);

  if (self->group != NULL)
    {
      GtkWidget *compare = mnr_window_get_compare_view (MNR_WINDOW (window));

      if (compare == NULL || !mnr_compare_view_set_group (MNR_COMPARE_VIEW (compare), self->group))
        g_printerr (_("There is no group “%s” to compare.\n"), self->group);
    }

  if (self->show_change && mnr_window_get_compare_view (MNR_WINDOW (window)) != NULL)
    mnr_compare_view_set_change (MNR_COMPARE_VIEW (mnr_window_get_compare_view (MNR_WINDOW (window))), TRUE);

  if (self->benchmark_compare && mnr_window_get_compare_view (MNR_WINDOW (window)) != NULL)
    mnr_compare_benchmark_run (window, MNR_COMPARE_VIEW (mnr_window_get_compare_view (MNR_WINDOW (window))),
                               peak_memory_kib);
  else if (self->store != NULL && mnr_store_is_checked (self->store))
    schedule_daily_backup (self);

  if (self->check_due && self->check_anyway_id == 0)
    self->check_anyway_id = g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, 3, check_store_anyway_cb,
                                                        g_object_ref (self), g_object_unref);

  gtk_window_present (window);
  mnr_benchmark_mark ("window presented");
  shown = window;

  /* The Conflicts window over the main one; with --size, it is the one
   * of that size (as maximised on such a screen), and the screenshot's. */
  if (conflicts)
    {
      GtkWindow *dialog = mnr_window_review_conflicts (MNR_WINDOW (window));

      if (dialog == NULL)
        g_printerr (_("There are no conflicts to show without your data.\n"));
      else
        {
          shown = dialog;
          if (self->width > 0 && self->height > 0)
            gtk_window_set_default_size (dialog, self->width, self->height);
        }
    }

  if (self->screenshot != NULL)
    gtk_widget_add_tick_callback (GTK_WIDGET (shown), screenshot_tick_cb, self, NULL);
}

/* The timeouts hold the application: a quit before they fire must not
 * keep it, and its store, from closing (see start_store_check()). */
static void
mnr_application_shutdown (GApplication *application)
{
  MnrApplication *self = MNR_APPLICATION (application);

  g_clear_handle_id (&self->check_anyway_id, g_source_remove);
  g_clear_handle_id (&self->backup_id, g_source_remove);
  G_APPLICATION_CLASS (mnr_application_parent_class)->shutdown (application);
}

static void
mnr_application_finalize (GObject *object)
{
  MnrApplication *self = (MnrApplication *)object;

  g_clear_object (&self->workspace);
  g_clear_object (&self->catalog);
  g_clear_object (&self->samples);
  if (self->store != NULL)
    mnr_store_close (self->store);
  g_clear_object (&self->store);
  g_clear_pointer (&self->store_error, g_free);
  g_clear_pointer (&self->pending_country, g_free);
  g_clear_object (&self->data_dir);
  g_clear_object (&self->framework);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->country, g_free);
  g_clear_pointer (&self->view, g_free);
  g_clear_pointer (&self->group, g_free);
  g_clear_pointer (&self->screenshot, g_free);
  g_clear_pointer (&self->select, g_free);

  G_OBJECT_CLASS (mnr_application_parent_class)->finalize (object);
}

static void
mnr_application_class_init (MnrApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *application_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = mnr_application_finalize;

  application_class->handle_local_options = mnr_application_handle_local_options;
  application_class->startup = mnr_application_startup;
  application_class->activate = mnr_application_activate;
  application_class->shutdown = mnr_application_shutdown;
}

static void
mnr_application_init (MnrApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Track a country’s progress on the Model National Response."));
}

MnrApplication *
mnr_application_new (void)
{
  return g_object_new (MNR_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", RESOURCE_PREFIX,
                       NULL);
}

/**
 * mnr_application_get_framework:
 *
 * Returns: (transfer none) (nullable): the framework, once started up
 */
MnrFramework *
mnr_application_get_framework (MnrApplication *self)
{
  g_return_val_if_fail (MNR_IS_APPLICATION (self), NULL);

  return self->framework;
}

/**
 * mnr_application_get_exit_status:
 *
 * Returns: non-zero when the app could not do what it was asked: load its
 *   framework, or write the screenshot
 */
int
mnr_application_get_exit_status (MnrApplication *self)
{
  g_return_val_if_fail (MNR_IS_APPLICATION (self), 1);

  return self->exit_status;
}

/**
 * mnr_benchmark_mark:
 * @phase: what has just been done
 *
 * With --benchmark, prints the time since main() began, so that the
 * phases before the first frame can be told apart.
 */
void
mnr_benchmark_mark (const char *phase)
{
  if (!benchmark_phases)
    return;

  g_print ("phase-ms: %.1f %.1f %s\n", (g_get_monotonic_time () - process_start_time) / 1000.0,
           thread_cpu_ms (), phase);
}

/**
 * mnr_process_start_time:
 *
 * Returns: the monotonic time at which main() began, for --benchmark
 */
gint64
mnr_process_start_time (void)
{
  return process_start_time;
}

void
mnr_process_mark_start (void)
{
  process_start_time = g_get_monotonic_time ();
  process_start_cpu_ms = thread_cpu_ms ();
}
