import type Database from 'better-sqlite3';
import type { BackupFormat } from '../../../workers/parsing/parsed-item';
import type { RestoreItem } from '../../../workers/parsing/restore-item';
import { ItemType, nameProblem } from '../../repository/domain/item';
import { joinPath } from '../../repository/queries/folder-paths';
import type { OnConflict } from '../domain/restore.events';
import { FolderResolver } from './folder-resolver';
import type { RepositoryLookup } from './repository-lookup';
import { ReferenceResolver } from './reference-resolver';
import type { ParsedRow, RestoreScratch } from './restore-scratch';
import { yieldToEventLoop } from '../../common/yield';
import { ITEM_PAGE } from '../../common/item-page';

export interface PlannedFile {
  name: string;
  format: BackupFormat;
}

const PAGE = ITEM_PAGE;

/** What the planner reads of an item: everything but its content. */
type PlannedRow = Pick<ParsedRow, 'seq' | 'file' | 'source_id' | 'type' | 'name' | 'folder_path' | 'problem' | 'skip' | 'warnings' | 'refs'>;

/**
 * Plans an item restore (SPEC §5) in the scratch database: for every parsed item, in file order,
 * its target folder, name, id and outcome; then the failure of everything that depends on a
 * failed item. Nothing is written to the repository here.
 */
export class RestorePlanner {
  private readonly db: Database.Database;
  private readonly folders: FolderResolver;
  private readonly refs: ReferenceResolver;
  private readonly stmt;

  constructor(
    scratch: RestoreScratch,
    private readonly files: readonly PlannedFile[],
    private readonly repo: RepositoryLookup,
    private readonly onConflict: OnConflict,
    private readonly newId: () => string,
  ) {
    this.db = scratch.db;
    scratch.indexSources(); // the files' ids, for the plan's lookups
    this.folders = new FolderResolver(this.db, repo, newId);
    this.refs = new ReferenceResolver(this.db, repo);
    this.stmt = {
      page: this.db.prepare(
        'SELECT seq, file, source_id, type, name, folder_path, problem, skip, warnings, refs FROM parsed WHERE seq > ? ORDER BY seq LIMIT ?',
      ),
      outcome: this.db.prepare(
        `INSERT INTO outcome (seq, status, id, name, folder_id, path, reason, warnings, base_revision)
         VALUES (@seq, @status, @id, @name, @folder_id, @path, @reason, @warnings, @base_revision)`,
      ),
      dep: this.db.prepare('INSERT INTO deps (seq, on_seq) VALUES (?, ?)'),
      nameUsed: this.db.prepare('SELECT 1 FROM names WHERE folder_id = ? AND type = ? AND name = ?'),
      useName: this.db.prepare('INSERT OR IGNORE INTO names (folder_id, type, name) VALUES (?, ?, ?)'),
      repeatedId: this.db.prepare('SELECT 1 FROM repeated_ids WHERE seq = ?'),
    };
  }

  async plan(): Promise<void> {
    this.findRepeatedIds();
    this.refs.resolveInFiles();
    await this.failInvalidFolders();
    let after = 0;
    for (;;) {
      const rows = this.stmt.page.all(after, PAGE) as PlannedRow[];
      if (rows.length === 0) break;
      this.db.transaction(() => {
        for (const row of rows) this.planItem(row);
      })();
      after = rows[rows.length - 1].seq;
      await yieldToEventLoop();
    }
    this.cascadeFailures();
  }

  /**
   * Marks the path of every invalid folder item failed before anything is placed, so whatever is
   * inside it fails whether it comes before or after the folder in the files (a folder item may
   * follow its contents, or be repeated): nothing is placed in a folder that will not be created.
   */
  private async failInvalidFolders(): Promise<void> {
    const page = this.db.prepare(
      "SELECT seq, name, folder_path, problem FROM parsed WHERE seq > ? AND type = 'folder' AND problem IS NOT NULL ORDER BY seq LIMIT ?",
    );
    for (let after = 0; ;) {
      const rows = page.all(after, PAGE) as Pick<ParsedRow, 'seq' | 'name' | 'folder_path' | 'problem'>[];
      if (rows.length === 0) return;
      for (const row of rows) this.folders.fail(joinPath(row.folder_path, row.name), row.problem!);
      after = rows[rows.length - 1].seq;
      await yieldToEventLoop();
    }
  }

