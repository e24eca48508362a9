/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Evidence search latency on a store: runs a fixed set of one- and
 * two-word queries against random countries and prints percentiles.
 *
 *   mnr-bench-search DIR [QUERIES]
 */
#include "config.h"

#include <stdlib.h>

#include "mnr-store.h"

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

int
main (int   argc,
      char *argv[])
{
  static const char *queries[] = {
    "helpline", "police training", "national plan", "survey", "takedown", "cyber", "child",
    "schools awareness", "interpol database", "justice", "media guidelines", "youth",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) dir = NULL;
  g_autoptr(MnrStore) store = NULL;
  g_auto(GStrv) countries = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  guint n = argc > 2 ? (guint)atoi (argv[2]) : 500;
  guint64 results = 0;

  if (argc < 2)
    {
      g_printerr ("usage: %s DIR [QUERIES]\n", argv[0]);
      return 2;
    }

  dir = g_file_new_for_path (argv[1]);
  store = mnr_store_open (dir, &error);
  if (store == NULL || (countries = mnr_store_list_countries (store, &error)) == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  for (guint i = 0; i < n; i++)
    {
      const char *country = countries[g_rand_int_range (rand, 0, g_strv_length (countries))];
      const char *query = queries[i % G_N_ELEMENTS (queries)];
      gint64 t0 = g_get_monotonic_time ();
      g_autoptr(GListModel) found = mnr_store_list_evidence (store, country, query, &error);
      double ms = (g_get_monotonic_time () - t0) / 1000.0;

      if (found == NULL)
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      results += g_list_model_get_n_items (found);
      g_array_append_val (times, ms);
    }

  g_array_sort (times, compare_doubles);
  g_print ("search-queries: %u\n", n);
  g_print ("search-mean-results: %.1f\n", (double)results / n);
  g_print ("search-p50-ms: %.2f\n", g_array_index (times, double, n / 2));
  g_print ("search-p95-ms: %.2f\n", g_array_index (times, double, (n * 95) / 100));
  g_print ("search-max-ms: %.2f\n", g_array_index (times, double, n - 1));
  return 0;
}
