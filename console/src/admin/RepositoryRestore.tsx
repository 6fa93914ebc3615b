import { useState } from 'react';
import { allPages, errorMessage, get } from '../api/client';
import { upload } from '../api/transfer';
import type { ReportItem, RepositoryRestoreResult, RestoreRecord } from '../api/types';
import { ErrorBox } from '../common/ErrorBox';
import { DropZone } from '../restore/DropZone';
import { ConfirmChanges } from './ConfirmChanges';
import { RestoreProgress } from './RestoreProgress';
import { ChangeResult } from './ChangeResult';
import { BackupAbout } from './BackupAbout';

type Plan = { change: RepositoryRestoreResult; outcomes: ReportItem[] };

/** The repository becomes exactly a Strata JSON backup: dry run, confirmation, then the live restore. */
export function RepositoryRestore({ onChanged }: { onChanged: () => void }) {
  const [files, setFiles] = useState<File[]>([]);
  const [plan, setPlan] = useState<Plan | null>(null);
  const [checking, setChecking] = useState(false);
  const [uploaded, setUploaded] = useState<number | null>(null);
  const [record, setRecord] = useState<RestoreRecord | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [allowItemScope, setAllowItemScope] = useState(false);
  const file = files[0];
  const query = (dryRun: boolean) => ({ dryRun: String(dryRun), allowItemScope: allowItemScope ? 'true' : undefined });

  const form = () => {
    const body = new FormData();
    body.append('file', file, file.name);
    return body;
  };

  async function check() {
    setChecking(true);
    setError(null);
    setRecord(null);
    try {
      const { body: change } = await upload<RepositoryRestoreResult>('POST', '/api/admin/repository/restore', form(), { query: query(true) });
      setPlan({ change, outcomes: await allPages<ReportItem>(`/api/restores/${change.restoreId}/items`) });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setChecking(false);
    }
  }

  async function run() {
    setError(null);
    setUploaded(0);
    try {
      const started = await upload<{ restoreId: string }>('POST', '/api/admin/repository/restore', form(), {
        headers: { Prefer: 'respond-async' },
        query: query(false),
        onProgress: (done, total) => setUploaded(total ? done / total : 0),
      });
      setUploaded(1);
      for (;;) {
        const now = await get<RestoreRecord>(`/api/restores/${started.body.restoreId}`);
        setRecord(now);
        if (now.status !== 'running') break;
        await new Promise((r) => setTimeout(r, 250));
      }
      setPlan(null);
      onChanged();
    } catch (err) {
      setError(errorMessage(err));
      setUploaded(null);
    }
  }

  const reset = () => {
    setPlan(null);
    setRecord(null);
    setUploaded(null);
    setFiles([]);
  };

  return (
    <section className="card" aria-labelledby="repo-restore-title">
      <h2 id="repo-restore-title">Repository restore</h2>
      <p className="hint">The repository becomes exactly the backup (matched by id): a Strata JSON repository backup. Other writes wait until it is done.</p>
      {uploaded === null && !plan && (
        <>
          <DropZone files={files} onFiles={(f) => (setFiles(f), setPlan(null))} multiple={false} accept=".json,application/json" label="A Strata JSON backup" />
          <label className="check">
            <input type="checkbox" checked={allowItemScope} onChange={(e) => setAllowItemScope(e.target.checked)} /> Also take an item backup (not of the whole
            repository): every item it does not hold will be deleted
          </label>
          <ErrorBox error={error} />
          <div className="actions">
            <button type="button" className="primary" disabled={!file || checking} onClick={check}>
              {checking ? 'Checking…' : 'Check what would change'}
            </button>
          </div>
        </>
      )}
      {plan && uploaded === null && (
        <ConfirmChanges
          what="this restore"
          change={plan.change}
          outcomes={plan.outcomes}
          about={plan.change.backup && <BackupAbout name={file?.name} facts={plan.change.backup} />}
          confirmLabel="Restore repository"
          busy={false}
          onConfirm={run}
          onCancel={reset}
        />
      )}
      {uploaded !== null && <RestoreProgress uploaded={uploaded} record={record} />}
      {record && record.status !== 'running' && (
        <>
          <ChangeResult record={record} />
          <div className="actions">
            <button type="button" onClick={reset}>
              Restore another backup
            </button>
          </div>
        </>
      )}
      {(uploaded !== null || plan) && <ErrorBox error={error} />}
    </section>
  );
}
