import { randomUUID } from 'node:crypto';
import { SaxesParser } from 'saxes';
import { appForSuite } from './support/test-app';
import { actionBody, actionTemplateBody, ruleBody, ruleTemplateBody } from './support/rule-bodies';
import { asText, backupText, createInto, restore } from './support/restore-helpers';
import { BACKUP_ITEM_FIELDS } from './support/backup-layout';

const SECRET = 'backup-never-holds-this-Pw-81d';

/** SPEC §4: the dependency closure, the order, stripped secrets, headers, errors. */
describe('backing up items (e2e)', () => {
  const ids: Record<string, string> = {};

  const t = appForSuite({
    setup: async () => {
      const create = createInto(t, ids);
      await create('standard', { type: 'folder', name: 'Standard', description: 'std' });
      await create('checks', { type: 'folder', name: 'Checks', folderId: ids.standard });
      await create('templates', { type: 'folder', name: 'Templates' });
      await create('stores', { type: 'folder', name: 'Stores' });
      await create('other', { type: 'folder', name: 'Other' });
      await create('t1', { type: 'rule-template', name: 'Base Template', folderId: ids.templates, content: ruleTemplateBody() });
      await create('t2', { type: 'rule-template', name: 'Derived Template', folderId: ids.templates, content: ruleTemplateBody(ids.t1) });
      await create('at1', { type: 'action-template', name: 'Fix Template', folderId: ids.templates, content: actionTemplateBody() });
      await create('r1', { type: 'rule', name: 'Check "Roads" & <Rails>', folderId: ids.checks, content: ruleBody(ids.t2) });
      await create('a1', { type: 'action', name: 'Fix Roads', folderId: ids.checks, content: actionBody(ids.at1) });
      await create('am1', { type: 'action-map', name: 'Road Map', folderId: ids.checks, content: { pairs: [{ rule: ids.r1, action: ids.a1 }] } });
      await create('ds1', {
        type: 'datastore',
        name: 'Roads Store',
        folderId: ids.stores,
        content: {
          importType: 'FileGDB',
          importCredentials: [
            { name: 'Source Files (.gdb)', datatype: 'upload', value: 'roads.zip', displayValue: 'roads.zip' },
            { name: 'Password', datatype: 'password', value: SECRET, displayValue: '****' },
          ],
        },
      });
      await create('ds2', { type: 'datastore', name: 'Discovered Store', folderId: ids.stores, content: {} });
      await create('dsp', { type: 'discovery-spec', name: 'Discover Roads', folderId: ids.stores, content: { datastore: ids.ds2, depth: 2 } });
      await create('s1', {
        type: 'session',
        name: 'Nightly',
        content: {
          tasks: [
            { kind: 'OpenData', datastore: ids.ds1 },
            { kind: 'Discover', discoverySpec: ids.dsp },
            { kind: 'CheckRules', rules: [ids.r1] },
            { kind: 'ApplyActions', actions: [ids.a1] },
            { kind: 'ApplyActionMap', actionMap: ids.am1 },
          ],
        },
      });
      await create('r9', { type: 'rule', name: 'Unrelated', folderId: ids.other, content: ruleBody() });
    },
  });

  const backup = (body: Record<string, unknown>) =>
    t
      .admin()
      .post('/api/backups')
      .send(body)
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => done(null, text));
      });

  const jsonBackup = async (selected: string[]) => {
    const res = await backup({ ids: selected.map((k) => ids[k]) }).expect(200);
    return { res, doc: JSON.parse(res.body as string), text: res.body as string };
  };
  const keysOf = (items: { id: string }[]) => items.map((i) => Object.keys(ids).find((k) => ids[k] === i.id));

  // Dependency order (SPEC §4): folders parents first, then by type; within a type, as the
  // repository holds them (here: in the order they were made), which a backup reads fastest.
  it('a session brings everything its tasks reference, templates transitively, and ancestor folders — in dependency order', async () => {
    const { doc } = await jsonBackup(['s1']);
    expect(keysOf(doc.items)).toEqual(['standard', 'stores', 'templates', 'checks', 't1', 't2', 'at1', 'ds1', 'ds2', 'dsp', 'r1', 'a1', 'am1', 's1']);
  });

  it('writes the SPEC §4 JSON layout: header, one item per line, folderPath, metadata', async () => {
    const { doc, text, res } = await jsonBackup(['r1']);
    expect(doc).toMatchObject({ format: 'strata-backup', version: 1, scope: 'items', createdBy: 'admin', position: expect.stringMatching(/^\d+$/) });
    const lines = text.trim().split('\n');
    expect(lines).toHaveLength(doc.items.length + 2);
    expect(lines[0]).toMatch(/^\{"format":"strata-backup","version":1,"scope":"items",.*"items":\[$/);
    const rule = doc.items.find((i: { id: string }) => i.id === ids.r1);
    expect(Object.keys(rule)).toEqual(BACKUP_ITEM_FIELDS);
    expect(rule).toMatchObject({ type: 'rule', name: 'Check "Roads" & <Rails>', folderPath: '/Standard/Checks', createdBy: 'admin' });
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="strata-backup-\d{8}T\d{6}Z\.json"$/);
  });

  it('a folder brings its subtree and what the subtree needs; an action map brings its rules and actions', async () => {
    expect(keysOf((await jsonBackup(['standard'])).doc.items)).toEqual(['standard', 'templates', 'checks', 't1', 't2', 'at1', 'r1', 'a1', 'am1']);
    expect(keysOf((await jsonBackup(['am1'])).doc.items)).toEqual(['standard', 'templates', 'checks', 't1', 't2', 'at1', 'r1', 'a1', 'am1']);
  });

  it('several ids give their union, each item once', async () => {
    const { doc } = await jsonBackup(['r1', 't2', 'r9', 'checks']);
    const got = keysOf(doc.items);
    expect(new Set(got).size).toBe(got.length);
    expect(got).toEqual(['other', 'standard', 'templates', 'checks', 't1', 't2', 'at1', 'r1', 'r9', 'a1', 'am1']);
  });

  it('strips passwords and uploaded files: name and displayValue kept, value null', async () => {
    const { doc, text } = await jsonBackup(['ds1']);
    expect(text).not.toContain(SECRET);
    const store = doc.items.find((i: { id: string }) => i.id === ids.ds1);
    expect(store.content.importCredentials).toEqual([
      { name: 'Source Files (.gdb)', datatype: 'upload', value: null, displayValue: 'roads.zip' },
      { name: 'Password', datatype: 'password', value: null, displayValue: '****' },
    ]);
  });

  it('writes legacy XML with references as URIs, well-formed for awkward names', async () => {
    const res = await backup({ ids: [ids.r1, ids.s1].slice(0, 1), format: 'xml' }).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/xml/);
    expect(res.headers['content-disposition']).toMatch(/filename="strata-backup-\d{8}T\d{6}Z\.xml"/);
    const xml = res.body as string;
    const elements: string[] = [];
    const parser = new SaxesParser({ xmlns: true });
    parser.on('opentag', (tag) => elements.push(tag.local));
    parser.write(xml).close();
    expect(elements[0]).toBe('Backup');
    expect(xml).toContain('<Item id="RULE://Standard/Checks/Check &quot;Roads&quot; &amp; &lt;Rails&gt;">');
    expect(xml).toContain('template_id="RULE://Templates/Derived Template"');
    expect(xml).toContain('template_id="RULE://Templates/Base Template"');
  });

  it('refuses legacy XML for a selection holding a discovery specification (422 naming it)', async () => {
    const res = await backup({ ids: [ids.s1], format: 'xml' }).expect(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem = JSON.parse(res.body as string);
    expect(problem.code).toBe('UNSUPPORTED_FORMAT');
    expect(problem.detail).toContain('Discover Roads');
  });

  it('answers 404 for unknown ids, 400 for bad requests and 401 without a token', async () => {
    const missing = await t
      .admin()
      .post('/api/backups')
      .send({ ids: [ids.r1, '00000000-0000-4000-8000-000000000000'] })
      .expect(404);
    expect(missing.body).toMatchObject({ code: 'NOT_FOUND', missing: ['00000000-0000-4000-8000-000000000000'] });
    await t.admin().post('/api/backups').send({ ids: [] }).expect(400);
    await t
      .admin()
      .post('/api/backups')
      .send({ ids: [ids.r1], format: 'zip' })
      .expect(400);
    await t
      .anonymous()
      .post('/api/backups')
      .send({ ids: [ids.r1] })
      .expect(401);
  });

  it('lets a plain user back up', async () => {
    const user = (await t.admin().post('/api/users').send({ name: 'reader', role: 'user' }).expect(201)).body;
    await t
      .as(user.token)
      .post('/api/backups')
      .send({ ids: [ids.r9] })
      .expect(200);
  });
});

