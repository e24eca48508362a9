/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "mnr-country-catalog.h"
#include "mnr-workspace.h"

G_BEGIN_DECLS

/* The "workspace" and "catalog" properties of the widgets that pick or
 * edit the countries and groups of a workspace (the country switcher, the
 * group editor, the groups dialog): construct-only, each holding a
 * reference to the MnrWorkspace and the MnrCountryCatalog it is made with.
 *
 * A class installs them as its properties 1 and 2 with
 * mnr_catalog_properties_install(), numbers its own from
 * %MNR_CATALOG_PROP_LAST, and hands every id to mnr_catalog_properties_get()
 * and mnr_catalog_properties_set() first, in the way of
 * gtk_editable_delegate_get_property(). */

enum
{
  MNR_CATALOG_PROP_WORKSPACE = 1,
  MNR_CATALOG_PROP_CATALOG,
  MNR_CATALOG_PROP_LAST
};

void     mnr_catalog_properties_install (GObjectClass        *object_class);
gboolean mnr_catalog_properties_get     (guint                prop_id,
                                         GValue              *value,
                                         MnrWorkspace        *workspace,
                                         MnrCountryCatalog   *catalog);
gboolean mnr_catalog_properties_set     (guint                prop_id,
                                         const GValue        *value,
                                         MnrWorkspace       **workspace,
                                         MnrCountryCatalog  **catalog);

G_END_DECLS
