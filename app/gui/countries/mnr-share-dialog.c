/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-share-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "mnr-alert.h"
#include "mnr-share-dialog.h"

/* "Share Review 2018": a country's consent that a group sees a round
 * (docs/sync-protocol.md, section 3.5). The groups of the catalog and the
 * user's own, each with a check box, those the country belongs to first;
 * a group the round names that is not here (defined on another machine)
 * is kept, shown by its id. Saving sets the round's shared_with, a local
 * change synced like any other. */

struct _MnrShareDialog
{
  AdwMessageDialog   parent_instance;

  /* owned */
  MnrWorkspace      *workspace;
  MnrCountryCatalog *catalog;
  char              *round_id;
  GHashTable        *checks;   /* group id → GtkCheckButton (unowned) */
  GPtrArray         *order;    /* group ids, in the order offered */
};

G_DEFINE_FINAL_TYPE (MnrShareDialog, mnr_share_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
mnr_share_dialog_finalize (GObject *object)
{
  MnrShareDialog *self = MNR_SHARE_DIALOG (object);

  g_clear_object (&self->workspace);
  g_clear_object (&self->catalog);
  g_clear_pointer (&self->round_id, g_free);
  g_clear_pointer (&self->checks, g_hash_table_unref);
  g_clear_pointer (&self->order, g_ptr_array_unref);

  G_OBJECT_CLASS (mnr_share_dialog_parent_class)->finalize (object);
}

static void
on_response_cb (MnrShareDialog *self,
                const char     *response)
{
  g_autoptr(GError) error = NULL;
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (!g_str_equal (response, "save") || mnr_share_dialog_save (self, &error))
    return;

  /* The round went while the dialog was open, or the disk failed: say so
   * where the user looks. */
  mnr_alert_error (parent, _("Could Not Share the Round"), error);
}

static void
mnr_share_dialog_class_init (MnrShareDialogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mnr_share_dialog_finalize;
}

static void
mnr_share_dialog_init (MnrShareDialog *self)
{
  self->checks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->order = g_ptr_array_new_with_free_func (g_free);
}

typedef struct
{
  char     *id;
  char     *name;
  char     *short_name;
  gboolean  member;
} Offer;

static void
offer_free (Offer *offer)
{
  g_free (offer->id);
  g_free (offer->name);
  g_free (offer->short_name);
  g_free (offer);
}

static int
compare_offers (gconstpointer a,
                gconstpointer b)
{
  const Offer *x = *(const Offer * const *) a;
  const Offer *y = *(const Offer * const *) b;

  if (x->member != y->member)
    return x->member ? -1 : 1;
  return g_utf8_collate (x->name, y->name);
}

static Offer *
offer_new (MnrRegionalGroup *group,
           const char       *country)
{
  Offer *offer = g_new0 (Offer, 1);
  const char *short_name = mnr_regional_group_get_short_name (group);

  offer->id = g_strdup (mnr_regional_group_get_id (group));
  offer->name = g_strdup (mnr_regional_group_get_name (group));
  offer->short_name = g_strdup (short_name != NULL ? short_name : "");
  offer->member = country != NULL && mnr_regional_group_has_member (group, country);
  return offer;
}

/* The groups a round can be shared with: bundled and the user's, those
 * @country is in first, and any of @shared this machine does not know. */
static GPtrArray *
list_offers (MnrCountryCatalog   *catalog,
             MnrStore            *store,
             const char          *country,
             const char * const  *shared)
{
  GPtrArray *offers = g_ptr_array_new_with_free_func ((GDestroyNotify) offer_free);
  g_autoptr(GPtrArray) own = mnr_store_list_groups (store, NULL);
  GListModel *bundled = catalog != NULL ? mnr_country_catalog_get_groups (catalog) : NULL;

  for (guint i = 0; bundled != NULL && i < g_list_model_get_n_items (bundled); i++)
    {
      g_autoptr(MnrRegionalGroup) group = g_list_model_get_item (bundled, i);

      g_ptr_array_add (offers, offer_new (group, country));
    }
  for (guint i = 0; own != NULL && i < own->len; i++)
    g_ptr_array_add (offers, offer_new (own->pdata[i], country));
  g_ptr_array_sort (offers, compare_offers);

  for (guint i = 0; shared != NULL && shared[i] != NULL; i++)
    {
      gboolean known = FALSE;

      for (guint j = 0; j < offers->len && !known; j++)
        known = g_str_equal (((Offer *) offers->pdata[j])->id, shared[i]);
      if (!known)
        {
          Offer *offer = g_new0 (Offer, 1);

          offer->id = g_strdup (shared[i]);
          /* Translators: a group a round is shared with that was defined
           * on another computer; %s is its id */
          offer->name = g_strdup_printf (_("Group %s"), shared[i]);
          offer->short_name = g_strdup ("");
          g_ptr_array_add (offers, offer);
        }
    }

  return offers;
}

static GtkWidget *
create_row (MnrShareDialog *self,
            const Offer    *offer,
            const char     *country_name,
            gboolean        active)
{
  g_autofree char *subtitle = NULL;
  g_autofree char *accessible = NULL;
  GtkWidget *row, *check;

  check = gtk_check_button_new ();
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), active);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  /* Translators: a check box's accessible name, %s a group's name */
  accessible = g_strdup_printf (_("Share with %s"), offer->name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);

  if (offer->member)
    /* Translators: under a group's name: "ASEAN · Philippines is a member" */
    subtitle = g_strdup_printf (_("%s · %s is a member"), offer->short_name, country_name);
  else
    subtitle = g_strdup (offer->short_name);

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), offer->name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);

  g_hash_table_insert (self->checks, g_strdup (offer->id), check);
  g_ptr_array_add (self->order, g_strdup (offer->id));
  return row;
}

