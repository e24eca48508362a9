/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "mnr-tokens"

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "mnr-ids.h"
#include "mnr-record-type.h"
#include "mnr-tokens.h"

/* The tokens file holds SHA-256 hashes of tokens, never tokens:
 *
 *   # comment
 *   <sha256-hex-of-token> writer <CC,CC,...>
 *   <sha256-hex-of-token> reader <CC,group:<id>,...>
 *   <sha256-hex-of-token> secretariat
 *
 * Any line may end with label=NAME (letters, digits and "._@-", at most
 * 64): who holds the token, as the audit log names them.
 *
 * A presented token is hashed and looked up; the token itself is never
 * kept, logged or echoed. */

struct _MnrTokens
{
  GObject     parent_instance;

  GHashTable *entries; /* owned: sha256 hex → MnrTokenEntry */
};

G_DEFINE_FINAL_TYPE (MnrTokens, mnr_tokens, G_TYPE_OBJECT)

static void
token_entry_free (MnrTokenEntry *entry)
{
  g_strfreev (entry->countries);
  g_strfreev (entry->groups);
  g_free (entry->label);
  g_free (entry);
}

static void
mnr_tokens_finalize (GObject *object)
{
  MnrTokens *self = MNR_TOKENS (object);

  g_clear_pointer (&self->entries, g_hash_table_unref);

  G_OBJECT_CLASS (mnr_tokens_parent_class)->finalize (object);
}

static void
mnr_tokens_class_init (MnrTokensClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mnr_tokens_finalize;
}

static void
mnr_tokens_init (MnrTokens *self)
{
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) token_entry_free);
}

/* The third field: a writer's countries, a reader's countries and
 * "group:<id>" items; nothing for the secretariat. */
static gboolean
parse_scope (MnrTokenEntry  *entry,
             const char     *path,
             guint           line_number,
             const char     *list,
             GError        **error)
{
  g_autoptr(GStrvBuilder) countries = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) groups = g_strv_builder_new ();
  g_auto(GStrv) items = list != NULL ? g_strsplit (list, ",", -1) : g_new0 (char *, 1);

  for (guint i = 0; items[i] != NULL; i++)
    {
      const char *item = items[i];

      if (g_str_has_prefix (item, "group:") && entry->role == MNR_ROLE_READER)
        {
          if (!mnr_record_type_is_group_id (item + strlen ("group:")))
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "%s:%u: \"%s\" does not name a group (group:<slug> or group:<uuid>)",
                           path, line_number, item);
              return FALSE;
            }
          g_strv_builder_add (groups, item + strlen ("group:"));
        }
      else if (mnr_id_is_country_code (item))
        g_strv_builder_add (countries, item);
      else
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       entry->role == MNR_ROLE_READER
                       ? "%s:%u: \"%s\" is neither an upper-case ISO 3166-1 alpha-2 code nor group:<id>"
                       : "%s:%u: \"%s\" is not an upper-case ISO 3166-1 alpha-2 code",
                       path, line_number, item);
          return FALSE;
        }
    }

  entry->countries = g_strv_builder_end (countries);
  entry->groups = g_strv_builder_end (groups);
  return TRUE;
}

static gboolean
is_label (const char *label)
{
  gsize length = strlen (label);

  if (length == 0 || length > 64)
    return FALSE;
  for (const char *p = label; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("._@-", *p) == NULL)
      return FALSE;
  return TRUE;
}

static gboolean
parse_line (MnrTokens   *self,
            const char  *path,
            guint        line_number,
            const char  *line,
            GError     **error)
{
  g_auto(GStrv) raw = g_strsplit_set (line, " \t", -1);
  g_autoptr(GPtrArray) fields = g_ptr_array_new ();
  g_autofree char *hash = NULL;
  MnrTokenEntry *entry;
  const char *label = NULL;
  MnrRole role;

  for (guint i = 0; raw[i] != NULL; i++)
    if (raw[i][0] != '\0')
      g_ptr_array_add (fields, raw[i]);

  if (fields->len > 2 && g_str_has_prefix (g_ptr_array_index (fields, fields->len - 1), "label="))
    {
      label = (const char *) g_ptr_array_index (fields, fields->len - 1) + strlen ("label=");
      g_ptr_array_remove_index (fields, fields->len - 1);
      if (!is_label (label))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "%s:%u: a label is 1 to 64 letters, digits and \"._@-\"",
                       path, line_number);
          return FALSE;
        }
    }

  if (fields->len < 2 || fields->len > 3)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s:%u: expected \"<sha256-hex> <role> [<CC,CC,...>]\"",
                   path, line_number);
      return FALSE;
    }

  hash = g_ascii_strdown (g_ptr_array_index (fields, 0), -1);
  if (!mnr_id_is_sha256 (hash))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s:%u: the first field must be the SHA-256 of the token (64 hex digits)",
                   path, line_number);
      return FALSE;
    }

  if (g_str_equal (g_ptr_array_index (fields, 1), "reader"))
    role = MNR_ROLE_READER;
  else if (g_str_equal (g_ptr_array_index (fields, 1), "writer"))
    role = MNR_ROLE_WRITER;
  else if (g_str_equal (g_ptr_array_index (fields, 1), "secretariat"))
    role = MNR_ROLE_SECRETARIAT;
  else
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s:%u: unknown role \"%s\" (expected reader, writer or secretariat)",
                   path, line_number, (const char *) g_ptr_array_index (fields, 1));
      return FALSE;
    }

  if (role != MNR_ROLE_SECRETARIAT && fields->len != 3)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   role == MNR_ROLE_WRITER
                   ? "%s:%u: a writer needs a list of countries (e.g. PH,VN)"
                   : "%s:%u: a reader needs a scope: countries and/or groups (e.g. PH,group:asean)",
                   path, line_number);
      return FALSE;
    }
  if (role == MNR_ROLE_SECRETARIAT && fields->len != 2)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s:%u: the secretariat reads and writes everything: it takes no list",
                   path, line_number);
      return FALSE;
    }

  if (g_hash_table_contains (self->entries, hash))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s:%u: this token hash is already listed", path, line_number);
      return FALSE;
    }

  entry = g_new0 (MnrTokenEntry, 1);
  entry->role = role;
  if (!parse_scope (entry, path, line_number,
                    fields->len == 3 ? g_ptr_array_index (fields, 2) : NULL, error))
    {
      token_entry_free (entry);
      return FALSE;
    }

  entry->label = label != NULL ? g_strdup (label)
                 : fields->len == 3 ? g_strdup_printf ("%s %s", (const char *) g_ptr_array_index (fields, 1),
                                                       (const char *) g_ptr_array_index (fields, 2))
                                    : g_strdup (g_ptr_array_index (fields, 1));
  g_hash_table_insert (self->entries, g_steal_pointer (&hash), entry);
  return TRUE;
}

