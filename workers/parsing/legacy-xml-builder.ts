import type { SaxesTagNS } from 'saxes';
import { STUDIO_NS } from '../../src/formats/legacy-xml/legacy-xml-format';
import { bodyElement, bodyToContent } from './legacy-xml-body';
import type { XmlElement } from './xml-element';
import { METADATA_TEXT, Metadata, RootInfo, USER_DATES, emptyMetadata, rootInfo } from './legacy-xml-metadata';
import type { ParseProblem, ParsedItem } from './parsed-item';

interface FolderFrame {
  t: 'folder';
  root: RootInfo;
  /** The type root is `/` and not an item; a nested folder gets its path once its name is known. */
  path: string | null;
  parentPath: string;
  meta: Metadata;
  shortcut: string;
}
interface ItemFrame {
  t: 'item';
  folder: FolderFrame;
  id: string | undefined;
  meta: Metadata;
  shortcut: string;
  bodies: XmlElement[];
  problems: ParseProblem[];
  /** What reading the body elements found (foreign attributes): a problem for rule bodies only. */
  bodyProblems: ParseProblem[];
}
type Frame =
  | { t: 'backup' | 'skip' }
  | FolderFrame
  | ItemFrame
  | { t: 'metadata'; meta: Metadata }
  | { t: 'text'; set: (text: string) => void; buf: string }
  | { t: 'userdate'; meta: Metadata; fields: (typeof USER_DATES)[string] }
  | { t: 'body'; el: XmlElement; item: ItemFrame };

/**
 * Turns the element events of a legacy XML backup (root already checked) into ParsedItems,
 * handing each to `emit` as soon as its element is complete: folders when their first child
 * folder or item starts (or when they end), items when `</Item>` closes. Holds one frame per
 * open element, the current item's body, and the set of folder paths already emitted (a folder
 * under several type roots is one Strata folder, emitted the first time).
 */
export class LegacyXmlBuilder {
  private readonly stack: Frame[] = [];
  private readonly seenFolders = new Set<string>();
  private index = 0;

  constructor(private readonly emit: (item: ParsedItem) => void) {}

  open(tag: SaxesTagNS): void {
    const parent = this.stack[this.stack.length - 1];
    this.stack.push(this.frameFor(tag, parent));
  }

  text(text: string): void {
    const top = this.stack[this.stack.length - 1];
    if (top?.t === 'text') top.buf += text;
    else if (top?.t === 'body') {
      const el = top.el;
      el.text += text;
      const last = el.children.at(-1);
      if (last) last.tail = (last.tail ?? '') + text;
      else el.head = (el.head ?? '') + text;
    }
  }

  close(): void {
    const frame = this.stack.pop();
    if (!frame) return;
    const parent = this.stack[this.stack.length - 1];
    if (frame.t === 'text') frame.set(frame.buf);
    else if (frame.t === 'folder') this.folderPath(frame);
    else if (frame.t === 'item') this.emitItem(frame);
    else if (frame.t === 'body' && parent?.t !== 'body') frame.item.bodies.push(frame.el);
  }

  private frameFor(tag: SaxesTagNS, parent: Frame | undefined): Frame {
    if (!parent) return { t: 'backup' };
    if (parent.t === 'body') {
      const el = bodyElement(tag, parent.item.bodyProblems);
      parent.el.children.push(el);
      return { t: 'body', el, item: parent.item };
    }
    const ours = tag.uri === STUDIO_NS;
    const name = tag.local;
    switch (parent.t) {
      case 'backup':
        if (ours && name.endsWith('Folder')) return this.folder(rootInfo(name), null);
        return { t: 'skip' };
      case 'folder':
        if (ours && name === 'Metadata') return { t: 'metadata', meta: parent.meta };
        if (ours && name === 'IsShortcut') return this.textFrame((s) => (parent.shortcut = s));
        if (ours && name.endsWith('Folder')) return this.folder(parent.root, parent);
        if (ours && name === 'Item') {
          this.folderPath(parent);
          const id = tag.attributes.id?.uri === '' ? tag.attributes.id.value : undefined;
          return { t: 'item', folder: parent, id, meta: emptyMetadata(), shortcut: '', bodies: [], problems: [], bodyProblems: [] };
        }
        return { t: 'skip' };
      case 'item':
        if (ours && name === 'Metadata') return { t: 'metadata', meta: parent.meta };
        if (ours && name === 'IsShortcut') return this.textFrame((s) => (parent.shortcut = s));
        return { t: 'body', el: bodyElement(tag, parent.bodyProblems), item: parent };
      case 'metadata': {
        const meta = parent.meta;
        if (ours && METADATA_TEXT[name]) return this.textFrame((s) => (meta[METADATA_TEXT[name]] = s));
        if (ours && USER_DATES[name]) return { t: 'userdate', meta, fields: USER_DATES[name] };
        return { t: 'skip' };
      }
      case 'userdate':
        if (ours && name === 'UserDate') {
          parent.meta[parent.fields[0]] = tag.attributes.user?.value ?? '';
          parent.meta[parent.fields[1]] = tag.attributes.date?.value ?? '';
        }
        return { t: 'skip' };
      default:
        return { t: 'skip' };
    }
  }

