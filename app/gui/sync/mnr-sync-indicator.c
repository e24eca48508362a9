/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-sync-indicator"

#include "config.h"

#include <glib/gi18n.h>

#include "mnr-sync-indicator.h"

/* The header bar's sync button: an icon for the state, a short count when
 * changes wait, the state in words as tooltip and accessible label, and a
 * popover with the details, Sync Now, or Set Up… when there is no server,
 * and Review Conflicts… when some wait for a person. */

struct _MnrSyncIndicator
{
  GtkWidget          parent_instance;

  /* children */
  GtkMenuButton     *button;
  GtkImage          *icon;
  GtkLabel          *short_label;
  GtkLabel          *title_label;
  GtkLabel          *details_label;
  GtkButton         *sync_button;
  GtkButton         *setup_button;
  GtkButton         *conflicts_button;

  /* owned */
  MnrSyncController *controller;
  char              *description;
  char              *short_text;
  const char        *icon_name;
  guint              tick_id;
};

G_DEFINE_FINAL_TYPE (MnrSyncIndicator, mnr_sync_indicator, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTROLLER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* "4 minutes ago", for a unix time. */
static char *
describe_age (gint64 then,
              gint64 now)
{
  gint64 age = MAX (now - then, 0);

  if (age < 60)
    return g_strdup (_("Synced just now"));
  if (age < 3600)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Synced %d minute ago", "Synced %d minutes ago",
                                         (gulong)(age / 60)), (int)(age / 60));
  if (age < 86400)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Synced %d hour ago", "Synced %d hours ago",
                                         (gulong)(age / 3600)), (int)(age / 3600));
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Synced %d day ago", "Synced %d days ago",
                                       (gulong)(age / 86400)), (int)(age / 86400));
}

/**
 * mnr_sync_indicator_describe:
 * @now: unix time
 *
 * Returns: (transfer full): the controller's state in one line of words,
 *   as the indicator's tooltip and accessible label say it
 */
char *
mnr_sync_indicator_describe (MnrSyncController *controller,
                             gint64             now)
{
  guint pending, conflicts;
  const char *error;
  gint64 last;

  g_return_val_if_fail (MNR_IS_SYNC_CONTROLLER (controller), NULL);

  if (!mnr_sync_controller_is_set_up (controller))
    return g_strdup (_("Sync is not set up"));

  pending = mnr_sync_controller_get_pending (controller);
  conflicts = mnr_sync_controller_get_conflicts (controller);
  error = mnr_sync_controller_get_last_error (controller);
  last = mnr_sync_controller_get_last_success (controller);

  switch (mnr_sync_controller_get_state (controller))
    {
    case MNR_SYNC_STATE_SYNCING:
      {
        MnrSyncPhase phase;
        guint done, total;

        if (!mnr_sync_controller_get_progress (controller, &phase, &done, &total) || (done == 0 && total == 0))
          return g_strdup (_("Syncing…"));

        switch (phase)
          {
          case MNR_SYNC_PHASE_SENDING:
            /* Translators: the sync indicator while a sync sends changes, as "Syncing… 1,200 of 66,965 changes sent" */
            return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Syncing… %'u of %'u change sent",
                                                 "Syncing… %'u of %'u changes sent", total), done, total);
          case MNR_SYNC_PHASE_FILES:
            /* Translators: the sync indicator while a sync downloads attached files */
            return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Syncing… %'u of %'u file received",
                                                 "Syncing… %'u of %'u files received", total), done, total);
          case MNR_SYNC_PHASE_RECEIVING:
          default:
            /* Translators: the sync indicator while a sync receives changes, as "Syncing… 3,000 changes received" */
            return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Syncing… %'u change received",
                                                 "Syncing… %'u changes received", done), done);
          }
      }

    case MNR_SYNC_STATE_ERROR:
    case MNR_SYNC_STATE_OFFLINE:
      /* Translators: %s is why, e.g. "The sync server could not be reached." */
      return g_strdup_printf (_("Not synced: %s"), error != NULL ? error : _("unknown error"));

    case MNR_SYNC_STATE_IDLE:
    default:
      break;
    }

  if (conflicts > 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u conflict to resolve", "%u conflicts to resolve",
                                         conflicts), conflicts);
  if (pending > 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u change waiting to be sent",
                                         "%u changes waiting to be sent", pending), pending);
  if (last > 0)
    return describe_age (last, now);

  return g_strdup (_("Not synced yet"));
}

