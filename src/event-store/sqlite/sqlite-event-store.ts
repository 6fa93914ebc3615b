import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  AppendOptions,
  EventMetadata,
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  RecordedEvent,
  StagedBatch,
  WrongExpectedRevisionError,
  toJsonText,
} from '../event-store';
import { openSqliteFile } from '../../common/sqlite-file';

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
`;

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
 * batch lives in a file of its own until one INSERT … SELECT moves it into the log.
 */
export class SqliteEventStore implements EventStore {
  readonly kind = 'sqlite' as const;
  private readonly db: Database.Database;
  private readonly listeners = new Set<(position: bigint) => void>();

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
        insert.run(position, event.streamId, revision, event.type, toJsonText(event.data), JSON.stringify(event.metadata));
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
    const id = randomUUID();
    return new SqliteStagedBatch(this, id, `${this.file}-staged-${id}`);
  }

  /** @internal moves a staged batch (its file) into the log in one transaction. */
  commitStaged(batchFile: string, options: AppendOptions, stagedCount: number): AppendResult {
    this.db.prepare('ATTACH DATABASE ? AS batch').run(batchFile);
    let result: AppendResult;
    try {
      result = this.db.transaction(() => {
        this.checkExpectations(options.expected);
        const head = this.head();
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
      }).immediate();
    } finally {
      this.db.exec('DETACH DATABASE batch');
    }
    this.notify(result.lastPosition);
    return result;
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
  private readonly db: Database.Database;
  private readonly insert;
  private readonly count;

  constructor(
    private readonly store: SqliteEventStore,
    readonly id: string,
    private readonly file: string,
  ) {
    this.db = openSqliteFile(file, 'scratch');
    this.db.exec(STAGED_BATCH_SCHEMA);
    this.insert = this.db.prepare('INSERT INTO staged (seq, stream_id, ordinal, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)');
    this.count = this.db
      .prepare('INSERT INTO stream_counts (stream_id, n) VALUES (?, 1) ON CONFLICT (stream_id) DO UPDATE SET n = n + 1 RETURNING n')
      .pluck();
  }

  get size(): number {
    return this.staged;
  }

  async add(events: readonly NewEvent[]): Promise<void> {
    this.assertOpen();
    if (events.length === 0) return;
    this.db.transaction(() => {
      for (const e of events) {
        const ordinal = (this.count.get(e.streamId) as number) - 1;
        this.insert.run(++this.staged, e.streamId, ordinal, e.type, toJsonText(e.data), JSON.stringify(e.metadata));
      }
    })();
  }

  async commit(options: AppendOptions = {}): Promise<AppendResult> {
    this.assertOpen();
    this.db.close();
    try {
      return this.store.commitStaged(this.file, options, this.staged);
    } finally {
      this.drop();
    }
  }

  async discard(): Promise<void> {
    if (this.done) return;
    this.db.close();
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

/**
 * A row of the log as a RecordedEvent. Its data is parsed when first read (an own, enumerable
 * property all the same); `dataJson`, not enumerable, is the text as stored.
 */
function toRecorded(row: EventRow): RecordedEvent {
  let data: unknown = NOT_PARSED;
  const event = {
    position: BigInt(row.position),
    streamId: row.stream_id,
    streamRevision: BigInt(row.stream_revision),
    type: row.type,
    metadata: JSON.parse(row.metadata) as EventMetadata,
  } as RecordedEvent;
  Object.defineProperty(event, 'data', {
    enumerable: true,
    get: () => (data === NOT_PARSED ? (data = JSON.parse(row.data)) : data),
  });
  Object.defineProperty(event, 'dataJson', { enumerable: false, value: row.data });
  return event;
}

const NOT_PARSED = Symbol('not parsed');
