import { SaxesParser } from 'saxes';
import { isNcName } from '../../formats/xml/xml-text';
import { FILE_NESTING_CEILING } from './limits';

/**
 * What a legacy XML body holds that Strata does not model (DESIGN invariant 11: nothing in a
 * real file is lost). It is kept in the content object of the nearest element Strata does model,
 * under this key, and written back in its place by the XML writer:
 *
 *   "unmodelledXml": {
 *     "attributes": {"name": "value"},               attributes of the element itself
 *     "nodes": [{"at": 2, "xml": "<Foo a=\"1\">t</Foo>"}],   child elements (or text) and where they were
 *     "within": {"ImportCredentials/Credentials": {"attributes": …, "nodes": …}}
 *   }
 *
 * `at` is the node's index among the element's children (elements and non-blank text, in document
 * order); `xml` the node as XML, self-contained (it declares any namespace other than 1Integrate's
 * and GML). `within` holds the same for the wrapper elements Strata folds into this object (e.g. a
 * data store's `<ImportCredentials><Credentials …>`), by their path below the element.
 * Fragments are strings, so however deep the XML, it adds three levels of JSON at most.
 */
export const UNMODELLED_XML = 'unmodelledXml';

export interface UnmodelledNode {
  at: number;
  xml: string;
}

export interface UnmodelledParts {
  attributes?: Record<string, string>;
  nodes?: UnmodelledNode[];
}

export interface UnmodelledXml extends UnmodelledParts {
  within?: Record<string, UnmodelledParts>;
}

const STUDIO_NS = 'http://schema.onespatial.com/radius/studio/v2';
const GML_NS = 'http://www.opengis.net/gml';

/** Param datatypes whose text Strata never keeps: `password` (a secret), `upload` (a path on another machine). */
export function droppedParamText(datatype: unknown): 'password' | 'upload' | undefined {
  const lower = typeof datatype === 'string' ? datatype.toLowerCase() : '';
  return lower === 'password' || lower === 'upload' ? lower : undefined;
}

/**
 * Why some `unmodelledXml` in `content` could not be written back as XML, or would carry a
 * secret (null: every one is fine). Walks the whole content without recursion; where the problem
 * is gets spelt out only when there is one (data stores are walked on every restore).
 */
export function unmodelledXmlProblem(content: unknown): string | null {
  return walk(content, false) === null ? null : walk(content, true);
}

function walk(content: unknown, spell: boolean): string | null {
  const stack: [unknown, string][] = [[content, 'content']];
  while (stack.length > 0) {
    const [value, where] = stack.pop()!;
    if (!value || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      value.forEach((v, i) => stack.push([v, spell ? `${where}[${i}]` : where]));
      continue;
    }
    const obj = value as Record<string, unknown>;
    for (const key in obj) {
      if (key !== UNMODELLED_XML) stack.push([obj[key], spell ? `${where}.${key}` : where]);
    }
    if (obj[UNMODELLED_XML] === undefined) continue;
    const problem = unmodelledShapeProblem(obj[UNMODELLED_XML]);
    if (problem) return `${where}.${UNMODELLED_XML}${problem}`;
    if (droppedParamText(obj.datatype) === 'password' && (obj[UNMODELLED_XML] as UnmodelledXml).attributes?.value !== undefined) {
      return `${where}.${UNMODELLED_XML}.attributes.value: a password param keeps no value`;
    }
  }
  return null;
}

/** Why `value` is not a well-formed UnmodelledXml (a suffix naming where: `.nodes[0].xml …`), or null. */
export function unmodelledShapeProblem(value: unknown): string | null {
  if (!isObject(value)) return ' must be an object';
  for (const key of Object.keys(value)) {
    if (key !== 'attributes' && key !== 'nodes' && key !== 'within') return `: unknown member "${key}"`;
  }
  const own = partsProblem(value);
  if (own) return own;
  if (value.within === undefined) return null;
  if (!isObject(value.within)) return '.within must be an object';
  for (const [path, parts] of Object.entries(value.within)) {
    if (!path.split('/').every(isNcName)) return `.within: "${path}" is not an element path`;
    if (!isObject(parts) || Object.keys(parts).some((k) => k !== 'attributes' && k !== 'nodes')) {
      return `.within["${path}"] must be an object with "attributes" and/or "nodes"`;
    }
    const problem = partsProblem(parts);
    if (problem) return `.within["${path}"]${problem}`;
  }
  return null;
}

