/**
 * Several Strata instances on one EventStoreDB log (DESIGN invariant 9, issue 21 finding 5): whole
 * apps, each with its own data dir and read model, on one in-memory server that behaves like
 * EventStoreDB. What must be exclusive is decided through the log, so it holds across them.
 * The server's holds delay one instance's appends, to put two instances' writes in a known order.
 */
import { randomUUID } from 'node:crypto';
import type { EventData } from '@eventstore/db-client';
import { registerInMemoryServer, unregisterInMemoryServer } from '../src/event-store/eventstoredb/testing/in-memory-registry';
import type { InMemoryEsdbServer } from '../src/event-store/eventstoredb/testing/in-memory-esdb-server';
import { type TestApp, startApp, stopApp } from './support/test-app';
import { EventStoreDbEventStore } from '../src/event-store/eventstoredb/eventstoredb-event-store';
import { InMemoryEsdbClient } from '../src/event-store/eventstoredb/testing/in-memory-esdb-client';
import { EventStoreDbSecretStore } from '../src/secrets/eventstoredb-secret-store';
import { SecretBox } from '../src/secrets/secret-box';
import { eventually } from './support/eventually';

const KEY = Buffer.alloc(32, 3);

/** A commit marker whose batch writes both the claim stream and a restore's record: a full restore's commit. */
const restoreCommit = (e: EventData) => {
  const streams = (e.data as { streams?: [string][] }).streams ?? [];
  return streams.some((s) => s[0] === 'claim-repository') && streams.some((s) => s[0].startsWith('restore-'));
};

describe('several instances on one EventStoreDB log', () => {
  let name: string;
  let server: InMemoryEsdbServer;
  const apps: TestApp[] = [];
  const instance = async (user: string) => {
    const app = await startApp({ env: { EVENTSTORE_CONNECTION_STRING: `inmemory://${name}?user=${user}`, STRATA_SECRET_KEY: KEY.toString('base64') } });
    apps.push(app);
    return app;
  };

  beforeEach(() => {
    name = `several-${randomUUID()}`;
    server = registerInMemoryServer(name);
  });
  afterEach(async () => {
    server.releaseHolds();
    for (const app of apps.splice(0)) await stopApp(app);
    unregisterInMemoryServer(name);
  });

  it('cannot run two full restores at once; writes on the other instance get 409 meanwhile, reads go on, and its start leaves the restore alone', async () => {
    const a = await instance('a');
    const b = await instance('b');
    const folder = (await a.admin().post('/api/items').send({ type: 'folder', name: 'Kept' }).expect(201)).body.id;
    const backup = (await a.admin().get('/api/admin/repository/backup').buffer(true).parse(text).expect(200)).body as string;
    await eventually(
      () => b.admin().get(`/api/items/${folder}`),
      (r) => r.status === 200,
    );

    const release = server.hold({ user: 'a', match: restoreCommit }); // a's restore cannot commit yet
    const started = await a
      .admin()
      .post('/api/admin/repository/restore')
      .set('Prefer', 'respond-async')
      .set('Content-Type', 'application/json')
      .send(backup)
      .expect(202);
    const id = started.body.restoreId;
    await eventually(
      async () => server.waiting,
      (n) => n > 0,
    );

    const patch = await b.admin().patch(`/api/items/${folder}`).send({ description: 'during' });
    expect([patch.status, patch.body.code]).toEqual([409, 'RESTORE_IN_PROGRESS']);
    const create = await b.admin().post('/api/items').send({ type: 'folder', name: 'During' });
    expect([create.status, create.body.code]).toEqual([409, 'RESTORE_IN_PROGRESS']);
    const second = await b.admin().post('/api/admin/repository/restore').set('Content-Type', 'application/json').send(backup);
    expect([second.status, second.body.code]).toEqual([409, 'RESTORE_IN_PROGRESS']);
    const rollback = await b.admin().post('/api/admin/repository/rollback').send({ position: '1' });
    expect([rollback.status, rollback.body.code]).toEqual([409, 'RESTORE_IN_PROGRESS']);
    await b.admin().get(`/api/items/${folder}`).expect(200);

    // A third instance starts meanwhile: its start-up sweep must not fail a's running restore.
    const c = await instance('c');
    expect((await c.admin().get(`/api/restores/${id}`).expect(200)).body.status).toBe('running');

    release();
    const done = await eventually(
      () => a.admin().get(`/api/restores/${id}`),
      (r) => r.body.status !== 'running',
    );
    expect(done.body).toMatchObject({ status: 'succeeded' });
    expect(done.body.error).toBeUndefined();
    await eventually(
      () => b.admin().patch(`/api/items/${folder}`).send({ description: 'after' }),
      (r) => r.status === 200,
    );
  }, 60_000);

  it('gives a name once when two instances give it at the same time', async () => {
    const a = await instance('a');
    const b = await instance('b');
    await a.admin().get('/api/tree').expect(200);

    const release = server.hold({ user: 'a', stream: /-commits$/ }); // a decided, its commit is slow
    const fromA = a
      .admin()
      .post('/api/items')
      .send({ type: 'folder', name: 'Same' })
      .then((r) => r);
    await eventually(
      async () => server.waiting,
      (n) => n > 0,
    );
    await b.admin().post('/api/items').send({ type: 'folder', name: 'Same' }).expect(201);
    release();
    const refused = await fromA;
    expect([refused.status, refused.body.code]).toEqual([409, 'ITEM_NAME_TAKEN']);

    const named = async (app: TestApp) => (await app.admin().get('/api/items?q=Same').expect(200)).body.items.length;
    expect(await named(a)).toBe(1);
    await eventually(
      () => named(b),
      (n) => n === 1,
    );
  }, 60_000);

  it('keeps no password of a command that lost its race (412) on another instance', async () => {
    const a = await instance('a');
    const b = await instance('b');
    const store = {
      type: 'datastore',
      name: 'Roads',
      content: { importType: 'FileGDB', importCredentials: [{ name: 'Password', datatype: 'password', value: null, displayValue: '****' }] },
    };
    const id = (await a.admin().post('/api/items').send(store).expect(201)).body.id;
    await eventually(
      () => b.admin().get(`/api/items/${id}`),
      (r) => r.status === 200,
    );

    const release = server.hold({ user: 'a', stream: /-commits$/ });
    const fromA = a
      .admin()
      .put(`/api/items/${id}/password`)
      .set('If-Match', '"1"')
      .send({ name: 'Password', value: 'from-a' })
      .then((r) => r);
    await eventually(
      async () => server.waiting,
      (n) => n > 0,
    );
    await b.admin().put(`/api/items/${id}/password`).set('If-Match', '"1"').send({ name: 'Password', value: 'from-b' }).expect(204);
    release();
    expect((await fromA).status).toBe(412);

    const reader = await EventStoreDbEventStore.connect(new InMemoryEsdbClient(server, 'reader', 'reader'), { sweepDelayMs: null });
    try {
      const secrets = new EventStoreDbSecretStore(reader, SecretBox.fromConfig(KEY, '/nonexistent'));
      expect(await secrets.get(id, 'importCredentials', 'Password')).toBe('from-b');
      expect(server.read('admin', `strata-secret-${id}`, 'start', 100, false)).toHaveLength(1);
    } finally {
      await reader.close();
    }
  }, 60_000);
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function text(res: any, done: (err: Error | null, body: string) => void): void {
  let body = '';
  res.setEncoding('utf8');
  res.on('data', (c: string) => (body += c));
  res.on('end', () => done(null, body));
}
