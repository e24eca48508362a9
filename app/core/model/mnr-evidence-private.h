/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mnr-evidence.h"

G_BEGIN_DECLS

MnrEvidence *mnr_evidence_new_full          (const char *id,
                                             const char *country);
void         mnr_evidence_set_times         (MnrEvidence *self,
                                             gint64       created_at,
                                             gint64       updated_at,
                                             const char  *created_by,
                                             const char  *updated_by);
void         mnr_evidence_set_n_attachments (MnrEvidence *self,
                                             guint        n);

G_END_DECLS
