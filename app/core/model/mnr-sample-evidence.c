/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-sample-evidence"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "mnr-core-resources.h"
#include "mnr-json-reader.h"
#include "mnr-sample-evidence.h"

/* Sample evidence: what real countries and regions did, as published
 * working examples, so that a new user sees the app full of real content
 * and each capability can show "examples from other countries". The
 * bundled set (data/sample/booklet-2018.json) retells, in the project's own
 * words, the examples of the WePROTECT Global Alliance's 2018 booklet, each
 * with a citation. It carries no ratings: none are ever made up for a real
 * country.
 *
 * The loader checks every field and refuses a file it cannot trust with a
 * message that says where the problem is. Titles and summaries are written
 * in English and translated when they are shown: build-aux/framework-pot.py
 * --sample extracts them into po/ with the context "MNR sample evidence",
 * and the getters look them up. The store keeps the English text of the
 * sample evidence it holds (mnr_sample_example_get_original_title()), the
 * key mnr_evidence_get_display_title() translates in the user's language of
 * the day; the citation is translated when it is formatted. */

/* The same kinds as evidence a user records. */
const char * const mnr_sample_evidence_kinds[] = {
  "legislation", "policy", "institution", "training", "service",
  "research", "agreement", "campaign", "other", NULL
};

#define MAX_TITLE_CHARS 80
#define MIN_YEAR 1900
#define MAX_YEAR 2100

/* MnrSampleExample */

struct _MnrSampleExample
{
  GObject  parent_instance;

  char    *id;
  char    *country;
  char    *region;
  GArray  *capabilities;
  char    *kind;
  guint    year;
  gboolean year_approximate;
  char    *title;
  char    *summary;
  char    *pages;
  char    *section;
  char    *citation;
};

G_DEFINE_FINAL_TYPE (MnrSampleExample, mnr_sample_example, G_TYPE_OBJECT)

static void
mnr_sample_example_finalize (GObject *object)
{
  MnrSampleExample *self = (MnrSampleExample *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->country, g_free);
  g_clear_pointer (&self->region, g_free);
  g_clear_pointer (&self->capabilities, g_array_unref);
  g_clear_pointer (&self->kind, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->summary, g_free);
  g_clear_pointer (&self->pages, g_free);
  g_clear_pointer (&self->section, g_free);
  g_clear_pointer (&self->citation, g_free);

  G_OBJECT_CLASS (mnr_sample_example_parent_class)->finalize (object);
}

static void
mnr_sample_example_class_init (MnrSampleExampleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mnr_sample_example_finalize;
}

static void
mnr_sample_example_init (MnrSampleExample *self)
{
  self->capabilities = g_array_new (FALSE, FALSE, sizeof (guint));
}

const char *
mnr_sample_example_get_id (MnrSampleExample *self)
{
  g_return_val_if_fail (MNR_IS_SAMPLE_EXAMPLE (self), NULL);
  return self->id;
}

/**
 * mnr_sample_example_get_country:
 *
 * Returns: (nullable): the ISO 3166-1 alpha-2 code of the country, as "PH",
 *   or %NULL for a regional example
 */
const char *
mnr_sample_example_get_country (MnrSampleExample *self)
{
  g_return_val_if_fail (MNR_IS_SAMPLE_EXAMPLE (self), NULL);
  return self->country;
}

/**
 * mnr_sample_example_get_region:
 *
 * Returns: (nullable): the id of the regional group, as "asean", or %NULL
 *   for a country's example
 */
const char *
mnr_sample_example_get_region (MnrSampleExample *self)
{
  g_return_val_if_fail (MNR_IS_SAMPLE_EXAMPLE (self), NULL);
  return self->region;
}

/**
 * mnr_sample_example_get_capabilities:
 * @n_capabilities: (out) (optional): how many numbers there are
 *
 * Returns: (array length=n_capabilities) (transfer none): the numbers of the
 *   capabilities the example backs, 1 to 21, as the file lists them
 */
