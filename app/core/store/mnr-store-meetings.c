/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-store"

#include "config.h"

#include <glib/gi18n.h>

#include "mnr-ids.h"
#include "mnr-record-type.h"
#include "mnr-store-private.h"

/* MnrStore: a committee's meetings, their notes and decisions, and action
 * items (MNR capability 1).
 *
 * These types are saved through their descriptors (mnr-record-type.c):
 * a typed struct becomes the record the protocol sends, checked by the
 * same rules as one from the server, and written by the table's upsert
 * (mnr-store-sync.c), with the base kept for a three-way merge and the
 * local revision counted. Nothing here knows their columns. */

void
mnr_meeting_free (MnrMeeting *meeting)
{
  if (meeting == NULL)
    return;
  g_free (meeting->id);
  g_free (meeting->country);
  g_free (meeting->title);
  g_free (meeting->date);
  g_free (meeting->place);
  g_free (meeting->attendees);
  g_free (meeting->apologies);
  g_free (meeting->agenda_kind);
  g_strfreev (meeting->agenda);
  g_free (meeting->updated_by);
  g_free (meeting);
}

void
mnr_minute_free (MnrMinute *minute)
{
  if (minute == NULL)
    return;
  g_free (minute->id);
  g_free (minute->meeting_id);
  g_free (minute->kind);
  g_free (minute->text);
  g_free (minute->level_id);
  g_free (minute->element_id);
  g_free (minute->updated_by);
  g_free (minute);
}

void
mnr_action_free (MnrAction *action)
{
  if (action == NULL)
    return;
  g_free (action->id);
  g_free (action->country);
  g_free (action->description);
  g_free (action->owner);
  g_free (action->due);
  g_free (action->status);
  g_free (action->element_id);
  g_free (action->meeting_id);
  g_free (action->updated_by);
  g_free (action);
}

static const char *
text_or_empty (const char *text)
{
  return text != NULL ? text : "";
}

static const char *
member (JsonObject *data,
        const char *name)
{
  return json_object_get_string_member_with_default (data, name, "");
}

static GStrv
member_list (JsonObject *data,
             const char *name)
{
  JsonArray *array = json_object_has_member (data, name) ? json_object_get_array_member (data, name) : NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    g_strv_builder_add (builder, json_array_get_string_element (array, i));
  return g_strv_builder_end (builder);
}

/* Saves @record (its id, country and data set) as a local change: checked
 * by its type's rules, written, its base kept and its revision counted. */
gboolean
mnr_store_save_local_record (MnrStore       *self,
             MnrSyncRecord  *record,
             const char     *what,
             GError        **error)
{
  const SyncTable *table;
  g_autoptr(MnrSyncRecord) current = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *bump = NULL;

  if (!mnr_store_ensure_open (self, error) ||
      !(table = mnr_store_find_sync_table (record->type, error)))
    return FALSE;

  if (!mnr_sync_record_validate_data (record->type, record->data, &local_error))
    return mnr_store_invalid (error, _("This cannot be saved: %s"), local_error->message);

  if (!mnr_store_begin (self, what, error))
    return FALSE;

  if (!mnr_store_read_record (self, table, record->id, &current, NULL, error) ||
      !mnr_store_remember_base (self, record->type, record->id, error) ||
      !mnr_store_write_record (self, table, record, self->author, error))
    goto fail;

  /* A new row starts at local_rev 1, dirty; a changed one counts one more. */
  if (current != NULL)
    {
      g_autoptr(sqlite3_stmt) stmt = NULL;

      bump = g_strdup_printf ("UPDATE %s SET local_rev = local_rev + 1 WHERE id = ?1", table->table);
      if (!(stmt = mnr_store_prepare (self->db, bump, what, error)))
        goto fail;
      mnr_store_bind_text (stmt, 1, record->id);
      if (!mnr_store_step_done (stmt, self->db, what, error))
        goto fail;
    }

  mnr_store_note_change (self, record->type, record->id, FALSE);
  return mnr_store_commit (self, what, error);

fail:
  mnr_store_rollback (self);
  return FALSE;
}

