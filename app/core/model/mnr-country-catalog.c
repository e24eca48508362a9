/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-country-catalog"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "mnr-core-resources.h"
#include "mnr-country-catalog.h"
#include "mnr-json-reader.h"

/* The countries of the world as the system's iso-codes package lists them
 * (ISO 3166-1), named in the user's language through that package's own
 * gettext domain, and the regional groups bundled with the app
 * (data/groups.json). Neither file is trusted: each field is checked and a
 * file that does not hold what it should is refused with a message that
 * says where the problem is. */

/* The gettext domain and catalog directory of the iso-codes package. */
#define ISO_3166_DOMAIN "iso_3166-1"
#define ISO_CODES_LOCALEDIR "/usr/share/locale"

#define GROUP_CONTEXT "regional group"
#define COUNTRY_CONTEXT "country name"

/* Names iso-codes lists but does not translate in every language of the
 * app: its common names ("Laos" has no Arabic or Russian entry in
 * iso_3166-1.mo) and its newest names. translate_iso() falls back to these,
 * translated in po/ with the context "country name". */
static const char * const country_msgids[] = {
  NC_("country name", "Bolivia"),
  NC_("country name", "Iran"),
  NC_("country name", "South Korea"),
  NC_("country name", "Laos"),
  NC_("country name", "Moldova"),
  NC_("country name", "North Korea"),
  NC_("country name", "Syria"),
  NC_("country name", "Taiwan"),
  NC_("country name", "Tanzania"),
  NC_("country name", "Türkiye"),
  NC_("country name", "Venezuela"),
  NC_("country name", "Vietnam"),
  NULL
};

/* The names of the bundled groups (data/groups.json) for xgettext, which
 * cannot read JSON. A unit test checks that the two lists agree. */
static const char * const group_msgids[] = {
  NC_("regional group", "Association of Southeast Asian Nations"),
  NC_("regional group", "ASEAN"),
  NC_("regional group", "South Asia Initiative to End Violence Against Children"),
  NC_("regional group", "SAIEVAC"),
  NC_("regional group", "African Union"),
  NC_("regional group", "AU"),
  NC_("regional group", "European Union"),
  NC_("regional group", "EU"),
  NULL
};

struct _MnrCountryCatalog
{
  GObject      parent_instance;

  /* MnrCountry, sorted by translated name */
  GListStore  *countries;
  /* alpha-2 and alpha-3 code, upper case → MnrCountry (borrowed) */
  GHashTable  *by_code;

  /* MnrRegionalGroup, in the order of the groups file */
  GListStore  *groups;
  /* group id → MnrRegionalGroup (borrowed) */
  GHashTable  *groups_by_id;
};

G_DEFINE_FINAL_TYPE (MnrCountryCatalog, mnr_country_catalog, G_TYPE_OBJECT)

G_DEFINE_QUARK (mnr-country-catalog-error-quark, mnr_country_catalog_error)

static void
mnr_country_catalog_finalize (GObject *object)
{
  MnrCountryCatalog *self = (MnrCountryCatalog *)object;

  g_clear_pointer (&self->by_code, g_hash_table_unref);
  g_clear_pointer (&self->groups_by_id, g_hash_table_unref);
  g_clear_object (&self->countries);
  g_clear_object (&self->groups);

  G_OBJECT_CLASS (mnr_country_catalog_parent_class)->finalize (object);
}

static void
mnr_country_catalog_class_init (MnrCountryCatalogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mnr_country_catalog_finalize;
}