function partsProblem(parts: Record<string, unknown>): string | null {
  if (parts.attributes !== undefined) {
    if (!isObject(parts.attributes)) return '.attributes must be an object';
    const attributes = parts.attributes;
    for (const [name, v] of Object.entries(attributes)) {
      if (typeof v !== 'string') return `.attributes["${name}"] must be a string`;
      const problem = attributeNameProblem(name, attributes);
      if (problem) return `.attributes["${name}"]: ${problem}`;
    }
  }
  if (parts.nodes !== undefined) {
    if (!Array.isArray(parts.nodes)) return '.nodes must be an array';
    for (const [i, node] of parts.nodes.entries()) {
      if (!isObject(node) || !Number.isSafeInteger(node.at) || (node.at as number) < 0 || typeof node.xml !== 'string') {
        return `.nodes[${i}] must be {"at": index, "xml": string}`;
      }
      const problem = xmlFragmentProblem(node.xml);
      if (problem) return `.nodes[${i}].xml ${problem}`;
    }
  }
  return null;
}

/**
 * An attribute the writer may put on an element of its own document: an unprefixed name, `gml:`
 * or `xml:`, another prefix declared in the same attributes (`xmlns:p`), or such a declaration;
 * never the default namespace nor gml/xml rebound (they would change what the element's children are).
 */
function attributeNameProblem(name: string, all: Record<string, unknown>): string | null {
  const [prefix, local, extra] = name.split(':');
  if (extra !== undefined || !isNcName(prefix) || (local !== undefined && !isNcName(local))) return 'not an XML attribute name';
  if (local === undefined) return prefix === 'xmlns' ? 'the default namespace cannot be declared here' : null;
  if (prefix === 'xmlns') return ['gml', 'xml', 'xmlns'].includes(local) ? `"${local}" cannot be rebound` : null;
  if (prefix === 'gml' || prefix === 'xml') return null;
  return typeof all[`xmlns:${prefix}`] === 'string' ? null : `its prefix needs a declaration "xmlns:${prefix}" beside it`;
}

/**
 * Why `xml` is not content that can stand inside an element of a legacy XML backup (well-formed,
 * namespaces declared, no DOCTYPE, not deeper than the reader accepts, no password param with
 * its value), or null.
 */
export function xmlFragmentProblem(xml: string): string | null {
  const parser = new SaxesParser({ xmlns: true });
  let problem: string | null = null;
  let depth = 0;
  const secrets: boolean[] = [];
  parser.on('error', (err) => {
    problem ??= `is not well-formed XML content: ${err.message}`;
  });
  parser.on('opentag', (tag) => {
    if (++depth > FILE_NESTING_CEILING) problem ??= `nests deeper than ${FILE_NESTING_CEILING} elements`;
    const password = tag.local === 'param' && tag.uri === STUDIO_NS && droppedParamText(tag.attributes.datatype?.value) === 'password';
    if (password && tag.attributes.value !== undefined) problem ??= 'holds the value of a password param';
    secrets.push(password);
  });
  parser.on('text', (text) => {
    if (secrets.at(-1) && text.trim() !== '') problem ??= 'holds the value of a password param';
  });
  parser.on('closetag', () => {
    depth--;
    secrets.pop();
  });
  try {
    parser.write(`<r xmlns="${STUDIO_NS}" xmlns:gml="${GML_NS}">`).write(xml).write('</r>').close();
  } catch (err) {
    problem ??= `is not well-formed XML content: ${(err as Error).message}`;
  }
  return problem;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}
