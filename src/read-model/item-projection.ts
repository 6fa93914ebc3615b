import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import type { RecordedEvent } from '../event-store/event-store';
import { ItemContent, ItemType, Reference, referencesOf } from '../repository/domain/item';
import { ItemEvent, ItemVersionData, versionChanges } from '../repository/domain/item.events';
import { contentOffsetOf } from '../repository/domain/item-data-json';
import { isShapeComplete } from '../repository/domain/completeness';
import { hasSecretsOrFiles, stripSecretsAndFiles } from '../secrets/strip-secrets';

/**
 * Projects item events into `item_versions` (every version with its live position range),
 * `refs`, `item_files` and `item_passwords`. Runs inside the projector's transaction.
 */
export class ItemProjection {
  private readonly stmt;

  constructor(db: Database.Database) {
    this.stmt = {
      insert: db.prepare(`INSERT INTO item_versions
        (item_id, version, from_pos, to_pos, type, name, folder_id, description, comments, content, content_hash,
         shape_complete, created_by, created_at, last_edited_by, last_edited_at)
        VALUES (@item_id, @version, @from_pos, NULL, @type, @name, @folder_id, @description, @comments, @content,
         @content_hash, @shape_complete, @created_by, @created_at, @last_edited_by, @last_edited_at)`),
      current: db.prepare('SELECT * FROM item_versions WHERE item_id = ? AND to_pos IS NULL'),
      close: db.prepare('UPDATE item_versions SET to_pos = ? WHERE item_id = ? AND to_pos IS NULL'),
      deleteRefs: db.prepare('DELETE FROM refs WHERE from_id = ?'),
      insertRef: db.prepare('INSERT OR IGNORE INTO refs (from_id, field, to_id) VALUES (?, ?, ?)'),
      attachFile: db.prepare(`INSERT INTO item_files (item_id, file_name, sha256, size) VALUES (?, ?, ?, ?)
        ON CONFLICT (item_id, file_name) DO UPDATE SET sha256 = excluded.sha256, size = excluded.size`),
      setPassword: db.prepare('INSERT OR IGNORE INTO item_passwords (item_id, list, name) VALUES (?, ?, ?)'),
    };
  }

  /**
   * Applies one item event. `created`: the version an ItemCreated makes, when it was prepared
   * already (see `createdVersion`, run on a worker for big batches).
   */
  apply(recorded: RecordedEvent, created?: PreparedVersion): void {
    const event = recorded as unknown as ItemEvent & RecordedEvent;
    if (event.type === 'ItemCreated') {
      this.insert(created ?? createdVersion(recorded), true);
      return;
    }

    const itemId = recorded.streamId.slice('item-'.length);
    const current = this.stmt.current.get(itemId) as VersionRow | undefined;
    if (!current) return; // an event for an item the view never saw created: nothing to show
    this.stmt.close.run(recorded.position, itemId);
    if (event.type === 'ItemDeleted') {
      this.stmt.deleteRefs.run(itemId);
      return;
    }
    const next: NewVersion = {
      ...current,
      content: JSON.parse(current.content) as ItemContent,
      version: Number(recorded.streamRevision) + 1,
      from_pos: recorded.position,
      last_edited_by: recorded.metadata.userName,
      last_edited_at: recorded.metadata.at,
    };
    Object.assign(next, columnsOf(versionChanges(event)));
    if (event.type === 'ItemPasswordSet') this.stmt.setPassword.run(itemId, event.data.list, event.data.name);
    if (event.type === 'ItemFileAttached') this.stmt.attachFile.run(itemId, event.data.fileName, event.data.sha256, event.data.size);
    this.insert(prepareVersion(next));
  }

  /** `isNew`: the item's first version (or first since its deletion), so it has no references yet. */
  private insert({ refs, ...row }: PreparedVersion, isNew = false): void {
    this.stmt.insert.run(row);
    if (!isNew) this.stmt.deleteRefs.run(row.item_id);
    for (const ref of refs) this.stmt.insertRef.run(row.item_id, ref.field, ref.targetId);
  }
}

/**
 * A version as `item_versions` stores it (content as JSON, its hash and completeness) with its
 * references: everything but the writing, so it can be computed away from the view's connection.
 */
export type PreparedVersion = Omit<VersionRow, 'to_pos'> & { refs: Reference[] };

/** The version an ItemCreated makes: it depends on the event alone. */
export function createdVersion(recorded: RecordedEvent): PreparedVersion {
  return createdVersionAt(recorded).version;
}

