import type { ItemContent, ItemType } from './item';

/** Events of one item's stream (`item-<id>`), past tense, plain tagged objects. */
export type ItemEvent =
  | {
      type: 'ItemCreated';
      data: {
        id: string;
        itemType: ItemType;
        name: string;
        folderId: string | null;
        description: string;
        comments: string;
        content: ItemContent;
        /** Created/Last Edited as recorded (a restore keeps the backup's; an edit, the editor's). */
        createdBy: string;
        createdAt: string;
        lastEditedBy: string;
        lastEditedAt: string;
      };
    }
  | { type: 'ItemRenamed'; data: { name: string } }
  | { type: 'ItemMoved'; data: { folderId: string | null } }
  | { type: 'ItemDescriptionChanged'; data: { description: string } }
  | { type: 'ItemCommentsChanged'; data: { comments: string } }
  | { type: 'ItemContentChanged'; data: { content: ItemContent } }
  | {
      /** A restore put the backup's version in place of the item's (keeps its id). */
      type: 'ItemReplaced';
      data: {
        name: string;
        folderId: string | null;
        description: string;
        comments: string;
        content: ItemContent;
        createdBy: string;
        createdAt: string;
        lastEditedBy: string;
        lastEditedAt: string;
      };
    }
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
