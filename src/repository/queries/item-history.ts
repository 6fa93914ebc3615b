import type { EventStore } from '../../event-store/event-store';
import { ItemEvent, itemStreamId } from '../domain/item.events';

export interface HistoryEntry {
  position: string;
  at: string;
  by: string;
  change: string;
  /** What changed, where it is worth saying (new name, folder…); never a secret value. */
  detail?: Record<string, unknown>;
  restoreId?: string;
}

const CHANGE: Record<ItemEvent['type'], string> = {
  ItemCreated: 'created',
  ItemRenamed: 'renamed',
  ItemMoved: 'moved',
  ItemDescriptionChanged: 'description',
  ItemCommentsChanged: 'comments',
  ItemContentChanged: 'content',
  ItemReplaced: 'replaced',
  ItemDeleted: 'deleted',
  ItemPasswordSet: 'password',
  ItemFileAttached: 'file',
};

/**
 * An item's history, read from its stream in the log (works for deleted items too), entry by
 * entry up to position `until`: an item edited a million times is never a million entries in memory.
 */
export async function* itemHistory(store: EventStore, id: string, until?: bigint): AsyncGenerator<HistoryEntry> {
  for await (const recorded of store.readStream(itemStreamId(id))) {
    if (until !== undefined && recorded.position > until) return;
    const event = recorded as unknown as ItemEvent;
    const entry: HistoryEntry = {
      position: recorded.position.toString(),
      at: recorded.metadata.at,
      by: recorded.metadata.userName,
      change: CHANGE[event.type] ?? event.type,
    };
    const detail = detailOf(event);
    if (detail) entry.detail = detail;
    if (recorded.metadata.restoreId) entry.restoreId = recorded.metadata.restoreId;
    yield entry;
  }
}

function detailOf(event: ItemEvent): Record<string, unknown> | undefined {
  switch (event.type) {
    case 'ItemCreated':
      return { name: event.data.name, folderId: event.data.folderId };
    case 'ItemRenamed':
      return { name: event.data.name };
    case 'ItemMoved':
      return { folderId: event.data.folderId };
    case 'ItemPasswordSet':
      return { param: event.data.name };
    case 'ItemFileAttached':
      return { fileName: event.data.fileName, size: event.data.size };
    default:
      return undefined;
  }
}
