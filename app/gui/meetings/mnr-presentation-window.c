/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-presentation-window"

#include "config.h"

#include <glib/gi18n.h>

#include "mnr-action-editor.h"
#include "mnr-agenda.h"
#include "mnr-format.h"
#include "mnr-level-style.h"
#include "mnr-minute-editor.h"
#include "mnr-presentation-window.h"
#include "mnr-record-type.h"

/* Presentation mode: a meeting full screen, for a committee looking at a
 * projector. A title slide (the meeting, who came), a slide per agenda
 * item (its number and title, its level as a chip that names it, the
 * rationale, its open action items, what this meeting recorded on it),
 * and a summary (the meeting's decisions and action items).
 *
 * It is driven by keys a presentation clicker sends: Page Down, Right,
 * Down and Space go on; Page Up, Left, Up and BackSpace go back (Left and
 * Right follow a right-to-left layout); Home and End; Escape leaves. No
 * widget of the window takes the keyboard focus, so these keys always
 * reach it: the recording controls are dialogs of their own, opened with
 * D (or Ctrl+D), N and A or the bar's buttons, and the slide is drawn
 * again when the store has the new record. */

/* Wider than this, a slide's two halves sit side by side; lower than
 * COMPACT_HEIGHT (or narrower), the type steps down to its smaller size. */
#define WIDE_WIDTH     1400
#define COMPACT_HEIGHT  800

typedef enum
{
  SLIDE_OPENING,
  SLIDE_ITEM,
  SLIDE_NO_ITEMS,
  SLIDE_SUMMARY,
} SlideKind;

struct _MnrPresentationWindow
{
  AdwWindow          parent_instance;

  /* children */
  GtkScrolledWindow *scroller;
  GtkWidget         *slide;          /* the slide's box, made anew */
  GtkBox            *columns;        /* borrowed from the slide */
  GtkLabel          *position_label;

  /* owned */
  MnrWorkspace      *workspace;
  MnrCountryCatalog *catalog;        /* nullable */
  MnrMeeting        *meeting;
  MnrMeeting        *previous;       /* nullable: the first meeting */
  GPtrArray         *items;          /* char *: element ids */
  char              *slide_title;
  char              *today;

  guint              index;
  guint              shown_index;    /* the slide on screen, G_MAXUINT: none */
  guint              layout_idle_id;
  gboolean           wide;
  gboolean           compact;
};

G_DEFINE_FINAL_TYPE (MnrPresentationWindow, mnr_presentation_window, ADW_TYPE_WINDOW)

static void show_slide   (MnrPresentationWindow *self);
static void add_recorded (MnrPresentationWindow *self,
                          GtkBox                *column,
                          const char            *element_id);

/* --- the slides ---------------------------------------------------------- */

guint
mnr_presentation_window_get_n_slides (MnrPresentationWindow *self)
{
  g_return_val_if_fail (MNR_IS_PRESENTATION_WINDOW (self), 0);

  /* The opening, the items (or one slide saying there are none), the
   * summary. */
  return 2 + MAX (self->items->len, 1);
}

static SlideKind
slide_kind (MnrPresentationWindow *self,
            guint                  index)
{
  if (index == 0)
    return SLIDE_OPENING;
  if (index + 1 >= mnr_presentation_window_get_n_slides (self))
    return SLIDE_SUMMARY;
  return self->items->len > 0 ? SLIDE_ITEM : SLIDE_NO_ITEMS;
}

static MnrFramework *
framework_of (MnrPresentationWindow *self)
{
  return mnr_workspace_get_framework (self->workspace);
}

static char *
element_label (MnrPresentationWindow *self,
               const char            *element_id)
{
  MnrElement *element = element_id != NULL && element_id[0] != '\0'
                        ? mnr_framework_lookup (framework_of (self), element_id) : NULL;

  return element != NULL ? mnr_element_dup_label (element) : g_strdup (element_id != NULL ? element_id : "");
}

static const char *
level_name (MnrPresentationWindow *self,
            const char            *level_id)
{
  MnrLevel *level = level_id != NULL && level_id[0] != '\0'
                    ? mnr_framework_lookup_level (framework_of (self), level_id) : NULL;

  return level != NULL ? mnr_level_get_name (level) : level_id;
}

static GtkWidget *
text_label (const char *text,
            const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_widget_set_halign (label, GTK_ALIGN_FILL);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static GtkWidget *
markup_label (const char *markup,
              const char *css_class)
{
  GtkWidget *label = text_label (NULL, css_class);

  gtk_label_set_markup (GTK_LABEL (label), markup);
  return label;
}

/* A heading and its lines, in one of the slide's columns. */
static GtkBox *
add_section (GtkBox     *column,
             const char *heading)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

  gtk_box_append (GTK_BOX (box), text_label (heading, "presentation-heading"));
  gtk_box_append (column, box);
  return GTK_BOX (box);
}

/* The slide's frame: what it is about above, two columns below, side by
 * side on a wide screen. Returns the first column; the second follows it. */
