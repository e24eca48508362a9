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

/* MnrStore: the files attached to evidence. */

/* --- attachments --------------------------------------------------------- */

/* Where the file @sha256 is kept (or would be). */
GFile *
mnr_store_attachment_file (MnrStore   *self,
                           const char *sha256)
{
  g_autofree char *prefix = g_strndup (sha256, 2);
  g_autoptr(GFile) folder = g_file_get_child (self->directory, "attachments");
  g_autoptr(GFile) sub = g_file_get_child (folder, prefix);

  return g_file_get_child (sub, sha256);
}

/**
 * mnr_store_get_attachment_file:
 * @sha256: the attachment's hash
 *
 * Returns: (transfer full) (nullable): the stored file, to open with the
 *   user's application; %NULL for a malformed hash or a missing file
 */
GFile *
mnr_store_get_attachment_file (MnrStore    *self,
                               const char  *sha256,
                               GError     **error)
{
  g_autoptr(GFile) file = NULL;

  g_return_val_if_fail (MNR_IS_STORE (self), NULL);

  if (!mnr_store_is_valid_sha256 (sha256))
    {
      mnr_store_invalid (error, _("“%s” is not the name of an attachment."), sha256 != NULL ? sha256 : "");
      return NULL;
    }

  file = mnr_store_attachment_file (self, sha256);
  if (!g_file_query_exists (file, NULL))
    {
      g_set_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_NOT_FOUND,
                   _("The attached file is missing from the data folder."));
      return NULL;
    }

  return g_steal_pointer (&file);
}

static char *
hash_file (GFile         *file,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GFileInputStream) input = g_file_read (file, cancellable, error);
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 buffer[64 * 1024];
  gssize n;

  if (input == NULL)
    return NULL;

  while ((n = g_input_stream_read (G_INPUT_STREAM (input), buffer, sizeof buffer, cancellable, error)) > 0)
    g_checksum_update (checksum, buffer, n);

  if (n < 0)
    return NULL;

  return g_strdup (g_checksum_get_string (checksum));
}

/* Copies @source to a temporary file inside the store, hashing on the way;
 * refuses it past the size limit. */
static GFile *
copy_in (MnrStore      *self,
         GFile         *source,
         const char    *display_name,
         char         **sha256,
         gint64        *size,
         GCancellable  *cancellable,
         GError       **error)
{
  g_autoptr(GFile) folder = g_file_get_child (self->directory, "attachments");
  g_autoptr(GFileInputStream) input = NULL;
  g_autoptr(GFileIOStream) temp_stream = NULL;
  g_autoptr(GFile) temp = NULL;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GError) local_error = NULL;
  GOutputStream *output;
  guint8 buffer[64 * 1024];
  gssize n;

  *size = 0;

  input = g_file_read (source, cancellable, &local_error);
  if (input == NULL)
    {
      g_set_error (error, MNR_STORE_ERROR,
                   g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND)
                     ? MNR_STORE_ERROR_NOT_FOUND : MNR_STORE_ERROR_FAILED,
                   _("“%s” cannot be read: %s"), display_name, local_error->message);
      return NULL;
    }

  g_file_make_directory_with_parents (folder, NULL, NULL);
  {
    /* Named as a download in progress is, so that a copy cut short by a
     * kill is removed at a later start (mnr_store_remove_stale_incoming()). */
    g_autofree char *template = g_build_filename (g_file_peek_path (folder), ".incoming-XXXXXX", NULL);
    int fd = g_mkstemp (template);

    if (fd < 0)
      {
        g_set_error (error, MNR_STORE_ERROR,
                     errno == ENOSPC ? MNR_STORE_ERROR_DISK_FULL : MNR_STORE_ERROR_READ_ONLY,
                     _("“%s” cannot be copied into the data folder: %s"),
                     display_name, g_strerror (errno));
        return NULL;
      }
    close (fd);
    temp = g_file_new_for_path (template);
  }

  temp_stream = g_file_open_readwrite (temp, cancellable, &local_error);
  if (temp_stream == NULL)
    goto io_fail;
  output = g_io_stream_get_output_stream (G_IO_STREAM (temp_stream));

  while ((n = g_input_stream_read (G_INPUT_STREAM (input), buffer, sizeof buffer,
                                   cancellable, &local_error)) > 0)
    {
      *size += n;
      if (*size > MNR_STORE_MAX_ATTACHMENT_SIZE)
        {
          g_file_delete (temp, NULL, NULL);
          g_set_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_TOO_LARGE,
                       _("“%s” is larger than %d MB, the limit for an attachment."),
                       display_name, MNR_STORE_MAX_ATTACHMENT_SIZE / (1024 * 1024));
          return NULL;
        }
      g_checksum_update (checksum, buffer, n);
      if (!g_output_stream_write_all (output, buffer, n, NULL, cancellable, &local_error))
        goto io_fail;
    }

  if (n < 0 ||
      !g_output_stream_flush (output, cancellable, &local_error) ||
      !g_io_stream_close (G_IO_STREAM (temp_stream), cancellable, &local_error))
    goto io_fail;

  *sha256 = g_strdup (g_checksum_get_string (checksum));
  return g_steal_pointer (&temp);

