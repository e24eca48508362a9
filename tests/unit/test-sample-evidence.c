/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <string.h>

#include "mnr-evidence.h"
#include "mnr-sample-evidence.h"
#include "mnr-test-util.h"

/* The bundled working examples of the 2018 booklet against the seed text
 * (coverage, countries, own words), and the loader against files it must
 * refuse. */

#define ISO_3166_JSON "/usr/share/iso-codes/json/iso_3166-1.json"
#define SEED_NAME "001_d8b61599f7535e95.txt"
/* A run of this many words shared with the booklet is a copied sentence. */
#define COPY_RUN 12

static MnrSampleEvidence *
load_default (void)
{
  g_autoptr(GError) error = NULL;
  MnrSampleEvidence *sample = mnr_sample_evidence_new_default (&error);

  g_assert_no_error (error);
  g_assert_true (MNR_IS_SAMPLE_EVIDENCE (sample));
  return sample;
}

static MnrSampleExample *
item (GListModel *model,
      guint       position)
{
  g_autoptr(MnrSampleExample) example = g_list_model_get_item (model, position);

  g_assert_nonnull (example);
  return example;
}

static gboolean
model_has_country (GListModel *model,
                   const char *code)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      if (g_strcmp0 (mnr_sample_example_get_country (item (model, i)), code) == 0)
        return TRUE;
    }

  return FALSE;
}

static void
test_loads_default (void)
{
  g_autoptr(MnrSampleEvidence) sample = load_default ();
  GListModel *examples = mnr_sample_evidence_get_examples (sample);

  g_assert_cmpstr (mnr_sample_evidence_get_id (sample), ==, "booklet-2018");
  g_assert_cmpstr (mnr_sample_evidence_get_title (sample), ==,
                   "Working examples from the 2018 WePROTECT booklet");
  g_assert_cmpuint (g_list_model_get_n_items (examples), >=, 40);
  g_test_message ("%u examples", g_list_model_get_n_items (examples));
}

static void
test_fields (void)
{
  static const char *prefix =
    "WePROTECT Global Alliance, Working Examples of Model National Response "
    "Capabilities and Implementation (2018), ";
  g_autoptr(MnrSampleEvidence) sample = load_default ();
  GListModel *examples = mnr_sample_evidence_get_examples (sample);

  for (guint i = 0; i < g_list_model_get_n_items (examples); i++)
    {
      MnrSampleExample *example = item (examples, i);
      const char *id = mnr_sample_example_get_id (example);
      const char *country = mnr_sample_example_get_country (example);
      const char *region = mnr_sample_example_get_region (example);
      const guint *numbers;
      guint n_numbers;

      g_assert_true (g_str_has_prefix (id, "booklet-2018-"));
      g_assert_true (mnr_sample_evidence_lookup (sample, id) == example);
      g_assert_true ((country == NULL) != (region == NULL));

      numbers = mnr_sample_example_get_capabilities (example, &n_numbers);
      g_assert_cmpuint (n_numbers, >=, 1);
      for (guint j = 0; j < n_numbers; j++)
        {
          g_assert_cmpuint (numbers[j], >=, 1);
          g_assert_cmpuint (numbers[j], <=, 21);
          g_assert_true (mnr_sample_example_has_capability (example, numbers[j]));
        }

      g_assert_true (g_strv_contains (mnr_sample_evidence_kinds, mnr_sample_example_get_kind (example)));
      g_assert_cmpuint (mnr_sample_example_get_year (example), >=, 2000);
      g_assert_cmpuint (mnr_sample_example_get_year (example), <=, 2018);
      if (mnr_sample_example_get_year_approximate (example))
        g_assert_cmpuint (mnr_sample_example_get_year (example), ==, 2018);

      g_assert_cmpuint (g_utf8_strlen (mnr_sample_example_get_title (example), -1), <=, 80);
      g_assert_cmpuint (strlen (mnr_sample_example_get_summary (example)), >, 40);
      g_assert_true (g_str_has_prefix (mnr_sample_example_get_citation (example), prefix));
      g_assert_true (g_str_has_prefix (mnr_sample_example_get_source_section (example), "Capabilities "));
    }
}

