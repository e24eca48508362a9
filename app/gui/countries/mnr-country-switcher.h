/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "mnr-country-catalog.h"
#include "mnr-workspace.h"

G_BEGIN_DECLS

#define MNR_TYPE_COUNTRY_SWITCHER (mnr_country_switcher_get_type ())

G_DECLARE_FINAL_TYPE (MnrCountrySwitcher, mnr_country_switcher, MNR, COUNTRY_SWITCHER, GtkWidget)

GtkWidget    *mnr_country_switcher_new                (MnrWorkspace       *workspace,
                                                       MnrCountryCatalog  *catalog);
MnrWorkspace *mnr_country_switcher_get_workspace      (MnrCountrySwitcher *self);
void          mnr_country_switcher_popup              (MnrCountrySwitcher *self);
void          mnr_country_switcher_choose             (MnrCountrySwitcher *self,
                                                       const char         *code);

/* what the popover lists, as filtered by its search */
GListModel   *mnr_country_switcher_get_your_countries (MnrCountrySwitcher *self);
GListModel   *mnr_country_switcher_get_all_countries  (MnrCountrySwitcher *self);

G_END_DECLS
