/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-detail-panel"

#include "config.h"

#include "mnr-gui-resources.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "mnr-detail-panel.h"

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

  /* owned */
  MnrFramework *framework;
  MnrElement   *element;
  GListStore   *related;
};

G_DEFINE_FINAL_TYPE (MnrDetailPanel, mnr_detail_panel, GTK_TYPE_WIDGET)

enum {
  ELEMENT_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

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

  /* keeps the bundle (and its registration) in a static link */
  (void) mnr_gui_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/mnr-detail-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, MnrDetailPanel, scroller);
  gtk_widget_class_bind_template_child (widget_class, MnrDetailPanel, kind_label);
  gtk_widget_class_bind_template_child (widget_class, MnrDetailPanel, title_label);
  gtk_widget_class_bind_template_child (widget_class, MnrDetailPanel, description_label);
  gtk_widget_class_bind_template_child (widget_class, MnrDetailPanel, related_heading);
  gtk_widget_class_bind_template_child (widget_class, MnrDetailPanel, related_list);
  gtk_widget_class_bind_template_child (widget_class, MnrDetailPanel, note_label);
  gtk_widget_class_bind_template_child (widget_class, MnrDetailPanel, variants_box);
  gtk_widget_class_bind_template_child (widget_class, MnrDetailPanel, variants_label);
  gtk_widget_class_bind_template_child (widget_class, MnrDetailPanel, source_label);

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

  if (!g_set_object (&self->element, element))
    return;

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

  /* A new element starts at the top of the panel. */
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
}
