/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mnr-framework.h"

G_BEGIN_DECLS

#define MNR_TYPE_APPLICATION (mnr_application_get_type ())

G_DECLARE_FINAL_TYPE (MnrApplication, mnr_application, MNR, APPLICATION, AdwApplication)

MnrApplication *mnr_application_new            (void);
MnrFramework   *mnr_application_get_framework  (MnrApplication *self);
int             mnr_application_get_exit_status (MnrApplication *self);
void            mnr_process_mark_start          (void);
gint64          mnr_process_start_time          (void);
void            mnr_benchmark_mark              (const char     *phase);

G_END_DECLS
