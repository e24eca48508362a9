/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-round-switcher"

#include "config.h"

#include "mnr-gui-resources.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "mnr-format.h"
#include "mnr-round-dialog.h"
#include "mnr-round-switcher.h"
#include "mnr-share-dialog.h"
#include "mnr-tooltip.h"

/* The header bar's round button: "Review 2018", and a popover listing the
 * country's assessment rounds, latest first, the current one checked, each
 * with its date and whom it is shared with; "New Round…", "Share Round…",
 * "Rename Round…" and "Delete Round…" at the bottom. A deleted round comes
 * back with the Undo of the toast it emits. */

struct _MnrRoundSwitcher
{
  GtkWidget       parent_instance;

  /* template widgets */
  GtkMenuButton  *menu_button;
  GtkPopover     *popover;
  GtkListBox     *round_list;

  /* owned */
  MnrWorkspace      *workspace;
  MnrCountryCatalog *catalog;    /* nullable */
  GtkStringList     *round_ids;
  gboolean           rows_bound;  /* the list box has its model */
};

G_DEFINE_FINAL_TYPE (MnrRoundSwitcher, mnr_round_switcher, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_WORKSPACE,
  PROP_CATALOG,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  ERROR,
  TOAST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static MnrRound *
lookup_round (MnrRoundSwitcher *self,
              const char       *round_id)
{
  GPtrArray *rounds = mnr_workspace_get_rounds (self->workspace);

  for (guint i = 0; rounds != NULL && i < rounds->len; i++)
    {
      MnrRound *round = g_ptr_array_index (rounds, i);

      if (g_strcmp0 (round->id, round_id) == 0)
        return round;
    }

  return NULL;
}

static GtkWidget *
create_round_row (gpointer item,
                  gpointer user_data)
{
  MnrRoundSwitcher *self = user_data;
  const char *round_id = gtk_string_object_get_string (GTK_STRING_OBJECT (item));
  MnrRound *round = lookup_round (self, round_id);
  gboolean current = g_strcmp0 (round_id, mnr_workspace_get_round_id (self->workspace)) == 0;
  g_autofree char *date = mnr_format_day (round != NULL ? round->date : NULL);
  g_auto(GStrv) shares = mnr_store_list_round_shares (mnr_workspace_get_store (self->workspace), round_id, NULL);
  g_autofree char *sharing = mnr_share_dialog_describe (self->catalog, mnr_workspace_get_store (self->workspace),
                                                        (const char * const *) shares);
  g_autofree char *details = NULL;
  g_autofree char *accessible = NULL;
  const char *name = round != NULL ? round->name : round_id;
  GtkWidget *row, *box, *labels, *check, *name_label, *date_label;

  check = g_object_new (GTK_TYPE_IMAGE,
                        "icon-name", "object-select-symbolic",
                        "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                        "opacity", current ? 1.0 : 0.0,
                        NULL);
  name_label = g_object_new (GTK_TYPE_LABEL,
                             "label", name,
                             "xalign", 0.0f,
                             "ellipsize", PANGO_ELLIPSIZE_END,
                             NULL);
  /* Translators: under a round's name: its date, and whom it is shared
   * with: "1 June 2018 · Shared with ASEAN" */
  details = g_strdup_printf (_("%s · %s"), date, sharing);
  date_label = g_object_new (GTK_TYPE_LABEL,
                             "label", details,
                             "xalign", 0.0f,
                             "wrap", TRUE,
                             NULL);
  gtk_widget_add_css_class (date_label, "caption");
  gtk_widget_add_css_class (date_label, "dim-label");

  labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_hexpand (labels, TRUE);
  gtk_box_append (GTK_BOX (labels), name_label);
  gtk_box_append (GTK_BOX (labels), date_label);

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 9);
  gtk_box_append (GTK_BOX (box), labels);
  gtk_box_append (GTK_BOX (box), check);

  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), "round-id", g_strdup (round_id), g_free);

  if (current)
    /* Translators: a round in the list, read by screen readers: its name,
     * its date, and that it is the one shown */
    accessible = g_strdup_printf (_("%s, %s, %s, current round"), name, date, sharing);
  else
    /* Translators: a round in the list, read by screen readers: its name,
     * its date and whom it is shared with */
    accessible = g_strdup_printf (C_("round row", "%s, %s, %s"), name, date, sharing);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);

  return row;
}

