/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "crash-soak-common.h"
#include "crash-soak-store.h"
#include "mnr-bundle.h"
#include "mnr-store.h"
#include "mnr-test-util.h"

/* The store's crash soak (bench/crash-soak.sh; not a test of the suite):
 * a writer (crash-soak-store-writer.c) makes every kind of write the app
 * makes through MnrStore and is killed with SIGKILL at a random moment,
 * N times. After each kill the store must open as the app opens it, pass
 * PRAGMA integrity_check, hold every write reported committed (and not
 * hold what a reported delete removed), keep the file of every attachment
 * it lists with the right size and hash, and leave no temporary copy
 * behind once its clean-up has run.
 *
 *   mnr-crash-soak-store [--kills N] [--seed S] [--keep]
 */

typedef struct
{
  char   *sha256;
  gint64  size;
} Att;

typedef struct
{
  char       *title;
  GHashTable *atts;   /* id → Att */
} Ev;

typedef struct
{
  char       *path;
  char       *db_path;
  char       *rating_round;
  char       *bundle_path;
  char       *scratch;
  GHashTable *evidence;      /* id → Ev, of evidence that is there */
  GHashTable *gone;          /* ids of evidence deleted */
  GHashTable *rounds;        /* id → name */
  GHashTable *rounds_gone;
  GHashTable *last_rating;   /* element → "write SEQ" */
  GHashTable *bundle;        /* the bundle's evidence: id → title */
  GPtrArray  *bundle_files;  /* its attachments' sha256 */
  gboolean    bundle_in;
  gint64      samples;       /* sample items shown */
  guint64     next_seq;
  /* figures */
  guint       kills;
  guint       committed[16];
  guint       in_flight;
  guint       incoming_left;
  guint       files_hashed;
  guint       kills_before_ready;
} Soak;

static const char * const kinds[] = {
  "rating", "evidence-new", "evidence-edit", "evidence-delete", "attach",
  "round-new", "round-rename", "round-delete", "bundle", "samples-add",
  "samples-remove", NULL
};

static guint failures;

#define CHECK(cond, ...) G_STMT_START { \
  if (!(cond)) { g_printerr ("kill %u: ", soak->kills); g_printerr (__VA_ARGS__); \
                 g_printerr ("\n"); failures++; } } G_STMT_END

static void
att_free (gpointer data)
{
  Att *att = data;

  g_free (att->sha256);
  g_free (att);
}

static void
ev_free (gpointer data)
{
  Ev *ev = data;

  g_free (ev->title);
  g_hash_table_unref (ev->atts);
  g_free (ev);
}

static Ev *
ev_new (const char *title)
{
  Ev *ev = g_new0 (Ev, 1);

  ev->title = g_strdup (title);
  ev->atts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, att_free);
  return ev;
}

static guint
kind_index (const char *kind)
{
  for (guint i = 0; kinds[i] != NULL; i++)
    if (g_str_equal (kinds[i], kind))
      return i;
  g_error ("unknown write %s", kind);
}

static char *
hash_path (const char *path,
           gint64     *size)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return NULL;
  *size = length;
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

static char *
attachment_path (Soak       *soak,
                 const char *sha256)
{
  g_autofree char *prefix = g_strndup (sha256, 2);

  return g_build_filename (soak->path, "attachments", prefix, sha256, NULL);
}

/* The file of an attachment: there, of its size, and (when @hash) of its
 * hash. */
static void
check_file (Soak       *soak,
            const char *sha256,
            gint64      size,
            gboolean    hash)
{
  g_autofree char *path = attachment_path (soak, sha256);
  struct stat st;

  if (stat (path, &st) != 0)
    {
      CHECK (FALSE, "the file of attachment %s is missing", sha256);
      return;
    }
  CHECK (size < 0 || st.st_size == size, "the file %s has %" G_GINT64_FORMAT " bytes, not %" G_GINT64_FORMAT,
         sha256, (gint64) st.st_size, size);
  if (hash)
    {
      gint64 length = 0;
      g_autofree char *sum = hash_path (path, &length);

      CHECK (g_strcmp0 (sum, sha256) == 0, "the file %s does not match its hash", sha256);
      soak->files_hashed++;
    }
}

/* --- setting up ---------------------------------------------------------- */

/* A small bundle of another country, made once: evidence, a file each,
 * a round and ratings. */
