import { SingleBar } from 'cli-progress';
import readline from 'node:readline/promises';
import type { Progress } from '../console/src/api/types';
import { CliError } from './client';

export interface ProgressDisplay {
  update(progress: Progress): void;
  stop(): void;
}

/** A progress bar on a terminal; otherwise a plain line per phase and at most one a second. */
export function progressDisplay(): ProgressDisplay {
  return process.stderr.isTTY ? progressBar(process.stderr) : progressLines(process.stderr);
}

function progressBar(stream: NodeJS.WriteStream): ProgressDisplay {
  const bar = new SingleBar({
    stream,
    format: '{phase} |{bar}| {percentage}% | {done} of {size} | {items} items',
    hideCursor: true,
    barsize: 30,
  });
  let started = false;
  return {
    update(p) {
      const payload = { phase: p.phase.padEnd(10), done: formatBytes(p.bytesRead), size: formatBytes(p.bytesTotal), items: p.itemsRead };
      const total = Math.max(p.bytesTotal, 1);
      if (started) {
        bar.setTotal(total);
        bar.update(p.bytesRead, payload);
      } else {
        bar.start(total, p.bytesRead, payload);
        started = true;
      }
    },
    stop: () => bar.stop(),
  };
}

function progressLines(stream: NodeJS.WriteStream): ProgressDisplay {
  let lastPhase = '';
  let lastAt = 0;
  return {
    update(p) {
      if (p.phase === lastPhase && Date.now() - lastAt < 1000) return;
      const percent = p.bytesTotal > 0 ? ` (${Math.floor((100 * p.bytesRead) / p.bytesTotal)}%)` : '';
      stream.write(`${p.phase}: ${formatBytes(p.bytesRead)} of ${formatBytes(p.bytesTotal)}${percent}, ${p.itemsRead} items\n`);
      lastPhase = p.phase;
      lastAt = Date.now();
    },
    stop: () => undefined,
  };
}

/** Asks on the terminal before a destructive step (see `assertCanConfirm`). */
export async function confirm(question: string): Promise<boolean> {
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

/** Refuses (exit 2) early, before any upload, when confirmation will be needed but there is no terminal to ask on. */
export function assertCanConfirm(options: { yes?: boolean; dryRun?: boolean }): void {
  if (!options.yes && !options.dryRun && !process.stdin.isTTY) {
    throw new CliError('refusing to change the repository without confirmation: not a terminal; pass --yes');
  }
}

export function formatBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  for (; n >= 1024 && i < units.length - 1; i++) n /= 1024;
  return `${i === 0 ? n : n.toFixed(1)} ${units[i]}`;
}

/** A tab-separated row: easy to read, easy to `cut`. */
export function row(...cells: (string | number | undefined | null)[]): string {
  return cells.map((c) => String(c ?? '')).join('\t');
}
