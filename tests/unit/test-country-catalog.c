/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <string.h>
#include <unistd.h>

#include "mnr-country-catalog.h"
#include "mnr-test-util.h"

/* The catalog against the system's iso-codes list and the bundled regional
 * groups, and the loader against files it must refuse. */

static MnrCountryCatalog *
load_system (void)
{
  g_autoptr(GError) error = NULL;
  MnrCountryCatalog *catalog = mnr_country_catalog_new (&error);

  g_assert_no_error (error);
  g_assert_true (MNR_IS_COUNTRY_CATALOG (catalog));
  return catalog;
}

static void
test_loads_system_list (void)
{
  g_autoptr(MnrCountryCatalog) catalog = load_system ();
  GListModel *countries = mnr_country_catalog_get_countries (catalog);
  g_autofree char *previous_key = NULL;
  guint n_items = g_list_model_get_n_items (countries);

  g_assert_true (g_list_model_get_item_type (countries) == MNR_TYPE_COUNTRY);
  g_assert_cmpuint (n_items, >=, 249);

  /* Sorted by name, as the user's locale sorts; codes are well formed. */
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(MnrCountry) country = g_list_model_get_item (countries, i);
      g_autofree char *key = g_utf8_collate_key (mnr_country_get_name (country), -1);

      g_assert_cmpuint (strlen (mnr_country_get_code (country)), ==, 2);
      g_assert_cmpuint (strlen (mnr_country_get_alpha3 (country)), ==, 3);
      g_assert_cmpuint (strlen (mnr_country_get_numeric (country)), ==, 3);
      g_assert_nonnull (mnr_country_get_flag (country));
      g_assert_true (mnr_country_catalog_lookup (catalog, mnr_country_get_code (country)) == country);
      g_assert_true (mnr_country_catalog_lookup (catalog, mnr_country_get_alpha3 (country)) == country);

      if (previous_key != NULL)
        g_assert_cmpstr (previous_key, <=, key);
      g_clear_pointer (&previous_key, g_free);
      previous_key = g_steal_pointer (&key);
    }
}

static void
test_lookup (void)
{
  g_autoptr(MnrCountryCatalog) catalog = load_system ();
  MnrCountry *ph = mnr_country_catalog_lookup (catalog, "ph");
  g_autofree char *name = NULL;
  g_autofree char *flag = NULL;

  g_assert_nonnull (ph);
  g_assert_true (mnr_country_catalog_lookup (catalog, "PH") == ph);
  g_assert_true (mnr_country_catalog_lookup (catalog, "PHL") == ph);
  g_assert_true (mnr_country_catalog_lookup (catalog, "phl") == ph);

  g_assert_cmpstr (mnr_country_get_code (ph), ==, "PH");
  g_assert_cmpstr (mnr_country_get_alpha3 (ph), ==, "PHL");
  g_assert_cmpstr (mnr_country_get_numeric (ph), ==, "608");
  g_assert_cmpstr (mnr_country_get_name (ph), ==, "Philippines");
  g_assert_cmpstr (mnr_country_get_official_name (ph), ==, "Republic of the Philippines");
  g_assert_cmpstr (mnr_country_get_flag (ph), ==, "🇵🇭");

  /* The properties say the same as the getters. */
  g_object_get (ph, "name", &name, "flag", &flag, NULL);
  g_assert_cmpstr (name, ==, "Philippines");
  g_assert_cmpstr (flag, ==, "\xF0\x9F\x87\xB5\xF0\x9F\x87\xAD");

  /* Leading zeros of numeric codes are kept; some countries have no
   * official name. */
  g_assert_cmpstr (mnr_country_get_numeric (mnr_country_catalog_lookup (catalog, "AF")), ==, "004");
  g_assert_null (mnr_country_get_official_name (mnr_country_catalog_lookup (catalog, "AW")));

  g_assert_null (mnr_country_catalog_lookup (catalog, NULL));
  g_assert_null (mnr_country_catalog_lookup (catalog, ""));
  g_assert_null (mnr_country_catalog_lookup (catalog, "P"));
  g_assert_null (mnr_country_catalog_lookup (catalog, "XX"));
  g_assert_null (mnr_country_catalog_lookup (catalog, "PHIL"));
  g_assert_null (mnr_country_catalog_lookup (catalog, "608"));
  g_assert_null (mnr_country_catalog_lookup (catalog, "ph\xc3"));
}

