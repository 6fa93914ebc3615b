import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppendOptions, AppendResult, EventStore, NewEvent, RecordedEvent, StagedBatch, StageOptions, checkExpectations } from '../event-store';
import { openSqliteFile, trimWal } from '../../common/sqlite-file';
import { SCHEMA, serialise, toRecorded, type EventRow } from './log-rows';
import { SqliteLogBatch } from './sqlite-log-batch';
import { SqliteStagedBatch } from './sqlite-staged-batch';

/**
 * The embedded event store: one SQLite file in WAL mode. A batch is one transaction; a staged
 * batch lives in a file of its own until one INSERT … SELECT moves it into the log; an exclusive
 * batch is written straight into the log in one transaction of a connection of its own (see
 * SqliteLogBatch), and this store's other writes wait for it.
 * Only this instance knows to wait: another SqliteEventStore on the same file (another process)
 * that writes while an exclusive batch is open fails with SQLITE_BUSY after better-sqlite3's busy
 * timeout (5 s), however long the batch still takes.
 */
export class SqliteEventStore implements EventStore {
  readonly kind = 'sqlite' as const;
  private readonly db: Database.Database;
  private readonly listeners = new Set<(position: bigint) => void>();
  /** The open exclusive batch, and what settles when it is committed or discarded. */
  private exclusive: { batch: SqliteLogBatch; ended: Promise<void> } | undefined;

  constructor(readonly file: string) {
    this.db = openSqliteFile(file, 'durable');
    this.db.defaultSafeIntegers(true);
    this.db.exec(SCHEMA);
    // A batch staged by a process that died before committing is garbage: drop it.
    for (const leftover of fs.readdirSync(path.dirname(file)).filter((f) => f.startsWith(`${path.basename(file)}-staged-`))) {
      fs.rmSync(path.join(path.dirname(file), leftover), { force: true });
    }
  }

  /** The underlying connection, for tables that live beside the log (e.g. secrets). */
  get connection(): Database.Database {
    return this.db;
  }

  async append(events: readonly NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    if (events.length === 0) throw new Error('an empty batch cannot be appended');
    await this.exclusiveBatchEnded();
    const rows = events.map((e) => serialise(e));
    const result = this.db
      .transaction(() => {
        const head = this.head();
        checkExpectations(options, head, this.revisionOf);
        const revisions = new Map<string, bigint>();
        const insert = this.db.prepare('INSERT INTO events (position, stream_id, stream_revision, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)');
        let position = head;
        for (const [i, event] of events.entries()) {
          let revision = revisions.get(event.streamId);
          if (revision === undefined) {
            const current = this.revisionOf(event.streamId);
            revision = current === 'no_stream' ? -1n : current;
          }
          revision += 1n;
          revisions.set(event.streamId, revision);
          position += 1n;
          insert.run(position, event.streamId, revision, event.type, rows[i][2], rows[i][3]);
        }
        const upsert = this.db.prepare(
          'INSERT INTO streams (stream_id, revision) VALUES (?, ?) ON CONFLICT (stream_id) DO UPDATE SET revision = excluded.revision',
        );
        for (const [streamId, revision] of revisions) upsert.run(streamId, revision);
        return { firstPosition: head + 1n, lastPosition: position };
      })
      .immediate();
    this.notify(result.lastPosition);
    return result;
  }

  async stage(options: StageOptions = {}): Promise<StagedBatch> {
    const id = randomUUID();
    if (!options.exclusive) return new SqliteStagedBatch(this, id, `${this.file}-staged-${id}`);
    await this.exclusiveBatchEnded();
    let end!: () => void;
    const ended = new Promise<void>((resolve) => (end = resolve));
    const batch = new SqliteLogBatch(this, id, () => {
      this.exclusive = undefined;
      end();
    });
    this.exclusive = { batch, ended };
    return batch;
  }

