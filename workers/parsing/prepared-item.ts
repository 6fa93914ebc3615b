import { ItemType, Reference, referencesOf } from '../../src/repository/domain/item';
import { isShapeComplete } from '../../src/repository/domain/completeness';
import { itemProblem, sizeProblem } from '../../src/restore/plan/item-checks';
import { stripSecretsAndFiles } from '../../src/secrets/strip-secrets';
import type { ParsedItem } from './parsed-item';

/**
 * A parsed item made ready, on the worker, for a repository restore, which takes items as they
 * are (same id, same content): checked, its references listed, and its content serialised once,
 * as the event and the content hash will hold it. Posting a string instead of the content's tree
 * also makes the message cheap to receive on the main thread.
 */
export interface PreparedItem extends Omit<ParsedItem, 'content'> {
  /** The content as JSON, secrets and files stripped (data stores: SPEC §4). */
  contentJson: string;
  /** Why the item cannot be restored on its own (see itemProblem); null when it can. */
  problem: string | null;
  /** The references its content holds (none when it has a problem). */
  references: Reference[];
  /**
   * Whether its content's shape is complete (isShapeComplete): with its references, what the
   * projection of its event is told instead of parsing the content again (ContentFacts).
   */
  complete: boolean;
}

export function prepareItem(parsed: ParsedItem): PreparedItem {
  const { content, ...item } = parsed;
  const problem = itemProblem(parsed);
  const references = problem ? [] : referencesOf(parsed.type as ItemType, content);
  const complete = !problem && isShapeComplete(parsed.type as ItemType, content);
  const stripped = parsed.type === 'datastore' && !problem ? stripSecretsAndFiles(content) : content;
  const contentJson = JSON.stringify(stripped ?? {});
  return { ...item, contentJson, problem: problem ?? sizeProblem(contentJson), references, complete };
}
