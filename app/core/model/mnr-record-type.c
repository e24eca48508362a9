/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-record-type"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mnr-evidence.h"
#include "mnr-ids.h"
#include "mnr-record-type-private.h"
#include "mnr-record-type.h"
#include "mnr-sync-record.h"

/* The record types of the sync protocol (docs/sync-protocol.md, section
 * 4.4), each described once. The order of mnr_record_types() is the
 * order of push and of apply: a type after the type its parent is. */

#define ANY MNR_SYNC_MAX_STRING_CHARS

static const MnrRecordField round_fields[] = {
  { "name", MNR_FIELD_NAME, 200, NULL, NULL, MNR_FIELD_FREE_TEXT, NC_("conflict field", "Name") },
  { "date", MNR_FIELD_DAY, 10, NULL, NULL, MNR_FIELD_FLAGS_NONE, NC_("conflict field", "Date") },
  { "shared_with", MNR_FIELD_GROUP_LIST, 0, NULL, NULL, MNR_FIELD_SHARES | MNR_FIELD_OPTIONAL,
    NC_("conflict field", "Shared with") },
};

/* A level set by a focal point is proposed until a meeting of the
 * committee agrees it (issue 9; docs/sync-protocol.md, section 4.4). */
const char * const mnr_review_states[] = { "proposed", "agreed", NULL };

static const MnrRecordField rating_fields[] = {
  { "level", MNR_FIELD_LEVEL, ANY, NULL, NULL, MNR_FIELD_FLAGS_NONE, NC_("conflict field", "Level") },
  { "rationale", MNR_FIELD_TEXT, ANY, NULL, NULL, MNR_FIELD_FREE_TEXT, NC_("conflict field", "Rationale") },
  { "element", MNR_FIELD_ELEMENT, ANY, NULL, NULL, MNR_FIELD_SHOWN_IF_CHANGED,
    NC_("conflict field", "Capability or enabler") },
  { "round", MNR_FIELD_REFERENCE, ANY, "round", NULL, MNR_FIELD_SHOWN_IF_CHANGED,
    NC_("conflict field", "Assessment round") },
  { "review", MNR_FIELD_CHOICE, ANY, NULL, mnr_review_states, MNR_FIELD_OPTIONAL | MNR_FIELD_SHOWN_IF_CHANGED,
    NC_("conflict field", "Review") },
  { "agreed_in", MNR_FIELD_REFERENCE, ANY, "meeting", NULL,
    MNR_FIELD_MAY_BE_EMPTY | MNR_FIELD_OPTIONAL | MNR_FIELD_SHOWN_IF_CHANGED,
    NC_("conflict field", "Agreed at the meeting") },
};

static const MnrRecordField evidence_fields[] = {
  { "title", MNR_FIELD_NAME, ANY, NULL, NULL, MNR_FIELD_FREE_TEXT, NC_("conflict field", "Title") },
  { "kind", MNR_FIELD_CHOICE, ANY, NULL, mnr_evidence_kinds, MNR_FIELD_FLAGS_NONE, NC_("conflict field", "Kind") },
  { "date", MNR_FIELD_PARTIAL_DATE, 10, NULL, NULL, MNR_FIELD_FLAGS_NONE, NC_("conflict field", "Date") },
  { "source", MNR_FIELD_TEXT, ANY, NULL, NULL, MNR_FIELD_FREE_TEXT, NC_("conflict field", "Source") },
  { "summary", MNR_FIELD_TEXT, ANY, NULL, NULL, MNR_FIELD_FREE_TEXT, NC_("conflict field", "Summary") },
  { "restricted", MNR_FIELD_BOOLEAN, 0, NULL, NULL, MNR_FIELD_RESTRICTS, NC_("conflict field", "Sensitivity") },
  { "elements", MNR_FIELD_ELEMENT_LIST, 0, NULL, NULL, MNR_FIELD_FLAGS_NONE,
    NC_("conflict field", "Capabilities and enablers") },
};

static const MnrRecordField attachment_fields[] = {
  { "name", MNR_FIELD_FILE_NAME, 255, NULL, NULL, MNR_FIELD_FREE_TEXT, NC_("conflict field", "File name") },
  { "size", MNR_FIELD_SIZE, 0, NULL, NULL, MNR_FIELD_FLAGS_NONE, NC_("conflict field", "Size") },
  { "content_type", MNR_FIELD_TEXT, ANY, NULL, NULL, MNR_FIELD_FLAGS_NONE, NC_("conflict field", "File type") },
  { "sha256", MNR_FIELD_SHA256, 64, NULL, NULL, MNR_FIELD_FLAGS_NONE, NC_("conflict field", "Content") },
  { "evidence", MNR_FIELD_REFERENCE, ANY, "evidence", NULL, MNR_FIELD_SHOWN_IF_CHANGED,
    NC_("conflict field", "Evidence") },
};

