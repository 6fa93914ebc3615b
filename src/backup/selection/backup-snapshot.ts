import type Database from 'better-sqlite3';
import type { ViewDatabase } from '../../read-model/view-database';
import { randomUUID } from 'node:crypto';
import type { VersionRow } from '../../read-model/item-projection';
import type { ItemContent, ItemType } from '../../repository/domain/item';
import { joinPath } from '../../repository/queries/folder-paths';
import type { BackupItem } from '../backup-item';
import { stripForBackup } from './strip-for-backup';
import { liveAt } from '../../read-model/live-at';
import { ITEM_PAGE } from '../../common/item-page';
import { metadataOf } from '../../read-model/metadata-columns';

/** Order of non-folder items in a backup: dependencies before dependents (SPEC §4). */
export const TYPE_ORDER: readonly ItemType[] = ['rule-template', 'action-template', 'datastore', 'discovery-spec', 'rule', 'action', 'action-map', 'session'];

const PAGE = ITEM_PAGE;

/** A version's rank in `types` (TYPE_ORDER by default; folders: none), as SQL over its type column. */
function rankSql(column: string, types: readonly ItemType[] = TYPE_ORDER): string {
  return `CASE ${column} ${types.map((t, i) => `WHEN '${t}' THEN ${i}`).join(' ')} END`;
}

/**
 * A consistent read of the repository for one backup: its own connection to the read model,
 * holding one read transaction (WAL snapshot) for the whole stream, with the selected ids in a
 * temporary table. Rows are read page by page, so memory holds a page, not the repository.
 */
export class BackupSnapshot {
  private readonly db: Database.Database;
  private readonly table = `sel_${randomUUID().replace(/-/g, '')}`;
  private folderPaths = new Map<string, string>();
  readonly position: bigint;

  /** `at`: the position to read the repository as of (undefined: now). */
  private constructor(
    private readonly view: ViewDatabase,
    private readonly at?: bigint,
  ) {
    this.db = view.connect();
    this.db.exec('BEGIN');
    const row = this.db.prepare("SELECT value FROM meta WHERE key = 'checkpoint'").get() as { value: string };
    this.position = at ?? BigInt(row.value);
    // One row per selected version, keyed by its rowid in item_versions: read in that order, a
    // backup walks the view's table (and the log, where contents are) from front to back.
    this.db.exec(`CREATE TEMP TABLE ${this.table} (
      vrow INTEGER PRIMARY KEY, id TEXT NOT NULL, type TEXT NOT NULL, folder_id TEXT, folder_path TEXT, rank INTEGER, order_key TEXT)`);
  }

  /** Indexes of the selection, built once it is filled (in one sort each, not insert by insert). */
  private indexSelection(): void {
    this.db.exec(`CREATE INDEX ${this.table}_id ON ${this.table} (id)`);
    this.db.exec(`CREATE INDEX ${this.table}_rank ON ${this.table} (rank, vrow)`);
  }

  /** Everything the given items need (SPEC §4 closure); `missing` lists ids that are not live items. */
  static ofItems(view: ViewDatabase, ids: readonly string[]): { snapshot: BackupSnapshot; missing: string[] } {
    const snapshot = new BackupSnapshot(view);
    try {
      const missing = snapshot.selectClosure(ids);
      snapshot.indexSelection();
      snapshot.indexFolders();
      return { snapshot, missing };
    } catch (error) {
      snapshot.close();
      throw error;
    }
  }

  /** The whole repository, now or as of position `at`. */
  static ofRepository(view: ViewDatabase, at?: bigint): BackupSnapshot {
    const snapshot = new BackupSnapshot(view, at);
    snapshot.db.exec(
      `INSERT INTO ${snapshot.table} (vrow, id, type, folder_id, rank)
       SELECT rowid, item_id, type, folder_id, ${rankSql('type')} FROM item_versions WHERE ${snapshot.live()} ORDER BY rowid`,
    );
    snapshot.indexSelection();
    snapshot.indexFolders();
    return snapshot;
  }

  private selectClosure(ids: readonly string[]): string[] {
    const json = JSON.stringify(ids);
    const missing = (
      this.db
        .prepare(
          `SELECT s.value AS id FROM json_each(?) s
            LEFT JOIN item_versions v ON v.item_id = s.value AND ${this.live('v')} WHERE v.item_id IS NULL`,
        )
        .all(json) as { id: string }[]
    ).map((r) => r.id);
    if (missing.length > 0) return missing;
    // Selected items, folders' subtrees and references, transitively; then every ancestor folder.
    this.db
      .prepare(
        `WITH RECURSIVE
           needed(id) AS (
             SELECT value FROM json_each(?)
             UNION
             SELECT v.item_id FROM item_versions v JOIN needed n ON v.folder_id = n.id WHERE ${this.live('v')}
             UNION
             SELECT r.to_id FROM refs r JOIN needed n ON r.from_id = n.id
           ),
           withAncestors(id) AS (
             SELECT id FROM needed
             UNION
             SELECT v.folder_id FROM item_versions v JOIN withAncestors a ON v.item_id = a.id
              WHERE ${this.live('v')} AND v.folder_id IS NOT NULL
           )
         INSERT INTO ${this.table} (vrow, id, type, folder_id, rank)
         SELECT v.rowid, v.item_id, v.type, v.folder_id, ${rankSql('v.type')}
           FROM withAncestors a JOIN item_versions v ON v.item_id = a.id AND ${this.live('v')}`,
      )
      .run(json);
    return [];
  }

