/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A country bundle (an SQLite file) imported into a store. The bundle is
 * written to one tmpfs path, the store opened once per process. */
#include "mnr-fuzz.h"
#include "mnr-bundle.h"

static MnrStore *store;
static char *path;

static void
remove_bundle (void)
{
  g_remove (path);
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  const char *base = g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR) ? "/dev/shm" : g_get_tmp_dir ();

  mnr_fuzz_init ();
  store = mnr_fuzz_store ();
  path = g_strdup_printf ("%s/mnr-fuzz-bundle-%d.mnrbundle", base, (int) getpid ());
  atexit (remove_bundle);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(GError) error = NULL;
  MnrBundleReport report = { 0, };

  if (!g_file_set_contents (path, (const char *)data, size, NULL))
    return 0;
  if (mnr_bundle_import (store, path, &report, &error))
    mnr_bundle_report_clear (&report);
  return 0;
}
