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
