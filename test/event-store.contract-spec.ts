/**
 * The event-store contract (DESIGN invariants 2, 3, 9): one suite, defined once over a factory,
 * run against every adapter. The embedded SQLite store always runs; EventStoreDB runs when
 * EVENTSTORE_CONNECTION_STRING points at a server (each test writes under its own stream prefix).
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  EventMetadata,
  EventStore,
  EventTooLargeError,
  ExpectedRevision,
  HEAD_STREAM,
  MAX_EVENT_BYTES,
  NewEvent,
  RawJson,
  RecordedEvent,
  WrongExpectedRevisionError,
} from '../src/event-store/event-store';
import { SqliteEventStore } from '../src/event-store/sqlite/sqlite-event-store';
import { EventStoreDbEventStore } from '../src/event-store/eventstoredb/eventstoredb-event-store';
import { InMemoryEsdbServer } from '../src/event-store/eventstoredb/testing/in-memory-esdb-server';
import { InMemoryEsdbClient } from '../src/event-store/eventstoredb/testing/in-memory-esdb-client';

/** One test's log: every open() is another instance over the same log (or the log reopened). */
export interface ContractLog {
  open(): Promise<EventStore>;
  /** Closes every store opened and removes what the test wrote (where possible). */
  dispose(): Promise<void>;
}

export interface ContractTarget {
  name: string;
  createLog(): Promise<ContractLog>;
  /** Instances over one log notify each other of commits (a subscription, not just local calls). */
  crossInstanceNotifications: boolean;
  /** Per-test timeout for the heavy tests (100,000-event batches). */
  bigTimeoutMs: number;
  /** Extra check after reopening a log that held a never-committed staged batch. */
  assertNoStagedLeftovers?(store: EventStore): void;
}

const META: EventMetadata = {
  userId: 'u-1',
  userName: 'alice',
  at: '2024-05-01T10:00:00.000Z',
  correlationId: 'corr-1',
  causationId: 'cause-1',
};

function ev(streamId: string, type = 'ItemRenamed', data: unknown = { name: `n-${streamId}` }): NewEvent {
  return { streamId, type, data, metadata: META };
}

async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of source) out.push(item);
  return out;
}

function expecting(...entries: [string, ExpectedRevision][]): { expected: Map<string, ExpectedRevision> } {
  return { expected: new Map(entries) };
}

async function expectConflict(attempt: Promise<unknown>, streamId: string, actual: bigint | 'no_stream'): Promise<void> {
  const err = await attempt.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WrongExpectedRevisionError);
  expect((err as WrongExpectedRevisionError).streamId).toBe(streamId);
  expect((err as WrongExpectedRevisionError).actual).toBe(actual);
}

/** Reads the whole log and checks positions are 1…n without gaps; returns the events. */
async function readWholeLog(store: EventStore): Promise<RecordedEvent[]> {
  const events = await collect(store.readAll(0n));
  events.forEach((e, i) => expect(e.position).toBe(BigInt(i + 1)));
  return events;
}

const waitFor = async (check: () => boolean, ms = 5000): Promise<void> => {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
};

