import { ErrorType, type AppendExpectedRevision, type EventData } from '@eventstore/db-client';
import type { EsdbClient } from './esdb-client';

/**
 * Retries what a cluster's ordinary weather fails: a leader election (NotLeader, Unavailable), a
 * connection that drops, a deadline. The client reconnects after such an error but does not
 * retry the call that failed.
 *
 * Appends are retried with the SAME events (so the same event ids) and the same expected
 * revision: EventStoreDB treats that as the same append, so an append that was written but whose
 * reply was lost succeeds again without writing twice, and one that was not written is written.
 *
 * `@eventstore/db-client` 6.2.1 sends every append of the process over one batch-append stream
 * whose pending replies sit in one process-wide table: a transport error rejects every append in
 * flight, and a reply that comes after the table was cleared throws inside the client
 * (KurrentDB-Client-NodeJS PR #523). So the adapter keeps ONE append in flight per process: an
 * error then fails only the append that met it, which is retried here, and no reply can outlive
 * its entry.
 */
export interface RetryPolicy {
  /** Attempts in all (default 8: about 11 s of backoff, longer than a leader election takes). */
  attempts: number;
  /** First delay; doubled each time, with jitter, up to maxDelayMs (defaults 100 ms, 5 s). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Per-call deadline passed to the client (default 10 s). */
  deadlineMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 8, baseDelayMs: 100, maxDelayMs: 5000, deadlineMs: 10_000 };

const TRANSIENT = new Set<string>([ErrorType.UNAVAILABLE, ErrorType.NOT_LEADER, ErrorType.DEADLINE_EXCEEDED, ErrorType.TIMEOUT, ErrorType.CANCELLED]);

export function isTransient(error: unknown): boolean {
  const type = typeof error === 'object' && error !== null ? (error as { type?: unknown }).type : undefined;
  return typeof type === 'string' && TRANSIENT.has(type);
}

/**
 * The process's one append in flight (see above), per client process: the real client's table is
 * the process's (`processId` absent); the in-memory double names the process it stands for, so
 * that several Strata apps in one test process behave as the separate processes they stand for.
 */
const appendTails = new Map<string, Promise<unknown>>();

function oneAtATime<T>(process: string, fn: () => Promise<T>): Promise<T> {
  const run = (appendTails.get(process) ?? Promise.resolve()).then(fn);
  appendTails.set(
    process,
    run.catch(() => undefined),
  );
  return run;
}

export class ResilientClient {
  private readonly process: string;

  constructor(
    readonly raw: EsdbClient,
    readonly policy: RetryPolicy = DEFAULT_RETRY,
  ) {
    this.process = (raw as { processId?: string }).processId ?? 'this process';
  }

  /** An idempotent append (see above); returns the stream's new last revision. */
  async append(stream: string, events: EventData[], expectedRevision: AppendExpectedRevision): Promise<bigint> {
    const result = await this.retry(() =>
      oneAtATime(this.process, () => this.raw.appendToStream(stream, events, { expectedRevision, deadline: this.policy.deadlineMs })),
    );
    if (!result.success) {
      // Only with throwOnAppendFailure=false in the connection string (whose
      // nextExpectedRevision 6.2.1 computes wrongly): refuse to go on blind.
      throw new Error(`append to ${stream} refused: set throwOnAppendFailure=true (the default)`);
    }
    return result.nextExpectedRevision;
  }

  /** Runs `fn` again after transient failures, with exponential backoff and jitter. */
  async retry<T>(fn: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn();
      } catch (error) {
        if (!isTransient(error) || attempt >= this.policy.attempts) throw error;
        const ceiling = Math.min(this.policy.maxDelayMs, this.policy.baseDelayMs * 2 ** (attempt - 1));
        await new Promise((r) => setTimeout(r, ceiling / 2 + Math.random() * (ceiling / 2)));
      }
    }
  }
}
