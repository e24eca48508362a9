/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-record-check"

#include "config.h"

#include <string.h>

#include "mnr-record-check.h"

/* Validation of everything a client sends, before anything is stored:
 * record types, ids, hashes, and record bodies per protocol 1. Every
 * refusal names the member at fault in @detail. */

static const char * const record_types[] = {
  "round", "rating", "evidence", "attachment", "group", NULL,
};

static const char * const evidence_kinds[] = {
  "legislation", "policy", "institution", "training", "service",
  "research", "agreement", "campaign", "other", NULL,
};

void
mnr_record_input_free (MnrRecordInput *input)
{
  if (input == NULL)
    return;
  g_free (input->country);
  g_free (input->updated_by);
  g_free (input->data_json);
  g_free (input);
}

gboolean
mnr_record_check_type (const char *type)
{
  return type != NULL && g_strv_contains (record_types, type);
}

static gboolean
is_lower_hex (char c)
{
  return g_ascii_isdigit (c) || (c >= 'a' && c <= 'f');
}

/* A UUID in lower case: 8-4-4-4-12 hex digits. */
gboolean
mnr_record_check_uuid (const char *id)
{
  if (id == NULL || strlen (id) != 36)
    return FALSE;

  for (guint i = 0; i < 36; i++)
    {
      if (i == 8 || i == 13 || i == 18 || i == 23)
        {
          if (id[i] != '-')
            return FALSE;
        }
      else if (!is_lower_hex (id[i]))
        return FALSE;
    }

  return TRUE;
}

gboolean
mnr_record_check_sha256 (const char *sha256)
{
  if (sha256 == NULL || strlen (sha256) != 64)
    return FALSE;

  for (guint i = 0; i < 64; i++)
    if (!is_lower_hex (sha256[i]))
      return FALSE;

  return TRUE;
}

gboolean
mnr_record_check_country (const char *country)
{
  return country != NULL && strlen (country) == 2 &&
         g_ascii_isupper (country[0]) && g_ascii_isupper (country[1]);
}

/* [a-z0-9]+(-[a-z0-9]+)* */
static gboolean
is_slug (const char *s)
{
  gboolean after_dash = TRUE;

  if (s == NULL || *s == '\0')
    return FALSE;

  for (; *s != '\0'; s++)
    {
      if (*s == '-')
        {
          if (after_dash)
            return FALSE;
          after_dash = TRUE;
        }
      else if (g_ascii_islower (*s) || g_ascii_isdigit (*s))
        after_dash = FALSE;
      else
        return FALSE;
    }

  return !after_dash;
}

/* "capability-N" or "enabler-<slug>" */
static gboolean
is_element_id (const char *s)
{
  if (g_str_has_prefix (s, "capability-"))
    {
      const char *n = s + strlen ("capability-");

      if (*n == '\0' || *n == '0')
        return FALSE;
      for (; *n != '\0'; n++)
        if (!g_ascii_isdigit (*n))
          return FALSE;
      return TRUE;
    }

  if (g_str_has_prefix (s, "enabler-"))
    return is_slug (s + strlen ("enabler-"));

  return FALSE;
}

static gboolean
is_date (const char *s,
         gboolean    allow_partial)
{
  guint len = strlen (s);
  guint64 year = 0, month = 1, day = 1;

  if (allow_partial && len == 0)
    return TRUE;
  if (len != 10 && !(allow_partial && (len == 4 || len == 7)))
    return FALSE;

  for (guint i = 0; i < len; i++)
    {
      if (i == 4 || i == 7)
        {
          if (s[i] != '-')
            return FALSE;
        }
      else if (!g_ascii_isdigit (s[i]))
        return FALSE;
    }

  year = g_ascii_strtoull (s, NULL, 10);
  if (len >= 7)
    month = g_ascii_strtoull (s + 5, NULL, 10);
  if (len == 10)
    day = g_ascii_strtoull (s + 8, NULL, 10);

  return year >= 1 && month >= 1 && month <= 12 &&
         g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year);
}

/* Every string anywhere in @node is at most MNR_STRING_MAX_CHARS long. */
static gboolean
check_string_lengths (JsonNode    *node,
                      const char  *where,
                      char       **detail)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_STRING &&
          g_utf8_strlen (json_node_get_string (node), -1) > MNR_STRING_MAX_CHARS)
        {
          *detail = g_strdup_printf ("%s is longer than %d characters", where, MNR_STRING_MAX_CHARS);
          return FALSE;
        }
      return TRUE;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            g_autofree char *child = g_strdup_printf ("%s[%u]", where, i);

            if (!check_string_lengths (json_array_get_element (array, i), child, detail))
              return FALSE;
          }
        return TRUE;
      }

    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;

        json_object_iter_init (&iter, json_node_get_object (node));
        while (json_object_iter_next (&iter, &name, &member))
          {
            g_autofree char *child = g_strdup_printf ("%s.%s", where, name);

            if (!check_string_lengths (member, child, detail))
              return FALSE;
          }
        return TRUE;
      }

    case JSON_NODE_NULL:
    default:
      return TRUE;
    }
}

