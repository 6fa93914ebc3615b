import { LIMITS, isWellFormedText } from './limits';

/**
 * The items of a rules repository (SPEC §3). References between items are always item ids, at
 * the places `referencesOf` lists.
 */

export const ITEM_TYPES = ['folder', 'datastore', 'discovery-spec', 'rule', 'rule-template', 'action', 'action-template', 'action-map', 'session'] as const;
export type ItemType = (typeof ITEM_TYPES)[number];

export function isItemType(value: unknown): value is ItemType {
  return typeof value === 'string' && (ITEM_TYPES as readonly string[]).includes(value);
}

/** A node of 1Integrate's rule language: element name ↔ kind, attributes, child elements. */
export interface RuleNode {
  kind: string;
  attributes?: Record<string, string>;
  predicates?: RuleNode[];
}

export interface Param {
  name: string;
  datatype: string;
  value: string | null;
  displayValue?: string;
  [extra: string]: unknown;
}

export type ItemContent = Record<string, unknown>;

/** Created and Last Edited as recorded (a restore keeps the backup's; an edit, the editor's). */
export interface ItemStamps {
  createdBy: string;
  createdAt: string;
  lastEditedBy: string;
  lastEditedAt: string;
}

/**
 * An item's metadata, as 1Integrate keeps it in `<Metadata>`: its name, description and comments,
 * and its stamps. Every shape of an item (event, state, view, backup, parsed) is made of it.
 */
export interface ItemMetadata extends ItemStamps {
  name: string;
  description: string;
  comments: string;
}

/** What an item records beside its name, place and content: description, comments and stamps. */
export type RecordedMetadata = Omit<ItemMetadata, 'name'>;

/** Everything an item is besides its id and type: what a creation or a restore's replacement sets. */
export interface ItemVersionData extends ItemMetadata {
  folderId: string | null;
  content: ItemContent;
}

/** What an edit may change of an item: its version data but the stamps (SPEC §3, PATCH). */
export type ItemEditables = Omit<ItemVersionData, keyof ItemStamps>;

/** The state of one item, as the read model and the API show it (without the derived path). */
export interface ItemData extends ItemVersionData {
  id: string;
  type: ItemType;
}

export type ReferenceField =
  | 'template_id'
  | 'pairs.rule'
  | 'pairs.action'
  | 'tasks.datastore'
  | 'tasks.actionMap'
  | 'tasks.discoverySpec'
  | 'tasks.conformanceRule'
  | 'tasks.rules'
  | 'tasks.actions'
  | 'datastore';

export interface Reference {
  field: ReferenceField;
  targetId: string;
}

/** Session task fields that hold one item id (SPEC §3); `rules` and `actions` hold several. */
export const SESSION_TASK_REFERENCES = ['datastore', 'actionMap', 'discoverySpec', 'conformanceRule'] as const;

export const RULE_LIKE_TYPES: readonly ItemType[] = ['rule', 'action', 'rule-template', 'action-template'];

/** Every reference an item's content holds (SPEC §3 table). */
export function referencesOf(type: ItemType, content: ItemContent): Reference[] {
  const refs: Reference[] = [];
  eachReference(type, content, (targetId, field) => refs.push({ field, targetId }));
  return refs;
}

/**
 * Rewrites every reference of an item's content through `map`, told which field it is (ids it
 * does not know stay).
 */
export function rewriteReferences(type: ItemType, content: ItemContent, map: (id: string, field: ReferenceField) => string): ItemContent {
  return rewriteReferencesInPlace(type, structuredClone(content), map);
}

/** rewriteReferences on `content` itself, for a caller that owns it (no copy); returns it. */
export function rewriteReferencesInPlace(type: ItemType, copy: ItemContent, map: (id: string, field: ReferenceField) => string): ItemContent {
  eachReference(type, copy, (id, field, replace) => replace(map(id, field)));
  return copy;
}

/**
 * The one walk over an item's reference fields (SPEC §3 table): calls `visit` with each
 * reference's id (a non-empty string), its field, and a function that puts another id in its place.
 */
