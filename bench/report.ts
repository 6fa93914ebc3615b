import type { FloorResult } from './floor';
import type { GeneratedBackup } from './generate-backup';
import type { PhaseResult } from './phases';

export interface SizeReport {
  size: number;
  backup: GeneratedBackup;
  generateMs: number;
  floor: FloorResult;
  phases: PhaseResult[];
  /** Lines of the service's log that look like errors or warnings. */
  logProblems: string[];
}

const MB = 1024 * 1024;

/** The bench's report as markdown: one table per size, then the notes. */
export function formatReport(report: SizeReport): string {
  const { size, backup, floor } = report;
  const out: string[] = [
    `## ${size.toLocaleString('en-US')} items — ${mb(backup.bytes)} MB file (${Math.round(backup.bytes / Math.max(1, backup.items))} B/item), generated in ${seconds(report.generateMs)} s`,
    '',
    'Times are wall times; × floor = time / floor time; MB = 2^20 bytes; memory is the service process (VmRSS polled every 50 ms, VmHWM from /proc).',
    '',
    '| phase | status | wall time | throughput | × floor | RSS before | peak RSS | VmHWM after |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
    row('floor (parse + SQLite insert, in the bench)', 'ok', floor.ms, `${rate(floor.rows, floor.ms)} items/s`, 1, null),
  ];
  for (const phase of report.phases) {
    if (phase.status === 'not available') {
      out.push(`| ${phase.phase} | not available | | | | | | |`);
      continue;
    }
    const items = `${rate(phase.items, phase.ms)} items/s`;
    const throughput = phase.phase === 'item backup' ? `${(phase.bytes / MB / (phase.ms / 1000)).toFixed(1)} MB/s (${items})` : items;
    out.push(row(phase.phase, phase.status, phase.ms, throughput, phase.ms / floor.ms, phase));
  }
  const notes = report.phases.flatMap((phase) => phase.notes.map((note) => `- ${phase.phase}: ${note}`));
  if (notes.length > 0) out.push('', ...notes);
  if (report.logProblems.length > 0) {
    out.push('', `Service log: ${report.logProblems.length} error/warning lines, e.g.:`, ...report.logProblems.slice(0, 5).map((line) => `    ${line.slice(0, 240)}`));
  }
  return out.join('\n');
}

function row(name: string, status: string, ms: number, throughput: string, ratio: number, phase: PhaseResult | null): string {
  const memory = phase?.memory;
  const cells = [
    name,
    status,
    `${seconds(ms)} s`,
    throughput,
    `${ratio.toFixed(1)}×`,
    memory ? `${mb(memory.before.rss)} MB` : '',
    memory ? `${mb(memory.peakRss)} MB` : '',
    memory ? `${mb(memory.hwmAfter)} MB` : '',
  ];
  return `| ${cells.join(' | ')} |`;
}

function mb(bytes: number): string {
  return (bytes / MB).toFixed(1);
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(2);
}

function rate(items: number, ms: number): string {
  return Math.round(items / (ms / 1000)).toLocaleString('en-US');
}
