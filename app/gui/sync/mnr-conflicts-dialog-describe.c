/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-conflicts-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "mnr-conflicts-dialog-private.h"
#include "mnr-evidence.h"

/* The Conflicts window's words: records, values, changes and what a
 * merge does, as a person reads them. */

/* A long rationale or summary is shown in full in the merged text; its
 * column shows the beginning. */
#define MAX_SHOWN_CHARS 1500

JsonNode *
mnr_conflicts_dialog_record_member (const MnrSyncRecord *record,
                                    const char          *member)
{
  if (record == NULL || record->data == NULL)
    return NULL;

  return json_object_get_member (record->data, member);
}

const char *
mnr_conflicts_dialog_record_string (const MnrSyncRecord *record,
                                    const char          *member)
{
  JsonNode *node = mnr_conflicts_dialog_record_member (record, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return "";

  return json_node_get_string (node);
}

/* Whether a version is a deletion that carries nothing to show. */
gboolean
mnr_conflicts_dialog_record_is_empty (const MnrSyncRecord *record)
{
  return record == NULL || record->data == NULL || json_object_get_size (record->data) == 0;
}

/* The version to name a record by: one that has its content. */
static const MnrSyncRecord *
content_record (const MnrSyncConflict *conflict)
{
  if (!conflict->local->deleted && !mnr_conflicts_dialog_record_is_empty (conflict->local))
    return conflict->local;
  if (!conflict->remote->deleted && !mnr_conflicts_dialog_record_is_empty (conflict->remote))
    return conflict->remote;
  if (!mnr_conflicts_dialog_record_is_empty (conflict->local))
    return conflict->local;
  if (!mnr_conflicts_dialog_record_is_empty (conflict->remote))
    return conflict->remote;
  return conflict->base;
}

/* "Capability 4 — Offender management", "Enabler: Willingness to prosecute …" */
static char *
describe_element (MnrConflictsDialog *self,
                  const char         *id)
{
  MnrElement *element = mnr_framework_lookup (self->framework, id);

  if (element == NULL)
    return g_strdup (id);

  if (mnr_element_get_kind (element) == MNR_ELEMENT_CAPABILITY)
    /* Translators: a capability's number, then its title */
    return g_strdup_printf (_("Capability %u — %s"), mnr_element_get_number (element),
                            mnr_element_get_title (element));

  return mnr_element_dup_label (element);
}

static const char *
describe_country (MnrConflictsDialog *self,
                  const char         *code)
{
  MnrCountry *country;

  if (code == NULL)
    return _("No country");

  country = self->catalog != NULL ? mnr_country_catalog_lookup (self->catalog, code) : NULL;
  return country != NULL ? mnr_country_get_name (country) : code;
}

/* A group a round is shared with: a bundled group by its short name, one
 * defined here by its name, one not here by its id. */
static char *
describe_group (MnrConflictsDialog *self,
                const char         *id)
{
  MnrRegionalGroup *bundled = self->catalog != NULL ? mnr_country_catalog_lookup_group (self->catalog, id) : NULL;
  g_autoptr(GPtrArray) groups = NULL;

  if (bundled != NULL)
    return g_strdup (mnr_regional_group_get_short_name (bundled));

  groups = mnr_store_list_groups (self->store, NULL);
  for (guint i = 0; groups != NULL && i < groups->len; i++)
    if (g_strcmp0 (mnr_regional_group_get_id (groups->pdata[i]), id) == 0)
      return g_strdup (mnr_regional_group_get_name (groups->pdata[i]));

  return g_strdup (id);
}

static const char *
describe_round (MnrConflictsDialog *self,
                const char         *country,
                const char         *round_id)
{
  const char *name = g_hash_table_lookup (self->round_names, round_id);

  if (name == NULL && country != NULL && !g_hash_table_contains (self->round_names, country))
    {
      g_autoptr(GPtrArray) rounds = mnr_store_list_rounds (self->store, country, NULL);

      /* The country is remembered as looked up, whatever was found. */
      g_hash_table_insert (self->round_names, g_strdup (country), g_strdup (""));
      for (guint i = 0; rounds != NULL && i < rounds->len; i++)
        {
          MnrRound *round = g_ptr_array_index (rounds, i);

          g_hash_table_insert (self->round_names, g_strdup (round->id), g_strdup (round->name));
        }
      name = g_hash_table_lookup (self->round_names, round_id);
    }

  return name != NULL ? name : _("an assessment round not found here");
}

static int
compare_collated (gconstpointer a,
                  gconstpointer b)
{
  return g_utf8_collate (*(const char * const *)a, *(const char * const *)b);
}

static char *
truncate_text (const char *text)
{
  if (g_utf8_strlen (text, -1) <= MAX_SHOWN_CHARS)
    return g_strdup (text);

  {
    g_autofree char *start = g_utf8_substring (text, 0, MAX_SHOWN_CHARS);

    /* Translators: the beginning of a long text, cut short */
    return g_strdup_printf (_("%s…"), start);
  }
}

/* The value of @member in words, as a person reads it; *@empty is set
 * when there is nothing (an empty text, no value). */
char *
mnr_conflicts_dialog_describe_value (MnrConflictsDialog  *self,
                                     const MnrSyncRecord *record,
                                     const char          *member,
                                     gboolean            *empty)
{
  const MnrRecordType *type;
  const MnrRecordField *field;
  JsonNode *node;
  int kind;

  *empty = FALSE;

  if (g_str_equal (member, "country"))
    return g_strdup (describe_country (self, record->country));

  node = mnr_conflicts_dialog_record_member (record, member);
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      *empty = TRUE;
      return g_strdup (_("Not set"));
    }

  /* What the value is, from the type's descriptor; a member it does not
   * have (a newer version's) is shown as it is. */
  type = mnr_record_type_lookup (record->type);
  field = type != NULL ? mnr_record_type_get_field (type, member) : NULL;
  kind = field != NULL ? (int)field->kind : -1;

  if (JSON_NODE_HOLDS_ARRAY (node) && field != NULL && mnr_record_field_is_list (field))
    {
      JsonArray *array = json_node_get_array (node);
      g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_free);
      gboolean elements = kind == MNR_FIELD_ELEMENT_LIST;
      gboolean groups = kind == MNR_FIELD_GROUP_LIST;

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          const char *id = json_array_get_string_element (array, i);

          if (id == NULL)
            continue;
          if (elements)
            g_ptr_array_add (items, describe_element (self, id));
          else if (groups)
            g_ptr_array_add (items, describe_group (self, id));
          else
            g_ptr_array_add (items, g_strdup (describe_country (self, id)));
        }

      if (items->len == 0)
        {
          *empty = TRUE;
          if (groups)
            return g_strdup (_("Not shared"));
          return g_strdup (elements ? _("None") : _("No members"));
        }

      if (!elements)
        g_ptr_array_sort (items, compare_collated);
      g_ptr_array_add (items, NULL);
      /* One capability a line; countries in a sentence. */
      return g_strjoinv (elements ? "\n" : C_("list separator", ", "), (char **)items->pdata);
    }

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN && kind == MNR_FIELD_BOOLEAN)
    {
      /* The one yes-or-no of the protocol so far: evidence's sensitivity. */
      if (g_str_equal (member, "restricted"))
        return g_strdup (json_node_get_boolean (node) ? _("Restricted") : _("Public"));
      return g_strdup (json_node_get_boolean (node) ? C_("conflict value", "Yes") : C_("conflict value", "No"));
    }

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64 && kind == MNR_FIELD_SIZE)
    return g_format_size ((guint64)MAX (json_node_get_int (node), 0));

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (node);

      if (text[0] == '\0')
        {
          *empty = TRUE;
          if (kind == MNR_FIELD_DAY || kind == MNR_FIELD_PARTIAL_DATE)
            return g_strdup (_("No date"));
          return g_strdup (_("Empty"));
        }

      if (kind == MNR_FIELD_LEVEL)
        {
          MnrLevel *level = mnr_framework_lookup_level (self->framework, text);

          return g_strdup (level != NULL ? mnr_level_get_name (level) : text);
        }
      if (kind == MNR_FIELD_ELEMENT)
        return describe_element (self, text);
      if (kind == MNR_FIELD_CHOICE && field->choices == mnr_evidence_kinds)
        return g_strdup (mnr_evidence_kind_get_label (text));
      if (kind == MNR_FIELD_CHOICE && mnr_record_choice_get_label (field->choices, text) != NULL)
        return g_strdup (mnr_record_choice_get_label (field->choices, text));
      if (kind == MNR_FIELD_SHA256)
        /* Translators: the start of a file's SHA-256 checksum, which tells files apart */
        return g_strdup_printf (_("File %.12s…"), text);
      if (kind == MNR_FIELD_REFERENCE && g_str_equal (field->reference, "round"))
        return g_strdup (describe_round (self, record->country, text));
      if (kind == MNR_FIELD_REFERENCE && g_str_equal (field->reference, "meeting"))
        {
          g_autoptr(MnrMeeting) meeting = mnr_store_get_meeting (self->store, text, NULL);

          if (meeting != NULL)
            return g_strdup_printf (_("“%s”"), meeting->title);
        }
      if (kind == MNR_FIELD_REFERENCE && g_str_equal (field->reference, "evidence"))
        {
          g_autoptr(MnrEvidence) evidence = mnr_store_get_evidence (self->store, text, NULL);

          if (evidence != NULL)
            return g_strdup_printf (_("“%s”"), mnr_evidence_get_title (evidence));
        }

      return truncate_text (text);
    }

  /* A member a newer version of the app knows: its JSON. */
  return json_to_string (node, FALSE);
}

