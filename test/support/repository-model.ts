import fc from 'fast-check';
import { LIMITS } from '../../src/repository/domain/limits';

/**
 * Arbitrary repositories, made the way users make them (issue 15's property tests): a plain-data
 * description that fast-check generates and shrinks, turned into API requests by `createThrough`.
 * References are indexes into the items made before, resolved modulo the candidates of the
 * right type, so every description is a valid repository.
 */

type Node = { kind: string; attributes?: Record<string, string>; predicates?: Node[] };

/** Characters of one code point each: Latin, RTL, CJK, emoji, combining marks, bidi controls, XML-special. */
const ONE_CODE_POINT = [
  ...'aZ09 -_.()%#*+=:;?!@[]{}\\<>&"\'',
  'é',
  'ß',
  'ø',
  'ع',
  'ש',
  '日',
  '本',
  '🧭',
  '😀',
  '\u0301',
  '\u200f',
  '\u202e',
  '\u00a0',
  '\u2028',
];
/** Clusters of several code points: an accent, a skin tone, a flag. */
const CLUSTERS = ['e\u0301', '👍🏽', '🇫🇷', 'ﬁ'];

const nameUnit = fc.constantFrom(...ONE_CODE_POINT, ...CLUSTERS);
/** Names: short and varied, sometimes exactly LIMITS.nameLength code points. */
export const nameArb = fc.oneof(
  { weight: 8, arbitrary: fc.string({ unit: nameUnit, minLength: 1, maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(...ONE_CODE_POINT), minLength: LIMITS.nameLength, maxLength: LIMITS.nameLength }) },
);
/** Descriptions, comments, attribute and param values: names' characters, plus line breaks, tabs and slashes. */
export const textArb = fc.string({ unit: fc.constantFrom(...ONE_CODE_POINT, ...CLUSTERS, '\n', '\t', '\r', '\r\n', '/'), maxLength: 40 });

const folderArb = fc.record({ name: nameArb, parent: fc.nat(), description: textArb });

const ITEM_TYPES = ['datastore', 'discovery-spec', 'rule', 'rule-template', 'action', 'action-template', 'action-map', 'session'] as const;
type ItemKind = (typeof ITEM_TYPES)[number];

const itemArb = fc.record({
  type: fc.constantFrom(...ITEM_TYPES),
  name: nameArb,
  folder: fc.nat(),
  description: textArb,
  comments: textArb,
  /** Which shape of content (complete, incomplete, at the depth limit, …). */
  variant: fc.nat({ max: 7 }),
  /** What it references: indexes among the earlier items of the right type. */
  refs: fc.array(fc.nat(), { maxLength: 3 }),
  text: textArb,
  json: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 }),
  password: fc.option(fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 12 }), { nil: undefined }),
  file: fc.boolean(),
});

export const repositoryArb = fc.record({
  folders: fc.array(folderArb, { maxLength: 6 }),
  items: fc.array(itemArb, { maxLength: 16 }),
  /** A chain of folders LIMITS.folderDepth deep, with an item at its bottom, in some repositories. */
  deepFolders: fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
});
export type RepositorySpec = typeof repositoryArb extends fc.Arbitrary<infer T> ? T : never;

/** One API request's worth of item, with references to earlier items by their index. */
export interface PlannedItem {
  type: ItemKind | 'folder';
  name: string;
  /** Index of the containing folder among the planned items (null: the root). */
  folder: number | null;
  description: string;
  comments: string;
  /** The content, given the ids of the items created before. */
  content: (idOf: (index: number) => string) => Record<string, unknown>;
  /** Indexes of the items it references. */
  references: number[];
  password?: string;
  file?: { name: string; bytes: string };
}

