import type { PhaseResult } from './phase-result';
import type { SizeReport } from './report';

/** The phases with targets (issues 19 and 24), as the bench names them. */
export const FULL_RESTORE_EMPTY = 'full restore into an empty repository';
export const FULL_RESTORE_CHANGED = 'full restore over it, 10% changed';
export const FULL_BACKUP = 'full backup';
export const ITEM_RESTORE = 'item restore';
export const ROLLBACK = 'rollback across the rounds';
export const ASOF_TREE = 'as-of tree';
export const ASOF_PAGE = 'page of 100 items as of a position';

/** The sizes the time targets are set for; memory, disk and backup speed hold at every size. */
export const TARGET_SIZES = [100_000, 1_000_000];
const BASE_SIZE = 20_000;
/** Most a phase may take, in floors (issue 19). */
const FLOOR_RATIOS: Record<string, number> = {
  [FULL_RESTORE_EMPTY]: 2.5,
  [FULL_RESTORE_CHANGED]: 1.5,
  [ITEM_RESTORE]: 3,
  [ROLLBACK]: 3,
};
const MAX_BACKUP_MS_AT_100K = 20_000;
const MIN_BACKUP_MB_PER_S = 30;
const MAX_PEAK_RSS = 400 * 2 ** 20;
const MAX_RSS_GROWTH = 1.3;
/** The data dir after a full restore into an empty repository, in backups (issue 24). */
const MAX_DISK_RATIO = 2.5;
const MAX_ASOF_MS = 500;

const MB = 2 ** 20;
const verdict = (pass: boolean) => (pass ? 'PASS' : 'FAIL');

interface Check {
  label: string;
  pass: boolean;
}

/** What the targets ask of one phase of a size's run, and whether it meets them. */
function checksOf(phase: PhaseResult, report: Pick<SizeReport, 'size' | 'floor' | 'backup'>): Check[] {
  if (phase.status === 'not available') return [];
  const checks: Check[] = [];
  const ratio = FLOOR_RATIOS[phase.phase];
  if (ratio !== undefined && TARGET_SIZES.includes(report.size)) checks.push({ label: `≤ ${ratio}× floor`, pass: phase.ms <= ratio * report.floor.ms });
  if (phase.phase === FULL_BACKUP) {
    if (report.size === 100_000) checks.push({ label: `≤ ${MAX_BACKUP_MS_AT_100K / 1000} s`, pass: phase.ms <= MAX_BACKUP_MS_AT_100K });
    checks.push({ label: `≥ ${MIN_BACKUP_MB_PER_S} MB/s`, pass: phase.bytes / MB / (phase.ms / 1000) >= MIN_BACKUP_MB_PER_S });
  }
  if (phase.phase === FULL_RESTORE_EMPTY && phase.disk !== undefined) {
    checks.push({ label: `data dir ≤ ${MAX_DISK_RATIO}× backup`, pass: phase.disk <= MAX_DISK_RATIO * report.backup.bytes });
  }
  if (phase.memory) checks.push({ label: `≤ ${MAX_PEAK_RSS / MB} MB`, pass: phase.memory.peakRss <= MAX_PEAK_RSS });
  if (phase.status === 'failed') checks.push({ label: 'checks', pass: false });
  return checks;
}

/** The target cell of a phase's row: what the targets ask of it and whether this run meets them. */
export function targetCell(phase: PhaseResult, report: Pick<SizeReport, 'size' | 'floor' | 'backup'>): string {
  return checksOf(phase, report)
    .map((c) => `${c.label} ${verdict(c.pass)}`)
    .join(', ');
}