static void
test_common_names (void)
{
  g_autoptr(MnrCountryCatalog) catalog = load_system ();
  MnrCountry *vn = mnr_country_catalog_lookup (catalog, "VN");
  MnrCountry *bo = mnr_country_catalog_lookup (catalog, "BOL");
  static const char *needles[] = { "viet", "Vietnam", "viet nam", "VIÊT", "socialist republic", "VNM", "vn" };

  /* iso-codes gives "Viet Nam" as the ISO name and "Vietnam" as the
   * common one; the common name is shown, the others still find it. */
  g_assert_cmpstr (mnr_country_get_name (vn), ==, "Vietnam");
  g_assert_cmpstr (mnr_country_get_official_name (vn), ==, "Socialist Republic of Viet Nam");
  g_assert_cmpstr (mnr_country_get_name (bo), ==, "Bolivia");

  for (guint i = 0; i < G_N_ELEMENTS (needles); i++)
    {
      g_autoptr(GListModel) found = mnr_country_catalog_search (catalog, needles[i]);

      g_test_message ("searching “%s”", needles[i]);
      g_assert_true (mnr_country_matches (vn, needles[i]));
      g_assert_true (mnr_test_model_has_country (found, "VN"));
    }

  g_assert_true (mnr_country_matches (bo, "plurinational"));
}

static void
test_search_ignores_accents (void)
{
  g_autoptr(MnrCountryCatalog) catalog = load_system ();
  MnrCountry *ci = mnr_country_catalog_lookup (catalog, "CI");
  static const char *needles[] = {
    "cote", "COTE", "Côte", "côte d'ivoire", "cote d’ivoire", "  ivoire ", "CIV", "ci",
  };

  g_assert_cmpstr (mnr_country_get_name (ci), ==, "Côte d'Ivoire");

  for (guint i = 0; i < G_N_ELEMENTS (needles); i++)
    {
      g_autoptr(GListModel) found = mnr_country_catalog_search (catalog, needles[i]);

      g_test_message ("searching “%s”", needles[i]);
      g_assert_true (mnr_test_model_has_country (found, "CI"));
    }

  {
    g_autoptr(GListModel) found = mnr_country_catalog_search (catalog, "cote");
    g_assert_cmpuint (g_list_model_get_n_items (found), ==, 1);
  }
  {
    g_autoptr(GListModel) found = mnr_country_catalog_search (catalog, "turkiye");
    g_assert_true (mnr_test_model_has_country (found, "TR"));
  }
  {
    g_autoptr(GListModel) found = mnr_country_catalog_search (catalog, "");
    g_assert_cmpuint (g_list_model_get_n_items (found), ==,
                      g_list_model_get_n_items (mnr_country_catalog_get_countries (catalog)));
  }
  {
    g_autoptr(GListModel) found = mnr_country_catalog_search (catalog, "zzqx");
    g_assert_cmpuint (g_list_model_get_n_items (found), ==, 0);
  }

  /* Codes match whole, not in part. */
  g_assert_true (mnr_country_matches (mnr_country_catalog_lookup (catalog, "DE"), "deu"));
  g_assert_false (mnr_country_matches (mnr_country_catalog_lookup (catalog, "DE"), "eu"));
  g_assert_true (mnr_country_matches (ci, NULL));
  g_assert_false (mnr_country_matches (ci, "\xff"));
}

static void
test_flags (void)
{
  g_autoptr(MnrCountryCatalog) catalog = load_system ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *array;
  g_autofree char *ph = mnr_country_code_to_flag ("ph");

  g_assert_cmpstr (ph, ==, "🇵🇭");
  g_assert_null (mnr_country_code_to_flag (NULL));
  g_assert_null (mnr_country_code_to_flag ("P"));
  g_assert_null (mnr_country_code_to_flag ("P1"));
  g_assert_null (mnr_country_code_to_flag ("PHL"));

  /* Ours agree with the flags iso-codes writes out. */
  json_parser_load_from_file (parser, MNR_COUNTRY_CATALOG_ISO_3166_FILE, &error);
  g_assert_no_error (error);
  array = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "3166-1");

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);
      MnrCountry *country = mnr_country_catalog_lookup (catalog, json_object_get_string_member (object, "alpha_2"));

      g_assert_nonnull (country);
      if (json_object_has_member (object, "flag"))
        g_assert_cmpstr (mnr_country_get_flag (country), ==, json_object_get_string_member (object, "flag"));
    }
}

