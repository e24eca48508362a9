/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-sync-record"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mnr-ids.h"
#include "mnr-record-type-private.h"
#include "mnr-record-type.h"
#include "mnr-sync-record.h"

/* Records as they go over the wire, and the protocol's rules for them
 * (docs/sync-protocol.md, section 4).
 *
 * Everything read from an envelope is untrusted: members are looked up
 * with json_object_get_member() and their node and value types checked
 * before a value is taken, never with the plain getters. Error messages
 * name the member ("data.level: must be a slug (a-z, 0-9, -)"), like the
 * server's problem details; they are technical and not translated. */

G_DEFINE_BOXED_TYPE (MnrSyncRecord, mnr_sync_record, mnr_sync_record_copy, mnr_sync_record_free)

G_DEFINE_QUARK (mnr-sync-record-error-quark, mnr_sync_record_error)

/**
 * mnr_sync_record_new:
 *
 * Returns: (transfer full): a record of @type and @id, not deleted, with
 *   an empty `data`
 */
MnrSyncRecord *
mnr_sync_record_new (const char *type,
                     const char *id)
{
  MnrSyncRecord *record = g_new0 (MnrSyncRecord, 1);

  record->type = g_strdup (type);
  record->id = g_strdup (id);
  record->updated_by = g_strdup ("");
  record->data = json_object_new ();
  return record;
}

static JsonObject *copy_object (JsonObject *object);

/* A deep copy of @node: json_node_copy() shares objects and arrays. */
static JsonNode *
copy_node (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autoptr(JsonObject) object = copy_object (json_node_get_object (node));

      return json_node_init_object (json_node_alloc (), object);
    }

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      guint length = json_array_get_length (array);
      g_autoptr(JsonArray) copy = json_array_sized_new (length);

      for (guint i = 0; i < length; i++)
        json_array_add_element (copy, copy_node (json_array_get_element (array, i)));
      return json_node_init_array (json_node_alloc (), copy);
    }

  if (JSON_NODE_HOLDS_VALUE (node))
    {
      /* Not json_node_copy(): a copy of a sealed node (from an immutable
       * parser) would be sealed too. */
      g_auto(GValue) value = G_VALUE_INIT;
      JsonNode *copy = json_node_init (json_node_alloc (), JSON_NODE_VALUE);

      json_node_get_value (node, &value);
      json_node_set_value (copy, &value);
      return copy;
    }

  return json_node_init_null (json_node_alloc ());
}

/* A deep copy of @object, so that copies of a record never share data.
 * (It was written out as JSON text and parsed again: a fifth of a pull's
 * parsing.) */
static JsonObject *
copy_object (JsonObject *object)
{
  JsonObject *copy = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &name, &member))
    json_object_set_member (copy, name, copy_node (member));

  return copy;
}

MnrSyncRecord *
mnr_sync_record_copy (const MnrSyncRecord *record)
{
  MnrSyncRecord *copy;

  g_return_val_if_fail (record != NULL, NULL);

  copy = g_new0 (MnrSyncRecord, 1);
  copy->type = g_strdup (record->type);
  copy->id = g_strdup (record->id);
  copy->country = g_strdup (record->country);
  copy->deleted = record->deleted;
  copy->server_rev = record->server_rev;
  copy->local_rev = record->local_rev;
  copy->updated_by = g_strdup (record->updated_by);
  copy->updated_at = record->updated_at;
  copy->data = record->data != NULL ? copy_object (record->data) : json_object_new ();
  return copy;
}

void
mnr_sync_record_free (MnrSyncRecord *record)
{
  if (record == NULL)
    return;

  g_free (record->type);
  g_free (record->id);
  g_free (record->country);
  g_free (record->updated_by);
  g_clear_pointer (&record->data, json_object_unref);
  g_free (record);
}

/**
 * mnr_sync_record_type_is_valid:
 *
 * Whether this version knows the record type @type (mnr_record_types()).
 */
