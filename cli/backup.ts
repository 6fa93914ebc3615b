import { Command, Option } from 'commander';
import { clientFor } from './client';
import { isQuiet, note, out, outJson, wantsJson } from './output';
import { formatBytes } from './terminal';

/** `strata backup ID...`: the items and everything they need, streamed to a file or standard output. */
export function backupCommand(): Command {
  return new Command('backup')
    .description('back up items with everything they depend on, streamed to a file (or to standard output with -o -)')
    .argument('<id...>', 'ids of the items and folders to back up')
    .addOption(new Option('--format <format>', 'backup format').choices(['json', 'xml']).default('json'))
    .option('-o, --output <file>', 'file to write; - for standard output (default: the name the server gives, in the current directory)')
    .action(async (ids: string[], options: { format: string; output?: string }, command: Command) => {
      const init = { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ids, format: options.format }) };
      const written = await clientFor(command).download('/api/backups', init, options.output);
      reportWritten(command, written, options.output === '-');
    });
}

/**
 * What a download wrote: `{file, bytes}` with --json, else "wrote FILE (SIZE)". When the backup
 * itself went to standard output, only a note on stderr (stdout holds the backup).
 */
export function reportWritten(command: Command, written: { file: string; bytes: number }, toStdout: boolean): void {
  const line = `wrote ${written.file} (${formatBytes(written.bytes)})`;
  if (toStdout) note(`strata: ${line}`);
  else if (wantsJson(command)) outJson(written);
  else if (!isQuiet()) out(line);
}
