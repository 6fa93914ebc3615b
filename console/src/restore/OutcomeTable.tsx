import type { ReportItem } from '../api/types';
import { DataTable } from '../common/DataTable';

interface Props {
  items: ReportItem[];
  caption: string;
  onEditSecrets?: (id: string) => void;
  onItemHistory?: (item: ReportItem) => void;
}

/** Per-item outcomes as a table: status, type, the item in the backup, what it became, reasons and warnings. */
export function OutcomeTable({ items, caption, onEditSecrets, onItemHistory }: Props) {
  return (
    <DataTable caption={caption} scroll columns={['Status', 'Type', 'Item in the backup', 'Restored as', 'Reason and warnings']}>
      {items.map((item, i) => (
        <tr key={`${item.file}|${item.sourcePath}|${item.type}|${i}`} data-status={item.status}>
          <td>
            <span className={`status status-${item.status}`}>{item.status}</span>
          </td>
          <td>{item.type}</td>
          <td className="path">{item.sourcePath}</td>
          <td className="path">
            {item.path ?? '—'}
            {onItemHistory && item.id && (
              <>
                {' '}
                <button type="button" className="link" aria-label={`History of ${item.path ?? item.sourcePath}`} onClick={() => onItemHistory(item)}>
                  history
                </button>
              </>
            )}
          </td>
          <td>
            {item.reason && <div className="error-text">{item.reason}</div>}
            {item.warnings.map((w) => (
              <div key={w} className="warn-text">
                {w}
              </div>
            ))}
            {onEditSecrets && item.id && item.warnings.some((w) => /^needs /.test(w)) && (
              <button type="button" className="link" onClick={() => onEditSecrets(item.id!)}>
                Enter password and files for {item.path?.split('/').pop()}…
              </button>
            )}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