static GtkBox *
begin_slide (MnrPresentationWindow *self,
             const char            *kicker,
             guint                  number,
             const char            *title)
{
  GtkWidget *first = gtk_box_new (GTK_ORIENTATION_VERTICAL, 32);
  GtkWidget *second = gtk_box_new (GTK_ORIENTATION_VERTICAL, 32);
  GtkWidget *heading = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 32);
  GtkWidget *title_label;

  g_free (self->slide_title);
  self->slide_title = g_strdup (title);

  if (kicker != NULL)
    gtk_box_append (GTK_BOX (self->slide), text_label (kicker, "presentation-kicker"));
  /* A capability's number as large as its title, as on its tile. */
  if (number > 0)
    {
      g_autofree char *digits = g_strdup_printf ("%u", number);
      GtkWidget *badge = gtk_label_new (digits);

      gtk_widget_add_css_class (badge, "presentation-number");
      gtk_widget_set_valign (badge, GTK_ALIGN_START);
      gtk_box_append (GTK_BOX (heading), badge);
    }
  /* Filling the row: a wrapping label in a row asks for less than it can use. */
  title_label = text_label (title, "presentation-title");
  gtk_widget_set_hexpand (title_label, TRUE);
  gtk_box_append (GTK_BOX (heading), title_label);
  gtk_box_append (GTK_BOX (self->slide), heading);

  self->columns = GTK_BOX (gtk_box_new (self->wide ? GTK_ORIENTATION_HORIZONTAL : GTK_ORIENTATION_VERTICAL, 32));
  gtk_box_set_homogeneous (self->columns, self->wide);
  gtk_widget_add_css_class (GTK_WIDGET (self->columns), "presentation-columns");
  gtk_widget_set_hexpand (first, TRUE);
  gtk_widget_set_hexpand (second, TRUE);
  gtk_box_append (self->columns, first);
  gtk_box_append (self->columns, second);
  gtk_box_append (GTK_BOX (self->slide), GTK_WIDGET (self->columns));
  return GTK_BOX (first);
}

static GtkBox *
second_column (GtkBox *first)
{
  return GTK_BOX (gtk_widget_get_next_sibling (GTK_WIDGET (first)));
}

/* "Ama Owusu (chair)" a line, or @none. */
static void
add_people (GtkBox     *section,
            const char *text,
            const char *none)
{
  g_auto(GStrv) lines = mnr_split_lines (text);

  for (guint i = 0; lines[i] != NULL; i++)
    gtk_box_append (section, text_label (lines[i], "presentation-body"));
  if (lines[0] == NULL)
    gtk_box_append (section, text_label (none, "presentation-body"));
}

static char *
describe_agenda (MnrPresentationWindow *self)
{
  guint n = self->items->len;

  if (g_strcmp0 (self->meeting->agenda_kind, "grid") == 0)
    /* Translators: the agenda on the opening slide, when it is the whole grid */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "The whole grid: %u item", "The whole grid: %u items", n), n);

  if (g_strcmp0 (self->meeting->agenda_kind, "changes") == 0 && self->previous != NULL)
    {
      g_autofree char *day = mnr_format_day (self->previous->date);

      /* Translators: the agenda of changes; %u how many, %s the previous meeting's date */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u item changed since the previous meeting (%s)",
                                           "%u items changed since the previous meeting (%s)", n), n, day);
    }
  if (g_strcmp0 (self->meeting->agenda_kind, "changes") == 0)
    /* Translators: the agenda of changes at a country's first meeting */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u item rated before this first meeting",
                                         "%u items rated before this first meeting", n), n);

  /* Translators: the length of the agenda on the opening slide */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u item", "%u items", n), n);
}

static void
build_opening (MnrPresentationWindow *self)
{
  MnrCountry *country = self->catalog != NULL ? mnr_country_catalog_lookup (self->catalog, self->meeting->country)
                                              : NULL;
  const char *country_name = country != NULL ? mnr_country_get_name (country) : self->meeting->country;
  g_autofree char *day = mnr_format_day (self->meeting->date);
  g_autofree char *where = NULL;
  g_autofree char *agenda = describe_agenda (self);
  GtkBox *first, *section;

  if (self->meeting->place[0] != '\0')
    /* Translators: under a meeting's title: country · date · place */
    where = g_strdup_printf (_("%s · %s · %s"), country_name, day, self->meeting->place);
  else
    /* Translators: under a meeting's title: country · date */
    where = g_strdup_printf (_("%s · %s"), country_name, day);

  first = begin_slide (self, where, 0, self->meeting->title);

  section = add_section (first, _("Agenda"));
  gtk_box_append (section, text_label (agenda, "presentation-body"));
  if (g_strcmp0 (self->meeting->agenda_kind, "items") == 0)
    for (guint i = 0; i < self->items->len; i++)
      {
        g_autofree char *label = element_label (self, self->items->pdata[i]);
        /* Translators: an agenda item on the opening slide: its place, its name */
        g_autofree char *line = g_strdup_printf (_("%u. %s"), i + 1, label);

        gtk_box_append (section, text_label (line, "presentation-body"));
      }

  section = add_section (second_column (first), _("Present"));
  add_people (section, self->meeting->attendees, _("Not recorded."));
  section = add_section (second_column (first), _("Apologies"));
  add_people (section, self->meeting->apologies, _("None."));
  /* What is recorded here is on the meeting as a whole. */
  add_recorded (self, second_column (first), "");
}