static void
make_bundle (Soak *soak)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *source = g_build_filename (soak->scratch, "bundle-source", NULL);
  g_autoptr(GFile) dir = g_file_new_for_path (source);
  g_autoptr(MnrStore) store = NULL;
  g_autoptr(MnrRound) round = NULL;
  guint n = 0;

  g_mkdir_with_parents (source, 0700);
  store = mnr_store_open (dir, &error);
  g_assert_no_error (error);
  round = mnr_store_create_round (store, SOAK_BUNDLE_COUNTRY, "Bundle", "2019-01-01", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(MnrEvidence) evidence = mnr_evidence_new (SOAK_BUNDLE_COUNTRY);
      g_autofree char *title = g_strdup_printf ("bundle %u", i);
      g_autofree char *file_path = g_build_filename (soak->scratch, "bundle-file.txt", NULL);
      g_autofree char *contents = g_strdup_printf ("The bundle's file %u.\n", i);
      g_autoptr(GFile) file = g_file_new_for_path (file_path);
      g_autoptr(MnrAttachment) attachment = NULL;
      g_autofree char *element = g_strdup_printf ("capability-%u", i + 1);

      mnr_evidence_set_title (evidence, title);
      mnr_evidence_set_kind (evidence, "policy");
      g_assert_true (mnr_store_save_evidence (store, evidence, &error));
      g_assert_true (g_file_set_contents (file_path, contents, -1, NULL));
      attachment = mnr_store_add_attachment (store, mnr_evidence_get_id (evidence), file, NULL, &error);
      g_assert_no_error (error);
      g_hash_table_insert (soak->bundle, g_strdup (mnr_evidence_get_id (evidence)), g_strdup (title));
      g_ptr_array_add (soak->bundle_files, g_strdup (attachment->sha256));
      g_assert_true (mnr_store_set_rating (store, round->id, element, "developing", title, &error));
    }
  soak->bundle_path = g_build_filename (soak->scratch, "soak.mnrbundle", NULL);
  g_assert_true (mnr_bundle_export (store, SOAK_BUNDLE_COUNTRY, soak->bundle_path, &n, &error));
  g_assert_no_error (error);
  mnr_store_close (store);
}

static void
set_up (Soak *soak)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) dir = NULL;
  g_autoptr(MnrStore) store = NULL;
  g_autoptr(MnrRound) round = NULL;

  soak->path = g_dir_make_tmp ("mnr-crash-soak-XXXXXX", &error);
  g_assert_no_error (error);
  soak->db_path = g_build_filename (soak->path, "mnr-tracker.db", NULL);
  soak->scratch = g_strconcat (soak->path, "-scratch", NULL);
  g_mkdir_with_parents (soak->scratch, 0700);

  soak->evidence = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, ev_free);
  soak->gone = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  soak->rounds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  soak->rounds_gone = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  soak->last_rating = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  soak->bundle = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  soak->bundle_files = g_ptr_array_new_with_free_func (g_free);
  make_bundle (soak);

  dir = g_file_new_for_path (soak->path);
  store = mnr_store_open (dir, &error);
  g_assert_no_error (error);
  round = mnr_store_create_round (store, SOAK_COUNTRY, "Ratings", "2018-01-01", &error);
  g_assert_no_error (error);
  soak->rating_round = g_strdup (round->id);
  mnr_store_close (store);
}

/* --- one kill ------------------------------------------------------------ */

