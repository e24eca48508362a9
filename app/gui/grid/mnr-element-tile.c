/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-element-tile"

#include "config.h"

#include "mnr-gui-resources.h"

#include <glib/gi18n.h>

#include "mnr-element-tile.h"
#include "mnr-level-style.h"
#include "mnr-tooltip.h"
#include "mnr-wrap-label.h"

/* One cell of the MNR grid: a capability tile (number, title, level), an
 * enabler (title, level) or an outcome (title). It is a toggle button: it
 * is pressed while its element is the one shown in the side panel, which a
 * screen reader announces as "pressed". */
struct _MnrElementTile
{
  GtkToggleButton  parent_instance;

  /* template widgets */
  GtkWidget       *heading;
  GtkLabel        *number_label;
  MnrWrapLabel    *title_label;
  GtkBox          *footer;
  GtkLabel        *level_label;
  GtkWidget       *evidence_box;
  GtkLabel        *evidence_label;

  /* made when first needed (ensure_marks (), ensure_overdue ()) */
  GtkWidget       *marks;           /* since_label and proposed_label, over the footer */
  GtkWidget       *proposed_label;
  GtkLabel        *since_label;
  GtkWidget       *overdue_box;     /* in the footer, after the level */
  GtkLabel        *overdue_label;

  /* owned */
  MnrElement      *element;
  MnrLevel        *level;

  gboolean         highlighted;
  int              evidence_count;  /* -1: not shown */
  guint            n_overdue;       /* action items overdue */
  gboolean         proposed;        /* the level awaits a meeting's agreement */
  char            *since;           /* what changed since the last meeting, in words; nullable */
};

G_DEFINE_FINAL_TYPE (MnrElementTile, mnr_element_tile, GTK_TYPE_TOGGLE_BUTTON)

enum {
  PROP_0,
  PROP_ELEMENT,
  PROP_HIGHLIGHTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_accessible (MnrElementTile *self)
{
  g_autofree char *label = mnr_element_dup_label (self->element);
  g_autofree char *description = NULL;
  const char *text = mnr_element_get_description (self->element);

  g_autofree char *evidence = NULL;
  g_autofree char *overdue = NULL;

  if (self->n_overdue > 0)
    overdue = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u action item overdue. ", "%u action items overdue. ",
                                            self->n_overdue),
                               self->n_overdue);

  if (self->evidence_count >= 0)
    evidence = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d item of evidence. ", "%d items of evidence. ",
                                             self->evidence_count),
                                self->evidence_count);

  if (self->level != NULL && mnr_element_get_kind (self->element) != MNR_ELEMENT_OUTCOME)
    /* Translators: a tile's level on the scale, the evidence count ("3 items of
     * evidence. " or nothing), the action items overdue ("1 action item
     * overdue. " or nothing), then the element's description */
    {
      /* Translators: a level a meeting has not agreed yet: "Developing, proposed" */
      g_autofree char *level = self->proposed ? g_strdup_printf (_("%s, proposed"), mnr_level_get_name (self->level))
                                              : g_strdup (mnr_level_get_name (self->level));

      description = g_strdup_printf (_("Level: %s. %s%s%s"), level,
                                     evidence != NULL ? evidence : "", overdue != NULL ? overdue : "", text);
      if (self->since != NULL)
        {
          char *longer = g_strconcat (self->since, " ", description, NULL);

          g_free (description);
          description = longer;
        }
    }
  else
    description = g_strdup (text);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

