import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ItemCommandRunner } from '../item-command-runner';
import { ItemQueries } from '../../queries/item-queries';
import { ItemDto } from '../../queries/item-view';
import { ItemChanges } from '../../domain/item.decider';
import { splitSecrets, type ProvidedSecret } from '../../../secrets/split-secrets';
import { UpdateItemCommand } from './update-item.command';

@CommandHandler(UpdateItemCommand)
export class UpdateItemHandler implements ICommandHandler<UpdateItemCommand, ItemDto> {
  constructor(
    private readonly runner: ItemCommandRunner,
    private readonly queries: ItemQueries,
  ) {}

  execute({ id, request, expectedVersion, meta }: UpdateItemCommand): Promise<ItemDto> {
    const changes: ItemChanges = {
      name: request.name,
      description: request.description,
      comments: request.comments,
    };
    if (request.folderId !== undefined) changes.folderId = request.folderId;
    let secrets: ProvidedSecret[] = [];
    if (request.content !== undefined) ({ content: changes.content, secrets } = splitSecrets(request.content));

    return this.runner.execute(
      id,
      meta,
      (state) => {
        const current = state.status === 'live' ? state : null;
        const folderId = changes.folderId !== undefined ? changes.folderId : (current?.folderId ?? null);
        const name = changes.name ?? current?.name ?? '';
        return {
          type: 'UpdateItem',
          data: {
            changes,
            expectedVersion,
            secretsProvided: secrets.map(({ list, name: n }) => ({ list, name: n })),
            nameTaken: current !== null && this.queries.nameTaken(folderId, current.type, name, id),
            folderExists: folderId === null || this.queries.isFolder(folderId),
            movesIntoOwnSubtree: current?.type === 'folder' && folderId !== null && this.queries.isWithin(folderId, id),
            folderDepth: this.queries.folderDepth(folderId),
            subtreeHeight: current?.type === 'folder' ? this.queries.folderHeight(id) : 0,
          },
        };
      },
      secrets,
      { namesItem: changes.name !== undefined || changes.folderId !== undefined },
    );
  }
}
