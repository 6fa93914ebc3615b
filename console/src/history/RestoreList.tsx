import { FormEvent, useCallback, useEffect, useState } from 'react';
import { get } from '../api/client';
import type { Me, Page, RestoreKind, RestoreRecord } from '../api/types';
import { DataTable } from '../common/DataTable';
import { ErrorBox } from '../common/ErrorBox';
import { formatDate, localInputToIso, localZone } from '../common/format';
import { LoadMore } from '../common/LoadMore';
import { usePages } from '../common/usePages';

interface Filters {
  user: string;
  kind: '' | RestoreKind;
  since: string;
  until: string;
  dryRuns: 'hide' | 'show' | 'only';
}

/** Dry runs change nothing: hidden unless asked for. */
const EMPTY: Filters = { user: '', kind: '', since: '', until: '', dryRuns: 'hide' };
const DRY_RUN_QUERY = { hide: 'false', show: undefined, only: 'true' } as const;

/** GET /api/restores with its filters, a page at a time. */
export function RestoreList({
  me,
  selectedId,
  onSelect,
  generation,
}: {
  me: Me;
  selectedId?: string;
  onSelect: (r: RestoreRecord) => void;
  generation: number;
}) {
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const fetchPage = useCallback(
    (after: string | null) =>
      get<Page<RestoreRecord>>('/api/restores', {
        user: filters.user.trim(),
        kind: filters.kind,
        since: localInputToIso(filters.since),
        until: localInputToIso(filters.until),
        dryRun: DRY_RUN_QUERY[filters.dryRuns],
        cursor: after,
        limit: 50,
      }),
    [filters],
  );
  const pages = usePages(fetchPage);
  const { items: records, loading, error, load } = pages;
  useEffect(() => void load(null), [load, generation]);

  const set = (key: keyof Filters) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [key]: e.target.value }));
  const apply = (e: FormEvent) => (e.preventDefault(), setFilters(draft));

  return (
    <section aria-labelledby="restores-title">
      <h2 id="restores-title">Restores</h2>
      <form className="filters-form" onSubmit={apply} aria-label="Filter restores">
        {me.role === 'admin' && (
          <label>
            User <input value={draft.user} onChange={set('user')} placeholder="name or id" />
          </label>
        )}
        <label>
          Kind{' '}
          <select value={draft.kind} onChange={set('kind')}>
            <option value="">all</option>
            <option value="items">items</option>
            <option value="repository">repository</option>
            <option value="rollback">rollback</option>
          </select>
        </label>
        <label>
          Dry runs{' '}
          <select value={draft.dryRuns} onChange={set('dryRuns')}>
            <option value="hide">hidden</option>
            <option value="show">shown</option>
            <option value="only">only dry runs</option>
          </select>
        </label>
        <label>
          Since <input type="datetime-local" step={1} value={draft.since} onChange={set('since')} />
        </label>
        <label>
          Until <input type="datetime-local" step={1} value={draft.until} onChange={set('until')} />
        </label>
        <span className="zone">times in {localZone()}</span>
        <button type="submit">Apply</button>
        <button type="button" onClick={() => (setDraft(EMPTY), setFilters(EMPTY))}>
          Clear
        </button>
      </form>
      <ErrorBox error={error} />
      <DataTable
        caption="Restores, newest first"
        className="restores"
        scroll
        columns={['Started', 'Kind', 'User', 'Status', 'Files', 'Counts', <span className="sr-only">Details</span>]}
      >
        {records.map((r) => (
          <tr key={r.id} className={r.id === selectedId ? 'selected' : undefined} data-kind={r.kind}>
            <td>{formatDate(r.startedAt)}</td>
            <td>
              {r.kind}
              {r.dryRun && <span className="badge muted-badge">dry run</span>}
            </td>
            <td>{r.user.name}</td>
            <td>
              <RestoreStatus record={r} />
            </td>
            <td className="path">
              {r.rolledBackTo ? `back to ${r.rolledBackTo.at ? formatDate(r.rolledBackTo.at) : 'the start'}` : r.files.map((f) => f.name).join(', ') || '—'}
            </td>
            <td>{countsText(r.counts)}</td>
            <td>
              <button type="button" aria-label={`Details of the ${r.kind} restore of ${formatDate(r.startedAt)}`} onClick={() => onSelect(r)}>
                Details
              </button>
            </td>
          </tr>
        ))}
      </DataTable>
      <p className="muted" role="status">
        {loading ? 'Loading…' : records.length === 0 ? 'No restores match.' : `${records.length} shown`}
        <LoadMore pages={pages} />
      </p>
    </section>
  );
}

export function countsText(counts: Record<string, number>): string {
  return (
    Object.entries(counts)
      .filter(([, n]) => n > 0)
      .map(([k, n]) => `${n} ${k}`)
      .join(', ') || '—'
  );
}

/** The status; a restore whose items partly failed is not shown as a plain success. */
export function RestoreStatus({ record }: { record: Pick<RestoreRecord, 'status' | 'counts'> }) {
  const failed = record.counts.failed ?? 0;
  if (record.status === 'succeeded' && failed > 0) return <span className="status status-partial">{`succeeded, ${failed} failed`}</span>;
  return <span className={`status status-${record.status}`}>{record.status}</span>;
}