gboolean
mnr_sync_record_type_is_valid (const char *type)
{
  return mnr_record_type_lookup (type) != NULL;
}

/* --- the protocol's rules (section 4.4) ---------------------------------- */

/* Every string anywhere in @node at most MNR_SYNC_MAX_STRING_CHARS characters. */
static gboolean
check_nested (JsonNode    *node,
              const char  *path,
              guint        depth,
              GError     **error)
{
  if (depth > MNR_SYNC_MAX_DEPTH)
    return mnr_record_fail (error, "%s: nested too deeply", path);

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        const char *name;
        JsonNode *child;

        json_object_iter_init (&iter, json_node_get_object (node));
        while (json_object_iter_next (&iter, &name, &child))
          {
            g_autofree char *child_path = g_strconcat (path, ".", name, NULL);

            if (!check_nested (child, child_path, depth + 1, error))
              return FALSE;
          }
        return TRUE;
      }

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            g_autofree char *child_path = g_strdup_printf ("%s[%u]", path, i);

            if (!check_nested (json_array_get_element (array, i), child_path, depth + 1, error))
              return FALSE;
          }
        return TRUE;
      }

    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_STRING)
        {
          const char *text = json_node_get_string (node);

          if (text == NULL || !g_utf8_validate (text, -1, NULL) ||
              g_utf8_strlen (text, -1) > MNR_SYNC_MAX_STRING_CHARS)
            return mnr_record_fail (error, "%s: strings must be valid UTF-8 of at most %d characters",
                         path, MNR_SYNC_MAX_STRING_CHARS);
        }
      return TRUE;

    case JSON_NODE_NULL:
      return TRUE;

    default:
      return mnr_record_fail (error, "%s: not a JSON value", path);
    }
}

/**
 * mnr_sync_record_validate_data:
 * @type: a record type
 * @data: a `data` member
 *
 * Checks @data against the protocol's rules for @type (section 4.4):
 * every listed member present with its type and form, every string
 * anywhere at most 100,000 characters. Unknown members are allowed.
 */
gboolean
mnr_sync_record_validate_data (const char  *type,
                               JsonObject  *data,
                               GError     **error)
{
  const MnrRecordType *record_type;

  g_return_val_if_fail (data != NULL, FALSE);

  {
    g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), data);

    if (!check_nested (node, "data", 0, error))
      return FALSE;
  }

  record_type = mnr_record_type_lookup (type);
  if (record_type == NULL)
    return mnr_record_fail (error, "type: \"%s\" is not a record type", type != NULL ? type : "");

  return mnr_record_type_validate (record_type, data, NULL, error);
}

/**
 * mnr_sync_record_same_content:
 *
 * Returns: whether @a and @b have the same country, deleted flag and
 *   `data` (compared as JSON values): the test of section 7.5, rule 1
 */
gboolean
mnr_sync_record_same_content (const MnrSyncRecord *a,
                              const MnrSyncRecord *b)
{
  g_autoptr(JsonNode) node_a = NULL;
  g_autoptr(JsonNode) node_b = NULL;

  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  if (g_strcmp0 (a->country, b->country) != 0 || !a->deleted != !b->deleted)
    return FALSE;

  node_a = json_node_init_object (json_node_alloc (), a->data);
  node_b = json_node_init_object (json_node_alloc (), b->data);
  return json_node_equal (node_a, node_b);
}

static void write_canonical (GString  *out,
                             JsonNode *node);

