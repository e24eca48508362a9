/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "mnr-evidence-editor-private.h"
#include "mnr-evidence-page.h"
#include "mnr-workspace.h"
#include "mnr-test-util.h"
#include "mnr-widget-test-util.h"

/* The Evidence page and the evidence editor over a real store in a
 * temporary folder: listing, searching, filtering, removing with undo,
 * adding with the editor, attachments and the errors a person sees. Run
 * under Xvfb (build-aux/run-tests.sh). */

static MnrFramework *framework;

typedef struct
{
  char         *path;
  MnrStore     *store;
  MnrWorkspace *workspace;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  country)
{
  g_autoptr(GError) error = NULL;

  fixture->store = mnr_test_open_temp_store ("mnr-test-evidence-XXXXXX", &fixture->path);
  fixture->workspace = mnr_workspace_new (fixture->store, framework);
  if (country != NULL)
    {
      mnr_workspace_set_country (fixture->workspace, country, &error);
      g_assert_no_error (error);
    }
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  country)
{
  mnr_test_iterate ();
  g_assert_finalize_object (fixture->workspace);
  mnr_test_close_temp_store (&fixture->store, &fixture->path);
}

static MnrEvidence *
save_evidence (Fixture    *fixture,
               const char *title,
               const char *kind,
               const char *summary,
               gboolean    restricted,
               const char *element_ids[])
{
  g_autoptr(GError) error = NULL;
  MnrEvidence *evidence = mnr_evidence_new (mnr_workspace_get_country (fixture->workspace));

  mnr_evidence_set_title (evidence, title);
  mnr_evidence_set_kind (evidence, kind);
  mnr_evidence_set_summary (evidence, summary);
  mnr_evidence_set_restricted (evidence, restricted);
  mnr_evidence_set_elements (evidence, element_ids);
  mnr_workspace_save_evidence (fixture->workspace, evidence, &error);
  g_assert_no_error (error);

  return evidence;
}

static void
save_three (Fixture *fixture)
{
  const char *helpline[] = { "capability-10", NULL };
  const char *law[] = { "capability-3", "capability-4", "enabler-legal-frameworks", NULL };
  const char *unit[] = { "capability-4", NULL };

  g_object_unref (save_evidence (fixture, "Child helpline 116 111", "service",
                                 "A free national helpline for children, open every day.\nRun by an NGO.",
                                 FALSE, helpline));
  g_object_unref (save_evidence (fixture, "Cybersecurity and Cybercrime Act", "legislation",
                                 "Criminalises online grooming and the sharing of abuse material.",
                                 FALSE, law));
  g_object_unref (save_evidence (fixture, "Specialist police unit", "institution",
                                 "A unit that investigates online offences against children.",
                                 TRUE, unit));
}

/* A window around the page, shown, so that its rows are built. */
static GtkWindow *
page_window (Fixture          *fixture,
             MnrEvidencePage **page)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());

  *page = MNR_EVIDENCE_PAGE (mnr_evidence_page_new (fixture->workspace));
  gtk_window_set_child (window, GTK_WIDGET (*page));
  gtk_window_set_default_size (window, 1000, 700);
  gtk_window_present (window);
  mnr_test_iterate ();

  return window;
}

static guint
n_shown (MnrEvidencePage *page)
{
  return g_list_model_get_n_items (mnr_evidence_page_get_model (page));
}

static gboolean
shows (MnrEvidencePage *page,
       const char      *title)
{
  GListModel *model = mnr_evidence_page_get_model (page);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(MnrEvidence) evidence = g_list_model_get_item (model, i);

      if (g_str_equal (mnr_evidence_get_title (evidence), title))
        return TRUE;
    }

  return FALSE;
}

static void
test_page_no_country (Fixture       *fixture,
                      gconstpointer  data)
{
  MnrEvidencePage *page;
  GtkWindow *window = page_window (fixture, &page);
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (mnr_evidence_page_get_state (page), ==, "no-country");
  g_assert_cmpuint (n_shown (page), ==, 0);

  /* Choosing a country reloads the page: it has nothing yet. */
  mnr_workspace_set_country (fixture->workspace, "GH", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mnr_evidence_page_get_state (page), ==, "empty");

  gtk_window_destroy (window);
}

