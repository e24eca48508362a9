/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-conflicts-dialog"

#include "config.h"

#include "mnr-gui-resources.h"

#include <glib/gi18n.h>

#include "mnr-conflicts-dialog-private.h"
#include "mnr-evidence.h"
#include "mnr-level-style.h"

/* "Conflicts": the records changed both here and on the server since the
 * last sync (docs/sync-protocol.md, section 7.5), each named in words on the
 * start side; on the end side the selected one, field by field, yours
 * beside the server's, with who changed each and when.
 *
 * A field changed on one side only is merged automatically (rule 4) and
 * says so; a field changed on both sides to different values needs a
 * person's choice: yours, the server's, or for free text a merged text.
 * A deletion against an edit (rule 3) is said in plain words, with its two
 * choices: accept the deletion, or keep the edited version.
 *
 * Whatever is chosen becomes the local version through
 * mnr_store_resolve_conflict() and goes to the server at the next sync;
 * ::resolved tells the window to show the new state. The conflicts are
 * few, so the list is rebuilt from the store after every change. */

/* A long rationale or summary is shown in full in the merged text; its
 * column shows the beginning. */
#define MAX_SHOWN_CHARS 1500

typedef enum
{
  FIELD_SAME,            /* equal on both sides, unchanged */
  FIELD_CHANGED_ALIKE,   /* changed on both sides to the same value */
  FIELD_CHANGED_HERE,    /* changed here only: kept */
  FIELD_CHANGED_THERE,   /* changed on the server only: taken */
  FIELD_CONFLICT,        /* changed on both sides differently: a choice */
} FieldState;

typedef enum
{
  CHOICE_NONE,
  CHOICE_MINE,
  CHOICE_THEIRS,
  CHOICE_EDITED,
} Choice;

typedef struct
{
  MnrConflictsDialog *dialog;   /* borrowed */
  char               *member;   /* a member of data, or "country" */
  FieldState          state;
  Choice              choice;
  gboolean            free_text;
  gboolean            updating; /* set while a choice rewrites the merged text */

  /* borrowed: in the fields box */
  GtkWidget          *row;
  GtkWidget          *name_label;
  GtkWidget          *status_label;
  GtkWidget          *mine_cell;
  GtkWidget          *theirs_cell;
  GtkWidget          *mine_label;
  GtkWidget          *theirs_label;
  GtkWidget          *use_mine;
  GtkWidget          *use_theirs;
  GtkWidget          *merged_view;
} Field;

struct _MnrConflictsDialog
{
  AdwWindow          parent_instance;

  /* template widgets */
  AdwToastOverlay   *toast_overlay;
  int                zoom;          /* percent, the main window's */
  AdwWindowTitle    *window_title;
  GtkStack          *main_stack;
  GtkButton         *close_button;
  GtkListBox        *conflict_list;
  GtkScrolledWindow *detail_scroller;
  GtkLabel          *heading_label;
  GtkLabel          *subheading_label;
  GtkLabel          *explanation_label;
  GtkBox            *fields_box;
  GtkLabel          *hint_label;
  GtkWidget         *keep_mine_button;
  GtkWidget         *take_theirs_button;
  GtkWidget         *save_merged_button;
  GtkWidget         *accept_deletion_button;
  GtkWidget         *keep_edited_button;

  /* owned */
  MnrStore          *store;
  MnrFramework      *framework;
  MnrCountryCatalog *catalog;      /* nullable */
  GPtrArray         *conflicts;    /* MnrSyncConflict, as the store listed them */
  GHashTable        *round_names;  /* round id → name */
  GPtrArray         *fields;       /* Field, of the conflict shown */
  MnrSyncRecord     *merged;       /* the automatic merge of the conflict shown */
  GStrv              conflicting;  /* its members changed on both sides */
  char              *shown_key;    /* "type/id/remote rev/local rev" of the conflict shown */
  AdwToast          *toast;

  /* borrowed */
  MnrSyncConflict   *current;      /* in @conflicts; %NULL when none is shown */
  GtkLabel          *mine_title;
  GtkLabel          *theirs_title;
  gboolean           deletion;     /* the conflict shown is a deletion against an edit */
  gboolean           rebuilding;
};

G_DEFINE_FINAL_TYPE (MnrConflictsDialog, mnr_conflicts_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  PROP_FRAMEWORK,
  PROP_CATALOG,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  RESOLVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The fields of each type, in the order they are shown. Those not
 * @always are shown only when they differ. */
typedef struct
{
  const char *type;
  const char *member;
  const char *label;
  gboolean    free_text;
  gboolean    always;
} FieldSpec;

static const FieldSpec field_specs[] = {
  { "rating", "level", NC_("conflict field", "Level"), FALSE, TRUE },
  { "rating", "rationale", NC_("conflict field", "Rationale"), TRUE, TRUE },
  { "rating", "element", NC_("conflict field", "Capability or enabler"), FALSE, FALSE },
  { "rating", "round", NC_("conflict field", "Assessment round"), FALSE, FALSE },
  { "evidence", "title", NC_("conflict field", "Title"), TRUE, TRUE },
  { "evidence", "kind", NC_("conflict field", "Kind"), FALSE, TRUE },
  { "evidence", "date", NC_("conflict field", "Date"), FALSE, TRUE },
  { "evidence", "source", NC_("conflict field", "Source"), TRUE, TRUE },
  { "evidence", "summary", NC_("conflict field", "Summary"), TRUE, TRUE },
  { "evidence", "restricted", NC_("conflict field", "Sensitivity"), FALSE, TRUE },
  { "evidence", "elements", NC_("conflict field", "Capabilities and enablers"), FALSE, TRUE },
  { "round", "name", NC_("conflict field", "Name"), TRUE, TRUE },
  { "round", "date", NC_("conflict field", "Date"), FALSE, TRUE },
  { "attachment", "name", NC_("conflict field", "File name"), TRUE, TRUE },
  { "attachment", "size", NC_("conflict field", "Size"), FALSE, TRUE },
  { "attachment", "content_type", NC_("conflict field", "File type"), FALSE, TRUE },
  { "attachment", "sha256", NC_("conflict field", "Content"), FALSE, TRUE },
  { "attachment", "evidence", NC_("conflict field", "Evidence"), FALSE, FALSE },
  { "group", "name", NC_("conflict field", "Name"), TRUE, TRUE },
  { "group", "short_name", NC_("conflict field", "Short name"), TRUE, TRUE },
  { "group", "members", NC_("conflict field", "Members"), FALSE, TRUE },
};

static void
show_toast (MnrConflictsDialog *self,
            const char         *title)
{
  g_clear_object (&self->toast);
  self->toast = adw_toast_new (title);
  adw_toast_set_timeout (self->toast, 8);
  adw_toast_overlay_add_toast (self->toast_overlay, g_object_ref (self->toast));
}

/* ------------------------------------------------------------------ */
/* Values in words */

static JsonNode *
record_member (const MnrSyncRecord *record,
               const char          *member)
{
  if (record == NULL || record->data == NULL)
    return NULL;

  return json_object_get_member (record->data, member);
}

static const char *
record_string (const MnrSyncRecord *record,
               const char          *member)
{
  JsonNode *node = record_member (record, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return "";

  return json_node_get_string (node);
}

/* Whether a version is a deletion that carries nothing to show. */
static gboolean
is_empty (const MnrSyncRecord *record)
{
  return record == NULL || record->data == NULL || json_object_get_size (record->data) == 0;
}

/* The version to name a record by: one that has its content. */
static const MnrSyncRecord *
content_record (const MnrSyncConflict *conflict)
{
  if (!conflict->local->deleted && !is_empty (conflict->local))
    return conflict->local;
  if (!conflict->remote->deleted && !is_empty (conflict->remote))
    return conflict->remote;
  if (!is_empty (conflict->local))
    return conflict->local;
  if (!is_empty (conflict->remote))
    return conflict->remote;
  return conflict->base;
}

static gboolean
same_value (JsonNode *a,
            JsonNode *b)
{
  if (a == NULL || b == NULL)
    return a == b;

  return json_node_equal (a, b);
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
static char *
describe_value (MnrConflictsDialog  *self,
                const MnrSyncRecord *record,
                const char          *member,
                gboolean            *empty)
{
  JsonNode *node;

  *empty = FALSE;

  if (g_str_equal (member, "country"))
    return g_strdup (describe_country (self, record->country));

  node = record_member (record, member);
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      *empty = TRUE;
      return g_strdup (_("Not set"));
    }

  if (JSON_NODE_HOLDS_ARRAY (node) && (g_str_equal (member, "elements") || g_str_equal (member, "members")))
    {
      JsonArray *array = json_node_get_array (node);
      g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_free);
      gboolean elements = g_str_equal (member, "elements");

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          const char *id = json_array_get_string_element (array, i);

          if (id == NULL)
            continue;
          g_ptr_array_add (items, elements ? describe_element (self, id) : g_strdup (describe_country (self, id)));
        }

      if (items->len == 0)
        {
          *empty = TRUE;
          return g_strdup (elements ? _("None") : _("No members"));
        }

      if (!elements)
        g_ptr_array_sort (items, compare_collated);
      g_ptr_array_add (items, NULL);
      /* One capability a line; countries in a sentence. */
      return g_strjoinv (elements ? "\n" : C_("list separator", ", "), (char **)items->pdata);
    }

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN &&
      g_str_equal (member, "restricted"))
    return g_strdup (json_node_get_boolean (node) ? _("Restricted") : _("Public"));

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64 &&
      g_str_equal (member, "size"))
    return g_format_size ((guint64)MAX (json_node_get_int (node), 0));

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (node);

      if (text[0] == '\0')
        {
          *empty = TRUE;
          if (g_str_equal (member, "date"))
            return g_strdup (_("No date"));
          return g_strdup (_("Empty"));
        }

      if (g_str_equal (record->type, "rating") && g_str_equal (member, "level"))
        {
          MnrLevel *level = mnr_framework_lookup_level (self->framework, text);

          return g_strdup (level != NULL ? mnr_level_get_name (level) : text);
        }
      if (g_str_equal (member, "element"))
        return describe_element (self, text);
      if (g_str_equal (record->type, "rating") && g_str_equal (member, "round"))
        return g_strdup (describe_round (self, record->country, text));
      if (g_str_equal (record->type, "evidence") && g_str_equal (member, "kind"))
        return g_strdup (mnr_evidence_kind_get_label (text));
      if (g_str_equal (record->type, "attachment") && g_str_equal (member, "sha256"))
        /* Translators: the start of a file's SHA-256 checksum, which tells files apart */
        return g_strdup_printf (_("File %.12s…"), text);
      if (g_str_equal (record->type, "attachment") && g_str_equal (member, "evidence"))
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
 * describe_conflict_name:
 *
 * The record in words: "Rating of Capability 4 — Offender management,
 * Review 2018", "Evidence “National Plan of Action”", "Group “ASEAN”".
 */
