/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-grid-view"

#include "config.h"

#include "mnr-gui-resources.h"

#include <glib/gi18n.h>

#include "mnr-element-tile.h"
#include "mnr-format.h"
#include "mnr-grid-view.h"
#include "mnr-level-style.h"
#include "mnr-since-report.h"
#include "mnr-tile-flow.h"
#include "mnr-tooltip.h"
#include "mnr-vertical-label.h"

/* The MNR drawn as the official graphic draws it: the enablers as a column
 * on the start side, the six domains as bands of capability tiles in the
 * middle, and each domain's outcome on the end side, on the band's row.
 *
 * Selecting a tile (click, Enter or Space) makes it the view's "selected"
 * element. The arrow keys move the focus between tiles (the arithmetic is
 * in mnr-grid-navigation.c). A domain and its outcome light up together
 * while either has the focus or the pointer, or holds the selection. */

struct _MnrGridView
{
  GtkWidget      parent_instance;

  /* template widgets */
  GtkGrid       *grid;
  GtkBox        *legend;

  /* owned */
  MnrFramework  *framework;
  MnrWorkspace  *workspace;  /* nullable: the bare framework */
  MnrGridLayout *layout;
  MnrElement    *selected;

  /* borrowed widgets, owned by the grid */
  GPtrArray     *enabler_tiles;
  GPtrArray     *capability_tiles;
  GPtrArray     *outcome_tiles;
  GPtrArray     *bands;

  /* domain positions, or -1 */
  int            focus_domain;
  int            hover_domain;

  GHashTable    *overdue;    /* element id → overdue action items, as counted last */
  gboolean       reviews;    /* the country holds meetings: levels are proposed or agreed */
  gboolean       show_since; /* marks what changed since the country's last meeting */
  MnrSinceReport *since;     /* nullable: as counted last, while show_since */
};

G_DEFINE_FINAL_TYPE (MnrGridView, mnr_grid_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_FRAMEWORK,
  PROP_WORKSPACE,
  PROP_SELECTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static int
domain_of (MnrElement *element)
{
  MnrElement *domain;

  if (element == NULL)
    return -1;

  if (mnr_element_get_kind (element) == MNR_ELEMENT_DOMAIN)
    return mnr_element_get_position (element);

  domain = mnr_element_get_domain (element);
  return domain != NULL ? (int)mnr_element_get_position (domain) : -1;
}

static void
update_highlights (MnrGridView *self)
{
  int selected_domain = domain_of (self->selected);

  for (guint d = 0; d < self->bands->len; d++)
    {
      GtkWidget *band = g_ptr_array_index (self->bands, d);
      MnrElementTile *outcome = g_ptr_array_index (self->outcome_tiles, d);
      gboolean lit = (int)d == self->focus_domain ||
                     (int)d == self->hover_domain ||
                     (int)d == selected_domain;

      if (lit)
        gtk_widget_add_css_class (band, "highlighted");
      else
        gtk_widget_remove_css_class (band, "highlighted");

      mnr_element_tile_set_highlighted (outcome, lit);
    }
}

static void
on_tile_clicked_cb (MnrGridView    *self,
                    MnrElementTile *tile)
{
  g_assert (MNR_IS_GRID_VIEW (self));
  g_assert (MNR_IS_ELEMENT_TILE (tile));

  /* The toggle has already flipped: pressed means "show this one". */
  if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (tile)))
    mnr_grid_view_set_selected (self, mnr_element_tile_get_element (tile));
  else
    mnr_grid_view_set_selected (self, NULL);
}

static void
on_tile_focus_enter_cb (MnrGridView              *self,
                        GtkEventControllerFocus  *controller)
{
  GtkWidget *tile = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));

  self->focus_domain = domain_of (mnr_element_tile_get_element (MNR_ELEMENT_TILE (tile)));
  update_highlights (self);
}

static void
on_tile_focus_leave_cb (MnrGridView              *self,
                        GtkEventControllerFocus  *controller)
{
  self->focus_domain = -1;
  update_highlights (self);
}

static void
on_hover_enter_cb (MnrGridView              *self,
                   double                    x,
                   double                    y,
                   GtkEventControllerMotion *controller)
{
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));

  self->hover_domain = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (widget), "mnr-domain"));
  update_highlights (self);
}

