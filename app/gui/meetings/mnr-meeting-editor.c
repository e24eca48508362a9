/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-meeting-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "mnr-alert.h"
#include "mnr-format.h"
#include "mnr-ids.h"
#include "mnr-meeting-editor.h"
#include "mnr-record-type.h"
#include "mnr-entry-row.h"

/* "New Meeting" / "Edit Meeting" of the country shown: title, date and
 * place; who attended and who sent apologies, a name and role a line;
 * the agenda: chosen capabilities and enablers in an order the chair can
 * change (Alt+Up, Alt+Down on a row, or its buttons), everything changed
 * since the last meeting, or the whole grid. Save waits for a title and a
 * real day; Escape cancels. */

struct _MnrMeetingEditor
{
  AdwWindow      parent_instance;

  MnrWorkspace  *workspace;   /* owned */
  MnrMeeting    *meeting;     /* owned: what is saved */
  GPtrArray     *agenda;      /* element ids, owned */

  GtkWidget     *save_button;
  AdwEntryRow   *title_row;
  AdwEntryRow   *date_row;
  AdwEntryRow   *place_row;
  GtkTextView   *attendees_view;
  GtkTextView   *apologies_view;
  AdwComboRow   *kind_row;
  GtkWidget     *items_group;
  GtkListBox    *items_list;
  GtkDropDown   *element_drop_down;
  GPtrArray     *element_ids; /* the drop-down's, in its order */
};

G_DEFINE_FINAL_TYPE (MnrMeetingEditor, mnr_meeting_editor, ADW_TYPE_WINDOW)

static void rebuild_items (MnrMeetingEditor *self);

static void
mnr_meeting_editor_finalize (GObject *object)
{
  MnrMeetingEditor *self = MNR_MEETING_EDITOR (object);

  g_clear_object (&self->workspace);
  g_clear_pointer (&self->meeting, mnr_meeting_free);
  g_clear_pointer (&self->agenda, g_ptr_array_unref);
  g_clear_pointer (&self->element_ids, g_ptr_array_unref);

  G_OBJECT_CLASS (mnr_meeting_editor_parent_class)->finalize (object);
}

static char *
dup_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static gboolean
date_is_valid (MnrMeetingEditor *self)
{
  return mnr_id_is_date (gtk_editable_get_text (GTK_EDITABLE (self->date_row)), FALSE);
}

gboolean
mnr_meeting_editor_can_save (MnrMeetingEditor *self)
{
  g_autofree char *title = NULL;

  g_return_val_if_fail (MNR_IS_MEETING_EDITOR (self), FALSE);

  title = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->title_row))));
  return title[0] != '\0' && g_utf8_strlen (title, -1) <= 200 && date_is_valid (self);
}

static void
on_changed_cb (MnrMeetingEditor *self)
{
  gboolean valid = date_is_valid (self);

  if (valid)
    gtk_widget_remove_css_class (GTK_WIDGET (self->date_row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->date_row), "error");
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->date_row), GTK_ACCESSIBLE_STATE_INVALID,
                               valid ? GTK_ACCESSIBLE_INVALID_FALSE : GTK_ACCESSIBLE_INVALID_TRUE, -1);
  gtk_widget_set_sensitive (self->save_button, mnr_meeting_editor_can_save (self));
}

static const char *
chosen_kind (MnrMeetingEditor *self)
{
  guint selected = adw_combo_row_get_selected (self->kind_row);

  return selected < g_strv_length ((char **) mnr_agenda_kinds) ? mnr_agenda_kinds[selected] : "items";
}

static void
on_kind_changed_cb (MnrMeetingEditor *self)
{
  gtk_widget_set_visible (self->items_group, g_str_equal (chosen_kind (self), "items"));
}

