import type { PhaseResult } from './phase-result';
import type { SizeReport } from './report';
import { FULL_BACKUP, FULL_RESTORE_EMPTY, failedTargets } from './targets';

const MB = 2 ** 20;
const phase = (name: string, ms: number, peakRss: number, extra: Partial<PhaseResult> = {}): PhaseResult => ({
  phase: name,
  status: 'ok',
  ms,
  items: 100_000,
  bytes: 0,
  memory: { before: { rss: 0, hwm: 0 }, peakRss, hwmAfter: peakRss },
  notes: [],
  ...extra,
});
const failedPhase = (name: string) => phase(name, 1000, 100 * MB, { status: 'failed', notes: ['created 99,999, expected 100,000'] });
const report = (size: number, phases: PhaseResult[], history: PhaseResult[] = []): SizeReport => ({
  size,
  backup: { items: size, bytes: 500 * MB },
  generateMs: 0,
  diskPeak: 0,
  floor: { ms: 10_000, rows: size },
  phases,
  history,
  load: [1, 1],
  logProblems: [],
});
/** A full backup of 600 MB in 12 s: 50 MB/s, inside 20 s. */
const goodBackup = () => phase(FULL_BACKUP, 12_000, 300 * MB, { bytes: 600 * MB });

describe('failedTargets: what makes `npm run bench` exit non-zero', () => {
  it('is empty when every target and check passes', () => {
    const restored = phase(FULL_RESTORE_EMPTY, 24_000, 300 * MB, { disk: 1000 * MB });
    expect(failedTargets([report(100_000, [restored, goodBackup()])])).toEqual([]);
  });

  it('names a time, memory or disk target that fails, in a phase row and in the targets section', () => {
    const restored = phase(FULL_RESTORE_EMPTY, 31_000, 300 * MB, { disk: 1300 * MB });
    const backup = phase(FULL_BACKUP, 12_000, 450 * MB, { bytes: 600 * MB });
    expect(failedTargets([report(100_000, [restored, backup])])).toEqual([
      '100,000 items, full restore into an empty repository: ≤ 2.5× floor FAIL, data dir ≤ 2.5× backup FAIL',
      '100,000 items, full backup: ≤ 400 MB FAIL',
      '100,000: full restore into an empty repository ≤ 2.5× floor: 3.10× (31.00 s; floor 10.00 s)',
      '100,000: data dir after the full restore ≤ 2.5× the backup: 2.60× (1300.0 MB for 500.0 MB)',
      '100,000: peak RSS of every phase ≤ 400 MB: 450.0 MB at most (full backup)',
    ]);
  });

  it('names a phase whose functional checks failed, history phases too, at any size', () => {
    expect(failedTargets([report(10_000, [], [failedPhase('rollback')])])).toEqual(['10,000 items, rollback: created 99,999, expected 100,000']);
  });

  it('holds the time targets to the sizes they are set for, memory at every size', () => {
    const slow = phase(FULL_RESTORE_EMPTY, 90_000, 420 * MB);
    expect(failedTargets([report(20_000, [slow])])).toEqual(['20,000 items, full restore into an empty repository: ≤ 400 MB FAIL']);
  });
});
