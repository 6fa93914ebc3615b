import { postFile, postJsonToSink, requestJson } from './http-client';
import { watchMemory } from './memory-monitor';
import { PhaseResult, brief, elapsed } from './phase-result';
import { BENCH_ADMIN_TOKEN, RunningService } from './service';

export type { PhaseResult } from './phase-result';

interface ReportEntry {
  status?: string;
  reason?: string;
  warnings?: unknown[];
}

interface RestoreReport {
  counts?: Record<string, number>;
  items?: ReportEntry[];
}

/** Item restore (SPEC §5) of the whole generated file into an empty repository: every item `ok`. */
export async function restorePhase(service: RunningService, file: string, expected: number, bytes: number): Promise<PhaseResult> {
  const started = process.hrtime.bigint();
  const { result: res, memory } = await watchMemory(service.pid, () => postFile(`${service.baseUrl}/api/restores`, BENCH_ADMIN_TOKEN, 'files', file));
  const ms = elapsed(started);
  const result: PhaseResult = { phase: 'item restore', status: 'ok', ms, items: expected, bytes, memory, notes: [] };
  if (res.status === 404 || res.status === 501) return { ...result, status: 'not available', notes: [`POST /api/restores answered ${res.status}`] };
  if (res.status !== 200) return { ...result, status: 'failed', notes: [`POST /api/restores answered ${res.status}: ${brief(res.body)}`] };
  const report = res.body as RestoreReport;
  const counts = report.counts ?? {};
  result.detail = Object.entries(counts)
    .map(([status, n]) => `${status} ${n}`)
    .join(', ');
  const notOk = Object.entries(counts).filter(([status, n]) => status !== 'ok' && n > 0);
  if (counts.ok !== expected || notOk.length > 0) {
    result.status = 'failed';
    result.notes.push(`counts ${JSON.stringify(counts)}, expected ${expected} ok`);
    result.notes.push(...topReasons(report.items ?? []));
  }
  const listed = report.items?.length ?? 0;
  if (listed !== expected) result.notes.push(`the report lists ${listed} items, expected ${expected}`);
  const warned = (report.items ?? []).filter((item) => (item.warnings?.length ?? 0) > 0).length;
  if (warned > 0) result.notes.push(`${warned} items with warnings (data stores needing files are expected)`);
  return result;
}

/** Item backup (SPEC §4) of every top-level folder, i.e. of the whole repository. */
export async function backupPhase(service: RunningService, expected: number): Promise<PhaseResult> {
  const ids = await topLevelFolderIds(service);
  const started = process.hrtime.bigint();
  const { result: res, memory } = await watchMemory(service.pid, () => postJsonToSink(`${service.baseUrl}/api/backups`, BENCH_ADMIN_TOKEN, { ids }));
  const ms = elapsed(started);
  const result: PhaseResult = { phase: 'item backup', status: 'ok', ms, items: Math.max(0, res.lines - 2), bytes: res.bytes, memory, notes: [] };
  if (res.status === 404 || res.status === 501) return { ...result, status: 'not available', notes: [`POST /api/backups answered ${res.status}`] };
  if (res.status !== 200) return { ...result, status: 'failed', notes: [`POST /api/backups answered ${res.status}: ${res.head.slice(0, 300)}`] };
  result.detail = `${result.items.toLocaleString('en-US')} item lines`;
  if (result.items !== expected) {
    result.status = 'failed';
    result.notes.push(`the backup holds ${result.items} item lines, expected ${expected}`);
  }
  return result;
}

async function topLevelFolderIds(service: RunningService): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const query = `folderId=root&type=folder&limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const res = await requestJson(`${service.baseUrl}/api/items?${query}`, BENCH_ADMIN_TOKEN);
    if (res.status !== 200) throw new Error(`GET /api/items answered ${res.status}: ${brief(res.body)}`);
    const page = res.body as { items: { id: string }[]; nextCursor: string | null };
    ids.push(...page.items.map((item) => item.id));
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}

/** The most frequent failure reasons of a restore report. */
function topReasons(items: ReportEntry[]): string[] {
  const reasons = new Map<string, number>();
  for (const item of items) if (item.status === 'failed') reasons.set(item.reason ?? '?', (reasons.get(item.reason ?? '?') ?? 0) + 1);
  return [...reasons]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([reason, n]) => `${n} × failed: ${reason}`);
}
