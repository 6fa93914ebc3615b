/**
 * A write racing an item restore's commit on another instance (README "One writer at a time per
 * instance, one claim for all"): instance a has planned an item restore and is committing it;
 * instance b writes in between. The restore must not overwrite b's write or give a name b just
 * gave; it commits when b wrote elsewhere. Whole apps on one in-memory EventStoreDB server, whose
 * holds delay a's commit marker until b has written (test/several-instances.e2e-spec.ts).
 */
import { randomUUID } from 'node:crypto';
import type { EventData } from '@eventstore/db-client';
import { registerInMemoryServer, unregisterInMemoryServer } from '../src/event-store/eventstoredb/testing/in-memory-registry';
import type { InMemoryEsdbServer } from '../src/event-store/eventstoredb/testing/in-memory-esdb-server';
import { type TestApp, startApp, stopApp } from './support/test-app';
import { asText, restore } from './support/restore-helpers';
import { ruleBody } from './support/rule-bodies';
import { eventually } from './support/eventually';

/** The commit marker of an item restore: its batch writes the restore's record and items. */
const itemRestoreCommit = (e: EventData) => {
  const streams = ((e.data as { streams?: [string][] }).streams ?? []).map((s) => s[0]);
  return streams.some((s) => s.startsWith('restore-')) && streams.some((s) => s.startsWith('item-'));
};

describe('a write on another instance racing an item restore’s commit', () => {
  let name: string;
  let server: InMemoryEsdbServer;
  let a: TestApp;
  let b: TestApp;
  let folder: string;
  let target: string;

  beforeEach(async () => {
    name = `race-${randomUUID()}`;
    server = registerInMemoryServer(name);
    a = await startApp({ env: { EVENTSTORE_CONNECTION_STRING: `inmemory://${name}?user=a` } });
    b = await startApp({ env: { EVENTSTORE_CONNECTION_STRING: `inmemory://${name}?user=b` } });
    folder = (await a.admin().post('/api/items').send({ type: 'folder', name: 'Race' }).expect(201)).body.id;
    target = (await a.admin().post('/api/items').send({ type: 'rule', name: 'Target', folderId: folder, content: ruleBody() }).expect(201)).body.id;
    await eventually(
      () => b.admin().get(`/api/items/${target}`),
      (r) => r.status === 200,
    );
  }, 60_000);
  afterEach(async () => {
    server.releaseHolds();
    for (const app of [a, b]) await stopApp(app);
    unregisterInMemoryServer(name);
  });

  /** An item backup of the target (and its folder), edited; restored by a, its commit held until b has written. */
  async function restoreWhile(edit: (items: Record<string, unknown>[]) => void, query: string, meanwhile: () => Promise<void>) {
    const doc = JSON.parse(
      (
        await a
          .admin()
          .post('/api/backups')
          .send({ ids: [target] })
          .buffer(true)
          .parse(asText)
          .expect(200)
      ).body,
    );
    edit(doc.items);
    const release = server.hold({ user: 'a', stream: /-commits$/, match: itemRestoreCommit });
    const restoring = restore(a, [{ name: 'race.json', content: JSON.stringify(doc) }], query).then((r) => r);
    await eventually(
      async () => server.waiting,
      (n) => n > 0,
    );
    await meanwhile();
    release();
    return restoring;
  }
  /** An edit of the backup: `fields` over those of its rule. */
  const ruleWith = (fields: Record<string, unknown>) => (items: Record<string, unknown>[]) => {
    const rule = items.find((i) => i.type === 'rule')!;
    Object.assign(rule, fields);
  };
  const history = async (app: TestApp, id: string) =>
    ((await app.admin().get(`/api/items/${id}/history`).expect(200)).body as { change: string }[]).map((h) => h.change);
  const record = async (id: string) => (await a.admin().get(`/api/restores/${id}`).expect(200)).body;
  const lastRestore = async () => (await a.admin().get('/api/restores?kind=items&limit=1').expect(200)).body.items[0];

  it('b changed an item the restore replaces: the restore is refused (409) and writes nothing', async () => {
    const res = await restoreWhile(
      ruleWith({ description: 'from the backup' }),
      '?onConflict=replace',
      async () => void (await b.admin().patch(`/api/items/${target}`).send({ description: 'from b' }).expect(200)),
    );
    expect([res.status, res.body.code]).toEqual([409, 'CONFLICT']);
    expect(res.body.detail).toMatch(new RegExp(`item-${target} changed while the restore was planned`));
    const item = (
      await eventually(
        () => a.admin().get(`/api/items/${target}`),
        (r) => r.body.description === 'from b',
      )
    ).body;
    expect(item).toMatchObject({ version: 2, description: 'from b' });
    expect(await history(a, target)).toEqual(['created', 'description']);
    expect(await record((await lastRestore()).id)).toMatchObject({ status: 'failed', error: expect.stringMatching(/changed while the restore was planned/) });
  });

  it('b gave a name the restore gives: the restore is refused (409) and writes nothing', async () => {
    const res = await restoreWhile(
      ruleWith({ id: randomUUID(), name: 'Newcomer' }),
      '',
      async () => void (await b.admin().post('/api/items').send({ type: 'rule', name: 'Newcomer', folderId: folder, content: ruleBody() }).expect(201)),
    );
    expect([res.status, res.body.code]).toEqual([409, 'CONFLICT']);
    expect(res.body.detail).toMatch(/Newcomer.*run the restore again/);
    const named = await eventually(
      () => a.admin().get('/api/items?q=Newcomer'),
      (r) => r.body.items.length > 0,
    );
    expect(named.body.items.map((i: { path: string }) => i.path)).toEqual(['/Race/Newcomer']);
    expect((await record((await lastRestore()).id)).status).toBe('failed');
  });

  it('b wrote elsewhere: the restore commits after b’s write', async () => {
    let elsewhere = '';
    const res = await restoreWhile(ruleWith({ id: randomUUID(), name: 'Newcomer' }), '', async () => {
      elsewhere = (await b.admin().post('/api/items').send({ type: 'folder', name: 'Elsewhere' }).expect(201)).body.id;
    });
    expect(res.status).toBe(200);
    expect(res.body.counts).toEqual({ ok: 2, renamed: 0, replaced: 0, skipped: 0, failed: 0 });
    await a.admin().get(`/api/items/${elsewhere}`).expect(200);
    const restored = res.body.items.find((i: { type: string }) => i.type === 'rule');
    expect(restored).toMatchObject({ status: 'ok', path: '/Race/Newcomer' });
    expect(await record(res.body.restoreId)).toMatchObject({ status: 'succeeded' });
  });
});
