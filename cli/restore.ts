import { Command, Option } from 'commander';
import { clientFor, fileSizes, withQuery } from './client';
import type { ReportItem, RestoreReport } from '../console/src/api/types';
import { out, outJson, wantsJson } from './output';

const STATUSES = ['ok', 'renamed', 'replaced', 'skipped', 'failed'] as const;

/** `strata restore FILE...`: an item restore (SPEC §5); exit 1 when any item failed. */
export function restoreCommand(): Command {
  return new Command('restore')
    .description('restore items from backup files (Strata JSON, 1Integrate XML, 1Integrate for ArcGIS .rules or XML)')
    .argument('<file...>', 'backup files, restored together as one atomic batch; - reads one from standard input')
    .option('--dry-run', 'run everything but the commit and report what would happen')
    .addOption(
      new Option('--on-conflict <mode>', 'when an item of that type and name exists in its folder').choices(['rename', 'replace', 'skip']).default('rename'),
    )
    .addHelpText(
      'after',
      "\nWith --json: the server's report (JSON) instead of one line per item.\nExit code 1 when the restore worked but some items failed (they and what depends on them were not loaded).",
    )
    .action(async (files: string[], options: { dryRun?: boolean; onConflict: string }, command: Command) => {
      fileSizes(files);
      const url = withQuery('/api/restores', { dryRun: String(Boolean(options.dryRun)), onConflict: options.onConflict });
      const res = await clientFor(command).upload(url, 'files', files);
      const report = (await res.json()) as RestoreReport;
      if (wantsJson(command)) outJson(report);
      else printReport(report);
      if ((report.counts.failed ?? 0) > 0) process.exitCode = 1;
    });
}

function printReport(report: RestoreReport): void {
  const typeWidth = typeColumnWidth(report.items);
  for (const item of report.items) out(outcomeLine(item, typeWidth));
  const counts = STATUSES.map((s) => `${report.counts[s] ?? 0} ${s}`).join(', ');
  out(`${report.items.length} items: ${counts}${report.dryRun ? ' (dry run: nothing was written)' : ''}`);
}

/**
 * The type column's width: the longest type in the report, at least 4. A loop, not
 * `Math.max(...widths)`: a report of a million items is too many arguments for one call.
 */
export function typeColumnWidth(items: readonly Pick<ReportItem, 'type'>[]): number {
  let width = 4;
  for (const item of items) width = Math.max(width, item.type.length);
  return width;
}

/** `status  type  path` (`source -> restored as` when renamed), then the reason or the warnings. */
export function outcomeLine(item: ReportItem, typeWidth: number): string {
  const note = item.reason ?? (item.warnings ?? []).join('; ');
  const where = item.path && item.path !== item.sourcePath ? `${item.sourcePath} -> ${item.path}` : item.sourcePath;
  const line = `${item.status.padEnd(8)}  ${item.type.padEnd(typeWidth)}  ${where}`;
  return note ? `${line}  (${note})` : line;
}
