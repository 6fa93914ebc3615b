/**
 * Writing `.rules` files for tests the way Rule Author does (SPEC §8): each record's bytes cut into
 * chunks (0xDD, 16-bit big-endian length, bytes) and ended by 0xED.
 */

/** A record: a JSON value (serialised), raw bytes (written as they are), or null (empty). */
export type RecordSpec = unknown;

export function rulesFile(records: RecordSpec[], chunkSize = 4093): Buffer {
  const parts: Buffer[] = [];
  for (const record of records) {
    const bytes = record === null ? Buffer.alloc(0) : Buffer.isBuffer(record) ? record : Buffer.from(JSON.stringify(record), 'utf8');
    for (let at = 0; at < bytes.length; at += chunkSize) {
      const chunk = bytes.subarray(at, at + chunkSize);
      parts.push(Buffer.from([0xdd, chunk.length >> 8, chunk.length & 0xff]), chunk);
    }
    parts.push(Buffer.from([0xed]));
  }
  return Buffer.concat(parts);
}

/** A typed param as Rule Author writes it. */
export type Param = [type: 'string' | 'integer' | 'real' | 'boolean', value: unknown];

export interface RulesNode {
  type: string;
  params?: Record<string, { type: string; value: unknown }>;
  children?: RulesNode[];
}

export function node(type: string, params: Record<string, Param> = {}, children: RulesNode[] = []): RulesNode {
  const out: RulesNode = { type };
  if (Object.keys(params).length > 0) {
    out.params = Object.fromEntries(Object.entries(params).map(([name, [t, value]]) => [name, { type: t, value }]));
  }
  if (children.length > 0) out.children = children;
  return out;
}

export function metadata(description: string, title = 'A title', comments = 'A comment'): RulesNode {
  return node('Metadata', { comments: ['string', comments], description: ['string', description], title: ['string', title] });
}

/** The manifest of a rule set: the rule set first, then `[appType, path inside the rule set]` per body. */
export function manifest(ruleSet: string, entries: [appType: string, rel: string[]][]) {
  const item = (appType: string, rel: string[]) => ({
    abs: ['dc', 'app', 'ruleauthor', 'content', ruleSet, ...rel],
    rel,
    metadata: { version: 1, format: 'text/plain', nodeType: appType === 'rule' || appType === 'action' ? 'leaf' : 'branch', appType, tags: [] },
  });
  return { intent: 'rule_author_ruleset', items: [item('rule_set', []), ...entries.map(([appType, rel]) => item(appType, rel))] };
}

const DYNAMIC = node('DynamicValue', { classRef: ['string', 'Road'], objRef: ['string', ''], propName: ['string', 'geometry'] });

/** A complete rule body: Road geometry is not null. */
export function ruleBody(description = 'A rule', extra: Record<string, Param> = {}): RulesNode {
  const root = node('RootPredicate', { classLabel: ['string', 'Road'], objLabel: ['string', ''], ...extra }, [
    node('RelationalPredicate', {}, [DYNAMIC, node('NotEqualsRelation'), node('NullValue')]),
  ]);
  return node('rule', {}, [metadata(description), root]);
}

/** A complete action body: delete the Road. */
export function actionBody(description = 'An action'): RulesNode {
  const root = node('RootOperation', { classLabel: ['string', 'Road'], objLabel: ['string', ''] }, [
    node('DeleteObjectOperation', { classRef: ['string', 'Road'], objRef: ['string', ''] }),
  ]);
  return node('action', {}, [metadata(description), root]);
}

export function packageBody(description: string): RulesNode {
  return node('package', {}, [metadata(description)]);
}

/** Splits bytes into pieces of `size`, as a stream would deliver them. */
export async function* pieces(bytes: Buffer, size: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}
