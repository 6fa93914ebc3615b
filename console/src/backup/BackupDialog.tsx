import { useState } from 'react';
import { downloadFrom } from '../api/transfer';
import type { Item } from '../api/types';
import { Dialog } from '../common/Dialog';
import { ErrorBox } from '../common/ErrorBox';
import { useDownload } from '../common/useDownload';
import { plural } from '../common/format';
import { SelectionList } from '../tree/SelectionList';

/** Tools → Backup: the selection, with everything it needs, as Strata JSON or legacy XML. */
export function BackupDialog({ items, onClose }: { items: Item[]; onClose: () => void }) {
  const [format, setFormat] = useState<'json' | 'xml'>('json');
  const { busy, error, saved, submit } = useDownload(() =>
    downloadFrom('POST', '/api/backups', { json: { ids: items.map((i) => i.id), format } }, `strata-backup.${format}`),
  );

  return (
    <Dialog title="Back up" onClose={onClose}>
      <form onSubmit={submit}>
        <p>
          {plural(items.length, 'selected item')}, with everything they need (templates, data stores, rules and actions they use, folder contents and parent
          folders):
        </p>
        <SelectionList items={items} />
        <fieldset>
          <legend>Format</legend>
          <label>
            <input type="radio" name="format" value="json" checked={format === 'json'} onChange={() => setFormat('json')} /> Strata JSON
          </label>
          <label>
            <input type="radio" name="format" value="xml" checked={format === 'xml'} onChange={() => setFormat('xml')} /> 1Integrate legacy XML
          </label>
          <p className="hint">Passwords and uploaded files are never part of a backup. Discovery specifications have no legacy XML form.</p>
        </fieldset>
        <ErrorBox error={error} />
        {saved && (
          <p className="success" role="status">
            Downloaded {saved}.
          </p>
        )}
        <div className="actions">
          <button type="button" onClick={onClose}>
            {saved ? 'Done' : 'Cancel'}
          </button>
          <button type="submit" className="primary" disabled={busy || items.length === 0}>
            {busy ? 'Preparing…' : 'Download backup'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
