/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-compare-view"

#include "config.h"

#include <glib/gi18n.h>

#include "mnr-compare-export.h"
#include "mnr-compare-rows.h"
#include "mnr-compare-view.h"
#include "mnr-drop-down.h"
#include "mnr-store-compare.h"
#include "mnr-tile-flow.h"

/* The Compare view: the countries of a group × the 21 capabilities (in
 * their domain bands) and the 7 enablers, as a heat map with a number in
 * every cell beside its colour; change against an earlier round;
 * summaries that count members per level, never a score or a rank.
 *
 * The rows are MnrCompareRows', recycled: only those on screen exist as
 * widgets, kept from one group to the next, each with 28 light cells
 * that a screen reader reads and the keyboard moves between (the arrow
 * keys, handled here, scroll to rows not yet bound). The matrix is loaded
 * in one query into the core's MnrCompareMatrix. */

#define MAX_FOCUS_FRAMES 20

typedef struct
{
  char  *id;
  char  *label;
  GStrv  members;  /* NULL: every country with data */
} Group;

struct _MnrCompareView
{
  GtkWidget          parent_instance;

  /* template widgets */
  GtkWidget         *box;
  GtkDropDown       *group_dropdown;
  GtkDropDown       *round_dropdown;
  GtkToggleButton   *change_button;
  GtkWidget         *against_label;
  GtkDropDown       *against_dropdown;
  GtkDropDown       *sort_dropdown;
  GtkDropDown       *threshold_dropdown;
  GtkScrolledWindow *h_scroller;
  GtkBox            *matrix_box;
  GtkScrolledWindow *v_scroller;
  GtkLabel          *empty_label;
  MnrTileFlow       *legend_box;
  GtkLabel          *domains_caption;
  MnrTileFlow       *domains_box;

  /* children made here */
  MnrCompareRows    *list;
  MnrCompareRow     *header_row;
  MnrCompareRow     *summary_row;

  /* owned */
  MnrWorkspace      *workspace;
  MnrCountryCatalog *catalog;
  MnrCompareMatrix  *matrix;
  GArray            *groups;     /* Group */
  GStrv              dates;      /* of the group's rounds, newest first */
  char              *focus_code; /* the country of the cell last focused */
  MnrComparePalette  palette;

  guint              focus_column;
  int                focus_target;   /* a row waiting for its widget, or -1 */
  guint              focus_tick_id;
  guint              focus_frames;
  gint64             load_time;      /* µs of the last load */
  gboolean           updating;       /* the dropdowns are being filled */
  gboolean           dirty;          /* the data changed while unmapped */
  gboolean           legend_box_filled;
};

G_DEFINE_FINAL_TYPE (MnrCompareView, mnr_compare_view, GTK_TYPE_WIDGET)

enum { SIGNAL_OPEN_CELL, SIGNAL_MESSAGE, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
group_clear (gpointer data)
{
  Group *group = data;

  g_free (group->id);
  g_free (group->label);
  g_strfreev (group->members);
}

static Group *
current_group (MnrCompareView *self)
{
  guint selected = gtk_drop_down_get_selected (self->group_dropdown);

  if (selected >= self->groups->len)
    return NULL;
  return &g_array_index (self->groups, Group, selected);
}

/* --- loading ----------------------------------------------------------- */

static void
set_strings (GtkDropDown        *dropdown,
             const char * const *strings,
             guint               selected)
{
  GtkStringList *list = gtk_string_list_new (strings);

  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (list));
  gtk_drop_down_set_selected (dropdown, MIN (selected, (guint)g_strv_length ((GStrv)strings) - 1));
  g_object_unref (list);
}

/* The dates of the group's rounds, for "as of" and "against". */
static void
update_dates (MnrCompareView *self)
{
  Group *group = current_group (self);
  g_autoptr(GStrvBuilder) as_of = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) against = g_strv_builder_new ();
  g_auto(GStrv) as_of_strings = NULL;
  g_auto(GStrv) against_strings = NULL;
  g_autoptr(GError) error = NULL;

  GStrv dates = NULL;

  if (group != NULL)
    dates = mnr_store_list_round_dates (mnr_workspace_get_store (self->workspace),
                                        (const char * const *)group->members, &error);
  if (dates == NULL)
    dates = g_new0 (char *, 1);

  /* The same dates (most groups of one region): the choices stay. */
  if (self->dates != NULL && g_strv_equal ((const char * const *)dates, (const char * const *)self->dates))
    {
      g_strfreev (dates);
      return;
    }
  g_strfreev (self->dates);
  self->dates = dates;

  g_strv_builder_add (as_of, _("Each country’s latest round"));
  g_strv_builder_add (against, _("Each country’s previous round"));
  for (guint i = 0; self->dates[i] != NULL; i++)
    {
      /* Translators: a choice of rounds: each country's round on or before this date */
      g_autofree char *text = g_strdup_printf (_("As of %s"), self->dates[i]);
      g_strv_builder_add (as_of, text);
      g_strv_builder_add (against, text);
    }

  as_of_strings = g_strv_builder_end (as_of);
  against_strings = g_strv_builder_end (against);
  self->updating = TRUE;
  set_strings (self->round_dropdown, (const char * const *)as_of_strings, 0);
  set_strings (self->against_dropdown, (const char * const *)against_strings, 0);
  self->updating = FALSE;
}