static void
add_level (MnrPresentationWindow *self,
           GtkBox                *column,
           const char            *element_id)
{
  MnrLevel *level = mnr_workspace_get_level (self->workspace, element_id);
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 24);
  GtkWidget *caption = text_label (_("Current level"), "presentation-body");
  GtkWidget *chip = gtk_label_new (mnr_level_get_name (level));
  /* Translators: the accessible name of a level's chip on a slide */
  g_autofree char *name = g_strdup_printf (_("Current level: %s"), mnr_level_get_name (level));

  gtk_widget_set_hexpand (caption, FALSE);
  gtk_widget_set_valign (caption, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (chip, "level-chip");
  gtk_widget_add_css_class (chip, "presentation-level");
  mnr_level_style_add_classes (chip, level);
  gtk_widget_set_valign (chip, GTK_ALIGN_CENTER);
  gtk_label_set_wrap (GTK_LABEL (chip), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (chip), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  gtk_box_append (GTK_BOX (row), caption);
  gtk_box_append (GTK_BOX (row), chip);
  gtk_box_append (column, row);

  /* What the committee is asked: a proposed level waits for its decision. */
  {
    MnrRating *rating = mnr_workspace_get_rating (self->workspace, element_id);

    if (rating != NULL && mnr_level_get_assessed (level))
      gtk_box_append (column, text_label (g_strcmp0 (rating->review, "agreed") != 0
                                          ? _("Proposed: for the committee to agree (D records the decision).")
                                          : g_strcmp0 (rating->agreed_in, self->meeting->id) == 0
                                          ? _("Agreed at this meeting.")
                                          : _("Agreed by an earlier meeting."),
                                          "presentation-body"));
  }
}

static void
add_rationale (MnrPresentationWindow *self,
               GtkBox                *column,
               const char            *element_id)
{
  MnrRating *rating = mnr_workspace_get_rating (self->workspace, element_id);
  GtkBox *section = add_section (column, _("Why this level"));

  if (rating != NULL && rating->rationale != NULL && rating->rationale[0] != '\0')
    gtk_box_append (section, text_label (rating->rationale, "presentation-body"));
  else
    gtk_box_append (section, text_label (_("No rationale recorded."), "presentation-body"));
}

static gboolean
action_is_open (const MnrAction *action)
{
  return g_strcmp0 (action->status, "open") == 0 || g_strcmp0 (action->status, "in-progress") == 0;
}

/* An action item as two lines: what, then who, by when and how far; an
 * overdue one says so in words, first. */
static GtkWidget *
action_label (MnrPresentationWindow *self,
              const MnrAction       *action,
              gboolean               with_element)
{
  gboolean overdue = mnr_action_is_overdue (action, self->today);
  g_autofree char *due = action->due[0] != '\0' ? mnr_format_day (action->due) : NULL;
  g_autofree char *when = NULL;
  g_autofree char *meta = NULL;
  g_autofree char *element = with_element ? element_label (self, action->element_id) : NULL;
  g_autofree char *markup = NULL;
  const char *owner = action->owner[0] != '\0' ? action->owner : _("no owner");
  const char *status = mnr_record_choice_get_label (mnr_action_statuses, action->status);
  GtkWidget *label;

  if (overdue)
    /* Translators: an overdue action item's date, in words so colour is not the only cue */
    when = g_strdup_printf (_("Overdue: was due %s"), due);
  else if (due != NULL)
    /* Translators: an action item's due date */
    when = g_strdup_printf (_("due %s"), due);
  else
    when = g_strdup (_("no due date"));

  /* Translators: an action item's details: owner · due date · status */
  meta = g_strdup_printf (_("%s · %s · %s"), owner, when, status);
  if (element != NULL)
    markup = g_markup_printf_escaped ("<b>%s</b>\n%s\n%s", action->description, meta, element);
  else
    markup = g_markup_printf_escaped ("<b>%s</b>\n%s", action->description, meta);

  label = markup_label (markup, "presentation-body");
  if (overdue)
    gtk_widget_add_css_class (label, "presentation-overdue");
  return label;
}

static void
add_open_actions (MnrPresentationWindow *self,
                  GtkBox                *column,
                  const char            *element_id)
{
  MnrStore *store = mnr_workspace_get_store (self->workspace);
  g_autoptr(GPtrArray) actions = mnr_store_list_actions (store, self->meeting->country, element_id, NULL);
  GtkBox *section = add_section (column, _("Open action items"));
  gboolean any = FALSE;

  for (guint i = 0; actions != NULL && i < actions->len; i++)
    if (action_is_open (actions->pdata[i]))
      {
        gtk_box_append (section, action_label (self, actions->pdata[i], FALSE));
        any = TRUE;
      }
  if (!any)
    gtk_box_append (section, text_label (_("None."), "presentation-body"));
}

static char *
describe_minute (MnrPresentationWindow *self,
                 const MnrMinute       *minute)
{
  if (g_strcmp0 (minute->kind, "decision") == 0 && minute->level_id[0] != '\0')
    /* Translators: a decision on a slide, with the level it agreed */
    return g_strdup_printf (_("Decision: %s (level agreed: %s)"), minute->text,
                            level_name (self, minute->level_id));
  if (g_strcmp0 (minute->kind, "decision") == 0)
    /* Translators: a decision on a slide */
    return g_strdup_printf (_("Decision: %s"), minute->text);
  /* Translators: a note on a slide */
  return g_strdup_printf (_("Note: %s"), minute->text);
}

/* What this meeting recorded on @element_id ("" for the meeting). */
static void
add_recorded (MnrPresentationWindow *self,
              GtkBox                *column,
              const char            *element_id)
{
  MnrStore *store = mnr_workspace_get_store (self->workspace);
  g_autoptr(GPtrArray) minutes = mnr_store_list_minutes (store, self->meeting->id, NULL);
  GtkBox *section = add_section (column, _("Recorded at this meeting"));
  gboolean any = FALSE;

  for (guint i = 0; minutes != NULL && i < minutes->len; i++)
    {
      MnrMinute *minute = minutes->pdata[i];
      g_autofree char *text = NULL;

      if (g_strcmp0 (minute->element_id, element_id) != 0)
        continue;
      text = describe_minute (self, minute);
      gtk_box_append (section, text_label (text, "presentation-body"));
      any = TRUE;
    }
  if (!any)
    gtk_box_append (section, text_label (_("Nothing yet: D records a decision, N a note, A an action item."),
                                         "presentation-body"));
}

static char *
dup_kicker (MnrElement *element)
{
  MnrElement *domain = mnr_element_get_domain (element);

  if (mnr_element_get_kind (element) == MNR_ELEMENT_ENABLER)
    return g_strdup (_("Enabler"));
  if (domain != NULL)
    /* Translators: above a capability's title on a slide: its number · its domain */
    return g_strdup_printf (_("Capability %u · %s"), mnr_element_get_number (element), mnr_element_get_title (domain));
  /* Translators: above a capability's title on a slide */
  return g_strdup_printf (_("Capability %u"), mnr_element_get_number (element));
}

static void
build_item (MnrPresentationWindow *self,
            const char            *element_id)
{
  MnrElement *element = mnr_framework_lookup (framework_of (self), element_id);
  g_autofree char *kicker = dup_kicker (element);
  g_autofree char *label = mnr_element_dup_label (element);
  GtkBox *first;

  first = begin_slide (self, kicker,
                       mnr_element_get_kind (element) == MNR_ELEMENT_CAPABILITY ? mnr_element_get_number (element) : 0,
                       mnr_element_get_title (element));
  /* The slide's title for tests and the position's announcement: the
   * element's full name. */
  g_free (self->slide_title);
  self->slide_title = g_steal_pointer (&label);

  add_level (self, first, element_id);
  add_rationale (self, first, element_id);
  add_open_actions (self, second_column (first), element_id);
  add_recorded (self, second_column (first), element_id);
}

static void
build_no_items (MnrPresentationWindow *self)
{
  GtkBox *first;

  if (g_strcmp0 (self->meeting->agenda_kind, "changes") == 0)
    {
      first = begin_slide (self, NULL, 0, _("Nothing Changed Since the Previous Meeting"));
      gtk_box_append (first, text_label (_("No level of a capability or an enabler was changed in this round since "
                                           "the committee last met."), "presentation-body"));
    }
  else
    {
      first = begin_slide (self, NULL, 0, _("The Agenda Is Empty"));
      gtk_box_append (first, text_label (_("Add items to the meeting’s agenda in Meetings (Ctrl+M)."),
                                         "presentation-body"));
    }
  add_recorded (self, second_column (first), "");
}

static void
build_summary (MnrPresentationWindow *self)
{
  MnrStore *store = mnr_workspace_get_store (self->workspace);
  g_autoptr(GPtrArray) minutes = mnr_store_list_minutes (store, self->meeting->id, NULL);
  g_autoptr(GPtrArray) actions = mnr_store_list_actions (store, self->meeting->country, NULL, NULL);
  GtkBox *first, *section;
  gboolean any = FALSE;

  first = begin_slide (self, self->meeting->title, 0, _("Summary of the Meeting"));

  section = add_section (first, _("Decisions"));
  for (guint i = 0; minutes != NULL && i < minutes->len; i++)
    {
      MnrMinute *minute = minutes->pdata[i];
      g_autofree char *about = NULL;
      g_autofree char *markup = NULL;

      if (g_strcmp0 (minute->kind, "decision") != 0)
        continue;
      about = minute->element_id[0] != '\0' ? element_label (self, minute->element_id)
                                            : g_strdup (_("The meeting as a whole"));
      if (minute->level_id[0] != '\0')
        /* Translators: a decision in the summary: the item, then what was decided and the level agreed */
        markup = g_markup_printf_escaped (_("<b>%s</b>\n%s (level agreed: %s)"), about, minute->text,
                                          level_name (self, minute->level_id));
      else
        markup = g_markup_printf_escaped ("<b>%s</b>\n%s", about, minute->text);
      gtk_box_append (section, markup_label (markup, "presentation-body"));
      any = TRUE;
    }
  if (!any)
    gtk_box_append (section, text_label (_("No decision recorded."), "presentation-body"));

  any = FALSE;
  section = add_section (second_column (first), _("Action items"));
  for (guint i = 0; actions != NULL && i < actions->len; i++)
    if (g_strcmp0 (((MnrAction *) actions->pdata[i])->meeting_id, self->meeting->id) == 0)
      {
        gtk_box_append (section, action_label (self, actions->pdata[i], TRUE));
        any = TRUE;
      }
  if (!any)
    gtk_box_append (section, text_label (_("No action item recorded."), "presentation-body"));
}

static char *
dup_position_text (MnrPresentationWindow *self)
{
  guint n = self->items->len;

  switch (slide_kind (self, self->index))
    {
    case SLIDE_OPENING:
      /* Translators: the position on the opening slide, with the agenda's length */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Opening · %u item", "Opening · %u items", n), n);
    case SLIDE_ITEM:
      /* Translators: the position in presentation mode */
      return g_strdup_printf (_("Item %u of %u"), self->index, n);
    case SLIDE_NO_ITEMS:
      return g_strdup (_("Agenda"));
    case SLIDE_SUMMARY:
      return g_strdup (_("Summary"));
    default:
      g_return_val_if_reached (g_strdup (""));
    }
}

static void
update_actions (MnrPresentationWindow *self)
{
  guint last = mnr_presentation_window_get_n_slides (self) - 1;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "presentation.previous", self->index > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "presentation.next", self->index < last);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "presentation.add-action",
                                 slide_kind (self, self->index) == SLIDE_ITEM);
}

