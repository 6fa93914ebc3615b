import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ItemCommandRunner } from '../item-command-runner';
import { ItemDto } from '../../queries/item-view';
import { UploadFileCommand } from './upload-file.command';

@CommandHandler(UploadFileCommand)
export class UploadFileHandler implements ICommandHandler<UploadFileCommand, ItemDto> {
  constructor(private readonly runner: ItemCommandRunner) {}

  execute({ id, fileName, blob, meta }: UploadFileCommand): Promise<ItemDto> {
    return this.runner.execute(id, meta, () => ({ type: 'AttachFile', data: { fileName, sha256: blob.sha256, size: blob.size } }));
  }
}