io_fail:
  g_file_delete (temp, NULL, NULL);
  g_set_error (error, MNR_STORE_ERROR,
               g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NO_SPACE)
                 ? MNR_STORE_ERROR_DISK_FULL : MNR_STORE_ERROR_FAILED,
               _("“%s” cannot be copied into the data folder: %s"),
               display_name, local_error != NULL ? local_error->message : "");
  return NULL;
}

/**
 * mnr_store_add_attachment:
 * @source: the file chosen by the user
 *
 * Copies @source into the store under its SHA-256, checks the copy against
 * the hash, and attaches it to the evidence.
 *
 * Returns: (transfer full) (nullable): the attachment
 */
MnrAttachment *
mnr_store_add_attachment (MnrStore      *self,
                          const char    *evidence_id,
                          GFile         *source,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autoptr(GFile) temp = NULL;
  g_autoptr(GFile) target = NULL;
  g_autoptr(GFile) parent = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(MnrEvidence) evidence = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *name = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *check = NULL;
  g_autoptr(GError) local_error = NULL;
  MnrAttachment *attachment;
  gint64 size = 0;
  const char *content_type = "";

  g_return_val_if_fail (MNR_IS_STORE (self), NULL);
  g_return_val_if_fail (G_IS_FILE (source), NULL);

  if (!mnr_store_ensure_open (self, error) ||
      !mnr_store_ensure_writable (self, _("attaching the file"), error))
    return NULL;

  if (!(evidence = mnr_store_get_evidence (self, evidence_id, error)))
    return NULL;

  basename = g_file_get_basename (source);
  name = mnr_store_sanitize_file_name (basename);

  info = g_file_query_info (source,
                            G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                            G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                            G_FILE_ATTRIBUTE_STANDARD_CONTENT_TYPE,
                            G_FILE_QUERY_INFO_NONE, cancellable, &local_error);
  if (info == NULL)
    {
      g_set_error (error, MNR_STORE_ERROR,
                   g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND)
                     ? MNR_STORE_ERROR_NOT_FOUND : MNR_STORE_ERROR_FAILED,
                   _("“%s” cannot be attached: %s"), name, local_error->message);
      return NULL;
    }

  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      mnr_store_invalid (error, _("“%s” is not a file that can be attached."), name);
      return NULL;
    }

  if (g_file_info_get_size (info) > MNR_STORE_MAX_ATTACHMENT_SIZE)
    {
      g_set_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_TOO_LARGE,
                   _("“%s” is larger than %d MB, the limit for an attachment."),
                   name, MNR_STORE_MAX_ATTACHMENT_SIZE / (1024 * 1024));
      return NULL;
    }

  if (g_file_info_get_content_type (info) != NULL)
    content_type = g_file_info_get_content_type (info);

  temp = copy_in (self, source, name, &sha256, &size, cancellable, error);
  if (temp == NULL)
    return NULL;

  /* The copy must hash as the original did while it was read. */
  check = hash_file (temp, cancellable, NULL);
  if (g_strcmp0 (check, sha256) != 0)
    {
      g_file_delete (temp, NULL, NULL);
      g_set_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_FAILED,
                   _("The copy of “%s” does not match the original; it was not attached."), name);
      return NULL;
    }

  target = mnr_store_attachment_file (self, sha256);
  parent = g_file_get_parent (target);
  g_file_make_directory_with_parents (parent, NULL, NULL);

  if (g_file_query_exists (target, NULL))
    g_file_delete (temp, NULL, NULL);  /* the same content is stored already */
  else if (!g_file_move (temp, target, G_FILE_COPY_NONE, cancellable, NULL, NULL, &local_error))
    {
      g_file_delete (temp, NULL, NULL);
      g_set_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_FAILED,
                   _("“%s” cannot be stored: %s"), name, local_error->message);
      return NULL;
    }

  attachment = g_new0 (MnrAttachment, 1);
  attachment->id = g_uuid_string_random ();
  attachment->evidence_id = g_strdup (evidence_id);
  attachment->sha256 = g_steal_pointer (&sha256);
  attachment->name = g_steal_pointer (&name);
  attachment->content_type = g_strdup (content_type);
  attachment->size = size;

  stmt = mnr_store_prepare (self->db,
                            "INSERT INTO attachments (id, evidence, sha256, name, content_type, size,"
                            " created_at, created_by, updated_by, sample)"
                            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8,"
                            " coalesce ((SELECT sample FROM evidence WHERE id = ?2), 0))",
                            _("attaching the file"), error);
  if (stmt == NULL)
    {
      mnr_attachment_free (attachment);
      return NULL;
    }

  mnr_store_bind_text (stmt, 1, attachment->id);
  mnr_store_bind_text (stmt, 2, attachment->evidence_id);
  mnr_store_bind_text (stmt, 3, attachment->sha256);
  mnr_store_bind_text (stmt, 4, attachment->name);
  mnr_store_bind_text (stmt, 5, attachment->content_type);
  sqlite3_bind_int64 (stmt, 6, attachment->size);
  sqlite3_bind_int64 (stmt, 7, g_get_real_time ());
  mnr_store_bind_text (stmt, 8, self->author);

  if (!mnr_store_step_done (stmt, self->db, _("attaching the file"), error))
    {
      mnr_attachment_free (attachment);
      return NULL;
    }

  mnr_store_note_change (self, "attachment", attachment->id, FALSE);
  return attachment;
}

