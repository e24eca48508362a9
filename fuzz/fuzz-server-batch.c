/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The body of POST /mnr/v1/batch as the reference server reads it: the
 * body check and parse, then each write's type, id and body through the
 * record's checks. */
#include "mnr-fuzz.h"
#include "mnr-ids.h"
#include "mnr-sync-record.h"
#include "mnr-sync-service-private.h"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  mnr_fuzz_init ();
  return 0;
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(GBytes) body = g_bytes_new (data, size);
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *detail = NULL;
  JsonNode *writes;
  JsonArray *array;

  root = mnr_sync_service_parse_body (body, &detail);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return 0;
  writes = json_object_get_member (json_node_get_object (root), "writes");
  if (writes == NULL || !JSON_NODE_HOLDS_ARRAY (writes))
    return 0;
  array = json_node_get_array (writes);
  for (guint i = 0; i < json_array_get_length (array) && i < MNR_SYNC_MAX_BATCH_RECORDS; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autoptr(MnrSyncRecord) record = NULL;
      g_autoptr(GError) error = NULL;
      const char *type, *id;
      JsonNode *record_body;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      type = member_string (json_node_get_object (node), "type");
      id = member_string (json_node_get_object (node), "id");
      record_body = json_object_get_member (json_node_get_object (node), "body");
      if (type == NULL || !mnr_sync_record_type_is_valid (type) ||
          id == NULL || !mnr_id_is_uuid (id) || record_body == NULL)
        continue;
      record = mnr_sync_record_from_json (type, id, record_body, &error);
      g_assert ((record == NULL) == (error != NULL));
    }
  return 0;
}
