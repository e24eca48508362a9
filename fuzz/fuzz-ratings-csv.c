/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The ratings CSV importer: every row checked against the framework and
 * a store (on tmpfs, opened once); nothing is applied. */
#include "mnr-fuzz.h"
#include "mnr-framework.h"
#include "mnr-ratings-csv.h"

static MnrFramework *framework;
static MnrStore *store;

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  mnr_fuzz_init ();
  framework = mnr_framework_new_default (NULL);
  g_assert_nonnull (framework);
  store = mnr_fuzz_store ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(MnrRatingsImport) import = mnr_ratings_import_read (store, framework, bytes, &error);

  g_assert ((import == NULL) == (error != NULL));
  return 0;
}
