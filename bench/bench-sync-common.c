/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the two sync benchmarks share (see bench-sync-common.h). The
 * server is started the way tests/unit/test-sync-client.c starts it: a
 * child process on 127.0.0.1:0, waited for by its "listening on" line. */
#define G_LOG_DOMAIN "mnr-bench-sync"

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "bench-sync-common.h"

/* The server given on the command line, or the one built next to this
 * benchmark (BUILD/bench/… → BUILD/server/mnr-sync-server). */
char *
mnr_bench_find_server (const char *argv0,
                       const char *given)
{
  g_autofree char *self = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *candidate = NULL;

  if (given != NULL)
    return g_strdup (given);

  self = g_file_read_link ("/proc/self/exe", NULL);
  dir = g_path_get_dirname (self != NULL ? self : argv0);
  candidate = g_build_filename (dir, "..", "server", "mnr-sync-server", NULL);
  if (g_file_test (candidate, G_FILE_TEST_IS_EXECUTABLE))
    return g_steal_pointer (&candidate);

  return NULL;
}

/* Two random UUIDs without their hyphens: 64 hex digits, 244 random
 * bits from the system's source. Never printed: only its hash goes to
 * the tokens file. */
char *
mnr_bench_random_token (void)
{
  g_autofree char *a = g_uuid_string_random ();
  g_autofree char *b = g_uuid_string_random ();
  g_autofree char *both = g_strconcat (a, b, NULL);
  GString *token = g_string_new (NULL);

  for (const char *p = both; *p != '\0'; p++)
    if (*p != '-')
      g_string_append_c (token, *p);

  return g_string_free (token, FALSE);
}

/* One line of the tokens file (docs/sync-protocol.md, 3.2). */
char *
mnr_bench_token_line (const char *token,
                      const char *role)
{
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);

  return g_strdup_printf ("%s %s\n", hash, role);
}

/* Starts @binary with DIRECTORY/server-data, DIRECTORY/tokens (written
 * from @tokens_text) and its standard error in DIRECTORY/server.log;
 * returns once it listens, with its "http://127.0.0.1:PORT/mnr/v1/". */
GSubprocess *
mnr_bench_start_server (const char  *binary,
                        const char  *directory,
                        const char  *tokens_text,
                        char       **out_endpoint,
                        GError     **error)
{
  return mnr_bench_start_server_with (binary, directory, tokens_text, NULL, out_endpoint, error);
}

/* The same, with @extra_args (nullable) after the usual ones. */
GSubprocess *
mnr_bench_start_server_with (const char         *binary,
                             const char         *directory,
                             const char         *tokens_text,
                             const char * const *extra_args,
                             char              **out_endpoint,
                             GError            **error)
{
  g_autofree char *tokens_path = g_build_filename (directory, "tokens", NULL);
  g_autofree char *data_dir = g_build_filename (directory, "server-data", NULL);
  g_autofree char *log_path = g_build_filename (directory, "server.log", NULL);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  g_autoptr(GStrvBuilder) argv = g_strv_builder_new ();
  g_auto(GStrv) args = NULL;

  if (!g_file_set_contents (tokens_path, tokens_text, -1, error) ||
      g_chmod (tokens_path, 0600) != 0)
    return NULL;

  g_strv_builder_add_many (argv, binary, "--listen", "127.0.0.1:0", "--data-dir", data_dir,
                           "--tokens", tokens_path, NULL);
  if (extra_args != NULL)
    g_strv_builder_addv (argv, (const char **) extra_args);
  args = g_strv_builder_end (argv);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_stderr_file_path (launcher, log_path);
  server = g_subprocess_launcher_spawnv (launcher, (const char * const *) args, error);
  if (server == NULL)
    return NULL;

  /* The stream is not closed with the subprocess's stdout pipe. */
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server));
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (out), FALSE);
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, error);
  if (line == NULL || !g_str_has_prefix (line, "listening on http://") || !g_str_has_suffix (line, "/"))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                     "%s did not start; see %s", binary, log_path);
      g_subprocess_force_exit (server);
      return NULL;
    }

  *out_endpoint = g_strconcat (line + strlen ("listening on "), "mnr/v1/", NULL);
  return g_steal_pointer (&server);
}

void
mnr_bench_stop_server (GSubprocess *server)
{
  g_return_if_fail (G_IS_SUBPROCESS (server));

  g_subprocess_send_signal (server, SIGTERM);
  g_subprocess_wait (server, NULL, NULL);
}

/* User + system CPU seconds used so far by a running child, from
 * /proc/PID/stat; -1 if it cannot be read. */
double
mnr_bench_process_cpu (GSubprocess *process)
{
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) fields = NULL;
  const char *identifier = g_subprocess_get_identifier (process);
  const char *end;

  if (identifier == NULL)
    return -1;

  path = g_strdup_printf ("/proc/%s/stat", identifier);
  if (!g_file_get_contents (path, &text, NULL, NULL) || (end = strrchr (text, ')')) == NULL)
    return -1;

  /* After "pid (comm)": state is field 3, utime 14, stime 15. */
  fields = g_strsplit (end + 2, " ", 0);
  if (g_strv_length (fields) < 13)
    return -1;

  return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL)) / sysconf (_SC_CLK_TCK);
}

/* How many files (sockets included) a running child has open; -1 if
 * that cannot be read. */
int
mnr_bench_process_fds (GSubprocess *process)
{
  g_autofree char *path = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *identifier = g_subprocess_get_identifier (process);
  int count = 0;

  if (identifier == NULL)
    return -1;

  path = g_strdup_printf ("/proc/%s/fd", identifier);
  if ((dir = g_dir_open (path, 0, NULL)) == NULL)
    return -1;

  while (g_dir_read_name (dir) != NULL)
    count++;

  return count;
}

double
mnr_bench_self_cpu (void)
{
  struct rusage usage;

  if (getrusage (RUSAGE_SELF, &usage) != 0)
    return -1;

  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
         usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return x < y ? -1 : x > y;
}

void
mnr_bench_sort (GArray *values)
{
  g_array_sort (values, compare_doubles);
}

/* Nearest-rank percentile of sorted doubles; 0 for none. */
double
mnr_bench_percentile (GArray *sorted,
                      double  percent)
{
  guint rank;

  if (sorted->len == 0)
    return 0;

  rank = (guint)(percent / 100.0 * sorted->len + 0.999999);
  rank = CLAMP (rank, 1, sorted->len);
  return g_array_index (sorted, double, rank - 1);
}

gboolean
mnr_bench_remove_tree (const char *path)
{
  const char *argv[] = { "rm", "-rf", "--", path, NULL };
  int status = 0;

  return g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, NULL) &&
         g_spawn_check_wait_status (status, NULL);
}

/* Bytes of the regular files under @path (not following links). */
gint64
mnr_bench_tree_size (const char *path)
{
  GStatBuf info;
  g_autoptr(GDir) dir = NULL;
  const char *name;
  gint64 total = 0;

  if (g_lstat (path, &info) != 0)
    return 0;
  if (S_ISREG (info.st_mode))
    return info.st_size;
  if (!S_ISDIR (info.st_mode) || (dir = g_dir_open (path, 0, NULL)) == NULL)
    return 0;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      total += mnr_bench_tree_size (child);
    }

  return total;
}