gboolean
mnr_meeting_editor_save (MnrMeetingEditor  *self,
                         GError           **error)
{
  MnrMeeting *meeting;

  g_return_val_if_fail (MNR_IS_MEETING_EDITOR (self), FALSE);

  meeting = self->meeting;
  g_free (meeting->title);
  meeting->title = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->title_row)));
  g_free (meeting->date);
  meeting->date = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->date_row)));
  g_free (meeting->place);
  meeting->place = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->place_row)));
  g_free (meeting->attendees);
  meeting->attendees = dup_text (self->attendees_view);
  g_free (meeting->apologies);
  meeting->apologies = dup_text (self->apologies_view);
  g_free (meeting->agenda_kind);
  meeting->agenda_kind = g_strdup (chosen_kind (self));
  g_strfreev (meeting->agenda);
  meeting->agenda = mnr_meeting_editor_dup_agenda (self);

  return mnr_store_save_meeting (mnr_workspace_get_store (self->workspace), meeting, error);
}

static void
on_save_clicked_cb (MnrMeetingEditor *self)
{
  g_autoptr(GError) error = NULL;

  if (!mnr_meeting_editor_can_save (self))
    return;

  if (!mnr_meeting_editor_save (self, &error))
    {
      mnr_alert_error (GTK_WINDOW (self), _("Could Not Save the Meeting"), error);
      return;
    }

  gtk_window_close (GTK_WINDOW (self));
}

/* --- the agenda's items ------------------------------------------------- */

static char *
dup_element_label (MnrMeetingEditor *self,
                   const char       *element_id)
{
  MnrElement *element = mnr_framework_lookup (mnr_workspace_get_framework (self->workspace), element_id);

  return element != NULL ? mnr_element_dup_label (element) : g_strdup (element_id);
}

GStrv
mnr_meeting_editor_dup_agenda (MnrMeetingEditor *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (MNR_IS_MEETING_EDITOR (self), NULL);

  for (guint i = 0; i < self->agenda->len; i++)
    g_strv_builder_add (builder, self->agenda->pdata[i]);
  return g_strv_builder_end (builder);
}

void
mnr_meeting_editor_add_item (MnrMeetingEditor *self,
                             const char       *element_id)
{
  g_return_if_fail (MNR_IS_MEETING_EDITOR (self));

  if (element_id == NULL || g_ptr_array_find_with_equal_func (self->agenda, element_id, g_str_equal, NULL))
    return;
  g_ptr_array_add (self->agenda, g_strdup (element_id));
  rebuild_items (self);
}

void
mnr_meeting_editor_move_item (MnrMeetingEditor *self,
                              guint             index,
                              int               delta)
{
  int target = (int) index + delta;
  gpointer item;

  g_return_if_fail (MNR_IS_MEETING_EDITOR (self));

  if (index >= self->agenda->len || target < 0 || (guint) target >= self->agenda->len)
    return;

  item = self->agenda->pdata[index];
  self->agenda->pdata[index] = self->agenda->pdata[target];
  self->agenda->pdata[target] = item;
  rebuild_items (self);

  /* The moved row keeps the focus, for the next Alt+Up or Alt+Down. */
  gtk_widget_grab_focus (GTK_WIDGET (gtk_list_box_get_row_at_index (self->items_list, target)));
}

void
mnr_meeting_editor_remove_item (MnrMeetingEditor *self,
                                guint             index)
{
  g_return_if_fail (MNR_IS_MEETING_EDITOR (self));

  if (index < self->agenda->len)
    {
      g_ptr_array_remove_index (self->agenda, index);
      rebuild_items (self);
    }
}

static guint
row_index (GtkWidget *widget)
{
  GtkWidget *row = gtk_widget_get_ancestor (widget, GTK_TYPE_LIST_BOX_ROW);

  return row != NULL ? (guint) gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row)) : G_MAXUINT;
}

static void
on_up_clicked_cb (GtkButton        *button,
                  MnrMeetingEditor *self)
{
  mnr_meeting_editor_move_item (self, row_index (GTK_WIDGET (button)), -1);
}

static void
on_down_clicked_cb (GtkButton        *button,
                    MnrMeetingEditor *self)
{
  mnr_meeting_editor_move_item (self, row_index (GTK_WIDGET (button)), 1);
}

static void
on_remove_clicked_cb (GtkButton        *button,
                      MnrMeetingEditor *self)
{
  mnr_meeting_editor_remove_item (self, row_index (GTK_WIDGET (button)));
}

