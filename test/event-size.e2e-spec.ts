/**
 * What the EventStoreDB server cannot store (an event over its 1 MiB MaxAppendSize), no store
 * takes (issue 21, finding 4): the API answers 413, an item restore fails the item with its reason
 * and loads the rest, a full restore refuses the backup — on SQLite as on EventStoreDB.
 */
import { randomUUID } from 'node:crypto';
import { registerInMemoryServer, unregisterInMemoryServer } from '../src/event-store/eventstoredb/testing/in-memory-registry';
import { backupDocument, backupItem, restore } from './support/restore-helpers';
import { appForSuite } from './support/test-app';

/** A repository backup of `items` (backupItem's defaults for the fields they leave out). */
const backup = (items: Parameters<typeof backupItem>[0][]) => backupDocument(items.map(backupItem), 'repository');

const small = { id: randomUUID(), type: 'discovery-spec', name: 'Small', content: { note: 'fits' } };
const huge = { id: randomUUID(), type: 'discovery-spec', name: 'Huge', content: { blob: 'z'.repeat(1_100_000) } };

describe.each(['sqlite', 'eventstoredb'])('items too large to store, on %s', (kind) => {
  const server = `size-${randomUUID()}`;

  // Hooks run in the order they are declared: the server is there before the app starts, and after it has closed.
  beforeAll(() => {
    if (kind === 'eventstoredb') registerInMemoryServer(server);
  });
  const t = appForSuite({ env: kind === 'eventstoredb' ? { EVENTSTORE_CONNECTION_STRING: `inmemory://${server}` } : {} });
  afterAll(() => unregisterInMemoryServer(server));

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
