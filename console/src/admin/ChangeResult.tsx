import type { RestoreRecord } from '../api/types';

/** The outcome of a full restore or rollback, from its record. */
export function ChangeResult({ record }: { record: Pick<RestoreRecord, 'status' | 'counts' | 'error' | 'position'> }) {
  const c = record.counts;
  if (record.status === 'failed') {
    return (
      <p className="error" role="alert">
        Failed: {record.error ?? 'see the history'}. The repository was left as it was.
      </p>
    );
  }
  return (
    <p className="success" role="status" data-testid="change-result">
      Done: {c.deleted ?? 0} deleted, {c.replaced ?? 0} replaced, {c.created ?? 0} created, {c.unchanged ?? 0} unchanged
      {record.position ? ` (log position ${record.position})` : ''}.
    </p>
  );
}
