import { useCallback, useEffect, useState } from 'react';
import { ApiError, api, onUnauthenticated } from './api/client';
import type { Me } from './api/types';
import { AdminView } from './admin/AdminView';
import { SignIn } from './auth/SignIn';
import { clearToken, getToken } from './auth/session';
import { Header } from './common/Header';
import { useRoute } from './common/useRoute';
import { readParam, writeParams } from './common/url-state';
import { HistoryView } from './history/HistoryView';
import { RepositoryView } from './tree/RepositoryView';

/** Signed in or not; then the header and the current screen. */
export function App() {
  const [me, setMe] = useState<Me | null>(null);
  const [checking, setChecking] = useState(!!getToken());
  const [notice, setNotice] = useState<string | undefined>();
  const [view, go] = useRoute();
  // A shared link brings its moment back (see url-state.ts).
  const [asOf, setAsOf] = useState<string | undefined>(() => (location.pathname === '/' ? readParam('asOf') : undefined));
  const [generation, setGeneration] = useState(0);
  const changed = useCallback(() => setGeneration((g) => g + 1), []);

  const signOut = useCallback((message?: string) => {
    clearToken();
    setMe(null);
    setAsOf(undefined);
    setNotice(message);
  }, []);

  useEffect(() => {
    const stop = onUnauthenticated(() => signOut('Your token is no longer valid. Sign in again.'));
    return () => void stop();
  }, [signOut]);

  useEffect(() => {
    if (!getToken()) return;
    api<Me>('GET', '/api/users/me')
      .then(setMe, (e: Error) => signOut(e instanceof ApiError && e.status === 401 ? 'Your token is no longer valid. Sign in again.' : e.message))
      .finally(() => setChecking(false));
  }, [signOut]);

  useEffect(() => {
    if (view === 'repository') writeParams({ asOf });
  }, [view, asOf]);

  useEffect(() => {
    document.title = `Strata — ${view === 'repository' ? 'Repository' : view === 'history' ? 'History' : 'Administration'}`;
  }, [view]);

  if (checking) return <p className="muted centered">Signing in…</p>;
  if (!me) return <SignIn notice={notice} onSignedIn={(user) => (setNotice(undefined), setMe(user))} />;
  const current = view === 'admin' && me.role !== 'admin' ? 'repository' : view;
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Header me={me} view={current} go={go} onSignOut={() => signOut('You are signed out.')} />
      <main id="main" tabIndex={-1}>
        {current === 'repository' && <RepositoryView me={me} asOf={asOf} onAsOf={setAsOf} generation={generation} onChanged={changed} />}
        {current === 'history' && (
          <HistoryView
            me={me}
            onViewAsOf={(moment) => {
              setAsOf(moment);
              go('repository');
            }}
          />
        )}
        {current === 'admin' && <AdminView me={me} onChanged={changed} />}
      </main>
    </>
  );
}
