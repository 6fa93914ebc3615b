import type { ItemType, RuleNode } from '../../repository/domain/item';
import { BODY_OF } from '../../formats/legacy-xml/legacy-xml-format';
import { LegacyXmlUnsupportedError } from './legacy-xml-errors';
import { attrs, isXmlName } from '../../formats/xml/xml-text';

export const INDENT = '    ';
const TEMPLATE = 'Template';

/**
 * The `Rule`/`Action` body of a rule, action or template: the `rootTerm` tree itself, element
 * name = kind, attributes = attributes (in their order), child elements = predicates.
 * `template_id` values are item ids in Strata and become `RULE://…`/`ACTION://…` URIs via `uriOf`.
 *
 * Content 1Integrate would not have written (possible only for incomplete items) is wrapped so
 * that the item type survives a round trip: a missing rootTerm becomes an empty `<Rule/>` (a
 * template: `<Rule><Template/></Rule>`), a root of another kind becomes the body's child, and a
 * template's children go into a `Template` node when they are not in one. (A non-template whose
 * body starts with `Template` reads back as a template: that content is a template in all but name.)
 */
export function ruleBody(type: ItemType, rootTerm: unknown, indent: string, uriOf: (id: string) => string, itemPath: string): string {
  const bodyKind = BODY_OF[type] as 'Rule' | 'Action';
  let root: RuleNode = isNode(rootTerm) ? rootTerm : { kind: bodyKind };
  if (root.kind !== bodyKind) root = { kind: bodyKind, predicates: [root] };
  if ((type === 'rule-template' || type === 'action-template') && root.predicates?.[0]?.kind !== TEMPLATE) {
    root = { kind: bodyKind, attributes: root.attributes, predicates: [{ kind: TEMPLATE, predicates: root.predicates }] };
  }
  const out: string[] = [];
  writeNode(root, indent, out, uriOf, itemPath);
  return out.join('');
}

function writeNode(node: RuleNode, indent: string, out: string[], uriOf: (id: string) => string, itemPath: string): void {
  if (!isXmlName(node.kind)) throw notXml(itemPath, `node kind "${node.kind}"`);
  const pairs: [string, string][] = [];
  for (const [name, value] of Object.entries(node.attributes ?? {})) {
    if (!isXmlName(name)) throw notXml(itemPath, `attribute name "${name}"`);
    const text = typeof value === 'string' ? value : String(value);
    pairs.push([name, name === 'template_id' && text !== '' ? uriOf(text) : text]);
  }
  const kids = (node.predicates ?? []).filter(isNode);
  if (kids.length === 0) {
    out.push(`${indent}<${node.kind}${attrs(pairs)}/>\n`);
    return;
  }
  out.push(`${indent}<${node.kind}${attrs(pairs)}>\n`);
  for (const child of kids) writeNode(child, indent + INDENT, out, uriOf, itemPath);
  out.push(`${indent}</${node.kind}>\n`);
}

function isNode(value: unknown): value is RuleNode {
  return !!value && typeof value === 'object' && !Array.isArray(value) && typeof (value as RuleNode).kind === 'string';
}

function notXml(itemPath: string, what: string): LegacyXmlUnsupportedError {
  return new LegacyXmlUnsupportedError(`"${itemPath}" cannot be written as legacy XML: its ${what} is not an XML name`, [itemPath]);
}
