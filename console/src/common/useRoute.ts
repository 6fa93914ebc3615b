import { useEffect, useState } from 'react';

export type View = 'repository' | 'history' | 'admin';

const PATHS: Record<View, string> = { repository: '/', history: '/history', admin: '/admin' };

const viewOf = (path: string): View => (path.startsWith('/history') ? 'history' : path.startsWith('/admin') ? 'admin' : 'repository');

/** The current screen, kept in the address (the service answers every non-API path with the console). */
export function useRoute(): [View, (view: View) => void] {
  const [view, setView] = useState<View>(viewOf(location.pathname));
  useEffect(() => {
    const onPop = () => setView(viewOf(location.pathname));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const go = (next: View) => {
    if (location.pathname !== PATHS[next]) history.pushState(null, '', PATHS[next]);
    setView(next);
  };
  return [view, go];
}
