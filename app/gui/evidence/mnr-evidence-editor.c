/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-evidence-editor"

#include "config.h"

#include "mnr-gui-resources.h"

#include <glib/gi18n.h>

#include "mnr-evidence-editor-private.h"
#include "mnr-accessible.h"
#include "mnr-entry-row.h"

/* The window that adds or edits one item of evidence: what it is, when and
 * where from, what it backs, and its files. Nothing reaches the store until
 * Save; when saving fails the window stays open with everything typed, and
 * says why in a toast. Files chosen for a new item wait in a pending list
 * and are attached right after its first save. */

struct _MnrEvidenceEditor
{
  AdwWindow             parent_instance;

  /* template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkWidget            *save_button;
  AdwEntryRow          *title_row;
  AdwComboRow          *kind_row;
  AdwEntryRow          *date_row;
  AdwEntryRow          *source_row;
  GtkTextView          *summary_view;
  GtkSwitch            *restricted_switch;
  AdwExpanderRow       *capabilities_row;
  AdwExpanderRow       *enablers_row;
  AdwPreferencesGroup  *attachments_group;
  GtkListBox           *attachments_list;

  /* owned */
  MnrWorkspace         *workspace;
  MnrEvidence          *evidence;
  char                 *preselected_element_id;
  GHashTable           *checks;       /* element id → GtkCheckButton, borrowed */
  GPtrArray            *pending;      /* GFile, attached after the first save */
  GtkFileChooserNative *chooser;
  AdwToast             *toast;        /* the toast on show, until dismissed */
  char                 *clean_state;  /* the form as filled or last saved */
  GtkWidget            *discard_dialog; /* borrowed: asking, until answered */

  gboolean              is_new;
  gboolean              discarding;   /* the user chose Discard: close */
};

G_DEFINE_FINAL_TYPE (MnrEvidenceEditor, mnr_evidence_editor, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_WORKSPACE,
  PROP_EVIDENCE,
  PROP_PRESELECTED_ELEMENT_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* --- helpers --------------------------------------------------------------- */

static void
on_toast_dismissed_cb (MnrEvidenceEditor *self,
                       AdwToast          *toast)
{
  if (self->toast == toast)
    g_clear_object (&self->toast);
}

static void
show_toast (MnrEvidenceEditor *self,
            const char        *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);
  AdwToast *toast = adw_toast_new (escaped);

  g_assert (MNR_IS_EVIDENCE_EDITOR (self));

  /* An error stays until it has been read. */
  adw_toast_set_timeout (toast, 0);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect_object (toast, "dismissed",
                           G_CALLBACK (on_toast_dismissed_cb), self,
                           G_CONNECT_SWAPPED);
  g_set_object (&self->toast, toast);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static char *
dup_stripped_text (GtkEditable *editable)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (editable)));
}

/* "", "2018", "2018-06" or "2018-06-30", with a real month and day. */
static gboolean
date_is_valid (const char *text)
{
  static const char pattern[] = "dddd-dd-dd";
  gsize len = strlen (text);
  int year, month = 1, day = 1;

  if (len == 0)
    return TRUE;
  if (len != 4 && len != 7 && len != 10)
    return FALSE;

  for (gsize i = 0; i < len; i++)
    {
      if (pattern[i] == 'd' ? !g_ascii_isdigit (text[i]) : text[i] != '-')
        return FALSE;
    }

  year = (int)g_ascii_strtoll (text, NULL, 10);
  if (len >= 7)
    month = (int)g_ascii_strtoll (text + 5, NULL, 10);
  if (len == 10)
    day = (int)g_ascii_strtoll (text + 8, NULL, 10);

  return year >= 1 && g_date_valid_dmy ((GDateDay)day, (GDateMonth)month, (GDateYear)year);
}

static gboolean
form_is_valid (MnrEvidenceEditor *self)
{
  g_autofree char *title = dup_stripped_text (GTK_EDITABLE (self->title_row));
  g_autofree char *date = dup_stripped_text (GTK_EDITABLE (self->date_row));

  return title[0] != '\0' && date_is_valid (date);
}

static void
update_save_action (MnrEvidenceEditor *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save", form_is_valid (self));
}

static void
update_title (MnrEvidenceEditor *self)
{
  gtk_window_set_title (GTK_WINDOW (self),
                        self->is_new ? _("Add Evidence") : _("Edit Evidence"));
}

/* --- what it backs ------------------------------------------------------- */

