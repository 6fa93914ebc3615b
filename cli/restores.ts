import { Command, Option } from 'commander';
import { clientFor } from './client';
import { out, outJson, wantsJson } from './output';
import type { BackupFacts, ReportItem, RestoreRecord } from '../console/src/api/types';
import { outcomeLine } from './restore';
import { row } from './terminal';

/** `strata restores` (the restore audit, newest first, SPEC §7) and `strata restores show ID`. */
export function restoresCommand(): Command {
  const restores = new Command('restores')
    .description("list restores, newest first: started, kind, status, user, counts, id (yours; everyone's for admins)")
    .addOption(new Option('--kind <kind>', 'only restores of this kind').choices(['items', 'repository', 'rollback']))
    .option('--user <user>', 'only restores by this user (name or id)')
    .addOption(
      new Option('--dry-runs <which>', 'dry runs: include them, leave them out, or only them').choices(['include', 'exclude', 'only']).default('include'),
    )
    .addHelpText('after', '\nWith --json: the records as a JSON array.')
    .action(async (options: { kind?: string; user?: string; dryRuns: string }, command: Command) => {
      const dryRun = options.dryRuns === 'only' ? 'true' : options.dryRuns === 'exclude' ? 'false' : undefined;
      const records = clientFor(command).pages<RestoreRecord>('/api/restores', { kind: options.kind, user: options.user, dryRun });
      if (wantsJson(command)) {
        const all: RestoreRecord[] = [];
        for await (const record of records) all.push(record);
        outJson(all);
        return;
      }
      for await (const r of records) {
        const counts = Object.entries(r.counts)
          .map(([k, v]) => `${k}=${v}`)
          .join(' ');
        const status = r.dryRun ? `${statusText(r)} (dry run)` : statusText(r);
        out(row(r.startedAt, r.kind, status, r.user.name, counts || r.error, r.id));
      }
    });
  restores
    .command('show')
    .description("one restore's record and every per-item outcome, in file order")
    .argument('<id>', 'the restore id (as `strata restores` lists it)')
    .addOption(
      new Option('--status <status>', 'only outcomes with this status').choices(['ok', 'renamed', 'replaced', 'skipped', 'failed', 'created', 'deleted']),
    )
    .addHelpText('after', '\nWith --json: the record with an "items" array of every outcome.')
    .action(async (id: string, options: { status?: string }, command: Command) => {
      const client = clientFor(command);
      const record = await client.json<RestoreRecord>('GET', `/api/restores/${encodeURIComponent(id)}`);
      const outcomes = client.pages<ReportItem>(`/api/restores/${encodeURIComponent(id)}/items`, { status: options.status });
      if (wantsJson(command)) return outJson({ ...record, items: await gather(outcomes) });
      for (const line of describeRecord(record)) out(line);
      out('');
      let shown = 0;
      for await (const item of outcomes) {
        out(outcomeLine(item, 15));
        shown++;
      }
      if (shown === 0) out(options.status ? `no outcome is ${options.status}` : 'no per-item outcomes');
    });
  return restores;
}

async function gather<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

/** The record as `key: value` lines. */
function describeRecord(r: RestoreRecord): string[] {
  const lines = [
    `restore   ${r.id}`,
    `kind      ${r.kind}${r.dryRun ? ' (dry run: nothing was written)' : ''}`,
    `status    ${statusText(r)}`,
    `user      ${r.user.name}`,
    `started   ${r.startedAt}`,
    `finished  ${r.finishedAt ?? '—'}`,
  ];
  if (r.rolledBackTo) lines.push(`back to   ${r.rolledBackTo.at ?? 'before the first change'} (position ${r.rolledBackTo.position})`);
  for (const f of r.files)
    lines.push(`file      ${f.name} (${f.format ?? 'format unknown'}, ${f.bytes} bytes)${f.backup ? `: ${backupFactsText(f.backup)}` : ''}`);
  lines.push(
    `counts    ${
      Object.entries(r.counts)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ') || '—'
    }`,
  );
  if (r.position) lines.push(`position  ${r.position}`);
  if (r.error) lines.push(`error     ${r.error}`);
  return lines;
}

/** "succeeded", or "succeeded with 2 failed" when items failed: never a plain success then. */
export function statusText(r: Pick<RestoreRecord, 'status' | 'counts'>): string {
  const failed = r.counts.failed ?? 0;
  return r.status === 'succeeded' && failed > 0 ? `succeeded with ${failed} failed` : r.status;
}

/** A backup as its header describes it: scope, when, by whom, how many items. */
export function backupFactsText(b: BackupFacts): string {
  return `scope ${b.scope ?? 'not given'}, made ${b.createdAt ?? 'at an unknown time'} by ${b.createdBy ?? 'an unknown user'}, ${b.items} item${b.items === 1 ? '' : 's'}`;
}
