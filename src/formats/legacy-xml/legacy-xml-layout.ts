/**
 * How the content of data stores, sessions and action maps corresponds to the bodies 1Integrate
 * writes (SPEC §4; every real export seen, e.g. test/fixtures/1integrate/legacy-xml/HPMS--Session-HPMS.xml).
 * One table drives both directions — the reader (workers/parsing/legacy-xml-layout.reader.ts) and
 * the writer (legacy-xml-layout.writer.ts) — so what one reads the other writes back.
 *
 * An element Strata models is either an object of the content (an ObjectLayout) or a wrapper
 * whose attributes and children are folded into the enclosing object (`<ImportCredentials>
 * <Credentials type name>` → `importCredentialsType`, `importType`, `importCredentials`).
 * Everything else — unknown, repeated or out-of-order elements and attributes, stray text — is
 * kept in the object's `unmodelledXml` (src/repository/domain/unmodelled-xml.ts) and written
 * back in place. A field the XML form cannot carry (a number, a key that is not an XML name)
 * is written as `<Property name="key">JSON</Property>` and read back as that field.
 *
 * Values stay the text 1Integrate wrote (`"0.0"`, `"false"`): Strata does not interpret them,
 * and a number would not give the same text back.
 */

/** A child element Strata models, and the field(s) of the enclosing object it becomes. */
export type ChildLayout =
  /** `<Priority>0</Priority>` ↔ `priority: "0"` (no attributes, no child elements). */
  | { is: 'text'; element: string; key: string; reference?: boolean }
  /**
   * Each `<param …>` directly in the element ↔ one object of the array `key`. In a wrapper the
   * array is always there (it says the wrapper was); in an object, only when it has items.
   */
  | { is: 'list'; element: string; key: string; item: ObjectLayout }
  /** One `<Schema>` ↔ the object `key`. */
  | { is: 'object'; element: string; key: string; layout: ObjectLayout }
  /** `<classes><className>A</className>…</classes>` ↔ `classes: ["A", …]`. */
  | { is: 'texts'; element: string; key: string; item: string; reference?: boolean }
  /** An element folded into the enclosing object: its attributes and children become its fields. */
  | { is: 'wrapper'; element: string; shape: Shape };

export interface Shape {
  /**
   * `fields`: every attribute is a string field of the same name (elements made of attributes,
   * such as `param` or `Class`); otherwise only these attributes (name → key) are fields.
   */
  attributes: 'fields' | Readonly<Record<string, string>>;
  /** The children Strata models, in the order 1Integrate writes them. */
  children: readonly ChildLayout[];
}

export interface ObjectLayout extends Shape {
  /** A text-valued element (`param`): its text is this field, and it has no children of its own. */
  text?: string;
  /** `<OpenDataTask>` ↔ `kind: "OpenData"` (`<Task kind="…">` when that is no XML name). */
  named?: { key: string; suffix: string };
  /** An open-ended element (a session task): any `<f>text</f>` child is a string field `f`; children keep the order of the keys. */
  open?: boolean;
  /** Param datatypes `password` and `upload`: the text is never kept (SPEC §3 secrets and files). */
  dropsSecrets?: boolean;
}

/** Fields the writer writes as `<Property name="key">JSON</Property>` when the XML form cannot carry them. */
export const PROPERTY = 'Property';

const wrapper = (element: string, attributes: Shape['attributes'], ...children: ChildLayout[]): ChildLayout => ({
  is: 'wrapper',
  element,
  shape: { attributes, children },
});

/** `<param name datatype displayValue>value</param>`; in schemas `<param name>value</param>`. */
const PARAM: ObjectLayout = { attributes: 'fields', text: 'value', children: [], dropsSecrets: true };

const credentials = (side: 'import' | 'export', element: string): ChildLayout =>
  wrapper(
    element,
    {},
    wrapper('Credentials', { type: `${side}CredentialsType`, name: `${side}Type` }, { is: 'list', element: 'param', key: `${side}Credentials`, item: PARAM }),
  );

const ATTRIBUTE: ObjectLayout = {
  attributes: 'fields',
  children: [{ is: 'list', element: 'param', key: 'params', item: PARAM }],
};
const CLASS: ObjectLayout = { attributes: 'fields', children: [{ is: 'list', element: 'Attribute', key: 'attrs', item: ATTRIBUTE }] };
const SCHEMA: ObjectLayout = { attributes: 'fields', children: [{ is: 'list', element: 'Class', key: 'classes', item: CLASS }] };
const schema = (element: string, key: string) => wrapper(element, {}, { is: 'object', element: 'Schema', key, layout: SCHEMA });

const ATTRIBUTE_MAPPING: ObjectLayout = { attributes: 'fields', children: [] };
const CLASS_MAPPING: ObjectLayout = {
  attributes: 'fields',
  children: [{ is: 'list', element: 'SimpleAttributeMapping', key: 'attributeMappings', item: ATTRIBUTE_MAPPING }],
};
const SCHEMA_MAPPING: ObjectLayout = {
  attributes: 'fields',
  children: [{ is: 'list', element: 'SimpleClassMapping', key: 'classMappings', item: CLASS_MAPPING }],
};
const mapping = (element: string, key: string) => wrapper(element, {}, { is: 'object', element: 'SchemaMapping', key, layout: SCHEMA_MAPPING });