  /** Folder paths of the selected folders (they are few), parents first. */
  private indexFolders(): void {
    const folders = this.db
      .prepare(
        `WITH RECURSIVE tree(id, path, depth) AS (
           SELECT v.item_id, '/' || v.name, 0 FROM item_versions v JOIN ${this.table} s ON s.id = v.item_id
            WHERE ${this.live('v')} AND v.type = 'folder' AND v.folder_id IS NULL
           UNION ALL
           SELECT v.item_id, tree.path || '/' || v.name, tree.depth + 1
             -- Each step looks children up by their folder (SQLite otherwise scans every folder per step).
             FROM tree CROSS JOIN item_versions v INDEXED BY item_versions_folder_range ON v.folder_id = tree.id
             JOIN ${this.table} s ON s.id = v.item_id
            WHERE ${this.live('v')} AND v.type = 'folder'
         ) SELECT id, path FROM tree ORDER BY depth, path`,
      )
      .all() as { id: string; path: string }[];
    this.folderPaths = new Map(folders.map((f) => [f.id, f.path]));
    // Every selected item's folder path, in one pass over the selection.
    const paths = `${this.table}_paths`;
    this.db.exec(`CREATE TEMP TABLE ${paths} (id TEXT PRIMARY KEY, path TEXT NOT NULL) WITHOUT ROWID`);
    const insert = this.db.prepare(`INSERT INTO ${paths} (id, path) VALUES (?, ?)`);
    for (const [id, path] of this.folderPaths) insert.run(id, path);
    this.db.exec(`UPDATE ${this.table} SET folder_path = COALESCE((SELECT path FROM ${paths} p WHERE p.id = folder_id), '/')`);
  }

  private live(alias = ''): string {
    return liveAt(this.at, alias);
  }

  folderPathOf(folderId: string | null): string {
    return folderId === null ? '/' : (this.folderPaths.get(folderId) ?? '/');
  }

  count(types?: readonly ItemType[]): number {
    const filter = types ? `WHERE type IN (${types.map(() => '?').join(',')})` : '';
    return Number((this.db.prepare(`SELECT COUNT(*) AS n FROM ${this.table} ${filter}`).get(...(types ?? [])) as { n: number }).n);
  }

  namesOf(type: ItemType, max = 50): string[] {
    return (
      this.db.prepare(`SELECT v.name FROM ${this.table} s JOIN item_versions v ON v.rowid = s.vrow WHERE s.type = ? LIMIT ?`).all(type, max) as {
        name: string;
      }[]
    ).map((r) => r.name);
  }

  /** (folder path, type) of the selected non-folder items: which folders hold what. */
  folderTypePairs(): { folder_path: string; type: ItemType }[] {
    return this.db.prepare(`SELECT DISTINCT folder_path, type FROM ${this.table} WHERE type != 'folder'`).all() as { folder_path: string; type: ItemType }[];
  }

  /** The selected folders, parents first. */
  folders(): BackupItem[] {
    const row = this.db.prepare(`SELECT ${this.view.versionColumns('v')} FROM item_versions v WHERE v.item_id = ? AND ${this.live('v')}`);
    return [...this.folderPaths.keys()].map((id) => this.toBackupItem(row.get(id) as VersionRow));
  }

  /**
   * Non-folder items of the given types, in pages by keyset. `order`: `types` — by type in the
   * order given, then as the view's table holds them (the fastest read: front to back); or an SQL
   * expression over `s.folder_path`, `s.type` and `v.name`, stored in the selection and indexed.
   */
  async *items(types: readonly ItemType[], order: 'types' | string): AsyncGenerator<BackupItem> {
    if (order === 'types') yield* this.itemsByType(types);
    else yield* this.itemsByKey(types, order);
  }

  /**
   * One type after another, each by vrow. A type's pages are `rank = ? AND vrow > ?`: SQLite seeks
   * both in the (rank, vrow) index. The row value `(rank, vrow) > (?, ?)` seeks on rank alone when
   * vrow is the rowid, and each page then stepped over the type's rows before it — quadratic in
   * a type's items (a million-item backup fell to 2 MB/s towards the end of its rules).
   */
  private async *itemsByType(types: readonly ItemType[]): AsyncGenerator<BackupItem> {
    this.rankBy(types);
    const page = this.db.prepare(
      `SELECT ${this.view.versionColumns('v')}, s.vrow FROM (
         SELECT vrow FROM ${this.table} WHERE rank = ? AND vrow > ? ORDER BY vrow LIMIT ${PAGE}) s
         JOIN item_versions v ON v.rowid = s.vrow
        ORDER BY s.vrow`,
    );
    for (let rank = 0; rank < types.length; rank++) {
      let after: number | bigint = 0;
      for (;;) {
        const rows = page.all(rank, after) as (VersionRow & { vrow: number | bigint })[];
        for (const row of rows) yield this.toBackupItem(row);
        if (rows.length < PAGE) break;
        after = rows[rows.length - 1].vrow;
      }
    }
  }

