/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "mnr-country-switcher.h"
#include "mnr-round-dialog-private.h"
#include "mnr-round-switcher.h"
#include "mnr-screenshot.h"
#include "mnr-share-dialog.h"
#include "mnr-test-util.h"
#include "mnr-widget-test-util.h"

/* The header bar's country and round switchers, and the new-round dialog,
 * over a real store in a temporary folder. Run under Xvfb
 * (build-aux/run-tests.sh). */

static MnrFramework *framework;
static MnrCountryCatalog *catalog;

typedef struct
{
  char               *directory;
  MnrStore           *store;
  MnrWorkspace       *workspace;
  GtkWindow          *window;
  MnrCountrySwitcher *country_switcher;
  MnrRoundSwitcher   *round_switcher;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  GtkWidget *box;

  fixture->store = mnr_test_open_temp_store ("mnr-switchers-XXXXXX", &fixture->directory);
  fixture->workspace = mnr_workspace_new (fixture->store, framework);

  fixture->country_switcher = MNR_COUNTRY_SWITCHER (mnr_country_switcher_new (fixture->workspace, catalog));
  fixture->round_switcher = MNR_ROUND_SWITCHER (mnr_round_switcher_new (fixture->workspace, catalog));

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (fixture->country_switcher));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (fixture->round_switcher));

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_child (fixture->window, box);
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

/* The switcher's own button: its first child. */
static GtkMenuButton *
menu_button (gpointer switcher)
{
  GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (switcher));

  g_assert_true (GTK_IS_MENU_BUTTON (child));
  return GTK_MENU_BUTTON (child);
}

static const char *
button_label (gpointer switcher)
{
  return gtk_menu_button_get_label (menu_button (switcher));
}

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static char *
dup_round_id (GListModel *model,
              guint       position)
{
  g_autoptr(GtkStringObject) item = g_list_model_get_item (model, position);

  g_assert_nonnull (item);
  return g_strdup (gtk_string_object_get_string (item));
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
test_choose_country (Fixture       *fixture,
                     gconstpointer  user_data)
{
  GListModel *your = mnr_country_switcher_get_your_countries (fixture->country_switcher);
  g_autofree char *error = NULL;
  MnrRound *round;

  /* Nothing chosen yet: no round either. */
  g_assert_cmpstr (button_label (fixture->country_switcher), ==, "Choose Country");
  g_assert_cmpstr (button_label (fixture->round_switcher), ==, "No Round");
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (menu_button (fixture->round_switcher))));
  g_assert_cmpuint (g_list_model_get_n_items (your), ==, 0);

  g_signal_connect (fixture->country_switcher, "error", G_CALLBACK (record_string), &error);
  mnr_country_switcher_choose (fixture->country_switcher, "PH");
  mnr_test_iterate ();
  g_assert_null (error);

  g_assert_cmpstr (mnr_workspace_get_country (fixture->workspace), ==, "PH");
  g_assert_nonnull (strstr (button_label (fixture->country_switcher), "Philippines"));
  g_assert_true (g_str_has_prefix (button_label (fixture->country_switcher), "\xf0\x9f\x87\xb5\xf0\x9f\x87\xad"));

  /* Looking writes nothing: no round until the first rating, and the
   * round button offers New Round. */
  g_assert_null (mnr_workspace_get_round (fixture->workspace));
  g_assert_cmpstr (button_label (fixture->round_switcher), ==, "No Round Yet");
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (menu_button (fixture->round_switcher))));
  g_assert_cmpuint (g_list_model_get_n_items (mnr_round_switcher_get_rounds (fixture->round_switcher)), ==, 0);

  g_assert_true (mnr_workspace_set_rating (fixture->workspace, "capability-3", "developing", "", NULL));
  mnr_test_iterate ();
  round = mnr_workspace_get_round (fixture->workspace);
  g_assert_nonnull (round);
  g_assert_cmpstr (button_label (fixture->round_switcher), ==, round->name);
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (menu_button (fixture->round_switcher))));
  g_assert_cmpuint (g_list_model_get_n_items (mnr_round_switcher_get_rounds (fixture->round_switcher)), ==, 1);

  /* It is one of "your countries" now. */
  g_assert_true (mnr_test_model_has_country (your, "PH"));
  g_assert_cmpuint (g_list_model_get_n_items (your), ==, 1);

  /* A code nobody knows is an error, not a crash. */
  mnr_country_switcher_choose (fixture->country_switcher, "not a code");
  mnr_test_iterate ();
  g_assert_nonnull (error);
  g_assert_cmpstr (mnr_workspace_get_country (fixture->workspace), ==, "PH");
}

