import type Database from 'better-sqlite3';
import type { NewEvent, EventMetadata } from '../../event-store/event-store';
import type { ParsedItem } from '../../../workers/parsing/parsed-item';
import { ItemContent, ItemType, rewriteReferences } from '../../repository/domain/item';
import { ItemEvent, itemStreamId } from '../../repository/domain/item.events';
import { stripSecretsAndFiles } from '../../secrets/strip-secrets';
import type { ReportItem, ItemOutcome } from '../domain/restore.events';
import type { RestoreScratch } from './restore-scratch';
import { ITEM_PAGE } from '../../common/item-page';
import { TARGETS } from './reference-resolver';

const PAGE = ITEM_PAGE;

/** Who restores and when: the default Created/Last Edited for what the file does not say. */
export interface RestoreAuthor {
  userName: string;
  at: string;
}

/**
 * Turns a plan into item events, page by page: new folders parents-first, then created and
 * replaced items in file order with their references rewritten to the restored ids.
 */
export async function* plannedItemEvents(
  scratch: RestoreScratch,
  metadata: EventMetadata,
  author: RestoreAuthor,
): AsyncGenerator<NewEvent[]> {
  const db = scratch.db;
  const event = (id: string, e: ItemEvent): NewEvent => ({ streamId: itemStreamId(id), type: e.type, data: e.data, metadata });

  // New folders parents first (by depth, then path), a page at a time: a restore may create many.
  const folderPage = db.prepare(
    `SELECT f.path, f.id, p.body, length(f.path) - length(replace(f.path, '/', '')) AS depth
       FROM folders f LEFT JOIN parsed p ON p.seq = f.seq
      WHERE f.is_new = 1 AND f.failed IS NULL AND (length(f.path) - length(replace(f.path, '/', '')), f.path) > (?, ?)
      ORDER BY depth, f.path LIMIT ?`,
  );
  const folderId = db.prepare('SELECT id FROM folders WHERE path = ?');
  let batch: NewEvent[] = [];
  for (let after: [number, string] = [0, '']; ; ) {
    const folders = folderPage.all(...after, PAGE) as { path: string; id: string; body: string | null; depth: number }[];
    if (folders.length === 0) break;
    for (const f of folders) {
      const parsed = f.body ? (JSON.parse(f.body) as ParsedItem) : null;
      const cut = f.path.lastIndexOf('/');
      const parentId = cut === 0 ? null : (folderId.get(f.path.slice(0, cut)) as { id: string }).id;
      batch.push(event(f.id, created(f.id, 'folder', f.path.slice(cut + 1), parentId, {}, parsed, author)));
    }
    yield batch;
    batch = [];
    const last = folders[folders.length - 1];
    after = [last.depth, last.path];
  }

  const lookup = db.prepare(
    `SELECT COALESCE(r.repo_id, o.id) AS id FROM refmap r LEFT JOIN outcome o ON o.seq = r.seq AND o.status != 'failed'
      WHERE r.file = ? AND r.value = ? AND r.targets = ?`,
  );
  const page = db.prepare(
    `SELECT o.seq, o.status, o.id, o.name, o.folder_id, p.file, p.body FROM outcome o JOIN parsed p ON p.seq = o.seq
      WHERE o.seq > ? AND o.status IN ('ok', 'renamed', 'replaced') AND p.type != 'folder' ORDER BY o.seq LIMIT ?`,
  );
  let after = 0;
  for (;;) {
    const rows = page.all(after, PAGE) as { seq: number; status: string; id: string; name: string; folder_id: string | null; file: number; body: string }[];
    if (rows.length === 0) break;
    for (const row of rows) {
      const parsed = JSON.parse(row.body) as ParsedItem;
      const type = parsed.type as ItemType;
      const content = stripSecretsAndFiles(
        rewriteReferences(
          type,
          parsed.content,
          (value, field) => (lookup.get(row.file, value, TARGETS[field].join(',')) as { id: string | null } | undefined)?.id ?? value,
        ),
      );
      if (row.status === 'replaced') {
        const c = created(row.id, type, row.name, row.folder_id, content, parsed, author).data as Extract<ItemEvent, { type: 'ItemCreated' }>['data'];
        const { id: _id, itemType: _type, ...replacement } = c;
        batch.push(event(row.id, { type: 'ItemReplaced', data: replacement }));
      } else {
        batch.push(event(row.id, created(row.id, type, row.name, row.folder_id, content, parsed, author)));
      }
      if (batch.length >= PAGE) {
        yield batch;
        batch = [];
      }
    }
    after = rows[rows.length - 1].seq;
  }
  if (batch.length > 0) yield batch;
}

/** The ItemCreated of a restored item: the backup's metadata, the restoring user's where it has none. */
export function created(
  id: string,
  type: ItemType,
  name: string,
  folderId: string | null,
  content: ItemContent,
  parsed: Omit<ParsedItem, 'content'> | null,
  author: RestoreAuthor,
): Extract<ItemEvent, { type: 'ItemCreated' }> {
  // Items keep the Created and Last Edited user and date the backup recorded (SPEC §5), an empty
  // one included: legacy XML's `<UserDate/>` means "unknown", and the fidelity rule (SPEC §4)
  // wants it back as such. Only an item that records none of them (a folder the restore creates,
  // an item without metadata) gets the restoring user and time.
  const recorded = parsed !== null && !!(parsed.createdBy || parsed.createdAt || parsed.lastEditedBy || parsed.lastEditedAt);
  const createdBy = recorded ? parsed.createdBy : author.userName;
  const createdAt = recorded ? parsed.createdAt : author.at;
  return {
    type: 'ItemCreated',
    // Content last: the read model then points at its JSON in the log instead of copying it.
    data: {
      id,
      itemType: type,
      name,
      folderId,
      description: parsed?.description ?? '',
      comments: parsed?.comments ?? '',
      createdBy,
      createdAt,
      lastEditedBy: recorded ? parsed.lastEditedBy : createdBy,
      lastEditedAt: recorded ? parsed.lastEditedAt : createdAt,
      content,
    },
  };
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
