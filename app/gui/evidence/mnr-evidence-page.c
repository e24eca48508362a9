/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-evidence-page"

#include "config.h"

#include "mnr-gui-resources.h"

#include <glib/gi18n.h>

#include "mnr-evidence-editor.h"
#include "mnr-evidence-page.h"

#include "mnr-drop-down.h"

/* The Evidence view: the current country's evidence as a list that can be
 * searched, filtered by capability, kind and sensitivity, and sorted. Rows
 * open the editor; removing one can be undone from its toast. The list is
 * the workspace's own model (or a search's result) seen through a
 * GtkFilterListModel and a GtkSortListModel. */

typedef enum
{
  SORT_RECENT,
  SORT_TITLE,
  SORT_DATE,
  SORT_KIND,
} SortOrder;

typedef enum
{
  SENSITIVITY_ALL,
  SENSITIVITY_PUBLIC,
  SENSITIVITY_RESTRICTED,
} Sensitivity;

struct _MnrEvidencePage
{
  GtkWidget           parent_instance;

  /* template widgets */
  AdwToastOverlay    *toast_overlay;
  GtkWidget          *toolbar;
  GtkSearchEntry     *search_entry;
  GtkDropDown        *element_dropdown;
  GtkDropDown        *kind_dropdown;
  GtkDropDown        *sensitivity_dropdown;
  GtkDropDown        *sort_dropdown;
  GtkStack           *stack;
  GtkListView        *list_view;

  /* owned */
  MnrWorkspace       *workspace;
  GListModel         *base;          /* the country's evidence, or a search's */
  GtkCustomFilter    *filter;
  GtkFilterListModel *filter_model;
  GtkCustomSorter    *sorter;
  GtkSortListModel   *sort_model;
  GPtrArray          *element_ids;   /* parallel to element_dropdown; [0] is NULL */
  char               *search_text;
  char               *last_removed_id;
  AdwToast           *toast;         /* the toast on show, until dismissed */
};

G_DEFINE_FINAL_TYPE (MnrEvidencePage, mnr_evidence_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_WORKSPACE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* --- helpers --------------------------------------------------------------- */

static const char *
current_country (MnrEvidencePage *self)
{
  return self->workspace != NULL ? mnr_workspace_get_country (self->workspace) : NULL;
}

static const char *
selected_element_id (MnrEvidencePage *self)
{
  guint selected = gtk_drop_down_get_selected (self->element_dropdown);

  if (self->element_ids == NULL || selected >= self->element_ids->len)
    return NULL;

  return g_ptr_array_index (self->element_ids, selected);
}

static const char *
selected_kind (MnrEvidencePage *self)
{
  guint selected = gtk_drop_down_get_selected (self->kind_dropdown);

  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION ||
      selected > g_strv_length ((char **)mnr_evidence_kinds))
    return NULL;

  return mnr_evidence_kinds[selected - 1];
}

static void
on_toast_dismissed_cb (MnrEvidencePage *self,
                       AdwToast        *toast)
{
  if (self->toast == toast)
    g_clear_object (&self->toast);
}

/* Takes @toast. */
static void
show_toast (MnrEvidencePage *self,
            AdwToast        *toast)
{
  g_assert (MNR_IS_EVIDENCE_PAGE (self));

  g_signal_connect_object (toast, "dismissed",
                           G_CALLBACK (on_toast_dismissed_cb), self,
                           G_CONNECT_SWAPPED);
  g_set_object (&self->toast, toast);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
show_error (MnrEvidencePage *self,
            const GError    *error)
{
  g_autofree char *escaped = g_markup_escape_text (error->message, -1);
  AdwToast *toast = adw_toast_new (escaped);

  adw_toast_set_timeout (toast, 0);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  show_toast (self, toast);
}

static MnrEvidence *
find_evidence (MnrEvidencePage *self,
               const char      *id)
{
  GListModel *model = self->base;

  for (guint i = 0; model != NULL && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(MnrEvidence) evidence = g_list_model_get_item (model, i);

      if (g_strcmp0 (mnr_evidence_get_id (evidence), id) == 0)
        return g_steal_pointer (&evidence);
    }

  return NULL;
}

/* --- filtering and sorting -------------------------------------------------- */

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  MnrEvidencePage *self = user_data;
  MnrEvidence *evidence = item;
  const char *element_id = selected_element_id (self);
  const char *kind = selected_kind (self);

  if (element_id != NULL && !mnr_evidence_has_element (evidence, element_id))
    return FALSE;

  if (kind != NULL && g_strcmp0 (mnr_evidence_get_kind (evidence), kind) != 0)
    return FALSE;

  switch ((Sensitivity)gtk_drop_down_get_selected (self->sensitivity_dropdown))
    {
    case SENSITIVITY_PUBLIC:
      return !mnr_evidence_get_restricted (evidence);

    case SENSITIVITY_RESTRICTED:
      return mnr_evidence_get_restricted (evidence);

    case SENSITIVITY_ALL:
    default:
      return TRUE;
    }
}

