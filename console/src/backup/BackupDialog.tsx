import { useState } from 'react';
import { downloadFrom } from '../api/transfer';
import type { Item } from '../api/types';
import { Dialog } from '../common/Dialog';
import { DownloadForm } from '../common/DownloadForm';
import { useDownload } from '../common/useDownload';
import { plural } from '../common/format';
import { SelectionList } from '../tree/SelectionList';

/** Tools → Backup: the selection, with everything it needs, as Strata JSON or legacy XML. */
export function BackupDialog({ items, onClose }: { items: Item[]; onClose: () => void }) {
  const [format, setFormat] = useState<'json' | 'xml'>('json');
  const download = useDownload(() => downloadFrom('POST', '/api/backups', { json: { ids: items.map((i) => i.id), format } }, `strata-backup.${format}`));

  return (
    <Dialog title="Back up" onClose={onClose}>
      <DownloadForm download={download} label="Download backup" disabled={items.length === 0} onClose={onClose}>
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
      </DownloadForm>
    </Dialog>
  );
}
