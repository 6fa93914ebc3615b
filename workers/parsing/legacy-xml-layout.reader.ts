import { STUDIO_NS } from '../../src/formats/legacy-xml/legacy-xml-format';
import { ChildLayout, ObjectLayout, PROPERTY, Shape, isListItem, keysOf } from '../../src/formats/legacy-xml/legacy-xml-layout';
import { escapeText } from '../../src/formats/xml/xml-text';
import { UNMODELLED_XML, UnmodelledParts, UnmodelledXml, droppedParamText } from '../../src/repository/domain/unmodelled-xml';
import type { XmlElement } from './xml-element';
import { fragmentOf } from './xml-fragment';

type Obj = Record<string, unknown>;
/** An unmodelledXml the writer could only write as a Property, and where it was. */
type Stash = { value?: unknown; el?: XmlElement; at?: number };

/**
 * The content a data store, session or action map body stands for, read through its layout
 * (src/formats/legacy-xml/legacy-xml-layout.ts). Never fails: what the layout does not model is kept
 * in `unmodelledXml` where it was found, and said in `warnings` for the restore report.
 */
export function readLayout(body: XmlElement, layout: ObjectLayout): { content: Obj; warnings: string[] } {
  const reader = new LayoutReader();
  const content = reader.object(body, layout, body.name) ?? {};
  return { content, warnings: reader.warnings() };
}

/** A child element or a run of non-blank text, with its index among the element's children. */
type Entry = { at: number; el: XmlElement } | { at: number; text: string };

function entries(el: XmlElement): Entry[] {
  const out: Entry[] = [];
  const text = (t: string | undefined) => {
    if (t !== undefined && t.trim() !== '') out.push({ at: out.length, text: t.trim() });
  };
  text(el.children.length === 0 ? el.text : el.head);
  for (const child of el.children) {
    out.push({ at: out.length, el: child });
    text(child.tail);
  }
  return out;
}

const has = (obj: Obj, key: string) => Object.prototype.hasOwnProperty.call(obj, key);
/** A key the reader may set on an object (`__proto__` would not be a field). */
const usable = (key: string) => key !== '__proto__' && key !== UNMODELLED_XML;
const isPlainText = (el: XmlElement) => el.ns === STUDIO_NS && Object.keys(el.attributes).length === 0 && el.children.length === 0;
const isProperty = (el: XmlElement) => el.ns === STUDIO_NS && el.name === PROPERTY && el.children.length === 0 && Object.keys(el.attributes).join() === 'name';

class LayoutReader {
  private readonly kept: string[] = [];
  private readonly dropped = { count: 0 };

  warnings(): string[] {
    const out: string[] = [];
    if (this.kept.length > 0) {
      const shown = [...new Set(this.kept)];
      const list = shown.slice(0, 5).join(', ') + (shown.length > 5 ? ` and ${shown.length - 5} more` : '');
      out.push(`kept as it is, though Strata does not model it (unmodelledXml): ${list}`);
    }
    if (this.dropped.count > 0) out.push(`the value of ${this.dropped.count} password or upload param(s) in unmodelled XML was left out`);
    return out;
  }

