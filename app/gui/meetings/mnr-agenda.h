/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mnr-workspace.h"

G_BEGIN_DECLS

/* What a meeting takes, item by item, as presentation mode walks it. */

MnrMeeting *mnr_agenda_find_previous   (MnrWorkspace     *workspace,
                                        const MnrMeeting *meeting);
GPtrArray  *mnr_agenda_list_items      (MnrWorkspace     *workspace,
                                        const MnrMeeting *meeting,
                                        const MnrMeeting *previous);
gboolean    mnr_agenda_find_change     (MnrWorkspace     *workspace,
                                        const char       *element_id,
                                        const char       *since,
                                        const char       *until,
                                        char            **level_before,
                                        char            **level_after);

G_END_DECLS
