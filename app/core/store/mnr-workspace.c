/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-workspace"

#include "config.h"

#include <glib/gi18n.h>

#include "mnr-evidence-private.h"
#include "mnr-workspace.h"

/* What the user is looking at (a country and one of its rounds) over the
 * store, with that round's ratings and the country's evidence cached for
 * the views, and every write made through here announced to all of them. */

struct _MnrWorkspace
{
  GObject       parent_instance;

  MnrStore     *store;
  MnrFramework *framework;

  char         *country;
  GPtrArray    *rounds;     /* MnrRound, latest first */
  MnrRound     *round;      /* borrowed from rounds */

  GHashTable   *ratings;    /* element id → MnrRating */
  GListStore   *evidence;   /* MnrEvidence of the country, not removed */
  GHashTable   *counts;     /* element id → evidence count */
  gboolean      rating;     /* in mnr_workspace_set_rating(), which announces it */
};

G_DEFINE_FINAL_TYPE (MnrWorkspace, mnr_workspace, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_COUNTRY,
  PROP_ROUND_ID,
  N_PROPS
};

enum {
  CHANGED,
  RATING_CHANGED,
  EVIDENCE_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void on_store_rating_changed_cb (MnrWorkspace *self,
                                        const char   *type,
                                        const char   *id,
                                        gboolean      from_server);

static void
mnr_workspace_finalize (GObject *object)
{
  MnrWorkspace *self = (MnrWorkspace *)object;

  g_clear_object (&self->store);
  g_clear_object (&self->framework);
  g_clear_pointer (&self->country, g_free);
  g_clear_pointer (&self->rounds, g_ptr_array_unref);
  g_clear_pointer (&self->ratings, g_hash_table_unref);
  g_clear_pointer (&self->counts, g_hash_table_unref);
  g_clear_object (&self->evidence);

  G_OBJECT_CLASS (mnr_workspace_parent_class)->finalize (object);
}

static void
mnr_workspace_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  MnrWorkspace *self = MNR_WORKSPACE (object);

