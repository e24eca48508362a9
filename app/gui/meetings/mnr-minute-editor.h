/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mnr-framework.h"
#include "mnr-store.h"

G_BEGIN_DECLS

#define MNR_TYPE_MINUTE_EDITOR (mnr_minute_editor_get_type ())

G_DECLARE_FINAL_TYPE (MnrMinuteEditor, mnr_minute_editor, MNR, MINUTE_EDITOR, AdwMessageDialog)

GtkWidget *mnr_minute_editor_new          (GtkWindow       *parent,
                                           MnrStore        *store,
                                           MnrFramework    *framework,
                                           const MnrMinute *minute);

/* For tests: what a user types and chooses. */
void       mnr_minute_editor_set_fields   (MnrMinuteEditor *self,
                                           const char      *text,
                                           const char      *level_id);
gboolean   mnr_minute_editor_can_save     (MnrMinuteEditor *self);
gboolean   mnr_minute_editor_save         (MnrMinuteEditor *self,
                                           GError         **error);
const char *mnr_minute_editor_get_saved_id (MnrMinuteEditor *self);

G_END_DECLS
