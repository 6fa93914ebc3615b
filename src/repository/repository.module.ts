import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ItemQueries } from './queries/item-queries';
import { ItemCommandRunner } from './commands/item-command-runner';
import { CreateItemHandler } from './commands/create-item/create-item.handler';
import { CreateItemHttpController } from './commands/create-item/create-item.http.controller';
import { UpdateItemHandler } from './commands/update-item/update-item.handler';
import { UpdateItemHttpController } from './commands/update-item/update-item.http.controller';
import { DeleteItemHandler } from './commands/delete-item/delete-item.handler';
import { DeleteItemHttpController } from './commands/delete-item/delete-item.http.controller';
import { SetPasswordHandler } from './commands/set-password/set-password.handler';
import { SetPasswordHttpController } from './commands/set-password/set-password.http.controller';
import { UploadFileHandler } from './commands/upload-file/upload-file.handler';
import { UploadFileHttpController } from './commands/upload-file/upload-file.http.controller';
import { ItemsHttpController } from './http/items.http.controller';

/** Items and folders: commands through the CQRS bus, reads from the read model. */
@Module({
  imports: [CqrsModule],
  controllers: [
    CreateItemHttpController,
    UpdateItemHttpController,
    DeleteItemHttpController,
    SetPasswordHttpController,
    UploadFileHttpController,
    ItemsHttpController,
  ],
  providers: [ItemQueries, ItemCommandRunner, CreateItemHandler, UpdateItemHandler, DeleteItemHandler, SetPasswordHandler, UploadFileHandler],
  exports: [ItemQueries],
})
export class RepositoryModule {}
