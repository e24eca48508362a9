/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-framework"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "mnr-core-resources.h"
#include "mnr-element-private.h"
#include "mnr-framework.h"
#include "mnr-json-reader.h"

/* The Model National Response as data: enablers, domains, capabilities,
 * outcomes and an assessment scale, read from a JSON file (the format is
 * described in docs/framework-format.md). The loader checks every field and
 * every link and refuses a file it cannot trust with a message that says
 * where the problem is. Text goes through gettext with the context
 * "MNR framework", so translations live in po/ beside the app's own. */

#define FRAMEWORK_CONTEXT "MNR framework"

struct _MnrFramework
{
  GObject      parent_instance;

  char        *id;
  char        *edition;
  char        *title;
  char        *publisher;
  char        *source_id;

  /* source id → citation */
  GHashTable  *sources;
  /* element id → MnrElement (borrowed from the stores) */
  GHashTable  *elements;

  GListStore  *enablers;
  GListStore  *domains;
  GListStore  *capabilities;
  GListStore  *outcomes;
  GListStore  *levels;

  /* one GListStore of capabilities per domain, by domain position */
  GPtrArray   *domain_capabilities;
};

G_DEFINE_FINAL_TYPE (MnrFramework, mnr_framework, G_TYPE_OBJECT)

G_DEFINE_QUARK (mnr-framework-error-quark, mnr_framework_error)

static void
mnr_framework_finalize (GObject *object)
{
  MnrFramework *self = (MnrFramework *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->edition, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->publisher, g_free);
  g_clear_pointer (&self->source_id, g_free);
  g_clear_pointer (&self->sources, g_hash_table_unref);
  g_clear_pointer (&self->elements, g_hash_table_unref);
  g_clear_pointer (&self->domain_capabilities, g_ptr_array_unref);
  g_clear_object (&self->enablers);
  g_clear_object (&self->domains);
  g_clear_object (&self->capabilities);
  g_clear_object (&self->outcomes);
  g_clear_object (&self->levels);

  G_OBJECT_CLASS (mnr_framework_parent_class)->finalize (object);
}

static void
mnr_framework_class_init (MnrFrameworkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mnr_framework_finalize;
}

static void
mnr_framework_init (MnrFramework *self)
{
  self->sources = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->elements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->enablers = g_list_store_new (MNR_TYPE_ELEMENT);
  self->domains = g_list_store_new (MNR_TYPE_ELEMENT);
  self->capabilities = g_list_store_new (MNR_TYPE_ELEMENT);
  self->outcomes = g_list_store_new (MNR_TYPE_ELEMENT);
  self->levels = g_list_store_new (MNR_TYPE_LEVEL);
  self->domain_capabilities = g_ptr_array_new_with_free_func (g_object_unref);
}

static const char *
translate (const char *text)
{
  if (text == NULL || text[0] == '\0')
    return text;

  return g_dpgettext2 (GETTEXT_PACKAGE, FRAMEWORK_CONTEXT, text);
}

static void
report_invalid (GError        **error,
                const char     *problem,
                gconstpointer   data)
{
  g_set_error (error, MNR_FRAMEWORK_ERROR, MNR_FRAMEWORK_ERROR_INVALID,
               /* Translators: the placeholder says what is wrong and where */
               _("The framework file is not valid: %s"), problem);
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
      g_set_error (error, MNR_FRAMEWORK_ERROR, MNR_FRAMEWORK_ERROR_TOO_LARGE,
                   _("The framework file is too large (%lld bytes; the limit is %d)."),
                   (long long)size, MNR_FRAMEWORK_MAX_SIZE);
      break;

    case MNR_JSON_EMPTY:
      g_set_error (error, MNR_FRAMEWORK_ERROR, MNR_FRAMEWORK_ERROR_PARSE,
                   _("The framework file is empty."));
      break;

    case MNR_JSON_NOT_JSON:
      g_set_error (error, MNR_FRAMEWORK_ERROR, MNR_FRAMEWORK_ERROR_PARSE,
                   /* Translators: the placeholder is the JSON parser's message */
                   _("The framework file is not valid JSON: %s"), detail);
      break;
    }
}

