/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-conflicts-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "mnr-conflicts-dialog-private.h"
#include "mnr-level-style.h"

/* The widgets: a row for each conflict in the list, and for the one
 * shown, its column headings and a row for each field. */

#define NAME_COLUMN_WIDTH 170

/* The kind of @type's field @member, or -1 for a member the descriptor
 * does not have (a newer version's). */
static int
field_kind (const char *type,
            const char *member)
{
  const MnrRecordType *record_type = mnr_record_type_lookup (type);
  const MnrRecordField *field = record_type != NULL ? mnr_record_type_get_field (record_type, member) : NULL;

  return field != NULL ? (int)field->kind : -1;
}

static GtkWidget *
new_name_box (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);

  gtk_widget_set_size_request (box, NAME_COLUMN_WIDTH, -1);
  gtk_widget_add_css_class (box, "conflict-name");
  return box;
}

static GtkWidget *
new_label (const char *text,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_yalign (GTK_LABEL (label), 0);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);

  return label;
}

/* The value of one side in its cell: the level as a coloured chip with
 * its name, anything else as text. */
static GtkWidget *
new_value_label (MnrConflictsDialog  *self,
                 const MnrSyncRecord *record,
                 const char          *member,
                 gboolean             deleted_side)
{
  g_autofree char *text = NULL;
  GtkWidget *label;
  gboolean empty = FALSE;

  if (deleted_side)
    {
      /* Translators: shown in place of a value of a deleted record */
      label = new_label (C_("deleted value", "—"), "dim-label");
      gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Deleted"), -1);
      return label;
    }

  text = mnr_conflicts_dialog_describe_value (self, record, member, &empty);
  label = new_label (text, "conflict-value-text");
  if (empty)
    {
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_add_css_class (label, "conflict-empty");
    }

  if (!empty && field_kind (record->type, member) == (int)MNR_FIELD_LEVEL)
    {
      const char *level_id = mnr_conflicts_dialog_record_string (record, "level");
      MnrLevel *level = mnr_framework_lookup_level (self->framework, level_id);

      if (level != NULL)
        {
          gtk_widget_set_halign (label, GTK_ALIGN_START);
          gtk_widget_add_css_class (label, "level-chip");
          gtk_widget_add_css_class (label, "conflict-level");
          mnr_level_style_add_classes (label, level);
        }
    }

  return label;
}

static GtkWidget *
new_use_button (gboolean    mine,
                const char *label)
{
  /* Translators: a button that chooses one side's value of a field;
   * the accessible name says which field */
  GtkWidget *button = gtk_toggle_button_new_with_label (mine ? _("Use Mine") : _("Use Theirs"));
  g_autofree char *name = mine ? g_strdup_printf (_("Use yours: %s"), label)
                               : g_strdup_printf (_("Use the server’s: %s"), label);

  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_widget_add_css_class (button, "conflict-use");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);

  return button;
}

static JsonNode *
country_node (const MnrSyncRecord *record)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  if (record == NULL || record->country == NULL)
    json_node_init_null (node);
  else
    json_node_set_string (node, record->country);

  return node;
}

static void
add_list_change (MnrConflictsDialog *self,
                 GtkWidget          *cell,
                 const char         *member,
                 JsonNode           *base,
                 JsonNode           *side,
                 JsonNode           *other,
                 gboolean            mine)
{
  g_autofree char *text = mnr_conflicts_dialog_describe_list_change (self, member, base, side, other, mine);

  if (text != NULL)
    gtk_box_append (GTK_BOX (cell), new_label (text, "conflict-list-change"));
}

static void
add_separator (MnrConflictsDialog *self)
{
  GtkWidget *separator = gtk_separator_new (GTK_ORIENTATION_HORIZONTAL);

  gtk_box_append (self->fields_box, separator);
}

