/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the two load generators of mnr-bench-sync-server share: the run's
 * settings, one client's state and figures, and the choice of the next
 * operation. bench-sync-server.c holds the libsoup clients (a thread and
 * a SoupSession each) and the rest of the benchmark; bench-sync-server-raw.c
 * the plain HTTP/1.1 clients, every connection driven by one thread. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define BENCH_COUNTRY      "PH"
#define BENCH_MAX_ATTEMPTS 10000

typedef struct
{
  /* set before the clients start, then read only */
  char      *endpoint;        /* http://127.0.0.1:PORT/mnr/v1/ */
  char      *authorization;   /* "Bearer …" */
  char      *round_id;
  GPtrArray *cold_ids;        /* evidence ids */
  GPtrArray *hot_ids;         /* rating ids */
  GPtrArray *hot_elements;    /* their element ids */
  guint      write_percent;
  guint      page;
  gint64     deadline;        /* monotonic µs; 0: bounded by ops_left */

  /* shared, atomic */
  int       *hot_accepted;    /* 200 answers per hot rating */
  int        ops_left;
  int        errors_shown;

  /* the start line of the libsoup clients */
  GMutex     mutex;
  GCond      cond;
  gboolean   started;
} Bench;

/* One client: a connection kept between its requests. */
typedef struct
{
  Bench   *bench;
  guint    index;
  GRand   *rand;
  char    *cursor;            /* where its walk of the feed is; NULL: the start */

  GArray  *get_ms;            /* GET a record (in write operations too) */
  GArray  *changes_ms;        /* GET a changes page */
  GArray  *put_ms;            /* every PUT, accepted or 412 */
  guint64  accepted;          /* PUT answered 200 */
  guint64  retries;           /* PUT answered 412 */
  guint64  write_ops;
  guint64  errors;            /* transport errors, unexpected answers */
} Worker;

typedef enum
{
  BENCH_OP_READ_RECORD,
  BENCH_OP_READ_CHANGES,
  BENCH_OP_WRITE_HOT,
} BenchOp;

void      bench_report_error   (Bench      *bench,
                                const char *format,
                                ...) G_GNUC_PRINTF (2, 3);
gboolean  bench_worker_may_go_on (Worker   *worker);
BenchOp   bench_worker_pick_op (Worker     *worker,
                                guint      *out_index);
char     *bench_record_path    (Bench      *bench,
                                guint       index);
char     *bench_changes_path   (Worker     *worker);
char     *bench_hot_body       (Bench      *bench,
                                guint       hot,
                                const char *author,
                                gint64      counter);

/* bench-sync-server-raw.c: runs every worker, one connection each, on
 * the calling thread until they may not go on. */
gboolean  bench_run_raw        (Bench      *bench,
                                GPtrArray  *workers,
                                GError    **error);

G_END_DECLS
