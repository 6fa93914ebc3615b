import { getToSink, postFile, requestJson } from './http-client';
import { watchMemory } from './memory-monitor';
import { PhaseResult, brief, elapsed, fail, missing } from './phase-result';
import { BENCH_ADMIN_TOKEN, RunningService } from './service';

/** The counts of a full restore or a rollback (SPEC §6). */
export interface RepositoryCounts {
  created: number;
  replaced: number;
  deleted: number;
  unchanged: number;
}

interface RepositoryAnswer {
  restoreId?: string;
  kind?: string;
  position?: string;
  counts?: Partial<RepositoryCounts>;
}

/**
 * Full restore (SPEC §6) of `file` — `POST /api/admin/repository/restore`, multipart field `file` —
 * timed and watched, its counts checked against `expected`.
 */
export async function fullRestorePhase(
  phase: string,
  service: RunningService,
  file: { path: string; items: number; bytes: number },
  expected: RepositoryCounts,
): Promise<PhaseResult> {
  const url = `${service.baseUrl}/api/admin/repository/restore`;
  const started = process.hrtime.bigint();
  const { result: res, memory } = await watchMemory(service.pid, () => postFile(url, BENCH_ADMIN_TOKEN, 'file', file.path));
  const result: PhaseResult = { phase, status: 'ok', ms: elapsed(started), items: file.items, bytes: file.bytes, memory, notes: [] };
  if (missing(res.status)) return { ...result, status: 'not available', notes: [`POST /api/admin/repository/restore answered ${res.status}`] };
  if (res.status !== 200) {
    fail(result, `POST /api/admin/repository/restore answered ${res.status}: ${brief(res.body)}`);
    return result;
  }
  const answer = res.body as RepositoryAnswer;
  checkCounts(result, answer.counts, expected);
  if (answer.kind !== 'repository') fail(result, `kind is ${JSON.stringify(answer.kind)}, expected "repository"`);
  return result;
}

/** Compares the answered counts with the expected ones, and shows them as the phase's detail. */
export function checkCounts(result: PhaseResult, counts: Partial<RepositoryCounts> | undefined, expected: RepositoryCounts): void {
  const got = counts ?? {};
  result.detail = (['created', 'replaced', 'deleted', 'unchanged'] as const).map((key) => `${key} ${got[key] ?? '?'}`).join(', ');
  const wrong = (Object.keys(expected) as (keyof RepositoryCounts)[]).filter((key) => got[key] !== expected[key]);
  if (wrong.length > 0) fail(result, `counts ${JSON.stringify(got)}, expected ${JSON.stringify(expected)}`);
}

/** Full backup (SPEC §6): `GET /api/admin/repository/backup`, streamed into a byte-counting sink. */
export async function fullBackupPhase(service: RunningService, expected: number): Promise<PhaseResult> {
  const url = `${service.baseUrl}/api/admin/repository/backup`;
  const started = process.hrtime.bigint();
  const { result: res, memory } = await watchMemory(service.pid, () => getToSink(url, BENCH_ADMIN_TOKEN));
  const items = Math.max(0, res.lines - 2); // the header line and `]}`
  const result: PhaseResult = { phase: 'full backup', status: 'ok', ms: elapsed(started), items, bytes: res.bytes, memory, notes: [] };
  if (missing(res.status)) return { ...result, status: 'not available', notes: [`GET /api/admin/repository/backup answered ${res.status}`] };
  if (res.status !== 200) {
    fail(result, `GET /api/admin/repository/backup answered ${res.status}: ${res.head.slice(0, 300)}`);
    return result;
  }
  result.detail = `${items.toLocaleString('en-US')} item lines`;
  if (items !== expected) fail(result, `the backup holds ${items} item lines, expected ${expected}`);
  if (!/"scope"\s*:\s*"repository"/.test(res.head)) fail(result, `the header does not say "scope":"repository": ${res.head.slice(0, 200)}`);
  return result;
}

/** `GET /api/health` → `position`. */
export async function healthPosition(service: RunningService): Promise<string> {
  const res = await requestJson(`${service.baseUrl}/api/health`, null);
  const position = (res.body as { position?: unknown }).position;
  if (res.status !== 200 || typeof position !== 'string') throw new Error(`GET /api/health answered ${res.status}: ${brief(res.body)}`);
  return position;
}
