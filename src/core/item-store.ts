import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore, EventTooLargeError, ExpectedRevision, HEAD_STREAM, NewEvent, WrongExpectedRevisionError } from '../event-store/event-store';
import { Projector } from '../read-model/projector';
import { DomainError } from '../common/errors';
import { ItemEvent, itemStreamId } from '../repository/domain/item.events';
import { ItemState, evolve, initialItemState, versionOf } from '../repository/domain/item.decider';
import { CLAIM_STREAM, RepositoryClaims } from './repository-claim';

/**
 * Loads an item's decider state from its stream and appends batches, answering only once the
 * read model has applied them (read your writes). Every append also expects the repository's
 * claim to be free (see RepositoryClaims), so no instance writes an item during a full restore.
 */
@Injectable()
export class ItemStore {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projector: Projector,
    private readonly claims: RepositoryClaims,
  ) {}

  async load(id: string): Promise<{ state: ItemState; expected: ExpectedRevision }> {
    let state = initialItemState;
    for await (const event of this.store.readStream(itemStreamId(id))) state = evolve(state, event as unknown as ItemEvent);
    const version = versionOf(state);
    return { state, expected: version === 0 ? 'no_stream' : BigInt(version - 1) };
  }

  /**
   * The log's head with the read model caught up to it: facts read from the read model now (a
   * free name) hold at commit if the append expects this head (`expectedHead`).
   */
  async syncedHead(): Promise<bigint> {
    const head = await this.store.headPosition();
    await this.projector.waitFor(head);
    return head;
  }

  /**
   * Appends one atomic batch and waits for the read model. A lost race on an item becomes 412, a
   * claim made meanwhile 409, an event beyond what a store takes 413; a moved head (with
   * `expectedHead`) is thrown as it is, for the caller to decide again.
   */
  async append(events: NewEvent[], expected: ReadonlyMap<string, ExpectedRevision>, expectedHead?: bigint): Promise<bigint> {
    const [claimStream, claimRevision] = await this.claims.expectFree();
    const all = new Map(expected);
    all.set(claimStream, claimRevision);
    try {
      const { lastPosition } = await this.store.append(events, { expected: all, expectedHead });
      await this.projector.waitFor(lastPosition);
      return lastPosition;
    } catch (error) {
      throw await this.answerable(error);
    }
  }

  /**
   * `append` for a batch too big to hold at once (deleting a folder of a million items): its pages
   * are staged as they come and committed as one, the expectations read as the store checks them.
   */
  async appendPages(pages: AsyncIterable<NewEvent[]>, expected: Iterable<readonly [string, ExpectedRevision]>): Promise<bigint> {
    const batch = await this.store.stage();
    try {
      for await (const page of pages) await batch.add(page);
      const claim = await this.claims.expectFree();
      const { lastPosition } = await batch.commit({ expected: withClaim(expected, claim) });
      await this.projector.waitFor(lastPosition);
      return lastPosition;
    } catch (error) {
      await batch.discard();
      throw await this.answerable(error);
    }
  }

  /** A lost race on an item is 412, a claim made meanwhile 409, an event beyond what a store takes 413; a moved head is the caller's. */
  private async answerable(error: unknown): Promise<unknown> {
    if (error instanceof WrongExpectedRevisionError) {
      if (error.streamId === HEAD_STREAM) return error;
      if (error.streamId === CLAIM_STREAM) {
        const { holder } = await this.claims.state();
        return new DomainError('RESTORE_IN_PROGRESS', 'a full repository restore began meanwhile; try again when it has finished', {
          restoreId: holder?.restoreId ?? null,
        });
      }
      return new DomainError('VERSION_CONFLICT', 'the item was changed by someone else meanwhile; reload and retry');
    }
    if (error instanceof EventTooLargeError) return new DomainError('PAYLOAD_TOO_LARGE', `the item is too large to store: ${error.message}`);
    return error;
  }

  async appendAnyway(events: NewEvent[]): Promise<bigint> {
    return this.append(events, new Map());
  }
}

function* withClaim(expected: Iterable<readonly [string, ExpectedRevision]>, claim: readonly [string, ExpectedRevision]) {
  yield claim;
  yield* expected;
}