static void
test_search (Fixture       *fixture,
             gconstpointer  user_data)
{
  GListModel *all = mnr_country_switcher_get_all_countries (fixture->country_switcher);
  GListModel *your = mnr_country_switcher_get_your_countries (fixture->country_switcher);
  guint n_countries = g_list_model_get_n_items (mnr_country_catalog_get_countries (catalog));
  GtkPopover *popover;
  GtkWidget *entry, *focus;

  mnr_country_switcher_choose (fixture->country_switcher, "PH");
  mnr_test_iterate ();

  /* Ctrl+K opens the popover with every country listed. */
  mnr_country_switcher_popup (fixture->country_switcher);
  mnr_test_iterate ();
  popover = gtk_menu_button_get_popover (menu_button (fixture->country_switcher));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, n_countries);
  g_assert_cmpuint (n_countries, >, 240);

  /* The search is focused and filters both parts as one types. */
  entry = find_descendant (GTK_WIDGET (popover), GTK_TYPE_SEARCH_ENTRY);
  g_assert_nonnull (entry);
  focus = gtk_root_get_focus (gtk_widget_get_root (entry));
  g_assert_true (focus == entry || gtk_widget_is_ancestor (focus, entry));
  gtk_editable_set_text (GTK_EDITABLE (entry), "viet");
  for (gint64 end = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
       g_list_model_get_n_items (all) == n_countries && g_get_monotonic_time () < end;)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (g_list_model_get_n_items (all), >=, 1);
  g_assert_cmpuint (g_list_model_get_n_items (all), <, 5);
  g_assert_true (mnr_test_model_has_country (all, "VN"));
  g_assert_false (mnr_test_model_has_country (all, "PH"));
  g_assert_cmpuint (g_list_model_get_n_items (your), ==, 0);

  /* Enter picks the first match and closes the popover. */
  g_signal_emit_by_name (entry, "activate");
  mnr_test_iterate ();
  g_assert_cmpstr (mnr_workspace_get_country (fixture->workspace), ==, "VN");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (popover)));

  /* Opening again starts afresh: both countries are yours. */
  mnr_country_switcher_popup (fixture->country_switcher);
  mnr_test_iterate ();
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, n_countries);
  g_assert_cmpuint (g_list_model_get_n_items (your), ==, 2);
  g_assert_true (mnr_test_model_has_country (your, "PH"));
  g_assert_true (mnr_test_model_has_country (your, "VN"));
  gtk_popover_popdown (popover);
  mnr_test_iterate ();
}

static void
test_round_dialog (Fixture       *fixture,
                   gconstpointer  user_data)
{
  GListModel *rounds = mnr_round_switcher_get_rounds (fixture->round_switcher);
  g_autofree char *first_id = NULL;
  g_autofree char *created_id = NULL;
  g_autofree char *latest_id = NULL;
  g_autofree char *older_id = NULL;
  MnrRoundDialog *dialog;

  mnr_country_switcher_choose (fixture->country_switcher, "PH");
  mnr_test_iterate ();
  /* The first rating made the first round. */
  g_assert_true (mnr_workspace_set_rating (fixture->workspace, "capability-1", "developing", "", NULL));
  mnr_test_iterate ();
  first_id = g_strdup (mnr_workspace_get_round_id (fixture->workspace));
  g_assert_nonnull (first_id);

  dialog = MNR_ROUND_DIALOG (mnr_round_dialog_new (fixture->window, fixture->workspace));
  g_object_ref (dialog);
  g_signal_connect (dialog, "created", G_CALLBACK (record_string), &created_id);
  gtk_window_present (GTK_WINDOW (dialog));
  mnr_test_iterate ();

  /* Prefilled with this year's review, dated today: ready to create. */
  g_assert_true (mnr_round_dialog_get_create_sensitive (dialog));
  g_assert_false (mnr_round_dialog_get_date_error (dialog));

  /* No 30 February. */
  mnr_round_dialog_set_date_text (dialog, "2018-02-30");
  g_assert_false (mnr_round_dialog_get_create_sensitive (dialog));
  g_assert_true (mnr_round_dialog_get_date_error (dialog));
  mnr_round_dialog_activate_create (dialog);
  mnr_test_iterate ();
  g_assert_null (created_id);

  mnr_round_dialog_set_date_text (dialog, "2018");
  g_assert_false (mnr_round_dialog_get_create_sensitive (dialog));

  /* A name is needed too. */
  mnr_round_dialog_set_date_text (dialog, "2099-06-01");
  mnr_round_dialog_set_name_text (dialog, "   ");
  g_assert_false (mnr_round_dialog_get_create_sensitive (dialog));

  mnr_round_dialog_set_name_text (dialog, "Review 2099");
  g_assert_true (mnr_round_dialog_get_create_sensitive (dialog));
  g_assert_false (mnr_round_dialog_get_date_error (dialog));
  mnr_round_dialog_activate_create (dialog);
  mnr_test_iterate ();

  /* Created, shown, and the dialog gone. */
  g_assert_nonnull (created_id);
  g_assert_cmpstr (mnr_workspace_get_round_id (fixture->workspace), ==, created_id);
  g_assert_cmpstr (mnr_workspace_get_round (fixture->workspace)->name, ==, "Review 2099");
  g_assert_cmpstr (button_label (fixture->round_switcher), ==, "Review 2099");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_finalize_object (dialog);

  /* Two rounds, the latest first. */
  g_assert_cmpuint (g_list_model_get_n_items (rounds), ==, 2);
  latest_id = dup_round_id (rounds, 0);
  older_id = dup_round_id (rounds, 1);
  g_assert_cmpstr (latest_id, ==, created_id);
  g_assert_cmpstr (older_id, ==, first_id);

  /* Choosing the older one shows it. */
  mnr_round_switcher_select (fixture->round_switcher, older_id);
  mnr_test_iterate ();
  g_assert_cmpstr (mnr_workspace_get_round_id (fixture->workspace), ==, first_id);
  g_assert_cmpstr (button_label (fixture->round_switcher), !=, "Review 2099");
  g_assert_cmpuint (g_list_model_get_n_items (rounds), ==, 2);
}

