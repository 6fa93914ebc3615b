import { useEffect, useState } from 'react';
import { BackupDialog } from '../backup/BackupDialog';
import { Menu } from '../common/Menu';
import { formatDate, plural } from '../common/format';
import { AsOfControl } from '../history/AsOfControl';
import { RestoreDialog } from '../restore/RestoreDialog';
import { SecretsDialog } from '../restore/SecretsDialog';
import { ItemDetails } from './ItemDetails';
import { Selection, TreePane, selectedItems } from './TreePane';
import { useFolders } from './useFolders';
import { TYPE_LABEL, TypeIcon } from './icons';


interface Props {
  asOf?: string;
  onAsOf: (asOf: string | undefined) => void;
  generation: number;
  onChanged: () => void;
}

/** The navigation pane and the details of the selection, with Tools → Backup / Restore. */
export function RepositoryView({ asOf, onAsOf, generation, onChanged }: Props) {
  const { folders, load } = useFolders(asOf, generation);
  const [selection, setSelection] = useState<Selection>({ ids: new Set(), anchor: null });
  const [dialog, setDialog] = useState<'backup' | 'restore' | null>(null);
  const [secretsOf, setSecretsOf] = useState<string | null>(null);
  useEffect(() => setSelection({ ids: new Set(), anchor: null }), [asOf]);

  const selected = selectedItems(folders, selection.ids);
  const single = selected.length === 1 ? selected[0] : null;
  const editSecrets = (id: string) => setSecretsOf(id);

  return (
    <div className="repository">
      <div className="toolbar" role="toolbar" aria-label="Repository tools">
        <Menu
          label="Tools"
          entries={[
            { label: selected.length ? `Backup ${plural(selected.length, 'item')}…` : 'Backup… (select items first)', onSelect: () => setDialog('backup'), disabled: selected.length === 0 || !!asOf },
            { label: 'Restore…', onSelect: () => setDialog('restore'), disabled: !!asOf },
          ]}
        />
        <span className="muted" aria-live="polite">
          {selected.length ? `${plural(selected.length, 'item')} selected` : 'Nothing selected'}
        </span>
        <button type="button" onClick={onChanged} title="Reload the tree and the details (others may have changed the repository)">
          Refresh
        </button>
        <span className="spacer" />
        <AsOfControl asOf={asOf} onChange={onAsOf} />
      </div>
      {asOf && (
        <p className="banner" role="status">
          Viewing the repository as it was on {formatDate(asOf)}. Read-only: backup and restore work on the repository as it is now.
        </p>
      )}
      <div className="panes">
        <nav className="tree-pane" aria-label="Repository tree">
          <TreePane folders={folders} load={load} selection={selection} onSelect={setSelection} label={asOf ? `Repository as of ${formatDate(asOf)}` : 'Repository'} />
        </nav>
        <section className="details-pane" aria-label="Details">
          {single ? (
            <ItemDetails id={single.id} asOf={asOf} generation={generation} onEditSecrets={editSecrets} />
          ) : selected.length > 1 ? (
            <div className="details">
              <h2>{plural(selected.length, 'item')} selected</h2>
              <ul className="selection-list">
                {selected.map((item) => (
                  <li key={item.id}>
                    <TypeIcon type={item.type} /> <span className="path">{item.path}</span> <span className="muted">({TYPE_LABEL[item.type]})</span>
                  </li>
                ))}
              </ul>
              <p className="hint">Tools → Backup saves them with everything they need.</p>
            </div>
          ) : (
            <div className="details empty">
              <h2>Nothing selected</h2>
              <p className="muted">
                Select an item to see its details. Ctrl-click (⌘-click) adds to the selection, Shift-click selects a range; in the tree, arrows move, → opens a
                folder, Space selects.
              </p>
            </div>
          )}
        </section>
      </div>
      {dialog === 'backup' && <BackupDialog items={selected} onClose={() => setDialog(null)} />}
      {dialog === 'restore' && <RestoreDialog onClose={() => setDialog(null)} onRestored={onChanged} onEditSecrets={editSecrets} />}
      {/* Opened over the restore report when it links here: stacked modal dialogs. */}
      {secretsOf && <SecretsDialog id={secretsOf} onClose={() => setSecretsOf(null)} onChanged={onChanged} />}
    </div>
  );
}
