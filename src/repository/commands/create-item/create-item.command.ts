import type { CommandMeta } from '../../../core/command-meta';
import type { CreateItemRequest } from './create-item.request.dto';

export class CreateItemCommand {
  constructor(
    readonly id: string,
    readonly request: CreateItemRequest,
    readonly meta: CommandMeta,
  ) {}
}