static void
update_legend (MnrCompareView *self)
{
  GtkWidget *child;
  gboolean change = gtk_toggle_button_get_active (self->change_button);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->legend_box))) != NULL)
    gtk_widget_unparent (child);
  self->legend_box_filled = TRUE;

  mnr_tile_flow_append (self->legend_box, g_object_new (GTK_TYPE_LABEL, "label", change ? _("Change:") : _("Levels:"),
                                                  "css-classes", (const char *[]) { "heading", NULL }, NULL));

  if (change)
    {
      static const char *classes[] = { "compare-change-up", "compare-change-down", "compare-change-same" };
      const char *texts[] = { _("▲ up"), _("▼ down"), _("= same"), _("outlined: nothing to compare") };

      for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
        {
          GtkWidget *chip = gtk_label_new (texts[i]);

          gtk_widget_add_css_class (chip, "compare-chip");
          gtk_widget_add_css_class (chip, i < G_N_ELEMENTS (classes) ? classes[i] : "compare-outlined");
          mnr_tile_flow_append (self->legend_box, chip);
        }
      mnr_tile_flow_append (self->legend_box, gtk_label_new (_("The number is the level now.")));
      return;
    }

  for (guint i = 0; i < mnr_compare_matrix_get_n_levels (self->matrix); i++)
    {
      MnrLevel *level = mnr_compare_matrix_get_level_object (self->matrix, i);
      g_autofree char *text = mnr_level_get_assessed (level)
        ? g_strdup_printf ("%u %s", i, mnr_level_get_name (level))
        : g_strdup_printf ("– %s", mnr_level_get_name (level));
      g_autofree char *level_class = g_strconcat ("level-", mnr_level_get_id (level), NULL);
      GtkWidget *chip = gtk_label_new (text);

      gtk_widget_add_css_class (chip, "level-chip");
      gtk_widget_add_css_class (chip, "compare-chip");
      gtk_widget_add_css_class (chip, level_class);
      mnr_tile_flow_append (self->legend_box, chip);
    }
  mnr_tile_flow_append (self->legend_box, gtk_label_new (_("Empty: no round shared")));
}

/* Per domain: how many members stand at each level (their lowest
 * capability of the domain), and how many at the threshold or above. */
static void
update_domains (MnrCompareView *self)
{
  GListModel *domains = mnr_framework_get_domains (mnr_compare_matrix_get_framework (self->matrix));
  guint members = mnr_compare_matrix_count_rows_with_data (self->matrix);
  MnrLevel *threshold = mnr_compare_matrix_get_level_object (self->matrix, self->palette.threshold);
  GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->domains_box));
  g_autofree char *caption = NULL;

  /* Translators: the caption of the domains' summaries; the placeholder is a level, "Established" */
  caption = g_strdup_printf (_("By domain: members with every capability of the domain %s or above; "
                               "in small print, members by their lowest level in it"),
                             mnr_level_get_name (threshold));
  gtk_label_set_label (self->domains_caption, caption);

  for (guint d = 0; d < g_list_model_get_n_items (domains); d++)
    {
      g_autoptr(MnrElement) domain = g_list_model_get_item (domains, d);
      guint n = mnr_compare_matrix_count_domain_at_or_above (self->matrix, domain, self->palette.threshold);
      g_autoptr(GString) levels = g_string_new (NULL);
      g_autofree char *line = NULL;
      g_autofree char *markup = NULL;
      GtkWidget *label;

      for (guint l = mnr_compare_matrix_get_n_levels (self->matrix); l-- > 0;)
        {
          guint at = mnr_compare_matrix_count_domain_at_level (self->matrix, domain, l);

          if (at == 0)
            continue;
          if (levels->len > 0)
            g_string_append (levels, ", ");
          /* Translators: how many members stand at a level in a domain: "3 Developing" */
          g_string_append_printf (levels, _("%u %s"), at,
                                  mnr_level_get_name (mnr_compare_matrix_get_level_object (self->matrix, l)));
        }

      /* Translators: a domain's summary, under the caption that says what is counted: "7 of 11" */
      line = g_strdup_printf (_("%u of %u"), n, members);
      /* How many stand at each level, in small print under the count. */
      markup = g_markup_printf_escaped ("<b>%s: %s</b>\n<small>%s</small>", mnr_element_get_title (domain), line,
                                        levels->str);
      /* Inscriptions, up to five lines tall whatever their text: a label
       * that wraps lays its text out several times a frame to find its
       * size, and these change at every switch of group. */
      label = child != NULL ? child : gtk_inscription_new (NULL);
      if (child == NULL)
        {
          GtkInscription *inscription = GTK_INSCRIPTION (label);

          gtk_inscription_set_wrap_mode (inscription, PANGO_WRAP_WORD);
          gtk_inscription_set_min_lines (inscription, 3);
          gtk_inscription_set_nat_lines (inscription, 5);
          /* As wide as a domain's longest word ("Communications:") before
           * the cards go on a second line (large text). */
          gtk_inscription_set_nat_chars (inscription, 16);
          gtk_inscription_set_text_overflow (inscription, GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
          gtk_inscription_set_yalign (inscription, 0);
          gtk_widget_set_hexpand (label, TRUE);
          gtk_widget_add_css_class (label, "compare-domain");
          mnr_tile_flow_append (self->domains_box, label);
        }
      /* An inscription's xalign is not mirrored as a label's is. */
      gtk_inscription_set_xalign (GTK_INSCRIPTION (label), gtk_widget_get_direction (label) == GTK_TEXT_DIR_RTL);
      if (g_strcmp0 (g_object_get_data (G_OBJECT (label), "mnr-markup"), markup) != 0)
        {
          g_autofree char *words = g_strdup_printf ("%s: %s. %s", mnr_element_get_title (domain), line, levels->str);

          gtk_inscription_set_markup (GTK_INSCRIPTION (label), markup);
          mnr_compare_label_later (label, words);
          g_object_set_data_full (G_OBJECT (label), "mnr-markup", g_strdup (markup), g_free);
        }
      child = gtk_widget_get_next_sibling (label);
    }
}

