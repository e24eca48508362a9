/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define MNR_SAMPLE_EVIDENCE_ERROR (mnr_sample_evidence_error_quark ())

/**
 * MnrSampleEvidenceError:
 * @MNR_SAMPLE_EVIDENCE_ERROR_PARSE: the file is not JSON
 * @MNR_SAMPLE_EVIDENCE_ERROR_INVALID: the JSON does not describe sample evidence
 * @MNR_SAMPLE_EVIDENCE_ERROR_UNSUPPORTED: the file is of a newer format
 * @MNR_SAMPLE_EVIDENCE_ERROR_TOO_LARGE: the file is larger than any sample set
 */
typedef enum
{
  MNR_SAMPLE_EVIDENCE_ERROR_PARSE,
  MNR_SAMPLE_EVIDENCE_ERROR_INVALID,
  MNR_SAMPLE_EVIDENCE_ERROR_UNSUPPORTED,
  MNR_SAMPLE_EVIDENCE_ERROR_TOO_LARGE,
} MnrSampleEvidenceError;

/* The sample evidence file format this version reads. */
#define MNR_SAMPLE_EVIDENCE_FORMAT 1
/* No sample file comes near this; a larger one is refused unread. */
#define MNR_SAMPLE_EVIDENCE_MAX_SIZE (1024 * 1024)
/* The working examples of the 2018 booklet, in the core's resources. */
#define MNR_SAMPLE_EVIDENCE_DEFAULT_RESOURCE "/io/github/mnrtracker/MnrTracker/sample/booklet-2018.json"
/* The highest capability number an example may name. */
#define MNR_SAMPLE_EVIDENCE_N_CAPABILITIES 21

/* The gettext context of the sample's titles and summaries in po/
 * (extracted by build-aux/framework-pot.py --sample). */
#define MNR_SAMPLE_EVIDENCE_CONTEXT "MNR sample evidence"

const char   *mnr_sample_evidence_translate            (const char *text);

#define MNR_TYPE_SAMPLE_EXAMPLE (mnr_sample_example_get_type ())

G_DECLARE_FINAL_TYPE (MnrSampleExample, mnr_sample_example, MNR, SAMPLE_EXAMPLE, GObject)

const char   *mnr_sample_example_get_id                (MnrSampleExample *self);
const char   *mnr_sample_example_get_country           (MnrSampleExample *self);
const char   *mnr_sample_example_get_region            (MnrSampleExample *self);
const guint  *mnr_sample_example_get_capabilities      (MnrSampleExample *self,
                                                        guint            *n_capabilities);
gboolean      mnr_sample_example_has_capability        (MnrSampleExample *self,
                                                        guint             number);
const char   *mnr_sample_example_get_kind              (MnrSampleExample *self);
guint         mnr_sample_example_get_year              (MnrSampleExample *self);
gboolean      mnr_sample_example_get_year_approximate  (MnrSampleExample *self);
const char   *mnr_sample_example_get_title             (MnrSampleExample *self);
const char   *mnr_sample_example_get_summary           (MnrSampleExample *self);
const char   *mnr_sample_example_get_original_title    (MnrSampleExample *self);
const char   *mnr_sample_example_get_original_summary  (MnrSampleExample *self);
const char   *mnr_sample_example_get_source_pages      (MnrSampleExample *self);
const char   *mnr_sample_example_get_source_section    (MnrSampleExample *self);
const char   *mnr_sample_example_get_citation          (MnrSampleExample *self);

#define MNR_TYPE_SAMPLE_EVIDENCE (mnr_sample_evidence_get_type ())

G_DECLARE_FINAL_TYPE (MnrSampleEvidence, mnr_sample_evidence, MNR, SAMPLE_EVIDENCE, GObject)

GQuark             mnr_sample_evidence_error_quark     (void);

/* The kinds an example may be, as stored ("legislation", "policy" …). */
extern const char * const mnr_sample_evidence_kinds[];

MnrSampleEvidence *mnr_sample_evidence_new_from_bytes  (GBytes            *bytes,
                                                        GError           **error);
MnrSampleEvidence *mnr_sample_evidence_new_default     (GError           **error);

const char        *mnr_sample_evidence_get_id          (MnrSampleEvidence *self);
const char        *mnr_sample_evidence_get_title       (MnrSampleEvidence *self);
GListModel        *mnr_sample_evidence_get_examples    (MnrSampleEvidence *self);
GListModel        *mnr_sample_evidence_for_capability  (MnrSampleEvidence *self,
                                                        guint              number);
GListModel        *mnr_sample_evidence_for_country     (MnrSampleEvidence *self,
                                                        const char        *code);
MnrSampleExample  *mnr_sample_evidence_lookup          (MnrSampleEvidence *self,
                                                        const char        *id);

G_END_DECLS
