/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-ratings-sheet"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <string.h>

#include "mnr-csv.h"
#include "mnr-ids.h"
#include "mnr-ratings-sheet.h"

/* A spreadsheet of ratings as a country already keeps it, read for the
 * import: its text decoded (UTF-8 with or without its mark, UTF-16 with
 * its mark as Excel's "Unicode text", else Windows-1252 or Latin-1 as
 * older Excel saves), its rows parsed (comma, semicolon or tab), its
 * header found below any title row, and a guess of what each column
 * holds, from the header's words in English, French or Spanish and from
 * the values. The caller may then say what any column holds.
 *
 * Elements are read by id ("capability-4"), MNR number ("C4", "E2",
 * "4"), or title; levels by id, place on the scale ("3") or name; titles
 * and names in the framework's own words, the app's language, and every
 * language the app has a catalog for. */

/* The framework's strings in the catalogs, as mnr-framework.c looks them up. */
#define FRAMEWORK_CONTEXT "MNR framework"
#define MAX_CATALOG_BYTES (8 * 1024 * 1024)
#define HEADER_SEARCH_ROWS 20
#define GUESS_ROWS 100

struct _MnrRatingsSheet
{
  MnrFramework    *framework;
  char            *encoding;
  char             separator;
  guint            header_line;
  GStrv            header;
  GPtrArray       *rows;       /* GStrv, the rows below the header */
  GArray          *lines;      /* guint, the line each row starts on */
  guint            n_columns;
  MnrRatingsField *fields;     /* a column's */
  GHashTable      *elements;   /* a name, normalised → element id */
  GHashTable      *levels;     /* a name, normalised → level id */
};

static const char * const field_labels[MNR_RATINGS_N_FIELDS] = {
  N_("Ignore"),
  N_("Element (capability or enabler)"),
  N_("Level"),
  N_("Rationale"),
  N_("Country"),
  N_("Round"),
  N_("Round’s date"),
  N_("Round’s id"),
  N_("Changed by"),
  N_("Changed at"),
};

/* Our own column names, as the export writes them. */
static const char * const field_columns[MNR_RATINGS_N_FIELDS] = {
  NULL, "element", "level", "rationale", "country", "round", "round date", "round id", "changed by",
  "changed at",
};

/* Words of a header, normalised (lower case, no accents), that say what
 * the column holds, in English, French and Spanish. */
static const char * const field_words[MNR_RATINGS_N_FIELDS][24] = {
  [MNR_RATINGS_FIELD_ELEMENT] = { "element", "elemento", "capability", "capabilities", "capacite", "capacites",
                                  "capacidad", "capacidades", "enabler", "mnr", "item", "element title",
                                  NULL },
  [MNR_RATINGS_FIELD_LEVEL] = { "level", "niveau", "nivel", "maturity", "maturite", "madurez", "rating", "score",
                                "status", "statut", "estado", "stage", "etape", "etapa", "level name", NULL },
  [MNR_RATINGS_FIELD_RATIONALE] = { "rationale", "justification", "justificacion", "comment", "comments",
                                    "commentaire", "commentaires", "comentario", "comentarios", "notes", "note",
                                    "observations", "observation", "observacion", "observaciones", "explanation",
                                    "explication", "explicacion", "reason", "raison", "motivo", "details", NULL },
  [MNR_RATINGS_FIELD_COUNTRY] = { "country", "pays", "pais", "iso", "country code", "code pays", "codigo pais",
                                  NULL },
  [MNR_RATINGS_FIELD_ROUND] = { "round", "cycle", "ciclo", "ronda", "campagne", "campana", "assessment",
                                "evaluation", "evaluacion", "review", "revision", NULL },
  [MNR_RATINGS_FIELD_ROUND_DATE] = { "date", "fecha", "round date", NULL },
  [MNR_RATINGS_FIELD_ROUND_ID] = { "round id", NULL },
  [MNR_RATINGS_FIELD_CHANGED_BY] = { "changed by", "by", "author", "auteur", "autor", "modifie par",
                                     "modificado por", "updated by", "rated by", "who", "qui", "quien",
                                     "evaluateur", "evaluador", "assessor", NULL },
  [MNR_RATINGS_FIELD_CHANGED_AT] = { "changed at", "modified", "modifie le", "modification",
                                     "date de modification", "updated", "updated at", "when", "quand", "cuando",
                                     "timestamp", "last modified", "modificado", "fecha de modificacion", NULL },
};

