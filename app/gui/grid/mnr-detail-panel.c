/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-detail-panel"

#include "config.h"

#include "mnr-gui-resources.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "mnr-action-list.h"
#include "mnr-detail-panel.h"
#include "mnr-format.h"
#include "mnr-level-style.h"

/* The side panel: everything the framework says about the selected
 * element, and the elements linked to it (a capability's outcome, an
 * outcome's capabilities) as rows that select them in turn. Later issues
 * add the country's level, rationale, evidence and examples here. */

struct _MnrDetailPanel
{
  GtkWidget     parent_instance;

  /* template widgets */
  GtkScrolledWindow *scroller;
  GtkLabel     *kind_label;
  GtkLabel     *title_label;
  GtkLabel     *description_label;
  GtkLabel     *related_heading;
  GtkListBox   *related_list;
  GtkLabel     *note_label;
  GtkWidget    *variants_box;
  GtkLabel     *variants_label;
  GtkLabel     *source_label;
  GtkWidget    *rating_box;
  GtkLabel     *rating_heading;
  GtkGrid      *level_grid;
  GtkLabel     *level_description;
  GtkTextView  *rationale_view;
  GtkLabel     *changed_label;
  GtkLabel     *history_label;
  GtkWidget    *evidence_box;
  GtkLabel     *evidence_heading;
  GtkWidget    *add_evidence_button;
  GtkListBox   *evidence_list;
  MnrActionList *action_list;
  GtkWidget    *examples_box;
  GtkListBox   *examples_list;
  GtkWidget    *examples_note;

  /* owned */
  MnrFramework *framework;
  MnrElement   *element;
  GListStore   *related;
  MnrWorkspace *workspace;
  MnrCountryCatalog *catalog;
  MnrSampleEvidence *samples;
  GPtrArray    *level_buttons;   /* GtkToggleButton, by rank */
  GListStore   *element_evidence;

  gboolean      syncing;
};

G_DEFINE_FINAL_TYPE (MnrDetailPanel, mnr_detail_panel, GTK_TYPE_WIDGET)

enum {
  ELEMENT_ACTIVATED,
  ADD_EVIDENCE,
  EVIDENCE_ACTIVATED,
  ERROR,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* --- the country's assessment of the element ---------------------------- */

static gboolean
is_rateable (MnrElement *element)
{
  return element != NULL &&
         (mnr_element_get_kind (element) == MNR_ELEMENT_CAPABILITY ||
          mnr_element_get_kind (element) == MNR_ELEMENT_ENABLER);
}

static char *
dup_rationale_text (MnrDetailPanel *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->rationale_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
}

static char *
format_time (gint64 microseconds)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (microseconds / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;

  /* Translators: date and time of a change, see g_date_time_format() */
  return local != NULL ? g_date_time_format (local, _("%e %b %Y, %H:%M")) : g_strdup ("");
}

/* Writes the chosen level and the rationale as they are in the panel. */
static void
save_rating (MnrDetailPanel *self,
             const char     *level_id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *rationale = dup_rationale_text (self);
  const char *element_id;

  if (self->workspace == NULL || !is_rateable (self->element))
    return;

  element_id = mnr_element_get_id (self->element);

  if (level_id == NULL)
    {
      MnrRating *current = mnr_workspace_get_rating (self->workspace, element_id);

      /* Nothing to save: no level yet, or the same rationale. */
      if (current == NULL && rationale[0] == '\0')
        return;
      if (current != NULL && g_strcmp0 (current->rationale, rationale) == 0)
        return;

      level_id = mnr_level_get_id (mnr_workspace_get_level (self->workspace, element_id));
    }

  if (!mnr_workspace_set_rating (self->workspace, element_id, level_id, rationale, &error))
    g_signal_emit (self, signals[ERROR], 0, error->message);
}

static void
on_level_toggled_cb (MnrDetailPanel  *self,
                     GtkToggleButton *button)
{
  if (self->syncing || !gtk_toggle_button_get_active (button))
    return;

  save_rating (self, g_object_get_data (G_OBJECT (button), "mnr-level-id"));
}

static void
on_rationale_leave_cb (MnrDetailPanel *self)
{
  if (!self->syncing)
    save_rating (self, NULL);
}

static void
build_level_buttons (MnrDetailPanel *self)
{
  GListModel *levels = mnr_framework_get_levels (self->framework);
  GtkToggleButton *group = NULL;
  guint n = g_list_model_get_n_items (levels);

  GtkWidget *child;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->level_grid))) != NULL)
    gtk_grid_remove (self->level_grid, child);
  g_ptr_array_set_size (self->level_buttons, 0);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MnrLevel) level = g_list_model_get_item (levels, i);
      g_autofree char *label = g_strdup_printf (_("Level: %s"), mnr_level_get_name (level));
      g_autofree char *key = g_strdup_printf ("%u", i);
      GtkWidget *button = gtk_toggle_button_new_with_label (mnr_level_get_name (level));

      gtk_widget_add_css_class (button, "level-chip");
      gtk_widget_add_css_class (button, "level-button");
      mnr_level_style_add_classes (button, level);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                      -1);
      if (i <= 9)
        gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                        GTK_ACCESSIBLE_PROPERTY_KEY_SHORTCUTS, key,
                                        -1);
      g_object_set_data_full (G_OBJECT (button), "mnr-level-id", g_strdup (mnr_level_get_id (level)), g_free);

      if (group != NULL)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), group);
      else
        group = GTK_TOGGLE_BUTTON (button);

      g_signal_connect_object (button, "toggled", G_CALLBACK (on_level_toggled_cb), self, G_CONNECT_SWAPPED);
      gtk_grid_attach (self->level_grid, button, i % 3, i / 3, 1, 1);
      g_ptr_array_add (self->level_buttons, button);
    }
}

