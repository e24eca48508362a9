/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The body of PUT /mnr/v1/records/{type}/{id} as the reference server
 * reads it: the body check and parse, then the record's checks. The first
 * byte picks the type of the URL. */
#include "mnr-fuzz.h"
#include "mnr-sync-record.h"
#include "mnr-sync-service-private.h"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  mnr_fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static const char * const types[] = { "round", "rating", "evidence", "attachment", "group" };
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(MnrSyncRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *detail = NULL;

  if (size < 1)
    return 0;
  body = g_bytes_new (data + 1, size - 1);
  root = mnr_sync_service_parse_body (body, &detail);
  g_assert ((root == NULL) == (detail != NULL));
  if (root == NULL)
    return 0;

  record = mnr_sync_record_from_json (types[data[0] % G_N_ELEMENTS (types)],
                                      "0b7c3f1e-2d4a-4c5b-9e6f-7a8b9c0d1e2f", root, &error);
  g_assert ((record == NULL) == (error != NULL));
  return 0;
}
