/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "mnr-framework.h"

/* The bundled framework against the seeds (002's table, 001's capability
 * pages), and the loader against files it must refuse. */

static MnrFramework *
load_default (void)
{
  g_autoptr(GError) error = NULL;
  MnrFramework *framework = mnr_framework_new_default (&error);

  g_assert_no_error (error);
  g_assert_true (MNR_IS_FRAMEWORK (framework));
  return framework;
}

static MnrElement *
item (GListModel *model,
      guint       position)
{
  g_autoptr(MnrElement) element = g_list_model_get_item (model, position);

  g_assert_nonnull (element);
  return element;
}

static void
test_counts (void)
{
  g_autoptr(MnrFramework) framework = load_default ();

  g_assert_cmpuint (g_list_model_get_n_items (mnr_framework_get_enablers (framework)), ==, 7);
  g_assert_cmpuint (g_list_model_get_n_items (mnr_framework_get_domains (framework)), ==, 6);
  g_assert_cmpuint (g_list_model_get_n_items (mnr_framework_get_capabilities (framework)), ==, 21);
  g_assert_cmpuint (g_list_model_get_n_items (mnr_framework_get_outcomes (framework)), ==, 6);
  /* not assessed + five ordered levels */
  g_assert_cmpuint (g_list_model_get_n_items (mnr_framework_get_levels (framework)), ==, 6);

  g_assert_cmpstr (mnr_framework_get_edition (framework), ==, "Model National Response, 2016 edition");
  g_assert_cmpstr (mnr_framework_get_publisher (framework), ==, "WePROTECT Global Alliance");
  g_assert_nonnull (strstr (mnr_framework_get_source_citation (framework, mnr_framework_get_source_id (framework)),
                            "Lilongwe"));
}

static void
test_numbering_and_domains (void)
{
  /* Numbering and domain membership as the brief pins them. */
  static const struct {
    const char *domain;
    guint first, last;
  } expected[] = {
    { "Policy and Governance", 1, 3 },
    { "Criminal Justice", 4, 7 },
    { "Victim", 8, 11 },
    { "Societal", 12, 15 },
    { "Industry", 16, 19 },
    { "Media and Communications", 20, 21 },
  };
  g_autoptr(MnrFramework) framework = load_default ();
  GListModel *domains = mnr_framework_get_domains (framework);
  GListModel *capabilities = mnr_framework_get_capabilities (framework);

  for (guint i = 0; i < 21; i++)
    {
      MnrElement *capability = item (capabilities, i);

      g_assert_cmpint (mnr_element_get_kind (capability), ==, MNR_ELEMENT_CAPABILITY);
      g_assert_cmpuint (mnr_element_get_number (capability), ==, i + 1);
      g_assert_true (mnr_framework_get_capability (framework, i + 1) == capability);
    }

  g_assert_null (mnr_framework_get_capability (framework, 0));
  g_assert_null (mnr_framework_get_capability (framework, 22));

  for (guint d = 0; d < G_N_ELEMENTS (expected); d++)
    {
      MnrElement *domain = item (domains, d);
      GListModel *members = mnr_framework_get_domain_capabilities (framework, domain);

      g_assert_cmpstr (mnr_element_get_title (domain), ==, expected[d].domain);
      g_assert_cmpuint (g_list_model_get_n_items (members), ==, expected[d].last - expected[d].first + 1);

      for (guint n = expected[d].first; n <= expected[d].last; n++)
        {
          MnrElement *capability = mnr_framework_get_capability (framework, n);

          g_assert_true (mnr_element_get_domain (capability) == domain);
          g_assert_cmpuint (mnr_element_get_position (capability), ==, n - expected[d].first);
          g_assert_true (item (members, n - expected[d].first) == capability);
        }
    }
}

