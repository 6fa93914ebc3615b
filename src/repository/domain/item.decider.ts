import { DomainError } from '../../common/errors';
import { ItemContent, ItemEditables, ItemType, isItemType, isPasswordParam, isUploadParam, nameProblem, paramsOf, uploadFileName } from './item';
import { ItemEvent, versionChanges } from './item.events';
import { itemDeleted } from './item.builders';
import { contentProblem } from './item-content';
import { LIMITS, textProblem } from './limits';

/**
 * The item decider: pure functions, no clock, no uuid, no I/O. Facts that involve other items
 * (is the name free in the target folder? who references this item?) are looked up by the
 * command handler and arrive in the command as data, so the decision itself stays pure.
 */

export type ItemState = { status: 'absent' } | ({ status: 'live'; type: ItemType; version: number } & ItemEditables) | { status: 'deleted'; version: number };

export const initialItemState: ItemState = { status: 'absent' };

export type ItemChanges = Partial<ItemEditables>;

/** An item that references another. */
export interface Referrer {
  id: string;
  name: string;
  type: string;
}

export interface SecretRef {
  list: 'importCredentials' | 'exportCredentials';
  name: string;
}

export type ItemCommand =
  | {
      type: 'CreateItem';
      data: {
        id: string;
        itemType: string;
        name: string;
        folderId: string | null;
        description: string;
        comments: string;
        content: ItemContent;
        by: string;
        at: string;
        /** Password params whose value came with the command (stored apart, never in events). */
        secretsProvided: SecretRef[];
        /** Facts from the read model. */
        nameTaken: boolean;
        folderExists: boolean;
        /** How deep the target folder is (the root 0, a top-level folder 1). */
        folderDepth: number;
      };
    }
  | {
      type: 'UpdateItem';
      data: {
        changes: ItemChanges;
        expectedVersion?: number;
        secretsProvided: SecretRef[];
        nameTaken: boolean;
        folderExists: boolean;
        /** Moving a folder under itself or one of its descendants. */
        movesIntoOwnSubtree: boolean;
        /** How deep the target folder is (the root 0), and how many levels of folders the item brings (a folder with its subtree; other items 0). */
        folderDepth: number;
        subtreeHeight: number;
      };
    }
  | { type: 'DeleteItem'; data: { expectedVersion?: number; referrers: Referrer[]; hasChildren: boolean; recursive: boolean } }
  | { type: 'SetPassword'; data: { name: string; expectedVersion?: number } }
  | { type: 'AttachFile'; data: { fileName: string; sha256: string; size: number } };

export function decide(command: ItemCommand, state: ItemState): ItemEvent[] {
  switch (command.type) {
    case 'CreateItem':
      return create(command.data, state);
    case 'UpdateItem':
      return update(command.data, live(state));
    case 'DeleteItem': {
      const item = live(state);
      checkVersion(item, command.data.expectedVersion);
      if (command.data.referrers.length > 0) {
        throw new DomainError('ITEM_IN_USE', `"${item.name}" is referenced by ${command.data.referrers.length} item(s)`, {
          referrers: command.data.referrers,
        });
      }
      if (command.data.hasChildren && !command.data.recursive) {
        throw new DomainError('CONFLICT', `folder "${item.name}" is not empty; delete it with ?recursive=true`);
      }
      return [itemDeleted()];
    }
    case 'SetPassword': {
      const item = live(state);
      checkVersion(item, command.data.expectedVersion);
      const param = paramsOf(item.content).find((p) => p.param.name === command.data.name);
      if (!param || !isPasswordParam(param.param)) {
        throw new DomainError('VALIDATION_FAILED', `"${item.name}" has no password parameter "${command.data.name}"`);
      }
      return [{ type: 'ItemPasswordSet', data: { list: param.list, name: param.param.name } }];
    }
    case 'AttachFile': {
      const item = live(state);
      const problem = attachFileProblem(item, command.data.fileName);
      if (problem) throw new DomainError('VALIDATION_FAILED', problem);
      return [{ type: 'ItemFileAttached', data: command.data }];
    }
    default: {
      const never: never = command;
      throw new Error(`unknown command ${JSON.stringify(never)}`);
    }
  }
}

/**
 * Why `fileName` cannot be attached to this item: a file goes to a data store one of whose
 * `upload` params names it. Also asked before an upload's body is read, so that a refused
 * upload is never written anywhere (issue 18).
 */
export function attachFileProblem(item: { type: string; content: ItemContent }, fileName: string): string | null {
  if (item.type !== 'datastore') return 'files can only be uploaded to data stores';
  const problem = nameProblem(fileName);
  if (problem) return `file name: ${problem}`;
  const named = paramsOf(item.content).some(({ param }) => isUploadParam(param) && uploadFileName(param) === fileName);
  return named ? null : `the data store names no file "${fileName}" in an upload parameter`;
}

export function evolve(state: ItemState, event: ItemEvent): ItemState {
  switch (event.type) {
    case 'ItemCreated': {
      const d = event.data;
      return {
        status: 'live',
        type: d.itemType,
        name: d.name,
        folderId: d.folderId,
        description: d.description,
        comments: d.comments,
        content: d.content,
        // A rollback can bring a deleted item back: its stream goes on counting.
        version: versionOf(state) + 1,
      };
    }
    case 'ItemDeleted':
      return { status: 'deleted', version: versionOf(state) + 1 };
    default:
      if (state.status !== 'live') return state;
      return { ...state, ...patchOf(event), version: state.version + 1 };
  }
}

