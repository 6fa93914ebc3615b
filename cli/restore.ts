import { Command, Option } from 'commander';
import { clientFor, fileSizes, withQuery } from './client';

interface ReportItem {
  status: string;
  type: string;
  path?: string;
  sourcePath: string;
  reason?: string;
  warnings?: string[];
}

interface RestoreReport {
  dryRun: boolean;
  counts: Record<string, number>;
  items: ReportItem[];
}

const STATUSES = ['ok', 'renamed', 'replaced', 'skipped', 'failed'];

/** `strata restore FILE...`: an item restore (SPEC §5); exit 1 when any item failed. */
export function restoreCommand(): Command {
  return new Command('restore')
    .description('restore items from backup files (Strata JSON, 1Integrate XML, 1Integrate for ArcGIS .rules or XML)')
    .argument('<file...>', 'backup files, restored together as one atomic batch')
    .option('--dry-run', 'run everything but the commit and report what would happen')
    .addOption(new Option('--on-conflict <mode>', 'when an item of that type and name exists in its folder').choices(['rename', 'replace', 'skip']).default('rename'))
    .option('--json', "print the server's report (JSON) instead of one line per item")
    .addHelpText('after', '\nExit code 1 when the restore worked but some items failed (they and what depends on them were not loaded).')
    .action(async (files: string[], options: { dryRun?: boolean; onConflict: string; json?: boolean }, command: Command) => {
      fileSizes(files);
      const url = withQuery('/api/restores', { dryRun: String(Boolean(options.dryRun)), onConflict: options.onConflict });
      const res = await clientFor(command).upload(url, 'files', files);
      const report = (await res.json()) as RestoreReport;
      if (options.json) console.log(JSON.stringify(report, null, 2));
      else printReport(report);
      if ((report.counts.failed ?? 0) > 0) process.exitCode = 1;
    });
}

function printReport(report: RestoreReport): void {
  const typeWidth = Math.max(4, ...report.items.map((i) => i.type.length));
  for (const item of report.items) {
    const note = item.reason ?? (item.warnings ?? []).join('; ');
    const where = item.path && item.path !== item.sourcePath ? `${item.sourcePath} -> ${item.path}` : item.sourcePath;
    const line = `${item.status.padEnd(8)}  ${item.type.padEnd(typeWidth)}  ${where}`;
    console.log(note ? `${line}  (${note})` : line);
  }
  const counts = STATUSES.map((s) => `${report.counts[s] ?? 0} ${s}`).join(', ');
  console.log(`${report.items.length} items: ${counts}${report.dryRun ? ' (dry run: nothing was written)' : ''}`);
}
