import type Database from 'better-sqlite3';
import type { ParsedItem } from '../../../workers/parsing/parsed-item';
import { ItemType, referencesOf } from '../../repository/domain/item';
import { joinPath } from '../../repository/queries/folder-paths';
import { contentHash } from '../../read-model/item-projection';
import { itemProblem } from '../plan/item-checks';
import type { RestoreScratch } from '../plan/restore-scratch';
import { yieldToEventLoop } from '../../common/yield';

const PAGE = 1000;
const MAX_PROBLEMS = 20;

export interface RepositoryCounts {
  created: number;
  replaced: number;
  deleted: number;
  unchanged: number;
}

/**
 * The compensating batch of a full restore, computed in SQL (DESIGN invariant 6): the backup's
 * items go into a table of ids and content hashes beside the read model (attached read-only), and
 * set differences give what to delete, replace and create. Memory holds a page, never the
 * repository or the file.
 */
export class RepositoryDiff {
  private readonly db: Database.Database;

  constructor(scratch: RestoreScratch, viewFile: string) {
    this.db = scratch.db;
    // Read only by use: nothing here writes to the read model.
    this.db.prepare('ATTACH DATABASE ? AS view').run(viewFile);
    this.db.exec(`
      CREATE TABLE backup_folders (path TEXT PRIMARY KEY, id TEXT NOT NULL);
      CREATE TABLE incoming (
        seq INTEGER PRIMARY KEY, id TEXT NOT NULL, type TEXT NOT NULL, folder_id TEXT, name TEXT NOT NULL,
        hash TEXT NOT NULL, problem TEXT);
      CREATE INDEX incoming_id ON incoming (id);
      CREATE TABLE incoming_refs (seq INTEGER NOT NULL, target TEXT NOT NULL);
    `);
  }

