/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "mnr-conflicts-dialog-private.h"
#include "mnr-sync-indicator.h"
#include "mnr-window.h"
#include "mnr-test-util.h"
#include "mnr-widget-test-util.h"

/* The Conflicts window over a real store in a temporary folder, with real
 * conflicts made through the store's sync API: a record made here and
 * pushed, changed here again, then a newer server version applied. Run
 * under Xvfb (build-aux/run-tests.sh). */

#define AUTHOR_HERE "Ana Reyes (focal point)"
#define AUTHOR_THERE "Maria Santos (DOJ-OOC)"

static MnrFramework *framework;
static MnrCountryCatalog *catalog;

typedef struct
{
  char      *directory;
  MnrStore  *store;
  MnrRound  *round;
  GtkWindow *window;
  guint      n_resolved;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->store = mnr_test_open_temp_store ("mnr-conflicts-XXXXXX", &fixture->directory);
  mnr_store_set_author (fixture->store, AUTHOR_HERE);

  fixture->round = mnr_store_create_round (fixture->store, "PH", "Review 2018", "2018-06-30", &error);
  g_assert_no_error (error);

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_present (fixture->window);
  mnr_test_iterate ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  gtk_window_destroy (fixture->window);
  mnr_test_iterate ();

  g_clear_pointer (&fixture->round, mnr_round_free);
  mnr_test_close_temp_store (&fixture->store, &fixture->directory);
}

/* ------------------------------------------------------------------ */
/* Making conflicts through the store, as a sync does */

/* The server's next version of @base, by someone else. */
static MnrSyncRecord *
server_version (const MnrSyncRecord *base)
{
  MnrSyncRecord *remote = mnr_sync_record_copy (base);

  remote->server_rev = base->server_rev + 1;
  remote->local_rev = 0;
  g_free (remote->updated_by);
  remote->updated_by = g_strdup (AUTHOR_THERE);
  remote->updated_at = g_get_real_time () - 2 * G_TIME_SPAN_HOUR;
  return remote;
}

static void
apply_conflict (Fixture             *fixture,
                const MnrSyncRecord *remote)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (mnr_store_apply_remote (fixture->store, remote, &error), ==, MNR_APPLY_CONFLICT);
  g_assert_no_error (error);
}

static char *
rating_id (Fixture *fixture)
{
  return mnr_store_rating_id ("PH", fixture->round->id, "capability-4");
}

/* Capability 4 rated "building" and pushed; then "developing" here and
 * "established" on the server, each with a new rationale: both fields
 * changed on both sides. */
static char *
make_rating_conflict (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MnrSyncRecord) base = NULL;
  g_autoptr(MnrSyncRecord) remote = NULL;
  char *id = rating_id (fixture);

  g_assert_true (mnr_store_set_rating (fixture->store, fixture->round->id, "capability-4", "building",
                                       "A unit is planned.", &error));
  g_assert_no_error (error);
  base = mnr_test_find_dirty (fixture->store, "rating", id);
  g_assert_nonnull (base);
  mnr_test_push_all (fixture->store);
  base->server_rev = 1;

  g_assert_true (mnr_store_set_rating (fixture->store, fixture->round->id, "capability-4", "developing",
                                       "A unit exists in Manila.", &error));
  g_assert_no_error (error);

  remote = server_version (base);
  json_object_set_string_member (remote->data, "level", "established");
  json_object_set_string_member (remote->data, "rationale", "Regional offices are staffed too.");
  apply_conflict (fixture, remote);

  return id;
}

static MnrEvidence *
save_evidence (Fixture    *fixture,
               const char *title)
{
  g_autoptr(GError) error = NULL;
  MnrEvidence *evidence = mnr_evidence_new ("PH");

  mnr_evidence_set_title (evidence, title);
  mnr_evidence_set_kind (evidence, "policy");
  mnr_evidence_set_date (evidence, "2016-05-01");
  mnr_evidence_set_source (evidence, "Council for the Welfare of Children");
  mnr_evidence_set_summary (evidence, "The first plan.");
  mnr_evidence_set_elements (evidence, (const char *[]) { "capability-1", NULL });
  g_assert_true (mnr_store_save_evidence (fixture->store, evidence, &error));
  g_assert_no_error (error);
  return evidence;
}

/* An item of evidence pushed, then: the title changed on both sides, the
 * source here only, the summary and the capabilities on the server only. */
static char *
make_evidence_conflict (Fixture *fixture)
{
  g_autoptr(MnrEvidence) evidence = save_evidence (fixture, "National Plan of Action");
  g_autoptr(MnrSyncRecord) base = NULL;
  g_autoptr(MnrSyncRecord) remote = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) elements = json_array_new ();
  const char *id = mnr_evidence_get_id (evidence);

  base = mnr_test_find_dirty (fixture->store, "evidence", id);
  mnr_test_push_all (fixture->store);
  base->server_rev = 1;

  mnr_evidence_set_title (evidence, "National Plan of Action 2017–2022");
  mnr_evidence_set_source (evidence, "Official Gazette, 2017");
  g_assert_true (mnr_store_save_evidence (fixture->store, evidence, &error));
  g_assert_no_error (error);

  remote = server_version (base);
  json_object_set_string_member (remote->data, "title", "National Plan of Action against OSAEC");
  json_object_set_string_member (remote->data, "summary", "Adopted by the Council in 2017.");
  json_array_add_string_element (elements, "capability-1");
  json_array_add_string_element (elements, "capability-4");
  json_object_set_array_member (remote->data, "elements", json_array_ref (elements));
  apply_conflict (fixture, remote);

  return g_strdup (id);
}

/* Edited here, deleted on the server (@deleted_there), or deleted here
 * and edited on the server. */
