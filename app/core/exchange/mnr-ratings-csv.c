/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-ratings-csv"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>

#include "mnr-csv.h"
#include "mnr-ids.h"
#include "mnr-ratings-csv.h"
#include "mnr-ratings-sheet.h"
#include "mnr-sync-record.h"

/* A country's ratings as CSV, one row a rating, in and out:
 *
 *   country, country_name, round_id, round, round_date, element,
 *   element_title, level, level_name, rationale, changed_by, changed_at
 *
 * The names are for people reading the sheet; an import reads the ids
 * (country, round_id where it is given, element, level) and the round's
 * name and date. Every row is checked before anything is written, each
 * problem said with its line; the rows are then written in one
 * transaction, or none are. A round named by its id or, without one, by
 * its country and name, is used when the store has it (its date must
 * agree), and made otherwise, holding only what the file gives it. */

static const char * const columns[] = {
  "country", "country_name", "round_id", "round", "round_date", "element", "element_title",
  "level", "level_name", "rationale", "changed_by", "changed_at", NULL
};

enum {
  COL_COUNTRY, COL_COUNTRY_NAME, COL_ROUND_ID, COL_ROUND, COL_ROUND_DATE, COL_ELEMENT, COL_ELEMENT_TITLE,
  COL_LEVEL, COL_LEVEL_NAME, COL_RATIONALE, COL_CHANGED_BY, COL_CHANGED_AT, N_COLUMNS
};

static char *
format_time (gint64 usec)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);

  return when != NULL ? g_date_time_format_iso8601 (when) : g_strdup ("");
}

/* The framework's order: capabilities 1 to 21, then the enablers. */
static int
element_rank (MnrFramework *framework,
              const char   *element_id)
{
  MnrElement *element = mnr_framework_lookup (framework, element_id);

  if (element == NULL)
    return G_MAXINT;
  return (mnr_element_get_kind (element) == MNR_ELEMENT_CAPABILITY ? 0 : 1000) + (int) mnr_element_get_number (element);
}

static int
compare_ratings (gconstpointer a,
                 gconstpointer b,
                 gpointer      framework)
{
  const MnrRating *x = *(MnrRating **) a;
  const MnrRating *y = *(MnrRating **) b;
  int by = element_rank (framework, x->element_id) - element_rank (framework, y->element_id);

  return by != 0 ? by : g_strcmp0 (x->element_id, y->element_id);
}

static gboolean
export_country (GString           *csv,
                MnrStore          *store,
                MnrFramework      *framework,
                MnrCountryCatalog *catalog,
                const char        *country,
                GError           **error)
{
  MnrCountry *entry = catalog != NULL ? mnr_country_catalog_lookup (catalog, country) : NULL;
  g_autoptr(GPtrArray) rounds = mnr_store_list_rounds (store, country, error);

  if (rounds == NULL)
    return FALSE;

  /* Oldest round first, as a sheet reads. */
  for (guint r = rounds->len; r-- > 0;)
    {
      MnrRound *round = rounds->pdata[r];
      g_autoptr(GPtrArray) ratings = mnr_store_list_ratings (store, round->id, error);

      if (ratings == NULL)
        return FALSE;
      g_ptr_array_sort_with_data (ratings, compare_ratings, framework);
      for (guint i = 0; i < ratings->len; i++)
        {
          MnrRating *rating = ratings->pdata[i];
          MnrElement *element = mnr_framework_lookup (framework, rating->element_id);
          MnrLevel *level = mnr_framework_lookup_level (framework, rating->level_id);
          g_autofree char *title = element != NULL ? mnr_element_dup_label (element) : g_strdup ("");
          g_autofree char *changed_at = format_time (rating->updated_at);
          const char *row[N_COLUMNS + 1] = {
            country, entry != NULL ? mnr_country_get_name (entry) : "", round->id, round->name, round->date,
            rating->element_id, title, rating->level_id, level != NULL ? mnr_level_get_name (level) : "",
            rating->rationale, rating->updated_by, changed_at, NULL
          };

          mnr_csv_add_row (csv, row);
        }
    }
  return TRUE;
}

