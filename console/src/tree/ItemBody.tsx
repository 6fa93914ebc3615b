import type { Item } from '../api/types';

interface Node {
  kind: string;
  attributes?: Record<string, string>;
  predicates?: Node[];
}

const TREE_TYPES = new Set(['rule', 'action', 'rule-template', 'action-template']);

/**
 * The item's body, read-only. Rules, actions and templates as 1Integrate's rule editor lays them
 * out: the tree of the rule language, each node by its kind with its attributes, values inline;
 * other items' content as indented JSON (secrets are never in it).
 */
export function ItemBody({ item }: { item: Item }) {
  const root = item.content?.rootTerm as Node | undefined;
  return (
    <section aria-labelledby="body-title">
      <h3 id="body-title">Body</h3>
      {TREE_TYPES.has(item.type) && root && typeof root === 'object' ? (
        <ul className="rule-tree" aria-label={`The ${item.type.replace('-', ' ')} as a tree`} data-testid="rule-tree">
          <RuleNode node={root} level={1} />
        </ul>
      ) : Object.keys(item.content ?? {}).length === 0 ? (
        <p className="muted">{TREE_TYPES.has(item.type) ? 'It has no rule tree yet.' : 'It has no content.'}</p>
      ) : (
        <pre className="json-body" data-testid="json-body" tabIndex={0} aria-label="Content (JSON)">
          {JSON.stringify(item.content, null, 2)}
        </pre>
      )}
    </section>
  );
}

function RuleNode({ node, level }: { node: Node; level: number }) {
  const children = Array.isArray(node.predicates) ? node.predicates : [];
  return (
    <li data-level={level}>
      <span className="rule-node">
        <strong>{words(String(node.kind))}</strong>
        {summary(node)}
      </span>
      {children.length > 0 && (
        <ul>
          {children.map((child, i) => (
            <RuleNode key={i} node={child} level={level + 1} />
          ))}
        </ul>
      )}
    </li>
  );
}

/** What 1Integrate shows beside a node: a value, a property, a function's name, else its attributes. */
function summary(node: Node) {
  const a = node.attributes ?? {};
  const chip = (text: string, key?: string) => (
    <code className="rule-attr" key={key ?? text}>
      {text}
    </code>
  );
  switch (node.kind) {
    case 'StaticValue':
      return (
        <>
          {' '}
          {chip(`${a.value ?? ''}`)} <span className="muted">({a.datatype ?? 'value'})</span>
        </>
      );
    case 'DynamicValue':
      return <> {chip(`${a.objRef || a.classRef || 'object'}.${a.propName ?? ''}`)}</>;
    case 'BuiltinFnValue':
      return <> {chip(`${a.fnName ?? '?'}( … )`)}</>;
    default: {
      const entries = Object.entries(a);
      return entries.length ? (
        <>
          {entries.map(([k, v]) => (
            <span key={k}> {chip(`${k} = ${v}`)}</span>
          ))}
        </>
      ) : null;
    }
  }
}

/** `RelationalPredicate` → "Relational Predicate". */
function words(kind: string): string {
  return kind.replace(/([a-z0-9])([A-Z])/g, '$1 $2');
}