const guint *
mnr_sample_example_get_capabilities (MnrSampleExample *self,
                                     guint            *n_capabilities)
{
  g_return_val_if_fail (MNR_IS_SAMPLE_EXAMPLE (self), NULL);

  if (n_capabilities != NULL)
    *n_capabilities = self->capabilities->len;

  return (const guint *)(gpointer)self->capabilities->data;
}

gboolean
mnr_sample_example_has_capability (MnrSampleExample *self,
                                   guint             number)
{
  g_return_val_if_fail (MNR_IS_SAMPLE_EXAMPLE (self), FALSE);

  for (guint i = 0; i < self->capabilities->len; i++)
    {
      if (g_array_index (self->capabilities, guint, i) == number)
        return TRUE;
    }

  return FALSE;
}

/**
 * mnr_sample_example_get_kind:
 *
 * Returns: one of #mnr_sample_evidence_kinds
 */
const char *
mnr_sample_example_get_kind (MnrSampleExample *self)
{
  g_return_val_if_fail (MNR_IS_SAMPLE_EXAMPLE (self), NULL);
  return self->kind;
}

/**
 * mnr_sample_example_get_year:
 *
 * Returns: the year the source gives, or the source's own year when it
 *   gives none (then mnr_sample_example_get_year_approximate() is %TRUE)
 */
guint
mnr_sample_example_get_year (MnrSampleExample *self)
{
  g_return_val_if_fail (MNR_IS_SAMPLE_EXAMPLE (self), 0);
  return self->year;
}

gboolean
mnr_sample_example_get_year_approximate (MnrSampleExample *self)
{
  g_return_val_if_fail (MNR_IS_SAMPLE_EXAMPLE (self), FALSE);
  return self->year_approximate;
}

/**
 * mnr_sample_evidence_translate:
 * @text: (nullable): a title or summary of the sample file, in English
 *
 * Returns: (nullable): @text in the user's language, with the context
 *   #MNR_SAMPLE_EVIDENCE_CONTEXT; @text itself when po/ has no translation
 *   (as for a sample a user has rewritten)
 */
const char *
mnr_sample_evidence_translate (const char *text)
{
  if (text == NULL || text[0] == '\0')
    return text;

  return g_dpgettext2 (GETTEXT_PACKAGE, MNR_SAMPLE_EVIDENCE_CONTEXT, text);
}

/**
 * mnr_sample_example_get_title:
 *
 * Returns: a short title, in the user's language
 */
const char *
mnr_sample_example_get_title (MnrSampleExample *self)
{
  g_return_val_if_fail (MNR_IS_SAMPLE_EXAMPLE (self), NULL);
  return mnr_sample_evidence_translate (self->title);
}

/**
 * mnr_sample_example_get_summary:
 *
 * Returns: one to three sentences, in the user's language
 */
const char *
mnr_sample_example_get_summary (MnrSampleExample *self)
{
  g_return_val_if_fail (MNR_IS_SAMPLE_EXAMPLE (self), NULL);
  return mnr_sample_evidence_translate (self->summary);
}

/**
 * mnr_sample_example_get_original_title:
 *
 * Returns: the title as the file writes it, in English: what the store
 *   keeps, and the key of its translation
 */
const char *
mnr_sample_example_get_original_title (MnrSampleExample *self)
{
  g_return_val_if_fail (MNR_IS_SAMPLE_EXAMPLE (self), NULL);
  return self->title;
}

/**
 * mnr_sample_example_get_original_summary:
 *
 * Returns: the summary as the file writes it, in English
 */
const char *
mnr_sample_example_get_original_summary (MnrSampleExample *self)
{
  g_return_val_if_fail (MNR_IS_SAMPLE_EXAMPLE (self), NULL);
  return self->summary;
}

/**
 * mnr_sample_example_get_source_pages:
 *
 * Returns: (nullable): the pages of the source, as "10–13", or %NULL when
 *   they are not known
 */