/**
 * mnr_ratings_field_get_label:
 *
 * Returns: what @field is, for people (translated)
 */
const char *
mnr_ratings_field_get_label (MnrRatingsField field)
{
  g_return_val_if_fail (field < MNR_RATINGS_N_FIELDS, NULL);

  return _(field_labels[field]);
}

void
mnr_ratings_sheet_free (MnrRatingsSheet *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->framework);
  g_free (self->encoding);
  g_strfreev (self->header);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->lines, g_array_unref);
  g_free (self->fields);
  g_clear_pointer (&self->elements, g_hash_table_unref);
  g_clear_pointer (&self->levels, g_hash_table_unref);
  g_free (self);
}

/* --- text ----------------------------------------------------------------- */

/* Lower case, without accents, words separated by one space. */
static char *
normalize (const char *text)
{
  g_autofree char *folded = g_utf8_casefold (text, -1);
  g_autofree char *ascii = g_str_to_ascii (folded, "C");
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = ascii; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p))
        {
          if (space && out->len > 0)
            g_string_append_c (out, ' ');
          g_string_append_c (out, g_ascii_tolower (*p));
          space = FALSE;
        }
      else
        space = TRUE;
    }
  return g_string_free (out, FALSE);
}

/* @data as UTF-8, and what it was. */
/* A NUL-terminated copy: the bytes read need not end in one. */
static char *
copy_text (const char *data,
           gsize       length)
{
  char *copy = g_malloc (length + 1);

  memcpy (copy, data, length);
  copy[length] = '\0';
  return copy;
}

static char *
decode (const char  *data,
        gsize        length,
        gsize       *out_length,
        char       **encoding,
        GError     **error)
{
  static const struct { const char *mark; gsize size; const char *charset; } marks[] = {
    { "\xEF\xBB\xBF", 3, "UTF-8" }, { "\xFF\xFE", 2, "UTF-16LE" }, { "\xFE\xFF", 2, "UTF-16BE" },
  };
  char *text;

  for (guint i = 0; i < G_N_ELEMENTS (marks); i++)
    if (length >= marks[i].size && memcmp (data, marks[i].mark, marks[i].size) == 0)
      {
        *encoding = g_strdup (marks[i].charset);
        if (i == 0)
          {
            *out_length = length - 3;
            return copy_text (data + 3, length - 3);
          }
        text = g_convert (data + marks[i].size, length - marks[i].size, "UTF-8", marks[i].charset, NULL,
                          out_length, NULL);
        if (text == NULL)
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("The file says it is UTF-16 text, but it is not."));
        return text;
      }

  if (g_utf8_validate_len (data, length, NULL) || memchr (data, '\0', length) != NULL)
    {
      /* Not UTF-8 only for a NUL byte: the CSV reader says where. */
      *encoding = g_strdup ("UTF-8");
      *out_length = length;
      return copy_text (data, length);
    }

  /* Older Excel saves in the system's code page: Windows-1252 in western
   * Europe and the Americas, Latin-1 where a byte is not Windows-1252. */
  text = g_convert (data, length, "UTF-8", "WINDOWS-1252", NULL, out_length, NULL);
  *encoding = g_strdup ("Windows-1252");
  if (text == NULL)
    {
      text = g_convert (data, length, "UTF-8", "ISO-8859-1", NULL, out_length, error);
      g_free (*encoding);
      *encoding = g_strdup ("ISO-8859-1");
    }
  return text;
}

/* --- names of elements and levels, in every language ---------------------- */

static guint32
read_u32 (const char *data,
          gsize       offset,
          gboolean    swap)
{
  guint32 value;

  memcpy (&value, data + offset, sizeof value);
  return swap ? GUINT32_SWAP_LE_BE (value) : value;
}

/* The framework's strings of a compiled catalog (a .mo file): msgid →
 * its translation. */