static void
reload (MnrRoundSwitcher *self)
{
  GPtrArray *rounds = mnr_workspace_get_rounds (self->workspace);
  MnrRound *current = mnr_workspace_get_round (self->workspace);
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  g_autofree char *accessible = NULL;

  if (mnr_workspace_get_country (self->workspace) != NULL)
    {
      for (guint i = 0; rounds != NULL && i < rounds->len; i++)
        g_ptr_array_add (ids, ((MnrRound *)g_ptr_array_index (rounds, i))->id);
    }
  g_ptr_array_add (ids, NULL);

  /* Every row again: the check mark moves with the current round. */
  gtk_string_list_splice (self->round_ids, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->round_ids)),
                          (const char * const *)ids->pdata);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "round-switcher.rename-round", current != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "round-switcher.share-round", current != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "round-switcher.delete-round", current != NULL);

  if (mnr_workspace_get_country (self->workspace) != NULL && current == NULL)
    {
      /* Nothing rated yet: the first rating makes the round, or the
       * popover's New Round. */
      gtk_menu_button_set_label (self->menu_button, _("No Round Yet"));
      gtk_widget_set_sensitive (GTK_WIDGET (self->menu_button), TRUE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->menu_button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Assessment round: none yet; the first rating starts one"),
                                      -1);
      return;
    }

  if (mnr_workspace_get_country (self->workspace) == NULL)
    {
      gtk_popover_popdown (self->popover);
      gtk_menu_button_set_label (self->menu_button, _("No Round"));
      gtk_widget_set_sensitive (GTK_WIDGET (self->menu_button), FALSE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->menu_button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Assessment round: none"),
                                      -1);
      return;
    }

  /* Translators: the accessible name of the round button */
  accessible = g_strdup_printf (_("Assessment round: %s"), current->name);
  gtk_menu_button_set_label (self->menu_button, current->name);
  gtk_widget_set_sensitive (GTK_WIDGET (self->menu_button), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->menu_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

static void
on_workspace_changed_cb (MnrRoundSwitcher *self)
{
  g_assert (MNR_IS_ROUND_SWITCHER (self));

  reload (self);
}

static void
on_row_activated_cb (MnrRoundSwitcher *self,
                     GtkListBoxRow    *row,
                     GtkListBox       *list_box)
{
  const char *round_id = g_object_get_data (G_OBJECT (row), "round-id");

  if (round_id != NULL)
    mnr_round_switcher_select (self, round_id);
}

static void
on_round_created_cb (MnrRoundSwitcher *self,
                     const char       *round_id,
                     MnrRoundDialog   *dialog)
{
  /* The workspace shows the new round already; make sure the list has it. */
  reload (self);
}

static void
new_round_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  MnrRoundSwitcher *self = MNR_ROUND_SWITCHER (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;

  gtk_popover_popdown (self->popover);

  dialog = mnr_round_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->workspace);
  g_signal_connect_object (dialog, "created",
                           G_CALLBACK (on_round_created_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_share_response_cb (MnrRoundSwitcher *self,
                      const char       *response,
                      AdwMessageDialog *dialog)
{
  if (!g_str_equal (response, "save"))
    return;

  /* The store's change reaches the workspace; the rows say it at once. */
  reload (self);
  g_signal_emit (self, signals[TOAST], 0, adw_toast_new (_("Sharing saved; the server has it after the next sync")));
}

static void
share_round_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  MnrRoundSwitcher *self = MNR_ROUND_SWITCHER (widget);
  MnrRound *round = mnr_workspace_get_round (self->workspace);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;

  if (round == NULL)
    return;

  gtk_popover_popdown (self->popover);
  dialog = mnr_share_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                 self->workspace, self->catalog, round->id);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_share_response_cb), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void emit_failure (MnrRoundSwitcher *self,
                          const char       *format,
                          ...) G_GNUC_PRINTF (2, 3);

static void
emit_failure (MnrRoundSwitcher *self,
              const char       *format,
              ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_signal_emit (self, signals[ERROR], 0, message);
}

/* --- renaming -------------------------------------------------------- */

static void
on_rename_text_changed_cb (GtkEditable      *entry,
                           AdwMessageDialog *dialog)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "rename", name[0] != '\0');
}

