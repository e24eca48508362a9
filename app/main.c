/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-tracker"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "mnr-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(MnrApplication) application = NULL;
  int status;

  mnr_process_mark_start ();
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
