/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-minutes"

#include "config.h"

#include <glib/gi18n.h>

#include "mnr-agenda.h"
#include "mnr-document.h"
#include "mnr-format.h"
#include "mnr-minutes.h"
#include "mnr-record-type.h"

/* The minutes of a meeting, for the minister's desk: the meeting, who
 * came and who sent apologies, the agenda, what was noted and decided on
 * each item, the action items it gave, and what changed in the ratings
 * since the country's previous meeting: an MnrDocument, for PDF (A4) or
 * printing. */

G_DEFINE_QUARK (mnr-minutes-error-quark, mnr_minutes_error)

struct _MnrMinutes
{
  MnrDocument *document;
};

void
mnr_minutes_free (MnrMinutes *minutes)
{
  if (minutes == NULL)
    return;
  g_clear_pointer (&minutes->document, mnr_document_free);
  g_free (minutes);
}

const char *
mnr_minutes_get_title (MnrMinutes *minutes)
{
  return mnr_document_get_title (minutes->document);
}

static void add (MnrMinutes *minutes, MnrDocumentStyle style, const char *format, ...) G_GNUC_PRINTF (3, 4);

/* Adds a block; %s arguments are escaped for markup. */
static void
add (MnrMinutes       *minutes,
     MnrDocumentStyle  style,
     const char       *format,
     ...)
{
  va_list args;

  va_start (args, format);
  mnr_document_addv (minutes->document, style, format, args);
  va_end (args);
}

static const char *
level_name (MnrWorkspace *workspace,
            const char   *level_id)
{
  MnrLevel *level = level_id != NULL && level_id[0] != '\0'
                    ? mnr_framework_lookup_level (mnr_workspace_get_framework (workspace), level_id) : NULL;

  return level != NULL ? mnr_level_get_name (level) : level_id;
}

static char *
element_label (MnrWorkspace *workspace,
               const char   *element_id)
{
  MnrElement *element = mnr_framework_lookup (mnr_workspace_get_framework (workspace), element_id);

  return element != NULL ? mnr_element_dup_label (element) : g_strdup (element_id);
}

/* What changed in the round's ratings after @since and up to @until
 * (days), an element a line: "Capability 4 …: Building → Developing". */
static void
add_changes (MnrMinutes   *minutes,
             MnrWorkspace *workspace,
             const char   *since,
             const char   *until)
{
  MnrFramework *framework = mnr_workspace_get_framework (workspace);
  GListModel *sources[] = { mnr_framework_get_capabilities (framework), mnr_framework_get_enablers (framework) };
  gboolean any = FALSE;

  for (guint s = 0; s < G_N_ELEMENTS (sources); s++)
    for (guint i = 0; i < g_list_model_get_n_items (sources[s]); i++)
      {
        g_autoptr(MnrElement) element = g_list_model_get_item (sources[s], i);
        g_autofree char *before = NULL;
        g_autofree char *after = NULL;
        g_autofree char *label = NULL;

        if (!mnr_agenda_find_change (workspace, mnr_element_get_id (element), since, until, &before, &after))
          continue;

        label = mnr_element_dup_label (element);
        if (before != NULL)
          /* Translators: a change in the minutes: element: level before → level now */
          add (minutes, MNR_DOCUMENT_BODY, _("• %s: %s → %s"), label, level_name (workspace, before),
               level_name (workspace, after));
        else
          /* Translators: a first rating in the minutes: element: level */
          add (minutes, MNR_DOCUMENT_BODY, _("• %s: %s (first rated)"), label, level_name (workspace, after));
        any = TRUE;
      }

  if (!any)
    add (minutes, MNR_DOCUMENT_BODY, "%s", _("No level changed."));
}

static void
add_minutes_of (MnrMinutes   *minutes,
                MnrWorkspace *workspace,
                GPtrArray    *entries,
                const char   *element_id)
{
  for (guint i = 0; i < entries->len; i++)
    {
      MnrMinute *minute = entries->pdata[i];

      if (g_strcmp0 (minute->element_id, element_id) != 0)
        continue;

      if (g_strcmp0 (minute->kind, "decision") == 0 && minute->level_id[0] != '\0')
        /* Translators: a decision in the minutes, with the level it agreed */
        add (minutes, MNR_DOCUMENT_BODY, _("<b>Decision:</b> %s (level agreed: %s)"), minute->text,
             level_name (workspace, minute->level_id));
      else if (g_strcmp0 (minute->kind, "decision") == 0)
        add (minutes, MNR_DOCUMENT_BODY, _("<b>Decision:</b> %s"), minute->text);
      else
        add (minutes, MNR_DOCUMENT_BODY, _("<i>Note:</i> %s"), minute->text);
    }
}

