/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-compare-matrix"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mnr-compare-matrix.h"

/* The Compare view's data: the countries of a group (rows) × the 21
 * capabilities and the 7 enablers (columns), one level a cell, for the
 * round shown and, in change mode, an earlier round. Compact on purpose:
 * a level is a byte (its place on the scale), a row one small struct, so
 * that the 195 countries of the world load and draw within one frame.
 *
 * It counts, it never scores: per capability and per domain, how many
 * members stand at each level; rows sort by name or by one column, never
 * by a total (WePROTECT does not rank countries). */

typedef struct
{
  char   *code;
  char   *name;
  char   *collate_key;
  char   *round_id[2];
  char   *round_name[2];
  char   *round_date[2];
  guint8  levels[2][MNR_COMPARE_N_COLUMNS];
} Row;

struct _MnrCompareMatrix
{
  GObject            parent_instance;

  MnrFramework      *framework;
  MnrCompareAgainst  against;
  GArray            *rows;        /* Row */
  GPtrArray         *columns;     /* MnrElement, capabilities then enablers */
  GPtrArray         *levels;      /* MnrLevel, the scale in order */
  GHashTable        *column_ids;  /* element id → column + 1 */
  GHashTable        *level_ids;   /* level id → level + 1 */
};

G_DEFINE_FINAL_TYPE (MnrCompareMatrix, mnr_compare_matrix, G_TYPE_OBJECT)

static void
row_clear (gpointer data)
{
  Row *row = data;

  g_free (row->code);
  g_free (row->name);
  g_free (row->collate_key);
  for (guint i = 0; i < 2; i++)
    {
      g_free (row->round_id[i]);
      g_free (row->round_name[i]);
      g_free (row->round_date[i]);
    }
}

static void
mnr_compare_matrix_finalize (GObject *object)
{
  MnrCompareMatrix *self = (MnrCompareMatrix *)object;

  g_clear_pointer (&self->rows, g_array_unref);
  g_clear_pointer (&self->columns, g_ptr_array_unref);
  g_clear_pointer (&self->levels, g_ptr_array_unref);
  g_clear_pointer (&self->column_ids, g_hash_table_unref);
  g_clear_pointer (&self->level_ids, g_hash_table_unref);
  g_clear_object (&self->framework);

  G_OBJECT_CLASS (mnr_compare_matrix_parent_class)->finalize (object);
}

static void
mnr_compare_matrix_class_init (MnrCompareMatrixClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mnr_compare_matrix_finalize;
}

static void
mnr_compare_matrix_init (MnrCompareMatrix *self)
{
  self->rows = g_array_new (FALSE, TRUE, sizeof (Row));
  g_array_set_clear_func (self->rows, row_clear);
  self->columns = g_ptr_array_new_with_free_func (g_object_unref);
  self->levels = g_ptr_array_new_with_free_func (g_object_unref);
  self->column_ids = g_hash_table_new (g_str_hash, g_str_equal);
  self->level_ids = g_hash_table_new (g_str_hash, g_str_equal);
}

static void
add_columns (MnrCompareMatrix *self,
             GListModel       *elements)
{
  guint n = g_list_model_get_n_items (elements);

  for (guint i = 0; i < n && self->columns->len < MNR_COMPARE_N_COLUMNS; i++)
    {
      MnrElement *element = g_list_model_get_item (elements, i);

      g_ptr_array_add (self->columns, element);
      g_hash_table_insert (self->column_ids, (gpointer)mnr_element_get_id (element),
                           GUINT_TO_POINTER (self->columns->len));
    }
}

/**
 * mnr_compare_matrix_new:
 *
 * Returns: (transfer full): an empty matrix over @framework's capabilities
 *   and enablers
 */
