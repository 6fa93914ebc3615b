import fs from 'node:fs';
import path from 'node:path';
import { readLegacyXml } from '../workers/parsing/legacy-xml.reader';
import type { ParsedItem } from '../workers/parsing/parsed-item';
import { ItemType, referencesOf, rewriteReferences } from '../src/repository/domain/item';
import { normaliseBackup, readAllItems, xmlTree } from '../src/backup/writers/legacy-xml.test-helper';
import { buildIfNeeded } from './support/build';
import { LEGACY_XML, ReportItem, backupText, item, restore } from './support/restore-helpers';
import { TestApp, appForSuite, startApp, stopApp } from './support/test-app';

const FILE = path.join(LEGACY_XML, 'HPMS--Session-HPMS.xml');

/**
 * A real 1Integrate session backup, as a new user would use it (issue 16): restore it into an
 * empty repository, use its sessions' references, back a session up with its closure, restore
 * it again beside the first, and back everything up as legacy XML again.
 */
describe('restoring a real 1Integrate session backup (HPMS--Session-HPMS.xml, e2e)', () => {
  let parsed: ParsedItem[];
  let first: ReportItem[];
  const items = (report: ReportItem[]) => report.filter((i) => i.type !== 'folder');
  const idIn = (report: ReportItem[]) => new Map(report.map((i) => [i.sourceId!, i.id!]));
  /** The session's content as the file holds it, with each URI replaced by the id the report gave it. */
  const expectedContent = (source: ParsedItem, report: ReportItem[]) => {
    const ids = idIn(report);
    return rewriteReferences(source.type as ItemType, source.content, (uri) => ids.get(uri) ?? `unresolved ${uri}`);
  };

  const t = appForSuite({
    setup: async () => {
      parsed = await readAllItems(readLegacyXml(fs.createReadStream(FILE)));
      first = (await restore(t, [FILE]).expect(200)).body.items;
    },
    timeout: 180_000,
  });

  it('restores all 500 items ok; the data stores warn that their files must be uploaded', async () => {
    expect(items(first)).toHaveLength(500);
    expect(first.filter((i) => i.status !== 'ok')).toEqual([]);
    const stores = first.filter((i) => i.type === 'datastore');
    expect(stores.map((i) => i.path).sort()).toEqual(['/HPMS/HPMS Sample/HPMS Empty Schema GIT', '/HPMS/HPMS Sample/Markup Data']);
    for (const store of stores) {
      expect(store.warnings).toEqual(['needs files']);
      const shown = await item(t, store.id!);
      expect(shown.needs).toEqual(['files']);
      const upload = shown.content.importCredentials.find((p: { datatype: string }) => p.datatype === 'upload');
      expect(upload).toMatchObject({ name: 'Source Files (.gdb)', value: null });
      expect(upload.displayValue).toMatch(/gdb\.zip$/);
      expect(shown.content.inputSchema.classes.length).toBeGreaterThan(0);
      expect(JSON.stringify(shown.content)).not.toMatch(/upload_ecbba3ce|AppData/);
    }
    expect(items(first).filter((i) => i.warnings.length > 0 && i.type !== 'datastore')).toEqual([]);
  }, 60_000);

  it('shows each session referencing the restored data stores, action maps and rules by id, and them referenced by it', async () => {
    const sessions = first.filter((i) => i.type === 'session');
    expect(sessions).toHaveLength(2);
    const fields = new Set<string>();
    for (const session of sessions) {
      const source = parsed.find((p) => p.sourceId === session.sourceId)!;
      const shown = await item(t, session.id!);
      expect(shown.content).toEqual(expectedContent(source, first));
      for (const ref of referencesOf('session', shown.content)) fields.add(ref.field);
    }
    expect(fields).toEqual(new Set(['tasks.datastore', 'tasks.actionMap', 'tasks.conformanceRule']));
    // Referrers: a data store, a rule checked by a task and an action map are in use by the sessions.
    const ids = idIn(first);
    const inUse = async (uri: string) =>
      (
        await t
          .admin()
          .delete(`/api/items/${ids.get(uri)}`)
          .expect(409)
      ).body;
    const store = await inUse('DATASTORE://HPMS/HPMS Sample/Markup Data');
    expect(store.code).toBe('ITEM_IN_USE');
    expect(store.referrers.map((r: { id: string }) => r.id).sort()).toEqual(sessions.map((s) => s.id).sort());
    const rule = await inUse('RULE://HPMS/4 - Cross, LRS, Sample, Length/66 - PSR (Cross)');
    expect(rule.referrers.map((r: { type: string }) => r.type)).toContain('session');
    const map = await inUse('ACTION_MAP://HPMS/1 - Arnold (Essential Geometry Checks)/Check for Kickbacks');
    expect(map.referrers).toEqual([expect.objectContaining({ type: 'session', name: 'HPMS Actions' })]);
  }, 60_000);

  it('backs up one session with its whole closure: data stores, action maps, rules, actions, templates, folders', async () => {
    const sessionUri = 'SESSION://HPMS/HPMS Actions';
    // The closure as the file states it: what the session references, transitively.
    const bySource = new Map(parsed.map((p) => [p.sourceId, p]));
    const closure = new Set<string>();
    const visit = (uri: string) => {
      if (closure.has(uri)) return;
      closure.add(uri);
      const p = bySource.get(uri)!;
      for (const ref of referencesOf(p.type as ItemType, p.content)) visit(ref.targetId);
    };
    visit(sessionUri);
    const kinds = new Set([...closure].map((uri) => bySource.get(uri)!.type));
    expect(kinds).toEqual(new Set(['session', 'datastore', 'action-map', 'rule', 'rule-template', 'action', 'action-template']));

    const ids = idIn(first);
    const doc = JSON.parse(await backupText(t, [ids.get(sessionUri)!], 'json'));
    const backedUp = doc.items as { id: string; type: string; folderPath: string; name: string }[];
    const nonFolders = backedUp.filter((i) => i.type !== 'folder');
    expect(nonFolders.map((i) => i.id).sort()).toEqual([...closure].map((uri) => ids.get(uri)).sort());
    // Every item's folders come along, and nothing else.
    const folders = new Set(backedUp.filter((i) => i.type === 'folder').map((f) => (f.folderPath === '/' ? `/${f.name}` : `${f.folderPath}/${f.name}`)));
    const needed = new Set(
      nonFolders.flatMap((i) =>
        i.folderPath
          .split('/')
          .slice(1)
          .map((_, k, names) => `/${names.slice(0, k + 1).join('/')}`),
      ),
    );
    expect(folders).toEqual(needed);
    // The session's references point inside the backup.
    const session = doc.items.find((i: { type: string }) => i.type === 'session');
    const inside = new Set(backedUp.map((i) => i.id));
    expect(referencesOf('session', session.content).filter((r) => !inside.has(r.targetId))).toEqual([]);
  }, 60_000);

  it('backs everything up as legacy XML: a document equivalent to the file', async () => {
    const top = [...new Set(first.filter((i) => i.path!.lastIndexOf('/') === 0).map((i) => i.id!))];
    const xml = await backupText(t, top, 'xml');
    expect(normaliseBackup(xmlTree(xml))).toEqual(normaliseBackup(xmlTree(fs.readFileSync(FILE, 'utf8'))));
    expect(xml).not.toMatch(/upload_ecbba3ce|AppData/);
  }, 60_000);

  it('restores the file a second time next to the first: every item " 2", the second sessions referencing only the second copies', async () => {
    const second = (await restore(t, [FILE]).expect(200)).body.items as ReportItem[];
    expect(second.filter((i) => i.type === 'folder' && i.status !== 'ok')).toEqual([]);
    expect(items(second)).toHaveLength(500);
    expect(items(second).filter((i) => !(i.status === 'renamed' && i.path === `${i.sourcePath} 2`))).toEqual([]);
    const firstIds = new Set(items(first).map((i) => i.id));
    const secondIds = new Set(items(second).map((i) => i.id));
    for (const session of second.filter((i) => i.type === 'session')) {
      const shown = await item(t, session.id!);
      expect(shown.name).toMatch(/ 2$/);
      expect(shown.content).toEqual(
        expectedContent(
          parsed.find((p) => p.sourceId === session.sourceId)!,
          second,
        ),
      );
      const targets = referencesOf('session', shown.content).map((r) => r.targetId);
      expect(targets.length).toBeGreaterThan(100);
      expect(targets.filter((id) => !secondIds.has(id) || firstIds.has(id))).toEqual([]);
    }
  }, 60_000);
});

