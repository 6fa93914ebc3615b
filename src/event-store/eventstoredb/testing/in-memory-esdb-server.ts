/**
 * An EventStoreDB server in memory, for the adapter's tests (no server can run on the build
 * machines). It keeps what the adapter relies on the way the server does (KurrentDB source and
 * `@eventstore/db-client` 6.2.1 read for each point):
 *  - MaxAppendSize: an append whose events' data + metadata + type exceed 1,048,576 bytes fails
 *    whole with MaxAppendSizeExceededError, nothing written;
 *  - optimistic concurrency (any, no_stream, stream_exists, an exact revision) and idempotent
 *    appends: the same event ids at the same expected revision succeed again without writing;
 *  - soft deletes (a deleted stream reads as not found until written again; revisions go on),
 *    `$tb` (truncate before) and ACLs in stream metadata;
 *  - reads of at most maxCount events, forwards or backwards, from a revision;
 *  - catch-up subscriptions to a stream, from the start, the end, or after a revision.
 * Faults and holds come from FaultyNetwork; every read is counted (see ReadStats).
 */
import { EventEmitter } from 'node:events';
import { FaultyNetwork } from './faulty-network';
import {
  AccessDeniedError,
  MaxAppendSizeExceededError,
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
  type AppendExpectedRevision,
  type EventData,
  type ResolvedEvent,
} from '@eventstore/db-client';

export const MAX_APPEND_SIZE = 1_048_576;

export interface StoredServerEvent {
  id: string;
  revision: bigint;
  type: string;
  data: unknown;
  metadata: unknown;
  created: Date;
  commit: bigint;
}

interface ServerStream {
  events: StoredServerEvent[];
  /** Revisions below this are gone (soft delete, `$tb`). */
  truncateBefore: number;
  deleted: boolean;
  acl?: { writeRoles?: string[]; readRoles?: string[]; deleteRoles?: string[]; metaWriteRoles?: string[] };
}

export interface ReadStats {
  /** Read calls, and events they returned. */
  calls: number;
  events: number;
  /** Bytes of data + metadata returned. */
  bytes: number;
  /** Events returned, per stream. */
  byStream: Map<string, number>;
}

export class InMemoryEsdbServer extends FaultyNetwork {
  readonly maxAppendSize: number;
  readonly reads: ReadStats = { calls: 0, events: 0, bytes: 0, byStream: new Map() };
  appends = 0;
  private readonly streams = new Map<string, ServerStream>();
  private readonly live = new EventEmitter();
  private commit = 0n;

  constructor(options: { maxAppendSize?: number } = {}) {
    super();
    this.maxAppendSize = options.maxAppendSize ?? MAX_APPEND_SIZE;
    this.live.setMaxListeners(0);
  }

  resetStats(): void {
    Object.assign(this.reads, { calls: 0, events: 0, bytes: 0 });
    this.reads.byStream.clear();
    this.appends = 0;
  }

  /** Drops every subscription (what a leader change or a broken connection does). */
  dropSubscriptions(): void {
    this.live.emit('drop');
  }

  /** Events read from streams whose name matches. */
  eventsReadFrom(pattern: RegExp): number {
    let n = 0;
    for (const [name, count] of this.reads.byStream) if (pattern.test(name)) n += count;
    return n;
  }

  /** Names of the streams that hold readable events (for tests that look for leftovers). */
  streamNames(): string[] {
    return [...this.streams].filter(([, s]) => !s.deleted && s.events.length > s.truncateBefore).map(([name]) => name);
  }

  append(
    user: string,
    name: string,
    events: EventData[],
    expected: AppendExpectedRevision,
  ): { nextExpectedRevision: bigint; position: { commit: bigint; prepare: bigint } } {
    this.appends++;
    let size = 0;
    for (const e of events) size += bytes(e.data) + bytes(e.metadata) + Buffer.byteLength(e.type);
    if (size > this.maxAppendSize) throw new MaxAppendSizeExceededError(undefined, this.maxAppendSize);
    const stream = this.streams.get(name);
    this.authorize(user, stream, 'writeRoles');
    const last = stream ? stream.events.length - 1 : -1;
    // Metadata alone (`$$stream`) does not make a stream exist.
    const exists = stream !== undefined && !stream.deleted && stream.events.length > 0;
    // Idempotency: the same ids right after the expected revision are the same append again.
    const from = expected === 'no_stream' ? 0 : typeof expected === 'bigint' ? Number(expected) + 1 : -1;
    if (stream && from >= 0 && from + events.length - 1 <= last && events.every((e, i) => stream.events[from + i].id === e.id)) {
      const tail = stream.events[from + events.length - 1];
      return { nextExpectedRevision: tail.revision, position: { commit: tail.commit, prepare: tail.commit } };
    }
    const ok =
      expected === 'any' ||
      (expected === 'no_stream' && !exists) ||
      (expected === 'stream_exists' && exists) ||
      (typeof expected === 'bigint' && BigInt(last) === expected && (exists || last >= 0));
    if (!ok) {
      throw new WrongExpectedVersionError(undefined, {
        streamName: name,
        expected: expected,
        current: exists ? BigInt(last) : 'no_stream',
      } as never);
    }
    const target = stream ?? { events: [], truncateBefore: 0, deleted: false };
    if (target.deleted) {
      // Writing to a soft-deleted stream brings it back; what was before the delete stays gone.
      target.deleted = false;
      target.truncateBefore = target.events.length;
    }
    this.streams.set(name, target);
    const written: StoredServerEvent[] = [];
    for (const e of events) {
      const stored: StoredServerEvent = {
        id: e.id,
        revision: BigInt(target.events.length),
        type: e.type,
        data: clone(e.data),
        metadata: e.metadata === undefined ? undefined : clone(e.metadata),
        created: new Date(),
        commit: ++this.commit,
      };
      target.events.push(stored);
      written.push(stored);
    }
    for (const e of written) this.live.emit('event', name, e);
    const tail = written[written.length - 1];
    return { nextExpectedRevision: tail.revision, position: { commit: tail.commit, prepare: tail.commit } };
  }

