import type { ItemContent, ItemType, RuleNode } from './item';

/**
 * What 1Integrate's rule language requires of a rule, action or template tree (SPEC §3: "valid
 * and complete"). The arity table was derived by scripts/derive-arity.js from every real export
 * in the fixtures (25 legacy XML backups and the HPMS repository's .rule/.action files, 650 trees):
 * `min` is the fewest children ever seen, `required` the attributes present on every occurrence.
 * Where the fixtures show a kind taking a variable number of children, or its meaning is n-ary
 * (And/Or/Xor, Sequence, Summed/Product, function calls, Template), `max` is unbounded and the
 * minimum is the semantic one (2 operands: XorPredicate is only seen with 3). Every fixture tree
 * satisfies the table (rule-language.spec.ts checks this).
 *
 * Kinds not in the table are allowed and not checked: the fixtures show a sample of the language,
 * not all of it, and a rule 1Integrate accepts must not be reported incomplete for using a kind
 * we have not seen. Too many children is reported only for fixed-arity kinds (min = max).
 */
export interface Arity {
  min: number;
  max: number;
  required?: readonly string[];
}

const N = Infinity;
const CLASS_LABEL = ['classLabel', 'objLabel'] as const;

export const RULE_LANGUAGE: Readonly<Record<string, Arity>> = {
  // Bodies and roots
  Rule: { min: 1, max: 1 },
  Action: { min: 1, max: 1 },
  RootPredicate: { min: 1, max: 1, required: CLASS_LABEL },
  RootOperation: { min: 1, max: 1, required: CLASS_LABEL },
  Template: { min: 2, max: N }, // Parameter+ then the templated predicate / operation
  Parameter: { min: 0, max: 0, required: CLASS_LABEL },
  // Predicates
  AndPredicate: { min: 2, max: N },
  OrPredicate: { min: 2, max: N },
  XorPredicate: { min: 2, max: N },
  NotPredicate: { min: 1, max: 1 },
  ConditionalPredicate: { min: 2, max: 3 },
  RelationalPredicate: { min: 3, max: 3 }, // left, relation, right
  RangePredicate: { min: 3, max: 3, required: ['minInclusive', 'maxInclusive'] }, // value, min, max
  ExistsPredicate: { min: 1, max: 1, required: ['qualifier', 'n', ...CLASS_LABEL] },
  ForAllPredicate: { min: 2, max: 2, required: CLASS_LABEL },
  ReferentialPredicate: { min: 0, max: 0, required: ['classRef1', 'objRef1', 'refName', 'classRef2', 'objRef2'] },
  // Operations
  SequenceOperation: { min: 2, max: N },
  ConditionalOperation: { min: 2, max: 3 }, // if, then, else?
  AssignmentOperation: { min: 2, max: 2 },
  CreateObjectOperation: { min: 1, max: 1, required: CLASS_LABEL },
  DeleteObjectOperation: { min: 0, max: 0, required: ['classRef', 'objRef'] },
  ForAllElementsOperation: { min: 2, max: 2, required: CLASS_LABEL },
  ForPredicateOperation: { min: 2, max: 2, required: ['n', ...CLASS_LABEL] },
  ReportOperation: { min: 1, max: 3, required: ['label', 'scope'] },
  // Values
  StaticValue: { min: 0, max: 0, required: ['datatype', 'value'] },
  DynamicValue: { min: 0, max: 0, required: ['classRef', 'objRef', 'propName'] },
  // 1Integrate writes classRef too (sometimes ""), the ArcGIS export (fixtures/…/arcgis) does not: the label names the object.
  ObjectValue: { min: 0, max: 0, required: ['objRef'] },
  ClassValue: { min: 0, max: 0, required: ['classRef', 'objRef'] },
  TemporaryValue: { min: 0, max: 0, required: ['scope', 'dataType', 'name'] },
  NullValue: { min: 0, max: 0 },
  BuiltinFnValue: { min: 0, max: N, required: ['fnName'] },
  AggregateValue: { min: 1, max: 1, required: ['fnName', ...CLASS_LABEL] },
  ConditionalValue: { min: 3, max: 3 },
  SummedValue: { min: 2, max: N },
  ProductValue: { min: 2, max: N },
  DifferenceValue: { min: 2, max: 2 },
  DivisionValue: { min: 2, max: 2 },
  ModulusValue: { min: 2, max: 2 },
  // Relations (the middle child of a RelationalPredicate)
  EqualsRelation: { min: 0, max: 0 },
  NotEqualsRelation: { min: 0, max: 0 },
  GreaterRelation: { min: 0, max: 0 },
  GreaterEqualsRelation: { min: 0, max: 0 },
  LessRelation: { min: 0, max: 0 },
  LessEqualsRelation: { min: 0, max: 0 },
  ContainsRelation: { min: 0, max: 0 },
  SpatialEqualsRelation: { min: 0, max: 0 },
  SpatialContainsRelation: { min: 0, max: 0 },
  SpatialCrossesRelation: { min: 0, max: 0 },
  SpatialIntersectsRelation: { min: 0, max: 0 },
  SpatialOverlapsRelation: { min: 0, max: 0 },
  SpatialWithinRelation: { min: 0, max: 0 },
  SpatialWithinDistRelation: { min: 0, max: 0, required: ['distance'] },
};