/* "22 November 2026 at 07:10 (2 hours ago)", or %NULL when unknown. */
static char *
describe_time (gint64 usec)
{
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *absolute = NULL;
  g_autofree char *relative = NULL;
  gint64 age;

  if (usec <= 0)
    return NULL;

  when = g_date_time_new_from_unix_local (usec / G_USEC_PER_SEC);
  if (when == NULL)
    return NULL;

  /* Translators: a date and time in g_date_time_format() form, as
   * "22 November 2026 at 07:10" */
  absolute = g_date_time_format (when, C_("conflict time", "%-d %B %Y at %H:%M"));
  age = MAX (g_get_real_time () - usec, 0) / G_USEC_PER_SEC;

  if (age < 60)
    relative = g_strdup (_("just now"));
  else if (age < 3600)
    relative = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute ago", "%d minutes ago",
                                             (gulong)(age / 60)), (int)(age / 60));
  else if (age < 86400)
    relative = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour ago", "%d hours ago",
                                             (gulong)(age / 3600)), (int)(age / 3600));
  else if (age < 86400 * 60)
    relative = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day ago", "%d days ago",
                                             (gulong)(age / 86400)), (int)(age / 86400));

  if (absolute == NULL)
    return g_steal_pointer (&relative);
  if (relative == NULL)
    return g_steal_pointer (&absolute);

  /* Translators: a date and time, then how long ago it was */
  return g_strdup_printf (C_("conflict time", "%s (%s)"), absolute, relative);
}

