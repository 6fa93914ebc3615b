import type { Item } from '../api/types';
import { FolderState, ROOT } from './useFolders';

/** One visible line of the tree: an item, a "load more" line, or a status line of a folder. */
export type Row =
  | { kind: 'item'; key: string; item: Item; level: number; parentKey: string; expanded: boolean }
  | { kind: 'more'; key: string; folderKey: string; level: number; parentKey: string; shown: number }
  | { kind: 'status'; key: string; folderKey: string; level: number; text: string; error?: boolean };

/** The visible rows, depth first, of the loaded and expanded folders. */
export function visibleRows(folders: Map<string, FolderState>, expanded: ReadonlySet<string>): Row[] {
  const rows: Row[] = [];
  const visit = (folderKey: string, level: number) => {
    const folder = folders.get(folderKey);
    if (!folder) {
      rows.push({ kind: 'status', key: `${folderKey}:loading`, folderKey, level, text: 'Loading…' });
      return;
    }
    for (const item of folder.items) {
      const open = item.type === 'folder' && expanded.has(item.id);
      rows.push({ kind: 'item', key: item.id, item, level, parentKey: folderKey, expanded: open });
      if (open) visit(item.id, level + 1);
    }
    if (folder.error) rows.push({ kind: 'status', key: `${folderKey}:error`, folderKey, level, text: folder.error, error: true });
    else if (folder.loading) rows.push({ kind: 'status', key: `${folderKey}:loading`, folderKey, level, text: 'Loading…' });
    else if (folder.nextCursor) rows.push({ kind: 'more', key: `${folderKey}:more`, folderKey, level, parentKey: folderKey, shown: folder.items.length });
    else if (folder.items.length === 0)
      rows.push({ kind: 'status', key: `${folderKey}:empty`, folderKey, level, text: folderKey === ROOT ? 'The repository is empty.' : 'Empty folder' });
  };
  visit(ROOT, 1);
  return rows;
}

/** Folders that are expanded and visible but not loaded yet. */
export function foldersToLoad(folders: Map<string, FolderState>, expanded: ReadonlySet<string>): string[] {
  const missing: string[] = [];
  const visit = (key: string) => {
    const folder = folders.get(key);
    if (!folder) return missing.push(key);
    for (const item of folder.items) if (item.type === 'folder' && expanded.has(item.id)) visit(item.id);
  };
  visit(ROOT);
  return missing;
}

/** Selection after a click: plain replaces, Ctrl/⌘ toggles, Shift takes the range from the anchor. */
export function clickSelection(
  selected: ReadonlySet<string>,
  anchor: string | null,
  id: string,
  order: string[],
  mods: { ctrl: boolean; shift: boolean },
): { selected: Set<string>; anchor: string } {
  if (mods.shift && anchor && order.includes(anchor)) {
    const [a, b] = [order.indexOf(anchor), order.indexOf(id)].sort((x, y) => x - y);
    const range = order.slice(a, b + 1);
    return { selected: new Set(mods.ctrl ? [...selected, ...range] : range), anchor };
  }
  if (mods.ctrl) {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    return { selected: next, anchor: id };
  }
  return { selected: new Set([id]), anchor: id };
}
