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