static GHashTable *
read_catalog (const char *path)
{
  g_autofree char *data = NULL;
  g_autoptr(GHashTable) strings = NULL;
  gsize length = 0, prefix = strlen (FRAMEWORK_CONTEXT "\004");
  guint32 magic, n, originals, translations;
  gboolean swap;

  if (!g_file_get_contents (path, &data, &length, NULL) || length < 28 || length > MAX_CATALOG_BYTES)
    return NULL;
  magic = read_u32 (data, 0, FALSE);
  if (magic != 0x950412de && magic != 0xde120495)
    return NULL;
  swap = magic == 0xde120495;
  n = read_u32 (data, 8, swap);
  originals = read_u32 (data, 12, swap);
  translations = read_u32 (data, 16, swap);
  if (n > length / 16 || originals > length - 8 * (gsize) n || translations > length - 8 * (gsize) n)
    return NULL;

  strings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint32 i = 0; i < n; i++)
    {
      guint32 id_length = read_u32 (data, originals + 8 * i, swap);
      guint32 id_offset = read_u32 (data, originals + 8 * i + 4, swap);
      guint32 text_length = read_u32 (data, translations + 8 * i, swap);
      guint32 text_offset = read_u32 (data, translations + 8 * i + 4, swap);

      if (id_offset > length || id_length > length - id_offset || text_offset > length ||
          text_length > length - text_offset)
        return NULL;
      if (id_length > prefix && memcmp (data + id_offset, FRAMEWORK_CONTEXT "\004", prefix) == 0)
        g_hash_table_insert (strings, g_strndup (data + id_offset + prefix, id_length - prefix),
                             g_strndup (data + text_offset, text_length));
    }
  return g_steal_pointer (&strings);
}