static void
show_slide (MnrPresentationWindow *self)
{
  g_autofree char *position = NULL;
  g_autofree char *announced = NULL;
  GtkWidget *child;

  self->index = MIN (self->index, mnr_presentation_window_get_n_slides (self) - 1);

  while ((child = gtk_widget_get_first_child (self->slide)) != NULL)
    gtk_box_remove (GTK_BOX (self->slide), child);
  self->columns = NULL;

  switch (slide_kind (self, self->index))
    {
    case SLIDE_OPENING:
      build_opening (self);
      break;
    case SLIDE_ITEM:
      build_item (self, self->items->pdata[self->index - 1]);
      break;
    case SLIDE_NO_ITEMS:
      build_no_items (self);
      break;
    case SLIDE_SUMMARY:
      build_summary (self);
      break;
    default:
      g_assert_not_reached ();
    }

  position = dup_position_text (self);
  gtk_label_set_text (self->position_label, position);
  /* Translators: what a screen reader says when the slide changes: position, then the slide's title */
  announced = g_strdup_printf (_("%s: %s"), position, self->slide_title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->slide), GTK_ACCESSIBLE_PROPERTY_LABEL, announced, -1);
  /* A new slide starts at its top; the same one drawn again (a record
   * saved) stays where the room was reading. */
  if (self->index != self->shown_index)
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
  self->shown_index = self->index;
  update_actions (self);
}