const char *
mnr_sample_example_get_source_pages (MnrSampleExample *self)
{
  g_return_val_if_fail (MNR_IS_SAMPLE_EXAMPLE (self), NULL);
  return self->pages;
}

/**
 * mnr_sample_example_get_source_section:
 *
 * Returns: the section of the source, as "Capabilities 8–11: Victim"
 */
const char *
mnr_sample_example_get_source_section (MnrSampleExample *self)
{
  g_return_val_if_fail (MNR_IS_SAMPLE_EXAMPLE (self), NULL);
  return self->section;
}

/**
 * mnr_sample_example_get_citation:
 *
 * Returns: the source on one line, with its pages when they are known and
 *   its section otherwise, as "WePROTECT Global Alliance, Working Examples
 *   of … (2018), pp. 10–13"
 */
const char *
mnr_sample_example_get_citation (MnrSampleExample *self)
{
  g_return_val_if_fail (MNR_IS_SAMPLE_EXAMPLE (self), NULL);
  return self->citation;
}

/* MnrSampleEvidence */

struct _MnrSampleEvidence
{
  GObject      parent_instance;

  char        *id;
  char        *title;
  GListStore  *examples;
  /* example id → MnrSampleExample (borrowed from the store) */
  GHashTable  *by_id;
};

G_DEFINE_FINAL_TYPE (MnrSampleEvidence, mnr_sample_evidence, G_TYPE_OBJECT)

G_DEFINE_QUARK (mnr-sample-evidence-error-quark, mnr_sample_evidence_error)

static void
mnr_sample_evidence_finalize (GObject *object)
{
  MnrSampleEvidence *self = (MnrSampleEvidence *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_object (&self->examples);

  G_OBJECT_CLASS (mnr_sample_evidence_parent_class)->finalize (object);
}

static void
mnr_sample_evidence_class_init (MnrSampleEvidenceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mnr_sample_evidence_finalize;
}

static void
mnr_sample_evidence_init (MnrSampleEvidence *self)
{
  self->examples = g_list_store_new (MNR_TYPE_SAMPLE_EXAMPLE);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
}

static void
report_invalid (GError        **error,
                const char     *problem,
                gconstpointer   data)
{
  g_set_error (error, MNR_SAMPLE_EVIDENCE_ERROR, MNR_SAMPLE_EVIDENCE_ERROR_INVALID,
               /* Translators: the placeholder says what is wrong and where */
               _("The sample evidence file is not valid: %s"), problem);
}

static void
report_unreadable (GError            **error,
                   MnrJsonUnreadable   what,
                   gint64              size,
                   const char         *detail,
                   gconstpointer       data)
{
  switch (what)
    {
    case MNR_JSON_TOO_LARGE:
      g_set_error (error, MNR_SAMPLE_EVIDENCE_ERROR, MNR_SAMPLE_EVIDENCE_ERROR_TOO_LARGE,
                   _("The sample evidence file is too large (%lld bytes; the limit is %d)."),
                   (long long)size, MNR_SAMPLE_EVIDENCE_MAX_SIZE);
      break;

    case MNR_JSON_EMPTY:
      g_set_error (error, MNR_SAMPLE_EVIDENCE_ERROR, MNR_SAMPLE_EVIDENCE_ERROR_PARSE,
                   _("The sample evidence file is empty."));
      break;

    case MNR_JSON_NOT_JSON:
      g_set_error (error, MNR_SAMPLE_EVIDENCE_ERROR, MNR_SAMPLE_EVIDENCE_ERROR_PARSE,
                   /* Translators: the placeholder is the JSON parser's message */
                   _("The sample evidence file is not valid JSON: %s"), detail);
      break;
    }
}

static const MnrJsonReader reader = {
  report_invalid, NULL, report_unreadable, MNR_SAMPLE_EVIDENCE_MAX_SIZE
};

#define invalid(error, ...) mnr_json_invalid (&reader, (error), __VA_ARGS__)

/* A string member, never empty when there; @where names the object for the
 * error message ("example 4"). */
static gboolean
get_string (JsonObject  *object,
            const char  *member,
            const char  *where,
            gboolean     required,
            const char **out,
            GError     **error)
{
  return mnr_json_get_string (&reader, object, member, where,
                              (required ? MNR_JSON_REQUIRED : MNR_JSON_OPTIONAL) | MNR_JSON_NON_EMPTY,
                              out, error);
}

static gboolean
get_int (JsonObject  *object,
         const char  *member,
         const char  *where,
         gint64      *out,
         GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL)
    return invalid (error, _("%s has no “%s”"), where, member);

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return invalid (error, _("“%s” of %s must be a whole number"), member, where);

  *out = json_node_get_int (node);
  return TRUE;
}

