import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { measureFloor } from './floor';
import { generateBackup } from './generate-backup';
import { Corpus, loadHpmsCorpus } from './hpms-corpus';
import { PhaseResult, backupPhase, restorePhase } from './phases';
import { SizeReport, formatReport } from './report';
import { RunningService, startService } from './service';

/**
 * `npm run bench`: the performance report. For each size (argv, else STRATA_BENCH_SIZES, else
 * 10000) it generates a Strata JSON backup from the HPMS corpus, measures the floor in this
 * process, then restores the file into a fresh built service and backs everything up again,
 * watching the service's memory. Progress goes to stderr, the report to stdout.
 */
async function main(): Promise<void> {
  const sizes = benchSizes();
  const corpus = loadHpmsCorpus();
  const cpus = os.cpus();
  console.log('# Strata bench\n');
  console.log(`${new Date().toISOString()} · node ${process.version} · ${cpus.length} × ${cpus[0]?.model ?? '?'} · ${Math.round(os.totalmem() / 2 ** 30)} GiB`);
  console.log(`Corpus: ${corpus.items.length} HPMS items per copy (folders included); ${corpus.unresolved} unresolved references dropped.\n`);
  for (const size of sizes) {
    const report = await benchSize(size, corpus);
    // A failed check is a finding of the report (status "failed" and its notes), not a crash.
    console.log(`${formatReport(report)}\n`);
  }
}

async function benchSize(size: number, corpus: Corpus): Promise<SizeReport> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-bench-'));
  let service: RunningService | null = null;
  const cleanUp = async () => {
    await service?.stop();
    service = null;
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const onSignal = () => void cleanUp().finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const file = path.join(dir, `strata-backup-${size}.json`);
    progress(`${size} items: generating ${file}`);
    let started = Date.now();
    const backup = await generateBackup(file, size, corpus);
    const generateMs = Date.now() - started;

    progress(`${size} items: floor`);
    const floor = await measureFloor(file, path.join(dir, 'floor.db'));

    progress(`${size} items: starting the service`);
    const logFile = path.join(dir, 'service.log');
    service = await startService(path.join(dir, 'data'), logFile);
    progress(`${size} items: restoring`);
    started = Date.now();
    const restore = await restorePhase(service, file, backup.items, backup.bytes);
    progress(`${size} items: restore ${restore.status} in ${Date.now() - started} ms; backing up`);
    const phases: PhaseResult[] = [restore, await backupUnlessEmpty(service, restore, backup.items)];
    const logProblems = problemLines(logFile);
    return { size, backup, generateMs, floor, phases, logProblems };
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await cleanUp();
  }
}

/** Without a restore there is nothing to back up. */
async function backupUnlessEmpty(service: RunningService, restore: PhaseResult, items: number): Promise<PhaseResult> {
  if (restore.status === 'not available') {
    return { phase: 'item backup', status: 'not available', ms: 0, items: 0, bytes: 0, memory: null, notes: ['nothing to back up: the restore is not available'] };
  }
  return backupPhase(service, items);
}

function benchSizes(): number[] {
  const text = process.argv.slice(2).join(',') || process.env.STRATA_BENCH_SIZES || '10000';
  const sizes = text
    .split(',')
    .map((s) => s.trim().replace(/_/g, ''))
    .filter((s) => s !== '')
    .map(Number);
  if (sizes.length === 0 || sizes.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new Error(`bench sizes must be positive integers, comma-separated (got "${text}")`);
  }
  return sizes;
}

/** Lines of the service's log that mention an error, a warning or an exception. */
function problemLines(logFile: string): string[] {
  if (!fs.existsSync(logFile)) return [];
  return fs
    .readFileSync(logFile, 'utf8')
    .split('\n')
    .filter((line) => /\b(error|warn|exception|fatal)/i.test(line));
}

function progress(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exitCode = 1;
});