static const MnrRecordField group_fields[] = {
  { "name", MNR_FIELD_NAME, 200, NULL, NULL, MNR_FIELD_FREE_TEXT, NC_("conflict field", "Name") },
  { "short_name", MNR_FIELD_TEXT, ANY, NULL, NULL, MNR_FIELD_FREE_TEXT, NC_("conflict field", "Short name") },
  { "members", MNR_FIELD_COUNTRY_LIST, 0, NULL, NULL, MNR_FIELD_FLAGS_NONE, NC_("conflict field", "Members") },
};

/* A committee's meetings (MNR capability 1), what they noted and decided,
 * and the action items they gave. */
const char * const mnr_agenda_kinds[] = { "items", "changes", "grid", NULL };
const char * const mnr_minute_kinds[] = { "note", "decision", NULL };
const char * const mnr_action_statuses[] = { "open", "in-progress", "done", "dropped", NULL };

static const MnrRecordField meeting_fields[] = {
  { "title", MNR_FIELD_NAME, 200, NULL, NULL, MNR_FIELD_FREE_TEXT, NC_("conflict field", "Title") },
  { "date", MNR_FIELD_DAY, 10, NULL, NULL, MNR_FIELD_FLAGS_NONE, NC_("conflict field", "Date") },
  { "place", MNR_FIELD_TEXT, ANY, NULL, NULL, MNR_FIELD_FREE_TEXT, NC_("conflict field", "Place") },
  { "attendees", MNR_FIELD_TEXT, ANY, NULL, NULL, MNR_FIELD_FREE_TEXT, NC_("conflict field", "Attendees") },
  { "apologies", MNR_FIELD_TEXT, ANY, NULL, NULL, MNR_FIELD_FREE_TEXT, NC_("conflict field", "Apologies") },
  { "agenda_kind", MNR_FIELD_CHOICE, ANY, NULL, mnr_agenda_kinds, MNR_FIELD_FLAGS_NONE,
    NC_("conflict field", "Agenda") },
  { "agenda", MNR_FIELD_ELEMENT_LIST, 0, NULL, NULL, MNR_FIELD_FLAGS_NONE, NC_("conflict field", "Agenda items") },
};

static const MnrRecordField minute_fields[] = {
  { "kind", MNR_FIELD_CHOICE, ANY, NULL, mnr_minute_kinds, MNR_FIELD_FLAGS_NONE, NC_("conflict field", "Kind") },
  { "text", MNR_FIELD_TEXT, ANY, NULL, NULL, MNR_FIELD_FREE_TEXT, NC_("conflict field", "Text") },
  { "level", MNR_FIELD_LEVEL, ANY, NULL, NULL, MNR_FIELD_MAY_BE_EMPTY, NC_("conflict field", "Level agreed") },
  { "element", MNR_FIELD_ELEMENT, ANY, NULL, NULL, MNR_FIELD_MAY_BE_EMPTY | MNR_FIELD_SHOWN_IF_CHANGED,
    NC_("conflict field", "Agenda item") },
  { "meeting", MNR_FIELD_REFERENCE, ANY, "meeting", NULL, MNR_FIELD_SHOWN_IF_CHANGED,
    NC_("conflict field", "Meeting") },
};

static const MnrRecordField action_fields[] = {
  { "description", MNR_FIELD_NAME, ANY, NULL, NULL, MNR_FIELD_FREE_TEXT, NC_("conflict field", "Description") },
  { "owner", MNR_FIELD_TEXT, ANY, NULL, NULL, MNR_FIELD_FREE_TEXT, NC_("conflict field", "Owner") },
  { "due", MNR_FIELD_DAY, 10, NULL, NULL, MNR_FIELD_MAY_BE_EMPTY, NC_("conflict field", "Due date") },
  { "status", MNR_FIELD_CHOICE, ANY, NULL, mnr_action_statuses, MNR_FIELD_FLAGS_NONE, NC_("conflict field", "Status") },
  { "element", MNR_FIELD_ELEMENT, ANY, NULL, NULL, MNR_FIELD_FLAGS_NONE,
    NC_("conflict field", "Capability or enabler") },
  { "meeting", MNR_FIELD_REFERENCE, ANY, "meeting", NULL, MNR_FIELD_MAY_BE_EMPTY,
    NC_("conflict field", "Made by the meeting") },
};

