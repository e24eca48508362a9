/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-country"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mnr-country.h"

/* A country as ISO 3166-1 describes it, with its names already translated
 * by the catalog that made it, and a regional group of countries (ASEAN, the
 * African Union …), bundled or defined by the user. Both are plain values:
 * they never change once made. */

struct _MnrCountry
{
  GObject  parent_instance;

  char    *code;
  char    *alpha3;
  char    *numeric;
  char    *name;
  char    *official_name;
  char    *flag;

  /* the names folded for search, one per line */
  char    *search_key;
};

G_DEFINE_FINAL_TYPE (MnrCountry, mnr_country, G_TYPE_OBJECT)

enum {
  COUNTRY_PROP_0,
  COUNTRY_PROP_CODE,
  COUNTRY_PROP_ALPHA3,
  COUNTRY_PROP_NUMERIC,
  COUNTRY_PROP_NAME,
  COUNTRY_PROP_OFFICIAL_NAME,
  COUNTRY_PROP_FLAG,
  COUNTRY_N_PROPS
};

static GParamSpec *country_properties[COUNTRY_N_PROPS];

static void
mnr_country_finalize (GObject *object)
{
  MnrCountry *self = (MnrCountry *)object;

  g_clear_pointer (&self->code, g_free);
  g_clear_pointer (&self->alpha3, g_free);
  g_clear_pointer (&self->numeric, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->official_name, g_free);
  g_clear_pointer (&self->flag, g_free);
  g_clear_pointer (&self->search_key, g_free);

  G_OBJECT_CLASS (mnr_country_parent_class)->finalize (object);
}

