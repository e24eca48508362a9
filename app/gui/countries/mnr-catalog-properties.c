/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-catalog-properties"

#include "config.h"

#include "mnr-catalog-properties.h"

/**
 * mnr_catalog_properties_install:
 *
 * Installs "workspace" (%MNR_CATALOG_PROP_WORKSPACE) and "catalog"
 * (%MNR_CATALOG_PROP_CATALOG) on @object_class.
 */
void
mnr_catalog_properties_install (GObjectClass *object_class)
{
  g_return_if_fail (G_IS_OBJECT_CLASS (object_class));

  g_object_class_install_property (object_class, MNR_CATALOG_PROP_WORKSPACE,
    g_param_spec_object ("workspace", NULL, NULL,
                         MNR_TYPE_WORKSPACE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (object_class, MNR_CATALOG_PROP_CATALOG,
    g_param_spec_object ("catalog", NULL, NULL,
                         MNR_TYPE_COUNTRY_CATALOG,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
}

/**
 * mnr_catalog_properties_get:
 *
 * Returns: whether @prop_id was one of the two, now in @value
 */
gboolean
mnr_catalog_properties_get (guint              prop_id,
                            GValue            *value,
                            MnrWorkspace      *workspace,
                            MnrCountryCatalog *catalog)
{
  switch (prop_id)
    {
    case MNR_CATALOG_PROP_WORKSPACE:
      g_value_set_object (value, workspace);
      return TRUE;

    case MNR_CATALOG_PROP_CATALOG:
      g_value_set_object (value, catalog);
      return TRUE;

    default:
      return FALSE;
    }
}

/**
 * mnr_catalog_properties_set:
 * @workspace: (inout): the instance's workspace field
 * @catalog: (inout): the instance's catalog field
 *
 * Sets a construct-only property, taking a reference to @value's object.
 *
 * Returns: whether @prop_id was one of the two
 */
gboolean
mnr_catalog_properties_set (guint                prop_id,
                            const GValue        *value,
                            MnrWorkspace       **workspace,
                            MnrCountryCatalog  **catalog)
{
  switch (prop_id)
    {
    case MNR_CATALOG_PROP_WORKSPACE:
      *workspace = g_value_dup_object (value);
      return TRUE;

    case MNR_CATALOG_PROP_CATALOG:
      *catalog = g_value_dup_object (value);
      return TRUE;

    default:
      return FALSE;
    }
}
