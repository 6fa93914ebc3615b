import type { ItemType } from '../../repository/domain/item';
import type { BackupItem } from '../backup-item';
import { EMPTY_FOLDER_ROOT, TypeRoot } from '../../formats/legacy-xml/legacy-xml-format';

/**
 * Strata has one folder tree; legacy XML has one per type root. A folder is written under every
 * type root whose types occur in its subtree (so `/Standard` can appear under both RuleFolder and
 * ActionFolder, as in 1Integrate), and a folder whose subtree holds no item at all is written
 * under RuleFolder only (EMPTY_FOLDER_ROOT), its ancestors with it. Folders are few: the whole
 * plan is in memory.
 */
export interface FolderNode {
  item: BackupItem;
  /** Full path of the folder itself, e.g. `/Standard/Checks`. */
  path: string;
  children: FolderNode[];
  /** Types of the non-folder items anywhere below this folder. */
  subtreeTypes: Set<ItemType>;
  /** Whether this folder, or one below it, holds no item at all (and so is written under EMPTY_FOLDER_ROOT). */
  holdsEmptyFolder: boolean;
}

export interface FolderPlan {
  byPath: Map<string, FolderNode>;
  /** Folders directly at the root (`folderPath` `/`). */
  top: FolderNode[];
}

export function folderPathOf(item: Pick<BackupItem, 'folderPath' | 'name'>): string {
  return item.folderPath === '/' ? `/${item.name}` : `${item.folderPath}/${item.name}`;
}

/**
 * @param folders every folder of the backup, parents before children
 * @param folderTypes for each folder path, the types of the non-folder items directly in it
 */
export function planFolders(folders: readonly BackupItem[], folderTypes: ReadonlyMap<string, readonly ItemType[]>): FolderPlan {
  const byPath = new Map<string, FolderNode>();
  const top: FolderNode[] = [];
  for (const item of folders) {
    const node: FolderNode = { item, path: folderPathOf(item), children: [], subtreeTypes: new Set(), holdsEmptyFolder: false };
    byPath.set(node.path, node);
    const parent = byPath.get(item.folderPath);
    if (item.folderPath === '/') top.push(node);
    else if (parent) parent.children.push(node);
    else throw new Error(`folder "${node.path}" comes before its parent (folders must be parents-first)`);
  }
  for (const [path, types] of folderTypes) {
    // Add the folder's own types to it and every ancestor.
    for (let p = path; p !== '/' && p !== ''; p = p.slice(0, p.lastIndexOf('/')) || '/') {
      const node = byPath.get(p);
      for (const t of types) if (t !== 'folder') node?.subtreeTypes.add(t);
    }
  }
  for (const node of byPath.values()) {
    if (node.subtreeTypes.size > 0) continue;
    for (let p = node.path; p !== '/' && p !== ''; p = p.slice(0, p.lastIndexOf('/')) || '/') {
      const ancestor = byPath.get(p);
      if (!ancestor || ancestor.holdsEmptyFolder) break;
      ancestor.holdsEmptyFolder = true;
    }
  }
  const byName = (a: FolderNode, b: FolderNode) => (a.item.name < b.item.name ? -1 : a.item.name > b.item.name ? 1 : 0);
  top.sort(byName);
  for (const node of byPath.values()) node.children.sort(byName);
  return { byPath, top };
}

/** Whether `folder` is written under `root`. */
export function belongsTo(folder: FolderNode, root: TypeRoot): boolean {
  if (folder.holdsEmptyFolder && root.element === EMPTY_FOLDER_ROOT) return true;
  return root.types.some((t) => folder.subtreeTypes.has(t));
}
