import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { BlobStore } from '../../../files/blob-store';
import { ItemCommandRunner } from '../item-command-runner';
import { ItemDto } from '../../queries/item-view';
import { UploadFileCommand } from './upload-file.command';

/**
 * The file becomes a blob only once the attachment is decided, and before the event that names
 * it is appended: the log never names a missing blob, and a refused upload leaves none.
 */
@CommandHandler(UploadFileCommand)
export class UploadFileHandler implements ICommandHandler<UploadFileCommand, ItemDto> {
  constructor(
    private readonly runner: ItemCommandRunner,
    private readonly blobs: BlobStore,
  ) {}

  execute({ id, fileName, blob, meta }: UploadFileCommand): Promise<ItemDto> {
    return this.runner.execute(id, meta, () => ({ type: 'AttachFile', data: { fileName, sha256: blob.sha256, size: blob.size } }), [], {
      beforeAppend: () => this.blobs.commit(blob),
    });
  }
}