static void
test_bundled_groups (void)
{
  static const struct {
    const char *id;
    const char *short_name;
    guint n_members;
    const char *member;
  } expected[] = {
    { "asean", "ASEAN", 11, "TL" },
    { "saievac", "SAIEVAC", 8, "LK" },
    { "african-union", "AU", 55, "EH" },
    { "european-union", "EU", 27, "HR" },
  };
  g_autoptr(MnrCountryCatalog) catalog = load_system ();
  GListModel *groups = mnr_country_catalog_get_groups (catalog);

  g_assert_true (g_list_model_get_item_type (groups) == MNR_TYPE_REGIONAL_GROUP);
  g_assert_cmpuint (g_list_model_get_n_items (groups), ==, G_N_ELEMENTS (expected));

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(MnrRegionalGroup) group = g_list_model_get_item (groups, i);
      g_autoptr(GListModel) countries = NULL;
      g_autoptr(GError) error = NULL;
      const char * const *members;

      g_assert_true (mnr_country_catalog_lookup_group (catalog, expected[i].id) == group);
      g_assert_cmpstr (mnr_regional_group_get_id (group), ==, expected[i].id);
      g_assert_cmpstr (mnr_regional_group_get_short_name (group), ==, expected[i].short_name);
      g_assert_false (mnr_regional_group_get_user_defined (group));
      g_assert_cmpuint (mnr_regional_group_get_n_members (group), ==, expected[i].n_members);
      g_assert_true (mnr_regional_group_has_member (group, expected[i].member));

      /* Every member is a country of the catalog, once. */
      members = mnr_regional_group_get_members (group);
      g_assert_true (mnr_country_catalog_validate_members (catalog, members, &error));
      g_assert_no_error (error);
      for (guint m = 0; members[m] != NULL; m++)
        {
          MnrCountry *country = mnr_country_catalog_lookup (catalog, members[m]);

          if (country == NULL)
            g_error ("%s lists %s, which the catalog does not know", expected[i].id, members[m]);
          g_assert_cmpstr (mnr_country_get_code (country), ==, members[m]);
        }

      countries = mnr_country_catalog_list_group_members (catalog, group);
      g_assert_cmpuint (g_list_model_get_n_items (countries), ==, expected[i].n_members);
    }

  g_assert_cmpstr (mnr_regional_group_get_name (mnr_country_catalog_lookup_group (catalog, "asean")), ==,
                   "Association of Southeast Asian Nations");
  g_assert_false (mnr_regional_group_has_member (mnr_country_catalog_lookup_group (catalog, "asean"), "CN"));
  g_assert_true (mnr_regional_group_has_member (mnr_country_catalog_lookup_group (catalog, "asean"), "ph"));
  g_assert_null (mnr_country_catalog_lookup_group (catalog, "nato"));
  g_assert_null (mnr_country_catalog_lookup_group (catalog, NULL));
}

static void
test_group_msgids_match_file (void)
{
  g_autoptr(GBytes) bytes = g_resources_lookup_data (MNR_COUNTRY_CATALOG_GROUPS_RESOURCE, 0, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GHashTable) used = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  const char * const *msgids = mnr_country_catalog_get_group_msgids ();
  JsonArray *groups;

  g_assert_nonnull (bytes);
  json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), (gssize)g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  groups = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "groups");

  /* Every name and short name in groups.json is in the list xgettext
   * reads, and the list holds nothing else. */
  for (guint i = 0; i < json_array_get_length (groups); i++)
    {
      JsonObject *group = json_array_get_object_element (groups, i);
      const char *strings[] = {
        json_object_get_string_member (group, "name"),
        json_object_get_string_member_with_default (group, "short-name", NULL),
      };

      for (guint s = 0; s < G_N_ELEMENTS (strings); s++)
        {
          if (strings[s] == NULL)
            continue;
          if (!g_strv_contains (msgids, strings[s]))
            g_error ("“%s” of groups.json is missing from group_msgids in mnr-country-catalog.c", strings[s]);
          g_hash_table_add (used, (gpointer)strings[s]);
        }
    }

  for (guint i = 0; msgids[i] != NULL; i++)
    if (!g_hash_table_contains (used, msgids[i]))
      g_error ("“%s” of group_msgids is in no group of groups.json", msgids[i]);
}