/**
 * mnr_compare_view_reload:
 *
 * Loads the matrix again from the store, as the controls say, and shows it.
 */
void
mnr_compare_view_reload (MnrCompareView *self)
{
  Group *group;
  g_autoptr(GError) error = NULL;
  g_autoptr(MnrCompareMatrix) matrix = NULL;
  MnrCompareQuery query = { 0 };
  gboolean was_change = self->matrix != NULL && mnr_compare_matrix_get_against (self->matrix) != MNR_COMPARE_AGAINST_NOTHING;
  guint round = gtk_drop_down_get_selected (self->round_dropdown);
  guint against = gtk_drop_down_get_selected (self->against_dropdown);
  guint sort = gtk_drop_down_get_selected (self->sort_dropdown);
  gint64 start;
  GdkRGBA text;

  g_return_if_fail (MNR_IS_COMPARE_VIEW (self));

  if ((group = current_group (self)) == NULL)
    return;

  self->dirty = FALSE;
  query.countries = (const char * const *)group->members;
  query.as_of = round > 0 && round <= g_strv_length (self->dates) ? self->dates[round - 1] : NULL;
  if (gtk_toggle_button_get_active (self->change_button))
    {
      query.against = against > 0 ? MNR_COMPARE_AGAINST_DATE : MNR_COMPARE_AGAINST_PREVIOUS;
      query.against_date = against > 0 && against <= g_strv_length (self->dates) ? self->dates[against - 1] : NULL;
    }

  start = g_get_monotonic_time ();
  matrix = mnr_store_load_compare (mnr_workspace_get_store (self->workspace),
                                   mnr_workspace_get_framework (self->workspace), &query, &error);
  if (matrix == NULL)
    {
      g_signal_emit (self, signals[SIGNAL_MESSAGE], 0, error->message);
      return;
    }
  mnr_compare_matrix_set_names (matrix, self->catalog);
  if (sort > 0 && sort <= MNR_COMPARE_N_COLUMNS)
    mnr_compare_matrix_sort_by_column (matrix, sort - 1);
  self->load_time = g_get_monotonic_time () - start;

  g_set_object (&self->matrix, matrix);
  mnr_compare_widget_color (GTK_WIDGET (self), &text);
  mnr_compare_palette_init (&self->palette, self->matrix, &text);
  self->palette.threshold = gtk_drop_down_get_selected (self->threshold_dropdown) + 1;

  /* The row widgets on screen bound to the new matrix: none made anew. */
  mnr_compare_rows_show (self->list, self->matrix, &self->palette);
  mnr_compare_row_bind (self->header_row, self->matrix, &self->palette, 0);
  mnr_compare_row_bind (self->summary_row, self->matrix, &self->palette, 0);
  if (self->legend_box_filled == 0 || was_change != gtk_toggle_button_get_active (self->change_button))
    update_legend (self);
  update_domains (self);

  gtk_widget_set_visible (GTK_WIDGET (self->empty_label), mnr_compare_matrix_count_rows_with_data (self->matrix) == 0);
  gtk_label_set_label (self->empty_label, group->members == NULL
                       ? _("No country has a round yet: rate a country in the Grid, or sync with your group.")
                       : _("No member of this group has shared a round yet."));
  gtk_widget_set_sensitive (self->against_label, gtk_toggle_button_get_active (self->change_button));
  gtk_widget_set_sensitive (GTK_WIDGET (self->against_dropdown), gtk_toggle_button_get_active (self->change_button));
}

