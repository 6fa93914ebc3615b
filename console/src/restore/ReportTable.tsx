import { useMemo, useState } from 'react';
import type { ReportItem } from '../api/types';
import { OutcomeTable } from './OutcomeTable';

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
      <OutcomeTable items={shown.slice(0, limit)} caption={caption} onEditSecrets={onEditSecrets} onItemHistory={onItemHistory} />
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
