/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mnr-store.h"
#include "mnr-test-util.h"

/* A child process writes to the store as fast as it can and says after each
 * write that it was committed; it is killed with SIGKILL at a random moment,
 * many times over. Every time, the store must open (as the app opens it,
 * checked first since the kill left its write-ahead log), pass
 * PRAGMA integrity_check, and hold every write the child reported. */

/* 25 kills in the test suite; bench/crash-soak.sh asks for more
 * (MNR_CRASH_KILLS) and a fixed seed (MNR_CRASH_SEED) to repeat a run. */
#define N_KILLS 25

static guint
n_kills (void)
{
  const char *text = g_getenv ("MNR_CRASH_KILLS");
  guint64 value = 0;

  if (text != NULL && g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT32, &value, NULL))
    return (guint) value;
  return N_KILLS;
}

static GRand *
new_rand (void)
{
  const char *text = g_getenv ("MNR_CRASH_SEED");
  guint64 seed = 0;

  if (text != NULL && g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT32, &seed, NULL))
    return g_rand_new_with_seed ((guint32) seed);
  return g_rand_new ();
}

/* --writer DIR ROUND START: rate capabilities in turn, forever, printing
 * the number of each write once it is committed. */
static int
run_writer (const char *path,
            const char *round_id,
            guint64     start)
{
  g_autoptr(GFile) dir = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(MnrStore) store = mnr_store_open (dir, &error);

  if (store == NULL)
    {
      g_printerr ("writer: %s\n", error->message);
      return 1;
    }

  for (guint64 i = start; ; i++)
    {
      g_autofree char *element = g_strdup_printf ("capability-%u", (guint)(i % 21) + 1);
      g_autofree char *rationale = g_strdup_printf ("write %" G_GUINT64_FORMAT, i);

      if (!mnr_store_set_rating (store, round_id, element, "developing", rationale, &error))
        {
          g_printerr ("writer: %s\n", error->message);
          return 1;
        }

      /* Only now is the write reported as committed. */
      printf ("%" G_GUINT64_FORMAT "\n", i);
      fflush (stdout);
    }
}

static int
integrity_check (const char *db_path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int ok;

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  ok = g_strcmp0 ((const char *)sqlite3_column_text (stmt, 0), "ok") == 0;
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return ok;
}