static void
on_control_changed_cb (MnrCompareView *self)
{
  if (!self->updating)
    mnr_compare_view_reload (self);
}

static void
on_group_changed_cb (MnrCompareView *self)
{
  if (self->updating)
    return;

  update_dates (self);
  mnr_compare_view_reload (self);
}

static void
on_data_changed_cb (MnrCompareView *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    mnr_compare_view_reload (self);
  else
    self->dirty = TRUE;
}

static void
mnr_compare_view_map (GtkWidget *widget)
{
  MnrCompareView *self = MNR_COMPARE_VIEW (widget);

  GTK_WIDGET_CLASS (mnr_compare_view_parent_class)->map (widget);

  if (self->dirty)
    mnr_compare_view_reload (self);
}

/* --- rows -------------------------------------------------------------- */

static MnrCompareRow *
find_row_widget (MnrCompareView *self,
                 guint           row)
{
  MnrCompareRow *widget = mnr_compare_rows_get_row (self->list, row);

  return widget != NULL && gtk_widget_get_mapped (GTK_WIDGET (widget)) ? widget : NULL;
}

/* --- keyboard ---------------------------------------------------------- */

static gboolean
focus_row_widget (MnrCompareView *self,
                  guint           row)
{
  MnrCompareRow *widget = find_row_widget (self, row);

  if (widget == NULL)
    return FALSE;

  return gtk_widget_grab_focus (GTK_WIDGET (mnr_compare_row_get_cell (widget, self->focus_column)));
}

static gboolean
focus_tick_cb (GtkWidget     *widget,
               GdkFrameClock *clock,
               gpointer       user_data)
{
  MnrCompareView *self = MNR_COMPARE_VIEW (widget);

  if (self->focus_target >= 0 && !focus_row_widget (self, (guint)self->focus_target) &&
      ++self->focus_frames < MAX_FOCUS_FRAMES)
    return G_SOURCE_CONTINUE;

  self->focus_target = -1;
  self->focus_tick_id = 0;
  return G_SOURCE_REMOVE;
}

/**
 * mnr_compare_view_focus_cell:
 *
 * Puts the keyboard focus on a cell, scrolling its row into view (and
 * waiting for its widget, made when it comes into view).
 *
 * Returns: whether the row exists
 */
gboolean
mnr_compare_view_focus_cell (MnrCompareView *self,
                             guint           row,
                             guint           column)
{
  g_return_val_if_fail (MNR_IS_COMPARE_VIEW (self), FALSE);

  if (self->matrix == NULL || row >= mnr_compare_matrix_get_n_rows (self->matrix))
    return FALSE;

  self->focus_column = MIN (column, MNR_COMPARE_N_COLUMNS - 1);
  g_free (self->focus_code);
  self->focus_code = g_strdup (mnr_compare_matrix_get_code (self->matrix, row));

  mnr_compare_rows_scroll_to (self->list, row);
  if (focus_row_widget (self, row))
    return TRUE;

  self->focus_target = (int)row;
  self->focus_frames = 0;
  if (self->focus_tick_id == 0)
    self->focus_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), focus_tick_cb, NULL, NULL);
  return TRUE;
}

/**
 * mnr_compare_view_get_focused_cell:
 * @row: (out) (optional): its row
 *
 * Returns: (transfer none) (nullable): the cell with the keyboard focus
 */
MnrCompareCell *
mnr_compare_view_get_focused_cell (MnrCompareView *self,
                                   guint          *row)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  GtkWidget *parent;

  g_return_val_if_fail (MNR_IS_COMPARE_VIEW (self), NULL);

  if (!MNR_IS_COMPARE_CELL (focus) || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->list)))
    return NULL;

  parent = gtk_widget_get_parent (focus);
  if (!MNR_IS_COMPARE_ROW (parent) || mnr_compare_row_get_index (MNR_COMPARE_ROW (parent)) < 0)
    return NULL;

  if (row != NULL)
    *row = (guint)mnr_compare_row_get_index (MNR_COMPARE_ROW (parent));
  return MNR_COMPARE_CELL (focus);
}