/* The records of @type WHERE @where (?1 bound to @value), ORDER BY @order. */
static GPtrArray *
read_records (MnrStore    *self,
              const char  *type,
              const char  *where,
              const char  *value,
              const char  *order,
              GError     **error)
{
  const SyncTable *table = mnr_store_find_sync_table (type, error);
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) mnr_sync_record_free);
  g_autofree char *sql = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (table == NULL || !mnr_store_ensure_open (self, error))
    return NULL;

  sql = g_strdup_printf ("%s WHERE t.deleted_at IS NULL AND %s ORDER BY %s", table->select, where, order);
  if (!(stmt = mnr_store_prepare (self->db, sql, _("reading the meetings"), error)))
    return NULL;
  mnr_store_bind_text (stmt, 1, value);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (records, mnr_store_record_from_row (table, stmt));
  if (rc != SQLITE_DONE)
    {
      mnr_store_sqlite_error (error, self->db, rc, _("reading the meetings"));
      return NULL;
    }

  return g_steal_pointer (&records);
}

/* Marks @type/@id deleted, as a local change the server is told of. */
static gboolean
remove_record (MnrStore    *self,
               const char  *type,
               const char  *id,
               const char  *what,
               GError     **error)
{
  const SyncTable *table;
  g_autofree char *sql = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!mnr_store_ensure_open (self, error) || !(table = mnr_store_find_sync_table (type, error)) ||
      !mnr_store_begin (self, what, error))
    return FALSE;

  sql = g_strdup_printf ("UPDATE %s SET deleted_at = ?2, updated_at = ?2, updated_by = ?3,"
                         " local_rev = local_rev + 1 WHERE id = ?1 AND deleted_at IS NULL", table->table);
  if (!mnr_store_remember_base (self, type, id, error) ||
      !(stmt = mnr_store_prepare (self->db, sql, what, error)))
    goto fail;
  mnr_store_bind_text (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, g_get_real_time ());
  mnr_store_bind_text (stmt, 3, self->author);
  if (!mnr_store_step_done (stmt, self->db, what, error))
    goto fail;
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_NOT_FOUND, _("There is no such record."));
      goto fail;
    }

  mnr_store_note_change (self, type, id, FALSE);
  return mnr_store_commit (self, what, error);

fail:
  mnr_store_rollback (self);
  return FALSE;
}

/* --- meetings ------------------------------------------------------------ */

static MnrMeeting *
meeting_from_record (const MnrSyncRecord *record)
{
  MnrMeeting *meeting = g_new0 (MnrMeeting, 1);

  meeting->id = g_strdup (record->id);
  meeting->country = g_strdup (record->country);
  meeting->title = g_strdup (member (record->data, "title"));
  meeting->date = g_strdup (member (record->data, "date"));
  meeting->place = g_strdup (member (record->data, "place"));
  meeting->attendees = g_strdup (member (record->data, "attendees"));
  meeting->apologies = g_strdup (member (record->data, "apologies"));
  meeting->agenda_kind = g_strdup (member (record->data, "agenda_kind"));
  meeting->agenda = member_list (record->data, "agenda");
  meeting->updated_at = record->updated_at;
  meeting->updated_by = g_strdup (record->updated_by);
  return meeting;
}

/**
 * mnr_store_save_meeting:
 * @meeting: a meeting; one without an id is created and given one
 *
 * Saves @meeting of its country. Its title must not be blank, its date a
 * real day, its agenda kind one of #mnr_agenda_kinds ("items": the
 * agenda's capabilities and enablers in their order; "changes":
 * everything changed since the last meeting; "grid": the whole grid).
 */