static void
mnr_element_tile_constructed (GObject *object)
{
  MnrElementTile *self = (MnrElementTile *)object;
  g_autofree char *number = NULL;

  G_OBJECT_CLASS (mnr_element_tile_parent_class)->constructed (object);

  g_assert (MNR_IS_ELEMENT (self->element));

  mnr_wrap_label_set_text (self->title_label, mnr_element_get_title (self->element));
  mnr_wrap_label_set_width_chars (self->title_label, 0, 16);

  switch (mnr_element_get_kind (self->element))
    {
    case MNR_ELEMENT_CAPABILITY:
      number = g_strdup_printf ("%u", mnr_element_get_number (self->element));
      gtk_label_set_label (self->number_label, number);
      gtk_widget_set_visible (GTK_WIDGET (self->number_label), TRUE);
      gtk_widget_add_css_class (GTK_WIDGET (self), "capability");
      break;

    case MNR_ELEMENT_ENABLER:
    case MNR_ELEMENT_OUTCOME:
      /* Enablers and outcomes are sentences in a column of their own:
       * shown whole, centred in their cell, wide enough not to wrap at
       * every word. */
      mnr_wrap_label_set_width_chars (self->title_label, 16, 16);
      gtk_widget_set_vexpand (self->heading, FALSE);
      gtk_widget_set_valign (gtk_button_get_child (GTK_BUTTON (self)), GTK_ALIGN_CENTER);
      gtk_widget_set_valign (GTK_WIDGET (self->footer), GTK_ALIGN_START);
      if (mnr_element_get_kind (self->element) == MNR_ELEMENT_OUTCOME)
        {
          gtk_widget_set_visible (GTK_WIDGET (self->footer), FALSE);
          gtk_widget_add_css_class (GTK_WIDGET (self), "outcome");
        }
      else
        {
          gtk_widget_add_css_class (GTK_WIDGET (self), "enabler");
        }
      break;

    case MNR_ELEMENT_DOMAIN:
    default:
      g_warn_if_reached ();
    }

  /* The full text is there when the title is cut short. */
  mnr_tooltip_set_text (GTK_WIDGET (self), mnr_element_get_title (self->element));
  update_accessible (self);
}

static GtkSizeRequestMode
mnr_element_tile_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

/* A tile's width never depends on the height it is offered. Left to the
 * button's own layout, GTK asks the wrapping title for the width that
 * fits a given height, a search through many text layouts, thousands of
 * times while the grid settles: 2 s of a first frame instead of 0.2 s. */
static void
mnr_element_tile_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  GtkWidget *child = gtk_button_get_child (GTK_BUTTON (widget));

  if (child == NULL)
    {
      *minimum = *natural = 0;
      return;
    }

  gtk_widget_measure (child, orientation,
                      orientation == GTK_ORIENTATION_HORIZONTAL ? -1 : for_size,
                      minimum, natural, NULL, NULL);

  /* The natural width is the one at which nothing is cut: no word of the
   * title broken, the level and the evidence count in full. Not the title
   * on one line, which would make a window of any usual size look cramped
   * to the panel beside the grid (it folds over the grid below the grid's
   * natural width). */
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      MnrElementTile *self = MNR_ELEMENT_TILE (widget);
      int footer_natural = 0, number_natural = 0, heading_natural;

      if (gtk_widget_get_visible (GTK_WIDGET (self->footer)))
        gtk_widget_measure (GTK_WIDGET (self->footer), GTK_ORIENTATION_HORIZONTAL, -1,
                            NULL, &footer_natural, NULL, NULL);
      if (gtk_widget_get_visible (GTK_WIDGET (self->number_label)))
        gtk_widget_measure (GTK_WIDGET (self->number_label), GTK_ORIENTATION_HORIZONTAL, -1,
                            NULL, &number_natural, NULL, NULL);
      heading_natural = mnr_wrap_label_get_word_width (self->title_label) +
                        (number_natural > 0 ? number_natural + gtk_box_get_spacing (GTK_BOX (self->heading)) : 0);
      *natural = MAX (*minimum, MAX (footer_natural, heading_natural));
    }
}

static void
mnr_element_tile_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  GtkWidget *child = gtk_button_get_child (GTK_BUTTON (widget));

  if (child != NULL)
    gtk_widget_allocate (child, width, height, baseline, NULL);
}

static void
mnr_element_tile_dispose (GObject *object)
{
  MnrElementTile *self = (MnrElementTile *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), MNR_TYPE_ELEMENT_TILE);

  G_OBJECT_CLASS (mnr_element_tile_parent_class)->dispose (object);
}

static void
mnr_element_tile_finalize (GObject *object)
{
  MnrElementTile *self = (MnrElementTile *)object;

  g_clear_object (&self->element);
  g_clear_object (&self->level);
  g_clear_pointer (&self->since, g_free);

  G_OBJECT_CLASS (mnr_element_tile_parent_class)->finalize (object);
}

