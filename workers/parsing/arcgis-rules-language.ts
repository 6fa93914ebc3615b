import { NumberText } from './arcgis-rules-record';

/**
 * How Rule Author's nodes (`{"type", "params", "children"}`) are spelt in 1Integrate's rule
 * language, as far as the fixtures show it: the same rules and actions exported both as `.rules`
 * and by 1Integrate as legacy XML (test/fixtures/1integrate/arcgis-rules and legacy-xml).
 *
 * - A node's type is its kind, its params its attributes, its children its predicates.
 * - A lower-case type (`has_spikes`, `sin`, `line_length`, …) is a built-in function:
 *   `BuiltinFnValue fnName="has_spikes"`.
 * - A typed param `{"type": "integer", "value": 3}` is the attribute `"3"`: the value's text as
 *   written (a real keeps its `15.0`), booleans `true`/`false`, null empty. A StaticValue's `value`
 *   param is written `datatype="integer" value="3"`.
 * - A TemporaryValue without a `dataType` gets `dataType=""`: 1Integrate writes it on every one
 *   (572 in the fixtures, all empty), Rule Author never.
 * - `reportAction` / `enhanceAction` are links to other items by path: not kept (SPEC §8).
 *
 * KNOWN_NODES holds the kinds whose spelling the fixtures confirm, with their attributes in the
 * order 1Integrate writes them (the same in every legacy export), so a converted body backs up as
 * the XML 1Integrate would write. Any other node is kept as it is (type → kind, params in file
 * order): its 1Integrate spelling is not known (README, "Where SPEC is silent").
 */
export const KNOWN_NODES: Readonly<Record<string, readonly string[]>> = {
  RootPredicate: ['classLabel', 'objLabel'],
  RootOperation: ['classLabel', 'objLabel'],
  AndPredicate: [],
  OrPredicate: [],
  NotPredicate: [],
  ConditionalPredicate: [],
  RelationalPredicate: [],
  ExistsPredicate: ['qualifier', 'n', 'classLabel', 'objLabel'],
  ForAllPredicate: ['classLabel', 'objLabel'],
  SequenceOperation: [],
  ConditionalOperation: [],
  AssignmentOperation: [],
  DeleteObjectOperation: ['classRef', 'objRef'],
  ForAllElementsOperation: ['classLabel', 'objLabel'],
  ForPredicateOperation: ['n', 'classLabel', 'objLabel'],
  ReportOperation: ['label', 'scope'],
  StaticValue: ['datatype', 'value'],
  DynamicValue: ['classRef', 'objRef', 'propName'],
  ObjectValue: ['classRef', 'objRef'],
  ClassValue: ['classRef', 'objRef'],
  TemporaryValue: ['name', 'scope', 'dataType'],
  NullValue: [],
  BuiltinFnValue: ['fnName'],
  EqualsRelation: [],
  NotEqualsRelation: [],
  GreaterRelation: [],
  SpatialEqualsRelation: [],
  SpatialContainsRelation: [],
  SpatialCrossesRelation: [],
  SpatialIntersectsRelation: [],
  SpatialOverlapsRelation: [],
  SpatialWithinRelation: [],
  SpatialWithinDistRelation: ['distance'],
};

export const BUILTIN_FN = 'BuiltinFnValue';
/** Links to other items (by path): dropped. */
export const LINK_PARAMS: ReadonlySet<string> = new Set(['reportAction', 'enhanceAction']);
/** A node type or param name 1Integrate could write as an XML name. */
const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

export function isName(value: unknown): value is string {
  return typeof value === 'string' && NAME.test(value);
}

/** Lower-case node types are built-in functions. */
export function isBuiltinFunction(type: string): boolean {
  return type[0] >= 'a' && type[0] <= 'z';
}

/** A typed param's type and text, or null when it is not `{"type": string, "value": scalar}`. */
export function typedValue(param: unknown): { type: string; text: string } | null {
  if (!param || typeof param !== 'object' || Array.isArray(param)) return null;
  const { type, value } = param as { type?: unknown; value?: unknown };
  if (typeof type !== 'string' || !('value' in param)) return null;
  if (typeof value === 'string') return { type, text: value };
  if (value instanceof NumberText) return { type, text: value.text };
  if (typeof value === 'boolean') return { type, text: String(value) };
  if (value === null) return { type, text: '' };
  return null;
}

/** The attributes of a `kind` node in 1Integrate's order: the known ones first, then the rest as found. */
export function inWrittenOrder(kind: string, entries: [string, string][]): [string, string][] {
  const order = KNOWN_NODES[kind] ?? [];
  const rank = (name: string) => {
    const at = order.indexOf(name);
    return at === -1 ? order.length : at;
  };
  return entries
    .map((entry, at) => ({ entry, at }))
    .sort((a, b) => rank(a.entry[0]) - rank(b.entry[0]) || a.at - b.at)
    .map((e) => e.entry);
}
