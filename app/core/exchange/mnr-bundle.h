/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mnr-store.h"

G_BEGIN_DECLS

#define MNR_BUNDLE_VERSION   1
/* A country's bundle is its records and files: attachments are at most
 * 100 MB each; a larger file is refused before it is opened. */
#define MNR_BUNDLE_MAX_BYTES (G_GINT64_CONSTANT (2) * 1024 * 1024 * 1024)

/**
 * MnrBundleReport:
 * @country: the bundle's country
 * @added: records new here
 * @updated: records taken, unchanged here since the last bundle
 * @merged: records changed on both sides, in different fields
 * @unchanged: records the same, or unchanged in the bundle
 * @conflicts: records changed on both sides in the same fields, kept for
 *   the Conflicts window
 * @files: attachments' files written
 * @files_missing: files the bundle's attachments name that neither it
 *   nor this store has (a sync downloads them)
 */
typedef struct
{
  char  *country;
  guint  added;
  guint  updated;
  guint  merged;
  guint  unchanged;
  guint  conflicts;
  guint  files;
  guint  files_missing;
} MnrBundleReport;

gboolean mnr_bundle_export       (MnrStore        *store,
                                  const char      *country,
                                  const char      *path,
                                  guint           *n_records,
                                  GError         **error);
gboolean mnr_bundle_import       (MnrStore        *store,
                                  const char      *path,
                                  MnrBundleReport *report,
                                  GError         **error);
void     mnr_bundle_report_clear (MnrBundleReport *report);

G_END_DECLS
