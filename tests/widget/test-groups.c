/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>

#include "mnr-group-editor-private.h"
#include "mnr-groups-dialog-private.h"
#include "mnr-test-util.h"
#include "mnr-widget-test-util.h"

/* The Regional Groups dialog and the group editor, over a real store in a
 * temporary folder. Run under Xvfb (build-aux/run-tests.sh). */

static MnrFramework *framework;
static MnrCountryCatalog *catalog;

typedef struct
{
  char         *directory;
  MnrStore     *store;
  MnrWorkspace *workspace;
  GtkWindow    *window;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  fixture->store = mnr_test_open_temp_store ("mnr-groups-XXXXXX", &fixture->directory);
  fixture->workspace = mnr_workspace_new (fixture->store, framework);

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

  g_assert_finalize_object (fixture->workspace);
  mnr_test_close_temp_store (&fixture->store, &fixture->directory);
}

static guint
count_descendants (GtkWidget *widget,
                   GType      type)
{
  guint n = G_TYPE_CHECK_INSTANCE_TYPE (widget, type) ? 1 : 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_descendants (child, type);

  return n;
}

static GPtrArray *
list_groups (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *groups = mnr_store_list_groups (fixture->store, &error);

  g_assert_no_error (error);
  return groups;
}

static void
record_string (GObject    *object,
               const char *text,
               char      **out)
{
  g_free (*out);
  *out = g_strdup (text);
}

static void
count_emission (GObject *object,
                guint   *count)
{
  (*count)++;
}

static void
test_bundled (Fixture       *fixture,
              gconstpointer  user_data)
{
  MnrGroupsDialog *dialog;
  GListModel *bundled;
  g_autoptr(MnrRegionalGroup) asean = NULL;

  dialog = MNR_GROUPS_DIALOG (mnr_groups_dialog_new (fixture->window, fixture->workspace, catalog));
  g_object_ref (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  mnr_test_iterate ();

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Regional Groups");
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == fixture->window);

  /* The four bundled groups, each a row with its members. */
  bundled = mnr_groups_dialog_get_bundled_groups (dialog);
  g_assert_cmpuint (g_list_model_get_n_items (bundled), ==, 4);
  g_assert_cmpuint (count_descendants (GTK_WIDGET (dialog), ADW_TYPE_EXPANDER_ROW), ==, 4);
  asean = g_list_model_get_item (bundled, 0);
  g_assert_cmpstr (mnr_regional_group_get_short_name (asean), ==, "ASEAN");

  /* None of the user's own yet. */
  g_assert_cmpuint (g_list_model_get_n_items (mnr_groups_dialog_get_own_groups (dialog)), ==, 0);
  g_assert_true (mnr_groups_dialog_get_empty_visible (dialog));
  g_assert_null (mnr_groups_dialog_get_toast (dialog));

  gtk_window_destroy (GTK_WINDOW (dialog));
  mnr_test_iterate ();
  g_assert_finalize_object (dialog);
}