/* @text as a token that says where it ends: "s<bytes>:<text>". */
static void
write_canonical_string (GString    *out,
                        const char *text)
{
  gsize length = strlen (text);

  g_string_append_printf (out, "s%" G_GSIZE_FORMAT ":", length);
  g_string_append_len (out, text, length);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* @node in a form where every token says where it ends and an object's
 * members come sorted by name, so that two JSON values have the same
 * form when json_node_equal() finds them equal (a number that is whole
 * is written as an integer, whichever type it was read as). */
static void
write_canonical (GString  *out,
                 JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GPtrArray) names = g_ptr_array_new ();
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;

      json_object_iter_init (&iter, object);
      while (json_object_iter_next (&iter, &name, &member))
        g_ptr_array_add (names, (gpointer) name);
      g_ptr_array_sort (names, compare_names);
      g_string_append_c (out, '{');
      for (guint i = 0; i < names->len; i++)
        {
          write_canonical_string (out, names->pdata[i]);
          write_canonical (out, json_object_get_member (object, names->pdata[i]));
        }
      g_string_append_c (out, '}');
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      guint length = json_array_get_length (array);

      g_string_append_c (out, '[');
      for (guint i = 0; i < length; i++)
        write_canonical (out, json_array_get_element (array, i));
      g_string_append_c (out, ']');
    }
  else if (JSON_NODE_HOLDS_VALUE (node))
    {
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_STRING:
          write_canonical_string (out, json_node_get_string (node));
          break;
        case G_TYPE_BOOLEAN:
          g_string_append_c (out, json_node_get_boolean (node) ? 't' : 'f');
          break;
        case G_TYPE_DOUBLE:
          {
            double value = json_node_get_double (node);
            char buffer[G_ASCII_DTOSTR_BUF_SIZE];

            if (value == (double) (gint64) value && value >= -9.0e18 && value <= 9.0e18)
              g_string_append_printf (out, "i%" G_GINT64_FORMAT ";", (gint64) value);
            else
              g_string_append_printf (out, "d%s;", g_ascii_dtostr (buffer, sizeof buffer, value));
          }
          break;
        case G_TYPE_INT64:
        default:
          g_string_append_printf (out, "i%" G_GINT64_FORMAT ";", json_node_get_int (node));
          break;
        }
    }
  else
    g_string_append_c (out, 'n');
}

/**
 * mnr_sync_record_content_digest:
 *
 * What mnr_sync_record_same_content() compares (the country, the deleted
 * flag and `data`, as JSON values: member order does not matter), as a
 * SHA-256 in hex: two records with the same content have the same
 * digest. A client keeps it for each version it sends, to know that
 * version again when the server shows it back (section 7.5, rule 1).
 *
 * Returns: (transfer full): 64 hex digits
 */
char *
mnr_sync_record_content_digest (const MnrSyncRecord *record)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(JsonNode) data = NULL;

  g_return_val_if_fail (record != NULL && record->data != NULL, NULL);

  if (record->country != NULL)
    write_canonical_string (out, record->country);
  else
    g_string_append_c (out, 'n');
  g_string_append_c (out, record->deleted ? 't' : 'f');
  data = json_node_init_object (json_node_alloc (), record->data);
  write_canonical (out, data);
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) out->str, out->len);
}

/**
 * mnr_sync_record_members_equal:
 * @a: (nullable): a member's value, %NULL when the member is absent
 * @b: (nullable): another
 *
 * Returns: whether @a and @b hold the same JSON value, or are both absent
 */
gboolean
mnr_sync_record_members_equal (JsonNode *a,
                               JsonNode *b)
{
  if (a == NULL || b == NULL)
    return a == b;

  return json_node_equal (a, b);
}

static JsonNode *
get_member (const MnrSyncRecord *record,
            const char          *name)
{
  if (record == NULL || record->data == NULL)
    return NULL;

  return json_object_get_member (record->data, name);
}

static void
add_names (GPtrArray           *names,
           const MnrSyncRecord *record)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  if (record == NULL || record->data == NULL)
    return;

  json_object_iter_init (&iter, record->data);
  while (json_object_iter_next (&iter, &name, &value))
    if (!g_ptr_array_find_with_equal_func (names, name, g_str_equal, NULL))
      g_ptr_array_add (names, (gpointer)name);
}

