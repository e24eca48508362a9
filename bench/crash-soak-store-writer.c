/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>

#include "crash-soak-store.h"
#include "mnr-bundle.h"
#include "mnr-framework.h"
#include "mnr-sample-evidence.h"
#include "mnr-store.h"
#include "mnr-workspace.h"

/* The writer of the store's crash soak: every kind of write the app makes,
 * chosen at random, as fast as it goes, each announced before it is made
 * (B) and reported once the call returned (K). It stops only when killed. */

typedef enum
{
  W_RATING,
  W_EVIDENCE_NEW,
  W_EVIDENCE_EDIT,
  W_EVIDENCE_DELETE,
  W_ATTACH,
  W_ROUND_NEW,
  W_ROUND_RENAME,
  W_ROUND_DELETE,
  W_BUNDLE,
  W_SAMPLES_ADD,
  W_SAMPLES_REMOVE,
  W_N_KINDS
} WriteKind;

/* Out of 100: ratings are the most common write, then evidence. */
static const guint weights[W_N_KINDS] = { 30, 13, 12, 8, 12, 5, 5, 4, 4, 4, 3 };

static const char * const levels[] = { "not-in-place", "developing", "established", "mature" };

typedef struct
{
  MnrStore     *store;
  MnrWorkspace *workspace;
  GRand        *rand;
  const char   *rating_round;
  const char   *bundle_path;
  const char   *scratch;
  GPtrArray    *evidence;   /* ids of the country's own evidence */
  GPtrArray    *rounds;     /* ids of its rounds but the rating round */
} Writer;

static void
say (const char *mark,
     const char *what,
     guint64     seq,
     const char *args)
{
  printf ("%s %s %" G_GUINT64_FORMAT "%s%s\n", mark, what, seq, args[0] ? " " : "", args);
  fflush (stdout);
}

static G_GNUC_NORETURN void
fail (const char *what,
      GError     *error)
{
  g_printerr ("writer: %s: %s\n", what, error != NULL ? error->message : "failed");
  exit (1);
}

static void
load_state (Writer *w)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) list = mnr_store_list_evidence (w->store, SOAK_COUNTRY, NULL, &error);
  g_autoptr(GPtrArray) rounds = NULL;

  if (list == NULL)
    fail ("listing evidence", error);
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(MnrEvidence) evidence = g_list_model_get_item (list, i);

      if (!mnr_evidence_get_sample (evidence))
        g_ptr_array_add (w->evidence, g_strdup (mnr_evidence_get_id (evidence)));
    }

  rounds = mnr_store_list_rounds (w->store, SOAK_COUNTRY, &error);
  if (rounds == NULL)
    fail ("listing rounds", error);
  for (guint i = 0; i < rounds->len; i++)
    {
      MnrRound *round = g_ptr_array_index (rounds, i);

      if (g_strcmp0 (round->id, w->rating_round) != 0)
        g_ptr_array_add (w->rounds, g_strdup (round->id));
    }
}

static const char *
pick (Writer    *w,
      GPtrArray *ids,
      guint     *index)
{
  *index = g_rand_int_range (w->rand, 0, ids->len);
  return g_ptr_array_index (ids, *index);
}

/* An outside file to attach: 512 bytes to 192 KiB of random bytes. */
static GFile *
make_source (Writer  *w,
             guint64  seq)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("attach-%" G_GUINT64_FORMAT ".bin", seq);
  g_autofree char *path = g_build_filename (w->scratch, name, NULL);
  gsize size = g_rand_int_range (w->rand, 512, 192 * 1024);
  g_autofree guint32 *bytes = g_new (guint32, size / 4 + 1);

  for (gsize i = 0; i < size / 4 + 1; i++)
    bytes[i] = g_rand_int (w->rand);
  if (!g_file_set_contents (path, (const char *) bytes, size, &error))
    fail ("writing the file to attach", error);
  return g_file_new_for_path (path);
}

