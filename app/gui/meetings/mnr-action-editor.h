/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mnr-store.h"

G_BEGIN_DECLS

#define MNR_TYPE_ACTION_EDITOR (mnr_action_editor_get_type ())

G_DECLARE_FINAL_TYPE (MnrActionEditor, mnr_action_editor, MNR, ACTION_EDITOR, AdwMessageDialog)

GtkWidget *mnr_action_editor_new          (GtkWindow       *parent,
                                           MnrStore        *store,
                                           const MnrAction *action);

/* For tests: what a user types and chooses. */
void       mnr_action_editor_set_fields   (MnrActionEditor *self,
                                           const char      *description,
                                           const char      *owner,
                                           const char      *due,
                                           const char      *status);
gboolean   mnr_action_editor_can_save     (MnrActionEditor *self);
gboolean   mnr_action_editor_save         (MnrActionEditor *self,
                                           GError         **error);

G_END_DECLS
