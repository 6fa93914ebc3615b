import type Database from 'better-sqlite3';
import { nameProblem } from '../../repository/domain/item';
import type { RepositoryLookup } from './repository-lookup';

export type ResolvedFolder = { failed: null; id: string | null; isNew: boolean; seq: number | null } | { failed: string };

interface FolderRow {
  id: string | null;
  is_new: number;
  seq: number | null;
  failed: string | null;
}

/**
 * Target folders by path: an existing folder of that path is reused, a missing one is created
 * (SPEC §5). Decisions live in the scratch `folders` table, so every item of a path gets the same.
 */
export class FolderResolver {
  private readonly get;
  private readonly put;

  constructor(
    db: Database.Database,
    private readonly repo: RepositoryLookup,
    private readonly newId: () => string,
  ) {
    this.get = db.prepare('SELECT id, is_new, seq, failed FROM folders WHERE path = ?');
    this.put = db.prepare('INSERT OR REPLACE INTO folders (path, id, is_new, seq, failed) VALUES (?, ?, ?, ?, ?)');
  }

  resolve(path: string): ResolvedFolder {
    if (path === '/') return { failed: null, id: null, isNew: false, seq: null };
    if (!path.startsWith('/') || path.endsWith('/')) return { failed: `folder path "${path}" is not valid` };
    const known = this.get.get(path) as FolderRow | undefined;
    if (known) return toResolved(known);
    const cut = path.lastIndexOf('/');
    const parent = this.resolve(cut === 0 ? '/' : path.slice(0, cut));
    const name = path.slice(cut + 1);
    let row: FolderRow;
    if (parent.failed !== null) row = { id: null, is_new: 0, seq: null, failed: parent.failed };
    else if (nameProblem(name)) row = { id: null, is_new: 0, seq: null, failed: `folder "${path}": ${nameProblem(name)}` };
    else {
      const existing = parent.isNew ? undefined : this.repo.folderChild(parent.id, name);
      row = existing ? { id: existing, is_new: 0, seq: null, failed: null } : { id: this.newId(), is_new: 1, seq: null, failed: null };
    }
    this.put.run(path, row.id, row.is_new, row.seq, row.failed);
    return toResolved(row);
  }

  /** A folder item of the file at `path`: reuses or creates it, and remembers its metadata's seq. */
  claim(path: string, seq: number): ResolvedFolder {
    const folder = this.resolve(path);
    if (folder.failed === null && folder.isNew && folder.seq === null) {
      this.put.run(path, folder.id, 1, seq, null);
      return { ...folder, seq };
    }
    return folder;
  }

  /** Marks a folder of the file as failed, so everything inside it fails too. */
  fail(path: string, reason: string): void {
    this.put.run(path, null, 0, null, reason);
  }
}

function toResolved(row: FolderRow): ResolvedFolder {
  return row.failed !== null ? { failed: row.failed } : { failed: null, id: row.id, isNew: row.is_new === 1, seq: row.seq };
}