static void
test_page_lists_and_filters (Fixture       *fixture,
                             gconstpointer  data)
{
  MnrEvidencePage *page;
  GtkWindow *window = page_window (fixture, &page);

  g_assert_cmpuint (n_shown (page), ==, 0);
  g_assert_cmpstr (mnr_evidence_page_get_state (page), ==, "empty");

  /* Saved through the workspace, the items show up. */
  save_three (fixture);
  mnr_test_iterate ();
  g_assert_cmpuint (n_shown (page), ==, 3);
  g_assert_cmpstr (mnr_evidence_page_get_state (page), ==, "list");

  /* Searching titles and summaries. */
  mnr_evidence_page_set_search_text (page, "helpline");
  g_assert_cmpuint (n_shown (page), ==, 1);
  g_assert_true (shows (page, "Child helpline 116 111"));
  mnr_evidence_page_set_search_text (page, "nosuchwordanywhere");
  g_assert_cmpuint (n_shown (page), ==, 0);
  g_assert_cmpstr (mnr_evidence_page_get_state (page), ==, "no-results");
  mnr_evidence_page_set_search_text (page, NULL);
  g_assert_cmpuint (n_shown (page), ==, 3);

  /* By kind. */
  mnr_evidence_page_set_filter_kind (page, "legislation");
  g_assert_cmpuint (n_shown (page), ==, 1);
  g_assert_true (shows (page, "Cybersecurity and Cybercrime Act"));
  mnr_evidence_page_set_filter_kind (page, "campaign");
  g_assert_cmpuint (n_shown (page), ==, 0);
  g_assert_cmpstr (mnr_evidence_page_get_state (page), ==, "no-results");
  mnr_evidence_page_set_filter_kind (page, NULL);

  /* By capability, and by enabler. */
  mnr_evidence_page_set_filter_element (page, "capability-4");
  g_assert_cmpuint (n_shown (page), ==, 2);
  g_assert_false (shows (page, "Child helpline 116 111"));
  mnr_evidence_page_set_filter_element (page, "enabler-legal-frameworks");
  g_assert_cmpuint (n_shown (page), ==, 1);

  /* A filter and a search together. */
  mnr_evidence_page_set_filter_element (page, "capability-4");
  mnr_evidence_page_set_search_text (page, "unit");
  g_assert_cmpuint (n_shown (page), ==, 1);
  g_assert_true (shows (page, "Specialist police unit"));

  /* "Show All Evidence" clears them all. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "evidence.clear-filters", NULL));
  g_assert_cmpuint (n_shown (page), ==, 3);
  mnr_test_iterate ();

  gtk_window_destroy (window);
}

static void
test_page_remove_and_undo (Fixture       *fixture,
                           gconstpointer  data)
{
  MnrEvidencePage *page;
  GtkWindow *window = page_window (fixture, &page);
  g_autoptr(MnrEvidence) first = NULL;
  g_autofree char *id = NULL;
  AdwToast *toast;

  save_three (fixture);
  mnr_test_iterate ();
  g_assert_cmpuint (n_shown (page), ==, 3);

  /* Removing says so, with an Undo button. */
  first = g_list_model_get_item (mnr_evidence_page_get_model (page), 0);
  id = g_strdup (mnr_evidence_get_id (first));
  mnr_evidence_page_remove (page, first);
  mnr_test_iterate ();
  g_assert_cmpuint (n_shown (page), ==, 2);
  toast = mnr_evidence_page_get_toast (page);
  g_assert_nonnull (toast);
  g_assert_nonnull (strstr (adw_toast_get_title (toast), "removed"));
  g_assert_cmpstr (adw_toast_get_button_label (toast), ==, "_Undo");
  g_assert_cmpstr (adw_toast_get_action_name (toast), ==, "evidence.undo");

  g_assert_true (mnr_evidence_page_undo_last_removal (page));
  mnr_test_iterate ();
  g_assert_cmpuint (n_shown (page), ==, 3);
  g_assert_false (mnr_evidence_page_undo_last_removal (page));

  /* The row's button and the toast's button go through the actions. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "evidence.remove", "s", id));
  mnr_test_iterate ();
  g_assert_cmpuint (n_shown (page), ==, 2);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "evidence.undo", "s", id));
  mnr_test_iterate ();
  g_assert_cmpuint (n_shown (page), ==, 3);

  /* Removing the last item leaves the empty state. */
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(MnrEvidence) evidence = g_list_model_get_item (mnr_evidence_page_get_model (page), 0);
      mnr_evidence_page_remove (page, evidence);
    }
  mnr_test_iterate ();
  g_assert_cmpstr (mnr_evidence_page_get_state (page), ==, "empty");

  gtk_window_destroy (window);
}

