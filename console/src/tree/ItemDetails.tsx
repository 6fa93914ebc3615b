import { useEffect, useState } from 'react';
import { errorMessage, get } from '../api/client';
import type { Item } from '../api/types';
import { ErrorBox } from '../common/ErrorBox';
import { formatDate } from '../common/format';
import { ItemHistory } from '../history/ItemHistory';
import { TYPE_LABEL, TypeIcon } from './icons';
import { Related } from './Related';
import { ItemBody } from './ItemBody';
import { CopyButton } from '../common/CopyButton';

interface Props {
  id: string;
  asOf?: string;
  generation: number;
  onEditSecrets: (id: string) => void;
}

/** What the navigation pane shows for one selected item. */
export function ItemDetails({ id, asOf, generation, onEditSecrets }: Props) {
  const [item, setItem] = useState<Item | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [showHistory, setShowHistory] = useState(false);

  useEffect(() => {
    let live = true;
    setError(null);
    setShowHistory(false);
    get<Item>(`/api/items/${id}`, { asOf })
      .then((found) => live && setItem(found))
      .catch((e) => live && (setItem(null), setError(errorMessage(e))));
    return () => {
      live = false;
    };
  }, [id, asOf, generation]);

  if (error) return <ErrorBox error={error} />;
  if (!item || item.id !== id) return <p className="muted">Loading…</p>;
  return (
    <article className="details" aria-labelledby="details-title">
      <h2 id="details-title">
        <TypeIcon type={item.type} /> {item.name}
      </h2>
      {item.needs && item.needs.length > 0 && (
        <div className="warning" role="note">
          <p>This data store needs {item.needs.map((n) => (n === 'password' ? 'a password' : 'its files')).join(' and ')} before it can be used.</p>
          {!asOf && (
            <button type="button" onClick={() => onEditSecrets(item.id)}>
              Enter password and files…
            </button>
          )}
        </div>
      )}
      {item.complete === false && <p className="warning">This {TYPE_LABEL[item.type]} is incomplete: a part its kind needs or a template is missing.</p>}
      <dl className="facts">
        <dt>Path</dt>
        <dd className="path">{item.path}</dd>
        <dt>Id</dt>
        <dd>
          <code data-testid="item-id">{item.id}</code> <CopyButton text={item.id} label="Copy id" />
        </dd>
        <dt>Type</dt>
        <dd>{TYPE_LABEL[item.type]}</dd>
        <dt>Description</dt>
        <dd>{item.description || <span className="muted">none</span>}</dd>
        {item.comments && (
          <>
            <dt>Comments</dt>
            <dd>{item.comments}</dd>
          </>
        )}
        <dt>Created</dt>
        <dd>
          {item.createdBy}, {formatDate(item.createdAt)}
        </dd>
        <dt>Last edited</dt>
        <dd>
          {item.lastEditedBy}, {formatDate(item.lastEditedAt)}
        </dd>
        <dt>Version</dt>
        <dd>{item.version}</dd>
      </dl>
      <ItemBody item={item} />
      <Related item={item} asOf={asOf} generation={generation} />
      <section aria-labelledby="history-title">
        <h3 id="history-title">History</h3>
        {showHistory ? (
          <ItemHistory id={item.id} asOf={asOf} />
        ) : (
          <button type="button" onClick={() => setShowHistory(true)}>
            Show history
          </button>
        )}
      </section>
    </article>
  );
}
