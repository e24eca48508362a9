/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-audit-log"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "mnr-audit-log.h"

/* The audit trail: DIR/audit.log, one JSON object a line (JSON Lines),
 * one line per accepted write, appended and never rewritten:
 *
 *   {"time":"2026-12-07T04:10:00.123Z","token":"ghana-office",
 *    "action":"update","type":"rating","id":"…","rev":3,"seq":41}
 *
 * "token" is the token's label from the tokens file, never the token or
 * its hash. A line is written once the write is committed and before its
 * answer is sent, with one write() and then fdatasync(): a client that
 * got an answer finds its write in the log. A crash between the commit
 * and the line leaves a committed write with no line, whose client got
 * no answer (docs/sync-protocol.md, section 5.10). If the line cannot be
 * written (a full disk), it is kept in memory and written, in order,
 * before the next line; the server's log says so.
 *
 * Refused writes are not accepted ones and have no line here; with
 * --verbose the server's log has every request's method, path and
 * status. Any thread may append or read: a mutex orders the appends. */

struct _MnrAuditLog
{
  char    *path;
  int      fd;       /* O_APPEND */
  GMutex   mutex;
  GString *pending;  /* lines not yet written */
};

MnrAuditLog *
mnr_audit_log_open (const char  *data_dir,
                    GError     **error)
{
  g_autofree char *path = g_build_filename (data_dir, MNR_AUDIT_LOG_NAME, NULL);
  MnrAuditLog *self;
  int fd = g_open (path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);

  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "cannot open %s: %s", path, g_strerror (saved_errno));
      return NULL;
    }

  self = g_new0 (MnrAuditLog, 1);
  self->path = g_steal_pointer (&path);
  self->fd = fd;
  self->pending = g_string_new (NULL);
  g_mutex_init (&self->mutex);
  return self;
}

/* Writes what is pending, as far as it goes; with the mutex held. */
static void
flush_pending (MnrAuditLog *self)
{
  gsize done = 0;

  while (done < self->pending->len)
    {
      gssize n = write (self->fd, self->pending->str + done, self->pending->len - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          g_message ("cannot append to %s: %s; %" G_GSIZE_FORMAT " bytes of it are kept"
                     " in memory until they can be", self->path, g_strerror (errno),
                     self->pending->len - done);
          break;
        }
      done += (gsize) n;
    }

  /* A short write leaves part of a line in the file, completed by the
   * next flush: lines stay whole and in order. */
  g_string_erase (self->pending, 0, (gssize) done);
  if (done > 0 && fdatasync (self->fd) != 0)
    g_message ("cannot sync %s: %s", self->path, g_strerror (errno));
}

void
mnr_audit_log_free (MnrAuditLog *self)
{
  if (self == NULL)
    return;

  g_mutex_lock (&self->mutex);
  flush_pending (self);
  if (self->pending->len > 0)
    g_warning ("%" G_GSIZE_FORMAT " bytes of %s could not be written", self->pending->len,
               self->path);
  g_mutex_unlock (&self->mutex);
  close (self->fd);
  g_string_free (self->pending, TRUE);
  g_mutex_clear (&self->mutex);
  g_free (self->path);
  g_free (self);
}

static void
append_line (GString             *out,
             const char          *time,
             const MnrAuditEntry *entry)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "time");
  json_builder_add_string_value (builder, time);
  json_builder_set_member_name (builder, "token");
  json_builder_add_string_value (builder, entry->label);
  json_builder_set_member_name (builder, "action");
  json_builder_add_string_value (builder, entry->action);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, entry->type);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, entry->id);
  if (entry->rev > 0)
    {
      json_builder_set_member_name (builder, "rev");
      json_builder_add_int_value (builder, entry->rev);
      json_builder_set_member_name (builder, "seq");
      json_builder_add_int_value (builder, entry->seq);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  g_string_append (out, text);
  g_string_append_c (out, '\n');
}

/* Appends one line per entry of @entries, in one write, and syncs. */
void
mnr_audit_log_append (MnrAuditLog         *self,
                      const MnrAuditEntry *entries,
                      guint                n_entries)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *time = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%fZ");

  g_return_if_fail (self != NULL);

  if (n_entries == 0)
    return;

  /* Milliseconds are enough: "…%S.123Z". */
  memmove (time + strlen ("2026-12-07T04:10:00.123"), "Z", 2);

  g_mutex_lock (&self->mutex);
  for (guint i = 0; i < n_entries; i++)
    append_line (self->pending, time, &entries[i]);
  flush_pending (self);
  g_mutex_unlock (&self->mutex);
}

/**
 * mnr_audit_log_read:
 * @since: how many lines to pass over
 *
 * Returns: (transfer full): a page of the log (section 5.10):
 *   `{"entries": [...], "next": <since + n>, "more": <bool>}`, the lines
 *   whole and written so far, or %NULL with @error
 */
JsonNode *
mnr_audit_log_read (MnrAuditLog  *self,
                    guint64       since,
                    guint         limit,
                    GError      **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (self->path);
  g_autoptr(GFileInputStream) input = g_file_read (file, NULL, error);
  g_autoptr(GDataInputStream) data = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint64 line_number = 0;
  guint n = 0;
  gboolean more = FALSE;

  if (input == NULL)
    return NULL;

  data = g_data_input_stream_new (G_INPUT_STREAM (input));
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "entries");
  json_builder_begin_array (builder);
  for (;;)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *line = NULL;
      gsize length = 0;
      JsonNode *node;

      line = g_data_input_stream_read_upto (data, "\n", 1, &length, NULL, &local_error);
      if (line == NULL && local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      /* The end, or a line still being written: not a line yet. */
      if (line == NULL || g_data_input_stream_read_byte (data, NULL, NULL) != '\n')
        break;

      if (line_number++ < since)
        continue;
      if (n == limit)
        {
          more = TRUE;
          break;
        }

      node = json_from_string (line, NULL);
      if (node == NULL)
        node = json_node_init_string (json_node_alloc (), line);
      json_builder_add_value (builder, node);
      n++;
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "next");
  json_builder_add_int_value (builder, (gint64) (since + n));
  json_builder_set_member_name (builder, "more");
  json_builder_add_boolean_value (builder, more);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