/**
 * mnr_ratings_csv_export:
 * @catalog: (nullable): for the countries' names
 * @countries: (nullable): the countries; %NULL: every country in the store
 *
 * Returns: (transfer full): the CSV, UTF-8 with its byte-order mark
 */
GBytes *
mnr_ratings_csv_export (MnrStore           *store,
                        MnrFramework       *framework,
                        MnrCountryCatalog  *catalog,
                        const char * const *countries,
                        GError            **error)
{
  g_auto(GStrv) all = NULL;
  g_autoptr(GString) csv = mnr_csv_begin ();

  g_return_val_if_fail (MNR_IS_STORE (store), NULL);
  g_return_val_if_fail (MNR_IS_FRAMEWORK (framework), NULL);

  if (countries == NULL)
    {
      if (!(all = mnr_store_list_countries (store, error)))
        return NULL;
      countries = (const char * const *) all;
    }

  mnr_csv_add_row (csv, columns);
  for (guint c = 0; countries[c] != NULL; c++)
    if (!export_country (csv, store, framework, catalog, countries[c], error))
      return NULL;

  return g_string_free_to_bytes (g_steal_pointer (&csv));
}

/* --- the evidence list ------------------------------------------------- */

static const char * const evidence_columns[] = {
  "country", "evidence_id", "title", "kind", "date", "source", "summary", "elements", "restricted",
  "attachments", "changed_by", "changed_at", NULL
};

/**
 * mnr_evidence_csv_export:
 * @countries: (nullable): the countries; %NULL: every country in the store
 * @with_restricted: whether evidence marked restricted is listed
 *
 * The evidence list, an item a row: its citation, the elements it is
 * about (ids, space-separated) and its files' names (a line each).
 * Sample data, an example and never a country's evidence, is left out.
 *
 * Returns: (transfer full): the CSV, UTF-8 with its byte-order mark
 */
GBytes *
mnr_evidence_csv_export (MnrStore           *store,
                         const char * const *countries,
                         gboolean            with_restricted,
                         GError            **error)
{
  g_auto(GStrv) all = NULL;
  g_autoptr(GString) csv = mnr_csv_begin ();

  g_return_val_if_fail (MNR_IS_STORE (store), NULL);

  if (countries == NULL)
    {
      if (!(all = mnr_store_list_countries (store, error)))
        return NULL;
      countries = (const char * const *) all;
    }

  mnr_csv_add_row (csv, evidence_columns);
  for (guint c = 0; countries[c] != NULL; c++)
    {
      g_autoptr(GListModel) items = mnr_store_list_evidence (store, countries[c], NULL, error);

      if (items == NULL)
        return NULL;
      for (guint i = 0; i < g_list_model_get_n_items (items); i++)
        {
          g_autoptr(MnrEvidence) item = g_list_model_get_item (items, i);
          g_autoptr(GPtrArray) files = NULL;
          g_autoptr(GString) names = g_string_new (NULL);
          g_autofree char *elements = NULL;
          g_autofree char *changed_at = NULL;
          const char *row[G_N_ELEMENTS (evidence_columns)];

          if (mnr_evidence_get_sample (item) || (mnr_evidence_get_restricted (item) && !with_restricted))
            continue;
          if (!(files = mnr_store_list_attachments (store, mnr_evidence_get_id (item), error)))
            return NULL;
          for (guint f = 0; f < files->len; f++)
            g_string_append_printf (names, "%s%s", f > 0 ? "\n" : "", ((MnrAttachment *) files->pdata[f])->name);
          elements = g_strjoinv (" ", (char **) mnr_evidence_get_elements (item));
          changed_at = format_time (mnr_evidence_get_updated_at (item));

          row[0] = countries[c];
          row[1] = mnr_evidence_get_id (item);
          row[2] = mnr_evidence_get_title (item);
          row[3] = mnr_evidence_get_kind (item);
          row[4] = mnr_evidence_get_date (item) != NULL ? mnr_evidence_get_date (item) : "";
          row[5] = mnr_evidence_get_source (item) != NULL ? mnr_evidence_get_source (item) : "";
          row[6] = mnr_evidence_get_summary (item) != NULL ? mnr_evidence_get_summary (item) : "";
          row[7] = elements;
          row[8] = mnr_evidence_get_restricted (item) ? "restricted" : "public";
          row[9] = names->str;
          row[10] = mnr_evidence_get_updated_by (item) != NULL ? mnr_evidence_get_updated_by (item) : "";
          row[11] = changed_at;
          row[12] = NULL;
          mnr_csv_add_row (csv, row);
        }
    }

  return g_string_free_to_bytes (g_steal_pointer (&csv));
}

