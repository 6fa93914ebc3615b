import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { Response } from 'express';
import { RequireRole, type AuthenticatedRequest } from '../../auth/auth.decorators';
import { MomentRequest } from '../../audit/moment.request.dto';
import { resolveMoment } from '../../audit/moment';
import { ViewDatabase } from '../../read-model/view-database';
import { ADMIN, ApiProblems } from '../../common/http/openapi/problem';
import { BackupService } from '../backup.service';
import { sendBackup } from '../send-backup';

export class RepositoryBackupQuery extends MomentRequest {
  @ApiPropertyOptional({ enum: ['json', 'xml'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'xml'])
  format?: 'json' | 'xml';
}

/** The whole repository, for administrators (SPEC §6): backed up as it is, or as it was. */
@ApiTags('admin')
@ApiBearerAuth()
@RequireRole('admin')
@Controller('api/admin/repository')
export class FullBackupHttpController {
  constructor(
    private readonly backups: BackupService,
    private readonly view: ViewDatabase,
  ) {}

  @Get('backup')
  @ApiOperation({
    operationId: 'RepositoryHttpController_backup', // as before the split: clients generated from the document key on it
    summary: 'Back up the whole repository',
    description: 'Admins only. Streamed in constant memory; with asOf or position, the repository as it was then.',
  })
  @ApiProduces('application/json', 'application/xml')
  @ApiOkResponse({
    description: 'the whole repository ("scope":"repository"), streamed as an attachment',
    content: { 'application/json': { schema: { type: 'string', format: 'binary' } }, 'application/xml': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiProblems(400, ...ADMIN, 422)
  async backup(@Query() query: RepositoryBackupQuery, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    const at = resolveMoment(this.view, query);
    await sendBackup(res, await this.backups.ofRepository(query.format ?? 'json', req.actor.userName, at));
  }
}
