import type { RestoreRecord } from '../api/types';
import { ConfirmRollback, RollbackOutcome } from '../admin/ConfirmRollback';
import { useRollback } from '../admin/useRollback';

/** The moment just before a restore began: what "before this restore" rolls back to. */
export const momentBefore = (record: Pick<RestoreRecord, 'startedAt'>) => new Date(Date.parse(record.startedAt) - 1).toISOString();

/**
 * "Roll back to before this restore" (admins): a dry-run rollback to the moment before it began,
 * the usual confirmation of what will be deleted, replaced and created, then the rollback itself.
 * Everything changed after that moment goes back, not only this restore's items: the list says so.
 */
export function RollbackBefore({ record, onDone }: { record: RestoreRecord; onDone: () => void }) {
  const rollback = useRollback((plan) => ({ position: plan.change.rolledBackTo }), onDone);
  const { plan, done, busy } = rollback;

  return (
    <div className="rollback-before">
      {!plan && !done && (
        <button type="button" onClick={() => void rollback.check(momentBefore(record))} disabled={busy}>
          {busy ? 'Checking…' : 'Roll back to before this restore…'}
        </button>
      )}
      <ConfirmRollback rollback={rollback} />
      <RollbackOutcome rollback={rollback} />
    </div>
  );
}
