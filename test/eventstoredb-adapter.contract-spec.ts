/**
 * The EventStoreDB adapter against the in-memory server (src/event-store/eventstoredb/testing),
 * which behaves like the server where the adapter relies on it: what a command reads, faults in
 * the middle of a batch, the client's shared append stream (PR #523), foreign events, orphaned
 * batches, subscriptions. Each test names the finding of issue 21 it covers.
 */
import { AccessDeniedError, jsonEvent } from '@eventstore/db-client';
import { EventMetadata, EventStore, NewEvent, RecordedEvent } from '../src/event-store/event-store';
import { EventStoreDbEventStore, EventStoreDbOptions } from '../src/event-store/eventstoredb/eventstoredb-event-store';
import { InMemoryEsdbServer } from '../src/event-store/eventstoredb/testing/in-memory-esdb-server';
import { InMemoryEsdbClient } from '../src/event-store/eventstoredb/testing/in-memory-esdb-client';
import { EventStoreDbSecretStore } from '../src/secrets/eventstoredb-secret-store';
import { SecretBox } from '../src/secrets/secret-box';

/** Staging streams (`<prefix>-batch-<boot>-<n>`), not their ranges streams. */
const STAGING = /-batch-[0-9a-f-]{36}-\d+$/;
const META: EventMetadata = { userId: 'u-1', userName: 'alice', at: '2026-12-01T10:00:00.000Z', correlationId: 'c', causationId: 'c' };
const ev = (streamId: string, data: unknown = { n: streamId }, type = 'ItemRenamed'): NewEvent => ({ streamId, type, data, metadata: META });

async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of source) out.push(item);
  return out;
}