static char *
make_deletion_conflict (Fixture    *fixture,
                        const char *title,
                        gboolean    deleted_there)
{
  g_autoptr(MnrEvidence) evidence = save_evidence (fixture, title);
  g_autoptr(MnrSyncRecord) base = NULL;
  g_autoptr(MnrSyncRecord) remote = NULL;
  g_autoptr(GError) error = NULL;
  const char *id = mnr_evidence_get_id (evidence);

  base = mnr_test_find_dirty (fixture->store, "evidence", id);
  mnr_test_push_all (fixture->store);
  base->server_rev = 1;

  remote = server_version (base);
  if (deleted_there)
    {
      g_autofree char *edited = g_strconcat (title, " (edited here)", NULL);

      mnr_evidence_set_title (evidence, edited);
      g_assert_true (mnr_store_save_evidence (fixture->store, evidence, &error));
      remote->deleted = TRUE;
      json_object_unref (remote->data);
      remote->data = json_object_new ();
    }
  else
    {
      g_autofree char *edited = g_strconcat (title, " (edited there)", NULL);

      g_assert_true (mnr_store_remove_evidence (fixture->store, id, &error));
      json_object_set_string_member (remote->data, "title", edited);
    }
  g_assert_no_error (error);
  apply_conflict (fixture, remote);

  return g_strdup (id);
}

static guint
count_conflicts (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conflicts = mnr_store_list_conflicts (fixture->store, &error);

  g_assert_no_error (error);
  return conflicts->len;
}

static gboolean
evidence_is_listed (Fixture    *fixture,
                    const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) listed = mnr_store_list_evidence (fixture->store, "PH", NULL, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (listed); i++)
    {
      g_autoptr(MnrEvidence) evidence = g_list_model_get_item (listed, i);

      if (g_str_equal (mnr_evidence_get_id (evidence), id))
        return TRUE;
    }

  return FALSE;
}

/* ------------------------------------------------------------------ */
/* The dialog */

static void
count_resolved (MnrConflictsDialog *dialog,
                const char         *type,
                const char         *id,
                Fixture            *fixture)
{
  fixture->n_resolved++;
}

static MnrConflictsDialog *
open_dialog (Fixture *fixture)
{
  MnrConflictsDialog *dialog;

  dialog = MNR_CONFLICTS_DIALOG (mnr_conflicts_dialog_new (fixture->window, fixture->store, framework, catalog));
  g_object_ref (dialog);
  g_signal_connect (dialog, "resolved", G_CALLBACK (count_resolved), fixture);
  gtk_window_present (GTK_WINDOW (dialog));
  mnr_test_iterate ();
  return dialog;
}

static void
close_dialog (MnrConflictsDialog *dialog)
{
  gtk_window_destroy (GTK_WINDOW (dialog));
  mnr_test_iterate ();
  g_assert_finalize_object (dialog);
}

static const char *
label_text (GtkWidget *widget)
{
  g_assert_true (GTK_IS_LABEL (widget));
  return gtk_label_get_label (GTK_LABEL (widget));
}

static const char *
part_text (MnrConflictsDialog *dialog,
           const char         *member,
           MnrConflictPart     part)
{
  GtkWidget *widget = mnr_conflicts_dialog_get_field_part (dialog, member, part);

  g_assert_nonnull (widget);
  return label_text (widget);
}

static gboolean
status_shown (MnrConflictsDialog *dialog,
              const char         *member)
{
  return gtk_widget_get_visible (mnr_conflicts_dialog_get_field_part (dialog, member, MNR_CONFLICT_PART_STATUS));
}

static void
note_clicked (GtkButton *button,
              gboolean  *clicked)
{
  *clicked = TRUE;
}

/* Activates @button as the keyboard does (Space or Enter), which clicks
 * it a moment later, once it was drawn pressed. */
static void
click (GtkWidget *button)
{
  gboolean clicked = FALSE;
  gulong handler = g_signal_connect (button, "clicked", G_CALLBACK (note_clicked), &clicked);

  g_assert_true (gtk_widget_activate (button));
  while (!clicked)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (button, handler);
  mnr_test_iterate ();
}

/* Presses the button of @action as a person would, and says whether it
 * could be pressed at all. */
static gboolean
press (MnrConflictsDialog *dialog,
       const char         *action)
{
  GtkWidget *button = mnr_conflicts_dialog_get_button (dialog, action);

  if (!gtk_widget_get_visible (button) || !gtk_widget_is_sensitive (button))
    return FALSE;

  click (button);
  return TRUE;
}

static void
set_merged_text (MnrConflictsDialog *dialog,
                 const char         *member,
                 const char         *text)
{
  GtkWidget *view = mnr_conflicts_dialog_get_field_part (dialog, member, MNR_CONFLICT_PART_MERGED);

  g_assert_true (GTK_IS_TEXT_VIEW (view));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), text, -1);
  mnr_test_iterate ();
}

static char *
expected_rating_name (void)
{
  MnrElement *capability = mnr_framework_get_capability (framework, 4);

  return g_strdup_printf ("Rating of Capability 4 — %s, Review 2018", mnr_element_get_title (capability));
}

static const char *
level_name (const char *id)
{
  MnrLevel *level = mnr_framework_lookup_level (framework, id);

  g_assert_nonnull (level);
  return mnr_level_get_name (level);
}

/* ------------------------------------------------------------------ */

