import type { SaxesTagNS } from 'saxes';
import { BODIES, CONTAINERS, LINK_ELEMENTS, MAX_BODY_DEPTH, SKIPPED, missingName, nameOf, withoutLinks } from './arcgis-xml-elements';
import { bodyElement, toRuleNode } from './legacy-xml-body';
import type { XmlElement } from './xml-element';
import type { ParseProblem, ParsedItem } from './parsed-item';
import { incompleteness } from '../../src/repository/domain/completeness';

interface Described {
  description: string;
}
interface ContainerFrame extends Described {
  t: 'container';
  element: string;
  name: string | undefined;
  parentPath: string;
  /** Set once the folder has been emitted (when its first entry starts, or when it ends). */
  path: string | null;
}
interface EntryFrame extends Described {
  t: 'entry';
  element: string;
  /** In the rule set's namespace (only those can be rules, actions, quick rules, …). */
  ours: boolean;
  name: string | undefined;
  folder: ContainerFrame;
  /** A rule or action's body elements (Metadata and links left out); null for other entries. */
  body: XmlElement[] | null;
  text: string;
  problems: ParseProblem[];
}
type Frame =
  | ContainerFrame
  | EntryFrame
  | { t: 'skip' }
  | { t: 'metadata'; of: Described }
  | { t: 'text'; set: (text: string) => void; buf: string }
  | { t: 'body'; el: XmlElement; entry: EntryFrame; depth: number };

/**
 * Turns the element events of a 1Integrate for ArcGIS rule set export (root `<RuleSet>` already
 * checked) into ParsedItems, one per element of the rule set's tree, in file order: the rule set,
 * folders and packages as folders (emitted when their first entry starts, or when they end), then
 * every rule, action, quick rule, quick action, schema or unknown element when it ends.
 *
 * Only names, descriptions and rule/action bodies are kept; titles, comments and links
 * (`<ReportAction>`, `template_*` attributes) are dropped, and Created/Last Edited are left empty
 * so that the restoring user and time are recorded (SPEC §8). Elements are matched in the rule
 * set's own namespace (none in the exports seen).
 */
export class ArcgisXmlBuilder {
  private readonly stack: Frame[] = [];
  private index = 0;

  constructor(
    private readonly ns: string,
    private readonly emit: (item: ParsedItem) => void,
  ) {}

  open(tag: SaxesTagNS): void {
    this.stack.push(this.frameFor(tag, this.stack[this.stack.length - 1]));
  }

  text(text: string): void {
    const top = this.stack[this.stack.length - 1];
    if (top?.t === 'text') top.buf += text;
    else if (top?.t === 'body') top.el.text += text;
    else if (top?.t === 'entry' && top.body) top.text += text;
  }

  close(): void {
    const frame = this.stack.pop();
    if (frame?.t === 'text') frame.set(frame.buf);
    else if (frame?.t === 'container') this.folderPath(frame);
    else if (frame?.t === 'entry') this.emitEntry(frame);
  }

  private frameFor(tag: SaxesTagNS, parent: Frame | undefined): Frame {
    const ours = tag.uri === this.ns;
    if (!parent) return this.container(tag, '/');
    switch (parent.t) {
      case 'container':
        if (ours && tag.local === 'Metadata') return { t: 'metadata', of: parent };
        if (ours && CONTAINERS.has(tag.local)) return this.container(tag, this.folderPath(parent));
        this.folderPath(parent);
        return this.entry(tag, parent);
      case 'entry':
        if (ours && tag.local === 'Metadata') return { t: 'metadata', of: parent };
        if (!parent.body || (ours && LINK_ELEMENTS.has(tag.local))) return { t: 'skip' };
        return this.bodyFrame(tag, parent, parent.body, 1);
      case 'body':
        return this.bodyFrame(tag, parent.entry, parent.el.children, parent.depth + 1);
      case 'metadata': {
        const of = parent.of;
        if (ours && tag.local === 'Description') return { t: 'text', set: (s) => (of.description = s), buf: '' };
        return { t: 'skip' }; // Title, Comments: not kept
      }
      default:
        return { t: 'skip' };
    }
  }

