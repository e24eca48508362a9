/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the two sync benchmarks share: finding, starting and stopping the
 * real mnr-sync-server on an ephemeral loopback port with its own data
 * dir and tokens file, random tokens, CPU time and percentiles. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

char        *mnr_bench_find_server       (const char   *argv0,
                                          const char   *given);
char        *mnr_bench_random_token      (void);
char        *mnr_bench_token_line        (const char   *token,
                                          const char   *role);
GSubprocess *mnr_bench_start_server      (const char   *binary,
                                          const char   *directory,
                                          const char   *tokens_text,
                                          char        **out_endpoint,
                                          GError      **error);
GSubprocess *mnr_bench_start_server_with (const char   *binary,
                                          const char   *directory,
                                          const char   *tokens_text,
                                          const char * const *extra_args,
                                          char        **out_endpoint,
                                          GError      **error);
void         mnr_bench_stop_server       (GSubprocess  *server);
double       mnr_bench_process_cpu       (GSubprocess  *process);
double       mnr_bench_self_cpu          (void);
int          mnr_bench_process_fds       (GSubprocess  *process);
void         mnr_bench_sort              (GArray       *values);
double       mnr_bench_percentile        (GArray       *sorted,
                                          double        percent);
gboolean     mnr_bench_remove_tree       (const char   *path);
gint64       mnr_bench_tree_size         (const char   *path);

G_END_DECLS