static char *
describe_conflict_name (MnrConflictsDialog    *self,
                        const MnrSyncConflict *conflict)
{
  const MnrSyncRecord *record = content_record (conflict);
  const char *type = conflict->type;

  if (record == NULL || is_empty (record))
    {
      if (g_str_equal (type, "rating"))
        return g_strdup (_("A rating"));
      if (g_str_equal (type, "evidence"))
        return g_strdup (_("An item of evidence"));
      if (g_str_equal (type, "round"))
        return g_strdup (_("An assessment round"));
      if (g_str_equal (type, "attachment"))
        return g_strdup (_("An attachment"));
      return g_strdup (_("A regional group"));
    }

  if (g_str_equal (type, "rating"))
    {
      g_autofree char *element = describe_element (self, record_string (record, "element"));

      /* Translators: a rating of a capability (or enabler) in an assessment
       * round, as "Rating of Capability 4 — Offender management, Review 2018" */
      return g_strdup_printf (_("Rating of %s, %s"), element,
                              describe_round (self, record->country, record_string (record, "round")));
    }

  if (g_str_equal (type, "evidence"))
    return g_strdup_printf (_("Evidence “%s”"), record_string (record, "title"));

  if (g_str_equal (type, "round"))
    return g_strdup_printf (_("Assessment round “%s”"), record_string (record, "name"));

  if (g_str_equal (type, "attachment"))
    return g_strdup_printf (_("Attachment “%s”"), record_string (record, "name"));

  if (record_string (record, "short_name")[0] != '\0')
    return g_strdup_printf (_("Group “%s”"), record_string (record, "short_name"));

  return g_strdup_printf (_("Group “%s”"), record_string (record, "name"));
}

/* Where the record belongs: its country, or "Regional group". */
static const char *
describe_place (MnrConflictsDialog    *self,
                const MnrSyncConflict *conflict)
{
  if (g_str_equal (conflict->type, "group"))
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
static char *
describe_state (const MnrSyncConflict *conflict)
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

/* ------------------------------------------------------------------ */
/* The fields */

static void
field_free (Field *field)
{
  if (field->use_mine != NULL)
    g_signal_handlers_disconnect_by_data (field->use_mine, field);
  if (field->use_theirs != NULL)
    g_signal_handlers_disconnect_by_data (field->use_theirs, field);
  if (field->merged_view != NULL)
    g_signal_handlers_disconnect_by_data (gtk_text_view_get_buffer (GTK_TEXT_VIEW (field->merged_view)), field);

  g_free (field->member);
  g_free (field);
}

static Field *
find_field (MnrConflictsDialog *self,
            const char         *member)
{
  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);

      if (g_str_equal (field->member, member))
        return field;
    }

  return NULL;
}

static guint
count_undecided (MnrConflictsDialog *self)
{
  guint n = 0;

  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);

      if (field->state == FIELD_CONFLICT && field->choice == CHOICE_NONE)
        n++;
    }

  return n;
}

static void
update_actions (MnrConflictsDialog *self)
{
  gboolean shown = self->current != NULL;
  guint undecided = shown ? count_undecided (self) : 0;
  guint n_conflicting = self->conflicting != NULL ? g_strv_length (self->conflicting) : 0;
  g_autofree char *hint = NULL;

  gtk_widget_set_visible (self->keep_mine_button, !self->deletion);
  gtk_widget_set_visible (self->take_theirs_button, !self->deletion);
  gtk_widget_set_visible (self->save_merged_button, !self->deletion);
  gtk_widget_set_visible (self->accept_deletion_button, self->deletion);
  gtk_widget_set_visible (self->keep_edited_button, self->deletion);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "conflicts.keep-mine", shown && !self->deletion);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "conflicts.take-theirs", shown && !self->deletion);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "conflicts.save-merged",
                                 shown && !self->deletion && undecided == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "conflicts.accept-deletion", shown && self->deletion);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "conflicts.keep-edited", shown && self->deletion);

  if (!shown)
    hint = g_strdup ("");
  else if (self->deletion)
    hint = g_strdup (_("Deleting and editing cannot be merged: choose one."));
  else if (undecided > 0)
    hint = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Choose a version of %u more field to save a merged version.",
                                         "Choose a version of %u more fields to save a merged version.",
                                         undecided), undecided);
  else if (n_conflicting > 0)
    hint = g_strdup (_("Every field has a choice: the merged version can be saved."));
  else
    hint = g_strdup (_("Save Merged keeps the changes made on both sides."));

  gtk_label_set_label (self->hint_label, hint);
}

