import { Command, Option } from 'commander';
import { CliError, StrataClient, clientFor, withQuery } from './client';
import { comparePaths } from './items';
import { isQuiet, note, out, outJson, wantsJson } from './output';
import type { RepositoryChange, ReportItem, RestoreRecord, RollbackResult } from '../console/src/api/types';
import { backupFactsText } from './restores';
import { reportWritten } from './backup';
import { assertCanConfirm, confirm } from './terminal';
import { restoreRepository, spooledInput } from './repo-restore';

type Counts = RepositoryChange['counts'];
type Outcome = ReportItem;

/** Outcomes shown before a confirmation; `--dry-run` shows them all. */
const PREVIEW_LINES = 20;

/** `strata repo …`: the whole repository, for administrators (SPEC §6). */
export function repoCommand(): Command {
  const repo = new Command('repo').description('the whole repository (admin): backup, restore, rollback');
  repo
    .command('backup')
    .description('back up the whole repository (now, or as of a past time), streamed to a file (or to standard output with -o -)')
    .option('-o, --output <file>', 'file to write; - for standard output (default: the name the server gives, in the current directory)')
    .addOption(new Option('--format <format>', 'backup format').choices(['json', 'xml']).default('json'))
    .option('--as-of <time>', 'the repository as it was at this ISO 8601 time')
    .action(async (options: { output?: string; format: string; asOf?: string }, command: Command) => {
      const url = withQuery('/api/admin/repository/backup', { format: options.format, asOf: options.asOf });
      reportWritten(command, await clientFor(command).download(url, { method: 'GET' }, options.output), options.output === '-');
    });
  repo
    .command('restore')
    .description('make the repository exactly a Strata JSON repository backup: after a dry run and confirmation, with progress')
    .argument('<file>', 'a Strata JSON backup of the repository; - reads it from standard input (then --yes or --dry-run is needed)')
    .option('--dry-run', 'only show (all of) what would be deleted, replaced and created')
    .option('--allow-item-scope', 'also take an item backup ("scope":"items"): every item it does not hold is deleted')
    .option('-y, --yes', 'do not ask for confirmation (needed without a terminal)')
    .addHelpText(
      'after',
      '\nThe confirmation names the backup: its scope, when and by whom it was made, how many items it holds.\nWith --json: the result (or the dry run) with every per-item outcome, as JSON.',
    )
    .action(async (file: string, options: { dryRun?: boolean; yes?: boolean; allowItemScope?: boolean }, command: Command) => {
      assertCanConfirm(options);
      const client = clientFor(command);
      const input = await spooledInput(file);
      try {
        const flags = { allowItemScope: options.allowItemScope ?? false };
        const preview = await restoreRepository(client, input, { ...flags, dryRun: true });
        const facts = preview.files[0]?.backup;
        const what = `a restore of the repository from ${input.name}`;
        const plan = await showPlan(
          client,
          command,
          preview,
          what,
          options.dryRun ? 'all' : PREVIEW_LINES,
          facts ? `Backup: ${backupFactsText(facts)}` : undefined,
        );
        if (
          options.dryRun ||
          !(await proceed(plan, options, `Make the repository exactly ${input.name}${facts ? ` (${facts.items} items, scope ${facts.scope})` : ''}?`))
        )
          return;
        const done = await restoreRepository(client, input, { ...flags, dryRun: false });
        if (wantsJson(command)) return outJson(await withOutcomes(client, done));
        out(`restored the repository from ${input.name}: ${summary(done.counts as Counts)} (restore ${done.id}, position ${done.position})`);
      } finally {
        input.remove();
      }
    });
  repo
    .command('rollback')
    .description('make the repository what it was at a past time: after a dry run and confirmation')
    .requiredOption('--as-of <time>', 'the ISO 8601 time to roll back to')
    .option('--dry-run', 'only show (all of) what would be deleted, replaced and created')
    .option('-y, --yes', 'do not ask for confirmation (needed without a terminal)')
    .addHelpText('after', '\nWith --json: the result (or the dry run) with every per-item outcome, as JSON.')
    .action(async (options: { asOf: string; dryRun?: boolean; yes?: boolean }, command: Command) => {
      assertCanConfirm(options);
      const client = clientFor(command);
      const url = '/api/admin/repository/rollback';
      const preview = await client.json<RollbackResult>('POST', url, { asOf: options.asOf, dryRun: true });
      const record = await client.json<RestoreRecord>('GET', `/api/restores/${preview.restoreId}`);
      const moment = `${preview.rolledBackToAt ?? 'before the first change'} (position ${preview.rolledBackTo})`;
      const plan = await showPlan(
        client,
        command,
        record,
        `a rollback to ${options.asOf} (position ${preview.rolledBackTo})`,
        options.dryRun ? 'all' : PREVIEW_LINES,
        `Back to: ${moment}`,
      );
      if (options.dryRun || !(await proceed(plan, options, `Roll the repository back to ${moment}?`))) return;
      note(`rolling back to position ${preview.rolledBackTo}…`);
      const done = await client.json<RollbackResult>('POST', url, { position: preview.rolledBackTo });
      if (wantsJson(command)) return outJson(await withOutcomes(client, await client.json<RestoreRecord>('GET', `/api/restores/${done.restoreId}`)));
      out(`rolled back to position ${done.rolledBackTo}: ${summary(done.counts)} (restore ${done.restoreId}, position ${done.position})`);
    });
  return repo;
}

