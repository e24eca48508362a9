/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "mnr-element.h"
#include "mnr-level.h"

G_BEGIN_DECLS

#define MNR_FRAMEWORK_ERROR (mnr_framework_error_quark ())

/**
 * MnrFrameworkError:
 * @MNR_FRAMEWORK_ERROR_PARSE: the file is not JSON
 * @MNR_FRAMEWORK_ERROR_INVALID: the JSON does not describe a framework
 * @MNR_FRAMEWORK_ERROR_UNSUPPORTED: the file is of a newer format
 * @MNR_FRAMEWORK_ERROR_TOO_LARGE: the file is larger than any framework
 */
typedef enum
{
  MNR_FRAMEWORK_ERROR_PARSE,
  MNR_FRAMEWORK_ERROR_INVALID,
  MNR_FRAMEWORK_ERROR_UNSUPPORTED,
  MNR_FRAMEWORK_ERROR_TOO_LARGE,
} MnrFrameworkError;

/* The framework file format this version reads. */
#define MNR_FRAMEWORK_FORMAT 1
/* No framework file comes near this; a larger one is refused unread. */
#define MNR_FRAMEWORK_MAX_SIZE (1024 * 1024)
/* The bundled default framework, in the core's resources. */
#define MNR_FRAMEWORK_DEFAULT_RESOURCE "/io/github/mnrtracker/MnrTracker/framework/mnr-2016.json"

#define MNR_TYPE_FRAMEWORK (mnr_framework_get_type ())

G_DECLARE_FINAL_TYPE (MnrFramework, mnr_framework, MNR, FRAMEWORK, GObject)

GQuark        mnr_framework_error_quark              (void);

MnrFramework *mnr_framework_new_from_bytes           (GBytes       *bytes,
                                                      GError      **error);
MnrFramework *mnr_framework_new_from_file            (GFile        *file,
                                                      GError      **error);
MnrFramework *mnr_framework_new_default              (GError      **error);

const char   *mnr_framework_get_id                   (MnrFramework *self);
const char   *mnr_framework_get_edition              (MnrFramework *self);
const char   *mnr_framework_get_title                (MnrFramework *self);
const char   *mnr_framework_get_publisher            (MnrFramework *self);
const char   *mnr_framework_get_source_id            (MnrFramework *self);
const char   *mnr_framework_get_source_citation      (MnrFramework *self,
                                                      const char   *source_id);

GListModel   *mnr_framework_get_enablers             (MnrFramework *self);
GListModel   *mnr_framework_get_domains              (MnrFramework *self);
GListModel   *mnr_framework_get_capabilities         (MnrFramework *self);
GListModel   *mnr_framework_get_outcomes             (MnrFramework *self);
GListModel   *mnr_framework_get_levels               (MnrFramework *self);

GListModel   *mnr_framework_get_domain_capabilities  (MnrFramework *self,
                                                      MnrElement   *domain);
MnrElement   *mnr_framework_get_domain_outcome       (MnrFramework *self,
                                                      MnrElement   *domain);
MnrElement   *mnr_framework_get_capability           (MnrFramework *self,
                                                      guint         number);
MnrElement   *mnr_framework_lookup                   (MnrFramework *self,
                                                      const char   *id);
MnrLevel     *mnr_framework_lookup_level             (MnrFramework *self,
                                                      const char   *id);

G_END_DECLS