static void
test_empty (Fixture       *fixture,
            gconstpointer  user_data)
{
  MnrConflictsDialog *dialog = open_dialog (fixture);

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Conflicts");
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == fixture->window);
  g_assert_cmpuint (mnr_conflicts_dialog_get_n_conflicts (dialog), ==, 0);
  g_assert_cmpstr (mnr_conflicts_dialog_get_page (dialog), ==, "empty");
  g_assert_false (press (dialog, "keep-mine"));

  /* Escape closes it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL));
  mnr_test_iterate ();
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  close_dialog (dialog);
}

static void
test_rating_fields (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autofree char *id = make_rating_conflict (fixture);
  g_autofree char *name = expected_rating_name ();
  g_auto(GStrv) fields = NULL;
  MnrConflictsDialog *dialog = open_dialog (fixture);
  GtkListBoxRow *row;

  g_assert_nonnull (id);
  g_assert_cmpuint (mnr_conflicts_dialog_get_n_conflicts (dialog), ==, 1);
  g_assert_cmpstr (mnr_conflicts_dialog_get_page (dialog), ==, "conflicts");

  /* Named in words, in the list and as the heading. */
  row = gtk_list_box_get_row_at_index (mnr_conflicts_dialog_get_list (dialog), 0);
  g_assert_true (ADW_IS_ACTION_ROW (row));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, name);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "Philippines · 2 fields to choose");
  g_assert_true (gtk_list_box_get_selected_row (mnr_conflicts_dialog_get_list (dialog)) == row);
  g_assert_cmpstr (gtk_label_get_label (mnr_conflicts_dialog_get_heading (dialog)), ==, name);

  /* Two columns, each with who changed it. */
  g_assert_cmpstr (gtk_label_get_label (mnr_conflicts_dialog_get_column_title (dialog, TRUE)), ==, "Yours");
  g_assert_cmpstr (gtk_label_get_label (mnr_conflicts_dialog_get_column_title (dialog, FALSE)), ==, "On the server");

  /* The level and the rationale, in words, both needing a choice. */
  fields = mnr_conflicts_dialog_list_fields (dialog);
  g_assert_cmpstrv (fields, ((const char *[]) { "level", "rationale", NULL }));
  g_assert_cmpstr (part_text (dialog, "level", MNR_CONFLICT_PART_NAME), ==, "Level");
  g_assert_cmpstr (part_text (dialog, "level", MNR_CONFLICT_PART_MINE), ==, level_name ("developing"));
  g_assert_cmpstr (part_text (dialog, "level", MNR_CONFLICT_PART_THEIRS), ==, level_name ("established"));
  g_assert_cmpstr (part_text (dialog, "level", MNR_CONFLICT_PART_MINE), !=, "developing");
  g_assert_true (mnr_conflicts_dialog_field_needs_choice (dialog, "level"));
  g_assert_cmpstr (part_text (dialog, "level", MNR_CONFLICT_PART_STATUS), ==, "Changed on both sides — choose one");
  g_assert_nonnull (mnr_conflicts_dialog_get_field_part (dialog, "level", MNR_CONFLICT_PART_USE_MINE));
  g_assert_nonnull (mnr_conflicts_dialog_get_field_part (dialog, "level", MNR_CONFLICT_PART_USE_THEIRS));
  /* A level is chosen, not typed. */
  g_assert_null (mnr_conflicts_dialog_get_field_part (dialog, "level", MNR_CONFLICT_PART_MERGED));

  g_assert_cmpstr (part_text (dialog, "rationale", MNR_CONFLICT_PART_NAME), ==, "Rationale");
  g_assert_cmpstr (part_text (dialog, "rationale", MNR_CONFLICT_PART_MINE), ==, "A unit exists in Manila.");
  g_assert_cmpstr (part_text (dialog, "rationale", MNR_CONFLICT_PART_THEIRS), ==, "Regional offices are staffed too.");
  g_assert_true (mnr_conflicts_dialog_field_needs_choice (dialog, "rationale"));
  g_assert_nonnull (mnr_conflicts_dialog_get_field_part (dialog, "rationale", MNR_CONFLICT_PART_MERGED));

  /* Nothing chosen yet: no merged version to save; the whole of one
   * side can be. */
  g_assert_false (gtk_widget_is_sensitive (mnr_conflicts_dialog_get_button (dialog, "save-merged")));
  g_assert_true (gtk_widget_is_sensitive (mnr_conflicts_dialog_get_button (dialog, "keep-mine")));
  g_assert_true (gtk_widget_is_sensitive (mnr_conflicts_dialog_get_button (dialog, "take-theirs")));
  g_assert_false (gtk_widget_get_visible (mnr_conflicts_dialog_get_button (dialog, "accept-deletion")));
  g_assert_false (gtk_widget_get_visible (mnr_conflicts_dialog_get_button (dialog, "keep-edited")));

  close_dialog (dialog);
  g_assert_cmpuint (fixture->n_resolved, ==, 0);
  g_assert_cmpuint (count_conflicts (fixture), ==, 1);
}

