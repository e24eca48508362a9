/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "mnr-country-catalog.h"
#include "mnr-workspace.h"

G_BEGIN_DECLS

#define MNR_TYPE_PRESENTATION_WINDOW (mnr_presentation_window_get_type ())

G_DECLARE_FINAL_TYPE (MnrPresentationWindow, mnr_presentation_window, MNR, PRESENTATION_WINDOW, AdwWindow)

GtkWidget  *mnr_presentation_window_new               (GtkApplication        *app,
                                                       GtkWindow             *parent,
                                                       MnrWorkspace          *workspace,
                                                       const char            *meeting_id);
void        mnr_presentation_window_set_catalog       (MnrPresentationWindow *self,
                                                       MnrCountryCatalog     *catalog);

guint       mnr_presentation_window_get_n_slides      (MnrPresentationWindow *self);
guint       mnr_presentation_window_get_slide         (MnrPresentationWindow *self);
void        mnr_presentation_window_set_slide         (MnrPresentationWindow *self,
                                                       guint                  index);
const char *mnr_presentation_window_get_slide_title   (MnrPresentationWindow *self);
const char *mnr_presentation_window_get_position_text (MnrPresentationWindow *self);
const char *mnr_presentation_window_get_element_id    (MnrPresentationWindow *self);

G_END_DECLS
