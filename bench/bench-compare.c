/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Compare view's data: the time to load its matrix from the store, in
 * one query, for every country with data and for each bundled group, and
 * the CSV export of the largest. The view's own build and first frame
 * are measured by `mnr-tracker --benchmark-compare`.
 *
 *   mnr-bench-compare DIR [REPEAT]
 */
#include "config.h"

#include <stdlib.h>

#include "mnr-country-catalog.h"
#include "mnr-store-compare.h"

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return x < y ? -1 : x > y;
}

/* Loads the matrix @repeat times; prints the median and the worst. */
static gboolean
measure (MnrStore           *store,
         MnrFramework       *framework,
         MnrCountryCatalog  *catalog,
         const char         *label,
         const char * const *members,
         guint               repeat,
         GError            **error)
{
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  guint n_rows = 0;

  for (guint i = 0; i < repeat; i++)
    {
      MnrCompareQuery query = { members, NULL, i % 2 ? MNR_COMPARE_AGAINST_PREVIOUS : MNR_COMPARE_AGAINST_NOTHING, NULL };
      gint64 start = g_get_monotonic_time ();
      g_autoptr(MnrCompareMatrix) matrix = mnr_store_load_compare (store, framework, &query, error);
      double ms;

      if (matrix == NULL)
        return FALSE;
      mnr_compare_matrix_set_names (matrix, catalog);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (times, ms);
      n_rows = mnr_compare_matrix_get_n_rows (matrix);
    }

  g_array_sort (times, compare_doubles);
  g_print ("compare data, %-40s %3u rows: median %.2f ms, worst %.2f ms (%u loads)\n", label, n_rows,
           g_array_index (times, double, times->len / 2), g_array_index (times, double, times->len - 1), repeat);
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) dir = NULL;
  g_autoptr(MnrStore) store = NULL;
  g_autoptr(MnrFramework) framework = NULL;
  g_autoptr(MnrCountryCatalog) catalog = NULL;
  guint64 repeat = 50;
  GListModel *groups;

  if (argc < 2 || argc > 3 || argv[1][0] == '-' ||
      (argc == 3 && !g_ascii_string_to_unsigned (argv[2], 10, 1, 100000, &repeat, NULL)))
    {
      g_printerr ("usage: %s DIR [REPEAT]\n", argv[0]);
      return 2;
    }

  dir = g_file_new_for_path (argv[1]);
  if ((store = mnr_store_open (dir, &error)) == NULL ||
      (framework = mnr_framework_new_default (&error)) == NULL ||
      (catalog = mnr_country_catalog_new (&error)) == NULL)
    goto fail;

  if (!measure (store, framework, catalog, "every country with data", NULL, (guint)repeat, &error))
    goto fail;

  groups = mnr_country_catalog_get_groups (catalog);
  for (guint i = 0; i < g_list_model_get_n_items (groups); i++)
    {
      g_autoptr(MnrRegionalGroup) group = g_list_model_get_item (groups, i);

      if (!measure (store, framework, catalog, mnr_regional_group_get_name (group),
                    mnr_regional_group_get_members (group), (guint)repeat, &error))
        goto fail;
    }

  return 0;

fail:
  g_printerr ("%s\n", error->message);
  return 1;
}