/* Every catalog of the app's, where gettext finds them. */
static GPtrArray *
read_catalogs (void)
{
  GPtrArray *catalogs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
  const char *directory = bindtextdomain (GETTEXT_PACKAGE, NULL);
  g_autoptr(GDir) dir = directory != NULL ? g_dir_open (directory, 0, NULL) : NULL;
  const char *language;

  while (dir != NULL && (language = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (directory, language, "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
      GHashTable *catalog = g_file_test (path, G_FILE_TEST_IS_REGULAR) ? read_catalog (path) : NULL;

      if (catalog != NULL)
        g_ptr_array_add (catalogs, catalog);
    }
  return catalogs;
}

static void
add_name (GHashTable *names,
          const char *name,
          const char *id)
{
  char *key;

  if (name == NULL || name[0] == '\0')
    return;
  key = normalize (name);
  if (key[0] == '\0' || g_hash_table_contains (names, key))
    g_free (key);
  else
    g_hash_table_insert (names, key, (gpointer) id);
}

/* A name in the file's words, the app's and every catalog's. */
static void
add_names (GHashTable *names,
           GPtrArray  *catalogs,
           const char *source,
           const char *translated,
           const char *id)
{
  add_name (names, id, id);
  add_name (names, source, id);
  add_name (names, translated, id);
  for (guint i = 0; i < catalogs->len; i++)
    add_name (names, g_hash_table_lookup (catalogs->pdata[i], source), id);
}

static void
add_element_names (GHashTable *names,
                   GPtrArray  *catalogs,
                   GListModel *elements)
{
  for (guint i = 0; i < g_list_model_get_n_items (elements); i++)
    {
      g_autoptr(MnrElement) element = g_list_model_get_item (elements, i);

      g_autofree char *label = mnr_element_dup_label (element);

      add_names (names, catalogs, mnr_element_get_source_title (element), mnr_element_get_title (element),
                 mnr_element_get_id (element));
      /* As the export's element_title writes it: "Enabler: …". */
      add_name (names, label, mnr_element_get_id (element));
    }
}

/* The names of a framework's elements and levels, made once per
 * framework (they depend on it and on the catalogs only, neither of which
 * changes) and shared by every sheet read against it: reading the
 * catalogs and normalising some hundred names was most of the time of
 * reading a small sheet. */
typedef struct
{
  GHashTable *elements;
  GHashTable *levels;
} Names;

static void
names_free (gpointer data)
{
  Names *names = data;

  g_hash_table_unref (names->elements);
  g_hash_table_unref (names->levels);
  g_free (names);
}

static Names *
make_names (MnrFramework *framework)
{
  g_autoptr(GPtrArray) catalogs = read_catalogs ();
  GListModel *levels = mnr_framework_get_levels (framework);
  Names *names = g_new0 (Names, 1);

  names->elements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  names->levels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  add_element_names (names->elements, catalogs, mnr_framework_get_capabilities (framework));
  add_element_names (names->elements, catalogs, mnr_framework_get_enablers (framework));
  for (guint i = 0; i < g_list_model_get_n_items (levels); i++)
    {
      g_autoptr(MnrLevel) level = g_list_model_get_item (levels, i);

      add_names (names->levels, catalogs, mnr_level_get_source_name (level), mnr_level_get_name (level),
                 mnr_level_get_id (level));
    }
  return names;
}

static void
read_names (MnrRatingsSheet *self)
{
  static GQuark quark;
  Names *names;

  if (quark == 0)
    quark = g_quark_from_static_string ("mnr-ratings-sheet-names");
  names = g_object_get_qdata (G_OBJECT (self->framework), quark);
  if (names == NULL)
    {
      Names *made = make_names (self->framework);

      /* Another thread may have made them first: then its are used. */
      if (g_object_replace_qdata (G_OBJECT (self->framework), quark, NULL, made, names_free, NULL))
        names = made;
      else
        {
          names_free (made);
          names = g_object_get_qdata (G_OBJECT (self->framework), quark);
        }
    }
  self->elements = g_hash_table_ref (names->elements);
  self->levels = g_hash_table_ref (names->levels);
}

/* Whether @word (not empty) is one or more whole words of @header, words
 * being separated by one space as normalize() leaves them. */
static gboolean
has_word (const char *header,
          const char *word)
{
  gsize length = strlen (word);

  for (const char *p = strstr (header, word); p != NULL; p = strstr (p + 1, word))
    if ((p == header || p[-1] == ' ') && (p[length] == '\0' || p[length] == ' '))
      return TRUE;
  return FALSE;
}

/* The one id whose name holds @key's words together, as "developpement"
 * in "en developpement"; %NULL when none or several do, or @key is short. */
static const char *
match_part (GHashTable *names,
            const char *key)
{
  GHashTableIter iter;
  gpointer name, id;
  const char *found = NULL;

  if (strlen (key) < 5)
    return NULL;
  g_hash_table_iter_init (&iter, names);
  while (g_hash_table_iter_next (&iter, &name, &id))
    if (has_word (name, key))
      {
        if (found != NULL && g_strcmp0 (found, id) != 0)
          return NULL;
        found = id;
      }
  return found;
}

/* A number and what precedes it: "C4" → "c", 4; "4. Leadership" → "", 4. */
static gboolean
split_number (const char  *normalized,
              char       **prefix,
              guint       *number)
{
  const char *p = normalized;
  guint64 value;

  const char *digits;

  while (g_ascii_isalpha (*p))
    p++;
  if (*p == ' ')
    p++;
  for (digits = p; g_ascii_isdigit (*p); p++)
    ;
  if (p == digits || p - digits > 2 || (*p != '\0' && *p != ' '))
    return FALSE;
  value = g_ascii_strtoull (digits, NULL, 10);
  *prefix = g_strndup (normalized, strcspn (normalized, " 0123456789"));
  *number = (guint) value;
  return TRUE;
}

/**
 * mnr_ratings_sheet_match_element:
 *
 * Returns: (nullable): the id of the capability or enabler @text names,
 *   by its id, its MNR number ("C4", "E2", "4", "Capability 4") or its
 *   title in any of the app's languages
 */
const char *
mnr_ratings_sheet_match_element (MnrRatingsSheet *self,
                                 const char      *text)
{
  static const char * const capability[] = { "", "c", "cap", "capability", "capacite", "capacidad", NULL };
  static const char * const enabler[] = { "e", "enabler", "facteur", "factor", NULL };
  g_autofree char *key = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *id = NULL;
  const char *found;
  MnrElement *element;
  guint number;

  g_return_val_if_fail (self != NULL && text != NULL, NULL);

  key = normalize (text);
  if ((found = g_hash_table_lookup (self->elements, key)) != NULL)
    return found;
  if (!split_number (key, &prefix, &number))
    return match_part (self->elements, key);
  if (g_strv_contains (capability, prefix))
    id = g_strdup_printf ("capability-%u", number);
  else if (g_strv_contains (enabler, prefix))
    {
      GListModel *enablers = mnr_framework_get_enablers (self->framework);
      g_autoptr(MnrElement) nth = number >= 1 ? g_list_model_get_item (enablers, number - 1) : NULL;

      return nth != NULL ? mnr_element_get_id (nth) : NULL;
    }
  else
    return NULL;

  element = mnr_framework_lookup (self->framework, id);
  return element != NULL ? mnr_element_get_id (element) : NULL;
}

/**
 * mnr_ratings_sheet_match_level:
 *
 * Returns: (nullable): the id of the level @text names, by its id, its
 *   place on the scale ("3"; 0 is "not assessed") or its name in any of
 *   the app's languages
 */
const char *
mnr_ratings_sheet_match_level (MnrRatingsSheet *self,
                               const char      *text)
{
  static const char * const level_words[] = { "", "level", "niveau", "nivel", NULL };
  g_autofree char *key = NULL;
  g_autofree char *prefix = NULL;
  g_autoptr(MnrLevel) level = NULL;
  const char *found;
  guint number;

  g_return_val_if_fail (self != NULL && text != NULL, NULL);

  key = normalize (text);
  if ((found = g_hash_table_lookup (self->levels, key)) != NULL ||
      (found = match_part (self->levels, key)) != NULL)
    return found;
  /* "3", "3 - Developing" or "Level 3" */
  if (!split_number (key, &prefix, &number) || !g_strv_contains (level_words, prefix))
    return NULL;
  level = g_list_model_get_item (mnr_framework_get_levels (self->framework), number);
  return level != NULL ? mnr_level_get_id (level) : NULL;
}

/* --- the header and the guess ----------------------------------------------- */

static guint
count_filled (GStrv row)
{
  guint n = 0;

  for (guint i = 0; row[i] != NULL; i++)
    for (const char *p = row[i]; *p != '\0'; p++)
      if (!g_ascii_isspace (*p))
        {
          n++;
          break;
        }
  return n;
}

/* Whether @row is a rating rather than a header: an element named other
 * than by a number, and a level. */
static gboolean
is_data (MnrRatingsSheet *self,
         GStrv            row)
{
  gboolean element = FALSE, level = FALSE;

  for (guint i = 0; row[i] != NULL; i++)
    {
      if (!element && !g_ascii_isdigit (row[i][0]) && mnr_ratings_sheet_match_element (self, row[i]) != NULL)
        element = TRUE;
      else if (mnr_ratings_sheet_match_level (self, row[i]) != NULL)
        level = TRUE;
    }
  return element && level;
}

/* The header: the first row filled nearly as much as the fullest row near
 * the top, so that a title or a note above it is passed over. */
static guint
find_header (GPtrArray *table)
{
  guint most = 0;

  for (guint r = 0; r < MIN (table->len, HEADER_SEARCH_ROWS); r++)
    most = MAX (most, count_filled (table->pdata[r]));
  for (guint r = 0; r < MIN (table->len, HEADER_SEARCH_ROWS); r++)
    {
      guint filled = count_filled (table->pdata[r]);

      if (filled >= 2 && filled * 5 >= most * 3)
        return r;
    }
  return 0;
}


/* How well @field fits @column's header: our own name best, then the
 * longest word that says it. */
static double
header_score (const char      *header,
              MnrRatingsField  field)
{
  double best = 0;

  if (g_strcmp0 (header, field_columns[field]) == 0)
    return 10;
  for (guint i = 0; field_words[field][i] != NULL; i++)
    if (has_word (header, field_words[field][i]))
      best = MAX (best, 5 + strlen (field_words[field][i]) / 100.0);
  return best;
}

typedef struct
{
  double score;
  guint  column;
  guint  field;
} Guess;

static int
compare_guesses (gconstpointer a,
                 gconstpointer b)
{
  const Guess *x = a, *y = b;

  if (x->score != y->score)
    return x->score > y->score ? -1 : 1;
  if (x->column != y->column)
    return x->column < y->column ? -1 : 1;
  return (int) x->field - (int) y->field;
}

/* How many of a column's first values fit each field, as a share. */
static void
value_scores (MnrRatingsSheet *self,
              guint            column,
              double          *scores,
              double          *mean_length)
{
  guint n = 0;
  gsize length = 0;

  for (guint r = 0; r < MIN (self->rows->len, GUESS_ROWS); r++)
    {
      const char *value = mnr_ratings_sheet_get_value (self, r, column);
      gboolean number = g_ascii_isdigit (value[0]) && strlen (value) <= 2;

      if (value[0] == '\0')
        continue;
      n++;
      length += g_utf8_strlen (value, -1);
      /* A plain number may be a capability or a level: weighed half. */
      if (mnr_ratings_sheet_match_element (self, value) != NULL)
        scores[MNR_RATINGS_FIELD_ELEMENT] += number ? 0.5 : 1;
      if (mnr_ratings_sheet_match_level (self, value) != NULL)
        scores[MNR_RATINGS_FIELD_LEVEL] += number ? 0.5 : 1;
      if (strlen (value) == 2 && g_ascii_isupper (value[0]) && g_ascii_isupper (value[1]))
        scores[MNR_RATINGS_FIELD_COUNTRY] += 1;
      if (mnr_id_is_date (value, FALSE))
        scores[MNR_RATINGS_FIELD_ROUND_DATE] += 1;
      if (mnr_id_is_date (value, FALSE) || (strlen (value) > 10 && g_ascii_isdigit (value[0]) && value[4] == '-'))
        scores[MNR_RATINGS_FIELD_CHANGED_AT] += 1;
    }
  for (guint f = 0; f < MNR_RATINGS_N_FIELDS && n > 0; f++)
    scores[f] /= n;
  *mean_length = n > 0 ? (double) length / n : 0;
}

static void
guess_fields (MnrRatingsSheet *self)
{
  g_autoptr(GArray) guesses = g_array_new (FALSE, FALSE, sizeof (Guess));
  gboolean taken[MNR_RATINGS_N_FIELDS] = { FALSE };
  double longest = 0;
  int rationale = -1;

  for (guint c = 0; c < self->n_columns; c++)
    {
      g_autofree char *header = normalize (mnr_ratings_sheet_get_header (self, c));
      double values[MNR_RATINGS_N_FIELDS] = { 0 };
      double mean_length;

      value_scores (self, c, values, &mean_length);
      for (guint f = MNR_RATINGS_FIELD_ELEMENT; f < MNR_RATINGS_N_FIELDS; f++)
        {
          Guess guess = { header_score (header, f) + 4 * values[f], c, f };

          /* Our export's titles and names beside its ids: the ids first. */
          if (g_str_has_suffix (header, " title") || g_str_has_suffix (header, " name"))
            guess.score -= 6;
          if (guess.score >= 2)
            g_array_append_val (guesses, guess);
        }
      if (mean_length > longest && mean_length >= 15)
        {
          longest = mean_length;
          rationale = (int) c;
        }
    }

  g_array_sort (guesses, compare_guesses);
  for (guint i = 0; i < guesses->len; i++)
    {
      Guess *guess = &g_array_index (guesses, Guess, i);

      if (!taken[guess->field] && self->fields[guess->column] == MNR_RATINGS_FIELD_IGNORE)
        {
          self->fields[guess->column] = guess->field;
          taken[guess->field] = TRUE;
        }
    }

  /* No header says "rationale": the column of the longest text. */
  if (!taken[MNR_RATINGS_FIELD_RATIONALE] && rationale >= 0 &&
      self->fields[rationale] == MNR_RATINGS_FIELD_IGNORE)
    self->fields[rationale] = MNR_RATINGS_FIELD_RATIONALE;
}

/**
 * mnr_ratings_sheet_new:
 *
 * Reads @data, finds its header and guesses its columns.
 *
 * Returns: (transfer full) (nullable): the sheet, or %NULL with an error
 *   when @data is not CSV or is empty
 */
MnrRatingsSheet *
mnr_ratings_sheet_new (MnrFramework  *framework,
                       GBytes        *data,
                       GError       **error)
{
  g_autoptr(MnrRatingsSheet) self = NULL;
  g_autoptr(GPtrArray) table = NULL;
  g_autoptr(GArray) lines = NULL;
  g_autofree char *text = NULL;
  g_autofree char *encoding = NULL;
  gsize length = 0, text_length = 0;
  const char *bytes;
  guint header;

  g_return_val_if_fail (MNR_IS_FRAMEWORK (framework), NULL);
  g_return_val_if_fail (data != NULL, NULL);

  bytes = g_bytes_get_data (data, &length);
  if (length > MNR_CSV_MAX_BYTES)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The file is larger than %d MB: it is not a country’s ratings."),
                   MNR_CSV_MAX_BYTES / (1024 * 1024));
      return NULL;
    }
  if (!(text = decode (bytes != NULL ? bytes : "", length, &text_length, &encoding, error)))
    return NULL;

  self = g_new0 (MnrRatingsSheet, 1);
  self->framework = g_object_ref (framework);
  self->encoding = g_steal_pointer (&encoding);
  if (!(table = mnr_csv_parse_full (text, text_length, &self->separator, &lines, error)))
    return NULL;

  /* Rows of empty cells only (";;;;") are blank lines too. */
  for (guint r = table->len; r-- > 0;)
    if (count_filled (table->pdata[r]) == 0)
      {
        g_ptr_array_remove_index (table, r);
        g_array_remove_index (lines, r);
      }
  if (table->len == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("The file is empty."));
      return NULL;
    }

  read_names (self);
  header = find_header (table);
  if (is_data (self, table->pdata[header]))
    {
      /* No header: the rows from the first filled one. */
      self->header_line = 0;
      self->header = g_new0 (char *, 1);
    }
  else
    {
      self->header_line = g_array_index (lines, guint, header);
      self->header = g_ptr_array_steal_index (table, header);
      g_array_remove_index (lines, header);
    }
  for (guint r = 0; r < header; r++)
    {
      g_ptr_array_remove_index (table, 0);
      g_array_remove_index (lines, 0);
    }
  self->rows = g_steal_pointer (&table);
  self->lines = g_steal_pointer (&lines);

  self->n_columns = g_strv_length (self->header);
  for (guint r = 0; r < self->rows->len; r++)
    self->n_columns = MAX (self->n_columns, g_strv_length (self->rows->pdata[r]));
  self->fields = g_new0 (MnrRatingsField, MAX (self->n_columns, 1));

  guess_fields (self);
  return g_steal_pointer (&self);
}

