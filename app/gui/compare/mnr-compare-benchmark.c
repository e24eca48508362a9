/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-compare-benchmark"

#include "config.h"

#include <time.h>

#include "mnr-compare-benchmark.h"

/* `mnr-tracker --benchmark-compare`: the Compare view shown, then group
 * switches, as a user makes them: for every country with data and for
 * each bundled group, ROUNDS times, a switch to it from another group
 * (each time a different one, the small ones included for "every
 * country"). A switch is measured as the time to load the group's matrix
 * (one query), to hand it to the view (the rows' model, the header, the
 * summaries) and the next frame's own work, from its start to the end of
 * its paint (layout, binding rows made anew, snapshot, render). The frame
 * budget is 16 ms. The switch to the group it comes from is not
 * measured, nor the waits for the frame clock; between switches the view
 * settles (accessible names set, any later frame drawn), as it would
 * between a user's clicks. Loading the group shown again changes nothing
 * on screen and is not a switch: it is not measured. */

#define ROUNDS 10
#define SETTLE_MS 60

static const char *groups[] = { "all", "asean", "saievac", "african-union", "european-union" };
#define N_GROUPS G_N_ELEMENTS (groups)

typedef struct
{
  gint64 load;
  gint64 build;
  gint64 frame;
  gint64 layout;  /* of the frame: its layout phase, the rest is its paint */
  gint64 cpu;     /* the frame's: this thread's CPU time, whatever else runs */
} Sample;

typedef struct
{
  GtkWindow      *window;
  MnrCompareView *view;
  long          (*peak_memory_kib) (void);
  guint           step;       /* two a switch: to the group before, then to the target */
  gint64          load;
  gint64          build;
  gint64          frame_start;
  gint64          layout_end;
  gint64          cpu_start;
  gint64          later;      /* the frames after the measured one, while settling */
  gint64          later_worst;
  gulong          before_id;
  gulong          after_id;
  gulong          layout_id;
  gboolean        waiting;    /* for the frame after a load */
  gboolean        settling;
  GArray         *samples[N_GROUPS];  /* Sample */
  GArray         *all_from_small;     /* Sample: "all" after asean or saievac */
  guint           rows[N_GROUPS];
} Bench;

static void next_step (Bench *bench);

static gint64
cpu_time (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);
  return (gint64)now.tv_sec * G_USEC_PER_SEC + now.tv_nsec / 1000;
}

static void
bench_free (Bench *bench)
{
  for (guint i = 0; i < N_GROUPS; i++)
    g_array_unref (bench->samples[i]);
  g_array_unref (bench->all_from_small);
  g_free (bench);
}

/* Step @step switches to this group. */
static guint
step_group (guint step)
{
  guint round = step / (2 * N_GROUPS);
  guint target = (step / 2) % N_GROUPS;

  if (step % 2 == 1)
    return target;
  /* From another group each round: the others in turn. */
  return (target + 1 + round % (N_GROUPS - 1)) % N_GROUPS;
}

static int
compare_int64 (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *)a, y = *(const gint64 *)b;

  return x < y ? -1 : x > y;
}

/* The median and the worst of one figure of @samples, in ms. */
static void
figures (GArray *samples,
         gsize   offset,
         double *median,
         double *worst)
{
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < samples->len; i++)
    {
      const Sample *sample = &g_array_index (samples, Sample, i);
      gint64 value = offset == G_MAXSIZE ? sample->build + sample->frame
                                         : G_STRUCT_MEMBER (gint64, sample, offset);
      g_array_append_val (values, value);
    }
  g_array_sort (values, compare_int64);
  *median = values->len > 0 ? g_array_index (values, gint64, (values->len - 1) / 2) / 1000.0 : 0;
  *worst = values->len > 0 ? g_array_index (values, gint64, values->len - 1) / 1000.0 : 0;
}

static void
print_samples (const char *label,
               guint       rows,
               GArray     *samples)
{
  double load[2], build[2], frame[2], total[2], layout[2], cpu[2];

  figures (samples, G_STRUCT_OFFSET (Sample, load), &load[0], &load[1]);
  figures (samples, G_STRUCT_OFFSET (Sample, build), &build[0], &build[1]);
  figures (samples, G_STRUCT_OFFSET (Sample, frame), &frame[0], &frame[1]);
  figures (samples, G_MAXSIZE, &total[0], &total[1]);
  figures (samples, G_STRUCT_OFFSET (Sample, layout), &layout[0], &layout[1]);
  figures (samples, G_STRUCT_OFFSET (Sample, cpu), &cpu[0], &cpu[1]);
  g_print ("compare-switch %-20s rows %3u, %2u switches, median/worst: load %5.2f/%5.2f ms, "
           "build %5.2f/%5.2f ms, frame %5.2f/%5.2f ms (layout %5.2f/%5.2f), build+frame %5.2f/%5.2f ms "
           "(frame CPU %5.2f/%5.2f)%s\n",
           label, rows, samples->len, load[0], load[1], build[0], build[1], frame[0], frame[1],
           layout[0], layout[1], total[0], total[1], cpu[0], cpu[1], total[0] <= 16.0 ? "" : "  (over 16 ms)");
}