static const char *
choose_icon (MnrSyncController *controller)
{
  if (!mnr_sync_controller_is_set_up (controller))
    return "network-offline-symbolic";

  switch (mnr_sync_controller_get_state (controller))
    {
    case MNR_SYNC_STATE_SYNCING:
      return "emblem-synchronizing-symbolic";

    case MNR_SYNC_STATE_OFFLINE:
      return "network-offline-symbolic";

    case MNR_SYNC_STATE_ERROR:
      return "dialog-warning-symbolic";

    case MNR_SYNC_STATE_IDLE:
    default:
      break;
    }

  if (mnr_sync_controller_get_conflicts (controller) > 0 || mnr_sync_controller_get_refused (controller) != NULL)
    return "dialog-warning-symbolic";
  if (mnr_sync_controller_get_pending (controller) > 0 ||
      mnr_sync_controller_get_last_success (controller) == 0)
    return "emblem-synchronizing-symbolic";

  return "emblem-ok-symbolic";
}

static void
update (MnrSyncIndicator *self)
{
  MnrSyncController *controller = self->controller;
  g_autoptr(GString) details = g_string_new (NULL);
  gboolean set_up = mnr_sync_controller_is_set_up (controller);
  MnrSyncState state = mnr_sync_controller_get_state (controller);
  guint pending = mnr_sync_controller_get_pending (controller);
  guint conflicts = mnr_sync_controller_get_conflicts (controller);
  gint64 last = mnr_sync_controller_get_last_success (controller);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_free (self->description);
  self->description = mnr_sync_indicator_describe (controller, now);
  self->icon_name = choose_icon (controller);

  g_clear_pointer (&self->short_text, g_free);
  if (set_up && conflicts > 0)
    /* Translators: a short label in the header bar */
    self->short_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u conflict", "%u conflicts", conflicts),
                                        conflicts);
  else if (set_up && pending > 0)
    /* Translators: a short label in the header bar, changes not yet sent */
    self->short_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u pending", "%u pending", pending),
                                        pending);

  gtk_image_set_from_icon_name (self->icon, self->icon_name);
  gtk_label_set_label (self->short_label, self->short_text != NULL ? self->short_text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->short_label), self->short_text != NULL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), self->description);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->description,
                                  -1);

  /* The popover: the headline, then the other lines that apply. */
  gtk_label_set_label (self->title_label, self->description);
  if (set_up)
    {
      if (conflicts > 0 && state != MNR_SYNC_STATE_IDLE)
        {
          g_autofree char *line = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u conflict to resolve",
                                                                "%u conflicts to resolve", conflicts), conflicts);
          g_string_append_printf (details, "%s\n", line);
        }
      if (pending > 0 && (state != MNR_SYNC_STATE_IDLE || conflicts > 0))
        {
          g_autofree char *line = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u change waiting to be sent",
                                                                "%u changes waiting to be sent", pending), pending);
          g_string_append_printf (details, "%s\n", line);
        }
      if (last > 0 && (state != MNR_SYNC_STATE_IDLE || pending > 0 || conflicts > 0))
        {
          g_autofree char *line = describe_age (last, now);
          g_string_append_printf (details, "%s\n", line);
        }
      if (mnr_sync_controller_get_refused (controller) != NULL && state != MNR_SYNC_STATE_SYNCING)
        g_string_append_printf (details, "%s\n", mnr_sync_controller_get_refused (controller));
    }
  else
    g_string_append (details, _("Share your assessments with your team through a sync server."));

  if (details->len > 0 && details->str[details->len - 1] == '\n')
    g_string_truncate (details, details->len - 1);
  gtk_label_set_label (self->details_label, details->str);
  gtk_widget_set_visible (GTK_WIDGET (self->details_label), details->len > 0);

  gtk_widget_set_visible (GTK_WIDGET (self->sync_button), set_up);
  gtk_widget_set_sensitive (GTK_WIDGET (self->sync_button), state != MNR_SYNC_STATE_SYNCING);
  gtk_widget_set_visible (GTK_WIDGET (self->setup_button), !set_up);
  gtk_widget_set_visible (GTK_WIDGET (self->conflicts_button), conflicts > 0);
}

