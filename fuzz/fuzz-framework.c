/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The framework file: mnr_framework_new_from_bytes(), every check of it. */
#include "mnr-fuzz.h"
#include "mnr-framework.h"

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
  g_autoptr(MnrFramework) framework = mnr_framework_new_from_bytes (bytes, &error);

  g_assert ((framework == NULL) == (error != NULL));
  return 0;
}