/**
 * mnr_record_choice_get_label:
 * @choices: a field's choices, as #mnr_action_statuses
 *
 * Returns: (nullable): @value of @choices for people ("In progress"),
 *   %NULL for a list or a value this version has no name for
 */
const char *
mnr_record_choice_get_label (const char * const *choices,
                             const char         *value)
{
  static const struct { const char * const *choices; const char *value; const char *label; } labels[] = {
    { mnr_agenda_kinds, "items", NC_("agenda kind", "Chosen capabilities and enablers") },
    { mnr_agenda_kinds, "changes", NC_("agenda kind", "Everything changed since the last meeting") },
    { mnr_agenda_kinds, "grid", NC_("agenda kind", "The whole grid") },
    { mnr_minute_kinds, "note", NC_("minute kind", "Note") },
    { mnr_minute_kinds, "decision", NC_("minute kind", "Decision") },
    { mnr_action_statuses, "open", NC_("action status", "Open") },
    { mnr_action_statuses, "in-progress", NC_("action status", "In progress") },
    { mnr_action_statuses, "done", NC_("action status", "Done") },
    { mnr_action_statuses, "dropped", NC_("action status", "Dropped") },
    { mnr_review_states, "proposed", NC_("review status", "Proposed") },
    { mnr_review_states, "agreed", NC_("review status", "Agreed") },
  };
  static const char *contexts[] = { "agenda kind", "minute kind", "action status", "review status" };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (labels[i].choices == choices && g_strcmp0 (labels[i].value, value) == 0)
      return g_dpgettext2 (GETTEXT_PACKAGE,
                           contexts[choices == mnr_agenda_kinds ? 0 : choices == mnr_minute_kinds ? 1
                                    : choices == mnr_action_statuses ? 2 : 3],
                           labels[i].label);

  return NULL;
}

#define FIELDS(array) array, G_N_ELEMENTS (array)

static const MnrRecordType round_type = {
  "round", MNR_RECORD_SCOPE_COUNTRY, NULL, NULL, "name",
  N_("An assessment round"), N_("Assessment round “%s”"), FIELDS (round_fields),
};

static const MnrRecordType rating_type = {
  "rating", MNR_RECORD_SCOPE_COUNTRY, "round", NULL, NULL,
  N_("A rating"), NULL, FIELDS (rating_fields),
};

static const MnrRecordType evidence_type = {
  "evidence", MNR_RECORD_SCOPE_COUNTRY, NULL, NULL, "title",
  N_("An item of evidence"), N_("Evidence “%s”"), FIELDS (evidence_fields),
};

static const MnrRecordType attachment_type = {
  "attachment", MNR_RECORD_SCOPE_COUNTRY, "evidence", "sha256", "name",
  N_("An attachment"), N_("Attachment “%s”"), FIELDS (attachment_fields),
};

static const MnrRecordType group_type = {
  "group", MNR_RECORD_SCOPE_SHARED, NULL, NULL, "short_name",
  N_("A regional group"), N_("Group “%s”"), FIELDS (group_fields),
};

static const MnrRecordType meeting_type = {
  "meeting", MNR_RECORD_SCOPE_COUNTRY, NULL, NULL, "title",
  N_("A meeting"), N_("Meeting “%s”"), FIELDS (meeting_fields),
};

static const MnrRecordType minute_type = {
  "minute", MNR_RECORD_SCOPE_COUNTRY, "meeting", NULL, NULL,
  N_("A note or decision of a meeting"), NULL, FIELDS (minute_fields),
};

static const MnrRecordType action_type = {
  "action", MNR_RECORD_SCOPE_COUNTRY, NULL, NULL, "description",
  N_("An action item"), N_("Action item “%s”"), FIELDS (action_fields),
};

static const MnrRecordType * const record_types[] = {
  &round_type, &rating_type, &evidence_type, &attachment_type, &group_type,
  &meeting_type, &minute_type, &action_type, NULL,
};

/**
 * mnr_record_types:
 *
 * Returns: (transfer none) (array zero-terminated=1): every type this
 *   version knows, parents before the types that refer to them
 */
const MnrRecordType * const *
mnr_record_types (void)
{
  return record_types;
}

