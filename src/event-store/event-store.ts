/**
 * The event-store port. Everything that changes the repository is a batch of events appended
 * here; the read model follows the log from a position. Positions are bigint in code and
 * decimal strings on the wire: they number events 1, 2, 3… in the one total order of commits.
 */

export interface EventMetadata {
  userId: string;
  userName: string;
  /** ISO-8601 time the command was decided (comes from the command, not the store). */
  at: string;
  correlationId: string;
  causationId: string;
  /** Set on events written by a restore or rollback. */
  restoreId?: string;
}

/**
 * Event data already serialised (e.g. a restored item's content as the parser serialised it):
 * a store writes the text as it is; anything that serialises it the usual way gets the same JSON.
 */
export class RawJson {
  constructor(readonly json: string) {}

  toJSON(): unknown {
    return JSON.parse(this.json);
  }
}

/** Event data (or metadata) as the JSON a store keeps. */
export function toJsonText(value: unknown): string {
  return value instanceof RawJson ? value.json : JSON.stringify(value);
}

export interface NewEvent<T extends string = string, D = unknown> {
  streamId: string;
  type: T;
  data: D;
  metadata: EventMetadata;
}

export interface RecordedEvent<T extends string = string, D = unknown> extends NewEvent<T, D> {
  /** Global position (1-based, gap-free within the log). */
  position: bigint;
  /** Revision of the event inside its stream (0-based). */
  streamRevision: bigint;
  /**
   * The data as the store keeps it, when it keeps JSON text (SQLite): a reader that only passes
   * the data on (to a worker, say) need not parse it; `data` is then parsed when first read.
   */
  dataJson?: string;
}

/** What a batch expects of a stream before it is written. */
export type ExpectedRevision = bigint /** the stream's last revision is exactly this */ | 'no_stream' /** the stream has no events */ | 'any';

export interface AppendResult {
  /** Position of the first and last event of the batch. */
  firstPosition: bigint;
  lastPosition: bigint;
}

export interface AppendOptions {
  /**
   * Expected revision per stream; streams not named here are written whatever their revision.
   * A stream may be named without being written: the batch then only requires that nobody wrote
   * it meanwhile (a claim, see RepositoryClaim). Any iterable (a generator reading a scratch file,
   * so that a million expectations are never in memory at once); a store reads it once per call.
   */
  expected?: Iterable<readonly [string, ExpectedRevision]>;
  /**
   * The log's last position must still be exactly this (else WrongExpectedRevisionError on
   * HEAD_STREAM): for decisions taken against the whole read model, such as "this name is free",
   * that no per-stream expectation covers.
   */
  expectedHead?: bigint;
}

/** The stream named by a WrongExpectedRevisionError when `expectedHead` did not hold. */
export const HEAD_STREAM = '$head';

/**
 * The largest event every store takes: type, data and metadata as JSON, in UTF-8 bytes.
 * EventStoreDB refuses an append of more than 1 MiB (MaxAppendSize, counting data, metadata and
 * type); its adapter wraps each event with its stream id and type, which takes a few hundred bytes
 * of the 8 KiB kept here. SQLite could store more, but refuses the same, so that what one store
 * takes the other does (an item too large is a 413 or a failed item, whatever the store).
 */
export const MAX_EVENT_BYTES = 1_048_576 - 8192;

export class EventTooLargeError extends Error {
  constructor(
    readonly streamId: string,
    readonly type: string,
    readonly bytes: number,
  ) {
    super(`event ${type} of ${streamId} is ${bytes} bytes; an event may hold at most ${MAX_EVENT_BYTES}`);
    this.name = 'EventTooLargeError';
  }
}

/**
 * Throws EventTooLargeError when the event's texts exceed MAX_EVENT_BYTES. Cheap for ordinary
 * events: a UTF-16 length below a third of the limit cannot be more bytes than the limit.
 */
export function assertEventFits(streamId: string, type: string, dataJson: string, metadataJson: string): void {
  const units = type.length + dataJson.length + metadataJson.length;
  if (units * 3 <= MAX_EVENT_BYTES) return;
  const bytes = Buffer.byteLength(type) + Buffer.byteLength(dataJson) + Buffer.byteLength(metadataJson);
  if (bytes > MAX_EVENT_BYTES) throw new EventTooLargeError(streamId, type, bytes);
}

