import fs from 'node:fs';
import path from 'node:path';
import { QUICK_SKIP_REASON, SCHEMA_SKIP_REASON } from '../workers/parsing/arcgis-xml-elements';
import { actionBody, manifest, metadata, node, packageBody, ruleBody, rulesFile } from '../workers/parsing/arcgis-rules.spec-support';
import { appForSuite } from './support/test-app';
import { LEGACY_XML, ReportItem, backupText, expectFailedRestoreOf, expectInvalidBackup } from './support/restore-helpers';

const RULES = path.join(__dirname, 'fixtures/1integrate/arcgis-rules');
const FIXUPS = path.join(RULES, 'Essential-Geometry-Fixups.rules');
const FIXUPS_PACKAGE = '/Essential Geometry Fixups/01. Fix Essential Geometric Errors';
const FIXUPS_ACTIONS: Record<string, string> = {
  Remove_Dup_Feature: 'Essential-Geometry-Fixups--FixDuplicateFeatureAction.xml',
  Remove_Duplicate_Points: 'Essential-Geometry-Fixups--FixDuplicateVerticiesAction.xml',
  Remove_Kickbacks: 'Essential-Geometry-Fixups--FixKickbacksAction.xml',
  Remove_Spikes: 'Essential-Geometry-Fixups--FixSpikesAction.xml',
};

interface Expected {
  ruleSet: string;
  ruleSetDescription: string;
  package: string;
  packageDescription: RegExp;
  rules: number;
  actions: number;
  quickActions: string[];
}

const ESSENTIAL = {
  ruleSet: 'Essential Geometry Checks',
  ruleSetDescription: '',
  package: '01. Essential Geometric Checks',
  packageDescription: /^Basic geometry and OGC validation check/,
  quickActions: [],
};
/** What each real export holds (test/fixtures/1integrate/README.md). */
const FIXTURES: Record<string, Expected> = {
  'Essential-Geometry-Checks.rules': { ...ESSENTIAL, rules: 8, actions: 8 },
  'Essential-Geometry-Checks.6ba0fc6.rules': { ...ESSENTIAL, rules: 8, actions: 8 },
  'Essential-Geometry-Checks.52934ba.rules': { ...ESSENTIAL, rules: 7, actions: 7 },
  'Essential-Geometry-Checks.4750028.rules': { ...ESSENTIAL, rules: 7, actions: 7 },
  'Essential-Geometry-Checks.dd03944.rules': { ...ESSENTIAL, rules: 7, actions: 7 },
  'Essential-Geometry-Fixups.rules': {
    ruleSet: 'Essential Geometry Fixups',
    ruleSetDescription: '',
    package: '01. Fix Essential Geometric Errors',
    packageDescription: /^A rule set that corrects gemetry errors\.$/,
    rules: 4,
    actions: 4,
    quickActions: [],
  },
  'Sample-Road-Checks.rules': {
    ruleSet: 'Transportation',
    ruleSetDescription: '',
    package: 'Sample Road Checks',
    packageDescription: /^$/,
    rules: 6,
    actions: 0,
    quickActions: ['Report Road Geometry'],
  },
  'Sample-Centerline-Boundary-Integration-Checks.rules': {
    ruleSet: 'Transportation',
    ruleSetDescription: '',
    package: 'Sample Centerline Boundary Integration Checks',
    packageDescription: /^$/,
    rules: 3,
    actions: 1,
    quickActions: ['Report on Street'],
  },
};