MnrCompareMatrix *
mnr_compare_matrix_new (MnrFramework      *framework,
                        MnrCompareAgainst  against)
{
  MnrCompareMatrix *self;
  GListModel *levels;

  g_return_val_if_fail (MNR_IS_FRAMEWORK (framework), NULL);

  self = g_object_new (MNR_TYPE_COMPARE_MATRIX, NULL);
  self->framework = g_object_ref (framework);
  self->against = against;
  add_columns (self, mnr_framework_get_capabilities (framework));
  add_columns (self, mnr_framework_get_enablers (framework));

  levels = mnr_framework_get_levels (framework);
  for (guint i = 0; i < g_list_model_get_n_items (levels) && i < MNR_COMPARE_NO_DATA; i++)
    {
      MnrLevel *level = g_list_model_get_item (levels, i);

      g_ptr_array_add (self->levels, level);
      g_hash_table_insert (self->level_ids, (gpointer)mnr_level_get_id (level),
                           GUINT_TO_POINTER (self->levels->len));
    }

  return self;
}

static Row *
get_row (MnrCompareMatrix *self,
         guint             row)
{
  g_return_val_if_fail (row < self->rows->len, NULL);

  return &g_array_index (self->rows, Row, row);
}

/**
 * mnr_compare_matrix_add_row:
 *
 * Adds a country with no round yet: every cell without data.
 *
 * Returns: the row's index
 */
guint
mnr_compare_matrix_add_row (MnrCompareMatrix *self,
                            const char       *code)
{
  Row row = { 0 };

  g_return_val_if_fail (MNR_IS_COMPARE_MATRIX (self), 0);
  g_return_val_if_fail (code != NULL, 0);

  row.code = g_strdup (code);
  memset (row.levels, MNR_COMPARE_NO_DATA, sizeof row.levels);
  g_array_append_val (self->rows, row);

  return self->rows->len - 1;
}

/**
 * mnr_compare_matrix_set_round:
 * @earlier: the round compared with, rather than the one shown
 *
 * Sets the row's round; its cells become "not assessed" until a level
 * is set.
 */
void
mnr_compare_matrix_set_round (MnrCompareMatrix *self,
                              guint             row,
                              gboolean          earlier,
                              const char       *round_id,
                              const char       *name,
                              const char       *date)
{
  Row *r;
  guint e = earlier ? 1 : 0;

  g_return_if_fail (MNR_IS_COMPARE_MATRIX (self));
  if ((r = get_row (self, row)) == NULL)
    return;

  g_free (r->round_id[e]);
  g_free (r->round_name[e]);
  g_free (r->round_date[e]);
  r->round_id[e] = g_strdup (round_id);
  r->round_name[e] = g_strdup (name);
  r->round_date[e] = g_strdup (date);
  memset (r->levels[e], round_id != NULL ? 0 : MNR_COMPARE_NO_DATA, MNR_COMPARE_N_COLUMNS);
}

void
mnr_compare_matrix_set_level (MnrCompareMatrix *self,
                              guint             row,
                              gboolean          earlier,
                              guint             column,
                              guint             level)
{
  Row *r;

  g_return_if_fail (MNR_IS_COMPARE_MATRIX (self));
  g_return_if_fail (column < self->columns->len);
  g_return_if_fail (level < self->levels->len || level == MNR_COMPARE_NO_DATA);

  if ((r = get_row (self, row)) != NULL)
    r->levels[earlier ? 1 : 0][column] = (guint8)level;
}

/**
 * mnr_compare_matrix_column_for:
 *
 * Returns: the column of an element id ("capability-4", "enabler-justice"),
 *   or -1
 */
int
mnr_compare_matrix_column_for (MnrCompareMatrix *self,
                               const char       *element_id)
{
  g_return_val_if_fail (MNR_IS_COMPARE_MATRIX (self), -1);

  return GPOINTER_TO_INT (g_hash_table_lookup (self->column_ids, element_id)) - 1;
}

/**
 * mnr_compare_matrix_level_for:
 *
 * Returns: the place of a level id on the scale; 0 (not assessed) for a
 *   level this scale does not know
 */
guint
mnr_compare_matrix_level_for (MnrCompareMatrix *self,
                              const char       *level_id)
{
  guint level;

  g_return_val_if_fail (MNR_IS_COMPARE_MATRIX (self), 0);

  level = GPOINTER_TO_UINT (g_hash_table_lookup (self->level_ids, level_id));
  return level > 0 ? level - 1 : 0;
}

