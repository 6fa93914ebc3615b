import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage, get } from '../api/client';
import type { Item, Page } from '../api/types';
import { TYPE_ORDER } from './icons';

export const ROOT = 'root';
export const PAGE_SIZE = 100;

export interface FolderState {
  items: Item[];
  nextCursor: string | null;
  loading: boolean;
  error?: string;
}

/**
 * Folder contents, loaded lazily a page at a time (GET /api/items?folderId=…), as of a moment.
 * Everything is dropped when the moment or the refresh generation changes.
 */
export function useFolders(asOf: string | undefined, generation: number) {
  const current = useRef(new Map<string, FolderState>());
  const [folders, setFolders] = useState(current.current);
  const epoch = useRef(0);

  const set = (key: string, state: FolderState) => {
    current.current = new Map(current.current).set(key, state);
    setFolders(current.current);
  };

  useEffect(() => {
    epoch.current++;
    current.current = new Map();
    setFolders(current.current);
  }, [asOf, generation]);

  const load = useCallback(
    async (key: string, more = false) => {
      const prev = current.current.get(key);
      if (prev?.loading) return;
      const mine = epoch.current;
      const cursor = more ? prev?.nextCursor : undefined;
      set(key, { items: prev?.items ?? [], nextCursor: prev?.nextCursor ?? null, loading: true });
      try {
        const page = await get<Page<Item>>('/api/items', { folderId: key, limit: PAGE_SIZE, cursor, asOf });
        if (mine !== epoch.current) return;
        // Each page is sorted on its own and appended: "Load more" adds below, it never reshuffles.
        const items = [...(more ? (prev?.items ?? []) : []), ...sortItems(page.items)];
        set(key, { items, nextCursor: page.nextCursor, loading: false });
      } catch (error) {
        if (mine !== epoch.current) return;
        set(key, { items: prev?.items ?? [], nextCursor: prev?.nextCursor ?? null, loading: false, error: errorMessage(error) });
      }
    },
    [asOf],
  );

  return { folders, load };
}

/** Folders first, then by type, then by name (the API pages by name). */
export function sortItems(items: Item[]): Item[] {
  return items.sort((a, b) => TYPE_ORDER.indexOf(a.type) - TYPE_ORDER.indexOf(b.type) || a.name.localeCompare(b.name, undefined, { numeric: true }));
}
