import { FormEvent, useState } from 'react';
import { errorMessage } from '../api/client';
import { upload } from '../api/transfer';
import type { RestoreReport } from '../api/types';
import { Dialog } from '../common/Dialog';
import { ErrorBox } from '../common/ErrorBox';
import { DropZone } from './DropZone';
import { ReportView } from './ReportView';

type OnConflict = 'rename' | 'replace' | 'skip';

/** Tools → Restore: drop backups, choose the policy, upload, read the per-item report. */
export function RestoreDialog({ onClose, onRestored, onEditSecrets }: { onClose: () => void; onRestored: () => void; onEditSecrets: (id: string) => void }) {
  const [files, setFiles] = useState<File[]>([]);
  const [onConflict, setOnConflict] = useState<OnConflict>('rename');
  const [dryRun, setDryRun] = useState(false);
  const [sent, setSent] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [report, setReport] = useState<RestoreReport | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    await send(dryRun);
  }

  /** Uploads the chosen files; after a dry run, "Restore now" sends the same ones for real. */
  async function send(dry: boolean) {
    setError(null);
    setSent(0);
    const form = new FormData();
    for (const file of files) form.append('files', file, file.name);
    try {
      const res = await upload<RestoreReport>('POST', '/api/restores', form, {
        query: { dryRun: String(dry), onConflict },
        onProgress: (done, total) => setSent(total ? done / total : 0),
      });
      setReport(res.body);
      if (!res.body.dryRun) onRestored();
      else setDryRun(true);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSent(null);
    }
  }

  const more = () => {
    setReport(null);
    setFiles([]);
  };

  return (
    <Dialog title={report ? (report.dryRun ? 'Restore report (dry run)' : 'Restore report') : 'Restore items'} onClose={onClose} wide>
      {report ? (
        <>
          <ReportView report={report} onEditSecrets={report.dryRun ? undefined : onEditSecrets} />
          {sent !== null && (
            <p className="muted" role="status">
              Restoring…
            </p>
          )}
          <ErrorBox error={error} />
          <div className="actions">
            <button type="button" onClick={more}>
              Upload more
            </button>
            {report.dryRun ? (
              <>
                <button type="button" onClick={onClose}>
                  Cancel
                </button>
                <button type="button" className="primary" disabled={sent !== null} onClick={() => void send(false)}>
                  Restore now
                </button>
              </>
            ) : (
              <button type="button" className="primary" onClick={onClose}>
                Done
              </button>
            )}
          </div>
        </>
      ) : (
        <form onSubmit={submit}>
          <DropZone files={files} onFiles={setFiles} label="Strata JSON, 1Integrate legacy XML or 1Integrate for ArcGIS backups (.rules or XML)" />
          <div className="options">
            <label htmlFor="on-conflict">When an item of the same type and name exists</label>
            <select id="on-conflict" value={onConflict} onChange={(e) => setOnConflict(e.target.value as OnConflict)}>
              <option value="rename">Rename the restored item (Name 2, Name 3…)</option>
              <option value="replace">Replace the existing item (it keeps its id)</option>
              <option value="skip">Skip it and keep the existing item</option>
            </select>
            <label className="check">
              <input type="checkbox" checked={dryRun} onChange={(e) => setDryRun(e.target.checked)} /> Dry run: report what would happen, change nothing
            </label>
          </div>
          {sent !== null && (
            <div className="progress-line">
              <label htmlFor="restore-upload-progress">{sent < 1 ? 'Uploading…' : 'Restoring…'}</label>
              <progress id="restore-upload-progress" max={1} value={sent < 1 ? sent : undefined} />
            </div>
          )}
          <ErrorBox error={error} />
          <div className="actions">
            <button type="button" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" className="primary" disabled={files.length === 0 || sent !== null}>
              Upload
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
