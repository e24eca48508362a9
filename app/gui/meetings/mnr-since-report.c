/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-since-report"

#include "config.h"

#include "mnr-agenda.h"
#include "mnr-format.h"
#include "mnr-since-report.h"

/* "Since the last meeting": what the committee has not seen yet. The
 * last meeting is the country's latest on or before today; a change counts
 * when it was made after that meeting's day (here), as the minutes and
 * the agenda of changes count it. */

static void
level_change_free (MnrLevelChange *change)
{
  g_free (change->element_id);
  g_free (change->before);
  g_free (change->after);
  g_free (change);
}

void
mnr_since_report_free (MnrSinceReport *report)
{
  if (report == NULL)
    return;
  g_clear_pointer (&report->meeting, mnr_meeting_free);
  g_clear_pointer (&report->levels, g_ptr_array_unref);
  g_clear_pointer (&report->evidence, g_ptr_array_unref);
  g_clear_pointer (&report->done, g_ptr_array_unref);
  g_clear_pointer (&report->overdue, g_ptr_array_unref);
  g_free (report);
}

static MnrMeeting *
find_last_meeting (MnrWorkspace *workspace,
                   const char   *today)
{
  g_autoptr(GPtrArray) meetings = mnr_store_list_meetings (mnr_workspace_get_store (workspace),
                                                           mnr_workspace_get_country (workspace), NULL);

  /* Latest first: the first not after today. */
  for (guint i = 0; meetings != NULL && i < meetings->len; i++)
    if (g_strcmp0 (((MnrMeeting *) meetings->pdata[i])->date, today) <= 0)
      return g_ptr_array_steal_index (meetings, i);
  return NULL;
}

static void
add_level_changes (MnrSinceReport *report,
                   MnrWorkspace   *workspace,
                   GListModel     *elements)
{
  for (guint i = 0; i < g_list_model_get_n_items (elements); i++)
    {
      g_autoptr(MnrElement) element = g_list_model_get_item (elements, i);
      MnrLevelChange *change = g_new0 (MnrLevelChange, 1);

      if (!mnr_agenda_find_change (workspace, mnr_element_get_id (element), report->meeting->date, NULL,
                                   &change->before, &change->after))
        {
          level_change_free (change);
          continue;
        }
      change->element_id = g_strdup (mnr_element_get_id (element));
      g_ptr_array_add (report->levels, change);
    }
}

/**
 * mnr_since_report_new:
 *
 * Returns: (transfer full) (nullable): what changed in the workspace's
 *   country since its last meeting; %NULL when it has held none yet
 */
MnrSinceReport *
mnr_since_report_new (MnrWorkspace *workspace)
{
  MnrFramework *framework;
  g_autofree char *today = mnr_today ();
  g_autoptr(GPtrArray) actions = NULL;
  MnrSinceReport *report;
  GListModel *evidence;

  g_return_val_if_fail (MNR_IS_WORKSPACE (workspace), NULL);

  if (mnr_workspace_get_country (workspace) == NULL)
    return NULL;

  report = g_new0 (MnrSinceReport, 1);
  if (!(report->meeting = find_last_meeting (workspace, today)))
    {
      mnr_since_report_free (report);
      return NULL;
    }

  report->levels = g_ptr_array_new_with_free_func ((GDestroyNotify) level_change_free);
  report->evidence = g_ptr_array_new_with_free_func (g_object_unref);
  report->done = g_ptr_array_new_with_free_func ((GDestroyNotify) mnr_action_free);
  report->overdue = g_ptr_array_new_with_free_func ((GDestroyNotify) mnr_action_free);

  framework = mnr_workspace_get_framework (workspace);
  add_level_changes (report, workspace, mnr_framework_get_capabilities (framework));
  add_level_changes (report, workspace, mnr_framework_get_enablers (framework));

  evidence = mnr_workspace_get_evidence (workspace);
  for (guint i = 0; i < g_list_model_get_n_items (evidence); i++)
    {
      g_autoptr(MnrEvidence) item = g_list_model_get_item (evidence, i);
      g_autofree char *day = mnr_local_day (mnr_evidence_get_updated_at (item));

      /* Sample data is an example, never news for the committee. */
      if (!mnr_evidence_get_sample (item) && g_strcmp0 (day, report->meeting->date) > 0)
        g_ptr_array_add (report->evidence, g_steal_pointer (&item));
    }

  actions = mnr_store_list_actions (mnr_workspace_get_store (workspace), mnr_workspace_get_country (workspace),
                                    NULL, NULL);
  for (guint i = 0; actions != NULL && i < actions->len; i++)
    {
      MnrAction *action = actions->pdata[i];
      g_autofree char *day = mnr_local_day (action->updated_at);

      if (mnr_action_is_overdue (action, today))
        g_ptr_array_add (report->overdue, g_steal_pointer (&actions->pdata[i]));
      else if (g_strcmp0 (action->status, "done") == 0 && g_strcmp0 (day, report->meeting->date) > 0)
        g_ptr_array_add (report->done, g_steal_pointer (&actions->pdata[i]));
    }

  return report;
}

/**
 * mnr_since_report_count:
 *
 * Returns: how many changes @report lists, overdue items included
 */
guint
mnr_since_report_count (MnrSinceReport *report)
{
  g_return_val_if_fail (report != NULL, 0);

  return report->levels->len + report->evidence->len + report->done->len + report->overdue->len;
}

/**
 * mnr_since_report_find_level:
 *
 * Returns: (nullable): the change of @element_id's level, if it changed
 */
const MnrLevelChange *
mnr_since_report_find_level (MnrSinceReport *report,
                             const char     *element_id)
{
  g_return_val_if_fail (report != NULL, NULL);

  for (guint i = 0; i < report->levels->len; i++)
    if (g_strcmp0 (((MnrLevelChange *) report->levels->pdata[i])->element_id, element_id) == 0)
      return report->levels->pdata[i];
  return NULL;
}

/**
 * mnr_since_report_count_evidence:
 *
 * Returns: how many items of the evidence added or changed since are
 *   linked to @element_id
 */
guint
mnr_since_report_count_evidence (MnrSinceReport *report,
                                 const char     *element_id)
{
  guint n = 0;

  g_return_val_if_fail (report != NULL, 0);

  for (guint i = 0; i < report->evidence->len; i++)
    {
      const char * const *elements = mnr_evidence_get_elements (report->evidence->pdata[i]);

      n += elements != NULL && g_strv_contains (elements, element_id);
    }
  return n;
}
