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
  /** Folders to open (a shared link's selection lies inside them). */
  reveal?: string[];
  label: string;
}

/** Type-ahead: keys typed within this long of each other make one prefix. */
const TYPE_AHEAD_MS = 700;

/** Moves focus to the tree's current row (Escape elsewhere in the view comes back here). */
export function focusTree(): void {
  document.querySelector<HTMLElement>('[role="tree"] [tabindex="0"]')?.focus();
}

/**
 * The navigation tree (WAI-ARIA tree, multi-select): one tab stop (roving tabindex), arrows move,
 * →/← open and close folders, Space toggles, Shift+arrows extend, Ctrl/⌘-click and Shift-click.
 */
export function TreePane({ folders, load, selection, onSelect, reveal, label }: Props) {
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const [focusKey, setFocusKey] = useState<string | null>(null);
  const container = useRef<HTMLUListElement>(null);
  const typed = useRef({ text: '', at: 0 });
  const rows = useMemo(() => visibleRows(folders, expanded), [folders, expanded]);
  const focusable = rows.filter((r) => r.kind !== 'status');
  const order = focusable.filter((r) => r.kind === 'item').map((r) => r.key);
  const focused = focusable.find((r) => r.key === focusKey) ?? focusable[0];

  useEffect(() => {
    for (const key of foldersToLoad(folders, expanded)) load(key);
  }, [folders, expanded, load]);

  useEffect(() => {
    if (reveal?.length) setExpanded((old) => new Set([...old, ...reveal]));
  }, [reveal]);

  // A revealed selection is made the current row and scrolled into view once it is shown.
  const anchorShown = !!selection.anchor && rows.some((r) => r.key === selection.anchor);
  useEffect(() => {
    if (!anchorShown || !reveal?.length) return;
    setFocusKey(selection.anchor);
    container.current?.querySelector<HTMLElement>(`[data-key="${CSS.escape(selection.anchor!)}"]`)?.scrollIntoView({ block: 'nearest' });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [anchorShown, reveal]);

  /** WAI-ARIA type-ahead: the next visible item whose name starts with what was typed. */
  const typeAhead = (key: string, from: number) => {
    const now = Date.now();
    const text = now - typed.current.at > TYPE_AHEAD_MS ? key : typed.current.text + key;
    typed.current = { text, at: now };
    const prefix = text.toLowerCase();
    // The same letter again cycles through the items starting with it.
    const repeated = prefix.length > 1 && [...prefix].every((c) => c === prefix[0]);
    const wanted = repeated ? prefix[0] : prefix;
    const start = repeated || prefix.length === 1 ? from + 1 : from;
    for (let i = 0; i < focusable.length; i++) {
      const row = focusable[(start + i) % focusable.length];
      if (row.kind === 'item' && row.item.name.toLowerCase().startsWith(wanted)) return focusRow(row.key);
    }
  };

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
    // Any other key (an arrow, Enter…) ends what was being typed: the next letter starts afresh.
    if (e.key.length !== 1 || e.key === ' ') typed.current = { text: '', at: 0 };
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
      case 'A':
        if (!(e.ctrlKey || e.metaKey)) typeAhead(e.key, index);
        else onSelect({ ids: new Set(order), anchor: selection.anchor });
        break;
      default:
        if (e.key.length !== 1 || e.ctrlKey || e.metaKey || e.altKey) return;
        typeAhead(e.key, index);
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
