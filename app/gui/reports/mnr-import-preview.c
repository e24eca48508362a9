/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-import-preview"

#include "config.h"

#include <glib/gi18n.h>

#include "mnr-alert.h"
#include "mnr-import-preview.h"

/* Import Ratings from CSV…, between the file chooser and the store: what
 * the file is read as, a row per column of the file (its header, its
 * first values and what it is read as, which can be changed), and the
 * rows as they would be written, each with its problem. The rows are
 * checked again whenever a column changes; Import stays off while the
 * element or the level has no column or a row has a problem, and the
 * reason is said above. Nothing is written until Import; the import is
 * then handed on ("imported") for its toast and Undo. */

#define MAX_ROWS_SHOWN 100

struct _MnrImportPreview
{
  AdwWindow         parent_instance;

  /* owned */
  MnrWorkspace     *workspace;
  MnrRatingsSheet  *sheet;
  MnrRatingsImport *import;    /* nullable: the columns do not say enough */
  GPtrArray        *choosers;  /* GtkDropDown, a column's */
  GtkSizeGroup     *chooser_sizes;
  char             *status;
  char             *round_name; /* for a country without a round */
  char             *round_date;

  /* children */
  GtkLabel         *status_label;
  GtkListBox       *rows_list;
  GtkLabel         *rows_note;
  GtkWidget        *import_button;
};

G_DEFINE_FINAL_TYPE (MnrImportPreview, mnr_import_preview, ADW_TYPE_WINDOW)

enum {
  SIGNAL_IMPORTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* What rows that do not say are about: the country and round shown, or
 * the round the country's first rating would start (as the workspace
 * makes it: "Assessment 2026", 1 January, the id every computer gives). */
static MnrRatingsDefaults
defaults_of (MnrImportPreview *self)
{
  MnrRound *round = mnr_workspace_get_round (self->workspace);
  MnrRatingsDefaults defaults = { mnr_workspace_get_country (self->workspace), NULL, NULL, NULL };

  if (defaults.country != NULL && round != NULL)
    defaults.round_id = round->id;
  else if (defaults.country != NULL)
    {
      defaults.round_name = self->round_name;
      defaults.round_date = self->round_date;
      defaults.round_is_first = TRUE;
    }
  return defaults;
}

static char *
element_text (MnrImportPreview *self,
              guint             row)
{
  int column = mnr_ratings_sheet_find_field (self->sheet, MNR_RATINGS_FIELD_ELEMENT);
  const char *value = column >= 0 ? mnr_ratings_sheet_get_value (self->sheet, row, column) : "";
  const char *id = mnr_ratings_sheet_match_element (self->sheet, value);
  MnrElement *element = id != NULL ? mnr_framework_lookup (mnr_workspace_get_framework (self->workspace), id) : NULL;

  if (element != NULL)
    return mnr_element_dup_label (element);
  return g_strdup (value[0] != '\0' ? value : _("no element"));
}

static char *
level_text (MnrImportPreview *self,
            guint             row)
{
  int column = mnr_ratings_sheet_find_field (self->sheet, MNR_RATINGS_FIELD_LEVEL);
  const char *value = column >= 0 ? mnr_ratings_sheet_get_value (self->sheet, row, column) : "";
  const char *id = mnr_ratings_sheet_match_level (self->sheet, value);
  MnrLevel *level = id != NULL ? mnr_framework_lookup_level (mnr_workspace_get_framework (self->workspace), id) : NULL;

  if (level != NULL)
    return g_strdup (mnr_level_get_name (level));
  return g_strdup (value[0] != '\0' ? value : _("no level"));
}