static void
test_outcome_per_domain (void)
{
  static const char *titles[] = {
    "Highest level national commitment to CSEA prevention and response",
    "Effective and successful CSEA investigations, convictions and offender management",
    "Appropriate support services for children and young people",
    "CSEA prevented",
    "Industry engaged in developing solutions to prevent and tackle CSEA",
    "Awareness raised among the public, professionals and policy makers",
  };
  g_autoptr(MnrFramework) framework = load_default ();
  GListModel *domains = mnr_framework_get_domains (framework);
  GListModel *outcomes = mnr_framework_get_outcomes (framework);

  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      MnrElement *domain = item (domains, i);
      MnrElement *outcome = item (outcomes, i);

      g_assert_cmpint (mnr_element_get_kind (outcome), ==, MNR_ELEMENT_OUTCOME);
      g_assert_cmpstr (mnr_element_get_title (outcome), ==, titles[i]);
      g_assert_true (mnr_element_get_domain (outcome) == domain);
      g_assert_true (mnr_framework_get_domain_outcome (framework, domain) == outcome);
      g_assert_cmpuint (strlen (mnr_element_get_description (outcome)), >, 40);
    }

  g_assert_cmpstr (mnr_element_get_description (item (outcomes, 3)), ==,
                   "Children and young people are informed and empowered to protect themselves "
                   "from CSEA. Parents, carers, teachers and childcare professionals are better "
                   "prepared to keep children safe from CSEA, including addressing taboos "
                   "surrounding sexual violence.");
  g_assert_cmpstr (mnr_element_get_description (item (outcomes, 5)), ==,
                   "Potential future offenders are deterred. CSEA offending and reoffending is reduced.");
}

static void
test_enablers (void)
{
  static const char *titles[] = {
    "Cross sector, multi-disciplinary collaboration",
    "Willingness to prosecute, functioning justice system and rule of law",
    "Supportive reporting environment",
    "Aware and supportive public and professionals, working with and for children",
    "Sufficient financial and human resources",
    "National legal and policy frameworks in accordance with the UNCRC and other international and regional standards",
    "Data and evidence on CSEA",
  };
  g_autoptr(MnrFramework) framework = load_default ();
  GListModel *enablers = mnr_framework_get_enablers (framework);

  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      MnrElement *enabler = item (enablers, i);

      g_assert_cmpint (mnr_element_get_kind (enabler), ==, MNR_ELEMENT_ENABLER);
      g_assert_cmpstr (mnr_element_get_title (enabler), ==, titles[i]);
      g_assert_null (mnr_element_get_domain (enabler));
      g_assert_true (mnr_framework_lookup (framework, mnr_element_get_id (enabler)) == enabler);
    }
}

static void
test_capability_wording (void)
{
  /* A sample of titles and descriptions, in the seeds' words. */
  static const struct {
    guint number;
    const char *title;
    const char *description;
  } expected[] = {
    { 1, "Leadership", "An accountable National Governance and Oversight Committee" },
    { 2, "Research, Analysis and Monitoring", "National situational analysis of CSEA risk and response; measurements/indicators" },
    { 4, "Dedicated Law Enforcement", "National remit; trained officers; proactive and reactive investigations; victim-focused; international cooperation" },
    { 7, "Access to Image Databases", "National database; link to Interpol database (ICSE)" },
    { 10, "Compensation, remedies and complaints arrangements", "Accessible procedures" },
    { 14, "Child Participation", "Children and young people have a voice in the development of policy and practice" },
    { 17, "CSEA Reporting", "Statutory protections that would allow industry to fully and effectively report CSEA, including the transmission of content, to law enforcement or another designated agency" },
    { 21, "Universal Terminology", "Guidelines and application" },
  };
  g_autoptr(MnrFramework) framework = load_default ();

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      MnrElement *capability = mnr_framework_get_capability (framework, expected[i].number);
      g_autofree char *label = mnr_element_dup_label (capability);
      g_autofree char *expected_label = g_strdup_printf ("Capability %u: %s", expected[i].number, expected[i].title);

      g_assert_cmpstr (mnr_element_get_title (capability), ==, expected[i].title);
      g_assert_cmpstr (mnr_element_get_description (capability), ==, expected[i].description);
      g_assert_cmpstr (label, ==, expected_label);
    }
}

static const MnrVariant *
find_variant (MnrElement *element,
              const char *field)
{
  GPtrArray *variants = mnr_element_get_variants (element);

  for (guint i = 0; i < variants->len; i++)
    {
      const MnrVariant *variant = g_ptr_array_index (variants, i);

      if (g_str_equal (variant->field, field))
        return variant;
    }

  return NULL;
}

