/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "mnr-workspace.h"

G_BEGIN_DECLS

#define MNR_TYPE_ACTION_LIST (mnr_action_list_get_type ())

G_DECLARE_FINAL_TYPE (MnrActionList, mnr_action_list, MNR, ACTION_LIST, GtkWidget)

GtkWidget *mnr_action_list_new          (void);
void       mnr_action_list_set_context  (MnrActionList *self,
                                         MnrWorkspace  *workspace,
                                         const char    *element_id);
void       mnr_action_list_reload       (MnrActionList *self);

GtkWidget *mnr_action_row_new           (const MnrAction *action,
                                         gboolean         overdue,
                                         const char      *about);

/* For tests */
guint      mnr_action_list_get_n_items  (MnrActionList *self);
guint      mnr_action_list_get_n_overdue (MnrActionList *self);
void       mnr_action_list_activate_add (MnrActionList *self);

G_END_DECLS
