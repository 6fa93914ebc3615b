import type { ItemMetadata } from '../../src/repository/domain/item';
import { TYPE_ROOTS } from '../../src/formats/legacy-xml/legacy-xml-format';

/** `<Metadata>` of a folder or item as read (absent elements stay undefined / empty). */
export type Metadata = Omit<ItemMetadata, 'name'> & { name?: string };

export function emptyMetadata(): Metadata {
  return { description: '', comments: '', createdBy: '', createdAt: '', lastEditedBy: '', lastEditedAt: '' };
}

/** Text elements of `<Metadata>` and the field each fills. */
export const METADATA_TEXT: Record<string, 'name' | 'description' | 'comments'> = {
  Name: 'name',
  Description: 'description',
  Comments: 'comments',
};

/** `<Created>`/`<LastEdited>` → the Metadata fields their `<UserDate user date/>` fills. */
export const USER_DATES: Record<string, ['createdBy' | 'lastEditedBy', 'createdAt' | 'lastEditedAt']> = {
  Created: ['createdBy', 'createdAt'],
  LastEdited: ['lastEditedBy', 'lastEditedAt'],
};

export interface RootInfo {
  /** URI scheme of the tree's items, e.g. RULE. */
  scheme: string;
  /** Item type assumed for an Item of this tree that has no body. */
  defaultType: string;
}

/** Type root element (`RuleFolder`, …) → its scheme; unknown `XyzFolder` roots are read alike. */
export function rootInfo(element: string): RootInfo {
  const known = TYPE_ROOTS.find((r) => r.element === element);
  if (known) return { scheme: known.scheme, defaultType: known.types[known.types.length - 1] };
  const base = element.replace(/Folder$/, '');
  return { scheme: base.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase(), defaultType: base.toLowerCase() };
}
