import { useState } from 'react';
import type { Me, RestoreRecord } from '../api/types';
import { RestoreList } from './RestoreList';
import { RestoreDetail } from './RestoreDetail';
import { AsOfControl } from './AsOfControl';

/** History: the restore audit (filters, per-item outcomes), item histories, "view as of". */
export function HistoryView({ me, onViewAsOf }: { me: Me; onViewAsOf: (asOf: string) => void }) {
  const [selected, setSelected] = useState<RestoreRecord | null>(null);
  return (
    <div className="history">
      <h1>History</h1>
      <div className="toolbar">
        <p className="hint">{me.role === 'admin' ? 'Every restore, full restore and rollback, newest first.' : 'Your restores, newest first.'}</p>
        <span className="spacer" />
        <AsOfControl onChange={(moment) => moment && onViewAsOf(moment)} />
      </div>
      <RestoreList me={me} selectedId={selected?.id} onSelect={setSelected} />
      {selected && <RestoreDetail record={selected} onViewAsOf={onViewAsOf} onClose={() => setSelected(null)} />}
    </div>
  );
}
