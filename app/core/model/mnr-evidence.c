/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-evidence"

#include "config.h"

#include <glib/gi18n.h>

#include "mnr-evidence-private.h"
#include "mnr-sample-evidence.h"

/* One item of evidence about a country's capabilities: a law, a policy,
 * a unit, a training … with the capabilities (or enablers) it backs.
 * Evidence is about national capabilities, never about victims or
 * offenders. MnrStore saves it; this object is only the record. */

struct _MnrEvidence
{
  GObject   parent_instance;

  char     *id;
  char     *country;
  char     *title;
  char     *kind;
  char     *date;
  char     *source;
  char     *summary;
  gboolean  restricted;
  gboolean  sample;
  GStrv     elements;

  gint64    created_at;
  gint64    updated_at;
  char     *created_by;
  char     *updated_by;
  guint     n_attachments;
};

G_DEFINE_FINAL_TYPE (MnrEvidence, mnr_evidence, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_TITLE,
  PROP_KIND,
  PROP_DATE,
  PROP_SUMMARY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

const char * const mnr_evidence_kinds[] = {
  "legislation", "policy", "institution", "training", "service",
  "research", "agreement", "campaign", "other", NULL
};

/**
 * mnr_evidence_kind_is_valid:
 *
 * Returns: whether @kind is one of #mnr_evidence_kinds
 */
gboolean
mnr_evidence_kind_is_valid (const char *kind)
{
  return kind != NULL && g_strv_contains (mnr_evidence_kinds, kind);
}

/**
 * mnr_evidence_kind_get_label:
 *
 * Returns: the kind's name for people, translated
 */
const char *
mnr_evidence_kind_get_label (const char *kind)
{
  static const struct {
    const char *id;
    const char *label;
  } labels[] = {
    { "legislation", N_("Legislation") },
    { "policy", N_("Policy or strategy") },
    { "institution", N_("Institution or unit") },
    { "training", N_("Training") },
    { "service", N_("Service") },
    { "research", N_("Research or data") },
    { "agreement", N_("Agreement") },
    { "campaign", N_("Campaign") },
    { "other", N_("Other") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (kind, labels[i].id) == 0)
      return _(labels[i].label);

  return _("Other");
}

static void
mnr_evidence_finalize (GObject *object)
{
  MnrEvidence *self = (MnrEvidence *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->country, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->kind, g_free);
  g_clear_pointer (&self->date, g_free);
  g_clear_pointer (&self->source, g_free);
  g_clear_pointer (&self->summary, g_free);
  g_clear_pointer (&self->elements, g_strfreev);
  g_clear_pointer (&self->created_by, g_free);
  g_clear_pointer (&self->updated_by, g_free);

  G_OBJECT_CLASS (mnr_evidence_parent_class)->finalize (object);
}

static void
mnr_evidence_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  MnrEvidence *self = MNR_EVIDENCE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_KIND:
      g_value_set_string (value, self->kind);
      break;

    case PROP_DATE:
      g_value_set_string (value, self->date);
      break;

    case PROP_SUMMARY:
      g_value_set_string (value, self->summary);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mnr_evidence_class_init (MnrEvidenceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mnr_evidence_finalize;
  object_class->get_property = mnr_evidence_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_KIND] =
    g_param_spec_string ("kind", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DATE] =
    g_param_spec_string ("date", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUMMARY] =
    g_param_spec_string ("summary", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mnr_evidence_init (MnrEvidence *self)
{
  self->title = g_strdup ("");
  self->kind = g_strdup ("other");
  self->date = g_strdup ("");
  self->source = g_strdup ("");
  self->summary = g_strdup ("");
  self->elements = g_new0 (char *, 1);
}

MnrEvidence *
mnr_evidence_new_full (const char *id,
                       const char *country)
{
  MnrEvidence *self;

  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (country != NULL, NULL);

  self = g_object_new (MNR_TYPE_EVIDENCE, NULL);
  self->id = g_strdup (id);
  self->country = g_ascii_strup (country, -1);
  return self;
}

/**
 * mnr_evidence_new:
 * @country: the ISO 3166-1 alpha-2 code of the country it is about
 *
 * Returns: (transfer full): a new, unsaved item with a fresh id
 */
MnrEvidence *
mnr_evidence_new (const char *country)
{
  g_autofree char *id = g_uuid_string_random ();

  return mnr_evidence_new_full (id, country);
}

void
mnr_evidence_set_times (MnrEvidence *self,
                        gint64       created_at,
                        gint64       updated_at,
                        const char  *created_by,
                        const char  *updated_by)
{
  self->created_at = created_at;
  self->updated_at = updated_at;
  g_free (self->created_by);
  self->created_by = g_strdup (created_by);
  g_free (self->updated_by);
  self->updated_by = g_strdup (updated_by);
}

void
mnr_evidence_set_n_attachments (MnrEvidence *self,
                                guint        n)
{
  self->n_attachments = n;
}

static void
replace (MnrEvidence *self,
         char       **field,
         const char  *value,
         guint        prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value != NULL ? value : "");
  if (prop != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

const char *
mnr_evidence_get_id (MnrEvidence *self)
{
  g_return_val_if_fail (MNR_IS_EVIDENCE (self), NULL);
  return self->id;
}

const char *
mnr_evidence_get_country (MnrEvidence *self)
{
  g_return_val_if_fail (MNR_IS_EVIDENCE (self), NULL);
  return self->country;
}

const char *
mnr_evidence_get_title (MnrEvidence *self)
{
  g_return_val_if_fail (MNR_IS_EVIDENCE (self), NULL);
  return self->title;
}

void
mnr_evidence_set_title (MnrEvidence *self,
                        const char  *title)
{
  g_return_if_fail (MNR_IS_EVIDENCE (self));
  replace (self, &self->title, title, PROP_TITLE);
}

const char *
mnr_evidence_get_kind (MnrEvidence *self)
{
  g_return_val_if_fail (MNR_IS_EVIDENCE (self), NULL);
  return self->kind;
}

void
mnr_evidence_set_kind (MnrEvidence *self,
                       const char  *kind)
{
  g_return_if_fail (MNR_IS_EVIDENCE (self));
  g_return_if_fail (mnr_evidence_kind_is_valid (kind));
  replace (self, &self->kind, kind, PROP_KIND);
}

/**
 * mnr_evidence_get_date:
 *
 * Returns: "YYYY", "YYYY-MM" or "YYYY-MM-DD", or "" when unknown
 */
const char *
mnr_evidence_get_date (MnrEvidence *self)
{
  g_return_val_if_fail (MNR_IS_EVIDENCE (self), NULL);
  return self->date;
}

void
mnr_evidence_set_date (MnrEvidence *self,
                       const char  *date)
{
  g_return_if_fail (MNR_IS_EVIDENCE (self));
  replace (self, &self->date, date, PROP_DATE);
}

const char *
mnr_evidence_get_source (MnrEvidence *self)
{
  g_return_val_if_fail (MNR_IS_EVIDENCE (self), NULL);
  return self->source;
}

void
mnr_evidence_set_source (MnrEvidence *self,
                         const char  *source)
{
  g_return_if_fail (MNR_IS_EVIDENCE (self));
  replace (self, &self->source, source, 0);
}

const char *
mnr_evidence_get_summary (MnrEvidence *self)
{
  g_return_val_if_fail (MNR_IS_EVIDENCE (self), NULL);
  return self->summary;
}

/**
 * mnr_evidence_get_display_title:
 *
 * The title to show. Sample evidence keeps the English text of the sample
 * file in the store; it is shown in the user's language (a title the user
 * rewrote has no translation and is shown as written).
 *
 * Returns: the title, translated when @self is sample evidence
 */
const char *
mnr_evidence_get_display_title (MnrEvidence *self)
{
  g_return_val_if_fail (MNR_IS_EVIDENCE (self), NULL);
  return self->sample ? mnr_sample_evidence_translate (self->title) : self->title;
}

/**
 * mnr_evidence_get_display_summary:
 *
 * Returns: (nullable): the summary, translated when @self is sample evidence
 */
const char *
mnr_evidence_get_display_summary (MnrEvidence *self)
{
  g_return_val_if_fail (MNR_IS_EVIDENCE (self), NULL);
  return self->sample ? mnr_sample_evidence_translate (self->summary) : self->summary;
}

void
mnr_evidence_set_summary (MnrEvidence *self,
                          const char  *summary)
{
  g_return_if_fail (MNR_IS_EVIDENCE (self));
  replace (self, &self->summary, summary, PROP_SUMMARY);
}

gboolean
mnr_evidence_get_restricted (MnrEvidence *self)
{
  g_return_val_if_fail (MNR_IS_EVIDENCE (self), FALSE);
  return self->restricted;
}

void
mnr_evidence_set_restricted (MnrEvidence *self,
                             gboolean     restricted)
{
  g_return_if_fail (MNR_IS_EVIDENCE (self));
  self->restricted = !!restricted;
}

/**
 * mnr_evidence_get_sample:
 *
 * Returns: whether this is sample data (an example loaded with the app,
 *   such as the 2018 booklet's), never synced as the country's evidence
 */
gboolean
mnr_evidence_get_sample (MnrEvidence *self)
{
  g_return_val_if_fail (MNR_IS_EVIDENCE (self), FALSE);
  return self->sample;
}

void
mnr_evidence_set_sample (MnrEvidence *self,
                         gboolean     sample)
{
  g_return_if_fail (MNR_IS_EVIDENCE (self));
  self->sample = !!sample;
}


/**
 * mnr_evidence_get_elements:
 *
 * Returns: (transfer none): ids of the capabilities and enablers it backs
 */
const char * const *
mnr_evidence_get_elements (MnrEvidence *self)
{
  g_return_val_if_fail (MNR_IS_EVIDENCE (self), NULL);
  return (const char * const *)self->elements;
}

void
mnr_evidence_set_elements (MnrEvidence        *self,
                           const char * const *element_ids)
{
  g_return_if_fail (MNR_IS_EVIDENCE (self));

  g_strfreev (self->elements);
  self->elements = element_ids != NULL ? g_strdupv ((char **)element_ids) : g_new0 (char *, 1);
}

gboolean
mnr_evidence_has_element (MnrEvidence *self,
                          const char  *element_id)
{
  g_return_val_if_fail (MNR_IS_EVIDENCE (self), FALSE);
  return g_strv_contains ((const char * const *)self->elements, element_id);
}

gint64
mnr_evidence_get_created_at (MnrEvidence *self)
{
  g_return_val_if_fail (MNR_IS_EVIDENCE (self), 0);
  return self->created_at;
}

gint64
mnr_evidence_get_updated_at (MnrEvidence *self)
{
  g_return_val_if_fail (MNR_IS_EVIDENCE (self), 0);
  return self->updated_at;
}

const char *
mnr_evidence_get_updated_by (MnrEvidence *self)
{
  g_return_val_if_fail (MNR_IS_EVIDENCE (self), NULL);
  return self->updated_by;
}

guint
mnr_evidence_get_n_attachments (MnrEvidence *self)
{
  g_return_val_if_fail (MNR_IS_EVIDENCE (self), 0);
  return self->n_attachments;
}
