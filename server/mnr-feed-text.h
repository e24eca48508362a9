/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "mnr-server-store.h"

G_BEGIN_DECLS

/* The changes feed written out as JSON text, for the records of a page. */

void mnr_feed_text_append_string   (GString               *out,
                                    const char            *text);
void mnr_feed_text_append_record   (GString               *out,
                                    const MnrServerRecord *record);
void mnr_feed_text_append_withheld (GString               *out,
                                    const MnrServerRecord *record);

G_END_DECLS