static void
test_evidence_fields (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autofree char *id = make_evidence_conflict (fixture);
  g_auto(GStrv) fields = NULL;
  MnrConflictsDialog *dialog = open_dialog (fixture);
  g_autofree char *who = NULL;

  g_assert_true (mnr_conflicts_dialog_select (dialog, "evidence", id));
  g_assert_cmpstr (gtk_label_get_label (mnr_conflicts_dialog_get_heading (dialog)), ==,
                   "Evidence “National Plan of Action 2017–2022”");

  fields = mnr_conflicts_dialog_list_fields (dialog);
  g_assert_cmpstrv (fields, ((const char *[]) { "title", "kind", "date", "source", "summary", "restricted",
                                                "elements", NULL }));

  /* The title: changed on both sides, chosen or typed. */
  g_assert_true (mnr_conflicts_dialog_field_needs_choice (dialog, "title"));
  g_assert_cmpstr (part_text (dialog, "title", MNR_CONFLICT_PART_MINE), ==, "National Plan of Action 2017–2022");
  g_assert_cmpstr (part_text (dialog, "title", MNR_CONFLICT_PART_THEIRS), ==, "National Plan of Action against OSAEC");
  g_assert_nonnull (mnr_conflicts_dialog_get_field_part (dialog, "title", MNR_CONFLICT_PART_MERGED));

  /* One side only: merged without asking, and said so. */
  g_assert_false (mnr_conflicts_dialog_field_needs_choice (dialog, "source"));
  g_assert_cmpstr (part_text (dialog, "source", MNR_CONFLICT_PART_STATUS), ==, "Only changed by you — kept");
  g_assert_null (mnr_conflicts_dialog_get_field_part (dialog, "source", MNR_CONFLICT_PART_USE_MINE));
  g_assert_false (mnr_conflicts_dialog_field_needs_choice (dialog, "summary"));
  g_assert_cmpstr (part_text (dialog, "summary", MNR_CONFLICT_PART_STATUS), ==, "Only changed on the server — taken");
  g_assert_cmpstr (part_text (dialog, "summary", MNR_CONFLICT_PART_THEIRS), ==, "Adopted by the Council in 2017.");
  g_assert_null (mnr_conflicts_dialog_get_field_part (dialog, "summary", MNR_CONFLICT_PART_MERGED));
  g_assert_cmpstr (part_text (dialog, "elements", MNR_CONFLICT_PART_STATUS), ==, "Only changed on the server — taken");

  /* Unchanged: no status. Values in words. */
  g_assert_false (status_shown (dialog, "kind"));
  g_assert_true (status_shown (dialog, "summary"));
  g_assert_cmpstr (part_text (dialog, "kind", MNR_CONFLICT_PART_MINE), ==, "Policy or strategy");
  g_assert_cmpstr (part_text (dialog, "restricted", MNR_CONFLICT_PART_MINE), ==, "Public");
  g_assert_cmpstr (part_text (dialog, "restricted", MNR_CONFLICT_PART_NAME), ==, "Sensitivity");
  g_assert_true (g_str_has_prefix (part_text (dialog, "elements", MNR_CONFLICT_PART_MINE), "Capability 1 — "));
  g_assert_null (strchr (part_text (dialog, "elements", MNR_CONFLICT_PART_MINE), '\n'));
  g_assert_nonnull (strstr (part_text (dialog, "elements", MNR_CONFLICT_PART_THEIRS), "\nCapability 4 — "));

  /* Who changed the server's version. */
  g_assert_true (g_str_has_prefix (gtk_label_get_label (mnr_conflicts_dialog_get_explanation (dialog)),
                                   "This record was changed here and on the server"));
  who = g_strdup_printf ("Changed by %s on ", AUTHOR_THERE);
  {
    GtkWidget *heading = GTK_WIDGET (mnr_conflicts_dialog_get_column_title (dialog, FALSE));
    GtkWidget *details = gtk_widget_get_next_sibling (heading);

    g_assert_true (g_str_has_prefix (label_text (details), who));
    g_assert_true (g_str_has_suffix (label_text (details), "(2 hours ago)"));
  }

  close_dialog (dialog);
}

static void
test_keep_mine (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autofree char *id = make_rating_conflict (fixture);
  g_autoptr(MnrSyncRecord) pushed = NULL;
  g_autoptr(MnrRating) rating = NULL;
  g_autoptr(GError) error = NULL;
  MnrConflictsDialog *dialog = open_dialog (fixture);

  g_assert_null (mnr_test_find_dirty (fixture->store, "rating", id));  /* held back while in conflict */
  g_assert_true (press (dialog, "keep-mine"));

  /* Ours, to be pushed over the server's rev 2. */
  pushed = mnr_test_find_dirty (fixture->store, "rating", id);
  g_assert_nonnull (pushed);
  g_assert_cmpstr (json_object_get_string_member (pushed->data, "level"), ==, "developing");
  g_assert_cmpstr (json_object_get_string_member (pushed->data, "rationale"), ==, "A unit exists in Manila.");
  g_assert_cmpint (pushed->server_rev, ==, 2);
  rating = mnr_store_get_rating (fixture->store, fixture->round->id, "capability-4", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rating->level_id, ==, "developing");

  g_assert_cmpuint (fixture->n_resolved, ==, 1);
  g_assert_cmpuint (count_conflicts (fixture), ==, 0);
  g_assert_cmpuint (mnr_conflicts_dialog_get_n_conflicts (dialog), ==, 0);
  g_assert_cmpstr (mnr_conflicts_dialog_get_page (dialog), ==, "empty");
  g_assert_nonnull (mnr_conflicts_dialog_get_toast (dialog));

  close_dialog (dialog);
}

/* An action item of a meeting, pushed; then done here, dropped on the
 * server, and given another owner there: the status is the people's to
 * choose, side by side and in words; the owner is taken. */
