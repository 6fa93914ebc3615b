import type { ItemType } from '../../repository/domain/item';

/**
 * Facts about 1Integrate's legacy XML backup format, shared by the writer (here) and the reader
 * (workers/parsing/legacy-xml.reader.ts). What real exports show (test/fixtures/1integrate/legacy-xml):
 *
 *   <Backup xmlns="http://schema.onespatial.com/radius/studio/v2" xmlns:gml="http://www.opengis.net/gml">
 *     <RuleFolder>                                    a type root: Metadata Name "RULE", not an item
 *       <Metadata>…</Metadata><IsShortcut>false</IsShortcut>
 *       <RuleFolder>                                  a folder: same element as its type root
 *         <Metadata><Name/><Description/>?<Comments/>?<Created><UserDate date user/></Created><LastEdited>…</LastEdited></Metadata>
 *         <IsShortcut>false</IsShortcut>
 *         <RuleFolder>…</RuleFolder>*                 subfolders first, then items
 *         <Item id="RULE://Standard/Folder/Name">   the URI is the type root's scheme + the path without the root
 *           <Metadata>…</Metadata><IsShortcut>false</IsShortcut>
 *           <Rule>…</Rule>                            exactly one body
 *
 * `<UserDate/>` without attributes means "unknown" (1Integrate writes it for some folders).
 * Templates are ordinary Items of the rule / action trees whose body's only child is `<Template>`:
 * `<Rule><Template><Parameter …/>…</Template></Rule>`; they are referenced from rule nodes by
 * `template_id="RULE://…"` (or `ACTION://…`), plus informative `template_name`/`template_type`.
 * The bodies of data stores, sessions and action maps, and how what Strata does not model in them
 * is kept, are in legacy-xml-layout.ts (one table for the reader and the writer).
 */

export const STUDIO_NS = 'http://schema.onespatial.com/radius/studio/v2';
export const GML_NS = 'http://www.opengis.net/gml';

export interface TypeRoot {
  /** Element of the type root and of every folder below it. */
  element: 'DataStoreFolder' | 'RuleFolder' | 'ActionFolder' | 'ActionMapFolder' | 'SessionFolder';
  /** The type root's Metadata Name, which is also the URI scheme of its items. */
  scheme: 'DATASTORE' | 'RULE' | 'ACTION' | 'ACTION_MAP' | 'SESSION';
  /** Strata item types that live in this tree. */
  types: readonly ItemType[];
}

/** The type roots in the order the writer emits them (dependencies before dependents). */
export const TYPE_ROOTS: readonly TypeRoot[] = [
  { element: 'DataStoreFolder', scheme: 'DATASTORE', types: ['datastore'] },
  { element: 'RuleFolder', scheme: 'RULE', types: ['rule-template', 'rule'] },
  { element: 'ActionFolder', scheme: 'ACTION', types: ['action-template', 'action'] },
  { element: 'ActionMapFolder', scheme: 'ACTION_MAP', types: ['action-map'] },
  { element: 'SessionFolder', scheme: 'SESSION', types: ['session'] },
];

/**
 * Folders whose subtree holds no item at all have no natural type root: they are written under
 * `RuleFolder` (1Integrate's own exports keep empty rule folders there, e.g. HPMS "Pavement").
 */
export const EMPTY_FOLDER_ROOT: TypeRoot['element'] = 'RuleFolder';

export function typeRootOf(type: ItemType): TypeRoot | undefined {
  return TYPE_ROOTS.find((root) => root.types.includes(type));
}

/** `RULE://a/b/Name` for an item of `type` at full path `/a/b/Name` (undefined: no legacy form). */
export function uriOf(type: ItemType, path: string): string | undefined {
  const root = typeRootOf(type);
  return root ? `${root.scheme}://${path.replace(/^\/+/, '')}` : undefined;
}

/** Body element ↔ item type (templates are told apart by their `Template` child). */
export const BODY_OF: Partial<Record<ItemType, string>> = {
  rule: 'Rule',
  'rule-template': 'Rule',
  action: 'Action',
  'action-template': 'Action',
  'action-map': 'ActionMap',
  datastore: 'DataStore',
  session: 'Session',
};