/* The rows as they would be written, each with its problem. */
static void
show_rows (MnrImportPreview *self)
{
  g_autoptr(GHashTable) problems = g_hash_table_new (NULL, NULL);
  guint n_rows = mnr_ratings_sheet_get_n_rows (self->sheet);
  GtkWidget *child;

  if (self->import != NULL)
    {
      GPtrArray *list = mnr_ratings_import_get_problems (self->import);

      for (guint i = 0; i < list->len; i++)
        {
          MnrCsvProblem *problem = list->pdata[i];

          g_hash_table_insert (problems, GUINT_TO_POINTER (problem->line), problem->message);
        }
    }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->rows_list))) != NULL)
    gtk_list_box_remove (self->rows_list, child);

  for (guint r = 0; r < MIN (n_rows, MAX_ROWS_SHOWN); r++)
    {
      guint line = mnr_ratings_sheet_get_line (self->sheet, r);
      const char *problem = g_hash_table_lookup (problems, GUINT_TO_POINTER (line));
      g_autofree char *element = element_text (self, r);
      g_autofree char *level = level_text (self, r);
      /* Translators: a row of the import's preview: its line, the
       * capability or enabler, and the level it would be given */
      g_autofree char *title = g_strdup_printf (_("Line %u: %s — %s"), line, element, level);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name (problem != NULL ? "dialog-warning-symbolic"
                                                                      : "object-select-symbolic");

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      if (problem != NULL)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), problem);
      gtk_widget_add_css_class (icon, problem != NULL ? "error" : "success");
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      problem != NULL ? _("Has a problem") : _("Ready"), -1);
      /* Until the columns say enough, a row is neither ready nor wrong. */
      gtk_widget_set_visible (icon, self->import != NULL);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      gtk_list_box_append (self->rows_list, row);
    }

  if (n_rows > MAX_ROWS_SHOWN)
    {
      g_autofree char *note = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "The first %u of %u row.",
                                                            "The first %u of %u rows.", n_rows),
                                               MAX_ROWS_SHOWN, n_rows);

      gtk_label_set_label (self->rows_note, note);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->rows_note), n_rows > MAX_ROWS_SHOWN);
}

/* Reads the rows again as the columns now say, and whether they import. */
static void
check (MnrImportPreview *self)
{
  MnrRatingsDefaults defaults = defaults_of (self);
  g_autoptr(GError) error = NULL;
  GPtrArray *problems;
  guint n_rows;

  g_clear_pointer (&self->import, mnr_ratings_import_free);
  g_clear_pointer (&self->status, g_free);
  self->import = mnr_ratings_import_read_sheet (mnr_workspace_get_store (self->workspace), self->sheet, &defaults,
                                                &error);
  problems = self->import != NULL ? mnr_ratings_import_get_problems (self->import) : NULL;
  n_rows = self->import != NULL ? mnr_ratings_import_get_n_rows (self->import) : 0;

  if (self->import == NULL)
    self->status = g_strdup (error->message);
  else if (problems->len > 0)
    self->status = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "Nothing is imported while a row has a problem; %u has. Choose "
                                                 "another column below, or correct the file.",
                                                 "Nothing is imported while a row has a problem; %u have. Choose "
                                                 "another column below, or correct the file.",
                                                 problems->len),
                                    problems->len);
  else if (n_rows == 0)
    self->status = g_strdup (_("The file has no rows below its header."));
  else
    self->status = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "%u rating will be written (%u new round); levels already set are "
                                                 "replaced. Nothing is written until you import.",
                                                 "%u ratings will be written (%u new rounds); levels already set "
                                                 "are replaced. Nothing is written until you import.",
                                                 n_rows),
                                    n_rows, mnr_ratings_import_get_n_new_rounds (self->import));

  gtk_label_set_label (self->status_label, self->status);
  if (self->import == NULL || problems->len > 0 || n_rows == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
  gtk_widget_set_sensitive (self->import_button, self->import != NULL && problems->len == 0 && n_rows > 0);
  gtk_widget_set_tooltip_text (self->import_button, self->status);
  show_rows (self);
}

/* A column's choice changed: another column that held the field lets it
 * go, and the rows are read again. */
static void
on_chooser_changed_cb (GtkDropDown      *chooser,
                       GParamSpec       *pspec,
                       MnrImportPreview *self)
{
  guint column;

  if (!g_ptr_array_find (self->choosers, chooser, &column))
    return;
  mnr_ratings_sheet_set_field (self->sheet, column, gtk_drop_down_get_selected (chooser));
  for (guint c = 0; c < self->choosers->len; c++)
    {
      GtkDropDown *other = self->choosers->pdata[c];
      guint field = mnr_ratings_sheet_get_field (self->sheet, c);

      if (gtk_drop_down_get_selected (other) != field)
        {
          g_signal_handlers_block_by_func (other, on_chooser_changed_cb, self);
          gtk_drop_down_set_selected (other, field);
          g_signal_handlers_unblock_by_func (other, on_chooser_changed_cb, self);
        }
    }
  check (self);
}

static void
on_import_clicked_cb (MnrImportPreview *self)
{
  g_autoptr(GError) error = NULL;
  MnrRatingsImport *import;

  if (self->import == NULL || !mnr_ratings_import_apply (self->import, &error))
    {
      mnr_alert_error (GTK_WINDOW (self), _("Could Not Import the Ratings"), error);
      return;
    }
  import = g_steal_pointer (&self->import);
  g_object_ref (self);
  gtk_window_destroy (GTK_WINDOW (self));
  g_signal_emit (self, signals[SIGNAL_IMPORTED], 0, import);
  g_object_unref (self);
}