  switch (prop_id)
    {
    case PROP_COUNTRY:
      g_value_set_string (value, self->country);
      break;

    case PROP_ROUND_ID:
      g_value_set_string (value, mnr_workspace_get_round_id (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mnr_workspace_class_init (MnrWorkspaceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mnr_workspace_finalize;
  object_class->get_property = mnr_workspace_get_property;

  properties[PROP_COUNTRY] =
    g_param_spec_string ("country", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ROUND_ID] =
    g_param_spec_string ("round-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[RATING_CHANGED] =
    g_signal_new ("rating-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[EVIDENCE_CHANGED] =
    g_signal_new ("evidence-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
mnr_workspace_init (MnrWorkspace *self)
{
  self->ratings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)mnr_rating_free);
  self->counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->evidence = g_list_store_new (MNR_TYPE_EVIDENCE);
  self->rounds = g_ptr_array_new_with_free_func ((GDestroyNotify)mnr_round_free);
}

MnrWorkspace *
mnr_workspace_new (MnrStore     *store,
                   MnrFramework *framework)
{
  MnrWorkspace *self;

  g_return_val_if_fail (MNR_IS_STORE (store), NULL);
  g_return_val_if_fail (MNR_IS_FRAMEWORK (framework), NULL);

  self = g_object_new (MNR_TYPE_WORKSPACE, NULL);
  self->store = g_object_ref (store);
  self->framework = g_object_ref (framework);
  g_signal_connect_object (store, "changed::rating", G_CALLBACK (on_store_rating_changed_cb), self,
                           G_CONNECT_SWAPPED);
  return self;
}

/**
 * mnr_workspace_get_store:
 *
 * Returns: (transfer none): the store
 */
MnrStore *
mnr_workspace_get_store (MnrWorkspace *self)
{
  g_return_val_if_fail (MNR_IS_WORKSPACE (self), NULL);
  return self->store;
}

/**
 * mnr_workspace_get_framework:
 *
 * Returns: (transfer none): the framework
 */
MnrFramework *
mnr_workspace_get_framework (MnrWorkspace *self)
{
  g_return_val_if_fail (MNR_IS_WORKSPACE (self), NULL);
  return self->framework;
}

/* --- loading ---------------------------------------------------------- */

static void
load_ratings (MnrWorkspace *self)
{
  g_autoptr(GPtrArray) ratings = NULL;
  g_autoptr(GError) error = NULL;

  g_hash_table_remove_all (self->ratings);

  if (self->round == NULL)
    return;

  ratings = mnr_store_list_ratings (self->store, self->round->id, &error);
  if (ratings == NULL)
    {
      g_message ("Cannot read the ratings: %s", error->message);
      return;
    }

  for (guint i = 0; i < ratings->len; i++)
    {
      MnrRating *rating = g_ptr_array_index (ratings, i);

      g_hash_table_replace (self->ratings, g_strdup (rating->element_id), rating);
      ratings->pdata[i] = NULL;
    }
}

static gboolean
same_rating (const MnrRating *a,
             const MnrRating *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return g_strcmp0 (a->level_id, b->level_id) == 0 && g_strcmp0 (a->rationale, b->rationale) == 0 &&
         g_strcmp0 (a->review, b->review) == 0 && g_strcmp0 (a->agreed_in, b->agreed_in) == 0;
}

/* A rating changed in the store by another hand than the workspace's (a
 * meeting's decision agreeing a level, a resolved conflict): the shown
 * round's ratings are read again, and each that differs is announced. */
static void
on_store_rating_changed_cb (MnrWorkspace *self,
                            const char   *type,
                            const char   *id,
                            gboolean      from_server)
{
  g_autoptr(GHashTable) before = NULL;
  GHashTableIter iter;
  gpointer key, value;
  g_autoptr(GPtrArray) changed = g_ptr_array_new_with_free_func (g_free);

  if (from_server || self->round == NULL || self->rating)
    return;  /* a sync reloads the country when it ends */

  before = g_steal_pointer (&self->ratings);
  self->ratings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)mnr_rating_free);
  load_ratings (self);

  g_hash_table_iter_init (&iter, self->ratings);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!same_rating (value, g_hash_table_lookup (before, key)))
      g_ptr_array_add (changed, g_strdup (key));
  g_hash_table_iter_init (&iter, before);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (self->ratings, key))
      g_ptr_array_add (changed, g_strdup (key));

  for (guint i = 0; i < changed->len; i++)
    g_signal_emit (self, signals[RATING_CHANGED], 0, changed->pdata[i]);
}

static void
load_evidence (MnrWorkspace *self)
{
  g_autoptr(GListModel) items = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) array = g_ptr_array_new_with_free_func (g_object_unref);
  guint n;

  g_hash_table_remove_all (self->counts);

  if (self->country != NULL)
    {
      items = mnr_store_list_evidence (self->store, self->country, NULL, &error);
      if (items == NULL)
        g_message ("Cannot read the evidence: %s", error->message);
    }

  n = items != NULL ? g_list_model_get_n_items (items) : 0;
  for (guint i = 0; i < n; i++)
    {
      MnrEvidence *evidence = g_list_model_get_item (items, i);
      const char * const *elements = mnr_evidence_get_elements (evidence);

      for (guint e = 0; elements[e] != NULL; e++)
        {
          guint count = GPOINTER_TO_UINT (g_hash_table_lookup (self->counts, elements[e]));
          g_hash_table_replace (self->counts, g_strdup (elements[e]), GUINT_TO_POINTER (count + 1));
        }

      g_ptr_array_add (array, evidence);
    }

  g_list_store_splice (self->evidence, 0, g_list_model_get_n_items (G_LIST_MODEL (self->evidence)),
                       array->pdata, array->len);
}

/* Reloads the country's rounds, keeping the one shown by its id. */
static gboolean
load_rounds (MnrWorkspace  *self,
             GError       **error)
{
  GPtrArray *rounds = mnr_store_list_rounds (self->store, self->country, error);
  g_autofree char *shown = self->round != NULL ? g_strdup (self->round->id) : NULL;

  if (rounds == NULL)
    return FALSE;

  g_clear_pointer (&self->rounds, g_ptr_array_unref);
  self->rounds = rounds;
  self->round = NULL;

  for (guint i = 0; shown != NULL && i < rounds->len; i++)
    if (g_str_equal (((MnrRound *)rounds->pdata[i])->id, shown))
      self->round = rounds->pdata[i];

  return TRUE;
}

/* --- country and round ------------------------------------------------- */

const char *
mnr_workspace_get_country (MnrWorkspace *self)
{
  g_return_val_if_fail (MNR_IS_WORKSPACE (self), NULL);
  return self->country;
}

/**
 * mnr_workspace_set_country:
 * @code: ISO 3166-1 alpha-2
 *
 * Adds the country to the list if needed and shows its latest round. A
 * country without rounds shows none: looking is not writing, and its
 * first round is made when someone first rates (or with New Round).
 */
gboolean
mnr_workspace_set_country (MnrWorkspace  *self,
                           const char    *code,
                           GError       **error)
{
  g_autofree char *upper = NULL;

  g_return_val_if_fail (MNR_IS_WORKSPACE (self), FALSE);
  g_return_val_if_fail (code != NULL, FALSE);

  upper = g_ascii_strup (code, -1);

  if (!mnr_store_add_country (self->store, upper, error))
    return FALSE;

  g_free (self->country);
  self->country = g_steal_pointer (&upper);

  if (!load_rounds (self, error))
    return FALSE;

  self->round = self->rounds->len > 0 ? g_ptr_array_index (self->rounds, 0) : NULL;
  load_ratings (self);
  load_evidence (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNTRY]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROUND_ID]);
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

