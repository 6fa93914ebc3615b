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
import { ITEM_PAGE } from '../common/item-page';

/** Events read and applied at a time, the event loop turning in between. */
const PAGE = ITEM_PAGE;
/**
 * Events applied per read-model transaction (the checkpoint is written in the same one) while
 * catching up with a backlog: a big batch's random index updates then dirty each index page once
 * per transaction rather than once per page of events. A transaction also ends when the log has
 * nothing more, so a single command's events are committed at once.
 */
const TRANSACTION = 10_000;

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
    const db = view.writer;
    this.items = new ItemProjection(db);
    this.users = new UserProjection(db);
    this.restores = new RestoreProjection(db);
    this.insertCommit = db.prepare('INSERT INTO commits (position, at, correlation_id, restore_id) VALUES (?, ?, ?, ?)');
    this.extendCommit = db.prepare('UPDATE commits SET position = ? WHERE position = ?');
    this.lastCommit = db.prepare('SELECT position, at, correlation_id FROM commits ORDER BY position DESC LIMIT 1');
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
    const transaction = new ViewTransaction(this.view);
    try {
      let page: RecordedEvent[] = [];
      for await (const event of this.store.readAll(this.view.checkpoint(), { pageSize: PAGE })) {
        page.push(event);
        if (page.length < PAGE) continue;
        this.applyPage(transaction, page);
        page = [];
        if (transaction.applied >= TRANSACTION) this.commit(transaction);
        await yieldToEventLoop();
      }
      if (page.length > 0) this.applyPage(transaction, page);
      this.commit(transaction);
    } finally {
      transaction.rollback();
    }
  }

  private applyPage(transaction: ViewTransaction, events: RecordedEvent[]): void {
    transaction.begin();
    for (let i = 0; i < events.length; i++) {
      const event = events[i];
      if (isItemStream(event.streamId)) this.items.apply(event);
      else if (isUserStream(event.streamId)) this.users.apply(event);
      else if (isRestoreStream(event.streamId)) this.restores.apply(event);
      const next = events[i + 1];
      if (!next || !sameBatch(next, event)) this.recordCommit(event);
    }
    transaction.applied += events.length;
    transaction.reached = events[events.length - 1].position;
  }

  private commit(transaction: ViewTransaction): void {
    const reached = transaction.commit();
    if (reached === null) return;
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

/** The projector's open transaction on the view's writer connection, with the checkpoint it reached. */
class ViewTransaction {
  applied = 0;
  reached: bigint | null = null;
  private open = false;

  constructor(private readonly view: ViewDatabase) {}

  begin(): void {
    if (this.open) return;
    this.view.writer.exec('BEGIN');
    this.open = true;
  }

  /** Commits with the checkpoint; returns the position now visible (null: nothing was open). */
  commit(): bigint | null {
    if (!this.open || this.reached === null) return null;
    this.view.setCheckpoint(this.reached);
    this.view.writer.exec('COMMIT');
    this.open = false;
    this.applied = 0;
    return this.reached;
  }

  rollback(): void {
    if (!this.open) return;
    this.view.writer.exec('ROLLBACK');
    this.open = false;
  }
}