static void
test_action_fields (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(MnrAction) action = g_new0 (MnrAction, 1);
  g_autoptr(MnrSyncRecord) base = NULL;
  g_autoptr(MnrSyncRecord) remote = NULL;
  g_autoptr(GPtrArray) actions = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) fields = NULL;
  MnrConflictsDialog *dialog;

  action->country = g_strdup ("PH");
  action->description = g_strdup ("Staff the regional offices");
  action->owner = g_strdup ("Maria Santos");
  action->due = g_strdup ("2019-06-30");
  action->status = g_strdup ("open");
  action->element_id = g_strdup ("capability-4");
  g_assert_true (mnr_store_save_action (fixture->store, action, &error));
  g_assert_no_error (error);
  base = mnr_test_find_dirty (fixture->store, "action", action->id);
  mnr_test_push_all (fixture->store);
  base->server_rev = 1;

  g_free (action->status);
  action->status = g_strdup ("done");
  g_assert_true (mnr_store_save_action (fixture->store, action, &error));
  remote = server_version (base);
  json_object_set_string_member (remote->data, "status", "dropped");
  json_object_set_string_member (remote->data, "owner", "Jose Reyes");
  apply_conflict (fixture, remote);

  dialog = open_dialog (fixture);
  g_assert_true (mnr_conflicts_dialog_select (dialog, "action", action->id));
  g_assert_nonnull (strstr (gtk_label_get_label (mnr_conflicts_dialog_get_heading (dialog)),
                            "Staff the regional offices"));
  fields = mnr_conflicts_dialog_list_fields (dialog);
  g_assert_true (g_strv_contains ((const char * const *) fields, "status"));
  g_assert_true (g_strv_contains ((const char * const *) fields, "owner"));
  g_assert_true (mnr_conflicts_dialog_field_needs_choice (dialog, "status"));
  g_assert_cmpstr (part_text (dialog, "status", MNR_CONFLICT_PART_MINE), ==, "Done");
  g_assert_cmpstr (part_text (dialog, "status", MNR_CONFLICT_PART_THEIRS), ==, "Dropped");
  g_assert_false (mnr_conflicts_dialog_field_needs_choice (dialog, "owner"));
  g_assert_cmpstr (part_text (dialog, "owner", MNR_CONFLICT_PART_STATUS), ==, "Only changed on the server — taken");

  g_assert_true (press (dialog, "keep-mine"));
  actions = mnr_store_list_actions (fixture->store, "PH", "capability-4", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (actions->len, ==, 1);
  g_assert_cmpstr (((MnrAction *) actions->pdata[0])->status, ==, "done");
  g_assert_cmpstr (((MnrAction *) actions->pdata[0])->owner, ==, "Jose Reyes");
  g_assert_cmpuint (count_conflicts (fixture), ==, 0);

  close_dialog (dialog);
}

static void
test_take_theirs (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autofree char *id = make_rating_conflict (fixture);
  g_autoptr(MnrRating) rating = NULL;
  g_autoptr(GError) error = NULL;
  MnrConflictsDialog *dialog = open_dialog (fixture);

  g_assert_true (press (dialog, "take-theirs"));

  rating = mnr_store_get_rating (fixture->store, fixture->round->id, "capability-4", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rating->level_id, ==, "established");
  g_assert_cmpstr (rating->rationale, ==, "Regional offices are staffed too.");
  /* The server's version as it is: nothing left to send. */
  g_assert_null (mnr_test_find_dirty (fixture->store, "rating", id));

  g_assert_cmpuint (fixture->n_resolved, ==, 1);
  g_assert_cmpuint (count_conflicts (fixture), ==, 0);
  g_assert_cmpstr (mnr_conflicts_dialog_get_page (dialog), ==, "empty");

  close_dialog (dialog);
}

/* Keep Mine and Take Theirs decide the fields changed on both sides;
 * what was changed on one side only stays, as the window said. */
static void
test_whole_choices_keep_one_sided (Fixture       *fixture,
                                   gconstpointer  user_data)
{
  static const struct { const char *button; const char *title; } cases[] = {
    { "keep-mine", "National Plan of Action 2017–2022" },
    { "take-theirs", "National Plan of Action against OSAEC" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *id = make_evidence_conflict (fixture);
      g_autoptr(MnrEvidence) evidence = NULL;
      g_autoptr(GError) error = NULL;
      MnrConflictsDialog *dialog = open_dialog (fixture);
      const char * const *elements;

      g_assert_true (mnr_conflicts_dialog_select (dialog, "evidence", id));
      g_assert_true (press (dialog, cases[i].button));

      evidence = mnr_store_get_evidence (fixture->store, id, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (mnr_evidence_get_title (evidence), ==, cases[i].title);
      g_assert_cmpstr (mnr_evidence_get_source (evidence), ==, "Official Gazette, 2017");   /* ours only */
      g_assert_cmpstr (mnr_evidence_get_summary (evidence), ==, "Adopted by the Council in 2017.");  /* theirs only */
      elements = mnr_evidence_get_elements (evidence);
      g_assert_cmpuint (g_strv_length ((GStrv)elements), ==, 2);
      g_assert_cmpuint (count_conflicts (fixture), ==, 0);
      /* Our source is not on the server yet: to be sent. */
      {
        g_autoptr(MnrSyncRecord) dirty = mnr_test_find_dirty (fixture->store, "evidence", id);

        g_assert_nonnull (dirty);
      }

      close_dialog (dialog);
    }
}

static void
test_save_merged_choices (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autofree char *id = make_rating_conflict (fixture);
  g_autoptr(MnrSyncRecord) pushed = NULL;
  MnrConflictsDialog *dialog = open_dialog (fixture);
  GtkWidget *use_theirs, *use_mine;

  /* The server's level, my rationale: each toggle as a click. */
  use_theirs = mnr_conflicts_dialog_get_field_part (dialog, "level", MNR_CONFLICT_PART_USE_THEIRS);
  click (use_theirs);
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (use_theirs)));
  g_assert_cmpstr (part_text (dialog, "level", MNR_CONFLICT_PART_STATUS), ==,
                   "Changed on both sides — the server’s chosen");
  g_assert_false (press (dialog, "save-merged"));  /* the rationale still waits */

  use_mine = mnr_conflicts_dialog_get_field_part (dialog, "rationale", MNR_CONFLICT_PART_USE_MINE);
  click (use_mine);
  g_assert_true (press (dialog, "save-merged"));

  pushed = mnr_test_find_dirty (fixture->store, "rating", id);
  g_assert_nonnull (pushed);
  g_assert_cmpstr (json_object_get_string_member (pushed->data, "level"), ==, "established");
  g_assert_cmpstr (json_object_get_string_member (pushed->data, "rationale"), ==, "A unit exists in Manila.");
  g_assert_cmpint (pushed->server_rev, ==, 2);
  g_assert_cmpuint (count_conflicts (fixture), ==, 0);

  close_dialog (dialog);
}