static void
test_edition_differences (void)
{
  /* The brief's three known differences are recorded, not resolved away. */
  g_autoptr(MnrFramework) framework = load_default ();
  MnrElement *c12 = mnr_framework_get_capability (framework, 12);
  MnrElement *c16 = mnr_framework_get_capability (framework, 16);
  MnrElement *o5 = mnr_framework_lookup (framework, "outcome-industry-engaged");
  const MnrVariant *variant;
  guint with_variants = 0;

  g_assert_cmpstr (mnr_element_get_title (c16), ==, "Notice and Takedown Procedures");
  variant = find_variant (c16, "title");
  g_assert_nonnull (variant);
  g_assert_cmpstr (variant->text, ==, "Takedown Procedures");
  g_assert_cmpstr (variant->source, ==, "booklet-2018");
  g_assert_nonnull (strstr (mnr_framework_get_source_citation (framework, variant->source), "2018"));

  g_assert_cmpstr (mnr_element_get_description (c12), ==,
                   "Public and industry reporting for CSEA offences - online and offline; "
                   "link to law enforcement and child protection systems");
  variant = find_variant (c12, "description");
  g_assert_nonnull (variant);
  g_assert_cmpstr (variant->text, ==,
                   "Mechanism for reporting online CSEA content; link to law enforcement and Internet service providers");

  g_assert_nonnull (o5);
  variant = find_variant (o5, "description");
  g_assert_nonnull (variant);
  g_assert_nonnull (strstr (variant->text, "Industry proactively reports online CSEA."));
  g_assert_null (strstr (mnr_element_get_description (o5), "Industry proactively reports"));

  for (guint n = 1; n <= 21; n++)
    if (mnr_element_get_variants (mnr_framework_get_capability (framework, n))->len > 0)
      with_variants++;
  g_assert_cmpuint (with_variants, ==, 2);
}

static void
test_scale (void)
{
  static const char *names[] = {
    "Not assessed", "Not in place", "Building", "Developing", "Established", "Mature",
  };
  g_autoptr(MnrFramework) framework = load_default ();
  GListModel *levels = mnr_framework_get_levels (framework);
  double previous_luminance = 2;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(MnrLevel) level = g_list_model_get_item (levels, i);
      double luminance;

      g_assert_cmpstr (mnr_level_get_name (level), ==, names[i]);
      g_assert_cmpuint (mnr_level_get_rank (level), ==, i);
      g_assert_cmpint (mnr_level_get_assessed (level), ==, i > 0);
      g_assert_cmpuint (strlen (mnr_level_get_description (level)), >, 10);
      /* Capabilities and outcomes read the description; an assessed level
       * speaks of an enabler as a condition, never as "the capability". */
      g_assert_true (mnr_level_get_description_for (level, MNR_ELEMENT_CAPABILITY) ==
                     mnr_level_get_description (level));
      if (i > 0)
        {
          const char *enabler = mnr_level_get_description_for (level, MNR_ELEMENT_ENABLER);

          g_assert_true (enabler != mnr_level_get_description (level));
          g_assert_null (strstr (enabler, "capability"));
          g_assert_nonnull (strstr (enabler, "condition"));
        }
      g_assert_true (mnr_framework_lookup_level (framework, mnr_level_get_id (level)) == level);

      /* The label on its chip reads well (WCAG AA for normal text). */
      g_assert_cmpfloat (mnr_color_contrast_ratio (mnr_level_get_color (level),
                                                   mnr_level_get_text_color (level)), >=, 4.5);

      if (i == 0)
        continue;

      /* The levels get darker as they rise, by steps a grey-scale print or
       * a colour-blind viewer still tells apart: distinct luminance, not
       * only distinct hue. */
      luminance = mnr_color_relative_luminance (mnr_level_get_color (level));
      g_assert_cmpfloat (luminance, <, previous_luminance);
      if (previous_luminance <= 1)
        g_assert_cmpfloat ((previous_luminance + 0.05) / (luminance + 0.05), >=, 1.3);
      previous_luminance = luminance;
    }
}

static void
test_colour_helpers (void)
{
  guint8 r, g, b;

  g_assert_true (mnr_color_parse ("#1a2B3c", &r, &g, &b));
  g_assert_cmpuint (r, ==, 0x1a);
  g_assert_cmpuint (g, ==, 0x2b);
  g_assert_cmpuint (b, ==, 0x3c);
  g_assert_false (mnr_color_parse ("1a2b3c", NULL, NULL, NULL));
  g_assert_false (mnr_color_parse ("#1a2b3", NULL, NULL, NULL));
  g_assert_false (mnr_color_parse ("#1a2b3g", NULL, NULL, NULL));
  g_assert_false (mnr_color_parse (NULL, NULL, NULL, NULL));
  g_assert_cmpfloat_with_epsilon (mnr_color_contrast_ratio ("#000000", "#ffffff"), 21.0, 0.01);
  g_assert_cmpfloat_with_epsilon (mnr_color_contrast_ratio ("#777777", "#777777"), 1.0, 0.001);
}