static gboolean
tick_cb (gpointer user_data)
{
  update (MNR_SYNC_INDICATOR (user_data));
  return G_SOURCE_CONTINUE;
}

static void
on_settings_changed_cb (MnrSyncIndicator *self,
                        const char       *key)
{
  if (g_str_equal (key, "sync-endpoint"))
    update (self);
}

static void
sync_now_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  MnrSyncIndicator *self = MNR_SYNC_INDICATOR (widget);

  gtk_menu_button_popdown (self->button);
  mnr_sync_controller_sync_now (self->controller);
}

static void
set_up_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  MnrSyncIndicator *self = MNR_SYNC_INDICATOR (widget);

  gtk_menu_button_popdown (self->button);
  gtk_widget_activate_action (widget, "app.preferences", NULL);
}

static void
review_conflicts_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  MnrSyncIndicator *self = MNR_SYNC_INDICATOR (widget);

  gtk_menu_button_popdown (self->button);
  gtk_widget_activate_action (widget, "win.review-conflicts", NULL);
}

static void
mnr_sync_indicator_constructed (GObject *object)
{
  MnrSyncIndicator *self = (MnrSyncIndicator *)object;
  static const char * const notified[] = {
    "notify::state", "notify::pending", "notify::conflicts", "notify::last-success", "notify::last-error",
    "notify::refused", "notify::progress",
  };

  G_OBJECT_CLASS (mnr_sync_indicator_parent_class)->constructed (object);

  g_return_if_fail (MNR_IS_SYNC_CONTROLLER (self->controller));

  for (guint i = 0; i < G_N_ELEMENTS (notified); i++)
    g_signal_connect_object (self->controller, notified[i], G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (mnr_sync_controller_get_settings (self->controller), "changed",
                           G_CALLBACK (on_settings_changed_cb), self, G_CONNECT_SWAPPED);

  /* "Synced 4 minutes ago" ages. */
  self->tick_id = g_timeout_add_seconds (60, tick_cb, self);
  update (self);
}

static void
mnr_sync_indicator_dispose (GObject *object)
{
  MnrSyncIndicator *self = (MnrSyncIndicator *)object;

  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_pointer ((GtkWidget **)&self->button, gtk_widget_unparent);

  G_OBJECT_CLASS (mnr_sync_indicator_parent_class)->dispose (object);
}

static void
mnr_sync_indicator_finalize (GObject *object)
{
  MnrSyncIndicator *self = (MnrSyncIndicator *)object;

  g_clear_object (&self->controller);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->short_text, g_free);

  G_OBJECT_CLASS (mnr_sync_indicator_parent_class)->finalize (object);
}

static void
mnr_sync_indicator_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  MnrSyncIndicator *self = MNR_SYNC_INDICATOR (object);

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
mnr_sync_indicator_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  MnrSyncIndicator *self = MNR_SYNC_INDICATOR (object);

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
mnr_sync_indicator_class_init (MnrSyncIndicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = mnr_sync_indicator_constructed;
  object_class->dispose = mnr_sync_indicator_dispose;
  object_class->finalize = mnr_sync_indicator_finalize;
  object_class->get_property = mnr_sync_indicator_get_property;
  object_class->set_property = mnr_sync_indicator_set_property;

  properties[PROP_CONTROLLER] =
    g_param_spec_object ("controller", NULL, NULL, MNR_TYPE_SYNC_CONTROLLER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "mnr-sync-indicator");
  gtk_widget_class_install_action (widget_class, "sync-indicator.sync-now", NULL, sync_now_action);
  gtk_widget_class_install_action (widget_class, "sync-indicator.set-up", NULL, set_up_action);
  gtk_widget_class_install_action (widget_class, "sync-indicator.review-conflicts", NULL, review_conflicts_action);
}

