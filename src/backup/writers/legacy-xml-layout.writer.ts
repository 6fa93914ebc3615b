import { UNMODELLED_XML, UnmodelledNode, UnmodelledXml, droppedParamText, unmodelledShapeProblem } from '../../repository/domain/unmodelled-xml';
import { ChildLayout, ObjectLayout, PROPERTY, Shape, keysOf, withinPathsOf } from '../../formats/legacy-xml/legacy-xml-layout';
import { INDENT } from './legacy-xml-rule-body';
import { attrs, escapeText, isNcName, textElement } from '../../formats/xml/xml-text';

type Obj = Record<string, unknown>;
type Pairs = [string, string][];

/**
 * Writes content through its layout (legacy-xml-layout.ts), the inverse of
 * workers/parsing/legacy-xml-layout.reader.ts: modelled fields as 1Integrate's elements and
 * attributes, `unmodelledXml` back where it was read, and any field the XML form cannot carry
 * as `<Property name="key">JSON</Property>` (so that whatever the API accepts comes back from an
 * XML backup). Never writes a password param's value. `uriOf` turns a referenced id into its URI.
 */
export class LayoutWriter {
  constructor(private readonly uriOf: (id: string) => string = (id) => id) {}

  /** The element for `obj`, one line per element, at `indent`. */
  object(obj: Obj, layout: ObjectLayout, element: string, indent: string): string {
    const used = new Set<string>();
    const pairs: Pairs = [];
    const name = this.name(obj, layout, element, pairs, used);
    const reserved = keysOf(layout);
    const secret = layout.dropsSecrets === true && droppedParamText(obj.datatype) !== undefined;
    if (layout.attributes === 'fields') {
      for (const [key, value] of Object.entries(obj)) {
        if (reserved.has(key) || key === UNMODELLED_XML || typeof value !== 'string' || !isNcName(key) || key === 'xmlns') continue;
        pairs.push([key, value]);
        used.add(key);
      }
    } else mapped(obj, layout.attributes, pairs, used);
    const unmodelled = fitting(obj[UNMODELLED_XML], layout, pairs, secret);
    if (unmodelled) {
      used.add(UNMODELLED_XML);
      for (const [attr, value] of Object.entries(unmodelled.attributes ?? {})) if (!(secret && attr === 'value')) pairs.push([attr, value]);
    }
    const inner = indent + INDENT;

    if (layout.text !== undefined) {
      const value = obj[layout.text];
      let text = '';
      if (value === null || value === undefined || typeof value === 'string') {
        used.add(layout.text);
        if (typeof value === 'string' && !secret) text = escapeText(value);
      }
      for (const [key, v] of Object.entries(obj)) if (!used.has(key) && v !== undefined) text += property('', key, v).trimEnd();
      for (const node of unmodelled?.nodes ?? []) text += node.xml;
      return wrap(indent, name, pairs, text, false);
    }

    const blocks: string[] = [];
    const within = unmodelled?.within;
    if (layout.open) {
      const byKey = new Map(layout.children.map((c) => [c.is === 'wrapper' ? '' : c.key, c]));
      for (const [key, value] of Object.entries(obj)) {
        if (used.has(key) || value === undefined) continue;
        const child = byKey.get(key);
        const written = child ? this.child(obj, child, within, '', inner, used) : [];
        if (child && used.has(key)) blocks.push(...written);
        else if (!child && typeof value === 'string' && isNcName(key)) blocks.push(textElement(inner, key, value));
        else blocks.push(property(inner, key, value));
        used.add(key);
      }
    } else {
      for (const child of layout.children) blocks.push(...this.child(obj, child, within, '', inner, used));
      for (const [key, value] of Object.entries(obj)) if (!used.has(key) && value !== undefined) blocks.push(property(inner, key, value));
    }
    return wrap(indent, name, pairs, merge(blocks, unmodelled?.nodes, inner), true);
  }

  /** The element name (tasks: kind + Task, or `<Task kind="…">`). */
  private name(obj: Obj, layout: ObjectLayout, element: string, pairs: Pairs, used: Set<string>): string {
    if (!layout.named) return element;
    const { key, suffix } = layout.named;
    const kind = obj[key];
    if (typeof kind !== 'string') return suffix;
    used.add(key);
    if (kind !== '' && isNcName(kind + suffix)) return kind + suffix;
    if (kind !== '') pairs.push([key, kind]);
    return suffix;
  }