static void
test_save_merged_text (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autofree char *id = make_evidence_conflict (fixture);
  g_autoptr(MnrSyncRecord) pushed = NULL;
  g_autoptr(MnrEvidence) evidence = NULL;
  g_autoptr(GError) error = NULL;
  MnrConflictsDialog *dialog = open_dialog (fixture);
  JsonArray *elements;

  g_assert_false (press (dialog, "save-merged"));

  /* Typing in the merged text is the choice. */
  set_merged_text (dialog, "title", "National Plan of Action against OSAEC 2017–2022");
  g_assert_cmpstr (part_text (dialog, "title", MNR_CONFLICT_PART_STATUS), ==, "Changed on both sides — merged text");
  g_assert_true (press (dialog, "save-merged"));

  evidence = mnr_store_get_evidence (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mnr_evidence_get_title (evidence), ==, "National Plan of Action against OSAEC 2017–2022");
  g_assert_cmpstr (mnr_evidence_get_source (evidence), ==, "Official Gazette, 2017");     /* mine, kept */
  g_assert_cmpstr (mnr_evidence_get_summary (evidence), ==, "Adopted by the Council in 2017.");  /* theirs */
  g_assert_true (mnr_evidence_has_element (evidence, "capability-4"));                  /* theirs */

  pushed = mnr_test_find_dirty (fixture->store, "evidence", id);
  g_assert_nonnull (pushed);
  g_assert_false (pushed->deleted);
  elements = json_object_get_array_member (pushed->data, "elements");
  g_assert_cmpuint (json_array_get_length (elements), ==, 2);
  g_assert_cmpuint (fixture->n_resolved, ==, 1);
  g_assert_cmpuint (count_conflicts (fixture), ==, 0);

  close_dialog (dialog);
}

static void
test_error_loses_nothing (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autofree char *id = make_evidence_conflict (fixture);
  g_autoptr(MnrEvidence) evidence = NULL;
  g_autoptr(GError) error = NULL;
  MnrConflictsDialog *dialog = open_dialog (fixture);
  GtkWidget *view;
  GtkTextIter start, end;
  g_autofree char *kept = NULL;

  /* A blank title is refused by the store. */
  set_merged_text (dialog, "title", "   ");
  g_assert_true (press (dialog, "save-merged"));

  g_assert_nonnull (mnr_conflicts_dialog_get_toast (dialog));
  g_assert_true (g_str_has_prefix (adw_toast_get_title (mnr_conflicts_dialog_get_toast (dialog)),
                                   "Not saved, and nothing was lost: "));
  g_assert_cmpuint (fixture->n_resolved, ==, 0);
  g_assert_cmpuint (count_conflicts (fixture), ==, 1);
  g_assert_cmpuint (mnr_conflicts_dialog_get_n_conflicts (dialog), ==, 1);
  evidence = mnr_store_get_evidence (fixture->store, id, &error);
  g_assert_cmpstr (mnr_evidence_get_title (evidence), ==, "National Plan of Action 2017–2022");

  /* What was typed is still there to fix. */
  view = mnr_conflicts_dialog_get_field_part (dialog, "title", MNR_CONFLICT_PART_MERGED);
  gtk_text_buffer_get_bounds (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), &start, &end);
  kept = gtk_text_buffer_get_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), &start, &end, FALSE);
  g_assert_cmpstr (kept, ==, "   ");

  close_dialog (dialog);
}

static void
test_deleted_on_server (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autofree char *accepted = make_deletion_conflict (fixture, "Hotline MoU", TRUE);
  g_autofree char *restored = make_deletion_conflict (fixture, "Helpline statistics", TRUE);
  g_autofree char *said = g_strdup_printf ("Deleted on the server by %s on ", AUTHOR_THERE);
  g_autoptr(MnrSyncRecord) pushed = NULL;
  g_autoptr(MnrEvidence) evidence = NULL;
  g_autoptr(GError) error = NULL;
  MnrConflictsDialog *dialog = open_dialog (fixture);
  const char *explanation;

  g_assert_cmpuint (mnr_conflicts_dialog_get_n_conflicts (dialog), ==, 2);
  g_assert_true (mnr_conflicts_dialog_select (dialog, "evidence", accepted));

  /* Said plainly, with its own two choices and no merge. */
  explanation = gtk_label_get_label (mnr_conflicts_dialog_get_explanation (dialog));
  g_assert_true (g_str_has_prefix (explanation, said));
  g_assert_nonnull (strstr (explanation, "You edited it on "));
  g_assert_cmpstr (gtk_label_get_label (mnr_conflicts_dialog_get_heading (dialog)), ==,
                   "Evidence “Hotline MoU (edited here)”");
  g_assert_cmpstr (part_text (dialog, "title", MNR_CONFLICT_PART_MINE), ==, "Hotline MoU (edited here)");
  g_assert_cmpstr (part_text (dialog, "title", MNR_CONFLICT_PART_STATUS), ==, "Changed in your edit");
  g_assert_false (mnr_conflicts_dialog_field_needs_choice (dialog, "title"));
  g_assert_false (gtk_widget_get_visible (mnr_conflicts_dialog_get_button (dialog, "keep-mine")));
  g_assert_false (gtk_widget_get_visible (mnr_conflicts_dialog_get_button (dialog, "save-merged")));
  g_assert_false (press (dialog, "take-theirs"));

  /* Accept the deletion: gone here, nothing to send. */
  g_assert_true (press (dialog, "accept-deletion"));
  g_assert_false (evidence_is_listed (fixture, accepted));
  g_assert_null (mnr_test_find_dirty (fixture->store, "evidence", accepted));
  g_assert_cmpuint (mnr_conflicts_dialog_get_n_conflicts (dialog), ==, 1);

  /* Keep the edited version: restored, and sent to restore it there. */
  g_assert_true (mnr_conflicts_dialog_select (dialog, "evidence", restored));
  g_assert_true (press (dialog, "keep-edited"));
  g_assert_true (evidence_is_listed (fixture, restored));
  evidence = mnr_store_get_evidence (fixture->store, restored, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mnr_evidence_get_title (evidence), ==, "Helpline statistics (edited here)");
  pushed = mnr_test_find_dirty (fixture->store, "evidence", restored);
  g_assert_nonnull (pushed);
  g_assert_false (pushed->deleted);
  g_assert_cmpint (pushed->server_rev, ==, 2);

  g_assert_cmpuint (fixture->n_resolved, ==, 2);
  g_assert_cmpuint (count_conflicts (fixture), ==, 0);
  g_assert_cmpstr (mnr_conflicts_dialog_get_page (dialog), ==, "empty");

  close_dialog (dialog);
}

