import type { ViewDatabase } from '../read-model/view-database';
import type { VersionRow } from '../read-model/item-projection';
import { liveAt } from '../read-model/live-at';
import { FolderPaths } from '../repository/queries/folder-paths';
import { Page, decodeCursor, encodeCursor } from '../common/pagination';
import { DomainError } from '../common/errors';

export interface Change {
  id: string;
  type: string;
  name: string;
  path: string;
  change: 'created' | 'changed' | 'deleted';
  /** For `changed`: which parts differ between the two moments. */
  fields?: string[];
}

/**
 * Items created, changed and deleted between positions `from` and `to` (SPEC §7): the items with
 * a version boundary in (from, to], found through the position indexes, compared as of both ends.
 * An item created and deleted in between is not listed.
 */
export function changesBetween(view: ViewDatabase, from: bigint, to: bigint, limit: number, cursor?: string): Page<Change> {
  const { db } = view;
  const after = cursor ? decodeCursor<string>(cursor) : '';
  if (typeof after !== 'string') throw new DomainError('VALIDATION_FAILED', 'cursor is not valid');
  const f = from.toString();
  const t = to.toString();
  const candidates = db
    .prepare(
      `SELECT item_id FROM (
         SELECT item_id FROM item_versions WHERE from_pos > ${f} AND from_pos <= ${t}
         UNION SELECT item_id FROM item_versions WHERE to_pos > ${f} AND to_pos <= ${t})
       WHERE item_id > ? ORDER BY item_id LIMIT ?`,
    )
    .all(after, limit * 4 + 1) as { item_id: string }[];
  const version = (at: bigint) => db.prepare(`SELECT ${view.versionColumns('v')} FROM item_versions v WHERE v.item_id = ? AND ${liveAt(at, 'v')}`);
  const before = version(from);
  const now = version(to);
  const paths = new FolderPaths(db);
  const pathsBefore = paths.cache(from);
  const pathsNow = paths.cache(to);
  const items: Change[] = [];
  let last = after;
  for (const { item_id } of candidates) {
    if (items.length === limit) return { items, nextCursor: encodeCursor(last) };
    last = item_id;
    const a = before.get(item_id) as VersionRow | undefined;
    const b = now.get(item_id) as VersionRow | undefined;
    if (!a && !b) continue;
    if (!a) items.push(entry(b!, 'created', pathsNow.pathOf(b!.folder_id, b!.name)));
    else if (!b) items.push(entry(a, 'deleted', pathsBefore.pathOf(a.folder_id, a.name)));
    else {
      const fields = differences(a, b);
      if (fields.length > 0) items.push({ ...entry(b, 'changed', pathsNow.pathOf(b.folder_id, b.name)), fields });
    }
  }
  return { items, nextCursor: candidates.length > limit * 4 ? encodeCursor(last) : null };
}

function entry(v: VersionRow, change: Change['change'], path: string): Change {
  return { id: v.item_id, type: v.type, name: v.name, path, change };
}

function differences(a: VersionRow, b: VersionRow): string[] {
  const fields: string[] = [];
  if (a.name !== b.name) fields.push('name');
  if (a.folder_id !== b.folder_id) fields.push('folder');
  if (a.description !== b.description) fields.push('description');
  if (a.comments !== b.comments) fields.push('comments');
  if (a.content !== b.content) fields.push('content');
  if (a.created_by !== b.created_by || a.created_at !== b.created_at || a.last_edited_by !== b.last_edited_by || a.last_edited_at !== b.last_edited_at) {
    fields.push('metadata');
  }
  return fields;
}