/**
 * mnr_store_get_attachment_for_opening:
 * @sha256: the attachment's hash
 *
 * Attachments are stored under their hash, without a name. To open one
 * with the user's application, it is copied (once) to the cache under the
 * name it was attached with, so that application sees a proper file name
 * and type, and cannot change the stored original.
 *
 * Returns: (transfer full) (nullable): the copy to open
 */
GFile *
mnr_store_get_attachment_for_opening (MnrStore    *self,
                                      const char  *sha256,
                                      GError     **error)
{
  g_autoptr(GFile) stored = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GFile) copy = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *folder_path = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (MNR_IS_STORE (self), NULL);

  if (!(stored = mnr_store_get_attachment_file (self, sha256, error)) || !mnr_store_ensure_open (self, error))
    return NULL;

  stmt = mnr_store_prepare (self->db, "SELECT name FROM attachments WHERE sha256 = ?1 ORDER BY created_at LIMIT 1",
                            _("opening the attachment"), error);
  if (stmt == NULL)
    return NULL;
  mnr_store_bind_text (stmt, 1, sha256);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    name = mnr_store_sanitize_file_name ((const char *)sqlite3_column_text (stmt, 0));
  else
    name = g_strdup ("attachment");

  folder_path = g_build_filename (g_get_user_cache_dir (), "mnr-tracker", "open", sha256, NULL);
  folder = g_file_new_for_path (folder_path);
  copy = g_file_get_child (folder, name);

  if (g_file_query_exists (copy, NULL))
    return g_steal_pointer (&copy);

  if ((!g_file_make_directory_with_parents (folder, NULL, &local_error) &&
       !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS)) ||
      (g_clear_error (&local_error),
       !g_file_copy (stored, copy, G_FILE_COPY_NONE, NULL, NULL, NULL, &local_error)))
    {
      g_set_error (error, MNR_STORE_ERROR,
                   g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NO_SPACE)
                     ? MNR_STORE_ERROR_DISK_FULL : MNR_STORE_ERROR_FAILED,
                   _("“%s” could not be prepared for opening: %s"), name,
                   local_error != NULL ? local_error->message : "");
      return NULL;
    }

  return g_steal_pointer (&copy);
}

