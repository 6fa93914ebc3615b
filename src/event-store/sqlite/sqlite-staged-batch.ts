import type Database from 'better-sqlite3';
import fs from 'node:fs';
import { WrongExpectedRevisionError, type AppendOptions, type AppendResult, type NewEvent, type StagedBatch } from '../event-store';
import { openSqliteFile } from '../../common/sqlite-file';
import { serialise } from './log-rows';

/**
 * A staged batch is a SQLite scratch file of its own beside the log (`<log>-staged-<batch id>`,
 * journal in memory, no syncs): it is transient and never read as events until one INSERT …
 * SELECT moves it into the log, so staging writes neither the WAL nor its checkpoints, and
 * dropping it is deleting a file.
 * Each event keeps its ordinal in its stream within the batch, so the move is one ordered scan:
 * revision = the stream's revision at commit + 1 + ordinal.
 */
const STAGED_BATCH_SCHEMA = `
CREATE TABLE staged (
  seq       INTEGER PRIMARY KEY,
  stream_id TEXT    NOT NULL,
  ordinal   INTEGER NOT NULL,
  type      TEXT    NOT NULL,
  data      TEXT    NOT NULL,
  metadata  TEXT    NOT NULL
);
CREATE TABLE stream_counts (
  stream_id TEXT PRIMARY KEY,
  n         INTEGER NOT NULL
) WITHOUT ROWID;
`;

/** What a staged batch needs of the log: moving its file into it in one transaction (SqliteEventStore). */
export interface StagedBatchLog {
  commitStaged(batchFile: string, options: AppendOptions, stagedCount: number): Promise<AppendResult>;
}

export class SqliteStagedBatch implements StagedBatch {
  private staged = 0;
  private done = false;
  private readonly db: Database.Database;
  private readonly insert;
  private readonly count;

  constructor(
    private readonly log: StagedBatchLog,
    readonly id: string,
    private readonly file: string,
  ) {
    this.db = openSqliteFile(file, 'scratch');
    this.db.exec(STAGED_BATCH_SCHEMA);
    this.insert = this.db.prepare('INSERT INTO staged (seq, stream_id, ordinal, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)');
    this.count = this.db.prepare('INSERT INTO stream_counts (stream_id, n) VALUES (?, 1) ON CONFLICT (stream_id) DO UPDATE SET n = n + 1 RETURNING n').pluck();
  }

  get size(): number {
    return this.staged;
  }

  async add(events: readonly NewEvent[]): Promise<void> {
    this.assertOpen();
    if (events.length === 0) return;
    const rows = events.map((e) => serialise(e));
    this.db.transaction(() => {
      for (const [streamId, type, data, metadata] of rows) {
        const ordinal = (this.count.get(streamId) as number) - 1;
        this.insert.run(++this.staged, streamId, ordinal, type, data, metadata);
      }
    })();
  }

  /**
   * An expectation that does not hold leaves the batch open, as EventStoreDB's does: the caller
   * may check again and retry (an item restore whose names were still free) or discard it.
   */
  async commit(options: AppendOptions = {}): Promise<AppendResult> {
    this.assertOpen();
    // Done from here on: the commit may wait for an exclusive batch, and a discard meanwhile
    // must not delete the file it is about to move.
    this.done = true;
    if (this.db.open) this.db.close();
    let keep = false;
    try {
      return await this.log.commitStaged(this.file, options, this.staged);
    } catch (error) {
      keep = error instanceof WrongExpectedRevisionError;
      throw error;
    } finally {
      if (keep) this.done = false;
      else this.drop();
    }
  }

  async discard(): Promise<void> {
    if (this.done) return;
    if (this.db.open) this.db.close();
    this.drop();
  }

  private drop(): void {
    this.done = true;
    fs.rmSync(this.file, { force: true });
  }

  private assertOpen(): void {
    if (this.done) throw new Error(`staged batch ${this.id} is already committed or discarded`);
  }
}
