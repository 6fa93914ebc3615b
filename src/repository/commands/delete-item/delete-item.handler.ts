import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ExpectedRevision, NewEvent } from '../../../event-store/event-store';
import { eventMetadata } from '../../../core/command-meta';
import { ItemStore } from '../../../core/item-store';
import { WriteGate } from '../../../core/write-gate';
import { ItemQueries, type SubtreePages } from '../../queries/item-queries';
import { decide } from '../../domain/item.decider';
import { ITEM_PAGE as PAGE } from '../../../common/item-page';
import { itemStreamId } from '../../domain/item.events';
import { DeleteItemCommand } from './delete-item.command';

/**
 * Deletes an item, or a folder with everything below it (`recursive`), as one batch. Refused
 * while anything outside what is deleted still references something inside it. A folder's
 * subtree is read and staged a page at a time, each item expected at the revision the read model
 * shows: deleting a folder of a million items holds a page, not the million.
 */
@CommandHandler(DeleteItemCommand)
export class DeleteItemHandler implements ICommandHandler<DeleteItemCommand, void> {
  constructor(
    private readonly items: ItemStore,
    private readonly gate: WriteGate,
    private readonly queries: ItemQueries,
  ) {}

  execute({ id, recursive, expectedVersion, meta }: DeleteItemCommand): Promise<void> {
    return this.gate.run(async () => {
      const { state, expected } = await this.items.load(id);
      const hasChildren = state.status === 'live' && state.type === 'folder' && this.queries.hasChildren(id);
      const below = hasChildren && recursive ? this.queries.below(id) : null;
      try {
        const referrers = below ? below.referrers() : this.queries.referrersOf([id]);
        const events = decide({ type: 'DeleteItem', data: { expectedVersion, referrers, hasChildren, recursive } }, state);
        const metadata = eventMetadata(meta);
        const event = (streamId: string): NewEvent => ({ streamId, type: events[0].type, data: events[0].data, metadata });
        const root: [string, ExpectedRevision] = [itemStreamId(id), expected];
        if (!below) {
          await this.items.append([event(root[0])], new Map([root]));
          return;
        }
        // Children before their folder; each item at the revision the read model shows (a write
        // since, on any instance, makes the commit fail: 412).
        async function* pages() {
          for await (const page of below!.pages(PAGE)) yield page.map((item) => event(itemStreamId(item.id)));
          yield [event(root[0])];
        }
        await this.items.appendPages(pages(), expectationsOf(root, below));
      } finally {
        below?.close();
      }
    });
  }
}

function* expectationsOf(root: [string, ExpectedRevision], below: SubtreePages): Generator<[string, ExpectedRevision]> {
  yield root;
  yield* below.revisions();
}
