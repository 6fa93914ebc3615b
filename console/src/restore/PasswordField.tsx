import { useId, useState } from 'react';
import { api } from '../api/client';
import type { Param } from '../api/types';
import { ErrorBox } from '../common/ErrorBox';
import { useSubmit } from '../common/useAction';

/** One password param: write-only, stored encrypted by the service, never shown again. */
export function PasswordField({ itemId, param, onSaved }: { itemId: string; param: Param; onSaved: () => Promise<void> }) {
  const [value, setValue] = useState('');
  const id = useId();
  const { busy, error, submit } = useSubmit(async () => {
    await api('PUT', `/api/items/${itemId}/password`, { json: { name: param.name, value } });
    setValue('');
    await onSaved();
  });

  return (
    <form className="field-row" onSubmit={submit}>
      <label htmlFor={id}>
        {param.name} <span className={param.isSet ? 'status status-ok' : 'status status-failed'}>{param.isSet ? 'set' : 'not set'}</span>
      </label>
      <input id={id} type="password" autoComplete="new-password" value={value} onChange={(e) => setValue(e.target.value)} required />
      <button type="submit" disabled={busy || value === ''}>
        {busy ? 'Saving…' : param.isSet ? 'Change password' : 'Set password'}
      </button>
      <ErrorBox error={error} />
    </form>
  );
}