/**
 * mnr_workspace_list_countries:
 *
 * Returns: (transfer full): the codes of the countries in the store
 */
GStrv
mnr_workspace_list_countries (MnrWorkspace *self)
{
  g_autoptr(GError) error = NULL;
  GStrv countries;

  g_return_val_if_fail (MNR_IS_WORKSPACE (self), NULL);

  countries = mnr_store_list_countries (self->store, &error);
  if (countries == NULL)
    {
      g_message ("Cannot list the countries: %s", error->message);
      countries = g_new0 (char *, 1);
    }

  return countries;
}

/**
 * mnr_workspace_get_rounds:
 *
 * Returns: (transfer none) (element-type MnrRound): the country's rounds,
 *   latest first
 */
GPtrArray *
mnr_workspace_get_rounds (MnrWorkspace *self)
{
  g_return_val_if_fail (MNR_IS_WORKSPACE (self), NULL);
  return self->rounds;
}

/**
 * mnr_workspace_get_round:
 *
 * Returns: (transfer none) (nullable): the round shown
 */
MnrRound *
mnr_workspace_get_round (MnrWorkspace *self)
{
  g_return_val_if_fail (MNR_IS_WORKSPACE (self), NULL);
  return self->round;
}

const char *
mnr_workspace_get_round_id (MnrWorkspace *self)
{
  g_return_val_if_fail (MNR_IS_WORKSPACE (self), NULL);
  return self->round != NULL ? self->round->id : NULL;
}

gboolean
mnr_workspace_set_round (MnrWorkspace  *self,
                         const char    *round_id,
                         GError       **error)
{
  g_return_val_if_fail (MNR_IS_WORKSPACE (self), FALSE);
  g_return_val_if_fail (round_id != NULL, FALSE);

  for (guint i = 0; i < self->rounds->len; i++)
    {
      MnrRound *round = g_ptr_array_index (self->rounds, i);

      if (g_str_equal (round->id, round_id))
        {
          if (self->round == round)
            return TRUE;

          self->round = round;
          load_ratings (self);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROUND_ID]);
          g_signal_emit (self, signals[CHANGED], 0);
          return TRUE;
        }
    }

  g_set_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_NOT_FOUND,
               _("There is no such round for this country."));
  return FALSE;
}

/**
 * mnr_workspace_new_round:
 *
 * Starts a round as a copy of the latest one and shows it.
 *
 * Returns: (transfer none) (nullable): the new round
 */
MnrRound *
mnr_workspace_new_round (MnrWorkspace  *self,
                         const char    *name,
                         const char    *date,
                         GError       **error)
{
  g_autoptr(MnrRound) round = NULL;

  g_return_val_if_fail (MNR_IS_WORKSPACE (self), NULL);

  if (self->country == NULL)
    {
      g_set_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_INVALID, _("Choose a country first."));
      return NULL;
    }

  round = mnr_store_create_round (self->store, self->country, name, date, error);
  if (round == NULL || !load_rounds (self, error))
    return NULL;

  if (!mnr_workspace_set_round (self, round->id, error))
    return NULL;

  return self->round;
}