async function eventually(check: () => boolean, ms = 3000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('EventStoreDB adapter on a server-like double (issue 21)', () => {
  let server: InMemoryEsdbServer;
  const opened: EventStore[] = [];
  const connect = async (options: EventStoreDbOptions = {}, user?: string) => {
    const store = await EventStoreDbEventStore.connect(new InMemoryEsdbClient(server, user), {
      sweepDelayMs: null,
      resubscribeMs: 50,
      retry: { baseDelayMs: 1, maxDelayMs: 10 },
      ...options,
    });
    opened.push(store);
    return store;
  };

  beforeEach(() => {
    server = new InMemoryEsdbServer();
  });
  afterEach(async () => {
    for (const s of opened.splice(0)) await s.close();
  });

  it("finding 1: a command after a 100,000-event restore reads its item's events, not the restore", async () => {
    const store = await connect();
    const staged = await store.stage({ exclusive: true });
    for (let from = 0; from < 100_000; from += 10_000) {
      const chunk: NewEvent[] = [];
      for (let i = from; i < from + 10_000; i++) chunk.push(ev(`item-${i}`, { i, content: 'x'.repeat(200) }, 'ItemCreated'));
      await staged.add(chunk);
    }
    await staged.commit();

    // What ItemStore.load and ItemStore.append do for a PATCH of one item.
    server.resetStats();
    const before = await collect(store.readStream('item-54321'));
    await store.append([ev('item-54321')], { expected: new Map([['item-54321', 0n]]) });
    const after = await collect(store.readStream('item-54321'));
    expect(before.map((e) => [e.streamRevision, e.position, (e.data as { i: number }).i])).toEqual([[0n, 54_322n, 54_321]]);
    expect(after.map((e) => e.streamRevision)).toEqual([0n, 1n]);
    expect(server.reads.events).toBeLessThan(100);
    expect(server.reads.bytes).toBeLessThan(50_000);

    // Another instance builds its index from markers and ranges: not one staged event read.
    server.resetStats();
    const other = await connect();
    expect(await other.streamRevision('item-99999')).toBe(0n);
    expect(server.eventsReadFrom(STAGING)).toBe(0);
  }, 120_000);

  it('finding 3: unavailable, a lost reply and a late reply in the middle of a staged batch, and the batch still commits once', async () => {
    const store = await connect({ maxChunkBytes: 16 * 1024 });
    server.inject({ op: 'append', stream: /-batch-/, kind: 'unavailable', after: 3 });
    server.inject({ op: 'append', stream: /-batch-/, kind: 'lost-reply', after: 6 });
    server.inject({ op: 'append', stream: /-batch-/, kind: 'late-reply', after: 9, times: 2 });
    server.inject({ op: 'append', stream: /-commits$/, kind: 'lost-reply' });
    server.inject({ op: 'read', stream: /-commits$/, kind: 'unavailable', after: 1 });
    const staged = await store.stage();
    for (let from = 0; from < 5_000; from += 500) {
      await staged.add(Array.from({ length: 500 }, (_, k) => ev(`item-${(from + k) % 50}`, { i: from + k, pad: 'y'.repeat(100) })));
    }
    expect(await staged.commit()).toEqual({ firstPosition: 1n, lastPosition: 5_000n });
    await new Promise((r) => setTimeout(r, server.lateReplyMs * 3)); // late replies land, idempotently

    const reader = await connect();
    const all = await collect(reader.readAll(0n));
    expect(all.map((e) => (e.data as { i: number }).i)).toEqual([...Array(5_000).keys()]);
    expect(await reader.streamRevision('item-7')).toBe(99n);
    expect(await reader.headPosition()).toBe(5_000n);
    // The staging stream holds each event once.
    const batch = server.streamNames().filter((n) => STAGING.test(n));
    expect(batch).toHaveLength(1);
    expect(server.read('admin', batch[0], 'start', 1e9, false)).toHaveLength(5_000);
  });

  it("finding 3 (PR #523): a transport error on the client's shared append stream fails no commit", async () => {
    const a = await connect();
    const b = await connect();
    InMemoryEsdbClient.mostAppendsInFlight();
    const writes: Promise<unknown>[] = [];
    for (let i = 0; i < 10; i++) {
      writes.push(a.append([ev(`a-${i}`), ev('shared')]));
      writes.push(b.append([ev(`b-${i}`), ev('shared')]));
    }
    let broken = 0;
    const breaker = setInterval(() => (broken += InMemoryEsdbClient.breakAppendStreams()), 1);
    await Promise.all(writes).finally(() => clearInterval(breaker));
    expect(broken).toBeGreaterThan(0);
    // One append in flight per process: a break fails only that one, which is retried.
    expect(InMemoryEsdbClient.mostAppendsInFlight()).toBeLessThanOrEqual(1);
    const all = await collect(a.readAll(0n));
    expect(all).toHaveLength(40);
    expect(all.filter((e) => e.streamId === 'shared').map((e) => e.streamRevision)).toEqual([...Array(20).keys()].map(BigInt));
  });

  it("finding 6: the batch of a process that died before its marker is swept by its instance's next start; nothing else is", async () => {
    const dead = await connect({ instanceId: 'i-1', maxChunkBytes: 1024 });
    const live = await connect({ instanceId: 'i-2', maxChunkBytes: 1024 });
    await dead.append([ev('item-kept', { pad: 'k'.repeat(2000) })]);
    const orphan = await dead.stage();
    await orphan.add(Array.from({ length: 10 }, (_, i) => ev(`item-o${i}`, { pad: 'o'.repeat(500) })));
    const pending = await live.stage();
    await pending.add(Array.from({ length: 10 }, (_, i) => ev(`item-p${i}`, { pad: 'p'.repeat(500) })));
    const streamsBefore = server.streamNames();
    expect(streamsBefore).toContain(orphan.id);
    await dead.close(); // the process dies: nothing discards its batch

    expect(await live.sweep()).toBe(0); // instance i-1 has not started again: maybe only slow
    const restarted = await connect({ instanceId: 'i-1' });
    expect(await restarted.sweep()).toBe(1);
    expect(server.streamNames()).not.toContain(orphan.id);
    expect(server.streamNames()).toContain(pending.id);
    expect(await restarted.sweep()).toBe(0); // recorded as swept

    expect(await pending.commit()).toEqual({ firstPosition: 2n, lastPosition: 11n });
    expect((await collect(restarted.readAll(0n))).map((e) => e.streamId)).toEqual(['item-kept', ...Array.from({ length: 10 }, (_, i) => `item-p${i}`)]);
  });

  it('finding 7: a foreign or forged event in the commit log is skipped by every instance, and the log goes on', async () => {
    const warnings: string[] = [];
    const a = await connect({ prefix: 'strata', onWarning: (m) => warnings.push(m) });
    await a.append([ev('item-a')]);
    const raw = new InMemoryEsdbClient(server);
    await raw.appendToStream('strata-commits', jsonEvent({ type: 'Hello', data: { from: 'someone' } }));
    await raw.appendToStream(
      'strata-commits',
      jsonEvent({ type: 'BatchCommitted', data: { batch: 'strata-batch-x', count: 1, firstPosition: '9', lastPosition: '9', streams: [['item-a', 7, 7, 0]] } }),
    );
    await raw.appendToStream(
      'strata-commits',
      jsonEvent({ type: 'BatchCommitted', data: { batch: 'elsewhere', count: 1, firstPosition: '2', lastPosition: '2', streams: [['item-a', 1, 1, 0]] } }),
    );

    const b = await connect({ prefix: 'strata', onWarning: (m) => warnings.push(m) });
    expect(await a.append([ev('item-a')], { expected: new Map([['item-a', 0n]]) })).toEqual({ firstPosition: 2n, lastPosition: 2n });
    expect(await b.append([ev('item-b')])).toEqual({ firstPosition: 3n, lastPosition: 3n });
    const fromA = await collect(a.readAll(0n));
    expect(fromA.map((e) => [e.streamId, e.streamRevision])).toEqual([
      ['item-a', 0n],
      ['item-a', 1n],
      ['item-b', 0n],
    ]);
    expect(await collect(b.readAll(0n))).toEqual(fromA);
    expect(warnings.filter((w) => w.includes('skipped')).length).toBeGreaterThanOrEqual(6); // 3 holes, seen by each
  });

  it('finding 7: with an owner, nobody else may write the commit log or the journal', async () => {
    const store = await connect({ prefix: 'strata', owner: 'strata' }, 'strata');
    await store.append([ev('item-a')]);
    const mallory = new InMemoryEsdbClient(server, 'mallory');
    await expect(mallory.appendToStream('strata-commits', jsonEvent({ type: 'Hello', data: {} }))).rejects.toBeInstanceOf(AccessDeniedError);
    await expect(mallory.appendToStream('strata-journal', jsonEvent({ type: 'BootSwept', data: { boot: 'x' } }))).rejects.toBeInstanceOf(AccessDeniedError);
    expect(await store.append([ev('item-a')])).toEqual({ firstPosition: 2n, lastPosition: 2n });
  });

  it("finding 7: secrets live under the configured prefix, the later event's value wins, and foreign values are ignored", async () => {
    const store = (await connect({ prefix: 'tenant_a' })) as EventStoreDbEventStore;
    const box = SecretBox.fromConfig(Buffer.alloc(32, 7), '/nonexistent');
    const secrets = new EventStoreDbSecretStore(store, box);
    await secrets.put('i1', 'importCredentials', 'pw', 'newer', 5n);
    await secrets.put('i1', 'importCredentials', 'pw', 'older', 3n); // a slower command, decided earlier
    const raw = new InMemoryEsdbClient(server);
    await raw.appendToStream(
      'tenant_a-secret-i1',
      jsonEvent({ type: 'SecretSealed', data: { list: 'importCredentials', name: 'pw', sealed: 'AAAA.BBBB.CCCC', revision: '9' } }),
    );
    expect(server.streamNames()).toContain('tenant_a-secret-i1');
    expect(server.streamNames().some((n) => n.startsWith('strata-secret-'))).toBe(false);
    expect(await secrets.get('i1', 'importCredentials', 'pw')).toBe('newer');
    expect(await secrets.get('i2', 'importCredentials', 'pw')).toBeNull();
  });

  it('finding 8: a commit made by another instance between the first catch-up and the subscription is announced', async () => {
    const a = await connect();
    const b = await connect();
    const { lastPosition } = await b.append([ev('item-b')]); // a has caught up already, and subscribes only now
    const seen: bigint[] = [];
    a.onCommitted((p) => seen.push(p));
    await eventually(() => seen.includes(lastPosition));
  });

  it('finding 8: after a dropped subscription, commits of another instance are announced again', async () => {
    const a = await connect();
    const b = await connect();
    const seen: bigint[] = [];
    a.onCommitted((p) => seen.push(p));
    await b.append([ev('item-1')]);
    await eventually(() => seen.includes(1n));
    server.dropSubscriptions();
    const { lastPosition } = await b.append([ev('item-2')]);
    await eventually(() => seen.includes(lastPosition));
    const next = await b.append([ev('item-3')]);
    await eventually(() => seen.includes(next.lastPosition));
  });

  it('reads one stream across many batches with one read per run of its events', async () => {
    const store = await connect();
    for (let i = 0; i < 5; i++) await store.append([ev('item-a', { i }), ev(`item-${i}`), ev('item-a', { i, second: true })]);
    server.resetStats();
    const events: RecordedEvent[] = await collect(store.readStream('item-a', { from: 2n }));
    expect(events.map((e) => e.streamRevision)).toEqual([2n, 3n, 4n, 5n, 6n, 7n, 8n, 9n]);
    expect(server.eventsReadFrom(/-batch-/)).toBe(8);
  });
});