static void
test_validate_members (void)
{
  g_autoptr(MnrCountryCatalog) catalog = load_system ();
  const char *good[] = { "PH", "vn", "TL", NULL };
  const char *unknown[] = { "PH", "XX", NULL };
  const char *alpha3[] = { "PHL", NULL };
  const char *empty_code[] = { "", NULL };
  const char *twice[] = { "PH", "ph", NULL };
  const char *none[] = { NULL };
  g_autoptr(MnrRegionalGroup) group = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (mnr_country_catalog_validate_members (catalog, good, &error));
  g_assert_no_error (error);
  g_assert_true (mnr_country_catalog_validate_members (catalog, none, &error));
  g_assert_true (mnr_country_catalog_validate_members (catalog, NULL, &error));
  g_assert_no_error (error);

  g_assert_false (mnr_country_catalog_validate_members (catalog, unknown, &error));
  g_assert_error (error, MNR_COUNTRY_CATALOG_ERROR, MNR_COUNTRY_CATALOG_ERROR_UNKNOWN_COUNTRY);
  g_assert_nonnull (strstr (error->message, "“XX”"));
  g_clear_error (&error);

  g_assert_false (mnr_country_catalog_validate_members (catalog, alpha3, &error));
  g_assert_error (error, MNR_COUNTRY_CATALOG_ERROR, MNR_COUNTRY_CATALOG_ERROR_UNKNOWN_COUNTRY);
  g_clear_error (&error);

  g_assert_false (mnr_country_catalog_validate_members (catalog, empty_code, &error));
  g_assert_error (error, MNR_COUNTRY_CATALOG_ERROR, MNR_COUNTRY_CATALOG_ERROR_UNKNOWN_COUNTRY);
  g_clear_error (&error);

  g_assert_false (mnr_country_catalog_validate_members (catalog, twice, &error));
  g_assert_error (error, MNR_COUNTRY_CATALOG_ERROR, MNR_COUNTRY_CATALOG_ERROR_UNKNOWN_COUNTRY);
  g_assert_nonnull (strstr (error->message, "Philippines"));
  g_clear_error (&error);

  /* A user's group, as the store makes it. */
  group = mnr_regional_group_new ("my-group", "My neighbours", "", good, TRUE);
  g_assert_true (mnr_regional_group_get_user_defined (group));
  g_assert_null (mnr_regional_group_get_short_name (group));
  g_assert_cmpuint (mnr_regional_group_get_n_members (group), ==, 3);
  g_assert_cmpstr (mnr_regional_group_get_members (group)[1], ==, "VN");
  g_assert_true (mnr_regional_group_has_member (group, "vn"));
  g_assert_false (mnr_regional_group_has_member (group, NULL));

  {
    g_autoptr(GListModel) countries = mnr_country_catalog_list_group_members (catalog, group);
    g_autoptr(MnrCountry) first = g_list_model_get_item (countries, 0);

    g_assert_cmpuint (g_list_model_get_n_items (countries), ==, 3);
    g_assert_cmpstr (mnr_country_get_code (first), ==, "PH");
  }
  {
    g_auto(GStrv) members = NULL;
    gboolean user_defined;

    g_object_get (group, "members", &members, "user-defined", &user_defined, NULL);
    g_assert_cmpuint (g_strv_length (members), ==, 3);
    g_assert_true (user_defined);
  }
}

/* --- files the loader must refuse --- */

typedef struct
{
  char *dir;
} TmpDir;