typedef enum
{
  REQUIRED,
  OPTIONAL,
} Presence;

/* Returns the string member @name of @data, or NULL with @detail set
 * (also NULL without @detail for an absent optional member). */
static const char *
get_string (JsonObject  *data,
            const char  *name,
            Presence     presence,
            char       **detail)
{
  JsonNode *node = json_object_get_member (data, name);

  if (node == NULL)
    {
      if (presence == REQUIRED)
        *detail = g_strdup_printf ("data.%s is required", name);
      return NULL;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      *detail = g_strdup_printf ("data.%s must be a string", name);
      return NULL;
    }

  return json_node_get_string (node);
}

static gboolean
check_length (const char  *value,
              const char  *name,
              glong        min,
              glong        max,
              char       **detail)
{
  glong len = g_utf8_strlen (value, -1);

  if (len < min || len > max)
    {
      *detail = g_strdup_printf ("data.%s must have %ld to %ld characters", name, min, max);
      return FALSE;
    }
  return TRUE;
}

#define GET_STRING(var, name, presence)                         \
  G_STMT_START {                                                \
    var = get_string (data, name, presence, detail);            \
    if (*detail != NULL)                                        \
      return FALSE;                                             \
  } G_STMT_END

static gboolean
check_round (JsonObject  *data,
             char       **detail)
{
  const char *name, *date;

  GET_STRING (name, "name", REQUIRED);
  if (!check_length (name, "name", 1, 200, detail))
    return FALSE;

  GET_STRING (date, "date", REQUIRED);
  if (!is_date (date, FALSE))
    {
      *detail = g_strdup ("data.date must be a date YYYY-MM-DD");
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_rating (JsonObject  *data,
              char       **detail)
{
  const char *round, *element, *level, *rationale;

  GET_STRING (round, "round", REQUIRED);
  if (!mnr_record_check_uuid (round))
    {
      *detail = g_strdup ("data.round must be a lower-case UUID");
      return FALSE;
    }

  GET_STRING (element, "element", REQUIRED);
  if (!is_element_id (element))
    {
      *detail = g_strdup ("data.element must be \"capability-N\" or \"enabler-<slug>\"");
      return FALSE;
    }

  GET_STRING (level, "level", REQUIRED);
  if (!is_slug (level))
    {
      *detail = g_strdup ("data.level must be a slug");
      return FALSE;
    }

  GET_STRING (rationale, "rationale", OPTIONAL);
  (void) rationale;
  return TRUE;
}

static gboolean
check_evidence (JsonObject  *data,
                char       **detail)
{
  const char *title, *kind, *date, *source, *summary;
  JsonNode *node;

  GET_STRING (title, "title", REQUIRED);
  if (g_utf8_strlen (title, -1) < 1)
    {
      *detail = g_strdup ("data.title must not be empty");
      return FALSE;
    }

  GET_STRING (kind, "kind", REQUIRED);
  if (!g_strv_contains (evidence_kinds, kind))
    {
      *detail = g_strdup ("data.kind must be one of legislation, policy, institution, training, "
                          "service, research, agreement, campaign, other");
      return FALSE;
    }

  GET_STRING (date, "date", OPTIONAL);
  if (date != NULL && !is_date (date, TRUE))
    {
      *detail = g_strdup ("data.date must be \"\", YYYY, YYYY-MM or YYYY-MM-DD");
      return FALSE;
    }

  GET_STRING (source, "source", OPTIONAL);
  GET_STRING (summary, "summary", OPTIONAL);
  (void) source;
  (void) summary;

  node = json_object_get_member (data, "restricted");
  if (node != NULL &&
      (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN))
    {
      *detail = g_strdup ("data.restricted must be true or false");
      return FALSE;
    }

  node = json_object_get_member (data, "elements");
  if (node != NULL)
    {
      JsonArray *elements;

      if (!JSON_NODE_HOLDS_ARRAY (node))
        {
          *detail = g_strdup ("data.elements must be a list of element ids");
          return FALSE;
        }

      elements = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (elements); i++)
        {
          JsonNode *element = json_array_get_element (elements, i);

          if (!JSON_NODE_HOLDS_VALUE (element) ||
              json_node_get_value_type (element) != G_TYPE_STRING ||
              !is_element_id (json_node_get_string (element)))
            {
              *detail = g_strdup_printf ("data.elements[%u] must be an element id", i);
              return FALSE;
            }
        }
    }

  return TRUE;
}

static gboolean
check_attachment (JsonObject  *data,
                  char       **detail)
{
  const char *evidence, *sha256, *name, *content_type;
  JsonNode *node;

  GET_STRING (evidence, "evidence", REQUIRED);
  if (!mnr_record_check_uuid (evidence))
    {
      *detail = g_strdup ("data.evidence must be a lower-case UUID");
      return FALSE;
    }

  GET_STRING (sha256, "sha256", REQUIRED);
  if (!mnr_record_check_sha256 (sha256))
    {
      *detail = g_strdup ("data.sha256 must be 64 lower-case hex digits");
      return FALSE;
    }

  GET_STRING (name, "name", REQUIRED);
  if (!check_length (name, "name", 1, 255, detail))
    return FALSE;
  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '/' || g_unichar_iscntrl (c))
        {
          *detail = g_strdup ("data.name must not contain \"/\" or control characters");
          return FALSE;
        }
    }

  node = json_object_get_member (data, "size");
  if (node == NULL)
    {
      *detail = g_strdup ("data.size is required");
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) < 0)
    {
      *detail = g_strdup ("data.size must be an integer ≥ 0");
      return FALSE;
    }

  GET_STRING (content_type, "content_type", OPTIONAL);
  (void) content_type;
  return TRUE;
}

