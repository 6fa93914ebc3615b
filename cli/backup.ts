import { Command, Option } from 'commander';
import { clientFor } from './client';
import { formatBytes } from './terminal';

/** `strata backup ID...`: the items and everything they need, streamed to a file. */
export function backupCommand(): Command {
  return new Command('backup')
    .description('back up items with everything they depend on, streamed to a file')
    .argument('<id...>', 'ids of the items and folders to back up')
    .addOption(new Option('--format <format>', 'backup format').choices(['json', 'xml']).default('json'))
    .option('-o, --output <file>', 'file to write (default: the name the server gives, in the current directory)')
    .action(async (ids: string[], options: { format: string; output?: string }, command: Command) => {
      const init = { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ids, format: options.format }) };
      const { file, bytes } = await clientFor(command).download('/api/backups', init, options.output);
      console.log(`wrote ${file} (${formatBytes(bytes)})`);
    });
}
