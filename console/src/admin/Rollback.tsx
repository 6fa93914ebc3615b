import { FormEvent, useState } from 'react';
import { formatDate, localInputToIso, localZone } from '../common/format';
import { ConfirmRollback, RollbackOutcome } from './ConfirmRollback';
import { useRollback } from './useRollback';

/** The repository becomes what it was at a chosen moment: one compensating batch. */
export function Rollback({ onChanged }: { onChanged: () => void }) {
  const [moment, setMoment] = useState('');
  const rollback = useRollback((plan) => ({ asOf: plan.asOf }), onChanged);
  const { plan, busy } = rollback;

  function check(e: FormEvent) {
    e.preventDefault();
    const asOf = localInputToIso(moment);
    if (asOf) void rollback.check(asOf);
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
          <ConfirmRollback rollback={rollback} />
          {busy && (
            <div className="progress-line">
              <label htmlFor="rollback-progress">Rolling back…</label>
              <progress id="rollback-progress" />
            </div>
          )}
        </>
      )}
      <RollbackOutcome rollback={rollback} />
    </section>
  );
}
