import { useCallback, useEffect, useState } from 'react';
import { errorMessage, get } from '../api/client';
import type { Item, Param, StoredFile } from '../api/types';
import { Dialog } from '../common/Dialog';
import { ErrorBox } from '../common/ErrorBox';
import { PasswordField } from './PasswordField';
import { FileField } from './FileField';

/** A data store's passwords and files: what a backup never carries, entered here after a restore. */
export function SecretsDialog({ id, onClose, onChanged }: { id: string; onClose: () => void; onChanged: () => void }) {
  const [item, setItem] = useState<Item | null>(null);
  const [files, setFiles] = useState<StoredFile[]>([]);
  const [error, setError] = useState<string | null>(null);

  const reload = useCallback(async () => {
    try {
      const [found, stored] = await Promise.all([get<Item>(`/api/items/${id}`), get<StoredFile[]>(`/api/items/${id}/files`)]);
      setItem(found);
      setFiles(stored);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, [id]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const saved = async () => {
    await reload();
    onChanged();
  };

  const params = item ? credentialParams(item) : [];
  // Datatypes are case-insensitive, as the service takes them ("Password", "UPLOAD").
  const passwords = params.filter((p) => p.datatype.toLowerCase() === 'password');
  const uploads = params.filter((p) => p.datatype.toLowerCase() === 'upload');
  return (
    <Dialog title={item ? `Data store “${item.name}”` : 'Data store'} onClose={onClose}>
      <ErrorBox error={error} />
      {item && (
        <>
          <p className="path">{item.path}</p>
          <p role="status" className={item.needs?.length ? 'warning' : 'success'}>
            {item.needs?.length ? `Still needs: ${item.needs.join(' and ')}.` : 'Nothing missing: the data store has its passwords and files.'}
          </p>
          {passwords.length > 0 && (
            <section aria-labelledby="passwords-title">
              <h3 id="passwords-title">Passwords</h3>
              {passwords.map((p) => (
                <PasswordField key={p.name} itemId={id} param={p} onSaved={saved} />
              ))}
            </section>
          )}
          {uploads.length > 0 && (
            <section aria-labelledby="files-title">
              <h3 id="files-title">Files</h3>
              {uploads.map((p) => (
                <FileField key={p.name} itemId={id} param={p} stored={files} onSaved={saved} />
              ))}
            </section>
          )}
          {passwords.length + uploads.length === 0 && <p className="muted">This data store has no password or file parameters.</p>}
        </>
      )}
      <div className="actions">
        <button type="button" className="primary" onClick={onClose}>
          Done
        </button>
      </div>
    </Dialog>
  );
}

function credentialParams(item: Item): Param[] {
  const lists = [item.content.importCredentials, item.content.exportCredentials];
  const seen = new Set<string>();
  const out: Param[] = [];
  for (const list of lists) {
    if (!Array.isArray(list)) continue;
    for (const p of list as Param[]) {
      const key = `${p.datatype}|${p.name}`;
      if (p && typeof p === 'object' && !seen.has(key)) {
        seen.add(key);
        out.push(p);
      }
    }
  }
  return out;
}
