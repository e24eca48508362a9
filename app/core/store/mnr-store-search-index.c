/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-store"

#include "config.h"

#include <glib/gi18n.h>

#include "mnr-store-private.h"

/* MnrStore: the evidence search index, brought up to date once at the end
 * of a bulk batch instead of after every record.
 *
 * The triggers of evidence_fts (the schema's) index each row as it is
 * written. SQLite's FTS5 writes what it has pending to the index as a new
 * segment at every savepoint, and every record of a batch is a savepoint
 * of its own, as is every statement that fires a trigger: a pull of
 * 50,000 items of evidence wrote 50,000 segments, a fifth of the client's
 * time. Over a bulk batch the schema's triggers are set aside, inside the
 * batch's transaction, and temporary ones note which rows changed and
 * what the index held for them; at the end those rows are taken out of
 * the index and put back as they are now, in two statements, and the
 * schema's triggers are put back before the commit. The index ends as the
 * triggers would have left it. A batch dropped, or a failure at any
 * point, rolls all of it back with the transaction: the schema's triggers
 * are never left out of a committed store. */

/* Rows whose indexed text was there before the batch: what the index held
 * for them, once each. Rows written since, to index as they are at the end.
 * A row written in the batch was never indexed, so its old values are not
 * noted. (Not INSERT OR IGNORE: in a trigger, the conflict clause of the
 * statement that fired it wins, and the store's upserts have one.) */
#define NOTE_NEW \
  "  INSERT INTO search_index_new (rowid) SELECT new.rowid" \
  "    WHERE NOT EXISTS (SELECT 1 FROM search_index_new WHERE rowid = new.rowid);"
#define NOTE_OLD \
  "  INSERT INTO search_index_old (rowid, title, summary, source, country)" \
  "    SELECT old.rowid, old.title, old.summary, old.source, old.country" \
  "    WHERE NOT EXISTS (SELECT 1 FROM search_index_old WHERE rowid = old.rowid)" \
  "      AND NOT EXISTS (SELECT 1 FROM search_index_new WHERE rowid = old.rowid);"
#define DEFER_SQL \
  "CREATE TEMP TABLE IF NOT EXISTS search_index_old (rowid INTEGER PRIMARY KEY," \
  "  title, summary, source, country);" \
  "CREATE TEMP TABLE IF NOT EXISTS search_index_new (rowid INTEGER PRIMARY KEY);" \
  "CREATE TEMP TRIGGER search_index_insert AFTER INSERT ON main.evidence BEGIN" \
  NOTE_NEW " END;" \
  "CREATE TEMP TRIGGER search_index_delete AFTER DELETE ON main.evidence BEGIN" \
  NOTE_OLD " END;" \
  "CREATE TEMP TRIGGER search_index_update AFTER UPDATE OF title, summary, source ON main.evidence BEGIN" \
  NOTE_OLD NOTE_NEW " END;"

#define FLUSH_SQL \
  "INSERT INTO evidence_fts (evidence_fts, rowid, title, summary, source, country)" \
  "  SELECT 'delete', rowid, title, summary, source, country FROM search_index_old;" \
  "INSERT INTO evidence_fts (rowid, title, summary, source, country)" \
  "  SELECT rowid, title, summary, source, country FROM main.evidence" \
  "  WHERE rowid IN (SELECT rowid FROM search_index_new);" \
  "DROP TRIGGER temp.search_index_insert;" \
  "DROP TRIGGER temp.search_index_delete;" \
  "DROP TRIGGER temp.search_index_update;" \
  "DELETE FROM search_index_old;" \
  "DELETE FROM search_index_new;"

/**
 * mnr_store_defer_search_index:
 *
 * In a batch's transaction: sets the schema's search index triggers aside
 * until mnr_store_flush_search_index(). If that cannot be done, the index
 * is kept up to date as usual, and nothing else changes.
 */
void
mnr_store_defer_search_index (MnrStore *self)
{
  g_autoptr(sqlite3_stmt) list = NULL;
  g_autoptr(GPtrArray) triggers = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) drop = g_string_new ("SAVEPOINT search_index;");
  int rc;

  g_assert (self->batch_depth > 0 && self->deferred_triggers == NULL);

  /* The triggers as the schema has them, whatever its version wrote. */
  list = mnr_store_prepare (self->db,
                            "SELECT name, sql FROM main.sqlite_schema WHERE type = 'trigger'"
                            " AND tbl_name = 'evidence' AND sql LIKE '%evidence_fts%' ORDER BY name",
                            "", NULL);
  if (list == NULL)
    return;
  while ((rc = sqlite3_step (list)) == SQLITE_ROW)
    {
      g_string_append_printf (drop, "DROP TRIGGER main.\"%s\";", mnr_store_column_text (list, 0));
      g_ptr_array_add (triggers, g_strconcat (mnr_store_column_text (list, 1), ";", NULL));
    }
  g_clear_pointer (&list, sqlite3_finalize);
  if (rc != SQLITE_DONE || triggers->len == 0)
    return;

  g_string_append (drop, DEFER_SQL "RELEASE search_index;");
  if (sqlite3_exec (self->db, drop->str, NULL, NULL, NULL) != SQLITE_OK)
    {
      g_debug ("the search index is kept up to date record by record: %s", sqlite3_errmsg (self->db));
      sqlite3_exec (self->db, "ROLLBACK TO search_index; RELEASE search_index", NULL, NULL, NULL);
      return;
    }

  g_ptr_array_add (triggers, NULL);
  self->deferred_triggers = (GStrv)g_ptr_array_free (g_steal_pointer (&triggers), FALSE);
}

/**
 * mnr_store_flush_search_index:
 *
 * Before the commit of a batch begun with mnr_store_defer_search_index():
 * indexes what the batch changed and puts the schema's triggers back. On
 * failure the batch must be rolled back.
 */
gboolean
mnr_store_flush_search_index (MnrStore  *self,
                              GError   **error)
{
  g_auto(GStrv) triggers = g_steal_pointer (&self->deferred_triggers);
  g_autofree char *restore = NULL;

  if (triggers == NULL)
    return TRUE;

  restore = g_strjoinv ("", triggers);
  return mnr_store_exec_sql (self->db, FLUSH_SQL, _("saving the changes"), error) &&
         mnr_store_exec_sql (self->db, restore, _("saving the changes"), error);
}

/* After a rollback: the transaction took the triggers' swap back with it. */
void
mnr_store_forget_deferred_search_index (MnrStore *self)
{
  g_clear_pointer (&self->deferred_triggers, g_strfreev);
}