static void
count_cb (gpointer  emitter,
          gpointer  evidence,
          guint    *count)
{
  g_assert_true (MNR_IS_EVIDENCE (evidence));
  (*count)++;
}

static MnrEvidenceEditor *
editor_new (Fixture     *fixture,
            MnrEvidence *evidence,
            const char  *element_id)
{
  GtkWidget *editor = mnr_evidence_editor_new (NULL, fixture->workspace, evidence, element_id);

  g_assert_true (MNR_IS_EVIDENCE_EDITOR (editor));
  gtk_window_present (GTK_WINDOW (editor));
  mnr_test_iterate ();

  return MNR_EVIDENCE_EDITOR (editor);
}

static void
test_editor_adds (Fixture       *fixture,
                  gconstpointer  data)
{
  MnrEvidenceEditor *editor = editor_new (fixture, NULL, "capability-4");
  GtkWidget *save = mnr_evidence_editor_get_save_button (editor);
  g_autoptr(MnrEvidence) evidence = g_object_ref (mnr_evidence_editor_get_evidence (editor));
  guint saved = 0;

  g_signal_connect (editor, "saved", G_CALLBACK (count_cb), &saved);
  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *)&editor);

  /* The capability it was opened for is ticked; nothing to save yet. */
  g_assert_true (mnr_evidence_editor_get_is_new (editor));
  g_assert_true (mnr_evidence_editor_get_element_active (editor, "capability-4"));
  g_assert_false (mnr_evidence_editor_get_element_active (editor, "capability-5"));
  g_assert_false (gtk_widget_get_sensitive (save));

  mnr_evidence_editor_set_title_text (editor, "   ");
  g_assert_false (gtk_widget_get_sensitive (save));
  mnr_evidence_editor_set_title_text (editor, "National Plan of Action 2018–2022");
  g_assert_true (gtk_widget_get_sensitive (save));

  /* A malformed date is marked and keeps Save off. */
  for (guint i = 0; i < 5; i++)
    {
      const char *bad[] = { "2018-13", "18", "2018-02-30", "2018/06", "june" };

      mnr_evidence_editor_set_date_text (editor, bad[i]);
      g_assert_false (mnr_evidence_editor_get_date_valid (editor));
      g_assert_false (gtk_widget_get_sensitive (save));
    }
  for (guint i = 0; i < 4; i++)
    {
      const char *good[] = { "", "2018", "2018-06", "2020-02-29" };

      mnr_evidence_editor_set_date_text (editor, good[i]);
      g_assert_true (mnr_evidence_editor_get_date_valid (editor));
      g_assert_true (gtk_widget_get_sensitive (save));
    }

  mnr_evidence_editor_set_date_text (editor, "2018-06");
  mnr_evidence_editor_set_kind (editor, "policy");
  g_assert_cmpuint (mnr_workspace_get_evidence_count (fixture->workspace, "capability-4"), ==, 0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  mnr_test_iterate ();

  /* Saved, announced, and the window closed. */
  g_assert_cmpuint (saved, ==, 1);
  g_assert_null (editor);
  g_assert_cmpuint (mnr_workspace_get_evidence_count (fixture->workspace, "capability-4"), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (mnr_workspace_get_evidence (fixture->workspace)), ==, 1);
  g_assert_cmpstr (mnr_evidence_get_title (evidence), ==, "National Plan of Action 2018–2022");
  g_assert_cmpstr (mnr_evidence_get_kind (evidence), ==, "policy");
  g_assert_cmpstr (mnr_evidence_get_date (evidence), ==, "2018-06");
}

