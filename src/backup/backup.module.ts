import { Module } from '@nestjs/common';
import { BackupService } from './backup.service';
import { BackupsHttpController } from './backup-items/backup-items.http.controller';
import { FullBackupHttpController } from './full-backup/full-backup.http.controller';

/** Backups of selected items (SPEC §4) and of the whole repository (SPEC §6). */
@Module({
  controllers: [BackupsHttpController, FullBackupHttpController],
  providers: [BackupService],
  exports: [BackupService],
})
export class BackupModule {}
