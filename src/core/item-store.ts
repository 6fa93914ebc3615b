import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore, ExpectedRevision, NewEvent, WrongExpectedRevisionError } from '../event-store/event-store';
import { Projector } from '../read-model/projector';
import { DomainError } from '../common/errors';
import { ItemEvent, itemStreamId } from '../repository/domain/item.events';
import { ItemState, evolve, initialItemState, versionOf } from '../repository/domain/item.decider';

/**
 * Loads an item's decider state from its stream and appends batches, answering only once the
 * read model has applied them (read your writes).
 */
@Injectable()
export class ItemStore {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projector: Projector,
  ) {}

  async load(id: string): Promise<{ state: ItemState; expected: ExpectedRevision }> {
    let state = initialItemState;
    for await (const event of this.store.readStream(itemStreamId(id))) state = evolve(state, event as unknown as ItemEvent);
    const version = versionOf(state);
    return { state, expected: version === 0 ? 'no_stream' : BigInt(version - 1) };
  }

  /** Appends one atomic batch and waits for the read model; a lost race becomes 412. */
  async append(events: NewEvent[], expected: ReadonlyMap<string, ExpectedRevision>): Promise<bigint> {
    try {
      const { lastPosition } = await this.store.append(events, { expected });
      await this.projector.waitFor(lastPosition);
      return lastPosition;
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) {
        throw new DomainError('VERSION_CONFLICT', 'the item was changed by someone else meanwhile; reload and retry');
      }
      throw error;
    }
  }

  async appendAnyway(events: NewEvent[]): Promise<bigint> {
    return this.append(events, new Map());
  }
}