/* Runs the writer, kills it, returns what it said before dying. */
static char *
run_and_kill (Soak     *soak,
              GRand    *rand,
              gboolean *ready)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *first = g_strdup_printf ("%" G_GUINT64_FORMAT, soak->next_seq);
  g_autofree char *seed = g_strdup_printf ("%u", g_rand_int (rand));
  const char *argv[] = { self, "--writer", soak->path, soak->rating_round, first, seed,
                         soak->bundle_path, soak->scratch, NULL };
  g_autoptr(GError) error = NULL;
  GString *output = g_string_new (NULL);
  gint64 start, deadline;
  GPid pid;
  int out_fd, status;
  char buffer[4096];
  ssize_t n;

  if (!g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                 NULL, NULL, &pid, NULL, &out_fd, NULL, &error))
    g_error ("spawning the writer: %s", error->message);

  /* One kill in ten falls while the store opens (and checks itself,
   * since the last kill left its write-ahead log); the others 0 to
   * 250 ms into its writes. */
  *ready = FALSE;
  start = g_get_monotonic_time ();
  if (g_rand_int_range (rand, 0, 10) == 0)
    g_usleep (g_rand_int_range (rand, 0, 60) * 1000);
  else
    {
      while (!*ready && (n = read (out_fd, buffer, sizeof buffer)) > 0)
        {
          g_string_append_len (output, buffer, n);
          *ready = g_str_has_prefix (output->str, "R\n");
        }
      g_usleep (g_rand_int_range (rand, 0, 250) * 1000);
    }
  kill (pid, SIGKILL);
  if (waitpid (pid, &status, 0) != pid || !WIFSIGNALED (status))
    g_error ("the writer ended on its own (status %d) after %" G_GINT64_FORMAT " ms",
             status, (g_get_monotonic_time () - start) / 1000);
  g_spawn_close_pid (pid);

  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while ((n = read (out_fd, buffer, sizeof buffer)) > 0 && g_get_monotonic_time () < deadline)
    g_string_append_len (output, buffer, n);
  close (out_fd);
  *ready = g_str_has_prefix (output->str, "R\n");
  return g_string_free (output, FALSE);
}

/* A write reported committed: into the model. */
static void
apply_committed (Soak        *soak,
                 char       **f,
                 guint        n_fields,
                 GPtrArray   *ratings,
                 GPtrArray   *new_files)
{
  const char *kind = f[1];
  guint64 seq = g_ascii_strtoull (f[2], NULL, 10);
  g_autofree char *title = g_strdup_printf ("t %" G_GUINT64_FORMAT, seq);
  g_autofree char *name = g_strdup_printf ("r %" G_GUINT64_FORMAT, seq);

  soak->committed[kind_index (kind)]++;
  if (g_str_equal (kind, "rating"))
    {
      g_hash_table_insert (soak->last_rating, g_strdup (f[3]),
                           g_strdup_printf ("write %" G_GUINT64_FORMAT, seq));
      g_ptr_array_add (ratings, g_strdup (f[3]));
      g_ptr_array_add (ratings, g_strdup_printf ("write %" G_GUINT64_FORMAT, seq));
    }
  else if (g_str_equal (kind, "evidence-new"))
    g_hash_table_insert (soak->evidence, g_strdup (f[3]), ev_new (title));
  else if (g_str_equal (kind, "evidence-edit"))
    {
      Ev *ev = g_hash_table_lookup (soak->evidence, f[3]);

      if (ev == NULL)
        g_error ("the writer edited %s, which the model does not have", f[3]);
      g_free (ev->title);
      ev->title = g_steal_pointer (&title);
    }
  else if (g_str_equal (kind, "evidence-delete"))
    {
      g_hash_table_remove (soak->evidence, f[3]);
      g_hash_table_add (soak->gone, g_strdup (f[3]));
    }
  else if (g_str_equal (kind, "attach") && n_fields == 7)
    {
      Ev *ev = g_hash_table_lookup (soak->evidence, f[3]);
      Att *att = g_new0 (Att, 1);

      att->sha256 = g_strdup (f[5]);
      att->size = g_ascii_strtoll (f[6], NULL, 10);
      if (ev == NULL)
        g_error ("the writer attached to %s, which the model does not have", f[3]);
      g_hash_table_insert (ev->atts, g_strdup (f[4]), att);
      g_ptr_array_add (new_files, g_strdup (f[5]));
    }
  else if (g_str_equal (kind, "round-new") && n_fields == 4)
    g_hash_table_insert (soak->rounds, g_strdup (f[3]), g_steal_pointer (&name));
  else if (g_str_equal (kind, "round-rename"))
    g_hash_table_insert (soak->rounds, g_strdup (f[3]), g_steal_pointer (&name));
  else if (g_str_equal (kind, "round-delete"))
    {
      g_hash_table_remove (soak->rounds, f[3]);
      g_hash_table_add (soak->rounds_gone, g_strdup (f[3]));
    }
  else if (g_str_equal (kind, "bundle"))
    soak->bundle_in = TRUE;
  else if (g_str_equal (kind, "samples-add") && n_fields == 4)
    soak->samples = g_ascii_strtoll (f[3], NULL, 10);
  else if (g_str_equal (kind, "samples-remove"))
    soak->samples = 0;
  else
    g_error ("a line the checker does not know: %s", f[1]);
}

/* --- the checks after a kill --------------------------------------------- */

