import { DeadlineExceededError, UnavailableError, type EventData } from '@eventstore/db-client';

/** What a fault does to the operation it hits. */
export type FaultKind =
  /** Fails before reaching the server (a leader election, a dropped connection): nothing done. */
  | 'unavailable'
  /** Done on the server, but the reply is lost: the caller sees DeadlineExceeded. */
  | 'lost-reply'
  /** The caller gives up (DeadlineExceeded) at once; the server does it a little later. */
  | 'late-reply';

export interface Fault {
  op: 'append' | 'read' | 'delete' | 'metadata';
  kind: FaultKind;
  /** Only operations on streams whose name matches. */
  stream?: RegExp;
  /** Skip this many matching operations first (default 0). */
  after?: number;
  /** How many operations it hits (default 1). */
  times?: number;
}

export interface HoldFilter {
  stream?: RegExp;
  user?: string;
  /** Only appends holding an event for which this is true. */
  match?: (event: EventData) => boolean;
}

/**
 * The weather between the adapter and the in-memory server: faults injected per operation (what a
 * leader election, a lost reply or a slow one does to a call) and holds that delay appends until
 * a test lets them go (to put two instances' writes in a known order).
 */
export class FaultyNetwork {
  /** How long a late reply takes to land (ms). */
  lateReplyMs = 20;
  /** Appends waiting on a hold now. */
  waiting = 0;
  private readonly faults: (Fault & { seen: number; hit: number })[] = [];
  private readonly holds: (HoldFilter & { released: Promise<void>; release: () => void })[] = [];

  inject(fault: Fault): void {
    this.faults.push({ ...fault, seen: 0, hit: 0 });
  }

  /**
   * Holds appends (of `user`, to streams matching `stream`) before they reach the log, until the
   * returned function is called: a slow network or a busy leader, to order two instances' writes.
   */
  hold(filter: HoldFilter): () => void {
    let resolve!: () => void;
    const released = new Promise<void>((r) => (resolve = r));
    const entry = {
      ...filter,
      released,
      release: () => {
        const at = this.holds.indexOf(entry);
        if (at >= 0) this.holds.splice(at, 1);
        resolve();
      },
    };
    this.holds.push(entry);
    return entry.release;
  }

  /** Lets every held append go (a test that failed half-way must not leave them hanging). */
  releaseHolds(): void {
    for (const h of [...this.holds]) h.release();
  }

  /** Resolves when no hold applies to an append of `events` by `user` to `stream`. */
  async held(stream: string, user: string, events: readonly EventData[]): Promise<void> {
    for (;;) {
      const hold = this.holds.find(
        (h) => (!h.stream || h.stream.test(stream)) && (!h.user || h.user === user) && (!h.match || events.some((e) => h.match!(e))),
      );
      if (!hold) return;
      this.waiting++;
      await hold.released;
      this.waiting--;
    }
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  /** The fault, if any, that hits this operation. */
  fault(op: Fault['op'], stream: string): FaultKind | undefined {
    for (const f of this.faults) {
      if (f.op !== op || (f.stream && !f.stream.test(stream))) continue;
      if (f.seen++ < (f.after ?? 0)) continue;
      if (f.hit >= (f.times ?? 1)) continue;
      f.hit++;
      return f.kind;
    }
    return undefined;
  }

  /** The error a fault raises at the caller. */
  static faultError(kind: FaultKind): Error {
    return kind === 'unavailable' ? new UnavailableError(undefined, 'injected: unavailable') : new DeadlineExceededError(undefined, `injected: ${kind}`);
  }
}
