/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mnr-sync-controller.h"

G_BEGIN_DECLS

#define MNR_TYPE_PREFERENCES (mnr_preferences_get_type ())

G_DECLARE_FINAL_TYPE (MnrPreferences, mnr_preferences, MNR, PREFERENCES, AdwPreferencesWindow)

GtkWidget *mnr_preferences_new              (GtkWindow         *parent,
                                             MnrSyncController *controller);
void       mnr_preferences_set_endpoint_text (MnrPreferences   *self,
                                              const char       *text);
void       mnr_preferences_set_token_text   (MnrPreferences    *self,
                                             const char        *text);
gboolean   mnr_preferences_get_endpoint_error (MnrPreferences  *self);
gboolean   mnr_preferences_get_save_sensitive (MnrPreferences  *self);
const char *mnr_preferences_get_status      (MnrPreferences    *self);
void       mnr_preferences_save             (MnrPreferences    *self);

G_END_DECLS
