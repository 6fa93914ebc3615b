import type { MouseEvent } from 'react';
import { TYPE_LABEL, TypeIcon } from './icons';
import type { Row } from './rows';

interface Props {
  row: Row;
  tabbable: boolean;
  selected: boolean;
  onClick: (e: MouseEvent) => void;
  onToggle: () => void;
  onFocus: () => void;
}

/** One line of the tree. Status lines (loading, empty, errors) are not focus stops. */
export function TreeRow({ row, tabbable, selected, onClick, onToggle, onFocus }: Props) {
  const indent = { paddingInlineStart: `${(row.level - 1) * 1.1 + 0.25}rem` };
  if (row.kind === 'status') {
    return (
      <li
        role="treeitem"
        aria-level={row.level}
        aria-disabled="true"
        aria-selected={false}
        className={row.error ? 'tree-status error-text' : 'tree-status'}
        style={indent}
      >
        {row.text}
      </li>
    );
  }
  if (row.kind === 'more') {
    return (
      <li
        role="treeitem"
        aria-level={row.level}
        aria-selected={false}
        data-key={row.key}
        tabIndex={tabbable ? 0 : -1}
        className="tree-more"
        style={indent}
        onClick={onClick}
        onFocus={onFocus}
      >
        Load more… <span className="muted">({row.shown} shown)</span>
      </li>
    );
  }
  const { item } = row;
  const folder = item.type === 'folder';
  const needs = item.needs?.length ? ` — needs ${item.needs.join(' and ')}` : '';
  return (
    <li
      role="treeitem"
      aria-level={row.level}
      aria-selected={selected}
      aria-expanded={folder ? row.expanded : undefined}
      data-key={row.key}
      data-type={item.type}
      tabIndex={tabbable ? 0 : -1}
      className={selected ? 'tree-item selected' : 'tree-item'}
      style={indent}
      onClick={onClick}
      onDoubleClick={folder ? onToggle : undefined}
      onFocus={onFocus}
    >
      {folder ? (
        <span
          className="twisty"
          aria-hidden="true"
          onClick={(e) => {
            e.stopPropagation();
            onToggle();
          }}
        >
          {row.expanded ? '▾' : '▸'}
        </span>
      ) : (
        <span className="twisty" aria-hidden="true" />
      )}
      <TypeIcon type={item.type} />
      <span className="tree-name">{item.name}</span>
      <span className="sr-only">
        , {TYPE_LABEL[item.type]}
        {needs}
      </span>
      {item.needs?.length ? (
        <span className="badge warn" aria-hidden="true" title={`needs ${item.needs.join(' and ')}`}>
          !
        </span>
      ) : null}
      {item.complete === false && (
        <span className="badge muted-badge" title="incomplete">
          incomplete
        </span>
      )}
    </li>
  );
}