/* A column's row: its number and header, its first values, and what it
 * is read as. */
static GtkWidget *
column_row (MnrImportPreview   *self,
            guint               column,
            const char * const *labels)
{
  const char *header = mnr_ratings_sheet_get_header (self->sheet, column);
  g_autoptr(GString) values = g_string_new (NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *title = NULL;
  g_autofree char *name = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *chooser = gtk_drop_down_new_from_strings (labels);
  guint shown = 0;

  if (header[0] != '\0')
    /* Translators: a column of the imported file: its number and its header */
    title = g_strdup_printf (_("Column %u, “%s”"), column + 1, header);
  else
    /* Translators: a column of the imported file without a header */
    title = g_strdup_printf (_("Column %u"), column + 1);
  /* Its first three different values. */
  for (guint r = 0; r < mnr_ratings_sheet_get_n_rows (self->sheet) && shown < 3; r++)
    {
      const char *value = mnr_ratings_sheet_get_value (self->sheet, r, column);

      if (value[0] == '\0' || !g_hash_table_add (seen, (gpointer) value))
        continue;
      g_string_append_printf (values, "%s%s", shown++ > 0 ? " · " : "", value);
    }
  /* Translators: the accessible name of a column's choice: the column, then what it is read as */
  name = g_strdup_printf (_("%s: maps to"), title);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), values->len > 0 ? values->str : _("Empty"));
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 1);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (chooser), mnr_ratings_sheet_get_field (self->sheet, column));
  gtk_widget_set_valign (chooser, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (chooser), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  g_signal_connect_object (chooser, "notify::selected", G_CALLBACK (on_chooser_changed_cb), self, 0);
  gtk_size_group_add_widget (self->chooser_sizes, chooser);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), chooser);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), chooser);
  g_ptr_array_add (self->choosers, chooser);
  return row;
}

static char *
describe_file (MnrRatingsSheet *sheet)
{
  char separator = mnr_ratings_sheet_get_separator (sheet);
  const char *encoding = mnr_ratings_sheet_get_encoding (sheet);
  guint n_rows = mnr_ratings_sheet_get_n_rows (sheet);
  const char *separated = separator == ';' ? _("Semicolon-separated") : separator == '\t' ? _("Tab-separated")
                                                                                          : _("Comma-separated");
  guint header = mnr_ratings_sheet_get_header_line (sheet);
  /* Translators: how many rows the file has below its header, and the header's line */
  g_autofree char *rows = header > 0 ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                     "%u row below the header on line %u",
                                                                     "%u rows below the header on line %u", n_rows),
                                                        n_rows, header)
                                     /* Translators: how many rows a file without a header has */
                                     : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u row, no header",
                                                                     "%u rows, no header", n_rows),
                                                        n_rows);
  /* Translators: the encoding the file was read in, as "Windows-1252" */
  g_autofree char *read_as = g_strdup_printf (_("read as %s"), encoding);

  /* The encoding only when it is not the usual one. */
  if (g_str_equal (encoding, "UTF-8"))
    return g_strjoin (" · ", separated, rows, NULL);
  return g_strjoin (" · ", separated, read_as, rows, NULL);
}

static void
mnr_import_preview_finalize (GObject *object)
{
  MnrImportPreview *self = MNR_IMPORT_PREVIEW (object);

  g_clear_pointer (&self->import, mnr_ratings_import_free);
  g_clear_pointer (&self->sheet, mnr_ratings_sheet_free);
  g_clear_pointer (&self->choosers, g_ptr_array_unref);
  g_clear_object (&self->chooser_sizes);
  g_clear_pointer (&self->status, g_free);
  g_clear_pointer (&self->round_name, g_free);
  g_clear_pointer (&self->round_date, g_free);
  g_clear_object (&self->workspace);

  G_OBJECT_CLASS (mnr_import_preview_parent_class)->finalize (object);
}