static void
on_rename_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       MnrRoundSwitcher *self)
{
  const char *round_id = g_object_get_data (G_OBJECT (dialog), "round-id");
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "rename"))
    return;

  if (!mnr_workspace_rename_round (self->workspace, round_id, gtk_editable_get_text (entry), &error))
    /* Translators: why a round could not be renamed */
    emit_failure (self, _("Could not rename the round: %s"), error->message);
}

static void
rename_round_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  MnrRoundSwitcher *self = MNR_ROUND_SWITCHER (widget);
  MnrRound *round = mnr_workspace_get_round (self->workspace);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog, *entry;

  if (round == NULL)
    return;

  gtk_popover_popdown (self->popover);

  entry = g_object_new (GTK_TYPE_ENTRY,
                        "text", round->name,
                        "max-length", 200,
                        "activates-default", TRUE,
                        NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Round name"),
                                  -1);

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Rename Round"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("The round keeps its date and its ratings."));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "rename", _("_Rename"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "rename", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "rename");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "round-id", g_strdup (round->id), g_free);

  g_signal_connect (entry, "changed", G_CALLBACK (on_rename_text_changed_cb), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_rename_response_cb), self, 0);

  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

/* --- deleting, and undoing it ---------------------------------------- */

static void
on_undo_delete_cb (AdwToast         *toast,
                   MnrRoundSwitcher *self)
{
  const char *round_id = g_object_get_data (G_OBJECT (toast), "round-id");
  g_autoptr(GError) error = NULL;

  if (!mnr_workspace_restore_round (self->workspace, round_id, &error))
    /* Translators: why a deleted round could not be brought back */
    emit_failure (self, _("Could not restore the round: %s"), error->message);
}

static void
delete_round (MnrRoundSwitcher *self,
              const char       *round_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AdwToast) toast = NULL;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *id = NULL;
  MnrRound *round = lookup_round (self, round_id);

  if (round == NULL)
    return;
  /* round_id may be round->id: the workspace frees it as it reloads. */
  id = g_strdup (round_id);
  name = g_strdup (round->name);

  if (!mnr_workspace_remove_round (self->workspace, id, &error))
    {
      /* Translators: why a round could not be deleted */
      emit_failure (self, _("Could not delete the round: %s"), error->message);
      return;
    }

  escaped = g_markup_escape_text (name, -1);
  /* Translators: a toast after a round was deleted, with an Undo button */
  title = g_strdup_printf (_("“%s” deleted"), escaped);
  toast = g_object_ref_sink (adw_toast_new (title));
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_timeout (toast, 10);
  g_object_set_data_full (G_OBJECT (toast), "round-id", g_steal_pointer (&id), g_free);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_undo_delete_cb), self, 0);
  g_signal_emit (self, signals[TOAST], 0, toast);
}

static void
on_delete_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       MnrRoundSwitcher *self)
{
  if (g_str_equal (response, "delete"))
    delete_round (self, g_object_get_data (G_OBJECT (dialog), "round-id"));
}

