import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { ViewDatabase } from '../../read-model/view-database';
import type { VersionRow } from '../../read-model/item-projection';
import { ItemType } from '../domain/item';
import { ItemDto, fileNamesOf, passwordsSetOf, toItemDto } from './item-view';
import { FolderPaths } from './folder-paths';
import { Page, decodeCursor, encodeCursor } from '../../common/pagination';
import { DomainError } from '../../common/errors';
import { liveAt } from '../../read-model/live-at';
import { TreeNode, TreePages, TreeRequest } from './tree-pages';
import type { ExpectedRevision } from '../../event-store/event-store';
import { itemStreamId } from '../domain/item.events';
import { LIMITS } from '../domain/limits';
import { SqlConditions } from '../../common/sql-conditions';

export interface ListFilter {
  folderId?: string | null;
  type?: ItemType;
  q?: string;
  limit: number;
  cursor?: string;
}

/** The items below a folder (see ItemQueries.below). */
export interface SubtreePages {
  /** Live items outside the folder and its subtree that reference either: at most MAX_REFERRERS. */
  referrers(): { id: string; name: string; type: string }[];
  /** The items below the folder, deepest first, `size` at a time, each with its current revision. */
  pages(size: number): AsyncGenerator<{ id: string; revision: bigint }[]>;
  /** The same, as (stream, revision) pairs read while they are iterated (a store's expectations). */
  revisions(): Iterable<[string, ExpectedRevision]>;
  close(): void;
}

/** How many referrers an ITEM_IN_USE error lists at most. */
export const MAX_REFERRERS = 100;

/** Reads of the repository, now or as of a past position, answered from the read model. */
@Injectable()
export class ItemQueries {
  private readonly db: Database.Database;
  readonly paths: FolderPaths;

  private readonly treePages: TreePages;

  constructor(@Inject(ViewDatabase) private readonly view: ViewDatabase) {
    this.db = view.db;
    this.paths = new FolderPaths(this.db);
    this.treePages = new TreePages(this.db, () => view.checkpoint());
  }

  /** The live item with this id: its type. */
  liveType(id: string): string | undefined {
    const row = this.db.prepare('SELECT type FROM item_versions WHERE item_id = ? AND to_pos IS NULL').get(id) as { type: string } | undefined;
    return row?.type;
  }

  /** The item's version live at `at` (default: now). */
  row(id: string, at?: bigint): VersionRow | undefined {
    return this.db.prepare(`SELECT ${this.view.versionColumns('v')} FROM item_versions v WHERE v.item_id = ? AND ${liveAt(at, 'v')}`).get(id) as
      VersionRow | undefined;
  }

  get(id: string, at?: bigint): ItemDto | undefined {
    const row = this.row(id, at);
    return row ? this.toDto(row, this.paths.cache(at), at) : undefined;
  }

  /**
   * The API view of a version. As of a past moment, `complete` is the body's own completeness
   * (template references are resolved against the current repository only), and `needs` and
   * `isSet` tell today's secrets and files.
   */
  toDto(row: VersionRow, paths = this.paths.cache(), at?: bigint): ItemDto {
    return toItemDto(row, {
      path: paths.pathOf(row.folder_id, row.name),
      templatesResolve: at === undefined ? this.templatesResolve(row.item_id) : true,
      passwordsSet: row.type === 'datastore' ? passwordsSetOf(this.db, row.item_id) : new Set(),
      fileNames: row.type === 'datastore' ? fileNamesOf(this.db, row.item_id) : new Set(),
    });
  }

