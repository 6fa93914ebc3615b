import { Logger } from '@nestjs/common';
import type { EventStore, RecordedEvent } from '../event-store/event-store';
import { isItemStream, itemIdOf } from '../repository/domain/item.events';
import { isUserStream } from '../auth/domain/user.events';
import { ItemProjection } from './item-projection';
import { UserProjection } from './user-projection';
import { RestoreProjection } from './restore-projection';
import { isRestoreStream } from '../restore/domain/restore.events';
import { ViewDatabase } from './view-database';
import { ViewTransaction } from './view-transaction';
import { PAGES_AHEAD, type PreparableEvent, type VersionPreparer } from './version-preparer';
import type { ContentFacts, Prepared } from './item-projection';
import type { ContentFactsFile } from './content-facts-file';
import { yieldToEventLoop } from '../common/yield';
import { faultPoint } from '../common/fault-points';
import { ITEM_PAGE } from '../common/item-page';

/** Events read and applied at a time, the event loop turning in between. */
const PAGE = ITEM_PAGE;
/** Fewest versions to prepare in a page worth a trip to the worker (a command's few are prepared here). */
const MIN_PREPARED = 20;
/**
 * Pages read and sent to the worker ahead of the one being written (the worker takes them all at
 * once: see VersionPreparer), holding at most about so many bytes of data (see PAGES_AHEAD).
 */
const MAX_BYTES_AHEAD = 2 << 20;
/**
 * Events applied per read-model transaction (the checkpoint is written in the same one) while
 * catching up with a backlog: a big batch's random index updates then dirty each index page once
 * per transaction rather than once per page of events. A transaction also ends when the log has
 * nothing more, so a single command's events are committed at once.
 */
const TRANSACTION = 10_000;
/**
 * A backlog of at least this many events, and more than 1/BULK_SHARE of the versions the view
 * holds, is projected in bulk: in one transaction, with the indexes that only serve queries dropped
 * first and built again at the end — sorting every version's keys once instead of updating a dozen
 * indexes at random places for every event, which costs far more per event than a version's share
 * of the sort (measured: docs/decisions/0008).
 * Readers meanwhile see the view as it was, indexes and all, and then all of the backlog at once.
 * One transaction means a WAL as big as what it writes: a backlog of more than BULK_MAX events (a
 * rebuild of a long log, say) is projected the usual way, its WAL checkpointed as it goes. Since
 * the view keeps contents in the log (about 1.6 KB a version), a million-item restore's backlog
 * writes a WAL of about 1.6 GB, trimmed once it is in (see releaseAfterBigBatch).
 */
const BULK = 20_000;
const BULK_MAX = 2_000_000;
const BULK_SHARE = 4;
/** After a failed catch-up, the next is tried after this long, doubling up to RETRY_MAX_MS. */
const RETRY_MS = 200;
const RETRY_MAX_MS = 10_000;

