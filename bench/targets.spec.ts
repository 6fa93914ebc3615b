import type { PhaseResult } from './phase-result';
import type { SizeReport } from './report';
import { FULL_BACKUP, FULL_RESTORE_EMPTY, failedTargets } from './targets';

const MB = 2 ** 20;
const phase = (name: string, ms: number, peakRss: number, status: PhaseResult['status'] = 'ok'): PhaseResult => ({
  phase: name,
  status,
  ms,
  items: 100_000,
  bytes: 0,
  memory: { before: { rss: 0, hwm: 0 }, peakRss, hwmAfter: peakRss },
  notes: status === 'failed' ? ['created 99,999, expected 100,000'] : [],
});
const report = (size: number, phases: PhaseResult[], history: PhaseResult[] = []): SizeReport => ({
  size,
  backup: { items: size, bytes: 0 },
  generateMs: 0,
  floor: { ms: 10_000, rows: size },
  phases,
  history,
  load: [1, 1],
  logProblems: [],
});

describe('failedTargets: what makes `npm run bench` exit non-zero', () => {
  it('is empty when every target and check passes', () => {
    expect(failedTargets([report(100_000, [phase(FULL_RESTORE_EMPTY, 25_000, 300 * MB), phase(FULL_BACKUP, 12_000, 300 * MB)])])).toEqual([]);
  });

  it('names a time or memory target that fails, in a phase row and in the issue-5 verdict', () => {
    const failed = failedTargets([report(100_000, [phase(FULL_RESTORE_EMPTY, 31_000, 300 * MB), phase(FULL_BACKUP, 12_000, 450 * MB)])]);
    expect(failed).toEqual([
      '100,000 items, full restore into an empty repository: ≤ 3× floor FAIL, ≤ 400 MB PASS',
      '100,000 items, full backup: ≤ 20 s PASS, ≤ 400 MB FAIL',
      'full restore into an empty repository ≤ 3× floor: 3.10× (31.00 s; floor 10.00 s)',
      'peak RSS during the full backup ≤ 400 MB: 450.0 MB',
    ]);
  });

  it('names a phase whose functional checks failed, history phases too, at any size', () => {
    expect(failedTargets([report(10_000, [], [phase('rollback', 1000, 100 * MB, 'failed')])])).toEqual([
      '10,000 items, rollback: created 99,999, expected 100,000',
    ]);
  });
});
