/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-country-switcher"

#include "config.h"

#include "mnr-gui-resources.h"

#include <glib/gi18n.h>

#include "mnr-catalog-properties.h"
#include "mnr-country-row.h"
#include "mnr-country-switcher.h"
#include "mnr-tooltip.h"

/* The header bar's country button: "🇵🇭 Philippines", and a popover that
 * finds a country by typing. The popover lists the user's countries (those
 * in the store) first, then every ISO 3166-1 country, each part under a
 * heading row and both filtered by the same search. GTK 4.8 has no list
 * sections, so the headings are rows of their own (GtkStringObject items)
 * that cannot be activated. */

struct _MnrCountrySwitcher
{
  GtkWidget           parent_instance;

  /* template widgets */
  GtkMenuButton      *menu_button;
  GtkPopover         *popover;
  GtkSearchEntry     *search_entry;
  GtkListView        *list_view;
  GtkWidget          *empty_label;

  /* owned */
  MnrWorkspace       *workspace;
  MnrCountryCatalog  *catalog;
  GListStore         *your_countries;
  GtkCustomFilter    *filter;
  GtkFilterListModel *your_filtered;
  GtkFilterListModel *all_filtered;
  GListStore         *your_heading;
  GListStore         *all_heading;
  GListModel         *rows;       /* the selection model the list shows */
  char               *search;
  gboolean            your_countries_live; /* listed, and kept so: asked for once */
};

G_DEFINE_FINAL_TYPE (MnrCountrySwitcher, mnr_country_switcher, GTK_TYPE_WIDGET)