export function eventStoreContract(target: ContractTarget): void {
  describe(`event store contract: ${target.name}`, () => {
    let log: ContractLog;
    let store: EventStore;

    beforeEach(async () => {
      log = await target.createLog();
      store = await log.open();
    });
    afterEach(async () => {
      await log.dispose();
    });

    it('numbers events 1, 2, 3… in one total order across appends, with everything round-tripped', async () => {
      expect(await store.headPosition()).toBe(0n);
      expect(await collect(store.readAll(0n))).toEqual([]);

      const r1 = await store.append([ev('item-a', 'ItemCreated', { name: 'A', tags: ['x'] }), ev('item-b')]);
      const r2 = await store.append([ev('item-a')]);
      const r3 = await store.append([ev('item-c'), ev('item-b'), ev('item-a'), ev('item-c')]);
      expect([r1, r2, r3]).toEqual([
        { firstPosition: 1n, lastPosition: 2n },
        { firstPosition: 3n, lastPosition: 3n },
        { firstPosition: 4n, lastPosition: 7n },
      ]);
      expect(await store.headPosition()).toBe(7n);

      const all = await readWholeLog(store);
      expect(all.map((e) => e.streamId)).toEqual(['item-a', 'item-b', 'item-a', 'item-c', 'item-b', 'item-a', 'item-c']);
      expect(all[0]).toEqual({
        streamId: 'item-a',
        type: 'ItemCreated',
        data: { name: 'A', tags: ['x'] },
        metadata: META,
        position: 1n,
        streamRevision: 0n,
      });
      await expect(store.append([])).rejects.toThrow();
      expect(await store.headPosition()).toBe(7n);
    });

    it('reads the log after a position (exclusive), up to `until` (inclusive), in any page size', async () => {
      for (let i = 0; i < 4; i++) await store.append([ev(`item-${i}`), ev('item-x')]);
      const positions = async (after: bigint, options?: { pageSize?: number; until?: bigint }) =>
        (await collect(store.readAll(after, options))).map((e) => e.position);

      expect(await positions(3n)).toEqual([4n, 5n, 6n, 7n, 8n]);
      expect(await positions(2n, { until: 5n })).toEqual([3n, 4n, 5n]);
      expect(await positions(0n, { until: 1n })).toEqual([1n]);
      expect(await positions(5n, { until: 5n })).toEqual([]);
      expect(await positions(6n, { until: 100n })).toEqual([7n, 8n]);
      expect(await positions(8n)).toEqual([]);
      expect(await positions(0n, { pageSize: 3 })).toEqual([1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n]);
      expect(await positions(1n, { pageSize: 1, until: 4n })).toEqual([2n, 3n, 4n]);
      // Starting mid-batch still numbers stream revisions from the batch's start.
      const tail = await collect(store.readAll(7n));
      expect(tail.map((e) => [e.streamId, e.streamRevision])).toEqual([['item-x', 3n]]);
    });

    it('reads one stream in revision order, with its revisions', async () => {
      await store.append([ev('item-a', 'A0'), ev('item-b', 'B0'), ev('item-a', 'A1')]);
      await store.append([ev('item-b', 'B1')]);
      await store.append([ev('item-a', 'A2'), ev('item-c', 'C0')]);

      const a = await collect(store.readStream('item-a'));
      expect(a.map((e) => [e.type, e.streamRevision, e.position])).toEqual([
        ['A0', 0n, 1n],
        ['A1', 1n, 3n],
        ['A2', 2n, 5n],
      ]);
      expect(a.every((e) => e.streamId === 'item-a')).toBe(true);
      expect((await collect(store.readStream('item-b'))).map((e) => e.streamRevision)).toEqual([0n, 1n]);
      expect(await collect(store.readStream('item-none'))).toEqual([]);
      expect(await store.streamRevision('item-a')).toBe(2n);
      expect(await store.streamRevision('item-c')).toBe(0n);
      expect(await store.streamRevision('item-none')).toBe('no_stream');
      // The log and the stream agree on every event.
      const all = await readWholeLog(store);
      expect(all.filter((e) => e.streamId === 'item-a')).toEqual(a);
    });

    it('checks expected revisions (exact, no_stream, any) and writes nothing of a rejected batch', async () => {
      await store.append([ev('item-a'), ev('item-a')], expecting(['item-a', 'no_stream']));
      await store.append([ev('item-a')], expecting(['item-a', 1n]));
      await store.append([ev('item-a')], expecting(['item-a', 'any'], ['item-new', 'any']));
      expect(await store.streamRevision('item-a')).toBe(3n);

      await expectConflict(store.append([ev('item-a'), ev('item-b')], expecting(['item-a', 2n])), 'item-a', 3n);
      await expectConflict(store.append([ev('item-a')], expecting(['item-a', 4n])), 'item-a', 3n);
      await expectConflict(store.append([ev('item-b'), ev('item-a')], expecting(['item-a', 'no_stream'])), 'item-a', 3n);
      await expectConflict(store.append([ev('item-z')], expecting(['item-z', 0n])), 'item-z', 'no_stream');

      expect(await store.headPosition()).toBe(4n);
      expect(await store.streamRevision('item-a')).toBe(3n);
      expect(await store.streamRevision('item-b')).toBe('no_stream');
      expect(await store.streamRevision('item-z')).toBe('no_stream');
      expect((await readWholeLog(store)).map((e) => e.streamId)).toEqual(['item-a', 'item-a', 'item-a', 'item-a']);

      // The next append still gets the next position and revision.
      expect(await store.append([ev('item-a')], expecting(['item-a', 3n]))).toEqual({ firstPosition: 5n, lastPosition: 5n });
      expect(await store.streamRevision('item-a')).toBe(4n);
    });

    it('reads one stream from a revision', async () => {
      await store.append([ev('item-a', 'A0'), ev('item-b'), ev('item-a', 'A1')]);
      await store.append([ev('item-a', 'A2')]);
      expect((await collect(store.readStream('item-a', { from: 1n }))).map((e) => [e.type, e.streamRevision, e.position])).toEqual([
        ['A1', 1n, 3n],
        ['A2', 2n, 4n],
      ]);
      expect(await collect(store.readStream('item-a', { from: 3n }))).toEqual([]);
    });

    it('checks the expected head: a batch decided on the whole log fails once anything else was committed', async () => {
      await store.append([ev('item-a')]);
      expect(await store.append([ev('item-b')], { expectedHead: 1n })).toEqual({ firstPosition: 2n, lastPosition: 2n });
      await expectConflict(store.append([ev('item-c')], { expectedHead: 1n }), HEAD_STREAM, 2n);

      // A staged batch whose head moved stays open: checked again, it may commit.
      const staged = await store.stage();
      await staged.add([ev('item-d'), ev('item-e')]);
      await store.append([ev('item-x')]);
      await expectConflict(staged.commit({ expectedHead: 2n }), HEAD_STREAM, 3n);
      expect(await staged.commit({ expectedHead: 3n })).toEqual({ firstPosition: 4n, lastPosition: 5n });
      expect((await readWholeLog(store)).map((e) => e.streamId)).toEqual(['item-a', 'item-b', 'item-x', 'item-d', 'item-e']);
    });

    it('refuses an event beyond MAX_EVENT_BYTES (type, data and metadata), appended or staged, and writes nothing of its batch', async () => {
      const metaBytes = Buffer.byteLength(JSON.stringify(META));
      // Just over: "é" is two bytes in UTF-8, so the text is fewer characters than bytes.
      const over = { text: 'é'.repeat((MAX_EVENT_BYTES - metaBytes) / 2) };
      const fits = { text: 'x'.repeat(MAX_EVENT_BYTES - metaBytes - 'Big'.length - '{"text":""}'.length) };
      await expect(store.append([ev('item-a'), ev('item-big', 'Big', over)])).rejects.toBeInstanceOf(EventTooLargeError);
      const staged = await store.stage();
      await staged.add([ev('item-a')]);
      await expect(staged.add([ev('item-big', 'Big', over)])).rejects.toBeInstanceOf(EventTooLargeError);
      await staged.discard();
      expect(await store.headPosition()).toBe(0n);

      await store.append([ev('item-big', 'Big', fits)]);
      const [stored] = await collect(store.readStream('item-big'));
      expect((stored.data as { text: string }).text.length).toBe(fits.text.length);
    });

    it(
      'appends a plain 100,000-event batch at once',
      async () => {
        const events: NewEvent[] = [];
        for (let i = 0; i < 100_000; i++) events.push(ev(`item-${i}`, 'ItemRestored', { i, text: 'x'.repeat(i % 50) }));
        expect(await store.append(events, expecting(['item-5', 'no_stream']))).toEqual({ firstPosition: 1n, lastPosition: 100_000n });
        expect(await store.headPosition()).toBe(100_000n);

        let count = 0;
        let last: RecordedEvent | undefined;
        for await (const e of store.readAll(0n, { pageSize: 5000 })) {
          count++;
          if (e.position !== BigInt(count)) throw new Error(`gap at ${e.position}`);
          last = e;
        }
        expect(count).toBe(100_000);
        expect(last).toMatchObject({ streamId: 'item-99999', streamRevision: 0n, data: { i: 99_999, text: 'x'.repeat(49) } });
        expect(await collect(store.readAll(49_999n, { until: 50_001n }))).toEqual([
          expect.objectContaining({ position: 50_000n, streamId: 'item-49999', data: { i: 49_999, text: 'x'.repeat(49) } }),
          expect.objectContaining({ position: 50_001n, streamId: 'item-50000', data: { i: 50_000, text: '' } }),
        ]);
        expect(await store.streamRevision('item-12345')).toBe(0n);
      },
      target.bigTimeoutMs,
    );

    // Every staged-batch test runs for both kinds: an exclusive batch keeps the same promises.
    describe.each([{ exclusive: false }, { exclusive: true }])('staged batches (exclusive: $exclusive)', (options) => {
      it('is atomic: one failing expectation in a multi-stream batch leaves every stream untouched', async () => {
        await store.append([ev('item-a'), ev('item-b'), ev('item-b')]);
        const batch = [ev('item-a'), ev('item-b'), ev('item-c'), ev('item-a')];
        await expectConflict(store.append(batch, expecting(['item-a', 0n], ['item-b', 0n], ['item-c', 'no_stream'])), 'item-b', 1n);

        const staged = await store.stage(options);
        await staged.add(batch);
        await expectConflict(staged.commit(expecting(['item-c', 'no_stream'], ['item-a', 'no_stream'])), 'item-a', 0n);
        await staged.discard();

        expect(await store.headPosition()).toBe(3n);
        expect(await store.streamRevision('item-a')).toBe(0n);
        expect(await store.streamRevision('item-b')).toBe(1n);
        expect(await store.streamRevision('item-c')).toBe('no_stream');
        expect(await collect(store.readStream('item-c'))).toEqual([]);
        expect((await readWholeLog(store)).length).toBe(3);
      });

      it('checks expectations given as a one-pass iterable (a generator reading a scratch file), appended or staged', async () => {
        await store.append([ev('item-g'), ev('item-h')]);
        const once = (...entries: [string, ExpectedRevision][]) => ({
          expected: (function* () {
            yield* entries;
          })(),
        });
        await expectConflict(store.append([ev('item-g')], once(['item-h', 0n], ['item-g', 'no_stream'])), 'item-g', 0n);
        const refused = await store.stage(options);
        await refused.add([ev('item-g'), ev('item-h')]);
        await expectConflict(refused.commit(once(['item-g', 0n], ['item-h', 1n])), 'item-h', 0n);
        await refused.discard();
        const staged = await store.stage(options);
        await staged.add([ev('item-g'), ev('item-h')]);
        expect(await staged.commit(once(['item-g', 0n], ['item-h', 0n]))).toEqual({ firstPosition: 3n, lastPosition: 4n });
      });

      it(
        'commits a 100,000-event staged batch at once',
        async () => {
          await store.append([ev('item-0'), ev('lock')]);
          const staged = await store.stage(options);
          const total = 100_000;
          const chunk = 5_000;
          for (let from = 0; from < total; from += chunk) {
            const events: NewEvent[] = [];
            for (let i = from; i < from + chunk; i++) events.push(ev(`item-${i % 1000}`, 'ItemRestored', { i }));
            await staged.add(events);
            // Staged events are invisible while the batch is being built.
            if (from === 0) expect(await store.headPosition()).toBe(2n);
          }
          expect(staged.size).toBe(total);

          const result = await staged.commit(expecting(['lock', 0n], ['item-999', 'no_stream']));
          expect(result).toEqual({ firstPosition: 3n, lastPosition: 100_002n });
          expect(await store.headPosition()).toBe(100_002n);
          await expect(staged.add([ev('item-1')])).rejects.toThrow();

          let count = 0;
          const spot = new Map<bigint, RecordedEvent>();
          for await (const e of store.readAll(2n)) {
            count++;
            if (e.position !== BigInt(count + 2)) throw new Error(`gap at ${e.position}`);
            if ([3n, 4n, 1002n, 50_003n, 100_002n].includes(e.position)) spot.set(e.position, e);
          }
          expect(count).toBe(total);
          expect(spot.get(3n)).toMatchObject({ streamId: 'item-0', streamRevision: 1n, type: 'ItemRestored', data: { i: 0 } });
          expect(spot.get(4n)).toMatchObject({ streamId: 'item-1', streamRevision: 0n, data: { i: 1 } });
          expect(spot.get(1002n)).toMatchObject({ streamId: 'item-999', streamRevision: 0n, data: { i: 999 } });
          expect(spot.get(50_003n)).toMatchObject({ streamId: 'item-0', streamRevision: 51n, data: { i: 50_000 } });
          expect(spot.get(100_002n)).toMatchObject({ streamId: 'item-999', streamRevision: 99n, data: { i: 99_999 } });
          expect(await store.streamRevision('item-0')).toBe(100n);
          expect(await store.streamRevision('item-999')).toBe(99n);
          const item7 = await collect(store.readStream('item-7'));
          expect(item7.map((e) => e.streamRevision)).toEqual([...Array(100).keys()].map(BigInt));
          expect(item7[99]).toMatchObject({ position: 99_010n, data: { i: 99_007 } });

          expect(await store.append([ev('item-0')])).toEqual({ firstPosition: 100_003n, lastPosition: 100_003n });
        },
        target.bigTimeoutMs,
      );

      it('never shows a staged batch that is not committed, not even after reopening', async () => {
        await store.append([ev('item-a')]);
        const staged = await store.stage(options);
        await staged.add([ev('item-x'), ev('item-a'), ev('item-x')]);
        await staged.add([ev('item-y')]);
        expect(staged.size).toBe(4);

        const invisible = async (s: EventStore) => {
          expect(await s.headPosition()).toBe(1n);
          expect((await collect(s.readAll(0n))).map((e) => e.streamId)).toEqual(['item-a']);
          expect(await collect(s.readStream('item-x'))).toEqual([]);
          expect(await s.streamRevision('item-x')).toBe('no_stream');
          expect(await s.streamRevision('item-a')).toBe(0n);
        };
        await invisible(store);

        await store.close();
        const reopened = await log.open();
        await invisible(reopened);
        target.assertNoStagedLeftovers?.(reopened);
        // Staged events took no positions or revisions.
        expect(await reopened.append([ev('item-a'), ev('item-x')])).toEqual({ firstPosition: 2n, lastPosition: 3n });
        expect(await reopened.streamRevision('item-x')).toBe(0n);
      });

      it('discards a staged batch', async () => {
        const staged = await store.stage(options);
        await staged.add([ev('item-a'), ev('item-b')]);
        await staged.discard();
        await staged.discard();
        await expect(staged.commit()).rejects.toThrow();
        await expect(staged.add([ev('item-a')])).rejects.toThrow();
        expect(await store.headPosition()).toBe(0n);
        expect(await store.streamRevision('item-a')).toBe('no_stream');

        const empty = await store.stage(options);
        await expect(empty.commit()).rejects.toThrow();
        expect(await store.headPosition()).toBe(0n);

        const kept = await store.stage(options);
        await kept.add([ev('item-b')]);
        expect(await kept.commit()).toEqual({ firstPosition: 1n, lastPosition: 1n });
        await kept.discard(); // after commit: nothing to drop
        expect((await readWholeLog(store)).map((e) => e.streamId)).toEqual(['item-b']);
      });

      it('keeps data given as JSON text (RawJson) as that JSON, appended or staged', async () => {
        const data = { name: 'é "quoted"', content: { n: [1, 2.5, null], nested: { ok: true } } };
        await store.append([{ ...ev('item-a'), data: new RawJson(JSON.stringify(data)) }]);
        const staged = await store.stage(options);
        await staged.add([{ ...ev('item-b'), data: new RawJson(JSON.stringify(data)) }]);
        await staged.commit();
        expect((await readWholeLog(store)).map((e) => e.data)).toEqual([data, data]);
      });

      it('notifies listeners of commits, and a failing listener does not fail the commit', async () => {
        const seen: bigint[] = [];
        const unsubscribe = store.onCommitted((p) => seen.push(p));
        const unsubscribeBroken = store.onCommitted(() => {
          throw new Error('listener bug');
        });
        await store.append([ev('item-a'), ev('item-b')]);
        const staged = await store.stage(options);
        await staged.add([ev('item-c')]);
        await staged.commit();
        await waitFor(() => seen.includes(2n) && seen.includes(3n));

        unsubscribe();
        unsubscribeBroken();
        const before = seen.length;
        await store.append([ev('item-a')]);
        await new Promise((r) => setTimeout(r, 200));
        expect(seen.length).toBe(before);
      });

      it('keeps everything when the store is reopened', async () => {
        await store.append([ev('item-a', 'A0'), ev('item-b')]);
        const staged = await store.stage(options);
        await staged.add([ev('item-a', 'A1'), ev('item-c')]);
        await staged.commit();
        const before = await readWholeLog(store);
        await store.close();

        const reopened = await log.open();
        expect(await readWholeLog(reopened)).toEqual(before);
        expect(await reopened.headPosition()).toBe(4n);
        expect(await reopened.streamRevision('item-a')).toBe(1n);
        await reopened.append([ev('item-a', 'A2')], expecting(['item-a', 1n]));
        expect((await collect(reopened.readStream('item-a'))).map((e) => [e.type, e.streamRevision, e.position])).toEqual([
          ['A0', 0n, 1n],
          ['A1', 1n, 3n],
          ['A2', 2n, 5n],
        ]);
      });
    });

    it('keeps one order and per-stream concurrency between two instances on one log', async () => {
      const other = await log.open();
      await store.append([ev('item-a')]);
      expect(await other.streamRevision('item-a')).toBe(0n);
      await other.append([ev('item-a')], expecting(['item-a', 0n]));
      // `store` decided on revision 0 too: its write must conflict, whatever it knew before.
      await expectConflict(store.append([ev('item-a')], expecting(['item-a', 0n])), 'item-a', 1n);

      const writes: Promise<unknown>[] = [];
      for (let i = 0; i < 10; i++) {
        writes.push(store.append([ev(`s-${i}`), ev('shared')]));
        writes.push(other.append([ev(`o-${i}`), ev('shared')]));
      }
      await Promise.all(writes);
      const all = await readWholeLog(store);
      expect(all).toHaveLength(42);
      expect(await readWholeLog(other)).toEqual(all);
      expect(all.filter((e) => e.streamId === 'shared').map((e) => e.streamRevision)).toEqual([...Array(20).keys()].map(BigInt));
    });

    (target.crossInstanceNotifications ? it : it.skip)('notifies listeners of commits made by another instance', async () => {
      const other = await log.open();
      const seen: bigint[] = [];
      const unsubscribe = store.onCommitted((p) => seen.push(p));
      await new Promise((r) => setTimeout(r, 300)); // let the subscription start
      await other.append([ev('item-a'), ev('item-b')]);
      await waitFor(() => seen.includes(2n));
      unsubscribe();
    });
  });
}

