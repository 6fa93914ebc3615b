import { FormEvent, useEffect, useState } from 'react';
import { formatDate, isoToLocalInput, localInputToIso, localZone } from '../common/format';

/** "View as of": the tree as it was at a chosen moment (every read gets `asOf`). */
export function AsOfControl({ asOf, onChange }: { asOf?: string; onChange: (asOf: string | undefined) => void }) {
  const [value, setValue] = useState(asOf ? isoToLocalInput(asOf) : '');
  useEffect(() => setValue(asOf ? isoToLocalInput(asOf) : ''), [asOf]);

  function submit(e: FormEvent) {
    e.preventDefault();
    const iso = localInputToIso(value);
    if (iso) onChange(iso);
  }

  return (
    <form className="as-of" onSubmit={submit} aria-label="View the repository as of a moment">
      <label htmlFor="as-of">View as of</label>
      <input
        id="as-of"
        type="datetime-local"
        step={1}
        value={value}
        max={isoToLocalInput(new Date().toISOString())}
        onChange={(e) => setValue(e.target.value)}
      />
      <span className="zone">{localZone()}</span>
      <button type="submit" disabled={!value}>
        View
      </button>
      {asOf && (
        <button type="button" onClick={() => onChange(undefined)}>
          Back to now
        </button>
      )}
      {asOf && <span className="sr-only" role="status">{`Showing the repository as of ${formatDate(asOf)}`}</span>}
    </form>
  );
}
