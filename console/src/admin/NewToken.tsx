import { useState } from 'react';
import type { User } from '../api/types';

/** A new user's token: shown this once (the service keeps only its hash). */
export function NewToken({ user, onDismiss }: { user: User; onDismiss: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="token-once" role="status" aria-live="polite">
      <p>
        <strong>{user.name}</strong> ({user.role}) was created. Their token is shown only now; give it to them and keep no other copy:
      </p>
      <code data-testid="new-token">{user.token}</code>
      <div className="actions">
        <button
          type="button"
          onClick={() =>
            navigator.clipboard?.writeText(user.token ?? '').then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {copied ? 'Copied' : 'Copy token'}
        </button>
        <button type="button" onClick={onDismiss}>
          I have passed it on
        </button>
      </div>
    </div>
  );
}
