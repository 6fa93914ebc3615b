import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import type { RecordedEvent } from '../event-store/event-store';
import { ItemContent, ItemType, Reference, referencesOf } from '../repository/domain/item';
import { ItemEvent, ItemVersionData, itemIdOf, versionChanges } from '../repository/domain/item.events';
import { contentOffsetOf } from '../event-store/item-data-json';
import { isShapeComplete } from '../repository/domain/completeness';
import { hasSecretsOrFiles, stripSecretsAndFiles } from '../secrets/strip-secrets';
import type { MetadataColumns } from './metadata-columns';

/**
 * Projects item events into `item_versions` (every version with its live position range),
 * `refs`, `item_files` and `item_passwords`. Runs inside the projector's transaction.
 *
 * With `contentSql` given (the log is the SQLite file beside the view, see ViewDatabase), a
 * version whose content's JSON is a span of its event's data text points at that span instead of
 * holding a copy; edits that leave the content alone keep the pointer of the version before.
 */
export class ItemProjection {
  private readonly stmt;

  constructor(
    db: Database.Database,
    /** ViewDatabase.contentSql, when contents may be kept by reference into the log. */
    private readonly contentSql?: (alias: string) => string,
  ) {
    this.stmt = {
      insert: db.prepare(`INSERT INTO item_versions
        (item_id, version, from_pos, to_pos, type, name, folder_id, description, comments, content_inline, content_pos,
         content_at, content_len, content_hash, shape_complete, created_by, created_at, last_edited_by, last_edited_at)
        VALUES (@item_id, @version, @from_pos, NULL, @type, @name, @folder_id, @description, @comments, @content_inline,
         @content_pos, @content_at, @content_len, @content_hash, @shape_complete, @created_by, @created_at, @last_edited_by,
         @last_edited_at)`),
      current: db.prepare('SELECT rowid, * FROM item_versions WHERE item_id = ? AND to_pos IS NULL'),
      contentOf: db.prepare(`SELECT ${contentSql?.('v') ?? 'v.content_inline'} FROM item_versions v WHERE v.rowid = ?`).pluck(),
      close: db.prepare('UPDATE item_versions SET to_pos = ? WHERE item_id = ? AND to_pos IS NULL'),
      deleteRefs: db.prepare('DELETE FROM refs WHERE from_id = ?'),
      insertRef: db.prepare('INSERT OR IGNORE INTO refs (from_id, field, to_id) VALUES (?, ?, ?)'),
      attachFile: db.prepare(`INSERT INTO item_files (item_id, file_name, sha256, size) VALUES (?, ?, ?, ?)
        ON CONFLICT (item_id, file_name) DO UPDATE SET sha256 = excluded.sha256, size = excluded.size`),
      setPassword: db.prepare('INSERT OR IGNORE INTO item_passwords (item_id, list, name) VALUES (?, ?, ?)'),
      bases: db.prepare(`SELECT item_id, ${BASE_COLUMNS.join(', ')} FROM item_versions WHERE to_pos IS NULL AND item_id IN (SELECT value FROM json_each(?))`),
    };
  }

