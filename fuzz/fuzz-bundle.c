/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A country bundle (an SQLite file) imported into a store. The bundle is
 * written to one tmpfs path, the store opened once per process. Before
 * any input the store takes the corpus's Ghana bundle, then changes one
 * of its ratings, so that an input can add, update, merge and conflict;
 * every input starts from that store (mnr-fuzz-store.h). */
#include "mnr-fuzz-store.h"
#include "mnr-bundle.h"

static MnrStore *store;
static char *path;

static void
remove_bundle (void)
{
  g_remove (path);
}

/* The seed's records, and one rating changed here since. */
static void
take_seed (void)
{
  g_autofree char *seed = g_build_filename (MNR_FUZZ_SOURCE_DIR, "corpus", "bundle", "ghana.mnrbundle", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rounds = NULL;
  MnrBundleReport report = { 0, };

  g_assert_true (mnr_bundle_import (store, seed, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.added, >, 0);
  mnr_bundle_report_clear (&report);
  rounds = mnr_store_list_rounds (store, "GH", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rounds->len, >, 0);
  g_assert_true (mnr_store_set_rating (store, ((MnrRound *) rounds->pdata[0])->id, "capability-4", "mature",
                                       "Changed here", &error));
  g_assert_no_error (error);
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  const char *base = g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR) ? "/dev/shm" : g_get_tmp_dir ();

  mnr_fuzz_init ();
  store = mnr_fuzz_store ();
  path = g_strdup_printf ("%s/mnr-fuzz-bundle-%d.mnrbundle", base, (int) getpid ());
  atexit (remove_bundle);
  take_seed ();
  mnr_fuzz_store_keep (store);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(GError) error = NULL;
  MnrBundleReport report = { 0, };

  if (g_file_set_contents (path, (const char *)data, size, NULL) &&
      mnr_bundle_import (store, path, &report, &error))
    mnr_bundle_report_clear (&report);
  mnr_fuzz_store_reset (store);
  return 0;
}
