import { GML_NS, STUDIO_NS } from '../../src/formats/legacy-xml/legacy-xml-format';
import { attrs, escapeText } from '../../src/formats/xml/xml-text';
import { droppedParamText } from '../../src/repository/domain/unmodelled-xml';
import type { XmlElement } from './xml-element';

const XML_NS = 'http://www.w3.org/XML/1998/namespace';

/** The namespaces of the document a fragment is written back into (the legacy XML writer's root). */
const WRITER_SCOPE: Record<string, string> = { '': STUDIO_NS, gml: GML_NS, xml: XML_NS };

/**
 * An element captured from a body, as XML that stands on its own inside a legacy XML backup:
 * names, attributes (in document order), text and children as read; a namespace other than
 * 1Integrate's, GML's and XML's is declared where first used (declarations nothing uses are not
 * kept). Comments and processing instructions are not part of it (the reader does not see them).
 *
 * A `param` whose datatype is `password` or `upload` loses its text and any `value` attribute
 * (SPEC §3: a secret never enters Strata; an upload path is another machine's); `dropped` counts them.
 */
export function fragmentOf(el: XmlElement, dropped: { count: number } = { count: 0 }): string {
  const out: string[] = [];
  write(el, WRITER_SCOPE, out, dropped);
  return out.join('');
}

function write(el: XmlElement, scope: Record<string, string>, out: string[], dropped: { count: number }): void {
  const inner = { ...scope };
  const pairs: [string, string][] = [];
  const declare = (prefix: string, uri: string) => {
    if (inner[prefix] === uri) return;
    inner[prefix] = uri;
    pairs.push([prefix === '' ? 'xmlns' : `xmlns:${prefix}`, uri]);
  };
  const [prefix, local] = el.name.includes(':') ? el.name.split(':', 2) : ['', el.name];
  const name = el.ns === STUDIO_NS ? local : el.name;
  declare(el.ns === STUDIO_NS ? '' : prefix, el.ns);

  const secret = el.ns === STUDIO_NS && local === 'param' && droppedParamText(el.attributes.datatype) !== undefined;
  if (secret && (el.text.trim() !== '' || el.attributes.value !== undefined)) dropped.count++;
  for (const [attr, value] of Object.entries(el.attributes)) {
    if (secret && attr === 'value') continue;
    const uri = el.attributeNs?.[attr];
    if (uri !== undefined) declare(attr.split(':')[0], uri);
    pairs.push([attr, value]);
  }
  const text = (s: string | undefined) => (secret || !s ? '' : escapeText(s));
  let body = text(el.head ?? (el.children.length === 0 ? el.text : ''));
  const parts: string[] = [];
  for (const child of el.children) {
    write(child, inner, parts, dropped);
    parts.push(text(child.tail));
  }
  body += parts.join('');
  out.push(body === '' ? `<${name}${attrs(pairs)}/>` : `<${name}${attrs(pairs)}>${body}</${name}>`);
}
