import type { FloorResult } from './floor';
import type { GeneratedBackup } from './generate-backup';
import type { PhaseResult } from './phase-result';
import { TARGET_SIZES, targetCell } from './targets';

export interface SizeReport {
  size: number;
  backup: GeneratedBackup;
  generateMs: number;
  floor: FloorResult;
  /** Full restores, full backup, reads, item restore and backup: timed against the floor. */
  phases: PhaseResult[];
  /** Issue 6: edit rounds, asOf reads, rollback. */
  history: PhaseResult[];
  /** The most disk the size used at once: the files the bench wrote and the service's data dir. */
  diskPeak: number;
  /** The 1-minute load average when the size started and when it ended. */
  load: readonly [number, number];
  /** Lines of the services' logs that look like errors or warnings. */
  logProblems: string[];
}

const MB = 1024 * 1024;

/** The bench's report as markdown: per size, the phase table, the history table, then the notes. */
export function formatReport(report: SizeReport): string {
  const { size, backup, floor } = report;
  const out: string[] = [
    `## ${size.toLocaleString('en-US')} items — ${mb(backup.bytes)} MB file (${Math.round(backup.bytes / Math.max(1, backup.items))} B/item), generated in ${seconds(report.generateMs)} s`,
    '',
    'Times are wall times; × floor = time / floor time; MB = 2^20 bytes; memory is the service process (VmRSS polled every 50 ms, VmHWM from /proc).',
    "Before the floor, each timed phase and each edit round, the bench has the kernel write what is pending to disk (`sync`, not timed): the bench's own files are not written back during a phase.",
    'Floor: the file read line by line, each item line JSON.parsed and its text inserted once into a rowid SQLite table (WAL, synchronous NORMAL, transactions of 10,000), in the bench process.',
    `1-minute load average: ${report.load[0].toFixed(2)} at the start of this size, ${report.load[1].toFixed(2)} at its end (2 shared cores).`,
    'Full restores, full backup, reads and history run in service 1 (fresh data dir), in table order; the item restore and item backup in service 2 (fresh data dir), so both restores start from an empty repository.',
    `Time targets are set for ${TARGET_SIZES.map((n) => n.toLocaleString('en-US')).join(' and ')} items${TARGET_SIZES.includes(size) ? '' : '; at this size only memory, disk and backup speed are targets'}. Disk at most ${mb(report.diskPeak)} MB at once (the generated files and the data dir).`,
    '',
    '| phase | status | wall time | throughput | × floor | RSS before | peak RSS | VmHWM after | result | target |',
    '|---|---|---:|---:|---:|---:|---:|---:|---|---|',
    `| floor (parse + SQLite insert, in the bench) | ok | ${seconds(floor.ms)} s | ${mbps(backup.bytes, floor.ms)} (${rate(floor.rows, floor.ms)} items/s) | 1.0× | | | | ${floor.rows.toLocaleString('en-US')} rows | |`,
  ];
  for (const phase of report.phases) {
    if (phase.status === 'not available') {
      out.push(`| ${phase.phase} | not available | | | | | | | | |`);
      continue;
    }
    const throughput = phase.ms > 0 && phase.items > 0 ? `${mbps(phase.bytes, phase.ms)} (${rate(phase.items, phase.ms)} items/s)` : '';
    const detail = [phase.detail, phase.disk === undefined ? undefined : `data dir ${mb(phase.disk)} MB`].filter(Boolean).join('; ');
    out.push(
      `| ${[phase.phase, phase.status, `${seconds(phase.ms)} s`, throughput, `${(phase.ms / floor.ms).toFixed(1)}×`, ...memoryCells(phase), detail, targetCell(phase, report)].join(' | ')} |`,
    );
  }
  out.push('', 'History (issue 6), in service 1 after the full backup:', '');
  out.push('| operation | status | time | × floor | result | RSS before | peak RSS | VmHWM after | target |', '|---|---|---:|---:|---|---:|---:|---:|---|');
  for (const phase of report.history) {
    const ran = phase.status !== 'not available';
    const time = ran ? `${Math.round(phase.ms).toLocaleString('en-US')} ms` : '';
    const ratio = ran ? `${(phase.ms / floor.ms).toFixed(phase.ms < floor.ms ? 2 : 1)}×` : '';
    out.push(`| ${[phase.phase, phase.status, time, ratio, phase.detail ?? '', ...memoryCells(phase), targetCell(phase, report)].join(' | ')} |`);
  }
  const notes = [...report.phases, ...report.history].flatMap((phase) => phase.notes.map((note) => `- ${phase.phase}: ${note}`));
  if (notes.length > 0) out.push('', ...notes);
  if (report.logProblems.length > 0) {
    out.push(
      '',
      `Service logs: ${report.logProblems.length} error/warning lines, e.g.:`,
      ...report.logProblems.slice(0, 5).map((line) => `    ${line.slice(0, 240)}`),
    );
  }
  return out.join('\n');
}

function memoryCells(phase: PhaseResult): string[] {
  const memory = phase.memory;
  return memory ? [`${mb(memory.before.rss)} MB`, `${mb(memory.peakRss)} MB`, `${mb(memory.hwmAfter)} MB`] : ['', '', ''];
}

function mb(bytes: number): string {
  return (bytes / MB).toFixed(1);
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(2);
}

function mbps(bytes: number, ms: number): string {
  return `${(bytes / MB / (ms / 1000)).toFixed(1)} MB/s`;
}

function rate(items: number, ms: number): string {
  return Math.round(items / (ms / 1000)).toLocaleString('en-US');
}