/**
 * mnr_record_type_lookup:
 *
 * Returns: (nullable): the type named @name, or %NULL for a type this
 *   version does not know
 */
const MnrRecordType *
mnr_record_type_lookup (const char *name)
{
  if (name == NULL)
    return NULL;

  for (guint i = 0; record_types[i] != NULL; i++)
    if (g_str_equal (record_types[i]->name, name))
      return record_types[i];

  return NULL;
}

const MnrRecordField *
mnr_record_type_get_field (const MnrRecordType *type,
                           const char          *name)
{
  g_return_val_if_fail (type != NULL, NULL);

  for (guint i = 0; i < type->n_fields; i++)
    if (g_strcmp0 (type->fields[i].name, name) == 0)
      return &type->fields[i];

  return NULL;
}

/**
 * mnr_record_field_is_list:
 *
 * Whether @field holds an array (of element ids or country codes).
 */
gboolean
mnr_record_field_is_list (const MnrRecordField *field)
{
  g_return_val_if_fail (field != NULL, FALSE);

  return field->kind == MNR_FIELD_ELEMENT_LIST || field->kind == MNR_FIELD_COUNTRY_LIST ||
         field->kind == MNR_FIELD_GROUP_LIST;
}

/**
 * mnr_record_field_get_default:
 *
 * Returns: what a string field holds when a record does not have it: its
 *   first choice for a %MNR_FIELD_CHOICE, "" for the others
 */
const char *
mnr_record_field_get_default (const MnrRecordField *field)
{
  g_return_val_if_fail (field != NULL, "");

  if (field->kind == MNR_FIELD_CHOICE && field->choices != NULL && field->choices[0] != NULL)
    return field->choices[0];
  return "";
}

/**
 * mnr_record_type_find_flagged:
 *
 * Returns: (nullable): @type's first field with @flag, such as the
 *   field that shares a round (%MNR_FIELD_SHARES)
 */
const MnrRecordField *
mnr_record_type_find_flagged (const MnrRecordType *type,
                              MnrFieldFlags        flag)
{
  g_return_val_if_fail (type != NULL, NULL);

  for (guint i = 0; i < type->n_fields; i++)
    if ((type->fields[i].flags & flag) != 0)
      return &type->fields[i];

  return NULL;
}

/**
 * mnr_record_type_is_group_id:
 *
 * Whether @text names a group: a bundled group's slug ("asean") or a
 * group record's UUID.
 */
gboolean
mnr_record_type_is_group_id (const char *text)
{
  return mnr_id_is_slug (text) || mnr_id_is_uuid (text);
}

/**
 * mnr_record_type_country_is_valid:
 *
 * The scope rule on an envelope's `country`: a country code for a
 * country's record, %NULL for a shared one.
 */
gboolean
mnr_record_type_country_is_valid (const MnrRecordType *type,
                                  const char          *country)
{
  g_return_val_if_fail (type != NULL, FALSE);

  if (type->scope == MNR_RECORD_SCOPE_SHARED)
    return country == NULL;

  return mnr_id_is_country_code (country);
}

/* --- reading untrusted JSON ------------------------------------------------ */

gboolean
mnr_record_fail (GError     **error,
                 const char  *format,
                 ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error_literal (error, MNR_SYNC_RECORD_ERROR, MNR_SYNC_RECORD_ERROR_INVALID, message);
  return FALSE;
}

gboolean
mnr_record_is_string_node (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

/* The string member @name of @object, valid UTF-8 of @min to @max
 * characters; %NULL with @error naming "@prefix@name" otherwise. */
const char *
mnr_record_get_string (JsonObject  *object,
                       const char  *prefix,
                       const char  *name,
                       glong        min,
                       glong        max,
                       GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);
  const char *text;
  glong length;

  if (node == NULL)
    {
      mnr_record_fail (error, "%s%s: missing", prefix, name);
      return NULL;
    }

  if (!mnr_record_is_string_node (node))
    {
      mnr_record_fail (error, "%s%s: must be a string", prefix, name);
      return NULL;
    }

  text = json_node_get_string (node);
  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    {
      mnr_record_fail (error, "%s%s: must be valid UTF-8", prefix, name);
      return NULL;
    }

  length = g_utf8_strlen (text, -1);
  if (length < min || length > max)
    {
      if (min > 0)
        mnr_record_fail (error, "%s%s: must have %ld to %ld characters", prefix, name, min, max);
      else
        mnr_record_fail (error, "%s%s: must have at most %ld characters", prefix, name, max);
      return NULL;
    }

  return text;
}