  private container(tag: SaxesTagNS, parentPath: string): ContainerFrame {
    return { t: 'container', element: tag.local, name: nameOf(tag), parentPath, path: null, description: '' };
  }

  private entry(tag: SaxesTagNS, folder: ContainerFrame): EntryFrame {
    const ours = tag.uri === this.ns;
    const element = ours ? tag.local : tag.name;
    const body = ours && BODIES.has(element) ? [] : null;
    return { t: 'entry', element, ours, name: nameOf(tag), folder, body, text: '', problems: [], description: '' };
  }

  private bodyFrame(tag: SaxesTagNS, entry: EntryFrame, siblings: XmlElement[], depth: number): Frame {
    if (depth > MAX_BODY_DEPTH) {
      if (!entry.problems.some((p) => p.code === 'TOO_DEEP')) {
        entry.problems.push({ code: 'TOO_DEEP', message: `the body is nested deeper than ${MAX_BODY_DEPTH} levels` });
      }
      return { t: 'skip' };
    }
    const el = bodyElement(tag, entry.problems, this.ns);
    siblings.push(el);
    return { t: 'body', el, entry, depth };
  }

  /** The folder's path, emitting the folder the first time it is asked for. */
  private folderPath(frame: ContainerFrame): string {
    if (frame.path !== null) return frame.path;
    const name = frame.name ?? '';
    // A nameless rule set must not put its contents at the root: "//" makes them fail instead.
    frame.path = frame.parentPath === '/' ? (name === '' ? '//' : `/${name}`) : `${frame.parentPath}/${name}`;
    const problems = frame.name === undefined ? [missingName(frame.element)] : [];
    this.emit(this.parsed('folder', name, frame.parentPath, frame.description, {}, problems));
    return frame.path;
  }

  private emitEntry(frame: EntryFrame): void {
    const folderPath = this.folderPath(frame.folder);
    const problems = [...frame.problems];
    if (frame.name === undefined) problems.push(missingName(frame.element));
    const name = frame.name ?? '';
    const kind = BODIES.get(frame.element);
    if (frame.body && kind) {
      if (frame.body.length === 0) problems.push({ code: 'MISSING_BODY', message: `the ${kind.type} has no body (<${kind.root}>)` });
      const root: XmlElement = { name: frame.element, ns: this.ns, attributes: {}, children: frame.body, text: frame.text };
      const rootTerm = withoutLinks(toRuleNode(root, problems, this.ns));
      // Partial rules and actions are refused from 1Integrate for ArcGIS (SPEC §8), where other
      // formats restore them with a warning.
      const incomplete = problems.length === 0 ? incompleteness(kind.type, { rootTerm }) : null;
      if (incomplete) problems.push({ code: 'PARTIAL', message: incomplete });
      this.emit(this.parsed(kind.type, name, folderPath, frame.description, { rootTerm }, problems));
      return;
    }
    const skipped = frame.ours ? SKIPPED.get(frame.element) : undefined;
    if (skipped) {
      this.emit({ ...this.parsed(skipped.type, name, folderPath, frame.description, {}, []), skip: skipped.reason });
      return;
    }
    const message = `unknown element <${frame.element}>: only rules and actions are restored`;
    this.emit(this.parsed(frame.element, name, folderPath, frame.description, {}, [{ code: 'UNKNOWN_ELEMENT', message }]));
  }

  private parsed(type: string, name: string, folderPath: string, description: string, content: Record<string, unknown>, problems: ParseProblem[]): ParsedItem {
    // No Created/Last Edited: the restoring user and time are recorded instead (SPEC §8).
    const none = { comments: '', createdBy: '', createdAt: '', lastEditedBy: '', lastEditedAt: '' };
    return { index: this.index++, sourceId: '', type, name, folderPath, description, ...none, content, problems };
  }
}
