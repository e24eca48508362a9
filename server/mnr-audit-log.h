/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define MNR_AUDIT_LOG_NAME "audit.log"

typedef struct _MnrAuditLog MnrAuditLog;

/* One accepted write, as its line gives it. */
typedef struct
{
  const char *label;   /* the token's label, never the token */
  const char *action;  /* "create", "update", "delete" or "upload" */
  const char *type;    /* a record type, or "blob" */
  const char *id;      /* a record's id, or a blob's SHA-256 */
  gint64      rev;     /* the new rev; 0 for a blob */
  gint64      seq;     /* the new seq; 0 for a blob */
} MnrAuditEntry;

MnrAuditLog *mnr_audit_log_open   (const char          *data_dir,
                                   GError             **error);
void         mnr_audit_log_free   (MnrAuditLog         *self);
void         mnr_audit_log_append (MnrAuditLog         *self,
                                   const MnrAuditEntry *entries,
                                   guint                n_entries);
JsonNode    *mnr_audit_log_read   (MnrAuditLog         *self,
                                   guint64              since,
                                   guint                limit,
                                   GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MnrAuditLog, mnr_audit_log_free)

G_END_DECLS
