import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EventStoreDBClient, NO_STREAM } from '@eventstore/db-client';
import { AppendOptions, AppendResult, EventStore, NewEvent, RecordedEvent, StagedBatch, StageOptions } from '../event-store';
import { BatchJournal } from './batch-journal';
import { CommitIndex } from './commit-index';
import { CommitLogReader } from './commit-log-reader';
import { CommitMarker, CorruptLogError, inlineRangesFit, markerEvent, rangesFor, StreamRange } from './commit-marker';
import { CommitSubscription } from './commit-subscription';
import type { EsdbClient } from './esdb-client';
import { DEFAULT_MAX_CHUNK_BYTES, isWrongExpectedVersion } from './esdb-io';
import { dropStaleRanges, placeRanges } from './ranges-streams';
import { connectionUser, restrictWrites } from './stream-acl';
import { BatchHost, EventStoreDbStagedBatch } from './eventstoredb-staged-batch';
import { DEFAULT_RETRY, ResilientClient, RetryPolicy } from './resilient-client';

export interface EventStoreDbOptions {
  /** Prefix of every stream the adapter writes (default `strata`): isolates test runs or tenants. */
  prefix?: string;
  /** Largest staging append, in bytes (default 512 KiB; EventStoreDB's limit is 1 MiB). */
  maxChunkBytes?: number;
  /** Marker appends tried before a commit gives up on a busy commit log (default 20). */
  maxCommitAttempts?: number;
  /** Retries of transient failures (see ResilientClient). */
  retry?: Partial<RetryPolicy>;
  /**
   * This instance's stable id: a later connection with the same id means this one's process is
   * gone, and its uncommitted batches may be swept (see BatchJournal). Default: a new id, so
   * nothing of this connection is ever swept by another.
   */
  instanceId?: string;
  /**
   * The user the service connects as: the commit log and the journal are then written only by
   * that user (stream ACLs). Default: the user of the connection string, if any.
   */
  owner?: string | null;
  /** Wait before re-opening a dropped subscription (default 1 s). */
  resubscribeMs?: number;
  /** First sweep of dead boots' batches after connecting (default 60 s; null: never on its own). */
  sweepDelayMs?: number | null;
  onWarning?: (message: string) => void;
}

const SWEEP_EVERY_MS = 60 * 60 * 1000;

/**
 * The event-store port over EventStoreDB (DESIGN invariants 2, 3, 9). EventStoreDB has no
 * multi-stream transaction and caps one append at 1 MiB, so every batch is staged in its own
 * stream and becomes visible through ONE small marker appended to `<prefix>-commits` with the
 * expected revision this instance last saw (see commit-marker.ts for the format). The commit log
 * is the one total order; logical stream revisions and positions are derived from it (see
 * commit-index.ts), and an expectation checked against an index that is current as of revision R
 * holds at commit because the marker is appended with expected revision R. Every call to the
 * server is retried after transient failures, appends idempotently (see resilient-client.ts).
 */
export class EventStoreDbEventStore implements EventStore, BatchHost {
  readonly kind = 'eventstoredb' as const;
  readonly client: ResilientClient;
  readonly maxChunkBytes: number;
  readonly prefix: string;
  readonly journal: BatchJournal;
  readonly commitsStream: string;
  private readonly maxCommitAttempts: number;
  private readonly index = new CommitIndex();
  private readonly listeners = new Set<(lastPosition: bigint) => void>();
  /** Catch-ups and marker appends run one at a time (they move the index). */
  private tail: Promise<unknown> = Promise.resolve();
  private readonly reader: CommitLogReader;
  private readonly subscription: CommitSubscription;
  private readonly warn: (message: string) => void;
  private sweepTimer?: NodeJS.Timeout;
  private closed = false;

  /**
   * Connects (to a connection string, or through a given client) and builds the index (reads the
   * commit log's markers and ranges once, no staged event) before returning.
   */
  static async connect(target: string | EsdbClient, options: EventStoreDbOptions = {}): Promise<EventStoreDbEventStore> {
    const client = typeof target === 'string' ? EventStoreDBClient.connectionString(target) : target;
    const owner = options.owner !== undefined ? options.owner : typeof target === 'string' ? connectionUser(target) : null;
    const store = new EventStoreDbEventStore(client, options);
    try {
      if (owner) await restrictWrites(store.client, [store.commitsStream, store.journal.stream], owner);
      await store.catchUp();
      await store.journal.begin(store.index.revision + 1);
      store.scheduleSweeps(options.sweepDelayMs === undefined ? 60_000 : options.sweepDelayMs);
    } catch (err) {
      await store.close();
      throw err;
    }
    return store;
  }

  constructor(client: EsdbClient, options: EventStoreDbOptions = {}) {
    this.prefix = options.prefix ?? 'strata';
    if (!/^[A-Za-z0-9_.:]+$/.test(this.prefix)) throw new Error(`invalid stream prefix "${this.prefix}"`);
    this.commitsStream = `${this.prefix}-commits`;
    this.maxChunkBytes = options.maxChunkBytes ?? DEFAULT_MAX_CHUNK_BYTES;
    this.maxCommitAttempts = options.maxCommitAttempts ?? 20;
    this.client = new ResilientClient(client, { ...DEFAULT_RETRY, ...options.retry });
    const logger = new Logger('EventStoreDB');
    this.warn = options.onWarning ?? ((m) => logger.warn(m));
    this.journal = new BatchJournal(this.client, this.prefix, options.instanceId ?? randomUUID(), randomUUID());
    this.reader = new CommitLogReader(this.client, this.commitsStream, this.prefix);
    this.subscription = new CommitSubscription(
      client,
      this.commitsStream,
      (lastPosition) => this.notify(lastPosition),
      // Commits made while the subscription was down: announce the head once caught up.
      () =>
        void this.catchUp().then(
          () => this.notify(this.index.head),
          () => undefined,
        ),
      options.resubscribeMs,
    );
  }