static gboolean
get_id (JsonObject  *object,
        const char  *member,
        const char  *where,
        gboolean     required,
        const char **out,
        GError     **error)
{
  if (!get_string (object, member, where, required, out, error))
    return FALSE;

  if (*out != NULL && !mnr_json_is_id (*out))
    return invalid (error, _("the %s “%s” of %s may hold only lower-case letters, digits and hyphens"),
                    member, *out, where);

  return TRUE;
}

/* A typo in a member's name would otherwise go unnoticed. */
static gboolean
check_members (JsonObject         *object,
               const char * const *known,
               const char         *where,
               GError            **error)
{
  JsonObjectIter iter;
  const char *member;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &member, NULL))
    {
      if (!g_strv_contains (known, member))
        return invalid (error, _("%s has the unknown member “%s”"), where, member);
    }

  return TRUE;
}

static gboolean
is_country_code (const char *code)
{
  return strlen (code) == 2 && g_ascii_isupper (code[0]) && g_ascii_isupper (code[1]);
}

static char *
format_citation (const char *publisher,
                 const char *document,
                 gint64      year,
                 const char *pages,
                 const char *section)
{
  if (pages != NULL && (strstr (pages, "–") != NULL || strchr (pages, '-') != NULL ||
                        strchr (pages, ',') != NULL))
    /* Translators: a citation of a document: its publisher, its title, the
     * year it appeared and a range of pages, as "WePROTECT Global Alliance,
     * Working Examples of … (2018), pp. 10–13" */
    return g_strdup_printf (_("%s, %s (%d), pp. %s"), publisher, document, (int)year, pages);

  if (pages != NULL)
    /* Translators: a citation of a document: its publisher, its title, the
     * year it appeared and one page, as "WePROTECT Global Alliance, Working
     * Examples of … (2018), p. 10" */
    return g_strdup_printf (_("%s, %s (%d), p. %s"), publisher, document, (int)year, pages);

  /* Translators: a citation of a document: its publisher, its title, the
   * year it appeared and the section (in the document's language), as
   * "WePROTECT Global Alliance, Working Examples of … (2018), section
   * “Capabilities 8–11: Victim”" */
  return g_strdup_printf (_("%s, %s (%d), section “%s”"), publisher, document, (int)year, section);
}

static gboolean
read_source (MnrSampleExample  *example,
             JsonObject        *object,
             const char        *where,
             GError           **error)
{
  static const char * const known[] = {
    "document", "publisher", "year", "pages", "section", NULL
  };
  g_autofree char *swhere = g_strdup_printf (_("the source of %s"), where);
  JsonNode *node = json_object_get_member (object, "source");
  JsonObject *source;
  const char *document, *publisher, *pages, *section;
  gint64 year;

  if (node == NULL)
    return invalid (error, _("%s has no “%s”"), where, "source");

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, _("“%s” of %s must be an object"), "source", where);

  source = json_node_get_object (node);

  if (!check_members (source, known, swhere, error) ||
      !get_string (source, "document", swhere, TRUE, &document, error) ||
      !get_string (source, "publisher", swhere, TRUE, &publisher, error) ||
      !get_int (source, "year", swhere, &year, error) ||
      !get_string (source, "pages", swhere, FALSE, &pages, error) ||
      !get_string (source, "section", swhere, TRUE, &section, error))
    return FALSE;

  if (year < MIN_YEAR || year > MAX_YEAR)
    return invalid (error, _("the year %lld of %s is not plausible"), (long long)year, swhere);

  example->pages = g_strdup (pages);
  example->section = g_strdup (section);
  example->citation = format_citation (publisher, document, year, pages, section);

  return TRUE;
}

