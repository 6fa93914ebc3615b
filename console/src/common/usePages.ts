import { useCallback, useState } from 'react';
import type { Page } from '../api/types';
import { useAction } from './useAction';

/**
 * A list the API gives a page at a time: `load(null)` shows the first page in place of what is
 * shown, `load(cursor)` adds the next one below; whether it is loading and the API's error detail.
 * `fetchPage` asks for the page after a cursor: a new one (other filters) gives a new `load`.
 */
export function usePages<T>(fetchPage: (after: string | null) => Promise<Page<T>>) {
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const { busy: loading, error, run } = useAction();

  const load = useCallback(
    (after: string | null) =>
      run(async () => {
        const page = await fetchPage(after);
        setItems((old) => (after ? [...old, ...page.items] : page.items));
        setCursor(page.nextCursor);
      }),
    [fetchPage, run],
  );

  return { items, setItems, cursor, loading, error, load };
}

export type Pages = Pick<ReturnType<typeof usePages>, 'cursor' | 'loading' | 'load'>;