/** DESIGN invariant 11 over HTTP: what Strata does not model comes back, through a JSON backup too. */
describe('unmodelled 1Integrate content through restore, JSON backup, restore and XML backup (e2e)', () => {
  const meta = (name: string) =>
    `<Metadata><Name>${name}</Name><Created><UserDate date="2020-03-06T08:32:00.000Z" user="INTFull"/></Created><LastEdited><UserDate date="2020-03-06T10:42:21.000Z" user="INTFull"/></LastEdited></Metadata><IsShortcut>false</IsShortcut>`;
  const DOC = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Backup xmlns="http://schema.onespatial.com/radius/studio/v2" xmlns:gml="http://www.opengis.net/gml">
  <DataStoreFolder>${meta('DATASTORE')}<DataStoreFolder>${meta('Ops')}
    <Item id="DATASTORE://Ops/Roads">${meta('Roads')}
      <DataStore tier="gold">
        <ImportCredentials><Credentials type="database" name="PostGIS"><param name="Password" datatype="password" displayValue="">hunter2</param><param name="Host" datatype="string" displayValue="">db</param></Credentials></ImportCredentials>
        <Cache ttl="60"><Region>EU</Region></Cache>
      </DataStore>
    </Item>
  </DataStoreFolder></DataStoreFolder>
  <SessionFolder>${meta('SESSION')}<SessionFolder>${meta('Ops')}
    <Item id="SESSION://Ops/Nightly">${meta('Nightly')}
      <Session owner="ops"><Priority>1</Priority><Schedule cron="0 2 * * *"/><Tasks><OpenDataTask><label>1</label><datastore>DATASTORE://Ops/Roads</datastore><hint level="2">fast</hint></OpenDataTask></Tasks></Session>
    </Item>
  </SessionFolder></SessionFolder>
</Backup>
`;
  const apps: TestApp[] = [];
  afterAll(async () => {
    for (const app of apps) await stopApp(app);
  });

  beforeAll(() => buildIfNeeded(), 180_000);

  it('shows it in the item, warns about it, and writes it back in place after a JSON round trip', async () => {
    const a = await startApp();
    apps.push(a);
    const report = (await restore(a, [{ name: 'ops.xml', content: DOC }]).expect(200)).body.items as ReportItem[];
    expect(report.filter((i) => i.status !== 'ok')).toEqual([]);
    const session = report.find((i) => i.type === 'session')!;
    expect(session.warnings).toEqual([
      'kept as it is, though Strata does not model it (unmodelledXml): attribute owner on Session, <Schedule> in Session, <hint> in Session/Tasks/OpenDataTask',
    ]);
    const store = report.find((i) => i.type === 'datastore')!;
    expect(store.warnings).toEqual([
      'kept as it is, though Strata does not model it (unmodelledXml): attribute tier on DataStore, <Cache> in DataStore',
      'needs password',
    ]);
    const shown = await item(a, session.id!);
    expect(shown.content).toEqual({
      priority: '1',
      tasks: [{ kind: 'OpenData', label: '1', datastore: store.id, unmodelledXml: { nodes: [{ at: 2, xml: '<hint level="2">fast</hint>' }] } }],
      unmodelledXml: { attributes: { owner: 'ops' }, nodes: [{ at: 1, xml: '<Schedule cron="0 2 * * *"/>' }] },
    });

    // The API refuses unmodelled XML it could not write back.
    const broken = { ...shown.content, unmodelledXml: { nodes: [{ at: 0, xml: '<Schedule>' }] } };
    const refused = await a.admin().patch(`/api/items/${session.id}`).send({ content: broken }).expect(400);
    expect(refused.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(refused.body.detail).toMatch(/unmodelledXml\.nodes\[0\]\.xml is not well-formed/);

    const json = await backupText(a, [session.id!], 'json');
    expect(json).not.toContain('hunter2');
    const b = await startApp();
    apps.push(b);
    const again = (await restore(b, [{ name: 'ops.json', content: json }]).expect(200)).body.items as ReportItem[];
    expect(again.filter((i) => i.status !== 'ok')).toEqual([]);
    const xml = await backupText(b, [again.find((i) => i.type === 'session')!.id!], 'xml');
    expect(normaliseBackup(xmlTree(xml))).toEqual(normaliseBackup(xmlTree(DOC)));
  }, 60_000);
});
