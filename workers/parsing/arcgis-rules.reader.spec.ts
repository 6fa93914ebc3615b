import { readFileSync } from 'fs';
import { join } from 'path';
import type { RuleNode } from '../../src/repository/domain/item';
import { FILE_NESTING_CEILING, LIMITS } from '../../src/repository/domain/limits';
import { QUICK_SKIP_REASON, SCHEMA_SKIP_REASON } from './arcgis-xml-elements';
import { readArcgisRules } from './arcgis-rules.reader';
import { RulesNode, actionBody, manifest, metadata, node, packageBody, pieces, ruleBody, rulesFile } from './arcgis-rules.spec-support';
import { InvalidBackupError, ParsedItem } from './parsed-item';

const FIXTURES = join(__dirname, '../../test/fixtures/1integrate/arcgis-rules');
const FIXUPS = readFileSync(join(FIXTURES, 'Essential-Geometry-Fixups.rules'));
const ROADS = readFileSync(join(FIXTURES, 'Sample-Road-Checks.rules'));
const FIXUPS_PACKAGE = '/Essential Geometry Fixups/01. Fix Essential Geometric Errors';

async function readAll(bytes: Buffer, size = 4096, maxRecordBytes?: number): Promise<ParsedItem[]> {
  const items: ParsedItem[] = [];
  for await (const item of readArcgisRules(pieces(bytes, size), maxRecordBytes ? { maxRecordBytes } : undefined)) items.push(item);
  return items;
}

async function readError(bytes: Buffer, maxRecordBytes?: number): Promise<string> {
  try {
    await readAll(bytes, 1000, maxRecordBytes);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidBackupError);
    return (error as Error).message;
  }
  throw new Error('expected InvalidBackupError');
}

/** A rule set `RS` with package `P` holding one item of each `[appType, name, body]`. */
function ruleSetFile(entries: [appType: string, name: string, body: unknown][], pkg: unknown = packageBody('The package')): Buffer {
  const rel = (name: string) => ['head', 'P', name];
  return rulesFile([
    manifest('RS', [['folder', ['head']], ['package', ['head', 'P']], ...entries.map(([appType, name]) => [appType, rel(name)] as [string, string[]])]),
    node('rule_set', {}, [metadata('The rule set'), node('SchemaInfo')]),
    null,
    pkg,
    ...entries.map(([, , body]) => body),
  ]);
}

/** The items of a file whose package P holds the given entries, without the rule set and package folders. */
async function entriesOf(entries: [string, string, unknown][]): Promise<ParsedItem[]> {
  const items = await readAll(ruleSetFile(entries));
  expect(items.slice(0, 2).map((i) => [i.type, i.folderPath, i.name, i.problems])).toEqual([
    ['folder', '/', 'RS', []],
    ['folder', '/RS', 'P', []],
  ]);
  return items.slice(2);
}

const rootOf = (item: ParsedItem) => (item.content.rootTerm as RuleNode).predicates?.[0] as RuleNode;
const problemOf = (item: ParsedItem) => item.problems.map((p) => p.message);

/** The nodes under the top node below the root of the one rule or action `entry` reads as, which must read without problems. */
async function innerNodesOf(entry: [appType: string, name: string, body: unknown]): Promise<RuleNode[]> {
  const [item] = await entriesOf([entry]);
  expect(item.problems).toEqual([]);
  return rootOf(item).predicates?.[0].predicates ?? [];
}

function nested(depth: number): RulesNode {
  let inner: RulesNode = node('NullValue');
  for (let i = 0; i < depth; i++) inner = node('NotPredicate', {}, [inner]);
  return inner;
}

