import { appForSuite, removeDir, startApp } from './support/test-app';
import { actionBody, ruleBody } from './support/rule-bodies';

/** Resolves once the clock has moved to a later millisecond (moments are ISO times to the millisecond). */
const nextMillisecond = async () => {
  const now = Date.now();
  while (Date.now() <= now) await new Promise((r) => setImmediate(r));
};

/** SPEC §7: the repository as of any moment, changes between moments, rollback, audit. */
describe('time travel and audit (e2e)', () => {
  const ids: Record<string, string> = {};
  const moments: Record<string, { time: string; position: string }> = {};

  /** A moment strictly after every commit before it and strictly before every commit after it. */
  const mark = async (name: string) => {
    await nextMillisecond();
    moments[name] = { time: new Date().toISOString(), position: (await t.admin().get('/api/health').expect(200)).body.position };
    await nextMillisecond();
  };
  const names = (page: { items: { name: string }[] }) => page.items.map((i) => i.name).sort();
  const backupItems = async (query: string) => {
    const res = await t.admin().get(`/api/admin/repository/backup${query}`).buffer(true).parse(text).expect(200);
    const doc = JSON.parse(res.body as string);
    return (doc.items as { id: string }[]).sort((a, b) => a.id.localeCompare(b.id));
  };

  const t = appForSuite({
    setup: async () => {
      await mark('empty');
      ids.folder = (await t.admin().post('/api/items').send({ type: 'folder', name: 'Checks' }).expect(201)).body.id;
      ids.rule = (await t.admin().post('/api/items').send({ type: 'rule', name: 'Original', folderId: ids.folder, content: ruleBody() }).expect(201)).body.id;
      ids.action = (await t.admin().post('/api/items').send({ type: 'action', name: 'Fixer', content: actionBody() }).expect(201)).body.id;
      await mark('first');
      await t.admin().patch(`/api/items/${ids.rule}`).send({ name: 'Renamed', description: 'second thoughts' }).expect(200);
      await t.admin().delete(`/api/items/${ids.action}`).expect(204);
      ids.late = (await t.admin().post('/api/items').send({ type: 'rule', name: 'Late', content: ruleBody() }).expect(201)).body.id;
      await mark('second');
    },
    timeout: 180_000,
  });

  it.each(['time', 'position'] as const)('answers items, one item and the tree as of a moment (by %s)', async (by) => {
    const q = (m: string) => (by === 'time' ? `asOf=${encodeURIComponent(moments[m].time)}` : `position=${moments[m].position}`);
    const body = async (url: string) => (await t.admin().get(url).expect(200)).body;
    expect(names(await body(`/api/items?${q('first')}`))).toEqual(['Checks', 'Fixer', 'Original']);
    expect(names(await body(`/api/items?${q('second')}`))).toEqual(['Checks', 'Late', 'Renamed']);
    expect((await body(`/api/items?${q('empty')}`)).items).toEqual([]);
    const then = await body(`/api/items/${ids.rule}?${q('first')}`);
    expect(then).toMatchObject({ name: 'Original', description: '', path: '/Checks/Original', version: 1 });
    const deleted = await body(`/api/items/${ids.action}?${q('first')}`);
    expect(deleted.name).toBe('Fixer');
    await t.admin().get(`/api/items/${ids.action}`).expect(404);
    const tree = (await body(`/api/tree?${q('first')}`)).items;
    expect(tree.map((n: { name: string }) => n.name).sort()).toEqual(['Checks', 'Fixer']);
    expect(tree.find((n: { name: string }) => n.name === 'Checks').children.map((c: { name: string }) => c.name)).toEqual(['Original']);
  });

  it('refuses future and unreadable moments (400)', async () => {
    const future = new Date(Date.now() + 86_400_000).toISOString();
    expect((await t.admin().get(`/api/items?asOf=${future}`).expect(400)).body.code).toBe('VALIDATION_FAILED');
    await t.admin().get('/api/items?asOf=yesterday').expect(400);
    await t.admin().get('/api/tree?position=99999999').expect(400);
    await t.admin().get(`/api/items?asOf=${moments.first.time}&position=1`).expect(400);
  });

  it('lists changes between two moments, with what changed', async () => {
    const res = await t
      .admin()
      .get(`/api/changes?from=${encodeURIComponent(moments.first.time)}&to=${moments.second.position}`)
      .expect(200);
    const byId = Object.fromEntries(res.body.items.map((c: { id: string }) => [c.id, c]));
    expect(byId[ids.rule]).toMatchObject({ change: 'changed', fields: ['name', 'description', 'metadata'], name: 'Renamed' });
    expect(byId[ids.action]).toMatchObject({ change: 'deleted', name: 'Fixer' });
    expect(byId[ids.late]).toMatchObject({ change: 'created', path: '/Late' });
    expect(byId[ids.folder]).toBeUndefined();
    const paged = await t.admin().get(`/api/changes?from=${moments.first.position}&limit=1`).expect(200);
    expect(paged.body.items).toHaveLength(1);
    expect(paged.body.nextCursor).toEqual(expect.any(String));
  });

  it('backs up the repository as of a moment', async () => {
    const then = await backupItems(`?asOf=${encodeURIComponent(moments.first.time)}`);
    expect(then.map((i) => (i as unknown as { name: string }).name).sort()).toEqual(['Checks', 'Fixer', 'Original']);
  });

  it('rolls back: the repository becomes its earlier self, recorded as a rollback with history', async () => {
    const earlier = await backupItems(`?position=${moments.first.position}`);
    const dry = await t.admin().post('/api/admin/repository/rollback').send({ asOf: moments.first.time, dryRun: true }).expect(200);
    expect(dry.body).toMatchObject({ kind: 'rollback', dryRun: true, counts: { created: 1, replaced: 1, deleted: 1, unchanged: 1 } });
    await t.admin().get(`/api/items/${ids.late}`).expect(200);

    const done = await t
      .admin()
      .post('/api/admin/repository/rollback')
      .send({ position: Number(moments.first.position) })
      .expect(200);
    expect(done.body.counts).toEqual({ created: 1, replaced: 1, deleted: 1, unchanged: 1 });
    expect(await backupItems('')).toEqual(earlier);
    const history = (await t.admin().get(`/api/items/${ids.action}/history`).expect(200)).body;
    expect(history.map((h: { change: string }) => h.change)).toEqual(['created', 'deleted', 'created']);
    expect(history[2].restoreId).toBe(done.body.restoreId);
    const asOfHistory = (await t.admin().get(`/api/items/${ids.action}/history?position=${moments.second.position}`).expect(200)).body;
    expect(asOfHistory.map((h: { change: string }) => h.change)).toEqual(['created', 'deleted']);
    const record = (await t.admin().get(`/api/restores/${done.body.restoreId}`).expect(200)).body;
    expect(record).toMatchObject({ kind: 'rollback', status: 'succeeded', user: { name: 'admin' }, dryRun: false });
  });

  it("shows users their own restores and admins everyone's, with filters and paging", async () => {
    const user = (await t.admin().post('/api/users').send({ name: 'auditee', role: 'user' }).expect(201)).body;
    const form = (token: string) =>
      t
        .as(token)
        .post('/api/restores')
        .attach('files', Buffer.from(JSON.stringify({ format: 'strata-backup', version: 1, items: [] })), 'empty.json');
    const mine = (await form(user.token).expect(200)).body.restoreId;
    const list = (await t.as(user.token).get('/api/restores').expect(200)).body;
    expect(list.items.map((r: { id: string }) => r.id)).toEqual([mine]);
    expect(list.items[0]).toMatchObject({ kind: 'items', user: { name: 'auditee' }, status: 'succeeded', dryRun: false, files: [{ name: 'empty.json' }] });
    const all = (await t.admin().get('/api/restores').expect(200)).body.items;
    expect(all.length).toBeGreaterThanOrEqual(3);
    expect(all.map((r: { startedAt: string }) => r.startedAt)).toEqual([...all.map((r: { startedAt: string }) => r.startedAt)].sort().reverse());
    expect((await t.admin().get('/api/restores?kind=rollback').expect(200)).body.items.every((r: { kind: string }) => r.kind === 'rollback')).toBe(true);
    expect((await t.admin().get('/api/restores?user=auditee').expect(200)).body.items.map((r: { id: string }) => r.id)).toEqual([mine]);
    expect(
      (
        await t
          .admin()
          .get(`/api/restores?since=${new Date(Date.now() + 1000).toISOString()}`)
          .expect(200)
      ).body.items,
    ).toEqual([]);
    const page = (await t.admin().get('/api/restores?limit=1').expect(200)).body;
    expect(page.items).toHaveLength(1);
    const next = (await t.admin().get(`/api/restores?limit=1&cursor=${page.nextCursor}`).expect(200)).body;
    expect(next.items[0].id).not.toBe(page.items[0].id);
    const adminRestore = all.find((r: { user: { name: string } }) => r.user.name === 'admin').id;
    await t.as(user.token).get(`/api/restores/${adminRestore}`).expect(404);
  });

  it('gives the same answers as of past moments after the read model is rebuilt from the log', async () => {
    const ask = async () =>
      Promise.all(
        ['empty', 'first', 'second'].flatMap((m) => [
          t
            .admin()
            .get(`/api/items?position=${moments[m].position}`)
            .then((r) => [r.status, r.body]),
          t
            .admin()
            .get(`/api/tree?asOf=${encodeURIComponent(moments[m].time)}`)
            .then((r) => [r.status, r.body]),
          t
            .admin()
            .get(`/api/changes?from=${moments[m].position}`)
            .then((r) => [r.status, r.body]),
        ]),
      );
    const before = await ask();
    expect(before.map(([status]) => status)).toEqual(Array(9).fill(200));
    // Not empty answers that would be equal whatever the rebuild did.
    expect(before[3][1].items.map((i: { name: string }) => i.name).sort()).toEqual(['Checks', 'Fixer', 'Original']);
    await t.close();
    for (const suffix of ['', '-wal', '-shm']) removeDir(`${t.dataDir}/view.db${suffix}`);
    Object.assign(t, await startApp({ dataDir: t.dataDir })); // the suite's app, again: its afterAll closes this one
    expect(await ask()).toEqual(before);
  });
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function text(res: any, done: (err: Error | null, body: string) => void): void {
  let body = '';
  res.on('data', (c: Buffer) => (body += c.toString()));
  res.on('end', () => done(null, body));
}
