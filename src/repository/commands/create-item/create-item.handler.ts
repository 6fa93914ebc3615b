import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ItemCommandRunner } from '../item-command-runner';
import { ItemQueries } from '../../queries/item-queries';
import { ItemDto } from '../../queries/item-view';
import { splitSecrets } from '../../../secrets/split-secrets';
import { CreateItemCommand } from './create-item.command';

@CommandHandler(CreateItemCommand)
export class CreateItemHandler implements ICommandHandler<CreateItemCommand, ItemDto> {
  constructor(
    private readonly runner: ItemCommandRunner,
    private readonly queries: ItemQueries,
  ) {}

  execute({ id, request, meta }: CreateItemCommand): Promise<ItemDto> {
    const folderId = request.folderId ?? null;
    const { content, secrets } = splitSecrets(request.content ?? {});
    return this.runner.execute(
      id,
      meta,
      () => ({
        type: 'CreateItem',
        data: {
          id,
          itemType: request.type,
          name: request.name,
          folderId,
          description: request.description ?? '',
          comments: request.comments ?? '',
          content,
          by: meta.actor.userName,
          at: meta.at,
          secretsProvided: secrets.map(({ list, name }) => ({ list, name })),
          nameTaken: this.queries.nameTaken(folderId, request.type, request.name),
          folderExists: folderId === null || this.queries.isFolder(folderId),
          folderDepth: this.queries.folderDepth(folderId),
        },
      }),
      secrets,
      { namesItem: true },
    );
  }
}
