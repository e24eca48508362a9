/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "mnr-country.h"

G_BEGIN_DECLS

#define MNR_COUNTRY_CATALOG_ERROR (mnr_country_catalog_error_quark ())

/**
 * MnrCountryCatalogError:
 * @MNR_COUNTRY_CATALOG_ERROR_PARSE: the file is not JSON
 * @MNR_COUNTRY_CATALOG_ERROR_INVALID: the JSON does not list countries (or
 *   groups) as expected
 * @MNR_COUNTRY_CATALOG_ERROR_TOO_LARGE: the file is larger than any such list
 * @MNR_COUNTRY_CATALOG_ERROR_UNKNOWN_COUNTRY: a group names a country the
 *   catalog does not know, or names one twice
 */
typedef enum
{
  MNR_COUNTRY_CATALOG_ERROR_PARSE,
  MNR_COUNTRY_CATALOG_ERROR_INVALID,
  MNR_COUNTRY_CATALOG_ERROR_TOO_LARGE,
  MNR_COUNTRY_CATALOG_ERROR_UNKNOWN_COUNTRY,
} MnrCountryCatalogError;

/* The ISO 3166-1 list of the iso-codes package (Debian: iso-codes). */
#define MNR_COUNTRY_CATALOG_ISO_3166_FILE "/usr/share/iso-codes/json/iso_3166-1.json"
/* The iso-codes list is about 45 KiB; a file past this is refused unread. */
#define MNR_COUNTRY_CATALOG_MAX_SIZE (8 * 1024 * 1024)
/* The regional groups bundled with the app, in the core's resources. */
#define MNR_COUNTRY_CATALOG_GROUPS_RESOURCE "/io/github/mnrtracker/MnrTracker/groups.json"
/* The groups file format this version reads. */
#define MNR_COUNTRY_CATALOG_GROUPS_FORMAT 1

#define MNR_TYPE_COUNTRY_CATALOG (mnr_country_catalog_get_type ())

G_DECLARE_FINAL_TYPE (MnrCountryCatalog, mnr_country_catalog, MNR, COUNTRY_CATALOG, GObject)

GQuark              mnr_country_catalog_error_quark        (void);

MnrCountryCatalog  *mnr_country_catalog_new                (GError            **error);
MnrCountryCatalog  *mnr_country_catalog_new_from_file      (GFile              *iso_json,
                                                            GError            **error);
MnrCountryCatalog  *mnr_country_catalog_new_from_bytes     (GBytes             *iso_json,
                                                            GBytes             *groups_json,
                                                            GError            **error);

GListModel         *mnr_country_catalog_get_countries      (MnrCountryCatalog  *self);
MnrCountry         *mnr_country_catalog_lookup             (MnrCountryCatalog  *self,
                                                            const char         *code);
GListModel         *mnr_country_catalog_search             (MnrCountryCatalog  *self,
                                                            const char         *text);

GListModel         *mnr_country_catalog_get_groups         (MnrCountryCatalog  *self);
MnrRegionalGroup   *mnr_country_catalog_lookup_group       (MnrCountryCatalog  *self,
                                                            const char         *id);
GListModel         *mnr_country_catalog_list_group_members (MnrCountryCatalog  *self,
                                                            MnrRegionalGroup   *group);
gboolean            mnr_country_catalog_validate_members   (MnrCountryCatalog  *self,
                                                            const char * const *members,
                                                            GError            **error);

const char * const *mnr_country_catalog_get_group_msgids   (void);

G_END_DECLS