static guint
count_checked (MnrEvidenceEditor *self,
               GListModel        *elements)
{
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (elements); i++)
    {
      g_autoptr(MnrElement) element = g_list_model_get_item (elements, i);
      GtkCheckButton *check = g_hash_table_lookup (self->checks, mnr_element_get_id (element));

      if (check != NULL && gtk_check_button_get_active (check))
        n++;
    }

  return n;
}

static void
update_expander_subtitle (MnrEvidenceEditor *self,
                          AdwExpanderRow    *expander,
                          GListModel        *elements)
{
  guint n = count_checked (self, elements);
  g_autofree char *subtitle = NULL;

  if (n == 0)
    subtitle = g_strdup (_("None chosen"));
  else
    /* Translators: how many capabilities (or enablers) are ticked */
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u chosen", "%u chosen", n), n);

  adw_expander_row_set_subtitle (expander, subtitle);
}

static void
update_backs (MnrEvidenceEditor *self)
{
  MnrFramework *framework = mnr_workspace_get_framework (self->workspace);

  update_expander_subtitle (self, self->capabilities_row, mnr_framework_get_capabilities (framework));
  update_expander_subtitle (self, self->enablers_row, mnr_framework_get_enablers (framework));
}

static void
add_element_rows (MnrEvidenceEditor *self,
                  AdwExpanderRow    *expander,
                  GListModel        *elements)
{
  gboolean any_active = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (elements); i++)
    {
      g_autoptr(MnrElement) element = g_list_model_get_item (elements, i);
      const char *id = mnr_element_get_id (element);
      g_autofree char *label = NULL;
      GtkWidget *row;
      GtkWidget *check;
      gboolean active;

      if (mnr_element_get_kind (element) == MNR_ELEMENT_CAPABILITY)
        /* Translators: a capability's number, then its title: "4 · Dedicated Law Enforcement" */
        label = g_strdup_printf (_("%u · %s"), mnr_element_get_number (element),
                                 mnr_element_get_title (element));
      else
        label = g_strdup (mnr_element_get_title (element));

      active = mnr_evidence_has_element (self->evidence, id) ||
               (self->is_new && g_strcmp0 (id, self->preselected_element_id) == 0);
      any_active |= active;

      check = gtk_check_button_new ();
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), active);
      /* Named by the row's title, as its activatable widget. */
      g_signal_connect_object (check, "toggled",
                               G_CALLBACK (update_backs), self,
                               G_CONNECT_SWAPPED);

      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      adw_expander_row_add_row (expander, row);

      g_hash_table_insert (self->checks, g_strdup (id), check);
    }

  adw_expander_row_set_expanded (expander, any_active);
}

/* The ticked elements in the framework's order, after any the evidence
 * backs that this edition of the framework does not know: those are kept. */
static GStrv
dup_checked_elements (MnrEvidenceEditor *self)
{
  MnrFramework *framework = mnr_workspace_get_framework (self->workspace);
  GListModel *lists[] = {
    mnr_framework_get_capabilities (framework),
    mnr_framework_get_enablers (framework),
  };
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const char * const *current = mnr_evidence_get_elements (self->evidence);

  for (guint i = 0; current != NULL && current[i] != NULL; i++)
    if (!g_hash_table_contains (self->checks, current[i]))
      g_strv_builder_add (builder, current[i]);

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    for (guint i = 0; i < g_list_model_get_n_items (lists[l]); i++)
      {
        g_autoptr(MnrElement) element = g_list_model_get_item (lists[l], i);
        GtkCheckButton *check = g_hash_table_lookup (self->checks, mnr_element_get_id (element));

        if (check != NULL && gtk_check_button_get_active (check))
          g_strv_builder_add (builder, mnr_element_get_id (element));
      }

  return g_strv_builder_end (builder);
}

/* --- attachments ---------------------------------------------------------- */

static GtkWidget *
attachment_row (const char *name,
                const char *subtitle,
                GtkWidget  *button)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                             g_object_new (GTK_TYPE_IMAGE,
                                           "icon-name", "text-x-generic-symbolic",
                                           "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                           NULL));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

  return row;
}

