import type { EventStore } from '../../event-store/event-store';
import { isItemStream, itemIdOf } from '../../repository/domain/item.events';
import type { ItemQueries } from '../../repository/queries/item-queries';
import type { RestoreScratch } from './restore-scratch';

/**
 * After the log moved while an item restore was planned (another instance wrote: the read model
 * it planned against is out of date), whether an item changed since `since` now holds a name the
 * plan gives: a path among the folders it creates, or a (folder, type, name) among the names it
 * gives. Cost: the events since, not the restore's size. Returns the clash, or null.
 */
export async function nameTakenSince(store: EventStore, items: ItemQueries, scratch: RestoreScratch, since: bigint): Promise<string | null> {
  const changed = new Set<string>();
  for await (const e of store.readAll(since)) if (isItemStream(e.streamId)) changed.add(itemIdOf(e.streamId));
  const planned = scratch.db.prepare("SELECT 1 FROM outcome WHERE id = ? AND status IN ('ok', 'renamed', 'replaced')").pluck();
  const newFolder = scratch.db.prepare('SELECT 1 FROM folders WHERE path = ? AND is_new = 1 AND failed IS NULL').pluck();
  const name = scratch.db.prepare('SELECT 1 FROM names WHERE folder_id = ? AND type = ? AND name = ?').pluck();
  for (const id of changed) {
    if (planned.get(id) !== undefined) continue; // the restore's own item
    const item = items.get(id);
    if (!item) continue;
    const clash = item.type === 'folder' ? newFolder.get(item.path) : name.get(item.folderId ?? '', item.type, item.name);
    if (clash !== undefined) return `${item.path} was created meanwhile`;
  }
  return null;
}