static const MnrJsonReader reader = {
  report_invalid, NULL, report_unreadable, MNR_FRAMEWORK_MAX_SIZE
};

#define invalid(error, ...) mnr_json_invalid (&reader, (error), __VA_ARGS__)

/* @where names the object for the error message ("capability 4"). */
static gboolean
get_string (JsonObject  *object,
            const char  *member,
            const char  *where,
            gboolean     required,
            const char **out,
            GError     **error)
{
  return mnr_json_get_string (&reader, object, member, where,
                              required ? MNR_JSON_REQUIRED | MNR_JSON_NON_EMPTY : MNR_JSON_OPTIONAL,
                              out, error);
}

static gboolean
get_array (JsonObject  *object,
           const char  *member,
           const char  *where,
           JsonArray  **out,
           GError     **error)
{
  return mnr_json_get_array (&reader, object, member, where, out, error);
}

static JsonObject *
get_object_element (JsonArray   *array,
                    guint        index,
                    const char  *where,
                    GError     **error)
{
  return mnr_json_get_object_element (&reader, array, index, where, error);
}

static gboolean
get_id (JsonObject  *object,
        const char  *where,
        const char **out,
        GError     **error)
{
  if (!get_string (object, "id", where, TRUE, out, error))
    return FALSE;

  if (!mnr_json_is_id (*out))
    return invalid (error, _("the id “%s” of %s may hold only lower-case letters, digits and hyphens"),
                    *out, where);

  return TRUE;
}

static gboolean
register_element (MnrFramework  *self,
                  MnrElement    *element,
                  const char    *where,
                  GError       **error)
{
  const char *id = mnr_element_get_id (element);

  if (g_hash_table_contains (self->elements, id))
    return invalid (error, _("%s repeats the id “%s”"), where, id);

  g_hash_table_insert (self->elements, g_strdup (id), element);
  return TRUE;
}

static gboolean
read_variants (MnrFramework  *self,
               JsonObject    *object,
               MnrElement    *element,
               const char    *where,
               GError       **error)
{
  JsonNode *node = json_object_get_member (object, "variants");
  JsonArray *array;

  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return invalid (error, _("“%s” of %s must be a list"), "variants", where);

  array = json_node_get_array (node);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *vwhere = g_strdup_printf (_("variant %u of %s"), i + 1, where);
      JsonObject *vobject;
      const char *source, *field, *text;

      if (!(vobject = get_object_element (array, i, vwhere, error)) ||
          !get_string (vobject, "source", vwhere, TRUE, &source, error) ||
          !get_string (vobject, "field", vwhere, TRUE, &field, error) ||
          !get_string (vobject, "text", vwhere, TRUE, &text, error))
        return FALSE;

      if (!g_hash_table_contains (self->sources, source))
        return invalid (error, _("%s names the unknown source “%s”"), vwhere, source);

      if (!g_str_equal (field, "title") && !g_str_equal (field, "description"))
        return invalid (error, _("%s varies the field “%s”; only “title” and “description” can vary"),
                        vwhere, field);

      mnr_element_add_variant (element, source, field, translate (text));
    }

  return TRUE;
}

static gboolean
read_sources (MnrFramework  *self,
              JsonObject    *root,
              GError       **error)
{
  JsonArray *array;
  const char *source;

  if (!get_array (root, "sources", _("the framework"), &array, error))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *where = g_strdup_printf (_("source %u"), i + 1);
      JsonObject *object;
      const char *id, *citation;

      if (!(object = get_object_element (array, i, where, error)) ||
          !get_id (object, where, &id, error) ||
          !get_string (object, "citation", where, TRUE, &citation, error))
        return FALSE;

      if (g_hash_table_contains (self->sources, id))
        return invalid (error, _("%s repeats the id “%s”"), where, id);

      g_hash_table_insert (self->sources, g_strdup (id), g_strdup (citation));
    }

  if (!get_string (root, "source", _("the framework"), TRUE, &source, error))
    return FALSE;

  if (!g_hash_table_contains (self->sources, source))
    return invalid (error, _("the framework names the unknown source “%s”"), source);

  self->source_id = g_strdup (source);
  return TRUE;
}