static void
print_results (Bench *bench)
{
  for (guint g = 0; g < N_GROUPS; g++)
    {
      g_autofree char *label = g_strdup_printf ("to %s", groups[g]);

      print_samples (label, bench->rows[g], bench->samples[g]);
    }
  print_samples ("to all, from a small", bench->rows[0], bench->all_from_small);
  g_print ("compare-switch later frames while settling: worst %.2f ms\n", bench->later_worst / 1000.0);
}

static void
on_before_paint_cb (GdkFrameClock *clock,
                    Bench         *bench)
{
  bench->frame_start = g_get_monotonic_time ();
  bench->cpu_start = cpu_time ();
}

static void
on_layout_cb (GdkFrameClock *clock,
              Bench         *bench)
{
  bench->layout_end = g_get_monotonic_time ();
}

static gboolean
next_step_cb (gpointer data)
{
  next_step (data);
  return G_SOURCE_REMOVE;
}

static gboolean
settled_cb (gpointer data)
{
  Bench *bench = data;

  /* Done with the accessible names too: the next switch starts clean. */
  mnr_compare_cell_flush_names ();
  bench->later_worst = MAX (bench->later_worst, bench->later);
  bench->settling = FALSE;
  next_step (bench);
  return G_SOURCE_REMOVE;
}

static void
on_after_paint_cb (GdkFrameClock *clock,
                   Bench         *bench)
{
  gint64 frame = g_get_monotonic_time () - bench->frame_start;
  guint group;

  if (bench->settling)
    {
      bench->later = MAX (bench->later, frame);
      return;
    }
  if (!bench->waiting || bench->frame_start == 0)
    return;

  bench->waiting = FALSE;
  group = step_group (bench->step);
  if (bench->step % 2 == 1)
    {
      Sample sample = { bench->load, bench->build, frame, bench->layout_end - bench->frame_start,
                        cpu_time () - bench->cpu_start };
      guint from = step_group (bench->step - 1);

      g_array_append_val (bench->samples[group], sample);
      if (group == 0 && (g_str_equal (groups[from], "asean") || g_str_equal (groups[from], "saievac")))
        g_array_append_val (bench->all_from_small, sample);
      bench->rows[group] = mnr_compare_matrix_get_n_rows (mnr_compare_view_get_matrix (bench->view));
    }

  bench->step++;
  bench->settling = TRUE;
  bench->later = 0;
  g_timeout_add (SETTLE_MS, settled_cb, bench);
}

static void
next_step (Bench *bench)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (bench->window));
  gint64 start;
  const char *group;

  if (bench->step >= 2 * N_GROUPS * ROUNDS)
    {
      g_signal_handler_disconnect (clock, bench->before_id);
      g_signal_handler_disconnect (clock, bench->after_id);
      g_signal_handler_disconnect (clock, bench->layout_id);
      print_results (bench);
      g_print ("peak-memory-kib: %ld\n", bench->peak_memory_kib ());
      gtk_window_destroy (bench->window);
      bench_free (bench);
      return;
    }

  group = groups[step_group (bench->step)];
  /* Already shown (the first step may be): nothing to switch. */
  if (g_strcmp0 (mnr_compare_view_get_group (bench->view), group) == 0)
    {
      bench->step++;
      g_idle_add (next_step_cb, bench);
      return;
    }

  start = g_get_monotonic_time ();
  mnr_compare_view_set_group (bench->view, group);
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
  /* After the window's own layout handler: the end of the layout. */
  bench->layout_id = g_signal_connect (clock, "layout", G_CALLBACK (on_layout_cb), bench);
  bench->settling = TRUE;
  g_timeout_add (SETTLE_MS, settled_cb, bench);
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

  G_STATIC_ASSERT (G_N_ELEMENTS (groups) == 5);
  g_assert (g_str_equal (groups[0], MNR_COMPARE_GROUP_ALL));

  bench->window = window;
  bench->view = view;
  bench->peak_memory_kib = peak_memory_kib;
  for (guint i = 0; i < N_GROUPS; i++)
    bench->samples[i] = g_array_new (FALSE, FALSE, sizeof (Sample));
  bench->all_from_small = g_array_new (FALSE, FALSE, sizeof (Sample));

  g_signal_connect (window, "realize", G_CALLBACK (on_realize_cb), bench);
}
