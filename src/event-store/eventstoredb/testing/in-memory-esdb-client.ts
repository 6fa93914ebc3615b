/**
 * The client side of the in-memory server: the EsdbClient interface, each call taking an
 * event-loop turn, as a network call would, and subject to the server's injected faults.
 *
 * It keeps a defect of `@eventstore/db-client` 6.2.1 that the adapter must survive
 * (KurrentDB-Client-NodeJS PR #523): appends travel over one shared batch-append stream whose
 * pending replies sit in ONE process-wide table, so a transport error on it rejects every append
 * in flight in the process — appends that the server has already written included
 * (`breakAppendStreams`). `processId` names the process a client stands for: several Strata apps
 * in one test process are separate processes in production.
 */
import { EventEmitter } from 'node:events';
import {
  BACKWARDS,
  END,
  START,
  type AppendResult,
  type AppendToStreamOptions,
  type EventData,
  type ReadStreamOptions,
  type ResolvedEvent,
  type StreamMetadata,
  type SubscribeToStreamOptions,
  UnavailableError,
} from '@eventstore/db-client';
import type { EsdbClient, EsdbSubscription } from '../esdb-client';
import { InMemoryEsdbServer, resolved } from './in-memory-esdb-server';

interface Pending {
  reject: (error: Error) => void;
  broken: boolean;
}

/** 6.2.1's process-global promise bank for batch appends, per process a client stands for. */
const banks = new Map<string, Set<Pending>>();
let mostInFlight = 0;

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

export class InMemoryEsdbClient implements EsdbClient {
  private disposed = false;

  /** `user`: who the connection authenticates as (`admin` passes every ACL). */
  constructor(
    readonly server: InMemoryEsdbServer,
    readonly user = 'admin',
    readonly processId = 'test process',
  ) {}

  /** A transport error on the shared append stream: every append in flight in the process fails. */
  static breakAppendStreams(): number {
    const broken = [...banks.values()].flatMap((bank) => [...bank]);
    for (const bank of banks.values()) bank.clear();
    for (const p of broken) {
      p.broken = true;
      p.reject(new UnavailableError(undefined, 'batch append stream closed (transport error)'));
    }
    return broken.length;
  }

  /** The most appends that were in flight at once since the last call (and resets it). */
  static mostAppendsInFlight(): number {
    const most = mostInFlight;
    mostInFlight = Math.max(0, ...[...banks.values()].map((b) => b.size));
    return most;
  }

  appendToStream(streamName: string, events: EventData | EventData[], options: AppendToStreamOptions = {}): Promise<AppendResult> {
    const list = Array.isArray(events) ? events : [events];
    const expected = options.expectedRevision ?? 'any';
    let bank = banks.get(this.processId);
    if (!bank) banks.set(this.processId, (bank = new Set()));
    const inFlight = bank;
    return new Promise<AppendResult>((resolve, reject) => {
      const pending: Pending = { reject, broken: false };
      inFlight.add(pending);
      mostInFlight = Math.max(mostInFlight, inFlight.size);
      const settle = (fn: () => void) => {
        inFlight.delete(pending);
        if (!pending.broken) fn();
      };
      void (async () => {
        await turn();
        await this.server.held(streamName, this.user, list);
        if (this.disposed) return settle(() => reject(new UnavailableError(undefined, 'client disposed')));
        const fault = this.server.fault('append', streamName);
        if (fault === 'unavailable') return settle(() => reject(InMemoryEsdbServer.faultError(fault)));
        if (fault === 'late-reply') {
          settle(() => reject(InMemoryEsdbServer.faultError(fault)));
          await new Promise((r) => setTimeout(r, this.server.lateReplyMs));
          try {
            this.server.append(this.user, streamName, list, expected);
          } catch {
            // nobody hears about it
          }
          return;
        }
        let result: AppendResult;
        try {
          const r = this.server.append(this.user, streamName, list, expected);
          result = { success: true, nextExpectedRevision: r.nextExpectedRevision, position: r.position };
        } catch (error) {
          return settle(() => reject(error as Error));
        }
        // A written append whose reply is broken off by the shared stream's failure stays broken.
        if (fault === 'lost-reply') return settle(() => reject(InMemoryEsdbServer.faultError(fault)));
        // (Settled after one more turn: the reply travels back.)
        await turn();
        settle(() => resolve(result));
      })();
    });
  }

  readStream(streamName: string, options: ReadStreamOptions = {}): AsyncIterable<ResolvedEvent> {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the iterator's own `this` is the iterable
    const client = this;
    return {
      async *[Symbol.asyncIterator]() {
        await turn();
        if (client.disposed) throw new UnavailableError(undefined, 'client disposed');
        const fault = client.server.fault('read', streamName);
        if (fault) throw InMemoryEsdbServer.faultError(fault);
        const from =
          options.fromRevision === START || options.fromRevision === undefined ? 'start' : options.fromRevision === END ? 'end' : options.fromRevision;
        const max = options.maxCount === undefined ? Number.MAX_SAFE_INTEGER : Number(options.maxCount);
        const events = client.server.read(client.user, streamName, from, max, options.direction === BACKWARDS);
        for (const e of events) yield resolved(streamName, e);
      },
    };
  }

  subscribeToStream(streamName: string, options: SubscribeToStreamOptions = {}): EsdbSubscription {
    const emitter = new EventEmitter();
    const from = options.fromRevision;
    let cancel: (() => void) | undefined;
    let ended = false;
    setImmediate(() => {
      if (ended) return;
      cancel = this.server.subscribe(
        streamName,
        from === undefined || from === START ? null : from === END ? 'end' : from,
        (e) => emitter.emit('data', e),
        (error) => {
          ended = true;
          emitter.emit('error', error);
          emitter.emit('end');
        },
      );
    });
    return {
      on: (event: string, listener: (...args: never[]) => void) => emitter.on(event, listener as (...args: unknown[]) => void),
      unsubscribe: async () => {
        ended = true;
        cancel?.();
      },
    } as EsdbSubscription;
  }

  async deleteStream(streamName: string): Promise<unknown> {
    await turn();
    const fault = this.server.fault('delete', streamName);
    if (fault === 'unavailable') throw InMemoryEsdbServer.faultError(fault);
    this.server.delete(this.user, streamName);
    if (fault) throw InMemoryEsdbServer.faultError(fault);
    return {};
  }

  async setStreamMetadata(streamName: string, metadata: StreamMetadata): Promise<unknown> {
    await turn();
    const fault = this.server.fault('metadata', streamName);
    if (fault === 'unavailable') throw InMemoryEsdbServer.faultError(fault);
    const tb = metadata.truncateBefore;
    this.server.setMetadata(this.user, streamName, { acl: metadata.acl, truncateBefore: typeof tb === 'number' ? tb : undefined });
    if (fault) throw InMemoryEsdbServer.faultError(fault);
    return {};
  }

  async dispose(): Promise<void> {
    this.disposed = true;
  }
}
