/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-export"

#include "config.h"

#include <glib/gi18n.h>

#include "mnr-bundle.h"
#include "mnr-compare-export.h"
#include "mnr-country-catalog.h"
#include "mnr-export.h"
#include "mnr-framework.h"
#include "mnr-ids.h"
#include "mnr-minutes.h"
#include "mnr-ratings-csv.h"
#include "mnr-report.h"
#include "mnr-store.h"
#include "mnr-workspace.h"

/* Exports that a secretariat scripts, without a window:
 *
 *   mnr-tracker --export-minutes=FILE.pdf --country=CC
 *   mnr-tracker --export-csv=FILE.csv [--country=CC | --group=ID]
 *   mnr-tracker --export-evidence-csv=FILE.csv [--country=CC | --group=ID]
 *   mnr-tracker --export-report=FILE.pdf --country=CC [--round=ID] [--paper=letter]
 *   mnr-tracker --export-bundle=FILE --country=CC
 *   mnr-tracker --import-bundle=FILE
 *
 * each reading the user's store (or MNR_TRACKER_DATA_DIR's), writing its
 * file whole or not at all, and returning 0, or 1 with a message on
 * stderr when it cannot (2 for a command line that makes no sense). */

static MnrStore *
open_store (GError **error)
{
  const char *override = g_getenv ("MNR_TRACKER_DATA_DIR");
  g_autofree char *path = override != NULL && override[0] != '\0'
                          ? g_strdup (override) : g_build_filename (g_get_user_data_dir (), "mnr-tracker", NULL);
  g_autoptr(GFile) directory = g_file_new_for_path (path);

  if (!g_file_query_exists (directory, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("There is no MNR Tracker data in “%s”."), path);
      return NULL;
    }

  return mnr_store_open (directory, error);
}

/* A workspace on @code's data; refused when the store has none: an
 * export from the command line never adds a country to the store. */
static MnrWorkspace *
open_country (MnrStore      *store,
              MnrFramework  *framework,
              const char    *code,
              GError       **error)
{
  g_auto(GStrv) countries = mnr_store_list_countries (store, error);
  g_autoptr(MnrWorkspace) workspace = NULL;

  if (countries == NULL)
    return NULL;
  if (!g_strv_contains ((const char * const *)countries, code))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("This computer has nothing recorded for %s."), code);
      return NULL;
    }

  workspace = mnr_workspace_new (store, framework);
  if (!mnr_workspace_set_country (workspace, code, error))
    return NULL;
  return g_steal_pointer (&workspace);
}

int
mnr_export_minutes_from_command_line (const char *path,
                                      const char *country)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MnrFramework) framework = NULL;
  g_autoptr(MnrCountryCatalog) catalog = NULL;
  g_autoptr(MnrStore) store = NULL;
  g_autoptr(MnrWorkspace) workspace = NULL;
  g_autoptr(MnrMinutes) minutes = NULL;
  g_autofree char *code = country != NULL ? g_ascii_strup (country, -1) : NULL;

  if (code == NULL || !mnr_id_is_country_code (code))
    {
      g_printerr ("%s\n", _("--export-minutes needs --country=CC, the country’s ISO 3166 code (as GH)."));
      return 2;
    }

  if (!(framework = mnr_framework_new_default (&error)) ||
      !(store = open_store (&error)))
    {
      g_printerr (_("Could not export the minutes: %s\n"), error->message);
      return 1;
    }

  /* Country names are a nicety: without the list, the code is shown. */
  catalog = mnr_country_catalog_new (NULL);
  if (!(workspace = open_country (store, framework, code, &error)) ||
      !(minutes = mnr_minutes_new_latest (workspace, catalog, &error)) ||
      !mnr_minutes_save_pdf (minutes, path, &error))
    {
      g_printerr (_("Could not export the minutes: %s\n"), error->message);
      mnr_store_close (store);
      return 1;
    }

  mnr_store_close (store);
  return 0;
}

/**
 * mnr_export_csv_from_command_line:
 * @country: (nullable): one country
 * @group: (nullable): a group's members, or "all"; every country when
 *   neither is given
 *
 * @evidence: the evidence list (restricted evidence left out) instead of
 *   the ratings
 *
 * `--export-csv`, `--export-evidence-csv`: the ratings or the evidence, a
 * row each, as a spreadsheet opens them.
 *
 * Returns: the exit status
 */
