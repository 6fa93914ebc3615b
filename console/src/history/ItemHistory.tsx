import { useEffect, useState } from 'react';
import { errorMessage, get } from '../api/client';
import type { HistoryEntry } from '../api/types';
import { DataTable } from '../common/DataTable';
import { ErrorBox } from '../common/ErrorBox';
import { formatDate } from '../common/format';

/** An item's history from the log (GET /api/items/:id/history), newest first. */
export function ItemHistory({ id, asOf }: { id: string; asOf?: string }) {
  const [entries, setEntries] = useState<HistoryEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setEntries(null);
    setError(null);
    get<HistoryEntry[]>(`/api/items/${id}/history`, { asOf })
      .then((found) => live && setEntries([...found].reverse()))
      .catch((e) => live && setError(errorMessage(e)));
    return () => {
      live = false;
    };
  }, [id, asOf]);

  if (error) return <ErrorBox error={error} />;
  if (!entries) return <p className="muted">Loading history…</p>;
  return (
    <DataTable caption="Changes to this item, newest first" className="item-history" columns={['When', 'Who', 'Change', 'Position']}>
      {entries.map((e) => (
        <tr key={`${e.position}-${e.change}`}>
          <td>{formatDate(e.at)}</td>
          <td>{e.by}</td>
          <td>
            {e.change}
            {describe(e.detail)}
            {e.restoreId && <span className="muted"> (restore {e.restoreId.slice(0, 8)})</span>}
          </td>
          <td>{e.position}</td>
        </tr>
      ))}
    </DataTable>
  );
}

function describe(detail: HistoryEntry['detail']): string {
  if (!detail) return '';
  const parts = Object.entries(detail)
    .filter(([key, value]) => value !== null && value !== undefined && key !== 'folderId')
    .map(([key, value]) => `${key}: ${String(value)}`);
  return parts.length ? ` — ${parts.join(', ')}` : '';
}