/* --- what it holds ---------------------------------------------------------- */

/**
 * mnr_ratings_sheet_get_encoding:
 *
 * Returns: the encoding the file was read in: "UTF-8", "UTF-16LE",
 *   "UTF-16BE", "Windows-1252" or "ISO-8859-1"
 */
const char *
mnr_ratings_sheet_get_encoding (MnrRatingsSheet *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->encoding;
}

char
mnr_ratings_sheet_get_separator (MnrRatingsSheet *self)
{
  g_return_val_if_fail (self != NULL, ',');

  return self->separator;
}

/**
 * mnr_ratings_sheet_get_header_line:
 *
 * Returns: the header's line, or 0 when the file has none (its first
 *   filled row is a rating)
 */
guint
mnr_ratings_sheet_get_header_line (MnrRatingsSheet *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->header_line;
}

guint
mnr_ratings_sheet_get_n_columns (MnrRatingsSheet *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_columns;
}

/**
 * mnr_ratings_sheet_get_header:
 *
 * Returns: the column's name in the header, or "" where it has none
 */
const char *
mnr_ratings_sheet_get_header (MnrRatingsSheet *self,
                              guint            column)
{
  g_return_val_if_fail (self != NULL, NULL);

  return column < g_strv_length (self->header) ? self->header[column] : "";
}

