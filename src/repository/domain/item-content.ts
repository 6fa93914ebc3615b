import { ItemContent, ItemType, RULE_LIKE_TYPES, SESSION_TASK_REFERENCES, paramsOf } from './item';
import { contentDepthProblem } from './limits';
import { unmodelledXmlProblem } from './unmodelled-xml';

/**
 * Shape checks of an item's content (SPEC §3), its depth limit first (so that nothing below
 * walks a tree deeper than LIMITS.contentDepth). Completeness of rules and actions is separate:
 * an incomplete rule may be saved and is reported `complete: false`.
 */
export function contentProblem(type: ItemType, content: unknown): string | null {
  if (!content || typeof content !== 'object' || Array.isArray(content)) return 'must be a JSON object';
  const depth = contentDepthProblem(content);
  if (depth) return depth;
  const c = content as ItemContent;
  if (RULE_LIKE_TYPES.includes(type)) {
    if (c.rootTerm !== undefined) return nodeProblem(c.rootTerm, []);
    return null;
  }
  if (type === 'action-map' || type === 'session' || type === 'datastore') {
    // What a legacy XML body held that Strata does not model: it must be writable back as XML.
    const unmodelled = unmodelledXmlProblem(c);
    if (unmodelled) return unmodelled;
  }
  switch (type) {
    case 'action-map':
      if (c.pairs === undefined) return null;
      if (!Array.isArray(c.pairs)) return 'pairs must be an array';
      for (const [i, pair] of c.pairs.entries()) {
        if (!pair || typeof pair !== 'object') return `pairs[${i}] must be an object`;
        const p = pair as Record<string, unknown>;
        if (typeof p.rule !== 'string' || typeof p.action !== 'string') return `pairs[${i}] needs "rule" and "action" ids`;
      }
      return null;
    case 'session':
      if (c.tasks === undefined) return null;
      if (!Array.isArray(c.tasks)) return 'tasks must be an array';
      for (const [i, task] of c.tasks.entries()) {
        if (!task || typeof task !== 'object' || typeof (task as { kind?: unknown }).kind !== 'string') {
          return `tasks[${i}] must be an object with a "kind"`;
        }
        const t = task as Record<string, unknown>;
        for (const key of SESSION_TASK_REFERENCES) {
          if (t[key] !== undefined && t[key] !== null && typeof t[key] !== 'string') return `tasks[${i}].${key} must be an id`;
        }
        for (const key of ['rules', 'actions']) {
          if (t[key] !== undefined && (!Array.isArray(t[key]) || (t[key] as unknown[]).some((x) => typeof x !== 'string'))) {
            return `tasks[${i}].${key} must be an array of ids`;
          }
        }
      }
      return null;
    case 'datastore':
      for (const list of ['importCredentials', 'exportCredentials']) {
        if (c[list] !== undefined && !Array.isArray(c[list])) return `${list} must be an array of params`;
      }
      for (const { list, param } of paramsOf(c)) {
        if (typeof param.name !== 'string' || typeof param.datatype !== 'string') {
          return `${list}: every param needs a "name" and a "datatype"`;
        }
        if (param.value !== null && param.value !== undefined && typeof param.value !== 'string') {
          return `${list}: param "${param.name}" value must be a string or null`;
        }
      }
      return null;
    case 'discovery-spec':
      if (c.datastore !== undefined && c.datastore !== null && typeof c.datastore !== 'string') return 'datastore must be an id';
      return null;
    case 'folder':
      return Object.keys(c).length === 0 ? null : 'a folder has no content';
    default:
      return null;
  }
}

/**
 * `path`: the indexes of the predicates leading from rootTerm to `node` (spelt out only for a
 * problem). Recursive: the content's depth limit, checked first, bounds it.
 */
function nodeProblem(node: unknown, path: number[]): string | null {
  const where = () => `rootTerm${path.map((i) => `.predicates[${i}]`).join('')}`;
  if (!node || typeof node !== 'object' || Array.isArray(node)) return `${where()} must be a node object`;
  const n = node as Record<string, unknown>;
  if (typeof n.kind !== 'string' || n.kind === '') return `${where()}.kind must be a non-empty string`;
  if (n.attributes !== undefined) {
    if (!n.attributes || typeof n.attributes !== 'object' || Array.isArray(n.attributes)) return `${where()}.attributes must be an object`;
    for (const k in n.attributes) {
      if (typeof (n.attributes as Record<string, unknown>)[k] !== 'string') return `${where()}.attributes.${k} must be a string`;
    }
  }
  if (n.predicates !== undefined) {
    if (!Array.isArray(n.predicates)) return `${where()}.predicates must be an array`;
    for (let i = 0; i < n.predicates.length; i++) {
      path.push(i);
      const problem = nodeProblem(n.predicates[i], path);
      path.pop();
      if (problem) return problem;
    }
  }
  return null;
}