interface Plan {
  counts: Counts;
}

/**
 * A dry run: with --json, the record and every outcome as one document on stdout; otherwise the
 * counts, what the change is (the backup, or the moment), and the outcomes sorted by path — all
 * of them, or the first few before a confirmation, with the command that lists the rest.
 */
async function showPlan(client: StrataClient, command: Command, record: RestoreRecord, what: string, limit: number | 'all', about?: string): Promise<Plan> {
  const counts = record.counts as Counts;
  const json = wantsJson(command);
  const outcomes = (await withOutcomes(client, record)).items;
  if (json && limit === 'all') {
    outJson({ ...record, items: outcomes });
    return { counts };
  }
  // Before a confirmation in --json mode, stdout is kept for the result: the plan goes to stderr.
  // With -q and --yes nobody is asked, so the preview is not shown.
  if (limit !== 'all' && isQuiet() && command.opts<{ yes?: boolean }>().yes) return { counts };
  const print = json ? (line: string) => process.stderr.write(`${line}\n`) : out;
  print(`Dry run of ${what}: ${summary(counts)}`);
  if (about) print(about);
  const sorted = [...outcomes].sort((a, b) => comparePaths(a.path ?? a.sourcePath, b.path ?? b.sourcePath));
  const shown = limit === 'all' ? sorted : sorted.slice(0, limit);
  for (const o of shown) print(`  ${o.status.padEnd(8)}  ${o.type.padEnd(15)}  ${o.path ?? o.sourcePath}`);
  if (shown.length < sorted.length) print(`  … and ${sorted.length - shown.length} more: strata restores show ${record.id}`);
  return { counts };
}

async function withOutcomes(client: StrataClient, record: RestoreRecord): Promise<RestoreRecord & { items: Outcome[] }> {
  const items: Outcome[] = [];
  for await (const o of client.pages<Outcome>(`/api/restores/${record.id}/items`, {})) items.push(o);
  return { ...record, items };
}

/** Whether to go on after the dry run: not when nothing would change; otherwise --yes or the answer. */
async function proceed(plan: Plan, options: { yes?: boolean }, question: string): Promise<boolean> {
  const c = plan.counts;
  if (c.deleted + c.replaced + c.created === 0) {
    note('Nothing to change.');
    return false;
  }
  if (options.yes || (await confirm(question))) return true;
  throw new CliError('cancelled: nothing was changed');
}

function summary(c: Counts): string {
  return `${c.deleted} deleted, ${c.replaced} replaced, ${c.created} created, ${c.unchanged} unchanged`;
}