/* --- the protocol's rules, by kind ----------------------------------------- */

static gboolean
is_file_name (const char *name)
{
  for (const char *p = name; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '/' || c < 0x20 || c == 0x7f)
        return FALSE;
    }

  return TRUE;
}

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;

  return TRUE;
}

/* Whether the string @text is among the first @n elements of @array. */
static gboolean
list_has_before (JsonArray  *array,
                 guint       n,
                 const char *text)
{
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (json_array_get_string_element (array, i), text) == 0)
      return TRUE;

  return FALSE;
}

/* The array member of @field, every element a string for which @check
 * is true; @bad is set to the first that is not. */
static gboolean
check_list (JsonObject            *data,
            const MnrRecordField  *field,
            const char           **bad,
            GError               **error)
{
  const char *what;
  JsonNode *node = json_object_get_member (data, field->name);
  JsonArray *array;

  if (field->kind == MNR_FIELD_ELEMENT_LIST)
    what = "element ids";
  else if (field->kind == MNR_FIELD_COUNTRY_LIST)
    what = "country codes";
  else
    what = "group ids (slugs or UUIDs), each once";

  if (node == NULL && (field->flags & MNR_FIELD_OPTIONAL) != 0)
    return TRUE;  /* absent: shared with no group */
  if (node == NULL)
    return mnr_record_fail (error, "data.%s: missing", field->name);
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return mnr_record_fail (error, "data.%s: must be an array of %s", field->name, what);

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      const char *text = mnr_record_is_string_node (element) ? json_node_get_string (element) : NULL;

      gboolean valid;

      if (field->kind == MNR_FIELD_ELEMENT_LIST)
        valid = mnr_id_is_element (text);
      else if (field->kind == MNR_FIELD_COUNTRY_LIST)
        valid = mnr_id_is_country_code (text);
      else
        valid = mnr_record_type_is_group_id (text) && !list_has_before (array, i, text);

      if (text == NULL || !valid)
        {
          if (bad != NULL)
            *bad = text;
          return mnr_record_fail (error, "data.%s[%u]: must be %s", field->name, i, what);
        }
    }

  return TRUE;
}

/* Whether @data's member is there with the JSON type of its kind. */
static gboolean
check_present (JsonObject            *data,
               const MnrRecordField  *field,
               GError               **error)
{
  const char *name = field->name;
  JsonNode *node;

  if ((field->flags & MNR_FIELD_OPTIONAL) != 0 && !json_object_has_member (data, name))
    return TRUE;

  switch (field->kind)
    {
    case MNR_FIELD_NAME:
    case MNR_FIELD_FILE_NAME:
      return mnr_record_get_string (data, "data.", name, 1, field->max_chars, error) != NULL;

    case MNR_FIELD_DAY:
      if ((field->flags & MNR_FIELD_MAY_BE_EMPTY) != 0)
        return mnr_record_get_string (data, "data.", name, 0, 10, error) != NULL;
      return mnr_record_get_string (data, "data.", name, 10, 10, error) != NULL;

    case MNR_FIELD_TEXT:
    case MNR_FIELD_PARTIAL_DATE:
    case MNR_FIELD_REFERENCE:
    case MNR_FIELD_ELEMENT:
    case MNR_FIELD_LEVEL:
    case MNR_FIELD_CHOICE:
    case MNR_FIELD_SHA256:
      return mnr_record_get_string (data, "data.", name, 0,
                                    field->max_chars > 0 ? field->max_chars : MNR_SYNC_MAX_STRING_CHARS,
                                    error) != NULL;

    case MNR_FIELD_BOOLEAN:
      node = json_object_get_member (data, name);
      if (node == NULL)
        return mnr_record_fail (error, "data.%s: missing", name);
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
        return mnr_record_fail (error, "data.%s: must be a boolean", name);
      return TRUE;

    case MNR_FIELD_SIZE:
      node = json_object_get_member (data, name);
      if (node == NULL)
        return mnr_record_fail (error, "data.%s: missing", name);
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
          json_node_get_int (node) < 0 || json_node_get_int (node) > MNR_SYNC_MAX_BLOB_BYTES)
        return mnr_record_fail (error, "data.%s: must be an integer from 0 to %d", name, MNR_SYNC_MAX_BLOB_BYTES);
      return TRUE;

    case MNR_FIELD_ELEMENT_LIST:
    case MNR_FIELD_COUNTRY_LIST:
    case MNR_FIELD_GROUP_LIST:
      return TRUE;  /* with their form, in check_form() */

    default:
      g_return_val_if_reached (FALSE);
    }
}

