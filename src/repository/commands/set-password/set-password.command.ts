import type { CommandMeta } from '../../../core/command-meta';

export class SetPasswordCommand {
  constructor(
    readonly id: string,
    readonly name: string,
    readonly value: string,
    readonly expectedVersion: number | undefined,
    readonly meta: CommandMeta,
  ) {}
}
