/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

void mnr_entry_row_expose_focus (AdwEntryRow *row);

G_END_DECLS
