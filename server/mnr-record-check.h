/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The limits of protocol 1. */
#define MNR_RECORD_MAX_BYTES   (1024 * 1024)
#define MNR_BLOB_MAX_BYTES     (100 * 1024 * 1024)
#define MNR_PAGE_MAX           1000
#define MNR_PAGE_DEFAULT       500
#define MNR_STRING_MAX_CHARS   100000
#define MNR_UPDATED_BY_MAX     200

/* A record body as a client sent it, once checked. */
typedef struct
{
  char     *country;    /* NULL for groups */
  char     *updated_by;
  gboolean  deleted;
  char     *data_json;  /* the "data" object, serialized */
} MnrRecordInput;

void      mnr_record_input_free     (MnrRecordInput *input);

gboolean  mnr_record_check_type     (const char     *type);
gboolean  mnr_record_check_uuid     (const char     *id);
gboolean  mnr_record_check_sha256   (const char     *sha256);
gboolean  mnr_record_check_country  (const char     *country);

MnrRecordInput *mnr_record_check_body (const char   *type,
                                       JsonNode     *root,
                                       char        **detail);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MnrRecordInput, mnr_record_input_free)

G_END_DECLS