/** Backups read the selection a page of ITEM_PAGE versions at a time, type after type. */
describe('backing up several pages of each type (e2e)', () => {
  const counts = { 'rule-template': 230, 'discovery-spec': 120, rule: 250 } as const;
  const at = '2026-01-01T00:00:00.000Z';
  const meta = { description: '', comments: '', createdBy: 'generator', createdAt: at, lastEditedBy: 'generator', lastEditedAt: at };

  /** The three types interleaved in the file, so that each type's versions are spread over the view's table. */
  function interleaved(): string {
    const lines = [JSON.stringify({ id: randomUUID(), type: 'folder', name: 'Many', folderPath: '/', ...meta, content: {} })];
    const left: Record<string, number> = { ...counts };
    for (let i = 0; Object.values(left).some((n) => n > 0); i++) {
      const type = (['rule-template', 'discovery-spec', 'rule'] as const)[i % 3];
      if (left[type] === 0) continue;
      const content = type === 'rule' ? ruleBody() : type === 'rule-template' ? ruleTemplateBody() : {};
      lines.push(JSON.stringify({ id: randomUUID(), type, name: `${type} ${left[type]--}`, folderPath: '/Many', ...meta, content }));
    }
    return `{"format":"strata-backup","version":1,"scope":"items","createdAt":"${at}","createdBy":"generator","position":"0","items":[\n${lines.join(',\n')}\n]}\n`;
  }

  const t = appForSuite({
    setup: async () => {
      await restore(t, [{ name: 'many.json', content: interleaved() }]).expect(200);
    },
  });

  it('writes every item once, a type at a time in dependency order (SPEC §4), whole repository or selection', async () => {
    const full = await t.admin().get('/api/admin/repository/backup').buffer(true).parse(asText).expect(200);
    const [many] = (JSON.parse(full.body as string) as { items: { id: string; type: string }[] }).items.filter((i) => i.type === 'folder');
    for (const text of [full.body as string, await backupText(t, [many.id])]) {
      const items = (JSON.parse(text) as { items: { type: string; name: string }[] }).items.filter((i) => i.type !== 'folder');
      const types = items.map((i) => i.type);
      expect(types).toEqual([...Array(230).fill('rule-template'), ...Array(120).fill('discovery-spec'), ...Array(250).fill('rule')]);
      for (const [type, n] of Object.entries(counts)) {
        const names = new Set(items.filter((i) => i.type === type).map((i) => i.name));
        expect(names).toEqual(new Set(Array.from({ length: n }, (_, k) => `${type} ${k + 1}`)));
      }
    }
  });
});