static void
test_deleted_here (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autofree char *kept = make_deletion_conflict (fixture, "Cybertipline report", FALSE);
  g_autofree char *deleted = make_deletion_conflict (fixture, "Old campaign", FALSE);
  g_autoptr(MnrSyncRecord) pushed = NULL;
  g_autoptr(MnrEvidence) evidence = NULL;
  g_autoptr(GError) error = NULL;
  MnrConflictsDialog *dialog = open_dialog (fixture);
  const char *explanation;

  g_assert_false (evidence_is_listed (fixture, kept));
  g_assert_true (mnr_conflicts_dialog_select (dialog, "evidence", kept));
  explanation = gtk_label_get_label (mnr_conflicts_dialog_get_explanation (dialog));
  g_assert_true (g_str_has_prefix (explanation, "You deleted it on "));
  g_assert_nonnull (strstr (explanation, "Meanwhile " AUTHOR_THERE " edited it on the server on "));
  g_assert_cmpstr (part_text (dialog, "title", MNR_CONFLICT_PART_THEIRS), ==, "Cybertipline report (edited there)");

  /* Their edit kept: the record is back, as the server has it. */
  g_assert_true (press (dialog, "keep-edited"));
  g_assert_true (evidence_is_listed (fixture, kept));
  evidence = mnr_store_get_evidence (fixture->store, kept, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mnr_evidence_get_title (evidence), ==, "Cybertipline report (edited there)");

  /* My deletion accepted: it goes to the server. */
  g_assert_true (mnr_conflicts_dialog_select (dialog, "evidence", deleted));
  g_assert_true (press (dialog, "accept-deletion"));
  g_assert_false (evidence_is_listed (fixture, deleted));
  pushed = mnr_test_find_dirty (fixture->store, "evidence", deleted);
  g_assert_nonnull (pushed);
  g_assert_true (pushed->deleted);
  g_assert_cmpint (pushed->server_rev, ==, 2);

  g_assert_cmpuint (count_conflicts (fixture), ==, 0);
  close_dialog (dialog);
}

/* From the main window: the action opens it, and resolving shows the new
 * state in the workspace. */
static void
test_window (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autofree char *id = make_rating_conflict (fixture);
  g_autoptr(MnrWorkspace) workspace = mnr_workspace_new (fixture->store, framework);
  g_autoptr(GError) error = NULL;
  MnrWindow *window;
  GtkWindow *dialog;
  MnrRating *rating;

  g_assert_nonnull (id);
  g_assert_true (mnr_workspace_set_country (workspace, "PH", &error));
  g_assert_no_error (error);
  rating = mnr_workspace_get_rating (workspace, "capability-4");
  g_assert_nonnull (rating);
  g_assert_cmpstr (rating->level_id, ==, "developing");

  window = mnr_window_new_with_data (NULL, framework, NULL, workspace, catalog, NULL, NULL);
  g_object_ref (window);
  gtk_window_present (GTK_WINDOW (window));
  mnr_test_iterate ();

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.review-conflicts", NULL));
  mnr_test_iterate ();
  dialog = mnr_window_review_conflicts (window);
  g_assert_true (MNR_IS_CONFLICTS_DIALOG (dialog));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_true (gtk_window_get_transient_for (dialog) == GTK_WINDOW (window));
  g_assert_cmpuint (mnr_conflicts_dialog_get_n_conflicts (MNR_CONFLICTS_DIALOG (dialog)), ==, 1);

  /* The main window's zoom, for a projector, and the same keys here. */
  {
    GtkWidget *content = adw_window_get_content (ADW_WINDOW (dialog));

    g_assert_true (gtk_widget_has_css_class (content, "zoom-100"));
    mnr_window_set_zoom (window, 150);
    g_assert_true (gtk_widget_has_css_class (content, "zoom-150"));
    g_assert_false (gtk_widget_has_css_class (content, "zoom-100"));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "conflicts.zoom-in", NULL));
    g_assert_cmpint (mnr_window_get_zoom (window), ==, 175);
    g_assert_true (gtk_widget_has_css_class (content, "zoom-175"));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "conflicts.zoom-reset", NULL));
    g_assert_cmpint (mnr_window_get_zoom (window), ==, 100);
    g_assert_true (gtk_widget_has_css_class (content, "zoom-100"));
  }

  g_assert_true (press (MNR_CONFLICTS_DIALOG (dialog), "take-theirs"));
  rating = mnr_workspace_get_rating (workspace, "capability-4");
  g_assert_nonnull (rating);
  g_assert_cmpstr (rating->level_id, ==, "established");
  g_assert_cmpstr (mnr_workspace_get_round_id (workspace), ==, fixture->round->id);

  gtk_window_destroy (GTK_WINDOW (window));
  mnr_test_iterate ();
  g_assert_finalize_object (window);
}