static void
test_capability_coverage (void)
{
  /* The booklet has nothing on these; the lead sees the gap here. */
  static const guint expected_gaps[] = { 10, 14, 15 };
  g_autoptr(MnrSampleEvidence) sample = load_default ();
  g_autoptr(GString) counts = g_string_new ("examples per capability:");
  g_autoptr(GString) gaps = g_string_new ("capabilities without examples:");
  g_autoptr(GArray) missing = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint n = 1; n <= 21; n++)
    {
      g_autoptr(GListModel) backing = mnr_sample_evidence_for_capability (sample, n);
      guint count = g_list_model_get_n_items (backing);

      g_string_append_printf (counts, " %u:%u", n, count);
      if (count == 0)
        {
          g_array_append_val (missing, n);
          g_string_append_printf (gaps, " %u", n);
        }

      for (guint i = 0; i < count; i++)
        g_assert_true (mnr_sample_example_has_capability (item (backing, i), n));
    }

  g_test_message ("%s", counts->str);
  g_test_message ("%s", gaps->str);

  g_assert_cmpmem (missing->data, missing->len * sizeof (guint),
                   expected_gaps, sizeof expected_gaps);
}

static void
test_countries_are_iso (void)
{
  g_autoptr(MnrSampleEvidence) sample = load_default ();
  GListModel *examples = mnr_sample_evidence_get_examples (sample);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GHashTable) codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  JsonArray *entries;

  if (!g_file_test (ISO_3166_JSON, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("iso-codes is not installed");
      return;
    }

  json_parser_load_from_file (parser, ISO_3166_JSON, &error);
  g_assert_no_error (error);

  entries = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "3166-1");
  g_assert_nonnull (entries);

  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);

      g_hash_table_add (codes, g_strdup (json_object_get_string_member (entry, "alpha_2")));
    }
  g_assert_cmpuint (g_hash_table_size (codes), >, 200);

  for (guint i = 0; i < g_list_model_get_n_items (examples); i++)
    {
      const char *country = mnr_sample_example_get_country (item (examples, i));

      if (country != NULL && !g_hash_table_contains (codes, country))
        g_error ("%s names the country “%s”, which is not in ISO 3166-1",
                 mnr_sample_example_get_id (item (examples, i)), country);
    }
}

static void
test_booklet_countries (void)
{
  /* Every country the booklet's examples name. */
  static const char *countries[] = {
    "AL", "CO", "GH", "ME", "NA", "PH", "PE", "GR", "SV",
    "JO", "NO", "TR", "MX", "UG", "VN", "CR", "MN", "TZ",
  };
  g_autoptr(MnrSampleEvidence) sample = load_default ();
  GListModel *examples = mnr_sample_evidence_get_examples (sample);
  gboolean asean = FALSE, saievac = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (countries); i++)
    {
      g_autoptr(GListModel) own = mnr_sample_evidence_for_country (sample, countries[i]);

      if (g_list_model_get_n_items (own) == 0)
        g_error ("the booklet's country %s has no example", countries[i]);

      for (guint j = 0; j < g_list_model_get_n_items (own); j++)
        g_assert_cmpstr (mnr_sample_example_get_country (item (own, j)), ==, countries[i]);
    }

  for (guint i = 0; i < g_list_model_get_n_items (examples); i++)
    {
      const char *region = mnr_sample_example_get_region (item (examples, i));

      asean |= g_strcmp0 (region, "asean") == 0;
      saievac |= g_strcmp0 (region, "saievac") == 0;
    }

  g_assert_true (asean);
  g_assert_true (saievac);
}

static void
test_for_country (void)
{
  g_autoptr(MnrSampleEvidence) sample = load_default ();
  g_autoptr(GListModel) philippines = mnr_sample_evidence_for_country (sample, "PH");
  g_autoptr(GListModel) lower = mnr_sample_evidence_for_country (sample, "ph");
  g_autoptr(GListModel) none = mnr_sample_evidence_for_country (sample, "FR");
  g_autoptr(GListModel) region = mnr_sample_evidence_for_country (sample, "asean");

  /* The Philippines appear in three sections. */
  g_assert_cmpuint (g_list_model_get_n_items (philippines), >=, 3);
  g_assert_cmpuint (g_list_model_get_n_items (lower), ==, g_list_model_get_n_items (philippines));
  g_assert_cmpuint (g_list_model_get_n_items (none), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (region), ==, 0);
}

