/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Generates a world-size store for the benchmarks: 195 countries, three
 * assessment rounds each with every capability and enabler rated, and
 * about 50,000 items of evidence with words drawn from a fixed vocabulary.
 * Deterministic: the same seed gives the same store.
 *
 *   mnr-bench-generate DIR [SEED]
 */
#include "config.h"

#include <stdlib.h>

#include "mnr-country-catalog.h"
#include "mnr-store.h"

#define N_COUNTRIES 195
#define N_EVIDENCE 50000

static const char *words[] = {
  "national", "action", "plan", "helpline", "hotline", "training", "police", "cybercrime",
  "unit", "prosecutors", "judges", "survey", "children", "online", "safety", "awareness",
  "campaign", "schools", "teachers", "parents", "legislation", "amendment", "penal", "code",
  "grooming", "material", "takedown", "industry", "providers", "agreement", "memorandum",
  "interpol", "database", "victims", "support", "shelter", "counselling", "referral",
  "committee", "oversight", "strategy", "research", "statistics", "media", "journalists",
  "guidelines", "terminology", "participation", "youth", "forum", "offender", "prevention",
  "programme", "budget", "coordination", "ministry", "social", "welfare", "justice", "health",
};

static const char *levels[] = {
  "not-assessed", "not-in-place", "building", "developing", "established", "mature",
};

static char *
sentence (GRand *rand,
          guint  n_words)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < n_words; i++)
    {
      if (i > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
    }

  text->str[0] = g_ascii_toupper (text->str[0]);
  return g_string_free (text, FALSE);
}

/* g_ptr_array_sort() hands over pointers to the elements. */
static int
compare_codes (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) dir = NULL;
  g_autoptr(MnrStore) store = NULL;
  g_autoptr(MnrCountryCatalog) catalog = NULL;
  g_autoptr(GRand) rand = NULL;
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  GListModel *countries;
  guint evidence_made = 0;
  gint64 start = g_get_monotonic_time ();

  g_autoptr(GOptionContext) context = g_option_context_new ("DIR [SEED]");
  guint64 seed = 42;

  /* --help prints this; an option it does not know is an error, never a
   * folder's name. */
  g_option_context_set_summary (context, "Fills DIR with the store of many countries that the benchmarks read.");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (argc < 2 || argc > 3 || argv[1][0] == '-' ||
      (argc == 3 && !g_ascii_string_to_unsigned (argv[2], 10, 0, G_MAXUINT32, &seed, NULL)))
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);
      g_printerr ("%s", help);
      return 2;
    }

  rand = g_rand_new_with_seed ((guint32)seed);
  dir = g_file_new_for_path (argv[1]);
  store = mnr_store_open (dir, &error);
  catalog = mnr_country_catalog_new (&error);
  if (store == NULL || catalog == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  mnr_store_set_author (store, "Benchmark generator");

  countries = mnr_country_catalog_get_countries (catalog);
  for (guint i = 0; i < g_list_model_get_n_items (countries); i++)
    {
      g_autoptr(MnrCountry) country = g_list_model_get_item (countries, i);
      g_ptr_array_add (codes, g_strdup (mnr_country_get_code (country)));
    }
  g_ptr_array_sort (codes, compare_codes);
  g_ptr_array_set_size (codes, MIN (codes->len, N_COUNTRIES));

  for (guint c = 0; c < codes->len; c++)
    {
      const char *code = g_ptr_array_index (codes, c);
      guint n_evidence = (N_EVIDENCE - evidence_made) / (codes->len - c);
      static const char *round_names[] = { "Baseline 2016", "Review 2018", "Review 2020" };
      static const char *round_dates[] = { "2016-06-30", "2018-06-30", "2020-06-30" };

      if (!mnr_store_begin_batch (store, &error))
        goto fail;

      for (guint r = 0; r < G_N_ELEMENTS (round_names); r++)
        {
          g_autoptr(MnrRound) round = mnr_store_create_round (store, code, round_names[r], round_dates[r], &error);

          if (round == NULL)
            goto fail;

          for (guint e = 1; e <= 28; e++)
            {
              static const char *enablers[] = { "collaboration", "justice", "reporting-environment", "aware-public",
                                                "resources", "legal-frameworks", "data-evidence" };
              g_autofree char *element = e <= 21 ? g_strdup_printf ("capability-%u", e)
                                                 : g_strdup_printf ("enabler-%s", enablers[e - 22]);
              g_autofree char *rationale = sentence (rand, 12);

              if (!mnr_store_set_rating (store, round->id, element,
                                         levels[g_rand_int_range (rand, 0, G_N_ELEMENTS (levels))],
                                         rationale, &error))
                goto fail;
            }
        }

      for (guint i = 0; i < n_evidence; i++)
        {
          g_autoptr(MnrEvidence) evidence = mnr_evidence_new (code);
          g_autofree char *title = sentence (rand, 6);
          g_autofree char *summary = sentence (rand, 40);
          g_autofree char *date = g_strdup_printf ("%d", g_rand_int_range (rand, 2010, 2025));
          g_autofree char *element = g_strdup_printf ("capability-%d", g_rand_int_range (rand, 1, 22));
          const char *elements[] = { element, NULL };

          mnr_evidence_set_title (evidence, title);
          mnr_evidence_set_summary (evidence, summary);
          mnr_evidence_set_kind (evidence, mnr_evidence_kinds[g_rand_int_range (rand, 0, 9)]);
          mnr_evidence_set_date (evidence, date);
          mnr_evidence_set_elements (evidence, elements);
          if (!mnr_store_save_evidence (store, evidence, &error))
            goto fail;
        }
      evidence_made += n_evidence;

      if (!mnr_store_end_batch (store, TRUE, &error))
        goto fail;
    }

  g_print ("generated %u countries, %u rounds, %u evidence items in %.1f s\n",
           codes->len, codes->len * 3, evidence_made, (g_get_monotonic_time () - start) / 1e6);
  return 0;

fail:
  g_printerr ("%s\n", error->message);
  return 1;
}