/**
 * createdVersion, and where its content's JSON starts in the data's text (`contentAt`): when the
 * store gave that text and the content ends it (contentOffsetOf), the content's JSON is taken from
 * there rather than serialised again, and a caller holding the text need not pass it on.
 */
export function createdVersionAt(recorded: RecordedEvent): { version: PreparedVersion; contentAt: number | undefined } {
  const event = recorded as unknown as Extract<ItemEvent, { type: 'ItemCreated' }> & RecordedEvent;
  const version = {
    item_id: recorded.streamId.slice('item-'.length),
    version: Number(recorded.streamRevision) + 1,
    from_pos: recorded.position,
    type: event.data.itemType,
    ...columnsOf(versionChanges(event)),
  } as NewVersion;
  const { dataJson } = recorded;
  const contentAt = dataJson === undefined ? undefined : contentOffsetOf(dataJson, event.data);
  const contentJson = contentAt === undefined ? undefined : dataJson!.slice(contentAt, -1);
  return { version: prepareVersion(version, contentJson), contentAt };
}

/** `contentJson`: `v.content` as JSON, when the caller has it. */
function prepareVersion(v: NewVersion, contentJson?: string): PreparedVersion {
  const json = contentJson ?? JSON.stringify(v.content);
  return {
    item_id: v.item_id,
    version: v.version,
    from_pos: v.from_pos,
    type: v.type,
    name: v.name,
    folder_id: v.folder_id,
    description: v.description,
    comments: v.comments,
    content: json,
    content_hash: contentHash(v, json),
    shape_complete: isShapeComplete(v.type as ItemType, v.content) ? 1 : 0,
    created_by: v.created_by,
    created_at: v.created_at,
    last_edited_by: v.last_edited_by,
    last_edited_at: v.last_edited_at,
    refs: referencesOf(v.type as ItemType, v.content),
  };
}

const COLUMN_OF: Record<keyof ItemVersionData, keyof NewVersion> = {
  name: 'name',
  folderId: 'folder_id',
  description: 'description',
  comments: 'comments',
  content: 'content',
  createdBy: 'created_by',
  createdAt: 'created_at',
  lastEditedBy: 'last_edited_by',
  lastEditedAt: 'last_edited_at',
};

/** An event's version changes as read-model columns. */
function columnsOf(changes: Partial<ItemVersionData>): Partial<NewVersion> {
  const columns: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(changes)) columns[COLUMN_OF[key as keyof ItemVersionData]] = value;
  return columns as Partial<NewVersion>;
}

export interface VersionRow {
  item_id: string;
  version: number;
  from_pos: number | bigint;
  to_pos: number | bigint | null;
  type: string;
  name: string;
  folder_id: string | null;
  description: string;
  comments: string;
  content: string;
  content_hash: string;
  shape_complete: number;
  created_by: string;
  created_at: string;
  last_edited_by: string;
  last_edited_at: string;
}

type NewVersion = Omit<VersionRow, 'content' | 'to_pos' | 'content_hash' | 'shape_complete' | 'from_pos'> & {
  from_pos: bigint | number;
  content: ItemContent;
};

/** The fields of a version the content hash covers, beside its content. */
export type HashedFields = Pick<
  VersionRow,
  'type' | 'name' | 'folder_id' | 'description' | 'comments' | 'created_by' | 'created_at' | 'last_edited_by' | 'last_edited_at'
>;

/**
 * Hash of everything a backup carries for an item, secrets and files stripped as a backup strips
 * them: a full restore of an identical backup finds every item unchanged. `contentJson` is the
 * content as JSON when the caller has it already; with `v.content` given too, a data store's
 * content is hashed stripped when stripping would change it (a restored one was stripped already).
 * Without `v.content`, `contentJson` must be stripped already.
 */
export function contentHash(v: HashedFields & { content: ItemContent }, contentJson?: string): string;
export function contentHash(v: HashedFields, contentJson: string): string;
export function contentHash(v: HashedFields & { content?: ItemContent }, contentJson?: string): string {
  const strip = v.type === 'datastore' && v.content !== undefined && hasSecretsOrFiles(v.content);
  const content =
    contentJson !== undefined && !strip
      ? contentJson
      : JSON.stringify(strip ? stripSecretsAndFiles(structuredClone(v.content as ItemContent)) : v.content);
  const fields = [v.type, v.name, v.folder_id, v.description, v.comments, v.created_by, v.created_at, v.last_edited_by, v.last_edited_at];
  return createHash('sha256').update(JSON.stringify(fields)).update('\n').update(content).digest('base64url');
}