/* The buttons' tooltips and descriptions say what each level means for
 * the kind of element shown: an enabler is a condition, not a capability. */
static void
describe_level_buttons (MnrDetailPanel *self,
                        MnrElementKind  kind)
{
  GListModel *levels = mnr_framework_get_levels (self->framework);

  for (guint i = 0; i < self->level_buttons->len; i++)
    {
      g_autoptr(MnrLevel) level = g_list_model_get_item (levels, i);
      GtkWidget *button = g_ptr_array_index (self->level_buttons, i);
      const char *description = mnr_level_get_description_for (level, kind);
      g_autofree char *tooltip = NULL;

      if (i <= 9)
        /* Translators: a level button's tooltip: what the level means,
         * then the digit key that chooses it */
        tooltip = g_strdup_printf (_("%s\nKey: %u"), description, i);
      gtk_widget_set_tooltip_text (button, tooltip != NULL ? tooltip : description);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                      -1);
    }
}

static GtkWidget *
create_evidence_row (gpointer item,
                     gpointer user_data)
{
  MnrEvidence *evidence = item;
  g_autofree char *subtitle = NULL;
  const char *date = mnr_evidence_get_date (evidence);
  GtkWidget *row;

  subtitle = date[0] != '\0'
    ? g_strdup_printf ("%s · %s", mnr_evidence_kind_get_label (mnr_evidence_get_kind (evidence)), date)
    : g_strdup (mnr_evidence_kind_get_label (mnr_evidence_get_kind (evidence)));
  if (mnr_evidence_get_sample (evidence))
    {
      /* Translators: an evidence row's details when it is sample data:
       * "Example · Legislation · 2018" */
      g_autofree char *with_tag = g_strdup_printf (_("Example · %s"), subtitle);
      g_free (subtitle);
      subtitle = g_steal_pointer (&with_tag);
    }

  row = g_object_new (ADW_TYPE_ACTION_ROW,
                      "title", mnr_evidence_get_display_title (evidence),
                      "subtitle", subtitle,
                      "title-lines", 3,
                      "activatable", TRUE,
                      "use-markup", FALSE,
                      NULL);
  if (mnr_evidence_get_n_attachments (evidence) > 0)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                               g_object_new (GTK_TYPE_IMAGE,
                                             "icon-name", "mail-attachment-symbolic",
                                             "tooltip-text", _("Has attachments"),
                                             NULL));
  return row;
}

static void
on_evidence_row_activated_cb (MnrDetailPanel *self,
                              GtkListBoxRow  *row)
{
  g_autoptr(MnrEvidence) evidence =
    g_list_model_get_item (G_LIST_MODEL (self->element_evidence), (guint)gtk_list_box_row_get_index (row));

  if (evidence != NULL)
    g_signal_emit (self, signals[EVIDENCE_ACTIVATED], 0, evidence);
}

static void
on_add_evidence_clicked_cb (MnrDetailPanel *self)
{
  if (is_rateable (self->element))
    g_signal_emit (self, signals[ADD_EVIDENCE], 0, mnr_element_get_id (self->element));
}

static char *
dup_country_label (MnrDetailPanel *self,
                   const char     *code)
{
  MnrCountry *country = self->catalog != NULL && code != NULL
    ? mnr_country_catalog_lookup (self->catalog, code) : NULL;

  if (country == NULL)
    return g_strdup (code != NULL ? code : "");

  if (mnr_country_get_flag (country) != NULL)
    return g_strdup_printf ("%s %s", mnr_country_get_flag (country), mnr_country_get_name (country));

  return g_strdup (mnr_country_get_name (country));
}