static void
delete_round_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  MnrRoundSwitcher *self = MNR_ROUND_SWITCHER (widget);
  MnrRound *round = mnr_workspace_get_round (self->workspace);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;
  gint ratings;

  if (round == NULL)
    return;

  gtk_popover_popdown (self->popover);

  ratings = mnr_workspace_count_round_ratings (self->workspace, round->id, &error);
  if (ratings < 0)
    {
      emit_failure (self, _("Could not delete the round: %s"), error->message);
      return;
    }

  /* A round that rates nothing goes at once, with Undo in the toast. */
  if (ratings == 0)
    {
      delete_round (self, round->id);
      return;
    }

  /* Translators: the heading of the dialog that confirms deleting a round */
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Delete Round?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  g_dngettext (GETTEXT_PACKAGE,
                                               "“%s” and its %d rating will be deleted, here and, at the next sync, on the server. Its evidence stays.",
                                               "“%s” and its %d ratings will be deleted, here and, at the next sync, on the server. Its evidence stays.",
                                               ratings),
                                  round->name, ratings);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "round-id", g_strdup (round->id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_delete_response_cb), self, 0);

  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_popover_show_cb (MnrRoundSwitcher *self)
{
  if (self->rows_bound)
    return;

  self->rows_bound = TRUE;
  gtk_list_box_bind_model (self->round_list, G_LIST_MODEL (self->round_ids),
                           create_round_row, self, NULL);
}

static void
mnr_round_switcher_constructed (GObject *object)
{
  MnrRoundSwitcher *self = (MnrRoundSwitcher *)object;

  G_OBJECT_CLASS (mnr_round_switcher_parent_class)->constructed (object);

  g_return_if_fail (MNR_IS_WORKSPACE (self->workspace));

  /* The rows are made when the popover first opens (on_popover_show_cb ()):
   * each asks the store whom its round is shared with, and none shows in
   * the first frame. */
  g_signal_connect_object (self->workspace, "changed",
                           G_CALLBACK (on_workspace_changed_cb), self,
                           G_CONNECT_SWAPPED);
  reload (self);
}

static void
mnr_round_switcher_dispose (GObject *object)
{
  MnrRoundSwitcher *self = (MnrRoundSwitcher *)object;

  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_data (self->workspace, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), MNR_TYPE_ROUND_SWITCHER);

  G_OBJECT_CLASS (mnr_round_switcher_parent_class)->dispose (object);
}

static void
mnr_round_switcher_finalize (GObject *object)
{
  MnrRoundSwitcher *self = (MnrRoundSwitcher *)object;

  g_clear_object (&self->round_ids);
  g_clear_object (&self->workspace);
  g_clear_object (&self->catalog);

  G_OBJECT_CLASS (mnr_round_switcher_parent_class)->finalize (object);
}

