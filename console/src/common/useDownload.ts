import { useState } from 'react';
import { useSubmit } from './useAction';

/**
 * A form that downloads a file: `submit` runs `download` (which resolves to the saved file's
 * name) and tracks whether it is busy, the saved name and the API's error detail.
 */
export function useDownload(download: () => Promise<string>) {
  const [saved, setSaved] = useState<string | null>(null);
  const { busy, error, submit } = useSubmit(async () => {
    setSaved(null);
    setSaved(await download());
  });
  return { busy, error, saved, submit };
}

export type Download = ReturnType<typeof useDownload>;
