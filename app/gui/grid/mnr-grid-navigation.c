/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-grid-navigation"

#include "config.h"

#include "mnr-grid-navigation.h"

/* Where the arrow keys lead in the MNR grid, as plain arithmetic on its
 * shape (so it is tested without a window):
 *
 *   enablers │ domain bands of capability tiles │ outcomes
 *
 * Up and down stay in a column; between bands of different sizes they go to
 * the tile whose centre lies nearest. Backward from a band's first tile
 * reaches the enabler level with that band, forward from its last tile the
 * band's outcome, and back again. Moves at an edge stay put. */

struct _MnrGridLayout
{
  guint  n_enablers;
  guint  n_domains;
  guint  n_capabilities;
  guint *sizes;   /* tiles in each band */
  guint *starts;  /* index of each band's first capability */
};

MnrGridLayout *
mnr_grid_layout_new (guint        n_enablers,
                     const guint *domain_sizes,
                     guint        n_domains)
{
  MnrGridLayout *layout;

  g_return_val_if_fail (n_enablers > 0, NULL);
  g_return_val_if_fail (n_domains > 0, NULL);
  g_return_val_if_fail (domain_sizes != NULL, NULL);

  layout = g_new0 (MnrGridLayout, 1);
  layout->n_enablers = n_enablers;
  layout->n_domains = n_domains;
  layout->sizes = g_new (guint, n_domains);
  layout->starts = g_new (guint, n_domains);

  for (guint d = 0; d < n_domains; d++)
    {
      g_return_val_if_fail (domain_sizes[d] > 0, (mnr_grid_layout_free (layout), NULL));
      layout->sizes[d] = domain_sizes[d];
      layout->starts[d] = layout->n_capabilities;
      layout->n_capabilities += domain_sizes[d];
    }

  return layout;
}

void
mnr_grid_layout_free (MnrGridLayout *layout)
{
  if (layout == NULL)
    return;

  g_free (layout->sizes);
  g_free (layout->starts);
  g_free (layout);
}

guint
mnr_grid_layout_get_n_capabilities (const MnrGridLayout *layout)
{
  g_return_val_if_fail (layout != NULL, 0);

  return layout->n_capabilities;
}

/**
 * mnr_grid_layout_locate:
 *
 * Finds the band (@domain) and the place within it (@position) of a
 * capability. Returns %FALSE for an index past the last capability.
 */
gboolean
mnr_grid_layout_locate (const MnrGridLayout *layout,
                        guint                capability_index,
                        guint               *domain,
                        guint               *position)
{
  g_return_val_if_fail (layout != NULL, FALSE);

  for (guint d = 0; d < layout->n_domains; d++)
    {
      if (capability_index < layout->starts[d] + layout->sizes[d])
        {
          if (domain != NULL)
            *domain = d;
          if (position != NULL)
            *position = capability_index - layout->starts[d];
          return TRUE;
        }
    }

  return FALSE;
}

/* The place in a band of @to_size tiles whose centre is nearest to the
 * centre of @position in a band of @from_size tiles of the same width. */
static guint
nearest_position (guint position,
                  guint from_size,
                  guint to_size)
{
  /* centres tie between two tiles: take the one nearer the start */
  guint nearest = ((2 * position + 1) * to_size - 1) / (2 * from_size);

  return MIN (nearest, to_size - 1);
}

static void
set_cell (MnrGridCell    *cell,
          MnrElementKind  kind,
          guint           index)
{
  cell->kind = kind;
  cell->index = index;
}

static gboolean
move_capability (const MnrGridLayout *layout,
                 guint                index,
                 MnrGridMove          move,
                 MnrGridCell         *to)
{
  guint d, p, target;

  if (!mnr_grid_layout_locate (layout, index, &d, &p))
    return FALSE;

  switch (move)
    {
    case MNR_GRID_MOVE_UP:
      if (d == 0)
        return FALSE;
      target = nearest_position (p, layout->sizes[d], layout->sizes[d - 1]);
      set_cell (to, MNR_ELEMENT_CAPABILITY, layout->starts[d - 1] + target);
      return TRUE;

    case MNR_GRID_MOVE_DOWN:
      if (d + 1 >= layout->n_domains)
        return FALSE;
      target = nearest_position (p, layout->sizes[d], layout->sizes[d + 1]);
      set_cell (to, MNR_ELEMENT_CAPABILITY, layout->starts[d + 1] + target);
      return TRUE;

    case MNR_GRID_MOVE_BACKWARD:
      if (p > 0)
        set_cell (to, MNR_ELEMENT_CAPABILITY, index - 1);
      else
        set_cell (to, MNR_ELEMENT_ENABLER,
                  nearest_position (d, layout->n_domains, layout->n_enablers));
      return TRUE;

    case MNR_GRID_MOVE_FORWARD:
      if (p + 1 < layout->sizes[d])
        set_cell (to, MNR_ELEMENT_CAPABILITY, index + 1);
      else
        set_cell (to, MNR_ELEMENT_OUTCOME, d);
      return TRUE;

    case MNR_GRID_MOVE_ROW_START:
      if (p == 0)
        return FALSE;
      set_cell (to, MNR_ELEMENT_CAPABILITY, layout->starts[d]);
      return TRUE;

    case MNR_GRID_MOVE_ROW_END:
      if (p + 1 == layout->sizes[d])
        return FALSE;
      set_cell (to, MNR_ELEMENT_CAPABILITY, layout->starts[d] + layout->sizes[d] - 1);
      return TRUE;

    case MNR_GRID_MOVE_FIRST:
    case MNR_GRID_MOVE_LAST:
    default:
      g_return_val_if_reached (FALSE);
    }
}

