/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-round-dialog"

#include "config.h"

#include "mnr-entry-row.h"
#include "mnr-gui-resources.h"

#include <glib/gi18n.h>

#include "mnr-round-dialog-private.h"

/* "New Assessment Round": a name and a date, checked as they are typed.
 * The workspace copies the latest round's levels and rationales into the
 * new one and shows it; a failure stays in the dialog as a toast. */

struct _MnrRoundDialog
{
  AdwWindow        parent_instance;

  /* template widgets */
  AdwToastOverlay *toast_overlay;
  AdwEntryRow     *name_row;
  AdwEntryRow     *date_row;
  GtkLabel        *date_hint;
  GtkWidget       *create_button;

  /* owned */
  MnrWorkspace    *workspace;
};

G_DEFINE_FINAL_TYPE (MnrRoundDialog, mnr_round_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_WORKSPACE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CREATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Whether @text is a real calendar date written YYYY-MM-DD. */
static gboolean
is_valid_date (const char *text)
{
  guint64 year, month, day;

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;

  for (guint i = 0; i < 10; i++)
    {
      if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
        return FALSE;
    }

  year = g_ascii_strtoull (text, NULL, 10);
  month = g_ascii_strtoull (text + 5, NULL, 10);
  day = g_ascii_strtoull (text + 8, NULL, 10);

  return g_date_valid_dmy ((GDateDay)day, (GDateMonth)month, (GDateYear)year);
}

static gboolean
name_is_valid (MnrRoundDialog *self)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));

  return name[0] != '\0';
}

static void
set_error (GtkWidget *widget,
           gboolean   error)
{
  if (error)
    gtk_widget_add_css_class (widget, "error");
  else
    gtk_widget_remove_css_class (widget, "error");
}

static void
validate (MnrRoundDialog *self)
{
  gboolean name_ok = name_is_valid (self);
  gboolean date_ok = is_valid_date (gtk_editable_get_text (GTK_EDITABLE (self->date_row)));

  set_error (GTK_WIDGET (self->name_row), !name_ok);
  set_error (GTK_WIDGET (self->date_row), !date_ok);
  set_error (GTK_WIDGET (self->date_hint), !date_ok);

  gtk_label_set_label (self->date_hint,
                       date_ok
                       ? _("Written as year-month-day, such as 2018-06-01.")
                       : _("Not a real date: write it as year-month-day, such as 2018-06-01."));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->date_row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, gtk_label_get_label (self->date_hint),
                                  -1);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->date_row),
                               GTK_ACCESSIBLE_STATE_INVALID,
                               date_ok ? GTK_ACCESSIBLE_INVALID_FALSE : GTK_ACCESSIBLE_INVALID_TRUE,
                               -1);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->name_row),
                               GTK_ACCESSIBLE_STATE_INVALID,
                               name_ok ? GTK_ACCESSIBLE_INVALID_FALSE : GTK_ACCESSIBLE_INVALID_TRUE,
                               -1);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "round-dialog.create", name_ok && date_ok);
}

static void
on_entry_changed_cb (MnrRoundDialog *self,
                     GtkEditable    *editable)
{
  validate (self);
}

static void
create_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  MnrRoundDialog *self = MNR_ROUND_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *round_id = NULL;
  const char *date;
  MnrRound *round;

  validate (self);
  if (!name_is_valid (self) || !is_valid_date (gtk_editable_get_text (GTK_EDITABLE (self->date_row))))
    return;

  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  date = gtk_editable_get_text (GTK_EDITABLE (self->date_row));

  round = mnr_workspace_new_round (self->workspace, name, date, &error);
  if (round == NULL)
    {
      AdwToast *toast;
      g_autofree char *title = NULL;

      /* Translators: why the round could not be created */
      title = g_strdup_printf (_("Could not create the round: %s"), error->message);
      toast = adw_toast_new (title);
      adw_toast_set_timeout (toast, 0);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
      return;
    }

  /* The workspace may reload its rounds when it hears of this one. */
  round_id = g_strdup (round->id);

  g_object_ref (self);
  g_signal_emit (self, signals[CREATED], 0, round_id);
  gtk_window_close (GTK_WINDOW (self));
  g_object_unref (self);
}