/**
 * mnr_ratings_sheet_get_n_rows:
 *
 * Returns: the rows below the header, blank ones left out
 */
guint
mnr_ratings_sheet_get_n_rows (MnrRatingsSheet *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->rows->len;
}

/**
 * mnr_ratings_sheet_get_line:
 *
 * Returns: the file's line @row starts on, counted from 1
 */
guint
mnr_ratings_sheet_get_line (MnrRatingsSheet *self,
                            guint            row)
{
  g_return_val_if_fail (self != NULL && row < self->rows->len, 0);

  return g_array_index (self->lines, guint, row);
}

/**
 * mnr_ratings_sheet_get_value:
 *
 * Returns: the cell as the file has it ("" past the row's end)
 */
const char *
mnr_ratings_sheet_get_value (MnrRatingsSheet *self,
                             guint            row,
                             guint            column)
{
  GStrv cells;

  g_return_val_if_fail (self != NULL && row < self->rows->len, NULL);

  cells = self->rows->pdata[row];
  return column < g_strv_length (cells) ? cells[column] : "";
}

MnrRatingsField
mnr_ratings_sheet_get_field (MnrRatingsSheet *self,
                             guint            column)
{
  g_return_val_if_fail (self != NULL, MNR_RATINGS_FIELD_IGNORE);

  return column < self->n_columns ? self->fields[column] : MNR_RATINGS_FIELD_IGNORE;
}