static gboolean
read_enablers (MnrFramework  *self,
               JsonObject    *root,
               GError       **error)
{
  JsonArray *array;

  if (!get_array (root, "enablers", _("the framework"), &array, error))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *where = g_strdup_printf (_("enabler %u"), i + 1);
      g_autofree char *element_id = NULL;
      g_autoptr(MnrElement) element = NULL;
      JsonObject *object;
      const char *id, *title, *description;

      if (!(object = get_object_element (array, i, where, error)) ||
          !get_id (object, where, &id, error) ||
          !get_string (object, "title", where, TRUE, &title, error) ||
          !get_string (object, "description", where, FALSE, &description, error))
        return FALSE;

      element_id = g_strconcat ("enabler-", id, NULL);
      element = mnr_element_new (MNR_ELEMENT_ENABLER, element_id, i + 1, i,
                                 translate (title), translate (description));
      mnr_element_set_source_title (element, title);

      if (!register_element (self, element, where, error) ||
          !read_variants (self, object, element, where, error))
        return FALSE;

      g_list_store_append (self->enablers, element);
    }

  return TRUE;
}

static gboolean
read_domains (MnrFramework  *self,
              JsonObject    *root,
              GError       **error)
{
  JsonArray *array;

  if (!get_array (root, "domains", _("the framework"), &array, error))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *where = g_strdup_printf (_("domain %u"), i + 1);
      g_autofree char *element_id = NULL;
      g_autoptr(MnrElement) element = NULL;
      JsonObject *object;
      const char *id, *title, *description;

      if (!(object = get_object_element (array, i, where, error)) ||
          !get_id (object, where, &id, error) ||
          !get_string (object, "title", where, TRUE, &title, error) ||
          !get_string (object, "description", where, FALSE, &description, error))
        return FALSE;

      element_id = g_strconcat ("domain-", id, NULL);
      element = mnr_element_new (MNR_ELEMENT_DOMAIN, element_id, i + 1, i,
                                 translate (title), translate (description));

      if (!register_element (self, element, where, error))
        return FALSE;

      g_list_store_append (self->domains, element);
      g_ptr_array_add (self->domain_capabilities, g_list_store_new (MNR_TYPE_ELEMENT));
    }

  return TRUE;
}

static MnrElement *
find_domain (MnrFramework  *self,
             JsonObject    *object,
             const char    *where,
             GError       **error)
{
  g_autofree char *domain_id = NULL;
  MnrElement *domain;
  const char *id;

  if (!get_string (object, "domain", where, TRUE, &id, error))
    return NULL;

  domain_id = g_strconcat ("domain-", id, NULL);
  domain = g_hash_table_lookup (self->elements, domain_id);

  if (domain == NULL || mnr_element_get_kind (domain) != MNR_ELEMENT_DOMAIN)
    {
      invalid (error, _("%s belongs to the unknown domain “%s”"), where, id);
      return NULL;
    }

  return domain;
}