static void
sync_examples (MnrDetailPanel *self)
{
  g_autoptr(GListModel) examples = NULL;
  const char *country = self->workspace != NULL ? mnr_workspace_get_country (self->workspace) : NULL;
  GtkWidget *child;
  guint shown = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->examples_list))) != NULL)
    gtk_list_box_remove (self->examples_list, child);

  if (self->samples == NULL || self->element == NULL ||
      mnr_element_get_kind (self->element) != MNR_ELEMENT_CAPABILITY)
    {
      gtk_widget_set_visible (self->examples_box, FALSE);
      return;
    }

  examples = mnr_sample_evidence_for_capability (self->samples, mnr_element_get_number (self->element));

  for (guint i = 0; i < g_list_model_get_n_items (examples); i++)
    {
      g_autoptr(MnrSampleExample) example = g_list_model_get_item (examples, i);
      g_autofree char *where = NULL;
      g_autofree char *title = NULL;
      g_autofree char *body = NULL;
      GtkWidget *box, *label;

      if (country != NULL && g_strcmp0 (mnr_sample_example_get_country (example), country) == 0)
        continue;

      if (mnr_sample_example_get_country (example) != NULL)
        where = dup_country_label (self, mnr_sample_example_get_country (example));
      else if (g_strcmp0 (mnr_sample_example_get_region (example), "asean") == 0)
        where = g_strdup (_("Southeast Asia (ASEAN)"));
      else if (g_strcmp0 (mnr_sample_example_get_region (example), "saievac") == 0)
        where = g_strdup (_("South Asia (SAIEVAC)"));
      else
        where = g_strdup (mnr_sample_example_get_region (example));

      box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
      gtk_widget_set_margin_top (box, 10);
      gtk_widget_set_margin_bottom (box, 10);
      gtk_widget_set_margin_start (box, 12);
      gtk_widget_set_margin_end (box, 12);

      label = g_object_new (GTK_TYPE_LABEL, "label", where, "xalign", 0.0f, "wrap", TRUE, NULL);
      gtk_widget_add_css_class (label, "caption-heading");
      gtk_box_append (GTK_BOX (box), label);

      label = g_object_new (GTK_TYPE_LABEL, "label", mnr_sample_example_get_title (example),
                            "xalign", 0.0f, "wrap", TRUE, "selectable", TRUE, NULL);
      gtk_widget_add_css_class (label, "heading");
      gtk_box_append (GTK_BOX (box), label);

      label = g_object_new (GTK_TYPE_LABEL, "label", mnr_sample_example_get_summary (example),
                            "xalign", 0.0f, "wrap", TRUE, "selectable", TRUE, NULL);
      gtk_box_append (GTK_BOX (box), label);

      label = g_object_new (GTK_TYPE_LABEL, "label", mnr_sample_example_get_citation (example),
                            "xalign", 0.0f, "wrap", TRUE, NULL);
      gtk_widget_add_css_class (label, "caption");
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (box), label);

      title = g_strdup_printf ("%s: %s", where, mnr_sample_example_get_title (example));
      body = g_strdup_printf ("%s %s", mnr_sample_example_get_summary (example),
                              mnr_sample_example_get_citation (example));
      gtk_list_box_append (self->examples_list, box);
      child = gtk_widget_get_last_child (GTK_WIDGET (self->examples_list));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (child), FALSE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (child),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, body,
                                      -1);
      shown++;
    }

  /* Say so when the booklet has nothing for a capability, rather than
   * leave the section out as if it had been forgotten. */
  gtk_widget_set_visible (self->examples_box, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->examples_list), shown > 0);
  gtk_widget_set_visible (self->examples_note, shown == 0);
}


/* Whether a meeting agreed the level, and which; or that it is proposed,
 * where the country's committee meets. %NULL: nothing to say. */
static char *
dup_review_text (MnrDetailPanel *self,
                 MnrRating      *rating,
                 MnrLevel       *level)
{
  MnrStore *store = mnr_workspace_get_store (self->workspace);
  g_autoptr(MnrMeeting) meeting = NULL;
  g_autoptr(GPtrArray) meetings = NULL;

  if (!mnr_level_get_assessed (level))
    return NULL;

  if (g_strcmp0 (rating->review, "agreed") == 0)
    {
      g_autofree char *day = NULL;

      if (rating->agreed_in[0] != '\0')
        meeting = mnr_store_get_meeting (store, rating->agreed_in, NULL);
      if (meeting == NULL)
        return g_strdup (_("Agreed by a meeting of the committee."));
      day = mnr_format_day (meeting->date);
      /* Translators: the meeting's title, then its date */
      return g_strdup_printf (_("Agreed by the meeting “%s” of %s."), meeting->title, day);
    }

  meetings = mnr_store_list_meetings (store, mnr_workspace_get_country (self->workspace), NULL);
  if (meetings == NULL || meetings->len == 0)
    return NULL;
  return g_strdup (_("Proposed: no meeting has agreed this level yet."));
}

