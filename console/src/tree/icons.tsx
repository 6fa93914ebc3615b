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
  rule: <path d="M2 2h12v12H2zm2.5 6.2 2.2 2.3 4.8-5-1-1-3.8 3.9-1.2-1.2z" fillRule="evenodd" />,
  'rule-template': <path d="M2 2h12v12H2zm2 2v8h8V4zm1.5 4.2 1.7 1.8 3.3-3.4-.8-.8-2.5 2.6-.9-1z" fillRule="evenodd" />,
  action: <path d="M9.5 1 3 9h4.5L6 15l7-8.5H8.5z" />,
  'action-template': <path d="M9.5 1 3 9h4.5L6 15l7-8.5H8.5zM8 4.2 5.2 7.8h3.5l-.6 2.7 2.9-3.5H7.4z" fillRule="evenodd" />,
  'action-map': <path d="M1 4h6v3H1zm8 5h6v3H9zM4 7h1v3.5h4v1H4z" />,
  session: <path d="M2 2.5 14 8 2 13.5z" />,
};
