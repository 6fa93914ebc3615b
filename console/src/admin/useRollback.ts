import { useState } from 'react';
import { api } from '../api/client';
import { RollbackPreview, previewRollback } from '../api/rollback';
import type { RollbackResult } from '../api/types';
import { useAction } from '../common/useAction';

/** A rollback's dry run, with the moment it was asked for. */
export type RollbackPlan = RollbackPreview & { asOf: string };

/** What POST /api/admin/repository/rollback goes back to: a moment or a log position. */
export type RollbackTarget = { asOf: string } | { position: string };

/**
 * A rollback as admins make it: `check` asks for its dry run (the plan to confirm), `confirm` rolls
 * back to what `target` takes from that plan, then calls `onDone`. It tracks whether either is busy,
 * the result and the API's error detail.
 */
export function useRollback(target: (plan: RollbackPlan) => RollbackTarget, onDone: () => void) {
  const [plan, setPlan] = useState<RollbackPlan | null>(null);
  const [done, setDone] = useState<RollbackResult | null>(null);
  const { busy, error, run } = useAction();

  const check = (asOf: string) =>
    run(async () => {
      setDone(null);
      setPlan({ asOf, ...(await previewRollback(asOf)) });
    });

  const confirm = () => {
    if (!plan) return;
    void run(async () => {
      setDone(await api<RollbackResult>('POST', '/api/admin/repository/rollback', { json: target(plan) }));
      setPlan(null);
      onDone();
    });
  };

  return { plan, done, busy, error, check, confirm, cancel: () => setPlan(null) };
}

export type Rollback = ReturnType<typeof useRollback>;
