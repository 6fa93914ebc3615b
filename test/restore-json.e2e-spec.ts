import { appForSuite } from './support/test-app';
import { actionBody, actionTemplateBody, ruleBody, ruleTemplateBody } from './support/rule-bodies';
import { ReportItem, backupDocument, backupItem, backupText, create, createInto, entry, item, restore, tree, withFreshIds } from './support/restore-helpers';

const SECRET = 'json-round-trip-secret-Zq7';
/** The content of the data store the session opens: a password, which no backup holds. */
const ROADS_STORE = { importType: 'FileGDB', importCredentials: [{ name: 'Password', datatype: 'password', value: SECRET }] };

/** SPEC §5 with Strata JSON backups the service wrote itself: rewiring, conflict policies, dry run. */
describe('restoring Strata JSON backups (e2e)', () => {
  const ids: Record<string, string> = {};
  let backup: string;

  const t = appForSuite({
    setup: async () => {
      const add = createInto(t, ids);
      await add('project', { type: 'folder', name: 'Project', description: 'the project' });
      await add('templates', { type: 'folder', name: 'Templates', folderId: ids.project });
      await add('checks', { type: 'folder', name: 'Checks', folderId: ids.project });
      await add('t1', { type: 'rule-template', name: 'Length Template', folderId: ids.templates, content: ruleTemplateBody() });
      await add('at1', { type: 'action-template', name: 'Report Template', folderId: ids.templates, content: actionTemplateBody() });
      await add('r1', { type: 'rule', name: 'Templated Rule', folderId: ids.checks, description: 'uses t1', content: ruleBody(ids.t1) });
      await add('r2', { type: 'rule', name: 'Plain Rule', folderId: ids.checks, content: ruleBody() });
      await add('a1', { type: 'action', name: 'Templated Action', folderId: ids.checks, content: actionBody(ids.at1) });
      await add('am1', { type: 'action-map', name: 'Fix Map', folderId: ids.checks, content: { pairs: [{ rule: ids.r1, action: ids.a1 }] } });
      await add('ds1', { type: 'datastore', name: 'Roads Store', folderId: ids.project, content: ROADS_STORE });
      await add('s1', {
        type: 'session',
        name: 'Nightly',
        folderId: ids.project,
        content: {
          tasks: [
            { kind: 'OpenData', label: 'open', datastore: ids.ds1 },
            { kind: 'CheckRules', rules: [ids.r1, ids.r2] },
            { kind: 'ApplyActions', actions: [ids.a1] },
            { kind: 'ApplyActionMap', actionMap: ids.am1 },
          ],
        },
      });
      backup = await backupText(t, [ids.s1]);
    },
    timeout: 180_000,
  });

  const keys = ['project', 'templates', 'checks', 't1', 'at1', 'r1', 'r2', 'a1', 'am1', 'ds1', 's1'];
  const copies = (items: ReportItem[]) => Object.fromEntries(items.map((i) => [Object.keys(ids).find((k) => ids[k] === i.sourceId)!, i]));
  const sessionRefs = (content: { tasks: Record<string, unknown>[] }) => content.tasks.map(({ kind, label, ...refs }) => refs);

  it('restores a session with everything it uses as new items pointing at the restored copies', async () => {
    const res = await restore(t, [{ name: 'nightly.json', content: backup }]).expect(200);
    expect(res.body).toMatchObject({ kind: 'items', dryRun: false, files: [{ name: 'nightly.json', format: 'strata-json' }] });
    expect(res.body.counts).toEqual({ ok: 3, renamed: 8, replaced: 0, skipped: 0, failed: 0 });
    const c = copies(res.body.items);
    expect(Object.keys(c).sort()).toEqual([...keys].sort());
    for (const k of ['project', 'templates', 'checks']) expect(c[k]).toMatchObject({ status: 'ok', id: ids[k] });
    for (const k of keys.slice(3)) {
      expect(c[k].status).toBe('renamed');
      expect(c[k].id).not.toBe(ids[k]);
      expect(c[k].path).toMatch(/ 2$/);
    }
    // New items get time-ordered ids (version 7), made in the report's order.
    const made = res.body.items.filter((i: ReportItem) => i.status === 'renamed').map((i: ReportItem) => i.id);
    for (const id of made) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(made).toEqual([...made].sort());

    const session = await item(t, c.s1.id!);
    expect(session).toMatchObject({ name: 'Nightly 2', folderId: ids.project });
    expect(sessionRefs(session.content)).toEqual([{ datastore: c.ds1.id }, { rules: [c.r1.id, c.r2.id] }, { actions: [c.a1.id] }, { actionMap: c.am1.id }]);
    expect((await item(t, c.am1.id!)).content.pairs).toEqual([{ rule: c.r1.id, action: c.a1.id }]);
    const rule = await item(t, c.r1.id!);
    expect(rule).toMatchObject({ description: 'uses t1', createdBy: 'admin', complete: true });
    expect(rule.content).toEqual(ruleBody(c.t1.id));
    expect((await item(t, c.a1.id!)).content).toEqual(actionBody(c.at1.id));
    // the originals are untouched
    expect((await item(t, ids.r1)).content).toEqual(ruleBody(ids.t1));
  });

  it('backing the restored copies up gives the items as they were made, renamed and pointing at the copies', async () => {
    const first = await restore(t, [{ name: 'again.json', content: backup }]).expect(200);
    const c = copies(first.body.items);
    const id = (k: string) => c[k].id!;
    const again = JSON.parse(await backupText(t, [id('s1')]));
    // Written out from what beforeAll made: each copy in its place, a second copy of each non-folder
    // named "… 3", references to the copies, the password gone, Created/Last Edited as the originals'.
    const made: Record<string, [type: string, name: string, folderPath: string, content: Record<string, unknown>, description?: string]> = {
      project: ['folder', 'Project', '/', {}, 'the project'],
      templates: ['folder', 'Templates', '/Project', {}],
      checks: ['folder', 'Checks', '/Project', {}],
      t1: ['rule-template', 'Length Template 3', '/Project/Templates', ruleTemplateBody()],
      at1: ['action-template', 'Report Template 3', '/Project/Templates', actionTemplateBody()],
      ds1: ['datastore', 'Roads Store 3', '/Project', { importType: 'FileGDB', importCredentials: [{ name: 'Password', datatype: 'password', value: null }] }],
      r1: ['rule', 'Templated Rule 3', '/Project/Checks', ruleBody(id('t1')), 'uses t1'],
      r2: ['rule', 'Plain Rule 3', '/Project/Checks', ruleBody()],
      a1: ['action', 'Templated Action 3', '/Project/Checks', actionBody(id('at1'))],
      am1: ['action-map', 'Fix Map 3', '/Project/Checks', { pairs: [{ rule: id('r1'), action: id('a1') }] }],
      s1: [
        'session',
        'Nightly 3',
        '/Project',
        {
          tasks: [
            { kind: 'OpenData', label: 'open', datastore: id('ds1') },
            { kind: 'CheckRules', rules: [id('r1'), id('r2')] },
            { kind: 'ApplyActions', actions: [id('a1')] },
            { kind: 'ApplyActionMap', actionMap: id('am1') },
          ],
        },
      ],
    };
    const expected = await Promise.all(
      Object.entries(made).map(async ([k, [type, name, folderPath, content, description]]) => {
        const original = await item(t, ids[k]);
        return {
          id: id(k),
          type,
          name,
          folderPath,
          description: description ?? '',
          comments: '',
          createdBy: 'admin',
          createdAt: original.createdAt,
          lastEditedBy: 'admin',
          lastEditedAt: original.lastEditedAt,
          content,
        };
      }),
    );
    // Dependencies before dependents (SPEC §4): folders parents first, templates, data stores, rules, actions, maps, sessions.
    const order = ['folder', 'rule-template|action-template', 'datastore', 'rule', 'action', 'action-map', 'session'];
    const rank = (type: string) => order.findIndex((o) => o.split('|').includes(type));
    const ranks = again.items.map((i: { type: string }) => rank(i.type));
    expect(ranks).toEqual([...ranks].sort((x: number, y: number) => x - y));
    expect(again.items[0].id).toBe(ids.project);
    const byId = (items: { id: string }[]) => [...items].sort((x, y) => x.id.localeCompare(y.id));
    expect(byId(again.items)).toEqual(byId(expected));
  });

  it('onConflict=replace: existing items keep their id, take the backup’s content, and what references them stays valid', async () => {
    await t
      .admin()
      .patch(`/api/items/${ids.r2}`)
      .send({ description: 'edited after the backup', content: ruleBody(ids.t1) })
      .expect(200);
    await t.admin().patch(`/api/items/${ids.t1}`).send({ description: 'edited template' }).expect(200);
    const outsider = await create(t, { type: 'rule', name: 'Outsider', folderId: ids.checks, content: ruleBody(ids.t1) });
    const { doc } = withFreshIds(backup); // the file's ids are not the repository's: matching is by folder, type and name
    const res = await restore(t, [{ name: 'replace.json', content: doc }], '?onConflict=replace').expect(200);
    expect(res.body.counts).toEqual({ ok: 3, renamed: 0, replaced: 8, skipped: 0, failed: 0 });
    const byPath = new Map((res.body.items as ReportItem[]).map((i) => [i.path, i]));
    expect(byPath.get('/Project/Checks/Plain Rule')).toMatchObject({ status: 'replaced', id: ids.r2 });
    expect(byPath.get('/Project/Nightly')).toMatchObject({ status: 'replaced', id: ids.s1 });

    const r2 = await item(t, ids.r2);
    expect(r2).toMatchObject({ description: '', content: ruleBody() });
    expect((await item(t, ids.t1)).description).toBe('');
    const session = await item(t, ids.s1);
    expect(sessionRefs(session.content)).toEqual([{ datastore: ids.ds1 }, { rules: [ids.r1, ids.r2] }, { actions: [ids.a1] }, { actionMap: ids.am1 }]);
    expect(await item(t, outsider)).toMatchObject({ complete: true, content: ruleBody(ids.t1) });
    const history = (await t.admin().get(`/api/items/${ids.r2}/history`).expect(200)).body;
    expect(history.at(-1)).toMatchObject({ change: 'replaced', restoreId: res.body.restoreId });
    const inUse = await t.admin().delete(`/api/items/${ids.t1}`).expect(409);
    expect(inUse.body.code).toBe('ITEM_IN_USE');
    expect(JSON.stringify(inUse.body)).toContain(outsider);
  });

  it('onConflict=skip: existing items are kept, and new items of the file point at them', async () => {
    await t.admin().patch(`/api/items/${ids.r2}`).send({ description: 'kept as it is' }).expect(200);
    const doc = JSON.parse(withFreshIds(backup).doc);
    const session = doc.items.find((i: { type: string }) => i.type === 'session');
    session.name = 'Fresh Session';
    const historyBefore = (await t.admin().get(`/api/items/${ids.r2}/history`).expect(200)).body;
    const res = await restore(t, [{ name: 'skip.json', content: JSON.stringify(doc) }], '?onConflict=skip').expect(200);
    expect(res.body.counts).toEqual({ ok: 4, renamed: 0, replaced: 0, skipped: 7, failed: 0 });
    const byPath = new Map((res.body.items as ReportItem[]).map((i) => [i.path, i]));
    expect(byPath.get('/Project/Checks/Plain Rule')).toMatchObject({ status: 'skipped', id: ids.r2 });
    const created = byPath.get('/Project/Fresh Session')!;
    expect(created.status).toBe('ok');
    expect(sessionRefs((await item(t, created.id!)).content)).toEqual([
      { datastore: ids.ds1 },
      { rules: [ids.r1, ids.r2] },
      { actions: [ids.a1] },
      { actionMap: ids.am1 },
    ]);
    expect((await item(t, ids.r2)).description).toBe('kept as it is');
    expect((await t.admin().get(`/api/items/${ids.r2}/history`).expect(200)).body).toEqual(historyBefore);
  });

  it('dryRun=true gives the same report as the real restore and writes nothing', async () => {
    const { doc } = withFreshIds(backup);
    const treeBefore = await tree(t);
    const restoresBefore = (await t.admin().get('/api/restores?limit=500').expect(200)).body.items.length;
    const historyBefore = (await t.admin().get(`/api/items/${ids.r1}/history`).expect(200)).body;
    for (const policy of ['rename', 'replace']) {
      const dry = await restore(t, [{ name: 'dry.json', content: doc }], `?dryRun=true&onConflict=${policy}`).expect(200);
      expect(dry.body.dryRun).toBe(true);
      expect(dry.body.counts.failed).toBe(0);
      expect(await tree(t)).toEqual(treeBefore);
      expect((await t.admin().get(`/api/items/${ids.r1}/history`).expect(200)).body).toEqual(historyBefore);
      const record = (await t.admin().get(`/api/restores/${dry.body.restoreId}`).expect(200)).body;
      expect(record).toMatchObject({ id: dry.body.restoreId, kind: 'items', dryRun: true, status: 'succeeded', counts: dry.body.counts });
      for (const i of dry.body.items as ReportItem[])
        if (i.status === 'ok' || i.status === 'renamed')
          await t
            .admin()
            .get(`/api/items/${i.id}`)
            .expect(i.type === 'folder' ? 200 : 404);
    }
    expect((await t.admin().get('/api/restores?limit=500').expect(200)).body.items.length).toBe(restoresBefore + 2);

    const dry = await restore(t, [{ name: 'dry.json', content: doc }], '?dryRun=true').expect(200);
    const real = await restore(t, [{ name: 'dry.json', content: doc }]).expect(200);
    const comparable = (body: { items: ReportItem[]; counts: unknown; files: unknown }) => ({
      counts: body.counts,
      files: body.files,
      items: body.items.map((i) => ({ ...i, id: i.status === 'renamed' ? 'new' : i.id })),
    });
    expect(comparable(dry.body)).toEqual(comparable(real.body));
    expect(real.body.dryRun).toBe(false);
    expect(await tree(t)).not.toEqual(treeBefore);
  });

  it("content holding strings like the workers' reference placeholders keeps them, and its references are rewired all the same", async () => {
    // "\u00000" is what a reference becomes while the file is planned (see RestoreItem): content
    // holding such strings itself takes the other way, its references rewritten in the parsed content.
    const store = backupItem({ type: 'datastore', name: 'Store With Nul', folderPath: '/Nul Labels', content: { importType: 'FileGDB' } });
    const session = backupItem({
      type: 'session',
      name: 'Nul Session',
      folderPath: '/Nul Labels',
      content: {
        tasks: [
          { kind: 'OpenData', label: '\u00000', datastore: store.id },
          { kind: 'CheckRules', label: '\u00001 and more', rules: [ids.r2] },
        ],
      },
    });
    const res = await restore(t, [{ name: 'nul.json', content: backupDocument([store, session]) }]).expect(200);
    expect(res.body.counts).toMatchObject({ ok: 2, failed: 0 });
    const restoredStore = entry(res.body.items, '/Nul Labels/Store With Nul');
    const restored = await item(t, entry(res.body.items, '/Nul Labels/Nul Session').id!);
    expect(restored.content.tasks).toEqual([
      { kind: 'OpenData', label: '\u00000', datastore: restoredStore.id },
      { kind: 'CheckRules', label: '\u00001 and more', rules: [ids.r2] },
    ]);
  });
});