static void
test_round_list_rows (Fixture       *fixture,
                      gconstpointer  user_data)
{
  GtkPopover *popover;
  GtkWidget *list;
  guint n_rows = 0;
  guint n_dialogs = 0;

  mnr_country_switcher_choose (fixture->country_switcher, "PH");
  mnr_test_iterate ();
  g_assert_true (mnr_workspace_set_rating (fixture->workspace, "capability-1", "developing", "", NULL));
  mnr_test_iterate ();

  /* The popover lists the round, and New Round… opens the dialog. */
  mnr_round_switcher_popup (fixture->round_switcher);
  mnr_test_iterate ();
  popover = gtk_menu_button_get_popover (menu_button (fixture->round_switcher));
  list = find_descendant (GTK_WIDGET (popover), GTK_TYPE_LIST_BOX);
  g_assert_nonnull (list);
  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row))
      n_rows++;
  g_assert_cmpuint (n_rows, ==, 1);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->round_switcher), "round-switcher.new-round", NULL));
  mnr_test_iterate ();
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (popover)));

  for (GList *l = gtk_window_list_toplevels (); l != NULL; l = g_list_delete_link (l, l))
    if (MNR_IS_ROUND_DIALOG (l->data))
      {
        g_assert_true (gtk_window_get_transient_for (l->data) == fixture->window);
        g_assert_true (gtk_window_get_modal (l->data));
        gtk_window_close (l->data);
        n_dialogs++;
      }
  g_assert_cmpuint (n_dialogs, ==, 1);
  mnr_test_iterate ();
}

static AdwMessageDialog *
find_message_dialog (void)
{
  AdwMessageDialog *found = NULL;

  for (GList *l = gtk_window_list_toplevels (); l != NULL; l = g_list_delete_link (l, l))
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      {
        g_assert_null (found);
        found = l->data;
      }

  return found;
}

/* As a click on a response button does: the response, then the dialog
 * goes. */
static void
respond (AdwMessageDialog *dialog,
         const char       *response)
{
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
  mnr_test_iterate ();
}

static void
record_toast (MnrRoundSwitcher  *switcher,
              AdwToast          *toast,
              AdwToast         **out)
{
  g_clear_object (out);
  *out = g_object_ref (toast);
}

/* Rename Round… and Delete Round… in the popover: a blank name cannot be
 * chosen, a round with ratings is deleted only once confirmed, one without
 * at once, and the toast's Undo brings either back with its ratings. */