/**
 * mnr_ratings_sheet_set_field:
 *
 * Says what @column holds. A field is read from one column: the column
 * that held @field before is then ignored.
 */
void
mnr_ratings_sheet_set_field (MnrRatingsSheet *self,
                             guint            column,
                             MnrRatingsField  field)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (column < self->n_columns);
  g_return_if_fail (field < MNR_RATINGS_N_FIELDS);

  for (guint c = 0; c < self->n_columns && field != MNR_RATINGS_FIELD_IGNORE; c++)
    if (self->fields[c] == field)
      self->fields[c] = MNR_RATINGS_FIELD_IGNORE;
  self->fields[column] = field;
}

/**
 * mnr_ratings_sheet_find_field:
 *
 * Returns: the column that holds @field, or -1
 */
int
mnr_ratings_sheet_find_field (MnrRatingsSheet *self,
                              MnrRatingsField  field)
{
  g_return_val_if_fail (self != NULL, -1);

  for (guint c = 0; c < self->n_columns; c++)
    if (self->fields[c] == field)
      return (int) c;
  return -1;
}

/**
 * mnr_ratings_sheet_check_mapping:
 * @defaults: (nullable): the country and round of rows that do not say
 *
 * Returns: whether the columns say enough to read a rating from each
 *   row; %FALSE with an error saying which column is missing
 */