static void
refresh_attachments (MnrEvidenceEditor *self)
{
  g_autoptr(GPtrArray) stored = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;
  guint n = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->attachments_list))))
    gtk_list_box_remove (self->attachments_list, child);

  if (!self->is_new)
    {
      stored = mnr_workspace_list_attachments (self->workspace,
                                               mnr_evidence_get_id (self->evidence),
                                               &error);
      if (stored == NULL)
        show_toast (self, error->message);
    }

  for (guint i = 0; stored != NULL && i < stored->len; i++)
    {
      const MnrAttachment *attachment = g_ptr_array_index (stored, i);
      g_autofree char *size = g_format_size ((guint64)MAX (attachment->size, 0));
      /* Translators: the accessible name of a button; %s is a file name */
      g_autofree char *open_label = g_strdup_printf (_("Open “%s”"), attachment->name);
      GtkWidget *button;

      button = g_object_new (GTK_TYPE_BUTTON,
                             "label", _("Open"),
                             "tooltip-text", open_label,
                             "action-name", "editor.open-attachment",
                             "action-target", g_variant_new_string (attachment->sha256),
                             NULL);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, open_label,
                                      -1);
      gtk_list_box_append (self->attachments_list, attachment_row (attachment->name, size, button));
      n++;
    }

  for (guint i = 0; i < self->pending->len; i++)
    {
      GFile *file = g_ptr_array_index (self->pending, i);
      g_autofree char *name = g_file_get_basename (file);
      /* Translators: the accessible name of a button; %s is a file name */
      g_autofree char *remove_label = g_strdup_printf (_("Remove “%s”"), name);
      GtkWidget *button;

      button = g_object_new (GTK_TYPE_BUTTON,
                             "icon-name", "user-trash-symbolic",
                             "tooltip-text", remove_label,
                             "action-name", "editor.remove-pending",
                             "action-target", g_variant_new_uint32 (i),
                             NULL);
      gtk_widget_add_css_class (button, "flat");
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label,
                                      -1);
      gtk_list_box_append (self->attachments_list,
                           attachment_row (name, _("Attached when you save"), button));
      n++;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->attachments_list), n > 0);
  adw_preferences_group_set_description (self->attachments_group,
                                         n > 0 ? NULL : _("No files attached"));
}

/* The store's own checks, made when a file is chosen for an item that is not
 * saved yet, so the person hears of a bad file at once and not after Save. */
static gboolean
check_attachment_file (GFile   *file,
                       GError **error)
{
  g_autofree char *basename = g_file_get_basename (file);
  g_autofree char *name = g_filename_display_name (basename);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;

  info = g_file_query_info (file,
                            G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                            G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                            G_FILE_ATTRIBUTE_ACCESS_CAN_READ,
                            G_FILE_QUERY_INFO_NONE, NULL, &local_error);
  if (info == NULL && g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      g_set_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_NOT_FOUND,
                   _("“%s” cannot be attached: there is no such file."), name);
      return FALSE;
    }

  if (info == NULL)
    {
      g_set_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_FAILED,
                   _("“%s” cannot be attached: %s"), name, local_error->message);
      return FALSE;
    }

  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_set_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_INVALID,
                   _("“%s” is not a file that can be attached."), name);
      return FALSE;
    }

  if (g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_ACCESS_CAN_READ) &&
      !g_file_info_get_attribute_boolean (info, G_FILE_ATTRIBUTE_ACCESS_CAN_READ))
    {
      g_set_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_FAILED,
                   _("“%s” cannot be attached: it cannot be read."), name);
      return FALSE;
    }

  if (g_file_info_get_size (info) > MNR_STORE_MAX_ATTACHMENT_SIZE)
    {
      g_set_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_TOO_LARGE,
                   _("“%s” is larger than %d MB, the limit for an attachment."),
                   name, MNR_STORE_MAX_ATTACHMENT_SIZE / (1024 * 1024));
      return FALSE;
    }

  return TRUE;
}

static void
on_chooser_response_cb (MnrEvidenceEditor    *self,
                        int                   response,
                        GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);

          mnr_evidence_editor_add_attachment_file (self, file);
        }
    }

  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  g_clear_object (&self->chooser);
}

/* --- actions ---------------------------------------------------------------- */

