/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * MnrFieldKind:
 * @MNR_FIELD_TEXT: a string of at most @max_chars characters
 * @MNR_FIELD_NAME: a string of 1 to @max_chars characters, not only
 *   white space
 * @MNR_FIELD_DAY: a real day, "YYYY-MM-DD"
 * @MNR_FIELD_PARTIAL_DATE: "", "YYYY", "YYYY-MM" or "YYYY-MM-DD"
 * @MNR_FIELD_REFERENCE: the lower-case UUID of a record of @reference
 * @MNR_FIELD_ELEMENT: a capability or enabler id, "capability-4"
 * @MNR_FIELD_LEVEL: a level id of the scale (a slug)
 * @MNR_FIELD_CHOICE: one of @choices
 * @MNR_FIELD_BOOLEAN: true or false
 * @MNR_FIELD_SIZE: a file's size, an integer from 0 to the blob limit
 * @MNR_FIELD_SHA256: a file's SHA-256, 64 lower-case hex digits
 * @MNR_FIELD_FILE_NAME: 1 to 255 characters, no "/" or control character
 * @MNR_FIELD_ELEMENT_LIST: an array of element ids
 * @MNR_FIELD_COUNTRY_LIST: an array of country codes
 * @MNR_FIELD_GROUP_LIST: an array of group ids (a bundled group's slug
 *   or a group record's UUID); absent means empty, as older versions
 *   send it
 *
 * What a member of a record's `data` holds: its JSON type and its form
 * (docs/sync-protocol.md, section 4.4), and how people are shown it.
 */
typedef enum
{
  MNR_FIELD_TEXT,
  MNR_FIELD_NAME,
  MNR_FIELD_DAY,
  MNR_FIELD_PARTIAL_DATE,
  MNR_FIELD_REFERENCE,
  MNR_FIELD_ELEMENT,
  MNR_FIELD_LEVEL,
  MNR_FIELD_CHOICE,
  MNR_FIELD_BOOLEAN,
  MNR_FIELD_SIZE,
  MNR_FIELD_SHA256,
  MNR_FIELD_FILE_NAME,
  MNR_FIELD_ELEMENT_LIST,
  MNR_FIELD_COUNTRY_LIST,
  MNR_FIELD_GROUP_LIST,
} MnrFieldKind;

/**
 * MnrFieldFlags:
 * @MNR_FIELD_FREE_TEXT: typed by a person: shown whole, to be read
 * @MNR_FIELD_SHOWN_IF_CHANGED: the Conflicts window shows it only where
 *   the two sides differ (a rating's round and element name the rating)
 * @MNR_FIELD_SHARES: a %MNR_FIELD_GROUP_LIST naming the groups whose
 *   readers may read the record, and the records that belong to it
 *   (section 3.5: a round shared with a group)
 * @MNR_FIELD_RESTRICTS: a %MNR_FIELD_BOOLEAN that, when true, keeps the
 *   record and the records that belong to it to its country's writers
 *   and the secretariat (restricted evidence)
 * @MNR_FIELD_MAY_BE_EMPTY: a %MNR_FIELD_DAY, %MNR_FIELD_ELEMENT,
 *   %MNR_FIELD_LEVEL or %MNR_FIELD_REFERENCE that may also be "" (an
 *   action item without a due date, a note on no agenda item in particular)
 * @MNR_FIELD_OPTIONAL: may be absent, as in a record of a version that
 *   did not have the field; it then holds mnr_record_field_get_default()
 *   (a rating's review status: "proposed")
 */
typedef enum
{
  MNR_FIELD_FLAGS_NONE       = 0,
  MNR_FIELD_FREE_TEXT        = 1 << 0,
  MNR_FIELD_SHOWN_IF_CHANGED = 1 << 1,
  MNR_FIELD_SHARES           = 1 << 2,
  MNR_FIELD_RESTRICTS        = 1 << 3,
  MNR_FIELD_MAY_BE_EMPTY     = 1 << 4,
  MNR_FIELD_OPTIONAL         = 1 << 5,
} MnrFieldFlags;

/**
 * MnrRecordField:
 * @name: the member of `data`
 * @kind: what it holds
 * @max_chars: for text kinds, at most this many characters
 * @reference: for %MNR_FIELD_REFERENCE, the type of the record it names
 * @choices: for %MNR_FIELD_CHOICE, the values allowed
 * @flags: how it is shown
 * @label: its name for people, in context "conflict field" (NC_())
 *
 * Every field merges as one value (section 7.5, rule 4): a list too.
 */
typedef struct
{
  const char          *name;
  MnrFieldKind         kind;
  glong                max_chars;
  const char          *reference;
  const char * const  *choices;
  MnrFieldFlags        flags;
  const char          *label;
} MnrRecordField;

/**
 * MnrRecordScope:
 * @MNR_RECORD_SCOPE_COUNTRY: the record is a country's: its envelope's
 *   `country` is that country, and that country's writers write it
 * @MNR_RECORD_SCOPE_SHARED: the record is no country's (a regional
 *   group): `country` is null and only the secretariat writes it
 */
typedef enum
{
  MNR_RECORD_SCOPE_COUNTRY,
  MNR_RECORD_SCOPE_SHARED,
} MnrRecordScope;

/**
 * MnrRecordType:
 * @name: as the protocol names it, "rating"
 * @scope: whose it is, and so who may write it (section 3.4)
 * @parent: (nullable): the %MNR_FIELD_REFERENCE field naming the record
 *   this one belongs to, of the same country, applied and pushed first
 * @blob: (nullable): the %MNR_FIELD_SHA256 field naming the file that is
 *   uploaded before the record
 * @title: (nullable): the field that names a record for people; where
 *   it is empty, the type's first %MNR_FIELD_NAME field
 * @a_record: for people, a record of the type unnamed: "A rating" (N_())
 * @named: for people, with @title's value: "Evidence “%s”" (N_())
 * @fields: (array length=n_fields): the members of `data`, in the order
 *   people are shown them
 *
 * One type of record, described once: the sync record's validation, the
 * store's tables, the sync client's order of push, the server's scope
 * rule and the Conflicts window all read it. A new type is one more
 * descriptor in mnr-record-type.c and its table in the store.
 */
typedef struct
{
  const char           *name;
  MnrRecordScope        scope;
  const char           *parent;
  const char           *blob;
  const char           *title;
  const char           *a_record;
  const char           *named;
  const MnrRecordField *fields;
  guint                 n_fields;
} MnrRecordType;

extern const char * const mnr_agenda_kinds[];
extern const char * const mnr_minute_kinds[];
extern const char * const mnr_action_statuses[];
extern const char * const mnr_review_states[];

const char                  *mnr_record_choice_get_label   (const char * const   *choices,
                                                            const char           *value);
const MnrRecordType * const *mnr_record_types              (void);
const MnrRecordType         *mnr_record_type_lookup        (const char           *name);
const MnrRecordField        *mnr_record_type_get_field     (const MnrRecordType  *type,
                                                            const char           *name);
gboolean                     mnr_record_field_is_list      (const MnrRecordField *field);
const char                  *mnr_record_field_get_default  (const MnrRecordField *field);
const MnrRecordField        *mnr_record_type_find_flagged  (const MnrRecordType  *type,
                                                            MnrFieldFlags         flag);
gboolean                     mnr_record_type_is_group_id   (const char           *text);
gboolean                     mnr_record_type_country_is_valid (const MnrRecordType *type,
                                                            const char           *country);
gboolean                     mnr_record_type_validate      (const MnrRecordType  *type,
                                                            JsonObject           *data,
                                                            const MnrRecordField **failed,
                                                            GError              **error);

G_END_DECLS