static void
mnr_country_catalog_init (MnrCountryCatalog *self)
{
  self->countries = g_list_store_new (MNR_TYPE_COUNTRY);
  self->by_code = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->groups = g_list_store_new (MNR_TYPE_REGIONAL_GROUP);
  self->groups_by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

static const char *
translate_iso (const char *text)
{
  static gsize bound = 0;
  const char *translated;

  if (text == NULL || text[0] == '\0')
    return text;

  if (g_once_init_enter (&bound))
    {
      bindtextdomain (ISO_3166_DOMAIN, ISO_CODES_LOCALEDIR);
      bind_textdomain_codeset (ISO_3166_DOMAIN, "UTF-8");
      g_once_init_leave (&bound, 1);
    }

  translated = dgettext (ISO_3166_DOMAIN, text);

  /* dgettext() returns @text itself when iso-codes has no translation. */
  if (translated == text && g_strv_contains (country_msgids, text))
    return g_dpgettext2 (GETTEXT_PACKAGE, COUNTRY_CONTEXT, text);

  return translated;
}

static const char *
translate_group (const char *text)
{
  if (text == NULL || text[0] == '\0')
    return text;

  return g_dpgettext2 (GETTEXT_PACKAGE, GROUP_CONTEXT, text);
}

/* --- reading JSON --- */

/* Which file is being read, for the messages. */
typedef enum
{
  SOURCE_COUNTRIES,
  SOURCE_GROUPS,
} Source;

static void
report_invalid (GError        **error,
                const char     *problem,
                gconstpointer   data)
{
  if (*(const Source *)data == SOURCE_COUNTRIES)
    g_set_error (error, MNR_COUNTRY_CATALOG_ERROR, MNR_COUNTRY_CATALOG_ERROR_INVALID,
                 /* Translators: the placeholder says what is wrong and where */
                 _("The list of countries is not valid: %s"), problem);
  else
    g_set_error (error, MNR_COUNTRY_CATALOG_ERROR, MNR_COUNTRY_CATALOG_ERROR_INVALID,
                 /* Translators: the placeholder says what is wrong and where */
                 _("The list of regional groups is not valid: %s"), problem);
}

/* The size limit is the countries' for both lists, and so is its message. */
static void
report_unreadable (GError            **error,
                   MnrJsonUnreadable   what,
                   gint64              size,
                   const char         *detail,
                   gconstpointer       data)
{
  Source source = *(const Source *)data;

  switch (what)
    {
    case MNR_JSON_TOO_LARGE:
      g_set_error (error, MNR_COUNTRY_CATALOG_ERROR, MNR_COUNTRY_CATALOG_ERROR_TOO_LARGE,
                   _("The list of countries is too large (%lld bytes; the limit is %d)."),
                   (long long)size, MNR_COUNTRY_CATALOG_MAX_SIZE);
      break;

    case MNR_JSON_EMPTY:
      g_set_error (error, MNR_COUNTRY_CATALOG_ERROR, MNR_COUNTRY_CATALOG_ERROR_PARSE,
                   source == SOURCE_COUNTRIES ? _("The list of countries is empty.")
                                              : _("The list of regional groups is empty."));
      break;

    case MNR_JSON_NOT_JSON:
      if (source == SOURCE_COUNTRIES)
        g_set_error (error, MNR_COUNTRY_CATALOG_ERROR, MNR_COUNTRY_CATALOG_ERROR_PARSE,
                     /* Translators: the placeholder is the JSON parser's message */
                     _("The list of countries is not valid JSON: %s"), detail);
      else
        g_set_error (error, MNR_COUNTRY_CATALOG_ERROR, MNR_COUNTRY_CATALOG_ERROR_PARSE,
                     /* Translators: the placeholder is the JSON parser's message */
                     _("The list of regional groups is not valid JSON: %s"), detail);
      break;
    }
}

static const Source countries_source = SOURCE_COUNTRIES;
static const Source groups_source = SOURCE_GROUPS;
static const MnrJsonReader readers[] = {
  [SOURCE_COUNTRIES] = { report_invalid, &countries_source,
                         report_unreadable, MNR_COUNTRY_CATALOG_MAX_SIZE },
  [SOURCE_GROUPS] = { report_invalid, &groups_source,
                      report_unreadable, MNR_COUNTRY_CATALOG_MAX_SIZE },
};

#define invalid(error, source, ...) mnr_json_invalid (&readers[(source)], (error), __VA_ARGS__)

/* A string member: non-empty when @required, else a string or nothing;
 * @where names the object ("country 4"). */
static gboolean
get_string (JsonObject  *object,
            const char  *member,
            Source       source,
            const char  *where,
            gboolean     required,
            const char **out,
            GError     **error)
{
  return mnr_json_get_string (&readers[source], object, member, where,
                              required ? MNR_JSON_REQUIRED | MNR_JSON_NON_EMPTY : MNR_JSON_OPTIONAL,
                              out, error);
}

static gboolean
get_array (JsonObject  *object,
           const char  *member,
           Source       source,
           const char  *where,
           JsonArray  **out,
           GError     **error)
{
  return mnr_json_get_array (&readers[source], object, member, where, out, error);
}

static JsonObject *
get_object_element (JsonArray   *array,
                    guint        index,
                    Source       source,
                    const char  *where,
                    GError     **error)
{
  return mnr_json_get_object_element (&readers[source], array, index, where, error);
}

/* @length characters, each passing @check */
static gboolean
is_code (const char *text,
         gsize       length,
         gboolean  (*check) (gchar c))
{
  if (text == NULL || strlen (text) != length)
    return FALSE;

  for (gsize i = 0; i < length; i++)
    {
      if (!check (text[i]))
        return FALSE;
    }

  return TRUE;
}

static gboolean
is_upper (gchar c)
{
  return g_ascii_isupper (c);
}

static gboolean
is_digit (gchar c)
{
  return g_ascii_isdigit (c);
}

/* --- countries --- */

typedef struct
{
  MnrCountry *country;
  char       *collate_key;
} SortEntry;

static void
sort_entry_clear (gpointer data)
{
  SortEntry *entry = data;

  g_clear_object (&entry->country);
  g_clear_pointer (&entry->collate_key, g_free);
}

static int
sort_entry_compare (gconstpointer a,
                    gconstpointer b)
{
  const SortEntry *ea = a;
  const SortEntry *eb = b;
  int result = strcmp (ea->collate_key, eb->collate_key);

  if (result != 0)
    return result;

  return strcmp (mnr_country_get_code (ea->country), mnr_country_get_code (eb->country));
}

static gboolean
read_countries (MnrCountryCatalog  *self,
                JsonObject         *root,
                GError            **error)
{
  g_autoptr(GArray) entries = NULL;
  g_autoptr(GPtrArray) sorted = NULL;
  JsonArray *array;

  if (!get_array (root, "3166-1", SOURCE_COUNTRIES, _("the list of countries"), &array, error))
    return FALSE;

  entries = g_array_sized_new (FALSE, TRUE, sizeof (SortEntry), json_array_get_length (array));
  g_array_set_clear_func (entries, sort_entry_clear);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *where = g_strdup_printf (_("country %u"), i + 1);
      JsonObject *object;
      const char *alpha2, *alpha3, *numeric, *name, *common_name, *official_name;
      const char *shown;
      SortEntry entry;

      if (!(object = get_object_element (array, i, SOURCE_COUNTRIES, where, error)) ||
          !get_string (object, "alpha_2", SOURCE_COUNTRIES, where, TRUE, &alpha2, error) ||
          !get_string (object, "alpha_3", SOURCE_COUNTRIES, where, TRUE, &alpha3, error) ||
          !get_string (object, "numeric", SOURCE_COUNTRIES, where, TRUE, &numeric, error) ||
          !get_string (object, "name", SOURCE_COUNTRIES, where, TRUE, &name, error) ||
          !get_string (object, "common_name", SOURCE_COUNTRIES, where, FALSE, &common_name, error) ||
          !get_string (object, "official_name", SOURCE_COUNTRIES, where, FALSE, &official_name, error))
        return FALSE;

      if (!is_code (alpha2, 2, is_upper))
        return invalid (error, SOURCE_COUNTRIES, _("the code “%s” of %s is not valid"), alpha2, where);
      if (!is_code (alpha3, 3, is_upper))
        return invalid (error, SOURCE_COUNTRIES, _("the code “%s” of %s is not valid"), alpha3, where);
      if (!is_code (numeric, 3, is_digit))
        return invalid (error, SOURCE_COUNTRIES, _("the code “%s” of %s is not valid"), numeric, where);

      if (g_hash_table_contains (self->by_code, alpha2))
        return invalid (error, SOURCE_COUNTRIES, _("%s repeats the code “%s”"), where, alpha2);
      if (g_hash_table_contains (self->by_code, alpha3))
        return invalid (error, SOURCE_COUNTRIES, _("%s repeats the code “%s”"), where, alpha3);

      /* The common name where ISO gives one: "Vietnam" before "Viet Nam",
       * "Bolivia" before "Bolivia, Plurinational State of". */
      shown = (common_name != NULL && common_name[0] != '\0') ? common_name : name;

      entry.country = mnr_country_new (alpha2, alpha3, numeric,
                                       translate_iso (shown),
                                       translate_iso (official_name),
                                       translate_iso (name));
      entry.collate_key = g_utf8_collate_key (mnr_country_get_name (entry.country), -1);

      g_hash_table_insert (self->by_code, g_strdup (alpha2), entry.country);
      g_hash_table_insert (self->by_code, g_strdup (alpha3), entry.country);
      g_array_append_val (entries, entry);
    }

  g_array_sort (entries, sort_entry_compare);

  sorted = g_ptr_array_sized_new (entries->len);
  for (guint i = 0; i < entries->len; i++)
    g_ptr_array_add (sorted, g_array_index (entries, SortEntry, i).country);

  g_list_store_splice (self->countries, 0, 0, sorted->pdata, sorted->len);

  return TRUE;
}