static void
test_kill_while_writing (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_dir_make_tmp ("mnr-crash-XXXXXX", &error);
  g_autofree char *db_path = g_build_filename (path, "mnr-tracker.db", NULL);
  g_autoptr(GFile) dir = g_file_new_for_path (path);
  g_autoptr(GRand) rand = new_rand ();
  guint kills = n_kills ();
  g_autofree char *round_id = NULL;
  g_autofree char *self_path = NULL;
  guint64 next = 0;
  guint total_reported = 0;

  g_test_message ("random seed: %u", g_rand_int (rand));

  /* The round the writer rates in. */
  {
    g_autoptr(MnrStore) store = mnr_store_open (dir, &error);
    g_autoptr(MnrRound) round = NULL;

    g_assert_no_error (error);
    round = mnr_store_create_round (store, "PE", "Stress", "2018-01-01", &error);
    g_assert_no_error (error);
    round_id = g_strdup (round->id);
    mnr_store_close (store);
  }

  self_path = g_file_read_link ("/proc/self/exe", NULL);
  g_assert_nonnull (self_path);

  for (guint kill_no = 0; kill_no < kills; kill_no++)
    {
      g_autofree char *start = g_strdup_printf ("%" G_GUINT64_FORMAT, next);
      const char *argv[] = { self_path, "--writer", path, round_id, start, NULL };
      g_autoptr(GString) output = g_string_new (NULL);
      g_auto(GStrv) lines = NULL;
      GPid pid;
      int out_fd, status;
      gint64 deadline;
      guint64 last_reported = G_MAXUINT64;
      char buffer[4096];
      ssize_t n;

      g_assert_true (g_spawn_async_with_pipes (NULL, (char **)argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                               NULL, NULL, &pid, NULL, &out_fd, NULL, &error));
      g_assert_no_error (error);

      /* Let it write for a random while: 20 to 250 ms, often mid-commit. */
      g_usleep (g_rand_int_range (rand, 20, 250) * 1000);
      kill (pid, SIGKILL);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_assert_true (WIFSIGNALED (status));
      g_spawn_close_pid (pid);

      /* Everything it said before dying. A line without its newline was
       * cut off by the kill and does not count. */
      deadline = g_get_monotonic_time () + G_USEC_PER_SEC;
      while ((n = read (out_fd, buffer, sizeof buffer)) > 0 && g_get_monotonic_time () < deadline)
        g_string_append_len (output, buffer, n);
      close (out_fd);

      lines = g_strsplit (output->str, "\n", -1);
      for (guint i = 0; lines[i] != NULL && lines[i + 1] != NULL; i++)
        {
          last_reported = g_ascii_strtoull (lines[i], NULL, 10);
          total_reported++;
        }

      /* The store opens, is sound, and holds every reported write. It
       * opens as the app opens it: the write-ahead log the kill left
       * behind has it checked whole before it opens; without one (killed
       * before the child opened it) it is checked after. */
      {
        g_autofree char *wal_path = g_strconcat (db_path, "-wal", NULL);
        gboolean crashed = g_file_test (wal_path, G_FILE_TEST_EXISTS);
        g_autoptr(MnrStore) store = mnr_store_open_full (dir, MNR_STORE_OPEN_DEFER_CHECK, &error);
        g_autoptr(GPtrArray) history = NULL;
        guint64 first = next;

        g_assert_no_error (error);
        g_assert_nonnull (store);
        if (crashed)
          g_assert_true (mnr_store_is_checked (store));
        else
          g_assert_true (mnr_test_check_store (store, &error));
        g_assert_no_error (error);

        for (guint64 i = first; last_reported != G_MAXUINT64 && i <= last_reported; i++)
          {
            g_autofree char *element = g_strdup_printf ("capability-%u", (guint)(i % 21) + 1);
            g_autofree char *expected = g_strdup_printf ("write %" G_GUINT64_FORMAT, i);
            gboolean found = FALSE;

            g_clear_pointer (&history, g_ptr_array_unref);
            history = mnr_store_list_rating_history (store, round_id, element, &error);
            g_assert_no_error (error);

            /* The newest entries are first; the write is among the last few. */
            for (guint h = 0; h < history->len && !found; h++)
              found = g_str_equal (((MnrRating *)history->pdata[h])->rationale, expected);

            if (!found)
              g_error ("kill %u: write %" G_GUINT64_FORMAT " was reported committed but is missing",
                       kill_no, i);
          }

        /* The next child goes on after the last write the store has. */
        {
          g_autoptr(GPtrArray) all = NULL;
          guint64 highest = next;

          for (guint c = 1; c <= 21; c++)
            {
              g_autofree char *element = g_strdup_printf ("capability-%u", c);
              g_clear_pointer (&all, g_ptr_array_unref);
              all = mnr_store_list_rating_history (store, round_id, element, &error);
              if (all->len > 0)
                {
                  const char *text = ((MnrRating *)all->pdata[0])->rationale;
                  guint64 value = g_ascii_strtoull (text + strlen ("write "), NULL, 10);
                  highest = MAX (highest, value + 1);
                }
            }
          next = highest;
        }

        mnr_store_close (store);
      }

      g_assert_true (integrity_check (db_path));
    }

  g_test_message ("%u kills, %u writes reported committed, all found", kills, total_reported);
  g_assert_cmpuint (total_reported, >, 0);

  mnr_test_remove_tree (path);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 5 && g_str_equal (argv[1], "--writer"))
    return run_writer (argv[2], argv[3], g_ascii_strtoull (argv[4], NULL, 10));

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/store/kill-while-writing", test_kill_while_writing);
  return g_test_run ();
}
