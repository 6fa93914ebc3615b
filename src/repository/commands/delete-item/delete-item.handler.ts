import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ExpectedRevision, NewEvent } from '../../../event-store/event-store';
import { eventMetadata } from '../../../core/command-meta';
import { ItemStore } from '../../../core/item-store';
import { WriteGate } from '../../../core/write-gate';
import { ItemQueries } from '../../queries/item-queries';
import { decide } from '../../domain/item.decider';
import { itemStreamId } from '../../domain/item.events';
import { DeleteItemCommand } from './delete-item.command';

/**
 * Deletes an item, or a folder with everything below it (`recursive`), as one batch. Refused
 * while anything outside what is deleted still references something inside it.
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
      const isFolder = state.status === 'live' && state.type === 'folder';
      const doomed = isFolder && recursive ? this.queries.subtree(id).map((n) => n.id) : [id];
      const referrers = this.queries.referrersOf(doomed, new Set(doomed));
      const hasChildren = isFolder && this.queries.hasChildren(id);
      decide({ type: 'DeleteItem', data: { expectedVersion, referrers, hasChildren, recursive } }, state);

      const metadata = eventMetadata(meta);
      const batch: NewEvent[] = [];
      const expectations = new Map<string, ExpectedRevision>([[itemStreamId(id), expected]]);
      for (const doomedId of doomed) {
        const streamId = itemStreamId(doomedId);
        if (doomedId !== id) {
          const child = await this.items.load(doomedId);
          decide({ type: 'DeleteItem', data: { referrers: [], hasChildren: false, recursive: true } }, child.state);
          expectations.set(streamId, child.expected);
        }
        batch.push({ streamId, type: 'ItemDeleted', data: {}, metadata });
      }
      await this.items.append(batch, expectations);
    });
  }
}
