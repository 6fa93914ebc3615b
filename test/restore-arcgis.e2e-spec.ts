import path from 'node:path';
import { appForSuite } from './support/test-app';
import { type ReportItem, expectFailedRestoreOf, expectInvalidBackup } from './support/restore-helpers';

const SAMPLE = path.join(__dirname, 'fixtures/1integrate/arcgis/sample-road-checks.xml');
const PACKAGE = '/Sample Road Checks/Transportation/Sample Road Checks';
const QUICK = 'convert with Make Rule / Make Action first';
const SCHEMA = 'schemas are not imported';

const PREDICATE =
  '<RootPredicate classLabel="Road" objLabel=""><RelationalPredicate><DynamicValue classRef="Road" objRef="" propName="geometry"/>' +
  '<NotEqualsRelation/><NullValue/></RelationalPredicate></RootPredicate>';
const OPERATION = '<RootOperation classLabel="Road" objLabel=""><DeleteObjectOperation classRef="Road" objRef=""/></RootOperation>';
const ruleSet = (name: string, inner: string) => `<?xml version="1.0" encoding="UTF-8"?>\n<RuleSet name="${name}">${inner}</RuleSet>`;

/** SPEC §8: restoring 1Integrate for ArcGIS rule set exports through POST /api/restores. */
describe('restoring a 1Integrate for ArcGIS export (e2e)', () => {
  const t = appForSuite({ user: 'alice', timeout: 180_000 });

  const restoreFile = (file: string, query = '') => t.user().post(`/api/restores${query}`).attach('files', file);
  const restoreText = (text: string, name = 'export.xml', query = '') =>
    t.user().post(`/api/restores${query}`).attach('files', Buffer.from(text), { filename: name, contentType: 'application/xml' });
  const byPath = (items: ReportItem[]) => Object.fromEntries(items.map((i) => [`${i.type} ${i.sourcePath}`, i]));
  const item = async (id: string) => (await t.user().get(`/api/items/${id}`).expect(200)).body;
  const countItems = async () => {
    let count = 0;
    let cursor: string | null = null;
    do {
      const page: { body: { items: unknown[]; nextCursor: string | null } } = await t
        .admin()
        .get(`/api/items?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
        .expect(200);
      count += page.body.items.length;
      cursor = page.body.nextCursor;
    } while (cursor);
    return count;
  };

  describe('the sample export', () => {
    let report: { restoreId: string; position: string; files: unknown[]; counts: Record<string, number>; items: ReportItem[] };
    let before: number;
    let after: number;

    beforeAll(async () => {
      before = Date.now();
      report = (await restoreFile(SAMPLE).expect(200)).body;
      after = Date.now();
    });

    it('is recognised from its content and reports every element, in file order', () => {
      expect(report).toMatchObject({ kind: 'items', dryRun: false, files: [{ name: 'sample-road-checks.xml', format: 'arcgis-xml' }] });
      expect(report.items.map((i) => [i.type, i.sourcePath, i.status, i.reason])).toEqual([
        ['folder', '/Sample Road Checks', 'ok', undefined],
        ['folder', '/Sample Road Checks/Transportation', 'ok', undefined],
        ['folder', PACKAGE, 'ok', undefined],
        ['rule', `${PACKAGE}/Road Geometry Must Not Be Too Short Or Null`, 'ok', undefined],
        ['rule', `${PACKAGE}/Roads Do Not Overlap Other Roads`, 'ok', undefined],
        ['quick-rule', `${PACKAGE}/Road Name Is Not Empty`, 'skipped', QUICK],
        ['action', `${PACKAGE}/Report Road Geometry`, 'ok', undefined],
        ['quick-action', `${PACKAGE}/Delete Short Road`, 'skipped', QUICK],
        ['schema', `${PACKAGE}/Roads`, 'skipped', SCHEMA],
      ]);
      expect(report.counts).toEqual({ ok: 6, renamed: 0, replaced: 0, skipped: 3, failed: 0 });
      expect(report.items.filter((i) => i.status === 'skipped').every((i) => i.id === undefined && i.path === undefined)).toBe(true);
    });

    it('recreates the rule set, folder and package as folders with their descriptions', async () => {
      const [ruleSetItem, folder, pkg] = await Promise.all(report.items.slice(0, 3).map((i) => item(i.id!)));
      expect(ruleSetItem).toMatchObject({ type: 'folder', name: 'Sample Road Checks', folderId: null, description: 'Road network checks for centreline data' });
      expect(folder).toMatchObject({ name: 'Transportation', folderId: ruleSetItem.id, description: 'Transportation rule packages' });
      expect(pkg).toMatchObject({ name: 'Sample Road Checks', folderId: folder.id, path: PACKAGE, description: 'Checks that road geometry is sound' });
    });

    it('puts rules and actions in their package folder with name, description and body, and nothing else', async () => {
      const pkgId = report.items[2].id;
      const [rule, overlap, action] = await Promise.all([3, 4, 6].map((n) => item(report.items[n].id!)));
      expect(rule).toMatchObject({
        type: 'rule',
        name: 'Road Geometry Must Not Be Too Short Or Null',
        folderId: pkgId,
        path: `${PACKAGE}/Road Geometry Must Not Be Too Short Or Null`,
        description: 'Every road has a geometry longer than one metre',
        comments: '',
        complete: true,
      });
      expect(rule.content.rootTerm.kind).toBe('Rule');
      expect(rule.content.rootTerm.predicates).toHaveLength(1);
      expect(rule.content.rootTerm.predicates[0]).toMatchObject({ kind: 'RootPredicate', attributes: { classLabel: 'Road', objLabel: '' } });
      expect(overlap).toMatchObject({ type: 'rule', folderId: pkgId, complete: true, comments: '' });
      expect(action).toMatchObject({ type: 'action', name: 'Report Road Geometry', folderId: pkgId, complete: true, comments: '' });
      expect(action.content.rootTerm).toMatchObject({ kind: 'Action', predicates: [{ kind: 'RootOperation' }] });
      // No link between the rule and the action, no titles, no comments.
      const all = JSON.stringify([rule, overlap, action]);
      for (const gone of ['ReportAction', 'template_id', 'Report Road Geometry"}', 'Short roads', 'Tolerance agreed', 'Reviewed 2019']) {
        expect(all).not.toContain(gone);
      }
      const listed = (await t.user().get(`/api/items?folderId=${pkgId}`).expect(200)).body.items;
      expect(listed.map((i: { type: string; name: string }) => `${i.type} ${i.name}`).sort()).toEqual([
        'action Report Road Geometry',
        'rule Road Geometry Must Not Be Too Short Or Null',
        'rule Roads Do Not Overlap Other Roads',
      ]);
    });

    it('records the restoring user and the time of upload as Created and Last Edited', async () => {
      for (const entry of report.items.filter((i) => i.status === 'ok')) {
        const restored = await item(entry.id!);
        expect([entry.sourcePath, restored.createdBy, restored.lastEditedBy]).toEqual([entry.sourcePath, 'alice', 'alice']);
        const at = Date.parse(restored.createdAt);
        expect(at).toBeGreaterThanOrEqual(before - 1000);
        expect(at).toBeLessThanOrEqual(after + 1000);
        expect(restored.lastEditedAt).toBe(restored.createdAt);
      }
    });

    it('keeps a restore record with the same report, like every restore', async () => {
      const record = (await t.user().get(`/api/restores/${report.restoreId}`).expect(200)).body;
      expect(record).toMatchObject({ kind: 'items', status: 'succeeded', dryRun: false, counts: report.counts });
      expect(record.files).toEqual([expect.objectContaining({ name: 'sample-road-checks.xml', format: 'arcgis-xml' })]);
      const items = (await t.user().get(`/api/restores/${report.restoreId}/items`).expect(200)).body.items;
      expect(items.map((i: ReportItem) => [i.sourcePath, i.status, i.reason])).toEqual(report.items.map((i) => [i.sourcePath, i.status, i.reason]));
      const history = (await t.user().get(`/api/items/${report.items[3].id}/history`).expect(200)).body;
      expect(history[0]).toMatchObject({ by: 'alice', restoreId: report.restoreId });
    });

    it('renames rules and actions on a second restore and reuses the folders', async () => {
      const again: { counts: Record<string, number>; items: ReportItem[] } = (await restoreFile(SAMPLE).expect(200)).body;
      expect(again.counts).toEqual({ ok: 3, renamed: 3, replaced: 0, skipped: 3, failed: 0 });
      const outcomes = byPath(again.items);
      expect(outcomes[`folder ${PACKAGE}`]).toMatchObject({ status: 'ok', id: report.items[2].id });
      expect(outcomes[`rule ${PACKAGE}/Roads Do Not Overlap Other Roads`]).toMatchObject({
        status: 'renamed',
        path: `${PACKAGE}/Roads Do Not Overlap Other Roads 2`,
      });
      expect(outcomes[`action ${PACKAGE}/Report Road Geometry`]).toMatchObject({ status: 'renamed', path: `${PACKAGE}/Report Road Geometry 2` });
      expect(outcomes[`quick-rule ${PACKAGE}/Road Name Is Not Empty`]).toMatchObject({ status: 'skipped', reason: QUICK });
    });

    it('replaces the existing rules and actions with onConflict=replace', async () => {
      const replaced: { items: ReportItem[] } = (await restoreFile(SAMPLE, '?onConflict=replace').expect(200)).body;
      const rule = byPath(replaced.items)[`rule ${PACKAGE}/Road Geometry Must Not Be Too Short Or Null`];
      expect(rule).toMatchObject({ status: 'replaced', id: report.items[3].id });
    });

    it('writes nothing on a dry run, with the same report', async () => {
      const count = await countItems();
      const dry = (await restoreFile(SAMPLE, '?dryRun=true').expect(200)).body;
      expect(dry).toMatchObject({ dryRun: true, counts: { ok: 3, renamed: 3, skipped: 3, failed: 0 } });
      expect(dry.items.map((i: ReportItem) => i.status)).toEqual(['ok', 'ok', 'ok', 'renamed', 'renamed', 'skipped', 'renamed', 'skipped', 'skipped']);
      expect(await countItems()).toBe(count);
      expect((await t.user().get(`/api/restores/${dry.restoreId}`).expect(200)).body).toMatchObject({ dryRun: true, status: 'succeeded' });
    });
  });

  it('fails a rule whose name is too long and loads the rest of the file', async () => {
    const long = 'R'.repeat(256);
    const res = await restoreText(
      ruleSet('Long Names', `<Package name="P"><Rule name="${long}">${PREDICATE}</Rule><Rule name="Short">${PREDICATE}</Rule></Package>`),
    ).expect(200);
    expect(res.body.items.map((i: ReportItem) => [i.type, i.status, i.reason])).toEqual([
      ['folder', 'ok', undefined],
      ['folder', 'ok', undefined],
      ['rule', 'failed', 'name must be at most 255 characters'],
      ['rule', 'ok', undefined],
    ]);
    expect(res.body.items[2].sourcePath).toBe(`/Long Names/P/${long}`);
  });

  it('fails partial and invalid rules and actions with the reason, and loads the rest', async () => {
    const res = await restoreText(
      ruleSet(
        'Broken',
        '<Package name="P">' +
          '<Rule name="Partial"><RootPredicate classLabel="Road" objLabel=""><AndPredicate><NullValue/></AndPredicate></RootPredicate></Rule>' +
          '<Rule name="No body"><Metadata><Description>only metadata</Description></Metadata></Rule>' +
          `<Action name="Invalid">${PREDICATE}</Action>` +
          `<Action name="Good">${OPERATION}</Action>` +
          '</Package>',
      ),
    ).expect(200);
    const outcomes = byPath(res.body.items);
    expect(outcomes['rule /Broken/P/Partial']).toMatchObject({
      status: 'failed',
      reason: 'incomplete: Rule > RootPredicate[0] > AndPredicate[0]: AndPredicate needs at least 2 children, has 1',
    });
    expect(outcomes['rule /Broken/P/No body']).toMatchObject({ status: 'failed', reason: 'the rule has no body (<RootPredicate>)' });
    expect(outcomes['action /Broken/P/Invalid']).toMatchObject({
      status: 'failed',
      reason: 'incomplete: an action must have Action > RootOperation, found Action > RootPredicate',
    });
    expect(outcomes['action /Broken/P/Good']).toMatchObject({ status: 'ok', path: '/Broken/P/Good' });
    expect(res.body.counts).toEqual({ ok: 3, renamed: 0, replaced: 0, skipped: 0, failed: 3 });
  });

  it('skips a quick action alone, and creates an empty package as a folder', async () => {
    const res = await restoreText(
      ruleSet(
        'Quick',
        '<Folder name="F"><Package name="Only quick"><QuickAction name="Q" template="delete-feature"><Parameter name="class" value="Road"/></QuickAction></Package>' +
          '<Package name="Empty"><Metadata><Description>nothing yet</Description><Title>T</Title><Comments>C</Comments></Metadata></Package></Folder>',
      ),
    ).expect(200);
    expect(res.body.items.map((i: ReportItem) => [i.type, i.sourcePath, i.status, i.reason])).toEqual([
      ['folder', '/Quick', 'ok', undefined],
      ['folder', '/Quick/F', 'ok', undefined],
      ['folder', '/Quick/F/Only quick', 'ok', undefined],
      ['quick-action', '/Quick/F/Only quick/Q', 'skipped', QUICK],
      ['folder', '/Quick/F/Empty', 'ok', undefined],
    ]);
    const empty = await item(res.body.items[4].id);
    expect(empty).toMatchObject({ type: 'folder', path: '/Quick/F/Empty', description: 'nothing yet', comments: '', createdBy: 'alice' });
    expect((await t.user().get(`/api/items?folderId=${res.body.items[2].id}`).expect(200)).body.items).toEqual([]);
  });

  it('recreates nested folders', async () => {
    const res = await restoreText(
      ruleSet(
        'Nested',
        '<Folder name="A"><Metadata><Description>outer</Description></Metadata><Folder name="B"><Folder name="C">' +
          `<Package name="P"><Rule name="R">${PREDICATE}</Rule></Package></Folder></Folder></Folder>`,
      ),
    ).expect(200);
    expect(res.body.items.map((i: ReportItem) => [i.type, i.path, i.status])).toEqual([
      ['folder', '/Nested', 'ok'],
      ['folder', '/Nested/A', 'ok'],
      ['folder', '/Nested/A/B', 'ok'],
      ['folder', '/Nested/A/B/C', 'ok'],
      ['folder', '/Nested/A/B/C/P', 'ok'],
      ['rule', '/Nested/A/B/C/P/R', 'ok'],
    ]);
    expect((await item(res.body.items[1].id)).description).toBe('outer');
    expect((await item(res.body.items[5].id)).folderId).toBe(res.body.items[4].id);
  });

  it('fails everything in a rule set that has no name, rather than loading it at the root', async () => {
    const res = await restoreText(`<RuleSet><Package name="P"><Rule name="Nameless set rule">${PREDICATE}</Rule></Package></RuleSet>`).expect(200);
    expect(res.body.items.map((i: ReportItem) => [i.type, i.status])).toEqual([
      ['folder', 'failed'],
      ['folder', 'failed'],
      ['rule', 'failed'],
    ]);
    expect(res.body.items[0].reason).toBe('<RuleSet> has no name attribute');
    expect((await t.user().get('/api/items?q=Nameless set rule').expect(200)).body.items).toEqual([]);
  });

  describe('hostile XML fails the whole file with 422 and writes nothing', () => {
    const lol = Array.from({ length: 9 }, (_, n) => `<!ENTITY lol${n + 1} "${`&lol${n};`.repeat(10)}">`).join('');
    it.each([
      ['an entity bomb in a DTD', `<?xml version="1.0"?><!DOCTYPE RuleSet [<!ENTITY lol0 "lol">${lol}]><RuleSet name="&lol9;"/>`, /DOCTYPE/],
      [
        'an external entity',
        `<?xml version="1.0"?><!DOCTYPE RuleSet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${ruleSet('X', '<Package name="&xxe;"/>').replace(/^<\?xml[^>]*>\n/, '')}`,
        /DOCTYPE/,
      ],
      ['a DTD after a comment', `<?xml version="1.0"?><!-- c --><!DOCTYPE RuleSet SYSTEM "http://127.0.0.1:1/x.dtd"><RuleSet name="X"/>`, /DOCTYPE/],
      ['an undefined entity', ruleSet('Hostile', `<Package name="P"><Rule name="&xxe;">${PREDICATE}</Rule></Package>`), /undefined entity/],
      ['a truncated export', ruleSet('Cut', `<Package name="P"><Rule name="R">${PREDICATE}</Rule></Package>`).slice(0, 120), /ends early|well-formed/],
    ])('%s', async (_name, text, message) => {
      const count = await countItems();
      const res = await restoreText(text, 'hostile.xml').expect(422);
      expectInvalidBackup(res, message);
      expect(res.body.detail).not.toMatch(/root:x:0/);
      expect(await countItems()).toBe(count);
      await expectFailedRestoreOf(t, t.user(), 'hostile.xml');
    });
  });
});
