/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The shapes of the identifiers records carry, checked the same way by the
 * store and by the sync protocol's reader, so that what one accepts the
 * other does too. */

gboolean mnr_id_is_uuid         (const char *text);
gboolean mnr_id_is_slug         (const char *text);
gboolean mnr_id_is_element      (const char *text);
gboolean mnr_id_is_country_code (const char *text);
gboolean mnr_id_is_sha256       (const char *text);
gboolean mnr_id_is_date         (const char *text,
                                 gboolean    partial);

G_END_DECLS