static void
test_editor_lifecycle (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(GPtrArray) groups = NULL;
  g_autofree char *saved_id = NULL;
  MnrGroupsDialog *dialog;
  MnrGroupEditor *editor;
  GtkWidget *question;
  GListModel *own, *countries;
  MnrRegionalGroup *group;
  const char * const *members;
  guint n_countries = g_list_model_get_n_items (mnr_country_catalog_get_countries (catalog));
  guint n_changed = 0;

  dialog = MNR_GROUPS_DIALOG (mnr_groups_dialog_new (fixture->window, fixture->workspace, catalog));
  g_object_ref (dialog);
  g_signal_connect (dialog, "changed", G_CALLBACK (count_emission), &n_changed);
  gtk_window_present (GTK_WINDOW (dialog));
  mnr_test_iterate ();
  own = mnr_groups_dialog_get_own_groups (dialog);

  /* New Group… opens an empty editor over the dialog. */
  editor = MNR_GROUP_EDITOR (mnr_groups_dialog_edit_group (dialog, NULL));
  g_assert_nonnull (editor);
  g_object_ref (editor);
  g_signal_connect (editor, "saved", G_CALLBACK (record_string), &saved_id);
  mnr_test_iterate ();
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (editor)) == GTK_WINDOW (dialog));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (editor)));
  countries = mnr_group_editor_get_countries (editor);
  g_assert_cmpuint (g_list_model_get_n_items (countries), ==, n_countries);

  /* Save needs a name and a country. */
  g_assert_false (mnr_group_editor_get_save_sensitive (editor));
  g_assert_cmpuint (mnr_group_editor_get_n_chosen (editor), ==, 0);
  mnr_group_editor_set_name_text (editor, "   ");
  mnr_group_editor_toggle_country (editor, "PK");
  g_assert_cmpuint (mnr_group_editor_get_n_chosen (editor), ==, 1);
  g_assert_false (mnr_group_editor_get_save_sensitive (editor));
  mnr_group_editor_activate_save (editor);
  mnr_test_iterate ();
  g_assert_null (saved_id);

  mnr_group_editor_set_name_text (editor, "South Asia Trio");
  g_assert_true (mnr_group_editor_get_save_sensitive (editor));
  mnr_group_editor_toggle_country (editor, "PK");
  g_assert_cmpuint (mnr_group_editor_get_n_chosen (editor), ==, 0);
  g_assert_false (mnr_group_editor_get_save_sensitive (editor));

  /* The search narrows the list; a choice survives it. */
  mnr_group_editor_set_search_text (editor, "nep");
  mnr_test_iterate ();
  g_assert_true (mnr_test_model_has_country (countries, "NP"));
  g_assert_false (mnr_test_model_has_country (countries, "PK"));
  g_assert_cmpuint (g_list_model_get_n_items (countries), <, 5);
  mnr_group_editor_toggle_country (editor, "NP");
  mnr_group_editor_set_search_text (editor, "");
  mnr_test_iterate ();
  g_assert_cmpuint (g_list_model_get_n_items (countries), ==, n_countries);
  g_assert_true (mnr_group_editor_get_country_chosen (editor, "NP"));
  mnr_group_editor_toggle_country (editor, "PK");
  mnr_group_editor_toggle_country (editor, "LK");
  g_assert_cmpuint (mnr_group_editor_get_n_chosen (editor), ==, 3);
  g_assert_true (mnr_group_editor_get_save_sensitive (editor));

  mnr_group_editor_set_short_name_text (editor, "SAT");
  mnr_group_editor_activate_save (editor);
  mnr_test_iterate ();

  /* Saved, the editor gone, and the dialog lists the group. */
  g_assert_nonnull (saved_id);
  g_assert_null (mnr_group_editor_get_toast (editor));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (editor)));
  g_assert_finalize_object (editor);
  g_assert_cmpuint (n_changed, ==, 1);

  groups = list_groups (fixture);
  g_assert_cmpuint (groups->len, ==, 1);
  group = g_ptr_array_index (groups, 0);
  g_assert_cmpstr (mnr_regional_group_get_id (group), ==, saved_id);
  g_assert_cmpstr (mnr_regional_group_get_name (group), ==, "South Asia Trio");
  g_assert_cmpstr (mnr_regional_group_get_short_name (group), ==, "SAT");
  members = mnr_regional_group_get_members (group);
  g_assert_cmpuint (g_strv_length ((char **)members), ==, 3);
  g_assert_cmpstr (members[0], ==, "LK");
  g_assert_cmpstr (members[1], ==, "NP");
  g_assert_cmpstr (members[2], ==, "PK");
  g_clear_pointer (&groups, g_ptr_array_unref);

  g_assert_cmpuint (g_list_model_get_n_items (own), ==, 1);
  g_assert_false (mnr_groups_dialog_get_empty_visible (dialog));
  g_assert_cmpuint (count_descendants (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW)
                    - count_descendants (GTK_WIDGET (dialog), ADW_TYPE_EXPANDER_ROW), >=, 1);

  /* Edit it: the editor comes filled in; rename it. */
  editor = MNR_GROUP_EDITOR (mnr_groups_dialog_edit_group (dialog, saved_id));
  g_assert_nonnull (editor);
  g_object_ref (editor);
  mnr_test_iterate ();
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (editor)), ==, "Edit Group");
  g_assert_cmpuint (mnr_group_editor_get_n_chosen (editor), ==, 3);
  g_assert_true (mnr_group_editor_get_country_chosen (editor, "LK"));
  g_assert_true (mnr_group_editor_get_save_sensitive (editor));
  mnr_group_editor_set_name_text (editor, "South Asia Three");
  mnr_group_editor_activate_save (editor);
  mnr_test_iterate ();
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (editor)));
  g_assert_finalize_object (editor);
  g_assert_cmpuint (n_changed, ==, 2);

  groups = list_groups (fixture);
  g_assert_cmpuint (groups->len, ==, 1);
  group = g_ptr_array_index (groups, 0);
  g_assert_cmpstr (mnr_regional_group_get_id (group), ==, saved_id);
  g_assert_cmpstr (mnr_regional_group_get_name (group), ==, "South Asia Three");
  g_assert_cmpuint (mnr_regional_group_get_n_members (group), ==, 3);
  g_clear_pointer (&groups, g_ptr_array_unref);
  {
    g_autoptr(MnrRegionalGroup) listed = g_list_model_get_item (own, 0);
    g_assert_cmpstr (mnr_regional_group_get_name (listed), ==, "South Asia Three");
  }

  /* Delete asks first; Cancel keeps the group. */
  question = mnr_groups_dialog_ask_delete (dialog, saved_id);
  g_assert_true (ADW_IS_MESSAGE_DIALOG (question));
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (question)), ==,
                   "Delete “South Asia Three”?");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (question), "cancel");
  gtk_window_destroy (GTK_WINDOW (question));
  mnr_test_iterate ();
  groups = list_groups (fixture);
  g_assert_cmpuint (groups->len, ==, 1);
  g_clear_pointer (&groups, g_ptr_array_unref);

  /* Confirmed, it goes. */
  question = mnr_groups_dialog_ask_delete (dialog, saved_id);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (question), "delete");
  gtk_window_destroy (GTK_WINDOW (question));
  mnr_test_iterate ();
  groups = list_groups (fixture);
  g_assert_cmpuint (groups->len, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (own), ==, 0);
  g_assert_true (mnr_groups_dialog_get_empty_visible (dialog));
  g_assert_cmpuint (n_changed, ==, 3);

  /* Deleting what is not there is a toast, not a crash. */
  g_assert_false (mnr_groups_dialog_delete_group (dialog, saved_id));
  g_assert_nonnull (mnr_groups_dialog_get_toast (dialog));
  g_assert_cmpuint (n_changed, ==, 3);

  gtk_window_destroy (GTK_WINDOW (dialog));
  mnr_test_iterate ();
  g_assert_finalize_object (dialog);
}