enum {
  ERROR,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
filter_country (gpointer item,
                gpointer user_data)
{
  MnrCountrySwitcher *self = user_data;

  return mnr_country_matches (MNR_COUNTRY (item), self->search);
}

static int
compare_countries (gconstpointer a,
                   gconstpointer b)
{
  MnrCountry *country_a = *(MnrCountry **)a;
  MnrCountry *country_b = *(MnrCountry **)b;

  return g_utf8_collate (mnr_country_get_name (country_a), mnr_country_get_name (country_b));
}

/* A heading shows only while its part of the list has rows. Called after
 * the flattened model has passed the part's change on, so the list view
 * never hears of two changes at once. */
static void
sync_heading (GListStore  *heading,
              GListModel  *part,
              const char  *text)
{
  gboolean wanted = g_list_model_get_n_items (part) > 0;
  gboolean shown = g_list_model_get_n_items (G_LIST_MODEL (heading)) > 0;

  if (wanted && !shown)
    {
      g_autoptr(GtkStringObject) item = gtk_string_object_new (text);
      g_list_store_append (heading, item);
    }
  else if (!wanted && shown)
    {
      g_list_store_remove_all (heading);
    }
}

static void
on_filtered_items_changed_cb (MnrCountrySwitcher *self)
{
  g_assert (MNR_IS_COUNTRY_SWITCHER (self));

  sync_heading (self->your_heading, G_LIST_MODEL (self->your_filtered), _("Your Countries"));
  sync_heading (self->all_heading, G_LIST_MODEL (self->all_filtered), _("All Countries"));

  gtk_widget_set_visible (self->empty_label,
                          g_list_model_get_n_items (G_LIST_MODEL (self->all_filtered)) == 0 &&
                          g_list_model_get_n_items (G_LIST_MODEL (self->your_filtered)) == 0);
}

static void
update_label (MnrCountrySwitcher *self)
{
  const char *code = mnr_workspace_get_country (self->workspace);
  MnrCountry *country = NULL;
  g_autofree char *label = NULL;
  g_autofree char *accessible = NULL;
  const char *name;

  if (code == NULL)
    {
      gtk_menu_button_set_label (self->menu_button, _("Choose Country"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->menu_button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Choose Country"),
                                      -1);
      return;
    }

  country = mnr_country_catalog_lookup (self->catalog, code);
  name = country != NULL ? mnr_country_get_name (country) : code;

  if (country != NULL && mnr_country_get_flag (country) != NULL)
    /* Translators: a country's flag, then its name */
    label = g_strdup_printf (C_("country button", "%s %s"), mnr_country_get_flag (country), name);
  else
    label = g_strdup (name);

  /* Translators: the accessible name of the country button */
  accessible = g_strdup_printf (_("Country: %s"), name);

  gtk_menu_button_set_label (self->menu_button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->menu_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

static void
reload_your_countries (MnrCountrySwitcher *self)
{
  g_auto(GStrv) codes = mnr_workspace_list_countries (self->workspace);
  g_autoptr(GPtrArray) countries = g_ptr_array_new ();

  for (guint i = 0; codes != NULL && codes[i] != NULL; i++)
    {
      MnrCountry *country = mnr_country_catalog_lookup (self->catalog, codes[i]);

      if (country != NULL)
        g_ptr_array_add (countries, country);
      else
        g_debug ("The store holds %s, which the catalog does not know", codes[i]);
    }

  g_ptr_array_sort (countries, compare_countries);
  g_list_store_splice (self->your_countries, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->your_countries)),
                       countries->pdata, countries->len);
}

/* The store's countries, sorted by name, are for the popover: first listed
 * when it opens, or when asked for, not before the first frame; from then
 * on kept as the store changes. */
static void
ensure_your_countries (MnrCountrySwitcher *self)
{
  if (self->your_countries_live)
    return;

  self->your_countries_live = TRUE;
  reload_your_countries (self);
}

static void
on_workspace_changed_cb (MnrCountrySwitcher *self)
{
  g_assert (MNR_IS_COUNTRY_SWITCHER (self));

  update_label (self);
  if (self->your_countries_live)
    reload_your_countries (self);
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  GtkWidget *box, *heading;

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_add_css_class (box, "country-row");

  heading = g_object_new (GTK_TYPE_LABEL,
                          "xalign", 0.0f,
                          "hexpand", TRUE,
                          "margin-top", 6,
                          "visible", FALSE,
                          NULL);
  gtk_widget_add_css_class (heading, "heading");
  gtk_widget_add_css_class (heading, "dim-label");

  gtk_box_append (GTK_BOX (box), heading);
  g_object_set_data (G_OBJECT (box), "heading", heading);
  mnr_country_row_add_labels (GTK_BOX (box), box);

  gtk_list_item_set_child (list_item, box);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             gpointer                  user_data)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkLabel *heading = g_object_get_data (G_OBJECT (box), "heading");
  GtkLabel *flag = g_object_get_data (G_OBJECT (box), "flag");
  GtkLabel *name = g_object_get_data (G_OBJECT (box), "name");
  GtkLabel *code = g_object_get_data (G_OBJECT (box), "code");
  gpointer item = gtk_list_item_get_item (list_item);
  gboolean is_country = MNR_IS_COUNTRY (item);

  gtk_widget_set_visible (GTK_WIDGET (heading), !is_country);
  gtk_widget_set_visible (GTK_WIDGET (flag), is_country);
  gtk_widget_set_visible (GTK_WIDGET (name), is_country);
  gtk_widget_set_visible (GTK_WIDGET (code), is_country);
  gtk_list_item_set_activatable (list_item, is_country);
  gtk_list_item_set_selectable (list_item, is_country);

  if (is_country)
    {
      mnr_country_row_bind (box, item);
      gtk_widget_remove_css_class (box, "country-heading");
    }
  else
    {
      const char *text = gtk_string_object_get_string (GTK_STRING_OBJECT (item));

      gtk_label_set_label (heading, text);
      gtk_accessible_update_property (GTK_ACCESSIBLE (box),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, text,
                                      -1);
      gtk_widget_add_css_class (box, "country-heading");
    }
}

static MnrCountry *
dup_first_match (MnrCountrySwitcher *self)
{
  if (g_list_model_get_n_items (G_LIST_MODEL (self->your_filtered)) > 0)
    return g_list_model_get_item (G_LIST_MODEL (self->your_filtered), 0);
  if (g_list_model_get_n_items (G_LIST_MODEL (self->all_filtered)) > 0)
    return g_list_model_get_item (G_LIST_MODEL (self->all_filtered), 0);

  return NULL;
}

static void
set_search (MnrCountrySwitcher *self,
            const char         *text)
{
  if (text != NULL && text[0] == '\0')
    text = NULL;

  if (g_strcmp0 (self->search, text) == 0)
    return;

  g_free (self->search);
  self->search = g_strdup (text);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

/* A list view keeps its first visible item in place when rows are put
 * before it (a new country of yours, a heading): bring the top back. */
static void
scroll_to_top (MnrCountrySwitcher *self)
{
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (self->list_view));

  if (model != NULL && g_list_model_get_n_items (model) > 0)
    gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", 0);
}

static void
on_search_changed_cb (MnrCountrySwitcher *self,
                      GtkSearchEntry     *entry)
{
  set_search (self, gtk_editable_get_text (GTK_EDITABLE (entry)));

  /* The best match is the first row: keep it in view. */
  scroll_to_top (self);
}

static void
on_search_activate_cb (MnrCountrySwitcher *self,
                       GtkSearchEntry     *entry)
{
  g_autoptr(MnrCountry) country = NULL;

  /* The search may still be waiting for its delay: catch up first. */
  set_search (self, gtk_editable_get_text (GTK_EDITABLE (entry)));

  country = dup_first_match (self);
  if (country != NULL)
    mnr_country_switcher_choose (self, mnr_country_get_code (country));
  else
    gtk_widget_error_bell (GTK_WIDGET (entry));
}

static void
on_search_stop_cb (MnrCountrySwitcher *self,
                   GtkSearchEntry     *entry)
{
  /* Escape clears the search first, then closes. */
  if (gtk_editable_get_text (GTK_EDITABLE (entry))[0] != '\0')
    gtk_editable_set_text (GTK_EDITABLE (entry), "");
  else
    gtk_popover_popdown (self->popover);
}

/* The rows on screen are the list view's children, in the list's order. */
static gboolean
focus_first_country (MnrCountrySwitcher *self)
{
  GtkWidget *row;

  for (row = gtk_widget_get_first_child (GTK_WIDGET (self->list_view));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *child = gtk_widget_get_first_child (row);

      if (!gtk_widget_get_mapped (row) || !gtk_widget_get_focusable (row) ||
          child == NULL || gtk_widget_has_css_class (child, "country-heading"))
        continue;
      if (gtk_widget_grab_focus (row))
        return TRUE;
    }

  return FALSE;
}

static gboolean
on_search_key_pressed_cb (MnrCountrySwitcher    *self,
                          guint                  keyval,
                          guint                  keycode,
                          GdkModifierType        state,
                          GtkEventControllerKey *controller)
{
  if ((keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down) ||
      (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK)) != 0)
    return GDK_EVENT_PROPAGATE;