static void
add_attachment_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  MnrEvidenceEditor *self = MNR_EVIDENCE_EDITOR (widget);

  if (self->chooser != NULL)
    return;

  /* Through the file chooser portal when sandboxed. */
  self->chooser = gtk_file_chooser_native_new (_("Attach Files"),
                                               GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Attach"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (self->chooser), TRUE);
  g_signal_connect_object (self->chooser, "response",
                           G_CALLBACK (on_chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
open_attachment_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  MnrEvidenceEditor *self = MNR_EVIDENCE_EDITOR (widget);
  MnrStore *store = mnr_workspace_get_store (self->workspace);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;

  file = mnr_store_get_attachment_for_opening (store, g_variant_get_string (parameter, NULL), &error);
  if (file == NULL)
    {
      show_toast (self, error != NULL ? error->message : _("The file is missing from the store."));
      return;
    }

  uri = g_file_get_uri (file);
  gtk_show_uri (GTK_WINDOW (self), uri, GDK_CURRENT_TIME);
}

static void
remove_pending_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  MnrEvidenceEditor *self = MNR_EVIDENCE_EDITOR (widget);
  guint index = g_variant_get_uint32 (parameter);

  if (index >= self->pending->len)
    return;

  g_ptr_array_remove_index (self->pending, index);
  refresh_attachments (self);
}

/* Everything the user can change in the form, as one string: the form is
 * dirty when it differs from the one taken once filled or saved. */
static char *
dup_form_state (MnrEvidenceEditor *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->summary_view);
  g_auto(GStrv) elements = dup_checked_elements (self);
  g_autofree char *summary = NULL;
  g_autofree char *joined = NULL;
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  summary = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  joined = g_strjoinv (",", elements);

  return g_strdup_printf ("%s\x1f%u\x1f%s\x1f%s\x1f%s\x1f%d\x1f%s\x1f%u",
                          gtk_editable_get_text (GTK_EDITABLE (self->title_row)),
                          adw_combo_row_get_selected (self->kind_row),
                          gtk_editable_get_text (GTK_EDITABLE (self->date_row)),
                          gtk_editable_get_text (GTK_EDITABLE (self->source_row)),
                          summary,
                          gtk_switch_get_active (self->restricted_switch),
                          joined,
                          self->pending->len);
}

static void
remember_clean_state (MnrEvidenceEditor *self)
{
  g_free (self->clean_state);
  self->clean_state = dup_form_state (self);
}

/**
 * mnr_evidence_editor_get_dirty:
 *
 * Returns: whether the form holds changes that are not saved
 */
gboolean
mnr_evidence_editor_get_dirty (MnrEvidenceEditor *self)
{
  g_autofree char *state = NULL;

  g_return_val_if_fail (MNR_IS_EVIDENCE_EDITOR (self), FALSE);

  state = dup_form_state (self);
  return g_strcmp0 (state, self->clean_state) != 0;
}

static gboolean
close_idle_cb (gpointer user_data)
{
  gtk_window_close (GTK_WINDOW (user_data));
  return G_SOURCE_REMOVE;
}

static void
on_discard_response_cb (MnrEvidenceEditor *self,
                        const char        *response,
                        AdwMessageDialog  *dialog)
{
  self->discard_dialog = NULL;

  if (!g_str_equal (response, "discard"))
    return;

  /* After the dialog is done with its response: it goes with this window. */
  self->discarding = TRUE;
  g_idle_add_full (G_PRIORITY_DEFAULT, close_idle_cb, g_object_ref (self), g_object_unref);
}

/* Unsaved work is never dropped silently: closing a form with changes
 * (Escape, Cancel, the window's close button) asks first, as GNOME's
 * editors do; Keep Editing is the default and what Escape answers. */
static gboolean
mnr_evidence_editor_close_request (GtkWindow *window)
{
  MnrEvidenceEditor *self = MNR_EVIDENCE_EDITOR (window);
  g_autofree char *title = NULL;
  GtkWidget *dialog;

  if (self->discarding || !mnr_evidence_editor_get_dirty (self))
    return GTK_WINDOW_CLASS (mnr_evidence_editor_parent_class)->close_request (window);

  if (self->discard_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->discard_dialog));
      return TRUE;
    }

  title = dup_stripped_text (GTK_EDITABLE (self->title_row));
  dialog = adw_message_dialog_new (window, _("Discard Changes?"), NULL);
  if (title[0] != '\0')
    adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                    _("The changes to “%s” are not saved. If you discard them, they are lost."),
                                    title);
  else
    adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                    _("This evidence is not saved. If you discard it, what you typed is lost."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "keep", _("_Keep Editing"),
                                    "discard", _("_Discard"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_discard_response_cb), self, G_CONNECT_SWAPPED);
  self->discard_dialog = dialog;
  gtk_window_present (GTK_WINDOW (dialog));

  return TRUE;
}

/**
 * mnr_evidence_editor_get_discard_dialog:
 *
 * Returns: (transfer none) (nullable): the dialog asking whether to
 *   discard the changes, while it is shown; for tests
 */
