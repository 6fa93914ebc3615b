import type { CommandMeta } from '../../../core/command-meta';

export class DeleteItemCommand {
  constructor(
    readonly id: string,
    readonly recursive: boolean,
    readonly expectedVersion: number | undefined,
    readonly meta: CommandMeta,
  ) {}
}