  list(filter: ListFilter, at?: bigint): Page<ItemDto> {
    const where = new SqlConditions(liveAt(at));
    if (filter.folderId === null) where.add('folder_id IS NULL');
    else if (filter.folderId !== undefined) where.add('folder_id = ?', filter.folderId);
    if (filter.type) where.add('type = ?', filter.type);
    if (filter.q) where.add('instr(lower(name), lower(?)) > 0', filter.q);
    const after = filter.cursor ? decodeCursor<[string, string]>(filter.cursor) : null;
    if (after && !(Array.isArray(after) && after.length === 2 && after.every((x) => typeof x === 'string'))) {
      throw new DomainError('VALIDATION_FAILED', 'cursor is not valid');
    }
    if (after) where.add('(name, item_id) > (?, ?)', after[0], after[1]);
    const rows = this.db
      .prepare(`SELECT ${this.view.versionColumns('v')} FROM item_versions v ${where.sql} ORDER BY name, item_id LIMIT ?`)
      .all(...where.params, filter.limit + 1) as VersionRow[];
    const more = rows.length > filter.limit;
    const page = rows.slice(0, filter.limit);
    const paths = this.paths.cache(at);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => this.toDto(r, paths, at)),
      nextCursor: more && last ? encodeCursor([last.name, last.item_id]) : null,
    };
  }

  /** The folder tree with its items, a bounded page at a time (see TreePages). */
  tree(request: TreeRequest): Page<TreeNode> {
    return this.treePages.page(request);
  }

  /** A live folder named `name` directly in `parentId` (null: the root). */
  folderChild(parentId: string | null, name: string): string | undefined {
    const row = this.db
      .prepare("SELECT item_id FROM item_versions WHERE to_pos IS NULL AND type = 'folder' AND folder_id IS ? AND name = ?")
      .get(parentId, name) as { item_id: string } | undefined;
    return row?.item_id;
  }

  /** The live item of one of `types` named `name` in `folderId`, with its version. */
  sameName(folderId: string | null, types: readonly string[], name: string): { id: string; type: string; version: number } | undefined {
    const row = this.db
      .prepare(
        `SELECT item_id, type, version FROM item_versions WHERE to_pos IS NULL AND folder_id IS ? AND name = ?
            AND type IN (${types.map(() => '?').join(',')}) LIMIT 1`,
      )
      .get(folderId, name, ...types) as { item_id: string; type: string; version: number } | undefined;
    return row && { id: row.item_id, type: row.type, version: Number(row.version) };
  }

  /** The live item at a full path (`/a/b/Name`) whose type is one of `types`. */
  byPath(path: string, types: readonly string[]): { id: string; type: string } | undefined {
    const names = path.split('/').filter((n) => n !== '');
    const name = names.pop();
    if (name === undefined) return undefined;
    let folderId: string | null = null;
    for (const folder of names) {
      const next = this.folderChild(folderId, folder);
      if (!next) return undefined;
      folderId = next;
    }
    return this.sameName(folderId, types, name);
  }

  isFolder(id: string): boolean {
    const row = this.db.prepare("SELECT 1 FROM item_versions WHERE item_id = ? AND to_pos IS NULL AND type = 'folder'").get(id);
    return row !== undefined;
  }

  /** Is (folderId, type, name) taken by a live item other than `exceptId`? */
  nameTaken(folderId: string | null, type: string, name: string, exceptId?: string): boolean {
    const row = this.db
      .prepare(
        `SELECT item_id FROM item_versions
          WHERE to_pos IS NULL AND folder_id IS ? AND type = ? AND name = ? AND item_id IS NOT ? LIMIT 1`,
      )
      .get(folderId, type, name, exceptId ?? null);
    return row !== undefined;
  }

  /**
   * Live items (outside `exclude`) that reference any of `ids`: the first MAX_REFERRERS of them
   * (an error lists them; a template used by a million rules must not make it a million long).
   */
  referrersOf(ids: readonly string[], exclude: ReadonlySet<string> = new Set(ids)): { id: string; name: string; type: string }[] {
    const found = new Map<string, { id: string; name: string; type: string }>();
    const stmt = this.db.prepare(
      `SELECT DISTINCT v.item_id AS id, v.name, v.type FROM refs r
         JOIN item_versions v ON v.item_id = r.from_id AND v.to_pos IS NULL
        WHERE r.to_id = ? LIMIT ?`,
    );
    for (const id of ids) {
      for (const r of stmt.iterate(id, MAX_REFERRERS + exclude.size) as Iterable<{ id: string; name: string; type: string }>) {
        if (!exclude.has(r.id)) found.set(r.id, r);
        if (found.size === MAX_REFERRERS) return [...found.values()];
      }
    }
    return [...found.values()];
  }

  /** Whether live folder `ancestorId` is `folderId` or one of the folders above it. */
  isWithin(folderId: string, ancestorId: string): boolean {
    const row = this.db
      .prepare(
        `WITH RECURSIVE up(id, depth) AS (
           SELECT ?, 0
           UNION ALL
           SELECT v.folder_id, up.depth + 1 FROM item_versions v JOIN up ON v.item_id = up.id
            WHERE v.to_pos IS NULL AND v.folder_id IS NOT NULL AND up.depth <= ${LIMITS.folderDepth}
         ) SELECT 1 FROM up WHERE id = ? LIMIT 1`,
      )
      .get(folderId, ancestorId);
    return row !== undefined;
  }

  hasChildren(folderId: string): boolean {
    return this.db.prepare('SELECT 1 FROM item_versions WHERE folder_id = ? AND to_pos IS NULL LIMIT 1').get(folderId) !== undefined;
  }

  /** How deep a live folder is: a top-level folder 1, its subfolders 2, … (the root, null: 0). */
  folderDepth(folderId: string | null): number {
    if (folderId === null) return 0;
    const row = this.db
      .prepare(
        `WITH RECURSIVE up(id, depth) AS (
           SELECT folder_id, 1 FROM item_versions WHERE item_id = ? AND to_pos IS NULL
           UNION ALL
           SELECT v.folder_id, up.depth + 1 FROM item_versions v JOIN up ON v.item_id = up.id
            WHERE v.to_pos IS NULL AND up.depth <= ${LIMITS.folderDepth}
         ) SELECT MAX(depth) AS depth FROM up`,
      )
      .get(folderId) as { depth: number | null };
    return Number(row.depth ?? 0);
  }

  /** How many levels of folders a live folder holds, itself included (an empty folder 1; other items 0). */
  folderHeight(id: string): number {
    const row = this.db
      .prepare(
        `WITH RECURSIVE down(id, height) AS (
           SELECT item_id, 1 FROM item_versions WHERE item_id = ? AND to_pos IS NULL AND type = 'folder'
           UNION ALL
           SELECT v.item_id, down.height + 1 FROM item_versions v JOIN down ON v.folder_id = down.id
            WHERE v.to_pos IS NULL AND v.type = 'folder' AND down.height <= ${LIMITS.folderDepth}
         ) SELECT MAX(height) AS height FROM down`,
      )
      .get(id) as { height: number | null };
    return Number(row.height ?? 0);
  }

  /**
   * What lies below a live folder, deepest first (children before their folder), with each item's
   * revision, a page at a time: the subtree is gathered into a temporary table (a folder may hold
   * a million items), which `close` drops.
   */
  below(folderId: string): SubtreePages {
    const table = `below_${randomUUID().replace(/-/g, '')}`;
    this.db.exec(`CREATE TEMP TABLE ${table} (id TEXT PRIMARY KEY, depth INTEGER NOT NULL, revision INTEGER NOT NULL) WITHOUT ROWID`);
    this.db
      .prepare(
        `WITH RECURSIVE sub(id, depth) AS (
           SELECT ?, 0
           UNION ALL
           SELECT v.item_id, sub.depth + 1 FROM item_versions v JOIN sub ON v.folder_id = sub.id WHERE v.to_pos IS NULL
         ) INSERT INTO ${table} (id, depth, revision)
           SELECT sub.id, sub.depth, v.version - 1 FROM sub JOIN item_versions v ON v.item_id = sub.id AND v.to_pos IS NULL WHERE sub.depth > 0`,
      )
      .run(folderId);
    // A depth's pages are `depth = ? AND id > ?`, both sought in the index. A keyset over an
    // expression, `(-depth, id) > (?, ?)`, is sought in no index: each page scanned the subtree's
    // rows before it, quadratic in the subtree's size.
    this.db.exec(`CREATE INDEX ${table}_order ON ${table} (depth, id)`);
    const deepest = Number(this.db.prepare(`SELECT COALESCE(MAX(depth), 0) FROM ${table}`).pluck().get());
    const page = this.db.prepare(`SELECT id, revision FROM ${table} WHERE depth = ? AND id > ? ORDER BY id LIMIT ?`);
    const referrer = this.db.prepare(
      `SELECT DISTINCT v.item_id AS id, v.name, v.type FROM (SELECT id FROM ${table} UNION ALL SELECT @root) b
         JOIN refs r ON r.to_id = b.id JOIN item_versions v ON v.item_id = r.from_id AND v.to_pos IS NULL
        WHERE r.from_id != @root AND NOT EXISTS (SELECT 1 FROM ${table} i WHERE i.id = r.from_id) LIMIT ${MAX_REFERRERS}`,
    );
    const db = this.db;
    return {
      referrers: () => referrer.all({ root: folderId }) as { id: string; name: string; type: string }[],
      async *pages(size) {
        for (let depth = deepest; depth > 0; depth--) {
          for (let after = ''; ;) {
            const rows = page.all(depth, after, size) as { id: string; revision: number }[];
            if (rows.length > 0) yield rows.map((r) => ({ id: r.id, revision: BigInt(r.revision) }));
            if (rows.length < size) break;
            after = rows[rows.length - 1].id;
          }
        }
      },
      *revisions() {
        for (const r of db.prepare(`SELECT id, revision FROM ${table}`).iterate() as Iterable<{ id: string; revision: number }>) {
          yield [itemStreamId(r.id), BigInt(r.revision)];
        }
      },
      close: () => db.exec(`DROP TABLE IF EXISTS ${table}`),
    };
  }

  files(itemId: string): { name: string; size: number; sha256: string }[] {
    return (
      this.db.prepare('SELECT file_name, size, sha256 FROM item_files WHERE item_id = ? ORDER BY file_name').all(itemId) as {
        file_name: string;
        size: number;
        sha256: string;
      }[]
    ).map((f) => ({ name: f.file_name, size: Number(f.size), sha256: f.sha256 }));
  }

  /** Are all the `template_id`s of this item live templates? */
  private templatesResolve(itemId: string): boolean {
    const row = this.db
      .prepare(
        `SELECT COUNT(*) AS missing FROM refs r
           LEFT JOIN item_versions t ON t.item_id = r.to_id AND t.to_pos IS NULL AND t.type IN ('rule-template', 'action-template')
          WHERE r.from_id = ? AND r.field = 'template_id' AND t.item_id IS NULL`,
      )
      .get(itemId) as { missing: number };
    return Number(row.missing) === 0;
  }
}
