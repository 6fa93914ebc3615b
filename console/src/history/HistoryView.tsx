import { useEffect, useState } from 'react';
import { errorMessage, get } from '../api/client';
import type { Me, RestoreRecord } from '../api/types';
import { ErrorBox } from '../common/ErrorBox';
import { readParam, writeParams } from '../common/url-state';
import { RestoreList } from './RestoreList';
import { RestoreDetail } from './RestoreDetail';
import { AsOfControl } from './AsOfControl';

/**
 * History: the restore audit (filters, per-item outcomes), item histories, "view as of". The open
 * restore is in the address (`?restore=<id>`), so a link to it can be shared.
 */
export function HistoryView({ me, onViewAsOf }: { me: Me; onViewAsOf: (asOf: string) => void }) {
  const [selected, setSelected] = useState<RestoreRecord | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    const linked = readParam('restore');
    if (!linked) return;
    get<RestoreRecord>(`/api/restores/${encodeURIComponent(linked)}`).then(setSelected, (e) =>
      setError(`The linked restore cannot be shown: ${errorMessage(e)}`),
    );
  }, []);
  const select = (record: RestoreRecord | null) => {
    setSelected(record);
    writeParams({ restore: record?.id });
  };

  return (
    <div className="history">
      <h1>History</h1>
      <div className="toolbar">
        <p className="hint">{me.role === 'admin' ? 'Every restore, full restore and rollback, newest first.' : 'Your restores, newest first.'}</p>
        <span className="spacer" />
        <AsOfControl onChange={(moment) => moment && onViewAsOf(moment)} />
      </div>
      <ErrorBox error={error} onDismiss={() => setError(null)} />
      <RestoreList me={me} selectedId={selected?.id} onSelect={select} generation={generation} />
      {selected && (
        <RestoreDetail me={me} record={selected} onViewAsOf={onViewAsOf} onClose={() => select(null)} onChanged={() => setGeneration((g) => g + 1)} />
      )}
    </div>
  );
}
