import type { ItemType, ItemVersionData, RecordedMetadata } from './item';

/**
 * The item events written without a command per item — an item restore's batch, a full restore's
 * compensating batch, a rollback — built here, beside the decider, as pure functions. A version's
 * content is left out: those writers hold it as JSON text and splice it in as the data's last
 * member (src/event-store/item-data-json.ts) rather than parse it and serialise it again.
 */

/** An item's version but its content. */
export type VersionFields = Omit<ItemVersionData, 'content'>;

/** The event that puts a version in place, content aside. */
export type VersionEvent = { type: 'ItemCreated'; data: { id: string; itemType: ItemType } & VersionFields } | { type: 'ItemReplaced'; data: VersionFields };

/** Who restores, and when: the stamps of an item whose backup records none. */
export interface RestoreAuthor {
  userName: string;
  at: string;
}

/**
 * A restored item's fields: the backup's metadata, the restoring user's stamps where it records
 * none. Items keep the Created and Last Edited user and date the backup recorded (SPEC §5), an
 * empty one included: legacy XML's `<UserDate/>` means "unknown", and the fidelity rule (SPEC §4)
 * wants it back as such. Only an item that records none of them (a folder the restore creates, an
 * item without metadata) gets the restoring user and time.
 */
export function restoredVersion(name: string, folderId: string | null, recorded: RecordedMetadata | null, author: RestoreAuthor): VersionFields {
  const stamped = recorded !== null && !!(recorded.createdBy || recorded.createdAt || recorded.lastEditedBy || recorded.lastEditedAt);
  const createdBy = stamped ? recorded.createdBy : author.userName;
  const createdAt = stamped ? recorded.createdAt : author.at;
  return {
    name,
    folderId,
    description: recorded?.description ?? '',
    comments: recorded?.comments ?? '',
    createdBy,
    createdAt,
    lastEditedBy: stamped ? recorded.lastEditedBy : createdBy,
    lastEditedAt: stamped ? recorded.lastEditedAt : createdAt,
  };
}

/** ItemCreated for an item the repository lacks, ItemReplaced (same id, same type) for one it has. */
export function versionEvent(change: 'created' | 'replaced', id: string, itemType: ItemType, fields: VersionFields): VersionEvent {
  return change === 'replaced' ? { type: 'ItemReplaced', data: fields } : { type: 'ItemCreated', data: { id, itemType, ...fields } };
}

/** An item's deletion: the decider's answer to DeleteItem, and what full restores and rollbacks write. */
export function itemDeleted(): { type: 'ItemDeleted'; data: Record<string, never> } {
  return { type: 'ItemDeleted', data: {} };
}
