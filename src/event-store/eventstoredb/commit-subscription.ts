import { START, ReadRevision } from '@eventstore/db-client';
import { parseMarker } from './commit-marker';
import type { EsdbClient, EsdbSubscription } from './esdb-client';

/**
 * A live subscription to the commit log that announces each marker's last position, including
 * those appended by other instances. It starts right after the commit-log revision the store had
 * reached (not at the log's end, where a commit made between that catch-up and the subscription
 * would go unannounced). When the subscription drops it is re-opened after the last event seen,
 * and `onResumed` lets the owner announce anything it may have missed.
 */
export class CommitSubscription {
  private subscription?: EsdbSubscription;
  private seenRevision?: bigint;
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    private readonly client: EsdbClient,
    private readonly commitsStream: string,
    private readonly onCommit: (lastPosition: bigint) => void,
    private readonly onResumed: () => void,
    private readonly resubscribeMs = 1000,
  ) {}

  /** `after`: the last commit-log revision already known (-1: none). */
  start(after: number): void {
    this.running = true;
    if (this.subscription || this.timer) return;
    this.seenRevision ??= after >= 0 ? BigInt(after) : undefined;
    const fromRevision: ReadRevision = this.seenRevision ?? START;
    const sub = this.client.subscribeToStream(this.commitsStream, { fromRevision });
    this.subscription = sub;
    sub.on('data', (resolved) => {
      const e = resolved.event;
      if (!e) return;
      this.seenRevision = e.revision;
      let lastPosition: bigint;
      try {
        lastPosition = BigInt(parseMarker(e.type, e.data).lastPosition);
      } catch {
        return; // not a marker: nothing to announce
      }
      this.onCommit(lastPosition);
    });
    const dropped = () => {
      if (this.subscription !== sub) return; // stopped on purpose
      this.subscription = undefined;
      if (!this.running) return;
      this.timer = setTimeout(() => {
        this.timer = undefined;
        if (!this.running) return;
        this.start(-1);
        this.onResumed();
      }, this.resubscribeMs);
      this.timer.unref();
    };
    sub.on('error', dropped);
    sub.on('end', dropped);
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const sub = this.subscription;
    this.subscription = undefined;
    sub?.unsubscribe().catch(() => undefined);
  }
}