typedef struct
{
  char *source;
  char *key;
} CollateKey;

static void
collate_key_free (gpointer data)
{
  CollateKey *key = data;

  g_free (key->source);
  g_free (key->key);
  g_free (key);
}

/* Sorting 50,000 titles collates each many times: the key is kept on the
 * item for as long as its title stays the same. */
static const char *
title_collate_key (MnrEvidence *evidence)
{
  static GQuark quark;
  const char *title = mnr_evidence_get_display_title (evidence);
  CollateKey *key;

  if (G_UNLIKELY (quark == 0))
    quark = g_quark_from_static_string ("mnr-evidence-page-title-key");

  key = g_object_get_qdata (G_OBJECT (evidence), quark);
  if (key == NULL || g_strcmp0 (key->source, title) != 0)
    {
      g_autofree char *folded = g_utf8_casefold (title, -1);

      key = g_new0 (CollateKey, 1);
      key->source = g_strdup (title);
      key->key = g_utf8_collate_key (folded, -1);
      g_object_set_qdata_full (G_OBJECT (evidence), quark, key, collate_key_free);
    }

  return key->key;
}

static int
compare_titles (MnrEvidence *a,
                MnrEvidence *b)
{
  return strcmp (title_collate_key (a), title_collate_key (b));
}

static guint
kind_rank (const char *kind)
{
  for (guint i = 0; mnr_evidence_kinds[i] != NULL; i++)
    if (g_strcmp0 (mnr_evidence_kinds[i], kind) == 0)
      return i;

  return G_MAXUINT;
}

static int
compare_kinds (MnrEvidence *a,
               MnrEvidence *b)
{
  /* The kinds' labels, collated in the user's language. */
  const char *label_a = mnr_evidence_kind_get_label (mnr_evidence_get_kind (a));
  const char *label_b = mnr_evidence_kind_get_label (mnr_evidence_get_kind (b));
  guint rank_a = kind_rank (mnr_evidence_get_kind (a));
  guint rank_b = kind_rank (mnr_evidence_get_kind (b));

  if (rank_a == rank_b)
    return 0;

  return g_utf8_collate (label_a, label_b);
}

static int
compare_recent (MnrEvidence *a,
                MnrEvidence *b)
{
  gint64 time_a = mnr_evidence_get_updated_at (a);
  gint64 time_b = mnr_evidence_get_updated_at (b);

  return time_a < time_b ? 1 : time_a > time_b ? -1 : 0;
}

static int
sort_func (gconstpointer a,
           gconstpointer b,
           gpointer      user_data)
{
  MnrEvidencePage *self = user_data;
  MnrEvidence *evidence_a = (MnrEvidence *)a;
  MnrEvidence *evidence_b = (MnrEvidence *)b;
  const char *date_a, *date_b;
  int result = 0;

  switch ((SortOrder)gtk_drop_down_get_selected (self->sort_dropdown))
    {
    case SORT_TITLE:
      result = compare_titles (evidence_a, evidence_b);
      break;

    case SORT_DATE:
      /* Newest first; undated last. ISO dates sort as text. */
      date_a = mnr_evidence_get_date (evidence_a);
      date_b = mnr_evidence_get_date (evidence_b);
      if ((date_a[0] == '\0') != (date_b[0] == '\0'))
        result = date_a[0] == '\0' ? 1 : -1;
      else
        result = -strcmp (date_a, date_b);
      break;

    case SORT_KIND:
      result = compare_kinds (evidence_a, evidence_b);
      if (result == 0)
        result = compare_titles (evidence_a, evidence_b);
      break;

    case SORT_RECENT:
    default:
      result = compare_recent (evidence_a, evidence_b);
      break;
    }

  if (result == 0)
    result = compare_titles (evidence_a, evidence_b);

  return result < 0 ? GTK_ORDERING_SMALLER : result > 0 ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
}

