/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "mnr-action-filter.h"
#include "mnr-record-type.h"
#include "mnr-store.h"
#include "mnr-sync-client.h"
#include "mnr-test-util.h"

/* Meetings, their notes and decisions, and action items: in a real store
 * in a temporary folder, and between two stores through the real
 * reference server over loopback, where a concurrent edit of one action
 * item becomes a conflict with both versions kept. */

#define WRITER_GH "meetings-writer-gh-5c7e"
#define READER_GH "meetings-reader-gh-a04d"
#define READER_AU "meetings-reader-au-6b19"

static MnrMeeting *
new_meeting (void)
{
  MnrMeeting *meeting = g_new0 (MnrMeeting, 1);

  meeting->country = g_strdup ("GH");
  meeting->title = g_strdup ("  Oversight committee, March  ");
  meeting->date = g_strdup ("2027-03-04");
  meeting->place = g_strdup ("Accra, Ministry of Gender");
  meeting->attendees = g_strdup ("Ama Owusu (chair)\nKwame Mensah (police, cybercrime unit)");
  meeting->apologies = g_strdup ("Efua Asante (education)");
  meeting->agenda_kind = g_strdup ("items");
  meeting->agenda = g_strdupv ((char *[]) { "capability-4", "capability-1", "enabler-leadership", NULL });
  return meeting;
}

static MnrAction *
new_action (const char *meeting_id)
{
  MnrAction *action = g_new0 (MnrAction, 1);

  action->country = g_strdup ("GH");
  action->description = g_strdup ("Staff the regional offices of the unit");
  action->owner = g_strdup ("Kwame Mensah");
  action->due = g_strdup ("2027-06-30");
  action->element_id = g_strdup ("capability-4");
  action->meeting_id = g_strdup (meeting_id);
  return action;
}

