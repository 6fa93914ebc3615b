import { ReactNode } from 'react';

interface Props {
  /** Said to screen readers only. */
  caption: string;
  /** The header row, a cell a column. */
  columns: ReactNode[];
  /** Classes beside "data". */
  className?: string;
  /** In a box of its own that scrolls (long lists). */
  scroll?: boolean;
  /** The rows. */
  children: ReactNode;
}

/** A table of records: the caption, a header row of columns, then the rows. */
export function DataTable({ caption, columns, className, scroll, children }: Props) {
  const table = (
    <table className={className ? `data ${className}` : 'data'}>
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr>
          {columns.map((column, i) => (
            <th key={i} scope="col">
              {column}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
  return scroll ? <div className="table-scroll">{table}</div> : table;
}
