/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-store"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mnr-country.h"
#include "mnr-evidence-private.h"
#include "mnr-ids.h"
#include "mnr-store-private.h"
#include "mnr-store-schema.h"

/* MnrStore: the groups of countries a user defines. */

/* --- groups a user defines ----------------------------------------------- */

/**
 * mnr_store_save_group:
 * @id: (nullable): the group's id to update it, %NULL for a new group
 * @members: ISO 3166-1 alpha-2 codes
 *
 * Saves a regional group of the user's own (the bundled ones are data).
 *
 * Returns: (transfer full) (nullable): the group's id
 */
char *
mnr_store_save_group (MnrStore            *self,
                      const char          *id,
                      const char          *name,
                      const char          *short_name,
                      const char * const  *members,
                      GError             **error)
{
  g_autoptr(sqlite3_stmt) upsert = NULL;
  g_autoptr(sqlite3_stmt) clear = NULL;
  g_autoptr(sqlite3_stmt) add = NULL;
  g_autofree char *group_id = id != NULL ? g_strdup (id) : g_uuid_string_random ();
  g_autofree char *clean_name = g_strstrip (g_strdup (name != NULL ? name : ""));
  gint64 now = g_get_real_time ();

  g_return_val_if_fail (MNR_IS_STORE (self), NULL);

  if (!mnr_store_ensure_open (self, error))
    return NULL;

  if (!mnr_id_is_uuid (group_id))
    {
      mnr_store_invalid (error, _("The group has a malformed id."));
      return NULL;
    }

  if (clean_name[0] == '\0' || !mnr_store_is_text_of_at_most (clean_name, 200))
    {
      mnr_store_invalid (error, _("A group needs a name of at most 200 characters."));
      return NULL;
    }

  for (guint i = 0; members != NULL && members[i] != NULL; i++)
    if (!mnr_id_is_country_code (members[i]))
      {
        mnr_store_invalid (error, _("“%s” is not a country code (two capital letters, as “PH”)."), members[i]);
        return NULL;
      }

  if (!mnr_store_begin (self, _("saving the group"), error))
    return NULL;

  if (!mnr_store_remember_base (self, "group", group_id, error))
    goto fail;

  upsert = mnr_store_prepare (self->db,
                              "INSERT INTO groups (id, name, short_name, created_at, updated_at, updated_by)"
                              " VALUES (?1, ?2, ?3, ?4, ?4, ?5)"
                              " ON CONFLICT (id) DO UPDATE SET name = excluded.name, short_name = excluded.short_name,"
                              " updated_at = excluded.updated_at, updated_by = excluded.updated_by,"
                              " deleted_at = NULL, local_rev = groups.local_rev + 1",
                              _("saving the group"), error);
  clear = mnr_store_prepare (self->db, "DELETE FROM group_members WHERE grp = ?1", _("saving the group"), error);
  add = mnr_store_prepare (self->db, "INSERT OR IGNORE INTO group_members (grp, country) VALUES (?1, ?2)",
                           _("saving the group"), error);
  if (upsert == NULL || clear == NULL || add == NULL)
    goto fail;

  mnr_store_bind_text (upsert, 1, group_id);
  mnr_store_bind_text (upsert, 2, clean_name);
  mnr_store_bind_text (upsert, 3, short_name);
  sqlite3_bind_int64 (upsert, 4, now);
  mnr_store_bind_text (upsert, 5, self->author);
  mnr_store_bind_text (clear, 1, group_id);
  if (!mnr_store_step_done (upsert, self->db, _("saving the group"), error) ||
      !mnr_store_step_done (clear, self->db, _("saving the group"), error))
    goto fail;

  for (guint i = 0; members != NULL && members[i] != NULL; i++)
    {
      sqlite3_reset (add);
      mnr_store_bind_text (add, 1, group_id);
      mnr_store_bind_text (add, 2, members[i]);
      if (!mnr_store_step_done (add, self->db, _("saving the group"), error))
        goto fail;
    }

  mnr_store_note_change (self, "group", group_id, FALSE);
  if (!mnr_store_commit (self, _("saving the group"), error))
    return NULL;

  return g_steal_pointer (&group_id);

fail:
  mnr_store_rollback (self);
  return NULL;
}

gboolean
mnr_store_remove_group (MnrStore    *self,
                        const char  *id,
                        GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (MNR_IS_STORE (self), FALSE);

  if (!mnr_store_ensure_open (self, error) || !mnr_store_remember_base (self, "group", id, error) ||
      !(stmt = mnr_store_prepare (self->db,
                                  "UPDATE groups SET deleted_at = ?2, updated_at = ?2, updated_by = ?3,"
                                  " local_rev = local_rev + 1 WHERE id = ?1 AND deleted_at IS NULL",
                                  _("removing the group"), error)))
    return FALSE;

  mnr_store_bind_text (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, g_get_real_time ());
  mnr_store_bind_text (stmt, 3, self->author);
  if (!mnr_store_step_done (stmt, self->db, _("removing the group"), error))
    return FALSE;

  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_NOT_FOUND, _("There is no such group."));
      return FALSE;
    }

  mnr_store_note_change (self, "group", id, FALSE);
  return TRUE;
}

/**
 * mnr_store_list_groups:
 *
 * Returns: (transfer container) (element-type MnrRegionalGroup): the
 *   user's own groups, by name
 */
GPtrArray *
mnr_store_list_groups (MnrStore  *self,
                       GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func (g_object_unref);
  int rc;

  g_return_val_if_fail (MNR_IS_STORE (self), NULL);

  if (!mnr_store_ensure_open (self, error) ||
      !(stmt = mnr_store_prepare (self->db,
                                  "SELECT g.id, g.name, g.short_name,"
                                  " (SELECT group_concat (country, ' ') FROM"
                                  "   (SELECT country FROM group_members WHERE grp = g.id ORDER BY country))"
                                  " FROM groups g WHERE g.deleted_at IS NULL ORDER BY g.name",
                                  _("listing the groups"), error)))
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *members_text = mnr_store_column_dup (stmt, 3);
      g_auto(GStrv) members = members_text[0] != '\0' ? g_strsplit (members_text, " ", -1) : g_new0 (char *, 1);
      g_autofree char *group_id = mnr_store_column_dup (stmt, 0);
      g_autofree char *name = mnr_store_column_dup (stmt, 1);
      g_autofree char *short_name = mnr_store_column_dup (stmt, 2);

      g_ptr_array_add (groups, mnr_regional_group_new (group_id, name,
                                                       short_name[0] != '\0' ? short_name : NULL,
                                                       (const char * const *)members, TRUE));
    }

  if (rc != SQLITE_DONE)
    {
      mnr_store_sqlite_error (error, self->db, rc, _("listing the groups"));
      return NULL;
    }

  return g_steal_pointer (&groups);
}