static void
sync_assessment (MnrDetailPanel *self)
{
  MnrRound *round = self->workspace != NULL ? mnr_workspace_get_round (self->workspace) : NULL;
  /* Without a round yet, the first rating makes one. */
  gboolean rateable = self->workspace != NULL && mnr_workspace_get_country (self->workspace) != NULL &&
                      is_rateable (self->element);
  const char *element_id;
  MnrRating *rating;
  MnrLevel *level;
  g_autoptr(GPtrArray) history = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *evidence_heading = NULL;
  GListModel *all;
  GString *lines;

  gtk_widget_set_visible (self->rating_box, rateable);
  gtk_widget_set_visible (self->evidence_box, rateable);
  mnr_action_list_set_context (self->action_list, self->workspace,
                               rateable ? mnr_element_get_id (self->element) : NULL);

  if (!rateable)
    {
      g_list_store_remove_all (self->element_evidence);
      return;
    }

  self->syncing = TRUE;

  element_id = mnr_element_get_id (self->element);
  rating = mnr_workspace_get_rating (self->workspace, element_id);
  level = mnr_workspace_get_level (self->workspace, element_id);

  /* Translators: the heading of the level section, with the round's name */
  heading = round != NULL ? g_strdup_printf (_("Level in %s"), round->name)
                          : g_strdup (_("Level (the first rating starts this year’s round)"));
  gtk_label_set_label (self->rating_heading, heading);

  for (guint i = 0; i < self->level_buttons->len; i++)
    gtk_toggle_button_set_active (g_ptr_array_index (self->level_buttons, i),
                                  i == mnr_level_get_rank (level));
  describe_level_buttons (self, mnr_element_get_kind (self->element));
  gtk_label_set_label (self->level_description,
                       mnr_level_get_description_for (level, mnr_element_get_kind (self->element)));

  /* Keep what is being typed when only the level changed. */
  if (!gtk_widget_has_focus (GTK_WIDGET (self->rationale_view)))
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->rationale_view),
                              rating != NULL ? rating->rationale : "", -1);

  if (rating != NULL)
    {
      g_autofree char *when = format_time (rating->updated_at);
      /* Translators: when a level was last changed, and by whom */
      g_autofree char *changed = g_strdup_printf (_("Changed %s by %s"), when, rating->updated_by);
      g_autofree char *review = dup_review_text (self, rating, level);
      g_autofree char *text = review != NULL ? g_strconcat (changed, "\n", review, NULL) : g_strdup (changed);

      gtk_label_set_label (self->changed_label, text);
    }
  else
    gtk_label_set_label (self->changed_label, _("Not assessed in this round yet."));

  history = mnr_workspace_get_rating_history (self->workspace, element_id, NULL);
  lines = g_string_new (NULL);
  for (guint i = 0; history != NULL && i < history->len; i++)
    {
      MnrRating *entry = g_ptr_array_index (history, i);
      MnrLevel *entry_level = mnr_framework_lookup_level (self->framework, entry->level_id);
      g_autofree char *when = format_time (entry->updated_at);
      g_autofree char *line = g_markup_printf_escaped ("<b>%s</b> · %s · %s%s%s",
                                                       entry_level != NULL ? mnr_level_get_name (entry_level) : entry->level_id,
                                                       when, entry->updated_by,
                                                       entry->rationale[0] != '\0' ? "\n" : "",
                                                       entry->rationale);
      if (lines->len > 0)
        g_string_append (lines, "\n\n");
      g_string_append (lines, line);
    }
  gtk_label_set_markup (self->history_label, lines->len > 0 ? lines->str : _("No changes yet."));
  g_string_free (lines, TRUE);

  /* The country's evidence for this element. */
  g_list_store_remove_all (self->element_evidence);
  all = mnr_workspace_get_evidence (self->workspace);
  for (guint i = 0; i < g_list_model_get_n_items (all); i++)
    {
      g_autoptr(MnrEvidence) evidence = g_list_model_get_item (all, i);

      if (mnr_evidence_has_element (evidence, element_id))
        g_list_store_append (self->element_evidence, evidence);
    }

  evidence_heading = g_strdup_printf (_("Evidence (%u)"),
                                      g_list_model_get_n_items (G_LIST_MODEL (self->element_evidence)));
  gtk_label_set_label (self->evidence_heading, evidence_heading);
  gtk_widget_set_visible (GTK_WIDGET (self->evidence_list),
                          g_list_model_get_n_items (G_LIST_MODEL (self->element_evidence)) > 0);

  self->syncing = FALSE;
}