/* --- state ---------------------------------------------------------------- */

static void
update_state (MnrEvidencePage *self)
{
  const char *country = current_country (self);
  gboolean searching = self->search_text != NULL && self->search_text[0] != '\0';
  const char *page;

  if (country == NULL)
    page = "no-country";
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->sort_model)) > 0)
    page = "list";
  else if (!searching && (self->base == NULL || g_list_model_get_n_items (self->base) == 0))
    page = "empty";
  else
    page = "no-results";

  gtk_stack_set_visible_child_name (self->stack, page);
  gtk_widget_set_sensitive (self->toolbar, country != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "evidence.add", country != NULL);
}

static void
reload (MnrEvidencePage *self)
{
  g_autoptr(GListModel) base = NULL;
  g_autoptr(GError) error = NULL;

  if (current_country (self) != NULL)
    {
      if (self->search_text != NULL && self->search_text[0] != '\0')
        {
          base = mnr_workspace_search_evidence (self->workspace, self->search_text, &error);
          if (base == NULL && error != NULL)
            show_error (self, error);
        }
      else
        {
          GListModel *live = mnr_workspace_get_evidence (self->workspace);

          if (live != NULL)
            base = g_object_ref (live);
        }
    }

  if (base == NULL)
    base = G_LIST_MODEL (g_list_store_new (MNR_TYPE_EVIDENCE));

  g_set_object (&self->base, base);
  gtk_filter_list_model_set_model (self->filter_model, base);
  update_state (self);
}

static void
on_workspace_changed_cb (MnrEvidencePage *self)
{
  reload (self);
}

static void
on_sorted_items_changed_cb (MnrEvidencePage *self)
{
  update_state (self);
}

static void
on_search_changed_cb (MnrEvidencePage *self,
                      GtkSearchEntry  *entry)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));

  if (g_strcmp0 (text, self->search_text != NULL ? self->search_text : "") == 0)
    return;

  g_free (self->search_text);
  self->search_text = g_steal_pointer (&text);
  reload (self);
}

static void
on_filter_changed_cb (MnrEvidencePage *self)
{
  if (self->filter == NULL)
    return;

  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_state (self);
}

static void
on_sort_changed_cb (MnrEvidencePage *self)
{
  if (self->sorter != NULL)
    gtk_sorter_changed (GTK_SORTER (self->sorter), GTK_SORTER_CHANGE_DIFFERENT);
}

static void
on_list_activate_cb (MnrEvidencePage *self,
                     guint            position)
{
  g_autoptr(MnrEvidence) evidence = g_list_model_get_item (G_LIST_MODEL (self->sort_model), position);

  if (evidence != NULL)
    mnr_evidence_page_edit (self, evidence);
}

/* --- rows --------------------------------------------------------------------- */

#define ROW_TITLE   "mnr-row-title"
#define ROW_META    "mnr-row-meta"
#define ROW_CHIPS   "mnr-row-chips"
#define ROW_SUMMARY "mnr-row-summary"
#define ROW_REMOVE  "mnr-row-remove"

static GtkWidget *
row_label (const char *css_class,
           gboolean    dim)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  if (dim)
    gtk_widget_add_css_class (label, "dim-label");

  return label;
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              MnrEvidencePage          *self)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *title = row_label ("heading", FALSE);
  GtkWidget *meta = row_label ("caption", FALSE);
  GtkWidget *chips = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  GtkWidget *summary = row_label (NULL, TRUE);
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

  gtk_widget_set_margin_top (row, 9);
  gtk_widget_set_margin_bottom (row, 9);
  gtk_widget_set_margin_start (row, 12);
  gtk_widget_set_margin_end (row, 12);
  gtk_widget_set_hexpand (text, TRUE);

  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_add_css_class (remove, "circular");

  gtk_box_append (GTK_BOX (text), title);
  gtk_box_append (GTK_BOX (text), meta);
  gtk_box_append (GTK_BOX (text), chips);
  gtk_box_append (GTK_BOX (text), summary);
  gtk_box_append (GTK_BOX (row), text);
  gtk_box_append (GTK_BOX (row), remove);

  g_object_set_data (G_OBJECT (row), ROW_TITLE, title);
  g_object_set_data (G_OBJECT (row), ROW_META, meta);
  g_object_set_data (G_OBJECT (row), ROW_CHIPS, chips);
  g_object_set_data (G_OBJECT (row), ROW_SUMMARY, summary);
  g_object_set_data (G_OBJECT (row), ROW_REMOVE, remove);

  gtk_list_item_set_child (item, row);
}