static GtkWidget *
find_descendant (GtkWidget  *widget,
                 GType       type,
                 const char *action)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) &&
      (action == NULL || g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type, action);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* With sync: the header's indicator and the banner offer the review, and
 * after it the counts are those of the store. */
static void
test_window_sync (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autofree char *id = make_rating_conflict (fixture);
  g_autoptr(MnrWorkspace) workspace = mnr_workspace_new (fixture->store, framework);
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(GError) error = NULL;
  MnrSyncController *controller;
  MnrWindow *window;
  GtkWidget *indicator, *review, *banner_label;
  GtkWindow *dialog;

  g_assert_nonnull (id);
  g_assert_true (mnr_workspace_set_country (workspace, "PH", &error));
  window = mnr_window_new_with_data (NULL, framework, settings, workspace, catalog, NULL, NULL);
  g_object_ref (window);
  gtk_window_present (GTK_WINDOW (window));
  mnr_test_iterate ();

  controller = mnr_window_get_sync_controller (window);
  g_assert_nonnull (controller);
  g_assert_cmpuint (mnr_sync_controller_get_conflicts (controller), ==, 1);
  g_assert_cmpuint (mnr_sync_controller_get_pending (controller), ==, 0);

  /* The indicator's popover has the way in. */
  indicator = find_descendant (GTK_WIDGET (window), MNR_TYPE_SYNC_INDICATOR, NULL);
  g_assert_nonnull (indicator);
  review = find_descendant (indicator, GTK_TYPE_BUTTON, "sync-indicator.review-conflicts");
  g_assert_nonnull (review);
  g_assert_true (gtk_widget_get_visible (review));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (review)), ==, "_Review Conflicts…");

  /* So does the banner, in words. */
  {
    GtkWidget *revealer = find_descendant (GTK_WIDGET (window), GTK_TYPE_REVEALER, NULL);

    g_assert_nonnull (revealer);
    g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));
    banner_label = find_descendant (revealer, GTK_TYPE_LABEL, NULL);
    g_assert_true (g_str_has_prefix (gtk_label_get_label (GTK_LABEL (banner_label)),
                                     "1 record was changed both here and on the server."));
  }

  g_assert_true (gtk_widget_activate_action (indicator, "sync-indicator.review-conflicts", NULL));
  mnr_test_iterate ();
  dialog = mnr_window_review_conflicts (window);
  g_assert_true (MNR_IS_CONFLICTS_DIALOG (dialog));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));

  g_assert_true (press (MNR_CONFLICTS_DIALOG (dialog), "keep-mine"));

  /* Resolved: no conflict, one change to send, nothing more to review. */
  g_assert_cmpuint (mnr_sync_controller_get_conflicts (controller), ==, 0);
  g_assert_cmpuint (mnr_sync_controller_get_pending (controller), ==, 1);
  g_assert_false (gtk_widget_get_visible (review));
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (find_descendant (GTK_WIDGET (window),
                                                                                GTK_TYPE_REVEALER, NULL))));

  gtk_window_destroy (GTK_WINDOW (window));
  mnr_test_iterate ();
  g_assert_finalize_object (window);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  if (!mnr_widget_test_init (&argc, &argv))
    return 77;

  framework = mnr_test_load_framework ();
  catalog = mnr_test_load_catalog ();

  g_test_add ("/conflicts/empty", Fixture, NULL, fixture_set_up, test_empty, fixture_tear_down);
  g_test_add ("/conflicts/rating-fields", Fixture, NULL, fixture_set_up, test_rating_fields, fixture_tear_down);
  g_test_add ("/conflicts/evidence-fields", Fixture, NULL, fixture_set_up, test_evidence_fields, fixture_tear_down);
  g_test_add ("/conflicts/keep-mine", Fixture, NULL, fixture_set_up, test_keep_mine, fixture_tear_down);
  g_test_add ("/conflicts/take-theirs", Fixture, NULL, fixture_set_up, test_take_theirs, fixture_tear_down);
  g_test_add ("/conflicts/action-fields", Fixture, NULL, fixture_set_up, test_action_fields, fixture_tear_down);
  g_test_add ("/conflicts/whole-choices-keep-one-sided", Fixture, NULL, fixture_set_up,
              test_whole_choices_keep_one_sided, fixture_tear_down);
  g_test_add ("/conflicts/save-merged-choices", Fixture, NULL,
              fixture_set_up, test_save_merged_choices, fixture_tear_down);
  g_test_add ("/conflicts/save-merged-text", Fixture, NULL, fixture_set_up, test_save_merged_text, fixture_tear_down);
  g_test_add ("/conflicts/error-loses-nothing", Fixture, NULL,
              fixture_set_up, test_error_loses_nothing, fixture_tear_down);
  g_test_add ("/conflicts/deleted-on-server", Fixture, NULL,
              fixture_set_up, test_deleted_on_server, fixture_tear_down);
  g_test_add ("/conflicts/deleted-here", Fixture, NULL, fixture_set_up, test_deleted_here, fixture_tear_down);
  g_test_add ("/conflicts/window", Fixture, NULL, fixture_set_up, test_window, fixture_tear_down);
  g_test_add ("/conflicts/window-sync", Fixture, NULL, fixture_set_up, test_window_sync, fixture_tear_down);

  status = g_test_run ();
  g_clear_object (&catalog);
  g_clear_object (&framework);
  return status;
}