  /** @internal moves a staged batch (its file) into the log in one transaction. */
  async commitStaged(batchFile: string, options: AppendOptions, stagedCount: number): Promise<AppendResult> {
    await this.exclusiveBatchEnded();
    this.db.prepare('ATTACH DATABASE ? AS batch').run(batchFile);
    let result: AppendResult;
    try {
      result = this.db
        .transaction(() => {
          const head = this.head();
          checkExpectations(options, head, this.revisionOf);
          const moved = this.db
            .prepare(
              `INSERT INTO events (position, stream_id, stream_revision, type, data, metadata)
             SELECT ? + s.seq, s.stream_id, COALESCE(st.revision, -1) + 1 + s.ordinal, s.type, s.data, s.metadata
               FROM batch.staged s LEFT JOIN streams st ON st.stream_id = s.stream_id
              ORDER BY s.seq`,
            )
            .run(head);
          if (moved.changes === 0) throw new Error('an empty batch cannot be committed');
          // Another SqliteEventStore opened on this log drops staged batches (see the constructor):
          // never commit what is left of one.
          if (moved.changes !== stagedCount) throw new Error(`staged batch ${batchFile} lost events before commit`);
          this.db
            .prepare(
              `INSERT INTO streams (stream_id, revision)
             SELECT c.stream_id, COALESCE((SELECT revision FROM streams st WHERE st.stream_id = c.stream_id), -1) + c.n
               FROM batch.stream_counts c WHERE true
             ON CONFLICT (stream_id) DO UPDATE SET revision = excluded.revision`,
            )
            .run();
          return { firstPosition: head + 1n, lastPosition: head + BigInt(moved.changes) };
        })
        .immediate();
    } finally {
      this.db.exec('DETACH DATABASE batch');
    }
    this.notify(result.lastPosition);
    return result;
  }

  /**
   * @internal commits an exclusive batch: its streams' expectations are checked on this
   * connection, which sees only what is committed — what they were before the batch, as the
   * batch's write lock kept everyone else out since.
   */
  commitExclusive(options: AppendOptions, commit: () => AppendResult): AppendResult {
    checkExpectations(options, this.head(), this.revisionOf);
    const result = commit();
    this.notify(result.lastPosition);
    return result;
  }

  async *readAll(after: bigint, options: { pageSize?: number; until?: bigint } = {}): AsyncIterable<RecordedEvent> {
    const pageSize = options.pageSize ?? 1000;
    const until = options.until ?? BigInt(Number.MAX_SAFE_INTEGER);
    const page = this.db.prepare('SELECT * FROM events WHERE position > ? AND position <= ? ORDER BY position LIMIT ?');
    let cursor = after;
    for (;;) {
      const rows = page.all(cursor, until, pageSize) as EventRow[];
      for (const row of rows) yield toRecorded(row);
      if (rows.length < pageSize) return;
      cursor = BigInt(rows[rows.length - 1].position);
    }
  }

  async *readStream(streamId: string, options: { from?: bigint } = {}): AsyncIterable<RecordedEvent> {
    const rows = this.db
      .prepare('SELECT * FROM events WHERE stream_id = ? AND stream_revision >= ? ORDER BY stream_revision')
      .all(streamId, options.from ?? 0n) as EventRow[];
    for (const row of rows) yield toRecorded(row);
  }

  async streamRevision(streamId: string): Promise<bigint | 'no_stream'> {
    return this.revisionOf(streamId);
  }

  async headPosition(): Promise<bigint> {
    return this.head();
  }

  onCommitted(listener: (lastPosition: bigint) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A TRUNCATE checkpoint that does not wait: with a reader still in the WAL it leaves it for later. */
  trimJournal(): void {
    if (this.exclusive || !this.db.open) return;
    trimWal(this.db);
  }

  async close(): Promise<void> {
    this.listeners.clear();
    await this.exclusive?.batch.discard();
    if (this.db.open) this.db.close();
  }

  /** Writes wait for an open exclusive batch: it holds the log's write lock until it ends. */
  private async exclusiveBatchEnded(): Promise<void> {
    while (this.exclusive) await this.exclusive.ended;
  }

  private head(): bigint {
    const row = this.db.prepare('SELECT MAX(position) AS p FROM events').get() as { p: bigint | null };
    return row.p ?? 0n;
  }

  private readonly revisionOf = (streamId: string): bigint | 'no_stream' => {
    const row = this.db.prepare('SELECT revision FROM streams WHERE stream_id = ?').get(streamId) as { revision: bigint } | undefined;
    return row ? row.revision : 'no_stream';
  };

  private notify(position: bigint): void {
    for (const listener of this.listeners) {
      try {
        listener(position);
      } catch {
        // The batch is committed: a listener's failure must not turn the append into an error.
      }
    }
  }
}
