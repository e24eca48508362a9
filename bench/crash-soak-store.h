/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The store's crash soak (bench/crash-soak.sh): the writer, killed with
 * SIGKILL at random moments, and the checker that looks at the store
 * after each kill. They talk through the writer's stdout, one line per
 * event, fields separated by spaces:
 *
 *   R                          the store is open, writes start
 *   B KIND SEQ ARGS…           a write is about to be made
 *   K KIND SEQ ARGS…           that write returned: it is committed
 *
 * KIND and what follows it:
 *   rating SEQ ELEMENT                 rationale "write SEQ"
 *   evidence-new SEQ ID                title "t SEQ"
 *   evidence-edit SEQ ID               title "t SEQ"
 *   evidence-delete SEQ ID
 *   attach SEQ EVIDENCE [ID SHA SIZE]  (the K line adds the attachment)
 *   round-new SEQ [ID]                 name "r SEQ"
 *   round-rename SEQ ID                name "r SEQ"
 *   round-delete SEQ ID
 *   bundle SEQ                         the bundle made at the start
 *   samples-add SEQ [N]                N: sample items now shown
 *   samples-remove SEQ
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The country the writer works in; the bundle's is another. */
#define SOAK_COUNTRY        "PE"
#define SOAK_BUNDLE_COUNTRY "KE"

int soak_run_writer (const char *directory,
                     const char *rating_round,
                     guint64     first_seq,
                     guint32     seed,
                     const char *bundle_path,
                     const char *scratch);

G_END_DECLS