static void
mnr_element_tile_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  MnrElementTile *self = MNR_ELEMENT_TILE (object);

  switch (prop_id)
    {
    case PROP_ELEMENT:
      g_value_set_object (value, self->element);
      break;

    case PROP_HIGHLIGHTED:
      g_value_set_boolean (value, self->highlighted);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mnr_element_tile_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  MnrElementTile *self = MNR_ELEMENT_TILE (object);

  switch (prop_id)
    {
    case PROP_ELEMENT:
      self->element = g_value_dup_object (value);
      break;

    case PROP_HIGHLIGHTED:
      mnr_element_tile_set_highlighted (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mnr_element_tile_class_init (MnrElementTileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = mnr_element_tile_constructed;
  object_class->dispose = mnr_element_tile_dispose;
  object_class->finalize = mnr_element_tile_finalize;
  object_class->get_property = mnr_element_tile_get_property;
  object_class->set_property = mnr_element_tile_set_property;

  widget_class->get_request_mode = mnr_element_tile_get_request_mode;
  widget_class->measure = mnr_element_tile_measure;
  widget_class->size_allocate = mnr_element_tile_size_allocate;

  properties[PROP_ELEMENT] =
    g_param_spec_object ("element", NULL, NULL,
                         MNR_TYPE_ELEMENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HIGHLIGHTED] =
    g_param_spec_boolean ("highlighted", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* keeps the bundle (and its registration) in a static link */
  (void) mnr_gui_get_resource ();
  g_type_ensure (MNR_TYPE_WRAP_LABEL);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/mnr-element-tile.ui");
  gtk_widget_class_bind_template_child (widget_class, MnrElementTile, heading);
  gtk_widget_class_bind_template_child (widget_class, MnrElementTile, number_label);
  gtk_widget_class_bind_template_child (widget_class, MnrElementTile, title_label);
  gtk_widget_class_bind_template_child (widget_class, MnrElementTile, footer);
  gtk_widget_class_bind_template_child (widget_class, MnrElementTile, level_label);
  gtk_widget_class_bind_template_child (widget_class, MnrElementTile, evidence_box);
  gtk_widget_class_bind_template_child (widget_class, MnrElementTile, evidence_label);
}

static void
mnr_element_tile_init (MnrElementTile *self)
{
  self->evidence_count = -1;

  /* measure and size_allocate above replace the button's layout */
  gtk_widget_set_layout_manager (GTK_WIDGET (self), NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
mnr_element_tile_new (MnrElement *element)
{
  g_return_val_if_fail (MNR_IS_ELEMENT (element), NULL);

  return g_object_new (MNR_TYPE_ELEMENT_TILE,
                       "element", element,
                       NULL);
}

/**
 * mnr_element_tile_get_element:
 *
 * Returns: (transfer none): the element the tile shows
 */
MnrElement *
mnr_element_tile_get_element (MnrElementTile *self)
{
  g_return_val_if_fail (MNR_IS_ELEMENT_TILE (self), NULL);

  return self->element;
}

/**
 * mnr_element_tile_set_level:
 * @level: (nullable): the level to show, %NULL to show none
 *
 * Shows the level's name in a chip of the level's colour.
 */
void
mnr_element_tile_set_level (MnrElementTile *self,
                            MnrLevel       *level)
{
  g_return_if_fail (MNR_IS_ELEMENT_TILE (self));
  g_return_if_fail (level == NULL || MNR_IS_LEVEL (level));

  if (self->level == level)
    return;

  if (self->level != NULL)
    {
      mnr_level_style_remove_classes (GTK_WIDGET (self->level_label), self->level);
      mnr_level_style_remove_classes (GTK_WIDGET (self), self->level);
    }

  g_set_object (&self->level, level);

  if (level != NULL)
    {
      gtk_label_set_label (self->level_label, mnr_level_get_name (level));
      mnr_level_style_add_classes (GTK_WIDGET (self->level_label), level);
      mnr_level_style_add_classes (GTK_WIDGET (self), level);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->level_label), level != NULL);
  update_accessible (self);
}

/**
 * mnr_element_tile_get_level:
 *
 * Returns: (transfer none) (nullable): the level shown
 */
MnrLevel *
mnr_element_tile_get_level (MnrElementTile *self)
{
  g_return_val_if_fail (MNR_IS_ELEMENT_TILE (self), NULL);

  return self->level;
}

/**
 * mnr_element_tile_set_highlighted:
 *
 * Marks the tile as linked to what has the focus or the selection: an
 * outcome while its domain is focused, for instance.
 */
void
mnr_element_tile_set_highlighted (MnrElementTile *self,
                                  gboolean        highlighted)
{
  g_return_if_fail (MNR_IS_ELEMENT_TILE (self));

  highlighted = !!highlighted;
  if (self->highlighted == highlighted)
    return;

  self->highlighted = highlighted;

  if (highlighted)
    gtk_widget_add_css_class (GTK_WIDGET (self), "highlighted");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "highlighted");

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HIGHLIGHTED]);
}

gboolean
mnr_element_tile_get_highlighted (MnrElementTile *self)
{
  g_return_val_if_fail (MNR_IS_ELEMENT_TILE (self), FALSE);

  return self->highlighted;
}

/**
 * mnr_element_tile_set_evidence_count:
 * @count: items of evidence backing the element, or -1 to show none
 */
void
mnr_element_tile_set_evidence_count (MnrElementTile *self,
                                     int             count)
{
  g_autofree char *text = NULL;

  g_return_if_fail (MNR_IS_ELEMENT_TILE (self));

  count = MAX (count, -1);
  if (self->evidence_count == count)
    return;

  self->evidence_count = count;

  if (count >= 0)
    {
      g_autofree char *number = g_strdup_printf ("%d", count);

      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d item of evidence", "%d items of evidence", count),
                              count);
      gtk_label_set_label (self->evidence_label, number);
      gtk_widget_set_tooltip_text (self->evidence_box, text);
    }

  gtk_widget_set_visible (self->evidence_box, count >= 0);
  update_accessible (self);
}

int
mnr_element_tile_get_evidence_count (MnrElementTile *self)
{
  g_return_val_if_fail (MNR_IS_ELEMENT_TILE (self), -1);

  return self->evidence_count;
}

/* An alarm and a number, in the error colour, after the level. */
static void
ensure_overdue (MnrElementTile *self)
{
  GtkWidget *image;

  if (self->overdue_box != NULL)
    return;

  self->overdue_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 3);
  gtk_widget_add_css_class (self->overdue_box, "overdue-count");
  gtk_widget_add_css_class (self->overdue_box, "error");
  gtk_widget_set_visible (self->overdue_box, FALSE);
  image = g_object_new (GTK_TYPE_IMAGE,
                        "icon-name", "alarm-symbolic",
                        "pixel-size", 12,
                        "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                        NULL);
  self->overdue_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->overdue_label), "numeric");
  gtk_box_append (GTK_BOX (self->overdue_box), image);
  gtk_box_append (GTK_BOX (self->overdue_box), GTK_WIDGET (self->overdue_label));
  gtk_box_insert_child_after (self->footer, self->overdue_box, GTK_WIDGET (self->level_label));
}