/* Section 7.5, rule 4, for one value: which side's value the merge takes,
 * or -1 when both sides changed it to different values. */
enum { TAKE_LOCAL, TAKE_REMOTE, TAKE_NEITHER = -1 };

static int
merge_value (gboolean  have_base,
             JsonNode *base,
             JsonNode *local,
             JsonNode *remote)
{
  if (mnr_sync_record_members_equal (local, remote))
    return TAKE_REMOTE;
  if (!have_base)
    return TAKE_NEITHER;  /* no common ancestor: every difference is real */
  if (mnr_sync_record_members_equal (local, base))
    return TAKE_REMOTE;   /* changed on the server only */
  if (mnr_sync_record_members_equal (remote, base))
    return TAKE_LOCAL;    /* changed here only */
  return TAKE_NEITHER;
}

/**
 * mnr_sync_record_merge:
 * @base: (nullable): the server's version both sides started from; %NULL
 *   when it is not known, and then every difference is a conflict
 * @local: this computer's version
 * @remote: the server's current version
 * @conflicting: (out) (transfer full): the members changed on both sides
 *   to different values: names of `data` members, "country", or "deleted"
 *   alone when one side is a deletion and the other an edit (rule 3).
 *   Never %NULL; empty when the merge needs nobody.
 *
 * The three-way merge of docs/sync-protocol.md, section 7.5, rule 4: a
 * member changed on one side only takes that side's value, one changed on
 * both sides to the same value takes it. A list (`elements`, `members`)
 * is one value. Nothing here looks at a clock.
 *
 * Returns: (transfer full): the merge, with the @type, @id, @server_rev,
 *   @updated_by and @updated_at of @remote; each conflicting member holds
 *   @local's value (a deletion against an edit: @local as it is)
 */
MnrSyncRecord *
mnr_sync_record_merge (const MnrSyncRecord  *base,
                       const MnrSyncRecord  *local,
                       const MnrSyncRecord  *remote,
                       GStrv                *conflicting)
{
  g_autoptr(GStrvBuilder) clashes = g_strv_builder_new ();
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  MnrSyncRecord *merged;
  gboolean have_base = base != NULL && !base->deleted;

  g_return_val_if_fail (local != NULL && remote != NULL, NULL);
  g_return_val_if_fail (conflicting != NULL, NULL);

  merged = mnr_sync_record_copy (remote);
  merged->local_rev = local->local_rev;

  if (local->deleted || remote->deleted)
    {
      /* Both deleted: nothing is lost by taking the server's tombstone. */
      if (!(local->deleted && remote->deleted))
        {
          g_strv_builder_add (clashes, "deleted");
          merged->deleted = local->deleted;
          g_free (merged->country);
          merged->country = g_strdup (local->country);
          json_object_unref (merged->data);
          merged->data = copy_object (local->data);
        }
      *conflicting = g_strv_builder_end (clashes);
      return merged;
    }

  /* The country is a member like the others. */
  {
    g_autoptr(JsonNode) b = NULL, l = NULL, r = NULL;

    if (have_base && base->country != NULL)
      b = json_node_init_string (json_node_alloc (), base->country);
    if (local->country != NULL)
      l = json_node_init_string (json_node_alloc (), local->country);
    if (remote->country != NULL)
      r = json_node_init_string (json_node_alloc (), remote->country);

    switch (merge_value (have_base, b, l, r))
      {
      case TAKE_REMOTE:
        break;
      case TAKE_NEITHER:
        g_strv_builder_add (clashes, "country");
        G_GNUC_FALLTHROUGH;
      case TAKE_LOCAL:
      default:
        g_free (merged->country);
        merged->country = g_strdup (local->country);
        break;
      }
  }

  add_names (names, local);
  add_names (names, remote);
  if (have_base)
    add_names (names, base);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = names->pdata[i];
      JsonNode *l = get_member (local, name);
      int take = merge_value (have_base, get_member (have_base ? base : NULL, name), l,
                              get_member (remote, name));

      if (take == TAKE_REMOTE)
        continue;  /* merged is a copy of remote */

      if (take == TAKE_NEITHER)
        g_strv_builder_add (clashes, name);

      if (l != NULL)
        json_object_set_member (merged->data, name, json_node_copy (l));
      else
        json_object_remove_member (merged->data, name);
    }

  *conflicting = g_strv_builder_end (clashes);
  return merged;
}