gboolean
mnr_store_save_meeting (MnrStore    *self,
                        MnrMeeting  *meeting,
                        GError     **error)
{
  g_autoptr(MnrSyncRecord) record = NULL;
  JsonArray *agenda = json_array_new ();

  g_return_val_if_fail (MNR_IS_STORE (self), FALSE);
  g_return_val_if_fail (meeting != NULL, FALSE);

  if (!mnr_id_is_country_code (meeting->country))
    {
      json_array_unref (agenda);
      return mnr_store_invalid (error, _("A meeting needs a country."));
    }
  if (meeting->id == NULL)
    meeting->id = g_uuid_string_random ();

  record = mnr_sync_record_new ("meeting", meeting->id);
  record->country = g_strdup (meeting->country);
  json_object_set_string_member (record->data, "title", text_or_empty (meeting->title));
  json_object_set_string_member (record->data, "date", text_or_empty (meeting->date));
  json_object_set_string_member (record->data, "place", text_or_empty (meeting->place));
  json_object_set_string_member (record->data, "attendees", text_or_empty (meeting->attendees));
  json_object_set_string_member (record->data, "apologies", text_or_empty (meeting->apologies));
  json_object_set_string_member (record->data, "agenda_kind",
                                 meeting->agenda_kind != NULL ? meeting->agenda_kind : "items");
  for (guint i = 0; meeting->agenda != NULL && meeting->agenda[i] != NULL; i++)
    json_array_add_string_element (agenda, meeting->agenda[i]);
  json_object_set_array_member (record->data, "agenda", agenda);

  return mnr_store_save_local_record (self, record, _("saving the meeting"), error);
}

/**
 * mnr_store_list_meetings:
 *
 * Returns: (transfer full) (element-type MnrMeeting): @country's meetings,
 *   latest first
 */
GPtrArray *
mnr_store_list_meetings (MnrStore    *self,
                         const char  *country,
                         GError     **error)
{
  g_autoptr(GPtrArray) records = NULL;
  GPtrArray *meetings;

  g_return_val_if_fail (MNR_IS_STORE (self), NULL);

  if (!(records = read_records (self, "meeting", "t.country = ?1", country, "t.date DESC, t.rowid DESC", error)))
    return NULL;

  meetings = g_ptr_array_new_with_free_func ((GDestroyNotify) mnr_meeting_free);
  for (guint i = 0; i < records->len; i++)
    g_ptr_array_add (meetings, meeting_from_record (records->pdata[i]));
  return meetings;
}

/**
 * mnr_store_get_meeting:
 *
 * Returns: (transfer full) (nullable): the meeting, or %NULL with @error
 *   (%MNR_STORE_ERROR_NOT_FOUND if there is none)
 */
MnrMeeting *
mnr_store_get_meeting (MnrStore    *self,
                       const char  *id,
                       GError     **error)
{
  g_autoptr(GPtrArray) records = NULL;

  g_return_val_if_fail (MNR_IS_STORE (self), NULL);

  if (!(records = read_records (self, "meeting", "t.id = ?1", id, "t.rowid", error)))
    return NULL;
  if (records->len == 0)
    {
      g_set_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_NOT_FOUND, _("There is no such meeting."));
      return NULL;
    }

  return meeting_from_record (records->pdata[0]);
}

gboolean
mnr_store_remove_meeting (MnrStore    *self,
                          const char  *id,
                          GError     **error)
{
  g_return_val_if_fail (MNR_IS_STORE (self), FALSE);

  return remove_record (self, "meeting", id, _("deleting the meeting"), error);
}

/* --- notes and decisions ------------------------------------------------- */

static MnrMinute *
minute_from_record (const MnrSyncRecord *record)
{
  MnrMinute *minute = g_new0 (MnrMinute, 1);

  minute->id = g_strdup (record->id);
  minute->meeting_id = g_strdup (member (record->data, "meeting"));
  minute->kind = g_strdup (member (record->data, "kind"));
  minute->text = g_strdup (member (record->data, "text"));
  minute->level_id = g_strdup (member (record->data, "level"));
  minute->element_id = g_strdup (member (record->data, "element"));
  minute->updated_at = record->updated_at;
  minute->updated_by = g_strdup (record->updated_by);
  return minute;
}