/* --- moving and recording ------------------------------------------------ */

void
mnr_presentation_window_set_slide (MnrPresentationWindow *self,
                                   guint                  index)
{
  g_return_if_fail (MNR_IS_PRESENTATION_WINDOW (self));

  index = MIN (index, mnr_presentation_window_get_n_slides (self) - 1);
  if (index == self->index)
    return;
  self->index = index;
  show_slide (self);
}

static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  MnrPresentationWindow *self = MNR_PRESENTATION_WINDOW (widget);
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  guint last = mnr_presentation_window_get_n_slides (self) - 1;

  if (g_str_equal (action_name, "presentation.left"))
    action_name = rtl ? "presentation.next" : "presentation.previous";
  else if (g_str_equal (action_name, "presentation.right"))
    action_name = rtl ? "presentation.previous" : "presentation.next";

  if (g_str_equal (action_name, "presentation.next"))
    mnr_presentation_window_set_slide (self, MIN (self->index + 1, last));
  else if (g_str_equal (action_name, "presentation.previous"))
    mnr_presentation_window_set_slide (self, self->index > 0 ? self->index - 1 : 0);
  else if (g_str_equal (action_name, "presentation.first"))
    mnr_presentation_window_set_slide (self, 0);
  else if (g_str_equal (action_name, "presentation.last"))
    mnr_presentation_window_set_slide (self, last);
}

/* Back to the slides once a dialog is done, with the keyboard: the
 * clicker's next key must reach this window, not the one below it. */
static void
on_dialog_destroy_cb (MnrPresentationWindow *self)
{
  if (gtk_widget_get_visible (GTK_WIDGET (self)))
    gtk_window_present (GTK_WINDOW (self));
}

