/**
 * The read model's schema. Bump VIEW_SCHEMA_VERSION whenever it (or what a projection writes)
 * changes: at start a view with another version is dropped and rebuilt from the log.
 *
 * Every item version is kept with the range of positions in which it was live,
 * [from_pos, to_pos) — to_pos NULL for the current version — so "as of" is an indexed query
 * (DESIGN invariant 5). The current repository is the rows with to_pos IS NULL.
 */
export const VIEW_SCHEMA_VERSION = 10;

/**
 * The indexes of \`item_versions\` and \`refs\` the projection itself reads (to find an item's live
 * version, to replace its references). The others only serve queries: a bulk projection drops
 * them and builds them again at its end (see Projector).
 */
export const PROJECTION_INDEXES: readonly string[] = ['item_versions_key', 'item_versions_live'];

export const VIEW_SCHEMA = `
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE item_versions (
  item_id        TEXT    NOT NULL,
  version        INTEGER NOT NULL,
  from_pos       INTEGER NOT NULL,
  to_pos         INTEGER,
  type           TEXT    NOT NULL,
  name           TEXT    NOT NULL,
  folder_id      TEXT,
  description    TEXT    NOT NULL,
  comments       TEXT    NOT NULL,
  -- The content's JSON is kept once: where the log is the SQLite file beside this one, it is the
  -- bytes [content_at, content_at + content_len) of the data of the log's event at content_pos;
  -- otherwise (EventStoreDB, or data the projection cannot point into) it is content_inline.
  -- Read it through ViewDatabase.contentSql().
  content_inline TEXT,
  content_pos    INTEGER,
  content_at     INTEGER,
  content_len    INTEGER,
  content_hash   TEXT    NOT NULL,
  shape_complete INTEGER NOT NULL,
  created_by     TEXT    NOT NULL,
  created_at     TEXT    NOT NULL,
  last_edited_by TEXT    NOT NULL,
  last_edited_at TEXT    NOT NULL
);
-- A rowid table, not WITHOUT ROWID: rows carry kilobytes of content, so new versions append at
-- the end of the table and the indexes below hold only small keys.
CREATE UNIQUE INDEX item_versions_key ON item_versions (item_id, from_pos);
CREATE UNIQUE INDEX item_versions_live ON item_versions (item_id) WHERE to_pos IS NULL;
-- A folder's entries in the tree's order (type, name, id): without item_id, SQLite walked every
-- live folder of the repository by name to page one folder's subfolders (129 ms a page at a million items).
CREATE INDEX item_versions_live_folder ON item_versions (folder_id, type, name, item_id) WHERE to_pos IS NULL;
CREATE INDEX item_versions_live_type ON item_versions (type, name, item_id) WHERE to_pos IS NULL;
CREATE INDEX item_versions_range ON item_versions (from_pos, to_pos);
CREATE INDEX item_versions_ended ON item_versions (to_pos) WHERE to_pos IS NOT NULL;
CREATE INDEX item_versions_folder_range ON item_versions (folder_id, from_pos);
-- Lists as of a past position walk versions in name order and keep those live then.
CREATE INDEX item_versions_by_name ON item_versions (name, item_id);

-- Current references (SPEC §3 table): who points at whom.
CREATE TABLE refs (
  from_id TEXT NOT NULL,
  field   TEXT NOT NULL,
  to_id   TEXT NOT NULL,
  PRIMARY KEY (from_id, field, to_id)
) WITHOUT ROWID;
CREATE INDEX refs_to ON refs (to_id);

-- Position <-> time: one row per commit (its last position and time).
CREATE TABLE commits (
  position INTEGER PRIMARY KEY,
  at       TEXT NOT NULL,
  correlation_id TEXT NOT NULL,
  restore_id TEXT
);
CREATE INDEX commits_at ON commits (at, position);

CREATE TABLE item_files (
  item_id   TEXT NOT NULL,
  file_name TEXT NOT NULL,
  sha256    TEXT NOT NULL,
  size      INTEGER NOT NULL,
  PRIMARY KEY (item_id, file_name)
) WITHOUT ROWID;

CREATE TABLE item_passwords (
  item_id TEXT NOT NULL,
  list    TEXT NOT NULL,
  name    TEXT NOT NULL,
  PRIMARY KEY (item_id, list, name)
) WITHOUT ROWID;

CREATE TABLE users (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  role       TEXT NOT NULL,
  token_hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  deleted    INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX users_token ON users (token_hash) WHERE deleted = 0;
CREATE UNIQUE INDEX users_name ON users (name) WHERE deleted = 0;

-- Restore records (SPEC §5, §7): one row per restore, per-item outcomes apart.
CREATE TABLE restores (
  id          TEXT PRIMARY KEY,
  kind        TEXT NOT NULL,
  user_id     TEXT NOT NULL,
  user_name   TEXT NOT NULL,
  started_at  TEXT NOT NULL,
  finished_at TEXT,
  status      TEXT NOT NULL,
  dry_run     INTEGER NOT NULL,
  options     TEXT NOT NULL,
  files       TEXT NOT NULL,
  counts      TEXT NOT NULL,
  position    INTEGER,
  error       TEXT
);
CREATE INDEX restores_started ON restores (started_at, id);
CREATE INDEX restores_user ON restores (user_id, started_at);

CREATE TABLE restore_items (
  restore_id TEXT NOT NULL,
  seq        INTEGER NOT NULL,
  status     TEXT NOT NULL,
  item       TEXT NOT NULL,
  PRIMARY KEY (restore_id, seq)
) WITHOUT ROWID;
`;