/* --- to and from JSON ---------------------------------------------------- */

static void
add_common (JsonBuilder         *builder,
            const MnrSyncRecord *record)
{
  json_builder_set_member_name (builder, "country");
  if (record->country != NULL)
    json_builder_add_string_value (builder, record->country);
  else
    json_builder_add_null_value (builder);

  json_builder_set_member_name (builder, "updated_by");
  json_builder_add_string_value (builder, record->updated_by != NULL ? record->updated_by : "");
  json_builder_set_member_name (builder, "deleted");
  json_builder_add_boolean_value (builder, record->deleted);
}

static void
add_data (JsonBuilder         *builder,
          const MnrSyncRecord *record)
{
  g_autoptr(JsonObject) data = record->data != NULL ? copy_object (record->data) : json_object_new ();

  json_builder_set_member_name (builder, "data");
  json_builder_add_value (builder, json_node_init_object (json_node_alloc (), data));
}

/**
 * mnr_sync_record_to_json:
 *
 * Returns: (transfer full): the body of the record's `PUT`:
 *   `{"country", "updated_by", "deleted", "data"}` (section 4.3)
 */
JsonNode *
mnr_sync_record_to_json (const MnrSyncRecord *record)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (record != NULL, NULL);

  json_builder_begin_object (builder);
  add_common (builder, record);
  add_data (builder, record);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/**
 * mnr_sync_record_to_envelope:
 *
 * Returns: (transfer full): the record in the server's envelope (section
 *   4.2), with `rev` the server's rev; with a "local_rev" member too, so
 *   that mnr_sync_record_from_stored() gives the record back whole. For
 *   keeping a record (the conflicts table), not for sending.
 */
