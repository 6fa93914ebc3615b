import { Module } from '@nestjs/common';
import { RepositoryModule } from '../repository/repository.module';
import { BackupParser } from './parsing/backup-parser.provider';
import { RestoreService } from './restore.service';
import { RestoreRecorder } from './restore-recorder';
import { RestoreQueries } from './restore-queries';
import { RestoresHttpController } from './http/restores.http.controller';

/** Restores of items from uploaded backups, and their records (SPEC §5, §7). */
@Module({
  imports: [RepositoryModule],
  controllers: [RestoresHttpController],
  providers: [{ provide: BackupParser, useFactory: () => new BackupParser() }, RestoreService, RestoreRecorder, RestoreQueries],
})
export class RestoreModule {}