static const char *
status_text (MnrConflictsDialog *self,
             Field              *field)
{
  if (self->deletion)
    {
      switch (field->state)
        {
        case FIELD_CHANGED_HERE:
          return _("Changed in your edit");
        case FIELD_CHANGED_THERE:
          return _("Changed in the edit on the server");
        case FIELD_SAME:
        case FIELD_CHANGED_ALIKE:
        case FIELD_CONFLICT:
        default:
          return "";
        }
    }

  switch (field->state)
    {
    case FIELD_CHANGED_ALIKE:
      return _("Changed the same way on both sides");
    case FIELD_CHANGED_HERE:
      return _("Only changed by you — kept");
    case FIELD_CHANGED_THERE:
      return _("Only changed on the server — taken");
    case FIELD_CONFLICT:
      switch (field->choice)
        {
        case CHOICE_MINE:
          return _("Changed on both sides — yours chosen");
        case CHOICE_THEIRS:
          return _("Changed on both sides — the server’s chosen");
        case CHOICE_EDITED:
          return _("Changed on both sides — merged text");
        case CHOICE_NONE:
        default:
          return field->free_text ? _("Changed on both sides — choose one, or edit the merged text")
                                  : _("Changed on both sides — choose one");
        }
    case FIELD_SAME:
    default:
      return "";
    }
}

/* The classes that show, beside the words, what happens to the field. */
static void
update_field (Field *field)
{
  MnrConflictsDialog *self = field->dialog;
  const char *status = status_text (self, field);
  gboolean mine_wins = field->state == FIELD_CHANGED_HERE ||
                       (field->state == FIELD_CONFLICT && field->choice == CHOICE_MINE);
  gboolean theirs_wins = field->state == FIELD_CHANGED_THERE ||
                         (field->state == FIELD_CONFLICT && field->choice == CHOICE_THEIRS);

  gtk_label_set_label (GTK_LABEL (field->status_label), status);
  gtk_widget_set_visible (field->status_label, status[0] != '\0');
  if (status[0] != '\0')
    gtk_widget_add_css_class (field->row, "has-status");
  else
    gtk_widget_remove_css_class (field->row, "has-status");

  if (field->state == FIELD_CONFLICT && field->choice == CHOICE_NONE)
    gtk_widget_add_css_class (field->row, "needs-choice");
  else
    gtk_widget_remove_css_class (field->row, "needs-choice");

  if (self->deletion)
    return;

  if (mine_wins)
    gtk_widget_add_css_class (field->mine_cell, "chosen");
  else
    gtk_widget_remove_css_class (field->mine_cell, "chosen");

  if (theirs_wins)
    gtk_widget_add_css_class (field->theirs_cell, "chosen");
  else
    gtk_widget_remove_css_class (field->theirs_cell, "chosen");
}

static void
set_merged_text (Field      *field,
                 const char *text)
{
  GtkTextBuffer *buffer;

  if (field->merged_view == NULL)
    return;

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (field->merged_view));
  field->updating = TRUE;
  gtk_text_buffer_set_text (buffer, text, -1);
  field->updating = FALSE;
}

static void
choose (Field  *field,
        Choice  choice)
{
  MnrConflictsDialog *self = field->dialog;

  field->choice = choice;

  field->updating = TRUE;
  if (field->use_mine != NULL)
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (field->use_mine), choice == CHOICE_MINE);
  if (field->use_theirs != NULL)
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (field->use_theirs), choice == CHOICE_THEIRS);
  field->updating = FALSE;

  if (choice == CHOICE_MINE)
    set_merged_text (field, record_string (self->current->local, field->member));
  else if (choice == CHOICE_THEIRS)
    set_merged_text (field, record_string (self->current->remote, field->member));

  update_field (field);
  update_actions (self);
}

static void
on_use_toggled_cb (GtkToggleButton *button,
                   Field           *field)
{
  gboolean mine = GTK_WIDGET (button) == field->use_mine;

  if (field->updating)
    return;

  if (gtk_toggle_button_get_active (button))
    choose (field, mine ? CHOICE_MINE : CHOICE_THEIRS);
  else if (field->choice == (mine ? CHOICE_MINE : CHOICE_THEIRS))
    choose (field, CHOICE_NONE);
}

static void
on_merged_changed_cb (GtkTextBuffer *buffer,
                      Field         *field)
{
  if (field->updating)
    return;

  choose (field, CHOICE_EDITED);
}

#define NAME_COLUMN_WIDTH 170

static GtkWidget *
new_name_box (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);

  gtk_widget_set_size_request (box, NAME_COLUMN_WIDTH, -1);
  gtk_widget_add_css_class (box, "conflict-name");
  return box;
}

static GtkWidget *
new_label (const char *text,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_yalign (GTK_LABEL (label), 0);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);

  return label;
}

/* The value of one side in its cell: the level as a coloured chip with
 * its name, anything else as text. */
static GtkWidget *
new_value_label (MnrConflictsDialog  *self,
                 const MnrSyncRecord *record,
                 const char          *member,
                 gboolean             deleted_side)
{
  g_autofree char *text = NULL;
  GtkWidget *label;
  gboolean empty = FALSE;

  if (deleted_side)
    {
      /* Translators: shown in place of a value of a deleted record */
      label = new_label (C_("deleted value", "—"), "dim-label");
      gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Deleted"), -1);
      return label;
    }

  text = describe_value (self, record, member, &empty);
  label = new_label (text, "conflict-value-text");
  if (empty)
    {
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_add_css_class (label, "conflict-empty");
    }

  if (!empty && g_str_equal (record->type, "rating") && g_str_equal (member, "level"))
    {
      MnrLevel *level = mnr_framework_lookup_level (self->framework, record_string (record, "level"));

      if (level != NULL)
        {
          gtk_widget_set_halign (label, GTK_ALIGN_START);
          gtk_widget_add_css_class (label, "level-chip");
          gtk_widget_add_css_class (label, "conflict-level");
          mnr_level_style_add_classes (label, level);
        }
    }

  return label;
}

static GtkWidget *
new_use_button (Field      *field,
                gboolean    mine,
                const char *label)
{
  /* Translators: a button that chooses one side's value of a field;
   * the accessible name says which field */
  GtkWidget *button = gtk_toggle_button_new_with_label (mine ? _("Use Mine") : _("Use Theirs"));
  g_autofree char *name = mine ? g_strdup_printf (_("Use yours: %s"), label)
                               : g_strdup_printf (_("Use the server’s: %s"), label);

  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_widget_add_css_class (button, "conflict-use");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  g_signal_connect (button, "toggled", G_CALLBACK (on_use_toggled_cb), field);

  return button;
}

static FieldState
field_state (MnrConflictsDialog *self,
             const char         *member,
             JsonNode           *base,
             JsonNode           *mine,
             JsonNode           *theirs)
{
  const MnrSyncConflict *conflict = self->current;
  gboolean has_base = conflict->base != NULL && !is_empty (conflict->base);

  if (self->deletion)
    {
      /* What the edit changed, when the base tells. */
      const MnrSyncRecord *edited = conflict->local->deleted ? conflict->remote : conflict->local;
      JsonNode *value = edited == conflict->local ? mine : theirs;

      if (has_base && !same_value (base, value))
        return edited == conflict->local ? FIELD_CHANGED_HERE : FIELD_CHANGED_THERE;
      return FIELD_SAME;
    }

  if (self->conflicting != NULL && g_strv_contains ((const char * const *)self->conflicting, member))
    return FIELD_CONFLICT;

  if (same_value (mine, theirs))
    return has_base && !same_value (base, mine) ? FIELD_CHANGED_ALIKE : FIELD_SAME;

  /* Different but not a conflict: the merge took one side. */
  if (has_base && same_value (base, mine))
    return FIELD_CHANGED_THERE;
  if (has_base && same_value (base, theirs))
    return FIELD_CHANGED_HERE;

  return same_value (record_member (self->merged, member), theirs) ? FIELD_CHANGED_THERE : FIELD_CHANGED_HERE;
}