/* Enablers and outcomes each form a column of @n cells. */
static gboolean
move_in_column (MnrElementKind  kind,
                guint           index,
                guint           n,
                MnrGridMove     move,
                MnrGridCell    *to)
{
  switch (move)
    {
    case MNR_GRID_MOVE_UP:
      if (index == 0)
        return FALSE;
      set_cell (to, kind, index - 1);
      return TRUE;

    case MNR_GRID_MOVE_DOWN:
      if (index + 1 >= n)
        return FALSE;
      set_cell (to, kind, index + 1);
      return TRUE;

    case MNR_GRID_MOVE_ROW_START:
      if (index == 0)
        return FALSE;
      set_cell (to, kind, 0);
      return TRUE;

    case MNR_GRID_MOVE_ROW_END:
      if (index + 1 == n)
        return FALSE;
      set_cell (to, kind, n - 1);
      return TRUE;

    case MNR_GRID_MOVE_BACKWARD:
    case MNR_GRID_MOVE_FORWARD:
    case MNR_GRID_MOVE_FIRST:
    case MNR_GRID_MOVE_LAST:
    default:
      g_return_val_if_reached (FALSE);
    }
}

/**
 * mnr_grid_layout_move:
 * @from: where the focus is
 * @to: (out caller-allocates): where the move leads
 *
 * Returns: %TRUE if the move leads somewhere; %FALSE at an edge of the grid
 *   or from a cell that does not exist, with @to left untouched
 */
gboolean
mnr_grid_layout_move (const MnrGridLayout *layout,
                      const MnrGridCell   *from,
                      MnrGridMove          move,
                      MnrGridCell         *to)
{
  g_return_val_if_fail (layout != NULL, FALSE);
  g_return_val_if_fail (from != NULL, FALSE);
  g_return_val_if_fail (to != NULL, FALSE);

  if (move == MNR_GRID_MOVE_FIRST || move == MNR_GRID_MOVE_LAST)
    {
      guint target = move == MNR_GRID_MOVE_FIRST ? 0 : layout->n_capabilities - 1;

      if (from->kind == MNR_ELEMENT_CAPABILITY && from->index == target)
        return FALSE;
      set_cell (to, MNR_ELEMENT_CAPABILITY, target);
      return TRUE;
    }

  switch (from->kind)
    {
    case MNR_ELEMENT_CAPABILITY:
      return move_capability (layout, from->index, move, to);

    case MNR_ELEMENT_ENABLER:
      if (from->index >= layout->n_enablers)
        return FALSE;
      if (move == MNR_GRID_MOVE_BACKWARD)
        return FALSE;
      if (move == MNR_GRID_MOVE_FORWARD)
        {
          guint d = nearest_position (from->index, layout->n_enablers, layout->n_domains);

          set_cell (to, MNR_ELEMENT_CAPABILITY, layout->starts[d]);
          return TRUE;
        }
      return move_in_column (MNR_ELEMENT_ENABLER, from->index, layout->n_enablers, move, to);

    case MNR_ELEMENT_OUTCOME:
      if (from->index >= layout->n_domains)
        return FALSE;
      if (move == MNR_GRID_MOVE_FORWARD)
        return FALSE;
      if (move == MNR_GRID_MOVE_BACKWARD)
        {
          guint d = from->index;

          set_cell (to, MNR_ELEMENT_CAPABILITY, layout->starts[d] + layout->sizes[d] - 1);
          return TRUE;
        }
      return move_in_column (MNR_ELEMENT_OUTCOME, from->index, layout->n_domains, move, to);

    case MNR_ELEMENT_DOMAIN:
    default:
      return FALSE;
    }
}