  async append(events: readonly NewEvent[], given: AppendOptions = {}): Promise<AppendResult> {
    if (events.length === 0) throw new Error('an empty batch cannot be appended');
    const options = { ...given, expected: given.expected && [...given.expected] }; // checked twice below
    await this.catchUp();
    this.index.check(options); // fail fast, before anything is staged
    const batch = await this.newBatch();
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
   * (Exclusivity across instances is a claim in the log: see RepositoryClaim.)
   */
  async stage(_options?: StageOptions): Promise<StagedBatch> {
    return this.newBatch();
  }

  /** @internal called by EventStoreDbStagedBatch.commit once every event is staged. */
  async commitBatch(batch: EventStoreDbStagedBatch, given: AppendOptions): Promise<AppendResult> {
    // Each attempt checks the expectations again: a caller's iterable may be read only once.
    const options = { ...given, expected: given.expected && [...given.expected] };
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
    yield* this.reader.readAll(this.index, this.index.firstMarkerAfter(after), after, options.until, pageSize);
  }

  /** Reads the stream's own events only (see CommitLogReader.readStream). */
  async *readStream(streamId: string, options: { from?: bigint } = {}): AsyncIterable<RecordedEvent> {
    await this.catchUp();
    yield* this.reader.readStream(this.index, streamId, Number(options.from ?? 0n));
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
    if (!this.closed) this.subscription.start(this.index.revision);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.subscription.stop();
    };
  }

  /** The server keeps its own files (see the README on scavenging). */
  trimJournal(): void {}

  /** Deletes the staged batches of processes that died before committing them (see BatchJournal). */
  async sweep(): Promise<number> {
    return this.journal.sweep(this.reader);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.sweepTimer) clearTimeout(this.sweepTimer);
    this.listeners.clear();
    this.subscription.stop();
    await this.tail;
    await this.client.raw.dispose();
  }

  /** Brings the index up to the end of the commit log. */
  catchUp(): Promise<void> {
    return this.exclusive(() => this.catchUpLocked());
  }

  private async newBatch(): Promise<EventStoreDbStagedBatch> {
    if (this.closed) throw new Error('event store is closed');
    return new EventStoreDbStagedBatch(this, await this.journal.nextBatch());
  }

  private async catchUpLocked(onApplied?: (marker: CommitMarker) => void): Promise<void> {
    for await (const { revision, marker, invalid } of this.reader.markers(this.index.revision + 1)) {
      let problem = invalid;
      let ranges: StreamRange[] = [];
      if (marker) {
        try {
          ranges = await this.reader.ranges(marker);
          this.index.validate(marker, ranges);
        } catch (error) {
          if (!(error instanceof CorruptLogError)) throw error;
          problem = error;
        }
      }
      if (problem || !marker) {
        // A foreign or broken event: every instance skips it alike, and the log goes on.
        this.warn(`commit log ${this.commitsStream}@${revision} skipped: ${problem?.message}`);
        this.index.skip(revision);
        continue;
      }
      this.index.apply(revision, marker, ranges);
      onApplied?.(marker);
    }
  }

  /** One commit attempt (under the lock); undefined when another instance committed first. */
  private async tryCommit(batch: EventStoreDbStagedBatch, options: AppendOptions): Promise<AppendResult | undefined> {
    await this.catchUpLocked();
    this.index.check(options);
    const ranges = rangesFor(batch.ordinals, (s) => this.index.lastRevision(s));
    const firstPosition = this.index.head + 1n;
    const lastPosition = this.index.head + BigInt(batch.size);
    const marker: CommitMarker = {
      batch: batch.stream,
      count: batch.size,
      firstPosition: String(firstPosition),
      lastPosition: String(lastPosition),
    };
    if (inlineRangesFit(ranges)) marker.streams = ranges;
    else marker.rangesStream = await placeRanges(this.client, batch, ranges, this.maxChunkBytes);
    const expectedRevision = this.index.revision < 0 ? NO_STREAM : BigInt(this.index.revision);
    try {
      // Retried as the same event at the same expected revision: idempotent.
      await this.client.append(this.commitsStream, [markerEvent(marker)], expectedRevision);
    } catch (err) {
      if (isWrongExpectedVersion(err)) return undefined;
      return this.resolveInDoubt(batch, err);
    }
    this.index.apply(this.index.revision + 1, marker, ranges);
    await dropStaleRanges(this.client, batch, marker.rangesStream);
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

  private scheduleSweeps(delayMs: number | null): void {
    if (delayMs === null) return;
    const run = (after: number) => {
      this.sweepTimer = setTimeout(() => {
        if (this.closed) return;
        this.sweep()
          .then((n) => n > 0 && this.warn(`swept ${n} streams of batches whose process died before committing them`))
          .catch((e: Error) => this.warn(`sweep failed: ${e.message}`))
          .finally(() => !this.closed && run(SWEEP_EVERY_MS));
      }, after);
      this.sweepTimer.unref();
    };
    run(delayMs);
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