static void
open_cell (MnrCompareView *self,
           guint           row,
           guint           column)
{
  const char *round_id;

  if (self->matrix == NULL || row >= mnr_compare_matrix_get_n_rows (self->matrix))
    return;

  self->focus_column = column;
  g_free (self->focus_code);
  self->focus_code = g_strdup (mnr_compare_matrix_get_code (self->matrix, row));

  round_id = mnr_compare_matrix_get_round_id (self->matrix, row, FALSE);
  g_signal_emit (self, signals[SIGNAL_OPEN_CELL], 0, mnr_compare_matrix_get_code (self->matrix, row), round_id,
                 mnr_compare_matrix_get_column (self->matrix, column));
}

static gboolean
on_key_pressed_cb (GtkEventControllerKey *controller,
                   guint                  keyval,
                   guint                  keycode,
                   GdkModifierType        state,
                   MnrCompareView        *self)
{
  gboolean rtl = gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL;
  gboolean ctrl = (state & GDK_CONTROL_MASK) != 0;
  int n_rows = self->matrix != NULL ? (int)mnr_compare_matrix_get_n_rows (self->matrix) : 0;
  int row, column;
  guint focused_row, held_column;

  if ((state & (GDK_ALT_MASK | GDK_SHIFT_MASK)) != 0 || n_rows == 0)
    return FALSE;

  if (mnr_compare_view_get_focused_cell (self, &focused_row) != NULL)
    {
      row = (int)focused_row;
      column = (int)self->focus_column;
    }
  else if ((row = mnr_compare_rows_get_held_focus (self->list, &held_column)) >= 0)
    column = (int)held_column;   /* scrolled out of view: from where it was */
  else
    return FALSE;

  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      column += rtl ? 1 : -1;
      break;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      column += rtl ? -1 : 1;
      break;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      row--;
      break;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      row++;
      break;
    case GDK_KEY_Page_Up:
      row -= 10;
      break;
    case GDK_KEY_Page_Down:
      row += 10;
      break;
    case GDK_KEY_Home:
      column = 0;
      if (ctrl)
        row = 0;
      break;
    case GDK_KEY_End:
      column = MNR_COMPARE_N_COLUMNS - 1;
      if (ctrl)
        row = n_rows - 1;
      break;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
    case GDK_KEY_space:
      open_cell (self, (guint)row, (guint)column);
      return TRUE;
    default:
      return FALSE;
    }

  row = CLAMP (row, 0, n_rows - 1);
  column = CLAMP (column, 0, MNR_COMPARE_N_COLUMNS - 1);
  mnr_compare_view_focus_cell (self, (guint)row, (guint)column);
  return TRUE;
}

/* Remembers the cell the focus is on, to come back to it. */
static void
on_focus_changed_cb (MnrCompareView *self)
{
  MnrCompareCell *cell;
  guint row;

  if ((cell = mnr_compare_view_get_focused_cell (self, &row)) == NULL)
    return;

  self->focus_column = mnr_compare_cell_get_column (cell);
  g_free (self->focus_code);
  self->focus_code = g_strdup (mnr_compare_matrix_get_code (self->matrix, row));
}

/**
 * mnr_compare_view_restore_focus:
 *
 * Puts the focus back on the cell it was last on (the same country and
 * column, wherever the country's row now is), or on the first cell.
 */
void
mnr_compare_view_restore_focus (MnrCompareView *self)
{
  g_autofree char *code = NULL;
  guint column;

  g_return_if_fail (MNR_IS_COMPARE_VIEW (self));

  code = mnr_compare_view_dup_focus (self, &column);
  mnr_compare_view_focus_country (self, code, column);
}

/**
 * mnr_compare_view_dup_focus:
 * @column: (out): the column of the cell last focused
 *
 * Showing the view may move the focus into it (GtkStack does), which
 * would be remembered instead: the window keeps this across the switch.
 *
 * Returns: (transfer full) (nullable): the country of the cell last focused
 */
char *
mnr_compare_view_dup_focus (MnrCompareView *self,
                            guint          *column)
{
  g_return_val_if_fail (MNR_IS_COMPARE_VIEW (self), NULL);

  *column = self->focus_column;
  return g_strdup (self->focus_code);
}

/**
 * mnr_compare_view_focus_country:
 * @code: (nullable): a row's country; %NULL or one not shown: the first row
 *
 * Puts the focus on a country's cell, wherever its row is now.
 */
void
mnr_compare_view_focus_country (MnrCompareView *self,
                                const char     *code,
                                guint           column)
{
  int row;

  g_return_if_fail (MNR_IS_COMPARE_VIEW (self));

  if (self->matrix == NULL)
    return;

  row = mnr_compare_matrix_find_row (self->matrix, code);
  mnr_compare_view_focus_cell (self, row >= 0 ? (guint)row : 0, column);
}

/* --- actions ----------------------------------------------------------- */

static void
open_cell_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  guint row, column;

  g_variant_get (parameter, "(uu)", &row, &column);
  open_cell (MNR_COMPARE_VIEW (widget), row, column);
}

