/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include "mnr-entry-row.h"
#include "mnr-gui-resources.h"
#include "mnr-preferences.h"
#include "mnr-sync-endpoint.h"

/* The Preferences window: for now the sync server's address, the access
 * token (written, never shown back: the keyring keeps it) and automatic
 * sync. */

struct _MnrPreferences
{
  AdwPreferencesWindow  parent_instance;

  /* template widgets */
  AdwEntryRow          *endpoint_row;
  AdwEntryRow          *token_row;
  GtkSwitch            *automatic_switch;
  GtkLabel             *status_label;
  GtkButton            *save_button;
  GtkButton            *sync_button;

  /* owned */
  MnrSyncController    *controller;
  GCancellable         *cancellable;
};

G_DEFINE_FINAL_TYPE (MnrPreferences, mnr_preferences, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_CONTROLLER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
endpoint_text_is_valid (const char *text)
{
  return text[0] == '\0' || mnr_sync_controller_endpoint_is_valid (text);
}

static void
update_status (MnrPreferences *self)
{
  const char *error = mnr_sync_controller_get_last_error (self->controller);
  gboolean has_token = mnr_sync_controller_get_has_token (self->controller);
  gboolean remembered = mnr_sync_controller_get_token_remembered (self->controller);
  const char *token_text;
  g_autofree char *status = NULL;
  GtkEditable *delegate;

  if (mnr_sync_controller_get_keyring_waiting (self->controller))
    token_text = has_token ? _("Kept until the app closes; waiting for the keyring")
                           : _("Waiting for the keyring…");
  else if (has_token && remembered)
    token_text = _("Stored in your keyring");
  else if (has_token)
    token_text = _("Kept until the app closes");
  else
    token_text = _("Not set");

  /* The token is never shown back: the row stays empty and says where it is. */
  delegate = gtk_editable_get_delegate (GTK_EDITABLE (self->token_row));
  if (GTK_IS_TEXT (delegate))
    gtk_text_set_placeholder_text (GTK_TEXT (delegate), token_text);

  /* Translators: %s says where the token is, e.g. "Stored in your keyring" */
  status = g_strdup_printf (_("Access token: %s."), token_text);
  if (error != NULL)
    {
      g_autofree char *both = g_strconcat (status, "\n", error, NULL);
      g_free (status);
      status = g_steal_pointer (&both);
    }
  gtk_label_set_label (self->status_label, status);

  gtk_widget_set_sensitive (GTK_WIDGET (self->sync_button),
                            mnr_sync_controller_get_state (self->controller) != MNR_SYNC_STATE_SYNCING);
}

static void
on_endpoint_changed_cb (MnrPreferences *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->endpoint_row));
  gboolean valid = endpoint_text_is_valid (text);

  if (valid)
    gtk_widget_remove_css_class (GTK_WIDGET (self->endpoint_row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->endpoint_row), "error");

  gtk_accessible_update_state (GTK_ACCESSIBLE (self->endpoint_row),
                               GTK_ACCESSIBLE_STATE_INVALID,
                               valid ? GTK_ACCESSIBLE_INVALID_FALSE : GTK_ACCESSIBLE_INVALID_TRUE,
                               -1);
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), valid);
}

typedef struct
{
  MnrPreferences *self;
  gboolean        sync_after;
} SaveData;

static void
save_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  SaveData *data = user_data;
  g_autoptr(MnrPreferences) self = data->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *endpoint = NULL;
  gboolean sync_after = data->sync_after;

  g_free (data);

  if (!mnr_sync_controller_set_credentials_finish (MNR_SYNC_CONTROLLER (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (error->message));
      return;
    }

  /* The address as it is kept: the endpoint the root URL led to. */
  endpoint = mnr_sync_controller_dup_endpoint (self->controller);
  if (g_strcmp0 (endpoint, gtk_editable_get_text (GTK_EDITABLE (self->endpoint_row))) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->endpoint_row), endpoint);
  gtk_editable_set_text (GTK_EDITABLE (self->token_row), "");
  update_status (self);

  if (sync_after)
    mnr_sync_controller_sync_now (self->controller);
  else
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (_("Sync settings saved")));
}

static gboolean
has_unsaved_changes (MnrPreferences *self)
{
  g_autofree char *endpoint = mnr_sync_controller_dup_endpoint (self->controller);

  return !mnr_sync_endpoint_same (endpoint, gtk_editable_get_text (GTK_EDITABLE (self->endpoint_row))) ||
         gtk_editable_get_text (GTK_EDITABLE (self->token_row))[0] != '\0';
}

static void
save (MnrPreferences *self,
      gboolean        sync_after)
{
  const char *endpoint = gtk_editable_get_text (GTK_EDITABLE (self->endpoint_row));
  const char *token = gtk_editable_get_text (GTK_EDITABLE (self->token_row));
  g_autofree char *trimmed = g_strstrip (g_strdup (endpoint));
  SaveData *data;

  if (!endpoint_text_is_valid (trimmed))
    {
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                        adw_toast_new (_("The server address must start with https:// (http:// only for this computer)")));
      return;
    }

  data = g_new0 (SaveData, 1);
  data->self = g_object_ref (self);
  data->sync_after = sync_after;
  mnr_sync_controller_set_credentials_async (self->controller, trimmed, token, self->cancellable,
                                             save_done_cb, data);
}

/**
 * mnr_preferences_save:
 *
 * What the Save button does.
 */
