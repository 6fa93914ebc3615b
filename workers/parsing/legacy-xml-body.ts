import type { SaxesTagNS } from 'saxes';
import type { RuleNode } from '../../src/repository/domain/item';
import { GML_NS, STUDIO_NS } from '../../src/backup/writers/legacy-xml-format';
import type { ParseProblem } from './parsed-item';
import { actionMapContent, dataStoreContent, sessionContent } from './legacy-xml-body-parts';

/**
 * One item body of a legacy XML backup, captured as a small element tree while streaming (an
 * item is small; the document is never built) and turned into Strata content when the item ends.
 */
export interface XmlElement {
  /** Element name as a rule-language kind: the local name, `gml:` + local name for GML. */
  name: string;
  ns: string;
  /** Attributes in document order (unprefixed names; `gml:`/`xml:` kept for those namespaces). */
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const XML_NS = 'http://www.w3.org/XML/1998/namespace';

/**
 * A body element from a saxes tag: names as rule-language kinds (local; `gml:` for GML).
 * `languageNs`: the namespace of the rule language in this format (1Integrate for ArcGIS: none).
 */
export function bodyElement(tag: SaxesTagNS, problems: ParseProblem[], languageNs = STUDIO_NS): XmlElement {
  const attributes: Record<string, string> = {};
  for (const a of Object.values(tag.attributes)) {
    if (a.prefix === 'xmlns' || a.name === 'xmlns') continue;
    if (a.uri === '') attributes[a.local] = a.value;
    else if (a.uri === GML_NS || a.uri === XML_NS) attributes[`${a.uri === GML_NS ? 'gml' : 'xml'}:${a.local}`] = a.value;
    else {
      attributes[a.name] = a.value;
      problems.push({ code: 'UNSUPPORTED_CONTENT', message: `attribute ${a.name} is in an unsupported namespace "${a.uri}"` });
    }
  }
  const name = tag.uri === languageNs ? tag.local : tag.uri === GML_NS ? `gml:${tag.local}` : tag.name;
  return { name, ns: tag.uri, attributes, children: [], text: '' };
}

export interface BodyResult {
  type: string;
  content: Record<string, unknown>;
  problems: ParseProblem[];
}

/** The item type and content a body element stands for (SPEC §3); problems go to the item. */
export function bodyToContent(body: XmlElement): BodyResult {
  const problems: ParseProblem[] = [];
  if (body.ns !== STUDIO_NS) return unknownBody(body);
  switch (body.name) {
    case 'Rule':
    case 'Action': {
      const rootTerm = toRuleNode(body, problems);
      const template = rootTerm.predicates?.[0]?.kind === 'Template';
      const type = (body.name === 'Rule' ? 'rule' : 'action') + (template ? '-template' : '');
      return { type, content: { rootTerm }, problems };
    }
    case 'ActionMap':
      return { type: 'action-map', content: actionMapContent(body, problems), problems };
    case 'DataStore':
      return { type: 'datastore', content: dataStoreContent(body, problems), problems };
    case 'Session':
      return { type: 'session', content: sessionContent(body, problems), problems };
    default:
      return unknownBody(body);
  }
}

function unknownBody(body: XmlElement): BodyResult {
  const where = body.ns === STUDIO_NS ? '' : ` in namespace "${body.ns}"`;
  return {
    type: body.name,
    content: {},
    problems: [{ code: 'UNKNOWN_BODY', message: `unknown item body <${body.name}>${where}` }],
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