static void
test_rename_delete_round (Fixture       *fixture,
                          gconstpointer  user_data)
{
  MnrWorkspace *ws = fixture->workspace;
  g_autoptr(AdwToast) toast = NULL;
  g_autofree char *first_id = NULL;
  AdwMessageDialog *dialog;
  GtkEditable *entry;

  g_signal_connect (fixture->round_switcher, "toast", G_CALLBACK (record_toast), &toast);
  mnr_country_switcher_choose (fixture->country_switcher, "PH");
  mnr_test_iterate ();
  g_assert_true (mnr_workspace_set_rating (ws, "capability-1", "developing", "", NULL));
  mnr_test_iterate ();
  first_id = g_strdup (mnr_workspace_get_round_id (ws));

  /* Rename: the dialog holds the name; blank is refused. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->round_switcher), "round-switcher.rename-round", NULL));
  mnr_test_iterate ();
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == fixture->window);
  entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, mnr_workspace_get_round (ws)->name);
  gtk_editable_set_text (entry, "   ");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "rename"));
  gtk_editable_set_text (entry, "Review <2018> & after");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "rename"));
  respond (dialog, "rename");
  g_assert_null (find_message_dialog ());
  g_assert_cmpstr (button_label (fixture->round_switcher), ==, "Review <2018> & after");
  g_assert_cmpstr (mnr_workspace_get_round_id (ws), ==, first_id);

  /* Delete a round with a rating: asked first; Cancel keeps it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->round_switcher), "round-switcher.delete-round", NULL));
  mnr_test_iterate ();
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "1 rating"));
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "delete"), ==, ADW_RESPONSE_DESTRUCTIVE);
  respond (dialog, "cancel");
  g_assert_cmpstr (mnr_workspace_get_round_id (ws), ==, first_id);
  g_assert_null (toast);

  /* Delete confirmed: gone, with a toast whose Undo brings it back. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->round_switcher), "round-switcher.delete-round", NULL));
  mnr_test_iterate ();
  respond (find_message_dialog (), "delete");
  g_assert_null (mnr_workspace_get_round (ws));
  g_assert_cmpstr (button_label (fixture->round_switcher), ==, "No Round Yet");
  g_assert_nonnull (toast);
  g_assert_cmpstr (adw_toast_get_button_label (toast), ==, "_Undo");
  g_assert_nonnull (strstr (adw_toast_get_title (toast), "Review &lt;2018&gt; &amp; after"));

  g_signal_emit_by_name (toast, "button-clicked");
  mnr_test_iterate ();
  g_assert_cmpstr (mnr_workspace_get_round_id (ws), ==, first_id);
  g_assert_cmpstr (button_label (fixture->round_switcher), ==, "Review <2018> & after");
  g_assert_cmpstr (mnr_level_get_id (mnr_workspace_get_level (ws, "capability-1")), ==, "developing");
  g_clear_object (&toast);

  /* A round that rates nothing goes at once. */
  g_assert_nonnull (mnr_workspace_new_round (ws, "Review 2099", "2099-06-01", NULL));
  g_assert_true (mnr_workspace_set_rating (ws, "capability-1", "not-assessed", "", NULL));
  mnr_test_iterate ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->round_switcher), "round-switcher.delete-round", NULL));
  mnr_test_iterate ();
  g_assert_null (find_message_dialog ());
  g_assert_nonnull (toast);
  g_assert_cmpstr (mnr_workspace_get_round_id (ws), ==, first_id);
  g_assert_cmpuint (mnr_workspace_get_rounds (ws)->len, ==, 1);
}

/* The line under the first round's name in the round popover: its date
 * and whom it is shared with. The rows are made when the popover first
 * opens: opened, read, closed. */
static char *
first_round_row_label (Fixture *fixture)
{
  GtkPopover *popover = gtk_menu_button_get_popover (menu_button (fixture->round_switcher));
  GtkWidget *list = find_descendant (GTK_WIDGET (popover), GTK_TYPE_LIST_BOX);
  GtkWidget *row, *box, *labels;
  char *text;

  mnr_round_switcher_popup (fixture->round_switcher);
  mnr_test_iterate ();
  row = gtk_widget_get_first_child (list);
  g_assert_true (GTK_IS_LIST_BOX_ROW (row));
  box = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));
  labels = gtk_widget_get_first_child (box);
  g_assert_true (GTK_IS_LABEL (gtk_widget_get_last_child (labels)));
  text = g_strdup (gtk_label_get_text (GTK_LABEL (gtk_widget_get_last_child (labels))));
  gtk_popover_popdown (popover);
  mnr_test_iterate ();
  return text;
}

/* Share Round…: the groups offered (the country's own first), the round's
 * shared_with saved, shown in the round list, and taken back. */