static void
mnr_country_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  MnrCountry *self = MNR_COUNTRY (object);

  switch (prop_id)
    {
    case COUNTRY_PROP_CODE:
      g_value_set_string (value, self->code);
      break;

    case COUNTRY_PROP_ALPHA3:
      g_value_set_string (value, self->alpha3);
      break;

    case COUNTRY_PROP_NUMERIC:
      g_value_set_string (value, self->numeric);
      break;

    case COUNTRY_PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case COUNTRY_PROP_OFFICIAL_NAME:
      g_value_set_string (value, self->official_name);
      break;

    case COUNTRY_PROP_FLAG:
      g_value_set_string (value, self->flag);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mnr_country_class_init (MnrCountryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mnr_country_finalize;
  object_class->get_property = mnr_country_get_property;

  country_properties[COUNTRY_PROP_CODE] =
    g_param_spec_string ("code", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  country_properties[COUNTRY_PROP_ALPHA3] =
    g_param_spec_string ("alpha3", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  country_properties[COUNTRY_PROP_NUMERIC] =
    g_param_spec_string ("numeric", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  country_properties[COUNTRY_PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  country_properties[COUNTRY_PROP_OFFICIAL_NAME] =
    g_param_spec_string ("official-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  country_properties[COUNTRY_PROP_FLAG] =
    g_param_spec_string ("flag", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, COUNTRY_N_PROPS, country_properties);
}

static void
mnr_country_init (MnrCountry *self)
{
}

/**
 * mnr_country_fold_for_search:
 * @text: (nullable): text in UTF-8
 *
 * Folds @text so that searches ignore case and accents: "Côte d’Ivoire"
 * becomes "cote d'ivoire". Leading and trailing white space is dropped.
 *
 * Returns: (transfer full): the folded text, "" for %NULL or invalid UTF-8
 */
char *
mnr_country_fold_for_search (const char *text)
{
  g_autofree char *decomposed = NULL;
  g_autofree char *trimmed = NULL;
  g_autoptr(GString) bare = NULL;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return g_strdup ("");

  trimmed = g_strstrip (g_strdup (text));
  decomposed = g_utf8_normalize (trimmed, -1, G_NORMALIZE_ALL);
  if (decomposed == NULL)
    return g_strdup ("");

  bare = g_string_sized_new (strlen (decomposed));
  for (const char *p = decomposed; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      /* The accents NFKD split off the letters they sat on. */
      if (g_unichar_type (c) == G_UNICODE_NON_SPACING_MARK)
        continue;

      /* Typed apostrophes match typographic ones. */
      if (c == 0x2018 || c == 0x2019 || c == 0x02BC)
        c = '\'';

      g_string_append_unichar (bare, c);
    }

  return g_utf8_casefold (bare->str, (gssize)bare->len);
}

/**
 * mnr_country_code_to_flag:
 * @code: (nullable): an ISO 3166-1 alpha-2 code, in either case
 *
 * Returns: (transfer full) (nullable): the flag emoji, two regional
 *   indicator symbols, or %NULL when @code is not two ASCII letters
 */
char *
mnr_country_code_to_flag (const char *code)
{
  char flag[2 * 4 + 1];
  int length = 0;

  if (code == NULL ||
      !g_ascii_isalpha (code[0]) || !g_ascii_isalpha (code[1]) || code[2] != '\0')
    return NULL;

  for (guint i = 0; i < 2; i++)
    length += g_unichar_to_utf8 (0x1F1E6 + (g_ascii_toupper (code[i]) - 'A'), flag + length);
  flag[length] = '\0';

  return g_strdup (flag);
}

static void
add_search_name (GString    *key,
                 const char *name)
{
  g_autofree char *folded = NULL;

  if (name == NULL || name[0] == '\0')
    return;

  folded = mnr_country_fold_for_search (name);
  g_string_append (key, folded);
  g_string_append_c (key, '\n');
}

/**
 * mnr_country_new:
 * @code: the alpha-2 code
 * @alpha3: the alpha-3 code
 * @numeric: the numeric code, three digits
 * @name: the name to show, translated
 * @official_name: (nullable): the official name, translated
 * @iso_name: (nullable): another name to find the country by, as the
 *   ISO short name when @name is a common name ("Viet Nam" for "Vietnam")
 *
 * For the catalog and tests; the app gets countries from an
 * #MnrCountryCatalog.
 *
 * Returns: (transfer full): a new country
 */
MnrCountry *
mnr_country_new (const char *code,
                 const char *alpha3,
                 const char *numeric,
                 const char *name,
                 const char *official_name,
                 const char *iso_name)
{
  MnrCountry *self;
  GString *key;

  g_return_val_if_fail (code != NULL, NULL);
  g_return_val_if_fail (alpha3 != NULL, NULL);
  g_return_val_if_fail (numeric != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  self = g_object_new (MNR_TYPE_COUNTRY, NULL);
  self->code = g_ascii_strup (code, -1);
  self->alpha3 = g_ascii_strup (alpha3, -1);
  self->numeric = g_strdup (numeric);
  self->name = g_strdup (name);
  self->official_name = (official_name != NULL && official_name[0] != '\0') ? g_strdup (official_name) : NULL;
  self->flag = mnr_country_code_to_flag (self->code);

  key = g_string_new (NULL);
  add_search_name (key, self->name);
  add_search_name (key, self->official_name);
  if (iso_name != NULL && g_strcmp0 (iso_name, name) != 0)
    add_search_name (key, iso_name);
  self->search_key = g_string_free (key, FALSE);

  return self;
}

/**
 * mnr_country_get_code:
 *
 * Returns: the ISO 3166-1 alpha-2 code, upper case: "PH"
 */
const char *
mnr_country_get_code (MnrCountry *self)
{
  g_return_val_if_fail (MNR_IS_COUNTRY (self), NULL);

  return self->code;
}

/**
 * mnr_country_get_alpha3:
 *
 * Returns: the ISO 3166-1 alpha-3 code, upper case: "PHL"
 */
const char *
mnr_country_get_alpha3 (MnrCountry *self)
{
  g_return_val_if_fail (MNR_IS_COUNTRY (self), NULL);

  return self->alpha3;
}

/**
 * mnr_country_get_numeric:
 *
 * Returns: the ISO 3166-1 numeric code as written, with its leading
 *   zeros: "608", "004"
 */
const char *
mnr_country_get_numeric (MnrCountry *self)
{
  g_return_val_if_fail (MNR_IS_COUNTRY (self), NULL);

  return self->numeric;
}

/**
 * mnr_country_get_name:
 *
 * Returns: the name to show, translated: the common name where ISO 3166
 *   gives one ("Vietnam"), else its short name ("Philippines")
 */
const char *
mnr_country_get_name (MnrCountry *self)
{
  g_return_val_if_fail (MNR_IS_COUNTRY (self), NULL);

  return self->name;
}

/**
 * mnr_country_get_official_name:
 *
 * Returns: (nullable): the official name, translated: "Republic of the
 *   Philippines"; %NULL when ISO 3166 gives none
 */
const char *
mnr_country_get_official_name (MnrCountry *self)
{
  g_return_val_if_fail (MNR_IS_COUNTRY (self), NULL);

  return self->official_name;
}

/**
 * mnr_country_get_flag:
 *
 * Returns: (nullable): the flag emoji ("🇵🇭"), or %NULL when the code
 *   cannot make one
 */
const char *
mnr_country_get_flag (MnrCountry *self)
{
  g_return_val_if_fail (MNR_IS_COUNTRY (self), NULL);

  return self->flag;
}

/**
 * mnr_country_matches:
 * @needle: (nullable): what the user typed
 *
 * Whether the country answers a search, ignoring case and accents: a part
 * of its name, of its official name or of its ISO short name, or its whole
 * alpha-2 or alpha-3 code. An empty @needle matches every country. Meant
 * for a #GtkCustomFilter.
 *
 * Returns: %TRUE if the country matches
 */
gboolean
mnr_country_matches (MnrCountry *self,
                     const char *needle)
{
  g_autofree char *folded = NULL;
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (MNR_IS_COUNTRY (self), FALSE);

  if (needle == NULL)
    return TRUE;

  trimmed = g_strstrip (g_strdup (needle));
  if (trimmed[0] == '\0')
    return TRUE;

  if (g_ascii_strcasecmp (trimmed, self->code) == 0 ||
      g_ascii_strcasecmp (trimmed, self->alpha3) == 0)
    return TRUE;

  folded = mnr_country_fold_for_search (trimmed);
  if (folded[0] == '\0' || strchr (folded, '\n') != NULL)
    return FALSE;

  return strstr (self->search_key, folded) != NULL;
}

/* --- MnrRegionalGroup --- */

struct _MnrRegionalGroup
{
  GObject    parent_instance;

  char      *id;
  char      *name;
  char      *short_name;
  GStrv      members;
  gboolean   user_defined;
};

G_DEFINE_FINAL_TYPE (MnrRegionalGroup, mnr_regional_group, G_TYPE_OBJECT)

enum {
  GROUP_PROP_0,
  GROUP_PROP_ID,
  GROUP_PROP_NAME,
  GROUP_PROP_SHORT_NAME,
  GROUP_PROP_MEMBERS,
  GROUP_PROP_USER_DEFINED,
  GROUP_N_PROPS
};

static GParamSpec *group_properties[GROUP_N_PROPS];

static void
mnr_regional_group_finalize (GObject *object)
{
  MnrRegionalGroup *self = (MnrRegionalGroup *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->short_name, g_free);
  g_clear_pointer (&self->members, g_strfreev);

  G_OBJECT_CLASS (mnr_regional_group_parent_class)->finalize (object);
}

static void
mnr_regional_group_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  MnrRegionalGroup *self = MNR_REGIONAL_GROUP (object);

  switch (prop_id)
    {
    case GROUP_PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case GROUP_PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case GROUP_PROP_SHORT_NAME:
      g_value_set_string (value, self->short_name);
      break;

    case GROUP_PROP_MEMBERS:
      g_value_set_boxed (value, self->members);
      break;

    case GROUP_PROP_USER_DEFINED:
      g_value_set_boolean (value, self->user_defined);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mnr_regional_group_class_init (MnrRegionalGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mnr_regional_group_finalize;
  object_class->get_property = mnr_regional_group_get_property;

  group_properties[GROUP_PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  group_properties[GROUP_PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  group_properties[GROUP_PROP_SHORT_NAME] =
    g_param_spec_string ("short-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  group_properties[GROUP_PROP_MEMBERS] =
    g_param_spec_boxed ("members", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  group_properties[GROUP_PROP_USER_DEFINED] =
    g_param_spec_boolean ("user-defined", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, GROUP_N_PROPS, group_properties);
}

static void
mnr_regional_group_init (MnrRegionalGroup *self)
{
}

/**
 * mnr_regional_group_new:
 * @id: a stable id: "asean", or one the store chose for a user's group
 * @name: the name to show, translated
 * @short_name: (nullable): an abbreviation: "ASEAN"; %NULL or "" for none
 * @members: (nullable) (array zero-terminated=1): alpha-2 codes, stored
 *   upper case; check them first with
 *   mnr_country_catalog_validate_members()
 * @user_defined: %FALSE for the groups bundled with the app
 *
 * Returns: (transfer full): a new group
 */
MnrRegionalGroup *
mnr_regional_group_new (const char         *id,
                        const char         *name,
                        const char         *short_name,
                        const char * const *members,
                        gboolean            user_defined)
{
  MnrRegionalGroup *self;
  guint n_members;

  g_return_val_if_fail (id != NULL && id[0] != '\0', NULL);
  g_return_val_if_fail (name != NULL, NULL);

  n_members = members != NULL ? g_strv_length ((char **)members) : 0;

  self = g_object_new (MNR_TYPE_REGIONAL_GROUP, NULL);
  self->id = g_strdup (id);
  self->name = g_strdup (name);
  self->short_name = (short_name != NULL && short_name[0] != '\0') ? g_strdup (short_name) : NULL;
  self->members = g_new0 (char *, n_members + 1);
  for (guint i = 0; i < n_members; i++)
    self->members[i] = g_ascii_strup (members[i], -1);
  self->user_defined = !!user_defined;

  return self;
}

const char *
mnr_regional_group_get_id (MnrRegionalGroup *self)
{
  g_return_val_if_fail (MNR_IS_REGIONAL_GROUP (self), NULL);

  return self->id;
}

/**
 * mnr_regional_group_get_name:
 *
 * Returns: the group's name, translated: "Association of Southeast Asian
 *   Nations"
 */
const char *
mnr_regional_group_get_name (MnrRegionalGroup *self)
{
  g_return_val_if_fail (MNR_IS_REGIONAL_GROUP (self), NULL);

  return self->name;
}

/**
 * mnr_regional_group_get_short_name:
 *
 * Returns: (nullable): the abbreviation, translated: "ASEAN"; %NULL when
 *   the group has none
 */
const char *
mnr_regional_group_get_short_name (MnrRegionalGroup *self)
{
  g_return_val_if_fail (MNR_IS_REGIONAL_GROUP (self), NULL);

  return self->short_name;
}

/**
 * mnr_regional_group_get_members:
 *
 * Returns: (transfer none) (array zero-terminated=1): the members'
 *   alpha-2 codes, upper case, in the order they were given
 */
const char * const *
mnr_regional_group_get_members (MnrRegionalGroup *self)
{
  g_return_val_if_fail (MNR_IS_REGIONAL_GROUP (self), NULL);

  return (const char * const *)self->members;
}

guint
mnr_regional_group_get_n_members (MnrRegionalGroup *self)
{
  g_return_val_if_fail (MNR_IS_REGIONAL_GROUP (self), 0);

  return g_strv_length (self->members);
}

gboolean
mnr_regional_group_get_user_defined (MnrRegionalGroup *self)
{
  g_return_val_if_fail (MNR_IS_REGIONAL_GROUP (self), FALSE);

  return self->user_defined;
}

/**
 * mnr_regional_group_has_member:
 * @code: an alpha-2 code, in either case
 *
 * Returns: %TRUE if the country @code belongs to the group
 */
gboolean
mnr_regional_group_has_member (MnrRegionalGroup *self,
                               const char       *code)
{
  g_autofree char *upper = NULL;

  g_return_val_if_fail (MNR_IS_REGIONAL_GROUP (self), FALSE);

  if (code == NULL)
    return FALSE;

  upper = g_ascii_strup (code, -1);
  return g_strv_contains ((const char * const *)self->members, upper);
}
