/**
 * What a shared link must bring back, kept in the address's query: the selected items and the
 * as-of moment (`/?item=…&asOf=…`), the open restore (`/history?restore=…`). Changes replace the
 * current history entry: selecting items is not navigation.
 */
export function readParam(name: string): string | undefined {
  return new URLSearchParams(location.search).get(name) ?? undefined;
}

export function writeParams(update: Record<string, string | undefined>): void {
  const params = new URLSearchParams(location.search);
  for (const [key, value] of Object.entries(update)) {
    if (value === undefined || value === '') params.delete(key);
    else params.set(key, value);
  }
  const query = params.toString();
  const next = `${location.pathname}${query ? `?${query}` : ''}${location.hash}`;
  if (next !== `${location.pathname}${location.search}${location.hash}`) history.replaceState(history.state, '', next);
}
