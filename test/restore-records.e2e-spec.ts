import path from 'node:path';
import { appForSuite } from './support/test-app';
import { ruleBody } from './support/rule-bodies';
import { LEGACY_XML, ReportItem, backupDocument, backupItem, restore, waitForRestore } from './support/restore-helpers';

/** SPEC §5/§7: the restore record, its paged per-item outcomes, the history link, and async restores. */
describe('restore records (e2e)', () => {
  let report: { restoreId: string; position: string; counts: Record<string, number>; items: ReportItem[]; files: unknown[] };

  const t = appForSuite({
    setup: async () => {
      const folder = backupItem({ type: 'folder', name: 'Recorded' });
      const rules = Array.from({ length: 6 }, (_, i) => backupItem({ type: 'rule', name: `Rule ${i % 4}`, folderPath: '/Recorded', content: ruleBody() }));
      const broken = backupItem({ type: 'rule', name: 'Broken/Name', folderPath: '/Recorded', content: ruleBody() });
      report = (await restore(t, [{ name: 'recorded.json', content: backupDocument([folder, ...rules, broken]) }]).expect(200)).body;
    },
    timeout: 180_000,
  });

  it('the report counts what happened', () => {
    expect(report.counts).toEqual({ ok: 5, renamed: 2, replaced: 0, skipped: 0, failed: 1 });
    expect(report.items).toHaveLength(8);
    expect(report.items.at(-1)).toMatchObject({ status: 'failed', reason: 'name must not contain "/"', sourcePath: '/Recorded/Broken/Name' });
  });

  it('GET /api/restores/:id is the record: who, when, options, files, counts, position', async () => {
    const record = (await t.admin().get(`/api/restores/${report.restoreId}`).expect(200)).body;
    expect(record).toMatchObject({
      id: report.restoreId,
      kind: 'items',
      user: { name: 'admin' },
      status: 'succeeded',
      dryRun: false,
      options: { onConflict: 'rename' },
      files: report.files,
      counts: report.counts,
      position: report.position,
    });
    expect(Date.parse(record.finishedAt)).toBeGreaterThanOrEqual(Date.parse(record.startedAt));
    const list = (await t.admin().get('/api/restores?kind=items').expect(200)).body;
    expect(list.items.map((r: { id: string }) => r.id)).toContain(report.restoreId);
    await t.admin().get('/api/restores/00000000-0000-4000-8000-000000000000').expect(404);
    await t.admin().get('/api/restores/not-a-uuid').expect(400);
  });

  it('GET /api/restores/:id/items pages through the outcomes in file order, and filters by status', async () => {
    const seen: ReportItem[] = [];
    let url: string | null = `/api/restores/${report.restoreId}/items?limit=3`;
    let pages = 0;
    while (url) {
      const page: { items: ReportItem[]; nextCursor: string | null } = (await t.admin().get(url).expect(200)).body;
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items);
      pages++;
      url = page.nextCursor ? `/api/restores/${report.restoreId}/items?limit=3&cursor=${encodeURIComponent(page.nextCursor)}` : null;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(report.items);
    const renamed = (await t.admin().get(`/api/restores/${report.restoreId}/items?status=renamed`).expect(200)).body;
    expect(renamed.items.map((i: ReportItem) => i.path)).toEqual(['/Recorded/Rule 0 2', '/Recorded/Rule 1 2']);
    expect(renamed.nextCursor).toBeNull();
    await t.admin().get(`/api/restores/${report.restoreId}/items?status=bogus`).expect(400);
  });

  it('each restored item’s history names the restore', async () => {
    for (const i of report.items.filter((o) => o.status !== 'failed')) {
      const history = (await t.admin().get(`/api/items/${i.id}/history`).expect(200)).body;
      expect(history).toEqual([expect.objectContaining({ change: 'created', by: 'admin', restoreId: report.restoreId, position: expect.any(String) })]);
      expect(BigInt(history[0].position)).toBeLessThanOrEqual(BigInt(report.position));
    }
  });

  it('a plain user sees their own restores only', async () => {
    const user = (await t.admin().post('/api/users').send({ name: 'restorer', role: 'user' }).expect(201)).body;
    const own = await t
      .as(user.token)
      .post('/api/restores')
      .attach('files', Buffer.from(backupDocument([backupItem({ type: 'rule', name: 'Users Rule', content: ruleBody() })])), 'mine.json')
      .expect(200);
    await t.as(user.token).get(`/api/restores/${own.body.restoreId}`).expect(200);
    await t.as(user.token).get(`/api/restores/${report.restoreId}`).expect(404);
    await t.as(user.token).get(`/api/restores/${report.restoreId}/items`).expect(404);
    const listed = (await t.as(user.token).get('/api/restores').expect(200)).body.items;
    expect(listed.map((r: { id: string }) => r.id)).toEqual([own.body.restoreId]);
    const history = (await t.admin().get(`/api/items/${own.body.items[0].id}/history`).expect(200)).body;
    expect(history[0]).toMatchObject({ by: 'restorer', restoreId: own.body.restoreId });
  });

  it('Prefer: respond-async answers 202 with Location, and the record reaches succeeded', async () => {
    const started = await t
      .admin()
      .post('/api/restores')
      .set('Prefer', 'respond-async')
      .attach('files', path.join(LEGACY_XML, 'HPMS--Rule-HPMS.xml'))
      .expect(202);
    expect(started.body).toEqual({ restoreId: expect.any(String), status: 'running' });
    expect(started.headers.location).toBe(`/api/restores/${started.body.restoreId}`);
    const record = await waitForRestore(t, started.headers.location);
    expect(record).toMatchObject({ id: started.body.restoreId, status: 'succeeded', files: [{ name: 'HPMS--Rule-HPMS.xml', format: '1integrate-xml' }] });
    expect(record.counts.failed).toBe(0);
    expect(record.counts.ok).toBeGreaterThan(200);
    const first = (await t.admin().get(`/api/restores/${started.body.restoreId}/items?limit=500`).expect(200)).body;
    const total = Object.values(record.counts as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(first.items).toHaveLength(total);
    const rule = first.items.find((i: ReportItem) => i.type === 'rule');
    await t.admin().get(`/api/items/${rule.id}`).expect(200);
  });

  it('an async restore of a file that is not a backup ends failed, saying why', async () => {
    const started = await t
      .admin()
      .post('/api/restores')
      .set('Prefer', 'respond-async')
      .attach('files', Buffer.from('{"format":"strata-backup","version":1,"items":['), 'cut.json')
      .expect(202);
    const record = await waitForRestore(t, started.headers.location);
    expect(record.status).toBe('failed');
    expect(record.error).toMatch(/"cut\.json": The JSON ends unexpectedly at line 1, column \d+/);
  });
});
