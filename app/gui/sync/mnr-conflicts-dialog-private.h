/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "mnr-conflicts-dialog.h"
#include "mnr-record-type.h"

G_BEGIN_DECLS

/* Inside the class, shared by its files: mnr-conflicts-dialog.c (the
 * object, the list), -describe.c (records and changes in words),
 * -fields.c (each field's state and choice), -rows.c (the widgets) and
 * -actions.c (resolving). */

/* What happened to a field of the conflict shown. */
typedef enum
{
  MNR_CONFLICT_FIELD_SAME,            /* equal on both sides, unchanged */
  MNR_CONFLICT_FIELD_CHANGED_ALIKE,   /* changed on both sides to the same value */
  MNR_CONFLICT_FIELD_CHANGED_HERE,    /* changed here only: kept */
  MNR_CONFLICT_FIELD_CHANGED_THERE,   /* changed on the server only: taken */
  MNR_CONFLICT_FIELD_CONFLICT,        /* changed on both sides differently: a choice */
} MnrConflictFieldState;

/* What a person chose for a field changed on both sides. */
typedef enum
{
  MNR_CONFLICT_CHOICE_NONE,
  MNR_CONFLICT_CHOICE_MINE,
  MNR_CONFLICT_CHOICE_THEIRS,
  MNR_CONFLICT_CHOICE_EDITED,
} MnrConflictChoice;

/* A field of the conflict shown, as its row shows it; in @fields. */
typedef struct
{
  MnrConflictsDialog    *dialog;   /* borrowed */
  char                  *member;   /* a member of data, or "country" */
  MnrConflictFieldState  state;
  MnrConflictChoice      choice;
  gboolean               free_text;
  gboolean               updating; /* set while a choice rewrites the merged text */

  /* borrowed: in the fields box */
  GtkWidget             *row;
  GtkWidget             *name_label;
  GtkWidget             *status_label;
  GtkWidget             *mine_cell;
  GtkWidget             *theirs_cell;
  GtkWidget             *mine_label;
  GtkWidget             *theirs_label;
  GtkWidget             *use_mine;
  GtkWidget             *use_theirs;
  GtkWidget             *merged_view;
} MnrConflictField;

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
  GPtrArray         *fields;       /* MnrConflictField, of the conflict shown */
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

/* mnr-conflicts-dialog.c */
void                  mnr_conflicts_dialog_show_toast             (MnrConflictsDialog    *self,
                                                                   const char            *title);
void                  mnr_conflicts_dialog_emit_resolved          (MnrConflictsDialog    *self,
                                                                   const char            *type,
                                                                   const char            *id);

/* mnr-conflicts-dialog-describe.c */
JsonNode             *mnr_conflicts_dialog_record_member          (const MnrSyncRecord   *record,
                                                                   const char            *member);
const char           *mnr_conflicts_dialog_record_string          (const MnrSyncRecord   *record,
                                                                   const char            *member);
gboolean              mnr_conflicts_dialog_record_is_empty        (const MnrSyncRecord   *record);
char                 *mnr_conflicts_dialog_describe_value         (MnrConflictsDialog    *self,
                                                                   const MnrSyncRecord   *record,
                                                                   const char            *member,
                                                                   gboolean              *empty);
char                 *mnr_conflicts_dialog_describe_conflict_name (MnrConflictsDialog    *self,
                                                                   const MnrSyncConflict *conflict);
const char           *mnr_conflicts_dialog_describe_place         (MnrConflictsDialog    *self,
                                                                   const MnrSyncConflict *conflict);
char                 *mnr_conflicts_dialog_describe_state         (const MnrSyncConflict *conflict);
char                 *mnr_conflicts_dialog_describe_list_change   (MnrConflictsDialog    *self,
                                                                   const char            *member,
                                                                   JsonNode              *base,
                                                                   JsonNode              *side,
                                                                   JsonNode              *other,
                                                                   gboolean               mine);
char                 *mnr_conflicts_dialog_describe_change        (const MnrSyncRecord   *record,
                                                                   gboolean               mine);
char                 *mnr_conflicts_dialog_describe_deletion      (MnrConflictsDialog    *self);
char                 *mnr_conflicts_dialog_describe_merge         (MnrConflictsDialog    *self);

