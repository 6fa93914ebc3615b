import { useCallback, useEffect, useState } from 'react';
import { get } from '../api/client';
import type { Page, ReportItem, RestoreRecord } from '../api/types';
import { ErrorBox } from '../common/ErrorBox';
import { LoadMore } from '../common/LoadMore';
import { usePages } from '../common/usePages';
import { OutcomeTable } from '../restore/OutcomeTable';

const PAGE = 200;
const LISTED = ['ok', 'renamed', 'replaced', 'skipped', 'failed', 'created', 'deleted'];

/**
 * A restore's per-item outcomes, a page at a time from the API. The counts beside the filters are
 * the record's (every item of the restore), not those of the rows loaded so far; a filter asks the
 * API for that status; "Load more" is the one way to page. Unchanged items of full restores are
 * counted only, never listed.
 */
export function RestoreOutcomes({ record, onItemHistory }: { record: RestoreRecord; onItemHistory: (item: ReportItem) => void }) {
  const [status, setStatus] = useState<string | null>(null);
  const counts = LISTED.filter((s) => (record.counts[s] ?? 0) > 0).map((s) => [s, record.counts[s]] as const);
  const total = counts.reduce((sum, [, n]) => sum + n, 0);

  const fetchPage = useCallback(
    (after: string | null) => get<Page<ReportItem>>(`/api/restores/${record.id}/items`, { cursor: after, limit: PAGE, status: status ?? undefined }),
    [record.id, status],
  );
  const pages = usePages(fetchPage);
  const { items, setItems, loading, error, load } = pages;
  useEffect(() => {
    setItems([]);
    void load(null);
  }, [load, setItems]);

  const expected = status ? (record.counts[status] ?? 0) : total;
  return (
    <div className="report">
      <div className="filters" role="group" aria-label="Filter by outcome">
        <button type="button" aria-pressed={status === null} onClick={() => setStatus(null)}>
          All <span className="count">{total}</span>
        </button>
        {counts.map(([s, n]) => (
          <button key={s} type="button" className={`status-filter status-${s}`} aria-pressed={status === s} onClick={() => setStatus(s)}>
            {s} <span className="count">{n}</span>
          </button>
        ))}
        {record.counts.unchanged ? <span className="muted">{record.counts.unchanged} unchanged (not listed)</span> : null}
      </div>
      <ErrorBox error={error} />
      <OutcomeTable items={items} caption="Per-item outcomes" onItemHistory={onItemHistory} />
      <p className="muted" role="status" data-testid="outcomes-shown">
        {loading ? 'Loading…' : `${items.length} of ${expected} shown`}
        <LoadMore pages={pages} />
      </p>
    </div>
  );
}
