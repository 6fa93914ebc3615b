import { createReadStream, readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { readLegacyXml } from '../../../workers/parsing/legacy-xml.reader';
import type { BackupItem } from '../backup-item';
import { LegacyXmlUnsupportedError, writeLegacyXml } from './legacy-xml.writer';
import { collect, normaliseBackup, readAllItems, sourceFromParsed, sourceOf, xmlTree } from './legacy-xml.test-helper';
import { EXPECTED_XML, HAND_BUILT } from './legacy-xml.writer.spec-data';

const FIXTURES = join(__dirname, '../../../test/fixtures/1integrate/legacy-xml');

async function* textStream(text: string) {
  yield text;
}
const written = (items: BackupItem[]) => collect(writeLegacyXml(sourceOf(items, { createdAt: '2026-11-26T10:00:00.000Z', createdBy: 'alice' })));
const readBack = async (xml: string) => readAllItems(readLegacyXml(textStream(xml)));

describe('writeLegacyXml', () => {
  describe('round trip of every real 1Integrate backup: read → items with new ids → write ≡ original', () => {
    it.each(readdirSync(FIXTURES).filter((f) => f.endsWith('.xml')))('%s', async (file) => {
      const parsed = await readAllItems(readLegacyXml(createReadStream(join(FIXTURES, file))));
      const { source } = sourceFromParsed(parsed);
      const xml = await collect(writeLegacyXml(source));
      expect(normaliseBackup(xmlTree(xml))).toEqual(normaliseBackup(xmlTree(readFileSync(join(FIXTURES, file), 'utf8'))));
    });
  });

  it('keeps 1Integrate’s layout: declaration, namespaces, 4-space indentation, line for line', async () => {
    const file = join(FIXTURES, 'Essential-Geometry-Checks--CheckForKickbacks.xml');
    const xml = await collect(writeLegacyXml(sourceFromParsed(await readAllItems(readLegacyXml(createReadStream(file)))).source));
    // Lines apart from the type root's own Created/LastEdited (6 lines) and empty <Comments>.
    const comparable = (text: string) => {
      const lines = text
        .trimEnd()
        .split('\n')
        .filter((l) => l.trim() !== '<Comments></Comments>');
      const at = lines.findIndex((l) => l.trim() === '<Name>RULE</Name>');
      lines.splice(at + 1, 6);
      return lines;
    };
    expect(comparable(xml)).toEqual(comparable(readFileSync(file, 'utf8')));
  });

  // Each body against 1Integrate's own exports, items written by hand: legacy-xml.writer.bodies.spec.ts.
  // Here, a whole backup of hand-built items, with what only the API makes (numbers, lists, odd kinds).
  describe('hand-built items shaped like the fixtures and the HPMS repository', () => {
    it('writes templates, rules, actions, an action map, data stores and a session as 1Integrate lays them out', async () => {
      expect(normaliseBackup(xmlTree(await written(HAND_BUILT)))).toEqual(normaliseBackup(xmlTree(EXPECTED_XML)));
    });

    it('places folders: under each type root their subtree needs, empty ones under RuleFolder, roots in order', async () => {
      const tree = xmlTree(await written(HAND_BUILT));
      const names = (node: typeof tree): string[] =>
        node.children
          .filter((c) => c.name.endsWith('Folder'))
          .flatMap((c) => {
            const name = c.children[0].children[0].text;
            return [name, ...names(c).map((n) => `${name}/${n}`)];
          });
      expect(tree.children.map((root) => [root.name, names(root)])).toEqual([
        ['DataStoreFolder', ['HPMS']],
        ['RuleFolder', ['HPMS', 'HPMS/Checks', 'HPMS/Templates', 'Empty']],
        ['ActionFolder', ['HPMS', 'HPMS/Checks', 'HPMS/Templates']],
        ['ActionMapFolder', ['HPMS', 'HPMS/Checks']],
        ['SessionFolder', ['HPMS']],
      ]);
    });

    it('reads back to the same items, references as URIs and secrets gone', async () => {
      const back = await readBack(await written(HAND_BUILT));
      expect(back.every((i) => i.problems.length === 0)).toBe(true);
      const { items } = sourceFromParsed(back);
      const byPath = new Map(items.map((i) => [`${i.type} ${i.folderPath}/${i.name}`, i]));
      const idOf = new Map(HAND_BUILT.map((i) => [i.id, byPath.get(`${i.type} ${i.folderPath}/${i.name}`)?.id]));
      for (const original of HAND_BUILT) {
        const copy = byPath.get(`${original.type} ${original.folderPath}/${original.name}`);
        const expected = JSON.parse(
          JSON.stringify(original.content).replace(/"(f|t|r|a|m|d|s)-[\w-]+"/g, (id) => JSON.stringify(idOf.get(JSON.parse(id)) ?? JSON.parse(id))),
        );
        if (original.type === 'datastore') expected.exportCredentials[0].value = null; // a password never travels
        expect({ ...copy, id: original.id, content: copy?.content }).toEqual({ ...original, content: expected });
      }
    });

    it('writes an empty folder under RuleFolder with its ancestors, wherever their items are', async () => {
      const folder = (id: string, folderPath: string, name: string): BackupItem => ({ ...HAND_BUILT[0], id, folderPath, name });
      const store = { ...HAND_BUILT.find((i) => i.type === 'datastore')!, folderPath: '/Stores' };
      const xml = await written([folder('f-stores', '/', 'Stores'), folder('f-empty', '/Stores', 'Empty'), store]);
      const roots = xmlTree(xml).children;
      expect(roots.map((r) => r.name)).toEqual(['DataStoreFolder', 'RuleFolder']);
      const paths = (await readBack(xml)).filter((i) => i.type === 'folder').map((i) => `${i.folderPath} ${i.name}`);
      expect(paths).toEqual(['/ Stores', '/Stores Empty']);
    });

    it('never writes a password value, even when the caller left one', async () => {
      const xml = await written(HAND_BUILT);
      expect(xml).not.toContain('s3cret');
      expect(xml).toContain('<param name="Password" datatype="password" displayValue=""/>');
    });
  });

  describe('escaping', () => {
    const nasty = 'Quote " apos \' amp & lt < gt > ]]> tab\tcr\r\nlf ünïcødé ✓ 𝔘 \u0085';
    const item = (over: Partial<BackupItem>): BackupItem => ({
      ...HAND_BUILT.find((i) => i.type === 'rule')!,
      folderPath: '/',
      ...over,
    });

    it('writes well-formed XML that reads back to the same strings', async () => {
      const rule = item({
        name: 'Nasty "&<>\' ünï ✓',
        description: nasty,
        comments: nasty,
        createdBy: nasty,
        content: { rootTerm: { kind: 'Rule', predicates: [{ kind: 'RootPredicate', attributes: { classLabel: nasty, objLabel: '' } }] } },
      });
      const [back] = await readBack(await written([rule]));
      expect(back).toMatchObject({ name: rule.name, description: nasty, comments: nasty, createdBy: nasty, problems: [] });
      expect(back.content).toEqual(rule.content);
      expect(back.sourceId).toBe(`RULE://${rule.name}`);
    });

    it('replaces characters XML 1.0 cannot carry by U+FFFD, keeping the document well-formed', async () => {
      const rule = item({ description: 'a\u0000b\u0001c\u001fd\uFFFEe\uD800f', comments: 'bell\u0007' });
      const [back] = await readBack(await written([rule]));
      expect(back.description).toBe('a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\uFFFDf');
      expect(back.comments).toBe('bell\uFFFD');
    });
  });

  describe('what legacy XML cannot hold', () => {
    it('refuses discovery specifications before writing anything, naming them', async () => {
      const spec: BackupItem = { ...HAND_BUILT[0], id: 'x-1', type: 'discovery-spec', name: 'Find roads', folderPath: '/HPMS', content: {} };
      const chunks = writeLegacyXml(sourceOf([...HAND_BUILT, spec]));
      const error = await chunks.next().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LegacyXmlUnsupportedError);
      expect(error).toMatchObject({ code: 'UNSUPPORTED_FORMAT', names: ['/HPMS/Find roads'] });
      expect((error as Error).message).toMatch(/discovery specifications.*"\/HPMS\/Find roads"/);
    });

    it('refuses a node kind that is not an XML name', async () => {
      const rule = { ...HAND_BUILT.find((i) => i.type === 'rule')!, content: { rootTerm: { kind: 'Rule', predicates: [{ kind: 'Not a name' }] } } };
      await expect(written([...HAND_BUILT.filter((i) => i.type === 'folder'), rule])).rejects.toThrow(/node kind "Not a name" is not an XML name/);
    });

    it('refuses items whose folder subtrees are not contiguous', async () => {
      const rules = HAND_BUILT.filter((i) => i.type === 'rule' || i.type === 'folder');
      const source = sourceOf(rules);
      const second = { ...rules.find((i) => i.type === 'rule')!, id: 'r-2', name: 'Other', folderPath: '/HPMS/Templates' };
      const third = { ...second, id: 'r-3', name: 'Again', folderPath: '/HPMS/Checks' };
      source.items = async function* () {
        yield* [rules.find((i) => i.type === 'rule')!, second, third];
      };
      await expect(collect(writeLegacyXml(source))).rejects.toThrow(/not contiguous/);
    });
  });
});
