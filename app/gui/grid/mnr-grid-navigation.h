/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "mnr-element.h"

G_BEGIN_DECLS

/**
 * MnrGridMove:
 * @MNR_GRID_MOVE_UP: one row up
 * @MNR_GRID_MOVE_DOWN: one row down
 * @MNR_GRID_MOVE_BACKWARD: towards the enablers (left, or right in RTL)
 * @MNR_GRID_MOVE_FORWARD: towards the outcomes (right, or left in RTL)
 * @MNR_GRID_MOVE_ROW_START: first element of the row (Home)
 * @MNR_GRID_MOVE_ROW_END: last element of the row (End)
 * @MNR_GRID_MOVE_FIRST: the first capability (Ctrl+Home)
 * @MNR_GRID_MOVE_LAST: the last capability (Ctrl+End)
 *
 * Logical moves: the view maps the arrow keys to them according to the text
 * direction, so the same logic serves left-to-right and right-to-left.
 */
typedef enum
{
  MNR_GRID_MOVE_UP,
  MNR_GRID_MOVE_DOWN,
  MNR_GRID_MOVE_BACKWARD,
  MNR_GRID_MOVE_FORWARD,
  MNR_GRID_MOVE_ROW_START,
  MNR_GRID_MOVE_ROW_END,
  MNR_GRID_MOVE_FIRST,
  MNR_GRID_MOVE_LAST,
} MnrGridMove;

/**
 * MnrGridCell:
 * @kind: %MNR_ELEMENT_ENABLER, %MNR_ELEMENT_CAPABILITY or %MNR_ELEMENT_OUTCOME
 * @index: the enabler's or outcome's position in its column, or the
 *   capability's number minus one
 */
typedef struct
{
  MnrElementKind kind;
  guint          index;
} MnrGridCell;

typedef struct _MnrGridLayout MnrGridLayout;

MnrGridLayout *mnr_grid_layout_new             (guint                n_enablers,
                                                const guint         *domain_sizes,
                                                guint                n_domains);
void           mnr_grid_layout_free            (MnrGridLayout       *layout);
guint          mnr_grid_layout_get_n_capabilities (const MnrGridLayout *layout);
gboolean       mnr_grid_layout_locate          (const MnrGridLayout *layout,
                                                guint                capability_index,
                                                guint               *domain,
                                                guint               *position);
gboolean       mnr_grid_layout_move            (const MnrGridLayout *layout,
                                                const MnrGridCell   *from,
                                                MnrGridMove          move,
                                                MnrGridCell         *to);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MnrGridLayout, mnr_grid_layout_free)

G_END_DECLS
