/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The yardstick for MNR Tracker's start-up: a minimal libadwaita window
 * (a header bar and a label), measured the same way as the app's
 * --benchmark: from the start of main() to the end of the first frame. */
#include <adwaita.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static gint64 start;
static double start_cpu_ms;

static double
thread_cpu_ms (void)
{
  struct timespec cpu;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &cpu);
  return cpu.tv_sec * 1000.0 + cpu.tv_nsec / 1e6;
}

static long
peak_memory_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, "VmHWM:")) == NULL)
    return -1;
  return strtol (line + strlen ("VmHWM:"), NULL, 10);
}

static void
on_after_paint (GdkFrameClock *clock,
                GtkWindow     *window)
{
  g_print ("first-frame-ms: %.1f\n", (g_get_monotonic_time () - start) / 1000.0);
  /* The main thread's CPU time since main() began. */
  g_print ("first-frame-cpu-ms: %.1f\n", thread_cpu_ms () - start_cpu_ms);
  g_print ("peak-memory-kib: %ld\n", peak_memory_kib ());
  g_signal_handlers_disconnect_by_func (clock, on_after_paint, window);
  gtk_window_destroy (window);
}

static void
on_realize (GtkWidget *window)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (on_after_paint), window);
}

static void
on_activate (GtkApplication *app)
{
  GtkWidget *window = adw_application_window_new (app);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), gtk_label_new ("Hello"));
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  g_signal_connect (window, "realize", G_CALLBACK (on_realize), NULL);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int argc, char *argv[])
{
  g_autoptr(AdwApplication) app = NULL;

  start = g_get_monotonic_time ();
  start_cpu_ms = thread_cpu_ms ();
  app = adw_application_new ("io.github.mnrtracker.MinimalWindow", G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "activate", G_CALLBACK (on_activate), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
