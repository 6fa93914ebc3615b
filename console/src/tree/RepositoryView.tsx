import { KeyboardEvent, useEffect, useRef, useState } from 'react';
import type { Me } from '../api/types';
import { BackupDialog } from '../backup/BackupDialog';
import { AsOfBackupDialog } from '../backup/AsOfBackupDialog';
import { Menu } from '../common/Menu';
import { formatDate, plural } from '../common/format';
import { readParam, writeParams } from '../common/url-state';
import { AsOfControl } from '../history/AsOfControl';
import { RestoreDialog } from '../restore/RestoreDialog';
import { SecretsDialog } from '../restore/SecretsDialog';
import { ItemDetails } from './ItemDetails';
import { Selection, TreePane, focusTree, selectedItems } from './TreePane';
import { useFolders } from './useFolders';
import { useReveal } from './useReveal';
import { SelectionList } from './SelectionList';

interface Props {
  me: Me;
  asOf?: string;
  onAsOf: (asOf: string | undefined) => void;
  generation: number;
  onChanged: () => void;
}

/** The selection a shared link names (`?item=id,id`). */
const linkedSelection = (): Selection => {
  const ids = (readParam('item') ?? '').split(',').filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  return { ids: new Set(ids), anchor: ids[0] ?? null };
};

/** The navigation pane and the details of the selection, with Tools → Backup / Restore. */
export function RepositoryView({ me, asOf, onAsOf, generation, onChanged }: Props) {
  const { folders, load } = useFolders(asOf, generation);
  const [selection, setSelection] = useState<Selection>(linkedSelection);
  const [dialog, setDialog] = useState<'backup' | 'restore' | 'as-of-backup' | null>(null);
  const [secretsOf, setSecretsOf] = useState<string | null>(null);
  const reveal = useReveal(selection.ids, asOf);
  const firstMoment = useRef(asOf);
  useEffect(() => {
    // A new moment clears the selection (the items may not exist then); the linked one stays.
    if (asOf !== firstMoment.current) setSelection({ ids: new Set(), anchor: null });
    firstMoment.current = undefined;
  }, [asOf]);
  useEffect(() => writeParams({ item: [...selection.ids].join(',') || undefined }), [selection]);

  const selected = selectedItems(folders, selection.ids);
  const singleId = selection.ids.size === 1 ? [...selection.ids][0] : null;
  const editSecrets = (id: string) => setSecretsOf(id);

  // Escape anywhere in the view (outside a dialog or an open menu) goes back to the tree.
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Escape' || e.defaultPrevented || (e.target as Element).closest('dialog, [role="tree"]')) return;
    e.preventDefault();
    focusTree();
  };

  const backupEntry = asOf
    ? me.role === 'admin'
      ? { label: `Back up the repository as of ${formatDate(asOf)}…`, onSelect: () => setDialog('as-of-backup') }
      : { label: 'Backup… (not as of a past moment: only administrators back up the repository as it was)', onSelect: () => undefined, disabled: true }
    : {
        label: selected.length ? `Backup ${plural(selected.length, 'item')}…` : 'Backup… (select items first)',
        onSelect: () => setDialog('backup'),
        disabled: selected.length === 0,
      };

  return (
    <div className="repository" onKeyDown={onKeyDown}>
      <div className="toolbar" role="toolbar" aria-label="Repository tools">
        <Menu label="Tools" entries={[backupEntry, { label: 'Restore…', onSelect: () => setDialog('restore'), disabled: !!asOf }]} />
        <span className="muted" aria-live="polite">
          {selection.ids.size ? `${plural(selection.ids.size, 'item')} selected` : 'Nothing selected'}
        </span>
        <button type="button" onClick={onChanged} title="Reload the tree and the details (others may have changed the repository)">
          Refresh
        </button>
        <span className="spacer" />
        <AsOfControl asOf={asOf} onChange={onAsOf} />
      </div>
      {asOf && (
        <p className="banner" role="status">
          Viewing the repository as it was on {formatDate(asOf)}. Read-only: restore works on the repository as it is now;{' '}
          {me.role === 'admin'
            ? 'Tools → Back up the repository as of this moment saves what is shown.'
            : 'a backup of items is made of them as they are now, so it is not offered here.'}
        </p>
      )}
      <div className="panes">
        <nav className="tree-pane" aria-label="Repository tree">
          <TreePane
            folders={folders}
            load={load}
            selection={selection}
            onSelect={setSelection}
            reveal={reveal}
            label={asOf ? `Repository as of ${formatDate(asOf)}` : 'Repository'}
          />
        </nav>
        <section className="details-pane" aria-label="Details">
          {singleId ? (
            <ItemDetails id={singleId} asOf={asOf} generation={generation} onEditSecrets={editSecrets} />
          ) : selection.ids.size > 1 ? (
            <div className="details">
              <h2>{plural(selection.ids.size, 'item')} selected</h2>
              <SelectionList items={selected} />
              <p className="hint">Tools → Backup saves them with everything they need.</p>
            </div>
          ) : (
            <div className="details empty">
              <h2>Nothing selected</h2>
              <p className="muted">
                Select an item to see its details. Ctrl-click (⌘-click) adds to the selection, Shift-click selects a range; in the tree, arrows move, → opens a
                folder, Space selects, typing a name's first letters goes to it, and Escape brings you back to the tree.
              </p>
            </div>
          )}
        </section>
      </div>
      {dialog === 'backup' && <BackupDialog items={selected} onClose={() => setDialog(null)} />}
      {dialog === 'as-of-backup' && asOf && <AsOfBackupDialog asOf={asOf} onClose={() => setDialog(null)} />}
      {dialog === 'restore' && <RestoreDialog onClose={() => setDialog(null)} onRestored={onChanged} onEditSecrets={editSecrets} />}
      {/* Opened over the restore report when it links here: stacked modal dialogs. */}
      {secretsOf && <SecretsDialog id={secretsOf} onClose={() => setSecretsOf(null)} onChanged={onChanged} />}
    </div>
  );
}
