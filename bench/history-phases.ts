import fs from 'node:fs';
import { requestJson } from './http-client';
import { watchMemory } from './memory-monitor';
import { editBackup, roundEdit, roundOf } from './edit-backup';
import { PhaseResult, elapsed, fail, notAvailable } from './phase-result';
import { ASOF_PAGE, ASOF_TREE, ROLLBACK } from './targets';
import { RepositoryCounts, checkCounts, fullRestorePhase, healthPosition } from './repository-phases';
import { BENCH_ADMIN_TOKEN, RunningService } from './service';
import { answered, treePhases } from './read-phases';

interface Source {
  path: string;
  items: number;
}

/**
 * Issue 6 over a repository that holds `source` (by id) with some descriptions changed: 10 rounds of
 * edits — round r is a full restore of `source` with the items index % 10 ≤ r re-described, so each
 * round changes a different 10% — remembering the health position before and after each; then an
 * asOf tree and item pages as of round 5 (by position and by time), and a rollback across the rounds.
 */
export async function historyPhases(
  service: RunningService,
  source: Source,
  roundFile: string,
  progress: (m: string) => void,
  rounds = 10,
  /** Called before each timed restore (see settleDisk). */
  settle: (before: string) => void = () => undefined,
): Promise<PhaseResult[]> {
  const before = await healthPosition(service);
  const results: PhaseResult[] = [];
  const positions: string[] = [];
  let touched = 0;
  let asOf = '';
  const middle = Math.floor(rounds / 2);
  for (let round = 0; round < rounds; round++) {
    const edited = await editBackup(source.path, roundFile, roundEdit(round));
    const expected = { created: 0, replaced: edited.changed - touched, deleted: 0, unchanged: source.items - (edited.changed - touched) };
    touched = edited.changed;
    settle(`round ${round}`);
    const result = await fullRestorePhase(`round ${round}`, service, { path: roundFile, items: edited.items, bytes: edited.bytes }, expected);
    fs.rmSync(roundFile, { force: true });
    results.push(result);
    progress(`round ${round} ${result.status} in ${Math.round(result.ms)} ms (${result.detail ?? result.notes.join('; ')})`);
    if (result.status === 'not available') return [summarize(results, before, positions), ...skipped('the edit rounds are not available')];
    positions.push(await healthPosition(service));
    if (round === middle) asOf = new Date().toISOString();
  }
  const summary = summarize(results, before, positions);
  const then = positions[middle];
  const reads = [
    ...(await treePhases(service, ASOF_TREE, `position=${then}`, source.items)),
    await pagePhase(service, ASOF_PAGE, `position=${then}`, middle),
    await pagePhase(service, `page of 100 items as of ${asOf}`, `asOf=${encodeURIComponent(asOf)}`, middle),
  ];
  settle('the rollback');
  return [summary, ...reads, await rollbackPhase(service, before, rounds, { created: 0, replaced: touched, deleted: 0, unchanged: source.items - touched })];
}

/** The rounds as one row: total time, per-round spread, memory over all of them. */
function summarize(rounds: PhaseResult[], before: string, positions: string[]): PhaseResult {
  const count = rounds.length;
  const times = rounds.map((r) => r.ms);
  const mean = times.reduce((a, b) => a + b, 0) / Math.max(1, times.length);
  const memories = rounds.flatMap((r) => (r.memory ? [r.memory] : []));
  const status = rounds.some((r) => r.status === 'failed') ? 'failed' : rounds.every((r) => r.status === 'ok') ? 'ok' : 'not available';
  return {
    phase: `${count} edit rounds, total (full restore each, a different 10% changed)`,
    status,
    ms: times.reduce((a, b) => a + b, 0),
    items: rounds.reduce((n, r) => n + r.items, 0),
    bytes: rounds.reduce((n, r) => n + r.bytes, 0),
    memory:
      memories.length === 0
        ? null
        : { before: memories[0].before, peakRss: Math.max(...memories.map((m) => m.peakRss)), hwmAfter: memories[memories.length - 1].hwmAfter },
    notes: rounds.flatMap((r) => r.notes.map((note) => `${r.phase}: ${note}`)),
    detail: `per round ${ms(Math.min(...times))}–${ms(Math.max(...times))} ms, mean ${ms(mean)} ms; position ${before} → ${positions.join(' → ')}`,
  };
}

function ms(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

function skipped(reason: string): PhaseResult[] {
  return [ASOF_TREE, ASOF_PAGE, 'page of items as of a time', ROLLBACK].map((p) => notAvailable(p, reason));
}

/** `GET /api/items?<moment>&limit=100`: a full page, and no description of a round after `lastRound`. */
async function pagePhase(service: RunningService, phase: string, moment: string, lastRound: number): Promise<PhaseResult> {
  const started = process.hrtime.bigint();
  const url = `${service.baseUrl}/api/items?${moment}&limit=100`;
  const { result: res, memory } = await watchMemory(service.pid, () => requestJson(url, BENCH_ADMIN_TOKEN));
  const result: PhaseResult = { phase, status: 'ok', ms: elapsed(started), items: 0, bytes: 0, memory, notes: [] };
  if (res.status !== 200) return answered(result, 'GET /api/items', res.status, res.body);
  const items = (res.body as { items?: { description?: unknown }[] }).items ?? [];
  result.items = items.length;
  const rounds = items.map((item) => roundOf(item.description)).filter((r): r is number => r !== null);
  result.detail = `${items.length} items, ${rounds.length} with a round's edit (rounds ${[...new Set(rounds)].sort().join(',') || 'none'})`;
  if (items.length !== 100) fail(result, `the page holds ${items.length} items, expected 100`);
  const later = rounds.filter((r) => r > lastRound).length;
  if (later > 0) fail(result, `${later} items show an edit made after round ${lastRound}`);
  if (rounds.length === 0) fail(result, `no item shows an edit of rounds 0–${lastRound}`);
  return result;
}

/** `POST /api/admin/repository/rollback {"position"}` to before the rounds; then no round's edit is left. */
async function rollbackPhase(service: RunningService, position: string, rounds: number, expected: RepositoryCounts): Promise<PhaseResult> {
  const url = `${service.baseUrl}/api/admin/repository/rollback`;
  const started = process.hrtime.bigint();
  const { result: res, memory } = await watchMemory(service.pid, () => requestJson(url, BENCH_ADMIN_TOKEN, 'POST', { position }));
  const result: PhaseResult = { phase: ROLLBACK, status: 'ok', ms: elapsed(started), items: expected.replaced, bytes: 0, memory, notes: [] };
  if (res.status !== 200) return answered(result, 'POST /api/admin/repository/rollback', res.status, res.body);
  checkCounts(result, (res.body as { counts?: Record<string, number> }).counts, expected);
  result.detail = `to position ${position}, before the ${rounds} rounds; ${result.detail}`;
  const after = await requestJson(`${service.baseUrl}/api/items?limit=100`, BENCH_ADMIN_TOKEN);
  const left = ((after.body as { items?: { description?: unknown }[] }).items ?? []).filter((item) => roundOf(item.description) !== null).length;
  if (left > 0) fail(result, `after the rollback, ${left} of the first 100 items still show a round's edit`);
  return result;
}
