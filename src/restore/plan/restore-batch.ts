import type Database from 'better-sqlite3';
import type { NewEvent, EventMetadata } from '../../event-store/event-store';
import { ItemContent, ItemType, ReferenceField, rewriteReferences } from '../../repository/domain/item';
import { restoredVersion, versionEvent, type RestoreAuthor } from '../../repository/domain/item.builders';
import { versionWithContent, versionWithContentAt } from '../../event-store/item-data-json';
import { takesContentFacts, type ContentFacts } from '../../read-model/item-projection';
import { fillReferences, type RestoreItem } from '../../../workers/parsing/restore-item';
import type { ReportItem, ItemOutcome } from '../domain/restore.events';
import type { ParsedRow, RestoreScratch } from './restore-scratch';
import { ITEM_PAGE } from '../../common/item-page';
import { metadataOf, type MetadataColumns } from '../../read-model/metadata-columns';

const PAGE = ITEM_PAGE;

/**
 * A page of a plan's item events, and the facts of their contents that the plan knows (see
 * ContentFacts): every item's but the folders' (whose content is `{}`) and those of types that take none
 * (takesContentFacts).
 */
export interface PlannedPage {
  events: NewEvent[];
  facts: { itemId: string; facts: ContentFacts }[];
}

/**
 * Turns a plan into item events, page by page: new folders parents-first, then created and
 * replaced items in file order, their content's JSON as the worker wrote it (see RestoreItem) with
 * their references put in: the restored ids.
 */
export async function* plannedItemEvents(scratch: RestoreScratch, metadata: EventMetadata, author: RestoreAuthor): AsyncGenerator<PlannedPage> {
  const db = scratch.db;

  // New folders parents first (by depth, then path), a page at a time: a restore may create many.
  // The keyset is over the columns of the index folders_created: a row value over expressions is
  // sought in no index, and each page would sort every new folder.
  const folderPage = db.prepare(
    `SELECT f.path, f.id, p.description, p.comments, p.created_by, p.created_at, p.last_edited_by, p.last_edited_at,
            p.seq IS NOT NULL AS in_file, f.depth
       FROM folders f LEFT JOIN parsed p ON p.seq = f.seq
      WHERE f.is_new = 1 AND f.failed IS NULL AND (f.depth, f.path) > (?, ?)
      ORDER BY f.depth, f.path LIMIT ?`,
  );
  const folderId = db.prepare('SELECT id FROM folders WHERE path = ?');
  for (let after: [number, string] = [0, '']; ;) {
    const folders = folderPage.all(...after, PAGE) as (MetadataColumns & { path: string; id: string; in_file: number; depth: number })[];
    if (folders.length === 0) break;
    const events = folders.map((f) => {
      const cut = f.path.lastIndexOf('/');
      const parentId = cut === 0 ? null : (folderId.get(f.path.slice(0, cut)) as { id: string }).id;
      const fields = restoredVersion(f.path.slice(cut + 1), parentId, f.in_file ? metadataOf(f) : null, author);
      return versionWithContent(f.id, versionEvent('created', f.id, 'folder', fields), '{}', metadata);
    });
    yield { events, facts: [] };
    const last = folders[folders.length - 1];
    after = [last.depth, last.path];
  }

  // Each row comes with the restored id of each of its references, in order (refmap, filled by the
  // plan): to an item of the files, its outcome's id; to the repository, that item's id.
  const page = db.prepare(
    `SELECT o.seq, o.status, o.id, o.name, o.folder_id, p.file, p.type, p.description, p.comments, p.created_by, p.created_at,
            p.last_edited_by, p.last_edited_at, p.refs, p.content, p.placeholders, p.complete,
            (SELECT json_group_array(COALESCE(r.repo_id, t.id, j.value ->> 1) ORDER BY j.key)
               FROM json_each(p.refs) j
               LEFT JOIN ref_targets f ON f.field = j.value ->> 0
               LEFT JOIN refmap r ON r.file = p.file AND r.value = j.value ->> 1 AND r.targets = f.targets
               LEFT JOIN outcome t ON t.seq = r.seq AND t.status != 'failed') AS ref_ids
       FROM outcome o JOIN parsed p ON p.seq = o.seq
      WHERE o.seq > ? AND o.status IN ('ok', 'renamed', 'replaced') AND p.type != 'folder' ORDER BY o.seq LIMIT ?`,
  );
  for (let after = 0; ;) {
    const rows = page.all(after, PAGE) as PlannedRow[];
    if (rows.length === 0) break;
    const planned: PlannedPage = { events: [], facts: [] };
    for (const row of rows) {
      const type = row.type as ItemType;
      const ids = JSON.parse(row.ref_ids) as string[];
      const refs = JSON.parse(row.refs) as RestoreItem['refs'];
      const contentJson = row.placeholders
        ? fillReferences(row.content, ids)
        : JSON.stringify(rewriteReferences(type, JSON.parse(row.content) as ItemContent, restoredIds(refs, ids)));
      const fields = restoredVersion(row.name, row.folder_id, metadataOf(row), author);
      const change = row.status === 'replaced' ? 'replaced' : 'created';
      const { event, contentAt } = versionWithContentAt(row.id, versionEvent(change, row.id, type, fields), contentJson, metadata);
      planned.events.push(event);
      // Its references are the file's, each put in as its restored id, in the order the content holds them.
      const facts = { contentAt, complete: row.complete === 1, refs: refs.map(([field], i) => ({ field, targetId: ids[i] })) };
      if (takesContentFacts(type)) planned.facts.push({ itemId: row.id, facts });
    }
    yield planned;
    after = rows[rows.length - 1].seq;
  }
}

