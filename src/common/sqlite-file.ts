import Database from 'better-sqlite3';

/**
 * Page size of the SQLite files Strata creates. Items are kilobytes of JSON each: with SQLite's
 * default 4 KiB pages most rows spill into overflow pages and a big batch is written a page (and a
 * system call) at a time; 64 KiB pages hold a dozen items each (measured: docs/decisions/0008).
 * A file keeps the page size it was created with.
 */
export const PAGE_SIZE = 65_536;

/**
 * How a file is kept:
 * - `durable`: WAL, synced at checkpoints — the log and the read model (readers go on while one
 *   connection writes);
 * - `scratch`: the rollback journal in memory and no syncs — working files that die with their
 *   task (staged batches, restore scratch files). A transaction there still rolls back; a crash
 *   leaves garbage that is deleted at start. (`journal_mode = OFF` would not take: better-sqlite3
 *   opens connections in SQLite's defensive mode, which ignores it.)
 */
export type SqliteFileKind = 'durable' | 'scratch';

/**
 * The size a WAL file is cut back to when a checkpoint has copied all of it and the next write
 * starts it again. Without it the WAL keeps the size of the biggest transaction it ever held: a
 * full restore of a million items left a 7 GB events.db-wal beside a 7 GB events.db.
 */
export const WAL_SIZE_LIMIT = 64 * 2 ** 20;

/** Opens (creating it if need be) a SQLite file of this kind. */
export function openSqliteFile(file: string, kind: SqliteFileKind): Database.Database {
  const db = new Database(file);
  try {
    keepAs(db, 'main', kind, PAGE_SIZE);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Attaches (creating it if need be) a scratch file to `db` as `schema`, kept as openSqliteFile
 * keeps one but with pages of `pageSize` bytes: for tables of small rows written at random places.
 */
export function attachScratchFile(db: Database.Database, file: string, schema: string, pageSize: number): void {
  db.prepare(`ATTACH DATABASE ? AS ${schema}`).run(file);
  keepAs(db, schema, 'scratch', pageSize);
}

function keepAs(db: Database.Database, schema: string, kind: SqliteFileKind, pageSize: number): void {
  db.pragma(`${schema}.page_size = ${pageSize}`); // no effect on a file that has pages already
  db.pragma(`${schema}.journal_mode = ${kind === 'durable' ? 'WAL' : 'MEMORY'}`);
  db.pragma(`${schema}.synchronous = ${kind === 'durable' ? 'NORMAL' : 'OFF'}`);
  if (kind === 'durable') db.pragma(`${schema}.journal_size_limit = ${WAL_SIZE_LIMIT}`);
}

/**
 * Copies the WAL into the database and truncates it to nothing, without waiting for readers: a
 * reader still using it makes the checkpoint stop short (the file is then cut back to
 * WAL_SIZE_LIMIT when a later write starts it again).
 */
export function trimWal(db: Database.Database): void {
  const timeout = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 0');
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.pragma(`busy_timeout = ${timeout}`);
  }
}
