import { useEffect, useState } from 'react';
import { errorMessage, get } from '../api/client';
import type { Page, ReportItem, RestoreRecord } from '../api/types';
import { Dialog } from '../common/Dialog';
import { ErrorBox } from '../common/ErrorBox';
import { formatBytes, formatDate } from '../common/format';
import { ReportTable } from '../restore/ReportTable';
import { ItemHistory } from './ItemHistory';
import { countsText } from './RestoreList';

/** One restore record with its per-item outcomes, an item's history, and "view as of" links. */
export function RestoreDetail({ record, onViewAsOf, onClose }: { record: RestoreRecord; onViewAsOf: (asOf: string) => void; onClose: () => void }) {
  const [items, setItems] = useState<ReportItem[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [historyOf, setHistoryOf] = useState<ReportItem | null>(null);

  const load = async (after: string | null) => {
    try {
      const page = await get<Page<ReportItem>>(`/api/restores/${record.id}/items`, { cursor: after, limit: 500 });
      setItems((old) => (after ? [...old, ...page.items] : page.items));
      setCursor(page.nextCursor);
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  useEffect(() => {
    setItems([]);
    void load(null);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [record.id]);

  const before = new Date(Date.parse(record.startedAt) - 1).toISOString();
  const changedRepository = !record.dryRun && record.status === 'succeeded';
  return (
    <section className="restore-detail" aria-labelledby="restore-detail-title">
      <header className="section-header">
        <h2 id="restore-detail-title">
          {record.kind} restore by {record.user.name}, {formatDate(record.startedAt)}
        </h2>
        <button type="button" onClick={onClose}>
          Close details
        </button>
      </header>
      <dl className="facts">
        <dt>Status</dt>
        <dd>
          <span className={`status status-${record.status}`}>{record.status}</span>
          {record.dryRun ? ' (dry run: nothing was written)' : ''}
          {record.error && <span className="error-text"> — {record.error}</span>}
        </dd>
        <dt>Finished</dt>
        <dd>{formatDate(record.finishedAt)}</dd>
        <dt>Files</dt>
        <dd>{record.files.map((f) => `${f.name} (${f.format ?? 'unknown'}, ${formatBytes(f.bytes)})`).join('; ') || '—'}</dd>
        <dt>Counts</dt>
        <dd>{countsText(record.counts)}</dd>
        {record.options?.onConflict ? (
          <>
            <dt>On conflict</dt>
            <dd>{String(record.options.onConflict)}</dd>
          </>
        ) : null}
      </dl>
      <div className="actions start">
        <button type="button" onClick={() => onViewAsOf(before)}>
          View the repository before it
        </button>
        {changedRepository && record.finishedAt && (
          <button type="button" onClick={() => onViewAsOf(record.finishedAt!)}>
            View the repository after it
          </button>
        )}
      </div>
      <ErrorBox error={error} />
      <ReportTable items={items} caption="Per-item outcomes" onItemHistory={setHistoryOf} />
      {cursor && (
        <button type="button" className="link" onClick={() => load(cursor)}>
          Load more outcomes
        </button>
      )}
      {historyOf?.id && (
        <Dialog title={`History of ${historyOf.path ?? historyOf.sourcePath}`} onClose={() => setHistoryOf(null)} wide>
          <ItemHistory id={historyOf.id} />
        </Dialog>
      )}
    </section>
  );
}
