/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mnr-compare-matrix.h"
#include "mnr-store.h"

G_BEGIN_DECLS

MnrCompareMatrix *mnr_store_load_compare     (MnrStore              *self,
                                              MnrFramework          *framework,
                                              const MnrCompareQuery *query,
                                              GError               **error);
GStrv             mnr_store_list_round_dates (MnrStore              *self,
                                              const char * const    *countries,
                                              GError               **error);

G_END_DECLS
