import type { PhaseResult } from './phase-result';
import type { SizeReport } from './report';

/** The phases issue 5 sets targets for. */
export const FULL_RESTORE_EMPTY = 'full restore into an empty repository';
export const FULL_RESTORE_CHANGED = 'full restore over it, 10% changed';
export const FULL_BACKUP = 'full backup';
const MEMORY_PHASES = [FULL_RESTORE_EMPTY, FULL_RESTORE_CHANGED, FULL_BACKUP];

/** Issue 5: sizes, times and memory. */
const TARGET_SIZE = 100_000;
const BASE_SIZE = 20_000;
const MAX_FLOOR_RATIO = 3;
const MAX_BACKUP_MS = 20_000;
const MAX_PEAK_RSS = 400 * 2 ** 20;
const MAX_RSS_GROWTH = 1.3;

const MB = 2 ** 20;
const verdict = (pass: boolean) => (pass ? 'PASS' : 'FAIL');

/** The target cell of a phase's row: what issue 5 asks of it and whether this run meets it. */
export function targetCell(phase: PhaseResult, floorMs: number): string {
  const checks: string[] = [];
  if (phase.status === 'not available' || !MEMORY_PHASES.includes(phase.phase)) return '';
  if (phase.phase === FULL_RESTORE_EMPTY) checks.push(`≤ ${MAX_FLOOR_RATIO}× floor ${verdict(phase.ms <= MAX_FLOOR_RATIO * floorMs)}`);
  if (phase.phase === FULL_BACKUP) checks.push(`≤ ${MAX_BACKUP_MS / 1000} s ${verdict(phase.ms <= MAX_BACKUP_MS)}`);
  if (phase.memory) checks.push(`≤ ${MAX_PEAK_RSS / MB} MB ${verdict(phase.memory.peakRss <= MAX_PEAK_RSS)}`);
  if (phase.status === 'failed') checks.push('FAIL (checks failed)');
  return checks.join(', ');
}

/** The issue-5 verdict of the whole run: the targets at 100,000 and the RSS growth from 20,000. */
export function issue5Section(reports: SizeReport[]): string {
  const out = [`## Issue 5 targets (at ${TARGET_SIZE.toLocaleString('en-US')} items)`, ''];
  const target = reports.find((r) => r.size === TARGET_SIZE);
  const base = reports.find((r) => r.size === BASE_SIZE);
  if (!target) {
    out.push(`Not measured: this run has no ${TARGET_SIZE.toLocaleString('en-US')}-item size (\`npm run bench -- 20000 100000\`).`);
    return out.join('\n');
  }
  out.push('| target | measured | result |', '|---|---|---|');
  const phase = (report: SizeReport, name: string) => report.phases.find((p) => p.phase === name && p.status !== 'not available');
  const row = (label: string, measured: string, pass: boolean | null) => out.push(`| ${label} | ${measured} | ${pass === null ? 'not measured' : verdict(pass)} |`);
  const empty = phase(target, FULL_RESTORE_EMPTY);
  const ratio = empty ? empty.ms / target.floor.ms : NaN;
  row(`full restore into an empty repository ≤ ${MAX_FLOOR_RATIO}× floor`, empty ? `${ratio.toFixed(2)}× (${s(empty.ms)} s; floor ${s(target.floor.ms)} s)${checked(empty)}` : '—', empty ? ratio <= MAX_FLOOR_RATIO && empty.status === 'ok' : null);
  const backup = phase(target, FULL_BACKUP);
  row(`full backup ≤ ${MAX_BACKUP_MS / 1000} s`, backup ? `${s(backup.ms)} s${checked(backup)}` : '—', backup ? backup.ms <= MAX_BACKUP_MS && backup.status === 'ok' : null);
  for (const name of MEMORY_PHASES) {
    const p = phase(target, name);
    row(`peak RSS during the ${name} ≤ ${MAX_PEAK_RSS / MB} MB`, p?.memory ? `${mb(p.memory.peakRss)} MB` : '—', p?.memory ? p.memory.peakRss <= MAX_PEAK_RSS : null);
  }
  for (const name of MEMORY_PHASES) {
    const label = `peak RSS during the ${name} at ${TARGET_SIZE.toLocaleString('en-US')} ≤ ${MAX_RSS_GROWTH}× at ${BASE_SIZE.toLocaleString('en-US')}`;
    const now = phase(target, name)?.memory;
    const then = base ? phase(base, name)?.memory : undefined;
    if (!now || !then) {
      row(label, base ? '—' : `no ${BASE_SIZE.toLocaleString('en-US')}-item size in this run`, null);
      continue;
    }
    const growth = now.peakRss / then.peakRss;
    row(label, `${growth.toFixed(2)}× (${mb(then.peakRss)} → ${mb(now.peakRss)} MB)`, growth <= MAX_RSS_GROWTH);
  }
  return out.join('\n');
}

function checked(phase: PhaseResult): string {
  return phase.status === 'ok' ? '' : ' — but its checks failed (see notes)';
}

function s(ms: number): string {
  return (ms / 1000).toFixed(2);
}

function mb(bytes: number): string {
  return (bytes / MB).toFixed(1);
}

/**
 * What failed in this run, one line each: a phase whose checks failed (history phases included), a
 * target a phase's row shows as FAIL, a row of the issue-5 section that says FAIL. `npm run bench`
 * exits non-zero when there is any, so that a script or CI notices (the report says the same).
 */
export function failedTargets(reports: SizeReport[]): string[] {
  const failed: string[] = [];
  for (const report of reports) {
    for (const phase of [...report.phases, ...report.history]) {
      const target = targetCell(phase, report.floor.ms);
      if (phase.status === 'failed' || /FAIL/.test(target)) {
        failed.push(`${report.size.toLocaleString('en-US')} items, ${phase.phase}: ${target || phase.notes.join('; ') || 'failed'}`);
      }
    }
  }
  for (const line of issue5Section(reports).split('\n')) if (line.endsWith('| FAIL |')) failed.push(line.slice(2, -9).replace(' | ', ': '));
  return failed;
}
