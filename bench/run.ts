import os from 'node:os';
import { benchSize } from './bench-size';
import { loadHpmsCorpus } from './hpms-corpus';
import { SizeReport, formatReport } from './report';
import { failedTargets, targetsSection } from './targets';

/**
 * `npm run bench`: the performance report (issues 5, 6, 19 and 24); exits 1 when a target or a check fails. For each size (argv, else
 * STRATA_BENCH_SIZES, else 10000) it generates a Strata JSON backup from the HPMS corpus, measures
 * the floor in this process, then drives fresh built services through full restores, a full
 * backup, edit rounds, as-of reads, a rollback, an item restore and an item backup, watching the
 * service's memory (bench-size.ts). Progress goes to stderr, the report to stdout.
 */
async function main(): Promise<void> {
  const sizes = benchSizes();
  const corpus = loadHpmsCorpus();
  const cpus = os.cpus();
  const started = Date.now();
  console.log('# Strata bench\n');
  console.log(`${new Date().toISOString()} · node ${process.version} · ${cpus.length} × ${cpus[0]?.model ?? '?'} · ${Math.round(os.totalmem() / 2 ** 30)} GiB`);
  console.log(`Corpus: ${corpus.items.length} HPMS items per copy (folders included); ${corpus.unresolved} unresolved references dropped.`);
  console.log(`Load average at the start (1, 5, 15 min): ${loadAverage()} — the cores are shared, so other work skews the times.\n`);
  const reports: SizeReport[] = [];
  for (const size of sizes) {
    const report = await benchSize(size, corpus, progress);
    reports.push(report);
    // A failed check is a finding of the report (status "failed" and its notes), not a crash.
    console.log(`${formatReport(report)}\n`);
  }
  console.log(`${targetsSection(reports)}\n`);
  console.log(`Bench run: ${((Date.now() - started) / 60_000).toFixed(1)} min in all; load average at the end ${loadAverage()}.`);
  const failed = failedTargets(reports);
  if (failed.length > 0) {
    process.stderr.write(`bench: ${failed.length} target(s) or check(s) failed:\n${failed.map((f) => `  ${f}\n`).join('')}`);
    process.exitCode = 1;
  }
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

function loadAverage(): string {
  return os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(', ');
}

function progress(message: string): void {
  process.stderr.write(`bench: ${new Date().toISOString().slice(11, 19)} ${message}\n`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exitCode = 1;
});