static const char *
author_of (const MnrSyncRecord *record)
{
  return record->updated_by != NULL && record->updated_by[0] != '\0' ? record->updated_by : NULL;
}

/**
 * mnr_conflicts_dialog_describe_conflict_name:
 *
 * The record in words: "Rating of Capability 4 — Offender management,
 * Review 2018", "Evidence “National Plan of Action”", "Group “ASEAN”".
 */
char *
mnr_conflicts_dialog_describe_conflict_name (MnrConflictsDialog    *self,
                                             const MnrSyncConflict *conflict)
{
  const MnrSyncRecord *record = content_record (conflict);
  const MnrRecordType *type = mnr_record_type_lookup (conflict->type);
  const char *title;

  if (type == NULL)
    return g_strdup (conflict->type);

  if (record == NULL || mnr_conflicts_dialog_record_is_empty (record))
    return g_strdup (g_dgettext (GETTEXT_PACKAGE, type->a_record));

  /* A type without a title (a rating) is named by the element it rates
   * in the record it belongs to. */
  if (type->title == NULL)
    {
      const MnrRecordField *parent = mnr_record_type_get_field (type, type->parent);
      g_autofree char *element = NULL;

      for (guint i = 0; i < type->n_fields && element == NULL; i++)
        if (type->fields[i].kind == MNR_FIELD_ELEMENT)
          element = describe_element (self, mnr_conflicts_dialog_record_string (record, type->fields[i].name));

      /* Translators: a rating of a capability (or enabler) in an assessment
       * round, as "Rating of Capability 4 — Offender management, Review 2018" */
      return g_strdup_printf (_("Rating of %s, %s"), element != NULL ? element : "",
                              describe_round (self, record->country,
                                              mnr_conflicts_dialog_record_string (record, parent->name)));
    }

  /* Its title ("ASEAN"), or where that is empty its name. */
  title = mnr_conflicts_dialog_record_string (record, type->title);
  for (guint i = 0; i < type->n_fields && title[0] == '\0'; i++)
    if (type->fields[i].kind == MNR_FIELD_NAME)
      title = mnr_conflicts_dialog_record_string (record, type->fields[i].name);

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
  return g_strdup_printf (g_dgettext (GETTEXT_PACKAGE, type->named), title);
#pragma GCC diagnostic pop
}