void
mnr_preferences_save (MnrPreferences *self)
{
  g_return_if_fail (MNR_IS_PREFERENCES (self));

  save (self, FALSE);
}

static void
on_save_clicked_cb (MnrPreferences *self)
{
  save (self, FALSE);
}

static void
on_sync_clicked_cb (MnrPreferences *self)
{
  if (has_unsaved_changes (self))
    save (self, TRUE);
  else
    mnr_sync_controller_sync_now (self->controller);
}

static void
mnr_preferences_constructed (GObject *object)
{
  MnrPreferences *self = (MnrPreferences *)object;
  g_autofree char *endpoint = NULL;
  static const char * const notified[] = {
    "notify::state", "notify::last-error", "notify::has-token", "notify::token-remembered",
    "notify::keyring-waiting",
  };

  G_OBJECT_CLASS (mnr_preferences_parent_class)->constructed (object);

  g_return_if_fail (MNR_IS_SYNC_CONTROLLER (self->controller));

  endpoint = mnr_sync_controller_dup_endpoint (self->controller);
  gtk_editable_set_text (GTK_EDITABLE (self->endpoint_row), endpoint);
  g_settings_bind (mnr_sync_controller_get_settings (self->controller), "sync-automatic",
                   self->automatic_switch, "active", G_SETTINGS_BIND_DEFAULT);

  for (guint i = 0; i < G_N_ELEMENTS (notified); i++)
    g_signal_connect_object (self->controller, notified[i], G_CALLBACK (update_status), self, G_CONNECT_SWAPPED);

  on_endpoint_changed_cb (self);
  update_status (self);
}

static void
mnr_preferences_dispose (GObject *object)
{
  MnrPreferences *self = (MnrPreferences *)object;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), MNR_TYPE_PREFERENCES);

  G_OBJECT_CLASS (mnr_preferences_parent_class)->dispose (object);
}

static void
mnr_preferences_finalize (GObject *object)
{
  MnrPreferences *self = (MnrPreferences *)object;

  g_clear_object (&self->controller);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (mnr_preferences_parent_class)->finalize (object);
}

static void
mnr_preferences_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  MnrPreferences *self = MNR_PREFERENCES (object);

  switch (prop_id)
    {
    case PROP_CONTROLLER:
      g_value_set_object (value, self->controller);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mnr_preferences_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  MnrPreferences *self = MNR_PREFERENCES (object);

  switch (prop_id)
    {
    case PROP_CONTROLLER:
      self->controller = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mnr_preferences_class_init (MnrPreferencesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = mnr_preferences_constructed;
  object_class->dispose = mnr_preferences_dispose;
  object_class->finalize = mnr_preferences_finalize;
  object_class->get_property = mnr_preferences_get_property;
  object_class->set_property = mnr_preferences_set_property;

  properties[PROP_CONTROLLER] =
    g_param_spec_object ("controller", NULL, NULL, MNR_TYPE_SYNC_CONTROLLER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* keeps the bundle (and its registration) in a static link */
  (void) mnr_gui_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/mnr-preferences.ui");
  gtk_widget_class_bind_template_child (widget_class, MnrPreferences, endpoint_row);
  gtk_widget_class_bind_template_child (widget_class, MnrPreferences, token_row);
  gtk_widget_class_bind_template_child (widget_class, MnrPreferences, automatic_switch);
  gtk_widget_class_bind_template_child (widget_class, MnrPreferences, status_label);
  gtk_widget_class_bind_template_child (widget_class, MnrPreferences, save_button);
  gtk_widget_class_bind_template_child (widget_class, MnrPreferences, sync_button);
  gtk_widget_class_bind_template_callback (widget_class, on_endpoint_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_save_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_sync_clicked_cb);
}

static void
mnr_preferences_init (MnrPreferences *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  mnr_entry_row_expose_focus (self->endpoint_row);
  mnr_entry_row_expose_focus (self->token_row);
}

/**
 * mnr_preferences_new:
 * @parent: (nullable): the window it belongs to
 */
GtkWidget *
mnr_preferences_new (GtkWindow         *parent,
                     MnrSyncController *controller)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (MNR_IS_SYNC_CONTROLLER (controller), NULL);

  return g_object_new (MNR_TYPE_PREFERENCES,
                       "transient-for", parent,
                       "controller", controller,
                       NULL);
}

void
mnr_preferences_set_endpoint_text (MnrPreferences *self,
                                   const char     *text)
{
  g_return_if_fail (MNR_IS_PREFERENCES (self));
  gtk_editable_set_text (GTK_EDITABLE (self->endpoint_row), text);
}

void
mnr_preferences_set_token_text (MnrPreferences *self,
                                const char     *text)
{
  g_return_if_fail (MNR_IS_PREFERENCES (self));
  gtk_editable_set_text (GTK_EDITABLE (self->token_row), text);
}

gboolean
mnr_preferences_get_endpoint_error (MnrPreferences *self)
{
  g_return_val_if_fail (MNR_IS_PREFERENCES (self), FALSE);
  return gtk_widget_has_css_class (GTK_WIDGET (self->endpoint_row), "error");
}

gboolean
mnr_preferences_get_save_sensitive (MnrPreferences *self)
{
  g_return_val_if_fail (MNR_IS_PREFERENCES (self), FALSE);
  return gtk_widget_get_sensitive (GTK_WIDGET (self->save_button));
}

const char *
mnr_preferences_get_status (MnrPreferences *self)
{
  g_return_val_if_fail (MNR_IS_PREFERENCES (self), NULL);
  return gtk_label_get_label (self->status_label);
}
