/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-group-editor"

#include "config.h"

#include "mnr-gui-resources.h"

#include <glib/gi18n.h>

#include "mnr-catalog-properties.h"
#include "mnr-country-row.h"
#include "mnr-group-editor-private.h"
#include "mnr-entry-row.h"

/* "New Group" / "Edit Group": a regional group of the user's own, a name,
 * an optional short name and the member countries, chosen from every ISO
 * country with a search. Save is offered once there is a name and at least
 * one country; the store's refusal stays in the window as a toast. */

struct _MnrGroupEditor
{
  AdwWindow           parent_instance;

  /* template widgets */
  AdwToastOverlay    *toast_overlay;
  AdwEntryRow        *name_row;
  AdwEntryRow        *short_name_row;
  GtkSearchEntry     *search_entry;
  GtkListView        *list_view;
  GtkWidget          *empty_label;
  GtkLabel           *chosen_label;
  GtkWidget          *save_button;

  /* owned */
  MnrWorkspace       *workspace;
  MnrCountryCatalog  *catalog;
  MnrRegionalGroup   *group;
  GtkCustomFilter    *filter;
  GtkFilterListModel *filtered;
  /* alpha-2 code → itself: the countries chosen */
  GHashTable         *chosen;
  /* alpha-2 code → the GtkCheckButton showing it, while bound (borrowed) */
  GHashTable         *bound;
  char               *search;
  AdwToast           *toast;
};

G_DEFINE_FINAL_TYPE (MnrGroupEditor, mnr_group_editor, ADW_TYPE_WINDOW)

/* "workspace" and "catalog" come first: see mnr-catalog-properties.h */
enum {
  PROP_GROUP = MNR_CATALOG_PROP_LAST,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
dup_clean_text (gpointer editable)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (editable))));
}

static gboolean
name_is_valid (MnrGroupEditor *self)
{
  g_autofree char *name = dup_clean_text (self->name_row);

  return name[0] != '\0';
}

static void
validate (MnrGroupEditor *self)
{
  guint n_chosen = g_hash_table_size (self->chosen);
  gboolean name_ok = name_is_valid (self);
  g_autofree char *chosen = NULL;

  g_assert (MNR_IS_GROUP_EDITOR (self));

  /* Translators: how many countries the group being edited has */
  chosen = g_strdup_printf (ngettext ("%u country chosen", "%u countries chosen", n_chosen), n_chosen);
  gtk_label_set_label (self->chosen_label, chosen);

  gtk_accessible_update_state (GTK_ACCESSIBLE (self->name_row),
                               GTK_ACCESSIBLE_STATE_INVALID,
                               name_ok ? GTK_ACCESSIBLE_INVALID_FALSE : GTK_ACCESSIBLE_INVALID_TRUE,
                               -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list_view),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, chosen,
                                  -1);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "group-editor.save", name_ok && n_chosen > 0);
}

static void
on_name_changed_cb (MnrGroupEditor *self,
                    GtkEditable    *editable)
{
  validate (self);
}

static void
set_chosen (MnrGroupEditor *self,
            const char     *code,
            gboolean        chosen)
{
  if (chosen == g_hash_table_contains (self->chosen, code))
    return;

  if (chosen)
    g_hash_table_add (self->chosen, g_strdup (code));
  else
    g_hash_table_remove (self->chosen, code);

  validate (self);
}

/* --- the country list --- */

static gboolean
filter_country (gpointer item,
                gpointer user_data)
{
  MnrGroupEditor *self = user_data;

  return mnr_country_matches (MNR_COUNTRY (item), self->search);
}

static void
on_filtered_items_changed_cb (MnrGroupEditor *self)
{
  g_assert (MNR_IS_GROUP_EDITOR (self));

  gtk_widget_set_visible (self->empty_label,
                          g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) == 0);
}