  /** By the SQL expression `orderKey` (few versions share a key: a folder's items by name), then vrow. */
  private async *itemsByKey(types: readonly ItemType[], orderKey: string): AsyncGenerator<BackupItem> {
    this.sortBy(orderKey);
    const page = this.db.prepare(
      `SELECT ${this.view.versionColumns('v')}, s.order_key AS page_key, s.vrow FROM (
         SELECT vrow, order_key FROM ${this.table}
          WHERE (order_key, vrow) > (?, ?) AND type IN (${types.map(() => '?').join(',')})
          ORDER BY order_key, vrow LIMIT ${PAGE}) s
         JOIN item_versions v ON v.rowid = s.vrow
        ORDER BY s.order_key, s.vrow`,
    );
    let after: [string, number | bigint] = ['', 0];
    for (;;) {
      const rows = page.all(...after, ...types) as (VersionRow & { page_key: string; vrow: number | bigint })[];
      for (const row of rows) yield this.toBackupItem(row);
      if (rows.length < PAGE) return;
      const last = rows[rows.length - 1];
      after = [last.page_key, last.vrow];
    }
  }

  private rankedBy?: string;

  /** Ranks the selection by `types`' order (what TYPE_ORDER gives at selection, unless asked otherwise). */
  private rankBy(types: readonly ItemType[]): void {
    const order = types.join(',');
    if ((this.rankedBy ?? TYPE_ORDER.join(',')) === order) return;
    this.db.exec(`UPDATE ${this.table} SET rank = ${rankSql('type', types)}`);
    this.rankedBy = order;
  }

  private sortedBy?: string;

  private sortBy(orderKey: string): void {
    if (this.sortedBy === orderKey) return;
    this.db.exec(`UPDATE ${this.table} AS s SET order_key = (SELECT ${orderKey} FROM item_versions v WHERE v.rowid = s.vrow)`);
    if (this.sortedBy === undefined) this.db.exec(`CREATE INDEX ${this.table}_order ON ${this.table} (order_key, vrow)`);
    this.sortedBy = orderKey;
  }

  private targetQuery?: Database.Statement;

  /** Type and full path of a referenced item, as of this snapshot. */
  target(id: string): { type: ItemType; path: string } | undefined {
    this.targetQuery ??= this.db.prepare(`SELECT type, name, folder_id FROM item_versions WHERE item_id = ? AND ${this.live()}`);
    const row = this.targetQuery.get(id) as { type: ItemType; name: string; folder_id: string | null } | undefined;
    if (!row) return undefined;
    const folderPath = row.folder_id === null ? '/' : (this.folderPaths.get(row.folder_id) ?? this.pathOutsideSelection(row.folder_id));
    return { type: row.type, path: joinPath(folderPath, row.name) };
  }

  private pathOutsideSelection(folderId: string): string {
    const names = this.db
      .prepare(
        `WITH RECURSIVE up(id, name, parent, depth) AS (
           SELECT item_id, name, folder_id, 0 FROM item_versions WHERE item_id = ? AND ${this.live()}
           UNION ALL
           SELECT v.item_id, v.name, v.folder_id, up.depth + 1 FROM item_versions v JOIN up ON v.item_id = up.parent WHERE ${this.live('v')}
         ) SELECT name FROM up ORDER BY depth DESC`,
      )
      .all(folderId) as { name: string }[];
    return '/' + names.map((n) => n.name).join('/');
  }

  /**
   * The backup item of a row. Its content is parsed only when something reads it (the XML writer,
   * a data store's stripping): the JSON writer takes `contentJson` as it is.
   */
  private toBackupItem(row: VersionRow): BackupItem {
    const item = {
      id: row.item_id,
      type: row.type as ItemType,
      name: row.name,
      folderPath: this.folderPathOf(row.folder_id),
      ...metadataOf(row),
    } as BackupItem;
    if (item.type === 'datastore') return stripForBackup({ ...item, content: JSON.parse(row.content) as ItemContent });
    let content: ItemContent | undefined;
    Object.defineProperty(item, 'content', { enumerable: true, get: () => (content ??= JSON.parse(row.content) as ItemContent) });
    item.contentJson = row.content;
    return item;
  }

  close(): void {
    if (!this.db.open) return;
    try {
      this.db.exec('ROLLBACK');
    } finally {
      this.db.close();
    }
  }
}
