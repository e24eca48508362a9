/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Prepares a store for tests/e2e/test_compare.py: rounds and ratings of a
 * few ASEAN members, as their focal points would have entered them.
 *
 *   mnr-test-seed-compare DIR
 */
#include "config.h"

#include "mnr-store.h"

typedef struct
{
  const char *country;
  const char *name;
  const char *date;
  const char *ratings[8];   /* element, level, … */
} Round;

static const Round rounds[] = {
  { "VN", "Baseline 2016", "2016-06-30",
    { "capability-1", "developing", "capability-4", "building", "capability-2", "established", NULL } },
  { "VN", "Review 2018", "2018-06-30",
    { "capability-4", "developing", "capability-2", "building", "enabler-justice", "mature", NULL } },
  { "TH", "Review 2019", "2019-03-01",
    { "capability-4", "established", "capability-1", "mature", NULL } },
  { "PH", "Review 2018", "2018-09-01",
    { "capability-4", "developing", "capability-21", "not-in-place", NULL } },
};

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) dir = NULL;
  g_autoptr(MnrStore) store = NULL;

  if (argc != 2)
    {
      g_printerr ("usage: %s DIR\n", argv[0]);
      return 2;
    }

  dir = g_file_new_for_path (argv[1]);
  if ((store = mnr_store_open (dir, &error)) == NULL)
    goto fail;
  mnr_store_set_author (store, "e2e test");

  for (guint i = 0; i < G_N_ELEMENTS (rounds); i++)
    {
      g_autoptr(MnrRound) round = mnr_store_create_round (store, rounds[i].country, rounds[i].name,
                                                          rounds[i].date, &error);

      if (round == NULL)
        goto fail;
      for (guint r = 0; rounds[i].ratings[r] != NULL; r += 2)
        if (!mnr_store_set_rating (store, round->id, rounds[i].ratings[r], rounds[i].ratings[r + 1], "", &error))
          goto fail;
    }

  mnr_store_close (store);
  return 0;

fail:
  g_printerr ("%s\n", error->message);
  return 1;
}