/* --- import ------------------------------------------------------------ */

typedef struct
{
  guint  line;
  char  *country;
  char  *round_key;   /* of rounds, below */
  char  *element;
  char  *level;
  char  *rationale;
  char  *changed_by;  /* "": the store's author */
  gint64 changed_at;  /* 0: now */
} Row;

/* A round the rows name: in the store, or to be made. */
typedef struct
{
  char     *id;        /* the store's, the file's, or NULL: a new one */
  char     *country;
  char     *name;
  char     *date;
  gboolean  exists;
  gboolean  first;     /* to make as the country's first round */
  guint     line;      /* where the file first names it */
} Round;

/* What a row's rating was before the import wrote it, for Undo. */
typedef struct
{
  char *round_id;
  char *element;
  char *level;      /* NULL: none */
  char *rationale;
} Before;

struct _MnrRatingsImport
{
  MnrStore     *store;
  GPtrArray    *rows;      /* Row */
  GHashTable   *rounds;    /* key → Round */
  GPtrArray    *problems;  /* MnrCsvProblem */
  GHashTable   *seen;      /* country/round/element → line, for repeats */
  GPtrArray    *before;    /* Before, once applied */
  GPtrArray    *made;      /* ids of the rounds it made, once applied */
  MnrStoreUndo *undo;      /* takes it back exactly, once applied */
};

static void
before_free (Before *before)
{
  g_free (before->round_id);
  g_free (before->element);
  g_free (before->level);
  g_free (before->rationale);
  g_free (before);
}

static void
row_free (Row *row)
{
  g_free (row->country);
  g_free (row->round_key);
  g_free (row->element);
  g_free (row->level);
  g_free (row->rationale);
  g_free (row->changed_by);
  g_free (row);
}

static void
round_free (Round *round)
{
  g_free (round->id);
  g_free (round->country);
  g_free (round->name);
  g_free (round->date);
  g_free (round);
}

static void
problem_free (MnrCsvProblem *problem)
{
  g_free (problem->message);
  g_free (problem);
}

void
mnr_ratings_import_free (MnrRatingsImport *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->store);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->rounds, g_hash_table_unref);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_pointer (&self->seen, g_hash_table_unref);
  g_clear_pointer (&self->before, g_ptr_array_unref);
  g_clear_pointer (&self->made, g_ptr_array_unref);
  g_clear_pointer (&self->undo, mnr_store_undo_free);
  g_free (self);
}

G_GNUC_PRINTF (3, 4)
static void
add_problem (MnrRatingsImport *self,
             guint             line,
             const char       *format,
             ...)
{
  MnrCsvProblem *problem = g_new0 (MnrCsvProblem, 1);
  va_list args;

  va_start (args, format);
  problem->line = line;
  problem->message = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (self->problems, problem);
}

/* What a row says for @field: its cell, or what the caller gives rows
 * that do not say. */
static const char *
field (MnrRatingsSheet          *sheet,
       const MnrRatingsDefaults *defaults,
       guint                     row,
       MnrRatingsField           which)
{
  int column = mnr_ratings_sheet_find_field (sheet, which);
  gboolean round = mnr_ratings_sheet_find_field (sheet, MNR_RATINGS_FIELD_ROUND) >= 0 ||
                   mnr_ratings_sheet_find_field (sheet, MNR_RATINGS_FIELD_ROUND_ID) >= 0;
  const char *value = NULL;

  if (column >= 0)
    return mnr_ratings_sheet_get_value (sheet, row, column);
  if (defaults == NULL)
    return "";
  if (which == MNR_RATINGS_FIELD_COUNTRY)
    value = defaults->country;
  else if (round)
    value = NULL;  /* the file names its rounds: none is the open one */
  else if (which == MNR_RATINGS_FIELD_ROUND_ID)
    value = defaults->round_id;
  else if (which == MNR_RATINGS_FIELD_ROUND)
    value = defaults->round_name;
  else if (which == MNR_RATINGS_FIELD_ROUND_DATE)
    value = defaults->round_date;
  return value != NULL ? value : "";
}

