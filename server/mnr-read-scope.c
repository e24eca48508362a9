/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-read-scope"

#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "mnr-core-resources.h"
#include "mnr-country-catalog.h"
#include "mnr-ids.h"
#include "mnr-read-scope.h"
#include "mnr-record-type.h"

/* What one token may read (docs/sync-protocol.md, section 3.5), decided
 * record by record from the audience the store keeps with each:
 *
 * - the secretariat reads everything; everyone reads the groups;
 * - a country in the token's list (a writer's countries, a reader's):
 *   every record of it, but restricted evidence and its attachments,
 *   which only its writers read;
 * - a group the token reads through (a reader's groups; for a writer,
 *   every group one of its countries belongs to): the records shared with
 *   it, that is rounds and their ratings, never restricted ones;
 * - anything else is hidden; what the token could read once and no
 *   longer may is withheld: named in the feed, not sent. */

struct _MnrReadScope
{
  const MnrTokenEntry *entry;
  GHashTable          *groups; /* owned: the group ids read through, a set */
};

static void
add_groups_of (GHashTable          *groups,
               GHashTable          *members,
               const char * const  *countries)
{
  GHashTableIter iter;
  gpointer key, value;

  if (members == NULL)
    return;

  g_hash_table_iter_init (&iter, members);
  while (g_hash_table_iter_next (&iter, &key, &value))
    for (guint i = 0; countries[i] != NULL; i++)
      if (g_strv_contains ((const char * const *) value, countries[i]))
        {
          g_hash_table_add (groups, g_strdup (key));
          break;
        }
}

/**
 * mnr_read_scope_new:
 * @bundled_members: (element-type utf8 GStrv): the bundled groups' members
 * @record_members: (nullable) (element-type utf8 GStrv): the group
 *   records' members (mnr_server_store_group_members())
 *
 * The scope of @entry, which must outlive it.
 */
MnrReadScope *
mnr_read_scope_new (const MnrTokenEntry *entry,
                    GHashTable          *bundled_members,
                    GHashTable          *record_members)
{
  MnrReadScope *scope = g_new0 (MnrReadScope, 1);

  scope->entry = entry;
  scope->groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; entry->groups != NULL && entry->groups[i] != NULL; i++)
    g_hash_table_add (scope->groups, g_strdup (entry->groups[i]));

  if (entry->role == MNR_ROLE_WRITER)
    {
      add_groups_of (scope->groups, bundled_members, (const char * const *) entry->countries);
      add_groups_of (scope->groups, record_members, (const char * const *) entry->countries);
    }

  return scope;
}

void
mnr_read_scope_free (MnrReadScope *scope)
{
  if (scope == NULL)
    return;
  g_hash_table_unref (scope->groups);
  g_free (scope);
}

static gboolean
reads_any (const MnrReadScope  *scope,
           const char * const  *groups)
{
  for (guint i = 0; groups != NULL && groups[i] != NULL; i++)
    if (g_hash_table_contains (scope->groups, groups[i]))
      return TRUE;

  return FALSE;
}

MnrReadAccess
mnr_read_scope_check (const MnrReadScope    *scope,
                      const MnrServerRecord *record)
{
  const MnrTokenEntry *entry = scope->entry;
  const MnrRecordType *type = mnr_record_type_lookup (record->type);

  if (entry->role == MNR_ROLE_SECRETARIAT ||
      (type != NULL && type->scope == MNR_RECORD_SCOPE_SHARED))
    return MNR_READ_ALLOWED;

  if (mnr_token_entry_reads_country (entry, record->country))
    {
      if (!record->restricted || mnr_token_entry_reads_restricted (entry, record->country))
        return MNR_READ_ALLOWED;
      return record->withheld_readers ? MNR_READ_WITHHELD : MNR_READ_HIDDEN;
    }

  if (!record->restricted && reads_any (scope, (const char * const *) record->groups))
    return MNR_READ_ALLOWED;

  if (reads_any (scope, (const char * const *) record->withheld_groups) ||
      (record->restricted && reads_any (scope, (const char * const *) record->groups)))
    return MNR_READ_WITHHELD;

  return MNR_READ_HIDDEN;
}

/**
 * mnr_read_scope_load_bundled_groups:
 *
 * Returns: (transfer full) (element-type utf8 GStrv): the members of each
 *   group bundled with the core (data/groups.json), by its id
 */
GHashTable *
mnr_read_scope_load_bundled_groups (GError **error)
{
  g_autoptr(GHashTable) members = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         (GDestroyNotify) g_strfreev);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root, *groups;

  bytes = g_resource_lookup_data (mnr_core_get_resource (), MNR_COUNTRY_CATALOG_GROUPS_RESOURCE,
                                 G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL ||
      !json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), error))
    return NULL;

  root = json_parser_get_root (parser);
  groups = root != NULL && JSON_NODE_HOLDS_OBJECT (root)
           ? json_object_get_member (json_node_get_object (root), "groups") : NULL;
  if (groups == NULL || !JSON_NODE_HOLDS_ARRAY (groups))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "the bundled groups have no list");
      return NULL;
    }

  for (guint i = 0; i < json_array_get_length (json_node_get_array (groups)); i++)
    {
      JsonObject *group = json_array_get_object_element (json_node_get_array (groups), i);
      const char *id = group != NULL ? json_object_get_string_member_with_default (group, "id", NULL) : NULL;
      JsonArray *list = group != NULL && json_object_has_member (group, "members")
                        ? json_object_get_array_member (group, "members") : NULL;
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

      if (id == NULL || !mnr_id_is_slug (id) || list == NULL)
        continue;
      for (guint j = 0; j < json_array_get_length (list); j++)
        {
          const char *code = json_array_get_string_element (list, j);

          if (mnr_id_is_country_code (code))
            g_strv_builder_add (builder, code);
        }
      g_hash_table_insert (members, g_strdup (id), g_strv_builder_end (builder));
    }

  return g_steal_pointer (&members);
}