/* After rounds changed in the store: reads them again and shows @round_id
 * (or the latest when it is %NULL or gone). */
static gboolean
show_rounds_again (MnrWorkspace  *self,
                   const char    *round_id,
                   GError       **error)
{
  MnrRound *shown = NULL;

  if (self->country == NULL)
    return TRUE;

  self->round = NULL;
  if (!load_rounds (self, error))
    return FALSE;

  for (guint i = 0; i < self->rounds->len; i++)
    if (round_id != NULL && g_str_equal (((MnrRound *)g_ptr_array_index (self->rounds, i))->id, round_id))
      shown = g_ptr_array_index (self->rounds, i);
  if (shown == NULL && self->rounds->len > 0)
    shown = g_ptr_array_index (self->rounds, 0);

  self->round = shown;
  load_ratings (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROUND_ID]);
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

/**
 * mnr_workspace_rename_round:
 *
 * Renames one of the country's rounds.
 */
gboolean
mnr_workspace_rename_round (MnrWorkspace  *self,
                            const char    *round_id,
                            const char    *name,
                            GError       **error)
{
  g_autofree char *shown = NULL;

  g_return_val_if_fail (MNR_IS_WORKSPACE (self), FALSE);

  if (!mnr_store_rename_round (self->store, round_id, name, error))
    return FALSE;

  shown = g_strdup (mnr_workspace_get_round_id (self));
  return show_rounds_again (self, shown, error);
}

/**
 * mnr_workspace_count_round_ratings:
 *
 * Returns: how many elements the round rates at a level of the scale that
 *   counts as assessed, or -1 with @error set
 */
gint
mnr_workspace_count_round_ratings (MnrWorkspace  *self,
                                   const char    *round_id,
                                   GError       **error)
{
  g_autoptr(GPtrArray) ratings = NULL;
  gint count = 0;

  g_return_val_if_fail (MNR_IS_WORKSPACE (self), -1);

  if (!(ratings = mnr_store_list_ratings (self->store, round_id, error)))
    return -1;

  for (guint i = 0; i < ratings->len; i++)
    {
      MnrRating *rating = g_ptr_array_index (ratings, i);
      MnrLevel *level = mnr_framework_lookup_level (self->framework, rating->level_id);

      if (level != NULL && mnr_level_get_assessed (level))
        count++;
    }

  return count;
}

/**
 * mnr_workspace_remove_round:
 *
 * Deletes one of the country's rounds with its ratings; the latest round
 * left is shown (or none). mnr_workspace_restore_round() undoes it.
 */
gboolean
mnr_workspace_remove_round (MnrWorkspace  *self,
                            const char    *round_id,
                            GError       **error)
{
  g_autofree char *shown = NULL;

  g_return_val_if_fail (MNR_IS_WORKSPACE (self), FALSE);

  if (!mnr_store_remove_round (self->store, round_id, error))
    return FALSE;

  if (g_strcmp0 (mnr_workspace_get_round_id (self), round_id) != 0)
    shown = g_strdup (mnr_workspace_get_round_id (self));
  return show_rounds_again (self, shown, error);
}

/**
 * mnr_workspace_restore_round:
 *
 * Brings back a deleted round and its ratings, and shows it.
 */
gboolean
mnr_workspace_restore_round (MnrWorkspace  *self,
                             const char    *round_id,
                             GError       **error)
{
  g_return_val_if_fail (MNR_IS_WORKSPACE (self), FALSE);

  if (!mnr_store_restore_round (self->store, round_id, error))
    return FALSE;

  return show_rounds_again (self, round_id, error);
}

/* --- ratings ----------------------------------------------------------- */

/**
 * mnr_workspace_get_rating:
 *
 * Returns: (transfer none) (nullable): the element's rating in the round
 */
MnrRating *
mnr_workspace_get_rating (MnrWorkspace *self,
                          const char   *element_id)
{
  g_return_val_if_fail (MNR_IS_WORKSPACE (self), NULL);
  g_return_val_if_fail (element_id != NULL, NULL);

  return g_hash_table_lookup (self->ratings, element_id);
}

/**
 * mnr_workspace_get_level:
 *
 * Returns: (transfer none): the element's level in the round: "not
 *   assessed" when it has none (or one the scale does not know)
 */
