/** Small helpers over @eventstore/db-client v6: paged reads, chunked appends, error tests. */
import { ErrorType, EventData, FORWARDS, NO_STREAM, StreamNotFoundError, WrongExpectedVersionError } from '@eventstore/db-client';
import type { ResilientClient } from './resilient-client';

/** The parts of a stored event the adapter uses. */
export interface StoredEvent {
  revision: bigint;
  type: string;
  data: unknown;
  metadata: unknown;
}

/** EventStoreDB rejects an append above 1 MiB (default MaxAppendSize); stay well below. */
export const DEFAULT_MAX_CHUNK_BYTES = 512 * 1024;

function hasType(err: unknown, type: ErrorType): boolean {
  return typeof err === 'object' && err !== null && (err as { type?: unknown }).type === type;
}

export function isWrongExpectedVersion(err: unknown): boolean {
  return err instanceof WrongExpectedVersionError || hasType(err, ErrorType.WRONG_EXPECTED_VERSION);
}

export function isStreamNotFound(err: unknown): boolean {
  return err instanceof StreamNotFoundError || hasType(err, ErrorType.STREAM_NOT_FOUND);
}

/**
 * Reads at most `maxCount` events of `stream` from `fromRevision` (inclusive), forwards, retried
 * after transient failures. A stream that does not exist reads as empty. The page is collected
 * before returning, so no gRPC read stays open (and paused) while the caller works on it.
 */
export function readPage(client: ResilientClient, stream: string, fromRevision: bigint, maxCount: number): Promise<StoredEvent[]> {
  return client.retry(async () => {
    const page: StoredEvent[] = [];
    try {
      const read = client.raw.readStream(stream, {
        fromRevision,
        maxCount: BigInt(maxCount),
        direction: FORWARDS,
        deadline: client.policy.deadlineMs,
      });
      for await (const resolved of read) {
        const e = resolved.event;
        if (!e) continue;
        page.push({ revision: e.revision, type: e.type, data: e.data, metadata: e.metadata });
      }
    } catch (err) {
      if (isStreamNotFound(err)) return [];
      throw err;
    }
    return page;
  });
}

/** Every event of a stream, page by page. */
export async function* readEach(client: ResilientClient, stream: string, pageSize: number): AsyncGenerator<StoredEvent> {
  let from = 0n;
  for (;;) {
    const page = await readPage(client, stream, from, pageSize);
    yield* page;
    if (page.length < pageSize) return;
    from += BigInt(page.length);
  }
}

/**
 * Appends events to one new stream in chunks of at most `maxChunkBytes` (measured by the caller),
 * each chunk with the expected revision of the previous one, so a chunk can never be written twice
 * or out of order, and a chunk whose reply was lost is retried as the same append (idempotent).
 * An event larger than a chunk goes alone (callers refuse events the server would refuse).
 */
export class ChunkedStreamWriter {
  private buffer: EventData[] = [];
  private bufferBytes = 0;
  private appended = 0;

  constructor(
    private readonly client: ResilientClient,
    readonly stream: string,
    private readonly maxChunkBytes: number,
  ) {}

  /** Events already appended to the stream (not counting the buffer). */
  get written(): number {
    return this.appended;
  }

  async push(event: EventData, bytes: number): Promise<void> {
    if (this.buffer.length > 0 && this.bufferBytes + bytes > this.maxChunkBytes) await this.flush();
    this.buffer.push(event);
    this.bufferBytes += bytes;
  }

  async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const expectedRevision = this.appended === 0 ? NO_STREAM : BigInt(this.appended - 1);
    await this.client.append(this.stream, this.buffer, expectedRevision);
    this.appended += this.buffer.length;
    this.buffer = [];
    this.bufferBytes = 0;
  }
}
