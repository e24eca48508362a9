/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The sample evidence file: mnr_sample_evidence_new_from_bytes(). */
#include "mnr-fuzz.h"
#include "mnr-sample-evidence.h"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  mnr_fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(MnrSampleEvidence) sample = mnr_sample_evidence_new_from_bytes (bytes, &error);

  g_assert ((sample == NULL) == (error != NULL));
  return 0;
}
