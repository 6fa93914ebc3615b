import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '../../core/command-meta';
import { CurrentActor } from '../../auth/auth.decorators';
import { BackupService } from '../backup.service';
import { sendBackup } from '../send-backup';
import { CreateBackupRequest } from './create-backup.request.dto';
import { AUTHENTICATED, ApiProblems } from '../../common/http/openapi/problem';

@ApiTags('backup')
@ApiBearerAuth()
@Controller('api/backups')
export class BackupsHttpController {
  constructor(private readonly backups: BackupService) {}

  @Post()
  @HttpCode(200)
  @ApiProduces('application/json', 'application/xml')
  @ApiOperation({
    summary: 'Back up items',
    description:
      'The items with everything they need (SPEC §4), streamed as an attachment: Strata JSON, or 1Integrate legacy XML. Secrets and files are never included.',
  })
  @ApiOkResponse({
    description: 'the backup, streamed (Content-Disposition: attachment; filename="strata-backup-<UTC time>.json|xml")',
    content: {
      'application/json': { schema: { type: 'string', format: 'binary', description: 'a Strata JSON backup ("scope":"items")' } },
      'application/xml': { schema: { type: 'string', format: 'binary', description: 'a 1Integrate legacy XML backup' } },
    },
  })
  @ApiProblems(400, ...AUTHENTICATED, 404, 422)
  async create(@Body() body: CreateBackupRequest, @CurrentActor() actor: Actor, @Res() res: Response): Promise<void> {
    const backup = await this.backups.ofItems(body.ids, body.format ?? 'json', actor.userName);
    await sendBackup(res, backup);
  }
}
