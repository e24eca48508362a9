/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* What mnr-record-type.c and mnr-sync-record.c share to read untrusted
 * JSON: errors name the member, as the server's problem details do. */

gboolean    mnr_record_fail           (GError     **error,
                                       const char  *format,
                                       ...) G_GNUC_PRINTF (2, 3);
gboolean    mnr_record_is_string_node (JsonNode    *node);
const char *mnr_record_get_string     (JsonObject  *object,
                                       const char  *prefix,
                                       const char  *name,
                                       glong        min,
                                       glong        max,
                                       GError     **error);

G_END_DECLS