  private folder(root: RootInfo, parent: FolderFrame | null): FolderFrame {
    if (parent) this.folderPath(parent);
    return { t: 'folder', root, path: parent ? null : '/', parentPath: parent?.path ?? '/', meta: emptyMetadata(), shortcut: '' };
  }

  private textFrame(set: (text: string) => void): Frame {
    return { t: 'text', set, buf: '' };
  }

  /** The folder's path, emitting the folder the first time any type root shows that path. */
  private folderPath(frame: FolderFrame): string {
    if (frame.path !== null) return frame.path;
    const name = frame.meta.name ?? '';
    const path = (frame.path = frame.parentPath === '/' ? `/${name}` : `${frame.parentPath}/${name}`);
    if (this.seenFolders.has(path)) return path;
    this.seenFolders.add(path);
    const problems: ParseProblem[] = [];
    if (frame.meta.name === undefined) problems.push({ code: 'MISSING_NAME', message: 'folder has no <Name>' });
    if (frame.shortcut.trim() === 'true') problems.push(shortcutProblem());
    this.emit(this.parsed(`FOLDER://${path.slice(1)}`, 'folder', name, frame.parentPath, frame.meta, {}, problems));
    return path;
  }

  private emitItem(frame: ItemFrame): void {
    const folderPath = this.folderPath(frame.folder);
    const problems = [...frame.problems];
    let type = frame.folder.root.defaultType;
    let content: Record<string, unknown> = {};
    let warnings: string[] = [];
    if (frame.bodies.length === 0) problems.push({ code: 'MISSING_BODY', message: 'item has no body (Rule, Action, …)' });
    if (frame.bodies.length > 1) {
      const names = frame.bodies.map((b) => `<${b.name}>`).join(', ');
      problems.push({ code: 'MULTIPLE_BODIES', message: `item has ${frame.bodies.length} bodies (${names}); one expected` });
    }
    if (frame.bodies.length > 0) {
      const body = bodyToContent(frame.bodies[0], frame.bodyProblems);
      ({ type, content, warnings } = body);
      problems.push(...body.problems);
    }
    if (frame.shortcut.trim() === 'true') problems.push(shortcutProblem());
    let name = frame.meta.name;
    if (name === undefined) {
      name = (frame.id ?? '').split('/').pop() ?? '';
      problems.push({ code: 'MISSING_NAME', message: 'item has no <Name>' });
    }
    const sourceId = frame.id ?? `${frame.folder.root.scheme}://${folderPath === '/' ? '' : folderPath.slice(1) + '/'}${name}`;
    const parsed = this.parsed(sourceId, type, name, folderPath, frame.meta, content, problems);
    this.emit(warnings.length > 0 ? { ...parsed, warnings } : parsed);
  }

  private parsed(
    sourceId: string,
    type: string,
    name: string,
    folderPath: string,
    meta: Metadata,
    content: Record<string, unknown>,
    problems: ParseProblem[],
  ): ParsedItem {
    const { description, comments, createdBy, createdAt, lastEditedBy, lastEditedAt } = meta;
    return {
      index: this.index++,
      sourceId,
      type,
      name,
      folderPath,
      description,
      comments,
      createdBy,
      createdAt,
      lastEditedBy,
      lastEditedAt,
      content,
      problems,
    };
  }
}

function shortcutProblem(): ParseProblem {
  return { code: 'UNSUPPORTED_CONTENT', message: 'shortcuts (IsShortcut true) are not supported' };
}
