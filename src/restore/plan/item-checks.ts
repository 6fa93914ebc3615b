import type { ParsedItem } from '../../../workers/parsing/parsed-item';
import { ItemType, isItemType, isPasswordParam, isUploadParam, nameProblem, paramsOf } from '../../repository/domain/item';
import { contentProblem } from '../../repository/domain/item-content';
import { folderDepthProblem, textProblem } from '../../repository/domain/limits';
import { incompleteness } from '../../repository/domain/completeness';
import { MAX_EVENT_BYTES } from '../../event-store/event-store';

/**
 * The most an item may weigh as JSON (its parsed form or its content) for its event to fit what
 * every store takes (MAX_EVENT_BYTES), leaving room for the event's other fields, its metadata
 * and references rewritten to longer ids. The API refuses more with 413 (the store's own check).
 */
export const MAX_ITEM_JSON_BYTES = MAX_EVENT_BYTES - 64 * 1024;

/**
 * Why an item whose JSON is `json` cannot be stored (too large), or null. Cheap for most: text
 * of fewer UTF-16 units than a third of the limit cannot be more bytes than the limit.
 */
export function sizeProblem(json: string): string | null {
  if (json.length * 3 <= MAX_ITEM_JSON_BYTES) return null;
  const bytes = Buffer.byteLength(json);
  return bytes > MAX_ITEM_JSON_BYTES ? `too large to store: ${bytes} bytes of JSON, at most ${MAX_ITEM_JSON_BYTES}` : null;
}

/**
 * Why a parsed item cannot be restored on its own (SPEC §5): what the reader found, an unknown
 * type, a bad name, a folder too deep, malformed content or content beyond the limits. Null when
 * it can. An incomplete rule or action can (it loads with a warning, see itemWarnings).
 * References are checked apart (they need the rest of the file and the repository).
 */
export function itemProblem(item: ParsedItem): string | null {
  if (item.problems?.length) return item.problems[0].message;
  if (!isItemType(item.type)) return `unknown type "${item.type}"`;
  const name = nameProblem(item.name);
  if (name) return name;
  const depth = folderDepthProblem(String(item.folderPath), item.type);
  if (depth) return depth;
  const text = textProblem('description', item.description) ?? textProblem('comments', item.comments);
  if (text) return text;
  if (item.type === 'folder') return null;
  const content = contentProblem(item.type, item.content);
  return content ? `content: ${content}` : null;
}

/**
 * What the report says of an item that loads (SPEC §5): an incomplete rule or action, a data
 * store restored without the secrets or files it needs. `incomplete`: its incompleteness, when
 * the caller has it.
 */
export function itemWarnings(type: ItemType, content: Record<string, unknown>, incomplete = incompleteness(type, content)): string[] {
  if (incomplete) return [incomplete];
  if (type !== 'datastore') return [];
  const params = paramsOf(content);
  const warnings: string[] = [];
  if (params.some((p) => isPasswordParam(p.param))) warnings.push('needs password');
  if (params.some((p) => isUploadParam(p.param))) warnings.push('needs files');
  return warnings;
}