static gboolean
read_countries_bytes (MnrCountryCatalog  *self,
                      GBytes             *bytes,
                      GError            **error)
{
  g_autoptr(JsonObject) root = mnr_json_load_bytes (&readers[SOURCE_COUNTRIES], bytes, error);

  if (root == NULL)
    return FALSE;

  return read_countries (self, root, error);
}

/* --- groups --- */

static gboolean
read_members (JsonObject   *object,
              const char   *where,
              GStrv        *out,
              GError      **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array;

  if (!get_array (object, "members", SOURCE_GROUPS, where, &array, error))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      const char *code;

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        return invalid (error, SOURCE_GROUPS, _("“%s” of %s must be a list of country codes"),
                        "members", where);

      code = json_node_get_string (node);

      if (!is_code (code, 2, is_upper))
        return invalid (error, SOURCE_GROUPS, _("%s lists “%s”, which is not a country code"),
                        where, code);

      if (!g_hash_table_add (seen, (gpointer)code))
        return invalid (error, SOURCE_GROUPS, _("%s lists the country “%s” twice"), where, code);

      g_strv_builder_add (builder, code);
    }

  *out = g_strv_builder_end (builder);
  return TRUE;
}

static gboolean
read_groups (MnrCountryCatalog  *self,
             JsonObject         *root,
             GError            **error)
{
  JsonArray *array;
  gint64 format;

  if (!mnr_json_get_format (&readers[SOURCE_GROUPS], root, &format, error))
    return FALSE;

  if (format != MNR_COUNTRY_CATALOG_GROUPS_FORMAT)
    return invalid (error, SOURCE_GROUPS, _("the file is written in format %lld; this version reads format %d"),
                    (long long)format, MNR_COUNTRY_CATALOG_GROUPS_FORMAT);

  if (!get_array (root, "groups", SOURCE_GROUPS, _("the list of regional groups"), &array, error))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *where = g_strdup_printf (_("group %u"), i + 1);
      g_autoptr(MnrRegionalGroup) group = NULL;
      g_auto(GStrv) members = NULL;
      JsonObject *object;
      const char *id, *name, *short_name;

      if (!(object = get_object_element (array, i, SOURCE_GROUPS, where, error)) ||
          !get_string (object, "id", SOURCE_GROUPS, where, TRUE, &id, error) ||
          !get_string (object, "name", SOURCE_GROUPS, where, TRUE, &name, error) ||
          !get_string (object, "short-name", SOURCE_GROUPS, where, FALSE, &short_name, error) ||
          !read_members (object, where, &members, error))
        return FALSE;

      if (!mnr_json_is_id (id))
        return invalid (error, SOURCE_GROUPS,
                        _("the id “%s” of %s may hold only lower-case letters, digits and hyphens"),
                        id, where);

      if (g_hash_table_contains (self->groups_by_id, id))
        return invalid (error, SOURCE_GROUPS, _("%s repeats the id “%s”"), where, id);

      group = mnr_regional_group_new (id, translate_group (name), translate_group (short_name),
                                      (const char * const *)members, FALSE);
      g_hash_table_insert (self->groups_by_id, g_strdup (id), group);
      g_list_store_append (self->groups, group);
    }

  return TRUE;
}

