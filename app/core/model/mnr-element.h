/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * MnrElementKind:
 * @MNR_ELEMENT_ENABLER: a cross-cutting enabler (left column of the MNR)
 * @MNR_ELEMENT_DOMAIN: one of the six domains that group the capabilities
 * @MNR_ELEMENT_CAPABILITY: one of the 21 numbered capabilities
 * @MNR_ELEMENT_OUTCOME: the outcome a domain serves (right column)
 */
typedef enum
{
  MNR_ELEMENT_ENABLER,
  MNR_ELEMENT_DOMAIN,
  MNR_ELEMENT_CAPABILITY,
  MNR_ELEMENT_OUTCOME,
} MnrElementKind;

#define MNR_TYPE_ELEMENT (mnr_element_get_type ())

G_DECLARE_FINAL_TYPE (MnrElement, mnr_element, MNR, ELEMENT, GObject)

/**
 * MnrVariant:
 * @source: id of the source document that words it differently
 * @field: "title" or "description"
 * @text: that source's wording (translated)
 *
 * A difference between editions of the framework, kept rather than
 * silently resolved.
 */
typedef struct
{
  char *source;
  char *field;
  char *text;
} MnrVariant;

MnrElementKind  mnr_element_get_kind         (MnrElement *self);
const char     *mnr_element_get_id           (MnrElement *self);
guint           mnr_element_get_number       (MnrElement *self);
guint           mnr_element_get_position     (MnrElement *self);
const char     *mnr_element_get_title        (MnrElement *self);
const char     *mnr_element_get_description  (MnrElement *self);
MnrElement     *mnr_element_get_domain       (MnrElement *self);
GPtrArray      *mnr_element_get_variants     (MnrElement *self);
char           *mnr_element_dup_label        (MnrElement *self);
const char     *mnr_element_get_source_title (MnrElement *self);

G_END_DECLS