static void
test_editor_cancel (Fixture       *fixture,
                    gconstpointer  data)
{
  MnrEvidenceEditor *editor = editor_new (fixture, NULL, NULL);

  AdwMessageDialog *dialog;

  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *)&editor);

  /* Nothing typed: Escape (editor.cancel) closes at once. */
  g_assert_false (mnr_evidence_editor_get_dirty (editor));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.cancel", NULL));
  mnr_test_iterate ();
  g_assert_null (editor);

  /* Typed, then Escape: asked first, and Keep Editing keeps the text. */
  editor = editor_new (fixture, NULL, NULL);
  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *)&editor);
  mnr_evidence_editor_set_title_text (editor, "Never saved");
  g_assert_true (mnr_evidence_editor_get_dirty (editor));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.cancel", NULL));
  mnr_test_iterate ();
  g_assert_nonnull (editor);
  dialog = ADW_MESSAGE_DIALOG (mnr_evidence_editor_get_discard_dialog (editor));
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Discard Changes?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "“Never saved”"));
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "keep");
  g_assert_cmpstr (adw_message_dialog_get_close_response (dialog), ==, "keep");
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "discard"), ==, ADW_RESPONSE_DESTRUCTIVE);

  /* Closing again while it asks: the same question, not a second one. */
  gtk_window_close (GTK_WINDOW (editor));
  mnr_test_iterate ();
  g_assert_true (ADW_MESSAGE_DIALOG (mnr_evidence_editor_get_discard_dialog (editor)) == dialog);

  adw_message_dialog_response (dialog, "keep");
  gtk_window_destroy (GTK_WINDOW (dialog));
  mnr_test_iterate ();
  g_assert_nonnull (editor);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (editor)));
  g_assert_true (mnr_evidence_editor_get_dirty (editor));

  /* Asked again, Discard: the window goes and nothing is saved. */
  gtk_window_close (GTK_WINDOW (editor));
  mnr_test_iterate ();
  dialog = ADW_MESSAGE_DIALOG (mnr_evidence_editor_get_discard_dialog (editor));
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "discard");
  mnr_test_iterate ();
  g_assert_null (editor);
  g_assert_cmpuint (g_list_model_get_n_items (mnr_workspace_get_evidence (fixture->workspace)), ==, 0);
}

static void
test_editor_edits (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *unit[] = { "capability-4", NULL };
  g_autoptr(MnrEvidence) evidence = save_evidence (fixture, "Police unit", "institution", "", FALSE, unit);
  MnrEvidenceEditor *editor = editor_new (fixture, evidence, NULL);
  g_autoptr(MnrEvidence) reloaded = NULL;

  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *)&editor);
  g_assert_false (mnr_evidence_editor_get_is_new (editor));
  g_assert_true (mnr_evidence_editor_get_element_active (editor, "capability-4"));
  g_assert_true (gtk_widget_get_sensitive (mnr_evidence_editor_get_save_button (editor)));

  mnr_evidence_editor_set_title_text (editor, "Specialist police unit");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  mnr_test_iterate ();
  g_assert_null (editor);

  reloaded = g_list_model_get_item (mnr_workspace_get_evidence (fixture->workspace), 0);
  g_assert_cmpuint (g_list_model_get_n_items (mnr_workspace_get_evidence (fixture->workspace)), ==, 1);
  g_assert_cmpstr (mnr_evidence_get_title (reloaded), ==, "Specialist police unit");
  g_assert_true (mnr_evidence_has_element (reloaded, "capability-4"));
}

static GFile *
write_temp_file (Fixture    *fixture,
                 const char *name)
{
  g_autofree char *path = g_build_filename (fixture->path, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, "%PDF-1.4\n% a small test file\n", -1, &error);
  g_assert_no_error (error);

  return g_file_new_for_path (path);
}

static void
test_editor_attachment (Fixture       *fixture,
                        gconstpointer  data)
{
  MnrEvidenceEditor *editor = editor_new (fixture, NULL, "capability-10");
  g_autoptr(GFile) file = write_temp_file (fixture, "helpline-report.pdf");
  g_autoptr(MnrEvidence) evidence = g_object_ref (mnr_evidence_editor_get_evidence (editor));
  g_autoptr(GPtrArray) attachments = NULL;
  g_autoptr(GError) error = NULL;
  const MnrAttachment *attachment;

  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *)&editor);
  mnr_evidence_editor_set_title_text (editor, "Child helpline annual report");

  /* A new item keeps the file until it is saved; twice is once. */
  g_assert_true (mnr_evidence_editor_add_attachment_file (editor, file));
  g_assert_true (mnr_evidence_editor_add_attachment_file (editor, file));
  g_assert_cmpuint (mnr_evidence_editor_get_n_pending (editor), ==, 1);
  g_assert_null (mnr_evidence_editor_get_toast (editor));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  mnr_test_iterate ();
  g_assert_null (editor);

  attachments = mnr_workspace_list_attachments (fixture->workspace, mnr_evidence_get_id (evidence), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (attachments->len, ==, 1);
  attachment = g_ptr_array_index (attachments, 0);
  g_assert_cmpstr (attachment->name, ==, "helpline-report.pdf");
}

