import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import {
  AppendOptions,
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  RecordedEvent,
  StagedBatch,
  WrongExpectedRevisionError,
} from '../event-store';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position        INTEGER PRIMARY KEY,
  stream_id       TEXT    NOT NULL,
  stream_revision INTEGER NOT NULL,
  type            TEXT    NOT NULL,
  data            TEXT    NOT NULL,
  metadata        TEXT    NOT NULL,
  UNIQUE (stream_id, stream_revision)
);
CREATE TABLE IF NOT EXISTS streams (
  stream_id TEXT PRIMARY KEY,
  revision  INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS staged_events (
  batch_id  TEXT    NOT NULL,
  seq       INTEGER NOT NULL,
  stream_id TEXT    NOT NULL,
  type      TEXT    NOT NULL,
  data      TEXT    NOT NULL,
  metadata  TEXT    NOT NULL,
  PRIMARY KEY (batch_id, seq)
) WITHOUT ROWID;
`;

interface EventRow {
  position: number | bigint;
  stream_id: string;
  stream_revision: number | bigint;
  type: string;
  data: string;
  metadata: string;
}

/**
 * The embedded event store: one SQLite file in WAL mode. A batch is one transaction; a staged
 * batch lives in `staged_events` until one INSERT … SELECT moves it into the log.
 */
export class SqliteEventStore implements EventStore {
  readonly kind = 'sqlite' as const;
  private readonly db: Database.Database;
  private readonly listeners = new Set<(position: bigint) => void>();

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.defaultSafeIntegers(true);
    this.db.exec(SCHEMA);
    // A batch staged by a process that died before committing is garbage: drop it.
    this.db.exec('DELETE FROM staged_events');
  }

  /** The underlying connection, for tables that live beside the log (e.g. secrets). */
  get connection(): Database.Database {
    return this.db;
  }

  async append(events: readonly NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    if (events.length === 0) throw new Error('an empty batch cannot be appended');
    const result = this.db.transaction(() => {
      this.checkExpectations(options.expected);
      const head = this.head();
      const revisions = new Map<string, bigint>();
      const insert = this.db.prepare(
        'INSERT INTO events (position, stream_id, stream_revision, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)',
      );
      let position = head;
      for (const event of events) {
        let revision = revisions.get(event.streamId);
        if (revision === undefined) {
          const current = this.revisionOf(event.streamId);
          revision = current === 'no_stream' ? -1n : current;
        }
        revision += 1n;
        revisions.set(event.streamId, revision);
        position += 1n;
        insert.run(position, event.streamId, revision, event.type, JSON.stringify(event.data), JSON.stringify(event.metadata));
      }
      const upsert = this.db.prepare(
        'INSERT INTO streams (stream_id, revision) VALUES (?, ?) ON CONFLICT (stream_id) DO UPDATE SET revision = excluded.revision',
      );
      for (const [streamId, revision] of revisions) upsert.run(streamId, revision);
      return { firstPosition: head + 1n, lastPosition: position };
    }).immediate();
    this.notify(result.lastPosition);
    return result;
  }

  async stage(): Promise<StagedBatch> {
    return new SqliteStagedBatch(this, randomUUID());
  }

  /** @internal used by SqliteStagedBatch */
  stageRows(batchId: string, fromSeq: number, events: readonly NewEvent[]): void {
    const insert = this.db.prepare(
      'INSERT INTO staged_events (batch_id, seq, stream_id, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.db.transaction(() => {
      let seq = fromSeq;
      for (const e of events) insert.run(batchId, seq++, e.streamId, e.type, JSON.stringify(e.data), JSON.stringify(e.metadata));
    }).immediate();
  }

  /** @internal moves a staged batch into the log in one transaction. */
  commitStaged(batchId: string, options: AppendOptions, stagedCount: number): AppendResult {
    const result = this.db.transaction(() => {
      this.checkExpectations(options.expected);
      const head = this.head();
      const moved = this.db
        .prepare(
          `INSERT INTO events (position, stream_id, stream_revision, type, data, metadata)
           SELECT ? + ROW_NUMBER() OVER (ORDER BY s.seq),
                  s.stream_id,
                  COALESCE(st.revision, -1) + ROW_NUMBER() OVER (PARTITION BY s.stream_id ORDER BY s.seq),
                  s.type, s.data, s.metadata
             FROM staged_events s LEFT JOIN streams st ON st.stream_id = s.stream_id
            WHERE s.batch_id = ?
            ORDER BY s.seq`,
        )
        .run(head, batchId);
      if (moved.changes === 0) throw new Error('an empty batch cannot be committed');
      // Another SqliteEventStore opened on this file drops staged rows (see the constructor):
      // never commit what is left of such a batch.
      if (moved.changes !== stagedCount) throw new Error(`staged batch ${batchId} lost events before commit`);
      this.db
        .prepare(
          `INSERT INTO streams (stream_id, revision)
           SELECT stream_id, MAX(stream_revision) FROM events WHERE position > ? GROUP BY stream_id
           ON CONFLICT (stream_id) DO UPDATE SET revision = excluded.revision`,
        )
        .run(head);
      this.db.prepare('DELETE FROM staged_events WHERE batch_id = ?').run(batchId);
      return { firstPosition: head + 1n, lastPosition: head + BigInt(moved.changes) };
    }).immediate();
    this.notify(result.lastPosition);
    return result;
  }

  /** @internal */
  discardStaged(batchId: string): void {
    this.db.prepare('DELETE FROM staged_events WHERE batch_id = ?').run(batchId);
  }

  async *readAll(after: bigint, options: { pageSize?: number; until?: bigint } = {}): AsyncIterable<RecordedEvent> {
    const pageSize = options.pageSize ?? 1000;
    const until = options.until ?? BigInt(Number.MAX_SAFE_INTEGER);
    const page = this.db.prepare(
      'SELECT * FROM events WHERE position > ? AND position <= ? ORDER BY position LIMIT ?',
    );
    let cursor = after;
    for (;;) {
      const rows = page.all(cursor, until, pageSize) as EventRow[];
      for (const row of rows) yield toRecorded(row);
      if (rows.length < pageSize) return;
      cursor = BigInt(rows[rows.length - 1].position);
    }
  }

  async *readStream(streamId: string): AsyncIterable<RecordedEvent> {
    const rows = this.db
      .prepare('SELECT * FROM events WHERE stream_id = ? ORDER BY stream_revision')
      .all(streamId) as EventRow[];
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

  async close(): Promise<void> {
    this.listeners.clear();
    if (this.db.open) this.db.close();
  }

  private head(): bigint {
    const row = this.db.prepare('SELECT MAX(position) AS p FROM events').get() as { p: bigint | null };
    return row.p ?? 0n;
  }

  private revisionOf(streamId: string): bigint | 'no_stream' {
    const row = this.db.prepare('SELECT revision FROM streams WHERE stream_id = ?').get(streamId) as
      | { revision: bigint }
      | undefined;
    return row ? row.revision : 'no_stream';
  }

  private checkExpectations(expected: ReadonlyMap<string, ExpectedRevision> | undefined): void {
    if (!expected) return;
    for (const [streamId, want] of expected) {
      if (want === 'any') continue;
      const actual = this.revisionOf(streamId);
      if (want === 'no_stream' ? actual !== 'no_stream' : actual !== want) {
        throw new WrongExpectedRevisionError(streamId, want, actual);
      }
    }
  }

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

class SqliteStagedBatch implements StagedBatch {
  private staged = 0;
  private done = false;

  constructor(
    private readonly store: SqliteEventStore,
    readonly id: string,
  ) {}

  get size(): number {
    return this.staged;
  }

  async add(events: readonly NewEvent[]): Promise<void> {
    this.assertOpen();
    if (events.length === 0) return;
    this.store.stageRows(this.id, this.staged, events);
    this.staged += events.length;
  }

  async commit(options: AppendOptions = {}): Promise<AppendResult> {
    this.assertOpen();
    const result = this.store.commitStaged(this.id, options, this.staged);
    this.done = true;
    return result;
  }

  async discard(): Promise<void> {
    if (this.done) return;
    this.store.discardStaged(this.id);
    this.done = true;
  }

  private assertOpen(): void {
    if (this.done) throw new Error(`staged batch ${this.id} is already committed or discarded`);
  }
}

function toRecorded(row: EventRow): RecordedEvent {
  return {
    position: BigInt(row.position),
    streamId: row.stream_id,
    streamRevision: BigInt(row.stream_revision),
    type: row.type,
    data: JSON.parse(row.data),
    metadata: JSON.parse(row.metadata),
  };
}
