/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The CSV reader under every importer: separator guessed, lines kept. */
#include "mnr-fuzz.h"
#include "mnr-csv.h"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  mnr_fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GArray) lines = NULL;
  g_autoptr(GError) error = NULL;
  char separator = 0;

  rows = mnr_csv_parse_full ((const char *)data, size, &separator, &lines, &error);
  g_assert ((rows == NULL) == (error != NULL));
  if (rows != NULL && lines != NULL)
    g_assert_cmpuint (lines->len, ==, rows->len);
  return 0;
}
