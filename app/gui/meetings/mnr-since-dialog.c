/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-since-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "mnr-action-list.h"
#include "mnr-format.h"
#include "mnr-since-dialog.h"
#include "mnr-since-report.h"

/* "Since the Last Meeting" (Ctrl+L): the list beside the grid's marks of
 * what changed in the country since its committee last met: levels (from
 * what to what), evidence added or changed, action items done, and those
 * overdue. A level's or an evidence's row selects it in the main window
 * ("element-activated", "evidence-activated"); an action's row is read
 * only here. It follows the store. */

struct _MnrSinceDialog
{
  AdwWindow       parent_instance;

  MnrWorkspace   *workspace;   /* owned */
  MnrSinceReport *report;      /* nullable: no meeting yet */

  AdwWindowTitle *title;
  GtkWidget      *stack;
  GtkWidget      *page;
  GPtrArray      *groups;      /* AdwPreferencesGroup, borrowed */
  GPtrArray      *lines;       /* what is listed, as text, for tests */
};

G_DEFINE_FINAL_TYPE (MnrSinceDialog, mnr_since_dialog, ADW_TYPE_WINDOW)

enum {
  ELEMENT_ACTIVATED,
  EVIDENCE_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
element_label (MnrSinceDialog *self,
               const char     *element_id)
{
  MnrElement *element = mnr_framework_lookup (mnr_workspace_get_framework (self->workspace), element_id);

  return element != NULL ? mnr_element_dup_label (element) : g_strdup (element_id);
}

static const char *
level_name (MnrSinceDialog *self,
            const char     *level_id)
{
  MnrLevel *level = mnr_framework_lookup_level (mnr_workspace_get_framework (self->workspace), level_id);

  return level != NULL ? mnr_level_get_name (level) : level_id;
}

static void
on_row_activated_cb (MnrSinceDialog *self,
                     AdwActionRow   *row)
{
  const char *element_id = g_object_get_data (G_OBJECT (row), "mnr-element");
  MnrEvidence *evidence = g_object_get_data (G_OBJECT (row), "mnr-evidence");

  if (element_id != NULL)
    g_signal_emit (self, signals[ELEMENT_ACTIVATED], 0, element_id);
  else if (evidence != NULL)
    g_signal_emit (self, signals[EVIDENCE_ACTIVATED], 0, evidence);
}

static void
add_line (MnrSinceDialog *self,
          const char     *title,
          const char     *subtitle)
{
  g_ptr_array_add (self->lines, subtitle != NULL ? g_strdup_printf ("%s — %s", title, subtitle) : g_strdup (title));
}

static GtkWidget *
add_row (AdwPreferencesGroup *group,
         MnrSinceDialog      *self,
         const char          *title,
         const char          *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  add_line (self, title, subtitle);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_signal_connect_object (row, "activated", G_CALLBACK (on_row_activated_cb), self, G_CONNECT_SWAPPED);
  adw_preferences_group_add (group, row);
  return row;
}

static AdwPreferencesGroup *
add_group (MnrSinceDialog *self,
           const char     *title,
           guint           n,
           const char     *none)
{
  GtkWidget *group = adw_preferences_group_new ();
  g_autofree char *heading = g_strdup_printf ("%s (%u)", title, n);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), heading);
  add_line (self, heading, NULL);
  if (n == 0)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), none);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self->page), ADW_PREFERENCES_GROUP (group));
  g_ptr_array_add (self->groups, group);
  return ADW_PREFERENCES_GROUP (group);
}