static void
test_for_capability (void)
{
  g_autoptr(MnrSampleEvidence) sample = load_default ();
  g_autoptr(GListModel) law_enforcement = mnr_sample_evidence_for_capability (sample, 4);
  g_autoptr(GListModel) image_databases = mnr_sample_evidence_for_capability (sample, 7);
  g_autoptr(GListModel) zero = mnr_sample_evidence_for_capability (sample, 0);
  g_autoptr(GListModel) beyond = mnr_sample_evidence_for_capability (sample, 22);

  g_assert_true (model_has_country (law_enforcement, "GR"));
  g_assert_true (model_has_country (law_enforcement, "JO"));
  g_assert_true (model_has_country (image_databases, "GR"));
  g_assert_cmpuint (g_list_model_get_n_items (zero), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (beyond), ==, 0);
}

static void
test_citations (void)
{
  g_autoptr(MnrSampleEvidence) sample = load_default ();
  MnrSampleExample *greece = mnr_sample_evidence_lookup (sample, "booklet-2018-gr-01");
  MnrSampleExample *uganda = mnr_sample_evidence_lookup (sample, "booklet-2018-ug-01");
  MnrSampleExample *albania = mnr_sample_evidence_lookup (sample, "booklet-2018-al-01");

  g_assert_nonnull (greece);
  g_assert_nonnull (uganda);
  g_assert_nonnull (albania);

  g_assert_cmpstr (mnr_sample_example_get_source_pages (albania), ==, "10–13");
  g_assert_cmpstr (mnr_sample_example_get_citation (albania), ==,
                   "WePROTECT Global Alliance, Working Examples of Model National Response "
                   "Capabilities and Implementation (2018), pp. 10–13");
  g_assert_cmpstr (mnr_sample_example_get_citation (greece), ==,
                   "WePROTECT Global Alliance, Working Examples of Model National Response "
                   "Capabilities and Implementation (2018), pp. 14–17");
  g_assert_null (mnr_sample_example_get_source_pages (uganda));
  g_assert_cmpstr (mnr_sample_example_get_source_section (uganda), ==, "Capabilities 8–11: Victim");
  g_assert_cmpstr (mnr_sample_example_get_citation (uganda), ==,
                   "WePROTECT Global Alliance, Working Examples of Model National Response "
                   "Capabilities and Implementation (2018), section “Capabilities 8–11: Victim”");
}

static void
test_example_details (void)
{
  /* Spot checks against the booklet. */
  g_autoptr(MnrSampleEvidence) sample = load_default ();
  MnrSampleExample *greece = mnr_sample_evidence_lookup (sample, "booklet-2018-gr-01");
  MnrSampleExample *norway = mnr_sample_evidence_lookup (sample, "booklet-2018-no-01");
  const guint *numbers;
  guint n_numbers;

  numbers = mnr_sample_example_get_capabilities (greece, &n_numbers);
  g_assert_cmpuint (n_numbers, ==, 2);
  g_assert_cmpuint (numbers[0], ==, 4);
  g_assert_cmpuint (numbers[1], ==, 7);
  g_assert_cmpstr (mnr_sample_example_get_kind (greece), ==, "institution");
  g_assert_cmpuint (mnr_sample_example_get_year (greece), ==, 2018);
  g_assert_true (mnr_sample_example_get_year_approximate (greece));

  /* Police2peer, March 2017 */
  g_assert_nonnull (strstr (mnr_sample_example_get_title (norway), "Police2peer"));
  g_assert_cmpuint (mnr_sample_example_get_year (norway), ==, 2017);
  g_assert_false (mnr_sample_example_get_year_approximate (norway));
}

/* Lower-case words of letters and digits; everything else separates. */
static GPtrArray *
split_words (const char *text)
{
  GPtrArray *words = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) word = g_string_new (NULL);

  for (const char *p = text; ; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != 0 && g_unichar_isalnum (c))
        {
          g_string_append_unichar (word, g_unichar_tolower (c));
          continue;
        }

      if (word->len > 0)
        {
          g_ptr_array_add (words, g_strdup (word->str));
          g_string_truncate (word, 0);
        }

      if (c == 0)
        break;
    }

  return words;
}

static char *
join_run (GPtrArray *words,
          guint      start)
{
  g_autoptr(GString) run = g_string_new (NULL);

  for (guint i = start; i < start + COPY_RUN; i++)
    {
      if (i > start)
        g_string_append_c (run, ' ');
      g_string_append (run, g_ptr_array_index (words, i));
    }

  return g_string_free (g_steal_pointer (&run), FALSE);
}