JsonNode *
mnr_sync_record_to_envelope (const MnrSyncRecord *record)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (record != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, record->type);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, record->id);
  json_builder_set_member_name (builder, "rev");
  json_builder_add_int_value (builder, record->server_rev);
  json_builder_set_member_name (builder, "local_rev");
  json_builder_add_int_value (builder, record->local_rev);
  if (record->updated_at > 0)
    {
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (record->updated_at / G_USEC_PER_SEC);

      if (when != NULL)
        {
          g_autofree char *text = g_date_time_format (when, "%Y-%m-%dT%H:%M:%SZ");

          json_builder_set_member_name (builder, "updated_at");
          json_builder_add_string_value (builder, text);
        }
    }
  add_common (builder, record);
  add_data (builder, record);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* The members an envelope and a write body share (sections 4.2 and 4.3),
 * read from @object into @record, whose type is known: country, deleted,
 * updated_by and data. With @check_data, data must be valid for the type,
 * or {} for a deletion. With @take_data, the record takes @object's data
 * object itself, unless it is sealed (an immutable parser's), instead of a
 * copy. */
static gboolean
read_content (JsonObject     *object,
              MnrSyncRecord  *record,
              gboolean        check_data,
              gboolean        take_data,
              GError        **error)
{
  JsonObject *data;
  JsonNode *member;
  const char *updated_by;

  member = json_object_get_member (object, "country");
  if (member == NULL)
    return mnr_record_fail (error, "country: missing");
  if (mnr_record_type_lookup (record->type)->scope == MNR_RECORD_SCOPE_SHARED)
    {
      if (!JSON_NODE_HOLDS_NULL (member))
        return mnr_record_fail (error, "country: must be null for a group");
    }
  else if (!mnr_record_is_string_node (member) || !mnr_id_is_country_code (json_node_get_string (member)))
    return mnr_record_fail (error, "country: must be two upper-case letters A-Z");
  else
    record->country = g_strdup (json_node_get_string (member));

  member = json_object_get_member (object, "deleted");
  if (member == NULL || !JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_BOOLEAN)
    return mnr_record_fail (error, "deleted: must be a boolean");
  record->deleted = json_node_get_boolean (member);

  if (!(updated_by = mnr_record_get_string (object, "", "updated_by", 0, MNR_SYNC_MAX_UPDATED_BY_CHARS, error)))
    return FALSE;
  g_free (record->updated_by);
  record->updated_by = g_strdup (updated_by);

  member = json_object_get_member (object, "data");
  if (member == NULL)
    return mnr_record_fail (error, "data: missing");
  if (!JSON_NODE_HOLDS_OBJECT (member))
    return mnr_record_fail (error, "data: must be an object");
  data = json_node_get_object (member);

  /* A deletion's data may be {} (section 4.3); anything else is checked. */
  if (check_data && !(record->deleted && json_object_get_size (data) == 0) &&
      !mnr_sync_record_validate_data (record->type, data, error))
    return FALSE;

  g_clear_pointer (&record->data, json_object_unref);
  record->data = take_data && !json_object_is_immutable (data) ? json_object_ref (data) : copy_object (data);
  return TRUE;
}

static MnrSyncRecord *
parse_envelope (JsonNode  *node,
                gboolean   from_server,
                gboolean   take_data,
                GError   **error)
{
  g_autoptr(MnrSyncRecord) record = NULL;
  JsonObject *object;
  JsonNode *member;
  const char *type, *id;
  gint64 rev;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      mnr_record_fail (error, "the record must be a JSON object");
      return NULL;
    }
  object = json_node_get_object (node);

  if (!(type = mnr_record_get_string (object, "", "type", 0, MNR_SYNC_MAX_STRING_CHARS, error)))
    return NULL;
  if (!mnr_sync_record_type_is_valid (type))
    {
      mnr_record_fail (error, "type: must be one of round, rating, evidence, attachment, group");
      return NULL;
    }

  if (!(id = mnr_record_get_string (object, "", "id", 0, MNR_SYNC_MAX_STRING_CHARS, error)))
    return NULL;
  if (!mnr_id_is_uuid (id))
    {
      mnr_record_fail (error, "id: must be a lower-case UUID of 36 characters");
      return NULL;
    }

  record = mnr_sync_record_new (type, id);

  member = json_object_get_member (object, "rev");
  if (member == NULL || !JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_INT64 ||
      (rev = json_node_get_int (member)) < (from_server ? 1 : 0))
    {
      mnr_record_fail (error, from_server ? "rev: must be an integer >= 1" : "rev: must be an integer >= 0");
      return NULL;
    }
  record->server_rev = rev;

  if (!from_server)
    {
      member = json_object_get_member (object, "local_rev");
      if (member == NULL || !JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_INT64 ||
          json_node_get_int (member) < 0)
        {
          mnr_record_fail (error, "local_rev: must be an integer >= 0");
          return NULL;
        }
      record->local_rev = json_node_get_int (member);
    }

  /* Informational (section 4.2): shown to people, so an unreadable time
   * is left unknown rather than refusing the record. */
  member = json_object_get_member (object, "updated_at");
  if (member != NULL && mnr_record_is_string_node (member))
    {
      g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
      g_autoptr(GDateTime) when = g_date_time_new_from_iso8601 (json_node_get_string (member), utc);

      if (when != NULL && g_date_time_to_unix (when) > 0)
        record->updated_at = g_date_time_to_unix (when) * G_USEC_PER_SEC;
    }

  if (!read_content (object, record, from_server, take_data, error))
    return NULL;

  return g_steal_pointer (&record);
}