  /* Down goes into the list, onto its first country rather than a
   * heading. The search may still be waiting for its delay: catch up
   * first, so that the first row is the best match. GTK 4.8's list view
   * does not take the focus from outside with gtk_widget_child_focus ()
   * (it answers FALSE when none of its rows had the focus yet): give it
   * to the first country's row itself. */
  set_search (self, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  scroll_to_top (self);
  if (!focus_first_country (self))
    gtk_widget_error_bell (GTK_WIDGET (self->search_entry));

  return GDK_EVENT_STOP;
}

static void
on_list_activate_cb (MnrCountrySwitcher *self,
                     guint               position,
                     GtkListView        *list_view)
{
  g_autoptr(GObject) item = NULL;

  item = g_list_model_get_item (G_LIST_MODEL (gtk_list_view_get_model (list_view)), position);
  if (MNR_IS_COUNTRY (item))
    mnr_country_switcher_choose (self, mnr_country_get_code (MNR_COUNTRY (item)));
}

static void
on_popover_show_cb (MnrCountrySwitcher *self,
                    GtkPopover         *popover)
{
  ensure_your_countries (self);
  if (gtk_list_view_get_model (self->list_view) == NULL)
    gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->rows));

  /* Every opening starts afresh, the search focused. */
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  set_search (self, NULL);
  scroll_to_top (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
mnr_country_switcher_constructed (GObject *object)
{
  MnrCountrySwitcher *self = (MnrCountrySwitcher *)object;
  g_autoptr(GListStore) parts = NULL;
  G_OBJECT_CLASS (mnr_country_switcher_parent_class)->constructed (object);

  g_return_if_fail (MNR_IS_WORKSPACE (self->workspace));
  g_return_if_fail (MNR_IS_COUNTRY_CATALOG (self->catalog));

  self->all_filtered = gtk_filter_list_model_new (g_object_ref (mnr_country_catalog_get_countries (self->catalog)),
                                                  GTK_FILTER (g_object_ref (self->filter)));
  g_signal_connect_object (self->all_filtered, "items-changed",
                           G_CALLBACK (on_filtered_items_changed_cb), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);

  g_signal_connect_object (self->workspace, "changed",
                           G_CALLBACK (on_workspace_changed_cb), self,
                           G_CONNECT_SWAPPED);

  /* Your countries under their heading, then all, under theirs. */
  parts = g_list_store_new (G_TYPE_LIST_MODEL);
  g_list_store_append (parts, self->your_heading);
  g_list_store_append (parts, self->your_filtered);
  g_list_store_append (parts, self->all_heading);
  g_list_store_append (parts, self->all_filtered);
  self->rows = G_LIST_MODEL (gtk_no_selection_new (G_LIST_MODEL (gtk_flatten_list_model_new (G_LIST_MODEL (g_steal_pointer (&parts))))));
  on_workspace_changed_cb (self);
  on_filtered_items_changed_cb (self);

  /* The list view gets its rows when the popover first opens: made at
   * start-up, a few dozen rows with their flags delayed the first frame. */
}

static void
mnr_country_switcher_dispose (GObject *object)
{
  MnrCountrySwitcher *self = (MnrCountrySwitcher *)object;

  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_data (self->workspace, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), MNR_TYPE_COUNTRY_SWITCHER);

  G_OBJECT_CLASS (mnr_country_switcher_parent_class)->dispose (object);
}