static gboolean
check_group (JsonObject  *data,
             char       **detail)
{
  const char *name, *short_name;
  JsonNode *node;
  JsonArray *members;

  GET_STRING (name, "name", REQUIRED);
  if (!check_length (name, "name", 1, 200, detail))
    return FALSE;

  GET_STRING (short_name, "short_name", OPTIONAL);
  (void) short_name;

  node = json_object_get_member (data, "members");
  if (node == NULL)
    {
      *detail = g_strdup ("data.members is required");
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      *detail = g_strdup ("data.members must be a list of country codes");
      return FALSE;
    }

  members = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (members); i++)
    {
      JsonNode *member = json_array_get_element (members, i);

      if (!JSON_NODE_HOLDS_VALUE (member) ||
          json_node_get_value_type (member) != G_TYPE_STRING ||
          !mnr_record_check_country (json_node_get_string (member)))
        {
          *detail = g_strdup_printf ("data.members[%u] must be an upper-case country code", i);
          return FALSE;
        }
    }

  return TRUE;
}

/* Checks a PUT body for a record of @type. Returns the parts the server
 * keeps, or NULL with @detail saying what is wrong. Members the server
 * owns (rev, seq, updated_at …) are ignored. */
MnrRecordInput *
mnr_record_check_body (const char  *type,
                       JsonNode    *root,
                       char       **detail)
{
  g_autoptr(MnrRecordInput) input = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  JsonObject *object, *data;
  JsonNode *node;
  gboolean is_group;
  gboolean ok;

  g_return_val_if_fail (mnr_record_check_type (type), NULL);
  g_return_val_if_fail (detail != NULL && *detail == NULL, NULL);

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      *detail = g_strdup ("the body must be a JSON object");
      return NULL;
    }

  object = json_node_get_object (root);
  is_group = g_str_equal (type, "group");
  input = g_new0 (MnrRecordInput, 1);

  node = json_object_get_member (object, "country");
  if (is_group)
    {
      if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
        {
          *detail = g_strdup ("country must be null for a group");
          return NULL;
        }
    }
  else
    {
      if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
          json_node_get_value_type (node) != G_TYPE_STRING ||
          !mnr_record_check_country (json_node_get_string (node)))
        {
          *detail = g_strdup ("country must be an upper-case ISO 3166-1 alpha-2 code");
          return NULL;
        }
      input->country = g_strdup (json_node_get_string (node));
    }

  node = json_object_get_member (object, "updated_by");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
          g_utf8_strlen (json_node_get_string (node), -1) > MNR_UPDATED_BY_MAX)
        {
          *detail = g_strdup_printf ("updated_by must be a string of at most %d characters",
                                     MNR_UPDATED_BY_MAX);
          return NULL;
        }
      input->updated_by = g_strdup (json_node_get_string (node));
    }
  else
    input->updated_by = g_strdup ("");

  node = json_object_get_member (object, "deleted");
  if (node != NULL)
    {
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
        {
          *detail = g_strdup ("deleted must be true or false");
          return NULL;
        }
      input->deleted = json_node_get_boolean (node);
    }

  node = json_object_get_member (object, "data");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      *detail = g_strdup ("data must be a JSON object");
      return NULL;
    }
  data = json_node_get_object (node);

  if (!check_string_lengths (node, "data", detail))
    return NULL;

  /* A tombstone keeps whatever data it carries (usually {}). */
  if (input->deleted)
    ok = TRUE;
  else if (g_str_equal (type, "round"))
    ok = check_round (data, detail);
  else if (g_str_equal (type, "rating"))
    ok = check_rating (data, detail);
  else if (g_str_equal (type, "evidence"))
    ok = check_evidence (data, detail);
  else if (g_str_equal (type, "attachment"))
    ok = check_attachment (data, detail);
  else
    ok = check_group (data, detail);

  if (!ok)
    return NULL;

  generator = json_generator_new ();
  json_generator_set_root (generator, node);
  input->data_json = json_generator_to_data (generator, NULL);

  return g_steal_pointer (&input);
}
