/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "mnr-element.h"

G_BEGIN_DECLS

#define MNR_TYPE_LEVEL (mnr_level_get_type ())

G_DECLARE_FINAL_TYPE (MnrLevel, mnr_level, MNR, LEVEL, GObject)

MnrLevel   *mnr_level_new              (const char *id,
                                        guint       rank,
                                        gboolean    assessed,
                                        const char *name,
                                        const char *description,
                                        const char *color,
                                        const char *text_color);
const char *mnr_level_get_id           (MnrLevel   *self);
guint       mnr_level_get_rank         (MnrLevel   *self);
gboolean    mnr_level_get_assessed     (MnrLevel   *self);
const char *mnr_level_get_name         (MnrLevel   *self);
const char *mnr_level_get_source_name  (MnrLevel   *self);
void        mnr_level_set_source_name  (MnrLevel   *self,
                                        const char *name);
const char *mnr_level_get_description  (MnrLevel   *self);
const char *mnr_level_get_description_for (MnrLevel       *self,
                                           MnrElementKind  kind);
void        mnr_level_set_enabler_description (MnrLevel   *self,
                                               const char *description);
const char *mnr_level_get_color        (MnrLevel   *self);
const char *mnr_level_get_text_color   (MnrLevel   *self);

gboolean    mnr_color_parse            (const char *text,
                                        guint8     *red,
                                        guint8     *green,
                                        guint8     *blue);
double      mnr_color_relative_luminance (const char *text);
double      mnr_color_contrast_ratio   (const char *a,
                                        const char *b);

G_END_DECLS
