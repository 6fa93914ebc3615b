import type { RestoreReport } from '../api/types';
import { formatBytes } from '../common/format';
import { ReportTable } from './ReportTable';

/** The answer of an item restore: files, counts, then every item. */
export function ReportView({ report, onEditSecrets }: { report: RestoreReport; onEditSecrets?: (id: string) => void }) {
  const { counts } = report;
  // A folder that was already there is merged into, not restored: it is not counted as restored.
  const merged = report.items.filter((i) => i.existing).length;
  const changed = (counts.ok ?? 0) - merged + (counts.renamed ?? 0) + (counts.replaced ?? 0);
  const verb = report.dryRun ? 'would be' : '';
  return (
    <div>
      <p role="status" className={counts.failed ? 'warning' : 'success'} data-testid="restore-summary">
        {report.dryRun ? 'Dry run — nothing was written. ' : ''}
        {changed} {report.dryRun ? 'would be restored' : 'restored'}
        {counts.renamed ? ` (${counts.renamed} renamed)` : ''}
        {counts.replaced ? `, ${counts.replaced} ${verb} replaced`.replace('  ', ' ') : ''}
        {merged ? `, ${merged} existing ${merged === 1 ? 'folder' : 'folders'} ${report.dryRun ? 'would be merged into' : 'merged into'}` : ''}
        {counts.skipped ? `, ${counts.skipped} ${verb} skipped`.replace('  ', ' ') : ''}
        {counts.failed ? `, ${counts.failed} ${report.dryRun ? 'would fail' : 'failed'}` : ''}.
      </p>
      <ul className="file-list" aria-label="Uploaded files">
        {report.files.map((f) => (
          <li key={f.sha256 + f.name}>
            <span className="path">{f.name}</span>{' '}
            <span className="muted">
              — {f.format ?? 'unknown format'}, {formatBytes(f.bytes)}
            </span>
          </li>
        ))}
      </ul>
      <ReportTable items={report.items} onEditSecrets={onEditSecrets} caption="Outcome of every item of the uploaded files" />
    </div>
  );
}
