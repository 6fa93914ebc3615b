import { readFileSync } from 'fs';
import { join } from 'path';
import type { ItemType, RuleNode } from '../../src/repository/domain/item';
import { completenessProblems } from '../../src/repository/domain/rule-language';
import { MAX_BODY_DEPTH, QUICK_SKIP_REASON, SCHEMA_SKIP_REASON } from './arcgis-xml-elements';
import { readArcgisXml } from './arcgis-xml.reader';
import { MAX_XML_DEPTH } from './safe-xml-stream';
import { InvalidBackupError, ParsedItem } from './parsed-item';

const SAMPLE = readFileSync(join(__dirname, '../../test/fixtures/1integrate/arcgis/sample-road-checks.xml'));
const PACKAGE = '/Sample Road Checks/Transportation/Sample Road Checks';

async function* chunks(text: string | Buffer, size = 7): AsyncGenerator<string | Buffer> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

async function readAll(input: string | Buffer, size = 4096): Promise<ParsedItem[]> {
  const items: ParsedItem[] = [];
  for await (const item of readArcgisXml(chunks(input, size))) items.push(item);
  return items;
}

async function readError(input: string | Buffer): Promise<InvalidBackupError> {
  try {
    await readAll(input, 64);
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidBackupError);
    return err as InvalidBackupError;
  }
  throw new Error('expected InvalidBackupError');
}

const ruleSet = (inner: string, attrs = 'name="RS"') => `<?xml version="1.0" encoding="UTF-8"?>\n<RuleSet ${attrs}>${inner}</RuleSet>`;
const pkg = (inner: string, name = 'P') => `<Folder name="F"><Package name="${name}">${inner}</Package></Folder>`;
const GOOD_PREDICATE =
  '<RootPredicate classLabel="Road" objLabel=""><RelationalPredicate><DynamicValue classRef="Road" objRef="" propName="geometry"/>' +
  '<NotEqualsRelation/><NullValue/></RelationalPredicate></RootPredicate>';
const GOOD_OPERATION = '<RootOperation classLabel="Road" objLabel=""><DeleteObjectOperation classRef="Road" objRef=""/></RootOperation>';

function kinds(node: RuleNode): string[] {
  return [node.kind, ...(node.predicates ?? []).flatMap(kinds)];
}
function attributeNames(node: RuleNode): string[] {
  return [...Object.keys(node.attributes ?? {}), ...(node.predicates ?? []).flatMap(attributeNames)];
}