static char *
dup_meta_line (MnrEvidence *evidence)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  guint n = mnr_evidence_get_n_attachments (evidence);
  const char *date = mnr_evidence_get_date (evidence);

  if (mnr_evidence_get_sample (evidence))
    /* Translators: shown first on an evidence row that is sample data */
    g_ptr_array_add (parts, g_strdup (_("Example (sample data, never synced)")));
  g_ptr_array_add (parts, g_strdup (mnr_evidence_kind_get_label (mnr_evidence_get_kind (evidence))));
  if (date[0] != '\0')
    g_ptr_array_add (parts, g_strdup (date));
  g_ptr_array_add (parts, g_strdup (mnr_evidence_get_restricted (evidence) ? _("Restricted") : _("Public")));
  g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u attachment", "%u attachments", n), n));
  g_ptr_array_add (parts, NULL);

  /* Translators: the separator between the parts of an evidence row's
   * details: "Legislation · 2018 · Public · 2 attachments" */
  return g_strjoinv (_(" · "), (char **)parts->pdata);
}

static char *
abbreviate (const char *text,
            glong       max_chars)
{
  g_autofree char *head = NULL;

  if (g_utf8_strlen (text, -1) <= max_chars)
    return g_strdup (text);

  head = g_utf8_substring (text, 0, max_chars - 1);
  g_strchomp (head);
  return g_strconcat (head, "…", NULL);
}

static void
fill_chips (MnrEvidencePage *self,
            GtkWidget       *chips,
            MnrEvidence     *evidence)
{
  MnrFramework *framework = mnr_workspace_get_framework (self->workspace);
  const char * const *elements = mnr_evidence_get_elements (evidence);
  GtkWidget *child;
  guint n = 0;

  while ((child = gtk_widget_get_first_child (chips)))
    gtk_box_remove (GTK_BOX (chips), child);

  for (guint i = 0; elements != NULL && elements[i] != NULL; i++)
    {
      MnrElement *element = mnr_framework_lookup (framework, elements[i]);
      g_autofree char *label = NULL;
      g_autofree char *full = NULL;
      GtkWidget *chip;

      if (element == NULL)
        continue;

      switch (mnr_element_get_kind (element))
        {
        case MNR_ELEMENT_CAPABILITY:
          label = g_strdup_printf ("%u", mnr_element_get_number (element));
          break;

        case MNR_ELEMENT_ENABLER:
          label = abbreviate (mnr_element_get_title (element), 18);
          break;

        case MNR_ELEMENT_DOMAIN:
        case MNR_ELEMENT_OUTCOME:
        default:
          continue;
        }

      full = mnr_element_dup_label (element);
      chip = gtk_label_new (label);
      gtk_widget_set_tooltip_text (chip, full);
      gtk_accessible_update_property (GTK_ACCESSIBLE (chip),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, full,
                                      -1);
      gtk_widget_add_css_class (chip, "mnr-chip");
      gtk_widget_add_css_class (chip, "caption-heading");
      if (mnr_element_get_kind (element) == MNR_ELEMENT_CAPABILITY)
        gtk_widget_add_css_class (chip, "accent");
      else
        gtk_widget_add_css_class (chip, "dim-label");
      gtk_box_append (GTK_BOX (chips), chip);
      n++;
    }

  gtk_widget_set_visible (chips, n > 0);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             MnrEvidencePage          *self)
{
  MnrEvidence *evidence = gtk_list_item_get_item (item);
  GtkWidget *row = gtk_list_item_get_child (item);
  GtkLabel *title = g_object_get_data (G_OBJECT (row), ROW_TITLE);
  GtkLabel *summary = g_object_get_data (G_OBJECT (row), ROW_SUMMARY);
  GtkWidget *remove = g_object_get_data (G_OBJECT (row), ROW_REMOVE);
  g_autofree char *meta = dup_meta_line (evidence);
  g_autofree char *first_line = NULL;
  g_autofree char *remove_label = NULL;
  const char *text = mnr_evidence_get_display_summary (evidence);
  const char *newline = strchr (text, '\n');

  gtk_label_set_label (title, mnr_evidence_get_display_title (evidence));
  gtk_label_set_label (g_object_get_data (G_OBJECT (row), ROW_META), meta);
  fill_chips (self, g_object_get_data (G_OBJECT (row), ROW_CHIPS), evidence);

  first_line = newline != NULL ? g_strndup (text, (gsize)(newline - text)) : g_strdup (text);
  gtk_label_set_label (summary, first_line);
  gtk_widget_set_visible (GTK_WIDGET (summary), first_line[0] != '\0');

  /* Translators: the accessible name of a row's button; %s is the title */
  remove_label = g_strdup_printf (_("Remove “%s”"), mnr_evidence_get_display_title (evidence));
  gtk_widget_set_tooltip_text (remove, remove_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label,
                                  -1);
  /* The target first: the action takes a string. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "s", mnr_evidence_get_id (evidence));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "evidence.remove");

  {
    /* Translators: an evidence row as a screen reader reads it: its
     * title, then its details */
    g_autofree char *accessible = g_strdup_printf (_("%s, %s"), mnr_evidence_get_display_title (evidence), meta);

    /* On the row's content: GTK 4.8 cannot name GtkListView's own item
     * while it is off screen (a critical from its AT-SPI bridge). */
    gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                    -1);
  }
}

