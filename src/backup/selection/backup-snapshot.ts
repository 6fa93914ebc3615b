import type Database from 'better-sqlite3';
import type { ViewDatabase } from '../../read-model/view-database';
import { randomUUID } from 'node:crypto';
import type { VersionRow } from '../../read-model/item-projection';
import type { ItemType } from '../../repository/domain/item';
import { joinPath } from '../../repository/queries/folder-paths';
import type { BackupItem } from '../backup-item';
import { stripForBackup } from './strip-for-backup';
import { liveAt } from '../../read-model/live-at';
import { ITEM_PAGE } from '../../common/item-page';

/** Order of non-folder items in a backup: dependencies before dependents (SPEC §4). */
export const TYPE_ORDER: readonly ItemType[] = [
  'rule-template',
  'action-template',
  'datastore',
  'discovery-spec',
  'rule',
  'action',
  'action-map',
  'session',
];

const PAGE = ITEM_PAGE;

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
    this.db.exec(`CREATE TEMP TABLE ${this.table} (id TEXT PRIMARY KEY, type TEXT NOT NULL, folder_path TEXT, order_key TEXT) WITHOUT ROWID`);
    this.db.exec(`CREATE INDEX ${this.table}_order ON ${this.table} (order_key, id)`);
  }

  /** Everything the given items need (SPEC §4 closure); `missing` lists ids that are not live items. */
  static ofItems(view: ViewDatabase, ids: readonly string[]): { snapshot: BackupSnapshot; missing: string[] } {
    const snapshot = new BackupSnapshot(view);
    try {
      const missing = snapshot.selectClosure(ids);
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
    snapshot.db.exec(`INSERT INTO ${snapshot.table} (id, type) SELECT item_id, type FROM item_versions WHERE ${snapshot.live()}`);
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
         INSERT INTO ${this.table} (id, type)
         SELECT v.item_id, v.type FROM withAncestors a JOIN item_versions v ON v.item_id = a.id AND ${this.live('v')}`,
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
    const setPath = this.db.prepare(`UPDATE ${this.table} SET folder_path = ? WHERE id IN (
      SELECT item_id FROM item_versions WHERE ${this.live()} AND folder_id IS ?)`);
    setPath.run('/', null);
    for (const [id, path] of this.folderPaths) setPath.run(path, id);
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
      this.db
        .prepare(`SELECT v.name FROM ${this.table} s JOIN item_versions v ON v.item_id = s.id AND ${this.live('v')} WHERE s.type = ? LIMIT ?`)
        .all(type, max) as { name: string }[]
    ).map((r) => r.name);
  }

  /** (folder path, type) of the selected non-folder items: which folders hold what. */
  folderTypePairs(): { folder_path: string; type: ItemType }[] {
    return this.db
      .prepare(`SELECT DISTINCT folder_path, type FROM ${this.table} WHERE type != 'folder'`)
      .all() as { folder_path: string; type: ItemType }[];
  }

  /** The selected folders, parents first. */
  folders(): BackupItem[] {
    const row = this.db.prepare(`SELECT ${this.view.versionColumns('v')} FROM item_versions v WHERE v.item_id = ? AND ${this.live('v')}`);
    return [...this.folderPaths.keys()].map((id) => this.toBackupItem(row.get(id) as VersionRow));
  }

  /**
   * Non-folder items of the given types, read in pages by keyset on (`orderKey`, item id).
   * `orderKey` is an SQL expression over `s.folder_path`, `s.type` and `v.name`; it is stored in
   * the selection and indexed, so each page reads only its own rows.
   */
  async *items(types: readonly ItemType[], orderKey: string): AsyncGenerator<BackupItem> {
    this.sortBy(orderKey);
    const page = this.db.prepare(
      `SELECT ${this.view.versionColumns('v')}, s.order_key FROM (
         SELECT id, order_key FROM ${this.table}
          WHERE (order_key, id) > (?, ?) AND type IN (${types.map(() => '?').join(',')})
          ORDER BY order_key, id LIMIT ${PAGE}) s
         JOIN item_versions v ON v.item_id = s.id AND ${this.live('v')}
        ORDER BY s.order_key, s.id`,
    );
    let after: [string, string] = ['', ''];
    for (;;) {
      const rows = page.all(...after, ...types) as (VersionRow & { order_key: string })[];
      for (const row of rows) yield this.toBackupItem(row);
      if (rows.length < PAGE) return;
      const last = rows[rows.length - 1];
      after = [last.order_key, last.item_id];
    }
  }

  private sortedBy?: string;

  private sortBy(orderKey: string): void {
    if (this.sortedBy === orderKey) return;
    this.db.exec(
      `UPDATE ${this.table} AS s SET order_key = (SELECT ${orderKey} FROM item_versions v WHERE v.item_id = s.id AND ${this.live('v')})`,
    );
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

  private toBackupItem(row: VersionRow): BackupItem {
    return stripForBackup({
      id: row.item_id,
      type: row.type as ItemType,
      name: row.name,
      folderPath: this.folderPathOf(row.folder_id),
      description: row.description,
      comments: row.comments,
      createdBy: row.created_by,
      createdAt: row.created_at,
      lastEditedBy: row.last_edited_by,
      lastEditedAt: row.last_edited_at,
      content: JSON.parse(row.content),
    });
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
