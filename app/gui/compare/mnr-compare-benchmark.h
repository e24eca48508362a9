/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "mnr-compare-view.h"

G_BEGIN_DECLS

void mnr_compare_benchmark_run (GtkWindow      *window,
                                MnrCompareView *view,
                                long          (*peak_memory_kib) (void));

G_END_DECLS
