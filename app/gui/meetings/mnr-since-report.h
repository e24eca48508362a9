/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mnr-workspace.h"

G_BEGIN_DECLS

/**
 * MnrLevelChange:
 * @element_id: the capability or enabler
 * @before: (nullable): its level on the meeting's day, %NULL when unrated
 * @after: its level now
 */
typedef struct
{
  char *element_id;
  char *before;
  char *after;
} MnrLevelChange;

/**
 * MnrSinceReport:
 * @meeting: the country's last meeting (the latest on or before today)
 * @levels: (element-type MnrLevelChange): levels changed in the round
 *   shown since the meeting's day, in the framework's order
 * @evidence: (element-type MnrEvidence): evidence added or changed since
 * @done: (element-type MnrAction): action items done since
 * @overdue: (element-type MnrAction): action items overdue today
 *
 * What changed since a country's last meeting, for the committee's next.
 */
typedef struct
{
  MnrMeeting *meeting;
  GPtrArray  *levels;
  GPtrArray  *evidence;
  GPtrArray  *done;
  GPtrArray  *overdue;
} MnrSinceReport;

MnrSinceReport *mnr_since_report_new          (MnrWorkspace   *workspace);
void            mnr_since_report_free         (MnrSinceReport *report);
guint           mnr_since_report_count        (MnrSinceReport *report);
const MnrLevelChange *mnr_since_report_find_level (MnrSinceReport *report,
                                                   const char     *element_id);
guint           mnr_since_report_count_evidence (MnrSinceReport *report,
                                                 const char     *element_id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MnrSinceReport, mnr_since_report_free)

G_END_DECLS