/** The items of a repository description, parents and referenced items before their dependents. */
export function planRepository(spec: RepositorySpec): PlannedItem[] {
  const planned: PlannedItem[] = [];
  const taken = new Set<string>();
  const add = (item: PlannedItem) => {
    // (folder, type, name) is unique (folders: (folder, name)); a clash gets a plain name.
    const key = (name: string) => `${item.folder}\u0000${item.type === 'folder' ? 'folder' : item.type}\u0000${name}`;
    if (taken.has(key(item.name))) item.name = `n${planned.length}`;
    taken.add(key(item.name));
    planned.push(item);
    return planned.length - 1;
  };
  const folders: number[] = [];
  for (const f of spec.folders) {
    const parent = f.parent % (folders.length + 1);
    folders.push(add({ ...plain(f.name, parent === 0 ? null : folders[parent - 1], f.description), type: 'folder', content: () => ({}), references: [] }));
  }
  if (spec.deepFolders) {
    let parent: number | null = null;
    for (let depth = 1; depth <= LIMITS.folderDepth; depth++) {
      parent = add({ ...plain(`Level ${depth}`, parent, ''), type: 'folder', content: () => ({}), references: [] });
    }
    add({ ...plain('At the bottom', parent, 'deepest'), type: 'rule', content: () => ({ rootTerm: { kind: 'Rule' } }), references: [] });
  }
  const byType = (type: string) => planned.flatMap((p, index) => (p.type === type ? [index] : []));
  for (const s of spec.items) {
    const folder = s.folder % (folders.length + 1);
    const pick = (type: string, nth = 0): number | undefined => {
      const candidates = byType(type);
      return candidates.length === 0 || s.refs.length <= nth ? undefined : candidates[s.refs[nth] % candidates.length];
    };
    const base = plain(s.name, folder === 0 ? null : folders[folder - 1], s.description, s.comments);
    const body = bodyOf(s, pick);
    const item: PlannedItem = { ...base, type: s.type, ...body };
    if (s.type === 'datastore') {
      item.password = s.password;
      if (s.file) item.file = { name: 'source.zip', bytes: `zip of ${s.text}` };
    }
    add(item);
  }
  return planned;
}

function plain(name: string, folder: number | null, description: string, comments = '') {
  return { name, folder, description, comments };
}

type Spec = RepositorySpec['items'][number];
type Body = Pick<PlannedItem, 'content' | 'references'>;

function bodyOf(s: Spec, pick: (type: string, nth?: number) => number | undefined): Body {
  const refs = (...indexes: (number | undefined)[]) => indexes.filter((i): i is number => i !== undefined);
  switch (s.type) {
    case 'rule': {
      const template = pick('rule-template');
      if (s.variant % 4 === 1) return fixed({ rootTerm: { kind: 'Rule' } });
      if (s.variant % 4 === 2) return fixed({ rootTerm: rule([{ kind: 'RangePredicate', attributes: { minInclusive: 'true', maxInclusive: 'false' } }]) });
      if (s.variant % 4 === 3) return fixed({ rootTerm: deepestRule() });
      return { references: refs(template), content: (id) => ({ rootTerm: rule([range(s.text, template === undefined ? undefined : id(template))]) }) };
    }
    case 'action': {
      const template = pick('action-template');
      if (s.variant % 3 === 1) return fixed({ rootTerm: { kind: 'Action' } });
      return { references: refs(template), content: (id) => ({ rootTerm: action(report(s.text, template === undefined ? undefined : id(template))) }) };
    }
    case 'rule-template':
      return fixed({ rootTerm: { kind: 'Rule', predicates: [{ kind: 'Template', predicates: [PARAMETER, range(s.text)] }] } });
    case 'action-template':
      return fixed({ rootTerm: { kind: 'Action', predicates: [{ kind: 'Template', predicates: [PARAMETER, report(s.text)] }] } });
    case 'action-map': {
      const pairs = s.refs.flatMap((_, nth) => {
        const r = pick('rule', nth);
        const a = pick('action', nth);
        return r === undefined || a === undefined ? [] : [[r, a]];
      });
      return { references: pairs.flat(), content: (id) => ({ pairs: pairs.map(([r, a]) => ({ rule: id(r), action: id(a) })) }) };
    }
    case 'session': {
      const store = pick('datastore');
      const rules = refs(pick('rule', 0), pick('rule', 1));
      const map = pick('action-map');
      const spec = pick('discovery-spec');
      return {
        references: refs(store, map, spec, ...rules),
        content: (id) => ({
          ...(s.variant % 2 === 1 ? { priority: '0', buffer: '0.0', partitioned: 'false', productionMode: s.text } : {}),
          tasks: [
            ...(store === undefined ? [] : [{ kind: 'OpenData', label: s.text, datastore: id(store) }]),
            ...(spec === undefined ? [] : [{ kind: 'Discover', discoverySpec: id(spec) }]),
            { kind: 'CheckRules', label: '1', rules: rules.map(id) },
            ...(map === undefined ? [] : [{ kind: 'ApplyActionMap', actionMap: id(map) }]),
          ],
        }),
      };
    }
    case 'discovery-spec': {
      const store = pick('datastore');
      const json = s.variant % 4 === 3 ? { deepest: deepestJson() } : jsonCopy(s.json);
      return { references: refs(store), content: (id) => (store === undefined ? json : { ...json, datastore: id(store) }) };
    }
    case 'datastore':
      return fixed({
        importType: s.text === '' ? 'Esri File Geodatabase (GDAL)' : s.text,
        importCredentials: [
          { name: 'Server', datatype: 'string', value: s.text, displayValue: 'Server' },
          ...(s.password === undefined ? [] : [{ name: 'Password', datatype: 'password', value: s.password }]),
          ...(s.file ? [{ name: 'Source', datatype: 'upload', value: 'source.zip' }] : []),
        ],
        // Schemas and mappings, as 1Integrate's exports hold them (issue 16), in some data stores.
        ...(s.variant % 2 === 1
          ? {
              inputSchema: { classes: [{ name: s.text, attrs: [{ name: 'geometry', datatype: 'geometry', params: [{ name: 'srid', value: '27700' }] }] }] },
              importMapping: { fixed_target: 'false', classMappings: [{ source: s.text, target: 'Road', attributeMappings: [] }] },
            }
          : {}),
      });
  }
}

