import { appForSuite } from './support/test-app';
import { asText, backupDocument, backupItem, restore } from './support/restore-helpers';
import { ruleBody } from './support/rule-bodies';

/**
 * Issue 22, server side: a full restore refuses an item backup unless told (SPEC §6), records what
 * the backup says of itself, a rollback records the moment it went back to, dry runs can be
 * filtered out of the audit, and a folder a restore merged into is told apart from one it restored.
 */
describe('administration without surprises (e2e)', () => {
  let itemBackup: string;
  const ids: Record<string, string> = {};

  const t = appForSuite({
    setup: async () => {
      ids.folder = (await t.admin().post('/api/items').send({ type: 'folder', name: 'Estate' }).expect(201)).body.id;
      for (const name of ['One', 'Two', 'Three']) {
        ids[name] = (await t.admin().post('/api/items').send({ type: 'rule', name, folderId: ids.folder, content: ruleBody() }).expect(201)).body.id;
      }
      itemBackup = (
        await t
          .admin()
          .post('/api/backups')
          .send({ ids: [ids.One] })
          .buffer(true)
          .parse(asText)
          .expect(200)
      ).body as string;
    },
    timeout: 180_000,
  });

  const fullRestore = (body: string, query = '') => t.admin().post(`/api/admin/repository/restore${query}`).set('Content-Type', 'application/json').send(body);
  const names = async () => (await t.admin().get('/api/items?limit=500').expect(200)).body.items.map((i: { name: string }) => i.name).sort();

  it('refuses an item backup as the whole repository (422 INVALID_BACKUP naming the scope), writing nothing', async () => {
    const before = await names();
    for (const query of ['', '?dryRun=true']) {
      const res = await fullRestore(itemBackup, query).expect(422);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ code: 'INVALID_BACKUP', scope: 'items' });
      expect(res.body.detail).toMatch(/has "scope":"items", not "scope":"repository".*allowItemScope=true/);
      expect(res.body.detail).toMatch(/made by admin on \d{4}-/);
    }
    expect(await names()).toEqual(before);
    const [record] = (await t.admin().get('/api/restores?kind=repository&limit=1').expect(200)).body.items;
    expect(record).toMatchObject({ status: 'failed', files: [{ backup: { scope: 'items', createdBy: 'admin' } }] });
  });

  it('refuses a backup that does not say its scope, and a multipart one the same way', async () => {
    const noScope = backupDocument([backupItem({ type: 'folder', name: 'Lone' })]).replace('"scope":"items",', '');
    const res = await fullRestore(noScope).expect(422);
    expect(res.body.detail).toMatch(/has no "scope"/);
    const multipart = await t.admin().post('/api/admin/repository/restore').attach('file', Buffer.from(itemBackup), 'rules.json').expect(422);
    expect(multipart.body.code).toBe('INVALID_BACKUP');
  });

  it('takes it with allowItemScope=true, and says what the backup is in the answer and the record', async () => {
    const dry = await fullRestore(itemBackup, '?dryRun=true&allowItemScope=true').expect(200);
    expect(dry.body).toMatchObject({ dryRun: true, counts: { deleted: 2, unchanged: 2, created: 0, replaced: 0 } });
    expect(dry.body.backup).toEqual({
      scope: 'items',
      createdAt: expect.stringMatching(/^\d{4}-/),
      createdBy: 'admin',
      position: expect.stringMatching(/^\d+$/),
      items: 2,
    });
    const record = (await t.admin().get(`/api/restores/${dry.body.restoreId}`).expect(200)).body;
    expect(record.options).toEqual({ allowItemScope: true });
    expect(record.files[0].backup).toEqual(dry.body.backup);
    await fullRestore(itemBackup, '?allowItemScope=yes').expect(400);
    expect(await names()).toEqual(['Estate', 'One', 'Three', 'Two']);
  });

  it('records the moment a rollback went back to, and shows it on the record', async () => {
    const moment = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 5));
    await t.admin().post('/api/items').send({ type: 'folder', name: 'Later' }).expect(201);
    const res = await t.admin().post('/api/admin/repository/rollback').send({ asOf: moment }).expect(200);
    expect(res.body.rolledBackToAt).not.toBeNull();
    expect(Date.parse(res.body.rolledBackToAt)).toBeLessThanOrEqual(Date.parse(moment));
    const record = (await t.admin().get(`/api/restores/${res.body.restoreId}`).expect(200)).body;
    expect(record.options).toEqual({ position: res.body.rolledBackTo, at: res.body.rolledBackToAt, asOf: moment });
    expect(record.rolledBackTo).toEqual({ position: res.body.rolledBackTo, at: res.body.rolledBackToAt });
    expect(await names()).not.toContain('Later');
  });

  it('filters dry runs in or out of the restore audit', async () => {
    const all = (await t.admin().get('/api/restores?limit=500').expect(200)).body.items;
    const dry = (await t.admin().get('/api/restores?dryRun=true&limit=500').expect(200)).body.items;
    const real = (await t.admin().get('/api/restores?dryRun=false&limit=500').expect(200)).body.items;
    expect(dry.length).toBeGreaterThan(0);
    expect(real.length).toBeGreaterThan(0);
    expect(dry.every((r: { dryRun: boolean }) => r.dryRun)).toBe(true);
    expect(real.every((r: { dryRun: boolean }) => !r.dryRun)).toBe(true);
    expect(dry.length + real.length).toBe(all.length);
    await t.admin().get('/api/restores?dryRun=maybe').expect(400);
  });

  it('marks a folder an item restore merged into as existing, and one it created not', async () => {
    const doc = backupDocument([
      backupItem({ type: 'folder', name: 'Estate' }),
      backupItem({ type: 'folder', name: 'Fresh', folderPath: '/Estate' }),
      backupItem({ type: 'rule', name: 'New Rule', folderPath: '/Estate/Fresh', content: ruleBody() }),
    ]);
    const res = await restore(t, [{ name: 'merge.json', content: doc }], '?dryRun=true').expect(200);
    expect(res.body.items.map((i: { sourcePath: string; status: string; existing?: boolean }) => [i.sourcePath, i.status, i.existing ?? false])).toEqual([
      ['/Estate', 'ok', true],
      ['/Estate/Fresh', 'ok', false],
      ['/Estate/Fresh/New Rule', 'ok', false],
    ]);
  });
});