static gboolean
read_capabilities (MnrSampleExample  *example,
                   JsonObject        *object,
                   const char        *where,
                   GError           **error)
{
  JsonNode *node = json_object_get_member (object, "capabilities");
  JsonArray *array;

  if (node == NULL)
    return invalid (error, _("%s has no “%s”"), where, "capabilities");

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return invalid (error, _("“%s” of %s must be a list"), "capabilities", where);

  array = json_node_get_array (node);

  if (json_array_get_length (array) == 0)
    return invalid (error, _("“%s” of %s is empty"), "capabilities", where);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      gint64 number;
      guint value;

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_INT64)
        return invalid (error, _("the capabilities of %s must be whole numbers"), where);

      number = json_node_get_int (element);
      if (number < 1 || number > MNR_SAMPLE_EVIDENCE_N_CAPABILITIES)
        return invalid (error, _("%s names capability %lld; capabilities are numbered 1 to %d"),
                        where, (long long)number, MNR_SAMPLE_EVIDENCE_N_CAPABILITIES);

      value = (guint)number;
      if (mnr_sample_example_has_capability (example, value))
        return invalid (error, _("%s names capability %u twice"), where, value);

      g_array_append_val (example->capabilities, value);
    }

  return TRUE;
}

static MnrSampleExample *
read_example (JsonArray   *array,
              guint        index,
              GError     **error)
{
  static const char * const known[] = {
    "id", "country", "region", "capabilities", "kind", "year", "year_approximate",
    "title", "summary", "source", "sensitivity", NULL
  };
  g_autofree char *where = g_strdup_printf (_("example %u"), index + 1);
  g_autoptr(MnrSampleExample) example = NULL;
  JsonNode *node = json_array_get_element (array, index);
  JsonNode *approximate;
  JsonObject *object;
  const char *id, *country, *region, *kind, *title, *summary, *sensitivity;
  gint64 year;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      invalid (error, _("%s must be an object"), where);
      return NULL;
    }

  object = json_node_get_object (node);

  if (!get_id (object, "id", where, TRUE, &id, error))
    return NULL;

  /* From here on the id says which example is wrong. */
  g_clear_pointer (&where, g_free);
  where = g_strdup_printf (_("example “%s”"), id);

  example = g_object_new (MNR_TYPE_SAMPLE_EXAMPLE, NULL);

  if (!check_members (object, known, where, error) ||
      !get_string (object, "country", where, FALSE, &country, error) ||
      !get_id (object, "region", where, FALSE, &region, error) ||
      !read_capabilities (example, object, where, error) ||
      !get_string (object, "kind", where, TRUE, &kind, error) ||
      !get_int (object, "year", where, &year, error) ||
      !get_string (object, "title", where, TRUE, &title, error) ||
      !get_string (object, "summary", where, TRUE, &summary, error) ||
      !get_string (object, "sensitivity", where, TRUE, &sensitivity, error) ||
      !read_source (example, object, where, error))
    return NULL;

  if (country == NULL && region == NULL)
    {
      invalid (error, _("%s names neither a “country” nor a “region”"), where);
      return NULL;
    }

  if (country != NULL && region != NULL)
    {
      invalid (error, _("%s names both a “country” and a “region”; it may name only one"), where);
      return NULL;
    }

  if (country != NULL && !is_country_code (country))
    {
      invalid (error, _("the country “%s” of %s must be an ISO 3166-1 code of two capital letters, as “PH”"),
               country, where);
      return NULL;
    }

  if (!g_strv_contains (mnr_sample_evidence_kinds, kind))
    {
      invalid (error, _("%s is of the unknown kind “%s”"), where, kind);
      return NULL;
    }

  if (year < MIN_YEAR || year > MAX_YEAR)
    {
      invalid (error, _("the year %lld of %s is not plausible"), (long long)year, where);
      return NULL;
    }

  approximate = json_object_get_member (object, "year_approximate");
  if (approximate != NULL)
    {
      if (!JSON_NODE_HOLDS_VALUE (approximate) ||
          json_node_get_value_type (approximate) != G_TYPE_BOOLEAN)
        {
          invalid (error, _("“%s” of %s must be true or false"), "year_approximate", where);
          return NULL;
        }
      example->year_approximate = json_node_get_boolean (approximate);
    }

  if (g_utf8_strlen (title, -1) > MAX_TITLE_CHARS)
    {
      invalid (error, _("the title of %s is longer than %d characters"), where, MAX_TITLE_CHARS);
      return NULL;
    }

  /* Sample evidence retells published material; nothing else ships. */
  if (!g_str_equal (sensitivity, "public"))
    {
      invalid (error, _("%s is marked “%s”; sample evidence must be “public”"), where, sensitivity);
      return NULL;
    }

  example->id = g_strdup (id);
  example->country = g_strdup (country);
  example->region = g_strdup (region);
  example->kind = g_strdup (kind);
  example->year = (guint)year;
  example->title = g_strdup (title);
  example->summary = g_strdup (summary);

  return g_steal_pointer (&example);
}