/* The Edit and Delete buttons and New Group… go through the dialog's
 * actions. */
static void
test_actions (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  const char * const members[] = { "BD", "BT", NULL };
  MnrGroupsDialog *dialog;
  guint n_editors = 0, n_questions = 0;

  id = mnr_store_save_group (fixture->store, NULL, "Bay of Bengal", NULL, members, &error);
  g_assert_no_error (error);

  dialog = MNR_GROUPS_DIALOG (mnr_groups_dialog_new (fixture->window, fixture->workspace, catalog));
  g_object_ref (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  mnr_test_iterate ();
  g_assert_cmpuint (g_list_model_get_n_items (mnr_groups_dialog_get_own_groups (dialog)), ==, 1);
  g_assert_false (mnr_groups_dialog_get_empty_visible (dialog));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "groups-dialog.new-group", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "groups-dialog.edit", "s", id));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "groups-dialog.delete", "s", id));
  mnr_test_iterate ();

  for (GList *l = gtk_window_list_toplevels (); l != NULL; l = g_list_delete_link (l, l))
    {
      if (MNR_IS_GROUP_EDITOR (l->data))
        n_editors++;
      else if (ADW_IS_MESSAGE_DIALOG (l->data))
        n_questions++;
      else
        continue;

      g_assert_true (gtk_window_get_transient_for (l->data) == GTK_WINDOW (dialog));
      gtk_window_destroy (l->data);
    }
  g_assert_cmpuint (n_editors, ==, 2);
  g_assert_cmpuint (n_questions, ==, 1);
  mnr_test_iterate ();

  gtk_window_destroy (GTK_WINDOW (dialog));
  mnr_test_iterate ();
  g_assert_finalize_object (dialog);
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

  g_test_add ("/groups/bundled", Fixture, NULL,
              fixture_set_up, test_bundled, fixture_tear_down);
  g_test_add ("/groups/editor-lifecycle", Fixture, NULL,
              fixture_set_up, test_editor_lifecycle, fixture_tear_down);
  g_test_add ("/groups/actions", Fixture, NULL,
              fixture_set_up, test_actions, fixture_tear_down);

  status = g_test_run ();
  g_clear_object (&catalog);
  g_clear_object (&framework);
  return status;
}
