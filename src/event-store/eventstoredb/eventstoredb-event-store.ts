import { EventStoreDBClient, NO_STREAM } from '@eventstore/db-client';
import { AppendOptions, AppendResult, EventStore, NewEvent, RecordedEvent, StagedBatch, StageOptions } from '../event-store';
import { CommitIndex } from './commit-index';
import { CommitLogReader } from './commit-log-reader';
import { CommitMarker, inlineRangesFit, markerEvent, rangesEvents, rangesFor, sameRanges, StreamRange } from './commit-marker';
import { CommitSubscription } from './commit-subscription';
import { ChunkedStreamWriter, DEFAULT_MAX_CHUNK_BYTES, isWrongExpectedVersion } from './esdb-io';
import { BatchHost, EventStoreDbStagedBatch } from './eventstoredb-staged-batch';

export interface EventStoreDbOptions {
  /** Prefix of every stream the adapter writes (default `strata`): isolates test runs or tenants. */
  prefix?: string;
  /** Largest staging append, in bytes (default 512 KiB; EventStoreDB's limit is 1 MiB). */
  maxChunkBytes?: number;
  /** Marker appends tried before a commit gives up on a busy commit log (default 20). */
  maxCommitAttempts?: number;
}

/**
 * The event-store port over EventStoreDB (DESIGN invariants 2, 3, 9). EventStoreDB has no
 * multi-stream transaction and caps one append at 1 MiB, so every batch is staged in its own
 * stream and becomes visible through ONE small marker appended to `<prefix>-commits` with the
 * expected revision this instance last saw (see commit-marker.ts for the format). The commit log
 * is the one total order; logical stream revisions are derived from it (see commit-index.ts), and
 * an expectation checked against an index that is current as of revision R holds at commit because
 * the marker is appended with expected revision R.
 */
export class EventStoreDbEventStore implements EventStore, BatchHost {
  readonly kind = 'eventstoredb' as const;
  readonly client: EventStoreDBClient;
  readonly maxChunkBytes: number;
  private readonly prefix: string;
  private readonly commitsStream: string;
  private readonly maxCommitAttempts: number;
  private readonly index = new CommitIndex();
  private readonly listeners = new Set<(lastPosition: bigint) => void>();
  /** Catch-ups and marker appends run one at a time (they move the index). */
  private tail: Promise<unknown> = Promise.resolve();
  private readonly reader: CommitLogReader;
  private readonly subscription: CommitSubscription;
  private closed = false;

  /** Connects and builds the index (reads the whole commit log once) before returning. */
  static async connect(connectionString: string, options: EventStoreDbOptions = {}): Promise<EventStoreDbEventStore> {
    const store = new EventStoreDbEventStore(connectionString, options);
    try {
      await store.catchUp();
    } catch (err) {
      await store.close();
      throw err;
    }
    return store;
  }

  constructor(connectionString: string, options: EventStoreDbOptions = {}) {
    this.prefix = options.prefix ?? 'strata';
    if (!/^[A-Za-z0-9_.:]+$/.test(this.prefix)) throw new Error(`invalid stream prefix "${this.prefix}"`);
    this.commitsStream = `${this.prefix}-commits`;
    this.maxChunkBytes = options.maxChunkBytes ?? DEFAULT_MAX_CHUNK_BYTES;
    this.maxCommitAttempts = options.maxCommitAttempts ?? 20;
    this.client = EventStoreDBClient.connectionString(connectionString);
    this.reader = new CommitLogReader(this.client, this.commitsStream);
    this.subscription = new CommitSubscription(
      this.client,
      this.commitsStream,
      (lastPosition) => this.notify(lastPosition),
      // Commits made while the subscription was down: announce the head once caught up.
      () => void this.catchUp().then(() => this.notify(this.index.head), () => undefined),
    );
  }

  batchStreamName(id: string): string {
    return `${this.prefix}-batch-${id}`;
  }

  async append(events: readonly NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    if (events.length === 0) throw new Error('an empty batch cannot be appended');
    await this.catchUp();
    this.index.check(options.expected); // fail fast, before anything is staged
    const batch = new EventStoreDbStagedBatch(this);
    try {
      await batch.add(events);
      return await batch.commit(options);
    } catch (err) {
      await batch.discard(); // keeps the staging stream when the commit is in doubt
      throw err;
    }
  }

  /**
   * Exclusive or not, the batch is staged in a stream of its own: only the commit marker makes it
   * part of the log, so there is no second copy to spare, and other writes need not wait for it.
   */
  async stage(_options?: StageOptions): Promise<StagedBatch> {
    if (this.closed) throw new Error('event store is closed');
    return new EventStoreDbStagedBatch(this);
  }