static gboolean
read_capabilities (MnrFramework  *self,
                   JsonObject    *root,
                   GError       **error)
{
  JsonArray *array;
  guint last_domain = 0;

  if (!get_array (root, "capabilities", _("the framework"), &array, error))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *where = g_strdup_printf (_("capability %u in the list"), i + 1);
      g_autofree char *element_id = NULL;
      g_autoptr(MnrElement) element = NULL;
      GListStore *siblings;
      JsonObject *object;
      JsonNode *number_node;
      MnrElement *domain;
      const char *title, *description;
      guint domain_position;

      if (!(object = get_object_element (array, i, where, error)))
        return FALSE;

      number_node = json_object_get_member (object, "number");
      if (number_node == NULL ||
          !JSON_NODE_HOLDS_VALUE (number_node) ||
          json_node_get_value_type (number_node) != G_TYPE_INT64)
        return invalid (error, _("%s needs a whole “number”"), where);

      /* Capabilities are numbered 1, 2, 3 … in the order they are listed. */
      if (json_node_get_int (number_node) != (gint64)i + 1)
        return invalid (error, _("%s has the number %lld where %u was expected"),
                        where, (long long)json_node_get_int (number_node), i + 1);

      g_clear_pointer (&where, g_free);
      where = g_strdup_printf (_("capability %u"), i + 1);

      if (!(domain = find_domain (self, object, where, error)) ||
          !get_string (object, "title", where, TRUE, &title, error) ||
          !get_string (object, "description", where, TRUE, &description, error))
        return FALSE;

      /* The grid draws domains as bands of consecutive numbers. */
      domain_position = mnr_element_get_position (domain);
      if (domain_position < last_domain)
        return invalid (error, _("%s comes after a capability of a later domain; capabilities must be listed domain by domain"),
                        where);
      last_domain = domain_position;

      siblings = g_ptr_array_index (self->domain_capabilities, domain_position);
      element_id = g_strdup_printf ("capability-%u", i + 1);
      element = mnr_element_new (MNR_ELEMENT_CAPABILITY, element_id, i + 1,
                                 g_list_model_get_n_items (G_LIST_MODEL (siblings)),
                                 translate (title), translate (description));
      mnr_element_set_domain (element, domain);
      mnr_element_set_source_title (element, title);

      if (!register_element (self, element, where, error) ||
          !read_variants (self, object, element, where, error))
        return FALSE;

      g_list_store_append (self->capabilities, element);
      g_list_store_append (siblings, element);
    }

  for (guint i = 0; i < self->domain_capabilities->len; i++)
    {
      if (g_list_model_get_n_items (g_ptr_array_index (self->domain_capabilities, i)) == 0)
        {
          g_autoptr(MnrElement) domain = g_list_model_get_item (G_LIST_MODEL (self->domains), i);
          return invalid (error, _("the domain “%s” has no capabilities"),
                          mnr_element_get_title (domain));
        }
    }

  return TRUE;
}

static gboolean
read_outcomes (MnrFramework  *self,
               JsonObject    *root,
               GError       **error)
{
  guint n_domains = g_list_model_get_n_items (G_LIST_MODEL (self->domains));
  JsonArray *array;

  if (!get_array (root, "outcomes", _("the framework"), &array, error))
    return FALSE;

  /* One outcome per domain, in the domains' order, so that each lines up
   * with the band it serves. */
  if (json_array_get_length (array) != n_domains)
    return invalid (error, _("there are %u outcomes for %u domains; each domain needs exactly one"),
                    json_array_get_length (array), n_domains);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *where = g_strdup_printf (_("outcome %u"), i + 1);
      g_autofree char *element_id = NULL;
      g_autoptr(MnrElement) element = NULL;
      JsonObject *object;
      MnrElement *domain;
      const char *id, *title, *description;

      if (!(object = get_object_element (array, i, where, error)) ||
          !get_id (object, where, &id, error) ||
          !(domain = find_domain (self, object, where, error)) ||
          !get_string (object, "title", where, TRUE, &title, error) ||
          !get_string (object, "description", where, TRUE, &description, error))
        return FALSE;

      if (mnr_element_get_position (domain) != i)
        return invalid (error, _("%s serves the domain “%s” out of order; outcomes follow the order of the domains"),
                        where, mnr_element_get_title (domain));

      element_id = g_strconcat ("outcome-", id, NULL);
      element = mnr_element_new (MNR_ELEMENT_OUTCOME, element_id, i + 1, i,
                                 translate (title), translate (description));
      mnr_element_set_domain (element, domain);

      if (!register_element (self, element, where, error) ||
          !read_variants (self, object, element, where, error))
        return FALSE;

      g_list_store_append (self->outcomes, element);
    }

  return TRUE;
}

