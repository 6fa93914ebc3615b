import { useState } from 'react';
import { api, errorMessage } from '../api/client';
import { RollbackPreview, previewRollback } from '../api/rollback';
import type { RollbackResult, RestoreRecord } from '../api/types';
import { ErrorBox } from '../common/ErrorBox';
import { ConfirmChanges } from '../admin/ConfirmChanges';
import { ChangeResult } from '../admin/ChangeResult';
import { MomentAbout } from '../admin/MomentAbout';

/** The moment just before a restore began: what "before this restore" rolls back to. */
export const momentBefore = (record: Pick<RestoreRecord, 'startedAt'>) => new Date(Date.parse(record.startedAt) - 1).toISOString();

/**
 * "Roll back to before this restore" (admins): a dry-run rollback to the moment before it began,
 * the usual confirmation of what will be deleted, replaced and created, then the rollback itself.
 * Everything changed after that moment goes back, not only this restore's items: the list says so.
 */
export function RollbackBefore({ record, onDone }: { record: RestoreRecord; onDone: () => void }) {
  const [plan, setPlan] = useState<RollbackPreview | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<RollbackResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const asOf = momentBefore(record);

  async function check() {
    setBusy(true);
    setError(null);
    try {
      setPlan(await previewRollback(asOf));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  async function run() {
    if (!plan) return;
    setBusy(true);
    setError(null);
    try {
      setDone(await api<RollbackResult>('POST', '/api/admin/repository/rollback', { json: { position: plan.change.rolledBackTo } }));
      setPlan(null);
      onDone();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="rollback-before">
      {!plan && !done && (
        <button type="button" onClick={check} disabled={busy}>
          {busy ? 'Checking…' : 'Roll back to before this restore…'}
        </button>
      )}
      {plan && (
        <ConfirmChanges
          what="this rollback"
          change={plan.change}
          outcomes={plan.outcomes}
          about={<MomentAbout change={plan.change} />}
          confirmLabel="Roll back"
          busy={busy}
          onConfirm={run}
          onCancel={() => setPlan(null)}
        />
      )}
      {done && <ChangeResult record={{ status: 'succeeded', counts: done.counts, position: done.position }} />}
      <ErrorBox error={error} />
    </div>
  );
}