/* The store's round @id, or the country's round named @name. */
static MnrRound *
find_round (MnrRatingsImport *self,
            const char       *country,
            const char       *id,
            const char       *name,
            GError          **error)
{
  g_autoptr(GPtrArray) rounds = mnr_store_list_rounds (self->store, country, error);

  if (rounds == NULL)
    return NULL;
  for (guint i = 0; i < rounds->len; i++)
    {
      MnrRound *round = rounds->pdata[i];

      if (id[0] != '\0' ? g_strcmp0 (round->id, id) == 0 : g_strcmp0 (round->name, name) == 0)
        return g_ptr_array_steal_index (rounds, i);
    }
  return NULL;
}

/* The round a row names, checked against the store and the rows before.
 * Returns: (transfer full) (nullable): its key in self->rounds; %NULL
 *   after adding the problem */
static char *
resolve_round (MnrRatingsImport *self,
               guint             line,
               const char       *country,
               const char       *id,
               const char       *name_in,
               const char       *date_in)
{
  g_autofree char *name = g_strstrip (g_strdup (name_in));
  g_autofree char *key = g_strdup_printf ("%s\x1f%s\x1f%s", country, id, id[0] != '\0' ? "" : name);
  g_autoptr(GError) error = NULL;
  g_autoptr(MnrRound) existing = NULL;
  Round *round = g_hash_table_lookup (self->rounds, key);
  const char *date = date_in;

  if (round != NULL)
    {
      if (g_strcmp0 (round->date, date) != 0 && !(round->exists && date[0] == '\0'))
        {
          add_problem (self, line, _("The round “%s” is dated %s here, and %s on line %u."), round->name, date,
                       round->date, round->line);
          return NULL;
        }
      return g_steal_pointer (&key);
    }

  if (id[0] != '\0' && !mnr_id_is_uuid (id))
    {
      add_problem (self, line, _("“%s” is not a round’s id; leave round_id empty to name the round by its name."),
                   id);
      return NULL;
    }
  if (name[0] == '\0' && id[0] == '\0')
    {
      add_problem (self, line, _("The round has no name."));
      return NULL;
    }

  existing = find_round (self, country, id, name, &error);
  if (error != NULL)
    {
      add_problem (self, line, "%s", error->message);
      return NULL;
    }
  /* A round of the store's, named without its date: its own. */
  if (existing != NULL && date[0] == '\0')
    date = existing->date;
  if (!mnr_id_is_date (date, FALSE))
    {
      add_problem (self, line, _("The round’s date “%s” is not a day written 2018-06-30."), date);
      return NULL;
    }
  if (existing == NULL && id[0] != '\0' && mnr_store_round_exists (self->store, id))
    {
      add_problem (self, line, _("The round %s belongs to another country in this store."), id);
      return NULL;
    }
  if (existing != NULL && g_strcmp0 (existing->date, date) != 0)
    {
      add_problem (self, line, _("The round “%s” of %s is dated %s in this store, not %s."), existing->name,
                   country, existing->date, date);
      return NULL;
    }
  if (existing == NULL && name[0] == '\0')
    {
      add_problem (self, line, _("The round has no name."));
      return NULL;
    }

  round = g_new0 (Round, 1);
  round->country = g_strdup (country);
  round->name = g_strdup (existing != NULL ? existing->name : name);
  round->date = g_strdup (date);
  round->id = g_strdup (existing != NULL ? existing->id : id[0] != '\0' ? id : NULL);
  round->exists = existing != NULL;
  round->line = line;
  g_hash_table_insert (self->rounds, g_strdup (key), round);
  return g_steal_pointer (&key);
}

/* When a row says it was changed: a time as the export writes it, or a
 * day (midnight UTC); 0 for none. */