/* Where the record belongs: its country, or "Regional group". */
const char *
mnr_conflicts_dialog_describe_place (MnrConflictsDialog    *self,
                                     const MnrSyncConflict *conflict)
{
  const MnrRecordType *type = mnr_record_type_lookup (conflict->type);

  if (type != NULL && type->scope == MNR_RECORD_SCOPE_SHARED)
    return _("Regional groups");

  return describe_country (self, conflict->local->country != NULL ? conflict->local->country
                                                                  : conflict->remote->country);
}

static guint
count_conflicting (const MnrSyncConflict *conflict)
{
  g_autoptr(MnrSyncRecord) merged = NULL;
  g_auto(GStrv) conflicting = NULL;

  merged = mnr_sync_record_merge (conflict->base, conflict->local, conflict->remote, &conflicting);
  return conflicting != NULL ? g_strv_length (conflicting) : 0;
}

/* What waits, in a few words: "Deleted on the server", "2 fields to choose" */
char *
mnr_conflicts_dialog_describe_state (const MnrSyncConflict *conflict)
{
  guint n;

  if (conflict->remote->deleted && !conflict->local->deleted)
    return g_strdup (_("Deleted on the server, edited by you"));
  if (conflict->local->deleted && !conflict->remote->deleted)
    return g_strdup (_("Deleted by you, edited on the server"));

  n = count_conflicting (conflict);
  if (n == 0)
    return g_strdup (_("Changes merge without a choice"));

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u field to choose", "%u fields to choose", n), n);
}

/* The items of a list member (capabilities, member countries) in @a and
 * not in @b, in words, joined; %NULL when there are none. */
static char *
describe_missing (MnrConflictsDialog *self,
                  const char         *member,
                  JsonNode           *a,
                  JsonNode           *b)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  JsonArray *items, *others;

  if (a == NULL || !JSON_NODE_HOLDS_ARRAY (a))
    return NULL;

  items = json_node_get_array (a);
  others = b != NULL && JSON_NODE_HOLDS_ARRAY (b) ? json_node_get_array (b) : NULL;

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      const char *item = json_array_get_string_element (items, i);
      gboolean found = FALSE;

      for (guint j = 0; item != NULL && others != NULL && j < json_array_get_length (others) && !found; j++)
        found = g_strcmp0 (item, json_array_get_string_element (others, j)) == 0;

      if (item != NULL && !found)
        g_ptr_array_add (names, g_str_equal (member, "elements") ? describe_element (self, item)
                                                                 : g_strdup (describe_country (self, item)));
    }

  if (names->len == 0)
    return NULL;

  g_ptr_array_add (names, NULL);
  return g_strjoinv (C_("list separator", ", "), (char **)names->pdata);
}

/* What one side's list changed, as a line under it: against the base when
 * it is known ("Added: Timor-Leste" / "Removed: Myanmar"), else against
 * the other side. A long list is hard to compare by eye. */
char *
mnr_conflicts_dialog_describe_list_change (MnrConflictsDialog *self,
                                           const char         *member,
                                           JsonNode           *base,
                                           JsonNode           *side,
                                           JsonNode           *other,
                                           gboolean            mine)
{
  g_autofree char *added = NULL;
  g_autofree char *removed = NULL;
  g_autofree char *added_line = NULL;
  g_autofree char *removed_line = NULL;

  if (base != NULL)
    {
      added = describe_missing (self, member, side, base);
      removed = describe_missing (self, member, base, side);
      /* Translators: the items a list gained, as "Added: Timor-Leste" */
      added_line = added != NULL ? g_strdup_printf (_("Added: %s"), added) : NULL;
      /* Translators: the items a list lost, as "Removed: Myanmar" */
      removed_line = removed != NULL ? g_strdup_printf (_("Removed: %s"), removed) : NULL;
    }
  else
    {
      added = describe_missing (self, member, side, other);
      if (added != NULL)
        added_line = g_strdup_printf (mine ? _("Only in yours: %s") : _("Only on the server: %s"), added);
    }

  if (added_line != NULL && removed_line != NULL)
    return g_strjoin ("\n", added_line, removed_line, NULL);

  return g_strdup (added_line != NULL ? added_line : removed_line);
}

