/**
 * Test helpers for the legacy XML writer: a normalising comparison of two XML documents (saxes
 * into a small tree) and a LegacyXmlSource built from parsed items, the way the backup service
 * builds one from the read model.
 */
import { SaxesParser } from 'saxes';
import { ItemType, isItemType, rewriteReferences } from '../../repository/domain/item';
import type { ParsedItem } from '../../../workers/parsing/parsed-item';
import type { BackupItem } from '../backup-item';
import { folderPathOf } from './legacy-xml-folders';
import { LegacyXmlSource, legacyXmlOrderKey } from './legacy-xml.writer';

export interface XNode {
  name: string;
  attrs: Record<string, string>;
  children: XNode[];
  text: string;
}

/** Parses XML into a tree; whitespace-only text between elements is dropped. Throws if ill-formed. */
export function xmlTree(xml: string): XNode {
  const parser = new SaxesParser({ xmlns: true });
  const top: XNode = { name: '#document', attrs: {}, children: [], text: '' };
  const stack = [top];
  parser.on('opentag', (tag) => {
    const node: XNode = { name: tag.name, attrs: Object.fromEntries(Object.values(tag.attributes).map((a) => [a.name, a.value])), children: [], text: '' };
    stack[stack.length - 1].children.push(node);
    stack.push(node);
  });
  parser.on('text', (t) => (stack[stack.length - 1].text += t));
  parser.on('closetag', () => {
    const node = stack.pop()!;
    if (node.children.length > 0 && node.text.trim() === '') node.text = '';
  });
  parser.write(xml).close();
  return top.children[0];
}

const FOLDER = /Folder$/;

/**
 * What "equivalent" means for two legacy XML backups (SPEC §4 fidelity rule):
 * - the type roots' own Created/LastEdited are not compared (they are not items);
 * - an empty Description or Comments is the same as none;
 * - the order of the folders and items inside a folder does not matter (1Integrate's is not
 *   sorted either), the order of everything else (metadata, bodies, rule trees) does;
 * - secrets and upload paths are gone: the text of a `param` whose datatype is password or upload
 *   is not compared;
 * - a folder 1Integrate keeps in several type trees is one folder in Strata (SPEC §3: one tree),
 *   with the metadata of its first occurrence: each later occurrence is compared as the first.
 */
export function normaliseBackup(backup: XNode): XNode {
  const first = new Map<string, XNode>();
  return { ...backup, children: backup.children.map((root) => normaliseFolder(root, true, '', first)) };
}

function normaliseFolder(folder: XNode, typeRoot: boolean, path: string, first: Map<string, XNode>): XNode {
  const head: XNode[] = [];
  const rest: XNode[] = [];
  for (const child of folder.children) {
    if (child.name === 'Metadata') head.push(normaliseMetadata(child, typeRoot));
    else if (child.name === 'IsShortcut') head.push(child);
    else if (FOLDER.test(child.name)) rest.push(normaliseFolder(child, false, `${path}/${nameOf(child)}`, first));
    else if (child.name === 'Item')
      rest.push({ ...child, children: child.children.map((c) => (c.name === 'Metadata' ? normaliseMetadata(c, false) : withoutSecrets(c))) });
    else rest.push(child);
  }
  if (!typeRoot) {
    const metadata = head.findIndex((c) => c.name === 'Metadata');
    if (metadata >= 0) head[metadata] = first.get(path) ?? first.set(path, head[metadata]).get(path)!;
  }
  rest.sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));
  return { ...folder, children: [...head, ...rest] };
}

function nameOf(folder: XNode): string {
  return folder.children.find((c) => c.name === 'Metadata')?.children.find((c) => c.name === 'Name')?.text ?? '';
}

/** A body with the text of password and upload params left out. */
function withoutSecrets(node: XNode): XNode {
  const datatype = node.attrs.datatype?.toLowerCase();
  const text = node.name === 'param' && (datatype === 'password' || datatype === 'upload') ? '' : node.text;
  return { ...node, text, children: node.children.map(withoutSecrets) };
}

function normaliseMetadata(metadata: XNode, typeRoot: boolean): XNode {
  const keep = metadata.children.filter(
    (c) => !(typeRoot && (c.name === 'Created' || c.name === 'LastEdited')) && !((c.name === 'Description' || c.name === 'Comments') && c.text === ''),
  );
  return { ...metadata, children: keep };
}

function sortKey(node: XNode): string {
  const name = node.children.find((c) => c.name === 'Metadata')?.children.find((c) => c.name === 'Name')?.text ?? '';
  return `${node.name}\u0000${node.attrs.id ?? name}`;
}

export async function collect(chunks: AsyncIterable<string>): Promise<string> {
  let out = '';
  for await (const chunk of chunks) out += chunk;
  return out;
}

export async function readAllItems(items: AsyncIterable<ParsedItem>): Promise<ParsedItem[]> {
  const out: ParsedItem[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/**
 * Parsed items → backup items with fresh ids (`id-<index>`), references rewritten from the
 * file's URIs to those ids (as a restore does), served in LEGACY_XML_ITEM_ORDER.
 */
export function sourceFromParsed(parsed: ParsedItem[]): { source: LegacyXmlSource; items: BackupItem[] } {
  const idOf = new Map(parsed.map((p) => [p.sourceId, `id-${p.index}`]));
  const items: BackupItem[] = parsed.map((p) => {
    if (!isItemType(p.type)) throw new Error(`unknown type ${p.type}`);
    const { index, sourceId, problems, ...rest } = p;
    return { ...rest, type: p.type, id: idOf.get(p.sourceId)!, content: rewriteReferences(p.type, p.content, (uri) => idOf.get(uri) ?? uri) };
  });
  return { source: sourceOf(items), items };
}

/** A LegacyXmlSource over backup items held in memory. */
export function sourceOf(items: BackupItem[], header?: LegacyXmlSource['header']): LegacyXmlSource {
  const folders = items.filter((i) => i.type === 'folder');
  const folderTypes = new Map<string, ItemType[]>();
  for (const i of items) {
    if (i.type === 'folder') continue;
    const types = folderTypes.get(i.folderPath) ?? [];
    if (!types.includes(i.type)) types.push(i.type);
    folderTypes.set(i.folderPath, types);
  }
  const byId = new Map(items.map((i) => [i.id, i]));
  const key = (i: BackupItem) => legacyXmlOrderKey(i.folderPath) + '\u0000' + i.name;
  return {
    folders,
    folderTypes,
    header,
    async *items(types) {
      const chosen = items.filter((i) => types.includes(i.type));
      yield* chosen.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
    },
    target(id) {
      const item = byId.get(id);
      return item && { type: item.type, path: folderPathOf(item) };
    },
  };
}