static void
mnr_sync_indicator_init (MnrSyncIndicator *self)
{
  GtkWidget *content, *box, *popover;

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  self->icon = GTK_IMAGE (gtk_image_new ());
  self->short_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->icon));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->short_label));

  content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_margin_top (content, 6);
  gtk_widget_set_margin_bottom (content, 6);
  gtk_widget_set_margin_start (content, 6);
  gtk_widget_set_margin_end (content, 6);
  self->title_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->title_label, TRUE);
  gtk_label_set_max_width_chars (self->title_label, 36);
  gtk_label_set_xalign (self->title_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->title_label), "heading");
  self->details_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->details_label, TRUE);
  gtk_label_set_max_width_chars (self->details_label, 36);
  gtk_label_set_xalign (self->details_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->details_label), "dim-label");
  self->sync_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Sync Now")));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->sync_button), "sync-indicator.sync-now");
  gtk_widget_add_css_class (GTK_WIDGET (self->sync_button), "suggested-action");
  self->setup_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_("Set _Up…")));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->setup_button), "sync-indicator.set-up");
  gtk_widget_add_css_class (GTK_WIDGET (self->setup_button), "suggested-action");
  self->conflicts_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Review Conflicts…")));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->conflicts_button), "sync-indicator.review-conflicts");
  gtk_widget_set_visible (GTK_WIDGET (self->conflicts_button), FALSE);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->title_label));
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->details_label));
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->conflicts_button));
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->sync_button));
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->setup_button));

  popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (popover), content);

  self->button = GTK_MENU_BUTTON (gtk_menu_button_new ());
  gtk_menu_button_set_child (self->button, box);
  gtk_menu_button_set_popover (self->button, popover);
  gtk_widget_set_parent (GTK_WIDGET (self->button), GTK_WIDGET (self));
}

GtkWidget *
mnr_sync_indicator_new (MnrSyncController *controller)
{
  g_return_val_if_fail (MNR_IS_SYNC_CONTROLLER (controller), NULL);

  return g_object_new (MNR_TYPE_SYNC_INDICATOR, "controller", controller, NULL);
}

MnrSyncController *
mnr_sync_indicator_get_controller (MnrSyncIndicator *self)
{
  g_return_val_if_fail (MNR_IS_SYNC_INDICATOR (self), NULL);
  return self->controller;
}

/**
 * mnr_sync_indicator_get_description:
 *
 * The state in words: the tooltip and accessible label.
 */
const char *
mnr_sync_indicator_get_description (MnrSyncIndicator *self)
{
  g_return_val_if_fail (MNR_IS_SYNC_INDICATOR (self), NULL);
  return self->description;
}

const char *
mnr_sync_indicator_get_icon_name (MnrSyncIndicator *self)
{
  g_return_val_if_fail (MNR_IS_SYNC_INDICATOR (self), NULL);
  return self->icon_name;
}

/* The popover's lines under its headline, for tests. */
const char *
mnr_sync_indicator_get_details (MnrSyncIndicator *self)
{
  g_return_val_if_fail (MNR_IS_SYNC_INDICATOR (self), NULL);

  return gtk_label_get_label (self->details_label);
}

/**
 * mnr_sync_indicator_get_short_label:
 *
 * Returns: (nullable): the count shown next to the icon, e.g. "3 pending"
 */
const char *
mnr_sync_indicator_get_short_label (MnrSyncIndicator *self)
{
  g_return_val_if_fail (MNR_IS_SYNC_INDICATOR (self), NULL);
  return self->short_text;
}
