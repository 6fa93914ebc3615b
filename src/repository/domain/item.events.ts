import type { ItemContent, ItemType, ItemVersionData } from './item';

export type { ItemVersionData };

/** Events of one item's stream (`item-<id>`), past tense, plain tagged objects. */
export type ItemEvent =
  | { type: 'ItemCreated'; data: { id: string; itemType: ItemType } & ItemVersionData }
  | { type: 'ItemRenamed'; data: { name: string } }
  | { type: 'ItemMoved'; data: { folderId: string | null } }
  | { type: 'ItemDescriptionChanged'; data: { description: string } }
  | { type: 'ItemCommentsChanged'; data: { comments: string } }
  | { type: 'ItemContentChanged'; data: { content: ItemContent } }
  /** A restore put the backup's version in place of the item's (keeps its id). */
  | { type: 'ItemReplaced'; data: ItemVersionData }
  | { type: 'ItemDeleted'; data: Record<string, never> }
  /** Only the fact that a secret was set: the value never enters the log. */
  | { type: 'ItemPasswordSet'; data: { list: 'importCredentials' | 'exportCredentials'; name: string } }
  | { type: 'ItemFileAttached'; data: { fileName: string; sha256: string; size: number } };

export type ItemEventType = ItemEvent['type'];

export const ITEM_EVENT_TYPES: readonly ItemEventType[] = [
  'ItemCreated',
  'ItemRenamed',
  'ItemMoved',
  'ItemDescriptionChanged',
  'ItemCommentsChanged',
  'ItemContentChanged',
  'ItemReplaced',
  'ItemDeleted',
  'ItemPasswordSet',
  'ItemFileAttached',
];

export const itemStreamId = (id: string) => `item-${id}`;
export const isItemStream = (streamId: string) => streamId.startsWith('item-');
/** The item an item stream is of (itemStreamId's inverse). */
export const itemIdOf = (streamId: string) => streamId.slice('item-'.length);

/**
 * What an event sets of the item's version: nothing for deletions and side facts (secrets,
 * files), one field for an edit, everything for a creation or a restore's replacement. The decider
 * and the read model both evolve an item through this one mapping.
 */
export function versionChanges(event: ItemEvent): Partial<ItemVersionData> {
  switch (event.type) {
    case 'ItemCreated': {
      const { id: _id, itemType: _type, ...version } = event.data;
      return version;
    }
    case 'ItemReplaced':
      return event.data;
    case 'ItemRenamed':
    case 'ItemMoved':
    case 'ItemDescriptionChanged':
    case 'ItemCommentsChanged':
    case 'ItemContentChanged':
      return event.data;
    case 'ItemDeleted':
    case 'ItemPasswordSet':
    case 'ItemFileAttached':
      return {};
    default: {
      const never: never = event;
      throw new Error(`unknown item event ${JSON.stringify(never)}`);
    }
  }
}