  /**
   * Applies one item event. `prepared`: the version it makes, when that was prepared already (by
   * `createdVersionAt` or `editedVersionAt`, on a worker for big batches); an edit's is used only
   * if it was prepared over the live version the item still has.
   */
  apply(recorded: RecordedEvent, prepared?: Prepared, facts?: ContentFacts): void {
    const event = recorded as unknown as ItemEvent & RecordedEvent;
    if (event.type === 'ItemCreated') {
      this.insert(prepared?.version ?? fromFacts(recorded, undefined, facts) ?? createdVersion(recorded), recorded.position, true);
      return;
    }

    const itemId = itemIdOf(recorded.streamId);
    const current = this.stmt.current.get(itemId) as (StoredVersion & { rowid: number | bigint }) | undefined;
    if (!current) return; // an event for an item the view never saw created: nothing to show
    this.stmt.close.run(recorded.position, itemId);
    if (event.type === 'ItemDeleted') {
      this.stmt.deleteRefs.run(itemId);
      return;
    }
    if (event.type === 'ItemPasswordSet') this.stmt.setPassword.run(itemId, event.data.list, event.data.name);
    if (event.type === 'ItemFileAttached') this.stmt.attachFile.run(itemId, event.data.fileName, event.data.sha256, event.data.size);
    if (prepared?.base && sameBase(prepared.base, current)) {
      this.insert(prepared.version, recorded.position);
      return;
    }
    const made = fromFacts(recorded, current, facts);
    if (made) {
      this.insert(made, recorded.position);
      return;
    }
    const changes = columnsOf(versionChanges(event));
    if (changes.content !== undefined) {
      // A new content (ItemContentChanged, ItemReplaced): from the event, like an ItemCreated's.
      this.insert(editedVersionAt(recorded, current).version, recorded.position);
      return;
    }
    // The content stays: so do its place, references and completeness; only the hash is made again.
    const version = { ...editedFields(recorded, current), ...changes } as Omit<NewVersion, 'content'>;
    const json = this.stmt.contentOf.get(current.rowid) as string;
    const hash = version.type === 'datastore' ? contentHash({ ...version, content: JSON.parse(json) as ItemContent }, json) : contentHash(version, json);
    const { rowid: _rowid, to_pos: _to, ...kept } = current;
    this.stmt.insert.run({ ...kept, ...version, content_hash: hash });
  }

  /**
   * The live versions of these items, as much of them as an edit keeps (see BaseFields): what
   * versions of their edits can be prepared over ahead of their writing.
   */
  liveBases(itemIds: readonly string[]): Map<string, BaseFields> {
    const rows = this.stmt.bases.all(JSON.stringify(itemIds)) as (BaseFields & { item_id: string })[];
    return new Map(rows.map(({ item_id, ...base }) => [item_id, base]));
  }

  /** `isNew`: the item's first version (or first since its deletion), so it has no references yet. */
  private insert({ refs, content, span, ...row }: PreparedVersion, position: bigint, isNew = false): void {
    const byReference = this.contentSql !== undefined && span !== null;
    if (!byReference && content === null)
      throw new Error(`version ${row.version} of item ${row.item_id}: its content was left in the log, which the view cannot read`);
    this.stmt.insert.run({
      ...row,
      content_inline: byReference ? null : content,
      content_pos: byReference ? position : null,
      content_at: byReference ? span.at : null,
      content_len: byReference ? span.len : null,
    });
    if (!isNew) this.stmt.deleteRefs.run(row.item_id);
    for (const ref of refs) this.stmt.insertRef.run(row.item_id, ref.field, ref.targetId);
  }
}

/** The version `recorded` makes over `base` (none: an ItemCreated) from `facts`, when they are given and fit it. */
function fromFacts(recorded: RecordedEvent, base: BaseFields | undefined, facts: ContentFacts | undefined): PreparedVersion | undefined {
  if (!facts || recorded.dataJson === undefined) return undefined;
  return versionFromFacts(recorded as RecordedEvent & { dataJson: string }, base, facts)?.version;
}

/** Where a content's JSON lies in its event's data text, in bytes (what SQLite's substr counts in a BLOB). */
export interface ContentSpan {
  at: number;
  len: number;
}

/**
 * A version as `item_versions` stores it (its content's hash and completeness) with its
 * references: everything but the writing, so it can be computed away from the view's connection.
 * Its content's JSON is `content`, or, when that was left in the event's text, only `span`.
 */
export type PreparedVersion = Omit<VersionRow, 'to_pos' | 'content'> & {
  refs: Reference[];
  content: string | null;
  span: ContentSpan | null;
};