GtkWidget *
mnr_evidence_editor_get_discard_dialog (MnrEvidenceEditor *self)
{
  g_return_val_if_fail (MNR_IS_EVIDENCE_EDITOR (self), NULL);

  return self->discard_dialog;
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  gtk_window_close (GTK_WINDOW (widget));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  MnrEvidenceEditor *self = MNR_EVIDENCE_EDITOR (widget);
  g_autofree char *title = dup_stripped_text (GTK_EDITABLE (self->title_row));
  g_autofree char *date = dup_stripped_text (GTK_EDITABLE (self->date_row));
  g_autofree char *source = dup_stripped_text (GTK_EDITABLE (self->source_row));
  g_autofree char *summary = NULL;
  g_auto(GStrv) elements = dup_checked_elements (self);
  g_autoptr(GPtrArray) pending = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) attach_error = NULL;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->summary_view);
  GtkTextIter start, end;
  guint kind;

  /* Ctrl+Enter reaches here whatever the button's state. */
  if (!form_is_valid (self))
    return;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  summary = g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
  kind = adw_combo_row_get_selected (self->kind_row);

  /* Sample evidence is shown translated; text left as shown keeps the
   * English key the store holds, so it follows the user's language. */
  if (g_strcmp0 (title, mnr_evidence_get_display_title (self->evidence)) != 0)
    mnr_evidence_set_title (self->evidence, title);
  if (kind < g_strv_length ((char **)mnr_evidence_kinds))
    mnr_evidence_set_kind (self->evidence, mnr_evidence_kinds[kind]);
  mnr_evidence_set_date (self->evidence, date);
  mnr_evidence_set_source (self->evidence, source);
  if (g_strcmp0 (summary, mnr_evidence_get_display_summary (self->evidence)) != 0)
    mnr_evidence_set_summary (self->evidence, summary);
  mnr_evidence_set_restricted (self->evidence, gtk_switch_get_active (self->restricted_switch));
  mnr_evidence_set_elements (self->evidence, (const char * const *)elements);

  if (!mnr_workspace_save_evidence (self->workspace, self->evidence, &error))
    {
      /* Everything typed stays in the form. */
      show_toast (self, error->message);
      return;
    }

  self->is_new = FALSE;
  update_title (self);

  /* The files chosen before the first save, now that the item exists. */
  pending = g_steal_pointer (&self->pending);
  self->pending = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < pending->len; i++)
    {
      g_autoptr(MnrAttachment) attachment = NULL;
      g_autoptr(GError) local_error = NULL;

      attachment = mnr_workspace_add_attachment (self->workspace,
                                                 mnr_evidence_get_id (self->evidence),
                                                 g_ptr_array_index (pending, i),
                                                 &local_error);
      if (attachment == NULL && attach_error == NULL)
        attach_error = g_steal_pointer (&local_error);
    }

  g_signal_emit (self, signals[SAVED], 0, self->evidence);
  remember_clean_state (self);

  if (attach_error != NULL)
    {
      /* The item is saved; the window stays to show which file failed. */
      refresh_attachments (self);
      show_toast (self, attach_error->message);
      return;
    }

  gtk_window_close (GTK_WINDOW (self));
}

/* --- form --------------------------------------------------------------- */

static void
on_title_changed_cb (MnrEvidenceEditor *self)
{
  update_save_action (self);
}

static void
on_date_changed_cb (MnrEvidenceEditor *self)
{
  g_autofree char *date = dup_stripped_text (GTK_EDITABLE (self->date_row));
  GtkWidget *row = GTK_WIDGET (self->date_row);

  if (date_is_valid (date))
    {
      gtk_widget_remove_css_class (row, "error");
      gtk_widget_set_tooltip_text (row, _("A year, a month or a day: 2018, 2018-06 or 2018-06-30"));
      gtk_accessible_reset_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_INVALID);
    }
  else
    {
      gtk_widget_add_css_class (row, "error");
      gtk_widget_set_tooltip_text (row, _("Not a date: write a year, a month or a day, as 2018, 2018-06 or 2018-06-30"));
      gtk_accessible_update_state (GTK_ACCESSIBLE (row),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                                   -1);
    }

  update_save_action (self);
}

static void
setup_kinds (MnrEvidenceEditor *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autoptr(GtkListItemFactory) factory = mnr_accessible_string_item_factory ();
  guint selected = 0;

  for (guint i = 0; mnr_evidence_kinds[i] != NULL; i++)
    {
      gtk_string_list_append (labels, mnr_evidence_kind_get_label (mnr_evidence_kinds[i]));
      if (g_strcmp0 (mnr_evidence_kinds[i], mnr_evidence_get_kind (self->evidence)) == 0)
        selected = i;
    }

  adw_combo_row_set_factory (self->kind_row, factory);
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (self->kind_row, selected);
}