/**
 * mnr_store_list_attachments:
 *
 * Returns: (transfer container) (element-type MnrAttachment): the item's
 *   attachments, oldest first
 */
/* The attachments of a query of "id, evidence, sha256, name,
 * content_type, size". */
static GPtrArray *
read_attachments (MnrStore      *self,
                  sqlite3_stmt  *stmt,
                  GError       **error)
{
  g_autoptr(GPtrArray) attachments = g_ptr_array_new_with_free_func ((GDestroyNotify)mnr_attachment_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      MnrAttachment *attachment = g_new0 (MnrAttachment, 1);

      attachment->id = mnr_store_column_dup (stmt, 0);
      attachment->evidence_id = mnr_store_column_dup (stmt, 1);
      attachment->sha256 = mnr_store_column_dup (stmt, 2);
      attachment->name = mnr_store_column_dup (stmt, 3);
      attachment->content_type = mnr_store_column_dup (stmt, 4);
      attachment->size = sqlite3_column_int64 (stmt, 5);
      g_ptr_array_add (attachments, attachment);
    }

  if (rc != SQLITE_DONE)
    {
      mnr_store_sqlite_error (error, self->db, rc, _("listing the attachments"));
      return NULL;
    }

  return g_steal_pointer (&attachments);
}

GPtrArray *
mnr_store_list_attachments (MnrStore    *self,
                            const char  *evidence_id,
                            GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (MNR_IS_STORE (self), NULL);

  if (!mnr_store_ensure_open (self, error) ||
      !(stmt = mnr_store_prepare (self->db,
                                  "SELECT id, evidence, sha256, name, content_type, size FROM attachments"
                                  " WHERE evidence = ?1 AND deleted_at IS NULL ORDER BY created_at, id",
                                  _("listing the attachments"), error)))
    return NULL;

  mnr_store_bind_text (stmt, 1, evidence_id);
  return read_attachments (self, stmt, error);
}

/**
 * mnr_store_list_missing_files:
 *
 * The attachments whose file is not in the store yet: those that came
 * from the server, whose bytes are still to be downloaded
 * (docs/sync-protocol.md, section 7.7). One per file.
 *
 * Returns: (transfer container) (element-type MnrAttachment): the
 *   attachments, of removed evidence too
 */
GPtrArray *
mnr_store_list_missing_files (MnrStore  *self,
                              GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) attachments = NULL;

  g_return_val_if_fail (MNR_IS_STORE (self), NULL);

  if (!mnr_store_ensure_open (self, error) ||
      !(stmt = mnr_store_prepare (self->db,
                                  "SELECT min (id), min (evidence), sha256, min (name), min (content_type), max (size)"
                                  " FROM attachments WHERE deleted_at IS NULL GROUP BY sha256 ORDER BY min (created_at)",
                                  _("listing the attachments"), error)) ||
      !(attachments = read_attachments (self, stmt, error)))
    return NULL;

  for (guint i = attachments->len; i > 0; i--)
    {
      MnrAttachment *attachment = attachments->pdata[i - 1];
      g_autoptr(GFile) file = NULL;

      if (mnr_store_is_valid_sha256 (attachment->sha256))
        file = mnr_store_attachment_file (self, attachment->sha256);
      if (file == NULL || g_file_query_exists (file, NULL))
        g_ptr_array_remove_index (attachments, i - 1);
    }

  return g_steal_pointer (&attachments);
}

