import { Inject, Injectable } from '@nestjs/common';
import {
  EVENT_STORE,
  EventStore,
  EventTooLargeError,
  ExpectedRevision,
  HEAD_STREAM,
  NewEvent,
  WrongExpectedRevisionError,
} from '../event-store/event-store';
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
      if (error instanceof WrongExpectedRevisionError) {
        if (error.streamId === HEAD_STREAM) throw error;
        if (error.streamId === CLAIM_STREAM) {
          const { holder } = await this.claims.state();
          throw new DomainError('RESTORE_IN_PROGRESS', 'a full repository restore began meanwhile; try again when it has finished', {
            restoreId: holder?.restoreId ?? null,
          });
        }
        throw new DomainError('VERSION_CONFLICT', 'the item was changed by someone else meanwhile; reload and retry');
      }
      if (error instanceof EventTooLargeError) {
        throw new DomainError('PAYLOAD_TOO_LARGE', `the item is too large to store: ${error.message}`);
      }
      throw error;
    }
  }

  async appendAnyway(events: NewEvent[]): Promise<bigint> {
    return this.append(events, new Map());
  }
}
