/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The regional groups file, read beside a small list of countries. */
#include "mnr-fuzz.h"
#include "mnr-country-catalog.h"

static const char iso[] =
  "{\"3166-1\": ["
  "{\"alpha_2\": \"GH\", \"alpha_3\": \"GHA\", \"name\": \"Ghana\", \"numeric\": \"288\"},"
  "{\"alpha_2\": \"FR\", \"alpha_3\": \"FRA\", \"name\": \"France\", \"numeric\": \"250\"}"
  "]}";

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  mnr_fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(GBytes) countries = g_bytes_new_static (iso, sizeof iso - 1);
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(MnrCountryCatalog) catalog = mnr_country_catalog_new_from_bytes (countries, bytes, &error);

  g_assert ((catalog == NULL) == (error != NULL));
  return 0;
}
