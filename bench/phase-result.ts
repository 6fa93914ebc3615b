import type { PhaseMemory } from './memory-monitor';

export interface PhaseResult {
  phase: string;
  status: 'ok' | 'not available' | 'failed';
  ms: number;
  items: number;
  bytes: number;
  memory: PhaseMemory | null;
  /** What the bench checked and found wrong, or why the phase is not available. */
  notes: string[];
  /** What the phase answered, in a few words (counts, nodes, items on the page). */
  detail?: string;
  /** The service's data dir when the phase ended, in bytes (measured after some phases). */
  disk?: number;
}

/** A phase that answered 404/501 (not built yet) or could not run because an earlier one did not. */
export function notAvailable(phase: string, note: string): PhaseResult {
  return { phase, status: 'not available', ms: 0, items: 0, bytes: 0, memory: null, notes: [note] };
}

/** Marks a phase failed with a note. */
export function fail(result: PhaseResult, note: string): void {
  result.status = 'failed';
  result.notes.push(note);
}

/** Is this HTTP status "the endpoint is not there (yet)"? */
export function missing(status: number): boolean {
  return status === 404 || status === 501;
}

export function brief(body: unknown): string {
  return (typeof body === 'string' ? body : JSON.stringify(body)).slice(0, 300);
}

/** Milliseconds since a process.hrtime.bigint() reading. */
export function elapsed(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e6;
}
