import { useState } from 'react';
import type { Me, ReportItem, RestoreRecord } from '../api/types';
import { Dialog } from '../common/Dialog';
import { formatBytes, formatDate } from '../common/format';
import { BackupAbout } from '../admin/BackupAbout';
import { ItemHistory } from './ItemHistory';
import { RestoreOutcomes } from './RestoreOutcomes';
import { RollbackBefore, momentBefore } from './RollbackBefore';
import { RestoreStatus, countsText } from './RestoreList';

interface Props {
  me: Me;
  record: RestoreRecord;
  onViewAsOf: (asOf: string) => void;
  onClose: () => void;
  onChanged: () => void;
}

/** One restore record with its per-item outcomes, an item's history, "view as of" links and "roll back to before it". */
export function RestoreDetail({ me, record, onViewAsOf, onClose, onChanged }: Props) {
  const [historyOf, setHistoryOf] = useState<ReportItem | null>(null);
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
          <RestoreStatus record={record} />
          {record.dryRun ? ' (dry run: nothing was written)' : ''}
          {record.error && <span className="error-text"> — {record.error}</span>}
        </dd>
        <dt>Finished</dt>
        <dd>{formatDate(record.finishedAt)}</dd>
        {record.rolledBackTo && (
          <>
            <dt>Rolled back to</dt>
            <dd data-testid="rolled-back-to">
              {record.rolledBackTo.at ? formatDate(record.rolledBackTo.at) : 'before the first change'} (log position {record.rolledBackTo.position})
            </dd>
          </>
        )}
        <dt>Files</dt>
        <dd>
          {record.files.map((f) => (
            <div key={f.sha256 + f.name}>
              {`${f.name} (${f.format ?? 'unknown'}, ${formatBytes(f.bytes)})`}
              {f.backup && <BackupAbout facts={f.backup} />}
            </div>
          ))}
          {record.files.length === 0 && '—'}
        </dd>
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
        <button type="button" onClick={() => onViewAsOf(momentBefore(record))}>
          View the repository before it
        </button>
        {changedRepository && record.finishedAt && (
          <button type="button" onClick={() => onViewAsOf(record.finishedAt!)}>
            View the repository after it
          </button>
        )}
        {changedRepository && me.role === 'admin' && <RollbackBefore key={record.id} record={record} onDone={onChanged} />}
      </div>
      <RestoreOutcomes record={record} onItemHistory={setHistoryOf} />
      {historyOf?.id && (
        <Dialog title={`History of ${historyOf.path ?? historyOf.sourcePath}`} onClose={() => setHistoryOf(null)} wide>
          <ItemHistory id={historyOf.id} />
        </Dialog>
      )}
    </section>
  );
}