/* The write that was under way when the kill came (a B line without its
 * K): the store may hold it or not, but nothing else. */
typedef struct
{
  const char *kind;
  guint64     seq;
  const char *id;   /* evidence, round or element; NULL when not known */
} InFlight;

static gboolean
in_flight_is (const InFlight *flight,
              const char     *kind,
              const char     *id)
{
  return flight->kind != NULL && g_str_equal (flight->kind, kind) &&
         (id == NULL || g_strcmp0 (flight->id, id) == 0);
}

static void
check_attachments (Soak           *soak,
                   MnrStore       *store,
                   const char     *evidence_id,
                   Ev             *ev,
                   const InFlight *flight,
                   GPtrArray      *new_files)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = mnr_store_list_attachments (store, evidence_id, &error);
  guint extra = 0;

  if (list == NULL)
    {
      CHECK (FALSE, "the attachments of %s cannot be listed: %s", evidence_id, error->message);
      return;
    }
  CHECK (list->len >= g_hash_table_size (ev->atts), "evidence %s has %u attachments, %u were reported",
         evidence_id, list->len, g_hash_table_size (ev->atts));

  for (guint i = 0; i < list->len; i++)
    {
      MnrAttachment *attachment = g_ptr_array_index (list, i);
      Att *att = g_hash_table_lookup (ev->atts, attachment->id);
      gboolean fresh = g_ptr_array_find_with_equal_func (new_files, attachment->sha256, g_str_equal, NULL);

      if (att == NULL && in_flight_is (flight, "attach", evidence_id) && extra++ == 0)
        {
          /* The attachment being made: its file is complete, or the
           * store does not list it. */
          att = g_new0 (Att, 1);
          att->sha256 = g_strdup (attachment->sha256);
          att->size = attachment->size;
          g_hash_table_insert (ev->atts, g_strdup (attachment->id), att);
          soak->in_flight++;
          fresh = TRUE;
        }
      if (att == NULL)
        {
          CHECK (FALSE, "evidence %s has an attachment %s never reported", evidence_id, attachment->id);
          continue;
        }
      CHECK (g_str_equal (att->sha256, attachment->sha256) && att->size == attachment->size,
             "attachment %s is not as reported", attachment->id);
      check_file (soak, attachment->sha256, attachment->size, fresh);
    }
}

static void
check_evidence (Soak           *soak,
                MnrStore       *store,
                const InFlight *flight,
                GPtrArray      *new_files)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) list = mnr_store_list_evidence (store, SOAK_COUNTRY, NULL, &error);
  g_autoptr(GHashTable) there = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  GHashTableIter iter;
  gpointer key, value;

  if (list == NULL)
    {
      CHECK (FALSE, "the evidence cannot be listed: %s", error->message);
      return;
    }
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      MnrEvidence *evidence = g_list_model_get_item (list, i);

      if (mnr_evidence_get_sample (evidence))
        g_object_unref (evidence);
      else
        g_hash_table_insert (there, (gpointer) mnr_evidence_get_id (evidence), evidence);
    }

  /* What is there was reported, or is the evidence being made. */
  g_hash_table_iter_init (&iter, there);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (soak->evidence, key))
      {
        if (in_flight_is (flight, "evidence-new", key))
          {
            g_hash_table_insert (soak->evidence, g_strdup (key), ev_new (mnr_evidence_get_title (value)));
            soak->in_flight++;
          }
        else
          CHECK (FALSE, "evidence %s is there, but %s", (char *) key,
                 g_hash_table_contains (soak->gone, key) ? "its deletion was reported" : "was never reported");
      }

  /* What was reported is there, as reported. */
  g_hash_table_iter_init (&iter, soak->evidence);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      MnrEvidence *evidence = g_hash_table_lookup (there, key);
      Ev *ev = value;

      if (evidence == NULL && in_flight_is (flight, "evidence-delete", key))
        {
          g_hash_table_add (soak->gone, g_strdup (key));
          g_hash_table_iter_remove (&iter);
          soak->in_flight++;
          continue;
        }
      if (evidence == NULL)
        {
          CHECK (FALSE, "evidence %s was reported committed but is missing", (char *) key);
          continue;
        }
      if (in_flight_is (flight, "evidence-edit", key) && !g_str_equal (ev->title, mnr_evidence_get_title (evidence)))
        {
          g_autofree char *edited = g_strdup_printf ("t %" G_GUINT64_FORMAT, flight->seq);

          CHECK (g_str_equal (edited, mnr_evidence_get_title (evidence)), "evidence %s has a title never written",
                 (char *) key);
          g_free (ev->title);
          ev->title = g_strdup (mnr_evidence_get_title (evidence));
          soak->in_flight++;
        }
      CHECK (g_str_equal (ev->title, mnr_evidence_get_title (evidence)),
             "evidence %s is titled \"%s\", the last write reported \"%s\"",
             (char *) key, mnr_evidence_get_title (evidence), ev->title);
      check_attachments (soak, store, key, ev, flight, new_files);
    }
}