static void
mnr_round_switcher_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  MnrRoundSwitcher *self = MNR_ROUND_SWITCHER (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;

    case PROP_CATALOG:
      g_value_set_object (value, self->catalog);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mnr_round_switcher_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  MnrRoundSwitcher *self = MNR_ROUND_SWITCHER (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      self->workspace = g_value_dup_object (value);
      break;

    case PROP_CATALOG:
      self->catalog = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mnr_round_switcher_class_init (MnrRoundSwitcherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = mnr_round_switcher_constructed;
  object_class->dispose = mnr_round_switcher_dispose;
  object_class->finalize = mnr_round_switcher_finalize;
  object_class->get_property = mnr_round_switcher_get_property;
  object_class->set_property = mnr_round_switcher_set_property;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL,
                         MNR_TYPE_WORKSPACE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /* The bundled groups a round can be shared with, and country names. */
  properties[PROP_CATALOG] =
    g_param_spec_object ("catalog", NULL, NULL,
                         MNR_TYPE_COUNTRY_CATALOG,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MnrRoundSwitcher::error:
   * @message: what went wrong, for a toast
   */
  signals[ERROR] =
    g_signal_new ("error",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * MnrRoundSwitcher::toast:
   * @toast: a toast to show, as the Undo of a deleted round
   */
  signals[TOAST] =
    g_signal_new ("toast",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, ADW_TYPE_TOAST);

  /* keeps the bundle (and its registration) in a static link */
  (void) mnr_gui_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/mnr-round-switcher.ui");
  gtk_widget_class_bind_template_child (widget_class, MnrRoundSwitcher, menu_button);
  gtk_widget_class_bind_template_child (widget_class, MnrRoundSwitcher, popover);
  gtk_widget_class_bind_template_child (widget_class, MnrRoundSwitcher, round_list);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated_cb);

  gtk_widget_class_install_action (widget_class, "round-switcher.new-round", NULL, new_round_action);
  gtk_widget_class_install_action (widget_class, "round-switcher.share-round", NULL, share_round_action);
  gtk_widget_class_install_action (widget_class, "round-switcher.rename-round", NULL, rename_round_action);
  gtk_widget_class_install_action (widget_class, "round-switcher.delete-round", NULL, delete_round_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "mnrroundswitcher");
}

static void
mnr_round_switcher_init (MnrRoundSwitcher *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Not in the template: set there, a tooltip asks the X server where the
   * pointer is (mnr-tooltip.c). */
  mnr_tooltip_set_text (GTK_WIDGET (self->menu_button), _("Assessment Round"));

  self->round_ids = gtk_string_list_new (NULL);
  g_signal_connect_object (self->popover, "show", G_CALLBACK (on_popover_show_cb), self, G_CONNECT_SWAPPED);
}

GtkWidget *
mnr_round_switcher_new (MnrWorkspace      *workspace,
                        MnrCountryCatalog *catalog)
{
  g_return_val_if_fail (MNR_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (catalog == NULL || MNR_IS_COUNTRY_CATALOG (catalog), NULL);

  return g_object_new (MNR_TYPE_ROUND_SWITCHER,
                       "workspace", workspace,
                       "catalog", catalog,
                       NULL);
}

/**
 * mnr_round_switcher_get_workspace:
 *
 * Returns: (transfer none): the workspace whose round this switches
 */
MnrWorkspace *
mnr_round_switcher_get_workspace (MnrRoundSwitcher *self)
{
  g_return_val_if_fail (MNR_IS_ROUND_SWITCHER (self), NULL);

  return self->workspace;
}

void
mnr_round_switcher_popup (MnrRoundSwitcher *self)
{
  g_return_if_fail (MNR_IS_ROUND_SWITCHER (self));

  if (gtk_widget_get_sensitive (GTK_WIDGET (self->menu_button)))
    gtk_menu_button_popup (self->menu_button);
}

/**
 * mnr_round_switcher_select:
 * @round_id: one of the country's rounds
 *
 * Does what activating the round's row does: shows that round and closes
 * the popover. A failure is emitted as #MnrRoundSwitcher::error.
 */
void
mnr_round_switcher_select (MnrRoundSwitcher *self,
                           const char       *round_id)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (MNR_IS_ROUND_SWITCHER (self));
  g_return_if_fail (round_id != NULL);

  gtk_popover_popdown (self->popover);

  if (!mnr_workspace_set_round (self->workspace, round_id, &error))
    {
      g_autofree char *message = NULL;

      /* Translators: why another round could not be shown */
      message = g_strdup_printf (_("Could not open the round: %s"), error->message);
      g_signal_emit (self, signals[ERROR], 0, message);
    }
}

/**
 * mnr_round_switcher_get_rounds:
 *
 * Returns: (transfer none): the ids (#GtkStringObject) of the rounds the
 *   popover lists, latest first
 */
GListModel *
mnr_round_switcher_get_rounds (MnrRoundSwitcher *self)
{
  g_return_val_if_fail (MNR_IS_ROUND_SWITCHER (self), NULL);

  return G_LIST_MODEL (self->round_ids);
}