/**
 * `<DataStore>`: credentials (the `Credentials` name is what 1Integrate's JSON calls importType /
 * exportType), schemas (`Schema` → `Class` → `Attribute` → `param`), mappings (`SchemaMapping` →
 * `SimpleClassMapping` → `SimpleAttributeMapping`).
 */
export const DATA_STORE: ObjectLayout = {
  attributes: {},
  children: [
    credentials('import', 'ImportCredentials'),
    credentials('export', 'ExportCredentials'),
    schema('InputSchema', 'inputSchema'),
    schema('OutputSchema', 'outputSchema'),
    schema('UserSchema', 'userSchema'),
    mapping('ImportMapping', 'importMapping'),
    mapping('ExportMapping', 'exportMapping'),
  ],
};

/**
 * A task: `<OpenDataTask><label>1</label><datastore>DATASTORE://…</datastore>…</OpenDataTask>`.
 * Its fields are child elements, whatever the kind; those below hold references (URIs in the
 * file, ids in Strata) or lists. `rules`/`actions` lists are Strata's form for tasks made through
 * the API (no 1Integrate export shows one): `<rules><rule>RULE://…</rule>…</rules>`.
 */
const TASK: ObjectLayout = {
  attributes: {},
  named: { key: 'kind', suffix: 'Task' },
  open: true,
  children: [
    { is: 'text', element: 'datastore', key: 'datastore', reference: true },
    { is: 'text', element: 'actionMap', key: 'actionMap', reference: true },
    { is: 'text', element: 'conformanceRule', key: 'conformanceRule', reference: true },
    { is: 'text', element: 'discoverySpec', key: 'discoverySpec', reference: true },
    { is: 'texts', element: 'classes', key: 'classes', item: 'className' },
    { is: 'texts', element: 'rules', key: 'rules', item: 'rule', reference: true },
    { is: 'texts', element: 'actions', key: 'actions', item: 'action', reference: true },
  ],
};

/** `<Session>`: Priority, Buffer, Partitioned, ProductionMode, then `<Tasks>`. */
export const SESSION: ObjectLayout = {
  attributes: {},
  children: [
    { is: 'text', element: 'Priority', key: 'priority' },
    { is: 'text', element: 'Buffer', key: 'buffer' },
    { is: 'text', element: 'Partitioned', key: 'partitioned' },
    { is: 'text', element: 'ProductionMode', key: 'productionMode' },
    wrapper('Tasks', {}, { is: 'list', element: 'Task', key: 'tasks', item: TASK }),
  ],
};

const PAIR: ObjectLayout = {
  attributes: {},
  children: [
    { is: 'text', element: 'Rule', key: 'rule', reference: true },
    { is: 'text', element: 'Action', key: 'action', reference: true },
  ],
};

/** `<ActionMap><RuleActionPair><Rule>RULE://…</Rule><Action>ACTION://…</Action></RuleActionPair>*</ActionMap>`. */
export const ACTION_MAP: ObjectLayout = { attributes: {}, children: [{ is: 'list', element: 'RuleActionPair', key: 'pairs', item: PAIR }] };

/** Whether `name` is an element of `list` (tasks: any `…Task`). */
export function isListItem(list: Extract<ChildLayout, { is: 'list' }>, name: string): boolean {
  return list.item.named ? name.endsWith(list.item.named.suffix) : name === list.element;
}

/** The keys an element's own shape gives meaning to (its children's, text, name): never plain attribute fields. */
export function keysOf(shape: Shape & Partial<ObjectLayout>): ReadonlySet<string> {
  const known = KEYS.get(shape);
  if (known) return known;
  const keys = new Set<string>();
  if (shape.text) keys.add(shape.text);
  if (shape.named) keys.add(shape.named.key);
  const add = (children: readonly ChildLayout[]) => {
    for (const child of children) {
      if (child.is !== 'wrapper') keys.add(child.key);
      else {
        if (child.shape.attributes !== 'fields') for (const key of Object.values(child.shape.attributes)) keys.add(key);
        add(child.shape.children);
      }
    }
  };
  add(shape.children);
  KEYS.set(shape, keys);
  return keys;
}
const KEYS = new WeakMap<Shape, ReadonlySet<string>>();

/**
 * The wrappers and lists whose unmodelled parts an object keeps in `within`: their paths below
 * the object's element, each with the attributes it already writes from fields.
 */
export function withinPathsOf(shape: Shape, prefix = '', out = new Map<string, readonly string[]>()): Map<string, readonly string[]> {
  for (const child of shape.children) {
    const path = prefix === '' ? child.element : `${prefix}/${child.element}`;
    if (child.is === 'texts') out.set(path, []);
    if (child.is === 'wrapper') {
      out.set(path, child.shape.attributes === 'fields' ? [] : Object.keys(child.shape.attributes));
      withinPathsOf(child.shape, path, out);
    }
  }
  return out;
}
