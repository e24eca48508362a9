/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The store's SQL schema, by version. Every version ever released stays
 * here, with the migration from the one before, so that any store a user
 * has can be brought up to date. Never edit a released version: add one. */

/* Version 1: the first store (countries, rounds, ratings, evidence). */
#define MNR_STORE_SCHEMA_V1 \
  "CREATE TABLE countries (code TEXT PRIMARY KEY, added_at INTEGER NOT NULL);" \
  "CREATE TABLE rounds (id TEXT PRIMARY KEY," \
  "  country TEXT NOT NULL REFERENCES countries (code) ON DELETE CASCADE," \
  "  name TEXT NOT NULL, date TEXT NOT NULL, created_at INTEGER NOT NULL);" \
  "CREATE TABLE ratings (id TEXT PRIMARY KEY," \
  "  round TEXT NOT NULL REFERENCES rounds (id) ON DELETE CASCADE," \
  "  element TEXT NOT NULL, level TEXT NOT NULL, rationale TEXT NOT NULL DEFAULT ''," \
  "  updated_at INTEGER NOT NULL, UNIQUE (round, element));" \
  "CREATE TABLE evidence (id TEXT PRIMARY KEY," \
  "  country TEXT NOT NULL REFERENCES countries (code) ON DELETE CASCADE," \
  "  title TEXT NOT NULL, kind TEXT NOT NULL, date TEXT, source TEXT, summary TEXT," \
  "  updated_at INTEGER NOT NULL);" \
  "CREATE TABLE evidence_links (" \
  "  evidence TEXT NOT NULL REFERENCES evidence (id) ON DELETE CASCADE," \
  "  element TEXT NOT NULL, PRIMARY KEY (evidence, element));"

/* What version 2 adds to version 1: authors and creation times on every
 * record, sensitivity and undoable removal of evidence, the history of
 * ratings, attachments, user-defined groups and full-text search. */
#define MNR_STORE_SCHEMA_V2_ADDITIONS \
  "CREATE TABLE rating_history (seq INTEGER PRIMARY KEY AUTOINCREMENT," \
  "  rating TEXT NOT NULL, round TEXT NOT NULL, element TEXT NOT NULL," \
  "  level TEXT NOT NULL, rationale TEXT NOT NULL," \
  "  changed_at INTEGER NOT NULL, changed_by TEXT NOT NULL);" \
  "CREATE INDEX rating_history_rating ON rating_history (rating, seq);" \
  "CREATE TABLE attachments (id TEXT PRIMARY KEY," \
  "  evidence TEXT NOT NULL REFERENCES evidence (id) ON DELETE CASCADE," \
  "  sha256 TEXT NOT NULL CHECK (length (sha256) = 64)," \
  "  name TEXT NOT NULL, content_type TEXT NOT NULL DEFAULT ''," \
  "  size INTEGER NOT NULL, created_at INTEGER NOT NULL, created_by TEXT NOT NULL DEFAULT '');" \
  "CREATE INDEX attachments_evidence ON attachments (evidence);" \
  "CREATE TABLE groups (id TEXT PRIMARY KEY, name TEXT NOT NULL," \
  "  short_name TEXT NOT NULL DEFAULT '', created_at INTEGER NOT NULL," \
  "  updated_at INTEGER NOT NULL);" \
  "CREATE TABLE group_members (" \
  "  grp TEXT NOT NULL REFERENCES groups (id) ON DELETE CASCADE," \
  "  country TEXT NOT NULL, PRIMARY KEY (grp, country));" \
  "CREATE INDEX evidence_country ON evidence (country, deleted_at);" \
  "CREATE INDEX evidence_links_element ON evidence_links (element);" \
  "CREATE INDEX ratings_round ON ratings (round);" \
  "CREATE VIRTUAL TABLE evidence_fts USING fts5 (title, summary, source, country," \
  "  content = 'evidence', content_rowid = 'rowid'," \
  "  tokenize = 'unicode61 remove_diacritics 2');" \
  "CREATE TRIGGER evidence_fts_insert AFTER INSERT ON evidence BEGIN" \
  "  INSERT INTO evidence_fts (rowid, title, summary, source, country)" \
  "  VALUES (new.rowid, new.title, new.summary, new.source, new.country); END;" \
  "CREATE TRIGGER evidence_fts_delete AFTER DELETE ON evidence BEGIN" \
  "  INSERT INTO evidence_fts (evidence_fts, rowid, title, summary, source, country)" \
  "  VALUES ('delete', old.rowid, old.title, old.summary, old.source, old.country); END;" \
  "CREATE TRIGGER evidence_fts_update AFTER UPDATE OF title, summary, source ON evidence BEGIN" \
  "  INSERT INTO evidence_fts (evidence_fts, rowid, title, summary, source, country)" \
  "  VALUES ('delete', old.rowid, old.title, old.summary, old.source, old.country);" \
  "  INSERT INTO evidence_fts (rowid, title, summary, source, country)" \
  "  VALUES (new.rowid, new.title, new.summary, new.source, new.country); END;"