/** The fields of the decider's state an (edit) event changes. */
function patchOf(event: ItemEvent): Partial<LiveItem> {
  const { name, folderId, description, comments, content } = versionChanges(event);
  const patch: Partial<LiveItem> = { name, folderId, description, comments, content };
  for (const key of Object.keys(patch) as (keyof LiveItem)[]) if (patch[key] === undefined) delete patch[key];
  return patch;
}

export function versionOf(state: ItemState): number {
  return state.status === 'absent' ? 0 : state.version;
}

function create(data: Extract<ItemCommand, { type: 'CreateItem' }>['data'], state: ItemState): ItemEvent[] {
  if (state.status !== 'absent') throw new DomainError('CONFLICT', `item ${data.id} already exists`);
  if (!isItemType(data.itemType)) throw new DomainError('VALIDATION_FAILED', `unknown item type "${data.itemType}"`);
  checkName(data.name);
  checkText('description', data.description);
  checkText('comments', data.comments);
  const problem = contentProblem(data.itemType, data.content);
  if (problem) throw new DomainError('VALIDATION_FAILED', `content: ${problem}`);
  if (data.folderId !== null && !data.folderExists) throw new DomainError('VALIDATION_FAILED', 'folderId is not a folder');
  checkFolderDepth(data.folderDepth + (data.itemType === 'folder' ? 1 : 0));
  if (data.nameTaken) throw nameTaken(data.name);
  return [
    {
      type: 'ItemCreated',
      // Content last: the read model then points at its JSON in the log instead of copying it.
      data: {
        id: data.id,
        itemType: data.itemType,
        name: data.name,
        folderId: data.folderId,
        description: data.description,
        comments: data.comments,
        createdBy: data.by,
        createdAt: data.at,
        lastEditedBy: data.by,
        lastEditedAt: data.at,
        content: data.content,
      },
    },
    ...passwordEvents(data.itemType, data.content, data.secretsProvided),
  ];
}

/** One ItemPasswordSet per provided secret, each naming a password param of the content. */
function passwordEvents(type: ItemType, content: ItemContent, secrets: SecretRef[]): ItemEvent[] {
  const params = paramsOf(content);
  return secrets.map((secret) => {
    const param = params.find((p) => p.list === secret.list && p.param.name === secret.name);
    if (type !== 'datastore' || !param || !isPasswordParam(param.param)) {
      throw new DomainError('VALIDATION_FAILED', `"${secret.name}" is not a password parameter`);
    }
    return { type: 'ItemPasswordSet', data: { list: secret.list, name: secret.name } };
  });
}

function update(data: Extract<ItemCommand, { type: 'UpdateItem' }>['data'], item: LiveItem): ItemEvent[] {
  checkVersion(item, data.expectedVersion);
  const { changes } = data;
  const events: ItemEvent[] = [];
  if (changes.name !== undefined && changes.name !== item.name) {
    checkName(changes.name);
    events.push({ type: 'ItemRenamed', data: { name: changes.name } });
  }
  if (changes.folderId !== undefined && changes.folderId !== item.folderId) {
    if (changes.folderId !== null && !data.folderExists) throw new DomainError('VALIDATION_FAILED', 'folderId is not a folder');
    if (data.movesIntoOwnSubtree) throw new DomainError('VALIDATION_FAILED', 'a folder cannot move into itself or its subtree');
    checkFolderDepth(data.folderDepth + data.subtreeHeight);
    events.push({ type: 'ItemMoved', data: { folderId: changes.folderId } });
  }
  if (events.length > 0 && data.nameTaken) throw nameTaken(changes.name ?? item.name);
  if (changes.description !== undefined && changes.description !== item.description) {
    checkText('description', changes.description);
    events.push({ type: 'ItemDescriptionChanged', data: { description: changes.description } });
  }
  if (changes.comments !== undefined && changes.comments !== item.comments) {
    checkText('comments', changes.comments);
    events.push({ type: 'ItemCommentsChanged', data: { comments: changes.comments } });
  }
  if (changes.content !== undefined && JSON.stringify(changes.content) !== JSON.stringify(item.content)) {
    const problem = contentProblem(item.type, changes.content);
    if (problem) throw new DomainError('VALIDATION_FAILED', `content: ${problem}`);
    events.push({ type: 'ItemContentChanged', data: { content: changes.content } });
  }
  events.push(...passwordEvents(item.type, changes.content ?? item.content, data.secretsProvided));
  return events;
}

type LiveItem = Extract<ItemState, { status: 'live' }>;

function live(state: ItemState): LiveItem {
  if (state.status !== 'live') throw new DomainError('NOT_FOUND', 'item not found');
  return state;
}

function checkVersion(item: LiveItem, expected: number | undefined): void {
  if (expected !== undefined && expected !== item.version) {
    throw new DomainError('VERSION_CONFLICT', `item is at version ${item.version}, not ${expected}`);
  }
}

function checkName(name: string): void {
  const problem = nameProblem(name);
  if (problem) throw new DomainError('VALIDATION_FAILED', problem, { errors: [{ field: 'name', message: problem }] });
}

function checkText(field: 'description' | 'comments', text: string): void {
  const problem = textProblem(field, text);
  if (problem) throw new DomainError('VALIDATION_FAILED', problem, { errors: [{ field, message: problem }] });
}

/** SPEC §3: folders nest at most LIMITS.folderDepth deep. */
function checkFolderDepth(deepest: number): void {
  if (deepest > LIMITS.folderDepth) {
    throw new DomainError('VALIDATION_FAILED', `folders nest at most ${LIMITS.folderDepth} deep; this would make them ${deepest} deep`, {
      errors: [{ field: 'folderId', message: `folders nest at most ${LIMITS.folderDepth} deep` }],
    });
  }
}

function nameTaken(name: string): DomainError {
  return new DomainError('ITEM_NAME_TAKEN', `an item named "${name}" already exists in that folder`);
}