static void
check_rounds (Soak           *soak,
              MnrStore       *store,
              const InFlight *flight)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = mnr_store_list_rounds (store, SOAK_COUNTRY, &error);
  g_autoptr(GHashTable) there = g_hash_table_new (g_str_hash, g_str_equal);
  gboolean rating_round = FALSE;
  GHashTableIter iter;
  gpointer key, value;

  if (list == NULL)
    {
      CHECK (FALSE, "the rounds cannot be listed: %s", error->message);
      return;
    }
  for (guint i = 0; i < list->len; i++)
    {
      MnrRound *round = g_ptr_array_index (list, i);

      if (g_str_equal (round->id, soak->rating_round))
        rating_round = TRUE;
      else
        g_hash_table_insert (there, round->id, round->name);
    }
  CHECK (rating_round, "the round of the ratings is missing");

  g_hash_table_iter_init (&iter, there);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (soak->rounds, key))
      {
        g_autofree char *name = g_strdup_printf ("r %" G_GUINT64_FORMAT, flight->seq);

        if (in_flight_is (flight, "round-new", NULL) && g_str_equal (name, value))
          {
            g_hash_table_insert (soak->rounds, g_strdup (key), g_strdup (value));
            soak->in_flight++;
          }
        else
          CHECK (FALSE, "round %s is there, but %s", (char *) key,
                 g_hash_table_contains (soak->rounds_gone, key) ? "its deletion was reported" : "was never reported");
      }

  g_hash_table_iter_init (&iter, soak->rounds);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *name = g_hash_table_lookup (there, key);

      if (name == NULL && in_flight_is (flight, "round-delete", key))
        {
          g_hash_table_add (soak->rounds_gone, g_strdup (key));
          g_hash_table_iter_remove (&iter);
          soak->in_flight++;
          continue;
        }
      if (name == NULL)
        {
          CHECK (FALSE, "round %s was reported committed but is missing", (char *) key);
          continue;
        }
      if (in_flight_is (flight, "round-rename", key) && !g_str_equal (name, value))
        {
          g_autofree char *renamed = g_strdup_printf ("r %" G_GUINT64_FORMAT, flight->seq);

          CHECK (g_str_equal (renamed, name), "round %s has a name never written", (char *) key);
          g_hash_table_iter_replace (&iter, g_strdup (name));
          soak->in_flight++;
          continue;
        }
      CHECK (g_str_equal (name, value), "round %s is named \"%s\", the last write reported \"%s\"",
             (char *) key, name, (char *) value);
    }
}

static void
check_ratings (Soak           *soak,
               MnrStore       *store,
               const InFlight *flight,
               GPtrArray      *ratings)
{
  g_autoptr(GError) error = NULL;
  GHashTableIter iter;
  gpointer key, value;

  /* Every rating reported since the last kill is in its history. */
  for (guint i = 0; i + 1 < ratings->len; i += 2)
    {
      const char *element = g_ptr_array_index (ratings, i);
      const char *rationale = g_ptr_array_index (ratings, i + 1);
      g_autoptr(GPtrArray) history = mnr_store_list_rating_history (store, soak->rating_round, element, &error);
      gboolean found = FALSE;

      for (guint h = 0; history != NULL && h < history->len && !found; h++)
        found = g_strcmp0 (((MnrRating *) history->pdata[h])->rationale, rationale) == 0;
      CHECK (found, "the rating of %s, \"%s\", was reported committed but is missing", element, rationale);
      g_clear_error (&error);
    }

  /* And each element's current rating is the last one reported. */
  g_hash_table_iter_init (&iter, soak->last_rating);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autoptr(MnrRating) rating = mnr_store_get_rating (store, soak->rating_round, key, &error);
      g_autofree char *flying = g_strdup_printf ("write %" G_GUINT64_FORMAT, flight->seq);

      if (rating != NULL && in_flight_is (flight, "rating", key) && g_str_equal (rating->rationale, flying))
        {
          g_hash_table_iter_replace (&iter, g_strdup (flying));
          soak->in_flight++;
          continue;
        }
      CHECK (rating != NULL && g_str_equal (rating->rationale, value),
             "the rating of %s is \"%s\", the last write reported \"%s\"", (char *) key,
             rating != NULL ? rating->rationale : "(none)", (char *) value);
      g_clear_error (&error);
    }
}