static void
write_one (Writer   *w,
           WriteKind kind,
           guint64   seq)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *args = NULL;
  const char *id;
  guint index;

  switch (kind)
    {
    case W_RATING:
      {
        g_autofree char *element = g_strdup_printf ("capability-%u", g_rand_int_range (w->rand, 1, 22));
        const char *level = levels[g_rand_int_range (w->rand, 0, G_N_ELEMENTS (levels))];

        text = g_strdup_printf ("write %" G_GUINT64_FORMAT, seq);
        say ("B", "rating", seq, element);
        if (!mnr_store_set_rating (w->store, w->rating_round, element, level, text, &error))
          fail ("rating", error);
        say ("K", "rating", seq, element);
      }
      break;

    case W_EVIDENCE_NEW:
      {
        g_autoptr(MnrEvidence) evidence = mnr_evidence_new (SOAK_COUNTRY);
        const char *elements[] = { "capability-3", NULL };

        text = g_strdup_printf ("t %" G_GUINT64_FORMAT, seq);
        mnr_evidence_set_title (evidence, text);
        mnr_evidence_set_kind (evidence, "legislation");
        mnr_evidence_set_summary (evidence, "A crash soak's evidence.");
        mnr_evidence_set_elements (evidence, elements);
        say ("B", "evidence-new", seq, mnr_evidence_get_id (evidence));
        if (!mnr_store_save_evidence (w->store, evidence, &error))
          fail ("new evidence", error);
        say ("K", "evidence-new", seq, mnr_evidence_get_id (evidence));
        g_ptr_array_add (w->evidence, g_strdup (mnr_evidence_get_id (evidence)));
      }
      break;

    case W_EVIDENCE_EDIT:
      {
        g_autoptr(MnrEvidence) evidence = NULL;

        id = pick (w, w->evidence, &index);
        if (!(evidence = mnr_store_get_evidence (w->store, id, &error)))
          fail ("reading evidence", error);
        text = g_strdup_printf ("t %" G_GUINT64_FORMAT, seq);
        mnr_evidence_set_title (evidence, text);
        mnr_evidence_set_restricted (evidence, !mnr_evidence_get_restricted (evidence));
        say ("B", "evidence-edit", seq, id);
        if (!mnr_store_save_evidence (w->store, evidence, &error))
          fail ("editing evidence", error);
        say ("K", "evidence-edit", seq, id);
      }
      break;

    case W_EVIDENCE_DELETE:
      id = pick (w, w->evidence, &index);
      say ("B", "evidence-delete", seq, id);
      if (!mnr_store_remove_evidence (w->store, id, &error))
        fail ("deleting evidence", error);
      say ("K", "evidence-delete", seq, id);
      g_ptr_array_remove_index_fast (w->evidence, index);
      break;

    case W_ATTACH:
      {
        g_autoptr(GFile) source = make_source (w, seq);
        g_autoptr(MnrAttachment) attachment = NULL;

        id = pick (w, w->evidence, &index);
        say ("B", "attach", seq, id);
        attachment = mnr_store_add_attachment (w->store, id, source, NULL, &error);
        if (attachment == NULL)
          fail ("attaching", error);
        args = g_strdup_printf ("%s %s %s %" G_GINT64_FORMAT, id, attachment->id,
                                attachment->sha256, attachment->size);
        say ("K", "attach", seq, args);
        g_file_delete (source, NULL, NULL);
      }
      break;

    case W_ROUND_NEW:
      {
        g_autoptr(MnrRound) round = NULL;

        text = g_strdup_printf ("r %" G_GUINT64_FORMAT, seq);
        say ("B", "round-new", seq, "");
        if (!(round = mnr_store_create_round (w->store, SOAK_COUNTRY, text, "2020-01-01", &error)))
          fail ("new round", error);
        say ("K", "round-new", seq, round->id);
        g_ptr_array_add (w->rounds, g_strdup (round->id));
      }
      break;

    case W_ROUND_RENAME:
      id = pick (w, w->rounds, &index);
      text = g_strdup_printf ("r %" G_GUINT64_FORMAT, seq);
      say ("B", "round-rename", seq, id);
      if (!mnr_store_rename_round (w->store, id, text, &error))
        fail ("renaming a round", error);
      say ("K", "round-rename", seq, id);
      break;

    case W_ROUND_DELETE:
      id = pick (w, w->rounds, &index);
      say ("B", "round-delete", seq, id);
      if (!mnr_store_remove_round (w->store, id, &error))
        fail ("deleting a round", error);
      say ("K", "round-delete", seq, id);
      g_ptr_array_remove_index_fast (w->rounds, index);
      break;

    case W_BUNDLE:
      {
        MnrBundleReport report = { 0 };

        say ("B", "bundle", seq, "");
        if (!mnr_bundle_import (w->store, w->bundle_path, &report, &error))
          fail ("importing the bundle", error);
        mnr_bundle_report_clear (&report);
        say ("K", "bundle", seq, "");
      }
      break;

    case W_SAMPLES_ADD:
      {
        g_autoptr(MnrSampleEvidence) samples = mnr_sample_evidence_new_default (&error);
        gint64 shown;

        if (samples == NULL)
          fail ("loading the sample", error);
        say ("B", "samples-add", seq, "");
        if (mnr_workspace_import_samples (w->workspace, samples, &error) == 0 && error != NULL)
          fail ("adding the sample data", error);
        if ((shown = mnr_store_count_sample (w->store, NULL, &error)) < 0)
          fail ("counting the sample data", error);
        args = g_strdup_printf ("%" G_GINT64_FORMAT, shown);
        say ("K", "samples-add", seq, args);
      }
      break;

    case W_SAMPLES_REMOVE:
      say ("B", "samples-remove", seq, "");
      if (mnr_workspace_remove_samples (w->workspace, NULL, &error) < 0)
        fail ("removing the sample data", error);
      say ("K", "samples-remove", seq, "");
      break;

    case W_N_KINDS:
    default:
      g_assert_not_reached ();
    }
}