static void
add_field (MnrConflictsDialog *self,
           const char         *member,
           const char         *label,
           gboolean            free_text)
{
  const MnrSyncConflict *conflict = self->current;
  g_autoptr(JsonNode) base_country = NULL;
  g_autoptr(JsonNode) mine_country = NULL;
  g_autoptr(JsonNode) theirs_country = NULL;
  JsonNode *base, *mine, *theirs;
  GtkWidget *name_box, *right, *cells;
  MnrConflictField *field;

  if (g_str_equal (member, "country"))
    {
      base = base_country = country_node (conflict->base);
      mine = mine_country = country_node (conflict->local);
      theirs = theirs_country = country_node (conflict->remote);
    }
  else
    {
      base = mnr_conflicts_dialog_record_member (conflict->base, member);
      mine = mnr_conflicts_dialog_record_member (conflict->local, member);
      theirs = mnr_conflicts_dialog_record_member (conflict->remote, member);
    }

  field = mnr_conflicts_dialog_field_new (self, member, free_text, base, mine, theirs);

  add_separator (self);

  field->row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 18);
  gtk_widget_add_css_class (field->row, "conflict-row");
  if (field->state != MNR_CONFLICT_FIELD_SAME && !self->deletion && !mnr_sync_record_members_equal (mine, theirs))
    gtk_widget_add_css_class (field->row, "differs");

  name_box = new_name_box ();
  field->name_label = new_label (label, "heading");
  gtk_label_set_max_width_chars (GTK_LABEL (field->name_label), 8);
  gtk_box_append (GTK_BOX (name_box), field->name_label);

  /* What happens to the field heads both values: in the name column, a
   * long status would widen that column in this row only. */
  right = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  gtk_widget_set_hexpand (right, TRUE);
  field->status_label = new_label (NULL, "conflict-status");
  gtk_box_append (GTK_BOX (right), field->status_label);
  cells = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 18);
  gtk_box_set_homogeneous (GTK_BOX (cells), TRUE);

  field->mine_cell = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  field->theirs_cell = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  gtk_widget_add_css_class (field->mine_cell, "conflict-value");
  gtk_widget_add_css_class (field->theirs_cell, "conflict-value");
  field->mine_label = new_value_label (self, conflict->local, member, self->deletion && conflict->local->deleted);
  field->theirs_label = new_value_label (self, conflict->remote, member,
                                         self->deletion && conflict->remote->deleted);
  gtk_box_append (GTK_BOX (field->mine_cell), field->mine_label);
  gtk_box_append (GTK_BOX (field->theirs_cell), field->theirs_label);

  if (!self->deletion && !mnr_sync_record_members_equal (mine, theirs) &&
      (g_str_equal (member, "elements") || g_str_equal (member, "members")))
    {
      gboolean has_base = conflict->base != NULL && !mnr_conflicts_dialog_record_is_empty (conflict->base);
      JsonNode *known_base = has_base ? base : NULL;

      add_list_change (self, field->mine_cell, member, known_base, mine, theirs, TRUE);
      add_list_change (self, field->theirs_cell, member, known_base, theirs, mine, FALSE);
    }

  /* In a deletion against an edit, what the edit changed. */
  if (self->deletion && field->state != MNR_CONFLICT_FIELD_SAME)
    gtk_widget_add_css_class (conflict->local->deleted ? field->theirs_cell : field->mine_cell, "edited");

  /* Each value names its column for a screen reader. */
  {
    g_autofree char *mine_name = g_strdup_printf (_("%s, yours"), label);
    g_autofree char *theirs_name = g_strdup_printf (_("%s, on the server"), label);

    gtk_accessible_update_property (GTK_ACCESSIBLE (field->mine_cell), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    mine_name, -1);
    gtk_accessible_update_property (GTK_ACCESSIBLE (field->theirs_cell), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    theirs_name, -1);
  }

  if (field->state == MNR_CONFLICT_FIELD_CONFLICT)
    {
      field->use_mine = new_use_button (TRUE, label);
      field->use_theirs = new_use_button (FALSE, label);
      gtk_box_append (GTK_BOX (field->mine_cell), field->use_mine);
      gtk_box_append (GTK_BOX (field->theirs_cell), field->use_theirs);
    }

  gtk_box_append (GTK_BOX (cells), field->mine_cell);
  gtk_box_append (GTK_BOX (cells), field->theirs_cell);
  gtk_box_append (GTK_BOX (right), cells);

  if (field->state == MNR_CONFLICT_FIELD_CONFLICT && free_text)
    {
      GtkWidget *merged_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      GtkWidget *caption = new_label (_("Merged text — edit it to combine both versions"), "caption-heading");
      GtkWidget *scroller = gtk_scrolled_window_new ();
      GtkTextBuffer *buffer;
      g_autofree char *name = g_strdup_printf (_("Merged text: %s"), label);

      field->merged_view = gtk_text_view_new ();
      gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (field->merged_view), GTK_WRAP_WORD_CHAR);
      gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (field->merged_view), FALSE);
      gtk_text_view_set_left_margin (GTK_TEXT_VIEW (field->merged_view), 8);
      gtk_text_view_set_right_margin (GTK_TEXT_VIEW (field->merged_view), 8);
      gtk_text_view_set_top_margin (GTK_TEXT_VIEW (field->merged_view), 6);
      gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (field->merged_view), 6);
      gtk_accessible_update_property (GTK_ACCESSIBLE (field->merged_view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      name, -1);
      buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (field->merged_view));
      /* Starts from yours; choosing a side or typing decides. */
      gtk_text_buffer_set_text (buffer, mnr_conflicts_dialog_record_string (conflict->local, member), -1);

      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), field->merged_view);
      gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
      /* Room for a paragraph where one is expected, a line or two else. */
      gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller),
                                                  g_str_equal (member, "rationale") ||
                                                  g_str_equal (member, "summary") ? 96 : 44);
      gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 240);
      gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
      gtk_widget_add_css_class (scroller, "conflict-merged");

      gtk_box_append (GTK_BOX (merged_box), caption);
      gtk_box_append (GTK_BOX (merged_box), scroller);
      gtk_box_append (GTK_BOX (right), merged_box);
    }

  gtk_box_append (GTK_BOX (field->row), name_box);
  gtk_box_append (GTK_BOX (field->row), right);
  gtk_box_append (self->fields_box, field->row);

  mnr_conflicts_dialog_field_connect (field);
  mnr_conflicts_dialog_update_field (field);
}

