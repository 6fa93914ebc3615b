import { useState } from 'react';
import { downloadFrom } from '../api/transfer';
import { DownloadForm } from '../common/DownloadForm';
import { useDownload } from '../common/useDownload';
import { localInputToIso, localZone } from '../common/format';

/** GET /api/admin/repository/backup, now or as of a chosen moment. */
export function RepositoryBackup() {
  const [format, setFormat] = useState<'json' | 'xml'>('json');
  const [asOf, setAsOf] = useState('');
  const download = useDownload(() =>
    downloadFrom('GET', '/api/admin/repository/backup', { query: { format, asOf: localInputToIso(asOf) } }, `strata-repository.${format}`),
  );

  return (
    <section className="card" aria-labelledby="repo-backup-title">
      <h2 id="repo-backup-title">Repository backup</h2>
      <DownloadForm download={download} label="Download repository backup">
        <p className="hint">The whole repository, streamed. A full restore takes the Strata JSON form.</p>
        <label htmlFor="repo-backup-format">Format</label>
        <select id="repo-backup-format" value={format} onChange={(e) => setFormat(e.target.value as 'json' | 'xml')}>
          <option value="json">Strata JSON</option>
          <option value="xml">1Integrate legacy XML</option>
        </select>
        <label htmlFor="repo-backup-as-of">As of (optional)</label>
        <input id="repo-backup-as-of" type="datetime-local" step={1} value={asOf} onChange={(e) => setAsOf(e.target.value)} />
        <span className="zone">in {localZone()}</span>
        <p className="hint">Leave empty for the repository as it is now.</p>
      </DownloadForm>
    </section>
  );
}