/**
 * What the writer of an item event knows of its content already — a restore's parse workers listed
 * its references and checked its shape — so that its version can be made without parsing the
 * content again (see versionFromFacts). `contentAt`: where the content's JSON starts in the data's
 * text, in characters (withContentJson puts it last).
 */
export interface ContentFacts {
  contentAt: number;
  refs: Reference[];
  complete: boolean;
}

/**
 * Whether a version of an item of this type is made from content facts: not a data store's, whose
 * hash may need its content stripped of secrets, which needs the content parsed.
 */
export function takesContentFacts(type: string): boolean {
  return type !== 'datastore';
}

/** How the member that ends a version event's data opens (withContentJson). */
const CONTENT_MEMBER = '"content":';

/**
 * The version an ItemCreated (no `base`) or an edit with a new content over `base` makes, as
 * createdVersionAt and editedVersionAt make it, from its data's text and `facts`: only the fields
 * before the content are parsed; the content is hashed as it is. Undefined when the facts do not
 * fit the event (the content is not where they say) or its type takes none (takesContentFacts):
 * the caller then makes it the usual way.
 */
export function versionFromFacts(
  recorded: Omit<RecordedEvent, 'data'> & { dataJson: string },
  base: BaseFields | undefined,
  facts: ContentFacts,
): { version: PreparedVersion; contentAt: number | undefined } | undefined {
  const { dataJson } = recorded;
  const head = dataJson.slice(0, facts.contentAt);
  if (!head.endsWith(CONTENT_MEMBER) || !dataJson.endsWith('}')) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(`${head}null}`);
  } catch {
    return undefined;
  }
  // Not spread: a RecordedEvent read from the log parses its data when `data` is read.
  const { position, streamId, streamRevision, type, metadata } = recorded;
  const event: RecordedEvent = { position, streamId, streamRevision, type, metadata, data, dataJson };
  const made = base ? editedVersionAt(event, base, facts) : createdVersionAt(event, facts);
  return made.contentAt === facts.contentAt && takesContentFacts(made.version.type) ? made : undefined;
}

/** The version an ItemCreated makes: it depends on the event alone. */
export function createdVersion(recorded: RecordedEvent): PreparedVersion {
  return createdVersionAt(recorded).version;
}

/**
 * createdVersion, and where its content's JSON starts in the data's text (`contentAt`, in
 * characters): when the store gave that text and the content ends it (contentOffsetOf), the
 * content's JSON is taken from there rather than serialised again, and its span in bytes is known,
 * so a caller holding the text need not pass it on.
 */
export function createdVersionAt(recorded: RecordedEvent, facts?: ContentFacts): { version: PreparedVersion; contentAt: number | undefined } {
  const event = recorded as unknown as Extract<ItemEvent, { type: 'ItemCreated' }> & RecordedEvent;
  const version = {
    item_id: itemIdOf(recorded.streamId),
    version: Number(recorded.streamRevision) + 1,
    from_pos: recorded.position,
    type: event.data.itemType,
    ...columnsOf(versionChanges(event)),
  } as NewVersion;
  const { json, span, at } = contentJsonOf(recorded, version.content);
  return { version: prepareVersion(version, json, span, facts), contentAt: at };
}

/**
 * What an edit keeps of the live version it applies to (beside what its event sets): the columns
 * of that version a new version is made from. Two edits over equal bases make equal versions.
 */
export type BaseFields = Pick<StoredVersion, 'type' | 'name' | 'folder_id' | 'description' | 'comments' | 'created_by' | 'created_at'>;

const BASE_COLUMNS: readonly (keyof BaseFields)[] = ['type', 'name', 'folder_id', 'description', 'comments', 'created_by', 'created_at'];

function sameBase(a: BaseFields, b: BaseFields): boolean {
  return BASE_COLUMNS.every((column) => a[column] === b[column]);
}