static gboolean
read_sample (MnrSampleEvidence  *self,
             JsonObject         *root,
             GError            **error)
{
  static const char * const known[] = { "format", "id", "title", "examples", NULL };
  JsonNode *node;
  JsonArray *array;
  const char *id, *title;
  gint64 format;

  if (!mnr_json_get_format (&reader, root, &format, error))
    return FALSE;

  if (format != MNR_SAMPLE_EVIDENCE_FORMAT)
    {
      g_set_error (error, MNR_SAMPLE_EVIDENCE_ERROR, MNR_SAMPLE_EVIDENCE_ERROR_UNSUPPORTED,
                   _("The sample evidence file is written in format %lld; this version of MNR Tracker "
                     "reads format %d. A newer version may read it."),
                   (long long)format, MNR_SAMPLE_EVIDENCE_FORMAT);
      return FALSE;
    }

  if (!check_members (root, known, _("the sample set"), error) ||
      !get_id (root, "id", _("the sample set"), TRUE, &id, error) ||
      !get_string (root, "title", _("the sample set"), TRUE, &title, error))
    return FALSE;

  node = json_object_get_member (root, "examples");
  if (node == NULL)
    return invalid (error, _("%s has no “%s”"), _("the sample set"), "examples");
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return invalid (error, _("“%s” of %s must be a list"), "examples", _("the sample set"));

  array = json_node_get_array (node);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autoptr(MnrSampleExample) example = read_example (array, i, error);

      if (example == NULL)
        return FALSE;

      if (g_hash_table_contains (self->by_id, example->id))
        return invalid (error, _("example %u repeats the id “%s”"), i + 1, example->id);

      g_hash_table_insert (self->by_id, example->id, example);
      g_list_store_append (self->examples, example);
    }

  self->id = g_strdup (id);
  self->title = g_strdup (title);

  return TRUE;
}

/**
 * mnr_sample_evidence_new_from_bytes:
 * @bytes: the contents of a sample evidence file
 *
 * Returns: (transfer full) (nullable): the sample set, or %NULL with @error
 *   set in #MNR_SAMPLE_EVIDENCE_ERROR when the file cannot be trusted
 */