static void
add_levels (MnrSinceDialog *self)
{
  AdwPreferencesGroup *group = add_group (self, _("Levels Changed"), self->report->levels->len,
                                          _("No level changed in the round shown."));

  for (guint i = 0; i < self->report->levels->len; i++)
    {
      const MnrLevelChange *change = self->report->levels->pdata[i];
      g_autofree char *label = element_label (self, change->element_id);
      g_autofree char *subtitle = change->before != NULL
        /* Translators: a level's change since the last meeting: before → now */
        ? g_strdup_printf (_("%s → %s"), level_name (self, change->before), level_name (self, change->after))
        /* Translators: a level set for the first time since the last meeting */
        : g_strdup_printf (_("First rated: %s"), level_name (self, change->after));
      GtkWidget *row = add_row (group, self, label, subtitle);

      g_object_set_data_full (G_OBJECT (row), "mnr-element", g_strdup (change->element_id), g_free);
    }
}

static void
add_evidence (MnrSinceDialog *self)
{
  AdwPreferencesGroup *group = add_group (self, _("Evidence Added or Changed"), self->report->evidence->len,
                                          _("No evidence was added or changed."));

  for (guint i = 0; i < self->report->evidence->len; i++)
    {
      MnrEvidence *evidence = self->report->evidence->pdata[i];
      g_autofree char *day = mnr_local_day (mnr_evidence_get_updated_at (evidence));
      g_autofree char *when = mnr_format_day (day);
      /* Translators: under an item of evidence: its kind, and the day it was last changed */
      g_autofree char *subtitle = g_strdup_printf (_("%s · changed %s"),
                                                   mnr_evidence_kind_get_label (mnr_evidence_get_kind (evidence)),
                                                   when);
      GtkWidget *row = add_row (group, self, mnr_evidence_get_display_title (evidence), subtitle);

      g_object_set_data_full (G_OBJECT (row), "mnr-evidence", g_object_ref (evidence), g_object_unref);
    }
}

static void
add_actions (MnrSinceDialog *self,
             const char     *title,
             const char     *none,
             GPtrArray      *actions,
             gboolean        overdue)
{
  AdwPreferencesGroup *group = add_group (self, title, actions->len, none);

  for (guint i = 0; i < actions->len; i++)
    {
      MnrAction *action = actions->pdata[i];
      g_autofree char *about = element_label (self, action->element_id);
      GtkWidget *row = mnr_action_row_new (action, overdue, about);

      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      adw_preferences_group_add (group, row);
      add_line (self, action->description, adw_action_row_get_subtitle (ADW_ACTION_ROW (row)));
    }
}

/**
 * mnr_since_dialog_reload:
 *
 * Counts the changes again and lists them.
 */
void
mnr_since_dialog_reload (MnrSinceDialog *self)
{
  g_return_if_fail (MNR_IS_SINCE_DIALOG (self));

  for (guint i = 0; i < self->groups->len; i++)
    adw_preferences_page_remove (ADW_PREFERENCES_PAGE (self->page), self->groups->pdata[i]);
  g_ptr_array_set_size (self->groups, 0);
  g_ptr_array_set_size (self->lines, 0);
  g_clear_pointer (&self->report, mnr_since_report_free);

  self->report = mnr_since_report_new (self->workspace);
  if (self->report == NULL)
    {
      adw_window_title_set_subtitle (self->title, "");
      gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "none");
      return;
    }

  {
    g_autofree char *day = mnr_format_day (self->report->meeting->date);
    /* Translators: the subtitle of "Since the Last Meeting": the meeting's title, then its date */
    g_autofree char *subtitle = g_strdup_printf (_("%s, %s"), self->report->meeting->title, day);

    adw_window_title_set_subtitle (self->title, subtitle);
  }

  add_levels (self);
  add_evidence (self);
  add_actions (self, _("Action Items Done"), _("No action item was done."), self->report->done, FALSE);
  add_actions (self, _("Action Items Overdue"), _("No action item is overdue."), self->report->overdue, TRUE);
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "report");
}

/**
 * mnr_since_dialog_dup_lines:
 *
 * Returns: (transfer full): each group's heading, then its rows' titles
 *   and subtitles ("Capability 4: Dedicated Law Enforcement — Building →
 *   Developing"), a line each
 */