static JsonNode *
country_node (const MnrSyncRecord *record)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  if (record == NULL || record->country == NULL)
    json_node_init_null (node);
  else
    json_node_set_string (node, record->country);

  return node;
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
static char *
describe_list_change (MnrConflictsDialog *self,
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

static void
add_list_change (MnrConflictsDialog *self,
                 GtkWidget          *cell,
                 const char         *member,
                 JsonNode           *base,
                 JsonNode           *side,
                 JsonNode           *other,
                 gboolean            mine)
{
  g_autofree char *text = describe_list_change (self, member, base, side, other, mine);

  if (text != NULL)
    gtk_box_append (GTK_BOX (cell), new_label (text, "conflict-list-change"));
}

static void
add_separator (MnrConflictsDialog *self)
{
  GtkWidget *separator = gtk_separator_new (GTK_ORIENTATION_HORIZONTAL);

  gtk_box_append (self->fields_box, separator);
}

static void
add_field (MnrConflictsDialog *self,
           const char         *member,
           const char         *label,
           gboolean            free_text)
{
  const MnrSyncConflict *conflict = self->current;
  g_autoptr(JsonNode) base_country = NULL;
  g_autoptr(JsonNode) mine_country = NULL;
  g_autoptr(JsonNode) theirs_country = NULL;
  JsonNode *base, *mine, *theirs;
  GtkWidget *name_box, *right, *cells;
  Field *field;

  if (g_str_equal (member, "country"))
    {
      base = base_country = country_node (conflict->base);
      mine = mine_country = country_node (conflict->local);
      theirs = theirs_country = country_node (conflict->remote);
    }
  else
    {
      base = record_member (conflict->base, member);
      mine = record_member (conflict->local, member);
      theirs = record_member (conflict->remote, member);
    }

  field = g_new0 (Field, 1);
  field->dialog = self;
  field->member = g_strdup (member);
  field->free_text = free_text;
  field->state = field_state (self, member, base, mine, theirs);
  g_ptr_array_add (self->fields, field);

  add_separator (self);

  field->row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 18);
  gtk_widget_add_css_class (field->row, "conflict-row");
  if (field->state != FIELD_SAME && !self->deletion && !same_value (mine, theirs))
    gtk_widget_add_css_class (field->row, "differs");

  name_box = new_name_box ();
  field->name_label = new_label (label, "heading");
  gtk_label_set_max_width_chars (GTK_LABEL (field->name_label), 8);
  gtk_box_append (GTK_BOX (name_box), field->name_label);

  /* What happens to the field heads both values: in the name column, a
   * long status would widen that column in this row only. */
  right = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  gtk_widget_set_hexpand (right, TRUE);
  field->status_label = new_label (NULL, "conflict-status");
  gtk_box_append (GTK_BOX (right), field->status_label);
  cells = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 18);
  gtk_box_set_homogeneous (GTK_BOX (cells), TRUE);

  field->mine_cell = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  field->theirs_cell = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  gtk_widget_add_css_class (field->mine_cell, "conflict-value");
  gtk_widget_add_css_class (field->theirs_cell, "conflict-value");
  field->mine_label = new_value_label (self, conflict->local, member, self->deletion && conflict->local->deleted);
  field->theirs_label = new_value_label (self, conflict->remote, member,
                                         self->deletion && conflict->remote->deleted);
  gtk_box_append (GTK_BOX (field->mine_cell), field->mine_label);
  gtk_box_append (GTK_BOX (field->theirs_cell), field->theirs_label);

  if (!self->deletion && !same_value (mine, theirs) &&
      (g_str_equal (member, "elements") || g_str_equal (member, "members")))
    {
      JsonNode *known_base = conflict->base != NULL && !is_empty (conflict->base) ? base : NULL;

      add_list_change (self, field->mine_cell, member, known_base, mine, theirs, TRUE);
      add_list_change (self, field->theirs_cell, member, known_base, theirs, mine, FALSE);
    }

  /* In a deletion against an edit, what the edit changed. */
  if (self->deletion && field->state != FIELD_SAME)
    gtk_widget_add_css_class (conflict->local->deleted ? field->theirs_cell : field->mine_cell, "edited");

  /* Each value names its column for a screen reader. */
  {
    g_autofree char *mine_name = g_strdup_printf (_("%s, yours"), label);
    g_autofree char *theirs_name = g_strdup_printf (_("%s, on the server"), label);

    gtk_accessible_update_property (GTK_ACCESSIBLE (field->mine_cell), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    mine_name, -1);
    gtk_accessible_update_property (GTK_ACCESSIBLE (field->theirs_cell), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    theirs_name, -1);
  }

  if (field->state == FIELD_CONFLICT)
    {
      field->use_mine = new_use_button (field, TRUE, label);
      field->use_theirs = new_use_button (field, FALSE, label);
      gtk_box_append (GTK_BOX (field->mine_cell), field->use_mine);
      gtk_box_append (GTK_BOX (field->theirs_cell), field->use_theirs);
    }

  gtk_box_append (GTK_BOX (cells), field->mine_cell);
  gtk_box_append (GTK_BOX (cells), field->theirs_cell);
  gtk_box_append (GTK_BOX (right), cells);

  if (field->state == FIELD_CONFLICT && free_text)
    {
      GtkWidget *merged_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      GtkWidget *caption = new_label (_("Merged text — edit it to combine both versions"), "caption-heading");
      GtkWidget *scroller = gtk_scrolled_window_new ();
      GtkTextBuffer *buffer;
      g_autofree char *name = g_strdup_printf (_("Merged text: %s"), label);

      field->merged_view = gtk_text_view_new ();
      gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (field->merged_view), GTK_WRAP_WORD_CHAR);
      gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (field->merged_view), FALSE);
      gtk_text_view_set_left_margin (GTK_TEXT_VIEW (field->merged_view), 8);
      gtk_text_view_set_right_margin (GTK_TEXT_VIEW (field->merged_view), 8);
      gtk_text_view_set_top_margin (GTK_TEXT_VIEW (field->merged_view), 6);
      gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (field->merged_view), 6);
      gtk_accessible_update_property (GTK_ACCESSIBLE (field->merged_view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      name, -1);
      buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (field->merged_view));
      /* Starts from yours; choosing a side or typing decides. */
      gtk_text_buffer_set_text (buffer, record_string (conflict->local, member), -1);
      g_signal_connect (buffer, "changed", G_CALLBACK (on_merged_changed_cb), field);

      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), field->merged_view);
      gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
      /* Room for a paragraph where one is expected, a line or two else. */
      gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller),
                                                  g_str_equal (member, "rationale") ||
                                                  g_str_equal (member, "summary") ? 96 : 44);
      gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 240);
      gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
      gtk_widget_add_css_class (scroller, "conflict-merged");

      gtk_box_append (GTK_BOX (merged_box), caption);
      gtk_box_append (GTK_BOX (merged_box), scroller);
      gtk_box_append (GTK_BOX (right), merged_box);
    }

  gtk_box_append (GTK_BOX (field->row), name_box);
  gtk_box_append (GTK_BOX (field->row), right);
  gtk_box_append (self->fields_box, field->row);

  update_field (field);
}