static gboolean
on_row_key_pressed_cb (GtkEventControllerKey *controller,
                       guint                  keyval,
                       guint                  keycode,
                       GdkModifierType        state,
                       MnrMeetingEditor      *self)
{
  guint index = row_index (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller)));

  if ((state & GDK_ALT_MASK) == 0)
    return FALSE;
  if (keyval == GDK_KEY_Up || keyval == GDK_KEY_KP_Up)
    mnr_meeting_editor_move_item (self, index, -1);
  else if (keyval == GDK_KEY_Down || keyval == GDK_KEY_KP_Down)
    mnr_meeting_editor_move_item (self, index, 1);
  else
    return FALSE;
  return TRUE;
}

static GtkWidget *
icon_button (const char *icon,
             const char *accessible)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, accessible);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  return button;
}

static void
rebuild_items (MnrMeetingEditor *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->items_list))) != NULL)
    gtk_list_box_remove (self->items_list, child);

  for (guint i = 0; i < self->agenda->len; i++)
    {
      g_autofree char *label = dup_element_label (self, self->agenda->pdata[i]);
      /* Translators: an agenda item's place in the agenda: "Item 2" */
      g_autofree char *position = g_strdup_printf (_("Item %u"), i + 1);
      g_autofree char *up_name = NULL, *down_name = NULL, *remove_name = NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *up, *down, *remove;
      GtkEventController *keys = gtk_event_controller_key_new ();

      /* Translators: buttons of an agenda item, %s its name */
      up_name = g_strdup_printf (_("Move “%s” up"), label);
      down_name = g_strdup_printf (_("Move “%s” down"), label);
      remove_name = g_strdup_printf (_("Remove “%s” from the agenda"), label);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), position);
      gtk_widget_set_focusable (row, TRUE);

      up = icon_button ("go-up-symbolic", up_name);
      down = icon_button ("go-down-symbolic", down_name);
      remove = icon_button ("list-remove-symbolic", remove_name);
      gtk_widget_set_sensitive (up, i > 0);
      gtk_widget_set_sensitive (down, i + 1 < self->agenda->len);
      g_signal_connect (up, "clicked", G_CALLBACK (on_up_clicked_cb), self);
      g_signal_connect (down, "clicked", G_CALLBACK (on_down_clicked_cb), self);
      g_signal_connect (remove, "clicked", G_CALLBACK (on_remove_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), up);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), down);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);

      g_signal_connect (keys, "key-pressed", G_CALLBACK (on_row_key_pressed_cb), self);
      gtk_widget_add_controller (row, keys);
      gtk_list_box_append (self->items_list, row);
    }
}

static void
on_add_clicked_cb (MnrMeetingEditor *self)
{
  guint selected = gtk_drop_down_get_selected (self->element_drop_down);

  if (selected < self->element_ids->len)
    mnr_meeting_editor_add_item (self, self->element_ids->pdata[selected]);
}

/* Every capability, then every enabler, for the "Add" drop-down. */
static GListModel *
list_elements (MnrMeetingEditor *self)
{
  MnrFramework *framework = mnr_workspace_get_framework (self->workspace);
  GListModel *sources[] = { mnr_framework_get_capabilities (framework), mnr_framework_get_enablers (framework) };
  GtkStringList *labels = gtk_string_list_new (NULL);

  for (guint s = 0; s < G_N_ELEMENTS (sources); s++)
    for (guint i = 0; i < g_list_model_get_n_items (sources[s]); i++)
      {
        g_autoptr(MnrElement) element = g_list_model_get_item (sources[s], i);
        g_autofree char *label = mnr_element_dup_label (element);

        gtk_string_list_append (labels, label);
        g_ptr_array_add (self->element_ids, g_strdup (mnr_element_get_id (element)));
      }

  return G_LIST_MODEL (labels);
}

/* --- construction ------------------------------------------------------- */

/* GTK 4.8 names a GtkDropDown's own button and its popup's search entry
 * after their types ("GtkToggleButton", "GtkSearchEntry"), and those are
 * what the keyboard reaches: give them names in words. */
static void
name_drop_down_parts (GtkWidget  *widget,
                      const char *button_name,
                      const char *search_name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_TOGGLE_BUTTON (child))
        gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, button_name, -1);
      else if (GTK_IS_SEARCH_ENTRY (child))
        gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, search_name, -1);
      name_drop_down_parts (child, button_name, search_name);
    }
}