static void
test_editor_missing_file (Fixture       *fixture,
                          gconstpointer  data)
{
  const char *unit[] = { "capability-4", NULL };
  g_autoptr(MnrEvidence) existing = save_evidence (fixture, "Police unit", "institution", "", FALSE, unit);
  g_autofree char *path = g_build_filename (fixture->path, "missing.pdf", NULL);
  g_autoptr(GFile) missing = g_file_new_for_path (path);
  g_autoptr(GPtrArray) attachments = NULL;
  g_autoptr(GError) error = NULL;
  MnrEvidenceEditor *editor;
  AdwToast *toast;

  /* For a new item: a toast at once, nothing pending, nothing saved. */
  editor = editor_new (fixture, NULL, NULL);
  mnr_evidence_editor_set_title_text (editor, "With a missing file");
  g_assert_false (mnr_evidence_editor_add_attachment_file (editor, missing));
  toast = mnr_evidence_editor_get_toast (editor);
  g_assert_nonnull (toast);
  g_assert_nonnull (strstr (adw_toast_get_title (toast), "missing.pdf"));
  g_assert_cmpuint (mnr_evidence_editor_get_n_pending (editor), ==, 0);
  gtk_window_destroy (GTK_WINDOW (editor));
  mnr_test_iterate ();
  g_assert_cmpuint (g_list_model_get_n_items (mnr_workspace_get_evidence (fixture->workspace)), ==, 1);

  /* For a saved item: the store's error, in a toast; nothing attached. */
  editor = editor_new (fixture, existing, NULL);
  g_assert_false (mnr_evidence_editor_add_attachment_file (editor, missing));
  toast = mnr_evidence_editor_get_toast (editor);
  g_assert_nonnull (toast);
  g_assert_nonnull (strstr (adw_toast_get_title (toast), "missing.pdf"));
  gtk_window_destroy (GTK_WINDOW (editor));
  mnr_test_iterate ();

  attachments = mnr_workspace_list_attachments (fixture->workspace, mnr_evidence_get_id (existing), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (attachments->len, ==, 0);
}

static void
test_editor_save_fails (Fixture       *fixture,
                        gconstpointer  data)
{
  MnrEvidenceEditor *editor = editor_new (fixture, NULL, "capability-4");
  guint saved = 0;

  g_signal_connect (editor, "saved", G_CALLBACK (count_cb), &saved);
  mnr_evidence_editor_set_title_text (editor, "Typed before the store went away");

  /* The store cannot be written: the window stays, with the reason. */
  mnr_store_close (fixture->store);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  mnr_test_iterate ();

  g_assert_cmpuint (saved, ==, 0);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (editor)));
  g_assert_nonnull (mnr_evidence_editor_get_toast (editor));
  g_assert_true (mnr_evidence_editor_get_is_new (editor));
  g_assert_true (mnr_evidence_editor_get_element_active (editor, "capability-4"));

  gtk_window_destroy (GTK_WINDOW (editor));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  if (!mnr_widget_test_init (&argc, &argv))
    return 77;

  framework = mnr_test_load_framework ();

#define ADD(path, func, country) \
  g_test_add (path, Fixture, country, fixture_set_up, func, fixture_tear_down)

  ADD ("/evidence-page/no-country", test_page_no_country, NULL);
  ADD ("/evidence-page/lists-and-filters", test_page_lists_and_filters, "GH");
  ADD ("/evidence-page/remove-and-undo", test_page_remove_and_undo, "GH");
  ADD ("/evidence-editor/adds", test_editor_adds, "GH");
  ADD ("/evidence-editor/cancel", test_editor_cancel, "GH");
  ADD ("/evidence-editor/edits", test_editor_edits, "GH");
  ADD ("/evidence-editor/attachment", test_editor_attachment, "GH");
  ADD ("/evidence-editor/missing-file", test_editor_missing_file, "GH");
  ADD ("/evidence-editor/save-fails", test_editor_save_fails, "GH");

#undef ADD

  status = g_test_run ();
  g_clear_object (&framework);
  return status;
}