/* --- drop-downs --------------------------------------------------------------- */

static void
setup_element_choices (MnrEvidencePage *self)
{
  MnrFramework *framework = mnr_workspace_get_framework (self->workspace);
  GListModel *capabilities = mnr_framework_get_capabilities (framework);
  GListModel *enablers = mnr_framework_get_enablers (framework);
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autoptr(GtkExpression) expression = NULL;

  self->element_ids = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->element_ids, NULL);
  gtk_string_list_append (labels, _("All capabilities and enablers"));

  for (guint i = 0; i < g_list_model_get_n_items (capabilities); i++)
    {
      g_autoptr(MnrElement) element = g_list_model_get_item (capabilities, i);
      /* Translators: a capability's number, then its title: "4 · Dedicated Law Enforcement" */
      g_autofree char *label = g_strdup_printf (_("%u · %s"), mnr_element_get_number (element),
                                                mnr_element_get_title (element));

      g_ptr_array_add (self->element_ids, g_strdup (mnr_element_get_id (element)));
      gtk_string_list_append (labels, label);
    }

  for (guint i = 0; i < g_list_model_get_n_items (enablers); i++)
    {
      g_autoptr(MnrElement) element = g_list_model_get_item (enablers, i);
      g_autofree char *label = mnr_element_dup_label (element);

      g_ptr_array_add (self->element_ids, g_strdup (mnr_element_get_id (element)));
      gtk_string_list_append (labels, label);
    }

  expression = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");
  gtk_drop_down_set_expression (self->element_dropdown, expression);
  gtk_drop_down_set_enable_search (self->element_dropdown, TRUE);
  /* On the button: short enough to leave room for the other filters. */
  mnr_drop_down_set_short_button (self->element_dropdown, 24);
  gtk_drop_down_set_model (self->element_dropdown, G_LIST_MODEL (labels));
}

static void
setup_kind_choices (MnrEvidencePage *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

  gtk_string_list_append (labels, _("All kinds"));
  for (guint i = 0; mnr_evidence_kinds[i] != NULL; i++)
    gtk_string_list_append (labels, mnr_evidence_kind_get_label (mnr_evidence_kinds[i]));

  gtk_drop_down_set_model (self->kind_dropdown, G_LIST_MODEL (labels));
}

/* --- actions ---------------------------------------------------------------- */

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  MnrEvidencePage *self = MNR_EVIDENCE_PAGE (widget);

  /* While one capability is shown, new evidence backs it to begin with. */
  mnr_evidence_page_add_evidence (self, selected_element_id (self));
}

static void
focus_search_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  mnr_evidence_page_focus_search (MNR_EVIDENCE_PAGE (widget));
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  MnrEvidencePage *self = MNR_EVIDENCE_PAGE (widget);
  g_autoptr(MnrEvidence) evidence = find_evidence (self, g_variant_get_string (parameter, NULL));

  if (evidence != NULL)
    mnr_evidence_page_remove (self, evidence);
}

