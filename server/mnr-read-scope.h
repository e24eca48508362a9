/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "mnr-server-store.h"
#include "mnr-tokens.h"

G_BEGIN_DECLS

/**
 * MnrReadAccess:
 * @MNR_READ_HIDDEN: the token may not read the record, nor learn that it
 *   exists
 * @MNR_READ_WITHHELD: the token could read the record once and may no
 *   longer: the feed tells it so, without the record
 * @MNR_READ_ALLOWED: the token reads the record
 */
typedef enum
{
  MNR_READ_HIDDEN,
  MNR_READ_WITHHELD,
  MNR_READ_ALLOWED,
} MnrReadAccess;

typedef struct _MnrReadScope MnrReadScope;

MnrReadScope  *mnr_read_scope_new   (const MnrTokenEntry   *entry,
                                     GHashTable            *bundled_members,
                                     GHashTable            *record_members);
void           mnr_read_scope_free  (MnrReadScope          *scope);
MnrReadAccess  mnr_read_scope_check (const MnrReadScope    *scope,
                                     const MnrServerRecord *record);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MnrReadScope, mnr_read_scope_free)

GHashTable    *mnr_read_scope_load_bundled_groups (GError **error);

G_END_DECLS