/* "proposed" and the change since the last meeting, between the heading
 * and the footer. */
static void
ensure_marks (MnrElementTile *self)
{
  const char *classes[] = { "caption", NULL, NULL };

  if (self->marks != NULL)
    return;

  self->marks = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_valign (self->marks, GTK_ALIGN_END);
  gtk_widget_set_visible (self->marks, FALSE);

  classes[1] = "since-mark";
  self->since_label = g_object_new (GTK_TYPE_LABEL,
                                    "visible", FALSE, "wrap", TRUE, "xalign", 0.0f,
                                    "css-classes", classes,
                                    NULL);
  classes[1] = "proposed-mark";
  self->proposed_label = g_object_new (GTK_TYPE_LABEL,
                                       "visible", FALSE, "wrap", TRUE, "xalign", 0.0f,
                                       "css-classes", classes,
                                       "label", C_("review status", "proposed"),
                                       "tooltip-text", _("Proposed: no meeting has agreed this level yet"),
                                       NULL);
  gtk_box_append (GTK_BOX (self->marks), GTK_WIDGET (self->since_label));
  gtk_box_append (GTK_BOX (self->marks), self->proposed_label);
  gtk_box_insert_child_after (GTK_BOX (gtk_button_get_child (GTK_BUTTON (self))), self->marks, self->heading);
}