MnrTokens *
mnr_tokens_load (const char  *path,
                 GError     **error)
{
  g_autoptr(MnrTokens) self = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &contents, NULL, &local_error))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "cannot read the tokens file: %s", local_error->message);
      return NULL;
    }

  if (!g_utf8_validate (contents, -1, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s: not UTF-8 text", path);
      return NULL;
    }

  self = g_object_new (MNR_TYPE_TOKENS, NULL);
  lines = g_strsplit (contents, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strstrip (lines[i]);
      if (lines[i][0] == '\0' || lines[i][0] == '#')
        continue;
      if (!parse_line (self, path, i + 1, lines[i], error))
        return NULL;
    }

  if (g_hash_table_size (self->entries) == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s: no tokens are listed", path);
      return NULL;
    }

  return g_steal_pointer (&self);
}

const MnrTokenEntry *
mnr_tokens_lookup (MnrTokens  *self,
                   const char *token)
{
  g_autofree char *hash = NULL;

  g_return_val_if_fail (MNR_IS_TOKENS (self), NULL);

  if (token == NULL || token[0] == '\0')
    return NULL;

  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
  return g_hash_table_lookup (self->entries, hash);
}

guint
mnr_tokens_get_n_tokens (MnrTokens *self)
{
  g_return_val_if_fail (MNR_IS_TOKENS (self), 0);

  return g_hash_table_size (self->entries);
}

/* Whether @entry may write a record of @type in @country (NULL for
 * groups). For an update the caller asks for the old and the new country. */
gboolean
mnr_token_entry_may_write (const MnrTokenEntry *entry,
                           const char          *type,
                           const char          *country)
{
  const MnrRecordType *record_type;

  g_return_val_if_fail (entry != NULL, FALSE);

  switch (entry->role)
    {
    case MNR_ROLE_SECRETARIAT:
      return TRUE;

    case MNR_ROLE_WRITER:
      /* A writer writes its countries' records; no one's but the
       * secretariat's are shared ones (section 3.4). */
      record_type = mnr_record_type_lookup (type);
      if (record_type == NULL || record_type->scope != MNR_RECORD_SCOPE_COUNTRY || country == NULL)
        return FALSE;
      return g_strv_contains ((const char * const *) entry->countries, country);

    case MNR_ROLE_READER:
    default:
      return FALSE;
    }
}

gboolean
mnr_token_entry_may_upload (const MnrTokenEntry *entry)
{
  g_return_val_if_fail (entry != NULL, FALSE);

  return entry->role == MNR_ROLE_WRITER || entry->role == MNR_ROLE_SECRETARIAT;
}

/* Whether @entry reads @country's records in full: all but restricted
 * evidence and its attachments, which mnr_token_entry_reads_restricted()
 * tells (section 3.5). */
gboolean
mnr_token_entry_reads_country (const MnrTokenEntry *entry,
                               const char          *country)
{
  g_return_val_if_fail (entry != NULL, FALSE);

  if (entry->role == MNR_ROLE_SECRETARIAT)
    return TRUE;

  return country != NULL && g_strv_contains ((const char * const *) entry->countries, country);
}

/* Whether @entry reads @country's restricted evidence: its writers and
 * the secretariat only. */
gboolean
mnr_token_entry_reads_restricted (const MnrTokenEntry *entry,
                                  const char          *country)
{
  g_return_val_if_fail (entry != NULL, FALSE);

  if (entry->role == MNR_ROLE_SECRETARIAT)
    return TRUE;

  return entry->role == MNR_ROLE_WRITER && mnr_token_entry_reads_country (entry, country);
}