/* Version 1 → 2: new columns with defaults, then the additions. */
#define MNR_STORE_MIGRATE_1_TO_2 \
  "ALTER TABLE countries ADD COLUMN added_by TEXT NOT NULL DEFAULT '';" \
  "ALTER TABLE rounds ADD COLUMN created_by TEXT NOT NULL DEFAULT '';" \
  "ALTER TABLE rounds ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;" \
  "ALTER TABLE rounds ADD COLUMN updated_by TEXT NOT NULL DEFAULT '';" \
  "UPDATE rounds SET updated_at = created_at;" \
  "ALTER TABLE ratings ADD COLUMN created_at INTEGER NOT NULL DEFAULT 0;" \
  "ALTER TABLE ratings ADD COLUMN created_by TEXT NOT NULL DEFAULT '';" \
  "ALTER TABLE ratings ADD COLUMN updated_by TEXT NOT NULL DEFAULT '';" \
  "UPDATE ratings SET created_at = updated_at;" \
  "UPDATE evidence SET date = coalesce (date, ''), source = coalesce (source, '')," \
  "  summary = coalesce (summary, '');" \
  "ALTER TABLE evidence ADD COLUMN restricted INTEGER NOT NULL DEFAULT 0;" \
  "ALTER TABLE evidence ADD COLUMN created_at INTEGER NOT NULL DEFAULT 0;" \
  "ALTER TABLE evidence ADD COLUMN created_by TEXT NOT NULL DEFAULT '';" \
  "ALTER TABLE evidence ADD COLUMN updated_by TEXT NOT NULL DEFAULT '';" \
  "ALTER TABLE evidence ADD COLUMN deleted_at INTEGER;" \
  "UPDATE evidence SET created_at = updated_at;" \
  MNR_STORE_SCHEMA_V2_ADDITIONS \
  "INSERT INTO evidence_fts (evidence_fts) VALUES ('rebuild');" \
  "INSERT INTO rating_history (rating, round, element, level, rationale, changed_at, changed_by)" \
  "  SELECT id, round, element, level, rationale, updated_at, '' FROM ratings;"

/* Version 2 → 3: what sync needs. Every synced record gets revision
 * counters: server_rev, the server's rev last seen (0: never on the
 * server); local_rev, +1 on every local change; synced_rev, the local_rev
 * the server last accepted. A record is dirty (in the outbox) while
 * local_rev > synced_rev, so every existing record starts dirty. Records
 * become tombstones instead of going (deleted_at), updated_by is kept for
 * every type, and data_extra keeps, as a JSON object, the members of a
 * record's protocol `data` this version does not know, so that they go
 * back to the server unchanged. sync_state holds the feed cursor and the
 * endpoint; conflicts, both versions (protocol envelopes) of a record
 * changed on both sides, until a person decides. */
#define MNR_STORE_SYNC_COLUMNS(table) \
  "ALTER TABLE " table " ADD COLUMN server_rev INTEGER NOT NULL DEFAULT 0;" \
  "ALTER TABLE " table " ADD COLUMN local_rev INTEGER NOT NULL DEFAULT 1;" \
  "ALTER TABLE " table " ADD COLUMN synced_rev INTEGER NOT NULL DEFAULT 0;" \
  "ALTER TABLE " table " ADD COLUMN data_extra TEXT;"