static void
test_own_words (void)
{
  g_autofree char *seeds_dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *seed = NULL;
  g_autoptr(GPtrArray) seed_words = NULL;
  g_autoptr(GHashTable) runs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(MnrSampleEvidence) sample = load_default ();
  g_autoptr(GError) error = NULL;
  GListModel *examples = mnr_sample_evidence_get_examples (sample);

  if (g_getenv ("MNR_SEEDS_DIR") != NULL)
    seeds_dir = g_strdup (g_getenv ("MNR_SEEDS_DIR"));
  else
    seeds_dir = g_build_filename (g_getenv ("MNR_SOURCE_ROOT"), "..", "shared", "seeds", NULL);

  path = g_build_filename (seeds_dir, SEED_NAME, NULL);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("the booklet's text (seeds/" SEED_NAME ") is not beside the source tree");
      return;
    }

  g_file_get_contents (path, &seed, NULL, &error);
  g_assert_no_error (error);

  seed_words = split_words (seed);
  g_assert_cmpuint (seed_words->len, >, 5000);
  for (guint i = 0; i + COPY_RUN <= seed_words->len; i++)
    g_hash_table_add (runs, join_run (seed_words, i));

  for (guint i = 0; i < g_list_model_get_n_items (examples); i++)
    {
      MnrSampleExample *example = item (examples, i);
      g_autoptr(GPtrArray) words = split_words (mnr_sample_example_get_summary (example));

      for (guint j = 0; j + COPY_RUN <= words->len; j++)
        {
          g_autofree char *run = join_run (words, j);

          if (g_hash_table_contains (runs, run))
            g_error ("the summary of %s copies the booklet: “%s”",
                     mnr_sample_example_get_id (example), run);
        }
    }
}

static void
assert_refused (const char *json,
                int         code,
                const char *fragment)
{
  g_autoptr(GBytes) bytes = g_bytes_new (json, strlen (json));
  g_autoptr(GError) error = NULL;
  g_autoptr(MnrSampleEvidence) sample = mnr_sample_evidence_new_from_bytes (bytes, &error);

  g_assert_null (sample);
  g_assert_error (error, MNR_SAMPLE_EVIDENCE_ERROR, code);
  if (strstr (error->message, fragment) == NULL)
    g_error ("expected “%s” in the error “%s”", fragment, error->message);
}

#define HEAD "{\"format\":1,\"id\":\"t\",\"title\":\"T\",\"examples\":["
#define SOURCE "\"source\":{\"document\":\"D\",\"publisher\":\"P\",\"year\":2018,\"section\":\"S\"}"
#define EXAMPLE_WITH(fields) \
  "{\"id\":\"x-1\"," fields ",\"title\":\"A title\",\"summary\":\"A summary.\"," \
  "\"sensitivity\":\"public\"," SOURCE "}"
#define GOOD_FIELDS "\"country\":\"PH\",\"capabilities\":[4],\"kind\":\"policy\",\"year\":2018"

static void
test_accepts_minimal (void)
{
  static const char *json = HEAD EXAMPLE_WITH (GOOD_FIELDS) ","
    "{\"id\":\"x-2\",\"region\":\"asean\",\"capabilities\":[3,1],\"kind\":\"legislation\","
    "\"year\":2016,\"year_approximate\":false,\"title\":\"B\",\"summary\":\"B.\","
    "\"sensitivity\":\"public\",\"source\":{\"document\":\"D\",\"publisher\":\"P\","
    "\"year\":2017,\"pages\":\"5\",\"section\":\"S\"}}]}";
  g_autoptr(GBytes) bytes = g_bytes_new_static (json, strlen (json));
  g_autoptr(GError) error = NULL;
  g_autoptr(MnrSampleEvidence) sample = mnr_sample_evidence_new_from_bytes (bytes, &error);
  MnrSampleExample *first, *second;
  g_autoptr(GListModel) one = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (mnr_sample_evidence_get_examples (sample)), ==, 2);

  first = mnr_sample_evidence_lookup (sample, "x-1");
  second = mnr_sample_evidence_lookup (sample, "x-2");
  g_assert_cmpstr (mnr_sample_example_get_citation (first), ==, "P, D (2018), section “S”");
  g_assert_cmpstr (mnr_sample_example_get_citation (second), ==, "P, D (2017), p. 5");
  g_assert_null (mnr_sample_example_get_country (second));
  g_assert_cmpstr (mnr_sample_example_get_region (second), ==, "asean");
  g_assert_false (mnr_sample_example_get_year_approximate (second));

  one = mnr_sample_evidence_for_capability (sample, 1);
  g_assert_cmpuint (g_list_model_get_n_items (one), ==, 1);
  g_assert_true (item (one, 0) == second);
}

