import type { ReactElement } from 'react';
import type { ItemType } from '../api/types';

export const TYPE_LABEL: Record<ItemType, string> = {
  folder: 'folder',
  datastore: 'data store',
  'discovery-spec': 'discovery specification',
  rule: 'rule',
  'rule-template': 'rule template',
  action: 'action',
  'action-template': 'action template',
  'action-map': 'action map',
  session: 'session',
};

/** Order of types inside a folder: folders, then the way 1Integrate lists its trees. */
export const TYPE_ORDER: ItemType[] = ['folder', 'datastore', 'discovery-spec', 'rule-template', 'rule', 'action-template', 'action', 'action-map', 'session'];

/** A small glyph per item type (decorative: the type is also said in text). */
export function TypeIcon({ type }: { type: ItemType }) {
  return (
    <svg className={`icon icon-${type}`} width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      {SHAPES[type] ?? SHAPES.rule}
    </svg>
  );
}

const SHAPES: Record<ItemType, ReactElement> = {
  folder: <path d="M1 3.5h5l1.5 1.5H15v8.5H1z" />,
  datastore: (
    <>
      <ellipse cx="8" cy="3.5" rx="6" ry="2.2" />
      <path d="M2 3.5v9c0 1.2 2.7 2.2 6 2.2s6-1 6-2.2v-9c0 1.2-2.7 2.2-6 2.2S2 4.7 2 3.5z" />
    </>
  ),
  'discovery-spec': <path d="M6.5 1.5a5 5 0 1 1 0 10 5 5 0 0 1 0-10zm3.6 8.6 4.4 4.4-1 1-4.4-4.4z" />,
  // A decision diamond (a condition every object is checked against): not a box with a tick,
  // which reads as "selected" next to the tree's own selection.
  rule: <path d="M8 1 15 8 8 15 1 8zm0 3.2L4.2 8 8 11.8 11.8 8z" fillRule="evenodd" />,
  'rule-template': <path d="M8 1 15 8 8 15 1 8zm0 2.1L3.1 8 8 12.9 12.9 8zM8 6l2 2-2 2-2-2z" fillRule="evenodd" />,
  action: <path d="M9.5 1 3 9h4.5L6 15l7-8.5H8.5z" />,
  'action-template': <path d="M9.5 1 3 9h4.5L6 15l7-8.5H8.5zM8 4.2 5.2 7.8h3.5l-.6 2.7 2.9-3.5H7.4z" fillRule="evenodd" />,
  'action-map': <path d="M1 4h6v3H1zm8 5h6v3H9zM4 7h1v3.5h4v1H4z" />,
  session: <path d="M2 2.5 14 8 2 13.5z" />,
};
