import fs from 'node:fs';
import type { RestoreItem } from '../../../workers/parsing/restore-item';
import { ScratchFile } from '../scratch-file';
import { attachScratchFile } from '../../common/sqlite-file';
import type { MetadataColumns } from '../../read-model/metadata-columns';
import { TARGETS, targetsKey } from './reference-resolver';

/** An item of the scratch file as the planner and the batch read it back (RestoreItem's columns). */
export interface ParsedRow extends MetadataColumns {
  seq: number;
  file: number;
  source_id: string;
  type: string;
  name: string;
  folder_path: string;
  problem: string | null;
  skip: string | null;
  /** JSON: string[]. */
  warnings: string;
  /** JSON: RestoreItem['refs']. */
  refs: string;
  content: string;
  placeholders: number;
  /** 1: its content's shape is complete (RestoreItem.complete). */
  complete: number;
}

/**
 * Page size of the plan's file. Its rows are small, and a plan inserts them wherever their keys fall
 * (new folders' random ids, names, reference values), a transaction of a hundred items at a time:
 * in 64 KiB pages each transaction rewrote a whole big page per row (150,000 rules in as many new
 * folders planned in 36–52 s; in this file, 5.5 s). The items keep 64 KiB pages (docs/decisions/0008).
 */
export const PLAN_PAGE_SIZE = 4_096;

/**
 * An item restore's scratch file: the items of its files as the workers made them ready (one row
 * each, the content's JSON as it will go into the event), and beside it, attached as `plan`, a
 * file of small pages with the plan made from them.
 */
export class RestoreScratch extends ScratchFile {
  private readonly insertParsed;
  private readonly insertRef;
  private readonly planFile: string;

  constructor(file: string) {
    super(file);
    this.planFile = `${file.replace(/\.db$/, '')}-plan.db`;
    attachScratchFile(this.db, this.planFile, 'plan', PLAN_PAGE_SIZE);
    this.db.exec(`
      CREATE TABLE parsed (
        seq INTEGER PRIMARY KEY, file INTEGER NOT NULL, source_id TEXT NOT NULL, type TEXT NOT NULL,
        name TEXT NOT NULL, folder_path TEXT NOT NULL, description TEXT NOT NULL, comments TEXT NOT NULL,
        created_by TEXT NOT NULL, created_at TEXT NOT NULL, last_edited_by TEXT NOT NULL, last_edited_at TEXT NOT NULL,
        problem TEXT, skip TEXT, warnings TEXT NOT NULL, refs TEXT NOT NULL, content TEXT NOT NULL, placeholders INTEGER NOT NULL,
        complete INTEGER NOT NULL);
      -- Each item's references as the file states them (parsed.refs, one row each), in file order:
      -- the plan resolves those into the files in one sorted pass (see ReferenceResolver.resolveInFiles).
      CREATE TABLE parsed_refs (seq INTEGER NOT NULL, file INTEGER NOT NULL, field TEXT NOT NULL, value TEXT NOT NULL);
      -- The plan: one outcome per parsed item.
      CREATE TABLE plan.outcome (
        seq INTEGER PRIMARY KEY, status TEXT NOT NULL, id TEXT, name TEXT, folder_id TEXT, path TEXT,
        reason TEXT, warnings TEXT NOT NULL DEFAULT '[]', base_revision INTEGER);
      -- In-file dependencies: seq needs on_seq (its folder, what it references). Indexed by on_seq
      -- once planned (see RestorePlanner.cascadeFailures).
      CREATE TABLE plan.deps (seq INTEGER NOT NULL, on_seq INTEGER NOT NULL);
      -- Items whose id an earlier item of their file has (SPEC §5: they fail), found in one pass.
      CREATE TABLE plan.repeated_ids (seq INTEGER PRIMARY KEY);
      -- How each reference value of a file resolves, for the item types its field names (legacy XML
      -- gives a rule and a rule template of one path the same URI): to an item of the file, or to a repository id.
      CREATE TABLE plan.refmap (
        file INTEGER NOT NULL, value TEXT NOT NULL, targets TEXT NOT NULL, seq INTEGER, repo_id TEXT,
        PRIMARY KEY (file, value, targets));
      -- The item types each reference field may point at, as refmap.targets names them.
      CREATE TABLE plan.ref_targets (field TEXT PRIMARY KEY, targets TEXT NOT NULL);
      -- Target folders by path: reused (is_new 0), created (1), or failed (reason). The new ones are
      -- made parents first, paged by (depth, path): indexed as columns, so each page is a seek.
      CREATE TABLE plan.folders (
        path TEXT PRIMARY KEY, id TEXT, is_new INTEGER NOT NULL, seq INTEGER, failed TEXT,
        depth INTEGER GENERATED ALWAYS AS (length(path) - length(replace(path, '/', ''))) VIRTUAL);
      CREATE INDEX plan.folders_created ON folders (depth, path) WHERE is_new = 1 AND failed IS NULL;
      -- Names this restore gives, to find clashes inside the files.
      CREATE TABLE plan.names (folder_id TEXT NOT NULL, type TEXT NOT NULL, name TEXT NOT NULL, PRIMARY KEY (folder_id, type, name));
    `);
    const target = this.db.prepare('INSERT INTO ref_targets (field, targets) VALUES (?, ?)');
    for (const [field, types] of Object.entries(TARGETS)) target.run(field, targetsKey(types));
    this.insertRef = this.db.prepare('INSERT INTO parsed_refs (seq, file, field, value) VALUES (?, ?, ?, ?)');
    this.insertParsed = this.db.prepare(
      `INSERT INTO parsed (file, source_id, type, name, folder_path, description, comments, created_by, created_at, last_edited_by,
         last_edited_at, problem, skip, warnings, refs, content, placeholders, complete)
       VALUES (@file, @source_id, @type, @name, @folder_path, @description, @comments, @created_by, @created_at, @last_edited_by,
         @last_edited_at, @problem, @skip, @warnings, @refs, @content, @placeholders, @complete)`,
    );
  }