static void
on_workspace_changed_cb (MnrDetailPanel *self)
{
  sync_assessment (self);
  sync_examples (self);
}

static void
on_rating_changed_cb (MnrDetailPanel *self,
                      const char     *element_id)
{
  if (self->element != NULL && g_strcmp0 (mnr_element_get_id (self->element), element_id) == 0)
    sync_assessment (self);
}


static GtkWidget *
create_related_row (gpointer item,
                    gpointer user_data)
{
  MnrElement *element = item;
  g_autofree char *label = mnr_element_dup_label (element);
  g_autofree char *kind = NULL;
  GtkWidget *row;

  if (mnr_element_get_kind (element) == MNR_ELEMENT_CAPABILITY)
    kind = g_strdup_printf (_("Capability %u"), mnr_element_get_number (element));
  else
    kind = g_strdup (_("Outcome"));

  row = g_object_new (ADW_TYPE_ACTION_ROW,
                      "title", mnr_element_get_title (element),
                      "subtitle", kind,
                      "activatable", TRUE,
                      NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             g_object_new (GTK_TYPE_IMAGE,
                                           "icon-name", "go-next-symbolic",
                                           "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                           NULL));
  return row;
}

static void
on_related_row_activated_cb (MnrDetailPanel *self,
                             GtkListBoxRow  *row)
{
  g_autoptr(MnrElement) element = NULL;

  element = g_list_model_get_item (G_LIST_MODEL (self->related),
                                   (guint)gtk_list_box_row_get_index (row));
  if (element != NULL)
    g_signal_emit (self, signals[ELEMENT_ACTIVATED], 0, element);
}

static void
mnr_detail_panel_dispose (GObject *object)
{
  MnrDetailPanel *self = (MnrDetailPanel *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), MNR_TYPE_DETAIL_PANEL);

  G_OBJECT_CLASS (mnr_detail_panel_parent_class)->dispose (object);
}

static void
mnr_detail_panel_finalize (GObject *object)
{
  MnrDetailPanel *self = (MnrDetailPanel *)object;

  g_clear_object (&self->framework);
  g_clear_object (&self->element);
  g_clear_object (&self->related);
  g_clear_object (&self->workspace);
  g_clear_object (&self->catalog);
  g_clear_object (&self->samples);
  g_clear_object (&self->element_evidence);
  g_clear_pointer (&self->level_buttons, g_ptr_array_unref);

  G_OBJECT_CLASS (mnr_detail_panel_parent_class)->finalize (object);
}

static void
mnr_detail_panel_class_init (MnrDetailPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mnr_detail_panel_dispose;
  object_class->finalize = mnr_detail_panel_finalize;

  /**
   * MnrDetailPanel::element-activated:
   * @element: the linked element the user chose
   */
  signals[ELEMENT_ACTIVATED] =
    g_signal_new ("element-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, MNR_TYPE_ELEMENT);

  /**
   * MnrDetailPanel::add-evidence:
   * @element_id: the capability or enabler the new evidence backs
   */
  signals[ADD_EVIDENCE] =
    g_signal_new ("add-evidence", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * MnrDetailPanel::evidence-activated:
   * @evidence: the item to open
   */
  signals[EVIDENCE_ACTIVATED] =
    g_signal_new ("evidence-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, MNR_TYPE_EVIDENCE);

  /**
   * MnrDetailPanel::error:
   * @message: what went wrong, for a toast
   */
  signals[ERROR] =
    g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  /* keeps the bundle (and its registration) in a static link */
  (void) mnr_gui_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/mnr-detail-panel.ui");
  g_type_ensure (MNR_TYPE_ACTION_LIST);
  gtk_widget_class_bind_template_child (widget_class, MnrDetailPanel, scroller);
  gtk_widget_class_bind_template_child (widget_class, MnrDetailPanel, action_list);
  gtk_widget_class_bind_template_child (widget_class, MnrDetailPanel, kind_label);
  gtk_widget_class_bind_template_child (widget_class, MnrDetailPanel, title_label);
  gtk_widget_class_bind_template_child (widget_class, MnrDetailPanel, description_label);
  gtk_widget_class_bind_template_child (widget_class, MnrDetailPanel, related_heading);
  gtk_widget_class_bind_template_child (widget_class, MnrDetailPanel, related_list);
  gtk_widget_class_bind_template_child (widget_class, MnrDetailPanel, note_label);
  gtk_widget_class_bind_template_child (widget_class, MnrDetailPanel, variants_box);
  gtk_widget_class_bind_template_child (widget_class, MnrDetailPanel, variants_label);
  gtk_widget_class_bind_template_child (widget_class, MnrDetailPanel, source_label);
  gtk_widget_class_bind_template_child (widget_class, MnrDetailPanel, rating_box);
  gtk_widget_class_bind_template_child (widget_class, MnrDetailPanel, rating_heading);
  gtk_widget_class_bind_template_child (widget_class, MnrDetailPanel, level_grid);
  gtk_widget_class_bind_template_child (widget_class, MnrDetailPanel, level_description);
  gtk_widget_class_bind_template_child (widget_class, MnrDetailPanel, rationale_view);
  gtk_widget_class_bind_template_child (widget_class, MnrDetailPanel, changed_label);
  gtk_widget_class_bind_template_child (widget_class, MnrDetailPanel, history_label);
  gtk_widget_class_bind_template_child (widget_class, MnrDetailPanel, evidence_box);
  gtk_widget_class_bind_template_child (widget_class, MnrDetailPanel, evidence_heading);
  gtk_widget_class_bind_template_child (widget_class, MnrDetailPanel, add_evidence_button);
  gtk_widget_class_bind_template_child (widget_class, MnrDetailPanel, evidence_list);
  gtk_widget_class_bind_template_child (widget_class, MnrDetailPanel, examples_box);
  gtk_widget_class_bind_template_child (widget_class, MnrDetailPanel, examples_list);
  gtk_widget_class_bind_template_child (widget_class, MnrDetailPanel, examples_note);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "mnrdetailpanel");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
mnr_detail_panel_init (MnrDetailPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->related = g_list_store_new (MNR_TYPE_ELEMENT);
  gtk_list_box_bind_model (self->related_list, G_LIST_MODEL (self->related),
                           create_related_row, NULL, NULL);
  g_signal_connect_object (self->related_list, "row-activated",
                           G_CALLBACK (on_related_row_activated_cb), self,
                           G_CONNECT_SWAPPED);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Details"),
                                  -1);

  self->level_buttons = g_ptr_array_new ();
  self->element_evidence = g_list_store_new (MNR_TYPE_EVIDENCE);
  gtk_list_box_bind_model (self->evidence_list, G_LIST_MODEL (self->element_evidence),
                           create_evidence_row, NULL, NULL);
  g_signal_connect_object (self->evidence_list, "row-activated",
                           G_CALLBACK (on_evidence_row_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->add_evidence_button, "clicked",
                           G_CALLBACK (on_add_evidence_clicked_cb), self, G_CONNECT_SWAPPED);

  {
    GtkEventController *focus = gtk_event_controller_focus_new ();
    g_signal_connect_object (focus, "leave", G_CALLBACK (on_rationale_leave_cb), self, G_CONNECT_SWAPPED);
    gtk_widget_add_controller (GTK_WIDGET (self->rationale_view), focus);
  }
}

GtkWidget *
mnr_detail_panel_new (void)
{
  return g_object_new (MNR_TYPE_DETAIL_PANEL, NULL);
}

void
mnr_detail_panel_set_framework (MnrDetailPanel *self,
                                MnrFramework   *framework)
{
  g_autofree char *source = NULL;
  const char *citation;

  g_return_if_fail (MNR_IS_DETAIL_PANEL (self));
  g_return_if_fail (MNR_IS_FRAMEWORK (framework));

  g_set_object (&self->framework, framework);
  build_level_buttons (self);
  describe_level_buttons (self, MNR_ELEMENT_CAPABILITY);

  citation = mnr_framework_get_source_citation (framework, mnr_framework_get_source_id (framework));
  /* Translators: the framework's edition, then the citation of its source */
  source = g_strdup_printf (_("%s. Text from: %s"), mnr_framework_get_edition (framework), citation);
  gtk_label_set_label (self->source_label, source);
}

/**
 * mnr_detail_panel_get_element:
 *
 * Returns: (transfer none) (nullable): the element shown
 */
MnrElement *
mnr_detail_panel_get_element (MnrDetailPanel *self)
{
  g_return_val_if_fail (MNR_IS_DETAIL_PANEL (self), NULL);

  return self->element;
}

static char *
dup_variants_markup (MnrDetailPanel *self,
                     MnrElement     *element)
{
  GPtrArray *variants = mnr_element_get_variants (element);
  GString *markup;

  if (variants->len == 0)
    return NULL;

  markup = g_string_new (NULL);

  for (guint i = 0; i < variants->len; i++)
    {
      const MnrVariant *variant = g_ptr_array_index (variants, i);
      const char *citation = mnr_framework_get_source_citation (self->framework, variant->source);
      g_autofree char *escaped_text = g_markup_escape_text (variant->text, -1);
      g_autofree char *escaped_citation = g_markup_escape_text (citation != NULL ? citation : variant->source, -1);
      const char *field = g_str_equal (variant->field, "title")
        ? _("Title") : _("Description");

      if (i > 0)
        g_string_append (markup, "\n\n");

      /* Translators: which field differs, the other wording, then the
       * source that words it so */
      g_string_append_printf (markup, _("<b>%s:</b> “%s”\n<small>%s</small>"),
                              field, escaped_text, escaped_citation);
    }

  return g_string_free (markup, FALSE);
}

static void
show_capability (MnrDetailPanel *self,
                 MnrElement     *capability)
{
  MnrElement *domain = mnr_element_get_domain (capability);
  MnrElement *outcome = mnr_framework_get_domain_outcome (self->framework, domain);
  g_autofree char *kind = NULL;

  /* Translators: capability number, then the domain it belongs to */
  kind = g_strdup_printf (_("Capability %u · %s"),
                          mnr_element_get_number (capability),
                          mnr_element_get_title (domain));
  gtk_label_set_label (self->kind_label, kind);
  gtk_label_set_label (self->related_heading, _("Serves the Outcome"));
  g_list_store_append (self->related, outcome);
}

static void
show_outcome (MnrDetailPanel *self,
              MnrElement     *outcome)
{
  MnrElement *domain = mnr_element_get_domain (outcome);
  GListModel *capabilities = mnr_framework_get_domain_capabilities (self->framework, domain);
  g_autofree char *kind = NULL;

  /* Translators: the domain whose outcome is shown */
  kind = g_strdup_printf (_("Outcome · %s"), mnr_element_get_title (domain));
  gtk_label_set_label (self->kind_label, kind);
  gtk_label_set_label (self->related_heading, _("Capabilities That Serve It"));

  for (guint i = 0; i < g_list_model_get_n_items (capabilities); i++)
    {
      g_autoptr(MnrElement) capability = g_list_model_get_item (capabilities, i);
      g_list_store_append (self->related, capability);
    }
}

static void
show_enabler (MnrDetailPanel *self,
              MnrElement     *enabler)
{
  g_autofree char *kind = NULL;
  g_autofree char *note = NULL;
  guint n = g_list_model_get_n_items (mnr_framework_get_enablers (self->framework));
  guint n_capabilities = g_list_model_get_n_items (mnr_framework_get_capabilities (self->framework));

  /* Translators: an enabler's place among all enablers, as "Enabler 2 of 7" */
  kind = g_strdup_printf (_("Enabler %u of %u"), mnr_element_get_number (enabler), n);
  gtk_label_set_label (self->kind_label, kind);

  note = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Enablers are the conditions a national response depends on. "
                                       "They cut across every domain: each one supports all %u capability "
                                       "rather than any single one.",
                                       "Enablers are the conditions a national response depends on. "
                                       "They cut across every domain: each one supports all %u capabilities "
                                       "rather than any single one.",
                                       n_capabilities),
                          n_capabilities);
  gtk_label_set_label (self->note_label, note);
}


/**
 * mnr_detail_panel_set_context:
 * @workspace: (nullable): the country and round whose assessment to show
 * @catalog: (nullable): for country names
 * @samples: (nullable): examples from other countries
 */
void
mnr_detail_panel_set_context (MnrDetailPanel    *self,
                              MnrWorkspace      *workspace,
                              MnrCountryCatalog *catalog,
                              MnrSampleEvidence *samples)
{
  g_return_if_fail (MNR_IS_DETAIL_PANEL (self));

  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_data (self->workspace, self);

  g_set_object (&self->workspace, workspace);
  g_set_object (&self->catalog, catalog);
  g_set_object (&self->samples, samples);

  if (workspace != NULL)
    {
      g_signal_connect_object (workspace, "changed", G_CALLBACK (on_workspace_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (workspace, "evidence-changed", G_CALLBACK (sync_assessment), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (workspace, "rating-changed", G_CALLBACK (on_rating_changed_cb), self, G_CONNECT_SWAPPED);
    }

  sync_assessment (self);
  sync_examples (self);
}

/**
 * mnr_detail_panel_set_element:
 * @element: (nullable): the enabler, capability or outcome to show
 */
void
mnr_detail_panel_set_element (MnrDetailPanel *self,
                              MnrElement     *element)
{
  g_autofree char *variants = NULL;
  const char *description;

  g_return_if_fail (MNR_IS_DETAIL_PANEL (self));
  g_return_if_fail (element == NULL || MNR_IS_ELEMENT (element));
  g_return_if_fail (element == NULL || self->framework != NULL);

  if (self->element == element)
    return;

  /* A rationale typed for the previous element is not lost. */
  save_rating (self, NULL);
  g_set_object (&self->element, element);

  g_list_store_remove_all (self->related);
  gtk_label_set_label (self->note_label, "");

  if (element == NULL)
    return;

  gtk_label_set_label (self->title_label, mnr_element_get_title (element));
  description = mnr_element_get_description (element);
  gtk_label_set_label (self->description_label, description);
  gtk_widget_set_visible (GTK_WIDGET (self->description_label), description[0] != '\0');

  switch (mnr_element_get_kind (element))
    {
    case MNR_ELEMENT_CAPABILITY:
      show_capability (self, element);
      break;

    case MNR_ELEMENT_OUTCOME:
      show_outcome (self, element);
      break;

    case MNR_ELEMENT_ENABLER:
      show_enabler (self, element);
      break;

    case MNR_ELEMENT_DOMAIN:
    default:
      g_warn_if_reached ();
    }

  gtk_widget_set_visible (GTK_WIDGET (self->related_heading),
                          g_list_model_get_n_items (G_LIST_MODEL (self->related)) > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->related_list),
                          g_list_model_get_n_items (G_LIST_MODEL (self->related)) > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->note_label),
                          gtk_label_get_label (self->note_label)[0] != '\0');

  variants = dup_variants_markup (self, element);
  gtk_label_set_markup (self->variants_label, variants != NULL ? variants : "");
  gtk_widget_set_visible (self->variants_box, variants != NULL);

  sync_assessment (self);
  sync_examples (self);

  /* A new element starts at the top of the panel. */
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
}

/* The level buttons can be used: a capability or an enabler is shown. */
static gboolean
levels_usable (MnrDetailPanel *self)
{
  return self->level_buttons->len > 0 &&
         gtk_widget_is_drawable (GTK_WIDGET (self->level_grid)) &&
         gtk_widget_is_sensitive (GTK_WIDGET (self->level_grid));
}

/**
 * mnr_detail_panel_choose_level_at:
 * @index: the level's place on the scale, 0 for the first ("Not assessed")
 *
 * What the digit keys do: chooses that level, as a click on its button.
 *
 * Returns: %TRUE if there was such a level to choose
 */
gboolean
mnr_detail_panel_choose_level_at (MnrDetailPanel *self,
                                  guint           index)
{
  g_return_val_if_fail (MNR_IS_DETAIL_PANEL (self), FALSE);

  if (!levels_usable (self) || index >= self->level_buttons->len)
    return FALSE;

  gtk_toggle_button_set_active (g_ptr_array_index (self->level_buttons, index), TRUE);
  return TRUE;
}

/**
 * mnr_detail_panel_focus_level:
 *
 * Gives the focus to the chosen level's button (F6 into the panel).
 *
 * Returns: %TRUE if a level button took the focus
 */
gboolean
mnr_detail_panel_focus_level (MnrDetailPanel *self)
{
  g_return_val_if_fail (MNR_IS_DETAIL_PANEL (self), FALSE);

  if (!levels_usable (self))
    return FALSE;

  for (guint i = 0; i < self->level_buttons->len; i++)
    if (gtk_toggle_button_get_active (g_ptr_array_index (self->level_buttons, i)))
      return gtk_widget_grab_focus (g_ptr_array_index (self->level_buttons, i));

  return gtk_widget_grab_focus (g_ptr_array_index (self->level_buttons, 0));
}

/**
 * mnr_detail_panel_choose_level:
 *
 * What a click on a level's button does; for tests.
 */
void
mnr_detail_panel_choose_level (MnrDetailPanel *self,
                               const char     *level_id)
{
  g_return_if_fail (MNR_IS_DETAIL_PANEL (self));

  for (guint i = 0; i < self->level_buttons->len; i++)
    {
      GtkToggleButton *button = g_ptr_array_index (self->level_buttons, i);

      if (g_strcmp0 (g_object_get_data (G_OBJECT (button), "mnr-level-id"), level_id) == 0)
        gtk_toggle_button_set_active (button, TRUE);
    }
}

/**
 * mnr_detail_panel_set_rationale_text:
 *
 * Types a rationale, as a user would, without saving it yet; for tests.
 */
void
mnr_detail_panel_set_rationale_text (MnrDetailPanel *self,
                                     const char     *text)
{
  g_return_if_fail (MNR_IS_DETAIL_PANEL (self));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->rationale_view), text, -1);
}
