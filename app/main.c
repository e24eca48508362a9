/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-tracker"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "mnr-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(MnrApplication) application = NULL;
  int status;

  mnr_process_mark_start ();
#ifdef __GLIBC__
  /* Each frame's paint buffers are the size of what changed: up to the
   * window's (8 MiB at 1920×1080). glibc maps a block that large on its
   * own, and gives it back when freed, or lifts the mapping threshold and
   * then trims the heap's top; either way the next frame of that size
   * touches fresh pages, faulting each in. The first switch of the Compare
   * view to every country spent a third of its frame so (22 ms against
   * 8 ms for later ones; perf: memset in page faults). Blocks up to 32 MiB
   * from the heap, and freed memory kept up to 64 MiB, reuse the pages. */
  mallopt (M_MMAP_THRESHOLD, 32 * 1024 * 1024);
  mallopt (M_TRIM_THRESHOLD, 64 * 1024 * 1024);
#endif
  setlocale (LC_ALL, "");
  /* MNR_TRACKER_LOCALEDIR: the catalogs of a build not installed
   * (build/po), for a look at the app in another language. */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("MNR_TRACKER_LOCALEDIR") != NULL ? g_getenv ("MNR_TRACKER_LOCALEDIR")
                                                                            : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  application = mnr_application_new ();
  status = g_application_run (G_APPLICATION (application), argc, argv);

  if (status == 0)
    status = mnr_application_get_exit_status (application);

  return status;
}