static void
on_export_response_cb (GtkNativeDialog *dialog,
                       int              response,
                       MnrCompareView  *self)
{
  const char *format = g_object_get_data (G_OBJECT (dialog), "format");
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *message = NULL;

  if (response == GTK_RESPONSE_ACCEPT && self->matrix != NULL &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog))) != NULL)
    {
      g_autofree char *name = g_file_get_basename (file);

      title = mnr_compare_view_dup_title (self);
      if (mnr_compare_export_write (self->matrix, &self->palette, title, format, file, &error))
        /* Translators: a file was written */
        message = g_strdup_printf (_("Saved “%s”."), name);
      else
        message = g_strdup (error->message);
      g_signal_emit (self, signals[SIGNAL_MESSAGE], 0, message);
    }

  g_object_unref (dialog);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  MnrCompareView *self = MNR_COMPARE_VIEW (widget);
  const char *format = g_variant_get_string (parameter, NULL);
  Group *group = current_group (self);
  g_autofree char *suggested = g_strdup_printf ("compare-%s.%s", group != NULL ? group->id : "all", format);
  GtkFileChooserNative *dialog;

  dialog = gtk_file_chooser_native_new (_("Export the Comparison"), GTK_WINDOW (gtk_widget_get_root (widget)),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), suggested);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_object_set_data_full (G_OBJECT (dialog), "format", g_strdup (format), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_export_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* --- the object -------------------------------------------------------- */

static void
add_group (MnrCompareView     *self,
           const char         *id,
           const char         *label,
           const char * const *members)
{
  Group group = { g_strdup (id), g_strdup (label), members != NULL ? g_strdupv ((GStrv)members) : NULL };

  g_array_append_val (self->groups, group);
}

static void
fill_groups (MnrCompareView *self)
{
  GListModel *bundled = mnr_country_catalog_get_groups (self->catalog);
  g_autoptr(GPtrArray) own = mnr_store_list_groups (mnr_workspace_get_store (self->workspace), NULL);
  g_autoptr(GStrvBuilder) labels = g_strv_builder_new ();
  g_auto(GStrv) strings = NULL;

  g_array_set_size (self->groups, 0);
  add_group (self, MNR_COMPARE_GROUP_ALL, _("Every country with data"), NULL);
  for (guint i = 0; i < g_list_model_get_n_items (bundled); i++)
    {
      g_autoptr(MnrRegionalGroup) group = g_list_model_get_item (bundled, i);
      add_group (self, mnr_regional_group_get_id (group), mnr_regional_group_get_name (group),
                 mnr_regional_group_get_members (group));
    }
  for (guint i = 0; own != NULL && i < own->len; i++)
    {
      MnrRegionalGroup *group = g_ptr_array_index (own, i);
      add_group (self, mnr_regional_group_get_id (group), mnr_regional_group_get_name (group),
                 mnr_regional_group_get_members (group));
    }

  for (guint i = 0; i < self->groups->len; i++)
    g_strv_builder_add (labels, g_array_index (self->groups, Group, i).label);
  strings = g_strv_builder_end (labels);

  self->updating = TRUE;
  set_strings (self->group_dropdown, (const char * const *)strings, 0);
  self->updating = FALSE;
}

/* GTK 4.8 names a drop-down's own button after its type: it takes the
 * name of the drop-down's label instead. */
static void
name_dropdown_button (GtkDropDown *dropdown,
                      const char  *name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (dropdown));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_TOGGLE_BUTTON (child))
      gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

static void
fill_fixed_choices (MnrCompareView *self)
{
  MnrFramework *framework = mnr_workspace_get_framework (self->workspace);
  g_autoptr(MnrCompareMatrix) columns = mnr_compare_matrix_new (framework, MNR_COMPARE_AGAINST_NOTHING);
  g_autoptr(GStrvBuilder) sorts = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) levels = g_strv_builder_new ();
  g_auto(GStrv) sort_strings = NULL;
  g_auto(GStrv) level_strings = NULL;
  GListModel *scale = mnr_framework_get_levels (framework);

  g_strv_builder_add (sorts, _("Name"));
  for (guint c = 0; c < MNR_COMPARE_N_COLUMNS; c++)
    {
      g_autofree char *label = mnr_element_dup_label (mnr_compare_matrix_get_column (columns, c));
      g_strv_builder_add (sorts, label);
    }

  for (guint l = 1; l < g_list_model_get_n_items (scale); l++)
    {
      g_autoptr(MnrLevel) level = g_list_model_get_item (scale, l);
      /* Translators: summaries count the members at this level or above */
      g_autofree char *text = g_strdup_printf (_("%s or above"), mnr_level_get_name (level));
      g_strv_builder_add (levels, text);
    }

  sort_strings = g_strv_builder_end (sorts);
  level_strings = g_strv_builder_end (levels);
  set_strings (self->sort_dropdown, (const char * const *)sort_strings, 0);
  /* Established or above, by default: the fourth assessed level. */
  set_strings (self->threshold_dropdown, (const char * const *)level_strings, 3);
}