gboolean
mnr_ratings_sheet_check_mapping (MnrRatingsSheet          *self,
                                 const MnrRatingsDefaults *defaults,
                                 GError                  **error)
{
  gboolean round = mnr_ratings_sheet_find_field (self, MNR_RATINGS_FIELD_ROUND) >= 0 ||
                   mnr_ratings_sheet_find_field (self, MNR_RATINGS_FIELD_ROUND_ID) >= 0;

  g_return_val_if_fail (self != NULL, FALSE);

  if (mnr_ratings_sheet_find_field (self, MNR_RATINGS_FIELD_ELEMENT) < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("No column is read as the element: choose the column that names the capability or enabler "
                     "(as C4, E2 or its title)."));
      return FALSE;
    }
  if (mnr_ratings_sheet_find_field (self, MNR_RATINGS_FIELD_LEVEL) < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("No column is read as the level: choose the column that gives the level on the scale."));
      return FALSE;
    }
  if (mnr_ratings_sheet_find_field (self, MNR_RATINGS_FIELD_COUNTRY) < 0 &&
      (defaults == NULL || defaults->country == NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("No column is read as the country, and no country is open: choose the country’s column."));
      return FALSE;
    }
  if (!round && (defaults == NULL || (defaults->round_id == NULL && defaults->round_name == NULL)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("No column is read as the round, and no round is open: choose the round’s column."));
      return FALSE;
    }
  return TRUE;
}
