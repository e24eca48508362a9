/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "mnr-grid-navigation.h"

/* Where each arrow key leads in the MNR's shape: 7 enablers; bands of
 * 3, 4, 4, 4, 4 and 2 capabilities; 6 outcomes. Capability N is index N-1. */

static const guint mnr_sizes[] = { 3, 4, 4, 4, 4, 2 };

static MnrGridLayout *
mnr_layout (void)
{
  return mnr_grid_layout_new (7, mnr_sizes, G_N_ELEMENTS (mnr_sizes));
}

static MnrGridCell
cell (MnrElementKind kind,
      guint          index)
{
  MnrGridCell c = { kind, index };
  return c;
}

#define CAP(n) cell (MNR_ELEMENT_CAPABILITY, (n) - 1)
#define ENABLER(i) cell (MNR_ELEMENT_ENABLER, (i))
#define OUTCOME(i) cell (MNR_ELEMENT_OUTCOME, (i))

static void
assert_move (MnrGridLayout *layout,
             MnrGridCell    from,
             MnrGridMove    move,
             MnrGridCell    expected)
{
  MnrGridCell to = { 0, G_MAXUINT };

  if (!mnr_grid_layout_move (layout, &from, move, &to))
    g_error ("move %d from (%d, %u) went nowhere", move, from.kind, from.index);

  if (to.kind != expected.kind || to.index != expected.index)
    g_error ("move %d from (%d, %u) led to (%d, %u), not (%d, %u)",
             move, from.kind, from.index, to.kind, to.index, expected.kind, expected.index);
}

static void
assert_stays (MnrGridLayout *layout,
              MnrGridCell    from,
              MnrGridMove    move)
{
  MnrGridCell to = { 42, 42 };

  g_assert_false (mnr_grid_layout_move (layout, &from, move, &to));
  /* untouched */
  g_assert_cmpint (to.kind, ==, 42);
  g_assert_cmpuint (to.index, ==, 42);
}

static void
test_locate (void)
{
  g_autoptr(MnrGridLayout) layout = mnr_layout ();
  guint domain, position;

  g_assert_cmpuint (mnr_grid_layout_get_n_capabilities (layout), ==, 21);

  g_assert_true (mnr_grid_layout_locate (layout, 0, &domain, &position));
  g_assert_cmpuint (domain, ==, 0);
  g_assert_cmpuint (position, ==, 0);

  g_assert_true (mnr_grid_layout_locate (layout, 6, &domain, &position)); /* capability 7 */
  g_assert_cmpuint (domain, ==, 1);
  g_assert_cmpuint (position, ==, 3);

  g_assert_true (mnr_grid_layout_locate (layout, 20, &domain, &position)); /* capability 21 */
  g_assert_cmpuint (domain, ==, 5);
  g_assert_cmpuint (position, ==, 1);

  g_assert_false (mnr_grid_layout_locate (layout, 21, &domain, &position));
}

static void
test_along_a_band (void)
{
  g_autoptr(MnrGridLayout) layout = mnr_layout ();

  assert_move (layout, CAP (4), MNR_GRID_MOVE_FORWARD, CAP (5));
  assert_move (layout, CAP (5), MNR_GRID_MOVE_BACKWARD, CAP (4));
  assert_move (layout, CAP (6), MNR_GRID_MOVE_ROW_START, CAP (4));
  assert_move (layout, CAP (5), MNR_GRID_MOVE_ROW_END, CAP (7));
  assert_stays (layout, CAP (4), MNR_GRID_MOVE_ROW_START);
  assert_stays (layout, CAP (7), MNR_GRID_MOVE_ROW_END);
}

