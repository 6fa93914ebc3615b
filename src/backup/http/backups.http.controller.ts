import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '../../core/command-meta';
import { CurrentActor } from '../../auth/auth.decorators';
import { BackupService } from '../backup.service';
import { sendBackup } from './send-backup';
import { CreateBackupRequest } from './create-backup.request.dto';

@ApiTags('backup')
@ApiBearerAuth()
@Controller('api/backups')
export class BackupsHttpController {
  constructor(private readonly backups: BackupService) {}

  @Post()
  @HttpCode(200)
  @ApiProduces('application/json', 'application/xml')
  @ApiOkResponse({ description: 'the backup, streamed as an attachment (SPEC §4)' })
  async create(@Body() body: CreateBackupRequest, @CurrentActor() actor: Actor, @Res() res: Response): Promise<void> {
    const backup = await this.backups.ofItems(body.ids, body.format ?? 'json', actor.userName);
    await sendBackup(res, backup);
  }
}