static void
mnr_import_preview_class_init (MnrImportPreviewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = mnr_import_preview_finalize;

  /**
   * MnrImportPreview::imported:
   * @import: the import, applied; the handler owns it (for Undo)
   */
  signals[SIGNAL_IMPORTED] = g_signal_new ("imported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                           NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
mnr_import_preview_init (MnrImportPreview *self)
{
  self->choosers = g_ptr_array_new ();
  self->chooser_sizes = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
}

static GtkWidget *
new_group (const char *title,
           const char *description)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  return group;
}

/**
 * mnr_import_preview_new:
 * @name: the file's name, for the title
 * @sheet: (transfer full): the file, read
 *
 * Returns: (transfer floating): the preview of importing @sheet into the
 *   workspace's store
 */
GtkWidget *
mnr_import_preview_new (GtkWindow       *parent,
                        MnrWorkspace    *workspace,
                        const char      *name,
                        MnrRatingsSheet *sheet)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autofree char *heading = g_strdup_printf (_("Import “%s”"), name);
  g_autofree char *about = describe_file (sheet);
  MnrImportPreview *self;
  GtkWidget *box, *header, *cancel, *scroller, *clamp, *content, *columns, *rows, *list;

  g_return_val_if_fail (MNR_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (sheet != NULL, NULL);

  self = g_object_new (MNR_TYPE_IMPORT_PREVIEW,
                       "transient-for", parent,
                       "modal", TRUE,
                       "destroy-with-parent", TRUE,
                       "title", _("Import Ratings"),
                       "default-width", 760,
                       "default-height", 560,
                       NULL);
  self->workspace = g_object_ref (workspace);
  self->sheet = sheet;
  /* Translators: the name of a country's first assessment round, with the year */
  self->round_name = g_strdup_printf (_("Assessment %d"), g_date_time_get_year (now));
  self->round_date = g_strdup_printf ("%d-01-01", g_date_time_get_year (now));

  header = adw_header_bar_new ();
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), adw_window_title_new (heading, about));
  cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "window.close");
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  self->import_button = gtk_button_new_with_mnemonic (_("_Import"));
  gtk_widget_add_css_class (self->import_button, "suggested-action");
  g_signal_connect_object (self->import_button, "clicked", G_CALLBACK (on_import_clicked_cb), self,
                           G_CONNECT_SWAPPED);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->import_button);

  self->status_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->status_label, TRUE);
  gtk_label_set_xalign (self->status_label, 0);
  gtk_label_set_selectable (self->status_label, FALSE);

  for (guint f = 0; f < MNR_RATINGS_N_FIELDS; f++)
    g_ptr_array_add (labels, (gpointer) mnr_ratings_field_get_label (f));
  g_ptr_array_add (labels, NULL);
  columns = new_group (_("Columns"), _("What each column of the file is read as. The element and the level are "
                                       "needed; rows without a country or round column go to the country and "
                                       "round shown."));
  for (guint c = 0; c < mnr_ratings_sheet_get_n_columns (sheet); c++)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (columns),
                               column_row (self, c, (const char * const *) labels->pdata));

  rows = new_group (_("Rows"), _("Each row as it would be written, with its problem."));
  list = gtk_list_box_new ();
  self->rows_list = GTK_LIST_BOX (list);
  gtk_list_box_set_selection_mode (self->rows_list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Rows"), -1);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (rows), list);
  self->rows_note = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->rows_note, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->rows_note), "dim-label");
  gtk_widget_set_margin_top (GTK_WIDGET (self->rows_note), 6);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (rows), GTK_WIDGET (self->rows_note));

  content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  gtk_widget_set_margin_top (content, 18);
  gtk_widget_set_margin_bottom (content, 18);
  gtk_widget_set_margin_start (content, 12);
  gtk_widget_set_margin_end (content, 12);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->status_label));
  gtk_box_append (GTK_BOX (content), columns);
  gtk_box_append (GTK_BOX (content), rows);
  clamp = adw_clamp_new ();
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 860);
  adw_clamp_set_child (ADW_CLAMP (clamp), content);
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), clamp);
  gtk_widget_set_vexpand (scroller, TRUE);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), scroller);
  adw_window_set_content (ADW_WINDOW (self), box);

  check (self);
  return GTK_WIDGET (self);
}

/**
 * mnr_import_preview_get_column_chooser:
 *
 * Returns: (transfer none) (nullable): the choice of what @column is read as
 */
GtkDropDown *
mnr_import_preview_get_column_chooser (MnrImportPreview *self,
                                       guint             column)
{
  g_return_val_if_fail (MNR_IS_IMPORT_PREVIEW (self), NULL);

  return column < self->choosers->len ? self->choosers->pdata[column] : NULL;
}

GtkWidget *
mnr_import_preview_get_import_button (MnrImportPreview *self)
{
  g_return_val_if_fail (MNR_IS_IMPORT_PREVIEW (self), NULL);

  return self->import_button;
}

/**
 * mnr_import_preview_get_status:
 *
 * Returns: what the preview says above the columns: why Import is off, or
 *   what it will write
 */
const char *
mnr_import_preview_get_status (MnrImportPreview *self)
{
  g_return_val_if_fail (MNR_IS_IMPORT_PREVIEW (self), NULL);

  return self->status;
}
