import type { Pages } from './usePages';

/** The "Load more" button after a paged list's count, while there is a next page and none is loading. */
export function LoadMore({ pages: { cursor, loading, load } }: { pages: Pages }) {
  if (!cursor || loading) return null;
  return (
    <>
      {' '}
      <button type="button" className="link" onClick={() => void load(cursor)}>
        Load more
      </button>
    </>
  );
}
