/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "mnr-country-catalog.h"
#include "mnr-workspace.h"

G_BEGIN_DECLS

#define MNR_MINUTES_ERROR (mnr_minutes_error_quark ())

typedef enum
{
  MNR_MINUTES_ERROR_NO_MEETING,
} MnrMinutesError;

GQuark    mnr_minutes_error_quark   (void);

typedef struct _MnrMinutes MnrMinutes;

MnrMinutes *mnr_minutes_new          (MnrWorkspace      *workspace,
                                      MnrCountryCatalog *catalog,
                                      const char        *meeting_id,
                                      GError           **error);
MnrMinutes *mnr_minutes_new_latest   (MnrWorkspace      *workspace,
                                      MnrCountryCatalog *catalog,
                                      GError           **error);
void        mnr_minutes_free         (MnrMinutes        *minutes);
const char *mnr_minutes_get_title    (MnrMinutes        *minutes);
gboolean    mnr_minutes_save_pdf     (MnrMinutes        *minutes,
                                      const char        *path,
                                      GError           **error);
void        mnr_minutes_print        (MnrMinutes        *minutes,
                                      GtkWindow         *parent);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MnrMinutes, mnr_minutes_free)

G_END_DECLS