static void
mnr_compare_view_dispose (GObject *object)
{
  MnrCompareView *self = (MnrCompareView *)object;

  if (self->focus_tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->focus_tick_id);
  self->focus_tick_id = 0;
  gtk_widget_dispose_template (GTK_WIDGET (self), MNR_TYPE_COMPARE_VIEW);

  G_OBJECT_CLASS (mnr_compare_view_parent_class)->dispose (object);
}

static void
mnr_compare_view_finalize (GObject *object)
{
  MnrCompareView *self = (MnrCompareView *)object;

  g_clear_object (&self->workspace);
  g_clear_object (&self->catalog);
  g_clear_object (&self->matrix);
  g_clear_pointer (&self->groups, g_array_unref);
  g_clear_pointer (&self->dates, g_strfreev);
  g_clear_pointer (&self->focus_code, g_free);

  G_OBJECT_CLASS (mnr_compare_view_parent_class)->finalize (object);
}

static void
mnr_compare_view_class_init (MnrCompareViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mnr_compare_view_dispose;
  object_class->finalize = mnr_compare_view_finalize;
  widget_class->map = mnr_compare_view_map;
  g_type_ensure (MNR_TYPE_TILE_FLOW);

  signals[SIGNAL_OPEN_CELL] =
    g_signal_new ("open-cell", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING, MNR_TYPE_ELEMENT);
  signals[SIGNAL_MESSAGE] =
    g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/mnr-compare-view.ui");
  gtk_widget_class_bind_template_child (widget_class, MnrCompareView, box);
  gtk_widget_class_bind_template_child (widget_class, MnrCompareView, group_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MnrCompareView, round_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MnrCompareView, change_button);
  gtk_widget_class_bind_template_child (widget_class, MnrCompareView, against_label);
  gtk_widget_class_bind_template_child (widget_class, MnrCompareView, against_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MnrCompareView, sort_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MnrCompareView, threshold_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MnrCompareView, h_scroller);
  gtk_widget_class_bind_template_child (widget_class, MnrCompareView, matrix_box);
  gtk_widget_class_bind_template_child (widget_class, MnrCompareView, v_scroller);
  gtk_widget_class_bind_template_child (widget_class, MnrCompareView, empty_label);
  gtk_widget_class_bind_template_child (widget_class, MnrCompareView, legend_box);
  gtk_widget_class_bind_template_child (widget_class, MnrCompareView, domains_caption);
  gtk_widget_class_bind_template_child (widget_class, MnrCompareView, domains_box);

  gtk_widget_class_install_action (widget_class, "compare.open-cell", "(uu)", open_cell_action);
  gtk_widget_class_install_action (widget_class, "compare.export", "s", export_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "mnrcompareview");
}

