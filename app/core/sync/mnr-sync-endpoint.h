/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char     *mnr_sync_endpoint_normalize (const char  *text,
                                       GError     **error);
gboolean  mnr_sync_endpoint_check     (const char  *url,
                                       GError     **error);
gboolean  mnr_sync_endpoint_same      (const char  *a,
                                       const char  *b);

G_END_DECLS
