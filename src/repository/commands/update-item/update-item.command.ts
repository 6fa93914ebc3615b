import type { CommandMeta } from '../../../core/command-meta';
import type { UpdateItemRequest } from './update-item.request.dto';

export class UpdateItemCommand {
  constructor(
    readonly id: string,
    readonly request: UpdateItemRequest,
    readonly expectedVersion: number | undefined,
    readonly meta: CommandMeta,
  ) {}
}