static void
test_between_bands (void)
{
  g_autoptr(MnrGridLayout) layout = mnr_layout ();

  /* Same-size bands: straight down and up. */
  assert_move (layout, CAP (5), MNR_GRID_MOVE_DOWN, CAP (9));
  assert_move (layout, CAP (9), MNR_GRID_MOVE_UP, CAP (5));
  assert_move (layout, CAP (19), MNR_GRID_MOVE_UP, CAP (15));

  /* From 3 tiles to 4: to the tile whose centre is nearest. */
  assert_move (layout, CAP (1), MNR_GRID_MOVE_DOWN, CAP (4));
  assert_move (layout, CAP (3), MNR_GRID_MOVE_DOWN, CAP (7));
  /* From 4 to 3 and from 4 to 2. */
  assert_move (layout, CAP (4), MNR_GRID_MOVE_UP, CAP (1));
  assert_move (layout, CAP (7), MNR_GRID_MOVE_UP, CAP (3));
  assert_move (layout, CAP (16), MNR_GRID_MOVE_DOWN, CAP (20));
  assert_move (layout, CAP (17), MNR_GRID_MOVE_DOWN, CAP (20));
  assert_move (layout, CAP (18), MNR_GRID_MOVE_DOWN, CAP (21));
  assert_move (layout, CAP (19), MNR_GRID_MOVE_DOWN, CAP (21));
  /* From 2 back to 4. */
  assert_move (layout, CAP (20), MNR_GRID_MOVE_UP, CAP (16));
  assert_move (layout, CAP (21), MNR_GRID_MOVE_UP, CAP (18));

  /* The edges hold. */
  assert_stays (layout, CAP (2), MNR_GRID_MOVE_UP);
  assert_stays (layout, CAP (21), MNR_GRID_MOVE_DOWN);
}

static void
test_to_enablers_and_outcomes (void)
{
  g_autoptr(MnrGridLayout) layout = mnr_layout ();

  /* The last tile of a band leads to its outcome, and back. */
  assert_move (layout, CAP (3), MNR_GRID_MOVE_FORWARD, OUTCOME (0));
  assert_move (layout, CAP (7), MNR_GRID_MOVE_FORWARD, OUTCOME (1));
  assert_move (layout, CAP (21), MNR_GRID_MOVE_FORWARD, OUTCOME (5));
  assert_move (layout, OUTCOME (1), MNR_GRID_MOVE_BACKWARD, CAP (7));
  assert_move (layout, OUTCOME (5), MNR_GRID_MOVE_BACKWARD, CAP (21));
  assert_stays (layout, OUTCOME (2), MNR_GRID_MOVE_FORWARD);

  /* The first tile of a band leads to the enabler level with it. */
  assert_move (layout, CAP (1), MNR_GRID_MOVE_BACKWARD, ENABLER (0));
  assert_move (layout, CAP (4), MNR_GRID_MOVE_BACKWARD, ENABLER (1));
  assert_move (layout, CAP (12), MNR_GRID_MOVE_BACKWARD, ENABLER (4));
  assert_move (layout, CAP (20), MNR_GRID_MOVE_BACKWARD, ENABLER (6));
  assert_move (layout, ENABLER (0), MNR_GRID_MOVE_FORWARD, CAP (1));
  assert_move (layout, ENABLER (3), MNR_GRID_MOVE_FORWARD, CAP (8));
  assert_move (layout, ENABLER (6), MNR_GRID_MOVE_FORWARD, CAP (20));
  assert_stays (layout, ENABLER (2), MNR_GRID_MOVE_BACKWARD);

  /* Every enabler reaches some band and every band some enabler. */
  for (guint e = 0; e < 7; e++)
    {
      MnrGridCell from = ENABLER (e), to;
      g_assert_true (mnr_grid_layout_move (layout, &from, MNR_GRID_MOVE_FORWARD, &to));
      g_assert_cmpint (to.kind, ==, MNR_ELEMENT_CAPABILITY);
    }
}

