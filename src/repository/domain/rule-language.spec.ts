import { createReadStream, existsSync, readdirSync, readFileSync } from 'fs';
import { join, relative } from 'path';
import { readLegacyXml } from '../../../workers/parsing/legacy-xml.reader';
import type { ItemType, RuleNode } from './item';
import { RULE_LANGUAGE, completenessProblems } from './rule-language';

const ROOT = join(__dirname, '../../..');
const LEGACY = join(ROOT, 'test/fixtures/1integrate/legacy-xml');
// The HPMS items are in the project only if someone copied them; the shared copy otherwise.
const HPMS = [join(ROOT, 'test/fixtures/1integrate/hpms-items'), join(ROOT, '../shared/fixtures/1integrate/hpms-items')].find(existsSync);

const rule = (...predicates: RuleNode[]): RuleNode => ({ kind: 'Rule', predicates });
const root = (...predicates: RuleNode[]): RuleNode => ({ kind: 'RootPredicate', attributes: { classLabel: 'Road', objLabel: '' }, predicates });
const value = (v: string): RuleNode => ({ kind: 'StaticValue', attributes: { datatype: 'integer', value: v } });
const relational = (attributes?: Record<string, string>): RuleNode => ({
  kind: 'RelationalPredicate',
  attributes,
  predicates: [value('1'), { kind: 'EqualsRelation' }, value('1')],
});

describe('completenessProblems', () => {
  it('accepts a complete rule', () => {
    expect(completenessProblems('rule', { rootTerm: rule(root(relational())) })).toEqual([]);
  });

  it('reports a missing rootTerm and a wrong root', () => {
    expect(completenessProblems('rule', {})).toEqual(['rootTerm missing']);
    expect(completenessProblems('action', { rootTerm: rule(root(relational())) })).toEqual(['the root of an action must be Action, not Rule']);
    expect(completenessProblems('rule-template', { rootTerm: rule(root(relational())) })).toEqual([
      'a rule-template must have Rule > Template, found Rule > RootPredicate',
    ]);
  });

  it('reports nodes with fewer children than their kind needs, and missing attributes', () => {
    const partial = rule(root({ kind: 'AndPredicate', predicates: [{ kind: 'RelationalPredicate', predicates: [value('1')] }] }));
    expect(completenessProblems('rule', { rootTerm: partial })).toEqual([
      'Rule > RootPredicate[0] > AndPredicate[0]: AndPredicate needs at least 2 children, has 1',
      'Rule > RootPredicate[0] > AndPredicate[0] > RelationalPredicate[0]: RelationalPredicate needs at least 3 children, has 1',
    ]);
    const noFn = rule(root({ kind: 'RelationalPredicate', predicates: [{ kind: 'BuiltinFnValue' }, { kind: 'EqualsRelation' }, value('1')] }));
    expect(completenessProblems('rule', { rootTerm: noFn })).toEqual([
      'Rule > RootPredicate[0] > RelationalPredicate[0] > BuiltinFnValue[0]: BuiltinFnValue lacks attribute fnName',
    ]);
  });

  it('reports too many children only for fixed-arity kinds', () => {
    const four = { ...relational(), predicates: [...relational().predicates!, value('2')] };
    expect(completenessProblems('rule', { rootTerm: rule(root(four)) })).toEqual([
      'Rule > RootPredicate[0] > RelationalPredicate[0]: RelationalPredicate takes 3 children, has 4',
    ]);
    const wideAnd = { kind: 'AndPredicate', predicates: Array.from({ length: 30 }, () => relational()) };
    expect(completenessProblems('rule', { rootTerm: rule(root(wideAnd)) })).toEqual([]);
  });

  it('allows kinds it does not know', () => {
    const future = rule(root({ kind: 'SomeFuturePredicate', predicates: [] }));
    expect(completenessProblems('rule', { rootTerm: future })).toEqual([]);
  });

  it('checks that every template_id resolves to a template when given a resolver', () => {
    const uses = rule(root(relational({ template_id: 't1' }), relational({ template_id: 'r2' }), relational({ template_id: 'gone' })));
    const types: Record<string, ItemType> = { t1: 'rule-template', r2: 'rule' };
    const content = { rootTerm: rule(root({ kind: 'AndPredicate', predicates: uses.predicates![0].predicates })) };
    expect(completenessProblems('rule', content, (id) => types[id])).toEqual([
      'Rule > RootPredicate[0] > AndPredicate[0] > RelationalPredicate[1]: template_id r2 is a rule, not a template',
      'Rule > RootPredicate[0] > AndPredicate[0] > RelationalPredicate[2]: template gone not found',
    ]);
    expect(completenessProblems('rule', content)).toEqual([]);
  });

  it('has nothing to say about other item types', () => {
    expect(completenessProblems('session', {})).toEqual([]);
    expect(RULE_LANGUAGE.RelationalPredicate).toEqual({ min: 3, max: 3 });
  });
});

describe('every real fixture item is complete', () => {
  it.each(readdirSync(LEGACY).filter((f) => f.endsWith('.xml')))('%s', async (file) => {
    const items = [];
    for await (const item of readLegacyXml(createReadStream(join(LEGACY, file)))) items.push(item);
    const types = new Map(items.map((i) => [i.sourceId, i.type as ItemType]));
    for (const item of items) {
      expect([item.sourceId, completenessProblems(item.type as ItemType, item.content, (id) => types.get(id))]).toEqual([item.sourceId, []]);
    }
  });

  (HPMS ? it : it.skip)('HPMS .rule and .action files (sync-tool JSON)', () => {
    const files = walk(HPMS!).filter((f) => /\.(rule|action)$/.test(f));
    const parsed = files.map((f) => {
      const json = JSON.parse(readFileSync(f, 'utf8')) as { template: boolean; rootTerm: RuleNode };
      const base = f.endsWith('.rule') ? 'rule' : 'action';
      const uri = `${base.toUpperCase()}://${relative(HPMS!, f).replace(/\.\w+$/, '')}`;
      return { uri, type: (json.template ? `${base}-template` : base) as ItemType, content: { rootTerm: json.rootTerm } };
    });
    expect(parsed.length).toBeGreaterThan(400);
    const types = new Map(parsed.map((p) => [p.uri, p.type]));
    for (const p of parsed) expect([p.uri, completenessProblems(p.type, p.content, (id) => types.get(id))]).toEqual([p.uri, []]);
  });
});

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}
