import Database from 'better-sqlite3';
import fs from 'node:fs';
import { VIEW_SCHEMA, VIEW_SCHEMA_VERSION } from './view-schema';

/**
 * The read model's SQLite file (`view.db` in the data dir). It holds nothing the log does not:
 * delete it and it is rebuilt. Opening it with another schema version starts it afresh.
 */
export class ViewDatabase {
  /** For queries: it sees committed projections only. */
  readonly db: Database.Database;
  /**
   * The projector's own connection. Its transactions may span several pages of events with the
   * event loop turning in between; queries on `db` meanwhile see the view as last committed.
   */
  readonly writer: Database.Database;

  constructor(readonly file: string) {
    this.db = ViewDatabase.open(file);
    this.writer = new Database(file);
    ViewDatabase.configure(this.writer);
  }

  private static open(file: string): Database.Database {
    let db = new Database(file);
    if (ViewDatabase.schemaVersion(db) !== VIEW_SCHEMA_VERSION) {
      db.close();
      for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
      db = new Database(file);
      ViewDatabase.configure(db);
      db.exec(VIEW_SCHEMA);
      db.prepare('INSERT INTO meta (key, value) VALUES (?, ?), (?, ?)').run(
        'schema_version',
        String(VIEW_SCHEMA_VERSION),
        'checkpoint',
        '0',
      );
      return db;
    }
    ViewDatabase.configure(db);
    return db;
  }

  private static configure(db: Database.Database): void {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('cache_size = -16384');
  }

  private static schemaVersion(db: Database.Database): number | null {
    try {
      const row = db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get() as { value: string } | undefined;
      return row ? Number(row.value) : null;
    } catch {
      return null;
    }
  }

  checkpoint(): bigint {
    const row = this.db.prepare("SELECT value FROM meta WHERE key = 'checkpoint'").get() as { value: string };
    return BigInt(row.value);
  }

  /** Written by the projector, in its transaction. */
  setCheckpoint(position: bigint): void {
    this.writer.prepare("UPDATE meta SET value = ? WHERE key = 'checkpoint'").run(position.toString());
  }

  close(): void {
    if (this.writer.open) this.writer.close();
    if (this.db.open) this.db.close();
  }
}