/**
 * mnr_compare_matrix_set_names:
 *
 * Names the rows from @catalog (in the user's language) and puts them in
 * the order of their names.
 */
void
mnr_compare_matrix_set_names (MnrCompareMatrix  *self,
                              MnrCountryCatalog *catalog)
{
  g_return_if_fail (MNR_IS_COMPARE_MATRIX (self));

  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *r = get_row (self, i);
      MnrCountry *country = catalog != NULL ? mnr_country_catalog_lookup (catalog, r->code) : NULL;

      g_free (r->name);
      g_free (r->collate_key);
      r->name = g_strdup (country != NULL ? mnr_country_get_name (country) : r->code);
      r->collate_key = g_utf8_collate_key (r->name, -1);
    }

  mnr_compare_matrix_sort_by_name (self);
}

MnrFramework *
mnr_compare_matrix_get_framework (MnrCompareMatrix *self)
{
  g_return_val_if_fail (MNR_IS_COMPARE_MATRIX (self), NULL);

  return self->framework;
}

MnrCompareAgainst
mnr_compare_matrix_get_against (MnrCompareMatrix *self)
{
  g_return_val_if_fail (MNR_IS_COMPARE_MATRIX (self), MNR_COMPARE_AGAINST_NOTHING);

  return self->against;
}

guint
mnr_compare_matrix_get_n_rows (MnrCompareMatrix *self)
{
  g_return_val_if_fail (MNR_IS_COMPARE_MATRIX (self), 0);

  return self->rows->len;
}

guint
mnr_compare_matrix_get_n_levels (MnrCompareMatrix *self)
{
  g_return_val_if_fail (MNR_IS_COMPARE_MATRIX (self), 0);

  return self->levels->len;
}

/**
 * mnr_compare_matrix_get_level_object:
 *
 * Returns: (transfer none) (nullable): the level at that place of the
 *   scale, %NULL for %MNR_COMPARE_NO_DATA
 */
MnrLevel *
mnr_compare_matrix_get_level_object (MnrCompareMatrix *self,
                                     guint             level)
{
  g_return_val_if_fail (MNR_IS_COMPARE_MATRIX (self), NULL);

  return level < self->levels->len ? g_ptr_array_index (self->levels, level) : NULL;
}

/**
 * mnr_compare_matrix_get_column:
 *
 * Returns: (transfer none): the capability or enabler of a column
 */
MnrElement *
mnr_compare_matrix_get_column (MnrCompareMatrix *self,
                               guint             column)
{
  g_return_val_if_fail (MNR_IS_COMPARE_MATRIX (self), NULL);
  g_return_val_if_fail (column < self->columns->len, NULL);

  return g_ptr_array_index (self->columns, column);
}

int
mnr_compare_matrix_find_row (MnrCompareMatrix *self,
                             const char       *code)
{
  g_return_val_if_fail (MNR_IS_COMPARE_MATRIX (self), -1);

  for (guint i = 0; code != NULL && i < self->rows->len; i++)
    if (g_str_equal (get_row (self, i)->code, code))
      return (int)i;

  return -1;
}

const char *
mnr_compare_matrix_get_code (MnrCompareMatrix *self,
                             guint             row)
{
  g_return_val_if_fail (MNR_IS_COMPARE_MATRIX (self), NULL);
  g_return_val_if_fail (row < self->rows->len, NULL);

  return get_row (self, row)->code;
}

/**
 * mnr_compare_matrix_get_name:
 *
 * Returns: the country's name, or its code before mnr_compare_matrix_set_names()
 */
const char *
mnr_compare_matrix_get_name (MnrCompareMatrix *self,
                             guint             row)
{
  Row *r;

  g_return_val_if_fail (MNR_IS_COMPARE_MATRIX (self), NULL);
  g_return_val_if_fail (row < self->rows->len, NULL);

  r = get_row (self, row);
  return r->name != NULL ? r->name : r->code;
}