static void
set_search (MnrGroupEditor *self,
            const char     *text)
{
  if (text != NULL && text[0] == '\0')
    text = NULL;

  if (g_strcmp0 (self->search, text) == 0)
    return;

  g_free (self->search);
  self->search = g_strdup (text);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
on_search_changed_cb (MnrGroupEditor *self,
                      GtkSearchEntry *entry)
{
  set_search (self, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
on_search_stop_cb (MnrGroupEditor *self,
                   GtkSearchEntry *entry)
{
  /* Escape clears the search first, then closes. */
  if (gtk_editable_get_text (GTK_EDITABLE (entry))[0] != '\0')
    gtk_editable_set_text (GTK_EDITABLE (entry), "");
  else
    gtk_window_close (GTK_WINDOW (self));
}

static void
on_check_toggled_cb (GtkCheckButton *check,
                     MnrGroupEditor *self)
{
  const char *code = g_object_get_data (G_OBJECT (check), "mnr-code");

  /* Binding a row sets its box to what is chosen already: no change. */
  if (code != NULL)
    set_chosen (self, code, gtk_check_button_get_active (check));
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              MnrGroupEditor           *self)
{
  GtkWidget *check, *box;

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  /* The whole row is the check button's label: a click anywhere toggles. */
  check = gtk_check_button_new ();
  gtk_check_button_set_child (GTK_CHECK_BUTTON (check), box);
  mnr_country_row_add_labels (GTK_BOX (box), check);
  g_signal_connect_object (check, "toggled", G_CALLBACK (on_check_toggled_cb), self, 0);

  gtk_list_item_set_child (list_item, check);
  gtk_list_item_set_activatable (list_item, FALSE);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             MnrGroupEditor           *self)
{
  GtkWidget *check = gtk_list_item_get_child (list_item);
  MnrCountry *country = gtk_list_item_get_item (list_item);
  const char *alpha2 = mnr_country_get_code (country);

  mnr_country_row_bind (check, country);

  /* Set the box before naming the row, so that is no toggle by the user. */
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), g_hash_table_contains (self->chosen, alpha2));
  g_object_set_data_full (G_OBJECT (check), "mnr-code", g_strdup (alpha2), g_free);
  g_hash_table_insert (self->bound, g_strdup (alpha2), check);
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               MnrGroupEditor           *self)
{
  GtkWidget *check = gtk_list_item_get_child (list_item);
  const char *alpha2 = g_object_get_data (G_OBJECT (check), "mnr-code");

  if (alpha2 != NULL && g_hash_table_lookup (self->bound, alpha2) == check)
    g_hash_table_remove (self->bound, alpha2);

  g_object_set_data (G_OBJECT (check), "mnr-code", NULL);
}

/* --- saving --- */

static int
compare_codes (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

static void
show_error (MnrGroupEditor *self,
            const GError   *error)
{
  g_autofree char *title = NULL;

  /* Translators: why the group could not be saved */
  title = g_strdup_printf (_("Could not save the group: %s"), error->message);
  g_clear_object (&self->toast);
  self->toast = adw_toast_new (title);
  adw_toast_set_timeout (self->toast, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, g_object_ref (self->toast));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  MnrGroupEditor *self = MNR_GROUP_EDITOR (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autofree char *name = NULL;
  g_autofree char *short_name = NULL;
  g_autofree char *id = NULL;
  GHashTableIter iter;
  gpointer code;

  validate (self);
  if (!name_is_valid (self) || g_hash_table_size (self->chosen) == 0)
    return;

  name = dup_clean_text (self->name_row);
  short_name = dup_clean_text (self->short_name_row);
  if (short_name[0] == '\0')
    g_clear_pointer (&short_name, g_free);

  members = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, self->chosen);
  while (g_hash_table_iter_next (&iter, &code, NULL))
    g_ptr_array_add (members, code);
  g_ptr_array_sort (members, compare_codes);
  g_ptr_array_add (members, NULL);

  if (!mnr_country_catalog_validate_members (self->catalog, (const char * const *)members->pdata, &error))
    {
      show_error (self, error);
      return;
    }

  id = mnr_store_save_group (mnr_workspace_get_store (self->workspace),
                             self->group != NULL ? mnr_regional_group_get_id (self->group) : NULL,
                             name, short_name,
                             (const char * const *)members->pdata,
                             &error);
  if (id == NULL)
    {
      show_error (self, error);
      return;
    }

  g_object_ref (self);
  g_signal_emit (self, signals[SAVED], 0, id);
  gtk_window_close (GTK_WINDOW (self));
  g_object_unref (self);
}

/* --- GObject --- */

static void
mnr_group_editor_constructed (GObject *object)
{
  MnrGroupEditor *self = (MnrGroupEditor *)object;
  g_autoptr(GtkNoSelection) selection = NULL;

  G_OBJECT_CLASS (mnr_group_editor_parent_class)->constructed (object);

  g_return_if_fail (MNR_IS_WORKSPACE (self->workspace));
  g_return_if_fail (MNR_IS_COUNTRY_CATALOG (self->catalog));

  self->filtered = gtk_filter_list_model_new (g_object_ref (mnr_country_catalog_get_countries (self->catalog)),
                                              GTK_FILTER (g_object_ref (self->filter)));
  g_signal_connect_object (self->filtered, "items-changed",
                           G_CALLBACK (on_filtered_items_changed_cb), self,
                           G_CONNECT_SWAPPED);

  if (self->group != NULL)
    {
      const char * const *members = mnr_regional_group_get_members (self->group);
      const char *short_name = mnr_regional_group_get_short_name (self->group);

      gtk_window_set_title (GTK_WINDOW (self), _("Edit Group"));
      gtk_editable_set_text (GTK_EDITABLE (self->name_row), mnr_regional_group_get_name (self->group));
      gtk_editable_set_text (GTK_EDITABLE (self->short_name_row), short_name != NULL ? short_name : "");

      for (guint i = 0; members != NULL && members[i] != NULL; i++)
        g_hash_table_add (self->chosen, g_strdup (members[i]));
    }

  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->filtered)));
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));

  on_filtered_items_changed_cb (self);
  validate (self);
}