static gboolean
restore (MnrEvidencePage *self,
         const char      *id)
{
  g_autoptr(GError) error = NULL;

  if (!mnr_workspace_restore_evidence (self->workspace, id, &error))
    {
      show_error (self, error);
      return FALSE;
    }

  if (g_strcmp0 (id, self->last_removed_id) == 0)
    g_clear_pointer (&self->last_removed_id, g_free);

  return TRUE;
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  restore (MNR_EVIDENCE_PAGE (widget), g_variant_get_string (parameter, NULL));
}

static void
clear_filters_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  MnrEvidencePage *self = MNR_EVIDENCE_PAGE (widget);

  mnr_evidence_page_set_search_text (self, NULL);
  gtk_drop_down_set_selected (self->element_dropdown, 0);
  gtk_drop_down_set_selected (self->kind_dropdown, 0);
  gtk_drop_down_set_selected (self->sensitivity_dropdown, SENSITIVITY_ALL);
}

/* --- GObject ---------------------------------------------------------------- */

static void
mnr_evidence_page_constructed (GObject *object)
{
  MnrEvidencePage *self = (MnrEvidencePage *)object;

  G_OBJECT_CLASS (mnr_evidence_page_parent_class)->constructed (object);

  setup_kind_choices (self);

  if (self->workspace != NULL)
    {
      setup_element_choices (self);

      g_signal_connect_object (self->workspace, "changed",
                               G_CALLBACK (on_workspace_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->workspace, "evidence-changed",
                               G_CALLBACK (on_workspace_changed_cb), self,
                               G_CONNECT_SWAPPED);
    }

  reload (self);
}

static void
mnr_evidence_page_dispose (GObject *object)
{
  MnrEvidencePage *self = (MnrEvidencePage *)object;

  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_data (self->workspace, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), MNR_TYPE_EVIDENCE_PAGE);

  g_clear_object (&self->toast);
  g_clear_object (&self->sort_model);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->sorter);
  g_clear_object (&self->filter);
  g_clear_object (&self->base);

  G_OBJECT_CLASS (mnr_evidence_page_parent_class)->dispose (object);
}

static void
mnr_evidence_page_finalize (GObject *object)
{
  MnrEvidencePage *self = (MnrEvidencePage *)object;

  g_clear_object (&self->workspace);
  g_clear_pointer (&self->element_ids, g_ptr_array_unref);
  g_clear_pointer (&self->search_text, g_free);
  g_clear_pointer (&self->last_removed_id, g_free);

  G_OBJECT_CLASS (mnr_evidence_page_parent_class)->finalize (object);
}

static void
mnr_evidence_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  MnrEvidencePage *self = MNR_EVIDENCE_PAGE (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mnr_evidence_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  MnrEvidencePage *self = MNR_EVIDENCE_PAGE (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      self->workspace = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mnr_evidence_page_class_init (MnrEvidencePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = mnr_evidence_page_constructed;
  object_class->dispose = mnr_evidence_page_dispose;
  object_class->finalize = mnr_evidence_page_finalize;
  object_class->get_property = mnr_evidence_page_get_property;
  object_class->set_property = mnr_evidence_page_set_property;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL,
                         MNR_TYPE_WORKSPACE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* keeps the bundle (and its registration) in a static link */
  (void) mnr_gui_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/mnr-evidence-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MnrEvidencePage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, MnrEvidencePage, toolbar);
  gtk_widget_class_bind_template_child (widget_class, MnrEvidencePage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, MnrEvidencePage, element_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MnrEvidencePage, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MnrEvidencePage, sensitivity_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MnrEvidencePage, sort_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MnrEvidencePage, stack);
  gtk_widget_class_bind_template_child (widget_class, MnrEvidencePage, list_view);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_sort_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_list_activate_cb);

  gtk_widget_class_install_action (widget_class, "evidence.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "evidence.focus-search", NULL, focus_search_action);
  gtk_widget_class_install_action (widget_class, "evidence.remove", "s", remove_action);
  gtk_widget_class_install_action (widget_class, "evidence.undo", "s", undo_action);
  gtk_widget_class_install_action (widget_class, "evidence.clear-filters", NULL, clear_filters_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "evidence.add", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "evidence.focus-search", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "mnrevidencepage");
}

static void
mnr_evidence_page_init (MnrEvidencePage *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  GtkNoSelection *selection;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* GTK 4.8 names a drop-down's inner button by its type: give it the
   * drop-down's name. */
  {
    struct { GtkDropDown *dropdown; const char *label; } named[] = {
      { self->element_dropdown, _("Capability or enabler") },
      { self->kind_dropdown, _("Kind") },
      { self->sensitivity_dropdown, _("Sensitivity") },
      { self->sort_dropdown, _("Sort by") },
    };

    for (guint i = 0; i < G_N_ELEMENTS (named); i++)
      {
        GtkWidget *button = gtk_widget_get_first_child (GTK_WIDGET (named[i].dropdown));

        if (GTK_IS_TOGGLE_BUTTON (button))
          gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, named[i].label,
                                          -1);
      }
  }

  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->filter_model = gtk_filter_list_model_new (NULL, g_object_ref (GTK_FILTER (self->filter)));
  self->sorter = gtk_custom_sorter_new (sort_func, self, NULL);
  self->sort_model = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->filter_model)),
                                              g_object_ref (GTK_SORTER (self->sorter)));
  g_signal_connect_object (self->sort_model, "items-changed",
                           G_CALLBACK (on_sorted_items_changed_cb), self,
                           G_CONNECT_SWAPPED);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect_object (factory, "setup", G_CALLBACK (setup_row_cb), self, 0);
  g_signal_connect_object (factory, "bind", G_CALLBACK (bind_row_cb), self, 0);
  gtk_list_view_set_factory (self->list_view, factory);

  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->sort_model)));
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);

  /* Typing anywhere in the page starts a search. */
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));
}

