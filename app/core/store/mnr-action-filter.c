/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-action-filter"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "mnr-action-filter.h"
#include "mnr-record-type.h"

/* The country's Actions list: which action items to show, by status,
 * owner and due date, and in which order. Plain data in and out, so that
 * the unit tests check it without a window. */

static gboolean
shows_status (const MnrActionFilter *filter,
              const MnrAction       *action)
{
  const char *status = action->status;

  switch (filter->show)
    {
    case MNR_ACTION_SHOW_PENDING:
      return g_strcmp0 (status, "open") == 0 || g_strcmp0 (status, "in-progress") == 0;
    case MNR_ACTION_SHOW_OVERDUE:
      return mnr_action_is_overdue (action, filter->today);
    case MNR_ACTION_SHOW_OPEN:
      return g_strcmp0 (status, "open") == 0;
    case MNR_ACTION_SHOW_IN_PROGRESS:
      return g_strcmp0 (status, "in-progress") == 0;
    case MNR_ACTION_SHOW_DONE:
      return g_strcmp0 (status, "done") == 0;
    case MNR_ACTION_SHOW_DROPPED:
      return g_strcmp0 (status, "dropped") == 0;
    case MNR_ACTION_SHOW_ALL:
    default:
      return TRUE;
    }
}

/* @day plus @days, "YYYY-MM-DD"; @day itself when it is not a day. */
static char *
day_after (const char *day,
           int         days)
{
  int y, m, d;
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) later = NULL;

  if (day == NULL || sscanf (day, "%d-%d-%d", &y, &m, &d) != 3 ||
      (start = g_date_time_new_utc (y, m, d, 0, 0, 0)) == NULL)
    return g_strdup (day);
  later = g_date_time_add_days (start, days);
  return g_date_time_format (later, "%Y-%m-%d");
}

static gboolean
shows_due (const MnrActionFilter *filter,
           const MnrAction       *action,
           const char            *horizon)
{
  gboolean dated = action->due != NULL && action->due[0] != '\0';

  switch (filter->due)
    {
    case MNR_ACTION_DUE_WITHIN_30_DAYS:
      return dated && g_strcmp0 (action->due, filter->today) >= 0 && g_strcmp0 (action->due, horizon) <= 0;
    case MNR_ACTION_DUE_PAST:
      return dated && g_strcmp0 (action->due, filter->today) < 0;
    case MNR_ACTION_DUE_NONE:
      return !dated;
    case MNR_ACTION_DUE_ANY:
    default:
      return TRUE;
    }
}

static gboolean
shows_owner (const MnrActionFilter *filter,
             const MnrAction       *action)
{
  g_autofree char *wanted = NULL;
  g_autofree char *owner = NULL;

  if (filter->owner == NULL || filter->owner[0] == '\0')
    return TRUE;

  wanted = g_utf8_casefold (filter->owner, -1);
  owner = g_utf8_casefold (action->owner != NULL ? action->owner : "", -1);
  return strstr (owner, g_strstrip (wanted)) != NULL;
}

static int
status_rank (const char *status)
{
  guint i;

  for (i = 0; mnr_action_statuses[i] != NULL; i++)
    if (g_strcmp0 (mnr_action_statuses[i], status) == 0)
      break;
  return (int) i;  /* one this version does not know: last */
}

/* Soonest first; no date after every date. */
static int
compare_due (const MnrAction *a,
             const MnrAction *b)
{
  gboolean a_dated = a->due != NULL && a->due[0] != '\0';
  gboolean b_dated = b->due != NULL && b->due[0] != '\0';

  if (a_dated != b_dated)
    return a_dated ? -1 : 1;
  return g_strcmp0 (a->due, b->due);
}

static int
compare_actions (gconstpointer a_ptr,
                 gconstpointer b_ptr,
                 gpointer      user_data)
{
  const MnrActionFilter *filter = user_data;
  const MnrAction *a = *(MnrAction **) a_ptr;
  const MnrAction *b = *(MnrAction **) b_ptr;
  int by = 0;

  switch (filter->sort)
    {
    case MNR_ACTION_SORT_ELEMENT:
      if (filter->element_rank != NULL)
        by = (int) GPOINTER_TO_UINT (g_hash_table_lookup (filter->element_rank, a->element_id)) -
             (int) GPOINTER_TO_UINT (g_hash_table_lookup (filter->element_rank, b->element_id));
      else
        by = g_strcmp0 (a->element_id, b->element_id);
      break;
    case MNR_ACTION_SORT_OWNER:
      {
        g_autofree char *a_key = g_utf8_collate_key (a->owner != NULL ? a->owner : "", -1);
        g_autofree char *b_key = g_utf8_collate_key (b->owner != NULL ? b->owner : "", -1);

        /* Those without an owner last: they need one. */
        if ((a->owner == NULL || a->owner[0] == '\0') != (b->owner == NULL || b->owner[0] == '\0'))
          by = (a->owner == NULL || a->owner[0] == '\0') ? 1 : -1;
        else
          by = strcmp (a_key, b_key);
      }
      break;
    case MNR_ACTION_SORT_STATUS:
      by = status_rank (a->status) - status_rank (b->status);
      break;
    case MNR_ACTION_SORT_DUE:
    default:
      break;
    }

  if (by == 0)
    by = compare_due (a, b);
  if (by == 0)
    by = g_utf8_collate (a->description, b->description);
  return by;
}

/**
 * mnr_action_filter_apply:
 * @actions: (element-type MnrAction): the country's action items
 *
 * Returns: (transfer container) (element-type MnrAction): those of
 *   @actions that @filter shows, in its order; they belong to @actions
 */
GPtrArray *
mnr_action_filter_apply (GPtrArray             *actions,
                         const MnrActionFilter *filter)
{
  g_autofree char *horizon = NULL;
  GPtrArray *shown;

  g_return_val_if_fail (actions != NULL, NULL);
  g_return_val_if_fail (filter != NULL && filter->today != NULL, NULL);

  horizon = day_after (filter->today, 30);
  shown = g_ptr_array_new ();
  for (guint i = 0; i < actions->len; i++)
    {
      MnrAction *action = actions->pdata[i];

      if (shows_status (filter, action) && shows_due (filter, action, horizon) && shows_owner (filter, action))
        g_ptr_array_add (shown, action);
    }
  g_ptr_array_sort_with_data (shown, compare_actions, (gpointer) filter);
  return shown;
}
