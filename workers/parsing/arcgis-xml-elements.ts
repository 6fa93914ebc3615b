import type { SaxesTagNS } from 'saxes';
import type { RuleNode } from '../../src/repository/domain/item';
import type { ParseProblem } from './parsed-item';
import { LIMITS } from '../../src/repository/domain/limits';

/** The vocabulary of a 1Integrate for ArcGIS rule set export (SPEC §8) and what becomes of it. */

/** Why quick rules and quick actions are skipped (SPEC §8). */
export const QUICK_SKIP_REASON = 'convert with Make Rule / Make Action first';
/** Why schemas are skipped (SPEC §8). */
export const SCHEMA_SKIP_REASON = 'schemas are not imported';

/** Elements that become folders inside the rule set (itself one, as the root). */
export const CONTAINERS = new Set(['Folder', 'Package']);
/** Rules and actions: their item type and the root node their body needs (SPEC §3). */
export const BODIES = new Map<string, { type: 'rule' | 'action'; root: string }>([
  ['Rule', { type: 'rule', root: 'RootPredicate' }],
  ['Action', { type: 'action', root: 'RootOperation' }],
]);
/** Elements reported as skipped: the type shown in the report and the reason. */
export const SKIPPED = new Map<string, { type: string; reason: string }>([
  ['QuickRule', { type: 'quick-rule', reason: QUICK_SKIP_REASON }],
  ['QuickAction', { type: 'quick-action', reason: QUICK_SKIP_REASON }],
  ['Schema', { type: 'schema', reason: SCHEMA_SKIP_REASON }],
]);
/** Links between rules and actions, and to templates: not kept (SPEC §8). */
export const LINK_ELEMENTS = new Set(['ReportAction']);
const LINK_ATTRIBUTES = ['template_id', 'template_name', 'template_type'];
/**
 * Deepest body kept: each element is at least one level of the content it becomes, so a body
 * deeper than the content limit cannot be restored anyway, and a hostile one must not exhaust
 * the stack.
 */
export const MAX_BODY_DEPTH = LIMITS.contentDepth;

/** The element's `name` attribute (unprefixed), undefined when it has none. */
export function nameOf(tag: SaxesTagNS): string | undefined {
  const attribute = tag.attributes.name;
  return attribute && attribute.uri === '' ? attribute.value : undefined;
}

export function missingName(element: string): ParseProblem {
  return { code: 'MISSING_NAME', message: `<${element}> has no name attribute` };
}

/** The tree without its template links (the templated body itself stays). */
export function withoutLinks(node: RuleNode): RuleNode {
  const out: RuleNode = { kind: node.kind };
  if (node.attributes) {
    const kept = Object.entries(node.attributes).filter(([key]) => !LINK_ATTRIBUTES.includes(key));
    if (kept.length > 0) out.attributes = Object.fromEntries(kept);
  }
  if (node.predicates) out.predicates = node.predicates.map(withoutLinks);
  return out;
}