function fixed(content: Record<string, unknown>): Body {
  return { references: [], content: () => content };
}

const PARAMETER: Node = { kind: 'Parameter', attributes: { classLabel: 'sys:edge', objLabel: '' } };
const geometry = (): Node => ({ kind: 'DynamicValue', attributes: { classRef: 'sys:edge', objRef: '', propName: 'geometry' } });

function rule(checks: Node[]): Node {
  return { kind: 'Rule', predicates: [{ kind: 'RootPredicate', attributes: { classLabel: 'sys:edge', objLabel: '' }, predicates: checks }] };
}

function action(operation: Node): Node {
  return { kind: 'Action', predicates: [{ kind: 'RootOperation', attributes: { classLabel: 'sys:edge', objLabel: '' }, predicates: [operation] }] };
}

function range(value: string, templateId?: string): Node {
  return {
    kind: 'RangePredicate',
    attributes: { minInclusive: 'true', maxInclusive: 'true', ...(templateId === undefined ? {} : { template_id: templateId }) },
    predicates: [
      { kind: 'BuiltinFnValue', attributes: { fnName: 'length' }, predicates: [geometry()] },
      { kind: 'StaticValue', attributes: { datatype: 'string', value } },
      { kind: 'StaticValue', attributes: { datatype: 'double', value: '100' } },
    ],
  };
}

function report(label: string, templateId?: string): Node {
  return {
    kind: 'ReportOperation',
    attributes: { scope: 'per-object', label, ...(templateId === undefined ? {} : { template_id: templateId }) },
    predicates: [geometry()],
  };
}

/**
 * A rule whose content nests exactly LIMITS.contentDepth levels: the n-th node of a chain is at
 * level 2n (content 1, rootTerm 2, its predicates 3, …), so the leaf is node contentDepth / 2.
 */
function deepestRule(): Node {
  let node: Node = { kind: 'NullValue' };
  for (let n = LIMITS.contentDepth / 2 - 1; n > 2; n--) node = { kind: 'NotPredicate', predicates: [node] };
  return rule([node]);
}

/** JSON nesting exactly LIMITS.contentDepth levels as a member of the content (level 1). */
function deepestJson(): unknown {
  let value: unknown = {};
  for (let level = 3; level <= LIMITS.contentDepth; level++) value = [value];
  return value;
}

/** The JSON value as the API will keep it (no -0, no undefined members). */
function jsonCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
