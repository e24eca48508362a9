/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-agenda"

#include "config.h"

#include "mnr-agenda.h"

/* A meeting's agenda as a list of element ids: the items the chair put in
 * order ("items"), every capability then every enabler ("grid"), or the
 * elements whose level changed since the country's previous meeting
 * ("changes"). A change is read from the rating history of the round
 * shown, by the day each rating was set, as the minutes read it. */

/**
 * mnr_agenda_find_previous:
 *
 * Returns: (transfer full) (nullable): the country's meeting before
 *   @meeting (by date), or %NULL when it is the first
 */
MnrMeeting *
mnr_agenda_find_previous (MnrWorkspace     *workspace,
                          const MnrMeeting *meeting)
{
  g_autoptr(GPtrArray) meetings = NULL;

  g_return_val_if_fail (MNR_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (meeting != NULL, NULL);

  /* Latest first: the one listed after it is the one before it. */
  meetings = mnr_store_list_meetings (mnr_workspace_get_store (workspace), meeting->country, NULL);
  for (guint i = 0; meetings != NULL && i + 1 < meetings->len; i++)
    if (g_strcmp0 (((MnrMeeting *) meetings->pdata[i])->id, meeting->id) == 0)
      return g_ptr_array_steal_index (meetings, i + 1);

  return NULL;
}

/* "YYYY-MM-DD", here, of @usec. */
static char *
local_day (gint64 usec)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (usec / G_USEC_PER_SEC);

  if (when == NULL)
    return g_strdup ("");
  return g_date_time_format (when, "%Y-%m-%d");
}

/**
 * mnr_agenda_find_change:
 * @since: (nullable): a day, "YYYY-MM-DD"; %NULL: since ever
 * @until: the last day counted
 * @level_before: (out) (optional) (transfer full): the level on @since,
 *   %NULL when the element was not rated then
 * @level_after: (out) (optional) (transfer full): the level on @until
 *
 * Returns: whether the element's level changed after @since, up to
 *   @until, in the workspace's round
 */
gboolean
mnr_agenda_find_change (MnrWorkspace  *workspace,
                        const char    *element_id,
                        const char    *since,
                        const char    *until,
                        char         **level_before,
                        char         **level_after)
{
  g_autoptr(GPtrArray) history = NULL;
  const MnrRating *after = NULL, *before = NULL;

  g_return_val_if_fail (MNR_IS_WORKSPACE (workspace), FALSE);

  history = mnr_workspace_get_rating_history (workspace, element_id, NULL);
  /* Newest first. */
  for (guint i = 0; history != NULL && i < history->len && before == NULL; i++)
    {
      const MnrRating *rating = history->pdata[i];
      g_autofree char *day = local_day (rating->updated_at);

      if (until != NULL && g_strcmp0 (day, until) > 0)
        continue;
      if (since != NULL && g_strcmp0 (day, since) <= 0)
        before = rating;
      else if (after == NULL)
        after = rating;
    }

  if (after == NULL || (before != NULL && g_strcmp0 (before->level_id, after->level_id) == 0))
    return FALSE;

  if (level_before != NULL)
    *level_before = before != NULL ? g_strdup (before->level_id) : NULL;
  if (level_after != NULL)
    *level_after = g_strdup (after->level_id);
  return TRUE;
}

static void
add_elements (GPtrArray  *items,
              GListModel *elements)
{
  guint n = g_list_model_get_n_items (elements);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MnrElement) element = g_list_model_get_item (elements, i);

      g_ptr_array_add (items, g_strdup (mnr_element_get_id (element)));
    }
}

/**
 * mnr_agenda_list_items:
 * @previous: (nullable): the country's meeting before @meeting
 *
 * Returns: (transfer full) (element-type utf8): the element ids
 *   @meeting takes, in order; empty for an agenda of changes when
 *   nothing changed
 */
GPtrArray *
mnr_agenda_list_items (MnrWorkspace     *workspace,
                       const MnrMeeting *meeting,
                       const MnrMeeting *previous)
{
  MnrFramework *framework = mnr_workspace_get_framework (workspace);
  GPtrArray *items = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) all = NULL;

  g_return_val_if_fail (meeting != NULL, items);

  if (g_strcmp0 (meeting->agenda_kind, "items") == 0 || meeting->agenda_kind == NULL)
    {
      for (guint i = 0; meeting->agenda != NULL && meeting->agenda[i] != NULL; i++)
        if (mnr_framework_lookup (framework, meeting->agenda[i]) != NULL)
          g_ptr_array_add (items, g_strdup (meeting->agenda[i]));
      return items;
    }

  if (g_strcmp0 (meeting->agenda_kind, "grid") == 0)
    {
      add_elements (items, mnr_framework_get_capabilities (framework));
      add_elements (items, mnr_framework_get_enablers (framework));
      return items;
    }

  /* "changes": the grid's elements, those that changed. */
  all = g_ptr_array_new_with_free_func (g_free);
  add_elements (all, mnr_framework_get_capabilities (framework));
  add_elements (all, mnr_framework_get_enablers (framework));
  for (guint i = 0; i < all->len; i++)
    if (mnr_agenda_find_change (workspace, all->pdata[i], previous != NULL ? previous->date : NULL,
                                meeting->date, NULL, NULL))
      g_ptr_array_add (items, g_strdup (all->pdata[i]));
  return items;
}