static void
mnr_country_switcher_finalize (GObject *object)
{
  MnrCountrySwitcher *self = (MnrCountrySwitcher *)object;

  g_clear_object (&self->all_filtered);
  g_clear_object (&self->rows);
  g_clear_object (&self->your_filtered);
  g_clear_object (&self->your_countries);
  g_clear_object (&self->your_heading);
  g_clear_object (&self->all_heading);
  g_clear_object (&self->filter);
  g_clear_object (&self->workspace);
  g_clear_object (&self->catalog);
  g_clear_pointer (&self->search, g_free);

  G_OBJECT_CLASS (mnr_country_switcher_parent_class)->finalize (object);
}

static void
mnr_country_switcher_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  MnrCountrySwitcher *self = MNR_COUNTRY_SWITCHER (object);

  if (!mnr_catalog_properties_get (prop_id, value, self->workspace, self->catalog))
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
mnr_country_switcher_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  MnrCountrySwitcher *self = MNR_COUNTRY_SWITCHER (object);

  if (!mnr_catalog_properties_set (prop_id, value, &self->workspace, &self->catalog))
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
mnr_country_switcher_class_init (MnrCountrySwitcherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = mnr_country_switcher_constructed;
  object_class->dispose = mnr_country_switcher_dispose;
  object_class->finalize = mnr_country_switcher_finalize;
  object_class->get_property = mnr_country_switcher_get_property;
  object_class->set_property = mnr_country_switcher_set_property;

  mnr_catalog_properties_install (object_class);

  /**
   * MnrCountrySwitcher::error:
   * @message: what went wrong, for a toast
   */
  signals[ERROR] =
    g_signal_new ("error",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  /* keeps the bundle (and its registration) in a static link */
  (void) mnr_gui_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/mnr-country-switcher.ui");
  gtk_widget_class_bind_template_child (widget_class, MnrCountrySwitcher, menu_button);
  gtk_widget_class_bind_template_child (widget_class, MnrCountrySwitcher, popover);
  gtk_widget_class_bind_template_child (widget_class, MnrCountrySwitcher, search_entry);
  gtk_widget_class_bind_template_child (widget_class, MnrCountrySwitcher, list_view);
  gtk_widget_class_bind_template_child (widget_class, MnrCountrySwitcher, empty_label);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_stop_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_key_pressed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_list_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_popover_show_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_row_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_row_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "mnrcountryswitcher");
}