static gboolean
read_scale (MnrFramework  *self,
            JsonObject    *root,
            GError       **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  JsonNode *node = json_object_get_member (root, "scale");
  JsonObject *scale;
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, _("the framework needs a “scale” object"));

  scale = json_node_get_object (node);

  if (!get_array (scale, "levels", _("the scale"), &array, error))
    return FALSE;

  if (json_array_get_length (array) < 3)
    return invalid (error, _("the scale needs “not assessed” and at least two levels"));

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *where = g_strdup_printf (_("level %u of the scale"), i + 1);
      g_autoptr(MnrLevel) level = NULL;
      JsonObject *object;
      JsonNode *assessed_node;
      const char *id, *name, *description, *color, *text_color, *enabler_description;
      gboolean assessed = TRUE;

      if (!(object = get_object_element (array, i, where, error)) ||
          !get_id (object, where, &id, error) ||
          !get_string (object, "name", where, TRUE, &name, error) ||
          !get_string (object, "description", where, TRUE, &description, error) ||
          !get_string (object, "color", where, TRUE, &color, error) ||
          !get_string (object, "text-color", where, TRUE, &text_color, error) ||
          !get_string (object, "enabler-description", where, FALSE, &enabler_description, error))
        return FALSE;

      assessed_node = json_object_get_member (object, "assessed");
      if (assessed_node != NULL)
        {
          if (!JSON_NODE_HOLDS_VALUE (assessed_node) ||
              json_node_get_value_type (assessed_node) != G_TYPE_BOOLEAN)
            return invalid (error, _("“%s” of %s must be true or false"), "assessed", where);
          assessed = json_node_get_boolean (assessed_node);
        }

      /* The first step is "not assessed", every later one a real level. */
      if (assessed != (i > 0))
        return invalid (error, _("%s: only the first level of a scale stands for “not assessed”"),
                        where);

      if (!mnr_color_parse (color, NULL, NULL, NULL) ||
          !mnr_color_parse (text_color, NULL, NULL, NULL))
        return invalid (error, _("the colours of %s must be written as #rrggbb"), where);

      if (!g_hash_table_add (seen, (gpointer)id))
        return invalid (error, _("%s repeats the id “%s”"), where, id);

      level = mnr_level_new (id, i, assessed, translate (name), translate (description),
                             color, text_color);
      mnr_level_set_source_name (level, name);
      if (enabler_description != NULL && enabler_description[0] != '\0')
        mnr_level_set_enabler_description (level, translate (enabler_description));
      g_list_store_append (self->levels, level);
    }

  return TRUE;
}

static gboolean
read_framework (MnrFramework  *self,
                JsonObject    *root,
                GError       **error)
{
  const char *id, *edition, *title, *publisher;
  gint64 format;

  if (!mnr_json_get_format (&reader, root, &format, error))
    return FALSE;

  if (format != MNR_FRAMEWORK_FORMAT)
    {
      g_set_error (error, MNR_FRAMEWORK_ERROR, MNR_FRAMEWORK_ERROR_UNSUPPORTED,
                   _("The framework file is written in format %lld; this version of MNR Tracker "
                     "reads format %d. A newer version may read it."),
                   (long long)format, MNR_FRAMEWORK_FORMAT);
      return FALSE;
    }

  if (!get_id (root, _("the framework"), &id, error) ||
      !get_string (root, "edition", _("the framework"), TRUE, &edition, error) ||
      !get_string (root, "title", _("the framework"), TRUE, &title, error) ||
      !get_string (root, "publisher", _("the framework"), TRUE, &publisher, error) ||
      !read_sources (self, root, error) ||
      !read_enablers (self, root, error) ||
      !read_domains (self, root, error) ||
      !read_capabilities (self, root, error) ||
      !read_outcomes (self, root, error) ||
      !read_scale (self, root, error))
    return FALSE;

  self->id = g_strdup (id);
  self->edition = g_strdup (translate (edition));
  self->title = g_strdup (translate (title));
  self->publisher = g_strdup (publisher);

  return TRUE;
}

