import type Database from 'better-sqlite3';
import { liveAt } from '../../read-model/live-at';

/**
 * Folder paths, computed from the live folders with a recursive query. A `cache()` lives for
 * one request, so listing many items of the same folders asks once per folder.
 */
export class FolderPaths {
  constructor(private readonly db: Database.Database) {}

  /** `/A/B` for a folder id, `/` for the root (null), as of `at` (default: now). */
  folderPath(folderId: string | null, at?: bigint): string {
    if (folderId === null) return '/';
    const names = this.db
      .prepare(
        `WITH RECURSIVE up(id, name, parent, depth) AS (
           SELECT item_id, name, folder_id, 0 FROM item_versions WHERE item_id = ? AND ${liveAt(at)} AND type = 'folder'
           UNION ALL
           SELECT v.item_id, v.name, v.folder_id, up.depth + 1
             FROM item_versions v JOIN up ON v.item_id = up.parent
            WHERE ${liveAt(at, 'v')} AND up.depth < 1000
         ) SELECT name FROM up ORDER BY depth DESC`,
      )
      .all(folderId) as { name: string }[];
    return '/' + names.map((r) => r.name).join('/');
  }

  cache(at?: bigint): PathCache {
    const known = new Map<string | null, string>();
    const folderPath = (folderId: string | null) => {
      let path = known.get(folderId);
      if (path === undefined) {
        path = this.folderPath(folderId, at);
        known.set(folderId, path);
      }
      return path;
    };
    return {
      folderPath,
      pathOf: (folderId, name) => joinPath(folderPath(folderId), name),
    };
  }
}

export interface PathCache {
  folderPath(folderId: string | null): string;
  pathOf(folderId: string | null, name: string): string;
}

export function joinPath(folderPath: string, name: string): string {
  return folderPath === '/' ? `/${name}` : `${folderPath}/${name}`;
}
