/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Checked reading of untrusted JSON, shared by the loaders of the bundled
 * data files (framework, countries and groups, sample evidence) and by the
 * sync server, which checks a body's nesting before parsing it. Each
 * loader says how a problem becomes its own error: @invalid receives the
 * problem ("“title” of capability 3 must be text") and sets @error in the
 * loader's domain, with its own sentence around it. */

typedef void (*MnrJsonInvalidFunc) (GError        **error,
                                    const char     *problem,
                                    gconstpointer   data);

typedef struct
{
  MnrJsonInvalidFunc invalid;
  gconstpointer      data;
} MnrJsonReader;

typedef enum
{
  MNR_JSON_OPTIONAL  = 0,
  MNR_JSON_REQUIRED  = 1 << 0,  /* the member must be there */
  MNR_JSON_NON_EMPTY = 1 << 1,  /* a string there must not be "" */
} MnrJsonFlags;

gboolean    mnr_json_invalid            (const MnrJsonReader  *reader,
                                         GError              **error,
                                         const char           *format,
                                         ...) G_GNUC_PRINTF (3, 4);
gboolean    mnr_json_get_string         (const MnrJsonReader  *reader,
                                         JsonObject           *object,
                                         const char           *member,
                                         const char           *where,
                                         MnrJsonFlags          flags,
                                         const char          **out,
                                         GError              **error);
gboolean    mnr_json_get_array          (const MnrJsonReader  *reader,
                                         JsonObject           *object,
                                         const char           *member,
                                         const char           *where,
                                         JsonArray           **out,
                                         GError              **error);
JsonObject *mnr_json_get_object_element (const MnrJsonReader  *reader,
                                         JsonArray            *array,
                                         guint                 index,
                                         const char           *where,
                                         GError              **error);

gboolean    mnr_json_check_nesting      (const char           *text,
                                         gsize                 size,
                                         guint                 max_depth);

G_END_DECLS