#define ROW_FIELD_GETTER(field)                                            \
const char *                                                               \
mnr_compare_matrix_get_##field (MnrCompareMatrix *self,                    \
                                guint             row,                     \
                                gboolean          earlier)                 \
{                                                                          \
  g_return_val_if_fail (MNR_IS_COMPARE_MATRIX (self), NULL);               \
  g_return_val_if_fail (row < self->rows->len, NULL);                      \
  return get_row (self, row)->field[earlier ? 1 : 0];                      \
}

/* (nullable): no round */
ROW_FIELD_GETTER (round_id)
ROW_FIELD_GETTER (round_name)
ROW_FIELD_GETTER (round_date)

/**
 * mnr_compare_matrix_get_level:
 *
 * Returns: the cell's place on the scale (0: not assessed), or
 *   %MNR_COMPARE_NO_DATA when the row has no such round
 */
guint
mnr_compare_matrix_get_level (MnrCompareMatrix *self,
                              guint             row,
                              gboolean          earlier,
                              guint             column)
{
  g_return_val_if_fail (MNR_IS_COMPARE_MATRIX (self), MNR_COMPARE_NO_DATA);
  g_return_val_if_fail (row < self->rows->len, MNR_COMPARE_NO_DATA);
  g_return_val_if_fail (column < MNR_COMPARE_N_COLUMNS, MNR_COMPARE_NO_DATA);

  return get_row (self, row)->levels[earlier ? 1 : 0][column];
}

static gboolean
is_assessed (MnrCompareMatrix *self,
             guint             level)
{
  return level < self->levels->len && mnr_level_get_assessed (g_ptr_array_index (self->levels, level));
}

/**
 * mnr_compare_matrix_get_change:
 *
 * A change is between two assessed levels: "not assessed" on either side,
 * or a missing round, is no change to count (%MNR_COMPARE_CHANGE_NONE).
 */
MnrCompareChange
mnr_compare_matrix_get_change (MnrCompareMatrix *self,
                               guint             row,
                               guint             column)
{
  Row *r;
  guint now, before;

  g_return_val_if_fail (MNR_IS_COMPARE_MATRIX (self), MNR_COMPARE_CHANGE_NONE);
  g_return_val_if_fail (row < self->rows->len, MNR_COMPARE_CHANGE_NONE);
  g_return_val_if_fail (column < MNR_COMPARE_N_COLUMNS, MNR_COMPARE_CHANGE_NONE);

  if (self->against == MNR_COMPARE_AGAINST_NOTHING)
    return MNR_COMPARE_CHANGE_NONE;

  r = get_row (self, row);
  now = r->levels[0][column];
  before = r->levels[1][column];
  if (!is_assessed (self, now) || !is_assessed (self, before))
    return MNR_COMPARE_CHANGE_NONE;

  return now > before ? MNR_COMPARE_CHANGE_UP : now < before ? MNR_COMPARE_CHANGE_DOWN : MNR_COMPARE_CHANGE_SAME;
}

/* --- counts ------------------------------------------------------------- */

guint
mnr_compare_matrix_count_rows_with_data (MnrCompareMatrix *self)
{
  guint n = 0;

  g_return_val_if_fail (MNR_IS_COMPARE_MATRIX (self), 0);

  for (guint i = 0; i < self->rows->len; i++)
    n += get_row (self, i)->round_id[0] != NULL;

  return n;
}

/* Whether a cell counts: at @level, or (@or_above) at an assessed level
 * from @level up. */
static gboolean
cell_counts (MnrCompareMatrix *self,
             guint             cell,
             guint             level,
             gboolean          or_above)
{
  if (!or_above)
    return cell == level;

  return cell != MNR_COMPARE_NO_DATA && cell >= level && is_assessed (self, cell);
}

static guint
count_column (MnrCompareMatrix *self,
              guint             column,
              guint             level,
              gboolean          or_above)
{
  guint n = 0;

  for (guint i = 0; i < self->rows->len; i++)
    n += cell_counts (self, get_row (self, i)->levels[0][column], level, or_above);

  return n;
}