MnrLevel *
mnr_workspace_get_level (MnrWorkspace *self,
                         const char   *element_id)
{
  MnrRating *rating;
  MnrLevel *level = NULL;

  g_return_val_if_fail (MNR_IS_WORKSPACE (self), NULL);

  rating = mnr_workspace_get_rating (self, element_id);
  if (rating != NULL)
    level = mnr_framework_lookup_level (self->framework, rating->level_id);

  if (level == NULL)
    {
      g_autoptr(MnrLevel) first = g_list_model_get_item (mnr_framework_get_levels (self->framework), 0);
      level = first;
    }

  return level;
}

/* A country's first round, made by its first rating: named after this
 * year, with the id every computer gives it (see the store). */
static gboolean
create_first_round (MnrWorkspace  *self,
                    GError       **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  /* Translators: the name of a country's first assessment round, with the year */
  g_autofree char *name = g_strdup_printf (_("Assessment %d"), g_date_time_get_year (now));
  g_autoptr(MnrRound) round = mnr_store_create_first_round (self->store, self->country,
                                                            g_date_time_get_year (now), name, error);

  if (round == NULL || !load_rounds (self, error))
    return FALSE;

  for (guint i = 0; i < self->rounds->len; i++)
    if (g_str_equal (((MnrRound *)g_ptr_array_index (self->rounds, i))->id, round->id))
      self->round = g_ptr_array_index (self->rounds, i);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROUND_ID]);
  g_signal_emit (self, signals[CHANGED], 0);
  return self->round != NULL;
}

gboolean
mnr_workspace_set_rating (MnrWorkspace  *self,
                          const char    *element_id,
                          const char    *level_id,
                          const char    *rationale,
                          GError       **error)
{
  g_autoptr(MnrRating) saved = NULL;

  g_return_val_if_fail (MNR_IS_WORKSPACE (self), FALSE);

  if (self->country == NULL)
    {
      g_set_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_INVALID, _("Choose a country first."));
      return FALSE;
    }

  if (mnr_framework_lookup (self->framework, element_id) == NULL ||
      mnr_framework_lookup_level (self->framework, level_id) == NULL)
    {
      g_set_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_INVALID,
                   _("“%s” cannot be rated “%s” on this framework’s scale."), element_id, level_id);
      return FALSE;
    }

  if (self->round == NULL && !create_first_round (self, error))
    return FALSE;

  self->rating = TRUE;
  if (!mnr_store_set_rating (self->store, self->round->id, element_id, level_id, rationale, error))
    {
      self->rating = FALSE;
      return FALSE;
    }
  self->rating = FALSE;

  saved = mnr_store_get_rating (self->store, self->round->id, element_id, error);
  if (saved == NULL)
    return FALSE;

  g_hash_table_replace (self->ratings, g_strdup (element_id), g_steal_pointer (&saved));
  g_signal_emit (self, signals[RATING_CHANGED], 0, element_id);
  return TRUE;
}

/**
 * mnr_workspace_get_rating_history:
 *
 * Returns: (transfer container) (element-type MnrRating) (nullable): the
 *   element's levels in the round, newest first
 */
GPtrArray *
mnr_workspace_get_rating_history (MnrWorkspace  *self,
                                  const char    *element_id,
                                  GError       **error)
{
  g_return_val_if_fail (MNR_IS_WORKSPACE (self), NULL);

  if (self->round == NULL)
    return g_ptr_array_new_with_free_func ((GDestroyNotify)mnr_rating_free);

  return mnr_store_list_rating_history (self->store, self->round->id, element_id, error);
}

/* --- evidence ---------------------------------------------------------- */

/**
 * mnr_workspace_get_evidence:
 *
 * Returns: (transfer none): the country's evidence, kept up to date
 */
GListModel *
mnr_workspace_get_evidence (MnrWorkspace *self)
{
  g_return_val_if_fail (MNR_IS_WORKSPACE (self), NULL);
  return G_LIST_MODEL (self->evidence);
}

guint
mnr_workspace_get_evidence_count (MnrWorkspace *self,
                                  const char   *element_id)
{
  g_return_val_if_fail (MNR_IS_WORKSPACE (self), 0);
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->counts, element_id));
}

/**
 * mnr_workspace_search_evidence:
 *
 * Returns: (transfer full) (nullable): the country's evidence matching
 *   every word of @text, best match first
 */