static void
test_columns (void)
{
  g_autoptr(MnrGridLayout) layout = mnr_layout ();

  assert_move (layout, ENABLER (0), MNR_GRID_MOVE_DOWN, ENABLER (1));
  assert_move (layout, ENABLER (6), MNR_GRID_MOVE_UP, ENABLER (5));
  assert_move (layout, ENABLER (3), MNR_GRID_MOVE_ROW_END, ENABLER (6));
  assert_move (layout, ENABLER (3), MNR_GRID_MOVE_ROW_START, ENABLER (0));
  assert_stays (layout, ENABLER (0), MNR_GRID_MOVE_UP);
  assert_stays (layout, ENABLER (6), MNR_GRID_MOVE_DOWN);

  assert_move (layout, OUTCOME (0), MNR_GRID_MOVE_DOWN, OUTCOME (1));
  assert_move (layout, OUTCOME (5), MNR_GRID_MOVE_UP, OUTCOME (4));
  assert_stays (layout, OUTCOME (5), MNR_GRID_MOVE_DOWN);
}

static void
test_first_and_last (void)
{
  g_autoptr(MnrGridLayout) layout = mnr_layout ();

  assert_move (layout, CAP (13), MNR_GRID_MOVE_FIRST, CAP (1));
  assert_move (layout, OUTCOME (2), MNR_GRID_MOVE_LAST, CAP (21));
  assert_move (layout, ENABLER (4), MNR_GRID_MOVE_FIRST, CAP (1));
  assert_stays (layout, CAP (1), MNR_GRID_MOVE_FIRST);
  assert_stays (layout, CAP (21), MNR_GRID_MOVE_LAST);
}

static void
test_every_tile_reachable (void)
{
  /* From capability 1, the arrow keys reach all 34 cells. */
  g_autoptr(MnrGridLayout) layout = mnr_layout ();
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  g_autoptr(GQueue) queue = g_queue_new ();
  static const MnrGridMove moves[] = {
    MNR_GRID_MOVE_UP, MNR_GRID_MOVE_DOWN, MNR_GRID_MOVE_BACKWARD, MNR_GRID_MOVE_FORWARD,
  };

#define KEY(c) GUINT_TO_POINTER (((c).kind << 8) | (c).index | 0x10000)
  g_hash_table_add (seen, KEY (CAP (1)));
  g_queue_push_tail (queue, g_memdup2 (&(MnrGridCell) { MNR_ELEMENT_CAPABILITY, 0 }, sizeof (MnrGridCell)));

  while (!g_queue_is_empty (queue))
    {
      g_autofree MnrGridCell *from = g_queue_pop_head (queue);

      for (guint m = 0; m < G_N_ELEMENTS (moves); m++)
        {
          MnrGridCell to;

          if (mnr_grid_layout_move (layout, from, moves[m], &to) && g_hash_table_add (seen, KEY (to)))
            g_queue_push_tail (queue, g_memdup2 (&to, sizeof to));
        }
    }
#undef KEY

  g_assert_cmpuint (g_hash_table_size (seen), ==, 7 + 21 + 6);
}

static void
test_bad_cells (void)
{
  g_autoptr(MnrGridLayout) layout = mnr_layout ();

  assert_stays (layout, cell (MNR_ELEMENT_CAPABILITY, 21), MNR_GRID_MOVE_UP);
  assert_stays (layout, cell (MNR_ELEMENT_ENABLER, 7), MNR_GRID_MOVE_UP);
  assert_stays (layout, cell (MNR_ELEMENT_OUTCOME, 6), MNR_GRID_MOVE_BACKWARD);
  assert_stays (layout, cell (MNR_ELEMENT_DOMAIN, 0), MNR_GRID_MOVE_DOWN);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/grid-navigation/locate", test_locate);
  g_test_add_func ("/grid-navigation/along-a-band", test_along_a_band);
  g_test_add_func ("/grid-navigation/between-bands", test_between_bands);
  g_test_add_func ("/grid-navigation/to-enablers-and-outcomes", test_to_enablers_and_outcomes);
  g_test_add_func ("/grid-navigation/columns", test_columns);
  g_test_add_func ("/grid-navigation/first-and-last", test_first_and_last);
  g_test_add_func ("/grid-navigation/every-tile-reachable", test_every_tile_reachable);
  g_test_add_func ("/grid-navigation/bad-cells", test_bad_cells);

  return g_test_run ();
}
