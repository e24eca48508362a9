/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-compare-benchmark"

#include "config.h"

#include "mnr-compare-benchmark.h"

/* `mnr-tracker --benchmark-compare`: the Compare view shown, then for
 * every country with data and for each bundled group, three times each:
 * the time to load its matrix (one query), to hand it to the view (the
 * rows' model, the header and the summary), and the next frame's own
 * work, from its start to the end of its paint (layout, binding the rows
 * on screen, snapshot, render). The frame budget is 16 ms; the waits for
 * the frame clock in between are not the view's and not counted. */

#define RUNS 3

typedef struct
{
  GtkWindow      *window;
  MnrCompareView *view;
  long          (*peak_memory_kib) (void);
  GPtrArray      *groups;   /* ids */
  guint           step;
  gint64          load;
  gint64          build;
  gint64          frame_start;
  gulong          before_id;
  gulong          after_id;
  gboolean        waiting;  /* for the frame after a load */
} Bench;

static void next_step (Bench *bench);

static void
bench_free (Bench *bench)
{
  g_ptr_array_unref (bench->groups);
  g_free (bench);
}

static void
on_before_paint_cb (GdkFrameClock *clock,
                    Bench         *bench)
{
  if (bench->waiting)
    bench->frame_start = g_get_monotonic_time ();
}

static gboolean
next_step_cb (gpointer data)
{
  next_step (data);
  return G_SOURCE_REMOVE;
}

static void
on_after_paint_cb (GdkFrameClock *clock,
                   Bench         *bench)
{
  const char *group;
  gint64 frame;

  if (!bench->waiting || bench->frame_start == 0)
    return;

  bench->waiting = FALSE;
  frame = g_get_monotonic_time () - bench->frame_start;
  group = g_ptr_array_index (bench->groups, bench->step / RUNS);
  g_print ("compare-view %-16s rows %3u: load %.2f ms, build %.2f ms, frame %.2f ms, build+frame %.2f ms\n",
           group, mnr_compare_matrix_get_n_rows (mnr_compare_view_get_matrix (bench->view)),
           bench->load / 1000.0, bench->build / 1000.0, frame / 1000.0, (bench->build + frame) / 1000.0);
  bench->step++;
  g_idle_add (next_step_cb, bench);
}

static void
next_step (Bench *bench)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (bench->window));
  gint64 start;

  if (bench->step >= bench->groups->len * RUNS)
    {
      g_signal_handler_disconnect (clock, bench->before_id);
      g_signal_handler_disconnect (clock, bench->after_id);
      g_print ("peak-memory-kib: %ld\n", bench->peak_memory_kib ());
      gtk_window_destroy (bench->window);
      bench_free (bench);
      return;
    }

  start = g_get_monotonic_time ();
  mnr_compare_view_set_group (bench->view, g_ptr_array_index (bench->groups, bench->step / RUNS));
  bench->load = mnr_compare_view_get_load_time (bench->view);
  bench->build = g_get_monotonic_time () - start - bench->load;
  bench->frame_start = 0;
  bench->waiting = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (bench->view));
}

static void
on_first_frame_cb (GdkFrameClock *clock,
                   Bench         *bench)
{
  g_signal_handlers_disconnect_by_func (clock, on_first_frame_cb, bench);
  bench->before_id = g_signal_connect (clock, "before-paint", G_CALLBACK (on_before_paint_cb), bench);
  bench->after_id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_cb), bench);
  g_idle_add (next_step_cb, bench);
}

static void
on_realize_cb (GtkWidget *window,
               Bench     *bench)
{
  g_signal_handlers_disconnect_by_func (window, on_realize_cb, bench);
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (on_first_frame_cb), bench);
}

/**
 * mnr_compare_benchmark_run:
 *
 * Measures @view in @window (not yet shown), prints the figures, then
 * closes @window.
 */
void
mnr_compare_benchmark_run (GtkWindow      *window,
                           MnrCompareView *view,
                           long          (*peak_memory_kib) (void))
{
  Bench *bench = g_new0 (Bench, 1);
  static const char *groups[] = { MNR_COMPARE_GROUP_ALL, "asean", "saievac", "african-union", "european-union" };

  bench->window = window;
  bench->view = view;
  bench->peak_memory_kib = peak_memory_kib;
  bench->groups = g_ptr_array_new ();
  for (guint i = 0; i < G_N_ELEMENTS (groups); i++)
    g_ptr_array_add (bench->groups, (gpointer)groups[i]);

  g_signal_connect (window, "realize", G_CALLBACK (on_realize_cb), bench);
}
