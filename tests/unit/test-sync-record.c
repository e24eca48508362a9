/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "mnr-json-reader.h"
#include "mnr-sync-record.h"

/* The protocol's checks the app and the sync server share: write bodies
 * (section 4.3) and the nesting scan run before parsing. */

#define ROUND_ID "5b0e7c2a-3f41-4d8e-9a6b-2c7d1e0f4a93"

static MnrSyncRecord *
from_json (const char  *type,
           const char  *text,
           GError     **error)
{
  g_autoptr(JsonNode) node = json_from_string (text, NULL);

  g_assert_nonnull (node);
  return mnr_sync_record_from_json (type, ROUND_ID, node, error);
}

static void
test_from_json_reads_a_body (void)
{
  g_autoptr(MnrSyncRecord) record = NULL;
  g_autoptr(MnrSyncRecord) group = NULL;
  g_autoptr(GError) error = NULL;

  record = from_json ("round", "{\"country\": \"PH\", \"updated_by\": \"M\", \"deleted\": false, \"rev\": 9,"
                      " \"data\": {\"name\": \"Review 2026\", \"date\": \"2026-11-20\", \"later\": [1]}}",
                      &error);
  g_assert_no_error (error);
  g_assert_cmpstr (record->type, ==, "round");
  g_assert_cmpstr (record->id, ==, ROUND_ID);
  g_assert_cmpstr (record->country, ==, "PH");
  g_assert_cmpstr (record->updated_by, ==, "M");
  g_assert_cmpint (record->server_rev, ==, 0);  /* the server sets it */
  g_assert_true (json_object_has_member (record->data, "later"));

  group = from_json ("group", "{\"country\": null, \"updated_by\": \"\", \"deleted\": true, \"data\": {}}", &error);
  g_assert_no_error (error);
  g_assert_null (group->country);
  g_assert_true (group->deleted);
}

static void
test_from_json_names_the_member (void)
{
  static const struct
  {
    const char *type;
    const char *body;
    const char *member;
  } cases[] = {
    { "round", "[]", "body" },
    { "round", "{\"updated_by\": \"\", \"deleted\": false, \"data\": {}}", "country:" },
    { "group", "{\"country\": \"PH\", \"updated_by\": \"\", \"deleted\": false, \"data\": {}}", "country:" },
    { "round", "{\"country\": \"PH\", \"deleted\": false, \"data\": {}}", "updated_by:" },
    { "round", "{\"country\": \"PH\", \"updated_by\": \"\", \"data\": {}}", "deleted:" },
    { "round", "{\"country\": \"PH\", \"updated_by\": \"\", \"deleted\": false, \"data\": []}", "data:" },
    { "round", "{\"country\": \"PH\", \"updated_by\": \"\", \"deleted\": true, \"data\": {\"name\": 1}}", "data.name:" },
    { "evidence", "{\"country\": \"PH\", \"updated_by\": \"\", \"deleted\": false, \"data\": {\"title\": \"t\","
      " \"kind\": \"other\", \"date\": \"\", \"source\": \"\", \"summary\": \"\", \"restricted\": false,"
      " \"elements\": [\"capability-1\", \"capability-01\"]}}", "data.elements[1]:" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(MnrSyncRecord) record = NULL;
      g_autoptr(GError) error = NULL;

      record = from_json (cases[i].type, cases[i].body, &error);
      g_assert_null (record);
      g_assert_error (error, MNR_SYNC_RECORD_ERROR, MNR_SYNC_RECORD_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, cases[i].member));
    }
}

static gboolean
check_nesting (const char *text,
               guint       max_depth)
{
  return mnr_json_check_nesting (text, strlen (text), max_depth);
}

static void
test_nesting (void)
{
  g_autoptr(GString) deep = g_string_new (NULL);

  g_assert_true (check_nesting ("{\"a\": [1, -2.5e3, true, false, null]}", 2));
  g_assert_false (check_nesting ("{\"a\": [1, -2.5e3, true, false, null]}", 1));
  /* Brackets, quotes and escapes inside strings do not count. */
  g_assert_true (check_nesting ("[\"[[[\\\"[[\", \"\\\\\"]", 1));
  /* What JSON does not allow outside strings, nor unbalanced closings. */
  g_assert_false (check_nesting ("['[[[']", 8));
  g_assert_false (check_nesting ("[/* [ */]", 8));
  g_assert_false (check_nesting ("]]", 8));

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  g_assert_true (mnr_json_check_nesting (deep->str, MNR_SYNC_MAX_DEPTH, MNR_SYNC_MAX_DEPTH));
  g_assert_false (mnr_json_check_nesting (deep->str, deep->len, MNR_SYNC_MAX_DEPTH));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync-record/from-json/reads-a-body", test_from_json_reads_a_body);
  g_test_add_func ("/sync-record/from-json/names-the-member", test_from_json_names_the_member);
  g_test_add_func ("/sync-record/nesting", test_nesting);

  return g_test_run ();
}