/**
 * mnr_store_create_incoming_file:
 * @stream: (out): where to write the bytes
 *
 * A new, empty private file inside the store, for the bytes of an
 * attachment on their way from the server; give it to
 * mnr_store_add_incoming_file() once complete, or delete it.
 *
 * Returns: (transfer full) (nullable): the file
 */
GFile *
mnr_store_create_incoming_file (MnrStore           *self,
                                GFileOutputStream **stream,
                                GError            **error)
{
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *name = g_strconcat (".incoming-", uuid, NULL);

  g_return_val_if_fail (MNR_IS_STORE (self), NULL);
  g_return_val_if_fail (stream != NULL, NULL);

  folder = g_file_get_child (self->directory, "attachments");
  file = g_file_get_child (folder, name);
  g_file_make_directory_with_parents (folder, NULL, NULL);
  *stream = g_file_create (file, G_FILE_CREATE_PRIVATE, NULL, &local_error);
  if (*stream == NULL)
    {
      g_set_error (error, MNR_STORE_ERROR,
                   g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NO_SPACE)
                     ? MNR_STORE_ERROR_DISK_FULL : MNR_STORE_ERROR_FAILED,
                   _("An attachment cannot be saved in the data folder: %s"), local_error->message);
      return NULL;
    }

  return g_steal_pointer (&file);
}

/**
 * mnr_store_add_incoming_file:
 * @file: from mnr_store_create_incoming_file(), complete and closed
 * @sha256: the hash the attachment record names
 *
 * Keeps @file as the stored bytes of @sha256 if it hashes to it; deletes
 * it in every case.
 *
 * Returns: %TRUE if the file is now in the store;
 *   %MNR_STORE_ERROR_INVALID when its bytes do not match the hash
 */
gboolean
mnr_store_add_incoming_file (MnrStore    *self,
                             GFile       *file,
                             const char  *sha256,
                             GError     **error)
{
  g_autoptr(GFile) target = NULL;
  g_autoptr(GFile) parent = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *check = NULL;

  g_return_val_if_fail (MNR_IS_STORE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (!mnr_store_is_valid_sha256 (sha256))
    {
      g_file_delete (file, NULL, NULL);
      return mnr_store_invalid (error, _("“%s” is not the name of an attachment."), sha256 != NULL ? sha256 : "");
    }

  check = hash_file (file, NULL, &local_error);
  if (g_strcmp0 (check, sha256) != 0)
    {
      g_file_delete (file, NULL, NULL);
      if (check == NULL)
        {
          g_set_error (error, MNR_STORE_ERROR, MNR_STORE_ERROR_FAILED,
                       _("A downloaded attachment cannot be read: %s"), local_error->message);
          return FALSE;
        }
      return mnr_store_invalid (error, _("The attachment from the server does not match its checksum; it was not kept."));
    }

  target = mnr_store_attachment_file (self, sha256);
  parent = g_file_get_parent (target);
  g_file_make_directory_with_parents (parent, NULL, NULL);

  if (g_file_query_exists (target, NULL))
    g_file_delete (file, NULL, NULL);  /* the same bytes are here already */
  else if (!g_file_move (file, target, G_FILE_COPY_NONE, NULL, NULL, NULL, &local_error))
    {
      g_file_delete (file, NULL, NULL);
      g_set_error (error, MNR_STORE_ERROR,
                   g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NO_SPACE)
                     ? MNR_STORE_ERROR_DISK_FULL : MNR_STORE_ERROR_FAILED,
                   _("A downloaded attachment cannot be stored: %s"), local_error->message);
      return FALSE;
    }

  return TRUE;
}
