import { allPages } from '../api/client';
import type { Item, ItemType } from '../api/types';

/** The ids an item's content references (SPEC §3 table). */
export function referencesOf(item: Pick<Item, 'type' | 'content'>): string[] {
  const ids = new Set<string>();
  const content = item.content ?? {};
  const add = (v: unknown) => typeof v === 'string' && v && ids.add(v);
  switch (item.type) {
    case 'rule':
    case 'action':
    case 'rule-template':
    case 'action-template':
      walk(content.rootTerm, (node) => add(node.attributes?.template_id));
      break;
    case 'action-map':
      for (const pair of asArray(content.pairs)) {
        add(pair.rule);
        add(pair.action);
      }
      break;
    case 'session':
      for (const task of asArray(content.tasks)) {
        ['datastore', 'actionMap', 'discoverySpec', 'conformanceRule'].forEach((field) => add(task[field]));
        ['rules', 'actions'].forEach((field) => asArray(task[field]).forEach(add));
      }
      break;
    case 'discovery-spec':
      add(content.datastore);
      break;
  }
  return [...ids];
}

/** Which types can reference an item of this type. */
const REFERRER_TYPES: Partial<Record<ItemType, ItemType[]>> = {
  'rule-template': ['rule', 'rule-template', 'action', 'action-template'],
  'action-template': ['rule', 'rule-template', 'action', 'action-template'],
  rule: ['action-map', 'session'],
  action: ['action-map', 'session'],
  'action-map': ['session'],
  datastore: ['session', 'discovery-spec'],
  'discovery-spec': ['session'],
};

const scans = new Map<string, Promise<Item[]>>();

/**
 * The items that reference `item`. The API has no referrers query, so this reads the types that
 * can reference it (once per moment and refresh) and looks at their content.
 */
export async function referrersOf(item: Item, moment: { asOf?: string; generation: number }): Promise<Item[]> {
  const types = REFERRER_TYPES[item.type] ?? [];
  const lists = await Promise.all(
    types.map((type) => {
      const key = `${moment.asOf ?? 'now'}|${moment.generation}|${type}`;
      if (!scans.has(key))
        scans.set(
          key,
          allPages<Item>('/api/items', { type, asOf: moment.asOf }).catch((e) => (scans.delete(key), Promise.reject(e))),
        );
      return scans.get(key)!;
    }),
  );
  return lists.flat().filter((candidate) => referencesOf(candidate).includes(item.id));
}

interface Node {
  attributes?: Record<string, string>;
  predicates?: Node[];
}

function walk(node: unknown, visit: (node: Node) => void): void {
  if (!node || typeof node !== 'object') return;
  visit(node as Node);
  for (const child of asArray((node as Node).predicates)) walk(child, visit);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function asArray(value: unknown): any[] {
  return Array.isArray(value) ? value : [];
}