static void
test_meetings_in_the_store (void)
{
  g_autofree char *directory = NULL;
  g_autoptr(MnrStore) store = mnr_test_open_temp_store ("mnr-meetings-XXXXXX", &directory);
  g_autoptr(MnrMeeting) meeting = new_meeting ();
  g_autoptr(MnrMeeting) earlier = new_meeting ();
  g_autoptr(MnrMeeting) read = NULL;
  g_autoptr(MnrMinute) decision = g_new0 (MnrMinute, 1);
  g_autoptr(MnrMinute) note = g_new0 (MnrMinute, 1);
  g_autoptr(MnrAction) action = NULL;
  g_autoptr(MnrAction) general = NULL;
  g_autoptr(GPtrArray) meetings = NULL;
  g_autoptr(GPtrArray) minutes = NULL;
  g_autoptr(GPtrArray) actions = NULL;
  g_autoptr(GPtrArray) dirty = NULL;
  g_autoptr(MnrRound) round = NULL;
  g_autoptr(GError) error = NULL;

  mnr_store_set_author (store, "Ama Owusu");
  g_assert_true (mnr_store_save_meeting (store, meeting, &error));
  g_assert_no_error (error);
  g_assert_nonnull (meeting->id);
  g_free (earlier->date);
  earlier->date = g_strdup ("2026-11-20");
  g_assert_true (mnr_store_save_meeting (store, earlier, &error));

  /* Latest first; the agenda keeps its order; the title is trimmed. */
  meetings = mnr_store_list_meetings (store, "GH", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (meetings->len, ==, 2);
  read = mnr_store_get_meeting (store, meeting->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (((MnrMeeting *) meetings->pdata[0])->id, ==, meeting->id);
  g_assert_cmpstr (read->title, ==, "Oversight committee, March");
  g_assert_cmpstr (read->attendees, ==, meeting->attendees);
  g_assert_cmpstr (read->apologies, ==, meeting->apologies);
  g_assert_true (g_strv_equal ((const char * const *) read->agenda, (const char * const *) meeting->agenda));

  /* A decision on an agenda item, agreeing a level; a note on the meeting. */
  g_clear_pointer (&round, mnr_round_free);
  round = mnr_store_create_round (store, "GH", "Review 2027", "2027-01-15", &error);
  g_assert_no_error (error);
  decision->meeting_id = g_strdup (meeting->id);
  decision->kind = g_strdup ("decision");
  decision->text = g_strdup ("Level of capability 4 agreed: Developing");
  decision->level_id = g_strdup ("developing");
  decision->element_id = g_strdup ("capability-4");
  g_assert_true (mnr_store_save_minute (store, decision, &error));
  note->meeting_id = g_strdup (meeting->id);
  note->text = g_strdup ("Opened at 10:00.");
  g_assert_true (mnr_store_save_minute (store, note, &error));
  g_assert_no_error (error);
  minutes = mnr_store_list_minutes (store, meeting->id, &error);
  g_assert_cmpuint (minutes->len, ==, 2);
  g_assert_cmpstr (((MnrMinute *) minutes->pdata[0])->level_id, ==, "developing");
  g_assert_cmpstr (((MnrMinute *) minutes->pdata[1])->kind, ==, "note");
  g_assert_cmpstr (((MnrMinute *) minutes->pdata[1])->element_id, ==, "");

  /* Action items: due ones first; overdue only while open or in progress. */
  action = new_action (meeting->id);
  general = new_action ("");
  g_free (general->due);
  general->due = g_strdup ("");
  g_free (general->description);
  general->description = g_strdup ("Report to the minister");
  g_assert_true (mnr_store_save_action (store, general, &error));
  g_assert_true (mnr_store_save_action (store, action, &error));
  g_assert_no_error (error);
  actions = mnr_store_list_actions (store, "GH", NULL, &error);
  g_assert_cmpuint (actions->len, ==, 2);
  g_assert_cmpstr (((MnrAction *) actions->pdata[0])->id, ==, action->id);
  g_assert_cmpstr (((MnrAction *) actions->pdata[0])->status, ==, "open");
  g_assert_true (mnr_action_is_overdue (actions->pdata[0], "2027-07-01"));
  g_assert_false (mnr_action_is_overdue (actions->pdata[0], "2027-06-30"));
  g_assert_false (mnr_action_is_overdue (actions->pdata[1], "2099-01-01"));
  g_clear_pointer (&actions, g_ptr_array_unref);
  actions = mnr_store_list_actions (store, "GH", "capability-1", &error);
  g_assert_cmpuint (actions->len, ==, 0);

  /* Refused, nothing written: a blank title, a day that is not one, a
   * status that is not one, a minute of no meeting. */
  {
    g_autoptr(MnrMeeting) blank = new_meeting ();
    g_autoptr(MnrAction) wrong = new_action ("");
    g_autoptr(MnrMinute) orphan = g_new0 (MnrMinute, 1);

    g_free (blank->title);
    blank->title = g_strdup ("   ");
    g_assert_false (mnr_store_save_meeting (store, blank, &error));
    g_assert_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_INVALID);
    g_clear_error (&error);
    g_free (blank->title);
    blank->title = g_strdup ("Committee");
    g_free (blank->date);
    blank->date = g_strdup ("2027-02-30");
    g_assert_false (mnr_store_save_meeting (store, blank, &error));
    g_clear_error (&error);
    g_free (wrong->status);
    wrong->status = g_strdup ("later");
    g_assert_false (mnr_store_save_action (store, wrong, &error));
    g_clear_error (&error);
    orphan->meeting_id = g_strdup ("0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f");
    g_assert_false (mnr_store_save_minute (store, orphan, &error));
    g_assert_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }

  /* All of it in the outbox, in push order: the round and the rating the
   * decision agreed, then meetings, minutes, actions. */
  dirty = mnr_test_list_dirty (store);
  g_assert_cmpuint (dirty->len, ==, 8);
  g_assert_cmpstr (((MnrSyncRecord *) dirty->pdata[0])->type, ==, "round");
  g_assert_cmpstr (((MnrSyncRecord *) dirty->pdata[1])->type, ==, "rating");
  g_assert_cmpstr (((MnrSyncRecord *) dirty->pdata[2])->type, ==, "meeting");
  g_assert_cmpstr (((MnrSyncRecord *) dirty->pdata[4])->type, ==, "minute");
  g_assert_cmpstr (((MnrSyncRecord *) dirty->pdata[7])->type, ==, "action");

  /* An edit counts one more local revision; a removal is a tombstone. */
  g_free (action->status);
  action->status = g_strdup ("done");
  g_assert_true (mnr_store_save_action (store, action, &error));
  g_assert_true (mnr_store_remove_meeting (store, earlier->id, &error));
  g_assert_no_error (error);
  g_clear_pointer (&meetings, g_ptr_array_unref);
  meetings = mnr_store_list_meetings (store, "GH", &error);
  g_assert_cmpuint (meetings->len, ==, 1);
  g_assert_false (mnr_store_remove_meeting (store, earlier->id, &error));
  g_assert_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_pointer (&dirty, g_ptr_array_unref);
  dirty = mnr_test_list_dirty (store);
  for (guint i = 0; i < dirty->len; i++)
    {
      MnrSyncRecord *record = dirty->pdata[i];

      if (g_str_equal (record->id, action->id))
        g_assert_cmpint (record->local_rev, ==, 2);
      if (g_str_equal (record->id, earlier->id))
        g_assert_true (record->deleted);
    }

  mnr_test_close_temp_store (&store, &directory);
}

static const char * const meeting_tokens[] = {
  WRITER_GH, "writer GH",
  READER_GH, "reader GH",
  READER_AU, "reader group:african-union",
  NULL
};

typedef MnrTestServer Fixture;

static void
test_meetings_sync (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(MnrStore) a = NULL;
  g_autoptr(MnrStore) b = NULL;
  g_autoptr(MnrStore) reader = NULL;
  g_autoptr(MnrStore) region = NULL;
  g_autoptr(MnrMeeting) meeting = new_meeting ();
  g_autoptr(MnrMinute) decision = g_new0 (MnrMinute, 1);
  g_autoptr(MnrRound) round = NULL;
  g_autoptr(MnrAction) action = NULL;
  g_autoptr(MnrMeeting) copy = NULL;
  g_autoptr(GPtrArray) minutes = NULL;
  g_autoptr(GPtrArray) actions = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GError) error = NULL;
  MnrSyncReport report;

  if (fixture->server == NULL)
    return;

  a = mnr_test_server_open_store (fixture, "Ama Owusu");
  b = mnr_test_server_open_store (fixture, "Kwame Mensah");
  reader = mnr_test_server_open_store (fixture, "reader");
  region = mnr_test_server_open_store (fixture, "region");

  g_assert_true (mnr_store_save_meeting (a, meeting, &error));
  round = mnr_store_create_round (a, "GH", "Review 2027", "2027-01-15", &error);
  g_assert_no_error (error);
  decision->meeting_id = g_strdup (meeting->id);
  decision->kind = g_strdup ("decision");
  decision->text = g_strdup ("Level of capability 4 agreed: Developing");
  decision->level_id = g_strdup ("developing");
  decision->element_id = g_strdup ("capability-4");
  g_assert_true (mnr_store_save_minute (a, decision, &error));
  action = new_action (meeting->id);
  g_assert_true (mnr_store_save_action (a, action, &error));
  g_assert_no_error (error);
  mnr_test_sync_ok (a, fixture->endpoint, WRITER_GH, &report);
  g_assert_cmpuint (report.pushed, ==, 5);
  g_assert_cmpuint (report.rejected, ==, 0);

  /* A second instance sees the meeting, its decision, the level it
   * agreed and its action. */
  mnr_test_sync_ok (b, fixture->endpoint, WRITER_GH, &report);
  g_assert_cmpuint (report.applied, ==, 5);
  {
    g_autoptr(MnrRating) agreed = mnr_store_get_rating (b, round->id, "capability-4", &error);

    g_assert_no_error (error);
    g_assert_cmpstr (agreed->level_id, ==, "developing");
    g_assert_cmpstr (agreed->review, ==, "agreed");
    g_assert_cmpstr (agreed->agreed_in, ==, meeting->id);
  }
  copy = mnr_store_get_meeting (b, meeting->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (copy->attendees, ==, meeting->attendees);
  g_assert_true (g_strv_equal ((const char * const *) copy->agenda, (const char * const *) meeting->agenda));
  minutes = mnr_store_list_minutes (b, meeting->id, &error);
  g_assert_cmpuint (minutes->len, ==, 1);
  g_assert_cmpstr (((MnrMinute *) minutes->pdata[0])->text, ==, decision->text);
  actions = mnr_store_list_actions (b, "GH", "capability-4", &error);
  g_assert_cmpuint (actions->len, ==, 1);
  g_assert_cmpstr (((MnrAction *) actions->pdata[0])->owner, ==, "Kwame Mensah");

  /* Ghana's reader reads them; the African Union's, nothing of them. */
  mnr_test_sync_ok (reader, fixture->endpoint, READER_GH, &report);
  g_assert_cmpuint (report.applied, ==, 5);
  mnr_test_sync_ok (region, fixture->endpoint, READER_AU, &report);
  g_assert_cmpuint (report.pulled, ==, 0);

  /* The same action edited on both: one wins the race, the other keeps
   * both versions for a person, field by field. */
  {
    g_autoptr(MnrAction) on_b = g_steal_pointer ((MnrAction **) &actions->pdata[0]);

    g_free (action->status);
    action->status = g_strdup ("in-progress");
    g_assert_true (mnr_store_save_action (a, action, &error));
    g_free (on_b->status);
    on_b->status = g_strdup ("dropped");
    g_assert_true (mnr_store_save_action (b, on_b, &error));
    g_assert_no_error (error);
  }
  mnr_test_sync_ok (a, fixture->endpoint, WRITER_GH, &report);
  g_assert_cmpuint (report.pushed, ==, 1);
  mnr_test_sync_ok (b, fixture->endpoint, WRITER_GH, &report);
  g_assert_cmpuint (report.conflicts, ==, 1);
  conflicts = mnr_store_list_conflicts (b, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  {
    MnrSyncConflict *conflict = conflicts->pdata[0];

    g_assert_cmpstr (conflict->type, ==, "action");
    g_assert_cmpstr (json_object_get_string_member (conflict->local->data, "status"), ==, "dropped");
    g_assert_cmpstr (json_object_get_string_member (conflict->remote->data, "status"), ==, "in-progress");
  }
}

static const char *
review_of (MnrStore   *store,
           const char *round_id,
           const char *element_id,
           char      **agreed_in)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MnrRating) rating = mnr_store_get_rating (store, round_id, element_id, &error);
  static char review[16];

  g_assert_no_error (error);
  g_assert_nonnull (rating);
  g_strlcpy (review, rating->review, sizeof review);
  if (agreed_in != NULL)
    *agreed_in = g_strdup (rating->agreed_in);
  return review;
}