  /** @internal called by EventStoreDbStagedBatch.commit once every event is staged. */
  async commitBatch(batch: EventStoreDbStagedBatch, options: AppendOptions): Promise<AppendResult> {
    for (let attempt = 1; ; attempt++) {
      const result = await this.exclusive(() => this.tryCommit(batch, options));
      if (result) {
        this.notify(result.lastPosition);
        return result;
      }
      // Another instance committed first: catch up, re-check, renumber, retry.
      if (attempt >= this.maxCommitAttempts) {
        throw new Error(`commit of ${batch.stream}: the commit log kept moving, gave up after ${attempt} attempts`);
      }
    }
  }

  async *readAll(after: bigint, options: { pageSize?: number; until?: bigint } = {}): AsyncIterable<RecordedEvent> {
    const pageSize = Math.max(1, Math.floor(options.pageSize ?? 1000));
    await this.catchUp();
    yield* this.reader.readAll(this.index.firstMarkerAfter(after), after, options.until, pageSize);
  }

  /** Scans the commit log: see CommitLogReader.readStream for the cost. */
  async *readStream(streamId: string): AsyncIterable<RecordedEvent> {
    await this.catchUp();
    yield* this.reader.readStream(streamId, this.index.lastRevision(streamId));
  }

  async streamRevision(streamId: string): Promise<bigint | 'no_stream'> {
    await this.catchUp();
    return this.index.revisionOf(streamId);
  }

  async headPosition(): Promise<bigint> {
    await this.catchUp();
    return this.index.head;
  }

  onCommitted(listener: (lastPosition: bigint) => void): () => void {
    this.listeners.add(listener);
    if (!this.closed) this.subscription.start();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.subscription.stop();
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.listeners.clear();
    this.subscription.stop();
    await this.tail;
    await this.client.dispose();
  }

  /** Brings the index up to the end of the commit log. */
  catchUp(): Promise<void> {
    return this.exclusive(() => this.catchUpLocked());
  }

  private async catchUpLocked(onApplied?: (marker: CommitMarker) => void): Promise<void> {
    for await (const { revision, marker } of this.reader.markers(this.index.revision + 1)) {
      this.index.apply(revision, marker, await this.reader.ranges(marker));
      onApplied?.(marker);
    }
  }

  /** One commit attempt (under the lock); undefined when another instance committed first. */
  private async tryCommit(batch: EventStoreDbStagedBatch, options: AppendOptions): Promise<AppendResult | undefined> {
    await this.catchUpLocked();
    this.index.check(options.expected);
    const ranges = rangesFor(batch.counts, (s) => this.index.lastRevision(s));
    const firstPosition = this.index.head + 1n;
    const lastPosition = this.index.head + BigInt(batch.size);
    const marker: CommitMarker = {
      batch: batch.stream,
      count: batch.size,
      firstPosition: String(firstPosition),
      lastPosition: String(lastPosition),
    };
    if (inlineRangesFit(ranges)) marker.streams = ranges;
    else marker.rangesStream = await this.placeRanges(batch, ranges);
    const expectedRevision = this.index.revision < 0 ? NO_STREAM : BigInt(this.index.revision);
    try {
      const written = await this.client.appendToStream(this.commitsStream, markerEvent(marker), { expectedRevision });
      if (!written.success) return undefined; // throwOnAppendFailure=false in the connection string
    } catch (err) {
      if (isWrongExpectedVersion(err)) return undefined;
      return this.resolveInDoubt(batch, err);
    }
    this.index.apply(this.index.revision + 1, marker, ranges);
    return { firstPosition, lastPosition };
  }

  /** The marker append failed without saying whether it was written: look for it in the log. */
  private async resolveInDoubt(batch: EventStoreDbStagedBatch, cause: unknown): Promise<AppendResult> {
    let found: AppendResult | undefined;
    try {
      await this.catchUpLocked((m) => {
        if (m.batch === batch.stream) found = { firstPosition: BigInt(m.firstPosition), lastPosition: BigInt(m.lastPosition) };
      });
    } catch {
      // still unknown
    }
    if (found) return found;
    batch.markInDoubt(); // it may still land: never delete its staging stream
    throw cause;
  }

  /** Writes the ranges of a large batch to a stream of their own (reused while unchanged). */
  private async placeRanges(batch: EventStoreDbStagedBatch, ranges: StreamRange[]): Promise<string> {
    const previous = batch.rangesStreams.find((r) => sameRanges(r.ranges, ranges));
    if (previous) return previous.stream;
    // A fresh name per write: a write that failed half-way leaves an orphan, never a clash.
    const stream = `${this.prefix}-ranges-${batch.id}-${batch.rangesWrites++}`;
    const writer = new ChunkedStreamWriter(this.client, stream, this.maxChunkBytes);
    for (const { event, bytes } of rangesEvents(ranges)) await writer.push(event, bytes);
    await writer.flush();
    batch.rangesStreams.push({ stream, ranges });
    return stream;
  }

  private notify(position: bigint): void {
    for (const listener of this.listeners) {
      try {
        listener(position);
      } catch {
        // a listener's failure must not turn a committed append into an error
      }
    }
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.tail.then(fn);
    this.tail = run.catch(() => undefined);
    return run;
  }
}