static void
tmp_dir_setup (TmpDir        *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("mnr-country-catalog-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
tmp_dir_teardown (TmpDir        *fixture,
                  gconstpointer  data)
{
  mnr_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static GFile *
write_file (TmpDir     *fixture,
            const char *name,
            const char *contents,
            gssize      length)
{
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

#define ENTRY(a2, a3, num, name) \
  "{\"alpha_2\": \"" a2 "\", \"alpha_3\": \"" a3 "\", \"numeric\": \"" num "\", \"name\": \"" name "\"}"

static void
test_loads_small_file (TmpDir        *fixture,
                       gconstpointer  data)
{
  static const char *json =
    "{\"3166-1\": ["
    ENTRY ("ZZ", "ZZZ", "999", "Zeta") ", "
    "{\"alpha_2\": \"AA\", \"alpha_3\": \"AAA\", \"numeric\": \"001\", \"name\": \"Zulu, Republic of\","
    " \"common_name\": \"Yonder\", \"official_name\": \"The Republic of Yonder\", \"flag\": 5, \"extra\": [1]},"
    ENTRY ("EE", "EEE", "002", "Élan")
    "]}";
  g_autoptr(GFile) file = write_file (fixture, "small.json", json, -1);
  g_autoptr(GError) error = NULL;
  g_autoptr(MnrCountryCatalog) catalog = mnr_country_catalog_new_from_file (file, &error);
  GListModel *countries;
  MnrCountry *yonder, *elan;

  g_assert_no_error (error);
  countries = mnr_country_catalog_get_countries (catalog);
  g_assert_cmpuint (g_list_model_get_n_items (countries), ==, 3);

  /* Sorted by the name shown, the common one: Yonder before Zeta, where
   * the ISO name "Zulu, Republic of" would come after. (Where "Élan" goes
   * depends on the locale's collation.) */
  yonder = mnr_country_catalog_lookup (catalog, "aaa");
  elan = mnr_country_catalog_lookup (catalog, "EE");
  {
    guint yonder_at = G_MAXUINT, zeta_at = G_MAXUINT;

    for (guint i = 0; i < 3; i++)
      {
        g_autoptr(MnrCountry) country = g_list_model_get_item (countries, i);

        if (country == yonder)
          yonder_at = i;
        else if (country == mnr_country_catalog_lookup (catalog, "ZZ"))
          zeta_at = i;
      }
    g_assert_cmpuint (yonder_at, <, zeta_at);
    g_assert_cmpuint (zeta_at, <, 3);
  }

  g_assert_cmpstr (mnr_country_get_name (yonder), ==, "Yonder");
  g_assert_cmpstr (mnr_country_get_official_name (yonder), ==, "The Republic of Yonder");
  g_assert_true (mnr_country_matches (yonder, "zulu, rep"));
  g_assert_cmpstr (mnr_country_get_flag (elan), ==, "🇪🇪");
  g_assert_true (mnr_country_matches (elan, "elan"));

  /* The bundled groups come along; their members are not checked
   * against a list that is not the system's. */
  g_assert_cmpuint (g_list_model_get_n_items (mnr_country_catalog_get_groups (catalog)), ==, 4);
}

static void
assert_refused_file (TmpDir     *fixture,
                     const char *contents,
                     gssize      length,
                     int         code,
                     const char *fragment)
{
  g_autoptr(GFile) file = write_file (fixture, "bad.json", contents, length);
  g_autoptr(GError) error = NULL;
  g_autoptr(MnrCountryCatalog) catalog = mnr_country_catalog_new_from_file (file, &error);

  g_assert_null (catalog);
  g_assert_error (error, MNR_COUNTRY_CATALOG_ERROR, code);
  if (strstr (error->message, fragment) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, fragment);
}

static void
test_refuses_malformed (TmpDir        *fixture,
                        gconstpointer  data)
{
  static const struct {
    const char *json;
    int code;
    const char *message;
  } cases[] = {
    { "", MNR_COUNTRY_CATALOG_ERROR_PARSE, "empty" },
    { "{\"3166-1\": [", MNR_COUNTRY_CATALOG_ERROR_PARSE, "not valid JSON" },
    { "not json at all", MNR_COUNTRY_CATALOG_ERROR_PARSE, "not valid JSON" },
    { "[1, 2]", MNR_COUNTRY_CATALOG_ERROR_INVALID, "one JSON object" },
    { "{}", MNR_COUNTRY_CATALOG_ERROR_INVALID, "has no “3166-1”" },
    { "{\"3166-1\": {}}", MNR_COUNTRY_CATALOG_ERROR_INVALID, "must be a list" },
    { "{\"3166-1\": []}", MNR_COUNTRY_CATALOG_ERROR_INVALID, "is empty" },
    { "{\"3166-1\": [\"PH\"]}", MNR_COUNTRY_CATALOG_ERROR_INVALID, "country 1 must be an object" },
    { "{\"3166-1\": [null]}", MNR_COUNTRY_CATALOG_ERROR_INVALID, "country 1 must be an object" },
    { "{\"3166-1\": [{\"alpha_2\": 7, \"alpha_3\": \"PHL\", \"numeric\": \"608\", \"name\": \"P\"}]}",
      MNR_COUNTRY_CATALOG_ERROR_INVALID, "“alpha_2” of country 1 must be text" },
    { "{\"3166-1\": [{\"alpha_2\": \"PH\", \"alpha_3\": \"PHL\", \"numeric\": 608, \"name\": \"P\"}]}",
      MNR_COUNTRY_CATALOG_ERROR_INVALID, "“numeric” of country 1 must be text" },
    { "{\"3166-1\": [{\"alpha_2\": \"PH\", \"alpha_3\": \"PHL\", \"numeric\": \"608\"}]}",
      MNR_COUNTRY_CATALOG_ERROR_INVALID, "country 1 has no “name”" },
    { "{\"3166-1\": [{\"alpha_2\": \"PH\", \"alpha_3\": \"PHL\", \"numeric\": \"608\", \"name\": \"\"}]}",
      MNR_COUNTRY_CATALOG_ERROR_INVALID, "“name” of country 1 is empty" },
    { "{\"3166-1\": [{\"alpha_2\": \"PH\", \"alpha_3\": \"PHL\", \"numeric\": \"608\", \"name\": [\"P\"]}]}",
      MNR_COUNTRY_CATALOG_ERROR_INVALID, "“name” of country 1 must be text" },
    { "{\"3166-1\": [{\"alpha_2\": \"PH\", \"alpha_3\": \"PHL\", \"numeric\": \"608\", \"name\": \"P\", \"official_name\": {}}]}",
      MNR_COUNTRY_CATALOG_ERROR_INVALID, "“official_name” of country 1 must be text" },
    { "{\"3166-1\": [" ENTRY ("P1", "PHL", "608", "P") "]}", MNR_COUNTRY_CATALOG_ERROR_INVALID, "code “P1”" },
    { "{\"3166-1\": [" ENTRY ("ph", "PHL", "608", "P") "]}", MNR_COUNTRY_CATALOG_ERROR_INVALID, "code “ph”" },
    { "{\"3166-1\": [" ENTRY ("PH", "PHLX", "608", "P") "]}", MNR_COUNTRY_CATALOG_ERROR_INVALID, "code “PHLX”" },
    { "{\"3166-1\": [" ENTRY ("PH", "PHL", "60", "P") "]}", MNR_COUNTRY_CATALOG_ERROR_INVALID, "code “60”" },
    { "{\"3166-1\": [" ENTRY ("PH", "PHL", "608", "P") ", " ENTRY ("PH", "PHX", "609", "Q") "]}",
      MNR_COUNTRY_CATALOG_ERROR_INVALID, "country 2 repeats the code “PH”" },
    { "{\"3166-1\": [" ENTRY ("PH", "PHL", "608", "P") ", " ENTRY ("PX", "PHL", "609", "Q") "]}",
      MNR_COUNTRY_CATALOG_ERROR_INVALID, "country 2 repeats the code “PHL”" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("case %u: %s", i, cases[i].json);
      assert_refused_file (fixture, cases[i].json, -1, cases[i].code, cases[i].message);
    }

  /* Not UTF-8 at all. */
  assert_refused_file (fixture, "\xff\xfe\x00{", 4, MNR_COUNTRY_CATALOG_ERROR_PARSE, "not valid JSON");
}

static void
test_refuses_missing (TmpDir        *fixture,
                      gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "nowhere.json", NULL);
  g_autoptr(GFile) missing = g_file_new_for_path (path);
  g_autoptr(GFile) directory = g_file_new_for_path (fixture->dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(MnrCountryCatalog) catalog = NULL;

  catalog = mnr_country_catalog_new_from_file (missing, &error);
  g_assert_null (catalog);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "nowhere.json"));
  g_clear_error (&error);

  catalog = mnr_country_catalog_new_from_file (directory, &error);
  g_assert_null (catalog);
  g_assert_nonnull (error);
}

static void
test_refuses_oversized (TmpDir        *fixture,
                        gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "huge.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(MnrCountryCatalog) catalog = NULL;
  int fd;

  /* A sparse file: large to stat, cheap to make, refused unread. */
  fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, MNR_COUNTRY_CATALOG_MAX_SIZE + 1), ==, 0);
  close (fd);

  catalog = mnr_country_catalog_new_from_file (file, &error);
  g_assert_null (catalog);
  g_assert_error (error, MNR_COUNTRY_CATALOG_ERROR, MNR_COUNTRY_CATALOG_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "too large"));
}