/* A level set by a focal point is proposed; a meeting's decision agrees
 * it (or the level the meeting chose instead), in the round the meeting
 * reviewed; a later change of level makes it proposed again, a change of
 * rationale alone does not; a new round starts proposed; the review goes
 * out with the rating, and a record of an older version, without it, is
 * proposed. */
static void
test_meetings_review (void)
{
  g_autofree char *directory = NULL;
  g_autoptr(MnrStore) store = mnr_test_open_temp_store ("mnr-review-XXXXXX", &directory);
  g_autoptr(MnrMeeting) meeting = new_meeting ();
  g_autoptr(MnrMinute) decision = g_new0 (MnrMinute, 1);
  g_autoptr(MnrMinute) other = g_new0 (MnrMinute, 1);
  g_autoptr(MnrRound) old = NULL;
  g_autoptr(MnrRound) round = NULL;
  g_autoptr(MnrRound) next = NULL;
  g_autoptr(MnrRating) rating = NULL;
  g_autoptr(GPtrArray) dirty = NULL;
  g_autoptr(GPtrArray) minutes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *agreed_in = NULL;
  gboolean found = FALSE;

  g_assert_true (mnr_store_save_meeting (store, meeting, &error));
  decision->meeting_id = g_strdup (meeting->id);
  decision->kind = g_strdup ("decision");
  decision->text = g_strdup ("Level of capability 4 agreed: Developing");
  decision->level_id = g_strdup ("developing");
  decision->element_id = g_strdup ("capability-4");

  /* No round yet: refused, and the decision is not written either. */
  g_assert_false (mnr_store_save_minute (store, decision, &error));
  g_assert_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_INVALID);
  g_clear_error (&error);
  minutes = mnr_store_list_minutes (store, meeting->id, NULL);
  g_assert_cmpuint (minutes->len, ==, 0);
  g_clear_pointer (&minutes, g_ptr_array_unref);
  g_clear_pointer (&decision->id, g_free);

  /* The meeting (2027-03-04) reviews the round before it, not a later one. */
  old = mnr_store_create_round (store, "GH", "Baseline 2016", "2016-06-01", &error);
  round = mnr_store_create_round (store, "GH", "Review 2027", "2027-01-15", &error);
  next = mnr_store_create_round (store, "GH", "Review 2028", "2028-01-15", &error);
  g_assert_no_error (error);
  g_assert_true (mnr_store_set_rating (store, round->id, "capability-4", "building", "Two trained officers", &error));
  g_assert_true (mnr_store_set_rating (store, round->id, "capability-1", "established", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (review_of (store, round->id, "capability-4", NULL), ==, "proposed");

  /* The meeting agreed another level than the one proposed. */
  g_assert_true (mnr_store_save_minute (store, decision, &error));
  g_assert_no_error (error);
  rating = mnr_store_get_rating (store, round->id, "capability-4", &error);
  g_assert_cmpstr (rating->level_id, ==, "developing");
  g_assert_cmpstr (rating->rationale, ==, "Two trained officers");
  g_assert_cmpstr (rating->review, ==, "agreed");
  g_assert_cmpstr (rating->agreed_in, ==, meeting->id);
  g_assert_null (mnr_store_get_rating (store, next->id, "capability-4", NULL));
  g_assert_null (mnr_store_get_rating (store, old->id, "capability-4", NULL));

  /* The level set now, agreed as it is. */
  other->meeting_id = g_strdup (meeting->id);
  other->kind = g_strdup ("decision");
  other->text = g_strdup ("Leadership confirmed");
  other->element_id = g_strdup ("capability-1");
  other->level_id = g_strdup ("established");
  g_assert_true (mnr_store_save_minute (store, other, &error));
  g_assert_cmpstr (review_of (store, round->id, "capability-1", NULL), ==, "agreed");

  /* A new rationale keeps the agreement; a new level undoes it. */
  g_assert_true (mnr_store_set_rating (store, round->id, "capability-4", "developing", "Three officers now", &error));
  g_assert_cmpstr (review_of (store, round->id, "capability-4", &agreed_in), ==, "agreed");
  g_assert_cmpstr (agreed_in, ==, meeting->id);
  g_clear_pointer (&agreed_in, g_free);
  g_assert_true (mnr_store_set_rating (store, round->id, "capability-4", "established", NULL, &error));
  g_assert_cmpstr (review_of (store, round->id, "capability-4", &agreed_in), ==, "proposed");
  g_assert_cmpstr (agreed_in, ==, "");

  /* Refused: a meeting id that is not one, nothing rated and no level. */
  g_assert_false (mnr_store_agree_rating (store, round->id, "capability-4", NULL, "not-a-meeting", &error));
  g_assert_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (mnr_store_agree_rating (store, round->id, "capability-9", NULL, meeting->id, &error));
  g_assert_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpstr (review_of (store, round->id, "capability-4", NULL), ==, "proposed");

  /* The review goes out with the rating. */
  dirty = mnr_test_list_dirty (store);
  for (guint i = 0; i < dirty->len; i++)
    {
      MnrSyncRecord *record = dirty->pdata[i];

      if (g_strcmp0 (record->type, "rating") != 0 ||
          g_strcmp0 (json_object_get_string_member (record->data, "element"), "capability-1") != 0)
        continue;
      g_assert_cmpstr (json_object_get_string_member (record->data, "review"), ==, "agreed");
      g_assert_cmpstr (json_object_get_string_member (record->data, "agreed_in"), ==, meeting->id);
      found = TRUE;
    }
  g_assert_true (found);

  /* A rating of a version without review: valid, and proposed. */
  {
    g_autoptr(JsonNode) node = json_from_string ("{\"level\": \"mature\", \"rationale\": \"\","
                                                 " \"element\": \"capability-2\", \"round\": \"x\"}", NULL);
    const MnrRecordType *type = mnr_record_type_lookup ("rating");
    const MnrRecordField *review = mnr_record_type_get_field (type, "review");

    json_object_set_string_member (json_node_get_object (node), "round", round->id);
    g_assert_true (mnr_record_type_validate (type, json_node_get_object (node), NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (mnr_record_field_get_default (review), ==, "proposed");
    json_object_set_string_member (json_node_get_object (node), "review", "approved");
    g_assert_false (mnr_record_type_validate (type, json_node_get_object (node), NULL, &error));
    g_assert_nonnull (error);
    g_clear_error (&error);
  }
}

static MnrAction *
filter_action (const char *description,
               const char *owner,
               const char *due,
               const char *status,
               const char *element_id)
{
  MnrAction *action = g_new0 (MnrAction, 1);

  action->description = g_strdup (description);
  action->owner = g_strdup (owner);
  action->due = g_strdup (due);
  action->status = g_strdup (status);
  action->element_id = g_strdup (element_id);
  return action;
}

static char *
shown_as_text (GPtrArray             *actions,
               const MnrActionFilter *filter)
{
  g_autoptr(GPtrArray) shown = mnr_action_filter_apply (actions, filter);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < shown->len; i++)
    g_string_append_printf (text, "%s%s", i > 0 ? " " : "", ((MnrAction *) shown->pdata[i])->description);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The Actions list's filters (status, owner, due date) and orders. */
static void
test_action_filter (void)
{
  g_autoptr(GPtrArray) actions = g_ptr_array_new_with_free_func ((GDestroyNotify) mnr_action_free);
  g_autoptr(GHashTable) rank = g_hash_table_new (g_str_hash, g_str_equal);
  MnrActionFilter filter = { .today = "2027-03-04" };
  struct { MnrActionShow show; MnrActionDue due; MnrActionSort sort; const char *owner; const char *expected; } cases[] = {
    { MNR_ACTION_SHOW_PENDING, MNR_ACTION_DUE_ANY, MNR_ACTION_SORT_DUE, NULL, "late soon later undated" },
    { MNR_ACTION_SHOW_OVERDUE, MNR_ACTION_DUE_ANY, MNR_ACTION_SORT_DUE, NULL, "late" },
    { MNR_ACTION_SHOW_ALL, MNR_ACTION_DUE_ANY, MNR_ACTION_SORT_DUE, NULL, "finished late soon dropped later undated" },
    { MNR_ACTION_SHOW_DONE, MNR_ACTION_DUE_ANY, MNR_ACTION_SORT_DUE, NULL, "finished" },
    { MNR_ACTION_SHOW_DROPPED, MNR_ACTION_DUE_ANY, MNR_ACTION_SORT_DUE, NULL, "dropped" },
    { MNR_ACTION_SHOW_IN_PROGRESS, MNR_ACTION_DUE_ANY, MNR_ACTION_SORT_DUE, NULL, "soon" },
    { MNR_ACTION_SHOW_ALL, MNR_ACTION_DUE_WITHIN_30_DAYS, MNR_ACTION_SORT_DUE, NULL, "soon" },
    { MNR_ACTION_SHOW_ALL, MNR_ACTION_DUE_PAST, MNR_ACTION_SORT_DUE, NULL, "finished late" },
    { MNR_ACTION_SHOW_ALL, MNR_ACTION_DUE_NONE, MNR_ACTION_SORT_DUE, NULL, "undated" },
    { MNR_ACTION_SHOW_ALL, MNR_ACTION_DUE_ANY, MNR_ACTION_SORT_DUE, "  kwame ", "finished soon" },
    { MNR_ACTION_SHOW_ALL, MNR_ACTION_DUE_ANY, MNR_ACTION_SORT_DUE, "ÉFUA", "later" },
    { MNR_ACTION_SHOW_ALL, MNR_ACTION_DUE_ANY, MNR_ACTION_SORT_OWNER, NULL, "late dropped finished soon later undated" },  /* C locale: É after K */
    { MNR_ACTION_SHOW_ALL, MNR_ACTION_DUE_ANY, MNR_ACTION_SORT_STATUS, NULL, "late later undated soon finished dropped" },
    { MNR_ACTION_SHOW_ALL, MNR_ACTION_DUE_ANY, MNR_ACTION_SORT_ELEMENT, NULL, "late soon dropped undated finished later" },
  };

  g_ptr_array_add (actions, filter_action ("later", "Éfua Asante", "2027-09-01", "open", "enabler-leadership"));
  g_ptr_array_add (actions, filter_action ("late", "Ama Owusu", "2027-01-31", "open", "capability-1"));
  g_ptr_array_add (actions, filter_action ("soon", "Kwame Mensah", "2027-03-20", "in-progress", "capability-4"));
  g_ptr_array_add (actions, filter_action ("finished", "Kwame Mensah", "2027-01-01", "done", "capability-12"));
  g_ptr_array_add (actions, filter_action ("undated", "", "", "open", "capability-4"));
  g_ptr_array_add (actions, filter_action ("dropped", "Ama Owusu", "2027-06-01", "dropped", "capability-4"));
  /* The framework's order: capabilities 1 to 21, then the enablers. */
  g_hash_table_insert (rank, (gpointer) "capability-1", GUINT_TO_POINTER (1));
  g_hash_table_insert (rank, (gpointer) "capability-4", GUINT_TO_POINTER (4));
  g_hash_table_insert (rank, (gpointer) "capability-12", GUINT_TO_POINTER (12));
  g_hash_table_insert (rank, (gpointer) "enabler-leadership", GUINT_TO_POINTER (22));
  filter.element_rank = rank;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *shown = NULL;

      filter.show = cases[i].show;
      filter.due = cases[i].due;
      filter.sort = cases[i].sort;
      filter.owner = cases[i].owner;
      shown = shown_as_text (actions, &filter);
      g_test_message ("case %u: %s", i, shown);
      g_assert_cmpstr (shown, ==, cases[i].expected);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/meetings/store", test_meetings_in_the_store);
  g_test_add_func ("/meetings/review", test_meetings_review);
  g_test_add_func ("/meetings/action-filter", test_action_filter);
  g_test_add ("/meetings/sync", Fixture, meeting_tokens, mnr_test_server_set_up, test_meetings_sync,
              mnr_test_server_tear_down);

  return g_test_run ();
}
