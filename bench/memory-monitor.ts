import fs from 'node:fs';

export interface MemorySample {
  /** Resident set size, bytes. */
  rss: number;
  /** Peak resident set size over the process's life so far (VmHWM), bytes. */
  hwm: number;
}

export interface PhaseMemory {
  before: MemorySample;
  /** The largest VmRSS seen while the phase ran (polled every `intervalMs`). */
  peakRss: number;
  /** VmHWM when the phase ended: the kernel's own peak, which polling cannot miss. */
  hwmAfter: number;
}

/** Reads VmRSS and VmHWM of a process from /proc (Linux). */
export function readMemory(pid: number): MemorySample | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return { rss: field(status, 'VmRSS'), hwm: field(status, 'VmHWM') };
  } catch {
    return null;
  }
}

/** Polls a process's memory while `phase` runs. */
export async function watchMemory<T>(pid: number, phase: () => Promise<T>, intervalMs = 50): Promise<{ result: T; memory: PhaseMemory }> {
  const before = readMemory(pid) ?? { rss: 0, hwm: 0 };
  let peakRss = before.rss;
  const timer = setInterval(() => {
    const now = readMemory(pid);
    if (now) peakRss = Math.max(peakRss, now.rss);
  }, intervalMs);
  try {
    const result = await phase();
    const after = readMemory(pid) ?? before;
    peakRss = Math.max(peakRss, after.rss);
    return { result, memory: { before, peakRss, hwmAfter: after.hwm } };
  } finally {
    clearInterval(timer);
  }
}

function field(status: string, name: string): number {
  const match = new RegExp(`^${name}:\\s+(\\d+)\\s+kB`, 'm').exec(status);
  return match ? Number(match[1]) * 1024 : 0;
}
