import type { ParsedItem } from '../../../workers/parsing/parsed-item';
import { isItemType, nameProblem } from '../../repository/domain/item';
import { contentProblem } from '../../repository/domain/item-content';
import { completenessProblems } from '../../repository/domain/rule-language';

/**
 * Why a parsed item cannot be restored on its own (SPEC §5): what the reader found, an unknown
 * type, a bad name, malformed content, an incomplete rule or action. Null when it can.
 * References are checked apart (they need the rest of the file and the repository).
 */
export function itemProblem(item: ParsedItem): string | null {
  if (item.problems?.length) return item.problems[0].message;
  if (!isItemType(item.type)) return `unknown type "${item.type}"`;
  const name = nameProblem(item.name);
  if (name) return name;
  if (item.type === 'folder') return null;
  const content = contentProblem(item.type, item.content);
  if (content) return `content: ${content}`;
  const incomplete = completenessProblems(item.type, item.content);
  if (incomplete.length > 0) return `incomplete: ${incomplete[0]}${incomplete.length > 1 ? ` (and ${incomplete.length - 1} more)` : ''}`;
  return null;
}
