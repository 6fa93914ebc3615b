import type { Item } from '../api/types';
import { TYPE_LABEL, TypeIcon } from './icons';

/** Selected items, one a line: the type's glyph, the path and the type in words. */
export function SelectionList({ items }: { items: Item[] }) {
  return (
    <ul className="selection-list">
      {items.map((item) => (
        <li key={item.id}>
          <TypeIcon type={item.type} /> <span className="path">{item.path}</span> <span className="muted">({TYPE_LABEL[item.type]})</span>
        </li>
      ))}
    </ul>
  );
}