static void
test_translated_names (void)
{
  g_autoptr(MnrCountryCatalog) catalog = NULL;
  g_autofree char *saved = g_strdup (setlocale (LC_ALL, NULL));

  if (setlocale (LC_ALL, "fr_FR.UTF-8") == NULL)
    {
      g_test_skip ("the fr_FR.UTF-8 locale is not installed");
      return;
    }

  catalog = load_system ();
  setlocale (LC_ALL, saved);

  g_assert_cmpstr (mnr_country_get_name (mnr_country_catalog_lookup (catalog, "DE")), ==, "Allemagne");
  g_assert_cmpstr (mnr_country_get_name (mnr_country_catalog_lookup (catalog, "VN")), ==, "Viêt Nam");
  /* The French name is found without its accent. */
  g_assert_true (mnr_country_matches (mnr_country_catalog_lookup (catalog, "VN"), "viet nam"));
}

static void
test_countries_die_with_catalog (void)
{
  MnrCountryCatalog *catalog = load_system ();
  MnrCountry *country = mnr_country_catalog_lookup (catalog, "PH");
  MnrRegionalGroup *group = mnr_country_catalog_lookup_group (catalog, "asean");

  g_object_add_weak_pointer (G_OBJECT (country), (gpointer *)&country);
  g_object_add_weak_pointer (G_OBJECT (group), (gpointer *)&group);
  g_assert_finalize_object (catalog);
  g_assert_null (country);
  g_assert_null (group);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/country-catalog/loads-system-list", test_loads_system_list);
  g_test_add_func ("/country-catalog/lookup", test_lookup);
  g_test_add_func ("/country-catalog/common-names", test_common_names);
  g_test_add_func ("/country-catalog/search-ignores-accents", test_search_ignores_accents);
  g_test_add_func ("/country-catalog/flags", test_flags);
  g_test_add_func ("/country-catalog/bundled-groups", test_bundled_groups);
  g_test_add_func ("/country-catalog/group-msgids-match-file", test_group_msgids_match_file);
  g_test_add_func ("/country-catalog/validate-members", test_validate_members);
  g_test_add ("/country-catalog/loads-small-file", TmpDir, NULL,
              tmp_dir_setup, test_loads_small_file, tmp_dir_teardown);
  g_test_add ("/country-catalog/refuses-malformed", TmpDir, NULL,
              tmp_dir_setup, test_refuses_malformed, tmp_dir_teardown);
  g_test_add ("/country-catalog/refuses-missing", TmpDir, NULL,
              tmp_dir_setup, test_refuses_missing, tmp_dir_teardown);
  g_test_add ("/country-catalog/refuses-oversized", TmpDir, NULL,
              tmp_dir_setup, test_refuses_oversized, tmp_dir_teardown);
  g_test_add_func ("/country-catalog/translated-names", test_translated_names);
  g_test_add_func ("/country-catalog/countries-die-with-catalog", test_countries_die_with_catalog);

  return g_test_run ();
}