describe('readArcgisXml', () => {
  it('reads every element of the sample, in file order', async () => {
    const items = await readAll(SAMPLE);
    expect(items.map((i) => [i.index, i.type, i.folderPath, i.name, i.skip])).toEqual([
      [0, 'folder', '/', 'Sample Road Checks', undefined],
      [1, 'folder', '/Sample Road Checks', 'Transportation', undefined],
      [2, 'folder', '/Sample Road Checks/Transportation', 'Sample Road Checks', undefined],
      [3, 'rule', PACKAGE, 'Road Geometry Must Not Be Too Short Or Null', undefined],
      [4, 'rule', PACKAGE, 'Roads Do Not Overlap Other Roads', undefined],
      [5, 'quick-rule', PACKAGE, 'Road Name Is Not Empty', QUICK_SKIP_REASON],
      [6, 'action', PACKAGE, 'Report Road Geometry', undefined],
      [7, 'quick-action', PACKAGE, 'Delete Short Road', QUICK_SKIP_REASON],
      [8, 'schema', PACKAGE, 'Roads', SCHEMA_SKIP_REASON],
    ]);
    expect(items.flatMap((i) => i.problems)).toEqual([]);
    expect(items.slice(0, 3).map((i) => i.description)).toEqual([
      'Road network checks for centreline data',
      'Transportation rule packages',
      'Checks that road geometry is sound',
    ]);
    expect(items[3].description).toBe('Every road has a geometry longer than one metre');
  });

  it('keeps no titles, comments, links nor Created/Last Edited', async () => {
    const items = await readAll(SAMPLE);
    for (const item of items) {
      expect(item).toMatchObject({ comments: '', createdBy: '', createdAt: '', lastEditedBy: '', lastEditedAt: '', sourceId: '' });
    }
    const rule = items[3].content.rootTerm as RuleNode;
    expect(kinds(rule)).not.toContain('ReportAction');
    // Titles ("Road checks", "Short roads", …), comments and the ReportAction's ref are nowhere.
    const text = JSON.stringify(items);
    for (const gone of ['"Road checks"', '"Sample road checks"', '"Short roads"', 'Reviewed 2019', 'Tolerance agreed', 'Sample Road Checks/Report']) {
      expect(text).not.toContain(gone);
    }
  });

  it('maps rule and action bodies as in legacy XML, complete', async () => {
    const items = await readAll(SAMPLE);
    const rule = items[3].content.rootTerm as RuleNode;
    expect(rule.kind).toBe('Rule');
    expect(rule.attributes).toBeUndefined(); // the name is the item's, not the tree's
    expect(rule.predicates).toHaveLength(1);
    expect(rule.predicates![0]).toMatchObject({ kind: 'RootPredicate', attributes: { classLabel: 'Road', objLabel: '' } });
    expect(kinds(rule)).toEqual([
      'Rule', 'RootPredicate', 'AndPredicate',
      'RelationalPredicate', 'DynamicValue', 'NotEqualsRelation', 'NullValue',
      'RelationalPredicate', 'BuiltinFnValue', 'DynamicValue', 'GreaterRelation', 'StaticValue',
    ]); // prettier-ignore
    const action = items[6].content.rootTerm as RuleNode;
    expect(action.kind).toBe('Action');
    expect(action.predicates![0].kind).toBe('RootOperation');
    for (const item of items.filter((i) => i.type === 'rule' || i.type === 'action')) {
      expect([item.name, completenessProblems(item.type as ItemType, item.content)]).toEqual([item.name, []]);
    }
  });

  it('reads the same whatever the chunk size', async () => {
    expect(await readAll(SAMPLE, 3)).toEqual(await readAll(SAMPLE, 1 << 20));
    expect(await readAll(SAMPLE.toString('utf8'), 5)).toEqual(await readAll(SAMPLE));
  });

  it('reads nested folders, empty packages and items outside a package', async () => {
    const xml = ruleSet(
      '<Metadata><Description>set</Description></Metadata>' +
        '<Folder name="A"><Metadata><Description>a</Description></Metadata>' +
        '<Folder name="B"><Package name="Empty"><Metadata><Description>nothing here</Description></Metadata></Package>' +
        `<Package name="P"><Rule name="R">${GOOD_PREDICATE}</Rule></Package></Folder>` +
        `<Action name="Loose">${GOOD_OPERATION}</Action></Folder>` +
        '<Package name="Top"/>',
    );
    const items = await readAll(xml, 11);
    expect(items.map((i) => [i.type, i.folderPath, i.name, i.description])).toEqual([
      ['folder', '/', 'RS', 'set'],
      ['folder', '/RS', 'A', 'a'],
      ['folder', '/RS/A', 'B', ''],
      ['folder', '/RS/A/B', 'Empty', 'nothing here'],
      ['folder', '/RS/A/B', 'P', ''],
      ['rule', '/RS/A/B/P', 'R', ''],
      ['action', '/RS/A', 'Loose', ''],
      ['folder', '/RS', 'Top', ''],
    ]);
    expect(items.flatMap((i) => i.problems)).toEqual([]);
  });

  it('passes an over-long name through for the planner to fail, and reports a missing one', async () => {
    const long = 'N'.repeat(300);
    const items = await readAll(ruleSet(pkg(`<Rule name="${long}">${GOOD_PREDICATE}</Rule><Action>${GOOD_OPERATION}</Action>`)));
    expect(items[3]).toMatchObject({ type: 'rule', name: long, problems: [] });
    expect(items[4]).toMatchObject({ type: 'action', name: '', problems: [{ code: 'MISSING_NAME', message: '<Action> has no name attribute' }] });
  });

  it('fails partial and invalid rules and actions with their problems (only ArcGIS uploads refuse them, SPEC §8)', async () => {
    const items = await readAll(
      ruleSet(
        pkg(
          '<Rule name="No body"><Metadata><Description>d</Description></Metadata><ReportAction ref="/x"/></Rule>' +
            '<Rule name="Partial"><RootPredicate classLabel="Road" objLabel=""><AndPredicate><NullValue/></AndPredicate></RootPredicate></Rule>' +
            `<Action name="Invalid">${GOOD_PREDICATE}</Action>` +
            `<Rule name="Texty">some text${GOOD_PREDICATE}</Rule>`,
        ),
      ),
    );
    const [noBody, partial, invalid, texty] = items.slice(3);
    expect(noBody.problems).toEqual([{ code: 'MISSING_BODY', message: 'the rule has no body (<RootPredicate>)' }]);
    expect(partial.problems).toEqual([
      { code: 'PARTIAL', message: 'incomplete: Rule > RootPredicate[0] > AndPredicate[0]: AndPredicate needs at least 2 children, has 1' },
    ]);
    expect(invalid.problems).toEqual([{ code: 'PARTIAL', message: 'incomplete: an action must have Action > RootOperation, found Action > RootPredicate' }]);
    expect(texty.problems).toEqual([{ code: 'UNSUPPORTED_CONTENT', message: '<Rule> holds text, which rule nodes cannot carry' }]);
  });

  it('drops template links but keeps the templated tree', async () => {
    const body = GOOD_PREDICATE.replace('<RelationalPredicate>', '<RelationalPredicate template_id="RULE://T/x" template_name="x" template_type="Rule">');
    const [, , , rule] = await readAll(ruleSet(pkg(`<Rule name="R">${body}</Rule>`)));
    const root = rule.content.rootTerm as RuleNode;
    expect(attributeNames(root)).not.toEqual(expect.arrayContaining(['template_id']));
    expect(attributeNames(root).filter((a) => a.startsWith('template'))).toEqual([]);
    expect(kinds(root)).toContain('RelationalPredicate');
    expect(completenessProblems('rule', rule.content)).toEqual([]);
  });

  it('reports quick rules and quick actions alone, and unknown elements', async () => {
    const items = await readAll(
      ruleSet(
        pkg(
          '<QuickAction name="Q" template="delete-feature"><Parameter name="class" value="Road"/></QuickAction><Domain name="D"><Rule name="inner"/></Domain>',
        ),
      ),
    );
    expect(items.map((i) => [i.type, i.name, i.skip])).toEqual([
      ['folder', 'RS', undefined],
      ['folder', 'F', undefined],
      ['folder', 'P', undefined],
      ['quick-action', 'Q', QUICK_SKIP_REASON],
      ['Domain', 'D', undefined],
    ]);
    expect(items[4].problems).toEqual([{ code: 'UNKNOWN_ELEMENT', message: 'unknown element <Domain>: only rules and actions are restored' }]);
  });

  it('keeps the contents of a nameless rule set away from the root', async () => {
    const items = await readAll(`<RuleSet><Package name="P"><Rule name="R">${GOOD_PREDICATE}</Rule></Package></RuleSet>`);
    expect(items.map((i) => [i.type, i.folderPath, i.name, i.problems.map((p) => p.message)])).toEqual([
      ['folder', '/', '', ['<RuleSet> has no name attribute']],
      ['folder', '//', 'P', []],
      ['rule', '///P', 'R', []],
    ]);
  });

  it('only knows its own vocabulary, in its own namespace', async () => {
    const items = await readAll(ruleSet(pkg('<constructor name="c"/><QuickRule xmlns="urn:other" name="q"/><toString name="t"/>')));
    expect(items.slice(3).map((i) => [i.type, i.skip, i.problems[0]?.code])).toEqual([
      ['constructor', undefined, 'UNKNOWN_ELEMENT'],
      ['QuickRule', undefined, 'UNKNOWN_ELEMENT'],
      ['toString', undefined, 'UNKNOWN_ELEMENT'],
    ]);
  });

  it('reads a rule set in a namespace of its own', async () => {
    const xml = `<a:RuleSet xmlns:a="urn:arcgis" name="RS"><a:Package name="P"><a:Rule name="R">${GOOD_PREDICATE.replace(/<(\/?)([A-Z])/g, '<$1a:$2')}</a:Rule></a:Package></a:RuleSet>`;
    const items = await readAll(xml);
    expect(items.map((i) => [i.type, i.name])).toEqual([
      ['folder', 'RS'],
      ['folder', 'P'],
      ['rule', 'R'],
    ]);
    expect(items[2].problems).toEqual([]);
    expect(completenessProblems('rule', items[2].content)).toEqual([]);
  });

  it('fails a body nested deeper than MAX_BODY_DEPTH as an item; far deeper fails the whole file', async () => {
    const depth = MAX_BODY_DEPTH + 2;
    const xml = ruleSet(
      pkg(`<Rule name="Deep">${'<NotPredicate>'.repeat(depth)}${'</NotPredicate>'.repeat(depth)}</Rule><Rule name="Fine">${GOOD_PREDICATE}</Rule>`),
    );
    const items = await readAll(xml, 1 << 16);
    expect(items[3].problems).toEqual([{ code: 'TOO_DEEP', message: `the body is nested deeper than ${MAX_BODY_DEPTH} levels` }]);
    expect(items[4]).toMatchObject({ name: 'Fine', problems: [] });
    const deeper = MAX_XML_DEPTH * 20;
    const hostile = ruleSet(pkg(`<Rule name="Deep">${'<NotPredicate>'.repeat(deeper)}${'</NotPredicate>'.repeat(deeper)}</Rule>`));
    expect((await readError(hostile)).message).toMatch(/nested deeper than 512 levels/);
  });

  describe('refuses what is not a safe ArcGIS export', () => {
    it('refuses a DOCTYPE with an entity bomb before expanding anything', async () => {
      const lol = Array.from({ length: 9 }, (_, n) => `<!ENTITY lol${n + 1} "${`&lol${n};`.repeat(10)}">`).join('\n');
      const err = await readError(`<?xml version="1.0"?>\n<!DOCTYPE RuleSet [\n<!ENTITY lol0 "lol">\n${lol}\n]>\n<RuleSet name="&lol9;"/>`);
      expect(err.message).toMatch(/DOCTYPE.*not accepted.*line 2, column \d+/);
    });

    it('refuses an external entity without reading it', async () => {
      const err = await readError('<?xml version="1.0"?><!DOCTYPE RuleSet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><RuleSet name="&xxe;"/>');
      expect(err.message).toMatch(/DOCTYPE/);
      expect(err.message).not.toMatch(/root:/);
    });

    it('refuses an undefined entity (no DTD) with its position', async () => {
      const err = await readError(ruleSet(pkg('<Rule name="&xxe;"/>')));
      expect(err.message).toMatch(/undefined entity.*line 2, column \d+/);
    });

    it('refuses a truncated file, saying where it stopped', async () => {
      const err = await readError(SAMPLE.subarray(0, 1500));
      expect(err.message).toMatch(/ends early.*line \d+, column \d+/);
    });

    it('refuses another root element, another encoding and bytes that are not UTF-8', async () => {
      expect((await readError('<Backup xmlns="urn:x"/>')).message).toMatch(/root element is <Backup> in namespace "urn:x", expected <RuleSet>/);
      expect((await readError('<?xml version="1.0" encoding="ISO-8859-1"?><RuleSet/>')).message).toMatch(/only UTF-8/);
      expect((await readError(Buffer.from([0x3c, 0x61, 0xff, 0xfe, 0x3e]))).message).toMatch(/not valid UTF-8/);
    });
  });
});
