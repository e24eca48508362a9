/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A spreadsheet of ratings as the import dialog reads it: encoding,
 * separator, header line and the columns matched to fields. */
#include "mnr-fuzz.h"
#include "mnr-framework.h"
#include "mnr-ratings-sheet.h"

static MnrFramework *framework;

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  mnr_fuzz_init ();
  framework = mnr_framework_new_default (NULL);
  g_assert_nonnull (framework);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(MnrRatingsSheet) sheet = mnr_ratings_sheet_new (framework, bytes, &error);

  g_assert ((sheet == NULL) == (error != NULL));
  return 0;
}