/** The verdict of the whole run: every target at the target sizes, the RSS growth from 20,000, the as-of reads. */
export function targetsSection(reports: SizeReport[]): string {
  const out = ['## Targets (issues 19 and 24)', ''];
  const targets = reports.filter((r) => TARGET_SIZES.includes(r.size));
  if (targets.length === 0) {
    out.push(`Not measured: this run has none of the sizes the targets are set for (${TARGET_SIZES.map((n) => n.toLocaleString('en-US')).join(', ')}).`);
    return out.join('\n');
  }
  out.push('| size | target | measured | result |', '|---|---|---|---|');
  const row = (size: number, label: string, measured: string, pass: boolean | null) =>
    out.push(`| ${size.toLocaleString('en-US')} | ${label} | ${measured} | ${pass === null ? 'not measured' : verdict(pass)} |`);
  for (const report of targets) {
    const { size, floor } = report;
    const all = [...report.phases, ...report.history];
    const phase = (name: string) => all.find((p) => p.phase === name && p.status !== 'not available');
    for (const [name, ratio] of Object.entries(FLOOR_RATIOS)) {
      const p = phase(name);
      row(
        size,
        `${name} ≤ ${ratio}× floor`,
        p ? `${(p.ms / floor.ms).toFixed(2)}× (${s(p.ms)} s; floor ${s(floor.ms)} s)${checked(p)}` : '—',
        p ? p.ms <= ratio * floor.ms && p.status === 'ok' : null,
      );
    }
    const backup = phase(FULL_BACKUP);
    if (size === 100_000)
      row(
        size,
        `full backup ≤ ${MAX_BACKUP_MS_AT_100K / 1000} s`,
        backup ? `${s(backup.ms)} s${checked(backup)}` : '—',
        backup ? backup.ms <= MAX_BACKUP_MS_AT_100K && backup.status === 'ok' : null,
      );
    const speed = backup ? backup.bytes / MB / (backup.ms / 1000) : NaN;
    row(size, `full backup ≥ ${MIN_BACKUP_MB_PER_S} MB/s`, backup ? `${speed.toFixed(1)} MB/s` : '—', backup ? speed >= MIN_BACKUP_MB_PER_S : null);
    const restored = phase(FULL_RESTORE_EMPTY);
    row(
      size,
      `data dir after the full restore ≤ ${MAX_DISK_RATIO}× the backup`,
      restored?.disk !== undefined ? `${(restored.disk / report.backup.bytes).toFixed(2)}× (${mb(restored.disk)} MB for ${mb(report.backup.bytes)} MB)` : '—',
      restored?.disk !== undefined ? restored.disk <= MAX_DISK_RATIO * report.backup.bytes : null,
    );
    const tree = phase(`${ASOF_TREE}, first page`);
    const page = phase(ASOF_PAGE);
    row(
      size,
      `as-of tree (first page) and a page as of a moment ≤ ${MAX_ASOF_MS} ms together`,
      tree && page ? `${Math.round(tree.ms + page.ms)} ms (${Math.round(tree.ms)} + ${Math.round(page.ms)})` : '—',
      tree && page ? tree.ms + page.ms <= MAX_ASOF_MS && tree.status === 'ok' && page.status === 'ok' : null,
    );
    const peak = all.filter((p) => p.memory).sort((a, b) => b.memory!.peakRss - a.memory!.peakRss)[0];
    row(
      size,
      `peak RSS of every phase ≤ ${MAX_PEAK_RSS / MB} MB`,
      peak ? `${mb(peak.memory!.peakRss)} MB at most (${peak.phase})` : '—',
      peak ? peak.memory!.peakRss <= MAX_PEAK_RSS : null,
    );
  }
  const base = reports.find((r) => r.size === BASE_SIZE);
  const at100k = reports.find((r) => r.size === 100_000);
  for (const name of [FULL_RESTORE_EMPTY, FULL_RESTORE_CHANGED, FULL_BACKUP]) {
    if (!at100k) break;
    const now = at100k.phases.find((p) => p.phase === name)?.memory;
    const then = base?.phases.find((p) => p.phase === name)?.memory;
    const label = `peak RSS during the ${name} ≤ ${MAX_RSS_GROWTH}× its value at ${BASE_SIZE.toLocaleString('en-US')}`;
    if (!now || !then) row(100_000, label, base ? '—' : `no ${BASE_SIZE.toLocaleString('en-US')}-item size in this run`, null);
    else
      row(
        100_000,
        label,
        `${(now.peakRss / then.peakRss).toFixed(2)}× (${mb(then.peakRss)} → ${mb(now.peakRss)} MB)`,
        now.peakRss / then.peakRss <= MAX_RSS_GROWTH,
      );
  }
  return out.join('\n');
}

/**
 * What failed in this run, one line each: a target a phase's row shows as FAIL (its checks
 * included) at any size, and a row of the targets section that says FAIL. `npm run bench` exits
 * non-zero when there is any, so that a script or CI notices (the report says the same).
 */
export function failedTargets(reports: SizeReport[]): string[] {
  const failed: string[] = [];
  for (const report of reports) {
    for (const phase of [...report.phases, ...report.history]) {
      const bad = checksOf(phase, report).filter((c) => !c.pass);
      if (bad.length === 0) continue;
      const what = bad.map((c) => (c.label === 'checks' ? phase.notes.join('; ') || 'failed' : `${c.label} FAIL`)).join(', ');
      failed.push(`${report.size.toLocaleString('en-US')} items, ${phase.phase}: ${what}`);
    }
  }
  for (const line of targetsSection(reports).split('\n')) if (line.endsWith('| FAIL |')) failed.push(line.slice(2, -9).split(' | ').join(': '));
  return failed;
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
