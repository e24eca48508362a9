/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-level"

#include "config.h"

#include <math.h>
#include <string.h>

#include "mnr-level.h"

/* One step of an assessment scale: "not assessed" (rank 0, not assessed)
 * then the ordered levels. Colours are "#rrggbb"; a level is always drawn
 * with its name beside the colour. */
struct _MnrLevel
{
  GObject   parent_instance;

  char     *id;
  guint     rank;
  gboolean  assessed;
  char     *name;
  char     *source_name;  /* the framework file's own, untranslated */
  char     *description;
  char     *enabler_description;
  char     *color;
  char     *text_color;
};

G_DEFINE_FINAL_TYPE (MnrLevel, mnr_level, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_RANK,
  PROP_NAME,
  PROP_DESCRIPTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
mnr_level_finalize (GObject *object)
{
  MnrLevel *self = (MnrLevel *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->source_name, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->enabler_description, g_free);
  g_clear_pointer (&self->color, g_free);
  g_clear_pointer (&self->text_color, g_free);

  G_OBJECT_CLASS (mnr_level_parent_class)->finalize (object);
}

static void
mnr_level_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  MnrLevel *self = MNR_LEVEL (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_RANK:
      g_value_set_uint (value, self->rank);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mnr_level_class_init (MnrLevelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mnr_level_finalize;
  object_class->get_property = mnr_level_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_RANK] =
    g_param_spec_uint ("rank", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mnr_level_init (MnrLevel *self)
{
}

MnrLevel *
mnr_level_new (const char *id,
               guint       rank,
               gboolean    assessed,
               const char *name,
               const char *description,
               const char *color,
               const char *text_color)
{
  MnrLevel *self;

  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (mnr_color_parse (color, NULL, NULL, NULL), NULL);
  g_return_val_if_fail (mnr_color_parse (text_color, NULL, NULL, NULL), NULL);

  self = g_object_new (MNR_TYPE_LEVEL, NULL);
  self->id = g_strdup (id);
  self->rank = rank;
  self->assessed = !!assessed;
  self->name = g_strdup (name);
  self->description = g_strdup (description != NULL ? description : "");
  self->color = g_ascii_strdown (color, -1);
  self->text_color = g_ascii_strdown (text_color, -1);

  return self;
}

const char *
mnr_level_get_id (MnrLevel *self)
{
  g_return_val_if_fail (MNR_IS_LEVEL (self), NULL);
  return self->id;
}

/**
 * mnr_level_get_rank:
 *
 * Returns: 0 for "not assessed", then 1, 2 … in the scale's order
 */
guint
mnr_level_get_rank (MnrLevel *self)
{
  g_return_val_if_fail (MNR_IS_LEVEL (self), 0);
  return self->rank;
}

gboolean
mnr_level_get_assessed (MnrLevel *self)
{
  g_return_val_if_fail (MNR_IS_LEVEL (self), FALSE);
  return self->assessed;
}

const char *
mnr_level_get_name (MnrLevel *self)
{
  g_return_val_if_fail (MNR_IS_LEVEL (self), NULL);
  return self->name;
}

/**
 * mnr_level_get_source_name:
 *
 * Returns: the name as the framework's file words it, before translation,
 *   or the name when none was set
 */
const char *
mnr_level_get_source_name (MnrLevel *self)
{
  g_return_val_if_fail (MNR_IS_LEVEL (self), NULL);
  return self->source_name != NULL ? self->source_name : self->name;
}

void
mnr_level_set_source_name (MnrLevel   *self,
                           const char *name)
{
  g_return_if_fail (MNR_IS_LEVEL (self));
  g_free (self->source_name);
  self->source_name = g_strdup (name);
}

const char *
mnr_level_get_description (MnrLevel *self)
{
  g_return_val_if_fail (MNR_IS_LEVEL (self), NULL);
  return self->description;
}

/**
 * mnr_level_set_enabler_description:
 * @description: (nullable): what the level means for an enabler, which
 *   is a condition the capabilities rest on, not a capability
 */
void
mnr_level_set_enabler_description (MnrLevel   *self,
                                   const char *description)
{
  g_return_if_fail (MNR_IS_LEVEL (self));

  g_free (self->enabler_description);
  self->enabler_description = description != NULL && description[0] != '\0' ? g_strdup (description) : NULL;
}

/**
 * mnr_level_get_description_for:
 * @kind: the kind of element rated
 *
 * Returns: what the level means for that kind of element: the enabler's
 *   own text for an enabler when the scale has one, else the description
 */
const char *
mnr_level_get_description_for (MnrLevel       *self,
                               MnrElementKind  kind)
{
  g_return_val_if_fail (MNR_IS_LEVEL (self), NULL);

  if (kind == MNR_ELEMENT_ENABLER && self->enabler_description != NULL)
    return self->enabler_description;
  return self->description;
}

/**
 * mnr_level_get_color:
 *
 * Returns: the fill colour, "#rrggbb" in lower case
 */
const char *
mnr_level_get_color (MnrLevel *self)
{
  g_return_val_if_fail (MNR_IS_LEVEL (self), NULL);
  return self->color;
}

/**
 * mnr_level_get_text_color:
 *
 * Returns: the colour of text drawn on the fill, "#rrggbb" in lower case
 */
const char *
mnr_level_get_text_color (MnrLevel *self)
{
  g_return_val_if_fail (MNR_IS_LEVEL (self), NULL);
  return self->text_color;
}

/**
 * mnr_color_parse:
 * @text: (nullable): a colour as "#rrggbb"
 *
 * Returns: whether @text is exactly "#" and six hexadecimal digits
 */
gboolean
mnr_color_parse (const char *text,
                 guint8     *red,
                 guint8     *green,
                 guint8     *blue)
{
  guint8 channels[3];

  if (text == NULL || text[0] != '#' || strlen (text) != 7)
    return FALSE;

  for (guint i = 0; i < 3; i++)
    {
      int hi = g_ascii_xdigit_value (text[1 + 2 * i]);
      int lo = g_ascii_xdigit_value (text[2 + 2 * i]);

      if (hi < 0 || lo < 0)
        return FALSE;
      channels[i] = (guint8)(hi * 16 + lo);
    }

  if (red != NULL)
    *red = channels[0];
  if (green != NULL)
    *green = channels[1];
  if (blue != NULL)
    *blue = channels[2];

  return TRUE;
}

static double
linear_channel (guint8 channel)
{
  double c = channel / 255.0;

  return c <= 0.04045 ? c / 12.92 : pow ((c + 0.055) / 1.055, 2.4);
}

/**
 * mnr_color_relative_luminance:
 *
 * Returns: the WCAG relative luminance of a "#rrggbb" colour, 0 to 1,
 *   or -1 when it does not parse
 */
double
mnr_color_relative_luminance (const char *text)
{
  guint8 r, g, b;

  if (!mnr_color_parse (text, &r, &g, &b))
    return -1;

  return 0.2126 * linear_channel (r) +
         0.7152 * linear_channel (g) +
         0.0722 * linear_channel (b);
}

/**
 * mnr_color_contrast_ratio:
 *
 * Returns: the WCAG contrast ratio of two colours, 1 to 21, or 0 when
 *   either does not parse
 */
double
mnr_color_contrast_ratio (const char *a,
                          const char *b)
{
  double la = mnr_color_relative_luminance (a);
  double lb = mnr_color_relative_luminance (b);

  if (la < 0 || lb < 0)
    return 0;

  return (MAX (la, lb) + 0.05) / (MIN (la, lb) + 0.05);
}