/**
 * mnr_framework_new_from_bytes:
 * @bytes: the contents of a framework file
 *
 * Returns: (transfer full) (nullable): the framework, or %NULL with @error
 *   set in #MNR_FRAMEWORK_ERROR when the file cannot be trusted
 */
MnrFramework *
mnr_framework_new_from_bytes (GBytes  *bytes,
                              GError **error)
{
  g_autoptr(MnrFramework) self = NULL;
  g_autoptr(JsonObject) root = NULL;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  root = mnr_json_load_bytes (&reader, bytes, error);
  if (root == NULL)
    return NULL;

  self = g_object_new (MNR_TYPE_FRAMEWORK, NULL);

  if (!read_framework (self, root, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * mnr_framework_new_from_file:
 *
 * Returns: (transfer full) (nullable): the framework in @file
 */
MnrFramework *
mnr_framework_new_from_file (GFile   *file,
                             GError **error)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  bytes = mnr_json_load_file (&reader, file, error);
  if (bytes == NULL)
    return NULL;

  return mnr_framework_new_from_bytes (bytes, error);
}

/**
 * mnr_framework_new_default:
 *
 * Returns: (transfer full) (nullable): the framework bundled with the app
 */
MnrFramework *
mnr_framework_new_default (GError **error)
{
  g_autoptr(GBytes) bytes = NULL;

  bytes = g_resource_lookup_data (mnr_core_get_resource (),
                                  MNR_FRAMEWORK_DEFAULT_RESOURCE,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return NULL;

  return mnr_framework_new_from_bytes (bytes, error);
}

const char *
mnr_framework_get_id (MnrFramework *self)
{
  g_return_val_if_fail (MNR_IS_FRAMEWORK (self), NULL);
  return self->id;
}

/**
 * mnr_framework_get_edition:
 *
 * Returns: the edition's name, as "Model National Response, 2016 edition"
 */
const char *
mnr_framework_get_edition (MnrFramework *self)
{
  g_return_val_if_fail (MNR_IS_FRAMEWORK (self), NULL);
  return self->edition;
}

const char *
mnr_framework_get_title (MnrFramework *self)
{
  g_return_val_if_fail (MNR_IS_FRAMEWORK (self), NULL);
  return self->title;
}

const char *
mnr_framework_get_publisher (MnrFramework *self)
{
  g_return_val_if_fail (MNR_IS_FRAMEWORK (self), NULL);
  return self->publisher;
}

/**
 * mnr_framework_get_source_id:
 *
 * Returns: the id of the document the framework's text follows
 */
const char *
mnr_framework_get_source_id (MnrFramework *self)
{
  g_return_val_if_fail (MNR_IS_FRAMEWORK (self), NULL);
  return self->source_id;
}

/**
 * mnr_framework_get_source_citation:
 *
 * Returns: (nullable): the citation of a source document, %NULL if unknown
 */
const char *
mnr_framework_get_source_citation (MnrFramework *self,
                                   const char   *source_id)
{
  g_return_val_if_fail (MNR_IS_FRAMEWORK (self), NULL);
  g_return_val_if_fail (source_id != NULL, NULL);

  return g_hash_table_lookup (self->sources, source_id);
}

/**
 * mnr_framework_get_enablers:
 *
 * Returns: (transfer none): a list of #MnrElement
 */
GListModel *
mnr_framework_get_enablers (MnrFramework *self)
{
  g_return_val_if_fail (MNR_IS_FRAMEWORK (self), NULL);
  return G_LIST_MODEL (self->enablers);
}

/**
 * mnr_framework_get_domains:
 *
 * Returns: (transfer none): a list of #MnrElement
 */
GListModel *
mnr_framework_get_domains (MnrFramework *self)
{
  g_return_val_if_fail (MNR_IS_FRAMEWORK (self), NULL);
  return G_LIST_MODEL (self->domains);
}

/**
 * mnr_framework_get_capabilities:
 *
 * Returns: (transfer none): a list of #MnrElement, in number order
 */
GListModel *
mnr_framework_get_capabilities (MnrFramework *self)
{
  g_return_val_if_fail (MNR_IS_FRAMEWORK (self), NULL);
  return G_LIST_MODEL (self->capabilities);
}

/**
 * mnr_framework_get_outcomes:
 *
 * Returns: (transfer none): a list of #MnrElement, one per domain, in the
 *   domains' order
 */
GListModel *
mnr_framework_get_outcomes (MnrFramework *self)
{
  g_return_val_if_fail (MNR_IS_FRAMEWORK (self), NULL);
  return G_LIST_MODEL (self->outcomes);
}

/**
 * mnr_framework_get_levels:
 *
 * Returns: (transfer none): a list of #MnrLevel, "not assessed" first
 */
GListModel *
mnr_framework_get_levels (MnrFramework *self)
{
  g_return_val_if_fail (MNR_IS_FRAMEWORK (self), NULL);
  return G_LIST_MODEL (self->levels);
}

/**
 * mnr_framework_get_domain_capabilities:
 *
 * Returns: (transfer none): the capabilities of @domain, in number order
 */
GListModel *
mnr_framework_get_domain_capabilities (MnrFramework *self,
                                       MnrElement   *domain)
{
  guint position;

  g_return_val_if_fail (MNR_IS_FRAMEWORK (self), NULL);
  g_return_val_if_fail (MNR_IS_ELEMENT (domain), NULL);
  g_return_val_if_fail (mnr_element_get_kind (domain) == MNR_ELEMENT_DOMAIN, NULL);

  position = mnr_element_get_position (domain);
  g_return_val_if_fail (position < self->domain_capabilities->len, NULL);

  return g_ptr_array_index (self->domain_capabilities, position);
}

/**
 * mnr_framework_get_domain_outcome:
 *
 * Returns: (transfer none): the outcome @domain serves
 */
MnrElement *
mnr_framework_get_domain_outcome (MnrFramework *self,
                                  MnrElement   *domain)
{
  g_autoptr(MnrElement) outcome = NULL;

  g_return_val_if_fail (MNR_IS_FRAMEWORK (self), NULL);
  g_return_val_if_fail (MNR_IS_ELEMENT (domain), NULL);
  g_return_val_if_fail (mnr_element_get_kind (domain) == MNR_ELEMENT_DOMAIN, NULL);

  outcome = g_list_model_get_item (G_LIST_MODEL (self->outcomes),
                                   mnr_element_get_position (domain));
  return outcome;
}

/**
 * mnr_framework_get_capability:
 * @number: 1 to the number of capabilities
 *
 * Returns: (transfer none) (nullable): the capability, or %NULL
 */
MnrElement *
mnr_framework_get_capability (MnrFramework *self,
                              guint         number)
{
  g_autoptr(MnrElement) capability = NULL;

  g_return_val_if_fail (MNR_IS_FRAMEWORK (self), NULL);

  if (number == 0)
    return NULL;

  capability = g_list_model_get_item (G_LIST_MODEL (self->capabilities), number - 1);
  return capability;
}

/**
 * mnr_framework_lookup:
 * @id: an element id, as "capability-4" or "outcome-prevention"
 *
 * Returns: (transfer none) (nullable): the element, or %NULL
 */
MnrElement *
mnr_framework_lookup (MnrFramework *self,
                      const char   *id)
{
  g_return_val_if_fail (MNR_IS_FRAMEWORK (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return g_hash_table_lookup (self->elements, id);
}

/**
 * mnr_framework_lookup_level:
 *
 * Returns: (transfer none) (nullable): the level with that id, or %NULL
 */
MnrLevel *
mnr_framework_lookup_level (MnrFramework *self,
                            const char   *id)
{
  guint n;

  g_return_val_if_fail (MNR_IS_FRAMEWORK (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->levels));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MnrLevel) level = g_list_model_get_item (G_LIST_MODEL (self->levels), i);

      if (g_str_equal (mnr_level_get_id (level), id))
        return level;
    }

  return NULL;
}
