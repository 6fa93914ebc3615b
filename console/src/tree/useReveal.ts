import { useEffect, useRef, useState } from 'react';
import { get } from '../api/client';
import type { Item } from '../api/types';

/**
 * The folders to open so that the items a shared link selects are shown in the tree: each item's
 * ancestors, found by walking `folderId` up (as of the moment shown). Only the selection the view
 * started with is revealed; later clicks are in open folders already.
 */
export function useReveal(ids: ReadonlySet<string>, asOf: string | undefined): string[] {
  const [folders, setFolders] = useState<string[]>([]);
  const initial = useRef([...ids]);
  useEffect(() => {
    let live = true;
    const chain = async (id: string): Promise<string[]> => {
      const found: string[] = [];
      let item = await get<Item>(`/api/items/${id}`, { asOf });
      // Folders nest at most 100 deep (SPEC §3): the walk ends.
      for (let depth = 0; item.folderId && depth <= 100; depth++) {
        found.unshift(item.folderId);
        item = await get<Item>(`/api/items/${item.folderId}`, { asOf });
      }
      return found;
    };
    Promise.all(initial.current.map((id) => chain(id).catch(() => [] as string[]))).then((lists) => live && setFolders([...new Set(lists.flat())]));
    return () => {
      live = false;
    };
  }, [asOf]);
  return folders;
}
