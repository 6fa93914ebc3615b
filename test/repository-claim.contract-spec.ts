/**
 * The repository's claim (DESIGN invariant 9, issue 21 finding 5) over the event-store port: the
 * same code on SQLite (two stores on one events.db stand for two processes on one host) and on
 * EventStoreDB (two instances on the in-memory server; on a real one too when
 * EVENTSTORE_CONNECTION_STRING is set).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DomainError } from '../src/common/errors';
import { Instance } from '../src/core/instance';
import { CLAIM_STREAM, RepositoryClaims } from '../src/core/repository-claim';
import { EventMetadata, EventStore, WrongExpectedRevisionError } from '../src/event-store/event-store';
import { SqliteEventStore } from '../src/event-store/sqlite/sqlite-event-store';
import { EventStoreDbEventStore } from '../src/event-store/eventstoredb/eventstoredb-event-store';
import { InMemoryEsdbServer } from '../src/event-store/eventstoredb/testing/in-memory-esdb-server';
import { InMemoryEsdbClient } from '../src/event-store/eventstoredb/testing/in-memory-esdb-client';

const META: EventMetadata = { userId: 'u', userName: 'admin', at: '2026-12-01T10:00:00.000Z', correlationId: 'r', causationId: 'r' };
const write = (id: string) => [{ streamId: `item-${id}`, type: 'ItemRenamed', data: { name: id }, metadata: META }];

const targets: { name: string; open: () => Promise<{ stores: [EventStore, EventStore]; close: () => Promise<void> }> }[] = [
  {
    name: 'sqlite, two processes on one events.db',
    async open() {
      const dir = await mkdtemp(path.join(tmpdir(), 'strata-claim-'));
      const stores: [EventStore, EventStore] = [new SqliteEventStore(path.join(dir, 'events.db')), new SqliteEventStore(path.join(dir, 'events.db'))];
      return { stores, close: async () => (await Promise.all(stores.map((s) => s.close())), await rm(dir, { recursive: true, force: true })) };
    },
  },
  {
    name: 'eventstoredb, two instances on one server',
    async open() {
      const server = new InMemoryEsdbServer();
      const connect = (p: string) =>
        EventStoreDbEventStore.connect(new InMemoryEsdbClient(server, 'admin', p), { sweepDelayMs: null, retry: { baseDelayMs: 1 } });
      const stores: [EventStore, EventStore] = [await connect('one'), await connect('two')];
      return { stores, close: async () => void (await Promise.all(stores.map((s) => s.close()))) };
    },
  },
];

const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;
if (connectionString) {
  targets.push({
    name: 'eventstoredb, two instances on a real server',
    async open() {
      const prefix = `strata_claim_${Date.now()}_${Math.floor(Math.random() * 1e9)}`;
      const connect = () => EventStoreDbEventStore.connect(connectionString, { prefix, sweepDelayMs: null });
      const stores: [EventStore, EventStore] = [await connect(), await connect()];
      return { stores, close: async () => void (await Promise.all(stores.map((s) => s.close()))) };
    },
  });
}

describe.each(targets)('the repository claim: $name', ({ open }) => {
  let stores: [EventStore, EventStore];
  let close: () => Promise<void>;
  let one: RepositoryClaims;
  let two: RepositoryClaims;

  beforeEach(async () => {
    ({ stores, close } = await open());
    one = new RepositoryClaims(stores[0], new Instance('one', 400));
    two = new RepositoryClaims(stores[1], new Instance('two', 400));
  });
  afterEach(() => close());

  const refused = (p: Promise<unknown>) => expect(p).rejects.toMatchObject({ code: 'RESTORE_IN_PROGRESS' } satisfies Partial<DomainError>);

  it('is held by one restore at a time; a write decided before it fails after it; the commit releases it', async () => {
    const [stream, free] = await two.expectFree(); // `two` decides a write…
    const claim = await one.claim('restore-1', META); // …`one` claims meanwhile
    await refused(two.expectFree());
    await refused(two.claim('restore-2', META));
    const late = await stores[1].append(write('a'), { expected: new Map([[stream, free]]) }).catch((e: unknown) => e);
    expect(late).toBeInstanceOf(WrongExpectedRevisionError);
    expect((late as WrongExpectedRevisionError).streamId).toBe(CLAIM_STREAM);

    const batch = await stores[0].stage({ exclusive: true });
    await batch.add(write('b'));
    await claim.commit(batch);
    const [, released] = await two.expectFree();
    await stores[1].append(write('a'), { expected: new Map([[CLAIM_STREAM, released]]) });
    (await two.claim('restore-2', META)).stop();
  });

  it('stays held while renewed, and may be taken over once its holder stopped renewing it', async () => {
    const claim = await one.claim('restore-1', META);
    await new Promise((r) => setTimeout(r, 600)); // longer than the lease: renewals keep it
    await refused(two.claim('restore-2', META));
    claim.stop(); // its instance died
    await new Promise((r) => setTimeout(r, 500));
    const taken = await two.claim('restore-2', META);
    // The first holder's commit, late, must fail: its claim is gone.
    const batch = await stores[0].stage();
    await batch.add(write('x'));
    await refused(claim.commit(batch));
    await batch.discard();
    taken.stop();
  });

  it('is released by a failed restore, and a stale claim by whoever finds it (once)', async () => {
    const claim = await one.claim('restore-1', META);
    await claim.release();
    const again = await two.claim('restore-2', META);
    again.stop();
    expect(await one.releaseStale('restore-2', META)).toBe(true);
    expect(await two.releaseStale('restore-2', META)).toBe(false);
    await one.expectFree();
  });
});