guint
mnr_compare_matrix_count_at_level (MnrCompareMatrix *self,
                                   guint             column,
                                   guint             level)
{
  g_return_val_if_fail (MNR_IS_COMPARE_MATRIX (self), 0);
  g_return_val_if_fail (column < MNR_COMPARE_N_COLUMNS, 0);

  return count_column (self, column, level, FALSE);
}

/**
 * mnr_compare_matrix_count_at_or_above:
 * @level: an assessed level
 *
 * Returns: how many rows stand at @level or above on the column
 */
guint
mnr_compare_matrix_count_at_or_above (MnrCompareMatrix *self,
                                      guint             column,
                                      guint             level)
{
  g_return_val_if_fail (MNR_IS_COMPARE_MATRIX (self), 0);
  g_return_val_if_fail (column < MNR_COMPARE_N_COLUMNS, 0);

  return count_column (self, column, level, TRUE);
}

/* A row's standing in a domain: the lowest level among the domain's
 * capabilities, the columns @in_domain marks (one not assessed makes it
 * "not assessed"). */
static guint
domain_standing (MnrCompareMatrix *self,
                 Row              *r,
                 const gboolean   *in_domain)
{
  guint lowest = MNR_COMPARE_NO_DATA;

  if (r->round_id[0] == NULL)
    return MNR_COMPARE_NO_DATA;

  for (guint c = 0; c < self->columns->len; c++)
    if (in_domain[c])
      lowest = MIN (lowest, r->levels[0][c]);

  return lowest;
}

static guint
count_domain (MnrCompareMatrix *self,
              MnrElement       *domain,
              guint             level,
              gboolean          or_above)
{
  gboolean in_domain[MNR_COMPARE_N_COLUMNS];
  guint n = 0;

  /* The columns' domains once, not once a cell. */
  g_assert (self->columns->len <= MNR_COMPARE_N_COLUMNS);
  for (guint c = 0; c < self->columns->len; c++)
    in_domain[c] = mnr_element_get_domain (g_ptr_array_index (self->columns, c)) == domain;

  for (guint i = 0; i < self->rows->len; i++)
    n += cell_counts (self, domain_standing (self, get_row (self, i), in_domain), level, or_above);

  return n;
}

/**
 * mnr_compare_matrix_count_domain_at_level:
 *
 * Returns: how many rows stand at @level in @domain: their lowest level
 *   among its capabilities is @level
 */
guint
mnr_compare_matrix_count_domain_at_level (MnrCompareMatrix *self,
                                          MnrElement       *domain,
                                          guint             level)
{
  g_return_val_if_fail (MNR_IS_COMPARE_MATRIX (self), 0);
  g_return_val_if_fail (MNR_IS_ELEMENT (domain), 0);

  return count_domain (self, domain, level, FALSE);
}

/**
 * mnr_compare_matrix_count_domain_at_or_above:
 *
 * Returns: how many rows have every capability of @domain at @level or
 *   above
 */
guint
mnr_compare_matrix_count_domain_at_or_above (MnrCompareMatrix *self,
                                             MnrElement       *domain,
                                             guint             level)
{
  g_return_val_if_fail (MNR_IS_COMPARE_MATRIX (self), 0);
  g_return_val_if_fail (MNR_IS_ELEMENT (domain), 0);

  return count_domain (self, domain, level, TRUE);
}

static void
tally (MnrCompareChange  change,
       guint            *up,
       guint            *down,
       guint            *same)
{
  switch (change)
    {
    case MNR_COMPARE_CHANGE_UP:
      (*up)++;
      break;
    case MNR_COMPARE_CHANGE_DOWN:
      (*down)++;
      break;
    case MNR_COMPARE_CHANGE_SAME:
      (*same)++;
      break;
    case MNR_COMPARE_CHANGE_NONE:
    default:
      break;
    }
}

