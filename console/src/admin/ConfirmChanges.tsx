import { ReactNode, useState } from 'react';
import type { ReportItem, RepositoryChange } from '../api/types';
import { plural } from '../common/format';

const LISTED = 200;

interface Props {
  what: string;
  change: RepositoryChange;
  outcomes: ReportItem[];
  confirmLabel: string;
  /** What the change comes from: the backup (scope, made when and by whom, items) or the moment. */
  about?: ReactNode;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

/** States, from a dry run, what a full restore or rollback will delete, replace and create. */
export function ConfirmChanges({ what, change, outcomes, confirmLabel, about, busy, onConfirm, onCancel }: Props) {
  const [agreed, setAgreed] = useState(false);
  const { created, replaced, deleted, unchanged } = change.counts;
  const nothing = created + replaced + deleted === 0;
  return (
    <div className="confirm" role="region" aria-label={`Confirm ${what}`}>
      {about && (
        <div className="notice" data-testid="change-about">
          {about}
        </div>
      )}
      <p className={deleted ? 'warning' : 'notice'} data-testid="change-summary">
        {nothing
          ? `Nothing would change: all ${plural(unchanged, 'item')} are already as ${what} makes them.`
          : `${what[0].toUpperCase()}${what.slice(1)} will delete ${plural(deleted, 'item')}, replace ${plural(replaced, 'item')} and create ${plural(created, 'item')}` +
            ` (${unchanged} unchanged).`}
      </p>
      {(['deleted', 'replaced', 'created'] as const).map((status) => (
        <ChangeList key={status} status={status} items={outcomes.filter((o) => o.status === status)} />
      ))}
      {!nothing && (
        <label className="check">
          <input type="checkbox" checked={agreed} onChange={(e) => setAgreed(e.target.checked)} /> I understand: the repository will be changed as listed above
          (the change is recorded and can itself be rolled back).
        </label>
      )}
      <div className="actions">
        <button type="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
        <button type="button" className="danger" onClick={onConfirm} disabled={busy || nothing || !agreed}>
          {confirmLabel}
        </button>
      </div>
    </div>
  );
}

function ChangeList({ status, items }: { status: string; items: ReportItem[] }) {
  if (items.length === 0) return null;
  return (
    <details className={`change-list status-${status}`} open={items.length <= 10}>
      <summary>
        {status === 'deleted' ? 'To delete' : status === 'replaced' ? 'To replace' : 'To create'}: {items.length}
      </summary>
      <ul>
        {items.slice(0, LISTED).map((item, i) => (
          <li key={`${item.id}|${i}`}>
            <span className="path">{item.path ?? item.sourcePath}</span> <span className="muted">({item.type})</span>
          </li>
        ))}
        {items.length > LISTED && <li className="muted">…and {items.length - LISTED} more</li>}
      </ul>
    </details>
  );
}
