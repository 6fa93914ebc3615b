import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { TENTH_EDIT, editBackup } from './edit-backup';
import { measureFloor } from './floor';
import { settleDisk } from './settle-disk';
import { generateBackup } from './generate-backup';
import { historyPhases } from './history-phases';
import type { Corpus } from './hpms-corpus';
import { PhaseResult, notAvailable } from './phase-result';
import { backupPhase, restorePhase } from './phases';
import type { SizeReport } from './report';
import { fullBackupPhase, fullRestorePhase } from './repository-phases';
import { readPhases } from './read-phases';
import { RunningService, startService, tail } from './service';
import { FULL_RESTORE_CHANGED, FULL_RESTORE_EMPTY } from './targets';

/**
 * One size of the bench, in a temporary dir removed at the end:
 * 1. generate the N-item backup (A) and measure the floor on it (in this process);
 * 2. derive B from A with every 10th item line re-described;
 * 3. service 1 (fresh data dir): full restore of A into the empty repository (and the data dir's
 *    size then), full restore of B over it (10% replaced), full backup, the reads of issue 24 (the
 *    tree, pages of items, changes and outcomes, a history), then the issue-6 history phases (edit
 *    rounds — 10, or 2 above 100,000 items —, as-of reads, rollback);
 * 4. service 2 (fresh data dir): item restore of A into an empty repository, then item backup.
 */