static void
test_share_round (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(AdwToast) toast = NULL;
  g_auto(GStrv) offered = NULL;
  g_auto(GStrv) shares = NULL;
  g_autofree char *label = NULL;
  AdwMessageDialog *dialog;
  const char *round_id;

  mnr_country_switcher_choose (fixture->country_switcher, "PH");
  mnr_test_iterate ();
  g_assert_true (mnr_workspace_set_rating (fixture->workspace, "capability-4", "developing", "", NULL));
  mnr_test_iterate ();
  round_id = mnr_workspace_get_round_id (fixture->workspace);
  g_signal_connect (fixture->round_switcher, "toast", G_CALLBACK (record_toast), &toast);

  label = first_round_row_label (fixture);
  g_assert_nonnull (strstr (label, "Not shared"));
  g_clear_pointer (&label, g_free);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->round_switcher), "round-switcher.share-round", NULL));
  mnr_test_iterate ();
  dialog = find_message_dialog ();
  g_assert_true (MNR_IS_SHARE_DIALOG (dialog));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == fixture->window);

  /* The Philippines is in ASEAN: offered first; the other bundled groups after. */
  offered = mnr_share_dialog_list_offered (MNR_SHARE_DIALOG (dialog));
  g_assert_cmpstr (offered[0], ==, "asean");
  g_assert_true (g_strv_contains ((const char * const *) offered, "african-union"));
  g_assert_cmpuint (g_strv_length (offered), ==, g_list_model_get_n_items (mnr_country_catalog_get_groups (catalog)));

  mnr_share_dialog_set_chosen (MNR_SHARE_DIALOG (dialog), "asean", TRUE);
  if (g_getenv ("MNR_TEST_SCREENSHOTS") != NULL)
    {
      /* For a person to look at: MNR_TEST_SCREENSHOTS=DIR */
      g_autofree char *path = g_build_filename (g_getenv ("MNR_TEST_SCREENSHOTS"), "share-dialog.png", NULL);

      g_assert_true (mnr_widget_test_save_screenshot (GTK_WIDGET (dialog), path));
    }
  respond (dialog, "save");
  shares = mnr_store_list_round_shares (fixture->store, round_id, NULL);
  g_assert_true (g_strv_equal ((const char * const *) shares, (const char *[]) { "asean", NULL }));
  g_assert_nonnull (toast);

  mnr_round_switcher_popup (fixture->round_switcher);
  mnr_test_iterate ();
  label = first_round_row_label (fixture);
  g_assert_nonnull (strstr (label, "Shared with ASEAN"));
  g_clear_pointer (&label, g_free);

  /* Cancel changes nothing; unticking and saving takes it back. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->round_switcher), "round-switcher.share-round", NULL));
  mnr_test_iterate ();
  dialog = find_message_dialog ();
  mnr_share_dialog_set_chosen (MNR_SHARE_DIALOG (dialog), "asean", FALSE);
  respond (dialog, "cancel");
  g_clear_pointer (&shares, g_strfreev);
  shares = mnr_store_list_round_shares (fixture->store, round_id, NULL);
  g_assert_cmpuint (g_strv_length (shares), ==, 1);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->round_switcher), "round-switcher.share-round", NULL));
  mnr_test_iterate ();
  dialog = find_message_dialog ();
  mnr_share_dialog_set_chosen (MNR_SHARE_DIALOG (dialog), "asean", FALSE);
  respond (dialog, "save");
  g_clear_pointer (&shares, g_strfreev);
  shares = mnr_store_list_round_shares (fixture->store, round_id, NULL);
  g_assert_cmpuint (g_strv_length (shares), ==, 0);
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

  g_test_add ("/switchers/choose-country", Fixture, NULL,
              fixture_set_up, test_choose_country, fixture_tear_down);
  g_test_add ("/switchers/search", Fixture, NULL,
              fixture_set_up, test_search, fixture_tear_down);
  g_test_add ("/switchers/round-dialog", Fixture, NULL,
              fixture_set_up, test_round_dialog, fixture_tear_down);
  g_test_add ("/switchers/round-list", Fixture, NULL,
              fixture_set_up, test_round_list_rows, fixture_tear_down);
  g_test_add ("/switchers/rename-delete-round", Fixture, NULL,
              fixture_set_up, test_rename_delete_round, fixture_tear_down);
  g_test_add ("/switchers/share-round", Fixture, NULL,
              fixture_set_up, test_share_round, fixture_tear_down);

  status = g_test_run ();
  g_clear_object (&catalog);
  g_clear_object (&framework);
  return status;
}
