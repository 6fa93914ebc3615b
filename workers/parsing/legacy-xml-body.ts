import type { SaxesTagNS } from 'saxes';
import type { RuleNode } from '../../src/repository/domain/item';
import { GML_NS, STUDIO_NS } from '../../src/formats/legacy-xml/legacy-xml-format';
import type { ParseProblem } from './parsed-item';
import { ACTION_MAP, DATA_STORE, ObjectLayout, SESSION } from '../../src/formats/legacy-xml/legacy-xml-layout';
import { readLayout } from './legacy-xml-layout.reader';
import type { XmlElement } from './xml-element';

const XML_NS = 'http://www.w3.org/XML/1998/namespace';

/**
 * A body element from a saxes tag: names as rule-language kinds (local; `gml:` for GML).
 * `languageNs`: the namespace of the rule language in this format (1Integrate for ArcGIS: none).
 */
export function bodyElement(tag: SaxesTagNS, problems: ParseProblem[], languageNs = STUDIO_NS): XmlElement {
  const attributes: Record<string, string> = {};
  let attributeNs: Record<string, string> | undefined;
  for (const a of Object.values(tag.attributes)) {
    if (a.prefix === 'xmlns' || a.name === 'xmlns') continue;
    if (a.uri === '') attributes[a.local] = a.value;
    else if (a.uri === GML_NS || a.uri === XML_NS) attributes[`${a.uri === GML_NS ? 'gml' : 'xml'}:${a.local}`] = a.value;
    else {
      attributes[a.name] = a.value;
      (attributeNs ??= {})[a.name] = a.uri;
      problems.push({ code: 'UNSUPPORTED_CONTENT', message: `attribute ${a.name} is in an unsupported namespace "${a.uri}"` });
    }
  }
  const name = tag.uri === languageNs ? tag.local : tag.uri === GML_NS ? `gml:${tag.local}` : tag.name;
  return { name, ns: tag.uri, attributes, children: [], text: '', ...(attributeNs ? { attributeNs } : {}) };
}

export interface BodyResult {
  type: string;
  content: Record<string, unknown>;
  problems: ParseProblem[];
  /** For the restore report: what was kept unmodelled, or left out on purpose. */
  warnings: string[];
}

/** Bodies read through the layout table: nothing in them fails the item (DESIGN invariant 11). */
const LAYOUTS = new Map<string, [string, ObjectLayout]>([
  ['ActionMap', ['action-map', ACTION_MAP]],
  ['DataStore', ['datastore', DATA_STORE]],
  ['Session', ['session', SESSION]],
]);

/**
 * The item type and content a body element stands for (SPEC §3); problems go to the item.
 * `elementProblems`: what capturing the body's elements found (attributes in foreign
 * namespaces), which fails a rule or action (its nodes cannot carry them) but not a body read
 * through the layout table, which keeps them.
 */
export function bodyToContent(body: XmlElement, elementProblems: readonly ParseProblem[] = []): BodyResult {
  const problems: ParseProblem[] = [...elementProblems];
  if (body.ns !== STUDIO_NS) return unknownBody(body);
  if (body.name === 'Rule' || body.name === 'Action') {
    const rootTerm = toRuleNode(body, problems);
    const template = rootTerm.predicates?.[0]?.kind === 'Template';
    const type = (body.name === 'Rule' ? 'rule' : 'action') + (template ? '-template' : '');
    return { type, content: { rootTerm }, problems, warnings: [] };
  }
  const layout = LAYOUTS.get(body.name);
  if (!layout) return unknownBody(body);
  const { content, warnings } = readLayout(body, layout[1]);
  return { type: layout[0], content, problems: [], warnings };
}

function unknownBody(body: XmlElement): BodyResult {
  const where = body.ns === STUDIO_NS ? '' : ` in namespace "${body.ns}"`;
  return {
    type: body.name,
    content: {},
    problems: [{ code: 'UNKNOWN_BODY', message: `unknown item body <${body.name}>${where}` }],
    warnings: [],
  };
}

/** Element name ↔ kind, attributes ↔ attributes, child elements ↔ predicates. */
export function toRuleNode(el: XmlElement, problems: ParseProblem[], languageNs = STUDIO_NS): RuleNode {
  if (el.ns !== languageNs && el.ns !== GML_NS) {
    problems.push({ code: 'UNSUPPORTED_CONTENT', message: `<${el.name}> is in an unsupported namespace "${el.ns}"` });
  }
  if (el.text.trim() !== '') {
    problems.push({ code: 'UNSUPPORTED_CONTENT', message: `<${el.name}> holds text, which rule nodes cannot carry` });
  }
  const node: RuleNode = { kind: el.name };
  if (Object.keys(el.attributes).length > 0) node.attributes = { ...el.attributes };
  if (el.children.length > 0) node.predicates = el.children.map((child) => toRuleNode(child, problems, languageNs));
  return node;
}