export async function benchSize(size: number, corpus: Corpus, progress: (message: string) => void): Promise<SizeReport> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-bench-'));
  const say = (message: string) => progress(`${size} items: ${message}`);
  let service: RunningService | null = null;
  const stopService = async () => {
    await service?.stop();
    service = null;
  };
  const cleanUp = async () => {
    await stopService();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  /** Before a timed phase: what earlier writes left pending goes to disk first (see settleDisk). */
  const settle = (before: string) => {
    const { pendingMb, ms } = settleDisk();
    if (pendingMb > 0) say(`${pendingMb} MB of writes pending before ${before}: synced in ${ms} ms`);
  };
  const onSignal = () => void cleanUp().finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let diskPeak = 0;
  try {
    const loadAtStart = os.loadavg()[0];
    const file = path.join(dir, `strata-backup-${size}.json`);
    say(`generating ${file}`);
    let started = Date.now();
    const backup = await generateBackup(file, size, corpus);
    const generateMs = Date.now() - started;
    settle('the floor');
    say(`floor`);
    const floor = await measureFloor(file, path.join(dir, 'floor.db'));
    fs.rmSync(path.join(dir, 'floor.db'), { force: true });
    fs.rmSync(path.join(dir, 'floor.db-wal'), { force: true });
    const tenthFile = path.join(dir, `strata-backup-${size}-10pc.json`);
    const tenth = await editBackup(file, tenthFile, TENTH_EDIT);
    const n = backup.items;

    const logs = [path.join(dir, 'service-repository.log'), path.join(dir, 'service-items.log')];
    say('starting service 1 (full restores, full backup, history)');
    service = await startService(path.join(dir, 'data-repository'), logs[0]);
    const timed = async (name: string, phase: () => Promise<PhaseResult>) => {
      settle(name);
      started = Date.now();
      const result = await phase().catch((error: Error) => thrown(name, error, service, Date.now() - started));
      // The phase's own time, as the report shows it (the item restore checks its report after the clock stops).
      say(`${result.phase}: ${result.status} in ${Math.round(result.ms)} ms${result.detail ? ` (${result.detail})` : ''}`);
      return result;
    };
    const empty = await timed(FULL_RESTORE_EMPTY, () =>
      fullRestorePhase(FULL_RESTORE_EMPTY, service!, { path: file, ...backup }, { created: n, replaced: 0, deleted: 0, unchanged: 0 }),
    );
    empty.disk = dirBytes(path.join(dir, 'data-repository'));
    diskPeak = Math.max(diskPeak, dirBytes(dir));
    const phases: PhaseResult[] = [empty];
    let history: PhaseResult[];
    if (empty.status === 'not available') {
      phases.push(notAvailable(FULL_RESTORE_CHANGED, 'the full restore is not available'));
      phases.push(await timed('full backup', () => fullBackupPhase(service!, 0)));
      history = [notAvailable('edit rounds, asOf reads, rollback', 'the full restore is not available')];
    } else {
      const changed = { created: 0, replaced: tenth.changed, deleted: 0, unchanged: n - tenth.changed };
      phases.push(
        await timed(FULL_RESTORE_CHANGED, () =>
          fullRestorePhase(FULL_RESTORE_CHANGED, service!, { path: tenthFile, items: tenth.items, bytes: tenth.bytes }, changed),
        ),
      );
      phases.push(await timed('full backup', () => fullBackupPhase(service!, n)));
      say('reads: the tree, pages, a history');
      for (const read of await readPhases(service, n).catch(async (error: Error) => [await thrown('reads', error, service)])) {
        phases.push(read);
        say(`${read.phase}: ${read.status} in ${Math.round(read.ms)} ms${read.detail ? ` (${read.detail})` : ''}`);
      }
      const rounds = size > 100_000 ? 2 : 10;
      say(`history: ${rounds} edit rounds`);
      history = await historyPhases(service, { path: file, items: n }, path.join(dir, 'round.json'), say, rounds, settle).catch(async (error: Error) => [
        await thrown('edit rounds, asOf reads, rollback', error, service),
      ]);
      diskPeak = Math.max(diskPeak, dirBytes(dir));
      history[history.length - 1].disk = dirBytes(path.join(dir, 'data-repository'));
      history
        .slice(1)
        .forEach((result) => say(`${result.phase}: ${result.status} in ${Math.round(result.ms)} ms${result.detail ? ` (${result.detail})` : ''}`));
    }
    await stopService();
    fs.rmSync(tenthFile, { force: true });
    fs.rmSync(path.join(dir, 'data-repository'), { recursive: true, force: true });

    say('starting service 2 (item restore into an empty repository, item backup)');
    service = await startService(path.join(dir, 'data-items'), logs[1]);
    const restore = await timed('item restore', () => restorePhase(service!, file, n, backup.bytes));
    restore.disk = dirBytes(path.join(dir, 'data-items'));
    diskPeak = Math.max(diskPeak, dirBytes(dir));
    phases.push(restore);
    phases.push(
      restore.status === 'not available'
        ? notAvailable('item backup', 'nothing to back up: the item restore is not available')
        : await timed('item backup', () => backupPhase(service!, n)),
    );
    await stopService();
    const load = [loadAtStart, os.loadavg()[0]] as const;
    return { size, backup, generateMs, floor, phases, history, load, diskPeak, logProblems: logs.flatMap(problemLines) };
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await cleanUp();
  }
}

/**
 * A phase that threw (a request cut off by the service's end, say): failed, with the error, how the
 * service ended if it did, and the end of its log, so that the report is still printed and says why.
 */
async function thrown(phase: string, error: Error, service: RunningService | null, ms = 0): Promise<PhaseResult> {
  const notes = [`${phase} threw: ${error.message}`];
  if (service) {
    notes.push(`the service ${(await service.ended(2_000)) ?? 'is still running'}`);
    notes.push(`the service's log ends: ${stripVTControlCharacters(tail(service.logFile, 4)).trimEnd().split('\n').join(' | ')}`);
  }
  return { phase, status: 'failed', ms, items: 0, bytes: 0, memory: null, notes };
}

/** Bytes of the files under `dir`. */
function dirBytes(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += fs.statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return total;
}

/** Lines of a service log that mention an error, a warning or an exception. */
function problemLines(logFile: string): string[] {
  if (!fs.existsSync(logFile)) return [];
  const name = path.basename(logFile, '.log');
  return fs
    .readFileSync(logFile, 'utf8')
    .split('\n')
    .filter((line) => /\b(error|warn|exception|fatal)/i.test(line))
    .map((line) => `${name}: ${line}`);
}