static gboolean
is_known_member (const char *type,
                 const char *member)
{
  const MnrRecordType *record_type = mnr_record_type_lookup (type);

  return record_type != NULL && mnr_record_type_get_field (record_type, member) != NULL;
}

static void
add_unknown_members (MnrConflictsDialog  *self,
                     const MnrSyncRecord *record,
                     GHashTable          *seen)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  if (record == NULL || record->data == NULL)
    return;

  json_object_iter_init (&iter, record->data);
  while (json_object_iter_next (&iter, &name, &value))
    {
      if (is_known_member (self->current->type, name) || g_hash_table_contains (seen, name))
        continue;

      g_hash_table_add (seen, g_strdup (name));
      if (mnr_conflicts_dialog_member_differs (self->current, name))
        /* A member of a newer version of the app: its own name. */
        add_field (self, name, name, FALSE);
    }
}

static GtkWidget *
new_column_heading (const char  *title,
                    const char  *details,
                    GtkLabel   **title_label)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *label = new_label (title, "title-4");

  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), new_label (details, "conflict-who"));
  *title_label = GTK_LABEL (label);

  return box;
}

static void
add_column_headings (MnrConflictsDialog *self)
{
  const MnrSyncConflict *conflict = self->current;
  g_autofree char *mine = mnr_conflicts_dialog_describe_change (conflict->local, TRUE);
  g_autofree char *theirs = mnr_conflicts_dialog_describe_change (conflict->remote, FALSE);
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 18);
  GtkWidget *name_box = new_name_box ();
  GtkWidget *cells = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 18);
  GtkWidget *mine_box, *theirs_box;

  gtk_widget_add_css_class (row, "conflict-row");
  gtk_widget_add_css_class (row, "conflict-headings");
  gtk_box_append (GTK_BOX (name_box), new_label (C_("conflict column", "Field"), "dim-label"));

  gtk_widget_set_hexpand (cells, TRUE);
  gtk_box_set_homogeneous (GTK_BOX (cells), TRUE);
  /* Translators: the column of the user's own version of a record */
  mine_box = new_column_heading (C_("conflict column", "Yours"), mine, &self->mine_title);
  /* Translators: the column of the server's version of a record */
  theirs_box = new_column_heading (C_("conflict column", "On the server"), theirs, &self->theirs_title);
  if (conflict->local->deleted)
    gtk_widget_add_css_class (mine_box, "conflict-deleted");
  if (conflict->remote->deleted)
    gtk_widget_add_css_class (theirs_box, "conflict-deleted");
  gtk_box_append (GTK_BOX (cells), mine_box);
  gtk_box_append (GTK_BOX (cells), theirs_box);

  gtk_box_append (GTK_BOX (row), name_box);
  gtk_box_append (GTK_BOX (row), cells);
  gtk_box_append (self->fields_box, row);
}

