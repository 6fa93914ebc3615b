import { useId, useState } from 'react';
import { upload } from '../api/transfer';
import type { Param, StoredFile } from '../api/types';
import { ErrorBox } from '../common/ErrorBox';
import { formatBytes } from '../common/format';
import { useSubmit } from '../common/useAction';

/** One upload param: the file is stored under the name the data store expects. */
export function FileField({ itemId, param, stored, onSaved }: { itemId: string; param: Param; stored: StoredFile[]; onSaved: () => Promise<void> }) {
  const expected = param.value ?? param.displayValue ?? param.name;
  const present = stored.find((f) => f.name === expected);
  const [file, setFile] = useState<File | null>(null);
  /** The share of the file sent so far, while it uploads. */
  const [sent, setSent] = useState(0);
  const id = useId();
  const { busy, error, submit } = useSubmit(async () => {
    if (!file) return;
    setSent(0);
    await upload('PUT', `/api/items/${itemId}/files/${encodeURIComponent(expected)}`, file, {
      headers: { 'Content-Type': 'application/octet-stream' },
      onProgress: (done, total) => setSent(total ? done / total : 0),
    });
    setFile(null);
    await onSaved();
  });

  return (
    <form className="field-row" onSubmit={submit}>
      <label htmlFor={id}>
        {param.name}: <span className="path">{expected}</span>{' '}
        <span className={present ? 'status status-ok' : 'status status-failed'}>{present ? `uploaded, ${formatBytes(present.size)}` : 'missing'}</span>
      </label>
      <input id={id} type="file" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
      <button type="submit" disabled={!file || busy}>
        {busy ? `Uploading ${Math.round(sent * 100)}%` : present ? 'Replace file' : 'Upload file'}
      </button>
      <ErrorBox error={error} />
    </form>
  );
}
