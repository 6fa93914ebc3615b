import { Module } from '@nestjs/common';
import { RepositoryModule } from '../repository/repository.module';
import { BackupParser } from './parsing/backup-parser.provider';
import { RestoreService } from './restore.service';
import { RestoreRecorder } from './restore-recorder';
import { RestoreQueries } from './restore-queries';
import { RestoresHttpController } from './http/restores.http.controller';
import { RepositoryHttpController } from './http/repository.http.controller';
import { RepositoryRestoreService } from './repository/repository-restore.service';
import { RollbackService } from './repository/rollback.service';
import { ChangesHttpController } from '../audit/changes.http.controller';
import { RestoreProgressRegistry } from './restore-progress';
import { RestoreRecovery } from './restore-recovery';
import { BackupModule } from '../backup/backup.module';

/** Restores of items and of the whole repository, their records and progress (SPEC §5–§7). */
@Module({
  imports: [RepositoryModule, BackupModule],
  controllers: [RestoresHttpController, RepositoryHttpController, ChangesHttpController],
  providers: [
    { provide: BackupParser, useFactory: () => new BackupParser() },
    RestoreService,
    RepositoryRestoreService,
    RollbackService,
    RestoreRecorder,
    RestoreQueries,
    RestoreProgressRegistry,
    RestoreRecovery,
  ],
})
export class RestoreModule {}
