import Database from 'better-sqlite3';

/**
 * Page size of the SQLite files Strata creates. Items are kilobytes of JSON each: with SQLite's
 * default 4 KiB pages most rows spill into overflow pages and a big batch is written a page (and a
 * system call) at a time; 64 KiB pages hold a dozen items each and cut the CPU a 100,000-item
 * restore spends by about a tenth (bench, 2026-11-27). A file keeps the page size it was created with.
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

/** Opens (creating it if need be) a SQLite file of this kind. */
export function openSqliteFile(file: string, kind: SqliteFileKind): Database.Database {
  const db = new Database(file);
  try {
    db.pragma(`page_size = ${PAGE_SIZE}`); // no effect on a file that has pages already
    db.pragma(kind === 'durable' ? 'journal_mode = WAL' : 'journal_mode = MEMORY');
    db.pragma(kind === 'durable' ? 'synchronous = NORMAL' : 'synchronous = OFF');
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
