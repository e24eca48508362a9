/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mnr-round-dialog.h"

G_BEGIN_DECLS

/* For tests: what a user types and clicks. */
void     mnr_round_dialog_set_name_text      (MnrRoundDialog *self,
                                              const char     *text);
void     mnr_round_dialog_set_date_text      (MnrRoundDialog *self,
                                              const char     *text);
gboolean mnr_round_dialog_get_create_sensitive (MnrRoundDialog *self);
gboolean mnr_round_dialog_get_date_error     (MnrRoundDialog *self);
void     mnr_round_dialog_activate_create    (MnrRoundDialog *self);

G_END_DECLS