static void
on_hover_leave_cb (MnrGridView              *self,
                   GtkEventControllerMotion *controller)
{
  self->hover_domain = -1;
  update_highlights (self);
}

static void
track_hover (MnrGridView *self,
             GtkWidget   *widget,
             guint        domain)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();

  g_object_set_data (G_OBJECT (widget), "mnr-domain", GUINT_TO_POINTER (domain));
  g_signal_connect_object (motion, "enter", G_CALLBACK (on_hover_enter_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (motion, "leave", G_CALLBACK (on_hover_leave_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (widget, motion);
}

static GtkWidget *
create_tile (MnrGridView *self,
             MnrElement  *element,
             MnrLevel    *not_assessed)
{
  GtkWidget *tile = mnr_element_tile_new (element);
  GtkEventController *focus = gtk_event_controller_focus_new ();

  if (mnr_element_get_kind (element) != MNR_ELEMENT_OUTCOME)
    mnr_element_tile_set_level (MNR_ELEMENT_TILE (tile), not_assessed);

  g_signal_connect_object (tile, "clicked", G_CALLBACK (on_tile_clicked_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (focus, "enter", G_CALLBACK (on_tile_focus_enter_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (focus, "leave", G_CALLBACK (on_tile_focus_leave_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (tile, focus);

  return tile;
}

static void
build_legend (MnrGridView *self)
{
  GListModel *levels = mnr_framework_get_levels (self->framework);
  guint n = g_list_model_get_n_items (levels);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MnrLevel) level = g_list_model_get_item (levels, i);
      GtkWidget *chip = gtk_label_new (mnr_level_get_name (level));

      gtk_widget_add_css_class (chip, "level-chip");
      mnr_level_style_add_classes (chip, level);
      mnr_tooltip_set_text (chip, mnr_level_get_description (level));
      gtk_accessible_update_property (GTK_ACCESSIBLE (chip),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      mnr_level_get_description (level),
                                      -1);
      gtk_box_append (self->legend, chip);
    }
}

static void
build_grid (MnrGridView *self)
{
  GListModel *enablers = mnr_framework_get_enablers (self->framework);
  GListModel *domains = mnr_framework_get_domains (self->framework);
  GListModel *levels = mnr_framework_get_levels (self->framework);
  g_autoptr(MnrLevel) not_assessed = g_list_model_get_item (levels, 0);
  guint n_enablers = g_list_model_get_n_items (enablers);
  guint n_domains = g_list_model_get_n_items (domains);
  g_autofree guint *sizes = g_new0 (guint, n_domains);
  GtkWidget *enabler_column;

  /* Enablers: one column beside all the bands, each an equal share. */
  enabler_column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 10);
  gtk_widget_add_css_class (enabler_column, "enabler-column");
  gtk_accessible_update_property (GTK_ACCESSIBLE (enabler_column),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Enablers"),
                                  -1);
  gtk_grid_attach (self->grid, enabler_column, 0, 1, 1, (int)n_domains);

  for (guint i = 0; i < n_enablers; i++)
    {
      g_autoptr(MnrElement) enabler = g_list_model_get_item (enablers, i);
      GtkWidget *tile = create_tile (self, enabler, not_assessed);

      /* Each takes what its text needs, and the rest is shared out. */
      gtk_widget_set_vexpand (tile, TRUE);
      gtk_box_append (GTK_BOX (enabler_column), tile);
      g_ptr_array_add (self->enabler_tiles, tile);
    }

  for (guint d = 0; d < n_domains; d++)
    {
      g_autoptr(MnrElement) domain = g_list_model_get_item (domains, d);
      GListModel *capabilities = mnr_framework_get_domain_capabilities (self->framework, domain);
      MnrElement *outcome = mnr_framework_get_domain_outcome (self->framework, domain);
      g_autofree char *band_label = mnr_element_dup_label (domain);
      GtkWidget *band, *title, *tiles, *outcome_tile;

      band = g_object_new (GTK_TYPE_BOX,
                           "orientation", GTK_ORIENTATION_HORIZONTAL,
                           "spacing", 10,
                           "hexpand", TRUE,
                           "accessible-role", GTK_ACCESSIBLE_ROLE_GROUP,
                           NULL);
      gtk_widget_add_css_class (band, "domain-band");
      gtk_accessible_update_property (GTK_ACCESSIBLE (band),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, band_label,
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      mnr_element_get_title (outcome),
                                      -1);

      title = mnr_vertical_label_new (mnr_element_get_title (domain));
      gtk_widget_add_css_class (title, "domain-title");
      gtk_box_append (GTK_BOX (band), title);

      /* In rows of their own when large text no longer fits one. */
      tiles = mnr_tile_flow_new (8);
      gtk_widget_set_hexpand (tiles, TRUE);
      gtk_box_append (GTK_BOX (band), tiles);

      sizes[d] = g_list_model_get_n_items (capabilities);
      for (guint c = 0; c < sizes[d]; c++)
        {
          g_autoptr(MnrElement) capability = g_list_model_get_item (capabilities, c);
          GtkWidget *tile = create_tile (self, capability, not_assessed);

          mnr_tile_flow_append (MNR_TILE_FLOW (tiles), tile);
          g_ptr_array_add (self->capability_tiles, tile);
        }

      gtk_grid_attach (self->grid, band, 1, (int)d + 1, 1, 1);
      g_ptr_array_add (self->bands, band);
      track_hover (self, band, d);

      outcome_tile = create_tile (self, outcome, NULL);
      gtk_grid_attach (self->grid, outcome_tile, 2, (int)d + 1, 1, 1);
      g_ptr_array_add (self->outcome_tiles, outcome_tile);
      track_hover (self, outcome_tile, d);
    }

  self->layout = mnr_grid_layout_new (n_enablers, sizes, n_domains);
  build_legend (self);
}

static GPtrArray *
tiles_of_kind (MnrGridView    *self,
               MnrElementKind  kind)
{
  switch (kind)
    {
    case MNR_ELEMENT_ENABLER:
      return self->enabler_tiles;

    case MNR_ELEMENT_CAPABILITY:
      return self->capability_tiles;

    case MNR_ELEMENT_OUTCOME:
      return self->outcome_tiles;

    case MNR_ELEMENT_DOMAIN:
    default:
      return NULL;
    }
}

static const char *
level_name (MnrGridView *self,
            const char  *level_id)
{
  MnrLevel *level = mnr_framework_lookup_level (self->framework, level_id);

  return level != NULL ? mnr_level_get_name (level) : level_id;
}

/* The tile's mark of what changed since the last meeting: its level
 * (up or down, from which), or else its evidence. */
static void
mark_since (MnrGridView    *self,
            MnrElementTile *tile,
            const char     *id)
{
  const MnrLevelChange *change = self->since != NULL ? mnr_since_report_find_level (self->since, id) : NULL;
  guint n_evidence = self->since != NULL ? mnr_since_report_count_evidence (self->since, id) : 0;
  g_autofree char *mark = NULL;
  g_autofree char *level = NULL;
  g_autofree char *evidence = NULL;
  g_autofree char *description = NULL;

  if (change != NULL && change->before == NULL)
    {
      mark = g_strdup (_("● first rated"));
      level = g_strdup (_("first rated"));
    }
  else if (change != NULL)
    {
      MnrLevel *before = mnr_framework_lookup_level (self->framework, change->before);
      MnrLevel *after = mnr_framework_lookup_level (self->framework, change->after);
      gboolean up = before == NULL || after == NULL || mnr_level_get_rank (after) > mnr_level_get_rank (before);

      /* Translators: a tile's mark, its level's change since the last meeting: "▲ from Building" */
      mark = g_strdup_printf (up ? _("▲ from %s") : _("▼ from %s"), level_name (self, change->before));
      /* Translators: the same, said in full: "up from Building" */
      level = g_strdup_printf (up ? _("up from %s") : _("down from %s"), level_name (self, change->before));
    }
  if (n_evidence > 0)
    {
      if (mark == NULL)
        /* Translators: a tile's mark: evidence added or changed since the last meeting */
        mark = g_strdup_printf (_("+%u evidence"), n_evidence);
      evidence = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u item of evidence added or changed",
                                               "%u items of evidence added or changed", n_evidence),
                                  n_evidence);
    }

  if (level != NULL && evidence != NULL)
    /* Translators: a tile's change since the last meeting, in full: its level, then its evidence */
    description = g_strdup_printf (_("Since the last meeting: %s; %s."), level, evidence);
  else if (level != NULL || evidence != NULL)
    /* Translators: a tile's change since the last meeting, in full */
    description = g_strdup_printf (_("Since the last meeting: %s."), level != NULL ? level : evidence);

  mnr_element_tile_set_since (tile, mark, description);
}

static void
refresh_tile (MnrGridView    *self,
              MnrElementTile *tile)
{
  MnrElement *element = mnr_element_tile_get_element (tile);
  const char *id = mnr_element_get_id (element);
  gboolean has_country = self->workspace != NULL && mnr_workspace_get_country (self->workspace) != NULL;

  if (mnr_element_get_kind (element) == MNR_ELEMENT_OUTCOME)
    return;

  if (has_country)
    {
      MnrLevel *level = mnr_workspace_get_level (self->workspace, id);
      MnrRating *rating = mnr_workspace_get_rating (self->workspace, id);

      mnr_element_tile_set_level (tile, level);
      /* Proposed or agreed means something once a committee meets. */
      mnr_element_tile_set_proposed (tile, self->reviews && rating != NULL && mnr_level_get_assessed (level) &&
                                           g_strcmp0 (rating->review, "agreed") != 0);
    }
  else
    mnr_element_tile_set_proposed (tile, FALSE);
  mnr_element_tile_set_overdue (tile, has_country && self->overdue != NULL
                                      ? GPOINTER_TO_UINT (g_hash_table_lookup (self->overdue, id)) : 0);

  mark_since (self, tile, id);

  /* Enablers have little room: the count shows in their panel. */
  if (mnr_element_get_kind (element) == MNR_ELEMENT_CAPABILITY)
    mnr_element_tile_set_evidence_count (tile, has_country
                                         ? (int)mnr_workspace_get_evidence_count (self->workspace, id)
                                         : -1);
}

/* How many action items of the country are overdue on each element,
 * and whether the country holds meetings. */
static void
count_overdue (MnrGridView *self)
{
  const char *country = self->workspace != NULL ? mnr_workspace_get_country (self->workspace) : NULL;
  g_autoptr(GPtrArray) actions = NULL;
  g_autofree char *today = NULL;

  g_clear_pointer (&self->overdue, g_hash_table_unref);
  self->reviews = FALSE;
  if (country == NULL)
    return;

  {
    g_autoptr(GPtrArray) meetings = mnr_store_list_meetings (mnr_workspace_get_store (self->workspace), country, NULL);

    self->reviews = meetings != NULL && meetings->len > 0;
  }

  today = mnr_today ();
  self->overdue = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  actions = mnr_store_list_actions (mnr_workspace_get_store (self->workspace), country, NULL, NULL);
  for (guint i = 0; actions != NULL && i < actions->len; i++)
    {
      MnrAction *action = actions->pdata[i];

      if (mnr_action_is_overdue (action, today))
        g_hash_table_insert (self->overdue, g_strdup (action->element_id),
                             GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (self->overdue,
                                                                                      action->element_id)) + 1));
    }
}

static void
count_since (MnrGridView *self)
{
  g_clear_pointer (&self->since, mnr_since_report_free);
  if (self->show_since && self->workspace != NULL)
    self->since = mnr_since_report_new (self->workspace);
}

static void
refresh_all (MnrGridView *self)
{
  count_overdue (self);
  count_since (self);
  for (guint i = 0; i < self->enabler_tiles->len; i++)
    refresh_tile (self, g_ptr_array_index (self->enabler_tiles, i));
  for (guint i = 0; i < self->capability_tiles->len; i++)
    refresh_tile (self, g_ptr_array_index (self->capability_tiles, i));
}

static void
on_rating_changed_cb (MnrGridView  *self,
                      const char   *element_id,
                      MnrWorkspace *workspace)
{
  MnrElement *element = mnr_framework_lookup (self->framework, element_id);
  GtkWidget *tile = element != NULL ? mnr_grid_view_get_tile (self, element) : NULL;

  if (self->show_since)
    count_since (self);
  if (tile != NULL)
    refresh_tile (self, MNR_ELEMENT_TILE (tile));
}

/**
 * mnr_grid_view_set_show_since:
 * @show: whether tiles mark what changed since the country's last meeting
 */
void
mnr_grid_view_set_show_since (MnrGridView *self,
                              gboolean     show)
{
  g_return_if_fail (MNR_IS_GRID_VIEW (self));

  show = !!show;
  if (self->show_since == show)
    return;
  self->show_since = show;
  refresh_all (self);
}

gboolean
mnr_grid_view_get_show_since (MnrGridView *self)
{
  g_return_val_if_fail (MNR_IS_GRID_VIEW (self), FALSE);

  return self->show_since;
}

static void
mnr_grid_view_move_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  MnrGridView *self = MNR_GRID_VIEW (widget);
  const char *name = g_variant_get_string (parameter, NULL);
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  MnrGridMove move;

  if (g_str_equal (name, "up"))
    move = MNR_GRID_MOVE_UP;
  else if (g_str_equal (name, "down"))
    move = MNR_GRID_MOVE_DOWN;
  else if (g_str_equal (name, "left"))
    move = rtl ? MNR_GRID_MOVE_FORWARD : MNR_GRID_MOVE_BACKWARD;
  else if (g_str_equal (name, "right"))
    move = rtl ? MNR_GRID_MOVE_BACKWARD : MNR_GRID_MOVE_FORWARD;
  else if (g_str_equal (name, "row-start"))
    move = MNR_GRID_MOVE_ROW_START;
  else if (g_str_equal (name, "row-end"))
    move = MNR_GRID_MOVE_ROW_END;
  else if (g_str_equal (name, "first"))
    move = MNR_GRID_MOVE_FIRST;
  else if (g_str_equal (name, "last"))
    move = MNR_GRID_MOVE_LAST;
  else
    {
      g_warning ("Unknown move “%s”", name);
      return;
    }

  if (!mnr_grid_view_move_focus (self, move))
    gtk_widget_error_bell (widget);
}

static GtkSizeRequestMode
mnr_grid_view_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

/* The grid's width never depends on the height it is given: asking its
 * wrapping labels for a width to fit a height makes GTK search for one,
 * label by label, thousands of times at start-up. */
static void
mnr_grid_view_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  MnrGridView *self = MNR_GRID_VIEW (widget);

  gtk_widget_measure (GTK_WIDGET (self->grid), orientation,
                      orientation == GTK_ORIENTATION_HORIZONTAL ? -1 : for_size,
                      minimum, natural, NULL, NULL);
}

