import type { RestoreReport } from '../api/types';
import { formatBytes } from '../common/format';
import { ReportTable } from './ReportTable';

/** The answer of an item restore: files, counts, then every item. */
export function ReportView({ report, onEditSecrets }: { report: RestoreReport; onEditSecrets?: (id: string) => void }) {
  const { counts } = report;
  const changed = (counts.ok ?? 0) + (counts.renamed ?? 0) + (counts.replaced ?? 0);
  return (
    <div>
      <p role="status" className={counts.failed ? 'warning' : 'success'}>
        {report.dryRun ? 'Dry run — nothing was written. ' : ''}
        {changed} restored{counts.renamed ? ` (${counts.renamed} renamed)` : ''}
        {counts.replaced ? `, ${counts.replaced} replaced` : ''}
        {counts.skipped ? `, ${counts.skipped} skipped` : ''}
        {counts.failed ? `, ${counts.failed} failed` : ''}.
      </p>
      <ul className="file-list" aria-label="Uploaded files">
        {report.files.map((f) => (
          <li key={f.sha256 + f.name}>
            <span className="path">{f.name}</span> <span className="muted">— {f.format ?? 'unknown format'}, {formatBytes(f.bytes)}</span>
          </li>
        ))}
      </ul>
      <ReportTable items={report.items} onEditSecrets={onEditSecrets} caption="Outcome of every item of the uploaded files" />
    </div>
  );
}