static gboolean
parse_changed_at (const char *text,
                  gint64     *when)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) time = NULL;
  g_autofree char *midnight = NULL;

  *when = 0;
  if (text[0] == '\0')
    return TRUE;
  if (mnr_id_is_date (text, FALSE))
    text = midnight = g_strconcat (text, "T00:00:00Z", NULL);
  if (!(time = g_date_time_new_from_iso8601 (text, utc)))
    return FALSE;
  *when = g_date_time_to_unix (time) * G_USEC_PER_SEC;
  return *when > 0 && *when <= g_get_real_time ();
}

static void
read_row (MnrRatingsImport         *self,
          MnrRatingsSheet          *sheet,
          const MnrRatingsDefaults *defaults,
          guint                     r)
{
  const char *country_in = field (sheet, defaults, r, MNR_RATINGS_FIELD_COUNTRY);
  g_autofree char *country = g_strstrip (g_ascii_strup (country_in, -1));
  const char *element_in = field (sheet, defaults, r, MNR_RATINGS_FIELD_ELEMENT);
  const char *level_in = field (sheet, defaults, r, MNR_RATINGS_FIELD_LEVEL);
  const char *rationale = field (sheet, defaults, r, MNR_RATINGS_FIELD_RATIONALE);
  const char *changed_by = field (sheet, defaults, r, MNR_RATINGS_FIELD_CHANGED_BY);
  const char *changed_at = field (sheet, defaults, r, MNR_RATINGS_FIELD_CHANGED_AT);
  const char *element_id = mnr_ratings_sheet_match_element (sheet, element_in);
  const char *level_id = mnr_ratings_sheet_match_level (sheet, level_in);
  guint line = mnr_ratings_sheet_get_line (sheet, r);
  g_autofree char *key = NULL;
  g_autofree char *seen_key = NULL;
  gint64 when;
  Row *row;

  if (!mnr_id_is_country_code (country))
    {
      add_problem (self, line, _("“%s” is not a country’s ISO 3166 code, as GH."), country_in);
      return;
    }
  if (element_id == NULL)
    {
      add_problem (self, line, _("“%s” is not a capability or an enabler of the framework, as capability-4."),
                   element_in);
      return;
    }
  if (level_id == NULL)
    {
      add_problem (self, line, _("“%s” is not a level of the scale, as developing."), level_in);
      return;
    }
  if (g_utf8_strlen (rationale, -1) > MNR_SYNC_MAX_STRING_CHARS)
    {
      add_problem (self, line, _("The rationale is longer than 100,000 characters."));
      return;
    }
  if (g_utf8_strlen (changed_by, -1) > 200)
    {
      add_problem (self, line, _("The name of who changed it is longer than 200 characters."));
      return;
    }
  if (!parse_changed_at (changed_at, &when))
    {
      add_problem (self, line, _("“%s” is not a past time written 2018-06-30T14:05:00Z, or a day written 2018-06-30."),
                   changed_at);
      return;
    }
  if (!(key = resolve_round (self, line, country, field (sheet, defaults, r, MNR_RATINGS_FIELD_ROUND_ID),
                             field (sheet, defaults, r, MNR_RATINGS_FIELD_ROUND),
                             field (sheet, defaults, r, MNR_RATINGS_FIELD_ROUND_DATE))))
    return;

  /* The open country's first round, from no column of the file. */
  if (defaults != NULL && defaults->round_is_first && mnr_ratings_sheet_find_field (sheet, MNR_RATINGS_FIELD_ROUND) < 0 &&
      mnr_ratings_sheet_find_field (sheet, MNR_RATINGS_FIELD_ROUND_ID) < 0)
    {
      Round *round = g_hash_table_lookup (self->rounds, key);

      round->first = !round->exists;
    }

  seen_key = g_strdup_printf ("%s\x1f%s", key, element_id);
  if (g_hash_table_contains (self->seen, seen_key))
    {
      add_problem (self, line, _("The round rates %s already, on line %u."), element_id,
                   GPOINTER_TO_UINT (g_hash_table_lookup (self->seen, seen_key)));
      return;
    }
  g_hash_table_insert (self->seen, g_steal_pointer (&seen_key), GUINT_TO_POINTER (line));

  row = g_new0 (Row, 1);
  row->line = line;
  row->country = g_steal_pointer (&country);
  row->round_key = g_steal_pointer (&key);
  row->element = g_strdup (element_id);
  row->level = g_strdup (level_id);
  row->rationale = g_strdup (rationale);
  row->changed_by = g_strstrip (g_strdup (changed_by));
  row->changed_at = when;
  g_ptr_array_add (self->rows, row);
}

