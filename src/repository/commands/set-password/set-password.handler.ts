import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ItemCommandRunner } from '../item-command-runner';
import { ItemDto } from '../../queries/item-view';
import { SetPasswordCommand } from './set-password.command';

/** Stores a data store password encrypted; the log records only that it was set. */
@CommandHandler(SetPasswordCommand)
export class SetPasswordHandler implements ICommandHandler<SetPasswordCommand, ItemDto> {
  constructor(private readonly runner: ItemCommandRunner) {}

  execute({ id, name, value, expectedVersion, meta }: SetPasswordCommand): Promise<ItemDto> {
    return this.runner.execute(id, meta, () => ({ type: 'SetPassword', data: { name, expectedVersion } }), [{ name, value }]);
  }
}
