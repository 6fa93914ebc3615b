import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  AppendOptions,
  AppendResult,
  EVENT_STORE,
  EventMetadata,
  EventStore,
  ExpectedRevision,
  NewEvent,
  StagedBatch,
  WrongExpectedRevisionError,
} from '../event-store/event-store';
import { DomainError } from '../common/errors';
import { Instance } from './instance';

/** The claim stream: who holds the repository for a full restore or rollback, in the log. */
export const CLAIM_STREAM = 'claim-repository';

interface Holder {
  restoreId: string;
  instance: string;
  /** ms since the epoch; a claim not renewed by then may be taken over. */
  expiresAt: number;
}

type ClaimEvent = { type: 'RepositoryClaimed' | 'RepositoryClaimRenewed'; data: Holder } | { type: 'RepositoryReleased'; data: { restoreId: string } };

export interface ClaimState {
  revision: ExpectedRevision;
  holder: Holder | null;
}

/**
 * Exclusivity across instances through the log (DESIGN invariant 9). A full restore or rollback
 * appends `RepositoryClaimed` to CLAIM_STREAM with the revision it found free, renews it while it
 * runs, and commits its batch — with `RepositoryReleased` in it — expecting the claim's revision.
 * Every item write and item restore expects the revision at which it found the claim free: a
 * claim made meanwhile, on any instance, fails that write (409 RESTORE_IN_PROGRESS), and a write
 * made meanwhile is invisible to nobody, since the claim came after it in the one order.
 * Cost per write: the claim stream's revision (an indexed lookup on SQLite, the in-memory index
 * on EventStoreDB) and, when it moved since last seen, one read of its last event.
 */
@Injectable()
export class RepositoryClaims {
  private readonly logger = new Logger('RepositoryClaims');
  private cached: ClaimState | null = null;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly instance: Instance,
  ) {}

  /** The claim as the log has it now. */
  async state(): Promise<ClaimState> {
    const revision = await this.store.streamRevision(CLAIM_STREAM);
    if (this.cached && this.cached.revision === revision) return this.cached;
    let holder: Holder | null = null;
    if (revision !== 'no_stream') {
      for await (const e of this.store.readStream(CLAIM_STREAM, { from: revision })) {
        const event = e as unknown as ClaimEvent;
        holder = event.type === 'RepositoryReleased' ? null : event.data;
      }
    }
    this.cached = { revision, holder };
    return this.cached;
  }

  /**
   * For a write that a full restore must exclude: throws RESTORE_IN_PROGRESS while the
   * repository is claimed (and the claim has not expired); else the expectation to append with.
   */
  async expectFree(): Promise<[string, ExpectedRevision]> {
    const { revision, holder } = await this.state();
    if (holder && holder.expiresAt > Date.now()) throw inProgress(holder.restoreId);
    return [CLAIM_STREAM, revision];
  }

  /** Claims the repository for `restoreId`; RESTORE_IN_PROGRESS when another holds it. */
  async claim(restoreId: string, metadata: EventMetadata): Promise<HeldClaim> {
    const [, revision] = await this.expectFree();
    const held = new HeldClaim(this.store, this.instance, restoreId, metadata, this.logger);
    try {
      await held.write('RepositoryClaimed', revision);
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) {
        const { holder } = await this.state();
        throw inProgress(holder?.restoreId ?? null);
      }
      throw error;
    }
    held.renewEvery(this.instance.leaseMs / 3);
    return held;
  }

  /** Releases a claim whose holder is gone (its restore failed, its lease ran out). */
  async releaseStale(restoreId: string, metadata: EventMetadata): Promise<boolean> {
    const { revision, holder } = await this.state();
    if (!holder || holder.restoreId !== restoreId) return false;
    try {
      await this.store.append([claimEvent({ type: 'RepositoryReleased', data: { restoreId } }, metadata)], {
        expected: new Map([[CLAIM_STREAM, revision]]),
      });
      return true;
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) return false;
      throw error;
    }
  }
}