static void
test_refuses_malformed (void)
{
  static const struct {
    const char *json;
    int code;
    const char *fragment;
  } cases[] = {
    { "{", MNR_SAMPLE_EVIDENCE_ERROR_PARSE, "not valid JSON" },
    { "[]", MNR_SAMPLE_EVIDENCE_ERROR_INVALID, "one JSON object" },
    { "{\"id\":\"t\"}", MNR_SAMPLE_EVIDENCE_ERROR_INVALID, "“format”" },
    { "{\"format\":\"1\"}", MNR_SAMPLE_EVIDENCE_ERROR_INVALID, "“format”" },
    { "{\"format\":2,\"id\":\"t\",\"title\":\"T\",\"examples\":[]}",
      MNR_SAMPLE_EVIDENCE_ERROR_UNSUPPORTED, "format 2" },
    { "{\"format\":1,\"title\":\"T\",\"examples\":[]}", MNR_SAMPLE_EVIDENCE_ERROR_INVALID, "“id”" },
    { "{\"format\":1,\"id\":\"t\",\"title\":\"T\"}", MNR_SAMPLE_EVIDENCE_ERROR_INVALID, "“examples”" },
    { "{\"format\":1,\"id\":\"t\",\"title\":\"T\",\"examples\":{}}",
      MNR_SAMPLE_EVIDENCE_ERROR_INVALID, "must be a list" },
    { HEAD "3]}", MNR_SAMPLE_EVIDENCE_ERROR_INVALID, "example 1 must be an object" },
    /* kind */
    { HEAD EXAMPLE_WITH ("\"country\":\"PH\",\"capabilities\":[4],\"kind\":\"law\",\"year\":2018") "]}",
      MNR_SAMPLE_EVIDENCE_ERROR_INVALID, "unknown kind “law”" },
    { HEAD EXAMPLE_WITH ("\"country\":\"PH\",\"capabilities\":[4],\"year\":2018") "]}",
      MNR_SAMPLE_EVIDENCE_ERROR_INVALID, "has no “kind”" },
    /* capabilities */
    { HEAD EXAMPLE_WITH ("\"country\":\"PH\",\"capabilities\":[22],\"kind\":\"policy\",\"year\":2018") "]}",
      MNR_SAMPLE_EVIDENCE_ERROR_INVALID, "capability 22" },
    { HEAD EXAMPLE_WITH ("\"country\":\"PH\",\"capabilities\":[0],\"kind\":\"policy\",\"year\":2018") "]}",
      MNR_SAMPLE_EVIDENCE_ERROR_INVALID, "capability 0" },
    { HEAD EXAMPLE_WITH ("\"country\":\"PH\",\"capabilities\":[],\"kind\":\"policy\",\"year\":2018") "]}",
      MNR_SAMPLE_EVIDENCE_ERROR_INVALID, "“capabilities” of example “x-1” is empty" },
    { HEAD EXAMPLE_WITH ("\"country\":\"PH\",\"capabilities\":[\"4\"],\"kind\":\"policy\",\"year\":2018") "]}",
      MNR_SAMPLE_EVIDENCE_ERROR_INVALID, "whole numbers" },
    { HEAD EXAMPLE_WITH ("\"country\":\"PH\",\"capabilities\":4,\"kind\":\"policy\",\"year\":2018") "]}",
      MNR_SAMPLE_EVIDENCE_ERROR_INVALID, "must be a list" },
    { HEAD EXAMPLE_WITH ("\"country\":\"PH\",\"capabilities\":[4,4],\"kind\":\"policy\",\"year\":2018") "]}",
      MNR_SAMPLE_EVIDENCE_ERROR_INVALID, "twice" },
    /* country and region */
    { HEAD EXAMPLE_WITH ("\"country\":\"ph\",\"capabilities\":[4],\"kind\":\"policy\",\"year\":2018") "]}",
      MNR_SAMPLE_EVIDENCE_ERROR_INVALID, "two capital letters" },
    { HEAD EXAMPLE_WITH ("\"country\":\"PHL\",\"capabilities\":[4],\"kind\":\"policy\",\"year\":2018") "]}",
      MNR_SAMPLE_EVIDENCE_ERROR_INVALID, "two capital letters" },
    { HEAD EXAMPLE_WITH ("\"country\":7,\"capabilities\":[4],\"kind\":\"policy\",\"year\":2018") "]}",
      MNR_SAMPLE_EVIDENCE_ERROR_INVALID, "“country” of example “x-1” must be text" },
    { HEAD EXAMPLE_WITH ("\"capabilities\":[4],\"kind\":\"policy\",\"year\":2018") "]}",
      MNR_SAMPLE_EVIDENCE_ERROR_INVALID, "neither" },
    { HEAD EXAMPLE_WITH ("\"country\":\"PH\",\"region\":\"asean\",\"capabilities\":[4],\"kind\":\"policy\",\"year\":2018") "]}",
      MNR_SAMPLE_EVIDENCE_ERROR_INVALID, "both" },
    { HEAD EXAMPLE_WITH ("\"region\":\"South Asia\",\"capabilities\":[4],\"kind\":\"policy\",\"year\":2018") "]}",
      MNR_SAMPLE_EVIDENCE_ERROR_INVALID, "lower-case" },
    /* year */
    { HEAD EXAMPLE_WITH ("\"country\":\"PH\",\"capabilities\":[4],\"kind\":\"policy\",\"year\":\"2018\"") "]}",
      MNR_SAMPLE_EVIDENCE_ERROR_INVALID, "whole number" },
    { HEAD EXAMPLE_WITH ("\"country\":\"PH\",\"capabilities\":[4],\"kind\":\"policy\",\"year\":18") "]}",
      MNR_SAMPLE_EVIDENCE_ERROR_INVALID, "not plausible" },
    { HEAD EXAMPLE_WITH (GOOD_FIELDS ",\"year_approximate\":1") "]}",
      MNR_SAMPLE_EVIDENCE_ERROR_INVALID, "true or false" },
    /* other members */
    { HEAD EXAMPLE_WITH (GOOD_FIELDS ",\"rating\":3") "]}",
      MNR_SAMPLE_EVIDENCE_ERROR_INVALID, "unknown member “rating”" },
    { HEAD "{\"id\":\"x-1\"," GOOD_FIELDS ",\"title\":\"A\",\"sensitivity\":\"public\"," SOURCE "}]}",
      MNR_SAMPLE_EVIDENCE_ERROR_INVALID, "has no “summary”" },
    { HEAD "{\"id\":\"x-1\"," GOOD_FIELDS ",\"title\":\"\",\"summary\":\"S\",\"sensitivity\":\"public\"," SOURCE "}]}",
      MNR_SAMPLE_EVIDENCE_ERROR_INVALID, "“title” of example “x-1” is empty" },
    { HEAD "{\"id\":\"x-1\"," GOOD_FIELDS ",\"title\":\"A\",\"summary\":\"S\",\"sensitivity\":\"restricted\"," SOURCE "}]}",
      MNR_SAMPLE_EVIDENCE_ERROR_INVALID, "must be “public”" },
    { HEAD "{\"id\":\"x-1\"," GOOD_FIELDS ",\"title\":\"A\",\"summary\":\"S\",\"sensitivity\":\"public\"}]}",
      MNR_SAMPLE_EVIDENCE_ERROR_INVALID, "has no “source”" },
    { HEAD "{\"id\":\"x-1\"," GOOD_FIELDS ",\"title\":\"A\",\"summary\":\"S\",\"sensitivity\":\"public\","
      "\"source\":{\"document\":\"D\",\"publisher\":\"P\",\"year\":2018}}]}",
      MNR_SAMPLE_EVIDENCE_ERROR_INVALID, "has no “section”" },
    { HEAD "{\"id\":\"x-1\"," GOOD_FIELDS ",\"title\":\"A\",\"summary\":\"S\",\"sensitivity\":\"public\","
      "\"source\":\"the booklet\"}]}",
      MNR_SAMPLE_EVIDENCE_ERROR_INVALID, "must be an object" },
    { HEAD "{\"id\":\"X 1\"," GOOD_FIELDS ",\"title\":\"A\",\"summary\":\"S\",\"sensitivity\":\"public\"," SOURCE "}]}",
      MNR_SAMPLE_EVIDENCE_ERROR_INVALID, "lower-case" },
    /* ids */
    { HEAD EXAMPLE_WITH (GOOD_FIELDS) "," EXAMPLE_WITH (GOOD_FIELDS) "]}",
      MNR_SAMPLE_EVIDENCE_ERROR_INVALID, "example 2 repeats the id “x-1”" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    assert_refused (cases[i].json, cases[i].code, cases[i].fragment);
}

static void
test_refuses_long_title (void)
{
  g_autofree char *title = g_strnfill (81, 'a');
  g_autofree char *json = g_strdup_printf (HEAD "{\"id\":\"x-1\"," GOOD_FIELDS ",\"title\":\"%s\","
                                           "\"summary\":\"S\",\"sensitivity\":\"public\"," SOURCE "}]}",
                                           title);

  assert_refused (json, MNR_SAMPLE_EVIDENCE_ERROR_INVALID, "longer than 80");
}

static void
test_refuses_oversized (void)
{
  gsize size = MNR_SAMPLE_EVIDENCE_MAX_SIZE + 1;
  char *data = g_malloc (size);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(MnrSampleEvidence) sample = NULL;

  memset (data, ' ', size);
  bytes = g_bytes_new_take (data, size);

  sample = mnr_sample_evidence_new_from_bytes (bytes, &error);
  g_assert_null (sample);
  g_assert_error (error, MNR_SAMPLE_EVIDENCE_ERROR, MNR_SAMPLE_EVIDENCE_ERROR_TOO_LARGE);
  g_clear_error (&error);

  sample = mnr_sample_evidence_new_from_bytes (empty, &error);
  g_assert_null (sample);
  g_assert_error (error, MNR_SAMPLE_EVIDENCE_ERROR, MNR_SAMPLE_EVIDENCE_ERROR_PARSE);
}

static void
test_examples_die_with_sample (void)
{
  MnrSampleEvidence *sample = load_default ();
  MnrSampleExample *example = item (mnr_sample_evidence_get_examples (sample), 0);

  g_object_add_weak_pointer (G_OBJECT (example), (gpointer *)&example);
  g_assert_finalize_object (sample);
  g_assert_null (example);
}

/* Titles and summaries are shown in the user's language, from the English
 * key the store keeps; a rewritten sample and a user's own evidence are
 * shown as written. */
static guint
count_found (MnrStore   *store,
             const char *search)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) found = mnr_store_list_evidence (store, "AL", search, &error);

  g_assert_no_error (error);
  return g_list_model_get_n_items (found);
}

