import { downloadFrom } from '../api/transfer';
import { Dialog } from '../common/Dialog';
import { DownloadForm } from '../common/DownloadForm';
import { formatDate } from '../common/format';
import { useDownload } from '../common/useDownload';

/**
 * Tools → Backup while "View as of" is on (admins): what is on screen, the whole repository as of
 * that moment (GET /api/admin/repository/backup?asOf=…). An item backup cannot be made as of a past
 * moment — the API backs items up as they are now — so it is not offered then.
 */
export function AsOfBackupDialog({ asOf, onClose }: { asOf: string; onClose: () => void }) {
  const download = useDownload(() => downloadFrom('GET', '/api/admin/repository/backup', { query: { asOf, format: 'json' } }, 'strata-repository.json'));
  return (
    <Dialog title="Back up the repository as it was" onClose={onClose}>
      <DownloadForm download={download} label="Download repository backup" onClose={onClose}>
        <p>
          The whole repository as it was on <strong>{formatDate(asOf)}</strong> — what the tree shows — as a Strata JSON backup (scope &quot;repository&quot;).
          A backup of selected items is always of them as they are now, so it is not offered while viewing a past moment.
        </p>
      </DownloadForm>
    </Dialog>
  );
}
