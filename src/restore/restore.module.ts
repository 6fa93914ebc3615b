import { Module } from '@nestjs/common';
import { RepositoryModule } from '../repository/repository.module';
import { BackupParser } from './parsing/backup-parser.provider';
import { RestoreItemsService } from './restore-items/restore-items.service';
import { RestoreRecorder } from './restore-recorder';
import { RestoreQueries } from './restore-queries';
import { RestoresHttpController } from './restore-items/restore-items.http.controller';
import { RestoreRecordsHttpController } from './restore-records/restore-records.http.controller';
import { FullRestoreHttpController } from './full-restore/full-restore.http.controller';
import { RollbackHttpController } from './rollback/rollback.http.controller';
import { FullRestoreService } from './full-restore/full-restore.service';
import { RollbackService } from './rollback/rollback.service';
import { RestoreProgressRegistry } from './restore-progress';
import { RestoreRecovery } from './restore-recovery';
import { BackupModule } from '../backup/backup.module';

/** Restores of items and of the whole repository, their records and progress (SPEC §5–§7). */
@Module({
  imports: [RepositoryModule, BackupModule],
  controllers: [RestoresHttpController, RestoreRecordsHttpController, FullRestoreHttpController, RollbackHttpController],
  providers: [
    { provide: BackupParser, useFactory: () => new BackupParser() },
    RestoreItemsService,
    FullRestoreService,
    RollbackService,
    RestoreRecorder,
    RestoreQueries,
    RestoreProgressRegistry,
    RestoreRecovery,
  ],
})
export class RestoreModule {}
