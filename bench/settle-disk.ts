import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/**
 * Has the kernel write to disk what is waiting in its page cache (`sync`) before a timed phase or
 * the floor starts, and says how much that was. The bench writes backups of hundreds of megabytes
 * just before the phases that read them (the generated file and its 10%-changed copy before the
 * first full restore, an edited copy before each edit round); left to the kernel, they are written
 * back while a later phase runs, and that phase's own syncs (a restore's commit) queue behind them.
 * A phase still pays for everything it writes itself.
 */
export function settleDisk(): { pendingMb: number; ms: number } {
  const pendingMb = pendingWritesMb();
  const started = Date.now();
  execFileSync('sync');
  return { pendingMb, ms: Date.now() - started };
}

/** Dirty and under-writeback pages (Linux /proc/meminfo), in MB; 0 where it cannot be read. */
function pendingWritesMb(): number {
  try {
    const info = fs.readFileSync('/proc/meminfo', 'utf8');
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(info)?.[1] ?? 0);
    return Math.round((kb('Dirty') + kb('Writeback')) / 1024);
  } catch {
    return 0;
  }
}
