/**
 * What the EventStoreDB server cannot store (an event over its 1 MiB MaxAppendSize), no store
 * takes (issue 21, finding 4): the API answers 413, an item restore fails the item with its reason
 * and loads the rest, a full restore refuses the backup — on SQLite as on EventStoreDB.
 */
import { randomUUID } from 'node:crypto';
import { registerInMemoryServer, unregisterInMemoryServer } from '../src/event-store/eventstoredb/testing/in-memory-registry';
import { restore } from './support/restore-helpers';
import { removeDir, startApp, type TestApp } from './support/test-app';

const backup = (items: Record<string, unknown>[]) =>
  JSON.stringify({
    format: 'strata-backup',
    version: 1,
    scope: 'repository',
    createdAt: '2026-12-01T00:00:00.000Z',
    createdBy: 'test',
    position: '0',
    items: items.map((i) => ({
      folderPath: '/',
      description: '',
      comments: '',
      createdBy: 'x',
      createdAt: '2026-01-01T00:00:00.000Z',
      lastEditedBy: 'x',
      lastEditedAt: '2026-01-01T00:00:00.000Z',
      ...i,
    })),
  });

const small = { id: randomUUID(), type: 'discovery-spec', name: 'Small', content: { note: 'fits' } };
const huge = { id: randomUUID(), type: 'discovery-spec', name: 'Huge', content: { blob: 'z'.repeat(1_100_000) } };

describe.each(['sqlite', 'eventstoredb'])('items too large to store, on %s', (kind) => {
  let t: TestApp;
  const server = `size-${randomUUID()}`;

  beforeAll(async () => {
    if (kind === 'eventstoredb') registerInMemoryServer(server);
    t = await startApp({ env: kind === 'eventstoredb' ? { EVENTSTORE_CONNECTION_STRING: `inmemory://${server}` } : {} });
  });
  afterAll(async () => {
    await t.close();
    removeDir(t.dataDir);
    unregisterInMemoryServer(server);
  });

  it('answers 413 to an API write, and keeps the item as it was', async () => {
    const res = await t.admin().post('/api/items').send({ type: 'discovery-spec', name: 'Big', content: huge.content });
    expect([res.status, res.body.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    const id = (
      await t
        .admin()
        .post('/api/items')
        .send({ type: 'discovery-spec', name: 'Grows', content: { a: 1 } })
        .expect(201)
    ).body.id;
    const grow = await t.admin().patch(`/api/items/${id}`).send({ content: huge.content });
    expect(grow.status).toBe(413);
    expect((await t.admin().get(`/api/items/${id}`).expect(200)).body.content).toEqual({ a: 1 });
  });

  it('fails the item in an item restore, with its reason, and loads the rest', async () => {
    const res = await restore(t, [{ name: 'mixed.json', content: backup([small, huge]) }]).expect(200);
    expect(res.body.counts).toMatchObject({ ok: 1, failed: 1 });
    const items = (await t.admin().get(`/api/restores/${res.body.restoreId}/items`).expect(200)).body.items;
    expect(items.find((i: { sourcePath: string }) => i.sourcePath === '/Huge')).toMatchObject({
      status: 'failed',
      reason: expect.stringContaining('too large to store'),
    });
  });

  it('refuses a full restore of a backup holding such an item (422), writing nothing', async () => {
    const res = await t
      .admin()
      .post('/api/admin/repository/restore')
      .set('Content-Type', 'application/json')
      .send(backup([small, huge]));
    expect([res.status, res.body.code]).toEqual([422, 'INVALID_BACKUP']);
    expect(res.body.detail).toContain('too large to store');
  });
});
