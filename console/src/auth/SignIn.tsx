import { useState } from 'react';
import { api } from '../api/client';
import type { Me } from '../api/types';
import { setToken } from './session';
import { ErrorBox } from '../common/ErrorBox';
import { useSubmit } from '../common/useAction';

/** Sign-in with a bearer token; it is checked with GET /api/users/me before it is kept. */
export function SignIn({ onSignedIn, notice }: { onSignedIn: (me: Me) => void; notice?: string }) {
  const [token, setValue] = useState('');
  const { busy, error, submit } = useSubmit(async () => {
    const me = await api<Me>('GET', '/api/users/me', { token: token.trim() });
    setToken(token.trim());
    onSignedIn(me);
  });

  return (
    <main className="sign-in">
      <form onSubmit={submit} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">Strata</h1>
        <p className="muted">Backup and restore for 1Integrate rules repositories.</p>
        {notice && (
          <p className="notice" role="status">
            {notice}
          </p>
        )}
        <label htmlFor="token">Access token</label>
        <input id="token" type="password" autoComplete="current-password" value={token} onChange={(e) => setValue(e.target.value)} required autoFocus />
        <p className="hint">Your administrator gives you a token. It is kept only for this browser tab.</p>
        <ErrorBox error={error} />
        <button type="submit" className="primary" disabled={busy || token.trim() === ''}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
