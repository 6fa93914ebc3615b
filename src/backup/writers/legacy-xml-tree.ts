import type { ItemMetadata } from '../../repository/domain/item';
import { FolderNode, FolderPlan, belongsTo } from './legacy-xml-folders';
import { TypeRoot } from '../../formats/legacy-xml/legacy-xml-format';
import { INDENT } from './legacy-xml-rule-body';
import { attrs, textElement } from '../../formats/xml/xml-text';

/**
 * `<Metadata>` as 1Integrate writes it: Name, Description and Comments (when not empty),
 * Created and LastEdited as `<UserDate date user/>` (attributes left out when empty, so an
 * unknown date is `<UserDate/>` as in the exports), then `<IsShortcut>false</IsShortcut>`.
 */
export function metadataXml(indent: string, m: ItemMetadata): string {
  const inner = indent + INDENT;
  let out = `${indent}<Metadata>\n` + textElement(inner, 'Name', m.name);
  if (m.description) out += textElement(inner, 'Description', m.description);
  if (m.comments) out += textElement(inner, 'Comments', m.comments);
  for (const [element, user, date] of [
    ['Created', m.createdBy, m.createdAt],
    ['LastEdited', m.lastEditedBy, m.lastEditedAt],
  ]) {
    const pairs: [string, string][] = [];
    if (date) pairs.push(['date', date]);
    if (user) pairs.push(['user', user]);
    out += `${inner}<${element}>\n${inner}${INDENT}<UserDate${attrs(pairs)}/>\n${inner}</${element}>\n`;
  }
  return out + `${indent}</Metadata>\n${indent}<IsShortcut>false</IsShortcut>\n`;
}

/**
 * Folders nested deeper than this are written at this indentation, so a file grows with the
 * folders' depth, not with its square (100 nested folders would otherwise indent their last
 * lines by 400 spaces each).
 */
const MAX_INDENT_LEVEL = 16;

export function indentAt(level: number): string {
  return INDENT.repeat(Math.min(level, MAX_INDENT_LEVEL));
}

/**
 * Writes one type root and its folders while items stream in. Items must come grouped so that
 * the items of every folder's subtree are contiguous (see LEGACY_XML_ITEM_ORDER): `enter(path)`
 * closes the folders that are not ancestors of `path` and opens the missing ones; a folder that
 * was already closed cannot be reopened (that is an ordering error). Planned folders that no item
 * opened (e.g. empty folders) are written when their parent closes.
 */
export class TypeRootWriter {
  private readonly open: FolderNode[] = [];
  private readonly written = new Set<string>();
  private rootOpen = false;

  constructor(
    private readonly root: TypeRoot,
    private readonly plan: FolderPlan,
    private readonly header: { createdAt: string; createdBy: string },
    private readonly emit: (xml: string) => void,
  ) {}

  /** Indentation for an item in the innermost open folder. */
  get itemIndent(): string {
    return indentAt(this.open.length + 2);
  }

  enter(folderPath: string): void {
    this.openRoot();
    const chain: FolderNode[] = [];
    for (let p = folderPath; p !== '/'; p = p.slice(0, p.lastIndexOf('/')) || '/') {
      const node = this.plan.byPath.get(p);
      if (!node) throw new Error(`legacy XML writer: item in folder "${folderPath}", which is not among the backup's folders`);
      chain.unshift(node);
    }
    let keep = 0;
    while (keep < this.open.length && keep < chain.length && this.open[keep] === chain[keep]) keep++;
    while (this.open.length > keep) this.closeFolder();
    for (const node of chain.slice(keep)) {
      if (this.written.has(node.path)) {
        throw new Error(`legacy XML writer: items of folder "${node.path}" are not contiguous (see LEGACY_XML_ITEM_ORDER)`);
      }
      this.openFolder(node);
    }
  }

  /** Closes everything; writes the type root even without items when it has planned folders. */
  finish(): void {
    if (!this.rootOpen && this.plan.top.some((f) => belongsTo(f, this.root))) this.openRoot();
    if (!this.rootOpen) return;
    while (this.open.length > 0) this.closeFolder();
    this.flushChildren(this.plan.top, 2);
    this.emit(`${INDENT}</${this.root.element}>\n`);
  }

  private openRoot(): void {
    if (this.rootOpen) return;
    this.rootOpen = true;
    const { createdAt, createdBy } = this.header;
    this.emit(
      `${INDENT}<${this.root.element}>\n` +
        metadataXml(INDENT + INDENT, {
          name: this.root.scheme,
          description: '',
          comments: '',
          createdBy,
          createdAt,
          lastEditedBy: createdBy,
          lastEditedAt: createdAt,
        }),
    );
  }

  private openFolder(node: FolderNode): void {
    const indent = indentAt(this.open.length + 2);
    this.written.add(node.path);
    this.open.push(node);
    this.emit(`${indent}<${this.root.element}>\n` + metadataXml(indent + INDENT, node.item));
  }

  private closeFolder(): void {
    const node = this.open[this.open.length - 1];
    this.flushChildren(node.children, this.open.length + 2);
    const indent = indentAt(this.open.length + 1);
    this.open.pop();
    this.emit(`${indent}</${this.root.element}>\n`);
  }

  /** Writes the planned folders among `nodes` that no item opened, with their planned subtrees, at nesting `level`. */
  private flushChildren(nodes: FolderNode[], level: number): void {
    const indent = indentAt(level);
    for (const node of nodes) {
      if (this.written.has(node.path) || !belongsTo(node, this.root)) continue;
      this.written.add(node.path);
      this.emit(`${indent}<${this.root.element}>\n` + metadataXml(indent + INDENT, node.item));
      this.flushChildren(node.children, level + 1);
      this.emit(`${indent}</${this.root.element}>\n`);
    }
  }
}
