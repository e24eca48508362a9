/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define MNR_TYPE_WRAP_LABEL (mnr_wrap_label_get_type ())

G_DECLARE_FINAL_TYPE (MnrWrapLabel, mnr_wrap_label, MNR, WRAP_LABEL, GtkWidget)

GtkWidget  *mnr_wrap_label_new            (const char   *text);
const char *mnr_wrap_label_get_text       (MnrWrapLabel *self);
int         mnr_wrap_label_get_word_width (MnrWrapLabel *self);
void        mnr_wrap_label_set_text       (MnrWrapLabel *self,
                                           const char   *text);
void        mnr_wrap_label_set_width_chars (MnrWrapLabel *self,
                                            int           min_chars,
                                            int           max_chars);

G_END_DECLS