/**
 * mnr_ratings_import_read:
 *
 * Reads and checks @csv against the store, writing nothing: a sheet
 * whose columns are guessed (see mnr_ratings_sheet_new()), every row
 * naming its country and round.
 *
 * Returns: (transfer full) (nullable): the rows and their problems; %NULL
 *   with an error when @csv is not CSV, or has no column the import needs
 */
MnrRatingsImport *
mnr_ratings_import_read (MnrStore      *store,
                         MnrFramework  *framework,
                         GBytes        *csv,
                         GError       **error)
{
  g_autoptr(MnrRatingsSheet) sheet = NULL;

  g_return_val_if_fail (MNR_IS_STORE (store), NULL);
  g_return_val_if_fail (csv != NULL, NULL);

  if (!(sheet = mnr_ratings_sheet_new (framework, csv, error)))
    return NULL;
  return mnr_ratings_import_read_sheet (store, sheet, NULL, error);
}

/**
 * mnr_ratings_import_read_sheet:
 * @defaults: (nullable): the country and round of rows that do not say
 *
 * Reads and checks the rows of @sheet, as its columns are mapped, against
 * the store, writing nothing.
 *
 * Returns: (transfer full) (nullable): the rows and their problems; %NULL
 *   with an error when the mapping lacks a column the import needs
 */
MnrRatingsImport *
mnr_ratings_import_read_sheet (MnrStore                 *store,
                               MnrRatingsSheet          *sheet,
                               const MnrRatingsDefaults *defaults,
                               GError                  **error)
{
  g_autoptr(MnrRatingsImport) self = NULL;

  g_return_val_if_fail (MNR_IS_STORE (store), NULL);
  g_return_val_if_fail (sheet != NULL, NULL);

  if (!mnr_ratings_sheet_check_mapping (sheet, defaults, error))
    return NULL;

  self = g_new0 (MnrRatingsImport, 1);
  self->store = g_object_ref (store);
  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  self->rounds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) round_free);
  self->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) problem_free);
  self->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint r = 0; r < mnr_ratings_sheet_get_n_rows (sheet); r++)
    read_row (self, sheet, defaults, r);

  return g_steal_pointer (&self);
}

guint
mnr_ratings_import_get_n_rows (MnrRatingsImport *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->rows->len;
}

guint
mnr_ratings_import_get_n_new_rounds (MnrRatingsImport *self)
{
  GHashTableIter iter;
  gpointer value;
  guint n = 0;

  g_return_val_if_fail (self != NULL, 0);

  g_hash_table_iter_init (&iter, self->rounds);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    n += !((Round *) value)->exists;
  return n;
}

/**
 * mnr_ratings_import_get_problems:
 *
 * Returns: (transfer none) (element-type MnrCsvProblem): the rows'
 *   problems, in the file's order; the import is refused while there is one
 */
GPtrArray *
mnr_ratings_import_get_problems (MnrRatingsImport *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->problems;
}

/**
 * mnr_ratings_import_apply:
 *
 * Writes every row, making the rounds that are new, in one transaction.
 *
 * Returns: %FALSE with an error, and nothing written, when a row has a
 *   problem or a write fails
 */
