import { Command, Option } from 'commander';
import { CliError, StrataClient, clientFor, fileSizes, withQuery } from './client';
import { Progress, assertCanConfirm, confirm, formatBytes, progressDisplay } from './terminal';

type Counts = Record<'created' | 'replaced' | 'deleted' | 'unchanged', number>;

interface RestoreRecord {
  id: string;
  status: 'running' | 'succeeded' | 'failed';
  counts: Counts;
  position: string | null;
  error?: string;
  progress?: Progress;
}

interface RollbackResult {
  restoreId: string;
  position: string;
  rolledBackTo: string;
  counts: Counts;
}

interface Outcome {
  status: string;
  type: string;
  path?: string;
  sourcePath: string;
}

const POLL_MS = 250;
const PREVIEW_LINES = 20;

/** `strata repo …`: the whole repository, for administrators (SPEC §6). */
export function repoCommand(): Command {
  const repo = new Command('repo').description('the whole repository (admin): backup, restore, rollback');
  repo
    .command('backup')
    .description('back up the whole repository (now, or as of a past time), streamed to a file')
    .option('-o, --output <file>', 'file to write (default: the name the server gives, in the current directory)')
    .addOption(new Option('--format <format>', 'backup format').choices(['json', 'xml']).default('json'))
    .option('--as-of <time>', 'the repository as it was at this ISO 8601 time')
    .action(async (options: { output?: string; format: string; asOf?: string }, command: Command) => {
      const url = withQuery('/api/admin/repository/backup', { format: options.format, asOf: options.asOf });
      const { file, bytes } = await clientFor(command).download(url, { method: 'GET' }, options.output);
      console.log(`wrote ${file} (${formatBytes(bytes)})`);
    });
  repo
    .command('restore')
    .description('make the repository exactly a Strata JSON backup: after a dry run and confirmation, with progress')
    .argument('<file>', 'a Strata JSON backup')
    .option('--dry-run', 'only show what would be deleted, replaced and created')
    .option('-y, --yes', 'do not ask for confirmation (needed without a terminal)')
    .action(async (file: string, options: { dryRun?: boolean; yes?: boolean }, command: Command) => {
      assertCanConfirm(options);
      const client = clientFor(command);
      const preview = await restoreRepository(client, file, true);
      await showPreview(client, preview.id, preview.counts, `a restore of the repository from ${file}`);
      if (options.dryRun || !(await proceed(preview.counts, options, `Restore the repository from ${file}?`))) return;
      const done = await restoreRepository(client, file, false);
      console.log(`restored the repository from ${file}: ${summary(done.counts)} (restore ${done.id}, position ${done.position})`);
    });
  repo
    .command('rollback')
    .description('make the repository what it was at a past time: after a dry run and confirmation')
    .requiredOption('--as-of <time>', 'the ISO 8601 time to roll back to')
    .option('--dry-run', 'only show what would be deleted, replaced and created')
    .option('-y, --yes', 'do not ask for confirmation (needed without a terminal)')
    .action(async (options: { asOf: string; dryRun?: boolean; yes?: boolean }, command: Command) => {
      assertCanConfirm(options);
      const client = clientFor(command);
      const url = '/api/admin/repository/rollback';
      const preview = await client.json<RollbackResult>('POST', url, { asOf: options.asOf, dryRun: true });
      await showPreview(client, preview.restoreId, preview.counts, `a rollback to ${options.asOf} (position ${preview.rolledBackTo})`);
      if (options.dryRun || !(await proceed(preview.counts, options, `Roll the repository back to ${options.asOf}?`))) return;
      process.stderr.write(`rolling back to position ${preview.rolledBackTo}…\n`);
      const done = await client.json<RollbackResult>('POST', url, { position: preview.rolledBackTo });
      console.log(`rolled back to position ${done.rolledBackTo}: ${summary(done.counts)} (restore ${done.restoreId}, position ${done.position})`);
    });
  return repo;
}

/**
 * Uploads the backup (streamed) for an asynchronous repository restore, then follows
 * `GET /api/restores/:id` until it ends, showing the upload and the server's progress.
 */
async function restoreRepository(client: StrataClient, file: string, dryRun: boolean): Promise<RestoreRecord> {
  const [bytesTotal] = fileSizes([file]);
  const display = progressDisplay();
  let sent = 0;
  try {
    const url = withQuery('/api/admin/repository/restore', { dryRun: String(dryRun) });
    const res = await client.upload(url, 'file', [file], { Prefer: 'respond-async' }, (n) => {
      sent += n;
      display.update({ phase: dryRun ? 'uploading (dry run)' : 'uploading', bytesRead: sent, bytesTotal, itemsRead: 0 });
    });
    const { restoreId } = (await res.json()) as { restoreId: string };
    for (;;) {
      const record = await client.json<RestoreRecord>('GET', `/api/restores/${restoreId}`);
      if (record.status === 'failed') throw new CliError(`the repository restore ${restoreId} failed: ${record.error ?? 'no reason given'}`);
      if (record.status === 'succeeded') {
        display.update({ phase: 'done', bytesRead: bytesTotal, bytesTotal, itemsRead: record.counts.created + record.counts.replaced + record.counts.unchanged });
        return record;
      }
      if (record.progress) display.update(record.progress);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  } finally {
    display.stop();
  }
}

/** The dry run's counts and its first outcomes (deletions come first). */
async function showPreview(client: StrataClient, restoreId: string, counts: Counts, what: string): Promise<void> {
  console.log(`Dry run of ${what}: ${summary(counts)}`);
  const page = await client.json<{ items: Outcome[] }>('GET', `/api/restores/${restoreId}/items?limit=${PREVIEW_LINES}`);
  for (const o of page.items) console.log(`  ${o.status.padEnd(8)}  ${o.type.padEnd(15)}  ${o.path ?? o.sourcePath}`);
  const more = counts.deleted + counts.replaced + counts.created - page.items.length;
  if (more > 0) console.log(`  … and ${more} more`);
}

/** Whether to go on after the dry run: not when nothing would change; otherwise --yes or the answer. */
async function proceed(counts: Counts, options: { yes?: boolean }, question: string): Promise<boolean> {
  if (counts.deleted + counts.replaced + counts.created === 0) {
    console.log('Nothing to change.');
    return false;
  }
  if (options.yes || (await confirm(question))) return true;
  throw new CliError('cancelled: nothing was changed');
}

function summary(c: Counts): string {
  return `${c.deleted} deleted, ${c.replaced} replaced, ${c.created} created, ${c.unchanged} unchanged`;
}