static void
fill_form (MnrEvidenceEditor *self)
{
  MnrFramework *framework = mnr_workspace_get_framework (self->workspace);
  GtkWidget *date_text;

  gtk_editable_set_text (GTK_EDITABLE (self->title_row), mnr_evidence_get_display_title (self->evidence));
  gtk_editable_set_text (GTK_EDITABLE (self->date_row), mnr_evidence_get_date (self->evidence));
  gtk_editable_set_text (GTK_EDITABLE (self->source_row), mnr_evidence_get_source (self->evidence));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->summary_view),
                            mnr_evidence_get_display_summary (self->evidence), -1);
  gtk_switch_set_active (self->restricted_switch, mnr_evidence_get_restricted (self->evidence));
  setup_kinds (self);

  /* The entry row's title stands in for a placeholder while it is empty;
   * once focused, the text itself shows the expected form. */
  date_text = GTK_WIDGET (gtk_editable_get_delegate (GTK_EDITABLE (self->date_row)));
  if (GTK_IS_TEXT (date_text))
    gtk_text_set_placeholder_text (GTK_TEXT (date_text), _("2018, 2018-06 or 2018-06-30"));

  add_element_rows (self, self->capabilities_row, mnr_framework_get_capabilities (framework));
  add_element_rows (self, self->enablers_row, mnr_framework_get_enablers (framework));
  update_backs (self);

  g_signal_connect_object (self->title_row, "changed",
                           G_CALLBACK (on_title_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->date_row, "changed",
                           G_CALLBACK (on_date_changed_cb), self,
                           G_CONNECT_SWAPPED);

  on_date_changed_cb (self);
  update_title (self);
  refresh_attachments (self);
  remember_clean_state (self);
}

/* --- GObject ---------------------------------------------------------------- */

static void
mnr_evidence_editor_constructed (GObject *object)
{
  MnrEvidenceEditor *self = (MnrEvidenceEditor *)object;

  G_OBJECT_CLASS (mnr_evidence_editor_parent_class)->constructed (object);

  g_return_if_fail (MNR_IS_WORKSPACE (self->workspace));

  if (self->evidence == NULL)
    {
      const char *country = mnr_workspace_get_country (self->workspace);

      g_return_if_fail (country != NULL);

      self->evidence = mnr_evidence_new (country);
      self->is_new = TRUE;
    }

  fill_form (self);
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->title_row));
}

static void
mnr_evidence_editor_dispose (GObject *object)
{
  MnrEvidenceEditor *self = (MnrEvidenceEditor *)object;

  if (self->chooser != NULL)
    {
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), MNR_TYPE_EVIDENCE_EDITOR);

  g_clear_object (&self->toast);

  G_OBJECT_CLASS (mnr_evidence_editor_parent_class)->dispose (object);
}

static void
mnr_evidence_editor_finalize (GObject *object)
{
  MnrEvidenceEditor *self = (MnrEvidenceEditor *)object;

  g_clear_object (&self->workspace);
  g_clear_object (&self->evidence);
  g_clear_pointer (&self->preselected_element_id, g_free);
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  g_clear_pointer (&self->checks, g_hash_table_unref);

  g_clear_pointer (&self->clean_state, g_free);

  G_OBJECT_CLASS (mnr_evidence_editor_parent_class)->finalize (object);
}