  private planItem(item: PlannedRow): void {
    const { seq, file } = item;
    // Deliberately not imported (ArcGIS quick rules, …): reported, never loaded nor depended on.
    if (item.skip !== null) return this.record({ seq, status: 'skipped', reason: item.skip });
    const fail = (reason: string) => this.record({ seq, status: 'failed', reason });
    if (item.problem !== null) {
      if (item.type === 'folder') this.folders.fail(joinPath(item.folder_path, item.name), item.problem);
      return fail(item.problem);
    }
    if (this.idTakenEarlier(item)) return fail(`id ${item.source_id} is given twice in the file: an earlier item has it`);
    const type = item.type as ItemType;
    const folder = this.folders.resolve(item.folder_path);
    if (folder.failed !== null) return fail(folder.failed);
    if (folder.seq !== null) this.stmt.dep.run(seq, folder.seq);

    if (type === 'folder') {
      const path = joinPath(item.folder_path, item.name);
      const claimed = this.folders.claim(path, seq);
      if (claimed.failed !== null) return fail(claimed.failed);
      return this.record({ seq, status: 'ok', id: claimed.id, name: item.name, folder_id: folder.id, path });
    }

    for (const [field, value] of JSON.parse(item.refs) as RestoreItem['refs']) {
      const target = this.refs.resolve(file, this.files[file].format, value, field);
      if (target.missing) return fail(target.missing);
      if (target.seq !== undefined) this.stmt.dep.run(seq, target.seq);
    }

    const placed = this.place(folder.id, folder.isNew, type, item.name);
    if ('failed' in placed) return fail(placed.failed);
    this.record({ seq, ...placed, folder_id: folder.id, path: joinPath(item.folder_path, placed.name), warnings: item.warnings });
  }

  /**
   * Finds every item whose id an earlier item of the same file has (SPEC §5: the second one
   * fails), in one pass over the index of the files' ids: a lookup per item, by random ids in
   * file order, read a page of that index each (9.5 s of a million-item plan). Strata JSON ids
   * name one item whatever its type; legacy XML URIs are shared by a rule and a rule template of
   * the same path, and its folders are emitted once per path, so only items of one type are
   * compared there.
   */
  private findRepeatedIds(): void {
    const anyType = this.files.flatMap((f, index) => (f.format === 'strata-json' ? [index] : []));
    this.db
      .prepare(
        `INSERT INTO repeated_ids (seq)
         SELECT seq FROM (
           SELECT seq, ROW_NUMBER() OVER (
                    PARTITION BY file, source_id, CASE WHEN file IN (SELECT value FROM json_each(?)) THEN '' ELSE type END ORDER BY seq) AS n
             FROM parsed WHERE source_id != '')
          WHERE n > 1`,
      )
      .run(JSON.stringify(anyType));
  }

  private idTakenEarlier({ seq }: PlannedRow): boolean {
    return this.stmt.repeatedId.get(seq) !== undefined;
  }

  /** The name clash policy: rename to the first free `Name N`, replace, or skip (SPEC §5). */
  private place(
    folderId: string | null,
    folderIsNew: boolean,
    type: ItemType,
    name: string,
  ): { status: string; id: string; name: string; base_revision?: number } | { failed: string } {
    const key = folderId ?? '';
    const usedInFiles = (n: string) => this.stmt.nameUsed.get(key, type, n) !== undefined;
    const existing = (n: string) => (folderIsNew ? undefined : this.repo.sameName(folderId, [type], n));
    const take = (n: string) => this.stmt.useName.run(key, type, n);

    const clash = existing(name);
    if (!usedInFiles(name)) {
      if (!clash) {
        take(name);
        return { status: 'ok', id: this.newId(), name };
      }
      if (this.onConflict === 'replace') {
        take(name);
        return { status: 'replaced', id: clash.id, name, base_revision: clash.version - 1 };
      }
      if (this.onConflict === 'skip') {
        take(name);
        return { status: 'skipped', id: clash.id, name };
      }
    }
    // rename — and any clash inside the files themselves, whatever the policy
    for (let n = 2; n < 100_000; n++) {
      const candidate = `${name} ${n}`;
      if (nameProblem(candidate)) return { failed: `"${name}" is taken and "${candidate}" is not a valid name` };
      if (!usedInFiles(candidate) && !existing(candidate)) {
        take(candidate);
        return { status: 'renamed', id: this.newId(), name: candidate };
      }
    }
    return { failed: `no free name for "${name}"` };
  }

  /**
   * Everything that depends on a failed item fails too, transitively (SPEC §5): one pass per
   * level of the dependency chains, each naming the failed item it depends on.
   */
  private cascadeFailures(): void {
    // Built now, from the finished deps: kept while they were planned, its rows by random targets
    // were each an insert at a page of their own.
    this.db.exec('CREATE INDEX IF NOT EXISTS plan.deps_on ON deps (on_seq)');
    const pass = this.db.prepare(
      `UPDATE outcome
          SET status = 'failed', id = NULL, path = NULL, base_revision = NULL,
              reason = 'depends on "' || (CASE c.folder_path WHEN '/' THEN '' ELSE c.folder_path END) || '/' || c.name || '", which failed'
         FROM (SELECT d.seq, p.folder_path, p.name
                 FROM deps d JOIN outcome f ON f.seq = d.on_seq AND f.status = 'failed' JOIN parsed p ON p.seq = d.on_seq
                GROUP BY d.seq) AS c
        WHERE outcome.seq = c.seq AND outcome.status != 'failed'`,
    );
    while (pass.run().changes > 0);
  }

  private record(o: {
    seq: number;
    status: string;
    id?: string | null;
    name?: string;
    folder_id?: string | null;
    path?: string;
    reason?: string;
    warnings?: string;
    base_revision?: number;
  }): void {
    this.stmt.outcome.run({
      id: null,
      name: null,
      folder_id: null,
      path: null,
      reason: null,
      warnings: '[]',
      base_revision: null,
      ...o,
    });
  }
}