/**
 * mnr_sync_record_from_json:
 * @type: the record's type, from the path of the write
 * @id: the record's id, from the path of the write
 * @body: the body of a `PUT` (section 4.3), as mnr_sync_record_to_json()
 *   makes it
 *
 * Reads and checks a write body strictly, as the server does before it
 * stores anything: country of the shape for @type (%NULL for a group and
 * only for a group), deleted a boolean, updated_by a string of at most 200
 * characters, data an object valid for @type ({} allowed for a deletion).
 * Members the server sets (type, id, rev, seq, updated_at) and other
 * unknown top-level members are ignored; unknown members of data are kept.
 * The messages name the member, as the server's problem details do.
 *
 * Returns: (transfer full) (nullable): the record, with @server_rev and
 *   @local_rev 0 and @updated_at unknown
 */
MnrSyncRecord *
mnr_sync_record_from_json (const char  *type,
                           const char  *id,
                           JsonNode    *body,
                           GError     **error)
{
  g_autoptr(MnrSyncRecord) record = NULL;

  if (!mnr_sync_record_type_is_valid (type))
    {
      mnr_record_fail (error, "type: must be one of round, rating, evidence, attachment, group");
      return NULL;
    }

  if (!mnr_id_is_uuid (id))
    {
      mnr_record_fail (error, "id: must be a lower-case UUID of 36 characters");
      return NULL;
    }

  if (body == NULL || !JSON_NODE_HOLDS_OBJECT (body))
    {
      mnr_record_fail (error, "the body must be a JSON object");
      return NULL;
    }

  record = mnr_sync_record_new (type, id);
  if (!read_content (json_node_get_object (body), record, TRUE, FALSE, error))
    return NULL;

  return g_steal_pointer (&record);
}

/**
 * mnr_sync_record_from_envelope:
 * @server_envelope: a record as the server sent it (section 4.2)
 *
 * Reads and checks a record from the server, strictly: type, a lower-case
 * UUID id, the country's shape for the type, rev ≥ 1, deleted a boolean,
 * updated_by a string, data an object valid for the type ({} allowed for
 * a deletion). updated_at is read when it is a valid time (it is only
 * shown); members the record does not use (seq, unknown ones) are
 * ignored; unknown members of data are kept.
 *
 * Returns: (transfer full) (nullable): the record, with @local_rev 0
 */
MnrSyncRecord *
mnr_sync_record_from_envelope (JsonNode  *server_envelope,
                               GError   **error)
{
  return parse_envelope (server_envelope, TRUE, FALSE, error);
}

/**
 * mnr_sync_record_take_from_envelope:
 * @server_envelope: a record as the server sent it, parsed by a parser
 *   that is not immutable, and not used once the record is made
 *
 * As mnr_sync_record_from_envelope(), but the record takes the data
 * object of @server_envelope instead of a copy of it: for a page of the
 * changes feed, whose tree is dropped once read (copying each record's
 * data cost a pull's worker thread a tenth of its time). A sealed data
 * object is copied.
 *
 * Returns: (transfer full) (nullable): the record, with @local_rev 0
 */
MnrSyncRecord *
mnr_sync_record_take_from_envelope (JsonNode  *server_envelope,
                                    GError   **error)
{
  return parse_envelope (server_envelope, TRUE, TRUE, error);
}

/**
 * mnr_sync_record_from_stored:
 * @envelope: what mnr_sync_record_to_envelope() made
 *
 * As mnr_sync_record_from_envelope(), but for a record kept locally: its
 * rev may be 0 (never on the server), it has a local_rev, and its data is
 * not checked again (it was when it was stored).
 *
 * Returns: (transfer full) (nullable): the record
 */
MnrSyncRecord *
mnr_sync_record_from_stored (JsonNode  *envelope,
                             GError   **error)
{
  return parse_envelope (envelope, FALSE, FALSE, error);
}