GListModel *
mnr_workspace_search_evidence (MnrWorkspace  *self,
                               const char    *text,
                               GError       **error)
{
  g_return_val_if_fail (MNR_IS_WORKSPACE (self), NULL);

  if (self->country == NULL)
    return G_LIST_MODEL (g_list_store_new (MNR_TYPE_EVIDENCE));

  return mnr_store_list_evidence (self->store, self->country, text, error);
}

static void
evidence_changed (MnrWorkspace *self)
{
  load_evidence (self);
  g_signal_emit (self, signals[EVIDENCE_CHANGED], 0);
}

gboolean
mnr_workspace_save_evidence (MnrWorkspace  *self,
                             MnrEvidence   *evidence,
                             GError       **error)
{
  g_return_val_if_fail (MNR_IS_WORKSPACE (self), FALSE);

  if (!mnr_store_save_evidence (self->store, evidence, error))
    return FALSE;

  evidence_changed (self);
  return TRUE;
}

gboolean
mnr_workspace_remove_evidence (MnrWorkspace  *self,
                               const char    *evidence_id,
                               GError       **error)
{
  g_return_val_if_fail (MNR_IS_WORKSPACE (self), FALSE);

  if (!mnr_store_remove_evidence (self->store, evidence_id, error))
    return FALSE;

  evidence_changed (self);
  return TRUE;
}

gboolean
mnr_workspace_restore_evidence (MnrWorkspace  *self,
                                const char    *evidence_id,
                                GError       **error)
{
  g_return_val_if_fail (MNR_IS_WORKSPACE (self), FALSE);

  if (!mnr_store_restore_evidence (self->store, evidence_id, error))
    return FALSE;

  evidence_changed (self);
  return TRUE;
}

/**
 * mnr_workspace_add_attachment:
 *
 * Returns: (transfer full) (nullable): the attachment
 */
MnrAttachment *
mnr_workspace_add_attachment (MnrWorkspace  *self,
                              const char    *evidence_id,
                              GFile         *source,
                              GError       **error)
{
  MnrAttachment *attachment;

  g_return_val_if_fail (MNR_IS_WORKSPACE (self), NULL);

  attachment = mnr_store_add_attachment (self->store, evidence_id, source, NULL, error);
  if (attachment != NULL)
    evidence_changed (self);

  return attachment;
}

/**
 * mnr_workspace_list_attachments:
 *
 * Returns: (transfer container) (element-type MnrAttachment) (nullable)
 */
GPtrArray *
mnr_workspace_list_attachments (MnrWorkspace  *self,
                                const char    *evidence_id,
                                GError       **error)
{
  g_return_val_if_fail (MNR_IS_WORKSPACE (self), NULL);

  return mnr_store_list_attachments (self->store, evidence_id, error);
}

/* --- sample data ------------------------------------------------------- */

/* A stable id for an example's evidence, so that importing twice adds
 * nothing twice and a store filled by an older version can be marked. */
static char *
sample_evidence_id (MnrSampleExample *example)
{
  return mnr_store_name_uuid ("mnr-sample", (const char *[]) { mnr_sample_example_get_id (example), NULL });
}

static MnrEvidence *
sample_evidence_new (MnrSampleExample *example,
                     const char       *id)
{
  g_autoptr(GStrvBuilder) elements = g_strv_builder_new ();
  g_auto(GStrv) element_ids = NULL;
  g_autofree char *year = NULL;
  const guint *capabilities;
  guint n_capabilities = 0;
  MnrEvidence *evidence;

  capabilities = mnr_sample_example_get_capabilities (example, &n_capabilities);
  for (guint c = 0; c < n_capabilities; c++)
    {
      g_autofree char *element = g_strdup_printf ("capability-%u", capabilities[c]);
      g_strv_builder_add (elements, element);
    }
  element_ids = g_strv_builder_end (elements);

  year = g_strdup_printf ("%u", mnr_sample_example_get_year (example));
  evidence = mnr_evidence_new_full (id, mnr_sample_example_get_country (example));

  /* The English text: the display translates it (mnr_evidence_get_display_title()). */
  mnr_evidence_set_title (evidence, mnr_sample_example_get_original_title (example));
  mnr_evidence_set_kind (evidence, mnr_sample_example_get_kind (example));
  mnr_evidence_set_date (evidence, year);
  mnr_evidence_set_source (evidence, mnr_sample_example_get_citation (example));
  mnr_evidence_set_summary (evidence, mnr_sample_example_get_original_summary (example));
  mnr_evidence_set_elements (evidence, (const char * const *)element_ids);
  mnr_evidence_set_sample (evidence, TRUE);
  return evidence;
}