/* @sample (English text, shown in French) and @own (a user's, with the
 * same English title) in a real store, searched in either language. */
static void
search_as_shown (MnrEvidence *sample,
                 MnrEvidence *own)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *directory = NULL;
  g_autoptr(MnrStore) store = mnr_test_open_temp_store ("mnr-test-sample-search-XXXXXX", &directory);
  g_autofree char *sample_id = NULL;
  g_autoptr(GListModel) found = NULL;
  g_autoptr(MnrEvidence) first = NULL;

  mnr_evidence_set_kind (own, "policy");
  g_assert_true (mnr_store_save_evidence (store, sample, &error));
  g_assert_true (mnr_store_save_evidence (store, own, &error));
  g_assert_no_error (error);
  sample_id = g_strdup (mnr_evidence_get_id (sample));

  g_assert_cmpuint (count_found (store, "National Action Plan"), ==, 2);  /* the index: both */
  g_assert_cmpuint (count_found (store, "plus sûr"), ==, 1);             /* as shown: the sample */
  g_assert_cmpuint (count_found (store, "plus sur"), ==, 1);             /* accents folded */
  g_assert_cmpuint (count_found (store, "enfan intern"), ==, 1);         /* prefixes, any order */
  g_assert_cmpuint (count_found (store, "Albanie adopté"), ==, 1);       /* its summary */
  g_assert_cmpuint (count_found (store, "plan sûr lawyers"), ==, 0);     /* every word */
  found = mnr_store_list_evidence (store, "AL", "plus sûr", &error);
  first = g_list_model_get_item (found, 0);
  g_assert_cmpstr (mnr_evidence_get_id (first), ==, sample_id);

  mnr_test_close_temp_store (&store, &directory);
}