int
mnr_export_csv_from_command_line (const char *path,
                                  const char *country,
                                  const char *group,
                                  gboolean    evidence)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MnrFramework) framework = NULL;
  g_autoptr(MnrCountryCatalog) catalog = NULL;
  g_autoptr(MnrStore) store = NULL;
  g_autoptr(GBytes) csv = NULL;
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autofree char *code = country != NULL ? g_ascii_strup (country, -1) : NULL;
  g_autofree char *label = NULL;
  g_auto(GStrv) members = NULL;

  if ((code != NULL && !mnr_id_is_country_code (code)) || (code != NULL && group != NULL))
    {
      g_printerr ("%s\n", _("--export-csv takes --country=CC (an ISO 3166 code, as GH) or --group=ID, not both."));
      return 2;
    }

  if (!(framework = mnr_framework_new_default (&error)) ||
      !(store = open_store (&error)))
    goto fail;
  catalog = mnr_country_catalog_new (NULL);
  if (code != NULL)
    members = g_strdupv ((char *[]) { code, NULL });
  else if (group != NULL && (catalog == NULL || !mnr_compare_find_members (catalog, store, group, &members, &label, &error)))
    goto fail;

  /* Whole or not at all: a copy beside it, renamed over it. */
  csv = evidence ? mnr_evidence_csv_export (store, (const char * const *) members, FALSE, &error)
                 : mnr_ratings_csv_export (store, framework, catalog, (const char * const *) members, &error);
  if (csv == NULL ||
      !g_file_replace_contents (file, g_bytes_get_data (csv, NULL), g_bytes_get_size (csv), NULL, FALSE,
                                G_FILE_CREATE_REPLACE_DESTINATION, NULL, NULL, &error))
    goto fail;

  mnr_store_close (store);
  return 0;

fail:
  if (evidence)
    g_printerr (_("Could not export the evidence: %s\n"), error->message);
  else
    g_printerr (_("Could not export the ratings: %s\n"), error->message);
  if (store != NULL)
    mnr_store_close (store);
  return 1;
}

/**
 * mnr_export_report_from_command_line:
 * @round: (nullable): the round's id; the country's latest by default
 * @paper: (nullable): "a4" (the default) or "letter"
 *
 * `--export-report`: the country's report as a PDF.
 *
 * Returns: the exit status
 */
int
mnr_export_report_from_command_line (const char *path,
                                     const char *country,
                                     const char *round,
                                     const char *paper)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MnrFramework) framework = NULL;
  g_autoptr(MnrCountryCatalog) catalog = NULL;
  g_autoptr(MnrStore) store = NULL;
  g_autoptr(MnrWorkspace) workspace = NULL;
  g_autoptr(MnrDocument) report = NULL;
  g_autofree char *code = country != NULL ? g_ascii_strup (country, -1) : NULL;
  MnrReportOptions options = { MNR_PAPER_A4, FALSE };

  if (code == NULL || !mnr_id_is_country_code (code))
    {
      g_printerr ("%s\n", _("--export-report needs --country=CC, the country’s ISO 3166 code (as GH)."));
      return 2;
    }
  if (paper != NULL && g_ascii_strcasecmp (paper, "letter") == 0)
    options.paper = MNR_PAPER_LETTER;
  else if (paper != NULL && g_ascii_strcasecmp (paper, "a4") != 0)
    {
      g_printerr ("%s\n", _("--paper is a4 or letter."));
      return 2;
    }

  if (!(framework = mnr_framework_new_default (&error)) ||
      !(store = open_store (&error)))
    goto fail;
  catalog = mnr_country_catalog_new (NULL);
  if (!(workspace = open_country (store, framework, code, &error)) ||
      (round != NULL && !mnr_workspace_set_round (workspace, round, &error)) ||
      !(report = mnr_report_new (workspace, catalog, &options, &error)) ||
      !mnr_document_save_pdf (report, path, &error))
    goto fail;

  mnr_store_close (store);
  return 0;

fail:
  g_printerr (_("Could not export the report: %s\n"), error->message);
  if (store != NULL)
    mnr_store_close (store);
  return 1;
}

/**
 * mnr_export_bundle_from_command_line:
 *
 * `--export-bundle`: the country's records and files in one file.
 *
 * Returns: the exit status
 */
int
mnr_export_bundle_from_command_line (const char *path,
                                     const char *country)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MnrStore) store = NULL;
  g_autofree char *code = country != NULL ? g_ascii_strup (country, -1) : NULL;
  guint n = 0;

  if (code == NULL || !mnr_id_is_country_code (code))
    {
      g_printerr ("%s\n", _("--export-bundle needs --country=CC, the country’s ISO 3166 code (as GH)."));
      return 2;
    }
  if (!(store = open_store (&error)) || !mnr_bundle_export (store, code, path, &n, &error))
    {
      g_printerr (_("Could not export the bundle: %s\n"), error->message);
      if (store != NULL)
        mnr_store_close (store);
      return 1;
    }
  g_print (g_dngettext (GETTEXT_PACKAGE, "%u record of %s written.\n", "%u records of %s written.\n", n), n, code);
  mnr_store_close (store);
  return 0;
}

/**
 * mnr_import_bundle_from_command_line:
 *
 * `--import-bundle`: a bundle checked whole, then merged into the store.
 *
 * Returns: the exit status
 */
int
mnr_import_bundle_from_command_line (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MnrStore) store = NULL;
  MnrBundleReport report;

  if (!(store = open_store (&error)) || !mnr_bundle_import (store, path, &report, &error))
    {
      g_printerr (_("Could not import the bundle: %s\n"), error->message);
      if (store != NULL)
        mnr_store_close (store);
      return 1;
    }
  /* Translators: after a bundle's import: its country, then how many records of each kind */
  g_print (_("%s: %u new, %u updated, %u merged, %u unchanged, %u in conflict (see the Conflicts window).\n"),
           report.country, report.added, report.updated, report.merged, report.unchanged, report.conflicts);
  mnr_bundle_report_clear (&report);
  mnr_store_close (store);
  return 0;
}
