/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mnr-country-catalog.h"
#include "mnr-document.h"
#include "mnr-workspace.h"

G_BEGIN_DECLS

/**
 * MnrReportOptions:
 * @paper: A4 or Letter
 * @with_restricted: whether evidence marked restricted is listed; it is
 *   left out by default, the report being for readers outside the focal
 *   point's office
 */
typedef struct
{
  MnrPaper paper;
  gboolean with_restricted;
} MnrReportOptions;

MnrDocument *mnr_report_new (MnrWorkspace           *workspace,
                             MnrCountryCatalog      *catalog,
                             const MnrReportOptions *options,
                             GError                **error);

G_END_DECLS