static void
mnr_evidence_editor_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  MnrEvidenceEditor *self = MNR_EVIDENCE_EDITOR (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;

    case PROP_EVIDENCE:
      g_value_set_object (value, self->evidence);
      break;

    case PROP_PRESELECTED_ELEMENT_ID:
      g_value_set_string (value, self->preselected_element_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mnr_evidence_editor_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  MnrEvidenceEditor *self = MNR_EVIDENCE_EDITOR (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      self->workspace = g_value_dup_object (value);
      break;

    case PROP_EVIDENCE:
      self->evidence = g_value_dup_object (value);
      break;

    case PROP_PRESELECTED_ELEMENT_ID:
      self->preselected_element_id = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mnr_evidence_editor_class_init (MnrEvidenceEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = mnr_evidence_editor_constructed;
  object_class->dispose = mnr_evidence_editor_dispose;
  object_class->finalize = mnr_evidence_editor_finalize;
  object_class->get_property = mnr_evidence_editor_get_property;
  object_class->set_property = mnr_evidence_editor_set_property;
  GTK_WINDOW_CLASS (klass)->close_request = mnr_evidence_editor_close_request;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL,
                         MNR_TYPE_WORKSPACE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EVIDENCE] =
    g_param_spec_object ("evidence", NULL, NULL,
                         MNR_TYPE_EVIDENCE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PRESELECTED_ELEMENT_ID] =
    g_param_spec_string ("preselected-element-id", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MnrEvidenceEditor::saved:
   * @evidence: the item, as saved
   */
  signals[SAVED] =
    g_signal_new ("saved",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, MNR_TYPE_EVIDENCE);

  /* keeps the bundle (and its registration) in a static link */
  (void) mnr_gui_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/mnr-evidence-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, MnrEvidenceEditor, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, MnrEvidenceEditor, save_button);
  gtk_widget_class_bind_template_child (widget_class, MnrEvidenceEditor, title_row);
  gtk_widget_class_bind_template_child (widget_class, MnrEvidenceEditor, kind_row);
  gtk_widget_class_bind_template_child (widget_class, MnrEvidenceEditor, date_row);
  gtk_widget_class_bind_template_child (widget_class, MnrEvidenceEditor, source_row);
  gtk_widget_class_bind_template_child (widget_class, MnrEvidenceEditor, summary_view);
  gtk_widget_class_bind_template_child (widget_class, MnrEvidenceEditor, restricted_switch);
  gtk_widget_class_bind_template_child (widget_class, MnrEvidenceEditor, capabilities_row);
  gtk_widget_class_bind_template_child (widget_class, MnrEvidenceEditor, enablers_row);
  gtk_widget_class_bind_template_child (widget_class, MnrEvidenceEditor, attachments_group);
  gtk_widget_class_bind_template_child (widget_class, MnrEvidenceEditor, attachments_list);

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "editor.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "editor.add-attachment", NULL, add_attachment_action);
  gtk_widget_class_install_action (widget_class, "editor.open-attachment", "s", open_attachment_action);
  gtk_widget_class_install_action (widget_class, "editor.remove-pending", "u", remove_pending_action);

  /* Escape bubbles: an open drop-down closes first. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "editor.cancel", NULL);
}

static void
mnr_evidence_editor_init (MnrEvidenceEditor *self)
{
  GtkEventController *shortcuts;
  GtkShortcutTrigger *trigger;

  self->checks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->pending = g_ptr_array_new_with_free_func (g_object_unref);

  gtk_widget_init_template (GTK_WIDGET (self));
  mnr_entry_row_expose_focus (self->title_row);
  mnr_entry_row_expose_focus (self->date_row);
  mnr_entry_row_expose_focus (self->source_row);

  /* Ctrl+Enter saves from anywhere, the summary's text view included,
   * which would otherwise take it as a new line. */
  trigger = gtk_alternative_trigger_new (gtk_keyval_trigger_new (GDK_KEY_Return, GDK_CONTROL_MASK),
                                         gtk_keyval_trigger_new (GDK_KEY_KP_Enter, GDK_CONTROL_MASK));
  shortcuts = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (trigger, gtk_named_action_new ("editor.save")));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
}

/**
 * mnr_evidence_editor_new:
 * @parent: (nullable): the window it is modal to
 * @evidence: (nullable): the item to edit, %NULL to add one to the
 *   workspace's country
 * @preselected_element_id: (nullable): for a new item, the capability or
 *   enabler it backs to begin with
 *
 * Returns: (transfer none): a new editor; present it
 */
GtkWidget *
mnr_evidence_editor_new (GtkWindow    *parent,
                         MnrWorkspace *workspace,
                         MnrEvidence  *evidence,
                         const char   *preselected_element_id)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (MNR_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (evidence == NULL || MNR_IS_EVIDENCE (evidence), NULL);
  g_return_val_if_fail (evidence != NULL || mnr_workspace_get_country (workspace) != NULL, NULL);

  return g_object_new (MNR_TYPE_EVIDENCE_EDITOR,
                       "transient-for", parent,
                       "workspace", workspace,
                       "evidence", evidence,
                       "preselected-element-id", preselected_element_id,
                       NULL);
}

/**
 * mnr_evidence_editor_get_evidence:
 *
 * Returns: (transfer none): the item edited; a new one is unsaved until
 *   #MnrEvidenceEditor::saved
 */
MnrEvidence *
mnr_evidence_editor_get_evidence (MnrEvidenceEditor *self)
{
  g_return_val_if_fail (MNR_IS_EVIDENCE_EDITOR (self), NULL);

  return self->evidence;
}

/**
 * mnr_evidence_editor_get_is_new:
 *
 * Returns: whether the item has not been saved yet
 */
gboolean
mnr_evidence_editor_get_is_new (MnrEvidenceEditor *self)
{
  g_return_val_if_fail (MNR_IS_EVIDENCE_EDITOR (self), FALSE);

  return self->is_new;
}

/**
 * mnr_evidence_editor_add_attachment_file:
 * @file: a file the person chose
 *
 * Attaches @file: at once to a saved item, or after the first save to a new
 * one. A file that cannot be attached is reported in a toast.
 *
 * Returns: whether @file was attached or is waiting to be
 */
gboolean
mnr_evidence_editor_add_attachment_file (MnrEvidenceEditor *self,
                                         GFile             *file)
{
  g_autoptr(MnrAttachment) attachment = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (MNR_IS_EVIDENCE_EDITOR (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (self->is_new)
    {
      if (!check_attachment_file (file, &error))
        {
          show_toast (self, error->message);
          return FALSE;
        }

      for (guint i = 0; i < self->pending->len; i++)
        if (g_file_equal (file, g_ptr_array_index (self->pending, i)))
          return TRUE;

      g_ptr_array_add (self->pending, g_object_ref (file));
      refresh_attachments (self);
      return TRUE;
    }

  attachment = mnr_workspace_add_attachment (self->workspace,
                                             mnr_evidence_get_id (self->evidence),
                                             file, &error);
  if (attachment == NULL)
    {
      show_toast (self, error->message);
      return FALSE;
    }

  refresh_attachments (self);
  return TRUE;
}

/* --- for tests (mnr-evidence-editor-private.h) ------------------------------ */

void
mnr_evidence_editor_set_title_text (MnrEvidenceEditor *self,
                                    const char        *text)
{
  g_return_if_fail (MNR_IS_EVIDENCE_EDITOR (self));

  gtk_editable_set_text (GTK_EDITABLE (self->title_row), text);
}

void
mnr_evidence_editor_set_date_text (MnrEvidenceEditor *self,
                                   const char        *text)
{
  g_return_if_fail (MNR_IS_EVIDENCE_EDITOR (self));

  gtk_editable_set_text (GTK_EDITABLE (self->date_row), text);
}

void
mnr_evidence_editor_set_kind (MnrEvidenceEditor *self,
                              const char        *kind)
{
  g_return_if_fail (MNR_IS_EVIDENCE_EDITOR (self));
  g_return_if_fail (mnr_evidence_kind_is_valid (kind));

  for (guint i = 0; mnr_evidence_kinds[i] != NULL; i++)
    if (g_str_equal (mnr_evidence_kinds[i], kind))
      adw_combo_row_set_selected (self->kind_row, i);
}

gboolean
mnr_evidence_editor_get_element_active (MnrEvidenceEditor *self,
                                        const char        *element_id)
{
  GtkCheckButton *check;

  g_return_val_if_fail (MNR_IS_EVIDENCE_EDITOR (self), FALSE);

  check = g_hash_table_lookup (self->checks, element_id);
  return check != NULL && gtk_check_button_get_active (check);
}

gboolean
mnr_evidence_editor_get_date_valid (MnrEvidenceEditor *self)
{
  g_return_val_if_fail (MNR_IS_EVIDENCE_EDITOR (self), FALSE);

  return !gtk_widget_has_css_class (GTK_WIDGET (self->date_row), "error");
}

GtkWidget *
mnr_evidence_editor_get_save_button (MnrEvidenceEditor *self)
{
  g_return_val_if_fail (MNR_IS_EVIDENCE_EDITOR (self), NULL);

  return self->save_button;
}

guint
mnr_evidence_editor_get_n_pending (MnrEvidenceEditor *self)
{
  g_return_val_if_fail (MNR_IS_EVIDENCE_EDITOR (self), 0);

  return self->pending->len;
}

/**
 * mnr_evidence_editor_get_toast:
 *
 * Returns: (transfer none) (nullable): the toast on show
 */
AdwToast *
mnr_evidence_editor_get_toast (MnrEvidenceEditor *self)
{
  g_return_val_if_fail (MNR_IS_EVIDENCE_EDITOR (self), NULL);

  return self->toast;
}