  /** The object `el` stands for; undefined when it is not in the form its layout reads (the caller keeps it whole). */
  object(el: XmlElement, layout: ObjectLayout, where: string): Obj | undefined {
    const obj: Obj = {};
    const own: UnmodelledParts = {};
    const within: Record<string, UnmodelledParts> = {};
    const stash: Stash = {};
    let attributes = el.attributes;
    if (layout.named) {
      const { key, suffix } = layout.named;
      const fromAttribute = el.name === suffix && attributes[key] !== undefined;
      obj[key] = fromAttribute ? attributes[key] : el.name.slice(0, -suffix.length);
      if (fromAttribute) attributes = Object.fromEntries(Object.entries(attributes).filter(([name]) => name !== key));
    }
    // A password or upload param keeps neither its text nor a `value` attribute (SPEC §3).
    const secret = layout.dropsSecrets === true && droppedParamText(attributes.datatype) !== undefined;
    if (secret) attributes = Object.fromEntries(Object.entries(attributes).filter(([name]) => name !== 'value'));
    const mark = this.mark();
    this.attributes(el, attributes, layout.attributes, obj, own, keysOf(layout), where);
    if (layout.text !== undefined) {
      if (!el.children.every((c, at) => this.property(c, obj, stash, at))) return this.rollback(mark);
      if (has(obj, layout.text) && el.text.trim() !== '') return this.rollback(mark);
      if (stash.el && own.attributes) return this.rollback(mark);
      if (!has(obj, layout.text)) obj[layout.text] = el.text;
      if (secret) obj[layout.text] = null;
    } else {
      this.fill(el, layout, obj, own, within, '', where, !!layout.open, stash);
    }
    const unmodelled: UnmodelledXml = {};
    if (own.attributes && Object.keys(own.attributes).length > 0) unmodelled.attributes = own.attributes;
    if (own.nodes) unmodelled.nodes = own.nodes;
    if (Object.keys(within).length > 0) unmodelled.within = within;
    if (Object.keys(unmodelled).length > 0) {
      // The writer made a Property of an unmodelledXml it could not write back: it comes back
      // as it was, unless the element also holds unmodelled content of its own (kept beside it).
      if (stash.el) {
        unmodelled.nodes = [...(unmodelled.nodes ?? []), { at: stash.at!, xml: fragmentOf(stash.el, this.dropped) }].sort((a, b) => a.at - b.at);
      }
      obj[UNMODELLED_XML] = unmodelled;
    } else if (stash.el) obj[UNMODELLED_XML] = stash.value;
    return obj;
  }

  /**
   * Reads the children of `el` (an object, or a wrapper folded into `obj` at `path`): those the
   * shape models into `obj`, the rest into `parts` at their index. With a `stash` (objects, not
   * wrappers), `<Property>` children are fields; `open`: any plain `<f>text</f>` is one too, and
   * the modelled children may come in any order (a task).
   */
  private fill(
    el: XmlElement,
    shape: Shape,
    obj: Obj,
    parts: UnmodelledParts,
    within: Record<string, UnmodelledParts>,
    path: string,
    where: string,
    open: boolean,
    stash?: Stash,
  ): void {
    const reserved = keysOf(shape);
    const taken = new Set<ChildLayout>();
    let last = -1;
    for (const entry of entries(el)) {
      if ('text' in entry) {
        this.keep(parts, entry.at, escapeText(entry.text), `text in ${where}`);
        continue;
      }
      const c = entry.el;
      const index = c.ns !== STUDIO_NS ? -1 : shape.children.findIndex((l) => (l.is === 'list' ? isListItem(l, c.name) : l.element === c.name));
      if (index >= 0) {
        const layout = shape.children[index];
        const inOrder = open || index > last || (index === last && layout.is === 'list');
        if (inOrder && !taken.has(layout) && this.take(c, layout, obj, within, path, `${where}/${c.name}`)) {
          last = Math.max(last, index);
          if (layout.is !== 'list') taken.add(layout);
          continue;
        }
      } else if (stash && this.property(c, obj, stash, entry.at)) {
        continue;
      } else if (open && isPlainText(c) && usable(c.name) && !reserved.has(c.name) && !has(obj, c.name)) {
        obj[c.name] = c.text;
        continue;
      }
      this.keep(parts, entry.at, fragmentOf(c, this.dropped), `<${c.name}> in ${where}`);
    }
    if (stash) return; // an object: its lists are there when they have items
    for (const child of shape.children) if (child.is === 'list' && !has(obj, child.key)) obj[child.key] = [];
  }