static void
build (MnrMinutes        *minutes,
       MnrWorkspace      *workspace,
       MnrCountryCatalog *catalog,
       MnrMeeting        *meeting,
       MnrMeeting        *previous)
{
  MnrStore *store = mnr_workspace_get_store (workspace);
  MnrCountry *country = catalog != NULL ? mnr_country_catalog_lookup (catalog, meeting->country) : NULL;
  const char *country_name = country != NULL ? mnr_country_get_name (country) : meeting->country;
  g_autoptr(GPtrArray) agenda = mnr_agenda_list_items (workspace, meeting, previous);
  g_autoptr(GPtrArray) entries = mnr_store_list_minutes (store, meeting->id, NULL);
  g_autoptr(GPtrArray) actions = mnr_store_list_actions (store, meeting->country, NULL, NULL);
  g_autofree char *day = mnr_format_day (meeting->date);
  g_autofree char *today = mnr_today ();
  g_autofree char *today_text = mnr_format_day (today);
  gboolean any_general = FALSE, any_action = FALSE;
  MnrRound *round = mnr_workspace_get_round (workspace);

  if (entries == NULL)
    entries = g_ptr_array_new ();

  /* Translators: the title of a meeting's minutes, %s the meeting's title */
  {
    g_autofree char *title = g_strdup_printf (_("Minutes: %s"), meeting->title);

    minutes->document = mnr_document_new (title);
    add (minutes, MNR_DOCUMENT_TITLE, "%s", title);
  }
  if (meeting->place[0] != '\0')
    /* Translators: under the minutes' title: country · date · place */
    add (minutes, MNR_DOCUMENT_SUBTITLE, _("%s · %s · %s"), country_name, day, meeting->place);
  else
    /* Translators: under the minutes' title: country · date */
    add (minutes, MNR_DOCUMENT_SUBTITLE, _("%s · %s"), country_name, day);
  if (round != NULL)
    /* Translators: the round whose levels the minutes show */
    add (minutes, MNR_DOCUMENT_NOTE, _("Levels are those of the round “%s”."), round->name);

  add (minutes, MNR_DOCUMENT_HEADING, "%s", _("Present"));
  mnr_document_add_lines (minutes->document, meeting->attendees, _("Not recorded."));
  add (minutes, MNR_DOCUMENT_HEADING, "%s", _("Apologies"));
  mnr_document_add_lines (minutes->document, meeting->apologies, _("None."));

  add (minutes, MNR_DOCUMENT_HEADING, "%s", _("Agenda and Decisions"));
  if (agenda->len == 0)
    add (minutes, MNR_DOCUMENT_BODY, "%s", mnr_record_choice_get_label (mnr_agenda_kinds, meeting->agenda_kind));
  for (guint i = 0; i < agenda->len; i++)
    {
      const char *element_id = agenda->pdata[i];
      g_autofree char *label = element_label (workspace, element_id);
      MnrLevel *level = mnr_workspace_get_level (workspace, element_id);

      add (minutes, MNR_DOCUMENT_ITEM, "%u. %s", i + 1, label);
      if (level != NULL)
        /* Translators: an agenda item's level in the minutes */
        add (minutes, MNR_DOCUMENT_NOTE, _("Level: %s"), mnr_level_get_name (level));
      add_minutes_of (minutes, workspace, entries, element_id);
    }

  for (guint i = 0; i < entries->len; i++)
    any_general |= ((MnrMinute *) entries->pdata[i])->element_id[0] == '\0';
  if (any_general)
    {
      add (minutes, MNR_DOCUMENT_ITEM, "%s", _("Other business"));
      add_minutes_of (minutes, workspace, entries, "");
    }

  add (minutes, MNR_DOCUMENT_HEADING, "%s", _("Action Items"));
  for (guint i = 0; actions != NULL && i < actions->len; i++)
    {
      MnrAction *action = actions->pdata[i];
      g_autofree char *label = NULL;
      g_autofree char *due = NULL;

      if (g_strcmp0 (action->meeting_id, meeting->id) != 0)
        continue;
      label = element_label (workspace, action->element_id);
      due = action->due[0] != '\0' ? mnr_format_day (action->due) : g_strdup (_("no date"));
      /* Translators: an action item in the minutes: description — owner,
       * due date, status; then the element it is about */
      add (minutes, MNR_DOCUMENT_BODY, _("• <b>%s</b> — %s, due %s, %s\n   <small>%s</small>"), action->description,
           action->owner[0] != '\0' ? action->owner : _("no owner"), due,
           mnr_record_choice_get_label (mnr_action_statuses, action->status), label);
      any_action = TRUE;
    }
  if (!any_action)
    add (minutes, MNR_DOCUMENT_BODY, "%s", _("The meeting gave no action items."));

  if (previous != NULL)
    {
      g_autofree char *previous_day = mnr_format_day (previous->date);

      /* Translators: a heading of the minutes, %s the previous meeting's date */
      add (minutes, MNR_DOCUMENT_HEADING, _("Changes since the Previous Meeting (%s)"), previous_day);
      add_changes (minutes, workspace, previous->date, meeting->date);
    }
  else
    {
      add (minutes, MNR_DOCUMENT_HEADING, "%s", _("Levels Recorded Before This Meeting"));
      add_changes (minutes, workspace, NULL, meeting->date);
    }

  /* Translators: the last line of the minutes, %s today's date */
  add (minutes, MNR_DOCUMENT_NOTE, _("Written by MNR Tracker on %s."), today_text);
}

