import { KeyboardEvent, MouseEvent, useEffect, useMemo, useRef, useState } from 'react';
import type { Item } from '../api/types';
import { FolderState, ROOT } from './useFolders';
import { Row, clickSelection, foldersToLoad, visibleRows } from './rows';
import { TreeRow } from './TreeRow';

export interface Selection {
  ids: Set<string>;
  anchor: string | null;
}

interface Props {
  folders: Map<string, FolderState>;
  load: (key: string, more?: boolean) => void;
  selection: Selection;
  onSelect: (selection: Selection) => void;
  label: string;
}

/**
 * The navigation tree (WAI-ARIA tree, multi-select): one tab stop (roving tabindex), arrows move,
 * →/← open and close folders, Space toggles, Shift+arrows extend, Ctrl/⌘-click and Shift-click.
 */
export function TreePane({ folders, load, selection, onSelect, label }: Props) {
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const [focusKey, setFocusKey] = useState<string | null>(null);
  const container = useRef<HTMLUListElement>(null);
  const rows = useMemo(() => visibleRows(folders, expanded), [folders, expanded]);
  const focusable = rows.filter((r) => r.kind !== 'status');
  const order = focusable.filter((r) => r.kind === 'item').map((r) => r.key);
  const focused = focusable.find((r) => r.key === focusKey) ?? focusable[0];

  useEffect(() => {
    for (const key of foldersToLoad(folders, expanded)) load(key);
  }, [folders, expanded, load]);

  const focusRow = (key: string) => {
    setFocusKey(key);
    container.current?.querySelector<HTMLElement>(`[data-key="${CSS.escape(key)}"]`)?.focus();
  };

  const toggle = (id: string, open?: boolean) =>
    setExpanded((old) => {
      const next = new Set(old);
      if (open ?? !next.has(id)) next.add(id);
      else next.delete(id);
      return next;
    });

  const select = (row: Row, mods: { ctrl: boolean; shift: boolean }) => {
    if (row.kind === 'more') return load(row.folderKey, true);
    if (row.kind !== 'item') return;
    const next = clickSelection(selection.ids, selection.anchor, row.key, order, mods);
    onSelect({ ids: next.selected, anchor: next.anchor });
  };

  function onClick(row: Row, e: MouseEvent) {
    setFocusKey(row.key);
    select(row, { ctrl: e.ctrlKey || e.metaKey, shift: e.shiftKey });
  }

  function onKeyDown(e: KeyboardEvent) {
    if (!focused) return;
    const index = focusable.indexOf(focused);
    const move = (to: number) => {
      const target = focusable[Math.max(0, Math.min(focusable.length - 1, to))];
      focusRow(target.key);
      if (e.shiftKey && target.kind === 'item') select(target, { ctrl: false, shift: true });
    };
    const isFolder = focused.kind === 'item' && focused.item.type === 'folder';
    switch (e.key) {
      case 'ArrowDown':
        move(index + 1);
        break;
      case 'ArrowUp':
        move(index - 1);
        break;
      case 'Home':
        move(0);
        break;
      case 'End':
        move(focusable.length - 1);
        break;
      case 'ArrowRight':
        if (isFolder && !expanded.has(focused.key)) toggle(focused.key, true);
        else if (isFolder) move(index + 1);
        break;
      case 'ArrowLeft':
        if (isFolder && expanded.has(focused.key)) toggle(focused.key, false);
        else if ('parentKey' in focused && focused.parentKey !== ROOT) focusRow(focused.parentKey);
        break;
      case ' ':
        select(focused, { ctrl: true, shift: e.shiftKey });
        break;
      case 'Enter':
        if (isFolder && focused.kind === 'item' && selection.ids.has(focused.key) && selection.ids.size === 1) toggle(focused.key);
        select(focused, { ctrl: e.ctrlKey || e.metaKey, shift: e.shiftKey });
        break;
      case 'a':
        if (!(e.ctrlKey || e.metaKey)) return;
        onSelect({ ids: new Set(order), anchor: selection.anchor });
        break;
      default:
        return;
    }
    e.preventDefault();
  }

  return (
    <ul ref={container} role="tree" aria-label={label} aria-multiselectable="true" className="tree" onKeyDown={onKeyDown}>
      {rows.map((row) => (
        <TreeRow
          key={row.key}
          row={row}
          tabbable={row.key === focused?.key}
          selected={row.kind === 'item' && selection.ids.has(row.key)}
          onClick={(e) => onClick(row, e)}
          onToggle={() => row.kind === 'item' && toggle(row.key)}
          onFocus={() => row.kind !== 'status' && setFocusKey(row.key)}
        />
      ))}
    </ul>
  );
}

export const selectedItems = (folders: Map<string, FolderState>, ids: ReadonlySet<string>): Item[] => {
  const found = new Map<string, Item>();
  for (const folder of folders.values()) for (const item of folder.items) if (ids.has(item.id)) found.set(item.id, item);
  return [...found.values()];
};
