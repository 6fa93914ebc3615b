import { Command, Option } from 'commander';
import { clientFor } from './client';
import { row } from './terminal';

interface RestoreRecord {
  id: string;
  kind: string;
  user: { name: string };
  startedAt: string;
  status: string;
  dryRun: boolean;
  counts: Record<string, number>;
  error?: string;
}

/** `strata restores`: the restore audit, newest first (SPEC §7). */
export function restoresCommand(): Command {
  return new Command('restores')
    .description('list restores, newest first: started, kind, status, user, counts, id (yours; everyone\'s for admins)')
    .addOption(new Option('--kind <kind>', 'only restores of this kind').choices(['items', 'repository', 'rollback']))
    .option('--user <user>', 'only restores by this user (name or id)')
    .option('--json', 'print the records as a JSON array')
    .action(async (options: { kind?: string; user?: string; json?: boolean }, command: Command) => {
      const records = clientFor(command).pages<RestoreRecord>('/api/restores', { kind: options.kind, user: options.user });
      if (options.json) {
        const all: RestoreRecord[] = [];
        for await (const record of records) all.push(record);
        console.log(JSON.stringify(all, null, 2));
        return;
      }
      for await (const r of records) {
        const counts = Object.entries(r.counts).map(([k, v]) => `${k}=${v}`).join(' ');
        const status = r.dryRun ? `${r.status} (dry run)` : r.status;
        process.stdout.write(row(r.startedAt, r.kind, status, r.user.name, counts || r.error, r.id) + '\n');
      }
    });
}