static void
present_dialog (MnrPresentationWindow *self,
                GtkWidget             *dialog)
{
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (on_dialog_destroy_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
record_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  MnrPresentationWindow *self = MNR_PRESENTATION_WINDOW (widget);
  const char *element_id = mnr_presentation_window_get_element_id (self);
  MnrMinute minute = {
    .meeting_id = self->meeting->id,
    .kind = g_str_equal (action_name, "presentation.record-decision") ? (char *) "decision" : (char *) "note",
    .element_id = (char *) (element_id != NULL ? element_id : ""),
  };
  GtkWidget *dialog = mnr_minute_editor_new (GTK_WINDOW (self), mnr_workspace_get_store (self->workspace),
                                             framework_of (self), &minute);

  present_dialog (self, dialog);
}

static void
add_action_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  MnrPresentationWindow *self = MNR_PRESENTATION_WINDOW (widget);
  const char *element_id = mnr_presentation_window_get_element_id (self);
  MnrAction action = {
    .country = self->meeting->country,
    .element_id = (char *) element_id,
    .meeting_id = self->meeting->id,
    .status = (char *) "open",
  };

  if (element_id == NULL)
    return;
  present_dialog (self, mnr_action_editor_new (GTK_WINDOW (self), mnr_workspace_get_store (self->workspace),
                                               &action));
}

/* Back to the window presenting came from, with the keyboard focus: with
 * no window manager to hand it on (or a slow one) the next key would
 * reach nothing. */
static gboolean
on_close_request_cb (GtkWindow *window)
{
  GtkWindow *parent = gtk_window_get_transient_for (window);

  if (parent != NULL && gtk_widget_get_visible (GTK_WIDGET (parent)))
    gtk_window_present (parent);
  return FALSE;
}

static void
leave_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  gtk_window_close (GTK_WINDOW (widget));
}

/* The meeting again (its agenda may have changed), then the slide. */
static void
reload (MnrPresentationWindow *self)
{
  MnrMeeting *meeting = mnr_store_get_meeting (mnr_workspace_get_store (self->workspace), self->meeting->id, NULL);

  if (meeting == NULL)
    {
      /* Deleted elsewhere, or by sync: nothing left to present. */
      gtk_window_close (GTK_WINDOW (self));
      return;
    }

  g_clear_pointer (&self->meeting, mnr_meeting_free);
  g_clear_pointer (&self->previous, mnr_meeting_free);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  self->meeting = meeting;
  self->previous = mnr_agenda_find_previous (self->workspace, meeting);
  self->items = mnr_agenda_list_items (self->workspace, meeting, self->previous);
  show_slide (self);
}

/* --- layout -------------------------------------------------------------- */

static gboolean
update_layout_cb (gpointer user_data)
{
  MnrPresentationWindow *self = user_data;
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));

  self->layout_idle_id = 0;
  self->wide = width >= WIDE_WIDTH;
  self->compact = width < WIDE_WIDTH || height < COMPACT_HEIGHT;
  if (self->compact)
    gtk_widget_add_css_class (GTK_WIDGET (self), "compact");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "compact");
  if (self->columns != NULL)
    {
      /* Side by side, the halves are as wide as each other; one above the
       * other, each is as tall as its text. */
      gtk_orientable_set_orientation (GTK_ORIENTABLE (self->columns),
                                      self->wide ? GTK_ORIENTATION_HORIZONTAL : GTK_ORIENTATION_VERTICAL);
      gtk_box_set_homogeneous (self->columns, self->wide);
    }
  return G_SOURCE_REMOVE;
}

static void
mnr_presentation_window_size_allocate (GtkWidget *widget,
                                       int        width,
                                       int        height,
                                       int        baseline)
{
  MnrPresentationWindow *self = MNR_PRESENTATION_WINDOW (widget);
  gboolean compact = width < WIDE_WIDTH || height < COMPACT_HEIGHT;

  GTK_WIDGET_CLASS (mnr_presentation_window_parent_class)->size_allocate (widget, width, height, baseline);

  /* Changing the layout while it is being allocated would ask for
   * another allocation inside this one: after it, then. */
  if ((self->wide != (width >= WIDE_WIDTH) || self->compact != compact) && self->layout_idle_id == 0)
    self->layout_idle_id = g_idle_add (update_layout_cb, self);
}

/* --- the window ---------------------------------------------------------- */

static void
mnr_presentation_window_dispose (GObject *object)
{
  MnrPresentationWindow *self = MNR_PRESENTATION_WINDOW (object);

  g_clear_handle_id (&self->layout_idle_id, g_source_remove);

  G_OBJECT_CLASS (mnr_presentation_window_parent_class)->dispose (object);
}

static void
mnr_presentation_window_finalize (GObject *object)
{
  MnrPresentationWindow *self = MNR_PRESENTATION_WINDOW (object);

  g_clear_object (&self->workspace);
  g_clear_object (&self->catalog);
  g_clear_pointer (&self->meeting, mnr_meeting_free);
  g_clear_pointer (&self->previous, mnr_meeting_free);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_free (self->slide_title);
  g_free (self->today);

  G_OBJECT_CLASS (mnr_presentation_window_parent_class)->finalize (object);
}

/* The keys, caught on their way to the focus (capture phase): GtkWindow
 * binds the arrows to moving the focus and Space to activating it, and a
 * class binding here would come after those. */
static void
bind_keys (GtkShortcutController *controller,
           const guint           *keys,
           guint                  n_keys,
           GdkModifierType        modifiers,
           const char            *action_name)
{
  for (guint i = 0; i < n_keys; i++)
    gtk_shortcut_controller_add_shortcut (controller,
                                          gtk_shortcut_new (gtk_keyval_trigger_new (keys[i], modifiers),
                                                            gtk_named_action_new (action_name)));
}