gboolean
mnr_ratings_import_apply (MnrRatingsImport  *self,
                          GError           **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->problems->len > 0)
    {
      MnrCsvProblem *first = self->problems->pdata[0];

      g_set_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE, "Nothing was imported: %u row has a problem (line %u: %s).",
                                "Nothing was imported: %u rows have a problem (the first, line %u: %s).",
                                self->problems->len),
                   self->problems->len, first->line, first->message);
      return FALSE;
    }

  if (self->before != NULL)
    return TRUE;  /* applied already */
  if (!mnr_store_begin_recorded_batch (self->store, error))
    return FALSE;

  self->before = g_ptr_array_new_with_free_func ((GDestroyNotify) before_free);
  self->made = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *row = self->rows->pdata[i];
      Round *round = g_hash_table_lookup (self->rounds, row->round_key);
      g_autoptr(MnrRating) old = NULL;

      if (!round->exists)
        {
          g_autoptr(MnrRound) made = round->first
            ? mnr_store_create_first_round (self->store, round->country, (int) g_ascii_strtoull (round->date, NULL, 10),
                                            round->name, error)
            : mnr_store_create_round_with_id (self->store, round->id, round->country, round->name, round->date,
                                              error);

          if (made == NULL)
            goto fail;
          g_free (round->id);
          round->id = g_strdup (made->id);
          round->exists = TRUE;
          g_ptr_array_add (self->made, g_strdup (made->id));
        }
      else
        {
          Before *before = g_new0 (Before, 1);

          old = mnr_store_get_rating (self->store, round->id, row->element, NULL);
          before->round_id = g_strdup (round->id);
          before->element = g_strdup (row->element);
          before->level = old != NULL ? g_strdup (old->level_id) : NULL;
          before->rationale = old != NULL ? g_strdup (old->rationale) : NULL;
          g_ptr_array_add (self->before, before);
        }
      if (!mnr_store_set_rating_as (self->store, round->id, row->element, row->level, row->rationale,
                                    row->changed_by, row->changed_at, error))
        goto fail;
    }

  if (mnr_store_end_recorded_batch (self->store, TRUE, &self->undo, error))
    return TRUE;
  g_clear_pointer (&self->before, g_ptr_array_unref);
  g_clear_pointer (&self->made, g_ptr_array_unref);
  return FALSE;

fail:
  g_prefix_error (error, _("Nothing was imported: "));
  mnr_store_end_recorded_batch (self->store, FALSE, NULL, NULL);
  g_clear_pointer (&self->before, g_ptr_array_unref);
  g_clear_pointer (&self->made, g_ptr_array_unref);
  return FALSE;
}

/**
 * mnr_ratings_import_undo:
 *
 * Takes an applied import back, in one transaction: the ratings it
 * changed get their levels and rationales again, those it added are
 * removed, and the rounds it made are deleted (as Delete Round does).
 */
gboolean
mnr_ratings_import_undo (MnrRatingsImport  *self,
                         GError           **error)
{
  g_autoptr(GError) exact = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (self->before != NULL, FALSE);

  /* Exactly as it was, unless a record has changed since. */
  if (self->undo != NULL && mnr_store_undo (self->store, self->undo, &exact))
    {
      g_clear_pointer (&self->undo, mnr_store_undo_free);
      g_clear_pointer (&self->before, g_ptr_array_unref);
      g_clear_pointer (&self->made, g_ptr_array_unref);
      return TRUE;
    }
  if (exact != NULL && !g_error_matches (exact, MNR_STORE_ERROR, MNR_STORE_ERROR_NOT_FOUND))
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&exact), _("The import could not be undone: "));
      return FALSE;
    }
  g_clear_pointer (&self->undo, mnr_store_undo_free);

  /* Else each rating as it was, and the rounds it made deleted. */
  if (!mnr_store_begin_batch (self->store, error))
    return FALSE;

  for (guint i = self->before->len; i-- > 0;)
    {
      Before *before = self->before->pdata[i];
      gboolean done = before->level != NULL
        ? mnr_store_set_rating (self->store, before->round_id, before->element, before->level, before->rationale,
                                error)
        : mnr_store_remove_rating (self->store, before->round_id, before->element, error);

      if (!done)
        goto fail;
    }
  for (guint i = 0; i < self->made->len; i++)
    if (!mnr_store_remove_round (self->store, self->made->pdata[i], error))
      goto fail;

  if (!mnr_store_end_batch (self->store, TRUE, error))
    return FALSE;
  g_clear_pointer (&self->before, g_ptr_array_unref);
  g_clear_pointer (&self->made, g_ptr_array_unref);
  return TRUE;

fail:
  g_prefix_error (error, _("The import could not be undone: "));
  mnr_store_end_batch (self->store, FALSE, NULL);
  return FALSE;
}
