import { Module } from '@nestjs/common';
import { BackupService } from './backup.service';
import { BackupsHttpController } from './http/backups.http.controller';

/** Backups of selected items (SPEC §4) and of the whole repository (SPEC §6). */
@Module({
  controllers: [BackupsHttpController],
  providers: [BackupService],
  exports: [BackupService],
})
export class BackupModule {}
