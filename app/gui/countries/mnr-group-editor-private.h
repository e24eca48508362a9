/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mnr-group-editor.h"

G_BEGIN_DECLS

/* What the widget tests drive: the form as a person fills it in. */

void        mnr_group_editor_set_name_text        (MnrGroupEditor *self,
                                                   const char     *text);
void        mnr_group_editor_set_short_name_text  (MnrGroupEditor *self,
                                                   const char     *text);
void        mnr_group_editor_set_search_text      (MnrGroupEditor *self,
                                                   const char     *text);
void        mnr_group_editor_toggle_country       (MnrGroupEditor *self,
                                                   const char     *code);
gboolean    mnr_group_editor_get_country_chosen   (MnrGroupEditor *self,
                                                   const char     *code);
guint       mnr_group_editor_get_n_chosen         (MnrGroupEditor *self);
GListModel *mnr_group_editor_get_countries        (MnrGroupEditor *self);
gboolean    mnr_group_editor_get_save_sensitive   (MnrGroupEditor *self);
void        mnr_group_editor_activate_save        (MnrGroupEditor *self);
AdwToast   *mnr_group_editor_get_toast            (MnrGroupEditor *self);

G_END_DECLS
