import { FormEvent, useState } from 'react';
import { errorMessage } from '../api/client';

/**
 * A form that downloads a file: `submit` runs `download` (which resolves to the saved file's
 * name) and tracks whether it is busy, the saved name and the API's error detail.
 */
export function useDownload(download: () => Promise<string>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      setSaved(await download());
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return { busy, error, saved, submit };
}
