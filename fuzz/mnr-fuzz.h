/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What every libFuzzer target here shares: the entry point's prototype
 * (the project builds with -Werror=missing-prototypes), a quiet log and a
 * store on tmpfs made once per process. */

#include <glib.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <gio/gio.h>
#include <stdint.h>
#include <stddef.h>
#include <unistd.h>

#include "mnr-store.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(leak_sanitizer)
#include <sanitizer/lsan_interface.h>
#define MNR_FUZZ_HAS_LSAN 1
#endif
#endif

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);
int LLVMFuzzerInitialize (int *argc, char ***argv);

static void
mnr_fuzz_quiet_log (const char     *domain,
                    GLogLevelFlags  level,
                    const char     *message,
                    gpointer        user_data)
{
}

static inline void
mnr_fuzz_init (void)
{
  /* A refused input is logged at debug or message level only; criticals
   * stay fatal, they are bugs. */
  g_log_set_default_handler (mnr_fuzz_quiet_log, NULL);
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR);

  /* GIO loads its modules once per process, at its first use, and drops
   * its pointers to them (build-aux/lsan.supp: g_io_module_new). The
   * suppression needs the slow unwinder, which libFuzzer's leak check
   * does not use: its first full check, at the first input that keeps a
   * block (a store's caches), reported them as a leak of 96 + 58 bytes.
   * They are loaded here, before any input, with LSan told to ignore
   * what this one call keeps; every input's blocks are still checked. */
#ifdef MNR_FUZZ_HAS_LSAN
  __lsan_disable ();
#endif
  g_vfs_get_default ();
#ifdef MNR_FUZZ_HAS_LSAN
  __lsan_enable ();
#endif
}

static char *mnr_fuzz_store_dir;

static inline void
mnr_fuzz_remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          char *child = g_build_filename (path, name, NULL);

          mnr_fuzz_remove_tree (child);
          g_free (child);
        }
      g_dir_close (dir);
      g_rmdir (path);
    }
  else
    g_remove (path);
}

/* At exit: tmpfs is memory, and a campaign starts thousands of processes. */
static void
mnr_fuzz_remove_store_dir (void)
{
  if (mnr_fuzz_store_dir != NULL)
    mnr_fuzz_remove_tree (mnr_fuzz_store_dir);
}

/* A store in a fresh directory under /dev/shm (or the temporary
 * directory), opened once per process and removed at its exit. */
static inline MnrStore *
mnr_fuzz_store (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(GFile) file = NULL;
  MnrStore *store;
  const char *base = g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR) ? "/dev/shm" : g_get_tmp_dir ();
  g_autofree char *tmpl = g_build_filename (base, "mnr-fuzz-XXXXXX", NULL);

  dir = g_mkdtemp (g_steal_pointer (&tmpl));
  g_assert_nonnull (dir);
  mnr_fuzz_store_dir = g_strdup (dir);
  atexit (mnr_fuzz_remove_store_dir);
  file = g_file_new_for_path (dir);
  store = mnr_store_open (file, &error);
  g_assert_no_error (error);
  return store;
}
