import type { CommandMeta } from '../../../core/command-meta';
import type { StoredBlob } from '../../../files/blob-store';

/** Attach an already stored blob to a data store under a file name. */
export class UploadFileCommand {
  constructor(
    readonly id: string,
    readonly fileName: string,
    readonly blob: StoredBlob,
    readonly meta: CommandMeta,
  ) {}
}