static void
mnr_grid_view_size_allocate (GtkWidget *widget,
                             int        width,
                             int        height,
                             int        baseline)
{
  MnrGridView *self = MNR_GRID_VIEW (widget);

  gtk_widget_allocate (GTK_WIDGET (self->grid), width, height, baseline, NULL);
}

static void
mnr_grid_view_dispose (GObject *object)
{
  MnrGridView *self = (MnrGridView *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), MNR_TYPE_GRID_VIEW);

  G_OBJECT_CLASS (mnr_grid_view_parent_class)->dispose (object);
}

static void
mnr_grid_view_finalize (GObject *object)
{
  MnrGridView *self = (MnrGridView *)object;

  g_clear_object (&self->framework);
  g_clear_object (&self->workspace);
  g_clear_object (&self->selected);
  g_clear_pointer (&self->layout, mnr_grid_layout_free);
  g_clear_pointer (&self->enabler_tiles, g_ptr_array_unref);
  g_clear_pointer (&self->capability_tiles, g_ptr_array_unref);
  g_clear_pointer (&self->outcome_tiles, g_ptr_array_unref);
  g_clear_pointer (&self->bands, g_ptr_array_unref);
  g_clear_pointer (&self->overdue, g_hash_table_unref);
  g_clear_pointer (&self->since, mnr_since_report_free);

  G_OBJECT_CLASS (mnr_grid_view_parent_class)->finalize (object);
}

