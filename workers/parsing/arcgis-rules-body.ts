import type { RuleNode } from '../../src/repository/domain/item';
import { BUILTIN_FN, LINK_PARAMS, inWrittenOrder, isBuiltinFunction, isName, typedValue } from './arcgis-rules-language';

/** A rule or action body converted: its `rootTerm`, its description, and what was wrong with it. */
export interface ConvertedBody {
  rootTerm: RuleNode;
  description: string;
  problems: string[];
}

/** A package's or rule set's body: its description, and the schemas it holds (not imported). */
export interface ContainerBody {
  description: string;
  /** Names of non-empty `SchemaInfo` children (their `name` param; '' when they have none). */
  schemas: string[];
  problems: string[];
}

type RawNode = { type?: unknown; params?: unknown; children?: unknown };

/**
 * A `rule` or `action` body (`{"type": "rule", "children": [Metadata, RootPredicate]}`) as
 * 1Integrate's rule language (see arcgis-rules-language.ts): `Rule`/`Action` holding its children
 * but `Metadata`, whose description is the item's; the root's own params (`name`) are not kept,
 * like titles and comments (SPEC §8). Problems say where, as `rule > RootPredicate[1] > …`.
 *
 * Recursion follows the body's nesting, which the record reader bounds (FILE_NESTING_CEILING).
 */
export function convertBody(kind: 'rule' | 'action', value: unknown): ConvertedBody {
  const rootKind = kind === 'rule' ? 'Rule' : 'Action';
  const problems: string[] = [];
  let description = '';
  const predicates: RuleNode[] = [];
  const a = kind === 'action' ? 'an' : 'a';
  if (!isObject(value)) problems.push(`the body is not ${a} ${kind} ({"type": "${kind}", "children": […]})`);
  else if (value.type !== kind) problems.push(`the body is ${describeType(value.type)}, not ${a} ${kind}`);
  else {
    childrenOf(value, kind, problems).forEach((child, i) => {
      if (isObject(child) && child.type === 'Metadata') description = metadataDescription(child);
      else predicates.push(toRuleNode(child, `${kind} > ${typeOf(child)}[${i}]`, problems));
    });
  }
  const rootTerm: RuleNode = { kind: rootKind };
  if (predicates.length > 0) rootTerm.predicates = predicates;
  return { rootTerm, description, problems };
}

/** A rule set's or package's body: its Metadata's description and the schemas in it. */
export function containerBody(value: unknown): ContainerBody {
  const problems: string[] = [];
  const schemas: string[] = [];
  let description = '';
  if (!isObject(value)) return { description, schemas, problems: ['the body is not a node ({"type", "params", "children"})'] };
  for (const child of childrenOf(value, typeOf(value), problems)) {
    if (!isObject(child)) continue;
    if (child.type === 'Metadata') description = metadataDescription(child);
    else if (child.type === 'SchemaInfo' && (hasEntries(child.params) || hasEntries(child.children))) {
      const name = isObject(child.params) ? typedValue(child.params.name)?.text : undefined;
      schemas.push(name ?? '');
    }
  }
  return { description, schemas, problems };
}

/** Type → kind (lower-case: a built-in function), params → attributes, children → predicates. */
function toRuleNode(value: unknown, where: string, problems: string[]): RuleNode {
  if (!isObject(value)) {
    problems.push(`${where} is not a node ({"type", "params", "children"})`);
    return { kind: 'NullValue' };
  }
  const type = value.type;
  if (!isName(type)) {
    problems.push(type === undefined ? `${where} has no "type"` : `${where}: the node type ${quote(type)} is not a rule-language name`);
    return { kind: 'NullValue' };
  }
  const kind = isBuiltinFunction(type) ? BUILTIN_FN : type;
  const node: RuleNode = { kind };
  const attributes = attributesOf(kind, type, value.params, where, problems);
  if (attributes.length > 0) node.attributes = Object.fromEntries(attributes);
  const children = childrenOf(value, where, problems);
  if (children.length > 0) node.predicates = children.map((child, i) => toRuleNode(child, `${where} > ${typeOf(child)}[${i}]`, problems));
  return node;
}

function attributesOf(kind: string, type: string, params: unknown, where: string, problems: string[]): [string, string][] {
  const entries: [string, string][] = kind === BUILTIN_FN ? [['fnName', type]] : [];
  if (params !== undefined && !isObject(params)) problems.push(`${where}: "params" is not an object`);
  for (const [name, param] of Object.entries(isObject(params) ? params : {})) {
    if (LINK_PARAMS.has(name)) continue;
    const typed = typedValue(param);
    if (!isName(name)) problems.push(`${where}: the param name ${quote(name)} is not a rule-language name`);
    else if (!typed) problems.push(`${where}: the param "${name}" is not a typed value ({"type", "value"} with a string, number, boolean or null value)`);
    else if (kind === 'StaticValue' && name === 'value') entries.push(['datatype', typed.type], ['value', typed.text]);
    else entries.push([name, typed.text]);
  }
  if (kind === 'TemporaryValue' && !entries.some(([name]) => name === 'dataType')) entries.push(['dataType', '']);
  return inWrittenOrder(kind, entries);
}

function childrenOf(node: RawNode, where: string, problems: string[]): unknown[] {
  if (node.children === undefined) return [];
  if (Array.isArray(node.children)) return node.children;
  problems.push(`${where}: "children" is not a list`);
  return [];
}

function metadataDescription(metadata: RawNode): string {
  return (isObject(metadata.params) && typedValue(metadata.params.description)?.text) || '';
}

function typeOf(value: unknown): string {
  return isObject(value) && isName(value.type) ? value.type : 'node';
}

function describeType(type: unknown): string {
  return typeof type === 'string' ? `a ${quote(type)}` : 'a node without a type';
}

/** A short quotation of what was found (a hostile name may be megabytes long). */
function quote(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

function hasEntries(value: unknown): boolean {
  return Array.isArray(value) ? value.length > 0 : isObject(value) && Object.keys(value).length > 0;
}

function isObject(value: unknown): value is Record<string, unknown> & RawNode {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}