static GtkWidget *
text_view_group (const char   *title,
                 const char   *description,
                 GtkTextView **view)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *frame = gtk_frame_new (NULL);

  *view = GTK_TEXT_VIEW (gtk_text_view_new ());
  gtk_text_view_set_wrap_mode (*view, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (*view, 8);
  gtk_text_view_set_bottom_margin (*view, 8);
  gtk_text_view_set_left_margin (*view, 8);
  gtk_text_view_set_right_margin (*view, 8);
  gtk_widget_set_size_request (GTK_WIDGET (*view), -1, 80);
  gtk_accessible_update_property (GTK_ACCESSIBLE (*view), GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
  gtk_frame_set_child (GTK_FRAME (frame), GTK_WIDGET (*view));
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), frame);
  return group;
}

static AdwEntryRow *
entry_row (GtkWidget  *group,
           const char *title)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  mnr_entry_row_expose_focus (ADW_ENTRY_ROW (row));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  return ADW_ENTRY_ROW (row);
}

static void
mnr_meeting_editor_class_init (MnrMeetingEditorClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = mnr_meeting_editor_finalize;
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
mnr_meeting_editor_init (MnrMeetingEditor *self)
{
  self->agenda = g_ptr_array_new_with_free_func (g_free);
  self->element_ids = g_ptr_array_new_with_free_func (g_free);
}

static void
build (MnrMeetingEditor *self,
       gboolean          is_new)
{
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  g_autoptr(GListModel) elements = NULL;
  GtkWidget *toolbar, *header, *cancel, *page, *group, *add_box, *add;

  header = adw_header_bar_new ();
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (gtk_window_close), self);
  self->save_button = gtk_button_new_with_mnemonic (_("_Save"));
  gtk_widget_add_css_class (self->save_button, "suggested-action");
  g_signal_connect_swapped (self->save_button, "clicked", G_CALLBACK (on_save_clicked_cb), self);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->save_button);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header),
                                   adw_window_title_new (is_new ? _("New Meeting") : _("Edit Meeting"), NULL));

  page = adw_preferences_page_new ();

  group = adw_preferences_group_new ();
  self->title_row = entry_row (group, _("Title"));
  /* Translators: the meeting's date entry; YYYY-MM-DD is how to type it */
  self->date_row = entry_row (group, _("Date (YYYY-MM-DD)"));
  self->place_row = entry_row (group, _("Place"));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));

  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page),
                            ADW_PREFERENCES_GROUP (text_view_group (_("Attendees"),
                                                                    _("A name and role a line."),
                                                                    &self->attendees_view)));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page),
                            ADW_PREFERENCES_GROUP (text_view_group (_("Apologies"),
                                                                    _("Those who could not come, a name and role a line."),
                                                                    &self->apologies_view)));

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Agenda"));
  for (guint i = 0; mnr_agenda_kinds[i] != NULL; i++)
    gtk_string_list_append (kinds, mnr_record_choice_get_label (mnr_agenda_kinds, mnr_agenda_kinds[i]));
  self->kind_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->kind_row), _("The meeting takes"));
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (kinds));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->kind_row));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));

  self->items_group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->items_group), _("Agenda Items"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->items_group),
                                         _("In the order the meeting takes them; Alt+Up and Alt+Down move the item with the focus."));
  self->items_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->items_list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->items_list), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->items_list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Agenda items"), -1);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->items_group), GTK_WIDGET (self->items_list));

  elements = list_elements (self);
  self->element_drop_down = GTK_DROP_DOWN (gtk_drop_down_new (g_object_ref (elements), NULL));
  gtk_drop_down_set_expression (self->element_drop_down,
                                gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string"));
  gtk_drop_down_set_enable_search (self->element_drop_down, TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self->element_drop_down), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->element_drop_down), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Capability or enabler to add"), -1);
  name_drop_down_parts (GTK_WIDGET (self->element_drop_down), _("Capability or enabler to add"),
                        _("Search capabilities and enablers"));
  add = gtk_button_new_with_mnemonic (_("_Add to Agenda"));
  g_signal_connect_swapped (add, "clicked", G_CALLBACK (on_add_clicked_cb), self);
  add_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_margin_top (add_box, 12);
  gtk_box_append (GTK_BOX (add_box), GTK_WIDGET (self->element_drop_down));
  gtk_box_append (GTK_BOX (add_box), add);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->items_group), add_box);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (self->items_group));

  toolbar = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (toolbar), header);
  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (toolbar), page);
  adw_window_set_content (ADW_WINDOW (self), toolbar);

  g_signal_connect_swapped (self->title_row, "changed", G_CALLBACK (on_changed_cb), self);
  g_signal_connect_swapped (self->date_row, "changed", G_CALLBACK (on_changed_cb), self);
  g_signal_connect_swapped (self->kind_row, "notify::selected", G_CALLBACK (on_kind_changed_cb), self);
}