/**
 * Follows the log into the read model. Events are applied in SQLite transactions that also write
 * the checkpoint, so the view is always exactly "the log up to the checkpoint".
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
  /** The last catch-up's failure, until one succeeds (see catchUp). */
  private failure: Error | null = null;
  private retryMs = RETRY_MS;
  private retryTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  /** Restores' content facts, by restore id, while their batches are projected (see useContentFacts). */
  private readonly contentFacts = new Map<string, ContentFactsFile>();
  /**
   * The statements that create the indexes the projection reads, while a bulk projection into an
   * empty view has them dropped (see needLookups).
   */
  private lookupIndexes: string[] = [];

  /**
   * @param preparer prepares ItemCreated versions of big pages on a worker thread, up to
   *   PAGES_AHEAD pages ahead of the writing; without it (or for small pages) they are prepared here.
   */
  constructor(
    private readonly store: EventStore,
    private readonly view: ViewDatabase,
    private readonly preparer: VersionPreparer | null = null,
  ) {
    const db = view.writer;
    this.items = new ItemProjection(db, view.logFile === undefined ? undefined : (alias) => view.contentSql(alias));
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
    this.stopped = true;
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  /**
   * Seals `facts` (its restore adds no more) and, until dropContentFacts, prepares the versions of
   * the item events of restore `facts.restoreId` from its content facts where the file has them
   * (see ContentFacts): the restore knew them, so its contents are hashed rather than parsed again. Without them (another instance,
   * a rebuild, a projection after a restart) the same versions are made from the events alone.
   */
  useContentFacts(facts: ContentFactsFile): void {
    facts.seal();
    this.contentFacts.set(facts.restoreId, facts);
  }

  dropContentFacts(restoreId: string): void {
    this.contentFacts.delete(restoreId);
  }

  /** The error of the last catch-up while none has succeeded since (for health). */
  get lastFailure(): Error | null {
    return this.failure;
  }

  /**
   * Resolves once the read model has applied `position`; rejects if the catch-up that should
   * apply it fails (a later call tries again: one failure does not stop the projector).
   */
  async waitFor(position: bigint): Promise<void> {
    if (this.view.checkpoint() >= position) return;
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ position, resolve, reject }));
    void this.catchUp();
    return done;
  }

  /**
   * Applies everything the log has beyond the checkpoint (one run at a time). A failure (the log
   * unreachable for a moment, say) fails the waiters of that run, and the projector tries again
   * on the next commit, the next waitFor, or after a backoff, whichever comes first: it recovers
   * as soon as a catch-up succeeds.
   */
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
        if (this.failure) this.logger.log('projection resumed');
        this.failure = null;
        this.retryMs = RETRY_MS;
      } catch (error) {
        this.failure = error as Error;
        this.logger.error(`projection failed, will retry: ${(error as Error).message}`);
        for (const w of this.waiters.splice(0)) w.reject(error as Error);
        this.scheduleRetry();
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  private scheduleRetry(): void {
    if (this.stopped || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.catchUp();
    }, this.retryMs);
    this.retryTimer.unref();
    this.retryMs = Math.min(RETRY_MAX_MS, this.retryMs * 2);
  }

  private async applyAvailable(): Promise<void> {
    const transaction = new ViewTransaction(this.view, await this.bulk());
    try {
      let dropped: string[] = [];
      if (transaction.bulk) {
        transaction.begin();
        dropped = this.view.dropQueryIndexes();
        if (this.view.versionRows() === 0) this.lookupIndexes = this.view.dropProjectionIndexes();
      }
      // Page n is written while the pages after it are being prepared.
      const ahead: PreparedPage[] = [];
      let bytesAhead = 0;
      const take = async (events: RecordedEvent[]) => {
        const prepared = this.prepare(events, transaction.bulk);
        ahead.push(prepared);
        bytesAhead += prepared.bytes;
        while (ahead.length > PAGES_AHEAD || (ahead.length > 1 && bytesAhead > MAX_BYTES_AHEAD)) {
          const first = ahead.shift()!;
          bytesAhead -= first.bytes;
          await this.applyPage(transaction, first);
          await faultPoint('mid-projection'); // pages applied, more to come: only a backlog of many pages gets here
        }
      };
      let page: RecordedEvent[] = [];
      for await (const event of this.store.readAll(this.view.checkpoint(), { pageSize: PAGE })) {
        page.push(event);
        if (page.length < PAGE) continue;
        await take(page);
        page = [];
      }
      if (page.length > 0) await take(page);
      for (const prepared of ahead.splice(0)) await this.applyPage(transaction, prepared);
      this.view.restoreQueryIndexes([...this.lookupIndexes.splice(0), ...dropped]);
      this.commit(transaction);
      // A big batch filled the writer's cache and both WALs; none of it is of use between batches.
      if (transaction.total >= TRANSACTION) {
        this.view.releaseAfterBigBatch();
        this.store.trimJournal();
      }
    } finally {
      this.lookupIndexes = []; // rolled back with the transaction, if it was not committed
      transaction.rollback();
    }
  }

  /**
   * Creates again the indexes the projection reads, if this bulk projection into an empty view
   * dropped them: before the first event that looks an item up. A view that held no version is
   * mostly filled by creations (a full restore into an empty repository, a view rebuilt from a
   * short log), which look nothing up: its items' random ids made each of them an insert at a
   * random page of two indexes bigger than the cache (a million items), where building them once
   * at the end sorts their keys.
   */
  private needLookups(): void {
    if (this.lookupIndexes.length > 0) this.view.createIndexes(this.lookupIndexes.splice(0));
  }

  /**
   * A page, with the versions its events make being prepared on the worker if it has enough of
   * them: its ItemCreated events, and in a bulk projection (a rollback, a restore replacing much of
   * the repository) its ItemReplaced events too, over the live versions their items have now
   * (checked again when they are applied: an earlier page may change them first). A smaller batch
   * of replacements (a full restore's 10%) is not worth a thread started for it: measured, it left
   * the service's resident size higher after each one.
   */
  private prepare(events: RecordedEvent[], bulk: boolean): PreparedPage {
    const withText = (type: string) => events.filter((e) => e.type === type && isItemStream(e.streamId) && e.dataJson !== undefined);
    const created = withText('ItemCreated');
    const replaced = bulk ? withText('ItemReplaced') : [];
    const bytes = [...created, ...replaced].reduce((sum, e) => sum + e.dataJson!.length, 0);
    const facts = this.factsOf(events);
    if (!this.preparer || created.length + replaced.length < MIN_PREPARED) return { events, bytes, versions: null, facts };
    if (replaced.length > 0) this.needLookups();
    const bases = replaced.length === 0 ? new Map() : this.items.liveBases(replaced.map((e) => itemIdOf(e.streamId)));
    const sent: PreparableEvent[] = created.map((event) => ({ event, facts: facts.get(event) }));
    for (const event of replaced) {
      const base = bases.get(itemIdOf(event.streamId));
      if (base) sent.push({ event, base, facts: facts.get(event) });
    }
    const versions = this.preparer
      .prepare(sent, this.view.logFile === undefined)
      .then((list) => new Map(list.map((version, i) => [sent[i].event, { version, base: sent[i].base }])));
    versions.catch(() => undefined); // awaited (and its failure thrown) when the page is applied
    return { events, bytes, versions, facts };
  }

  /**
   * The content facts restores gave for the events of a page (see useContentFacts). Each file's
   * rows are met in log order: every content event of its restore is asked for, used or not.
   */
  private factsOf(page: readonly RecordedEvent[]): Map<RecordedEvent, ContentFacts> {
    const found = new Map<RecordedEvent, ContentFacts>();
    if (this.contentFacts.size === 0) return found;
    for (const event of page) {
      if (event.type !== 'ItemCreated' && event.type !== 'ItemReplaced') continue;
      const file = event.metadata.restoreId === undefined ? undefined : this.contentFacts.get(event.metadata.restoreId);
      const facts = file?.of(itemIdOf(event.streamId));
      if (facts) found.set(event, facts);
    }
    return found;
  }

  private async applyPage(transaction: ViewTransaction, page: PreparedPage): Promise<void> {
    const { events } = page;
    const versions = page.versions ? await page.versions : null;
    transaction.begin();
    for (let i = 0; i < events.length; i++) {
      const event = events[i];
      if (isItemStream(event.streamId)) {
        if (event.type !== 'ItemCreated') this.needLookups();
        this.items.apply(event, versions?.get(event), page.facts.get(event));
      } else if (isUserStream(event.streamId)) this.users.apply(event);
      else if (isRestoreStream(event.streamId)) this.restores.apply(event);
      const next = events[i + 1];
      if (!next || !sameBatch(next, event)) this.recordCommit(event);
    }
    transaction.applied += events.length;
    transaction.total += events.length;
    transaction.reached = events[events.length - 1].position;
    if (!transaction.bulk && transaction.applied >= TRANSACTION) this.commit(transaction);
    await yieldToEventLoop();
  }

  /** Whether the backlog is to be projected in bulk (see BULK). */
  private async bulk(): Promise<boolean> {
    return projectsInBulk(Number((await this.store.headPosition()) - this.view.checkpoint()), this.view.versionRows());
  }

  private commit(transaction: ViewTransaction): void {
    const reached = transaction.commit();
    if (reached === null) return;
    this.failure = null; // the log is readable again
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

/** Whether a backlog of `backlog` events over a view of `versions` versions is projected in bulk (see BULK). */
export function projectsInBulk(backlog: number, versions: number): boolean {
  return backlog >= BULK && backlog <= BULK_MAX && backlog * BULK_SHARE > versions;
}

function sameBatch(a: RecordedEvent, b: RecordedEvent): boolean {
  return a.metadata.correlationId === b.metadata.correlationId && a.metadata.at === b.metadata.at;
}

/** A page of events and, for big batches, the versions its ItemCreated events make. */
interface PreparedPage {
  events: RecordedEvent[];
  /** The size of its ItemCreated and ItemReplaced events' data, as JSON. */
  bytes: number;
  versions: Promise<Map<RecordedEvent, Prepared>> | null;
  /** What restores knew of its events' contents: for those not prepared (see useContentFacts). */
  facts: Map<RecordedEvent, ContentFacts>;
}
