import { FormEvent, useState } from 'react';
import { api, errorMessage } from '../api/client';
import { RollbackPreview, previewRollback } from '../api/rollback';
import type { RollbackResult } from '../api/types';
import { ErrorBox } from '../common/ErrorBox';
import { formatDate, localInputToIso, localZone } from '../common/format';
import { ConfirmChanges } from './ConfirmChanges';
import { ChangeResult } from './ChangeResult';
import { MomentAbout } from './MomentAbout';

type Plan = RollbackPreview & { asOf: string };

/** The repository becomes what it was at a chosen moment: one compensating batch. */
export function Rollback({ onChanged }: { onChanged: () => void }) {
  const [moment, setMoment] = useState('');
  const [plan, setPlan] = useState<Plan | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<RollbackResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function check(e: FormEvent) {
    e.preventDefault();
    const asOf = localInputToIso(moment);
    if (!asOf) return;
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      setPlan({ asOf, ...(await previewRollback(asOf)) });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  async function run() {
    if (!plan) return;
    setBusy(true);
    setError(null);
    try {
      setDone(await api<RollbackResult>('POST', '/api/admin/repository/rollback', { json: { asOf: plan.asOf } }));
      setPlan(null);
      onChanged();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="rollback-title">
      <h2 id="rollback-title">Roll back</h2>
      <p className="hint">The repository becomes what it was at a moment. The rollback is itself recorded, so it can be undone the same way.</p>
      {!plan ? (
        <form onSubmit={check}>
          <label htmlFor="rollback-moment">Roll back to</label>
          <input id="rollback-moment" type="datetime-local" step={1} value={moment} onChange={(e) => setMoment(e.target.value)} required />
          <span className="zone">in {localZone()}</span>
          <div className="actions">
            <button type="submit" className="primary" disabled={!moment || busy}>
              {busy ? 'Checking…' : 'Check what would change'}
            </button>
          </div>
        </form>
      ) : (
        <>
          <p>Back to {formatDate(plan.asOf)}:</p>
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
          {busy && (
            <div className="progress-line">
              <label htmlFor="rollback-progress">Rolling back…</label>
              <progress id="rollback-progress" />
            </div>
          )}
        </>
      )}
      {done && <ChangeResult record={{ status: 'succeeded', counts: done.counts, position: done.position }} />}
      <ErrorBox error={error} />
    </section>
  );
}
