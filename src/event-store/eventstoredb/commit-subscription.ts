import { END, EventStoreDBClient, ReadRevision, StreamSubscription } from '@eventstore/db-client';
import { parseMarker } from './commit-marker';

const RESUBSCRIBE_MS = 1000;

/**
 * A live subscription to the commit log (from its end) that announces each marker's last
 * position, including those appended by other instances. When the subscription drops it is
 * re-opened after the last marker seen, and `onResumed` lets the owner announce anything it may
 * have missed.
 */
export class CommitSubscription {
  private subscription?: StreamSubscription;
  private seenRevision?: bigint;
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly commitsStream: string,
    private readonly onCommit: (lastPosition: bigint) => void,
    private readonly onResumed: () => void,
  ) {}

  start(): void {
    this.running = true;
    if (this.subscription || this.timer) return;
    const fromRevision: ReadRevision = this.seenRevision ?? END;
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
        this.start();
        this.onResumed();
      }, RESUBSCRIBE_MS);
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