static void
add_key_controller (MnrPresentationWindow *self)
{
  static const guint next_keys[] = { GDK_KEY_Page_Down, GDK_KEY_KP_Page_Down, GDK_KEY_Down, GDK_KEY_KP_Down,
                                     GDK_KEY_space, GDK_KEY_KP_Space };
  static const guint previous_keys[] = { GDK_KEY_Page_Up, GDK_KEY_KP_Page_Up, GDK_KEY_Up, GDK_KEY_KP_Up,
                                         GDK_KEY_BackSpace };
  GtkShortcutController *keys = GTK_SHORTCUT_CONTROLLER (gtk_shortcut_controller_new ());

  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (keys), GTK_PHASE_CAPTURE);
  gtk_event_controller_set_name (GTK_EVENT_CONTROLLER (keys), "presentation-keys");
  bind_keys (keys, next_keys, G_N_ELEMENTS (next_keys), 0, "presentation.next");
  bind_keys (keys, previous_keys, G_N_ELEMENTS (previous_keys), 0, "presentation.previous");
  bind_keys (keys, (const guint[]) { GDK_KEY_Left, GDK_KEY_KP_Left }, 2, 0, "presentation.left");
  bind_keys (keys, (const guint[]) { GDK_KEY_Right, GDK_KEY_KP_Right }, 2, 0, "presentation.right");
  bind_keys (keys, (const guint[]) { GDK_KEY_Home, GDK_KEY_KP_Home }, 2, 0, "presentation.first");
  bind_keys (keys, (const guint[]) { GDK_KEY_End, GDK_KEY_KP_End }, 2, 0, "presentation.last");
  bind_keys (keys, (const guint[]) { GDK_KEY_d }, 1, 0, "presentation.record-decision");
  bind_keys (keys, (const guint[]) { GDK_KEY_d }, 1, GDK_CONTROL_MASK, "presentation.record-decision");
  bind_keys (keys, (const guint[]) { GDK_KEY_n }, 1, 0, "presentation.add-note");
  bind_keys (keys, (const guint[]) { GDK_KEY_a }, 1, 0, "presentation.add-action");
  bind_keys (keys, (const guint[]) { GDK_KEY_Escape }, 1, 0, "presentation.leave");
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (keys));
}

static void
mnr_presentation_window_class_init (MnrPresentationWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = mnr_presentation_window_dispose;
  G_OBJECT_CLASS (klass)->finalize = mnr_presentation_window_finalize;
  widget_class->size_allocate = mnr_presentation_window_size_allocate;

  gtk_widget_class_install_action (widget_class, "presentation.next", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "presentation.previous", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "presentation.left", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "presentation.right", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "presentation.first", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "presentation.last", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "presentation.record-decision", NULL, record_action);
  gtk_widget_class_install_action (widget_class, "presentation.add-note", NULL, record_action);
  gtk_widget_class_install_action (widget_class, "presentation.add-action", NULL, add_action_action);
  gtk_widget_class_install_action (widget_class, "presentation.leave", NULL, leave_action);
}

/* A button of the bar that never takes the focus, so the keys of a
 * clicker keep reaching the window. */
static GtkWidget *
bar_button (const char *label,
            const char *icon_name,
            const char *action_name,
            const char *tooltip)
{
  GtkWidget *button = label != NULL ? gtk_button_new_with_label (label) : gtk_button_new_from_icon_name (icon_name);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action_name);
  gtk_widget_set_focusable (button, FALSE);
  gtk_widget_set_focus_on_click (button, FALSE);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  if (label == NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  return button;
}

static GtkWidget *
build_bar (MnrPresentationWindow *self)
{
  GtkWidget *bar = gtk_center_box_new ();
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);

  self->position_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->position_label), "presentation-position");
  gtk_label_set_ellipsize (self->position_label, PANGO_ELLIPSIZE_END);
  gtk_center_box_set_start_widget (GTK_CENTER_BOX (bar), GTK_WIDGET (self->position_label));

  gtk_box_append (GTK_BOX (buttons), bar_button (NULL, "go-previous-symbolic", "presentation.previous",
                                                 _("Previous (Page Up)")));
  gtk_box_append (GTK_BOX (buttons), bar_button (NULL, "go-next-symbolic", "presentation.next",
                                                 _("Next (Page Down)")));
  gtk_box_append (GTK_BOX (buttons), bar_button (_("Record Decision…"), NULL, "presentation.record-decision",
                                                 _("Record a decision on this item (D)")));
  gtk_box_append (GTK_BOX (buttons), bar_button (_("Add Note…"), NULL, "presentation.add-note",
                                                 _("Add a note on this item (N)")));
  gtk_box_append (GTK_BOX (buttons), bar_button (_("Add Action…"), NULL, "presentation.add-action",
                                                 _("Add an action item on this item (A)")));
  gtk_box_append (GTK_BOX (buttons), bar_button (NULL, "view-restore-symbolic", "presentation.leave",
                                                 _("Leave Presentation (Escape)")));
  gtk_center_box_set_end_widget (GTK_CENTER_BOX (bar), buttons);

  gtk_widget_add_css_class (bar, "presentation-bar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (bar), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Presentation controls"), -1);
  return bar;
}