const sqlite: ContractTarget = {
  name: 'sqlite',
  crossInstanceNotifications: false,
  bigTimeoutMs: 30_000,
  async createLog() {
    const dir = await mkdtemp(path.join(tmpdir(), 'strata-contract-'));
    const opened: EventStore[] = [];
    return {
      async open() {
        const store = new SqliteEventStore(path.join(dir, 'events.db'));
        opened.push(store);
        return store;
      },
      async dispose() {
        for (const s of opened) await s.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  },
  assertNoStagedLeftovers(store) {
    const log = (store as SqliteEventStore).file;
    expect(fs.readdirSync(path.dirname(log)).filter((f) => f.startsWith(`${path.basename(log)}-staged-`))).toEqual([]);
  },
};

eventStoreContract(sqlite);

describe('sqlite: an exclusive batch holds the log', () => {
  let log: ContractLog;
  let store: SqliteEventStore;

  beforeEach(async () => {
    log = await sqlite.createLog();
    store = (await log.open()) as SqliteEventStore;
  });
  afterEach(async () => {
    await log.dispose();
  });

  const settled = (promise: Promise<unknown>) => {
    const state = { settled: false };
    void promise.finally(() => (state.settled = true)).catch(() => undefined);
    return state;
  };

  it('makes an append wait until it is committed: the append comes after the batch', async () => {
    await store.append([ev('item-a')]);
    const batch = await store.stage({ exclusive: true });
    await batch.add([ev('item-a'), ev('item-b')]);

    const appending = store.append([ev('item-a')], expecting(['item-a', 1n]));
    const append = settled(appending);
    await new Promise((r) => setTimeout(r, 100));
    expect(append.settled).toBe(false);
    await batch.add([ev('item-c')]); // the batch goes on meanwhile
    expect(append.settled).toBe(false);

    expect(await batch.commit()).toEqual({ firstPosition: 2n, lastPosition: 4n });
    expect(await appending).toEqual({ firstPosition: 5n, lastPosition: 5n });
    expect((await readWholeLog(store)).map((e) => [e.streamId, e.streamRevision])).toEqual([
      ['item-a', 0n],
      ['item-a', 1n],
      ['item-b', 0n],
      ['item-c', 0n],
      ['item-a', 2n],
    ]);
  });

  it('makes the commit of a staged batch and another exclusive batch wait until it is discarded', async () => {
    const staged = await store.stage();
    await staged.add([ev('item-s')]);
    const batch = await store.stage({ exclusive: true });
    await batch.add([ev('item-x')]);

    const committing = staged.commit();
    const commit = settled(committing);
    const opening = store.stage({ exclusive: true });
    const next = settled(opening);
    await new Promise((r) => setTimeout(r, 100));
    expect([commit.settled, next.settled]).toEqual([false, false]);

    await batch.discard();
    expect(await committing).toEqual({ firstPosition: 1n, lastPosition: 1n });
    const second = await opening;
    await second.add([ev('item-y')]);
    expect(await second.commit()).toEqual({ firstPosition: 2n, lastPosition: 2n });
    expect((await readWholeLog(store)).map((e) => e.streamId)).toEqual(['item-s', 'item-y']);
  });

  it('leaves nothing after a crash before its commit: the next append takes the next position', async () => {
    await store.append([ev('item-a')]);
    const dir = path.dirname(store.file);
    const wal = (d: string) => fs.statSync(path.join(d, 'events.db-wal')).size;
    const walBefore = wal(dir);
    const batch = await store.stage({ exclusive: true });
    const big = { text: 'x'.repeat(60_000) };
    // 24 MB: more than the connection's page cache (better-sqlite3's default, 16 MB) keeps.
    for (let i = 0; i < 4; i++) await batch.add(Array.from({ length: 100 }, (_, j) => ev(`item-${j}`, 'ItemRestored', big)));

    // What a crash leaves on disk: the log and its WAL, which holds frames of the batch but no
    // commit frame; without the -shm file, opening the copy recovers the log from the WAL.
    const crashed = path.join(dir, 'crashed');
    fs.mkdirSync(crashed);
    for (const f of ['events.db', 'events.db-wal']) fs.copyFileSync(path.join(dir, f), path.join(crashed, f));
    expect(wal(crashed)).toBeGreaterThan(walBefore + 4 * 1024 * 1024);
    await batch.discard();

    const recovered = new SqliteEventStore(path.join(crashed, 'events.db'));
    try {
      expect(await recovered.headPosition()).toBe(1n);
      expect((await readWholeLog(recovered)).map((e) => e.streamId)).toEqual(['item-a']);
      expect(await recovered.streamRevision('item-1')).toBe('no_stream');
      expect(await recovered.append([ev('item-1'), ev('item-a')])).toEqual({ firstPosition: 2n, lastPosition: 3n });
      expect(await recovered.streamRevision('item-1')).toBe(0n);
      expect(await recovered.streamRevision('item-a')).toBe(1n);
    } finally {
      await recovered.close();
    }
  });
});

/**
 * The EventStoreDB adapter over the in-memory server of `eventstoredb/testing` (limits,
 * concurrency, soft deletes, paging, subscriptions as the server has them): runs everywhere.
 */
export const esdbDouble: ContractTarget & { lastServer?: InMemoryEsdbServer } = {
  name: 'eventstoredb (in-memory server)',
  crossInstanceNotifications: true,
  bigTimeoutMs: 120_000,
  async createLog() {
    const server = new InMemoryEsdbServer();
    esdbDouble.lastServer = server;
    const opened: EventStore[] = [];
    return {
      async open() {
        const store = await EventStoreDbEventStore.connect(new InMemoryEsdbClient(server), {
          sweepDelayMs: null,
          resubscribeMs: 50,
          retry: { baseDelayMs: 1, maxDelayMs: 20 },
        });
        opened.push(store);
        return store;
      },
      async dispose() {
        for (const s of opened) await s.close();
      },
    };
  },
};

eventStoreContract(esdbDouble);

const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;
if (connectionString) {
  eventStoreContract({
    name: 'eventstoredb',
    crossInstanceNotifications: true,
    bigTimeoutMs: 300_000,
    async createLog() {
      // Every test gets its own streams on the shared server.
      const prefix = `strata_contract_${randomUUID().replace(/-/g, '')}`;
      const opened: EventStore[] = [];
      return {
        async open() {
          const store = await EventStoreDbEventStore.connect(connectionString, { prefix });
          opened.push(store);
          return store;
        },
        async dispose() {
          for (const s of opened) await s.close();
        },
      };
    },
  });
} else {
  describe.skip('event store contract: eventstoredb (set EVENTSTORE_CONNECTION_STRING to run)', () => {
    it('runs the contract against EventStoreDB', () => undefined);
  });
}