MnrSampleEvidence *
mnr_sample_evidence_new_from_bytes (GBytes  *bytes,
                                    GError **error)
{
  g_autoptr(MnrSampleEvidence) self = NULL;
  g_autoptr(JsonObject) root = NULL;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  root = mnr_json_load_bytes (&reader, bytes, error);
  if (root == NULL)
    return NULL;

  self = g_object_new (MNR_TYPE_SAMPLE_EVIDENCE, NULL);

  if (!read_sample (self, root, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * mnr_sample_evidence_new_default:
 *
 * Returns: (transfer full) (nullable): the working examples of the 2018
 *   booklet, bundled with the app
 */
MnrSampleEvidence *
mnr_sample_evidence_new_default (GError **error)
{
  g_autoptr(GBytes) bytes = NULL;

  bytes = g_resource_lookup_data (mnr_core_get_resource (),
                                  MNR_SAMPLE_EVIDENCE_DEFAULT_RESOURCE,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return NULL;

  return mnr_sample_evidence_new_from_bytes (bytes, error);
}

const char *
mnr_sample_evidence_get_id (MnrSampleEvidence *self)
{
  g_return_val_if_fail (MNR_IS_SAMPLE_EVIDENCE (self), NULL);
  return self->id;
}

const char *
mnr_sample_evidence_get_title (MnrSampleEvidence *self)
{
  g_return_val_if_fail (MNR_IS_SAMPLE_EVIDENCE (self), NULL);
  return mnr_sample_evidence_translate (self->title);
}

/**
 * mnr_sample_evidence_get_examples:
 *
 * Returns: (transfer none): a list of #MnrSampleExample, in the file's order
 */
GListModel *
mnr_sample_evidence_get_examples (MnrSampleEvidence *self)
{
  g_return_val_if_fail (MNR_IS_SAMPLE_EVIDENCE (self), NULL);
  return G_LIST_MODEL (self->examples);
}

/**
 * mnr_sample_evidence_for_capability:
 * @number: a capability number, 1 to 21
 *
 * The "examples from other countries" of a capability's panel.
 *
 * Returns: (transfer full): a new list of the #MnrSampleExample that back
 *   capability @number, in the file's order; empty when there are none
 */
GListModel *
mnr_sample_evidence_for_capability (MnrSampleEvidence *self,
                                    guint              number)
{
  GListStore *store;
  guint n;

  g_return_val_if_fail (MNR_IS_SAMPLE_EVIDENCE (self), NULL);

  store = g_list_store_new (MNR_TYPE_SAMPLE_EXAMPLE);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->examples));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MnrSampleExample) example = g_list_model_get_item (G_LIST_MODEL (self->examples), i);

      if (mnr_sample_example_has_capability (example, number))
        g_list_store_append (store, example);
    }

  return G_LIST_MODEL (store);
}

/**
 * mnr_sample_evidence_for_country:
 * @code: an ISO 3166-1 alpha-2 code, as "PH" (case does not matter)
 *
 * Returns: (transfer full): a new list of the country's #MnrSampleExample,
 *   in the file's order; empty when there are none. Regional examples are
 *   not included.
 */
GListModel *
mnr_sample_evidence_for_country (MnrSampleEvidence *self,
                                 const char        *code)
{
  GListStore *store;
  guint n;

  g_return_val_if_fail (MNR_IS_SAMPLE_EVIDENCE (self), NULL);
  g_return_val_if_fail (code != NULL, NULL);

  store = g_list_store_new (MNR_TYPE_SAMPLE_EXAMPLE);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->examples));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MnrSampleExample) example = g_list_model_get_item (G_LIST_MODEL (self->examples), i);

      if (example->country != NULL && g_ascii_strcasecmp (example->country, code) == 0)
        g_list_store_append (store, example);
    }

  return G_LIST_MODEL (store);
}

/**
 * mnr_sample_evidence_lookup:
 *
 * Returns: (transfer none) (nullable): the example with that id, or %NULL
 */
MnrSampleExample *
mnr_sample_evidence_lookup (MnrSampleEvidence *self,
                            const char        *id)
{
  g_return_val_if_fail (MNR_IS_SAMPLE_EVIDENCE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return g_hash_table_lookup (self->by_id, id);
}
