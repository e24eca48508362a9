/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void mnr_alert_error (GtkWindow    *parent,
                      const char   *heading,
                      const GError *error);

G_END_DECLS
