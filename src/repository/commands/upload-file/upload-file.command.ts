import type { CommandMeta } from '../../../core/command-meta';
import type { ReceivedBlob } from '../../../files/blob-store';

/** Attach a received file (still in tmp/) to a data store under a file name. */
export class UploadFileCommand {
  constructor(
    readonly id: string,
    readonly fileName: string,
    readonly blob: ReceivedBlob,
    readonly meta: CommandMeta,
  ) {}
}
