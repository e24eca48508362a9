/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mnr-element.h"

G_BEGIN_DECLS

MnrElement *mnr_element_new          (MnrElementKind  kind,
                                      const char     *id,
                                      guint           number,
                                      guint           position,
                                      const char     *title,
                                      const char     *description);
void        mnr_element_set_domain   (MnrElement     *self,
                                      MnrElement     *domain);
void        mnr_element_set_source_title (MnrElement *self,
                                          const char *title);
void        mnr_element_add_variant  (MnrElement     *self,
                                      const char     *source,
                                      const char     *field,
                                      const char     *text);

G_END_DECLS