/**
 * mnr_evidence_page_new:
 * @workspace: whose country's evidence to show
 */
GtkWidget *
mnr_evidence_page_new (MnrWorkspace *workspace)
{
  g_return_val_if_fail (MNR_IS_WORKSPACE (workspace), NULL);

  return g_object_new (MNR_TYPE_EVIDENCE_PAGE,
                       "workspace", workspace,
                       NULL);
}

/**
 * mnr_evidence_page_get_workspace:
 *
 * Returns: (transfer none) (nullable): the workspace shown
 */
MnrWorkspace *
mnr_evidence_page_get_workspace (MnrEvidencePage *self)
{
  g_return_val_if_fail (MNR_IS_EVIDENCE_PAGE (self), NULL);

  return self->workspace;
}

static void
open_editor (MnrEvidencePage *self,
             MnrEvidence     *evidence,
             const char      *element_id)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *editor;

  if (self->workspace == NULL || (evidence == NULL && current_country (self) == NULL))
    return;

  editor = mnr_evidence_editor_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                    self->workspace, evidence, element_id);
  gtk_window_present (GTK_WINDOW (editor));
}

/**
 * mnr_evidence_page_add_evidence:
 * @element_id: (nullable): the capability or enabler the new item backs to
 *   begin with
 *
 * Opens the editor for a new item of the current country.
 */
void
mnr_evidence_page_add_evidence (MnrEvidencePage *self,
                                const char      *element_id)
{
  g_return_if_fail (MNR_IS_EVIDENCE_PAGE (self));

  open_editor (self, NULL, element_id);
}

/**
 * mnr_evidence_page_edit:
 *
 * Opens the editor for @evidence.
 */
void
mnr_evidence_page_edit (MnrEvidencePage *self,
                        MnrEvidence     *evidence)
{
  g_return_if_fail (MNR_IS_EVIDENCE_PAGE (self));
  g_return_if_fail (MNR_IS_EVIDENCE (evidence));

  open_editor (self, evidence, NULL);
}

/**
 * mnr_evidence_page_remove:
 *
 * Removes @evidence, with a toast whose Undo button brings it back.
 */
void
mnr_evidence_page_remove (MnrEvidencePage *self,
                          MnrEvidence     *evidence)
{
  g_autoptr(MnrEvidence) held = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *escaped = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus;
  gboolean had_focus;
  AdwToast *toast;

  g_return_if_fail (MNR_IS_EVIDENCE_PAGE (self));
  g_return_if_fail (MNR_IS_EVIDENCE (evidence));
  g_return_if_fail (self->workspace != NULL);

  /* The model lets go of the item as it goes. */
  held = g_object_ref (evidence);
  focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  had_focus = focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->list_view));

  if (!mnr_workspace_remove_evidence (self->workspace, mnr_evidence_get_id (held), &error))
    {
      show_error (self, error);
      return;
    }

  g_free (self->last_removed_id);
  self->last_removed_id = g_strdup (mnr_evidence_get_id (held));

  escaped = g_markup_escape_text (mnr_evidence_get_display_title (held), -1);
  /* Translators: %s is the title of the evidence just removed */
  toast = adw_toast_new_format (_("“%s” removed"), escaped);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "evidence.undo");
  adw_toast_set_action_target (toast, "s", mnr_evidence_get_id (held));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  show_toast (self, toast);

  /* The row's button is gone: keep the focus in the list. */
  if (had_focus)
    gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