static void
test_translated (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MnrSampleEvidence) sample = mnr_sample_evidence_new_default (&error);
  g_autofree char *saved = g_strdup (setlocale (LC_ALL, NULL));
  g_autofree char *saved_language = g_strdup (g_getenv ("LANGUAGE"));
  g_autofree char *locale = g_build_filename (g_getenv ("MNR_BUILD_ROOT") != NULL ? g_getenv ("MNR_BUILD_ROOT") : ".",
                                              "po", NULL);
  g_autoptr(MnrEvidence) stored = mnr_evidence_new ("AL");
  g_autoptr(MnrEvidence) own = mnr_evidence_new ("AL");
  MnrSampleExample *example;

  g_assert_no_error (error);
  example = mnr_sample_evidence_lookup (sample, "booklet-2018-al-02");
  g_assert_nonnull (example);

  if (setlocale (LC_ALL, "C.UTF-8") == NULL)
    {
      g_test_skip ("the C.UTF-8 locale is not available");
      return;
    }
  bindtextdomain (GETTEXT_PACKAGE, locale);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  g_setenv ("LANGUAGE", "fr", TRUE);

  if (g_strcmp0 (g_dpgettext2 (GETTEXT_PACKAGE, "shortcut window", "Zoom in"), "Zoom in") == 0)
    {
      g_test_skip ("gettext does not follow LANGUAGE here (no compiled catalog?)");
    }
  else
    {
      g_assert_cmpstr (mnr_sample_example_get_title (example), ==,
                       "Plan d’action national pour un Internet plus sûr pour les enfants 2018–2020");
      g_assert_cmpstr (mnr_sample_example_get_original_title (example), ==,
                       "National Action Plan for a Safer Internet for Children 2018–2020");
      g_assert_true (g_str_has_prefix (mnr_sample_example_get_summary (example), "L’Albanie a adopté"));

      mnr_evidence_set_title (stored, mnr_sample_example_get_original_title (example));
      mnr_evidence_set_summary (stored, mnr_sample_example_get_original_summary (example));
      mnr_evidence_set_sample (stored, TRUE);
      g_assert_cmpstr (mnr_evidence_get_display_title (stored), ==, mnr_sample_example_get_title (example));
      g_assert_cmpstr (mnr_evidence_get_display_summary (stored), ==, mnr_sample_example_get_summary (example));

      /* The same text on a user's own evidence is theirs: not translated. */
      mnr_evidence_set_title (own, mnr_sample_example_get_original_title (example));
      g_assert_cmpstr (mnr_evidence_get_display_title (own), ==, mnr_sample_example_get_original_title (example));

      /* Searched as shown: in French, and in the English the index has. */
      mnr_evidence_set_kind (stored, "policy");
      search_as_shown (stored, own);

      /* A sample the user rewrote is shown as written. */
      mnr_evidence_set_title (stored, "Plan national, version révisée");
      g_assert_cmpstr (mnr_evidence_get_display_title (stored), ==, "Plan national, version révisée");
    }

  if (saved_language != NULL)
    g_setenv ("LANGUAGE", saved_language, TRUE);
  else
    g_unsetenv ("LANGUAGE");
  setlocale (LC_ALL, saved);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sample-evidence/loads-default", test_loads_default);
  g_test_add_func ("/sample-evidence/fields", test_fields);
  g_test_add_func ("/sample-evidence/capability-coverage", test_capability_coverage);
  g_test_add_func ("/sample-evidence/countries-are-iso", test_countries_are_iso);
  g_test_add_func ("/sample-evidence/booklet-countries", test_booklet_countries);
  g_test_add_func ("/sample-evidence/for-country", test_for_country);
  g_test_add_func ("/sample-evidence/for-capability", test_for_capability);
  g_test_add_func ("/sample-evidence/citations", test_citations);
  g_test_add_func ("/sample-evidence/example-details", test_example_details);
  g_test_add_func ("/sample-evidence/own-words", test_own_words);
  g_test_add_func ("/sample-evidence/accepts-minimal", test_accepts_minimal);
  g_test_add_func ("/sample-evidence/refuses-malformed", test_refuses_malformed);
  g_test_add_func ("/sample-evidence/refuses-long-title", test_refuses_long_title);
  g_test_add_func ("/sample-evidence/refuses-oversized", test_refuses_oversized);
  g_test_add_func ("/sample-evidence/examples-die-with-sample", test_examples_die_with_sample);
  g_test_add_func ("/sample-evidence/translated", test_translated);

  return g_test_run ();
}
