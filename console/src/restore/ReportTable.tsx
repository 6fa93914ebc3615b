import { useMemo, useState } from 'react';
import type { ReportItem } from '../api/types';

const STATUSES = ['ok', 'renamed', 'replaced', 'skipped', 'failed', 'created', 'deleted'] as const;
const SHOWN = 300;

interface Props {
  items: ReportItem[];
  onEditSecrets?: (id: string) => void;
  onItemHistory?: (item: ReportItem) => void;
  caption: string;
}

/** Per-item outcomes, filterable by status and by text. */
export function ReportTable({ items, onEditSecrets, onItemHistory, caption }: Props) {
  const [status, setStatus] = useState<string>('all');
  const [text, setText] = useState('');
  const [limit, setLimit] = useState(SHOWN);
  const counts = useMemo(() => {
    const c = new Map<string, number>();
    for (const item of items) c.set(item.status, (c.get(item.status) ?? 0) + 1);
    return c;
  }, [items]);
  const needle = text.trim().toLowerCase();
  const shown = items.filter(
    (i) =>
      (status === 'all' || i.status === status) &&
      (!needle || [i.sourcePath, i.path, i.reason, i.type, ...i.warnings].some((s) => s?.toLowerCase().includes(needle))),
  );

  return (
    <div className="report">
      <div className="filters" role="group" aria-label="Filter by outcome">
        <button type="button" aria-pressed={status === 'all'} onClick={() => setStatus('all')}>
          All <span className="count">{items.length}</span>
        </button>
        {STATUSES.filter((s) => counts.has(s)).map((s) => (
          <button key={s} type="button" className={`status-filter status-${s}`} aria-pressed={status === s} onClick={() => setStatus(s)}>
            {s} <span className="count">{counts.get(s)}</span>
          </button>
        ))}
        <label className="inline">
          <span>Find</span>
          <input type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder="path, reason, warning" />
        </label>
      </div>
      <div className="table-scroll">
        <table className="data">
          <caption className="sr-only">{caption}</caption>
          <thead>
            <tr>
              <th scope="col">Status</th>
              <th scope="col">Type</th>
              <th scope="col">Item in the backup</th>
              <th scope="col">Restored as</th>
              <th scope="col">Reason and warnings</th>
            </tr>
          </thead>
          <tbody>
            {shown.slice(0, limit).map((item, i) => (
              <tr key={`${item.file}|${item.sourcePath}|${item.type}|${i}`} data-status={item.status}>
                <td>
                  <span className={`status status-${item.status}`}>{item.status}</span>
                </td>
                <td>{item.type}</td>
                <td className="path">{item.sourcePath}</td>
                <td className="path">
                  {item.path ?? '—'}
                  {onItemHistory && item.id && (
                    <>
                      {' '}
                      <button type="button" className="link" aria-label={`History of ${item.path ?? item.sourcePath}`} onClick={() => onItemHistory(item)}>
                        history
                      </button>
                    </>
                  )}
                </td>
                <td>
                  {item.reason && <div className="error-text">{item.reason}</div>}
                  {item.warnings.map((w) => (
                    <div key={w} className="warn-text">
                      {w}
                    </div>
                  ))}
                  {onEditSecrets && item.id && item.warnings.some((w) => /^needs /.test(w)) && (
                    <button type="button" className="link" onClick={() => onEditSecrets(item.id!)}>
                      Enter password and files for {item.path?.split('/').pop()}…
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted" role="status">
        {shown.length === items.length ? `${items.length} items` : `${shown.length} of ${items.length} items match`}
        {shown.length > limit && (
          <>
            {' '}
            — showing {limit}.{' '}
            <button type="button" className="link" onClick={() => setLimit((l) => l + SHOWN)}>
              Show more
            </button>
          </>
        )}
      </p>
    </div>
  );
}