static void
update_marks (MnrElementTile *self)
{
  if (self->marks != NULL)
    gtk_widget_set_visible (self->marks, self->proposed || self->since != NULL);
}

/**
 * mnr_element_tile_set_overdue:
 * @n_overdue: how many of the element's action items are overdue
 *
 * An alarm and the number, in the error colour, with a tooltip and in
 * the accessible description; nothing when there are none.
 */
void
mnr_element_tile_set_overdue (MnrElementTile *self,
                              guint           n_overdue)
{
  g_return_if_fail (MNR_IS_ELEMENT_TILE (self));

  if (self->n_overdue == n_overdue)
    return;

  self->n_overdue = n_overdue;
  if (n_overdue > 0)
    {
      g_autofree char *number = g_strdup_printf ("%u", n_overdue);
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u action item overdue",
                                                            "%u action items overdue", n_overdue),
                                               n_overdue);

      ensure_overdue (self);
      gtk_label_set_label (self->overdue_label, number);
      gtk_widget_set_tooltip_text (self->overdue_box, text);
    }
  if (self->overdue_box != NULL)
    gtk_widget_set_visible (self->overdue_box, n_overdue > 0);
  update_accessible (self);
}

guint
mnr_element_tile_get_overdue (MnrElementTile *self)
{
  g_return_val_if_fail (MNR_IS_ELEMENT_TILE (self), 0);

  return self->n_overdue;
}

/**
 * mnr_element_tile_set_proposed:
 * @proposed: whether the level is proposed, no meeting having agreed it
 *
 * "proposed" beside the level, in words, and in the accessible description.
 */
void
mnr_element_tile_set_proposed (MnrElementTile *self,
                               gboolean        proposed)
{
  g_return_if_fail (MNR_IS_ELEMENT_TILE (self));

  proposed = !!proposed;
  if (self->proposed == proposed)
    return;

  self->proposed = proposed;
  if (proposed)
    ensure_marks (self);
  if (self->proposed_label != NULL)
    gtk_widget_set_visible (self->proposed_label, proposed);
  update_marks (self);
  update_accessible (self);
}

gboolean
mnr_element_tile_get_proposed (MnrElementTile *self)
{
  g_return_val_if_fail (MNR_IS_ELEMENT_TILE (self), FALSE);

  return self->proposed;
}

/**
 * mnr_element_tile_set_since:
 * @mark: (nullable): a few words for the tile ("▲ from Building"), or
 *   %NULL for no change since the last meeting
 * @description: (nullable): the same said in full, for screen readers
 *   and the tooltip ("Since the last meeting: up from Building.")
 */
void
mnr_element_tile_set_since (MnrElementTile *self,
                            const char     *mark,
                            const char     *description)
{
  const char *text;

  g_return_if_fail (MNR_IS_ELEMENT_TILE (self));

  text = mark == NULL ? NULL : description != NULL ? description : mark;

  if (g_strcmp0 (self->since, text) == 0 &&
      g_strcmp0 (self->since_label != NULL ? gtk_label_get_label (self->since_label) : "",
                 mark != NULL ? mark : "") == 0)
    return;

  g_free (self->since);
  self->since = g_strdup (text);
  if (mark != NULL)
    ensure_marks (self);
  if (self->since_label != NULL)
    {
      gtk_label_set_label (self->since_label, mark != NULL ? mark : "");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->since_label), self->since);
      gtk_widget_set_visible (GTK_WIDGET (self->since_label), mark != NULL);
    }
  update_marks (self);
  update_accessible (self);
}

/**
 * mnr_element_tile_get_since:
 *
 * Returns: (nullable): what changed since the last meeting, in full
 */
const char *
mnr_element_tile_get_since (MnrElementTile *self)
{
  g_return_val_if_fail (MNR_IS_ELEMENT_TILE (self), NULL);

  return self->since;
}