/** Root shape per type: the body kind and the kind of its single child. */
const ROOTS: Partial<Record<ItemType, [string, string]>> = {
  rule: ['Rule', 'RootPredicate'],
  'rule-template': ['Rule', 'Template'],
  action: ['Action', 'RootOperation'],
  'action-template': ['Action', 'Template'],
};

const TEMPLATE_TYPES: readonly ItemType[] = ['rule-template', 'action-template'];
const MAX_NODES = 1_000_000;

/**
 * Why a rule, action or template is not complete (empty: complete; other types: always empty).
 * `resolveTemplate(id)` gives the type of the item a `template_id` names (undefined: no such
 * item); without it, template references are not checked.
 */
export function completenessProblems(type: ItemType, content: ItemContent, resolveTemplate?: (id: string) => ItemType | undefined): string[] {
  const shape = ROOTS[type];
  if (!shape) return [];
  const root = content?.rootTerm;
  if (!isNode(root)) return ['rootTerm missing'];
  const problems: string[] = [];
  const [body, first] = shape;
  const child: unknown = Array.isArray(root.predicates) ? root.predicates[0] : undefined;
  const a = type.startsWith('a') ? 'an' : 'a';
  if (root.kind !== body) problems.push(`the root of ${a} ${type} must be ${body}, not ${root.kind}`);
  else if (nodeKind(child) !== first) problems.push(`${a} ${type} must have ${body} > ${first}, found ${body} > ${nodeKind(child)}`);
  const stack: Visit[] = [{ node: root, parent: null, index: 0 }];
  for (let seen = 0; stack.length > 0; seen++) {
    if (seen > MAX_NODES) return [...problems, `rootTerm has more than ${MAX_NODES} nodes`];
    const visit = stack.pop()!;
    const node = visit.node;
    if (!isNode(node)) {
      problems.push(`${whereOf(visit)}: not a rule node`);
      continue;
    }
    const kids = Array.isArray(node.predicates) ? node.predicates : [];
    nodeProblems(node, kids.length, visit, problems);
    const templateId = node.attributes?.template_id;
    if (resolveTemplate && typeof templateId === 'string' && templateId !== '') {
      const target = resolveTemplate(templateId);
      if (!target) problems.push(`${whereOf(visit)}: template ${templateId} not found`);
      else if (!TEMPLATE_TYPES.includes(target)) problems.push(`${whereOf(visit)}: template_id ${templateId} is a ${target}, not a template`);
    }
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ node: kids[i], parent: visit, index: i });
  }
  return problems;
}

/** A node met in the walk, with the way to it: its place is only spelt out for a problem. */
interface Visit {
  node: unknown;
  parent: Visit | null;
  index: number;
}

/** Where a node is, as `Rule > RootPredicate[0] > …`. */
function whereOf(visit: Visit): string {
  const parts: string[] = [];
  for (let at: Visit | null = visit; at; at = at.parent) parts.push(at.parent ? `${nodeKind(at.node)}[${at.index}]` : nodeKind(at.node));
  return parts.reverse().join(' > ');
}

function nodeProblems(node: RuleNode, children: number, visit: Visit, out: string[]): void {
  const arity = RULE_LANGUAGE[node.kind];
  if (!arity) return;
  if (children < arity.min) out.push(`${whereOf(visit)}: ${node.kind} needs at least ${arity.min} children, has ${children}`);
  if (arity.min === arity.max && children > arity.max) out.push(`${whereOf(visit)}: ${node.kind} takes ${arity.max} children, has ${children}`);
  const missing = arity.required?.filter((a) => typeof node.attributes?.[a] !== 'string');
  if (missing?.length) out.push(`${whereOf(visit)}: ${node.kind} lacks attribute${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
}

export function isNode(value: unknown): value is RuleNode {
  return !!value && typeof value === 'object' && !Array.isArray(value) && typeof (value as RuleNode).kind === 'string';
}

function nodeKind(value: unknown): string {
  return isNode(value) ? value.kind : 'nothing';
}