/**
 * mnr_store_save_minute:
 * @minute: a note or a decision (#mnr_minute_kinds) of a meeting here, on
 *   one of its agenda items or none (""), a decision perhaps agreeing a
 *   level; one without an id is created and given one
 */
gboolean
mnr_store_save_minute (MnrStore    *self,
                       MnrMinute   *minute,
                       GError     **error)
{
  g_autoptr(MnrMeeting) meeting = NULL;
  g_autoptr(MnrSyncRecord) record = NULL;

  g_return_val_if_fail (MNR_IS_STORE (self), FALSE);
  g_return_val_if_fail (minute != NULL, FALSE);

  if (!(meeting = mnr_store_get_meeting (self, minute->meeting_id, error)))
    return FALSE;
  if (minute->id == NULL)
    minute->id = g_uuid_string_random ();

  record = mnr_sync_record_new ("minute", minute->id);
  record->country = g_strdup (meeting->country);
  json_object_set_string_member (record->data, "meeting", meeting->id);
  json_object_set_string_member (record->data, "kind", minute->kind != NULL ? minute->kind : "note");
  json_object_set_string_member (record->data, "text", text_or_empty (minute->text));
  json_object_set_string_member (record->data, "level", text_or_empty (minute->level_id));
  json_object_set_string_member (record->data, "element", text_or_empty (minute->element_id));

  /* A decision that agrees a level agrees the rating with it, in one
   * transaction: the minutes never say what the grid does not. */
  if (g_strcmp0 (minute->kind, "decision") == 0 && minute->level_id != NULL && minute->level_id[0] != '\0' &&
      minute->element_id != NULL && minute->element_id[0] != '\0')
    {
      g_autofree char *round_id = NULL;

      if (!(round_id = mnr_store_dup_round_for_meeting (self, meeting, error)))
        return FALSE;
      if (!mnr_store_begin_batch (self, error))
        return FALSE;
      if (!mnr_store_save_local_record (self, record, _("saving the minutes"), error) ||
          !mnr_store_agree_rating (self, round_id, minute->element_id, minute->level_id, meeting->id, error))
        {
          mnr_store_end_batch (self, FALSE, NULL);
          return FALSE;
        }
      return mnr_store_end_batch (self, TRUE, error);
    }

  return mnr_store_save_local_record (self, record, _("saving the minutes"), error);
}

/**
 * mnr_store_dup_round_for_meeting:
 *
 * Returns: (transfer full) (nullable): the id of the round a meeting's
 *   decisions agree levels in: the country's latest round on or before
 *   the meeting's date, or its latest round; %NULL, with an error, when
 *   the country has none
 */
char *
mnr_store_dup_round_for_meeting (MnrStore         *self,
                                 const MnrMeeting *meeting,
                                 GError          **error)
{
  g_autoptr(GPtrArray) rounds = NULL;

  g_return_val_if_fail (MNR_IS_STORE (self), NULL);
  g_return_val_if_fail (meeting != NULL, NULL);

  if (!(rounds = mnr_store_list_rounds (self, meeting->country, error)))
    return NULL;
  for (guint i = 0; i < rounds->len; i++)
    {
      MnrRound *round = rounds->pdata[i];

      if (g_strcmp0 (round->date, meeting->date) <= 0)
        return g_strdup (round->id);
    }
  if (rounds->len > 0)
    return g_strdup (((MnrRound *) rounds->pdata[0])->id);

  mnr_store_invalid (error, _("No level can be agreed yet: this country has no assessment round. "
                              "Rate a capability, or start a round, first."));
  return NULL;
}

/**
 * mnr_store_agree_rating:
 * @level_id: (nullable): the level agreed, or %NULL for the one set now
 * @meeting_id: the meeting that agreed it
 *
 * Marks the rating of @element_id in @round_id agreed by @meeting_id. When
 * the meeting agreed another level than the one set, or the element is
 * not rated yet, the rating takes @level_id first (in its history too).
 */