static void
mnr_round_dialog_constructed (GObject *object)
{
  MnrRoundDialog *self = (MnrRoundDialog *)object;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *name = NULL;
  g_autofree char *date = NULL;

  G_OBJECT_CLASS (mnr_round_dialog_parent_class)->constructed (object);

  g_return_if_fail (MNR_IS_WORKSPACE (self->workspace));

  /* Translators: the suggested name of a new round, with the year */
  name = g_strdup_printf (_("Review %d"), g_date_time_get_year (now));
  date = g_date_time_format (now, "%Y-%m-%d");

  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name);
  gtk_editable_set_text (GTK_EDITABLE (self->date_row), date);
  validate (self);

  /* The keyboard starts in the name (it started on Cancel, where typing
   * went nowhere and Return cancelled). */
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}

static void
mnr_round_dialog_dispose (GObject *object)
{
  MnrRoundDialog *self = (MnrRoundDialog *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), MNR_TYPE_ROUND_DIALOG);

  G_OBJECT_CLASS (mnr_round_dialog_parent_class)->dispose (object);
}

static void
mnr_round_dialog_finalize (GObject *object)
{
  MnrRoundDialog *self = (MnrRoundDialog *)object;

  g_clear_object (&self->workspace);

  G_OBJECT_CLASS (mnr_round_dialog_parent_class)->finalize (object);
}

static void
mnr_round_dialog_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  MnrRoundDialog *self = MNR_ROUND_DIALOG (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mnr_round_dialog_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  MnrRoundDialog *self = MNR_ROUND_DIALOG (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      self->workspace = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mnr_round_dialog_class_init (MnrRoundDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = mnr_round_dialog_constructed;
  object_class->dispose = mnr_round_dialog_dispose;
  object_class->finalize = mnr_round_dialog_finalize;
  object_class->get_property = mnr_round_dialog_get_property;
  object_class->set_property = mnr_round_dialog_set_property;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL,
                         MNR_TYPE_WORKSPACE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MnrRoundDialog::created:
   * @round_id: the new round, which the workspace now shows
   */
  signals[CREATED] =
    g_signal_new ("created",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  /* keeps the bundle (and its registration) in a static link */
  (void) mnr_gui_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/mnr-round-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, MnrRoundDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, MnrRoundDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, MnrRoundDialog, date_row);
  gtk_widget_class_bind_template_child (widget_class, MnrRoundDialog, date_hint);
  gtk_widget_class_bind_template_child (widget_class, MnrRoundDialog, create_button);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_changed_cb);

  gtk_widget_class_install_action (widget_class, "round-dialog.create", NULL, create_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
mnr_round_dialog_init (MnrRoundDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  mnr_entry_row_expose_focus (self->name_row);
  mnr_entry_row_expose_focus (self->date_row);
}

/**
 * mnr_round_dialog_new:
 * @parent: (nullable): the window it belongs to
 * @workspace: whose country gets the round
 */
GtkWidget *
mnr_round_dialog_new (GtkWindow    *parent,
                      MnrWorkspace *workspace)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (MNR_IS_WORKSPACE (workspace), NULL);

  return g_object_new (MNR_TYPE_ROUND_DIALOG,
                       "transient-for", parent,
                       "workspace", workspace,
                       NULL);
}

void
mnr_round_dialog_set_name_text (MnrRoundDialog *self,
                                const char     *text)
{
  g_return_if_fail (MNR_IS_ROUND_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->name_row), text);
}

void
mnr_round_dialog_set_date_text (MnrRoundDialog *self,
                                const char     *text)
{
  g_return_if_fail (MNR_IS_ROUND_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->date_row), text);
}

gboolean
mnr_round_dialog_get_create_sensitive (MnrRoundDialog *self)
{
  g_return_val_if_fail (MNR_IS_ROUND_DIALOG (self), FALSE);

  return gtk_widget_is_sensitive (self->create_button);
}

gboolean
mnr_round_dialog_get_date_error (MnrRoundDialog *self)
{
  g_return_val_if_fail (MNR_IS_ROUND_DIALOG (self), FALSE);

  return gtk_widget_has_css_class (GTK_WIDGET (self->date_row), "error");
}

/* Clicks Create, if it can be clicked. */
void
mnr_round_dialog_activate_create (MnrRoundDialog *self)
{
  g_return_if_fail (MNR_IS_ROUND_DIALOG (self));

  if (gtk_widget_is_sensitive (self->create_button))
    g_signal_emit_by_name (self->create_button, "clicked");
}
