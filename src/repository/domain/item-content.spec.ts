import { contentProblem } from './item-content';

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
    expect(contentProblem('rule', broken({ kind: 'X', predicates: {} }))).toBe('rootTerm.predicates[0].predicates[0].predicates[1].predicates must be an array');
    expect(contentProblem('rule', { rootTerm: [] })).toBe('rootTerm must be a node object');
  });

  it('refuses a tree nested deeper than 200 levels', () => {
    let deep: unknown = { kind: 'Leaf' };
    for (let i = 0; i < 201; i++) deep = node('P', deep);
    expect(contentProblem('rule', { rootTerm: deep })).toBe(`rootTerm${'.predicates[0]'.repeat(201)}: nested deeper than 200`);
  });
});