/* mnr-conflicts-dialog-fields.c */
MnrConflictField     *mnr_conflicts_dialog_field_new              (MnrConflictsDialog    *self,
                                                                   const char            *member,
                                                                   gboolean               free_text,
                                                                   JsonNode              *base,
                                                                   JsonNode              *mine,
                                                                   JsonNode              *theirs);
void                  mnr_conflicts_dialog_field_connect          (MnrConflictField      *field);
void                  mnr_conflicts_dialog_field_free             (MnrConflictField      *field);
MnrConflictField     *mnr_conflicts_dialog_find_field             (MnrConflictsDialog    *self,
                                                                   const char            *member);
guint                 mnr_conflicts_dialog_count_undecided        (MnrConflictsDialog    *self);
void                  mnr_conflicts_dialog_update_field           (MnrConflictField      *field);
void                  mnr_conflicts_dialog_update_actions         (MnrConflictsDialog    *self);
gboolean              mnr_conflicts_dialog_member_differs         (const MnrSyncConflict *conflict,
                                                                   const char            *member);

/* mnr-conflicts-dialog-rows.c */
GtkWidget            *mnr_conflicts_dialog_new_conflict_row       (MnrConflictsDialog    *self,
                                                                   const MnrSyncConflict *conflict);
void                  mnr_conflicts_dialog_show_conflict          (MnrConflictsDialog    *self,
                                                                   MnrSyncConflict       *conflict);
void                  mnr_conflicts_dialog_clear_shown            (MnrConflictsDialog    *self);

/* mnr-conflicts-dialog-actions.c */
void                  mnr_conflicts_dialog_class_actions_init     (GtkWidgetClass        *widget_class);

/* What the widget tests look at and drive. */

/**
 * MnrConflictPart:
 * @MNR_CONFLICT_PART_NAME: the field's name ("Rationale")
 * @MNR_CONFLICT_PART_STATUS: what happened to it ("Only changed on the
 *   server — taken"); empty when it is the same on both sides
 * @MNR_CONFLICT_PART_MINE: the value in the "Yours" column
 * @MNR_CONFLICT_PART_THEIRS: the value in the "On the server" column
 * @MNR_CONFLICT_PART_USE_MINE: the toggle choosing yours (only for a field
 *   changed on both sides)
 * @MNR_CONFLICT_PART_USE_THEIRS: the toggle choosing the server's
 * @MNR_CONFLICT_PART_MERGED: the merged text (only for a free-text field
 *   changed on both sides)
 */
typedef enum
{
  MNR_CONFLICT_PART_NAME,
  MNR_CONFLICT_PART_STATUS,
  MNR_CONFLICT_PART_MINE,
  MNR_CONFLICT_PART_THEIRS,
  MNR_CONFLICT_PART_USE_MINE,
  MNR_CONFLICT_PART_USE_THEIRS,
  MNR_CONFLICT_PART_MERGED,
} MnrConflictPart;

guint       mnr_conflicts_dialog_get_n_conflicts  (MnrConflictsDialog *self);
const char *mnr_conflicts_dialog_get_page         (MnrConflictsDialog *self);
GtkListBox *mnr_conflicts_dialog_get_list         (MnrConflictsDialog *self);
gboolean    mnr_conflicts_dialog_select           (MnrConflictsDialog *self,
                                                   const char         *type,
                                                   const char         *id);
GtkLabel   *mnr_conflicts_dialog_get_heading      (MnrConflictsDialog *self);
GtkLabel   *mnr_conflicts_dialog_get_explanation  (MnrConflictsDialog *self);
GtkLabel   *mnr_conflicts_dialog_get_column_title (MnrConflictsDialog *self,
                                                   gboolean            mine);
GStrv       mnr_conflicts_dialog_list_fields      (MnrConflictsDialog *self);
GtkWidget  *mnr_conflicts_dialog_get_field_part   (MnrConflictsDialog *self,
                                                   const char         *member,
                                                   MnrConflictPart     part);
gboolean    mnr_conflicts_dialog_field_needs_choice (MnrConflictsDialog *self,
                                                     const char         *member);
GtkWidget  *mnr_conflicts_dialog_get_button       (MnrConflictsDialog *self,
                                                   const char         *action);
AdwToast   *mnr_conflicts_dialog_get_toast        (MnrConflictsDialog *self);

G_END_DECLS
