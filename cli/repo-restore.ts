import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { CliError, StrataClient, fileSizes, withQuery } from './client';
import { isQuiet } from './output';
import type { RestoreRecord } from '../console/src/api/types';
import { ProgressDisplay, progressDisplay } from './terminal';

const POLL_MS = 250;

/** The backup a repository restore sends twice (dry run, then the real one): a file on disk. */
export interface RestoreInput {
  path: string;
  name: string;
  remove: () => void;
}

/**
 * The file, or standard input (`-`) copied to a private temporary file first: the dry run and the
 * restore each send the backup, and standard input can be read only once. Streamed, never in memory.
 */
export async function spooledInput(file: string): Promise<RestoreInput> {
  if (file !== '-') {
    fileSizes([file]);
    return { path: file, name: file, remove: () => undefined };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-stdin-'));
  const spooled = path.join(dir, 'stdin.json');
  const remove = () => fs.rmSync(dir, { recursive: true, force: true });
  try {
    await pipeline(process.stdin, fs.createWriteStream(spooled, { mode: 0o600 }));
  } catch (error) {
    remove();
    throw new CliError(`cannot read the backup from standard input: ${(error as Error).message}`);
  }
  return { path: spooled, name: 'standard input', remove };
}

/**
 * Uploads the backup (streamed) for an asynchronous repository restore, then follows
 * `GET /api/restores/:id` until it ends, showing the upload and the server's progress.
 */
export async function restoreRepository(
  client: StrataClient,
  input: RestoreInput,
  options: { dryRun: boolean; allowItemScope: boolean },
): Promise<RestoreRecord> {
  const bytesTotal = fs.statSync(input.path).size;
  const display: ProgressDisplay = isQuiet() ? { update: () => undefined, stop: () => undefined } : progressDisplay();
  let sent = 0;
  try {
    const url = withQuery('/api/admin/repository/restore', { dryRun: String(options.dryRun), allowItemScope: options.allowItemScope ? 'true' : undefined });
    const res = await client.upload(url, 'file', [input.path], { Prefer: 'respond-async' }, (n) => {
      sent += n;
      display.update({ phase: options.dryRun ? 'uploading (dry run)' : 'uploading', bytesRead: sent, bytesTotal, itemsRead: 0 });
    });
    const { restoreId } = (await res.json()) as { restoreId: string };
    for (;;) {
      const record = await client.json<RestoreRecord>('GET', `/api/restores/${restoreId}`);
      if (record.status === 'failed') throw failure(record, input.name);
      if (record.status === 'succeeded') {
        const c = record.counts;
        display.update({ phase: 'done', bytesRead: bytesTotal, bytesTotal, itemsRead: (c.created ?? 0) + (c.replaced ?? 0) + (c.unchanged ?? 0) });
        return record;
      }
      if (record.progress) display.update(record.progress);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  } finally {
    display.stop();
  }
}

/** A failed restore; an item backup refused as the whole repository says what to do instead. */
function failure(record: RestoreRecord, name: string): CliError {
  const backup = record.files[0]?.backup;
  if (backup && backup.scope !== 'repository' && /scope/.test(record.error ?? '')) {
    const made = [backup.createdBy && `by ${backup.createdBy}`, backup.createdAt && `on ${backup.createdAt}`].filter(Boolean).join(' ');
    return new CliError(
      `${name} is not a backup of the whole repository (scope ${backup.scope ?? 'not given'}${made ? `, made ${made}` : ''}): ` +
        'restoring it as the repository would delete every item it does not hold. Nothing was changed. ' +
        'Restore its items with `strata restore FILE`, or pass --allow-item-scope to make the repository exactly this backup.',
    );
  }
  return new CliError(`the repository restore ${record.id} failed: ${record.error ?? 'no reason given'}`);
}