export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: bigint | 'no_stream',
  ) {
    super(`stream ${streamId}: expected revision ${String(expected)}, found ${String(actual)}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

/**
 * Throws WrongExpectedRevisionError unless the log's `head` and each stream's revision (as
 * `revisionOf` gives it) are what the append expects: the one check both stores make.
 */
export function checkExpectations({ expected, expectedHead }: AppendOptions, head: bigint, revisionOf: (streamId: string) => bigint | 'no_stream'): void {
  if (expectedHead !== undefined && head !== expectedHead) throw new WrongExpectedRevisionError(HEAD_STREAM, expectedHead, head);
  if (!expected) return;
  for (const [streamId, want] of expected) {
    if (want === 'any') continue;
    const actual = revisionOf(streamId);
    if (want === 'no_stream' ? actual !== 'no_stream' : actual !== want) throw new WrongExpectedRevisionError(streamId, want, actual);
  }
}

/**
 * A batch too large to hold in memory: events are staged in chunks (invisible to readers) and
 * become visible all at once on commit. A batch never committed stays invisible forever.
 */
export interface StagedBatch {
  readonly id: string;
  /** Stages more events (in order after those already staged). */
  add(events: readonly NewEvent[]): Promise<void>;
  /** Number of events staged so far. */
  readonly size: number;
  /** Makes the whole batch visible atomically, checking the expectations first. */
  commit(options?: AppendOptions): Promise<AppendResult>;
  /** Drops what was staged. */
  discard(): Promise<void>;
}

export interface StageOptions {
  /**
   * For work that holds the service's write gate, so that no other write of this instance runs
   * until the batch ends (full-repository restores and rollbacks, which hold it exclusively; item
   * restores, from their plan to their commit). An adapter may then hold the log for the batch: while it is open, every other append to the log
   * through this store — append(), the commit of another staged batch, another exclusive batch —
   * waits until it is committed or discarded, then runs. It may use that to write the batch
   * straight into the log, invisible until the commit, instead of staging it elsewhere first
   * (SQLite does); one with nothing to gain treats it as any other batch (EventStoreDB does).
   * So the work that holds an exclusive batch must append nothing else before it ends: that
   * append would wait for the batch, and the batch for the work.
   * Default false: other writes go on beside the batch (deleting a big folder stages its pages).
   */
  exclusive?: boolean;
}

export interface EventStore {
  readonly kind: 'sqlite' | 'eventstoredb';

  /**
   * Appends the batch atomically: readers see all of it or none of it, after a crash at any
   * point. An empty batch is rejected. Throws WrongExpectedRevisionError when an expectation
   * does not hold, and EventTooLargeError for an event beyond MAX_EVENT_BYTES (and writes nothing).
   */
  append(events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult>;

  /** Starts a staged batch (see StagedBatch and StageOptions). */
  stage(options?: StageOptions): Promise<StagedBatch>;

  /** Events after `after` (exclusive), in commit order, in pages of at most `pageSize`. */
  readAll(after: bigint, options?: { pageSize?: number; until?: bigint }): AsyncIterable<RecordedEvent>;

  /**
   * One stream's events in revision order, from revision `from` (default 0), empty when the
   * stream does not exist. It reads that stream's events only, whatever the size of the log.
   */
  readStream(streamId: string, options?: { from?: bigint }): AsyncIterable<RecordedEvent>;

  /** Last revision of a stream, or 'no_stream'. */
  streamRevision(streamId: string): Promise<bigint | 'no_stream'>;

  /** Position of the last committed event (0n for an empty log). */
  headPosition(): Promise<bigint>;

  /**
   * Calls `listener` whenever new events may be readable (after a local append, or when a
   * subscription sees a commit from another instance). Returns an unsubscribe function.
   */
  onCommitted(listener: (lastPosition: bigint) => void): () => void;

  /**
   * Gives back the disk a big batch's journal took, now that it is read (SQLite: the WAL file,
   * which otherwise keeps the size of the biggest transaction until the next write). Best effort:
   * it never waits for readers and never fails; stores without such a journal do nothing.
   */
  trimJournal(): void;

  close(): Promise<void>;
}

export const EVENT_STORE = Symbol('EVENT_STORE');