describe('readArcgisRules', () => {
  it('reads Essential Geometry Fixups: the rule set and package as folders, then the rules and actions, in file order', async () => {
    const items = await readAll(FIXUPS);
    expect(items.map((i) => [i.index, i.type, i.folderPath, i.name, i.problems])).toEqual([
      [0, 'folder', '/', 'Essential Geometry Fixups', []],
      [1, 'folder', '/Essential Geometry Fixups', '01. Fix Essential Geometric Errors', []],
      ...['Check_Duplicate_Features', 'Check_Duplicate_Points', 'Check_Kickbacks', 'Check_Spikes'].map((name, n) => [n + 2, 'rule', FIXUPS_PACKAGE, name, []]),
      ...['Remove_Dup_Feature', 'Remove_Duplicate_Points', 'Remove_Kickbacks', 'Remove_Spikes'].map((name, n) => [n + 6, 'action', FIXUPS_PACKAGE, name, []]),
    ]);
    expect(items[1].description).toBe('A rule set that corrects gemetry errors.');
    expect(items[2].description).toMatch(/^Checks for two features within the same class/);
    // Created and Last Edited are left to the restore (the restoring user, the time of upload); no titles, no comments.
    for (const item of items) {
      expect([item.sourceId, item.comments, item.createdBy, item.createdAt, item.lastEditedBy, item.lastEditedAt]).toEqual(['', '', '', '', '', '']);
    }
    const text = JSON.stringify(items);
    for (const gone of ['"Fix Essential Geometric Errors"', 'Check Duplicate Features', 'enhanceAction', 'Remove_Dup_Feature"}', 'Metadata', 'title']) {
      expect(text).not.toContain(gone);
    }
    expect(rootOf(items[2])).toMatchObject({ kind: 'RootPredicate', attributes: { classLabel: '', objLabel: 'ALL' } });
    expect(Object.keys(rootOf(items[2]).attributes ?? {})).toEqual(['classLabel', 'objLabel']);
  });

  it('skips the quick action of Sample Road Checks with the reason, and reads the rule set named in the manifest', async () => {
    const items = await readAll(ROADS);
    expect(items.slice(0, 4).map((i) => [i.type, i.folderPath, i.name, i.skip])).toEqual([
      ['folder', '/', 'Transportation', undefined],
      ['folder', '/Transportation', 'Sample Road Checks', undefined],
      ['quick-action', '/Transportation/Sample Road Checks', 'Report Road Geometry', QUICK_SKIP_REASON],
      ['rule', '/Transportation/Sample Road Checks', 'Road Geometry Must Not Be Too Short or NULL', undefined],
    ]);
    expect(items.filter((i) => i.type === 'rule')).toHaveLength(6);
    expect(items.every((i) => i.problems.length === 0)).toBe(true);
  });

  it('gives the same items whatever size the file arrives in', async () => {
    const whole = await readAll(FIXUPS, FIXUPS.length);
    expect(await readAll(FIXUPS, 1)).toEqual(whole);
    expect(await readAll(FIXUPS, 4093)).toEqual(whole);
  }, 30_000);

  describe('conversion into 1Integrate’s rule language', () => {
    it('turns built-in functions, typed values and links the way 1Integrate writes them', async () => {
      const root = node(
        'RootPredicate',
        { objLabel: ['string', ''], reportAction: ['string', '/P/A'], enhanceAction: ['string', 'P/B'], classLabel: ['string', 'Road'] },
        [
          node('RelationalPredicate', {}, [
            node('line_length', {}, [node('DynamicValue', { propName: ['string', 'geometry'], objRef: ['string', ''], classRef: ['string', 'Road'] })]),
            node('SpatialWithinDistRelation', { distance: ['real', 15] }),
            node('StaticValue', { value: ['integer', 3] }),
          ]),
        ],
      );
      const [rule] = await entriesOf([['rule', 'R', node('rule', { name: ['string', 'Another name'] }, [metadata('What it checks'), root])]]);
      expect(rule).toMatchObject({ type: 'rule', name: 'R', description: 'What it checks', problems: [] });
      expect(JSON.stringify(rule.content)).toBe(
        JSON.stringify({
          rootTerm: {
            kind: 'Rule',
            predicates: [
              {
                kind: 'RootPredicate',
                attributes: { classLabel: 'Road', objLabel: '' },
                predicates: [
                  {
                    kind: 'RelationalPredicate',
                    predicates: [
                      {
                        kind: 'BuiltinFnValue',
                        attributes: { fnName: 'line_length' },
                        predicates: [{ kind: 'DynamicValue', attributes: { classRef: 'Road', objRef: '', propName: 'geometry' } }],
                      },
                      // JSON.stringify writes 15, Rule Author 15.0: the spec-support writer is not Rule Author.
                      { kind: 'SpatialWithinDistRelation', attributes: { distance: '15' } },
                      { kind: 'StaticValue', attributes: { datatype: 'integer', value: '3' } },
                    ],
                  },
                ],
              },
            ],
          },
        }),
      );
    });

    it('writes a typed value’s text as Rule Author wrote it', async () => {
      const values = ['"text"', '15.0', '0.10', '-3', '1e-7', 'true', 'false', 'null'];
      const params = values.map((v, i) => `{"type":"StaticValue","params":{"value":{"type":"t${i}","value":${v}}}}`).join(',');
      const body = Buffer.from(
        `{"type":"rule","children":[{"type":"RootPredicate","params":{"classLabel":{"type":"string","value":""},"objLabel":{"type":"string","value":""}},` +
          `"children":[{"type":"OrPredicate","children":[${params}]}]}]}`,
      );
      expect((await innerNodesOf(['rule', 'R', body])).map((n) => n.attributes)).toEqual([
        { datatype: 't0', value: 'text' },
        { datatype: 't1', value: '15.0' },
        { datatype: 't2', value: '0.10' },
        { datatype: 't3', value: '-3' },
        { datatype: 't4', value: '1e-7' },
        { datatype: 't5', value: 'true' },
        { datatype: 't6', value: 'false' },
        { datatype: 't7', value: '' },
      ]);
    });

    it('gives a TemporaryValue the dataType 1Integrate writes, and keeps one it has', async () => {
      const temp = (params: Record<string, [string, unknown]>) => node('TemporaryValue', params as never);
      const op = node('RootOperation', { classLabel: ['string', ''], objLabel: ['string', 'ALL'] }, [
        node('AssignmentOperation', {}, [
          temp({ scope: ['string', 'local'], name: ['string', 'g'] }),
          temp({ name: ['string', 'h'], dataType: ['string', 'geometry'], scope: ['string', 'local'] }),
        ]),
      ]);
      const [g, h] = await innerNodesOf(['action', 'A', node('action', {}, [op])]);
      expect(Object.entries(g.attributes ?? {})).toEqual([
        ['name', 'g'],
        ['scope', 'local'],
        ['dataType', ''],
      ]);
      expect(Object.entries(h.attributes ?? {})).toEqual([
        ['name', 'h'],
        ['scope', 'local'],
        ['dataType', 'geometry'],
      ]);
    });

    it('keeps a node it does not know as it is: type as kind, params in file order', async () => {
      const range = node('RangePredicate', { maxInclusive: ['boolean', true], minInclusive: ['boolean', false] }, [
        node('DynamicValue', { classRef: ['string', 'Road'], objRef: ['string', ''], propName: ['string', 'width'] }),
        node('StaticValue', { value: ['real', 2.5] }),
        node('StaticValue', { value: ['real', 9.5] }),
      ]);
      const fn = node('buffer_by', { quadrantSegments: ['integer', 8] }, [node('NullValue')]);
      const root = node('RootPredicate', { classLabel: ['string', 'Road'], objLabel: ['string', ''] }, [
        node('AndPredicate', {}, [range, node('RelationalPredicate', {}, [fn, node('EqualsRelation'), node('NullValue')])]),
      ]);
      const [keptRange, relational] = await innerNodesOf(['rule', 'R', node('rule', {}, [root])]);
      expect(Object.entries(keptRange.attributes ?? {})).toEqual([
        ['maxInclusive', 'true'],
        ['minInclusive', 'false'],
      ]);
      expect(relational.predicates?.[0]).toEqual({
        kind: 'BuiltinFnValue',
        attributes: { fnName: 'buffer_by', quadrantSegments: '8' },
        predicates: [{ kind: 'NullValue' }],
      });
    });
  });

  describe('what is restored, skipped or failed', () => {
    it('fails a rule or action without a body, or whose body cannot be read, and reads on', async () => {
      const items = await entriesOf([
        ['rule', 'Empty', null],
        ['rule', 'Not JSON', Buffer.from('{"type":"rule",')],
        ['action', 'Not UTF-8', Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d])],
        ['action', 'Good', actionBody()],
      ]);
      expect(items.map((i) => [i.type, i.name, problemOf(i)])).toEqual([
        ['rule', 'Empty', ['the rule has no body']],
        ['rule', 'Not JSON', [expect.stringMatching(/^the body cannot be read: it is not valid JSON: /)]],
        ['action', 'Not UTF-8', ['the body cannot be read: it is not valid UTF-8']],
        ['action', 'Good', []],
      ]);
    });

    it('fails a body that is not a rule tree, saying where', async () => {
      const root = (children: unknown[]) => ({
        type: 'RootPredicate',
        params: { classLabel: { type: 'string', value: '' }, objLabel: { type: 'string', value: '' } },
        children,
      });
      const items = await entriesOf([
        ['action', 'A rule', ruleBody()],
        ['rule', 'Not an object', []],
        ['rule', 'Object param', { type: 'rule', children: [root([{ type: 'StaticValue', params: { value: { type: 'integer', value: { n: 3 } } } }])] }],
        ['rule', 'Untyped param', { type: 'rule', children: [root([{ type: 'NullValue', params: { n: 3 } }])] }],
        ['rule', 'No type', { type: 'rule', children: [root([{ params: {} }])] }],
        ['rule', 'Bad type', { type: 'rule', children: [root([{ type: 'Not a name' }])] }],
        ['rule', 'Bad children', { type: 'rule', children: [root([{ type: 'AndPredicate', children: {} }])] }],
      ]);
      expect(items.map((i) => [i.name, problemOf(i)[0]])).toEqual([
        ['A rule', 'the body is a "rule", not an action'],
        ['Not an object', 'the body is not a rule ({"type": "rule", "children": […]})'],
        [
          'Object param',
          'rule > RootPredicate[0] > StaticValue[0]: the param "value" is not a typed value ({"type", "value"} with a string, number, boolean or null value)',
        ],
        [
          'Untyped param',
          'rule > RootPredicate[0] > NullValue[0]: the param "n" is not a typed value ({"type", "value"} with a string, number, boolean or null value)',
        ],
        ['No type', 'rule > RootPredicate[0] > node[0] has no "type"'],
        ['Bad type', 'rule > RootPredicate[0] > node[0]: the node type "Not a name" is not a rule-language name'],
        ['Bad children', 'rule > RootPredicate[0] > AndPredicate[0]: "children" is not a list'],
      ]);
    });

    it('fails partial rules and actions with the reason, as ArcGIS uploads must', async () => {
      const partial = node('rule', {}, [
        node('RootPredicate', { classLabel: ['string', 'Road'], objLabel: ['string', ''] }, [node('AndPredicate', {}, [node('NullValue')])]),
      ]);
      const items = await entriesOf([
        ['rule', 'Partial', partial],
        ['rule', 'Only metadata', node('rule', {}, [metadata('nothing else')])],
        ['action', 'Root only', node('action', {}, [node('RootOperation', { classLabel: ['string', ''], objLabel: ['string', ''] })])],
      ]);
      expect(items.map((i) => [i.name, problemOf(i)])).toEqual([
        ['Partial', ['incomplete: Rule > RootPredicate[0] > AndPredicate[0]: AndPredicate needs at least 2 children, has 1']],
        ['Only metadata', ['incomplete: a rule must have Rule > RootPredicate, found Rule > nothing (and 1 more)']],
        ['Root only', ['incomplete: Action > RootOperation[0]: RootOperation needs at least 1 children, has 0']],
      ]);
      expect(items[1].description).toBe('nothing else');
    });

    it('fails a body deeper than the content limit, and one nested past the file ceiling, without a stack overflow', async () => {
      const rootWith = (inner: RulesNode) => node('rule', {}, [node('RootPredicate', { classLabel: ['string', ''], objLabel: ['string', ''] }, [inner])]);
      const fits = (LIMITS.contentDepth - 8) / 2;
      const items = await entriesOf([
        ['rule', 'Deep', rootWith(nested(fits))],
        ['rule', 'Too deep', rootWith(nested(fits + 4))],
        ['rule', 'Hostile', Buffer.from('{"type":"rule","children":' + '[{"type":"NotPredicate","children":'.repeat(50_000))],
      ]);
      expect(items.map((i) => [i.name, problemOf(i)])).toEqual([
        ['Deep', []],
        ['Too deep', [`content: nested deeper than ${LIMITS.contentDepth} levels of arrays and objects`]],
        ['Hostile', [`the body cannot be read: its JSON is nested deeper than ${FILE_NESTING_CEILING} levels`]],
      ]);
    });

    it(`fails a rule whose name is longer than ${LIMITS.nameLength} characters`, async () => {
      const long = '𝄞'.repeat(LIMITS.nameLength + 1);
      const items = await entriesOf([
        ['rule', long, ruleBody()],
        ['rule', '𝄞'.repeat(LIMITS.nameLength), ruleBody()],
      ]);
      expect(items.map(problemOf)).toEqual([[`name must be at most ${LIMITS.nameLength} characters`], []]);
    });

    it('skips quick rules, quick actions and schemas, and fails kinds it does not know', async () => {
      const items = await entriesOf([
        ['quickrule', 'QR', node('quickrule', {}, [metadata(''), node('is_not_null', { objClass: ['string', 'Road'] })])],
        ['quickaction', 'QA', node('quickaction', {}, [metadata(''), node('report_midpoint_of_line', { objClass: ['string', 'Road'] })])],
        ['schema', 'Roads', node('schema')],
        ['rule_template', 'T', node('rule_template')],
      ]);
      expect(items.map((i) => [i.type, i.name, i.skip, problemOf(i)])).toEqual([
        ['quick-rule', 'QR', QUICK_SKIP_REASON, []],
        ['quick-action', 'QA', QUICK_SKIP_REASON, []],
        ['schema', 'Roads', SCHEMA_SKIP_REASON, []],
        ['rule_template', 'T', undefined, ['unknown item kind "rule_template" at head/P/T: only rules and actions are restored']],
      ]);
    });

    it('keeps the description of the rule set and its folders, reports their schemas as skipped, and fails one whose body cannot be read', async () => {
      const file = rulesFile([
        manifest('RS', [
          ['folder', ['head']],
          ['folder', ['head', 'Group']],
          ['package', ['head', 'Group', 'P']],
          ['rule', ['head', 'Group', 'P', 'R']],
          ['package', ['head', 'Broken']],
          ['rule', ['head', 'Broken', 'R']],
        ]),
        node('rule_set', {}, [metadata('The set'), node('SchemaInfo', { name: ['string', 'Roads schema'] })]),
        null,
        null,
        node('package', {}, [metadata('In a group'), node('SchemaInfo', {}, [node('Class', { name: ['string', 'Road'] })])]),
        ruleBody(),
        Buffer.from('not json'),
        ruleBody(),
      ]);
      const items = await readAll(file);
      expect(items.map((i) => [i.type, i.folderPath, i.name, i.description, i.skip, problemOf(i)])).toEqual([
        ['folder', '/', 'RS', 'The set', undefined, []],
        ['schema', '/RS', 'Roads schema', '', SCHEMA_SKIP_REASON, []],
        ['folder', '/RS', 'Group', '', undefined, []],
        ['folder', '/RS/Group', 'P', 'In a group', undefined, []],
        ['schema', '/RS/Group/P', 'SchemaInfo', '', SCHEMA_SKIP_REASON, []],
        ['rule', '/RS/Group/P', 'R', 'A rule', undefined, []],
        ['folder', '/RS', 'Broken', '', undefined, [expect.stringMatching(/^the body cannot be read: it is not valid JSON/)]],
        ['rule', '/RS/Broken', 'R', 'A rule', undefined, []],
      ]);
    });

    it('fails a body larger than the record limit without gathering it, and reads on', async () => {
      const big = ruleBody('x'.repeat(10_000));
      const items = await readAll(
        ruleSetFile([
          ['rule', 'Big', big],
          ['rule', 'Small', ruleBody()],
        ]),
        4096,
        8192,
      );
      expect(items.slice(2).map((i) => [i.name, problemOf(i)])).toEqual([
        ['Big', ['the body cannot be read: it is larger than the limit of 8192 bytes']],
        ['Small', []],
      ]);
    });
  });

  describe('a broken file is refused as a whole', () => {
    const good = () => ruleSetFile([['rule', 'R', ruleBody()]]);
    const withManifest = (value: unknown, bodies: unknown[] = []) => rulesFile([value, ...bodies]);
    const strayAfterManifest = () => {
      const end = good().indexOf(0xed) + 1;
      return Buffer.concat([good().subarray(0, end), Buffer.from('x'), good().subarray(end)]);
    };

    it.each([
      [
        'a manifest that is not JSON',
        rulesFile([Buffer.from('{"intent":')]),
        /^not a valid \.rules file: record 0, the manifest, cannot be read: it is not valid JSON/,
      ],
      ['an empty manifest', rulesFile([null]), /record 0, the manifest, is empty/],
      ['a manifest of another intent', withManifest({ intent: 'something_else', items: [] }), /record 0 is not a Rule Author rule set manifest/],
      ['a manifest without items', withManifest({ intent: 'rule_author_ruleset', items: [] }), /the manifest lists no items/],
      [
        'a manifest entry without a path',
        withManifest({ intent: 'rule_author_ruleset', items: [{ abs: ['RS'], metadata: { appType: 'rule_set' } }] }),
        /manifest item 0 has no path/,
      ],
      [
        'a manifest entry without a type',
        withManifest({ intent: 'rule_author_ruleset', items: [{ abs: ['RS'], rel: [] }] }),
        /manifest item 0 has no "metadata.appType"/,
      ],
      ['a manifest that is a list', withManifest(manifest('RS', [['rule', ['head', 'P', 'R']]]).items), /record 0 is not a Rule Author/],
      [
        'a manifest not starting with the rule set',
        withManifest({ intent: 'rule_author_ruleset', items: manifest('RS', [['rule', ['head', 'P', 'R']]]).items.slice(1) }),
        /the manifest does not start with the rule set/,
      ],
      [
        'a manifest nested past the ceiling',
        withManifest(JSON.parse('['.repeat(FILE_NESTING_CEILING + 1) + ']'.repeat(FILE_NESTING_CEILING + 1))),
        /nested deeper than 512 levels/,
      ],
      ['fewer bodies than the manifest lists', good().subarray(0, good().lastIndexOf(0xdd)), /the manifest lists 4 items but the file holds 3 bodies/],
      ['more bodies than the manifest lists', Buffer.concat([good(), rulesFile([ruleBody()])]), /record 5 has no entry in the manifest, which lists 4 items/],
      ['an extra empty record', Buffer.concat([good(), Buffer.from([0xed])]), /record 5 has no entry in the manifest, which lists 4 items/],
      ['a truncated file', good().subarray(0, good().length - 20), /ends early \(truncated\?\)/],
      [
        'a stray byte between records',
        strayAfterManifest(),
        /^not a valid \.rules file: byte \d+ is 0x78 where a chunk \(0xDD\) or the end of record 1 \(0xED\) must start/,
      ],
      [
        'a stray byte inside a chunk',
        Buffer.concat([good().subarray(0, 10), Buffer.from('x'), good().subarray(10)]),
        /^not a valid \.rules file: byte \d+ is 0x7D where a chunk/,
      ],
    ])('%s', async (_name, bytes, message) => {
      expect(await readError(bytes)).toMatch(message);
    });

    it('refuses a manifest larger than the record limit', async () => {
      expect(await readError(good(), 100)).toMatch(/record 0, the manifest, cannot be read: it is larger than the limit of 100 bytes/);
    });
  });
});