  /** Stores a chunk of the items of file number `file`. */
  addItems(file: number, items: readonly RestoreItem[]): void {
    this.db.transaction(() => {
      for (const item of items) {
        const { lastInsertRowid: seq } = this.insertParsed.run({
          file,
          source_id: text(item.sourceId),
          type: text(item.type),
          name: text(item.name),
          folder_path: typeof item.folderPath === 'string' ? item.folderPath : '/',
          description: text(item.description),
          comments: text(item.comments),
          created_by: text(item.createdBy),
          created_at: text(item.createdAt),
          last_edited_by: text(item.lastEditedBy),
          last_edited_at: text(item.lastEditedAt),
          problem: item.problem,
          skip: typeof item.skip === 'string' && item.skip !== '' ? item.skip : null,
          warnings: JSON.stringify(item.warnings),
          refs: JSON.stringify(item.refs),
          content: item.contentJson,
          placeholders: item.placeholders ? 1 : 0,
          complete: item.complete ? 1 : 0,
        });
        for (const [field, value] of item.refs) this.insertRef.run(seq, file, field, value);
      }
    })();
  }

  /**
   * Indexes the items by (file, source id, type), for the plan, once they are all in: kept while
   * they were added, the index's small rows at random places made each chunk's transaction rewrite
   * a 64 KiB page per row (100,000 items added in 3.1 s with it, 1.9 s without, the index then
   * built in 0.14 s). With the type in it, the plan's passes over the ids read the index alone.
   */
  indexSources(): void {
    this.db.exec('CREATE INDEX IF NOT EXISTS parsed_source ON parsed (file, source_id, type)');
  }

  override close(): void {
    super.close();
    fs.rmSync(this.planFile, { force: true });
  }

  count(): number {
    return Number((this.db.prepare('SELECT COUNT(*) AS n FROM parsed').get() as { n: number }).n);
  }
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : String(value ?? '');
}