/* Whether @member differs between any two of the versions. */
static gboolean
member_differs (const MnrSyncConflict *conflict,
                const char            *member)
{
  JsonNode *mine = record_member (conflict->local, member);
  JsonNode *theirs = record_member (conflict->remote, member);

  if (!is_empty (conflict->local) && !is_empty (conflict->remote) && !same_value (mine, theirs))
    return TRUE;

  if (conflict->base != NULL && !is_empty (conflict->base))
    {
      JsonNode *base = record_member (conflict->base, member);

      return (!is_empty (conflict->local) && !same_value (base, mine)) ||
             (!is_empty (conflict->remote) && !same_value (base, theirs));
    }

  return FALSE;
}

static gboolean
is_known_member (const char *type,
                 const char *member)
{
  for (guint i = 0; i < G_N_ELEMENTS (field_specs); i++)
    if (g_str_equal (field_specs[i].type, type) && g_str_equal (field_specs[i].member, member))
      return TRUE;

  return FALSE;
}

static void
add_unknown_members (MnrConflictsDialog    *self,
                     const MnrSyncRecord   *record,
                     GHashTable            *seen)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  if (record == NULL || record->data == NULL)
    return;

  json_object_iter_init (&iter, record->data);
  while (json_object_iter_next (&iter, &name, &value))
    {
      if (is_known_member (self->current->type, name) || g_hash_table_contains (seen, name))
        continue;

      g_hash_table_add (seen, g_strdup (name));
      if (member_differs (self->current, name))
        /* A member of a newer version of the app: its own name. */
        add_field (self, name, name, FALSE);
    }
}

static GtkWidget *
new_column_heading (const char  *title,
                    const char  *details,
                    GtkLabel   **title_label)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *label = new_label (title, "title-4");

  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), new_label (details, "conflict-who"));
  *title_label = GTK_LABEL (label);

  return box;
}

/* "Changed by Maria Santos on 22 November 2026 at 07:10 (2 hours ago)" */
static char *
describe_change (const MnrSyncRecord *record,
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

static void
add_column_headings (MnrConflictsDialog *self)
{
  const MnrSyncConflict *conflict = self->current;
  g_autofree char *mine = describe_change (conflict->local, TRUE);
  g_autofree char *theirs = describe_change (conflict->remote, FALSE);
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 18);
  GtkWidget *name_box = new_name_box ();
  GtkWidget *cells = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 18);
  GtkWidget *mine_box, *theirs_box;

  gtk_widget_add_css_class (row, "conflict-row");
  gtk_widget_add_css_class (row, "conflict-headings");
  gtk_box_append (GTK_BOX (name_box), new_label (C_("conflict column", "Field"), "dim-label"));

  gtk_widget_set_hexpand (cells, TRUE);
  gtk_box_set_homogeneous (GTK_BOX (cells), TRUE);
  /* Translators: the column of the user's own version of a record */
  mine_box = new_column_heading (C_("conflict column", "Yours"), mine, &self->mine_title);
  /* Translators: the column of the server's version of a record */
  theirs_box = new_column_heading (C_("conflict column", "On the server"), theirs, &self->theirs_title);
  if (conflict->local->deleted)
    gtk_widget_add_css_class (mine_box, "conflict-deleted");
  if (conflict->remote->deleted)
    gtk_widget_add_css_class (theirs_box, "conflict-deleted");
  gtk_box_append (GTK_BOX (cells), mine_box);
  gtk_box_append (GTK_BOX (cells), theirs_box);

  gtk_box_append (GTK_BOX (row), name_box);
  gtk_box_append (GTK_BOX (row), cells);
  gtk_box_append (self->fields_box, row);
}

static char *
describe_deletion (MnrConflictsDialog *self)
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

static char *
describe_merge (MnrConflictsDialog *self)
{
  guint n_auto = 0, n_choice = 0;
  g_autofree char *auto_text = NULL;
  g_autofree char *choice_text = NULL;

  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);

      if (field->state == FIELD_CHANGED_HERE || field->state == FIELD_CHANGED_THERE)
        n_auto++;
      else if (field->state == FIELD_CONFLICT)
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

static void
clear_shown (MnrConflictsDialog *self)
{
  GtkWidget *child;

  g_ptr_array_set_size (self->fields, 0);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->fields_box))) != NULL)
    gtk_box_remove (self->fields_box, child);

  g_clear_pointer (&self->merged, mnr_sync_record_free);
  g_clear_pointer (&self->conflicting, g_strfreev);
  g_clear_pointer (&self->shown_key, g_free);
  self->current = NULL;
  self->deletion = FALSE;
  self->mine_title = NULL;
  self->theirs_title = NULL;
}

static char *
conflict_key (const MnrSyncConflict *conflict)
{
  return g_strdup_printf ("%s/%s/%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT, conflict->type, conflict->id,
                          conflict->remote->server_rev, conflict->local->local_rev);
}

static void
show_conflict (MnrConflictsDialog *self,
               MnrSyncConflict    *conflict)
{
  g_autofree char *key = conflict_key (conflict);
  g_autofree char *name = NULL;
  g_autofree char *explanation = NULL;
  g_autoptr(GHashTable) seen = NULL;
  GtkAdjustment *adjustment;

  /* The same version of the same conflict: keep what is being chosen. */
  if (g_strcmp0 (key, self->shown_key) == 0)
    {
      self->current = conflict;
      return;
    }

  clear_shown (self);
  self->current = conflict;
  self->shown_key = g_steal_pointer (&key);
  self->merged = mnr_sync_record_merge (conflict->base, conflict->local, conflict->remote, &self->conflicting);
  self->deletion = conflict->local->deleted != conflict->remote->deleted;

  name = describe_conflict_name (self, conflict);
  gtk_label_set_label (self->heading_label, name);
  gtk_label_set_label (self->subheading_label, describe_place (self, conflict));

  add_column_headings (self);

  seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (field_specs); i++)
    {
      const FieldSpec *spec = &field_specs[i];

      if (!g_str_equal (spec->type, conflict->type))
        continue;
      if (!spec->always && !member_differs (conflict, spec->member))
        continue;

      add_field (self, spec->member, g_dpgettext2 (GETTEXT_PACKAGE, "conflict field", spec->label), spec->free_text);
    }

  if (!g_str_equal (conflict->type, "group") &&
      g_strcmp0 (conflict->local->country, conflict->remote->country) != 0 &&
      !is_empty (conflict->local) && !is_empty (conflict->remote))
    add_field (self, "country", C_("conflict field", "Country"), FALSE);

  add_unknown_members (self, conflict->local, seen);
  add_unknown_members (self, conflict->remote, seen);

  explanation = self->deletion ? describe_deletion (self) : describe_merge (self);
  gtk_label_set_label (self->explanation_label, explanation);

  adjustment = gtk_scrolled_window_get_vadjustment (self->detail_scroller);
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_lower (adjustment));

  update_actions (self);
}

/* ------------------------------------------------------------------ */
/* The list */

static void
on_row_selected_cb (MnrConflictsDialog *self,
                    GtkListBoxRow      *row,
                    GtkListBox         *list)
{
  int index;

  if (self->rebuilding || row == NULL)
    return;

  index = gtk_list_box_row_get_index (row);
  if (index < 0 || (guint)index >= self->conflicts->len)
    return;

  show_conflict (self, g_ptr_array_index (self->conflicts, index));
}

static GtkWidget *
new_conflict_row (MnrConflictsDialog    *self,
                  const MnrSyncConflict *conflict)
{
  g_autofree char *name = describe_conflict_name (self, conflict);
  g_autofree char *state = describe_state (conflict);
  /* Translators: where a record belongs (a country), then what waits, as
   * "Philippines · 2 fields to choose" */
  g_autofree char *subtitle = g_strdup_printf (_("%s · %s"), describe_place (self, conflict), state);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 3);

  /* The subtitle says it in words; the icon is for the eye only. */
  icon = g_object_new (GTK_TYPE_IMAGE,
                       "icon-name", conflict->local->deleted != conflict->remote->deleted
                                    ? "user-trash-symbolic" : "dialog-warning-symbolic",
                       "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                       NULL);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  return row;
}