static void
test_lookup_ids (void)
{
  g_autoptr(MnrFramework) framework = load_default ();

  g_assert_true (mnr_framework_lookup (framework, "capability-4") == mnr_framework_get_capability (framework, 4));
  g_assert_nonnull (mnr_framework_lookup (framework, "domain-victim"));
  g_assert_nonnull (mnr_framework_lookup (framework, "enabler-justice"));
  g_assert_nonnull (mnr_framework_lookup (framework, "outcome-prevention"));
  g_assert_null (mnr_framework_lookup (framework, "capability-22"));
  g_assert_null (mnr_framework_lookup_level (framework, "perfect"));
}

/* --- malformed files --- */

static GBytes *
default_bytes (void)
{
  return g_resources_lookup_data (MNR_FRAMEWORK_DEFAULT_RESOURCE, 0, NULL);
}

/* The bundled file with @from replaced once by @to. */
static GBytes *
mutated (const char *from,
         const char *to)
{
  g_autoptr(GBytes) bytes = default_bytes ();
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  const char *at = strstr (text, from);
  GString *result;

  g_assert_nonnull (at);
  result = g_string_new_len (text, at - text);
  g_string_append (result, to);
  g_string_append (result, at + strlen (from));

  return g_string_free_to_bytes (result);
}

static void
assert_refused (GBytes     *bytes,
                int         code,
                const char *fragment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MnrFramework) framework = mnr_framework_new_from_bytes (bytes, &error);

  g_assert_null (framework);
  g_assert_error (error, MNR_FRAMEWORK_ERROR, code);
  if (strstr (error->message, fragment) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, fragment);
}

static void
test_refuses_malformed (void)
{
  static const struct {
    const char *from, *to;
    int code;
    const char *message;
  } cases[] = {
    { "\"format\": 1", "\"format\": 2", MNR_FRAMEWORK_ERROR_UNSUPPORTED, "format 2" },
    { "\"format\": 1", "\"format\": \"1\"", MNR_FRAMEWORK_ERROR_INVALID, "format" },
    { "{ \"number\": 5,", "{ \"number\": 6,", MNR_FRAMEWORK_ERROR_INVALID, "number 6 where 5" },
    { "{ \"number\": 5,", "{ \"number\": \"5\",", MNR_FRAMEWORK_ERROR_INVALID, "whole “number”" },
    { "\"title\": \"Leadership\"", "\"title\": 7", MNR_FRAMEWORK_ERROR_INVALID, "“title” of capability 1 must be text" },
    { "\"title\": \"Leadership\"", "\"title\": \"\"", MNR_FRAMEWORK_ERROR_INVALID, "“title” of capability 1 is empty" },
    { "\"title\": \"Leadership\",", "", MNR_FRAMEWORK_ERROR_INVALID, "capability 1 has no “title”" },
    { "\"number\": 9, \"domain\": \"victim\"", "\"number\": 9, \"domain\": \"elsewhere\"", MNR_FRAMEWORK_ERROR_INVALID, "unknown domain “elsewhere”" },
    { "\"number\": 9, \"domain\": \"victim\"", "\"number\": 9, \"domain\": \"policy-governance\"", MNR_FRAMEWORK_ERROR_INVALID, "domain by domain" },
    { "{ \"id\": \"justice\"", "{ \"id\": \"collaboration\"", MNR_FRAMEWORK_ERROR_INVALID, "repeats the id" },
    { "{ \"id\": \"justice\"", "{ \"id\": \"../justice\"", MNR_FRAMEWORK_ERROR_INVALID, "lower-case letters" },
    { "\"source\": \"booklet-2018\", \"field\": \"title\"", "\"source\": \"nowhere\", \"field\": \"title\"", MNR_FRAMEWORK_ERROR_INVALID, "unknown source “nowhere”" },
    { "\"field\": \"title\"", "\"field\": \"number\"", MNR_FRAMEWORK_ERROR_INVALID, "only “title” and “description”" },
    { "\"color\": \"#ecb03e\"", "\"color\": \"amber\"", MNR_FRAMEWORK_ERROR_INVALID, "#rrggbb" },
    { "\"name\": \"Building\",", "\"name\": \"Building\", \"assessed\": false,", MNR_FRAMEWORK_ERROR_INVALID, "not assessed" },
    { "\"domain\": \"victim\",\n      \"title\": \"Appropriate", "\"domain\": \"societal\",\n      \"title\": \"Appropriate", MNR_FRAMEWORK_ERROR_INVALID, "out of order" },
    { "\"enablers\": [", "\"enablers\": 3, \"x\": [", MNR_FRAMEWORK_ERROR_INVALID, "“enablers” of the framework must be a list" },
    { "\"levels\": [", "\"levels\": [], \"x\": [", MNR_FRAMEWORK_ERROR_INVALID, "“levels” of the scale is empty" },
    { "\"source\": \"lilongwe-2016\",", "\"source\": \"elsewhere\",", MNR_FRAMEWORK_ERROR_INVALID, "unknown source “elsewhere”" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) bytes = mutated (cases[i].from, cases[i].to);

      g_test_message ("case %u: %s → %s", i, cases[i].from, cases[i].to);
      assert_refused (bytes, cases[i].code, cases[i].message);
    }
}

