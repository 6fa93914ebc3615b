import { FormEvent, useCallback, useState } from 'react';
import { errorMessage } from '../api/client';

/**
 * One action against the API at a time: `run` calls it and tracks whether it is busy and the API's
 * error detail when it fails (cleared when the next run starts).
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = useCallback(async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }, []);

  return { busy, error, run };
}

/** A form whose submit runs `action` the way useAction does, without the page reloading. */
export function useSubmit(action: () => Promise<unknown>) {
  const { busy, error, run } = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(action);
  };
  return { busy, error, submit };
}
