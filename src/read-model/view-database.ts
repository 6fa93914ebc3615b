import Database from 'better-sqlite3';
import fs from 'node:fs';
import { openSqliteFile, trimWal } from '../common/sqlite-file';
import { PROJECTION_INDEXES, VIEW_SCHEMA, VIEW_SCHEMA_VERSION } from './view-schema';

/** The schema the log is attached as. */
const LOG_SCHEMA = 'log';

/** Page cache of the query connection, and of the projector's, in KiB. */
const CACHE_KIB = 16 << 10;
const WRITER_CACHE_KIB = 32 << 10;
/**
 * The projector's page cache while it projects in bulk (see Projector): with the query indexes
 * dropped, it writes the table's end and two indexes only, and half the cache was as fast while the
 * service's peak fell by 30–40 MB (100,000-item item restore: 349–362 MB against 389–397).
 */
const BULK_WRITER_CACHE_KIB = 16 << 10;

/**
 * The read model's SQLite file (`view.db` in the data dir). It holds nothing the log does not:
 * delete it and it is rebuilt. Opening it with another schema version starts it afresh.
 *
 * With the log in a SQLite file beside it (`logFile`), every connection attaches the log as
 * `log`, and item contents are not copied into the view: a version points at the bytes of the
 * event that holds them (see `contentSql`), so the data dir holds each content once.
 */
export class ViewDatabase {
  /** For queries: it sees committed projections only. */
  readonly db: Database.Database;
  /**
   * The projector's own connection. Its transactions may span several pages of events with the
   * event loop turning in between; queries on `db` meanwhile see the view as last committed.
   */
  readonly writer: Database.Database;

  constructor(
    readonly file: string,
    /** The SQLite log, when the view's contents point into it (undefined: EventStoreDB; contents are kept inline). */
    readonly logFile?: string,
  ) {
    this.db = ViewDatabase.open(file);
    this.writer = ViewDatabase.connect(file);
    for (const connection of [this.db, this.writer]) this.attachLog(connection);
    // The projector's inserts update a dozen indexes at random places: with more of their pages
    // cached, fewer go through the OS for each insert (measured: docs/decisions/0008).
    this.writer.pragma(`cache_size = -${WRITER_CACHE_KIB}`);
  }

  private static open(file: string): Database.Database {
    const existing = ViewDatabase.connect(file);
    if (ViewDatabase.schemaVersion(existing) === VIEW_SCHEMA_VERSION) return existing;
    existing.close();
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
    const db = ViewDatabase.connect(file);
    db.exec(VIEW_SCHEMA);
    db.prepare('INSERT INTO meta (key, value) VALUES (?, ?), (?, ?)').run('schema_version', String(VIEW_SCHEMA_VERSION), 'checkpoint', '0');
    return db;
  }

  private static connect(file: string): Database.Database {
    const db = openSqliteFile(file, 'durable');
    db.pragma(`cache_size = -${CACHE_KIB}`);
    return db;
  }

  /** The schema version of the view `db` holds; null when it holds none. */
  private static schemaVersion(db: Database.Database): number | null {
    try {
      const row = db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get() as { value: string } | undefined;
      return row ? Number(row.value) : null;
    } catch {
      return null;
    }
  }

  /** Opens another connection to the view, attached to the log like the view's own (a backup's snapshot). */
  connect(): Database.Database {
    const db = new Database(this.file, { fileMustExist: true });
    try {
      this.attachLog(db);
      return db;
    } catch (error) {
      db.close();
      throw error;
    }
  }

  private attachLog(db: Database.Database): void {
    if (this.logFile !== undefined) db.prepare(`ATTACH DATABASE ? AS ${LOG_SCHEMA}`).run(this.logFile);
  }

  /**
   * The SQL expression of a version's content JSON, for the `item_versions` row aliased `alias`:
   * its inline text, or its bytes in the log's event (a few kilobytes read from the log's file).
   */
  contentSql(alias: string): string {
    const inline = `${alias}.content_inline`;
    if (this.logFile === undefined) return inline;
    return `COALESCE(${inline}, (SELECT CAST(substr(CAST(e.data AS BLOB), ${alias}.content_at + 1, ${alias}.content_len) AS TEXT)
      FROM ${LOG_SCHEMA}.events e WHERE e.position = ${alias}.content_pos))`;
  }

  /** Every column of a version row aliased `alias`, its content as `content`: what VersionRow describes. */
  versionColumns(alias: string): string {
    return `${alias}.*, ${this.contentSql(alias)} AS content`;
  }

  checkpoint(): bigint {
    const row = this.db.prepare("SELECT value FROM meta WHERE key = 'checkpoint'").get() as { value: string };
    return BigInt(row.value);
  }

  /** Written by the projector, in its transaction. */
  setCheckpoint(position: bigint): void {
    this.writer.prepare("UPDATE meta SET value = ? WHERE key = 'checkpoint'").run(position.toString());
  }

  /** Rows `item_versions` has held (the largest rowid): about how many versions it has. */
  versionRows(): number {
    return Number(this.writer.prepare('SELECT COALESCE(MAX(rowid), 0) FROM item_versions').pluck().get());
  }

  /**
   * Drops, in the writer's open transaction, the indexes of item versions and references that only
   * queries use (see PROJECTION_INDEXES), and makes the writer's cache the bulk projection's
   * (BULK_WRITER_CACHE_KIB); returns the statements that create them again.
   */
  dropQueryIndexes(): string[] {
    const dropped = this.dropIndexes((name) => !PROJECTION_INDEXES.includes(name));
    this.writer.pragma(`cache_size = -${BULK_WRITER_CACHE_KIB}`);
    return dropped;
  }

  /**
   * Drops, in the writer's open transaction, the indexes the projection reads too
   * (PROJECTION_INDEXES): for a bulk projection into a view that holds no version, whose events
   * may all be creations, which read none. Returns the statements that create them again, which
   * the projector runs before the first event that reads them (see Projector).
   */
  dropProjectionIndexes(): string[] {
    return this.dropIndexes((name) => PROJECTION_INDEXES.includes(name));
  }

  /** Creates again, in the writer's open transaction, indexes dropped by `dropQueryIndexes` or `dropProjectionIndexes`. */
  createIndexes(statements: readonly string[]): void {
    for (const statement of statements) this.writer.exec(statement);
  }

  /**
   * Creates again, in the writer's open transaction, the indexes `dropQueryIndexes` dropped, and
   * gives the writer its usual cache back.
   */
  restoreQueryIndexes(statements: readonly string[]): void {
    this.createIndexes(statements);
    this.writer.pragma(`cache_size = -${WRITER_CACHE_KIB}`);
  }

  /** Drops the indexes of item versions and references that `which` names; returns the statements that create them. */
  private dropIndexes(which: (name: string) => boolean): string[] {
    const indexes = this.writer
      .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('item_versions', 'refs') AND sql IS NOT NULL")
      .all() as { name: string; sql: string }[];
    const dropped = indexes.filter((index) => which(index.name));
    for (const index of dropped) this.writer.exec(`DROP INDEX ${index.name}`);
    return dropped.map((index) => index.sql);
  }

  /**
   * After a big batch: gives back the memory of the projector's page cache (see WRITER_CACHE_KIB)
   * and the disk of the WAL the batch filled.
   */
  releaseAfterBigBatch(): void {
    this.writer.pragma('shrink_memory');
    trimWal(this.writer);
  }

  close(): void {
    if (this.writer.open) this.writer.close();
    if (this.db.open) this.db.close();
  }
}