/** A version made away from the view, and the live version an edit's was made over. */
export interface Prepared {
  version: PreparedVersion;
  base?: BaseFields;
}

/** An edit's new version before its event's changes: the base's columns, stamped by the event. */
function editedFields(recorded: RecordedEvent, base: BaseFields) {
  return {
    item_id: itemIdOf(recorded.streamId),
    version: Number(recorded.streamRevision) + 1,
    from_pos: recorded.position,
    type: base.type,
    name: base.name,
    folder_id: base.folder_id,
    description: base.description,
    comments: base.comments,
    created_by: base.created_by,
    created_at: base.created_at,
    last_edited_by: recorded.metadata.userName,
    last_edited_at: recorded.metadata.at,
  };
}

/**
 * The version an edit with a new content (ItemReplaced, ItemContentChanged) makes over `base`,
 * the item's live version: it depends on the event and the base alone. `contentAt` as in
 * createdVersionAt.
 */
export function editedVersionAt(recorded: RecordedEvent, base: BaseFields, facts?: ContentFacts): { version: PreparedVersion; contentAt: number | undefined } {
  const { content, ...fields } = columnsOf(versionChanges(recorded as unknown as ItemEvent));
  const { json, span, at } = contentJsonOf(recorded, content);
  return { version: prepareVersion({ ...editedFields(recorded, base), ...fields, content } as NewVersion, json, span, facts), contentAt: at };
}

/**
 * The JSON of an event's `content`: the end of the data's text when the store gave the text and
 * the content is its last member (no serialising again), with its span in bytes and its start in
 * characters; otherwise serialised, and then kept inline.
 */
function contentJsonOf(recorded: RecordedEvent, content: ItemContent | undefined): { json: string; span: ContentSpan | null; at?: number } {
  const { dataJson } = recorded;
  const at = dataJson === undefined ? undefined : contentOffsetOf(dataJson, recorded.data as { content?: unknown });
  if (at === undefined) return { json: JSON.stringify(content), span: null };
  const json = dataJson!.slice(at, -1);
  return { json, span: { at: Buffer.byteLength(dataJson!.slice(0, at)), len: Buffer.byteLength(json) }, at };
}

/** `facts`: the content's references and shape as its writer knew them (then `v.content` is not read). */
function prepareVersion(v: NewVersion, json: string, span: ContentSpan | null, facts?: ContentFacts): PreparedVersion {
  const { content, ...fields } = v;
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
    span,
    content_hash: facts ? contentHash(fields, json) : contentHash(v, json),
    shape_complete: (facts ? facts.complete : isShapeComplete(v.type as ItemType, content)) ? 1 : 0,
    created_by: v.created_by,
    created_at: v.created_at,
    last_edited_by: v.last_edited_by,
    last_edited_at: v.last_edited_at,
    refs: facts ? facts.refs : referencesOf(v.type as ItemType, content),
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

/** A version as queries read it: `content` is its JSON, through ViewDatabase.versionColumns. */
export interface VersionRow extends MetadataColumns {
  item_id: string;
  version: number;
  from_pos: number | bigint;
  to_pos: number | bigint | null;
  type: string;
  name: string;
  folder_id: string | null;
  content: string;
  content_hash: string;
  shape_complete: number;
}

/** A version as `item_versions` stores it (see view-schema.ts). */
interface StoredVersion extends Omit<VersionRow, 'content'> {
  content_inline: string | null;
  content_pos: number | bigint | null;
  content_at: number | null;
  content_len: number | null;
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
    contentJson !== undefined && !strip ? contentJson : JSON.stringify(strip ? stripSecretsAndFiles(structuredClone(v.content as ItemContent)) : v.content);
  const fields = [v.type, v.name, v.folder_id, v.description, v.comments, v.created_by, v.created_at, v.last_edited_by, v.last_edited_at];
  return createHash('sha256').update(JSON.stringify(fields)).update('\n').update(content).digest('base64url');
}