/* Whether the member, of the right JSON type, has the form of its kind. */
static gboolean
check_form (JsonObject            *data,
            const MnrRecordField  *field,
            const char           **bad,
            GError               **error)
{
  const char *name = field->name;
  const char *text = NULL;
  JsonNode *node = json_object_get_member (data, name);
  gboolean may_be_empty;

  if (node == NULL && (field->flags & MNR_FIELD_OPTIONAL) != 0 && !mnr_record_field_is_list (field))
    return TRUE;  /* absent: its default */
  if (mnr_record_is_string_node (node))
    text = json_node_get_string (node);
  may_be_empty = (field->flags & MNR_FIELD_MAY_BE_EMPTY) != 0 && g_strcmp0 (text, "") == 0;
  if (bad != NULL)
    *bad = text;

  switch (field->kind)
    {
    case MNR_FIELD_NAME:
      if (is_blank (text))
        return mnr_record_fail (error, "data.%s: must not be only white space", name);
      return TRUE;

    case MNR_FIELD_DAY:
      if (!mnr_id_is_date (text, FALSE) && !may_be_empty)
        return mnr_record_fail (error, "data.%s: must be a real day, YYYY-MM-DD", name);
      return TRUE;

    case MNR_FIELD_PARTIAL_DATE:
      if (!mnr_id_is_date (text, TRUE))
        return mnr_record_fail (error, "data.%s: must be \"\", YYYY, YYYY-MM or YYYY-MM-DD (a real month or day)", name);
      return TRUE;

    case MNR_FIELD_REFERENCE:
      if (!mnr_id_is_uuid (text) && !may_be_empty)
        return mnr_record_fail (error, "data.%s: must be a lower-case UUID", name);
      return TRUE;

    case MNR_FIELD_ELEMENT:
      if (!mnr_id_is_element (text) && !may_be_empty)
        return mnr_record_fail (error, "data.%s: must be \"capability-N\" or \"enabler-<slug>\"", name);
      return TRUE;

    case MNR_FIELD_LEVEL:
      if (!mnr_id_is_slug (text) && !may_be_empty)
        return mnr_record_fail (error, "data.%s: must be a slug (a-z, 0-9, -)", name);
      return TRUE;

    case MNR_FIELD_CHOICE:
      if (!g_strv_contains (field->choices, text))
        {
          g_autofree char *allowed = g_strjoinv (", ", (char **)field->choices);

          return mnr_record_fail (error, "data.%s: must be one of %s", name, allowed);
        }
      return TRUE;

    case MNR_FIELD_SHA256:
      if (!mnr_id_is_sha256 (text))
        return mnr_record_fail (error, "data.%s: must be 64 lower-case hexadecimal digits", name);
      return TRUE;

    case MNR_FIELD_FILE_NAME:
      if (!is_file_name (text))
        return mnr_record_fail (error, "data.%s: must not hold \"/\" or control characters", name);
      return TRUE;

    case MNR_FIELD_ELEMENT_LIST:
    case MNR_FIELD_COUNTRY_LIST:
    case MNR_FIELD_GROUP_LIST:
      return check_list (data, field, bad, error);

    case MNR_FIELD_TEXT:
    case MNR_FIELD_BOOLEAN:
    case MNR_FIELD_SIZE:
      return TRUE;

    default:
      g_return_val_if_reached (FALSE);
    }
}

/**
 * mnr_record_type_validate:
 * @failed: (out) (optional): the field that broke its rule
 *
 * Checks @data against @type's fields: first that each is there with its
 * JSON type, then each one's form. Members no field names are allowed
 * (a newer version's); the depth and the length of every string anywhere
 * are mnr_sync_record_validate_data()'s to check.
 */
gboolean
mnr_record_type_validate (const MnrRecordType   *type,
                          JsonObject            *data,
                          const MnrRecordField **failed,
                          GError               **error)
{
  g_return_val_if_fail (type != NULL && data != NULL, FALSE);

  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < type->n_fields; i++)
      {
        const MnrRecordField *field = &type->fields[i];

        if (!(pass == 0 ? check_present (data, field, error) : check_form (data, field, NULL, error)))
          {
            if (failed != NULL)
              *failed = field;
            return FALSE;
          }
      }

  return TRUE;
}