static void
check_bundle_and_samples (Soak           *soak,
                          MnrStore       *store,
                          const InFlight *flight)
{
  g_autoptr(GError) error = NULL;
  GHashTableIter iter;
  gpointer key, value;
  guint present = 0;
  gint64 samples;

  g_hash_table_iter_init (&iter, soak->bundle);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autoptr(MnrEvidence) evidence = mnr_store_get_evidence (store, key, NULL);

      if (evidence != NULL)
        {
          CHECK (g_str_equal (mnr_evidence_get_title (evidence), value), "the bundle's %s is not as imported",
                 (char *) key);
          present++;
        }
    }
  if (!soak->bundle_in && in_flight_is (flight, "bundle", NULL) && present > 0)
    {
      soak->bundle_in = TRUE;
      soak->in_flight++;
    }
  if (soak->bundle_in)
    {
      CHECK (present == g_hash_table_size (soak->bundle), "%u of the bundle's %u items of evidence are there",
             present, g_hash_table_size (soak->bundle));
      for (guint i = 0; i < soak->bundle_files->len; i++)
        check_file (soak, g_ptr_array_index (soak->bundle_files, i), -1, TRUE);
    }
  else
    CHECK (present == 0, "%u items of the bundle are there, though no import was reported", present);

  samples = mnr_store_count_sample (store, NULL, &error);
  if (samples != soak->samples &&
      (in_flight_is (flight, "samples-add", NULL) || (in_flight_is (flight, "samples-remove", NULL) && samples == 0)))
    {
      soak->samples = samples;
      soak->in_flight++;
    }
  CHECK (samples == soak->samples, "%" G_GINT64_FORMAT " sample items are shown, %" G_GINT64_FORMAT " expected",
         samples, soak->samples);
}

/* Temporary copies a kill cut short: counted, then made two days old, so
 * that the clean-up of the next open (which spares those of less than a
 * day, as a running sync may be writing one) must remove them. */
static guint
age_incoming (Soak *soak)
{
  g_autofree char *folder = g_build_filename (soak->path, "attachments", NULL);
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;
  guint n = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, ".incoming-"))
      {
        g_autofree char *path = g_build_filename (folder, name, NULL);
        struct timeval times[2];

        gettimeofday (&times[0], NULL);
        times[0].tv_sec -= 2 * 24 * 60 * 60;
        times[1] = times[0];
        utimes (path, times);
        n++;
      }
  return n;
}


static void
check_after_kill (Soak           *soak,
                  const InFlight *flight,
                  GPtrArray      *ratings,
                  GPtrArray      *new_files)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) dir = g_file_new_for_path (soak->path);
  g_autofree char *wal_path = g_strconcat (soak->db_path, "-wal", NULL);
  gboolean crashed = g_file_test (wal_path, G_FILE_TEST_EXISTS);
  g_autoptr(MnrStore) store = NULL;
  guint incoming = age_incoming (soak);

  soak->incoming_left += incoming;

  /* It opens as the app opens it: checked whole first after a crash, in
   * the background otherwise. */
  store = mnr_store_open_full (dir, MNR_STORE_OPEN_DEFER_CHECK, &error);
  CHECK (store != NULL, "the store does not open: %s", error->message);
  if (store == NULL)
    return;
  if (crashed)
    CHECK (mnr_store_is_checked (store), "the store opened unchecked after a crash");
  else
    CHECK (mnr_test_check_store (store, &error), "the store's check failed: %s", error->message);

  CHECK (age_incoming (soak) == 0, "%u temporary copies are left after the clean-up", incoming);

  check_ratings (soak, store, flight, ratings);
  check_evidence (soak, store, flight, new_files);
  check_rounds (soak, store, flight);
  check_bundle_and_samples (soak, store, flight);
  mnr_store_close (store);

  CHECK (soak_integrity_ok (soak->db_path), "PRAGMA integrity_check is not ok");
}

