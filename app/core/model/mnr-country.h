/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define MNR_TYPE_COUNTRY (mnr_country_get_type ())

G_DECLARE_FINAL_TYPE (MnrCountry, mnr_country, MNR, COUNTRY, GObject)

#define MNR_TYPE_REGIONAL_GROUP (mnr_regional_group_get_type ())

G_DECLARE_FINAL_TYPE (MnrRegionalGroup, mnr_regional_group, MNR, REGIONAL_GROUP, GObject)

MnrCountry         *mnr_country_new                     (const char         *code,
                                                         const char         *alpha3,
                                                         const char         *numeric,
                                                         const char         *name,
                                                         const char         *official_name,
                                                         const char         *iso_name);

const char         *mnr_country_get_code                (MnrCountry         *self);
const char         *mnr_country_get_alpha3              (MnrCountry         *self);
const char         *mnr_country_get_numeric             (MnrCountry         *self);
const char         *mnr_country_get_name                (MnrCountry         *self);
const char         *mnr_country_get_official_name       (MnrCountry         *self);
const char         *mnr_country_get_flag                (MnrCountry         *self);
gboolean            mnr_country_matches                 (MnrCountry         *self,
                                                         const char         *needle);

char               *mnr_country_code_to_flag            (const char         *code);
char               *mnr_country_fold_for_search         (const char         *text);

MnrRegionalGroup   *mnr_regional_group_new              (const char         *id,
                                                         const char         *name,
                                                         const char         *short_name,
                                                         const char * const *members,
                                                         gboolean            user_defined);

const char         *mnr_regional_group_get_id           (MnrRegionalGroup   *self);
const char         *mnr_regional_group_get_name         (MnrRegionalGroup   *self);
const char         *mnr_regional_group_get_short_name   (MnrRegionalGroup   *self);
const char * const *mnr_regional_group_get_members      (MnrRegionalGroup   *self);
guint               mnr_regional_group_get_n_members    (MnrRegionalGroup   *self);
gboolean            mnr_regional_group_get_user_defined (MnrRegionalGroup   *self);
gboolean            mnr_regional_group_has_member       (MnrRegionalGroup   *self,
                                                         const char         *code);

G_END_DECLS