/* The changes of one row (@row ≥ 0) or of one column. */
static void
count_changes (MnrCompareMatrix *self,
               int               row,
               int               column,
               guint            *up,
               guint            *down,
               guint            *same)
{
  guint u = 0, d = 0, s = 0;

  if (row >= 0)
    for (guint c = 0; c < self->columns->len; c++)
      tally (mnr_compare_matrix_get_change (self, (guint)row, c), &u, &d, &s);
  else
    for (guint r = 0; r < self->rows->len; r++)
      tally (mnr_compare_matrix_get_change (self, r, (guint)column), &u, &d, &s);

  if (up != NULL)
    *up = u;
  if (down != NULL)
    *down = d;
  if (same != NULL)
    *same = s;
}

void
mnr_compare_matrix_count_row_changes (MnrCompareMatrix *self,
                                      guint             row,
                                      guint            *up,
                                      guint            *down,
                                      guint            *same)
{
  g_return_if_fail (MNR_IS_COMPARE_MATRIX (self));
  g_return_if_fail (row < self->rows->len);

  count_changes (self, (int)row, -1, up, down, same);
}

void
mnr_compare_matrix_count_column_changes (MnrCompareMatrix *self,
                                         guint             column,
                                         guint            *up,
                                         guint            *down,
                                         guint            *same)
{
  g_return_if_fail (MNR_IS_COMPARE_MATRIX (self));
  g_return_if_fail (column < MNR_COMPARE_N_COLUMNS);

  count_changes (self, -1, (int)column, up, down, same);
}

/* --- order -------------------------------------------------------------- */

static int
compare_names (const Row *a,
               const Row *b)
{
  int cmp = g_strcmp0 (a->collate_key, b->collate_key);

  return cmp != 0 ? cmp : g_strcmp0 (a->code, b->code);
}

static int
by_name_cb (gconstpointer a,
            gconstpointer b,
            gpointer      user_data)
{
  return compare_names (a, b);
}

static int
by_column_cb (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  guint column = GPOINTER_TO_UINT (user_data);
  const Row *ra = a, *rb = b;
  /* Highest level first; no data last. */
  int la = ra->levels[0][column] == MNR_COMPARE_NO_DATA ? -1 : ra->levels[0][column];
  int lb = rb->levels[0][column] == MNR_COMPARE_NO_DATA ? -1 : rb->levels[0][column];

  return la != lb ? lb - la : compare_names (ra, rb);
}

void
mnr_compare_matrix_sort_by_name (MnrCompareMatrix *self)
{
  g_return_if_fail (MNR_IS_COMPARE_MATRIX (self));

  g_array_sort_with_data (self->rows, by_name_cb, NULL);
}

/**
 * mnr_compare_matrix_sort_by_column:
 *
 * Orders the rows by their level on one column, highest first, then by
 * name: one capability at a time, never a total.
 */
void
mnr_compare_matrix_sort_by_column (MnrCompareMatrix *self,
                                   guint             column)
{
  g_return_if_fail (MNR_IS_COMPARE_MATRIX (self));
  g_return_if_fail (column < MNR_COMPARE_N_COLUMNS);

  g_array_sort_with_data (self->rows, by_column_cb, GUINT_TO_POINTER (column));
}

/* --- export ------------------------------------------------------------- */

/**
 * mnr_compare_matrix_dup_cell_text:
 *
 * Returns: (transfer full): what a cell shows beside its colour: the
 *   level's place on the scale ("3"), "–" for not assessed, "" with no
 *   round; in change mode an arrow before it ("▲3", "▼2", "=4")
 */
char *
mnr_compare_matrix_dup_cell_text (MnrCompareMatrix *self,
                                  guint             row,
                                  guint             column)
{
  guint level = mnr_compare_matrix_get_level (self, row, FALSE, column);
  const char *mark = "";

  if (level == MNR_COMPARE_NO_DATA)
    return g_strdup ("");

  if (!is_assessed (self, level))
    return g_strdup ("–");

  switch (mnr_compare_matrix_get_change (self, row, column))
    {
    case MNR_COMPARE_CHANGE_UP:
      mark = "▲";
      break;
    case MNR_COMPARE_CHANGE_DOWN:
      mark = "▼";
      break;
    case MNR_COMPARE_CHANGE_SAME:
      mark = "=";
      break;
    case MNR_COMPARE_CHANGE_NONE:
    default:
      break;
    }

  return g_strdup_printf ("%s%u", mark, level);
}