static void
mnr_grid_view_constructed (GObject *object)
{
  MnrGridView *self = (MnrGridView *)object;

  G_OBJECT_CLASS (mnr_grid_view_parent_class)->constructed (object);

  g_return_if_fail (MNR_IS_FRAMEWORK (self->framework));

  build_grid (self);

  if (self->workspace != NULL)
    {
      g_signal_connect_object (self->workspace, "changed", G_CALLBACK (refresh_all), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->workspace, "evidence-changed", G_CALLBACK (refresh_all), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->workspace, "rating-changed", G_CALLBACK (on_rating_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (mnr_workspace_get_store (self->workspace), "changed::action",
                               G_CALLBACK (refresh_all), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (mnr_workspace_get_store (self->workspace), "changed::meeting",
                               G_CALLBACK (refresh_all), self, G_CONNECT_SWAPPED);
      refresh_all (self);
    }
}

static void
mnr_grid_view_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  MnrGridView *self = MNR_GRID_VIEW (object);

  switch (prop_id)
    {
    case PROP_FRAMEWORK:
      g_value_set_object (value, self->framework);
      break;

    case PROP_SELECTED:
      g_value_set_object (value, self->selected);
      break;

    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mnr_grid_view_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  MnrGridView *self = MNR_GRID_VIEW (object);

  switch (prop_id)
    {
    case PROP_FRAMEWORK:
      self->framework = g_value_dup_object (value);
      break;

    case PROP_WORKSPACE:
      self->workspace = g_value_dup_object (value);
      break;

    case PROP_SELECTED:
      mnr_grid_view_set_selected (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
add_move_binding (GtkWidgetClass  *widget_class,
                  guint            keyval,
                  guint            keypad_keyval,
                  GdkModifierType  modifiers,
                  const char      *move)
{
  gtk_widget_class_add_binding_action (widget_class, keyval, modifiers, "grid.move", "s", move);
  gtk_widget_class_add_binding_action (widget_class, keypad_keyval, modifiers, "grid.move", "s", move);
}

static void
mnr_grid_view_class_init (MnrGridViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = mnr_grid_view_constructed;
  object_class->dispose = mnr_grid_view_dispose;
  object_class->finalize = mnr_grid_view_finalize;
  object_class->get_property = mnr_grid_view_get_property;
  object_class->set_property = mnr_grid_view_set_property;

  properties[PROP_FRAMEWORK] =
    g_param_spec_object ("framework", NULL, NULL,
                         MNR_TYPE_FRAMEWORK,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL,
                         MNR_TYPE_WORKSPACE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED] =
    g_param_spec_object ("selected", NULL, NULL,
                         MNR_TYPE_ELEMENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* keeps the bundle (and its registration) in a static link */
  (void) mnr_gui_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/mnr-grid-view.ui");
  gtk_widget_class_bind_template_child (widget_class, MnrGridView, grid);
  gtk_widget_class_bind_template_child (widget_class, MnrGridView, legend);

  widget_class->get_request_mode = mnr_grid_view_get_request_mode;
  widget_class->measure = mnr_grid_view_measure;
  widget_class->size_allocate = mnr_grid_view_size_allocate;
  gtk_widget_class_set_css_name (widget_class, "mnrgridview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);

  gtk_widget_class_install_action (widget_class, "grid.move", "s", mnr_grid_view_move_action);
  add_move_binding (widget_class, GDK_KEY_Up, GDK_KEY_KP_Up, 0, "up");
  add_move_binding (widget_class, GDK_KEY_Down, GDK_KEY_KP_Down, 0, "down");
  add_move_binding (widget_class, GDK_KEY_Left, GDK_KEY_KP_Left, 0, "left");
  add_move_binding (widget_class, GDK_KEY_Right, GDK_KEY_KP_Right, 0, "right");
  add_move_binding (widget_class, GDK_KEY_Home, GDK_KEY_KP_Home, 0, "row-start");
  add_move_binding (widget_class, GDK_KEY_End, GDK_KEY_KP_End, 0, "row-end");
  add_move_binding (widget_class, GDK_KEY_Home, GDK_KEY_KP_Home, GDK_CONTROL_MASK, "first");
  add_move_binding (widget_class, GDK_KEY_End, GDK_KEY_KP_End, GDK_CONTROL_MASK, "last");
}

static void
mnr_grid_view_init (MnrGridView *self)
{
  self->enabler_tiles = g_ptr_array_new ();
  self->capability_tiles = g_ptr_array_new ();
  self->outcome_tiles = g_ptr_array_new ();
  self->bands = g_ptr_array_new ();
  self->focus_domain = -1;
  self->hover_domain = -1;

  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
mnr_grid_view_new (MnrFramework *framework)
{
  g_return_val_if_fail (MNR_IS_FRAMEWORK (framework), NULL);

  return g_object_new (MNR_TYPE_GRID_VIEW,
                       "framework", framework,
                       NULL);
}

/**
 * mnr_grid_view_new_for_workspace:
 *
 * A grid that shows the levels and evidence counts of the workspace's
 * country in its round, and follows them as they change.
 */
GtkWidget *
mnr_grid_view_new_for_workspace (MnrWorkspace *workspace)
{
  g_return_val_if_fail (MNR_IS_WORKSPACE (workspace), NULL);

  return g_object_new (MNR_TYPE_GRID_VIEW,
                       "framework", mnr_workspace_get_framework (workspace),
                       "workspace", workspace,
                       NULL);
}

/**
 * mnr_grid_view_get_framework:
 *
 * Returns: (transfer none): the framework the grid draws
 */
MnrFramework *
mnr_grid_view_get_framework (MnrGridView *self)
{
  g_return_val_if_fail (MNR_IS_GRID_VIEW (self), NULL);

  return self->framework;
}

/**
 * mnr_grid_view_get_selected:
 *
 * Returns: (transfer none) (nullable): the selected enabler, capability or
 *   outcome
 */
MnrElement *
mnr_grid_view_get_selected (MnrGridView *self)
{
  g_return_val_if_fail (MNR_IS_GRID_VIEW (self), NULL);

  return self->selected;
}

/**
 * mnr_grid_view_set_selected:
 * @element: (nullable): an enabler, capability or outcome of the grid's
 *   framework, or %NULL to select nothing
 */
void
mnr_grid_view_set_selected (MnrGridView *self,
                            MnrElement  *element)
{
  GPtrArray *all[3];

  g_return_if_fail (MNR_IS_GRID_VIEW (self));
  g_return_if_fail (element == NULL || MNR_IS_ELEMENT (element));

  /* A domain is shown through its band, not selected on its own. */
  if (element != NULL && mnr_grid_view_get_tile (self, element) == NULL)
    return;

  if (self->selected == element)
    {
      /* Keep the tile pressed even if a click tried to release it. */
      if (element != NULL)
        gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (mnr_grid_view_get_tile (self, element)), TRUE);
      return;
    }

  g_set_object (&self->selected, element);

  all[0] = self->enabler_tiles;
  all[1] = self->capability_tiles;
  all[2] = self->outcome_tiles;

  for (guint a = 0; a < G_N_ELEMENTS (all); a++)
    {
      for (guint i = 0; i < all[a]->len; i++)
        {
          MnrElementTile *tile = g_ptr_array_index (all[a], i);

          gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (tile),
                                        mnr_element_tile_get_element (tile) == element);
        }
    }

  update_highlights (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

/**
 * mnr_grid_view_get_tile:
 *
 * Returns: (transfer none) (nullable): the tile that shows @element, or
 *   %NULL for a domain or an element of another framework
 */
GtkWidget *
mnr_grid_view_get_tile (MnrGridView *self,
                        MnrElement  *element)
{
  GPtrArray *tiles;
  guint index;

  g_return_val_if_fail (MNR_IS_GRID_VIEW (self), NULL);
  g_return_val_if_fail (MNR_IS_ELEMENT (element), NULL);

  tiles = tiles_of_kind (self, mnr_element_get_kind (element));
  if (tiles == NULL)
    return NULL;

  if (mnr_element_get_kind (element) == MNR_ELEMENT_CAPABILITY)
    index = mnr_element_get_number (element) - 1;
  else
    index = mnr_element_get_position (element);

  if (index >= tiles->len ||
      mnr_element_tile_get_element (g_ptr_array_index (tiles, index)) != element)
    return NULL;

  return g_ptr_array_index (tiles, index);
}

/**
 * mnr_grid_view_get_domain_band:
 *
 * Returns: (transfer none) (nullable): the band that holds the domain's
 *   capabilities
 */
GtkWidget *
mnr_grid_view_get_domain_band (MnrGridView *self,
                               MnrElement  *domain)
{
  guint position;

  g_return_val_if_fail (MNR_IS_GRID_VIEW (self), NULL);
  g_return_val_if_fail (MNR_IS_ELEMENT (domain), NULL);

  position = mnr_element_get_position (domain);
  if (mnr_element_get_kind (domain) != MNR_ELEMENT_DOMAIN || position >= self->bands->len)
    return NULL;

  return g_ptr_array_index (self->bands, position);
}

/**
 * mnr_grid_view_get_highlighted_domain:
 *
 * Returns: (transfer none) (nullable): the domain lit up with its outcome
 *   by the focus (or else the pointer, or else the selection)
 */
MnrElement *
mnr_grid_view_get_highlighted_domain (MnrGridView *self)
{
  int d;

  g_return_val_if_fail (MNR_IS_GRID_VIEW (self), NULL);

  d = self->focus_domain;
  if (d < 0)
    d = self->hover_domain;
  if (d < 0)
    d = domain_of (self->selected);
  if (d < 0)
    return NULL;

  {
    g_autoptr(MnrElement) domain = g_list_model_get_item (mnr_framework_get_domains (self->framework), d);
    return domain;
  }
}

/**
 * mnr_grid_view_get_focused:
 *
 * Returns: (transfer none) (nullable): the element whose tile has the
 *   keyboard focus
 */
MnrElement *
mnr_grid_view_get_focused (MnrGridView *self)
{
  GtkRoot *root;
  GtkWidget *focus;

  g_return_val_if_fail (MNR_IS_GRID_VIEW (self), NULL);

  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (root == NULL)
    return NULL;

  focus = gtk_root_get_focus (root);
  while (focus != NULL && !MNR_IS_ELEMENT_TILE (focus))
    focus = gtk_widget_get_parent (focus);

  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self)))
    return NULL;

  return mnr_element_tile_get_element (MNR_ELEMENT_TILE (focus));
}

/**
 * mnr_grid_view_focus_element:
 *
 * Returns: whether the element's tile took the focus
 */
gboolean
mnr_grid_view_focus_element (MnrGridView *self,
                             MnrElement  *element)
{
  GtkWidget *tile;

  g_return_val_if_fail (MNR_IS_GRID_VIEW (self), FALSE);
  g_return_val_if_fail (MNR_IS_ELEMENT (element), FALSE);

  tile = mnr_grid_view_get_tile (self, element);
  if (tile == NULL)
    return FALSE;

  return gtk_widget_grab_focus (tile);
}

/**
 * mnr_grid_view_move_focus:
 *
 * Moves the keyboard focus from the focused tile; with no tile focused, it
 * goes to the selected one or else to capability 1.
 *
 * Returns: whether the focus moved
 */
gboolean
mnr_grid_view_move_focus (MnrGridView *self,
                          MnrGridMove  move)
{
  MnrElement *from = mnr_grid_view_get_focused (self);
  MnrGridCell cell, target;
  GPtrArray *tiles;

  g_return_val_if_fail (MNR_IS_GRID_VIEW (self), FALSE);

  if (from == NULL)
    {
      from = self->selected != NULL ? self->selected : mnr_framework_get_capability (self->framework, 1);
      return mnr_grid_view_focus_element (self, from);
    }

  cell.kind = mnr_element_get_kind (from);
  cell.index = cell.kind == MNR_ELEMENT_CAPABILITY ? mnr_element_get_number (from) - 1
                                                   : mnr_element_get_position (from);

  if (!mnr_grid_layout_move (self->layout, &cell, move, &target))
    return FALSE;

  tiles = tiles_of_kind (self, target.kind);
  g_return_val_if_fail (tiles != NULL && target.index < tiles->len, FALSE);

  return gtk_widget_grab_focus (g_ptr_array_index (tiles, target.index));
}