static WriteKind
choose (Writer *w)
{
  for (;;)
    {
      guint roll = g_rand_int_range (w->rand, 0, 100);
      WriteKind kind = 0;

      while (roll >= weights[kind])
        roll -= weights[kind++];

      /* Writes that need something to work on wait until it exists. */
      if ((kind == W_EVIDENCE_EDIT || kind == W_EVIDENCE_DELETE || kind == W_ATTACH) &&
          w->evidence->len == 0)
        continue;
      if ((kind == W_ROUND_RENAME || kind == W_ROUND_DELETE) && w->rounds->len == 0)
        continue;
      return kind;
    }
}

int
soak_run_writer (const char *directory,
                 const char *rating_round,
                 guint64     first_seq,
                 guint32     seed,
                 const char *bundle_path,
                 const char *scratch)
{
  g_autoptr(GFile) dir = g_file_new_for_path (directory);
  g_autoptr(GError) error = NULL;
  g_autoptr(MnrStore) store = mnr_store_open (dir, &error);
  g_autoptr(MnrFramework) framework = NULL;
  g_autoptr(MnrWorkspace) workspace = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GPtrArray) evidence = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) rounds = g_ptr_array_new_with_free_func (g_free);
  Writer w = { 0 };

  if (store == NULL)
    fail ("opening the store", error);
  if (!(framework = mnr_framework_new_default (&error)))
    fail ("loading the framework", error);
  workspace = mnr_workspace_new (store, framework);

  w.store = store;
  w.workspace = workspace;
  w.rand = rand;
  w.rating_round = rating_round;
  w.bundle_path = bundle_path;
  w.scratch = scratch;
  w.evidence = evidence;
  w.rounds = rounds;
  load_state (&w);

  printf ("R\n");
  fflush (stdout);

  for (guint64 seq = first_seq; ; seq++)
    write_one (&w, choose (&w), seq);
}