/** SPEC §5 and §8: restoring real 1Integrate for ArcGIS rule set exports (`.rules`) through POST /api/restores. */
describe('restoring a 1Integrate for ArcGIS .rules export (e2e)', () => {
  const t = appForSuite({ user: 'alice', timeout: 180_000 });

  const restoreFile = (file: string, query = '') => t.user().post(`/api/restores${query}`).attach('files', file);
  const restoreBytes = (bytes: Buffer, name = 'crafted.rules', query = '') =>
    t.user().post(`/api/restores${query}`).attach('files', bytes, { filename: name, contentType: 'application/octet-stream' });
  const item = async (id: string) => (await t.user().get(`/api/items/${id}`).expect(200)).body;
  const removeTree = async (id: string) => t.admin().delete(`/api/items/${id}?recursive=true`).expect(204);
  const countItems = async () => (await t.admin().get('/api/items?limit=500').expect(200)).body.items.length;
  const byPath = (items: ReportItem[]) => Object.fromEntries(items.map((i) => [`${i.type} ${i.sourcePath}`, i]));

  describe.each(Object.entries(FIXTURES))('%s', (file, expected) => {
    let report: { files: unknown[]; counts: Record<string, number>; items: ReportItem[] };
    let before: number;
    let after: number;
    const pkgPath = `/${expected.ruleSet}/${expected.package}`;

    beforeAll(async () => {
      before = Date.now();
      report = (await restoreFile(path.join(RULES, file)).expect(200)).body;
      after = Date.now();
    });
    afterAll(async () => removeTree(report.items[0].id!));

    it('loads every rule and action, skips the quick actions with the reason, in file order', () => {
      expect(report.files).toEqual([expect.objectContaining({ name: file, format: 'arcgis-rules', bytes: fs.statSync(path.join(RULES, file)).size })]);
      expect(report.items.slice(0, 2).map((i) => [i.type, i.sourcePath, i.status, i.path])).toEqual([
        ['folder', `/${expected.ruleSet}`, 'ok', `/${expected.ruleSet}`],
        ['folder', pkgPath, 'ok', pkgPath],
      ]);
      const entries = report.items.slice(2);
      expect(entries.every((i) => i.sourcePath.startsWith(`${pkgPath}/`) && i.sourcePath.split('/').length === 4)).toBe(true);
      expect(entries.filter((i) => i.type === 'rule' && i.status === 'ok')).toHaveLength(expected.rules);
      expect(entries.filter((i) => i.type === 'action' && i.status === 'ok')).toHaveLength(expected.actions);
      expect(entries.filter((i) => i.type === 'quick-action').map((i) => [i.sourcePath, i.status, i.reason, i.id])).toEqual(
        expected.quickActions.map((name) => [`${pkgPath}/${name}`, 'skipped', QUICK_SKIP_REASON, undefined]),
      );
      expect(report.counts).toEqual({ ok: 2 + expected.rules + expected.actions, renamed: 0, replaced: 0, skipped: expected.quickActions.length, failed: 0 });
    });

    it('recreates the rule set and its package as folders, with their descriptions, and no "head" folder', async () => {
      const [ruleSet, pkg] = await Promise.all(report.items.slice(0, 2).map((i) => item(i.id!)));
      expect(ruleSet).toMatchObject({ type: 'folder', name: expected.ruleSet, folderId: null, description: expected.ruleSetDescription, createdBy: 'alice' });
      expect(pkg).toMatchObject({ type: 'folder', name: expected.package, folderId: ruleSet.id, path: pkgPath, createdBy: 'alice' });
      expect(pkg.description).toMatch(expected.packageDescription);
      expect((await t.user().get('/api/items?q=head').expect(200)).body.items).toEqual([]);
      const inside = (await t.user().get(`/api/items?folderId=${ruleSet.id}`).expect(200)).body.items;
      expect(inside.map((i: { type: string; name: string }) => [i.type, i.name])).toEqual([['folder', expected.package]]);
    });

    it('keeps names, descriptions and complete bodies; Created and Last Edited are alice at the upload; no titles, comments or links', async () => {
      const loaded = report.items.filter((i) => i.type === 'rule' || i.type === 'action');
      for (const entry of loaded) {
        const restored = await item(entry.id!);
        expect(restored).toMatchObject({ type: entry.type, path: entry.sourcePath, comments: '', complete: true, createdBy: 'alice', lastEditedBy: 'alice' });
        expect(restored.content.rootTerm.kind).toBe(entry.type === 'rule' ? 'Rule' : 'Action');
        expect(restored.content.rootTerm.predicates).toEqual([expect.objectContaining({ kind: entry.type === 'rule' ? 'RootPredicate' : 'RootOperation' })]);
        const at = Date.parse(restored.createdAt);
        expect(at).toBeGreaterThanOrEqual(before - 1000);
        expect(at).toBeLessThanOrEqual(after + 1000);
        expect(restored.lastEditedAt).toBe(restored.createdAt);
        const body = JSON.stringify(restored.content);
        for (const gone of ['reportAction', 'enhanceAction', 'Metadata', '"title"', '"type"', '"params"']) expect(body).not.toContain(gone);
      }
    });
  });

  describe('Essential Geometry Fixups against 1Integrate’s own export of its actions', () => {
    let fromRules: ReportItem[];
    let fromXml: ReportItem[];

    beforeAll(async () => {
      fromRules = (await restoreFile(FIXUPS).expect(200)).body.items;
      let req = t.user().post('/api/restores');
      for (const xml of Object.values(FIXUPS_ACTIONS)) req = req.attach('files', path.join(LEGACY_XML, xml));
      fromXml = (await req.expect(200)).body.items;
    });
    afterAll(async () => {
      await removeTree(fromRules[0].id!);
      await removeTree(fromXml[0].id!);
    });

    it.each(Object.keys(FIXUPS_ACTIONS))('restores %s with the body the legacy XML gives, and backs it up as the same XML', async (name) => {
      const ours = byPath(fromRules)[`action ${FIXUPS_PACKAGE}/${name}`];
      const theirs = byPath(fromXml)[`action /Standard/Essential Geometry Fixups/${name}`];
      expect([ours.status, theirs.status]).toEqual(['ok', 'ok']);
      const [a, b] = await Promise.all([item(ours.id!), item(theirs.id!)]);
      expect(a.content).toEqual(b.content);
      expect(JSON.stringify(a.content)).toBe(JSON.stringify(b.content));
      expect([a.complete, b.complete]).toEqual([true, true]);
      const actionXml = async (id: string) => {
        const xml = (await backupText(t, [id], 'xml')).replace(/>\s+</g, '><');
        return xml.slice(xml.indexOf('<Action>'), xml.indexOf('</Action>') + '</Action>'.length);
      };
      const [ourXml, theirXml] = await Promise.all([actionXml(ours.id!), actionXml(theirs.id!)]);
      expect(ourXml).toMatch(/^<Action><RootOperation classLabel="" objLabel="ALL">/);
      expect(ourXml).toBe(theirXml);
    });
  });

  describe('conflicts and dry runs, as for every restore', () => {
    let first: ReportItem[];
    beforeAll(async () => {
      first = (await restoreFile(FIXUPS).expect(200)).body.items;
    });
    afterAll(async () => removeTree(first[0].id!));

    it('renames rules and actions on a second restore and reuses the folders', async () => {
      const again: { counts: Record<string, number>; items: ReportItem[] } = (await restoreFile(FIXUPS).expect(200)).body;
      expect(again.counts).toEqual({ ok: 2, renamed: 8, replaced: 0, skipped: 0, failed: 0 });
      expect(again.items.slice(0, 2).map((i) => i.id)).toEqual(first.slice(0, 2).map((i) => i.id));
      expect(byPath(again.items)[`action ${FIXUPS_PACKAGE}/Remove_Spikes`]).toMatchObject({ status: 'renamed', path: `${FIXUPS_PACKAGE}/Remove_Spikes 2` });
    });

    it('replaces the existing items with onConflict=replace, and keeps them with skip', async () => {
      const replaced: ReportItem[] = (await restoreFile(FIXUPS, '?onConflict=replace').expect(200)).body.items;
      expect(byPath(replaced)[`rule ${FIXUPS_PACKAGE}/Check_Spikes`]).toMatchObject({ status: 'replaced', id: first[5].id });
      const skipped: ReportItem[] = (await restoreFile(FIXUPS, '?onConflict=skip').expect(200)).body.items;
      expect(skipped.slice(2).every((i) => i.status === 'skipped')).toBe(true);
    });

    it('writes nothing on a dry run, with the same report', async () => {
      const count = await countItems();
      const dry = (await restoreFile(FIXUPS, '?dryRun=true').expect(200)).body;
      expect(dry).toMatchObject({ dryRun: true, counts: { ok: 2, renamed: 8, failed: 0 } });
      expect(await countItems()).toBe(count);
    });
  });

  it('fails the rules and actions that cannot be restored, with the reason, and loads the rest', async () => {
    const rel = (name: string) => ['head', 'P', name];
    const partial = node('rule', {}, [
      node('RootPredicate', { classLabel: ['string', 'Road'], objLabel: ['string', ''] }, [node('AndPredicate', {}, [node('NullValue')])]),
    ]);
    const long = 'L'.repeat(256);
    const entries: [string, string, unknown][] = [
      ['rule', 'Good rule', ruleBody('Road geometry is set')],
      ['rule', 'Partial', partial],
      ['rule', 'Not JSON', Buffer.from('{"type": "rule", "children": [')],
      ['rule', long, ruleBody()],
      ['action', 'Empty', null],
      ['quickrule', 'Quick', node('quickrule', {}, [metadata('')])],
      ['schema', 'Roads', node('schema')],
      ['action', 'Good action', actionBody()],
    ];
    const file = rulesFile([
      manifest('Crafted', [['folder', ['head']], ['package', ['head', 'P']], ...entries.map(([appType, name]) => [appType, rel(name)] as [string, string[]])]),
      node('rule_set', {}, [metadata('A crafted rule set')]),
      null,
      packageBody('One package'),
      ...entries.map(([, , body]) => body),
    ]);
    const res = await restoreBytes(file).expect(200);
    expect(res.body.items.map((i: ReportItem) => [i.type, i.sourcePath, i.status, i.reason])).toEqual([
      ['folder', '/Crafted', 'ok', undefined],
      ['folder', '/Crafted/P', 'ok', undefined],
      ['rule', '/Crafted/P/Good rule', 'ok', undefined],
      ['rule', '/Crafted/P/Partial', 'failed', 'incomplete: Rule > RootPredicate[0] > AndPredicate[0]: AndPredicate needs at least 2 children, has 1'],
      ['rule', '/Crafted/P/Not JSON', 'failed', expect.stringMatching(/^the body cannot be read: it is not valid JSON: .* \(at character \d+\)$/)],
      ['rule', `/Crafted/P/${long}`, 'failed', 'name must be at most 255 characters'],
      ['action', '/Crafted/P/Empty', 'failed', 'the action has no body'],
      ['quick-rule', '/Crafted/P/Quick', 'skipped', QUICK_SKIP_REASON],
      ['schema', '/Crafted/P/Roads', 'skipped', SCHEMA_SKIP_REASON],
      ['action', '/Crafted/P/Good action', 'ok', undefined],
    ]);
    const [ruleSet, pkg, rule] = await Promise.all([0, 1, 2].map((n) => item(res.body.items[n].id)));
    expect([ruleSet.description, pkg.description, rule.description]).toEqual(['A crafted rule set', 'One package', 'Road geometry is set']);
    await removeTree(ruleSet.id);
  });

  it('fails a body past the 8 MiB record limit on its own, without gathering it, and loads the rest', async () => {
    const leaf = JSON.stringify(node('NullValue'));
    const huge = Buffer.from(
      `{"type":"rule","children":[{"type":"RootPredicate","children":[{"type":"AndPredicate","children":[${Array(450_000).fill(leaf).join(',')}]}]}]}`,
    );
    expect(huge.length).toBeGreaterThan(8 * 1024 * 1024);
    const file = rulesFile([
      manifest('Big', [
        ['folder', ['head']],
        ['package', ['head', 'P']],
        ['rule', ['head', 'P', 'Huge']],
        ['rule', ['head', 'P', 'Small']],
      ]),
      node('rule_set'),
      null,
      packageBody(''),
      huge,
      ruleBody(),
    ]);
    const res = await restoreBytes(file, 'big.rules').expect(200);
    expect(res.body.items.slice(2).map((i: ReportItem) => [i.sourcePath, i.status, i.reason])).toEqual([
      ['/Big/P/Huge', 'failed', 'the body cannot be read: it is larger than the limit of 8388608 bytes'],
      ['/Big/P/Small', 'ok', undefined],
    ]);
    await removeTree(res.body.items[0].id);
  }, 60_000);

  describe('a broken .rules file fails the whole request with 422 and writes nothing', () => {
    const whole = fs.readFileSync(FIXUPS);
    it.each([
      [
        'a truncated export',
        whole.subarray(0, whole.length - 50),
        /"broken\.rules": the \.rules file ends early \(truncated\?\): the chunk at byte \d+ \(record 11\)/,
      ],
      ['an export missing its last record', whole.subarray(0, whole.lastIndexOf(0xdd)), /the manifest lists 11 items but the file holds 10 bodies/],
      [
        'a stray byte between two records',
        Buffer.concat([whole.subarray(0, whole.indexOf(0xed) + 1), Buffer.from('!'), whole.subarray(whole.indexOf(0xed) + 1)]),
        /byte \d+ is 0x21 where a chunk \(0xDD\) or the end of record 1 \(0xED\) must start/,
      ],
      [
        'a manifest that is not JSON',
        rulesFile([Buffer.from('{"intent": "rule_author_ruleset", "items": [')]),
        /record 0, the manifest, cannot be read: it is not valid JSON/,
      ],
      ['a manifest of something else', rulesFile([{ intent: 'share_map', items: [] }]), /record 0 is not a Rule Author rule set manifest/],
    ])('%s', async (_name, bytes, message) => {
      const count = await countItems();
      expectInvalidBackup(await restoreBytes(bytes, 'broken.rules').expect(422), message);
      expect(await countItems()).toBe(count);
      await expectFailedRestoreOf(t, t.user(), 'broken.rules');
    });
  });
});
