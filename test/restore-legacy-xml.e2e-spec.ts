import fs from 'node:fs';
import path from 'node:path';
import { appForSuite, startApp, stopApp } from './support/test-app';
import { buildIfNeeded } from './support/build';
import { LEGACY_XML, ReportItem, backupText, item, restore } from './support/restore-helpers';
import { normaliseBackup, xmlTree } from '../src/backup/writers/legacy-xml.test-helper';

const fixtures = fs
  .readdirSync(LEGACY_XML)
  .filter((f) => f.endsWith('.xml'))
  .sort();
const KICKBACKS = 'Essential-Geometry-Checks--CheckForKickbacks.xml';

/** SPEC §4 fidelity rule and §5 renaming, with the real 1Integrate legacy XML exports. */
describe('restoring legacy XML: repeats and round trips (e2e)', () => {
  beforeAll(() => buildIfNeeded(), 180_000);

  describe('restoring the same file again', () => {
    const t = appForSuite();

    it('renames the items "… 2" then "… 3" and reuses the folders (ok, same ids)', async () => {
      const runs: ReportItem[][] = [];
      for (let n = 0; n < 3; n++) runs.push((await restore(t, [path.join(LEGACY_XML, KICKBACKS)]).expect(200)).body.items);
      const summary = (items: ReportItem[]) => items.map((i) => [i.type, i.status, i.path]);
      expect(summary(runs[0])).toEqual([
        ['folder', 'ok', '/Standard'],
        ['folder', 'ok', '/Standard/Essential Geometric Checks'],
        ['rule', 'ok', '/Standard/Essential Geometric Checks/Check for Kickbacks'],
      ]);
      expect(summary(runs[1])).toEqual([
        ['folder', 'ok', '/Standard'],
        ['folder', 'ok', '/Standard/Essential Geometric Checks'],
        ['rule', 'renamed', '/Standard/Essential Geometric Checks/Check for Kickbacks 2'],
      ]);
      expect(summary(runs[2])).toEqual([
        ['folder', 'ok', '/Standard'],
        ['folder', 'ok', '/Standard/Essential Geometric Checks'],
        ['rule', 'renamed', '/Standard/Essential Geometric Checks/Check for Kickbacks 3'],
      ]);
      // the folders are the same ones each time; the rules are three distinct items
      for (const k of [0, 1]) expect(new Set(runs.map((r) => r[k].id)).size).toBe(1);
      const rules = runs.map((r) => r[2].id!);
      expect(new Set(rules).size).toBe(3);
      const third = await item(t, rules[2]);
      expect(third).toMatchObject({ name: 'Check for Kickbacks 3', folderId: runs[0][1].id, createdBy: '1Spatial', createdAt: '2017-01-03T01:13:12.000Z' });
      expect(third.content).toEqual((await item(t, rules[0])).content);
      const folder = (await t.admin().get(`/api/items?folderId=${runs[0][1].id}&type=rule`).expect(200)).body.items;
      expect(folder.map((i: { name: string }) => i.name)).toEqual(['Check for Kickbacks', 'Check for Kickbacks 2', 'Check for Kickbacks 3']);
    });

    it('renames every item of the HPMS repository on a second restore; renamed rules use the renamed templates', async () => {
      const file = path.join(LEGACY_XML, 'HPMS--Rule-HPMS.xml');
      const first = (await restore(t, [file]).expect(200)).body.items as ReportItem[];
      const second = (await restore(t, [file]).expect(200)).body.items as ReportItem[];
      expect(first.filter((i) => i.status !== 'ok')).toEqual([]);
      expect(second.filter((i) => i.type === 'folder' && i.status !== 'ok')).toEqual([]);
      const items = second.filter((i) => i.type !== 'folder');
      expect(items.length).toBeGreaterThan(180);
      expect(items.filter((i) => !(i.status === 'renamed' && i.path === `${i.sourcePath} 2`))).toEqual([]);

      const template = 'RULE://HPMS_tc/Cross, LRS, Sample, Length 2018/Value_Date is with in 2 years of Year Record';
      const rule =
        'RULE://Repositories/con_fhwa_hpms/Rulesets/1Integrate/HPMS/5 - HPMS Validations/Cross, LRS, Sample, Length/46 - IRI, RUTTING, FAULTING, CRACKING (Cross)';
      const bySource = (items: ReportItem[], source: string) => items.find((i) => i.sourceId === source)!;
      expect(bySource(second, template).type).toBe('rule-template');
      const templateIds = (content: unknown) => [...JSON.stringify(content).matchAll(/"template_id":"([^"]+)"/g)].map((m) => m[1]);
      expect(templateIds((await item(t, bySource(first, rule).id!)).content)).toEqual(Array(4).fill(bySource(first, template).id));
      expect(templateIds((await item(t, bySource(second, rule).id!)).content)).toEqual(Array(4).fill(bySource(second, template).id));
      expect(bySource(first, template).id).not.toBe(bySource(second, template).id);
    });
  });

  describe('round trip: restore into an empty repository, back up as XML, compare with the original', () => {
    it.each(fixtures)(
      '%s',
      async (file) => {
        const t = await startApp();
        try {
          const res = await restore(t, [path.join(LEGACY_XML, file)]).expect(200);
          const items = res.body.items as ReportItem[];
          expect(items.filter((i) => i.status !== 'ok')).toEqual([]);
          const topLevel = [...new Set(items.filter((i) => i.path!.lastIndexOf('/') === 0).map((i) => i.id!))];
          expect(topLevel.length).toBeGreaterThan(0);
          const xml = await backupText(t, topLevel, 'xml');
          const original = fs.readFileSync(path.join(LEGACY_XML, file), 'utf8');
          expect(normaliseBackup(xmlTree(xml))).toEqual(normaliseBackup(xmlTree(original)));
        } finally {
          await stopApp(t);
        }
      },
      60_000,
    ); // HPMS--Session-HPMS.xml: 2.2 MB restored, backed up and compared
  });
});