static void
mnr_compare_view_init (MnrCompareView *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->groups = g_array_new (FALSE, TRUE, sizeof (Group));
  g_array_set_clear_func (self->groups, group_clear);
  self->focus_target = -1;

  self->list = MNR_COMPARE_ROWS (mnr_compare_rows_new ());
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Countries compared"), -1);
  gtk_scrolled_window_set_child (self->v_scroller, GTK_WIDGET (self->list));

  /* Capture: the arrows are the cells' before the list's own. */
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (on_key_pressed_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->list), keys);

  self->header_row = MNR_COMPARE_ROW (mnr_compare_row_new (MNR_COMPARE_ROW_HEADER));
  self->summary_row = MNR_COMPARE_ROW (mnr_compare_row_new (MNR_COMPARE_ROW_SUMMARY));
  /* Short buttons, so that the bar fits a 1024-pixel screen. */
  mnr_drop_down_set_short_button (self->group_dropdown, 36);
  mnr_drop_down_set_short_button (self->round_dropdown, 28);
  mnr_drop_down_set_short_button (self->against_dropdown, 28);
  mnr_drop_down_set_short_button (self->sort_dropdown, 28);
  mnr_drop_down_set_short_button (self->threshold_dropdown, 24);
  name_dropdown_button (self->group_dropdown, _("Group"));
  name_dropdown_button (self->round_dropdown, _("Rounds"));
  name_dropdown_button (self->against_dropdown, _("Against"));
  name_dropdown_button (self->sort_dropdown, _("Sort by"));
  name_dropdown_button (self->threshold_dropdown, _("Summaries count"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Compare"), -1);

  gtk_box_prepend (self->matrix_box, GTK_WIDGET (self->header_row));
  gtk_box_append (self->matrix_box, GTK_WIDGET (self->summary_row));
}

static void
on_root_focus_cb (MnrCompareView *self)
{
  on_focus_changed_cb (self);
}

static void
on_realize_cb (MnrCompareView *self)
{
  g_signal_connect_object (gtk_widget_get_root (GTK_WIDGET (self)), "notify::focus-widget",
                           G_CALLBACK (on_root_focus_cb), self, G_CONNECT_SWAPPED);
}

/**
 * mnr_compare_view_new:
 *
 * Returns: (transfer floating): the Compare view over @workspace's store,
 *   showing every country with data
 */
GtkWidget *
mnr_compare_view_new (MnrWorkspace      *workspace,
                      MnrCountryCatalog *catalog)
{
  MnrCompareView *self;

  g_return_val_if_fail (MNR_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (MNR_IS_COUNTRY_CATALOG (catalog), NULL);

  self = g_object_new (MNR_TYPE_COMPARE_VIEW, NULL);
  self->workspace = g_object_ref (workspace);
  self->catalog = g_object_ref (catalog);

  fill_fixed_choices (self);
  fill_groups (self);
  update_dates (self);
  self->dirty = TRUE;

  g_signal_connect_object (self->group_dropdown, "notify::selected", G_CALLBACK (on_group_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->round_dropdown, "notify::selected", G_CALLBACK (on_control_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->against_dropdown, "notify::selected", G_CALLBACK (on_control_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sort_dropdown, "notify::selected", G_CALLBACK (on_control_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->threshold_dropdown, "notify::selected", G_CALLBACK (on_control_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->change_button, "toggled", G_CALLBACK (on_control_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (workspace, "changed", G_CALLBACK (on_data_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (workspace, "rating-changed", G_CALLBACK (on_data_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect (self, "realize", G_CALLBACK (on_realize_cb), NULL);

  mnr_compare_view_reload (self);
  return GTK_WIDGET (self);
}

const char *
mnr_compare_view_get_group (MnrCompareView *self)
{
  Group *group;

  g_return_val_if_fail (MNR_IS_COMPARE_VIEW (self), NULL);

  group = current_group (self);
  return group != NULL ? group->id : NULL;
}

/**
 * mnr_compare_view_set_group:
 * @group_id: a bundled group's id ("asean"), a user's group's, or
 *   %MNR_COMPARE_GROUP_ALL
 *
 * Returns: whether there is such a group
 */
gboolean
mnr_compare_view_set_group (MnrCompareView *self,
                            const char     *group_id)
{
  g_return_val_if_fail (MNR_IS_COMPARE_VIEW (self), FALSE);

  for (guint i = 0; i < self->groups->len; i++)
    if (g_strcmp0 (g_array_index (self->groups, Group, i).id, group_id) == 0)
      {
        if (gtk_drop_down_get_selected (self->group_dropdown) == i)
          mnr_compare_view_reload (self);
        else
          gtk_drop_down_set_selected (self->group_dropdown, i);
        return TRUE;
      }

  return FALSE;
}

void
mnr_compare_view_set_change (MnrCompareView *self,
                             gboolean        change)
{
  g_return_if_fail (MNR_IS_COMPARE_VIEW (self));

  gtk_toggle_button_set_active (self->change_button, change);
}

/**
 * mnr_compare_view_get_load_time:
 *
 * Returns: how long the last load of the matrix took, in microseconds
 */
gint64
mnr_compare_view_get_load_time (MnrCompareView *self)
{
  g_return_val_if_fail (MNR_IS_COMPARE_VIEW (self), 0);

  return self->load_time;
}

/**
 * mnr_compare_view_get_matrix:
 *
 * Returns: (transfer none) (nullable): the matrix shown
 */
MnrCompareMatrix *
mnr_compare_view_get_matrix (MnrCompareView *self)
{
  g_return_val_if_fail (MNR_IS_COMPARE_VIEW (self), NULL);

  return self->matrix;
}

const MnrComparePalette *
mnr_compare_view_get_palette (MnrCompareView *self)
{
  g_return_val_if_fail (MNR_IS_COMPARE_VIEW (self), NULL);

  return &self->palette;
}

/**
 * mnr_compare_view_dup_title:
 *
 * Returns: (transfer full): what the exported images are titled: the
 *   group and the rounds shown
 */
char *
mnr_compare_view_dup_title (MnrCompareView *self)
{
  Group *group;
  g_autofree char *rounds = NULL;

  g_return_val_if_fail (MNR_IS_COMPARE_VIEW (self), NULL);

  group = current_group (self);
  rounds = g_strdup (gtk_string_object_get_string (gtk_drop_down_get_selected_item (self->round_dropdown)));
  /* Translators: the title of an exported comparison: the group, then which rounds */
  return g_strdup_printf (_("%s — %s"), group != NULL ? group->label : "", rounds);
}