  read(user: string, name: string, from: 'start' | 'end' | bigint, maxCount: number, backwards: boolean): StoredServerEvent[] {
    this.reads.calls++;
    const stream = this.streams.get(name);
    if (!stream || stream.deleted || stream.events.length <= stream.truncateBefore) throw new StreamNotFoundError(undefined, name);
    this.authorize(user, stream, 'readRoles');
    const events = stream.events;
    const out: StoredServerEvent[] = [];
    if (backwards) {
      let i = from === 'end' || from === 'start' ? events.length - 1 : Math.min(Number(from), events.length - 1);
      if (from === 'start') i = 0;
      for (; i >= stream.truncateBefore && out.length < maxCount; i--) out.push(events[i]);
    } else {
      let i = from === 'start' ? 0 : from === 'end' ? events.length : Number(from);
      for (i = Math.max(i, stream.truncateBefore); i < events.length && out.length < maxCount; i++) out.push(events[i]);
    }
    this.reads.events += out.length;
    this.reads.byStream.set(name, (this.reads.byStream.get(name) ?? 0) + out.length);
    for (const e of out) this.reads.bytes += bytes(e.data) + bytes(e.metadata);
    return out;
  }

  /** Soft delete: the events stay on disk until a scavenge, but nobody reads them. */
  delete(user: string, name: string): void {
    const stream = this.streams.get(name);
    if (!stream) return;
    this.authorize(user, stream, 'deleteRoles');
    stream.deleted = true;
    stream.truncateBefore = stream.events.length;
  }

  setMetadata(user: string, name: string, metadata: { truncateBefore?: number; acl?: ServerStream['acl'] }): void {
    const stream = this.streams.get(name) ?? { events: [], truncateBefore: 0, deleted: false };
    this.authorize(user, stream, 'metaWriteRoles');
    this.streams.set(name, stream);
    if (metadata.acl) stream.acl = metadata.acl;
    if (typeof metadata.truncateBefore === 'number') stream.truncateBefore = Math.max(stream.truncateBefore, metadata.truncateBefore);
  }

  /** Events of `name` after `after` (null: from the start), then each new one, until dropped. */
  subscribe(name: string, after: bigint | null | 'end', emit: (e: ResolvedEvent) => void, drop: (error: Error) => void): () => void {
    const stream = this.streams.get(name);
    let next = after === 'end' ? (stream?.events.length ?? 0) : after === null ? 0 : Number(after) + 1;
    let backlog = true;
    const deliver = () => {
      const s = this.streams.get(name);
      if (!s) return;
      while (next < s.events.length) {
        const e = s.events[next++];
        if (e.revision >= BigInt(s.truncateBefore)) emit(resolved(name, e));
      }
    };
    const onEvent = (stream: string) => {
      if (stream === name && !backlog) deliver();
    };
    const onDrop = () => {
      cancel();
      drop(new UnavailableError(undefined, 'subscription dropped by the server'));
    };
    const cancel = () => {
      this.live.off('event', onEvent);
      this.live.off('drop', onDrop);
    };
    this.live.on('event', onEvent);
    this.live.on('drop', onDrop);
    setImmediate(() => {
      backlog = false;
      deliver();
    });
    return cancel;
  }

  private authorize(user: string, stream: ServerStream | undefined, right: 'writeRoles' | 'readRoles' | 'deleteRoles' | 'metaWriteRoles'): void {
    const roles = stream?.acl?.[right];
    if (!roles || user === 'admin' || roles.includes('$all') || roles.includes(user)) return;
    throw new AccessDeniedError(undefined, `${user} may not ${right} here`);
  }
}

export function resolved(streamId: string, e: StoredServerEvent): ResolvedEvent {
  return {
    event: {
      streamId,
      id: e.id,
      isJson: true,
      revision: e.revision,
      type: e.type,
      created: e.created,
      data: clone(e.data) as never,
      metadata: (e.metadata === undefined ? undefined : clone(e.metadata)) as never,
      position: { commit: e.commit, prepare: e.commit },
    },
    commitPosition: e.commit,
  };
}

function bytes(value: unknown): number {
  if (value === undefined) return 0;
  if (value instanceof Uint8Array) return value.length;
  return Buffer.byteLength(JSON.stringify(value));
}

/** The server keeps bytes, not the caller's objects. */
function clone(value: unknown): unknown {
  return value instanceof Uint8Array ? Uint8Array.from(value) : JSON.parse(JSON.stringify(value));
}

export type { Fault, FaultKind, HoldFilter } from './faulty-network';
