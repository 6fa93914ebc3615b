import { contentProblem } from './item-content';
import { LIMITS } from './limits';

describe('contentProblem of rule-like content', () => {
  const node = (kind: string, ...predicates: unknown[]) => ({ kind, predicates });

  it('accepts a well-formed tree', () => {
    expect(contentProblem('rule', { rootTerm: node('Rule', node('RootPredicate', { kind: 'X', attributes: { a: 'b' } })) })).toBeNull();
  });

  it('says where in the tree a node is malformed', () => {
    const broken = (leaf: unknown) => ({ rootTerm: node('Rule', node('RootPredicate', node('AndPredicate', { kind: 'X' }, leaf))) });
    expect(contentProblem('rule', broken('text'))).toBe('rootTerm.predicates[0].predicates[0].predicates[1] must be a node object');
    expect(contentProblem('rule', broken({ kind: '' }))).toBe('rootTerm.predicates[0].predicates[0].predicates[1].kind must be a non-empty string');
    expect(contentProblem('action', broken({ kind: 'X', attributes: { n: 1 } }))).toBe(
      'rootTerm.predicates[0].predicates[0].predicates[1].attributes.n must be a string',
    );
    expect(contentProblem('rule', broken({ kind: 'X', predicates: {} }))).toBe(
      'rootTerm.predicates[0].predicates[0].predicates[1].predicates must be an array',
    );
    expect(contentProblem('rule', { rootTerm: [] })).toBe('rootTerm must be a node object');
  });

  it('refuses content nested deeper than LIMITS.contentDepth levels, of any type, without recursing', () => {
    // content (1) > rootTerm (2) > predicates (3) > node (4) …: a chain of n nodes under rootTerm nests 2n + 1 levels.
    const chain = (n: number) => {
      let deep: Record<string, unknown> = { kind: 'Leaf' };
      for (let i = 1; i < n; i++) deep = node('P', deep);
      return { rootTerm: deep };
    };
    const fits = (LIMITS.contentDepth - 1) / 2 + 0.5; // 128 nodes: the leaf node object at level 256
    expect(contentProblem('rule', chain(Math.floor(fits)))).toBeNull();
    expect(contentProblem('rule', chain(Math.floor(fits) + 1))).toBe(`nested deeper than ${LIMITS.contentDepth} levels of arrays and objects`);
    let spec: unknown = {}; // 1 level
    for (let depth = 1; depth < LIMITS.contentDepth - 1; depth++) spec = [spec]; // 255 levels; { x: spec } 256
    expect(contentProblem('discovery-spec', { x: spec })).toBeNull();
    expect(contentProblem('discovery-spec', { x: [spec] })).toMatch(/nested deeper than/);
    let hostile: unknown = {};
    for (let i = 0; i < 100_000; i++) hostile = [hostile];
    expect(contentProblem('discovery-spec', { x: hostile })).toMatch(/nested deeper than/);
  });
});