  /** Reads a modelled child into `obj`; false when it is not in the modelled form (it is then kept whole). */
  private take(c: XmlElement, layout: ChildLayout, obj: Obj, within: Record<string, UnmodelledParts>, path: string, where: string): boolean {
    const at = path === '' ? c.name : `${path}/${c.name}`;
    switch (layout.is) {
      case 'text':
        if (!isPlainText(c) || has(obj, layout.key)) return false;
        obj[layout.key] = c.text;
        return true;
      case 'list': {
        if (has(obj, layout.key) && !Array.isArray(obj[layout.key])) return false;
        const item = this.object(c, layout.item, where);
        if (!item) return false;
        ((obj[layout.key] ??= []) as Obj[]).push(item);
        return true;
      }
      case 'object': {
        if (has(obj, layout.key)) return false;
        const value = this.object(c, layout.layout, where);
        if (!value) return false;
        obj[layout.key] = value;
        return true;
      }
      case 'texts': {
        if (has(obj, layout.key)) return false;
        const items: string[] = [];
        const parts: UnmodelledParts = {};
        this.attributes(c, c.attributes, {}, {}, parts, new Set(), where);
        for (const entry of entries(c)) {
          if ('el' in entry && entry.el.name === layout.item && isPlainText(entry.el)) items.push(entry.el.text);
          else
            this.keep(
              parts,
              entry.at,
              'el' in entry ? fragmentOf(entry.el, this.dropped) : escapeText(entry.text),
              `${'el' in entry ? `<${entry.el.name}>` : 'text'} in ${where}`,
            );
        }
        obj[layout.key] = items;
        if (parts.attributes || parts.nodes) within[at] = parts;
        return true;
      }
      case 'wrapper': {
        const mark = this.mark();
        const sub: Obj = {};
        const parts: UnmodelledParts = {};
        const inner: Record<string, UnmodelledParts> = {};
        this.attributes(c, c.attributes, layout.shape.attributes, sub, parts, new Set(), where);
        this.fill(c, layout.shape, sub, parts, inner, at, where, false);
        if (Object.keys(sub).length === 0 || Object.keys(sub).some((key) => has(obj, key))) return this.rollback(mark) ?? false;
        Object.assign(obj, sub);
        if (parts.attributes || parts.nodes) within[at] = parts;
        Object.assign(within, inner);
        return true;
      }
    }
  }

  /**
   * Attributes → fields: all of them (`fields`, but never a key the shape uses otherwise) or those
   * the map names; the rest, and any in a foreign namespace, are kept unmodelled.
   */
  private attributes(
    el: XmlElement,
    attributes: Record<string, string>,
    mode: Shape['attributes'],
    obj: Obj,
    parts: UnmodelledParts,
    reserved: ReadonlySet<string>,
    where: string,
  ): void {
    for (const [name, value] of Object.entries(attributes)) {
      const plain = !name.includes(':');
      const key =
        mode === 'fields' ? (plain && !reserved.has(name) ? name : undefined) : Object.prototype.hasOwnProperty.call(mode, name) ? mode[name] : undefined;
      if (key !== undefined && usable(key) && !has(obj, key)) {
        obj[key] = value;
        continue;
      }
      const kept = (parts.attributes ??= {});
      kept[name] = value;
      const uri = el.attributeNs?.[name];
      if (uri !== undefined) kept[`xmlns:${name.split(':')[0]}`] = uri;
      this.kept.push(`attribute ${name} on ${where}`);
    }
  }

  /** A `<Property name="key">JSON</Property>` the writer made for a field the XML form cannot carry. */
  private property(c: XmlElement, obj: Obj, stash: Stash, at: number): boolean {
    if (!isProperty(c)) return false;
    const key = c.attributes.name;
    const unmodelled = key === UNMODELLED_XML;
    if (unmodelled ? stash.el !== undefined : !usable(key) || has(obj, key)) return false;
    try {
      const value: unknown = JSON.parse(c.text);
      if (unmodelled) Object.assign(stash, { value, el: c, at });
      else obj[key] = value;
      return true;
    } catch {
      return false;
    }
  }

  private keep(parts: UnmodelledParts, at: number, xml: string, note: string): void {
    (parts.nodes ??= []).push({ at, xml });
    this.kept.push(note);
  }

  private mark(): [number, number] {
    return [this.kept.length, this.dropped.count];
  }

  /** Forgets what was noted since `mark` (the element is kept whole instead); undefined. */
  private rollback([kept, dropped]: [number, number]): undefined {
    this.kept.length = kept;
    this.dropped.count = dropped;
    return undefined;
  }
}