/**
 * For content whose references are as in the file (no placeholders): each reference's restored
 * id, by field and value as the file states them.
 */
function restoredIds(refs: RestoreItem['refs'], ids: readonly string[]): (value: string, field: ReferenceField) => string {
  const byRef = new Map(refs.map(([field, value], i) => [`${field}\u0000${value}`, ids[i]]));
  return (value, field) => byRef.get(`${field}\u0000${value}`) ?? value;
}

/** A row of the page of planned items: what its event needs. */
type PlannedRow = MetadataColumns &
  Pick<ParsedRow, 'file' | 'type' | 'refs' | 'content' | 'placeholders' | 'complete'> &
  PlannedColumns & {
    /** JSON: the restored id of each of `refs`, in order. */
    ref_ids: string;
  };

/** The outcome's columns an event needs. */
interface PlannedColumns {
  seq: number;
  status: string;
  id: string;
  name: string;
  folder_id: string | null;
}

/** The per-item report, in file order, page by page (SPEC §5). */
export function* reportPages(scratch: RestoreScratch, fileNames: readonly string[]): Generator<ReportItem[]> {
  const page = scratch.db.prepare(
    `SELECT o.seq, o.status, o.id, o.path, o.reason, o.warnings, p.file, p.source_id, p.type, p.name, p.folder_path,
            (p.type = 'folder' AND o.status = 'ok' AND EXISTS (SELECT 1 FROM folders f WHERE f.path = o.path AND f.is_new = 0)) AS existing
       FROM outcome o JOIN parsed p ON p.seq = o.seq WHERE o.seq > ? ORDER BY o.seq LIMIT ?`,
  );
  let after = 0;
  for (;;) {
    const rows = page.all(after, PAGE) as {
      seq: number;
      status: ItemOutcome;
      id: string | null;
      path: string | null;
      reason: string | null;
      warnings: string;
      file: number;
      source_id: string;
      type: string;
      name: string;
      folder_path: string;
      existing: number;
    }[];
    if (rows.length === 0) return;
    yield rows.map((r) => {
      const item: ReportItem = {
        file: fileNames[r.file],
        sourceId: r.source_id || undefined,
        sourcePath: r.folder_path === '/' ? `/${r.name}` : `${r.folder_path}/${r.name}`,
        type: r.type,
        status: r.status,
        warnings: JSON.parse(r.warnings) as string[],
      };
      if (r.id) item.id = r.id;
      if (r.path) item.path = r.path;
      if (r.reason) item.reason = r.reason;
      if (r.existing) item.existing = true;
      return item;
    });
    after = rows[rows.length - 1].seq;
  }
}

/** Outcome counts of the plan. */
export function outcomeCounts(db: Database.Database): Record<string, number> {
  const counts: Record<string, number> = { ok: 0, renamed: 0, replaced: 0, skipped: 0, failed: 0 };
  for (const row of db.prepare('SELECT status, COUNT(*) AS n FROM outcome GROUP BY status').all() as { status: ItemOutcome; n: number }[]) {
    counts[row.status] = Number(row.n);
  }
  return counts;
}
