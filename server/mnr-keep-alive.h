/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

#define MNR_TYPE_KEEP_ALIVE (mnr_keep_alive_get_type ())

G_DECLARE_FINAL_TYPE (MnrKeepAlive, mnr_keep_alive, MNR, KEEP_ALIVE, GObject)

MnrKeepAlive *mnr_keep_alive_new              (SoupServer   *server,
                                               guint         idle_seconds);
void          mnr_keep_alive_set_idle_timeout (MnrKeepAlive *self,
                                               guint         idle_seconds);
void          mnr_keep_alive_set_limits       (MnrKeepAlive *self,
                                               guint         header_seconds,
                                               guint         body_seconds,
                                               guint         max_connections);
void          mnr_keep_alive_share_count      (MnrKeepAlive *self,
                                               int          *count);

G_END_DECLS
