/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  MNR_ROLE_READER,
  MNR_ROLE_WRITER,
  MNR_ROLE_SECRETARIAT,
} MnrRole;

/* One line of the tokens file: what a token may do. */
typedef struct
{
  MnrRole   role;
  GStrv     countries; /* a writer's (written and read in full) or a reader's
                        * (read in full but restricted evidence); upper-case
                        * alpha-2 codes; empty for the secretariat */
  GStrv     groups;    /* a reader's: the groups whose shared rounds it reads;
                        * empty for the others */
  char     *label;     /* who holds it, for the audit log: the line's
                        * label=NAME, or its role and scope ("writer PH,VN") */
} MnrTokenEntry;

#define MNR_TYPE_TOKENS (mnr_tokens_get_type ())

G_DECLARE_FINAL_TYPE (MnrTokens, mnr_tokens, MNR, TOKENS, GObject)

MnrTokens           *mnr_tokens_load              (const char          *path,
                                                   GError             **error);
const MnrTokenEntry *mnr_tokens_lookup            (MnrTokens           *self,
                                                   const char          *token);
guint                mnr_tokens_get_n_tokens      (MnrTokens           *self);

gboolean             mnr_token_entry_may_write    (const MnrTokenEntry *entry,
                                                   const char          *type,
                                                   const char          *country);
gboolean             mnr_token_entry_may_upload   (const MnrTokenEntry *entry);
gboolean             mnr_token_entry_reads_country (const MnrTokenEntry *entry,
                                                   const char          *country);
gboolean             mnr_token_entry_reads_restricted (const MnrTokenEntry *entry,
                                                   const char          *country);

G_END_DECLS