static void
test_refuses_not_json (void)
{
  static const char *texts[] = {
    "{ \"format\": 1, ",
    "not json at all",
    "\xff\xfe\x00{",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (texts[i], strlen (texts[i]) + (i == 2 ? 4 : 0));
      assert_refused (bytes, MNR_FRAMEWORK_ERROR_PARSE, "not valid JSON");
    }

  {
    g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
    assert_refused (empty, MNR_FRAMEWORK_ERROR_PARSE, "empty");
  }
  {
    g_autoptr(GBytes) array = g_bytes_new_static ("[1, 2]", 6);
    assert_refused (array, MNR_FRAMEWORK_ERROR_INVALID, "one JSON object");
  }
  {
    /* The whole framework, then a second value: json-glib would parse on
     * (and leak the first), so it is refused before the parser. */
    g_autoptr(GBytes) framework = mutated ("\"format\": 1", "\"format\": 1");
    g_autoptr(GString) text = g_string_new_len (g_bytes_get_data (framework, NULL),
                                                g_bytes_get_size (framework));
    g_autoptr(GBytes) trailing = NULL;

    g_string_append (text, "\n{\"format\": 1}\n");
    trailing = g_string_free_to_bytes (g_steal_pointer (&text));
    assert_refused (trailing, MNR_FRAMEWORK_ERROR_PARSE, "more text after the JSON value");
  }
}

static void
test_refuses_oversized (void)
{
  gsize size = MNR_FRAMEWORK_MAX_SIZE + 1;
  char *data = g_malloc (size);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MnrFramework) framework = NULL;
  int fd;

  memset (data, ' ', size);
  bytes = g_bytes_new_take (data, size);
  assert_refused (bytes, MNR_FRAMEWORK_ERROR_TOO_LARGE, "too large");

  /* From a file, it is refused before being read. */
  fd = g_file_open_tmp ("mnr-framework-XXXXXX.json", &path, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (bytes, NULL), (gssize)size, &error));
  g_assert_no_error (error);
  close (fd);

  file = g_file_new_for_path (path);
  framework = mnr_framework_new_from_file (file, &error);
  g_assert_null (framework);
  g_assert_error (error, MNR_FRAMEWORK_ERROR, MNR_FRAMEWORK_ERROR_TOO_LARGE);
  g_unlink (path);
}

static void
test_loads_from_file (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("MNR_SOURCE_ROOT"), "data", "framework", "mnr-2016.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(MnrFramework) framework = mnr_framework_new_from_file (file, &error);
  g_autoptr(GFile) missing = g_file_new_for_path ("/nonexistent/framework.json");
  g_autoptr(MnrFramework) none = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (mnr_framework_get_capabilities (framework)), ==, 21);

  none = mnr_framework_new_from_file (missing, &error);
  g_assert_null (none);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

static void
test_elements_die_with_framework (void)
{
  MnrFramework *framework = load_default ();
  MnrElement *capability = mnr_framework_get_capability (framework, 4);

  g_object_add_weak_pointer (G_OBJECT (capability), (gpointer *)&capability);
  g_assert_finalize_object (framework);
  g_assert_null (capability);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/framework/counts", test_counts);
  g_test_add_func ("/framework/numbering-and-domains", test_numbering_and_domains);
  g_test_add_func ("/framework/outcome-per-domain", test_outcome_per_domain);
  g_test_add_func ("/framework/enablers", test_enablers);
  g_test_add_func ("/framework/capability-wording", test_capability_wording);
  g_test_add_func ("/framework/edition-differences", test_edition_differences);
  g_test_add_func ("/framework/scale", test_scale);
  g_test_add_func ("/framework/colour-helpers", test_colour_helpers);
  g_test_add_func ("/framework/lookup-ids", test_lookup_ids);
  g_test_add_func ("/framework/refuses-malformed", test_refuses_malformed);
  g_test_add_func ("/framework/refuses-not-json", test_refuses_not_json);
  g_test_add_func ("/framework/refuses-oversized", test_refuses_oversized);
  g_test_add_func ("/framework/loads-from-file", test_loads_from_file);
  g_test_add_func ("/framework/elements-die-with-framework", test_elements_die_with_framework);

  return g_test_run ();
}
