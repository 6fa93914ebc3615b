import { Logger } from '@nestjs/common';
import type { EventStore, RecordedEvent } from '../event-store/event-store';
import { isItemStream } from '../repository/domain/item.events';
import { isUserStream } from '../auth/domain/user.events';
import { ItemProjection } from './item-projection';
import { UserProjection } from './user-projection';
import { RestoreProjection } from './restore-projection';
import { isRestoreStream } from '../restore/domain/restore.events';
import { ViewDatabase } from './view-database';
import { yieldToEventLoop } from '../common/yield';

/** Events applied per read-model transaction (the checkpoint is written in the same one). */
const PAGE = 500;

/**
 * Follows the log into the read model. Each page of events is applied in one SQLite transaction
 * together with the checkpoint, so the view is always exactly "the log up to the checkpoint".
 * `waitFor(position)` gives commands read-your-writes (DESIGN invariant 4).
 */
export class Projector {
  private readonly logger = new Logger('Projector');
  private readonly items: ItemProjection;
  private readonly users: UserProjection;
  private readonly restores: RestoreProjection;
  private readonly insertCommit;
  private readonly extendCommit;
  private readonly lastCommit;
  private running: Promise<void> | null = null;
  private again = false;
  private waiters: { position: bigint; resolve: () => void; reject: (e: Error) => void }[] = [];
  private unsubscribe: (() => void) | null = null;
  private failure: Error | null = null;

  constructor(
    private readonly store: EventStore,
    private readonly view: ViewDatabase,
  ) {
    this.items = new ItemProjection(view.db);
    this.users = new UserProjection(view.db);
    this.restores = new RestoreProjection(view.db);
    this.insertCommit = view.db.prepare(
      'INSERT INTO commits (position, at, correlation_id, restore_id) VALUES (?, ?, ?, ?)',
    );
    this.extendCommit = view.db.prepare('UPDATE commits SET position = ? WHERE position = ?');
    this.lastCommit = view.db.prepare('SELECT position, at, correlation_id FROM commits ORDER BY position DESC LIMIT 1');
  }

  get position(): bigint {
    return this.view.checkpoint();
  }

  /** Catches up with the log, then keeps following it. */
  async start(): Promise<void> {
    this.unsubscribe = this.store.onCommitted(() => void this.catchUp());
    await this.catchUp();
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  /** Resolves once the read model has applied `position`. */
  async waitFor(position: bigint): Promise<void> {
    if (this.view.checkpoint() >= position) return;
    if (this.failure) throw this.failure;
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ position, resolve, reject }));
    void this.catchUp();
    return done;
  }

  /** Applies everything the log has beyond the checkpoint (one run at a time). */
  catchUp(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.applyAvailable();
        } while (this.again);
      } catch (error) {
        this.failure = error as Error;
        this.logger.error(`projection stopped: ${(error as Error).message}`);
        for (const w of this.waiters.splice(0)) w.reject(error as Error);
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  private async applyAvailable(): Promise<void> {
    let page: RecordedEvent[] = [];
    for await (const event of this.store.readAll(this.view.checkpoint(), { pageSize: PAGE })) {
      page.push(event);
      if (page.length >= PAGE) {
        this.applyPage(page);
        page = [];
        await yieldToEventLoop();
      }
    }
    if (page.length > 0) this.applyPage(page);
  }

  private applyPage(events: RecordedEvent[]): void {
    this.view.db.transaction(() => {
      for (let i = 0; i < events.length; i++) {
        const event = events[i];
        if (isItemStream(event.streamId)) this.items.apply(event);
        else if (isUserStream(event.streamId)) this.users.apply(event);
        else if (isRestoreStream(event.streamId)) this.restores.apply(event);
        const next = events[i + 1];
        if (!next || !sameBatch(next, event)) this.recordCommit(event);
      }
      this.view.setCheckpoint(events[events.length - 1].position);
    })();
    const reached = events[events.length - 1].position;
    this.waiters = this.waiters.filter((w) => (w.position <= reached ? (w.resolve(), false) : true));
  }

  /**
   * The position <-> time index has one row per batch: its last position and time. A batch
   * split across pages extends the row its first part wrote.
   */
  private recordCommit(last: RecordedEvent): void {
    const previous = this.lastCommit.get() as { position: bigint | number; at: string; correlation_id: string } | undefined;
    const { at, correlationId, restoreId } = last.metadata;
    if (previous && previous.at === at && previous.correlation_id === correlationId) {
      this.extendCommit.run(last.position, previous.position);
    } else {
      this.insertCommit.run(last.position, at, correlationId, restoreId ?? null);
    }
  }
}

function sameBatch(a: RecordedEvent, b: RecordedEvent): boolean {
  return a.metadata.correlationId === b.metadata.correlationId && a.metadata.at === b.metadata.at;
}
