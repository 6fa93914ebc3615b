import type { ItemContent, ItemType, Param, RuleNode } from '../src/repository/domain/item';
import { walkNodes } from '../src/repository/domain/item';

/**
 * Turns the body of one 1Integrate sync-tool file into Strata content (SPEC §3). References are
 * resolved through `resolve` (a sync-tool path or `TYPE://` URI → item id, or undefined); the ones
 * that do not resolve are dropped and reported through `onUnresolved`.
 */
export interface Resolver {
  resolve(reference: string): string | undefined;
  onUnresolved(reference: string): void;
}

/** The file's extension → Strata type; rules and actions flagged `template` are templates. */
export function typeOf(extension: string, body: Record<string, unknown>): ItemType | null {
  switch (extension) {
    case 'rule':
      return body.template === true ? 'rule-template' : 'rule';
    case 'action':
      return body.template === true ? 'action-template' : 'action';
    case 'action_map':
      return 'action-map';
    case 'session':
      return 'session';
    case 'datastore':
      return 'datastore';
    default:
      return null;
  }
}

export function toContent(type: ItemType, body: Record<string, unknown>, refs: Resolver): ItemContent {
  const { description: _d, comments: _c, template: _t, ...rest } = body;
  switch (type) {
    case 'rule':
    case 'action':
    case 'rule-template':
    case 'action-template':
      return { rootTerm: withTemplateIds(rest.rootTerm, refs) };
    case 'action-map':
      return { pairs: pairsOf(rest.pairs, refs) };
    case 'session':
      return { ...rest, tasks: arrayOf(rest.tasks).map((task) => taskOf(task as Record<string, unknown>, refs)) };
    case 'datastore':
      return {
        ...rest,
        importCredentials: paramsOf(rest.importCredentials),
        exportCredentials: paramsOf(rest.exportCredentials),
      };
    default:
      return rest;
  }
}

function withTemplateIds(rootTerm: unknown, refs: Resolver): unknown {
  walkNodes(rootTerm, (node: RuleNode) => {
    const uri = node.attributes?.template_id;
    if (!node.attributes || uri === undefined) return;
    const id = refs.resolve(uri);
    if (id) node.attributes.template_id = id;
    else {
      refs.onUnresolved(uri);
      delete node.attributes.template_id;
    }
  });
  return rootTerm;
}

function pairsOf(pairs: unknown, refs: Resolver): { rule: string; action: string }[] {
  const out: { rule: string; action: string }[] = [];
  for (const pair of arrayOf(pairs) as { rule?: string; action?: string }[]) {
    const rule = resolveOne(pair.rule, refs);
    const action = resolveOne(pair.action, refs);
    if (rule && action) out.push({ rule, action });
  }
  return out;
}

/** A session task: `actionmap` becomes `actionMap`; every reference becomes an id. */
function taskOf(task: Record<string, unknown>, refs: Resolver): Record<string, unknown> {
  const { actionmap, ...out } = task;
  if (actionmap !== undefined) out.actionMap = actionmap;
  for (const key of ['datastore', 'actionMap', 'discoverySpec']) {
    if (out[key] === undefined) continue;
    const id = resolveOne(out[key], refs);
    if (id) out[key] = id;
    else delete out[key];
  }
  for (const key of ['rules', 'actions']) {
    if (!Array.isArray(out[key])) continue;
    out[key] = (out[key] as unknown[]).map((ref) => resolveOne(ref, refs)).filter((id): id is string => id !== undefined);
  }
  return out;
}

function resolveOne(reference: unknown, refs: Resolver): string | undefined {
  if (typeof reference !== 'string' || reference === '') return undefined;
  const id = refs.resolve(reference);
  if (!id) refs.onUnresolved(reference);
  return id;
}

const FILE_NAME = /\.(zip|gdb|csv|gz|txt|shp|tab|xml|json|gml|dwg|dxf)$/i;

/**
 * A name → value credential map as Strata params, already as a backup carries them: an upload
 * keeps its file name as display value and has a null value; a password has a null value.
 */
export function paramsOf(credentials: unknown): Param[] {
  if (!credentials || typeof credentials !== 'object') return [];
  return Object.entries(credentials as Record<string, unknown>).map(([name, raw]) => {
    const value = typeof raw === 'string' ? raw : String(raw ?? '');
    if (/password/i.test(name)) return { name, datatype: 'password', value: null };
    if (FILE_NAME.test(value)) return { name, datatype: 'upload', value: null, displayValue: value };
    return { name, datatype: 'string', value };
  });
}

function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