function eachReference(type: ItemType, content: ItemContent, visit: (id: string, field: ReferenceField, replace: (id: string) => void) => void): void {
  const slot = (holder: Record<string, unknown> | unknown[], key: string | number, field: ReferenceField) => {
    const slots = holder as Record<string | number, unknown>;
    const value = slots[key];
    if (typeof value === 'string' && value !== '') visit(value, field, (id) => (slots[key] = id));
  };
  switch (type) {
    case 'rule':
    case 'action':
    case 'rule-template':
    case 'action-template':
      walkNodes(content.rootTerm, (node) => {
        if (node.attributes) slot(node.attributes, 'template_id', 'template_id');
      });
      break;
    case 'action-map':
      for (const pair of arrayOf(content.pairs)) {
        if (!isObject(pair)) continue;
        slot(pair, 'rule', 'pairs.rule');
        slot(pair, 'action', 'pairs.action');
      }
      break;
    case 'session':
      for (const task of arrayOf(content.tasks)) {
        if (!isObject(task)) continue;
        for (const key of SESSION_TASK_REFERENCES) slot(task, key, `tasks.${key}`);
        for (const key of ['rules', 'actions'] as const) {
          const ids = task[key];
          if (Array.isArray(ids)) for (let i = 0; i < ids.length; i++) slot(ids, i, `tasks.${key}`);
        }
      }
      break;
    case 'discovery-spec':
      slot(content, 'datastore', 'datastore');
      break;
    case 'datastore':
    case 'folder':
      break;
    default: {
      const never: never = type;
      throw new Error(`unknown item type ${String(never)}`);
    }
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

export function walkNodes(node: unknown, visit: (node: RuleNode) => void): void {
  if (!node || typeof node !== 'object') return;
  const n = node as RuleNode;
  visit(n);
  for (const child of arrayOf(n.predicates)) walkNodes(child, visit);
}

function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/**
 * SPEC §3 name rule: 1–255 characters (LIMITS.nameLength), no `/`, no control characters — and
 * text that every store and format carries: no unpaired surrogates, no U+FFFE/U+FFFF.
 */
export function nameProblem(name: unknown): string | null {
  if (typeof name !== 'string') return 'name must be a string';
  if (name.length === 0) return 'name must not be empty';
  if (name.length > LIMITS.nameLength && [...name].length > LIMITS.nameLength) return `name must be at most ${LIMITS.nameLength} characters`;
  if (name.includes('/')) return 'name must not contain "/"';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f]/.test(name)) return 'name must not contain control characters';
  if (!isWellFormedText(name) || /[\uFFFE\uFFFF]/.test(name)) return 'name must be Unicode text (no unpaired surrogates or noncharacters)';
  return null;
}

/** The credential lists of a data store's content. */
export const CREDENTIAL_LISTS = ['importCredentials', 'exportCredentials'] as const;

/**
 * Datatypes are compared without regard to case wherever secrets and files are recognised: 1Integrate
 * writes `Timestamp`, and an export or a client may well write `Password` or `UPLOAD` (issue 18).
 */
export function isPasswordParam(param: { datatype?: unknown }): boolean {
  return typeof param.datatype === 'string' && param.datatype.toLowerCase() === 'password';
}

/** An `upload` param, whatever the case of its datatype (see isPasswordParam). */
export function isUploadParam(param: { datatype?: unknown }): boolean {
  return typeof param.datatype === 'string' && param.datatype.toLowerCase() === 'upload';
}

/**
 * The file an `upload` param names: its value, or (after a backup stripped it) its display value,
 * or else its own name (what the console offers to upload then).
 */
export function uploadFileName(param: { name: string; value: string | null; displayValue?: string }): string {
  return param.value ?? param.displayValue ?? param.name;
}

export function paramsOf(content: ItemContent): { list: (typeof CREDENTIAL_LISTS)[number]; param: Param }[] {
  const out: { list: (typeof CREDENTIAL_LISTS)[number]; param: Param }[] = [];
  for (const list of CREDENTIAL_LISTS) {
    const params = content[list];
    if (Array.isArray(params)) for (const p of params) if (p && typeof p === 'object') out.push({ list, param: p as Param });
  }
  return out;
}
