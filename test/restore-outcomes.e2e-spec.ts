import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { appForSuite } from './support/test-app';
import { actionBody, ruleBody, ruleTemplateBody } from './support/rule-bodies';
import { LEGACY_XML, ReportItem, backupDocument, backupItem, create, entry, item, restore, tree } from './support/restore-helpers';

/** SPEC §5 per-item outcomes: failures and what depends on them, references, names, several files, warnings. */
describe('restore outcomes item by item (e2e)', () => {
  const t = appForSuite({ timeout: 180_000 });

  it('an invalid template fails, and so do the rules using it and the session using those rules; the rest loads', async () => {
    const folder = backupItem({ type: 'folder', name: 'Cascade' });
    const at = '/Cascade';
    const bad = backupItem({ type: 'rule-template', name: 'Bad Template', folderPath: at, content: { rootTerm: { kind: 'Rule', predicates: 'none' } } });
    const good = backupItem({ type: 'rule-template', name: 'Good Template', folderPath: at, content: ruleTemplateBody() });
    const usesBad = backupItem({ type: 'rule', name: 'Uses Bad', folderPath: at, content: ruleBody(bad.id) });
    const usesGood = backupItem({ type: 'rule', name: 'Uses Good', folderPath: at, content: ruleBody(good.id) });
    const action = backupItem({ type: 'action', name: 'Fix', folderPath: at, content: actionBody() });
    const badMap = backupItem({ type: 'action-map', name: 'Bad Map', folderPath: at, content: { pairs: [{ rule: usesBad.id, action: action.id }] } });
    const badSession = backupItem({
      type: 'session',
      name: 'Runs Bad',
      folderPath: at,
      content: { tasks: [{ kind: 'CheckRules', rules: [usesGood.id, usesBad.id] }] },
    });
    const mapSession = backupItem({
      type: 'session',
      name: 'Runs Bad Map',
      folderPath: at,
      content: { tasks: [{ kind: 'ApplyActionMap', actionMap: badMap.id }] },
    });
    const goodSession = backupItem({ type: 'session', name: 'Runs Good', folderPath: at, content: { tasks: [{ kind: 'CheckRules', rules: [usesGood.id] }] } });
    const file = backupDocument([folder, bad, good, usesBad, usesGood, action, badMap, badSession, mapSession, goodSession]);

    const res = await restore(t, [{ name: 'cascade.json', content: file }]).expect(200);
    const items = res.body.items as ReportItem[];
    expect(items.map((i) => [i.sourcePath.replace(`${at}/`, ''), i.status])).toEqual([
      ['/Cascade', 'ok'],
      ['Bad Template', 'failed'],
      ['Good Template', 'ok'],
      ['Uses Bad', 'failed'],
      ['Uses Good', 'ok'],
      ['Fix', 'ok'],
      ['Bad Map', 'failed'],
      ['Runs Bad', 'failed'],
      ['Runs Bad Map', 'failed'],
      ['Runs Good', 'ok'],
    ]);
    expect(res.body.counts).toEqual({ ok: 5, renamed: 0, replaced: 0, skipped: 0, failed: 5 });
    expect(entry(items, '/Cascade/Bad Template').reason).toBe('content: rootTerm.predicates must be an array');
    expect(entry(items, '/Cascade/Uses Bad').reason).toBe('depends on "/Cascade/Bad Template", which failed');
    expect(entry(items, '/Cascade/Bad Map').reason).toBe('depends on "/Cascade/Uses Bad", which failed');
    expect(entry(items, '/Cascade/Runs Bad').reason).toBe('depends on "/Cascade/Uses Bad", which failed');
    expect(entry(items, '/Cascade/Runs Bad Map').reason).toBe('depends on "/Cascade/Bad Map", which failed');
    for (const failed of items.filter((i) => i.status === 'failed')) expect(failed.id).toBeUndefined();

    const folderId = entry(items, '/Cascade').id;
    const listed = (await t.admin().get(`/api/items?folderId=${folderId}&limit=100`).expect(200)).body.items;
    expect(listed.map((i: { name: string }) => i.name).sort()).toEqual(['Fix', 'Good Template', 'Runs Good', 'Uses Good']);
    const runsGood = await item(t, entry(items, '/Cascade/Runs Good').id!);
    expect(runsGood.content.tasks[0].rules).toEqual([entry(items, '/Cascade/Uses Good').id]);
  });

  it('an invalid folder takes everything inside it along, even what comes before it in the file', async () => {
    const rule = backupItem({ type: 'rule', name: 'Early', folderPath: '/Late/Sub', content: ruleBody() });
    const sub = backupItem({ type: 'folder', name: 'Sub', folderPath: '/Late' });
    const late = backupItem({ type: 'folder', name: 'Late', description: 5 });
    const after = backupItem({ type: 'rule', name: 'After', folderPath: '/Late', content: ruleBody() });
    const twin = backupItem({ type: 'folder', name: 'Twice' });
    const inTwin = backupItem({ type: 'rule', name: 'Inside', folderPath: '/Twice', content: ruleBody() });
    const badTwin = backupItem({ type: 'folder', name: 'Twice', comments: ['not text'] });
    const elsewhere = backupItem({ type: 'rule', name: 'Elsewhere', content: ruleBody() });
    const before = await tree(t);
    const res = await restore(t, [{ name: 'late.json', content: backupDocument([rule, sub, late, after, twin, inTwin, badTwin, elsewhere]) }]).expect(200);
    const items = res.body.items as ReportItem[];
    expect(items.map((i) => [i.sourcePath, i.status])).toEqual([
      ['/Late/Sub/Early', 'failed'],
      ['/Late/Sub', 'failed'],
      ['/Late', 'failed'],
      ['/Late/After', 'failed'],
      ['/Twice', 'failed'],
      ['/Twice/Inside', 'failed'],
      ['/Twice', 'failed'],
      ['/Elsewhere', 'ok'],
    ]);
    expect(entry(items, '/Late').reason).toBe('"description" must be a string, found 5');
    expect(entry(items, '/Late/Sub/Early').reason).toBe('"description" must be a string, found 5');
    const grown = await tree(t);
    expect(grown.filter((n) => !before.some((b) => b.name === n.name)).map((n) => n.name)).toEqual(['Elsewhere']);
  });

  it('a reference to an id neither in the file nor in the repository fails that item; one in the repository resolves to it', async () => {
    const template = await create(t, { type: 'rule-template', name: 'Repository Template', content: ruleTemplateBody() });
    const rule = await create(t, { type: 'rule', name: 'Repository Rule', content: ruleBody() });
    const nowhere = randomUUID();
    const folder = backupItem({ type: 'folder', name: 'Refs' });
    const toRepo = backupItem({ type: 'rule', name: 'To Repository', folderPath: '/Refs', content: ruleBody(template) });
    const toNowhere = backupItem({ type: 'rule', name: 'To Nowhere', folderPath: '/Refs', content: ruleBody(nowhere) });
    const wrongType = backupItem({ type: 'rule', name: 'To A Rule', folderPath: '/Refs', content: ruleBody(rule) });
    const session = backupItem({ type: 'session', name: 'Mixed', folderPath: '/Refs', content: { tasks: [{ kind: 'CheckRules', rules: [rule, toRepo.id] }] } });
    const lost = backupItem({ type: 'session', name: 'Lost Store', folderPath: '/Refs', content: { tasks: [{ kind: 'OpenData', datastore: nowhere }] } });
    const res = await restore(t, [{ name: 'refs.json', content: backupDocument([folder, toRepo, toNowhere, wrongType, session, lost]) }]).expect(200);
    const items = res.body.items as ReportItem[];

    expect(entry(items, '/Refs/To Nowhere')).toMatchObject({ status: 'failed', reason: `template_id ${nowhere} is neither in the file nor in the repository` });
    expect(entry(items, '/Refs/Lost Store')).toMatchObject({
      status: 'failed',
      reason: `tasks.datastore ${nowhere} is neither in the file nor in the repository`,
    });
    expect(entry(items, '/Refs/To A Rule').status).toBe('failed');
    expect(entry(items, '/Refs/To A Rule').reason).toContain(rule);
    const restored = await item(t, entry(items, '/Refs/To Repository').id!);
    expect(restored).toMatchObject({ content: ruleBody(template), complete: true });
    const mixed = await item(t, entry(items, '/Refs/Mixed').id!);
    expect(mixed.content.tasks[0].rules).toEqual([rule, restored.id]);
  });

  it('legacy XML references resolve against the repository by path', async () => {
    const folder = await create(t, { type: 'folder', name: 'Shared' });
    const template = await create(t, { type: 'rule-template', name: 'Shared Template', folderId: folder, content: ruleTemplateBody() });
    const original = fs.readFileSync(path.join(LEGACY_XML, 'Essential-Geometry-Checks--CheckForKickbacks.xml'), 'utf8');
    const xml = original
      .replace('<Name>Check for Kickbacks</Name>', '<Name>Templated Kickbacks</Name>')
      .replace('id="RULE://Standard/Essential Geometric Checks/Check for Kickbacks"', 'id="RULE://Standard/Essential Geometric Checks/Templated Kickbacks"')
      .replace('<RelationalPredicate>', '<RelationalPredicate template_id="RULE://Shared/Shared Template">');
    expect(xml).toContain('template_id="RULE://Shared/Shared Template"');
    const missing = xml.replace('RULE://Shared/Shared Template', 'RULE://Shared/Gone').replace(/Templated Kickbacks/g, 'Missing Template');
    const res = await restore(t, [
      { name: 'uses-shared.xml', content: xml },
      { name: 'uses-gone.xml', content: missing },
    ]).expect(200);
    const items = res.body.items as ReportItem[];
    const rule = await item(t, entry(items, '/Standard/Essential Geometric Checks/Templated Kickbacks').id!);
    expect(rule.content.rootTerm.predicates[0].predicates[0].attributes.template_id).toBe(template);
    expect(entry(items, '/Standard/Essential Geometric Checks/Missing Template')).toMatchObject({
      file: 'uses-gone.xml',
      status: 'failed',
      reason: 'template_id RULE://Shared/Gone is neither in the file nor in the repository',
    });
  });

  it('renames a name clash inside the file (and across files of one request) as "Name 2", whatever onConflict says', async () => {
    const folder = backupItem({ type: 'folder', name: 'Twins' });
    const a = backupItem({ type: 'rule', name: 'Twin', folderPath: '/Twins', content: ruleBody(), description: 'first' });
    const b = backupItem({ type: 'rule', name: 'Twin', folderPath: '/Twins', content: ruleBody(), description: 'second' });
    const action = backupItem({ type: 'action', name: 'Twin', folderPath: '/Twins', content: actionBody() });
    const other = backupItem({ type: 'rule', name: 'Twin', folderPath: '/Twins', content: ruleBody(), description: 'third' });
    const res = await restore(
      t,
      [
        { name: 'one.json', content: backupDocument([folder, a, b, action]) },
        { name: 'two.json', content: backupDocument([{ ...folder, id: randomUUID() }, other]) },
      ],
      '?onConflict=skip',
    ).expect(200);
    const items = res.body.items as ReportItem[];
    expect(items.map((i) => [i.file, i.type, i.status, i.path])).toEqual([
      ['one.json', 'folder', 'ok', '/Twins'],
      ['one.json', 'rule', 'ok', '/Twins/Twin'],
      ['one.json', 'rule', 'renamed', '/Twins/Twin 2'],
      ['one.json', 'action', 'ok', '/Twins/Twin'],
      ['two.json', 'folder', 'ok', '/Twins'],
      ['two.json', 'rule', 'renamed', '/Twins/Twin 3'],
    ]);
    expect(items[4].id).toBe(items[0].id);
    expect((await item(t, items[2].id!)).description).toBe('second');
    expect((await item(t, items[5].id!)).description).toBe('third');
  });

  it('takes several files in one request, each entry naming its file', async () => {
    const before = await tree(t);
    const json = backupDocument([backupItem({ type: 'rule', name: 'From JSON', content: ruleBody() })]);
    const xmlFile = path.join(LEGACY_XML, 'Essential-Geometry-Fixups--FixSpikesAction.xml');
    const res = await restore(t, [{ name: 'a.json', content: json }, xmlFile]).expect(200);
    expect(res.body.files).toEqual([
      { name: 'a.json', format: 'strata-json', bytes: Buffer.byteLength(json), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
      { name: path.basename(xmlFile), format: '1integrate-xml', bytes: fs.statSync(xmlFile).size, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
    ]);
    const items = res.body.items as ReportItem[];
    expect(items.map((i) => [i.file, i.type, i.status])).toEqual([
      ['a.json', 'rule', 'ok'],
      [path.basename(xmlFile), 'folder', 'ok'],
      [path.basename(xmlFile), 'folder', 'ok'],
      [path.basename(xmlFile), 'action', 'ok'],
    ]);
    expect(entry(items, '/Standard/Essential Geometry Fixups/Remove_Spikes').sourceId).toBe('ACTION://Standard/Essential Geometry Fixups/Remove_Spikes');
    expect(await tree(t)).not.toEqual(before);
    await t.admin().get(`/api/items/${items[0].id}`).expect(200);
    await t.admin().get(`/api/items/${items[3].id}`).expect(200);
  });

  it('warns that data stores need their password and files, and the restored store says so', async () => {
    const needsBoth = backupItem({
      type: 'datastore',
      name: 'Needs Both',
      content: {
        importType: 'FileGDB',
        importCredentials: [
          { name: 'Source Files (.gdb)', datatype: 'upload', value: null, displayValue: 'roads.zip' },
          { name: 'Password', datatype: 'password', value: null, displayValue: '****' },
        ],
      },
    });
    const needsNothing = backupItem({
      type: 'datastore',
      name: 'Needs Nothing',
      content: { importCredentials: [{ name: 'User', datatype: 'string', value: 'gis' }] },
    });
    const res = await restore(t, [{ name: 'stores.json', content: backupDocument([needsBoth, needsNothing]) }]).expect(200);
    const items = res.body.items as ReportItem[];
    expect(entry(items, '/Needs Both')).toMatchObject({ status: 'ok', warnings: ['needs password', 'needs files'] });
    expect(entry(items, '/Needs Nothing')).toMatchObject({ status: 'ok', warnings: [] });
    expect((await item(t, entry(items, '/Needs Both').id!)).needs).toEqual(['password', 'files']);
    expect((await item(t, entry(items, '/Needs Nothing').id!)).needs).toEqual([]);
  });

  it('creates the folders the paths imply, parents before children, over several pages of new folders', async () => {
    // 1 + 120 + 120 new folders: pages of ITEM_PAGE (100) that end inside a depth. One of them is in
    // the file (its description kept); the rest exist only as the rules' folder paths.
    const branches = Array.from({ length: 120 }, (_, i) => `Branch ${String(i).padStart(3, '0')}`);
    const described = backupItem({ type: 'folder', name: branches[77], folderPath: '/Implied', description: 'from the file' });
    const rules = branches.map((b) => backupItem({ type: 'rule', name: `Rule of ${b}`, folderPath: `/Implied/${b}/Leaf`, content: ruleBody() }));
    const res = await restore(t, [{ name: 'implied.json', content: backupDocument([...rules, described]) }]).expect(200);
    expect(res.body.counts).toEqual({ ok: 121, renamed: 0, replaced: 0, skipped: 0, failed: 0 });

    const implied = (await tree(t)).find((n) => n.name === 'Implied')!;
    expect(implied.children!.map((c) => c.name)).toEqual(branches);
    for (const branch of implied.children!) {
      expect(branch.children!.map((c) => [c.type, c.name])).toEqual([['folder', 'Leaf']]);
      expect(branch.children![0].children!.map((c) => c.name)).toEqual([`Rule of ${branch.name}`]);
    }
    const describedId = implied.children![77].id;
    expect(describedId).toBe(entry(res.body.items, `/Implied/${branches[77]}`).id);
    expect((await item(t, describedId)).description).toBe('from the file');

    // Each folder's event comes after its parent's in the log.
    const createdAt = async (id: string) => BigInt((await t.admin().get(`/api/items/${id}/history`).expect(200)).body[0].position);
    const top = await createdAt(implied.id);
    for (const branch of implied.children!) {
      const at = await createdAt(branch.id);
      expect(at > top).toBe(true);
      expect((await createdAt(branch.children![0].id)) > at).toBe(true);
    }
  });
});