static gboolean
read_groups_bytes (MnrCountryCatalog  *self,
                   GBytes             *bytes,
                   GError            **error)
{
  g_autoptr(JsonObject) root = mnr_json_load_bytes (&readers[SOURCE_GROUPS], bytes, error);

  if (root == NULL)
    return FALSE;

  return read_groups (self, root, error);
}

static gboolean
read_bundled_groups (MnrCountryCatalog  *self,
                     GError            **error)
{
  g_autoptr(GBytes) bytes = NULL;

  bytes = g_resource_lookup_data (mnr_core_get_resource (),
                                  MNR_COUNTRY_CATALOG_GROUPS_RESOURCE,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return FALSE;

  return read_groups_bytes (self, bytes, error);
}

/* --- construction --- */

/**
 * mnr_country_catalog_new_from_file:
 * @iso_json: an ISO 3166-1 list in the iso-codes JSON format
 *
 * Reads the countries from @iso_json and the regional groups bundled with
 * the app. Tests use it with files of their own.
 *
 * Returns: (transfer full) (nullable): the catalog, or %NULL with @error
 *   set: in #G_IO_ERROR when the file cannot be read, in
 *   #MNR_COUNTRY_CATALOG_ERROR when it cannot be trusted
 */
MnrCountryCatalog *
mnr_country_catalog_new_from_file (GFile   *iso_json,
                                   GError **error)
{
  g_autoptr(MnrCountryCatalog) self = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (G_IS_FILE (iso_json), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  bytes = mnr_json_load_file (&readers[SOURCE_COUNTRIES], iso_json, &local_error);
  if (bytes == NULL)
    {
      g_autofree char *name = g_file_get_parse_name (iso_json);

      /* A file that could not be read is named; one too large is not. */
      if (local_error->domain != MNR_COUNTRY_CATALOG_ERROR)
        g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                    _("Could not read the list of countries in “%s”: "), name);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  self = g_object_new (MNR_TYPE_COUNTRY_CATALOG, NULL);

  if (!read_countries_bytes (self, bytes, error) ||
      !read_bundled_groups (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * mnr_country_catalog_new_from_bytes:
 * @iso_json: an ISO 3166-1 list in the iso-codes JSON format
 * @groups_json: (nullable): a groups file; %NULL: the bundled one
 *
 * As mnr_country_catalog_new_from_file(), from texts in memory: for tests
 * and the fuzz targets, which check the groups file's reader.
 *
 * Returns: (transfer full) (nullable): the catalog, or %NULL with @error
 *   set in #MNR_COUNTRY_CATALOG_ERROR
 */
MnrCountryCatalog *
mnr_country_catalog_new_from_bytes (GBytes  *iso_json,
                                    GBytes  *groups_json,
                                    GError **error)
{
  g_autoptr(MnrCountryCatalog) self = NULL;

  g_return_val_if_fail (iso_json != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (MNR_TYPE_COUNTRY_CATALOG, NULL);

  if (!read_countries_bytes (self, iso_json, error) ||
      !(groups_json != NULL ? read_groups_bytes (self, groups_json, error)
                            : read_bundled_groups (self, error)))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * mnr_country_catalog_new:
 *
 * Reads the system's ISO 3166-1 list (%MNR_COUNTRY_CATALOG_ISO_3166_FILE,
 * from the iso-codes package) and the bundled regional groups. Country
 * names are translated into the language of the current locale.
 *
 * Returns: (transfer full) (nullable): the catalog
 */
MnrCountryCatalog *
mnr_country_catalog_new (GError **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (MNR_COUNTRY_CATALOG_ISO_3166_FILE);

  return mnr_country_catalog_new_from_file (file, error);
}

/* --- countries --- */

/**
 * mnr_country_catalog_get_countries:
 *
 * Returns: (transfer none): every country as #MnrCountry, sorted by name
 *   in the user's language
 */
GListModel *
mnr_country_catalog_get_countries (MnrCountryCatalog *self)
{
  g_return_val_if_fail (MNR_IS_COUNTRY_CATALOG (self), NULL);

  return G_LIST_MODEL (self->countries);
}

/**
 * mnr_country_catalog_lookup:
 * @code: an alpha-2 ("PH") or alpha-3 ("PHL") code, in either case
 *
 * Returns: (transfer none) (nullable): the country, or %NULL
 */
MnrCountry *
mnr_country_catalog_lookup (MnrCountryCatalog *self,
                            const char        *code)
{
  char upper[4];
  gsize length;

  g_return_val_if_fail (MNR_IS_COUNTRY_CATALOG (self), NULL);

  if (code == NULL)
    return NULL;

  length = strlen (code);
  if (length != 2 && length != 3)
    return NULL;

  for (gsize i = 0; i < length; i++)
    upper[i] = g_ascii_toupper (code[i]);
  upper[length] = '\0';

  return g_hash_table_lookup (self->by_code, upper);
}

/**
 * mnr_country_catalog_search:
 * @text: (nullable): what the user typed
 *
 * The countries that answer @text as mnr_country_matches() decides, in the
 * catalog's order. A view that filters as the user types is better served
 * by a #GtkFilterListModel over mnr_country_catalog_get_countries() with
 * mnr_country_matches() in a #GtkCustomFilter.
 *
 * Returns: (transfer full): a new list of #MnrCountry
 */
GListModel *
mnr_country_catalog_search (MnrCountryCatalog *self,
                            const char        *text)
{
  GListStore *result;
  guint n_items;

  g_return_val_if_fail (MNR_IS_COUNTRY_CATALOG (self), NULL);

  result = g_list_store_new (MNR_TYPE_COUNTRY);
  n_items = g_list_model_get_n_items (G_LIST_MODEL (self->countries));

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(MnrCountry) country = g_list_model_get_item (G_LIST_MODEL (self->countries), i);

      if (mnr_country_matches (country, text))
        g_list_store_append (result, country);
    }

  return G_LIST_MODEL (result);
}

/* --- groups --- */

/**
 * mnr_country_catalog_get_groups:
 *
 * Returns: (transfer none): the regional groups bundled with the app, as
 *   #MnrRegionalGroup, in the order of the groups file
 */
GListModel *
mnr_country_catalog_get_groups (MnrCountryCatalog *self)
{
  g_return_val_if_fail (MNR_IS_COUNTRY_CATALOG (self), NULL);

  return G_LIST_MODEL (self->groups);
}

/**
 * mnr_country_catalog_lookup_group:
 * @id: a bundled group's id: "asean"
 *
 * Returns: (transfer none) (nullable): the group, or %NULL
 */
MnrRegionalGroup *
mnr_country_catalog_lookup_group (MnrCountryCatalog *self,
                                  const char        *id)
{
  g_return_val_if_fail (MNR_IS_COUNTRY_CATALOG (self), NULL);

  if (id == NULL)
    return NULL;

  return g_hash_table_lookup (self->groups_by_id, id);
}

/**
 * mnr_country_catalog_list_group_members:
 * @group: a bundled or user-defined group
 *
 * Returns: (transfer full): a new list of the group's countries as
 *   #MnrCountry, sorted by name; codes the catalog does not know are left
 *   out
 */
GListModel *
mnr_country_catalog_list_group_members (MnrCountryCatalog *self,
                                        MnrRegionalGroup  *group)
{
  GListStore *result;
  guint n_items;

  g_return_val_if_fail (MNR_IS_COUNTRY_CATALOG (self), NULL);
  g_return_val_if_fail (MNR_IS_REGIONAL_GROUP (group), NULL);

  result = g_list_store_new (MNR_TYPE_COUNTRY);
  n_items = g_list_model_get_n_items (G_LIST_MODEL (self->countries));

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(MnrCountry) country = g_list_model_get_item (G_LIST_MODEL (self->countries), i);

      if (mnr_regional_group_has_member (group, mnr_country_get_code (country)))
        g_list_store_append (result, country);
    }

  return G_LIST_MODEL (result);
}

/**
 * mnr_country_catalog_validate_members:
 * @members: (nullable) (array zero-terminated=1): alpha-2 codes, in
 *   either case
 *
 * Checks a user's group before it is stored: every code must be the
 * alpha-2 code of a country of the catalog, and none may come twice. An
 * empty list is valid.
 *
 * Returns: %TRUE if the members are valid, else %FALSE with @error set
 *   to %MNR_COUNTRY_CATALOG_ERROR_UNKNOWN_COUNTRY
 */
gboolean
mnr_country_catalog_validate_members (MnrCountryCatalog  *self,
                                      const char * const *members,
                                      GError            **error)
{
  g_autoptr(GHashTable) seen = NULL;

  g_return_val_if_fail (MNR_IS_COUNTRY_CATALOG (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (members == NULL)
    return TRUE;

  seen = g_hash_table_new (g_direct_hash, g_direct_equal);

  for (guint i = 0; members[i] != NULL; i++)
    {
      MnrCountry *country = NULL;

      if (strlen (members[i]) == 2)
        country = mnr_country_catalog_lookup (self, members[i]);

      if (country == NULL)
        {
          g_set_error (error, MNR_COUNTRY_CATALOG_ERROR, MNR_COUNTRY_CATALOG_ERROR_UNKNOWN_COUNTRY,
                       _("“%s” is not the code of a known country."), members[i]);
          return FALSE;
        }

      if (!g_hash_table_add (seen, country))
        {
          g_set_error (error, MNR_COUNTRY_CATALOG_ERROR, MNR_COUNTRY_CATALOG_ERROR_UNKNOWN_COUNTRY,
                       _("The country “%s” is listed twice."), mnr_country_get_name (country));
          return FALSE;
        }
    }

  return TRUE;
}

/**
 * mnr_country_catalog_get_group_msgids:
 *
 * The names and short names of the bundled groups as xgettext extracts
 * them (context "regional group"), untranslated; for the test that keeps
 * them in step with data/groups.json.
 *
 * Returns: (transfer none) (array zero-terminated=1): the strings
 */
const char * const *
mnr_country_catalog_get_group_msgids (void)
{
  return group_msgids;
}