  /** The elements a modelled child gives (none when its fields are absent or do not fit: they become Properties). */
  private child(obj: Obj, layout: ChildLayout, within: UnmodelledXml['within'], path: string, indent: string, used: Set<string>): string[] {
    const at = path === '' ? layout.element : `${path}/${layout.element}`;
    const ref = (value: string) => ('reference' in layout && layout.reference ? this.uriOf(value) : value);
    if (layout.is === 'wrapper') return this.wrapper(obj, layout.shape, layout.element, within, at, indent, used);
    const value = obj[layout.key];
    switch (layout.is) {
      case 'text':
        if (typeof value !== 'string') return [];
        used.add(layout.key);
        return [textElement(indent, layout.element, ref(value))];
      case 'list':
        if (!Array.isArray(value) || !value.every(isObject)) return [];
        // Directly in an object, no element reads back as no field: an empty list is a Property.
        if (value.length === 0 && path === '') return [];
        used.add(layout.key);
        return value.map((item) => this.object(item, layout.item, layout.element, indent));
      case 'object':
        if (!isObject(value)) return [];
        used.add(layout.key);
        return [this.object(value, layout.layout, layout.element, indent)];
      case 'texts': {
        if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) return [];
        used.add(layout.key);
        const parts = within?.[at];
        const items = (value as string[]).map((v) => textElement(indent + INDENT, layout.item, ref(v)));
        return [wrap(indent, layout.element, Object.entries(parts?.attributes ?? {}), merge(items, parts?.nodes, indent + INDENT), true)];
      }
    }
  }

  /** A wrapper, when anything of it is present: its mapped attributes and children, folded in `obj`. */
  private wrapper(obj: Obj, shape: Shape, element: string, within: UnmodelledXml['within'], at: string, indent: string, used: Set<string>): string[] {
    const before = used.size;
    const pairs: Pairs = [];
    if (shape.attributes !== 'fields') mapped(obj, shape.attributes, pairs, used);
    const blocks = shape.children.flatMap((c) => this.child(obj, c, within, at, indent + INDENT, used));
    const parts = within?.[at];
    const present = used.size > before || parts !== undefined || Object.keys(within ?? {}).some((p) => p.startsWith(`${at}/`));
    if (!present) return [];
    pairs.push(...Object.entries(parts?.attributes ?? {}));
    return [wrap(indent, element, pairs, merge(blocks, parts?.nodes, indent + INDENT), true)];
  }
}

/** Attributes the map names, from string fields. */
function mapped(obj: Obj, map: Readonly<Record<string, string>>, pairs: Pairs, used: Set<string>): void {
  for (const [attr, key] of Object.entries(map)) {
    if (typeof obj[key] !== 'string') continue;
    pairs.push([attr, obj[key] as string]);
    used.add(key);
  }
}

/**
 * The object's unmodelledXml when it can be written back as XML: well formed (checked again
 * here, so that no content can make the document ill-formed), only the layout's wrapper paths,
 * and no attribute the element already gets from a field. Otherwise undefined (it is then
 * written as a Property, as any field the XML form cannot carry).
 */
function fitting(value: unknown, layout: ObjectLayout, pairs: Pairs, secret: boolean): UnmodelledXml | undefined {
  if (value === undefined || unmodelledShapeProblem(value) !== null) return undefined;
  const unmodelled = value as UnmodelledXml;
  const paths = withinPathsOf(layout);
  for (const [path, parts] of Object.entries(unmodelled.within ?? {})) {
    const taken = paths.get(path);
    if (!taken || Object.keys(parts.attributes ?? {}).some((name) => taken.includes(name))) return undefined;
  }
  if (layout.text !== undefined && unmodelled.within !== undefined) return undefined;
  const names = new Set(pairs.map(([name]) => name));
  if (Object.keys(unmodelled.attributes ?? {}).some((name) => names.has(name) && !(secret && name === 'value'))) return undefined;
  return unmodelled;
}

/** The blocks in order, each unmodelled node put back at its index among them. */
function merge(blocks: string[], nodes: UnmodelledNode[] | undefined, indent: string): string {
  if (!nodes || nodes.length === 0) return blocks.join('');
  const sorted = [...nodes].sort((a, b) => a.at - b.at);
  let out = '';
  let next = 0;
  let count = 0;
  for (const node of sorted) {
    while (count < node.at && next < blocks.length) {
      out += blocks[next++];
      count++;
    }
    out += `${indent}${node.xml}\n`;
    count++;
  }
  while (next < blocks.length) out += blocks[next++];
  return out;
}

function property(indent: string, key: string, value: unknown): string {
  return `${indent}<${PROPERTY}${attrs([['name', key]])}>${escapeText(JSON.stringify(value))}</${PROPERTY}>\n`;
}

/** `<name …/>` or `<name …>inner</name>`: on lines of their own (`block`), or inline (a param's text). */
function wrap(indent: string, name: string, pairs: Pairs, inner: string, block: boolean): string {
  if (inner === '') return `${indent}<${name}${attrs(pairs)}/>\n`;
  return block ? `${indent}<${name}${attrs(pairs)}>\n${inner}${indent}</${name}>\n` : `${indent}<${name}${attrs(pairs)}>${inner}</${name}>\n`;
}

function isObject(value: unknown): value is Obj {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}
