import type { ItemType } from '../../repository/domain/item';
import type { BackupItem } from '../backup-item';
import { actionMapBody, dataStoreBody, sessionBody } from './legacy-xml-bodies';
import { LegacyXmlUnsupportedError, listNames } from './legacy-xml-errors';
import { folderPathOf, planFolders } from './legacy-xml-folders';
import { GML_NS, STUDIO_NS, TYPE_ROOTS, uriOf } from '../../formats/legacy-xml/legacy-xml-format';
import { INDENT, ruleBody } from './legacy-xml-rule-body';
import { TypeRootWriter, metadataXml } from './legacy-xml-tree';
import { escapeAttr } from '../../formats/xml/xml-text';

export { LegacyXmlUnsupportedError } from './legacy-xml-errors';

/**
 * What the legacy XML writer reads. Folders are few and given whole; items stream.
 */
export interface LegacyXmlSource {
  /** Every folder of the backup, parents before children. */
  folders: readonly BackupItem[];
  /** For each folder path (`/` for the root), the types of the non-folder items directly in it. */
  folderTypes: ReadonlyMap<string, readonly ItemType[]>;
  /**
   * The non-folder items of these types, in LEGACY_XML_ITEM_ORDER. Called once per type root
   * present, and once with `['discovery-spec']` before anything is written.
   */
  items(types: readonly ItemType[]): AsyncIterable<BackupItem>;
  /** The type and full path (`/a/b/Name`) of a referenced item id; undefined if unknown. */
  target(id: string): { type: ItemType; path: string } | undefined;
  /** Who and when, for the type roots' own Metadata (which are not items); default unknown. */
  header?: { createdAt: string; createdBy: string };
}

/**
 * Order of `items()`: the items of one folder subtree must be contiguous, so every folder is
 * opened once. Recommended (and what gives 1Integrate's layout, subfolders before items): sort by
 * `legacyXmlOrderKey(folderPath)`, then by name. In SQL, with SQLite's BINARY collation:
 *   ORDER BY replace(CASE folder_path WHEN '/' THEN '' ELSE folder_path END, '/', char(1)) || char(2), name
 * Each `/` becomes U+0001 and the key ends with U+0002, so `/A/B` (…A\x01B\x02) sorts before
 * `/A` (…A\x02), and both before a sibling `/A B` (…A B\x02): names hold no control characters.
 * Any other order keeping subtrees contiguous works (folder siblings then follow the items' order).
 */
export const LEGACY_XML_ITEM_ORDER = 'legacyXmlOrderKey(folderPath), name';

export function legacyXmlOrderKey(folderPath: string): string {
  return (folderPath === '/' ? '' : folderPath).replace(/\//g, '\u0001') + '\u0002';
}

const DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const CHUNK = 16 * 1024;

/**
 * Streams a 1Integrate legacy XML backup (SPEC §4) of the source's folders and items, as string
 * chunks. Memory holds the folder plan and one item at a time. Throws LegacyXmlUnsupportedError
 * before the first chunk when the selection holds discovery specifications.
 */
export async function* writeLegacyXml(source: LegacyXmlSource): AsyncGenerator<string> {
  await refuseDiscoverySpecs(source);
  const plan = planFolders(source.folders, source.folderTypes);
  const header = source.header ?? { createdAt: '', createdBy: '' };
  const refUri = (id: string): string => {
    const target = source.target(id);
    // An unknown reference is written as found (the restore reports it), like rewriteReferences.
    return (target && uriOf(target.type, target.path)) ?? id;
  };

  let buffer = DECLARATION + `<Backup xmlns="${escapeAttr(STUDIO_NS)}" xmlns:gml="${escapeAttr(GML_NS)}">\n`;
  const emit = (xml: string) => {
    buffer += xml;
  };
  for (const root of TYPE_ROOTS) {
    const tree = new TypeRootWriter(root, plan, header, emit);
    for await (const item of source.items(root.types)) {
      if (!root.types.includes(item.type)) continue;
      tree.enter(item.folderPath);
      emit(itemXml(item, tree.itemIndent, refUri));
      if (buffer.length >= CHUNK) {
        yield buffer;
        buffer = '';
      }
    }
    tree.finish();
  }
  yield buffer + '</Backup>\n';
}

/** One `<Item>` element. */
export function itemXml(item: BackupItem, indent: string, refUri: (id: string) => string): string {
  const path = folderPathOf(item);
  const inner = indent + INDENT;
  let body: string;
  switch (item.type) {
    case 'rule':
    case 'action':
    case 'rule-template':
    case 'action-template':
      body = ruleBody(item.type, item.content.rootTerm, inner, refUri, path);
      break;
    case 'action-map':
      body = actionMapBody(item.content, inner, refUri);
      break;
    case 'datastore':
      body = dataStoreBody(item.content, inner);
      break;
    case 'session':
      body = sessionBody(item.content, inner, refUri);
      break;
    default:
      throw new LegacyXmlUnsupportedError(`legacy XML has no form for ${item.type} "${path}"`, [path]);
  }
  return `${indent}<Item id="${escapeAttr(uriOf(item.type, path) as string)}">\n` + metadataXml(inner, item) + body + `${indent}</Item>\n`;
}

async function refuseDiscoverySpecs(source: LegacyXmlSource): Promise<void> {
  const names: string[] = [];
  let total = 0;
  for await (const spec of source.items(['discovery-spec'])) {
    if (spec.type !== 'discovery-spec') continue;
    if (names.length < 100) names.push(folderPathOf(spec));
    total++;
  }
  if (total > 0) {
    throw new LegacyXmlUnsupportedError(
      `legacy XML cannot hold discovery specifications; the backup would contain ${total}: ${listNames(names, total)}`,
      names,
    );
  }
}