static void
mnr_group_editor_dispose (GObject *object)
{
  MnrGroupEditor *self = (MnrGroupEditor *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), MNR_TYPE_GROUP_EDITOR);

  if (self->bound != NULL)
    g_hash_table_remove_all (self->bound);

  G_OBJECT_CLASS (mnr_group_editor_parent_class)->dispose (object);
}

static void
mnr_group_editor_finalize (GObject *object)
{
  MnrGroupEditor *self = (MnrGroupEditor *)object;

  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->toast);
  g_clear_object (&self->group);
  g_clear_object (&self->catalog);
  g_clear_object (&self->workspace);
  g_clear_pointer (&self->chosen, g_hash_table_unref);
  g_clear_pointer (&self->bound, g_hash_table_unref);
  g_clear_pointer (&self->search, g_free);

  G_OBJECT_CLASS (mnr_group_editor_parent_class)->finalize (object);
}

static void
mnr_group_editor_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  MnrGroupEditor *self = MNR_GROUP_EDITOR (object);

  if (mnr_catalog_properties_get (prop_id, value, self->workspace, self->catalog))
    return;

  switch (prop_id)
    {
    case PROP_GROUP:
      g_value_set_object (value, self->group);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mnr_group_editor_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  MnrGroupEditor *self = MNR_GROUP_EDITOR (object);

  if (mnr_catalog_properties_set (prop_id, value, &self->workspace, &self->catalog))
    return;

  switch (prop_id)
    {
    case PROP_GROUP:
      self->group = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mnr_group_editor_class_init (MnrGroupEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = mnr_group_editor_constructed;
  object_class->dispose = mnr_group_editor_dispose;
  object_class->finalize = mnr_group_editor_finalize;
  object_class->get_property = mnr_group_editor_get_property;
  object_class->set_property = mnr_group_editor_set_property;

  mnr_catalog_properties_install (object_class);

  /* The user's group being edited; NULL for a new one. */
  properties[PROP_GROUP] =
    g_param_spec_object ("group", NULL, NULL,
                         MNR_TYPE_REGIONAL_GROUP,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_property (object_class, PROP_GROUP, properties[PROP_GROUP]);

  /**
   * MnrGroupEditor::saved:
   * @id: the group's id in the store
   */
  signals[SAVED] =
    g_signal_new ("saved",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  /* keeps the bundle (and its registration) in a static link */
  (void) mnr_gui_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/mnr-group-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, MnrGroupEditor, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, MnrGroupEditor, name_row);
  gtk_widget_class_bind_template_child (widget_class, MnrGroupEditor, short_name_row);
  gtk_widget_class_bind_template_child (widget_class, MnrGroupEditor, search_entry);
  gtk_widget_class_bind_template_child (widget_class, MnrGroupEditor, list_view);
  gtk_widget_class_bind_template_child (widget_class, MnrGroupEditor, empty_label);
  gtk_widget_class_bind_template_child (widget_class, MnrGroupEditor, chosen_label);
  gtk_widget_class_bind_template_child (widget_class, MnrGroupEditor, save_button);
  gtk_widget_class_bind_template_callback (widget_class, on_name_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_stop_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_row_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_row_cb);
  gtk_widget_class_bind_template_callback (widget_class, unbind_row_cb);

  gtk_widget_class_install_action (widget_class, "group-editor.save", NULL, save_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "group-editor.save", NULL);
}

static void
mnr_group_editor_init (MnrGroupEditor *self)
{
  self->chosen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->bound = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->filter = gtk_custom_filter_new (filter_country, self, NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  mnr_entry_row_expose_focus (self->name_row);
  mnr_entry_row_expose_focus (self->short_name_row);
}

/**
 * mnr_group_editor_new:
 * @parent: (nullable): the window it belongs to
 * @workspace: whose store keeps the group
 * @catalog: the countries to choose from
 * @group: (nullable): a group of the user's own to edit, or %NULL for a
 *   new one
 */
GtkWidget *
mnr_group_editor_new (GtkWindow         *parent,
                      MnrWorkspace      *workspace,
                      MnrCountryCatalog *catalog,
                      MnrRegionalGroup  *group)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (MNR_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (MNR_IS_COUNTRY_CATALOG (catalog), NULL);
  g_return_val_if_fail (group == NULL || MNR_IS_REGIONAL_GROUP (group), NULL);
  g_return_val_if_fail (group == NULL || mnr_regional_group_get_user_defined (group), NULL);

  return g_object_new (MNR_TYPE_GROUP_EDITOR,
                       "transient-for", parent,
                       "workspace", workspace,
                       "catalog", catalog,
                       "group", group,
                       NULL);
}

/* --- for tests --- */

void
mnr_group_editor_set_name_text (MnrGroupEditor *self,
                                const char     *text)
{
  g_return_if_fail (MNR_IS_GROUP_EDITOR (self));

  gtk_editable_set_text (GTK_EDITABLE (self->name_row), text);
}

void
mnr_group_editor_set_short_name_text (MnrGroupEditor *self,
                                      const char     *text)
{
  g_return_if_fail (MNR_IS_GROUP_EDITOR (self));

  gtk_editable_set_text (GTK_EDITABLE (self->short_name_row), text);
}

/* Types into the search, and filters at once rather than after the
 * search entry's delay. */
void
mnr_group_editor_set_search_text (MnrGroupEditor *self,
                                  const char     *text)
{
  g_return_if_fail (MNR_IS_GROUP_EDITOR (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
  set_search (self, text);
}

/* Clicks the country's check box if its row is shown, else does what
 * that click would. */
void
mnr_group_editor_toggle_country (MnrGroupEditor *self,
                                 const char     *code)
{
  GtkCheckButton *check;

  g_return_if_fail (MNR_IS_GROUP_EDITOR (self));
  g_return_if_fail (code != NULL);

  check = g_hash_table_lookup (self->bound, code);
  if (check != NULL)
    gtk_check_button_set_active (check, !gtk_check_button_get_active (check));
  else
    set_chosen (self, code, !g_hash_table_contains (self->chosen, code));
}

gboolean
mnr_group_editor_get_country_chosen (MnrGroupEditor *self,
                                     const char     *code)
{
  g_return_val_if_fail (MNR_IS_GROUP_EDITOR (self), FALSE);

  return g_hash_table_contains (self->chosen, code);
}

guint
mnr_group_editor_get_n_chosen (MnrGroupEditor *self)
{
  g_return_val_if_fail (MNR_IS_GROUP_EDITOR (self), 0);

  return g_hash_table_size (self->chosen);
}

/**
 * mnr_group_editor_get_countries:
 *
 * Returns: (transfer none): the countries the list shows, as the search
 *   filters them
 */
GListModel *
mnr_group_editor_get_countries (MnrGroupEditor *self)
{
  g_return_val_if_fail (MNR_IS_GROUP_EDITOR (self), NULL);

  return G_LIST_MODEL (self->filtered);
}

gboolean
mnr_group_editor_get_save_sensitive (MnrGroupEditor *self)
{
  g_return_val_if_fail (MNR_IS_GROUP_EDITOR (self), FALSE);

  return gtk_widget_is_sensitive (self->save_button);
}

/* Clicks Save, if it can be clicked. */
void
mnr_group_editor_activate_save (MnrGroupEditor *self)
{
  g_return_if_fail (MNR_IS_GROUP_EDITOR (self));

  if (gtk_widget_is_sensitive (self->save_button))
    g_signal_emit_by_name (self->save_button, "clicked");
}

/**
 * mnr_group_editor_get_toast:
 *
 * Returns: (transfer none) (nullable): the last error shown
 */
AdwToast *
mnr_group_editor_get_toast (MnrGroupEditor *self)
{
  g_return_val_if_fail (MNR_IS_GROUP_EDITOR (self), NULL);

  return self->toast;
}
