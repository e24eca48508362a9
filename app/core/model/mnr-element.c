/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-element"

#include "config.h"

#include <glib/gi18n.h>

#include "mnr-element-private.h"
#include "mnr-enums.h"

struct _MnrElement
{
  GObject         parent_instance;

  MnrElementKind  kind;
  guint           number;
  guint           position;
  char           *id;
  char           *title;
  char           *source_title;  /* the framework file's own, untranslated */
  char           *description;

  /* borrowed: the framework owns every element and outlives the links */
  MnrElement     *domain;

  /* owned: MnrVariant */
  GPtrArray      *variants;
};

G_DEFINE_FINAL_TYPE (MnrElement, mnr_element, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_KIND,
  PROP_ID,
  PROP_NUMBER,
  PROP_TITLE,
  PROP_DESCRIPTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
mnr_variant_free (gpointer data)
{
  MnrVariant *variant = data;

  g_free (variant->source);
  g_free (variant->field);
  g_free (variant->text);
  g_free (variant);
}

static void
mnr_element_finalize (GObject *object)
{
  MnrElement *self = (MnrElement *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->source_title, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->variants, g_ptr_array_unref);

  G_OBJECT_CLASS (mnr_element_parent_class)->finalize (object);
}

static void
mnr_element_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  MnrElement *self = MNR_ELEMENT (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;

    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_NUMBER:
      g_value_set_uint (value, self->number);
      break;

    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mnr_element_class_init (MnrElementClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mnr_element_finalize;
  object_class->get_property = mnr_element_get_property;

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL,
                       MNR_TYPE_ELEMENT_KIND, MNR_ELEMENT_CAPABILITY,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NUMBER] =
    g_param_spec_uint ("number", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mnr_element_init (MnrElement *self)
{
  self->variants = g_ptr_array_new_with_free_func (mnr_variant_free);
}

MnrElement *
mnr_element_new (MnrElementKind  kind,
                 const char     *id,
                 guint           number,
                 guint           position,
                 const char     *title,
                 const char     *description)
{
  MnrElement *self;

  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (title != NULL, NULL);

  self = g_object_new (MNR_TYPE_ELEMENT, NULL);
  self->kind = kind;
  self->id = g_strdup (id);
  self->number = number;
  self->position = position;
  self->title = g_strdup (title);
  self->description = g_strdup (description != NULL ? description : "");

  return self;
}

/**
 * mnr_element_set_source_title:
 *
 * Sets the title as the framework's file words it, before translation
 * (an import matches titles in every language).
 */
void
mnr_element_set_source_title (MnrElement *self,
                              const char *title)
{
  g_return_if_fail (MNR_IS_ELEMENT (self));

  g_free (self->source_title);
  self->source_title = g_strdup (title);
}

/**
 * mnr_element_get_source_title:
 *
 * Returns: the untranslated title, or the title when none was set
 */
const char *
mnr_element_get_source_title (MnrElement *self)
{
  g_return_val_if_fail (MNR_IS_ELEMENT (self), NULL);

  return self->source_title != NULL ? self->source_title : self->title;
}

void
mnr_element_set_domain (MnrElement *self,
                        MnrElement *domain)
{
  g_return_if_fail (MNR_IS_ELEMENT (self));
  g_return_if_fail (MNR_IS_ELEMENT (domain));
  g_return_if_fail (domain->kind == MNR_ELEMENT_DOMAIN);

  self->domain = domain;
}

void
mnr_element_add_variant (MnrElement *self,
                         const char *source,
                         const char *field,
                         const char *text)
{
  MnrVariant *variant;

  g_return_if_fail (MNR_IS_ELEMENT (self));

  variant = g_new0 (MnrVariant, 1);
  variant->source = g_strdup (source);
  variant->field = g_strdup (field);
  variant->text = g_strdup (text);
  g_ptr_array_add (self->variants, variant);
}

MnrElementKind
mnr_element_get_kind (MnrElement *self)
{
  g_return_val_if_fail (MNR_IS_ELEMENT (self), MNR_ELEMENT_CAPABILITY);

  return self->kind;
}

/**
 * mnr_element_get_id:
 *
 * Returns: the stable id of the element: "capability-4", "enabler-justice" …
 */
const char *
mnr_element_get_id (MnrElement *self)
{
  g_return_val_if_fail (MNR_IS_ELEMENT (self), NULL);

  return self->id;
}

/**
 * mnr_element_get_number:
 *
 * Returns: the capability's number (1–21), or the 1-based order of an
 *   enabler, domain or outcome in its column
 */
guint
mnr_element_get_number (MnrElement *self)
{
  g_return_val_if_fail (MNR_IS_ELEMENT (self), 0);

  return self->number;
}

/**
 * mnr_element_get_position:
 *
 * Returns: the 0-based place of a capability within its domain, or of any
 *   other element within its column
 */
guint
mnr_element_get_position (MnrElement *self)
{
  g_return_val_if_fail (MNR_IS_ELEMENT (self), 0);

  return self->position;
}

const char *
mnr_element_get_title (MnrElement *self)
{
  g_return_val_if_fail (MNR_IS_ELEMENT (self), NULL);

  return self->title;
}

const char *
mnr_element_get_description (MnrElement *self)
{
  g_return_val_if_fail (MNR_IS_ELEMENT (self), NULL);

  return self->description;
}

/**
 * mnr_element_get_domain:
 *
 * Returns: (transfer none) (nullable): the domain of a capability or an
 *   outcome, %NULL for enablers and domains
 */
MnrElement *
mnr_element_get_domain (MnrElement *self)
{
  g_return_val_if_fail (MNR_IS_ELEMENT (self), NULL);

  return self->domain;
}

/**
 * mnr_element_get_variants:
 *
 * Returns: (transfer none) (element-type MnrVariant): where other editions
 *   word this element differently
 */
GPtrArray *
mnr_element_get_variants (MnrElement *self)
{
  g_return_val_if_fail (MNR_IS_ELEMENT (self), NULL);

  return self->variants;
}

/**
 * mnr_element_dup_label:
 *
 * Returns: (transfer full): a self-contained name for the element, as a
 *   screen reader announces it: "Capability 4: Dedicated Law Enforcement"
 */
char *
mnr_element_dup_label (MnrElement *self)
{
  g_return_val_if_fail (MNR_IS_ELEMENT (self), NULL);

  switch (self->kind)
    {
    case MNR_ELEMENT_ENABLER:
      /* Translators: an enabler of the framework, then its title */
      return g_strdup_printf (_("Enabler: %s"), self->title);

    case MNR_ELEMENT_DOMAIN:
      /* Translators: a domain of the framework, then its title */
      return g_strdup_printf (_("Domain: %s"), self->title);

    case MNR_ELEMENT_CAPABILITY:
      /* Translators: capability number, then its title */
      return g_strdup_printf (_("Capability %u: %s"), self->number, self->title);

    case MNR_ELEMENT_OUTCOME:
      /* Translators: an outcome of the framework, then its title */
      return g_strdup_printf (_("Outcome: %s"), self->title);

    default:
      g_return_val_if_reached (g_strdup (self->title));
    }
}
