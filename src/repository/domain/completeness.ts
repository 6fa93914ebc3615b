import { ItemContent, ItemType } from './item';
import { completenessProblems } from './rule-language';

/**
 * Is a rule, action or template structurally complete (every node has the children its kind
 * needs)? Whether its templates resolve is a fact about other items, checked at read time.
 * Other types have no notion of completeness.
 */
export function isShapeComplete(type: ItemType, content: ItemContent): boolean {
  return completenessProblems(type, content).length === 0;
}

/**
 * Why a rule, action or template is incomplete, in one line for a report (`incomplete: …`, and
 * how many more problems there are); null when it is complete or of another type.
 */
export function incompleteness(type: ItemType, content: ItemContent): string | null {
  const problems = completenessProblems(type, content);
  if (problems.length === 0) return null;
  return `incomplete: ${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}`;
}