/**
 * mnr_workspace_import_samples:
 *
 * Adds the working examples of @samples as sample evidence of the countries
 * they name (regional examples stay examples in the panel). Sample evidence
 * is marked as such: it is shown as an example and never synced. Never adds
 * ratings. Examples removed earlier come back, but for those an older
 * version had pushed.
 *
 * Returns: how many items were added; 0 with @error set on failure
 */
guint
mnr_workspace_import_samples (MnrWorkspace       *self,
                              MnrSampleEvidence  *samples,
                              GError            **error)
{
  GListModel *examples;
  guint added = 0;

  g_return_val_if_fail (MNR_IS_WORKSPACE (self), 0);
  g_return_val_if_fail (MNR_IS_SAMPLE_EVIDENCE (samples), 0);

  examples = mnr_sample_evidence_get_examples (samples);

  if (!mnr_store_begin_batch (self->store, error))
    return 0;

  for (guint i = 0; i < g_list_model_get_n_items (examples); i++)
    {
      g_autoptr(MnrSampleExample) example = g_list_model_get_item (examples, i);
      g_autofree char *id = NULL;
      g_autoptr(MnrEvidence) evidence = NULL;
      g_autoptr(MnrEvidence) existing = NULL;

      if (mnr_sample_example_get_country (example) == NULL)
        continue;

      /* One already here stays as it is; one removed after an older
       * version pushed it stays removed, so that its removal reaches the
       * server. */
      id = sample_evidence_id (example);
      existing = mnr_store_get_evidence (self->store, id, NULL);
      if (existing != NULL)
        continue;

      evidence = sample_evidence_new (example, id);
      if (!mnr_store_save_evidence (self->store, evidence, error))
        {
          mnr_store_end_batch (self->store, FALSE, NULL);
          return 0;
        }

      added++;
    }

  if (!mnr_store_end_batch (self->store, TRUE, error))
    return 0;

  evidence_changed (self);
  return added;
}

/**
 * mnr_workspace_mark_samples:
 *
 * Marks as sample data the examples of @samples that an older version
 * added to the store unmarked, so that they leave the outbox.
 *
 * Returns: how many were newly marked, or -1 with @error set
 */
gint64
mnr_workspace_mark_samples (MnrWorkspace       *self,
                            MnrSampleEvidence  *samples,
                            GError            **error)
{
  GListModel *examples;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) ids = NULL;
  gint64 marked;

  g_return_val_if_fail (MNR_IS_WORKSPACE (self), -1);
  g_return_val_if_fail (MNR_IS_SAMPLE_EVIDENCE (samples), -1);

  examples = mnr_sample_evidence_get_examples (samples);
  for (guint i = 0; i < g_list_model_get_n_items (examples); i++)
    {
      g_autoptr(MnrSampleExample) example = g_list_model_get_item (examples, i);
      g_autofree char *id = NULL;

      if (mnr_sample_example_get_country (example) == NULL)
        continue;
      id = sample_evidence_id (example);
      g_strv_builder_add (builder, id);
    }
  ids = g_strv_builder_end (builder);

  marked = mnr_store_mark_sample (self->store, (const char * const *)ids, error);
  if (marked > 0)
    evidence_changed (self);
  return marked;
}

/**
 * mnr_workspace_remove_samples:
 * @country: (nullable): a country code, or %NULL for every country
 *
 * Removes the sample data of @country, or all of it; the country's own
 * evidence and ratings stay as they are.
 *
 * Returns: how many items were removed, or -1 with @error set
 */
gint64
mnr_workspace_remove_samples (MnrWorkspace  *self,
                              const char    *country,
                              GError       **error)
{
  gint64 removed;

  g_return_val_if_fail (MNR_IS_WORKSPACE (self), -1);

  removed = mnr_store_remove_sample (self->store, country, error);
  if (removed > 0)
    evidence_changed (self);
  return removed;
}