  /** Reads the parsed backup into `incoming`; returns what makes it unusable (empty: usable). */
  async prepare(): Promise<string[]> {
    this.indexFolders();
    let after = 0;
    const page = this.db.prepare('SELECT seq, body FROM parsed WHERE seq > ? ORDER BY seq LIMIT ?');
    const folderId = this.db.prepare('SELECT id FROM backup_folders WHERE path = ?');
    const insert = this.db.prepare('INSERT INTO incoming (seq, id, type, folder_id, name, hash, problem) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const ref = this.db.prepare('INSERT INTO incoming_refs (seq, target) VALUES (?, ?)');
    for (;;) {
      const rows = this.db.transaction(() => {
        const batch = page.all(after, PAGE) as { seq: number; body: string }[];
        for (const { seq, body } of batch) {
          const item = JSON.parse(body) as ParsedItem;
          const folder = item.folderPath === '/' ? { id: null } : (folderId.get(item.folderPath) as { id: string } | undefined);
          const problem = itemProblem(item) ?? (folder ? null : `its folder ${item.folderPath} is not in the backup`);
          const type = item.type as ItemType;
          const hash = problem ? '' : contentHash(toVersion(item, folder?.id ?? null));
          insert.run(seq, item.sourceId, String(item.type), folder?.id ?? null, String(item.name), hash, problem);
          if (!problem) for (const r of referencesOf(type, item.content)) ref.run(seq, r.targetId);
        }
        return batch;
      })();
      if (rows.length === 0) break;
      after = rows[rows.length - 1].seq;
      await yieldToEventLoop();
    }
    return this.problems();
  }

  private indexFolders(): void {
    const folders = this.db
      .prepare("SELECT source_id, folder_path, name FROM parsed WHERE type = 'folder' ORDER BY seq")
      .all() as { source_id: string; folder_path: string; name: string }[];
    const insert = this.db.prepare('INSERT OR IGNORE INTO backup_folders (path, id) VALUES (?, ?)');
    this.db.transaction(() => folders.forEach((f) => insert.run(joinPath(f.folder_path, f.name), f.source_id)))();
  }

  private problems(): string[] {
    const q = (sql: string) => (this.db.prepare(sql).all(MAX_PROBLEMS) as { p: string }[]).map((r) => r.p);
    return [
      ...q(`SELECT p.folder_path || ' ' || p.name || ': ' || i.problem AS p FROM incoming i JOIN parsed p USING (seq)
             WHERE i.problem IS NOT NULL LIMIT ?`),
      ...q(`SELECT 'id ' || id || ' appears ' || COUNT(*) || ' times' AS p FROM incoming GROUP BY id HAVING COUNT(*) > 1 LIMIT ?`),
      ...q(`SELECT '"' || name || '" (' || type || ') appears ' || COUNT(*) || ' times in one folder' AS p FROM incoming
             GROUP BY folder_id, type, name HAVING COUNT(*) > 1 LIMIT ?`),
      ...q(`SELECT p.name || ' references ' || r.target || ', which is not in the backup' AS p FROM incoming_refs r
             JOIN parsed p ON p.seq = r.seq WHERE NOT EXISTS (SELECT 1 FROM incoming i WHERE i.id = r.target) LIMIT ?`),
    ].slice(0, MAX_PROBLEMS);
  }

  counts(): RepositoryCounts {
    const one = (sql: string) => Number((this.db.prepare(sql).get() as { n: number }).n);
    return {
      deleted: one(`SELECT COUNT(*) AS n FROM view.item_versions v WHERE v.to_pos IS NULL
                     AND NOT EXISTS (SELECT 1 FROM incoming i WHERE i.id = v.item_id AND i.type = v.type)`),
      created: one(`SELECT COUNT(*) AS n FROM incoming i WHERE NOT EXISTS
                     (SELECT 1 FROM view.item_versions v WHERE v.item_id = i.id AND v.to_pos IS NULL AND v.type = i.type)`),
      replaced: one(`SELECT COUNT(*) AS n FROM incoming i JOIN view.item_versions v ON v.item_id = i.id AND v.to_pos IS NULL
                     AND v.type = i.type WHERE v.content_hash != i.hash`),
      unchanged: one(`SELECT COUNT(*) AS n FROM incoming i JOIN view.item_versions v ON v.item_id = i.id AND v.to_pos IS NULL
                     AND v.type = i.type WHERE v.content_hash = i.hash`),
    };
  }

  /** Live items the backup lacks (or holds with another type), a page at a time. */
  *deletions(): Generator<{ id: string; type: string; name: string; folderId: string | null }[]> {
    const page = this.db.prepare(
      `SELECT v.item_id AS id, v.type, v.name, v.folder_id AS folderId FROM view.item_versions v WHERE v.to_pos IS NULL AND v.item_id > ?
          AND NOT EXISTS (SELECT 1 FROM incoming i WHERE i.id = v.item_id AND i.type = v.type)
        ORDER BY v.item_id LIMIT ?`,
    );
    yield* pages<{ id: string; type: string; name: string; folderId: string | null }, string>(page, (r) => r.id, '');
  }

  /** Backup items to create or replace, in file order, a page at a time. */
  *changes(): Generator<{ seq: number; change: 'created' | 'replaced'; body: string }[]> {
    const page = this.db.prepare(
      `SELECT i.seq, CASE WHEN v.item_id IS NULL THEN 'created' ELSE 'replaced' END AS change, p.body
         FROM incoming i JOIN parsed p ON p.seq = i.seq
         LEFT JOIN view.item_versions v ON v.item_id = i.id AND v.to_pos IS NULL AND v.type = i.type
        WHERE i.seq > ? AND (v.item_id IS NULL OR v.content_hash != i.hash) ORDER BY i.seq LIMIT ?`,
    );
    yield* pages<{ seq: number; change: 'created' | 'replaced'; body: string }, number>(page, (r) => r.seq, 0);
  }

  close(): void {
    this.db.exec('DETACH DATABASE view');
  }
}

function* pages<R, K>(stmt: Database.Statement, key: (row: R) => K, start: K): Generator<R[]> {
  let after = start;
  for (;;) {
    const rows = stmt.all(after, PAGE) as R[];
    if (rows.length === 0) return;
    yield rows;
    after = key(rows[rows.length - 1]);
  }
}

/** A parsed item as the read model would keep it, for the content hash (which strips secrets). */
export function toVersion(item: ParsedItem, folderId: string | null) {
  return {
    type: String(item.type),
    name: item.name,
    folder_id: folderId,
    description: item.description,
    comments: item.comments,
    content: item.content,
    created_by: item.createdBy,
    created_at: item.createdAt,
    last_edited_by: item.lastEditedBy,
    last_edited_at: item.lastEditedAt,
  };
}
