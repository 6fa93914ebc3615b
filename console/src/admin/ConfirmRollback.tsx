import { ErrorBox } from '../common/ErrorBox';
import { ChangeResult } from './ChangeResult';
import { ConfirmChanges } from './ConfirmChanges';
import { MomentAbout } from './MomentAbout';
import type { Rollback } from './useRollback';

/** The confirmation of a rollback's plan (what it will delete, replace and create), while there is one. */
export function ConfirmRollback({ rollback }: { rollback: Rollback }) {
  const { plan, busy, confirm, cancel } = rollback;
  if (!plan) return null;
  return (
    <ConfirmChanges
      what="this rollback"
      change={plan.change}
      outcomes={plan.outcomes}
      about={<MomentAbout change={plan.change} />}
      confirmLabel="Roll back"
      busy={busy}
      onConfirm={confirm}
      onCancel={cancel}
    />
  );
}

/** What a rollback did, once it is done, and the API's error detail when a step of it failed. */
export function RollbackOutcome({ rollback: { done, error } }: { rollback: Rollback }) {
  return (
    <>
      {done && <ChangeResult record={{ status: 'succeeded', counts: done.counts, position: done.position }} />}
      <ErrorBox error={error} />
    </>
  );
}
