/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The largest integer a request body may hold, in magnitude: 2^53 - 1,
 * the last one every JSON reader holds exactly (RFC 7493, 2.2). */
#define MNR_JSON_BODY_MAX_SAFE_INTEGER G_GINT64_CONSTANT (9007199254740991)

JsonNode *mnr_json_body_parse (const char  *data,
                               gsize        size,
                               GError     **error);

G_END_DECLS