/**
 * mnr_share_dialog_new:
 * @round_id: a round of the workspace's country
 *
 * Returns: (transfer floating): the dialog, to present
 */
GtkWidget *
mnr_share_dialog_new (GtkWindow         *parent,
                      MnrWorkspace      *workspace,
                      MnrCountryCatalog *catalog,
                      const char        *round_id)
{
  MnrShareDialog *self;
  MnrStore *store = mnr_workspace_get_store (workspace);
  const char *country = mnr_workspace_get_country (workspace);
  MnrCountry *entry = catalog != NULL && country != NULL ? mnr_country_catalog_lookup (catalog, country) : NULL;
  const char *country_name = entry != NULL ? mnr_country_get_name (entry) : country;
  g_auto(GStrv) shared = mnr_store_list_round_shares (store, round_id, NULL);
  g_autoptr(GPtrArray) offers = NULL;
  g_autofree char *heading = NULL;
  GPtrArray *rounds = mnr_workspace_get_rounds (workspace);
  const char *round_name = round_id;
  GtkWidget *list, *scrolled;

  for (guint i = 0; rounds != NULL && i < rounds->len; i++)
    if (g_str_equal (((MnrRound *) rounds->pdata[i])->id, round_id))
      round_name = ((MnrRound *) rounds->pdata[i])->name;

  /* Translators: the title of the dialog that shares a round, %s its name */
  heading = g_strdup_printf (_("Share “%s”"), round_name);
  self = g_object_new (MNR_TYPE_SHARE_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       "heading", heading,
                       "body", _("The groups you tick see this round’s levels on the sync server: "
                                 "their readers, and their member countries. Evidence is never "
                                 "shared. Stopping later cannot call back copies already received."),
                       NULL);
  self->workspace = g_object_ref (workspace);
  self->catalog = catalog != NULL ? g_object_ref (catalog) : NULL;
  self->round_id = g_strdup (round_id);

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Groups"), -1);

  offers = list_offers (catalog, store, country, (const char * const *) shared);
  for (guint i = 0; i < offers->len; i++)
    {
      const Offer *offer = offers->pdata[i];
      gboolean active = shared != NULL && g_strv_contains ((const char * const *) shared, offer->id);

      gtk_list_box_append (GTK_LIST_BOX (list), create_row (self, offer, country_name, active));
    }

  scrolled = g_object_new (GTK_TYPE_SCROLLED_WINDOW,
                           "hscrollbar-policy", GTK_POLICY_NEVER,
                           "propagate-natural-height", TRUE,
                           "min-content-height", MIN (offers->len, 4) * 64,
                           "max-content-height", 360,
                           "child", list,
                           NULL);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (self), scrolled);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (self),
                                    "cancel", _("_Cancel"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (self), "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (self), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (self), "cancel");
  g_signal_connect (self, "response", G_CALLBACK (on_response_cb), NULL);

  return GTK_WIDGET (self);
}

/**
 * mnr_share_dialog_list_offered:
 *
 * Returns: (transfer full): the ids of the groups offered, in order
 */
GStrv
mnr_share_dialog_list_offered (MnrShareDialog *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (MNR_IS_SHARE_DIALOG (self), NULL);

  for (guint i = 0; i < self->order->len; i++)
    g_strv_builder_add (builder, self->order->pdata[i]);
  return g_strv_builder_end (builder);
}

void
mnr_share_dialog_set_chosen (MnrShareDialog *self,
                             const char     *group_id,
                             gboolean        chosen)
{
  GtkCheckButton *check;

  g_return_if_fail (MNR_IS_SHARE_DIALOG (self));

  check = g_hash_table_lookup (self->checks, group_id);
  g_return_if_fail (check != NULL);
  gtk_check_button_set_active (check, chosen);
}

/* Saves the groups ticked as the round's shared_with. */
gboolean
mnr_share_dialog_save (MnrShareDialog  *self,
                       GError         **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) chosen = NULL;

  g_return_val_if_fail (MNR_IS_SHARE_DIALOG (self), FALSE);

  for (guint i = 0; i < self->order->len; i++)
    if (gtk_check_button_get_active (g_hash_table_lookup (self->checks, self->order->pdata[i])))
      g_strv_builder_add (builder, self->order->pdata[i]);
  chosen = g_strv_builder_end (builder);

  return mnr_store_set_round_shares (mnr_workspace_get_store (self->workspace), self->round_id,
                                     (const char * const *) chosen, error);
}

/**
 * mnr_share_dialog_describe:
 *
 * Returns: (transfer full): whom a round is shared with, for people:
 *   "Not shared", "Shared with ASEAN", "Shared with ASEAN, SAIEVAC"
 */
char *
mnr_share_dialog_describe (MnrCountryCatalog  *catalog,
                           MnrStore           *store,
                           const char * const *group_ids)
{
  g_autoptr(GPtrArray) offers = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autofree char *joined = NULL;

  if (group_ids == NULL || group_ids[0] == NULL)
    return g_strdup (_("Not shared"));

  offers = list_offers (catalog, store, NULL, group_ids);
  for (guint i = 0; i < offers->len; i++)
    {
      const Offer *offer = offers->pdata[i];

      if (g_strv_contains (group_ids, offer->id))
        g_ptr_array_add (names, offer->short_name[0] != '\0' ? offer->short_name : offer->name);
    }
  g_ptr_array_add (names, NULL);

  joined = g_strjoinv (C_("list separator", ", "), (char **) names->pdata);
  /* Translators: whom a round is shared with: "Shared with ASEAN, SAIEVAC" */
  return g_strdup_printf (_("Shared with %s"), joined);
}