GStrv
mnr_since_dialog_dup_lines (MnrSinceDialog *self)
{
  g_autoptr(GStrvBuilder) lines = g_strv_builder_new ();

  g_return_val_if_fail (MNR_IS_SINCE_DIALOG (self), NULL);

  for (guint i = 0; i < self->lines->len; i++)
    g_strv_builder_add (lines, self->lines->pdata[i]);
  return g_strv_builder_end (lines);
}

static void
mnr_since_dialog_finalize (GObject *object)
{
  MnrSinceDialog *self = MNR_SINCE_DIALOG (object);

  g_clear_pointer (&self->report, mnr_since_report_free);
  g_clear_pointer (&self->groups, g_ptr_array_unref);
  g_clear_pointer (&self->lines, g_ptr_array_unref);
  g_clear_object (&self->workspace);

  G_OBJECT_CLASS (mnr_since_dialog_parent_class)->finalize (object);
}

static void
mnr_since_dialog_class_init (MnrSinceDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = mnr_since_dialog_finalize;

  /**
   * MnrSinceDialog::element-activated:
   * @element_id: the capability or enabler whose level changed
   */
  signals[ELEMENT_ACTIVATED] =
    g_signal_new ("element-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * MnrSinceDialog::evidence-activated:
   * @evidence: the evidence added or changed
   */
  signals[EVIDENCE_ACTIVATED] =
    g_signal_new ("evidence-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, MNR_TYPE_EVIDENCE);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
mnr_since_dialog_init (MnrSinceDialog *self)
{
  self->groups = g_ptr_array_new ();
  self->lines = g_ptr_array_new_with_free_func (g_free);
}

/**
 * mnr_since_dialog_new:
 *
 * Returns: (transfer floating): the changes since the workspace's
 *   country last met; not modal, so that the grid stays usable beside it
 */
GtkWidget *
mnr_since_dialog_new (GtkWindow    *parent,
                      MnrWorkspace *workspace)
{
  MnrSinceDialog *self;
  GtkWidget *box, *header, *none;

  g_return_val_if_fail (MNR_IS_WORKSPACE (workspace), NULL);

  self = g_object_new (MNR_TYPE_SINCE_DIALOG,
                       "transient-for", parent,
                       "destroy-with-parent", TRUE,
                       "title", _("Since the Last Meeting"),
                       "default-width", 520,
                       "default-height", 640,
                       NULL);
  self->workspace = g_object_ref (workspace);

  header = adw_header_bar_new ();
  self->title = ADW_WINDOW_TITLE (adw_window_title_new (_("Since the Last Meeting"), NULL));
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), GTK_WIDGET (self->title));

  self->page = adw_preferences_page_new ();
  none = adw_status_page_new ();
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (none), "x-office-calendar-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (none), _("No Meeting Yet"));
  adw_status_page_set_description (ADW_STATUS_PAGE (none),
                                   _("Once the committee’s first meeting is recorded (Meetings, Ctrl+M), what "
                                     "changes after it is listed here and marked on the grid."));
  self->stack = gtk_stack_new ();
  gtk_widget_set_vexpand (self->stack, TRUE);
  gtk_stack_add_named (GTK_STACK (self->stack), self->page, "report");
  gtk_stack_add_named (GTK_STACK (self->stack), none, "none");

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), self->stack);
  adw_window_set_content (ADW_WINDOW (self), box);

  /* What is saved here or synced changes the list. */
  g_signal_connect_object (workspace, "changed", G_CALLBACK (mnr_since_dialog_reload), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (workspace, "rating-changed", G_CALLBACK (mnr_since_dialog_reload), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (workspace, "evidence-changed", G_CALLBACK (mnr_since_dialog_reload), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (mnr_workspace_get_store (workspace), "changed::action",
                           G_CALLBACK (mnr_since_dialog_reload), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (mnr_workspace_get_store (workspace), "changed::meeting",
                           G_CALLBACK (mnr_since_dialog_reload), self, G_CONNECT_SWAPPED);
  mnr_since_dialog_reload (self);
  return GTK_WIDGET (self);
}