gboolean
mnr_store_agree_rating (MnrStore    *self,
                        const char  *round_id,
                        const char  *element_id,
                        const char  *level_id,
                        const char  *meeting_id,
                        GError     **error)
{
  g_autoptr(MnrRating) rating = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *what = _("agreeing the level");

  g_return_val_if_fail (MNR_IS_STORE (self), FALSE);

  if (!mnr_id_is_uuid (meeting_id))
    return mnr_store_invalid (error, _("“%s” is not a meeting."), meeting_id != NULL ? meeting_id : "");

  rating = mnr_store_get_rating (self, round_id, element_id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (rating == NULL && level_id == NULL)
    return mnr_store_invalid (error, _("There is no level to agree: the capability is not rated in this round."));

  /* One batch: a new level and its agreement are kept together or not at all. */
  if (!mnr_store_begin_batch (self, error))
    return FALSE;

  if (level_id != NULL && (rating == NULL || g_strcmp0 (rating->level_id, level_id) != 0))
    {
      if (!mnr_store_set_rating (self, round_id, element_id, level_id, rating != NULL ? rating->rationale : NULL, error))
        goto fail;
      g_clear_pointer (&rating, mnr_rating_free);
      if (!(rating = mnr_store_get_rating (self, round_id, element_id, error)))
        goto fail;
    }

  if (!mnr_store_begin (self, what, error))
    goto fail;
  if (!mnr_store_remember_base (self, "rating", rating->id, error) ||
      !(stmt = mnr_store_prepare (self->db,
                                  "UPDATE ratings SET review = 'agreed', agreed_in = ?2, updated_at = ?3,"
                                  " updated_by = ?4, local_rev = local_rev + 1 WHERE id = ?1",
                                  what, error)))
    goto rollback;
  mnr_store_bind_text (stmt, 1, rating->id);
  mnr_store_bind_text (stmt, 2, meeting_id);
  sqlite3_bind_int64 (stmt, 3, g_get_real_time ());
  mnr_store_bind_text (stmt, 4, self->author);
  if (!mnr_store_step_done (stmt, self->db, what, error))
    goto rollback;

  mnr_store_note_change (self, "rating", rating->id, FALSE);
  if (!mnr_store_commit (self, what, error))
    goto fail;
  return mnr_store_end_batch (self, TRUE, error);

rollback:
  mnr_store_rollback (self);
fail:
  mnr_store_end_batch (self, FALSE, NULL);
  return FALSE;
}

/**
 * mnr_store_list_minutes:
 *
 * Returns: (transfer full) (element-type MnrMinute): the notes and
 *   decisions of @meeting_id, in the order they were first written
 */
GPtrArray *
mnr_store_list_minutes (MnrStore    *self,
                        const char  *meeting_id,
                        GError     **error)
{
  g_autoptr(GPtrArray) records = NULL;
  GPtrArray *minutes;

  g_return_val_if_fail (MNR_IS_STORE (self), NULL);

  if (!(records = read_records (self, "minute", "t.meeting = ?1 AND p.deleted_at IS NULL", meeting_id,
                                "t.created_at, t.rowid", error)))
    return NULL;

  minutes = g_ptr_array_new_with_free_func ((GDestroyNotify) mnr_minute_free);
  for (guint i = 0; i < records->len; i++)
    g_ptr_array_add (minutes, minute_from_record (records->pdata[i]));
  return minutes;
}

gboolean
mnr_store_remove_minute (MnrStore    *self,
                         const char  *id,
                         GError     **error)
{
  g_return_val_if_fail (MNR_IS_STORE (self), FALSE);

  return remove_record (self, "minute", id, _("deleting the minutes"), error);
}

/* --- action items -------------------------------------------------------- */

static MnrAction *
action_from_record (const MnrSyncRecord *record)
{
  MnrAction *action = g_new0 (MnrAction, 1);

  action->id = g_strdup (record->id);
  action->country = g_strdup (record->country);
  action->description = g_strdup (member (record->data, "description"));
  action->owner = g_strdup (member (record->data, "owner"));
  action->due = g_strdup (member (record->data, "due"));
  action->status = g_strdup (member (record->data, "status"));
  action->element_id = g_strdup (member (record->data, "element"));
  action->meeting_id = g_strdup (member (record->data, "meeting"));
  action->updated_at = record->updated_at;
  action->updated_by = g_strdup (record->updated_by);
  return action;
}

/**
 * mnr_store_save_action:
 * @action: an action item on a capability or enabler of its country:
 *   a description, an owner, a due date ("" for none), a status of
 *   #mnr_action_statuses and the meeting that made it ("" for none); one
 *   without an id is created and given one
 */
gboolean
mnr_store_save_action (MnrStore    *self,
                       MnrAction   *action,
                       GError     **error)
{
  g_autoptr(MnrSyncRecord) record = NULL;

  g_return_val_if_fail (MNR_IS_STORE (self), FALSE);
  g_return_val_if_fail (action != NULL, FALSE);

  if (!mnr_id_is_country_code (action->country))
    return mnr_store_invalid (error, _("An action item needs a country."));
  if (action->id == NULL)
    action->id = g_uuid_string_random ();

  record = mnr_sync_record_new ("action", action->id);
  record->country = g_strdup (action->country);
  json_object_set_string_member (record->data, "description", text_or_empty (action->description));
  json_object_set_string_member (record->data, "owner", text_or_empty (action->owner));
  json_object_set_string_member (record->data, "due", text_or_empty (action->due));
  json_object_set_string_member (record->data, "status", action->status != NULL ? action->status : "open");
  json_object_set_string_member (record->data, "element", text_or_empty (action->element_id));
  json_object_set_string_member (record->data, "meeting", text_or_empty (action->meeting_id));

  return mnr_store_save_local_record (self, record, _("saving the action item"), error);
}

/**
 * mnr_store_list_actions:
 * @element_id: (nullable): only those on this capability or enabler
 *
 * Returns: (transfer full) (element-type MnrAction): @country's action
 *   items, those due first (in due order), then those without a date
 */
GPtrArray *
mnr_store_list_actions (MnrStore    *self,
                        const char  *country,
                        const char  *element_id,
                        GError     **error)
{
  g_autoptr(GPtrArray) records = NULL;
  GPtrArray *actions;

  g_return_val_if_fail (MNR_IS_STORE (self), NULL);

  if (!(records = read_records (self, "action", "t.country = ?1", country,
                                "t.due = '', t.due, t.description COLLATE NOCASE", error)))
    return NULL;

  actions = g_ptr_array_new_with_free_func ((GDestroyNotify) mnr_action_free);
  for (guint i = 0; i < records->len; i++)
    {
      MnrAction *action = action_from_record (records->pdata[i]);

      if (element_id == NULL || g_strcmp0 (action->element_id, element_id) == 0)
        g_ptr_array_add (actions, action);
      else
        mnr_action_free (action);
    }
  return actions;
}

gboolean
mnr_store_remove_action (MnrStore    *self,
                         const char  *id,
                         GError     **error)
{
  g_return_val_if_fail (MNR_IS_STORE (self), FALSE);

  return remove_record (self, "action", id, _("deleting the action item"), error);
}

/**
 * mnr_action_is_overdue:
 * @today: "YYYY-MM-DD"
 *
 * Whether @action is open or in progress past its due date.
 */
gboolean
mnr_action_is_overdue (const MnrAction *action,
                       const char      *today)
{
  g_return_val_if_fail (action != NULL, FALSE);

  return action->due != NULL && action->due[0] != '\0' && g_strcmp0 (action->due, today) < 0 &&
         (g_strcmp0 (action->status, "open") == 0 || g_strcmp0 (action->status, "in-progress") == 0);
}