/** A claim this instance holds: renewed until released or its batch commits. */
export class HeldClaim {
  revision: ExpectedRevision = 'no_stream';
  private timer?: NodeJS.Timeout;
  private ended = false;

  constructor(
    private readonly store: EventStore,
    private readonly instance: Instance,
    readonly restoreId: string,
    private readonly metadata: EventMetadata,
    private readonly logger: Logger,
  ) {}

  /** @internal appends a claim or renewal expecting `revision`. */
  async write(type: 'RepositoryClaimed' | 'RepositoryClaimRenewed', revision: ExpectedRevision): Promise<void> {
    const holder: Holder = { restoreId: this.restoreId, instance: this.instance.id, expiresAt: Date.now() + this.instance.leaseMs };
    const { lastPosition } = await this.store.append([claimEvent({ type, data: holder }, this.metadata)], {
      expected: new Map([[CLAIM_STREAM, revision]]),
    });
    void lastPosition;
    this.revision = revision === 'no_stream' ? 0n : (revision as bigint) + 1n;
  }

  /**
   * Renews the lease now and then. On SQLite a renewal waits while the restore's exclusive batch
   * holds the log (nobody else can write then anyway), and fails harmlessly once it committed.
   */
  renewEvery(ms: number): void {
    const tick = () => {
      this.timer = setTimeout(() => {
        if (this.ended) return;
        this.write('RepositoryClaimRenewed', this.revision).then(
          () => !this.ended && tick(),
          (error: Error) => {
            if (!this.ended) this.logger.warn(`claim of ${this.restoreId}: renewal failed (${error.message})`);
          },
        );
      }, ms);
      this.timer.unref();
    };
    tick();
  }

  /**
   * Commits the restore's batch with the claim's release in it, expecting the claim (and any
   * `expected` given). A renewal that landed just before is ours: the commit is tried again.
   */
  async commit(batch: StagedBatch, options: AppendOptions = {}): Promise<AppendResult> {
    await batch.add([claimEvent({ type: 'RepositoryReleased', data: { restoreId: this.restoreId } }, this.metadata)]);
    const given = [...(options.expected ?? [])]; // read once: each attempt below needs them again
    for (let attempt = 1; ; attempt++) {
      const expected = new Map(given);
      expected.set(CLAIM_STREAM, this.revision);
      try {
        const result = await batch.commit({ ...options, expected });
        this.stop();
        return result;
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError) || error.streamId !== CLAIM_STREAM || attempt >= 3) throw error;
        const actual = error.actual;
        if (actual === 'no_stream' || !(await this.stillOurs(actual))) throw inProgress(null);
        this.revision = actual;
      }
    }
  }

  /** Releases the claim (the restore failed or was a dry run that committed nothing). */
  async release(): Promise<void> {
    this.stop();
    try {
      await this.store.append([claimEvent({ type: 'RepositoryReleased', data: { restoreId: this.restoreId } }, this.metadata)], {
        expected: new Map([[CLAIM_STREAM, this.revision]]),
      });
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
      // Taken over meanwhile (our lease ran out): nothing of ours to release.
    }
  }

  stop(): void {
    this.ended = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private async stillOurs(revision: bigint): Promise<boolean> {
    for await (const e of this.store.readStream(CLAIM_STREAM, { from: revision })) {
      const event = e as unknown as ClaimEvent;
      return event.type === 'RepositoryClaimRenewed' && event.data.restoreId === this.restoreId;
    }
    return false;
  }
}

function claimEvent(event: ClaimEvent, metadata: EventMetadata): NewEvent {
  return { streamId: CLAIM_STREAM, type: event.type, data: event.data, metadata };
}

function inProgress(restoreId: string | null): DomainError {
  return new DomainError('RESTORE_IN_PROGRESS', 'a full repository restore is running; try again when it has finished', { restoreId });
}