void
mnr_conflicts_dialog_clear_shown (MnrConflictsDialog *self)
{
  GtkWidget *child;

  g_ptr_array_set_size (self->fields, 0);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->fields_box))) != NULL)
    gtk_box_remove (self->fields_box, child);

  g_clear_pointer (&self->merged, mnr_sync_record_free);
  g_clear_pointer (&self->conflicting, g_strfreev);
  g_clear_pointer (&self->shown_key, g_free);
  self->current = NULL;
  self->deletion = FALSE;
  self->mine_title = NULL;
  self->theirs_title = NULL;
}

static char *
conflict_key (const MnrSyncConflict *conflict)
{
  return g_strdup_printf ("%s/%s/%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT, conflict->type, conflict->id,
                          conflict->remote->server_rev, conflict->local->local_rev);
}

void
mnr_conflicts_dialog_show_conflict (MnrConflictsDialog *self,
                                    MnrSyncConflict    *conflict)
{
  const MnrRecordType *record_type;
  g_autofree char *key = conflict_key (conflict);
  g_autofree char *name = NULL;
  g_autofree char *explanation = NULL;
  g_autoptr(GHashTable) seen = NULL;
  GtkAdjustment *adjustment;

  /* The same version of the same conflict: keep what is being chosen. */
  if (g_strcmp0 (key, self->shown_key) == 0)
    {
      self->current = conflict;
      return;
    }

  mnr_conflicts_dialog_clear_shown (self);
  self->current = conflict;
  self->shown_key = g_steal_pointer (&key);
  self->merged = mnr_sync_record_merge (conflict->base, conflict->local, conflict->remote, &self->conflicting);
  self->deletion = conflict->local->deleted != conflict->remote->deleted;

  name = mnr_conflicts_dialog_describe_conflict_name (self, conflict);
  gtk_label_set_label (self->heading_label, name);
  gtk_label_set_label (self->subheading_label, mnr_conflicts_dialog_describe_place (self, conflict));

  add_column_headings (self);

  seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  /* The type's fields, in its descriptor's order; those that name the
   * record only where the two sides differ. */
  record_type = mnr_record_type_lookup (conflict->type);
  for (guint i = 0; record_type != NULL && i < record_type->n_fields; i++)
    {
      const MnrRecordField *spec = &record_type->fields[i];

      if ((spec->flags & MNR_FIELD_SHOWN_IF_CHANGED) != 0 &&
          !mnr_conflicts_dialog_member_differs (conflict, spec->name))
        continue;

      add_field (self, spec->name, g_dpgettext2 (GETTEXT_PACKAGE, "conflict field", spec->label),
                 (spec->flags & MNR_FIELD_FREE_TEXT) != 0);
    }

  if (record_type != NULL && record_type->scope == MNR_RECORD_SCOPE_COUNTRY &&
      g_strcmp0 (conflict->local->country, conflict->remote->country) != 0 &&
      !mnr_conflicts_dialog_record_is_empty (conflict->local) &&
      !mnr_conflicts_dialog_record_is_empty (conflict->remote))
    add_field (self, "country", C_("conflict field", "Country"), FALSE);

  add_unknown_members (self, conflict->local, seen);
  add_unknown_members (self, conflict->remote, seen);

  explanation = self->deletion ? mnr_conflicts_dialog_describe_deletion (self)
                               : mnr_conflicts_dialog_describe_merge (self);
  gtk_label_set_label (self->explanation_label, explanation);

  adjustment = gtk_scrolled_window_get_vadjustment (self->detail_scroller);
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_lower (adjustment));

  mnr_conflicts_dialog_update_actions (self);
}

GtkWidget *
mnr_conflicts_dialog_new_conflict_row (MnrConflictsDialog    *self,
                                       const MnrSyncConflict *conflict)
{
  g_autofree char *name = mnr_conflicts_dialog_describe_conflict_name (self, conflict);
  g_autofree char *state = mnr_conflicts_dialog_describe_state (conflict);
  /* Translators: where a record belongs (a country), then what waits, as
   * "Philippines · 2 fields to choose" */
  g_autofree char *subtitle = g_strdup_printf (_("%s · %s"), mnr_conflicts_dialog_describe_place (self, conflict),
                                               state);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 3);

  /* The subtitle says it in words; the icon is for the eye only. */
  icon = g_object_new (GTK_TYPE_IMAGE,
                       "icon-name", conflict->local->deleted != conflict->remote->deleted
                                    ? "user-trash-symbolic" : "dialog-warning-symbolic",
                       "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                       NULL);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  return row;
}
