import type { Me } from '../api/types';
import type { View } from './useRoute';

const LINKS: { view: View; label: string; path: string; admin?: boolean }[] = [
  { view: 'repository', label: 'Repository', path: '/' },
  { view: 'history', label: 'History', path: '/history' },
  { view: 'admin', label: 'Admin', path: '/admin', admin: true },
];

/** The console's header: screens, the signed-in user and their role, sign-out. */
export function Header({ me, view, go, onSignOut }: { me: Me; view: View; go: (view: View) => void; onSignOut: () => void }) {
  return (
    <header className="app-header">
      <span className="brand">Strata</span>
      <nav aria-label="Screens">
        <ul>
          {LINKS.filter((l) => !l.admin || me.role === 'admin').map((link) => (
            <li key={link.view}>
              <a
                href={link.path}
                aria-current={view === link.view ? 'page' : undefined}
                onClick={(e) => {
                  if (e.ctrlKey || e.metaKey || e.shiftKey) return;
                  e.preventDefault();
                  go(link.view);
                }}
              >
                {link.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <span className="spacer" />
      <span className="who" data-testid="who">
        Signed in as <strong>{me.name}</strong> <span className="role">{me.role}</span>
      </span>
      <button type="button" onClick={onSignOut}>
        Sign out
      </button>
    </header>
  );
}
