/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mnr-store.h"

G_BEGIN_DECLS

/**
 * MnrActionShow:
 * @MNR_ACTION_SHOW_PENDING: open or in progress
 * @MNR_ACTION_SHOW_OVERDUE: open or in progress past the due date
 * @MNR_ACTION_SHOW_OPEN: open
 * @MNR_ACTION_SHOW_IN_PROGRESS: in progress
 * @MNR_ACTION_SHOW_DONE: done
 * @MNR_ACTION_SHOW_DROPPED: dropped
 * @MNR_ACTION_SHOW_ALL: every status
 */
typedef enum
{
  MNR_ACTION_SHOW_PENDING,
  MNR_ACTION_SHOW_OVERDUE,
  MNR_ACTION_SHOW_OPEN,
  MNR_ACTION_SHOW_IN_PROGRESS,
  MNR_ACTION_SHOW_DONE,
  MNR_ACTION_SHOW_DROPPED,
  MNR_ACTION_SHOW_ALL,
} MnrActionShow;

/**
 * MnrActionDue:
 * @MNR_ACTION_DUE_ANY: any due date, or none
 * @MNR_ACTION_DUE_WITHIN_30_DAYS: due from today to 30 days on
 * @MNR_ACTION_DUE_PAST: due before today (whatever the status)
 * @MNR_ACTION_DUE_NONE: without a due date
 */
typedef enum
{
  MNR_ACTION_DUE_ANY,
  MNR_ACTION_DUE_WITHIN_30_DAYS,
  MNR_ACTION_DUE_PAST,
  MNR_ACTION_DUE_NONE,
} MnrActionDue;

/**
 * MnrActionSort:
 * @MNR_ACTION_SORT_DUE: soonest due first, those without a date last
 * @MNR_ACTION_SORT_ELEMENT: by capability (in the framework's order given
 *   by the caller's @element_rank), then due
 * @MNR_ACTION_SORT_OWNER: by owner (collated), then due
 * @MNR_ACTION_SORT_STATUS: open, in progress, done, dropped, then due
 */
typedef enum
{
  MNR_ACTION_SORT_DUE,
  MNR_ACTION_SORT_ELEMENT,
  MNR_ACTION_SORT_OWNER,
  MNR_ACTION_SORT_STATUS,
} MnrActionSort;

typedef struct
{
  MnrActionShow  show;
  MnrActionDue   due;
  MnrActionSort  sort;
  const char    *owner;         /* nullable: part of the owner's name, any case */
  const char    *today;         /* "YYYY-MM-DD" */
  GHashTable    *element_rank;  /* nullable: element id → rank + 1 (GUINT_TO_POINTER) */
} MnrActionFilter;

GPtrArray *mnr_action_filter_apply (GPtrArray             *actions,
                                    const MnrActionFilter *filter);

G_END_DECLS
