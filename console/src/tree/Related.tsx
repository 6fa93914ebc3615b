import { useEffect, useState } from 'react';
import { errorMessage, get } from '../api/client';
import type { Item } from '../api/types';
import { TYPE_LABEL, TypeIcon } from './icons';
import { referencesOf, referrersOf } from './references';

type Listed = { id: string; item?: Item; error?: string };

/** What an item references (from its content) and what references it. */
export function Related({ item, asOf, generation }: { item: Item; asOf?: string; generation: number }) {
  const [references, setReferences] = useState<Listed[] | null>(null);
  const [referrers, setReferrers] = useState<Item[] | null>(null);
  const [referrersError, setReferrersError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    const ids = referencesOf(item).slice(0, 200);
    setReferences(null);
    setReferrers(null);
    setReferrersError(null);
    Promise.all(
      ids.map((id) =>
        get<Item>(`/api/items/${id}`, { asOf }).then(
          (found): Listed => ({ id, item: found }),
          (e): Listed => ({ id, error: errorMessage(e) }),
        ),
      ),
    ).then((found) => live && setReferences(found));
    referrersOf(item, { asOf, generation }).then(
      (found) => live && setReferrers(found),
      (e) => live && setReferrersError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [item, asOf, generation]);

  if (item.type === 'folder') return null; // a folder's references are its children: the tree shows them
  return (
    <>
      <section aria-labelledby="references-title">
        <h3 id="references-title">References</h3>
        {references === null ? (
          <p className="muted">Loading…</p>
        ) : references.length === 0 ? (
          <p className="muted">It references nothing.</p>
        ) : (
          <ul className="related">
            {references.map((r) =>
              r.item ? <RelatedItem key={r.id} item={r.item} /> : <li key={r.id} className="error-text">{`missing item ${r.id} (${r.error})`}</li>,
            )}
          </ul>
        )}
      </section>
      <section aria-labelledby="referrers-title">
        <h3 id="referrers-title">Referenced by</h3>
        {referrersError ? (
          <p className="error-text">{referrersError}</p>
        ) : referrers === null ? (
          <p className="muted">Looking…</p>
        ) : referrers.length === 0 ? (
          <p className="muted">Nothing references it.</p>
        ) : (
          <ul className="related">
            {referrers.map((r) => (
              <RelatedItem key={r.id} item={r} />
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

function RelatedItem({ item }: { item: Item }) {
  return (
    <li>
      <TypeIcon type={item.type} /> <span className="path">{item.path}</span> <span className="muted">({TYPE_LABEL[item.type]})</span>
    </li>
  );
}