/**
 * mnr_evidence_page_undo_last_removal:
 *
 * Brings back the item removed last, as its toast's Undo button does.
 *
 * Returns: whether an item came back
 */
gboolean
mnr_evidence_page_undo_last_removal (MnrEvidencePage *self)
{
  g_autofree char *id = NULL;

  g_return_val_if_fail (MNR_IS_EVIDENCE_PAGE (self), FALSE);

  if (self->last_removed_id == NULL)
    return FALSE;

  id = g_strdup (self->last_removed_id);
  if (!restore (self, id))
    return FALSE;

  if (self->toast != NULL && g_strcmp0 (adw_toast_get_action_name (self->toast), "evidence.undo") == 0)
    adw_toast_dismiss (self->toast);

  return TRUE;
}

void
mnr_evidence_page_focus_search (MnrEvidencePage *self)
{
  g_return_if_fail (MNR_IS_EVIDENCE_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/**
 * mnr_evidence_page_set_search_text:
 * @text: (nullable): words to find in titles, summaries and sources
 *
 * Searches at once, without the search entry's delay.
 */
void
mnr_evidence_page_set_search_text (MnrEvidencePage *self,
                                   const char      *text)
{
  g_return_if_fail (MNR_IS_EVIDENCE_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text != NULL ? text : "");
  on_search_changed_cb (self, self->search_entry);
}

/**
 * mnr_evidence_page_set_filter_element:
 * @element_id: (nullable): a capability or enabler, %NULL for all
 */
void
mnr_evidence_page_set_filter_element (MnrEvidencePage *self,
                                      const char      *element_id)
{
  guint selected = 0;

  g_return_if_fail (MNR_IS_EVIDENCE_PAGE (self));

  for (guint i = 1; element_id != NULL && self->element_ids != NULL && i < self->element_ids->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->element_ids, i), element_id) == 0)
      selected = i;

  gtk_drop_down_set_selected (self->element_dropdown, selected);
}

/**
 * mnr_evidence_page_set_filter_kind:
 * @kind: (nullable): one of #mnr_evidence_kinds, %NULL for all
 */
void
mnr_evidence_page_set_filter_kind (MnrEvidencePage *self,
                                   const char      *kind)
{
  guint selected = 0;

  g_return_if_fail (MNR_IS_EVIDENCE_PAGE (self));
  g_return_if_fail (kind == NULL || mnr_evidence_kind_is_valid (kind));

  for (guint i = 0; kind != NULL && mnr_evidence_kinds[i] != NULL; i++)
    if (g_str_equal (mnr_evidence_kinds[i], kind))
      selected = i + 1;

  gtk_drop_down_set_selected (self->kind_dropdown, selected);
}

/**
 * mnr_evidence_page_get_model:
 *
 * Returns: (transfer none): the items the list shows, in its order
 */
GListModel *
mnr_evidence_page_get_model (MnrEvidencePage *self)
{
  g_return_val_if_fail (MNR_IS_EVIDENCE_PAGE (self), NULL);

  return G_LIST_MODEL (self->sort_model);
}

/**
 * mnr_evidence_page_get_state:
 *
 * Returns: what the page shows: "list", "empty" (the country has no
 *   evidence), "no-results" or "no-country"
 */
const char *
mnr_evidence_page_get_state (MnrEvidencePage *self)
{
  g_return_val_if_fail (MNR_IS_EVIDENCE_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

/**
 * mnr_evidence_page_get_toast:
 *
 * Returns: (transfer none) (nullable): the toast on show
 */
AdwToast *
mnr_evidence_page_get_toast (MnrEvidencePage *self)
{
  g_return_val_if_fail (MNR_IS_EVIDENCE_PAGE (self), NULL);

  return self->toast;
}