static void
mnr_country_switcher_init (MnrCountrySwitcher *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Not in the template: set there, a tooltip asks the X server where the
   * pointer is (mnr-tooltip.c). */
  mnr_tooltip_set_text (GTK_WIDGET (self->menu_button), _("Choose Country (Ctrl+K)"));

  self->filter = gtk_custom_filter_new (filter_country, self, NULL);
  self->your_countries = g_list_store_new (MNR_TYPE_COUNTRY);
  self->your_filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->your_countries)),
                                                   GTK_FILTER (g_object_ref (self->filter)));
  self->your_heading = g_list_store_new (GTK_TYPE_STRING_OBJECT);
  self->all_heading = g_list_store_new (GTK_TYPE_STRING_OBJECT);

  g_signal_connect_object (self->your_filtered, "items-changed",
                           G_CALLBACK (on_filtered_items_changed_cb), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
}

GtkWidget *
mnr_country_switcher_new (MnrWorkspace      *workspace,
                          MnrCountryCatalog *catalog)
{
  g_return_val_if_fail (MNR_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (MNR_IS_COUNTRY_CATALOG (catalog), NULL);

  return g_object_new (MNR_TYPE_COUNTRY_SWITCHER,
                       "workspace", workspace,
                       "catalog", catalog,
                       NULL);
}

/**
 * mnr_country_switcher_get_workspace:
 *
 * Returns: (transfer none): the workspace whose country this switches
 */
MnrWorkspace *
mnr_country_switcher_get_workspace (MnrCountrySwitcher *self)
{
  g_return_val_if_fail (MNR_IS_COUNTRY_SWITCHER (self), NULL);

  return self->workspace;
}

/**
 * mnr_country_switcher_popup:
 *
 * Opens the popover with its search focused (the window binds Ctrl+K).
 */
void
mnr_country_switcher_popup (MnrCountrySwitcher *self)
{
  g_return_if_fail (MNR_IS_COUNTRY_SWITCHER (self));

  gtk_menu_button_popup (self->menu_button);
}

/**
 * mnr_country_switcher_choose:
 * @code: an ISO 3166-1 alpha-2 code
 *
 * Does what activating the country's row does: makes @code the
 * workspace's country (adding it to the store, with a first round if it
 * has none) and closes the popover. A failure is emitted as
 * #MnrCountrySwitcher::error.
 */
void
mnr_country_switcher_choose (MnrCountrySwitcher *self,
                             const char         *code)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (MNR_IS_COUNTRY_SWITCHER (self));
  g_return_if_fail (code != NULL);

  gtk_popover_popdown (self->popover);

  if (!mnr_workspace_set_country (self->workspace, code, &error))
    {
      g_autofree char *message = NULL;

      /* Translators: the country code, then why it could not be opened */
      message = g_strdup_printf (_("Could not open %s: %s"), code, error->message);
      g_signal_emit (self, signals[ERROR], 0, message);
    }
}

/**
 * mnr_country_switcher_get_your_countries:
 *
 * Returns: (transfer none): the countries in the store that answer the
 *   popover's search, by name
 */
GListModel *
mnr_country_switcher_get_your_countries (MnrCountrySwitcher *self)
{
  g_return_val_if_fail (MNR_IS_COUNTRY_SWITCHER (self), NULL);

  ensure_your_countries (self);
  return G_LIST_MODEL (self->your_filtered);
}

/**
 * mnr_country_switcher_get_all_countries:
 *
 * Returns: (transfer none): the ISO countries that answer the popover's
 *   search, in the catalog's order
 */
GListModel *
mnr_country_switcher_get_all_countries (MnrCountrySwitcher *self)
{
  g_return_val_if_fail (MNR_IS_COUNTRY_SWITCHER (self), NULL);

  return G_LIST_MODEL (self->all_filtered);
}