#define MNR_STORE_MIGRATE_2_TO_3 \
  MNR_STORE_SYNC_COLUMNS ("rounds") \
  MNR_STORE_SYNC_COLUMNS ("ratings") \
  MNR_STORE_SYNC_COLUMNS ("evidence") \
  MNR_STORE_SYNC_COLUMNS ("attachments") \
  MNR_STORE_SYNC_COLUMNS ("groups") \
  "ALTER TABLE rounds ADD COLUMN deleted_at INTEGER;" \
  "ALTER TABLE ratings ADD COLUMN deleted_at INTEGER;" \
  "ALTER TABLE attachments ADD COLUMN deleted_at INTEGER;" \
  "ALTER TABLE attachments ADD COLUMN updated_by TEXT NOT NULL DEFAULT '';" \
  "UPDATE attachments SET updated_by = created_by;" \
  "ALTER TABLE groups ADD COLUMN deleted_at INTEGER;" \
  "ALTER TABLE groups ADD COLUMN updated_by TEXT NOT NULL DEFAULT '';" \
  "CREATE INDEX rounds_dirty ON rounds (local_rev > synced_rev);" \
  "CREATE INDEX ratings_dirty ON ratings (local_rev > synced_rev);" \
  "CREATE INDEX evidence_dirty ON evidence (local_rev > synced_rev);" \
  "CREATE INDEX attachments_dirty ON attachments (local_rev > synced_rev);" \
  "CREATE INDEX groups_dirty ON groups (local_rev > synced_rev);" \
  "CREATE TABLE sync_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);" \
  "CREATE TABLE conflicts (type TEXT NOT NULL, id TEXT NOT NULL," \
  "  local TEXT NOT NULL, remote TEXT NOT NULL, detected_at INTEGER NOT NULL," \
  "  PRIMARY KEY (type, id));"

/* Version 3 → 4: three-way merges (docs/sync-protocol.md, section 7.5).
 * sync_base keeps, for a record changed here since it was last in step
 * with the server, the server's version it started from (an envelope), so
 * that members changed on one side only merge without asking a person;
 * a conflict keeps that base too, to show who changed what. sync_waiting
 * keeps records pulled before the round or evidence they belong to, so
 * that the feed's cursor can move on; they are applied once it came. */
#define MNR_STORE_MIGRATE_3_TO_4 \
  "CREATE TABLE sync_base (type TEXT NOT NULL, id TEXT NOT NULL, record TEXT NOT NULL," \
  "  PRIMARY KEY (type, id));" \
  "ALTER TABLE conflicts ADD COLUMN base TEXT;" \
  "CREATE TABLE sync_waiting (type TEXT NOT NULL, id TEXT NOT NULL, rev INTEGER NOT NULL," \
  "  record TEXT NOT NULL, PRIMARY KEY (type, id));"

/* Version 4 → 5: sample data. The working examples of the 2018 booklet
 * (and anything else loaded as an example) are marked, so that they never
 * enter the outbox: they are not the country's evidence. The one way a
 * sample record reaches the server is as the removal of one an older
 * version had already pushed (server_rev > 0). */
#define MNR_STORE_SAMPLE_COLUMN(table) \
  "ALTER TABLE " table " ADD COLUMN sample INTEGER NOT NULL DEFAULT 0;"

#define MNR_STORE_MIGRATE_4_TO_5 \
  MNR_STORE_SAMPLE_COLUMN ("rounds") \
  MNR_STORE_SAMPLE_COLUMN ("ratings") \
  MNR_STORE_SAMPLE_COLUMN ("evidence") \
  MNR_STORE_SAMPLE_COLUMN ("attachments") \
  MNR_STORE_SAMPLE_COLUMN ("groups")

/* Version 5 → 6: record types this version does not know. A newer
 * server's changes feed may carry them (docs/sync-protocol.md, section
 * 2.4); they are kept here whole, as they came, so that the version that
 * knows their type applies them without pulling the feed again. */
#define MNR_STORE_MIGRATE_5_TO_6 \
  "CREATE TABLE sync_unknown (type TEXT NOT NULL, id TEXT NOT NULL, rev INTEGER NOT NULL," \
  "  envelope TEXT NOT NULL, PRIMARY KEY (type, id));"

/* Version 6 → 7: consent. The groups a round is shared with (its
 * `shared_with`, docs/sync-protocol.md, section 3.5): a group's readers on
 * the server see the round and its ratings only once its country's
 * writers shared it. A group is a bundled group's slug or a group
 * record's id; neither is a foreign key, since a bundled group has no row. */
#define MNR_STORE_MIGRATE_6_TO_7 \
  "CREATE TABLE round_shares (" \
  "  round TEXT NOT NULL REFERENCES rounds (id) ON DELETE CASCADE," \
  "  grp TEXT NOT NULL, PRIMARY KEY (round, grp));"

/* Version 7 → 8: a committee's meetings, the notes and decisions they
 * record against agenda items, and action items (MNR capability 1). An
 * agenda keeps its order. The columns every synced table has come first
 * in each. */