static void
mnr_presentation_window_init (MnrPresentationWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *clamp = adw_clamp_new ();

  self->today = mnr_today ();
  self->shown_index = G_MAXUINT;
  self->wide = TRUE;

  self->slide = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  gtk_widget_add_css_class (self->slide, "presentation-slide");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->slide), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Slide"), -1);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 1760);
  adw_clamp_set_tightening_threshold (ADW_CLAMP (clamp), 1760);
  adw_clamp_set_child (ADW_CLAMP (clamp), self->slide);

  self->scroller = GTK_SCROLLED_WINDOW (gtk_scrolled_window_new ());
  gtk_scrolled_window_set_policy (self->scroller, GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (self->scroller, clamp);
  gtk_widget_set_vexpand (GTK_WIDGET (self->scroller), TRUE);
  gtk_widget_set_focusable (GTK_WIDGET (self->scroller), FALSE);

  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->scroller));
  gtk_box_append (GTK_BOX (box), build_bar (self));
  adw_window_set_content (ADW_WINDOW (self), box);
  gtk_widget_add_css_class (GTK_WIDGET (self), "presentation");
  add_key_controller (self);
}

/**
 * mnr_presentation_window_new:
 * @app: (nullable): the application, to keep it running
 * @parent: (nullable): the main window, shown again on leaving
 * @meeting_id: a meeting of the workspace's country
 *
 * Returns: (transfer floating) (nullable): the window, full screen once
 *   presented, on the meeting's opening slide; %NULL when there is no such
 *   meeting
 */
GtkWidget *
mnr_presentation_window_new (GtkApplication *app,
                             GtkWindow      *parent,
                             MnrWorkspace   *workspace,
                             const char     *meeting_id)
{
  MnrPresentationWindow *self;
  MnrMeeting *meeting;
  g_autofree char *title = NULL;

  g_return_val_if_fail (MNR_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (meeting_id != NULL, NULL);

  meeting = mnr_store_get_meeting (mnr_workspace_get_store (workspace), meeting_id, NULL);
  if (meeting == NULL)
    return NULL;

  /* Translators: the presentation window's title, %s a meeting's title */
  title = g_strdup_printf (_("Presenting “%s”"), meeting->title);
  self = g_object_new (MNR_TYPE_PRESENTATION_WINDOW,
                       "application", app,
                       "transient-for", parent,
                       "destroy-with-parent", TRUE,
                       "title", title,
                       NULL);
  self->workspace = g_object_ref (workspace);
  self->meeting = meeting;
  self->previous = mnr_agenda_find_previous (workspace, meeting);
  self->items = mnr_agenda_list_items (workspace, meeting, self->previous);

  g_signal_connect_object (mnr_workspace_get_store (workspace), "changed::meeting", G_CALLBACK (reload), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (mnr_workspace_get_store (workspace), "changed::minute", G_CALLBACK (show_slide), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (mnr_workspace_get_store (workspace), "changed::action", G_CALLBACK (show_slide), self,
                           G_CONNECT_SWAPPED);
  /* A rating changed: the level shown, and perhaps the agenda of changes. */
  g_signal_connect_object (workspace, "rating-changed", G_CALLBACK (reload), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (workspace, "changed", G_CALLBACK (reload), self, G_CONNECT_SWAPPED);

  g_signal_connect (self, "close-request", G_CALLBACK (on_close_request_cb), NULL);

  show_slide (self);
  gtk_window_fullscreen (GTK_WINDOW (self));
  return GTK_WIDGET (self);
}

void
mnr_presentation_window_set_catalog (MnrPresentationWindow *self,
                                     MnrCountryCatalog     *catalog)
{
  g_return_if_fail (MNR_IS_PRESENTATION_WINDOW (self));

  if (!g_set_object (&self->catalog, catalog))
    return;
  show_slide (self);
}

guint
mnr_presentation_window_get_slide (MnrPresentationWindow *self)
{
  g_return_val_if_fail (MNR_IS_PRESENTATION_WINDOW (self), 0);

  return self->index;
}

const char *
mnr_presentation_window_get_slide_title (MnrPresentationWindow *self)
{
  g_return_val_if_fail (MNR_IS_PRESENTATION_WINDOW (self), NULL);

  return self->slide_title;
}

const char *
mnr_presentation_window_get_position_text (MnrPresentationWindow *self)
{
  g_return_val_if_fail (MNR_IS_PRESENTATION_WINDOW (self), NULL);

  return gtk_label_get_text (self->position_label);
}

/**
 * mnr_presentation_window_get_element_id:
 *
 * Returns: (nullable): the agenda item shown, or %NULL on the opening,
 *   summary or "nothing changed" slides
 */
const char *
mnr_presentation_window_get_element_id (MnrPresentationWindow *self)
{
  g_return_val_if_fail (MNR_IS_PRESENTATION_WINDOW (self), NULL);

  return slide_kind (self, self->index) == SLIDE_ITEM ? self->items->pdata[self->index - 1] : NULL;
}
