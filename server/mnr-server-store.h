/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* A record as the server keeps it. The audience (section 3.5 of the
 * protocol) is the store's to work out on each write, from the record's
 * data and the record it belongs to: the groups it is shared with, whether
 * it is restricted, and those who could read it once and no longer may. */
typedef struct
{
  char     *type;
  char     *id;
  char     *country;    /* NULL for groups */
  gint64    rev;
  gint64    seq;
  gboolean  deleted;
  char     *data_json;
  JsonObject *data;     /* nullable: data_json parsed, when the writer has it */
  char     *updated_at;
  char     *updated_by;

  /* its audience, filled in by the store */
  char     *parent;           /* nullable: the id of the record it belongs to */
  char     *blob;             /* nullable: the SHA-256 of its file */
  GStrv     groups;           /* shared with these groups (sorted) */
  gboolean  restricted;       /* its country's writers only */
  GStrv     withheld_groups;  /* once shared with these groups, no longer */
  gboolean  withheld_readers; /* once open to the country's readers, no longer */
} MnrServerRecord;

void mnr_server_record_free (MnrServerRecord *record);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MnrServerRecord, mnr_server_record_free)

#define MNR_TYPE_SERVER_STORE (mnr_server_store_get_type ())

G_DECLARE_FINAL_TYPE (MnrServerStore, mnr_server_store, MNR, SERVER_STORE, GObject)

MnrServerStore  *mnr_server_store_open         (const char       *data_dir,
                                                GError          **error);
void             mnr_server_store_close        (MnrServerStore   *self);

gboolean         mnr_server_store_connect      (MnrServerStore   *self,
                                                GError          **error);
gboolean         mnr_server_store_begin_read   (MnrServerStore   *self,
                                                GError          **error);
void             mnr_server_store_end_read     (MnrServerStore   *self);

gboolean         mnr_server_store_get          (MnrServerStore   *self,
                                                const char       *type,
                                                const char       *id,
                                                MnrServerRecord **record,
                                                GError          **error);
gboolean         mnr_server_store_write        (MnrServerStore   *self,
                                                MnrServerRecord  *record,
                                                gint64            expected_rev,
                                                gboolean         *conflict,
                                                GError          **error);
gboolean         mnr_server_store_begin_batch  (MnrServerStore   *self,
                                                GError          **error);
gboolean         mnr_server_store_end_batch    (MnrServerStore   *self,
                                                gboolean          keep,
                                                GError          **error);
GPtrArray       *mnr_server_store_changes      (MnrServerStore   *self,
                                                gint64            since,
                                                guint             limit,
                                                gboolean         *more,
                                                GError          **error);

GPtrArray       *mnr_server_store_list_blob_records (MnrServerStore *self,
                                                const char       *sha256,
                                                GError          **error);
GHashTable      *mnr_server_store_group_members (MnrServerStore  *self,
                                                GError          **error);

char            *mnr_server_store_blob_path    (MnrServerStore   *self,
                                                const char       *sha256);
gboolean         mnr_server_store_put_blob     (MnrServerStore   *self,
                                                const char       *sha256,
                                                GBytes           *bytes,
                                                gboolean         *created,
                                                GError          **error);

G_END_DECLS