/* --- the soak ------------------------------------------------------------ */

static void
one_kill (Soak  *soak,
          GRand *rand)
{
  g_autoptr(GPtrArray) ratings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) new_files = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) begun = NULL;
  g_autofree char *output = NULL;
  InFlight flight = { NULL, 0, NULL };
  gboolean ready;

  output = run_and_kill (soak, rand, &ready);
  soak->kills++;
  if (!ready)
    soak->kills_before_ready++;

  /* A line without its newline was cut off by the kill: not said. */
  lines = g_strsplit (output, "\n", -1);
  for (guint i = 0; lines[i] != NULL && lines[i + 1] != NULL; i++)
    {
      g_auto(GStrv) f = g_strsplit (lines[i], " ", -1);
      guint n = g_strv_length (f);
      guint64 seq;

      if (n < 3)
        continue;
      seq = g_ascii_strtoull (f[2], NULL, 10);
      soak->next_seq = MAX (soak->next_seq, seq + 1);
      if (g_str_equal (f[0], "B"))
        {
          g_strfreev (begun);
          begun = g_steal_pointer (&f);
        }
      else if (g_str_equal (f[0], "K"))
        {
          apply_committed (soak, f, n, ratings, new_files);
          g_clear_pointer (&begun, g_strfreev);
        }
    }

  if (begun != NULL)
    {
      flight.kind = begun[1];
      flight.seq = g_ascii_strtoull (begun[2], NULL, 10);
      flight.id = begun[3];
    }
  check_after_kill (soak, &flight, ratings, new_files);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = NULL;
  gint kills = 1000;
  gint64 seed = -1;
  gboolean keep = FALSE;
  GOptionEntry entries[] = {
    { "kills", 0, 0, G_OPTION_ARG_INT, &kills, "How many times to kill the writer (1000)", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "The random seed, to repeat a run", "S" },
    { "keep", 0, 0, G_OPTION_ARG_NONE, &keep, "Keep the store's folder at the end", NULL },
    { NULL }
  };
  Soak soak = { 0 };
  gint64 start;
  guint total = 0;

  if (argc == 8 && g_str_equal (argv[1], "--writer"))
    return soak_run_writer (argv[2], argv[3], g_ascii_strtoull (argv[4], NULL, 10),
                            (guint32) g_ascii_strtoull (argv[5], NULL, 10), argv[6], argv[7]);

  context = g_option_context_new ("- kill a writer of the store, check the store");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || kills < 1)
    {
      g_printerr ("%s\n", error != NULL ? error->message : "--kills must be at least 1");
      return 2;
    }
  if (seed < 0)
    seed = g_random_int ();
  rand = g_rand_new_with_seed ((guint32) seed);

  set_up (&soak);
  start = g_get_monotonic_time ();
  for (gint i = 0; i < kills; i++)
    {
      one_kill (&soak, rand);
      if ((i + 1) % 100 == 0)
        g_printerr ("store: %d kills, %u failures, %" G_GINT64_FORMAT " s\n", i + 1, failures,
                    (g_get_monotonic_time () - start) / G_USEC_PER_SEC);
    }

  for (guint i = 0; kinds[i] != NULL; i++)
    total += soak.committed[i];
  printf ("store: seed %" G_GINT64_FORMAT ", kills %u (%u before the store was open), "
          "writes reported committed %u (", seed, soak.kills, soak.kills_before_ready, total);
  for (guint i = 0; kinds[i] != NULL; i++)
    printf ("%s%s %u", i > 0 ? ", " : "", kinds[i], soak.committed[i]);
  printf ("), all checked; writes under way at the kill found committed %u; "
          "temporary copies left by kills %u, all removed by the next open; "
          "files hashed %u; evidence now %u, rounds %u; failures %u; time %" G_GINT64_FORMAT " s\n",
          soak.in_flight, soak.incoming_left, soak.files_hashed,
          g_hash_table_size (soak.evidence), g_hash_table_size (soak.rounds), failures,
          (g_get_monotonic_time () - start) / G_USEC_PER_SEC);

  if (keep)
    printf ("store: kept in %s\n", soak.path);
  else
    {
      g_autofree char *rm = g_strdup_printf ("rm -rf '%s' '%s'", soak.path, soak.scratch);

      if (system (rm) != 0)
        g_printerr ("could not remove %s\n", soak.path);
    }
  return failures == 0 ? 0 : 1;
}