/**
 * mnr_conflicts_dialog_reload:
 *
 * Reads the conflicts from the store again (after a sync, after one was
 * resolved), keeping the one shown when it is still there, and what was
 * chosen for it when it did not change.
 */
void
mnr_conflicts_dialog_reload (MnrConflictsDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autofree char *shown_type = NULL;
  g_autofree char *shown_id = NULL;
  g_autofree char *subtitle = NULL;
  GtkWidget *child;
  GtkListBoxRow *selected;
  int index = 0;

  g_return_if_fail (MNR_IS_CONFLICTS_DIALOG (self));

  conflicts = mnr_store_list_conflicts (self->store, &error);
  if (conflicts == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The conflicts could not be read: %s"), error->message);

      show_toast (self, message);
      return;
    }

  if (self->current != NULL)
    {
      shown_type = g_strdup (self->current->type);
      shown_id = g_strdup (self->current->id);
    }
  selected = gtk_list_box_get_selected_row (self->conflict_list);
  if (selected != NULL)
    index = gtk_list_box_row_get_index (selected);

  /* @current points into the old list until the new one is shown. */
  self->current = NULL;
  g_hash_table_remove_all (self->round_names);
  g_clear_pointer (&self->conflicts, g_ptr_array_unref);
  self->conflicts = g_steal_pointer (&conflicts);

  self->rebuilding = TRUE;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->conflict_list))) != NULL)
    gtk_list_box_remove (self->conflict_list, child);
  for (guint i = 0; i < self->conflicts->len; i++)
    {
      MnrSyncConflict *conflict = g_ptr_array_index (self->conflicts, i);

      gtk_list_box_append (self->conflict_list, new_conflict_row (self, conflict));
      if (shown_type != NULL && g_str_equal (conflict->type, shown_type) && g_str_equal (conflict->id, shown_id))
        index = (int)i;
    }
  self->rebuilding = FALSE;

  if (self->conflicts->len == 0)
    {
      clear_shown (self);
      adw_window_title_set_subtitle (self->window_title, "");
      gtk_stack_set_visible_child_name (self->main_stack, "empty");
      gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->close_button));
      update_actions (self);
      if (gtk_widget_get_mapped (GTK_WIDGET (self)))
        gtk_widget_grab_focus (GTK_WIDGET (self->close_button));
      return;
    }

  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u to resolve", "%u to resolve",
                                           self->conflicts->len), self->conflicts->len);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_stack_set_visible_child_name (self->main_stack, "conflicts");

  index = CLAMP (index, 0, (int)self->conflicts->len - 1);
  show_conflict (self, g_ptr_array_index (self->conflicts, index));
  gtk_list_box_select_row (self->conflict_list, gtk_list_box_get_row_at_index (self->conflict_list, index));
}

/* ------------------------------------------------------------------ */
/* Resolving */

typedef enum
{
  RESOLVED_MINE,
  RESOLVED_THEIRS,
  RESOLVED_MERGED,
  RESOLVED_DELETED,
  RESOLVED_RESTORED,
} Resolution;

/* What was done, in words, for @name (the record's). */
static char *
describe_resolution (Resolution  resolution,
                     const char *name)
{
  switch (resolution)
    {
    case RESOLVED_MINE:
      /* Translators: in these five, %s names a record, capitalised, as
       * "Evidence “National Plan of Action”" */
      return g_strdup_printf (_("Your version of %s was kept. It is sent at the next sync."), name);
    case RESOLVED_THEIRS:
      return g_strdup_printf (_("The server’s version of %s was taken."), name);
    case RESOLVED_MERGED:
      return g_strdup_printf (_("The merged version of %s was saved. It is sent at the next sync."), name);
    case RESOLVED_DELETED:
      return g_strdup_printf (_("%s stays deleted."), name);
    case RESOLVED_RESTORED:
      return g_strdup_printf (_("%s was restored with the edit. It is sent at the next sync."), name);
    default:
      g_return_val_if_reached (NULL);
    }
}

static void
resolve (MnrConflictsDialog *self,
         MnrSyncRecord      *chosen,
         Resolution          resolution)
{
  g_autoptr(MnrSyncRecord) record = chosen;
  g_autoptr(GError) error = NULL;
  g_autofree char *type = NULL;
  g_autofree char *id = NULL;
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;

  if (self->current == NULL)
    return;

  type = g_strdup (self->current->type);
  id = g_strdup (self->current->id);
  name = describe_conflict_name (self, self->current);

  if (!mnr_store_resolve_conflict (self->store, type, id, record, &error))
    {
      /* Translators: %s is why, e.g. "A round needs a name …"; the
       * choices made stay on screen */
      message = g_strdup_printf (_("Not saved, and nothing was lost: %s"), error->message);
      show_toast (self, message);
      return;
    }

  message = describe_resolution (resolution, name);
  show_toast (self, message);

  g_signal_emit (self, signals[RESOLVED], 0, type, id);
  mnr_conflicts_dialog_reload (self);
}

/* Forwards Ctrl+plus, minus and 0 to the main window, whose zoom this
 * window follows (mnr_conflicts_dialog_set_zoom()). */
static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (widget));
  const char *name = strchr (action_name, '.') + 1;
  g_autofree char *window_action = g_strconcat ("win.", name, NULL);

  if (parent != NULL)
    gtk_widget_activate_action (GTK_WIDGET (parent), window_action, NULL);
}

/**
 * mnr_conflicts_dialog_set_zoom:
 * @percent: one of the main window's zoom steps, 100 for none
 *
 * Shows the window's text at the main window's zoom, for a projector.
 */
void
mnr_conflicts_dialog_set_zoom (MnrConflictsDialog *self,
                               int                 percent)
{
  g_autofree char *old_class = NULL;
  g_autofree char *new_class = NULL;

  g_return_if_fail (MNR_IS_CONFLICTS_DIALOG (self));

  old_class = g_strdup_printf ("zoom-%d", self->zoom);
  new_class = g_strdup_printf ("zoom-%d", percent);
  gtk_widget_remove_css_class (GTK_WIDGET (self->toast_overlay), old_class);
  gtk_widget_add_css_class (GTK_WIDGET (self->toast_overlay), new_class);
  self->zoom = percent;
}

static void
keep_mine_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  MnrConflictsDialog *self = MNR_CONFLICTS_DIALOG (widget);

  if (self->current == NULL)
    return;

  /* The merge holds your value of every field changed on both sides, and
   * every change made on one side only: nothing is dropped unasked. */
  resolve (self, mnr_sync_record_copy (self->merged != NULL ? self->merged : self->current->local),
           RESOLVED_MINE);
}

static void
take_theirs_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  MnrConflictsDialog *self = MNR_CONFLICTS_DIALOG (widget);
  g_autoptr(MnrSyncRecord) record = NULL;

  if (self->current == NULL)
    return;

  if (self->merged == NULL || self->conflicting == NULL)
    {
      resolve (self, mnr_sync_record_copy (self->current->remote), RESOLVED_THEIRS);
      return;
    }

  /* The merge, with the server's value of every field changed on both
   * sides: changes made here only to other fields stay. */
  record = mnr_sync_record_copy (self->merged);
  for (guint i = 0; self->conflicting[i] != NULL; i++)
    {
      const char *name = self->conflicting[i];
      JsonNode *theirs;

      if (g_str_equal (name, "country"))
        {
          g_free (record->country);
          record->country = g_strdup (self->current->remote->country);
          continue;
        }

      theirs = json_object_get_member (self->current->remote->data, name);
      if (theirs != NULL)
        json_object_set_member (record->data, name, json_node_copy (theirs));
      else
        json_object_remove_member (record->data, name);
    }

  resolve (self, g_steal_pointer (&record), RESOLVED_THEIRS);
}

