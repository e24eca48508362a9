/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One sync record as the client reads it from the server (an envelope),
 * checked by the protocol's and the store's rules, then written as a PUT
 * body and read again. */
#include "mnr-fuzz.h"
#include "mnr-sync-record.h"
#include "mnr-json-reader.h"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  mnr_fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(MnrSyncRecord) record = NULL;
  g_autoptr(MnrSyncRecord) again = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  if (size == 0 || !mnr_json_check_nesting ((const char *)data, size, MNR_SYNC_MAX_DEPTH))
    return 0;
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, (const char *)data, size, NULL) ||
      json_parser_get_root (parser) == NULL)
    return 0;

  record = mnr_sync_record_from_envelope (json_parser_get_root (parser), &error);
  if (record == NULL)
    return 0;
  g_clear_error (&error);
  (void) mnr_store_check_remote (record, &error);
  g_clear_error (&error);

  /* What the client sends of it (a PUT body) reads back the same. */
  node = mnr_sync_record_to_json (record);
  again = mnr_sync_record_from_json (record->type, record->id, node, &error);
  if (again != NULL)
    (void) mnr_sync_record_same_content (record, again);
  return 0;
}
