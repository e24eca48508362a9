/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A page of GET /mnr/v1/changes as the sync client reads it: every change
 * sorted out and checked, without a store or a connection. */
#include "mnr-fuzz.h"
#include "mnr-sync-client-private.h"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  mnr_fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static const char * const known[] = { "round", "rating", "evidence", NULL };
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autofree char *malformed = NULL;
  guint n_records = 0, n_rejected = 0;

  /* Half the inputs as a client that takes every type, half as one that
   * takes a few (the others kept for later). */
  malformed = mnr_sync_check_changes_page (bytes, size % 2 ? known : NULL, &n_records, &n_rejected);
  g_assert (malformed == NULL || n_records == 0 || n_records <= MNR_SYNC_MAX_PAGE);
  return 0;
}