static void
save_merged_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  MnrConflictsDialog *self = MNR_CONFLICTS_DIALOG (widget);
  g_autoptr(MnrSyncRecord) record = NULL;

  if (self->current == NULL || self->merged == NULL || count_undecided (self) > 0)
    return;

  record = mnr_sync_record_copy (self->merged);
  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);
      const MnrSyncRecord *side;
      JsonNode *value;

      if (field->state != FIELD_CONFLICT)
        continue;

      if (field->merged_view != NULL)
        {
          GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (field->merged_view));
          GtkTextIter start, end;
          g_autofree char *text = NULL;

          gtk_text_buffer_get_bounds (buffer, &start, &end);
          text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
          json_object_set_string_member (record->data, field->member, text);
          continue;
        }

      side = field->choice == CHOICE_THEIRS ? self->current->remote : self->current->local;
      if (g_str_equal (field->member, "country"))
        {
          g_free (record->country);
          record->country = g_strdup (side->country);
          continue;
        }

      value = record_member (side, field->member);
      if (value != NULL)
        json_object_set_member (record->data, field->member, json_node_copy (value));
      else if (json_object_has_member (record->data, field->member))
        json_object_remove_member (record->data, field->member);
    }

  resolve (self, g_steal_pointer (&record), RESOLVED_MERGED);
}

static void
accept_deletion_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  MnrConflictsDialog *self = MNR_CONFLICTS_DIALOG (widget);
  const MnrSyncRecord *deleted;

  if (self->current == NULL || !self->deletion)
    return;

  deleted = self->current->local->deleted ? self->current->local : self->current->remote;
  resolve (self, mnr_sync_record_copy (deleted), RESOLVED_DELETED);
}

static void
keep_edited_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  MnrConflictsDialog *self = MNR_CONFLICTS_DIALOG (widget);
  MnrSyncRecord *edited;

  if (self->current == NULL || !self->deletion)
    return;

  edited = mnr_sync_record_copy (self->current->local->deleted ? self->current->remote : self->current->local);
  edited->deleted = FALSE;
  resolve (self, edited, RESOLVED_RESTORED);
}

/* ------------------------------------------------------------------ */

static void
mnr_conflicts_dialog_constructed (GObject *object)
{
  MnrConflictsDialog *self = (MnrConflictsDialog *)object;

  G_OBJECT_CLASS (mnr_conflicts_dialog_parent_class)->constructed (object);

  g_return_if_fail (MNR_IS_STORE (self->store));
  g_return_if_fail (MNR_IS_FRAMEWORK (self->framework));

  g_signal_connect_object (self->conflict_list, "row-selected", G_CALLBACK (on_row_selected_cb), self,
                           G_CONNECT_SWAPPED);
  mnr_conflicts_dialog_reload (self);
}

static void
mnr_conflicts_dialog_dispose (GObject *object)
{
  MnrConflictsDialog *self = (MnrConflictsDialog *)object;

  /* The fields point at widgets the template is about to drop. */
  if (self->fields != NULL)
    g_ptr_array_set_size (self->fields, 0);
  self->current = NULL;

  gtk_widget_dispose_template (GTK_WIDGET (self), MNR_TYPE_CONFLICTS_DIALOG);

  G_OBJECT_CLASS (mnr_conflicts_dialog_parent_class)->dispose (object);
}

static void
mnr_conflicts_dialog_finalize (GObject *object)
{
  MnrConflictsDialog *self = (MnrConflictsDialog *)object;

  g_clear_pointer (&self->fields, g_ptr_array_unref);
  g_clear_pointer (&self->conflicts, g_ptr_array_unref);
  g_clear_pointer (&self->round_names, g_hash_table_unref);
  g_clear_pointer (&self->merged, mnr_sync_record_free);
  g_clear_pointer (&self->conflicting, g_strfreev);
  g_clear_pointer (&self->shown_key, g_free);
  g_clear_object (&self->toast);
  g_clear_object (&self->store);
  g_clear_object (&self->framework);
  g_clear_object (&self->catalog);

  G_OBJECT_CLASS (mnr_conflicts_dialog_parent_class)->finalize (object);
}

