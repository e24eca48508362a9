/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Checked reading of untrusted JSON, shared by the loaders of the bundled
 * data files (framework, countries and groups, sample evidence) and by the
 * sync server, which checks a body's nesting before parsing it. Each
 * loader says how a problem becomes its own error: @invalid receives the
 * problem ("“title” of capability 3 must be text") and sets @error in the
 * loader's domain, with its own sentence around it.
 *
 * A loader that reads its file through mnr_json_load_bytes() or
 * mnr_json_load_file() also gives the largest text it accepts and
 * @unreadable, which turns a text that is too large, empty or not JSON
 * into the loader's own error. */

/* How deep a data file may nest arrays and objects. */
#define MNR_JSON_MAX_DEPTH 64

typedef enum
{
  MNR_JSON_TOO_LARGE,  /* larger than the reader's max_size */
  MNR_JSON_EMPTY,      /* no text at all */
  MNR_JSON_NOT_JSON,   /* the parser or mnr_json_check_text() refused it */
} MnrJsonUnreadable;

typedef void (*MnrJsonInvalidFunc)    (GError            **error,
                                       const char         *problem,
                                       gconstpointer       data);
/* @size is the text's size in bytes; @detail, for %MNR_JSON_NOT_JSON,
 * the parser's message (else %NULL). */
typedef void (*MnrJsonUnreadableFunc) (GError            **error,
                                       MnrJsonUnreadable   what,
                                       gint64              size,
                                       const char         *detail,
                                       gconstpointer       data);

typedef struct
{
  MnrJsonInvalidFunc    invalid;
  gconstpointer         data;
  /* for mnr_json_load_bytes() and mnr_json_load_file() only */
  MnrJsonUnreadableFunc unreadable;
  gsize                 max_size;
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

JsonObject *mnr_json_load_bytes         (const MnrJsonReader  *reader,
                                         GBytes               *bytes,
                                         GError              **error);
GBytes     *mnr_json_load_file          (const MnrJsonReader  *reader,
                                         GFile                *file,
                                         GError              **error);
gboolean    mnr_json_get_format         (const MnrJsonReader  *reader,
                                         JsonObject           *root,
                                         gint64               *out,
                                         GError              **error);
gboolean    mnr_json_is_id              (const char           *text);

gboolean    mnr_json_check_text         (const char           *text,
                                         gsize                 size,
                                         guint                 max_depth,
                                         GError              **error);
gboolean    mnr_json_check_nesting      (const char           *text,
                                         gsize                 size,
                                         guint                 max_depth);

G_END_DECLS
