import { ItemType, ReferenceField, rewriteReferencesInPlace } from '../../src/repository/domain/item';
import { itemProblem, itemWarnings, sizeProblem } from '../../src/restore/plan/item-checks';
import { incompleteness } from '../../src/repository/domain/completeness';
import { stripSecretsAndFiles } from '../../src/secrets/strip-secrets';
import type { ParsedItem } from './parsed-item';

/**
 * A parsed item made ready, on the worker, for an item restore (SPEC §5), which gives it a new id
 * and rewires its references once the plan has decided where each goes. Everything that needs
 * the content's tree is done here: its checks, its warnings, its references, and its JSON,
 * serialised once, secrets and files stripped. The main thread plans from the rest and writes the
 * content's JSON into the event as it is, its references put in where the placeholders are.
 */
export interface RestoreItem extends Omit<ParsedItem, 'content' | 'problems' | 'warnings'> {
  /** Why it cannot be restored on its own (see itemProblem); null when it can. */
  problem: string | null;
  /** What the report says of it if it loads: the reader's warnings and itemWarnings'. */
  warnings: string[];
  /** Whether its content's shape is complete (isShapeComplete; references do not change it), for the projection (ContentFacts). */
  complete: boolean;
  /** Its references in the file's terms (none when it has a problem), in the order of the placeholders. */
  refs: [field: ReferenceField, value: string][];
  /**
   * Its content's JSON, stripped of secrets and files. With `placeholders`, reference i is the
   * string "\u0000i" there (see fillReferences); without, the references are as in the file and
   * must be rewritten in the parsed content (content that already held such strings).
   */
  contentJson: string;
  placeholders: boolean;
}

export function prepareRestoreItem(parsed: ParsedItem): RestoreItem {
  const { content, problems: _problems, warnings: readerWarnings, ...item } = parsed;
  const problem = itemProblem(parsed);
  if (problem) return { ...item, problem, warnings: [], complete: false, refs: [], contentJson: '{}', placeholders: true };
  const type = parsed.type as ItemType;
  const incomplete = incompleteness(type, content);
  const warnings = [...(readerWarnings ?? []), ...itemWarnings(type, content, incomplete)];
  const stripped = type === 'datastore' ? stripSecretsAndFiles(content) : content;
  const refs: RestoreItem['refs'] = [];
  rewriteReferencesInPlace(type, stripped, (value, field) => placeholder(refs.push([field, value]) - 1));
  let contentJson = JSON.stringify(stripped);
  let placeholders = true;
  if (refs.length > 0 && count(contentJson, PLACEHOLDER_TEXT) !== refs.length) {
    // The content held "\u0000…" strings of its own: put the references back and leave it to the main thread.
    rewriteReferencesInPlace(type, stripped, (value) => refs[Number(value.slice(1))][1]);
    contentJson = JSON.stringify(stripped);
    placeholders = false;
  }
  // (MAX_ITEM_JSON_BYTES leaves room for the references' ids, longer than the placeholders.)
  return { ...item, problem: sizeProblem(contentJson), warnings, complete: incomplete === null, refs, contentJson, placeholders };
}

const PLACEHOLDER_TEXT = '"\\u0000';

function placeholder(index: number): string {
  return `\u0000${index}`;
}

/**
 * An item's content JSON with its references put in: `ids[i]` where placeholder i is. Exact: the
 * placeholders are the only strings of the text that start with U+0000 (prepareRestoreItem checks;
 * content without references is never filled, whatever strings it holds).
 */
export function fillReferences(contentJson: string, ids: readonly string[]): string {
  if (ids.length === 0) return contentJson;
  return contentJson.replace(/"\\u0000(\d+)"/g, (_, index: string) => JSON.stringify(ids[Number(index)]));
}

function count(text: string, part: string): number {
  let n = 0;
  for (let at = text.indexOf(part); at !== -1; at = text.indexOf(part, at + part.length)) n++;
  return n;
}