static void
mnr_conflicts_dialog_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  MnrConflictsDialog *self = MNR_CONFLICTS_DIALOG (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_FRAMEWORK:
      g_value_set_object (value, self->framework);
      break;

    case PROP_CATALOG:
      g_value_set_object (value, self->catalog);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mnr_conflicts_dialog_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  MnrConflictsDialog *self = MNR_CONFLICTS_DIALOG (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_FRAMEWORK:
      self->framework = g_value_dup_object (value);
      break;

    case PROP_CATALOG:
      self->catalog = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mnr_conflicts_dialog_class_init (MnrConflictsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = mnr_conflicts_dialog_constructed;
  object_class->dispose = mnr_conflicts_dialog_dispose;
  object_class->finalize = mnr_conflicts_dialog_finalize;
  object_class->get_property = mnr_conflicts_dialog_get_property;
  object_class->set_property = mnr_conflicts_dialog_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, MNR_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FRAMEWORK] =
    g_param_spec_object ("framework", NULL, NULL, MNR_TYPE_FRAMEWORK,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CATALOG] =
    g_param_spec_object ("catalog", NULL, NULL, MNR_TYPE_COUNTRY_CATALOG,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MnrConflictsDialog::resolved:
   * @type: the record's type
   * @id: the record's id
   *
   * A conflict was resolved here: the store's local version changed and
   * waits to be sent.
   */
  signals[RESOLVED] =
    g_signal_new ("resolved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  /* keeps the bundle (and its registration) in a static link */
  (void) mnr_gui_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/mnr-conflicts-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, MnrConflictsDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, MnrConflictsDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, MnrConflictsDialog, main_stack);
  gtk_widget_class_bind_template_child (widget_class, MnrConflictsDialog, close_button);
  gtk_widget_class_bind_template_child (widget_class, MnrConflictsDialog, conflict_list);
  gtk_widget_class_bind_template_child (widget_class, MnrConflictsDialog, detail_scroller);
  gtk_widget_class_bind_template_child (widget_class, MnrConflictsDialog, heading_label);
  gtk_widget_class_bind_template_child (widget_class, MnrConflictsDialog, subheading_label);
  gtk_widget_class_bind_template_child (widget_class, MnrConflictsDialog, explanation_label);
  gtk_widget_class_bind_template_child (widget_class, MnrConflictsDialog, fields_box);
  gtk_widget_class_bind_template_child (widget_class, MnrConflictsDialog, hint_label);
  gtk_widget_class_bind_template_child (widget_class, MnrConflictsDialog, keep_mine_button);
  gtk_widget_class_bind_template_child (widget_class, MnrConflictsDialog, take_theirs_button);
  gtk_widget_class_bind_template_child (widget_class, MnrConflictsDialog, save_merged_button);
  gtk_widget_class_bind_template_child (widget_class, MnrConflictsDialog, accept_deletion_button);
  gtk_widget_class_bind_template_child (widget_class, MnrConflictsDialog, keep_edited_button);

  gtk_widget_class_install_action (widget_class, "conflicts.keep-mine", NULL, keep_mine_action);
  gtk_widget_class_install_action (widget_class, "conflicts.take-theirs", NULL, take_theirs_action);
  gtk_widget_class_install_action (widget_class, "conflicts.save-merged", NULL, save_merged_action);
  gtk_widget_class_install_action (widget_class, "conflicts.accept-deletion", NULL, accept_deletion_action);
  gtk_widget_class_install_action (widget_class, "conflicts.keep-edited", NULL, keep_edited_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  /* Zoom is the main window's, for a projector: the same keys here. */
  gtk_widget_class_install_action (widget_class, "conflicts.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "conflicts.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "conflicts.zoom-reset", NULL, zoom_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "conflicts.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "conflicts.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "conflicts.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "conflicts.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "conflicts.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "conflicts.zoom-reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_0, GDK_CONTROL_MASK, "conflicts.zoom-reset", NULL);
}

static void
mnr_conflicts_dialog_init (MnrConflictsDialog *self)
{
  self->fields = g_ptr_array_new_with_free_func ((GDestroyNotify)field_free);
  self->round_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify)mnr_sync_conflict_free);

  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * mnr_conflicts_dialog_new:
 * @parent: (nullable): the window it is about
 * @catalog: (nullable): to name countries; codes are shown without it
 *
 * Returns: (transfer floating): the Conflicts window, showing the store's
 *   conflicts
 */
GtkWidget *
mnr_conflicts_dialog_new (GtkWindow         *parent,
                          MnrStore          *store,
                          MnrFramework      *framework,
                          MnrCountryCatalog *catalog)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (MNR_IS_STORE (store), NULL);
  g_return_val_if_fail (MNR_IS_FRAMEWORK (framework), NULL);
  g_return_val_if_fail (catalog == NULL || MNR_IS_COUNTRY_CATALOG (catalog), NULL);

  return g_object_new (MNR_TYPE_CONFLICTS_DIALOG,
                       "transient-for", parent,
                       "store", store,
                       "framework", framework,
                       "catalog", catalog,
                       NULL);
}

/* ------------------------------------------------------------------ */
/* For the tests */

guint
mnr_conflicts_dialog_get_n_conflicts (MnrConflictsDialog *self)
{
  g_return_val_if_fail (MNR_IS_CONFLICTS_DIALOG (self), 0);

  return self->conflicts->len;
}

/**
 * mnr_conflicts_dialog_get_page:
 *
 * Returns: "conflicts", or "empty" when there are none
 */
const char *
mnr_conflicts_dialog_get_page (MnrConflictsDialog *self)
{
  g_return_val_if_fail (MNR_IS_CONFLICTS_DIALOG (self), NULL);

  return gtk_stack_get_visible_child_name (self->main_stack);
}

GtkListBox *
mnr_conflicts_dialog_get_list (MnrConflictsDialog *self)
{
  g_return_val_if_fail (MNR_IS_CONFLICTS_DIALOG (self), NULL);

  return self->conflict_list;
}

/**
 * mnr_conflicts_dialog_select:
 *
 * Selects the conflict of @type/@id in the list, as a click would.
 *
 * Returns: whether it is there
 */
gboolean
mnr_conflicts_dialog_select (MnrConflictsDialog *self,
                             const char         *type,
                             const char         *id)
{
  g_return_val_if_fail (MNR_IS_CONFLICTS_DIALOG (self), FALSE);

  for (guint i = 0; i < self->conflicts->len; i++)
    {
      MnrSyncConflict *conflict = g_ptr_array_index (self->conflicts, i);

      if (g_str_equal (conflict->type, type) && g_str_equal (conflict->id, id))
        {
          gtk_list_box_select_row (self->conflict_list, gtk_list_box_get_row_at_index (self->conflict_list, (int)i));
          return self->current == conflict;
        }
    }

  return FALSE;
}

GtkLabel *
mnr_conflicts_dialog_get_heading (MnrConflictsDialog *self)
{
  g_return_val_if_fail (MNR_IS_CONFLICTS_DIALOG (self), NULL);

  return self->heading_label;
}

GtkLabel *
mnr_conflicts_dialog_get_explanation (MnrConflictsDialog *self)
{
  g_return_val_if_fail (MNR_IS_CONFLICTS_DIALOG (self), NULL);

  return self->explanation_label;
}

/**
 * mnr_conflicts_dialog_get_column_title:
 * @mine: the "Yours" column, else "On the server"
 *
 * Returns: (nullable): the column's heading, %NULL when none is shown
 */
GtkLabel *
mnr_conflicts_dialog_get_column_title (MnrConflictsDialog *self,
                                       gboolean            mine)
{
  g_return_val_if_fail (MNR_IS_CONFLICTS_DIALOG (self), NULL);

  return mine ? self->mine_title : self->theirs_title;
}

/**
 * mnr_conflicts_dialog_list_fields:
 *
 * Returns: (transfer full): the members shown, in order
 */
GStrv
mnr_conflicts_dialog_list_fields (MnrConflictsDialog *self)
{
  GStrvBuilder *builder;
  GStrv fields;

  g_return_val_if_fail (MNR_IS_CONFLICTS_DIALOG (self), NULL);

  builder = g_strv_builder_new ();
  for (guint i = 0; i < self->fields->len; i++)
    g_strv_builder_add (builder, ((Field *)g_ptr_array_index (self->fields, i))->member);
  fields = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);

  return fields;
}

/**
 * mnr_conflicts_dialog_get_field_part:
 *
 * Returns: (nullable) (transfer none): that part of the field shown for
 *   @member, %NULL when it has none (no choice needed, not free text)
 */
GtkWidget *
mnr_conflicts_dialog_get_field_part (MnrConflictsDialog *self,
                                     const char         *member,
                                     MnrConflictPart     part)
{
  Field *field;

  g_return_val_if_fail (MNR_IS_CONFLICTS_DIALOG (self), NULL);

  field = find_field (self, member);
  if (field == NULL)
    return NULL;

  switch (part)
    {
    case MNR_CONFLICT_PART_NAME:
      return field->name_label;
    case MNR_CONFLICT_PART_STATUS:
      return field->status_label;
    case MNR_CONFLICT_PART_MINE:
      return field->mine_label;
    case MNR_CONFLICT_PART_THEIRS:
      return field->theirs_label;
    case MNR_CONFLICT_PART_USE_MINE:
      return field->use_mine;
    case MNR_CONFLICT_PART_USE_THEIRS:
      return field->use_theirs;
    case MNR_CONFLICT_PART_MERGED:
      return field->merged_view;
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
mnr_conflicts_dialog_field_needs_choice (MnrConflictsDialog *self,
                                         const char         *member)
{
  Field *field;

  g_return_val_if_fail (MNR_IS_CONFLICTS_DIALOG (self), FALSE);

  field = find_field (self, member);
  return field != NULL && field->state == FIELD_CONFLICT;
}

/**
 * mnr_conflicts_dialog_get_button:
 * @action: "keep-mine", "take-theirs", "save-merged", "accept-deletion"
 *   or "keep-edited"
 *
 * Returns: (transfer none): the button of that action
 */
GtkWidget *
mnr_conflicts_dialog_get_button (MnrConflictsDialog *self,
                                 const char         *action)
{
  g_return_val_if_fail (MNR_IS_CONFLICTS_DIALOG (self), NULL);

  if (g_str_equal (action, "keep-mine"))
    return self->keep_mine_button;
  if (g_str_equal (action, "take-theirs"))
    return self->take_theirs_button;
  if (g_str_equal (action, "save-merged"))
    return self->save_merged_button;
  if (g_str_equal (action, "accept-deletion"))
    return self->accept_deletion_button;
  if (g_str_equal (action, "keep-edited"))
    return self->keep_edited_button;

  g_return_val_if_reached (NULL);
}

AdwToast *
mnr_conflicts_dialog_get_toast (MnrConflictsDialog *self)
{
  g_return_val_if_fail (MNR_IS_CONFLICTS_DIALOG (self), NULL);

  return self->toast;
}