void
mnr_meeting_editor_set_text (MnrMeetingEditor *self,
                             const char       *title,
                             const char       *date,
                             const char       *place,
                             const char       *attendees,
                             const char       *apologies)
{
  g_return_if_fail (MNR_IS_MEETING_EDITOR (self));

  gtk_editable_set_text (GTK_EDITABLE (self->title_row), title != NULL ? title : "");
  gtk_editable_set_text (GTK_EDITABLE (self->date_row), date != NULL ? date : "");
  gtk_editable_set_text (GTK_EDITABLE (self->place_row), place != NULL ? place : "");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->attendees_view), attendees != NULL ? attendees : "", -1);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->apologies_view), apologies != NULL ? apologies : "", -1);
}

void
mnr_meeting_editor_set_agenda_kind (MnrMeetingEditor *self,
                                    const char       *kind)
{
  g_return_if_fail (MNR_IS_MEETING_EDITOR (self));

  for (guint i = 0; mnr_agenda_kinds[i] != NULL; i++)
    if (g_strcmp0 (mnr_agenda_kinds[i], kind) == 0)
      adw_combo_row_set_selected (self->kind_row, i);
}

/**
 * mnr_meeting_editor_new:
 * @meeting_id: (nullable): the meeting to edit; %NULL for a new one of
 *   the workspace's country, today
 *
 * Returns: (transfer floating) (nullable): the editor, to present; %NULL
 *   when @meeting_id is not a meeting here
 */
GtkWidget *
mnr_meeting_editor_new (GtkWindow    *parent,
                        MnrWorkspace *workspace,
                        const char   *meeting_id)
{
  MnrMeetingEditor *self;
  MnrMeeting *meeting;

  g_return_val_if_fail (MNR_IS_WORKSPACE (workspace), NULL);

  if (meeting_id != NULL)
    meeting = mnr_store_get_meeting (mnr_workspace_get_store (workspace), meeting_id, NULL);
  else
    {
      meeting = g_new0 (MnrMeeting, 1);
      meeting->country = g_strdup (mnr_workspace_get_country (workspace));
      meeting->date = mnr_today ();
      meeting->agenda_kind = g_strdup ("items");
    }
  if (meeting == NULL || meeting->country == NULL)
    {
      g_clear_pointer (&meeting, mnr_meeting_free);
      return NULL;
    }

  self = g_object_new (MNR_TYPE_MEETING_EDITOR,
                       "transient-for", parent,
                       "modal", TRUE,
                       "destroy-with-parent", TRUE,
                       "default-width", 640,
                       "default-height", 720,
                       "title", meeting_id == NULL ? _("New Meeting") : _("Edit Meeting"),
                       NULL);
  self->workspace = g_object_ref (workspace);
  self->meeting = meeting;
  build (self, meeting_id == NULL);

  mnr_meeting_editor_set_text (self, meeting->title, meeting->date, meeting->place, meeting->attendees,
                               meeting->apologies);
  mnr_meeting_editor_set_agenda_kind (self, meeting->agenda_kind);
  for (guint i = 0; meeting->agenda != NULL && meeting->agenda[i] != NULL; i++)
    g_ptr_array_add (self->agenda, g_strdup (meeting->agenda[i]));
  rebuild_items (self);
  on_kind_changed_cb (self);
  on_changed_cb (self);
  /* Typing starts in the title, not on Cancel. */
  gtk_widget_grab_focus (GTK_WIDGET (self->title_row));

  return GTK_WIDGET (self);
}