static MnrMinutes *
minutes_for (MnrWorkspace      *workspace,
             MnrCountryCatalog *catalog,
             GPtrArray         *meetings,
             guint              index)
{
  MnrMinutes *minutes = g_new0 (MnrMinutes, 1);

  build (minutes, workspace, catalog, meetings->pdata[index],
         index + 1 < meetings->len ? meetings->pdata[index + 1] : NULL);
  return minutes;
}

/**
 * mnr_minutes_new:
 * @meeting_id: a meeting of the workspace's country
 *
 * Returns: (transfer full) (nullable): its minutes, or %NULL with @error
 */
MnrMinutes *
mnr_minutes_new (MnrWorkspace      *workspace,
                 MnrCountryCatalog *catalog,
                 const char        *meeting_id,
                 GError           **error)
{
  const char *country = mnr_workspace_get_country (workspace);
  g_autoptr(GPtrArray) meetings = NULL;

  g_return_val_if_fail (MNR_IS_WORKSPACE (workspace), NULL);

  if (country != NULL)
    meetings = mnr_store_list_meetings (mnr_workspace_get_store (workspace), country, error);
  for (guint i = 0; meetings != NULL && i < meetings->len; i++)
    if (g_strcmp0 (((MnrMeeting *) meetings->pdata[i])->id, meeting_id) == 0)
      return minutes_for (workspace, catalog, meetings, i);

  if (error != NULL && *error == NULL)
    g_set_error_literal (error, MNR_MINUTES_ERROR, MNR_MINUTES_ERROR_NO_MEETING,
                         _("There is no such meeting of the country shown."));
  return NULL;
}

/**
 * mnr_minutes_new_latest:
 *
 * Returns: (transfer full) (nullable): the minutes of the country's
 *   latest meeting, or %NULL with @error when it has none
 */
MnrMinutes *
mnr_minutes_new_latest (MnrWorkspace      *workspace,
                        MnrCountryCatalog *catalog,
                        GError           **error)
{
  const char *country = mnr_workspace_get_country (workspace);
  g_autoptr(GPtrArray) meetings = NULL;

  g_return_val_if_fail (MNR_IS_WORKSPACE (workspace), NULL);

  if (country != NULL)
    meetings = mnr_store_list_meetings (mnr_workspace_get_store (workspace), country, error);
  if (meetings == NULL)
    return NULL;
  if (meetings->len == 0)
    {
      g_set_error (error, MNR_MINUTES_ERROR, MNR_MINUTES_ERROR_NO_MEETING,
                   _("%s has no meeting recorded, so there are no minutes to write."), country);
      return NULL;
    }

  return minutes_for (workspace, catalog, meetings, 0);
}

/**
 * mnr_minutes_save_pdf:
 *
 * Writes the minutes to @path as an A4 PDF (mnr_document_save_pdf()).
 */
gboolean
mnr_minutes_save_pdf (MnrMinutes  *minutes,
                      const char  *path,
                      GError     **error)
{
  g_return_val_if_fail (minutes != NULL && path != NULL, FALSE);

  return mnr_document_save_pdf (minutes->document, path, error);
}

/**
 * mnr_minutes_print:
 * @minutes: (transfer full): the minutes, freed once printed
 *
 * Prints the minutes through the print dialog (its preview and its
 * "Print to File" included).
 */
void
mnr_minutes_print (MnrMinutes *minutes,
                   GtkWindow  *parent)
{
  mnr_document_print (g_steal_pointer (&minutes->document), parent);
  mnr_minutes_free (minutes);
}