/* "Changed by Maria Santos on 22 November 2026 at 07:10 (2 hours ago)" */
char *
mnr_conflicts_dialog_describe_change (const MnrSyncRecord *record,
                                      gboolean             mine)
{
  g_autofree char *when = describe_time (record->updated_at);
  const char *who = author_of (record);

  if (record->deleted)
    {
      if (who != NULL && when != NULL)
        return g_strdup_printf (_("Deleted by %s on %s"), who, when);
      if (who != NULL)
        return g_strdup_printf (_("Deleted by %s"), who);
      if (when != NULL)
        return g_strdup_printf (_("Deleted on %s"), when);
      return g_strdup (_("Deleted"));
    }

  if (who != NULL && when != NULL)
    return g_strdup_printf (_("Changed by %s on %s"), who, when);
  if (who != NULL)
    return g_strdup_printf (_("Changed by %s"), who);
  if (when != NULL)
    return g_strdup_printf (mine ? _("Changed here on %s") : _("Changed on %s"), when);

  return g_strdup (mine ? _("Changed here since the last sync") : _("Changed on the server"));
}

char *
mnr_conflicts_dialog_describe_deletion (MnrConflictsDialog *self)
{
  const MnrSyncConflict *conflict = self->current;
  const MnrSyncRecord *deleted = conflict->local->deleted ? conflict->local : conflict->remote;
  const MnrSyncRecord *edited = conflict->local->deleted ? conflict->remote : conflict->local;
  g_autofree char *deleted_when = describe_time (deleted->updated_at);
  g_autofree char *edited_when = describe_time (edited->updated_at);
  const char *deleted_by = author_of (deleted) != NULL ? author_of (deleted) : _("someone");
  const char *edited_by = author_of (edited) != NULL ? author_of (edited) : _("someone");
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  const char *advice;

  if (deleted == conflict->remote)
    {
      first = deleted_when != NULL ? g_strdup_printf (_("Deleted on the server by %s on %s."), deleted_by, deleted_when)
                                   : g_strdup_printf (_("Deleted on the server by %s."), deleted_by);
      second = edited_when != NULL ? g_strdup_printf (_("You edited it on %s."), edited_when)
                                   : g_strdup (_("You edited it since your last sync."));
      advice = _("Accept the deletion and your edit is dropped, or keep your edited version: "
                 "it restores the record for everyone at the next sync.");
    }
  else
    {
      first = deleted_when != NULL ? g_strdup_printf (_("You deleted it on %s."), deleted_when)
                                   : g_strdup (_("You deleted it since your last sync."));
      second = edited_when != NULL ? g_strdup_printf (_("Meanwhile %s edited it on the server on %s."),
                                                      edited_by, edited_when)
                                   : g_strdup_printf (_("Meanwhile %s edited it on the server."), edited_by);
      advice = _("Accept your deletion and their edit is dropped, or keep their edited version: "
                 "the record stays.");
    }

  return g_strjoin (" ", first, second, advice, NULL);
}

char *
mnr_conflicts_dialog_describe_merge (MnrConflictsDialog *self)
{
  guint n_auto = 0, n_choice = 0;
  g_autofree char *auto_text = NULL;
  g_autofree char *choice_text = NULL;

  for (guint i = 0; i < self->fields->len; i++)
    {
      MnrConflictField *field = g_ptr_array_index (self->fields, i);

      if (field->state == MNR_CONFLICT_FIELD_CHANGED_HERE || field->state == MNR_CONFLICT_FIELD_CHANGED_THERE)
        n_auto++;
      else if (field->state == MNR_CONFLICT_FIELD_CONFLICT)
        n_choice++;
    }

  if (n_auto > 0)
    auto_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%u field changed on one side only is merged automatically.",
                                              "%u fields changed on one side only are merged automatically.",
                                              n_auto), n_auto);
  if (n_choice > 0)
    choice_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "%u field was changed on both sides: choose which version to keep.",
                                                "%u fields were changed on both sides: choose which version to keep.",
                                                n_choice), n_choice);
  else
    choice_text = g_strdup (_("No field was changed differently on both sides."));

  return g_strjoin (" ", _("This record was changed here and on the server since your last sync."),
                    auto_text != NULL ? auto_text : choice_text,
                    auto_text != NULL ? choice_text : NULL, NULL);
}
