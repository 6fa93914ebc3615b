import { FormEvent, useCallback, useEffect, useState } from 'react';
import { api, errorMessage, get } from '../api/client';
import type { Me, Page, Role, User } from '../api/types';
import { DataTable } from '../common/DataTable';
import { ErrorBox } from '../common/ErrorBox';
import { NewToken } from './NewToken';

/**
 * Users: create (the token is shown once), list, delete. Your own row offers no delete (the API
 * refuses it); an error shows where its action was: a deletion's in its row, a creation's by the form.
 */
export function Users({ me }: { me: Me }) {
  const [users, setUsers] = useState<User[]>([]);
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('user');
  const [created, setCreated] = useState<User | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [rowError, setRowError] = useState<{ id: string; message: string } | null>(null);

  const [listError, setListError] = useState<string | null>(null);
  const reload = useCallback(() => {
    get<Page<User>>('/api/users').then(
      (page) => (setUsers(page.items), setListError(null)),
      (e) => setListError(errorMessage(e)),
    );
  }, []);
  useEffect(reload, [reload]);

  async function create(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      setCreated(await api<User>('POST', '/api/users', { json: { name: name.trim(), role } }));
      setName('');
      reload();
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  async function remove(user: User) {
    setRowError(null);
    try {
      await api('DELETE', `/api/users/${user.id}`);
      setConfirming(null);
      reload();
    } catch (err) {
      setRowError({ id: user.id, message: errorMessage(err) });
    }
  }

  return (
    <section className="card" aria-labelledby="users-title">
      <h2 id="users-title">Users</h2>
      <ErrorBox error={listError} />
      <DataTable caption="Users and their roles" columns={['Name', 'Role', <span className="sr-only">Actions</span>]}>
        {users.map((user) => (
          <tr key={user.id}>
            <td>{user.name}</td>
            <td>{user.role}</td>
            <td className="row-actions">
              {user.id === me.id ? (
                <span className="muted">you</span>
              ) : confirming === user.id ? (
                <>
                  <span>Delete {user.name}? Their token stops working at once.</span>{' '}
                  <button type="button" className="danger" onClick={() => remove(user)}>
                    Delete
                  </button>{' '}
                  <button type="button" onClick={() => setConfirming(null)}>
                    Keep
                  </button>
                </>
              ) : (
                <button type="button" aria-label={`Delete user ${user.name}`} onClick={() => setConfirming(user.id)}>
                  Delete…
                </button>
              )}
              {rowError?.id === user.id && <ErrorBox error={rowError.message} onDismiss={() => setRowError(null)} />}
            </td>
          </tr>
        ))}
      </DataTable>
      <form className="inline-form" onSubmit={create} aria-labelledby="new-user-title">
        <h3 id="new-user-title">New user</h3>
        <label htmlFor="new-user-name">Name</label>
        <input id="new-user-name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} />
        <label htmlFor="new-user-role">Role</label>
        <select id="new-user-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
          <option value="user">user — items, backup and restore, own history</option>
          <option value="admin">admin — everything</option>
        </select>
        <button type="submit" className="primary" disabled={name.trim() === ''}>
          Create user
        </button>
        <ErrorBox error={error} />
      </form>
      {created && <NewToken user={created} onDismiss={() => setCreated(null)} />}
    </section>
  );
}