/* RFC 4180: a field with a comma, a quote or a line break is quoted, its
 * quotes doubled. */
static void
append_field (GString    *csv,
              const char *text,
              gboolean    first)
{
  if (!first)
    g_string_append_c (csv, ',');

  if (text == NULL)
    return;

  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (csv, text);
      return;
    }

  g_string_append_c (csv, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (csv, '"');
      g_string_append_c (csv, *p);
    }
  g_string_append_c (csv, '"');
}

static const char *
level_name (MnrCompareMatrix *self,
            guint             level)
{
  MnrLevel *object = mnr_compare_matrix_get_level_object (self, level);

  return object != NULL ? mnr_level_get_name (object) : "";
}

static char *
csv_cell (MnrCompareMatrix *self,
          guint             row,
          guint             column)
{
  guint now = mnr_compare_matrix_get_level (self, row, FALSE, column);
  guint before = mnr_compare_matrix_get_level (self, row, TRUE, column);

  if (now == MNR_COMPARE_NO_DATA)
    return g_strdup ("");

  switch (mnr_compare_matrix_get_change (self, row, column))
    {
    case MNR_COMPARE_CHANGE_UP:
      /* Translators: a cell of the exported comparison: the level now, up from the level before */
      return g_strdup_printf (_("%s (up from %s)"), level_name (self, now), level_name (self, before));
    case MNR_COMPARE_CHANGE_DOWN:
      /* Translators: a cell of the exported comparison: the level now, down from the level before */
      return g_strdup_printf (_("%s (down from %s)"), level_name (self, now), level_name (self, before));
    case MNR_COMPARE_CHANGE_SAME:
      /* Translators: a cell of the exported comparison: the level, the same as before */
      return g_strdup_printf (_("%s (same)"), level_name (self, now));
    case MNR_COMPARE_CHANGE_NONE:
    default:
      return g_strdup (level_name (self, now));
    }
}

/**
 * mnr_compare_matrix_to_csv:
 *
 * The matrix as CSV (RFC 4180): UTF-8 with a byte-order mark, so that
 * spreadsheets read the accents right, CRLF line ends, one header line,
 * then one line a country in the matrix's order. Cells hold level names;
 * in change mode with the change in words.
 *
 * Returns: (transfer full): the file's bytes
 */
GBytes *
mnr_compare_matrix_to_csv (MnrCompareMatrix *self)
{
  GString *csv = g_string_new ("\xef\xbb\xbf");
  gboolean change;

  g_return_val_if_fail (MNR_IS_COMPARE_MATRIX (self), NULL);

  change = self->against != MNR_COMPARE_AGAINST_NOTHING;

  append_field (csv, _("Country"), TRUE);
  append_field (csv, _("ISO 3166 code"), FALSE);
  append_field (csv, _("Round"), FALSE);
  append_field (csv, _("Round date"), FALSE);
  if (change)
    {
      append_field (csv, _("Earlier round"), FALSE);
      append_field (csv, _("Earlier round date"), FALSE);
    }
  for (guint c = 0; c < self->columns->len; c++)
    {
      g_autofree char *label = mnr_element_dup_label (g_ptr_array_index (self->columns, c));
      append_field (csv, label, FALSE);
    }
  g_string_append (csv, "\r\n");

  for (guint r = 0; r < self->rows->len; r++)
    {
      Row *row = get_row (self, r);

      append_field (csv, mnr_compare_matrix_get_name (self, r), TRUE);
      append_field (csv, row->code, FALSE);
      append_field (csv, row->round_name[0], FALSE);
      append_field (csv, row->round_date[0], FALSE);
      if (change)
        {
          append_field (csv, row->round_name[1], FALSE);
          append_field (csv, row->round_date[1], FALSE);
        }
      for (guint c = 0; c < self->columns->len; c++)
        {
          g_autofree char *cell = csv_cell (self, r, c);
          append_field (csv, cell, FALSE);
        }
      g_string_append (csv, "\r\n");
    }

  return g_string_free_to_bytes (csv);
}