#define MNR_STORE_RECORD_COLUMNS \
  "  created_at INTEGER NOT NULL, created_by TEXT NOT NULL DEFAULT ''," \
  "  updated_at INTEGER NOT NULL, updated_by TEXT NOT NULL DEFAULT '', deleted_at INTEGER," \
  "  server_rev INTEGER NOT NULL DEFAULT 0, local_rev INTEGER NOT NULL DEFAULT 1," \
  "  synced_rev INTEGER NOT NULL DEFAULT 0, data_extra TEXT, sample INTEGER NOT NULL DEFAULT 0"

#define MNR_STORE_MIGRATE_7_TO_8 \
  "CREATE TABLE meetings (id TEXT PRIMARY KEY," \
  "  country TEXT NOT NULL REFERENCES countries (code) ON DELETE CASCADE," \
  "  title TEXT NOT NULL, date TEXT NOT NULL, place TEXT NOT NULL DEFAULT ''," \
  "  attendees TEXT NOT NULL DEFAULT '', apologies TEXT NOT NULL DEFAULT ''," \
  "  agenda_kind TEXT NOT NULL DEFAULT 'items'," \
  MNR_STORE_RECORD_COLUMNS ");" \
  "CREATE INDEX meetings_country ON meetings (country, date);" \
  "CREATE INDEX meetings_dirty ON meetings (local_rev > synced_rev);" \
  "CREATE TABLE meeting_agenda (" \
  "  meeting TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE," \
  "  element TEXT NOT NULL, position INTEGER NOT NULL, PRIMARY KEY (meeting, element));" \
  "CREATE TABLE minutes (id TEXT PRIMARY KEY," \
  "  meeting TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE," \
  "  kind TEXT NOT NULL, text TEXT NOT NULL DEFAULT '', level TEXT NOT NULL DEFAULT ''," \
  "  element TEXT NOT NULL DEFAULT ''," \
  MNR_STORE_RECORD_COLUMNS ");" \
  "CREATE INDEX minutes_meeting ON minutes (meeting);" \
  "CREATE INDEX minutes_dirty ON minutes (local_rev > synced_rev);" \
  "CREATE TABLE actions (id TEXT PRIMARY KEY," \
  "  country TEXT NOT NULL REFERENCES countries (code) ON DELETE CASCADE," \
  "  description TEXT NOT NULL, owner TEXT NOT NULL DEFAULT '', due TEXT NOT NULL DEFAULT ''," \
  "  status TEXT NOT NULL DEFAULT 'open', element TEXT NOT NULL, meeting TEXT NOT NULL DEFAULT ''," \
  MNR_STORE_RECORD_COLUMNS ");" \
  "CREATE INDEX actions_country ON actions (country, element);" \
  "CREATE INDEX actions_dirty ON actions (local_rev > synced_rev);"

/* What version 9 adds: a rating's review status. A level is proposed
 * until a meeting agrees it (the meeting in agreed_in); every rating of
 * an older store is proposed, for no meeting has agreed it here. */
#define MNR_STORE_MIGRATE_8_TO_9 \
  "ALTER TABLE ratings ADD COLUMN review TEXT NOT NULL DEFAULT 'proposed';" \
  "ALTER TABLE ratings ADD COLUMN agreed_in TEXT NOT NULL DEFAULT '';"

/* What version 10 adds: for each record a bundle brought, the version it
 * brought, the base of the next bundle's three-way merge (kept apart from
 * the server's base, which sync merges against). */
#define MNR_STORE_MIGRATE_9_TO_10 \
  "CREATE TABLE bundle_bases (type TEXT NOT NULL, id TEXT NOT NULL, record TEXT NOT NULL," \
  "  PRIMARY KEY (type, id));"

/* What version 11 adds: what the push sent of each record of the outbox
 * and has not seen confirmed, the local_rev and the digest of its content
 * (mnr_sync_record_content_digest()), so that a 412 whose current is one
 * of them (a write the server committed but whose answer was lost, edited
 * again since) is taken as the client's own write, not as a conflict
 * (docs/sync-protocol.md, section 7.5, rule 1). Forgotten with the base
 * once the record is in step with the server again. */
#define MNR_STORE_MIGRATE_10_TO_11 \
  "CREATE TABLE sync_sent (type TEXT NOT NULL, id TEXT NOT NULL, local_rev INTEGER NOT NULL," \
  "  digest TEXT NOT NULL, PRIMARY KEY (type, id, local_rev));"
